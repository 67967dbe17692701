//! Publishing a network's lessons as a static site any web host serves:
//! the lesson packs a network received, read through the same strict
//! parser as an import, de-duplicated and written into one folder as
//! `lessons.json` (one `cairn.lessons/1` pack), `feed.xml` (Atom 1.0),
//! `feed.json` (JSON Feed 1.1), `index.html` with a page per lesson under
//! `lessons/`, and optionally the network's `catalogue.json`.
//!
//! What is written depends only on the packs (never on the clock), so
//! publishing the same packs again writes nothing, and publishing more
//! rewrites only the files whose bytes changed (see `site`).

mod feeds;
mod html;
mod markdown;
mod site;

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::Serialize;

use crate::model::{LessonPack, PackLesson, Problem, is_slug, moment, safe};
use crate::share::{ShareError, parse_pack};
use crate::store::StoreError;

pub use html::esc;
pub use markdown::safe_url;

/// A Markdown body as safe HTML (nothing from it runs: raw HTML is shown
/// as text, links only to safe addresses) and a one-line summary.
pub fn markdown_html(body: &str) -> (String, String) {
    markdown::render(body, 200)
}

/// What to publish and where.
#[derive(Debug, Clone)]
pub struct PublishOptions {
    /// The network's catalogue id; packs shared with another are refused.
    pub network: String,
    /// The site's title; the network id when not given.
    pub title: Option<String>,
    /// Where the folder will be served (`https://…/`), for the feeds'
    /// absolute links.
    pub base_url: Option<String>,
    /// Lesson pack files (JSON).
    pub packs: Vec<PathBuf>,
    /// The folder to write into (created if missing).
    pub out: PathBuf,
    /// A catalogue file to publish as `catalogue.json`, checked first.
    pub catalogue: Option<PathBuf>,
    /// The largest pack read, in bytes.
    pub limit: u64,
}

/// A pack that was not published, and why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Refused {
    pub file: String,
    pub why: String,
}

/// What a publish did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct PublishReport {
    /// Packs read and published.
    pub packs: usize,
    /// Lessons in the site.
    pub lessons: usize,
    /// Older versions (or copies) of a lesson left out for a newer one.
    pub superseded: usize,
    pub refused: Vec<Refused>,
    /// Lessons left out of a pack, and text cleaned, with the pack's name.
    pub warnings: Vec<String>,
    /// Files written (new or changed), relative to the folder.
    pub written: Vec<String>,
    /// Files left as they were because their bytes had not changed.
    pub unchanged: usize,
    /// Pages of lessons no longer published, removed (only pages cairn made).
    pub removed: Vec<String>,
}

