//! Sharing in the facade: lesson packs made from journal entries (private
//! text removed), packs imported from files or addresses, and reading the
//! peer lessons they hold.

use time::format_description::well_known::Rfc3339;

use super::{Library, LibraryError};
use crate::journal::Stored;
use crate::model::{Entry, LessonPack, PackLesson, Redaction};
use crate::share::{self, ImportReport, PeerLesson};
use crate::sync::{Fetched, Location};

/// Which entries to share.
#[derive(Debug, Clone)]
pub enum Selection {
    /// These ids (or unique beginnings of them).
    Entries(Vec<String>),
    /// Every entry marked shareable that concerns the network.
    Shareable,
}

/// One entry going into a pack, and what was removed from it.
#[derive(Debug, Clone)]
pub struct Shared {
    pub entry: Entry,
    pub lesson: PackLesson,
    pub redaction: Redaction,
}

/// A pack ready to leave the machine, with what a person must see first.
#[derive(Debug, Clone)]
pub struct SharePlan {
    pub pack: LessonPack,
    pub network_name: String,
    pub entries: Vec<Shared>,
    /// What was asked for, so the plan can be made again to check it.
    pub selection: Selection,
}

impl SharePlan {
    /// Exactly what would leave, each removed private span marked, for a
    /// person to read before anything is written.
    pub fn preview(&self) -> String {
        let plan = self;
        let mut out = format!(
            "This is what would leave this computer for {} ({} entr{}):\n",
            plan.network_name,
            plan.entries.len(),
            if plan.entries.len() == 1 { "y" } else { "ies" }
        );
        for s in &plan.entries {
            let m = &s.entry.meta;
            out.push_str(&format!(
                "\n── {} ({}, {}){}\n",
                preview_text(&m.title),
                m.kind,
                m.id,
                if m.shareable {
                    ""
                } else {
                    " — NOT marked shareable"
                }
            ));
            if !m.tags.is_empty() {
                let tags: Vec<String> = m.tags.iter().map(|t| preview_text(t)).collect();
                out.push_str(&format!("tags: {}\n", tags.join(", ")));
            }
            out.push_str(&preview_text(&s.entry.body));
            out.push('\n');
            if s.redaction.removed > 0 {
                out.push_str(&format!(
                    "({} private span{} removed{})\n",
                    s.redaction.removed,
                    if s.redaction.removed == 1 { "" } else { "s" },
                    if s.redaction.unclosed {
                        "; a %% was never closed, so everything after it is left out"
                    } else {
                        ""
                    }
                ));
            }
            if s.redaction.ambiguous {
                out.push_str(AMBIGUOUS);
                out.push('\n');
            }
        }
        out.push_str("\nNot included: related entries, other networks, status, file paths.\n");
        out
    }

    /// Entries not marked shareable: the person must agree to each.
    pub fn unmarked(&self) -> Vec<&Shared> {
        self.entries
            .iter()
            .filter(|s| !s.entry.meta.shareable)
            .collect()
    }
}

/// What a preview says when `%%` markers can be read more than one way.
pub const AMBIGUOUS: &str = "(the %% markers here can be paired more than one way: everything any pairing makes private was removed; check the text above is what you meant to share)";

/// Text as it will leave, with each removed private span shown as a
/// marker, for a preview. A `%%` never closed is said to hide the rest.
/// Like a pack, markers are read before and after the text is cleaned.
pub fn preview_text(text: &str) -> String {
    let once = mark_private(text);
    mark_private(&crate::model::sanitise(&once).0)
}

fn mark_private(text: &str) -> String {
    let private = crate::model::private_spans(text);
    let mut out = String::new();
    let mut at = 0;
    for span in &private.spans {
        out.push_str(&text[at..span.start]);
        if private.unclosed && span.end == text.len() {
            out.push_str("[private text removed from here to the end: a marker was never closed]");
        } else {
            out.push_str("[private text removed]");
        }
        at = span.end;
    }
    out.push_str(&text[at..]);
    out
}

