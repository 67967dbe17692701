//! Text cut to fit, with the parts a search matched styled.

use ratatui::style::Style;
use ratatui::text::Span;
use unicode_width::UnicodeWidthStr;

/// `text` cut to `room` columns, with matched ranges styled.
pub fn highlighted(
    text: &str,
    ranges: &[std::ops::Range<usize>],
    room: usize,
    base: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    let mut cut = text.len();
    if text.width() > room {
        let mut w = 0;
        for (i, c) in text.char_indices() {
            w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + 1 > room {
                cut = i;
                break;
            }
        }
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.start >= cut {
            continue;
        }
        let end = r.end.min(cut);
        spans.push(Span::styled(text[at..r.start].to_string(), base));
        spans.push(Span::styled(text[r.start..end].to_string(), matched));
        at = end;
    }
    spans.push(Span::styled(text[at..cut].to_string(), base));
    if cut < text.len() {
        spans.push(Span::styled("…", base));
    }
    spans
}
