//! The index schema: which fields exist, how text is analysed, and how a
//! network becomes a document.

use tantivy::schema::{
    FAST, Field, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing, TextOptions,
};
use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, SimpleTokenizer, TextAnalyzer,
};
use tantivy::{Index, TantivyDocument};

use crate::model::{Network, regions, topic};

/// Bumped whenever the schema or the analysis changes, so old indexes are
/// rebuilt instead of misread. 6: records are cleaned of terminal escapes,
/// so indexes holding uncleaned text are built again. 7: camel-case parts,
/// one spelling for UK and US words, positions for phrases. 8: regions
/// indexed with the groups containing them, and as tagged (region_tag).
/// 9: aliases and keywords searched, freshness for ranking, positions only
/// where phrases are looked for. 10: the places each network is mostly
/// about (region_focus), the languages spoken there (spoken). The index
/// holds what assets/region-groups.tsv and assets/languages.tsv imply:
/// bump this when they change. 12: all_text. 13: written without zstd
/// (tantivy without its default features), which an older index may need.
pub const SCHEMA_VERSION: u32 = 13;

/// The analyser's name as registered with tantivy.
pub const ANALYZER: &str = "cairn";

/// Splits camel-case names into their parts as well ("UKGovCamp" also
/// gives "uk", "gov", "camp"), lower-cases, folds accents ("Zürich" →
/// "zurich"), makes UK and US spellings one ("behaviour" → "behavior")
/// and stems English words.
pub fn analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(super::words::SplitCamel)
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(super::words::OneSpelling)
        .filter(super::words::EnglishStem)
        .build()
}

/// Lower-cases and folds accents but keeps whole words: for comparing whole
/// names, where "Smart Cities" and "Smart City" are different names.
fn key_analyzer() -> TextAnalyzer {
    TextAnalyzer::builder(SimpleTokenizer::default())
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

/// Runs the analyser over `text`, returning each token with its byte range.
pub fn tokens(text: &str) -> Vec<(String, std::ops::Range<usize>)> {
    // Building an analyser (and its stemmer) costs more than using one.
    static ANALYZER: std::sync::OnceLock<TextAnalyzer> = std::sync::OnceLock::new();
    let mut analyzer = ANALYZER.get_or_init(analyzer).clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = Vec::new();
    while stream.advance() {
        let t = stream.token();
        out.push((t.text.clone(), t.offset_from..t.offset_to));
    }
    out
}

/// The folded form of a whole name, used to spot an exact name match and
/// to sort by name.
pub fn name_key(text: &str) -> String {
    static KEY: std::sync::OnceLock<TextAnalyzer> = std::sync::OnceLock::new();
    let mut analyzer = KEY.get_or_init(key_analyzer).clone();
    let mut stream = analyzer.token_stream(text);
    let mut out = String::with_capacity(text.len());
    while stream.advance() {
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(&stream.token().text);
    }
    out
}

/// Searchable text fields with their boosts: a match in the name counts more
/// than one in the description. The last, `all_text`, holds every text of
/// a network (name, short name, topics, summary, places, description,
/// activities, aliases, keywords): the short, telling fields have their own
/// as well, so a word in a name counts more than one further down.
pub const TEXT_FIELDS: &[(&str, f32)] = &[
    ("name", 3.0),
    ("short_name", 2.0),
    ("topics", 1.0),
    ("aliases", 2.0),
    ("all_text", 2.0),
];

/// Text fields that keep word positions, for quoted phrases.
pub const PHRASE_FIELDS: &[&str] = &["all_text"];

#[derive(Clone)]
pub struct Fields {
    pub id: Field,
    pub doc: Field,
    pub display_name: Field,
    pub name_key: Field,
    pub sort_name: Field,
    pub hash: Field,
    /// 0 for a network that has ended, else 1 + the year it was last seen
    /// active (0 when unknown): ranks ended networks below active ones.
    pub freshness: Field,
    /// The languages spoken where a network is, one bit each (see
    /// `words::spoken_mask`): a query in German favours German-speaking
    /// networks without a second pass over the query.
    pub spoken: Field,
    pub text: Vec<(Field, f32)>,
    /// Every text field in one, without positions: whether a network has
    /// a word at all, in one posting list instead of one per field.
    pub all_text: Field,
    pub facets: Vec<(crate::model::Facet, Field)>,
    /// A network's regions as tagged, without the groups containing them.
    pub region_tag: Field,
    /// The places (regions and groups) that hold most of a network's
    /// regions: what the network is "of", not merely present in.
    pub region_focus: Field,
}

impl Fields {
    pub fn facet(&self, facet: crate::model::Facet) -> Field {
        self.facets
            .iter()
            .find(|(f, _)| *f == facet)
            .map(|(_, field)| *field)
            .expect("every facet has a field")
    }
}

pub fn schema() -> Schema {
    let mut b = Schema::builder();
    // Fast columns of ids and names let the "go to" picker list every
    // network without loading a single stored document.
    b.add_text_field("id", STRING | STORED | FAST);
    b.add_text_field("display_name", TextOptions::default().set_fast("raw"));
    b.add_text_field("doc", STORED);
    b.add_text_field("name_key", STRING);
    // Name order for an empty query, as a string so an index can be
    // changed a few networks at a time without renumbering the rest.
    b.add_text_field("sort_name", TextOptions::default().set_fast("raw"));
    // A digest of each network's record, so a sync can tell which changed.
    b.add_text_field("hash", TextOptions::default().set_fast("raw"));
    b.add_u64_field("freshness", FAST);
    b.add_u64_field("spoken", FAST);
    for (name, _) in TEXT_FIELDS {
        let record = if PHRASE_FIELDS.contains(name) {
            IndexRecordOption::WithFreqsAndPositions
        } else {
            IndexRecordOption::WithFreqs
        };
        let text = TextOptions::default().set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(ANALYZER)
                .set_index_option(record),
        );
        b.add_text_field(name, text);
    }
    for facet in crate::model::Facet::ALL {
        // Fast, so the filter panel can count values without loading documents.
        b.add_text_field(&format!("f_{}", facet.name()), STRING | FAST);
    }
    b.add_text_field("region_tag", STRING);
    b.add_text_field("region_focus", STRING);
    b.build()
}

