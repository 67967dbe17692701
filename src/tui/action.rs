//! The one vocabulary of things a person can do. Each action's name is its
//! key in `config.toml`, and its line of help is what the `?` overlay shows,
//! so the help cannot drift from the keys.

/// Declares the actions with their config names and help lines.
macro_rules! actions {
    ($($variant:ident => $name:literal, $help:literal;)+) => {
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
        pub enum Action {
            $($variant),+
        }

        impl Action {
            pub const ALL: &'static [Action] = &[$(Action::$variant),+];

            /// The name used in `config.toml`.
            pub fn name(self) -> &'static str {
                match self {
                    $(Action::$variant => $name),+
                }
            }

            /// One line saying what it does.
            pub fn help(self) -> &'static str {
                match self {
                    $(Action::$variant => $help),+
                }
            }

            pub fn from_name(name: &str) -> Option<Action> {
                Self::ALL.iter().copied().find(|a| a.name() == name)
            }
        }
    };
}

actions! {
    Quit => "quit", "Quit cairn";
    Help => "help", "Show or hide this help";
    FocusSearch => "focus_search", "Type in the search line";
    FocusList => "focus_list", "Go to the list; on a network, open your journal entries about it";
    TogglePane => "toggle_pane", "Switch between the search line and the list";
    Back => "back", "Close what is open, or switch between the search line and the list";
    MoveUp => "move_up", "Select the previous item";
    MoveDown => "move_down", "Select the next item";
    PageUp => "page_up", "Move up a page";
    PageDown => "page_down", "Move down a page";
    First => "first", "Go to the first item";
    Last => "last", "Go to the last item";
    ScrollDetailUp => "scroll_detail_up", "Scroll the detail pane up";
    ScrollDetailDown => "scroll_detail_down", "Scroll the detail pane down";
    Zoom => "zoom", "Show the detail pane full width, or beside the list again";
    NextTab => "next_tab", "Go to the next tab";
    PrevTab => "prev_tab", "Go to the previous tab";
    TabNetworks => "tab_networks", "Go to the Networks tab";
    TabJournal => "tab_journal", "Go to the Journal tab";
    TabLessons => "tab_lessons", "Go to the Peer lessons tab";
    Filters => "filters", "Choose filters: region, topic, membership, scope, run by, formality, status";
    ClearFilters => "clear_filters", "Remove every filter and the starred-only view";
    StarredOnly => "starred_only", "Show only starred networks, or all of them";
    GoTo => "go_to", "Go to a network by typing part of its name";
    OpenLink => "open_link", "Open the network's website in your browser";
    CopyLink => "copy_link", "Copy the network's website address";
    ToggleStar => "toggle_star", "Star or unstar the network";
    ToggleMember => "toggle_member", "Mark or unmark yourself as a member";
    EditNote => "edit_note", "Write a private note about the network";
    DeleteEntry => "delete_entry", "Move the selected journal entry to the trash (asks first)";
    Undo => "undo", "Bring back the entry just moved to the trash";
    Sync => "sync", "Fetch the catalogue sources again, in the background";
    Share => "share", "Share entries with a network, after a preview of exactly what leaves";
    Precedents => "precedents", "Peer lessons and networks like the selected entry, and why";
    Propose => "propose", "Propose a network to a catalogue's maintainers";
    NewEntry => "new_entry", "Write a new journal entry (from a network: about that network)";
    EditEntry => "edit_entry", "Change the selected journal entry in a form";
    EditInEditor => "edit_in_editor", "Change the selected journal entry in your own editor ($VISUAL or $EDITOR)";
    LinkEntry => "link_entry", "Resolve the challenge (with a lesson), or link the lesson to its challenge";
    Ask => "ask", "Ask a network about the challenge: copy the question, set a follow-up";
}

impl Action {
    /// The tab an action works on, or `None` when it works on every tab.
    pub fn home(self) -> Option<Tab> {
        use Action::*;
        match self {
            Filters | ClearFilters | StarredOnly | OpenLink | CopyLink | ToggleStar
            | ToggleMember | EditNote => Some(Tab::Networks),
            DeleteEntry | Share | Precedents | EditEntry | EditInEditor | LinkEntry | Ask => {
                Some(Tab::Journal)
            }
            _ => None,
        }
    }
}

/// The tabs along the top.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Tab {
    Networks,
    Journal,
    Lessons,
}

impl Tab {
    pub const ALL: [Tab; 3] = [Tab::Networks, Tab::Journal, Tab::Lessons];

    pub fn title(self) -> &'static str {
        match self {
            Tab::Networks => "Networks",
            Tab::Journal => "Journal",
            Tab::Lessons => "Peer lessons",
        }
    }

    pub fn step(self, by: isize) -> Tab {
        let i = Tab::ALL.iter().position(|t| *t == self).unwrap_or(0) as isize;
        Tab::ALL[(i + by).rem_euclid(Tab::ALL.len() as isize) as usize]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_unique_snake_case() {
        for a in Action::ALL {
            assert!(
                a.name()
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{a:?}"
            );
            assert_eq!(Action::from_name(a.name()), Some(*a));
            assert!(!a.help().is_empty());
        }
    }
}
