//! From a parsed query to a tantivy query: the analysed words by what
//! they do (any, related, must, phrases, must not), how much covering a
//! word and its rarity count, filters and places, the query's language,
//! and the order of results (ended networks after active ones).

use tantivy::collector::TopDocs;
use tantivy::query::{
    AllQuery, BooleanQuery, BoostQuery, ConstScoreQuery, FuzzyTermQuery, Occur, PhraseQuery, Query,
    TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Searcher, Term};

use super::highlight::{self, Term as HiTerm};
use super::{places, schema};
use crate::model::{Facet, ParsedQuery};

/// A whole-name match outranks any number of word matches.
const EXACT_NAME_BOOST: f32 = 100.0;
/// Covering one more of the query's words is worth about this much, times
/// how rare the word is, so hits with more of the words come first.
const COVER_BONUS: f32 = 6.0;
/// The field weight of a word matched anywhere in a network's text, as in
/// its summary.
const ANYWHERE_BOOST: f32 = 2.0;
/// The weight of words the thesaurus adds, against the query's own.
const RELATED_WEIGHT: f32 = 0.5;
/// What a word found only in the description of a network's topic adds.
const TOPIC_TEXT_SCORE: f32 = 0.5;
/// What a network of a topic the query names ("artificial intelligence",
/// "procurement") adds: the catalogue's own classification is strong
/// evidence, even when the network's text uses other words ("AI").
const TOPIC_NAMED_SCORE: f32 = 30.0;
/// What the score of a network where the query's language is spoken is
/// multiplied by.
const LANGUAGE_BOOST: f32 = 6.0;
/// Words the thesaurus adds are left out when more than this share of
/// networks have them: they cost much to look up and tell little.
const RELATED_MAX_SHARE: f32 = 0.3;
/// What a network that has ended keeps of its score.
const ENDED_WEIGHT: f32 = 0.5;

/// How many dictionary words a half-typed last word may stand for.
const PREFIX_EXPANSIONS: usize = 40;

/// The analysed words of a query by what they do.
#[derive(Debug, Default)]
pub(super) struct Words {
    /// Free words: any may match, and covering more of them ranks higher.
    any: Vec<HiTerm>,
    /// What the thesaurus adds to the free words, at a lower weight.
    related: Vec<HiTerm>,
    /// `+word` and single quoted words.
    must: Vec<HiTerm>,
    /// Quoted phrases of two or more words.
    phrases: Vec<Vec<String>>,
    /// `-word`.
    must_not: Vec<String>,
    /// The languages other than English the query is written in, as a
    /// mask (`words::query_mask`).
    pub(super) languages: u64,
}

impl Words {
    pub(super) fn has_text(&self) -> bool {
        !self.any.is_empty() || !self.must.is_empty() || !self.phrases.is_empty()
    }

    /// Every word a hit may show highlighted.
    pub(super) fn shown(&self) -> Vec<HiTerm> {
        let mut out: Vec<HiTerm> = self.any.clone();
        out.extend(self.must.iter().cloned());
        for word in self.phrases.iter().flatten() {
            out.push(exact(word));
        }
        out.extend(self.related.iter().cloned());
        out
    }
}

fn exact(text: &str) -> HiTerm {
    HiTerm {
        text: text.to_string(),
        distance: 0,
        prefix: false,
    }
}

fn analysed(text: &str) -> Vec<String> {
    schema::tokens(text).into_iter().map(|(t, _)| t).collect()
}

