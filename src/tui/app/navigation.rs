//! Moving through the lists: the selection, the rows on screen, and, on
//! the Networks tab, the window of hits held: only the rows around those on
//! screen are read from the index (`Library::search_window`), so End at
//! 100k networks reads one page, not 100k records.

use ratatui::layout::Rect;

use crate::library::SearchResults;
use crate::tui::app::layout;
use crate::tui::app::{App, Effect, PAGE, Tab};

/// Rows held beyond those on screen, before and after, so moving a few
/// rows never waits for a search.
const MARGIN: usize = 20;

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
        if self.tab != Tab::Networks || self.results.total == 0 {
            return Vec::new();
        }
        let last = self.results.total - 1;
        let before = self.selected;
        self.selected = (self.selected as isize)
            .saturating_add(by)
            .clamp(0, last as isize) as usize;
        self.detail_scroll = 0;
        self.keep_selection_visible();
        if self.window_needed() {
            return vec![Effect::Search];
        }
        if self.selected != before {
            return vec![Effect::Linked];
        }
        Vec::new()
    }

    /// Moves to the last item (on the Networks tab, only the last page
    /// is read, however many networks match).
    pub(in crate::tui) fn move_to_last(&mut self) -> Vec<Effect> {
        self.move_by(isize::MAX / 2)
    }

    /// Whether the rows on screen, with some to spare around the
    /// selection, are outside the hits held; if so, the window is moved
    /// to hold them and true is returned (the search runs again for it).
    fn window_needed(&mut self) -> bool {
        let height = self.list_height();
        let total = self.results.total;
        let held = self.first..self.first + self.results.hits.len();
        let want_from = self.offset.min(self.selected).saturating_sub(MARGIN);
        let want_to = (self.offset.max(self.selected) + height + MARGIN).min(total);
        if held.contains(&want_from) && want_to <= held.end {
            return false;
        }
        self.limit = (height + 2 * MARGIN).max(PAGE);
        self.first = want_from
            .saturating_sub(MARGIN)
            .min(total.saturating_sub(self.limit));
        true
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
            self.selected = self.first + i;
        }
        self.selected = self.selected.min(self.results.total.saturating_sub(1));
        self.keep_selection_visible();
    }

    pub fn on_resize(&mut self, width: u16, height: u16) {
        self.size = Rect::new(0, 0, width, height);
        self.keep_selection_visible();
    }
}
