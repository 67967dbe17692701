//! The Journal tab: the person's entries, searched as they type through the
//! journal index, with the selected entry's Markdown shown readably and its
//! private text dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};

use crate::library::JournalHit;
use crate::model::Entry;
use crate::tui::keymap::Keymap;
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::theme::Theme;

/// What the Journal tab holds.
#[derive(Default)]
pub struct JournalTab {
    pub query: LineInput,
    pub hits: Vec<JournalHit>,
    pub total: usize,
    pub selected: usize,
    pub offset: usize,
    /// The selected entry, read from its file.
    pub entry: Option<Entry>,
    pub error: Option<String>,
    pub scroll: u16,
    /// Whether a search has run since the tab was first opened.
    pub loaded: bool,
    /// Peer lessons that contain the words searched for (none without words).
    pub peers: usize,
    /// How many entries to read; grows as the selection nears the end.
    pub limit: usize,
    /// An entry to select when the next results arrive (one just saved).
    pub pending_select: Option<String>,
}

impl JournalTab {
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

    pub fn selected_hit(&self) -> Option<&JournalHit> {
        self.hits.get(self.selected)
    }
}

/// One line of a Markdown body, made readable: headings bold, list bullets,
/// `**strong**` bold, links as "text (address)", and private text (set
/// between [`OPEN`] and [`CLOSE`] by [`mark_private`]) dimmed and italic.
/// `private` carries a span across lines.
fn markdown_line(line: &str, private: &mut bool, theme: Theme) -> Line<'static> {
    let trimmed = line.trim_start();
    let (text, heading) = match trimmed.find(|c| c != '#') {
        Some(n) if n > 0 && trimmed[n..].starts_with(' ') => (trimmed[n + 1..].to_string(), true),
        _ => (line.to_string(), false),
    };
    let text = match text
        .trim_start()
        .strip_prefix("- ")
        .or_else(|| text.trim_start().strip_prefix("* "))
    {
        Some(rest) => format!("{}• {rest}", &text[..text.len() - text.trim_start().len()]),
        None => text,
    };
    let text = links(&text);
    let base = if heading { theme.title() } else { Style::new() };
    let private_style = theme.dim().add_modifier(Modifier::ITALIC);
    let mut spans = Vec::new();
    let mut rest = text.as_str();
    while !rest.is_empty() {
        let end = rest.find([OPEN, CLOSE]).unwrap_or(rest.len());
        let (part, tail) = rest.split_at(end);
        let was_private = *private;
        rest = match tail.chars().next() {
            Some(sentinel) => {
                *private = sentinel == OPEN;
                &tail[sentinel.len_utf8()..]
            }
            None => tail,
        };
        if part.is_empty() {
            continue;
        }
        if was_private {
            spans.push(Span::styled(part.to_string(), private_style));
        } else {
            for (j, piece) in part.split("**").enumerate() {
                let style = if j % 2 == 1 {
                    base.add_modifier(Modifier::BOLD)
                } else {
                    base
                };
                if !piece.is_empty() {
                    spans.push(Span::styled(piece.to_string(), style));
                }
            }
        }
    }
    Line::from(spans)
}

/// `[text](address)` becomes "text (address)".
fn links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(open) = rest.find('[') {
        let Some(mid) = rest[open..].find("](").map(|i| open + i) else {
            break;
        };
        let Some(close) = rest[mid..].find(')').map(|i| mid + i) else {
            break;
        };
        out.push_str(&rest[..open]);
        out.push_str(&format!(
            "{} ({})",
            &rest[open + 1..mid],
            &rest[mid + 2..close]
        ));
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

/// The entry's detail lines: title, facts, then the body.
pub fn entry_lines(entry: &Entry, theme: Theme) -> Vec<Line<'static>> {
    let m = &entry.meta;
    let mut facts = vec![m.kind.to_string()];
    facts.extend(m.status.map(|s| s.to_string()));
    facts.push(m.created.date().to_string());
    if m.shareable {
        facts.push("shareable".into());
    }
    let mut out = vec![
        Line::styled(m.title.clone(), theme.title()),
        Line::raw(facts.join(" · ")),
    ];
    for (label, values) in [
        ("tags", &m.tags),
        ("networks", &m.networks),
        ("related", &m.related),
        ("evidence", &m.evidence),
    ] {
        if !values.is_empty() {
            out.push(Line::from(vec![
                Span::styled(format!("{label:<9}"), theme.dim()),
                Span::raw(values.join(", ")),
            ]));
        }
    }
    if crate::model::private_spans(&entry.body).spans.is_empty() {
        out.push(Line::raw(""));
    } else {
        out.push(Line::styled(
            "Dimmed text between %% is private: it never leaves this machine.",
            theme.dim(),
        ));
        out.push(Line::raw(""));
    }
    let mut private = false;
    out.extend(
        mark_private(&entry.body)
            .lines()
            .map(|l| markdown_line(l, &mut private, theme)),
    );
    out
}

