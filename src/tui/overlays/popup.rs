//! Drawing the overlays: help, filters, the "go to" picker, the note editor.

use ratatui::Frame;
use ratatui::layout::{Constraint, Flex, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::model::regions;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::overlays::{Overlay, Row};

fn centered(area: Rect, width: u16, height: u16) -> Rect {
    let [v] = Layout::vertical([Constraint::Length(height.min(area.height))])
        .flex(Flex::Center)
        .areas(area);
    let [h] = Layout::horizontal([Constraint::Length(width.min(area.width))])
        .flex(Flex::Center)
        .areas(v);
    h
}

fn frame_block(app: &App, title: &str) -> Block<'static> {
    Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(app.theme.focused_border())
}

/// The help text, made from the action table and the keys in force.
pub fn help_lines(app: &App) -> Vec<Line<'static>> {
    let mut out = Vec::new();
    // Problems first: they are why someone opens help from the status bar.
    if !app.warnings.is_empty() {
        out.push(Line::styled("Problems found at start", app.theme.error()));
        out.extend(app.warnings.iter().map(|w| Line::raw(format!("  {w}"))));
        out.push(Line::raw(""));
    }
    out.extend([
        Line::styled("In the search line", app.theme.title()),
        Line::raw("  Type words and filters (region:AU topic:design membership:open);"),
        Line::raw("  results follow as you type. ←→ Home End move, Backspace deletes,"),
        Line::raw("  Ctrl-u clears, Ctrl-w deletes a word. Ctrl-c quits from anywhere."),
        Line::raw("  starred:yes member:yes noted:yes (or :no) filter by your own marks,"),
        Line::raw("  active:yes or ended:yes by whether a network still runs;"),
        Line::raw("  words also find your notes."),
        Line::raw(""),
        Line::styled("In the list", app.theme.title()),
        Line::raw("  ★ starred  ● member  + new or changed since you looked  † ended"),
        Line::raw("  o c m  open, closed or mixed membership"),
        Line::raw(""),
        Line::styled("Keys", app.theme.title()),
    ]);
    for action in Action::ALL {
        let keys = app.keymap.keys(*action).join(", ");
        out.push(Line::from(vec![
            Span::styled(
                format!("  {keys:<16}"),
                Style::new().add_modifier(ratatui::style::Modifier::BOLD),
            ),
            Span::raw(action.help()),
        ]));
    }
    out.push(Line::raw(""));
    out.push(Line::styled(
        format!(
            "Change keys in {} (see `cairn doctor` for the folder).",
            crate::config::FILE_NAME
        ),
        app.theme.dim(),
    ));
    out
}

/// How far the help can scroll before its last line is at the bottom.
pub fn max_help_scroll(app: &App, area: Rect) -> u16 {
    let rect = centered(area, 100, area.height.saturating_sub(2));
    let wrapped = Paragraph::new(help_lines(app))
        .wrap(Wrap { trim: false })
        .line_count(rect.width.saturating_sub(2));
    (wrapped as u16).saturating_sub(rect.height.saturating_sub(2))
}

