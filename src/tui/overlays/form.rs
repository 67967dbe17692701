//! The entry form: a new journal entry, or one being changed in place.
//! Kind, title, tags, networks (picked with the fuzzy picker), whether it
//! may be shared, and the body in a multi-line editor. Nothing typed is
//! dropped without asking: leaving a changed form asks first.

use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui_textarea::{TextArea, WrapMode};

use crate::library::Stored;
use crate::model::Kind;
use crate::tui::widgets::input::LineInput;

/// The parts of the form, in the order Tab visits them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Kind,
    Title,
    Tags,
    Networks,
    FollowUp,
    Shareable,
    Body,
}

impl Field {
    const ORDER: [Field; 7] = [
        Field::Kind,
        Field::Title,
        Field::Tags,
        Field::Networks,
        Field::FollowUp,
        Field::Shareable,
        Field::Body,
    ];

    fn step(self, by: isize) -> Field {
        let i = Self::ORDER.iter().position(|f| *f == self).unwrap_or(0) as isize;
        Self::ORDER[(i + by).rem_euclid(Self::ORDER.len() as isize) as usize]
    }
}

/// What a key did to the form.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormKey {
    /// Handled inside the form.
    Stay,
    Save,
    /// Leave; asks first when something was typed.
    Cancel,
    /// Open the picker to add a network, with a first letter to look for.
    PickNetwork(Option<char>),
}

pub struct EntryForm {
    /// The entry being changed, or None for a new one.
    pub editing: Option<Stored>,
    pub kind: Kind,
    pub title: LineInput,
    /// Comma- or space-separated.
    pub tags: LineInput,
    /// Networks as (id, name).
    pub networks: Vec<(String, String)>,
    /// When to come back to it, as typed: "in 2 weeks", 2026-12-20.
    pub follow_up: LineInput,
    pub shareable: bool,
    pub body: TextArea<'static>,
    pub field: Field,
    /// Each kind's template, for a new entry: the body follows the kind
    /// until the person types in it.
    pub templates: Vec<(Kind, String)>,
    /// Why the last save was refused.
    pub error: Option<String>,
    /// What the form held when it opened, to tell whether it changed.
    start: Snapshot,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct Snapshot {
    kind: Kind,
    title: String,
    tags: String,
    networks: Vec<String>,
    follow_up: String,
    shareable: bool,
    body: String,
}

/// The body editor, its cursor where writing starts: under the first
/// heading of a template, else at the top.
fn text_area(body: &str) -> TextArea<'static> {
    let lines: Vec<String> = body.lines().map(str::to_string).collect();
    let mut area = TextArea::new(if lines.is_empty() {
        vec![String::new()]
    } else {
        lines
    });
    area.set_wrap_mode(WrapMode::WordOrGlyph);
    area.set_cursor_line_style(ratatui::style::Style::new());
    if let Some(row) = body.lines().position(|l| l.starts_with('#'))
        && row + 1 < area.lines().len()
    {
        area.move_cursor(ratatui_textarea::CursorMove::Jump(row as u16 + 1, 0));
    }
    area
}

impl EntryForm {
    /// A form for a new entry of `kind`, about `networks`.
    pub fn new(
        kind: Kind,
        templates: Vec<(Kind, String)>,
        networks: Vec<(String, String)>,
    ) -> EntryForm {
        let body = templates
            .iter()
            .find(|(k, _)| *k == kind)
            .map(|(_, t)| t.clone())
            .unwrap_or_default();
        let mut form = EntryForm {
            editing: None,
            kind,
            title: LineInput::default(),
            tags: LineInput::default(),
            networks,
            follow_up: LineInput::default(),
            shareable: false,
            body: text_area(&body),
            field: Field::Title,
            templates,
            error: None,
            start: Snapshot {
                kind,
                title: String::new(),
                tags: String::new(),
                networks: Vec::new(),
                follow_up: String::new(),
                shareable: false,
                body: String::new(),
            },
        };
        form.start = form.snapshot();
        form.show_body_cursor();
        form
    }

