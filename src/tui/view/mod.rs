//! Drawing the main screen. Rendering reads the state and never changes it.

mod bars;

use ratatui::Frame;
use ratatui::layout::{Constraint, Layout, Position, Rect};
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::app::{App, Focus, Load, Tab};

use crate::index::Hit;
use crate::tui::overlays::popup;
use crate::tui::tabs::networks;

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

const BRAND: &str = " cairn  ";

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

fn tab_label(i: usize, tab: Tab) -> String {
    format!(" {} {} ", i + 1, tab.title())
}

pub fn render(app: &App, frame: &mut Frame) {
    let size = frame.area();
    if size.width < MIN_WIDTH || size.height < MIN_HEIGHT {
        let text = format!(
            "cairn needs a window of at least {MIN_WIDTH}×{MIN_HEIGHT}; this one is {}×{}. Make it larger, or press Ctrl-C to quit.",
            size.width, size.height
        );
        frame.render_widget(Paragraph::new(text).wrap(Wrap { trim: true }), size);
        return;
    }
    let a = areas(size, app.zoom);
    render_tabs(app, frame, a.tabs);
    bars::render_search(app, frame, a.search);
    match (app.tab, &app.load) {
        (Tab::Networks, Load::Ready) => {
            if !app.zoom {
                render_list(app, frame, a.list);
            }
            networks::render(app, frame, a.detail);
        }
        (Tab::Networks, Load::Loading) => placeholder(
            app,
            frame,
            a.list.union(a.detail),
            "Networks",
            "Preparing the search index…",
        ),
        (Tab::Networks, Load::Failed(why)) => {
            placeholder(app, frame, a.list.union(a.detail), "Networks", why)
        }
        (Tab::Journal, Load::Ready) => {
            crate::tui::tabs::journal::render(app, frame, a.list, a.detail)
        }
        (Tab::Journal, _) => placeholder(
            app,
            frame,
            a.list.union(a.detail),
            "Journal",
            "Reading your journal…",
        ),
        (Tab::Lessons, Load::Ready) => {
            crate::tui::tabs::lessons::render(app, frame, a.list, a.detail)
        }
        (Tab::Lessons, _) => placeholder(
            app,
            frame,
            a.list.union(a.detail),
            "Peer lessons",
            "Reading peer lessons…",
        ),
    }
    bars::render_status(app, frame, a.status);
    popup::render(app, frame);
    place_cursor(app, frame, &a);
}

fn render_tabs(app: &App, frame: &mut Frame, area: Rect) {
    let mut spans = vec![Span::styled(BRAND, app.theme.title())];
    for (i, tab) in Tab::ALL.iter().enumerate() {
        let label = tab_label(i, *tab);
        if *tab == app.tab {
            spans.push(Span::styled(label, app.theme.active_tab()));
        } else {
            spans.push(Span::raw(label));
        }
        spans.push(Span::raw(" "));
    }
    frame.render_widget(Line::from(spans), area);
    let typing = app.focus == Focus::Search && app.searchable();
    let help = format!("{} help ", app.keymap.hint_for(Action::Help, typing));
    let w = help.width() as u16;
    if area.width > w + 50 {
        let right = Rect::new(area.right() - w, area.y, w, 1);
        frame.render_widget(Span::styled(help, app.theme.dim()), right);
    }
}

/// A name's row in the list: marker, star, member, name (with † when the
/// network has ended), regions, membership.
fn list_row<'a>(app: &App, hit: &'a Hit, selected: bool, width: usize) -> Line<'a> {
    let n = &hit.network;
    let marks = app.annotations.get(&n.id);
    let star = if marks.is_some_and(|m| m.starred) {
        "★"
    } else if app.fresh.contains(&n.id) {
        // New or changed by a sync, not looked at yet.
        "+"
    } else {
        " "
    };
    let member = if marks.is_some_and(|m| m.member) {
        "●"
    } else {
        " "
    };
    let membership = match n.membership.map(|m| m.as_str()) {
        Some("open") => "o",
        Some("closed") => "c",
        Some("mixed") => "m",
        _ => " ",
    };
    // Regions the search filters on come first, so the row agrees with it.
    let mut regions: Vec<&str> = n.regions.iter().map(String::as_str).collect();
    regions.sort_by_key(|r| !app.region_filters.iter().any(|f| f == r));
    let mut shown = regions.first().copied().unwrap_or_default().to_string();
    if let Some(second) = regions.get(1).filter(|s| shown.len() + s.len() < 9) {
        shown = format!("{shown} {second}");
    }
    if shown.chars().count() > 9 {
        shown = shown.chars().take(8).collect::<String>() + "…";
    } else if regions.len() > 1 && !shown.contains(' ') && shown.len() < 9 {
        shown.push('+');
    }
    let right = format!(" {shown:<9} {membership}");
    // A network that has stopped keeps its name readable and gets a mark.
    let ended = if n.ended.is_some() { " †" } else { "" };
    let name_room = width.saturating_sub(4 + right.width() + ended.width());
    let mut spans = vec![
        Span::raw(if selected { "▶" } else { " " }),
        Span::styled(star, app.theme.star()),
        Span::raw(member),
        Span::raw(" "),
    ];
    spans.extend(highlighted(
        &n.name,
        &hit.name_highlights,
        name_room,
        Style::new(),
        app.theme.matched(),
    ));
    if !ended.is_empty() {
        spans.push(Span::styled(ended, app.theme.dim()));
    }
    let used: usize = spans.iter().map(|s| s.width()).sum();
    spans.push(Span::raw(
        " ".repeat(width.saturating_sub(used + right.width())),
    ));
    spans.push(Span::styled(right, app.theme.dim()));
    let line = Line::from(spans);
    if selected {
        line.style(app.theme.selected())
    } else {
        line
    }
}

