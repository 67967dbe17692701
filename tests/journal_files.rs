//! Entry files as data that cairn must never lose or misread, with the real
//! binary in a throwaway `CAIRN_HOME`: front-matter values holding fence
//! lines, comments kept on save, two files with one id, crafted ids,
//! drafts in the data folder, private title text kept out of file names,
//! a damaged journal index, and very large entries.

#[allow(dead_code)]
mod common;

use std::fs;
use std::path::PathBuf;

use cairn::model::Entry;
use common::Dir;
use common::journal::{add, files_under, journal_files, path_of};

fn hand_entry(dir: &Dir, name: &str, id: &str, kind: &str, title: &str) -> PathBuf {
    dir.create(
        &format!("data/journal/2024/{name}.md"),
        format!(
            "+++\nid = \"{id}\"\nkind = \"{kind}\"\ntitle = \"{title}\"\ncreated = \"2024-01-15T09:30:00Z\"\nupdated = \"2024-01-15T09:30:00Z\"\n+++\n\nBody of {title}.\n"
        ),
    )
}

// ---- values that hold a fence line ----

#[test]
fn a_title_and_tag_holding_a_fence_line_are_saved_and_read_back_everywhere() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "a\n+++\nb \"quoted\" back\\slash",
            "--tag",
            "x\n+++",
            "--body",
            "Searchable zebra text\n",
        ],
    );
    let path = path_of(&dir, &id);
    let entry = Entry::parse(&fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(entry.meta.title, "a\n+++\nb \"quoted\" back\\slash");
    assert_eq!(entry.meta.tags, ["x\n+++"]);
    assert_eq!(entry.body, "Searchable zebra text\n");
    let list = dir.cairn(&["journal", "list", "--json"]).assert_ok().json();
    assert_eq!(list.as_array().unwrap().len(), 1, "{list}");
    dir.cairn(&["journal", "list", "--search", "zebra"])
        .assert_ok()
        .stdout_has(&id);
}

// ---- comments kept ----

const COMMENTED: &str = "+++\n# My own notes on this one.\ntitle = \"Approval for a pilot\"  # working title\nid = \"hand111111\"\nkind = \"challenge\"\nstatus = \"open\"\n\n# when\ncreated = 2024-01-15T09:30:00Z\nupdated = 2024-01-15T09:30:00Z\ntags = [\"approval\"] # more later\n+++\n\nThe body.\n";

#[test]
fn resolving_a_hand_written_entry_keeps_its_comments_and_key_order() {
    let dir = Dir::new();
    let path = dir.create("data/journal/2024/2024-01-15-hand.md", COMMENTED);
    dir.cairn(&["journal", "resolve", "hand111111"])
        .assert_ok()
        .stderr_has("Resolved");
    let after = fs::read_to_string(&path).unwrap();
    let entry = Entry::parse(&after).unwrap();
    assert_eq!(
        entry.meta.status.map(|s| s.to_string()).as_deref(),
        Some("resolved")
    );
    let expected_start = "+++\n# My own notes on this one.\ntitle = \"Approval for a pilot\"  # working title\nid = \"hand111111\"\nkind = \"challenge\"\nstatus = \"resolved\"\n\n# when\ncreated = 2024-01-15T09:30:00Z\nupdated = ";
    assert!(after.starts_with(expected_start), "{after}");
    assert!(
        after.ends_with("tags = [\"approval\"] # more later\n+++\n\nThe body.\n"),
        "{after}"
    );
}

// ---- two files with one id ----

#[test]
fn two_files_with_one_id_are_reported_and_told_apart_by_path() {
    let dir = Dir::new();
    let one = hand_entry(&dir, "2024-01-15-one", "same111111", "lesson", "First copy");
    let two = hand_entry(
        &dir,
        "2024-01-15-two",
        "same111111",
        "lesson",
        "Second copy",
    );
    let out = dir.cairn(&["journal", "show", "same111111"]).assert_fails();
    out.stderr_has("2 files have the id")
        .stderr_has(&one.display().to_string())
        .stderr_has(&two.display().to_string());
    let out = dir.cairn(&["journal", "show", "same1"]).assert_fails();
    out.stderr_has("2 files have the id");
    dir.cairn(&["journal", "show", &two.display().to_string()])
        .assert_ok()
        .stdout_has("Second copy");
    let doctor = dir.cairn(&["doctor"]).assert_fails();
    doctor
        .stdout_has("same111111")
        .stdout_has(&one.display().to_string())
        .stdout_has(&two.display().to_string());
    // rm by path moves exactly that file.
    dir.cairn(&["journal", "rm", &two.display().to_string()])
        .assert_ok()
        .stderr_has("Second copy");
    assert!(one.exists());
    assert!(!two.exists());
    dir.cairn(&["journal", "show", "same111111"])
        .assert_ok()
        .stdout_has("First copy");
}

#[test]
fn a_path_outside_the_journal_is_refused() {
    let dir = Dir::new();
    hand_entry(&dir, "2024-01-15-one", "only111111", "lesson", "Only");
    let outside = dir.create("elsewhere/x.md", "+++\n");
    dir.cairn(&["journal", "rm", &outside.display().to_string()])
        .assert_fails()
        .stderr_has("not an entry file in the journal folder");
    assert!(outside.exists());
}

// ---- crafted ids ----

#[test]
fn an_id_that_is_not_letters_digits_dashes_and_underscores_is_reported_with_file_and_line() {
    let dir = Dir::new();
    let bad = hand_entry(&dir, "2024-01-15-bad", "../../../evil", "lesson", "Crafted");
    let out = dir.cairn(&["journal", "list"]).assert_ok();
    out.stderr_has(&bad.display().to_string())
        .stderr_has("line 2")
        .stderr_has("letters, digits");
    let doctor = dir.cairn(&["doctor"]).assert_fails();
    doctor.stdout_has("line 2");
}

