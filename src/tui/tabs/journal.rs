//! The Journal tab: the person's entries, searched as they type through the
//! journal index, with the selected entry's Markdown shown readably and its
//! private text dimmed.

use ratatui::Frame;
use ratatui::layout::Rect;

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
    /// What the entry's networks, related entries and evidence are called,
    /// by id (an id not found stays an id).
    pub names: std::collections::HashMap<String, String>,
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

/// The entry's detail lines: title, facts, then the body as Markdown for
/// `width` columns, private text dimmed exactly as sharing removes it.
pub fn entry_lines(
    entry: &Entry,
    names: &std::collections::HashMap<String, String>,
    theme: Theme,
    width: u16,
) -> Vec<Line<'static>> {
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
    let named = |ids: &[String], with_id: bool| -> String {
        let said: Vec<String> = ids
            .iter()
            .map(|id| match names.get(id) {
                Some(name) if with_id => format!("{name} ({id})"),
                Some(name) => name.clone(),
                None => id.clone(),
            })
            .collect();
        said.join(", ")
    };
    for (label, value) in [
        ("tags", m.tags.join(", ")),
        ("networks", named(&m.networks, false)),
        ("related", named(&m.related, true)),
        ("evidence", named(&m.evidence, true)),
    ] {
        if !value.is_empty() {
            out.push(Line::from(vec![
                Span::styled(format!("{label:<9}"), theme.dim()),
                Span::raw(value),
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
    let body = crate::tui::widgets::markdown::render(&entry.body, width, &theme.markdown());
    out.extend(body.lines);
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
    let rows = crate::tui::widgets::panes::rows(
        &j.hits,
        (j.offset, j.selected, height),
        t,
        |h, marker| {
            let day = time::OffsetDateTime::from_unix_timestamp(h.created)
                .map(|d| d.date().to_string())
                .unwrap_or_default();
            let open = if h.is_open_challenge() { "!" } else { " " };
            Line::raw(format!("{marker}{open} {:<10} {day}  {}", h.kind, h.title))
        },
    );
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
    let shown = j.entry.as_ref().map(|e| {
        let width = detail.width.saturating_sub(2).max(1);
        (e.meta.id.clone(), entry_lines(e, &j.names, t, width))
    });
    crate::tui::widgets::panes::detail(t, frame, detail, shown, j.scroll);
}
