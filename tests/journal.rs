//! `cairn journal …` end to end with the real binary in a throwaway
//! `CAIRN_HOME`: adding (from --body, stdin or an editor), listing with
//! every filter, ids by prefix, show, edit, rm and restore, resolve, and how
//! hand-edited and hand-broken files are treated.

#[allow(dead_code)]
mod common;

use std::fs;
use std::path::{Path, PathBuf};

use cairn::model::{Entry, EntryStatus, Kind};
use common::journal::{add, files_under, journal_files, path_of, show_json as show};
use common::{Dir, Outcome};
use serde_json::Value;

// ---- helpers ----

/// A lesson with a body, added from the command line; returns its id.
fn add_lesson(dir: &Dir, title: &str) -> String {
    add(
        dir,
        &[
            "--kind",
            "lesson",
            "--title",
            title,
            "--body",
            "Body text\n",
        ],
    )
}

/// The ids `journal list --json ARGS` prints, in order.
fn list_ids(dir: &Dir, args: &[&str]) -> Vec<String> {
    let mut full = vec!["journal", "list", "--json"];
    full.extend_from_slice(args);
    let out = dir.cairn(&full).assert_ok();
    ids_of(&out)
}

fn ids_of(out: &Outcome) -> Vec<String> {
    out.json()
        .as_array()
        .unwrap_or_else(|| panic!("not a JSON array\n{out}"))
        .iter()
        .map(|e| e["id"].as_str().expect("every entry has an id").to_string())
        .collect()
}

#[track_caller]
fn assert_no_entries(dir: &Dir) {
    let files = journal_files(dir);
    assert!(files.is_empty(), "entry files were written: {files:?}");
}

/// Reads and parses an entry file.
#[track_caller]
fn parse_file(path: &Path) -> Entry {
    let text = fs::read_to_string(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()));
    Entry::parse(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}\n{text}", path.display()))
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// The text of an entry file written by hand.
fn entry_text(id: &str, kind: &str, title: &str, created: &str, extra: &str, body: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\nkind = \"{kind}\"\ntitle = \"{title}\"\ncreated = \"{created}\"\nupdated = \"{created}\"\n{extra}+++\n\n{body}"
    )
}

/// Writes an entry by hand under `data/journal/YYYY/DATE-ID.md`; returns its path.
fn hand_entry(dir: &Dir, id: &str, kind: &str, title: &str, created: &str, extra: &str) -> PathBuf {
    let year = &created[..4];
    let day = &created[..10];
    dir.create(
        &format!("data/journal/{year}/{day}-{id}.md"),
        entry_text(
            id,
            kind,
            title,
            created,
            extra,
            &format!("Body of {title}.\n"),
        ),
    )
}

/// Four entries written by hand, oldest first:
/// alpha (challenge, open), bravo (challenge, resolved),
/// charlie (validation, shareable), delta (lesson, shareable).
fn sample_journal(dir: &Dir) {
    hand_entry(
        dir,
        "alpha11111",
        "challenge",
        "Approval for a pilot",
        "2024-01-15T09:30:00+01:00",
        "status = \"open\"\ntags = [\"approval\", \"pilot\"]\nnetworks = [\"ukgovcamp\"]\n",
    );
    hand_entry(
        dir,
        "bravo22222",
        "challenge",
        "Buying differently",
        "2024-03-10T12:00:00Z",
        "status = \"resolved\"\ntags = [\"procurement\"]\n",
    );
    hand_entry(
        dir,
        "charlie333",
        "validation",
        "The minister liked it",
        "2024-07-01T08:00:00Z",
        "shareable = true\ntags = [\"approval\"]\nnetworks = [\"ukgovcamp\"]\n",
    );
    hand_entry(
        dir,
        "delta44444",
        "lesson",
        "Start small",
        "2025-02-01T18:45:00-05:00",
        "shareable = true\ntags = [\"pilot\"]\n",
    );
}

const ALPHA: &str = "alpha11111";
const BRAVO: &str = "bravo22222";
const CHARLIE: &str = "charlie333";
const DELTA: &str = "delta44444";

#[cfg(unix)]
fn mode(path: &Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    fs::metadata(path)
        .unwrap_or_else(|e| panic!("stat {}: {e}", path.display()))
        .permissions()
        .mode()
        & 0o777
}

/// An editor that appends a line to the file it is given.
#[cfg(unix)]
fn appending_editor(dir: &Dir, line: &str) -> String {
    dir.script("append.sh", &format!("printf '%s\\n' '{line}' >> \"$1\""))
        .to_string_lossy()
        .into_owned()
}

// ---- journal add ----

#[test]
fn add_prints_the_id_and_saves_a_file_named_by_date_and_title_slug() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Approval for a pilot!",
            "--body",
            "We asked early.\n",
        ],
    );
    let doc = show(&dir, &id);
    let created = doc["created"].as_str().expect("created");
    let (year, day) = (&created[..4], &created[..10]);
    let expected = dir
        .path()
        .join(format!("data/journal/{year}/{day}-approval-for-a-pilot.md"));
    assert_eq!(Path::new(doc["path"].as_str().unwrap()), expected, "{doc}");
    assert_eq!(journal_files(&dir), std::slice::from_ref(&expected));

    let entry = parse_file(&expected);
    assert_eq!(entry.meta.id, id);
    assert_eq!(entry.meta.kind, Kind::Lesson);
    assert_eq!(entry.meta.title, "Approval for a pilot!");
    assert_eq!(entry.body, "We asked early.\n");
    assert_eq!(entry.meta.status, None);
    assert!(!entry.meta.shareable);
    assert!(entry.meta.tags.is_empty() && entry.meta.networks.is_empty());
    assert!(entry.meta.related.is_empty());
    assert_eq!(entry.meta.created, entry.meta.updated);
}

