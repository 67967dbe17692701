//! The site's pages: `index.html` (every lesson, with search and filters
//! that run in the page) and one page per lesson. Every text from a pack
//! is escaped; the only scripts are cairn's own, allowed by their digest
//! in a Content-Security-Policy that forbids loading anything else.

use std::collections::HashMap;
use std::fmt::Write;

use base64::Engine;
use sha2::{Digest, Sha256};

use super::{Published, Site};
use crate::model::{Effort, Maturity};

const STYLE: &str = include_str!("../../assets/site/style.css");
const SCRIPT: &str = include_str!("../../assets/site/filter.js");

/// How every page cairn makes begins; a page in `lessons/` that begins
/// otherwise is not cairn's and is never removed.
pub const MARKER: &str =
    "<!DOCTYPE html>\n<!-- made by cairn publish: written again at each publish -->\n";

/// Tags offered in the filter, the most used first; the search finds the rest.
const MAX_TAG_CHOICES: usize = 200;
/// Rows of the list shown before "Show more" (the same as `PAGE` in
/// filter.js): a page of 10k rows would be slow to lay out at each
/// keystroke. Without scripts, every row shows (`NO_SCRIPT`). Rows are
/// blocks, not list items: Chromium numbers list items again whenever
/// many are hidden at once, which made clearing a list of 10k take 0.4 s.
const FIRST_ROWS: usize = 100;
const NO_SCRIPT: &str = ".lessons>li[hidden]{display:block!important}";

/// Text escaped for HTML, in an element or a quoted attribute.
pub fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    push_esc(&mut out, text);
    out
}

fn push_esc(out: &mut String, text: &str) {
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
}

/// A language tag fit for a `lang` attribute, or None.
pub fn language(tag: &str) -> Option<&str> {
    let ok = !tag.is_empty()
        && tag.len() <= 35
        && tag
            .split('-')
            .all(|p| !p.is_empty() && p.len() <= 8 && p.chars().all(|c| c.is_ascii_alphanumeric()));
    ok.then_some(tag)
}

fn csp_hash(text: &str) -> String {
    let digest = Sha256::digest(text.as_bytes());
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The digest of the style sheet, worked out once for every page.
fn style_hash() -> &'static str {
    static HASH: std::sync::OnceLock<String> = std::sync::OnceLock::new();
    HASH.get_or_init(|| csp_hash(STYLE))
}

fn head(out: &mut String, title: &str, with_script: bool, feeds: &str) {
    let (script, styles, no_script) = if with_script {
        (
            format!("script-src {}; ", csp_hash(SCRIPT)),
            format!("{} {}", style_hash(), csp_hash(NO_SCRIPT)),
            format!("<noscript><style>{NO_SCRIPT}</style></noscript>\n"),
        )
    } else {
        (String::new(), style_hash().to_string(), String::new())
    };
    let _ = write!(
        out,
        "{MARKER}<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src {}; {script}base-uri 'none'; form-action 'none'\">\n\
         <meta name=\"referrer\" content=\"no-referrer\">\n\
         <meta name=\"generator\" content=\"cairn\">\n\
         <title>{}</title>\n{feeds}<style>{STYLE}</style>\n{no_script}</head>\n<body>\n",
        styles,
        esc(title),
    );
}

fn date(rfc3339: &str) -> String {
    let day = rfc3339.get(..10).unwrap_or(rfc3339);
    format!("<time datetime=\"{}\">{}</time>", esc(rfc3339), esc(day))
}

fn kind_label(lesson: &Published) -> &'static str {
    match lesson.lesson.kind {
        crate::model::Kind::Challenge => "Challenge",
        crate::model::Kind::Validation => "Validation",
        crate::model::Kind::Lesson => "Lesson",
    }
}

