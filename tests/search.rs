//! Searching a small fixture catalogue through `Library`: ranking, accent
//! folding, typos and prefixes, facet filters, ordering, highlights and
//! snippets, the on-disk index cache, and lookups by id.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, SystemTime};

use cairn::catalogue;
use cairn::index::SearchResults;
use cairn::library::{IndexState, Library, OpenOptions};
use cairn::model::{Network, regions};
use cairn::paths::Paths;
use serde_json::json;
use tempfile::TempDir;

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/search")
        .join(name)
}

fn open_at(home: &Path, file: &Path) -> Library {
    let options = OpenOptions {
        catalogue_file: Some(file.to_path_buf()),
    };
    Library::open_at(Paths::under(home), options).unwrap()
}

/// A library over a fixture catalogue, in its own temporary home.
struct Fixture {
    _home: TempDir,
    library: Library,
}

impl Fixture {
    fn open(name: &str) -> Fixture {
        let home = tempfile::tempdir().unwrap();
        let library = open_at(home.path(), &fixture(name));
        Fixture {
            _home: home,
            library,
        }
    }

    fn search(&self, query: &str) -> SearchResults {
        self.library
            .search(query, 100)
            .unwrap_or_else(|e| panic!("{query:?}: {e}"))
    }

    /// Ids of the hits, best first.
    fn ids(&self, query: &str) -> Vec<String> {
        ids(&self.search(query))
    }

    fn id_set(&self, query: &str) -> BTreeSet<String> {
        self.ids(query).into_iter().collect()
    }
}

fn catalogue() -> Fixture {
    Fixture::open("catalogue.json")
}

fn ids(results: &SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.network.id.clone()).collect()
}

/// The fixture's networks, read without the index, to compute expectations.
fn fixture_networks() -> Vec<Network> {
    let loaded = catalogue::load_file(&fixture("catalogue.json")).unwrap();
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.problems);
    loaded.networks
}

fn ids_where(keep: impl Fn(&Network) -> bool) -> BTreeSet<String> {
    fixture_networks()
        .into_iter()
        .filter(|n| keep(n))
        .map(|n| n.id)
        .collect()
}

/// The fixture's networks covering a place: tagged with it, with a place
/// inside it, or with a group containing it.
fn covering(code: &str) -> BTreeSet<String> {
    ids_where(|n| regions::covered_by(&n.regions, code).is_some())
}

fn set(ids: &[&str]) -> BTreeSet<String> {
    ids.iter().map(|s| s.to_string()).collect()
}

// ---------------------------------------------------------------------------
// Ranking

#[test]
fn exact_name_match_ranks_first_over_names_matching_more_words_elsewhere() {
    let f = catalogue();
    for query in ["design network", "Design Network", "design network "] {
        let found = f.ids(query);
        assert_eq!(found[0], "design-network", "{query:?}: {found:?}");
        assert!(
            found.contains(&"service-design-network-australia".to_string()),
            "{query:?}"
        );
    }
}

#[test]
fn exact_short_name_match_ranks_first() {
    let f = catalogue();
    // "Horizon" is the Foresight Futures Forum's short name; the Smart City
    // Alliance says "horizon" twice in its summary.
    let found = f.ids("horizon");
    assert_eq!(
        found[..2],
        ["foresight-futures-forum", "smart-city-alliance"]
    );
    assert_eq!(f.ids("sdna"), ["service-design-network-australia"]);

    // "City Lab Network" has both words in its name and says them again and
    // again; "City Lab" is only the short name of the Urban Innovation Alliance.
    let f = Fixture::open("name_edge_cases.json");
    let found = f.ids("city lab");
    assert_eq!(
        found[..2],
        ["urban-innovation-alliance", "city-lab-network"]
    );
}

#[test]
fn exact_name_match_ranks_first_even_when_the_name_repeats_a_word() {
    // "City Exchange to City Halls" says "city" more often, but only
    // "City to City" is named exactly what was typed.
    let f = Fixture::open("name_edge_cases.json");
    let found = f.ids("city to city");
    assert_eq!(found[0], "city-to-city", "{found:?}");
}

