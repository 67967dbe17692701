//! Region codes a catalogue may use: ISO 3166-1 alpha-2 country codes
//! (compiled in from `assets/regions.tsv`) and named groups, which nest
//! (compiled in from `assets/region-groups.tsv`, with the names people
//! write for places). Reading them is pure: both files are in the binary.

use std::collections::HashMap;
use std::sync::OnceLock;

const COUNTRIES_TSV: &str = include_str!("../../assets/regions.tsv");
const GROUPS_TSV: &str = include_str!("../../assets/region-groups.tsv");

/// A known region: a country or a grouping.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Region {
    pub code: &'static str,
    pub name: &'static str,
    pub is_grouping: bool,
}

/// A name people write for a place, as folded words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PlaceName {
    pub code: &'static str,
    /// Folded (lower-cased, accents removed) words, or the capitals as
    /// written when `exact_case`.
    pub words: Vec<String>,
    /// Two or three capitals (US, UK): only counts written in capitals.
    pub exact_case: bool,
}

struct Data {
    /// Groups in file order, then countries.
    regions: Vec<Region>,
    /// Each group's direct members.
    members: HashMap<&'static str, Vec<&'static str>>,
    /// Each code's direct groups.
    parents: HashMap<&'static str, Vec<&'static str>>,
    names: Vec<PlaceName>,
    /// Groups that cut across the regions of the world.
    across: Vec<&'static str>,
}

fn data() -> &'static Data {
    static DATA: OnceLock<Data> = OnceLock::new();
    DATA.get_or_init(|| parse(COUNTRIES_TSV, GROUPS_TSV))
}

fn parse(countries: &'static str, groups: &'static str) -> Data {
    let mut regions = Vec::new();
    let mut members: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    let mut extra_names: Vec<(&'static str, &'static str)> = Vec::new();
    let mut ignored: Vec<String> = Vec::new();
    let mut across: Vec<&'static str> = Vec::new();
    for line in groups.lines() {
        if line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let cells: Vec<&'static str> = line.split('\t').map(str::trim).collect();
        match cells.as_slice() {
            ["group", code, name, rest @ ..] => {
                regions.push(Region {
                    code,
                    name,
                    is_grouping: true,
                });
                let list = rest.first().copied().unwrap_or_default();
                members.insert(code, list.split_whitespace().collect());
            }
            ["names", code, list] => {
                extra_names.extend(list.split(',').map(|n| (*code, n.trim())));
            }
            ["across", list] => across.extend(list.split_whitespace()),
            ["ignore", list] => ignored.extend(list.split(',').map(|n| fold_words(n).join(" "))),
            _ => debug_assert!(false, "region-groups.tsv: bad line {line:?}"),
        }
    }
    regions.extend(countries.lines().filter_map(|line| {
        let (code, name) = line.split_once('\t')?;
        Some(Region {
            code: code.trim(),
            name: name.trim(),
            is_grouping: false,
        })
    }));
    let mut parents: HashMap<&'static str, Vec<&'static str>> = HashMap::new();
    for r in regions.iter().filter(|r| r.is_grouping) {
        for m in &members[r.code] {
            parents.entry(m).or_default().push(r.code);
        }
    }
    // English names without a comma or brackets ("Palestine, State of" is
    // named in the groups file instead), then the names listed there.
    let english = regions
        .iter()
        .filter(|r| !r.name.contains([',', '(']))
        .map(|r| (r.code, r.name))
        .filter(|(_, name)| !ignored.contains(&fold_words(name).join(" ")));
    let mut names: Vec<PlaceName> = Vec::new();
    for (code, name) in english.chain(extra_names) {
        let bare = name.replace('.', "");
        let exact_case =
            (2..=3).contains(&bare.len()) && bare.chars().all(|c| c.is_ascii_uppercase());
        let words = if exact_case {
            vec![bare]
        } else {
            fold_words(name)
        };
        let name = PlaceName {
            code,
            words,
            exact_case,
        };
        if !name.words.is_empty() && !names.contains(&name) {
            names.push(name);
        }
    }
    Data {
        regions,
        members,
        parents,
        names,
        across,
    }
}

