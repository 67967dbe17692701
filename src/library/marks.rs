//! The person's own marks in searches: `starred:`, `member:` and `noted:`
//! filters (yes or no), and notes searched as text. Marks live apart from
//! the catalogue and its index, so they become a set of ids the index
//! search is limited to, and note matches are merged into its results.
//! `ended:` (and its opposite `active:`) works the same way until the index
//! has a facet for it.

use crate::annotations::{Annotation, Annotations};
use crate::index::{Hit, Scope, SearchResults, Snippet};
use crate::model::{ParsedQuery, parse_query, regions::fold};

use super::{Library, LibraryError};

/// Which marks a network must have (`Some(true)`) or lack (`Some(false)`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct MarkFilters {
    pub starred: Option<bool>,
    pub member: Option<bool>,
    pub noted: Option<bool>,
    /// Whether the network has stopped (an `ended` year).
    pub ended: Option<bool>,
}

impl MarkFilters {
    pub fn is_empty(&self) -> bool {
        *self == MarkFilters::default()
    }

    fn accepts(&self, marks: Option<&Annotation>) -> bool {
        let has = |f: fn(&Annotation) -> bool| marks.is_some_and(f);
        let ok = |want: Option<bool>, got: bool| want.is_none_or(|w| w == got);
        ok(self.starred, has(|a| a.starred))
            && ok(self.member, has(|a| a.member))
            && ok(self.noted, has(|a| !a.note.trim().is_empty()))
    }
}

/// The query without its mark filters, and those filters. Quoted text is
/// left alone; `starred:` with no value yet is dropped, as other filters are.
pub fn split_marks(query: &str) -> Result<(String, MarkFilters), LibraryError> {
    let mut marks = MarkFilters::default();
    let mut kept: Vec<&str> = Vec::new();
    for piece in raw_pieces(query) {
        let Some((name, value)) = piece.split_once(':') else {
            kept.push(piece);
            continue;
        };
        let lower = name.to_ascii_lowercase();
        let slot = match lower.as_str() {
            "starred" | "star" => &mut marks.starred,
            "member" => &mut marks.member,
            "noted" | "note" => &mut marks.noted,
            "ended" | "active" => &mut marks.ended,
            _ => {
                kept.push(piece);
                continue;
            }
        };
        *slot = match value.to_ascii_lowercase().as_str() {
            "" => continue,
            "yes" | "y" | "true" | "1" => Some(lower != "active"),
            "no" | "n" | "false" | "0" => Some(lower == "active"),
            _ => {
                return Err(LibraryError::Invalid(format!(
                    "\"{}\" is not a {name}: value; use yes or no",
                    crate::model::safe(value)
                )));
            }
        };
    }
    let mut rest = kept.join(" ");
    if query.ends_with(char::is_whitespace) && !rest.is_empty() {
        rest.push(' ');
    }
    Ok((rest, marks))
}

