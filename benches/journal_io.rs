//! The journal in and out at 1k and 10k entries: importing a jrnl journal
//! into an empty journal (and again, when every note is already there),
//! and exporting the journal in each format. The jrnl text is made here,
//! with words, tags, stars and both of jrnl's date formats.
//!
//!     cargo bench --bench journal_io

use std::fmt::Write;
use std::path::Path;
use std::time::Duration;

use cairn::library::{
    ExportFormat, ImportFormat, ImportOptions, ImportSource, Library, OpenOptions, Paths,
};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

const WORDS: &[&str] = &[
    "approval",
    "pilot",
    "board",
    "legal",
    "budget",
    "team",
    "network",
    "citizens",
    "data",
    "service",
    "design",
    "procurement",
    "council",
    "workshop",
    "meeting",
    "prototype",
];

/// A jrnl journal of `n` entries, a few lines each.
fn jrnl_text(n: usize) -> String {
    let mut out = String::new();
    for i in 0..n {
        let day = i / 8;
        let (y, d) = (2020 + day / 365, day % 365);
        let (month, dom) = (1 + d / 31 % 12, 1 + d % 28);
        let w = |k: usize| WORDS[(i * 7 + k * 3) % WORDS.len()];
        let stamp = if i % 2 == 0 {
            format!("{y}-{month:02}-{dom:02} {:02}:{:02}", 8 + i % 10, i % 60)
        } else {
            let hour = 1 + i % 12;
            let ampm = if i % 4 == 1 { "AM" } else { "PM" };
            format!("{y}-{month:02}-{dom:02} {hour:02}:{:02}:00 {ampm}", i % 60)
        };
        let star = if i % 13 == 0 { " *" } else { "" };
        let _ = write!(
            out,
            "[{stamp}] The {} {} stalled, entry {i}{star}\nWe spoke to the {} about the {} and the {}.\n\
             Next: ask the {} @{} #{}\n\n",
            w(0),
            w(1),
            w(2),
            w(3),
            w(4),
            w(5),
            w(6),
            w(7)
        );
    }
    out
}

fn library(home: &Path) -> Library {
    Library::open_at(Paths::under(home), OpenOptions::default()).unwrap()
}

fn options() -> ImportOptions {
    ImportOptions {
        format: ImportFormat::Jrnl,
        kind: None,
        kind_tags: Vec::new(),
        time_format: None,
        dry_run: false,
    }
}

fn bench(c: &mut Criterion) {
    let mut group = c.benchmark_group("journal_io");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(20));
    for n in [1_000, 10_000] {
        let source = ImportSource::Text {
            name: "journal.txt".into(),
            bytes: jrnl_text(n).into_bytes(),
        };
        // Each run's journal is kept until the end: removing thousands of
        // files between runs would be flushed by the next run's one flush.
        let kept = std::cell::RefCell::new(Vec::new());
        group.bench_function(format!("import_jrnl/{n}"), |b| {
            b.iter_batched(
                || tempfile::tempdir().unwrap(),
                |home| {
                    let report = library(home.path())
                        .import_notes(&source, &options())
                        .unwrap();
                    assert_eq!(report.added.len(), n);
                    kept.borrow_mut().push(home);
                },
                BatchSize::PerIteration,
            )
        });
        drop(kept);
        let home = tempfile::tempdir().unwrap();
        let full = library(home.path());
        full.import_notes(&source, &options()).unwrap();
        group.bench_function(format!("import_jrnl_again/{n}"), |b| {
            b.iter(|| {
                let report = full.import_notes(&source, &options()).unwrap();
                assert!(report.added.is_empty());
            })
        });
        for (name, format) in [
            ("md", ExportFormat::Markdown),
            ("json", ExportFormat::Json),
            ("jrnl", ExportFormat::Jrnl),
            ("html", ExportFormat::Html),
        ] {
            group.bench_function(format!("export_{name}/{n}"), |b| {
                b.iter(|| full.export_journal("", format, false).unwrap())
            });
        }
    }
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
