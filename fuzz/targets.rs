//! The fuzz targets: one function per parser of outside input, each taking
//! raw bytes, calling cairn's public API and asserting the cheap invariants
//! the code promises today. A panic (an assert included) is a finding.
//!
//! Shared, not copied: the fuzz binary (`fuzz/src/main.rs`) and the corpus
//! replay test (`tests/fuzz_corpus.rs`) both include this file with
//! `#[path]`, so the smoke run in `cargo test` checks exactly what the long
//! run checks. Only `cairn`, `serde_json`, `time` and `std` may be used
//! here.

use std::collections::HashSet;
use std::path::PathBuf;

use cairn::catalogue::{self, Format};
use cairn::config::{self, Config};
use cairn::model::{
    self, Entry, PackLesson, PackTerms, ParsedQuery, Validated, clean_text, is_slug, parse_query,
    parse_words, private_spans, public_text, valid_id,
};
use cairn::share;
use cairn::tui::{Action, Keymap};

/// A fuzz target: bytes in, a panic when an invariant breaks.
pub type Target = fn(&[u8]);

/// Every target, by the name its corpus folder has (`fuzz/corpus/<name>/`).
pub const TARGETS: &[(&str, Target)] = &[
    ("catalogue_json", catalogue_json),
    ("catalogue_csv", catalogue_csv),
    ("pack", pack),
    ("entry", entry),
    ("config", config),
    ("query", query),
    ("marker", marker),
    ("notes", notes),
];

/// The target called `name`.
pub fn find(name: &str) -> Option<Target> {
    TARGETS.iter().find(|(n, _)| *n == name).map(|(_, t)| *t)
}

/// Largest lesson pack the `pack` target accepts (the fuzzer's inputs are
/// smaller; this keeps the size check itself in play).
const PACK_LIMIT: u64 = 256 * 1024;

// ---------------------------------------------------------------------------
// Catalogues

/// JSON catalogues (`catalogue::parse`, streaming record validation).
pub fn catalogue_json(data: &[u8]) {
    let _ = Format::detect(None, data);
    match catalogue::parse(data, Format::Json, None) {
        Ok(validated) => check_catalogue(&validated),
        Err(e) => drop(e.to_string()),
    }
}

/// CSV (and tab-separated) catalogues.
pub fn catalogue_csv(data: &[u8]) {
    match catalogue::parse(data, Format::Csv, None) {
        Ok(validated) => check_catalogue(&validated),
        Err(e) => drop(e.to_string()),
    }
}

/// What loaded is a catalogue: slug ids, no duplicates, and written back
/// as JSON it reads again as the same networks, with no errors.
fn check_catalogue(v: &Validated) {
    let mut ids = HashSet::new();
    for n in &v.networks {
        assert!(is_slug(&n.id), "network id {:?} is not a slug", n.id);
        assert!(ids.insert(n.id.as_str()), "duplicate id {:?} loaded", n.id);
        assert!(!n.name.trim().is_empty(), "{} has an empty name", n.id);
        // Catalogue text is cleaned where it is validated: every string,
        // list item, unknown field's name and nested value.
        assert_clean_json(&serde_json::to_value(n).expect("a network serialises"));
    }
    for p in &v.problems {
        drop(p.to_string());
    }
    let json = catalogue::to_json(&v.networks);
    let back = catalogue::parse(json.as_bytes(), Format::Json, None)
        .unwrap_or_else(|e| panic!("what was written does not read back: {e}\n{json}"));
    let errors: Vec<String> = back
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "errors re-reading what was written: {errors:?}\n{json}"
    );
    assert_eq!(
        back.networks, v.networks,
        "networks changed on the way back\n{json}"
    );
}

// ---------------------------------------------------------------------------
// Lesson packs and cleaning

