//! Sharing from the interface: the entries that may be shared, the
//! preview of exactly what leaves, and writing the pack, through the
//! library.

use crate::tui::app::App;
use crate::tui::effect::Effect;

/// Runs the sharing effects; false if `effect` is not one of them.
pub fn perform(app: &mut App, library: &mut crate::library::Library, effect: &Effect) -> bool {
    use crate::library::JournalScope;
    use crate::library::Selection;
    use crate::tui::overlays::Overlay;
    use crate::tui::overlays::share::{Candidate, ShareFlow, Step};
    use crate::tui::overlays::{Pick, Picker};
    match effect {
        Effect::ShareStart => {
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
                    let shareable: std::collections::HashSet<String> =
                        marked.hits.into_iter().map(|h| h.id).collect();
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
                        app.message =
                            Some("Your journal is empty: there is nothing to share yet".into());
                    } else {
                        app.overlay = Overlay::Share(Box::new(ShareFlow::new(candidates)));
                    }
                }
                (Err(e), _) | (_, Err(e)) => app.message = Some(e.to_string()),
            }
        }
        Effect::ShareNetwork => {
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
        Effect::SharePreview(network) => {
            let Overlay::Share(flow) = &mut app.overlay else {
                return true;
            };
            match library.share_plan(network, &Selection::Entries(flow.chosen_ids())) {
                Ok(plan) => flow.show(plan),
                Err(e) => flow.note = Some(format!("Cannot share: {e}")),
            }
        }
        Effect::ShareWrite => {
            let Overlay::Share(flow) = std::mem::replace(&mut app.overlay, Overlay::None) else {
                return true;
            };
            let Step::Preview { plan, .. } = &flow.step else {
                app.overlay = Overlay::Share(flow);
                return true;
            };
            // What leaves is what was read: if the files changed since the
            // preview, show the new one and ask again.
            let saved = match library.share_plan_changed(plan) {
                Ok(Some(fresh)) => {
                    let mut flow = flow;
                    flow.show(fresh);
                    flow.note = Some(
                        "An entry changed since this preview was made: read it again, then press y"
                            .into(),
                    );
                    app.overlay = Overlay::Share(flow);
                    return true;
                }
                Ok(None) => library.save_pack(plan).map(|paths| (plan, paths)),
                Err(e) => Err(e),
            };
            app.message = Some(match saved {
                Ok((plan, (md, json))) => {
                    let copied =
                        super::system::copy(&plan.pack.to_markdown(&plan.network_name)).is_ok();
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
        Effect::Precedents(id) => match library.precedents(id, 8) {
            Ok(found) => {
                app.overlay = Overlay::Precedents(Box::new(
                    crate::tui::overlays::precedents::PrecedentsView::new(found),
                ))
            }
            Err(e) => app.message = Some(format!("Cannot look for precedent: {e}")),
        },
        Effect::ProposeSave => {
            let Overlay::Propose(mut form) = std::mem::replace(&mut app.overlay, Overlay::None)
            else {
                return true;
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
                            format!("; {} field(s) were dropped or need care", p.problems.len())
                        }
                    ))
                }
                Err(e) => {
                    form.error = Some(format!("Not saved: {e}"));
                    app.overlay = Overlay::Propose(form);
                }
            }
        }
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
