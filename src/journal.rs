//! Journal entry files: one Markdown file per entry under
//! `journal/YYYY/` in the data folder, owned by the user.
//!
//! Every write goes through [`crate::store::write_atomic`], under a lock
//! file, so two cairns writing at once both land and a crash leaves either
//! the old file or the new one. A file that cannot be parsed is reported
//! and never written over.

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use time::OffsetDateTime;

use crate::model::Entry;
use crate::store::{self, StoreError};

const LOCK: &str = ".journal.lock";

/// An entry and the file it lives in.
#[derive(Debug, Clone, PartialEq)]
pub struct Stored {
    pub entry: Entry,
    pub path: PathBuf,
    /// The file's text when it was read: a save checks the file still
    /// holds exactly this, so two cairns never undo each other's changes.
    pub original: String,
}

/// A file in the journal folder that is not a readable entry.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Broken {
    pub path: PathBuf,
    pub line: usize,
    pub reason: String,
}

impl std::fmt::Display for Broken {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} line {}: {}",
            self.path.display(),
            self.line,
            self.reason
        )
    }
}

/// Everything found in a folder of entries.
#[derive(Debug, Clone, Default)]
pub struct Scan {
    pub entries: Vec<Stored>,
    pub broken: Vec<Broken>,
}

#[derive(Debug, thiserror::Error)]
pub enum JournalError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: io::Error,
    },
    #[error(transparent)]
    Write(#[from] StoreError),
    #[error(
        "{} changed since cairn read it (another cairn, or an edit by hand); \
         it was left as it is: open it again to start from the new version",
        .0.display()
    )]
    Changed(PathBuf),
    #[error("cannot move {} to {}: {source}", from.display(), to.display())]
    Move {
        from: PathBuf,
        to: PathBuf,
        #[source]
        source: io::Error,
    },
}

fn read_err(path: &Path) -> impl FnOnce(io::Error) -> JournalError + '_ {
    move |source| JournalError::Read {
        path: path.to_path_buf(),
        source,
    }
}

/// The journal and its trash, in the data folder.
#[derive(Debug, Clone)]
pub struct Journal {
    root: PathBuf,
    trash: PathBuf,
}

/// Held while writing; released on drop.
struct Lock(#[allow(dead_code)] File);

/// A file-name-safe slug of a title: "Approval for a pilot!" → "approval-for-a-pilot".
pub fn slug(title: &str) -> String {
    let mut out = String::new();
    for c in title.to_lowercase().chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
        if out.chars().count() >= 48 {
            break;
        }
    }
    let out = out.trim_end_matches('-').to_string();
    if out.is_empty() { "entry".into() } else { out }
}

/// The slug of an entry's file name: from the public text of its title
/// only (text between `%%` markers never reaches a file name), else its kind.
pub fn file_slug(entry: &Entry) -> String {
    let (public, _) = crate::model::public_text(&entry.meta.title);
    if public.chars().any(char::is_alphanumeric) {
        slug(&public)
    } else {
        entry.meta.kind.as_str().to_string()
    }
}

impl Journal {
    pub fn new(data_dir: &Path) -> Journal {
        Journal {
            root: data_dir.join("journal"),
            trash: data_dir.join("trash").join("journal"),
        }
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    fn lock(&self) -> Result<Lock, JournalError> {
        store::create_private_dir(&self.root)?;
        let file = store::lock_file(&self.root.join(LOCK))?;
        Ok(Lock(file))
    }

    /// Reads every entry in the journal.
    pub fn scan(&self) -> Result<Scan, JournalError> {
        scan_dir(&self.root)
    }

    /// The year folders with a stamp of their modification time, which
    /// changes whenever a file in them is added, removed or replaced by a
    /// rename (as cairn, git and most editors save).
    pub fn year_dirs(&self) -> Result<Vec<(PathBuf, String)>, JournalError> {
        let entries = match fs::read_dir(&self.root) {
            Ok(entries) => entries,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => return Err(read_err(&self.root)(e)),
        };
        let mut out: Vec<(PathBuf, String)> = entries
            .flatten()
            .filter(|e| e.file_type().is_ok_and(|t| t.is_dir()))
            .map(|e| {
                let stamp = e.metadata().map(|m| stamp(&m)).unwrap_or_default();
                (e.path(), stamp)
            })
            .collect();
        out.sort();
        Ok(out)
    }

    /// Entry files in the given year folders with a stamp of their size and
    /// modification time; reads no file.
    pub fn files_in(&self, dirs: &[PathBuf]) -> Result<Vec<(PathBuf, String)>, JournalError> {
        let mut out = Vec::new();
        for dir in dirs {
            let Ok(entries) = fs::read_dir(dir) else {
                continue;
            };
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                if !name.ends_with(".md") || name.starts_with('.') {
                    continue;
                }
                if let Ok(meta) = entry.metadata() {
                    out.push((entry.path(), stamp(&meta)));
                }
            }
        }
        out.sort();
        Ok(out)
    }

