//! Turns untrusted JSON values into [`Network`]s, reporting every problem
//! with where it is and why. A bad field is dropped and a bad record is
//! skipped; everything else still loads.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::clean::{Removed, clean_json, clean_text, safe};
use super::network::{Formality, Maturity, Membership, Network, RunBy, Scope, Status};
use super::problem::{Problem, Severity, Validated};
use super::{regions, vocab};

/// Whether `s` is a lowercase slug: `a-z`, `0-9`, single dashes between.
pub fn is_slug(s: &str) -> bool {
    !s.is_empty()
        && s.split('-').all(|part| {
            !part.is_empty()
                && part
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        })
}

/// Validates a sequence of records (from JSON or CSV rows), skipping
/// duplicates of an id already seen.
pub fn validate_records<'a>(records: impl Iterator<Item = &'a Value>, out: &mut Validated) {
    let mut seen = HashSet::new();
    for (i, record) in records.enumerate() {
        accept(i + 1, record.clone(), &mut seen, out);
    }
}

/// Validates one record and adds it to `out` unless it is invalid or its
/// id was `seen` already.
pub(super) fn accept(
    position: usize,
    record: Value,
    seen: &mut HashSet<String>,
    out: &mut Validated,
) {
    let (network, problems) = validate_owned(position, record);
    out.problems.extend(problems);
    let Some(network) = network else {
        out.skipped += 1;
        return;
    };
    if !seen.insert(network.id.clone()) {
        out.problems.push(Problem {
            severity: Severity::Error,
            record: Some(position),
            id: Some(network.id.clone()),
            field: Some("id".into()),
            message: "duplicate id: an earlier record already uses it; this one is skipped".into(),
        });
        out.skipped += 1;
        return;
    }
    out.networks.push(network);
}

/// Collects the problems of one record.
struct Checker {
    record: usize,
    id: Option<String>,
    problems: Vec<Problem>,
}

impl Checker {
    fn report(&mut self, severity: Severity, field: &str, message: String) {
        self.problems.push(Problem {
            severity,
            record: Some(self.record),
            id: self.id.clone(),
            field: Some(field.to_string()),
            message,
        });
    }

    fn error(&mut self, field: &str, message: impl Into<String>) {
        self.report(Severity::Error, field, message.into());
    }

    fn warn(&mut self, field: &str, message: impl Into<String>) {
        self.report(Severity::Warning, field, message.into());
    }

    /// Reports what cleaning took out of `field`, if anything: an error
    /// when a terminal would have acted on it, a warning when it was only
    /// invisible characters (which a copy and paste can bring in).
    fn removed(&mut self, field: &str, removed: Removed) {
        if removed.harmful() {
            self.error(
                field,
                format!(
                    "removed {removed}: they could take over the terminal (set its title, \
                     write the clipboard, hide a link, clear the screen, reorder text); \
                     the cleaned text is used"
                ),
            );
        } else if removed.any() {
            self.warn(
                field,
                format!(
                    "removed {removed}: they make different text look the same; \
                     the cleaned text is used"
                ),
            );
        }
    }

    /// Outside text cleaned for the terminal, with what was removed reported.
    fn clean(&mut self, field: &str, text: &str) -> String {
        let (text, removed) = clean_text(text);
        self.removed(field, removed);
        text
    }

    /// A present, non-null field; `null` and `""` count as absent. Text
    /// is cleaned for the terminal here, so every field passes through.
    fn take(&mut self, map: &mut Map<String, Value>, field: &str) -> Option<Value> {
        match map.remove(field)? {
            Value::Null => None,
            Value::String(s) => {
                let s = self.clean(field, &s);
                (!s.trim().is_empty()).then_some(Value::String(s))
            }
            Value::Array(items) => {
                let mut removed = Removed::default();
                let items = items
                    .into_iter()
                    .map(|item| clean_json(item, &mut removed))
                    .collect();
                self.removed(field, removed);
                Some(Value::Array(items))
            }
            v => Some(v),
        }
    }

    fn string(&mut self, map: &mut Map<String, Value>, field: &str) -> Option<String> {
        match self.take(map, field)? {
            Value::String(s) => Some(s.trim().to_string()),
            other => {
                self.error(field, format!("must be text, found {}", kind_of(&other)));
                None
            }
        }
    }

    fn url(&mut self, map: &mut Map<String, Value>, field: &str) -> Option<String> {
        let s = self.string(map, field)?;
        match check_url(&s) {
            Ok(()) => Some(s),
            Err(why) => {
                self.error(field, format!("\"{s}\" is not a usable web address: {why}"));
                None
            }
        }
    }

