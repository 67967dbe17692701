//! Notes people already have, read into cairn's terms: jrnl's plain-text
//! journal and its JSON export, and Markdown notes with YAML or TOML front
//! matter (Obsidian, zk, nb, Logseq pages). Pure: the caller reads the
//! files and decides what to keep; each reader returns the notes it found
//! and, for what it could not read, the line and why.

use time::format_description::{OwnedFormatItem, well_known::Rfc3339};
use time::macros::format_description;
use time::{Date, OffsetDateTime, PrimitiveDateTime, UtcOffset};

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
    push_tags(
        text,
        &['@', '#'],
        "-+*#/_",
        char::is_alphanumeric,
        &mut tags,
    );
    tags
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

/// A moment to the minute, as jrnl keeps it: `2026-11-02 09:30`.
pub fn minute_stamp(at: OffsetDateTime) -> String {
    format!("{} {:02}:{:02}", at.date(), at.hour(), at.minute())
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
        push_tags(
            text,
            &['@', '#'],
            "-+*#/_",
            char::is_alphanumeric,
            &mut tags,
        );
    }
    let (title, body) = if title.is_empty() {
        let (t, b, _) = super::split_capture(&body);
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

/// Text on one line: line breaks and runs of spaces become one space.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

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
