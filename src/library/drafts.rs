//! Drafts: text kept in the data folder's drafts folder when it could not
//! be saved (an edit that broke the front matter, a new entry refused, a
//! form that failed to save). Listed, resumed into the journal, or removed.

use std::path::{Path, PathBuf};
use std::time::SystemTime;

use super::{Library, LibraryError, NewEntry};
use crate::journal::Stored;
use crate::model::Kind;

/// What a draft was for.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DraftOf {
    /// An edit of the entry with this id (the whole file, front matter too).
    Edit(String),
    /// A new entry of this kind, or of the default kind (the text, maybe
    /// with `# Title` first).
    New(Option<Kind>),
}

/// A draft kept aside.
#[derive(Debug, Clone)]
pub struct Draft {
    pub path: PathBuf,
    /// The file's name, which `resume` and `rm` also take.
    pub name: String,
    pub of: DraftOf,
    pub modified: Option<SystemTime>,
    pub text: String,
}

impl Draft {
    /// The first line with words, for a list.
    pub fn first_line(&self) -> String {
        // An edit's draft is the whole file, and broken: its title line.
        let body = match &self.of {
            DraftOf::Edit(_) => self
                .text
                .lines()
                .filter_map(|l| l.trim().strip_prefix("title"))
                .filter_map(|rest| rest.trim_start().strip_prefix('='))
                .map(|v| v.trim().trim_matches(['"', '\'']).to_string())
                .next()
                .unwrap_or_default(),
            DraftOf::New(_) => String::new(),
        };
        if !body.is_empty() {
            return body;
        }
        self.text
            .lines()
            .map(|l| l.trim().trim_start_matches('#').trim())
            .find(|l| !l.is_empty() && *l != "+++")
            .unwrap_or("")
            .chars()
            .take(70)
            .collect()
    }
}

/// What a draft's file name says it was for: `edit-ID-PID.md`,
/// `new-KIND-PID.md`, `unsaved-entry-PID.md`.
fn draft_of(stem: &str) -> DraftOf {
    // The process id at the end only kept drafts apart.
    let stem = match stem.rsplit_once('-') {
        Some((head, pid)) if pid.chars().all(|c| c.is_ascii_digit()) => head,
        _ => stem,
    };
    if let Some(id) = stem.strip_prefix("edit-") {
        return DraftOf::Edit(id.to_string());
    }
    DraftOf::New(stem.strip_prefix("new-").and_then(Kind::parse))
}

/// A new entry's title and text from a draft: a `# Title` first line, or
/// `title`, or the first line with words.
fn title_and_body(text: &str, title: Option<String>) -> (String, String) {
    let text = text.trim_start();
    let first = text.lines().next().unwrap_or("");
    if let Some(heading) = first.strip_prefix("# ")
        && title.is_none()
    {
        let rest = text[first.len()..].trim_start_matches(['\r', '\n']);
        return (heading.trim().to_string(), rest.to_string());
    }
    match title {
        Some(t) => (t, text.to_string()),
        None => (
            first.trim().trim_start_matches('#').trim().to_string(),
            text[first.len()..]
                .trim_start_matches(['\r', '\n'])
                .to_string(),
        ),
    }
}

impl Library {
    /// The drafts kept aside, newest first.
    pub fn drafts(&self) -> Result<Vec<Draft>, LibraryError> {
        let dir = self.paths().drafts_dir();
        let items = match std::fs::read_dir(&dir) {
            Ok(items) => items,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(Vec::new()),
            Err(e) => {
                return Err(LibraryError::Invalid(format!(
                    "cannot read the drafts folder {}: {e}",
                    dir.display()
                )));
            }
        };
        let mut drafts = Vec::new();
        for item in items.flatten() {
            let path = item.path();
            let name = item.file_name().to_string_lossy().into_owned();
            if name.starts_with('.') || !name.ends_with(".md") {
                continue;
            }
            let Ok(bytes) = std::fs::read(&path) else {
                continue;
            };
            let stem = name.trim_end_matches(".md");
            drafts.push(Draft {
                of: draft_of(stem),
                modified: item.metadata().and_then(|m| m.modified()).ok(),
                text: String::from_utf8_lossy(&bytes).into_owned(),
                name,
                path,
            });
        }
        drafts.sort_by(|a, b| b.modified.cmp(&a.modified).then(a.name.cmp(&b.name)));
        Ok(drafts)
    }

    /// The draft `which` names: its number in [`Library::drafts`] (from 1)
    /// or the start of its file name.
    pub fn find_draft(&self, which: &str) -> Result<Draft, LibraryError> {
        let drafts = self.drafts()?;
        let which = which.trim();
        if let Ok(n) = which.parse::<usize>()
            && (1..=drafts.len()).contains(&n)
        {
            return Ok(drafts[n - 1].clone());
        }
        let matching: Vec<&Draft> = drafts
            .iter()
            .filter(|d| !which.is_empty() && d.name.starts_with(which))
            .collect();
        match matching.as_slice() {
            [one] => Ok((*one).clone()),
            [] => Err(LibraryError::Invalid(format!(
                "no draft is numbered or named \"{which}\"; `cairn journal drafts` lists them"
            ))),
            many => Err(LibraryError::Invalid(format!(
                "\"{which}\" starts more than one draft's name: {}; give more of it",
                many.iter()
                    .map(|d| d.name.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            ))),
        }
    }

    /// Saves `text` (a draft's text, perhaps edited again) for what the
    /// draft was for: the edit applied to its entry, or a new entry. The
    /// draft is removed once saved. `Ok(None)`: the edit changed nothing.
    pub fn save_draft(
        &self,
        draft: &Draft,
        text: &str,
        title: Option<String>,
    ) -> Result<Option<Stored>, LibraryError> {
        let saved = match &draft.of {
            DraftOf::Edit(id) => {
                let stored = self.find_entry(id)?;
                self.apply_edit(stored, text)?
            }
            DraftOf::New(kind) => {
                let (title, body) = title_and_body(text, title);
                let kind = kind.unwrap_or_else(|| self.default_kind());
                Some(self.add_entry(NewEntry::new(kind, title, body))?)
            }
        };
        super::discard_draft(&draft.path);
        Ok(saved)
    }

    /// Removes a draft for good.
    pub fn remove_draft(&self, draft: &Draft) -> Result<(), LibraryError> {
        remove(&draft.path)
    }
}

fn remove(path: &Path) -> Result<(), LibraryError> {
    std::fs::remove_file(path).map_err(|e| {
        LibraryError::Invalid(format!("cannot remove the draft {}: {e}", path.display()))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_drafts_name_says_what_it_was_for() {
        assert_eq!(draft_of("edit-ab3k9x-1234"), DraftOf::Edit("ab3k9x".into()));
        assert_eq!(draft_of("new-lesson-99"), DraftOf::New(Some(Kind::Lesson)));
        assert_eq!(draft_of("unsaved-entry-7"), DraftOf::New(None));
        assert_eq!(draft_of("my notes"), DraftOf::New(None));
    }

    #[test]
    fn a_new_entrys_title_comes_from_its_heading_or_first_line() {
        assert_eq!(
            title_and_body("# Budget\n\nText", None),
            ("Budget".into(), "Text".into())
        );
        assert_eq!(
            title_and_body("First line\nmore", None),
            ("First line".into(), "more".into())
        );
        assert_eq!(
            title_and_body("# Budget\n\nText", Some("Mine".into())),
            ("Mine".into(), "# Budget\n\nText".into())
        );
    }
}