/// The page listing every lesson.
pub fn index(site: &Site, lessons: &[Published], summaries: &[String], catalogue: bool) -> String {
    let mut out = String::with_capacity(1024 + lessons.len() * 700);
    let heading = format!("Lessons shared with {}", site.title);
    let feeds = format!(
        "<link rel=\"alternate\" type=\"application/atom+xml\" title=\"{0} (Atom)\" href=\"feed.xml\">\n\
         <link rel=\"alternate\" type=\"application/feed+json\" title=\"{0} (JSON Feed)\" href=\"feed.json\">\n",
        esc(&heading)
    );
    head(&mut out, &heading, true, &feeds);
    let total = lessons.len();
    let _ = write!(
        out,
        "<a class=\"skip\" href=\"#main\">Skip to the lessons</a>\n<header>\n<p class=\"site\">{}</p>\n<h1>{}</h1>\n\
         <p>What members of this network learned, shared back so that others can find precedent. \
         Each lesson is reused under the licence on its page.</p>\n</header>\n\
         <nav aria-label=\"Follow and download\">\n<ul>\n\
         <li><a href=\"feed.xml\">Atom feed</a></li>\n<li><a href=\"feed.json\">JSON Feed</a></li>\n\
         <li><a href=\"lessons.json\">Every lesson as a cairn pack</a></li>\n{}{}</ul>\n</nav>\n<main id=\"main\">\n",
        esc(&site.network),
        esc(&heading),
        if catalogue {
            "<li><a href=\"catalogue.json\">Catalogue entry</a></li>\n"
        } else {
            ""
        },
        if lessons.iter().any(|l| l.lesson.stage.is_some()) {
            "<li><a href=\"stages.html\">What works, by stage</a></li>\n"
        } else {
            ""
        }
    );
    filters(&mut out, lessons);
    let _ = write!(
        out,
        "<p id=\"count\" role=\"status\" aria-live=\"polite\">{total} lesson{}</p>\n<ol id=\"lessons\" class=\"lessons\">\n",
        if total == 1 { "" } else { "s" }
    );
    for (i, (l, summary)) in lessons.iter().zip(summaries).enumerate() {
        let _ = write!(
            out,
            "<li{}><article><h2><a href=\"{}\">{}</a></h2><p class=\"meta\">{} · {}",
            if i < FIRST_ROWS { "" } else { " hidden" },
            esc(&l.page),
            esc(&l.lesson.title),
            kind_label(l),
            date(&l.lesson.updated),
        );
        if let Some(by) = l.byline() {
            let _ = write!(out, " · {}", esc(&by));
        }
        if !l.lesson.tags.is_empty() {
            out.push_str(" · ");
            push_esc(&mut out, &l.lesson.tags.join(", "));
        }
        out.push_str("</p>");
        if !summary.is_empty() {
            out.push_str("<p>");
            push_esc(&mut out, summary);
            out.push_str("</p>");
        }
        out.push_str("</article></li>\n");
    }
    out.push_str(
        "</ol>\n<p><button id=\"more\" type=\"button\" hidden>Show more</button></p>\n</main>\n",
    );
    footer(&mut out, "");
    out.push_str("<script type=\"application/json\" id=\"lesson-data\">");
    out.push_str(&data_block(lessons, summaries));
    let _ = write!(
        out,
        "</script>\n<script>{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

fn filters(out: &mut String, lessons: &[Published]) {
    let mut kinds: Vec<crate::model::Kind> = lessons.iter().map(|l| l.lesson.kind).collect();
    kinds.sort();
    kinds.dedup();
    let mut counts: HashMap<String, usize> = HashMap::new();
    for l in lessons {
        for t in &l.lesson.tags {
            *counts.entry(t.to_lowercase()).or_default() += 1;
        }
    }
    let mut tags: Vec<(String, usize)> = counts.into_iter().collect();
    tags.sort_by(|(a, x), (b, y)| y.cmp(x).then_with(|| a.cmp(b)));
    tags.truncate(MAX_TAG_CHOICES);
    tags.sort();
    out.push_str(
        "<form id=\"filters\" role=\"search\" aria-label=\"Lessons\" hidden>\n\
         <div><label for=\"q\">Search</label><input id=\"q\" type=\"search\" autocomplete=\"off\" \
         placeholder=\"words in a title, tag or text\"></div>\n\
         <div><label for=\"kind\">Kind</label><select id=\"kind\"><option value=\"\">Every kind</option>",
    );
    for k in kinds {
        let _ = write!(out, "<option value=\"{0}\">{0}</option>", k.as_str());
    }
    out.push_str(
        "</select></div>\n<div><label for=\"tag\">Tag</label><select id=\"tag\"><option value=\"\">Every tag</option>",
    );
    for (t, n) in tags {
        let _ = write!(out, "<option value=\"{0}\">{0} ({n})</option>", esc(&t));
    }
    out.push_str("</select></div>\n</form>\n");
}

/// What the filter reads, in the list's order: kind, lower-cased tags and
/// the searched text already lower-cased (so a keystroke does no more than
/// look for words). `<`, `>` and `&` are escaped so that no text can end
/// the script element.
fn data_block(lessons: &[Published], summaries: &[String]) -> String {
    #[derive(serde::Serialize)]
    struct Item<'a> {
        k: &'a str,
        g: Vec<String>,
        s: String,
    }
    let items: Vec<Item> = lessons
        .iter()
        .zip(summaries)
        .map(|(l, summary)| Item {
            k: l.lesson.kind.as_str(),
            g: l.lesson.tags.iter().map(|t| t.to_lowercase()).collect(),
            s: format!(
                "{} {} {} {} {}",
                l.lesson.title,
                l.lesson.tags.join(" "),
                l.byline().unwrap_or_default(),
                l.lesson.kind.as_str(),
                summary
            )
            .to_lowercase(),
        })
        .collect();
    let json = serde_json::to_string(&items).expect("the index serialises");
    json.replace('<', "\\u003c")
        .replace('>', "\\u003e")
        .replace('&', "\\u0026")
}

/// `up` leads from the page to the folder (`""` or `"../"`).
fn footer(out: &mut String, up: &str) {
    let _ = write!(
        out,
        "<footer>\n<p>Published with cairn, from lesson packs members shared with the network. \
         Follow new lessons with the <a href=\"{up}feed.xml\">Atom feed</a> in any feed reader.</p>\n</footer>\n",
    );
}

/// One lesson's page, its body already made HTML.
pub fn lesson_page(site: &Site, lesson: &Published, body_html: &str) -> String {
    let l = &lesson.lesson;
    let mut out = String::with_capacity(2048 + body_html.len());
    head(
        &mut out,
        &format!("{} · {}", l.title, site.title),
        false,
        "",
    );
    let _ = write!(
        out,
        "<a class=\"skip\" href=\"#main\">Skip to the lesson</a>\n<header>\n<p class=\"site\">\
         <a href=\"../index.html\">Lessons shared with {}</a></p>\n</header>\n\
         <nav aria-label=\"Breadcrumb\"><ul><li><a href=\"../index.html\">Every lesson</a></li></ul></nav>\n\
         <main id=\"main\">\n<article{}>\n<h1>{}</h1>\n<dl class=\"facts\">\n<dt>Kind</dt><dd>{}</dd>\n",
        esc(&site.title),
        language(&l.language)
            .map(|t| format!(" lang=\"{t}\""))
            .unwrap_or_default(),
        esc(&l.title),
        kind_label(lesson),
    );
    if let Some(by) = lesson.byline() {
        let _ = writeln!(out, "<dt>Shared by</dt><dd>{}</dd>", esc(&by));
    }
    let signed = match &l.signer {
        Some(key) => format!(
            "key <code>{}</code> (the signature was checked when this page was made)",
            esc(&crate::model::fingerprint(key))
        ),
        None => "not signed".to_string(),
    };
    let _ = writeln!(out, "<dt>Signed by</dt><dd>{signed}</dd>");
    if let Some(stage) = l.stage {
        let _ = writeln!(out, "<dt>Network stage</dt><dd>{}</dd>", stage_label(stage));
    }
    if let Some(effort) = l.effort {
        let _ = writeln!(out, "<dt>Effort</dt><dd>{}</dd>", effort_label(effort));
    }
    let _ = writeln!(out, "<dt>Written</dt><dd>{}</dd>", date(&l.created));
    if l.updated != l.created {
        let _ = writeln!(out, "<dt>Updated</dt><dd>{}</dd>", date(&l.updated));
    }
    if !l.tags.is_empty() {
        let _ = writeln!(out, "<dt>Tags</dt><dd>{}</dd>", esc(&l.tags.join(", ")));
    }
    let _ = write!(
        out,
        "<dt>Licence</dt><dd>{}</dd>\n</dl>\n<div class=\"body\">\n{}</div>\n</article>\n</main>\n",
        esc(&l.licence),
        if body_html.trim().is_empty() {
            "<p>(no text)</p>\n"
        } else {
            body_html
        },
    );
    footer(&mut out, "../");
    out.push_str("</body>\n</html>\n");
    out
}

fn stage_label(stage: Maturity) -> &'static str {
    match stage {
        Maturity::Emerging => "Emerging",
        Maturity::Established => "Established",
        Maturity::Mature => "Mature",
    }
}

