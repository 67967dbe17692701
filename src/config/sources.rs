//! The catalogue sources and sync settings in `config.toml`, and changing
//! the source list from the command line without disturbing the rest of
//! the file (comments and order are kept).
//!
//! ```toml
//! [[sources]]
//! name = "oecd"
//! location = "https://example.org/networks.json"
//!
//! [sync]
//! max_download_mb = 64
//! ```

use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::{FILE_NAME, line_of};

/// A place a catalogue is synced from: an `https://` address or a path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceConfig {
    pub name: String,
    pub location: String,
}

/// Limits for syncing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SyncSettings {
    pub max_download_mb: u64,
    pub timeout_secs: u64,
    pub connect_timeout_secs: u64,
}

impl Default for SyncSettings {
    fn default() -> Self {
        SyncSettings {
            max_download_mb: 64,
            timeout_secs: 120,
            connect_timeout_secs: 10,
        }
    }
}

#[derive(Deserialize)]
pub(super) struct SourceFile {
    name: String,
    location: String,
}

#[derive(Deserialize, Default)]
pub(super) struct SyncFile {
    max_download_mb: Option<u64>,
    timeout_secs: Option<u64>,
    connect_timeout_secs: Option<u64>,
}

/// Names that cannot be given to a source.
const RESERVED: &[&str] = &[crate::model::BUNDLED_ORIGIN];

/// Why a source name cannot be used, if it cannot.
pub fn check_name(name: &str) -> Result<(), String> {
    if !crate::model::is_slug(name) {
        return Err(format!(
            "\"{name}\" cannot name a source: use lower-case letters, digits and dashes, like \"oecd-opsi\""
        ));
    }
    if RESERVED.contains(&name) {
        return Err(format!(
            "\"{name}\" is the built-in catalogue's name; choose another"
        ));
    }
    Ok(())
}

/// Checks the sources read from one file and keeps the usable ones.
pub(super) fn sources(
    found: Vec<Spanned<SourceFile>>,
    text: &str,
    name: &str,
    problems: &mut Vec<String>,
) -> Vec<SourceConfig> {
    let mut out: Vec<SourceConfig> = Vec::new();
    for s in found {
        let line = line_of(text, s.span().start);
        let s = s.into_inner();
        if let Err(why) = check_name(&s.name) {
            problems.push(format!("{name} line {line}: {why}; this source is ignored"));
        } else if out.iter().any(|o| o.name == s.name) {
            problems.push(format!(
                "{name} line {line}: a second source is named \"{}\"; only the first is used",
                s.name
            ));
        } else if s.location.trim().is_empty() {
            problems.push(format!(
                "{name} line {line}: source \"{}\" has no location; it is ignored",
                s.name
            ));
        } else {
            out.push(SourceConfig {
                name: s.name,
                location: s.location.trim().to_string(),
            });
        }
    }
    out
}

pub(super) fn sync_settings(found: SyncFile, base: &mut SyncSettings) {
    if let Some(v) = found.max_download_mb {
        base.max_download_mb = v.max(1);
    }
    if let Some(v) = found.timeout_secs {
        base.timeout_secs = v.max(1);
    }
    if let Some(v) = found.connect_timeout_secs {
        base.connect_timeout_secs = v.max(1);
    }
}