impl Library {
    /// Makes the pack for `network` from the chosen entries.
    pub fn share_plan(
        &self,
        network: &str,
        selection: &Selection,
    ) -> Result<SharePlan, LibraryError> {
        self.check_networks(&[network.to_string()])?;
        let Some(n) = self.network(network)? else {
            return Err(LibraryError::UnknownNetwork {
                id: network.to_string(),
                hints: Vec::new(),
            });
        };
        let stored: Vec<Stored> = match selection {
            Selection::Entries(ids) => ids
                .iter()
                .map(|id| self.find_entry(id))
                .collect::<Result<_, _>>()?,
            Selection::Shareable => self
                .journal_scan()?
                .entries
                .into_iter()
                .filter(|s| s.entry.meta.shareable && s.entry.meta.networks.contains(&n.id))
                .collect(),
        };
        if stored.is_empty() {
            return Err(LibraryError::NothingShareable {
                network: n.label().to_string(),
            });
        }
        let config = super::load_config(&self.paths);
        // Every lesson is signed, so no one else's pack can replace it.
        let key = crate::keys::own_key(&self.paths.data)?;
        let mut pack = LessonPack::new(&n.id, super::now(), &config.share);
        let mut entries = Vec::new();
        for s in stored {
            if entries
                .iter()
                .any(|e: &Shared| e.entry.meta.id == s.entry.meta.id)
            {
                continue;
            }
            let (mut lesson, redaction) = PackLesson::from_entry(&s.entry, &config.share);
            lesson.sign(&key);
            pack.lessons.push(lesson.clone());
            entries.push(Shared {
                entry: s.entry,
                lesson,
                redaction,
            });
        }
        Ok(SharePlan {
            pack,
            network_name: n.name,
            entries,
            selection: selection.clone(),
        })
    }

    /// The plan made again from the files as they are now, if what would
    /// leave is no longer what `plan` shows (an entry was changed, added
    /// or removed elsewhere since the person read the preview). Only a plan
    /// that is still current may be written: what leaves is what was read.
    pub fn share_plan_changed(&self, plan: &SharePlan) -> Result<Option<SharePlan>, LibraryError> {
        let mut fresh = self.share_plan(&plan.pack.network, &plan.selection)?;
        fresh.pack.exported = plan.pack.exported.clone();
        Ok((fresh.pack != plan.pack).then_some(fresh))
    }

    /// Imports a lesson pack from a file or an `https://` address.
    pub fn import_pack(&self, from: &str) -> Result<(ImportReport, LessonPack), LibraryError> {
        let config = super::load_config(&self.paths);
        let limit = config.sync.max_download_mb.saturating_mul(1024 * 1024);
        let location = Location::parse(from).map_err(LibraryError::from)?;
        // The same limits as a sync: size and both time limits.
        let options = super::sync::fetch_options(&config.sync);
        let bytes = match crate::sync::fetch(&location, &Default::default(), &options, &mut |_| {})
        {
            Ok(Fetched::Body(body)) => body.bytes,
            Ok(Fetched::NotModified) => Vec::new(),
            Err(e) => return Err(e.into()),
        };
        let shown = location.to_string();
        let (pack, warnings) =
            share::parse_pack(&bytes, &shown, limit).map_err(LibraryError::from)?;
        let imported = super::now().format(&Rfc3339).unwrap_or_default();
        let own = crate::keys::own_public_key(&self.paths.data);
        let mut report = share::import(&self.paths.data, &pack, &shown, &imported, own.as_deref())
            .map_err(LibraryError::from)?;
        // What reading the pack said first, then what importing it did.
        report.warnings.splice(0..0, warnings);
        Ok((report, pack))
    }

