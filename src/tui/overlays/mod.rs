//! What can open over the main screen: help, the filter panel, the fuzzy
//! picker, the note editor, the entry form and yes/no questions, with the
//! keys each understands.

pub mod form;
pub mod form_view;
pub mod popup;
pub mod precedents;
pub mod propose;
pub mod share;

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use crate::matcher::{self, Ranked};
use crate::model::{Facet, Filter};
use crate::tui::app::{App, Effect, Mark};
use crate::tui::overlays::form::{EntryForm, FormKey};
use crate::tui::widgets::input::LineInput;

/// How many picker matches are kept and shown.
const PICKER_MAX: usize = 1000;

pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Filters(FilterPanel),
    Picker(Picker),
    Note(NoteEditor),
    Form(Box<EntryForm>),
    /// Sharing entries with a network.
    Share(Box<crate::tui::overlays::share::ShareFlow>),
    /// Precedent for an entry.
    Precedents(Box<crate::tui::overlays::precedents::PrecedentsView>),
    /// Proposing a network.
    Propose(Box<crate::tui::overlays::propose::ProposeForm>),
    /// A yes/no question; `yes` runs on y or Enter, and `back` (if any)
    /// opens again on n or Esc.
    Confirm {
        question: String,
        yes: Effect,
        back: Option<Box<Overlay>>,
    },
}

/// What a pick in the picker is for.
pub enum Pick {
    /// Go to the network.
    GoTo,
    /// Add the network to the form underneath.
    Network(Box<EntryForm>),
    /// Link the entry with this id to the picked one (a lesson to the
    /// challenge it resolves, or the other way round).
    Related { entry: std::path::PathBuf },
    /// The network to share the flow's entries with.
    ShareTo(Box<crate::tui::overlays::share::ShareFlow>),
}

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
}