/// Why the source list could not be changed.
#[derive(Debug, thiserror::Error)]
pub enum EditError {
    #[error("{0}")]
    Name(String),
    #[error("a source named \"{0}\" already exists; remove it first or choose another name")]
    Exists(String),
    #[error("no source is named \"{name}\"{}", if known.is_empty() { String::new() } else { format!(" (the sources are: {})", known.join(", ")) })]
    Unknown { name: String, known: Vec<String> },
    #[error("{} cannot be changed because it is not valid TOML ({why}); fix it first, nothing was written", path.display())]
    Unreadable {
        path: std::path::PathBuf,
        why: String,
    },
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: std::path::PathBuf,
        source: std::io::Error,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

fn load_document(path: &Path) -> Result<toml_edit::DocumentMut, EditError> {
    let text = match std::fs::read_to_string(path) {
        Ok(text) => text,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(source) => {
            return Err(EditError::Read {
                path: path.to_path_buf(),
                source,
            });
        }
    };
    text.parse::<toml_edit::DocumentMut>()
        .map_err(|e| EditError::Unreadable {
            path: path.to_path_buf(),
            why: e.message().to_string(),
        })
}

fn names(doc: &toml_edit::DocumentMut) -> Vec<String> {
    doc.get("sources")
        .and_then(|s| s.as_array_of_tables())
        .map(|tables| {
            tables
                .iter()
                .filter_map(|t| t.get("name").and_then(|n| n.as_str()).map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// Adds a source at the end of the list in `config_dir/config.toml`.
pub fn add_source(config_dir: &Path, name: &str, location: &str) -> Result<(), EditError> {
    check_name(name).map_err(EditError::Name)?;
    let path = config_dir.join(FILE_NAME);
    let mut doc = load_document(&path)?;
    if names(&doc).iter().any(|n| n == name) {
        return Err(EditError::Exists(name.to_string()));
    }
    let mut table = toml_edit::Table::new();
    table.insert("name", toml_edit::value(name));
    table.insert("location", toml_edit::value(location));
    match doc.get_mut("sources") {
        Some(item) => match item.as_array_of_tables_mut() {
            Some(tables) => tables.push(table),
            None => {
                return Err(EditError::Unreadable {
                    path,
                    why: "\"sources\" is not a list of [[sources]] tables".into(),
                });
            }
        },
        None => {
            let mut tables = toml_edit::ArrayOfTables::new();
            tables.push(table);
            doc.insert("sources", toml_edit::Item::ArrayOfTables(tables));
        }
    }
    crate::store::create_private_dir(config_dir)?;
    crate::store::write_atomic(&path, doc.to_string().as_bytes())?;
    Ok(())
}

/// Removes the source named `name` from `config_dir/config.toml`.
pub fn remove_source(config_dir: &Path, name: &str) -> Result<(), EditError> {
    let path = config_dir.join(FILE_NAME);
    let mut doc = load_document(&path)?;
    let known = names(&doc);
    let Some(i) = known.iter().position(|n| n == name) else {
        return Err(EditError::Unknown {
            name: name.to_string(),
            known,
        });
    };
    if let Some(tables) = doc
        .get_mut("sources")
        .and_then(|s| s.as_array_of_tables_mut())
    {
        tables.remove(i);
        if tables.is_empty() {
            doc.remove("sources");
        }
    }
    crate::store::write_atomic(&path, doc.to_string().as_bytes())?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn adding_and_removing_keeps_comments_and_keys() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "# my settings\n[keys]\nquit = \"x\" # mine\n").unwrap();
        add_source(dir.path(), "one", "https://example.org/a.json").unwrap();
        add_source(dir.path(), "two", "/srv/b.csv").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("# my settings") && text.contains("quit = \"x\" # mine"),
            "{text}"
        );
        let config = super::super::Config::load(dir.path());
        assert!(config.problems.is_empty(), "{:?}", config.problems);
        let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["one", "two"]);
        assert!(matches!(
            add_source(dir.path(), "one", "x"),
            Err(EditError::Exists(_))
        ));
        remove_source(dir.path(), "one").unwrap();
        let config = super::super::Config::load(dir.path());
        assert_eq!(config.sources.len(), 1);
        assert!(matches!(
            remove_source(dir.path(), "nope"),
            Err(EditError::Unknown { .. })
        ));
    }

    #[test]
    fn a_broken_file_is_not_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        std::fs::write(&path, "[keys\nquit = 1\n").unwrap();
        let err = add_source(dir.path(), "one", "/a.json").unwrap_err();
        assert!(matches!(err, EditError::Unreadable { .. }), "{err}");
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "[keys\nquit = 1\n");
    }

    #[test]
    fn bad_names_are_refused() {
        assert!(check_name("Bundled").is_err());
        assert!(check_name("bundled").is_err());
        assert!(check_name("oecd-opsi").is_ok());
    }
}
