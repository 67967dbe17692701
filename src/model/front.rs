//! The text of an entry's front matter: where it ends, how cairn writes it
//! so that every value reads back, and how a change is written over a
//! hand-written front matter keeping its comments and key order.

use std::ops::Range;

use toml_edit::{DocumentMut, Item, Value};

use super::entry::{EntryError, FrontMatter};

/// Where the parts of an entry file are.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(super) struct Fences {
    /// The TOML text between the fences.
    pub front: Range<usize>,
    /// Where the body starts: after the closing fence line and one blank line.
    pub body: usize,
}

/// The line number (in the file, counting the opening fence as 1) where
/// `key` is set in `front`, or 2 when it cannot be told.
pub(super) fn key_line(front: &str, key: &str) -> usize {
    front
        .lines()
        .position(|line| {
            let rest = line.trim_start();
            let rest = rest
                .strip_prefix(key)
                .or_else(|| rest.strip_prefix(&format!("\"{key}\"")));
            rest.is_some_and(|r| r.trim_start().starts_with('='))
        })
        .map_or(2, |i| i + 2)
}

/// Where a multi-line string that spans a line break started.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Open {
    Nothing,
    MultiBasic,
    MultiLiteral,
}

/// Finds the fences of an entry file's text (without a byte order mark).
/// The closing fence is the first line of `+++` outside a TOML multi-line
/// string, so a value may hold a line of `+++`.
pub(super) fn fences(text: &str) -> Result<Fences, EntryError> {
    let mut lines = text.split_inclusive('\n');
    let first = lines.next().unwrap_or_default();
    if first.trim_end() != "+++" {
        return Err(EntryError {
            line: 1,
            message: "an entry starts with a line of +++, then its front matter, then +++ again"
                .into(),
        });
    }
    let start = first.len();
    let mut offset = start;
    let mut open = Open::Nothing;
    for line in lines {
        if open == Open::Nothing && line.trim_end() == "+++" {
            let rest = &text[offset + line.len()..];
            let blank = if rest.starts_with("\r\n") {
                2
            } else {
                usize::from(rest.starts_with('\n'))
            };
            return Ok(Fences {
                front: start..offset,
                body: offset + line.len() + blank,
            });
        }
        open = scan_line(line, open);
        offset += line.len();
    }
    Err(EntryError {
        line: 1,
        message: "the front matter is never closed: add a line of +++ after it".into(),
    })
}

/// Follows TOML strings and comments through one line; returns the
/// multi-line string still open at its end, if any.
fn scan_line(line: &str, mut open: Open) -> Open {
    let b = line.as_bytes();
    let mut i = 0;
    while i < b.len() {
        match open {
            Open::MultiBasic => match b[i] {
                b'\\' => i += 2,
                b'"' if b[i..].starts_with(b"\"\"\"") => {
                    i += 3;
                    // Up to two more quotes belong to the string.
                    while i < b.len() && b[i] == b'"' {
                        i += 1;
                    }
                    open = Open::Nothing;
                }
                _ => i += 1,
            },
            Open::MultiLiteral => {
                if b[i..].starts_with(b"'''") {
                    i += 3;
                    while i < b.len() && b[i] == b'\'' {
                        i += 1;
                    }
                    open = Open::Nothing;
                } else {
                    i += 1;
                }
            }
            Open::Nothing => match b[i] {
                b'#' => return open,
                b'"' if b[i..].starts_with(b"\"\"\"") => {
                    open = Open::MultiBasic;
                    i += 3;
                }
                b'\'' if b[i..].starts_with(b"'''") => {
                    open = Open::MultiLiteral;
                    i += 3;
                }
                b'"' => {
                    i += 1;
                    while i < b.len() && b[i] != b'"' {
                        i += if b[i] == b'\\' { 2 } else { 1 };
                    }
                    i += 1;
                }
                b'\'' => {
                    i += 1;
                    while i < b.len() && b[i] != b'\'' {
                        i += 1;
                    }
                    i += 1;
                }
                _ => i += 1,
            },
        }
    }
    open
}

