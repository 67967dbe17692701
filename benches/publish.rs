//! `cairn publish` at the scale of a large network: 10k lessons from 100
//! packs into an empty folder, the same again (nothing changed, nothing
//! written), and again with one new pack of 100 lessons (only what
//! changed is written). The lessons come from the `gen_pack` example,
//! split into packs.
//!
//!     cargo bench --bench publish

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::{Duration, Instant};

use cairn::model::LessonPack;
use cairn::publish::{PublishOptions, publish};
use criterion::{Criterion, criterion_group, criterion_main};

const LESSONS: usize = 10_000;
const PACKS: usize = 100;

/// 100 packs of 100 lessons, and one more pack of 100 new lessons, made
/// once and kept in cargo's temporary folder.
fn packs() -> (Vec<PathBuf>, PathBuf) {
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("bench-publish-packs");
    let extra = dir.join("extra.json");
    let names: Vec<PathBuf> = (0..PACKS)
        .map(|i| dir.join(format!("pack-{i:03}.json")))
        .collect();
    if !extra.exists() {
        let out = Command::new(env!("CARGO"))
            .args(["run", "--release", "--quiet", "--example", "gen_pack", "--"])
            .arg((LESSONS + LESSONS / PACKS).to_string())
            .output()
            .expect("run gen_pack");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let all: LessonPack = serde_json::from_slice(&out.stdout).expect("a pack");
        std::fs::create_dir_all(&dir).unwrap();
        let per = LESSONS / PACKS;
        for (i, chunk) in all.lessons.chunks(per).enumerate() {
            let mut pack = all.clone();
            pack.lessons = chunk.to_vec();
            let path = if i < PACKS {
                names[i].clone()
            } else {
                extra.clone()
            };
            std::fs::write(path, serde_json::to_vec(&pack).unwrap()).unwrap();
        }
    }
    (names, extra)
}

fn options(packs: &[PathBuf], out: &Path) -> PublishOptions {
    PublishOptions {
        network: "ukgovcamp".into(),
        title: Some("UKGovCamp".into()),
        base_url: Some("https://lessons.example.org/".into()),
        packs: packs.to_vec(),
        out: out.to_path_buf(),
        catalogue: None,
        limit: 64 * 1024 * 1024,
    }
}

fn bench(c: &mut Criterion) {
    let (base, extra) = packs();
    let mut more = base.clone();
    more.push(extra);
    let mut group = c.benchmark_group("publish");
    group
        .sample_size(10)
        .measurement_time(Duration::from_secs(20));
    group.bench_function("10k_lessons_100_packs_fresh", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                let dir = tempfile::tempdir().unwrap();
                let start = Instant::now();
                let report = publish(&options(&base, dir.path())).unwrap();
                total += start.elapsed();
                assert_eq!(report.lessons, LESSONS);
            }
            total
        })
    });
    let dir = tempfile::tempdir().unwrap();
    publish(&options(&base, dir.path())).unwrap();
    group.bench_function("10k_lessons_again_unchanged", |b| {
        b.iter(|| {
            let report = publish(&options(&base, dir.path())).unwrap();
            assert!(report.written.is_empty());
        })
    });
    group.bench_function("10k_lessons_again_one_new_pack", |b| {
        b.iter_custom(|iters| {
            let mut total = Duration::ZERO;
            for _ in 0..iters {
                // Back to the 100 packs (untimed), then the new one.
                publish(&options(&base, dir.path())).unwrap();
                let start = Instant::now();
                let report = publish(&options(&more, dir.path())).unwrap();
                total += start.elapsed();
                assert_eq!(report.written.len(), 4 + LESSONS / PACKS);
            }
            total
        })
    });
    group.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