    /// Reads every entry in the trash.
    pub fn scan_trash(&self) -> Result<Scan, JournalError> {
        scan_dir(&self.trash)
    }

    /// Saves a new entry in `journal/YYYY/DATE-slug.md`, never replacing
    /// another file; returns where it went.
    pub fn add(&self, entry: &Entry) -> Result<PathBuf, JournalError> {
        let _lock = self.lock()?;
        let path = self.new_path(entry);
        store::write_atomic(&path, entry.render().as_bytes())?;
        if let Some(dir) = path.parent() {
            remove_stale_temp_files(dir);
        }
        Ok(path)
    }

    /// Saves many new entries under one lock, as [`Journal::add`] does
    /// each, but flushing them to disk once at the end rather than one by
    /// one (an import of thousands would otherwise wait on the disk
    /// thousands of times). Stops at the first that cannot be written;
    /// what was written before it stays, and is returned with the error.
    pub fn add_many(&self, entries: &[Entry]) -> (Vec<PathBuf>, Option<JournalError>) {
        let _lock = match self.lock() {
            Ok(lock) => lock,
            Err(e) => return (Vec::new(), Some(e)),
        };
        let mut written = Vec::new();
        let mut failed = None;
        for entry in entries {
            let path = self.new_path(entry);
            let dir = path.parent().unwrap_or(&self.root);
            let result = store::create_private_dir(dir)
                .and_then(|()| store::replace_derived(&path, entry.render().as_bytes()));
            match result {
                Ok(()) => written.push(path),
                Err(e) => {
                    failed = Some(e.into());
                    break;
                }
            }
        }
        store::sync_files(&written);
        (written, failed)
    }

    /// A free path for a new entry: `YYYY/DATE-slug.md`, or with -2, -3….
    fn new_path(&self, entry: &Entry) -> PathBuf {
        let created = entry.meta.created;
        let dir = self.root.join(format!("{:04}", created.year()));
        let base = format!(
            "{:04}-{:02}-{:02}-{}",
            created.year(),
            u8::from(created.month()),
            created.day(),
            file_slug(entry)
        );
        let mut path = dir.join(format!("{base}.md"));
        let mut n = 2;
        while path.exists() {
            path = dir.join(format!("{base}-{n}.md"));
            n += 1;
        }
        path
    }

    /// Rewrites an entry in place, refusing if the file changed since it
    /// was read (saved by another cairn, or edited by hand meanwhile).
    /// The file's comments, key order and layout are kept.
    pub fn save(&self, stored: &Stored) -> Result<(), JournalError> {
        self.save_over(stored, &stored.original)
    }

    /// Like [`Journal::save`], keeping the comments and layout of `base`
    /// (the text a person wrote in their editor) instead of the file's.
    pub fn save_over(&self, stored: &Stored, base: &str) -> Result<(), JournalError> {
        let _lock = self.lock()?;
        let current = fs::read_to_string(&stored.path).map_err(read_err(&stored.path))?;
        if current != stored.original {
            return Err(JournalError::Changed(stored.path.clone()));
        }
        store::write_atomic(&stored.path, stored.entry.render_over(base).as_bytes())?;
        Ok(())
    }

