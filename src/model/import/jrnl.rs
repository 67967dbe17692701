//! jrnl's plain-text journal and its `--export json`, by jrnl's own rules:
//! entries start at a `[date] ` line, the first line is the title, `@` and
//! `#` words are tags, a `*` after the title stars the entry.

use time::format_description::{OwnedFormatItem, well_known::Rfc3339};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

use super::{Note, Unread, minute_stamp, one_line, push_tags};

/// The jrnl date formats tried, after any the person names; jrnl's
/// default (`%F %r`, 2026-11-02 09:30:00 AM) and its older default
/// (`%Y-%m-%d %H:%M`) among them.
const JRNL_FORMS: &[&str] = &[
    "%Y-%m-%d %H:%M",
    "%F %r",
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %I:%M %p",
    "%Y-%m-%d",
];

/// Reads jrnl's strftime-style time format (`%F %r`, `%d.%m.%Y %H:%M`)
/// as a format `time` can parse with.
pub fn strftime(format: &str) -> Result<OwnedFormatItem, String> {
    let mut out = String::new();
    let mut chars = format.chars();
    while let Some(c) = chars.next() {
        // Version 2 of `time`'s format descriptions escapes with `\`.
        if matches!(c, '[' | ']' | '\\') {
            out.push('\\');
            out.push(c);
            continue;
        }
        if c != '%' {
            out.push(c);
            continue;
        }
        let spec = chars
            .next()
            .ok_or_else(|| format!("\"{format}\" ends with a lone %"))?;
        out.push_str(match spec {
            'Y' => "[year]",
            'y' => "[year repr:last_two]",
            'm' => "[month]",
            'd' => "[day]",
            'e' => "[day padding:space]",
            'j' => "[ordinal]",
            'H' => "[hour]",
            'I' => "[hour repr:12]",
            'M' => "[minute]",
            'S' => "[second]",
            'p' => "[period case_sensitive:false]",
            'b' | 'h' => "[month repr:short case_sensitive:false]",
            'B' => "[month repr:long case_sensitive:false]",
            'a' => "[weekday repr:short case_sensitive:false]",
            'A' => "[weekday case_sensitive:false]",
            'F' => "[year]-[month]-[day]",
            'T' => "[hour]:[minute]:[second]",
            'R' => "[hour]:[minute]",
            'r' => "[hour repr:12]:[minute]:[second] [period case_sensitive:false]",
            '%' => "%",
            other => {
                return Err(format!(
                    "%{other} in \"{format}\" is not a part of a date cairn reads \
                     (it reads %Y %y %m %d %e %j %H %I %M %S %p %b %B %a %A %F %T %R %r)"
                ));
            }
        });
    }
    time::format_description::parse_owned::<2>(&out)
        .map_err(|e| format!("\"{format}\" is not a date format cairn reads ({e})"))
}

/// The moment a jrnl entry's bracketed date names: in `forms` (formats
/// from [`strftime`]) first, then the usual ones; a time without an
/// offset is taken in `offset`.
fn jrnl_date(blob: &str, forms: &[OwnedFormatItem], offset: UtcOffset) -> Option<OffsetDateTime> {
    let blob = blob.trim();
    if let Ok(at) = OffsetDateTime::parse(blob, &Rfc3339) {
        return Some(at);
    }
    let usual = JRNL_FORMS.iter().filter_map(|f| strftime(f).ok());
    for form in forms.iter().cloned().chain(usual) {
        if let Ok(at) = PrimitiveDateTime::parse(blob, &form) {
            return Some(at.assume_offset(offset));
        }
        if let Ok(day) = Date::parse(blob, &form) {
            return Some(day.midnight().assume_offset(offset));
        }
    }
    None
}

/// Whether a bracketed word at a line's start was meant as a date (digits
/// and a date's separators) rather than text such as `[see below]`.
fn looks_like_date(blob: &str) -> bool {
    let blob = blob.trim();
    blob.starts_with(|c: char| c.is_ascii_digit())
        && blob.contains(['-', '/', '.'])
        && blob.chars().filter(char::is_ascii_digit).count() >= 4
}

/// `[date] rest` at the start of a line: the date and the rest.
fn header(line: &str) -> Option<(&str, &str)> {
    let inner = line.strip_prefix('[')?;
    let close = inner.find(']')?;
    let (blob, after) = (&inner[..close], &inner[close + 1..]);
    if blob.contains('[') {
        return None;
    }
    match after.strip_prefix(' ') {
        Some(rest) => Some((blob, rest)),
        None if after.trim().is_empty() => Some((blob, "")),
        None => None,
    }
}

