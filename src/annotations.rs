//! The user's own marks on networks (star, member, private note), kept
//! apart from every catalogue so no sync or catalogue change can touch them.
//!
//! They live in one small JSON file in the data folder. Every change is a
//! read-modify-write under a lock file, so two cairns (say the TUI and a
//! script) never overwrite each other's marks, and each write is atomic.

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::store::{self, StoreError};

const FILE: &str = "annotations.json";
const LOCK: &str = ".annotations.lock";

/// What the user has said about one network.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Annotation {
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub starred: bool,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub member: bool,
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub note: String,
}

impl Annotation {
    pub fn is_empty(&self) -> bool {
        *self == Annotation::default()
    }
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct FileFormat {
    version: u32,
    #[serde(default)]
    networks: BTreeMap<String, Annotation>,
}

/// Why the annotations could not be read or saved.
#[derive(Debug, thiserror::Error)]
pub enum AnnotationError {
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    #[error(
        "{} is not readable ({source}); it was left as it is. Fix or move it away, \
         and cairn starts a new one",
        path.display()
    )]
    Parse {
        path: PathBuf,
        #[source]
        source: serde_json::Error,
    },
    #[error(transparent)]
    Write(#[from] StoreError),
}

/// All annotations, by network id.
#[derive(Debug, Clone, Default)]
pub struct Annotations {
    by_id: BTreeMap<String, Annotation>,
}

impl Annotations {
    /// Reads the annotations in `data_dir`; a missing file means none yet.
    pub fn load(data_dir: &Path) -> Result<Annotations, AnnotationError> {
        let path = data_dir.join(FILE);
        let bytes = match fs::read(&path) {
            Ok(bytes) => bytes,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Annotations::default()),
            Err(source) => return Err(AnnotationError::Read { path, source }),
        };
        let file: FileFormat = serde_json::from_slice(&bytes)
            .map_err(|source| AnnotationError::Parse { path, source })?;
        Ok(Annotations {
            by_id: file.networks,
        })
    }

    pub fn get(&self, id: &str) -> Option<&Annotation> {
        self.by_id.get(id)
    }

    pub fn iter(&self) -> impl Iterator<Item = (&str, &Annotation)> {
        self.by_id.iter().map(|(id, a)| (id.as_str(), a))
    }

    /// Ids of starred networks.
    pub fn starred(&self) -> Vec<String> {
        self.by_id
            .iter()
            .filter(|(_, a)| a.starred)
            .map(|(id, _)| id.clone())
            .collect()
    }

    /// Applies `change` to one network's annotation and saves, merging with
    /// whatever another process saved meanwhile. Returns the fresh set.
    pub fn update(
        data_dir: &Path,
        id: &str,
        change: impl FnOnce(&mut Annotation),
    ) -> Result<Annotations, AnnotationError> {
        store::create_private_dir(data_dir)?;
        // Blocks only while another cairn is in the middle of its own tiny
        // write; released when `_lock` is dropped.
        let _lock = store::lock_file(&data_dir.join(LOCK))?;
        let mut fresh = Annotations::load(data_dir)?;
        let entry = fresh.by_id.entry(id.to_string()).or_default();
        change(entry);
        if entry.is_empty() {
            fresh.by_id.remove(id);
        }
        let file = FileFormat {
            version: 1,
            networks: fresh.by_id.clone(),
        };
        let mut text = serde_json::to_vec_pretty(&file).expect("annotations serialise");
        text.push(b'\n');
        store::write_atomic(&data_dir.join(FILE), &text)?;
        Ok(fresh)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn updates_merge_and_empty_marks_disappear() {
        let dir = tempfile::tempdir().unwrap();
        Annotations::update(dir.path(), "a", |a| a.starred = true).unwrap();
        Annotations::update(dir.path(), "b", |a| a.note = "ask about approvals".into()).unwrap();
        let all = Annotations::update(dir.path(), "a", |a| a.starred = false).unwrap();
        assert!(all.get("a").is_none());
        assert_eq!(all.get("b").unwrap().note, "ask about approvals");
        assert_eq!(Annotations::load(dir.path()).unwrap().iter().count(), 1);
    }

    #[test]
    fn an_unreadable_file_is_reported_and_left_alone() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join(FILE), "{ not json").unwrap();
        let err = Annotations::update(dir.path(), "a", |a| a.starred = true).unwrap_err();
        assert!(err.to_string().contains("left as it is"), "{err}");
        assert_eq!(
            fs::read_to_string(dir.path().join(FILE)).unwrap(),
            "{ not json"
        );
    }
}
