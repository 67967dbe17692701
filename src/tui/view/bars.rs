//! The search line (query and filter chips) and the status bar (counts,
//! messages, problems and key hints).

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Clear;
use unicode_width::UnicodeWidthStr;

use crate::tui::action::Action;
use crate::tui::app::{App, Focus, Tab};
use crate::tui::overlays::Overlay;

/// What fits on the search line: the chips (as many as fit in half the
/// line, then "+N"), and from which byte the query is shown so its end,
/// where the cursor usually is, stays visible.
pub(in crate::tui) struct SearchLine {
    pub(in crate::tui) chips: Vec<String>,
    pub(in crate::tui) chips_width: usize,
    pub(in crate::tui) query_from: usize,
}

pub(in crate::tui) fn search_line(app: &App, width: u16) -> SearchLine {
    let mut all: Vec<String> = app
        .chips
        .iter()
        .map(|c| format!("[{}: {} ×]", c.facet, c.value))
        .collect();
    if app.starred_only {
        all.push("[★ starred only ×]".into());
    }
    if app.tab != Tab::Networks {
        all.clear();
    }
    let budget = (width as usize).saturating_sub(3) / 2;
    let mut chips = Vec::new();
    let mut used = 0;
    for (i, chip) in all.iter().enumerate() {
        let rest = all.len() - i - 1;
        let reserve = if rest > 0 { 8 } else { 0 };
        if used + chip.width() + 1 + reserve > budget {
            chips.push(format!("+{} more", all.len() - i));
            used += chips.last().map_or(0, |c| c.width() + 1);
            break;
        }
        used += chip.width() + 1;
        chips.push(chip.clone());
    }
    let room = (width as usize).saturating_sub(3 + used + 1);
    let text = app.active_query().text();
    let mut query_from = 0;
    if text.width() > room {
        // Drop characters from the front until the rest, after "…", fits.
        for (i, _) in text.char_indices() {
            if text[i..].width() < room {
                query_from = i;
                break;
            }
        }
    }
    SearchLine {
        chips,
        chips_width: used,
        query_from,
    }
}

pub(in crate::tui) fn render_search(app: &App, frame: &mut Frame, area: Rect) {
    let focused = app.focus == Focus::Search && app.searchable();
    let prompt = if focused { " / " } else { "   " };
    let layout = search_line(app, area.width);
    let mut line = vec![Span::styled(prompt, app.theme.title())];
    let text = app.active_query().text();
    if text.is_empty() && !focused {
        line.push(Span::styled("press / to search", app.theme.dim()));
    } else if text.is_empty() {
        let hint = match app.tab {
            Tab::Journal => "search your journal: words, kind:lesson, tag:approval, network:…",
            Tab::Lessons => "search peers' lessons: words, network:…, kind:lesson, tag:…",
            _ => "type to search: words, region:AU, topic:design…",
        };
        line.push(Span::styled(hint, app.theme.dim()));
    } else if layout.query_from > 0 {
        line.push(Span::raw(format!("…{}", &text[layout.query_from..])));
    } else {
        line.push(Span::raw(text.to_string()));
    }
    frame.render_widget(Line::from(line), area);
    if layout.chips_width > 0 {
        let w = layout.chips_width as u16;
        let right = Rect::new(area.right().saturating_sub(w), area.y, w.min(area.width), 1);
        frame.render_widget(Clear, right);
        let spans: Vec<Span> = layout
            .chips
            .into_iter()
            .flat_map(|c| [Span::styled(c, app.theme.chip()), Span::raw(" ")])
            .collect();
        frame.render_widget(Line::from(spans), right);
    }
}

