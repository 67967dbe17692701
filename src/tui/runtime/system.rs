//! What the operating system does for the app: opening a link in the
//! browser, and copying to the clipboard.

use crate::tui::app::{App, Effect};

/// Opens a link in the browser or copies it, saying what happened.
pub fn system(app: &mut App, effect: Effect) {
    match effect {
        Effect::OpenLink(url) => {
            app.message = Some(match open::that_detached(&url) {
                Ok(()) => format!("Opening {url} in your browser"),
                Err(_) => format!("No browser could be started here; the address is {url}"),
            });
        }
        Effect::CopyLink(url) => {
            app.message = Some(match copy(&url) {
                Ok(how) => format!("Copied {url} {how}"),
                Err(why) => format!("{why}; the address is {url}"),
            });
        }
        other => {
            let _ = other;
        }
    }
}

/// Copies `text`, with one clipboard held for the whole run (on X11 a
/// text copied from a handle that is dropped vanishes with it); over SSH or
/// with no display, through the terminal (OSC 52). Says how, or why not.
pub fn copy(text: &str) -> Result<&'static str, String> {
    use crate::library::{Clipboard, Copied};
    use std::io::Write;
    static HELD: std::sync::Mutex<Option<Clipboard>> = std::sync::Mutex::new(None);
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    let clipboard = held.get_or_insert_with(Clipboard::open);
    match clipboard.copy(text) {
        Ok(Copied::Local) => Ok("to the clipboard"),
        Ok(Copied::Osc52 { sequence, .. }) => {
            let mut out = std::io::stdout();
            out.write_all(sequence.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| format!("The terminal could not be asked to copy: {e}"))?;
            Ok("through the terminal (if it allows copying, as most do)")
        }
        Err(e) => Err(e.to_string()),
    }
}