    /// Peer lessons, newest first, optionally only those shared with
    /// `network` and containing every word of `words` (in the title, body
    /// or tags; case and accents ignored).
    pub fn peer_lessons(
        &self,
        network: Option<&str>,
        words: &str,
    ) -> Result<Vec<PeerLesson>, LibraryError> {
        let mut lessons = share::load(&self.paths.data).map_err(LibraryError::from)?;
        let words: Vec<String> = crate::index::word_stems(words);
        lessons.retain(|l| {
            network.is_none_or(|n| l.network == n) && {
                let hay: std::collections::HashSet<String> = crate::index::word_stems(&format!(
                    "{} {} {}",
                    l.lesson.title,
                    l.lesson.body,
                    l.lesson.tags.join(" ")
                ))
                .into_iter()
                .collect();
                words.iter().all(|w| hay.contains(w))
            }
        });
        // By moment, newest first; a date that is not one sorts last. A
        // key, not a comparison of text, so the order is always total.
        lessons.sort_by_cached_key(|l| std::cmp::Reverse(crate::model::moment(&l.lesson.updated)));
        Ok(lessons)
    }

    /// Peer lessons matching `query` in the journal's query language
    /// (`model::parse_words`): every free word must appear (title, body or
    /// tags; stems, case and accents ignored), and `network:`, `kind:` and
    /// `tag:` (or `topic:`) keep those shared with that network, of that
    /// kind, or tagged so; `stage:` and `effort:` keep the lessons about
    /// running a network at that stage (emerging, established, mature) or
    /// with that effort (volunteers, part-of-a-job, funded-team). Newest first. One grammar for the journal, the
    /// Peer lessons tab and `cairn lessons list`.
    pub fn find_peer_lessons(&self, query: &str) -> Result<Vec<PeerLesson>, LibraryError> {
        let (words, filters) = crate::model::parse_words(query);
        let network = filters
            .iter()
            .find(|(name, _)| name == "network")
            .map(|(_, v)| v.as_str());
        let mut found = self.peer_lessons(network, &words.join(" "))?;
        found.retain(|p| {
            filters.iter().all(|(name, value)| match name.as_str() {
                "kind" => p.lesson.kind.as_str() == value,
                "tag" => p.lesson.tags.iter().any(|t| t.to_lowercase() == *value),
                "network" => p.network.eq_ignore_ascii_case(value),
                // Lessons about running a network, at a stage, with an effort.
                "stage" => p.lesson.stage.is_some_and(|s| s.as_str() == value),
                "effort" => p.lesson.effort.is_some_and(|e| e.as_str() == value),
                // A status belongs to journal entries; lessons have none.
                _ => true,
            })
        });
        Ok(found)
    }

    /// Removes the peer lessons whose ids start with one of `prefixes`
    /// (each must name exactly one) and every lesson imported from `from`
    /// (a file or address as `lessons show` gives it); returns them.
    pub fn remove_peer_lessons(
        &self,
        prefixes: &[String],
        from: Option<&str>,
    ) -> Result<Vec<PeerLesson>, LibraryError> {
        let ids: Vec<String> = prefixes
            .iter()
            .map(|p| self.peer_lesson(p).map(|l| l.lesson.id))
            .collect::<Result<_, _>>()?;
        let from = from.map(str::trim);
        share::remove(&self.paths.data, |l| {
            ids.contains(&l.lesson.id) || from.is_some_and(|f| l.from == f)
        })
        .map_err(LibraryError::from)
    }

    /// What is wrong in the store of peer lessons, each with how to fix it:
    /// a store that cannot be read, and lessons whose dates are not dates
    /// (imported by an older cairn, which did not check them).
    pub fn peer_lesson_problems(&self) -> Vec<String> {
        let lessons = match share::load(&self.paths.data) {
            Ok(l) => l,
            Err(e) => return vec![e.to_string()],
        };
        lessons
            .iter()
            .filter(|l| {
                crate::model::moment(&l.lesson.created).is_none()
                    || crate::model::moment(&l.lesson.updated).is_none()
            })
            .map(|l| {
                format!(
                    "peer lesson {} (from {}) has a date that is not one (\"{}\"); `cairn lessons rm {}` removes it",
                    l.lesson.id, l.from, l.lesson.updated, l.lesson.id
                )
            })
            .collect()
    }

