//! Syncing: fetching each source (and the lessons networks publish),
//! keeping the last good copy when anything goes wrong, and reporting
//! what changed, source by source.

use std::collections::HashMap;

use serde::Serialize;

use super::{Library, LibraryError, now_secs};
use crate::catalogue;
use crate::config::SourceConfig;
use crate::model::{Network, Problem};
use crate::paths::Paths;
use crate::sync::copies::{self, SourceState};
use crate::sync::{FetchOptions, Fetched, Location, Progress};

/// What a sync did to one source.
#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum Outcome {
    /// The server said nothing changed (or the file is the same).
    Unchanged,
    Updated {
        added: Vec<String>,
        updated: Vec<String>,
        removed: Vec<String>,
        /// Records skipped or fields dropped, with where and why.
        problems: Vec<Problem>,
        skipped: usize,
    },
    /// Nothing was replaced; the previous copy stays in use.
    Failed { reason: String },
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceReport {
    pub name: String,
    pub location: String,
    #[serde(flatten)]
    pub outcome: Outcome,
}

/// What a whole sync did.
#[derive(Debug, Clone, Default, Serialize)]
pub struct SyncSummary {
    pub sources: Vec<SourceReport>,
    /// Networks changed in the merged catalogue (and so in the index).
    pub changed: usize,
    /// Networks no source lists any more, kept because they are yours.
    pub delisted: Vec<String>,
    /// Lessons fetched from networks that publish them (`lessons_url`).
    pub lessons: Vec<LessonsReport>,
}

/// What a sync did with one network's published lessons.
#[derive(Debug, Clone, Serialize)]
pub struct LessonsReport {
    pub network: String,
    pub location: String,
    #[serde(flatten)]
    pub outcome: LessonsOutcome,
}

#[derive(Debug, Clone, Serialize)]
#[serde(tag = "outcome", rename_all = "snake_case")]
pub enum LessonsOutcome {
    Unchanged,
    Imported {
        added: usize,
        replaced: usize,
    },
    /// Peer lessons already imported stay as they were.
    Failed {
        reason: String,
    },
}

impl SyncSummary {
    pub fn failed(&self) -> usize {
        self.sources
            .iter()
            .filter(|s| matches!(s.outcome, Outcome::Failed { .. }))
            .count()
    }
}

/// "3 minutes ago", "2 days ago", for a time in seconds since 1970.
pub fn age(then: Option<u64>) -> String {
    let Some(then) = then else {
        return "never".into();
    };
    let secs = now_secs().saturating_sub(then);
    let (n, unit) = match secs {
        0..60 => return "just now".into(),
        60..3600 => (secs / 60, "minute"),
        3600..86400 => (secs / 3600, "hour"),
        _ => (secs / 86400, "day"),
    };
    format!("{n} {unit}{} ago", if n == 1 { "" } else { "s" })
}

/// Where a sync has got to, for progress displays.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Step {
    Connecting,
    Receiving { bytes: u64, total: Option<u64> },
    Parsing,
    Indexing,
}

pub(super) fn fetch_options(settings: &crate::config::SyncSettings) -> FetchOptions {
    FetchOptions {
        max_bytes: settings.max_download_mb.saturating_mul(1024 * 1024),
        connect_timeout: std::time::Duration::from_secs(settings.connect_timeout_secs),
        timeout: std::time::Duration::from_secs(settings.timeout_secs),
        ..FetchOptions::default()
    }
}

