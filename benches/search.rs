//! Index build at 1k/10k/100k networks, a query at 100k and the End key
//! on 100k networks and 100k journal entries (the last window against
//! every hit), on synthetic catalogues and journals from the generators
//! in `examples/`.
//!
//!     cargo bench --bench search

mod common;

use cairn::index::{JournalIndex, JournalScope};
use cairn::library::{Library, OpenOptions};
use cairn::paths::Paths;
use common::{catalogue, journal_home, open};
use criterion::{Criterion, criterion_group, criterion_main};

fn build(c: &mut Criterion) {
    let mut group = c.benchmark_group("index_build");
    group.sample_size(10);
    for n in [1_000, 10_000, 100_000] {
        let file = catalogue(n);
        group.bench_function(format!("{n}"), |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |home| open(home.path(), &file),
                criterion::BatchSize::PerIteration,
            )
        });
    }
    group.finish();
}

fn query(c: &mut Criterion) {
    let file = catalogue(100_000);
    let home = tempfile::tempdir().unwrap();
    let library = open(home.path(), &file);
    let mut group = c.benchmark_group("query_100k");
    for q in [
        "service design",
        "procurment lessons",
        "region:AU topic:design",
        "desi",
        "welsh open data forum 42",
    ] {
        group.bench_function(q, |b| b.iter(|| library.search(q, 20).unwrap()));
    }
    group.finish();
}

/// The End key on a list of 100k: the last window of 20 (`search_window`)
/// against asking for every hit and keeping the last 20 (paging before).
fn end(c: &mut Criterion) {
    let file = catalogue(100_000);
    let home = tempfile::tempdir().unwrap();
    let library = open(home.path(), &file);
    let mut group = c.benchmark_group("end_100k");
    group.sample_size(10);
    for q in ["", "region:AU", "design"] {
        let total = library.search(q, 1).unwrap().total;
        let last = total.saturating_sub(20);
        group.bench_function(format!("last_window/{q}/{total}"), |b| {
            b.iter(|| library.search_window(q, last, 20, None).unwrap())
        });
        group.bench_function(format!("every_hit/{q}/{total}"), |b| {
            b.iter(|| library.search(q, total).unwrap())
        });
    }
    group.finish();
}

/// The End key on a journal of 100k entries: the last window of 20
/// against every hit.
fn journal_end(c: &mut Criterion) {
    let home = journal_home(100_000);
    let paths = Paths::under(&home);
    let library = Library::open_at(paths.clone(), OpenOptions::default()).unwrap();
    // Brings the journal index in step with the files first.
    library
        .journal_search("", 1, JournalScope::default())
        .unwrap();
    let index = JournalIndex::open(&paths.index_dir()).unwrap();
    let mut group = c.benchmark_group("journal_end_100k");
    group.sample_size(10);
    for q in ["", "procurement"] {
        let (total, _) = index.search(q, 1, JournalScope::default()).unwrap();
        let last = total.saturating_sub(20);
        group.bench_function(format!("last_window/{q}/{total}"), |b| {
            b.iter(|| {
                index
                    .search_window(q, last, 20, JournalScope::default())
                    .unwrap()
            })
        });
        group.bench_function(format!("every_hit/{q}/{total}"), |b| {
            b.iter(|| index.search(q, total, JournalScope::default()).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, build, query, end, journal_end);
criterion_main!(benches);