    /// The peer lesson whose id starts with `prefix`.
    pub fn peer_lesson(&self, prefix: &str) -> Result<PeerLesson, LibraryError> {
        let all = self.peer_lessons(None, "")?;
        let found: Vec<PeerLesson> = all
            .into_iter()
            .filter(|l| l.lesson.id.starts_with(prefix.trim()))
            .collect();
        match found.len() {
            1 => Ok(found.into_iter().next().expect("one")),
            0 => Err(LibraryError::PeerLessonNotFound(prefix.to_string())),
            _ => Err(LibraryError::Ambiguous {
                prefix: prefix.to_string(),
                ids: found
                    .iter()
                    .map(|l| format!("{} ({})", l.lesson.id, l.lesson.title))
                    .collect(),
            }),
        }
    }
}

impl Library {
    /// "Has anyone else tried …?": a post for a network's channel made
    /// from an open challenge, with its private text removed.
    pub fn question_post(&self, id: &str, network: Option<&str>) -> Result<String, LibraryError> {
        let stored = self.find_entry(id)?;
        let e = &stored.entry;
        if e.meta.kind != crate::model::Kind::Challenge {
            return Err(LibraryError::NotAChallenge {
                id: e.meta.id.clone(),
                kind: e.meta.kind,
            });
        }
        let network_name = match network.or(e.meta.networks.first().map(String::as_str)) {
            Some(n) => {
                self.check_networks(&[n.to_string()])?;
                self.network(n)?.map(|n| n.name)
            }
            None => None,
        };
        let config = super::load_config(&self.paths);
        let (lesson, _) = PackLesson::from_entry(e, &config.share);
        let mut post = match &network_name {
            Some(n) => format!("# Has anyone in {n} tried this?\n\n"),
            None => "# Has anyone tried this?\n\n".to_string(),
        };
        post.push_str(&format!("**{}**\n\n", lesson.title));
        if !lesson.body.is_empty() {
            post.push_str(&lesson.body);
            post.push_str("\n\n");
        }
        post.push_str(
            "If you have faced something similar, or know a precedent I could point to, \
             I would be glad to hear how it went.\n",
        );
        if !lesson.tags.is_empty() {
            post.push_str(&format!("\nTopics: {}\n", lesson.tags.join(", ")));
        }
        Ok(post)
    }
}

/// Peer lessons and networks like a challenge, each with why it matched.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Precedents {
    pub entry: String,
    pub title: String,
    pub lessons: Vec<PrecedentLesson>,
    pub networks: Vec<PrecedentNetwork>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PrecedentLesson {
    pub lesson: PeerLesson,
    pub score: f32,
    pub why: Vec<String>,
}

#[derive(Debug, Clone, serde::Serialize)]
pub struct PrecedentNetwork {
    pub id: String,
    pub name: String,
    pub score: f32,
    pub why: Vec<String>,
}

impl Library {
    /// The peer lessons and networks most like an entry (usually an open
    /// challenge), found with the index's more-like-this scoring.
    pub fn precedents(&self, id: &str, limit: usize) -> Result<Precedents, LibraryError> {
        let stored = self.find_entry(id)?;
        let e = &stored.entry;
        // Searched here only: the private text helps find, and never leaves.
        // The template's prompts are in every entry of a kind: they say
        // nothing about this one.
        let template = self.template(e.meta.kind);
        let prompts: std::collections::HashSet<&str> = template
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty())
            .collect();
        let body: Vec<&str> = e
            .body
            .lines()
            .filter(|l| !prompts.contains(l.trim()))
            .collect();
        let text = format!(
            "{}\n{}\n{}",
            e.meta.title,
            e.meta.tags.join(" "),
            body.join("\n")
        );
        let mut lessons = Vec::new();
        if let Some(index) = self.peer_index()? {
            for s in index.similar(&text, limit)? {
                if let Some(lesson) = s
                    .record
                    .as_deref()
                    .and_then(|r| serde_json::from_str(r).ok())
                {
                    lessons.push(PrecedentLesson {
                        lesson,
                        score: s.score,
                        why: s.why,
                    });
                }
            }
        }
        let mut networks = Vec::new();
        for s in self.index.similar(&text, limit)? {
            let name = self.network(&s.id)?.map(|n| n.name).unwrap_or_default();
            networks.push(PrecedentNetwork {
                id: s.id,
                name,
                score: s.score,
                why: s.why,
            });
        }
        Ok(Precedents {
            entry: e.meta.id.clone(),
            title: e.meta.title.clone(),
            lessons,
            networks,
        })
    }
}

