//! The Networks tab: the list of networks found, and everything about the
//! selected one, with the searched words highlighted and the person's own
//! marks. Drawn from a [`Networks`] the app lends it, never the app.

use std::collections::HashSet;

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Borders, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

use crate::library::{Annotations, Hit, SearchResults};
use crate::model::{EntryStatus, Kind, Network, regions};
use crate::tui::widgets::text::highlighted;
use crate::tui::widgets::theme::Theme;

/// The person's journal entries about one network, newest first, as
/// (kind, status, title); looked up again whenever the selection moves or
/// the journal changes, so entries written elsewhere show at once.
#[derive(Debug, Clone, Default)]
pub struct Linked {
    pub network: String,
    pub total: usize,
    pub entries: Vec<(Kind, Option<EntryStatus>, String)>,
}

/// What the Networks tab draws.
pub struct Networks<'a> {
    pub theme: Theme,
    pub results: &'a SearchResults,
    pub query_error: &'a Option<String>,
    pub annotations: &'a Annotations,
    /// Networks new or changed by a sync, not looked at yet.
    pub fresh: &'a HashSet<String>,
    /// Regions the search filters on, listed first in each row.
    pub region_filters: &'a [String],
    /// Peers' lessons about running a network, as (stage, title).
    pub stage_lessons: &'a [(crate::model::Maturity, String)],
    pub linked: &'a Linked,
    /// Where the catalogue came from, for networks that do not say.
    pub source: &'a str,
    /// The position (in the whole list) of the first of `results.hits`.
    pub first: usize,
    pub selected: usize,
    /// First visible row of the list.
    pub offset: usize,
    /// How far the detail is scrolled.
    pub scroll: u16,
    /// Whether the list has the focus.
    pub focused: bool,
}

