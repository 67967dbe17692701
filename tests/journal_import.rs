//! `cairn journal import` through the real binary, on notes written here
//! by jrnl's and the Markdown tools' documented rules: every note becomes
//! an entry once (a second run adds nothing), a dry run writes nothing,
//! nothing already in the journal changes, and what cannot be read is
//! named with its file, line and why. A property test carries any entries
//! out in jrnl's format and back in unchanged.

#[allow(dead_code)]
mod common;

use std::collections::BTreeMap;
use std::fs;
use std::path::PathBuf;

use cairn::library::{
    ExportFormat, ImportFormat, ImportOptions, ImportSource, Library, NewEntry, OpenOptions, Paths,
};
use cairn::model::Kind;
use common::Dir;
use common::journal::{add, files_under, journal_files};
use proptest::prelude::*;
use serde_json::Value;

/// Every file of the journal with its bytes.
fn snapshot(dir: &Dir) -> BTreeMap<PathBuf, Vec<u8>> {
    files_under(&dir.path().join("data/journal"))
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .map(|p| {
            let bytes = fs::read(&p).unwrap();
            (p, bytes)
        })
        .collect()
}

fn import(dir: &Dir, args: &[&str]) -> Value {
    let mut full = vec!["journal", "import", "--json"];
    full.extend_from_slice(args);
    dir.cairn(&full).assert_ok().json()
}

/// When an exported entry was written, as RFC 3339 text.
fn created(entry: &Value) -> &str {
    entry["created"].as_str().expect("created")
}

fn entries(dir: &Dir) -> Vec<Value> {
    let out = dir
        .cairn(&["journal", "export", "--format", "json"])
        .assert_ok();
    out.json()["entries"].as_array().unwrap().clone()
}

/// jrnl's own default format (`%F %r`), written as jrnl writes it.
const JRNL_DEFAULT: &str = "\
Notes kept before the first entry.

[2026-01-05 09:30:00 AM] Approval stalled again.
Legal wants a DPIA first. @approval #pilot

[2026-01-06 02:15:00 PM] What worked: one team first *
Start with the keenest team.
@lesson @scaling

[2026-01-07 11:00:00 AM] Has anyone tried the toolkit? Asking around. @challenge
";

#[test]
fn a_jrnl_journal_comes_in_once_with_its_tags_stars_and_kinds() {
    let dir = Dir::new();
    let before_id = add(
        &dir,
        &["--kind", "lesson", "--title", "Mine already", "--body", "x"],
    );
    let before = snapshot(&dir);
    dir.create("journal.txt", JRNL_DEFAULT);

    let preview = import(&dir, &["--from", "jrnl", "journal.txt", "--dry-run"]);
    assert_eq!(preview["added"].as_array().unwrap().len(), 3, "{preview:#}");
    assert_eq!(snapshot(&dir), before, "a dry run writes nothing");

    let report = import(&dir, &["--from", "jrnl", "journal.txt"]);
    let added = report["added"].as_array().unwrap();
    assert_eq!(added.len(), 3, "{report:#}");
    let skipped = report["skipped"].as_array().unwrap();
    assert_eq!(
        skipped.len(),
        1,
        "the text before the first entry: {report:#}"
    );
    assert_eq!(skipped[0]["place"], "journal.txt:1");
    assert_eq!(report["starred"], 1);

    let all = entries(&dir);
    let by_title = |t: &str| {
        all.iter()
            .find(|e| e["title"] == t)
            .unwrap_or_else(|| panic!("no entry {t}: {all:#?}"))
            .clone()
    };
    let first = by_title("Approval stalled again.");
    assert_eq!(first["kind"], "lesson", "no kind tag: lesson");
    assert_eq!(first["body"], "Legal wants a DPIA first. @approval #pilot");
    assert_eq!(first["tags"], serde_json::json!(["approval", "pilot"]));
    assert!(created(&first).starts_with("2026-01-05T09:30"), "{first}");
    let starred = by_title("What worked: one team first");
    assert_eq!(starred["tags"], serde_json::json!(["scaling", "starred"]));
    assert_eq!(starred["body"], "Start with the keenest team.");
    assert!(
        created(&starred).starts_with("2026-01-06T14:15"),
        "{starred}"
    );
    // jrnl's rule: in a file, the first line is the title.
    let question = by_title("Has anyone tried the toolkit? Asking around. @challenge");
    assert_eq!(question["kind"], "challenge");
    assert_eq!(question["status"], "open");
    assert_eq!(question["body"], "");

    // Nothing that was there changed; a second run adds nothing.
    let after = snapshot(&dir);
    for (path, bytes) in &before {
        assert_eq!(after.get(path), Some(bytes), "{} changed", path.display());
    }
    let again = import(&dir, &["--from", "jrnl", "journal.txt"]);
    assert_eq!(again["added"].as_array().unwrap().len(), 0, "{again:#}");
    assert_eq!(snapshot(&dir), after);
    dir.cairn(&["journal", "show", &before_id]).assert_ok();
}

