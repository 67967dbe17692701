//! Drawing the main screen. Rendering reads the state and never changes it.

mod bars;

use ratatui::Frame;
use ratatui::layout::{Position, Rect};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::app::layout::{Areas, BRAND, MIN_HEIGHT, MIN_WIDTH, areas, tab_label};
use crate::tui::app::{App, Focus, Load, Tab};

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
                app.networks_view().render_list(frame, a.list);
            }
            app.networks_view().render_detail(frame, a.detail);
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
        (Tab::Journal, Load::Ready) => crate::tui::tabs::journal::render(
            &app.journal,
            (app.theme, &app.keymap),
            app.focus == Focus::List,
            frame,
            (a.list, a.detail),
        ),
        (Tab::Journal, _) => placeholder(
            app,
            frame,
            a.list.union(a.detail),
            "Journal",
            "Reading your journal…",
        ),
        (Tab::Lessons, Load::Ready) => crate::tui::tabs::lessons::render(
            &app.lessons,
            app.theme,
            app.focus == Focus::List,
            frame,
            (a.list, a.detail),
        ),
        (Tab::Lessons, _) => placeholder(
            app,
            frame,
            a.list.union(a.detail),
            "Peer lessons",
            "Reading peer lessons…",
        ),
    }
    bars::render_status(app, frame, a.status);
    app.overlay.render(frame, app.theme);
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
    if let Some(pos) = app.overlay.cursor(frame.area()) {
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
