//! The journal half of the facade: adding, finding, changing and trashing
//! entries, with ids given by unique prefix.

use std::path::PathBuf;

use time::OffsetDateTime;

use super::{Library, LibraryError};
use crate::index::{FileStamp, JournalHit, JournalIndex, JournalScope, SyncReport};
use crate::journal::{self, Journal, Scan, Stored};
use crate::model::{Entry, EntryStatus, FrontMatter, Kind};

/// What a person gives for a new entry.
#[derive(Debug, Clone)]
pub struct NewEntry {
    pub kind: Kind,
    pub title: String,
    pub tags: Vec<String>,
    pub networks: Vec<String>,
    pub body: String,
    pub shareable: bool,
}

/// How often (in seconds) a journal search checks every file, not just
/// the folders.
pub const FULL_CHECK_EVERY: u64 = 300;

/// Entries that matched a journal search.
#[derive(Debug, Clone, Default)]
pub struct JournalResults {
    pub total: usize,
    pub hits: Vec<JournalHit>,
    /// What the index had to catch up on first.
    pub sync: SyncReport,
    /// Set when the index could not be kept on disk, with why.
    pub in_memory: Option<String>,
}

/// Now, in the machine's time zone when it can be known, else UTC; to the second.
pub fn now() -> OffsetDateTime {
    let now = OffsetDateTime::now_local().unwrap_or_else(|_| OffsetDateTime::now_utc());
    now.replace_nanosecond(0).unwrap_or(now)
}

/// Tags as stored: trimmed, without a leading `#`, lower-case, each once.
pub fn clean_tags(tags: Vec<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for tag in tags {
        let tag = tag.trim().trim_start_matches('#').to_lowercase();
        if !tag.is_empty() && !out.contains(&tag) {
            out.push(tag);
        }
    }
    out
}

/// Journal files that cannot be read, each with its path, line and
/// reason. This reads every file, so the interface runs it in the background.
pub fn journal_problems(paths: &crate::paths::Paths) -> Vec<String> {
    match Journal::new(&paths.data).scan() {
        Ok(scan) => scan.broken.iter().map(|b| b.to_string()).collect(),
        Err(e) => vec![e.to_string()],
    }
}

impl Library {
    pub fn journal(&self) -> Journal {
        Journal::new(&self.paths.data)
    }

    /// Every readable entry, newest first, and the files that are not readable.
    pub fn journal_scan(&self) -> Result<Scan, LibraryError> {
        let mut scan = self.journal().scan()?;
        scan.entries
            .sort_by_key(|s| std::cmp::Reverse(s.entry.meta.created));
        Ok(scan)
    }

    /// The template for a kind of entry: the user's own from
    /// `templates/KIND.md` in the config folder, else the built-in one.
    pub fn template(&self, kind: Kind) -> String {
        let own = self
            .paths
            .config
            .join("templates")
            .join(format!("{}.md", kind.as_str()));
        if let Ok(text) = std::fs::read_to_string(own) {
            return text;
        }
        match kind {
            Kind::Challenge => include_str!("../../assets/templates/challenge.md"),
            Kind::Validation => include_str!("../../assets/templates/validation.md"),
            Kind::Lesson => include_str!("../../assets/templates/lesson.md"),
        }
        .to_string()
    }

    /// Checks that network ids exist in the catalogue.
    pub(super) fn check_networks(&self, ids: &[String]) -> Result<(), LibraryError> {
        for id in ids {
            if self.network(id)?.is_none() {
                let hints = self
                    .suggest_ids(id, 3)?
                    .into_iter()
                    .map(|(id, _)| id)
                    .collect();
                return Err(LibraryError::UnknownNetwork {
                    id: id.clone(),
                    hints,
                });
            }
        }
        Ok(())
    }

    /// Saves a new entry and returns it with its file.
    pub fn add_entry(&self, new: NewEntry) -> Result<Stored, LibraryError> {
        let title = new.title.trim().to_string();
        if title.is_empty() {
            return Err(LibraryError::Invalid("an entry needs a title".into()));
        }
        self.check_networks(&new.networks)?;
        let created = now();
        let entry = Entry {
            meta: FrontMatter {
                id: journal::new_id(created, &title),
                kind: new.kind,
                title,
                created,
                updated: created,
                status: (new.kind == Kind::Challenge).then_some(EntryStatus::Open),
                shareable: new.shareable,
                tags: clean_tags(new.tags),
                networks: new.networks,
                related: Vec::new(),
                evidence: Vec::new(),
                extra: toml::Table::new(),
            },
            body: new.body,
        };
        let path = self.journal().add(&entry)?;
        let original = entry.render();
        Ok(Stored {
            entry,
            path,
            original,
        })
    }

