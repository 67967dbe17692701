//! The runtime: the terminal, the threads that read keys, load the library
//! and sync, the loop that feeds messages to the app, and the effects run
//! against the library. The only part of the interface that touches the
//! terminal, files or the network (through the library).

pub mod effects;
mod paste;
mod reading;
mod sharing;
mod system;
mod terminal;
mod writing;

use std::path::PathBuf;
use std::sync::{Arc, mpsc};
use std::thread;

use anyhow::{Context, Result};
use ratatui::crossterm::event::{self, Event, KeyEventKind};
use ratatui::layout::Rect;

use crate::library::Paths;
use crate::library::{self, Library, OpenOptions};
use crate::tui::app::{App, Load};
use crate::tui::effect::Effect;
use crate::tui::keymap::Keymap;
use crate::tui::view::render;
use crate::tui::widgets::theme::Theme;
use effects::perform;
use terminal::{Gate, Modes, READ_POLL, hand_over};

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
    /// Journal files that cannot be read, and how many follow-ups are
    /// due, found in the background.
    JournalChecked(Vec<String>, usize),
    /// A background sync got this far with a source.
    SyncProgress(String, library::Step),
    /// A background sync finished.
    Synced(Box<Result<library::SyncSummary, String>>),
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
    spawn_loader(paths.clone(), open.clone(), tx.clone());
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
        let modes = Modes::enable();
        let gate = Arc::new(Gate::default());
        spawn_reader(gate.clone(), tx.clone());
        let size = terminal.size()?;
        let app = initial_app(
            &paths,
            Theme::from_env(options.no_color),
            Rect::new(0, 0, size.width, size.height),
        );
        let mut event_loop = Loop {
            app,
            library: None,
            failed: None,
            paths,
            open,
            sync_tx: tx,
            gate,
            own_catalogue: options.catalogue_file.is_some(),
            bracketed_paste: modes.bracketed_paste,
        };
        event_loop.run(&mut terminal, &rx)
    })();
    let _ = terminal.show_cursor();
    ratatui::try_restore().context("could not restore the terminal; typing `reset` fixes it")?;
    result
}

/// Opens the library in the background, then looks for journal files that
/// cannot be read (which means reading every file).
fn spawn_loader(paths: Paths, open: OpenOptions, tx: mpsc::Sender<Msg>) {
    thread::spawn(move || {
        let result = Library::open_at(paths.clone(), open)
            .map_err(|e| format!("Cannot open the catalogue: {e}"));
        let _ = tx.send(Msg::Loaded(Box::new(result)));
        let (problems, due) = library::journal_checks(&paths, library::now());
        let _ = tx.send(Msg::JournalChecked(problems, due));
    });
}

