//! Reads a catalogue document record by record, so a 100k-network file
//! never exists in memory as one big JSON tree: each record is validated
//! and dropped before the next is read.

use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::CATALOGUE_SCHEMA;
use super::validate::{Problem, Severity, Validated};

/// Parses and validates a JSON catalogue. `Err(Ok(problem))` is a document
/// that parsed but is not a catalogue; `Err(Err(e))` is malformed JSON.
pub fn validate_catalogue_json(
    bytes: &[u8],
) -> Result<Validated, Result<Problem, serde_json::Error>> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let doc = Document::default().deserialize(&mut de).map_err(Err)?;
    de.end().map_err(Err)?;
    let mut out = doc.validated;
    match doc.schema {
        Some(Value::String(s)) if s == CATALOGUE_SCHEMA => {}
        Some(Value::String(s)) => {
            return Err(Ok(Problem::document(format!(
                "schema is \"{s}\", but this cairn reads \"{CATALOGUE_SCHEMA}\"; \
                 a newer catalogue may need a newer cairn"
            ))));
        }
        Some(_) => return Err(Ok(Problem::document("\"schema\" must be a string"))),
        None => out.problems.insert(
            0,
            Problem {
                severity: Severity::Warning,
                ..Problem::document(format!(
                    "no \"schema\" field; assuming \"{CATALOGUE_SCHEMA}\""
                ))
            },
        ),
    }
    if !doc.had_networks {
        return Err(Ok(Problem::document(
            "no \"networks\" list: a catalogue keeps its records in \"networks\": [...]",
        )));
    }
    Ok(out)
}

#[derive(Default)]
struct Document {
    schema: Option<Value>,
    had_networks: bool,
    validated: Validated,
}

impl<'de> DeserializeSeed<'de> for Document {
    type Value = Document;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Document {
    type Value = Document;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a catalogue object with \"schema\" and \"networks\"")
    }

    fn visit_map<A: MapAccess<'de>>(mut self, mut map: A) -> Result<Document, A::Error> {
        while let Some(key) = map.next_key::<String>()? {
            match key.as_str() {
                "schema" => self.schema = Some(map.next_value()?),
                "networks" => {
                    self.had_networks = true;
                    map.next_value_seed(Records(&mut self.validated))?;
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(self)
    }
}

/// The `networks` list, validated one element at a time.
struct Records<'a>(&'a mut Validated);

impl<'de> DeserializeSeed<'de> for Records<'_> {
    type Value = ();
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Records<'_> {
    type Value = ();

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of network records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
        let mut seen = std::collections::HashSet::new();
        let mut position = 0;
        while let Some(record) = seq.next_element::<Value>()? {
            position += 1;
            super::validate::accept(position, &record, &mut seen, self.0);
        }
        Ok(())
    }
}