pub fn render(app: &App, frame: &mut Frame) {
    let area = frame.area();
    match &app.overlay {
        Overlay::None => {}
        Overlay::Form(form) => crate::tui::overlays::form_view::render(app, form, frame),
        Overlay::Share(flow) => crate::tui::overlays::share::render(app, flow, frame),
        Overlay::Precedents(view) => crate::tui::overlays::precedents::render(app, view, frame),
        Overlay::Propose(form) => crate::tui::overlays::propose::render(app, form, frame),
        Overlay::Confirm { question, back, .. } => {
            if let Some(back) = back
                && let Overlay::Form(form) = back.as_ref()
            {
                crate::tui::overlays::form_view::render(app, form, frame);
            }
            let rect = centered(area, 64, 5);
            frame.render_widget(Clear, rect);
            let p = Paragraph::new(question.clone())
                .block(frame_block(app, "Are you sure?"))
                .wrap(Wrap { trim: true });
            frame.render_widget(p, rect);
        }
        Overlay::Help { scroll } => {
            let rect = centered(area, 100, area.height.saturating_sub(2));
            frame.render_widget(Clear, rect);
            let p = Paragraph::new(help_lines(app))
                .block(frame_block(app, "Help — ↑↓ scroll, Esc closes"))
                .wrap(Wrap { trim: false })
                .scroll(((*scroll).min(max_help_scroll(app, area)), 0));
            frame.render_widget(p, rect);
        }
        Overlay::Filters(panel) => {
            let rect = centered(area, 50, area.height.saturating_sub(4));
            frame.render_widget(Clear, rect);
            let block = frame_block(app, "Filters — Space chooses");
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let height = inner.height as usize;
            let top = panel.cursor.saturating_sub(height.saturating_sub(2));
            let lines: Vec<Line> = panel
                .rows
                .iter()
                .enumerate()
                .skip(top)
                .take(height)
                .map(|(i, row)| match row {
                    Row::Header(facet) => {
                        Line::styled(facet.name().replace('_', " "), app.theme.title())
                    }
                    Row::Value {
                        facet,
                        value,
                        count,
                        depth,
                    } => {
                        let on = app
                            .chips
                            .iter()
                            .any(|c| c.facet == *facet && c.value == *value);
                        let label = match facet {
                            crate::model::Facet::Region => {
                                format!("{}{}", "  ".repeat(*depth), regions::label(value))
                            }
                            crate::model::Facet::Status => crate::model::Status::parse(value)
                                .map_or_else(|| value.clone(), |s| s.label().to_string()),
                            _ => value.clone(),
                        };
                        let text = format!(
                            "{} [{}] {label:<30.30} {count:>6}",
                            if i == panel.cursor { "▶" } else { " " },
                            if on { "x" } else { " " }
                        );
                        let line = Line::raw(text);
                        if i == panel.cursor {
                            line.style(app.theme.selected())
                        } else {
                            line
                        }
                    }
                })
                .collect();
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Overlay::Picker(picker) => {
            if let crate::tui::overlays::Pick::Network(form) = &picker.purpose {
                crate::tui::overlays::form_view::render(app, form, frame);
            }
            let rect = centered(area, 70, area.height.saturating_sub(4));
            frame.render_widget(Clear, rect);
            let block = frame_block(app, &picker.title);
            let inner = block.inner(rect);
            frame.render_widget(block, rect);
            let mut lines = vec![
                Line::from(vec![
                    Span::styled("> ", app.theme.title()),
                    Span::raw(picker.input.text().to_string()),
                ]),
                Line::styled(
                    format!("{} of {}", picker.matches.len(), picker.names.len()),
                    app.theme.dim(),
                ),
            ];
            let room = inner.height.saturating_sub(2) as usize;
            let top = picker.selected.saturating_sub(room.saturating_sub(1));
            for (i, m) in picker.matches.iter().enumerate().skip(top).take(room) {
                let name = &picker.names[m.index].1;
                let mut spans = vec![Span::raw(if i == picker.selected { "▶ " } else { "  " })];
                for (ci, c) in name.chars().enumerate() {
                    let style = if m.positions.contains(&ci) {
                        app.theme.matched()
                    } else {
                        Style::new()
                    };
                    spans.push(Span::styled(c.to_string(), style));
                }
                let line = Line::from(spans);
                lines.push(if i == picker.selected {
                    line.style(app.theme.selected())
                } else {
                    line
                });
            }
            frame.render_widget(Paragraph::new(lines), inner);
        }
        Overlay::Note(note) => {
            let rect = note_rect(note, area);
            frame.render_widget(Clear, rect);
            let inner_w = rect.width.saturating_sub(2).max(1) as usize;
            let mut lines: Vec<Line> = wrap_chars(note.input.text(), inner_w)
                .into_iter()
                .map(Line::raw)
                .collect();
            lines.push(Line::raw(""));
            lines.push(Line::styled(
                "Enter saves · Esc cancels · the note stays on this machine",
                app.theme.dim(),
            ));
            let p = Paragraph::new(lines)
                .block(frame_block(app, &format!("Private note — {}", note.name)));
            frame.render_widget(p, rect);
        }
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

fn note_rect(note: &crate::tui::overlays::NoteEditor, area: Rect) -> Rect {
    let width = 70.min(area.width);
    let inner_w = width.saturating_sub(2).max(1) as usize;
    let rows = wrap_chars(note.input.text(), inner_w).len() as u16 + 1;
    centered(area, width, (rows + 4).min(area.height))
}

/// Where the terminal cursor goes while an overlay with a text field is open.
pub fn cursor(app: &App, area: Rect) -> Option<Position> {
    match &app.overlay {
        Overlay::Picker(p) => {
            let rect = centered(area, 70, area.height.saturating_sub(4));
            let before: String = p
                .input
                .text()
                .chars()
                .take(p.input.cursor_chars())
                .collect();
            Some(Position::new(
                rect.x + 3 + before.width() as u16,
                rect.y + 1,
            ))
        }
        Overlay::Note(n) => {
            let rect = note_rect(n, area);
            let before: String = n
                .input
                .text()
                .chars()
                .take(n.input.cursor_chars())
                .collect();
            let w = before.width() as u16;
            let inner_w = rect.width.saturating_sub(2).max(1);
            let row = (w / inner_w).min(rect.height.saturating_sub(3));
            Some(Position::new(rect.x + 1 + w % inner_w, rect.y + 1 + row))
        }
        Overlay::Form(form) => crate::tui::overlays::form_view::cursor(form, area),
        Overlay::Propose(form) => crate::tui::overlays::propose::cursor(form, area),
        Overlay::Help { .. }
        | Overlay::Filters(_)
        | Overlay::Confirm { .. }
        | Overlay::Share(_)
        | Overlay::Precedents(_)
        | Overlay::None => None,
    }
}