impl Library {
    /// Writes a pack as Markdown and JSON into `shared/` in the data
    /// folder, named by network and time; returns both paths.
    pub fn save_pack(
        &self,
        plan: &SharePlan,
    ) -> Result<(std::path::PathBuf, std::path::PathBuf), LibraryError> {
        let dir = self.paths.data.join("shared");
        let stamp = super::now()
            .format(time::macros::format_description!(
                "[year][month][day]-[hour][minute][second]"
            ))
            .unwrap_or_default();
        let stem = dir.join(format!("{}-{stamp}", plan.pack.network));
        let md = stem.with_extension("md");
        let json = stem.with_extension("json");
        crate::store::write_atomic(&md, plan.pack.to_markdown(&plan.network_name).as_bytes())?;
        let text = serde_json::to_string_pretty(&plan.pack).expect("a pack serialises") + "\n";
        crate::store::write_atomic(&json, text.as_bytes())?;
        Ok((md, json))
    }
}

impl Library {
    /// Keeps a peer lesson as precedent for an entry (its `evidence`).
    pub fn add_evidence(&self, entry: &str, lesson: &str) -> Result<Stored, LibraryError> {
        let mut stored = self.find_entry(entry)?;
        let peer = self.peer_lesson(lesson)?;
        if stored.entry.meta.evidence.contains(&peer.lesson.id) {
            return Ok(stored);
        }
        stored.entry.meta.evidence.push(peer.lesson.id);
        self.save_entry(stored)
    }
}

impl Library {
    /// The index of peer lessons, built again when the store changed
    /// (keyed by its size and time); None when nothing was imported.
    fn peer_index(&self) -> Result<Option<crate::index::PeerIndex>, LibraryError> {
        let store = self.paths.data.join("peers").join("lessons.json");
        let Ok(meta) = std::fs::metadata(&store) else {
            return Ok(None);
        };
        let mtime = meta
            .modified()
            .ok()
            .and_then(|t| t.duration_since(std::time::UNIX_EPOCH).ok())
            .map_or(0, |d| d.as_nanos());
        // The analysis is part of the key: a new one builds the index again.
        let schema = crate::index::SCHEMA_VERSION.to_le_bytes();
        let key = super::digest(&[
            &meta.len().to_le_bytes(),
            &mtime.to_le_bytes(),
            &schema,
            b"peers-2",
        ]);
        let index = crate::index::PeerIndex::open_or_build(&self.paths.index_dir(), &key, || {
            let peers = share::load(&self.paths.data).map_err(|e| e.to_string())?;
            Ok(peers
                .iter()
                .map(|p| crate::index::PeerDoc {
                    id: p.lesson.id.clone(),
                    title: p.lesson.title.clone(),
                    body: p.lesson.body.clone(),
                    tags: p.lesson.tags.clone(),
                    record: serde_json::to_string(p).expect("a lesson serialises"),
                })
                .collect())
        })?;
        Ok(Some(index))
    }

    /// How many peer lessons contain every one of `words`.
    pub fn peer_count(&self, words: &str) -> Result<usize, LibraryError> {
        match self.peer_index()? {
            Some(index) => Ok(index.count_matching(words)?),
            None => Ok(0),
        }
    }
}