/// A TOML basic string on one line: every line break and control
/// character escaped, so no line of the front matter can be a fence.
fn one_line(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `value` with every string in it (arrays and tables included) written
/// on one line, keeping its place and comments.
fn flatten_strings(value: &mut Value) {
    match value {
        Value::String(s) => {
            let decor = s.decor().clone();
            let mut flat: Value = one_line(s.value())
                .parse()
                .expect("an escaped string is valid TOML");
            *flat.decor_mut() = decor;
            *value = flat;
        }
        Value::Array(array) => array.iter_mut().for_each(flatten_strings),
        Value::InlineTable(table) => table.iter_mut().for_each(|(_, v)| flatten_strings(v)),
        _ => {}
    }
}

fn flatten_item(item: &mut Item) {
    match item {
        Item::Value(value) => flatten_strings(value),
        Item::Table(table) => table.iter_mut().for_each(|(_, i)| flatten_item(i)),
        Item::ArrayOfTables(tables) => tables
            .iter_mut()
            .for_each(|t| t.iter_mut().for_each(|(_, i)| flatten_item(i))),
        Item::None => {}
    }
}

/// The front matter as cairn writes it: TOML in the order of
/// [`FrontMatter`], every string on one line.
pub(super) fn render(meta: &FrontMatter) -> String {
    let text = toml::to_string(meta).expect("front matter serialises");
    let mut doc: DocumentMut = text.parse().expect("toml writes valid TOML");
    for (_, item) in doc.as_table_mut().iter_mut() {
        flatten_item(item);
    }
    doc.to_string()
}

/// Whether two values mean the same, a bare date-time and a quoted one
/// for the same moment included.
fn same(old: &toml::Value, new: &toml::Value) -> bool {
    if old == new {
        return true;
    }
    let time = |v: &toml::Value| {
        let text = match v {
            toml::Value::String(s) => s.clone(),
            toml::Value::Datetime(d) => d.to_string(),
            _ => return None,
        };
        time::OffsetDateTime::parse(text.trim(), &time::format_description::well_known::Rfc3339)
            .ok()
    };
    time(old).is_some() && time(old) == time(new)
}

/// A value that is the same as leaving the key out.
fn is_default(v: &toml::Value) -> bool {
    match v {
        toml::Value::Array(a) => a.is_empty(),
        toml::Value::Boolean(b) => !b,
        _ => false,
    }
}

/// `old_front` (hand-written TOML) changed to hold `meta`: changed values
/// are replaced where they stand, keeping the comments around them; keys
/// cairn dropped are removed and new ones added at the end. None when
/// `old_front` is not readable TOML.
pub(super) fn render_over(meta: &FrontMatter, old_front: &str) -> Option<String> {
    let mut doc: DocumentMut = old_front.parse().ok()?;
    let old: toml::Table = toml::from_str(old_front).ok()?;
    let new: toml::Table = toml::Table::try_from(meta).ok()?;
    let written: DocumentMut = render(meta).parse().ok()?;
    for (key, item) in written.iter() {
        let wanted = new.get(key)?;
        match old.get(key) {
            Some(was) if same(was, wanted) => {}
            Some(was) => {
                let slot = doc.get_mut(key)?;
                let mut item = item.clone();
                if let (Item::Value(old_value), Item::Value(new_value)) = (&*slot, &mut item) {
                    // A bare date-time stays bare.
                    if matches!(was, toml::Value::Datetime(_))
                        && let Some(text) = new_value.as_str()
                        && let Ok(dt) = text.parse::<toml_edit::Datetime>()
                    {
                        *new_value = Value::from(dt);
                    }
                    *new_value.decor_mut() = old_value.decor().clone();
                }
                *slot = item;
            }
            None if is_default(wanted) => {}
            None => {
                doc.insert(key, item.clone());
            }
        }
    }
    let gone: Vec<String> = old
        .iter()
        .filter(|(k, v)| !new.contains_key(*k) && !is_default(v))
        .map(|(k, _)| k.clone())
        .collect();
    for key in gone {
        doc.remove(&key);
    }
    Some(doc.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fence_inside_a_multi_line_string_is_text() {
        let text = "+++\ntitle = \"\"\"a\n+++\nb\"\"\" # x\nnote = '''\n+++\n'''\n+++\n\nbody\n";
        let f = fences(text).unwrap();
        assert_eq!(&text[f.body..], "body\n");
        assert!(text[f.front.clone()].ends_with("'''\n"));
    }

    #[test]
    fn quotes_and_comments_do_not_open_strings() {
        let text = "+++\na = \"\\\"\\\"\\\"\" # \"\"\"\nb = 'x' # '''\n+++\nbody";
        assert_eq!(&text[fences(text).unwrap().body..], "body");
    }

    #[test]
    fn strings_are_written_on_one_line() {
        assert_eq!(
            one_line("a\n+++\r\tb\"\\\u{7f}"),
            "\"a\\n+++\\r\\tb\\\"\\\\\\u007F\""
        );
    }
}
