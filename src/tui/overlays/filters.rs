//! The filter panel: every facet's values with how many networks each
//! holds (regions as a tree under their groups), the chosen ones ticked.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::text::Line;
use ratatui::widgets::{Clear, Paragraph};

use super::{centered, frame_block};
use crate::model::{Facet, FacetCounts, Filter, Status, regions};
use crate::tui::effect::Effect;
use crate::tui::widgets::theme::Theme;

/// One line of the filter panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Header(Facet),
    Value {
        facet: Facet,
        value: String,
        count: u64,
        /// How far it is indented: regions sit under their group.
        depth: usize,
    },
}

pub struct FilterPanel {
    pub rows: Vec<Row>,
    /// Index into `rows`, always on a value row when there is one.
    pub cursor: usize,
    /// The filters chosen, ticked.
    pub chosen: Vec<Filter>,
}

/// What a key in the panel asks for.
pub enum Outcome {
    Stay,
    Close,
    /// Run these (the panel stays open and is refreshed).
    Do(Vec<Effect>),
}

impl FilterPanel {
    /// The panel over `counts`; chosen values stay listed even when
    /// nothing matches them now, so they can always be un-chosen.
    pub fn new(counts: FacetCounts, chosen: &[Filter]) -> FilterPanel {
        let mut rows = Vec::new();
        for (facet, mut values) in counts {
            for chip in chosen.iter().filter(|c| c.facet == facet) {
                if !values.iter().any(|(v, _)| *v == chip.value) {
                    values.insert(0, (chip.value.clone(), 0));
                }
            }
            if values.is_empty() {
                continue;
            }
            rows.push(Row::Header(facet));
            // Regions as a tree: groups first, each place under its group,
            // a group's count taking in the places inside it.
            let tree: Vec<(String, u64, usize)> = if facet == Facet::Region {
                regions::tree(values)
            } else {
                values.into_iter().map(|(v, n)| (v, n, 0)).collect()
            };
            rows.extend(tree.into_iter().map(|(value, count, depth)| Row::Value {
                facet,
                value,
                count,
                depth,
            }));
        }
        let cursor = rows
            .iter()
            .position(|r| matches!(r, Row::Value { .. }))
            .unwrap_or(0);
        FilterPanel {
            rows,
            cursor,
            chosen: chosen.to_vec(),
        }
    }

    /// Puts the cursor back on the value it was on in `old`, if still listed.
    pub fn keep_place(&mut self, old: &FilterPanel) {
        if let Some(Row::Value { facet, value, .. }) = old.rows.get(old.cursor)
            && let Some(i) = self.rows.iter().position(
                |r| matches!(r, Row::Value { facet: f, value: v, .. } if f == facet && v == value),
            )
        {
            self.cursor = i;
        }
    }

    fn step(&mut self, by: isize) {
        let mut i = self.cursor as isize;
        let mut left = by.abs();
        while left > 0 {
            i += by.signum();
            if i < 0 || i >= self.rows.len() as isize {
                return;
            }
            if matches!(self.rows[i as usize], Row::Value { .. }) {
                self.cursor = i as usize;
                left -= 1;
            }
        }
    }

    /// Moves to the first value of the next (or previous) section.
    fn section(&mut self, forward: bool) {
        let headers: Vec<usize> = (0..self.rows.len())
            .filter(|i| matches!(self.rows[*i], Row::Header(_)))
            .collect();
        let current = headers.iter().rposition(|h| *h < self.cursor).unwrap_or(0);
        let target = if forward {
            (current + 1) % headers.len().max(1)
        } else {
            (current + headers.len().max(1) - 1) % headers.len().max(1)
        };
        if let Some(h) = headers.get(target) {
            self.cursor = *h;
            self.step(1);
        }
    }

    /// The filter under the cursor.
    pub fn current(&self) -> Option<Filter> {
        match self.rows.get(self.cursor)? {
            Row::Value { facet, value, .. } => Some(Filter {
                facet: *facet,
                value: value.clone(),
            }),
            Row::Header(_) => None,
        }
    }

    /// Handles a key.
    pub fn on_key(&mut self, event: KeyEvent) -> Outcome {
        match event.code {
            KeyCode::Esc | KeyCode::Char('q' | 'f') => return Outcome::Close,
            KeyCode::Down | KeyCode::Char('j') => self.step(1),
            KeyCode::Up | KeyCode::Char('k') => self.step(-1),
            KeyCode::PageDown => self.step(10),
            KeyCode::PageUp => self.step(-10),
            KeyCode::Home | KeyCode::Char('g') => self.step(isize::MIN / 2),
            KeyCode::End | KeyCode::Char('G') => self.step(isize::MAX / 2),
            KeyCode::Tab => self.section(true),
            KeyCode::BackTab => self.section(false),
            KeyCode::Char(' ') | KeyCode::Enter => {
                let Some(filter) = self.current() else {
                    return Outcome::Stay;
                };
                match self.chosen.iter().position(|c| *c == filter) {
                    Some(i) => {
                        self.chosen.remove(i);
                    }
                    None => self.chosen.push(filter.clone()),
                }
                return Outcome::Do(vec![
                    Effect::ToggleFilter(filter),
                    Effect::Search,
                    Effect::OpenFilters,
                ]);
            }
            KeyCode::Char('c') => {
                self.chosen.clear();
                return Outcome::Do(vec![
                    Effect::ClearChips,
                    Effect::Search,
                    Effect::OpenFilters,
                ]);
            }
            _ => {}
        }
        Outcome::Stay
    }

    pub fn render(&self, frame: &mut Frame, theme: Theme) {
        let area = frame.area();
        let rect = centered(area, 50, area.height.saturating_sub(4));
        frame.render_widget(Clear, rect);
        let block = frame_block(theme, "Filters — Space chooses, Tab next section");
        let inner = block.inner(rect);
        frame.render_widget(block, rect);
        let height = inner.height as usize;
        let top = self.cursor.saturating_sub(height.saturating_sub(2));
        let lines: Vec<Line> = self
            .rows
            .iter()
            .enumerate()
            .skip(top)
            .take(height)
            .map(|(i, row)| self.line(i, row, theme))
            .collect();
        frame.render_widget(Paragraph::new(lines), inner);
    }

    fn line(&self, i: usize, row: &Row, theme: Theme) -> Line<'static> {
        let (facet, value, count, depth) = match row {
            Row::Header(facet) => {
                return Line::styled(facet.name().replace('_', " "), theme.title());
            }
            Row::Value {
                facet,
                value,
                count,
                depth,
            } => (facet, value, count, depth),
        };
        let on = self
            .chosen
            .iter()
            .any(|c| c.facet == *facet && c.value == *value);
        let label = match facet {
            Facet::Region => format!("{}{}", "  ".repeat(*depth), regions::label(value)),
            Facet::Status => {
                Status::parse(value).map_or_else(|| value.clone(), |s| s.label().to_string())
            }
            _ => value.clone(),
        };
        let text = format!(
            "{} [{}] {label:<30.30} {count:>6}",
            if i == self.cursor { "▶" } else { " " },
            if on { "x" } else { " " }
        );
        let line = Line::raw(text);
        if i == self.cursor {
            line.style(theme.selected())
        } else {
            line
        }
    }
}
