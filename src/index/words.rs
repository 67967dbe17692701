//! How words are made comparable before they are matched: camel-case
//! names split into their parts, UK and US spellings made one, the stop
//! words of the catalogue's languages, and the field's thesaurus.

use std::collections::{HashMap, HashSet};
use std::sync::OnceLock;

use tantivy::tokenizer::{
    Language, RawTokenizer, Stemmer, TextAnalyzer, Token, TokenFilter, TokenStream, Tokenizer,
};

// ---- camel-case and compound names ----

/// Byte ranges of the parts of a camel-case word: `UKGovCamp` → `UK`,
/// `Gov`, `Camp`; `InnovatieNetwerk` → `Innovatie`, `Netwerk`. One range
/// (the whole word) when it has no inner capital.
pub fn camel_parts(word: &str) -> Vec<std::ops::Range<usize>> {
    let chars: Vec<(usize, char)> = word.char_indices().collect();
    let mut cuts = vec![0];
    for i in 1..chars.len() {
        let (at, c) = chars[i];
        let prev = chars[i - 1].1;
        let next_lower = chars.get(i + 1).is_some_and(|(_, n)| n.is_lowercase());
        let boundary = (c.is_uppercase() && prev.is_lowercase())
            || (c.is_uppercase() && prev.is_uppercase() && next_lower)
            || (c.is_alphabetic() && prev.is_numeric())
            || (c.is_numeric() && prev.is_alphabetic());
        if boundary {
            cuts.push(at);
        }
    }
    cuts.push(word.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Emits, after a camel-case word, each of its parts at the same position,
/// so "Camp" finds UKGovCamp and the whole word still matches.
#[derive(Clone, Default)]
pub struct SplitCamel;

impl TokenFilter for SplitCamel {
    type Tokenizer<T: Tokenizer> = SplitCamelFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> SplitCamelFilter<T> {
        SplitCamelFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct SplitCamelFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for SplitCamelFilter<T> {
    type TokenStream<'a> = SplitCamelStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        SplitCamelStream {
            tail: self.inner.token_stream(text),
            pending: Vec::new(),
            current: Token::default(),
        }
    }
}

pub struct SplitCamelStream<S> {
    tail: S,
    /// Parts still to emit, last first.
    pending: Vec<Token>,
    current: Token,
}

impl<S: TokenStream> TokenStream for SplitCamelStream<S> {
    fn advance(&mut self) -> bool {
        if let Some(part) = self.pending.pop() {
            self.current = part;
            return true;
        }
        if !self.tail.advance() {
            return false;
        }
        // Copied into the buffer `current` already has: this runs for
        // every word of every network while indexing.
        let t = self.tail.token();
        self.current.offset_from = t.offset_from;
        self.current.offset_to = t.offset_to;
        self.current.position = t.position;
        self.current.position_length = t.position_length;
        self.current.text.clear();
        self.current.text.push_str(&t.text);
        // Only a capital or a digit after the first letter can cut a word.
        let may_cut = t
            .text
            .chars()
            .skip(1)
            .any(|c| c.is_uppercase() || c.is_numeric());
        if !may_cut {
            return true;
        }
        let whole = self.current.clone();
        let parts = camel_parts(&whole.text);
        if parts.len() > 1 {
            for r in parts.into_iter().rev() {
                self.pending.push(Token {
                    offset_from: whole.offset_from + r.start,
                    offset_to: whole.offset_from + r.end,
                    position: whole.position,
                    text: whole.text[r].to_string(),
                    position_length: 1,
                });
            }
        }
        true
    }

    fn token(&self) -> &Token {
        &self.current
    }

    fn token_mut(&mut self) -> &mut Token {
        &mut self.current
    }
}

// ---- UK and US spellings ----

/// Stems whose British `-our` is American `-or`.
const OUR_STEMS: &[&str] = &[
    "behaviour",
    "colour",
    "labour",
    "favour",
    "honour",
    "neighbour",
    "harbour",
    "rumour",
    "humour",
    "endeavour",
    "flavour",
    "savour",
    "vapour",
    "vigour",
    "armour",
    "odour",
];

/// Whole words (and their plurals) spelt differently.
const WORDS: &[(&str, &str)] = &[
    ("centre", "center"),
    ("centres", "centers"),
    ("theatre", "theater"),
    ("metre", "meter"),
    ("fibre", "fiber"),
    ("litre", "liter"),
    ("defence", "defense"),
    ("licence", "license"),
    ("offence", "offense"),
    ("ageing", "aging"),
    ("judgement", "judgment"),
    ("enrol", "enroll"),
    ("enrolment", "enrollment"),
    ("fulfil", "fulfill"),
    ("modelling", "modeling"),
    ("modelled", "modeled"),
    ("travelling", "traveling"),
    ("labelling", "labeling"),
    ("labelled", "labeled"),
    ("cancelled", "canceled"),
    ("counselling", "counseling"),
    ("aluminium", "aluminum"),
    ("grey", "gray"),
    ("cheque", "check"),
];

/// One spelling for words that UK and US English spell differently:
/// the American one (the stemmer that follows knows it best). Works on
/// lower-cased, accent-folded words.
pub fn us_spelling(word: &str) -> Option<String> {
    if let Some(&(_, us)) = WORDS.iter().find(|(uk, _)| *uk == word) {
        return Some(us.to_string());
    }
    if let Some(stem) = OUR_STEMS.iter().find(|s| word.starts_with(*s)) {
        let base = &stem[..stem.len() - 3];
        return Some(format!("{base}or{}", &word[stem.len()..]));
    }
    for (uk, us) in [
        ("programme", "program"),
        ("catalogue", "catalog"),
        ("dialogue", "dialog"),
        ("analogue", "analog"),
    ] {
        if let Some(rest) = word.strip_prefix(uk) {
            return Some(format!("{us}{rest}"));
        }
    }
    // -ise/-isation/-yse and their forms. Both sides of every comparison
    // pass through here, so a word that was never British (`wise`) only
    // gains a spelling nobody types; too short to matter below 6 letters.
    if word.len() >= 6 {
        for (uk, us) in [
            ("isations", "izations"),
            ("isation", "ization"),
            ("ising", "izing"),
            ("ised", "ized"),
            ("iser", "izer"),
            ("isers", "izers"),
            ("ises", "izes"),
            ("ise", "ize"),
            ("ysing", "yzing"),
            ("ysed", "yzed"),
            ("yse", "yze"),
        ] {
            if let Some(stem) = word.strip_suffix(uk) {
                return Some(format!("{stem}{us}"));
            }
        }
    }
    None
}

/// Applies [`us_spelling`] to each token.
#[derive(Clone, Default)]
pub struct OneSpelling;

impl TokenFilter for OneSpelling {
    type Tokenizer<T: Tokenizer> = OneSpellingFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> OneSpellingFilter<T> {
        OneSpellingFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct OneSpellingFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for OneSpellingFilter<T> {
    type TokenStream<'a> = OneSpellingStream<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        OneSpellingStream {
            tail: self.inner.token_stream(text),
        }
    }
}

pub struct OneSpellingStream<S> {
    tail: S,
}

impl<S: TokenStream> TokenStream for OneSpellingStream<S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        if let Some(us) = us_spelling(&self.tail.token().text) {
            self.tail.token_mut().text = us;
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

// ---- English stems, each word stemmed once ----

/// How many words an analyser remembers the stem of before starting over.
const STEMS_KEPT: usize = 50_000;

/// English stems (the Snowball stemmer), with each word's stem kept: the
/// words of a catalogue repeat, and stemming cost about a fifth of
/// building an index.
#[derive(Clone, Default)]
pub struct EnglishStem;

impl TokenFilter for EnglishStem {
    type Tokenizer<T: Tokenizer> = EnglishStemFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> EnglishStemFilter<T> {
        EnglishStemFilter {
            inner: tokenizer,
            stems: HashMap::new(),
            stemmer: TextAnalyzer::builder(RawTokenizer::default())
                .filter(Stemmer::new(Language::English))
                .build(),
        }
    }
}

#[derive(Clone)]
pub struct EnglishStemFilter<T> {
    inner: T,
    stems: HashMap<String, String>,
    stemmer: TextAnalyzer,
}

impl<T: Tokenizer> Tokenizer for EnglishStemFilter<T> {
    type TokenStream<'a> = EnglishStemStream<'a, T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        EnglishStemStream {
            tail: self.inner.token_stream(text),
            stems: &mut self.stems,
            stemmer: &mut self.stemmer,
        }
    }
}

pub struct EnglishStemStream<'a, S> {
    tail: S,
    stems: &'a mut HashMap<String, String>,
    stemmer: &'a mut TextAnalyzer,
}

impl<S: TokenStream> TokenStream for EnglishStemStream<'_, S> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        if let Some(stem) = self.stems.get(&token.text) {
            token.text.clear();
            token.text.push_str(stem);
            return true;
        }
        let stem = {
            let mut stream = self.stemmer.token_stream(&token.text);
            match stream.advance() {
                true => stream.token().text.clone(),
                false => token.text.clone(),
            }
        };
        if self.stems.len() >= STEMS_KEPT {
            self.stems.clear();
        }
        self.stems
            .insert(std::mem::replace(&mut token.text, stem.clone()), stem);
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

