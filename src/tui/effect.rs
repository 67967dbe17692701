//! Work the loop does for the state, against the library or the system:
//! what `App::update` asks for, and what `effects` (and the loop) run.

/// A change to one network's marks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Mark {
    Star,
    Member,
    Note(String),
}

/// Work the loop does for the state, against the library or the system.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Effect {
    Search,
    /// Search the journal with the Journal tab's query.
    JournalSearch,
    /// Read the selected journal entry for the detail pane.
    LoadEntry,
    OpenFilters,
    OpenPicker,
    Annotate(String, Mark),
    OpenLink(String),
    CopyLink(String),
    /// Move the journal entry in this file to the trash (by file, not id:
    /// two files may share an id).
    TrashEntry(std::path::PathBuf),
    /// Bring back the journal entry trashed to this file.
    RestoreEntry(std::path::PathBuf),
    /// Look up the journal entries about the selected network.
    Linked,
    /// Search the peer lessons with the Peer lessons tab's query.
    LessonsSearch,
    /// Open the form for a new entry about these networks.
    NewEntry(Vec<String>),
    /// Open the form on the entry in this file.
    EditEntry(std::path::PathBuf),
    /// Hand the terminal to the person's editor on the entry in this file.
    ExternalEdit(std::path::PathBuf),
    /// Save what the open form holds.
    SaveForm,
    /// Open the network picker over the form, with a first letter typed.
    PickNetwork(Option<char>),
    /// Open the picker of entries to link the entry in this file to.
    PickRelated(std::path::PathBuf),
    /// Link an entry to another (each by its file): resolve a challenge
    /// (with a lesson, or with none), or link a lesson to the challenge it
    /// answers.
    Link {
        entry: std::path::PathBuf,
        other: Option<std::path::PathBuf>,
    },
    /// Open the resolved challenge in this file again.
    Reopen(std::path::PathBuf),
    /// Choose this filter, or un-choose it (the filter panel).
    ToggleFilter(crate::model::Filter),
    /// Un-choose every filter in the filter panel.
    ClearChips,
    /// Select this network, clearing the search so it is listed.
    GoTo {
        id: String,
        name: String,
    },
    /// Only say something in the status bar.
    Say(String),
    /// Leave cairn (after a question was answered yes).
    Quit,
    /// Sync the sources in the background.
    Sync,
    /// Start sharing: choose entries.
    ShareStart,
    /// Entries chosen: choose the network.
    ShareNetwork,
    /// Network chosen (its id): show the preview.
    SharePreview(String),
    /// Confirmed: write the pack.
    ShareWrite,
    /// Find precedent for the entry with this id.
    Precedents(String),
    /// Ask about the open challenge in this file: copy the question post,
    /// note on the challenge that it was asked, set a follow-up.
    Ask(std::path::PathBuf),
    /// Keep a peer lesson as evidence on an entry.
    AddEvidence {
        entry: String,
        lesson: String,
    },
    /// Save the proposal in the open form.
    ProposeSave,
}