/// Lesson packs from others (`share::parse_pack`), and `clean_text` on the
/// same bytes read as text.
pub fn pack(data: &[u8]) {
    check_clean(&String::from_utf8_lossy(data));
    match share::parse_pack(data, "fuzz.json", PACK_LIMIT) {
        Ok((pack, warnings)) => {
            assert!(is_slug(&pack.network), "network {:?} kept", pack.network);
            for text in [&pack.network]
                .into_iter()
                .chain(pack.author.as_ref())
                .chain(pack.organisation.as_ref())
                .chain(warnings.iter())
            {
                assert_clean(text);
            }
            for l in &pack.lessons {
                assert!(valid_id(&l.id), "lesson id {:?} kept", l.id);
                assert!(
                    !l.title.trim().is_empty(),
                    "lesson {} kept without a title",
                    l.id
                );
                assert!(l.title.chars().count() <= 300, "long title kept");
                assert!(l.body.chars().count() <= 100_000, "long body kept");
                for text in [
                    &l.title,
                    &l.body,
                    &l.created,
                    &l.updated,
                    &l.language,
                    &l.licence,
                ]
                .into_iter()
                .chain(l.tags.iter())
                {
                    assert_clean(text);
                }
                assert_eq!(
                    l.hash,
                    l.digest(),
                    "hash of lesson {} is not its digest",
                    l.id
                );
            }
            // Imported lessons are written as JSON and read again: what was
            // cleaned once reads back unchanged, with nothing more to clean.
            let json = serde_json::to_vec(&pack).expect("a pack serialises");
            let (again, warnings) = share::parse_pack(&json, "again.json", u64::MAX)
                .unwrap_or_else(|e| panic!("a cleaned pack is refused: {e}"));
            assert_eq!(again, pack, "a cleaned pack changed when read again");
            assert!(
                warnings.is_empty(),
                "a cleaned pack warns again: {warnings:?}"
            );
        }
        Err(e) => assert_clean(&e.to_string()),
    }
}

/// Cleaned text holds nothing a terminal acts on, and cleaning it again
/// removes nothing.
fn check_clean(text: &str) {
    let (out, removed) = clean_text(text);
    assert_clean(&out);
    if !removed.any() {
        assert!(
            out == text || text.contains('\r') || text.contains(['\u{2028}', '\u{2029}']),
            "nothing removed but the text changed: {text:?} -> {out:?}"
        );
    }
    let (twice, removed_twice) = clean_text(&out);
    assert!(
        !removed_twice.any(),
        "cleaning {out:?} again removed {removed_twice}"
    );
    assert_eq!(twice, out, "cleaning is not idempotent");
}

/// Every string and object key in `value` is clean.
fn assert_clean_json(value: &serde_json::Value) {
    match value {
        serde_json::Value::String(s) => assert_clean(s),
        serde_json::Value::Array(items) => items.iter().for_each(assert_clean_json),
        serde_json::Value::Object(map) => {
            for (k, v) in map {
                assert_clean(k);
                assert_clean_json(v);
            }
        }
        _ => {}
    }
}

/// No escape, no control but line feed and tab, no text-direction control.
fn assert_clean(text: &str) {
    let bad = text.chars().find(|&c| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
    });
    assert!(bad.is_none(), "{bad:?} left in cleaned text {text:?}");
}

// ---------------------------------------------------------------------------
// Journal entries

/// Entry files (`Entry::parse`), written back whole (`render`) and over
/// the original text (`render_over`), unchanged and changed.
pub fn entry(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let e = match Entry::parse(text) {
        Ok(e) => e,
        Err(err) => {
            let lines = text.split('\n').count();
            assert!(
                (1..=lines + 1).contains(&err.line),
                "error line {} in a text of {lines} lines: {err}",
                err.line
            );
            return;
        }
    };
    assert!(valid_id(&e.meta.id), "id {:?} accepted", e.meta.id);
    assert!(!e.meta.title.trim().is_empty(), "empty title accepted");
    let written = e.render();
    assert_reads_back(&written, &e, "render");
    let over = e.render_over(text);
    assert_reads_back(&over, &e, "render_over");

    let mut changed = e.clone();
    changed.meta.title.push_str(" (edited)");
    changed.meta.tags.push("fuzzed".into());
    changed.meta.shareable = !changed.meta.shareable;
    changed.meta.updated = changed.meta.created;
    changed.body.push_str("\nmore %%private%% text\n");
    let over = changed.render_over(text);
    assert_reads_back(&over, &changed, "render_over (changed entry)");
    let written = changed.render();
    assert_reads_back(&written, &changed, "render (changed entry)");
    check_public(&e.body, &e.public_body().0);
}

/// `text`, written by `how`, parses as `e`. Equal, or alike to the last
/// detail where `==` cannot tell (a NaN in an unknown field is never equal
/// to itself).
fn assert_reads_back(text: &str, e: &Entry, how: &str) {
    match Entry::parse(text) {
        Ok(back) => assert!(
            back == *e || format!("{back:?}") == format!("{e:?}"),
            "{how} does not read back:\n{text}\nwas  {e:?}\nread {back:?}"
        ),
        Err(err) => panic!("{how} wrote a file that does not parse ({err}):\n{text}"),
    }
}

// ---------------------------------------------------------------------------
// Settings