// ---- stop words ----

const STOP_WORDS: &str = include_str!("../../assets/stopwords.txt");

/// Stop words of the catalogue's languages, analysed as the index
/// analyses text, so they compare with analysed query words.
pub fn is_stop_word(analysed: &str) -> bool {
    static SET: OnceLock<HashSet<String>> = OnceLock::new();
    SET.get_or_init(|| {
        STOP_WORDS
            .lines()
            .filter(|l| !l.starts_with('#'))
            .flat_map(str::split_whitespace)
            .flat_map(|w| super::schema::tokens(w).into_iter().map(|(t, _)| t))
            .collect()
    })
    .contains(analysed)
}

// ---- the topic vocabulary ----

/// The names a topic goes by: its slug, its label and each item its
/// description lists ("monitoring and evaluation", "open data"), as
/// analysed words without stop words.
fn topic_names(topic: &crate::model::Topic) -> Vec<Vec<String>> {
    let content = |text: &str| -> Vec<String> {
        super::schema::tokens(text)
            .into_iter()
            .map(|(w, _)| w)
            .filter(|w| !is_stop_word(w))
            .collect()
    };
    let mut names = vec![content(&topic.slug.replace('-', " ")), content(topic.label)];
    // An item of one word is often a qualifier ("including innovation,
    // pre-commercial … procurement"), not a name of the topic.
    let items = topic
        .description
        .split([',', ':', ';', '.'])
        .flat_map(|item| item.split(" including "))
        .map(|item| {
            let item = item.trim();
            ["and ", "or "]
                .iter()
                .find_map(|lead| item.strip_prefix(lead))
                .unwrap_or(item)
        })
        .map(content)
        .filter(|words| words.len() > 1);
    for words in items {
        if !names.contains(&words) {
            names.push(words);
        }
    }
    names.retain(|words| !words.is_empty());
    names
}

