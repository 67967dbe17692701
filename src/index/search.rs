//! Running a query (built by `query`) and turning hits into results.

use std::ops::Range;

use std::sync::{Arc, Mutex};

use tantivy::collector::{Count, TopDocs};
use tantivy::index::SegmentId;
use tantivy::query::{EnableScoring, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocAddress, Searcher, TantivyDocument, Term};

use super::highlight::{self, Snippet, Term as HiTerm};
use super::query::{Scope, build_query, fresh_first, words};
use super::{IndexError, NetworkIndex, places, schema};
use crate::model::{Facet, FacetCounts, Network, ParsedQuery};

/// Up to this many hits in name order, tantivy sorts them; past it,
/// [`name_order`] does (tantivy turns each collected key into a string,
/// a dictionary lookup per hit: seconds for the end of 100k).
const SORTED_BY_TANTIVY: usize = 500;

/// How much of a text a snippet shows, in bytes.
const SNIPPET_WIDTH: usize = 180;

/// One matching network.
#[derive(Debug, Clone)]
pub struct Hit {
    pub network: Network,
    pub score: f32,
    /// Byte ranges of matched words in `network.name`.
    pub name_highlights: Vec<Range<usize>>,
    /// Matched words in the summary or description.
    pub snippet: Snippet,
}

/// A page of hits and how many matched in all.
#[derive(Debug, Clone, Default)]
pub struct SearchResults {
    pub total: usize,
    pub hits: Vec<Hit>,
    /// The analysed query words, for highlighting elsewhere.
    pub terms: Vec<HiTerm>,
}

impl SearchResults {
    /// Byte ranges of `text` that match this search's words.
    pub fn highlights(&self, text: &str) -> Vec<Range<usize>> {
        highlight::highlights(text, &self.terms)
    }
}

impl NetworkIndex {
    /// Runs a query. Without words, matches come in name order; with words,
    /// best first.
    pub fn search(
        &self,
        query: &ParsedQuery,
        limit: usize,
        scope: Scope,
    ) -> Result<SearchResults, IndexError> {
        self.search_window(query, 0, limit, scope)
    }

    /// The hits at positions `offset..offset + limit` of what [`search`]
    /// would list with no limit, in the same order, with the total. Only
    /// those hits' stored records are read, so the last page of 100k
    /// costs about what the first does.
    ///
    /// [`search`]: NetworkIndex::search
    pub fn search_window(
        &self,
        query: &ParsedQuery,
        offset: usize,
        limit: usize,
        scope: Scope,
    ) -> Result<SearchResults, IndexError> {
        let searcher = self.reader.searcher();
        // No window reaches past every document: a huge limit allocates
        // nothing it cannot fill.
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let offset = offset.min(docs);
        let limit = limit.min(docs - offset);
        let split = places::split(query);
        let words = words(&split.words, &searcher, &self.fields);
        let q = build_query(&searcher, &self.fields, query, &words, scope, &split);
        let terms = words.shown();
        let (addresses, total): (Vec<(f32, DocAddress)>, usize) = if !words.has_text() {
            let tiers = places::tiers(&self.fields, query, &split);
            let (docs, total) = if offset + limit <= SORTED_BY_TANTIVY {
                places::in_name_order(&searcher, q, tiers, offset + limit)?
            } else {
                name_order(&searcher, q, tiers, offset + limit)?
            };
            (docs.into_iter().skip(offset).collect(), total)
        } else {
            let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
            searcher.search(&q, &(fresh_first(top, words.languages), Count))?
        };
        let mut hits = Vec::with_capacity(addresses.len().min(limit));
        for (score, address) in addresses.into_iter().take(limit) {
            let network = self.load(&searcher, address)?;
            hits.push(hit(network, score, &terms));
        }
        Ok(SearchResults { total, hits, terms })
    }

    /// The network with this id, if the index has it.
    pub fn get(&self, id: &str) -> Result<Option<Network>, IndexError> {
        let searcher = self.reader.searcher();
        let term = Term::from_field_text(self.fields.id, id);
        let found = searcher.search(
            &TermQuery::new(term, IndexRecordOption::Basic),
            &TopDocs::with_limit(1).order_by_score(),
        )?;
        match found.first() {
            Some((_, address)) => Ok(Some(self.load(&searcher, *address)?)),
            None => Ok(None),
        }
    }

    /// Every network's id and name, in name order, for "did you mean"
    /// suggestions and pickers. Read from fast columns: no stored document
    /// is loaded, so it stays quick at 100k networks.
    pub fn ids(&self) -> Result<Vec<(String, String)>, IndexError> {
        let searcher = self.reader.searcher();
        let mut rows: Vec<(String, String, String)> = Vec::new();
        each_doc_strings(&searcher, &["sort_name", "id", "display_name"], |v| {
            if let [sort, Some(id), Some(name)] = v {
                rows.push((
                    sort.unwrap_or_default().to_string(),
                    id.to_string(),
                    name.to_string(),
                ));
            }
        })?;
        rows.sort();
        Ok(rows.into_iter().map(|(_, id, name)| (id, name)).collect())
    }

