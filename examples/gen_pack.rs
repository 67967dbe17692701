//! Writes a synthetic lesson pack of N lessons to standard output, for
//! benchmarks of `cairn import` and `cairn precedents`:
//!
//!     cargo run --release --example gen_pack -- 10000 > pack.json
//!     cargo run --release --example gen_pack -- 10000 signed > pack.json
//!
//! Deterministic: the same N gives the same pack (`signed`: every lesson
//! signed with a fixed test key, for timing signature checks).

use cairn::model::{Kind, LessonPack, PackLesson, PackTerms};

const SUBJECTS: &[&str] = &[
    "a procurement pilot",
    "the approval board",
    "a digital service",
    "user research",
    "an open data release",
    "a cross-agency team",
    "the budget cycle",
    "a citizen panel",
    "an innovation fund",
    "a legal sandbox",
    "the evaluation plan",
    "a shared platform",
];
const LESSONS: &[&str] = &[
    "start small and show results before asking for scale",
    "bring the risk owner in at the first workshop",
    "write the business case in the language of the minister",
    "find a peer agency that has done it and cite them",
    "agree what success looks like before the pilot starts",
    "budget for the maintenance, not only the launch",
    "publish the evaluation even when results are mixed",
    "a champion in legal services saves months",
];

fn main() {
    let n: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.parse().ok())
        .unwrap_or(1000);
    let key = (std::env::args().nth(2).as_deref() == Some("signed"))
        .then(|| ed25519_dalek::SigningKey::from_bytes(&[7; 32]));
    let terms = PackTerms::default();
    let t0 = time::OffsetDateTime::from_unix_timestamp(1_700_000_000).expect("a valid time");
    let mut pack = LessonPack::new("ukgovcamp", t0, &terms);
    let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
    let mut next = |m: usize| {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        (seed % m as u64) as usize
    };
    for i in 0..n {
        let subject = SUBJECTS[next(SUBJECTS.len())];
        let lesson = LESSONS[next(LESSONS.len())];
        let other = LESSONS[next(LESSONS.len())];
        let when = (t0 - time::Duration::days(next(2000) as i64))
            .format(&time::format_description::well_known::Rfc3339)
            .expect("formats");
        let mut l = PackLesson {
            id: format!("peer{i:07}"),
            kind: Kind::Lesson,
            title: format!("With {subject}: {lesson}"),
            body: format!(
                "When we worked on {subject}, we learned to {lesson}. Next time we would also {other}."
            ),
            tags: vec![
                subject
                    .split_whitespace()
                    .last()
                    .unwrap_or("pilot")
                    .to_string(),
            ],
            created: when.clone(),
            updated: when,
            language: terms.language.clone(),
            licence: terms.licence.clone(),
            stage: None,
            effort: None,
            hash: String::new(),
            signer: None,
            signature: None,
        };
        l.hash = l.digest();
        if let Some(key) = &key {
            l.sign(key);
        }
        pack.lessons.push(l);
    }
    serde_json::to_writer(std::io::stdout().lock(), &pack).expect("write the pack");
}
