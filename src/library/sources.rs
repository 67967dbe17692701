//! Catalogue sources in the facade: the merged catalogue (bundled first,
//! then each source in the order of `config.toml`, a later one winning for
//! the same id), syncing sources, and keeping the index in step a few
//! networks at a time.

use std::collections::HashMap;

use serde::Serialize;

use super::{Library, LibraryError, digest, now_secs};
use crate::catalogue;
use crate::config::SourceConfig;
use crate::index::{IndexMeta, NetworkIndex, SCHEMA_VERSION};
use crate::model::{Network, Problem};
use crate::paths::Paths;
use crate::sync::copies::{self, SourceState};
use crate::sync::{FetchOptions, Fetched, Location, Progress};

/// The name the bundled catalogue goes by as an origin.
pub const BUNDLED: &str = "bundled";

/// One configured source and how it stands.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStatus {
    pub name: String,
    pub location: String,
    #[serde(flatten)]
    pub state: SourceState,
}

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

/// The merged catalogue's networks and the key its index is filed under.
pub(super) struct Merged {
    pub networks: Vec<Network>,
    pub skipped: usize,
    pub problems: Vec<Problem>,
}

/// The key for the merged catalogue's index: the bundled catalogue, each
/// source's current copy, and the networks kept after being dropped. It
/// reads only small state files, so a warm start stays quick.
pub(super) fn merged_key(paths: &Paths, sources: &[SourceConfig]) -> String {
    let schema = SCHEMA_VERSION.to_le_bytes();
    let mut parts: Vec<Vec<u8>> =
        vec![schema.to_vec(), catalogue::BUNDLED_JSON.as_bytes().to_vec()];
    for s in sources {
        let state = copies::read_state(&paths.data, &s.name);
        parts.push(s.name.as_bytes().to_vec());
        parts.push(state.copy.unwrap_or_default().into_bytes());
    }
    let delisted =
        std::fs::read(copies::sources_dir(&paths.data).join("delisted.json")).unwrap_or_default();
    parts.push(delisted);
    let refs: Vec<&[u8]> = parts.iter().map(|p| p.as_slice()).collect();
    digest(&refs)
}

/// Reads and merges the bundled catalogue, each source's copy and the
/// networks kept after being dropped.
pub(super) fn merge(paths: &Paths, sources: &[SourceConfig]) -> Merged {
    let bundled = catalogue::bundled();
    let mut networks: Vec<Network> = Vec::with_capacity(bundled.networks.len());
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut put = |mut n: Network, origin: &str, networks: &mut Vec<Network>| {
        n.origin = Some(origin.to_string());
        match at.get(&n.id) {
            Some(&i) => networks[i] = n,
            None => {
                at.insert(n.id.clone(), networks.len());
                networks.push(n);
            }
        }
    };
    for n in bundled.networks {
        put(n, BUNDLED, &mut networks);
    }
    for s in sources {
        let state = copies::read_state(&paths.data, &s.name);
        for n in copies::read_copy(&paths.data, &s.name, &state).unwrap_or_default() {
            put(n, &s.name, &mut networks);
        }
    }
    let listed: std::collections::HashSet<String> = networks.iter().map(|n| n.id.clone()).collect();
    for mut n in copies::read_delisted(&paths.data) {
        if !listed.contains(&n.id) {
            n.delisted = true;
            networks.push(n);
        }
    }
    Merged {
        networks,
        skipped: bundled.skipped,
        problems: bundled.problems,
    }
}

/// The meta for an index of the merged catalogue.
pub(super) fn merged_meta(key: String, source: String, merged: &Merged) -> IndexMeta {
    IndexMeta {
        schema: SCHEMA_VERSION,
        key,
        source,
        networks: merged.networks.len(),
        skipped: merged.skipped,
        built: now_secs(),
        updated: merged
            .networks
            .iter()
            .filter_map(|n| n.updated.clone())
            .max(),
    }
}

