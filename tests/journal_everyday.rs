//! The journal day to day, through the real binary: an entry in one line
//! (first sentence the title, `@words` tags, challenge by default);
//! `cairn journal`, `cairn lessons` and `cairn sources` alone doing their
//! most common thing; and the small things a newcomer trips on.

#[allow(dead_code)]
mod common;

use common::Dir;
use common::journal::show_json;

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

#[test]
fn dates_are_read_as_people_write_them_and_follow_ups_come_due() {
    let dir = Dir::new();
    let old = dir
        .cairn(&[
            "journal",
            "add",
            "--date",
            "3 days ago",
            "Board met. It said no.",
        ])
        .assert_ok()
        .stdout
        .trim()
        .to_string();
    let new = dir
        .cairn(&[
            "journal",
            "add",
            "Asked UKGovCamp about DPIAs.",
            "--follow-up",
            "yesterday",
        ])
        .assert_ok()
        .stdout
        .trim()
        .to_string();
    let later = dir
        .cairn(&[
            "journal",
            "add",
            "Waiting on legal.",
            "--follow-up",
            "in 2 weeks",
        ])
        .assert_ok()
        .stdout
        .trim()
        .to_string();
    let listed = |args: &[&str]| -> Vec<String> {
        let mut full = vec!["journal", "list", "--json"];
        full.extend_from_slice(args);
        dir.cairn(&full)
            .assert_ok()
            .json()
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(
        listed(&["--until", "2 days ago"]),
        std::slice::from_ref(&old)
    );
    let recent = listed(&["--since", "yesterday"]);
    assert!(
        recent.contains(&new) && !recent.contains(&old),
        "{recent:?}"
    );
    dir.cairn(&["journal", "list", "--since", "someday"])
        .run()
        .stderr_has("2 days ago");
    dir.cairn(&["journal", "add", "--date", "in 3 days", "Not yet."])
        .assert_fails()
        .stderr_has("future");

    let due = dir.cairn(&["journal", "due"]).assert_ok();
    due.stdout_has("Asked UKGovCamp")
        .stdout_has("1 day overdue");
    assert!(!due.stdout.contains("Waiting on legal"), "{}", due.stdout);
    dir.cairn(&["journal", "follow-up", &later, "today"])
        .assert_ok();
    dir.cairn(&["journal", "due"])
        .assert_ok()
        .stdout_has("due today");
    dir.cairn(&["journal", "follow-up", &new, "--clear"])
        .assert_ok();
    let json = dir.cairn(&["journal", "due", "--json"]).assert_ok().json();
    let ids: Vec<&str> = json
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [later.as_str()]);
}

#[test]
fn the_interface_counts_follow_ups_due_from_the_files() {
    let dir = Dir::new();
    for when in ["yesterday", "today", "in 3 days"] {
        dir.cairn(&["journal", "add", "A question asked.", "--follow-up", when])
            .assert_ok();
    }
    let paths = cairn::library::Paths::under(dir.path());
    let (problems, due) = cairn::library::journal_checks(&paths, cairn::library::now());
    assert!(problems.is_empty(), "{problems:?}");
    assert_eq!(due, 2);
}

#[test]
fn the_trash_is_listed_and_emptied_only_on_request() {
    let dir = Dir::new();
    let id = dir
        .cairn(&["journal", "add", "A mistake."])
        .assert_ok()
        .stdout
        .trim()
        .to_string();
    dir.cairn(&["journal", "trash"])
        .assert_ok()
        .stdout_has("The trash is empty.");
    dir.cairn(&["journal", "rm", &id]).assert_ok();
    dir.cairn(&["journal", "rm", &id])
        .assert_fails()
        .stderr_has("already in the trash")
        .stderr_has(&format!("cairn journal restore {id}"));
    let listed = dir
        .cairn(&["journal", "trash", "--json"])
        .assert_ok()
        .json();
    assert_eq!(listed[0]["id"], id.as_str());
    // Trashed just now: a 30-day purge keeps it, a 0-day one removes it.
    dir.cairn(&["journal", "purge", "--older-than", "30d"])
        .assert_ok()
        .stderr_has("Removed 0 entries");
    dir.cairn(&["journal", "trash"])
        .assert_ok()
        .stdout_has("A mistake.");
    dir.cairn(&["journal", "purge", "--older-than", "0d"])
        .assert_ok()
        .stderr_has("Removed 1 entry");
    dir.cairn(&["journal", "trash"])
        .assert_ok()
        .stdout_has("The trash is empty.");
    dir.cairn(&["journal", "purge", "--older-than", "soon"])
        .run()
        .stderr_has("30d");
}
