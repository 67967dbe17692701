//! The site's feeds, so people who never install cairn can follow a
//! network's lessons in any feed reader: `feed.xml` (Atom 1.0, RFC 4287)
//! and `feed.json` (JSON Feed 1.1). Both are well-formed whatever a pack
//! holds: text is escaped, and characters XML 1.0 forbids are dropped.

use std::fmt::Write;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use super::html::language;
use super::{Published, Site};

/// The time a feed with no lessons says it was updated.
pub const EPOCH: &str = "1970-01-01T00:00:00Z";

/// Whether XML 1.0 allows `c` in a document.
fn xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{d7ff}' | '\u{e000}'..='\u{fffd}' | '\u{10000}'..)
}

/// Text for XML content or a quoted attribute: escaped, and without the
/// characters XML 1.0 forbids.
pub fn xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars().filter(|c| xml_char(*c)) {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

/// A stable `urn:uuid:` for a name: a version 8 UUID made of its SHA-256,
/// so an entry keeps its id across publishes and hosts.
pub fn urn(parts: &[&str]) -> String {
    let mut h = Sha256::new();
    for part in parts {
        h.update((part.len() as u64).to_le_bytes());
        h.update(part.as_bytes());
    }
    let mut b: [u8; 16] = h.finalize()[..16].try_into().expect("16 bytes");
    b[6] = (b[6] & 0x0f) | 0x80;
    b[8] = (b[8] & 0x3f) | 0x80;
    let hex: String = b.iter().map(|x| format!("{x:02x}")).collect();
    format!(
        "urn:uuid:{}-{}-{}-{}-{}",
        &hex[..8],
        &hex[8..12],
        &hex[12..16],
        &hex[16..20],
        &hex[20..]
    )
}

/// The id of a lesson's entry in both feeds.
pub fn entry_id(site: &Site, lesson: &Published) -> String {
    urn(&["cairn lesson", &site.network, &lesson.lesson.id])
}

fn heading(site: &Site) -> String {
    format!("Lessons shared with {}", site.title)
}

/// The newest `updated` of the lessons (the first: they are newest first).
pub fn updated(lessons: &[Published]) -> &str {
    lessons
        .first()
        .map(|l| l.lesson.updated.as_str())
        .unwrap_or(EPOCH)
}

/// `feed.xml`: one entry per lesson, its body as escaped HTML.
pub fn atom(site: &Site, lessons: &[Published], bodies: &[String], summaries: &[String]) -> String {
    let mut out = String::with_capacity(1024 + lessons.len() * 1500);
    let _ = write!(
        out,
        "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">\n\
         <id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<author><name>{}</name></author>\n\
         <generator>cairn</generator>\n",
        urn(&["cairn network", &site.network]),
        xml(&heading(site)),
        xml(updated(lessons)),
        xml(&site.title),
    );
    if let Some(base) = &site.base_url {
        let _ = write!(
            out,
            "<link rel=\"self\" type=\"application/atom+xml\" href=\"{0}feed.xml\"/>\n\
             <link rel=\"alternate\" type=\"text/html\" href=\"{0}\"/>\n",
            xml(base)
        );
    }
    for ((l, body), summary) in lessons.iter().zip(bodies).zip(summaries) {
        let lang = language(&l.lesson.language)
            .map(|t| format!(" xml:lang=\"{t}\""))
            .unwrap_or_default();
        let _ = write!(
            out,
            "<entry{lang}>\n<id>{}</id>\n<title>{}</title>\n<updated>{}</updated>\n<published>{}</published>\n",
            entry_id(site, l),
            xml(&l.lesson.title),
            xml(&l.lesson.updated),
            xml(&l.lesson.created),
        );
        if let Some(by) = l.byline() {
            let _ = writeln!(out, "<author><name>{}</name></author>", xml(&by));
        }
        let _ = writeln!(
            out,
            "<link rel=\"alternate\" type=\"text/html\" href=\"{}{}\"/>",
            xml(site.base_url.as_deref().unwrap_or("")),
            xml(&l.page)
        );
        let _ = writeln!(
            out,
            "<category term=\"{0}\" label=\"{0}\"/>",
            l.lesson.kind.as_str()
        );
        for tag in &l.lesson.tags {
            let _ = writeln!(out, "<category term=\"{}\"/>", xml(tag));
        }
        if !summary.is_empty() {
            let _ = writeln!(out, "<summary>{}</summary>", xml(summary));
        }
        let _ = write!(
            out,
            "<content type=\"html\">{}</content>\n<rights>{}</rights>\n</entry>\n",
            xml(body),
            xml(&l.lesson.licence)
        );
    }
    out.push_str("</feed>\n");
    out
}

/// `feed.json`: JSON Feed 1.1.
pub fn json_feed(
    site: &Site,
    lessons: &[Published],
    bodies: &[String],
    summaries: &[String],
) -> String {
    let mut feed = serde_json::Map::new();
    feed.insert("version".into(), json!("https://jsonfeed.org/version/1.1"));
    feed.insert("title".into(), json!(heading(site)));
    if let Some(base) = &site.base_url {
        feed.insert("home_page_url".into(), json!(base));
        feed.insert("feed_url".into(), json!(format!("{base}feed.json")));
    }
    feed.insert(
        "description".into(),
        json!(format!(
            "What members of {} learned, shared back so that others can find precedent.",
            site.title
        )),
    );
    feed.insert("language".into(), json!("en"));
    feed.insert("authors".into(), json!([{ "name": site.title }]));
    let items: Vec<Value> = lessons
        .iter()
        .zip(bodies)
        .zip(summaries)
        .map(|((l, body), summary)| {
            let mut item = serde_json::Map::new();
            item.insert("id".into(), json!(entry_id(site, l)));
            if let Some(base) = &site.base_url {
                item.insert("url".into(), json!(format!("{base}{}", l.page)));
            }
            item.insert("title".into(), json!(l.lesson.title));
            item.insert("content_html".into(), json!(body));
            if !summary.is_empty() {
                item.insert("summary".into(), json!(summary));
            }
            item.insert("date_published".into(), json!(l.lesson.created));
            item.insert("date_modified".into(), json!(l.lesson.updated));
            if let Some(by) = l.byline() {
                item.insert("authors".into(), json!([{ "name": by }]));
            }
            let mut tags = vec![l.lesson.kind.as_str().to_string()];
            tags.extend(l.lesson.tags.iter().cloned());
            item.insert("tags".into(), json!(tags));
            if let Some(lang) = language(&l.lesson.language) {
                item.insert("language".into(), json!(lang));
            }
            Value::Object(item)
        })
        .collect();
    feed.insert("items".into(), Value::Array(items));
    serde_json::to_string_pretty(&Value::Object(feed)).expect("a feed serialises") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_drops_what_xml_forbids() {
        assert_eq!(
            xml("a\u{0}b\u{1b}c\u{fffe}d<&>\"'"),
            "abcd&lt;&amp;&gt;&quot;&apos;"
        );
    }

    #[test]
    fn urns_are_stable_uuids() {
        let a = urn(&["cairn lesson", "net", "k7d2"]);
        assert_eq!(a, urn(&["cairn lesson", "net", "k7d2"]));
        assert_ne!(a, urn(&["cairn lesson", "net", "k7d3"]));
        assert_eq!(a.len(), "urn:uuid:".len() + 36);
        assert_eq!(&a[9 + 14..9 + 15], "8");
    }
}