thread_local! {
    /// A config folder of this thread's own, so replays in parallel test
    /// threads never share a file.
    static CONFIG_DIR: PathBuf = {
        let id = format!("{:?}", std::thread::current().id());
        let id: String = id.chars().filter(char::is_ascii_alphanumeric).collect();
        let dir = std::env::temp_dir().join(format!("cairn-fuzz-config-{}-{id}", std::process::id()));
        std::fs::create_dir_all(&dir).expect("a scratch config folder");
        dir
    };
}

/// `config.toml` as the user's file (`Config::load`), the keymap built
/// from it, and adding then removing a source in it.
pub fn config(data: &[u8]) {
    CONFIG_DIR.with(|dir| config_in(dir, data));
}

fn config_in(dir: &std::path::Path, data: &[u8]) {
    let path = dir.join(config::FILE_NAME);
    std::fs::write(&path, data).expect("write the scratch config");
    let before = Config::load(dir);
    let mut names = HashSet::new();
    for s in &before.sources {
        assert!(
            config::check_name(&s.name).is_ok(),
            "source name {:?} kept",
            s.name
        );
        assert!(
            names.insert(s.name.as_str()),
            "two sources named {:?}",
            s.name
        );
        assert!(
            !s.location.is_empty() && s.location.trim() == s.location,
            "location {:?} kept",
            s.location
        );
    }
    let sync = &before.sync;
    assert!(sync.max_download_mb >= 1 && sync.timeout_secs >= 1 && sync.connect_timeout_secs >= 1);
    let keymap = Keymap::from_config(&before);
    for &action in Action::ALL {
        drop(keymap.keys(action));
        drop(keymap.hint_for(action, true));
    }
    if !before.problems.is_empty() {
        return;
    }
    // A readable file gains a source at the end and loses it again, and
    // nothing else it says changes.
    let added = "fuzz-added";
    if config::add_source(dir, added, "https://example.org/fuzz.json").is_err() {
        return;
    }
    let after = Config::load(dir);
    let text = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        after.problems.is_empty(),
        "adding a source broke the file: {:?}\n{text}",
        after.problems
    );
    let mut expected = before.sources.clone();
    expected.push(config::SourceConfig {
        name: added.into(),
        location: "https://example.org/fuzz.json".into(),
    });
    assert_eq!(after.sources, expected, "sources after adding one:\n{text}");
    assert_eq!(
        bindings(&after),
        bindings(&before),
        "keys changed by adding a source:\n{text}"
    );
    assert_eq!(
        after.sync, before.sync,
        "sync settings changed by adding a source"
    );
    assert_eq!(
        after.share, before.share,
        "share settings changed by adding a source"
    );
    config::remove_source(dir, added).expect("the source just added can be removed");
    let removed = Config::load(dir);
    assert!(
        removed.problems.is_empty(),
        "removing a source broke the file: {:?}",
        removed.problems
    );
    assert_eq!(
        removed.sources, before.sources,
        "sources after adding and removing one"
    );
    assert_eq!(
        bindings(&removed),
        bindings(&before),
        "keys changed by removing a source"
    );
}

/// Bindings without where they were written (adding a source may move lines).
fn bindings(c: &Config) -> Vec<(String, Vec<String>)> {
    c.keys
        .iter()
        .map(|b| (b.action.clone(), b.keys.clone()))
        .collect()
}

// ---------------------------------------------------------------------------
// The search language

/// `parse_query` (networks) and `parse_words` (journal, peer lessons).
pub fn query(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_query(text) {
        Ok(q) => check_query(&q),
        Err(e) => drop(e.to_string()),
    }
    let (words, filters) = parse_words(text);
    for w in &words {
        assert!(!w.contains(char::is_whitespace), "word {w:?} holds a space");
    }
    for (name, value) in &filters {
        assert!(
            matches!(name.as_str(), "kind" | "tag" | "network" | "status"),
            "filter {name:?}"
        );
        assert!(!value.is_empty(), "empty {name}: filter kept");
    }
}

/// Words are single non-empty tokens, filters are canonical: the query
/// written back as text (words, then each filter as it displays) parses
/// to the same words and filters.
fn check_query(q: &ParsedQuery) {
    for w in &q.words {
        assert!(
            !w.is_empty() && !w.contains(char::is_whitespace),
            "word {w:?}"
        );
    }
    let mut again = q.text();
    for f in &q.filters {
        again.push(' ');
        again.push_str(&f.to_string());
    }
    let back = parse_query(&again).unwrap_or_else(|e| panic!("{again:?} no longer parses: {e}"));
    assert_eq!(back.words, q.words, "words of {again:?}");
    assert_eq!(back.filters, q.filters, "filters of {again:?}");
}