#[test]
fn add_says_where_it_saved_the_entry() {
    let dir = Dir::new();
    let out = dir
        .cairn(&[
            "journal", "add", "--kind", "lesson", "--title", "Where", "--body", "x",
        ])
        .assert_ok();
    let file = &journal_files(&dir)[0];
    out.stderr_has("Saved")
        .stderr_has(&file.display().to_string());
}

#[test]
fn add_body_dash_reads_the_text_from_standard_input() {
    let dir = Dir::new();
    let body = "Line one\n\n## Line *two*, with ünïcode and +++ inside\n+++\n";
    let out = dir
        .cairn(&[
            "journal",
            "add",
            "--kind",
            "validation",
            "--title",
            "From stdin",
            "--body",
            "-",
        ])
        .stdin_bytes(body)
        .assert_ok();
    let id = out.stdout.trim();
    assert_eq!(show(&dir, id)["body"], body);
    assert_eq!(parse_file(&journal_files(&dir)[0]).body, body);
}

#[test]
fn add_normalises_tags_to_lowercase_without_hash_and_once_each() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Tags",
            "--body",
            "x",
            "--tag",
            "#Approval",
            "--tag",
            "approval",
            "--tag",
            " PILOT ",
            "--tag",
            "#",
            "--tag",
            "Pilot",
        ],
    );
    assert_eq!(
        show(&dir, &id)["tags"],
        serde_json::json!(["approval", "pilot"])
    );
    assert_eq!(
        parse_file(&path_of(&dir, &id)).meta.tags,
        ["approval", "pilot"]
    );
}

#[test]
fn add_with_an_unknown_network_fails_with_did_you_mean_and_writes_nothing() {
    let dir = Dir::new();
    let out = dir
        .cairn(&[
            "journal",
            "add",
            "--kind",
            "lesson",
            "--title",
            "Typo",
            "--body",
            "x",
            "--network",
            "ukgovcmp",
        ])
        .assert_fails();
    out.stderr_has("ukgovcmp")
        .stderr_has("did you mean")
        .stderr_has("ukgovcamp");
    assert!(out.stdout.is_empty(), "{out}");
    assert_no_entries(&dir);
}

#[test]
fn add_with_a_known_network_records_it_and_list_shows_it() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Met people",
            "--body",
            "x",
            "--network",
            "ukgovcamp",
        ],
    );
    assert_eq!(
        show(&dir, &id)["networks"],
        serde_json::json!(["ukgovcamp"])
    );
    dir.cairn(&["journal", "list"])
        .assert_ok()
        .stdout_has("[ukgovcamp]");
}

#[test]
fn a_new_challenge_starts_open_and_other_kinds_have_no_status() {
    let dir = Dir::new();
    let challenge = add(
        &dir,
        &["--kind", "challenge", "--title", "Blocked", "--body", "x"],
    );
    let lesson = add_lesson(&dir, "Learned");
    let validation = add(
        &dir,
        &["--kind", "validation", "--title", "Cheered", "--body", "x"],
    );
    assert_eq!(show(&dir, &challenge)["status"], "open");
    assert_eq!(
        parse_file(&path_of(&dir, &challenge)).meta.status,
        Some(EntryStatus::Open)
    );
    assert_eq!(show(&dir, &lesson)["status"], Value::Null);
    assert_eq!(show(&dir, &validation)["status"], Value::Null);
}

#[test]
fn shareable_is_recorded_when_asked_and_false_otherwise() {
    let dir = Dir::new();
    let shared = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Share me",
            "--body",
            "x",
            "--shareable",
        ],
    );
    let private = add_lesson(&dir, "Keep me");
    assert_eq!(show(&dir, &shared)["shareable"], true);
    assert!(parse_file(&path_of(&dir, &shared)).meta.shareable);
    assert_eq!(show(&dir, &private)["shareable"], false);
}

#[cfg(unix)]
#[test]
fn entry_files_are_private_0600_in_folders_0700() {
    let dir = Dir::new();
    let id = add_lesson(&dir, "Private");
    let file = path_of(&dir, &id);
    assert_eq!(mode(&file), 0o600, "{}", file.display());
    for folder in [
        dir.path().join("data"),
        dir.path().join("data/journal"),
        file.parent().unwrap().to_path_buf(),
    ] {
        assert_eq!(mode(&folder), 0o700, "{}", folder.display());
    }
}

#[test]
fn a_second_entry_with_the_same_title_gets_its_own_file() {
    let dir = Dir::new();
    let first = add_lesson(&dir, "Same title");
    let first_path = path_of(&dir, &first);
    let first_bytes = read(&first_path);
    let second = add_lesson(&dir, "Same title");
    let second_path = path_of(&dir, &second);
    assert_ne!(first, second);
    assert_ne!(first_path, second_path);
    let name = second_path.file_name().unwrap().to_string_lossy();
    assert!(name.ends_with("-same-title-2.md"), "{name}");
    assert_eq!(read(&first_path), first_bytes, "the first file changed");
    assert_eq!(parse_file(&second_path).meta.id, second);
    assert_eq!(journal_files(&dir).len(), 2);
}

#[test]
fn add_never_writes_over_an_unreadable_file_with_the_same_name() {
    let dir = Dir::new();
    let probe = path_of(&dir, &add_lesson(&dir, "Probe"));
    let name = probe.file_name().unwrap().to_string_lossy();
    let clash = probe.with_file_name(name.replace("probe", "clash"));
    fs::write(&clash, "not an entry at all\n").unwrap();
    let id = add_lesson(&dir, "Clash");
    assert_eq!(read(&clash), b"not an entry at all\n");
    let path = path_of(&dir, &id);
    assert_ne!(path, clash);
    assert_eq!(parse_file(&path).meta.title, "Clash");
}

#[test]
fn add_with_a_blank_title_fails_and_writes_nothing() {
    let dir = Dir::new();
    let out = dir
        .cairn(&[
            "journal", "add", "--kind", "lesson", "--title", "   ", "--body", "x",
        ])
        .assert_fails();
    out.stderr_has("needs a title");
    assert_no_entries(&dir);
}

