//! The fuzzy picker: a name typed in part (any order of letters, accents
//! folded), for going to a network or choosing one for an entry, a share
//! or a link.

use std::sync::Arc;

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::form::EntryForm;
use super::share::ShareFlow;
use super::{Overlay, centered, frame_block};
use crate::matcher::{Candidates, Narrowing, Ranked};
use crate::tui::effect::Effect;
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::theme::Theme;

/// How many picker matches are kept and shown.
const PICKER_MAX: usize = 1000;

/// What a pick in the picker is for.
pub enum Pick {
    /// Go to the network.
    GoTo,
    /// Add the network to the form underneath.
    Network(Box<EntryForm>),
    /// Link the entry with this id to the picked one (a lesson to the
    /// challenge it resolves, or the other way round).
    Related { entry: std::path::PathBuf },
    /// The network to share the flow's entries with.
    ShareTo(Box<ShareFlow>),
}

/// What a picker offers, as (id, name), with the names folded once (for
/// networks, kept by the app for the whole session): each keystroke then
/// ranks without folding every name again.
#[derive(Clone)]
pub struct Choices {
    pub names: Arc<Vec<(String, String)>>,
    folded: Arc<Candidates>,
}

impl Choices {
    pub fn new(names: Vec<(String, String)>) -> Choices {
        let folded = Candidates::new(names.iter().map(|(_, name)| name.as_str()));
        Choices {
            names: Arc::new(names),
            folded: Arc::new(folded),
        }
    }
}

pub struct Picker {
    pub title: String,
    pub input: LineInput,
    /// What can be picked as (id, name).
    pub names: Arc<Vec<(String, String)>>,
    folded: Arc<Candidates>,
    /// Only the names that matched the last pattern are tried when the
    /// next one extends it.
    narrowing: Narrowing,
    pub matches: Vec<Ranked>,
    pub selected: usize,
    pub purpose: Pick,
}

impl Picker {
    pub fn new(title: &str, choices: Choices, purpose: Pick, typed: &str) -> Picker {
        let mut picker = Picker {
            title: title.to_string(),
            input: LineInput::new(typed),
            names: choices.names,
            folded: choices.folded,
            narrowing: Narrowing::default(),
            matches: Vec::new(),
            selected: 0,
            purpose,
        };
        picker.rank();
        picker
    }

    /// Pastes text into the search line.
    pub fn paste(&mut self, text: &str) {
        self.input.insert_str(text);
        self.rank();
    }

    /// Types one more character into the search line.
    pub fn type_char(&mut self, c: char) {
        self.input.insert(c);
        self.rank();
    }

    fn rank(&mut self) {
        self.matches = self
            .narrowing
            .rank(&self.folded, self.input.text(), PICKER_MAX);
        self.selected = 0;
    }

    /// Handles a key: what stays open, and the work to do.
    pub fn on_key(mut self, event: KeyEvent) -> (Overlay, Vec<Effect>) {
        match event.code {
            KeyCode::Esc => match self.purpose {
                Pick::Network(form) => (Overlay::Form(form), Vec::new()),
                Pick::ShareTo(flow) => (Overlay::Share(flow), Vec::new()),
                _ => (Overlay::None, Vec::new()),
            },
            KeyCode::Down => {
                self.selected = (self.selected + 1).min(self.matches.len().saturating_sub(1));
                (Overlay::Picker(self), Vec::new())
            }
            KeyCode::Up => {
                self.selected = self.selected.saturating_sub(1);
                (Overlay::Picker(self), Vec::new())
            }
            KeyCode::Enter => self.pick(),
            _ => {
                if super::edit(&mut self.input, event) {
                    self.rank();
                }
                (Overlay::Picker(self), Vec::new())
            }
        }
    }

    /// The selected name picked.
    fn pick(self) -> (Overlay, Vec<Effect>) {
        let Some(m) = self.matches.get(self.selected) else {
            return (Overlay::Picker(self), Vec::new());
        };
        let (id, name) = self.names[m.index].clone();
        match self.purpose {
            Pick::GoTo => (Overlay::None, vec![Effect::GoTo { id, name }]),
            Pick::Network(mut form) => {
                form.add_network(&id, &name);
                (Overlay::Form(form), Vec::new())
            }
            Pick::ShareTo(flow) => (Overlay::Share(flow), vec![Effect::SharePreview(id)]),
            Pick::Related { entry } => (
                Overlay::None,
                vec![Effect::Link {
                    entry,
                    other: (!id.is_empty()).then(|| id.into()),
                }],
            ),
        }
    }

    fn rect(area: Rect) -> Rect {
        centered(area, 70, area.height.saturating_sub(4))
    }

    /// Where the terminal cursor goes: in the search line.
    pub fn cursor(&self, area: Rect) -> Position {
        let rect = Picker::rect(area);
        let before: String = self
            .input
            .text()
            .chars()
            .take(self.input.cursor_chars())
            .collect();
        Position::new(rect.x + 3 + before.width() as u16, rect.y + 1)
    }

    pub fn render(&self, frame: &mut Frame, theme: Theme) {
        let area = frame.area();
        if let Pick::Network(form) = &self.purpose {
            super::form_view::render(theme, form, frame);
        }
        let rect = Picker::rect(area);
        frame.render_widget(Clear, rect);
        let block = frame_block(theme, &self.title);
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let mut lines = vec![
            Line::from(vec![
                Span::styled("> ", theme.title()),
                Span::raw(self.input.text().to_string()),
            ]),
            Line::styled(
                format!("{} of {}", self.matches.len(), self.names.len()),
                theme.dim(),
            ),
        ];
        let room = inner.height.saturating_sub(2) as usize;
        let top = self.selected.saturating_sub(room.saturating_sub(1));
        for (i, m) in self.matches.iter().enumerate().skip(top).take(room) {
            let name = &self.names[m.index].1;
            let mut spans = vec![Span::raw(if i == self.selected { "▶ " } else { "  " })];
            for (ci, c) in name.chars().enumerate() {
                let style = if m.positions.contains(&ci) {
                    theme.matched()
                } else {
                    Style::new()
                };
                spans.push(Span::styled(c.to_string(), style));
            }
            let line = Line::from(spans);
            lines.push(if i == self.selected {
                line.style(theme.selected())
            } else {
                line
            });
        }
        frame.render_widget(Paragraph::new(lines), inner);
    }
}
