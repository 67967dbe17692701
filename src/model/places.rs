//! Place words in free text: "design canada", "networks in the US",
//! "innovación españa". A search reads them as the places they name rather
//! than as words a network must contain.

use super::query::{Facet, ParsedQuery};
use super::regions::{self, fold_words, place_names, raw_words};

/// Words that may come before a place and go with it: "in the US".
const LEAD_WORDS: &[&str] = &["in", "the", "from", "across"];

/// What [`split`] found in a query's words.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Places {
    /// The places named, as region codes, in query order, without repeats.
    pub codes: Vec<&'static str>,
    /// The query's words that are not part of a place name, as typed.
    pub rest: Vec<String>,
}

/// One word as matched: folded, and as typed (for capitals), and which
/// query word it came from.
struct Word {
    folded: String,
    raw: String,
    from: usize,
    first: bool,
    last: bool,
}

/// Finds place names among `words` (whole words, ignoring case, accents,
/// dots and hyphens; the longest name wins, so "latin america" is LATAM and
/// "papua new guinea" is not Guinea). A query word belongs to a place only
/// if all of it does: "frances" is not France.
pub fn split(words: &[String]) -> Places {
    let mut flat: Vec<Word> = Vec::new();
    for (i, w) in words.iter().enumerate() {
        let raw: Vec<String> = raw_words(w).collect();
        let n = raw.len();
        for (j, r) in raw.into_iter().enumerate() {
            flat.push(Word {
                folded: regions::fold(&r),
                raw: r,
                from: i,
                first: j == 0,
                last: j + 1 == n,
            });
        }
    }
    let mut used = vec![false; words.len()];
    let mut codes: Vec<&'static str> = Vec::new();
    let mut at = 0;
    while at < flat.len() {
        if !flat[at].first {
            at += 1;
            continue;
        }
        match name_at(&flat, at) {
            Some((code, len)) => {
                // "in the" just before the place goes with it.
                let mut start = at;
                while start > 0
                    && flat[start - 1].first
                    && flat[start - 1].last
                    && !used[flat[start - 1].from]
                    && LEAD_WORDS.contains(&flat[start - 1].folded.as_str())
                {
                    start -= 1;
                }
                for w in &flat[start..at + len] {
                    used[w.from] = true;
                }
                if !codes.contains(&code) {
                    codes.push(code);
                }
                at += len;
            }
            None => at += 1,
        }
    }
    let rest = words
        .iter()
        .zip(&used)
        .filter(|(_, used)| !**used)
        .map(|(w, _)| w.clone())
        .collect();
    Places { codes, rest }
}

/// The longest place name starting at `at` that ends where a query word
/// ends, with how many words it takes.
fn name_at(flat: &[Word], at: usize) -> Option<(&'static str, usize)> {
    place_names().iter().find_map(|name| {
        let len = name.words.len();
        let words = flat.get(at..at + len)?;
        let same = words.iter().zip(&name.words).all(|(w, n)| {
            if name.exact_case {
                w.raw == *n
            } else {
                w.folded == *n
            }
        });
        (same && words[len - 1].last).then_some((name.code, len))
    })
}

/// Place codes in `text` and the text without them:
/// `find("design in the US")` is `(["US"], "design")`.
pub fn find(text: &str) -> (Vec<&'static str>, String) {
    let words: Vec<String> = text.split_whitespace().map(str::to_string).collect();
    let places = split(&words);
    (places.codes, places.rest.join(" "))
}

/// Whether `text` names a place, as a whole.
pub fn is_place(text: &str) -> bool {
    !fold_words(text).is_empty() && find(text).1.is_empty()
}

/// The places a query asks for: its `region:` filters, then the places its
/// free text names.
pub fn wanted(query: &ParsedQuery) -> Vec<String> {
    let mut out: Vec<String> = query
        .filters
        .iter()
        .filter(|f| f.facet == Facet::Region)
        .map(|f| f.value.clone())
        .collect();
    for code in split(&query.words).codes {
        if !out.iter().any(|o| o == code) {
            out.push(code.to_string());
        }
    }
    out
}

