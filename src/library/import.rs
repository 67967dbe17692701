//! Notes people already have, into the journal: jrnl's plain text and JSON
//! export, and folders of Markdown notes. Every import can be previewed
//! (a dry run writes nothing); a second import of the same notes adds
//! nothing; nothing already in the journal is changed; what is left out
//! is reported with its file, line and why.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use sha2::{Digest, Sha256};
use time::{OffsetDateTime, UtcOffset};

use super::journal::{clean_tags, now};
use super::{Library, LibraryError};
use crate::journal::new_id;
use crate::model::import::{self as read, Note, Unread};
use crate::model::{Entry, EntryStatus, FrontMatter, Kind, size_words};

/// The largest note imported (a note, not a document: 4 MiB).
pub const MAX_NOTE: usize = 4 * 1024 * 1024;

/// The longest title kept as it is; a longer first line is cut for the
/// title and kept whole at the top of the body.
const MAX_TITLE: usize = 160;

/// Where notes come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImportFormat {
    /// jrnl's plain-text journal file.
    Jrnl,
    /// jrnl's `--export json`.
    JrnlJson,
    /// A Markdown note or a folder of them.
    Markdown,
}

impl ImportFormat {
    pub const NAMES: &'static str = "jrnl, jrnl-json, markdown";

    pub fn parse(name: &str) -> Option<ImportFormat> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "jrnl" | "txt" => ImportFormat::Jrnl,
            "jrnl-json" | "json" => ImportFormat::JrnlJson,
            "markdown" | "md" | "obsidian" | "zk" | "nb" | "logseq" => ImportFormat::Markdown,
            _ => return None,
        })
    }

    fn prefix(self) -> &'static str {
        match self {
            ImportFormat::Jrnl | ImportFormat::JrnlJson => "jrnl",
            ImportFormat::Markdown => "markdown",
        }
    }
}

/// Where the notes are read from.
#[derive(Debug, Clone)]
pub enum ImportSource {
    /// A file, or for Markdown a file or a folder.
    Path(PathBuf),
    /// Text already read (standard input), with a name for messages.
    Text { name: String, bytes: Vec<u8> },
}

/// How an import decides what it makes of each note.
#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub format: ImportFormat,
    /// The kind of a note that names none (no kind tag, no mapping):
    /// lesson when not given.
    pub kind: Option<Kind>,
    /// Tags that give a kind (`idea` → challenge), tried in order before
    /// the kinds' own names (`@lesson`).
    pub kind_tags: Vec<(String, Kind)>,
    /// jrnl's own `timeformat` (strftime, as in its config), tried first.
    pub time_format: Option<String>,
    /// Only say what would be imported.
    pub dry_run: bool,
}

/// One note made an entry (or, in a dry run, that would be).
#[derive(Debug, Clone)]
pub struct ImportedNote {
    pub place: String,
    pub id: String,
    pub title: String,
    pub kind: Kind,
    pub created: OffsetDateTime,
    /// Its file, once written.
    pub path: Option<PathBuf>,
}

/// A note left out, where it is and why.
#[derive(Debug, Clone)]
pub struct SkippedNote {
    pub place: String,
    pub title: Option<String>,
    pub why: String,
    /// Left out because it is already in the journal (or twice in the
    /// source), not because of a problem with it.
    pub duplicate: bool,
}

/// What an import did, or in a dry run would do.
#[derive(Debug, Clone, Default)]
pub struct NotesReport {
    pub source: String,
    pub dry_run: bool,
    /// Notes found in the source.
    pub found: usize,
    pub added: Vec<ImportedNote>,
    pub skipped: Vec<SkippedNote>,
    /// Starred notes (tagged `starred`, cairn has no star).
    pub starred: usize,
    /// Titles cut to fit (kept whole in the body).
    pub long_titles: usize,
    /// Notes that held escape codes or control characters, removed (a
    /// terminal would act on them).
    pub cleaned: usize,
    /// Set when writing stopped part way (a full disk, say): why. The
    /// notes in `added` with a path were written; a second run adds the rest.
    pub failed: Option<String>,
}

