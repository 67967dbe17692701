//! Lesson packs end to end: `cairn share` (private text never leaves,
//! nothing else of the journal goes out, unmarked entries are asked
//! about), `cairn import` (round trips, de-duplication, newer replaces
//! older, hostile packs refused or cleaned, an unreadable store left
//! alone, addresses on 127.0.0.1) and `cairn lessons list/show`. The real
//! binary runs in a throwaway `CAIRN_HOME`; the canary property test goes
//! through the library, as the binary does.

#[allow(dead_code)]
mod common;
#[allow(dead_code)]
#[path = "common/server.rs"]
mod server;

use std::fs;
use std::path::{Path, PathBuf};

use cairn::library::{Library, NewEntry, Selection, preview_text};
use cairn::model::Kind;
use cairn::paths::Paths;
use common::{Dir, Outcome};
use proptest::prelude::*;
use proptest::test_runner::{Config as ProptestConfig, TestRunner};
use serde_json::Value;

// ---- helpers ----

/// `journal add` with `args`, which must succeed; returns the new id.
fn add(dir: &Dir, args: &[&str]) -> String {
    let mut full = vec!["journal", "add"];
    full.extend_from_slice(args);
    let out = dir.cairn(&full).assert_ok();
    let id = out.stdout.trim().to_string();
    assert!(
        !id.is_empty() && id.chars().all(|c| c.is_ascii_alphanumeric()),
        "stdout is not just an id\n{out}"
    );
    id
}

/// A shareable lesson about ukgovcamp with this title and body.
fn add_shareable(dir: &Dir, title: &str, body: &str) -> String {
    add(
        dir,
        &[
            "--kind",
            "lesson",
            "--title",
            title,
            "--network",
            "ukgovcamp",
            "--shareable",
            "--body",
            body,
        ],
    )
}

/// `share --network ukgovcamp` with `args` and `--format md`, then again
/// with `--format json`, both to stdout; both must succeed.
fn share_both(dir: &Dir, args: &[&str]) -> (String, Value) {
    let run = |format: &str| {
        let mut full = vec!["share", "--network", "ukgovcamp", "--format", format];
        full.extend_from_slice(args);
        dir.cairn(&full).assert_ok()
    };
    let md = run("md").stdout;
    let json = run("json").json();
    (md, json)
}

/// `tests/fixtures/packs/<name>`.
fn pack_fixture(name: &str) -> PathBuf {
    common::fixture(&format!("packs/{name}"))
}

/// The string form of a path, for arguments and comparisons.
fn text(path: &Path) -> String {
    path.to_str().expect("test paths are UTF-8").to_string()
}

/// Imports `path` (a file or an address), which must succeed.
fn import(dir: &Dir, path: &str) -> Outcome {
    dir.cairn(&["import", path]).assert_ok()
}

/// The ids `lessons list --json ARGS` prints, in order.
fn lesson_ids(dir: &Dir, args: &[&str]) -> Vec<String> {
    let mut full = vec!["lessons", "list", "--json"];
    full.extend_from_slice(args);
    let out = dir.cairn(&full).assert_ok();
    out.json()
        .as_array()
        .unwrap_or_else(|| panic!("not a JSON array\n{out}"))
        .iter()
        .map(|l| {
            l["id"]
                .as_str()
                .expect("every lesson has an id")
                .to_string()
        })
        .collect()
}

fn sorted(mut ids: Vec<String>) -> Vec<String> {
    ids.sort();
    ids
}

/// `lessons show ID --json`, which must succeed.
fn show_json(dir: &Dir, id: &str) -> Value {
    dir.cairn(&["lessons", "show", id, "--json"])
        .assert_ok()
        .json()
}

fn peer_store(dir: &Dir) -> PathBuf {
    dir.path().join("data/peers/lessons.json")
}

fn read(path: &Path) -> Vec<u8> {
    fs::read(path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
}

/// Characters a terminal would act on rather than show: C0 and C1
/// controls other than tab and line feed (ESC and BEL among them), DEL,
/// and the bidirectional overrides and isolates.
fn terminal_controls(s: &str) -> Vec<char> {
    s.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n' && c != '\t')
                || ('\u{202a}'..='\u{202e}').contains(&c)
                || ('\u{2066}'..='\u{2069}').contains(&c)
        })
        .collect()
}

#[track_caller]
fn assert_no_terminal_controls(out: &Outcome) {
    for (name, s) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let found = terminal_controls(s);
        assert!(
            found.is_empty(),
            "{name} holds terminal controls {found:?}\n{out}"
        );
    }
}

#[track_caller]
fn assert_lacks(haystack: &str, needle: &str, what: &str) {
    assert!(
        !haystack.contains(needle),
        "{what} contains {needle:?}:\n{haystack}"
    );
}

/// Every key of a JSON object.
fn keys(v: &Value) -> Vec<String> {
    v.as_object()
        .unwrap_or_else(|| panic!("not an object: {v}"))
        .keys()
        .cloned()
        .collect()
}

/// A valid pack for ukgovcamp holding one lesson, as JSON text.
fn one_lesson_pack(id: &str, title: &str, body: &str, updated: &str) -> String {
    serde_json::json!({
        "schema": "cairn.lessons/1",
        "network": "ukgovcamp",
        "exported": "2026-03-04T10:00:00Z",
        "generator": "cairn 0.1.0",
        "lessons": [{
            "id": id, "kind": "lesson", "title": title, "body": body,
            "tags": [], "created": "2026-03-01T09:00:00Z", "updated": updated,
            "language": "en", "licence": "CC-BY-4.0", "hash": "0"
        }]
    })
    .to_string()
}

// ---- 1. no private text in any pack: a property test ----

/// A word of public text: unicode, combining marks, emoji, a lone `%`
/// inside a word, punctuation. None starts or ends with `%` or holds `%%`.
fn public_word() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        "pilot",
        "Zürich",
        "naïve",
        "e\u{301}te\u{301}",
        "日本語",
        "🙂",
        "ﬁnance",
        "50%off",
        "x%y",
        "C'est",
        "«quoted»",
        "١٢٣",
        "mañana",
        "(brackets)",
        "—",
        "a.b",
        "Ελλάδα",
        "Łódź",
    ])
    .prop_map(String::from)
}

fn canary() -> impl Strategy<Value = String> {
    (0u32..1000).prop_map(|n| format!("CANARY{n}"))
}

/// Whitespace between words, line breaks (CRLF too) included.
fn space() -> impl Strategy<Value = String> {
    prop::sample::select(vec![
        " ", " ", "\n", "\r\n", "\t", "  ", "\n\n", " \r\n ", "\u{a0}", "\u{3000}",
    ])
    .prop_map(String::from)
}

/// A word inside private text: a canary or an ordinary word.
fn private_word() -> impl Strategy<Value = String> {
    prop_oneof![canary(), public_word()]
}