#[test]
fn words_in_the_name_outrank_words_in_the_summary() {
    let f = catalogue();
    let found = f.ids("procurement");
    assert_eq!(
        found[..2],
        ["public-procurement-innovators", "smart-city-alliance"]
    );
    let results = f.search("procurement");
    assert!(results.hits[0].score > results.hits[1].score);
}

#[test]
fn search_ignores_case_and_folds_accents_both_ways() {
    let f = catalogue();
    for query in [
        "zurich",
        "Zürich",
        "ZURICH",
        "zÜrich",
        "reseau",
        "RÉSEAU d'innovation",
    ] {
        assert_eq!(f.ids(query)[0], "reseau-innovation-zurich", "{query:?}");
    }
}

#[test]
fn words_of_five_letters_or_more_tolerate_a_typo() {
    let f = catalogue();
    let design = f.id_set("desgin ");
    for id in ["design-network", "service-design-network-australia"] {
        assert!(design.contains(id), "desgin should find {id}: {design:?}");
    }
    assert!(
        f.ids("procurment ")
            .contains(&"public-procurement-innovators".to_string())
    );
    assert_eq!(f.ids("zurihc "), ["reseau-innovation-zurich"]);
    assert_eq!(
        f.ids("behavioral insights")[0],
        "behavioural-insights-exchange"
    );
}

#[test]
fn short_words_must_be_spelt_exactly() {
    let f = catalogue();
    assert!(!f.search("data ").hits.is_empty());
    for query in ["dta ", "daat ", "dta a", "opne "] {
        // "opne" has four letters, so it cannot be a typo for "open".
        assert_eq!(f.search(query).total, 0, "{query:?}: {:?}", f.ids(query));
    }
}

#[test]
fn any_word_may_match_and_covering_more_of_them_ranks_first() {
    let f = catalogue();
    assert_eq!(f.ids("open data stewards")[0], "open-data-circle");
    // A word the catalogue does not know does not empty the results.
    assert_eq!(f.ids("open data submarine")[0], "open-data-circle");
    assert_eq!(f.search("submarine xylophone ").total, 0);
    // `+word` must appear, `-word` must not.
    assert_eq!(f.search("open data +submarine ").total, 0);
    let with = f.id_set("innovation ");
    let without = f.id_set("innovation -zurich ");
    assert!(with.contains("reseau-innovation-zurich"), "{with:?}");
    assert!(!without.contains("reseau-innovation-zurich"), "{without:?}");
    assert_eq!(without.len() + 1, with.len());
}

#[test]
fn stop_words_are_ignored_unless_nothing_else_is_left() {
    let f = catalogue();
    assert_eq!(
        f.ids("where can I find the open data people ")[0],
        "open-data-circle"
    );
    assert_eq!(
        f.ids("where can I find the open data people "),
        f.ids("open data ")
    );
}

#[test]
fn odd_queries_give_sensible_results_never_errors() {
    let f = catalogue();
    // Only stop words: they are searched after all.
    f.search("the of and ");
    // An unbalanced quote, a lone + or -, punctuation alone.
    assert_eq!(f.ids("\"open data")[0], "open-data-circle");
    assert_eq!(f.ids("open data + - ")[0], "open-data-circle");
    f.search("!!! ,,, ");
    // Text pasted by mistake: 2,000 characters, quoted or not.
    let wall = "open data stewards meet monthly to share practice ".repeat(40);
    assert_eq!(f.ids(&wall)[0], "open-data-circle");
    f.search(&format!("\"{wall}\""));
    f.search(&format!("+{}", wall.replace(' ', " +")));
}

#[test]
fn a_quoted_phrase_needs_its_words_together() {
    let f = catalogue();
    assert_eq!(f.ids("\"open data\"")[0], "open-data-circle");
    for id in f.ids("\"open data\"") {
        let n = f.library.network(&id).unwrap().unwrap();
        let text = format!(
            "{} {} {}",
            n.name,
            n.summary,
            n.description.unwrap_or_default()
        )
        .to_lowercase();
        assert!(text.contains("open data"), "{id}: {text}");
    }
    assert_eq!(f.search("\"data open\"").total, 0);
}

