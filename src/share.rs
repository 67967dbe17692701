//! Lesson pack files: reading a pack someone else made (refusing or
//! cleaning what could harm), and the store of peer lessons imported from
//! packs, `peers/lessons.json` in the data folder. Imports are read,
//! merged and written back under a lock, atomically, so nothing already
//! imported is lost, and a store that cannot be read is never written over.

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::model::{LESSONS_SCHEMA, LessonPack, PackLesson, is_slug, moment, pack_time, sanitise};
use crate::store::{self, StoreError};

/// Longest title or tag kept from a pack, in characters.
const MAX_TITLE: usize = 300;
/// Longest body kept from a pack, in characters.
const MAX_BODY: usize = 100_000;

#[derive(Debug, thiserror::Error)]
pub enum ShareError {
    #[error("{origin} is {size} bytes, over the {limit}-byte limit for a lesson pack")]
    TooLarge {
        origin: String,
        size: usize,
        limit: u64,
    },
    #[error(
        "{origin} is not UTF-8 text (bad byte at position {at}); a lesson pack is a JSON file written by cairn"
    )]
    NotUtf8 { origin: String, at: usize },
    #[error("{origin} is nested too deeply to be a lesson pack; it was refused")]
    TooDeep { origin: String },
    #[error("{origin} is not valid JSON at line {line}, column {column}: {message}")]
    Json {
        origin: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{origin} is not a lesson pack: {why}")]
    NotAPack { origin: String, why: String },
    #[error(
        "{origin} is the Markdown form of a lesson pack, made for people to read; cairn imports \
         the JSON form: import the .json file saved beside it{}",
        json_beside(origin)
    )]
    Markdown { origin: String },
    #[error(
        "{origin} is a web page (HTML), not a lesson pack; if it came from an address, the \
         address is probably wrong (it should lead to the pack's .json file itself)"
    )]
    WebPage { origin: String },
    #[error(
        "{origin} is a \"{found}\" file; this cairn reads \"{LESSONS_SCHEMA}\" packs (a newer cairn may be needed)"
    )]
    WrongSchema { origin: String, found: String },
    #[error("{} cannot be read ({why}); it was left as it is and nothing was imported: move it aside to start afresh", path.display())]
    StoreUnreadable { path: PathBuf, why: String },
    #[error(transparent)]
    Write(#[from] StoreError),
}

/// A lesson imported from a pack, with where it came from.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PeerLesson {
    #[serde(flatten)]
    pub lesson: PackLesson,
    /// The network the pack was shared with.
    pub network: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub author: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// The file or address it was imported from.
    pub from: String,
    /// When it was imported, RFC 3339.
    pub imported: String,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct StoreFile {
    lessons: Vec<PeerLesson>,
}

/// What an import did.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct ImportReport {
    pub added: usize,
    pub replaced: usize,
    pub unchanged: usize,
    /// Lessons skipped because a newer version is already imported.
    pub older: usize,
    /// Lessons signed with the person's own key: theirs, not a peer's.
    pub own: usize,
    /// Unsigned lessons left out because a signed one has their id.
    pub refused: usize,
    /// Lessons left out of the pack, and text cleaned, with why.
    pub warnings: Vec<String>,
}

fn clean(text: &str, max: usize, what: &str, warnings: &mut Vec<String>) -> String {
    let (mut out, changed) = sanitise(text);
    if changed {
        warnings.push(format!(
            "{what}: control characters or terminal escape sequences were removed"
        ));
    }
    if out.chars().count() > max {
        out = out.chars().take(max).collect();
        warnings.push(format!("{what}: cut to {max} characters"));
    }
    out
}

/// How the Markdown form of a pack begins (see `LessonPack::to_markdown`).
const MARKDOWN_HEADING: &str = "# Lessons shared with";

/// " (NAME.json)" for a Markdown pack named NAME.md, the JSON form cairn
/// saves beside it; nothing for another name.
fn json_beside(origin: &str) -> String {
    let lower = origin.to_ascii_lowercase();
    match lower.strip_suffix(".md") {
        Some(_) => format!(" ({}.json)", &origin[..origin.len() - 3]),
        None => String::new(),
    }
}

