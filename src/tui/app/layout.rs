//! Where each part of the screen is, for a given size: the view draws
//! into these areas and the app uses them for the mouse and for how many
//! rows a page holds.

use ratatui::layout::{Constraint, Layout, Position, Rect};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Tab;

/// Below this size the screen says so instead of drawing a jumble.
pub const MIN_WIDTH: u16 = 60;
pub const MIN_HEIGHT: u16 = 15;
/// From this width the list and detail sit side by side.
const SIDE_BY_SIDE: u16 = 90;

/// Where each part of the screen is.
#[derive(Debug, Clone, Copy, Default)]
pub struct Areas {
    pub tabs: Rect,
    pub search: Rect,
    pub list: Rect,
    pub detail: Rect,
    pub status: Rect,
}

pub fn areas(size: Rect, zoom: bool) -> Areas {
    let [tabs, search, body, status] = Layout::vertical([
        Constraint::Length(1),
        Constraint::Length(1),
        Constraint::Min(3),
        Constraint::Length(1),
    ])
    .areas(size);
    let (list, detail) = if zoom {
        (Rect::new(body.x, body.y, 0, 0), body)
    } else if size.width >= SIDE_BY_SIDE {
        let [l, d] = Layout::horizontal([Constraint::Percentage(42), Constraint::Percentage(58)])
            .areas(body);
        (l, d)
    } else {
        let [l, d] =
            Layout::vertical([Constraint::Percentage(45), Constraint::Percentage(55)]).areas(body);
        (l, d)
    };
    Areas {
        tabs,
        search,
        list,
        detail,
        status,
    }
}

pub const BRAND: &str = " cairn  ";

/// The tab under a screen position, for mouse clicks.
pub fn tab_at(size: Rect, at: Position) -> Option<Tab> {
    if at.y != size.y {
        return None;
    }
    let mut x = BRAND.width() as u16;
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let w = tab_label(i, *tab).width() as u16;
        if at.x >= x && at.x < x + w {
            return Some(*tab);
        }
        x += w + 1;
    }
    None
}

pub fn tab_label(i: usize, tab: Tab) -> String {
    format!(" {} {} ", i + 1, tab.title())
}
