//! The help overlay: the keys in force, those of the tab in front first,
//! then those that work everywhere, then the other tabs'; what the marks
//! in the lists mean; and any problem found at start.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::Rect;
use ratatui::style::{Modifier, Style};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

use super::{centered, frame_block};
use crate::tui::action::{Action, Tab};
use crate::tui::keymap::Keymap;
use crate::tui::widgets::theme::Theme;

pub struct Help {
    pub scroll: u16,
    lines: Vec<Line<'static>>,
}

impl Help {
    /// Help for the tab in front, with the keys in force, the problems
    /// found at start and the last messages, whole (they are why someone
    /// opens help from the status bar, where a long one is cut short).
    pub fn new(
        keymap: &Keymap,
        tab: Tab,
        (warnings, said): (&[String], &[String]),
        theme: Theme,
    ) -> Help {
        let mut lines = Vec::new();
        if !warnings.is_empty() {
            lines.push(Line::styled("Problems found at start", theme.error()));
            lines.extend(warnings.iter().map(|w| Line::raw(format!("  {w}"))));
            lines.push(Line::raw(""));
        }
        if !said.is_empty() {
            lines.push(Line::styled("Last messages, newest first", theme.title()));
            lines.extend(said.iter().rev().map(|m| Line::raw(format!("  {m}"))));
            lines.push(Line::raw(""));
        }
        lines.push(Line::styled(
            format!("On the {} tab", tab.title()),
            theme.title(),
        ));
        lines.extend(legend(tab).iter().map(|l| Line::raw(*l)));
        keys(&mut lines, keymap, |a| a.home() == Some(tab));
        lines.push(Line::raw(""));
        lines.push(Line::styled("Everywhere", theme.title()));
        keys(&mut lines, keymap, |a| a.home().is_none());
        for other in Tab::ALL.into_iter().filter(|t| *t != tab) {
            if Action::ALL.iter().any(|a| a.home() == Some(other)) {
                lines.push(Line::raw(""));
                lines.push(Line::styled(
                    format!("On the {} tab", other.title()),
                    theme.title(),
                ));
                keys(&mut lines, keymap, |a| a.home() == Some(other));
            }
        }
        lines.push(Line::raw(""));
        lines.push(Line::styled(
            format!(
                "Change keys in {} (see `cairn doctor` for the folder).",
                crate::library::CONFIG_FILE_NAME
            ),
            theme.dim(),
        ));
        Help { scroll: 0, lines }
    }

    /// Handles a key; `None` closes the help.
    pub fn on_key(mut self, event: KeyEvent, area: Rect) -> Option<Help> {
        let max = self.max_scroll(area);
        match event.code {
            KeyCode::Esc | KeyCode::Char('q' | '?') | KeyCode::F(1) | KeyCode::Enter => {
                return None;
            }
            KeyCode::Down | KeyCode::Char('j') => self.scroll = (self.scroll + 1).min(max),
            KeyCode::Up | KeyCode::Char('k') => self.scroll = self.scroll.saturating_sub(1),
            KeyCode::PageDown => self.scroll = (self.scroll + 10).min(max),
            KeyCode::PageUp => self.scroll = self.scroll.saturating_sub(10),
            KeyCode::Home | KeyCode::Char('g') => self.scroll = 0,
            KeyCode::End | KeyCode::Char('G') => self.scroll = max,
            _ => {}
        }
        Some(self)
    }

    fn rect(area: Rect) -> Rect {
        centered(area, 100, area.height.saturating_sub(2))
    }

    /// How far the help can scroll before its last line is at the bottom.
    fn max_scroll(&self, area: Rect) -> u16 {
        let rect = Help::rect(area);
        let wrapped = Paragraph::new(self.lines.clone())
            .wrap(Wrap { trim: false })
            .line_count(rect.width.saturating_sub(2));
        (wrapped as u16).saturating_sub(rect.height.saturating_sub(2))
    }

    pub fn render(&self, frame: &mut Frame, theme: Theme) {
        let area = frame.area();
        let rect = Help::rect(area);
        frame.render_widget(Clear, rect);
        let p = Paragraph::new(self.lines.clone())
            .block(frame_block(theme, "Help — ↑↓ scroll, Esc closes"))
            .wrap(Wrap { trim: false })
            .scroll((self.scroll.min(self.max_scroll(area)), 0));
        frame.render_widget(p, rect);
    }
}

/// What the search line and the marks in the tab's list mean.
fn legend(tab: Tab) -> &'static [&'static str] {
    match tab {
        Tab::Networks => &[
            "  Type words and filters (region:AU topic:design membership:open);",
            "  results follow as you type. ←→ Home End move, Backspace deletes,",
            "  Ctrl-u clears, Ctrl-w deletes a word. Ctrl-c quits from anywhere.",
            "  starred:yes member:yes noted:yes (or :no) filter by your own marks,",
            "  active:yes or ended:yes by whether a network still runs;",
            "  words also find your notes.",
            "  In the list: ★ starred  ● member  + new or changed since you looked",
            "  † ended   o c m  open, closed or mixed membership",
        ],
        Tab::Journal => &[
            "  Type words and filters (kind:lesson status:open network:ID tag:T due:today);",
            "  results follow as you type. Ctrl-c quits from anywhere.",
            "  In the list: ! an open challenge",
        ],
        Tab::Lessons => &[
            "  Lessons peers shared with you; read-only. Type words and filters",
            "  (network:ID kind:lesson tag:T). Ctrl-c quits from anywhere.",
        ],
    }
}

/// One line per action `shown`, with its keys.
fn keys(lines: &mut Vec<Line<'static>>, keymap: &Keymap, shown: impl Fn(Action) -> bool) {
    for action in Action::ALL.iter().copied().filter(|a| shown(*a)) {
        let keys = keymap.keys(action).join(", ");
        lines.push(Line::from(vec![
            Span::styled(
                format!("  {keys:<16}"),
                Style::new().add_modifier(Modifier::BOLD),
            ),
            Span::raw(action.help()),
        ]));
    }
}