    /// Whether `path` is an entry file inside the journal folder (not its
    /// trash, not elsewhere), as a person may name one on the command line.
    pub fn holds(&self, path: &Path) -> bool {
        let (Ok(root), Ok(file)) = (fs::canonicalize(&self.root), fs::canonicalize(path)) else {
            return false;
        };
        file.is_file() && file.starts_with(&root) && file.extension().is_some_and(|e| e == "md")
    }

    /// Whether `path` is an entry file in the trash.
    pub fn holds_trashed(&self, path: &Path) -> bool {
        let (Ok(root), Ok(file)) = (fs::canonicalize(&self.trash), fs::canonicalize(path)) else {
            return false;
        };
        file.is_file() && file.starts_with(&root)
    }

    /// Moves an entry's file to the trash; returns its new place.
    pub fn trash(&self, stored: &Stored) -> Result<PathBuf, JournalError> {
        let _lock = self.lock()?;
        // Never joined whole: an absolute path would replace the trash's.
        let relative = stored
            .path
            .strip_prefix(&self.root)
            .unwrap_or_else(|_| Path::new(stored.path.file_name().unwrap_or_default()));
        let to = free_path(&self.trash.join(relative));
        move_file(&stored.path, &to)?;
        // The file's time says when it went to the trash, for `purge`.
        if let Ok(file) = fs::OpenOptions::new().append(true).open(&to) {
            let _ = file.set_modified(std::time::SystemTime::now());
        }
        Ok(to)
    }

    /// Removes for good the trashed files put there before `before`;
    /// returns them. A file that cannot be removed is left and skipped.
    pub fn purge(&self, before: std::time::SystemTime) -> Result<Vec<PathBuf>, JournalError> {
        let _lock = self.lock()?;
        let mut removed = Vec::new();
        for stored in self.scan_trash()?.entries {
            let old = fs::metadata(&stored.path)
                .and_then(|m| m.modified())
                .is_ok_and(|t| t < before);
            if old && fs::remove_file(&stored.path).is_ok() {
                removed.push(stored.path);
            }
        }
        store::sync_dir(&self.trash);
        Ok(removed)
    }

    /// Moves an entry back from the trash to the journal; returns its place.
    pub fn restore(&self, stored: &Stored) -> Result<PathBuf, JournalError> {
        let _lock = self.lock()?;
        let relative = stored
            .path
            .strip_prefix(&self.trash)
            .unwrap_or(&stored.path);
        let to = free_path(&self.root.join(relative));
        move_file(&stored.path, &to)?;
        Ok(to)
    }
}

