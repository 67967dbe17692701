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

use super::FILE_NAME;
use super::read::{Raw, Reader};

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

/// The `[sync]` section: each limit the file sets.
#[derive(Default)]
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

/// Checks the `[[sources]]` of one file and keeps the usable ones.
pub(super) fn sources(r: &mut Reader, value: &Raw) -> Vec<SourceConfig> {
    let Some(list) = value.get_ref().as_array() else {
        r.problem(
            &value.span(),
            "sources should be a list of [[sources]] tables, each with a name and a location; \
             no sources are used",
        );
        return Vec::new();
    };
    let mut out: Vec<SourceConfig> = Vec::new();
    for item in list.iter() {
        let Some(table) = r.table(
            item,
            "each [[sources]] entry",
            "a table with a name and a location",
        ) else {
            continue;
        };
        let (mut name, mut location) = (None, None);
        let mut ok = true;
        for (key, value) in table.iter() {
            let slot = match key.get_ref().as_ref() {
                "name" => &mut name,
                "location" => &mut location,
                other => {
                    r.problem(
                        &key.span(),
                        format_args!(
                            "a source has no setting \"{other}\"; it was ignored \
                             (a source has a name and a location)"
                        ),
                    );
                    continue;
                }
            };
            let label = format!("{} in [[sources]]", key.get_ref());
            *slot = r.typed::<String>(value, &label, "text in quotes", "this source is ignored");
            ok &= slot.is_some();
        }
        if !ok {
            continue;
        }
        let span = item.span();
        let Some(name) = name else {
            r.problem(&span, "a source has no name; it is ignored");
            continue;
        };
        if let Err(why) = check_name(&name) {
            r.problem(&span, format_args!("{why}; this source is ignored"));
        } else if out.iter().any(|o| o.name == name) {
            r.problem(
                &span,
                format_args!("a second source is named \"{name}\"; only the first is used"),
            );
        } else if location.as_deref().is_none_or(|l| l.trim().is_empty()) {
            r.problem(
                &span,
                format_args!("source \"{name}\" has no location; it is ignored"),
            );
        } else {
            out.push(SourceConfig {
                name,
                location: location.unwrap_or_default().trim().to_string(),
            });
        }
    }
    out
}

/// The `[sync]` section; a limit of the wrong type keeps its default.
pub(super) fn sync_file(r: &mut Reader, value: &Raw) -> Option<SyncFile> {
    let table = r.table(value, "[sync]", "a table of settings")?;
    let mut out = SyncFile::default();
    let defaults = SyncSettings::default();
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let (slot, default) = match name {
            "max_download_mb" => (&mut out.max_download_mb, defaults.max_download_mb),
            "timeout_secs" => (&mut out.timeout_secs, defaults.timeout_secs),
            "connect_timeout_secs" => {
                (&mut out.connect_timeout_secs, defaults.connect_timeout_secs)
            }
            other => {
                r.problem(
                    &key.span(),
                    format_args!(
                        "[sync] has no setting \"{other}\"; it was ignored \
                         (it has max_download_mb, timeout_secs and connect_timeout_secs)"
                    ),
                );
                continue;
            }
        };
        *slot = r.typed(
            value,
            &format!("{name} in [sync]"),
            "a whole number",
            &format!("the default, {default}, is used"),
        );
    }
    Some(out)
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

/// Holds the settings file still while one edit reads, changes and writes
/// it, so two edits at once (two `cairn sources add`, or the interface and
/// a command) never lose one another's change.
fn lock(config_dir: &Path) -> Result<std::fs::File, EditError> {
    crate::store::create_private_dir(config_dir)?;
    Ok(crate::store::lock_file(&config_dir.join(".config.lock"))?)
}

/// Adds a source at the end of the list in `config_dir/config.toml`.
pub fn add_source(config_dir: &Path, name: &str, location: &str) -> Result<(), EditError> {
    check_name(name).map_err(EditError::Name)?;
    let _lock = lock(config_dir)?;
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
    crate::store::write_atomic(&path, doc.to_string().as_bytes())?;
    Ok(())
}

/// Removes the source named `name` from `config_dir/config.toml`.
pub fn remove_source(config_dir: &Path, name: &str) -> Result<(), EditError> {
    let _lock = lock(config_dir)?;
    let path = config_dir.join(FILE_NAME);
    let mut doc = load_document(&path)?;
    let tables = doc
        .get_mut("sources")
        .and_then(|s| s.as_array_of_tables_mut());
    // The position among all the tables: one without a usable name still
    // counts, or the wrong source would go.
    let at = tables.and_then(|tables| {
        let i = tables
            .iter()
            .position(|t| t.get("name").and_then(|n| n.as_str()) == Some(name))?;
        tables.remove(i);
        Some(tables.is_empty())
    });
    match at {
        None => {
            return Err(EditError::Unknown {
                name: name.to_string(),
                known: names(&doc),
            });
        }
        Some(true) => {
            doc.remove("sources");
        }
        Some(false) => {}
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

    #[test]
    fn removing_skips_past_a_source_with_a_broken_name() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(FILE_NAME);
        let text = "[[sources]]\nname = 7 # fix me\nlocation = \"/a.json\"\n\n\
                    [[sources]]\nname = \"b\"\nlocation = \"/b.json\"\n";
        std::fs::write(&path, text).unwrap();
        remove_source(dir.path(), "b").unwrap();
        let after = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            after,
            "[[sources]]\nname = 7 # fix me\nlocation = \"/a.json\"\n"
        );
    }
}