    /// A form holding an entry to change in place; `names` gives each
    /// network id its name where the catalogue still has it.
    pub fn edit(stored: Stored, names: &dyn Fn(&str) -> String) -> EntryForm {
        let m = &stored.entry.meta;
        let mut form = EntryForm {
            kind: m.kind,
            title: LineInput::new(&m.title),
            tags: LineInput::new(&m.tags.join(", ")),
            networks: m
                .networks
                .iter()
                .map(|id| (id.clone(), names(id)))
                .collect(),
            follow_up: LineInput::new(
                &m.follow_up
                    .map(|t| t.date().to_string())
                    .unwrap_or_default(),
            ),
            shareable: m.shareable,
            body: text_area(&stored.entry.body),
            field: Field::Body,
            templates: Vec::new(),
            error: None,
            start: Snapshot {
                kind: m.kind,
                title: String::new(),
                tags: String::new(),
                networks: Vec::new(),
                follow_up: String::new(),
                shareable: false,
                body: String::new(),
            },
            editing: Some(stored),
        };
        form.start = form.snapshot();
        form.show_body_cursor();
        form
    }

    fn snapshot(&self) -> Snapshot {
        Snapshot {
            kind: self.kind,
            title: self.title.text().to_string(),
            tags: self.tags.text().to_string(),
            networks: self.networks.iter().map(|(id, _)| id.clone()).collect(),
            follow_up: self.follow_up.text().to_string(),
            shareable: self.shareable,
            body: self.body_text(),
        }
    }

    /// Whether anything differs from when the form opened.
    pub fn changed(&self) -> bool {
        self.snapshot() != self.start
    }

    /// The body as typed, ending with a newline when not empty.
    pub fn body_text(&self) -> String {
        let mut text = self.body.lines().join("\n");
        if !text.trim().is_empty() && !text.ends_with('\n') {
            text.push('\n');
        }
        text
    }

    /// The tags as typed, split on commas and spaces.
    pub fn tag_list(&self) -> Vec<String> {
        self.tags
            .text()
            .split([',', ' '])
            .map(str::trim)
            .filter(|t| !t.is_empty())
            .map(str::to_string)
            .collect()
    }

    /// The follow-up as typed, read against `now`: none when empty, or
    /// why it cannot be read.
    pub fn follow_up_at(
        &self,
        now: time::OffsetDateTime,
    ) -> Result<Option<time::OffsetDateTime>, String> {
        // Unchanged, an entry's follow-up keeps its time of day too.
        if self.follow_up.text() == self.start.follow_up {
            return Ok(self.editing.as_ref().and_then(|s| s.entry.meta.follow_up));
        }
        let text = self.follow_up.text().trim();
        if text.is_empty() {
            return Ok(None);
        }
        crate::model::parse_when(text, now)
            .map(Some)
            .map_err(|e| format!("Follow up: {e}"))
    }

    pub fn title_text(&self) -> String {
        match &self.editing {
            Some(_) => "Change entry".into(),
            None => format!("New {}", self.kind),
        }
    }

    /// Adds a network picked in the picker, once.
    pub fn add_network(&mut self, id: &str, name: &str) {
        if !self.networks.iter().any(|(i, _)| i == id) {
            self.networks.push((id.to_string(), name.to_string()));
        }
    }

    /// Changes the kind; an untouched template follows it.
    fn set_kind(&mut self, kind: Kind) {
        let template = |k: Kind| {
            self.templates
                .iter()
                .find(|(t, _)| *t == k)
                .map(|(_, t)| t.clone())
        };
        let body = self.body_text();
        let untouched = template(self.kind).is_some_and(|t| t.trim_end() == body.trim_end());
        if untouched && let Some(next) = template(kind) {
            self.body = text_area(&next);
            self.start.body = self.body_text();
        }
        if self.start.kind == self.kind && self.editing.is_none() {
            // A new form's kind is a choice, not a change worth asking about.
            self.start.kind = kind;
        }
        self.kind = kind;
    }

