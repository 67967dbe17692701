//! The journal day to day, through the real binary: an entry in one line
//! (first sentence the title, `@words` tags, challenge by default);
//! `cairn journal`, `cairn lessons` and `cairn sources` alone doing their
//! most common thing; and the small things a newcomer trips on.

#[allow(dead_code)]
mod common;

use common::Dir;
use serde_json::Value;

fn show_json(dir: &Dir, id: &str) -> Value {
    dir.cairn(&["journal", "show", id, "--json"])
        .assert_ok()
        .json()
}

#[test]
fn an_entry_in_one_line_needs_no_editor() {
    let dir = Dir::new();
    let out = dir
        .cairn(&[
            "journal",
            "add",
            "Approval for the pilot stalled again. Legal wants a DPIA first @approval @legal",
        ])
        .env_remove("EDITOR")
        .env_remove("VISUAL")
        .assert_ok();
    let id = out.stdout.trim().to_string();
    let entry = show_json(&dir, &id);
    assert_eq!(entry["title"], "Approval for the pilot stalled again.");
    assert_eq!(entry["kind"], "challenge", "a challenge by default");
    assert_eq!(entry["status"], "open");
    assert_eq!(entry["tags"], serde_json::json!(["approval", "legal"]));
    assert!(
        entry["body"]
            .as_str()
            .unwrap()
            .starts_with("Legal wants a DPIA first"),
        "{entry}"
    );

    // Words given apart (no quotes) are one line too; --kind and --network work.
    let out = dir
        .cairn(&[
            "journal",
            "add",
            "--kind",
            "lesson",
            "--network",
            "ukgovcamp",
            "Start",
            "with",
            "one",
            "team",
        ])
        .assert_ok();
    let entry = show_json(&dir, out.stdout.trim());
    assert_eq!(entry["title"], "Start with one team");
    assert_eq!(entry["networks"][0], "ukgovcamp");

    dir.cairn(&["journal", "add"])
        .assert_fails()
        .stderr_has("cairn journal add \"");
    let help = dir.cairn(&["journal", "add", "--help"]).assert_ok();
    assert!(
        help.stdout
            .contains("Usage: cairn journal add [OPTIONS] [TEXT]..."),
        "neither --title nor --body is required:\n{}",
        help.stdout
    );
}

#[test]
fn journal_lessons_and_sources_alone_list() {
    let dir = Dir::new();
    for i in 0..12 {
        dir.cairn(&["journal", "add", &format!("Entry number {i}")])
            .assert_ok();
    }
    let out = dir.cairn(&["journal"]).assert_ok();
    let lines: Vec<&str> = out
        .stdout
        .lines()
        .filter(|l| l.contains("Entry number"))
        .collect();
    // Ten (entries written in the same second have no order between them).
    assert_eq!(lines.len(), 10, "the ten newest:\n{}", out.stdout);
    dir.cairn(&["lessons"])
        .assert_ok()
        .stdout_has("No peer lessons yet");
    dir.cairn(&["sources"]).assert_ok();
}

#[test]
fn the_small_things() {
    let dir = Dir::new();
    let id = dir
        .cairn(&["journal", "add", "Budget frozen. Until April."])
        .assert_ok()
        .stdout
        .trim()
        .to_string();
    let shown = dir.cairn(&["journal", "show", &id]).assert_ok();
    assert!(shown.stdout.ends_with('\n'), "{:?}", shown.stdout);

    dir.cairn(&["journal", "resolve", &id])
        .assert_ok()
        .stderr_has("Resolved");
    dir.cairn(&["journal", "resolve", &id])
        .assert_ok()
        .stderr_has("was already resolved; nothing changed");

    dir.cairn(&["journal", "list", "--network", "ukgovcam"])
        .assert_fails()
        .stderr_has("ukgovcamp");

    let help = dir.cairn(&["journal", "list", "--help"]).assert_ok();
    for line in help
        .stdout
        .lines()
        .filter(|l| l.trim_start().starts_with("--"))
    {
        assert!(
            line.split_whitespace().count() > 2,
            "an option without help: {line}"
        );
    }
}
