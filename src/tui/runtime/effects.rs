//! Running the work the state asks for: searches and marks against the
//! library, links against the operating system.

use crate::library::{IndexState, Library};
use crate::model::FacetCounts;
use crate::tui::app::{App, Effect, Load, Mark, PAGE};

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
                format!("{}: FAILED, kept the last copy: {reason}", s.name)
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
            search(app, library);
            // A keystroke that leaves the same network selected costs no
            // journal lookup.
            let selected = app.selected_hit().map(|h| h.network.id.as_str());
            if selected != Some(app.linked.network.as_str()) {
                crate::tui::runtime::writing::refresh_linked(app, library);
            }
        }
        Effect::JournalSearch => {
            let query = app.journal.query.text().to_string();
            match library.journal_search(&query, app.journal.limit.max(PAGE), Default::default()) {
                Ok(results) => {
                    let j = &mut app.journal;
                    j.loaded = true;
                    j.error = None;
                    j.total = results.total;
                    j.hits = results.hits;
                    // An id, or a file (two files may share an id).
                    if let Some(id) = j.pending_select.take()
                        && let Some(i) = j
                            .hits
                            .iter()
                            .position(|h| h.path.as_os_str() == id.as_str())
                            .or_else(|| j.hits.iter().position(|h| h.id == id))
                    {
                        j.selected = i;
                        j.scroll = 0;
                    }
                    j.selected = j.selected.min(j.hits.len().saturating_sub(1));
                    let height = app.list_height();
                    let j = &mut app.journal;
                    if j.selected < j.offset || j.selected >= j.offset + height {
                        j.offset = j.selected.saturating_sub(height / 2);
                    }
                    if let Some(why) = results.in_memory.or(results.repaired) {
                        app.message = Some(why);
                    }
                    load_entry(app, library);
                }
                Err(e) => app.journal.error = Some(e.to_string()),
            }
            let (words, _) = crate::model::parse_words(&query);
            app.journal.peers = if words.is_empty() {
                0
            } else {
                library.peer_count(&words.join(" ")).unwrap_or(0)
            };
        }
        Effect::LoadEntry => load_entry(app, library),
        Effect::LessonsSearch => {
            let l = &mut app.lessons;
            l.loaded = true;
            match library.find_peer_lessons(l.query.text()) {
                Ok(found) => {
                    l.hits = found;
                    l.error = None;
                    l.selected = l.selected.min(l.hits.len().saturating_sub(1));
                }
                Err(e) => l.error = Some(e.to_string()),
            }
        }
        Effect::OpenFilters => match facet_counts(app, library) {
            Ok(counts) => app.open_filters(counts),
            Err(e) => app.message = Some(e),
        },
        Effect::OpenPicker => {
            if let Some(names) = network_names(app, library) {
                app.open_picker(names);
            }
        }
        Effect::Annotate(id, mark) => {
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
                        search(app, library);
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
        Effect::TrashEntry(path) => {
            match library.trash_at(&path) {
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
            crate::tui::runtime::writing::refresh_linked(app, library);
            return perform(app, Some(library), Effect::JournalSearch);
        }
        Effect::RestoreEntry(path) => {
            match library.restore_at(&path) {
                Ok((stored, _)) => {
                    app.message = Some(format!("Brought back \"{}\"", stored.entry.meta.title))
                }
                Err(e) => app.message = Some(format!("Not restored: {e}")),
            }
            crate::tui::runtime::writing::refresh_linked(app, library);
            return perform(app, Some(library), Effect::JournalSearch);
        }
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
        | Effect::AddEvidence { .. }
        | Effect::ProposeSave => {}
        // Applied to the state by `App::apply` above.
        Effect::ToggleFilter(_) | Effect::ClearChips | Effect::GoTo { .. } => {}
    }
    None
}

/// Every network's (id, name), for pickers: read once per session (the
/// catalogue does not change under it, and a sync clears it).
pub(in crate::tui) fn network_names(
    app: &mut App,
    library: &Library,
) -> Option<std::sync::Arc<Vec<(String, String)>>> {
    if app.names.is_none() {
        match library.names() {
            Ok(names) => app.names = Some(std::sync::Arc::new(names)),
            Err(e) => app.message = Some(e.to_string()),
        }
    }
    app.names.clone()
}

