//! Fuzzy ranking of short names, for "go to" pickers and "did you mean"
//! hints. Scoring lives here; front ends only style the matched characters.

use std::borrow::Cow;

use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// A candidate that matched, with the char positions that matched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranked {
    /// Position of the candidate in the input.
    pub index: usize,
    pub score: i64,
    /// Char indices (not bytes) of the matched characters in the original
    /// name, accents and all.
    pub positions: Vec<usize>,
}

/// Ranks `candidates` against `pattern`, best first; ties keep input order.
/// An empty pattern keeps every candidate in order. Accents are folded on
/// both sides ("cesko" finds "Česko.Digital"). For a picker that ranks on
/// every keystroke, fold the names once with [`Candidates`] instead.
pub fn rank<'a>(pattern: &str, candidates: impl IntoIterator<Item = &'a str>) -> Vec<Ranked> {
    Candidates::new(candidates).rank(pattern, usize::MAX)
}

/// Names folded once (accents taken off, case kept for the matcher's
/// word-start bonuses), ready to be ranked on every keystroke. `Send` and
/// `Sync`: a front end can share it (in an `Arc`) with a thread that ranks
/// off the UI thread.
#[derive(Debug)]
pub struct Candidates {
    names: Vec<Folded>,
}

#[derive(Debug)]
struct Folded {
    text: String,
    /// For each char of `text`, the char of the original it comes from;
    /// `None` when folding changed nothing (most names).
    from: Option<Box<[u32]>>,
}

impl Folded {
    fn new(name: &str) -> Self {
        match fold(name) {
            Cow::Borrowed(_) => Folded {
                text: name.to_string(),
                from: None,
            },
            Cow::Owned(text) => {
                let mut from = Vec::with_capacity(text.len());
                for (i, c) in name.chars().enumerate() {
                    let n = fold_char(c).map_or(1, |f| f.chars().count());
                    from.extend(std::iter::repeat_n(i as u32, n));
                }
                Folded {
                    text,
                    from: Some(from.into_boxed_slice()),
                }
            }
        }
    }

    /// Matched positions in the folded text as positions in the original;
    /// a letter folded into two ("ß" → "ss") counts once.
    fn original(&self, positions: Vec<usize>) -> Vec<usize> {
        let Some(from) = &self.from else {
            return positions;
        };
        let mut out: Vec<usize> = positions
            .into_iter()
            .filter_map(|p| from.get(p).map(|&i| i as usize))
            .collect();
        out.dedup();
        out
    }
}

impl Candidates {
    pub fn new<'a>(names: impl IntoIterator<Item = &'a str>) -> Self {
        Candidates {
            names: names.into_iter().map(Folded::new).collect(),
        }
    }

    pub fn len(&self) -> usize {
        self.names.len()
    }

    pub fn is_empty(&self) -> bool {
        self.names.is_empty()
    }

    /// The best `top` matches for `pattern`, best first (ties in input
    /// order), with matched positions in the original names.
    pub fn rank(&self, pattern: &str, top: usize) -> Vec<Ranked> {
        let all: Vec<u32> = (0..self.names.len() as u32).collect();
        self.rank_among(pattern, &all, top).1
    }

    /// Like [`Candidates::rank`] over only the candidates `among` (indices
    /// into this list); also returns every index that matched, in input
    /// order, so that a longer pattern can be ranked among those alone.
    pub fn rank_among(&self, pattern: &str, among: &[u32], top: usize) -> (Vec<u32>, Vec<Ranked>) {
        let pattern = pattern.trim();
        if pattern.is_empty() {
            let shown = among
                .iter()
                .take(top)
                .map(|&i| Ranked {
                    index: i as usize,
                    score: 0,
                    positions: Vec::new(),
                })
                .collect();
            return (among.to_vec(), shown);
        }
        let pattern = fold(pattern);
        let matcher = SkimMatcherV2::default().ignore_case();
        // Scores first, without positions: positions cost an allocation
        // each and are only needed for the few shown.
        let mut scored: Vec<(i64, u32)> = among
            .iter()
            .filter_map(|&i| {
                let name = &self.names[i as usize].text;
                if !in_order(name, &pattern) {
                    return None;
                }
                matcher.fuzzy_match(name, &pattern).map(|s| (s, i))
            })
            .collect();
        let matched: Vec<u32> = scored.iter().map(|&(_, i)| i).collect();
        let best_first = |a: &(i64, u32), b: &(i64, u32)| b.0.cmp(&a.0).then(a.1.cmp(&b.1));
        if top < scored.len() {
            scored.select_nth_unstable_by(top, best_first);
            scored.truncate(top);
        }
        scored.sort_unstable_by(best_first);
        let shown = scored
            .into_iter()
            .map(|(score, i)| {
                let name = &self.names[i as usize];
                let positions = matcher
                    .fuzzy_indices(&name.text, &pattern)
                    .map(|(_, p)| p)
                    .unwrap_or_default();
                Ranked {
                    index: i as usize,
                    score,
                    positions: name.original(positions),
                }
            })
            .collect();
        (matched, shown)
    }
}

