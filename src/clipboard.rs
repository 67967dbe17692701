//! Copying text for the person: to the machine's clipboard when there is
//! one, else through the terminal with OSC 52.
//!
//! One [`Clipboard`] is opened when the interface starts and kept until it
//! ends: on X11 without a clipboard manager the copied text lives in the
//! process that owns the clipboard, and vanishes when that handle is
//! dropped. Over SSH, or with no display, the local clipboard (if any) is
//! the wrong machine's, so the text goes to the terminal instead as an
//! OSC 52 sequence, which the caller writes: this module never touches the
//! terminal, and tests give it a fake local clipboard.

use std::fmt;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;

/// Longest OSC 52 sequence sent, in bytes. Terminals cap what they accept
/// (hterm and several others at about 100,000 bytes; some silently drop
/// longer ones), so past this the copy is refused with a reason rather
/// than lost without a word.
pub const OSC52_LIMIT: usize = 100_000;

/// A clipboard on this machine. Implemented by arboard's; tests use a fake.
pub trait LocalClipboard: Send {
    fn set_text(&mut self, text: &str) -> Result<(), String>;
}

impl LocalClipboard for arboard::Clipboard {
    fn set_text(&mut self, text: &str) -> Result<(), String> {
        arboard::Clipboard::set_text(self, text).map_err(|e| e.to_string())
    }
}

/// How a text was copied.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Copied {
    /// Into this machine's clipboard.
    Local,
    /// The caller writes `sequence` to the terminal, which puts the text in
    /// its clipboard (if it allows OSC 52; none says whether it did).
    Osc52 { sequence: String, why: Why },
}

/// Why the terminal was used rather than a local clipboard.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Why {
    /// Over SSH: a local clipboard would be the remote machine's.
    Ssh,
    /// No graphical display (`DISPLAY`, `WAYLAND_DISPLAY`).
    NoDisplay,
    /// The local clipboard could not be opened or refused the text.
    LocalFailed(String),
}

impl fmt::Display for Why {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Why::Ssh => f.write_str("over SSH"),
            Why::NoDisplay => f.write_str("no display"),
            Why::LocalFailed(e) => write!(f, "the clipboard failed: {e}"),
        }
    }
}

/// A copy that could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ClipboardError {
    /// Too long for the terminal to take through OSC 52.
    #[error(
        "too long to copy through the terminal ({bytes} bytes encoded, at most {limit}){}",
        why_words(.why)
    )]
    TooLong {
        bytes: usize,
        limit: usize,
        why: Why,
    },
}

fn why_words(why: &Why) -> String {
    match why {
        Why::LocalFailed(e) => format!("; the clipboard failed: {e}"),
        other => format!(" ({other}, so no local clipboard)"),
    }
}

/// What the environment says about where the person is.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Environment {
    /// `SSH_TTY` or `SSH_CONNECTION` is set.
    pub ssh: bool,
    /// `DISPLAY` or `WAYLAND_DISPLAY` is set (always true where the
    /// platform's clipboard needs no display server: macOS, Windows).
    pub display: bool,
    /// Inside tmux (`TMUX`): OSC 52 is wrapped to pass through it.
    pub tmux: bool,
}

impl Environment {
    /// Read from the process's environment variables.
    pub fn from_env() -> Self {
        Self::from_vars(|name| std::env::var_os(name).is_some_and(|v| !v.is_empty()))
    }

    /// From a lookup of whether a variable is set (and not empty).
    pub fn from_vars(is_set: impl Fn(&str) -> bool) -> Self {
        let needs_display = cfg!(all(unix, not(target_os = "macos")));
        Environment {
            ssh: is_set("SSH_TTY") || is_set("SSH_CONNECTION"),
            display: !needs_display || is_set("DISPLAY") || is_set("WAYLAND_DISPLAY"),
            tmux: is_set("TMUX"),
        }
    }