fn effort_label(effort: Effort) -> &'static str {
    match effort {
        Effort::Volunteers => "volunteers",
        Effort::PartOfAJob => "part of someone's job",
        Effort::FundedTeam => "a funded team",
    }
}

/// "What works, by stage": the lessons organisers shared about running the
/// network, grouped by the stage it was at (emerging, established,
/// mature), each with the effort behind it, newest first within a stage.
pub fn stages_page(site: &Site, lessons: &[Published]) -> String {
    let mut out = String::with_capacity(1024 + lessons.len() * 200);
    let heading = format!("What works, by stage: {}", site.title);
    head(&mut out, &heading, false, "");
    let _ = write!(
        out,
        "<a class=\"skip\" href=\"#main\">Skip to the lessons</a>\n<header>\n<p class=\"site\"><a href=\"index.html\">Lessons shared with {}</a></p>\n<h1>What works, by stage</h1>\n\
         <p>Lessons from the people who run networks like this one, by how far along the network was \
         and the effort behind it: what brought people in, what kept them, and what they would do \
         differently.</p>\n</header>\n<main id=\"main\">\n",
        esc(&site.title)
    );
    for stage in Maturity::ALL {
        let here: Vec<&Published> = lessons
            .iter()
            .filter(|l| l.lesson.stage == Some(*stage))
            .collect();
        let _ = writeln!(
            out,
            "<section aria-labelledby=\"{0}\">\n<h2 id=\"{0}\">{1}</h2>",
            stage.as_str(),
            stage_label(*stage)
        );
        if here.is_empty() {
            out.push_str("<p>No lessons yet for this stage.</p>\n");
        } else {
            out.push_str("<ul>\n");
            for l in here {
                let effort = l
                    .lesson
                    .effort
                    .map(|e| format!(" · run by {}", effort_label(e)))
                    .unwrap_or_default();
                let _ = writeln!(
                    out,
                    "<li><a href=\"{}\">{}</a> <span class=\"meta\">{}{}</span></li>",
                    esc(&l.page),
                    esc(&l.lesson.title),
                    date(&l.lesson.updated),
                    esc(&effort)
                );
            }
            out.push_str("</ul>\n");
        }
        out.push_str("</section>\n");
    }
    out.push_str("</main>\n");
    footer(&mut out, "");
    out.push_str("</body>\n</html>\n");
    out
}
