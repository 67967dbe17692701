//! Notes people already have, read into cairn's terms: jrnl's plain-text
//! journal and its JSON export, and Markdown notes with YAML or TOML front
//! matter (Obsidian, zk, nb, Logseq pages). Pure: the caller reads the
//! files and decides what to keep; each reader returns the notes it found
//! and, for what it could not read, the line and why.

//!
//! `jrnl` reads jrnl's text and JSON export, `markdown` a Markdown note.

mod jrnl;
mod markdown;

pub use jrnl::{jrnl_tags, read_jrnl, read_jrnl_json, strftime};
pub use markdown::{inline_tags, read_markdown};

use time::OffsetDateTime;

use super::Kind;

/// A note found in another tool's files, before it is an entry.
#[derive(Debug, Clone, PartialEq)]
pub struct Note {
    /// The line (1-based) where it starts in its file.
    pub line: usize,
    pub title: String,
    pub body: String,
    /// Lower-case, without `@` or `#`, each once, in the order found.
    pub tags: Vec<String>,
    /// When it was written, when the note says.
    pub created: Option<OffsetDateTime>,
    /// Marked as important (jrnl's `*`).
    pub starred: bool,
    /// A kind the note names for itself (cairn's own front matter).
    pub kind: Option<Kind>,
    /// What makes this note itself, for telling a second import of it
    /// apart: its time, title and text, or a note file's id.
    pub identity: String,
}

/// Something that could not be read, and why, in words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Unread {
    pub line: usize,
    pub why: String,
}

/// Adds to `tags` the words of `text` that start with one of `marks`:
/// what follows, while letters, digits or one of `also`, lower-cased,
/// when it holds a character `needs` accepts, each once.
fn push_tags(
    text: &str,
    marks: &[char],
    also: &str,
    needs: fn(char) -> bool,
    tags: &mut Vec<String>,
) {
    for word in text.split_whitespace() {
        let Some(rest) = word.strip_prefix(marks) else {
            continue;
        };
        let tag: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || also.contains(*c))
            .collect::<String>()
            .to_lowercase();
        // jrnl takes `@#budget` whole; cairn keeps tags without marks.
        let tag = tag.trim_start_matches(['#', '@']).to_string();
        if tag.chars().any(needs) && !tags.contains(&tag) {
            tags.push(tag);
        }
    }
}

/// A moment to the minute, as jrnl keeps it: `2026-11-02 09:30`.
pub fn minute_stamp(at: OffsetDateTime) -> String {
    format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
}

/// Text on one line: line breaks and runs of spaces become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::{PrimitiveDateTime, UtcOffset};

    fn utc() -> UtcOffset {
        UtcOffset::UTC
    }

    #[test]
    fn fuzzing_finds_stay_fixed() {
        // Brackets and backslashes in a person's time format are literal.
        let form = strftime("[%Y-%m-%d %H:%M] \\").unwrap();
        let at = PrimitiveDateTime::parse("[2026-01-05 09:30] \\", &form).unwrap();
        assert_eq!(at.hour(), 9);
        for odd in ["%d.%m9)3\\[B[2026]", "]]]", "\\", "[%"] {
            let _ = strftime(odd);
        }
        // A YAML title over several lines is one line; tags one word each.
        let at = OffsetDateTime::UNIX_EPOCH;
        let text = "---\ntitle: >\n  two\n  lines\ntags: [\"a\tb\", \"#c d\", a]\n---\nx";
        let n = read_markdown(text, "s", "s.md", at, utc()).unwrap();
        assert_eq!(n.title, "two lines");
        assert_eq!(n.tags, ["a", "c"]);
        // jrnl's @#tag loses its marks; a tag listed twice is kept once.
        assert_eq!(jrnl_tags("@#pilot #pilot"), ["pilot"]);
        let json = r#"{"entries": [{"title": "T\nU", "body": "", "date": "2026-01-05", "time": "09:30", "tags": ["@a", "@a"]}]}"#;
        let (notes, _) = read_jrnl_json(json, utc()).unwrap();
        assert_eq!(
            (notes[0].title.as_str(), notes[0].tags.clone()),
            ("T U", vec!["a".to_string()])
        );
    }

    use proptest::prelude::*;

    proptest! {
        /// Whatever the text, reading it never panics, every note starts on
        /// a line of the text, and titles are one line.
        #[test]
        fn any_text_reads_without_panic(
            lines in prop::collection::vec(
                prop_oneof![
                    Just("[2026-01-05 09:30] Title. More @tag".to_string()),
                    Just("[2026-01-05 09:30:00 PM] Star *".to_string()),
                    Just("[2026-02-30 10:00] bad".to_string()),
                    Just("---".to_string()),
                    Just("+++".to_string()),
                    Just("title: x".to_string()),
                    Just("tags:: a, [[b]]".to_string()),
                    Just("```".to_string()),
                    "[ -~\\[\\]#@*%:é]{0,30}",
                ],
                0..12,
            )
        ) {
            let text = lines.join("\n");
            let count = text.lines().count().max(1);
            let (notes, unread) = read_jrnl(&text, &[], utc());
            for n in &notes {
                prop_assert!(n.line >= 1 && n.line <= count, "{n:?}");
                prop_assert!(!n.title.contains('\n'));
            }
            for u in &unread {
                prop_assert!(u.line >= 1 && u.line <= count, "{u:?}");
            }
            let at = OffsetDateTime::UNIX_EPOCH;
            match read_markdown(&text, "stem", "x.md", at, utc()) {
                Ok(n) => prop_assert!(n.line >= 1 && n.line <= count + 1, "{n:?}"),
                Err(u) => prop_assert!(u.line >= 1 && u.line <= count + 1, "{u:?}"),
            }
            let _ = read_jrnl_json(&text, utc());
        }
    }
}
