//! The full-text index over networks: the only module that imports tantivy.
//!
//! The index is a cache of a catalogue. Each one lives in its own folder,
//! named by a slot (which catalogue) and a key (which content and schema), so
//! a changed catalogue or a newer schema simply gets a new folder. A folder
//! is built under a temporary name and renamed into place when complete,
//! so a crash or a second cairn building at the same time never leaves a
//! half-built index where a reader would find it.

mod highlight;
mod journal;
mod places;
mod query;
mod schema;
mod search;
mod similar;
mod update;
mod words;

use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tantivy::{Index, IndexReader, ReloadPolicy};

pub use highlight::Term as MatchTerm;
pub use highlight::{Snippet, mark};
pub use journal::{
    FileStamp, JournalHit, JournalIndex, JournalScope, Manifest, SyncReport, damage_words,
    is_damage,
};
pub use query::Scope;
pub use schema::SCHEMA_VERSION;
pub use search::{Hit, SearchResults};
pub use similar::{PeerDoc, PeerIndex, Similar};
pub use update::Changes;

use crate::model::Network;
use schema::Fields;

const META_FILE: &str = "cairn-index.json";
const WRITER_HEAP: usize = 96 * 1024 * 1024;

/// What went wrong with an index.
#[derive(Debug, thiserror::Error)]
pub enum IndexError {
    #[error("search index error: {0}")]
    Tantivy(#[from] tantivy::TantivyError),
    #[error("search index at {}: {source}", path.display())]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("search index holds a record it cannot read: {0}")]
    Corrupt(String),
}

fn io_at(path: &Path) -> impl FnOnce(std::io::Error) -> IndexError + '_ {
    move |source| IndexError::Io {
        path: path.to_path_buf(),
        source,
    }
}

/// Facts about an index, kept beside it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct IndexMeta {
    pub schema: u32,
    pub key: String,
    /// What the index was built from, for `cairn doctor`.
    pub source: String,
    pub networks: usize,
    /// Records of the catalogue that were skipped as invalid.
    pub skipped: usize,
    /// Seconds since 1970 when it was built.
    pub built: u64,
    /// The newest `updated` date among the networks.
    #[serde(default)]
    pub updated: Option<String>,
}

/// Where an index lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    Disk(PathBuf),
    Memory,
}

/// The result of looking for an existing index.
pub enum Lookup {
    Found(Box<NetworkIndex>),
    Missing,
    /// It exists but cannot be used; it will be replaced.
    Unusable(String),
}

/// A searchable index of networks.
pub struct NetworkIndex {
    reader: IndexReader,
    fields: Fields,
    meta: IndexMeta,
    location: Location,
}

impl NetworkIndex {
    /// The folder for a slot and key under `root`.
    pub fn dir_for(root: &Path, slot: &str, key: &str) -> PathBuf {
        root.join(format!("{slot}-{key}"))
    }

    /// Opens the index for `slot`/`key` if a complete one exists.
    pub fn open(root: &Path, slot: &str, key: &str) -> Lookup {
        let dir = Self::dir_for(root, slot, key);
        if !dir.exists() {
            return Lookup::Missing;
        }
        let meta: IndexMeta = match fs::read(dir.join(META_FILE))
            .map_err(|e| e.to_string())
            .and_then(|b| serde_json::from_slice(&b).map_err(|e| e.to_string()))
        {
            Ok(meta) => meta,
            Err(why) => return Lookup::Unusable(format!("its description is unreadable ({why})")),
        };
        if meta.schema != SCHEMA_VERSION || meta.key != key {
            return Lookup::Unusable("it was made by another version of cairn".into());
        }
        match Index::open_in_dir(&dir)
            .and_then(|index| Self::from_index(index, meta, Location::Disk(dir)))
        {
            Ok(index) => Lookup::Found(Box::new(index)),
            Err(e) => Lookup::Unusable(e.to_string()),
        }
    }

    fn from_index(index: Index, meta: IndexMeta, location: Location) -> tantivy::Result<Self> {
        schema::register(&index);
        let fields = schema::fields(&index.schema());
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(NetworkIndex {
            reader,
            fields,
            meta,
            location,
        })
    }

    /// Builds the index for `slot`/`key` on disk and removes older indexes
    /// of the same slot. If another process finished the same index first,
    /// its copy is used.
    pub fn build(
        root: &Path,
        slot: &str,
        networks: &[Network],
        meta: IndexMeta,
    ) -> Result<Self, IndexError> {
        crate::store::create_private_dir(root)?;
        let tmp = Self::building_dir(root, slot);
        let built = (|| {
            crate::store::create_private_dir(&tmp)?;
            let index = Index::create_in_dir(&tmp, schema::schema())?;
            fill(&index, networks)?;
            let meta_json = serde_json::to_vec_pretty(&meta).expect("meta serialises");
            crate::store::write_atomic(&tmp.join(META_FILE), &meta_json)?;
            Ok::<_, IndexError>(())
        })();
        if let Err(e) = built {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
        Self::place(root, slot, &tmp, meta)
    }

    /// A folder for building an index of `slot` under a temporary name.
    fn building_dir(root: &Path, slot: &str) -> PathBuf {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| d.subsec_nanos())
            .unwrap_or(0);
        root.join(format!(".building-{slot}-{}-{nanos}", std::process::id()))
    }

