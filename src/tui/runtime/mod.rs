//! The runtime: the terminal, the threads that read keys, load the library
//! and sync, the loop that feeds messages to the app, and the effects run
//! against the library. The only part of the interface that touches the
//! terminal, files or the network (through the library).

pub mod effects;
mod reading;
mod sharing;
mod system;
mod writing;

use std::io::stdout;
use std::path::PathBuf;
use std::sync::{Arc, Condvar, Mutex, mpsc};
use std::thread;
use std::time::{Duration, Instant};

use anyhow::{Context, Result};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

use crate::library::Paths;
use crate::library::{self, Library, OpenOptions};
use crate::tui::app::{App, Load};
use crate::tui::effect::Effect;
use crate::tui::keymap::Keymap;
use crate::tui::view::render;
use crate::tui::widgets::theme::Theme;
use effects::perform;

/// How the interface was asked to start.
#[derive(Debug, Clone, Default)]
pub struct Options {
    pub catalogue_file: Option<PathBuf>,
    pub no_color: bool,
}

/// What the loop waits for.
enum Msg {
    Input(Event),
    Loaded(Box<Result<Library, String>>),
    /// Journal files that cannot be read, found in the background.
    JournalProblems(Vec<String>),
    /// A background sync got this far with a source.
    SyncProgress(String, library::Step),
    /// A background sync finished.
    Synced(Box<Result<library::SyncSummary, String>>),
}

