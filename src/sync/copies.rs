//! The last good copy of each source, kept in the data folder so cairn
//! works offline: `sources/NAME/state.json` says which copy file is
//! current (`catalogue-DIGEST.json`, already validated) and how the last
//! sync went. A new copy is written in full before the state names it, so
//! a sync killed at any moment leaves the previous copy in use.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::Validators;
use crate::model::Network;
use crate::store::{self, StoreError};

/// How one source stands.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct SourceState {
    /// What the server said last time, for a conditional request.
    #[serde(default)]
    pub validators: Validators,
    /// The current copy's digest (its file is `catalogue-DIGEST.json`).
    #[serde(default)]
    pub copy: Option<String>,
    /// Where the copy was fetched from, to notice a changed location.
    /// Named apart from the configured `location` it sits beside in
    /// `sources list --json`; older state files used that name.
    #[serde(default, rename = "fetched_from", alias = "location")]
    pub location: String,
    /// Seconds since 1970.
    #[serde(default)]
    pub last_attempt: Option<u64>,
    #[serde(default)]
    pub last_success: Option<u64>,
    /// When the copy last changed.
    #[serde(default)]
    pub last_change: Option<u64>,
    #[serde(default)]
    pub records: usize,
    #[serde(default)]
    pub skipped: usize,
    /// Why the last sync failed, if it did.
    #[serde(default)]
    pub last_error: Option<String>,
    /// Where the copy's networks publish lessons: (network id, address).
    #[serde(default)]
    pub lessons: Vec<(String, String)>,
}

/// How fetching one network's published lessons last went.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FeedState {
    #[serde(default)]
    pub validators: Validators,
    #[serde(default)]
    pub last_success: Option<u64>,
    #[serde(default)]
    pub last_error: Option<String>,
}