impl NotesReport {
    /// How many entries of each kind were (or would be) added.
    pub fn kinds(&self) -> Vec<(Kind, usize)> {
        let mut counts: Vec<(Kind, usize)> = Vec::new();
        for note in &self.added {
            match counts.iter_mut().find(|(k, _)| *k == note.kind) {
                Some((_, n)) => *n += 1,
                None => counts.push((note.kind, 1)),
            }
        }
        counts
    }
}

/// A note with the place it came from ("journal.txt:12").
struct Found {
    place: String,
    note: Note,
}

impl Library {
    /// Reads notes from `source` in `options.format` and adds each that is
    /// not already in the journal as a new entry (or, in a dry run, says
    /// which would be). A source that cannot be read at all is an error
    /// and nothing is written.
    pub fn import_notes(
        &self,
        source: &ImportSource,
        options: &ImportOptions,
    ) -> Result<NotesReport, LibraryError> {
        let offset = now().offset();
        let forms = match &options.time_format {
            Some(f) => vec![read::strftime(f).map_err(|why| unreadable("--time-format", why))?],
            None => Vec::new(),
        };
        let mut report = NotesReport {
            source: source_name(source),
            dry_run: options.dry_run,
            ..NotesReport::default()
        };
        let found = match options.format {
            ImportFormat::Jrnl | ImportFormat::JrnlJson => {
                self.read_jrnl_source(source, options.format, &forms, offset, &mut report)?
            }
            ImportFormat::Markdown => self.read_markdown_source(source, offset, &mut report)?,
        };
        report.found = found.len() + report.skipped.len();
        let entries = self.new_entries(found, options, &mut report)?;
        if !options.dry_run && !entries.is_empty() {
            let (paths, failed) = self.journal().add_many(&entries);
            for (note, path) in report.added.iter_mut().zip(paths) {
                note.path = Some(path);
            }
            report.failed = failed.map(|e| e.to_string());
        }
        Ok(report)
    }

    fn read_jrnl_source(
        &self,
        source: &ImportSource,
        format: ImportFormat,
        forms: &[time::format_description::OwnedFormatItem],
        offset: UtcOffset,
        report: &mut NotesReport,
    ) -> Result<Vec<Found>, LibraryError> {
        let name = source_name(source);
        let bytes = match source {
            ImportSource::Text { bytes, .. } => bytes.clone(),
            ImportSource::Path(path) if path.is_dir() => {
                return Err(unreadable(
                    &name,
                    "is a folder; jrnl keeps a journal in one file (--from markdown reads folders of notes)"
                        .into(),
                ));
            }
            ImportSource::Path(path) => std::fs::read(path)
                .map_err(|e| unreadable(&name, format!("cannot be read ({e})")))?,
        };
        let text =
            utf8(&bytes).map_err(|(line, why)| unreadable(&format!("{name}:{line}"), why))?;
        let (notes, unread) = if format == ImportFormat::Jrnl {
            let (notes, unread) = read::read_jrnl(&text, forms, offset);
            if notes.is_empty() && !unread.iter().any(|u| u.why.contains("looks like")) {
                return Err(unreadable(
                    &name,
                    "holds no jrnl entries: each starts with a line such as \
                     [2026-11-02 09:30] Title (is it jrnl's JSON export? use --from jrnl-json)"
                        .into(),
                ));
            }
            (notes, unread)
        } else {
            read::read_jrnl_json(&text, offset).map_err(|why| unreadable(&name, why))?
        };
        report
            .skipped
            .extend(unread.into_iter().map(|u| skipped(&name, u)));
        Ok(notes
            .into_iter()
            .map(|note| Found {
                place: format!("{name}:{}", note.line),
                note,
            })
            .collect())
    }

