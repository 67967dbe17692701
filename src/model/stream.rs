//! Reads a catalogue document record by record, so a 100k-network file
//! never exists in memory as one big JSON tree: each record is validated
//! and dropped before the next is read.

use std::collections::HashSet;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde_json::Value;

use super::CATALOGUE_SCHEMA;
use super::problem::{Problem, Severity, Validated};

/// Parses and validates a JSON catalogue. `Err(Ok(problem))` is a document
/// that parsed but is not a catalogue; `Err(Err(e))` is malformed JSON.
pub fn validate_catalogue_json(
    bytes: &[u8],
) -> Result<Validated, Result<Problem, serde_json::Error>> {
    let mut de = serde_json::Deserializer::from_slice(bytes);
    let doc = Document::default().deserialize(&mut de).map_err(Err)?;
    de.end().map_err(Err)?;
    doc.finish().map_err(Ok)
}

/// Validates a catalogue already parsed into a JSON value.
pub fn validate_catalogue(doc: &Value) -> Result<Validated, Problem> {
    let doc = Document::default()
        .deserialize(doc)
        .map_err(|e| Problem::document(super::safe(&e.to_string())))?;
    doc.finish()
}

/// What the top level of a document turned out to hold.
#[derive(Default, PartialEq)]
enum Shape {
    #[default]
    Object,
    NotAnObject,
}

#[derive(Default)]
struct Document {
    shape: Shape,
    schema: Option<Value>,
    /// `Some(true)` when `networks` was a list, `Some(false)` when it was
    /// something else, `None` when absent.
    networks_list: Option<bool>,
    seen: HashSet<String>,
    validated: Validated,
}

impl Document {
    fn finish(mut self) -> Result<Validated, Problem> {
        if self.shape == Shape::NotAnObject {
            return Err(Problem::document(
                "a catalogue must be a JSON object: {\"schema\": \"cairn.catalogue/1\", \"networks\": [...]}",
            ));
        }
        match self.schema {
            Some(Value::String(s)) if s == CATALOGUE_SCHEMA => {}
            Some(Value::String(s)) => {
                return Err(Problem::document(format!(
                    "schema is \"{}\", but this cairn reads \"{CATALOGUE_SCHEMA}\"; \
                     a newer catalogue may need a newer cairn",
                    super::safe(&s)
                )));
            }
            Some(_) => {
                return Err(Problem::document(
                    "\"schema\" must be text such as \"cairn.catalogue/1\"",
                ));
            }
            None => self.validated.problems.insert(
                0,
                Problem {
                    severity: Severity::Warning,
                    ..Problem::document(format!(
                        "no \"schema\" field; assuming \"{CATALOGUE_SCHEMA}\""
                    ))
                },
            ),
        }
        if self.networks_list != Some(true) {
            return Err(Problem::document(
                "no \"networks\" list: a catalogue keeps its records in \"networks\": [...]",
            ));
        }
        Ok(self.validated)
    }
}

impl<'de> DeserializeSeed<'de> for Document {
    type Value = Document;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<Document, D::Error> {
        d.deserialize_any(self)
    }
}

/// Anything but an object at the top level is consumed and remembered.
macro_rules! not_an_object {
    ($($method:ident($($ty:ty)?)),*) => {
        $(fn $method<E: serde::de::Error>(mut self $(, _: $ty)?) -> Result<Document, E> {
            self.shape = Shape::NotAnObject;
            Ok(self)
        })*
    };
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
                    let is_list = map.next_value_seed(Records(&mut self))?;
                    self.networks_list = Some(is_list);
                }
                _ => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        Ok(self)
    }

    fn visit_seq<A: SeqAccess<'de>>(mut self, mut seq: A) -> Result<Document, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        self.shape = Shape::NotAnObject;
        Ok(self)
    }

    not_an_object!(
        visit_unit(),
        visit_bool(bool),
        visit_i64(i64),
        visit_u64(u64),
        visit_f64(f64),
        visit_str(&str)
    );
}

/// The `networks` value: each element of a list is validated as it is
/// read; anything else is consumed and reported as not a list.
struct Records<'a>(&'a mut Document);

impl<'de> DeserializeSeed<'de> for Records<'_> {
    type Value = bool;
    fn deserialize<D: Deserializer<'de>>(self, d: D) -> Result<bool, D::Error> {
        d.deserialize_any(self)
    }
}

impl<'de> Visitor<'de> for Records<'_> {
    type Value = bool;

    fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str("a list of network records")
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<bool, A::Error> {
        let doc = self.0;
        let mut position = 0;
        while let Some(record) = seq.next_element::<Value>()? {
            position += 1;
            super::validate::accept(position, record, &mut doc.seen, &mut doc.validated);
        }
        Ok(true)
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<bool, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(false)
    }

    fn visit_unit<E>(self) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_bool<E>(self, _: bool) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_i64<E>(self, _: i64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_u64<E>(self, _: u64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_f64<E>(self, _: f64) -> Result<bool, E> {
        Ok(false)
    }
    fn visit_str<E>(self, _: &str) -> Result<bool, E> {
        Ok(false)
    }
}