    fn list(&mut self, map: &mut Map<String, Value>, field: &str) -> Vec<String> {
        match self.take(map, field) {
            None => Vec::new(),
            Some(Value::String(s)) => split_list(&s),
            Some(Value::Array(items)) => {
                let mut out = Vec::new();
                for item in items {
                    match item {
                        Value::String(s) if !s.trim().is_empty() => out.push(s.trim().to_string()),
                        Value::String(_) | Value::Null => {}
                        other => self.error(
                            field,
                            format!("list items must be text, found {}", kind_of(&other)),
                        ),
                    }
                }
                out
            }
            Some(other) => {
                self.error(
                    field,
                    format!("must be a list of text, found {}", kind_of(&other)),
                );
                Vec::new()
            }
        }
    }

    fn choice<T>(
        &mut self,
        map: &mut Map<String, Value>,
        field: &str,
        parse: fn(&str) -> Option<T>,
        choices: fn() -> String,
    ) -> Option<T> {
        let s = self.string(map, field)?;
        let parsed = parse(&s);
        if parsed.is_none() {
            self.error(
                field,
                format!("unknown value \"{s}\"; expected one of {}", choices()),
            );
        }
        parsed
    }

    fn year(&mut self, map: &mut Map<String, Value>, field: &str) -> Option<i32> {
        let value = self.take(map, field)?;
        let year = match &value {
            Value::Number(n) => n.as_i64(),
            Value::String(s) => s.trim().parse::<i64>().ok(),
            _ => None,
        };
        match year {
            Some(y) if (1800..=2200).contains(&y) => Some(y as i32),
            _ => {
                let shown = value.to_string();
                self.error(
                    field,
                    format!("{} is not a year (a number such as 2016)", safe(&shown)),
                );
                None
            }
        }
    }
}

/// The record's field names cleaned, so a name with an escape sequence or
/// a zero-width space in it is neither shown nor mistaken for another;
/// when two names clean to the same one, the first is kept.
fn clean_keys(c: &mut Checker, map: Map<String, Value>) -> Map<String, Value> {
    let mut out = Map::new();
    for (key, value) in map {
        let (clean, removed) = clean_text(&key);
        if removed.any() {
            c.removed(&clean, removed);
            if clean.trim().is_empty() {
                c.error(
                    "",
                    "a field name was nothing but such characters; the field is dropped",
                );
                continue;
            }
            if out.contains_key(&clean) {
                c.error(
                    &clean,
                    "this field appears twice once its name is cleaned; the second is dropped",
                );
                continue;
            }
        }
        if !out.contains_key(&clean) {
            out.insert(clean, value);
        }
    }
    out
}