    fn read_markdown_source(
        &self,
        source: &ImportSource,
        offset: UtcOffset,
        report: &mut NotesReport,
    ) -> Result<Vec<Found>, LibraryError> {
        let root = match source {
            ImportSource::Path(path) => path.clone(),
            ImportSource::Text { name, .. } => {
                return Err(unreadable(
                    name,
                    "Markdown notes are read from a file or a folder, not standard input".into(),
                ));
            }
        };
        let name = root.display().to_string();
        let journal_root = std::fs::canonicalize(self.journal().root()).ok();
        if let (Ok(at), Some(own)) = (std::fs::canonicalize(&root), &journal_root)
            && (at.starts_with(own) || own.starts_with(&at))
        {
            return Err(unreadable(
                &name,
                "holds cairn's own journal; its entries are already there".into(),
            ));
        }
        let files = if root.is_dir() {
            markdown_files(&root).map_err(|e| unreadable(&name, format!("cannot be read ({e})")))?
        } else if root.is_file() {
            vec![root.clone()]
        } else {
            return Err(unreadable(&name, "is not there".into()));
        };
        let mut found = Vec::new();
        for file in files {
            let shown = shown_path(&root, &file);
            match markdown_note(&file, &shown, offset) {
                Ok(note) => found.push(Found {
                    place: format!("{shown}:{}", note.line),
                    note,
                }),
                Err(u) => report.skipped.push(skipped(&shown, u)),
            }
        }
        Ok(found)
    }

    /// Makes entries of the notes that are new, reporting the others.
    fn new_entries(
        &self,
        found: Vec<Found>,
        options: &ImportOptions,
        report: &mut NotesReport,
    ) -> Result<Vec<Entry>, LibraryError> {
        let existing = self.journal_scan()?.entries;
        let mut by_key: HashMap<String, String> = HashMap::new();
        let mut by_moment: HashMap<(String, String), String> = HashMap::new();
        for s in &existing {
            let m = &s.entry.meta;
            if let Some(key) = &m.imported {
                by_key.insert(key.clone(), m.id.clone());
            }
            by_moment.insert(moment(m.created, &m.title), m.id.clone());
        }
        let mut seen: HashMap<String, String> = HashMap::new();
        let mut entries = Vec::new();
        let now = now();
        for Found { place, note } in found {
            let key = format!(
                "{}:{}",
                options.format.prefix(),
                fingerprint(&note.identity)
            );
            let title = Some(note.title.clone());
            let skip = |(why, duplicate): (String, bool)| SkippedNote {
                place: place.clone(),
                title: title.clone(),
                why,
                duplicate,
            };
            let created = note.created.unwrap_or(now);
            let at = moment(created, &note.title);
            let why = if let Some(id) = by_key.get(&key) {
                Some((format!("already imported (entry {id})"), true))
            } else if let Some(id) = by_moment.get(&at) {
                Some((
                    format!("already in the journal as {id} (same time and title)"),
                    true,
                ))
            } else if let Some(first) = seen.get(&key) {
                Some((format!("the same note as {first}"), true))
            } else if note.title.trim().is_empty() && note.body.trim().is_empty() {
                Some(("it has no text".into(), false))
            } else if note.body.len() + note.title.len() > MAX_NOTE {
                Some((too_big(note.body.len() + note.title.len()), false))
            } else if created > now + time::Duration::minutes(5) {
                Some((
                    format!("it is dated in the future ({})", created.date()),
                    false,
                ))
            } else {
                None
            };
            if let Some(why) = why {
                report.skipped.push(skip(why));
                continue;
            }
            seen.insert(key.clone(), place.clone());
            let entry = make_entry(note, key, created, options, report);
            report.added.push(ImportedNote {
                place,
                id: entry.meta.id.clone(),
                title: entry.meta.title.clone(),
                kind: entry.meta.kind,
                created,
                path: None,
            });
            entries.push(entry);
        }
        Ok(entries)
    }
}