/// `%%…%%` holding at least one canary, possibly other segments nested
/// inside and line breaks, written so that the rule makes every marker
/// do what it looks like: an inner `%%` that opens starts a word after
/// whitespace, one that closes ends a word before whitespace.
fn private_segment() -> BoxedStrategy<String> {
    let leaf = (
        canary(),
        prop::collection::vec((space(), private_word()), 0..3),
    )
        .prop_map(|(first, rest)| {
            let mut s = format!("%%{first}");
            for (sp, w) in rest {
                s.push_str(&sp);
                s.push_str(&w);
            }
            s.push_str("%%");
            s
        });
    leaf.prop_recursive(3, 24, 4, |inner| {
        (
            private_word(),
            prop::collection::vec(
                (space(), prop_oneof![2 => private_word(), 1 => inner]),
                0..4,
            ),
            space(),
            canary(),
        )
            .prop_map(|(first, middle, sp, last)| {
                let mut s = format!("%%{first}");
                for (sp, item) in middle {
                    s.push_str(&sp);
                    s.push_str(&item);
                }
                s.push_str(&sp);
                s.push_str(&last);
                s.push_str("%%");
                s
            })
    })
    .boxed()
}

#[derive(Debug, Clone)]
enum Piece {
    Public(String),
    Private(String),
}

/// Text made of public words and private segments, each canary inside a
/// segment by construction; the public words to expect out; and whether
/// it ends with a `%%` never closed (followed by a canary and more).
fn private_text(max_pieces: usize) -> impl Strategy<Value = (String, Vec<String>, bool)> {
    let piece = prop_oneof![
        public_word().prop_map(Piece::Public),
        private_segment().prop_map(Piece::Private),
    ];
    // Between top-level pieces: whitespace, or nothing at all.
    let joint = prop_oneof![3 => space(), 1 => Just(String::new())];
    let tail = prop::option::weighted(
        0.3,
        (
            prop_oneof![space(), Just(String::new())],
            canary(),
            prop::collection::vec(
                (
                    space(),
                    prop_oneof![3 => private_word(), 1 => private_segment()],
                ),
                0..4,
            ),
        ),
    );
    (
        prop::option::of(space()),
        prop::collection::vec((piece, joint), 1..max_pieces),
        tail,
    )
        .prop_map(|(lead, pieces, tail)| {
            let mut text = lead.unwrap_or_default();
            let mut public = Vec::new();
            for (piece, joint) in pieces {
                match piece {
                    Piece::Public(w) => {
                        text.push_str(&w);
                        public.push(w);
                    }
                    Piece::Private(s) => text.push_str(&s),
                }
                text.push_str(&joint);
            }
            let unclosed = tail.is_some();
            if let Some((joint, first, rest)) = tail {
                text.push_str(&joint);
                text.push_str("%%");
                text.push_str(&first);
                for (sp, item) in rest {
                    text.push_str(&sp);
                    text.push_str(&item);
                }
            }
            (text, public, unclosed)
        })
}

/// Whether a `%%` run has something other than a space on both sides.
fn glued(text: &str) -> bool {
    let chars: Vec<char> = text.chars().collect();
    let mut i = 0;
    while i < chars.len() {
        if chars[i] != '%' {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i] == '%' {
            i += 1;
        }
        let solid = |c: Option<&char>| c.is_some_and(|c| !c.is_whitespace());
        if i - start >= 2 && solid(start.checked_sub(1).map(|p| &chars[p])) && solid(chars.get(i)) {
            return true;
        }
    }
    false
}

#[test]
fn no_canary_in_private_text_ever_reaches_a_pack() {
    let dir = Dir::new();
    let library =
        Library::open_at(Paths::under(dir.path()), Default::default()).expect("open the library");
    let mut runner = TestRunner::new(ProptestConfig {
        cases: 64,
        failure_persistence: None,
        ..ProptestConfig::default()
    });
    let result = runner.run(
        &(private_text(6), private_text(10)),
        |((title, title_public, title_open), (body, body_public, body_open))| {
            let stored = library
                .add_entry(NewEntry {
                    kind: Kind::Lesson,
                    title: title.clone(),
                    tags: vec!["pilots".into()],
                    networks: vec!["ukgovcamp".into()],
                    body: body.clone(),
                    shareable: true,
                    created: None,
                    follow_up: None,
                    stage: None,
                    effort: None,
                })
                .map_err(|e| TestCaseError::fail(format!("add_entry: {e}")))?;
            let plan = library
                .share_plan("ukgovcamp", &Selection::Shareable)
                .map_err(|e| TestCaseError::fail(format!("share_plan: {e}")));
            // Each case leaves the journal as it found it.
            library
                .trash_entry(&stored.entry.meta.id)
                .map_err(|e| TestCaseError::fail(format!("trash_entry: {e}")))?;
            let plan = plan?;
            prop_assert_eq!(plan.pack.lessons.len(), 1);
            let markdown = plan.pack.to_markdown(&plan.network_name);
            let json = serde_json::to_string(&plan.pack).expect("a pack serialises");
            let pretty = serde_json::to_string_pretty(&plan.pack).expect("a pack serialises");
            for (what, out) in [
                ("Markdown", &markdown),
                ("JSON", &json),
                ("pretty JSON", &pretty),
                ("preview of the title", &preview_text(&title)),
                ("preview of the body", &preview_text(&body)),
            ] {
                prop_assert!(
                    !out.contains("CANARY"),
                    "a canary in the {}:\n{}\n--- title ---\n{:?}\n--- body ---\n{:?}",
                    what,
                    out,
                    title,
                    body
                );
            }
            // Not by hiding everything: the public words are all still
            // there, unless two markers were written touching (a run of
            // four or more `%` may be any number of markers, so the rule
            // hides everything after it and may call it unclosed).
            let lesson = &plan.pack.lessons[0];
            // So are words glued to a marker on both sides (`a%%b`): such a
            // marker may open a nested span as well as close one.
            let touching = [&title, &body]
                .iter()
                .any(|t| t.contains("%%%%") || glued(t));
            let title_public = if touching { Vec::new() } else { title_public };
            let body_public = if touching { Vec::new() } else { body_public };
            for w in &title_public {
                prop_assert!(
                    lesson.title.contains(w.as_str()),
                    "{:?} lost from the title {:?} (was {:?})",
                    w,
                    lesson.title,
                    title
                );
            }
            for w in &body_public {
                prop_assert!(
                    lesson.body.contains(w.as_str()),
                    "{:?} lost from the body {:?} (was {:?})",
                    w,
                    lesson.body,
                    body
                );
            }
            prop_assert_eq!(
                plan.entries[0].redaction.unclosed,
                title_open || body_open || (touching && plan.entries[0].redaction.unclosed),
                "unclosed marker not reported for title {:?} body {:?}",
                title,
                body
            );
            Ok(())
        },
    );
    if let Err(e) = result {
        panic!("{e}");
    }
}

