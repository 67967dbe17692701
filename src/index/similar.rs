//! "More like this": the peer lessons and networks most like a piece of
//! text (a challenge), scored by the index's more-like-this query, each
//! with the words that made it match. Peer lessons get their own small
//! index, kept in the cache beside the others and rebuilt when the store
//! of imported lessons changes.

use std::collections::{BTreeSet, HashSet};
use std::fs;
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::MoreLikeThisQuery;
use tantivy::schema::{
    Field, OwnedValue, STORED, STRING, Schema, TextFieldIndexing, TextOptions, Value,
};
use tantivy::{Index, IndexReader, ReloadPolicy, TantivyDocument};

use super::{IndexError, NetworkIndex, io_at, schema};

/// One peer lesson as the index sees it.
#[derive(Debug, Clone)]
pub struct PeerDoc {
    pub id: String,
    pub title: String,
    pub body: String,
    pub tags: Vec<String>,
    /// The whole record, kept in the index and handed back with a match.
    pub record: String,
}

/// Something similar, with the words it shares with the question.
#[derive(Debug, Clone, PartialEq)]
pub struct Similar {
    pub id: String,
    pub score: f32,
    pub why: Vec<String>,
    /// For peer lessons: the record given when the index was built.
    pub record: Option<String>,
}

/// Words too common to explain a match, beyond the stop words of every
/// catalogue language: the words of asking and of the field itself.
const STOP: &[&str] = &[
    "about",
    "after",
    "also",
    "been",
    "being",
    "could",
    "does",
    "from",
    "have",
    "here",
    "into",
    "more",
    "most",
    "much",
    "need",
    "only",
    "other",
    "over",
    "some",
    "such",
    "than",
    "that",
    "their",
    "them",
    "then",
    "there",
    "these",
    "they",
    "this",
    "those",
    "very",
    "want",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "will",
    "with",
    "would",
    "your",
    "anyone",
    "else",
    "tried",
    "trying",
    "whose",
    "help",
    "helps",
    "through",
    "others",
    "across",
    "make",
    "made",
    "many",
    "well",
    "just",
    "like",
    "used",
    "using",
    "work",
    "working",
    "people",
    "public",
    "government",
    "sector",
    "network",
    "networks",
    "community",
    "communities",
];

/// Whether an analysed word is too common to count, in matching or as a
/// reason.
fn is_noise(analysed: &str) -> bool {
    static SET: std::sync::OnceLock<HashSet<String>> = std::sync::OnceLock::new();
    super::words::is_stop_word(analysed)
        || SET
            .get_or_init(|| {
                STOP.iter()
                    .flat_map(|w| schema::tokens(w).into_iter().map(|(t, _)| t))
                    .collect()
            })
            .contains(analysed)
}

/// Every analysed noise word, for the more-like-this query.
fn noise_words(text: &str) -> Vec<String> {
    schema::tokens(text)
        .into_iter()
        .map(|(t, _)| t)
        .filter(|t| is_noise(t))
        .collect()
}

/// The words of `hit` that share a stem with `question`, in the order they
/// first appear, at most `max`.
pub fn shared_words(question: &str, hit: &str, max: usize) -> Vec<String> {
    let wanted: HashSet<String> = schema::tokens(question)
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    let mut seen = BTreeSet::new();
    let mut out = Vec::new();
    for (stem, range) in schema::tokens(hit) {
        let word = hit[range].to_lowercase();
        if word.chars().count() < 4 || is_noise(&stem) || !wanted.contains(&stem) {
            continue;
        }
        if seen.insert(stem) {
            out.push(word);
            if out.len() == max {
                break;
            }
        }
    }
    out
}

/// The part of a question that is searched: a very long entry's whole
/// text would cost tens of seconds and a gigabyte to score.
fn bounded(text: &str) -> &str {
    crate::model::head(text, crate::model::SEARCHED_BODY)
}

fn more_like(fields: &[Field], text: &str) -> MoreLikeThisQuery {
    MoreLikeThisQuery::builder()
        .with_min_doc_frequency(1)
        .with_min_term_frequency(1)
        .with_min_word_length(3)
        .with_max_query_terms(30)
        .with_stop_words(noise_words(text))
        .with_document_fields(
            fields
                .iter()
                .map(|f| (*f, vec![OwnedValue::Str(text.to_string())]))
                .collect(),
        )
}

impl NetworkIndex {
    /// The networks most like `text` (its first [`SEARCHED_BODY`] bytes),
    /// best first.
    ///
    /// [`SEARCHED_BODY`]: crate::model::SEARCHED_BODY
    pub fn similar(&self, text: &str, limit: usize) -> Result<Vec<Similar>, IndexError> {
        let text = bounded(text);
        let searcher = self.reader.searcher();
        let fields: Vec<Field> = self.fields.text.iter().map(|(f, _)| *f).collect();
        let found = searcher.search(
            &more_like(&fields, text),
            &TopDocs::with_limit(limit).order_by_score(),
        )?;
        let mut out = Vec::new();
        for (score, address) in found {
            let n = self.load(&searcher, address)?;
            let hay = format!(
                "{} {} {} {}",
                n.name,
                n.topics.join(" "),
                n.summary,
                n.description.clone().unwrap_or_default()
            );
            out.push(Similar {
                id: n.id,
                score,
                why: shared_words(text, &hay, 5),
                record: None,
            });
        }
        Ok(out)
    }
}

const PEER_META: &str = "cairn-peers.json";

