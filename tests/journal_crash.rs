//! "Nothing is ever lost" (issue 4): writers killed at random moments never
//! leave a torn entry or lose one already reported saved, and several
//! cairns adding entries at once all land.

#[allow(dead_code)]
mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::{Duration, Instant};

use cairn::model::Entry;
use common::Dir;

/// A small deterministic generator (SplitMix64), so a failing iteration
/// can be replayed.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        Rng(seed)
    }

    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// A few KB of text that says which iteration wrote it, line by line, so a
/// torn or mixed-up body is seen.
fn body_for(i: usize) -> String {
    (0..60)
        .map(|n| format!("Iteration {i}, line {n}: what got in the way, who helped — ünïcödé ✓\n"))
        .collect()
}

/// What is in the journal folder, by kind of file.
#[derive(Default)]
struct Found {
    /// Entry files (`*.md` not starting with a dot) and what they hold.
    entries: Vec<(PathBuf, Entry)>,
    /// Leftover temporary files of killed writers.
    temps: Vec<PathBuf>,
}

fn walk(root: &Path, out: &mut Vec<PathBuf>) {
    let Ok(items) = fs::read_dir(root) else {
        return;
    };
    for item in items {
        let path = item.expect("read a folder entry").path();
        if path.is_dir() {
            walk(&path, out);
        } else {
            out.push(path);
        }
    }
}

/// Reads the journal folder: every entry file must parse, and every other
/// file must be the lock or a hidden temporary file that the journal skips.
#[track_caller]
fn survey(dir: &Dir, context: &str) -> Found {
    let mut files = Vec::new();
    walk(&dir.path().join("data/journal"), &mut files);
    files.sort();
    let mut found = Found::default();
    for path in files {
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if name == ".journal.lock" {
            continue;
        }
        if name.starts_with('.') && name.ends_with(".tmp") {
            found.temps.push(path);
            continue;
        }
        assert!(
            name.ends_with(".md"),
            "{context}: unexpected file {}",
            path.display()
        );
        let text = fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("{context}: read {}: {e}", path.display()));
        let entry = Entry::parse(&text).unwrap_or_else(|e| {
            panic!(
                "{context}: torn entry file {} ({e}):\n{text}",
                path.display()
            )
        });
        found.entries.push((path, entry));
    }
    found
}

/// The id → path of `journal list --json`, checking no temporary file is
/// listed as an entry.
#[track_caller]
fn listed(dir: &Dir) -> BTreeMap<String, PathBuf> {
    let out = dir.cairn(&["journal", "list", "--json"]).assert_ok();
    assert!(
        !out.stderr.contains("warning"),
        "a file in the journal is unreadable\n{out}"
    );
    let doc = out.json();
    let items = doc.as_array().expect("a JSON array");
    let mut map = BTreeMap::new();
    for item in items {
        let id = item["id"].as_str().expect("an id").to_string();
        let path = PathBuf::from(item["path"].as_str().expect("a path"));
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        assert!(
            !name.starts_with('.') && !name.contains(".tmp"),
            "a temporary file is listed as an entry: {}",
            path.display()
        );
        assert!(
            map.insert(id.clone(), path).is_none(),
            "id {id} listed twice"
        );
    }
    map
}

