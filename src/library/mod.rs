//! The one API both front ends call. It decides which catalogue is being
//! browsed, keeps the search index in step with it, and answers queries.

mod ask;
mod drafts;
mod export;
mod files;
mod import;
mod journal;
mod machine;
mod marks;
mod propose;
mod publish;
mod share;
mod sources;
mod sync;
mod trust;

use std::fmt;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};

use crate::annotations::AnnotationError;
pub use crate::annotations::{Annotation, Annotations};
use crate::catalogue::{self, CatalogueError};
pub use crate::clipboard::{Clipboard, Copied};
pub use crate::config::{Binding, Config, FILE_NAME as CONFIG_FILE_NAME};
use crate::index::{IndexError, IndexMeta, Location, Lookup, NetworkIndex, SCHEMA_VERSION, Scope};
use crate::model::FacetCounts;
use crate::model::{Network, Problem, QueryError};
pub use crate::paths::Paths;
use crate::paths::PathsError;

/// Anything that can go wrong between a front end and the files.
#[derive(Debug, thiserror::Error)]
pub enum LibraryError {
    #[error(transparent)]
    Paths(#[from] PathsError),
    #[error(transparent)]
    Catalogue(#[from] CatalogueError),
    #[error(transparent)]
    Index(#[from] IndexError),
    #[error(transparent)]
    Query(#[from] QueryError),
    #[error(transparent)]
    Annotations(#[from] AnnotationError),
    #[error(transparent)]
    Keys(#[from] crate::keys::KeyError),
    #[error(transparent)]
    Journal(#[from] crate::journal::JournalError),
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("no journal entry has an id starting with \"{0}\"; `cairn journal list` shows the ids")]
    EntryNotFound(String),
    #[error("more than one entry starts with \"{prefix}\": {}; give more letters", ids.join(", "))]
    Ambiguous { prefix: String, ids: Vec<String> },
    #[error(
        "{} files have the id \"{id}\":\n{}\ngive the file's path instead of the id to choose one (and change one of the ids to keep them apart)",
        paths.len(),
        paths.iter().map(|p| format!("  {}", p.display())).collect::<Vec<_>>().join("\n")
    )]
    DuplicateId { id: String, paths: Vec<PathBuf> },
    #[error("no network has the id \"{id}\"{}", if hints.is_empty() { String::new() } else { format!("; did you mean {}?", hints.join(", ")) })]
    UnknownNetwork { id: String, hints: Vec<String> },
    #[error(
        "no entry about {network} is marked shareable; name entries with --entry ID (cairn asks before sharing one not marked), or mark them: `cairn journal shareable ID…`"
    )]
    NothingShareable { network: String },
    #[error("no peer lesson has an id starting with \"{0}\"; `cairn lessons list` shows them")]
    PeerLessonNotFound(String),
    #[error("{id} is a {kind}; a question is asked from a challenge")]
    NotAChallenge {
        id: String,
        kind: crate::model::Kind,
    },
    #[error(transparent)]
    Share(#[from] crate::share::ShareError),
    #[error(transparent)]
    Fetch(#[from] crate::sync::FetchError),
    #[error(transparent)]
    ConfigEdit(#[from] crate::config::EditError),
    #[error("{place} {why}; nothing was imported")]
    Unreadable { place: String, why: String },
    #[error("{0}")]
    Invalid(String),
}

/// How to open the library.
#[derive(Debug, Clone, Default)]
pub struct OpenOptions {
    /// Browse this file instead of the bundled catalogue.
    pub catalogue_file: Option<PathBuf>,
}

/// Which catalogue is being browsed.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CatalogueSource {
    /// The bundled catalogue with these sources merged over it.
    Merged(Vec<String>),
    File(PathBuf),
}

impl fmt::Display for CatalogueSource {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            CatalogueSource::Merged(s) if s.is_empty() => f.write_str("bundled catalogue"),
            CatalogueSource::Merged(s) => write!(
                f,
                "bundled catalogue + {} source{}",
                s.len(),
                if s.len() == 1 { "" } else { "s" }
            ),
            CatalogueSource::File(p) => f.write_str(&crate::model::safe(&p.display().to_string())),
        }
    }
}

/// How the index was obtained this time.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum IndexState {
    /// An up-to-date index was already on disk.
    Ready,
    /// It was (re)built, for this reason.
    Rebuilt(String),
    /// The cache could not be written, so it lives in memory for this run.
    InMemory(String),
}

/// The catalogue, its index and where things live.
pub struct Library {
    paths: Paths,
    source: CatalogueSource,
    index: NetworkIndex,
    state: IndexState,
    problems: Vec<Problem>,
    annotations: Annotations,
    /// Why the annotations could not be read, if they could not.
    annotations_problem: Option<String>,
}

/// The index slot of the merged catalogue.
const MAIN_SLOT: &str = "main";

pub use drafts::{Draft, DraftOf};
pub use export::ExportFormat;
pub use files::{PackFormat, ProposalFiles, discard_draft, write_asset};
pub use import::{
    ImportFormat, ImportOptions, ImportSource, ImportedNote, MAX_NOTE, NotesReport, SkippedNote,
};
pub use journal::{
    JournalResults, NewEntry, clean_tags, duplicate_ids, duplicate_line, journal_checks,
    journal_problems, now,
};
pub use machine::Machine;
pub use marks::{MarkFilters, split_marks};

// What the front ends need from the layers below, so that they reach the
// domain only through `library` and `model`.
pub use crate::editor::{
    EditorError, command as editor_command, edit_text, fallback_note as editor_fallback_note,
    keep as keep_draft,
};
pub use crate::index::{Hit, JournalHit, JournalScope, SearchResults, mark};
pub use crate::journal::{Broken, Stored};
pub use crate::keys::Known;
pub use crate::publish::{PublishError, PublishOptions, PublishReport, Refused};
pub use crate::share::{ImportReport, PeerLesson};
pub use propose::{Proposal, Proposed};
pub use publish::publish;
pub use share::{Precedents, Selection, SharePlan, Shared, preview_text};
pub use sources::SourceStatus;
pub use sync::{LessonsOutcome, LessonsReport, Outcome, SourceReport, Step, SyncSummary, age};
pub use trust::Signer;

/// The settings in force for these folders.
pub fn load_config(paths: &Paths) -> Config {
    let mut config = Config::load(&paths.config);
    // Problems quote the settings file, which anything may have written.
    for p in &mut config.problems {
        *p = crate::model::safe(p).into_owned();
    }
    config
}

/// Reads and checks a catalogue file for its maintainers, without
/// indexing it.
pub fn validate_file(path: &Path) -> Result<crate::model::Validated, CatalogueError> {
    catalogue::load_file(path)
}

/// A short stable digest of some parts, for index folder names.
fn digest(parts: &[&[u8]]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// Seconds since 1970.
pub fn now_secs() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Library {
    /// Opens the library where `CAIRN_HOME` or the platform says.
    pub fn open(options: OpenOptions) -> Result<Library, LibraryError> {
        Self::open_at(Paths::from_env()?, options)
    }

    /// Opens the library in the given folders.
    pub fn open_at(paths: Paths, options: OpenOptions) -> Result<Library, LibraryError> {
        let schema = SCHEMA_VERSION.to_le_bytes();
        let config = load_config(&paths);
        let (source, slot, key) = match options.catalogue_file {
            None => (
                CatalogueSource::Merged(config.sources.iter().map(|s| s.name.clone()).collect()),
                MAIN_SLOT.to_string(),
                sources::merged_key(&paths, &config.sources),
            ),
            Some(path) => {
                // Keyed by path, size and modification time, so a warm
                // search never has to read the file.
                let io = |source| CatalogueError::Io {
                    path: path.clone(),
                    source,
                };
                let abs = std::fs::canonicalize(&path).map_err(io)?;
                let meta = std::fs::metadata(&abs).map_err(io)?;
                let mtime = meta
                    .modified()
                    .ok()
                    .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
                    .map_or(0, |d| d.as_nanos());
                let name = abs.to_string_lossy();
                let slot = format!("file-{}", digest(&[name.as_bytes()]));
                let key = digest(&[
                    &schema,
                    name.as_bytes(),
                    &meta.len().to_le_bytes(),
                    &mtime.to_le_bytes(),
                ]);
                (CatalogueSource::File(path), slot, key)
            }
        };
        let root = paths.index_dir();
        let why = match NetworkIndex::open(&root, &slot, &key) {
            Lookup::Found(index) => {
                return Ok(Library::assemble(
                    paths,
                    source,
                    *index,
                    IndexState::Ready,
                    Vec::new(),
                ));
            }
            Lookup::Missing if crate::index::slot_has_index(&root, &slot) => {
                "the catalogue changed since it was last indexed".to_string()
            }
            Lookup::Missing => "first use of this catalogue".to_string(),
            Lookup::Unusable(why) => {
                let _ = crate::index::remove(&root, &slot, &key);
                format!("the old index was unusable: {why}")
            }
        };
        let loaded = match &source {
            CatalogueSource::Merged(_) => {
                let merged = sources::merge(&paths, &config.sources);
                // A catalogue that changed since the last index (a sync by
                // another cairn) needs only its changed networks reindexed.
                if let Some(old) = crate::index::open_latest(&root, &slot)
                    && let Ok(changes) = old.changes_to(&merged.networks)
                {
                    let meta = sources::merged_meta(key.clone(), source.to_string(), &merged);
                    if let Ok(index) = old.updated(&root, &slot, &merged.networks, &changes, meta) {
                        return Ok(Library::assemble(
                            paths,
                            source,
                            index,
                            IndexState::Rebuilt(why),
                            merged.problems,
                        ));
                    }
                }
                crate::model::Validated {
                    networks: merged.networks,
                    problems: merged.problems,
                    skipped: merged.skipped,
                }
            }
            CatalogueSource::File(path) => catalogue::load_file(path)?,
        };
        let meta = IndexMeta {
            schema: SCHEMA_VERSION,
            key,
            source: source.to_string(),
            networks: loaded.networks.len(),
            skipped: loaded.skipped,
            built: now_secs(),
            updated: loaded
                .networks
                .iter()
                .filter_map(|n| n.updated.clone())
                .max(),
        };
        let (index, state) = match NetworkIndex::build(&root, &slot, &loaded.networks, meta.clone())
        {
            Ok(index) => (index, IndexState::Rebuilt(why)),
            Err(e) => (
                NetworkIndex::build_in_memory(&loaded.networks, meta)?,
                IndexState::InMemory(format!(
                    "cannot save the search index ({e}); searching from a temporary index \
                     in memory, rebuilt at every start. Make {} writable, or set {} to a \
                     folder you can write",
                    paths.cache.display(),
                    crate::paths::HOME_ENV
                )),
            ),
        };
        Ok(Library::assemble(
            paths,
            source,
            index,
            state,
            loaded.problems,
        ))
    }

    fn assemble(
        paths: Paths,
        source: CatalogueSource,
        index: NetworkIndex,
        state: IndexState,
        problems: Vec<Problem>,
    ) -> Library {
        let (annotations, annotations_problem) = match Annotations::load(&paths.data) {
            Ok(a) => (a, None),
            Err(e) => (Annotations::default(), Some(e.to_string())),
        };
        Library {
            paths,
            source,
            index,
            state,
            problems,
            annotations,
            annotations_problem,
        }
    }

    /// Searches networks with the query language of `cairn search`.
    pub fn search(&self, query: &str, limit: usize) -> Result<SearchResults, LibraryError> {
        self.search_within(query, limit, None)
    }

    /// Like [`Library::search`], limited to some networks if `only_ids` is
    /// given. The person's marks filter too (`starred:yes`, `member:no`,
    /// `noted:yes`), and networks whose note holds the query's words are
    /// added with the note as their snippet.
    pub fn search_within(
        &self,
        query: &str,
        limit: usize,
        only_ids: Option<&[String]>,
    ) -> Result<SearchResults, LibraryError> {
        let (parsed, marks) = marks::parse_rest(query)?;
        let scope = self.scope_ids(&marks, only_ids)?;
        let only_ids = scope.as_deref();
        let mut results = self.index.search(&parsed, limit, Scope { only_ids })?;
        self.merge_note_hits(&parsed, only_ids, limit, &mut results)?;
        Ok(results)
    }

    /// One page of what [`Library::search_within`] lists with no limit:
    /// the hits at positions `offset..offset + limit` and the total. The
    /// index's matches come first in their order, then the networks found
    /// only through the person's notes. Only the page's records are read
    /// (and the few noted networks'), so paging to the end of 100k
    /// networks costs about what the first page does.
    pub fn search_window(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
        only_ids: Option<&[String]>,
    ) -> Result<SearchResults, LibraryError> {
        let (parsed, marks) = marks::parse_rest(query)?;
        let scope = self.scope_ids(&marks, only_ids)?;
        let only_ids = scope.as_deref();
        let mut results = self
            .index
            .search_window(&parsed, offset, limit, Scope { only_ids })?;
        let mut notes = SearchResults {
            terms: results.terms.clone(),
            ..SearchResults::default()
        };
        self.merge_note_hits(&parsed, only_ids, usize::MAX, &mut notes)?;
        if !notes.hits.is_empty() {
            // Those the index matched too are already in their place.
            let ids: Vec<String> = notes.hits.iter().map(|h| h.network.id.clone()).collect();
            let matched = self.index.search(
                &parsed,
                ids.len(),
                Scope {
                    only_ids: Some(&ids),
                },
            )?;
            notes
                .hits
                .retain(|n| !matched.hits.iter().any(|m| m.network.id == n.network.id));
        }
        let before = results.total;
        results.total += notes.hits.len();
        let from = offset.saturating_sub(before);
        let to = offset.saturating_add(limit).saturating_sub(before);
        results
            .hits
            .extend(notes.hits.into_iter().skip(from).take(to - from));
        Ok(results)
    }

    /// How many matching networks have each value of each facet.
    pub fn facet_counts(
        &self,
        query: &str,
        only_ids: Option<&[String]>,
    ) -> Result<FacetCounts, LibraryError> {
        let (parsed, marks) = marks::parse_rest(query)?;
        let scope = self.scope_ids(&marks, only_ids)?;
        let only_ids = scope.as_deref();
        Ok(self.index.facet_counts(&parsed, Scope { only_ids })?)
    }

    /// Every network's id and name, in name order.
    pub fn names(&self) -> Result<Vec<(String, String)>, LibraryError> {
        Ok(self.index.ids()?)
    }

    /// The user's stars, memberships and notes.
    pub fn annotations(&self) -> &Annotations {
        &self.annotations
    }

    /// Why the annotations file could not be read, if it could not.
    pub fn annotations_problem(&self) -> Option<&str> {
        self.annotations_problem.as_deref()
    }

    /// Changes one network's annotation and saves it at once.
    pub fn annotate(
        &mut self,
        id: &str,
        change: impl FnOnce(&mut Annotation),
    ) -> Result<(), LibraryError> {
        // `update` re-reads the file under a lock and refuses to replace
        // one it cannot read, so an unreadable file is never overwritten.
        self.annotations = Annotations::update(&self.paths.data, id, change)?;
        Ok(())
    }

    /// The network with this id.
    pub fn network(&self, id: &str) -> Result<Option<Network>, LibraryError> {
        Ok(self.index.get(id)?)
    }

    /// Ids and names close to `wanted`, for a "did you mean" hint.
    pub fn suggest_ids(
        &self,
        wanted: &str,
        n: usize,
    ) -> Result<Vec<(String, String)>, LibraryError> {
        let all = self.index.ids()?;
        Ok(crate::matcher::suggest(wanted, &all, n)
            .into_iter()
            .cloned()
            .collect())
    }

    pub fn paths(&self) -> &Paths {
        &self.paths
    }

    pub fn source(&self) -> &CatalogueSource {
        &self.source
    }

    pub fn index_state(&self) -> &IndexState {
        &self.state
    }

    /// Where the index lives, if on disk.
    pub fn index_dir(&self) -> Option<&Path> {
        match self.index.location() {
            Location::Disk(p) => Some(p),
            Location::Memory => None,
        }
    }

    pub fn index_meta(&self) -> &IndexMeta {
        self.index.meta()
    }

    /// Problems found while loading the catalogue this run (empty when the
    /// index was already up to date; see [`IndexMeta::skipped`]).
    pub fn problems(&self) -> &[Problem] {
        &self.problems
    }
}