#[test]
fn add_with_an_unknown_kind_fails_listing_the_kinds() {
    let dir = Dir::new();
    let out = dir
        .cairn(&[
            "journal", "add", "--kind", "musing", "--title", "T", "--body", "x",
        ])
        .run();
    assert_eq!(out.code, Some(2), "{out}");
    out.stderr_has("musing")
        .stderr_has("challenge, validation, lesson");
    assert_no_entries(&dir);
}

#[test]
fn add_without_body_or_editor_fails_naming_editor_and_body() {
    let dir = Dir::new();
    let mut cmd = dir.cairn(&["journal", "add", "--kind", "lesson", "--title", "No editor"]);
    // No editor set, and none of the usual ones (editor, nano, vi) on PATH.
    let empty = dir.path().join("no-editors");
    std::fs::create_dir_all(&empty).unwrap();
    cmd.env_remove("EDITOR")
        .env_remove("VISUAL")
        .env("PATH", &empty);
    #[cfg(unix)]
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_fails();
    out.stderr_has("EDITOR").stderr_has("--body");
    assert_no_entries(&dir);
}

#[cfg(unix)]
#[test]
fn with_no_editor_set_the_first_usual_one_found_is_used_and_named() {
    let dir = Dir::new();
    let bin = dir.path().join("bin");
    std::fs::create_dir_all(&bin).unwrap();
    // A stand-in for nano that writes a body and leaves.
    let nano = dir.script("nano", "printf 'Written in the stand-in.\\n' >> \"$1\"");
    std::fs::rename(&nano, bin.join("nano")).unwrap();
    let mut cmd = dir.cairn(&["journal", "add", "--kind", "lesson", "--title", "Fallback"]);
    cmd.env_remove("EDITOR")
        .env_remove("VISUAL")
        .env("PATH", &bin);
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_ok();
    out.stderr_has("so nano was used");
}

// ---- journal add in an editor ----

#[cfg(unix)]
#[test]
fn add_with_an_editor_but_no_terminal_refuses_without_running_it() {
    let dir = Dir::new();
    let editor = dir.script("editor.sh", "touch \"$1.ran\"; echo more >> \"$1\"");
    let out = dir
        .cairn(&["journal", "add", "--kind", "lesson", "--title", "No tty"])
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .assert_fails();
    out.stderr_has("terminal").stderr_has("--body");
    assert_no_entries(&dir);
    let ran: Vec<_> = files_under(dir.path())
        .into_iter()
        .filter(|p| p.to_string_lossy().ends_with(".ran"))
        .collect();
    assert!(ran.is_empty(), "the editor ran: {ran:?}");
}

#[cfg(unix)]
#[test]
fn add_with_the_template_left_unchanged_says_nothing_saved() {
    let dir = Dir::new();
    let mut cmd = dir.cairn(&[
        "journal",
        "add",
        "--kind",
        "challenge",
        "--title",
        "Unchanged",
    ]);
    cmd.env("EDITOR", "true").env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_ok();
    out.stderr_has("Nothing saved");
    assert!(out.stdout.is_empty(), "{out}");
    assert_no_entries(&dir);
}

#[cfg(unix)]
#[test]
fn add_saves_the_template_with_what_the_editor_wrote() {
    let dir = Dir::new();
    let editor = appending_editor(&dir, "Nobody had tried it here.");
    let mut cmd = dir.cairn(&["journal", "add", "--kind", "challenge", "--title", "Edited"]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_ok();
    let id = out.stdout.trim();
    let template = fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/templates/challenge.md"),
    )
    .unwrap();
    let body = show(&dir, id)["body"].as_str().unwrap().to_string();
    assert_eq!(body, format!("{template}Nobody had tried it here.\n"));
    assert_eq!(parse_file(&path_of(&dir, id)).body, body);
}

#[cfg(unix)]
#[test]
fn visual_is_preferred_to_editor() {
    let dir = Dir::new();
    let visual = appending_editor(&dir, "Written in VISUAL.");
    let mut cmd = dir.cairn(&["journal", "add", "--kind", "lesson", "--title", "Visual"]);
    cmd.env("VISUAL", &visual).env("EDITOR", "false");
    let _tty = cmd.stdin_terminal();
    let id = cmd.assert_ok().stdout.trim().to_string();
    assert!(
        show(&dir, &id)["body"]
            .as_str()
            .unwrap()
            .ends_with("Written in VISUAL.\n")
    );
}

