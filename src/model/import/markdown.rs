//! A Markdown note as Obsidian, zk, nb and Logseq keep them: YAML or TOML
//! front matter (or Logseq's `key:: value` lines), a first heading, inline
//! `#tags`, dates in the front matter or the file's name.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use super::{Note, Unread, one_line, push_tags};
use crate::model::Kind;

/// What a note's front matter says, in the few fields cairn takes from it.
#[derive(Debug, Default)]
struct Front {
    title: Option<String>,
    tags: Vec<String>,
    date: Option<String>,
    kind: Option<Kind>,
    id: Option<String>,
}

/// The field names other tools use for when a note was written.
const DATE_KEYS: &[&str] = &[
    "date",
    "created",
    "created_at",
    "created-at",
    "createdat",
    "creation_date",
    "creation-date",
    "date_created",
    "date-created",
];

/// A field's value as text, for the few kinds of value front matter holds.
#[derive(Debug)]
enum Value {
    Text(String),
    List(Vec<String>),
}

impl Front {
    fn take(&mut self, key: &str, value: Value) {
        let key = key.trim().to_lowercase();
        let one = |v: &Value| match v {
            Value::Text(t) => t.trim().to_string(),
            Value::List(l) => l.first().cloned().unwrap_or_default(),
        };
        match key.as_str() {
            "title" => self.title = Some(one_line(&one(&value))).filter(|t| !t.is_empty()),
            "tags" | "tag" | "keywords" => {
                let words = match value {
                    Value::Text(t) => t
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .map(str::to_string)
                        .collect::<Vec<_>>(),
                    Value::List(l) => l,
                };
                for w in words {
                    // A tag is one word: what a list item holds after its
                    // first space or comma is not part of it.
                    let w = w
                        .trim()
                        .trim_start_matches(['#', '@'])
                        .split(|c: char| c == ',' || c.is_whitespace())
                        .next()
                        .unwrap_or("")
                        .to_lowercase();
                    if !w.is_empty() && !self.tags.contains(&w) {
                        self.tags.push(w);
                    }
                }
            }
            "kind" | "type" => self.kind = Kind::parse(&one(&value)),
            "id" => self.id = Some(one(&value)).filter(|t| !t.is_empty()),
            k if (DATE_KEYS.contains(&k) || k == "date created" || k == "creation date")
                && self.date.is_none() =>
            {
                self.date = Some(one(&value)).filter(|t| !t.is_empty());
            }
            _ => {}
        }
    }
}

fn yaml_value(y: &yaml_rust2::Yaml) -> Option<Value> {
    use yaml_rust2::Yaml;
    let scalar = |y: &Yaml| match y {
        Yaml::String(s) | Yaml::Real(s) => Some(s.clone()),
        Yaml::Integer(i) => Some(i.to_string()),
        Yaml::Boolean(b) => Some(b.to_string()),
        _ => None,
    };
    match y {
        Yaml::Array(items) => Some(Value::List(items.iter().filter_map(scalar).collect())),
        other => scalar(other).map(Value::Text),
    }
}

fn toml_value(v: &toml::Value) -> Option<Value> {
    let scalar = |v: &toml::Value| match v {
        toml::Value::String(s) => Some(s.clone()),
        toml::Value::Datetime(d) => Some(d.to_string()),
        toml::Value::Integer(i) => Some(i.to_string()),
        toml::Value::Boolean(b) => Some(b.to_string()),
        _ => None,
    };
    match v {
        toml::Value::Array(items) => Some(Value::List(items.iter().filter_map(scalar).collect())),
        other => scalar(other).map(Value::Text),
    }
}

