//! The journal half of the facade: adding, finding, changing and trashing
//! entries, with ids given by unique prefix.

use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use super::{Library, LibraryError};
use crate::index::{
    FileStamp, JournalHit, JournalIndex, JournalScope, SyncReport, damage_words, is_damage,
};
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
    /// When it was written, if not now (backdating); never in the future.
    pub created: Option<OffsetDateTime>,
    /// When to come back to it.
    pub follow_up: Option<OffsetDateTime>,
    /// For an entry about running a network: its stage and the effort
    /// behind it.
    pub stage: Option<crate::model::Maturity>,
    pub effort: Option<crate::model::Effort>,
}

impl NewEntry {
    /// An entry of `kind` written now, with nothing but its title and
    /// text: no tags, networks or follow-up, not marked shareable.
    pub fn new(kind: Kind, title: impl Into<String>, body: impl Into<String>) -> NewEntry {
        NewEntry {
            kind,
            title: title.into(),
            tags: Vec::new(),
            networks: Vec::new(),
            body: body.into(),
            shareable: false,
            created: None,
            follow_up: None,
            stage: None,
            effort: None,
        }
    }
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
    /// Set when the index on disk was damaged and has been rebuilt, with
    /// what was wrong, in words.
    pub repaired: Option<String>,
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
    journal_checks(paths, now()).0
}

/// What reading every entry file once tells the interface at start: the
/// files that cannot be read (and ids two files share), and how many
/// entries have a follow-up due by the end of `now`'s day.
pub fn journal_checks(paths: &crate::paths::Paths, now: OffsetDateTime) -> (Vec<String>, usize) {
    match Journal::new(&paths.data).scan() {
        Ok(scan) => {
            let end = end_of_day(now);
            let due = scan
                .entries
                .iter()
                .filter(|s| s.entry.meta.follow_up.is_some_and(|at| at < end))
                .count();
            let problems = scan
                .broken
                .iter()
                .map(|b| b.to_string())
                .chain(duplicate_ids(&scan.entries).into_iter().map(duplicate_line))
                .collect();
            (problems, due)
        }
        Err(e) => (vec![e.to_string()], 0),
    }
}