/// Ranking as the pattern is typed: when the new pattern extends the last
/// one, only the names that matched the last one are tried (a name that
/// does not hold "ces" in order cannot hold "cesk"), so each keystroke
/// costs less than the one before.
#[derive(Debug, Default)]
pub struct Narrowing {
    pattern: String,
    matched: Option<Vec<u32>>,
}

impl Narrowing {
    /// The best `top` matches for `pattern` among `candidates` (always the
    /// same list for one `Narrowing`).
    pub fn rank(&mut self, candidates: &Candidates, pattern: &str, top: usize) -> Vec<Ranked> {
        let folded = fold(pattern.trim()).into_owned();
        let narrower = !self.pattern.is_empty() && folded.starts_with(&self.pattern);
        let all;
        let among: &[u32] = match &self.matched {
            Some(previous) if narrower => previous,
            _ => {
                all = (0..candidates.len() as u32).collect::<Vec<_>>();
                &all
            }
        };
        let (matched, shown) = candidates.rank_among(&folded, among, top);
        self.matched = (!folded.is_empty()).then_some(matched);
        self.pattern = folded;
        shown
    }
}

/// The best matches for one pattern, from a [`Background`] ranker.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ranking {
    /// The pattern as it was asked for.
    pub pattern: String,
    /// Counts the requests: a ranking older than the last one asked for
    /// can be dropped.
    pub request: u64,
    pub matches: Vec<Ranked>,
}

/// Ranking on a thread of its own, for catalogues large enough that a
/// re-rank takes longer than a frame (about 20 ms at 100k names on one
/// core). Requests that pile up while one runs are skipped for the
/// newest; results go to `deliver` (for instance, a send on the channel
/// the UI loop reads events from). The thread ends when this handle is
/// dropped or `deliver` returns false.
#[derive(Debug)]
pub struct Background {
    requests: std::sync::mpsc::Sender<(u64, String)>,
    next: u64,
}

impl Background {
    /// Starts the thread, keeping the best `top` of each ranking.
    pub fn spawn(
        candidates: std::sync::Arc<Candidates>,
        top: usize,
        mut deliver: impl FnMut(Ranking) -> bool + Send + 'static,
    ) -> Background {
        let (requests, inbox) = std::sync::mpsc::channel::<(u64, String)>();
        std::thread::spawn(move || {
            let mut narrowing = Narrowing::default();
            while let Ok(mut wanted) = inbox.recv() {
                // Only the newest request matters.
                while let Ok(newer) = inbox.try_recv() {
                    wanted = newer;
                }
                let (request, pattern) = wanted;
                let matches = narrowing.rank(&candidates, &pattern, top);
                if !deliver(Ranking {
                    pattern,
                    request,
                    matches,
                }) {
                    break;
                }
            }
        });
        Background { requests, next: 0 }
    }

    /// Asks for `pattern` to be ranked; returns the request's number.
    pub fn rank(&mut self, pattern: &str) -> u64 {
        self.next += 1;
        // A thread that has ended (deliver said stop) takes no more.
        let _ = self.requests.send((self.next, pattern.to_string()));
        self.next
    }
}