/// Splits front matter off a note: YAML between `---` lines, TOML between
/// `+++` lines, or Logseq's `key:: value` lines at the top. Returns what
/// it says, the body, and the line the body starts on.
fn front_matter(text: &str) -> Result<(Front, &str, usize), Unread> {
    let mut front = Front::default();
    let first = text.lines().next().unwrap_or("").trim_end();
    if first == "---" || first == "+++" {
        let fence = first;
        let start = text.find('\n').map_or(text.len(), |i| i + 1);
        let mut at = start;
        let mut line_no = 1;
        let mut end = None;
        for line in text[start..].split_inclusive('\n') {
            line_no += 1;
            let t = line.trim_end();
            if t == fence || (fence == "---" && t == "...") {
                end = Some((at, at + line.len()));
                break;
            }
            at += line.len();
        }
        let Some((close, after)) = end else {
            return Err(Unread {
                line: 1,
                why: format!("its front matter opened with {fence} is never closed"),
            });
        };
        let inner = &text[start..close];
        if fence == "---" {
            let docs = yaml_rust2::YamlLoader::load_from_str(inner).map_err(|e| Unread {
                line: e.marker().line() + 1,
                why: format!("its YAML front matter cannot be read ({})", e.info()),
            })?;
            if let Some(map) = docs.first().and_then(|d| d.as_hash()) {
                for (k, v) in map {
                    if let (Some(k), Some(v)) = (k.as_str(), yaml_value(v)) {
                        front.take(k, v);
                    }
                }
            }
        } else {
            let table: toml::Table = inner.parse().map_err(|e: toml::de::Error| Unread {
                line: e
                    .span()
                    .map_or(1, |s| inner[..s.start].matches('\n').count() + 2),
                why: format!("its TOML front matter cannot be read ({})", e.message()),
            })?;
            for (k, v) in &table {
                if let Some(v) = toml_value(v) {
                    front.take(k, v);
                }
            }
        }
        return Ok((front, &text[after..], line_no + 1));
    }
    // Logseq: `title:: Budget`, `tags:: a, b` lines before the text.
    let mut at = 0;
    let mut line_no = 1;
    for line in text.split_inclusive('\n') {
        let t = line.trim();
        let Some((key, value)) = t.split_once(":: ") else {
            break;
        };
        if key.is_empty() || !key.chars().all(|c| c.is_alphanumeric() || "-_".contains(c)) {
            break;
        }
        front.take(key, Value::Text(value.replace(['[', ']'], "")));
        at += line.len();
        line_no += 1;
    }
    Ok((front, &text[at..], line_no))
}

/// A date as a note's front matter gives it: a day, a day and time, or a
/// date and time with an offset; in `offset` when it has none.
fn front_date(text: &str, offset: UtcOffset) -> Option<OffsetDateTime> {
    let t = text.trim();
    if let Ok(at) = OffsetDateTime::parse(t, &Rfc3339) {
        return Some(at);
    }
    // TOML writes an offset datetime with a space at times; try with a T.
    if let Ok(at) = OffsetDateTime::parse(&t.replacen(' ', "T", 1), &Rfc3339) {
        return Some(at);
    }
    for form in [
        format_description!("[year]-[month]-[day] [hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]"),
        format_description!("[year]-[month]-[day] [hour]:[minute]"),
        format_description!("[year]-[month]-[day]T[hour]:[minute]"),
    ] {
        if let Ok(at) = PrimitiveDateTime::parse(t, form) {
            return Some(at.assume_offset(offset));
        }
    }
    // Fractional seconds ("2024-01-05T10:20:30.123").
    if let Some((whole, _)) = t.split_once('.')
        && whole.len() >= 16
        && let Some(at) = front_date(whole, offset)
    {
        return Some(at);
    }
    let day = format_description!("[year]-[month]-[day]");
    Date::parse(t, day)
        .or_else(|_| Date::parse(&t.replace(['_', '/', '.'], "-"), day))
        .ok()
        .map(|d| d.midnight().assume_offset(offset))
}

/// `#tags` written in a note's text, outside code: `#` at a word's start,
/// then letters, digits, `-`, `_` or `/`, not only digits (so `#1` and a
/// heading's `#` are not tags).
pub fn inline_tags(body: &str) -> Vec<String> {
    let mut tags: Vec<String> = Vec::new();
    let mut fenced = false;
    for line in body.lines() {
        let t = line.trim_start();
        if t.starts_with("```") || t.starts_with("~~~") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        // Drop inline code spans.
        let plain: String = line
            .split('`')
            .enumerate()
            .filter(|(i, _)| i % 2 == 0)
            .map(|(_, s)| s)
            .collect::<Vec<_>>()
            .join(" ");
        push_tags(&plain, &['#'], "-_/", char::is_alphabetic, &mut tags);
    }
    tags
}

