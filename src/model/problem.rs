//! What is wrong in a catalogue, and where.

use std::fmt;

use serde::Serialize;

use super::network::Network;

/// How bad a problem is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// Worth fixing, but the data is used as it is.
    Warning,
    /// The field was dropped, the record or document was rejected, or
    /// text a terminal would act on was removed from a field.
    Error,
}

/// One thing wrong in a catalogue, with where it is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Problem {
    pub severity: Severity,
    /// 1-based position of the record in the document (a CSV data row).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub record: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub id: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<String>,
    pub message: String,
}

impl Problem {
    /// A problem with the document as a whole.
    pub fn document(message: impl Into<String>) -> Self {
        Problem {
            severity: Severity::Error,
            record: None,
            id: None,
            field: None,
            message: message.into(),
        }
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{level}: ")?;
        if let Some(record) = self.record {
            write!(f, "record {record}")?;
            if let Some(id) = &self.id {
                write!(f, " ({id})")?;
            }
            match &self.field {
                Some(field) => write!(f, ", field `{field}`: ")?,
                None => write!(f, ": ")?,
            }
        }
        f.write_str(&self.message)
    }
}

/// The networks that loaded and the problems found on the way.
#[derive(Debug, Clone, Default)]
pub struct Validated {
    pub networks: Vec<Network>,
    pub problems: Vec<Problem>,
    /// How many records were left out as invalid.
    pub skipped: usize,
}

impl Validated {
    pub fn error_count(&self) -> usize {
        self.problems.iter().filter(|p| p.is_error()).count()
    }
}

/// serde_json's reason for an error without its " at line L column C"
/// tail, for messages that give the place in their own words.
pub fn json_reason(e: &serde_json::Error) -> String {
    let text = e.to_string();
    text.split(" at line")
        .next()
        .unwrap_or_default()
        .to_string()
}