/// Set around private text by [`mark_private`]; never shown.
const OPEN: char = '\u{e000}';
const CLOSE: char = '\u{e001}';

/// The body with each private span (by the one rule sharing uses) set
/// between [`OPEN`] and [`CLOSE`], so what is dimmed is exactly what
/// sharing removes.
fn mark_private(body: &str) -> String {
    let body = body.replace([OPEN, CLOSE], "");
    let private = crate::model::private_spans(&body);
    let mut out = String::with_capacity(body.len() + 8);
    let mut at = 0;
    for span in &private.spans {
        out.push_str(&body[at..span.start]);
        out.push(OPEN);
        out.push_str(&body[span.clone()]);
        out.push(CLOSE);
        at = span.end;
    }
    out.push_str(&body[at..]);
    out
}

/// Draws the tab: the list of entries and the selected one.
pub fn render(
    j: &JournalTab,
    (t, keymap): (Theme, &Keymap),
    focused: bool,
    frame: &mut Frame,
    (list, detail): (Rect, Rect),
) {
    let mut title = match (&j.error, j.total) {
        (Some(_), _) => " search not understood ".to_string(),
        (None, 1) => " 1 entry ".to_string(),
        (None, n) => format!(" {n} entries "),
    };
    if j.peers > 0 {
        // Peers' lessons are never mixed into the person's own list.
        title.push_str(&format!(
            "· {} peer lesson{} match: {} shows them ",
            j.peers,
            if j.peers == 1 { "" } else { "s" },
            keymap.hint(crate::tui::action::Action::TabLessons)
        ));
    }
    let empty = if j.query.text().trim().is_empty() {
        "Your journal is empty. Press a to write a first entry, or use\n  cairn journal add --kind challenge --title \"…\""
    } else {
        "No entries match. Try fewer words."
    };
    let height = list.height.saturating_sub(2) as usize;
    let rows: Vec<Line> = j
        .hits
        .iter()
        .enumerate()
        .skip(j.offset)
        .take(height)
        .map(|(i, h)| {
            let day = time::OffsetDateTime::from_unix_timestamp(h.created)
                .map(|d| d.date().to_string())
                .unwrap_or_default();
            let open = if h.status.as_deref() == Some("open") {
                "!"
            } else {
                " "
            };
            let marker = if i == j.selected { "▶" } else { " " };
            let line = Line::raw(format!("{marker}{open} {:<10} {day}  {}", h.kind, h.title));
            if i == j.selected {
                line.style(t.selected())
            } else {
                line
            }
        })
        .collect();
    crate::tui::widgets::panes::list(
        t,
        focused,
        frame,
        list,
        title,
        j.error.as_deref(),
        empty,
        rows,
    );
    let shown = j
        .entry
        .as_ref()
        .map(|e| (e.meta.id.clone(), entry_lines(e, t)));
    crate::tui::widgets::panes::detail(t, frame, detail, shown, j.scroll);
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(line: &Line) -> String {
        line.spans.iter().map(|s| s.content.as_ref()).collect()
    }

    #[test]
    fn nested_markers_are_dimmed_as_sharing_removes_them() {
        let theme = Theme { color: false };
        let shown = mark_private("a %%outer %%inner%% still%% b");
        let mut private = false;
        let line = markdown_line(&shown, &mut private, theme);
        let dimmed: String = line
            .spans
            .iter()
            .filter(|s| s.style.add_modifier.contains(Modifier::ITALIC))
            .map(|s| s.content.as_ref())
            .collect();
        assert!(
            dimmed.contains("inner") && dimmed.contains("still"),
            "{dimmed}"
        );
        assert!(!private, "the span is closed at the end");
    }

    #[test]
    fn markdown_is_made_readable_and_private_text_carries_across_lines() {
        let theme = Theme { color: false };
        let mut private = false;
        assert_eq!(
            text(&markdown_line(
                "## What is in the way?",
                &mut private,
                theme
            )),
            "What is in the way?"
        );
        assert_eq!(
            text(&markdown_line(
                "- a [guide](https://x.org) **now**",
                &mut private,
                theme
            )),
            "• a guide (https://x.org) now"
        );
        let body = mark_private("shared %%secret\nstill secret%% shared again");
        let (first, second) = body.split_once('\n').unwrap();
        let opened = markdown_line(first, &mut private, theme);
        assert!(private);
        assert!(
            opened
                .spans
                .last()
                .unwrap()
                .style
                .add_modifier
                .contains(Modifier::ITALIC)
        );
        let closed = markdown_line(second, &mut private, theme);
        assert!(!private);
        assert_eq!(text(&closed), "still secret%% shared again");
    }
}
