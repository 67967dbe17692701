//! The Peer lessons tab: lessons other public servants shared (imported
//! packs, and packs networks publish), searched as you type, with where
//! each came from. They are read-only and always marked as peers'.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use super::input::LineInput;
use super::state::{App, Focus};
use super::theme::Theme;
use crate::share::PeerLesson;

#[derive(Default)]
pub struct LessonsTab {
    pub query: LineInput,
    pub hits: Vec<PeerLesson>,
    pub selected: usize,
    pub offset: usize,
    pub scroll: u16,
    pub loaded: bool,
    pub error: Option<String>,
}

impl LessonsTab {
    /// Moves the selection; true if it changed.
    pub fn move_by(&mut self, by: isize, height: usize) -> bool {
        if self.hits.is_empty() {
            return false;
        }
        let before = self.selected;
        let last = self.hits.len() as isize - 1;
        self.selected = (self.selected as isize).saturating_add(by).clamp(0, last) as usize;
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
        self.scroll = 0;
        before != self.selected
    }
}

/// The search line split into `network:` `kind:` `tag:` filters and words.
pub struct LessonQuery {
    pub network: Option<String>,
    pub kind: Option<String>,
    pub tag: Option<String>,
    pub words: String,
}

pub fn parse(query: &str) -> LessonQuery {
    let mut q = LessonQuery {
        network: None,
        kind: None,
        tag: None,
        words: String::new(),
    };
    for word in query.split_whitespace() {
        match word.split_once(':') {
            Some(("network", v)) if !v.is_empty() => q.network = Some(v.to_string()),
            Some(("kind", v)) if !v.is_empty() => q.kind = Some(v.to_lowercase()),
            Some(("tag", v)) if !v.is_empty() => q.tag = Some(v.to_lowercase()),
            _ => {
                q.words.push_str(word);
                q.words.push(' ');
            }
        }
    }
    q
}

/// The detail of one peer lesson: provenance first, then the text.
pub fn lesson_lines(l: &PeerLesson, theme: Theme) -> Vec<Line<'static>> {
    let who = match (&l.author, &l.organisation) {
        (Some(a), Some(o)) => format!("{a}, {o}"),
        (Some(a), None) => a.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => "anonymous".into(),
    };
    let row = |label: &str, value: String| {
        Line::from(vec![
            Span::styled(format!("{label:<10}"), theme.dim()),
            Span::raw(value),
        ])
    };
    let mut out = vec![
        Line::styled(l.lesson.title.clone(), theme.title()),
        Line::raw(format!(
            "a peer's {} · {}",
            l.lesson.kind,
            l.lesson.updated.get(..10).unwrap_or(&l.lesson.updated)
        )),
        row("shared by", who),
        row("with", l.network.clone()),
        row("from", l.from.clone()),
        row("licence", l.lesson.licence.clone()),
    ];
    if !l.lesson.tags.is_empty() {
        out.push(row("tags", l.lesson.tags.join(", ")));
    }
    out.push(Line::raw(""));
    out.extend(
        l.lesson
            .body
            .lines()
            .map(|line| Line::raw(line.to_string())),
    );
    out
}

pub fn render(app: &App, frame: &mut Frame, list: Rect, detail: Rect) {
    let p = &app.lessons;
    let t = app.theme;
    let title = match p.hits.len() {
        1 => " 1 peer lesson ".to_string(),
        n => format!(" {n} peer lessons "),
    };
    let border = if app.focus == Focus::List {
        t.focused_border()
    } else {
        t.dim()
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(title)
        .border_style(border);
    let inner = block.inner(list);
    frame.render_widget(block, list);
    if let Some(err) = &p.error {
        frame.render_widget(
            Paragraph::new(err.as_str())
                .style(t.error())
                .wrap(Wrap { trim: true }),
            inner,
        );
    } else if p.hits.is_empty() {
        let text = if p.query.text().trim().is_empty() {
            "No peer lessons yet. They come from packs peers share with you\n  cairn import pack.json\nand from networks that publish lessons, at each sync."
        } else {
            "No peer lessons match. Try fewer words."
        };
        frame.render_widget(
            Paragraph::new(text)
                .style(t.dim())
                .wrap(Wrap { trim: false }),
            inner,
        );
    } else {
        let rows: Vec<Line> = p
            .hits
            .iter()
            .enumerate()
            .skip(p.offset)
            .take(inner.height as usize)
            .map(|(i, l)| {
                let marker = if i == p.selected { "▶" } else { " " };
                let day = l.lesson.updated.get(..10).unwrap_or(&l.lesson.updated);
                let line = Line::raw(format!(
                    "{marker} {:<10} {day}  {}  ({})",
                    l.lesson.kind, l.lesson.title, l.network
                ));
                if i == p.selected {
                    line.style(t.selected())
                } else {
                    line
                }
            })
            .collect();
        frame.render_widget(Paragraph::new(rows), inner);
    }
    let block = Block::new().borders(Borders::ALL).border_style(t.dim());
    match p.hits.get(p.selected) {
        Some(l) => {
            let para = Paragraph::new(lesson_lines(l, t))
                .block(block.title(format!(" {} ", l.lesson.id)))
                .wrap(Wrap { trim: false })
                .scroll((p.scroll, 0));
            frame.render_widget(para, detail);
        }
        None => frame.render_widget(block, detail),
    }
}