    /// For each facet, its values among the networks matching `query` with
    /// how many have each, most common first.
    pub fn facet_counts(
        &self,
        query: &ParsedQuery,
        scope: Scope,
    ) -> Result<FacetCounts, IndexError> {
        use tantivy::aggregation::AggregationCollector;
        use tantivy::aggregation::agg_req::Aggregations;
        use tantivy::aggregation::agg_result::AggregationResults;

        let searcher = self.reader.searcher();
        let split = places::split(query);
        let words = words(&split.words, &searcher, &self.fields);
        let q = build_query(&searcher, &self.fields, query, &words, scope, &split);
        let request: serde_json::Map<String, serde_json::Value> = Facet::ALL
            .iter()
            .map(|f| {
                let field = format!("f_{}", f.name());
                (
                    f.name().to_string(),
                    serde_json::json!({ "terms": { "field": field, "size": 400 } }),
                )
            })
            .collect();
        let aggs: Aggregations = serde_json::from_value(serde_json::Value::Object(request))
            .map_err(|e| IndexError::Corrupt(e.to_string()))?;
        let collector = AggregationCollector::from_aggs(aggs, Default::default());
        let results: AggregationResults = searcher.search(&q, &collector)?;
        let json =
            serde_json::to_value(&results).map_err(|e| IndexError::Corrupt(e.to_string()))?;
        let mut out = Vec::new();
        for facet in Facet::ALL {
            let buckets = json[facet.name()]["buckets"]
                .as_array()
                .cloned()
                .unwrap_or_default();
            let mut values: Vec<(String, u64)> = buckets
                .iter()
                .filter_map(|b| {
                    Some((
                        schema::facet_display(*facet, b["key"].as_str()?),
                        b["doc_count"].as_u64()?,
                    ))
                })
                .collect();
            values.sort_by(|a, b| b.1.cmp(&a.1).then_with(|| a.0.cmp(&b.0)));
            out.push((*facet, values));
        }
        Ok(out)
    }

    pub(super) fn load(
        &self,
        searcher: &Searcher,
        address: DocAddress,
    ) -> Result<Network, IndexError> {
        let doc: TantivyDocument = searcher.doc(address)?;
        let json = doc
            .get_first(self.fields.doc)
            .and_then(|v| v.as_str())
            .ok_or_else(|| IndexError::Corrupt("a document has no stored record".into()))?;
        serde_json::from_str(json).map_err(|e| IndexError::Corrupt(e.to_string()))
    }
}

fn hit(network: Network, score: f32, terms: &[HiTerm]) -> Hit {
    let name_highlights = highlight::highlights(&network.name, terms);
    let summary = highlight::highlights(&network.summary, terms);
    let description = network
        .description
        .as_deref()
        .map(|d| (d, highlight::highlights(d, terms)))
        .filter(|(_, h)| h.len() > summary.len());
    let snippet = match description {
        Some((text, ranges)) => highlight::snippet(text, &ranges, SNIPPET_WIDTH),
        None => highlight::snippet(&network.summary, &summary, SNIPPET_WIDTH),
    };
    Hit {
        network,
        score,
        name_highlights,
        snippet,
    }
}

/// The first `end` matches of `q` in name order, tier by tier, and how
/// many matched: what [`places::in_name_order`] gives, the same tiers
/// (each tier's matches less the tiers before it) and the same ties (by
/// address), sorted by each document's rank in the `sort_name` column
/// rather than by its text.
fn name_order(
    searcher: &Searcher,
    q: Box<dyn Query>,
    tiers: Vec<Box<dyn Query>>,
    end: usize,
) -> Result<(Vec<(f32, DocAddress)>, usize), IndexError> {
    let ranks = name_ranks(searcher)?;
    let columns = searcher
        .segment_readers()
        .iter()
        .map(|r| r.fast_fields().str("sort_name"))
        .collect::<Result<Vec<_>, _>>()?;
    let mut docs: Vec<(f32, DocAddress)> = Vec::new();
    let mut total = 0;
    for i in 0..=tiers.len() {
        let weight = places::tier_query(q.as_ref(), &tiers, i)
            .weight(EnableScoring::disabled_from_searcher(searcher))?;
        let mut keyed: Vec<(u64, DocAddress)> = Vec::new();
        for (segment, reader) in searcher.segment_readers().iter().enumerate() {
            let alive = reader.alive_bitset();
            let column = columns[segment].as_ref();
            let by_ord = &ranks[segment];
            weight.for_each_no_score(reader, &mut |found| {
                for &doc in found {
                    if alive.is_some_and(|a| !a.is_alive(doc)) {
                        continue;
                    }
                    let rank = column
                        .and_then(|c| c.ords().first(doc))
                        .and_then(|o| by_ord.get(o as usize).copied())
                        .unwrap_or(u64::MAX);
                    keyed.push((rank, DocAddress::new(segment as u32, doc)));
                }
            })?;
        }
        total += keyed.len();
        let want = end.saturating_sub(docs.len());
        if want == 0 {
            continue;
        }
        if want < keyed.len() {
            keyed.select_nth_unstable(want);
            keyed.truncate(want);
        }
        keyed.sort_unstable();
        docs.extend(keyed.into_iter().map(|(_, a)| (0.0, a)));
    }
    Ok((docs, total))
}

