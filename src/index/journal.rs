//! The journal's full-text index, kept in step with the entry files
//! incrementally: each file is indexed with a stamp of its size and
//! modification time, and at each sync only new, changed and vanished files
//! are touched. Like every index here, it can be deleted and rebuilt.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, Query, TermQuery,
};
use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions, Value,
};
use tantivy::{Index, IndexReader, IndexWriter, Order, ReloadPolicy, TantivyDocument, Term};

use super::highlight::{self, Snippet, Term as HiTerm};
use super::{IndexError, schema};
use crate::model::{Entry, parse_words};

/// Bumped when this schema changes; an older index is then rebuilt.
const JOURNAL_SCHEMA: u32 = 1;
const WRITER_HEAP: usize = 64 * 1024 * 1024;

/// A file on disk: where, and the stamp that changes when it does.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FileStamp {
    pub path: PathBuf,
    pub stamp: String,
}

/// What a sync changed.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct SyncReport {
    pub added: usize,
    pub updated: usize,
    pub removed: usize,
}

/// Limits beyond the query words and filters.
#[derive(Debug, Clone, Copy, Default)]
pub struct JournalScope {
    /// Unix seconds: entries created at or after.
    pub since: Option<i64>,
    /// Unix seconds: entries created before.
    pub until: Option<i64>,
    pub shareable_only: bool,
}

/// One entry that matched.
#[derive(Debug, Clone)]
pub struct JournalHit {
    pub id: String,
    pub path: PathBuf,
    pub title: String,
    pub kind: String,
    pub status: Option<String>,
    /// Unix seconds.
    pub created: i64,
    pub score: f32,
    pub snippet: Snippet,
}

#[derive(Clone)]
struct Fields {
    path: Field,
    stamp: Field,
    id: Field,
    title: Field,
    body: Field,
    tags: Field,
    kind: Field,
    status: Field,
    tag: Field,
    network: Field,
    shareable: Field,
    created: Field,
}

fn build_schema() -> Schema {
    let mut b = Schema::builder();
    b.add_text_field("path", STRING | STORED | FAST);
    b.add_text_field("stamp", STRING | STORED | FAST);
    b.add_text_field("id", STRING | STORED);
    let text = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(schema::ANALYZER)
            .set_index_option(IndexRecordOption::WithFreqs),
    );
    b.add_text_field("title", text.clone() | STORED);
    b.add_text_field("body", text.clone() | STORED);
    b.add_text_field("tags", text);
    b.add_text_field("kind", STRING | STORED);
    b.add_text_field("status", STRING | STORED);
    for facet in ["tag", "network", "shareable"] {
        b.add_text_field(facet, STRING);
    }
    b.add_i64_field("created", INDEXED | FAST | STORED);
    b.build()
}

fn fields(schema: &Schema) -> Fields {
    let get = |n: &str| schema.get_field(n).expect("field is in the schema");
    Fields {
        path: get("path"),
        stamp: get("stamp"),
        id: get("id"),
        title: get("title"),
        body: get("body"),
        tags: get("tags"),
        kind: get("kind"),
        status: get("status"),
        tag: get("tag"),
        network: get("network"),
        shareable: get("shareable"),
        created: get("created"),
    }
}

/// What the last sync saw, so the next one can skip unchanged folders.
#[derive(Debug, Clone, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Manifest {
    /// Year folder path → its stamp at the last sync.
    pub dirs: std::collections::BTreeMap<String, String>,
    /// Unix seconds of the last check of every file.
    pub full_check: u64,
}

const MANIFEST: &str = "cairn-journal.json";

/// The journal's index in its folder.
pub struct JournalIndex {
    dir: Option<PathBuf>,
    index: Index,
    reader: IndexReader,
    fields: Fields,
}

