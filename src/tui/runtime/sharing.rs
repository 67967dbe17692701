//! Sharing and the other ways out from the interface: the entries that
//! may be shared, the preview of exactly what leaves and writing the pack;
//! precedents and evidence; proposing a network. All through the library.

use std::collections::HashSet;

use crate::library::{JournalScope, Library, Selection};
use crate::tui::app::App;
use crate::tui::effect::Effect;
use crate::tui::overlays::precedents::PrecedentsView;
use crate::tui::overlays::share::{Candidate, ShareFlow, Step};
use crate::tui::overlays::{Overlay, Pick, Picker};

/// Runs the sharing effects; false if `effect` is not one of them.
pub fn perform(app: &mut App, library: &mut Library, effect: &Effect) -> bool {
    match effect {
        Effect::ShareStart => start(app, library),
        Effect::ShareNetwork => choose_network(app, library),
        Effect::SharePreview(network) => preview(app, library, network),
        Effect::ShareWrite => write(app, library),
        Effect::Precedents(id) => match library.precedents(id, 8) {
            Ok(found) => app.overlay = Overlay::Precedents(Box::new(PrecedentsView::new(found))),
            Err(e) => app.message = Some(format!("Cannot look for precedent: {e}")),
        },
        Effect::ProposeSave => propose(app, library),
        Effect::Ask(path) => ask(app, library, path),
        Effect::AddEvidence { entry, lesson } => {
            app.message = Some(match library.add_evidence(entry, lesson) {
                Ok(stored) => format!(
                    "Kept as evidence on \"{}\" (see evidence in its detail)",
                    stored.entry.meta.title
                ),
                Err(e) => format!("Not kept: {e}"),
            });
            super::reading::journal_search(app, library);
        }
        _ => return false,
    }
    true
}

/// Copies the question post for the challenge in `path`, notes on it that
/// it was asked (in its first network) with a follow-up two weeks on, and
/// says so.
fn ask(app: &mut App, library: &mut Library, path: &std::path::Path) {
    let asked = library.stored_at(path).and_then(|stored| {
        let id = stored.entry.meta.id;
        let network = stored.entry.meta.networks.first().cloned();
        let post = library.question_post(&id, network.as_deref())?;
        let follow_up = crate::library::now() + time::Duration::weeks(2);
        let saved = library.record_asked(&id, network.as_deref(), follow_up)?;
        Ok((post, saved, network))
    });
    app.message = Some(match asked {
        Ok((post, saved, network)) => {
            let copied = match super::system::copy(&post) {
                Ok(how) => format!("Copied the question post {how}"),
                Err(why) => format!("{why}: `cairn ask {}` prints the post", saved.entry.meta.id),
            };
            let where_ = network.map(|n| format!(" in {n}")).unwrap_or_default();
            let day = saved
                .entry
                .meta
                .follow_up
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            format!("{copied}; noted as asked{where_}, follow up on {day}")
        }
        Err(e) => format!("Not asked: {e}"),
    });
    super::reading::journal_search(app, library);
}

/// Opens the flow on every entry, those marked shareable chosen.
fn start(app: &mut App, library: &Library) {
    let all = library.journal_search("", 2000, JournalScope::default());
    let marked = library.journal_search(
        "",
        100_000,
        JournalScope {
            shareable_only: true,
            ..Default::default()
        },
    );
    match (all, marked) {
        (Ok(all), Ok(marked)) => {
            let shareable: HashSet<String> = marked.hits.into_iter().map(|h| h.id).collect();
            let candidates: Vec<Candidate> = all
                .hits
                .into_iter()
                .map(|h| Candidate {
                    shareable: shareable.contains(&h.id),
                    chosen: shareable.contains(&h.id),
                    id: h.id,
                    title: h.title,
                    kind: h.kind,
                })
                .collect();
            if candidates.is_empty() {
                app.message = Some("Your journal is empty: there is nothing to share yet".into());
            } else {
                app.overlay = Overlay::Share(Box::new(ShareFlow::new(candidates)));
            }
        }
        (Err(e), _) | (_, Err(e)) => app.message = Some(e.to_string()),
    }
}

/// Entries chosen: the picker of networks to share them with.
fn choose_network(app: &mut App, library: &Library) {
    let names = super::reading::network_names(app, library);
    let overlay = std::mem::replace(&mut app.overlay, Overlay::None);
    app.overlay = match (overlay, names) {
        (Overlay::Share(flow), Some(names)) => Overlay::Picker(Picker::new(
            "Share with which network? (2 of 3)",
            names,
            Pick::ShareTo(flow),
            "",
        )),
        (other, _) => other,
    };
}

/// Network chosen: exactly what would leave, private text removed.
fn preview(app: &mut App, library: &Library, network: &str) {
    let Overlay::Share(flow) = &mut app.overlay else {
        return;
    };
    match library.share_plan(network, &Selection::Entries(flow.chosen_ids())) {
        Ok(plan) => flow.show(plan),
        Err(e) => flow.note = Some(format!("Cannot share: {e}")),
    }
}

/// Writes the pack previewed, unless an entry changed since the preview.
fn write(app: &mut App, library: &Library) {
    let Overlay::Share(flow) = std::mem::replace(&mut app.overlay, Overlay::None) else {
        return;
    };
    let Step::Preview { plan, .. } = &flow.step else {
        app.overlay = Overlay::Share(flow);
        return;
    };
    // What leaves is what was read: if the files changed since the
    // preview, show the new one and ask again.
    let saved = match library.share_plan_changed(plan) {
        Ok(Some(fresh)) => {
            let mut flow = flow;
            flow.show(fresh);
            flow.note = Some(
                "An entry changed since this preview was made: read it again, then press y".into(),
            );
            app.overlay = Overlay::Share(flow);
            return;
        }
        Ok(None) => library.save_pack(plan).map(|paths| (plan, paths)),
        Err(e) => Err(e),
    };
    app.message = Some(match saved {
        Ok((plan, (md, json))) => {
            let copied = super::system::copy(&plan.pack.to_markdown(&plan.network_name)).is_ok();
            format!(
                "Shared {} entr{}: {}{} (JSON for other cairns: {})",
                plan.entries.len(),
                if plan.entries.len() == 1 { "y" } else { "ies" },
                md.display(),
                if copied {
                    ", Markdown copied to the clipboard"
                } else {
                    ""
                },
                json.display()
            )
        }
        Err(e) => format!("Nothing was shared: {e}"),
    });
}

/// Saves the proposal in the open form, with a message for the maintainers.
fn propose(app: &mut App, library: &Library) {
    let Overlay::Propose(mut form) = std::mem::replace(&mut app.overlay, Overlay::None) else {
        return;
    };
    match library
        .propose(&form.proposal())
        .and_then(|p| library.save_proposal(&p).map(|paths| (p, paths)))
    {
        Ok((p, (json, md))) => {
            app.message = Some(format!(
                "Proposal for {} saved: send {} (with {}) to the catalogue's maintainers{}",
                p.network.name,
                md.display(),
                json.display(),
                if p.problems.is_empty() {
                    String::new()
                } else {
                    let said: Vec<String> = p.problems.iter().map(|p| p.to_string()).collect();
                    format!("; check: {}", said.join("; "))
                }
            ))
        }
        Err(e) => {
            form.error = Some(format!("Not saved: {e}"));
            app.overlay = Overlay::Propose(form);
        }
    }
}
