//! Writing text in the person's own editor (`$VISUAL`, then `$EDITOR`),
//! through a private scratch file that is kept whenever the text could not
//! be saved, so nothing typed is ever lost.

use std::io::{self, IsTerminal};
use std::path::{Path, PathBuf};

use anyhow::{Context, Result, bail};

use crate::library::Library;

/// A private scratch file for text being edited, unique to this process.
pub fn scratch_file(library: &Library, stem: &str) -> PathBuf {
    library
        .paths()
        .cache
        .join("drafts")
        .join(format!("{stem}-{}.md", std::process::id()))
}

/// Writes `text` to a private scratch file, keeps a copy of an edit the
/// journal could not take, and returns where that copy is.
pub fn keep(scratch: &Path, text: &str) -> Result<String> {
    crate::store::write_atomic(scratch, text.as_bytes())?;
    Ok(scratch.display().to_string())
}

/// Opens the person's editor on `initial` and returns what they saved, or
/// None when no editor can be found and there is no way to ask.
pub fn edit_text(scratch: &Path, initial: &str) -> Result<Option<String>> {
    let editor = std::env::var("VISUAL")
        .ok()
        .or_else(|| std::env::var("EDITOR").ok())
        .filter(|e| !e.trim().is_empty());
    let Some(editor) = editor else {
        bail!(
            "no editor is set: set EDITOR (for example EDITOR=nano), or give the text with --body \"…\" or --body - to read it from standard input"
        );
    };
    if !io::stdin().is_terminal() {
        bail!(
            "cannot open an editor without a terminal; give the text with --body \"…\" or --body -"
        );
    }
    crate::store::write_atomic(scratch, initial.as_bytes())?;
    let mut parts = editor.split_whitespace();
    let program = parts.next().unwrap_or("vi");
    let status = std::process::Command::new(program)
        .args(parts)
        .arg(scratch)
        .status()
        .with_context(|| format!("cannot start the editor \"{editor}\""))?;
    if !status.success() {
        bail!(
            "the editor \"{editor}\" stopped with {status}; your text is kept in {}",
            scratch.display()
        );
    }
    // The scratch file stays until the caller has saved the text for good.
    let text = std::fs::read_to_string(scratch)
        .with_context(|| format!("cannot read {}", scratch.display()))?;
    Ok(Some(text))
}
