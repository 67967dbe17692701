//! Drives the real binary in a pseudo-terminal, as a person would: the
//! interface opens, a typed query narrows the list, `E` hands the terminal
//! to the person's editor and takes it back, `S` syncs in the background,
//! and quitting hands the terminal back as it was (main screen, cursor
//! shown, line mode on).
#![cfg(unix)]

#[allow(dead_code)]
mod common;

use std::ffi::OsStr;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use common::Dir;
use portable_pty::{Child, CommandBuilder, ExitStatus, MasterPty, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// How long to wait for something to show before failing; generous, as
/// the machine running the tests may be busy. Nothing asserts on time.
const PATIENCE: Duration = Duration::from_secs(30);

/// Everything the program wrote, shared with the reading thread.
#[derive(Clone)]
struct Output {
    bytes: Arc<Mutex<Vec<u8>>>,
    rows: u16,
    cols: u16,
}

impl Output {
    fn bytes(&self) -> Vec<u8> {
        self.bytes.lock().unwrap().clone()
    }

    /// The screen as a terminal would show it now.
    fn screen(&self) -> String {
        let mut parser = vt100::Parser::new(self.rows, self.cols, 0);
        parser.process(&self.bytes());
        parser.screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    #[track_caller]
    fn wait_for(&self, text: &str) {
        self.wait_until(&format!("{text:?}"), |screen| screen.contains(text));
    }

    /// Waits until `ok` holds for the screen; fails with the screen if it never does.
    #[track_caller]
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        let deadline = Instant::now() + PATIENCE;
        while Instant::now() < deadline {
            if ok(&self.screen()) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the screen never showed {what}; it shows:\n{}",
            self.screen()
        );
    }
}

/// `cairn` running in a pseudo-terminal of its own; killed when dropped
/// if it is still running, so a failing test never leaves it behind.
struct Tui {
    child: Box<dyn Child + Send + Sync>,
    master: Box<dyn MasterPty + Send>,
    keys: Keyboard,
    output: Output,
}

/// The keyboard side of the terminal, shared with the reading thread,
/// which answers the program's questions to the terminal there.
type Keyboard = Arc<Mutex<Box<dyn Write + Send>>>;

/// How a terminal is asked where its cursor is (DSR 6).
const CURSOR_QUERY: &[u8] = b"\x1b[6n";

/// Collects what the program writes into `sink` and, if `answer` is set,
/// answers each cursor-position query as a real terminal does (ratatui asks
/// when it takes the terminal back after the editor).
fn read_screen(mut reader: Box<dyn Read + Send>, sink: Output, keys: Keyboard, answer: bool) {
    let mut parser = vt100::Parser::new(sink.rows, sink.cols, 0);
    let mut seen = Vec::new();
    // `seen[..parsed]` has gone through `parser`.
    let mut parsed = 0;
    let mut buf = [0u8; 4096];
    while let Ok(n) = reader.read(&mut buf) {
        if n == 0 {
            break;
        }
        sink.bytes.lock().unwrap().extend_from_slice(&buf[..n]);
        if !answer {
            continue;
        }
        seen.extend_from_slice(&buf[..n]);
        while let Some(at) = seen[parsed..]
            .windows(CURSOR_QUERY.len())
            .position(|w| w == CURSOR_QUERY)
        {
            let end = parsed + at + CURSOR_QUERY.len();
            parser.process(&seen[parsed..end]);
            parsed = end;
            let (row, col) = parser.screen().cursor_position();
            let mut keys = keys.lock().unwrap();
            let _ = write!(keys, "\x1b[{};{}R", row + 1, col + 1);
            let _ = keys.flush();
        }
        // Keep the last bytes back: they may start a query split across reads.
        let safe = seen
            .len()
            .saturating_sub(CURSOR_QUERY.len() - 1)
            .max(parsed);
        parser.process(&seen[parsed..safe]);
        parsed = safe;
    }
}

impl Tui {
    /// Starts the interface with `CAIRN_HOME` = `home` (also the working
    /// directory), `EDITOR` and `VISUAL` unset unless `env` sets them.
    fn start(home: &Path, rows: u16, cols: u16, env: &[(&str, &OsStr)]) -> Tui {
        Tui::start_in(home, rows, cols, env, true)
    }

    /// As [`Tui::start`]; `answer_cursor` false makes a terminal that never
    /// says where its cursor is (as some minimal terminals do not).
    fn start_in(
        home: &Path,
        rows: u16,
        cols: u16,
        env: &[(&str, &OsStr)],
        answer_cursor: bool,
    ) -> Tui {
        let pair = native_pty_system()
            .openpty(PtySize {
                rows,
                cols,
                pixel_width: 0,
                pixel_height: 0,
            })
            .unwrap();
        let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cairn"));
        cmd.cwd(home);
        cmd.env("CAIRN_HOME", home);
        cmd.env("TERM", "xterm-256color");
        for unset in ["NO_COLOR", "EDITOR", "VISUAL"] {
            cmd.env_remove(unset);
        }
        for (key, value) in env {
            cmd.env(key, value);
        }
        let child = pair.slave.spawn_command(cmd).unwrap();
        drop(pair.slave);

        let output = Output {
            bytes: Arc::default(),
            rows,
            cols,
        };
        let reader = pair.master.try_clone_reader().unwrap();
        let keys: Keyboard = Arc::new(Mutex::new(pair.master.take_writer().unwrap()));
        let (sink, answers) = (output.clone(), keys.clone());
        std::thread::spawn(move || read_screen(reader, sink, answers, answer_cursor));
        Tui {
            child,
            master: pair.master,
            keys,
            output,
        }
    }

    /// Types `bytes` as if on the keyboard.
    fn type_keys(&mut self, bytes: &[u8]) {
        let mut keys = self.keys.lock().unwrap();
        keys.write_all(bytes).unwrap();
        keys.flush().unwrap();
    }

    /// Presses Esc on its own: waits a moment afterwards so the next key
    /// is not read as part of an escape sequence (Alt-key).
    fn press_esc(&mut self) {
        self.type_keys(b"\x1b");
        std::thread::sleep(Duration::from_millis(300));
    }

    fn screen(&self) -> String {
        self.output.screen()
    }

    #[track_caller]
    fn wait_for(&self, text: &str) {
        self.output.wait_for(text)
    }

    #[track_caller]
    fn wait_until(&self, what: &str, ok: impl Fn(&str) -> bool) {
        self.output.wait_until(what, ok)
    }

    /// Whether cairn is still running.
    fn running(&mut self) -> bool {
        self.child.try_wait().unwrap().is_none()
    }

    /// Waits for cairn to end on its own; kills it and fails if it does not.
    #[track_caller]
    fn wait_for_exit(&mut self, after: &str) -> ExitStatus {
        let deadline = Instant::now() + PATIENCE;
        loop {
            if let Some(status) = self.child.try_wait().unwrap() {
                // Let the reader collect the last bytes written.
                std::thread::sleep(Duration::from_millis(200));
                return status;
            }
            if Instant::now() > deadline {
                let _ = self.child.kill();
                panic!(
                    "cairn did not quit on {after}; the screen shows:\n{}",
                    self.screen()
                );
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Presses `q` (the list must have the focus) and checks that cairn
    /// ends with status 0 and gives the terminal back as it found it.
    #[track_caller]
    fn quit_cleanly(&mut self) {
        self.type_keys(b"q");
        let status = self.wait_for_exit("q");
        assert!(
            status.success(),
            "exit status {status:?}; the screen shows:\n{}",
            self.screen()
        );
        self.assert_terminal_restored();
    }

    /// The alternate screen was left, mouse capture turned off, the cursor
    /// shown and line mode (canonical input, echo) is back on.
    #[track_caller]
    fn assert_terminal_restored(&self) {
        let bytes = self.output.bytes();
        let text = String::from_utf8_lossy(&bytes);
        let entered = text
            .rfind("\x1b[?1049h")
            .expect("the interface used the alternate screen");
        let left = text
            .rfind("\x1b[?1049l")
            .expect("the alternate screen was left");
        assert!(
            left > entered,
            "the alternate screen was entered again after leaving it"
        );
        assert!(
            text.rfind("\x1b[?1000l").is_some_and(|i| i > entered),
            "mouse capture was not turned off"
        );
        let shown = text.rfind("\x1b[?25h").expect("the cursor was never shown");
        let hidden = text.rfind("\x1b[?25l").unwrap_or(0);
        assert!(shown > hidden, "the cursor was left hidden");

        let termios = self.master.get_termios().expect("terminal settings");
        let flags = termios.local_flags;
        use nix::sys::termios::LocalFlags;
        assert!(
            flags.contains(LocalFlags::ICANON) && flags.contains(LocalFlags::ECHO),
            "the terminal was left in raw mode: {flags:?}"
        );
    }
}

impl Drop for Tui {
    fn drop(&mut self) {
        if self.child.try_wait().ok().flatten().is_none() {
            let _ = self.child.kill();
            let _ = self.child.wait();
        }
    }
}

#[test]
fn typing_a_query_narrows_the_list_and_quitting_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let mut tui = Tui::start(home.path(), ROWS, COLS, &[]);

    tui.wait_for("263 networks");
    tui.type_keys(b"ukgovcamp");
    tui.wait_for("1 network ");
    let screen = tui.screen();
    assert!(screen.contains("UKGovCamp"), "{screen}");
    assert!(screen.contains("/ ukgovcamp"), "{screen}");

    // Esc leaves the search line; q then quits.
    tui.press_esc();
    tui.quit_cleanly();
}

// ---------------------------------------------------------------------------
// `E`: the person's own editor

const TITLE: &str = "Pilot lesson";
const FIRST_LINE: &str = "First line.";

/// A folder holding one journal lesson written with the real binary, and
/// the lesson's id.
fn journal_with_one_lesson() -> (Dir, String) {
    let dir = Dir::new();
    let out = dir
        .cairn(&[
            "journal", "add", "--kind", "lesson", "--title", TITLE, "--body", FIRST_LINE,
        ])
        .assert_ok();
    let id = out.stdout.trim().to_string();
    assert!(!id.is_empty(), "journal add printed no id\n{out}");
    (dir, id)
}

/// The one entry file under `data/journal/YYYY/`.
fn entry_file(home: &Path) -> PathBuf {
    let journal = home.join("data/journal");
    let mut files = Vec::new();
    for year in fs::read_dir(&journal).unwrap() {
        let year = year.unwrap().path();
        if !year.is_dir() {
            continue;
        }
        for file in fs::read_dir(&year).unwrap() {
            let file = file.unwrap().path();
            if file.extension() == Some(OsStr::new("md")) {
                files.push(file);
            }
        }
    }
    assert_eq!(files.len(), 1, "one entry file expected: {files:?}");
    files.remove(0)
}

/// Opens the interface with `editor` as `EDITOR`, moves to the Journal
/// tab's list and waits for the lesson.
fn journal_tab_with_editor(home: &Path, cols: u16, editor: &Path) -> Tui {
    let mut tui = Tui::start(home, ROWS, cols, &[("EDITOR", editor.as_os_str())]);
    tui.wait_for("263 networks");
    tui.press_esc();
    tui.type_keys(b"2");
    tui.wait_for(TITLE);
    tui
}

/// Waits for `path` to exist (the editor script's sign that it ran).
#[track_caller]
fn wait_for_file(tui: &Tui, path: &Path) {
    let deadline = Instant::now() + PATIENCE;
    while !path.exists() {
        assert!(
            Instant::now() < deadline,
            "{} never appeared (the editor did not run); the screen shows:\n{}",
            path.display(),
            tui.screen()
        );
        std::thread::sleep(Duration::from_millis(50));
    }
}

#[test]
fn e_hands_the_terminal_to_the_editor_and_takes_it_back() {
    let (dir, id) = journal_with_one_lesson();
    let home = dir.path();
    let marker = home.join("editor-ran");
    // The file to edit is the last argument.
    let editor = dir.script(
        "editor.sh",
        &format!(
            "for f; do :; done\n\
             printf '\\nAdded by the editor.\\n' >> \"$f\"\n\
             echo \"$f\" > '{}'",
            marker.display()
        ),
    );
    let file = entry_file(home);

    let mut tui = journal_tab_with_editor(home, COLS, &editor);
    tui.type_keys(b"E");
    tui.wait_for(&format!("Saved \"{TITLE}\""));

    assert!(marker.exists(), "the editor never ran");
    let edited = fs::read_to_string(marker).unwrap();
    assert!(
        edited.trim().ends_with(".md") && !edited.contains("/data/journal/"),
        "the editor was given the entry file itself, not a scratch copy: {edited}"
    );
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.lines().any(|l| l == "Added by the editor."),
        "the entry lacks the editor's line:\n{text}"
    );
    let entry = cairn::model::Entry::parse(&text)
        .unwrap_or_else(|e| panic!("the edited entry does not parse ({e:?}):\n{text}"));
    assert_eq!(entry.meta.id, id);
    assert_eq!(entry.meta.title, TITLE);
    assert!(entry.body.contains(FIRST_LINE), "{}", entry.body);
    // The scratch copy goes once the edit is saved.
    let scratch = PathBuf::from(edited.trim());
    assert!(!scratch.exists(), "{} was left behind", scratch.display());
    // The interface shows the entry as it is now.
    tui.wait_for("Added by the editor.");

    // Still responsive: the next key acts, and q quits.
    assert!(tui.running(), "cairn ended:\n{}", tui.screen());
    tui.quit_cleanly();
}

#[test]
fn an_editor_that_fails_changes_nothing_and_keeps_the_text() {
    let (dir, id) = journal_with_one_lesson();
    let home = dir.path();
    let editor = dir.script(
        "editor.sh",
        "for f; do :; done\n\
         printf '\\nNever saved.\\n' >> \"$f\"\n\
         exit 3",
    );
    let file = entry_file(home);
    let before = fs::read(&file).unwrap();

    // Wide enough for the whole message, paths and all.
    let mut tui = journal_tab_with_editor(home, 300, &editor);
    let pid = tui.child.process_id().expect("cairn's process id");
    let kept = home.join(format!("data/drafts/edit-{id}-{pid}.md"));
    tui.type_keys(b"E");
    tui.wait_for("Not changed");
    let screen = tui.screen();
    let status_line = screen
        .lines()
        .find(|l| l.contains("Not changed"))
        .unwrap()
        .to_string();
    assert!(
        status_line.contains("stopped with exit status: 3"),
        "{screen}"
    );
    assert!(
        status_line.contains(&kept.display().to_string()),
        "the message does not name the kept file {}:\n{screen}",
        kept.display()
    );
    assert_eq!(
        fs::read(&file).unwrap(),
        before,
        "the entry changed although the editor failed"
    );
    let kept_text = fs::read_to_string(&kept)
        .unwrap_or_else(|e| panic!("the kept file {} cannot be read: {e}", kept.display()));
    assert!(kept_text.contains("Never saved."), "{kept_text}");

    // The interface keeps working: another tab, back, then quit.
    assert!(tui.running(), "cairn ended:\n{}", tui.screen());
    tui.type_keys(b"1");
    tui.wait_for("263 networks");
    tui.type_keys(b"2");
    tui.wait_for(TITLE);
    tui.quit_cleanly();
}

#[test]
fn keys_typed_while_the_editor_runs_go_to_the_editor_not_to_cairn() {
    let (dir, _id) = journal_with_one_lesson();
    let home = dir.path();
    let marker = home.join("editor-reading");
    // Reads one line from the terminal and appends it to the file (the
    // last argument).
    let editor = dir.script(
        "editor.sh",
        &format!(
            "for f; do :; done\n\
             : > '{}'\n\
             read -r line\n\
             printf '\\n%s\\n' \"$line\" >> \"$f\"",
            marker.display()
        ),
    );
    let file = entry_file(home);

    let mut tui = journal_tab_with_editor(home, COLS, &editor);
    tui.type_keys(b"E");
    wait_for_file(&tui, &marker);
    // Each of q, /, e, d, 2, 1 means something to cairn's list.
    const TYPED: &str = "q/ed21 typed in the editor";
    tui.type_keys(TYPED.as_bytes());
    tui.type_keys(b"\r");
    tui.wait_for(&format!("Saved \"{TITLE}\""));

    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.lines().any(|l| l == TYPED),
        "the entry lacks the line typed in the editor:\n{text}"
    );
    cairn::model::Entry::parse(&text)
        .unwrap_or_else(|e| panic!("the edited entry does not parse ({e:?}):\n{text}"));

    // Had cairn read those keys, it would have quit (q), or be typing in
    // the search line (/), or show a form (e) or a question (d).
    std::thread::sleep(Duration::from_millis(500));
    assert!(
        tui.running(),
        "cairn acted on keys meant for the editor and quit:\n{}",
        tui.screen()
    );
    let screen = tui.screen();
    assert!(
        screen.contains("press / to search"),
        "cairn took keys meant for the editor into its search line:\n{screen}"
    );
    assert!(
        !screen.contains("Move \"") && !screen.contains("Tab next field"),
        "cairn acted on keys meant for the editor:\n{screen}"
    );
    assert!(screen.contains(TITLE), "{screen}");
    tui.quit_cleanly();
}

#[test]
fn keys_still_work_when_the_terminal_cannot_be_fully_taken_back() {
    let (dir, id) = journal_with_one_lesson();
    let home = dir.path();
    let editor = dir.script(
        "editor.sh",
        "for f; do :; done\n\
         printf '\\nAdded by the editor.\\n' >> \"$f\"",
    );
    let file = entry_file(home);
    // A terminal that never says where its cursor is.
    let mut tui = Tui::start_in(home, ROWS, 300, &[("EDITOR", editor.as_os_str())], false);
    tui.wait_for("263 networks");
    tui.press_esc();
    tui.type_keys(b"2");
    tui.wait_for(TITLE);
    let pid = tui.child.process_id().expect("cairn's process id");
    let draft = home.join(format!("data/drafts/edit-{id}-{pid}.md"));
    tui.type_keys(b"E");
    tui.wait_until("a message once the editor closed", |s| {
        s.contains("Saved") || s.contains("Not changed") || s.contains("Not saved")
    });

    // The editor closed with its text saved: that text is in the entry, or
    // the message says where it is kept.
    let screen = tui.screen();
    let text = fs::read_to_string(&file).unwrap();
    assert!(
        text.contains("Added by the editor.") || screen.contains(&draft.display().to_string()),
        "the edit is neither saved nor said to be kept in {}:\n{screen}\n{text}",
        draft.display()
    );
    // And the interface still reads keys.
    tui.type_keys(b"1");
    tui.wait_for("263 networks");
    tui.quit_cleanly();
}

// ---------------------------------------------------------------------------
// `S`: sync in the background

const SYNCED_NAME: &str = "Pty Sync Network";

/// A folder with one source, "local": a catalogue file adding the network
/// `pty-net` described by `summary`; and the interface open on it, synced
/// with `S` and the search line empty and focused.
fn synced(summary: &str) -> (Dir, Tui) {
    let dir = Dir::new();
    let catalogue = dir.create(
        "pty-catalogue.json",
        serde_json::to_vec_pretty(&serde_json::json!({
            "schema": "cairn.catalogue/1",
            "networks": [{
                "id": "pty-net",
                "name": SYNCED_NAME,
                "summary": summary,
                "sources": ["https://example.org/x"],
            }],
        }))
        .unwrap(),
    );
    dir.cairn(&["sources", "add", "local", catalogue.to_str().unwrap()])
        .assert_ok();

    let mut tui = Tui::start(dir.path(), ROWS, COLS, &[]);
    tui.wait_for("263 networks");
    tui.press_esc();
    tui.type_keys(b"S");
    tui.wait_for("Synced.");
    let screen = tui.screen();
    assert!(screen.contains("local: 1 added"), "{screen}");
    tui.type_keys(b"/");
    (dir, tui)
}

/// The list row naming the synced network (the list pane only: the
/// detail pane beside it may name the network too).
fn synced_row(screen: &str) -> Option<&str> {
    screen
        .lines()
        .filter_map(|l| l.split("\u{2502}\u{2502}").next())
        .find(|l| l.starts_with('\u{2502}') && l.contains(SYNCED_NAME))
}

/// The list row's marker columns (selection, star or new, member), before the name.
fn marks(row: &str) -> &str {
    row.split(SYNCED_NAME).next().unwrap()
}

#[test]
fn s_syncs_in_the_background_and_marks_new_networks_until_selected() {
    // Found by "ukgovcamp" after UKGovCamp itself, so not selected at once.
    let (_dir, mut tui) = synced("Alumni of UKGovCamp who sync catalogues in a pseudo-terminal.");
    tui.type_keys(b"ukgovcamp");
    tui.wait_for("2 networks");
    tui.wait_until("the synced network marked +, not selected", |s| {
        synced_row(s).is_some_and(|row| {
            let marks = marks(row);
            marks.contains('+') && !marks.contains('\u{25b6}')
        })
    });
    let screen = tui.screen();
    assert!(
        screen.contains("of 264 · bundled catalogue + 1 source"),
        "{screen}"
    );

    // Selecting it is looking at it: the mark goes, and stays gone.
    tui.type_keys(b"\x1b[B");
    tui.wait_until("the synced network selected, its + gone", |s| {
        synced_row(s).is_some_and(|row| {
            let marks = marks(row);
            marks.contains('\u{25b6}') && !marks.contains('+')
        })
    });
    tui.type_keys(b"\x1b[A");
    tui.wait_until("the synced network unselected and unmarked", |s| {
        synced_row(s).is_some_and(|row| marks(row).trim_start_matches('\u{2502}').trim().is_empty())
    });
    tui.press_esc();
    tui.quit_cleanly();
}

#[test]
fn a_network_new_from_a_sync_found_by_a_search_shows_its_mark() {
    let (_dir, mut tui) = synced("A network that only a pseudo-terminal test syncs in.");
    tui.type_keys(b"Pty Sync");
    tui.wait_for("/ Pty Sync");
    tui.wait_for("1 network ");
    tui.wait_until("the synced network marked +", |s| {
        synced_row(s).is_some_and(|row| marks(row).contains('+'))
    });
    tui.press_esc();
    tui.quit_cleanly();
}
