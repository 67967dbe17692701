//! `cairn journal list --search`: the journal's index finds entries by
//! words, typos and filters, keeps private text out of snippets, and follows
//! files added, replaced, deleted or edited outside cairn.

#[allow(dead_code)]
mod common;

use std::fs;
use std::path::PathBuf;

use common::Dir;

fn add(dir: &Dir, kind: &str, title: &str, body: &str, extra: &[&str]) -> String {
    let mut args = vec![
        "journal", "add", "--kind", kind, "--title", title, "--body", body,
    ];
    args.extend_from_slice(extra);
    let out = dir.cairn(&args).assert_ok();
    out.stdout.trim().to_string()
}

/// Ids found by a journal search, best first.
fn found(dir: &Dir, query: &str) -> Vec<String> {
    let out = dir
        .cairn(&["journal", "list", "--search", query, "--json"])
        .assert_ok();
    out.json()["results"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn year_dir(dir: &Dir) -> PathBuf {
    let journal = dir.path().join("data/journal");
    fs::read_dir(&journal)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.is_dir())
        .unwrap()
}

fn entry_text(id: &str, title: &str, body: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\nkind = \"lesson\"\ntitle = \"{title}\"\ncreated = \"2026-01-05T10:00:00Z\"\nupdated = \"2026-01-05T10:00:00Z\"\n+++\n\n{body}\n"
    )
}

#[test]
fn words_typos_prefixes_and_filters_find_entries() {
    let dir = Dir::new();
    let pilot = add(
        &dir,
        "challenge",
        "Approval for a procurement pilot",
        "Legal wants a risk log.",
        &["--tag", "approval"],
    );
    let lesson = add(
        &dir,
        "lesson",
        "Start with a small prototype",
        "The prototype convinced finance.",
        &["--network", "ukgovcamp"],
    );
    assert_eq!(found(&dir, "procurement"), [pilot.as_str()]);
    assert_eq!(
        found(&dir, "procurment"),
        [pilot.as_str()],
        "a typo in a long word is forgiven"
    );
    assert_eq!(
        found(&dir, "protot"),
        [lesson.as_str()],
        "the last word matches as a prefix"
    );
    assert_eq!(
        found(&dir, "finance"),
        [lesson.as_str()],
        "bodies are searched"
    );
    assert_eq!(found(&dir, "kind:challenge"), [pilot.as_str()]);
    assert_eq!(found(&dir, "tag:approval"), [pilot.as_str()]);
    assert_eq!(found(&dir, "network:ukgovcamp"), [lesson.as_str()]);
    assert_eq!(found(&dir, "status:open"), [pilot.as_str()]);
    assert!(found(&dir, "zeppelin").is_empty());
    let out = dir
        .cairn(&[
            "journal",
            "list",
            "--search",
            "prototype",
            "--kind",
            "challenge",
        ])
        .assert_ok();
    assert!(out.stdout.is_empty(), "flags narrow a search too: {out}");
}

#[test]
fn snippets_never_show_private_text() {
    let dir = Dir::new();
    add(
        &dir,
        "lesson",
        "Budget talks",
        "Shared part about budgets. %%CANARY the deputy said no%% More on budgets.",
        &[],
    );
    let out = dir
        .cairn(&["journal", "list", "--search", "budgets"])
        .assert_ok();
    out.stdout_has("Budget talks");
    assert!(!out.stdout.contains("CANARY"), "{out}");
}

#[test]
fn files_added_replaced_and_deleted_outside_cairn_are_followed() {
    let dir = Dir::new();
    let first = add(&dir, "lesson", "First lesson", "about kiwis", &[]);
    assert_eq!(found(&dir, "kiwis"), [first.as_str()]);
    let year = year_dir(&dir);

    // Added by hand (as git or a sync tool would: a new file appears).
    fs::write(
        year.join("by-hand.md"),
        entry_text("handmade01", "Made by hand", "about walruses"),
    )
    .unwrap();
    assert_eq!(found(&dir, "walruses"), ["handmade01"]);

    // Replaced by renaming a new version over it, as editors save.
    let tmp = year.join(".by-hand.md.swp");
    fs::write(
        &tmp,
        entry_text("handmade01", "Made by hand", "about narwhals"),
    )
    .unwrap();
    fs::rename(&tmp, year.join("by-hand.md")).unwrap();
    assert_eq!(found(&dir, "narwhals"), ["handmade01"]);
    assert!(found(&dir, "walruses").is_empty());

    // Deleted by hand.
    fs::remove_file(year.join("by-hand.md")).unwrap();
    assert!(found(&dir, "narwhals").is_empty());
    assert_eq!(found(&dir, "kiwis"), [first]);
}

#[test]
fn an_edit_in_place_is_found_by_the_next_full_check() {
    let dir = Dir::new();
    let id = add(&dir, "lesson", "Edited in place", "about otters", &[]);
    assert_eq!(found(&dir, "otters"), [id.as_str()]);
    let year = year_dir(&dir);
    let file = fs::read_dir(&year)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| p.extension().is_some_and(|e| e == "md"))
        .unwrap();
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("otters", "beavers");
    fs::write(&file, text).unwrap();
    // The full check runs every few minutes; without its record it runs now.
    for manifest in walk(&dir.path().join("cache"))
        .into_iter()
        .filter(|p| p.ends_with("cairn-journal.json"))
    {
        fs::remove_file(manifest).unwrap();
    }
    assert_eq!(found(&dir, "beavers"), [id]);
    assert!(found(&dir, "otters").is_empty());
}

#[test]
fn a_deleted_index_is_rebuilt_from_the_files() {
    let dir = Dir::new();
    let id = add(
        &dir,
        "validation",
        "The minister liked it",
        "said do more",
        &[],
    );
    assert_eq!(found(&dir, "minister"), [id.as_str()]);
    fs::remove_dir_all(dir.path().join("cache")).unwrap();
    assert_eq!(found(&dir, "minister"), [id]);
}

fn walk(root: &std::path::Path) -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Ok(entries) = fs::read_dir(root) {
        for e in entries.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(walk(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}
