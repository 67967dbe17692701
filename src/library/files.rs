//! Files the front ends ask for by name: a proposal or a pack written where
//! the person said, and the drafts `$EDITOR` works on. Every write is
//! atomic (`store::write_atomic`: a temporary file, fsync, rename), so a
//! crash leaves the old file or the new one, never half of one.

use std::path::{Path, PathBuf};

use super::{Library, LibraryError, Proposed, SharePlan};

/// How a pack is written out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PackFormat {
    /// Markdown to read and post.
    Markdown,
    /// The JSON others import.
    Json,
}

/// Where a proposal went: the record and the message beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProposalFiles {
    /// The network record (JSON), at the path asked for.
    pub record: PathBuf,
    /// The message for the catalogue's maintainers (the same path, `.md`).
    pub message: PathBuf,
}

impl SharePlan {
    /// The pack as text in `format`, as it is written or printed.
    pub fn pack_text(&self, format: PackFormat) -> String {
        match format {
            PackFormat::Markdown => self.pack.to_markdown(&self.network_name),
            PackFormat::Json => {
                serde_json::to_string_pretty(&self.pack).expect("a pack serialises") + "\n"
            }
        }
    }
}

impl Library {
    /// Writes a proposal's record to `record` and its message beside it
    /// (the same name with `.md`), each atomically.
    pub fn write_proposal(
        &self,
        p: &Proposed,
        record: &Path,
    ) -> Result<ProposalFiles, LibraryError> {
        let message = record.with_extension("md");
        crate::store::write_atomic(record, p.to_json().as_bytes())?;
        crate::store::write_atomic(&message, p.to_markdown().as_bytes())?;
        Ok(ProposalFiles {
            record: record.to_path_buf(),
            message,
        })
    }

    /// Writes a pack to `path` in `format`, atomically.
    pub fn write_pack(
        &self,
        plan: &SharePlan,
        format: PackFormat,
        path: &Path,
    ) -> Result<(), LibraryError> {
        crate::store::write_atomic(path, plan.pack_text(format).as_bytes())?;
        Ok(())
    }

    /// Writes a journal export where the person said, atomically: a file
    /// already there is replaced whole or left as it was.
    pub fn write_export(&self, path: &Path, text: &str) -> Result<(), LibraryError> {
        crate::store::write_atomic(path, text.as_bytes())?;
        Ok(())
    }

    /// A private scratch file in the drafts folder for `$EDITOR`, named
    /// from `stem` (made safe for a file name).
    pub fn draft_file(&self, stem: &str) -> PathBuf {
        crate::editor::scratch_file(&self.paths, stem)
    }
}

/// Writes a packaging file (a manual page, a completion script) atomically,
/// making its folder.
pub fn write_asset(path: &Path, bytes: &[u8]) -> Result<(), LibraryError> {
    crate::store::write_atomic(path, bytes)?;
    Ok(())
}

/// Removes a draft once its text is saved for good (or was left
/// unchanged). A draft already gone is not an error.
pub fn discard_draft(draft: &Path) {
    let _ = std::fs::remove_file(draft);
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::library::{OpenOptions, Proposal};

    fn library(home: &Path) -> Library {
        let catalogue = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.json");
        Library::open_at(
            crate::paths::Paths::under(home),
            OpenOptions {
                catalogue_file: Some(catalogue),
            },
        )
        .expect("the library opens")
    }

    #[test]
    fn a_proposal_is_written_whole_with_its_message_beside_it() {
        let home = tempfile::tempdir().unwrap();
        let lib = library(home.path());
        let proposed = lib
            .propose(&Proposal {
                name: "Civic Makers Test".into(),
                summary: "People who build things for their town.".into(),
                url: Some("https://civicmakers.example.org".into()),
                ..Proposal::default()
            })
            .expect("a proposal");
        let out = home.path().join("out");
        std::fs::create_dir(&out).unwrap();
        let record = out.join("civic.json");
        // An older file at the same place is replaced, never appended to.
        std::fs::write(&record, "old and much longer than the new one ".repeat(500)).unwrap();
        let files = lib.write_proposal(&proposed, &record).unwrap();
        assert_eq!(files.record, record);
        assert_eq!(files.message, out.join("civic.md"));
        assert_eq!(
            std::fs::read_to_string(&record).unwrap(),
            proposed.to_json()
        );
        assert_eq!(
            std::fs::read_to_string(&files.message).unwrap(),
            proposed.to_markdown()
        );
        // No temporary file is left beside them.
        let mut names: Vec<_> = std::fs::read_dir(&out)
            .unwrap()
            .map(|e| e.unwrap().file_name().into_string().unwrap())
            .collect();
        names.sort();
        assert_eq!(names, ["civic.json", "civic.md"]);
    }

    #[test]
    fn drafts_live_in_the_drafts_folder_and_discarding_twice_is_fine() {
        let home = tempfile::tempdir().unwrap();
        let lib = library(home.path());
        let draft = lib.draft_file("edit-../../etc/x");
        assert!(draft.starts_with(lib.paths().drafts_dir()));
        crate::store::write_atomic(&draft, b"text").unwrap();
        discard_draft(&draft);
        assert!(!draft.exists());
        discard_draft(&draft);
    }
}