/// Reads terminal events on a thread of its own, except while the gate is
/// closed (another program has the terminal).
fn spawn_reader(gate: Arc<Gate>, tx: mpsc::Sender<Msg>) {
    thread::spawn(move || {
        loop {
            gate.wait_while_paused();
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
}

/// What the loop holds between messages.
struct Loop {
    app: App,
    library: Option<Library>,
    /// Why the catalogue could not be opened, said once cairn has left.
    failed: Option<String>,
    paths: Paths,
    open: OpenOptions,
    sync_tx: mpsc::Sender<Msg>,
    gate: Arc<Gate>,
    /// Browsing a `--catalogue FILE`, which has no sources to sync.
    own_catalogue: bool,
    /// Whether the terminal marks pastes; if not, see [`paste::gather`].
    bracketed_paste: bool,
}

impl Loop {
    fn run(
        &mut self,
        terminal: &mut ratatui::DefaultTerminal,
        rx: &mpsc::Receiver<Msg>,
    ) -> Result<()> {
        while !self.app.quit {
            terminal.draw(|frame| render(&self.app, frame))?;
            let mut pending = vec![rx.recv()?];
            // Take everything already queued, so fast typing costs one search.
            pending.extend(rx.try_iter());
            let pending = if self.bracketed_paste {
                pending
            } else {
                paste::gather(pending)
            };
            let mut todo: Vec<Effect> = Vec::new();
            for msg in pending {
                todo.extend(self.on_msg(msg));
            }
            self.perform_all(todo, terminal);
        }
        match self.failed.take() {
            Some(why) => Err(anyhow::anyhow!(why)),
            None => Ok(()),
        }
    }

    /// One message: input for the app, or news from a background thread.
    fn on_msg(&mut self, msg: Msg) -> Vec<Effect> {
        let app = &mut self.app;
        match msg {
            Msg::Loaded(result) => match *result {
                Ok(lib) => {
                    effects::loaded(app, &lib);
                    self.library = Some(lib);
                    return vec![Effect::Search];
                }
                Err(why) => {
                    // Nothing to browse: leave, and say why on the normal screen.
                    self.failed = Some(why.clone());
                    app.load = Load::Failed(why);
                    app.quit = true;
                }
            },
            Msg::JournalChecked(problems, due) => {
                effects::journal_problems(app, problems);
                app.due = due;
            }
            Msg::SyncProgress(name, step) => app.syncing = Some(progress_text(&name, &step)),
            Msg::Synced(result) => return self.synced(*result),
            Msg::Input(Event::Key(key)) if key.kind != KeyEventKind::Release => {
                return app.on_key(key);
            }
            Msg::Input(Event::Mouse(m)) => return app.on_mouse(m),
            Msg::Input(Event::Paste(text)) => return app.on_paste(&text),
            Msg::Input(Event::Resize(w, h)) => app.on_resize(w, h),
            Msg::Input(_) => {}
        }
        Vec::new()
    }

    /// A background sync finished: the index on disk changed, so the
    /// library is opened again.
    fn synced(&mut self, result: Result<library::SyncSummary, String>) -> Vec<Effect> {
        self.app.syncing = None;
        let summary = match result {
            Ok(summary) => summary,
            Err(why) => {
                self.app.message = Some(format!("Sync failed: {why}"));
                return Vec::new();
            }
        };
        match Library::open_at(self.paths.clone(), self.open.clone()) {
            Ok(lib) => {
                effects::synced(&mut self.app, &lib, &summary);
                self.library = Some(lib);
                vec![Effect::Search]
            }
            Err(e) => {
                self.app.message = Some(format!(
                    "Synced, but the catalogue cannot be opened again: {e}"
                ));
                Vec::new()
            }
        }
    }

    /// Runs the effects in order; one search however many keys asked.
    fn perform_all(&mut self, todo: Vec<Effect>, terminal: &mut ratatui::DefaultTerminal) {
        let mut searched = false;
        for effect in todo {
            if effect == Effect::Search {
                if searched {
                    continue;
                }
                searched = true;
            }
            match perform(&mut self.app, self.library.as_mut(), effect) {
                Some(Effect::ExternalEdit(path)) => self.external_edit(&path, terminal),
                Some(Effect::Sync) => self.start_sync(),
                Some(system) => system::system(&mut self.app, system),
                None => {}
            }
        }
    }

    /// Hands the terminal to the person's editor on the entry in `path`.
    fn external_edit(&mut self, path: &std::path::Path, terminal: &mut ratatui::DefaultTerminal) {
        let Some(lib) = self.library.as_mut() else {
            return;
        };
        let gate = &self.gate;
        let mut run = |scratch: &std::path::Path, text: &str| {
            let Some(editor) = library::editor_command() else {
                return Err(library::EditorError::NotSet(false));
            };
            hand_over(terminal, gate, || {
                library::edit_text(Some(&editor), scratch, text, false)
            })
            .unwrap_or_else(|e| Err(library::EditorError::Terminal(e)))
        };
        writing::external_edit(&mut self.app, lib, path, &mut run);
        if let Some(note) = library::editor_fallback_note() {
            let said = self.app.message.take().unwrap_or_default();
            self.app.message = Some(format!("{said} ({note})"));
        }
    }

    /// Syncs the sources on a thread of its own, reporting progress.
    fn start_sync(&mut self) {
        if self.own_catalogue {
            self.app.message = Some(
                "Sync works on the bundled catalogue and your sources, not on a --catalogue file"
                    .into(),
            );
            return;
        }
        self.app.syncing = Some("starting the sync…".into());
        let (tx, paths) = (self.sync_tx.clone(), self.paths.clone());
        thread::spawn(move || {
            let result = Library::open_at(paths, OpenOptions::default())
                .and_then(|mut lib| {
                    let progress = tx.clone();
                    lib.sync(&[], &mut |name: &str, step| {
                        let _ = progress.send(Msg::SyncProgress(name.to_string(), step));
                    })
                })
                .map_err(|e| e.to_string());
            let _ = tx.send(Msg::Synced(Box::new(result)));
        });
    }
}
