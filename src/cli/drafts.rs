//! `cairn journal drafts`: text kept aside when it could not be saved,
//! listed, resumed into the journal, or removed.

use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::Subcommand;

use super::journal::edit_text;
use crate::library::{DraftOf, Library, keep_draft as keep};

/// What to do with a draft.
#[derive(Debug, Subcommand)]
pub enum DraftsAction {
    /// List the drafts, newest first (what `journal drafts` alone does)
    List,
    /// Open a draft in your editor and save it for what it was for: the edit of its entry, or a new entry
    Resume {
        /// Its number in the list, or the start of its name
        draft: String,
        /// The title of a new entry (else its "# Title" line or first line)
        #[arg(long)]
        title: Option<String>,
        /// Save the draft as it is, without opening your editor
        #[arg(long)]
        no_edit: bool,
    },
    /// Remove a draft for good
    Rm {
        /// Its number in the list, or the start of its name
        draft: String,
    },
}

/// `journal drafts`: list, resume or remove text kept aside.
pub fn drafts(library: &Library, action: DraftsAction) -> Result<ExitCode> {
    match action {
        DraftsAction::List => {
            let drafts = library.drafts()?;
            if drafts.is_empty() {
                eprintln!("No drafts: everything you wrote was saved.");
            }
            for (i, d) in drafts.iter().enumerate() {
                let of = match &d.of {
                    DraftOf::Edit(id) => format!("edit of {id}"),
                    DraftOf::New(Some(kind)) => format!("new {kind}"),
                    DraftOf::New(None) => "new entry".into(),
                };
                let age = crate::library::age(
                    d.modified
                        .and_then(|m| m.duration_since(std::time::UNIX_EPOCH).ok())
                        .map(|t| t.as_secs()),
                );
                println!(
                    "{:>2}  {:<18} {:<14} {}  ({})",
                    i + 1,
                    of,
                    age,
                    crate::model::safe(&d.first_line()),
                    d.name
                );
            }
            Ok(ExitCode::SUCCESS)
        }
        DraftsAction::Resume {
            draft,
            title,
            no_edit,
        } => {
            let draft = library.find_draft(&draft)?;
            let text = if no_edit {
                draft.text.clone()
            } else {
                edit_text(&draft.path, &draft.text)?
            };
            match library.save_draft(&draft, &text, title) {
                Ok(Some(saved)) => {
                    println!("{}", saved.entry.meta.id);
                    eprintln!("Saved {}; the draft is removed.", saved.path.display());
                }
                Ok(None) => eprintln!("No change to the entry; the draft is removed."),
                Err(e) => bail!("{e}; the draft stays in {}", keep(&draft.path, &text)?),
            }
            Ok(ExitCode::SUCCESS)
        }
        DraftsAction::Rm { draft } => {
            let draft = library.find_draft(&draft)?;
            library.remove_draft(&draft)?;
            eprintln!("Removed the draft {}.", draft.name);
            Ok(ExitCode::SUCCESS)
        }
    }
}
