//! The private-text rule: what a person marked with `%%` never leaves the
//! machine.
//!
//! Markers can be read more than one way, and a wrong reading leaks. So
//! the rule is a union of the natural readings: every run of two or three
//! `%` is a marker; markers pair in order (`%%a%% b %%c%%`), or nest
//! (`%%outer %%inner%% outer%%`: a marker with a space or an opening
//! bracket before it and a word after it opens, one with a word before it
//! and a space or punctuation after it closes, any other may do either,
//! and as few spans as can be are left open at the end). Whatever any reading makes private
//! is private: a span left open runs to the end of the text, and so does
//! everything from a run of four or more `%`, which could be any number
//! of markers. When the readings disagree the result says so, so a
//! preview can warn.

use std::ops::Range;

/// What the rule found in a text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Private {
    /// Byte ranges of private text, markers included, in order, disjoint
    /// and not touching.
    pub spans: Vec<Range<usize>>,
    /// Some reading left a marker open, so everything after it is private.
    pub unclosed: bool,
    /// The readings disagree about what is private; the union was taken.
    pub ambiguous: bool,
}

/// Which way a marker points, from what stands beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Points {
    /// A word follows, after a space or an opening bracket (`(%%secret`).
    Open,
    /// A word goes before, then a space or punctuation (`secret%%.`).
    Close,
    /// Anything else (`a %% b`, `(%% `, `x%%y`).
    Either,
}

/// A maximal run of two or more `%`.
#[derive(Debug, Clone, Copy)]
struct Run {
    start: usize,
    end: usize,
    points: Points,
}

/// What stands beside a marker, for telling which way it points.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Side {
    /// Whitespace, or the start or end of the text.
    Space,
    /// `(`, `[`, `«` and the like: text may start after them.
    Opening,
    /// `)`, `.`, `,`, `:` and the like: text may end before them.
    Closing,
    /// Letters, digits and anything else.
    Word,
}

fn side(c: Option<char>) -> Side {
    match c {
        None => Side::Space,
        Some(c) if c.is_whitespace() => Side::Space,
        Some('(' | '[' | '{' | '«' | '“' | '‘' | '„' | '¿' | '¡' | '<') => Side::Opening,
        Some(')' | ']' | '}' | '»' | '”' | '’' | '.' | ',' | ';' | ':' | '!' | '?' | '>') => {
            Side::Closing
        }
        Some(_) => Side::Word,
    }
}

fn runs(text: &str) -> Vec<Run> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] != b'%' {
            i += 1;
            continue;
        }
        let start = i;
        while i < bytes.len() && bytes[i] == b'%' {
            i += 1;
        }
        if i - start >= 2 {
            let before = side(text[..start].chars().next_back());
            let after = side(text[i..].chars().next());
            // Only a word on the inner side decides: `view:%% text` may
            // open a nested span as well as close one.
            let opens = matches!(before, Side::Space | Side::Opening) && after == Side::Word;
            let closes = before == Side::Word && matches!(after, Side::Space | Side::Closing);
            let points = match (opens, closes) {
                (true, false) => Points::Open,
                (false, true) => Points::Close,
                _ => Points::Either,
            };
            out.push(Run {
                start,
                end: i,
                points,
            });
        }
    }
    out
}

/// Private spans from which gaps between runs are private: `gap[i]` is
/// the text after run `i`, up to the next run or `end`. Runs themselves
/// are always private (each opens or closes a span).
fn spans_from_gaps(end: usize, runs: &[Run], gap: &[bool]) -> Vec<Range<usize>> {
    let mut spans: Vec<Range<usize>> = Vec::new();
    for (i, run) in runs.iter().enumerate() {
        let end = if gap[i] {
            runs.get(i + 1).map_or(end, |r| r.start)
        } else {
            run.end
        };
        match spans.last_mut() {
            Some(last) if run.start <= last.end => last.end = last.end.max(end),
            _ => spans.push(run.start..end),
        }
    }
    spans
}

/// Pairs in order: each marker flips between public and private.
fn toggle(end: usize, runs: &[Run]) -> (Vec<Range<usize>>, bool) {
    let gap: Vec<bool> = (0..runs.len()).map(|i| i % 2 == 0).collect();
    (spans_from_gaps(end, runs, &gap), runs.len() % 2 == 1)
}

/// Depths a reading can be at: every other number from `lo` to `hi`
/// (each marker moves the depth by one, so all share one parity).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Depths {
    lo: usize,
    hi: usize,
}

/// Where a marker can take each depth: outside any span every marker
/// opens; inside, one that opens goes deeper, one that closes comes out.
fn forward(d: Depths, points: Points) -> Depths {
    match points {
        Points::Open => Depths {
            lo: d.lo + 1,
            hi: d.hi + 1,
        },
        Points::Close if d.lo == 0 => Depths {
            lo: 1,
            hi: d.hi.saturating_sub(1).max(1),
        },
        Points::Close => Depths {
            lo: d.lo - 1,
            hi: d.hi - 1,
        },
        Points::Either => Depths {
            lo: if d.lo == 0 { 1 } else { d.lo - 1 },
            hi: d.hi + 1,
        },
    }
}

