//! Runs the real `cairn` binary in a throwaway `CAIRN_HOME` and reports
//! status, stdout and stderr together when an outcome is not the expected one.

pub mod journal;

use std::fmt;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{self, Command};

/// A temporary folder that is both `CAIRN_HOME` and the working directory
/// of every command run in it; it is removed when dropped.
pub struct Dir {
    tmp: tempfile::TempDir,
}

impl Dir {
    pub fn new() -> Dir {
        let tmp = tempfile::Builder::new()
            .prefix("cairn-test-")
            .tempdir()
            .expect("create a temporary CAIRN_HOME");
        Dir { tmp }
    }

    pub fn path(&self) -> &Path {
        self.tmp.path()
    }

    /// Writes `contents` to `name` (relative to the folder), making parents.
    pub fn create(&self, name: &str, contents: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path().join(name);
        if let Some(parent) = path.parent() {
            fs::create_dir_all(parent)
                .unwrap_or_else(|e| panic!("create {}: {e}", parent.display()));
        }
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Copies `tests/fixtures/<name>` into the folder under the same name.
    pub fn copy_fixture(&self, name: &str) -> PathBuf {
        self.create(name, fs::read(fixture(name)).expect("read fixture"))
    }

    /// `cairn` with `args`, ready to run in this folder.
    pub fn cairn(&self, args: &[&str]) -> TestCommand {
        let mut cmd = Command::new(env!("CARGO_BIN_EXE_cairn"));
        cmd.args(args)
            .current_dir(self.path())
            .env("CAIRN_HOME", self.path())
            .env("NO_COLOR", "1");
        TestCommand { cmd }
    }
}

/// The absolute path of `tests/fixtures/<name>`.
pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A `cairn` invocation with assertions on how it ends.
pub struct TestCommand {
    cmd: Command,
}

impl TestCommand {
    /// The underlying command, e.g. to spawn it with pipes.
    pub fn raw(&mut self) -> &mut Command {
        &mut self.cmd
    }

    /// Runs to completion, whatever the outcome.
    pub fn run(&mut self) -> Outcome {
        let out = self
            .cmd
            .output()
            .unwrap_or_else(|e| panic!("cannot run {:?}: {e}", self.cmd));
        Outcome::new(format!("{:?}", self.cmd), out)
    }

    /// Runs and panics, showing everything, unless the exit code is 0.
    #[track_caller]
    pub fn assert_ok(&mut self) -> Outcome {
        self.assert_code(0)
    }

    /// Runs and panics, showing everything, unless the exit code is 1.
    #[track_caller]
    pub fn assert_fails(&mut self) -> Outcome {
        self.assert_code(1)
    }

    #[track_caller]
    fn assert_code(&mut self, want: i32) -> Outcome {
        let out = self.run();
        assert_eq!(out.code, Some(want), "expected exit code {want}\n{out}");
        out
    }
}

/// How a run ended.
pub struct Outcome {
    pub command: String,
    /// `None` when killed by a signal.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
}

impl Outcome {
    pub fn new(command: String, out: process::Output) -> Outcome {
        Outcome {
            command,
            code: out.status.code(),
            stdout: String::from_utf8_lossy(&out.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&out.stderr).into_owned(),
        }
    }

    /// Stdout parsed as JSON, or a panic showing the whole outcome.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        match serde_json::from_str(&self.stdout) {
            Ok(value) => value,
            Err(e) => panic!("stdout is not JSON ({e})\n{self}"),
        }
    }

    /// Panics, showing everything, unless stdout contains `needle`.
    #[track_caller]
    pub fn stdout_has(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout lacks {needle:?}\n{self}"
        );
        self
    }

    /// Panics, showing everything, unless stderr contains `needle`.
    #[track_caller]
    pub fn stderr_has(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr lacks {needle:?}\n{self}"
        );
        self
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(f, "command: {}", self.command)?;
        writeln!(f, "exit code: {:?}", self.code)?;
        writeln!(f, "--- stdout ---\n{}", self.stdout)?;
        write!(f, "--- stderr ---\n{}", self.stderr)
    }
}

/// Extra ways to run a command: with another environment, or with
/// something on standard input. Not every test binary uses them all.
#[allow(dead_code)]
impl TestCommand {
    /// Sets an environment variable for this run.
    pub fn env(&mut self, key: &str, value: impl AsRef<std::ffi::OsStr>) -> &mut Self {
        self.cmd.env(key, value);
        self
    }

    /// Removes an environment variable (say `EDITOR`) for this run.
    pub fn env_remove(&mut self, key: &str) -> &mut Self {
        self.cmd.env_remove(key);
        self
    }

    /// Feeds `input` on standard input, through an anonymous temporary file.
    pub fn stdin_bytes(&mut self, input: impl AsRef<[u8]>) -> &mut Self {
        use std::io::{Seek, Write};
        let mut file = tempfile::tempfile().expect("create a file for standard input");
        file.write_all(input.as_ref())
            .and_then(|()| file.rewind())
            .expect("write standard input");
        self.cmd.stdin(process::Stdio::from(file));
        self
    }

    /// Makes standard input a pseudo-terminal, as when a person types the
    /// command; the terminal lasts as long as the returned value.
    #[cfg(unix)]
    pub fn stdin_terminal(&mut self) -> Terminal {
        let pty = nix::pty::openpty(None, None).expect("open a pseudo-terminal");
        self.cmd.stdin(process::Stdio::from(pty.slave));
        Terminal {
            _master: pty.master,
        }
    }
}

/// The far end of a pseudo-terminal given to a command as its stdin.
#[cfg(unix)]
#[allow(dead_code)]
pub struct Terminal {
    _master: std::os::fd::OwnedFd,
}

#[allow(dead_code)]
impl Dir {
    /// Writes an executable shell script `name` in the folder and returns
    /// its path, e.g. to stand in for `EDITOR`.
    #[cfg(unix)]
    pub fn script(&self, name: &str, body: &str) -> PathBuf {
        use std::os::unix::fs::PermissionsExt;
        let path = self.create(name, format!("#!/bin/sh\n{body}\n"));
        fs::set_permissions(&path, fs::Permissions::from_mode(0o755))
            .unwrap_or_else(|e| panic!("make {} executable: {e}", path.display()));
        path
    }
}
