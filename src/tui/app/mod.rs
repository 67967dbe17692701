//! The TUI's state and how actions change it. Nothing here draws or touches
//! the terminal; work that needs the library comes back as an [`Effect`].

mod events;
pub mod layout;
mod navigation;
mod selection;

use ratatui::layout::Rect;

use crate::library::{Annotations, Hit, SearchResults};
use crate::model::Filter;
pub use crate::tui::action::{Action, Tab};
use crate::tui::keymap::Keymap;
use crate::tui::overlays::{Help, NoteEditor, Overlay};
use crate::tui::widgets::input::LineInput;
use crate::tui::widgets::theme::Theme;

/// How many results are fetched at a time; more come as the selection nears the end.
pub const PAGE: usize = 80;

/// Where typing goes: the search line, or the list where single keys act.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Search,
    List,
}

/// Whether the catalogue is ready to search.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Load {
    Loading,
    Ready,
    Failed(String),
}

pub use crate::tui::effect::{Effect, Mark};
pub use crate::tui::tabs::networks::Linked;
use crate::tui::tabs::networks::Networks;

pub struct App {
    pub tab: Tab,
    pub focus: Focus,
    pub overlay: Overlay,
    pub query: LineInput,
    /// Filters chosen in the filter panel, shown as chips.
    pub chips: Vec<Filter>,
    pub starred_only: bool,
    pub results: SearchResults,
    pub query_error: Option<String>,
    /// Regions the current search filters on, listed first in each row.
    pub region_filters: Vec<String>,
    /// How many hits a search reads: the window held.
    pub limit: usize,
    /// The position (in the whole list) of the first hit held.
    pub first: usize,
    /// The selected network's position in the whole list.
    pub selected: usize,
    /// First visible row of the list.
    pub offset: usize,
    pub detail_scroll: u16,
    pub zoom: bool,
    /// A one-off message for the status bar, cleared by the next key.
    pub message: Option<String>,
    /// Journal entries whose follow-up is due (counted at start).
    pub due: usize,
    /// The last messages, oldest first, for help to show whole.
    pub said: Vec<String>,
    /// Problems found at start (bad key bindings, unreadable files).
    pub warnings: Vec<String>,
    pub keymap: Keymap,
    pub theme: Theme,
    pub size: Rect,
    pub load: Load,
    pub annotations: Annotations,
    /// "bundled catalogue", or a file name.
    pub source: String,
    pub updated: Option<String>,
    /// Networks in the catalogue.
    pub catalogue_size: usize,
    pub quit: bool,
    /// A network to select when the next results arrive (after "go to").
    pub pending_select: Option<String>,
    /// The person's journal entries about the selected network.
    pub linked: Linked,
    /// The Journal tab.
    pub journal: crate::tui::tabs::journal::JournalTab,
    /// The Peer lessons tab.
    pub lessons: crate::tui::tabs::lessons::LessonsTab,
    /// Where the entry last moved to the trash went, for undo.
    pub last_trashed: Option<std::path::PathBuf>,
    /// Networks new or changed by a sync, not yet looked at.
    pub fresh: std::collections::HashSet<String>,
    /// Peers' lessons about running a network, by the stage it was at,
    /// as (stage, title), for a network's detail.
    pub stage_lessons: Vec<(crate::model::Maturity, String)>,
    /// What a sync running in the background is doing.
    pub syncing: Option<String>,
    /// Every network's (id, name), read when the picker first opens.
    pub names: Option<crate::tui::overlays::Choices>,
}