/// Reads one Markdown note. The title is the front matter's, else the
/// first line when it is a heading (then taken out of the text), else
/// `stem` (the file's name); the date is the front matter's, else a date
/// in the file's name (Logseq's journals/2024_01_05.md), else `file_time`.
/// `identity` names the note for telling a second import apart.
pub fn read_markdown(
    text: &str,
    stem: &str,
    identity: &str,
    file_time: OffsetDateTime,
    offset: UtcOffset,
) -> Result<Note, Unread> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let text = text.replace("\r\n", "\n");
    let (front, rest, body_line) = front_matter(&text)?;
    let mut body = rest.trim_matches('\n').to_string();
    let title = match front.title.clone() {
        Some(t) => t,
        None => match body.lines().next().map(str::trim) {
            Some(first)
                if first.starts_with('#') && first.trim_start_matches('#').starts_with(' ') =>
            {
                let title = first.trim_start_matches('#').trim().to_string();
                body = body[body.find('\n').unwrap_or(body.len())..]
                    .trim_start_matches('\n')
                    .to_string();
                title
            }
            _ => stem.trim().to_string(),
        },
    };
    if title.trim().is_empty() && body.trim().is_empty() {
        return Err(Unread {
            line: 1,
            why: "it is empty".into(),
        });
    }
    let created = match &front.date {
        Some(d) => Some(front_date(d, offset).ok_or_else(|| Unread {
            line: 1,
            why: format!(
                "its date \"{d}\" is not a date cairn reads (such as 2026-11-02 or \
                 2026-11-02T09:30:00+01:00)"
            ),
        })?),
        None => Some(front_date(stem, offset).unwrap_or(file_time)),
    };
    let mut tags = front.tags.clone();
    for tag in inline_tags(&body) {
        if !tags.contains(&tag) {
            tags.push(tag);
        }
    }
    let identity = match &front.id {
        Some(id) => format!("markdown-id\u{0}{id}"),
        None => format!("markdown\u{0}{identity}"),
    };
    Ok(Note {
        line: body_line,
        title,
        body,
        tags,
        created,
        starred: false,
        kind: front.kind,
        identity,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn utc() -> UtcOffset {
        UtcOffset::UTC
    }

    #[test]
    fn markdown_front_matter_of_every_kind_is_read() {
        let at = OffsetDateTime::UNIX_EPOCH;
        let yaml = "---\ntitle: Budget\ntags: [a, '#B']\ndate: 2024-01-05\n---\nText #inline and `#code`\n";
        let n = read_markdown(yaml, "stem", "a.md", at, utc()).unwrap();
        assert_eq!(n.title, "Budget");
        assert_eq!(n.tags, ["a", "b", "inline"]);
        assert_eq!(n.created.unwrap().date().to_string(), "2024-01-05");
        assert_eq!(n.body, "Text #inline and `#code`");
        let toml = "+++\ntitle = \"T\"\ntags = [\"x\"]\ncreated = 2024-02-03T10:00:00Z\n+++\nBody";
        let n = read_markdown(toml, "stem", "b.md", at, utc()).unwrap();
        assert_eq!(
            (n.title.as_str(), n.tags.clone()),
            ("T", vec!["x".to_string()])
        );
        assert_eq!(n.created.unwrap().hour(), 10);
        let heading = "# Heading title\n\nSee [[Other note|alias]]. #1 is not a tag";
        let n = read_markdown(heading, "stem", "c.md", at, utc()).unwrap();
        assert_eq!(n.title, "Heading title");
        assert_eq!(n.body, "See [[Other note|alias]]. #1 is not a tag");
        assert!(n.tags.is_empty());
        assert_eq!(n.created, Some(at));
        let logseq = "tags:: pilot, [[Budget]]\n\n- a block\n";
        let n = read_markdown(logseq, "2024_01_05", "d.md", at, utc()).unwrap();
        assert_eq!(n.title, "2024_01_05");
        assert_eq!(n.tags, ["pilot", "budget"]);
        assert_eq!(n.created.unwrap().date().to_string(), "2024-01-05");
    }

    #[test]
    fn bad_front_matter_names_its_line() {
        let at = OffsetDateTime::UNIX_EPOCH;
        let e = read_markdown("---\ntitle: [unclosed\n---\n", "s", "s.md", at, utc()).unwrap_err();
        assert!(e.why.contains("YAML"), "{e:?}");
        let e = read_markdown("+++\ntitle = \n+++\n", "s", "s.md", at, utc()).unwrap_err();
        assert_eq!(e.line, 2, "{e:?}");
        let e = read_markdown("---\ntitle: x\n", "s", "s.md", at, utc()).unwrap_err();
        assert!(e.why.contains("never closed"));
        let e = read_markdown("---\ndate: someday\n---\nx", "s", "s.md", at, utc()).unwrap_err();
        assert!(e.why.contains("someday"));
    }
}