/// A topic's slug and the names it goes by, each as analysed words.
type TopicNames = (&'static str, Vec<Vec<String>>);

/// The topics a query names: those one of whose names (slug, label, or an
/// item of its description) appears among the query's content words as a
/// run ("artificial intelligence" names `ai`, "monitoring and evaluation"
/// names `evaluation`). `words` are analysed and without stop words. A
/// name of one word counts only when `telling` says that word tells
/// something (not "innovation", which most networks use).
pub fn topics_named(words: &[String], telling: impl Fn(&str) -> bool) -> Vec<&'static str> {
    topics_named_in(std::slice::from_ref(&words.to_vec()), telling)
}

fn topics_named_in(runs: &[Vec<String>], telling: impl Fn(&str) -> bool) -> Vec<&'static str> {
    static NAMES: OnceLock<Vec<TopicNames>> = OnceLock::new();
    let names = NAMES.get_or_init(|| {
        crate::model::topics()
            .iter()
            .map(|t| (t.slug, topic_names(t)))
            .collect()
    });
    names
        .iter()
        .filter(|(_, names)| {
            names.iter().any(|name| {
                runs.iter().any(|words| holds(words, name))
                    && (name.len() > 1 || name.iter().all(|w| telling(w)))
            })
        })
        .map(|(slug, _)| *slug)
        .collect()
}