#[derive(Debug, thiserror::Error)]
pub enum PublishError {
    #[error("\"{0}\" is not a network id (lowercase letters, digits and single dashes)")]
    Network(String),
    #[error("--base-url \"{0}\" is not an http:// or https:// address")]
    BaseUrl(String),
    #[error("{file} cannot be published as catalogue.json; nothing was written:\n{}", problems.join("\n"))]
    Catalogue { file: String, problems: Vec<String> },
    #[error("no pack could be published, so nothing was written:\n{}", refused.iter().map(|r| format!("  {}: {}", r.file, r.why)).collect::<Vec<_>>().join("\n"))]
    NothingToPublish { refused: Vec<Refused> },
    #[error("cannot use {} as the site's folder: {source}", safe(&path.display().to_string()))]
    Folder {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(transparent)]
    Write(#[from] StoreError),
}

/// A lesson as published: the lesson and who shared it.
#[derive(Debug, Clone)]
pub struct Published {
    pub lesson: PackLesson,
    pub author: Option<String>,
    pub organisation: Option<String>,
    /// Its page, relative to the folder: `lessons/<name>.html`.
    pub page: String,
}

impl Published {
    /// "Ann (City of X)", "someone at City of X", or None.
    pub fn byline(&self) -> Option<String> {
        match (given(&self.author), given(&self.organisation)) {
            (Some(a), Some(o)) => Some(format!("{a} ({o})")),
            (Some(a), None) => Some(a.to_string()),
            (None, Some(o)) => Some(format!("someone at {o}")),
            (None, None) => None,
        }
    }
}

/// A name given, not blank.
fn given(text: &Option<String>) -> Option<&str> {
    text.as_deref().map(str::trim).filter(|t| !t.is_empty())
}

/// The site's own facts, checked.
#[derive(Debug, Clone)]
pub struct Site {
    pub network: String,
    pub title: String,
    /// Ends with `/`.
    pub base_url: Option<String>,
}

/// Publishes packs into a folder (see the module documentation).
pub fn publish(options: &PublishOptions) -> Result<PublishReport, PublishError> {
    let site = site(options)?;
    let catalogue = match &options.catalogue {
        Some(file) => Some(checked_catalogue(file)?),
        None => None,
    };
    let mut report = PublishReport::default();
    let mut packs = Vec::new();
    for path in &options.packs {
        match read_pack(path, &site.network, options.limit) {
            Ok((pack, warnings)) => {
                let shown = shown(path);
                report
                    .warnings
                    .extend(warnings.into_iter().map(|w| format!("{shown}: {w}")));
                packs.push(pack);
            }
            Err(why) => report.refused.push(Refused {
                file: shown(path),
                why,
            }),
        }
    }
    if packs.is_empty() {
        return Err(PublishError::NothingToPublish {
            refused: report.refused,
        });
    }
    report.packs = packs.len();
    let (lessons, superseded) = collect(&packs);
    report.lessons = lessons.len();
    report.superseded = superseded;
    site::write(
        &options.out,
        &site,
        &lessons,
        catalogue.as_deref(),
        &mut report,
    )?;
    Ok(report)
}

fn shown(path: &Path) -> String {
    safe(&path.display().to_string()).into_owned()
}

fn site(options: &PublishOptions) -> Result<Site, PublishError> {
    if !is_slug(&options.network) {
        return Err(PublishError::Network(safe(&options.network).into_owned()));
    }
    let base_url = match options.base_url.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(text) => {
            let ok = url::Url::parse(text)
                .is_ok_and(|u| matches!(u.scheme(), "http" | "https") && u.has_host());
            if !ok {
                return Err(PublishError::BaseUrl(safe(text).into_owned()));
            }
            Some(if text.ends_with('/') {
                text.to_string()
            } else {
                format!("{text}/")
            })
        }
    };
    let title = options
        .title
        .as_deref()
        .map(|t| crate::model::sanitise(t.trim()).0)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| options.network.clone());
    Ok(Site {
        network: options.network.clone(),
        title,
        base_url,
    })
}

/// A catalogue file checked by the catalogue's own validation; any
/// error refuses it. Written back in cairn's form, so what is published
/// is what was checked.
fn checked_catalogue(file: &Path) -> Result<String, PublishError> {
    let refused = |problems: Vec<String>| PublishError::Catalogue {
        file: shown(file),
        problems,
    };
    let loaded = crate::catalogue::load_file(file).map_err(|e| refused(vec![e.to_string()]))?;
    let errors: Vec<&Problem> = loaded.problems.iter().filter(|p| p.is_error()).collect();
    if !errors.is_empty() || loaded.skipped > 0 {
        let mut problems: Vec<String> = errors.iter().map(|p| format!("  {p}")).collect();
        if loaded.skipped > 0 {
            problems.push(format!("  {} record(s) would be skipped", loaded.skipped));
        }
        problems.push("  (`cairn catalogue validate FILE` lists every problem)".into());
        return Err(refused(problems));
    }
    Ok(crate::catalogue::to_json(&loaded.networks))
}

/// One pack read strictly, or why it is refused.
fn read_pack(path: &Path, network: &str, limit: u64) -> Result<(LessonPack, Vec<String>), String> {
    let shown = shown(path);
    let size = std::fs::metadata(path).map_err(|e| e.to_string())?.len();
    if size > limit {
        return Err(format!(
            "it is {size} bytes, over the {limit}-byte limit for a lesson pack"
        ));
    }
    let bytes = std::fs::read(path).map_err(|e| e.to_string())?;
    let (pack, warnings) = match parse_pack(&bytes, &shown, limit) {
        Ok(read) => read,
        Err(ShareError::Markdown { .. }) => return Err(markdown_hint(path)),
        Err(e) => return Err(e.to_string()),
    };
    if pack.network != network {
        return Err(format!(
            "it was shared with \"{}\", not \"{network}\"",
            pack.network
        ));
    }
    Ok((pack, warnings))
}

