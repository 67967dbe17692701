//! The fuzzers' smoke run: every input kept in `fuzz/corpus/<target>/`
//! (seeds and what the long runs found interesting) and every crash kept
//! as a regression in `fuzz/crashes/<target>/` goes through the same
//! target functions the fuzz binary runs, with the same invariants. The
//! long run is `fuzz/run.sh` (see the README's "Fuzzing").

#[path = "../fuzz/targets.rs"]
mod targets;

use std::panic::{AssertUnwindSafe, catch_unwind};
use std::path::{Path, PathBuf};

fn fuzz_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("fuzz")
}

/// The files directly in `dir`, sorted; none if it does not exist.
fn files_in(dir: &Path) -> Vec<PathBuf> {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return Vec::new();
    };
    let mut files: Vec<PathBuf> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.is_file()
                && !p
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    files.sort();
    files
}

/// Runs every kept input of `name` and fails naming each one that panics.
fn replay(name: &str) {
    let target = targets::find(name).expect("a known target");
    let corpus = files_in(&fuzz_dir().join("corpus").join(name));
    assert!(!corpus.is_empty(), "fuzz/corpus/{name}/ has no inputs");
    let crashes = files_in(&fuzz_dir().join("crashes").join(name));
    let mut failed = Vec::new();
    for file in corpus.iter().chain(&crashes) {
        let data = std::fs::read(file).unwrap();
        if catch_unwind(AssertUnwindSafe(|| target(&data))).is_err() {
            failed.push(file.display().to_string());
        }
    }
    assert!(
        failed.is_empty(),
        "{name}: these inputs panic (the message is above; reproduce with \
         `cargo run --manifest-path fuzz/Cargo.toml -- {name} FILE`):\n{}",
        failed.join("\n")
    );
}

#[test]
fn every_corpus_folder_is_a_target() {
    for sub in ["corpus", "crashes"] {
        let Ok(entries) = std::fs::read_dir(fuzz_dir().join(sub)) else {
            continue;
        };
        for e in entries.flatten() {
            let name = e.file_name().to_string_lossy().into_owned();
            if e.path().is_dir() {
                assert!(
                    targets::find(&name).is_some(),
                    "fuzz/{sub}/{name}/ names no target"
                );
            }
        }
    }
}

#[test]
fn catalogue_json() {
    replay("catalogue_json");
}

#[test]
fn catalogue_csv() {
    replay("catalogue_csv");
}

#[test]
fn pack() {
    replay("pack");
}

#[test]
fn entry() {
    replay("entry");
}

#[test]
fn config() {
    replay("config");
}

#[test]
fn query() {
    replay("query");
}

#[test]
fn marker() {
    replay("marker");
}

#[test]
fn every_target_has_a_test() {
    let tested = [
        "catalogue_json",
        "catalogue_csv",
        "pack",
        "entry",
        "config",
        "query",
        "marker",
        "notes",
    ];
    for (name, _) in targets::TARGETS {
        assert!(tested.contains(name), "add a #[test] replaying {name}");
    }
}

#[test]
fn notes() {
    replay("notes");
}
