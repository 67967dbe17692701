//! Places in a search: `region:` filters that follow the nesting of region
//! groups, and place words in the free text ("design canada") that boost
//! networks of that place.
//!
//! Each network's `f_region` holds its regions and every group containing
//! them (FR gives fr, eu, europe), so `region:Europe` finds FR networks and
//! the filter panel counts a group through its members; `region_tag` holds
//! only the regions as tagged, so `region:FR` can also find a network
//! tagged EU (it covers France) and rank it after those tagged FR.

use std::collections::BTreeMap;

use tantivy::collector::{Count, TopDocs};
use tantivy::query::{BooleanQuery, BoostQuery, ConstScoreQuery, Occur, Query, TermQuery};
use tantivy::schema::{Field, IndexRecordOption};
use tantivy::{DocAddress, Order, Searcher, Term};

use super::schema;
use crate::model::{Facet, Network, ParsedQuery, places, regions};

/// How much a place named in the query multiplies the score of a network
/// mostly about that place ("design canada": Canadian design networks
/// first).
const PLACE_BOOST: f32 = 5.0;
/// The same for a network present in the place among many others (a
/// global network with Canadian members).
const INSIDE_BOOST: f32 = 2.0;
/// The same for a network covering the place through a group (EU-wide
/// for France).
const GROUP_BOOST: f32 = 1.5;
/// A network is mostly about a place when at least this share of its
/// regions lie in it.
const FOCUS_SHARE: f32 = 0.5;

/// A query with its place words taken out.
pub(super) struct Split {
    /// The query without place words.
    pub words: ParsedQuery,
    /// The places the free text named.
    pub codes: Vec<&'static str>,
}

impl Split {
    /// Place words and nothing else: the places act as a filter.
    fn only_places(&self) -> bool {
        !self.codes.is_empty()
            && self.words.words.is_empty()
            && self.words.must.is_empty()
            && self.words.phrases.is_empty()
    }
}

/// Takes the place words out of a query's free text.
pub(super) fn split(query: &ParsedQuery) -> Split {
    let found = places::split(&query.words);
    let mut words = query.clone();
    let last_kept = match (query.words.last(), found.rest.last()) {
        (Some(a), Some(b)) => a == b && found.rest.len() == query.words.len(),
        _ => false,
    };
    words.last_word_open = query.last_word_open && last_kept;
    words.words = found.rest;
    Split {
        words,
        codes: found.codes,
    }
}

/// A network's values for the region facet: its regions and every group
/// that contains them.
pub(super) fn with_groups(n: &Network) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for code in &n.regions {
        let all = std::iter::once(code.as_str()).chain(regions::ancestors(code));
        for c in all {
            if !out.iter().any(|o| o.eq_ignore_ascii_case(c)) {
                out.push(c.to_string());
            }
        }
    }
    out
}

fn term(field: Field, value: &str) -> Box<dyn Query> {
    let t = Term::from_field_text(field, &schema::facet_value(value));
    Box::new(TermQuery::new(t, IndexRecordOption::Basic))
}

fn any(queries: Vec<Box<dyn Query>>) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(
        queries.into_iter().map(|q| (Occur::Should, q)).collect(),
    ))
}

fn scored(q: Box<dyn Query>, score: f32) -> Box<dyn Query> {
    Box::new(ConstScoreQuery::new(q, score))
}

/// Networks in `code` or a place inside it (tagged FR for Europe).
fn inside(fields: &schema::Fields, code: &str) -> Box<dyn Query> {
    term(fields.facet(Facet::Region), code)
}

/// Networks tagged with a group that contains `code` (EU for FR).
fn through_groups(fields: &schema::Fields, code: &str) -> Vec<Box<dyn Query>> {
    regions::ancestors(code)
        .into_iter()
        .map(|group| term(fields.region_tag, group))
        .collect()
}