#[cfg(unix)]
#[test]
fn add_starts_from_the_users_own_template_in_the_config_folder() {
    let dir = Dir::new();
    dir.create("config/templates/lesson.md", "# My own prompt\n");
    let editor = appending_editor(&dir, "Answer.");
    let mut cmd = dir.cairn(&["journal", "add", "--kind", "lesson", "--title", "Own"]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let id = cmd.assert_ok().stdout.trim().to_string();
    assert_eq!(show(&dir, &id)["body"], "# My own prompt\nAnswer.\n");

    // Unchanged, the user's template saves nothing either.
    let mut cmd = dir.cairn(&["journal", "add", "--kind", "lesson", "--title", "Own 2"]);
    cmd.env("EDITOR", "true").env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    cmd.assert_ok().stderr_has("Nothing saved");
    assert_eq!(journal_files(&dir).len(), 1);
}

/// The file the message says the text was kept in, which must exist.
#[cfg(unix)]
#[track_caller]
fn kept_file(out: &Outcome) -> PathBuf {
    let at = out
        .stderr
        .find("kept in ")
        .unwrap_or_else(|| panic!("the message does not say where the text is kept\n{out}"))
        + "kept in ".len();
    let rest = &out.stderr[at..];
    let end = rest.find(".md").map(|i| i + 3).unwrap_or(rest.len());
    let path = PathBuf::from(&rest[..end]);
    assert!(path.is_file(), "{} is not a file\n{out}", path.display());
    path
}

#[cfg(unix)]
#[test]
fn a_failing_editor_saves_nothing_and_says_where_the_text_is_kept() {
    let dir = Dir::new();
    let editor = dir.script("fail.sh", "printf 'Half %s\\n' written >> \"$1\"; exit 3");
    let mut cmd = dir.cairn(&["journal", "add", "--kind", "lesson", "--title", "Crashy"]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_fails();
    out.stderr_has("stopped");
    let kept = fs::read_to_string(kept_file(&out)).unwrap();
    assert!(kept.contains("Half written"), "{kept}");
    assert_no_entries(&dir);
}

/// Nothing is ever lost: text typed in the editor must survive a refusal
/// that only comes after the editor closed (here an unknown network id).
#[cfg(unix)]
#[test]
fn text_written_in_the_editor_is_kept_when_the_entry_is_refused() {
    let dir = Dir::new();
    // The script prints "Marker 42" without containing that text itself.
    let editor = dir.script("editor.sh", "printf 'Marker %s\\n' $((6*7)) >> \"$1\"");
    let mut cmd = dir.cairn(&[
        "journal",
        "add",
        "--kind",
        "lesson",
        "--title",
        "Refused",
        "--network",
        "ukgovcmp",
    ]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_fails();
    out.stderr_has("did you mean");
    assert_no_entries(&dir);
    let keeping: Vec<PathBuf> = files_under(dir.path())
        .into_iter()
        .filter(|p| fs::read(p).is_ok_and(|b| String::from_utf8_lossy(&b).contains("Marker 42")))
        .collect();
    assert!(
        !keeping.is_empty(),
        "the text written in the editor is gone: no file under CAIRN_HOME holds it\n{out}"
    );
}

// ---- journal edit ----

#[cfg(unix)]
#[test]
fn edit_saves_the_editors_change_in_the_same_file() {
    let dir = Dir::new();
    let id = add_lesson(&dir, "To edit");
    let path = path_of(&dir, &id);
    let editor = appending_editor(&dir, "Added later.");
    let mut cmd = dir.cairn(&["journal", "edit", &id[..5]]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    cmd.assert_ok().stderr_has("Saved");
    let entry = parse_file(&path);
    assert_eq!(entry.meta.id, id);
    assert_eq!(entry.body, "Body text\nAdded later.\n");
    assert!(entry.meta.updated >= entry.meta.created);
    assert_eq!(journal_files(&dir), [path]);
}

#[cfg(unix)]
#[test]
fn edit_with_no_change_says_so_and_leaves_the_file_byte_identical() {
    let dir = Dir::new();
    let path = hand_entry(
        &dir,
        ALPHA,
        "challenge",
        "Hand",
        "2024-01-15T09:30:00+01:00",
        "status = \"open\"\n",
    );
    let before = read(&path);
    let mut cmd = dir.cairn(&["journal", "edit", ALPHA]);
    cmd.env("EDITOR", "true").env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    cmd.assert_ok().stderr_has("No change");
    assert_eq!(read(&path), before);
}

#[cfg(unix)]
#[test]
fn edit_that_breaks_the_front_matter_leaves_the_entry_and_says_where_the_edit_is() {
    let dir = Dir::new();
    let id = add_lesson(&dir, "Fragile");
    let path = path_of(&dir, &id);
    let before = read(&path);
    let editor = dir.script(
        "break.sh",
        "{ echo 'oops'; cat \"$1\"; echo 'My careful edit'; } > \"$1.new\" && mv \"$1.new\" \"$1\"",
    );
    let mut cmd = dir.cairn(&["journal", "edit", &id]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_fails();
    out.stderr_has("cannot be read")
        .stderr_has("line 1")
        .stderr_has("unchanged");
    assert_eq!(read(&path), before, "the entry file changed");
    let kept = fs::read_to_string(kept_file(&out)).unwrap();
    assert!(
        kept.starts_with("oops\n+++") && kept.contains("My careful edit"),
        "{kept}"
    );
    assert_eq!(journal_files(&dir), [path]);
}

#[cfg(unix)]
#[test]
fn edit_that_changes_the_id_is_refused_and_the_edit_is_kept() {
    let dir = Dir::new();
    let path = hand_entry(&dir, ALPHA, "lesson", "Mine", "2024-01-15T09:30:00Z", "");
    let before = read(&path);
    let editor = dir.script(
        "reid.sh",
        "sed 's/^id = .*/id = \"someother1\"/' \"$1\" > \"$1.new\" && mv \"$1.new\" \"$1\"",
    );
    let mut cmd = dir.cairn(&["journal", "edit", ALPHA]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_fails();
    out.stderr_has("id");
    let kept = fs::read_to_string(kept_file(&out)).unwrap();
    assert!(kept.contains("someother1"), "{kept}");
    assert_eq!(read(&path), before);
    assert_eq!(list_ids(&dir, &[]), [ALPHA]);
}

#[cfg(unix)]
#[test]
fn edit_without_a_terminal_is_refused_and_changes_nothing() {
    let dir = Dir::new();
    let id = add_lesson(&dir, "No tty");
    let path = path_of(&dir, &id);
    let before = read(&path);
    let editor = appending_editor(&dir, "Should not land.");
    let out = dir
        .cairn(&["journal", "edit", &id])
        .env("EDITOR", &editor)
        .env_remove("VISUAL")
        .assert_fails();
    out.stderr_has("terminal");
    assert_eq!(read(&path), before);
}

/// Nothing is ever lost: an edit that parses but is refused when saved
/// (here it names a network that does not exist) must be kept somewhere.
#[cfg(unix)]
#[test]
fn an_edit_refused_when_saved_is_kept_and_the_entry_is_unchanged() {
    let dir = Dir::new();
    let id = add_lesson(&dir, "Network typo");
    let path = path_of(&dir, &id);
    let before = read(&path);
    // Adds an unknown network and a line "Marker 42" the script does not contain.
    let editor = dir.script(
        "typo.sh",
        "sed 's/^networks = \\[\\]/networks = [\"ukgovcmp\"]/' \"$1\" > \"$1.new\" \
         && printf 'Marker %s\\n' $((6*7)) >> \"$1.new\" && mv \"$1.new\" \"$1\"",
    );
    let mut cmd = dir.cairn(&["journal", "edit", &id]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.assert_fails();
    out.stderr_has("ukgovcmp");
    assert_eq!(read(&path), before, "the entry file changed");
    let keeping: Vec<PathBuf> = files_under(dir.path())
        .into_iter()
        .filter(|p| fs::read(p).is_ok_and(|b| String::from_utf8_lossy(&b).contains("Marker 42")))
        .collect();
    assert!(
        !keeping.is_empty(),
        "the edit is gone: no file under CAIRN_HOME holds it\n{out}"
    );
}

/// Two cairns at once: a change saved by another cairn while the editor
/// was open (here `journal resolve`) must not be silently undone by the
/// edit; either both land or the edit is refused and kept.
#[cfg(unix)]
#[test]
fn an_edit_does_not_silently_undo_a_change_saved_meanwhile() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "challenge",
            "--title",
            "Race",
            "--body",
            "Start\n",
        ],
    );
    let path = path_of(&dir, &id);
    let editor = dir.script(
        "race.sh",
        &format!(
            "\"{}\" journal resolve {id} >/dev/null 2>&1 || exit 9\nprintf 'Edited\\n' >> \"$1\"",
            env!("CARGO_BIN_EXE_cairn")
        ),
    );
    let mut cmd = dir.cairn(&["journal", "edit", &id]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    let out = cmd.run();
    let entry = parse_file(&path);
    if out.code == Some(0) {
        assert_eq!(
            entry.meta.status,
            Some(EntryStatus::Resolved),
            "the edit undid the resolution saved meanwhile\n{out}"
        );
    } else {
        assert_eq!(entry.meta.status, Some(EntryStatus::Resolved), "{out}");
        out.stderr_has("kept in");
    }
}

// ---- journal list ----

#[test]
fn list_shows_entries_newest_first() {
    let dir = Dir::new();
    sample_journal(&dir);
    let today = add_lesson(&dir, "Written today");
    assert_eq!(
        list_ids(&dir, &[]),
        [today.as_str(), DELTA, CHARLIE, BRAVO, ALPHA]
    );
    let out = dir.cairn(&["journal", "list"]).assert_ok();
    let firsts: Vec<&str> = out
        .stdout
        .lines()
        .map(|l| l.split_whitespace().next().unwrap_or_default())
        .collect();
    assert_eq!(
        firsts,
        [today.as_str(), DELTA, CHARLIE, BRAVO, ALPHA],
        "{out}"
    );
}

#[test]
fn list_lines_show_id_day_kind_with_status_title_and_networks() {
    let dir = Dir::new();
    sample_journal(&dir);
    let out = dir.cairn(&["journal", "list"]).assert_ok();
    let alpha = out
        .stdout
        .lines()
        .find(|l| l.starts_with(ALPHA))
        .unwrap_or_else(|| panic!("no line for alpha\n{out}"));
    for part in [
        "2024-01-15",
        "challenge (open)",
        "Approval for a pilot",
        "[ukgovcamp]",
    ] {
        assert!(alpha.contains(part), "{alpha:?} lacks {part:?}");
    }
}

#[test]
fn list_kind_keeps_only_that_kind() {
    let dir = Dir::new();
    sample_journal(&dir);
    assert_eq!(list_ids(&dir, &["--kind", "challenge"]), [BRAVO, ALPHA]);
    assert_eq!(list_ids(&dir, &["--kind", "Lesson"]), [DELTA]);
}

#[test]
fn list_tag_keeps_entries_with_that_tag_written_any_way() {
    let dir = Dir::new();
    sample_journal(&dir);
    assert_eq!(list_ids(&dir, &["--tag", "approval"]), [CHARLIE, ALPHA]);
    assert_eq!(list_ids(&dir, &["--tag", "#Pilot"]), [DELTA, ALPHA]);
    assert!(list_ids(&dir, &["--tag", "nothing"]).is_empty());
}

#[test]
fn list_network_keeps_entries_about_that_network() {
    let dir = Dir::new();
    sample_journal(&dir);
    assert_eq!(
        list_ids(&dir, &["--network", "ukgovcamp"]),
        [CHARLIE, ALPHA]
    );
}

#[test]
fn list_status_keeps_challenges_in_that_state() {
    let dir = Dir::new();
    sample_journal(&dir);
    assert_eq!(list_ids(&dir, &["--status", "open"]), [ALPHA]);
    assert_eq!(list_ids(&dir, &["--status", "resolved"]), [BRAVO]);
}

#[test]
fn list_status_rejects_an_unknown_state_listing_the_states() {
    let dir = Dir::new();
    let out = dir.cairn(&["journal", "list", "--status", "closed"]).run();
    assert_eq!(out.code, Some(2), "{out}");
    out.stderr_has("open, resolved");
}

#[test]
fn list_since_and_until_keep_days_in_range_inclusively() {
    let dir = Dir::new();
    sample_journal(&dir);
    assert_eq!(
        list_ids(&dir, &["--since", "2024-03-10"]),
        [DELTA, CHARLIE, BRAVO]
    );
    assert_eq!(list_ids(&dir, &["--until", "2024-03-10"]), [BRAVO, ALPHA]);
    assert_eq!(
        list_ids(&dir, &["--since", "2024-03-10", "--until", "2024-07-01"]),
        [CHARLIE, BRAVO]
    );
    assert!(list_ids(&dir, &["--since", "2030-01-01"]).is_empty());
}

#[test]
fn list_since_rejects_a_day_that_is_not_a_date() {
    let dir = Dir::new();
    // "yesterday" is a day now (see tests/journal_everyday.rs).
    for bad in ["2024-13-01", "the day after the pilot"] {
        let out = dir.cairn(&["journal", "list", "--since", bad]).run();
        assert_eq!(out.code, Some(2), "{out}");
        out.stderr_has(bad)
            .stderr_has("is not a date cairn can read");
    }
}

#[test]
fn list_shareable_keeps_only_shareable_entries() {
    let dir = Dir::new();
    sample_journal(&dir);
    assert_eq!(list_ids(&dir, &["--shareable"]), [DELTA, CHARLIE]);
}

#[test]
fn list_limit_keeps_the_newest_n_after_filtering() {
    let dir = Dir::new();
    sample_journal(&dir);
    assert_eq!(list_ids(&dir, &["--limit", "2"]), [DELTA, CHARLIE]);
    assert_eq!(list_ids(&dir, &["-n", "1", "--kind", "challenge"]), [BRAVO]);
    assert!(list_ids(&dir, &["--limit", "0"]).is_empty());
}

#[test]
fn list_json_has_every_field_but_not_the_body() {
    let dir = Dir::new();
    sample_journal(&dir);
    let out = dir
        .cairn(&[
            "journal",
            "list",
            "--json",
            "--kind",
            "challenge",
            "--status",
            "open",
        ])
        .assert_ok();
    let doc = out.json();
    let items = doc.as_array().expect("an array");
    assert_eq!(items.len(), 1, "{out}");
    let a = &items[0];
    assert_eq!(a["id"], ALPHA);
    assert_eq!(a["kind"], "challenge");
    assert_eq!(a["title"], "Approval for a pilot");
    assert_eq!(a["created"], "2024-01-15T09:30:00+01:00");
    assert_eq!(a["updated"], "2024-01-15T09:30:00+01:00");
    assert_eq!(a["status"], "open");
    assert_eq!(a["shareable"], false);
    assert_eq!(a["tags"], serde_json::json!(["approval", "pilot"]));
    assert_eq!(a["networks"], serde_json::json!(["ukgovcamp"]));
    assert_eq!(a["related"], serde_json::json!([]));
    assert!(
        a["path"].as_str().unwrap().ends_with("alpha11111.md"),
        "{a}"
    );
    assert!(a.get("body").is_none(), "list --json carries bodies: {a}");
}

#[test]
fn list_with_nothing_to_show_says_how_to_write_an_entry() {
    let dir = Dir::new();
    let out = dir.cairn(&["journal", "list"]).assert_ok();
    assert!(out.stdout.is_empty(), "{out}");
    out.stderr_has("No entries").stderr_has("journal add");
    let out = dir.cairn(&["journal", "list", "--json"]).assert_ok();
    assert_eq!(out.json(), serde_json::json!([]));
}

// ---- ids by prefix, show ----

#[test]
fn show_finds_an_entry_by_a_unique_prefix_and_prints_it_whole() {
    let dir = Dir::new();
    sample_journal(&dir);
    let out = dir.cairn(&["journal", "show", "alp"]).assert_ok();
    out.stdout_has(ALPHA)
        .stdout_has("Approval for a pilot")
        .stdout_has("tags: approval, pilot")
        .stdout_has("networks: ukgovcamp")
        .stdout_has("alpha11111.md")
        .stdout_has("Body of Approval for a pilot.");
}

#[test]
fn show_json_includes_the_body_and_the_path() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Json",
            "--body",
            "Para 1\n\nPara 2\n",
        ],
    );
    let doc = show(&dir, &id[..4]);
    assert_eq!(doc["id"], id.as_str());
    assert_eq!(doc["body"], "Para 1\n\nPara 2\n");
    assert!(Path::new(doc["path"].as_str().unwrap()).is_file(), "{doc}");
}

#[test]
fn an_ambiguous_prefix_fails_listing_the_candidates_for_every_command() {
    let dir = Dir::new();
    let one = hand_entry(
        &dir,
        "abc1234567",
        "challenge",
        "First",
        "2024-01-01T00:00:00Z",
        "status = \"open\"\n",
    );
    let two = hand_entry(
        &dir,
        "abc7654321",
        "lesson",
        "Second",
        "2024-01-02T00:00:00Z",
        "",
    );
    let (one_bytes, two_bytes) = (read(&one), read(&two));
    for args in [
        vec!["journal", "show", "abc"],
        vec!["journal", "rm", "abc"],
        vec!["journal", "resolve", "abc"],
        vec!["journal", "resolve", "abc1", "--by", "abc"],
        vec!["journal", "edit", "abc"],
    ] {
        let out = dir.cairn(&args).env("EDITOR", "true").assert_fails();
        out.stderr_has("more than one entry starts with \"abc\"")
            .stderr_has("abc1234567 (First)")
            .stderr_has("abc7654321 (Second)")
            .stderr_has("more letters");
    }
    assert_eq!(read(&one), one_bytes);
    assert_eq!(read(&two), two_bytes);
    assert_eq!(show(&dir, "abc7")["title"], "Second");
}

#[test]
fn an_exact_id_wins_over_a_longer_id_it_is_the_start_of() {
    let dir = Dir::new();
    hand_entry(&dir, "abc", "lesson", "Short", "2024-01-01T00:00:00Z", "");
    hand_entry(&dir, "abcdef", "lesson", "Long", "2024-01-02T00:00:00Z", "");
    assert_eq!(show(&dir, "abc")["title"], "Short");
    assert_eq!(show(&dir, "abcd")["title"], "Long");
}

#[test]
fn an_unknown_id_fails_for_every_command_that_takes_one() {
    let dir = Dir::new();
    sample_journal(&dir);
    for args in [
        vec!["journal", "show", "zzz"],
        vec!["journal", "edit", "zzz"],
        vec!["journal", "rm", "zzz"],
        vec!["journal", "restore", "zzz"],
        vec!["journal", "resolve", "zzz"],
        vec!["journal", "resolve", ALPHA, "--by", "zzz"],
    ] {
        let out = dir.cairn(&args).env("EDITOR", "true").assert_fails();
        if args[1] == "restore" {
            out.stderr_has("no entry in the trash has an id starting with \"zzz\"");
        } else {
            out.stderr_has("no journal entry has an id starting with \"zzz\"");
        }
        assert!(out.stdout.is_empty(), "{out}");
    }
    assert_eq!(list_ids(&dir, &["--status", "open"]), [ALPHA]);
}

#[test]
fn an_empty_id_fails_asking_for_one() {
    let dir = Dir::new();
    sample_journal(&dir);
    let out = dir.cairn(&["journal", "show", "  "]).assert_fails();
    out.stderr_has("give an entry id");
}

// ---- rm and restore ----

#[test]
fn rm_moves_the_file_to_the_trash_and_restore_brings_it_back_byte_identical() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Bin me",
            "--body",
            "Précieux\n",
            "--tag",
            "x",
        ],
    );
    let path = path_of(&dir, &id);
    let bytes = read(&path);
    let relative = path
        .strip_prefix(dir.path().join("data/journal"))
        .unwrap()
        .to_path_buf();

    let out = dir.cairn(&["journal", "rm", &id[..6]]).assert_ok();
    let trashed = dir.path().join("data/trash/journal").join(&relative);
    out.stderr_has("trash")
        .stderr_has(&trashed.display().to_string())
        .stderr_has(&format!("cairn journal restore {id}"));
    assert!(!path.exists(), "the file is still in the journal");
    assert_eq!(read(&trashed), bytes);
    assert!(list_ids(&dir, &[]).is_empty());
    dir.cairn(&["journal", "show", &id]).assert_fails();

    let out = dir.cairn(&["journal", "restore", &id[..6]]).assert_ok();
    out.stderr_has("Restored")
        .stderr_has(&path.display().to_string());
    assert_eq!(read(&path), bytes, "the restored file differs");
    assert!(!trashed.exists(), "the file is still in the trash");
    assert_eq!(list_ids(&dir, &[]), [id.as_str()]);
    #[cfg(unix)]
    {
        assert_eq!(mode(&path), 0o600);
        assert_eq!(mode(trashed.parent().unwrap()), 0o700);
    }
}