#[test]
fn the_older_jrnl_format_a_persons_own_and_bad_dates_are_each_handled() {
    let dir = Dir::new();
    dir.create(
        "old.txt",
        "[2025-03-01 08:05] Old style. Body here.\n\n[2025-02-30 10:00] Not a day\nlost\n\n\
         [see below] is only text\n[2025-03-02 09:00] Second\n",
    );
    let report = import(&dir, &["--from", "jrnl", "old.txt"]);
    let titles: Vec<&str> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(titles, ["Old style. Body here.", "Second"]);
    let skipped = &report["skipped"][0];
    assert_eq!(skipped["place"], "old.txt:3");
    assert!(skipped["why"].as_str().unwrap().contains("2025-02-30"));

    dir.create("own.txt", "[05.01.2026 09:30] Hallo Welt.\nText.\n");
    let own = import(
        &dir,
        &[
            "--from",
            "jrnl",
            "own.txt",
            "--time-format",
            "%d.%m.%Y %H:%M",
        ],
    );
    assert_eq!(own["added"][0]["title"], "Hallo Welt.");
    let bad = dir
        .cairn(&[
            "journal",
            "import",
            "--from",
            "jrnl",
            "own.txt",
            "--time-format",
            "%d.%Q",
        ])
        .assert_fails();
    bad.stderr_has("%Q");
}

#[test]
fn unreadable_sources_are_refused_whole_naming_the_line() {
    let dir = Dir::new();
    add(
        &dir,
        &["--kind", "lesson", "--title", "Kept", "--body", "x"],
    );
    let before = snapshot(&dir);
    dir.create(
        "latin1.txt",
        b"[2026-01-05 09:30] Fine\n\n[2026-01-06 09:30] Caf\xe9\n",
    );
    dir.cairn(&["journal", "import", "--from", "jrnl", "latin1.txt"])
        .assert_fails()
        .stderr_has("latin1.txt:3")
        .stderr_has("UTF-8")
        .stderr_has("nothing was imported");
    dir.create("notes.json", "{\"entries\": [ {\"title\": \"x\" ");
    dir.cairn(&["journal", "import", "--from", "jrnl-json", "notes.json"])
        .assert_fails()
        .stderr_has("line 1");
    dir.create("plain.txt", "just some words\nwith no dates\n");
    dir.cairn(&["journal", "import", "--from", "jrnl", "plain.txt"])
        .assert_fails()
        .stderr_has("no jrnl entries");
    dir.cairn(&["journal", "import", "--from", "jrnl", "missing.txt"])
        .assert_fails()
        .stderr_has("missing.txt");
    dir.cairn(&["journal", "import", "--from", "markdown", "data/journal"])
        .assert_fails()
        .stderr_has("own journal");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn jrnl_json_comes_in_from_standard_input() {
    let dir = Dir::new();
    let json = r#"{"tags": {"@budget": 1}, "entries": [
      {"title": "Budget cut.", "body": "We merged two teams. @budget", "date": "2026-02-01",
       "time": "10:15", "tags": ["@budget"], "starred": false},
      {"title": "Idea: open data day", "body": "", "date": "2026-02-02", "time": "09:00",
       "tags": ["@idea"], "starred": true},
      {"title": "", "body": "", "date": "2026-02-03", "time": "09:00", "tags": [], "starred": false}
    ]}"#;
    let out = dir
        .cairn(&[
            "journal",
            "import",
            "--from",
            "jrnl-json",
            "-",
            "--kind-tag",
            "idea=challenge",
            "--json",
        ])
        .stdin_bytes(json)
        .assert_ok();
    let report = out.json();
    let added = report["added"].as_array().unwrap();
    assert_eq!(added.len(), 2, "{report:#}");
    assert_eq!(added[0]["kind"], "lesson");
    assert_eq!(added[1]["kind"], "challenge");
    assert_eq!(report["skipped"][0]["place"], "standard input:3");
    let all = entries(&dir);
    assert_eq!(all[1]["tags"], serde_json::json!(["idea", "starred"]));
}