/// The analysed words of a query. Stop words are dropped unless nothing
/// else is left; the last free word is open to prefix matches while it is
/// still being typed. Typo tolerance is kept only for words the index does
/// not know: a word spelt as the catalogue spells it is not also a typo of
/// its neighbours.
pub(super) fn words(query: &ParsedQuery, searcher: &Searcher, fields: &schema::Fields) -> Words {
    let mut free: Vec<String> = Vec::new();
    for word in &query.words {
        for text in analysed(word) {
            if !free.contains(&text) {
                free.push(text);
            }
        }
    }
    let content: Vec<String> = free
        .iter()
        .filter(|w| !super::words::is_stop_word(w))
        .cloned()
        .collect();
    let only_stop_words = content.is_empty() && query.must.is_empty() && query.phrases.is_empty();
    let languages = super::words::query_mask(&free);
    let kept = if only_stop_words { free } else { content };
    let known = |text: &str| doc_freq(searcher, fields, text) > 0;
    let mut out = Words::default();
    for text in &kept {
        out.any.push(HiTerm {
            distance: if known(text) {
                0
            } else {
                highlight::typo_distance(text)
            },
            prefix: false,
            text: text.clone(),
        });
    }
    let typed_last = query
        .words
        .last()
        .map(|w| analysed(w))
        .and_then(|w| w.last().cloned());
    if query.last_word_open
        && let Some(last) = out.any.last_mut()
        && Some(&last.text) == typed_last.as_ref()
    {
        last.prefix = true;
    }
    out.languages = languages;
    out.related = super::words::related(&kept)
        .iter()
        .filter(|w| !super::words::is_stop_word(w))
        .map(|w| exact(w))
        .collect();
    for word in &query.must {
        out.must.extend(analysed(word).iter().map(|w| exact(w)));
    }
    for phrase in &query.phrases {
        match analysed(phrase).as_slice() {
            [] => {}
            [one] => out.must.push(exact(one)),
            many => out.phrases.push(many.to_vec()),
        }
    }
    for word in &query.must_not {
        out.must_not.extend(analysed(word));
    }
    out
}

/// How many networks have `text` in some text field.
fn doc_freq(searcher: &Searcher, fields: &schema::Fields, text: &str) -> u64 {
    searcher
        .doc_freq(&Term::from_field_text(fields.all_text, text))
        .unwrap_or(0)
}

/// The share of networks that have `text` in some text field.
fn share_with(searcher: &Searcher, fields: &schema::Fields, text: &str) -> f32 {
    let docs = searcher.num_docs().max(1) as f32;
    doc_freq(searcher, fields, text) as f32 / docs
}

/// How much covering a word adds to a hit's score, more for rarer words.
fn cover_bonus(searcher: &Searcher, fields: &schema::Fields, text: &str) -> f32 {
    let docs = searcher.num_docs().max(1) as f32;
    let df = doc_freq(searcher, fields, text) as f32;
    COVER_BONUS * (1.0 + docs / (df + 1.0)).ln()
}

/// Dictionary words of `field` that start with `prefix`, the most common
/// first. Matching these as plain terms is far cheaper than a prefix
/// automaton over every document.
fn expand_prefix(searcher: &Searcher, field: Field, prefix: &str) -> Vec<String> {
    let mut found: Vec<(u32, String)> = Vec::new();
    for segment in searcher.segment_readers() {
        let Ok(inverted) = segment.inverted_index(field) else {
            continue;
        };
        let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream() else {
            continue;
        };
        while stream.advance() {
            let Ok(key) = std::str::from_utf8(stream.key()) else {
                continue;
            };
            if !key.starts_with(prefix) || found.len() >= 4 * PREFIX_EXPANSIONS {
                break;
            }
            if key != prefix {
                found.push((stream.value().doc_freq, key.to_string()));
            }
        }
    }
    found.sort_by(|a, b| b.0.cmp(&a.0).then_with(|| a.1.cmp(&b.1)));
    let mut words: Vec<String> = found.into_iter().map(|(_, w)| w).collect();
    words.dedup();
    words.truncate(PREFIX_EXPANSIONS);
    words
}

fn boxed(q: impl Query) -> Box<dyn Query> {
    Box::new(q)
}

fn term_query(field: Field, text: &str, boost: f32) -> (Occur, Box<dyn Query>) {
    let exact = TermQuery::new(
        Term::from_field_text(field, text),
        IndexRecordOption::WithFreqs,
    );
    (Occur::Should, boxed(BoostQuery::new(boxed(exact), boost)))
}