#[test]
fn restore_of_an_entry_that_is_not_in_the_trash_fails() {
    let dir = Dir::new();
    sample_journal(&dir);
    let out = dir.cairn(&["journal", "restore", ALPHA]).assert_fails();
    out.stderr_has(ALPHA);
    assert_eq!(list_ids(&dir, &["--kind", "challenge"]), [BRAVO, ALPHA]);
}

#[test]
fn two_trashed_files_with_the_same_name_are_both_kept_and_restored() {
    let dir = Dir::new();
    let name = "data/journal/2024/2024-01-15-same.md";
    let first = entry_text(
        "first00001",
        "lesson",
        "Same",
        "2024-01-15T10:00:00Z",
        "",
        "one\n",
    );
    let second = entry_text(
        "second0002",
        "lesson",
        "Same",
        "2024-01-15T11:00:00Z",
        "",
        "two\n",
    );
    dir.create(name, &first);
    dir.cairn(&["journal", "rm", "first"]).assert_ok();
    dir.create(name, &second);
    dir.cairn(&["journal", "rm", "second"]).assert_ok();
    let trash = files_under(&dir.path().join("data/trash/journal"));
    assert_eq!(trash.len(), 2, "{trash:?}");

    dir.cairn(&["journal", "restore", "first"]).assert_ok();
    dir.cairn(&["journal", "restore", "second"]).assert_ok();
    assert_eq!(list_ids(&dir, &[]), ["second0002", "first00001"]);
    assert_eq!(show(&dir, "first")["body"], "one\n");
    assert_eq!(show(&dir, "second")["body"], "two\n");
    assert!(files_under(&dir.path().join("data/trash/journal")).is_empty());
}