/// The region values a search is restricted to: its `region:` filters,
/// and its places when the free text is nothing but places.
fn wanted_regions<'a>(query: &'a ParsedQuery, split: &'a Split) -> Vec<&'a str> {
    let mut out: Vec<&str> = query
        .filters
        .iter()
        .filter(|f| f.facet == Facet::Region)
        .map(|f| f.value.as_str())
        .collect();
    if split.only_places() {
        out.extend(split.codes.iter().copied());
    }
    out
}

/// The facet filters of a query, each a required clause: values of one
/// facet are OR-ed, facets AND-ed. A region value matches networks in that
/// place or inside it, and networks tagged with a group containing it;
/// `global` networks only for `region:global`.
pub(super) fn filters(
    fields: &schema::Fields,
    query: &ParsedQuery,
    split: &Split,
) -> Vec<(Occur, Box<dyn Query>)> {
    let mut by_facet: BTreeMap<Facet, Vec<&str>> = BTreeMap::new();
    for filter in query.filters.iter().filter(|f| f.facet != Facet::Region) {
        by_facet
            .entry(filter.facet)
            .or_default()
            .push(&filter.value);
    }
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    for (facet, values) in by_facet {
        let field = fields.facet(facet);
        let any_value = values.into_iter().map(|v| term(field, v)).collect();
        clauses.push((Occur::Must, scored(any(any_value), 0.0)));
    }
    let wanted = wanted_regions(query, split);
    if !wanted.is_empty() {
        let mut covering = Vec::new();
        for code in &wanted {
            covering.push(inside(fields, code));
            covering.extend(through_groups(fields, code));
        }
        clauses.push((Occur::Must, scored(any(covering), 0.0)));
    }
    clauses
}

/// The places a network is mostly about: each region or group holding at
/// least [`FOCUS_SHARE`] of its regions (a network tagged FR is about
/// France, Europe and the EU; one tagged with thirty countries and
/// `global` is about none of them).
pub(super) fn focused_on(n: &Network) -> Vec<String> {
    let holds = |place: &str, region: &str| {
        region.eq_ignore_ascii_case(place)
            || regions::ancestors(region)
                .iter()
                .any(|a| a.eq_ignore_ascii_case(place))
    };
    with_groups(n)
        .into_iter()
        .filter(|place| {
            let inside = n.regions.iter().filter(|r| holds(place, r)).count();
            inside as f32 >= FOCUS_SHARE * n.regions.len() as f32
        })
        .collect()
}

/// Networks mostly about `code` (see [`focused_on`]).
fn about(fields: &schema::Fields, code: &str) -> Box<dyn Query> {
    term(fields.region_focus, code)
}

/// Networks tagged with `code` itself and mostly about it.
fn tagged_and_about(fields: &schema::Fields, code: &str) -> Box<dyn Query> {
    Box::new(BooleanQuery::new(vec![
        (Occur::Must, term(fields.region_tag, code)),
        (Occur::Must, about(fields, code)),
    ]))
}

/// How a search restricted to places and nothing else lists its matches,
/// each tier in name order: networks tagged with the place and mostly
/// about it, then others mostly about it (tagged with a place inside it),
/// then those present in it among other places, then those covering it
/// through a group. Empty when the search is not restricted to places.
pub(super) fn tiers(
    fields: &schema::Fields,
    query: &ParsedQuery,
    split: &Split,
) -> Vec<Box<dyn Query>> {
    let wanted = wanted_regions(query, split);
    if wanted.is_empty() {
        return Vec::new();
    }
    let each = |f: &dyn Fn(&str) -> Box<dyn Query>| any(wanted.iter().map(|c| f(c)).collect());
    vec![
        each(&|c| tagged_and_about(fields, c)),
        each(&|c| about(fields, c)),
        each(&|c| inside(fields, c)),
    ]
}

/// The places a search ranks by: those named in its free text, and its
/// `region:` filters when it has words to rank.
fn ranking_places<'a>(query: &'a ParsedQuery, split: &'a Split) -> Vec<&'a str> {
    if split.only_places() {
        return Vec::new();
    }
    let mut out: Vec<&str> = split.codes.to_vec();
    for f in query.filters.iter().filter(|f| f.facet == Facet::Region) {
        if !out.iter().any(|c| c.eq_ignore_ascii_case(&f.value)) {
            out.push(&f.value);
        }
    }
    out
}

