//! Proposing a network (or a correction) to a catalogue's maintainers: a
//! record that passes `cairn catalogue validate`, marked `submitted`, as
//! JSON for the catalogue and Markdown for the email that goes with it.

use serde_json::{Map, Value, json};

use super::{Library, LibraryError};
use crate::model::{CATALOGUE_SCHEMA, Network, Problem, validate_record};

/// What a person gives for a proposed network.
#[derive(Debug, Clone, Default)]
pub struct Proposal {
    pub id: Option<String>,
    pub name: String,
    pub summary: String,
    pub url: Option<String>,
    pub regions: Vec<String>,
    pub topics: Vec<String>,
    pub join: Option<String>,
    pub contact: Option<String>,
    pub sources: Vec<String>,
}

/// A proposal made into a record, ready to send.
#[derive(Debug, Clone)]
pub struct Proposed {
    pub network: Network,
    /// Warnings (and errors for fields that were dropped) from validation.
    pub problems: Vec<Problem>,
    /// The catalogue already has a network with this id: this is a correction.
    pub correction: bool,
}

/// A network id made from a name: lower-case letters, digits and dashes.
pub fn id_from_name(name: &str) -> String {
    let mut out = String::new();
    for c in name.to_lowercase().chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_string()
}

impl Proposed {
    /// The record as a one-network catalogue file.
    pub fn to_json(&self) -> String {
        let doc = json!({ "schema": CATALOGUE_SCHEMA, "networks": [self.network] });
        serde_json::to_string_pretty(&doc).expect("a catalogue serialises") + "\n"
    }

    /// A message for the catalogue's maintainers, with the record in it.
    pub fn to_markdown(&self) -> String {
        let n = &self.network;
        let mut out = if self.correction {
            format!("# Correction proposed for {} ({})\n\n", n.name, n.id)
        } else {
            format!("# New network proposed: {}\n\n", n.name)
        };
        out.push_str(&format!("{}\n\n", n.summary));
        let mut row = |label: &str, value: String| {
            if !value.is_empty() {
                out.push_str(&format!("- **{label}:** {value}\n"));
            }
        };
        row("id", n.id.clone());
        row("website", n.url.clone().unwrap_or_default());
        row("regions", n.regions.join(", "));
        row("topics", n.topics.join(", "));
        row("how to join", n.join.clone().unwrap_or_default());
        row("contact", n.contact.clone().unwrap_or_default());
        row("sources", n.sources.join(", "));
        out.push_str(
            "\nThe record below passes `cairn catalogue validate`; it is marked \
             `submitted` until a maintainer checks it.\n\n```json\n",
        );
        out.push_str(&self.to_json());
        out.push_str("```\n");
        out
    }
}

/// An address typed without its scheme ("civicdesign.example.org/join")
/// gets `https://`, as a browser would; anything else is left for the
/// validator to judge.
fn with_scheme(v: &str) -> String {
    let host = v.split('/').next().unwrap_or_default();
    let looks_like_host = !v.contains("://")
        && !v.contains(char::is_whitespace)
        && !v.contains('@')
        && host.contains('.')
        && host
            .chars()
            .all(|c| c.is_alphanumeric() || matches!(c, '.' | '-' | ':'));
    if looks_like_host {
        format!("https://{v}")
    } else {
        v.to_string()
    }
}

impl Library {
    /// Turns a proposal into a checked record. Errors in required fields
    /// (name, summary, a usable id) refuse it; other bad fields are
    /// dropped and reported.
    pub fn propose(&self, p: &Proposal) -> Result<Proposed, LibraryError> {
        let id =
            p.id.clone()
                .filter(|i| !i.trim().is_empty())
                .unwrap_or_else(|| id_from_name(&p.name));
        let mut record = Map::new();
        record.insert("id".into(), json!(id));
        record.insert("name".into(), json!(p.name.trim()));
        record.insert("summary".into(), json!(p.summary.trim()));
        for (key, value) in [("url", &p.url), ("join", &p.join), ("contact", &p.contact)] {
            if let Some(v) = value.as_ref().filter(|v| !v.trim().is_empty()) {
                record.insert(key.into(), json!(with_scheme(v.trim())));
            }
        }
        for (key, values) in [
            ("regions", &p.regions),
            ("topics", &p.topics),
            ("sources", &p.sources),
        ] {
            if !values.is_empty() {
                record.insert(key.into(), json!(values));
            }
        }
        record.insert("status".into(), json!("submitted"));
        let updated = super::now().date().to_string();
        record.insert("updated".into(), json!(updated));
        let (network, problems) = validate_record(1, &Value::Object(record));
        let errors: Vec<String> = problems
            .iter()
            .filter(|p| p.is_error())
            .map(|p| p.to_string())
            .collect();
        let Some(network) = network else {
            return Err(LibraryError::Invalid(format!(
                "the proposal cannot be made: {}",
                errors.join("; ")
            )));
        };
        let correction = self.network(&network.id)?.is_some();
        Ok(Proposed {
            network,
            problems,
            correction,
        })
    }
}

impl Library {
    /// Saves a proposal under `proposals/` in the data folder: the record
    /// (JSON) and the message (Markdown); returns both paths.
    pub fn save_proposal(
        &self,
        p: &Proposed,
    ) -> Result<(std::path::PathBuf, std::path::PathBuf), LibraryError> {
        let stem = self.paths.data.join("proposals").join(&p.network.id);
        let json = stem.with_extension("json");
        let md = stem.with_extension("md");
        crate::store::write_atomic(&json, p.to_json().as_bytes())?;
        crate::store::write_atomic(&md, p.to_markdown().as_bytes())?;
        Ok((json, md))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_without_its_scheme_gets_https() {
        assert_eq!(
            with_scheme("civicdesign.example.org"),
            "https://civicdesign.example.org"
        );
        assert_eq!(
            with_scheme("example.org/join?x=1"),
            "https://example.org/join?x=1"
        );
        for kept in [
            "https://a.org",
            "http://a.org",
            "someone@a.org",
            "not a url",
            "localhost",
        ] {
            assert_eq!(with_scheme(kept), kept);
        }
    }

    #[test]
    fn ids_are_slugs_of_the_name() {
        assert_eq!(
            id_from_name("Public Service Lab (Gov)"),
            "public-service-lab-gov"
        );
        assert_eq!(id_from_name("  Ωmega!"), "mega");
    }
}