/// The first moment of the day after `now`'s, in its offset.
fn end_of_day(now: OffsetDateTime) -> OffsetDateTime {
    now.date()
        .next_day()
        .map_or(now, |d| d.midnight().assume_offset(now.offset()))
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

    /// The template for a lesson about running a network (its stage, the
    /// effort behind it, what brought people in and kept them): the
    /// person's own `templates/organiser.md` in the config folder, or
    /// cairn's.
    pub fn organiser_template(&self) -> String {
        let own = self.paths.config.join("templates").join("organiser.md");
        std::fs::read_to_string(own)
            .unwrap_or_else(|_| include_str!("../../assets/templates/organiser.md").to_string())
    }

    /// Checks that network ids exist in the catalogue.
    pub fn check_networks(&self, ids: &[String]) -> Result<(), LibraryError> {
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

    /// The kind of an entry written without one: `default_kind` under
    /// `[journal]` in the settings, else challenge.
    pub fn default_kind(&self) -> Kind {
        super::load_config(self.paths())
            .journal
            .default_kind
            .unwrap_or(Kind::Challenge)
    }

    /// Saves a new entry and returns it with its file.
    pub fn add_entry(&self, new: NewEntry) -> Result<Stored, LibraryError> {
        let title = new.title.trim().to_string();
        if title.is_empty() {
            return Err(LibraryError::Invalid("an entry needs a title".into()));
        }
        self.check_networks(&new.networks)?;
        let created = match new.created {
            Some(at) if at > now() + time::Duration::minutes(5) => {
                return Err(LibraryError::Invalid(format!(
                    "an entry cannot be written in the future ({}); --follow-up says when to come back to it",
                    at.date()
                )));
            }
            Some(at) => at,
            None => now(),
        };
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
                follow_up: new.follow_up,
                stage: new.stage,
                effort: new.effort,
                asked: Vec::new(),
                imported: None,
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
        self.journal_search_window(query, 0, limit, scope)
    }

    /// The entries at `offset..offset + limit` of what [`journal_search`]
    /// lists, with the total: a list shows a window and reads only it, so
    /// the end of 100k entries costs what the start does.
    ///
    /// [`journal_search`]: Library::journal_search
    pub fn journal_search_window(
        &self,
        query: &str,
        offset: usize,
        limit: usize,
        scope: JournalScope,
    ) -> Result<JournalResults, LibraryError> {
        let root = self.paths.index_dir();
        let (index, in_memory) = match JournalIndex::open(&root) {
            Ok(index) => (index, None),
            Err(e) => (
                JournalIndex::in_memory()?,
                Some(format!(
                    "cannot keep the journal index on disk ({}); searching a temporary one",
                    damage_words(&e)
                )),
            ),
        };
        let mut repaired = index.repaired().map(str::to_string);
        let run = |index: &JournalIndex| -> Result<_, LibraryError> {
            let sync = self.sync_journal_index(index)?;
            let (total, hits) = index.search_window(query, offset, limit, scope)?;
            Ok((sync, total, hits))
        };
        let (sync, total, hits) = match run(&index) {
            // Damage that only shows in a query: rebuild on disk, once.
            Err(LibraryError::Index(e)) if in_memory.is_none() && is_damage(&e) => {
                repaired = Some(damage_words(&e));
                drop(index);
                run(&JournalIndex::rebuild(&root)?)?
            }
            other => other?,
        };
        Ok(JournalResults {
            total,
            hits,
            sync,
            in_memory,
            repaired: repaired.map(|why| {
                format!(
                    "the journal index in {} was damaged ({why}); it has been rebuilt from your entry files",
                    JournalIndex::dir_in(&root).display()
                )
            }),
        })
    }

    /// Checks that the journal index opens and answers a query, rebuilding
    /// it when it does not: what was found, in words, and whether all is well.
    pub fn check_journal_index(&self) -> (String, bool) {
        let root = self.paths.index_dir();
        let before = JournalIndex::check(&root);
        match (before, self.journal_search("", 1, JournalScope::default())) {
            (_, Ok(r)) if r.in_memory.is_some() => (r.in_memory.unwrap_or_default(), false),
            (Ok(Some(_)), Ok(r)) => (
                format!("ready, answers queries ({} entries)", r.total),
                true,
            ),
            (Ok(None), Ok(r)) => (format!("built just now ({} entries)", r.total), true),
            (Err(why), Ok(r)) => (
                format!(
                    "was damaged ({why}); rebuilt just now ({} entries)",
                    r.total
                ),
                true,
            ),
            (_, Err(e)) => (format!("cannot be used: {e}"), false),
        }
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
        // What the person wrote, comments included, is what is kept.
        self.save_entry_over(Stored { entry, ..stored }, Some(text))
            .map(Some)
    }

    /// The one entry whose id starts with `prefix`, or the entry file at
    /// that path (inside the journal folder): two files with the same id
    /// are told apart by their paths.
    pub fn find_entry(&self, prefix: &str) -> Result<Stored, LibraryError> {
        let journal = self.journal();
        if let Some(path) = as_path(prefix) {
            if !journal.holds(path) {
                return Err(LibraryError::Invalid(format!(
                    "{} is not an entry file in the journal folder {}",
                    path.display(),
                    journal.root().display()
                )));
            }
            return self.stored_at(&inside(journal.root(), path));
        }
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

    /// The one trashed entry whose id starts with `prefix`, or the file
    /// in the trash at that path.
    pub fn find_trashed(&self, prefix: &str) -> Result<Stored, LibraryError> {
        let journal = self.journal();
        if let Some(path) = as_path(prefix) {
            if !journal.holds_trashed(path) {
                return Err(LibraryError::Invalid(format!(
                    "{} is not an entry file in the trash",
                    path.display()
                )));
            }
            let trash = self.paths.data.join("trash").join("journal");
            return self.stored_at(&inside(&trash, path));
        }
        find(journal.scan_trash()?, prefix).map_err(|e| match e {
            LibraryError::EntryNotFound(p) => LibraryError::Invalid(format!(
                "no entry in the trash has an id starting with \"{p}\""
            )),
            other => other,
        })
    }

    /// Writes a changed entry back, stamping `updated`; the file's
    /// comments, key order and layout are kept.
    pub fn save_entry(&self, stored: Stored) -> Result<Stored, LibraryError> {
        self.save_entry_over(stored, None)
    }

    /// Like [`Library::save_entry`], keeping the layout of `base` (an edit
    /// made by hand) when given, else of the file as read.
    fn save_entry_over(
        &self,
        mut stored: Stored,
        base: Option<&str>,
    ) -> Result<Stored, LibraryError> {
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
        let journal = self.journal();
        journal.save_over(&stored, base.unwrap_or(&stored.original))?;
        // What is on disk now, so a second change to it is not refused.
        stored.original = stored.entry.render_over(base.unwrap_or(&stored.original));
        Ok(stored)
    }

    /// Moves an entry to the trash; returns it and where it went.
    pub fn trash_entry(&self, prefix: &str) -> Result<(Stored, PathBuf), LibraryError> {
        let stored = match self.find_entry(prefix) {
            Ok(stored) => stored,
            // Already there: say so, and how to go on.
            Err(LibraryError::EntryNotFound(_)) if let Ok(t) = self.find_trashed(prefix) => {
                return Err(LibraryError::Invalid(format!(
                    "\"{}\" is already in the trash; `cairn journal restore {}` brings it back, `cairn journal purge` removes it for good",
                    t.entry.meta.title, t.entry.meta.id
                )));
            }
            Err(e) => return Err(e),
        };
        let to = self.journal().trash(&stored)?;
        Ok((stored, to))
    }

    /// Moves the entry in this file to the trash (the one a person picked
    /// from a list: never another with the same id).
    pub fn trash_at(&self, path: &Path) -> Result<(Stored, PathBuf), LibraryError> {
        let stored = self.stored_at(path)?;
        let to = self.journal().trash(&stored)?;
        Ok((stored, to))
    }

    /// Brings an entry back from the trash.
    pub fn restore_entry(&self, prefix: &str) -> Result<(Stored, PathBuf), LibraryError> {
        let stored = self.find_trashed(prefix)?;
        let to = self.journal().restore(&stored)?;
        Ok((stored, to))
    }

    /// Brings back the entry trashed to this file.
    pub fn restore_at(&self, path: &Path) -> Result<(Stored, PathBuf), LibraryError> {
        let stored = self.stored_at(path)?;
        let to = self.journal().restore(&stored)?;
        Ok((stored, to))
    }

    /// Marks an entry as one that may be shared with a network, or not.
    pub fn set_shareable(&self, prefix: &str, shareable: bool) -> Result<Stored, LibraryError> {
        let mut stored = self.find_entry(prefix)?;
        if stored.entry.meta.shareable == shareable {
            return Ok(stored);
        }
        stored.entry.meta.shareable = shareable;
        self.save_entry(stored)
    }

    /// Sets (or with `None` clears) when to come back to an entry.
    pub fn set_follow_up(
        &self,
        prefix: &str,
        when: Option<OffsetDateTime>,
    ) -> Result<Stored, LibraryError> {
        let mut stored = self.find_entry(prefix)?;
        stored.entry.meta.follow_up = when;
        self.save_entry(stored)
    }

    /// Entries whose follow-up is due by the end of `now`'s day, the most
    /// overdue first.
    pub fn due(&self, now: OffsetDateTime) -> Result<Vec<Stored>, LibraryError> {
        let end = end_of_day(now);
        let mut due: Vec<Stored> = self
            .journal_scan()?
            .entries
            .into_iter()
            .filter(|s| s.entry.meta.follow_up.is_some_and(|at| at < end))
            .collect();
        due.sort_by_key(|s| s.entry.meta.follow_up);
        Ok(due)
    }

    /// The entries in the trash, most recently trashed first, each with
    /// when it was put there.
    pub fn trashed(&self) -> Result<Vec<(Stored, Option<std::time::SystemTime>)>, LibraryError> {
        let mut out: Vec<(Stored, Option<std::time::SystemTime>)> = self
            .journal()
            .scan_trash()?
            .entries
            .into_iter()
            .map(|s| {
                let when = std::fs::metadata(&s.path).and_then(|m| m.modified()).ok();
                (s, when)
            })
            .collect();
        out.sort_by_key(|(_, when)| std::cmp::Reverse(*when));
        Ok(out)
    }

    /// Empties the trash of entries put there more than `older_than` ago;
    /// returns the files removed.
    pub fn purge_trash(
        &self,
        older_than: std::time::Duration,
    ) -> Result<Vec<PathBuf>, LibraryError> {
        let before = std::time::SystemTime::now()
            .checked_sub(older_than)
            .unwrap_or(std::time::UNIX_EPOCH);
        Ok(self.journal().purge(before)?)
    }

    /// Opens a resolved challenge again.
    pub fn reopen(&self, prefix: &str) -> Result<Stored, LibraryError> {
        self.reopen_stored(self.find_entry(prefix)?)
    }

    /// Opens the resolved challenge in this file again.
    pub fn reopen_at(&self, path: &Path) -> Result<Stored, LibraryError> {
        self.reopen_stored(self.stored_at(path)?)
    }

    fn reopen_stored(&self, mut challenge: Stored) -> Result<Stored, LibraryError> {
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
        let challenge = self.find_entry(prefix)?;
        let lesson = by.map(|by| self.find_entry(by)).transpose()?;
        self.resolve_stored(challenge, lesson)
    }

    /// Like [`Library::resolve`], for the entries in these files.
    pub fn resolve_at(&self, challenge: &Path, by: Option<&Path>) -> Result<Stored, LibraryError> {
        let challenge = self.stored_at(challenge)?;
        let lesson = by.map(|by| self.stored_at(by)).transpose()?;
        self.resolve_stored(challenge, lesson)
    }

    fn resolve_stored(
        &self,
        mut challenge: Stored,
        lesson: Option<Stored>,
    ) -> Result<Stored, LibraryError> {
        if challenge.entry.meta.kind != Kind::Challenge {
            return Err(LibraryError::Invalid(format!(
                "{} is a {}; only challenges are resolved",
                challenge.entry.meta.id, challenge.entry.meta.kind
            )));
        }
        challenge.entry.meta.status = Some(EntryStatus::Resolved);
        if let Some(mut lesson) = lesson {
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
    let (mut exact, others): (Vec<Stored>, Vec<Stored>) = scan
        .entries
        .into_iter()
        .filter(|s| s.entry.meta.id.starts_with(prefix))
        .partition(|s| s.entry.meta.id == prefix);
    if exact.len() > 1 {
        return Err(LibraryError::DuplicateId {
            id: prefix.to_string(),
            paths: exact.into_iter().map(|s| s.path).collect(),
        });
    }
    if let Some(one) = exact.pop() {
        return Ok(one);
    }
    let mut matches = others;
    if matches.len() > 1
        && matches
            .iter()
            .all(|s| s.entry.meta.id == matches[0].entry.meta.id)
    {
        return Err(LibraryError::DuplicateId {
            id: matches[0].entry.meta.id.clone(),
            paths: matches.into_iter().map(|s| s.path).collect(),
        });
    }
    match matches.len() {
        1 => Ok(matches.remove(0)),
        0 => Err(LibraryError::EntryNotFound(prefix.to_string())),
        _ => Err(LibraryError::Ambiguous {
            prefix: prefix.to_string(),
            ids: matches
                .iter()
                .map(|s| {
                    format!(
                        "{} ({}) in {}",
                        s.entry.meta.id,
                        s.entry.meta.title,
                        s.path.display()
                    )
                })
                .collect(),
        }),
    }
}

/// The argument as a path, when it names a file rather than an id (ids
/// hold no `/`, `\` or `.`).
fn as_path(arg: &str) -> Option<&Path> {
    let arg = arg.trim();
    arg.contains(['/', '\\', '.']).then(|| Path::new(arg))
}

/// `path` (known to be under `root`, perhaps through other links) as a
/// path that starts with `root`, so the journal can tell where it is.
fn inside(root: &Path, path: &Path) -> PathBuf {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(r), Ok(p)) => p
            .strip_prefix(&r)
            .map_or_else(|_| path.to_path_buf(), |rel| root.join(rel)),
        _ => path.to_path_buf(),
    }
}

/// "2 files have the id x: a.md, b.md", for lists of problems.
pub fn duplicate_line((id, paths): (String, Vec<PathBuf>)) -> String {
    let files: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    format!(
        "{} files have the id \"{id}\" (change one to tell them apart): {}",
        files.len(),
        files.join(", ")
    )
}

/// Ids held by more than one file, each with those files.
pub fn duplicate_ids(entries: &[Stored]) -> Vec<(String, Vec<PathBuf>)> {
    let mut by_id: std::collections::BTreeMap<&str, Vec<PathBuf>> = Default::default();
    for s in entries {
        by_id
            .entry(&s.entry.meta.id)
            .or_default()
            .push(s.path.clone());
    }
    by_id
        .into_iter()
        .filter(|(_, paths)| paths.len() > 1)
        .map(|(id, mut paths)| {
            paths.sort();
            (id.to_string(), paths)
        })
        .collect()
}
