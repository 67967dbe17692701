//! Durable file writes: a write either lands whole or not at all, and what
//! cairn creates is readable by the user only.

use std::fs::{self, File, OpenOptions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A write that failed, with the file it was for.
#[derive(Debug, thiserror::Error)]
#[error("cannot write {}: {source}", path.display())]
pub struct StoreError {
    pub path: PathBuf,
    #[source]
    pub source: io::Error,
}

fn at(path: &Path) -> impl FnOnce(io::Error) -> StoreError + '_ {
    move |source| StoreError {
        path: path.to_path_buf(),
        source,
    }
}

/// Creates a folder and its parents, private to the user on Unix.
pub fn create_private_dir(path: &Path) -> Result<(), StoreError> {
    let mut builder = fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        builder.mode(0o700);
    }
    builder.create(path).map_err(at(path))
}

/// Replaces `path` with `contents` atomically: a temporary file in the same
/// folder is written and flushed to disk, then renamed over the target, and
/// the folder is flushed so the rename itself survives a crash.
///
/// When `path` is a symbolic link (a journal entry kept in a synced folder,
/// say), the file it points to is replaced and the link stays a link.
pub fn write_atomic(path: &Path, contents: &[u8]) -> Result<(), StoreError> {
    write_atomic_with(path, |w| w.write_all(contents))
}

/// Like [`write_atomic`], for contents written a piece at a time by
/// `fill`, so large files need not be held in memory whole.
pub fn write_atomic_with(
    path: &Path,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> Result<(), StoreError> {
    let target = resolve_links(path).map_err(at(path))?;
    let dir = target
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    create_private_dir(dir)?;
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let (tmp, file) = create_temp(dir, &name).map_err(at(path))?;
    let result = fill_and_sync(file, fill).and_then(|()| rename(&tmp, &target));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(at(path)(e));
    }
    sync_dir(dir);
    Ok(())
}

/// Replaces `path` with `contents` atomically (a temporary file renamed
/// over it, so a reader never sees half a file) but without waiting for
/// the disk: for files that can always be made again, such as the pages of
/// a published site, where thousands of flushes would cost seconds; or for
/// a batch of new files the caller then flushes at once with
/// [`sync_files`] (an import).
pub fn replace_derived(path: &Path, contents: &[u8]) -> Result<(), StoreError> {
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    let (tmp, mut file) = create_temp(dir, &name).map_err(at(path))?;
    let result = file.write_all(contents).and_then(|()| rename(&tmp, path));
    if let Err(e) = result {
        let _ = fs::remove_file(&tmp);
        return Err(at(path)(e));
    }
    Ok(())
}

/// Flushes written files and their folders to disk. On Linux one call
/// flushes the whole file system (cheaper than thousands of flushes);
/// elsewhere each file is flushed. Failures are ignored, as in
/// [`sync_dir`]: the data is written, and a flush is only insurance.
pub fn sync_files(paths: &[PathBuf]) {
    #[cfg(target_os = "linux")]
    if let Some(Ok(file)) = paths.first().map(File::open) {
        use std::os::fd::AsRawFd;
        if nix::unistd::syncfs(file.as_raw_fd()).is_ok() {
            return;
        }
    }
    let mut dirs: Vec<&Path> = Vec::new();
    for path in paths {
        // Windows flushes only a file opened for writing.
        if let Ok(file) = OpenOptions::new().write(true).open(path) {
            let _ = file.sync_all();
        }
        if let Some(dir) = path.parent()
            && !dirs.contains(&dir)
        {
            dirs.push(dir);
        }
    }
    for dir in dirs {
        sync_dir(dir);
    }
}

/// Renames a file, waiting out an anti-virus scanner that holds it (see
/// [`retry_busy`]).
pub fn rename(from: &Path, to: &Path) -> io::Result<()> {
    retry_busy(cfg!(windows), || fs::rename(from, to))
}

/// Runs `op`, and when `busy_retries` is on and it fails with "permission
/// denied" (how Windows reports a file an anti-virus scanner holds open
/// for a moment), tries again a few times over about a second before
/// reporting the error. Elsewhere the first answer stands.
pub fn retry_busy<T>(busy_retries: bool, mut op: impl FnMut() -> io::Result<T>) -> io::Result<T> {
    let mut wait = std::time::Duration::from_millis(10);
    for _ in 0..6 {
        match op() {
            Err(e) if busy_retries && e.kind() == io::ErrorKind::PermissionDenied => {
                std::thread::sleep(wait);
                wait *= 2;
            }
            other => return other,
        }
    }
    op()
}

