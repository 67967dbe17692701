//! Quick capture: one line typed on the command line made into an entry,
//! as jrnl does. The first sentence is the title and the rest the body;
//! `@words` are also tags (and stay in the text, which stays readable).

/// The title, body and tags a line of text makes. A sentence ends at `.`,
/// `?` or `!` followed by a space (so "v1.2" and "e.g." inside a word do
/// not end it); with no such end the whole text is the title.
pub fn split_capture(text: &str) -> (String, String, Vec<String>) {
    let text = text.trim();
    let mut end = None;
    let mut chars = text.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if matches!(c, '.' | '?' | '!')
            && chars.peek().is_some_and(|(_, next)| next.is_whitespace())
        {
            end = Some(i + c.len_utf8());
            break;
        }
    }
    let (title, body) = match end {
        Some(at) => (text[..at].trim(), text[at..].trim()),
        None => (text, ""),
    };
    let mut tags: Vec<String> = Vec::new();
    for word in text.split_whitespace() {
        let Some(tag) = word.strip_prefix('@') else {
            continue;
        };
        let tag: String = tag
            .trim_end_matches(|c: char| !c.is_alphanumeric())
            .to_lowercase();
        if !tag.is_empty()
            && tag
                .chars()
                .all(|c| c.is_alphanumeric() || c == '-' || c == '_')
            && !tags.contains(&tag)
        {
            tags.push(tag);
        }
    }
    (title.to_string(), body.to_string(), tags)
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn the_first_sentence_is_the_title() {
        let (t, b, tags) =
            split_capture("Approval stalled again. The board @approval meets in May!");
        assert_eq!(t, "Approval stalled again.");
        assert_eq!(b, "The board @approval meets in May!");
        assert_eq!(tags, ["approval"]);
        let (t, b, _) =
            split_capture("  Has anyone tried v1.2 of the toolkit? Asking for @team-x.  ");
        assert_eq!(t, "Has anyone tried v1.2 of the toolkit?");
        assert_eq!(b, "Asking for @team-x.");
        let (t, b, tags) = split_capture("No sentence end here @Pilot @pilot");
        assert_eq!(
            (t.as_str(), b.as_str()),
            ("No sentence end here @Pilot @pilot", "")
        );
        assert_eq!(tags, ["pilot"]);
        assert_eq!(split_capture("email me @ work").2, Vec::<String>::new());
    }

    proptest! {
        /// Nothing typed is lost: the title and body together are the text.
        #[test]
        fn title_and_body_together_are_the_text(text in "[a-zA-Z .?!@\\-]{0,80}") {
            let (t, b, _) = split_capture(&text);
            let joined: Vec<&str> = t.split_whitespace().chain(b.split_whitespace()).collect();
            let original: Vec<&str> = text.split_whitespace().collect();
            prop_assert_eq!(joined, original);
        }
    }
}
