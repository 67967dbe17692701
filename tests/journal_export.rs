//! `cairn journal export` through the real binary: every form (Markdown,
//! JSON, jrnl's text, HTML) holds every entry asked for with its text;
//! `--public` removes private text as sharing does; filters pick entries;
//! `-o` writes a file whole; the HTML page is inert whatever the text.

#[allow(dead_code)]
mod common;

use std::fs;

use common::Dir;
use common::journal::add;
use scraper::{Html, Selector};
use serde_json::Value;

fn journal() -> Dir {
    let dir = Dir::new();
    add(
        &dir,
        &[
            "--kind",
            "challenge",
            "--title",
            "Approval stalled",
            "--network",
            "ukgovcamp",
            "--tag",
            "approval",
            "--body",
            "The board met again. %%The chair blocks it.%% We wait.",
        ],
    );
    add(
        &dir,
        &[
            "--kind",
            "lesson",
            "--title",
            "Start small <script>alert(1)</script>",
            "--body",
            "One team first.\n\n[2026-01-01 09:00] not a new entry",
        ],
    );
    dir
}

fn export(dir: &Dir, args: &[&str]) -> String {
    let mut full = vec!["journal", "export"];
    full.extend_from_slice(args);
    dir.cairn(&full).assert_ok().stdout
}

#[test]
fn every_form_holds_every_entry_and_public_removes_private_text() {
    let dir = journal();
    for format in ["md", "json", "jrnl", "html"] {
        let own = export(&dir, &["--format", format]);
        assert!(own.contains("Approval stalled"), "{format}:\n{own}");
        assert!(
            own.contains("The chair blocks it"),
            "{format} keeps your text"
        );
        assert!(own.contains("We wait"), "{format}:\n{own}");
        let public = export(&dir, &["--format", format, "--public"]);
        assert!(
            !public.contains("chair"),
            "{format} --public leaks:\n{public}"
        );
        assert!(public.contains("We wait"), "{format}:\n{public}");
    }
    let json: Value = serde_json::from_str(&export(&dir, &["--format", "json"])).unwrap();
    assert_eq!(json["schema"], "cairn.journal-export/1");
    let entries = json["entries"].as_array().unwrap();
    assert_eq!(entries.len(), 2);
    assert_eq!(entries[0]["kind"], "challenge", "oldest first");
    assert_eq!(entries[0]["tags"][0], "approval");
    assert!(entries[0]["path"].is_string());
    let public: Value =
        serde_json::from_str(&export(&dir, &["--format", "json", "--public"])).unwrap();
    assert!(
        public["entries"][0].get("path").is_none(),
        "no file paths in public"
    );
}

#[test]
fn jrnl_text_has_one_header_line_per_entry_and_kind_and_tags_as_tags() {
    let dir = journal();
    let text = export(&dir, &["--format", "jrnl"]);
    let headers: Vec<&str> = text.lines().filter(|l| l.starts_with('[')).collect();
    assert_eq!(
        headers.len(),
        2,
        "a body line that looks like a date is indented:\n{text}"
    );
    for h in &headers {
        let stamp = &h[1..17];
        assert!(
            time::PrimitiveDateTime::parse(
                stamp,
                time::macros::format_description!("[year]-[month]-[day] [hour]:[minute]")
            )
            .is_ok(),
            "{h}"
        );
    }
    assert!(text.contains("@challenge @approval"), "{text}");
}

#[test]
fn filters_pick_entries_and_o_writes_a_file() {
    let dir = journal();
    let lessons = export(&dir, &["--kind", "lesson", "--format", "json"]);
    let v: Value = serde_json::from_str(&lessons).unwrap();
    assert_eq!(v["entries"].as_array().unwrap().len(), 1);
    let about = export(&dir, &["--network", "ukgovcamp"]);
    assert!(about.contains("Approval stalled") && !about.contains("Start small"));
    let out = dir
        .cairn(&[
            "journal",
            "export",
            "--format",
            "html",
            "-o",
            "journal.html",
        ])
        .assert_ok();
    out.stderr_has("Exported 2 entries to journal.html, private text included");
    let page = fs::read_to_string(dir.path().join("journal.html")).unwrap();
    let doc = Html::parse_document(&page);
    assert_eq!(doc.select(&Selector::parse("article").unwrap()).count(), 2);
    assert_eq!(
        doc.select(&Selector::parse("script").unwrap()).count(),
        0,
        "{page}"
    );
    assert!(
        page.contains("&lt;script&gt;"),
        "the title is shown, escaped"
    );
    let out = dir.cairn(&["journal", "export", "--format", "pdf"]).run();
    assert_eq!(out.code, Some(2), "a usage error\n{out}");
    out.stderr_has("md, json, jrnl, html");
}
