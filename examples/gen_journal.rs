//! Writes N synthetic journal entries into a cairn home, for benchmarks:
//!
//!     CAIRN_HOME=/tmp/bench-home cargo run --release --example gen_journal -- 100000
//!
//! Deterministic: the same N gives the same files. Files are written
//! directly (no fsync, no lock), which is fine for a benchmark fixture and
//! much faster than adding 100k entries one by one.

use cairn::model::{Entry, EntryStatus, FrontMatter, Kind};
use cairn::paths::Paths;
use time::{Duration, OffsetDateTime};

const TOPICS: &[&str] = &[
    "procurement",
    "approval",
    "pilot",
    "design",
    "data",
    "evaluation",
    "budget",
    "consultation",
    "prototype",
    "risk",
    "legal",
    "funding",
    "partnership",
    "training",
    "digital",
];
const OPENINGS: &[&str] = &[
    "We tried to",
    "Our team wanted to",
    "The council agreed to",
    "I was asked to",
    "We finally managed to",
];
const VERBS: &[&str] = &[
    "test", "scale", "redesign", "procure", "evaluate", "fund", "document", "share",
];
const THINGS: &[&str] = &[
    "a service prototype",
    "the approval route",
    "an open data portal",
    "a behavioural trial",
    "a citizen panel",
    "the intake form",
    "a shared platform",
    "a peer review",
];

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or_else(|| {
            eprintln!("usage: gen_journal COUNT   (writes into $CAIRN_HOME)");
            std::process::exit(2)
        });
    let paths = Paths::from_env().expect("a home folder");
    let root = paths.data.join("journal");
    let start = OffsetDateTime::from_unix_timestamp(1_600_000_000).expect("a valid time");
    let mut seed: u64 = 42;
    let mut next = || {
        seed = seed
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        (seed >> 33) as usize
    };
    for i in 0..n {
        let created = start + Duration::minutes(i as i64 * 7);
        let kind = [Kind::Challenge, Kind::Validation, Kind::Lesson][next() % 3];
        let topic = TOPICS[next() % TOPICS.len()];
        let title = format!(
            "{} {} {} #{i}",
            OPENINGS[next() % OPENINGS.len()],
            VERBS[next() % VERBS.len()],
            THINGS[next() % THINGS.len()]
        );
        let body = format!(
            "## What happened\n\nWe worked on {topic} with {} colleagues. {} {} {}.\n\n%%private: names withheld%%\n\n## What we learned\n\nStart small and document the {topic} decisions.\n",
            next() % 20 + 2,
            OPENINGS[next() % OPENINGS.len()],
            VERBS[next() % VERBS.len()],
            THINGS[next() % THINGS.len()],
        );
        let entry = Entry {
            meta: FrontMatter {
                id: format!("gen{i:07}"),
                kind,
                title,
                created,
                updated: created,
                status: (kind == Kind::Challenge).then_some(EntryStatus::Open),
                shareable: next() % 4 == 0,
                tags: vec![topic.to_string()],
                networks: vec![],
                related: vec![],
                evidence: vec![],
                follow_up: None,
                stage: None,
                effort: None,
                asked: Vec::new(),
                imported: None,
                extra: Default::default(),
            },
            body,
        };
        let dir = root.join(format!("{}", created.year()));
        std::fs::create_dir_all(&dir).expect("create the journal folder");
        std::fs::write(dir.join(format!("gen-{i:07}.md")), entry.render()).expect("write an entry");
    }
    eprintln!("wrote {n} entries under {}", root.display());
}