/// `q` with networks of the places the query names ranked higher: the
/// score of a network mostly about such a place is multiplied by
/// [`PLACE_BOOST`], of one present there among others by
/// [`INSIDE_BOOST`], of one covering it through a group by
/// [`GROUP_BOOST`]; `q` alone decides what matches.
pub(super) fn boost(
    fields: &schema::Fields,
    query: &ParsedQuery,
    split: &Split,
    q: Box<dyn Query>,
) -> Box<dyn Query> {
    let codes = ranking_places(query, split);
    if codes.is_empty() {
        return q;
    }
    let each = |f: &dyn Fn(&str) -> Box<dyn Query>| any(codes.iter().map(|c| f(c)).collect());
    let covering: Vec<Box<dyn Query>> = codes
        .iter()
        .flat_map(|c| through_groups(fields, c))
        .collect();
    // q once more, counted only for networks of the place: q + (f - 1)·q.
    let again = |place: Box<dyn Query>, factor: f32| -> (Occur, Box<dyn Query>) {
        let both = BooleanQuery::new(vec![
            (Occur::Must, q.box_clone()),
            (Occur::Must, scored(place, 0.0)),
        ]);
        let extra = BoostQuery::new(Box::new(both), factor - 1.0);
        (Occur::Should, Box::new(extra))
    };
    let only = |wanted: Box<dyn Query>, not: Box<dyn Query>| -> Box<dyn Query> {
        Box::new(BooleanQuery::new(vec![
            (Occur::Must, wanted),
            (Occur::MustNot, not),
        ]))
    };
    let mut clauses = vec![
        again(each(&|c| about(fields, c)), PLACE_BOOST),
        again(
            only(each(&|c| inside(fields, c)), each(&|c| about(fields, c))),
            INSIDE_BOOST,
        ),
    ];
    if !covering.is_empty() {
        clauses.push(again(
            only(any(covering), each(&|c| inside(fields, c))),
            GROUP_BOOST,
        ));
    }
    clauses.insert(0, (Occur::Must, q));
    Box::new(BooleanQuery::new(clauses))
}

/// The matches of `q` in tier `i` of `tiers`: those matching it and none
/// of the tiers before it; past the last tier, those matching none.
pub(super) fn tier_query(q: &dyn Query, tiers: &[Box<dyn Query>], i: usize) -> BooleanQuery {
    // A MustNot clause needs something to match: q is the Must.
    let mut clauses = vec![(Occur::Must, q.box_clone())];
    clauses.extend(tiers.get(i).map(|t| (Occur::Must, t.box_clone())));
    clauses.extend(tiers[..i].iter().map(|t| (Occur::MustNot, t.box_clone())));
    BooleanQuery::new(clauses)
}

/// The matches of `q` in name order, up to `limit`, with how many match in
/// all; those matching the first of `tiers` first, then those matching the
/// second, and so on, and those matching none last.
pub(super) fn in_name_order(
    searcher: &Searcher,
    q: Box<dyn Query>,
    tiers: Vec<Box<dyn Query>>,
    limit: usize,
) -> tantivy::Result<(Vec<(f32, DocAddress)>, usize)> {
    let by_name = |q: &dyn Query, limit: usize| {
        let top = TopDocs::with_limit(limit.max(1));
        let (docs, total) = searcher.search(
            q,
            &(
                top.order_by_string_fast_field("sort_name", Order::Asc),
                Count,
            ),
        )?;
        let docs: Vec<(f32, DocAddress)> = docs.into_iter().map(|(_, a)| (0.0, a)).collect();
        tantivy::Result::Ok((docs, total))
    };
    let mut docs: Vec<(f32, DocAddress)> = Vec::new();
    let mut total = 0;
    for i in 0..=tiers.len() {
        let tier = tier_query(q.as_ref(), &tiers, i);
        let (found, count) = by_name(&tier, limit - docs.len())?;
        docs.extend(found.into_iter().take(limit - docs.len()));
        total += count;
    }
    Ok((docs, total))
}
