//! The harness shared by the terminal-interface tests: the app over the
//! bundled catalogue in a temporary home, keys fed in a small notation
//! (`press("ab<enter>")`), effects run the way the real loop runs them, and
//! screens drawn into ratatui's `TestBackend` as text.

use cairn::library::{Library, OpenOptions};
use cairn::paths::Paths;
use cairn::tui::{App, Effect, Theme};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers, MouseEvent, MouseEventKind};
use ratatui::layout::Rect;
use tempfile::TempDir;
use unicode_width::UnicodeWidthStr;

/// The app over the bundled catalogue, in its own temporary home.
pub struct Tui {
    pub _home: TempDir,
    pub paths: Paths,
    pub lib: Library,
    pub app: App,
}

impl Tui {
    pub fn new(width: u16, height: u16) -> Tui {
        Tui::start(width, height, Theme { color: true }, None)
    }

    /// Starts with `config` written as the user's `config.toml`, if given.
    pub fn start(width: u16, height: u16, theme: Theme, config: Option<&str>) -> Tui {
        let home = tempfile::tempdir().expect("a temporary home");
        let paths = Paths::under(home.path());
        if let Some(text) = config {
            std::fs::create_dir_all(&paths.config).unwrap();
            std::fs::write(paths.config.join("config.toml"), text).unwrap();
        }
        let mut lib = Library::open_at(paths.clone(), OpenOptions::default())
            .expect("the bundled catalogue opens");
        let mut app = cairn::tui::initial_app(&paths, theme, Rect::new(0, 0, width, height));
        cairn::tui::loaded(&mut app, &lib);
        let handed = run(&mut app, &mut lib, vec![Effect::Search]);
        assert!(handed.is_empty(), "{handed:?}");
        Tui {
            _home: home,
            paths,
            lib,
            app,
        }
    }

    /// Feeds keys and returns the effects handed back for the system.
    pub fn press(&mut self, keys: &str) -> Vec<Effect> {
        press(&mut self.app, &mut self.lib, keys)
    }

    #[allow(dead_code)]
    pub fn mouse(&mut self, kind: MouseEventKind, column: u16, row: u16) -> Vec<Effect> {
        let effects = self.app.on_mouse(MouseEvent {
            kind,
            column,
            row,
            modifiers: KeyModifiers::NONE,
        });
        run(&mut self.app, &mut self.lib, effects)
    }

    pub fn screen(&self) -> String {
        screen(&self.app, self.app.size.width, self.app.size.height)
    }

    #[allow(dead_code)]
    pub fn selected_name(&self) -> String {
        self.app
            .selected_hit()
            .expect("a selected network")
            .network
            .name
            .clone()
    }

    #[allow(dead_code)]
    pub fn selected_id(&self) -> String {
        self.app
            .selected_hit()
            .expect("a selected network")
            .network
            .id
            .clone()
    }

    #[allow(dead_code)]
    pub fn names(&self) -> Vec<String> {
        self.app
            .results
            .hits
            .iter()
            .map(|h| h.network.name.clone())
            .collect()
    }
}

/// Runs effects the way the loop does; OpenLink, CopyLink and
/// ExternalEdit come back.
pub fn run(app: &mut App, lib: &mut Library, effects: Vec<Effect>) -> Vec<Effect> {
    effects
        .into_iter()
        .filter_map(|effect| cairn::tui::perform(app, Some(&mut *lib), effect))
        .collect()
}

/// Presses each key of `keys`: plain characters, or `<esc>`, `<enter>`,
/// `<tab>`, `<s-tab>`, `<up>`, `<down>`, `<left>`, `<right>`, `<pgup>`,
/// `<pgdn>`, `<home>`, `<end>`, `<space>`, `<bs>`, `<del>`, `<c-x>` (Ctrl-x).
pub fn press(app: &mut App, lib: &mut Library, keys: &str) -> Vec<Effect> {
    let mut handed = Vec::new();
    for key in parse_keys(keys) {
        let effects = app.on_key(key);
        handed.extend(run(app, lib, effects));
    }
    handed
}

pub fn parse_keys(notation: &str) -> Vec<KeyEvent> {
    let mut out = Vec::new();
    let mut rest = notation;
    while let Some(c) = rest.chars().next() {
        if c == '<'
            && let Some(end) = rest.find('>')
            && end > 1
        {
            out.push(named_key(&rest[1..end]));
            rest = &rest[end + 1..];
            continue;
        }
        let mods = if c.is_ascii_uppercase() {
            KeyModifiers::SHIFT
        } else {
            KeyModifiers::NONE
        };
        out.push(KeyEvent::new(KeyCode::Char(c), mods));
        rest = &rest[c.len_utf8()..];
    }
    out
}

pub fn named_key(name: &str) -> KeyEvent {
    let plain = |code| KeyEvent::new(code, KeyModifiers::NONE);
    match name {
        "esc" => plain(KeyCode::Esc),
        "enter" => plain(KeyCode::Enter),
        "tab" => plain(KeyCode::Tab),
        "s-tab" => KeyEvent::new(KeyCode::BackTab, KeyModifiers::SHIFT),
        "up" => plain(KeyCode::Up),
        "down" => plain(KeyCode::Down),
        "left" => plain(KeyCode::Left),
        "right" => plain(KeyCode::Right),
        "pgup" => plain(KeyCode::PageUp),
        "pgdn" => plain(KeyCode::PageDown),
        "home" => plain(KeyCode::Home),
        "end" => plain(KeyCode::End),
        "space" => plain(KeyCode::Char(' ')),
        "bs" => plain(KeyCode::Backspace),
        "del" => plain(KeyCode::Delete),
        "f1" => plain(KeyCode::F(1)),
        alt if alt.starts_with("a-") && alt.chars().count() == 3 => KeyEvent::new(
            KeyCode::Char(alt.chars().nth(2).unwrap()),
            KeyModifiers::ALT,
        ),
        ctrl if ctrl.starts_with("c-") && ctrl.chars().count() == 3 => KeyEvent::new(
            KeyCode::Char(ctrl.chars().nth(2).unwrap()),
            KeyModifiers::CONTROL,
        ),
        other => panic!("no key <{other}> in the test notation"),
    }
}

pub fn draw(app: &App, width: u16, height: u16) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(width, height)).unwrap();
    terminal
        .draw(|frame| cairn::tui::render(app, frame))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The rendered screen as text, one line per row, trailing spaces trimmed.
pub fn screen(app: &App, width: u16, height: u16) -> String {
    text_of(&draw(app, width, height))
}

pub fn text_of(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut rows = Vec::new();
    for y in area.top()..area.bottom() {
        let mut row = String::new();
        // The cells a wide character covers hold nothing of their own.
        let mut skip = 0;
        for x in area.left()..area.right() {
            let symbol = buffer[(x, y)].symbol();
            if skip == 0 {
                row.push_str(symbol);
            }
            skip = skip.max(symbol.width()).saturating_sub(1);
        }
        rows.push(row.trim_end().to_string());
    }
    rows.join("\n")
}

/// Saves an entry tagged "approval" about UKGovCamp through the library;
/// returns its id.
pub fn write_entry(t: &Tui, kind: cairn::model::Kind, title: &str, body: &str) -> String {
    let stored = t
        .lib
        .add_entry(cairn::library::NewEntry {
            tags: vec!["approval".into()],
            networks: vec!["ukgovcamp".into()],
            ..cairn::library::NewEntry::new(kind, title, body)
        })
        .expect("the entry is saved");
    stored.entry.meta.id
}