pub fn fields(schema: &Schema) -> Fields {
    let get = |name: &str| schema.get_field(name).expect("field is in the schema");
    Fields {
        id: get("id"),
        doc: get("doc"),
        display_name: get("display_name"),
        name_key: get("name_key"),
        sort_name: get("sort_name"),
        hash: get("hash"),
        freshness: get("freshness"),
        spoken: get("spoken"),
        text: TEXT_FIELDS
            .iter()
            .map(|(name, boost)| (get(name), *boost))
            .collect(),
        facets: crate::model::Facet::ALL
            .iter()
            .map(|f| (*f, get(&format!("f_{}", f.name()))))
            .collect(),
        all_text: get("all_text"),
        region_tag: get("region_tag"),
        region_focus: get("region_focus"),
    }
}

/// Registers the analyser; tantivy does not persist tokenizers with an index.
pub fn register(index: &Index) {
    index.tokenizers().register(ANALYZER, analyzer());
}

/// Facet values are stored lower-cased so filters ignore case.
pub fn facet_value(value: &str) -> String {
    value.to_ascii_lowercase()
}

/// A stored (lower-cased) facet value as people write it: `AU`, `design`.
pub fn facet_display(facet: crate::model::Facet, stored: &str) -> String {
    match facet {
        crate::model::Facet::Region => {
            regions::lookup(stored).map_or(stored.to_string(), |r| r.code.to_string())
        }
        _ => stored.to_string(),
    }
}

