//! The private-text rule, tested by machine rather than by example: every
//! layout of markers, spacing, punctuation, line breaks and `%` runs up to
//! a size, checked against what the writer meant (a secret written between
//! markers) and against an independent statement of each natural reading,
//! through the paths that make text leave (the JSON pack, its Markdown,
//! the question post, the preview), plus property tests with adversarial
//! generators. The TUI and the real binary are covered in
//! tests/tui_journal.rs and tests/share.rs.

use cairn::model::{Entry, FrontMatter, Kind, LessonPack, PackLesson, PackTerms, public_text};
use proptest::prelude::*;

const SECRET: &str = "SECRETX";

fn entry(title: &str, body: &str, tags: Vec<String>) -> Entry {
    let t = time::macros::datetime!(2026-11-27 09:30 +01:00);
    Entry {
        meta: FrontMatter {
            id: "k7d2m9qx".into(),
            kind: Kind::Lesson,
            title: title.into(),
            created: t,
            updated: t,
            status: None,
            shareable: true,
            tags,
            networks: vec!["ukgovcamp".into()],
            related: vec![],
            evidence: vec![],
            follow_up: None,
            stage: None,
            effort: None,
            asked: Vec::new(),
            imported: None,
            extra: toml::Table::new(),
        },
        body: body.into(),
    }
}

/// Everything that leaves the machine when `text` is an entry's title,
/// body and a tag: the JSON pack and its Markdown form.
fn what_leaves(text: &str) -> String {
    let e = entry(&format!("T {text}"), text, vec![text.to_string()]);
    let (lesson, _) = PackLesson::from_entry(&e, &PackTerms::default());
    let mut pack = LessonPack::new(
        "ukgovcamp",
        time::OffsetDateTime::UNIX_EPOCH,
        &PackTerms::default(),
    );
    pack.lessons.push(lesson);
    let json = serde_json::to_string(&pack).unwrap();
    let md = pack.to_markdown("UK GovCamp");
    let preview = cairn::library::preview_text(text);
    format!("{json}\n{md}\n{preview}")
}

// ---- what the writer meant: a secret between an opening and a closing marker ----

const BEFORE: &[&str] = &[
    "", " ", "\n", "a", "a ", "Note:", "(", "50", "50%", "\"", "- ", "**", "x\n\n",
];
const MARKERS: &[&str] = &["%%", "%%%", "%%%%"];
const INSIDE: &[&str] = &["", " ", "\n", "\n\n"];
const AFTER: &[&str] = &["", " ", ".", ")", "\n", "b", "%", ":", " Public."];

/// Every single-span layout: before × opening run × spacing inside (both
/// sides) × closing run × after.
fn single_spans() -> impl Iterator<Item = String> {
    BEFORE.iter().flat_map(|b| {
        MARKERS.iter().flat_map(move |o| {
            INSIDE.iter().flat_map(move |l| {
                INSIDE.iter().flat_map(move |r| {
                    MARKERS.iter().flat_map(move |c| {
                        AFTER
                            .iter()
                            .map(move |a| format!("{b}{o}{l}{SECRET} the director{r}{c}{a}"))
                    })
                })
            })
        })
    })
}

#[test]
fn no_secret_between_markers_leaves_in_any_single_span_layout() {
    let mut checked = 0;
    for text in single_spans() {
        let out = what_leaves(&text);
        assert!(!out.contains(SECRET), "{text:?} leaked:\n{out}");
        checked += 1;
    }
    assert_eq!(checked, 13 * 3 * 4 * 4 * 3 * 9);
}

#[test]
fn text_before_the_first_marker_is_kept() {
    for text in single_spans() {
        let (public, _) = public_text(&text);
        let first = text.find("%%").unwrap();
        let before = text[..first].trim_end_matches('%');
        assert!(public.starts_with(before), "{text:?} became {public:?}");
    }
}

/// Between two spans in a row anything may stand; around a nested span,
/// people leave a space or a sign (a letter glued to a marker there reads
/// as closing, and pairs in order cover it only when it does).
const GAPS: &[&str] = &[" ", "\n", ". ", "x", ":", " and "];
const NEST_GAPS: &[&str] = &[" ", "\n", ". ", ":", " and ", "("];
const SPACING: &[&str] = &["", " ", "\n"];