/// Follows `path` through any symbolic links to the file they name (which
/// may not exist yet). Only the last component matters: a rename within a
/// linked folder already lands in the real folder.
fn resolve_links(path: &Path) -> io::Result<PathBuf> {
    let mut path = path.to_path_buf();
    // The limit Linux itself puts on a chain of links.
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&path)?;
                // A relative link is relative to the folder holding it.
                path = match path.parent() {
                    Some(dir) => dir.join(to),
                    None => to,
                };
            }
            _ => return Ok(path),
        }
    }
    Err(io::Error::other(
        "too many levels of symbolic links; is there a loop?",
    ))
}

/// Creates a new, private temporary file beside `name` in `dir`. The name
/// holds the process id, a per-process counter and a clock nonce, so two
/// writers (in one process or two) never share a temp file; it is created
/// only if it does not exist, so an unlikely clash is retried, never
/// written over.
fn create_temp(dir: &Path, name: &str) -> io::Result<(PathBuf, File)> {
    use std::sync::atomic::{AtomicU64, Ordering};
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let mut last = None;
    for _ in 0..16 {
        let n = COUNTER.fetch_add(1, Ordering::Relaxed);
        let nonce = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let tmp = dir.join(format!(
            ".{name}.{}.{n}.{nonce:08x}.tmp",
            std::process::id()
        ));
        let mut options = OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        {
            use std::os::unix::fs::OpenOptionsExt;
            options.mode(0o600);
        }
        match options.open(&tmp) {
            Ok(file) => return Ok((tmp, file)),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => last = Some(e),
            Err(e) => return Err(e),
        }
    }
    Err(last.unwrap_or_else(|| io::Error::other("no free temporary name")))
}

fn fill_and_sync(
    file: File,
    fill: impl FnOnce(&mut dyn Write) -> io::Result<()>,
) -> io::Result<()> {
    let mut file = io::BufWriter::new(file);
    fill(&mut file)?;
    let file = file.into_inner().map_err(|e| e.into_error())?;
    file.sync_all()
}

/// Makes every file and folder this process creates from now on private
/// to the user (umask 077, added to whatever the user's umask already
/// forbids). cairn asks for 0600 and 0700 itself, but the search index's
/// files are created by tantivy with the default mode, and the journal
/// index holds private text. Called once at start-up, before any thread
/// exists. Programs cairn starts (the editor, the link opener) inherit it.
#[cfg(unix)]
pub fn keep_new_files_private() {
    use nix::sys::stat::{Mode, umask};
    let private = Mode::S_IRWXG | Mode::S_IRWXO;
    let before = umask(private);
    umask(before | private);
}

/// Elsewhere files are private by their folder's access rules.
#[cfg(not(unix))]
pub fn keep_new_files_private() {}

/// Flushes a folder's entries to disk. Not possible on every platform, and
/// the data is already safe in its file, so failure is ignored.
pub fn sync_dir(dir: &Path) {
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
}

