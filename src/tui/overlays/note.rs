//! The private note on a network: one line of text, wrapped as it grows.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Position, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use super::{centered, frame_block};
use crate::tui::effect::{Effect, Mark};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::theme::Theme;

pub struct NoteEditor {
    pub id: String,
    pub name: String,
    pub input: LineInput,
}

impl NoteEditor {
    pub fn new(id: &str, name: &str, note: &str) -> NoteEditor {
        NoteEditor {
            id: id.into(),
            name: name.into(),
            input: LineInput::new(note),
        }
    }

    /// Handles a key: `None` when the editor closes, with the work to do.
    pub fn on_key(mut self, event: KeyEvent) -> (Option<NoteEditor>, Vec<Effect>) {
        match event.code {
            KeyCode::Esc => (None, vec![Effect::Say("Note not changed".into())]),
            KeyCode::Enter => {
                let note = Mark::Note(self.input.text().trim().to_string());
                (None, vec![Effect::Annotate(self.id.clone(), note)])
            }
            _ => {
                super::edit(&mut self.input, event);
                (Some(self), Vec::new())
            }
        }
    }

    fn rect(&self, area: Rect) -> Rect {
        let width = 70.min(area.width);
        let inner_w = width.saturating_sub(2).max(1) as usize;
        let rows = wrap_chars(self.input.text(), inner_w).len() as u16 + 1;
        centered(area, width, (rows + 4).min(area.height))
    }

    /// Where the terminal cursor goes: after the text typed so far.
    pub fn cursor(&self, area: Rect) -> Position {
        let rect = self.rect(area);
        let before: String = self
            .input
            .text()
            .chars()
            .take(self.input.cursor_chars())
            .collect();
        let w = before.width() as u16;
        let inner_w = rect.width.saturating_sub(2).max(1);
        let row = (w / inner_w).min(rect.height.saturating_sub(3));
        Position::new(rect.x + 1 + w % inner_w, rect.y + 1 + row)
    }

    pub fn render(&self, frame: &mut Frame, theme: Theme) {
        let area = frame.area();
        let rect = self.rect(area);
        frame.render_widget(Clear, rect);
        let inner_w = rect.width.saturating_sub(2).max(1) as usize;
        let mut lines: Vec<Line> = wrap_chars(self.input.text(), inner_w)
            .into_iter()
            .map(Line::raw)
            .collect();
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            "Enter saves · Esc cancels · the note stays on this machine",
            theme.dim(),
        ));
        let p = Paragraph::new(lines)
            .block(frame_block(theme, &format!("Private note — {}", self.name)));
        frame.render_widget(p, rect);
    }
}

/// Cuts text into lines of exactly `width` columns (the last shorter), so
/// the cursor's place can be worked out from its column alone.
fn wrap_chars(text: &str, width: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    let mut w = 0;
    for c in text.chars() {
        let cw = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if w + cw > width {
            lines.push(String::new());
            w = 0;
        }
        lines.last_mut().expect("there is a line").push(c);
        w += cw;
    }
    lines
}
