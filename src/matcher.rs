//! Fuzzy ranking of short names, for "go to" pickers and "did you mean"
//! hints. Scoring lives here; front ends only style the matched characters.

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// A candidate that matched, with the char positions that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Position of the candidate in the input.
    pub index: usize,
    pub score: i64,
    /// Char indices (not bytes) of the matched characters.
    pub positions: Vec<usize>,
}

/// Ranks `candidates` against `pattern`, best first; ties keep input order.
/// An empty pattern keeps every candidate in order.
pub fn rank<'a>(pattern: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<Ranked> {
    let matcher = SkimMatcherV2::default().ignore_case();
    let pattern = pattern.trim();
    let mut out: Vec<Ranked> = candidates
        .into_iter()
        .enumerate()
        .filter_map(|(index, text)| {
            if pattern.is_empty() {
                return Some(Ranked {
                    index,
                    score: 0,
                    positions: Vec::new(),
                });
            }
            let (score, positions) = matcher.fuzzy_indices(text, pattern)?;
            Some(Ranked {
                index,
                score,
                positions,
            })
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then(a.index.cmp(&b.index)));
    out
}

/// Up to `n` candidates closest to `wanted`, for "did you mean" messages.
/// Candidates are `(id, name)`; a fuzzy match of either counts, and so does
/// a near spelling (letters swapped, missing or extra).
pub fn suggest<'a>(
    wanted: &str,
    candidates: &'a [(String, String)],
    n: usize,
) -> Vec<&'a (String, String)> {
    let wanted = wanted.trim().to_lowercase();
    let by_id = rank(&wanted, candidates.iter().map(|(id, _)| id.as_str()));
    let by_name = rank(&wanted, candidates.iter().map(|(_, name)| name.as_str()));
    let mut similarity = vec![0.0f64; candidates.len()];
    for (i, (id, name)) in candidates.iter().enumerate() {
        let spelled = strsim::normalized_damerau_levenshtein(&wanted, id).max(
            strsim::normalized_damerau_levenshtein(&wanted, &name.to_lowercase()),
        );
        similarity[i] = spelled;
    }
    // A fuzzy (in-order) match is a strong hint whatever its spelling score.
    for r in by_id.iter().chain(&by_name) {
        similarity[r.index] += 0.5;
    }
    let mut order: Vec<usize> = (0..candidates.len())
        .filter(|&i| similarity[i] >= 0.6)
        .collect();
    order.sort_by(|&a, &b| similarity[b].total_cmp(&similarity[a]).then(a.cmp(&b)));
    order.into_iter().take(n).map(|i| &candidates[i]).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ranks_best_first_with_positions() {
        let names = ["Policy Lab Network", "UKGovCamp", "GovCamp Australia"];
        let ranked = rank("govcamp", names);
        // A match at the start of the text beats one inside a word.
        let order: Vec<usize> = ranked.iter().map(|r| r.index).collect();
        assert_eq!(order, [2, 1]);
        assert_eq!(ranked[0].positions, (0..7).collect::<Vec<_>>());
        assert_eq!(ranked[1].positions, (2..9).collect::<Vec<_>>());
        assert_eq!(rank("", names).len(), 3);
    }

    #[test]
    fn suggests_close_ids() {
        let all = vec![
            ("ukgovcamp".to_string(), "UKGovCamp".to_string()),
            ("opsi".to_string(), "OPSI".to_string()),
        ];
        let s = suggest("ukgovcmp", &all, 3);
        assert_eq!(s[0].0, "ukgovcamp");
        let swapped = suggest("ukgovcmap", &all, 3);
        assert_eq!(swapped.len(), 1, "{swapped:?}");
        assert!(suggest("zzzz", &all, 3).is_empty());
    }
}
