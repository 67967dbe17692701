//! Running the work the state asks for: searches and marks against the
//! library, links against the operating system.

use super::reading;
use crate::library::{IndexState, Library};
use crate::tui::app::{App, Effect, Load, Mark};

/// Fills the state from a freshly opened library.
pub fn loaded(app: &mut App, library: &Library) {
    app.load = Load::Ready;
    app.source = library.source().to_string();
    app.updated = library.index_meta().updated.clone();
    app.catalogue_size = library.index_meta().networks;
    app.annotations = library.annotations().clone();
    if let Some(problem) = library.annotations_problem() {
        app.warnings.push(problem.to_string());
    }
    let skipped = library.index_meta().skipped;
    if skipped > 0 {
        app.warnings.push(format!(
            "{skipped} record(s) of {} were skipped as invalid; `cairn catalogue validate` lists why",
            library.source()
        ));
    }
    if let IndexState::InMemory(why) = library.index_state() {
        app.warnings.push(why.clone());
    }
    let sources = library.sources();
    let failed = sources
        .iter()
        .filter(|s| s.state.last_error.is_some())
        .count();
    if failed > 0 {
        // Said where the eye goes; the reasons are in the help's problems.
        app.source = format!(
            "{} ({failed} failed to sync, using the last copy)",
            app.source
        );
    }
    for s in sources {
        if let Some(e) = &s.state.last_error {
            app.warnings.push(format!(
                "source \"{}\": the last sync failed ({e}); {}",
                s.name,
                match s.state.last_success {
                    Some(t) => format!("using the copy from {}", crate::library::age(Some(t))),
                    None => "there is no copy of it yet".to_string(),
                }
            ));
        }
    }
    app.fresh = library.unseen().into_iter().collect();
    app.stage_lessons = stage_lessons(library);
}

/// Peers' lessons about running a network, by stage, for the detail.
fn stage_lessons(library: &Library) -> Vec<(crate::model::Maturity, String)> {
    library
        .find_peer_lessons("")
        .unwrap_or_default()
        .into_iter()
        .filter_map(|l| l.lesson.stage.map(|s| (s, l.lesson.title)))
        .collect()
}

/// Takes in a library reopened after a sync and says what the sync did.
pub fn synced(app: &mut App, library: &Library, summary: &crate::library::SyncSummary) {
    app.source = library.source().to_string();
    if summary.failed() > 0 {
        app.source = format!(
            "{} ({} failed to sync, using the last copy)",
            app.source,
            summary.failed()
        );
    }
    app.updated = library.index_meta().updated.clone();
    app.catalogue_size = library.index_meta().networks;
    app.names = None;
    app.fresh = library.unseen().into_iter().collect();
    app.stage_lessons = stage_lessons(library);
    let mut parts = Vec::new();
    for s in &summary.sources {
        parts.push(match &s.outcome {
            crate::library::Outcome::Unchanged => format!("{}: unchanged", s.name),
            crate::library::Outcome::Updated {
                added,
                updated,
                removed,
                ..
            } => format!(
                "{}: {} added, {} updated, {} removed",
                s.name,
                added.len(),
                updated.len(),
                removed.len()
            ),
            crate::library::Outcome::Failed { reason } => {
                let copy = library
                    .sources()
                    .into_iter()
                    .find(|source| source.name == s.name)
                    .and_then(|source| source.state.last_success);
                match copy {
                    Some(t) => format!(
                        "{}: FAILED ({reason}); still using the copy from {}",
                        s.name,
                        crate::library::age(Some(t))
                    ),
                    None => format!("{}: FAILED ({reason}); there is no copy of it yet", s.name),
                }
            }
        });
    }
    let new_lessons: usize = summary
        .lessons
        .iter()
        .map(|l| match l.outcome {
            crate::library::LessonsOutcome::Imported { added, replaced } => added + replaced,
            _ => 0,
        })
        .sum();
    if new_lessons > 0 {
        parts.push(format!("{new_lessons} peer lessons new or updated"));
    }
    let failed_lessons = summary
        .lessons
        .iter()
        .filter(|l| matches!(l.outcome, crate::library::LessonsOutcome::Failed { .. }))
        .count();
    if failed_lessons > 0 {
        parts.push(format!(
            "lessons of {failed_lessons} network(s) could not be fetched (`cairn sync` says why)"
        ));
    }
    app.message = Some(if parts.is_empty() {
        "No sources to sync: `cairn sources add NAME URL_OR_PATH` adds one".into()
    } else {
        format!("Synced. {}", parts.join(" · "))
    });
}

