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
use crate::sync::Location;
use crate::sync::copies::{self, SourceState};

/// One configured source and how it stands.
#[derive(Debug, Clone, Serialize)]
pub struct SourceStatus {
    pub name: String,
    /// Where it is, to show: a password or a token in an address is masked.
    pub location: String,
    #[serde(flatten)]
    pub state: SourceState,
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
        put(n, crate::model::BUNDLED_ORIGIN, &mut networks);
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

impl Library {
    /// The configured sources, in merge order, with how each stands.
    pub fn sources(&self) -> Vec<SourceStatus> {
        super::load_config(&self.paths)
            .sources
            .into_iter()
            .map(|s| {
                let mut state = copies::read_state(&self.paths.data, &s.name);
                // Written by an older cairn, it may quote a server uncleaned.
                state.last_error = state
                    .last_error
                    .map(|e| crate::model::safe(&e).into_owned());
                // Where the copy came from: the same address, as shown.
                if !state.location.is_empty() {
                    state.location = crate::sync::shown_location(&state.location);
                }
                SourceStatus {
                    state,
                    name: s.name,
                    location: crate::sync::shown_location(&s.location),
                }
            })
            .collect()
    }

    /// Adds a source to `config.toml` (it is fetched by the next sync).
    /// Returns the location as given, masked for showing.
    pub fn add_source(&self, name: &str, given: &str) -> Result<String, LibraryError> {
        let parsed = Location::parse(given).map_err(LibraryError::from)?;
        // A file is kept by its absolute path, so a sync started from
        // another folder (or the interface) finds the same file.
        let location = match parsed {
            Location::Path(p) if p.is_relative() => std::path::absolute(&p)
                .map(|p| p.display().to_string())
                .unwrap_or_else(|_| given.to_string()),
            _ => given.to_string(),
        };
        crate::config::add_source(&self.paths.config, name, &location)
            .map_err(LibraryError::from)?;
        Ok(crate::sync::shown_location(given))
    }

    /// Removes a source from `config.toml` and forgets its copy; networks
    /// only it listed leave the catalogue at the next start or sync
    /// (those you marked or wrote about stay, as "no longer listed").
    pub fn remove_source(&mut self, name: &str) -> Result<(), LibraryError> {
        crate::config::remove_source(&self.paths.config, name).map_err(LibraryError::from)?;
        let _lock = copies::lock(&self.paths.data)?;
        copies::remove(&self.paths.data, name).map_err(|e| {
            LibraryError::Invalid(format!("cannot remove the copy of \"{name}\": {e}"))
        })?;
        self.refresh_catalogue().map(|_| ())
    }

    /// Re-merges the catalogue and updates the index with the networks
    /// that changed. Networks no longer listed that are the person's
    /// (marked, noted, or in the journal) are kept as "no longer listed".
    /// Returns how many changed and which were newly kept that way.
    pub(super) fn refresh_catalogue(&mut self) -> Result<(usize, Vec<String>), LibraryError> {
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

    /// Networks new or changed by a sync that the person has not looked at.
    pub fn unseen(&self) -> Vec<String> {
        copies::read_unseen(&self.paths.data)
    }

    /// Notes that the person has looked at a network.
    pub fn mark_seen(&self, id: &str) -> Result<(), LibraryError> {
        copies::update_unseen(&self.paths.data, |unseen| unseen.retain(|u| u != id))?;
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