// ---- drafts ----

#[cfg(unix)]
#[test]
fn a_failed_edit_keeps_the_draft_in_the_data_folder_and_old_drafts_move_there() {
    let dir = Dir::new();
    let old = dir.create("cache/drafts/edit-old-1.md", "words from before");
    let editor = dir.script("fail.sh", "printf 'Half %s\\n' written >> \"$1\"; exit 3");
    let mut cmd = dir.cairn(&["journal", "add", "--kind", "lesson", "--title", "Crashy"]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_fails();
    let drafts = dir.path().join("data/drafts");
    out.stderr_has(&drafts.display().to_string());
    let kept = files_under(&drafts);
    assert!(
        kept.iter()
            .any(|p| fs::read_to_string(p).is_ok_and(|t| t.contains("Half written"))),
        "{kept:?}"
    );
    assert!(!old.exists(), "the old draft is still in the cache");
    assert_eq!(
        fs::read_to_string(drafts.join("edit-old-1.md")).unwrap(),
        "words from before"
    );
}

// ---- private title text ----

#[test]
fn private_title_text_never_reaches_the_file_name() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "challenge",
            "--title",
            "Budget talk with %%Jane Doe%% next week",
            "--body",
            "x",
        ],
    );
    let name = path_of(&dir, &id)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.ends_with("-budget-talk-with-next-week.md"), "{name}");
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "%%Jane Doe's leave%%",
            "--body",
            "x",
        ],
    );
    let name = path_of(&dir, &id)
        .file_name()
        .unwrap()
        .to_string_lossy()
        .into_owned();
    assert!(name.ends_with("-lesson.md"), "{name}");
    for file in journal_files(&dir) {
        assert!(
            !file.to_string_lossy().to_lowercase().contains("jane"),
            "{}",
            file.display()
        );
    }
}

// ---- a damaged index ----

fn corrupt_journal_index(dir: &Dir) {
    let index = dir.path().join("cache/index");
    let journal = fs::read_dir(&index)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("journal-")
        })
        .expect("a journal index folder");
    let mut broken = 0;
    for file in files_under(&journal) {
        let name = file.file_name().unwrap().to_string_lossy().into_owned();
        if [".term", ".idx", ".store", ".fast"]
            .iter()
            .any(|e| name.ends_with(e))
        {
            fs::write(&file, b"not an index file at all, just some words").unwrap();
            broken += 1;
        }
    }
    assert!(
        broken > 0,
        "no index files found under {}",
        journal.display()
    );
}

#[test]
fn a_damaged_journal_index_is_said_once_in_words_and_rebuilt_on_disk() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Pilot",
            "--body",
            "zebra crossing\n",
        ],
    );
    dir.cairn(&["journal", "list", "--search", "zebra"])
        .assert_ok()
        .stdout_has(&id);
    corrupt_journal_index(&dir);
    let out = dir
        .cairn(&["journal", "list", "--search", "zebra"])
        .assert_ok();
    out.stdout_has(&id)
        .stderr_has("damaged")
        .stderr_has("rebuilt");
    assert!(
        !out.stderr.contains("DataCorruption") && !out.stderr.contains("{"),
        "{out}"
    );
    assert_eq!(out.stderr.matches("damaged").count(), 1, "{out}");
    let again = dir
        .cairn(&["journal", "list", "--search", "zebra"])
        .assert_ok();
    again.stdout_has(&id);
    assert!(
        !again.stderr.contains("damaged"),
        "not rebuilt on disk\n{again}"
    );
}

#[test]
fn doctor_checks_that_the_journal_index_answers_a_query() {
    let dir = Dir::new();
    add(
        &dir,
        &["--kind", "lesson", "--title", "Pilot", "--body", "zebra\n"],
    );
    dir.cairn(&["journal", "list", "--search", "zebra"])
        .assert_ok();
    dir.cairn(&["doctor"])
        .assert_ok()
        .stdout_has("answers queries");
    corrupt_journal_index(&dir);
    dir.cairn(&["doctor"])
        .assert_ok()
        .stdout_has("was damaged")
        .stdout_has("rebuilt");
    dir.cairn(&["doctor"])
        .assert_ok()
        .stdout_has("answers queries");
}

// ---- very large entries ----

#[test]
fn a_very_large_entry_is_searched_by_its_beginning_and_says_so() {
    let dir = Dir::new();
    let mut body = String::from("aardvark at the start\n");
    while body.len() < 300 * 1024 {
        body.push_str("filler words about nothing in particular\n");
    }
    body.push_str("quokka at the very end\n");
    // Too long for one argument: through standard input.
    let out = dir
        .cairn(&[
            "journal", "add", "--kind", "lesson", "--title", "Huge", "--body", "-",
        ])
        .stdin_bytes(&body)
        .assert_ok();
    let id = out.stdout.trim().to_string();
    let path = path_of(&dir, &id);
    assert_eq!(
        Entry::parse(&fs::read_to_string(&path).unwrap())
            .unwrap()
            .body,
        body
    );
    dir.cairn(&["journal", "list", "--search", "aardvark"])
        .assert_ok()
        .stdout_has(&id);
    let late = dir
        .cairn(&["journal", "list", "--search", "quokka"])
        .assert_ok();
    assert!(!late.stdout.contains(&id), "{late}");
    dir.cairn(&["journal", "show", &id])
        .assert_ok()
        .stdout_has("searched: the first 256 KiB")
        .stdout_has("quokka at the very end");
    dir.cairn(&["doctor"])
        .assert_ok()
        .stdout_has(&path.display().to_string())
        .stdout_has("256 KiB");
}