/// Journal files that cannot be read, as warnings; the loop reads them in
/// the background because it means reading every file.
pub fn journal_problems(app: &mut App, problems: Vec<String>) {
    for p in problems {
        app.warnings
            .push(format!("journal file not readable, left as it is: {p}"));
    }
}

/// Runs an effect that needs the library. Effects for the operating system
/// (opening a browser, the clipboard) are handed back for the caller.
pub fn perform(app: &mut App, library: Option<&mut Library>, effect: Effect) -> Option<Effect> {
    let Some(library) = library else {
        // Still loading: the search runs once the catalogue is ready.
        return None;
    };
    if crate::tui::runtime::writing::perform(app, library, &effect)
        || super::sharing::perform(app, library, &effect)
    {
        return None;
    }
    let effect = match app.apply(effect) {
        Ok(more) => {
            for next in more {
                if let Some(system) = perform(app, Some(library), next) {
                    return Some(system);
                }
            }
            return None;
        }
        Err(effect) => effect,
    };
    match effect {
        Effect::Search => {
            reading::search(app, library);
            // A keystroke that leaves the same network selected costs no
            // journal lookup.
            let selected = app.selected_hit().map(|h| h.network.id.as_str());
            if selected != Some(app.linked.network.as_str()) {
                crate::tui::runtime::writing::refresh_linked(app, library);
            }
        }
        Effect::JournalSearch => reading::journal_search(app, library),
        Effect::LoadEntry => reading::load_entry(app, library),
        Effect::LessonsSearch => reading::lessons_search(app, library),
        Effect::OpenFilters => match reading::facet_counts(app, library) {
            Ok(counts) => app.open_filters(counts),
            Err(e) => app.message = Some(e),
        },
        Effect::OpenPicker => {
            if let Some(names) = reading::network_names(app, library) {
                app.open_picker(names);
            }
        }
        Effect::Annotate(id, mark) => annotate(app, library, id, mark),
        Effect::TrashEntry(path) => super::writing::trash(app, library, &path),
        Effect::RestoreEntry(path) => super::writing::restore(app, library, &path),
        system @ (Effect::OpenLink(_)
        | Effect::CopyLink(_)
        | Effect::ExternalEdit(_)
        | Effect::Sync) => {
            return Some(system);
        }
        // Handled by `writing::perform` above.
        Effect::Linked
        | Effect::NewEntry(_)
        | Effect::EditEntry(_)
        | Effect::SaveForm
        | Effect::PickNetwork(_)
        | Effect::PickRelated(_)
        | Effect::Link { .. }
        | Effect::Reopen(_)
        | Effect::Say(_)
        | Effect::Quit
        | Effect::ShareStart
        | Effect::ShareNetwork
        | Effect::SharePreview(_)
        | Effect::ShareWrite
        | Effect::Precedents(_)
        | Effect::Ask(_)
        | Effect::AddEvidence { .. }
        | Effect::ProposeSave => {}
        // Applied to the state by `App::apply` above.
        Effect::ToggleFilter(_) | Effect::ClearChips | Effect::GoTo { .. } => {}
    }
    None
}

/// Stars, marks as a member or notes a network, and says so.
fn annotate(app: &mut App, library: &mut Library, id: String, mark: Mark) {
    let name = library
        .network(&id)
        .ok()
        .flatten()
        .map(|n| n.label().to_string())
        .unwrap_or(id.clone());
    let result = library.annotate(&id, |a| match &mark {
        Mark::Star => a.starred = !a.starred,
        Mark::Member => a.member = !a.member,
        Mark::Note(text) => a.note = text.clone(),
    });
    match result {
        Ok(()) => {
            app.annotations = library.annotations().clone();
            if app.starred_only && mark == Mark::Star {
                reading::search(app, library);
            }
            let now = app.annotations.get(&id).cloned().unwrap_or_default();
            app.message = Some(match mark {
                Mark::Star if now.starred => format!("★ Starred {name}"),
                Mark::Star => format!("Unstarred {name}"),
                Mark::Member if now.member => format!("● Marked as a member of {name}"),
                Mark::Member => format!("No longer marked as a member of {name}"),
                Mark::Note(t) if t.is_empty() => format!("Note on {name} removed"),
                Mark::Note(_) => format!("Note on {name} saved"),
            });
        }
        Err(e) => app.message = Some(format!("Not saved: {e}")),
    }
}
