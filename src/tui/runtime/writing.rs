//! The work behind writing in the journal from the interface: opening the
//! entry form, saving it, editing an entry in the person's own editor,
//! linking lessons and challenges, and keeping the Networks tab's list of
//! linked entries fresh.

use std::path::Path;

use crate::library::{EditorError, Stored};
use crate::library::{Library, LibraryError, NewEntry};
use crate::model::{EntryStatus, Kind};
use crate::tui::app::{App, Effect, Linked, Tab};
use crate::tui::overlays::form::EntryForm;
use crate::tui::overlays::{Choices, Overlay, Pick, Picker};

/// How many of a network's entries the Networks tab's detail reads.
const LINKED_READ: usize = 50;

/// Runs the journal-writing effects; false if `effect` is not one of them.
pub fn perform(app: &mut App, library: &mut Library, effect: &Effect) -> bool {
    match effect {
        Effect::Linked => {
            // Moving onto a network new from a sync is looking at it.
            if let Some(id) = app.selected_hit().map(|h| h.network.id.clone())
                && app.fresh.remove(&id)
            {
                let _ = library.mark_seen(&id);
            }
            refresh_linked(app, library);
        }
        Effect::NewEntry(networks) => new_entry(app, library, networks),
        Effect::EditEntry(path) => match library.stored_at(path) {
            Ok(stored) => {
                let names = |id: &str| network_name(library, id);
                app.overlay = Overlay::Form(Box::new(EntryForm::edit(stored, &names)));
            }
            Err(e) => app.message = Some(format!("Cannot change this entry: {e}")),
        },
        Effect::SaveForm => save_form(app, library),
        Effect::PickNetwork(first) => pick_network(app, library, *first),
        Effect::PickRelated(path) => pick_related(app, library, path),
        Effect::Link { entry, other } => link(app, library, entry, other.as_deref()),
        Effect::Reopen(path) => {
            app.message = Some(match library.reopen_at(path) {
                Ok(stored) => format!("\"{}\" is open again", stored.entry.meta.title),
                Err(e) => format!("Not changed: {e}"),
            });
            journal_changed(app, library, None);
        }
        Effect::Say(text) => app.message = Some(text.clone()),
        Effect::Quit => app.quit = true,
        _ => return false,
    }
    true
}

/// Opens the form for a new entry about `networks`.
fn new_entry(app: &mut App, library: &Library, networks: &[String]) {
    let templates = Kind::ALL
        .iter()
        .map(|k| (*k, library.template(*k)))
        .collect();
    let networks = networks
        .iter()
        .map(|id| (id.clone(), network_name(library, id)))
        .collect();
    let kind = match app.tab {
        Tab::Networks => Kind::Lesson,
        _ => library.default_kind(),
    };
    app.overlay = Overlay::Form(Box::new(EntryForm::new(kind, templates, networks)));
}

/// Opens the network picker over the form, with the first letter typed.
fn pick_network(app: &mut App, library: &Library, first: Option<char>) {
    let names = super::reading::network_names(app, library);
    let overlay = std::mem::replace(&mut app.overlay, Overlay::None);
    app.overlay = match (overlay, names) {
        (Overlay::Form(form), Some(names)) => Overlay::Picker(Picker::new(
            "Add a network",
            names,
            Pick::Network(form),
            &first.map(String::from).unwrap_or_default(),
        )),
        // Keys typed before the picker opened belong in it.
        (Overlay::Picker(mut picker), _) if matches!(picker.purpose, Pick::Network(_)) => {
            if let Some(c) = first {
                picker.type_char(c);
            }
            Overlay::Picker(picker)
        }
        (other, _) => other,
    };
}

/// Resolves a challenge (with a lesson, or none), or links a lesson to the
/// challenge it answers.
fn link(app: &mut App, library: &mut Library, entry: &Path, other: Option<&Path>) {
    let kind = app
        .journal
        .hits
        .iter()
        .find(|h| h.path == entry)
        .and_then(|h| h.kind_of());
    let result = match (kind, other) {
        (Some(Kind::Lesson), Some(challenge)) => library.resolve_at(challenge, Some(entry)),
        (Some(Kind::Lesson), None) => Err(LibraryError::Invalid(
            "pick the challenge this lesson answers".into(),
        )),
        _ => library.resolve_at(entry, other),
    };
    app.message = Some(match result {
        Ok(challenge) => format!("Resolved \"{}\"", challenge.entry.meta.title),
        Err(e) => format!("Not resolved: {e}"),
    });
    journal_changed(app, library, None);
}