/// The digest that goes out with a lesson covers only what goes out: two
/// entries that differ only in their private text share it, so it tells
/// nobody anything about what was removed.
#[test]
fn the_hash_does_not_depend_on_private_text() {
    use cairn::model::{Entry, PackLesson, PackTerms};
    let entry = |title: &str, body: &str| {
        Entry::parse(&format!(
            "+++\nid = \"h1\"\nkind = \"lesson\"\ntitle = \"{title}\"\n\
             created = \"2026-03-01T09:00:00+01:00\"\nupdated = \"2026-03-01T09:00:00+01:00\"\n\
             shareable = true\nnetworks = [\"ukgovcamp\"]\n+++\n\n{body}"
        ))
        .expect("a valid entry")
    };
    let terms = PackTerms::default();
    let (a, _) = PackLesson::from_entry(
        &entry("Pilot %%CANARY Smith%% plan", "Public. %%CANARY 1%% More."),
        &terms,
    );
    let (b, _) = PackLesson::from_entry(
        &entry("Pilot %%CANARY Jones%% plan", "Public. %%CANARY 2%% More."),
        &terms,
    );
    assert_eq!(a, b);
    assert_eq!(a.hash, a.digest());
    assert_eq!(a.title, "Pilot plan");
    assert_eq!(a.body, "Public. More.");
}

// ---- 2. private text through the command line ----

#[test]
fn nested_markers_keep_the_whole_outer_span_private() {
    let dir = Dir::new();
    add_shareable(
        &dir,
        "Nesting",
        "Before %%outer %%inner CANARY%% outer CANARY%% after.\n",
    );
    let (md, json) = share_both(&dir, &[]);
    assert_lacks(&md, "CANARY", "the Markdown pack");
    assert_lacks(&json.to_string(), "CANARY", "the JSON pack");
    assert_lacks(&md, "outer", "the Markdown pack");
    assert_lacks(&md, "inner", "the Markdown pack");
    assert_eq!(json["lessons"][0]["body"], "Before after.");
    let preview = dir
        .cairn(&["share", "--network", "ukgovcamp", "--dry-run"])
        .assert_ok();
    preview
        .stdout_has("Before [private text removed] after.")
        .stdout_has("(1 private span removed)");
    assert_lacks(&preview.stdout, "CANARY", "the preview");
}

#[test]
fn a_marker_never_closed_hides_everything_after_it_and_the_preview_says_so() {
    let dir = Dir::new();
    add_shareable(
        &dir,
        "Unclosed",
        "Shared start. %%the director CANARY\nnext line CANARY\n\nA later paragraph %%with%% more.\n",
    );
    let (md, json) = share_both(&dir, &[]);
    for out in [md.as_str(), &json.to_string()] {
        assert_lacks(out, "CANARY", "the pack");
        assert_lacks(out, "later paragraph", "the pack");
        assert_lacks(out, "more.", "the pack");
    }
    assert_eq!(json["lessons"][0]["body"], "Shared start.");
    let out = dir
        .cairn(&["share", "--network", "ukgovcamp", "-o", "pack.md"])
        .assert_ok();
    out.stderr_has("never closed");
    assert_lacks(
        &String::from_utf8_lossy(&read(&dir.path().join("pack.md"))),
        "CANARY",
        "pack.md",
    );

    let preview = dir
        .cairn(&["share", "--network", "ukgovcamp", "--dry-run"])
        .assert_ok();
    preview
        .stdout_has(
            "Shared start. [private text removed from here to the end: a marker was never closed]",
        )
        .stdout_has("never closed, so everything after it is left out");
    assert_lacks(&preview.stdout, "CANARY", "the preview");
    assert_lacks(&preview.stdout, "later paragraph", "the preview");
}

#[test]
fn markers_at_the_very_start_and_end_of_the_body_and_across_lines() {
    let dir = Dir::new();
    add_shareable(
        &dir,
        "Edges",
        "%%CANARY at the start%% first public line\n\
         middle %%spans\r\nCANARY two lines\nand three%% back in public\r\n\
         last public words %%CANARY at the very end%%",
    );
    let (md, json) = share_both(&dir, &[]);
    assert_lacks(&md, "CANARY", "the Markdown pack");
    assert_lacks(&json.to_string(), "CANARY", "the JSON pack");
    assert_eq!(
        json["lessons"][0]["body"],
        "first public line\nmiddle back in public\nlast public words"
    );
    let preview = dir
        .cairn(&["share", "--network", "ukgovcamp", "--dry-run"])
        .assert_ok();
    preview
        .stdout_has("[private text removed] first public line")
        .stdout_has("middle [private text removed] back in public")
        .stdout_has("last public words [private text removed]")
        .stdout_has("(3 private spans removed)");
    assert_lacks(&preview.stdout, "CANARY", "the preview");
}

#[test]
fn private_text_in_the_title_is_removed_and_a_wholly_private_title_is_replaced() {
    let dir = Dir::new();
    add_shareable(
        &dir,
        "Budget %%CANARY cut by the minister%% approvals",
        "Body.",
    );
    add_shareable(&dir, "%%CANARY whole title%%", "Other body.");
    add_shareable(&dir, "Open title %%CANARY never closed", "Third body.");
    let (md, json) = share_both(&dir, &[]);
    assert_lacks(&md, "CANARY", "the Markdown pack");
    assert_lacks(&json.to_string(), "CANARY", "the JSON pack");
    let mut titles: Vec<&str> = json["lessons"]
        .as_array()
        .expect("lessons")
        .iter()
        .map(|l| l["title"].as_str().expect("a title"))
        .collect();
    titles.sort_unstable();
    assert_eq!(
        titles,
        ["(untitled lesson)", "Budget approvals", "Open title"]
    );
    assert!(md.contains("## Budget approvals"), "{md}");
    let preview = dir
        .cairn(&["share", "--network", "ukgovcamp", "--dry-run"])
        .assert_ok();
    preview
        .stdout_has("── Budget [private text removed] approvals (lesson, ")
        .stdout_has("── [private text removed] (lesson, ")
        .stdout_has("── Open title [private text removed from here to the end");
    assert_lacks(&preview.stdout, "CANARY", "the preview");
}

#[test]
fn dry_run_shows_the_removed_spans_and_writes_no_file_even_with_output() {
    let dir = Dir::new();
    add_shareable(&dir, "Dry", "Public %%CANARY%% text.");
    for format in ["md", "json"] {
        let out = dir
            .cairn(&[
                "share",
                "--network",
                "ukgovcamp",
                "--dry-run",
                "--format",
                format,
                "-o",
                "pack.out",
            ])
            .assert_ok();
        out.stdout_has("This is what would leave this computer for UKGovCamp (1 entry)")
            .stdout_has("Public [private text removed] text.")
            .stdout_has("Not included: related entries, other networks, status, file paths.");
        assert_lacks(&out.stdout, "CANARY", "the preview");
        assert!(
            !dir.path().join("pack.out").exists(),
            "--dry-run wrote the file\n{out}"
        );
    }
}

/// Tags are text from the journal too; one written with `%%` markers
/// must not leave either.
#[test]
fn a_tag_written_as_private_text_does_not_leave() {
    let dir = Dir::new();
    add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Tagged",
            "--network",
            "ukgovcamp",
            "--shareable",
            "--tag",
            "%%hr-dispute-canary%%",
            "--tag",
            "pilots",
            "--body",
            "Body.",
        ],
    );
    let (md, json) = share_both(&dir, &[]);
    assert_lacks(&md.to_lowercase(), "canary", "the Markdown pack");
    assert_lacks(&json.to_string().to_lowercase(), "canary", "the JSON pack");
}

