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

/// The editor command the person chose (`$VISUAL`, then `$EDITOR`); with
/// neither set and a person at the terminal, the first of the system's
/// usual editors found (see [`fallback`]).
pub fn command() -> Option<String> {
    chosen().or_else(|| {
        use std::io::IsTerminal;
        // With no one at the terminal an editor would wait for ever.
        if std::io::stdin().is_terminal() {
            fallback(on_path).map(String::from)
        } else {
            None
        }
    })
}

/// The editor the person set, if any.
fn chosen() -> Option<String> {
    ["VISUAL", "EDITOR"]
        .iter()
        .filter_map(|name| std::env::var(name).ok())
        .find(|e| !e.trim().is_empty())
}

/// When no editor was set: which one [`command`] falls back on, said so
/// the person knows (and how to choose another).
pub fn fallback_note() -> Option<String> {
    if chosen().is_some() {
        return None;
    }
    command().map(|editor| {
        format!("no $VISUAL or $EDITOR is set, so {editor} was used (set EDITOR to choose another)")
    })
}

/// The first usual editor present: the system's chosen `editor`, then
/// `nano`, then `vi`; Notepad on Windows.
fn fallback(present: impl Fn(&str) -> bool) -> Option<&'static str> {
    if cfg!(windows) {
        return Some("notepad");
    }
    ["editor", "nano", "vi"].into_iter().find(|p| present(p))
}

/// Whether a program of that name is in a folder on `PATH`.
fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|path| std::env::split_paths(&path).any(|dir| dir.join(program).is_file()))
}

/// The command that runs `editor` on `file`, as git runs its editor: the
/// setting goes through the shell, so `code --wait`, arguments and quoted
/// paths with spaces work; on Windows through `cmd`, which also finds
/// `code.cmd` for `code`.
fn launch(editor: &str, file: &Path) -> Command {
    #[cfg(windows)]
    {
        use std::os::windows::process::CommandExt;
        let mut c = Command::new("cmd");
        c.raw_arg("/C")
            .raw_arg(format!("{editor} \"{}\"", file.display()));
        c
    }
    #[cfg(not(windows))]
    {
        let plain = editor
            .chars()
            .all(|c| c.is_alphanumeric() || "/._-+".contains(c));
        if plain {
            let mut c = Command::new(editor);
            c.arg(file);
            c
        } else {
            let mut c = Command::new("sh");
            c.arg("-c")
                .arg(format!("{editor} \"$@\""))
                .arg(editor)
                .arg(file);
            c
        }
    }
}

/// A private scratch file for text being edited, unique to this process,
/// in the drafts folder of the data folder: a draft kept after a failed
/// edit is the person's text, so it never lives in the cache (which
/// people and cleaners delete). `stem` may hold an id read from a file:
/// anything but letters, digits, `-` and `_` is replaced, so the draft
/// cannot land outside its folder.
pub fn scratch_file(paths: &Paths, stem: &str) -> PathBuf {
    let dir = paths.drafts_dir();
    move_old_drafts(&paths.cache.join("drafts"), &dir);
    let stem: String = stem
        .chars()
        .take(80)
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' || c == '_' {
                c
            } else {
                '_'
            }
        })
        .collect();
    dir.join(format!("{stem}-{}.md", std::process::id()))
}

/// Moves drafts kept by older versions of cairn in the cache to `to`,
/// never over a draft already there.
fn move_old_drafts(from: &Path, to: &Path) {
    let Ok(old) = std::fs::read_dir(from) else {
        return;
    };
    if crate::store::create_private_dir(to).is_err() {
        return;
    }
    for file in old.flatten() {
        let target = to.join(file.file_name());
        if file.file_type().is_ok_and(|t| t.is_file()) && !target.exists() {
            // The cache may be on another disk, where a rename cannot go.
            let moved = std::fs::rename(file.path(), &target).is_ok()
                || (std::fs::copy(file.path(), &target).is_ok()
                    && std::fs::remove_file(file.path()).is_ok());
            if !moved {
                let _ = std::fs::remove_file(&target);
            }
        }
    }
    // Gone only when emptied; a draft that could not move stays put.
    let _ = std::fs::remove_dir(from);
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
    let status = launch(editor, scratch)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_fallback_is_the_first_usual_editor_present() {
        if cfg!(windows) {
            assert_eq!(fallback(|_| false), Some("notepad"));
            return;
        }
        assert_eq!(fallback(|p| p == "vi" || p == "nano"), Some("nano"));
        assert_eq!(fallback(|p| p == "vi"), Some("vi"));
        assert_eq!(fallback(|_| true), Some("editor"));
        assert_eq!(fallback(|_| false), None);
    }

    #[cfg(unix)]
    #[test]
    fn an_editor_with_arguments_and_a_quoted_path_with_spaces_runs() {
        use std::os::unix::fs::PermissionsExt;
        let home = tempfile::tempdir().unwrap();
        let dir = home.path().join("my editors");
        std::fs::create_dir_all(&dir).unwrap();
        let script = dir.join("append.sh");
        // Appends its first argument to the file given last.
        std::fs::write(
            &script,
            "#!/bin/sh\nfor f; do :; done\nprintf '%s' \"$1\" >> \"$f\"\n",
        )
        .unwrap();
        std::fs::set_permissions(&script, std::fs::Permissions::from_mode(0o755)).unwrap();
        let editor = format!("'{}' --waited", script.display());
        let scratch = home.path().join("draft file.md");
        let text = edit_text(Some(&editor), &scratch, "text ", false).unwrap();
        assert_eq!(text, "text --waited");
    }

    #[test]
    fn a_crafted_id_never_takes_a_draft_out_of_its_folder() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let draft = scratch_file(&paths, "edit-../../../etc/x");
        assert_eq!(draft.parent(), Some(paths.drafts_dir().as_path()));
        assert!(
            !draft.to_string_lossy().contains(".."),
            "{}",
            draft.display()
        );
    }

    #[test]
    fn drafts_kept_in_the_cache_move_to_the_data_folder() {
        let home = tempfile::tempdir().unwrap();
        let paths = Paths::under(home.path());
        let old = paths.cache.join("drafts");
        std::fs::create_dir_all(&old).unwrap();
        std::fs::write(old.join("edit-a-1.md"), "kept").unwrap();
        scratch_file(&paths, "new");
        let moved = paths.drafts_dir().join("edit-a-1.md");
        assert_eq!(std::fs::read_to_string(moved).unwrap(), "kept");
        assert!(!old.exists());
    }
}