// ---------------------------------------------------------------------------
// The private-text rule

/// `private_spans` and `public_text`, on their own, in an entry's public
/// body and in the lesson a pack would carry. The exact rule is not
/// asserted (it may change); only that spans are well formed and nothing
/// shared holds a marker.
pub fn marker(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let private = private_spans(&text);
    let mut last_end: Option<usize> = None;
    for s in &private.spans {
        assert!(
            s.start < s.end && s.end <= text.len(),
            "span {s:?} of {} bytes",
            text.len()
        );
        assert!(
            text.is_char_boundary(s.start) && text.is_char_boundary(s.end),
            "span {s:?} splits a character"
        );
        if let Some(end) = last_end {
            assert!(
                s.start > end,
                "spans out of order, overlapping or touching: {:?}",
                private.spans
            );
        }
        last_end = Some(s.end);
    }
    if private.unclosed {
        assert_eq!(
            last_end,
            Some(text.len()),
            "an open marker must hide the rest"
        );
    }
    let (public, again) = public_text(&text);
    assert_eq!(again, private, "public_text and private_spans disagree");
    check_public(&text, &public);

    // What a pack carries from an entry with this title and body.
    let mut e = SAMPLE.with(Entry::clone);
    e.meta.title = text.to_string();
    e.body = text.to_string();
    let (lesson, _) = PackLesson::from_entry(&e, &PackTerms::default());
    check_public(&text, &lesson.title);
    check_public(&text, &lesson.body);
    for tag in &lesson.tags {
        check_public(&text, tag);
    }
}

/// Text that is to leave the machine holds no `%%`.
fn check_public(text: &str, public: &str) {
    assert!(
        !public.contains("%%"),
        "public text {public:?} of {text:?} holds a marker"
    );
    let _ = model::safe(public);
}

thread_local! {
    /// An entry to give the marker target's text to, parsed once.
    static SAMPLE: Entry = Entry::parse(SAMPLE_ENTRY).expect("the sample entry parses");
}

const SAMPLE_ENTRY: &str = "+++\nid = \"k7d2m9qx\"\nkind = \"lesson\"\ntitle = \"T\"\n\
created = \"2026-11-27T09:30:00+01:00\"\nupdated = \"2026-11-27T09:30:00+01:00\"\n\
tags = [\"a %%b%% c\"]\n+++\n\nbody\n";

// ---------------------------------------------------------------------------
// Notes from other tools (`journal import`)

/// jrnl's text, jrnl's JSON and a Markdown note, read from the same bytes:
/// no panic, each note placed on a line of its input, titles of one line,
/// tags lower-case words without `@`/`#` or spaces, each once.
pub fn notes(data: &[u8]) {
    use cairn::model::import::{Note, read_jrnl, read_jrnl_json, read_markdown, strftime};
    let text = String::from_utf8_lossy(data);
    let lines = text.lines().count().max(1);
    let offset = time::UtcOffset::UTC;
    let check = |n: &Note, within: usize| {
        assert!(
            n.line >= 1 && n.line <= within + 1,
            "line {} of {within}",
            n.line
        );
        assert!(
            !n.title.contains('\n'),
            "a title of more than one line: {:?}",
            n.title
        );
        let mut seen = HashSet::new();
        for tag in &n.tags {
            assert!(
                !tag.is_empty() && !tag.contains(char::is_whitespace),
                "tag {tag:?}"
            );
            assert!(!tag.starts_with(['@', '#']), "tag {tag:?} keeps its mark");
            assert_eq!(*tag, tag.to_lowercase(), "tag {tag:?} not lower-case");
            assert!(seen.insert(tag.clone()), "tag {tag:?} twice");
        }
    };
    // The first line doubles as the person's own date format.
    let forms: Vec<_> = text
        .lines()
        .next()
        .and_then(|f| strftime(f).ok())
        .into_iter()
        .collect();
    let (found, unread) = read_jrnl(&text, &forms, offset);
    for n in &found {
        check(n, lines);
    }
    for u in &unread {
        assert!(
            u.line >= 1 && u.line <= lines,
            "unread line {} of {lines}",
            u.line
        );
    }
    if let Ok((found, _)) = read_jrnl_json(&text, offset) {
        for n in &found {
            check(n, usize::MAX - 1);
        }
    }
    let at = time::OffsetDateTime::UNIX_EPOCH;
    if let Ok(n) = read_markdown(&text, "stem", "note.md", at, offset) {
        check(&n, lines);
    }
}