/// Matches one analysed word in any text field, its score times `weight`.
fn word_query(
    searcher: &Searcher,
    fields: &schema::Fields,
    term: &HiTerm,
    weight: f32,
) -> Box<dyn Query> {
    word_in(searcher, &fields.text, term, weight)
}

/// Matches one analysed word anywhere in a network's text, through the
/// one field that holds it all: cheaper than [`word_query`], without the
/// fields' weights.
fn word_anywhere(
    searcher: &Searcher,
    fields: &schema::Fields,
    term: &HiTerm,
    weight: f32,
) -> Box<dyn Query> {
    word_in(searcher, &[(fields.all_text, ANYWHERE_BOOST)], term, weight)
}

fn word_in(
    searcher: &Searcher,
    text_fields: &[(Field, f32)],
    term: &HiTerm,
    weight: f32,
) -> Box<dyn Query> {
    let mut any_field: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (field, boost) in text_fields {
        let boost = &(boost * weight);
        any_field.push(term_query(*field, &term.text, *boost));
        let mut expanded = false;
        if term.prefix {
            for word in expand_prefix(searcher, *field, &term.text) {
                any_field.push(term_query(*field, &word, boost * 0.5));
                expanded = true;
            }
        }
        if term.distance > 0 && !expanded {
            let t = Term::from_field_text(*field, &term.text);
            let fuzzy = if term.prefix {
                FuzzyTermQuery::new_prefix(t, term.distance, true)
            } else {
                FuzzyTermQuery::new(t, term.distance, true)
            };
            any_field.push((
                Occur::Should,
                boxed(BoostQuery::new(boxed(fuzzy), boost * 0.3)),
            ));
        }
    }
    boxed(BooleanQuery::new(any_field))
}

/// Restricts a search, beyond what its query says.
#[derive(Debug, Clone, Copy, Default)]
pub struct Scope<'a> {
    /// Only these networks (e.g. the starred ones).
    pub only_ids: Option<&'a [String]>,
}

/// The free words: any may match; each matched word also adds a bonus
/// (so covering more of them ranks higher); related words count less.
fn any_words(searcher: &Searcher, fields: &schema::Fields, words: &Words) -> Box<dyn Query> {
    let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for term in &words.any {
        any.push((Occur::Should, word_query(searcher, fields, term, 1.0)));
        let bonus = cover_bonus(searcher, fields, &term.text);
        let covered = ConstScoreQuery::new(word_anywhere(searcher, fields, term, 1.0), bonus);
        any.push((Occur::Should, boxed(covered)));
    }
    let telling = |term: &&HiTerm| share_with(searcher, fields, &term.text) <= RELATED_MAX_SHARE;
    for term in words.related.iter().filter(telling) {
        any.push((
            Occur::Should,
            word_anywhere(searcher, fields, term, RELATED_WEIGHT),
        ));
    }
    // Networks of a topic whose description in the vocabulary has a word,
    // and, far more, of a topic the query names.
    let topic = fields.facet(Facet::Topic);
    let content: Vec<String> = words.any.iter().map(|t| t.text.clone()).collect();
    let telling = |w: &str| share_with(searcher, fields, w) <= RELATED_MAX_SHARE;
    for slug in super::words::topics_named(&content, telling) {
        let t = Term::from_field_text(topic, &schema::facet_value(slug));
        let q = TermQuery::new(t, IndexRecordOption::Basic);
        let named = ConstScoreQuery::new(boxed(q), TOPIC_NAMED_SCORE);
        any.push((Occur::Should, boxed(named)));
    }
    for slug in super::words::topics_described_by(&words.any) {
        let t = Term::from_field_text(topic, &schema::facet_value(slug));
        let q = TermQuery::new(t, IndexRecordOption::Basic);
        any.push((
            Occur::Should,
            boxed(ConstScoreQuery::new(boxed(q), TOPIC_TEXT_SCORE)),
        ));
    }
    boxed(BooleanQuery::new(any))
}