/// Takes an exclusive lock on `path` (created private if missing), waiting
/// while another process holds it; released when the file is dropped.
pub fn lock_file(path: &Path) -> Result<File, StoreError> {
    let mut options = OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let file = options.open(path).map_err(at(path))?;
    file.lock().map_err(at(path))?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_file_held_for_a_moment_is_retried_and_other_errors_are_not() {
        let mut tries = 0;
        let held = retry_busy(true, || {
            tries += 1;
            if tries < 3 {
                Err(io::Error::from(io::ErrorKind::PermissionDenied))
            } else {
                Ok(tries)
            }
        });
        assert_eq!(held.unwrap(), 3);
        let mut tries = 0;
        let missing: io::Result<()> = retry_busy(true, || {
            tries += 1;
            Err(io::Error::from(io::ErrorKind::NotFound))
        });
        assert!(missing.is_err());
        assert_eq!(tries, 1, "only a held file is retried");
        let mut tries = 0;
        let denied: io::Result<()> = retry_busy(true, || {
            tries += 1;
            Err(io::Error::from(io::ErrorKind::PermissionDenied))
        });
        assert!(denied.is_err());
        assert_eq!(tries, 7, "a bounded number of tries");
        let mut tries = 0;
        let _ = retry_busy(false, || -> io::Result<()> {
            tries += 1;
            Err(io::Error::from(io::ErrorKind::PermissionDenied))
        });
        assert_eq!(tries, 1, "off: the first answer stands");
    }

    #[test]
    fn atomic_write_replaces_and_leaves_no_temp_files() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("sub/note.md");
        write_atomic(&path, b"one").unwrap();
        write_atomic(&path, b"two").unwrap();
        assert_eq!(fs::read(&path).unwrap(), b"two");
        let names: Vec<_> = fs::read_dir(path.parent().unwrap()).unwrap().collect();
        assert_eq!(names.len(), 1);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&path).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }

    #[test]
    fn failed_write_keeps_the_old_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("keep.md");
        write_atomic(&path, b"old").unwrap();
        // The disk fills up half way through the new text.
        let err = write_atomic_with(&path, |w| {
            w.write_all(b"new, but only ha")?;
            Err(io::Error::other("no space left on device"))
        })
        .unwrap_err();
        assert!(err.to_string().contains("no space left"), "{err}");
        assert_eq!(fs::read(&path).unwrap(), b"old");
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "the temp file is removed: {names:?}");
    }

    #[test]
    fn writers_in_one_process_never_share_a_temp_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("unseen.json");
        let writers: Vec<_> = (0..6)
            .map(|t| {
                let path = path.clone();
                std::thread::spawn(move || {
                    for i in 0..40 {
                        let text = format!("writer {t} write {i}");
                        write_atomic(&path, text.as_bytes()).unwrap();
                    }
                })
            })
            .collect();
        for w in writers {
            w.join().unwrap();
        }
        let text = fs::read_to_string(&path).unwrap();
        assert!(
            text.starts_with("writer ") && text.ends_with(" write 39"),
            "{text}"
        );
        let names: Vec<_> = fs::read_dir(dir.path()).unwrap().flatten().collect();
        assert_eq!(names.len(), 1, "{names:?}");
    }

    #[test]
    fn a_taken_temp_name_is_never_written_over() {
        let dir = tempfile::tempdir().unwrap();
        let (first, _file) = create_temp(dir.path(), "a.md").unwrap();
        let (second, _file) = create_temp(dir.path(), "a.md").unwrap();
        assert_ne!(first, second);
    }

    #[cfg(unix)]
    #[test]
    fn saving_through_a_link_replaces_the_target_and_keeps_the_link() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let synced = dir.path().join("synced");
        fs::create_dir(&synced).unwrap();
        let target = synced.join("entry.md");
        fs::write(&target, "old").unwrap();
        let journal = dir.path().join("journal");
        fs::create_dir(&journal).unwrap();
        let link = journal.join("entry.md");
        // A relative link, resolved from the folder that holds it, through
        // a second link.
        symlink("../synced/entry.md", journal.join("hop.md")).unwrap();
        symlink("hop.md", &link).unwrap();
        write_atomic(&link, b"new").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(fs::read_link(&link).unwrap(), Path::new("hop.md"));
        assert_eq!(fs::read(&target).unwrap(), b"new");
        let beside: Vec<_> = fs::read_dir(&synced).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1, "no temp file left: {beside:?}");
        let in_journal: Vec<_> = fs::read_dir(&journal).unwrap().flatten().collect();
        assert_eq!(in_journal.len(), 2, "{in_journal:?}");
    }

    #[cfg(unix)]
    #[test]
    fn a_dangling_link_creates_its_target() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        let link = dir.path().join("note.md");
        symlink(dir.path().join("elsewhere/note.md"), &link).unwrap();
        write_atomic(&link, b"text").unwrap();
        assert!(
            fs::symlink_metadata(&link)
                .unwrap()
                .file_type()
                .is_symlink()
        );
        assert_eq!(
            fs::read(dir.path().join("elsewhere/note.md")).unwrap(),
            b"text"
        );
    }

    #[cfg(unix)]
    #[test]
    fn a_loop_of_links_is_an_error_not_a_hang() {
        use std::os::unix::fs::symlink;
        let dir = tempfile::tempdir().unwrap();
        symlink("b", dir.path().join("a")).unwrap();
        symlink("a", dir.path().join("b")).unwrap();
        assert!(write_atomic(&dir.path().join("a"), b"x").is_err());
    }
}
