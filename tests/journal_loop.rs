//! The everyday loop through the real binary: a challenge asked about a
//! network (noted, with a follow-up), a reply kept as a validation linked
//! to it; drafts kept after a failed save listed, resumed and removed; and
//! the kind an entry gets when none is given, from `[journal]` in the
//! settings.

#![cfg(unix)]

#[allow(dead_code)]
mod common;

use common::Dir;
use common::journal::{add, journal_files, show_json as show};

#[test]
fn asking_notes_the_question_and_a_reply_closes_the_loop() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "challenge",
            "--title",
            "Approval stalled",
            "--network",
            "ukgovcamp",
            "--body",
            "The board met again. %%The chair blocks it.%%",
        ],
    );
    let out = dir.cairn(&["ask", &id]).assert_ok();
    out.stdout_has("Has anyone in")
        .stdout_has("Approval stalled");
    assert!(!out.stdout.contains("chair"), "private text left: {out}");
    out.stderr_has("follow up on");
    let asked = show(&dir, &id);
    let today = asked["created"].as_str().unwrap()[..10].to_string();
    assert_eq!(asked["asked"][0], format!("{today} ukgovcamp").as_str());
    let follow = asked["follow_up"].as_str().unwrap().to_string();
    assert!(follow > today, "a follow-up after today: {follow}");

    // An earlier follow-up already set stays; --no-record notes nothing.
    dir.cairn(&["journal", "follow-up", &id, "tomorrow"])
        .assert_ok();
    let tomorrow = show(&dir, &id)["follow_up"].clone();
    dir.cairn(&["ask", &id, "--follow-up", "in 3 weeks"])
        .assert_ok();
    assert_eq!(show(&dir, &id)["follow_up"], tomorrow);
    let before = std::fs::read(journal_files(&dir)[0].clone()).unwrap();
    dir.cairn(&["ask", &id, "--no-record"]).assert_ok();
    assert_eq!(
        std::fs::read(journal_files(&dir)[0].clone()).unwrap(),
        before
    );

    let reply = dir
        .cairn(&[
            "journal",
            "reply",
            &id,
            "Leeds tried it in 2024. It worked once legal signed off @legal",
        ])
        .assert_ok();
    let reply_id = reply.stdout.trim().to_string();
    let validation = show(&dir, &reply_id);
    assert_eq!(validation["kind"], "validation");
    assert_eq!(validation["title"], "Leeds tried it in 2024.");
    assert_eq!(validation["networks"][0], "ukgovcamp");
    assert_eq!(validation["related"][0], id.as_str());
    assert_eq!(validation["tags"][0], "legal");
    let challenge = show(&dir, &id);
    assert_eq!(challenge["related"][0], reply_id.as_str());
    assert!(challenge["follow_up"].is_null(), "{challenge}");

    // Only a challenge is asked about or replied to.
    dir.cairn(&["ask", &reply_id])
        .assert_fails()
        .stderr_has("a question is asked from a challenge");
    dir.cairn(&["journal", "reply", &reply_id, "Text"])
        .assert_fails()
        .stderr_has("challenge");
}

#[test]
fn a_failed_edit_is_kept_as_a_draft_and_resumed() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Start small",
            "--body",
            "One team.",
        ],
    );
    // An editor that breaks the front matter.
    let breaker = dir.script(
        "break.sh",
        "sed -i 's/^kind = .*/kind = \"nonsense\"/' \"$1\"",
    );
    let mut cmd = dir.cairn(&["journal", "edit", &id]);
    cmd.env("EDITOR", &breaker).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    cmd.assert_fails().stderr_has("journal drafts resume");
    let list = dir.cairn(&["journal", "drafts"]).assert_ok();
    list.stdout_has(&format!("edit of {id}"))
        .stdout_has("Start small");

    // Resumed with an editor that mends it: the entry changes, the draft goes.
    let mend = dir.script(
        "mend.sh",
        "sed -i 's/^kind = \"nonsense\"/kind = \"lesson\"/; s/One team./One team, then two./' \"$1\"",
    );
    let mut cmd = dir.cairn(&["journal", "drafts", "resume", "1"]);
    cmd.env("EDITOR", &mend).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    cmd.assert_ok();
    let shown = dir.cairn(&["journal", "show", &id]).assert_ok();
    shown.stdout_has("One team, then two.");
    dir.cairn(&["journal", "drafts", "list"])
        .assert_ok()
        .stderr_has("No drafts");
}

