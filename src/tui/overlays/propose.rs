//! Proposing a network from the interface (`P` on the Networks tab): a
//! small form whose record, once it passes the catalogue's checks, is
//! saved with a message for the catalogue's maintainers.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::UnicodeWidthStr;

use crate::library::Proposal;
use crate::tui::effect::Effect;
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::theme::Theme;

/// The fields, in order, with their labels and hints.
const FIELDS: [(&str, &str); 6] = [
    ("Name", "the network's name (needed)"),
    ("Summary", "what it is and who it is for (needed)"),
    ("Website", "https://…"),
    ("Regions", "country codes or groupings: GB, EU, global…"),
    ("Topics", "design, procurement, data…"),
    ("Source", "a web page the facts come from"),
];

/// Columns taken by a label.
const LABEL: u16 = 10;

pub struct ProposeForm {
    pub inputs: Vec<LineInput>,
    pub field: usize,
    pub error: Option<String>,
}

impl Default for ProposeForm {
    fn default() -> Self {
        ProposeForm {
            inputs: FIELDS.iter().map(|_| LineInput::default()).collect(),
            field: 0,
            error: None,
        }
    }
}

/// Items separated by commas or semicolons ("design, local gov" is two
/// topics); region codes may also be separated by spaces.
fn list(text: &str, spaces: bool) -> Vec<String> {
    let separators: &[char] = if spaces {
        &[',', ';', ' ']
    } else {
        &[',', ';']
    };
    text.split(separators)
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(str::to_string)
        .collect()
}

impl ProposeForm {
    pub fn proposal(&self) -> Proposal {
        let text = |i: usize| self.inputs[i].text().trim().to_string();
        let some = |i: usize| Some(text(i)).filter(|t| !t.is_empty());
        Proposal {
            name: text(0),
            summary: text(1),
            url: some(2),
            regions: list(&text(3), true),
            topics: list(&text(4), false),
            sources: list(&text(5), true),
            ..Proposal::default()
        }
    }
}

/// Turns a key into what stays open and the work to do.
pub fn on_key(
    mut form: Box<ProposeForm>,
    event: KeyEvent,
) -> (crate::tui::overlays::Overlay, Vec<Effect>) {
    use crate::tui::overlays::Overlay;
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    match event.code {
        KeyCode::Esc => return (Overlay::None, Vec::new()),
        KeyCode::Char('s') if ctrl => {
            if form.inputs[0].text().trim().is_empty() || form.inputs[1].text().trim().is_empty() {
                form.error = Some("A proposal needs a name and a summary".into());
                return (Overlay::Propose(form), Vec::new());
            }
            return (Overlay::Propose(form), vec![Effect::ProposeSave]);
        }
        KeyCode::Tab | KeyCode::Down | KeyCode::Enter => {
            form.field = (form.field + 1) % FIELDS.len()
        }
        KeyCode::BackTab | KeyCode::Up => {
            form.field = (form.field + FIELDS.len() - 1) % FIELDS.len()
        }
        _ => {
            let field = form.field;
            crate::tui::overlays::edit(&mut form.inputs[field], event);
        }
    }
    (Overlay::Propose(form), Vec::new())
}

fn rect(area: Rect) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(12.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(area.width.min(90))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub fn render(theme: Theme, form: &ProposeForm, frame: &mut Frame) {
    let r = rect(frame.area());
    frame.render_widget(Clear, r);
    let t = theme;
    let mut lines = Vec::new();
    for (i, (label, hint)) in FIELDS.iter().enumerate() {
        let focused = i == form.field;
        let mut spans = vec![Span::styled(
            format!(
                "{}{label:<w$}",
                if focused { "▶ " } else { "  " },
                w = LABEL as usize - 2
            ),
            if focused { t.title() } else { t.dim() },
        )];
        let text = form.inputs[i].text();
        if text.is_empty() && !focused {
            spans.push(Span::styled(hint.to_string(), t.dim()));
        } else {
            spans.push(Span::raw(text.to_string()));
        }
        lines.push(Line::from(spans));
    }
    lines.push(Line::raw(""));
    lines.push(match &form.error {
        Some(e) => Line::styled(e.clone(), t.error()),
        None => Line::styled(
            "Saved as a record the maintainers can merge, and a message to send them.",
            t.dim(),
        ),
    });
    let p = Paragraph::new(lines).block(
        Block::new()
            .borders(Borders::ALL)
            .title(" Propose a network — Tab next · Ctrl-S save · Esc cancel ")
            .border_style(t.focused_border()),
    );
    frame.render_widget(p, r);
}

/// The cursor sits in the field being typed in.
pub fn cursor(form: &ProposeForm, area: Rect) -> Option<Position> {
    let r = rect(area);
    let input = &form.inputs[form.field];
    let before: String = input.text().chars().take(input.cursor_chars()).collect();
    Some(Position::new(
        r.x + 1 + LABEL + before.width() as u16,
        r.y + 1 + form.field as u16,
    ))
}
