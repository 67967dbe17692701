//! Precedent for the selected entry (`p` on the Journal tab): the peer
//! lessons and networks most like it, each with the words that matched.
//! Enter on a lesson keeps it as evidence on the entry; on a network, goes
//! to it.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Flex, Layout};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::library::Precedents;
use crate::tui::effect::Effect;
use crate::tui::widgets::theme::Theme;

/// One line that can be chosen.
#[derive(Debug, Clone)]
pub enum Row {
    Lesson {
        id: String,
        line: String,
    },
    Network {
        id: String,
        name: String,
        line: String,
    },
}

#[derive(Debug, Clone)]
pub struct PrecedentsView {
    pub entry: String,
    pub title: String,
    pub rows: Vec<Row>,
    pub lessons: usize,
    pub cursor: usize,
}

impl PrecedentsView {
    pub fn new(found: Precedents) -> PrecedentsView {
        let why = |w: &[String]| {
            if w.is_empty() {
                String::new()
            } else {
                format!(" — matched: {}", w.join(", "))
            }
        };
        let mut rows: Vec<Row> = found
            .lessons
            .iter()
            .map(|p| Row::Lesson {
                id: p.lesson.lesson.id.clone(),
                line: format!(
                    "{}: {} ({}){}",
                    p.lesson.lesson.kind,
                    p.lesson.lesson.title,
                    p.lesson.network,
                    why(&p.why)
                ),
            })
            .collect();
        let lessons = rows.len();
        rows.extend(found.networks.iter().map(|n| Row::Network {
            id: n.id.clone(),
            name: n.name.clone(),
            line: format!("{}{}", n.name, why(&n.why)),
        }));
        PrecedentsView {
            entry: found.entry,
            title: found.title,
            rows,
            lessons,
            cursor: 0,
        }
    }
}

/// Turns a key into what stays open and the work to do.
pub fn on_key(
    mut view: Box<PrecedentsView>,
    event: KeyEvent,
) -> (crate::tui::overlays::Overlay, Vec<Effect>) {
    use crate::tui::overlays::Overlay;
    match event.code {
        KeyCode::Esc | KeyCode::Char('q') => (Overlay::None, Vec::new()),
        KeyCode::Down | KeyCode::Char('j') => {
            view.cursor = (view.cursor + 1).min(view.rows.len().saturating_sub(1));
            (Overlay::Precedents(view), Vec::new())
        }
        KeyCode::Up | KeyCode::Char('k') => {
            view.cursor = view.cursor.saturating_sub(1);
            (Overlay::Precedents(view), Vec::new())
        }
        KeyCode::Enter => match view.rows.get(view.cursor).cloned() {
            Some(Row::Lesson { id, .. }) => (
                Overlay::Precedents(view.clone()),
                vec![Effect::AddEvidence {
                    entry: view.entry.clone(),
                    lesson: id,
                }],
            ),
            Some(Row::Network { id, name, .. }) => (Overlay::None, vec![Effect::GoTo { id, name }]),
            None => (Overlay::Precedents(view), Vec::new()),
        },
        _ => (Overlay::Precedents(view), Vec::new()),
    }
}

pub fn render(theme: Theme, view: &PrecedentsView, frame: &mut Frame) {
    let a = frame.area();
    let [v] = Layout::vertical([Constraint::Length(a.height.saturating_sub(2))])
        .flex(Flex::Center)
        .areas(a);
    let [rect] = Layout::horizontal([Constraint::Length(a.width.min(100))])
        .flex(Flex::Center)
        .areas(v);
    frame.render_widget(Clear, rect);
    let t = theme;
    let mut lines = vec![Line::styled(
        if view.lessons == 0 {
            "No peer lesson is like it yet (`cairn import` adds peers' packs; `cairn ask` writes a question).".to_string()
        } else {
            "Peer lessons — Enter keeps one as evidence on your entry".to_string()
        },
        t.title(),
    )];
    let mut cursor_line = 0;
    for (i, row) in view.rows.iter().enumerate() {
        if i == view.lessons {
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Networks working on this — Enter goes to one",
                t.title(),
            ));
        }
        let text = match row {
            Row::Lesson { line, .. } | Row::Network { line, .. } => line,
        };
        let marker = if i == view.cursor { "▶ " } else { "  " };
        if i == view.cursor {
            cursor_line = lines.len();
        }
        let line = Line::raw(format!("{marker}{text}"));
        lines.push(if i == view.cursor {
            line.style(t.selected())
        } else {
            line
        });
    }
    let room = rect.height.saturating_sub(2) as usize;
    let scroll = cursor_line.saturating_sub(room.saturating_sub(2)) as u16;
    let p = Paragraph::new(lines)
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(format!(" Precedent for \"{}\" — Esc closes ", view.title))
                .border_style(t.focused_border()),
        )
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(p, rect);
}
