//! Actions on what is selected: the selected journal entry, the selected
//! network's marks and website, and opening the filter panel and pickers.

use crate::model::Kind;
use crate::tui::action::Action;
use crate::tui::app::{App, Effect, Focus, Mark, Tab};
use crate::tui::overlays::{FilterPanel, Overlay, Pick, Picker};
use crate::tui::widgets::input::LineInput;

impl App {
    /// The actions on the selected journal entry.
    pub(in crate::tui) fn on_entry(&mut self, action: Action) -> Vec<Effect> {
        if action == Action::Share {
            // Sharing chooses its entries itself.
            return vec![Effect::ShareStart];
        }
        let Some(hit) = self.journal.selected_hit() else {
            self.message = Some("No entry is selected".into());
            return Vec::new();
        };
        match action {
            Action::Share => vec![Effect::ShareStart],
            Action::Precedents => vec![Effect::Precedents(hit.id.clone())],
            Action::DeleteEntry => {
                self.overlay = Overlay::Confirm {
                    question: format!("Move \"{}\" to the trash? (y/n)", hit.title),
                    yes: Effect::TrashEntry(hit.path.clone()),
                    back: None,
                };
                Vec::new()
            }
            Action::EditEntry => vec![Effect::EditEntry(hit.path.clone())],
            Action::EditInEditor => vec![Effect::ExternalEdit(hit.path.clone())],
            Action::Ask if hit.is_open_challenge() => vec![Effect::Ask(hit.path.clone())],
            Action::Ask => {
                self.message = Some(
                    "Only an open challenge is asked about: select one (marked !) and press the key again"
                        .into(),
                );
                Vec::new()
            }
            _ if hit.is_resolved_challenge() => {
                self.overlay = Overlay::Confirm {
                    question: format!("\"{}\" is resolved. Open it again? (y/n)", hit.title),
                    yes: Effect::Reopen(hit.path.clone()),
                    back: None,
                };
                Vec::new()
            }
            _ if hit.kind_of() == Some(Kind::Validation) => {
                self.message =
                    Some("Only challenges are resolved, and only lessons answer them".into());
                Vec::new()
            }
            _ => vec![Effect::PickRelated(hit.path.clone())],
        }
    }

    pub(in crate::tui) fn mark(&mut self, mark: Mark) -> Vec<Effect> {
        match self.selected_hit().filter(|_| self.tab == Tab::Networks) {
            Some(hit) => vec![Effect::Annotate(hit.network.id.clone(), mark)],
            None => Vec::new(),
        }
    }

    pub(in crate::tui) fn link(&mut self, action: Action) -> Vec<Effect> {
        let Some(hit) = self.selected_hit().filter(|_| self.tab == Tab::Networks) else {
            return Vec::new();
        };
        match hit.network.url.clone() {
            Some(url) if action == Action::OpenLink => vec![Effect::OpenLink(url)],
            Some(url) => vec![Effect::CopyLink(url)],
            None => {
                self.message = Some(format!(
                    "{} has no website in the catalogue",
                    hit.network.label()
                ));
                Vec::new()
            }
        }
    }

    /// Opens the filter panel over the given counts.
    pub fn open_filters(&mut self, counts: crate::model::FacetCounts) {
        let mut panel = FilterPanel::new(counts, &self.chips);
        if let Overlay::Filters(old) = &self.overlay {
            panel.keep_place(old);
        }
        self.overlay = Overlay::Filters(panel);
    }

    /// Opens the "go to" picker over these networks.
    pub fn open_picker(&mut self, names: crate::tui::overlays::Choices) {
        self.overlay = Overlay::Picker(Picker::new("Go to network", names, Pick::GoTo, ""));
    }

    /// Selects a network picked by id: clears the search so it is listed.
    pub fn go_to(&mut self, id: &str, name: &str) -> Vec<Effect> {
        self.tab = Tab::Networks;
        self.focus = Focus::List;
        self.chips.clear();
        self.starred_only = false;
        self.query = LineInput::new(name);
        self.pending_select = Some(id.to_string());
        self.query_changed()
    }
}
