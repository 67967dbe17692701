//! What the Journal and Peer lessons tabs share: a list pane (its box,
//! an error, the empty-state text or the rows), a detail pane, and moving
//! a selection through a list that scrolls.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::tui::widgets::theme::Theme;

/// Moves `selected` by `by` within `len` items, scrolling `offset` so it
/// stays among `height` visible rows; true if it moved.
pub fn step(
    selected: &mut usize,
    offset: &mut usize,
    len: usize,
    by: isize,
    height: usize,
) -> bool {
    if len == 0 {
        return false;
    }
    let before = *selected;
    *selected = (*selected as isize)
        .saturating_add(by)
        .clamp(0, len as isize - 1) as usize;
    if *selected < *offset {
        *offset = *selected;
    } else if *selected >= *offset + height {
        *offset = *selected + 1 - height;
    }
    before != *selected
}

/// The visible rows of a list (`height` of them from `offset`), each made
/// by `row` from its item and its marker ("▶" on the selected one, which is
/// also drawn selected).
pub fn rows<'a, T>(
    items: &'a [T],
    (offset, selected, height): (usize, usize, usize),
    theme: Theme,
    row: impl Fn(&'a T, &str) -> Line<'a>,
) -> Vec<Line<'a>> {
    items
        .iter()
        .enumerate()
        .skip(offset)
        .take(height)
        .map(|(i, item)| {
            let line = row(item, if i == selected { "▶" } else { " " });
            if i == selected {
                line.style(theme.selected())
            } else {
                line
            }
        })
        .collect()
}

/// The list's box, with `error` in it, or `empty` when there are no rows.
#[allow(clippy::too_many_arguments)]
pub fn list(
    t: Theme,
    focused: bool,
    frame: &mut Frame,
    area: Rect,
    title: String,
    error: Option<&str>,
    empty: &str,
    rows: Vec<Line>,
) {
    let border = if focused { t.focused_border() } else { t.dim() };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(title)
        .border_style(border);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let text = match error {
        Some(err) => Paragraph::new(err.to_string())
            .style(t.error())
            .wrap(Wrap { trim: true }),
        None if rows.is_empty() => Paragraph::new(empty.to_string())
            .style(t.dim())
            .wrap(Wrap { trim: false }),
        None => Paragraph::new(rows),
    };
    frame.render_widget(text, inner);
}

/// The detail's box, titled, with `lines` scrolled by `scroll`; empty when
/// nothing is selected.
pub fn detail(
    theme: Theme,
    frame: &mut Frame,
    area: Rect,
    shown: Option<(String, Vec<Line>)>,
    scroll: u16,
) {
    let block = Block::new().borders(Borders::ALL).border_style(theme.dim());
    match shown {
        Some((title, lines)) => {
            // Never scrolled past the last line, whatever was asked.
            let scroll = scroll.min(lines.len().saturating_sub(1) as u16);
            let p = Paragraph::new(lines)
                .block(block.title(format!(" {title} ")))
                .wrap(Wrap { trim: false })
                .scroll((scroll, 0));
            frame.render_widget(p, area);
        }
        None => frame.render_widget(block, area),
    }
}
