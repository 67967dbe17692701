//! Nothing cairn writes is exposed or clobbered: every file it writes is
//! the user's alone under any umask, a journal entry that is a symbolic
//! link stays one, a mistake in `config.toml` costs only that setting (and
//! is said), and a failing sync says why on stderr.

#[allow(dead_code)]
mod common;

use std::fs;

use common::{Dir, Outcome};

/// A one-network catalogue file, for a source that is a file.
fn catalogue_file(dir: &Dir) -> String {
    let doc = serde_json::json!({
        "schema": "cairn.catalogue/1",
        "networks": [{
            "id": "own-files-net",
            "name": "Own Files Network",
            "summary": "A network only this test's source lists.",
            "regions": ["GB"],
            "topics": ["design"],
            "sources": ["https://example.org/own-files"],
        }],
    });
    dir.create("outside/catalogue.json", doc.to_string())
        .display()
        .to_string()
}

/// The id a successful `journal add` prints.
fn added_id(out: &Outcome) -> String {
    let id = out.stdout.trim().to_string();
    assert!(!id.is_empty() && !id.contains(char::is_whitespace), "{out}");
    id
}

#[cfg(unix)]
mod unix {
    use std::os::unix::fs::PermissionsExt;
    use std::path::Path;
    use std::process::Command;

    use super::*;

    /// `cairn ARGS` with `umask 000`, `home` as `CAIRN_HOME`, in `cwd`.
    fn cairn_umask_000(cwd: &Path, home: &Path, args: &[&str]) -> Outcome {
        let mut cmd = Command::new("sh");
        cmd.arg("-c")
            .arg("umask 000; exec \"$0\" \"$@\"")
            .arg(env!("CARGO_BIN_EXE_cairn"))
            .args(args)
            .current_dir(cwd)
            .env("CAIRN_HOME", home)
            .env("NO_COLOR", "1")
            .env_remove("EDITOR")
            .env_remove("VISUAL");
        let out = cmd.output().expect("run cairn through sh");
        Outcome::new(format!("umask 000; cairn {}", args.join(" ")), out)
    }

    #[track_caller]
    fn ok(cwd: &Path, home: &Path, args: &[&str]) -> Outcome {
        let out = cairn_umask_000(cwd, home, args);
        assert_eq!(out.code, Some(0), "{out}");
        out
    }

    /// Every path under `root` whose mode is not 0600 (files) or 0700
    /// (folders), with its mode; links are not followed.
    fn exposed(root: &Path) -> Vec<String> {
        let mut bad = Vec::new();
        let mut stack = vec![root.to_path_buf()];
        let mut seen = 0;
        while let Some(path) = stack.pop() {
            seen += 1;
            let meta = fs::symlink_metadata(&path).unwrap();
            let mode = meta.permissions().mode() & 0o777;
            let want = if meta.is_dir() { 0o700 } else { 0o600 };
            if mode != want && !meta.file_type().is_symlink() {
                bad.push(format!("{:o} {}", mode, path.display()));
            }
            if meta.is_dir() {
                for entry in fs::read_dir(&path).unwrap() {
                    stack.push(entry.unwrap().path());
                }
            }
        }
        assert!(seen > 20, "only {seen} paths: did the commands write?");
        bad
    }

    #[test]
    fn every_file_cairn_writes_is_private_under_umask_000() {
        let dir = Dir::new();
        // cairn makes the home folder itself, so its mode is cairn's too.
        let home = dir.path().join("home");
        let cwd = dir.path();
        let source = catalogue_file(&dir);
        ok(cwd, &home, &["sources", "add", "local", &source]);
        let lesson = added_id(&ok(
            cwd,
            &home,
            &[
                "journal",
                "add",
                "--kind",
                "lesson",
                "--title",
                "Piloting design sprints",
                "--network",
                "ukgovcamp",
                "--tag",
                "design",
                "--shareable",
                "--body",
                "Start small. %%The director was against it.%%",
            ],
        ));
        let challenge = added_id(&ok(
            cwd,
            &home,
            &[
                "journal",
                "add",
                "--kind",
                "challenge",
                "--title",
                "Approval for a design pilot",
                "--network",
                "ukgovcamp",
                "--body",
                "Who signs off a pilot?",
            ],
        ));
        ok(cwd, &home, &["search", "design"]);
        ok(cwd, &home, &["journal", "list", "--search", "design"]);
        let pack = home.join("exports/pack.json");
        let pack = pack.to_str().unwrap();
        ok(
            cwd,
            &home,
            &[
                "share",
                "--network",
                "ukgovcamp",
                "--entry",
                &lesson,
                "--format",
                "json",
                "-o",
                pack,
            ],
        );
        ok(cwd, &home, &["import", pack]);
        ok(cwd, &home, &["precedents", &challenge]);
        ok(cwd, &home, &["sync"]).stdout_has("local: 1 added");
        ok(cwd, &home, &["show", "own-files-net"]);
        ok(
            cwd,
            &home,
            &["journal", "resolve", &challenge, "--by", &lesson],
        );
        ok(cwd, &home, &["journal", "rm", &lesson]);
        ok(cwd, &home, &["journal", "restore", &lesson]);
        ok(cwd, &home, &["doctor"]);
        let bad = exposed(&home);
        assert!(bad.is_empty(), "readable by others:\n{}", bad.join("\n"));
    }

