//! Region codes a catalogue may use: ISO 3166-1 alpha-2 country codes
//! (compiled in from `assets/regions.tsv`) and a few named groupings.

use std::sync::OnceLock;

/// Groupings that are not countries, with their display names.
const GROUPINGS: &[(&str, &str)] = &[
    ("global", "Global"),
    ("EU", "European Union"),
    ("Europe", "Europe"),
    ("Africa", "Africa"),
    ("Americas", "Americas"),
    ("LATAM", "Latin America"),
    ("Ibero-America", "Ibero-America"),
    ("MENA", "Middle East and North Africa"),
    ("Asia-Pacific", "Asia-Pacific"),
    ("ASEAN", "Southeast Asia (ASEAN)"),
    ("Central-Asia", "Central Asia"),
    ("Oceania", "Oceania"),
    ("Commonwealth", "Commonwealth"),
];

const COUNTRIES_TSV: &str = include_str!("../../assets/regions.tsv");

/// A known region: a country or a grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
    pub is_grouping: bool,
}

fn all() -> &'static [Region] {
    static ALL: OnceLock<Vec<Region>> = OnceLock::new();
    ALL.get_or_init(|| {
        let groupings = GROUPINGS.iter().map(|&(code, name)| Region {
            code,
            name,
            is_grouping: true,
        });
        let countries = COUNTRIES_TSV.lines().filter_map(|line| {
            let (code, name) = line.split_once('\t')?;
            Some(Region {
                code: code.trim(),
                name: name.trim(),
                is_grouping: false,
            })
        });
        groupings.chain(countries).collect()
    })
}

/// Looks a code up, ignoring case: `au`, `AU` and `Au` are all Australia.
pub fn lookup(code: &str) -> Option<Region> {
    let code = code.trim();
    all()
        .iter()
        .find(|r| r.code.eq_ignore_ascii_case(code))
        .copied()
}

/// How a code is shown to people: "AU Australia", "Latin America", or the
/// code itself if unknown.
pub fn label(code: &str) -> String {
    match lookup(code) {
        Some(r) if r.is_grouping => r.name.to_string(),
        Some(r) => format!("{} {}", r.code, r.name),
        None => code.to_string(),
    }
}

/// A hint for a code that is not known, such as `UK` for `GB`.
pub fn suggestion(code: &str) -> Option<&'static str> {
    match code.trim().to_ascii_uppercase().as_str() {
        "UK" => Some("GB"),
        "EL" => Some("GR"),
        "LAC" | "LATIN-AMERICA" => Some("LATAM"),
        "WORLD" | "INTERNATIONAL" | "WORLDWIDE" => Some("global"),
        "APAC" => Some("Asia-Pacific"),
        _ => None,
    }
}

/// Every known grouping, for filter panels and help text.
pub fn groupings() -> impl Iterator<Item = Region> {
    all().iter().copied().filter(|r| r.is_grouping)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lookup_is_case_insensitive_and_knows_groupings() {
        assert_eq!(lookup("au").map(|r| r.name), Some("Australia"));
        assert_eq!(lookup("GLOBAL").map(|r| r.code), Some("global"));
        assert!(lookup("UK").is_none());
        assert_eq!(suggestion("uk"), Some("GB"));
        assert!(groupings().count() >= 10);
        assert!(all().len() > 240);
    }
}