#[test]
fn last_word_matches_as_a_prefix_only_while_it_is_being_typed() {
    let f = catalogue();
    // No space after the last word: it may be the start of a longer word.
    assert_eq!(f.ids("zur"), ["reseau-innovation-zurich"]);
    assert_eq!(
        f.id_set("proc"),
        set(&["public-procurement-innovators", "smart-city-alliance"])
    );
    assert_eq!(f.ids("innovation zur")[0], "reseau-innovation-zurich");
    // A space closes the word; an earlier word is never a prefix.
    assert_eq!(f.search("zur ").total, 0);
    assert_eq!(f.search("proc\t").total, 0);
    assert_eq!(f.search("zur xylophone").total, 0);
}

// ---------------------------------------------------------------------------
// Filters

#[test]
fn each_facet_filter_keeps_only_networks_with_that_value() {
    let f = catalogue();
    let cases: Vec<(&str, BTreeSet<String>)> = vec![
        ("region:AU", covering("AU")),
        ("region:global", covering("global")),
        ("region:EU", covering("EU")),
        (
            "topic:procurement",
            ids_where(|n| n.topics.iter().any(|t| t == "procurement")),
        ),
        (
            "topic:local-government",
            ids_where(|n| n.topics.iter().any(|t| t == "local-government")),
        ),
        (
            "membership:closed",
            ids_where(|n| n.membership.is_some_and(|m| m.as_str() == "closed")),
        ),
        (
            "scope:community",
            ids_where(|n| n.scope.is_some_and(|s| s.as_str() == "community")),
        ),
        (
            "run_by:non-profit",
            ids_where(|n| n.run_by.is_some_and(|r| r.as_str() == "non-profit")),
        ),
        (
            "formality:informal",
            ids_where(|n| n.formality.is_some_and(|v| v.as_str() == "informal")),
        ),
        (
            "maturity:emerging",
            ids_where(|n| n.maturity.is_some_and(|v| v.as_str() == "emerging")),
        ),
        (
            "status:validated",
            ids_where(|n| n.status.as_str() == "validated"),
        ),
        (
            "status:submitted",
            ids_where(|n| n.status.as_str() == "submitted"),
        ),
    ];
    let all = fixture_networks().len();
    for (query, expected) in cases {
        assert!(
            !expected.is_empty() && expected.len() < all,
            "{query}: the fixture should make this filter restrict"
        );
        let results = f.search(query);
        assert_eq!(
            ids(&results).into_iter().collect::<BTreeSet<_>>(),
            expected,
            "{query}"
        );
        assert_eq!(results.total, expected.len(), "{query}");
    }
}

#[test]
fn filter_values_and_names_ignore_case() {
    let f = catalogue();
    let expected = f.id_set("region:AU");
    assert_eq!(
        expected,
        set(&[
            "local-government-peer-network",
            "service-design-network-australia"
        ])
    );
    for query in ["region:au", "REGION:Au", "regions:au", "country:AU"] {
        assert_eq!(f.id_set(query), expected, "{query}");
    }
    assert_eq!(f.id_set("membership:OPEN"), f.id_set("membership:open"));
    assert_eq!(f.id_set("topic:DESIGN"), f.id_set("topic:design"));
    assert_eq!(f.id_set("run-by:Non_Profit"), f.id_set("run_by:non-profit"));
    assert_eq!(
        f.id_set("region:GLOBAL"),
        set(&["behavioural-insights-exchange"])
    );
}

#[test]
fn repeated_filters_of_one_facet_are_or_ed() {
    let f = catalogue();
    assert_eq!(
        f.id_set("region:CH region:EU"),
        &covering("CH") | &covering("EU")
    );
    assert_eq!(
        f.id_set("topic:foresight topic:ai topic:hackathons"),
        set(&[
            "algorithm-register-forum",
            "civic-hackers-collective",
            "foresight-futures-forum"
        ])
    );
}

#[test]
fn filters_of_different_facets_are_and_ed() {
    let f = catalogue();
    let expected = ids_where(|n| {
        n.regions.iter().any(|r| r == "AU" || r == "NZ")
            && n.membership.is_some_and(|m| m.as_str() == "open")
            && n.run_by.is_some_and(|r| r.as_str() == "government")
    });
    assert_eq!(expected, set(&["open-data-circle"]));
    assert_eq!(
        f.id_set("region:AU region:NZ membership:open run_by:government"),
        expected
    );
    assert_eq!(f.search("region:CH membership:open").total, 0);
}