    #[test]
    fn saving_a_linked_entry_writes_through_and_keeps_the_link() {
        let dir = Dir::new();
        let id = added_id(
            &dir.cairn(&[
                "journal",
                "add",
                "--kind",
                "challenge",
                "--title",
                "Kept in a synced folder",
                "--body",
                "Open question.",
            ])
            .assert_ok(),
        );
        let year = fs::read_dir(dir.path().join("data/journal"))
            .unwrap()
            .flatten()
            .find(|e| e.file_type().unwrap().is_dir())
            .expect("a year folder")
            .path();
        let entry = fs::read_dir(&year)
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .find(|p| p.extension().is_some_and(|x| x == "md"))
            .expect("the entry's file");
        // The person keeps the file in a synced folder and links to it.
        let synced = dir.path().join("synced");
        fs::create_dir(&synced).unwrap();
        let target = synced.join("challenge.md");
        fs::rename(&entry, &target).unwrap();
        std::os::unix::fs::symlink(&target, &entry).unwrap();

        dir.cairn(&["journal", "resolve", &id]).assert_ok();
        let meta = fs::symlink_metadata(&entry).unwrap();
        assert!(meta.file_type().is_symlink(), "the link was replaced");
        assert_eq!(fs::read_link(&entry).unwrap(), target);
        let text = fs::read_to_string(&target).unwrap();
        assert!(text.contains("resolved"), "{text}");
        let beside: Vec<_> = fs::read_dir(&synced).unwrap().flatten().collect();
        assert_eq!(beside.len(), 1, "a temp file was left: {beside:?}");
    }
}

/// A settings file with one value of the wrong type, among good ones.
const MIXED_CONFIG: &str = "\
# my settings, kept by hand
[sync]
timeout_secs = \"60\" # seconds

[share]
author = \"Ana Example\"
";

#[test]
fn a_wrong_type_in_the_settings_keeps_the_rest_and_is_said_once_per_command() {
    let dir = Dir::new();
    let source = catalogue_file(&dir);
    let config = dir.create(
        "config/config.toml",
        format!("{MIXED_CONFIG}\n[[sources]]\nname = \"local\"\nlocation = \"{source}\"\n"),
    );
    let warning = "config.toml line 3: timeout_secs in [sync] should be a whole number, \
                   not the text \"60\" (write it without quotes: timeout_secs = 60); \
                   the default, 120, is used";

    let out = dir.cairn(&["sources", "list"]).assert_ok();
    out.stdout_has("local").stderr_has(warning);
    assert_eq!(out.stderr.matches(warning).count(), 1, "said once: {out}");
    assert!(!out.stdout.contains("timeout_secs"), "{out}");

    // The source still syncs; the author still signs what is shared.
    dir.cairn(&["sync"])
        .assert_ok()
        .stdout_has("local: 1 added")
        .stderr_has(warning);
    let lesson = added_id(
        &dir.cairn(&[
            "journal",
            "add",
            "--kind",
            "lesson",
            "--title",
            "Shared",
            "--network",
            "ukgovcamp",
            "--shareable",
            "--body",
            "Text.",
        ])
        .assert_ok(),
    );
    dir.cairn(&[
        "share",
        "--network",
        "ukgovcamp",
        "--entry",
        &lesson,
        "--format",
        "json",
    ])
    .assert_ok()
    .stdout_has("Ana Example");

    // `doctor` lists it in its report (not twice on stderr) and is unhappy.
    let out = dir.cairn(&["doctor"]).assert_fails();
    out.stdout_has(warning);
    assert!(!out.stderr.contains("timeout_secs"), "{out}");

    // Editing the sources keeps the person's text, mistake and all.
    dir.cairn(&["sources", "add", "second", &source])
        .assert_ok();
    let text = fs::read_to_string(&config).unwrap();
    assert!(text.starts_with(MIXED_CONFIG), "{text}");
    dir.cairn(&["sources", "remove", "second"]).assert_ok();
    let text = fs::read_to_string(&config).unwrap();
    assert!(text.starts_with(MIXED_CONFIG), "{text}");
    assert!(text.contains("name = \"local\""), "{text}");
}

#[test]
fn a_failing_sync_says_why_on_stderr_also_with_json() {
    let dir = Dir::new();
    let source = catalogue_file(&dir);
    dir.cairn(&["sources", "add", "local", &source]).assert_ok();
    fs::remove_file(&source).unwrap();
    let out = dir.cairn(&["sync", "--json"]).assert_fails();
    let report = out.json();
    assert_eq!(report["sources"][0]["outcome"], "failed", "{out}");
    out.stderr_has(&format!("local: FAILED: cannot read {source}"));
    let out = dir.cairn(&["sync"]).assert_fails();
    out.stderr_has("local: FAILED: ");
    assert!(!out.stdout.contains("FAILED"), "{out}");
}