/// Whether `pattern`'s chars appear in `name` in order, ASCII case
/// ignored: the matcher's own first check, without copying `name` into
/// chars first, so most names that cannot match cost a byte scan.
fn in_order(name: &str, pattern: &str) -> bool {
    if pattern.is_ascii() {
        // A non-ASCII char's bytes never equal an ASCII byte.
        let mut want = pattern.as_bytes().iter().peekable();
        for b in name.as_bytes() {
            match want.peek() {
                Some(p) if b.eq_ignore_ascii_case(p) => {
                    want.next();
                }
                Some(_) => {}
                None => break,
            }
        }
        return want.peek().is_none();
    }
    let mut want = pattern.chars().peekable();
    for c in name.chars() {
        match want.peek() {
            Some(p) if c.eq_ignore_ascii_case(p) => {
                want.next();
            }
            Some(_) => {}
            None => break,
        }
    }
    want.peek().is_none()
}

/// `text` with accents taken off Latin letters ("Zürich" → "Zurich",
/// "Straße" → "Strasse"); case kept. Borrowed when nothing changes.
pub fn fold(text: &str) -> Cow<'_, str> {
    if text.is_ascii() || !text.chars().any(|c| fold_char(c).is_some()) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match fold_char(c) {
            Some(f) => out.push_str(f),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// The unaccented spelling of a Latin letter with a diacritic, if `c` is one.
fn fold_char(c: char) -> Option<&'static str> {
    Some(match c {
        'À' | 'Á' | 'Â' | 'Ã' | 'Ä' | 'Å' | 'Ā' | 'Ă' | 'Ą' => "A",
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ă' | 'ą' => "a",
        'Æ' => "AE",
        'æ' => "ae",
        'Ç' | 'Ć' | 'Ĉ' | 'Ċ' | 'Č' => "C",
        'ç' | 'ć' | 'ĉ' | 'ċ' | 'č' => "c",
        'Ď' | 'Đ' | 'Ð' => "D",
        'ď' | 'đ' | 'ð' => "d",
        'È' | 'É' | 'Ê' | 'Ë' | 'Ē' | 'Ĕ' | 'Ė' | 'Ę' | 'Ě' => "E",
        'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ĕ' | 'ė' | 'ę' | 'ě' => "e",
        'Ĝ' | 'Ğ' | 'Ġ' | 'Ģ' => "G",
        'ĝ' | 'ğ' | 'ġ' | 'ģ' => "g",
        'Ĥ' | 'Ħ' => "H",
        'ĥ' | 'ħ' => "h",
        'Ì' | 'Í' | 'Î' | 'Ï' | 'Ĩ' | 'Ī' | 'Ĭ' | 'Į' | 'İ' => "I",
        'ì' | 'í' | 'î' | 'ï' | 'ĩ' | 'ī' | 'ĭ' | 'į' | 'ı' => "i",
        'Ĵ' => "J",
        'ĵ' => "j",
        'Ķ' => "K",
        'ķ' => "k",
        'Ĺ' | 'Ļ' | 'Ľ' | 'Ŀ' | 'Ł' => "L",
        'ĺ' | 'ļ' | 'ľ' | 'ŀ' | 'ł' => "l",
        'Ñ' | 'Ń' | 'Ņ' | 'Ň' => "N",
        'ñ' | 'ń' | 'ņ' | 'ň' => "n",
        'Ò' | 'Ó' | 'Ô' | 'Õ' | 'Ö' | 'Ø' | 'Ō' | 'Ŏ' | 'Ő' => "O",
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ō' | 'ŏ' | 'ő' => "o",
        'Œ' => "OE",
        'œ' => "oe",
        'Ŕ' | 'Ŗ' | 'Ř' => "R",
        'ŕ' | 'ŗ' | 'ř' => "r",
        'Ś' | 'Ŝ' | 'Ş' | 'Š' | 'Ș' => "S",
        'ś' | 'ŝ' | 'ş' | 'š' | 'ș' => "s",
        'ß' => "ss",
        'Ţ' | 'Ť' | 'Ŧ' | 'Ț' => "T",
        'ţ' | 'ť' | 'ŧ' | 'ț' => "t",
        'Þ' => "TH",
        'þ' => "th",
        'Ù' | 'Ú' | 'Û' | 'Ü' | 'Ũ' | 'Ū' | 'Ŭ' | 'Ů' | 'Ű' | 'Ų' => "U",
        'ù' | 'ú' | 'û' | 'ü' | 'ũ' | 'ū' | 'ŭ' | 'ů' | 'ű' | 'ų' => "u",
        'Ŵ' => "W",
        'ŵ' => "w",
        'Ý' | 'Ÿ' | 'Ŷ' => "Y",
        'ý' | 'ÿ' | 'ŷ' => "y",
        'Ź' | 'Ż' | 'Ž' => "Z",
        'ź' | 'ż' | 'ž' => "z",
        _ => return None,
    })
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

    #[test]
    fn accents_are_folded_on_both_sides() {
        let names = [
            "Česko.Digital",
            "São Paulo Lab",
            "Zürich Civic Tech",
            "Straße Lab",
        ];
        let c = Candidates::new(names);
        let first = |p: &str| c.rank(p, 10).first().map(|r| r.index);
        assert_eq!(first("cesko"), Some(0));
        assert_eq!(first("Česko"), Some(0));
        assert_eq!(first("sao paulo"), Some(1));
        assert_eq!(first("zurich"), Some(2));
        assert_eq!(first("ZÜRICH"), Some(2));
        assert_eq!(first("strasse"), Some(3));
        // The plain `rank` folds too.
        assert_eq!(rank("cesko", names)[0].index, 0);
    }

    #[test]
    fn positions_point_into_the_original_name() {
        let c = Candidates::new(["Straße Zürich"]);
        let r = &c.rank("sse zu", 1)[0];
        // "ß" (char 4) stands for "ss": matched once; "ü" is char 8.
        assert_eq!(r.positions, [0, 4, 5, 6, 7, 8]);
        let chars: Vec<char> = "Straße Zürich".chars().collect();
        let shown: String = r.positions.iter().map(|&p| chars[p]).collect();
        assert_eq!(shown, "Sße Zü");
    }

    #[test]
    fn scores_and_positions_match_the_unfolded_matcher_on_plain_names() {
        let names = ["Policy Lab Network", "UKGovCamp", "GovCamp Australia"];
        let matcher = SkimMatcherV2::default().ignore_case();
        for r in rank("gvcmp", names) {
            let (score, positions) = matcher.fuzzy_indices(names[r.index], "gvcmp").unwrap();
            assert_eq!((r.score, &r.positions), (score, &positions));
        }
    }

    #[test]
    fn the_quick_check_never_drops_what_the_matcher_finds() {
        let matcher = SkimMatcherV2::default().ignore_case();
        let names = [
            "Česko.Digital",
            "ΑΘΗΝΑ lab",
            "KELVIN \u{212a}",
            "a-b_c",
            "",
            "日本 Lab",
        ];
        for name in names {
            for pattern in [
                "", "c", "LAB", "ab", "\u{212a}", "k", "日本", "αθ", "a_c", "zz",
            ] {
                let skim = matcher.fuzzy_match(name, pattern).is_some();
                assert_eq!(in_order(name, pattern), skim, "{name:?} {pattern:?}");
            }
        }
    }

    #[test]
    fn top_keeps_the_best_in_order() {
        let names: Vec<String> = (0..50).map(|i| format!("lab {i:02} network")).collect();
        let c = Candidates::new(names.iter().map(String::as_str));
        let all = c.rank("lab 1", usize::MAX);
        let top = c.rank("lab 1", 5);
        assert_eq!(top, all[..5]);
    }

    #[test]
    fn background_ranking_delivers_the_newest_request() {
        let c = std::sync::Arc::new(Candidates::new(["Česko.Digital", "Civic Lab", "Zürich"]));
        let (tx, rx) = std::sync::mpsc::channel();
        let mut bg = Background::spawn(c.clone(), 10, move |r| tx.send(r).is_ok());
        bg.rank("c");
        let last = bg.rank("cesko");
        let got = loop {
            let r = rx.recv_timeout(std::time::Duration::from_secs(10)).unwrap();
            if r.request == last {
                break r;
            }
        };
        assert_eq!(got.pattern, "cesko");
        assert_eq!(got.matches, c.rank("cesko", 10));
    }

    #[test]
    fn narrowing_gives_what_ranking_from_scratch_gives() {
        let names = [
            "Česko.Digital",
            "Code for Czech",
            "Civic Exchange",
            "CES Lab",
            "Cesky Hub",
            "Scottish Design",
            "ce",
            "",
        ];
        let c = Candidates::new(names);
        let mut n = Narrowing::default();
        for pattern in [
            "c", "ce", "ces", "cesk", "cesko", "ces", "x", "", "c", "ce s", "d",
        ] {
            assert_eq!(n.rank(&c, pattern, 3), c.rank(pattern, 3), "{pattern:?}");
        }
    }
}