#[test]
fn filters_combine_with_words() {
    let f = catalogue();
    assert_eq!(
        f.ids("design region:AU"),
        ["service-design-network-australia"]
    );
    // Others in GB may follow (a topic of theirs is described with the
    // word), but the design network comes first.
    assert_eq!(f.ids("design region:GB")[0], "design-network");
    assert_eq!(f.ids("region:GB design"), f.ids("design region:GB"));
    assert_eq!(f.search("zurich region:AU").total, 0);
}

#[test]
fn a_filter_without_a_value_yet_is_ignored_and_a_bad_one_is_an_error() {
    let f = catalogue();
    assert_eq!(f.ids("zurich region:"), ["reseau-innovation-zurich"]);
    let err = f
        .library
        .search("region:UK", 10)
        .expect_err("UK is not a region code");
    assert!(err.to_string().contains("GB"), "{err}");
    let err = f
        .library
        .search("colour:teal", 10)
        .expect_err("no such facet");
    assert!(err.to_string().contains("region:"), "{err}");
}

// ---------------------------------------------------------------------------
// Listing order and counts

/// Names as a person sorts them: ignoring case and accents.
fn sort_key(name: &str) -> String {
    name.to_lowercase().replace('é', "e").replace('ü', "u")
}

fn names(results: &SearchResults) -> Vec<String> {
    results
        .hits
        .iter()
        .map(|h| h.network.name.clone())
        .collect()
}

fn in_name_order(names: &[String]) -> Vec<String> {
    let mut sorted = names.to_vec();
    sorted.sort_by_key(|n| sort_key(n));
    sorted
}

#[test]
fn empty_query_lists_every_network_in_name_order() {
    let f = catalogue();
    for query in ["", "   "] {
        let results = f.search(query);
        assert_eq!(results.total, fixture_networks().len(), "{query:?}");
        assert_eq!(results.hits.len(), results.total);
        let shown = names(&results);
        assert_eq!(shown, in_name_order(&shown), "{query:?}");
        assert!(results.hits.iter().all(|h| h.name_highlights.is_empty()));
    }
    assert_eq!(
        names(&f.search(""))[..3],
        [
            "Algorithm Register Forum",
            "Behavioural Insights Exchange",
            "Civic Hackers Collective"
        ]
    );
}

#[test]
fn filters_without_words_list_matches_in_name_order() {
    let f = catalogue();
    let results = f.search("membership:open");
    assert_eq!(
        names(&results),
        [
            "Algorithm Register Forum",
            "Civic Hackers Collective",
            "Design Network",
            "Local Government Peer Network",
            "Open Data Circle",
            "Service Design Network Australia",
        ]
    );
}

#[test]
fn name_order_is_alphabetical_not_by_word_stems() {
    // Stemmed, "Smart Cities Network" and "Smart City Alliance" both start
    // "smart citi", and "Innovation Growth Lab" and "Innovative and Creative
    // Circles" both start "innov"; a list in name order still puts "Cities"
    // before "City" and "Innovation" before "Innovative".
    let f = Fixture::open("name_edge_cases.json");
    let shown = names(&f.search(""));
    assert_eq!(shown, in_name_order(&shown));
}

#[test]
fn total_counts_every_match_when_the_limit_is_smaller() {
    let f = catalogue();
    let all = f.search("");
    let page = f.library.search("", 3).unwrap();
    assert_eq!(page.total, all.total);
    assert_eq!(ids(&page), ids(&all)[..3]);

    let network = f.search("network");
    assert!(network.total >= 3, "{:?}", ids(&network));
    let page = f.library.search("network", 2).unwrap();
    assert_eq!((page.total, page.hits.len()), (network.total, 2));
    assert_eq!(ids(&page), ids(&network)[..2]);

    let none = f.library.search("network", 0).unwrap();
    assert_eq!((none.total, none.hits.len()), (network.total, 0));
}

// ---------------------------------------------------------------------------
// Highlights and snippets