/// jrnl's tags in `text`: a word starting with `@` or `#`, then letters,
/// digits and `- + * # / _` (so `@budget.` is `budget`); at least one
/// letter or digit, so a Markdown heading's `##` is not one.
pub fn jrnl_tags(text: &str) -> Vec<String> {
    let mut tags = Vec::new();
    push_jrnl_tags(text, &mut tags);
    tags
}

/// Adds jrnl's tags in `text` to `tags`, each once.
fn push_jrnl_tags(text: &str, tags: &mut Vec<String>) {
    push_tags(text, &['@', '#'], "-+*#/_", char::is_alphanumeric, tags);
}

/// Whether a line holds nothing but tags (as the `@lesson @budget` line a
/// cairn export or a jrnl habit ends an entry with).
fn only_tags(line: &str) -> bool {
    let words: Vec<&str> = line.split_whitespace().collect();
    !words.is_empty()
        && words
            .iter()
            .all(|w| w.len() > 1 && w.starts_with(['@', '#']) && !jrnl_tags(w).is_empty())
}

/// jrnl's reading of an entry's text: the first line is the title and the
/// rest the body; a `*` ending the first line stars the entry.
fn jrnl_entry(
    line: usize,
    first: &str,
    rest: &[&str],
    created: OffsetDateTime,
    forms: &[OwnedFormatItem],
) -> Note {
    let mut first = first.trim_end().to_string();
    let starred = first.ends_with('*');
    if starred {
        first = first.trim_end_matches([' ', '*']).to_string();
    }
    let mut text = first;
    for l in rest {
        text.push('\n');
        text.push_str(l);
    }
    // In a file the first line is the title (jrnl writes it so, and
    // reads it so), or the first line with text when that one is empty.
    let text = text.trim_start();
    let (title, body) = match text.find('\n') {
        Some(nl) => (text[..nl].trim().to_string(), text[nl..].trim().to_string()),
        None => (text.trim().to_string(), String::new()),
    };
    let tags = jrnl_tags(&format!("{title}\n{body}"));
    let body = unescape_headers(&drop_tag_line(&body), forms);
    let identity = format!("jrnl\u{0}{}\u{0}{title}\u{0}{body}", minute_stamp(created));
    Note {
        line,
        title,
        body,
        tags,
        created: Some(created),
        starred,
        kind: None,
        identity,
    }
}