// ---- 3. entries not marked shareable ----

/// A shareable lesson and an unmarked challenge, both about ukgovcamp.
fn marked_and_unmarked(dir: &Dir) -> (String, String) {
    let marked = add_shareable(dir, "Marked lesson", "Fine to share.");
    let unmarked = add(
        dir,
        &[
            "--kind",
            "challenge",
            "--title",
            "Unmarked %%CANARY%% challenge",
            "--network",
            "ukgovcamp",
            "--body",
            "Only mine.",
        ],
    );
    (marked, unmarked)
}

fn share_two<'a>(marked: &'a str, unmarked: &'a str, extra: &[&'a str]) -> Vec<&'a str> {
    let mut args = vec![
        "share",
        "--network",
        "ukgovcamp",
        "--entry",
        marked,
        "--entry",
        unmarked,
        "--format",
        "json",
        "-o",
        "pack.json",
    ];
    args.extend_from_slice(extra);
    args
}

#[test]
fn an_unmarked_entry_without_a_terminal_or_yes_is_refused_and_nothing_is_written() {
    let dir = Dir::new();
    let (marked, unmarked) = marked_and_unmarked(&dir);
    let out = dir
        .cairn(&share_two(&marked, &unmarked, &[]))
        .assert_fails();
    out.stderr_has("not marked shareable")
        .stderr_has("\"Unmarked challenge\"")
        .stderr_has(&unmarked)
        .stderr_has("--yes");
    assert_lacks(&out.stderr, "CANARY", "the refusal");
    assert!(!dir.path().join("pack.json").exists(), "{out}");
    // To the screen: nothing either.
    let out = dir
        .cairn(&["share", "--network", "ukgovcamp", "--entry", &unmarked])
        .assert_fails();
    assert_eq!(out.stdout, "", "{out}");
}

#[test]
fn an_unmarked_entry_is_shared_with_yes() {
    let dir = Dir::new();
    let (marked, unmarked) = marked_and_unmarked(&dir);
    dir.cairn(&share_two(&marked, &unmarked, &["--yes"]))
        .assert_ok()
        .stderr_has("Wrote 2 entries for UKGovCamp to pack.json");
    let pack: Value =
        serde_json::from_slice(&read(&dir.path().join("pack.json"))).expect("a JSON pack");
    let ids: Vec<&str> = pack["lessons"]
        .as_array()
        .expect("lessons")
        .iter()
        .map(|l| l["id"].as_str().expect("an id"))
        .collect();
    assert_eq!(ids, [marked.as_str(), unmarked.as_str()]);
    assert_lacks(&pack.to_string(), "CANARY", "the pack");
}

/// Runs `args` with a pseudo-terminal as stdin on which `answer` was
/// already typed.
#[cfg(unix)]
fn run_answering(dir: &Dir, args: &[&str], answer: &str) -> Outcome {
    use std::io::Write;
    let pty = nix::pty::openpty(None, None).expect("open a pseudo-terminal");
    let mut master = fs::File::from(pty.master);
    master
        .write_all(answer.as_bytes())
        .expect("type on the terminal");
    let mut cmd = dir.cairn(args);
    cmd.raw().stdin(std::process::Stdio::from(pty.slave));
    let out = cmd.run();
    drop(master);
    out
}

#[cfg(unix)]
#[test]
fn on_a_terminal_answering_no_shares_nothing() {
    let dir = Dir::new();
    let (marked, unmarked) = marked_and_unmarked(&dir);
    let out = run_answering(&dir, &share_two(&marked, &unmarked, &[]), "n\n");
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has("This is what would leave this computer")
        .stderr_has("NOT marked shareable")
        .stderr_has("Share anyway? [y/N]")
        .stderr_has("Nothing was shared.");
    assert_lacks(&out.stderr, "CANARY", "the question");
    assert!(!dir.path().join("pack.json").exists(), "{out}");
}

#[cfg(unix)]
#[test]
fn on_a_terminal_answering_yes_shares() {
    let dir = Dir::new();
    let (marked, unmarked) = marked_and_unmarked(&dir);
    let out = run_answering(&dir, &share_two(&marked, &unmarked, &[]), "y\n");
    assert_eq!(out.code, Some(0), "{out}");
    out.stderr_has("Share anyway? [y/N]")
        .stderr_has("Wrote 2 entries");
    let pack: Value =
        serde_json::from_slice(&read(&dir.path().join("pack.json"))).expect("a JSON pack");
    assert_eq!(pack["lessons"].as_array().map(Vec::len), Some(2));
    assert_lacks(&pack.to_string(), "CANARY", "the pack");
}

#[cfg(unix)]
#[test]
fn on_a_terminal_an_empty_answer_is_no() {
    let dir = Dir::new();
    let (marked, unmarked) = marked_and_unmarked(&dir);
    let out = run_answering(&dir, &share_two(&marked, &unmarked, &[]), "\n");
    assert_eq!(out.code, Some(1), "{out}");
    assert!(!dir.path().join("pack.json").exists(), "{out}");
}

// ---- 4. nothing else of the journal goes out ----

#[test]
fn a_pack_holds_nothing_else_from_the_journal() {
    let dir = Dir::new();
    let lesson = add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Linked lesson",
            "--network",
            "ukgovcamp",
            "--network",
            "one-team-gov",
            "--tag",
            "pilots",
            "--shareable",
            "--body",
            "What worked.",
        ],
    );
    let challenge = add(
        &dir,
        &[
            "--kind",
            "challenge",
            "--title",
            "Blocked pilot",
            "--network",
            "ukgovcamp",
            "--network",
            "one-team-gov",
            "--body",
            "What blocked us.",
        ],
    );
    dir.cairn(&["journal", "resolve", &challenge, "--by", &lesson])
        .assert_ok();
    let shown = dir
        .cairn(&["journal", "show", &lesson, "--json"])
        .assert_ok()
        .json();
    let entry_path = PathBuf::from(shown["path"].as_str().expect("a path"));
    let file_name = text(Path::new(entry_path.file_name().expect("a file name")));
    let home = text(dir.path());

    // The lesson, linked to the challenge and to two networks.
    let (md, json) = share_both(&dir, &["--entry", &lesson]);
    // Only the resolved challenge, linked to the lesson.
    let (md2, json2) = share_both(&dir, &["--entry", &challenge, "--yes"]);
    for (what, out, other_id) in [
        ("Markdown of the lesson", md, &challenge),
        ("JSON of the lesson", json.to_string(), &challenge),
        ("Markdown of the challenge", md2, &lesson),
        ("JSON of the challenge", json2.to_string(), &lesson),
    ] {
        for needle in [
            "one-team-gov",
            "One Team Gov",
            other_id.as_str(),
            "related",
            "status",
            "resolved",
            "shareable",
            "networks",
            "path",
            &home,
            &file_name,
            "journal/",
            ".md",
        ] {
            assert_lacks(&out, needle, what);
        }
    }
    let allowed_top = [
        "schema",
        "network",
        "exported",
        "author",
        "organisation",
        "generator",
        "lessons",
    ];
    // `signer` is the author's public key and `signature` covers the
    // fields before it (tests/trust.rs): neither holds anything of the journal.
    let lesson_fields = [
        "id",
        "kind",
        "title",
        "body",
        "tags",
        "created",
        "updated",
        "language",
        "licence",
        "hash",
        "signer",
        "signature",
    ];
    for pack in [&json, &json2] {
        for k in keys(pack) {
            assert!(
                allowed_top.contains(&k.as_str()),
                "unexpected {k:?} in {pack}"
            );
        }
        assert_eq!(pack["network"], "ukgovcamp");
        for l in pack["lessons"].as_array().expect("lessons") {
            assert_eq!(keys(l), lesson_fields, "{l}");
        }
    }
}

