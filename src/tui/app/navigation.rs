//! Moving through the networks list: the selection, the visible window of
//! rows, and fetching the next page of results as the selection nears it.

use ratatui::layout::Rect;

use crate::library::SearchResults;
use crate::tui::app::layout;
use crate::tui::app::{App, Effect, PAGE, Tab};

impl App {
    /// Rows of the list that fit on screen.
    pub fn list_height(&self) -> usize {
        let areas = layout::areas(self.size, self.zoom);
        areas.list.height.saturating_sub(2).max(1) as usize
    }

    pub(in crate::tui) fn move_by(&mut self, by: isize) -> Vec<Effect> {
        if self.tab == Tab::Lessons {
            let height = self.list_height();
            self.lessons.move_by(by, height);
            return Vec::new();
        }
        if self.tab == Tab::Journal {
            let height = self.list_height();
            let j = &mut self.journal;
            if !j.move_by(by, height) {
                return Vec::new();
            }
            if j.selected + 20 >= j.hits.len() && j.total > j.hits.len() {
                j.limit = j.hits.len() + PAGE;
                return vec![Effect::JournalSearch];
            }
            return vec![Effect::LoadEntry];
        }
        if self.tab != Tab::Networks || self.results.hits.is_empty() {
            return Vec::new();
        }
        let last = self.results.hits.len() - 1;
        let before = self.selected;
        self.selected = (self.selected as isize)
            .saturating_add(by)
            .clamp(0, last as isize) as usize;
        self.detail_scroll = 0;
        self.keep_selection_visible();
        if self.selected + 20 >= self.results.hits.len()
            && self.results.total > self.results.hits.len()
        {
            self.limit = self.results.hits.len() + PAGE;
            return vec![Effect::Search];
        }
        if self.selected != before {
            return vec![Effect::Linked];
        }
        Vec::new()
    }

    /// Moves to the last item; on the Networks tab, fetches everything
    /// first so "last" means the real last one.
    pub(in crate::tui) fn move_to_last(&mut self) -> Vec<Effect> {
        if self.tab == Tab::Networks && self.results.total > self.results.hits.len() {
            self.limit = self.results.total;
            self.selected = self.results.total.saturating_sub(1);
            return vec![Effect::Search];
        }
        self.move_by(isize::MAX / 2)
    }

    /// Scrolls the list so the selected row is on screen.
    pub fn keep_selection_visible(&mut self) {
        let height = self.list_height();
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + height {
            self.offset = self.selected + 1 - height;
        }
    }

    /// Stores fresh results, keeping the selection in range.
    pub fn set_results(&mut self, results: SearchResults) {
        self.results = results;
        self.query_error = None;
        if let Some(id) = self.pending_select.take()
            && let Some(i) = self.results.hits.iter().position(|h| h.network.id == id)
        {
            self.selected = i;
        }
        self.selected = self.selected.min(self.results.hits.len().saturating_sub(1));
        self.keep_selection_visible();
    }

    pub fn on_resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.keep_selection_visible();
    }
}