fn fetch_options(settings: &crate::config::SyncSettings) -> FetchOptions {
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
    /// The configured sources, in merge order, with how each stands.
    pub fn sources(&self) -> Vec<SourceStatus> {
        super::load_config(&self.paths)
            .sources
            .into_iter()
            .map(|s| SourceStatus {
                state: copies::read_state(&self.paths.data, &s.name),
                name: s.name,
                location: s.location,
            })
            .collect()
    }

    /// Adds a source to `config.toml` (it is fetched by the next sync).
    pub fn add_source(&self, name: &str, location: &str) -> Result<(), LibraryError> {
        let parsed = Location::parse(location).map_err(|e| LibraryError::Invalid(e.to_string()))?;
        // A file is kept by its absolute path, so a sync started from
        // another folder (or the interface) finds the same file.
        let location = match parsed {
            Location::Path(p) if p.is_relative() => std::path::absolute(&p)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| location.to_string()),
            _ => location.to_string(),
        };
        crate::config::add_source(&self.paths.config, name, &location)
            .map_err(|e| LibraryError::Invalid(e.to_string()))
    }

    /// Removes a source from `config.toml` and forgets its copy; networks
    /// only it listed leave the catalogue at the next start or sync
    /// (those you marked or wrote about stay, as "no longer listed").
    pub fn remove_source(&mut self, name: &str) -> Result<(), LibraryError> {
        crate::config::remove_source(&self.paths.config, name)
            .map_err(|e| LibraryError::Invalid(e.to_string()))?;
        let _lock = copies::lock(&self.paths.data)?;
        copies::remove(&self.paths.data, name).map_err(|e| {
            LibraryError::Invalid(format!("cannot remove the copy of \"{name}\": {e}"))
        })?;
        self.refresh_catalogue().map(|_| ())
    }

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
                location: source.location.clone(),
                outcome,
            });
        }
        let any_updated = summary
            .sources
            .iter()
            .any(|s| matches!(s.outcome, Outcome::Updated { .. }));
        let mut unseen = if any_updated {
            copies::read_unseen(&self.paths.data)
        } else {
            Vec::new()
        };
        let before = unseen.len();
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
        if unseen.len() != before {
            copies::write_unseen(&self.paths.data, &unseen)?;
        }
        summary.lessons = self.sync_lessons(&config, only, &options, progress);
        progress("", Step::Indexing);
        let (changed, delisted) = self.refresh_catalogue()?;
        summary.changed = changed;
        summary.delisted = delisted;
        Ok(summary)
    }

    /// Re-merges the catalogue and updates the index with the networks
    /// that changed. Networks no longer listed that are the person's
    /// (marked, noted, or in the journal) are kept as "no longer listed".
    /// Returns how many changed and which were newly kept that way.
    fn refresh_catalogue(&mut self) -> Result<(usize, Vec<String>), LibraryError> {
        if !matches!(self.source, super::CatalogueSource::Merged(_)) {
            return Ok((0, Vec::new()));
        }
        let config = super::load_config(&self.paths);
        if merged_key(&self.paths, &config.sources) == self.index.meta().key {
            // Nothing a source holds changed: no need to read the copies.
            return Ok((0, Vec::new()));
        }
        let mut merged = merge(&self.paths, &config.sources);
        // Kept networks listed again are no longer kept: a source has them.
        let mut kept = copies::read_delisted(&self.paths.data);
        let listed: std::collections::HashSet<&str> = merged
            .networks
            .iter()
            .filter(|n| !n.delisted)
            .map(|n| n.id.as_str())
            .collect();
        let before = kept.len();
        kept.retain(|n| !listed.contains(n.id.as_str()));
        let mut kept_changed = kept.len() != before;
        let mut newly_delisted = Vec::new();
        let changes = self.index.changes_to(&merged.networks)?;
        for id in self.yours(&changes.removed) {
            if let Some(mut n) = self.index.get(&id)? {
                n.delisted = false;
                kept.push(n);
                newly_delisted.push(id);
                kept_changed = true;
            }
        }
        if kept_changed {
            copies::write_delisted(&self.paths.data, &kept)?;
            merged = merge(&self.paths, &config.sources);
        }
        let key = merged_key(&self.paths, &config.sources);
        if key == self.index.meta().key {
            return Ok((0, newly_delisted));
        }
        let changes = self.index.changes_to(&merged.networks)?;
        let names = config.sources.iter().map(|s| s.name.clone()).collect();
        self.source = super::CatalogueSource::Merged(names);
        let meta = merged_meta(key, self.source.to_string(), &merged);
        let root = self.paths.index_dir();
        self.index = match self.index.updated(
            &root,
            super::MAIN_SLOT,
            &merged.networks,
            &changes,
            meta.clone(),
        ) {
            Ok(index) => index,
            Err(_) => NetworkIndex::build(&root, super::MAIN_SLOT, &merged.networks, meta.clone())
                .or_else(|_| NetworkIndex::build_in_memory(&merged.networks, meta))?,
        };
        Ok((
            changes.upserts.len() + changes.removed.len(),
            newly_delisted,
        ))
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
                    let parsed = crate::share::parse_pack(&body.bytes, &url, options.max_bytes);
                    let imported = time::OffsetDateTime::now_utc()
                        .format(&time::format_description::well_known::Rfc3339)
                        .unwrap_or_default();
                    match parsed.and_then(|(mut pack, _)| {
                        // The network that publishes the pack is its network.
                        pack.network = network.clone();
                        crate::share::import(data, &pack, &url, &imported)
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
                location: url,
                outcome,
            });
        }
        let _ = copies::write_feeds(data, &states);
        reports
    }

    /// Networks new or changed by a sync that the person has not looked at.
    pub fn unseen(&self) -> Vec<String> {
        copies::read_unseen(&self.paths.data)
    }

    /// Notes that the person has looked at a network.
    pub fn mark_seen(&self, id: &str) -> Result<(), LibraryError> {
        let mut unseen = copies::read_unseen(&self.paths.data);
        let before = unseen.len();
        unseen.retain(|u| u != id);
        if unseen.len() != before {
            copies::write_unseen(&self.paths.data, &unseen)?;
        }
        Ok(())
    }

    /// Those of `ids` the person has marked, noted or written about.
    fn yours(&self, ids: &[String]) -> Vec<String> {
        let marked = |id: &str| {
            self.annotations
                .get(id)
                .is_some_and(|a| a.starred || a.member || !a.note.is_empty())
        };
        // A few ids: ask the journal index about each; many: read the
        // journal once.
        let linked: Option<std::collections::HashSet<String>> = (ids.len() > 50).then(|| {
            self.journal_scan()
                .map(|scan| {
                    scan.entries
                        .into_iter()
                        .flat_map(|s| s.entry.meta.networks)
                        .collect()
                })
                .unwrap_or_default()
        });
        let in_journal = |id: &str| match &linked {
            Some(set) => set.contains(id),
            None => self
                .journal_search(&format!("network:{id}"), 1, Default::default())
                .is_ok_and(|r| r.total > 0),
        };
        ids.iter()
            .filter(|id| marked(id) || in_journal(id))
            .cloned()
            .collect()
    }
}