/// A body line that would read as a new entry is written with one space
/// before it (cairn's export does so, as jrnl's own text would split
/// there); that space is taken off again.
fn unescape_headers(body: &str, forms: &[OwnedFormatItem]) -> String {
    if !body.contains("\n [") && !body.starts_with(" [") {
        return body.to_string();
    }
    body.split('\n')
        .map(|line| match line.strip_prefix(' ') {
            Some(rest)
                if header(rest)
                    .is_some_and(|(blob, _)| jrnl_date(blob, forms, UtcOffset::UTC).is_some()) =>
            {
                rest
            }
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The body without a last line made only of tags: the tags are kept as
/// the entry's tags.
fn drop_tag_line(body: &str) -> String {
    match body.rsplit_once('\n') {
        Some((before, last)) if only_tags(last) => before.trim_end().to_string(),
        None if only_tags(body) => String::new(),
        _ => body.to_string(),
    }
}

/// An entry being read: its line, its first line and its date (None when
/// the date could not be read, so its lines are left out).
type Open<'a> = Option<(usize, &'a str, Option<OffsetDateTime>)>;

fn finish_jrnl(
    current: Open,
    lines: &mut Vec<&str>,
    notes: &mut Vec<Note>,
    forms: &[OwnedFormatItem],
) {
    if let Some((line, first, Some(at))) = current {
        notes.push(jrnl_entry(line, first, lines, at, forms));
    }
    lines.clear();
}

/// Reads jrnl's plain-text journal: entries start at a line `[date] Title`;
/// `forms` are the person's own date formats (jrnl's `timeformat`), tried
/// first. Text before the first entry, and entries whose date cannot be
/// read, are reported, not guessed at.
pub fn read_jrnl(
    text: &str,
    forms: &[OwnedFormatItem],
    offset: UtcOffset,
) -> (Vec<Note>, Vec<Unread>) {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut notes = Vec::new();
    let mut unread = Vec::new();
    let mut current: Open = None;
    let mut lines: Vec<&str> = Vec::new();
    let mut preamble: Option<usize> = None;
    for (i, raw) in text.lines().enumerate() {
        let line = raw.strip_suffix('\r').unwrap_or(raw);
        if let Some((blob, rest)) = header(line) {
            if let Some(at) = jrnl_date(blob, forms, offset) {
                finish_jrnl(current.take(), &mut lines, &mut notes, forms);
                current = Some((i + 1, rest, Some(at)));
                continue;
            }
            if looks_like_date(blob) {
                finish_jrnl(current.take(), &mut lines, &mut notes, forms);
                unread.push(Unread {
                    line: i + 1,
                    why: format!(
                        "\"[{blob}]\" looks like an entry's date but is not one cairn reads \
                         (such as 2026-11-02 09:30 or 2026-11-02 09:30:00 AM; --time-format \
                         names jrnl's own); this entry was left out"
                    ),
                });
                current = Some((i + 1, rest, None));
                continue;
            }
        }
        if current.is_some() {
            lines.push(line);
        } else if !line.trim().is_empty() && preamble.is_none() {
            preamble = Some(i + 1);
        }
    }
    finish_jrnl(current.take(), &mut lines, &mut notes, forms);
    if let Some(line) = preamble {
        unread.insert(
            0,
            Unread {
                line,
                why: "text before the first dated entry (jrnl ignores it too); put a line such \
                      as [2026-11-02 09:30] above it to import it"
                    .into(),
            },
        );
    }
    (notes, unread)
}

/// Reads jrnl's `--export json`: `{"entries": [{"title", "body", "date",
/// "time", "tags", "starred"}]}`. A file that is not such JSON is an
/// error; an entry that cannot be read is reported by its number.
pub fn read_jrnl_json(text: &str, offset: UtcOffset) -> Result<(Vec<Note>, Vec<Unread>), String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let doc: serde_json::Value = serde_json::from_str(text).map_err(|e| {
        format!(
            "line {}, column {}: not JSON ({e}); jrnl writes it with jrnl --export json",
            e.line(),
            e.column()
        )
    })?;
    let entries = doc
        .get("entries")
        .and_then(|e| e.as_array())
        .ok_or("no \"entries\" list: this is not jrnl's JSON export (jrnl --export json)")?;
    let mut notes = Vec::new();
    let mut unread = Vec::new();
    for (n, e) in entries.iter().enumerate() {
        match json_entry(e, offset) {
            Ok(mut note) => {
                note.line = n + 1;
                notes.push(note);
            }
            Err(why) => unread.push(Unread {
                line: n + 1,
                why: format!("entry {}: {why}", n + 1),
            }),
        }
    }
    Ok((notes, unread))
}

fn json_entry(e: &serde_json::Value, offset: UtcOffset) -> Result<Note, String> {
    let text = |key: &str| e.get(key).and_then(|v| v.as_str()).unwrap_or("").trim();
    let title = one_line(text("title"));
    let body = text("body").to_string();
    if title.is_empty() && body.is_empty() {
        return Err("it has neither a title nor a body".into());
    }
    let day =
        Date::parse(text("date"), format_description!("[year]-[month]-[day]")).map_err(|_| {
            format!(
                "its date \"{}\" is not a day such as 2026-11-02",
                text("date")
            )
        })?;
    let time = match text("time") {
        "" => time::Time::MIDNIGHT,
        t => time::Time::parse(t, format_description!("[hour]:[minute]"))
            .or_else(|_| time::Time::parse(t, format_description!("[hour]:[minute]:[second]")))
            .map_err(|_| format!("its time \"{t}\" is not a time such as 09:30"))?,
    };
    let created = PrimitiveDateTime::new(day, time).assume_offset(offset);
    let listed: Vec<&str> = e
        .get("tags")
        .and_then(|t| t.as_array())
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str())
        .collect();
    let mut tags = Vec::new();
    for text in listed
        .iter()
        .copied()
        .chain([title.as_str(), body.as_str()])
    {
        push_jrnl_tags(text, &mut tags);
    }
    let (title, body) = if title.is_empty() {
        let (t, b, _) = crate::model::split_capture(&body);
        (t, b)
    } else {
        (title, body)
    };
    let body = unescape_headers(&drop_tag_line(&body), &[]);
    let identity = match e.get("uuid").and_then(|u| u.as_str()) {
        Some(uuid) => format!("jrnl-uuid\u{0}{uuid}"),
        None => format!("jrnl\u{0}{}\u{0}{title}\u{0}{body}", minute_stamp(created)),
    };
    Ok(Note {
        line: 0,
        title,
        body,
        tags,
        created: Some(created),
        starred: e.get("starred").and_then(|s| s.as_bool()).unwrap_or(false),
        kind: None,
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
    fn jrnl_entries_split_at_dated_lines() {
        let text = "kept before\n\n[2020-01-05 09:30] First day. More here @Work\nsecond line\n\n\
                    [2020-01-06 10:00:00 PM] Starred one *\n\n[2020-13-45 10:00] Bad date\nlost\n\
                    [see below] is text\n[2020-01-07] Day only.\n";
        let (notes, unread) = read_jrnl(text, &[], utc());
        assert_eq!(notes.len(), 3, "{notes:#?}");
        assert_eq!(notes[0].title, "First day. More here @Work");
        assert_eq!(notes[0].body, "second line");
        assert_eq!(notes[0].tags, ["work"]);
        assert_eq!(notes[0].line, 3);
        assert_eq!(notes[1].title, "Starred one");
        assert!(notes[1].starred);
        assert_eq!(notes[1].created.unwrap().hour(), 22);
        assert_eq!(notes[2].title, "Day only.");
        assert_eq!(unread.len(), 2);
        assert_eq!(unread[0].line, 1);
        assert_eq!(unread[1].line, 8);
        assert!(unread[1].why.contains("2020-13-45"));
    }

    #[test]
    fn the_first_line_is_the_title_whatever_its_sentences() {
        let (notes, _) = read_jrnl(
            "[2020-01-05 09:30] Title here. Then more.
",
            &[],
            utc(),
        );
        assert_eq!(notes[0].title, "Title here. Then more.");
        assert_eq!(notes[0].body, "");
        let (notes, _) = read_jrnl(
            "[2020-01-05 09:30]
On the next line
body",
            &[],
            utc(),
        );
        assert_eq!(
            (notes[0].title.as_str(), notes[0].body.as_str()),
            ("On the next line", "body")
        );
    }

    #[test]
    fn a_body_line_escaped_as_not_an_entry_comes_back_as_written() {
        let (notes, _) = read_jrnl(
            "[2020-01-05 09:30] T\n [2020-01-01 09:00] not an entry\n [see] stays\n",
            &[],
            utc(),
        );
        assert_eq!(notes.len(), 1);
        assert_eq!(
            notes[0].body,
            "[2020-01-01 09:00] not an entry\n [see] stays"
        );
    }

    #[test]
    fn a_last_line_of_tags_becomes_tags() {
        let (notes, _) = read_jrnl(
            "[2020-01-05 09:30] Title.\nBody text.\n@lesson @budget-cuts\n",
            &[],
            utc(),
        );
        assert_eq!(notes[0].body, "Body text.");
        assert_eq!(notes[0].tags, ["lesson", "budget-cuts"]);
    }

    #[test]
    fn the_persons_own_time_format_is_read() {
        let form = strftime("%d.%m.%Y %H:%M").unwrap();
        let (notes, unread) = read_jrnl("[05.01.2020 09:30] Hallo.", &[form], utc());
        assert!(unread.is_empty(), "{unread:?}");
        assert_eq!(notes[0].created.unwrap().date().to_string(), "2020-01-05");
        assert!(strftime("%Q").unwrap_err().contains("%Q"));
    }

    #[test]
    fn jrnl_json_is_read_and_bad_entries_are_named() {
        let text = r#"{"tags": {"@a": 1}, "entries": [
            {"title": "One.", "body": "Text @a", "date": "2020-01-05", "time": "09:30", "tags": ["@a"], "starred": true},
            {"title": "Two.", "body": "", "date": "05/01/2020", "time": "09:30", "tags": [], "starred": false}
        ]}"#;
        let (notes, unread) = read_jrnl_json(text, utc()).unwrap();
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starred);
        assert_eq!(notes[0].tags, ["a"]);
        assert_eq!(unread[0].line, 2);
        let err = read_jrnl_json("{\"entries\": [", utc()).unwrap_err();
        assert!(err.starts_with("line 1"), "{err}");
    }
}
