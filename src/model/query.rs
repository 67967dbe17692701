//! The search language shared by `cairn search` and the TUI: free words
//! plus inline filters such as `region:AU topic:design membership:open`.

use super::network::{Formality, Maturity, Membership, RunBy, Scope, Status};
use super::regions;

/// A field that can be filtered on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Facet {
    Region,
    Topic,
    Membership,
    Scope,
    RunBy,
    Formality,
    Maturity,
    Status,
}

impl Facet {
    pub const ALL: &'static [Facet] = &[
        Facet::Region,
        Facet::Topic,
        Facet::Membership,
        Facet::Scope,
        Facet::RunBy,
        Facet::Formality,
        Facet::Maturity,
        Facet::Status,
    ];

    /// The name written before the colon.
    pub fn name(self) -> &'static str {
        match self {
            Facet::Region => "region",
            Facet::Topic => "topic",
            Facet::Membership => "membership",
            Facet::Scope => "scope",
            Facet::RunBy => "run_by",
            Facet::Formality => "formality",
            Facet::Maturity => "maturity",
            Facet::Status => "status",
        }
    }

    pub fn parse(name: &str) -> Option<Facet> {
        let name = name.to_ascii_lowercase().replace('-', "_");
        let name = match name.as_str() {
            "regions" | "country" => "region",
            "topics" | "tag" => "topic",
            "runby" | "run" => "run_by",
            other => other,
        }
        .to_string();
        Facet::ALL.iter().copied().find(|f| f.name() == name)
    }

    /// Checks and canonicalises a value for this facet.
    fn canonical(self, value: &str) -> Result<String, String> {
        fn pick<T: Copy>(
            parsed: Option<T>,
            to_str: fn(T) -> &'static str,
            choices: String,
        ) -> Result<String, String> {
            parsed.map(|v| to_str(v).to_string()).ok_or(choices)
        }
        match self {
            Facet::Region => match regions::lookup(value) {
                Some(r) => Ok(r.code.to_string()),
                None => Err(match regions::suggestion(value) {
                    Some(s) => format!("did you mean {s}?"),
                    None => {
                        "use a country code such as AU or GB, or global, EU, LATAM, Africa…".into()
                    }
                }),
            },
            Facet::Topic => Ok(value.to_ascii_lowercase()),
            Facet::Membership => pick(
                Membership::parse(value),
                Membership::as_str,
                Membership::choices(),
            ),
            Facet::Scope => pick(Scope::parse(value), Scope::as_str, Scope::choices()),
            Facet::RunBy => pick(RunBy::parse(value), RunBy::as_str, RunBy::choices()),
            Facet::Formality => pick(
                Formality::parse(value),
                Formality::as_str,
                Formality::choices(),
            ),
            Facet::Maturity => pick(
                Maturity::parse(value),
                Maturity::as_str,
                Maturity::choices(),
            ),
            Facet::Status => pick(Status::parse(value), Status::as_str, Status::choices()),
        }
    }
}

impl std::fmt::Display for Facet {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// One `facet:value` restriction.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Filter {
    pub facet: Facet,
    /// Canonical form: region codes as listed, other values as slugs.
    pub value: String,
}

impl std::fmt::Display for Filter {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}", self.facet, self.value)
    }
}

/// A query split into free words and filters.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ParsedQuery {
    /// The free-text words, as typed (any of them may match).
    pub words: Vec<String>,
    /// `"quoted words"`: each must appear, its words together and in order.
    pub phrases: Vec<String>,
    /// `+word`: must appear.
    pub must: Vec<String>,
    /// `-word`: must not appear.
    pub must_not: Vec<String>,
    pub filters: Vec<Filter>,
    /// Whether the last word may still be being typed (no space after it),
    /// so it should also match as a prefix.
    pub last_word_open: bool,
}

impl ParsedQuery {
    pub fn is_empty(&self) -> bool {
        self.words.is_empty()
            && self.phrases.is_empty()
            && self.must.is_empty()
            && self.must_not.is_empty()
            && self.filters.is_empty()
    }

    /// The free text without the filters.
    pub fn text(&self) -> String {
        self.words.join(" ")
    }
}

/// A query that cannot be understood, with what to write instead.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QueryError {
    #[error("unknown filter \"{name}:\"; filters are {}", known_facets())]
    UnknownFacet { name: String },
    #[error("\"{value}\" is not a {facet} value: {hint}")]
    BadValue {
        facet: Facet,
        value: String,
        hint: String,
    },
}

fn known_facets() -> String {
    Facet::ALL
        .iter()
        .map(|f| format!("{}:", f.name()))
        .collect::<Vec<_>>()
        .join(" ")
}

/// Most free words a query keeps; text pasted by mistake is cut here.
pub const MAX_WORDS: usize = 32;

/// The query split on whitespace, with `"quoted text"` as one piece (an
/// unclosed quote runs to the end); true for the quoted pieces.
fn pieces(input: &str) -> Vec<(String, bool)> {
    let mut out = Vec::new();
    let mut rest = input;
    while let Some(start) = rest.find(|c: char| !c.is_whitespace()) {
        rest = &rest[start..];
        if let Some(inner) = rest.strip_prefix('"') {
            let end = inner.find('"').unwrap_or(inner.len());
            out.push((inner[..end].to_string(), true));
            rest = inner.get(end + 1..).unwrap_or("");
            continue;
        }
        let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
        out.push((rest[..end].to_string(), false));
        rest = &rest[end..];
    }
    out
}

