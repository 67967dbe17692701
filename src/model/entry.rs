//! Journal entries: Markdown with TOML front matter between `+++` fences,
//! and the `%%private%%` spans that never leave the machine.

use serde::{Deserialize, Deserializer, Serialize, Serializer};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

vocabulary!(
    /// What an entry records.
    Kind { Challenge => "challenge", Validation => "validation", Lesson => "lesson" }
);
vocabulary!(
    /// Whether a challenge is still open.
    EntryStatus { Open => "open", Resolved => "resolved" }
);

/// The front matter of an entry, in the order it is written.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct FrontMatter {
    pub id: String,
    pub kind: Kind,
    pub title: String,
    #[serde(serialize_with = "write_time", deserialize_with = "read_time")]
    pub created: OffsetDateTime,
    #[serde(serialize_with = "write_time", deserialize_with = "read_time")]
    pub updated: OffsetDateTime,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<EntryStatus>,
    #[serde(default)]
    pub shareable: bool,
    #[serde(default)]
    pub tags: Vec<String>,
    /// Ids of the networks the entry concerns.
    #[serde(default)]
    pub networks: Vec<String>,
    /// Ids of related entries: the lesson that answered a challenge, say.
    #[serde(default)]
    pub related: Vec<String>,
    /// Ids of peer lessons kept as precedent for this entry.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub evidence: Vec<String>,
    /// When to come back to it (a question asked, a reply awaited);
    /// `cairn journal due` lists those due.
    #[serde(
        default,
        skip_serializing_if = "Option::is_none",
        serialize_with = "write_opt_time",
        deserialize_with = "read_opt_time"
    )]
    pub follow_up: Option<OffsetDateTime>,
    /// For an entry about running a network: the stage it is at.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub stage: Option<super::Maturity>,
    /// For an entry about running a network: the effort behind it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub effort: Option<super::Effort>,
    /// When (and in which network) the question this challenge raises was
    /// asked: "2026-12-05 ukgovcamp", by `cairn ask`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub asked: Vec<String>,
    /// Where an imported entry came from (`jrnl`, `markdown`) and a
    /// fingerprint of the note, so importing the same notes again adds
    /// nothing.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub imported: Option<String>,
    /// Fields this version of cairn does not know, kept as they were.
    #[serde(flatten)]
    pub extra: toml::Table,
}

fn write_time<S: Serializer>(t: &OffsetDateTime, s: S) -> Result<S::Ok, S::Error> {
    let text = t.format(&Rfc3339).map_err(serde::ser::Error::custom)?;
    s.serialize_str(&text)
}

fn write_opt_time<S: Serializer>(t: &Option<OffsetDateTime>, s: S) -> Result<S::Ok, S::Error> {
    match t {
        Some(t) => write_time(t, s),
        None => s.serialize_none(),
    }
}

/// As [`read_time`], and a bare day (`follow_up = 2026-12-20`) is its
/// first moment, UTC: a person writing a follow-up by hand writes a day.
fn read_opt_time<'de, D: Deserializer<'de>>(d: D) -> Result<Option<OffsetDateTime>, D::Error> {
    let value = toml::Value::deserialize(d)?;
    let text = match &value {
        toml::Value::String(s) => s.trim().to_string(),
        toml::Value::Datetime(dt) => dt.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a date, found {}",
                other.type_str()
            )));
        }
    };
    let day = time::macros::format_description!("[year]-[month]-[day]");
    if let Ok(date) = time::Date::parse(&text, day) {
        return Ok(Some(date.midnight().assume_utc()));
    }
    OffsetDateTime::parse(&text, &Rfc3339)
        .map(Some)
        .map_err(|e| {
            serde::de::Error::custom(format!(
                "\"{text}\" is not a day (2026-12-20) or a date and time with an offset ({e})"
            ))
        })
}

