//! What can open over the main screen, one module each: help, the filter
//! panel, the fuzzy picker, the note editor, the entry form, sharing,
//! precedents, proposing a network, and yes/no questions. An overlay gets
//! the key and the screen's size, and returns what stays open and the work
//! to do; it draws from its own state and the colours. None of them sees
//! the app.

pub mod filters;
pub mod form;
pub mod form_view;
pub mod help;
pub mod note;
pub mod picker;
pub mod precedents;
pub mod propose;
pub mod share;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

pub use filters::{FilterPanel, Row};
pub use form::{EntryForm, FormKey};
pub use help::Help;
pub use note::NoteEditor;
pub use picker::{Choices, Pick, Picker};

use crate::tui::action::Action;
use crate::tui::effect::Effect;
use crate::tui::keymap::{Key, Keymap};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::theme::Theme;

pub enum Overlay {
    None,
    Help(Help),
    Filters(FilterPanel),
    Picker(Picker),
    Note(NoteEditor),
    Form(Box<EntryForm>),
    /// Sharing entries with a network.
    Share(Box<share::ShareFlow>),
    /// Precedent for an entry.
    Precedents(Box<precedents::PrecedentsView>),
    /// Proposing a network.
    Propose(Box<propose::ProposeForm>),
    /// A yes/no question; `yes` runs on y or Enter, and `back` (if any)
    /// opens again on n or Esc.
    Confirm {
        question: String,
        yes: Effect,
        back: Option<Box<Overlay>>,
    },
}

/// Shared line editing for the one-line fields; true if it handled the key.
pub(in crate::tui) fn edit(input: &mut LineInput, event: KeyEvent) -> bool {
    match event.code {
        KeyCode::Char(c) if !event.modifiers.contains(KeyModifiers::CONTROL) => input.insert(c),
        KeyCode::Backspace => input.backspace(),
        KeyCode::Delete => input.delete(),
        KeyCode::Left => input.left(),
        KeyCode::Right => input.right(),
        KeyCode::Home => input.home(),
        KeyCode::End => input.end(),
        _ => return false,
    }
    true
}

/// One key model: the keys a person bound to moving and backing out mean
/// the same in every overlay as in the lists. They are turned into the keys
/// the overlays read (arrows, Page Up/Down, Home, End, Esc) before the
/// overlay sees them; in an overlay with a text field, letters type.
fn canonical(event: KeyEvent, keymap: &Keymap, typing: bool) -> KeyEvent {
    let code = match keymap.action(Key::from_event(event), typing) {
        Some(Action::MoveUp) => KeyCode::Up,
        Some(Action::MoveDown) => KeyCode::Down,
        Some(Action::PageUp) => KeyCode::PageUp,
        Some(Action::PageDown) => KeyCode::PageDown,
        Some(Action::First) => KeyCode::Home,
        Some(Action::Last) => KeyCode::End,
        Some(Action::Back) => KeyCode::Esc,
        Some(Action::Help) => KeyCode::F(1),
        _ => return event,
    };
    KeyEvent::new(code, KeyModifiers::NONE)
}

/// A box of at most `width` × `height` in the middle of `area`.
pub(in crate::tui) fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// An overlay's border, titled.
fn frame_block(theme: Theme, title: &str) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(theme.focused_border())
}

impl Overlay {
    /// Handles a key on a screen of `area`; returns what stays open and
    /// any work to do. Keys bound to moving and backing out are read
    /// through the person's keymap first (see [`canonical`]).
    pub fn on_key(self, event: KeyEvent, area: Rect, keymap: &Keymap) -> (Overlay, Vec<Effect>) {
        let event = match &self {
            // The entry form is an editor: its keys are the editor's own.
            Overlay::Form(_) => event,
            Overlay::Picker(_) | Overlay::Note(_) | Overlay::Propose(_) => {
                canonical(event, keymap, true)
            }
            _ => canonical(event, keymap, false),
        };
        match self {
            Overlay::None => (Overlay::None, Vec::new()),
            Overlay::Help(help) => (
                help.on_key(event, area)
                    .map_or(Overlay::None, Overlay::Help),
                Vec::new(),
            ),
            Overlay::Filters(mut panel) => match panel.on_key(event) {
                filters::Outcome::Stay => (Overlay::Filters(panel), Vec::new()),
                filters::Outcome::Close => (Overlay::None, Vec::new()),
                filters::Outcome::Do(effects) => (Overlay::Filters(panel), effects),
            },
            Overlay::Picker(picker) => picker.on_key(event),
            Overlay::Confirm {
                question,
                yes,
                back,
            } => confirm_key(question, yes, back, event),
            Overlay::Share(flow) => share::on_key(flow, event),
            Overlay::Precedents(view) => precedents::on_key(view, event),
            Overlay::Propose(form) => propose::on_key(form, event),
            Overlay::Form(form) => form_key(form, event),
            Overlay::Note(note) => {
                let (note, effects) = note.on_key(event);
                (note.map_or(Overlay::None, Overlay::Note), effects)
            }
        }
    }

    /// Pasted text, into the overlay's line or field; false if it has none.
    pub fn paste(&mut self, text: &str) -> bool {
        match self {
            Overlay::Picker(picker) => picker.paste(text),
            Overlay::Note(note) => note.input.insert_str(text),
            Overlay::Form(form) => form.paste(text),
            Overlay::Propose(form) => {
                let field = form.field;
                form.inputs[field].insert_str(text);
            }
            _ => return false,
        }
        true
    }