    /// Searches the journal (words and `kind:` `tag:` `network:` `status:`
    /// filters), first bringing its index in step with the files: only
    /// new, changed and deleted files are read.
    pub fn journal_search(
        &self,
        query: &str,
        limit: usize,
        scope: JournalScope,
    ) -> Result<JournalResults, LibraryError> {
        let (index, in_memory) = match JournalIndex::open(&self.paths.index_dir()) {
            Ok(index) => (index, None),
            Err(e) => (
                JournalIndex::in_memory()?,
                Some(format!(
                    "cannot keep the journal index on disk ({e}); searching a temporary one"
                )),
            ),
        };
        let sync = self.sync_journal_index(&index)?;
        let (total, hits) = index.search(query, limit, scope)?;
        Ok(JournalResults {
            total,
            hits,
            sync,
            in_memory,
        })
    }

    /// Brings the journal index in step with the files. Year folders whose
    /// modification time is unchanged are skipped (cairn, git and most
    /// editors save by renaming, which changes it); every file is checked
    /// when the last full check is older than [`FULL_CHECK_EVERY`] seconds,
    /// which catches edits made in place.
    fn sync_journal_index(&self, index: &JournalIndex) -> Result<SyncReport, LibraryError> {
        let journal = self.journal();
        let mut manifest = index.manifest();
        let dirs = journal.year_dirs()?;
        let now_secs = super::now_secs();
        let full = now_secs.saturating_sub(manifest.full_check) >= FULL_CHECK_EVERY;
        let changed: Vec<PathBuf> = dirs
            .iter()
            .filter(|(path, stamp)| {
                full || manifest.dirs.get(&path.to_string_lossy().into_owned()) != Some(stamp)
            })
            .map(|(path, _)| path.clone())
            .collect();
        let vanished: Vec<PathBuf> = manifest
            .dirs
            .keys()
            .map(PathBuf::from)
            .filter(|p| !dirs.iter().any(|(d, _)| d == p))
            .collect();
        if !full && changed.is_empty() && vanished.is_empty() {
            return Ok(SyncReport::default());
        }
        let files: Vec<FileStamp> = journal
            .files_in(&changed)?
            .into_iter()
            .map(|(path, stamp)| FileStamp { path, stamp })
            .collect();
        let within: Vec<PathBuf> = changed.iter().chain(&vanished).cloned().collect();
        let report = index.sync(&files, if full { None } else { Some(&within) }, |path| {
            crate::journal::read(path).ok()
        })?;
        manifest.dirs = dirs
            .into_iter()
            .map(|(p, s)| (p.to_string_lossy().into_owned(), s))
            .collect();
        if full {
            manifest.full_check = now_secs;
        }
        // A manifest that cannot be saved only costs a slower next search.
        let _ = index.save_manifest(&manifest);
        Ok(report)
    }

    /// The entry in one journal file (as a search hit names it).
    pub fn entry_at(&self, path: &std::path::Path) -> Result<Entry, LibraryError> {
        crate::journal::read(path).map_err(|b| LibraryError::Invalid(b.to_string()))
    }

    /// The entry in one journal file with its text as read, ready to change.
    pub fn stored_at(&self, path: &std::path::Path) -> Result<Stored, LibraryError> {
        crate::journal::read_stored(path).map_err(|b| LibraryError::Invalid(b.to_string()))
    }

    /// Saves the whole text of an entry as edited by hand (front matter
    /// and body) as offered by `Entry::render`; None when nothing changed.
    /// The id must stay the same.
    pub fn apply_edit(&self, stored: Stored, text: &str) -> Result<Option<Stored>, LibraryError> {
        if text == stored.original || text == stored.entry.render() {
            return Ok(None);
        }
        let entry = Entry::parse(text).map_err(|e| {
            LibraryError::Invalid(format!(
                "your edit cannot be read (line {}: {})",
                e.line, e.message
            ))
        })?;
        if entry.meta.id != stored.entry.meta.id {
            return Err(LibraryError::Invalid(
                "the id in the front matter was changed".into(),
            ));
        }
        self.save_entry(Stored { entry, ..stored }).map(Some)
    }

    /// The one entry whose id starts with `prefix`.
    pub fn find_entry(&self, prefix: &str) -> Result<Stored, LibraryError> {
        // Through the index when it can answer: reading every file of a
        // large journal to find one entry costs seconds.
        if let Some(found) = self.find_indexed(prefix.trim()) {
            return Ok(found);
        }
        find(self.journal_scan()?, prefix)
    }

    /// The one entry with this id prefix, by the journal index; None when
    /// the index cannot say for sure (then the files are read).
    fn find_indexed(&self, prefix: &str) -> Option<Stored> {
        let index = JournalIndex::open(&self.paths.index_dir()).ok()?;
        self.sync_journal_index(&index).ok()?;
        let files = index.files_with_id_prefix(prefix, 2).ok()?;
        let [path] = files.as_slice() else {
            return None;
        };
        let stored = crate::journal::read_stored(path).ok()?;
        stored.entry.meta.id.starts_with(prefix).then_some(stored)
    }