/// Why a Markdown pack is refused, naming its JSON twin when there is one.
fn markdown_hint(path: &Path) -> String {
    let twin = path.with_extension("json");
    let base =
        "it is the Markdown form of a lesson pack, made for people to read; publish the JSON form";
    if twin != path && twin.is_file() {
        format!("{base}: {}, saved beside it", shown(&twin))
    } else {
        format!("{base} (cairn saves a .json file beside each .md one)")
    }
}

/// What makes two lessons versions of one: the signer and the id, so a
/// pack can replace only its own author's lessons (as an import does).
fn lesson_key(lesson: &PackLesson, _pack: &LessonPack) -> (Option<String>, String) {
    (lesson.signer.clone(), lesson.id.clone())
}

/// A lesson's page: its id, and for a signed lesson the start of its
/// signer's fingerprint after a `~` (no id holds one), so two authors'
/// lessons with one id never share a page.
fn page_of(lesson: &PackLesson) -> String {
    match &lesson.signer {
        Some(key) => {
            let print: String = crate::model::fingerprint(key)
                .chars()
                .filter(|c| !c.is_whitespace())
                .take(8)
                .collect();
            format!("lessons/{}~{print}.html", page_name(&lesson.id))
        }
        None => format!("lessons/{}.html", page_name(&lesson.id)),
    }
}

/// Every lesson once, the newest version kept (compared as moments, as an
/// import does; at the same moment the later pack wins, as it would in an
/// import), newest first and then by id. Returns how many were left out.
fn collect(packs: &[LessonPack]) -> (Vec<Published>, usize) {
    let mut at: HashMap<(Option<String>, String), usize> = HashMap::new();
    let mut kept: Vec<(Option<time::OffsetDateTime>, Published)> = Vec::new();
    let mut superseded = 0;
    for pack in packs {
        for lesson in &pack.lessons {
            let when = moment(&lesson.updated);
            let published = Published {
                lesson: lesson.clone(),
                author: pack.author.clone(),
                organisation: pack.organisation.clone(),
                page: String::new(),
            };
            match at.get(&lesson_key(lesson, pack)) {
                None => {
                    at.insert(lesson_key(lesson, pack), kept.len());
                    kept.push((when, published));
                }
                Some(&i) => {
                    superseded += 1;
                    if when >= kept[i].0 {
                        kept[i] = (when, published);
                    }
                }
            }
        }
    }
    // An unsigned copy never stands beside a signed lesson with its id.
    let signed: std::collections::HashSet<String> = kept
        .iter()
        .filter(|(_, p)| p.lesson.signer.is_some())
        .map(|(_, p)| p.lesson.id.clone())
        .collect();
    let before = kept.len();
    kept.retain(|(_, p)| p.lesson.signer.is_some() || !signed.contains(&p.lesson.id));
    superseded += before - kept.len();
    kept.sort_by(|(a, x), (b, y)| {
        b.cmp(a)
            .then_with(|| x.lesson.id.cmp(&y.lesson.id))
            .then_with(|| x.lesson.signer.cmp(&y.lesson.signer))
    });
    let lessons = kept
        .into_iter()
        .map(|(_, mut p)| {
            p.page = page_of(&p.lesson);
            p
        })
        .collect();
    (lessons, superseded)
}

/// A lesson's page name: its id (letters, digits, `-`, `_`), lowercased
/// so that hosts whose file names ignore case never mix two pages up;
/// an id with capitals gets a short digest of itself after a `.`, which
/// no id holds, so no two ids share a name.
pub fn page_name(id: &str) -> String {
    // Pack ids are already only these characters; a page name never
    // leaves `lessons/` whatever an id holds.
    let lower: String = id
        .chars()
        .map(|c| match c.to_ascii_lowercase() {
            c @ ('a'..='z' | '0'..='9' | '-' | '_') => c,
            _ => '_',
        })
        .collect();
    if lower == id {
        return lower;
    }
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(id.as_bytes());
    let short: String = digest.iter().take(4).map(|b| format!("{b:02x}")).collect();
    format!("{lower}.{short}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn page_names_never_clash_on_hosts_that_ignore_case() {
        assert_eq!(page_name("k7d2"), "k7d2");
        let a = page_name("K7d2");
        let b = page_name("k7D2");
        assert_ne!(a, b);
        assert!(a.starts_with("k7d2.") && b.starts_with("k7d2."));
        assert_eq!(a, a.to_ascii_lowercase());
        assert!(page_name("../../etc/passwd").starts_with("______etc_passwd."));
    }
}