/// Why a network tagged `tagged` is found for the `wanted` places when it
/// is not tagged with them: "covers FR through EU", "in Europe through FR".
pub fn notes(tagged: &[String], wanted: &[String]) -> Vec<String> {
    let mut out = Vec::new();
    for want in wanted {
        let Some(via) = regions::covered_by(tagged, want) else {
            continue;
        };
        if via.eq_ignore_ascii_case(want) {
            continue;
        }
        let name = |code: &str| match regions::lookup(code) {
            Some(r) if r.is_grouping => r.name.to_string(),
            _ => code.to_string(),
        };
        let note = if regions::ancestors(want)
            .iter()
            .any(|a| a.eq_ignore_ascii_case(via))
        {
            format!("covers {} through {}", name(want), name(via))
        } else {
            format!("in {} through {}", name(want), name(via))
        };
        if !out.contains(&note) {
            out.push(note);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn codes(text: &str) -> Vec<&'static str> {
        find(text).0
    }

    #[test]
    fn finds_english_group_and_own_language_names() {
        assert_eq!(find("design canada"), (vec!["CA"], "design".to_string()));
        assert_eq!(find("Latin America labs"), (vec!["LATAM"], "labs".into()));
        assert_eq!(codes("nordic"), ["Nordic"]);
        assert_eq!(codes("africa"), ["Africa"]);
        assert_eq!(codes("australia"), ["AU"]);
        for (word, code) in [
            ("deutschland", "DE"),
            ("España", "ES"),
            ("espana", "ES"),
            ("brasil", "BR"),
            ("Sverige", "SE"),
            ("nederland", "NL"),
            ("italia", "IT"),
            ("france", "FR"),
            ("Österreich", "AT"),
            ("méxico", "MX"),
        ] {
            assert_eq!(codes(word), [code], "{word}");
        }
    }

    #[test]
    fn multi_word_names_and_lead_words() {
        assert_eq!(find("networks in the US"), (vec!["US"], "networks".into()));
        assert_eq!(find("in the U.S."), (vec!["US"], String::new()));
        assert_eq!(find("design in the united kingdom").0, ["GB"]);
        assert_eq!(codes("south africa"), ["ZA"]);
        assert_eq!(codes("papua new guinea"), ["PG"]);
        assert_eq!(codes("asia-pacific"), ["Asia-Pacific"]);
        assert_eq!(codes("New Zealand and Australia"), ["NZ", "AU"]);
        assert_eq!(
            find("innovation in the public sector").0,
            Vec::<&str>::new()
        );
        assert_eq!(
            find("innovation in the public sector").1,
            "innovation in the public sector"
        );
    }

    #[test]
    fn notes_say_how_a_network_covers_a_place() {
        let tags = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let q = crate::model::parse_query("design canada region:FR region:Europe").unwrap();
        assert_eq!(wanted(&q), ["FR", "Europe", "CA"]);
        assert_eq!(
            notes(&tags(&["EU"]), &wanted(&q)),
            [
                "covers FR through European Union",
                "in Europe through European Union"
            ]
        );
        assert_eq!(notes(&tags(&["FR"]), &["FR".into()]), Vec::<String>::new());
        assert_eq!(
            notes(&tags(&["DE"]), &["Europe".into()]),
            ["in Europe through DE"]
        );
        assert_eq!(
            notes(&tags(&["North-America"]), &["CA".into()]),
            ["covers CA through North America"]
        );
    }

    #[test]
    fn not_inside_other_words_nor_ordinary_words() {
        for text in [
            "frances",
            "francesca",
            "canadian",
            "us",
            "help us",
            "it",
            "chad",
            "jersey",
            "africa-wide",
            "southafrica",
            "latin",
            "commonwealth",
        ] {
            assert!(codes(text).is_empty(), "{text}: {:?}", codes(text));
        }
        assert_eq!(codes("US"), ["US"]);
        assert_eq!(codes("EU"), ["EU"]);
        assert!(is_place("in the US"));
        assert!(!is_place("design"));
    }
}