pub(in crate::tui) fn render_status(app: &App, frame: &mut Frame, area: Rect) {
    // A message is the point of the moment: it gets the whole line.
    if let Some(msg) = &app.message {
        let text: String = if msg.width() > area.width as usize {
            // Cut short, with where to read it whole.
            let tail = format!(
                "… {} reads it whole",
                app.keymap.hint_for(Action::Help, true)
            );
            msg.chars()
                .scan(0, |w, c| {
                    *w += unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
                    Some((*w, c))
                })
                .take_while(|(w, _)| w + tail.width() <= area.width as usize)
                .map(|(_, c)| c)
                .collect::<String>()
                + &tail
        } else {
            msg.clone()
        };
        frame.render_widget(Span::styled(text, app.theme.title()), area);
        return;
    }
    let (left, style) = status_left(app);
    let hints = match &app.overlay {
        Overlay::None => main_hints(app),
        overlay => overlay.hints().to_string(),
    };
    // On narrow screens keep only the first hints, so the counts fit whole.
    let mut hints = hints;
    while hints.width() + left.width().min(60) + 2 > area.width as usize {
        match hints.trim_end().rfind("  ") {
            Some(cut) => hints.truncate(cut),
            None => break,
        }
    }
    let hints_w = hints.width() as u16 + 1;
    let room = area.width.saturating_sub(hints_w + 1) as usize;
    let left: String = if left.width() > room {
        left.chars()
            .take(room.saturating_sub(1))
            .collect::<String>()
            + "…"
    } else {
        left
    };
    frame.render_widget(Span::styled(left, style), area);
    if area.width > hints_w + 20 {
        let right = Rect::new(area.right() - hints_w, area.y, hints_w, 1);
        frame.render_widget(Span::styled(hints, app.theme.dim()), right);
    }
}

/// The keys most needed where the person is, most needed first (the end
/// is cut on a narrow screen). In the search line letters type, so only
/// keys that never type text are offered there.
fn main_hints(app: &App) -> String {
    let k = |a: Action| app.keymap.hint(a);
    let typing = |a: Action| app.keymap.hint_for(a, true);
    match (app.focus, app.tab) {
        (Focus::Search, Tab::Networks) => {
            format!(
                "↑↓ move  {} help  {} journal  {} quit  {} go to  {} list",
                typing(Action::Help),
                typing(Action::TabJournal),
                "Ctrl-c",
                k(Action::GoTo),
                k(Action::FocusList),
            )
        }
        (Focus::Search, _) => {
            format!(
                "↑↓ move  {} help  {} networks  {} quit  {} list",
                typing(Action::Help),
                typing(Action::TabNetworks),
                "Ctrl-c",
                k(Action::FocusList),
            )
        }
        (Focus::List, Tab::Journal | Tab::Lessons) => format!(
            "{} search  {} networks  {} help  {} quit",
            k(Action::FocusSearch),
            k(Action::TabNetworks),
            k(Action::Help),
            k(Action::Quit)
        ),
        (Focus::List, Tab::Networks) => format!(
            "{} search  {} filters  {} star  {} help  {} quit",
            k(Action::FocusSearch),
            k(Action::Filters),
            k(Action::ToggleStar),
            k(Action::Help),
            k(Action::Quit)
        ),
    }
}

/// What the left of the status bar says: a sync under way, problems found
/// at start, or where the tab in front stands.
fn status_left(app: &App) -> (String, Style) {
    if let Some(progress) = &app.syncing {
        (format!(" ⟳ {progress}"), app.theme.title())
    } else if !app.warnings.is_empty() {
        let n = app.warnings.len();
        let s = if n == 1 { "" } else { "s" };
        (
            format!(
                " ⚠ {n} problem{s} found at start: {} help lists them",
                app.keymap.hint(Action::Help)
            ),
            app.theme.error(),
        )
    } else if app.tab == Tab::Lessons {
        let n = app.lessons.hits.len();
        (
            format!(
                " {n} peer lesson{} · shared by others, read-only",
                if n == 1 { "" } else { "s" }
            ),
            Style::new(),
        )
    } else if app.tab == Tab::Journal {
        let n = app.journal.total;
        let due = match app.due {
            0 => String::new(),
            n => format!(
                " · {n} follow-up{} due (search due:today)",
                if n == 1 { "" } else { "s" }
            ),
        };
        (
            format!(
                " {n} {} · your journal{due}",
                if n == 1 { "entry" } else { "entries" }
            ),
            Style::new(),
        )
    } else if app.due > 0 {
        // Said where the eye goes first; the Journal tab says how to list them.
        let s = if app.due == 1 { "" } else { "s" };
        (
            format!(
                " {} of {} · {} follow-up{s} due in your journal ({})",
                app.results.total,
                app.catalogue_size,
                app.due,
                app.keymap.hint_for(Action::TabJournal, true)
            ),
            app.theme.title(),
        )
    } else {
        let updated = app
            .updated
            .as_deref()
            .map(|u| format!(" · as of {u}"))
            .unwrap_or_default();
        (
            format!(
                " {} of {} · {}{updated}",
                app.results.total, app.catalogue_size, app.source
            ),
            Style::new(),
        )
    }
}
