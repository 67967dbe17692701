//! Sharing from the Journal tab (`x`): choose entries (those marked
//! shareable are chosen already), choose the network, then read a preview
//! of exactly what will leave, each removed private span marked, and
//! confirm. Entries not marked shareable need an explicit yes.

use ratatui::Frame;
use ratatui::crossterm::event::{KeyCode, KeyEvent};
use ratatui::layout::{Constraint, Flex, Layout, Rect};
use ratatui::text::Line;
use ratatui::widgets::{Block, Borders, Clear, Paragraph, Wrap};

use crate::tui::app::{App, Effect};

/// One entry that may be shared.
#[derive(Debug, Clone)]
pub struct Candidate {
    pub id: String,
    pub title: String,
    pub kind: String,
    pub shareable: bool,
    pub chosen: bool,
}

/// Where the flow is.
#[derive(Debug, Clone)]
pub enum Step {
    Entries {
        cursor: usize,
    },
    /// The preview for this network, as lines, and how many entries in it
    /// are not marked shareable.
    Preview {
        /// What the preview shows, and exactly what `y` writes.
        plan: Box<crate::library::SharePlan>,
        lines: Vec<String>,
        unmarked: usize,
        scroll: u16,
    },
}

#[derive(Debug, Clone)]
pub struct ShareFlow {
    pub candidates: Vec<Candidate>,
    pub step: Step,
    pub note: Option<String>,
}

/// What a key did.
pub enum Next {
    Stay,
    Close,
    /// Entries chosen: pick the network.
    PickNetwork,
    /// Confirmed: write the pack.
    Write,
}

impl ShareFlow {
    pub fn new(candidates: Vec<Candidate>) -> ShareFlow {
        ShareFlow {
            candidates,
            step: Step::Entries { cursor: 0 },
            note: None,
        }
    }

    /// Shows the preview of `plan`, which `y` then writes as it is.
    pub fn show(&mut self, plan: crate::library::SharePlan) {
        self.step = Step::Preview {
            lines: plan.preview().lines().map(str::to_string).collect(),
            unmarked: plan.unmarked().len(),
            plan: Box::new(plan),
            scroll: 0,
        };
    }

    pub fn chosen_ids(&self) -> Vec<String> {
        self.candidates
            .iter()
            .filter(|c| c.chosen)
            .map(|c| c.id.clone())
            .collect()
    }

    pub fn on_key(&mut self, event: KeyEvent) -> Next {
        self.note = None;
        match &mut self.step {
            Step::Entries { cursor } => match event.code {
                KeyCode::Esc => return Next::Close,
                KeyCode::Down | KeyCode::Char('j') => {
                    *cursor = (*cursor + 1).min(self.candidates.len().saturating_sub(1))
                }
                KeyCode::Up | KeyCode::Char('k') => *cursor = cursor.saturating_sub(1),
                KeyCode::Char(' ') => {
                    if let Some(c) = self.candidates.get_mut(*cursor) {
                        c.chosen = !c.chosen;
                    }
                }
                KeyCode::Enter if self.candidates.iter().any(|c| c.chosen) => {
                    return Next::PickNetwork;
                }
                KeyCode::Enter => self.note = Some("Choose at least one entry with Space".into()),
                _ => {}
            },
            Step::Preview {
                unmarked, scroll, ..
            } => match event.code {
                KeyCode::Esc | KeyCode::Char('n') => {
                    self.step = Step::Entries { cursor: 0 };
                }
                KeyCode::Down | KeyCode::Char('j') => *scroll = scroll.saturating_add(1),
                KeyCode::Up | KeyCode::Char('k') => *scroll = scroll.saturating_sub(1),
                KeyCode::PageDown => *scroll = scroll.saturating_add(10),
                KeyCode::PageUp => *scroll = scroll.saturating_sub(10),
                // Entries not marked shareable need the explicit `y`.
                KeyCode::Char('y') => return Next::Write,
                KeyCode::Enter if *unmarked == 0 => return Next::Write,
                KeyCode::Enter => {
                    self.note = Some(format!(
                        "{unmarked} chosen entr{} not marked shareable: press y to share anyway, Esc to go back",
                        if *unmarked == 1 { "y is" } else { "ies are" }
                    ))
                }
                _ => {}
            },
        }
        Next::Stay
    }
}

