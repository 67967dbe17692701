//! `cairn journal import`: notes kept in jrnl or as Markdown files, into
//! the journal, with a dry run first if wanted and a report of what was
//! left out and why.

use std::io::Read;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Result;
use serde_json::json;
use time::format_description::well_known::Rfc3339;

use crate::library::{ImportFormat, ImportOptions, ImportSource, Library, NotesReport};
use crate::model::Kind;

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Nothing in your journal is changed: each note becomes a new entry, and \
a note imported before (or an entry with the same time and title) is left out, so running an \
import twice adds nothing the second time.\n\n\
jrnl: entries start at a line such as [2026-11-02 09:30] Title (jrnl's default 2026-11-02 \
09:30:00 AM too; --time-format for your own). The first line is the title, @ and # words are \
tags, a * after the title (starred) becomes the tag \"starred\", and a last line of only tags \
becomes tags.\n\
Markdown: a file or a folder of notes (Obsidian, zk, nb, Logseq pages), YAML (---) or TOML (+++) \
front matter: title, tags, date or created; else the first heading, #tags in the text, and the \
file's time. Hidden folders (.obsidian, .git) are skipped; [[wiki links]] stay as text.\n\n\
Kinds: a note tagged @challenge, @validation or @lesson is one; --kind-tag maps your own tags; \
the rest are lessons unless --kind says otherwise.\n\n\
Examples:\n  cairn journal import --from jrnl ~/journal.txt --dry-run\n  \
jrnl --export json | cairn journal import --from jrnl-json -\n  \
cairn journal import --from markdown ~/Obsidian/Work --kind-tag idea=challenge"
)]
pub struct ImportArgs {
    /// jrnl (its plain-text file), jrnl-json (jrnl --export json) or markdown (a file or folder)
    #[arg(long, value_parser = parse_format)]
    from: ImportFormat,
    /// The file or folder to read; - reads standard input (jrnl and jrnl-json)
    #[arg(value_name = "PATH")]
    path: PathBuf,
    /// The kind of notes with no kind tag: challenge, validation or lesson (default: lesson)
    #[arg(long, value_parser = super::journal::parse_kind)]
    kind: Option<Kind>,
    /// A tag that gives a kind, as TAG=KIND (idea=challenge); repeat for more
    #[arg(long = "kind-tag", value_name = "TAG=KIND", value_parser = parse_kind_tag)]
    kind_tags: Vec<(String, Kind)>,
    /// jrnl's own date format, from its config's timeformat (such as "%d.%m.%Y %H:%M")
    #[arg(long, value_name = "FORMAT")]
    time_format: Option<String>,
    /// Say what would be imported, and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Print the report as JSON
    #[arg(long)]
    json: bool,
}

fn parse_format(s: &str) -> Result<ImportFormat, String> {
    ImportFormat::parse(s).ok_or_else(|| format!("expected one of {}", ImportFormat::NAMES))
}

fn parse_kind_tag(s: &str) -> Result<(String, Kind), String> {
    let (tag, kind) = s
        .split_once('=')
        .ok_or_else(|| format!("expected TAG=KIND, such as idea=challenge; got \"{s}\""))?;
    let tag = tag.trim().trim_start_matches(['@', '#']).to_lowercase();
    if tag.is_empty() {
        return Err("the tag before = is empty".into());
    }
    Ok((tag, super::journal::parse_kind(kind.trim())?))
}