fn network_name(library: &Library, id: &str) -> String {
    match library.network(id) {
        Ok(Some(n)) => n.name,
        _ => id.to_string(),
    }
}

/// Looks up the person's entries about the selected network.
pub fn refresh_linked(app: &mut App, library: &mut Library) {
    let Some(id) = app.selected_hit().map(|h| h.network.id.clone()) else {
        app.linked = Linked::default();
        return;
    };
    let query = format!("network:{id}");
    match library.journal_search(&query, LINKED_READ, Default::default()) {
        Ok(results) => {
            app.linked = Linked {
                network: id,
                total: results.total,
                entries: results
                    .hits
                    .into_iter()
                    .filter_map(|h| {
                        let kind = Kind::parse(&h.kind)?;
                        let status = h.status.as_deref().and_then(EntryStatus::parse);
                        Some((kind, status, h.title))
                    })
                    .collect(),
            }
        }
        Err(_) => app.linked = Linked::default(),
    }
}

/// After the journal changed: search it again (selecting `select` if
/// given) and refresh the Networks tab's linked entries.
fn journal_changed(app: &mut App, library: &mut Library, select: Option<String>) {
    app.journal.pending_select = select;
    // Titles may have changed.
    app.journal.names.clear();
    super::reading::journal_search(app, library);
    refresh_linked(app, library);
}

fn save_form(app: &mut App, library: &mut Library) {
    let Overlay::Form(mut form) = std::mem::replace(&mut app.overlay, Overlay::None) else {
        return;
    };
    let networks: Vec<String> = form.networks.iter().map(|(id, _)| id.clone()).collect();
    let follow_up = match form.follow_up_at(crate::library::now()) {
        Ok(at) => at,
        Err(why) => {
            form.error = Some(why);
            app.overlay = Overlay::Form(form);
            return;
        }
    };
    let result = match form.editing.clone() {
        None => library.add_entry(NewEntry {
            kind: form.kind,
            title: form.title.text().to_string(),
            tags: form.tag_list(),
            networks,
            body: form.body_text(),
            shareable: form.shareable,
            created: None,
            follow_up,
            stage: None,
            effort: None,
        }),
        Some(mut stored) => {
            let m = &mut stored.entry.meta;
            if m.kind != form.kind {
                m.status = (form.kind == Kind::Challenge).then_some(EntryStatus::Open);
            }
            m.kind = form.kind;
            m.title = form.title.text().trim().to_string();
            m.tags = crate::library::clean_tags(form.tag_list());
            m.networks = networks;
            m.shareable = form.shareable;
            m.follow_up = follow_up;
            stored.entry.body = form.body_text();
            library.save_entry(stored)
        }
    };
    match result {
        Ok(stored) => {
            app.message = Some(format!(
                "Saved \"{}\" in {}",
                stored.entry.meta.title,
                stored.path.display()
            ));
            app.tab = Tab::Journal;
            journal_changed(
                app,
                library,
                Some(stored.path.to_string_lossy().into_owned()),
            );
        }
        Err(e) => {
            // Keep what was typed on disk too, so quitting cannot lose it.
            let kept = library.draft_file("unsaved-entry");
            let text = format!("# {}\n\n{}", form.title.text(), form.body_text());
            form.error = Some(match crate::library::keep_draft(&kept, &text) {
                Ok(at) => format!("Not saved: {e}. What you typed is also kept in {at}"),
                Err(_) => format!("Not saved: {e}"),
            });
            app.overlay = Overlay::Form(form);
        }
    }
}