/// The text of each range, checking that each is a valid slice.
fn spans<'a>(text: &'a str, ranges: &[std::ops::Range<usize>]) -> Vec<&'a str> {
    ranges
        .iter()
        .map(|r| {
            text.get(r.clone())
                .unwrap_or_else(|| panic!("{r:?} is not a slice of {text:?}"))
        })
        .collect()
}

#[test]
fn name_highlights_point_at_the_matched_words_of_the_name() {
    let f = catalogue();
    let results = f.search("zurich");
    let hit = &results.hits[0];
    assert_eq!(spans(&hit.network.name, &hit.name_highlights), ["Zürich"]);

    let results = f.search("design network");
    let sdna = results
        .hits
        .iter()
        .find(|h| h.network.id == "service-design-network-australia")
        .unwrap();
    assert_eq!(
        spans(&sdna.network.name, &sdna.name_highlights),
        ["Design", "Network"]
    );
    assert!(results.hits[0].name_highlights.len() == 2);
}

#[test]
fn snippet_highlights_point_at_the_matched_words_of_the_snippet() {
    let f = catalogue();
    let results = f.search("zurich");
    let snippet = &results.hits[0].snippet;
    assert_eq!(
        snippet.text,
        "Innovation practitioners of the Zürich city administration share experiments across departments."
    );
    assert_eq!(spans(&snippet.text, &snippet.highlights), ["Zürich"]);
    assert_eq!(
        snippet.marked("[", "]"),
        "Innovation practitioners of the [Zürich] city administration share experiments across departments."
    );

    // Other forms of the same word stem are highlighted as matched.
    let results = f.search("designer networking");
    let sdna = results
        .hits
        .iter()
        .find(|h| h.network.id == "service-design-network-australia")
        .unwrap();
    let words = spans(&sdna.snippet.text, &sdna.snippet.highlights);
    assert_eq!(
        words,
        [
            "design",
            "network",
            "designers",
            "design",
            "design",
            "network"
        ],
        "{}",
        sdna.snippet.text
    );
}

#[test]
fn a_long_description_that_matches_better_gives_a_cut_snippet_around_the_match() {
    let f = catalogue();
    let results = f.search("mentoring");
    assert_eq!(ids(&results), ["leaders-for-change"]);
    let snippet = &results.hits[0].snippet;
    assert!(snippet.text.starts_with('…'), "{:?}", snippet.text);
    assert!(
        snippet.text.len() <= 180 + 2 * '…'.len_utf8(),
        "{:?}",
        snippet.text
    );
    let words = spans(&snippet.text, &snippet.highlights);
    assert_eq!(words, ["mentors", "mentoring"], "{:?}", snippet.text);
    assert!(results.hits[0].name_highlights.is_empty());
}

#[test]
fn a_hit_without_words_in_its_summary_shows_the_summary_unmarked() {
    let f = catalogue();
    // "Leaders" is only in the name. (The trailing space keeps "leaders"
    // from also matching as the start of "leadership".)
    let results = f.search("leaders ");
    let hit = &results.hits[0];
    assert_eq!(hit.network.id, "leaders-for-change");
    assert_eq!(
        hit.snippet.text,
        "A cohort programme for senior public servants."
    );
    assert!(hit.snippet.highlights.is_empty());
    assert_eq!(spans(&hit.network.name, &hit.name_highlights), ["Leaders"]);
    // The results can highlight any other text with the same words.
    let text = "Leaderships and leading leaders";
    assert_eq!(spans(text, &results.highlights(text)), ["leaders"]);
}

// ---------------------------------------------------------------------------
// The index cache

/// A private copy of the fixture, so its time stamp can be changed.
fn copy_fixture(dir: &Path) -> PathBuf {
    let file = dir.join("catalogue.json");
    std::fs::copy(fixture("catalogue.json"), &file).unwrap();
    file
}

fn set_mtime(file: &Path, time: SystemTime) {
    let f = std::fs::File::options().write(true).open(file).unwrap();
    f.set_modified(time).unwrap();
}