/// A phrase in any text field that keeps positions, its words together
/// and in order.
fn phrase_query(fields: &schema::Fields, words: &[String]) -> Box<dyn Query> {
    let per_field = fields
        .text
        .iter()
        .zip(schema::TEXT_FIELDS)
        .filter(|(_, (name, _))| schema::PHRASE_FIELDS.contains(name))
        .map(|((field, boost), _)| {
            let terms = words
                .iter()
                .map(|w| Term::from_field_text(*field, w))
                .collect();
            let phrase = PhraseQuery::new(terms);
            (Occur::Should, boxed(BoostQuery::new(boxed(phrase), *boost)))
        })
        .collect();
    boxed(BooleanQuery::new(per_field))
}

pub(super) fn build_query(
    searcher: &Searcher,
    fields: &schema::Fields,
    query: &ParsedQuery,
    words: &Words,
    scope: Scope,
    places: &places::Split,
) -> Box<dyn Query> {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if !words.any.is_empty() {
        clauses.push((Occur::Must, any_words(searcher, fields, words)));
    }
    for term in &words.must {
        clauses.push((Occur::Must, word_query(searcher, fields, term, 1.0)));
    }
    for phrase in &words.phrases {
        clauses.push((Occur::Must, phrase_query(fields, phrase)));
    }
    if let Some(ids) = scope.only_ids {
        let any_id = ids
            .iter()
            .map(|id| {
                let t = Term::from_field_text(fields.id, id);
                (
                    Occur::Should,
                    boxed(TermQuery::new(t, IndexRecordOption::Basic)),
                )
            })
            .collect();
        let only = ConstScoreQuery::new(boxed(BooleanQuery::new(any_id)), 0.0);
        clauses.push((Occur::Must, boxed(only)));
    }
    clauses.extend(places::filters(fields, query, places));
    let excluded: Vec<(Occur, Box<dyn Query>)> = words
        .must_not
        .iter()
        .map(|w| (Occur::MustNot, word_query(searcher, fields, &exact(w), 1.0)))
        .collect();
    if clauses.is_empty() {
        if excluded.is_empty() {
            return boxed(AllQuery);
        }
        clauses.push((Occur::Must, boxed(AllQuery)));
    }
    clauses.extend(excluded);
    if words.has_text() {
        let whole = schema::name_key(&query.text());
        let t = Term::from_field_text(fields.name_key, &whole);
        let exact = TermQuery::new(t, IndexRecordOption::Basic);
        clauses.push((
            Occur::Should,
            boxed(BoostQuery::new(boxed(exact), EXACT_NAME_BOOST)),
        ));
    }
    places::boost(fields, query, places, boxed(BooleanQuery::new(clauses)))
}

/// Best first, with a network that has ended worth half its score (below
/// active ones that match as well), one where the query's `languages` are
/// spoken worth [`LANGUAGE_BOOST`] times its score (someone searching in
/// German most likely wants German-speaking networks, among those that
/// match well), and the year a network was last seen active breaking ties.
pub(super) fn fresh_first(
    top: TopDocs,
    languages: u64,
) -> impl tantivy::collector::Collector<Fruit = Vec<(f32, DocAddress)>> {
    top.tweak_score(move |segment: &tantivy::SegmentReader| {
        let column = |name: &str, default: u64| {
            segment
                .fast_fields()
                .u64(name)
                .ok()
                .map(|c| c.first_or_default_col(default))
        };
        let freshness = column("freshness", 1);
        let spoken = column("spoken", 0).filter(|_| languages != 0);
        move |doc: tantivy::DocId, score: f32| {
            let f = freshness.as_ref().map_or(1, |c| c.get_val(doc));
            let ended = if f == 0 { ENDED_WEIGHT } else { 1.0 };
            let there = match &spoken {
                Some(c) if c.get_val(doc) & languages != 0 => LANGUAGE_BOOST,
                _ => 1.0,
            };
            score * ended * there + f as f32 * 1e-6
        }
    })
}