/// Each lessons address's state: `sources/lessons-state.json`.
pub fn read_feeds(data: &Path) -> std::collections::BTreeMap<String, FeedState> {
    std::fs::read(sources_dir(data).join("lessons-state.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub fn write_feeds(
    data: &Path,
    feeds: &std::collections::BTreeMap<String, FeedState>,
) -> Result<(), StoreError> {
    store::create_private_dir(&sources_dir(data))?;
    let json = serde_json::to_vec_pretty(feeds).expect("feeds serialise");
    store::write_atomic(&sources_dir(data).join("lessons-state.json"), &json)
}

/// Where sources' copies live under the data folder.
pub fn sources_dir(data: &Path) -> PathBuf {
    data.join("sources")
}

fn dir(data: &Path, name: &str) -> PathBuf {
    sources_dir(data).join(name)
}

fn copy_path(data: &Path, name: &str, digest: &str) -> PathBuf {
    dir(data, name).join(format!("catalogue-{digest}.json"))
}

/// The state of a source; a missing or unreadable state is a source never
/// synced (the copy it named is then not trusted).
pub fn read_state(data: &Path, name: &str) -> SourceState {
    std::fs::read(dir(data, name).join("state.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

pub fn write_state(data: &Path, name: &str, state: &SourceState) -> Result<(), StoreError> {
    store::create_private_dir(&sources_dir(data))?;
    store::create_private_dir(&dir(data, name))?;
    let json = serde_json::to_vec_pretty(state).expect("state serialises");
    store::write_atomic(&dir(data, name).join("state.json"), &json)
}

/// The networks of a source's current copy; None when it has none or it
/// cannot be read (then it is as if never synced).
pub fn read_copy(data: &Path, name: &str, state: &SourceState) -> Option<Vec<Network>> {
    let digest = state.copy.as_ref()?;
    // Read as a stream: a copy can be tens of megabytes.
    let file = std::fs::File::open(copy_path(data, name, digest)).ok()?;
    let doc: StoredFile = serde_json::from_reader(std::io::BufReader::new(file)).ok()?;
    Some(checked(doc))
}

/// A copy or the delisted file as stored, its records not yet trusted.
#[derive(Deserialize)]
struct StoredFile {
    networks: Vec<serde_json::Value>,
}

/// Records read back are validated (and their text cleaned) again: a copy
/// an older cairn saved was not cleaned of terminal escapes.
fn checked(doc: StoredFile) -> Vec<Network> {
    let mut out = crate::model::Validated::default();
    crate::model::validate_records(doc.networks.iter(), &mut out);
    // Which catalogue a kept record came from is cairn's own note, not a
    // field a catalogue may set, so validation drops it: put it back.
    let origins: std::collections::HashMap<&str, &str> = doc
        .networks
        .iter()
        .filter_map(|v| Some((v.get("id")?.as_str()?, v.get("cairn_origin")?.as_str()?)))
        .collect();
    for n in &mut out.networks {
        n.origin = origins
            .get(n.id.as_str())
            .map(|o| crate::model::safe(o).into_owned());
    }
    out.networks
}

/// A copy being written, borrowing its networks.
#[derive(Serialize)]
struct CopyRef<'a> {
    schema: &'a str,
    networks: &'a [Network],
}

struct HashWriter(sha2::Sha256);

impl std::io::Write for HashWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        use sha2::Digest;
        self.0.update(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[derive(Serialize, Deserialize)]
struct CopyFile {
    schema: String,
    networks: Vec<Network>,
}

/// Whether the copy the state names is there (without reading it).
pub fn has_copy(data: &Path, name: &str, state: &SourceState) -> bool {
    state
        .copy
        .as_ref()
        .is_some_and(|d| copy_path(data, name, d).is_file())
}

/// Writes a new copy and returns its digest; the caller then records it in
/// the state, which is what makes it current.
pub fn write_copy(data: &Path, name: &str, networks: &[Network]) -> Result<String, StoreError> {
    use sha2::{Digest, Sha256};
    let doc = CopyRef {
        schema: crate::model::CATALOGUE_SCHEMA,
        networks,
    };
    // Written twice as a stream (once into the digest that names the file,
    // once into the file) rather than held whole in memory.
    let mut hasher = HashWriter(Sha256::new());
    serde_json::to_writer(&mut hasher, &doc).expect("a catalogue serialises");
    let digest: String = hasher
        .0
        .finalize()
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect();
    store::create_private_dir(&sources_dir(data))?;
    store::create_private_dir(&dir(data, name))?;
    store::write_atomic_with(&copy_path(data, name, &digest), |w| {
        serde_json::to_writer(w, &doc).map_err(std::io::Error::other)
    })?;
    Ok(digest)
}

/// Removes copy files other than the current one (left by earlier syncs
/// or by a sync killed before it recorded its copy).
pub fn remove_old_copies(data: &Path, name: &str, state: &SourceState) {
    let Ok(entries) = std::fs::read_dir(dir(data, name)) else {
        return;
    };
    let keep = state.copy.as_ref().map(|d| format!("catalogue-{d}.json"));
    for entry in entries.flatten() {
        let file = entry.file_name().to_string_lossy().into_owned();
        // Older copies, and half-written ones of a sync that was killed.
        let stale = (file.starts_with("catalogue-") && Some(&file) != keep.as_ref())
            || (file.starts_with(".catalogue-") && file.ends_with(".tmp"));
        if stale {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

/// Forgets a source entirely (after it was removed from the settings).
pub fn remove(data: &Path, name: &str) -> std::io::Result<()> {
    match std::fs::remove_dir_all(dir(data, name)) {
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => Err(e),
        _ => Ok(()),
    }
}

/// Networks kept after their source dropped them, because the person
/// marked or wrote about them: `sources/delisted.json`.
pub fn read_delisted(data: &Path) -> Vec<Network> {
    std::fs::read(sources_dir(data).join("delisted.json"))
        .ok()
        .and_then(|b| serde_json::from_slice::<StoredFile>(&b).ok())
        .map(checked)
        .unwrap_or_default()
}

pub fn write_delisted(data: &Path, networks: &[Network]) -> Result<(), StoreError> {
    store::create_private_dir(&sources_dir(data))?;
    let doc = CopyFile {
        schema: crate::model::CATALOGUE_SCHEMA.to_string(),
        networks: networks.to_vec(),
    };
    let json = serde_json::to_vec(&doc).expect("a catalogue serialises");
    store::write_atomic(&sources_dir(data).join("delisted.json"), &json)
}

/// Holds the sync lock: one sync at a time per data folder; a second
/// waits for the first to finish.
pub struct SyncLock {
    _file: std::fs::File,
}

pub fn lock(data: &Path) -> Result<SyncLock, StoreError> {
    let root = sources_dir(data);
    store::create_private_dir(&root)?;
    let file = store::lock_file(&root.join(".sync.lock"))?;
    Ok(SyncLock { _file: file })
}

/// Networks added or changed by syncs that the person has not looked at
/// yet: `sources/unseen.json`.
pub fn read_unseen(data: &Path) -> Vec<String> {
    std::fs::read(sources_dir(data).join("unseen.json"))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default()
}

/// Changes `sources/unseen.json` under its own lock, so a sync in the
/// background and the person looking at a network (in this process or
/// another) never lose each other's change. The lock is not the sync
/// lock: that one is held for a whole sync, and looking at a network
/// must not wait for the network.
pub fn update_unseen(data: &Path, change: impl FnOnce(&mut Vec<String>)) -> Result<(), StoreError> {
    let root = sources_dir(data);
    store::create_private_dir(&root)?;
    let _lock = store::lock_file(&root.join(".unseen.lock"))?;
    let mut ids = read_unseen(data);
    let before = ids.clone();
    change(&mut ids);
    if ids == before {
        return Ok(());
    }
    let json = serde_json::to_vec(&ids).expect("ids serialise");
    store::write_atomic(&root.join("unseen.json"), &json)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn changes_to_unseen_from_many_writers_are_all_kept() {
        let data = tempfile::tempdir().unwrap();
        let writers: Vec<_> = (0..4)
            .map(|t| {
                let data = data.path().to_path_buf();
                std::thread::spawn(move || {
                    for i in 0..15 {
                        update_unseen(&data, |ids| ids.push(format!("n{t}-{i}"))).unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let mut ids = read_unseen(data.path());
        ids.sort();
        ids.dedup();
        assert_eq!(ids.len(), 60, "{ids:?}");
        update_unseen(data.path(), |ids| ids.retain(|i| !i.starts_with("n0-"))).unwrap();
        assert_eq!(read_unseen(data.path()).len(), 45);
    }
}