/// Removes temporary files that a writer killed mid-write left behind,
/// once they are an hour old (a live writer's are seconds old).
fn remove_stale_temp_files(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let an_hour_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(3600);
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let old = entry
            .metadata()
            .and_then(|m| m.modified())
            .is_ok_and(|t| t < an_hour_ago);
        if name.starts_with('.') && name.ends_with(".tmp") && old {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// `path`, or `path` with -2, -3… before `.md` if it is taken.
fn free_path(path: &Path) -> PathBuf {
    let stem = path
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut candidate = path.to_path_buf();
    let mut n = 2;
    while candidate.exists() {
        candidate = path.with_file_name(format!("{stem}-{n}.md"));
        n += 1;
    }
    candidate
}

fn move_file(from: &Path, to: &Path) -> Result<(), JournalError> {
    if let Some(parent) = to.parent() {
        store::create_private_dir(parent)?;
    }
    store::rename(from, to).map_err(|source| JournalError::Move {
        from: from.to_path_buf(),
        to: to.to_path_buf(),
        source,
    })?;
    if let Some(parent) = to.parent() {
        store::sync_dir(parent);
    }
    if let Some(parent) = from.parent() {
        store::sync_dir(parent);
    }
    Ok(())
}

/// "size:mtime-nanos", which changes whenever a file's content does.
fn stamp(meta: &fs::Metadata) -> String {
    let mtime = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("{}:{mtime}", meta.len())
}

/// Entry files under `root/YYYY/`, sorted.
fn list_files(root: &Path) -> Result<Vec<PathBuf>, JournalError> {
    let years = match fs::read_dir(root) {
        Ok(years) => years,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => return Err(read_err(root)(e)),
    };
    let mut files = Vec::new();
    for year in years.flatten() {
        let dir = year.path();
        if !dir.is_dir() {
            continue;
        }
        for file in fs::read_dir(&dir).map_err(read_err(&dir))?.flatten() {
            let path = file.path();
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && !name.starts_with('.') {
                files.push(path);
            }
        }
    }
    files.sort();
    Ok(files)
}

/// Reads one entry file.
pub fn read(path: &Path) -> Result<Entry, Broken> {
    read_text(path).map(|(entry, _)| entry)
}

/// Reads one entry file, keeping its text for a later save's check.
pub fn read_stored(path: &Path) -> Result<Stored, Broken> {
    read_text(path).map(|(entry, original)| Stored {
        entry,
        path: path.to_path_buf(),
        original,
    })
}

/// Reads one entry file, with its text as read.
fn read_text(path: &Path) -> Result<(Entry, String), Broken> {
    let broken = |line, reason: String| Broken {
        path: path.to_path_buf(),
        line,
        reason,
    };
    let bytes = fs::read(path).map_err(|e| broken(1, e.to_string()))?;
    let text = String::from_utf8(bytes).map_err(|_| broken(1, "not UTF-8 text".into()))?;
    let entry = Entry::parse(&text).map_err(|e| broken(e.line, e.message))?;
    Ok((entry, text))
}

fn scan_dir(root: &Path) -> Result<Scan, JournalError> {
    let mut scan = Scan::default();
    for path in list_files(root)? {
        match read_text(&path) {
            Ok((entry, original)) => scan.entries.push(Stored {
                entry,
                path,
                original,
            }),
            Err(broken) => scan.broken.push(broken),
        }
    }
    Ok(scan)
}

/// A short, stable, unique id for a new entry: 10 letters and digits.
/// Only the public text of the title goes in, hashed.
pub fn new_id(created: OffsetDateTime, title: &str) -> String {
    let (title, _) = crate::model::public_text(title);
    use sha2::{Digest, Sha256};
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut h = Sha256::new();
    h.update(created.unix_timestamp_nanos().to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.update(COUNTER.fetch_add(1, Ordering::Relaxed).to_le_bytes());
    h.update(title.as_bytes());
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    h.update(nanos.to_le_bytes());
    const ALPHABET: &[u8] = b"abcdefghijkmnpqrstuvwxyz23456789";
    h.finalize()
        .iter()
        .take(10)
        .map(|b| ALPHABET[(*b as usize) % ALPHABET.len()] as char)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_short_and_safe() {
        assert_eq!(slug("Approval for a pilot!"), "approval-for-a-pilot");
        assert_eq!(slug("  ¿Qué hacer?  "), "qué-hacer");
        assert_eq!(slug("!!!"), "entry");
        assert!(slug(&"long ".repeat(40)).chars().count() <= 48);
    }

    #[test]
    fn file_names_hold_only_the_public_text_of_the_title() {
        let mut entry = Entry::parse(&format!(
            "+++\nid = \"a1\"\nkind = \"lesson\"\ntitle = \"x\"\ncreated = \"{0}\"\nupdated = \"{0}\"\n+++\n",
            "1970-01-01T00:00:00Z"
        ))
        .unwrap();
        entry.meta.title = "Talk with %%Jane Doe%% about budgets".into();
        assert_eq!(file_slug(&entry), "talk-with-about-budgets");
        entry.meta.title = "%%Jane Doe's leave%%".into();
        assert_eq!(file_slug(&entry), "lesson");
    }

    #[test]
    fn ids_differ_even_for_the_same_moment_and_title() {
        let t = OffsetDateTime::UNIX_EPOCH;
        assert_ne!(new_id(t, "x"), new_id(t, "x"));
        assert!(
            new_id(t, "x")
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        );
    }
}