/// The entry a note makes: its kind from the note, a kind tag, or the
/// default; starred notes tagged `starred`; a long title cut (the whole
/// line kept in the body).
fn make_entry(
    note: Note,
    key: String,
    created: OffsetDateTime,
    options: &ImportOptions,
    report: &mut NotesReport,
) -> Entry {
    let (note, cleaned) = clean_note(note);
    if cleaned {
        report.cleaned += 1;
    }
    let mut tags = note.tags;
    let mapped = options
        .kind_tags
        .iter()
        .find(|(tag, _)| tags.iter().any(|t| t == tag))
        .map(|(_, kind)| *kind);
    let named = tags.iter().find_map(|t| Kind::parse(t));
    let kind = note
        .kind
        .or(mapped)
        .or(named)
        .or(options.kind)
        .unwrap_or(Kind::Lesson);
    // A kind's own name as a tag says nothing the kind does not.
    tags.retain(|t| Kind::parse(t).is_none());
    if note.starred {
        report.starred += 1;
        tags.push("starred".into());
    }
    let (title, body) = fit_title(note.title, note.body);
    if title.ends_with('…') {
        report.long_titles += 1;
    }
    Entry {
        meta: FrontMatter {
            id: new_id(created, &title),
            kind,
            title,
            created,
            updated: created,
            status: (kind == Kind::Challenge).then_some(EntryStatus::Open),
            shareable: false,
            tags: clean_tags(tags),
            networks: Vec::new(),
            related: Vec::new(),
            evidence: Vec::new(),
            follow_up: None,
            stage: None,
            effort: None,
            asked: Vec::new(),
            imported: Some(key),
            extra: toml::Table::new(),
        },
        body,
    }
}

/// A note as text safe to show in a terminal (`model::clean_text`: escape
/// sequences, control and invisible characters out), and whether anything
/// was removed.
fn clean_note(mut note: Note) -> (Note, bool) {
    let mut any = false;
    let mut clean = |text: &mut String| {
        let (out, removed) = crate::model::clean_text(text);
        any |= removed.any();
        *text = out;
    };
    clean(&mut note.title);
    clean(&mut note.body);
    for tag in &mut note.tags {
        clean(tag);
    }
    note.tags.retain(|t| !t.trim().is_empty());
    (note, any)
}

/// A title of at most [`MAX_TITLE`] bytes: a longer one is cut at a word
/// and the whole of it starts the body.
fn fit_title(title: String, body: String) -> (String, String) {
    let title = title.trim().to_string();
    let title = if title.is_empty() {
        body.lines()
            .find(|l| !l.trim().is_empty())
            .unwrap_or("")
            .trim()
            .to_string()
    } else {
        title
    };
    if title.len() <= MAX_TITLE {
        return (title, body);
    }
    let mut cut = MAX_TITLE;
    while !title.is_char_boundary(cut) {
        cut -= 1;
    }
    let short = match title[..cut].rfind(' ') {
        Some(space) if space > MAX_TITLE / 2 => &title[..space],
        _ => &title[..cut],
    };
    let body = if body.is_empty() {
        title.clone()
    } else {
        format!("{title}\n\n{body}")
    };
    (format!("{}…", short.trim_end()), body)
}

/// A note's time to the minute and its title as compared: what tells an
/// entry exported from cairn (or a jrnl entry) already here.
fn moment(at: OffsetDateTime, title: &str) -> (String, String) {
    let at = at.to_offset(UtcOffset::UTC);
    let title = title
        .trim()
        .trim_end_matches(['.', '!', '?', '…', ' '])
        .to_lowercase();
    (read::minute_stamp(at), title)
}

fn too_big(size: usize) -> String {
    format!(
        "it is {} bytes, more than the {} a note may be (keep it as a file and link to it)",
        size,
        size_words(MAX_NOTE)
    )
}

