//! Changing an index a few networks at a time, as a sync needs: the
//! networks whose record changed are found by digest, and the new index is
//! made beside the old one (its files linked, not copied, where the file
//! system allows) so readers of the old one are never disturbed.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::Path;

use tantivy::{Index, Term};

use super::search::each_doc_strings;
use super::{IndexError, IndexMeta, Location, META_FILE, NetworkIndex, io_at, schema, writer};
use crate::model::Network;

/// What turns one index into another.
#[derive(Debug, Clone, Default)]
pub struct Changes {
    /// Positions (in the list given to `changes_to`) of the networks that
    /// are new or whose record changed.
    pub upserts: Vec<usize>,
    /// Ids of networks no longer there.
    pub removed: Vec<String>,
}

/// Segments beyond this many are merged after an update.
const MAX_SEGMENTS: usize = 8;

impl NetworkIndex {
    /// Each network's id and record digest, read from fast columns.
    pub fn hashes(&self) -> Result<HashMap<String, String>, IndexError> {
        let searcher = self.reader.searcher();
        let mut out = HashMap::new();
        each_doc_strings(&searcher, &["id", "hash"], |v| {
            if let [Some(id), Some(hash)] = v {
                out.insert(id.to_string(), hash.to_string());
            }
        })?;
        Ok(out)
    }

    /// What must change for this index to hold exactly `networks`.
    pub fn changes_to(&self, networks: &[Network]) -> Result<Changes, IndexError> {
        let old = self.hashes()?;
        let mut seen = HashSet::with_capacity(networks.len());
        let mut changes = Changes::default();
        for (i, n) in networks.iter().enumerate() {
            seen.insert(n.id.as_str());
            if old.get(&n.id) != Some(&schema::record_hash(n)) {
                changes.upserts.push(i);
            }
        }
        changes.removed = old
            .into_keys()
            .filter(|id| !seen.contains(id.as_str()))
            .collect();
        changes.removed.sort();
        Ok(changes)
    }

    /// A new index for `meta.key`: this one with `changes` (found by
    /// `changes_to(networks)`) applied. This
    /// one is left as it was (its files are linked into a new folder,
    /// changed there and the folder renamed into place).
    pub fn updated(
        &self,
        root: &Path,
        slot: &str,
        networks: &[Network],
        changes: &Changes,
        meta: IndexMeta,
    ) -> Result<NetworkIndex, IndexError> {
        let Location::Disk(from) = &self.location else {
            return Err(IndexError::Corrupt(
                "an index in memory cannot be updated on disk".into(),
            ));
        };
        let tmp = Self::building_dir(root, slot);
        let made = (|| {
            crate::store::create_private_dir(&tmp)?;
            for entry in fs::read_dir(from).map_err(io_at(from))? {
                let entry = entry.map_err(io_at(from))?;
                let name = entry.file_name();
                let text = name.to_string_lossy();
                // Lock files belong to the old folder's writers and readers.
                if text.starts_with(".tantivy") || text == META_FILE {
                    continue;
                }
                let to = tmp.join(&name);
                if fs::hard_link(entry.path(), &to).is_err() {
                    fs::copy(entry.path(), &to).map_err(io_at(&to))?;
                }
            }
            let index = Index::open_in_dir(&tmp)?;
            schema::register(&index);
            let fields = schema::fields(&index.schema());
            let mut writer = writer(&index)?;
            let upserts = changes.upserts.iter().filter_map(|&i| networks.get(i));
            for id in changes.removed.iter().chain(upserts.clone().map(|n| &n.id)) {
                writer.delete_term(Term::from_field_text(fields.id, id));
            }
            for n in upserts {
                writer.add_document(schema::document(&fields, n))?;
            }
            writer.commit()?;
            let segments = index.searchable_segment_ids()?;
            if segments.len() > MAX_SEGMENTS {
                writer.merge(&segments).wait()?;
            }
            writer.wait_merging_threads()?;
            let meta_json = serde_json::to_vec_pretty(&meta).expect("meta serialises");
            crate::store::write_atomic(&tmp.join(META_FILE), &meta_json)?;
            Ok::<_, IndexError>(())
        })();
        if let Err(e) = made {
            let _ = fs::remove_dir_all(&tmp);
            return Err(e);
        }
        Self::place(root, slot, &tmp, meta)
    }
}