/// Fetches one source and, if it changed and is valid, makes the new copy
/// current. Whatever happens, the previous copy stays until a valid new
/// one replaces it.
fn sync_one(
    paths: &Paths,
    source: &SourceConfig,
    options: &FetchOptions,
    progress: &mut dyn FnMut(&str, Step),
) -> Outcome {
    let data = &paths.data;
    let mut state = copies::read_state(data, &source.name);
    let has_copy = copies::has_copy(data, &source.name, &state);
    state.last_attempt = Some(now_secs());
    let fail = |mut state: SourceState, reason: String| {
        state.last_error = Some(reason.clone());
        let _ = copies::write_state(data, &source.name, &state);
        Outcome::Failed { reason }
    };
    let location = match Location::parse(&source.location) {
        Ok(l) => l,
        Err(e) => return fail(state, e.to_string()),
    };
    // Validators only count for the copy they came with.
    let previous = if has_copy && state.location == source.location {
        state.validators.clone()
    } else {
        Default::default()
    };
    let name = source.name.as_str();
    let mut report = |p: Progress| {
        progress(
            name,
            match p {
                Progress::Connecting => Step::Connecting,
                Progress::Receiving { bytes, total } => Step::Receiving { bytes, total },
            },
        )
    };
    let body = match crate::sync::fetch(&location, &previous, options, &mut report) {
        Ok(Fetched::NotModified) => {
            state.last_success = state.last_attempt;
            state.last_error = None;
            let _ = copies::write_state(data, &source.name, &state);
            return Outcome::Unchanged;
        }
        Ok(Fetched::Body(body)) => body,
        Err(e) => return fail(state, e.to_string()),
    };
    progress(name, Step::Parsing);
    let validated = match catalogue::parse(&body.bytes, body.format.into(), None) {
        Ok(v) => v,
        Err(catalogue::CatalogueError::WebPage { .. }) if matches!(location, Location::Url(_)) => {
            return fail(
                state,
                format!(
                    "{location} returned a web page (HTML), not a catalogue: the address is \
                     probably wrong (it should lead to the JSON or CSV file itself, not to a \
                     page about it); the previous copy is kept"
                ),
            );
        }
        Err(e @ catalogue::CatalogueError::WebPage { .. }) => {
            return fail(state, format!("{location} {e}; the previous copy is kept"));
        }
        Err(e) => return fail(state, format!("{location}: {e}; the previous copy is kept")),
    };
    drop(body.bytes);
    // Read only now: an unchanged source never costs parsing its copy.
    let before = copies::read_copy(data, &source.name, &state);
    if validated.networks.is_empty() {
        return fail(
            state,
            format!(
                "{location} has no usable network records ({} skipped); the previous copy is kept",
                validated.skipped
            ),
        );
    }
    let old: HashMap<&str, &Network> = before
        .iter()
        .flatten()
        .map(|n| (n.id.as_str(), n))
        .collect();
    let mut added = Vec::new();
    let mut updated = Vec::new();
    for n in &validated.networks {
        match old.get(n.id.as_str()) {
            None => added.push(n.id.clone()),
            Some(o) if *o != n => updated.push(n.id.clone()),
            Some(_) => {}
        }
    }
    let new_ids: std::collections::HashSet<&str> =
        validated.networks.iter().map(|n| n.id.as_str()).collect();
    let mut removed: Vec<String> = old
        .keys()
        .filter(|id| !new_ids.contains(**id))
        .map(|id| id.to_string())
        .collect();
    removed.sort();
    let digest = match copies::write_copy(data, &source.name, &validated.networks) {
        Ok(d) => d,
        Err(e) => return fail(state, format!("{e}; the previous copy is kept")),
    };
    let changed = state.copy.as_deref() != Some(digest.as_str());
    state.copy = Some(digest);
    state.validators = body.validators;
    state.location = source.location.clone();
    state.records = validated.networks.len();
    state.skipped = validated.skipped;
    state.lessons = validated
        .networks
        .iter()
        .filter_map(|n| Some((n.id.clone(), n.lessons_url.clone()?)))
        .collect();
    state.last_success = state.last_attempt;
    state.last_error = None;
    if changed || state.last_change.is_none() {
        state.last_change = state.last_attempt;
    }
    if let Err(e) = copies::write_state(data, &source.name, &state) {
        return Outcome::Failed {
            reason: format!("{e}; the previous copy is kept"),
        };
    }
    copies::remove_old_copies(data, &source.name, &state);
    // The same copy as before (its problems were reported then).
    if !changed {
        return Outcome::Unchanged;
    }
    Outcome::Updated {
        added,
        updated,
        removed,
        problems: validated.problems,
        skipped: validated.skipped,
    }
}