/// The values a network has for a facet.
pub fn facet_values(n: &Network, facet: crate::model::Facet) -> Vec<String> {
    use crate::model::Facet;
    let one = |v: Option<&str>| v.into_iter().map(str::to_string).collect::<Vec<_>>();
    match facet {
        // With the groups containing them: FR also gives EU and Europe.
        Facet::Region => super::places::with_groups(n),
        Facet::Topic => n.topics.clone(),
        Facet::Membership => one(n.membership.map(|v| v.as_str())),
        Facet::Scope => one(n.scope.map(|v| v.as_str())),
        Facet::RunBy => one(n.run_by.map(|v| v.as_str())),
        Facet::Formality => one(n.formality.map(|v| v.as_str())),
        Facet::Maturity => one(n.maturity.map(|v| v.as_str())),
        Facet::Status => one(Some(n.status.as_str())),
    }
}

/// See [`Fields::freshness`].
pub fn freshness(n: &Network) -> u64 {
    match n.ended {
        Some(_) => 0,
        None => 1 + n.last_seen_active.map_or(0, |y| y.max(0) as u64),
    }
}

/// Builds the document for a network; `rank` is its place in name order.
/// A digest of a network's record as stored.
pub fn record_hash(n: &Network) -> String {
    hash_of(&serde_json::to_string(n).expect("a network serialises"))
}

/// The digest of a record already serialised.
fn hash_of(json: &str) -> String {
    use sha2::{Digest, Sha256};
    Sha256::digest(json.as_bytes())
        .iter()
        .take(12)
        .map(|b| format!("{b:02x}"))
        .collect()
}

pub fn document(fields: &Fields, n: &Network) -> TantivyDocument {
    let mut doc = TantivyDocument::default();
    doc.add_text(fields.id, &n.id);
    let json = serde_json::to_string(n).expect("a network serialises");
    doc.add_text(fields.hash, hash_of(&json));
    doc.add_u64(fields.freshness, freshness(n));
    let places = super::places::with_groups(n);
    doc.add_u64(fields.spoken, super::words::spoken_mask(&places));
    doc.add_text(fields.doc, json);
    doc.add_text(fields.display_name, &n.name);
    doc.add_text(fields.name_key, name_key(&n.name));
    for other in n.short_name.iter().chain(&n.aliases) {
        doc.add_text(fields.name_key, name_key(other));
    }
    doc.add_text(
        fields.sort_name,
        format!("{}\u{1}{}", name_key(&n.name), n.id),
    );
    let topics: Vec<String> = n
        .topics
        .iter()
        .map(|t| match topic(t) {
            Some(known) => format!("{} {}", t.replace('-', " "), known.label),
            None => t.replace('-', " "),
        })
        .collect();
    let places: Vec<String> = n
        .regions
        .iter()
        .map(|code| match regions::lookup(code) {
            Some(r) => format!("{} {}", r.code, r.name),
            None => code.clone(),
        })
        .collect();
    // Each text, with the field of its own it has (see TEXT_FIELDS).
    let texts: [(Option<usize>, String); 9] = [
        (Some(0), n.name.clone()),
        (Some(1), n.short_name.clone().unwrap_or_default()),
        (Some(2), topics.join(" ; ")),
        (None, n.summary.clone()),
        (None, places.join(" ; ")),
        (None, n.description.clone().unwrap_or_default()),
        (None, n.activities.join(" ; ").replace('-', " ")),
        (Some(3), n.aliases.join(" ; ")),
        (None, n.keywords.join(" ; ").replace('-', " ")),
    ];
    for (own, text) in texts.into_iter().filter(|(_, t)| !t.is_empty()) {
        if let Some(i) = own {
            doc.add_text(fields.text[i].0, &text);
        }
        doc.add_text(fields.all_text, text);
    }
    for (facet, field) in &fields.facets {
        for value in facet_values(n, *facet) {
            doc.add_text(*field, facet_value(&value));
        }
    }
    for code in &n.regions {
        doc.add_text(fields.region_tag, facet_value(code));
    }
    for code in super::places::focused_on(n) {
        doc.add_text(fields.region_focus, facet_value(&code));
    }
    doc
}