/// The depths from which a marker can reach one of `after`.
fn backward(after: Depths, points: Points) -> Option<Depths> {
    let Depths { lo, hi } = after;
    // From depth 0 every marker opens, to depth 1 (the only odd depth
    // that can be lowest).
    let zero_reaches = lo == 1;
    match points {
        Points::Open if hi == 0 => None,
        Points::Open => Some(Depths {
            lo: if lo == 0 { 1 } else { lo - 1 },
            hi: hi - 1,
        }),
        Points::Close | Points::Either if zero_reaches => Some(Depths { lo: 0, hi: hi + 1 }),
        Points::Close => Some(Depths {
            lo: lo + 1,
            hi: hi + 1,
        }),
        Points::Either => Some(Depths {
            lo: if lo == 0 { 1 } else { lo - 1 },
            hi: hi + 1,
        }),
    }
}

/// Nesting, every way the markers that point either way can be read,
/// keeping the readings that leave the fewest spans open at the end (none,
/// when the text can be read that way): a gap is private when one of them
/// is inside a span there. When what follows `end` could close any number
/// (`free_end`), every reading is kept. Returns whether the kept readings
/// close every span.
fn nest(end: usize, runs: &[Run], free_end: bool) -> (Vec<Range<usize>>, bool) {
    let mut reach = Vec::with_capacity(runs.len() + 1);
    reach.push(Depths { lo: 0, hi: 0 });
    for (m, run) in runs.iter().enumerate() {
        reach.push(forward(reach[m], run.points));
    }
    let least = reach[runs.len()].lo;
    let mut finish = vec![None; runs.len() + 1];
    finish[runs.len()] = Some(if free_end {
        reach[runs.len()]
    } else {
        Depths {
            lo: least,
            hi: least,
        }
    });
    for m in (0..runs.len()).rev() {
        finish[m] = finish[m + 1].and_then(|after| backward(after, runs[m].points));
    }
    let gap: Vec<bool> = (0..runs.len())
        .map(|m| {
            let here = reach[m + 1];
            finish[m + 1].is_some_and(|f| {
                let (lo, hi) = (here.lo.max(f.lo), here.hi.min(f.hi));
                lo <= hi && hi > 0
            })
        })
        .collect();
    (spans_from_gaps(end, runs, &gap), least == 0)
}

/// Sorts ranges and joins those that overlap or touch.
fn merge(mut spans: Vec<Range<usize>>) -> Vec<Range<usize>> {
    spans.sort_by_key(|s| (s.start, s.end));
    let mut out: Vec<Range<usize>> = Vec::with_capacity(spans.len());
    for s in spans {
        match out.last_mut() {
            Some(last) if s.start <= last.end => last.end = last.end.max(s.end),
            _ => out.push(s),
        }
    }
    out
}

/// The private text of `text` under the rule in this module's summary.
pub fn private_spans(text: &str) -> Private {
    let runs = runs(text);
    if runs.is_empty() {
        return Private::default();
    }
    // From a run of four or more `%` on, any reading is possible.
    let long = runs.iter().position(|r| r.end - r.start >= 4);
    let (head, end) = match long {
        Some(i) => (&runs[..i], runs[i].start),
        None => (&runs[..], text.len()),
    };
    let (plain, open) = toggle(text.len(), &runs);
    let (pairs, _) = toggle(end, head);
    let (nested, balanced) = nest(end, head, long.is_some());
    let mut all = [pairs, nested].concat();
    if long.is_some() {
        all.push(end..text.len());
    }
    let spans = merge(all);
    Private {
        ambiguous: spans != plain,
        unclosed: open || !balanced,
        spans,
    }
}

/// `text` without its private spans, and what the rule found.
pub fn public_text(text: &str) -> (String, Private) {
    let private = private_spans(text);
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for span in &private.spans {
        out.push_str(&text[at..span.start]);
        at = span.end;
    }
    out.push_str(&text[at..]);
    (out, private)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn public(text: &str) -> String {
        public_text(text).0
    }

    #[test]
    fn pairs_are_removed_and_an_open_marker_hides_the_rest() {
        assert_eq!(public("a %%secret%% b"), "a  b");
        assert_eq!(public("a %%one%% b %%two\nlines%% c"), "a  b  c");
        let (out, p) = public_text("shared %%never closed\nmore");
        assert_eq!(out, "shared ");
        assert!(p.unclosed);
        assert_eq!(public("%%all%%"), "");
        assert_eq!(
            public("50% of staff, 20 % of budget"),
            "50% of staff, 20 % of budget"
        );
    }

    #[test]
    fn the_layouts_that_leaked_are_private() {
        for text in [
            "Note:%% the director hates risk%% Public.",
            "(%% the director hates risk %%)",
            "My view:%%\nthe director hates risk\n%%",
            "a:%%%the director hates risk%%%",
            "50%%%the director hates risk%%",
        ] {
            let out = public(text);
            assert!(!out.contains("director"), "{text:?} left {out:?}");
        }
    }

    #[test]
    fn nesting_and_pairs_in_order_both_count_and_the_difference_is_told() {
        let (out, p) = public_text("a %%outer %%inner%% outer%% b");
        assert_eq!(out, "a  b");
        assert!(p.ambiguous && !p.unclosed);
        let (out, p) = public_text("x %%one%% y %%two%% z");
        assert_eq!(out, "x  y  z");
        assert!(!p.ambiguous);
    }

    #[test]
    fn a_run_of_four_or_more_hides_the_rest() {
        // `%%%%` may be an empty span, one marker, or one closing and one
        // opening: some reading makes everything after it private.
        let (out, p) = public_text("a %%x%% b %%%% c %%d%% e");
        assert_eq!(out, "a  b ");
        assert!(p.ambiguous && p.unclosed);
    }
}