/// Reads the selected journal entry's file for the detail pane. A very
/// large body is cut short, with a line saying how much is not shown and
/// how to open it all: drawing all of it would make every key slow.
fn load_entry(app: &mut App, library: &Library) {
    let path = app.journal.selected_hit().map(|h| h.path.clone());
    app.journal.entry = match path {
        Some(path) => match library.entry_at(&path) {
            Ok(mut entry) => {
                let shown = crate::model::head(&entry.body, crate::model::SHOWN_BODY).len();
                if shown < entry.body.len() {
                    let rest = crate::model::size_words(entry.body.len() - shown);
                    entry.body.truncate(shown);
                    entry.body.push_str(&format!(
                        "\n\n[… {rest} more not shown here. Press {} to open the whole entry in your editor, or open {}]\n",
                        app.keymap.hint(crate::tui::action::Action::EditInEditor),
                        path.display()
                    ));
                }
                Some(entry)
            }
            Err(e) => {
                app.message = Some(e.to_string());
                None
            }
        },
        None => None,
    };
}

fn only_ids(app: &App, library: &Library) -> Option<Vec<String>> {
    app.starred_only.then(|| library.annotations().starred())
}

fn search(app: &mut App, library: &Library) {
    let only = only_ids(app, library);
    let query = app.effective_query();
    let without_marks = crate::library::split_marks(&query).map(|(rest, _)| rest);
    if let Ok(parsed) = crate::model::parse_query(without_marks.as_deref().unwrap_or(&query)) {
        // region: filters and place words ("canada").
        app.region_filters = crate::model::places::wanted(&parsed);
    }
    match library.search_within(&query, app.limit, only.as_deref()) {
        Ok(results) => app.set_results(results),
        Err(e) => app.query_error = Some(e.to_string()),
    }
}

/// Counts per facet value. A facet with chosen values is counted without
/// its own choices, so a second region can still be added to the first.
fn facet_counts(app: &App, library: &Library) -> Result<FacetCounts, String> {
    let only = only_ids(app, library);
    let query = app.effective_query();
    let mut counts = library
        .facet_counts(&query, only.as_deref())
        .map_err(|e| e.to_string())?;
    for (facet, values) in counts.iter_mut() {
        if app.chips.iter().any(|c| c.facet == *facet) {
            let mut without = app.query.text().to_string();
            for chip in app.chips.iter().filter(|c| c.facet != *facet) {
                without.push(' ');
                without.push_str(&chip.to_string());
            }
            let wider = library
                .facet_counts(&without, only.as_deref())
                .map_err(|e| e.to_string())?;
            if let Some((_, v)) = wider.into_iter().find(|(f, _)| f == facet) {
                *values = v;
            }
        }
    }
    Ok(counts)
}

/// Opens a link in the browser or copies it, saying what happened.
pub fn system(app: &mut App, effect: Effect) {
    match effect {
        Effect::OpenLink(url) => {
            app.message = Some(match open::that_detached(&url) {
                Ok(()) => format!("Opening {url} in your browser"),
                Err(_) => format!("No browser could be started here; the address is {url}"),
            });
        }
        Effect::CopyLink(url) => {
            app.message = Some(match copy(&url) {
                Ok(how) => format!("Copied {url} {how}"),
                Err(why) => format!("{why}; the address is {url}"),
            });
        }
        other => {
            let _ = other;
        }
    }
}

/// Copies `text`, with one clipboard held for the whole run (on X11 a
/// text copied from a handle that is dropped vanishes with it); over SSH or
/// with no display, through the terminal (OSC 52). Says how, or why not.
pub fn copy(text: &str) -> Result<&'static str, String> {
    use crate::clipboard::{Clipboard, Copied};
    use std::io::Write;
    static HELD: std::sync::Mutex<Option<Clipboard>> = std::sync::Mutex::new(None);
    let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    let clipboard = held.get_or_insert_with(Clipboard::open);
    match clipboard.copy(text) {
        Ok(Copied::Local) => Ok("to the clipboard"),
        Ok(Copied::Osc52 { sequence, .. }) => {
            let mut out = std::io::stdout();
            out.write_all(sequence.as_bytes())
                .and_then(|()| out.flush())
                .map_err(|e| format!("The terminal could not be asked to copy: {e}"))?;
            Ok("through the terminal (if it allows copying, as most do)")
        }
        Err(e) => Err(e.to_string()),
    }
}
