//! Formats cairn writes and reads back, by property: a catalogue written
//! by cairn reads back as the same networks (JSON), the same records read
//! from CSV as from JSON, and a lesson pack made from any entry imports as
//! exactly the lessons that were written.

use cairn::catalogue::{self, Format};
use cairn::model::{Entry, FrontMatter, Kind, LessonPack, Network, PackLesson, PackTerms};
use proptest::prelude::*;

fn bundled() -> Vec<Network> {
    catalogue::bundled().networks
}

/// Text a person may type in a field: any printable characters, spaces
/// inside, none at the ends (cairn trims those), no separators of lists.
fn field() -> impl Strategy<Value = String> {
    "[^\\p{C};\\s]([^\\p{C};]{0,30}[^\\p{C};\\s])?"
        // Invisible characters that are not \p{C} (U+17B4 …) are cleaned.
        .prop_filter("cleaning keeps it", |s| cairn::model::clean_text(s).0 == *s)
}

fn mutated(base: &Network, name: String, summary: String, keywords: Vec<String>) -> Network {
    let mut n = base.clone();
    n.name = name;
    n.summary = summary;
    n.activities = keywords;
    n
}

fn read(bytes: &[u8], format: Format) -> Vec<Network> {
    catalogue::parse(bytes, format, None)
        .unwrap_or_else(|e| panic!("{e}"))
        .networks
}

/// A CSV row per network with the columns cairn reads, lists joined with
/// `;` as a spreadsheet would hold them.
fn to_csv(networks: &[Network]) -> Vec<u8> {
    let mut w = csv::Writer::from_writer(Vec::new());
    w.write_record([
        "id",
        "name",
        "summary",
        "regions",
        "topics",
        "activities",
        "url",
    ])
    .unwrap();
    for n in networks {
        w.write_record([
            n.id.as_str(),
            &n.name,
            &n.summary,
            &n.regions.join(";"),
            &n.topics.join(";"),
            &n.activities.join(";"),
            n.url.as_deref().unwrap_or(""),
        ])
        .unwrap();
    }
    w.into_inner().unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(
        std::env::var("PROPTEST_CASES").ok().and_then(|n| n.parse().ok()).unwrap_or(128)
    ))]

    #[test]
    fn a_catalogue_cairn_writes_reads_back_as_the_same_networks(
        pick in 0usize..250,
        name in field(),
        summary in field(),
        keywords in proptest::collection::vec(field(), 0..4),
    ) {
        let all = bundled();
        let base = &all[pick % all.len()];
        let written = mutated(base, name, summary, keywords);
        let once = read(catalogue::to_json(std::slice::from_ref(&written)).as_bytes(), Format::Json);
        prop_assert_eq!(once.len(), 1);
        prop_assert_eq!(&once[0].name, &written.name);
        prop_assert_eq!(&once[0].summary, &written.summary);
        let twice = read(catalogue::to_json(&once).as_bytes(), Format::Json);
        prop_assert_eq!(once, twice);
    }

    #[test]
    fn the_same_records_read_the_same_from_csv_and_json(
        pick in 0usize..250,
        name in field(),
        summary in field(),
        keywords in proptest::collection::vec(field(), 0..4),
    ) {
        let all = bundled();
        let base = &all[pick % all.len()];
        let mut written = mutated(base, name, summary, keywords);
        // Only the columns the CSV holds.
        let slim = |n: &Network| (n.id.clone(), n.name.clone(), n.summary.clone(), n.regions.clone(), n.topics.clone(), n.activities.clone(), n.url.clone());
        written.description = None;
        let from_json = read(catalogue::to_json(std::slice::from_ref(&written)).as_bytes(), Format::Json);
        let from_csv = read(&to_csv(std::slice::from_ref(&written)), Format::Csv);
        prop_assert_eq!(from_json.len(), 1);
        prop_assert_eq!(from_csv.len(), 1);
        prop_assert_eq!(slim(&from_json[0]), slim(&from_csv[0]));
    }

    #[test]
    fn a_pack_made_from_any_entry_imports_as_the_lessons_written(
        title in field(),
        body in "[^\\p{C}%]{0,200}|([^\\p{C}%]{0,20}\n){0,5}",
        tags in proptest::collection::vec(field(), 0..4),
        offset in -12i8..14,
        secs in 0i64..1_760_000_000,
    ) {
        let at = time::OffsetDateTime::from_unix_timestamp(secs)
            .unwrap()
            .to_offset(time::UtcOffset::from_hms(offset, 0, 0).unwrap());
        let e = Entry {
            meta: FrontMatter {
                id: "k7d2m9qx".into(),
                kind: Kind::Lesson,
                title,
                created: at,
                updated: at,
                status: None,
                shareable: true,
                tags: tags.into_iter().filter(|t| !t.contains('%')).collect(),
                networks: vec!["ukgovcamp".into()],
                related: vec![],
                evidence: vec![],
                follow_up: None,
                stage: None,
                effort: None,
                asked: Vec::new(),
                imported: None,
                extra: toml::Table::new(),
            },
            body,
        };
        let (lesson, _) = PackLesson::from_entry(&e, &PackTerms::default());
        let mut pack = LessonPack::new("ukgovcamp", at, &PackTerms::default());
        pack.lessons.push(lesson);
        let json = serde_json::to_vec(&pack).unwrap();
        let (read, warnings) = cairn::share::parse_pack(&json, "pack.json", 1 << 20).unwrap();
        prop_assert!(warnings.is_empty(), "{:?}", warnings);
        prop_assert_eq!(read, pack);
    }
}
