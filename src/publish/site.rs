//! Writing the site's folder so that publishing again changes only what
//! changed: each file is made in full, compared with what is there, and
//! written (atomically, through `store`) only when its bytes differ.
//! Pages of lessons no longer published are removed only when cairn made
//! them (they begin with `html::MARKER`); nothing else in the folder is
//! ever touched.
//!
//! The files are for a web server to hand to anyone, so they are made
//! readable by all (0644, folders 0755), unlike the rest of what cairn
//! writes.

use std::collections::HashSet;
use std::fs;
use std::io::Read;
use std::path::Path;

use super::{PublishError, PublishReport, Published, Site, feeds, html, markdown};
use crate::model::{LESSONS_SCHEMA, LessonPack};

/// Characters of a lesson's text in the list and the feeds' summaries.
const SUMMARY: usize = 280;

pub fn write(
    out: &Path,
    site: &Site,
    lessons: &[Published],
    catalogue: Option<&str>,
    report: &mut PublishReport,
) -> Result<(), PublishError> {
    folder(out)?;
    folder(&out.join("lessons"))?;
    let (bodies, summaries): (Vec<String>, Vec<String>) =
        par_map(lessons, |l| markdown::render(&l.lesson.body, SUMMARY))
            .into_iter()
            .unzip();
    if let Some(text) = catalogue {
        put(out, "catalogue.json", text.as_bytes(), report)?;
    }
    put(out, "lessons.json", &pack(site, lessons), report)?;
    let atom = feeds::atom(site, lessons, &bodies, &summaries);
    put(out, "feed.xml", atom.as_bytes(), report)?;
    let json = feeds::json_feed(site, lessons, &bodies, &summaries);
    put(out, "feed.json", json.as_bytes(), report)?;
    let has_catalogue = out.join("catalogue.json").is_file();
    let index = html::index(site, lessons, &summaries, has_catalogue);
    put(out, "index.html", index.as_bytes(), report)?;
    if lessons.iter().any(|l| l.lesson.stage.is_some()) {
        let stages = html::stages_page(site, lessons);
        put(out, "stages.html", stages.as_bytes(), report)?;
    }
    let pages: Vec<(&Published, &String)> = lessons.iter().zip(&bodies).collect();
    let outcomes = par_map(&pages, |(l, body)| {
        let page = html::lesson_page(site, l, body);
        changed(out, &l.page, page.as_bytes())
    });
    for ((l, _), outcome) in pages.iter().zip(outcomes) {
        if outcome? {
            report.written.push(l.page.clone());
        } else {
            report.unchanged += 1;
        }
    }
    let pages: HashSet<&str> = lessons.iter().map(|l| l.page.as_str()).collect();
    remove_stale(out, &pages, report);
    Ok(())
}

/// Every lesson as one pack. Its `exported` is the newest lesson's date,
/// not the clock, so the same lessons give the same bytes; its author
/// and organisation are kept when every pack had the same ones.
fn pack(site: &Site, lessons: &[Published]) -> Vec<u8> {
    let common = |field: fn(&Published) -> &Option<String>| {
        let first = lessons.first().map(field).cloned().flatten();
        lessons
            .iter()
            .all(|l| *field(l) == first)
            .then_some(first)
            .flatten()
    };
    let pack = LessonPack {
        schema: LESSONS_SCHEMA.into(),
        network: site.network.clone(),
        exported: feeds::updated(lessons).to_string(),
        author: common(|l| &l.author),
        organisation: common(|l| &l.organisation),
        generator: format!("cairn {} publish", env!("CARGO_PKG_VERSION")),
        lessons: lessons.iter().map(|l| l.lesson.clone()).collect(),
    };
    let mut bytes = serde_json::to_vec_pretty(&pack).expect("a pack serialises");
    bytes.push(b'\n');
    bytes
}

/// Creates a folder readable by all if it is missing.
fn folder(path: &Path) -> Result<(), PublishError> {
    let failed = |source| PublishError::Folder {
        path: path.to_path_buf(),
        source,
    };
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Ok(()),
        Ok(_) => Err(failed(std::io::Error::other("it is a file, not a folder"))),
        Err(_) => {
            fs::create_dir_all(path).map_err(failed)?;
            readable_by_all(path, 0o755);
            Ok(())
        }
    }
}

#[cfg(unix)]
fn readable_by_all(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    // A host that cannot read a file shows an error page; cairn has said
    // what it wrote, and the person can fix the mode.
    let _ = fs::set_permissions(path, fs::Permissions::from_mode(mode));
}

#[cfg(not(unix))]
fn readable_by_all(_path: &Path, _mode: u32) {}

/// Writes `rel` under `out` unless it already holds exactly `bytes`.
fn put(
    out: &Path,
    rel: &str,
    bytes: &[u8],
    report: &mut PublishReport,
) -> Result<(), PublishError> {
    if changed(out, rel, bytes)? {
        report.written.push(rel.to_string());
    } else {
        report.unchanged += 1;
    }
    Ok(())
}

/// Writes `rel` under `out` unless it already holds exactly `bytes`;
/// true if it wrote.
fn changed(out: &Path, rel: &str, bytes: &[u8]) -> Result<bool, PublishError> {
    let path = out.join(rel);
    if same_bytes(&path, bytes) {
        return Ok(false);
    }
    // Each file whole or not at all, but not flushed one by one: a site is
    // made again from its packs, and 10k flushes cost seconds.
    crate::store::replace_derived(&path, bytes)?;
    readable_by_all(&path, 0o644);
    Ok(true)
}

/// `f` over every item, on as many threads as there are cores (the pages
/// of a large network are many, and independent), in the items' order.
fn par_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    if threads == 1 || items.len() < 64 {
        return items.iter().map(&f).collect();
    }
    let chunk = items.len().div_ceil(threads);
    std::thread::scope(|scope| {
        let f = &f;
        let handles: Vec<_> = items
            .chunks(chunk)
            .map(|part| scope.spawn(move || part.iter().map(f).collect::<Vec<R>>()))
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a publishing thread panicked"))
            .collect()
    })
}

/// Whether the file at `path` holds exactly `bytes` (read only as far as
/// a difference, and not at all when the sizes differ).
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    let Ok(meta) = fs::metadata(path) else {
        return false;
    };
    if !meta.is_file() || meta.len() != bytes.len() as u64 {
        return false;
    }
    fs::read(path).is_ok_and(|there| there == bytes)
}

/// Removes pages under `lessons/` that cairn made and no lesson has now.
fn remove_stale(out: &Path, keep: &HashSet<&str>, report: &mut PublishReport) {
    let Ok(entries) = fs::read_dir(out.join("lessons")) else {
        return;
    };
    let mut stale = Vec::new();
    for entry in entries.flatten() {
        let name = entry.file_name().to_string_lossy().into_owned();
        let rel = format!("lessons/{name}");
        if !name.ends_with(".html") || keep.contains(rel.as_str()) {
            continue;
        }
        let path = entry.path();
        let is_file = fs::symlink_metadata(&path).is_ok_and(|m| m.file_type().is_file());
        if is_file && made_by_cairn(&path) {
            stale.push((rel, path));
        }
    }
    stale.sort();
    for (rel, path) in stale {
        if fs::remove_file(&path).is_ok() {
            report.removed.push(rel);
        }
    }
}

fn made_by_cairn(path: &Path) -> bool {
    let mut head = vec![0; html::MARKER.len()];
    fs::File::open(path)
        .and_then(|mut f| f.read_exact(&mut head))
        .is_ok()
        && head == html::MARKER.as_bytes()
}
