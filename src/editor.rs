//! The person's own text editor (`$VISUAL`, then `$EDITOR`), run on a
//! private scratch file that is kept whenever the text could not be saved,
//! so nothing typed is ever lost. Both front ends use it: the CLI directly,
//! the TUI after handing the terminal over.

use std::path::{Path, PathBuf};
use std::process::Command;

use crate::paths::Paths;

#[derive(Debug, thiserror::Error)]
pub enum EditorError {
    #[error(
        "no editor is set: set EDITOR (for example EDITOR=nano){hint}",
        hint = if *.0 { ", or give the text with --body \"…\" or --body - to read it from standard input" } else { "" }
    )]
    NotSet(bool),
    #[error("cannot start the editor \"{editor}\": {source}")]
    Start {
        editor: String,
        source: std::io::Error,
    },
    #[error("the editor \"{editor}\" stopped with {status}; your text is kept in {}", kept.display())]
    Failed {
        editor: String,
        status: std::process::ExitStatus,
        kept: PathBuf,
    },
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
    #[error("could not hand the terminal to the editor: {0}")]
    Terminal(std::io::Error),
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        source: std::io::Error,
    },
}

/// The editor command the person chose, if any.
pub fn command() -> Option<String> {
    std::env::var("VISUAL")
        .ok()
        .filter(|e| !e.trim().is_empty())
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty())
}

/// A private scratch file for text being edited, unique to this process.
pub fn scratch_file(paths: &Paths, stem: &str) -> PathBuf {
    paths
        .cache
        .join("drafts")
        .join(format!("{stem}-{}.md", std::process::id()))
}

/// Writes `text` to a private scratch file, keeping a copy of an edit the
/// journal could not take, and returns where that copy is.
pub fn keep(scratch: &Path, text: &str) -> Result<String, EditorError> {
    crate::store::write_atomic(scratch, text.as_bytes())?;
    Ok(scratch.display().to_string())
}

/// Runs `editor` on a scratch file holding `initial` and returns what was
/// saved. The scratch file stays until the caller has saved the text for
/// good (and then removes it). `cli_hint` adds the CLI's `--body` advice
/// to the "no editor" message.
pub fn edit_text(
    editor: Option<&str>,
    scratch: &Path,
    initial: &str,
    cli_hint: bool,
) -> Result<String, EditorError> {
    let Some(editor) = editor else {
        return Err(EditorError::NotSet(cli_hint));
    };
    crate::store::write_atomic(scratch, initial.as_bytes())?;
    // "code --wait" or "nano -w": the first word is the program.
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = Command::new(program)
        .args(parts)
        .arg(scratch)
        .status()
        .map_err(|source| EditorError::Start {
            editor: editor.to_string(),
            source,
        })?;
    if !status.success() {
        return Err(EditorError::Failed {
            editor: editor.to_string(),
            status,
            kept: scratch.to_path_buf(),
        });
    }
    std::fs::read_to_string(scratch).map_err(|source| EditorError::Read {
        path: scratch.to_path_buf(),
        source,
    })
}