// ---- 5. round trip, de-duplication, newer replaces older ----

#[cfg(unix)]
#[test]
fn a_shared_pack_imports_identically_in_another_home_once_and_newer_replaces_older() {
    let alice = Dir::new();
    let id = add(
        &alice,
        &[
            "--kind",
            "lesson",
            "--title",
            "Zürich: start with one district",
            "--network",
            "ukgovcamp",
            "--tag",
            "pilots",
            "--tag",
            "approval",
            "--shareable",
            "--body",
            "We piloted in one district.\n\n%%The director was against it.%%\n\tIndented line with ünïcode and 日本語 and 🙂.\n",
        ],
    );
    alice
        .cairn(&[
            "share",
            "--network",
            "ukgovcamp",
            "--format",
            "json",
            "-o",
            "v1.json",
        ])
        .assert_ok();
    let v1_path = alice.path().join("v1.json");
    let v1: Value = serde_json::from_slice(&read(&v1_path)).expect("a JSON pack");
    let exported = &v1["lessons"][0];
    assert_eq!(exported["id"], id.as_str());

    let bob = Dir::new();
    import(&bob, &text(&v1_path))
        .stderr_has("Imported 1 lesson shared with ukgovcamp: 1 new, 0 updated, 0 already here.");
    let got = show_json(&bob, &id);
    for field in [
        "id", "kind", "title", "body", "tags", "created", "updated", "language", "licence", "hash",
    ] {
        assert_eq!(got[field], exported[field], "{field} differs after import");
    }
    assert_eq!(got["network"], "ukgovcamp");
    assert_eq!(got["from"], text(&v1_path));
    let imported = got["imported"].as_str().expect("an import time");
    time::OffsetDateTime::parse(imported, &time::format_description::well_known::Rfc3339)
        .unwrap_or_else(|e| panic!("imported {imported:?} is not RFC 3339: {e}"));
    assert!(got.get("author").is_none(), "{got}");

    // The same pack again: already here, nothing duplicated or rewritten.
    let store = read(&peer_store(&bob));
    import(&bob, &text(&v1_path)).stderr_has("0 new, 0 updated, 1 already here");
    assert_eq!(lesson_ids(&bob, &[]), std::slice::from_ref(&id));
    assert_eq!(
        read(&peer_store(&bob)),
        store,
        "a re-import rewrote the store"
    );

    // Alice edits the entry in a later second and shares again.
    std::thread::sleep(std::time::Duration::from_millis(1100));
    let editor = alice.script(
        "append.sh",
        "printf '%s\\n' 'Added later: it took six weeks.' >> \"$1\"",
    );
    let mut edit = alice.cairn(&["journal", "edit", &id]);
    edit.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = edit.stdin_terminal();
    edit.assert_ok();
    alice
        .cairn(&[
            "share",
            "--network",
            "ukgovcamp",
            "--format",
            "json",
            "-o",
            "v2.json",
        ])
        .assert_ok();
    let v2_path = alice.path().join("v2.json");
    let v2: Value = serde_json::from_slice(&read(&v2_path)).expect("a JSON pack");
    assert_ne!(v2["lessons"][0]["hash"], exported["hash"]);
    assert!(
        v2["lessons"][0]["body"]
            .as_str()
            .is_some_and(|b| b.ends_with("Added later: it took six weeks.")),
        "{v2}"
    );

    import(&bob, &text(&v2_path)).stderr_has("0 new, 1 updated, 0 already here");
    let got = show_json(&bob, &id);
    assert_eq!(got["hash"], v2["lessons"][0]["hash"]);
    assert_eq!(got["body"], v2["lessons"][0]["body"]);
    assert_eq!(got["updated"], v2["lessons"][0]["updated"]);
    assert_eq!(got["from"], text(&v2_path));

    // The older pack afterwards: the newer copy stays.
    import(&bob, &text(&v1_path)).stderr_has(
        "0 new, 0 updated, 0 already here, 1 older than the copy already here (kept the newer)",
    );
    let got = show_json(&bob, &id);
    assert_eq!(got["hash"], v2["lessons"][0]["hash"]);
    assert_eq!(got["body"], v2["lessons"][0]["body"]);
    assert_eq!(lesson_ids(&bob, &[]), [id]);
}

#[test]
fn the_markdown_form_is_for_people_and_import_refuses_it() {
    let dir = Dir::new();
    add_shareable(&dir, "Readable", "Plain words.");
    dir.cairn(&["share", "--network", "ukgovcamp", "-o", "pack.md"])
        .assert_ok()
        .stderr_has("Wrote 1 entry for UKGovCamp to pack.md");
    let md = String::from_utf8(read(&dir.path().join("pack.md"))).expect("UTF-8");
    assert!(md.starts_with("# Lessons shared with UKGovCamp\n"), "{md}");
    assert!(md.contains("## Readable\n"), "{md}");
    assert!(md.contains("Plain words."), "{md}");
    let other = Dir::new();
    let path = text(&dir.path().join("pack.md"));
    other
        .cairn(&["import", &path])
        .assert_fails()
        .stderr_has(&path)
        .stderr_has("is the Markdown form of a lesson pack")
        .stderr_has("import the .json file saved beside it");
}

// ---- 6. hostile packs ----

/// A home with the two good fixture packs imported; returns the store's bytes.
fn home_with_good_lessons(dir: &Dir) -> Vec<u8> {
    import(dir, &text(&pack_fixture("good.json")));
    import(dir, &text(&pack_fixture("other-network.json")));
    assert_eq!(
        sorted(lesson_ids(dir, &[])),
        ["abc-one", "abc-two", "otg-1"]
    );
    read(&peer_store(dir))
}

/// Importing `path` fails naming it and `reason`, and every lesson
/// imported before is still there, the store byte for byte.
#[track_caller]
fn assert_refused(dir: &Dir, path: &Path, reason: &str, store: &[u8]) {
    let shown = text(path);
    let out = dir.cairn(&["import", &shown]).assert_fails();
    out.stderr_has(&shown).stderr_has(reason);
    assert_no_terminal_controls(&out);
    assert_eq!(
        sorted(lesson_ids(dir, &[])),
        ["abc-one", "abc-two", "otg-1"],
        "after {shown}"
    );
    assert_eq!(
        read(&peer_store(dir)),
        store,
        "the store changed after {shown}"
    );
}