/// The topics whose description in the vocabulary holds one of `words`
/// (analysed, not stop words).
pub fn topics_described_by(words: &[super::highlight::Term]) -> Vec<&'static str> {
    static TOPICS: OnceLock<Vec<(&'static str, HashSet<String>)>> = OnceLock::new();
    let described = TOPICS.get_or_init(|| {
        crate::model::topics()
            .iter()
            .map(|t| {
                let words = super::schema::tokens(t.description)
                    .into_iter()
                    .map(|(w, _)| w)
                    .filter(|w| !is_stop_word(w))
                    .collect();
                (t.slug, words)
            })
            .collect()
    });
    described
        .iter()
        .filter(|(_, set)| words.iter().any(|w| set.contains(&w.text)))
        .map(|(slug, _)| *slug)
        .collect()
}

// ---- the thesaurus ----

const THESAURUS: &str = include_str!("../../assets/thesaurus.txt");

/// One term of the thesaurus: its analysed words, and its language when
/// it is not English.
struct Entry {
    words: Vec<String>,
    language: Option<&'static str>,
}

/// A term's language code, when it starts with one (`de:verwaltung`).
fn tagged(term: &'static str) -> (Option<&'static str>, &'static str) {
    match term.split_once(':') {
        Some((code, rest)) if code.len() == 2 && code.chars().all(|c| c.is_ascii_lowercase()) => {
            (Some(code), rest)
        }
        _ => (None, term),
    }
}

/// Groups of terms that mean the same in this field; a query holding one
/// term also looks for the others.
fn groups() -> &'static [Vec<Entry>] {
    static GROUPS: OnceLock<Vec<Vec<Entry>>> = OnceLock::new();
    GROUPS.get_or_init(|| {
        THESAURUS
            .lines()
            .map(str::trim)
            .filter(|l| !l.is_empty() && !l.starts_with('#'))
            .map(|l| {
                l.split('|')
                    .map(|term| {
                        let (language, text) = tagged(term.trim());
                        let words = super::schema::tokens(text)
                            .into_iter()
                            .map(|(t, _)| t)
                            .collect();
                        Entry { words, language }
                    })
                    .filter(|e: &Entry| !e.words.is_empty())
                    .collect()
            })
            .collect()
    })
}

/// Whether `term` appears in `words` as a run.
fn holds(words: &[String], term: &[String]) -> bool {
    words.windows(term.len()).any(|w| w == term)
}

/// Analysed words that mean what `words` (analysed, in order) say, from
/// the thesaurus: every other term of a group one of whose terms appears
/// in `words` as a run. Words already in `words` are left out.
pub fn related(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let present: HashSet<&str> = words.iter().map(String::as_str).collect();
    for group in groups() {
        if !group.iter().any(|e| holds(words, &e.words)) {
            continue;
        }
        for word in group.iter().flat_map(|e| &e.words) {
            if !present.contains(word.as_str()) && !out.contains(word) {
                out.push(word.clone());
            }
        }
    }
    out
}

const LANGUAGES: &str = include_str!("../../assets/languages.tsv");

/// Each language of assets/languages.tsv with the regions where it is
/// spoken, in file order: a language's place is its bit in a
/// [`spoken_mask`].
fn languages() -> &'static [(&'static str, Vec<&'static str>)] {
    static TABLE: OnceLock<Vec<(&'static str, Vec<&'static str>)>> = OnceLock::new();
    TABLE.get_or_init(|| {
        let table: Vec<_> = LANGUAGES
            .lines()
            .filter(|l| !l.starts_with('#'))
            .filter_map(|l| l.split_once('\t'))
            .map(|(code, regions)| (code.trim(), regions.split_whitespace().collect()))
            .collect();
        assert!(table.len() <= 64, "a spoken mask has 64 bits");
        table
    })
}