// ---- resolve ----

#[test]
fn resolve_by_a_lesson_marks_the_challenge_resolved_and_links_both_ways() {
    let dir = Dir::new();
    let challenge = add(
        &dir,
        &["--kind", "challenge", "--title", "Stuck", "--body", "x"],
    );
    let lesson = add_lesson(&dir, "Unstuck");
    let out = dir
        .cairn(&["journal", "resolve", &challenge[..5], "--by", &lesson[..5]])
        .assert_ok();
    out.stderr_has("Resolved").stderr_has("Stuck");

    let c = parse_file(&path_of(&dir, &challenge));
    let l = parse_file(&path_of(&dir, &lesson));
    assert_eq!(c.meta.status, Some(EntryStatus::Resolved));
    assert_eq!(c.meta.related, [lesson.as_str()]);
    assert_eq!(l.meta.related, [challenge.as_str()]);
    assert_eq!(l.meta.status, None);
    assert_eq!(c.body, "x");
    assert_eq!(
        list_ids(&dir, &["--status", "resolved"]),
        [challenge.as_str()]
    );
    assert!(list_ids(&dir, &["--status", "open"]).is_empty());

    // Resolving again adds no second link.
    dir.cairn(&["journal", "resolve", &challenge, "--by", &lesson])
        .assert_ok();
    assert_eq!(
        show(&dir, &challenge)["related"],
        serde_json::json!([lesson])
    );
    assert_eq!(
        show(&dir, &lesson)["related"],
        serde_json::json!([challenge])
    );
}

