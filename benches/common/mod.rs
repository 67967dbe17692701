//! Synthetic catalogues and journals for the benchmarks, made once per
//! size by the `gen_catalogue` and `gen_journal` examples and kept in
//! cargo's temporary folder.

use std::path::{Path, PathBuf};
use std::process::Command;

use cairn::library::{Library, OpenOptions};
use cairn::paths::Paths;

/// The path of a synthetic catalogue of `n` networks, generating it once.
pub fn catalogue(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("bench-catalogue-{n}.json"));
    if !path.exists() {
        let out = Command::new(env!("CARGO"))
            .args([
                "run",
                "--release",
                "--quiet",
                "--example",
                "gen_catalogue",
                "--",
            ])
            .arg(n.to_string())
            .output()
            .expect("run gen_catalogue");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(&path, out.stdout).unwrap();
    }
    path
}

/// A cairn home holding a synthetic journal of `n` entries, generated once
/// by the `gen_journal` example.
#[allow(dead_code)]
pub fn journal_home(n: usize) -> PathBuf {
    let home = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join(format!("bench-journal-{n}"));
    let done = home.join(".generated");
    if !done.exists() {
        let _ = std::fs::remove_dir_all(&home);
        std::fs::create_dir_all(&home).unwrap();
        let out = Command::new(env!("CARGO"))
            .args([
                "run",
                "--release",
                "--quiet",
                "--example",
                "gen_journal",
                "--",
            ])
            .arg(n.to_string())
            .env("CAIRN_HOME", &home)
            .output()
            .expect("run gen_journal");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(&done, b"").unwrap();
    }
    home
}

/// Opens (and on first use indexes) a catalogue file with its own home.
pub fn open(home: &Path, file: &Path) -> Library {
    let options = OpenOptions {
        catalogue_file: Some(file.to_path_buf()),
    };
    Library::open_at(Paths::under(home), options).unwrap()
}