/// An index of the peer lessons, for finding precedent.
pub struct PeerIndex {
    reader: IndexReader,
    title: Field,
    body: Field,
    tags: Field,
    id: Field,
    record: Field,
}

fn peer_schema() -> Schema {
    let mut b = Schema::builder();
    let text = TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(schema::ANALYZER)
                .set_index_option(tantivy::schema::IndexRecordOption::WithFreqs),
        )
        .set_stored();
    b.add_text_field("id", STRING | STORED);
    b.add_text_field("title", text.clone());
    b.add_text_field("body", text.clone());
    b.add_text_field("tags", text);
    b.add_text_field("record", STORED);
    b.build()
}

impl PeerIndex {
    /// Opens the index for the store whose state is `key` (its size and
    /// modification time), building it from `docs` when it does not exist.
    pub fn open_or_build(
        root: &Path,
        key: &str,
        docs: impl FnOnce() -> Result<Vec<PeerDoc>, String>,
    ) -> Result<PeerIndex, IndexError> {
        let dir = root.join(format!("peers-{key}"));
        let ready = fs::read_to_string(dir.join(PEER_META)).is_ok_and(|k| k == key);
        if !ready {
            crate::store::create_private_dir(root)?;
            let tmp = NetworkIndex::building_dir(root, "peers");
            let built = (|| {
                crate::store::create_private_dir(&tmp)?;
                let index = Index::create_in_dir(&tmp, peer_schema())?;
                schema::register(&index);
                let s = index.schema();
                let f = |n: &str| s.get_field(n).expect("field is in the schema");
                let mut writer = super::writer(&index)?;
                for d in docs().map_err(IndexError::Corrupt)? {
                    let mut doc = TantivyDocument::default();
                    doc.add_text(f("id"), &d.id);
                    doc.add_text(f("title"), &d.title);
                    doc.add_text(f("body"), &d.body);
                    doc.add_text(f("tags"), d.tags.join(" "));
                    doc.add_text(f("record"), &d.record);
                    writer.add_document(doc)?;
                }
                writer.commit()?;
                writer.wait_merging_threads()?;
                crate::store::write_atomic(&tmp.join(PEER_META), key.as_bytes())?;
                Ok::<_, IndexError>(())
            })();
            if let Err(e) = built {
                let _ = fs::remove_dir_all(&tmp);
                return Err(e);
            }
            if fs::rename(&tmp, &dir).is_err() {
                let _ = fs::remove_dir_all(&tmp);
            }
            // Older peer indexes are of no use now.
            if let Ok(entries) = fs::read_dir(root) {
                for e in entries.flatten() {
                    let name = e.file_name().to_string_lossy().into_owned();
                    if name.starts_with("peers-") && e.path() != dir {
                        let _ = fs::remove_dir_all(e.path());
                    }
                }
            }
        }
        let index = Index::open_in_dir(&dir).map_err(|e| match e {
            tantivy::TantivyError::OpenDirectoryError(_) => {
                io_at(&dir)(std::io::Error::other(e.to_string()))
            }
            other => other.into(),
        })?;
        schema::register(&index);
        let s = index.schema();
        let f = |n: &str| s.get_field(n).expect("field is in the schema");
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(PeerIndex {
            reader,
            title: f("title"),
            body: f("body"),
            tags: f("tags"),
            id: f("id"),
            record: f("record"),
        })
    }

    /// The peer lessons most like `text` (its first part, as for
    /// networks), best first.
    pub fn similar(&self, text: &str, limit: usize) -> Result<Vec<Similar>, IndexError> {
        let text = bounded(text);
        let searcher = self.reader.searcher();
        let query = more_like(&[self.title, self.body, self.tags], text);
        let found = searcher.search(&query, &TopDocs::with_limit(limit).order_by_score())?;
        let mut out = Vec::new();
        for (score, address) in found {
            let doc: TantivyDocument = searcher.doc(address)?;
            let get = |f: Field| {
                doc.get_first(f)
                    .and_then(|v| v.as_str())
                    .unwrap_or_default()
                    .to_string()
            };
            let hay = format!("{} {} {}", get(self.title), get(self.tags), get(self.body));
            out.push(Similar {
                id: get(self.id),
                score,
                why: shared_words(text, &hay, 5),
                record: Some(get(self.record)),
            });
        }
        Ok(out)
    }
}

impl PeerIndex {
    /// How many peer lessons contain every word of `words` (title, body or
    /// tags; stems, case and accents ignored).
    pub fn count_matching(&self, words: &str) -> Result<usize, IndexError> {
        use tantivy::query::{BooleanQuery, Occur, Query, TermQuery};
        let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for (stem, _) in schema::tokens(words) {
            let any_field: Vec<(Occur, Box<dyn Query>)> = [self.title, self.body, self.tags]
                .iter()
                .map(|f| {
                    let term = tantivy::Term::from_field_text(*f, &stem);
                    let q: Box<dyn Query> = Box::new(TermQuery::new(
                        term,
                        tantivy::schema::IndexRecordOption::Basic,
                    ));
                    (Occur::Should, q)
                })
                .collect();
            clauses.push((Occur::Must, Box::new(BooleanQuery::new(any_field))));
        }
        if clauses.is_empty() {
            return Ok(0);
        }
        let searcher = self.reader.searcher();
        Ok(searcher.search(&BooleanQuery::new(clauses), &tantivy::collector::Count)?)
    }
}