impl JournalIndex {
    /// Opens the index under `root`, creating it (or replacing an unusable
    /// or older one) when needed.
    pub fn open(root: &Path) -> Result<JournalIndex, IndexError> {
        let dir = root.join(format!(
            "journal-v{JOURNAL_SCHEMA}-{}",
            schema::SCHEMA_VERSION
        ));
        let index = match Index::open_in_dir(&dir) {
            Ok(index) => index,
            Err(_) => {
                let _ = fs::remove_dir_all(&dir);
                crate::store::create_private_dir(&dir)?;
                Index::create_in_dir(&dir, build_schema())?
            }
        };
        let mut me = Self::from_index(index)?;
        me.dir = Some(dir);
        Ok(me)
    }

    /// What the last sync saw; empty for a new index.
    pub fn manifest(&self) -> Manifest {
        self.dir
            .as_ref()
            .and_then(|d| fs::read(d.join(MANIFEST)).ok())
            .and_then(|b| serde_json::from_slice(&b).ok())
            .unwrap_or_default()
    }

    /// Records what this sync saw.
    pub fn save_manifest(&self, manifest: &Manifest) -> Result<(), IndexError> {
        if let Some(dir) = &self.dir {
            let json = serde_json::to_vec_pretty(manifest).expect("manifest serialises");
            crate::store::write_atomic(&dir.join(MANIFEST), &json)?;
        }
        Ok(())
    }

    /// An index in memory, for when the cache cannot be written.
    pub fn in_memory() -> Result<JournalIndex, IndexError> {
        Self::from_index(Index::create_in_ram(build_schema()))
    }

    fn from_index(index: Index) -> Result<JournalIndex, IndexError> {
        schema::register(&index);
        let fields = fields(&index.schema());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(JournalIndex {
            dir: None,
            index,
            reader,
            fields,
        })
    }

