//! The journal, or part of it, out of cairn: Markdown (one file), JSON
//! (everything, for scripts and backups), jrnl's plain-text format (which
//! jrnl reads back), or one self-contained HTML page for printing. Private
//! text is kept by default (it is the person's own backup); with `public`
//! it is removed exactly as sharing removes it.

use std::fmt::Write;

use serde_json::json;
use time::format_description::well_known::Rfc3339;

use super::{Library, LibraryError};
use crate::journal::Stored;
use crate::model::{Entry, PackLesson, PackTerms};

/// The forms an export takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    Markdown,
    Json,
    Jrnl,
    Html,
}

impl ExportFormat {
    pub const NAMES: &'static str = "md, json, jrnl, html";

    pub fn parse(name: &str) -> Option<ExportFormat> {
        Some(match name.trim().to_ascii_lowercase().as_str() {
            "md" | "markdown" => ExportFormat::Markdown,
            "json" => ExportFormat::Json,
            "jrnl" | "txt" => ExportFormat::Jrnl,
            "html" => ExportFormat::Html,
            _ => return None,
        })
    }
}

/// An entry as it leaves: private text removed or not.
struct Out<'a> {
    stored: &'a Stored,
    title: String,
    body: String,
    tags: Vec<String>,
}

impl<'a> Out<'a> {
    fn new(stored: &'a Stored, public: bool) -> Out<'a> {
        let entry = &stored.entry;
        if public {
            // The one way text leaves for others: what a pack would hold.
            let (lesson, _) = PackLesson::from_entry(entry, &PackTerms::default());
            Out {
                stored,
                title: lesson.title,
                body: lesson.body,
                tags: lesson.tags,
            }
        } else {
            Out {
                stored,
                title: entry.meta.title.clone(),
                body: entry.body.clone(),
                tags: entry.meta.tags.clone(),
            }
        }
    }

    fn entry(&self) -> &Entry {
        &self.stored.entry
    }
}

impl Library {
    /// The entries a query finds (every entry for an empty query), oldest
    /// first, in `format`; and how many there are.
    pub fn export_journal(
        &self,
        query: &str,
        format: ExportFormat,
        public: bool,
    ) -> Result<(String, usize), LibraryError> {
        let mut stored: Vec<Stored> = if query.trim().is_empty() {
            self.journal_scan()?.entries
        } else {
            let found = self.journal_search(query, usize::MAX / 2, Default::default())?;
            found
                .hits
                .iter()
                .map(|h| self.stored_at(&h.path))
                .collect::<Result<_, _>>()?
        };
        stored.sort_by_key(|s| s.entry.meta.created);
        let entries: Vec<Out> = stored.iter().map(|s| Out::new(s, public)).collect();
        let text = match format {
            ExportFormat::Markdown => markdown(&entries),
            ExportFormat::Json => json_export(&entries, public),
            ExportFormat::Jrnl => jrnl(&entries),
            ExportFormat::Html => html(&entries, public),
        };
        Ok((text, entries.len()))
    }
}

fn day(t: time::OffsetDateTime) -> String {
    t.date().to_string()
}

/// "lesson · resolved · 2026-11-02 · networks: ukgovcamp · tags: a, b".
fn facts(e: &Out) -> String {
    let m = &e.entry().meta;
    let mut facts = vec![m.kind.to_string()];
    facts.extend(m.status.map(|s| s.to_string()));
    facts.push(day(m.created));
    if !m.networks.is_empty() {
        facts.push(format!("networks: {}", m.networks.join(", ")));
    }
    if !e.tags.is_empty() {
        facts.push(format!("tags: {}", e.tags.join(", ")));
    }
    facts.join(" · ")
}

fn markdown(entries: &[Out]) -> String {
    let mut out = format!("# Journal ({} entries)\n", entries.len());
    for e in entries {
        let _ = write!(
            out,
            "\n## {}\n\n_{}_ · id {}\n\n{}\n",
            e.title,
            facts(e),
            e.entry().meta.id,
            e.body.trim_end()
        );
    }
    out
}

fn json_export(entries: &[Out], public: bool) -> String {
    let now = time::OffsetDateTime::now_utc()
        .format(&Rfc3339)
        .unwrap_or_default();
    let list: Vec<serde_json::Value> = entries
        .iter()
        .map(|e| {
            let m = &e.entry().meta;
            let mut v = json!({
                "id": m.id,
                "kind": m.kind,
                "title": e.title,
                "status": m.status,
                "created": m.created.format(&Rfc3339).unwrap_or_default(),
                "updated": m.updated.format(&Rfc3339).unwrap_or_default(),
                "tags": e.tags,
                "networks": m.networks,
                "related": m.related,
                "evidence": m.evidence,
                "shareable": m.shareable,
                "stage": m.stage,
                "effort": m.effort,
                "body": e.body,
            });
            if !public {
                v["path"] = json!(e.stored.path);
            }
            v
        })
        .collect();
    let doc = json!({
        "schema": "cairn.journal-export/1",
        "exported": now,
        "public": public,
        "entries": list,
    });
    let mut text = serde_json::to_string_pretty(&doc).expect("an export serialises");
    text.push('\n');
    text
}

/// jrnl's plain-text journal: `[YYYY-MM-DD HH:MM] Title` then the body,
/// an empty line between entries; the kind and tags as jrnl's `@tags`.
fn jrnl(entries: &[Out]) -> String {
    let mut out = String::new();
    for e in entries {
        let m = &e.entry().meta;
        let stamp = format!(
            "{} {:02}:{:02}",
            m.created.date(),
            m.created.hour(),
            m.created.minute()
        );
        let mut tags = vec![format!("@{}", m.kind)];
        tags.extend(e.tags.iter().map(|t| format!("@{}", t.replace(' ', "-"))));
        // jrnl reads the first line as the title (the tags line below
        // means there is always a second), so the title goes as it is.
        let title = e.title.trim();
        let _ = write!(out, "[{stamp}] {title}");
        let body = e.body.trim();
        // A line of the body starting with `[` and a date would read as a
        // new entry; indent it.
        for line in body.lines() {
            let escaped = if line.starts_with('[') {
                format!(" {line}")
            } else {
                line.to_string()
            };
            let _ = write!(out, "\n{escaped}");
        }
        let _ = writeln!(out, "\n{}\n", tags.join(" "));
    }
    out
}

fn html(entries: &[Out], public: bool) -> String {
    let esc = crate::publish::esc;
    let mut out = String::from(
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <meta http-equiv=\"Content-Security-Policy\" content=\"default-src 'none'; style-src 'unsafe-inline'\">\n\
         <title>Journal</title>\n<style>\n\
         body{font:1rem/1.5 system-ui,sans-serif;max-width:46rem;margin:2rem auto;padding:0 1rem;color:#111}\n\
         article{border-top:1px solid #888;padding-top:1rem;margin-top:1.5rem;break-inside:avoid}\n\
         .facts{color:#444;font-size:.9rem}\n@media print{body{margin:0}}\n</style>\n</head>\n<body>\n<main>\n",
    );
    let _ = writeln!(
        out,
        "<h1>Journal</h1>\n<p>{} entries{}.</p>",
        entries.len(),
        if public {
            ", private text removed"
        } else {
            " (private text included: this is your own copy)"
        }
    );
    for e in entries {
        let (body, _) = crate::publish::markdown_html(&e.body);
        let _ = writeln!(
            out,
            "<article>\n<h2>{}</h2>\n<p class=\"facts\">{} · id {}</p>\n{}\n</article>",
            esc(&e.title),
            esc(&facts(e)),
            esc(&e.entry().meta.id),
            body
        );
    }
    out.push_str("</main>\n</body>\n</html>\n");
    out
}
