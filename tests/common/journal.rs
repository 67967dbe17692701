#![allow(dead_code)]

//! Journal helpers shared by the journal tests: adding through the real
//! binary, where an entry lives, and the entry files on disk.

use std::fs;
use std::path::{Path, PathBuf};

use super::Dir;

/// `journal add` with `args`, which must succeed; returns the new id.
pub fn add(dir: &Dir, args: &[&str]) -> String {
    let mut full = vec!["journal", "add"];
    full.extend_from_slice(args);
    let out = dir.cairn(&full).assert_ok();
    let id = out.stdout.trim().to_string();
    assert!(
        id.len() >= 6 && id.chars().all(|c| c.is_ascii_alphanumeric()),
        "stdout is not just an id\n{out}"
    );
    id
}

/// `journal show ID --json`, which must succeed.
pub fn show_json(dir: &Dir, id: &str) -> serde_json::Value {
    dir.cairn(&["journal", "show", id, "--json"])
        .assert_ok()
        .json()
}

/// The path of an entry, as `journal show --json` gives it.
pub fn path_of(dir: &Dir, id: &str) -> PathBuf {
    let out = dir.cairn(&["journal", "show", id, "--json"]).assert_ok();
    PathBuf::from(out.json()["path"].as_str().expect("a path"))
}

/// Every file under `root`, recursively, sorted; none if it does not exist.
pub fn files_under(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let Ok(entries) = fs::read_dir(root) else {
        return found;
    };
    for entry in entries {
        let path = entry.expect("read a folder entry").path();
        if path.is_dir() {
            found.extend(files_under(&path));
        } else {
            found.push(path);
        }
    }
    found.sort();
    found
}

/// The entry files (`*.md`) under `data/journal`.
pub fn journal_files(dir: &Dir) -> Vec<PathBuf> {
    files_under(&dir.path().join("data/journal"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect()
}