    /// Whether closing it would lose an entry being written.
    pub fn unsaved(&self) -> bool {
        match self {
            Overlay::Form(form) => form.changed(),
            Overlay::Picker(p) => matches!(&p.purpose, Pick::Network(f) if f.changed()),
            _ => false,
        }
    }

    /// The overlay to come back to after a question: the entry form rather
    /// than the picker over it.
    pub fn underneath(self) -> Overlay {
        match self {
            Overlay::Picker(Picker {
                purpose: Pick::Network(form),
                ..
            }) => Overlay::Form(form),
            other => other,
        }
    }

    /// The keys the overlay understands, for the status bar.
    pub fn hints(&self) -> &'static str {
        match self {
            Overlay::None => "",
            Overlay::Filters(_) => "↑↓ move  Space choose  Esc done  Tab next section  c clear",
            Overlay::Picker(p) if matches!(p.purpose, Pick::GoTo) => {
                "type a name  ↑↓ move  Enter go  Esc cancel"
            }
            Overlay::Picker(_) => "type to narrow  ↑↓ move  Enter pick  Esc cancel",
            Overlay::Note(_) => "Enter save  Esc cancel",
            Overlay::Help(_) => "↑↓ scroll  Esc close",
            Overlay::Confirm { .. } => "y yes  n no",
            Overlay::Form(_) => "Tab next field  Ctrl-S save  Esc leave",
            Overlay::Precedents(_) => "↑↓ move  Enter keep as evidence / go to network  Esc close",
            Overlay::Propose(_) => "Tab next field  Ctrl-S save  Esc cancel",
            Overlay::Share(_) => "↑↓ move  Space choose  Enter next  y share  Esc back",
        }
    }

    pub fn render(&self, frame: &mut Frame, theme: Theme) {
        match self {
            Overlay::None => {}
            Overlay::Help(help) => help.render(frame, theme),
            Overlay::Filters(panel) => panel.render(frame, theme),
            Overlay::Picker(picker) => picker.render(frame, theme),
            Overlay::Note(note) => note.render(frame, theme),
            Overlay::Form(form) => form_view::render(theme, form, frame),
            Overlay::Share(flow) => share::render(theme, flow, frame),
            Overlay::Precedents(view) => precedents::render(theme, view, frame),
            Overlay::Propose(form) => propose::render(theme, form, frame),
            Overlay::Confirm { question, back, .. } => {
                if let Some(back) = back {
                    back.render(frame, theme);
                }
                let rect = centered(frame.area(), 64, 5);
                frame.render_widget(Clear, rect);
                let p = Paragraph::new(question.clone())
                    .block(frame_block(theme, "Are you sure?"))
                    .wrap(Wrap { trim: true });
                frame.render_widget(p, rect);
            }
        }
    }

    /// Where the terminal cursor goes while an overlay with a text field is open.
    pub fn cursor(&self, area: Rect) -> Option<Position> {
        match self {
            Overlay::Picker(p) => Some(p.cursor(area)),
            Overlay::Note(n) => Some(n.cursor(area)),
            Overlay::Form(form) => form_view::cursor(form, area),
            Overlay::Propose(form) => propose::cursor(form, area),
            Overlay::Help(_)
            | Overlay::Filters(_)
            | Overlay::Confirm { .. }
            | Overlay::Share(_)
            | Overlay::Precedents(_)
            | Overlay::None => None,
        }
    }
}

/// y or Enter says yes; n or Esc goes back to what asked, if anything.
fn confirm_key(
    question: String,
    yes: Effect,
    back: Option<Box<Overlay>>,
    event: KeyEvent,
) -> (Overlay, Vec<Effect>) {
    match event.code {
        KeyCode::Char('y' | 'Y') | KeyCode::Enter => (Overlay::None, vec![yes]),
        KeyCode::Char('n' | 'N') | KeyCode::Esc => match back {
            Some(back) => (*back, Vec::new()),
            None => (Overlay::None, vec![Effect::Say("Nothing changed".into())]),
        },
        _ => (
            Overlay::Confirm {
                question,
                yes,
                back,
            },
            Vec::new(),
        ),
    }
}

/// The entry form's keys: saving needs a title, leaving with changes asks.
fn form_key(mut form: Box<EntryForm>, event: KeyEvent) -> (Overlay, Vec<Effect>) {
    match form.on_key(event) {
        FormKey::Stay => (Overlay::Form(form), Vec::new()),
        FormKey::Save if form.title.text().trim().is_empty() => {
            form.error = Some("Give the entry a title first".into());
            form.field = form::Field::Title;
            (Overlay::Form(form), Vec::new())
        }
        FormKey::Save => (Overlay::Form(form), vec![Effect::SaveForm]),
        FormKey::Cancel if form.changed() => (
            Overlay::Confirm {
                question: "Leave this entry without saving it? What you typed will be lost. (y/n)"
                    .into(),
                yes: Effect::Say("Entry not saved".into()),
                back: Some(Box::new(Overlay::Form(form))),
            },
            Vec::new(),
        ),
        FormKey::Cancel => (Overlay::None, Vec::new()),
        FormKey::PickNetwork(c) => (Overlay::Form(form), vec![Effect::PickNetwork(c)]),
    }
}
