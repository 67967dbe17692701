//! What can open over the main screen: help, the filter panel, the "go to"
//! picker and the note editor, with the keys each understands.

use ratatui::crossterm::event::{KeyCode, KeyEvent};

use super::input::LineInput;
use super::state::{App, Effect, Mark};
use crate::matcher::{self, Ranked};
use crate::model::{Facet, Filter};

/// How many picker matches are kept and shown.
const PICKER_MAX: usize = 200;

pub enum Overlay {
    None,
    Help {
        scroll: u16,
    },
    Filters(FilterPanel),
    Picker(Picker),
    Note(NoteEditor),
    /// A yes/no question; `yes` runs on y or Enter.
    Confirm {
        question: String,
        yes: Effect,
    },
}

/// One line of the filter panel.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Row {
    Header(Facet),
    Value {
        facet: Facet,
        value: String,
        count: u64,
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
            rows.extend(values.into_iter().map(|(value, count)| Row::Value {
                facet,
                value,
                count,
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
    pub input: LineInput,
    /// Every network as (id, name), shared with the state's cache.
    pub names: std::sync::Arc<Vec<(String, String)>>,
    pub matches: Vec<Ranked>,
    pub selected: usize,
}

impl Picker {
    pub fn new(names: std::sync::Arc<Vec<(String, String)>>) -> Picker {
        let mut picker = Picker {
            input: LineInput::default(),
            names,
            matches: Vec::new(),
            selected: 0,
        };
        picker.rank();
        picker
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

/// Shared line editing for the picker and note editor; true if it changed.
fn edit(input: &mut LineInput, event: KeyEvent) -> bool {
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
                    let max = super::popup::max_help_scroll(app, app.size);
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
                    let max = super::popup::max_help_scroll(app, app.size);
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
                KeyCode::Esc => (Overlay::None, Vec::new()),
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
                        (Overlay::None, app.go_to(&id, &name))
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
            Overlay::Confirm { question, yes } => match event.code {
                KeyCode::Char('y' | 'Y') | KeyCode::Enter => (Overlay::None, vec![yes]),
                KeyCode::Char('n' | 'N') | KeyCode::Esc => {
                    app.message = Some("Nothing changed".into());
                    (Overlay::None, Vec::new())
                }
                _ => (Overlay::Confirm { question, yes }, Vec::new()),
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
