//! The journal's full-text index, kept in step with the entry files
//! incrementally: each file is indexed with a stamp of its size and
//! modification time, and at each sync only new, changed and vanished files
//! are touched. Like every index here, it can be deleted and rebuilt.

mod search;

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use tantivy::schema::{
    FAST, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::{Index, IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

use super::highlight::Snippet;
use super::{IndexError, schema};
use crate::model::{Entry, EntryStatus, Kind};

/// Bumped when this schema changes; an older index is then rebuilt.
const JOURNAL_SCHEMA: u32 = 2;
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

impl JournalHit {
    /// The entry's kind, if the index holds one cairn knows.
    pub fn kind_of(&self) -> Option<Kind> {
        Kind::parse(&self.kind)
    }

    /// The entry's status, if it has one cairn knows.
    pub fn status_of(&self) -> Option<EntryStatus> {
        self.status.as_deref().and_then(EntryStatus::parse)
    }

    /// Whether it is a challenge still open (the ones to ask about).
    pub fn is_open_challenge(&self) -> bool {
        self.kind_of() == Some(Kind::Challenge) && self.status_of() == Some(EntryStatus::Open)
    }

    /// Whether it is a challenge already resolved.
    pub fn is_resolved_challenge(&self) -> bool {
        self.kind_of() == Some(Kind::Challenge) && self.status_of() == Some(EntryStatus::Resolved)
    }
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
    follow_up: Field,
    stage: Field,
    effort: Field,
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
    for facet in ["tag", "network", "shareable", "stage", "effort"] {
        b.add_text_field(facet, STRING);
    }
    b.add_i64_field("created", INDEXED | FAST | STORED);
    b.add_i64_field("follow_up", INDEXED);
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
        follow_up: get("follow_up"),
        stage: get("stage"),
        effort: get("effort"),
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
    /// Why the index on disk was replaced when it was opened, if it was.
    repaired: Option<String>,
}

/// Why an index error means the files on disk are damaged (and the index
/// should be rebuilt), as opposed to another cairn holding the writer.
pub fn is_damage(e: &IndexError) -> bool {
    match e {
        IndexError::Tantivy(tantivy::TantivyError::LockFailure(..)) => false,
        IndexError::Tantivy(_) | IndexError::Corrupt(_) => true,
        IndexError::Io { .. } | IndexError::Store(_) => false,
    }
}

/// What is wrong with a damaged index, in words (never a debug dump).
pub fn damage_words(e: &IndexError) -> String {
    use tantivy::TantivyError as T;
    match e {
        IndexError::Tantivy(T::DataCorruption(_)) => "some of its files are corrupt".into(),
        IndexError::Tantivy(T::OpenReadError(_) | T::OpenDirectoryError(_)) => {
            "some of its files are missing or cannot be read".into()
        }
        IndexError::Tantivy(T::IoError(io)) => format!("a file of it cannot be read: {io}"),
        IndexError::Tantivy(T::IncompatibleIndex(_)) => {
            "it was written by another version of its library".into()
        }
        IndexError::Tantivy(T::DeserializeError(_)) => "a record in it cannot be read".into(),
        IndexError::Tantivy(_) => "it cannot be read".into(),
        other => other.to_string(),
    }
}

impl JournalIndex {
    /// The folder of the journal index under `root`.
    pub fn dir_in(root: &Path) -> PathBuf {
        root.join(format!(
            "journal-v{JOURNAL_SCHEMA}-{}",
            schema::SCHEMA_VERSION
        ))
    }

    /// Opens the index under `root`, creating it when missing, and
    /// rebuilding it (empty, to be synced) when it is damaged or older:
    /// [`JournalIndex::repaired`] then says why.
    pub fn open(root: &Path) -> Result<JournalIndex, IndexError> {
        let dir = Self::dir_in(root);
        let had_one = dir.join("meta.json").exists();
        match Self::open_existing(&dir) {
            Ok(me) => Ok(me),
            Err(e) => {
                let mut me = Self::rebuild(root)?;
                if had_one && is_damage(&e) {
                    me.repaired = Some(damage_words(&e));
                }
                Ok(me)
            }
        }
    }

    /// Replaces the index under `root` with an empty one (the next sync
    /// fills it from the files).
    pub fn rebuild(root: &Path) -> Result<JournalIndex, IndexError> {
        let dir = Self::dir_in(root);
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(super::io_at(&dir))?;
        }
        crate::store::create_private_dir(&dir)?;
        let mut me = Self::from_index(Index::create_in_dir(&dir, build_schema())?)?;
        me.dir = Some(dir);
        Ok(me)
    }

    /// Checks, without changing anything, that the index under `root`
    /// opens and answers queries: the number of entries it holds, None
    /// when there is no index yet, or what is wrong with it.
    pub fn check(root: &Path) -> Result<Option<usize>, String> {
        let dir = Self::dir_in(root);
        if !dir.join("meta.json").exists() {
            return Ok(None);
        }
        Self::open_existing(&dir)
            .and_then(|me| {
                me.indexed()?;
                me.probe()
            })
            .map(Some)
            .map_err(|e| damage_words(&e))
    }

    /// Why the index on disk was found damaged and rebuilt when opened.
    pub fn repaired(&self) -> Option<&str> {
        self.repaired.as_deref()
    }

    fn open_existing(dir: &Path) -> Result<JournalIndex, IndexError> {
        let mut me = Self::from_index(Index::open_in_dir(dir)?)?;
        me.dir = Some(dir.to_path_buf());
        me.probe()?;
        Ok(me)
    }

    /// Runs the kinds of query a search runs, so damage shows at opening
    /// rather than mid-search; returns how many entries are indexed.
    fn probe(&self) -> Result<usize, IndexError> {
        use tantivy::collector::Count;
        use tantivy::query::{AllQuery, TermQuery};
        let searcher = self.reader.searcher();
        let total = searcher.search(&AllQuery, &Count)?;
        let f = &self.fields;
        for field in [f.title, f.body, f.tags, f.id, f.kind] {
            let term = Term::from_field_text(field, "e");
            searcher.search(&TermQuery::new(term, IndexRecordOption::Basic), &Count)?;
        }
        if total > 0 {
            let top = tantivy::collector::TopDocs::with_limit(1).order_by_score();
            if let Some((_, address)) = searcher.search(&AllQuery, &top)?.first() {
                let _: TantivyDocument = searcher.doc(*address)?;
            }
        }
        Ok(total)
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
            repaired: None,
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
        // A very large body is searched by its beginning only: indexing
        // all of it costs seconds and memory on every change.
        doc.add_text(
            f.body,
            crate::model::head(&entry.body, crate::model::SEARCHED_BODY),
        );
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
        if let Some(at) = m.follow_up {
            doc.add_i64(f.follow_up, at.unix_timestamp());
        }
        if let Some(stage) = m.stage {
            doc.add_text(f.stage, stage.as_str());
        }
        if let Some(effort) = m.effort {
            doc.add_text(f.effort, effort.as_str());
        }
        doc
    }
}