impl App {
    pub fn new(keymap: Keymap, theme: Theme, size: Rect) -> App {
        let warnings = keymap.problems.clone();
        App {
            tab: Tab::Networks,
            focus: Focus::Search,
            overlay: Overlay::None,
            query: LineInput::default(),
            chips: Vec::new(),
            starred_only: false,
            results: SearchResults::default(),
            query_error: None,
            region_filters: Vec::new(),
            limit: PAGE,
            first: 0,
            selected: 0,
            offset: 0,
            detail_scroll: 0,
            zoom: false,
            message: None,
            said: Vec::new(),
            due: 0,
            warnings,
            keymap,
            theme,
            size,
            load: Load::Loading,
            annotations: Annotations::default(),
            source: String::new(),
            updated: None,
            catalogue_size: 0,
            quit: false,
            pending_select: None,
            names: None,
            journal: Default::default(),
            lessons: Default::default(),
            last_trashed: None,
            linked: Default::default(),
            fresh: Default::default(),
            stage_lessons: Vec::new(),
            syncing: None,
        }
    }

    /// The query the index sees: what was typed plus the chips.
    pub fn effective_query(&self) -> String {
        let mut q = self.query.text().to_string();
        for chip in &self.chips {
            q.push(' ');
            q.push_str(&chip.to_string());
        }
        q
    }

    pub fn selected_hit(&self) -> Option<&Hit> {
        self.selected
            .checked_sub(self.first)
            .and_then(|i| self.results.hits.get(i))
    }

