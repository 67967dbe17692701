//! Index build at 1k/10k/100k networks and a query at 100k, on synthetic
//! catalogues from the same generator as `examples/gen_catalogue.rs`.
//!
//!     cargo bench --bench search

use std::path::PathBuf;
use std::process::Command;

use cairn::library::{Library, OpenOptions};
use cairn::paths::Paths;
use criterion::{Criterion, criterion_group, criterion_main};

/// Writes (once) a synthetic catalogue of `n` networks and returns its path.
fn catalogue(n: usize) -> PathBuf {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR"));
    let path = dir.join(format!("bench-catalogue-{n}.json"));
    if !path.exists() {
        let out = Command::new(env!("CARGO"))
            .args([
                "run",
                "--release",
                "--quiet",
                "--example",
                "gen_catalogue",
                "--",
            ])
            .arg(n.to_string())
            .output()
            .expect("run gen_catalogue");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        std::fs::write(&path, out.stdout).unwrap();
    }
    path
}

fn open(home: &std::path::Path, file: &std::path::Path) -> Library {
    Library::open_at(
        Paths::under(home),
        OpenOptions {
            catalogue_file: Some(file.to_path_buf()),
        },
    )
    .unwrap()
}

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

criterion_group!(benches, build, query);
criterion_main!(benches);
