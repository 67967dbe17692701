//! Catalogue files: the bundled catalogue, JSON and CSV files on disk.

use std::fs;
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use crate::model::{self, CATALOGUE_SCHEMA, Network, Problem, Validated};

/// The real catalogue compiled into the binary, so the first run works offline.
pub const BUNDLED_JSON: &str = include_str!("../assets/catalogue.json");

/// Fields that hold lists; in CSV they are one cell separated by `;`.
const LIST_FIELDS: &[&str] = &[
    "regions",
    "aliases",
    "keywords",
    "topics",
    "activities",
    "sources",
];
/// Fields that hold years.
const YEAR_FIELDS: &[&str] = &["founded", "ended", "last_seen_active"];

/// How a catalogue file is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    /// A web page: never a catalogue, but worth naming, since a wrong
    /// address usually leads to one.
    Html,
}

impl Format {
    /// Guesses from the file name, then from the first characters.
    pub fn detect(path: Option<&Path>, bytes: &[u8]) -> Format {
        let ext = path
            .and_then(|p| p.extension())
            .map(|e| e.to_string_lossy().to_ascii_lowercase());
        match ext.as_deref() {
            Some("csv" | "tsv") => Format::Csv,
            Some("json") => Format::Json,
            Some("html" | "htm") => Format::Html,
            _ if looks_like_html(bytes) => Format::Html,
            _ => match strip_bom(bytes).iter().find(|b| !b.is_ascii_whitespace()) {
                Some(b'{' | b'[') => Format::Json,
                _ => Format::Csv,
            },
        }
    }
}

/// Whether `bytes` start (after a byte-order mark and blank space) like an
/// HTML page: `<!doctype html` or `<html`, in any case.
pub fn looks_like_html(bytes: &[u8]) -> bool {
    let bytes = strip_bom(bytes);
    let start = bytes
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .unwrap_or(bytes.len());
    let head = &bytes[start..bytes.len().min(start + 14)];
    let head = head.to_ascii_lowercase();
    head.starts_with(b"<!doctype html") || head.starts_with(b"<html")
}

/// A catalogue that could not be read at all.
#[derive(Debug, thiserror::Error)]
pub enum CatalogueError {
    #[error("cannot read {}: {source}", model::safe(&path.display().to_string()))]
    Io {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{where_}is not valid JSON at line {line}, column {column}: {message} \
         (look for a missing comma, quote or bracket just before that point)"
    )]
    Json {
        where_: String,
        line: usize,
        column: usize,
        message: String,
    },
    #[error("{where_}is not valid CSV: {message}")]
    Csv { where_: String, message: String },
    #[error(
        "{where_}is a web page (HTML), not a catalogue: a catalogue is a JSON or CSV file; \
         if it was downloaded, the address is probably wrong (use the link to the file itself, \
         not to a page about it)"
    )]
    WebPage { where_: String },
    #[error("{where_}{problem}")]
    Document { where_: String, problem: Problem },
}

fn strip_bom(bytes: &[u8]) -> &[u8] {
    bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)
}

/// Parses and validates catalogue bytes. `origin` names the file in messages.
pub fn parse(
    bytes: &[u8],
    format: Format,
    origin: Option<&Path>,
) -> Result<Validated, CatalogueError> {
    // A file name is outside text too.
    let where_ = origin
        .map(|p| format!("{} ", model::safe(&p.display().to_string())))
        .unwrap_or_default();
    let bytes = strip_bom(bytes);
    match format {
        // Whatever the name or the server says, a page is not a catalogue.
        _ if looks_like_html(bytes) => Err(CatalogueError::WebPage { where_ }),
        Format::Html => Err(CatalogueError::WebPage { where_ }),
        Format::Json => model::validate_catalogue_json(bytes).map_err(|e| match e {
            Ok(problem) => CatalogueError::Document { where_, problem },
            Err(e) => CatalogueError::Json {
                where_,
                line: e.line(),
                column: e.column(),
                message: model::safe(&crate::model::json_reason(&e)).into_owned(),
            },
        }),
        Format::Csv => {
            let rows = csv_rows(bytes).map_err(|message| CatalogueError::Csv {
                where_,
                message: model::safe(&message).into_owned(),
            })?;
            let mut out = Validated::default();
            model::validate_records(rows.iter(), &mut out);
            Ok(out)
        }
    }
}