#[test]
fn the_index_is_built_once_and_reused_by_the_next_open() {
    let home = tempfile::tempdir().unwrap();
    let file = copy_fixture(home.path());

    let first = open_at(home.path(), &file);
    assert!(
        matches!(first.index_state(), IndexState::Rebuilt(_)),
        "{:?}",
        first.index_state()
    );
    let dir = first
        .index_dir()
        .expect("the index is on disk")
        .to_path_buf();
    assert!(
        dir.starts_with(home.path().join("cache")),
        "{}",
        dir.display()
    );
    let first_ids = ids(&first.search("", 100).unwrap());
    drop(first);

    let second = open_at(home.path(), &file);
    assert_eq!(second.index_state(), &IndexState::Ready);
    assert_eq!(second.index_dir(), Some(dir.as_path()));
    assert_eq!(second.index_meta().networks, 13);
    assert!(second.problems().is_empty());
    assert_eq!(ids(&second.search("", 100).unwrap()), first_ids);
}

#[test]
fn touching_the_catalogue_rebuilds_the_index() {
    let home = tempfile::tempdir().unwrap();
    let file = copy_fixture(home.path());
    set_mtime(
        &file,
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_000),
    );
    let first = open_at(home.path(), &file);
    let old_dir = first.index_dir().unwrap().to_path_buf();
    drop(first);

    set_mtime(
        &file,
        SystemTime::UNIX_EPOCH + Duration::from_secs(1_700_000_060),
    );
    let touched = open_at(home.path(), &file);
    assert!(
        matches!(touched.index_state(), IndexState::Rebuilt(_)),
        "{:?}",
        touched.index_state()
    );
    assert_ne!(touched.index_dir().unwrap(), old_dir);
    assert!(!old_dir.exists(), "the outdated index is removed");
    assert_eq!(
        open_at(home.path(), &file).index_state(),
        &IndexState::Ready
    );
}

#[test]
fn rewriting_the_catalogue_rebuilds_the_index_with_the_new_records() {
    let home = tempfile::tempdir().unwrap();
    let file = copy_fixture(home.path());
    let library = open_at(home.path(), &file);
    assert_eq!(library.search("kayak", 10).unwrap().total, 0);
    drop(library);

    let doc = json!({
        "schema": "cairn.catalogue/1",
        "networks": [
            {"id": "kayak-commons", "name": "Kayak Commons", "summary": "Paddlers in government.",
             "sources": ["https://example.org/kayak"]},
            {"id": "Bad Id", "name": "Skipped", "summary": "Not a slug."},
        ],
    });
    std::fs::write(&file, serde_json::to_string(&doc).unwrap()).unwrap();
    let library = open_at(home.path(), &file);
    assert!(matches!(library.index_state(), IndexState::Rebuilt(_)));
    assert_eq!(
        ids(&library.search("kayak", 10).unwrap()),
        ["kayak-commons"]
    );
    assert_eq!(library.search("", 10).unwrap().total, 1);
    assert_eq!(library.index_meta().skipped, 1);
    assert_eq!(
        library.problems().iter().filter(|p| p.is_error()).count(),
        1
    );
}

// ---------------------------------------------------------------------------
// Lookups by id

#[test]
fn network_by_id_returns_the_whole_record_with_unknown_fields() {
    let f = catalogue();
    let network = f.library.network("leaders-for-change").unwrap().unwrap();
    let expected = fixture_networks()
        .into_iter()
        .find(|n| n.id == "leaders-for-change")
        .unwrap();
    assert_eq!(network, expected);
    assert_eq!(network.extra.get("cohort_size"), Some(&json!(24)));
    assert_eq!(network.extra.get("x_colour"), Some(&json!("teal")));
    assert_eq!(
        network.extra.get("partners"),
        Some(&json!(["Trinity", "Ulster"]))
    );
    assert!(network.description.is_some());
}

#[test]
fn network_by_unknown_or_inexact_id_is_none() {
    let f = catalogue();
    for id in [
        "no-such-network",
        "",
        "Design-Network",
        "design",
        "design network",
    ] {
        assert_eq!(f.library.network(id).unwrap(), None, "{id:?}");
    }
}