    /// What the Networks tab draws.
    pub fn networks_view(&self) -> Networks<'_> {
        Networks {
            theme: self.theme,
            results: &self.results,
            query_error: &self.query_error,
            annotations: &self.annotations,
            fresh: &self.fresh,
            stage_lessons: &self.stage_lessons,
            region_filters: &self.region_filters,
            linked: &self.linked,
            source: &self.source,
            first: self.first,
            selected: self.selected,
            offset: self.offset,
            scroll: self.detail_scroll,
            focused: self.focus == Focus::List,
        }
    }

    /// The search line of the tab in front.
    pub fn active_query(&self) -> &LineInput {
        match self.tab {
            Tab::Journal => &self.journal.query,
            Tab::Lessons => &self.lessons.query,
            Tab::Networks => &self.query,
        }
    }

    pub(in crate::tui) fn active_query_mut(&mut self) -> &mut LineInput {
        match self.tab {
            Tab::Journal => &mut self.journal.query,
            Tab::Lessons => &mut self.lessons.query,
            Tab::Networks => &mut self.query,
        }
    }

    /// Whether the tab in front has a search line.
    pub fn searchable(&self) -> bool {
        true
    }

    /// Work to do when a tab comes to the front.
    pub(in crate::tui) fn tab_shown(&mut self) -> Vec<Effect> {
        if self.tab == Tab::Journal && !self.journal.loaded {
            return vec![Effect::JournalSearch];
        }
        if self.tab == Tab::Lessons
            && self.journal.peers > 0
            && self.lessons.query.text().is_empty()
        {
            // Coming from a journal search that peers' lessons match.
            let (words, _) = crate::model::parse_words(self.journal.query.text());
            self.lessons.query = LineInput::new(&format!("{} ", words.join(" ")));
            return vec![Effect::LessonsSearch];
        }
        if self.tab == Tab::Lessons && !self.lessons.loaded {
            return vec![Effect::LessonsSearch];
        }
        Vec::new()
    }

    pub(in crate::tui) fn query_changed(&mut self) -> Vec<Effect> {
        if self.tab == Tab::Lessons {
            self.lessons.selected = 0;
            self.lessons.offset = 0;
            self.lessons.scroll = 0;
            return vec![Effect::LessonsSearch];
        }
        if self.tab == Tab::Journal {
            self.journal.selected = 0;
            self.journal.offset = 0;
            self.journal.scroll = 0;
            self.journal.limit = PAGE;
            return vec![Effect::JournalSearch];
        }
        self.selected = 0;
        self.offset = 0;
        self.first = 0;
        self.detail_scroll = 0;
        self.limit = PAGE;
        vec![Effect::Search]
    }

    /// Applies one action. An action that belongs to another tab only says
    /// what it does and where.
    pub fn update(&mut self, action: Action) -> Vec<Effect> {
        if let Some(home) = action.home()
            && home != self.tab
        {
            self.message = Some(self.works_elsewhere(action, home));
            return Vec::new();
        }
        match action {
            Action::Quit => self.quit = true,
            Action::Help => {
                let help = Help::new(
                    &self.keymap,
                    self.tab,
                    (&self.warnings, &self.said),
                    self.theme,
                );
                self.overlay = Overlay::Help(help);
            }
            Action::FocusSearch | Action::FocusList | Action::TogglePane | Action::Back => {
                return self.on_focus(action);
            }
            Action::MoveUp
            | Action::MoveDown
            | Action::PageUp
            | Action::PageDown
            | Action::First
            | Action::Last
            | Action::ScrollDetailUp
            | Action::ScrollDetailDown
            | Action::Zoom => return self.on_move(action),
            Action::NextTab
            | Action::PrevTab
            | Action::TabNetworks
            | Action::TabJournal
            | Action::TabLessons => {
                self.tab = match action {
                    Action::NextTab => self.tab.step(1),
                    Action::PrevTab => self.tab.step(-1),
                    Action::TabNetworks => Tab::Networks,
                    Action::TabJournal => Tab::Journal,
                    _ => Tab::Lessons,
                };
                return self.tab_shown();
            }
            Action::GoTo => return vec![Effect::OpenPicker],
            Action::Sync if self.syncing.is_some() => {
                self.message = Some("A sync is already running".into());
            }
            Action::Sync => return vec![Effect::Sync],
            Action::Propose => self.overlay = Overlay::Propose(Box::default()),
            Action::NewEntry => {
                let about = match self.tab {
                    Tab::Networks => self.selected_hit().map(|h| h.network.id.clone()),
                    _ => None,
                };
                return vec![Effect::NewEntry(about.into_iter().collect())];
            }
            Action::Undo => match self.last_trashed.take() {
                Some(path) => return vec![Effect::RestoreEntry(path)],
                None => self.message = Some("Nothing to undo".into()),
            },
            Action::Filters
            | Action::ClearFilters
            | Action::StarredOnly
            | Action::OpenLink
            | Action::CopyLink
            | Action::ToggleStar
            | Action::ToggleMember
            | Action::EditNote => return self.on_network(action),
            Action::DeleteEntry
            | Action::Share
            | Action::Precedents
            | Action::EditEntry
            | Action::EditInEditor
            | Action::LinkEntry
            | Action::Ask => return self.on_entry(action),
        }
        Vec::new()
    }

    /// Moving between the search line and the list, and backing out.
    fn on_focus(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::FocusSearch => self.focus = Focus::Search,
            Action::FocusList => {
                // Enter on a network with journal entries opens them.
                let linked = self
                    .selected_hit()
                    .filter(|_| self.focus == Focus::List && self.tab == Tab::Networks)
                    .map(|h| h.network.id.clone())
                    .filter(|id| self.linked.network == *id && self.linked.total > 0);
                self.focus = Focus::List;
                if let Some(id) = linked {
                    self.tab = Tab::Journal;
                    self.journal.query = LineInput::new(&format!("network:{id} "));
                    self.journal.selected = 0;
                    self.journal.offset = 0;
                    return vec![Effect::JournalSearch];
                }
            }
            Action::TogglePane => {
                self.focus = match self.focus {
                    Focus::Search => Focus::List,
                    Focus::List => Focus::Search,
                }
            }
            _ if self.zoom => self.zoom = false,
            _ if self.focus == Focus::Search => self.focus = Focus::List,
            _ => {
                // Never back to the search line, where the next `q`
                // would be typed instead of quitting.
                self.message = Some(format!(
                    "{} quits · {} searches · {} help",
                    self.keymap.hint(Action::Quit),
                    self.keymap.hint(Action::FocusSearch),
                    self.keymap.hint_for(Action::Help, true),
                ));
            }
        }
        Vec::new()
    }

    /// Moving the selection, scrolling the detail, zooming it.
    fn on_move(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::MoveUp => self.move_by(-1),
            Action::MoveDown => self.move_by(1),
            Action::PageUp => self.move_by(-(self.list_height() as isize)),
            Action::PageDown => self.move_by(self.list_height() as isize),
            Action::First => self.move_by(isize::MIN / 2),
            Action::Last => self.move_to_last(),
            Action::ScrollDetailUp | Action::ScrollDetailDown => {
                let down = action == Action::ScrollDetailDown;
                self.scroll_detail(if down { 3 } else { -3 });
                Vec::new()
            }
            _ => {
                self.zoom = !self.zoom;
                Vec::new()
            }
        }
    }

    /// Scrolls the detail of the tab in front by `by` lines.
    fn scroll_detail(&mut self, by: i32) {
        let step = |at: u16| (at as i32 + by).clamp(0, u16::MAX as i32) as u16;
        match self.tab {
            Tab::Lessons => self.lessons.scroll = step(self.lessons.scroll),
            Tab::Journal => self.journal.scroll = step(self.journal.scroll),
            Tab::Networks => {
                let area = layout::areas(self.size, self.zoom).detail;
                let last = self.networks_view().max_scroll(area);
                self.detail_scroll = step(self.detail_scroll).min(last);
            }
        }
    }

    /// The actions on the Networks tab's list and selected network.
    fn on_network(&mut self, action: Action) -> Vec<Effect> {
        match action {
            Action::Filters => vec![Effect::OpenFilters],
            Action::ClearFilters => {
                self.chips.clear();
                self.starred_only = false;
                self.message = Some("Filters cleared".into());
                self.query_changed()
            }
            Action::StarredOnly => {
                self.starred_only = !self.starred_only;
                self.query_changed()
            }
            Action::OpenLink | Action::CopyLink => self.link(action),
            Action::ToggleStar => self.mark(Mark::Star),
            Action::ToggleMember => self.mark(Mark::Member),
            _ => {
                if let Some(hit) = self.selected_hit() {
                    let note = self
                        .annotations
                        .get(&hit.network.id)
                        .map(|a| a.note.clone())
                        .unwrap_or_default();
                    self.overlay =
                        Overlay::Note(NoteEditor::new(&hit.network.id, &hit.network.name, &note));
                }
                Vec::new()
            }
        }
    }

    /// Applies the effects that only change the state (those the overlays
    /// return); hands any other back.
    pub fn apply(&mut self, effect: Effect) -> Result<Vec<Effect>, Effect> {
        match effect {
            Effect::ToggleFilter(filter) => {
                match self.chips.iter().position(|c| *c == filter) {
                    Some(i) => {
                        self.chips.remove(i);
                    }
                    None => self.chips.push(filter),
                }
                self.selected = 0;
                self.offset = 0;
                self.first = 0;
            }
            Effect::ClearChips => {
                self.chips.clear();
                self.selected = 0;
                self.offset = 0;
                self.first = 0;
            }
            Effect::GoTo { id, name } => return Ok(self.go_to(&id, &name)),
            Effect::Say(text) => self.message = Some(text),
            other => return Err(other),
        }
        Ok(Vec::new())
    }

    /// What a key that does nothing on this tab does, and where: "x:
    /// share entries with a network, after a preview… (on the Journal tab,
    /// Alt-2)".
    fn works_elsewhere(&self, action: Action, tab: Tab) -> String {
        let go = match tab {
            Tab::Networks => Action::TabNetworks,
            Tab::Journal => Action::TabJournal,
            Tab::Lessons => Action::TabLessons,
        };
        let first_lower = |text: &str| {
            let mut chars = text.chars();
            chars.next().map_or(String::new(), |c| {
                c.to_lowercase().collect::<String>() + chars.as_str()
            })
        };
        format!(
            "{}: {} (on the {} tab, {})",
            self.keymap.hint(action),
            first_lower(action.help()),
            tab.title(),
            self.keymap.hint_for(go, true)
        )
    }
}