/// The names' ranks of the segments last asked about: they change only
/// when the index does, and working them out reads every name.
type Ranks = Arc<Vec<Vec<u64>>>;
/// Which segments (and which of their deletions) a ranking is for.
type SegmentsKey = Vec<(SegmentId, Option<u64>)>;
static NAME_RANKS: Mutex<Option<(SegmentsKey, Ranks)>> = Mutex::new(None);

/// For each segment, the rank of each of its `sort_name` ordinals among
/// the names of all segments (equal names, equal ranks).
fn name_ranks(searcher: &Searcher) -> Result<Ranks, IndexError> {
    let key: SegmentsKey = searcher
        .segment_readers()
        .iter()
        .map(|r| (r.segment_id(), r.delete_opstamp()))
        .collect();
    let mut cache = NAME_RANKS.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((k, ranks)) = cache.as_ref()
        && *k == key
    {
        return Ok(ranks.clone());
    }
    let ranks = Arc::new(work_out_name_ranks(searcher)?);
    *cache = Some((key, ranks.clone()));
    Ok(ranks)
}

fn work_out_name_ranks(searcher: &Searcher) -> Result<Vec<Vec<u64>>, IndexError> {
    let mut out = Vec::new();
    let mut keys: Vec<(Vec<u8>, usize, u64)> = Vec::new();
    for (segment, reader) in searcher.segment_readers().iter().enumerate() {
        let column = reader.fast_fields().str("sort_name")?;
        let mut terms = 0;
        if let Some(c) = &column {
            let mut stream = c
                .dictionary()
                .stream()
                .map_err(|e| IndexError::Corrupt(e.to_string()))?;
            while stream.advance() {
                keys.push((stream.key().to_vec(), segment, stream.term_ord()));
                terms += 1;
            }
        }
        out.push(vec![u64::MAX; terms]);
    }
    if out.len() > 1 {
        keys.sort_unstable();
    }
    let mut rank = 0;
    for i in 0..keys.len() {
        if i > 0 && keys[i].0 != keys[i - 1].0 {
            rank += 1;
        }
        let (_, segment, ord) = &keys[i];
        out[*segment][*ord as usize] = rank;
    }
    Ok(out)
}

/// Every value of a fast text column, indexed by its ordinal.
/// Calls `each` with the values of single-valued fast text `columns`
/// (None where a document has none) for every live document: lists read
/// this way load no stored document.
pub(super) fn each_doc_strings(
    searcher: &tantivy::Searcher,
    columns: &[&str],
    mut each: impl FnMut(&[Option<&str>]),
) -> Result<(), IndexError> {
    for segment in searcher.segment_readers() {
        let fast = segment.fast_fields();
        let mut cols = Vec::with_capacity(columns.len());
        for name in columns {
            let col = fast
                .str(name)?
                .ok_or_else(|| IndexError::Corrupt(format!("the fast column {name} is missing")))?;
            let terms = all_terms(&col)?;
            cols.push((col, terms));
        }
        let mut values: Vec<Option<&str>> = Vec::with_capacity(columns.len());
        for doc in 0..segment.max_doc() {
            if segment
                .alive_bitset()
                .is_some_and(|alive| !alive.is_alive(doc))
            {
                continue;
            }
            values.clear();
            for (col, terms) in &cols {
                let v = col.ords().first(doc).and_then(|o| terms.get(o as usize));
                values.push(v.map(String::as_str));
            }
            each(&values);
        }
    }
    Ok(())
}

pub(super) fn all_terms(column: &tantivy::columnar::StrColumn) -> Result<Vec<String>, IndexError> {
    let mut out = Vec::new();
    let mut stream = column
        .dictionary()
        .stream()
        .map_err(|e| IndexError::Corrupt(e.to_string()))?;
    while stream.advance() {
        out.push(String::from_utf8_lossy(stream.key()).into_owned());
    }
    Ok(out)
}