/// Accepts a quoted RFC 3339 string or a bare TOML date-time, as a person
/// editing the file by hand may write either.
fn read_time<'de, D: Deserializer<'de>>(d: D) -> Result<OffsetDateTime, D::Error> {
    let text = match toml::Value::deserialize(d)? {
        toml::Value::String(s) => s,
        toml::Value::Datetime(dt) => dt.to_string(),
        other => {
            return Err(serde::de::Error::custom(format!(
                "expected a date and time, found {}",
                other.type_str()
            )));
        }
    };
    OffsetDateTime::parse(text.trim(), &Rfc3339).map_err(|e| {
        serde::de::Error::custom(format!(
            "\"{text}\" is not a date and time with an offset such as 2026-11-27T09:30:00+01:00 ({e})"
        ))
    })
}

/// One journal entry: its front matter and its Markdown body.
#[derive(Debug, Clone, PartialEq)]
pub struct Entry {
    pub meta: FrontMatter,
    pub body: String,
}

/// Why a file is not a readable entry, with the line where it went wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("line {line}: {message}")]
pub struct EntryError {
    pub line: usize,
    pub message: String,
}

fn error(line: usize, message: impl Into<String>) -> EntryError {
    EntryError {
        line,
        message: message.into(),
    }
}

/// The longest id an entry may have.
pub const MAX_ID: usize = 64;

/// Whether `id` may be an entry's id: 1 to [`MAX_ID`] ASCII letters,
/// digits, `-` and `_`. Ids come from files a person (or a crafted file)
/// wrote, and end up in file names: nothing else may pass.
pub fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= MAX_ID
        && id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

impl Entry {
    /// Reads an entry file's text.
    pub fn parse(text: &str) -> Result<Entry, EntryError> {
        let text = text.strip_prefix('\u{feff}').unwrap_or(text);
        let fences = super::front::fences(text)?;
        let front = &text[fences.front];
        let meta: FrontMatter = toml::from_str(front).map_err(|e| {
            let at = e.span().map_or(0, |s| {
                front[..s.start.min(front.len())].matches('\n').count()
            });
            error(2 + at, e.message().trim().to_string())
        })?;
        if meta.id.trim().is_empty() {
            return Err(error(2, "id is empty"));
        }
        if !valid_id(&meta.id) {
            return Err(error(
                super::front::key_line(front, "id"),
                format!(
                    "id \"{}\" is not an entry id: ids are 1 to {MAX_ID} letters, digits, - and _",
                    meta.id.escape_debug()
                ),
            ));
        }
        if meta.title.trim().is_empty() {
            return Err(error(2, "title is empty"));
        }
        Ok(Entry {
            meta,
            body: text[fences.body..].to_string(),
        })
    }

    /// Writes the entry as file text; [`Entry::parse`] reads it back unchanged.
    pub fn render(&self) -> String {
        let front = super::front::render(&self.meta);
        format!("+++\n{front}+++\n\n{}", self.body)
    }

    /// Writes the entry over the text of the file it was read from,
    /// keeping that file's comments, key order and layout; changed values
    /// are replaced where they stand. [`Entry::parse`] reads it back as
    /// this entry (else this is [`Entry::render`]).
    pub fn render_over(&self, original: &str) -> String {
        let bom = if original.starts_with('\u{feff}') {
            "\u{feff}"
        } else {
            ""
        };
        let text = &original[bom.len()..];
        let kept = super::front::fences(text).ok().and_then(|f| {
            let front = super::front::render_over(&self.meta, &text[f.front.clone()])?;
            Some(format!(
                "{bom}{}{front}{}{}",
                &text[..f.front.start],
                &text[f.front.end..f.body],
                self.body
            ))
        });
        match kept {
            Some(out) if Entry::parse(&out).as_ref() == Ok(self) => out,
            _ => self.render(),
        }
    }

