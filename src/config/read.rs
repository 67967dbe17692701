//! Reading a settings file one value at a time, so a mistake in one
//! setting costs only that setting: every other one still counts, and the
//! mistake is reported with its file, line, key and what was expected.

use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue, ValueDeserializer};

/// One value as written in the file, with where it was written.
pub(super) type Raw<'i> = Spanned<DeValue<'i>>;

/// Reads one settings text and collects what is wrong with it.
pub(super) struct Reader<'a> {
    text: &'a str,
    /// How messages refer to the file: its path, or "default config.toml".
    pub name: &'a str,
    /// (line, message), sorted by line when taken.
    problems: Vec<(usize, String)>,
}

impl<'a> Reader<'a> {
    pub fn new(text: &'a str, name: &'a str) -> Self {
        Reader {
            text,
            name,
            problems: Vec::new(),
        }
    }

    /// The line a byte offset is on, counting from 1.
    pub fn line(&self, span: &Range<usize>) -> usize {
        super::line_of(self.text, span.start)
    }

    /// Notes a problem at `span`: "FILE line N: MESSAGE".
    pub fn problem(&mut self, span: &Range<usize>, message: impl std::fmt::Display) {
        let line = self.line(span);
        self.problems
            .push((line, format!("{} line {line}: {message}", self.name)));
    }

    /// The problems found, in the order of the file.
    pub fn into_problems(mut self) -> Vec<String> {
        self.problems.sort_by_key(|(line, _)| *line);
        self.problems.into_iter().map(|(_, p)| p).collect()
    }

    /// `value` as a `T`; otherwise a problem naming `key`, what was
    /// `expected` and what happens `instead`.
    pub fn typed<T: DeserializeOwned>(
        &mut self,
        value: &Raw<'_>,
        key: &str,
        expected: &str,
        instead: &str,
    ) -> Option<T> {
        match T::deserialize(ValueDeserializer::from(value.clone())) {
            Ok(v) => Some(v),
            Err(_) => {
                let hint = quoted_hint(value.get_ref(), key, expected);
                self.problem(
                    &value.span(),
                    format_args!(
                        "{key} should be {expected}, not {}{hint}; {instead}",
                        describe(value.get_ref())
                    ),
                );
                None
            }
        }
    }

    /// `value` as a table, or a problem saying what `section` should be.
    pub fn table<'v, 'i>(
        &mut self,
        value: &'v Raw<'i>,
        section: &str,
        expected: &str,
    ) -> Option<&'v DeTable<'i>> {
        let table = value.get_ref().as_table();
        if table.is_none() {
            self.problem(
                &value.span(),
                format_args!(
                    "{section} should be {expected}, not {}; it was ignored",
                    describe(value.get_ref())
                ),
            );
        }
        table
    }
}

/// What a value is, for messages: `a string ("60")`, `a number (-1)`.
fn describe(value: &DeValue<'_>) -> String {
    match value {
        DeValue::String(s) => format!("the text \"{s}\""),
        DeValue::Integer(i) => format!("the number {i}"),
        DeValue::Float(f) => format!("the number {f}"),
        DeValue::Boolean(b) => format!("{b}"),
        DeValue::Datetime(d) => format!("the date {d}"),
        DeValue::Array(_) => "a list".to_string(),
        DeValue::Table(_) => "a table".to_string(),
    }
}

/// A number written in quotes is the commonest slip: say how to write it.
fn quoted_hint(value: &DeValue<'_>, key: &str, expected: &str) -> String {
    match value {
        DeValue::String(s) if expected.contains("number") && s.trim().parse::<u64>().is_ok() => {
            // `key` may say where it is ("timeout_secs in [sync]").
            let bare = key.split(" in ").next().unwrap_or(key);
            format!(" (write it without quotes: {bare} = {})", s.trim())
        }
        _ => String::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn first_value(text: &str) -> Raw<'_> {
        let doc = DeTable::parse(text).unwrap().into_inner();
        doc.into_iter().next().unwrap().1
    }

    #[test]
    fn a_wrong_type_says_where_what_and_how_to_fix_it() {
        let text = "\n\ntimeout_secs = \"60\"\n";
        let mut r = Reader::new(text, "config.toml");
        let v = first_value(text);
        let got: Option<u64> = r.typed(&v, "timeout_secs", "a whole number", "120 is used");
        assert_eq!(got, None);
        let problems = r.into_problems();
        assert_eq!(
            problems,
            [
                "config.toml line 3: timeout_secs should be a whole number, not the text \"60\" \
                 (write it without quotes: timeout_secs = 60); 120 is used"
            ]
        );
    }

    #[test]
    fn a_right_type_is_taken_silently() {
        let text = "max = 0x10";
        let mut r = Reader::new(text, "c");
        let got: Option<u64> = r.typed(&first_value(text), "max", "a number", "");
        assert_eq!(got, Some(16));
        assert!(r.into_problems().is_empty());
    }

    #[test]
    fn problems_come_in_file_order() {
        let mut r = Reader::new("a\nb\nc\n", "f");
        r.problem(&(4..5), "third");
        r.problem(&(0..1), "first");
        assert_eq!(r.into_problems(), ["f line 1: first", "f line 3: third"]);
    }
}