/// Reads a lesson pack made by someone else. Hostile input is refused
/// (too large, not UTF-8, too deeply nested, not a pack) or cleaned
/// (escape sequences and control characters removed, over-long text cut),
/// and each cleaning is reported.
pub fn parse_pack(
    bytes: &[u8],
    origin: &str,
    limit: u64,
) -> Result<(LessonPack, Vec<String>), ShareError> {
    // A file name is outside text too.
    let origin = sanitise(origin).0;
    if bytes.len() as u64 > limit {
        return Err(ShareError::TooLarge {
            origin,
            size: bytes.len(),
            limit,
        });
    }
    let text = std::str::from_utf8(bytes).map_err(|e| ShareError::NotUtf8 {
        origin: origin.clone(),
        at: e.valid_up_to(),
    })?;
    // Editors on some systems start a UTF-8 file with a byte-order mark.
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let start = text.trim_start();
    if start.starts_with(MARKDOWN_HEADING) {
        return Err(ShareError::Markdown { origin });
    }
    if crate::catalogue::looks_like_html(start.as_bytes()) {
        return Err(ShareError::WebPage { origin });
    }
    let value: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        if e.to_string().contains("recursion limit") {
            ShareError::TooDeep {
                origin: origin.clone(),
            }
        } else {
            ShareError::Json {
                origin: origin.clone(),
                line: e.line(),
                column: e.column(),
                message: sanitise(&crate::model::json_reason(&e)).0,
            }
        }
    })?;
    match value.get("schema").and_then(|s| s.as_str()) {
        Some(LESSONS_SCHEMA) => {}
        Some(found) => {
            return Err(ShareError::WrongSchema {
                origin,
                found: sanitise(found).0,
            });
        }
        None => {
            return Err(ShareError::NotAPack {
                origin,
                why: format!("it has no \"schema\": \"{LESSONS_SCHEMA}\""),
            });
        }
    }
    let mut pack: LessonPack = serde_json::from_value(value).map_err(|e| ShareError::NotAPack {
        origin: origin.clone(),
        why: sanitise(&e.to_string()).0,
    })?;
    let mut warnings = Vec::new();
    pack.network = clean(&pack.network, MAX_TITLE, "network", &mut warnings);
    if !is_slug(&pack.network) {
        return Err(ShareError::NotAPack {
            origin,
            why: format!("\"{}\" is not a network id", pack.network),
        });
    }
    pack.author = pack
        .author
        .map(|a| clean(&a, MAX_TITLE, "author", &mut warnings));
    pack.organisation = pack
        .organisation
        .map(|o| clean(&o, MAX_TITLE, "organisation", &mut warnings));
    pack.generator = clean(&pack.generator, MAX_TITLE, "generator", &mut warnings);
    pack.exported = clean(&pack.exported, MAX_TITLE, "exported", &mut warnings);
    let now = time::OffsetDateTime::now_utc();
    let mut kept = Vec::with_capacity(pack.lessons.len());
    for (i, mut l) in std::mem::take(&mut pack.lessons).into_iter().enumerate() {
        let what = format!("lesson {}", i + 1);
        let id_ok = !l.id.is_empty()
            && l.id.len() <= 64
            && l.id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
        if !id_ok {
            warnings.push(format!("{what}: left out, its id is not usable"));
            continue;
        }
        // The signature holds for the text as its author wrote it, so it
        // is checked before anything is cleaned.
        let signed = match l.verify() {
            Ok(signer) => signer.is_some(),
            Err(why) => {
                warnings.push(format!("{what}: left out, {why}"));
                continue;
            }
        };
        let as_signed = l.signed_bytes();
        l.title = clean(&l.title, MAX_TITLE, &what, &mut warnings);
        l.body = clean(&l.body, MAX_BODY, &what, &mut warnings);
        l.tags = l
            .tags
            .iter()
            .map(|t| clean(t, MAX_TITLE, &what, &mut warnings))
            .filter(|t| !t.trim().is_empty())
            .collect();
        for field in [
            &mut l.created,
            &mut l.updated,
            &mut l.language,
            &mut l.licence,
        ] {
            *field = clean(field, MAX_TITLE, &what, &mut warnings);
        }
        if l.title.trim().is_empty() {
            warnings.push(format!("{what}: left out, it has no title"));
            continue;
        }
        if let Err(why) = normalise_times(&mut l, now, &what, &mut warnings) {
            warnings.push(format!("{what}: left out, its date {why}"));
            continue;
        }
        if signed && l.signed_bytes() != as_signed {
            l.signer = None;
            l.signature = None;
            warnings.push(format!(
                "{what}: its text had to be cleaned, so its signature no longer holds; kept as unsigned"
            ));
        }
        l.hash = l.digest();
        kept.push(l);
    }
    warnings.dedup();
    pack.lessons = kept;
    Ok((pack, warnings))
}

fn store_path(data: &Path) -> PathBuf {
    data.join("peers").join("lessons.json")
}