fn kind_of(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "true/false",
        Value::Number(_) => "a number",
        Value::String(_) => "text",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The items in order, without repeats that differ only in case.
fn dedup_folded(items: Vec<String>) -> Vec<String> {
    let mut seen = HashSet::new();
    items
        .into_iter()
        .filter(|item| seen.insert(item.to_lowercase()))
        .collect()
}

/// Splits a `;`-separated list, as spreadsheets hold lists in one cell.
pub fn split_list(s: &str) -> Vec<String> {
    s.split(';')
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .map(str::to_string)
        .collect()
}

/// Accepts absolute `http`/`https` addresses with a host.
pub fn check_url(s: &str) -> Result<(), String> {
    let parsed = url::Url::parse(s).map_err(|e| match e {
        url::ParseError::RelativeUrlWithoutBase => "it must start with https://".to_string(),
        other => other.to_string(),
    })?;
    if !matches!(parsed.scheme(), "http" | "https") {
        return Err(format!(
            "it must start with https:// (found {}:)",
            parsed.scheme()
        ));
    }
    if parsed.host_str().is_none_or(str::is_empty) {
        return Err("it has no host name".into());
    }
    Ok(())
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() >= 10
        && b[..10].iter().enumerate().all(|(i, c)| match i {
            4 | 7 => *c == b'-',
            _ => c.is_ascii_digit(),
        })
}

/// Validates one record. `position` is 1-based and only used in messages.
pub fn validate_record(position: usize, value: &Value) -> (Option<Network>, Vec<Problem>) {
    validate_owned(position, value.clone())
}

/// Like [`validate_record`], taking the value so nothing is copied.
fn validate_owned(position: usize, value: Value) -> (Option<Network>, Vec<Problem>) {
    let mut c = Checker {
        record: position,
        id: None,
        problems: Vec::new(),
    };
    let Value::Object(map) = value else {
        c.error(
            "",
            format!("a record must be an object, found {}", kind_of(&value)),
        );
        c.problems[0].field = None;
        return (None, c.problems);
    };
    let mut map = clean_keys(&mut c, map);

    let id = c.string(&mut map, "id");
    if let Some(id) = &id {
        c.id = Some(id.clone());
        if !is_slug(id) {
            c.error(
                "id",
                format!("\"{id}\" is not a lowercase slug (letters a-z, digits and single dashes, like \"one-team-gov\")"),
            );
        }
    } else {
        c.error(
            "id",
            "missing: every record needs a stable id such as \"one-team-gov\"",
        );
    }
    let name = c.string(&mut map, "name");
    if name.is_none() {
        c.error("name", "missing: every record needs a name");
    }
    let summary = c.string(&mut map, "summary");
    if summary.is_none() {
        c.error(
            "summary",
            "missing: every record needs a one- or two-sentence summary",
        );
    }
    let (Some(id), Some(name), Some(summary)) = (id, name, summary) else {
        return (None, c.problems);
    };
    if !is_slug(&id) {
        return (None, c.problems);
    }

    let mut n = Network::new(id, name, summary);
    n.short_name = c.string(&mut map, "short_name");
    n.description = c.string(&mut map, "description");
    n.url = c.url(&mut map, "url");
    n.join = c.string(&mut map, "join");
    n.contact = c.string(&mut map, "contact");
    for code in c.list(&mut map, "regions") {
        match regions::lookup(&code) {
            Some(region) if !n.regions.iter().any(|r| r == region.code) => {
                n.regions.push(region.code.to_string())
            }
            Some(_) => {}
            None => {
                let hint = regions::suggestion(&code)
                    .map(|s| format!(" (did you mean \"{s}\"?)"))
                    .unwrap_or_default();
                c.error(
                    "regions",
                    format!("unknown region \"{code}\"{hint}; use ISO 3166 codes such as \"AU\", or global, EU, LATAM, Africa…"),
                );
            }
        }
    }
    n.aliases = dedup_folded(c.list(&mut map, "aliases"));
    n.keywords = dedup_folded(c.list(&mut map, "keywords"));
    n.scope = c.choice(&mut map, "scope", Scope::parse, Scope::choices);
    n.membership = c.choice(
        &mut map,
        "membership",
        Membership::parse,
        Membership::choices,
    );
    n.formality = c.choice(&mut map, "formality", Formality::parse, Formality::choices);
    n.run_by = c.choice(&mut map, "run_by", RunBy::parse, RunBy::choices);
    n.maturity = c.choice(&mut map, "maturity", Maturity::parse, Maturity::choices);
    n.status = c
        .choice(&mut map, "status", Status::parse, Status::choices)
        .unwrap_or_default();
    for topic in c.list(&mut map, "topics") {
        if !is_slug(&topic) {
            c.error(
                "topics",
                format!("\"{topic}\" is not a lowercase slug such as \"open-government\""),
            );
        } else {
            if vocab::topic(&topic).is_none() {
                c.warn(
                    "topics",
                    format!(
                        "\"{topic}\" is not in cairn's topic vocabulary; filters will still find it"
                    ),
                );
            }
            if !n.topics.contains(&topic) {
                n.topics.push(topic);
            }
        }
    }
    n.activities = c.list(&mut map, "activities");
    n.founded = c.year(&mut map, "founded");
    n.ended = c.year(&mut map, "ended");
    n.last_seen_active = c.year(&mut map, "last_seen_active");
    if let (Some(f), Some(e)) = (n.founded, n.ended)
        && e < f
    {
        c.warn("ended", format!("ended ({e}) is before founded ({f})"));
    }
    n.updated = c.string(&mut map, "updated");
    if let Some(u) = &n.updated
        && !looks_like_date(u)
    {
        c.error(
            "updated",
            format!("\"{u}\" is not a date such as 2026-11-27"),
        );
        n.updated = None;
    }
    n.lessons_url = c.url(&mut map, "lessons_url");
    for source in c.list(&mut map, "sources") {
        match check_url(&source) {
            Ok(()) => n.sources.push(source),
            Err(why) => c.error(
                "sources",
                format!("\"{source}\" is not a usable web address: {why}"),
            ),
        }
    }
    if n.sources.is_empty() {
        c.warn(
            "sources",
            "no sources: readers cannot check where the facts come from",
        );
    }
    // What cairn sets itself is never taken from a file.
    map.remove("cairn_origin");
    map.remove("cairn_delisted");
    // Fields cairn does not know are shown by `cairn show`: cleaned too.
    for (key, value) in map {
        let mut removed = Removed::default();
        let value = clean_json(value, &mut removed);
        c.removed(&key, removed);
        n.extra.insert(key, value);
    }
    (Some(n), c.problems)
}