/// Lower-cases and removes accents from Latin letters: "España" → "espana".
pub(crate) fn fold(text: &str) -> String {
    const FROM: &str = "àáâãäåāăąçćčďđèéêëēėęěìíîïīįıñńňòóôõöøōőœŕřśšşßťţùúûüūůűųýÿžźżðþæ";
    const TO: &[&str] = &[
        "a", "a", "a", "a", "a", "a", "a", "a", "a", "c", "c", "c", "d", "d", "e", "e", "e", "e",
        "e", "e", "e", "e", "i", "i", "i", "i", "i", "i", "i", "n", "n", "n", "o", "o", "o", "o",
        "o", "o", "o", "o", "oe", "r", "r", "s", "s", "s", "ss", "t", "t", "u", "u", "u", "u", "u",
        "u", "u", "u", "y", "y", "z", "z", "z", "d", "th", "ae",
    ];
    let mut out = String::with_capacity(text.len());
    for c in text.chars().flat_map(char::to_lowercase) {
        match FROM.chars().position(|f| f == c) {
            Some(i) => out.push_str(TO[i]),
            None => out.push(c),
        }
    }
    out
}

/// The words of a name or query as place names are compared: split at
/// spaces and hyphens, dots removed, other punctuation trimmed, folded.
pub(crate) fn fold_words(text: &str) -> Vec<String> {
    raw_words(text).map(|w| fold(&w)).collect()
}

/// The words of `text` before folding, split as [`fold_words`] splits them.
pub(crate) fn raw_words(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| c.is_whitespace() || c == '-')
        .map(|w| {
            w.replace('.', "")
                .trim_matches(|c: char| !c.is_alphanumeric())
                .to_string()
        })
        .filter(|w| !w.is_empty())
}

fn all() -> &'static [Region] {
    &data().regions
}

/// The names people write for places, longest first.
pub(crate) fn place_names() -> &'static [PlaceName] {
    static SORTED: OnceLock<Vec<PlaceName>> = OnceLock::new();
    SORTED.get_or_init(|| {
        let mut names = data().names.clone();
        names.sort_by_key(|n| std::cmp::Reverse(n.words.len()));
        names
    })
}

/// Looks a code up, ignoring case: `au`, `AU` and `Au` are all Australia.
pub fn lookup(code: &str) -> Option<Region> {
    // Called for every region of every network while indexing: a map by
    // the code as written, upper- and lower-cased, instead of a scan.
    static BY_CODE: OnceLock<HashMap<String, usize>> = OnceLock::new();
    let by_code = BY_CODE.get_or_init(|| {
        let mut map = HashMap::new();
        for (i, r) in all().iter().enumerate() {
            for form in [
                r.code.to_string(),
                r.code.to_ascii_uppercase(),
                r.code.to_ascii_lowercase(),
            ] {
                map.entry(form).or_insert(i);
            }
        }
        map
    });
    let code = code.trim();
    let i = match by_code.get(code) {
        Some(i) => *i,
        None => *by_code.get(&code.to_ascii_uppercase())?,
    };
    all().get(i).copied()
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
        "NORTH-AMERICA" | "NORTHAMERICA" => Some("North-America"),
        "SCANDINAVIA" | "NORDICS" => Some("Nordic"),
        _ => None,
    }
}

/// Every known grouping, for filter panels and help text, in the order of
/// the groups file (broad regions before the groups inside them).
pub fn groupings() -> impl Iterator<Item = Region> {
    all().iter().copied().filter(|r| r.is_grouping)
}

/// Every group that contains `code`, directly or through a smaller group,
/// nearest first: FR → EU, Europe. Empty for `global` and unknown codes.
pub fn ancestors(code: &str) -> Vec<&'static str> {
    let Some(start) = lookup(code) else {
        return Vec::new();
    };
    let parents = &data().parents;
    let mut out: Vec<&'static str> = Vec::new();
    let mut next = 0;
    let mut frontier = vec![start.code];
    while let Some(code) = frontier.get(next).copied() {
        next += 1;
        for p in parents.get(code).into_iter().flatten() {
            if !out.contains(p) && *p != start.code {
                out.push(p);
                frontier.push(p);
            }
        }
    }
    out
}

/// Every code a group contains, directly or through smaller groups (the
/// smaller groups themselves included), in file order. Empty for a
/// country or an unknown code.
pub fn members(group: &str) -> Vec<&'static str> {
    let Some(start) = lookup(group) else {
        return Vec::new();
    };
    let d = data();
    let mut out: Vec<&'static str> = Vec::new();
    let mut next = 0;
    let mut frontier = vec![start.code];
    while let Some(code) = frontier.get(next).copied() {
        next += 1;
        for m in d.members.get(code).into_iter().flatten() {
            if let Some(r) = lookup(m)
                && !out.contains(&r.code)
                && r.code != start.code
            {
                out.push(r.code);
                frontier.push(r.code);
            }
        }
    }
    out
}