/// `text` cut to `room` columns, with matched ranges styled.
pub fn highlighted(
    text: &str,
    ranges: &[std::ops::Range<usize>],
    room: usize,
    base: Style,
    matched: Style,
) -> Vec<Span<'static>> {
    let mut cut = text.len();
    if text.width() > room {
        let mut w = 0;
        for (i, c) in text.char_indices() {
            w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
            if w + 1 > room {
                cut = i;
                break;
            }
        }
    }
    let mut spans = Vec::new();
    let mut at = 0;
    for r in ranges {
        if r.start < at || r.start >= cut {
            continue;
        }
        let end = r.end.min(cut);
        spans.push(Span::styled(text[at..r.start].to_string(), base));
        spans.push(Span::styled(text[r.start..end].to_string(), matched));
        at = end;
    }
    spans.push(Span::styled(text[at..cut].to_string(), base));
    if cut < text.len() {
        spans.push(Span::styled("…", base));
    }
    spans
}

fn render_list(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::List;
    let title = match (&app.query_error, app.results.total) {
        (Some(_), _) => " search not understood ".to_string(),
        (None, 1) => " 1 network ".to_string(),
        (None, n) => format!(" {n} networks "),
    };
    let block = Block::new()
        .borders(Borders::ALL)
        .title(title)
        .border_style(if focused {
            app.theme.focused_border()
        } else {
            app.theme.dim()
        });
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if let Some(err) = &app.query_error {
        let p = Paragraph::new(err.as_str())
            .style(app.theme.error())
            .wrap(Wrap { trim: true });
        frame.render_widget(p, inner);
        return;
    }
    if app.results.hits.is_empty() {
        let text = "No networks match. Try fewer words, or clear the filters.";
        frame.render_widget(
            Paragraph::new(text)
                .style(app.theme.dim())
                .wrap(Wrap { trim: true }),
            inner,
        );
        return;
    }
    let rows: Vec<Line> = app
        .results
        .hits
        .iter()
        .enumerate()
        .skip(app.offset)
        .take(inner.height as usize)
        .map(|(i, hit)| list_row(app, hit, i == app.selected, inner.width as usize))
        .collect();
    frame.render_widget(Paragraph::new(rows), inner);
}

fn placeholder(app: &App, frame: &mut Frame, area: Rect, title: &str, text: &str) {
    let block = Block::new()
        .borders(Borders::ALL)
        .title(format!(" {title} "))
        .border_style(app.theme.dim());
    frame.render_widget(
        Paragraph::new(text.to_string())
            .wrap(Wrap { trim: true })
            .block(block),
        area,
    );
}

/// Puts the terminal cursor where a screen reader should look: the search
/// line while typing, the selected row otherwise.
fn place_cursor(app: &App, frame: &mut Frame, a: &Areas) {
    if let Some(pos) = popup::cursor(app, frame.area()) {
        frame.set_cursor_position(pos);
        return;
    }
    if !app.searchable() {
        return;
    }
    match app.focus {
        Focus::Search => {
            let layout = bars::search_line(app, a.search.width);
            let query = app.active_query();
            let text = query.text();
            let cursor = text
                .char_indices()
                .nth(query.cursor_chars())
                .map_or(text.len(), |(i, _)| i);
            let x = if layout.query_from == 0 {
                text[..cursor].width()
            } else {
                1 + text[layout.query_from..cursor.max(layout.query_from)].width()
            };
            frame.set_cursor_position(Position::new(a.search.x + 3 + x as u16, a.search.y));
        }
        Focus::List if app.tab == Tab::Journal => {
            let row = app.journal.selected.saturating_sub(app.journal.offset) as u16;
            frame.set_cursor_position(Position::new(a.list.x + 1, a.list.y + 1 + row));
        }
        Focus::List if !app.zoom && !app.results.hits.is_empty() => {
            let row = (app.selected.saturating_sub(app.offset)) as u16;
            frame.set_cursor_position(Position::new(a.list.x + 1, a.list.y + 1 + row));
        }
        Focus::List => {}
    }
}