pub fn import(library: &Library, args: ImportArgs) -> Result<ExitCode> {
    let source = if args.path.as_os_str() == "-" {
        let mut bytes = Vec::new();
        std::io::stdin().lock().read_to_end(&mut bytes)?;
        ImportSource::Text {
            name: "standard input".into(),
            bytes,
        }
    } else {
        ImportSource::Path(args.path.clone())
    };
    let options = ImportOptions {
        format: args.from,
        kind: args.kind,
        kind_tags: args.kind_tags,
        time_format: args.time_format,
        dry_run: args.dry_run,
    };
    let report = library.import_notes(&source, &options)?;
    if args.json {
        println!("{}", serde_json::to_string_pretty(&as_json(&report))?);
    } else {
        print!("{}", words(&report));
    }
    Ok(if report.failed.is_some() {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

fn plural(n: usize, one: &str, many: &str) -> String {
    format!("{n} {}", if n == 1 { one } else { many })
}

/// The report as a person reads it.
fn words(r: &NotesReport) -> String {
    let mut out = heading(r);
    const SHOWN: usize = 20;
    for note in r.added.iter().take(SHOWN) {
        out.push_str(&format!(
            "  {}  {:<10}  {}  ({})\n",
            note.created.date(),
            note.kind.as_str(),
            safe(&note.title),
            safe(&note.place)
        ));
    }
    if r.added.len() > SHOWN {
        out.push_str(&format!("  … and {} more\n", r.added.len() - SHOWN));
    }
    out.push_str(&left_out(r));
    if r.starred > 0 {
        out.push_str(&format!(
            "{} tagged \"starred\" (cairn has no stars).\n",
            plural(r.starred, "starred note", "starred notes")
        ));
    }
    if r.cleaned > 0 {
        out.push_str(&format!(
            "{} held escape codes or control characters, removed (a terminal would act on them).\n",
            plural(r.cleaned, "note", "notes")
        ));
    }
    if r.long_titles > 0 {
        out.push_str(&format!(
            "{} cut to fit; the whole line starts the text.\n",
            plural(r.long_titles, "long title", "long titles")
        ));
    }
    if let Some(why) = &r.failed {
        let written = r.added.iter().filter(|n| n.path.is_some()).count();
        out.push_str(&format!(
            "Stopped after {}: {why}. Import again once it is fixed: what was written is left out the second time.\n",
            plural(written, "entry", "entries")
        ));
    } else if r.dry_run && !r.added.is_empty() {
        out.push_str("Run it again without --dry-run to import them.\n");
    }
    out
}

fn safe(s: &str) -> String {
    crate::model::safe(s).into_owned()
}

/// What was (or would be) imported, of how many, and of which kinds.
fn heading(r: &NotesReport) -> String {
    let kinds: Vec<String> = r
        .kinds()
        .iter()
        .map(|(k, n)| plural(*n, k.as_str(), &format!("{k}s")))
        .collect();
    let kinds = if kinds.is_empty() {
        String::new()
    } else {
        format!(" ({})", kinds.join(", "))
    };
    let found = plural(r.found, "note", "notes");
    let source = safe(&r.source);
    if r.dry_run {
        format!(
            "Dry run: would import {} of {found} from {source}{kinds}. Nothing was written.\n",
            r.added.len()
        )
    } else if r.added.is_empty() {
        format!("Nothing new to import from {source} ({found} found).\n")
    } else {
        format!(
            "Imported {} of {found} from {source}{kinds}.\n",
            r.added.len()
        )
    }
}

/// Notes left out: those already in the journal counted, the others each
/// with where and why.
fn left_out(r: &NotesReport) -> String {
    let mut out = String::new();
    let (already, problems): (Vec<_>, Vec<_>) = r.skipped.iter().partition(|s| s.duplicate);
    if !already.is_empty() {
        out.push_str(&format!(
            "Left out {} already in your journal (or twice in {}).\n",
            plural(already.len(), "note", "notes"),
            safe(&r.source)
        ));
    }
    if !problems.is_empty() {
        out.push_str(&format!(
            "Left out {}:\n",
            plural(
                problems.len(),
                "note that could not be read",
                "notes that could not be read"
            )
        ));
        for s in problems {
            let title = s
                .title
                .as_deref()
                .map(|t| format!(" \"{}\"", safe(t)))
                .unwrap_or_default();
            out.push_str(&format!("  {}{title}: {}\n", safe(&s.place), s.why));
        }
    }
    out
}

fn as_json(r: &NotesReport) -> serde_json::Value {
    let added: Vec<_> = r
        .added
        .iter()
        .map(|n| {
            json!({
                "place": n.place, "id": n.id, "title": n.title, "kind": n.kind,
                "created": n.created.format(&Rfc3339).unwrap_or_default(),
                "path": n.path,
            })
        })
        .collect();
    let skipped: Vec<_> = r
        .skipped
        .iter()
        .map(
            |s| json!({"place": s.place, "title": s.title, "why": s.why, "duplicate": s.duplicate}),
        )
        .collect();
    json!({
        "source": r.source, "dry_run": r.dry_run, "found": r.found,
        "added": added, "skipped": skipped, "starred": r.starred, "cleaned": r.cleaned,
        "failed": r.failed,
    })
}