/// Reads CSV rows into the same JSON shape as a catalogue record.
fn csv_rows(bytes: &[u8]) -> Result<Vec<Value>, String> {
    let text = std::str::from_utf8(bytes)
        .map_err(|e| format!("it is not UTF-8 text ({e}); save it as \"CSV UTF-8\""))?;
    let delimiter = if text
        .lines()
        .next()
        .is_some_and(|h| h.contains('\t') && !h.contains(','))
    {
        b'\t'
    } else {
        b','
    };
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|h| h.trim().to_ascii_lowercase())
        .collect();
    if !headers.iter().any(|h| h == "id") {
        return Err("the first row must name the columns, including id, name and summary".into());
    }
    let mut rows = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let mut map = Map::new();
        for (header, cell) in headers.iter().zip(record.iter()) {
            let cell = cell.trim();
            if cell.is_empty() || header.is_empty() {
                continue;
            }
            let value = if LIST_FIELDS.contains(&header.as_str()) {
                Value::Array(
                    model::split_list(cell)
                        .into_iter()
                        .map(Value::String)
                        .collect(),
                )
            } else if YEAR_FIELDS.contains(&header.as_str()) {
                cell.parse::<i64>()
                    .map(Value::from)
                    .unwrap_or_else(|_| Value::String(cell.into()))
            } else {
                Value::String(cell.to_string())
            };
            map.insert(header.clone(), value);
        }
        rows.push(Value::Object(map));
    }
    Ok(rows)
}

/// Reads and validates a catalogue file (JSON or CSV).
pub fn load_file(path: &Path) -> Result<Validated, CatalogueError> {
    let bytes = fs::read(path).map_err(|source| CatalogueError::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse(&bytes, Format::detect(Some(path), &bytes), Some(path))
}

/// The catalogue compiled into cairn.
pub fn bundled() -> Validated {
    // The bundled file is checked by a test, so a failure here is a build bug.
    parse(BUNDLED_JSON.as_bytes(), Format::Json, None).expect("the bundled catalogue is valid")
}

/// Writes networks as a catalogue document.
pub fn to_json(networks: &[Network]) -> String {
    let doc = serde_json::json!({ "schema": CATALOGUE_SCHEMA, "networks": networks });
    let mut text = serde_json::to_string_pretty(&doc).expect("networks serialise");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn csv_loads_like_json_with_lists_split_on_semicolons() {
        let csv = "\u{feff}id,name,summary,regions,topics,founded,membership,colour\n\
                   a-net,A Net,Does things,AU; nz,design;data,2016,open,blue\n\
                   ,No id,Missing id,,,,,\n";
        let v = parse(csv.as_bytes(), Format::Csv, None).unwrap();
        assert_eq!(v.networks.len(), 1);
        let n = &v.networks[0];
        assert_eq!(n.regions, ["AU", "NZ"]);
        assert_eq!(n.topics, ["design", "data"]);
        assert_eq!(n.founded, Some(2016));
        assert_eq!(n.extra.get("colour"), Some(&Value::String("blue".into())));
        assert!(
            v.problems
                .iter()
                .any(|p| p.record == Some(2) && p.is_error())
        );
    }

    #[test]
    fn format_is_detected_by_extension_then_content() {
        assert_eq!(Format::detect(Some(Path::new("x.CSV")), b"{"), Format::Csv);
        assert_eq!(Format::detect(Some(Path::new("x")), b"  {"), Format::Json);
        assert_eq!(Format::detect(None, b"id,name"), Format::Csv);
        assert_eq!(
            Format::detect(None, b"\xEF\xBB\xBF\n<!DOCTYPE html>"),
            Format::Html
        );
        assert_eq!(
            Format::detect(Some(Path::new("x.htm")), b"id"),
            Format::Html
        );
    }

    #[test]
    fn a_web_page_is_named_as_one_whatever_it_claims_to_be() {
        let page = b"  <html lang=\"en\"><head><title>Networks</title></head></html>";
        for format in [Format::Csv, Format::Json, Format::Html] {
            let err = parse(page, format, Some(Path::new("list.csv"))).unwrap_err();
            let msg = err.to_string();
            assert!(
                msg.starts_with("list.csv is a web page (HTML), not a catalogue"),
                "{msg}"
            );
            assert!(msg.contains("address is probably wrong"), "{msg}");
        }
        assert!(!looks_like_html(b"id,name,summary\n<b>x</b>,y,z"));
    }

    #[test]
    fn a_file_name_and_a_parser_message_are_shown_cleaned() {
        let err = parse(
            b"{",
            Format::Json,
            Some(Path::new("a\x1b]0;pwned\x07.json")),
        )
        .unwrap_err();
        assert!(
            err.to_string().starts_with("a.json is not valid JSON"),
            "{err}"
        );
    }

    #[test]
    fn malformed_json_names_line_and_column() {
        let err = parse(
            b"{\n \"schema\": ,",
            Format::Json,
            Some(Path::new("cat.json")),
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(
            msg.starts_with("cat.json is not valid JSON at line 2"),
            "{msg}"
        );
    }
}