#[test]
fn suggest_ids_proposes_the_closest_id_first() {
    let f = catalogue();
    let first = |wanted: &str| {
        let s = f.library.suggest_ids(wanted, 3).unwrap();
        assert!(s.len() <= 3);
        s.first().map(|(id, _)| id.clone())
    };
    assert_eq!(first("design-netwrk").as_deref(), Some("design-network"));
    assert_eq!(first("zurich").as_deref(), Some("reseau-innovation-zurich"));
    assert_eq!(
        first("civic-hackers").as_deref(),
        Some("civic-hackers-collective")
    );
    let (id, name) = &f.library.suggest_ids("opendata", 1).unwrap()[0];
    assert_eq!(
        (id.as_str(), name.as_str()),
        ("open-data-circle", "Open Data Circle")
    );
}

#[test]
fn suggest_ids_forgives_swapped_letters() {
    let f = catalogue();
    let suggestions = f.library.suggest_ids("desgin-network", 3).unwrap();
    assert_eq!(
        suggestions.first().map(|(id, _)| id.as_str()),
        Some("design-network"),
        "{suggestions:?}"
    );
}

// ---------------------------------------------------------------------------
// Places: nested regions and place words

#[test]
fn a_region_group_finds_networks_of_the_places_inside_it() {
    let f = catalogue();
    let europe = f.id_set("region:Europe");
    assert!(
        europe.contains("algorithm-register-forum"),
        "FR: {europe:?}"
    );
    assert!(europe.contains("public-procurement-innovators"), "EU");
    assert!(europe.contains("reseau-innovation-zurich"), "CH");
    assert!(!europe.contains("behavioural-insights-exchange"), "global");
    assert_eq!(europe, covering("Europe"));
    assert_eq!(f.id_set("region:Nordic"), set(&["foresight-futures-forum"]));
    assert_eq!(
        f.id_set("region:north-america"),
        set(&["civic-hackers-collective", "prototype-exchange"])
    );
    assert_eq!(
        f.id_set("region:Oceania"),
        set(&[
            "local-government-peer-network",
            "open-data-circle",
            "service-design-network-australia"
        ])
    );
    assert_eq!(f.search("region:Africa").total, 0);
}

#[test]
fn a_country_also_finds_networks_covering_it_through_a_group_ranked_after() {
    let f = catalogue();
    // Tagged FR first, then tagged EU (which contains France); not the
    // global network, which needs region:global.
    assert_eq!(
        f.ids("region:FR"),
        ["algorithm-register-forum", "public-procurement-innovators"]
    );
    assert_eq!(
        f.ids("region:fr region:global"),
        [
            "algorithm-register-forum",
            "behavioural-insights-exchange",
            "public-procurement-innovators"
        ]
    );
    assert_eq!(f.search("region:FR").total, 2);
    assert_eq!(
        f.ids("region:DE"),
        ["smart-city-alliance", "public-procurement-innovators"]
    );
}

#[test]
fn a_place_word_boosts_networks_of_that_place() {
    let f = catalogue();
    let plain = f.ids("design");
    assert!(plain.contains(&"prototype-exchange".to_string()));
    assert_ne!(plain[0], "prototype-exchange", "{plain:?}");
    let boosted = f.ids("design canada");
    assert_eq!(boosted[0], "prototype-exchange", "{boosted:?}");
    // The place is not a word a network must contain.
    assert_eq!(boosted.len(), plain.len(), "{boosted:?}");
    assert_eq!(f.ids("design in Canada")[0], "prototype-exchange");
    // Civic Hackers Collective (US, CA) is not about design: still not found.
    assert!(!boosted.contains(&"civic-hackers-collective".to_string()));
}

#[test]
fn place_words_alone_act_as_a_filter() {
    let f = catalogue();
    let canadian = ["civic-hackers-collective", "prototype-exchange"];
    assert_eq!(f.ids("canada"), canadian);
    assert_eq!(f.ids("Canada "), canadian);
    assert_eq!(f.ids("in the US"), ["civic-hackers-collective"]);
    assert_eq!(f.id_set("nordic"), set(&["foresight-futures-forum"]));
    // Sweden is in the EU, so an EU-wide network covers it too.
    assert_eq!(
        f.ids("sverige"),
        ["foresight-futures-forum", "public-procurement-innovators"]
    );
    assert_eq!(f.id_set("Schweiz"), set(&["reseau-innovation-zurich"]));
    assert_eq!(f.id_set("Europe"), covering("Europe"));
    assert_eq!(
        f.ids("france"),
        ["algorithm-register-forum", "public-procurement-innovators"]
    );
}