#[test]
fn drafts_of_new_entries_come_back_as_entries() {
    let dir = Dir::new();
    // As the interface keeps a form it could not save, and the command
    // line a new lesson it could not save.
    dir.create(
        "data/drafts/unsaved-entry-12.md",
        "# Kept title\n\nWhat we learned.\n",
    );
    dir.create("data/drafts/new-lesson-13.md", "# Second\n\nMore.\n");
    let list = dir.cairn(&["journal", "drafts"]).assert_ok();
    list.stdout_has("new entry").stdout_has("new lesson");
    dir.cairn(&["journal", "drafts", "resume", "unsaved", "--no-edit"])
        .assert_ok();
    dir.cairn(&[
        "journal",
        "drafts",
        "resume",
        "new-",
        "--no-edit",
        "--title",
        "Given",
    ])
    .assert_ok();
    let list = dir.cairn(&["journal", "list", "--json"]).assert_ok().json();
    let found: Vec<(String, String)> = list
        .as_array()
        .unwrap()
        .iter()
        .map(|e| {
            (
                e["title"].as_str().unwrap().to_string(),
                e["kind"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&("Kept title".into(), "challenge".into())),
        "{found:?}"
    );
    assert!(
        found.contains(&("Given".into(), "lesson".into())),
        "{found:?}"
    );
    dir.cairn(&["journal", "drafts", "rm", "nothing-here"])
        .assert_fails()
        .stderr_has("journal drafts");
    dir.create("data/drafts/unsaved-entry-14.md", "x");
    dir.cairn(&["journal", "drafts", "rm", "1"]).assert_ok();
    assert!(
        dir.path()
            .join("data/drafts")
            .read_dir()
            .unwrap()
            .next()
            .is_none()
    );
}

#[test]
fn the_default_kind_comes_from_the_settings() {
    let dir = Dir::new();
    let id = add(&dir, &["Quick note. No kind given"]);
    assert_eq!(show(&dir, &id)["kind"], "challenge");
    dir.create(
        "config/config.toml",
        "[journal]\ndefault_kind = \"lesson\"\n",
    );
    let id = add(&dir, &["Another note. Still no kind"]);
    assert_eq!(show(&dir, &id)["kind"], "lesson");
    dir.create("config/config.toml", "[journal]\ndefault_kind = \"idea\"\n");
    let out = dir.cairn(&["journal", "add", "Third."]).assert_ok();
    out.stderr_has("default_kind in [journal] should be one of");
    assert_eq!(show(&dir, out.stdout.trim())["kind"], "challenge");
}

#[test]
fn due_stage_and_effort_filter_the_journal_search() {
    let dir = Dir::new();
    let overdue = add(&dir, &["Overdue one.", "--date", "2026-01-02"]);
    dir.cairn(&["journal", "follow-up", &overdue, "2026-01-05"])
        .assert_ok();
    let later = add(&dir, &["Later one."]);
    dir.cairn(&["journal", "follow-up", &later, "in 3 days"])
        .assert_ok();
    add(&dir, &["No follow-up."]);
    let organiser = add(
        &dir,
        &[
            "--organiser",
            "--stage",
            "emerging",
            "--effort",
            "volunteers",
            "--title",
            "Running it",
            "--body",
            "Volunteers kept it going.",
        ],
    );
    let ids = |query: &str| -> Vec<String> {
        let out = dir
            .cairn(&["journal", "list", "--search", query, "--json"])
            .assert_ok()
            .json();
        let mut ids: Vec<String> = out["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|e| e["id"].as_str().unwrap().to_string())
            .collect();
        ids.sort();
        ids
    };
    assert_eq!(ids("due:today"), std::slice::from_ref(&overdue));
    assert_eq!(ids("due:overdue"), std::slice::from_ref(&overdue));
    let mut both = vec![overdue, later];
    both.sort();
    assert_eq!(ids("due:week"), both);
    assert_eq!(ids("stage:emerging"), std::slice::from_ref(&organiser));
    assert_eq!(ids("effort:volunteers"), [organiser]);
    assert!(ids("stage:mature").is_empty());
}

#[test]
fn entries_are_marked_shareable_from_the_command_line() {
    let dir = Dir::new();
    let a = add(&dir, &["First note.", "--network", "ukgovcamp"]);
    let b = add(&dir, &["Second note.", "--network", "ukgovcamp"]);
    dir.cairn(&[
        "share",
        "--network",
        "ukgovcamp",
        "--entry",
        &a,
        "--entry",
        &b,
    ])
    .assert_fails()
    .stderr_has(&format!("cairn journal shareable {a} {b}"));
    dir.cairn(&["journal", "shareable", &a, &b])
        .assert_ok()
        .stderr_has("is shareable");
    assert_eq!(show(&dir, &a)["shareable"], true);
    dir.cairn(&["share", "--network", "ukgovcamp", "--dry-run"])
        .assert_ok()
        .stdout_has("First note.")
        .stdout_has("Second note.");
    dir.cairn(&["journal", "shareable", &b, "--no"]).assert_ok();
    assert_eq!(show(&dir, &b)["shareable"], false);
    dir.cairn(&["journal", "shareable", "nosuch"])
        .assert_fails()
        .stderr_has("nosuch");
}