    fn step_kind(&mut self, by: isize) {
        let i = Kind::ALL.iter().position(|k| *k == self.kind).unwrap_or(0) as isize;
        let next = Kind::ALL[(i + by).rem_euclid(Kind::ALL.len() as isize) as usize];
        self.set_kind(next);
    }

    /// Handles a key while the form is open.
    pub fn on_key(&mut self, event: KeyEvent) -> FormKey {
        let result = self.key(event);
        self.show_body_cursor();
        result
    }

    /// The body draws its own cursor only while it is being typed in.
    fn show_body_cursor(&mut self) {
        let style = if self.field == Field::Body {
            ratatui::style::Style::new().add_modifier(ratatui::style::Modifier::REVERSED)
        } else {
            ratatui::style::Style::new()
        };
        self.body.set_cursor_style(style);
    }

    fn key(&mut self, event: KeyEvent) -> FormKey {
        let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
        match event.code {
            KeyCode::Char('s') if ctrl => return FormKey::Save,
            KeyCode::Esc => return FormKey::Cancel,
            KeyCode::Tab => {
                self.field = self.field.step(1);
                return FormKey::Stay;
            }
            KeyCode::BackTab => {
                self.field = self.field.step(-1);
                return FormKey::Stay;
            }
            _ => {}
        }
        if self.field == Field::Body {
            self.body.input(event);
            return FormKey::Stay;
        }
        match event.code {
            KeyCode::Up => self.field = self.field.step(-1),
            KeyCode::Down => self.field = self.field.step(1),
            KeyCode::Enter if self.field == Field::Networks => return FormKey::PickNetwork(None),
            KeyCode::Char(c) if self.field == Field::Networks && !ctrl && c != ' ' => {
                return FormKey::PickNetwork(Some(c).filter(|c| *c != '+'));
            }
            KeyCode::Enter => self.field = self.field.step(1),
            _ => self.on_field_key(event),
        }
        FormKey::Stay
    }

    fn on_field_key(&mut self, event: KeyEvent) {
        match self.field {
            Field::Kind => match event.code {
                KeyCode::Left => self.step_kind(-1),
                KeyCode::Right | KeyCode::Char(' ') => self.step_kind(1),
                KeyCode::Char(c) => {
                    if let Some(kind) = Kind::ALL.iter().find(|k| k.as_str().starts_with(c)) {
                        self.set_kind(*kind);
                    }
                }
                _ => {}
            },
            Field::Title => {
                crate::tui::overlays::edit(&mut self.title, event);
            }
            Field::Tags => {
                crate::tui::overlays::edit(&mut self.tags, event);
            }
            Field::FollowUp => {
                crate::tui::overlays::edit(&mut self.follow_up, event);
            }
            Field::Networks => {
                if matches!(event.code, KeyCode::Backspace | KeyCode::Delete) {
                    self.networks.pop();
                }
            }
            Field::Shareable => match event.code {
                KeyCode::Char(' ') | KeyCode::Left | KeyCode::Right => {
                    self.shareable = !self.shareable
                }
                KeyCode::Char('y') => self.shareable = true,
                KeyCode::Char('n') => self.shareable = false,
                _ => {}
            },
            Field::Body => {}
        }
    }

    /// Pasted text goes into the field being typed in.
    pub fn paste(&mut self, text: &str) {
        match self.field {
            Field::Title => self.title.insert_str(text),
            Field::Tags => self.tags.insert_str(text),
            Field::FollowUp => self.follow_up.insert_str(text),
            Field::Body => {
                self.body.insert_str(text.replace("\r\n", "\n"));
            }
            _ => {}
        }
    }
}
