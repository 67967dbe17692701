//! The detail pane: everything about the selected network, with the
//! searched words highlighted and the user's own marks.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};

use crate::model::{Network, regions};
use crate::tui::app::App;
use crate::tui::view::highlighted;

fn row(app: &App, label: &str, value: String) -> Option<Line<'static>> {
    if value.is_empty() {
        return None;
    }
    Some(Line::from(vec![
        Span::styled(format!("{label:<11}"), app.theme.dim()),
        Span::raw(value),
    ]))
}

pub fn lines(app: &App, n: &Network, name_hl: &[std::ops::Range<usize>]) -> Vec<Line<'static>> {
    let t = app.theme;
    let hl = |text: &str| app.results.highlights(text);
    let wide = usize::MAX / 4;
    let mut out = vec![Line::from(highlighted(
        &n.name,
        name_hl,
        wide,
        t.title(),
        t.matched(),
    ))];
    out.push(Line::raw(n.kind_line()));
    match n.ended_label() {
        // Said first and apart, so nobody plans to join a network that stopped.
        Some(ended) => out.push(Line::from(vec![
            Span::styled(format!("† {ended}"), t.error()),
            Span::raw(" · "),
            Span::raw(n.history_line()),
        ])),
        None => out.push(Line::raw(n.history_line())),
    }
    // The person's own marks come first: they are why they came back.
    let marks = app.annotations.get(&n.id).cloned().unwrap_or_default();
    let mut yours: Vec<&str> = Vec::new();
    if marks.starred {
        yours.push("★ starred");
    }
    if marks.member {
        yours.push("● member");
    }
    out.extend(row(app, "yours", yours.join(" · ")));
    out.extend(row(app, "your note", marks.note.clone()));
    if app.linked.network == n.id && app.linked.total > 0 {
        let entries = &app.linked.entries;
        let mut counts = journal_counts(entries);
        if app.linked.total > entries.len() {
            counts = format!(
                "{} entries; the newest {}: {counts}",
                app.linked.total,
                entries.len()
            );
        }
        out.extend(row(app, "journal", counts));
        for (kind, status, title) in entries.iter().take(LINKED_SHOWN) {
            let open = if *status == Some(crate::model::EntryStatus::Open) {
                ", open"
            } else {
                ""
            };
            out.push(Line::raw(format!("  {title} ({kind}{open})")));
        }
        if app.linked.total > LINKED_SHOWN {
            out.push(Line::styled(
                format!(
                    "  … {} more; Enter lists them all",
                    app.linked.total - LINKED_SHOWN
                ),
                app.theme.dim(),
            ));
        }
    }
    out.push(Line::raw(""));
    out.push(Line::from(highlighted(
        &n.summary,
        &hl(&n.summary),
        wide,
        Style::new(),
        t.matched(),
    )));
    if let Some(d) = &n.description {
        out.push(Line::raw(""));
        out.push(Line::from(highlighted(
            d,
            &hl(d),
            wide,
            Style::new(),
            t.matched(),
        )));
    }
    out.push(Line::raw(""));
    let rows = [
        row(app, "also", n.aliases.join("; ")),
        row(app, "topics", n.topics.join(" · ")),
        row(app, "website", n.url.clone().unwrap_or_default()),
        row(app, "join", n.join.clone().unwrap_or_default()),
        row(app, "contact", n.contact.clone().unwrap_or_default()),
        row(app, "lessons", n.lessons_url.clone().unwrap_or_default()),
        row(app, "activities", n.activities.join(", ")),
        row(app, "keywords", n.keywords.join(", ")),
        row(app, "updated", n.updated.clone().unwrap_or_default()),
        row(
            app,
            "from",
            n.origin_label().unwrap_or_else(|| app.source.clone()),
        ),
    ];
    out.extend(rows.into_iter().flatten());
    let places: Vec<String> = n.regions.iter().map(|c| regions::label(c)).collect();
    list(app, &mut out, "regions", &places);
    // Found through a group: "covers FR through European Union".
    for note in crate::model::places::notes(&n.regions, &app.region_filters) {
        out.push(Line::styled(format!("  {note}"), app.theme.dim()));
    }
    list(app, &mut out, "sources", &n.sources);
    out
}

/// "2 lessons · 1 open challenge".
/// How many linked entry titles the detail lists.
const LINKED_SHOWN: usize = 8;

fn journal_counts(
    entries: &[(
        crate::model::Kind,
        Option<crate::model::EntryStatus>,
        String,
    )],
) -> String {
    use crate::model::{EntryStatus, Kind};
    let count = |k: Kind| entries.iter().filter(|(kind, _, _)| *kind == k).count();
    let open = entries
        .iter()
        .filter(|(k, s, _)| *k == Kind::Challenge && *s == Some(EntryStatus::Open))
        .count();
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let mut parts = Vec::new();
    for (kind, word) in [(Kind::Lesson, "lesson"), (Kind::Validation, "validation")] {
        if count(kind) > 0 {
            parts.push(plural(count(kind), word));
        }
    }
    if open > 0 {
        parts.push(plural(open, "open challenge"));
    }
    if count(Kind::Challenge) > open {
        parts.push(plural(count(Kind::Challenge) - open, "resolved challenge"));
    }
    parts.join(" · ")
}

/// A labelled list, one item a line, so long items wrap on their own.
fn list(app: &App, out: &mut Vec<Line<'static>>, label: &str, items: &[String]) {
    if items.is_empty() {
        return;
    }
    out.push(Line::styled(label.to_string(), app.theme.dim()));
    out.extend(items.iter().map(|item| Line::raw(format!("  {item}"))));
}

/// How far the detail can scroll before its last line reaches the bottom,
/// counting lines as they wrap at the pane's width.
pub fn max_scroll(app: &App) -> u16 {
    let area = crate::tui::view::areas(app.size, app.zoom).detail;
    let Some(hit) = app.selected_hit() else {
        return 0;
    };
    let text = lines(app, &hit.network, &hit.name_highlights);
    let wrapped = Paragraph::new(text)
        .wrap(Wrap { trim: false })
        .line_count(area.width.saturating_sub(2));
    (wrapped as u16).saturating_sub(area.height.saturating_sub(2))
}

pub fn render(app: &App, frame: &mut Frame, area: Rect) {
    let block = Block::new()
        .borders(Borders::ALL)
        .border_style(app.theme.dim());
    let Some(hit) = app.selected_hit() else {
        frame.render_widget(block, area);
        return;
    };
    let title = format!(" {} ", hit.network.label());
    let text = lines(app, &hit.network, &hit.name_highlights);
    let p = Paragraph::new(text)
        .block(block.title(title))
        .wrap(Wrap { trim: false })
        .scroll((app.detail_scroll, 0));
    frame.render_widget(p, area);
}