impl Networks<'_> {
    fn selected(&self) -> Option<&Hit> {
        self.hit_at(self.selected)
    }

    /// The hit at this position of the whole list, if it is held.
    fn hit_at(&self, at: usize) -> Option<&Hit> {
        at.checked_sub(self.first)
            .and_then(|i| self.results.hits.get(i))
    }

    fn row(&self, label: &str, value: String) -> Option<Line<'static>> {
        if value.is_empty() {
            return None;
        }
        Some(Line::from(vec![
            Span::styled(format!("{label:<11}"), self.theme.dim()),
            Span::raw(value),
        ]))
    }

    pub fn lines(&self, n: &Network, name_hl: &[std::ops::Range<usize>]) -> Vec<Line<'static>> {
        let t = self.theme;
        let hl = |text: &str| self.results.highlights(text);
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
        self.yours(&mut out, n);
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
            self.row("also", n.aliases.join("; ")),
            self.row("topics", n.topics.join(" · ")),
            self.row("website", n.url.clone().unwrap_or_default()),
            self.row("join", n.join.clone().unwrap_or_default()),
            self.row("contact", n.contact.clone().unwrap_or_default()),
            self.row("lessons", n.lessons_url.clone().unwrap_or_default()),
            self.row("activities", n.activities.join(", ")),
            self.row("keywords", n.keywords.join(", ")),
            self.row("updated", n.updated.clone().unwrap_or_default()),
            self.row(
                "from",
                n.origin_label().unwrap_or_else(|| self.source.to_string()),
            ),
        ];
        out.extend(rows.into_iter().flatten());
        let places: Vec<String> = n.regions.iter().map(|c| regions::label(c)).collect();
        self.list(&mut out, "regions", &places);
        // Found through a group: "covers FR through European Union".
        for note in crate::model::places::notes(&n.regions, self.region_filters) {
            out.push(Line::styled(format!("  {note}"), self.theme.dim()));
        }
        self.list(&mut out, "sources", &n.sources);
        self.organisers(&mut out, n);
        out
    }

    /// The person's own marks, note and journal entries about `n`.
    fn yours(&self, out: &mut Vec<Line<'static>>, n: &Network) {
        let marks = self.annotations.get(&n.id).cloned().unwrap_or_default();
        let mut yours: Vec<&str> = Vec::new();
        if marks.starred {
            yours.push("★ starred");
        }
        if marks.member {
            yours.push("● member");
        }
        out.extend(self.row("yours", yours.join(" · ")));
        out.extend(self.row("your note", marks.note.clone()));
        if self.linked.network == n.id && self.linked.total > 0 {
            let entries = &self.linked.entries;
            let mut counts = journal_counts(entries);
            if self.linked.total > entries.len() {
                counts = format!(
                    "{} entries; the newest {}: {counts}",
                    self.linked.total,
                    entries.len()
                );
            }
            out.extend(self.row("journal", counts));
            for (kind, status, title) in entries.iter().take(LINKED_SHOWN) {
                let open = if *status == Some(EntryStatus::Open) {
                    ", open"
                } else {
                    ""
                };
                out.push(Line::raw(format!("  {title} ({kind}{open})")));
            }
            if self.linked.total > LINKED_SHOWN {
                out.push(Line::styled(
                    format!(
                        "  … {} more; Enter lists them all",
                        self.linked.total - LINKED_SHOWN
                    ),
                    self.theme.dim(),
                ));
            }
        }
    }

    /// What peers who run networks at this one's stage learned.
    fn organisers(&self, out: &mut Vec<Line<'static>>, n: &Network) {
        let Some(stage) = n.maturity else {
            return;
        };
        let here: Vec<&String> = self
            .stage_lessons
            .iter()
            .filter(|(s, _)| *s == stage)
            .map(|(_, title)| title)
            .collect();
        if here.is_empty() {
            return;
        }
        out.push(Line::styled(
            format!(
                "organisers of {stage} networks ({} in Peer lessons, stage:{stage})",
                here.len()
            ),
            self.theme.dim(),
        ));
        out.extend(here.iter().take(3).map(|t| Line::raw(format!("  {t}"))));
    }

    /// A labelled list, one item a line, so long items wrap on their own.
    fn list(&self, out: &mut Vec<Line<'static>>, label: &str, items: &[String]) {
        if items.is_empty() {
            return;
        }
        out.push(Line::styled(label.to_string(), self.theme.dim()));
        out.extend(items.iter().map(|item| Line::raw(format!("  {item}"))));
    }

    /// How far the detail can scroll before its last line reaches the bottom,
    /// counting lines as they wrap at the pane's width.
    pub fn max_scroll(&self, area: Rect) -> u16 {
        let Some(hit) = self.selected() else {
            return 0;
        };
        let text = self.lines(&hit.network, &hit.name_highlights);
        let wrapped = Paragraph::new(text)
            .wrap(Wrap { trim: false })
            .line_count(area.width.saturating_sub(2));
        (wrapped as u16).saturating_sub(area.height.saturating_sub(2))
    }

    pub fn render_detail(&self, frame: &mut Frame, area: Rect) {
        let block = Block::new()
            .borders(Borders::ALL)
            .border_style(self.theme.dim());
        let Some(hit) = self.selected() else {
            frame.render_widget(block, area);
            return;
        };
        let title = format!(" {} ", hit.network.label());
        let text = self.lines(&hit.network, &hit.name_highlights);
        let p = Paragraph::new(text)
            .block(block.title(title))
            .wrap(Wrap { trim: false })
            .scroll((self.scroll, 0));
        frame.render_widget(p, area);
    }

    /// A name's row in the list: marker, star, member, name (with † when the
    /// network has ended), regions, membership.
    fn list_row<'h>(&self, hit: &'h Hit, selected: bool, width: usize) -> Line<'h> {
        let n = &hit.network;
        let marks = self.annotations.get(&n.id);
        let star = if marks.is_some_and(|m| m.starred) {
            "★"
        } else if self.fresh.contains(&n.id) {
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
        regions.sort_by_key(|r| !self.region_filters.iter().any(|f| f == r));
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
            Span::styled(star, self.theme.star()),
            Span::raw(member),
            Span::raw(" "),
        ];
        spans.extend(highlighted(
            &n.name,
            &hit.name_highlights,
            name_room,
            Style::new(),
            self.theme.matched(),
        ));
        if !ended.is_empty() {
            spans.push(Span::styled(ended, self.theme.dim()));
        }
        let used: usize = spans.iter().map(|s| s.width()).sum();
        spans.push(Span::raw(
            " ".repeat(width.saturating_sub(used + right.width())),
        ));
        spans.push(Span::styled(right, self.theme.dim()));
        let line = Line::from(spans);
        if selected {
            line.style(self.theme.selected())
        } else {
            line
        }
    }

    pub fn render_list(&self, frame: &mut Frame, area: Rect) {
        let focused = self.focused;
        let title = match (&self.query_error, self.results.total) {
            (Some(_), _) => " search not understood ".to_string(),
            (None, 1) => " 1 network ".to_string(),
            (None, n) => format!(" {n} networks "),
        };
        let block = Block::new()
            .borders(Borders::ALL)
            .title(title)
            .border_style(if focused {
                self.theme.focused_border()
            } else {
                self.theme.dim()
            });
        let inner = block.inner(area);
        frame.render_widget(block, area);
        if let Some(err) = &self.query_error {
            let p = Paragraph::new(err.as_str())
                .style(self.theme.error())
                .wrap(Wrap { trim: true });
            frame.render_widget(p, inner);
            return;
        }
        if self.results.total == 0 {
            let text = "No networks match. Try fewer words, or clear the filters.";
            frame.render_widget(
                Paragraph::new(text)
                    .style(self.theme.dim())
                    .wrap(Wrap { trim: true }),
                inner,
            );
            return;
        }
        let rows: Vec<Line> = (self.offset..self.offset + inner.height as usize)
            .map_while(|i| self.hit_at(i).map(|hit| (i, hit)))
            .map(|(i, hit)| self.list_row(hit, i == self.selected, inner.width as usize))
            .collect();
        frame.render_widget(Paragraph::new(rows), inner);
    }
}

/// How many linked entry titles the detail lists.
const LINKED_SHOWN: usize = 8;

/// "2 lessons · 1 open challenge".
fn journal_counts(entries: &[(Kind, Option<EntryStatus>, String)]) -> String {
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