/// Parses a query. A filter with no value yet (`region:`) is ignored, so a
/// query typed one key at a time stays valid. Quoted text is a phrase,
/// `+word` must appear and `-word` must not; a lone `+` or `-` is ignored.
pub fn parse_query(input: &str) -> Result<ParsedQuery, QueryError> {
    let mut out = ParsedQuery::default();
    for (token, quoted) in pieces(input) {
        // Only a free word at the very end, with no space after it, is
        // still being typed.
        out.last_word_open = false;
        if quoted {
            let phrase: Vec<&str> = token.split_whitespace().take(MAX_WORDS).collect();
            let phrase = phrase.join(" ");
            if !phrase.is_empty() && !out.phrases.contains(&phrase) && out.phrases.len() < MAX_WORDS
            {
                out.phrases.push(phrase);
            }
            continue;
        }
        let token = token.trim_matches('"');
        if let Some((name, value)) = token.split_once(':') {
            let looks_like_filter = !name.is_empty()
                && name
                    .chars()
                    .all(|c| c.is_ascii_alphabetic() || c == '_' || c == '-')
                && !value.trim_matches('"').starts_with("//");
            if looks_like_filter {
                let facet = Facet::parse(name).ok_or_else(|| QueryError::UnknownFacet {
                    name: name.to_string(),
                })?;
                let value = value.trim_matches('"');
                if value.is_empty() {
                    continue;
                }
                let value = facet
                    .canonical(value)
                    .map_err(|hint| QueryError::BadValue {
                        facet,
                        value: value.to_string(),
                        hint,
                    })?;
                let filter = Filter { facet, value };
                if !out.filters.contains(&filter) {
                    out.filters.push(filter);
                }
                continue;
            }
        }
        if let Some(word) = token.strip_prefix('+') {
            if !word.is_empty() && out.must.len() < MAX_WORDS {
                out.must.push(word.to_string());
            }
        } else if let Some(word) = token.strip_prefix('-') {
            if !word.is_empty() && out.must_not.len() < MAX_WORDS {
                out.must_not.push(word.to_string());
            }
        } else if !token.is_empty() && out.words.len() < MAX_WORDS {
            out.words.push(token.to_string());
            out.last_word_open = true;
        }
    }
    if input.ends_with(char::is_whitespace) || input.ends_with('"') {
        out.last_word_open = false;
    }
    Ok(out)
}

/// Splits a journal or peer-lesson query into free words and `kind:`
/// `tag:` (also written `topic:`) `network:` `status:` filters (values
/// lower-cased); other `x:y` stay words.
pub fn parse_words(input: &str) -> (Vec<String>, Vec<(String, String)>) {
    let mut words = Vec::new();
    let mut filters = Vec::new();
    for token in input.split_whitespace() {
        let token_name = token.split_once(':').map(|(name, value)| match name {
            "topic" => ("tag", value),
            other => (other, value),
        });
        match token_name {
            Some((name, value))
                if matches!(
                    name,
                    "kind" | "tag" | "network" | "status" | "stage" | "effort" | "due"
                ) =>
            {
                let value = value
                    .trim_matches('"')
                    .trim_start_matches('#')
                    .to_lowercase();
                if !value.is_empty() {
                    filters.push((name.to_string(), value));
                }
            }
            _ => words.push(token.trim_matches('"').to_string()),
        }
    }
    (words, filters)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_words_and_canonical_filters() {
        let q = parse_query("design Region:au membership:OPEN run-by:non_profit ").unwrap();
        assert_eq!(q.words, vec!["design"]);
        let shown: Vec<String> = q.filters.iter().map(|f| f.to_string()).collect();
        assert_eq!(shown, ["region:AU", "membership:open", "run_by:non-profit"]);
        assert!(!q.last_word_open);
        assert!(parse_query("desi").unwrap().last_word_open);
        assert!(!parse_query("zur region:CH").unwrap().last_word_open);
    }

    #[test]
    fn incomplete_filter_is_ignored_and_urls_are_words() {
        let q = parse_query("region: https://example.org").unwrap();
        assert!(q.filters.is_empty());
        assert_eq!(q.words, vec!["https://example.org"]);
    }

    #[test]
    fn quotes_plus_and_minus_work_as_on_the_web() {
        let q = parse_query(r#"design "local government" +pilot -vendor + - "open"#).unwrap();
        assert_eq!(q.words, vec!["design"]);
        assert_eq!(q.phrases, vec!["local government", "open"]);
        assert_eq!(q.must, vec!["pilot"]);
        assert_eq!(q.must_not, vec!["vendor"]);
        assert!(!q.last_word_open);
        let long = "word ".repeat(500);
        assert_eq!(parse_query(&long).unwrap().words.len(), MAX_WORDS);
        assert_eq!(parse_query("\"").unwrap(), ParsedQuery::default());
    }

    #[test]
    fn bad_filters_say_what_to_write() {
        let err = parse_query("colour:red").unwrap_err().to_string();
        assert!(err.contains("colour:") && err.contains("region:"), "{err}");
        let err = parse_query("membership:opne").unwrap_err().to_string();
        assert!(err.contains("open, closed, mixed"), "{err}");
        let err = parse_query("region:UK").unwrap_err().to_string();
        assert!(err.contains("GB"), "{err}");
    }
}
