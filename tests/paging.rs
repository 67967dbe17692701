//! Offset paging: windows of a search, laid end to end, are the whole
//! list in the same order, for networks (relevance with freshness, name
//! order for filters alone, place tiers, networks found through notes)
//! and for journal entries (relevance, newest first).

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use cairn::index::{FileStamp, IndexMeta, JournalIndex, JournalScope, NetworkIndex, Scope};
use cairn::library::{Library, OpenOptions};
use cairn::model::{Entry, Network, parse_query};
use cairn::paths::Paths;
use proptest::prelude::*;
use tempfile::TempDir;

/// The bundled catalogue, with notes on two networks: one the words also
/// find, one only its note finds.
fn library() -> &'static (TempDir, Library) {
    static LIBRARY: OnceLock<(TempDir, Library)> = OnceLock::new();
    LIBRARY.get_or_init(|| {
        let home = tempfile::tempdir().unwrap();
        let mut library =
            Library::open_at(Paths::under(home.path()), OpenOptions::default()).unwrap();
        let names = library.names().unwrap();
        let design = library.search("design", 1).unwrap().hits[0]
            .network
            .id
            .clone();
        library
            .annotate(&design, |a| a.note = "design zebrafinch".into())
            .unwrap();
        let other = names
            .iter()
            .map(|(id, _)| id)
            .find(|id| **id != design)
            .unwrap()
            .clone();
        library
            .annotate(&other, |a| a.note = "zebrafinch met at the lab day".into())
            .unwrap();
        (home, library)
    })
}

const QUERIES: &[&str] = &[
    "",
    "design",
    "open data",
    "lab",
    "topic:design",
    "region:europe",
    "region:GB",
    "design region:europe",
    "zebrafinch",
    "design zebrafinch",
    "nothing-matches-this",
];

fn ids(results: &cairn::index::SearchResults) -> Vec<String> {
    results.hits.iter().map(|h| h.network.id.clone()).collect()
}

/// The whole list, as `search_within` gives it with no limit.
fn whole(query: &str) -> (usize, Vec<String>) {
    let (_, library) = library();
    let all = library.search_within(query, 100_000, None).unwrap();
    (all.total, ids(&all))
}

#[test]
fn windows_of_every_size_make_the_whole_list() {
    let (_, library) = library();
    for query in QUERIES {
        let (total, all) = whole(query);
        assert_eq!(total, all.len(), "{query:?}");
        if ["", "design", "lab", "region:europe", "topic:design"].contains(query) {
            assert!(total > 20, "{query:?} should page through many: {total}");
        }
        for size in [1, 7, 50, 300] {
            let mut joined = Vec::new();
            let mut offset = 0;
            loop {
                let page = library.search_window(query, offset, size, None).unwrap();
                assert_eq!(page.total, total, "{query:?} at {offset}");
                if page.hits.is_empty() {
                    break;
                }
                assert!(page.hits.len() <= size);
                joined.extend(ids(&page));
                offset += size;
            }
            assert_eq!(joined, all, "{query:?} in windows of {size}");
        }
    }
}

#[test]
fn a_network_found_only_through_its_note_comes_last() {
    let (_, library) = library();
    let (total, all) = whole("zebrafinch");
    assert_eq!(total, 2, "{all:?}");
    let last = library.search_window("zebrafinch", 1, 1, None).unwrap();
    assert_eq!(ids(&last), all[1..]);
    assert!(last.hits[0].snippet.text.starts_with("your note:"));
    // Past the end: nothing, and the total still told.
    let past = library.search_window("zebrafinch", 5, 10, None).unwrap();
    assert!(past.hits.is_empty());
    assert_eq!(past.total, 2);
}

#[test]
fn a_window_within_some_networks_keeps_to_them() {
    let (_, library) = library();
    let names = library.names().unwrap();
    let some: Vec<String> = names.iter().step_by(3).map(|(id, _)| id.clone()).collect();
    let all = library.search_within("", 100_000, Some(&some)).unwrap();
    let page = library.search_window("", 10, 20, Some(&some)).unwrap();
    assert_eq!(page.total, some.len());
    assert_eq!(ids(&page), ids(&all)[10..30]);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn any_window_is_the_same_slice_of_the_whole_list(
        q in 0..QUERIES.len(),
        offset in 0usize..400,
        limit in 0usize..120,
    ) {
        let (_, library) = library();
        let (total, all) = whole(QUERIES[q]);
        let page = library.search_window(QUERIES[q], offset, limit, None).unwrap();
        let from = offset.min(all.len());
        let to = (offset + limit).min(all.len());
        prop_assert_eq!(page.total, total);
        prop_assert_eq!(ids(&page), &all[from..to]);
    }
}

/// The bundled catalogue three times over, ids and names changed (some
/// names the same), so that name order runs past what tantivy sorts itself.
fn tripled() -> Vec<Network> {
    let bundled = cairn::catalogue::bundled().networks;
    let mut networks = Vec::new();
    for copy in 0..3 {
        for n in &bundled {
            let mut n = n.clone();
            n.id = format!("{}-{copy}", n.id);
            if copy == 2 {
                n.name = format!("{} {copy}", n.name);
            }
            networks.push(n);
        }
    }
    networks
}