/// Every imported lesson; none when nothing was imported yet.
pub fn load(data: &Path) -> Result<Vec<PeerLesson>, ShareError> {
    let path = store_path(data);
    let bytes = match std::fs::read(&path) {
        Ok(b) => b,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
        Err(e) => {
            return Err(ShareError::StoreUnreadable {
                path,
                why: e.to_string(),
            });
        }
    };
    serde_json::from_slice::<StoreFile>(&bytes)
        .map(|f| f.lessons)
        .map_err(|e| ShareError::StoreUnreadable {
            path,
            why: e.to_string(),
        })
}

/// A lesson's `created` and `updated` read strictly and written in one
/// form (see [`pack_time`]); a note for each one read with a guess.
fn normalise_times(
    l: &mut PackLesson,
    now: time::OffsetDateTime,
    what: &str,
    warnings: &mut Vec<String>,
) -> Result<(), String> {
    for field in [&mut l.created, &mut l.updated] {
        let (text, note) = pack_time(field, now)?;
        if let Some(note) = note {
            warnings.push(format!("{what}: {note}"));
        }
        *field = text;
    }
    Ok(())
}

/// Removes from the store every lesson `unwanted` picks, under the lock;
/// returns those removed. A store that cannot be read is left as it is.
pub fn remove(
    data: &Path,
    unwanted: impl Fn(&PeerLesson) -> bool,
) -> Result<Vec<PeerLesson>, ShareError> {
    let root = data.join("peers");
    if !root.exists() {
        return Ok(Vec::new());
    }
    let _lock = store::lock_file(&root.join(".lock"))?;
    let (removed, kept): (Vec<PeerLesson>, Vec<PeerLesson>) =
        load(data)?.into_iter().partition(|l| unwanted(l));
    if !removed.is_empty() {
        let json = serde_json::to_vec(&StoreFile { lessons: kept }).expect("lessons serialise");
        store::write_atomic(&store_path(data), &json)?;
    }
    Ok(removed)
}

/// Adds a pack's lessons to the store. A lesson is known by its signer and
/// its id: a lesson already there is replaced only by a newer version of
/// itself from the same signer, so no pack can replace another author's
/// lesson; an unsigned lesson never replaces a signed one with its id; and
/// lessons signed with `own` (the person's own key) are not imported: they
/// are the person's own, not a peer's.
pub fn import(
    data: &Path,
    pack: &LessonPack,
    from: &str,
    imported: &str,
    own: Option<&str>,
) -> Result<ImportReport, ShareError> {
    let root = data.join("peers");
    store::create_private_dir(&root)?;
    let _lock = store::lock_file(&root.join(".lock"))?;
    let mut lessons = load(data)?;
    let mut at: HashMap<(Option<String>, String), usize> = lessons
        .iter()
        .enumerate()
        .map(|(i, l)| ((l.lesson.signer.clone(), l.lesson.id.clone()), i))
        .collect();
    // Ids some signed lesson holds, here already or in this pack (in any
    // order): an unsigned lesson with one of them is refused.
    let signed_ids: std::collections::HashSet<String> = lessons
        .iter()
        .map(|l| &l.lesson)
        .chain(&pack.lessons)
        .filter(|l| l.signer.is_some())
        .map(|l| l.id.clone())
        .collect();
    let mut report = ImportReport::default();
    let from = sanitise(from).0;
    for l in &pack.lessons {
        if own.is_some() && l.signer.as_deref() == own {
            report.own += 1;
            continue;
        }
        if l.signer.is_none() && signed_ids.contains(&l.id) {
            report.warnings.push(format!(
                "\"{}\" was left out: it is unsigned and a signed lesson with its id is already imported",
                l.title
            ));
            report.refused += 1;
            continue;
        }
        let peer = PeerLesson {
            lesson: l.clone(),
            network: pack.network.clone(),
            author: pack.author.clone(),
            organisation: pack.organisation.clone(),
            from: from.clone(),
            imported: imported.to_string(),
        };
        let key = (l.signer.clone(), l.id.clone());
        match at.get(&key) {
            None => {
                at.insert(key, lessons.len());
                lessons.push(peer);
                report.added += 1;
            }
            Some(&i) if lessons[i].lesson.hash == l.hash => report.unchanged += 1,
            // A different text stamped the same second is taken as the
            // later version: it came later.
            Some(&i) if moment(&l.updated) >= moment(&lessons[i].lesson.updated) => {
                lessons[i] = peer;
                report.replaced += 1;
            }
            Some(_) => report.older += 1,
        }
    }
    if report.added + report.replaced > 0 {
        let json = serde_json::to_vec(&StoreFile { lessons }).expect("lessons serialise");
        store::write_atomic(&store_path(data), &json)?;
    }
    Ok(report)
}
