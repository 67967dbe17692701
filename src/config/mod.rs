//! Settings from `config.toml`: the defaults compiled in from
//! `assets/config.toml`, overridden by the user's file in the config folder.
//!
//! This module knows the file format and where each value stands in it;
//! what a key binding means is for the front end to decide.

mod sources;

pub use sources::{EditError, SourceConfig, SyncSettings, add_source, check_name, remove_source};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

/// The default settings, also the reference users copy from.
pub const DEFAULT_CONFIG: &str = include_str!("../../assets/config.toml");
/// The settings file's name in the config folder.
pub const FILE_NAME: &str = "config.toml";

/// One action's keys as written in a settings file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Binding {
    pub action: String,
    pub keys: Vec<String>,
    /// Where it was written, for messages: `config.toml line 12`.
    pub origin: String,
}

/// The settings in force and anything wrong with the user's file.
#[derive(Debug, Clone, Default)]
pub struct Config {
    /// Defaults first, then the user's overrides, in file order.
    pub keys: Vec<Binding>,
    /// Catalogue sources, in the order they are merged over the bundled one.
    pub sources: Vec<SourceConfig>,
    pub sync: SyncSettings,
    /// Who shared lessons are from, and under what licence.
    pub share: crate::model::PackTerms,
    /// Problems a person should be told about at start.
    pub problems: Vec<String>,
    /// The user's settings file, whether or not it exists.
    pub path: PathBuf,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Keys {
    One(String),
    Many(Vec<String>),
}

#[derive(Deserialize, Default)]
struct FileFormat {
    #[serde(default)]
    keys: BTreeMap<String, Spanned<Keys>>,
    #[serde(default)]
    sources: Vec<Spanned<sources::SourceFile>>,
    #[serde(default)]
    sync: Option<sources::SyncFile>,
    #[serde(default)]
    share: Option<ShareFile>,
    /// Anything else, reported so a misspelt section is not silently ignored.
    #[serde(flatten)]
    other: BTreeMap<String, Spanned<toml::Value>>,
}

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The `[share]` section.
#[derive(Deserialize, Default)]
struct ShareFile {
    author: Option<String>,
    organisation: Option<String>,
    licence: Option<String>,
    language: Option<String>,
}

/// What one settings file says.
#[derive(Default)]
struct Parsed {
    keys: Vec<Binding>,
    sources: Vec<SourceConfig>,
    sync: Option<sources::SyncFile>,
    share: Option<ShareFile>,
}

fn share_terms(found: ShareFile, terms: &mut crate::model::PackTerms) {
    let given = |v: Option<String>| v.map(|v| v.trim().to_string()).filter(|v| !v.is_empty());
    if let Some(a) = given(found.author) {
        terms.author = Some(a);
    }
    if let Some(o) = given(found.organisation) {
        terms.organisation = Some(o);
    }
    if let Some(l) = given(found.licence) {
        terms.licence = l;
    }
    if let Some(l) = given(found.language) {
        terms.language = l;
    }
}

/// Reads one settings text; `name` is how messages refer to it.
fn parse(text: &str, name: &str, problems: &mut Vec<String>) -> Parsed {
    let file: FileFormat = match toml::from_str(text) {
        Ok(file) => file,
        Err(e) => {
            let at = e
                .span()
                .map(|s| format!(" line {}", line_of(text, s.start)))
                .unwrap_or_default();
            problems.push(format!(
                "{name}{at}: {}; using the default settings",
                e.message()
            ));
            return Parsed::default();
        }
    };
    for (key, value) in &file.other {
        let line = line_of(text, value.span().start);
        problems.push(format!("{name} line {line}: cairn has no setting \"{key}\"; it was ignored (settings are under [keys], [[sources]], [sync] and [share])"));
    }
    let sources = sources::sources(file.sources, text, name, problems);
    let mut out: Vec<(usize, Binding)> = file
        .keys
        .into_iter()
        .map(|(action, keys)| {
            let line = line_of(text, keys.span().start);
            let keys = match keys.into_inner() {
                Keys::One(k) => vec![k],
                Keys::Many(ks) => ks,
            };
            (
                line,
                Binding {
                    action,
                    keys,
                    origin: format!("{name} line {line}"),
                },
            )
        })
        .collect();
    out.sort_by_key(|(line, _)| *line);
    Parsed {
        keys: out.into_iter().map(|(_, b)| b).collect(),
        sources,
        sync: file.sync,
        share: file.share,
    }
}

impl Config {
    /// The defaults plus the user's `config.toml` in `config_dir`, if any.
    pub fn load(config_dir: &Path) -> Config {
        let path = config_dir.join(FILE_NAME);
        let mut problems = Vec::new();
        let defaults = parse(DEFAULT_CONFIG, "default config.toml", &mut problems);
        let mut keys = defaults.keys;
        let mut sync = SyncSettings::default();
        if let Some(s) = defaults.sync {
            sources::sync_settings(s, &mut sync);
        }
        let mut share = crate::model::PackTerms::default();
        let mut found = Vec::new();
        match std::fs::read_to_string(&path) {
            Ok(text) => {
                let user = parse(&text, &path.display().to_string(), &mut problems);
                keys.extend(user.keys);
                found = user.sources;
                if let Some(s) = user.sync {
                    sources::sync_settings(s, &mut sync);
                }
                if let Some(s) = user.share {
                    share_terms(s, &mut share);
                }
            }
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => problems.push(format!(
                "cannot read {}: {e}; using the default settings",
                path.display()
            )),
        }
        Config {
            keys,
            sources: found,
            sync,
            share,
            problems,
            path,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_bindings_follow_defaults_with_their_lines() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "# mine\n[keys]\nquit = \"x\"\n").unwrap();
        let config = Config::load(dir.path());
        assert!(config.problems.is_empty(), "{:?}", config.problems);
        let last = config.keys.last().unwrap();
        assert_eq!(
            (last.action.as_str(), last.keys.as_slice()),
            ("quit", &["x".to_string()][..])
        );
        assert!(
            last.origin.ends_with("config.toml line 3"),
            "{}",
            last.origin
        );
    }

    #[test]
    fn broken_user_file_is_reported_with_its_line_and_defaults_kept() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "[keys]\nquit = [\"x\"\n").unwrap();
        let config = Config::load(dir.path());
        assert_eq!(config.problems.len(), 1);
        assert!(config.problems[0].contains("line"), "{:?}", config.problems);
        assert!(config.keys.iter().any(|b| b.action == "quit"));
    }
}
