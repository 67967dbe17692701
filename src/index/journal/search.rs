//! Searching the journal index: words, typos, prefixes and filters.

use std::path::PathBuf;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption, Value};
use tantivy::{Order, TantivyDocument, Term};

use super::{JournalHit, JournalIndex, JournalScope};
use crate::index::highlight::{self, Term as HiTerm};
use crate::index::{IndexError, schema};
use crate::model::parse_words;

impl JournalIndex {
    /// Searches entries: free words (typos forgiven, the last word open as
    /// a prefix) and filters `kind:` `tag:` `network:` `status:` `stage:`
    /// `effort:` and `due:` (today, week, overdue or a day). Without
    /// words, newest first.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        scope: JournalScope,
    ) -> Result<(usize, Vec<JournalHit>), IndexError> {
        self.search_window(query, 0, limit, scope)
    }

    /// The hits at positions `offset..offset + limit` of what [`search`]
    /// would list with no limit, in the same order, with the total; only
    /// those entries' stored fields are read.
    ///
    /// [`search`]: JournalIndex::search
    pub fn search_window(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
        scope: JournalScope,
    ) -> Result<(usize, Vec<JournalHit>), IndexError> {
        let (words, filters) = parse_words(query);
        let searcher = self.reader.searcher();
        let docs = usize::try_from(searcher.num_docs()).unwrap_or(usize::MAX);
        let offset = offset.min(docs);
        let limit = limit.min(docs - offset);
        let f = &self.fields;
        let mut terms: Vec<HiTerm> = Vec::new();
        for word in &words {
            for (text, _) in schema::tokens(word) {
                terms.push(HiTerm {
                    distance: highlight::typo_distance(&text),
                    prefix: false,
                    text,
                });
            }
        }
        if !query.ends_with(char::is_whitespace)
            && let Some(last) = terms.last_mut()
        {
            last.prefix = true;
        }
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for term in &terms {
            let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
            for (field, boost) in [(f.title, 4.0), (f.tags, 3.0), (f.body, 1.0)] {
                let t = Term::from_field_text(field, &term.text);
                any.push((
                    Occur::Should,
                    Box::new(BoostQuery::new(
                        Box::new(TermQuery::new(t.clone(), IndexRecordOption::WithFreqs)),
                        boost,
                    )),
                ));
                if term.prefix || term.distance > 0 {
                    let loose = if term.prefix {
                        FuzzyTermQuery::new_prefix(t, term.distance.min(1), true)
                    } else {
                        FuzzyTermQuery::new(t, term.distance, true)
                    };
                    any.push((
                        Occur::Should,
                        Box::new(BoostQuery::new(Box::new(loose), boost * 0.3)),
                    ));
                }
            }
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        clauses.extend(filter_clauses(f, &filters, &scope));
        let q: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let top = TopDocs::with_limit(limit.max(1)).and_offset(offset);
        let (found, total): (Vec<(f32, tantivy::DocAddress)>, usize) = if terms.is_empty() {
            let (docs, total) = searcher.search(
                &q,
                &(
                    top.order_by_fast_field::<i64>("created", Order::Desc),
                    Count,
                ),
            )?;
            (docs.into_iter().map(|(_, a)| (0.0, a)).collect(), total)
        } else {
            searcher.search(&q, &(top.order_by_score(), Count))?
        };
        let mut hits = Vec::new();
        for (score, address) in found.into_iter().take(limit) {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field: Field| {
                doc.get_first(field)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let body = text(f.body);
            // Private spans stay out of snippets: they are shown only in full,
            // dimmed, where the person reads their own entry.
            let (public, _) = crate::model::public_text(&body);
            let ranges = highlight::highlights(&public, &terms);
            let status = text(f.status);
            hits.push(JournalHit {
                id: text(f.id),
                path: PathBuf::from(text(f.path)),
                title: text(f.title),
                kind: text(f.kind),
                status: (!status.is_empty()).then_some(status),
                created: doc
                    .get_first(f.created)
                    .and_then(|v| v.as_i64())
                    .unwrap_or_default(),
                score,
                snippet: highlight::snippet(&public, &ranges, 160),
            });
        }
        Ok((total, hits))
    }
}

impl JournalIndex {
    /// The files of entries whose id starts with `prefix` (letters,
    /// digits, `-` and `_` only), at most `limit`.
    pub fn files_with_id_prefix(
        &self,
        prefix: &str,
        limit: usize,
    ) -> Result<Vec<PathBuf>, IndexError> {
        if !crate::model::valid_id(prefix) {
            return Ok(Vec::new());
        }
        let searcher = self.reader.searcher();
        let f = &self.fields;
        let query = tantivy::query::RegexQuery::from_pattern(&format!("{prefix}.*"), f.id)?;
        let found = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = Vec::new();
        for (_, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            if let Some(path) = doc.get_first(f.path).and_then(|v| v.as_str()) {
                out.push(PathBuf::from(path));
            }
        }
        Ok(out)
    }
}

/// Now, in the machine's time zone when it can be known.
fn now() -> time::OffsetDateTime {
    time::OffsetDateTime::now_local().unwrap_or_else(|_| time::OffsetDateTime::now_utc())
}

/// A clause that must hold, counting nothing towards the score.
fn must(q: impl Query + 'static) -> (Occur, Box<dyn Query>) {
    (
        Occur::Must,
        Box::new(ConstScoreQuery::new(Box::new(q), 0.0)),
    )
}

/// The clauses for `kind:` `status:` `tag:` `network:` `stage:` `effort:`
/// and `due:` filters, and for the scope's dates and shareable-only.
fn filter_clauses(
    f: &super::Fields,
    filters: &[(String, String)],
    scope: &JournalScope,
) -> Vec<(Occur, Box<dyn Query>)> {
    use std::ops::Bound;
    use tantivy::query::RangeQuery;
    let term = |field, value: &str| {
        TermQuery::new(
            Term::from_field_text(field, value),
            IndexRecordOption::Basic,
        )
    };
    let mut clauses = Vec::new();
    for (name, value) in filters {
        let field = match name.as_str() {
            "kind" => f.kind,
            "status" => f.status,
            "tag" => f.tag,
            "network" => f.network,
            "stage" => f.stage,
            "effort" => f.effort,
            "due" => {
                let before = crate::model::due_before(value, now()).unix_timestamp();
                clauses.push(must(RangeQuery::new(
                    Bound::Unbounded,
                    Bound::Excluded(Term::from_field_i64(f.follow_up, before)),
                )));
                continue;
            }
            _ => continue,
        };
        clauses.push(must(term(field, value)));
    }
    if scope.since.is_some() || scope.until.is_some() {
        let lower = scope.since.map_or(Bound::Unbounded, |s| {
            Bound::Included(Term::from_field_i64(f.created, s))
        });
        let upper = scope.until.map_or(Bound::Unbounded, |u| {
            Bound::Excluded(Term::from_field_i64(f.created, u))
        });
        clauses.push(must(RangeQuery::new(lower, upper)));
    }
    if scope.shareable_only {
        clauses.push(must(term(f.shareable, "yes")));
    }
    clauses
}