/// Turns a key in the flow into what stays open and the work to do.
pub fn on_key(mut flow: Box<ShareFlow>, event: KeyEvent) -> (crate::tui::Overlay, Vec<Effect>) {
    use crate::tui::Overlay;
    match flow.on_key(event) {
        Next::Stay => (Overlay::Share(flow), Vec::new()),
        Next::Close => (Overlay::None, Vec::new()),
        Next::PickNetwork => (Overlay::Share(flow), vec![Effect::ShareNetwork]),
        Next::Write => (Overlay::Share(flow), vec![Effect::ShareWrite]),
    }
}

fn area(frame: &Frame) -> Rect {
    let a = frame.area();
    let [v] = Layout::vertical([Constraint::Length(a.height.saturating_sub(2))])
        .flex(Flex::Center)
        .areas(a);
    let [h] = Layout::horizontal([Constraint::Length(a.width.min(100))])
        .flex(Flex::Center)
        .areas(v);
    h
}

pub fn render(app: &App, flow: &ShareFlow, frame: &mut Frame) {
    let rect = area(frame);
    frame.render_widget(Clear, rect);
    let t = app.theme;
    let (title, mut lines, scroll) = match &flow.step {
        Step::Entries { cursor } => {
            let mut lines = vec![
                Line::styled(
                    "Choose what to share (Space). Entries marked shareable are chosen already.",
                    t.dim(),
                ),
                Line::raw(""),
            ];
            for (i, c) in flow.candidates.iter().enumerate() {
                let mark = if c.chosen { "[x]" } else { "[ ]" };
                let note = if c.shareable {
                    ""
                } else {
                    "  (not marked shareable)"
                };
                let line = Line::raw(format!(
                    "{}{mark} {:<10} {}{note}",
                    if i == *cursor { "▶ " } else { "  " },
                    c.kind,
                    c.title
                ));
                lines.push(if i == *cursor {
                    line.style(t.selected())
                } else {
                    line
                });
            }
            let top = cursor.saturating_sub(rect.height.saturating_sub(8) as usize) as u16;
            (
                " Share — 1 of 3: entries · Enter next · Esc cancel ".to_string(),
                lines,
                top,
            )
        }
        Step::Preview {
            plan,
            lines,
            scroll,
            ..
        } => (
            format!(
                " Share with {} — 3 of 3: this is exactly what leaves · y share · Esc back ",
                plan.network_name
            ),
            lines.iter().map(|l| Line::raw(l.clone())).collect(),
            *scroll,
        ),
    };
    if let Some(note) = &flow.note {
        lines.insert(0, Line::styled(note.clone(), t.error()));
    }
    let p = Paragraph::new(lines)
        .block(
            Block::new()
                .borders(Borders::ALL)
                .title(title)
                .border_style(t.focused_border()),
        )
        .wrap(Wrap { trim: false })
        .scroll((scroll, 0));
    frame.render_widget(p, rect);
}

/// Runs the sharing effects; false if `effect` is not one of them.
pub fn perform(app: &mut App, library: &mut crate::library::Library, effect: &Effect) -> bool {
    use crate::index::JournalScope;
    use crate::library::Selection;
    use crate::tui::Overlay;
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
            let names = crate::tui::runtime::effects::network_names(app, library);
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
                    let copied = crate::tui::runtime::effects::copy(
                        &plan.pack.to_markdown(&plan.network_name),
                    )
                    .is_ok();
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
            crate::tui::runtime::effects::perform(app, Some(library), Effect::JournalSearch);
        }
        _ => return false,
    }
    true
}