impl Library {
    /// Syncs the sources named in `only` (all when empty), then brings the
    /// merged catalogue and its index up to date. A failing source never
    /// stops the others.
    pub fn sync(
        &mut self,
        only: &[String],
        progress: &mut dyn FnMut(&str, Step),
    ) -> Result<SyncSummary, LibraryError> {
        let config = super::load_config(&self.paths);
        for name in only {
            if !config.sources.iter().any(|s| &s.name == name) {
                let known: Vec<String> = config.sources.iter().map(|s| s.name.clone()).collect();
                return Err(LibraryError::Invalid(if known.is_empty() {
                    format!(
                        "no source is named \"{name}\": there are none yet; add one with `cairn sources add NAME URL_OR_PATH`"
                    )
                } else {
                    format!(
                        "no source is named \"{name}\" (the sources are: {})",
                        known.join(", ")
                    )
                }));
            }
        }
        let _lock = copies::lock(&self.paths.data)?;
        let options = fetch_options(&config.sync);
        let mut summary = SyncSummary::default();
        for source in &config.sources {
            if !only.is_empty() && !only.contains(&source.name) {
                continue;
            }
            let outcome = sync_one(&self.paths, source, &options, progress);
            summary.sources.push(SourceReport {
                name: source.name.clone(),
                location: crate::sync::shown_location(&source.location),
                outcome,
            });
        }
        let any_updated = summary
            .sources
            .iter()
            .any(|s| matches!(s.outcome, Outcome::Updated { .. }));
        if any_updated {
            copies::update_unseen(&self.paths.data, |unseen| {
                let mut known: std::collections::HashSet<String> = unseen.iter().cloned().collect();
                for report in &summary.sources {
                    if let Outcome::Updated { added, updated, .. } = &report.outcome {
                        for id in added.iter().chain(updated) {
                            if known.insert(id.clone()) {
                                unseen.push(id.clone());
                            }
                        }
                    }
                }
            })?;
        }
        summary.lessons = self.sync_lessons(&config, only, &options, progress);
        progress("", Step::Indexing);
        let (changed, delisted) = self.refresh_catalogue()?;
        summary.changed = changed;
        summary.delisted = delisted;
        Ok(summary)
    }

    /// Fetches the lesson packs that synced networks publish, as one more
    /// kind of resource: the same fetch, validators and limits as a
    /// catalogue, then imported as peer lessons.
    fn sync_lessons(
        &self,
        config: &crate::config::Config,
        only: &[String],
        options: &FetchOptions,
        progress: &mut dyn FnMut(&str, Step),
    ) -> Vec<LessonsReport> {
        // Later sources win for the same network, as in the catalogue.
        let mut feeds: Vec<(String, String)> = Vec::new();
        for source in &config.sources {
            if !only.is_empty() && !only.contains(&source.name) {
                continue;
            }
            for (id, url) in copies::read_state(&self.paths.data, &source.name).lessons {
                feeds.retain(|(n, _)| *n != id);
                feeds.push((id, url));
            }
        }
        if feeds.is_empty() {
            return Vec::new();
        }
        let data = &self.paths.data;
        let mut states = copies::read_feeds(data);
        let mut reports = Vec::new();
        for (network, url) in feeds {
            let state = states.entry(url.clone()).or_default();
            let shown = crate::sync::shown_location(&url);
            let label = format!("{network} lessons");
            let mut report = |p: Progress| {
                progress(
                    &label,
                    match p {
                        Progress::Connecting => Step::Connecting,
                        Progress::Receiving { bytes, total } => Step::Receiving { bytes, total },
                    },
                )
            };
            let fetched = Location::parse(&url)
                .and_then(|l| crate::sync::fetch(&l, &state.validators, options, &mut report));
            let outcome = match fetched {
                Ok(Fetched::NotModified) => LessonsOutcome::Unchanged,
                Ok(Fetched::Body(body)) => {
                    let parsed = crate::share::parse_pack(&body.bytes, &shown, options.max_bytes);
                    let imported = time::OffsetDateTime::now_utc()
                        .format(&time::format_description::well_known::Rfc3339)
                        .unwrap_or_default();
                    match parsed.and_then(|(mut pack, _)| {
                        // The network that publishes the pack is its network.
                        pack.network = network.clone();
                        crate::share::import(
                            data,
                            &pack,
                            &shown,
                            &imported,
                            crate::keys::own_public_key(data).as_deref(),
                        )
                    }) {
                        Ok(r) => {
                            state.validators = body.validators;
                            LessonsOutcome::Imported {
                                added: r.added,
                                replaced: r.replaced,
                            }
                        }
                        Err(e) => LessonsOutcome::Failed {
                            reason: e.to_string(),
                        },
                    }
                }
                Err(e) => LessonsOutcome::Failed {
                    reason: e.to_string(),
                },
            };
            match &outcome {
                LessonsOutcome::Failed { reason } => state.last_error = Some(reason.clone()),
                _ => {
                    state.last_error = None;
                    state.last_success = Some(now_secs());
                }
            }
            reports.push(LessonsReport {
                network,
                location: shown,
                outcome,
            });
        }
        let _ = copies::write_feeds(data, &states);
        reports
    }
}