impl FilterPanel {
    /// The panel over `counts`; chosen values stay listed even when
    /// nothing matches them now, so they can always be un-chosen.
    pub fn new(counts: crate::model::FacetCounts, chosen: &[Filter]) -> FilterPanel {
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
                crate::model::regions::tree(values)
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
        FilterPanel { rows, cursor }
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
        loop {
            i += by.signum();
            if i < 0 || i >= self.rows.len() as isize {
                return;
            }
            if matches!(self.rows[i as usize], Row::Value { .. }) {
                self.cursor = i as usize;
                if by.abs() <= 1 {
                    return;
                }
                return self.step(by - by.signum());
            }
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
}

pub struct Picker {
    pub title: String,
    pub input: LineInput,
    /// What can be picked as (id, name); for networks, shared with the
    /// state's cache.
    pub names: std::sync::Arc<Vec<(String, String)>>,
    pub matches: Vec<Ranked>,
    pub selected: usize,
    pub purpose: Pick,
}

impl Picker {
    pub fn new(
        title: &str,
        names: std::sync::Arc<Vec<(String, String)>>,
        purpose: Pick,
        typed: &str,
    ) -> Picker {
        let mut picker = Picker {
            title: title.to_string(),
            input: LineInput::new(typed),
            names,
            matches: Vec::new(),
            selected: 0,
            purpose,
        };
        picker.rank();
        picker
    }

    /// Pastes text into the search line.
    pub fn paste(&mut self, text: &str) {
        self.input.insert_str(text);
        self.rank();
    }

    /// Types one more character into the search line.
    pub fn type_char(&mut self, c: char) {
        self.input.insert(c);
        self.rank();
    }

    fn rank(&mut self) {
        let mut ranked = matcher::rank(
            self.input.text(),
            self.names.iter().map(|(_, name)| name.as_str()),
        );
        ranked.truncate(PICKER_MAX);
        self.matches = ranked;
        self.selected = 0;
    }
}

pub struct NoteEditor {
    pub id: String,
    pub name: String,
    pub input: LineInput,
}

impl NoteEditor {
    pub fn new(id: &str, name: &str, note: &str) -> NoteEditor {
        NoteEditor {
            id: id.into(),
            name: name.into(),
            input: LineInput::new(note),
        }
    }
}

/// Shared line editing for the one-line fields; true if it handled the key.
pub(in crate::tui) fn edit(input: &mut LineInput, event: KeyEvent) -> bool {
    match event.code {
        KeyCode::Char(c)
            if !event
                .modifiers
                .contains(ratatui::crossterm::event::KeyModifiers::CONTROL) =>
        {
            input.insert(c)
        }
        KeyCode::Backspace => input.backspace(),
        KeyCode::Delete => input.delete(),
        KeyCode::Left => input.left(),
        KeyCode::Right => input.right(),
        KeyCode::Home => input.home(),
        KeyCode::End => input.end(),
        _ => return false,
    }
    true
}

impl Overlay {
    /// Handles a key; returns what stays open and any work to do.
    pub fn on_key(self, event: KeyEvent, app: &mut App) -> (Overlay, Vec<Effect>) {
        match self {
            Overlay::None => (Overlay::None, Vec::new()),
            Overlay::Help { scroll } => match event.code {
                KeyCode::Esc | KeyCode::Char('q' | '?') | KeyCode::F(1) | KeyCode::Enter => {
                    (Overlay::None, Vec::new())
                }
                KeyCode::Down | KeyCode::Char('j') => {
                    let max = crate::tui::overlays::popup::max_help_scroll(app, app.size);
                    (
                        Overlay::Help {
                            scroll: (scroll + 1).min(max),
                        },
                        Vec::new(),
                    )
                }
                KeyCode::Up | KeyCode::Char('k') => (
                    Overlay::Help {
                        scroll: scroll.saturating_sub(1),
                    },
                    Vec::new(),
                ),
                KeyCode::PageDown => {
                    let max = crate::tui::overlays::popup::max_help_scroll(app, app.size);
                    (
                        Overlay::Help {
                            scroll: (scroll + 10).min(max),
                        },
                        Vec::new(),
                    )
                }
                KeyCode::PageUp => (
                    Overlay::Help {
                        scroll: scroll.saturating_sub(10),
                    },
                    Vec::new(),
                ),
                _ => (Overlay::Help { scroll }, Vec::new()),
            },
            Overlay::Filters(mut panel) => match event.code {
                KeyCode::Esc | KeyCode::Char('q' | 'f') => (Overlay::None, Vec::new()),
                KeyCode::Down | KeyCode::Char('j') => {
                    panel.step(1);
                    (Overlay::Filters(panel), Vec::new())
                }
                KeyCode::Up | KeyCode::Char('k') => {
                    panel.step(-1);
                    (Overlay::Filters(panel), Vec::new())
                }
                KeyCode::PageDown => {
                    panel.step(10);
                    (Overlay::Filters(panel), Vec::new())
                }
                KeyCode::PageUp => {
                    panel.step(-10);
                    (Overlay::Filters(panel), Vec::new())
                }
                KeyCode::Char(' ') | KeyCode::Enter => {
                    if let Some(filter) = panel.current() {
                        match app.chips.iter().position(|c| *c == filter) {
                            Some(i) => {
                                app.chips.remove(i);
                            }
                            None => app.chips.push(filter),
                        }
                        app.selected = 0;
                        app.offset = 0;
                    }
                    (
                        Overlay::Filters(panel),
                        vec![Effect::Search, Effect::OpenFilters],
                    )
                }
                KeyCode::Char('c') => {
                    app.chips.clear();
                    (
                        Overlay::Filters(panel),
                        vec![Effect::Search, Effect::OpenFilters],
                    )
                }
                _ => (Overlay::Filters(panel), Vec::new()),
            },
            Overlay::Picker(mut picker) => match event.code {
                KeyCode::Esc => match picker.purpose {
                    Pick::Network(form) => (Overlay::Form(form), Vec::new()),
                    Pick::ShareTo(flow) => (Overlay::Share(flow), Vec::new()),
                    _ => (Overlay::None, Vec::new()),
                },
                KeyCode::Down => {
                    picker.selected =
                        (picker.selected + 1).min(picker.matches.len().saturating_sub(1));
                    (Overlay::Picker(picker), Vec::new())
                }
                KeyCode::Up => {
                    picker.selected = picker.selected.saturating_sub(1);
                    (Overlay::Picker(picker), Vec::new())
                }
                KeyCode::Enter => match picker.matches.get(picker.selected) {
                    Some(m) => {
                        let (id, name) = picker.names[m.index].clone();
                        match picker.purpose {
                            Pick::GoTo => (Overlay::None, app.go_to(&id, &name)),
                            Pick::Network(mut form) => {
                                form.add_network(&id, &name);
                                (Overlay::Form(form), Vec::new())
                            }
                            Pick::ShareTo(flow) => {
                                (Overlay::Share(flow), vec![Effect::SharePreview(id)])
                            }
                            Pick::Related { entry } => (
                                Overlay::None,
                                vec![Effect::Link {
                                    entry,
                                    other: (!id.is_empty()).then(|| id.into()),
                                }],
                            ),
                        }
                    }
                    None => (Overlay::Picker(picker), Vec::new()),
                },
                _ => {
                    if edit(&mut picker.input, event) {
                        picker.rank();
                    }
                    (Overlay::Picker(picker), Vec::new())
                }
            },
            Overlay::Confirm {
                question,
                yes,
                back,
            } => match event.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => (Overlay::None, vec![yes]),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => match back {
                    Some(back) => (*back, Vec::new()),
                    None => {
                        app.message = Some("Nothing changed".into());
                        (Overlay::None, Vec::new())
                    }
                },
                _ => (
                    Overlay::Confirm {
                        question,
                        yes,
                        back,
                    },
                    Vec::new(),
                ),
            },
            Overlay::Share(flow) => crate::tui::overlays::share::on_key(flow, event),
            Overlay::Precedents(view) => crate::tui::overlays::precedents::on_key(view, event, app),
            Overlay::Propose(form) => crate::tui::overlays::propose::on_key(form, event),
            Overlay::Form(mut form) => match form.on_key(event) {
                FormKey::Stay => (Overlay::Form(form), Vec::new()),
                FormKey::Save if form.title.text().trim().is_empty() => {
                    form.error = Some("Give the entry a title first".into());
                    form.field = crate::tui::overlays::form::Field::Title;
                    (Overlay::Form(form), Vec::new())
                }
                FormKey::Save => (Overlay::Form(form), vec![Effect::SaveForm]),
                FormKey::Cancel if form.changed() => (
                    Overlay::Confirm {
                        question:
                            "Leave this entry without saving it? What you typed will be lost. (y/n)"
                                .into(),
                        yes: Effect::Say("Entry not saved".into()),
                        back: Some(Box::new(Overlay::Form(form))),
                    },
                    Vec::new(),
                ),
                FormKey::Cancel => (Overlay::None, Vec::new()),
                FormKey::PickNetwork(c) => (Overlay::Form(form), vec![Effect::PickNetwork(c)]),
            },
            Overlay::Note(mut note) => match event.code {
                KeyCode::Esc => {
                    app.message = Some("Note not changed".into());
                    (Overlay::None, Vec::new())
                }
                KeyCode::Enter => {
                    let effect = Effect::Annotate(
                        note.id.clone(),
                        Mark::Note(note.input.text().trim().to_string()),
                    );
                    (Overlay::None, vec![effect])
                }
                _ => {
                    edit(&mut note.input, event);
                    (Overlay::Note(note), Vec::new())
                }
            },
        }
    }
}