/// The languages other than English that `words` (analysed, in order) are
/// written in: those of the thesaurus terms they hold (`de:kommunen` for
/// "digitalisierung kommunen"). A term that analyses as an English term
/// does ("évaluation" and "evaluation") says nothing.
fn query_languages(words: &[String]) -> Vec<&'static str> {
    static ENGLISH: OnceLock<HashSet<Vec<String>>> = OnceLock::new();
    let english = ENGLISH.get_or_init(|| {
        groups()
            .iter()
            .flatten()
            .filter(|e| e.language.is_none())
            .map(|e| e.words.clone())
            .collect()
    });
    let mut out: Vec<&str> = Vec::new();
    for entry in groups().iter().flatten() {
        if let Some(language) = entry.language
            && !english.contains(&entry.words)
            && holds(words, &entry.words)
            && !out.contains(&language)
        {
            out.push(language);
        }
    }
    out
}

/// The regions where the languages of `words` are spoken.
#[cfg(test)]
fn language_regions(words: &[String]) -> Vec<&'static str> {
    let wanted = query_languages(words);
    let mut out = Vec::new();
    for (code, regions) in languages() {
        if wanted.contains(code) {
            for region in regions {
                if !out.contains(region) {
                    out.push(*region);
                }
            }
        }
    }
    out
}