/// A group's own members (not through smaller groups), for showing the
/// hierarchy one level at a time.
pub fn direct_members(group: &str) -> Vec<&'static str> {
    lookup(group)
        .and_then(|r| data().members.get(r.code))
        .map(|m| m.iter().filter_map(|c| lookup(c).map(|r| r.code)).collect())
        .unwrap_or_default()
}

/// Where a place sits in the tree of regions: the smallest group containing
/// it that is a region of the world (not a membership such as the
/// Commonwealth, unless it is in nothing else). SE → Nordic, FR → EU,
/// EU → Europe, GB → Europe; None for a region in no group.
pub fn home(code: &str) -> Option<&'static str> {
    let code = lookup(code)?.code;
    let d = data();
    let parents = d.parents.get(code)?;
    let size = |g: &&&'static str| (d.across.contains(*g), members(g).len());
    parents.iter().min_by_key(size).copied()
}

/// Region values with counts (a filter panel's), in tree order: each group
/// followed by what it contains, indented one level deeper; groups before
/// countries, then most common first. Each comes once, under its nearest
/// listed [`home`]. Returns (value, count, depth).
pub fn tree(values: Vec<(String, u64)>) -> Vec<(String, u64, usize)> {
    let parent = |code: &str| -> Option<usize> {
        let mut at = home(code);
        while let Some(h) = at {
            if let Some(i) = values.iter().position(|(v, _)| v.eq_ignore_ascii_case(h)) {
                return Some(i);
            }
            at = home(h);
        }
        None
    };
    let parents: Vec<Option<usize>> = values.iter().map(|(v, _)| parent(v)).collect();
    let is_group = |i: usize| lookup(&values[i].0).is_some_and(|r| r.is_grouping);
    let children = |of: Option<usize>| {
        let mut kids: Vec<usize> = (0..values.len()).filter(|i| parents[*i] == of).collect();
        kids.sort_by(|a, b| {
            (
                !is_group(*a),
                std::cmp::Reverse(values[*a].1),
                &values[*a].0,
            )
                .cmp(&(
                    !is_group(*b),
                    std::cmp::Reverse(values[*b].1),
                    &values[*b].0,
                ))
        });
        kids
    };
    let mut out = Vec::with_capacity(values.len());
    let mut stack: Vec<(usize, usize)> = children(None).into_iter().rev().map(|i| (i, 0)).collect();
    while let Some((i, depth)) = stack.pop() {
        out.push((values[i].0.clone(), values[i].1, depth));
        stack.extend(children(Some(i)).into_iter().rev().map(|k| (k, depth + 1)));
    }
    out
}

