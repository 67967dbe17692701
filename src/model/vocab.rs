//! The controlled topic vocabulary, compiled in from `assets/topics.tsv`.

use std::sync::OnceLock;

/// One topic of the controlled vocabulary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Topic {
    pub slug: &'static str,
    pub label: &'static str,
    pub description: &'static str,
}

const TOPICS_TSV: &str = include_str!("../../assets/topics.tsv");

/// The topics catalogues are encouraged to use, in display order.
pub fn topics() -> &'static [Topic] {
    static TOPICS: OnceLock<Vec<Topic>> = OnceLock::new();
    TOPICS.get_or_init(|| {
        TOPICS_TSV
            .lines()
            .filter(|line| !line.trim().is_empty())
            .map(|line| {
                let mut cols = line.splitn(3, '\t');
                let slug = cols.next().unwrap_or_default().trim();
                let label = cols.next().unwrap_or(slug).trim();
                let description = cols.next().unwrap_or_default().trim();
                Topic {
                    slug,
                    label,
                    description,
                }
            })
            .collect()
    })
}

/// The topic with this slug, if it is in the vocabulary.
pub fn topic(slug: &str) -> Option<&'static Topic> {
    topics().iter().find(|t| t.slug == slug)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vocabulary_has_unique_slug_labels() {
        let all = topics();
        assert!(all.len() >= 10, "vocabulary too small: {}", all.len());
        for t in all {
            assert!(
                crate::model::validate::is_slug(t.slug),
                "bad slug {:?}",
                t.slug
            );
            assert!(!t.label.is_empty() && !t.description.is_empty(), "{t:?}");
            assert_eq!(all.iter().filter(|o| o.slug == t.slug).count(), 1);
        }
        assert!(topic("design").is_some());
    }
}