fn fingerprint(identity: &str) -> String {
    let digest = Sha256::digest(identity.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

fn unreadable(place: &str, why: String) -> LibraryError {
    LibraryError::Unreadable {
        place: crate::model::safe(place).into_owned(),
        why,
    }
}

fn skipped(file: &str, u: Unread) -> SkippedNote {
    SkippedNote {
        place: format!("{file}:{}", u.line),
        title: None,
        why: u.why,
        duplicate: false,
    }
}

fn source_name(source: &ImportSource) -> String {
    match source {
        ImportSource::Path(p) => p.display().to_string(),
        ImportSource::Text { name, .. } => name.clone(),
    }
}

/// Text from bytes, or the line where they stop being UTF-8 and why.
fn utf8(bytes: &[u8]) -> Result<String, (usize, String)> {
    match std::str::from_utf8(bytes) {
        Ok(text) => Ok(text.to_string()),
        Err(e) => {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|b| **b == b'\n').count() + 1;
            Err((
                line,
                format!(
                    "is not UTF-8 text (byte {} of the file); save it as UTF-8 and import again",
                    at + 1
                ),
            ))
        }
    }
}

/// The Markdown files under `root`, in order, leaving out hidden folders
/// (.obsidian, .git, .trash) and Logseq's own folder; links to folders are
/// not followed.
fn markdown_files(root: &Path) -> std::io::Result<Vec<PathBuf>> {
    let mut files = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for item in std::fs::read_dir(&dir)? {
            let item = item?;
            let name = item.file_name().to_string_lossy().into_owned();
            let kind = item.file_type()?;
            if name.starts_with('.') {
                continue;
            }
            if kind.is_dir() {
                if !(dir == root && name == "logseq") {
                    dirs.push(item.path());
                }
            } else if (kind.is_file() || kind.is_symlink())
                && (name.ends_with(".md") || name.ends_with(".markdown"))
            {
                files.push(item.path());
            }
        }
    }
    files.sort();
    Ok(files)
}

fn shown_path(root: &Path, file: &Path) -> String {
    if root == file {
        return file.display().to_string();
    }
    let rel = file.strip_prefix(root).unwrap_or(file);
    rel.to_string_lossy().replace('\\', "/")
}

/// One Markdown file read as a note, or why it cannot be.
fn markdown_note(file: &Path, shown: &str, offset: UtcOffset) -> Result<Note, Unread> {
    let fail = |why: String| Unread { line: 1, why };
    let meta = std::fs::metadata(file).map_err(|e| fail(format!("cannot be read ({e})")))?;
    if meta.len() as usize > MAX_NOTE {
        return Err(fail(too_big(meta.len() as usize)));
    }
    let bytes = std::fs::read(file).map_err(|e| fail(format!("cannot be read ({e})")))?;
    let text = utf8(&bytes).map_err(|(line, why)| Unread {
        line,
        why: format!("it {why}"),
    })?;
    let file_time = meta
        .modified()
        .ok()
        .map(|t| OffsetDateTime::from(t).to_offset(offset))
        .unwrap_or_else(now);
    let file_time = file_time.replace_nanosecond(0).unwrap_or(file_time);
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    read::read_markdown(&text, &stem, shown, file_time, offset)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_titles_are_cut_and_kept_whole_in_the_body() {
        let long = "word ".repeat(60);
        let (title, body) = fit_title(long.clone(), "rest".into());
        assert!(title.len() <= MAX_TITLE + '…'.len_utf8(), "{title}");
        assert!(title.ends_with('…'));
        assert!(body.starts_with(long.trim()) && body.ends_with("rest"));
        let (title, body) = fit_title(String::new(), "\nFirst line\nmore".into());
        assert_eq!(
            (title.as_str(), body.as_str()),
            ("First line", "\nFirst line\nmore")
        );
    }

    #[test]
    fn bytes_that_are_not_utf8_name_their_line() {
        let (line, why) = utf8(b"one\ntwo\n\xff three").unwrap_err();
        assert_eq!(line, 3);
        assert!(why.contains("byte 9"), "{why}");
    }

    #[test]
    fn the_same_moment_and_title_match_whatever_the_offset_and_full_stop() {
        let a = time::macros::datetime!(2026-11-02 09:30 +01:00);
        let b = time::macros::datetime!(2026-11-02 08:30:59 UTC);
        assert_eq!(moment(a, "Budget stalled."), moment(b, "budget stalled"));
    }
}
