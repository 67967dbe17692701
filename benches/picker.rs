//! Picker re-ranking per keystroke at 1k/10k/100k names: from scratch
//! (`Candidates::rank`) and narrowing as the pattern grows (`Narrowing`),
//! each keeping the best 200 for the list, on names where most patterns
//! match most names and on names made from the bundled catalogue's.
//!
//!     cargo bench --bench picker

use cairn::matcher::{Candidates, Narrowing};
use criterion::{Criterion, criterion_group, criterion_main};

const WORDS: &[&str] = &[
    "Civic",
    "Tech",
    "Lab",
    "Digital",
    "Česko",
    "São",
    "Paulo",
    "Zürich",
    "Service",
    "Design",
    "Network",
    "Policy",
    "Innovation",
    "Open",
    "Data",
    "Forum",
    "Gov",
    "Camp",
    "Public",
    "Sector",
    "Community",
    "Bogotá",
    "Kraków",
    "Região",
    "Exchange",
    "Studio",
];

/// `n` names made from the bundled catalogue's, each with a number: the
/// letters real names have, so a pattern rules out as many as it would.
fn catalogue_names(n: usize) -> Vec<String> {
    let bundled = cairn::catalogue::bundled().networks;
    (0..n)
        .map(|i| format!("{} {}", bundled[i % bundled.len()].name, i / bundled.len()))
        .collect()
}

/// `n` names of three or four words from a small list heavy with accents
/// and common letters: most patterns match most names (a worst case).
fn names(n: usize) -> Vec<String> {
    let mut state: u64 = 0x9e37_79b9_7f4a_7c15;
    let mut next = || {
        state ^= state << 13;
        state ^= state >> 7;
        state ^= state << 17;
        state as usize
    };
    (0..n)
        .map(|i| {
            let k = 3 + next() % 2;
            let mut words: Vec<&str> = (0..k).map(|_| WORDS[next() % WORDS.len()]).collect();
            let number = format!("{}", i % 97);
            words.push(&number);
            words.join(" ")
        })
        .collect()
}

fn rerank(c: &mut Criterion) {
    let mut group = c.benchmark_group("picker_rerank");
    for n in [1_000, 10_000, 100_000] {
        let names = names(n);
        let candidates = Candidates::new(names.iter().map(String::as_str));
        group.bench_function(format!("{n}/from_scratch/ces"), |b| {
            b.iter(|| candidates.rank("ces", 200))
        });
        group.bench_function(format!("{n}/from_scratch/cesko"), |b| {
            b.iter(|| candidates.rank("cesko", 200))
        });
        // Typing "cesko" one key at a time: five ranks, narrowing.
        group.bench_function(format!("{n}/typing_cesko_5_keys"), |b| {
            b.iter(|| {
                let mut narrowing = Narrowing::default();
                for p in ["c", "ce", "ces", "cesk", "cesko"] {
                    narrowing.rank(&candidates, p, 200);
                }
            })
        });
        group.bench_function(format!("{n}/fold_names"), |b| {
            b.iter(|| Candidates::new(names.iter().map(String::as_str)))
        });
        let real = catalogue_names(n);
        let real = Candidates::new(real.iter().map(String::as_str));
        for p in ["ces", "cesko", "design lab"] {
            group.bench_function(format!("{n}/catalogue_names/{p}"), |b| {
                b.iter(|| real.rank(p, 200))
            });
        }
    }
    group.finish();
}

criterion_group!(benches, rerank);
criterion_main!(benches);
