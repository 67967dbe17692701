//! The terminal: the modes cairn turns on (and always off again), and
//! handing the terminal to another program (the person's editor) while
//! the key reader waits.

use std::io::stdout;
use std::sync::{Condvar, Mutex};
use std::time::{Duration, Instant};

use ratatui::crossterm::event::{
    DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
};
use ratatui::crossterm::execute;

/// Stops the key reader while another program (the person's editor) has
/// the terminal, so the two never read the same keys.
#[derive(Default)]
pub struct Gate {
    state: Mutex<GateState>,
    changed: Condvar,
}

#[derive(Default)]
struct GateState {
    paused: bool,
    /// The reader is waiting, not reading.
    parked: bool,
}

impl Gate {
    /// Called by the reader before each read: waits while paused.
    pub fn wait_while_paused(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        if s.paused {
            s.parked = true;
            self.changed.notify_all();
            while s.paused {
                s = self.changed.wait(s).unwrap_or_else(|e| e.into_inner());
            }
            s.parked = false;
        }
    }

    /// Pauses the reader and waits (briefly) until it has stopped reading.
    fn pause(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.paused = true;
        let deadline = Instant::now() + READ_POLL * 5;
        while !s.parked && Instant::now() < deadline {
            s = self
                .changed
                .wait_timeout(s, READ_POLL)
                .unwrap_or_else(|e| e.into_inner())
                .0;
        }
    }

    fn resume(&self) {
        let mut s = self.state.lock().unwrap_or_else(|e| e.into_inner());
        s.paused = false;
        self.changed.notify_all();
    }
}

/// How long the reader waits for a key before checking the gate again.
pub const READ_POLL: Duration = Duration::from_millis(50);

/// Gives the terminal to another program for the length of `f`, then
/// takes it back and redraws everything.
pub fn hand_over<T>(
    terminal: &mut ratatui::DefaultTerminal,
    gate: &Gate,
    f: impl FnOnce() -> T,
) -> std::io::Result<T> {
    gate.pause();
    let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    let _ = ratatui::try_restore();
    let out = f();
    let back = ratatui::crossterm::terminal::enable_raw_mode().and_then(|()| {
        execute!(
            stdout(),
            ratatui::crossterm::terminal::EnterAlternateScreen,
            ratatui::crossterm::terminal::Clear(ratatui::crossterm::terminal::ClearType::All),
            EnableMouseCapture
        )?;
        // Not every terminal has it (a Windows console has not).
        let _ = execute!(stdout(), EnableBracketedPaste);
        Ok(())
    });
    // Repaint everything; if the terminal will not say where its cursor is
    // (which `clear` asks), drawing a blank frame does the same.
    if terminal.clear().is_err() {
        let _ = terminal.draw(|frame| frame.render_widget(ratatui::widgets::Clear, frame.area()));
    }
    // Keys must work again whatever happened, so the person can quit.
    gate.resume();
    back.map(|()| out)
}

/// Mouse capture and bracketed paste, undone on drop (also during a panic's
/// unwinding; ratatui's own hook restores raw mode and the screen).
pub struct Modes {
    /// Whether the terminal marks pastes (bracketed paste); when not,
    /// pastes are told from typing by how many keys arrive at once.
    pub bracketed_paste: bool,
}

impl Modes {
    /// Turns on mouse capture and bracketed paste, each if the terminal
    /// allows it: a terminal without them (a Windows console without
    /// bracketed paste) still runs cairn, pastes being told apart from
    /// typing by [`crate::tui::runtime::paste`].
    pub fn enable() -> Modes {
        let _ = execute!(stdout(), EnableMouseCapture);
        // A Windows console refuses it (crossterm says so); a terminal that
        // ignores the request cannot be told apart, and keeps typing safe
        // by its own bracketing.
        let bracketed_paste = !cfg!(windows) && execute!(stdout(), EnableBracketedPaste).is_ok();
        Modes { bracketed_paste }
    }
}

impl Drop for Modes {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    }
}