#[test]
fn a_pack_of_another_schema_is_refused_naming_both() {
    let dir = Dir::new();
    let store = home_with_good_lessons(&dir);
    let path = pack_fixture("wrong-schema.json");
    assert_refused(&dir, &path, "\"cairn.lessons/9\"", &store);
    assert_refused(
        &dir,
        &path,
        "this cairn reads \"cairn.lessons/1\" packs",
        &store,
    );
    let no_schema = dir.create(
        "no-schema.json",
        r#"{"network": "ukgovcamp", "lessons": []}"#,
    );
    assert_refused(&dir, &no_schema, "is not a lesson pack", &store);
    let catalogue = dir.create(
        "catalogue.json",
        r#"{"schema": "cairn.catalogue/1", "networks": []}"#,
    );
    assert_refused(&dir, &catalogue, "\"cairn.catalogue/1\"", &store);
}

#[test]
fn a_file_that_is_not_json_is_refused() {
    let dir = Dir::new();
    let store = home_with_good_lessons(&dir);
    // This one is the Markdown form of a pack, and is named as such.
    assert_refused(
        &dir,
        &pack_fixture("not-json.json"),
        "is the Markdown form of a lesson pack",
        &store,
    );
    let broken = dir.create("broken.json", "{ \"schema\": oops }");
    assert_refused(&dir, &broken, "is not valid JSON at line 1", &store);
    let empty = dir.create("empty.json", "");
    assert_refused(&dir, &empty, "is not valid JSON", &store);
}

#[test]
fn a_file_that_is_not_utf8_is_refused() {
    let dir = Dir::new();
    let store = home_with_good_lessons(&dir);
    let mut bytes =
        one_lesson_pack("latin1", "Z_rich", "Body", "2026-03-02T09:00:00Z").into_bytes();
    let at = bytes
        .windows(6)
        .position(|w| w == b"Z_rich")
        .expect("the title")
        + 1;
    bytes[at] = 0xfc; // ü in Latin-1
    let path = dir.create("latin1.json", &bytes);
    assert_refused(&dir, &path, "is not UTF-8 text", &store);
}

#[test]
fn a_pack_nested_a_hundred_thousand_deep_is_refused() {
    let dir = Dir::new();
    let store = home_with_good_lessons(&dir);
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    let path = dir.create("deep.json", deep);
    assert_refused(&dir, &path, "nested too deeply", &store);
    let deep_inside = format!(
        r#"{{"schema": "cairn.lessons/1", "network": "ukgovcamp", "lessons": [{}{}]}}"#,
        "{\"a\":".repeat(100_000),
        "1".to_string() + &"}".repeat(100_000)
    );
    let path = dir.create("deep-inside.json", deep_inside);
    assert_refused(&dir, &path, "nested too deeply", &store);
}

#[test]
fn a_pack_over_the_size_cap_is_refused() {
    let dir = Dir::new();
    let store = home_with_good_lessons(&dir);
    dir.create("config/config.toml", "[sync]\nmax_download_mb = 1\n");
    // A valid pack, so only its size can be why it is refused.
    let body = "a".repeat(2 * 1024 * 1024);
    let path = dir.create(
        "big.json",
        one_lesson_pack("big-1", "Big", &body, "2026-03-02T09:00:00Z"),
    );
    assert!(fs::metadata(&path).expect("stat").len() > 2 * 1024 * 1024);
    assert_refused(&dir, &path, "1 MiB limit", &store);
    // Under the cap the same kind of pack is fine.
    let small = dir.create(
        "small.json",
        one_lesson_pack("small-1", "Small", "short", "2026-03-02T09:00:00Z"),
    );
    import(&dir, &text(&small));
    assert_eq!(
        sorted(lesson_ids(&dir, &[])),
        ["abc-one", "abc-two", "otg-1", "small-1"]
    );
}

#[test]
fn escape_sequences_in_a_pack_are_removed_with_a_warning_and_never_shown() {
    let dir = Dir::new();
    let out = import(&dir, &text(&pack_fixture("escapes.json")));
    out.stderr_has("warning: ")
        .stderr_has("control characters or terminal escape sequences were removed")
        .stderr_has("1 new");
    assert_no_terminal_controls(&out);
    for args in [
        &["lessons", "list"][..],
        &["lessons", "list", "--json"],
        &["lessons", "list", "--search", "red"],
        &["lessons", "show", "hostile-1"],
        &["lessons", "show", "hostile-1", "--json"],
        &["lessons", "show", "host"],
    ] {
        let out = dir.cairn(args).assert_ok();
        assert_no_terminal_controls(&out);
        for needle in [
            "pwned",
            "set the window title",
            "evil.example",
            "[31m",
            "[2J",
        ] {
            assert_lacks(&out.stdout, needle, &format!("{args:?}"));
        }
    }
    let shown = dir.cairn(&["lessons", "show", "hostile-1"]).assert_ok();
    shown
        .stdout_has("Red title gnp.exe")
        .stdout_has("tags: blink, plain")
        .stdout_has("by Mallory Smith, Dept of Tricks")
        .stdout_has("lesson · 2026-03-06T09:00:00Z · CC-BY-4.0\n")
        // The 8-bit CSI goes whole, its "2J" with it.
        .stdout_has("a link and C1  bell isolate end\nsecond line");
    let got = show_json(&dir, "hostile-1");
    assert_eq!(got["language"], "en");
    assert_eq!(got["tags"], serde_json::json!(["blink", "plain"]));
}

/// The file an import came from is shown by `lessons show`; a name with an
/// escape sequence in it must not reach the terminal either.
#[cfg(unix)]
#[test]
fn an_escape_sequence_in_the_file_name_is_not_shown() {
    let dir = Dir::new();
    let path = dir.create(
        "pack\u{1b}]0;pwned\u{7}.json",
        read(&pack_fixture("other-network.json")),
    );
    import(&dir, &text(&path));
    assert_no_terminal_controls(&dir.cairn(&["lessons", "show", "otg-1"]).assert_ok());
}

#[test]
fn lessons_with_unusable_ids_or_no_title_are_left_out_with_a_warning() {
    let dir = Dir::new();
    let pack = serde_json::json!({
        "schema": "cairn.lessons/1",
        "network": "ukgovcamp",
        "exported": "2026-03-04T10:00:00Z",
        "lessons": [
            {"id": "../../etc/passwd", "kind": "lesson", "title": "Path", "body": "",
             "created": "2026-03-01T09:00:00Z", "updated": "2026-03-01T09:00:00Z",
             "language": "en", "licence": "CC-BY-4.0", "hash": "0"},
            {"id": "no-title", "kind": "lesson", "title": "\u{1b}[0m \u{7}", "body": "x",
             "created": "2026-03-01T09:00:00Z", "updated": "2026-03-01T09:00:00Z",
             "language": "en", "licence": "CC-BY-4.0", "hash": "0"},
            {"id": "fine-1", "kind": "lesson", "title": "Fine", "body": "ok",
             "created": "2026-03-01T09:00:00Z", "updated": "2026-03-01T09:00:00Z",
             "language": "en", "licence": "CC-BY-4.0", "hash": "0"}
        ]
    });
    let path = dir.create("mixed.json", pack.to_string());
    import(&dir, &text(&path))
        .stderr_has("warning: lesson 1: left out, its id is not usable")
        .stderr_has("warning: lesson 2: left out, it has no title")
        .stderr_has("1 new");
    assert_eq!(lesson_ids(&dir, &[]), ["fine-1"]);
}