/// Lessons to resolve a challenge with, or open challenges a lesson answers.
fn pick_related(app: &mut App, library: &mut Library, path: &Path) {
    let Some(hit) = app.journal.hits.iter().find(|h| h.path == path) else {
        return;
    };
    let lesson = hit.kind_of() == Some(Kind::Lesson);
    let query = if lesson {
        "kind:challenge status:open"
    } else {
        "kind:lesson"
    };
    let found = match library.journal_search(query, 10_000, Default::default()) {
        Ok(results) => results.hits,
        Err(e) => {
            app.message = Some(e.to_string());
            return;
        }
    };
    let mut names: Vec<(String, String)> = Vec::new();
    if !lesson {
        names.push((
            String::new(),
            "(no lesson: just mark it resolved)".to_string(),
        ));
    } else if found.is_empty() {
        app.message = Some("There is no open challenge to link this lesson to".into());
        return;
    }
    // Keyed by file, so two entries with one id stay apart.
    names.extend(
        found
            .into_iter()
            .map(|h| (h.path.to_string_lossy().into_owned(), h.title)),
    );
    let title = if lesson {
        "Which challenge does this lesson answer?"
    } else {
        "Resolve with which lesson?"
    };
    app.overlay = Overlay::Picker(Picker::new(
        title,
        Choices::new(names),
        Pick::Related {
            entry: path.to_path_buf(),
        },
        "",
    ));
}

/// Changes the entry in `path` in the person's own editor: `run` opens it
/// (the loop hands the terminal over around it). What was typed is kept
/// in a drafts file whenever it cannot be saved.
pub fn external_edit(
    app: &mut App,
    library: &mut Library,
    path: &Path,
    run: &mut dyn FnMut(&Path, &str) -> Result<String, EditorError>,
) {
    let stored: Stored = match library.stored_at(path) {
        Ok(stored) => stored,
        Err(e) => {
            app.message = Some(format!("Cannot change this entry: {e}"));
            return;
        }
    };
    let id = stored.entry.meta.id.clone();
    let scratch = library.draft_file(&format!("edit-{id}"));
    // The file as it is, comments included.
    let text = match run(&scratch, &stored.original) {
        Ok(text) => text,
        Err(EditorError::Failed {
            editor,
            status,
            kept,
        }) => {
            // Where the text is comes first: a long message is cut short.
            app.message = Some(format!(
                "Not changed; your text is kept in {}: the editor \"{editor}\" stopped with {status}",
                kept.display()
            ));
            return;
        }
        Err(e) => {
            app.message = Some(format!("Not changed: {e}"));
            return;
        }
    };
    let select = stored.path.to_string_lossy().into_owned();
    app.message = Some(match library.apply_edit(stored, &text) {
        Ok(None) => {
            crate::library::discard_draft(&scratch);
            "No change".into()
        }
        Ok(Some(saved)) => {
            crate::library::discard_draft(&scratch);
            format!("Saved \"{}\"", saved.entry.meta.title)
        }
        Err(e) => match crate::library::keep_draft(&scratch, &text) {
            Ok(kept) => format!("Not saved; your edit is kept in {kept}: {e}"),
            Err(_) => format!("Not saved: {e}"),
        },
    });
    journal_changed(app, library, Some(select));
}

/// Moves the entry in this file to the trash, saying how to undo it.
pub(super) fn trash(app: &mut App, library: &mut Library, path: &Path) {
    match library.trash_at(path) {
        Ok((stored, to)) => {
            app.message = Some(format!(
                "Moved \"{}\" to the trash. Press {} to undo.",
                stored.entry.meta.title,
                app.keymap.hint(crate::tui::action::Action::Undo)
            ));
            app.last_trashed = Some(to);
        }
        Err(e) => app.message = Some(format!("Not moved: {e}")),
    }
    refresh_linked(app, library);
    super::reading::journal_search(app, library);
}

/// Brings back the entry trashed to this file.
pub(super) fn restore(app: &mut App, library: &mut Library, path: &Path) {
    match library.restore_at(path) {
        Ok((stored, _)) => {
            app.message = Some(format!("Brought back \"{}\"", stored.entry.meta.title))
        }
        Err(e) => app.message = Some(format!("Not restored: {e}")),
    }
    refresh_linked(app, library);
    super::reading::journal_search(app, library);
}
