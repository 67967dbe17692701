//! Reading the library for the app: searches of each tab, the selected
//! entry, the names for pickers and the filter panel's counts.

use crate::library::Library;
use crate::model::FacetCounts;
use crate::tui::app::{App, PAGE};
use crate::tui::overlays::Choices;

/// Searches the journal with the Journal tab's query, keeping the
/// selection (or moving it to an entry just written) and counting the
/// peers' lessons that match too.
pub(super) fn journal_search(app: &mut App, library: &Library) {
    let query = app.journal.query.text().to_string();
    match library.journal_search(&query, app.journal.limit.max(PAGE), Default::default()) {
        Ok(results) => {
            let j = &mut app.journal;
            j.loaded = true;
            j.error = None;
            j.total = results.total;
            j.hits = results.hits;
            // The person's own files, but a file edited by hand (or made by
            // another program) may hold escape codes: never drawn as such.
            for h in &mut j.hits {
                if let std::borrow::Cow::Owned(clean) = crate::model::safe(&h.title) {
                    h.title = clean;
                }
            }
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

/// Searches the peer lessons with the Peer lessons tab's query.
pub(super) fn lessons_search(app: &mut App, library: &Library) {
    let l = &mut app.lessons;
    l.loaded = true;
    match library.find_peer_lessons(l.query.text()) {
        Ok(found) => {
            for lesson in &found {
                if !l.network_names.contains_key(&lesson.network)
                    && let Ok(Some(n)) = library.network(&lesson.network)
                {
                    l.network_names.insert(lesson.network.clone(), n.name);
                }
            }
            l.signed = found
                .iter()
                .map(|lesson| match library.signer_of(lesson) {
                    Some(signer) => signer.describe(),
                    None => "not signed: anyone could have written it".into(),
                })
                .collect();
            l.hits = found;
            l.error = None;
            l.selected = l.selected.min(l.hits.len().saturating_sub(1));
        }
        Err(e) => l.error = Some(e.to_string()),
    }
}

/// Every network's (id, name), for pickers: read once per session (the
/// catalogue does not change under it, and a sync clears it).
pub(super) fn network_names(app: &mut App, library: &Library) -> Option<Choices> {
    if app.names.is_none() {
        match library.names() {
            Ok(names) => app.names = Some(Choices::new(names)),
            Err(e) => app.message = Some(e.to_string()),
        }
    }
    app.names.clone()
}

/// Reads the selected journal entry's file for the detail pane. A very
/// large body is cut short, with a line saying how much is not shown and
/// how to open it all: drawing all of it would make every key slow.
pub(super) fn load_entry(app: &mut App, library: &Library) {
    let path = app.journal.selected_hit().map(|h| h.path.clone());
    app.journal.entry = match path {
        Some(path) => match library.entry_at(&path) {
            Ok(mut entry) => {
                for text in [&mut entry.meta.title, &mut entry.body] {
                    if let std::borrow::Cow::Owned(clean) = crate::model::safe(text) {
                        *text = clean;
                    }
                }
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
                name_links(app, library, &entry);
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

/// Finds what the entry's networks, related entries and evidence are
/// called, each once a session: from the entries listed when it can, else
/// from the library.
fn name_links(app: &mut App, library: &Library, entry: &crate::model::Entry) {
    let j = &mut app.journal;
    let m = &entry.meta;
    for id in &m.networks {
        if !j.names.contains_key(id)
            && let Ok(Some(n)) = library.network(id)
        {
            j.names.insert(id.clone(), n.name);
        }
    }
    for id in &m.related {
        if j.names.contains_key(id) {
            continue;
        }
        let listed = j.hits.iter().find(|h| h.id == *id).map(|h| h.title.clone());
        let title = listed.or_else(|| library.find_entry(id).ok().map(|s| s.entry.meta.title));
        if let Some(title) = title {
            j.names.insert(id.clone(), title);
        }
    }
    for id in &m.evidence {
        if !j.names.contains_key(id)
            && let Ok(lesson) = library.peer_lesson(id)
        {
            j.names.insert(id.clone(), lesson.lesson.title);
        }
    }
}

fn only_ids(app: &App, library: &Library) -> Option<Vec<String>> {
    app.starred_only.then(|| library.annotations().starred())
}

/// Searches the networks with the query and the chosen filters.
pub(super) fn search(app: &mut App, library: &Library) {
    let only = only_ids(app, library);
    let query = app.effective_query();
    let without_marks = crate::library::split_marks(&query).map(|(rest, _)| rest);
    if let Ok(parsed) = crate::model::parse_query(without_marks.as_deref().unwrap_or(&query)) {
        // region: filters and place words ("canada").
        app.region_filters = crate::model::places::wanted(&parsed);
    }
    match library.search_window(&query, app.first, app.limit, only.as_deref()) {
        Ok(results) if results.hits.is_empty() && app.first > 0 => {
            // Fewer match than before (a sync, a starred network unstarred):
            // read from the top again.
            app.first = 0;
            app.selected = 0;
            app.offset = 0;
            search(app, library);
        }
        Ok(results) => app.set_results(results),
        Err(e) => app.query_error = Some(e.to_string()),
    }
}

/// Counts per facet value. A facet with chosen values is counted without
/// its own choices, so a second region can still be added to the first.
pub(super) fn facet_counts(app: &App, library: &Library) -> Result<FacetCounts, String> {
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
