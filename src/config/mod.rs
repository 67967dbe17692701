//! Settings from `config.toml`: the defaults compiled in from
//! `assets/config.toml`, overridden by the user's file in the config folder.
//!
//! This module knows the file format and where each value stands in it;
//! what a key binding means is for the front end to decide.

mod read;
mod sources;

pub use sources::{EditError, SourceConfig, SyncSettings, add_source, check_name, remove_source};

use std::path::{Path, PathBuf};

use serde::Deserialize;

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
    /// The `[journal]` section.
    pub journal: JournalSettings,
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

fn line_of(text: &str, offset: usize) -> usize {
    text[..offset.min(text.len())].matches('\n').count() + 1
}

/// The `[journal]` section: how new entries start.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct JournalSettings {
    /// The kind of an entry written without one (`journal add "…"`, a new
    /// entry in the interface); challenge when not set.
    pub default_kind: Option<crate::model::Kind>,
}

/// The `[share]` section.
#[derive(Default)]
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
    journal: Option<JournalSettings>,
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

/// Reads one settings text; `name` is how messages refer to it. A setting
/// of the wrong type is reported and skipped; the rest still count. Only
/// text that is not TOML at all leaves the defaults alone in force.
fn parse(text: &str, name: &str, problems: &mut Vec<String>) -> Parsed {
    let doc = match toml::de::DeTable::parse(text) {
        Ok(doc) => doc.into_inner(),
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
    let mut r = read::Reader::new(text, name);
    let mut parsed = Parsed::default();
    for (key, value) in doc.iter() {
        match key.get_ref().as_ref() {
            "keys" => parsed.keys = keys(&mut r, value),
            "sources" => parsed.sources = sources::sources(&mut r, value),
            "sync" => parsed.sync = sources::sync_file(&mut r, value),
            "share" => parsed.share = share_file(&mut r, value),
            "journal" => parsed.journal = journal_file(&mut r, value),
            other => r.problem(
                &key.span(),
                format_args!(
                    "cairn has no setting \"{other}\"; it was ignored \
                     (settings are under [keys], [[sources]], [sync], [share] and [journal])"
                ),
            ),
        }
    }
    problems.extend(r.into_problems());
    parsed
}

/// The `[keys]` section, in file order.
fn keys(r: &mut read::Reader, value: &read::Raw) -> Vec<Binding> {
    let Some(table) = r.table(value, "[keys]", "a table of actions and their keys") else {
        return Vec::new();
    };
    let mut out: Vec<(usize, Binding)> = Vec::new();
    for (action, raw) in table.iter() {
        let action = action.get_ref().to_string();
        let Some(keys) = r.typed::<Keys>(
            raw,
            &format!("{action} in [keys]"),
            "a key like \"q\" or a list of keys like [\"q\", \"ctrl-c\"]",
            "the default keys stay",
        ) else {
            continue;
        };
        let line = r.line(&raw.span());
        let keys = match keys {
            Keys::One(k) => vec![k],
            Keys::Many(ks) => ks,
        };
        out.push((
            line,
            Binding {
                action,
                keys,
                origin: format!("{} line {line}", r.name),
            },
        ));
    }
    out.sort_by_key(|(line, _)| *line);
    out.into_iter().map(|(_, b)| b).collect()
}

/// The `[share]` section.
fn share_file(r: &mut read::Reader, value: &read::Raw) -> Option<ShareFile> {
    let table = r.table(value, "[share]", "a table of settings")?;
    let mut out = ShareFile::default();
    for (key, value) in table.iter() {
        let name = key.get_ref().as_ref();
        let slot = match name {
            "author" => &mut out.author,
            "organisation" => &mut out.organisation,
            "licence" => &mut out.licence,
            "language" => &mut out.language,
            other => {
                r.problem(
                    &key.span(),
                    format_args!(
                        "[share] has no setting \"{other}\"; it was ignored \
                         (it has author, organisation, licence and language)"
                    ),
                );
                continue;
            }
        };
        *slot = r.typed(
            value,
            &format!("{name} in [share]"),
            "text in quotes",
            "it was ignored",
        );
    }
    Some(out)
}

/// The `[journal]` section.
fn journal_file(r: &mut read::Reader, value: &read::Raw) -> Option<JournalSettings> {
    let table = r.table(value, "[journal]", "a table of settings")?;
    let mut out = JournalSettings::default();
    for (key, value) in table.iter() {
        match key.get_ref().as_ref() {
            "default_kind" => {
                let kind: Option<String> = r.typed(
                    value,
                    "default_kind in [journal]",
                    "text in quotes",
                    "new entries are challenges",
                );
                out.default_kind = kind.and_then(|k| {
                    let parsed = crate::model::Kind::parse(k.trim());
                    if parsed.is_none() {
                        r.problem(
                            &value.span(),
                            format_args!(
                                "default_kind in [journal] should be one of {}, not \"{k}\"; \
                                 new entries are challenges",
                                crate::model::Kind::choices()
                            ),
                        );
                    }
                    parsed
                });
            }
            other => r.problem(
                &key.span(),
                format_args!(
                    "[journal] has no setting \"{other}\"; it was ignored (it has default_kind)"
                ),
            ),
        }
    }
    Some(out)
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
        let mut journal = JournalSettings::default();
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
                if let Some(j) = user.journal {
                    journal = j;
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
            journal,
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

    #[test]
    fn a_wrong_type_costs_only_that_setting() {
        let dir = tempfile::tempdir().unwrap();
        let text = "\
# my settings
[[sources]]
name = \"oecd\"
location = \"https://example.org/a.json\"

[[sources]]
name = 7
location = \"/srv/b.json\"

[sync]
timeout_secs = \"60\"
max_download_mb = 8

[share]
author = \"Ana\"
licence = 4

[keys]
quit = \"x\"
help = 5
";
        std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
        let config = Config::load(dir.path());
        let names: Vec<&str> = config.sources.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["oecd"]);
        assert_eq!(config.sync.timeout_secs, 120);
        assert_eq!(config.sync.max_download_mb, 8);
        assert_eq!(config.share.author.as_deref(), Some("Ana"));
        assert_eq!(config.share.licence, "CC-BY-4.0");
        let quit = config.keys.iter().rfind(|b| b.action == "quit").unwrap();
        assert_eq!(quit.keys, ["x"]);
        assert!(
            quit.origin.ends_with("config.toml line 19"),
            "{}",
            quit.origin
        );
        let lines: Vec<&str> = config
            .problems
            .iter()
            .map(|p| p.split(": ").next().unwrap())
            .collect();
        assert_eq!(config.problems.len(), 4, "{:#?}", config.problems);
        for (problem, line) in config.problems.iter().zip([7, 11, 16, 20]) {
            assert!(
                problem.contains(&format!("config.toml line {line}: ")),
                "{problem} (all: {lines:?})"
            );
        }
        assert!(
            config.problems[1].contains(
                "timeout_secs in [sync] should be a whole number, not the text \"60\" \
                 (write it without quotes: timeout_secs = 60); the default, 120, is used"
            ),
            "{}",
            config.problems[1]
        );
        assert!(config.problems[0].contains("name in [[sources]] should be text"));
    }

    #[test]
    fn a_misspelt_setting_in_a_section_is_reported() {
        let dir = tempfile::tempdir().unwrap();
        let text =
            "[sync]\ntimeout = 5\n[[sources]]\nname = \"a\"\nurl = \"https://x.org/c.json\"\n";
        std::fs::write(dir.path().join(FILE_NAME), text).unwrap();
        let config = Config::load(dir.path());
        assert_eq!(config.problems.len(), 3, "{:#?}", config.problems);
        assert!(config.problems[0].contains("line 2: [sync] has no setting \"timeout\""));
        assert!(config.problems[1].contains("line 3: source \"a\" has no location"));
        assert!(config.problems[2].contains("line 5: a source has no setting \"url\""));
        assert!(config.sources.is_empty());
    }
}