/// The query's pieces as written: split on whitespace outside quotes.
fn raw_pieces(query: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = None;
    let mut quoted = false;
    for (i, c) in query.char_indices() {
        if c == '"' {
            quoted = !quoted;
        }
        if c.is_whitespace() && !quoted {
            if let Some(s) = start.take() {
                out.push(&query[s..i]);
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        out.push(&query[s..]);
    }
    out
}

/// Ids of networks whose note holds every free word of the query.
fn noted_ids(annotations: &Annotations, parsed: &ParsedQuery) -> Vec<String> {
    let words: Vec<String> = parsed
        .words
        .iter()
        .chain(&parsed.phrases)
        .chain(&parsed.must)
        .map(|w| fold(w))
        .collect();
    if words.is_empty() {
        return Vec::new();
    }
    annotations
        .iter()
        .filter(|(_, a)| {
            let note = fold(&a.note);
            !note.trim().is_empty() && words.iter().all(|w| note.contains(w.as_str()))
        })
        .map(|(id, _)| id.to_string())
        .collect()
}

fn intersect(a: Option<Vec<String>>, b: Option<&[String]>) -> Option<Vec<String>> {
    match (a, b) {
        (Some(a), Some(b)) => Some(a.into_iter().filter(|id| b.contains(id)).collect()),
        (Some(a), None) => Some(a),
        (None, b) => b.map(<[String]>::to_vec),
    }
}

impl Library {
    /// The ids a search is limited to: those `only_ids` allows (all when
    /// `None`) that have the marks asked for.
    pub(super) fn scope_ids(
        &self,
        marks: &MarkFilters,
        only_ids: Option<&[String]>,
    ) -> Result<Option<Vec<String>>, LibraryError> {
        if marks.is_empty() {
            return Ok(only_ids.map(<[String]>::to_vec));
        }
        let mut ids: Vec<String> = self.names()?.into_iter().map(|(id, _)| id).collect();
        if let Some(want) = marks.ended {
            let everything = self.index.search(
                &ParsedQuery::default(),
                ids.len().max(1),
                Scope { only_ids: None },
            )?;
            ids = everything
                .hits
                .into_iter()
                .filter(|h| h.network.ended.is_some() == want)
                .map(|h| h.network.id)
                .collect();
        }
        let marked: Vec<String> = ids
            .into_iter()
            .filter(|id| marks.accepts(self.annotations.get(id)))
            .collect();
        Ok(intersect(Some(marked), only_ids))
    }

    /// Adds the networks whose note matches the query's words and that the
    /// filters and scope allow, each with its note as the snippet. They go
    /// after the index's hits, within `limit`.
    pub(super) fn merge_note_hits(
        &self,
        parsed: &ParsedQuery,
        scope: Option<&[String]>,
        limit: usize,
        results: &mut SearchResults,
    ) -> Result<(), LibraryError> {
        let found: Vec<String> = noted_ids(&self.annotations, parsed)
            .into_iter()
            .filter(|id| scope.is_none_or(|s| s.contains(id)))
            .filter(|id| !results.hits.iter().any(|h| h.network.id == *id))
            .collect();
        if found.is_empty() || limit == 0 {
            return Ok(());
        }
        let filters_only = ParsedQuery {
            filters: parsed.filters.clone(),
            ..ParsedQuery::default()
        };
        let extra = self.index.search(
            &filters_only,
            found.len(),
            Scope {
                only_ids: Some(&found),
            },
        )?;
        let mut note_hits: Vec<Hit> = extra.hits;
        for hit in &mut note_hits {
            let note = self
                .annotations
                .get(&hit.network.id)
                .map(|a| a.note.as_str())
                .unwrap_or_default();
            let text = format!("your note: {note}");
            hit.snippet = Snippet {
                highlights: results.highlights(&text),
                text,
            };
        }
        note_hits.truncate(limit);
        results.total += note_hits.len();
        results.hits.truncate(limit.saturating_sub(note_hits.len()));
        results.hits.extend(note_hits);
        Ok(())
    }
}

/// Parses what is left of a query once the mark filters are taken out.
pub(super) fn parse_rest(query: &str) -> Result<(ParsedQuery, MarkFilters), LibraryError> {
    let (rest, marks) = split_marks(query)?;
    Ok((parse_query(&rest)?, marks))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mark_filters_are_taken_out_and_the_rest_is_kept_as_written() {
        let (rest, marks) = split_marks("design starred:yes \"member:no\" Member:No ").unwrap();
        assert_eq!(rest, "design \"member:no\" ");
        assert_eq!(
            marks,
            MarkFilters {
                starred: Some(true),
                member: Some(false),
                ..MarkFilters::default()
            }
        );
        let (rest, marks) = split_marks("noted:").unwrap();
        assert_eq!((rest.as_str(), marks.is_empty()), ("", true));
        assert!(split_marks("starred:maybe").is_err());
        let (_, marks) = split_marks("active:yes").unwrap();
        assert_eq!(marks.ended, Some(false));
        let (_, marks) = split_marks("ended:yes").unwrap();
        assert_eq!(marks.ended, Some(true));
    }

    #[test]
    fn a_filter_wants_the_mark_or_its_absence() {
        let starred = Annotation {
            starred: true,
            ..Annotation::default()
        };
        let only = MarkFilters {
            starred: Some(true),
            ..MarkFilters::default()
        };
        let not = MarkFilters {
            starred: Some(false),
            ..MarkFilters::default()
        };
        assert!(only.accepts(Some(&starred)) && !only.accepts(None));
        assert!(!not.accepts(Some(&starred)) && not.accepts(None));
    }
}