    /// The stamps of every file the index holds.
    fn indexed(&self) -> Result<HashMap<String, String>, IndexError> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        for segment in searcher.segment_readers() {
            let fast = segment.fast_fields();
            let missing = || IndexError::Corrupt("a fast column is missing".into());
            let paths = fast.str("path")?.ok_or_else(missing)?;
            let stamps = fast.str("stamp")?.ok_or_else(missing)?;
            let path_terms = super::search::all_terms(&paths)?;
            let stamp_terms = super::search::all_terms(&stamps)?;
            for doc in 0..segment.max_doc() {
                if segment
                    .alive_bitset()
                    .is_some_and(|alive| !alive.is_alive(doc))
                {
                    continue;
                }
                let path = paths
                    .ords()
                    .first(doc)
                    .and_then(|o| path_terms.get(o as usize));
                let stamp = stamps
                    .ords()
                    .first(doc)
                    .and_then(|o| stamp_terms.get(o as usize));
                if let (Some(path), Some(stamp)) = (path, stamp) {
                    out.insert(path.clone(), stamp.clone());
                }
            }
        }
        Ok(out)
    }

    /// Brings the index in step with `files`: `read` is called only for
    /// files that are new or changed, and returns None for a file that is
    /// not a readable entry (it is then left out of the index).
    ///
    /// `within` limits the check to some folders: indexed files elsewhere
    /// are left as they are (None checks everything).
    pub fn sync(
        &self,
        files: &[FileStamp],
        within: Option<&[PathBuf]>,
        read: impl Fn(&Path) -> Option<Entry>,
    ) -> Result<SyncReport, IndexError> {
        let indexed = self.indexed()?;
        let mut report = SyncReport::default();
        let mut writer: Option<IndexWriter> = None;
        let mut seen = std::collections::HashSet::new();
        for file in files {
            let key = file.path.to_string_lossy().into_owned();
            seen.insert(key.clone());
            let known = indexed.get(&key);
            if known == Some(&file.stamp) {
                continue;
            }
            let w = match &mut writer {
                Some(w) => w,
                None => writer.insert(self.writer()?),
            };
            w.delete_term(Term::from_field_text(self.fields.path, &key));
            if let Some(entry) = read(&file.path) {
                w.add_document(self.document(&key, &file.stamp, &entry))?;
            }
            if known.is_some() {
                report.updated += 1
            } else {
                report.added += 1
            }
        }
        let checked = |key: &str| {
            within.is_none_or(|dirs| dirs.iter().any(|d| Path::new(key).starts_with(d)))
        };
        for key in indexed.keys().filter(|k| !seen.contains(*k) && checked(k)) {
            let w = match &mut writer {
                Some(w) => w,
                None => writer.insert(self.writer()?),
            };
            w.delete_term(Term::from_field_text(self.fields.path, key));
            report.removed += 1;
        }
        if let Some(mut w) = writer {
            w.commit()?;
            w.wait_merging_threads()?;
            self.reader.reload()?;
        }
        Ok(report)
    }

    /// The index writer. Another cairn may hold it for a moment while it
    /// syncs; wait for it a little, then report, never crash.
    fn writer(&self) -> Result<IndexWriter, IndexError> {
        let mut tries = 0;
        loop {
            match self.index.writer_with_num_threads(1, WRITER_HEAP) {
                Ok(w) => return Ok(w),
                Err(tantivy::TantivyError::LockFailure(..)) if tries < 50 => {
                    tries += 1;
                    std::thread::sleep(std::time::Duration::from_millis(100));
                }
                Err(e) => return Err(e.into()),
            }
        }
    }

    fn document(&self, path: &str, stamp: &str, entry: &Entry) -> TantivyDocument {
        let f = &self.fields;
        let m = &entry.meta;
        let mut doc = TantivyDocument::default();
        doc.add_text(f.path, path);
        doc.add_text(f.stamp, stamp);
        doc.add_text(f.id, &m.id);
        doc.add_text(f.title, &m.title);
        doc.add_text(f.body, &entry.body);
        doc.add_text(f.tags, m.tags.join(" ; "));
        doc.add_text(f.kind, m.kind.as_str());
        if let Some(status) = m.status {
            doc.add_text(f.status, status.as_str());
        }
        for tag in &m.tags {
            doc.add_text(f.tag, tag);
        }
        for network in &m.networks {
            doc.add_text(f.network, network);
        }
        if m.shareable {
            doc.add_text(f.shareable, "yes");
        }
        doc.add_i64(f.created, m.created.unix_timestamp());
        doc
    }

    /// Searches entries: free words (typos forgiven, the last word open as
    /// a prefix) and filters `kind:` `tag:` `network:` `status:`. Without
    /// words, newest first.
    pub fn search(
        &self,
        query: &str,
        limit: usize,
        scope: JournalScope,
    ) -> Result<(usize, Vec<JournalHit>), IndexError> {
        let (words, filters) = parse_words(query);
        let searcher = self.reader.searcher();
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
        for (name, value) in &filters {
            let field = match name.as_str() {
                "kind" => f.kind,
                "status" => f.status,
                "tag" => f.tag,
                _ => f.network,
            };
            let t = Term::from_field_text(field, value);
            let q =
                ConstScoreQuery::new(Box::new(TermQuery::new(t, IndexRecordOption::Basic)), 0.0);
            clauses.push((Occur::Must, Box::new(q)));
        }
        if scope.since.is_some() || scope.until.is_some() {
            use std::ops::Bound;
            let lower = scope.since.map_or(Bound::Unbounded, |s| {
                Bound::Included(Term::from_field_i64(f.created, s))
            });
            let upper = scope.until.map_or(Bound::Unbounded, |u| {
                Bound::Excluded(Term::from_field_i64(f.created, u))
            });
            let range = tantivy::query::RangeQuery::new(lower, upper);
            clauses.push((
                Occur::Must,
                Box::new(ConstScoreQuery::new(Box::new(range), 0.0)),
            ));
        }
        if scope.shareable_only {
            let t = Term::from_field_text(f.shareable, "yes");
            let q =
                ConstScoreQuery::new(Box::new(TermQuery::new(t, IndexRecordOption::Basic)), 0.0);
            clauses.push((Occur::Must, Box::new(q)));
        }
        let q: Box<dyn Query> = if clauses.is_empty() {
            Box::new(AllQuery)
        } else {
            Box::new(BooleanQuery::new(clauses))
        };
        let top = TopDocs::with_limit(limit.max(1));
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