#[test]
fn resolve_without_by_marks_the_challenge_resolved_with_no_links() {
    let dir = Dir::new();
    sample_journal(&dir);
    dir.cairn(&["journal", "resolve", "alp"]).assert_ok();
    let doc = show(&dir, ALPHA);
    assert_eq!(doc["status"], "resolved");
    assert_eq!(doc["related"], serde_json::json!([]));
    assert_eq!(doc["body"], "Body of Approval for a pilot.\n");
}

#[test]
fn resolving_a_lesson_fails_saying_only_challenges_are_resolved() {
    let dir = Dir::new();
    sample_journal(&dir);
    let path = dir
        .path()
        .join("data/journal/2025/2025-02-01-delta44444.md");
    let before = read(&path);
    let out = dir.cairn(&["journal", "resolve", DELTA]).assert_fails();
    out.stderr_has(DELTA)
        .stderr_has("lesson")
        .stderr_has("only challenges are resolved");
    assert_eq!(read(&path), before);
}

#[test]
fn resolve_by_an_unknown_lesson_leaves_the_challenge_open_and_untouched() {
    let dir = Dir::new();
    sample_journal(&dir);
    let path = dir
        .path()
        .join("data/journal/2024/2024-01-15-alpha11111.md");
    let before = read(&path);
    dir.cairn(&["journal", "resolve", ALPHA, "--by", "nope"])
        .assert_fails()
        .stderr_has("nope");
    assert_eq!(read(&path), before);
}

