//! The terminal interface: the only module that imports ratatui and
//! crossterm. One loop reads messages (keys, mouse, the library finishing
//! loading), turns them into state changes, runs the effects they ask for
//! and draws.

mod action;
mod bars;
mod detail;
mod effects;
mod events;
mod input;
mod journal_tab;
mod keymap;
mod navigation;
mod overlay;
mod popup;
mod state;
mod theme;
mod view;

use std::io::stdout;
use std::path::PathBuf;
use std::sync::mpsc;
use std::thread;

use anyhow::{Context, Result};
use ratatui::crossterm::event::{
    self, DisableBracketedPaste, DisableMouseCapture, EnableBracketedPaste, EnableMouseCapture,
    Event, KeyEventKind,
};
use ratatui::crossterm::execute;
use ratatui::layout::Rect;

pub use action::Action;
pub use effects::{loaded, perform};
pub use keymap::Keymap;
pub use overlay::Overlay;
pub use state::{App, Effect, Focus, Load, Tab};
pub use theme::Theme;
pub use view::render;

use crate::library::{self, Library, OpenOptions};
use crate::paths::Paths;

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

/// Runs the interface until the person quits.
pub fn run(options: Options) -> Result<()> {
    let paths = Paths::from_env()?;
    let (tx, rx) = mpsc::channel::<Msg>();
    let open = OpenOptions {
        catalogue_file: options.catalogue_file.clone(),
    };
    let loader_paths = paths.clone();
    let loader = tx.clone();
    thread::spawn(move || {
        let result = Library::open_at(loader_paths, open)
            .map_err(|e| format!("Cannot open the catalogue: {e}"));
        let _ = loader.send(Msg::Loaded(Box::new(result)));
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
        thread::spawn(move || {
            while let Ok(ev) = event::read() {
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
                if let Some(system) = perform(&mut app, library.as_mut(), effect) {
                    effects::system(&mut app, system);
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