fn meta(key: &str, networks: usize) -> IndexMeta {
    IndexMeta {
        schema: cairn::index::SCHEMA_VERSION,
        key: key.into(),
        source: "test".into(),
        networks,
        skipped: 0,
        built: 0,
        updated: None,
    }
}

/// Windows laid end to end against the whole list, for filter-only
/// queries (name order): the first 500 sorted by tantivy, the rest by
/// rank, so the two ways of sorting meet inside the list.
fn assert_name_order_windows(index: &NetworkIndex) {
    for query in ["", "topic:design", "region:europe", "region:GB"] {
        let parsed = parse_query(query).unwrap();
        let scope = || Scope { only_ids: None };
        let all = index.search(&parsed, 100_000, scope()).unwrap();
        assert_eq!(all.total, all.hits.len());
        let all = ids(&all);
        for size in [13, 100, 499] {
            let mut joined = Vec::new();
            for offset in (0..all.len() + size).step_by(size) {
                let page = index.search_window(&parsed, offset, size, scope()).unwrap();
                joined.extend(ids(&page));
            }
            assert_eq!(joined, all, "{query:?} in windows of {size}");
        }
    }
}

#[test]
fn name_order_is_the_same_both_ways_of_sorting() {
    let networks = tripled();
    let index = NetworkIndex::build_in_memory(&networks, meta("one", networks.len())).unwrap();
    assert_name_order_windows(&index);
}

/// An index updated after a sync has several segments and deleted
/// documents: names are ranked across segments, and deleted ones skipped.
#[test]
fn name_order_holds_across_segments_and_deletions() {
    let root = tempfile::tempdir().unwrap();
    let mut networks = tripled();
    let first =
        NetworkIndex::build(root.path(), "main", &networks, meta("a", networks.len())).unwrap();
    // Renamed (deleted and added again), removed, and new.
    for n in networks.iter_mut().step_by(5) {
        n.name = format!("Zz {}", n.name);
    }
    networks.retain(|n| !n.id.ends_with("-1") || n.name.len() % 3 != 0);
    let mut extra = networks[..40].to_vec();
    for n in &mut extra {
        n.id = format!("{}-new", n.id);
    }
    networks.extend(extra);
    let changes = first.changes_to(&networks).unwrap();
    assert!(!changes.removed.is_empty() && !changes.upserts.is_empty());
    let second = first
        .updated(
            root.path(),
            "main",
            &networks,
            &changes,
            meta("b", networks.len()),
        )
        .unwrap();
    let all = second
        .search(&parse_query("").unwrap(), 100_000, Scope { only_ids: None })
        .unwrap();
    assert_eq!(all.total, networks.len());
    assert_name_order_windows(&second);
}

fn journal_entry(i: usize) -> String {
    let kind = ["lesson", "challenge", "event"][i % 3];
    let word = ["budget", "design", "procurement"][i % 3];
    // Equal dates for some, so ties are broken the same way in every window.
    let day = 1 + (i * 7) % 20;
    format!(
        "+++\nid = \"e{i:03}\"\nkind = \"{kind}\"\ntitle = \"Entry {i} about {word}\"\n\
         created = \"2026-01-{day:02}T10:00:00Z\"\nupdated = \"2026-01-{day:02}T10:00:00Z\"\n+++\n\n\
         Notes on {word} and more {word} {i}.\n"
    )
}

#[test]
fn journal_windows_make_the_whole_list() {
    let index = JournalIndex::in_memory().unwrap();
    let files: Vec<FileStamp> = (0..90)
        .map(|i| FileStamp {
            path: PathBuf::from(format!("2026/e{i:03}.md")),
            stamp: "1".into(),
        })
        .collect();
    let read = |path: &Path| {
        let name = path.file_stem()?.to_str()?;
        let i: usize = name.trim_start_matches('e').parse().ok()?;
        Entry::parse(&journal_entry(i)).ok()
    };
    let report = index.sync(&files, None, read).unwrap();
    assert_eq!(report.added, 90, "{report:?}");
    for query in ["", "budget", "design kind:lesson", "kind:event", "procur"] {
        let scope = JournalScope::default();
        let (total, all) = index.search(query, 1_000, scope).unwrap();
        assert_eq!(total, all.len(), "{query:?}");
        let all: Vec<String> = all.into_iter().map(|h| h.id).collect();
        for size in [1, 4, 25] {
            let mut joined = Vec::new();
            for offset in (0..total + size).step_by(size) {
                let (t, hits) = index.search_window(query, offset, size, scope).unwrap();
                assert_eq!(t, total);
                joined.extend(hits.into_iter().map(|h| h.id));
            }
            assert_eq!(joined, all, "{query:?} in windows of {size}");
        }
    }
}
