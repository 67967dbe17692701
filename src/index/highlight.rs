//! Finding the words a query matched inside a text, for bold spans in the
//! list and detail, and a snippet around the first match.

use std::ops::Range;

use serde::Serialize;

use super::schema::tokens;

/// One analysed query term and how loosely it may match.
#[derive(Debug, Clone, PartialEq)]
pub struct Term {
    pub text: String,
    /// Edits allowed for a typo (0 for short words).
    pub distance: u8,
    /// Whether it also matches as the start of a longer word.
    pub prefix: bool,
}

/// How many typos a word of this many letters tolerates.
pub fn typo_distance(term: &str) -> u8 {
    match term.chars().count() {
        0..=4 => 0,
        5..=8 => 1,
        _ => 2,
    }
}

impl Term {
    pub fn matches(&self, token: &str) -> bool {
        token == self.text
            || (self.prefix && token.starts_with(&self.text))
            || (self.distance > 0
                && strsim::osa_distance(token, &self.text) <= self.distance as usize)
    }
}

/// Byte ranges of `text` whose words match any of `terms`.
pub fn highlights(text: &str, terms: &[Term]) -> Vec<Range<usize>> {
    if terms.is_empty() {
        return Vec::new();
    }
    tokens(text)
        .into_iter()
        .filter(|(token, _)| terms.iter().any(|t| t.matches(token)))
        .map(|(_, range)| range)
        .collect()
}

/// A short piece of text with the matched words marked.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Snippet {
    pub text: String,
    /// Byte ranges into `text`.
    pub highlights: Vec<Range<usize>>,
}

impl Snippet {
    /// The snippet with matches wrapped in `open`/`close` (e.g. `**`).
    pub fn marked(&self, open: &str, close: &str) -> String {
        mark(&self.text, &self.highlights, open, close)
    }
}

/// `text` with each range wrapped in `open`/`close`.
pub fn mark(text: &str, ranges: &[Range<usize>], open: &str, close: &str) -> String {
    let mut out = String::with_capacity(text.len() + ranges.len() * (open.len() + close.len()));
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.end > text.len() {
            continue;
        }
        out.push_str(&text[at..r.start]);
        out.push_str(open);
        out.push_str(&text[r.clone()]);
        out.push_str(close);
        at = r.end;
    }
    out.push_str(&text[at..]);
    out
}

fn floor_char(text: &str, mut i: usize) -> usize {
    while i > 0 && !text.is_char_boundary(i) {
        i -= 1;
    }
    i
}

/// Cuts a window of about `width` bytes around the first match, on word
/// boundaries, with `…` where text was cut.
pub fn snippet(text: &str, ranges: &[Range<usize>], width: usize) -> Snippet {
    let text = text.trim();
    if text.len() <= width {
        return Snippet {
            text: text.to_string(),
            highlights: ranges.to_vec(),
        };
    }
    let first = ranges.first().map_or(0, |r| r.start);
    // Start a little before the first match, at the start of a word.
    let mut start = floor_char(text, first.saturating_sub(width / 4));
    if start > 0 {
        start = text[..start]
            .rfind(char::is_whitespace)
            .map_or(0, |i| i + 1);
    }
    let mut end = floor_char(text, (start + width).min(text.len()));
    if end < text.len() {
        end = text[..end]
            .rfind(char::is_whitespace)
            .filter(|&i| i > start)
            .unwrap_or(end);
    }
    let body = text[start..end].trim_end();
    let lead = if start > 0 { "…" } else { "" };
    let tail = if end < text.len() { "…" } else { "" };
    let shift = lead.len();
    let highlights = ranges
        .iter()
        .filter(|r| r.start >= start && r.end <= start + body.len())
        .map(|r| r.start - start + shift..r.end - start + shift)
        .collect();
    Snippet {
        text: format!("{lead}{body}{tail}"),
        highlights,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn term(text: &str, distance: u8, prefix: bool) -> Term {
        Term {
            text: text.into(),
            distance,
            prefix,
        }
    }

    #[test]
    fn highlights_fold_accents_and_tolerate_typos() {
        let text = "Innovators in Zürich share designs";
        let found = highlights(text, &[term("zurich", 0, false), term("desgin", 1, false)]);
        let words: Vec<&str> = found.iter().map(|r| &text[r.clone()]).collect();
        assert_eq!(words, ["Zürich", "designs"]);
    }

    #[test]
    fn snippet_cuts_around_the_first_match_on_word_boundaries() {
        let text = "word ".repeat(60) + "target " + &"tail ".repeat(60);
        let ranges = highlights(&text, &[term("target", 0, false)]);
        let s = snippet(&text, &ranges, 80);
        assert!(
            s.text.starts_with('…') && s.text.ends_with('…'),
            "{}",
            s.text
        );
        assert_eq!(&s.text[s.highlights[0].clone()], "target");
        assert!(s.marked("[", "]").contains("[target]"));
    }

    #[test]
    fn snippet_never_splits_a_character() {
        let text = "é".repeat(200);
        let s = snippet(&text, &[], 51);
        assert!(s.text.ends_with('…'));
    }
}