#[test]
fn killing_writers_at_random_moments_never_tears_or_loses_an_entry() {
    // CAIRN_CRASH_ITERATIONS=1000 runs a longer hunt.
    let iterations: usize = std::env::var("CAIRN_CRASH_ITERATIONS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(80);
    let started = Instant::now();
    let dir = Dir::new();
    // Build the catalogue index first, so the kills land in journal work.
    dir.cairn(&["journal", "list"]).assert_ok();

    // id → (iteration, title) of every entry cairn said it saved.
    let mut saved: BTreeMap<String, usize> = BTreeMap::new();
    let mut killed = 0;
    for i in 0..iterations {
        let title = format!("T{i}");
        let body = body_for(i);
        let mut rng = Rng::new(0xC0FF_EE00 + i as u64);
        // Every tenth writer is left to finish, so there is always something
        // saved earlier that later kills must not harm.
        let delay = (i % 10 != 9).then(|| Duration::from_micros(rng.below(30_001)));
        let mut cmd = dir.cairn(&[
            "journal", "add", "--kind", "lesson", "--title", &title, "--body", &body,
        ]);
        let child = cmd
            .raw()
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("spawn cairn");
        let mut child = child;
        if let Some(delay) = delay {
            std::thread::sleep(delay);
            // It may have finished already; then there is nothing to kill.
            let _ = child.kill();
        }
        let out = child.wait_with_output().expect("wait for cairn");
        let stdout = String::from_utf8_lossy(&out.stdout);
        let id = stdout.trim();
        let context = format!("iteration {i} (delay {delay:?}, {:?})", out.status);
        if out.status.success() {
            assert!(
                !id.is_empty(),
                "{context}: succeeded without printing an id"
            );
        } else {
            killed += 1;
            assert!(
                out.status.code().is_none(),
                "{context}: failed on its own:\n{}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        // The id is printed only once the entry is on disk, so a printed id
        // counts as saved even if the kill came just after.
        if !id.is_empty() {
            saved.insert(id.to_string(), i);
        }

        let found = survey(&dir, &context);
        let on_disk: BTreeMap<&str, &Entry> = found
            .entries
            .iter()
            .map(|(_, e)| (e.meta.id.as_str(), e))
            .collect();
        for (_, entry) in &found.entries {
            let n: usize = entry.meta.title[1..]
                .parse()
                .unwrap_or_else(|_| panic!("{context}: odd title {}", entry.meta.title));
            assert_eq!(
                entry.body,
                body_for(n),
                "{context}: entry {} has a cut or mixed body",
                entry.meta.title
            );
        }
        for (id, n) in &saved {
            let entry = on_disk.get(id.as_str()).unwrap_or_else(|| {
                panic!("{context}: entry {id} (T{n}), reported saved, is missing")
            });
            assert_eq!(entry.meta.title, format!("T{n}"), "{context}");
        }
        if i % 20 == 19 {
            let listed = listed(&dir);
            assert_eq!(
                listed.len(),
                found.entries.len(),
                "{context}: the list and the files disagree"
            );
        }
    }

    let found = survey(&dir, "at the end");
    let listed = listed(&dir);
    for id in saved.keys() {
        assert!(listed.contains_key(id), "saved entry {id} is not listed");
    }
    let entry_paths: BTreeSet<&PathBuf> = found.entries.iter().map(|(p, _)| p).collect();
    let listed_paths: BTreeSet<&PathBuf> = listed.values().collect();
    assert_eq!(entry_paths, listed_paths);
    assert!(killed > 0, "no writer was killed; the test proved nothing");
    eprintln!(
        "{iterations} writers: {} saved, {killed} killed, {} entry files, {} temporary files left, {:?}",
        saved.len(),
        found.entries.len(),
        found.temps.len(),
        started.elapsed()
    );
}

#[test]
fn four_writers_at_once_all_land_with_distinct_ids_and_whole_files() {
    const WRITERS: usize = 4;
    const EACH: usize = 10;
    // A fresh home: the writers also race to build the catalogue index.
    let dir = Dir::new();
    let printed: Vec<(String, String)> = std::thread::scope(|s| {
        let handles: Vec<_> = (0..WRITERS)
            .map(|w| {
                let dir = &dir;
                s.spawn(move || {
                    (0..EACH)
                        .map(|i| {
                            let body = format!("writer {w} entry {i}\n");
                            let out = dir
                                .cairn(&[
                                    "journal",
                                    "add",
                                    "--kind",
                                    "lesson",
                                    "--title",
                                    "Same title",
                                    "--tag",
                                    &format!("w{w}"),
                                    "--body",
                                    &body,
                                ])
                                .assert_ok();
                            (out.stdout.trim().to_string(), body)
                        })
                        .collect::<Vec<_>>()
                })
            })
            .collect();
        handles
            .into_iter()
            .flat_map(|h| h.join().expect("a writer thread panicked"))
            .collect()
    });
    assert_eq!(printed.len(), WRITERS * EACH);
    let ids: BTreeSet<&str> = printed.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids.len(), WRITERS * EACH, "two entries got the same id");

    let listed = listed(&dir);
    assert_eq!(
        listed.len(),
        WRITERS * EACH,
        "entries are missing: {listed:?}"
    );
    let listed_ids: BTreeSet<&str> = listed.keys().map(String::as_str).collect();
    assert_eq!(listed_ids, ids);

    let found = survey(&dir, "after the writers");
    assert_eq!(found.entries.len(), WRITERS * EACH);
    assert!(
        found.temps.is_empty(),
        "writers that finished left temporary files: {:?}",
        found.temps
    );
    let bodies: BTreeMap<&str, &str> = printed
        .iter()
        .map(|(id, body)| (id.as_str(), body.as_str()))
        .collect();
    for (path, entry) in &found.entries {
        assert_eq!(listed[&entry.meta.id], *path);
        assert_eq!(
            entry.body,
            bodies[entry.meta.id.as_str()],
            "{} holds another writer's text",
            path.display()
        );
    }
}