    /// How a copy would be made here, in words (for `cairn doctor`).
    pub fn describe(&self) -> String {
        match self.no_local() {
            None => "the machine's clipboard".into(),
            Some(why) => format!("through the terminal (OSC 52), {why}"),
        }
    }

    /// Why a local clipboard should not be used here, if it should not.
    fn no_local(&self) -> Option<Why> {
        if self.ssh {
            Some(Why::Ssh)
        } else if !self.display {
            Some(Why::NoDisplay)
        } else {
            None
        }
    }
}

/// The clipboard for the whole run: hold one and copy through it.
pub struct Clipboard {
    local: Result<Box<dyn LocalClipboard>, Why>,
    tmux: bool,
    limit: usize,
}

impl fmt::Debug for Clipboard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Clipboard")
            .field("local", &self.local.as_ref().map(|_| "open"))
            .field("tmux", &self.tmux)
            .field("limit", &self.limit)
            .finish()
    }
}

impl Clipboard {
    /// Opens the machine's clipboard unless the environment says it is the
    /// wrong one (SSH) or there is none (no display). Never fails: without
    /// a local clipboard, copies go through the terminal.
    pub fn open() -> Self {
        let env = Environment::from_env();
        let local = match env.no_local() {
            Some(why) => Err(why),
            None => arboard::Clipboard::new()
                .map(|c| Box::new(c) as Box<dyn LocalClipboard>)
                .map_err(|e| Why::LocalFailed(e.to_string())),
        };
        Self::with(&env, local)
    }

    /// A clipboard over `local` (or none, for the reason given), as the
    /// environment `env` asks; for tests and for callers that chose.
    pub fn with(env: &Environment, local: Result<Box<dyn LocalClipboard>, Why>) -> Self {
        let local = match env.no_local() {
            Some(why) => Err(why),
            None => local,
        };
        Clipboard {
            local,
            tmux: env.tmux,
            limit: OSC52_LIMIT,
        }
    }

    /// The longest OSC 52 sequence to send, in bytes.
    pub fn with_limit(mut self, limit: usize) -> Self {
        self.limit = limit;
        self
    }

    /// True if copies go to a local clipboard (while it keeps working).
    pub fn is_local(&self) -> bool {
        self.local.is_ok()
    }

    /// Copies `text`: into the local clipboard, or else as an OSC 52
    /// sequence for the caller to write to the terminal. A local clipboard
    /// that refuses the text is not tried again this run.
    pub fn copy(&mut self, text: &str) -> Result<Copied, ClipboardError> {
        let why = match &mut self.local {
            Ok(local) => match local.set_text(text) {
                Ok(()) => return Ok(Copied::Local),
                Err(e) => Why::LocalFailed(e),
            },
            Err(why) => why.clone(),
        };
        if let Why::LocalFailed(_) = &why {
            self.local = Err(why.clone());
        }
        let sequence = osc52(text, self.tmux);
        if sequence.len() > self.limit {
            return Err(ClipboardError::TooLong {
                bytes: sequence.len(),
                limit: self.limit,
                why,
            });
        }
        Ok(Copied::Osc52 { sequence, why })
    }
}

/// The OSC 52 sequence that sets the terminal's clipboard to `text`
/// (base64, ended by BEL, which more terminals accept than ST). In tmux it
/// is wrapped in a DCS passthrough, its ESC doubled, for tmux to hand on
/// (tmux needs `allow-passthrough on`, or `set-clipboard on` to take it
/// itself).
pub fn osc52(text: &str, tmux: bool) -> String {
    let encoded = STANDARD.encode(text.as_bytes());
    let plain = format!("\x1b]52;c;{encoded}\x07");
    if tmux {
        format!("\x1bPtmux;{}\x1b\\", plain.replace('\x1b', "\x1b\x1b"))
    } else {
        plain
    }
}

#[cfg(test)]
mod tests {
    use std::sync::{Arc, Mutex};

    use super::*;

    /// A local clipboard that keeps what it was given, or refuses.
    #[derive(Clone, Default)]
    struct Fake {
        got: Arc<Mutex<Vec<String>>>,
        refuse: bool,
    }