    /// The body with private spans removed, and what was found private.
    pub fn public_body(&self) -> (String, super::Private) {
        super::public_text(&self.body)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sample(body: &str) -> Entry {
        let t = OffsetDateTime::parse("2026-11-27T09:30:00+01:00", &Rfc3339).unwrap();
        Entry {
            meta: FrontMatter {
                id: "k7d2m9qx".into(),
                kind: Kind::Challenge,
                title: "Approval for a pilot".into(),
                created: t,
                updated: t,
                status: Some(EntryStatus::Open),
                shareable: false,
                tags: vec!["approval".into()],
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

    #[test]
    fn a_written_entry_reads_back_and_keeps_unknown_fields() {
        let mut e = sample("What is in the way?\n+++\nnot a fence for us\n");
        e.meta
            .extra
            .insert("mood".into(), toml::Value::String("hopeful".into()));
        let text = e.render();
        assert!(
            text.starts_with("+++\nid = \"k7d2m9qx\"\nkind = \"challenge\""),
            "{text}"
        );
        assert_eq!(Entry::parse(&text).unwrap(), e);
    }

    #[test]
    fn hand_written_files_with_crlf_and_bare_dates_parse() {
        let text = "+++\r\nid = \"a1\"\r\nkind = \"lesson\"\r\ntitle = \"T\"\r\ncreated = 2026-11-27T09:30:00+01:00\r\nupdated = \"2026-11-27T09:30:00Z\"\r\n+++\r\n\r\nBody\r\n";
        let e = Entry::parse(text).unwrap();
        assert_eq!(e.meta.kind, Kind::Lesson);
        assert_eq!(e.body, "Body\r\n");
    }

    #[test]
    fn broken_files_say_which_line() {
        assert_eq!(Entry::parse("hello").unwrap_err().line, 1);
        let err = Entry::parse("+++\nid = \"a\"\nkind = \"lesson\"\ntitle = \"T\"\ncreated = \"yesterday\"\nupdated = \"2026-11-27T09:30:00Z\"\n+++\n").unwrap_err();
        assert_eq!(err.line, 5, "{err}");
        assert!(err.message.contains("yesterday"), "{err}");
        let err = Entry::parse("+++\nid = \"a\"\n").unwrap_err();
        assert!(err.message.contains("never closed"), "{err}");
    }

    #[test]
    fn a_title_or_tag_holding_a_fence_line_reads_back() {
        let mut e = sample("body\n");
        e.meta.title = "a\n+++\nb".into();
        e.meta.tags = vec!["+++".into(), "x\n+++\n".into()];
        e.meta
            .extra
            .insert("note".into(), toml::Value::String("\n+++\n".into()));
        let text = e.render();
        assert_eq!(text.lines().filter(|l| *l == "+++").count(), 2, "{text}");
        assert_eq!(Entry::parse(&text).unwrap(), e);
    }

    #[test]
    fn a_hand_written_multi_line_string_may_hold_a_fence_line() {
        let text = "+++\nid = \"a1\"\nkind = \"lesson\"\ntitle = \"\"\"one\n+++\ntwo\"\"\"\ncreated = 2026-11-27T09:30:00Z\nupdated = 2026-11-27T09:30:00Z\n+++\n\nBody\n";
        let e = Entry::parse(text).unwrap();
        assert_eq!(e.meta.title, "one\n+++\ntwo");
        assert_eq!(e.body, "Body\n");
    }

    #[test]
    fn ids_that_are_not_letters_digits_dashes_and_underscores_are_refused_at_their_line() {
        for bad in ["../../x", "a/b", "a.b", "a b", "é"] {
            let text = format!(
                "+++\nkind = \"lesson\"\ntitle = \"T\"\nid = \"{bad}\"\ncreated = 2026-11-27T09:30:00Z\nupdated = 2026-11-27T09:30:00Z\n+++\n"
            );
            let err = Entry::parse(&text).unwrap_err();
            assert_eq!(err.line, 4, "{bad}: {err}");
            assert!(err.message.contains("letters, digits"), "{err}");
        }
        assert!(valid_id("k7d2m9qx_A-1"));
        assert!(!valid_id(&"a".repeat(MAX_ID + 1)));
    }

    const HAND: &str = "+++\n# Written by hand.\ntitle = \"Approval\" # the short name\nkind = \"challenge\"\nid = \"a1\"\n\n# dates\ncreated = 2026-11-27T09:30:00Z\nupdated = 2026-11-27T09:30:00Z\nstatus = \"open\" # still\ntags = [\"x\"]\nmood = \"\"\"hopeful\n+++\nstill\"\"\"\n+++\n\nBody\n";

    #[test]
    fn a_change_written_over_a_hand_written_file_keeps_its_comments_and_order() {
        let mut e = Entry::parse(HAND).unwrap();
        e.meta.status = Some(EntryStatus::Resolved);
        e.meta.related.push("b2".into());
        e.meta.updated = OffsetDateTime::parse("2026-12-01T10:00:00Z", &Rfc3339).unwrap();
        let text = e.render_over(HAND);
        assert_eq!(Entry::parse(&text).unwrap(), e);
        assert_eq!(
            text,
            HAND.replace("\"open\" # still", "\"resolved\" # still")
                .replace(
                    "updated = 2026-11-27T09:30:00Z",
                    "updated = 2026-12-01T10:00:00Z"
                )
                .replace("still\"\"\"\n", "still\"\"\"\nrelated = [\"b2\"]\n")
        );
        let same = Entry::parse(HAND).unwrap();
        assert_eq!(same.render_over(HAND), HAND);
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]

        #[test]
        fn entries_round_trip_through_their_file_text(
            title in "[^\\u{0}-\\u{1f}]{1,40}",
            body in any::<String>(),
            tags in proptest::collection::vec("[a-z][a-z0-9-]{0,10}", 0..4),
            crlf in any::<bool>(),
        ) {
            prop_assume!(!title.trim().is_empty());
            let body = if crlf { body.replace('\n', "\r\n") } else { body };
            let mut e = sample(&body);
            e.meta.title = title;
            e.meta.tags = tags;
            let text = e.render();
            prop_assert_eq!(Entry::parse(&text).unwrap(), e);
        }

        #[test]
        fn every_string_value_round_trips(
            title in any::<String>(),
            tags in proptest::collection::vec(any::<String>(), 0..4),
            networks in proptest::collection::vec(any::<String>(), 0..3),
            related in proptest::collection::vec(any::<String>(), 0..3),
            evidence in proptest::collection::vec(any::<String>(), 0..3),
            extra in proptest::collection::btree_map(any::<String>(), any::<String>(), 0..4),
            nested in proptest::collection::btree_map(any::<String>(), any::<String>(), 0..3),
            body in any::<String>(),
        ) {
            prop_assume!(!title.trim().is_empty());
            let mut e = sample(&body);
            e.meta.title = title;
            e.meta.tags = tags;
            e.meta.networks = networks;
            e.meta.related = related;
            e.meta.evidence = evidence;
            let known = ["id", "kind", "title", "created", "updated", "status", "shareable",
                "tags", "networks", "related", "evidence", "nested"];
            for (k, v) in extra {
                if !known.contains(&k.as_str()) {
                    e.meta.extra.insert(k, toml::Value::String(v));
                }
            }
            if !nested.is_empty() {
                let table = nested.into_iter().map(|(k, v)| (k, toml::Value::String(v))).collect();
                e.meta.extra.insert("nested".into(), toml::Value::Table(table));
            }
            let text = e.render();
            prop_assert_eq!(Entry::parse(&text).unwrap(), e.clone());
            // Written over a hand-written file, it reads back the same too.
            let mut changed = e.clone();
            changed.meta.title.push_str("\n+++\n");
            changed.meta.tags.push("\"\\".into());
            changed.meta.related.clear();
            changed.meta.extra.insert("mood".into(), toml::Value::String("''' \"\"\"\n+++".into()));
            prop_assert_eq!(Entry::parse(&changed.render_over(HAND)).unwrap(), changed.clone());
            prop_assert_eq!(Entry::parse(&changed.render_over(&text)).unwrap(), changed);
        }
    }
}
