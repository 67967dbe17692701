//! A lesson's Markdown body made into HTML that is safe to put in a page
//! anyone may open: pulldown-cmark's renderer, fed events that can do no
//! harm. Raw HTML in the text shows as text; a link whose address could
//! run something (`javascript:`, `data:`, `vbscript:` …) keeps its words
//! and loses the link; an image becomes a link to it, so a page makes no
//! request of its own; headings start at `h2` under the page's one `h1`
//! and never skip a level going down.

use pulldown_cmark::{CodeBlockKind, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};

fn options() -> Options {
    Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH | Options::ENABLE_TASKLISTS
}

/// Whether a link address may stay a link: `http`, `https` and `mailto`,
/// or a relative address (no scheme at all). Browsers ignore tabs, line
/// breaks and leading spaces or controls in an address, so those are
/// taken out before the scheme is read.
pub fn safe_url(url: &str) -> bool {
    let compact: String = url
        .chars()
        .filter(|c| !c.is_whitespace() && !c.is_control())
        .collect();
    let end = compact.find(['/', '?', '#']).unwrap_or(compact.len());
    match compact[..end].find(':') {
        None => true,
        Some(colon) => {
            let scheme = compact[..colon].to_ascii_lowercase();
            matches!(scheme.as_str(), "http" | "https" | "mailto")
        }
    }
}

/// The body as HTML (see the module documentation for what is changed).
#[cfg(test)]
fn to_html(body: &str) -> String {
    render(body, 0).0
}

/// The body as HTML and as a summary of about `max` characters (plain
/// text on one line, cut at a word), from one reading of the Markdown.
pub fn render(body: &str, max: usize) -> (String, String) {
    let levels = heading_levels(body);
    let mut plain = String::new();
    let mut previous = 1usize;
    let mut open_heading = HeadingLevel::H2;
    // Links do not nest in CommonMark, so one flag says whether the
    // current link (or image made a link) was dropped.
    let mut dropped_link = false;
    let events = Parser::new_ext(body, options()).map(|event| {
        if max > 0 && plain.len() <= max * 4 + 64 {
            plain_text(&event, &mut plain);
        }
        match event {
            Event::Html(text) | Event::InlineHtml(text) => Event::Text(text),
            Event::Start(Tag::HtmlBlock) => {
                Event::Start(Tag::CodeBlock(CodeBlockKind::Fenced(CowStr::Borrowed(""))))
            }
            Event::End(TagEnd::HtmlBlock) => Event::End(TagEnd::CodeBlock),
            Event::Start(Tag::Heading { level, .. }) => {
                let wanted = levels.iter().position(|l| *l == level).unwrap_or(0) + 2;
                let at = wanted.min(previous + 1).clamp(2, 6);
                previous = at;
                open_heading = HeadingLevel::try_from(at).unwrap_or(HeadingLevel::H6);
                Event::Start(Tag::Heading {
                    level: open_heading,
                    id: None,
                    classes: Vec::new(),
                    attrs: Vec::new(),
                })
            }
            Event::End(TagEnd::Heading(_)) => Event::End(TagEnd::Heading(open_heading)),
            Event::Start(
                Tag::Link {
                    link_type,
                    dest_url,
                    title,
                    id,
                }
                | Tag::Image {
                    link_type,
                    dest_url,
                    title,
                    id,
                },
            ) => {
                dropped_link = !safe_url(&dest_url);
                if dropped_link {
                    Event::Text(CowStr::Borrowed(""))
                } else {
                    Event::Start(Tag::Link {
                        link_type,
                        dest_url,
                        title,
                        id,
                    })
                }
            }
            Event::End(TagEnd::Link | TagEnd::Image) if dropped_link => {
                dropped_link = false;
                Event::Text(CowStr::Borrowed(""))
            }
            Event::End(TagEnd::Link | TagEnd::Image) => Event::End(TagEnd::Link),
            other => other,
        }
    });
    let mut out = String::with_capacity(body.len() + body.len() / 4);
    pulldown_cmark::html::push_html(&mut out, events);
    (out, cut(&plain, max))
}

/// The words an event shows, for a summary.
fn plain_text(event: &Event, plain: &mut String) {
    match event {
        Event::Text(t) | Event::Code(t) | Event::Html(t) | Event::InlineHtml(t) => {
            plain.push_str(t)
        }
        Event::SoftBreak | Event::HardBreak | Event::End(_) => plain.push(' '),
        _ => {}
    }
}

/// The heading levels a body uses, in order, so the highest becomes `h2`.
fn heading_levels(body: &str) -> Vec<HeadingLevel> {
    if !body.contains('#') && !body.contains("\n=") && !body.contains("\n-") {
        return Vec::new();
    }
    let mut levels: Vec<HeadingLevel> = Parser::new_ext(body, options())
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { level, .. }) => Some(level),
            _ => None,
        })
        .collect();
    levels.sort();
    levels.dedup();
    levels
}

/// The body as plain text on one line, cut to about `max` characters at
/// a word: a summary for the list and the feeds.
#[cfg(test)]
fn summary(body: &str, max: usize) -> String {
    render(body, max).1
}

fn cut(text: &str, max: usize) -> String {
    let mut out = String::new();
    let mut len = 0;
    for word in text.split_whitespace() {
        let n = word.chars().count();
        if len + 1 + n > max {
            if out.is_empty() {
                out = word.chars().take(max).collect();
            }
            out.push('…');
            return out;
        }
        if !out.is_empty() {
            out.push(' ');
            len += 1;
        }
        out.push_str(word);
        len += n;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn raw_html_shows_as_text() {
        let html = to_html("Hello <script>alert(1)</script>\n\n<div onclick=x>block</div>\n");
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("<div"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
    }

    #[test]
    fn only_harmless_links_stay_links() {
        for bad in [
            "[x](javascript:alert(1))",
            "[x](JaVaScRiPt:alert(1))",
            "[x](<java\tscript:alert(1)>)",
            "[x](javascript&#58;alert(1))",
            "<javascript:alert(1)>",
            "[x](data:text/html;base64,PHNjcmlwdD4=)",
            "[x](vbscript:msgbox)",
            "![x](javascript:alert(1))",
        ] {
            let html = to_html(bad);
            // The words stay, as words.
            assert!(
                !html.contains("href") && !html.contains("src"),
                "{bad} gave {html}"
            );
        }
        let html = to_html("[a](https://example.org/x) [b](mailto:a@b.c) [c](../index.html)");
        assert_eq!(html.matches("href").count(), 3, "{html}");
    }

    #[test]
    fn images_become_links_and_headings_start_at_h2() {
        let html = to_html("![a chart](https://example.org/c.png)");
        assert!(!html.contains("<img"), "{html}");
        assert!(
            html.contains("<a href=\"https://example.org/c.png\">a chart</a>"),
            "{html}"
        );
        let html = to_html("### Three\n\n# One\n\n###### Six\n");
        assert!(html.contains("<h2>Three</h2>"), "{html}");
        assert!(html.contains("<h2>One</h2>"), "{html}");
        assert!(html.contains("<h3>Six</h3>"), "{html}");
    }

    #[test]
    fn summaries_are_plain_and_short() {
        assert_eq!(
            summary("# Title\n\nSome *text* here.", 100),
            "Title Some text here."
        );
        let long = "word ".repeat(100);
        let s = summary(&long, 20);
        assert!(s.chars().count() <= 21 && s.ends_with('…'), "{s}");
    }
}