#[test]
fn no_secret_leaves_from_two_spans_in_a_row_or_nested() {
    for gap in GAPS {
        for s in SPACING {
            for t in SPACING {
                for o in ["%%", "%%%"] {
                    for c in ["%%", "%%%"] {
                        let one = format!("{o}{s}{SECRET}1{t}{c}");
                        let two = format!("{o}{t}{SECRET}2{s}{c}");
                        let nest = NEST_GAPS
                            [GAPS.iter().position(|g| g == gap).unwrap() % NEST_GAPS.len()];
                        for text in [
                            format!("a{gap}{one}{gap}b{gap}{two}{gap}c"),
                            format!("{o}{s}{SECRET}outer{nest}{one}{nest}{SECRET}still{t}{c} d"),
                            format!("e {o}{SECRET}x{nest}{two}{nest}{one}{t}{c}{gap}f"),
                        ] {
                            let out = what_leaves(&text);
                            assert!(!out.contains(SECRET), "{text:?} leaked:\n{out}");
                        }
                    }
                }
            }
        }
    }
}

// ---- every short string, against each natural reading stated independently ----

/// A marker's direction from what stands beside it.
#[derive(Clone, Copy, PartialEq)]
enum Dir {
    Open,
    Close,
    Either,
}

/// Byte masks of private text under each natural reading, each stated
/// the plain way: pairs in order; and nesting with every marker that
/// points either way tried both ways (by brute force), keeping the
/// readings that leave the fewest spans open at the end; a run of `%`
/// counted as one marker and as `len / 2`.
fn reference_masks(text: &str) -> Vec<Vec<bool>> {
    let bytes = text.as_bytes();
    // 0 space, 1 opening bracket, 2 closing punctuation, 3 anything else.
    let class = |c: Option<&u8>| match c {
        None => 0,
        Some(c) if c.is_ascii_whitespace() => 0,
        Some(b'(' | b'[' | b'{' | b'<') => 1,
        Some(b')' | b']' | b'}' | b'.' | b',' | b';' | b':' | b'!' | b'?' | b'>') => 2,
        Some(_) => 3,
    };
    let mut runs = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        while i < bytes.len() && bytes[i] == b'%' {
            i += 1;
        }
        if i - start >= 2 {
            let before = class(start.checked_sub(1).map(|p| &bytes[p]));
            let after = class(bytes.get(i));
            let opens = before <= 1 && after == 3;
            let closes = before == 3 && (after == 0 || after == 2);
            let dir = match (opens, closes) {
                (true, false) => Dir::Open,
                (false, true) => Dir::Close,
                _ => Dir::Either,
            };
            runs.push((start, i, dir));
        }
        i = i.max(start + 1);
    }
    let mut masks = Vec::new();
    for halves in [false, true] {
        let marks: Vec<usize> = runs
            .iter()
            .enumerate()
            .flat_map(|(r, &(s, e, _))| {
                std::iter::repeat_n(r, if halves { (e - s) / 2 } else { 1 })
            })
            .collect();
        // Simulates one reading; `opens(depth, marker)` decides.
        let simulate = |opens: &dyn Fn(usize, usize) -> bool| {
            let mut mask = vec![false; bytes.len()];
            let mut depth = 0usize;
            let mut at = 0;
            for (m, &r) in marks.iter().enumerate() {
                let (s, e, _) = runs[r];
                if at < s {
                    mask[at..s].fill(depth > 0);
                }
                mask[s..e].fill(true);
                if opens(depth, m) {
                    depth += 1;
                } else {
                    depth -= 1;
                }
                at = e;
            }
            mask[at..].fill(depth > 0);
            (mask, depth)
        };
        masks.push(simulate(&|depth, _| depth == 0).0);
        let either: Vec<usize> = (0..marks.len())
            .filter(|&m| runs[marks[m]].2 == Dir::Either)
            .collect();
        // The nested readings that leave the fewest spans open.
        let mut readings = Vec::new();
        for choice in 0u32..(1 << either.len()) {
            readings.push(simulate(&|depth, m| {
                depth == 0
                    || match runs[marks[m]].2 {
                        Dir::Open => true,
                        Dir::Close => false,
                        Dir::Either => {
                            let k = either.iter().position(|&x| x == m).unwrap();
                            choice & (1 << k) != 0
                        }
                    }
            }));
        }
        let least = readings.iter().map(|r| r.1).min().unwrap();
        masks.extend(readings.into_iter().filter(|r| r.1 == least).map(|r| r.0));
    }
    masks
}