/// Stops the key reader while another program (the person's editor) has
/// the terminal, so the two never read the same keys.
#[derive(Default)]
struct Gate {
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
    fn wait_while_paused(&self) {
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
const READ_POLL: Duration = Duration::from_millis(50);

/// Gives the terminal to another program for the length of `f`, then
/// takes it back and redraws everything.
fn hand_over<T>(
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
            EnableMouseCapture,
            EnableBracketedPaste
        )
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
struct Modes;

impl Modes {
    fn enable() -> std::io::Result<Modes> {
        execute!(stdout(), EnableMouseCapture, EnableBracketedPaste)?;
        Ok(Modes)
    }
}

impl Drop for Modes {
    fn drop(&mut self) {
        let _ = execute!(stdout(), DisableBracketedPaste, DisableMouseCapture);
    }
}

/// Builds the starting state from the settings in `paths`.
pub fn initial_app(paths: &Paths, theme: Theme, size: Rect) -> App {
    let config = library::load_config(paths);
    let keymap = Keymap::from_config(&config);
    let mut app = App::new(keymap, theme, size);
    app.warnings.splice(0..0, config.problems);
    app
}

/// One line saying where a background sync has got to.
fn progress_text(name: &str, step: &library::Step) -> String {
    match step {
        library::Step::Connecting => format!("syncing {name}: connecting…"),
        library::Step::Receiving {
            bytes,
            total: Some(t),
        } if *t > 0 => {
            format!("syncing {name}: {} of {} KiB…", bytes / 1024, t / 1024)
        }
        library::Step::Receiving { bytes, .. } => {
            format!("syncing {name}: {} KiB received…", bytes / 1024)
        }
        library::Step::Parsing => format!("syncing {name}: checking the catalogue…"),
        library::Step::Indexing => "syncing: updating the search index…".into(),
    }
}

/// Runs the interface until the person quits.
pub fn run(options: Options) -> Result<()> {
    let paths = Paths::from_env()?;
    let (tx, rx) = mpsc::channel::<Msg>();
    let open = OpenOptions {
        catalogue_file: options.catalogue_file.clone(),
    };
    let open_options = open.clone();
    let sync_tx = tx.clone();
    let loader_paths = paths.clone();
    let loader = tx.clone();
    thread::spawn(move || {
        let result = Library::open_at(loader_paths.clone(), open)
            .map_err(|e| format!("Cannot open the catalogue: {e}"));
        let _ = loader.send(Msg::Loaded(Box::new(result)));
        let problems = library::journal_problems(&loader_paths);
        let _ = loader.send(Msg::JournalProblems(problems));
    });

    let mut terminal = match ratatui::try_init() {
        Ok(t) => t,
        Err(e) => {
            let _ = ratatui::try_restore();
            return Err(e).context(
                "cannot start the terminal interface; `cairn search WORDS` works without it",
            );
        }
    };
    let result = (|| {
        let _modes = Modes::enable()?;
        let gate = Arc::new(Gate::default());
        let reader_gate = gate.clone();
        thread::spawn(move || {
            loop {
                reader_gate.wait_while_paused();
                match event::poll(READ_POLL) {
                    Ok(false) => continue,
                    Ok(true) => {}
                    Err(_) => break,
                }
                let Ok(ev) = event::read() else { break };
                if tx.send(Msg::Input(ev)).is_err() {
                    break;
                }
            }
        });
        let size = terminal.size()?;
        let mut app = initial_app(
            &paths,
            Theme::from_env(options.no_color),
            Rect::new(0, 0, size.width, size.height),
        );
        let mut library: Option<Library> = None;
        let mut failed: Option<String> = None;
        while !app.quit {
            terminal.draw(|frame| render(&app, frame))?;
            let mut pending = vec![rx.recv()?];
            // Take everything already queued, so fast typing costs one search.
            pending.extend(rx.try_iter());
            let mut todo: Vec<Effect> = Vec::new();
            for msg in pending {
                match msg {
                    Msg::Loaded(result) => match *result {
                        Ok(lib) => {
                            effects::loaded(&mut app, &lib);
                            library = Some(lib);
                            todo.push(Effect::Search);
                        }
                        Err(why) => {
                            // Nothing to browse: leave, and say why on the normal screen.
                            failed = Some(why.clone());
                            app.load = Load::Failed(why);
                            app.quit = true;
                        }
                    },
                    Msg::JournalProblems(problems) => effects::journal_problems(&mut app, problems),
                    Msg::SyncProgress(name, step) => {
                        app.syncing = Some(progress_text(&name, &step))
                    }
                    Msg::Synced(result) => {
                        app.syncing = None;
                        match *result {
                            Ok(summary) => {
                                // The sync updated the index on disk; open it.
                                match Library::open_at(paths.clone(), open_options.clone()) {
                                    Ok(lib) => {
                                        effects::synced(&mut app, &lib, &summary);
                                        library = Some(lib);
                                        todo.push(Effect::Search);
                                    }
                                    Err(e) => {
                                        app.message = Some(format!(
                                            "Synced, but the catalogue cannot be opened again: {e}"
                                        ))
                                    }
                                }
                            }
                            Err(why) => app.message = Some(format!("Sync failed: {why}")),
                        }
                    }
                    Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                        todo.extend(app.on_key(key))
                    }
                    Msg::Input(Event::Mouse(m)) => todo.extend(app.on_mouse(m)),
                    Msg::Input(Event::Paste(text)) => todo.extend(app.on_paste(&text)),
                    Msg::Input(Event::Resize(w, h)) => app.on_resize(w, h),
                    Msg::Input(_) => {}
                }
            }
            let mut searched = false;
            for effect in todo {
                if effect == Effect::Search {
                    if searched {
                        continue;
                    }
                    searched = true;
                }
                match perform(&mut app, library.as_mut(), effect) {
                    Some(Effect::ExternalEdit(path)) => {
                        let Some(lib) = library.as_mut() else {
                            continue;
                        };
                        let mut run = |scratch: &std::path::Path, text: &str| {
                            let Some(editor) = library::editor_command() else {
                                return Err(library::EditorError::NotSet(false));
                            };
                            hand_over(&mut terminal, &gate, || {
                                library::edit_text(Some(&editor), scratch, text, false)
                            })
                            .unwrap_or_else(|e| Err(library::EditorError::Terminal(e)))
                        };
                        writing::external_edit(&mut app, lib, &path, &mut run);
                    }
                    Some(Effect::Sync) => {
                        if options.catalogue_file.is_some() {
                            app.message = Some("Sync works on the bundled catalogue and your sources, not on a --catalogue file".into());
                            continue;
                        }
                        app.syncing = Some("starting the sync…".into());
                        let (tx, paths) = (sync_tx.clone(), paths.clone());
                        thread::spawn(move || {
                            let result = Library::open_at(paths, OpenOptions::default())
                                .and_then(|mut lib| {
                                    let progress = tx.clone();
                                    lib.sync(&[], &mut |name: &str, step| {
                                        let _ = progress
                                            .send(Msg::SyncProgress(name.to_string(), step));
                                    })
                                })
                                .map_err(|e| e.to_string());
                            let _ = tx.send(Msg::Synced(Box::new(result)));
                        });
                    }
                    Some(system) => system::system(&mut app, system),
                    None => {}
                }
            }
        }
        match failed {
            Some(why) => Err(anyhow::anyhow!(why)),
            None => Ok(()),
        }
    })();
    let _ = terminal.show_cursor();
    ratatui::try_restore().context("could not restore the terminal; typing `reset` fixes it")?;
    result
}