#[test]
fn an_ended_network_ranks_below_active_ones_and_last_seen_breaks_ties() {
    let home = tempfile::tempdir().unwrap();
    let file = home.path().join("fresh.json");
    let record = |id: &str, extra: serde_json::Value| {
        let mut r = json!({"id": id, "name": format!("Quokka Policy Lab {id}"), "summary": "A quokka policy lab for public servants."});
        r.as_object_mut()
            .unwrap()
            .extend(extra.as_object().unwrap().clone());
        r
    };
    let doc = json!({"schema": "cairn.catalogue/1", "networks": [
        record("aaa-ended", json!({"ended": 2019, "last_seen_active": 2019})),
        record("bbb-old", json!({"last_seen_active": 2020})),
        record("ccc-recent", json!({"last_seen_active": 2025})),
    ]});
    std::fs::write(&file, doc.to_string()).unwrap();
    let library = open_at(home.path(), &file);
    let found = ids(&library.search("quokka policy ", 10).unwrap());
    assert_eq!(found, ["ccc-recent", "bbb-old", "aaa-ended"]);
}

/// A library over networks given as (id, regions, topics, summary).
fn inline(home: &Path, networks: &[(&str, &[&str], &[&str], &str)]) -> Library {
    let records: Vec<serde_json::Value> = networks
        .iter()
        .map(|(id, regions, topics, summary)| {
            json!({"id": id, "name": format!("Network {id}"), "summary": summary,
                   "regions": regions, "topics": topics})
        })
        .collect();
    let file = home.join("inline.json");
    let doc = json!({"schema": "cairn.catalogue/1", "networks": records});
    std::fs::write(&file, doc.to_string()).unwrap();
    open_at(home, &file)
}

#[test]
fn a_network_mostly_about_a_place_ranks_before_one_present_there_among_many() {
    let home = tempfile::tempdir().unwrap();
    let many: &[&str] = &["FR", "DE", "IT", "ES", "PL", "US", "BR", "global"];
    let library = inline(
        home.path(),
        &[
            (
                "aaa-many",
                many,
                &["design"],
                "Design design design for public services.",
            ),
            (
                "bbb-eu",
                &["EU"],
                &["design"],
                "Design for public services.",
            ),
            (
                "ccc-france",
                &["FR"],
                &["design"],
                "Design for public services.",
            ),
        ],
    );
    // A region filter alone: tagged FR and about France, then present in
    // France among many places, then covering it through the EU.
    let found = ids(&library.search("region:FR", 10).unwrap());
    assert_eq!(found, ["ccc-france", "aaa-many", "bbb-eu"]);
    // With words, the place still outweighs a few more mentions.
    let found = ids(&library.search("design france", 10).unwrap());
    assert_eq!(found[0], "ccc-france", "{found:?}");
    let found = ids(&library.search("design region:FR", 10).unwrap());
    assert_eq!(found[0], "ccc-france", "{found:?}");
    // An EU-wide network is about Europe: region:EU lists it before a
    // network present in the EU among other places.
    let found = ids(&library.search("region:EU", 10).unwrap());
    assert_eq!(found[0], "bbb-eu", "{found:?}");
}

#[test]
fn a_topic_the_query_names_counts_even_when_the_text_uses_other_words() {
    let home = tempfile::tempdir().unwrap();
    let library = inline(
        home.path(),
        &[
            (
                "aaa-reefs",
                &["AU"],
                &["sustainability"],
                "Artificial reefs and the collective intelligence of divers.",
            ),
            (
                "bbb-genai",
                &["US"],
                &["ai"],
                "City staff testing generative AI in public services.",
            ),
        ],
    );
    let found = ids(&library.search("artificial intelligence", 10).unwrap());
    assert_eq!(found[0], "bbb-genai", "{found:?}");
    // A common word names no topic by itself: "services" is in every network.
    let found = ids(&library.search("services", 10).unwrap());
    assert_eq!(found.len(), 1, "{found:?}");
}