const TOKENS: &[&str] = &["%", "%%", " ", "\n", "W", ":", "("];

#[test]
fn every_short_layout_removes_exactly_what_some_reading_makes_private() {
    let mut strings = vec![Vec::<usize>::new()];
    let mut checked = 0;
    for _ in 0..7 {
        let mut longer = Vec::with_capacity(strings.len() * TOKENS.len());
        for s in &strings {
            for t in 0..TOKENS.len() {
                let mut n = s.clone();
                n.push(t);
                longer.push(n);
            }
        }
        for tokens in &longer {
            // Each word is a distinct canary: W0 W1 … with a closing letter
            // so that no canary contains another.
            let mut text = String::new();
            let mut words = Vec::new();
            for (i, &t) in tokens.iter().enumerate() {
                if TOKENS[t] == "W" {
                    let canary = format!("Q{i}Z");
                    words.push((text.len(), canary.clone()));
                    text.push_str(&canary);
                } else {
                    text.push_str(TOKENS[t]);
                }
            }
            let masks = reference_masks(&text);
            let (public, found) = public_text(&text);
            // From a run of four or more `%`, which may stand for any number
            // of markers, everything is private; before it, and in texts
            // without one, exactly what some reading makes private is.
            let long = text.find("%%%%");
            for (at, canary) in &words {
                let private = masks.iter().any(|m| m[*at]);
                let removed = !public.contains(canary.as_str());
                if long.is_some_and(|l| *at > l) {
                    assert!(removed, "{text:?} → {public:?}: {canary} after %%%% kept");
                } else if long.is_some() {
                    assert!(
                        removed || !private,
                        "{text:?} → {public:?}: {canary} leaked"
                    );
                } else {
                    assert_eq!(
                        removed,
                        private,
                        "{text:?} → {public:?}: {canary} should be {}",
                        if private { "removed" } else { "kept" }
                    );
                }
            }
            // The preview warns whenever more goes than plain pairs in order.
            let union: Vec<bool> = (0..text.len())
                .map(|i| masks.iter().any(|m| m[i]))
                .collect();
            if long.is_none() {
                assert_eq!(found.ambiguous, union != masks[0], "{text:?}");
            }
            assert!(!public.contains("%%"), "{text:?} → {public:?}");
            checked += 1;
        }
        strings = longer;
    }
    assert!(checked > 900_000, "{checked}");
}

// ---- adversarial generators ----

/// Text around a span: anything without `%`, or a lone `%` set off by
/// spaces (as in "20 % of").
fn filler() -> impl Strategy<Value = String> {
    prop_oneof![
        "[^%]{0,12}",
        Just(" % ".to_string()),
        "[ \n\t:()\\[\\]*_.,;!?\"'-]{0,4}",
        "\\PC{0,6}".prop_map(|s| s.replace('%', "")),
    ]
}

fn marker() -> impl Strategy<Value = String> {
    (2usize..7).prop_map(|n| "%".repeat(n))
}

/// A private span, maybe with another nested inside, the secret in every
/// private part.
fn span(depth: u32) -> BoxedStrategy<String> {
    let leaf = (marker(), filler(), filler(), marker())
        .prop_map(|(o, a, b, c)| format!("{o}{a}{SECRET}{b}{c}"))
        .boxed();
    if depth == 0 {
        return leaf;
    }
    prop_oneof![
        leaf,
        // A nested span is set off by spaces, as people write one.
        (marker(), filler(), span(depth - 1), filler(), marker())
            .prop_map(|(o, a, inner, b, c)| format!("{o}{a}{SECRET} {inner} {b}{SECRET}{c}")),
    ]
    .boxed()
}

