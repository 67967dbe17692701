//! Sharing from the Journal tab (`x`): choose entries (those marked
//! shareable are chosen already), choose the network, then read a preview
//! of exactly what will leave, each removed private span marked, and
//! confirm. Entries not marked shareable need an explicit yes.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::effect::Effect;
use crate::tui::widgets::theme::Theme;

/// One entry that may be shared.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub shareable: bool,
    pub chosen: bool,
}

/// Where the flow is.
#[derive(Debug, Clone)]
pub enum Step {
    Entries {
        cursor: usize,
    },
    /// The preview for this network, as lines, and how many entries in it
    /// are not marked shareable.
    Preview {
        /// What the preview shows, and exactly what `y` writes.
        plan: Box<crate::library::SharePlan>,
        lines: Vec<String>,
        unmarked: usize,
        scroll: u16,
    },
}

#[derive(Debug, Clone)]
pub struct ShareFlow {
    pub candidates: Vec<Candidate>,
    pub step: Step,
    pub note: Option<String>,
}

/// What a key did.
pub enum Next {
    Stay,
    Close,
    /// Entries chosen: pick the network.
    PickNetwork,
    /// Confirmed: write the pack.
    Write,
}

impl ShareFlow {
    pub fn new(candidates: Vec<Candidate>) -> ShareFlow {
        ShareFlow {
            candidates,
            step: Step::Entries { cursor: 0 },
            note: None,
        }
    }

    /// Shows the preview of `plan`, which `y` then writes as it is.
    pub fn show(&mut self, plan: crate::library::SharePlan) {
        self.step = Step::Preview {
            lines: plan.preview().lines().map(str::to_string).collect(),
            unmarked: plan.unmarked().len(),
            plan: Box::new(plan),
            scroll: 0,
        };
    }

    pub fn chosen_ids(&self) -> Vec<String> {
        self.candidates
            .iter()
            .filter(|c| c.chosen)
            .map(|c| c.id.clone())
            .collect()
    }

    pub fn on_key(&mut self, event: KeyEvent) -> Next {
        self.note = None;
        match &mut self.step {
            Step::Entries { cursor } => match event.code {
                KeyCode::Esc => return Next::Close,
                KeyCode::Down | KeyCode::Char('j') => {
                    *cursor = (*cursor + 1).min(self.candidates.len().saturating_sub(1))
                }
                KeyCode::Up | KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
                KeyCode::Char(' ') => {
                    if let Some(c) = self.candidates.get_mut(*cursor) {
                        c.chosen = !c.chosen;
                    }
                }
                KeyCode::Enter if self.candidates.iter().any(|c| c.chosen) => {
                    return Next::PickNetwork;
                }
                KeyCode::Enter => self.note = Some("Choose at least one entry with Space".into()),
                _ => {}
            },
            Step::Preview {
                unmarked, scroll, ..
            } => match event.code {
                KeyCode::Esc | KeyCode::Char('n') => {
                    self.step = Step::Entries { cursor: 0 };
                }
                KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                // Entries not marked shareable need the explicit `y`.
                KeyCode::Char('y') => return Next::Write,
                KeyCode::Enter if *unmarked == 0 => return Next::Write,
                KeyCode::Enter => {
                    self.note = Some(format!(
                        "{unmarked} chosen entr{} not marked shareable: press y to share anyway, Esc to go back",
                        if *unmarked == 1 { "y is" } else { "ies are" }
                    ))
                }
                _ => {}
            },
        }
        Next::Stay
    }
}

/// Turns a key in the flow into what stays open and the work to do.
pub fn on_key(
    mut flow: Box<ShareFlow>,
    event: KeyEvent,
) -> (crate::tui::overlays::Overlay, Vec<Effect>) {
    use crate::tui::overlays::Overlay;
    match flow.on_key(event) {
        Next::Stay => (Overlay::Share(flow), Vec::new()),
        Next::Close => (Overlay::None, Vec::new()),
        Next::PickNetwork => (Overlay::Share(flow), vec![Effect::ShareNetwork]),
        Next::Write => (Overlay::Share(flow), vec![Effect::ShareWrite]),
    }
}

fn area(frame: &Frame) -> Rect {
    let a = frame.area();
    let [v] = Layout::vertical([Constraint::Length(a.height.saturating_sub(2))])
        .flex(Flex::Center)
        .areas(a);
    let [h] = Layout::horizontal([Constraint::Length(a.width.min(100))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub fn render(theme: Theme, flow: &ShareFlow, frame: &mut Frame) {
    let rect = area(frame);
    frame.render_widget(Clear, rect);
    let t = theme;
    let (title, mut lines, scroll) = match &flow.step {
        Step::Entries { cursor } => {
            let mut lines = vec![
                Line::styled(
                    "Choose what to share (Space). Entries marked shareable are chosen already.",
                    t.dim(),
                ),
                Line::raw(""),
            ];
            for (i, c) in flow.candidates.iter().enumerate() {
                let mark = if c.chosen { "[x]" } else { "[ ]" };
                let note = if c.shareable {
                    ""
                } else {
                    "  (not marked shareable)"
                };
                let line = Line::raw(format!(
                    "{}{mark} {:<10} {}{note}",
                    if i == *cursor { "▶ " } else { "  " },
                    c.kind,
                    c.title
                ));
                lines.push(if i == *cursor {
                    line.style(t.selected())
                } else {
                    line
                });
            }
            let top = cursor.saturating_sub(rect.height.saturating_sub(8) as usize) as u16;
            (
                " Share — 1 of 3: entries · Enter next · Esc cancel ".to_string(),
                lines,
                top,
            )
        }
        Step::Preview {
            plan,
            lines,
            scroll,
            ..
        } => (
            format!(
                " Share with {} — 3 of 3: this is exactly what leaves · y share · Esc back ",
                plan.network_name
            ),
            lines.iter().map(|l| Line::raw(l.clone())).collect(),
            *scroll,
        ),
    };
    if let Some(note) = &flow.note {
        lines.insert(0, Line::styled(note.clone(), t.error()));
    }
    let p = Paragraph::new(lines)
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(title)
                .border_style(t.focused_border()),
        )
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(p, rect);
}