/// Which of a network's `tagged` regions makes it cover `wanted`: the code
/// itself if tagged, else the nearest tagged group containing it, else a
/// tagged place inside `wanted` (FR when a group is wanted). None if it
/// does not cover it.
pub fn covered_by<'a>(tagged: &'a [String], wanted: &str) -> Option<&'a str> {
    let is = |a: &str, b: &str| a.eq_ignore_ascii_case(b);
    if let Some(t) = tagged.iter().find(|t| is(t, wanted)) {
        return Some(t);
    }
    for group in ancestors(wanted) {
        if let Some(t) = tagged.iter().find(|t| is(t, group)) {
            return Some(t);
        }
    }
    let inside = members(wanted);
    tagged
        .iter()
        .find(|t| inside.iter().any(|m| is(m, t)))
        .map(String::as_str)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(mut v: Vec<&'static str>) -> Vec<&'static str> {
        v.sort();
        v
    }

    #[test]
    fn lookup_is_case_insensitive_and_knows_groupings() {
        assert_eq!(lookup("au").map(|r| r.name), Some("Australia"));
        assert_eq!(lookup("GLOBAL").map(|r| r.code), Some("global"));
        assert!(lookup("UK").is_none());
        assert_eq!(suggestion("uk"), Some("GB"));
        assert!(groupings().count() >= 10);
        assert!(all().len() > 240);
        assert_eq!(lookup("nordic").map(|r| r.code), Some("Nordic"));
        assert_eq!(
            lookup("north-america").map(|r| r.code),
            Some("North-America")
        );
    }

    #[test]
    fn every_member_is_a_known_code_and_no_group_contains_itself() {
        for g in groupings() {
            for m in &data().members[g.code] {
                assert!(lookup(m).is_some(), "{}: unknown member {m}", g.code);
            }
            assert!(!members(g.code).contains(&g.code), "{}", g.code);
        }
        for n in place_names() {
            assert!(lookup(n.code).is_some(), "{n:?}");
        }
    }

    #[test]
    fn groups_nest() {
        let europe = members("Europe");
        for code in ["FR", "EU", "Nordic", "IS", "GB", "CH", "DE", "UA"] {
            assert!(europe.contains(&code), "{code}");
        }
        assert_eq!(sorted(members("nordic")), ["DK", "FI", "IS", "NO", "SE"]);
        assert_eq!(members("EU").len(), 27);
        assert_eq!(members("ASEAN").len(), 11);
        assert_eq!(members("Commonwealth").len(), 56);
        assert!(members("Africa").contains(&"ZA"));
        assert!(members("LATAM").contains(&"BR"));
        assert!(members("Americas").contains(&"BR"));
        assert!(members("Americas").contains(&"CA"));
        assert!(members("Asia-Pacific").contains(&"NZ"));
        assert!(members("Asia-Pacific").contains(&"VN"));
        assert!(members("Ibero-America").contains(&"ES"));
        assert!(members("FR").is_empty());
        assert!(members("global").is_empty());
    }

    #[test]
    fn ancestors_are_every_group_containing_a_code_nearest_first() {
        assert_eq!(ancestors("fr"), ["EU", "Europe"]);
        assert_eq!(sorted(ancestors("SE")), ["EU", "Europe", "Nordic"]);
        assert!(ancestors("ZA").contains(&"Africa"));
        assert!(ancestors("ZA").contains(&"Commonwealth"));
        assert_eq!(sorted(ancestors("EG")), ["Africa", "MENA"]);
        assert_eq!(ancestors("BR"), ["LATAM", "Ibero-America", "Americas"]);
        assert_eq!(ancestors("EU"), ["Europe"]);
        assert!(ancestors("global").is_empty());
        assert!(ancestors("XX").is_empty());
        // Every country of a group has the group among its ancestors.
        for g in groupings() {
            for m in members(g.code) {
                assert!(ancestors(m).contains(&g.code), "{m} in {}", g.code);
            }
        }
    }

    #[test]
    fn a_network_covers_a_place_through_its_tags() {
        let tags = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(covered_by(&tags(&["FR", "EU"]), "FR"), Some("FR"));
        assert_eq!(covered_by(&tags(&["EU"]), "fr"), Some("EU"));
        assert_eq!(covered_by(&tags(&["Europe"]), "FR"), Some("Europe"));
        assert_eq!(covered_by(&tags(&["DE"]), "Europe"), Some("DE"));
        assert_eq!(covered_by(&tags(&["global"]), "FR"), None);
        assert_eq!(covered_by(&tags(&["DE"]), "FR"), None);
    }

    #[test]
    fn the_tree_puts_groups_first_and_places_under_their_group() {
        assert_eq!(home("SE"), Some("Nordic"));
        assert_eq!(home("FR"), Some("EU"));
        assert_eq!(home("EU"), Some("Europe"));
        assert_eq!(home("GB"), Some("Europe"));
        assert_eq!(home("MX"), Some("North-America"));
        assert_eq!(home("Europe"), None);
        let counts = |v: &[(&str, u64)]| v.iter().map(|(c, n)| (c.to_string(), *n)).collect();
        let tree = tree(counts(&[
            ("global", 9),
            ("GB", 5),
            ("FR", 3),
            ("Europe", 12),
            ("EU", 6),
            ("DE", 4),
            ("AU", 2),
            ("Oceania", 2),
            ("AQ", 1),
        ]));
        let shown: Vec<String> = tree
            .iter()
            .map(|(c, n, d)| format!("{}{c} {n}", "  ".repeat(*d)))
            .collect();
        assert_eq!(
            shown,
            [
                "Europe 12",
                "  EU 6",
                "    DE 4",
                "    FR 3",
                "  GB 5",
                "global 9",
                "Oceania 2",
                "  AU 2",
                "AQ 1",
            ]
        );
    }

    #[test]
    fn folding_removes_accents_and_case() {
        assert_eq!(fold("España"), "espana");
        assert_eq!(fold("ÖSTERREICH"), "osterreich");
        assert_eq!(
            fold_words("U.S.A. Guinea-Bissau, (Côte"),
            ["usa", "guinea", "bissau", "cote"]
        );
    }
}