#[test]
fn a_pack_for_something_that_is_not_a_network_id_is_refused() {
    let dir = Dir::new();
    let store = home_with_good_lessons(&dir);
    let pack = one_lesson_pack("x-1", "X", "y", "2026-03-02T09:00:00Z")
        .replace("\"ukgovcamp\"", "\"../Not A Network\"");
    let path = dir.create("bad-network.json", pack);
    assert_refused(&dir, &path, "is not a network id", &store);
}

// ---- 7. an unreadable store is never written over ----

#[test]
fn a_corrupt_peer_store_refuses_imports_and_is_left_byte_identical() {
    let dir = Dir::new();
    let garbage: &[u8] = b"{\"lessons\": [ this is not json \xff\x00";
    let store = dir.create("data/peers/lessons.json", garbage);
    let out = dir
        .cairn(&["import", &text(&pack_fixture("good.json"))])
        .assert_fails();
    out.stderr_has(&text(&store))
        .stderr_has("cannot be read")
        .stderr_has("nothing was imported");
    assert_eq!(
        read(&store),
        garbage,
        "the unreadable store was written over"
    );
    dir.cairn(&["lessons", "list"])
        .assert_fails()
        .stderr_has(&text(&store));
    assert_eq!(read(&store), garbage);
}

// ---- 8. lessons list and show ----

#[test]
fn lessons_list_filters_by_network() {
    let dir = Dir::new();
    home_with_good_lessons(&dir);
    assert_eq!(
        sorted(lesson_ids(&dir, &["--network", "ukgovcamp"])),
        ["abc-one", "abc-two"]
    );
    assert_eq!(lesson_ids(&dir, &["--network", "one-team-gov"]), ["otg-1"]);
    assert!(lesson_ids(&dir, &["--network", "govhack"]).is_empty());
    dir.cairn(&["lessons", "list", "--network", "govhack"])
        .assert_ok()
        .stdout_has("No peer lessons match");
}

#[test]
fn lessons_list_filters_by_kind_and_tag_as_options_or_in_the_search() {
    let dir = Dir::new();
    home_with_good_lessons(&dir);
    assert_eq!(
        sorted(lesson_ids(&dir, &["--kind", "lesson"])),
        ["abc-one", "otg-1"]
    );
    assert_eq!(lesson_ids(&dir, &["--kind", "challenge"]), ["abc-two"]);
    assert_eq!(lesson_ids(&dir, &["--tag", "casework"]), ["otg-1"]);
    // The journal's query language works in --search: kind:, tag: (or
    // topic:) and network:, with words.
    assert_eq!(
        lesson_ids(&dir, &["--search", "kind:challenge"]),
        ["abc-two"]
    );
    assert_eq!(
        lesson_ids(&dir, &["--search", "topic:Approval"]),
        ["abc-one"]
    );
    assert_eq!(
        lesson_ids(&dir, &["--search", "network:ukgovcamp kind:lesson"]),
        ["abc-one"]
    );
    assert!(lesson_ids(&dir, &["--kind", "lesson", "--tag", "procurement"]).is_empty());
    dir.cairn(&["lessons", "list", "--tag", "nosuch"])
        .assert_ok()
        .stdout_has("No peer lessons match");
}

#[test]
fn lessons_list_lists_newest_first_one_line_each() {
    let dir = Dir::new();
    home_with_good_lessons(&dir);
    // Updated 2026-03-04, 03-03 and 03-02.
    assert_eq!(lesson_ids(&dir, &[]), ["otg-1", "abc-two", "abc-one"]);
    let out = dir.cairn(&["lessons", "list"]).assert_ok();
    let lines: Vec<&str> = out.stdout.lines().collect();
    assert_eq!(
        lines,
        [
            "otg-1  2026-03-04  Kanban boards for casework  (one-team-gov)",
            "abc-two  2026-03-03  Procurement sandbox  (ukgovcamp)",
            "abc-one  2026-03-02  Zürich pilots start small  (ukgovcamp)",
        ],
        "{out}"
    );
}

/// Peers write in their own time zones; "newest first" is by the moment,
/// not by how the time happens to be written.
#[test]
fn lessons_list_orders_by_the_moment_across_time_zones() {
    let dir = Dir::new();
    // 09:00 at +05:00 is 04:00 UTC, two hours before 06:00 UTC.
    let east = dir.create(
        "east.json",
        one_lesson_pack("east-1", "East", "", "2026-03-02T09:00:00+05:00"),
    );
    let west = dir.create(
        "west.json",
        one_lesson_pack("west-1", "West", "", "2026-03-02T06:00:00Z"),
    );
    import(&dir, &text(&east));
    import(&dir, &text(&west));
    assert_eq!(lesson_ids(&dir, &[]), ["west-1", "east-1"]);
}

#[test]
fn lessons_list_search_ignores_case_and_accents() {
    let dir = Dir::new();
    home_with_good_lessons(&dir);
    for words in ["zurich", "ZURICH", "Zürich", "zürich pilots", "district"] {
        assert_eq!(
            lesson_ids(&dir, &["--search", words]),
            ["abc-one"],
            "--search {words:?}"
        );
    }
    // Tags count too, and every word must match.
    assert_eq!(lesson_ids(&dir, &["--search", "casework"]), ["otg-1"]);
    assert!(lesson_ids(&dir, &["--search", "zurich casework"]).is_empty());
    assert_eq!(
        lesson_ids(&dir, &["--search", "procurement", "--network", "ukgovcamp"]),
        ["abc-two"]
    );
    assert!(
        lesson_ids(
            &dir,
            &["--search", "procurement", "--network", "one-team-gov"]
        )
        .is_empty()
    );
}

/// Accents beyond the handful `fold` lists: Polish, Czech and Hungarian
/// names, and text in decomposed form (a letter then a combining mark).
#[test]
fn lessons_list_search_ignores_other_accents_and_decomposed_text() {
    let dir = Dir::new();
    let path = dir.create(
        "accents.json",
        one_lesson_pack(
            "acc-1",
            "Łódź, Brno-Řečkovice, Győr and Zu\u{308}rich",
            "",
            "2026-03-02T09:00:00Z",
        ),
    );
    import(&dir, &text(&path));
    for words in ["lodz", "reckovice", "gyor", "zurich"] {
        assert_eq!(
            lesson_ids(&dir, &["--search", words]),
            ["acc-1"],
            "--search {words:?}"
        );
    }
}