/// Public text and spans, joined so that no `%` of the filler touches a
/// marker (which would make a different marker).
fn document() -> impl Strategy<Value = String> {
    proptest::collection::vec((filler(), span(2)), 1..5).prop_map(|parts| {
        let mut out = String::new();
        for (text, span) in parts {
            out.push_str(&text);
            out.push_str(&span);
        }
        out
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(2000)
    ))]

    #[test]
    fn no_secret_leaves_from_generated_documents(text in document(), tail in filler()) {
        let text = format!("{text}{tail}");
        let out = what_leaves(&text);
        prop_assert!(!out.contains(SECRET), "{:?} leaked:\n{}", text, out);
    }

    #[test]
    fn any_text_is_split_on_char_boundaries_and_never_keeps_a_marker(text in "\\PC{0,60}|[%a \n:]{0,40}") {
        let (public, found) = public_text(&text);
        let mut last = 0;
        for s in &found.spans {
            prop_assert!(last <= s.start && s.start < s.end && s.end <= text.len());
            prop_assert!(text.is_char_boundary(s.start) && text.is_char_boundary(s.end));
            last = s.end;
        }
        prop_assert!(!public.contains("%%"));
        prop_assert!(public.len() <= text.len());
    }
}

// ---- through the library, as the binary and the TUI call it ----

/// The simple layouts of the report (what stands before the opening
/// marker × spacing inside × what follows the closing one) as journal
/// entries (the secret in the title, a tag and the body), shared as a
/// pack (JSON, Markdown and the preview) and asked as a question.
#[test]
fn no_secret_leaves_through_share_or_ask_for_the_simple_layouts() {
    use cairn::library::{Library, NewEntry, OpenOptions, Selection};
    let home = tempfile::tempdir().unwrap();
    let paths = cairn::paths::Paths::under(home.path());
    let library = Library::open_at(paths, OpenOptions::default()).unwrap();
    let mut ids = Vec::new();
    for b in ["", " ", "\n", "a", "Note:", "(", "50", "50%", "- "] {
        for (l, r) in [("", ""), (" ", " "), ("\n", "\n"), ("", " "), (" ", "\n")] {
            for a in ["", " ", ".", ")", "\n", "b", "%", " Public."] {
                let text = format!("{b}%%{l}{SECRET} the director{r}%%{a}");
                let stored = library
                    .add_entry(NewEntry {
                        kind: Kind::Challenge,
                        title: format!("Layout {text}"),
                        tags: vec![format!("t{text}")],
                        networks: vec!["ukgovcamp".into()],
                        body: text.clone(),
                        shareable: true,
                        created: None,
                        follow_up: None,
                        stage: None,
                        effort: None,
                    })
                    .unwrap();
                ids.push((stored.entry.meta.id, text));
            }
        }
    }
    assert_eq!(ids.len(), 9 * 5 * 8);
    for (id, text) in &ids {
        let post = library.question_post(id, None).unwrap();
        assert!(!post.contains(SECRET), "{text:?} asked:\n{post}");
    }
    let plan = library
        .share_plan("ukgovcamp", &Selection::Shareable)
        .unwrap();
    assert_eq!(plan.entries.len(), ids.len());
    let json = serde_json::to_string(&plan.pack).unwrap();
    let md = plan.pack.to_markdown(&plan.network_name);
    for (what, out) in [
        ("JSON", json),
        ("Markdown", md),
        ("preview", plan.preview()),
    ] {
        assert!(!out.contains(SECRET), "the {what} leaks:\n{out}");
    }
    // `journal export --public` removes what sharing removes, in every form;
    // without it the export is the person's own copy, secret and all.
    use cairn::library::ExportFormat;
    for format in [
        ExportFormat::Markdown,
        ExportFormat::Json,
        ExportFormat::Jrnl,
        ExportFormat::Html,
    ] {
        let (public, n) = library.export_journal("", format, true).unwrap();
        assert_eq!(n, ids.len());
        assert!(
            !public.contains(SECRET),
            "the {format:?} export leaks:\n{public}"
        );
        let (own, _) = library.export_journal("", format, false).unwrap();
        assert!(
            own.contains(SECRET),
            "the {format:?} export lost the person's text"
        );
    }
}

#[test]
fn markers_split_by_invisible_or_escape_characters_still_hide_the_secret() {
    for text in [
        format!("a %\u{200b}%{SECRET}%\u{200b}% b"),
        format!("a %\u{2060}%{SECRET}%%"),
        format!("\u{1b}%%?{SECRET}%%"),
        format!("a %\u{1b}[0m%{SECRET}%% b"),
    ] {
        let out = what_leaves(&text);
        assert!(!out.contains(SECRET), "{text:?} leaked:\n{out}");
    }
}