    /// Renames a complete index from `tmp` into place for `meta.key`, then
    /// removes the slot's older indexes. If another process placed the
    /// same index first, its copy is used.
    fn place(root: &Path, slot: &str, tmp: &Path, meta: IndexMeta) -> Result<Self, IndexError> {
        let dir = Self::dir_for(root, slot, &meta.key);
        if let Err(e) = fs::rename(tmp, &dir) {
            let _ = fs::remove_dir_all(tmp);
            if !dir.exists() {
                return Err(io_at(&dir)(e));
            }
        }
        crate::store::sync_dir(root);
        remove_stale(root, slot, &dir);
        let index = Index::open_in_dir(&dir)?;
        Ok(Self::from_index(index, meta, Location::Disk(dir))?)
    }

    /// Builds a throwaway index in memory, for when the cache cannot be written.
    pub fn build_in_memory(networks: &[Network], meta: IndexMeta) -> Result<Self, IndexError> {
        let index = Index::create_in_ram(schema::schema());
        fill(&index, networks)?;
        Ok(Self::from_index(index, meta, Location::Memory)?)
    }

    pub fn meta(&self) -> &IndexMeta {
        &self.meta
    }

    pub fn location(&self) -> &Location {
        &self.location
    }
}

/// A writer for `index`, sized for this machine.
fn writer(index: &Index) -> tantivy::Result<tantivy::IndexWriter> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(4));
    index.writer_with_num_threads(threads, WRITER_HEAP)
}

/// Adds every network and merges to one segment so searches touch as few
/// files as possible.
fn fill(index: &Index, networks: &[Network]) -> Result<(), IndexError> {
    schema::register(index);
    let fields = schema::fields(&index.schema());
    let mut writer = writer(index)?;
    for n in networks {
        writer.add_document(schema::document(&fields, n))?;
    }
    writer.commit()?;
    let segments = index.searchable_segment_ids()?;
    if segments.len() > 1 {
        writer.merge(&segments).wait()?;
    }
    writer.wait_merging_threads()?;
    Ok(())
}

/// Removes the other indexes of a slot, and builds abandoned by a crash.
fn remove_stale(root: &Path, slot: &str, keep: &Path) {
    let Ok(entries) = fs::read_dir(root) else {
        return;
    };
    let prefix = format!("{slot}-");
    let stale_build = format!(".building-{slot}-");
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let path = entry.path();
        let name = entry.file_name().to_string_lossy().into_owned();
        let old_build = name.starts_with(&stale_build)
            && entry
                .metadata()
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < an_hour_ago);
        if (name.starts_with(&prefix) && path != keep) || old_build {
            let _ = fs::remove_dir_all(&path);
        }
    }
}

/// Whether any index, current or not, exists for `slot`.
pub fn slot_has_index(root: &Path, slot: &str) -> bool {
    let prefix = format!("{slot}-");
    fs::read_dir(root).is_ok_and(|entries| {
        entries
            .flatten()
            .any(|e| e.file_name().to_string_lossy().starts_with(&prefix))
    })
}

/// Removes one index folder, e.g. one found unusable.
pub fn remove(root: &Path, slot: &str, key: &str) -> Result<(), IndexError> {
    let dir = NetworkIndex::dir_for(root, slot, key);
    match fs::remove_dir_all(&dir) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(io_at(&dir)(e)),
        _ => Ok(()),
    }
}

/// The newest usable index of `slot`, whatever its key: the starting point
/// for updating an index a few networks at a time.
pub fn open_latest(root: &Path, slot: &str) -> Option<NetworkIndex> {
    let prefix = format!("{slot}-");
    let mut found: Vec<(std::time::SystemTime, String)> = fs::read_dir(root)
        .ok()?
        .flatten()
        .filter_map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            let key = name.strip_prefix(&prefix)?.to_string();
            let modified = e.metadata().and_then(|m| m.modified()).ok()?;
            Some((modified, key))
        })
        .collect();
    found.sort();
    found
        .into_iter()
        .rev()
        .find_map(|(_, key)| match NetworkIndex::open(root, slot, &key) {
            Lookup::Found(index) => Some(*index),
            _ => None,
        })
}

/// The words of `text` as the index compares them: lower case, accents
/// folded (combining marks too), English stems. For matching outside an
/// index, so it agrees with searches inside one.
pub fn word_stems(text: &str) -> Vec<String> {
    let composed: String = text
        .chars()
        .filter(|c| !('\u{300}'..='\u{36f}').contains(c))
        .collect();
    schema::tokens(&composed)
        .into_iter()
        .map(|(t, _)| t)
        .collect()
}
