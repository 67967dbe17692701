//! The Markdown widget: entry bodies and peer lessons drawn into ratatui's
//! `TestBackend` and kept as insta snapshots, with private text marked
//! `‹…›` in a second snapshot so its dimming shows in review.

use cairn::tui::widgets::markdown::{MarkdownStyles, render};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::text::Text;
use ratatui::widgets::Paragraph;

/// The screen the text makes in a `width`-column terminal.
fn screen(source: &str, width: u16, height: u16) -> String {
    let text = render(source, width, &MarkdownStyles::default());
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|f| f.render_widget(Paragraph::new(text), f.area()))
        .unwrap();
    terminal.backend().to_string()
}

/// The lines as text, private spans between `‹` and `›`.
fn marked(source: &str, width: u16) -> String {
    let styles = MarkdownStyles::default();
    let text: Text = render(source, width, &styles);
    let mut out = String::new();
    for line in &text.lines {
        for span in &line.spans {
            if span.style.fg == styles.private.fg
                && span
                    .style
                    .add_modifier
                    .contains(styles.private.add_modifier)
            {
                out.push_str(&format!("‹{}›", span.content));
            } else {
                out.push_str(&span.content);
            }
        }
        out.push('\n');
    }
    out
}

const ENTRY: &str = "\
# Visit to the lab

We met the *team* on **Tuesday**; %%Ana said the budget is cut%%.
Soft breaks
join lines.  
A hard break starts one.

## What worked

1. Short demos
2. A shared board
   - kept by *%%Jo, who is leaving%%*
   - open to all
     1. even partners
3. Weekly notes

> Quoted from [the guide](https://example.org/guide):
> small steps first.

---

```
cargo run -- search \"design\"
```

A very long word: https://example.org/a/really/long/address/that/cannot/fit/on/one/line
";

#[test]
fn an_entry_at_50_columns() {
    insta::assert_snapshot!(screen(ENTRY, 50, 30));
}

#[test]
fn an_entry_at_30_columns_wraps_every_block() {
    insta::assert_snapshot!(screen(ENTRY, 30, 30));
}

#[test]
fn private_spans_are_dimmed_inside_emphasis_and_lists() {
    insta::assert_snapshot!(marked(ENTRY, 60));
}

#[test]
fn crlf_input_draws_the_same_screen() {
    let crlf = ENTRY.replace('\n', "\r\n");
    assert_eq!(screen(&crlf, 50, 30), screen(ENTRY, 50, 30));
    assert_eq!(marked(&crlf, 60), marked(ENTRY, 60));
}

#[test]
fn a_private_span_inside_emphasis_keeps_its_markers_dimmed() {
    assert_eq!(
        marked("_before %%hidden words%% after_", 80),
        "before ‹%%hidden words%%› after\n"
    );
}

#[test]
fn a_very_long_word_is_cut_to_the_width() {
    let word = "x".repeat(95);
    insta::assert_snapshot!(screen(&format!("- {word}"), 40, 4));
}

#[test]
fn nested_and_multi_line_private_spans_are_dimmed_as_sharing_removes_them() {
    // The rule sharing uses: a `%%` starting a word opens, one ending a
    // word closes, and they nest.
    let shown = marked("a %%outer %%inner%% still%% b", 80);
    assert_eq!(shown, "a ‹%%outer %%inner%% still%%› b\n");
    let shown = marked("shared %%secret\nstill secret%% shared", 80);
    assert!(
        !shown.contains("‹shared") && shown.contains("‹%%secret"),
        "{shown}"
    );
    assert!(shown.contains("still secret%%›"), "{shown}");
    let (public, _) = cairn::model::public_text("shared %%secret\nstill secret%% shared");
    assert!(!public.contains("secret"), "{public}");
}