    impl LocalClipboard for Fake {
        fn set_text(&mut self, text: &str) -> Result<(), String> {
            if self.refuse {
                return Err("no owner".into());
            }
            self.got.lock().unwrap().push(text.to_string());
            Ok(())
        }
    }

    fn desktop() -> Environment {
        Environment {
            ssh: false,
            display: true,
            tmux: false,
        }
    }

    #[test]
    fn copies_locally_with_a_display() {
        let fake = Fake::default();
        let mut c = Clipboard::with(&desktop(), Ok(Box::new(fake.clone())));
        assert_eq!(c.copy("https://example.org"), Ok(Copied::Local));
        assert_eq!(c.copy("second"), Ok(Copied::Local));
        assert_eq!(*fake.got.lock().unwrap(), ["https://example.org", "second"]);
    }

    #[test]
    fn over_ssh_the_terminal_gets_it_even_with_a_local_clipboard() {
        let fake = Fake::default();
        let env = Environment {
            ssh: true,
            ..desktop()
        };
        let mut c = Clipboard::with(&env, Ok(Box::new(fake.clone())));
        assert_eq!(
            c.copy("hi"),
            Ok(Copied::Osc52 {
                sequence: "\x1b]52;c;aGk=\x07".into(),
                why: Why::Ssh
            })
        );
        assert!(fake.got.lock().unwrap().is_empty());
    }

    #[test]
    fn a_failing_local_clipboard_falls_back_and_is_not_retried() {
        let fake = Fake {
            refuse: true,
            ..Fake::default()
        };
        let mut c = Clipboard::with(&desktop(), Ok(Box::new(fake)));
        let Ok(Copied::Osc52 { why, .. }) = c.copy("x") else {
            panic!("expected OSC 52");
        };
        assert_eq!(why, Why::LocalFailed("no owner".into()));
        assert!(!c.is_local());
    }

    #[test]
    fn too_long_for_the_terminal_says_so() {
        let env = Environment {
            display: false,
            ..desktop()
        };
        let mut c = Clipboard::with(&env, Err(Why::NoDisplay)).with_limit(20);
        assert!(matches!(c.copy("short"), Ok(Copied::Osc52 { .. })));
        let err = c.copy(&"x".repeat(100)).unwrap_err();
        assert_eq!(
            err,
            ClipboardError::TooLong {
                bytes: 8 + 136,
                limit: 20,
                why: Why::NoDisplay
            }
        );
        assert_eq!(
            err.to_string(),
            "too long to copy through the terminal (144 bytes encoded, at most 20) \
             (no display, so no local clipboard)"
        );
    }

    #[test]
    fn osc52_is_base64_and_wrapped_for_tmux() {
        // RFC 4648 test vectors, and text beyond ASCII.
        for (text, b64) in [
            ("", ""),
            ("f", "Zg=="),
            ("fo", "Zm8="),
            ("foo", "Zm9v"),
            ("foobar", "Zm9vYmFy"),
            ("Česko", "xIxlc2tv"),
        ] {
            assert_eq!(osc52(text, false), format!("\x1b]52;c;{b64}\x07"));
        }
        assert_eq!(osc52("hi", true), "\x1bPtmux;\x1b\x1b]52;c;aGk=\x07\x1b\\");
        // Text with its own escapes cannot break out: base64 has none.
        let hostile = osc52("\x1b]0;title\x07", false);
        assert_eq!(hostile.matches('\x1b').count(), 1);
    }

    #[test]
    fn environment_from_variables() {
        let env = Environment::from_vars(|v| v == "SSH_CONNECTION" || v == "TMUX");
        assert!(env.ssh && env.tmux);
        let env = Environment::from_vars(|v| v == "WAYLAND_DISPLAY");
        assert!(!env.ssh && env.display && !env.tmux);
        if cfg!(all(unix, not(target_os = "macos"))) {
            assert!(!Environment::from_vars(|_| false).display);
        }
    }
}