    /// The one trashed entry whose id starts with `prefix`.
    pub fn find_trashed(&self, prefix: &str) -> Result<Stored, LibraryError> {
        find(self.journal().scan_trash()?, prefix).map_err(|e| match e {
            LibraryError::EntryNotFound(p) => LibraryError::Invalid(format!(
                "no entry in the trash has an id starting with \"{p}\""
            )),
            other => other,
        })
    }

    /// Writes a changed entry back, stamping `updated`.
    pub fn save_entry(&self, mut stored: Stored) -> Result<Stored, LibraryError> {
        // Only networks added now must exist: one the catalogue has since
        // dropped must not make the entry impossible to change.
        let before = Entry::parse(&stored.original)
            .map(|e| e.meta.networks)
            .unwrap_or_default();
        let added: Vec<String> = stored
            .entry
            .meta
            .networks
            .iter()
            .filter(|n| !before.contains(n))
            .cloned()
            .collect();
        self.check_networks(&added)?;
        stored.entry.meta.updated = now();
        self.journal().save(&stored)?;
        Ok(stored)
    }

    /// Moves an entry to the trash; returns it and where it went.
    pub fn trash_entry(&self, prefix: &str) -> Result<(Stored, PathBuf), LibraryError> {
        let stored = self.find_entry(prefix)?;
        let to = self.journal().trash(&stored)?;
        Ok((stored, to))
    }

    /// Brings an entry back from the trash.
    pub fn restore_entry(&self, prefix: &str) -> Result<(Stored, PathBuf), LibraryError> {
        let stored = self.find_trashed(prefix)?;
        let to = self.journal().restore(&stored)?;
        Ok((stored, to))
    }

    /// Opens a resolved challenge again.
    pub fn reopen(&self, prefix: &str) -> Result<Stored, LibraryError> {
        let mut challenge = self.find_entry(prefix)?;
        if challenge.entry.meta.kind != Kind::Challenge {
            return Err(LibraryError::Invalid(format!(
                "{} is a {}; only challenges are open or resolved",
                challenge.entry.meta.id, challenge.entry.meta.kind
            )));
        }
        challenge.entry.meta.status = Some(EntryStatus::Open);
        self.save_entry(challenge)
    }

    /// Marks a challenge resolved, linking the lesson that resolved it both ways.
    pub fn resolve(&self, prefix: &str, by: Option<&str>) -> Result<Stored, LibraryError> {
        let mut challenge = self.find_entry(prefix)?;
        if challenge.entry.meta.kind != Kind::Challenge {
            return Err(LibraryError::Invalid(format!(
                "{} is a {}; only challenges are resolved",
                challenge.entry.meta.id, challenge.entry.meta.kind
            )));
        }
        challenge.entry.meta.status = Some(EntryStatus::Resolved);
        if let Some(by) = by {
            let mut lesson = self.find_entry(by)?;
            if lesson.entry.meta.kind != Kind::Lesson
                || lesson.entry.meta.id == challenge.entry.meta.id
            {
                return Err(LibraryError::Invalid(format!(
                    "{} is a {}; a challenge is resolved by a lesson",
                    lesson.entry.meta.id, lesson.entry.meta.kind
                )));
            }
            let (cid, lid) = (
                challenge.entry.meta.id.clone(),
                lesson.entry.meta.id.clone(),
            );
            if !challenge.entry.meta.related.contains(&lid) {
                challenge.entry.meta.related.push(lid);
            }
            if !lesson.entry.meta.related.contains(&cid) {
                lesson.entry.meta.related.push(cid);
                self.save_entry(lesson)?;
            }
        }
        self.save_entry(challenge)
    }
}

fn find(scan: Scan, prefix: &str) -> Result<Stored, LibraryError> {
    let prefix = prefix.trim();
    if prefix.is_empty() {
        return Err(LibraryError::Invalid(
            "give an entry id (or its first letters)".into(),
        ));
    }
    if let Some(exact) = scan.entries.iter().position(|s| s.entry.meta.id == prefix) {
        return Ok(scan
            .entries
            .into_iter()
            .nth(exact)
            .expect("index is in range"));
    }
    let mut matches: Vec<Stored> = scan
        .entries
        .into_iter()
        .filter(|s| s.entry.meta.id.starts_with(prefix))
        .collect();
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => Err(LibraryError::EntryNotFound(prefix.to_string())),
        _ => Err(LibraryError::Ambiguous {
            prefix: prefix.to_string(),
            ids: matches
                .iter()
                .map(|s| format!("{} ({})", s.entry.meta.id, s.entry.meta.title))
                .collect(),
        }),
    }
}
