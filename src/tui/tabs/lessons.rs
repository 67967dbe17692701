//! The Peer lessons tab: lessons other public servants shared (imported
//! packs, and packs networks publish), searched as you type, with where
//! each came from. They are read-only and always marked as peers'.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

use crate::library::PeerLesson;
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::theme::Theme;

/// Columns given to the network a lesson was shared with, in the list.
const WITH_WIDTH: usize = 16;

#[derive(Default)]
pub struct LessonsTab {
    pub query: LineInput,
    pub hits: Vec<PeerLesson>,
    pub selected: usize,
    pub offset: usize,
    pub scroll: u16,
    pub loaded: bool,
    pub error: Option<String>,
    /// Who signed each of `hits`, as the person knows them.
    pub signed: Vec<String>,
    /// The names of the networks the lessons were shared with, by id.
    pub network_names: std::collections::HashMap<String, String>,
}

impl LessonsTab {
    /// The name of the network a lesson was shared with (its id when the
    /// catalogue does not know it).
    pub fn network_name<'a>(&'a self, l: &'a PeerLesson) -> &'a str {
        self.network_names
            .get(&l.network)
            .map_or(l.network.as_str(), String::as_str)
    }

    /// Moves the selection; true if it changed.
    pub fn move_by(&mut self, by: isize, height: usize) -> bool {
        let len = self.hits.len();
        let moved =
            crate::tui::widgets::panes::step(&mut self.selected, &mut self.offset, len, by, height);
        if moved {
            self.scroll = 0;
        }
        moved
    }
}

/// The detail of one peer lesson: provenance first, then the text.
/// The body is Markdown, drawn for `width` columns.
pub fn lesson_lines(
    l: &PeerLesson,
    (with, signed): (&str, &str),
    theme: Theme,
    width: u16,
) -> Vec<Line<'static>> {
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
        row("with", with.to_string()),
        row("signed", signed.to_string()),
        row("from", l.from.clone()),
        row("licence", l.lesson.licence.clone()),
    ];
    if !l.lesson.tags.is_empty() {
        out.push(row("tags", l.lesson.tags.join(", ")));
    }
    if let Some(stage) = l.lesson.stage {
        out.push(row("stage", format!("a network {stage}")));
    }
    if let Some(effort) = l.lesson.effort {
        out.push(row("effort", effort.to_string()));
    }
    out.push(Line::raw(""));
    let body = crate::tui::widgets::markdown::render(&l.lesson.body, width, &theme.markdown());
    out.extend(body.lines);
    out
}

/// `text` cut (with …) or padded to exactly `width` columns.
fn fit(text: &str, width: usize) -> String {
    if text.width() <= width {
        return format!("{text}{}", " ".repeat(width - text.width()));
    }
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w + 1 > width {
            break;
        }
        out.push(c);
        used += w;
    }
    out.push('…');
    out + &" ".repeat(width.saturating_sub(used + 1))
}

/// Draws the tab: the list of peer lessons and the selected one.
pub fn render(
    p: &LessonsTab,
    t: Theme,
    focused: bool,
    frame: &mut Frame,
    (list, detail): (Rect, Rect),
) {
    let title = match p.hits.len() {
        1 => " 1 peer lesson ".to_string(),
        n => format!(" {n} peer lessons "),
    };
    let empty = if p.query.text().trim().is_empty() {
        "No peer lessons yet. They come from packs peers share with you\n  cairn import pack.json\nand from networks that publish lessons, at each sync."
    } else {
        "No peer lessons match. Try fewer words."
    };
    let height = list.height.saturating_sub(2) as usize;
    let width = list.width.saturating_sub(2) as usize;
    let rows = crate::tui::widgets::panes::rows(
        &p.hits,
        (p.offset, p.selected, height),
        t,
        |l, marker| {
            let day = l.lesson.updated.get(..10).unwrap_or(&l.lesson.updated);
            // Columns: kind, date, title, and the network it was shared with
            // at the right when there is room for it.
            let lead = format!("{marker} {:<10} {day:<10}  ", l.lesson.kind.to_string());
            let room = width.saturating_sub(lead.width());
            if room >= WITH_WIDTH + 12 {
                let title = fit(&l.lesson.title, room - WITH_WIDTH - 2);
                let with = fit(p.network_name(l), WITH_WIDTH);
                Line::raw(format!("{lead}{title}  {with}"))
            } else {
                Line::raw(format!("{lead}{}", fit(&l.lesson.title, room)))
            }
        },
    );
    crate::tui::widgets::panes::list(
        t,
        focused,
        frame,
        list,
        title,
        p.error.as_deref(),
        empty,
        rows,
    );
    let shown = p.hits.get(p.selected).map(|l| {
        let width = detail.width.saturating_sub(2).max(1);
        let signed = p.signed.get(p.selected).map_or("", String::as_str);
        (
            l.lesson.id.clone(),
            lesson_lines(l, (p.network_name(l), signed), t, width),
        )
    });
    crate::tui::widgets::panes::detail(t, frame, detail, shown, p.scroll);
}
