//! Drawing the entry form: one labelled line per field and the body's
//! editor below them, with the terminal cursor where typing goes.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph};
use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

use crate::model::Kind;
use crate::tui::overlays::form::{EntryForm, Field};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::theme::Theme;

/// Columns taken by a field's label.
const LABEL: u16 = 12;

/// The form's box: nearly the whole screen, at most 100 columns wide.
fn rect(area: Rect) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(area.height.saturating_sub(2).max(1))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(area.width.min(100))])
        .flex(Flex::Center)
        .areas(v);
    h
}

/// The rows inside the box: five fields, the body's heading, the body,
/// and a line for hints or the error.
struct Rows {
    fields: Rect,
    heading: Rect,
    body: Rect,
    foot: Rect,
}

fn rows(area: Rect) -> Rows {
    let inner = Block::new().borders(Borders::ALL).inner(rect(area));
    let [fields, heading, body, foot] = Layout::vertical([
        Constraint::Length(6),
        Constraint::Length(1),
        Constraint::Min(1),
        Constraint::Length(1),
    ])
    .areas(inner);
    Rows {
        fields,
        heading,
        // Indented a little, so the text does not touch the border.
        body: body.inner(ratatui::layout::Margin::new(1, 0)),
        foot,
    }
}

/// The part of a one-line field that fits in `width` columns, keeping the
/// cursor in view, and the cursor's column within it.
fn visible(input: &LineInput, width: usize) -> (String, usize) {
    let chars: Vec<char> = input.text().chars().collect();
    let cursor = input.cursor_chars();
    let mut start = 0;
    let col = |from: usize| -> usize {
        chars[from..cursor]
            .iter()
            .map(|c| c.width().unwrap_or(0))
            .sum()
    };
    while start < cursor && col(start) + 1 > width {
        start += 1;
    }
    let mut shown = String::new();
    let mut w = 0;
    for c in &chars[start..] {
        let cw = c.width().unwrap_or(0);
        if w + cw > width {
            break;
        }
        shown.push(*c);
        w += cw;
    }
    (shown, col(start))
}

fn label(theme: Theme, form: &EntryForm, field: Field, text: &str) -> Span<'static> {
    let focused = form.field == field;
    let marker = if focused { "▶ " } else { "  " };
    let style = if focused { theme.title() } else { theme.dim() };
    Span::styled(
        format!("{marker}{text:<width$}", width = LABEL as usize - 2),
        style,
    )
}

pub fn render(theme: Theme, form: &EntryForm, frame: &mut Frame) {
    let area = frame.area();
    let outer = rect(area);
    frame.render_widget(Clear, outer);
    let title = format!(" {} — Ctrl-S saves · Esc leaves ", form.title_text());
    frame.render_widget(
        Block::new()
            .borders(Borders::ALL)
            .title(title)
            .border_style(theme.focused_border()),
        outer,
    );
    let r = rows(area);
    let width = r.fields.width.saturating_sub(LABEL) as usize;
    let t = theme;

    let kind = kind_line(theme, form);

    let line_field = |field: Field, name: &str, input: &LineInput, hint: &str| {
        let mut spans = vec![label(theme, form, field, name)];
        if input.text().is_empty() && form.field != field {
            spans.push(Span::styled(hint.to_string(), t.dim()));
        } else {
            spans.push(Span::raw(visible(input, width).0));
        }
        Line::from(spans)
    };

    let networks = networks_line(theme, form, width);

    let share = Line::from(vec![
        label(theme, form, Field::Shareable, "Shareable"),
        Span::raw(if form.shareable { "[x] " } else { "[ ] " }),
        Span::styled(
            "may be shared with a network later (Space changes)",
            t.dim(),
        ),
    ]);
    let lines = vec![
        kind,
        line_field(Field::Title, "Title", &form.title, "what is it about?"),
        line_field(
            Field::Tags,
            "Tags",
            &form.tags,
            "words to find it by, separated by commas",
        ),
        networks,
        line_field(
            Field::FollowUp,
            "Follow up",
            &form.follow_up,
            "when to come back to it: in 2 weeks, next monday, 2026-12-20",
        ),
        share,
    ];
    frame.render_widget(Paragraph::new(lines), r.fields);

    let heading = Line::from(vec![
        label(theme, form, Field::Body, "Body"),
        Span::styled("text between %% marks stays private", t.dim()),
    ]);
    frame.render_widget(Paragraph::new(heading), r.heading);
    frame.render_widget(&form.body, r.body);

    let foot = match &form.error {
        Some(e) => Line::styled(e.clone(), t.error()),
        None => Line::styled(
            "Tab next field · Shift-Tab previous · Ctrl-S save · Esc leave",
            t.dim(),
        ),
    };
    frame.render_widget(Paragraph::new(foot).style(Style::new()), r.foot);
}

/// The kinds, the chosen one marked.
fn kind_line(t: Theme, form: &EntryForm) -> Line<'static> {
    let mut kind = vec![label(t, form, Field::Kind, "Kind")];
    for k in Kind::ALL {
        if *k == form.kind {
            kind.push(Span::styled(format!("[{k}]"), t.selected()));
        } else {
            kind.push(Span::raw(format!(" {k} ")));
        }
        kind.push(Span::raw(" "));
    }
    if form.field == Field::Kind {
        kind.push(Span::styled("←→ to change", t.dim()));
    }

    Line::from(kind)
}

/// The networks the entry concerns, by name, cut to `width`.
fn networks_line(t: Theme, form: &EntryForm, width: usize) -> Line<'static> {
    let mut networks = vec![label(t, form, Field::Networks, "Networks")];
    let names: Vec<&str> = form.networks.iter().map(|(_, n)| n.as_str()).collect();
    if names.is_empty() {
        networks.push(Span::styled("none — Enter or type to pick one", t.dim()));
    } else {
        let mut shown = names.join(" · ");
        if shown.width() > width {
            shown = format!("{} networks: {}", names.len(), shown);
            shown = shown
                .chars()
                .take(width.saturating_sub(1))
                .collect::<String>()
                + "…";
        }
        networks.push(Span::raw(shown));
        if form.field == Field::Networks {
            networks.push(Span::styled("  Enter adds · Backspace removes", t.dim()));
        }
    }

    Line::from(networks)
}

/// Where the terminal cursor goes: in the field being typed in.
pub fn cursor(form: &EntryForm, area: Rect) -> Option<Position> {
    let r = rows(area);
    let width = r.fields.width.saturating_sub(LABEL) as usize;
    let x = r.fields.x + LABEL;
    let at = |row: u16| Position::new(x, r.fields.y + row);
    match form.field {
        Field::Kind => Some(at(0)),
        Field::Title => Some(Position::new(
            x + visible(&form.title, width).1 as u16,
            r.fields.y + 1,
        )),
        Field::Tags => Some(Position::new(
            x + visible(&form.tags, width).1 as u16,
            r.fields.y + 2,
        )),
        Field::Networks => Some(at(3)),
        Field::FollowUp => Some(Position::new(
            x + visible(&form.follow_up, width).1 as u16,
            r.fields.y + 4,
        )),
        Field::Shareable => Some(Position::new(x + 1, r.fields.y + 5)),
        Field::Body => {
            let c = form.body.screen_cursor();
            let (top, left) = form.body.scroll_offset();
            let row = (c.row as u16).saturating_sub(top);
            let col = (c.col as u16).saturating_sub(left);
            (row < r.body.height && col < r.body.width)
                .then(|| Position::new(r.body.x + col, r.body.y + row))
        }
    }
}
