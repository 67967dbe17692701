//! Writes a synthetic catalogue of N networks to stdout, for benchmarks and
//! for trying cairn at scale:
//!
//!     cargo run --release --example gen_catalogue -- 100000 > big.json
//!
//! The output is deterministic: the same N always gives the same file.

use cairn::model::{Formality, Membership, Network, RunBy, Scope, Status, topics};

/// A small deterministic generator (SplitMix64); no need for a crate here.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

const PLACES: &[(&str, &str)] = &[
    ("AU", "Victorian"),
    ("GB", "Welsh"),
    ("CA", "Ontario"),
    ("NZ", "Wellington"),
    ("US", "Californian"),
    ("DE", "Bavarian"),
    ("FR", "Lyon"),
    ("NL", "Dutch"),
    ("SE", "Nordic"),
    ("CL", "Chilean"),
    ("BR", "Brazilian"),
    ("ZA", "Cape"),
    ("KE", "Nairobi"),
    ("IN", "Kerala"),
    ("JP", "Kyoto"),
    ("ES", "Catalan"),
    ("FI", "Helsinki"),
    ("IE", "Irish"),
    ("SG", "Singapore"),
    ("CO", "Bogotá"),
];
const KINDS: &[&str] = &[
    "Network",
    "Community of Practice",
    "Lab Network",
    "Forum",
    "Collective",
    "Circle",
    "Guild",
    "Alliance",
    "Exchange",
    "Roundtable",
];
const THEMES: &[&str] = &[
    "Service Design",
    "Digital Government",
    "Open Data",
    "Procurement Innovation",
    "Behavioural Insights",
    "Policy Design",
    "Foresight",
    "Evaluation",
    "Local Innovation",
    "Civic Tech",
    "Data Science",
    "User Research",
    "Public Leadership",
    "Change Makers",
    "Experimentation",
];
const WHO: &[&str] = &[
    "public servants",
    "local councils",
    "policy officers",
    "service designers",
    "data analysts",
    "procurement teams",
    "city innovation teams",
    "frontline managers",
    "researchers and officials",
];
const VERBS: &[&str] = &[
    "share",
    "test",
    "compare",
    "document",
    "learn from",
    "co-design",
    "evaluate",
    "scale",
];
const THINGS: &[&str] = &[
    "pilots",
    "prototypes",
    "case studies",
    "methods",
    "lessons",
    "approval routes",
    "service patterns",
    "experiments",
    "toolkits",
    "procurement templates",
];
const HOW: &[&str] = &[
    "through monthly meetups",
    "in an annual unconference",
    "on an open forum",
    "in peer review sessions",
    "through a mentoring scheme",
    "in small working groups",
    "with an online case library",
];

fn network(rng: &mut Rng, i: usize) -> Network {
    let (code, adjective) = *rng.pick(PLACES);
    let theme = *rng.pick(THEMES);
    let kind = *rng.pick(KINDS);
    let name = format!("{adjective} {theme} {kind} {i}");
    let summary = format!(
        "A {} where {} {} {} {}.",
        kind.to_lowercase(),
        rng.pick(WHO),
        rng.pick(VERBS),
        rng.pick(THINGS),
        rng.pick(HOW)
    );
    let description = format!(
        "Members {} {} about {} and {} {} with peers in other agencies. It began when {} asked \"has anyone else tried this?\".",
        rng.pick(VERBS),
        rng.pick(THINGS),
        theme.to_lowercase(),
        rng.pick(VERBS),
        rng.pick(THINGS),
        rng.pick(WHO)
    );
    let mut n = Network::new(format!("net-{i}"), name, summary);
    n.description = Some(description);
    n.regions = vec![code.to_string()];
    let vocab = topics();
    let mut picked: Vec<String> = (0..1 + rng.below(3))
        .map(|_| rng.pick(vocab).slug.to_string())
        .collect();
    picked.dedup();
    n.topics = picked;
    n.scope = Some(*rng.pick(Scope::ALL));
    n.membership = Some(*rng.pick(Membership::ALL));
    n.formality = Some(*rng.pick(Formality::ALL));
    n.run_by = Some(*rng.pick(RunBy::ALL));
    n.founded = Some(1995 + rng.below(30) as i32);
    n.status = if rng.below(4) == 0 {
        Status::Submitted
    } else {
        Status::Validated
    };
    n.url = Some(format!("https://example.org/networks/{i}"));
    n.sources = vec![format!("https://example.org/sources/{i}")];
    n
}

fn main() {
    let count: usize = std::env::args()
        .nth(1)
        .and_then(|a| a.replace('_', "").parse().ok())
        .unwrap_or_else(|| {
            eprintln!("usage: gen_catalogue COUNT > catalogue.json");
            std::process::exit(2)
        });
    let mut rng = Rng(0x00C0_FFEE);
    let networks: Vec<Network> = (0..count).map(|i| network(&mut rng, i)).collect();
    print!("{}", cairn::catalogue::to_json(&networks));
}