#[test]
fn a_markdown_vault_comes_in_with_front_matter_headings_and_inline_tags() {
    let dir = Dir::new();
    dir.create(
        "vault/Budget.md",
        "---\ntitle: Budget round\ntags: [money, '#q1']\ndate: 2026-01-10\nkind: challenge\n---\n\
         Ask finance about [[Reserves|the reserve]]. #followup\n\n```\n#not-a-tag\n```\n",
    );
    dir.create(
        "vault/zk/202601111200.md",
        "+++\ntitle = \"Met the network\"\ncreated = 2026-01-11T12:00:00Z\ntags = [\"ukgc\"]\n+++\nGood day.\n",
    );
    dir.create("vault/Plain note.md", "# A heading title\n\nText #Pilot.\n");
    dir.create(
        "vault/journals/2026_01_12.md",
        "tags:: logseq, [[Daily]]\n\n- a block\n",
    );
    dir.create("vault/.obsidian/workspace.md", "# not a note\n");
    dir.create("vault/Broken.md", "---\ntitle: [unclosed\n---\ntext\n");
    dir.create("vault/Latin.md", b"# Caf\xe9\n");
    dir.create("vault/Huge.md", "x".repeat(cairn::library::MAX_NOTE + 1));
    dir.create(
        "vault/Copy A.md",
        "---\nid: same-id\ntitle: Same\n---\none\n",
    );
    dir.create(
        "vault/Copy B.md",
        "---\nid: same-id\ntitle: Same again\n---\ntwo\n",
    );
    dir.create("vault/notes.txt", "not markdown");

    let report = import(&dir, &["--from", "markdown", "vault"]);
    let titles: Vec<&str> = report["added"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a["title"].as_str().unwrap())
        .collect();
    assert_eq!(
        titles,
        [
            "Budget round",
            "Same",
            "A heading title",
            "2026_01_12",
            "Met the network"
        ],
        "{report:#}"
    );
    let why: BTreeMap<String, String> = report["skipped"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["place"].as_str().unwrap().to_string(),
                s["why"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(why["Broken.md:3"].contains("YAML"), "{why:#?}");
    assert!(why["Latin.md:1"].contains("UTF-8"), "{why:#?}");
    assert!(
        why["Huge.md:1"].contains("more than the 4.0 MiB"),
        "{why:#?}"
    );
    assert!(why["Copy B.md:5"].contains("Copy A.md"), "{why:#?}");
    assert_eq!(why.len(), 4, "{why:#?}");

    let all = entries(&dir);
    let find = |t: &str| all.iter().find(|e| e["title"] == t).unwrap().clone();
    let budget = find("Budget round");
    assert_eq!(budget["kind"], "challenge");
    assert_eq!(
        budget["tags"],
        serde_json::json!(["money", "q1", "followup"])
    );
    assert!(
        budget["body"]
            .as_str()
            .unwrap()
            .contains("[[Reserves|the reserve]]")
    );
    assert!(created(&budget).starts_with("2026-01-10"), "{budget}");
    let heading = find("A heading title");
    assert_eq!(heading["body"], "Text #Pilot.");
    assert_eq!(heading["tags"], serde_json::json!(["pilot"]));
    let daily = find("2026_01_12");
    assert!(created(&daily).starts_with("2026-01-12"), "{daily}");
    assert_eq!(daily["tags"], serde_json::json!(["logseq", "daily"]));

    let before = snapshot(&dir);
    let again = import(&dir, &["--from", "markdown", "vault"]);
    assert!(again["added"].as_array().unwrap().is_empty(), "{again:#}");
    assert_eq!(snapshot(&dir), before);
}

#[test]
fn the_report_reads_as_words() {
    let dir = Dir::new();
    dir.create("journal.txt", JRNL_DEFAULT);
    let out = dir
        .cairn(&[
            "journal",
            "import",
            "--from",
            "jrnl",
            "journal.txt",
            "--dry-run",
        ])
        .assert_ok();
    out.stdout_has("Dry run: would import 3 of 4 notes from journal.txt (2 lessons, 1 challenge)")
        .stdout_has("journal.txt:1: text before the first dated entry")
        .stdout_has("1 starred note tagged \"starred\"")
        .stdout_has("without --dry-run");
    assert!(journal_files(&dir).is_empty());
    dir.cairn(&["journal", "import", "--from", "jrnl", "journal.txt"])
        .assert_ok();
    dir.cairn(&["journal", "import", "--from", "jrnl", "journal.txt"])
        .assert_ok()
        .stdout_has("Nothing new to import")
        .stdout_has("Left out 3 notes already in your journal");
}

fn library(home: &std::path::Path) -> Library {
    Library::open_at(Paths::under(home), OpenOptions::default()).unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Entries carried out in jrnl's format and into another journal come
    /// back with the same kind, title, body, tags and minute.
    #[test]
    fn entries_survive_a_trip_through_jrnls_format(
        notes in prop::collection::vec(
            (
                0usize..3,
                "[A-Za-z][A-Za-z ,'?!:]{0,40}[A-Za-z?!]",
                "([A-Za-z ,.'?!]{0,30}\n?){0,4}",
                prop::collection::vec("[a-z]{2,8}", 0..3),
                0i64..40_000,
            ),
            1..6,
        )
    ) {
        let from = tempfile::tempdir().unwrap();
        let to = tempfile::tempdir().unwrap();
        let source = library(from.path());
        // jrnl keeps local times: entries written in this machine's offset.
        let base = time::macros::datetime!(2025-06-01 08:00 UTC)
            .to_offset(cairn::library::now().offset());
        let kinds = [Kind::Challenge, Kind::Validation, Kind::Lesson];
        let mut expected = Vec::new();
        for (i, (kind, title, body, tags, minutes)) in notes.iter().enumerate() {
            let created = base + time::Duration::minutes(minutes * 7 + i as i64);
            let body: String = body.lines().map(str::trim).filter(|l| !l.is_empty())
                .collect::<Vec<_>>().join("\n");
            let stored = source.add_entry(NewEntry {
                kind: kinds[*kind],
                title: title.trim().to_string(),
                tags: tags.clone(),
                networks: Vec::new(),
                body: body.clone(),
                shareable: false,
                created: Some(created),
                follow_up: None,
                stage: None,
                effort: None,
            }).unwrap();
            let m = &stored.entry.meta;
            expected.push((m.kind, m.title.clone(), body, m.tags.clone(), created));
        }
        let (text, _) = source.export_journal("", ExportFormat::Jrnl, false).unwrap();
        let target = library(to.path());
        let report = target.import_notes(
            &ImportSource::Text { name: "export".into(), bytes: text.clone().into_bytes() },
            &ImportOptions {
                format: ImportFormat::Jrnl,
                kind: None,
                kind_tags: Vec::new(),
                time_format: None,
                dry_run: false,
            },
        ).unwrap();
        prop_assert!(report.skipped.is_empty(), "{:?}\n{text}", report.skipped);
        let mut back: Vec<_> = target.journal_scan().unwrap().entries.into_iter()
            .map(|s| {
                let m = s.entry.meta;
                (m.kind, m.title, s.entry.body, m.tags, m.created)
            })
            .collect();
        back.sort_by_key(|b| b.4);
        expected.sort_by_key(|e| e.4);
        prop_assert_eq!(back, expected, "{}", text);
    }
}

#[test]
fn escape_codes_in_imported_notes_never_reach_the_terminal() {
    let dir = Dir::new();
    dir.create(
        "journal.txt",
        "[2026-01-05 09:30] Title \u{1b}]52;c;aGk=\u{7}with a clipboard write\nBody \u{1b}[2Jcleared @tag\u{1b}[0m\n",
    );
    let report = import(&dir, &["--from", "jrnl", "journal.txt"]);
    assert_eq!(report["cleaned"], 1, "{report:#}");
    let all = entries(&dir);
    let e = &all[0];
    for field in ["title", "body"] {
        let text = e[field].as_str().unwrap();
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{7}'),
            "{field}: {text:?}"
        );
    }
    assert_eq!(e["title"], "Title with a clipboard write");
    assert!(
        e["body"].as_str().unwrap().starts_with("Body cleared"),
        "{e}"
    );
}