/// The languages of `words` as a mask: bit i for the i-th language of
/// assets/languages.tsv. Compared with a network's [`spoken_mask`].
pub fn query_mask(words: &[String]) -> u64 {
    let wanted = query_languages(words);
    languages()
        .iter()
        .enumerate()
        .filter(|(_, (code, _))| wanted.contains(code))
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// The languages spoken where a network is, as a mask: bit i when one of
/// `places` (its regions and the groups containing them) is a region of
/// the i-th language of assets/languages.tsv.
pub fn spoken_mask(places: &[String]) -> u64 {
    languages()
        .iter()
        .enumerate()
        .filter(|(_, (_, regions))| {
            regions
                .iter()
                .any(|r| places.iter().any(|p| p.eq_ignore_ascii_case(r)))
        })
        .fold(0, |mask, (i, _)| mask | 1 << i)
}

/// How often each analysed word of the thesaurus appears, for tests.
#[cfg(test)]
fn thesaurus_words() -> std::collections::HashMap<String, usize> {
    let mut out = std::collections::HashMap::new();
    for w in groups().iter().flatten().flat_map(|e| &e.words) {
        *out.entry(w.clone()).or_insert(0) += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::index::schema::tokens;

    fn analysed(text: &str) -> Vec<String> {
        tokens(text).into_iter().map(|(t, _)| t).collect()
    }

    #[test]
    fn camel_case_names_split_into_parts() {
        let parts = |w: &str| {
            camel_parts(w)
                .into_iter()
                .map(|r| w[r].to_string())
                .collect::<Vec<_>>()
        };
        assert_eq!(parts("UKGovCamp"), ["UK", "Gov", "Camp"]);
        assert_eq!(parts("InnovatieNetwerk"), ["Innovatie", "Netwerk"]);
        assert_eq!(parts("GovLabAustria"), ["Gov", "Lab", "Austria"]);
        assert_eq!(parts("InnoLabs"), ["Inno", "Labs"]);
        assert_eq!(parts("design"), ["design"]);
        assert_eq!(parts("OPSI"), ["OPSI"]);
        let words = analysed("UKGovCamp");
        for w in ["ukgovcamp", "uk", "gov", "camp"] {
            assert!(words.contains(&w.to_string()), "{words:?}");
        }
    }

    #[test]
    fn uk_and_us_spellings_are_one_word() {
        for (uk, us) in [
            ("behavioural insights", "behavioral insights"),
            ("behaviour", "behavior"),
            ("organisation", "organization"),
            ("organise", "organize"),
            ("randomised trials", "randomized trials"),
            ("centre", "center"),
            ("programme", "program"),
            ("programmes", "programs"),
            ("catalogue", "catalog"),
            ("analyse", "analyze"),
            ("modernisation", "modernization"),
            ("digitalisation", "digitalization"),
            ("labour", "labor"),
            ("defence", "defense"),
        ] {
            assert_eq!(analysed(uk), analysed(us), "{uk} / {us}");
        }
    }

    #[test]
    fn stop_words_of_every_catalogue_language() {
        for w in [
            "the", "where", "de", "la", "des", "und", "het", "para", "il", "não",
        ] {
            let t = analysed(w);
            assert!(t.iter().all(|t| is_stop_word(t)), "{w}: {t:?}");
        }
        for w in ["design", "procurement", "data", "innovation"] {
            assert!(!is_stop_word(&analysed(w)[0]), "{w}");
        }
    }

    #[test]
    fn the_thesaurus_adds_related_words_and_not_the_query_own() {
        let q = analysed("nudge unit");
        let more = related(&q);
        assert!(more.contains(&analysed("behavioural")[0]), "{more:?}");
        assert!(!more.iter().any(|w| q.contains(w)));
        let more = related(&analysed("citizen engagement"));
        assert!(more.contains(&analysed("participation")[0]), "{more:?}");
        assert!(
            related(&analysed("citizen")).is_empty()
                || !related(&analysed("citizen")).contains(&analysed("participation")[0])
        );
        assert!(related(&analysed("ai")).contains(&analysed("artificial")[0]));
        assert!(!thesaurus_words().is_empty());
    }

    #[test]
    fn a_query_in_another_language_favours_where_it_is_spoken() {
        let de = language_regions(&analysed("digitalisierung kommunen"));
        assert!(de.contains(&"DE") && de.contains(&"AT"), "{de:?}");
        let fr = language_regions(&analysed("données ouvertes collectivités"));
        assert!(fr.contains(&"FR") && !fr.contains(&"DE"), "{fr:?}");
        assert!(language_regions(&analysed("open data")).is_empty());
    }

    #[test]
    fn a_query_names_a_topic_by_its_slug_label_or_a_listed_item() {
        let named = |q: &str| {
            let words: Vec<String> = analysed(q)
                .into_iter()
                .filter(|w| !is_stop_word(w))
                .collect();
            topics_named(&words, |_| true)
        };
        assert_eq!(named("artificial intelligence"), ["ai"]);
        assert_eq!(named("procurement"), ["procurement"]);
        assert_eq!(named("monitoring and evaluation"), ["evaluation"]);
        assert_eq!(
            named("how do I find people doing strategic foresight"),
            ["foresight"]
        );
        assert!(named("digital government").contains(&"digital"));
        // A qualifier in a description is not a name of the topic.
        assert!(!named("innovation").contains(&"procurement"));
        assert!(named("quokka").is_empty());
        // One-word names count only when the word tells something.
        let words = analysed("procurement");
        assert!(topics_named(&words, |_| false).is_empty());
    }

    #[test]
    fn a_word_spelt_alike_in_english_does_not_set_the_language() {
        assert!(language_regions(&analysed("evaluation")).is_empty());
        assert!(language_regions(&analysed("monitoring and evaluation")).is_empty());
        assert!(language_regions(&analysed("évaluation des politiques publiques")).contains(&"FR"));
    }

    #[test]
    fn a_query_language_meets_the_networks_where_it_is_spoken() {
        let places = |codes: &[&str]| codes.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        let german = query_mask(&analysed("digitalisierung kommunen"));
        assert_ne!(german, 0);
        assert_ne!(german & spoken_mask(&places(&["AT", "Europe"])), 0);
        assert_eq!(german & spoken_mask(&places(&["FR", "EU", "Europe"])), 0);
        assert_eq!(query_mask(&analysed("open data")), 0);
        assert_eq!(spoken_mask(&places(&["global"])), 0);
    }
}