#[test]
fn lessons_list_json_has_the_lesson_and_its_provenance() {
    let dir = Dir::new();
    home_with_good_lessons(&dir);
    let out = dir
        .cairn(&["lessons", "list", "--json", "--network", "ukgovcamp"])
        .assert_ok();
    let all = out.json();
    let one = all
        .as_array()
        .expect("an array")
        .iter()
        .find(|l| l["id"] == "abc-one")
        .expect("abc-one");
    assert_eq!(one["title"], "Zürich pilots start small");
    assert_eq!(one["kind"], "lesson");
    assert_eq!(one["tags"], serde_json::json!(["pilots", "approval"]));
    assert_eq!(one["network"], "ukgovcamp");
    assert_eq!(one["author"], "Ada Example");
    assert_eq!(one["organisation"], "Ministry of Examples");
    assert_eq!(one["from"], text(&pack_fixture("good.json")));
    assert!(one["imported"].is_string(), "{one}");
    // The hash is the receiver's own digest, not the one the pack claimed.
    assert_ne!(one["hash"], "0");
    assert_eq!(one["hash"].as_str().map(str::len), Some(32));
}

#[test]
fn lessons_list_with_none_says_how_to_import() {
    let dir = Dir::new();
    dir.cairn(&["lessons", "list"])
        .assert_ok()
        .stdout_has("No peer lessons yet. `cairn import FILE`");
    assert!(lesson_ids(&dir, &[]).is_empty());
}

#[test]
fn lessons_show_finds_a_unique_prefix_and_shows_provenance() {
    let dir = Dir::new();
    home_with_good_lessons(&dir);
    let out = dir.cairn(&["lessons", "show", "abc-o"]).assert_ok();
    out.stdout_has("Zürich pilots start small\n")
        .stdout_has("lesson · 2026-03-02T09:00:00Z · CC-BY-4.0")
        .stdout_has("tags: pilots, approval")
        .stdout_has(&format!(
            "shared with ukgovcamp by Ada Example, Ministry of Examples; imported from {}",
            text(&pack_fixture("good.json"))
        ))
        .stdout_has("We ran the pilot in one district first.");
    assert_eq!(show_json(&dir, "otg")["id"], "otg-1");
    dir.cairn(&["lessons", "show", "otg-1"])
        .assert_ok()
        .stdout_has("shared with one-team-gov by anonymous;");
}

#[test]
fn lessons_show_with_an_ambiguous_prefix_lists_the_candidates() {
    let dir = Dir::new();
    home_with_good_lessons(&dir);
    let out = dir.cairn(&["lessons", "show", "abc"]).assert_fails();
    out.stderr_has("\"abc\"")
        .stderr_has("abc-one (Zürich pilots start small)")
        .stderr_has("abc-two (Procurement sandbox)");
    assert_eq!(out.stdout, "", "{out}");
}

#[test]
fn lessons_show_with_an_unknown_id_says_how_to_list() {
    let dir = Dir::new();
    home_with_good_lessons(&dir);
    let out = dir.cairn(&["lessons", "show", "zzz"]).assert_fails();
    out.stderr_has("no peer lesson has an id starting with \"zzz\"")
        .stderr_has("`cairn lessons list`");
    // And with nothing imported at all.
    Dir::new()
        .cairn(&["lessons", "show", "abc"])
        .assert_fails()
        .stderr_has("`cairn lessons list`");
}

// ---- 9. importing from an address ----

const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

fn import_from(dir: &Dir, url: &str) -> Outcome {
    let mut cmd = dir.cairn(&["import", url]);
    for var in PROXY_VARS {
        cmd.env_remove(var);
    }
    cmd.run()
}

#[test]
fn a_pack_imports_from_a_loopback_address() {
    let body = read(&pack_fixture("good.json"));
    let srv = server::Server::start(move |r| {
        if r.path == "/pack.json" {
            server::Reply::ok(body.clone()).header("Content-Type", "application/json")
        } else {
            server::Reply::status(404)
        }
    });
    let dir = Dir::new();
    let url = srv.url("/pack.json");
    let out = import_from(&dir, &url);
    assert_eq!(out.code, Some(0), "{out}");
    out.stderr_has("Imported 2 lessons shared with ukgovcamp: 2 new");
    assert_eq!(sorted(lesson_ids(&dir, &[])), ["abc-one", "abc-two"]);
    assert_eq!(show_json(&dir, "abc-one")["from"], url.as_str());
    let requests = srv.requests();
    assert_eq!(requests.len(), 1, "{requests:?}");
    assert_eq!(requests[0].method, "GET");
}

#[test]
fn a_missing_address_fails_clearly_and_changes_nothing() {
    let srv = server::Server::start(|_| server::Reply::status(404));
    let dir = Dir::new();
    let store = home_with_good_lessons(&dir);
    let url = srv.url("/missing.json");
    let out = import_from(&dir, &url);
    assert_eq!(out.code, Some(1), "{out}");
    out.stderr_has(&url).stderr_has("404");
    assert_eq!(read(&peer_store(&dir)), store);
}

#[test]
fn a_missing_file_fails_clearly() {
    let dir = Dir::new();
    let path = text(&dir.path().join("nowhere.json"));
    dir.cairn(&["import", &path])
        .assert_fails()
        .stderr_has(&path)
        .stderr_has("no such file");
}

// ---- 10. share: unknown networks, nothing to share ----

#[test]
fn share_with_an_unknown_network_suggests_ids() {
    let dir = Dir::new();
    add_shareable(&dir, "Anything", "Body.");
    let out = dir
        .cairn(&["share", "--network", "ukgovcmp", "-o", "pack.md"])
        .assert_fails();
    out.stderr_has("no network has the id \"ukgovcmp\"")
        .stderr_has("did you mean")
        .stderr_has("ukgovcamp");
    assert!(!dir.path().join("pack.md").exists());
}

#[test]
fn share_with_nothing_shareable_says_how_to_mark_or_name_entries() {
    let dir = Dir::new();
    // Nothing at all.
    dir.cairn(&["share", "--network", "ukgovcamp"])
        .assert_fails()
        .stderr_has("no entry about UKGC is marked shareable")
        .stderr_has("--entry ID")
        .stderr_has("`cairn journal shareable ID…`");
    // Entries, but none shareable about this network.
    add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Not shareable",
            "--network",
            "ukgovcamp",
            "--body",
            "x",
        ],
    );
    add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Shareable elsewhere",
            "--network",
            "one-team-gov",
            "--shareable",
            "--body",
            "x",
        ],
    );
    let out = dir
        .cairn(&[
            "share",
            "--network",
            "ukgovcamp",
            "--all-shareable",
            "-o",
            "p.md",
        ])
        .assert_fails();
    out.stderr_has("--entry ID")
        .stderr_has("cairn journal shareable ID");
    assert_eq!(out.stdout, "");
    assert!(!dir.path().join("p.md").exists());
}

#[test]
fn share_with_an_unknown_entry_says_how_to_list_entries() {
    let dir = Dir::new();
    add_shareable(&dir, "Known", "Body.");
    dir.cairn(&["share", "--network", "ukgovcamp", "--entry", "zzzz"])
        .assert_fails()
        .stderr_has("zzzz")
        .stderr_has("`cairn journal list`");
}
