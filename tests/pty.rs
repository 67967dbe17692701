//! Drives the real binary in a pseudo-terminal, as a person would: the
//! interface opens, a typed query narrows the list, and quitting hands the
//! terminal back as it was (main screen, cursor shown, line mode on).
#![cfg(unix)]

use std::io::{Read, Write};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use portable_pty::{CommandBuilder, PtySize, native_pty_system};

const ROWS: u16 = 30;
const COLS: u16 = 100;

/// Everything the program wrote, shared with the reading thread.
#[derive(Clone, Default)]
struct Output(Arc<Mutex<Vec<u8>>>);

impl Output {
    fn bytes(&self) -> Vec<u8> {
        self.0.lock().unwrap().clone()
    }

    /// The screen as a terminal would show it now.
    fn screen(&self) -> String {
        let mut parser = vt100::Parser::new(ROWS, COLS, 0);
        parser.process(&self.bytes());
        parser.screen().contents()
    }

    /// Waits until the screen shows `text`; fails with the screen if it never does.
    fn wait_for(&self, text: &str) {
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if self.screen().contains(text) {
                return;
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        panic!(
            "the screen never showed {text:?}; it shows:\n{}",
            self.screen()
        );
    }
}

#[test]
fn typing_a_query_narrows_the_list_and_quitting_restores_the_terminal() {
    let home = tempfile::tempdir().unwrap();
    let pair = native_pty_system()
        .openpty(PtySize {
            rows: ROWS,
            cols: COLS,
            pixel_width: 0,
            pixel_height: 0,
        })
        .unwrap();
    let mut cmd = CommandBuilder::new(env!("CARGO_BIN_EXE_cairn"));
    cmd.env("CAIRN_HOME", home.path());
    cmd.env("TERM", "xterm-256color");
    cmd.env_remove("NO_COLOR");
    let mut child = pair.slave.spawn_command(cmd).unwrap();
    drop(pair.slave);

    let output = Output::default();
    let mut reader = pair.master.try_clone_reader().unwrap();
    let sink = output.clone();
    std::thread::spawn(move || {
        let mut buf = [0u8; 4096];
        while let Ok(n) = reader.read(&mut buf) {
            if n == 0 {
                break;
            }
            sink.0.lock().unwrap().extend_from_slice(&buf[..n]);
        }
    });
    let mut keys = pair.master.take_writer().unwrap();

    output.wait_for("177 networks");
    keys.write_all(b"ukgovcamp").unwrap();
    keys.flush().unwrap();
    output.wait_for("1 network ");
    let screen = output.screen();
    assert!(screen.contains("UKGovCamp"), "{screen}");
    assert!(screen.contains("/ ukgovcamp"), "{screen}");

    // Esc leaves the search line; q then quits.
    keys.write_all(b"\x1b").unwrap();
    keys.flush().unwrap();
    std::thread::sleep(Duration::from_millis(300));
    keys.write_all(b"q").unwrap();
    keys.flush().unwrap();

    let deadline = Instant::now() + Duration::from_secs(20);
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        if Instant::now() > deadline {
            child.kill().unwrap();
            panic!(
                "cairn did not quit on Esc, q; the screen shows:\n{}",
                output.screen()
            );
        }
        std::thread::sleep(Duration::from_millis(50));
    };
    assert!(status.success(), "exit status {status:?}");
    std::thread::sleep(Duration::from_millis(200));

    let bytes = output.bytes();
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

    let termios = pair.master.get_termios().expect("terminal settings");
    let flags = termios.local_flags;
    use nix::sys::termios::LocalFlags;
    assert!(
        flags.contains(LocalFlags::ICANON) && flags.contains(LocalFlags::ECHO),
        "the terminal was left in raw mode: {flags:?}"
    );
}