#[test]
fn resolve_keeps_front_matter_fields_cairn_does_not_know() {
    let dir = Dir::new();
    let path = hand_entry(
        &dir,
        ALPHA,
        "challenge",
        "With extras",
        "2024-01-15T09:30:00Z",
        "status = \"open\"\nmood = \"hopeful\"\n",
    );
    dir.cairn(&["journal", "resolve", ALPHA]).assert_ok();
    let entry = parse_file(&path);
    assert_eq!(entry.meta.status, Some(EntryStatus::Resolved));
    assert_eq!(
        entry.meta.extra.get("mood").and_then(|v| v.as_str()),
        Some("hopeful")
    );
}

// ---- files changed by hand ----

#[test]
fn a_broken_file_is_warned_about_with_path_and_line_and_left_byte_identical() {
    let dir = Dir::new();
    sample_journal(&dir);
    let broken = "+++\nid = \"broken0001\"\nkind = \"lesson\"\ntitle = \"Broken\"\ncreated = \"yesterday\"\nupdated = \"2024-01-01T00:00:00Z\"\n+++\n\nMy words\n";
    let path = dir.create("data/journal/2024/2024-05-05-broken.md", broken);

    let out = dir.cairn(&["journal", "list"]).assert_ok();
    out.stderr_has("warning")
        .stderr_has(&path.display().to_string())
        .stderr_has("line 5")
        .stderr_has("yesterday");
    for id in [ALPHA, BRAVO, CHARLIE, DELTA] {
        out.stdout_has(id);
    }
    let out = dir.cairn(&["journal", "list", "--json"]).assert_ok();
    out.stderr_has(&path.display().to_string());
    assert_eq!(ids_of(&out), [DELTA, CHARLIE, BRAVO, ALPHA]);

    // Other commands work around it and never touch it.
    add_lesson(&dir, "Broken");
    dir.cairn(&["journal", "resolve", ALPHA]).assert_ok();
    dir.cairn(&["journal", "rm", BRAVO]).assert_ok();
    dir.cairn(&["journal", "show", "broken"])
        .assert_fails()
        .stderr_has("no journal entry");
    assert_eq!(read(&path), broken.as_bytes());
}

#[test]
fn a_file_that_is_not_utf8_is_warned_about_and_left_as_it_is() {
    let dir = Dir::new();
    sample_journal(&dir);
    let bytes = b"+++\nid = \"x\"\ntitle = \"\xff\xfe\"\n+++\n".to_vec();
    let path = dir.create("data/journal/2024/2024-05-05-latin1.md", &bytes);
    let out = dir.cairn(&["journal", "list"]).assert_ok();
    out.stderr_has(&path.display().to_string())
        .stderr_has("UTF-8");
    out.stdout_has(ALPHA);
    assert_eq!(read(&path), bytes);
}

#[test]
fn a_file_edited_by_hand_shows_the_edit() {
    let dir = Dir::new();
    let id = add(
        &dir,
        &[
            "--kind",
            "challenge",
            "--title",
            "Before",
            "--body",
            "Old body\n",
        ],
    );
    let path = path_of(&dir, &id);
    let text = fs::read_to_string(&path).unwrap();
    let edited = text
        .replace("title = \"Before\"", "title = \"After\"\ntags = [\"hand\"]")
        .replace("tags = []\n", "")
        .replace("Old body\n", "New body, typed in another editor.\n");
    fs::write(&path, &edited).unwrap();

    let doc = show(&dir, &id);
    assert_eq!(doc["title"], "After", "{edited}");
    assert_eq!(doc["tags"], serde_json::json!(["hand"]));
    assert_eq!(doc["body"], "New body, typed in another editor.\n");
    dir.cairn(&["journal", "list", "--tag", "hand"])
        .assert_ok()
        .stdout_has("After");
    // A later change by cairn keeps the hand edit.
    dir.cairn(&["journal", "resolve", &id]).assert_ok();
    let entry = parse_file(&path);
    assert_eq!(entry.meta.title, "After");
    assert_eq!(entry.body, "New body, typed in another editor.\n");
}

/// An entry may name a network that has since left the catalogue (or was
/// typed by hand). Resolving it must work, or at least the refusal must say
/// which entry file and field to fix; a bare "no network has the id" names
/// neither.
#[test]
fn resolving_a_challenge_whose_network_is_not_in_the_catalogue_works_or_says_where() {
    let dir = Dir::new();
    let path = hand_entry(
        &dir,
        ALPHA,
        "challenge",
        "Old network",
        "2024-01-15T09:30:00Z",
        "status = \"open\"\nnetworks = [\"closed-network\"]\n",
    );
    let out = dir.cairn(&["journal", "resolve", ALPHA]).run();
    if out.code == Some(0) {
        let entry = parse_file(&path);
        assert_eq!(entry.meta.status, Some(EntryStatus::Resolved), "{out}");
        assert_eq!(entry.meta.networks, ["closed-network"], "{out}");
    } else {
        assert!(
            out.stderr.contains(&path.display().to_string()) || out.stderr.contains(ALPHA),
            "the refusal does not say which entry names the unknown network\n{out}"
        );
    }
}
