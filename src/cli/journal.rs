//! `cairn journal …`: the private journal from the command line.

use std::io::{self, Read, Write};
use std::process::ExitCode;

use anyhow::{Context, Result, bail};
use clap::{Args, Subcommand};
use serde_json::json;
use time::Date;

use super::style::Style;
use crate::library::{Library, NewEntry, Stored, discard_draft, keep_draft as keep};
use crate::model::{EntryStatus, Kind};

#[derive(Debug, Subcommand)]
pub enum JournalCommand {
    /// Write a new entry: in one line (cairn journal add "Approval stalled. The board…"), or with --title in your editor
    #[command(
        after_help = "In one line, the first sentence is the title and the rest the body; \
@words are tags too:\n  cairn journal add \"Approval for the pilot stalled again. Legal wants a DPIA @approval\"\n\
With --title and no --body, your editor opens on a template with prompts."
    )]
    Add(AddArgs),
    /// List entries, newest first
    List(ListArgs),
    /// Show one entry (its id, or the first letters of it)
    Show {
        id: String,
        /// Print the entry as JSON
        #[arg(long)]
        json: bool,
    },
    /// Edit an entry in your editor
    Edit { id: String },
    /// Move an entry to the trash (`journal restore` brings it back)
    Rm { id: String },
    /// Bring an entry back from the trash
    Restore { id: String },
    /// Mark a challenge resolved, optionally by a lesson
    Resolve {
        id: String,
        /// The lesson that resolved it
        #[arg(long)]
        by: Option<String>,
    },
    /// Mark entries as ones you may share with a network (cairn share sends those), or with --no unmark them
    Shareable {
        /// The entries' ids (or their first letters)
        #[arg(required = true)]
        ids: Vec<String>,
        /// Unmark them instead
        #[arg(long)]
        no: bool,
    },
    /// Say when to come back to an entry (a question asked, a reply awaited)
    #[command(name = "follow-up")]
    FollowUp {
        id: String,
        /// "in 2 weeks", "next monday", 2026-12-20…
        #[arg(value_name = "WHEN", value_parser = parse_when, required_unless_present = "clear")]
        when: Option<time::OffsetDateTime>,
        /// Remove the follow-up
        #[arg(long, conflicts_with = "when")]
        clear: bool,
    },
    /// List the entries in the trash, most recently trashed first
    Trash {
        /// Print them as JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove for good the entries put in the trash more than an age ago
    Purge {
        /// 30d, 2w, 6 months… (`--older-than 0d` empties the trash)
        #[arg(long, value_name = "AGE", value_parser = crate::model::parse_age)]
        older_than: std::time::Duration,
    },
    /// Entries whose follow-up is today or past, the most overdue first
    Due {
        /// Print them as JSON
        #[arg(long)]
        json: bool,
    },
    /// Write the journal (or the entries a search finds) out: Markdown, JSON, jrnl or HTML
    Export(super::export::ExportArgs),
    /// Keep a reply to a question you asked (cairn ask) as a validation linked to the challenge
    Reply {
        /// The challenge's id (or its first letters)
        id: String,
        /// What they said: its first sentence is the title
        #[arg(value_name = "TEXT", required = true)]
        text: Vec<String>,
        /// The network it came from (default: the challenge's networks)
        #[arg(long)]
        network: Option<String>,
    },
    /// Text kept aside when it could not be saved: list it, resume it, or remove it
    Drafts {
        #[command(subcommand)]
        action: Option<super::drafts::DraftsAction>,
    },
    /// Bring in notes kept in jrnl or as Markdown files (Obsidian, zk, nb, Logseq); --dry-run previews
    Import(super::import::ImportArgs),
}

/// What `journal add` is given.
#[derive(Debug, Args)]
pub struct AddArgs {
    /// The entry in one line: its first sentence is the title, the rest the body
    #[arg(value_name = "TEXT", conflicts_with_all = ["title", "body"])]
    text: Vec<String>,
    /// challenge, validation or lesson (default: challenge, or default_kind under [journal] in config.toml; lesson with --organiser)
    #[arg(long, short, value_parser = parse_kind)]
    kind: Option<Kind>,
    /// The title, when the text is not given in one line
    #[arg(long, short)]
    title: Option<String>,
    /// A tag; repeat for more
    #[arg(long = "tag")]
    tags: Vec<String>,
    /// The id of a network it concerns; repeat for more
    #[arg(long = "network")]
    networks: Vec<String>,
    /// The text; `-` reads it from standard input
    #[arg(long)]
    body: Option<String>,
    /// Mark it as one you may share with a network later
    #[arg(long)]
    shareable: bool,
    /// When it happened, if not now: 2026-11-02, yesterday, "2 days ago"…
    #[arg(long, value_parser = parse_when, value_name = "WHEN")]
    date: Option<time::OffsetDateTime>,
    /// When to come back to it: "in 2 weeks", "next monday", 2026-12-20…
    #[arg(long, value_parser = parse_when, value_name = "WHEN")]
    follow_up: Option<time::OffsetDateTime>,
    /// About running a network: its stage (emerging, established, mature)
    #[arg(long, value_parser = parse_stage)]
    stage: Option<crate::model::Maturity>,
    /// About running a network: the effort behind it (volunteers, part-of-a-job, funded-team)
    #[arg(long, value_parser = parse_effort)]
    effort: Option<crate::model::Effort>,
    /// About running a network: your editor opens on the organisers' template
    #[arg(long)]
    organiser: bool,
}

/// `cairn journal` alone: the ten newest entries, as `jrnl -n 10` shows.
pub fn recent() -> JournalCommand {
    JournalCommand::List(ListArgs {
        limit: Some(10),
        ..ListArgs::default()
    })
}

/// Which entries `journal list` shows.
#[derive(Debug, Default, Args)]
pub struct ListArgs {
    /// Only entries of this kind: challenge, validation or lesson
    #[arg(long, value_parser = parse_kind)]
    kind: Option<Kind>,
    /// Only entries with this tag
    #[arg(long)]
    tag: Option<String>,
    /// Only entries about this network (its id)
    #[arg(long)]
    network: Option<String>,
    /// open or resolved (challenges)
    #[arg(long, value_parser = parse_status)]
    status: Option<EntryStatus>,
    /// Only entries written on or after this day: 2026-11-02, yesterday, "last friday", "2 weeks ago"…
    #[arg(long, value_parser = parse_date, value_name = "WHEN")]
    since: Option<Date>,
    /// Only entries written on or before this day (as --since)
    #[arg(long, value_parser = parse_date, value_name = "WHEN")]
    until: Option<Date>,
    /// Only entries marked shareable
    #[arg(long)]
    shareable: bool,
    /// Show at most this many, newest first
    #[arg(long, short = 'n')]
    limit: Option<usize>,
    /// Full-text search: words (typos forgiven) and kind: tag: network: status:
    #[arg(long, short = 's', value_name = "QUERY")]
    search: Option<String>,
    /// Print the entries as JSON
    #[arg(long)]
    json: bool,
}

pub(super) fn parse_kind(s: &str) -> Result<Kind, String> {
    Kind::parse(s).ok_or_else(|| format!("expected one of {}", Kind::choices()))
}

fn parse_status(s: &str) -> Result<EntryStatus, String> {
    EntryStatus::parse(s).ok_or_else(|| format!("expected one of {}", EntryStatus::choices()))
}

fn parse_date(s: &str) -> Result<Date, String> {
    crate::model::parse_day(s, time::OffsetDateTime::now_utc())
}

fn parse_stage(s: &str) -> Result<crate::model::Maturity, String> {
    crate::model::Maturity::parse(s)
        .ok_or_else(|| format!("expected one of {}", crate::model::Maturity::choices()))
}

fn parse_effort(s: &str) -> Result<crate::model::Effort, String> {
    crate::model::Effort::parse(s)
        .ok_or_else(|| format!("expected one of {}", crate::model::Effort::choices()))
}

pub(super) fn parse_when(s: &str) -> Result<time::OffsetDateTime, String> {
    crate::model::parse_when(s, time::OffsetDateTime::now_utc())
}

pub fn run(library: &Library, command: JournalCommand, style: Style) -> Result<ExitCode> {
    match command {
        JournalCommand::Add(args) => add(library, args),
        JournalCommand::List(args) => match args.search.clone() {
            // An unknown network would list nothing and say nothing.
            _ if let Some(n) = &args.network
                && let Err(e) = library.check_networks(std::slice::from_ref(n)) =>
            {
                Err(e.into())
            }
            Some(query) => search_list(library, args, query, style),
            None => plain_list(library, args, style),
        },
        JournalCommand::Show { id, json } => show(library, &id, json, style),
        JournalCommand::Edit { id } => edit(library, &id),
        JournalCommand::Rm { id } => {
            let (stored, to) = library.trash_entry(&id)?;
            eprintln!(
                "Moved \"{}\" to the trash ({}). `cairn journal restore {}` brings it back.",
                stored.entry.meta.title,
                to.display(),
                stored.entry.meta.id
            );
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Restore { id } => {
            let (stored, to) = library.restore_entry(&id)?;
            eprintln!(
                "Restored \"{}\" to {}",
                stored.entry.meta.title,
                to.display()
            );
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Export(args) => super::export::export(library, args),
        JournalCommand::Import(args) => super::import::import(library, args),
        JournalCommand::Shareable { ids, no } => shareable(library, &ids, !no),
        JournalCommand::Reply { id, text, network } => reply(library, &id, &text, network),
        JournalCommand::Drafts { action } => {
            super::drafts::drafts(library, action.unwrap_or(super::drafts::DraftsAction::List))
        }
        JournalCommand::FollowUp { id, when, clear } => {
            let stored = library.set_follow_up(&id, if clear { None } else { when })?;
            match stored.entry.meta.follow_up {
                Some(at) => eprintln!(
                    "\"{}\": follow up on {} (`cairn journal due` lists what is due)",
                    stored.entry.meta.title,
                    at.date()
                ),
                None => eprintln!("\"{}\": no follow-up", stored.entry.meta.title),
            }
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Due { json } => due(library, json, style),
        JournalCommand::Trash { json } => trash(library, json, style),
        JournalCommand::Purge { older_than } => {
            let removed = library.purge_trash(older_than)?;
            eprintln!(
                "Removed {} entr{} from the trash for good.",
                removed.len(),
                if removed.len() == 1 { "y" } else { "ies" }
            );
            Ok(ExitCode::SUCCESS)
        }
        JournalCommand::Resolve { id, by } => resolve(library, &id, by),
    }
}

/// `journal shareable`: entries marked as ones to share, or unmarked.
fn shareable(library: &Library, ids: &[String], shareable: bool) -> Result<ExitCode> {
    for id in ids {
        let stored = library.set_shareable(id, shareable)?;
        eprintln!(
            "{} \"{}\" is {}.",
            stored.entry.meta.id,
            crate::model::safe(&stored.entry.meta.title),
            if shareable {
                "shareable"
            } else {
                "not shareable"
            }
        );
    }
    Ok(ExitCode::SUCCESS)
}

/// `journal reply`: an answer to a question asked, kept as a validation.
fn reply(
    library: &Library,
    id: &str,
    text: &[String],
    network: Option<String>,
) -> Result<ExitCode> {
    let (reply, challenge) = library.add_reply(id, &text.join(" "), network)?;
    println!("{}", reply.entry.meta.id);
    eprintln!(
        "Saved the reply as a validation of {} (\"{}\") in {}; its follow-up is cleared.",
        challenge.entry.meta.id,
        crate::model::safe(&challenge.entry.meta.title),
        reply.path.display()
    );
    Ok(ExitCode::SUCCESS)
}

/// `journal list --search`: through the journal index.
fn search_list(library: &Library, args: ListArgs, query: String, style: Style) -> Result<ExitCode> {
    let ListArgs {
        kind,
        tag,
        network,
        status,
        since,
        until,
        shareable,
        limit,
        json,
        ..
    } = args;
    let mut query = query;
    for (name, value) in [
        ("kind", kind.map(|k| k.to_string())),
        ("tag", tag),
        ("network", network),
        ("status", status.map(|s| s.to_string())),
    ] {
        if let Some(value) = value {
            query.push_str(&format!(" {name}:{value}"));
        }
    }
    let day_start = |d: Date| {
        d.midnight()
            .assume_offset(crate::library::now().offset())
            .unix_timestamp()
    };
    let scope = crate::library::JournalScope {
        since: since.map(day_start),
        until: until.and_then(|d| d.next_day()).map(day_start),
        shareable_only: shareable,
    };
    let results = library.journal_search(&query, limit.unwrap_or(20), scope)?;
    if let Some(why) = &results.in_memory {
        eprintln!("cairn: warning: {why}");
    }
    if let Some(what) = &results.repaired {
        eprintln!("cairn: note: {what}");
    }
    let mut out = io::stdout().lock();
    if json {
        let items: Vec<_> = results
            .hits
            .iter()
            .map(|h| json!({ "id": h.id, "title": h.title, "kind": h.kind, "status": h.status, "created": h.created, "score": h.score, "path": h.path, "snippet": h.snippet.text }))
            .collect();
        serde_json::to_writer_pretty(
            &mut out,
            &json!({ "total": results.total, "results": items }),
        )?;
        writeln!(out)?;
    } else if results.hits.is_empty() {
        drop(out);
        eprintln!("No entries match \"{}\".", query.trim());
    } else {
        let (open, close) = style.highlight_marks();
        for h in &results.hits {
            let day = time::OffsetDateTime::from_unix_timestamp(h.created)
                .map(|t| t.date().to_string())
                .unwrap_or_default();
            let kind = match &h.status {
                Some(s) => format!("{} ({s})", h.kind),
                None => h.kind.clone(),
            };
            writeln!(out, "{}  {day}  {kind:<20}  {}", style.bold(&h.id), h.title)?;
            if !h.snippet.text.trim().is_empty() {
                writeln!(
                    out,
                    "    {}",
                    h.snippet.marked(open, close).replace('\n', " ")
                )?;
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `journal list`: every entry file, filtered.
fn plain_list(library: &Library, args: ListArgs, style: Style) -> Result<ExitCode> {
    let scan = library.journal_scan()?;
    warn_broken(&scan.broken);
    for duplicate in crate::library::duplicate_ids(&scan.entries) {
        eprintln!(
            "cairn: warning: {}; give a path to choose one",
            crate::library::duplicate_line(duplicate)
        );
    }
    let tag = args
        .tag
        .as_ref()
        .map(|t| t.trim().trim_start_matches('#').to_lowercase());
    let keep = |s: &&Stored| {
        let m = &s.entry.meta;
        let day = m.created.date();
        args.kind.is_none_or(|k| m.kind == k)
            && tag.as_ref().is_none_or(|t| m.tags.contains(t))
            && args.network.as_ref().is_none_or(|n| m.networks.contains(n))
            && args.status.is_none_or(|st| m.status == Some(st))
            && args.since.is_none_or(|d| day >= d)
            && args.until.is_none_or(|d| day <= d)
            && (!args.shareable || m.shareable)
    };
    let (limit, json) = (args.limit, args.json);
    let shown: Vec<&Stored> = scan
        .entries
        .iter()
        .filter(keep)
        .take(limit.unwrap_or(usize::MAX))
        .collect();
    let mut out = io::stdout().lock();
    if json {
        let items: Vec<_> = shown.iter().map(|s| entry_json(s, false)).collect();
        serde_json::to_writer_pretty(&mut out, &items)?;
        writeln!(out)?;
    } else if shown.is_empty() {
        drop(out);
        eprintln!(
            "No entries match. `cairn journal add --kind challenge --title \"…\"` writes one."
        );
    } else {
        for s in shown {
            writeln!(out, "{}", list_line(s, style))?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// For an entry longer than what is searched: says how much is searched.
pub fn searched_note(stored: &Stored) -> Option<String> {
    let size = stored.entry.body.len();
    (size > crate::model::SEARCHED_BODY).then(|| {
        format!(
            "searched: the first {} of this {} entry (search and precedents read no further)",
            crate::model::size_words(crate::model::SEARCHED_BODY),
            crate::model::size_words(size)
        )
    })
}

fn warn_broken(broken: &[crate::library::Broken]) {
    for b in broken {
        eprintln!("cairn: warning: {b} (left as it is)");
    }
}

/// "k7d2m9qxab  2026-11-27  challenge (open)  Approval for a pilot  [ukgovcamp]".
/// `journal trash`: what is in the trash, and since when.
fn trash(library: &Library, json: bool, style: Style) -> Result<ExitCode> {
    let trashed = library.trashed()?;
    let mut out = io::stdout().lock();
    let since = |when: Option<std::time::SystemTime>| {
        when.map(|t| time::OffsetDateTime::from(t).date().to_string())
            .unwrap_or_default()
    };
    if json {
        let list: Vec<serde_json::Value> = trashed
            .iter()
            .map(|(s, when)| {
                let mut v = entry_json(s, false);
                v["trashed"] = json!(since(*when));
                v
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
    } else if trashed.is_empty() {
        writeln!(out, "The trash is empty.")?;
    } else {
        for (s, when) in &trashed {
            writeln!(
                out,
                "{}  {}",
                list_line(s, style),
                style.dim(&format!("(trashed {})", since(*when)))
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `journal add`: one line, or a title and the text from --body, stdin or
/// the editor.
fn add(library: &Library, args: AddArgs) -> Result<ExitCode> {
    let AddArgs {
        text,
        kind,
        title,
        mut tags,
        networks,
        body,
        shareable,
        date,
        follow_up,
        stage,
        effort,
        organiser,
    } = args;
    let kind = match kind {
        Some(kind) => kind,
        None if organiser => Kind::Lesson,
        None => library.default_kind(),
    };
    let (title, body) = match (title, text.is_empty()) {
        (Some(title), _) => (title, body),
        (None, false) => {
            let (title, rest, found) = crate::model::split_capture(&text.join(" "));
            tags.extend(found);
            (title, Some(rest))
        }
        (None, true) => bail!(
            "say what to write: cairn journal add \"Approval stalled. The board meets in May\", \
                 or --title \"…\" to write it in your editor"
        ),
    };
    let template = || {
        if organiser {
            library.organiser_template()
        } else {
            library.template(kind)
        }
    };
    let Some((body, editor_scratch)) = body_text(library, body.as_deref(), kind, template)? else {
        eprintln!("Nothing saved: the template was not changed.");
        return Ok(ExitCode::SUCCESS);
    };
    // The title was on the command line: a kept draft holds it with the
    // text, so `journal drafts resume` has both.
    let kept = editor_scratch
        .as_ref()
        .map(|_| format!("# {title}\n\n{body}"));
    let added = library.add_entry(NewEntry {
        kind,
        title,
        tags,
        networks,
        body,
        shareable,
        created: date,
        follow_up,
        stage,
        effort,
    });
    let stored = match (added, &editor_scratch) {
        (Ok(stored), _) => stored,
        (Err(e), Some(scratch)) => {
            let at = keep(scratch, kept.as_deref().unwrap_or_default())?;
            bail!("{e}; what you wrote is kept in {at} (`cairn journal drafts` lists it)")
        }
        (Err(e), None) => return Err(e.into()),
    };
    if let Some(scratch) = editor_scratch {
        discard_draft(&scratch);
    }
    println!("{}", stored.entry.meta.id);
    eprintln!("Saved {}", stored.path.display());
    Ok(ExitCode::SUCCESS)
}

/// A new entry's text: as given, from standard input (`-`), or written in
/// the editor on `template` (then with the scratch file it was written
/// in). None when the template came back unchanged.
fn body_text(
    library: &Library,
    body: Option<&str>,
    kind: Kind,
    template: impl FnOnce() -> String,
) -> Result<Option<(String, Option<std::path::PathBuf>)>> {
    match body {
        Some("-") => {
            let mut text = String::new();
            io::stdin()
                .read_to_string(&mut text)
                .context("cannot read the text from standard input")?;
            Ok(Some((text, None)))
        }
        Some(text) => Ok(Some((text.to_string(), None))),
        None => {
            let template = template();
            let scratch = library.draft_file(&format!("new-{}", kind.as_str()));
            let text = edit_text(&scratch, &template)?;
            if text == template {
                discard_draft(&scratch);
                return Ok(None);
            }
            Ok(Some((text, Some(scratch))))
        }
    }
}

/// `journal show`: the entry, its links and file, then its text.
fn show(library: &Library, id: &str, json: bool, style: Style) -> Result<ExitCode> {
    let stored = library.find_entry(id)?;
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &entry_json(&stored, true))?;
        writeln!(out)?;
    } else {
        writeln!(out, "{}", list_line(&stored, style))?;
        let m = &stored.entry.meta;
        if let Some(at) = m.follow_up {
            writeln!(out, "{}", style.dim(&format!("follow up: {}", at.date())))?;
        }
        for (label, values) in [
            ("tags", &m.tags),
            ("networks", &m.networks),
            ("related", &m.related),
            ("asked", &m.asked),
        ] {
            if !values.is_empty() {
                writeln!(
                    out,
                    "{}",
                    style.dim(&format!("{label}: {}", values.join(", ")))
                )?;
            }
        }
        writeln!(
            out,
            "{}",
            style.dim(&format!("file: {}", stored.path.display()))
        )?;
        if let Some(note) = searched_note(&stored) {
            writeln!(out, "{}", style.dim(&note))?;
        }
        writeln!(out)?;
        let body = &stored.entry.body;
        write!(out, "{body}")?;
        // The shell's prompt starts on a line of its own.
        if !body.is_empty() && !body.ends_with('\n') {
            writeln!(out)?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `journal edit`: the file in the person's editor; a broken edit is kept.
fn edit(library: &Library, id: &str) -> Result<ExitCode> {
    let stored = library.find_entry(id)?;
    // The file as it is, comments included.
    let original = stored.original.clone();
    let scratch = library.draft_file(&format!("edit-{}", stored.entry.meta.id));
    let text = edit_text(&scratch, &original)?;
    match library.apply_edit(stored, &text) {
        Ok(None) => {
            discard_draft(&scratch);
            eprintln!("No change.");
        }
        Ok(Some(saved)) => {
            discard_draft(&scratch);
            eprintln!("Saved {}", saved.path.display());
        }
        Err(e) => bail!(
            "{e}; your edit is kept in {} and the entry is unchanged (`cairn journal drafts resume` picks it up)",
            keep(&scratch, &text)?
        ),
    }
    Ok(ExitCode::SUCCESS)
}

/// `journal resolve`: a challenge resolved, by a lesson or by none.
fn resolve(library: &Library, id: &str, by: Option<String>) -> Result<ExitCode> {
    let before = library.find_entry(id)?;
    let already = before.entry.meta.status == Some(EntryStatus::Resolved);
    if already && by.is_none() {
        eprintln!(
            "\"{}\" was already resolved; nothing changed (`--by LESSON` links the lesson that resolved it)",
            before.entry.meta.title
        );
        return Ok(ExitCode::SUCCESS);
    }
    let stored = library.resolve(id, by.as_deref())?;
    match by {
        Some(_) if already => eprintln!(
            "\"{}\" was already resolved; the lesson is now linked to it",
            stored.entry.meta.title
        ),
        _ => eprintln!("Resolved \"{}\"", stored.entry.meta.title),
    }
    Ok(ExitCode::SUCCESS)
}

/// `journal due`: what to come back to, the most overdue first.
fn due(library: &Library, json: bool, style: Style) -> Result<ExitCode> {
    let now = time::OffsetDateTime::now_utc();
    let due = library.due(now)?;
    let mut out = io::stdout().lock();
    if json {
        let list: Vec<serde_json::Value> = due
            .iter()
            .map(|s| {
                let mut v = entry_json(s, false);
                v["follow_up"] = json!(s.entry.meta.follow_up.map(|t| t.date().to_string()));
                v
            })
            .collect();
        serde_json::to_writer_pretty(&mut out, &list)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if due.is_empty() {
        writeln!(
            out,
            "Nothing is due. `cairn journal add … --follow-up \"in 2 weeks\"` or `cairn journal follow-up ID WHEN` sets one."
        )?;
    }
    for s in &due {
        let when = s
            .entry
            .meta
            .follow_up
            .map(|t| t.date())
            .unwrap_or(now.date());
        let late = (now.date() - when).whole_days();
        let said = match late {
            0 => "due today".to_string(),
            1 => "1 day overdue".to_string(),
            n => format!("{n} days overdue"),
        };
        writeln!(
            out,
            "{}  {}",
            list_line(s, style),
            style.dim(&format!("({said})"))
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

fn list_line(s: &Stored, style: Style) -> String {
    let m = &s.entry.meta;
    let kind = match m.status {
        Some(status) => format!("{} ({status})", m.kind),
        None => m.kind.to_string(),
    };
    let networks = if m.networks.is_empty() {
        String::new()
    } else {
        format!("  [{}]", m.networks.join(", "))
    };
    format!(
        "{}  {}  {:<20}  {}{}",
        style.bold(&m.id),
        m.created.date(),
        kind,
        m.title,
        networks
    )
}

fn entry_json(s: &Stored, with_body: bool) -> serde_json::Value {
    let m = &s.entry.meta;
    let fmt = |t: time::OffsetDateTime| {
        t.format(&time::format_description::well_known::Rfc3339)
            .unwrap_or_default()
    };
    let mut v = json!({
        "id": m.id, "kind": m.kind, "title": m.title,
        "created": fmt(m.created), "updated": fmt(m.updated),
        "status": m.status, "shareable": m.shareable,
        "tags": m.tags, "networks": m.networks, "related": m.related,
        "follow_up": m.follow_up.map(fmt), "stage": m.stage, "effort": m.effort,
        "asked": m.asked,
        "path": s.path,
    });
    if with_body {
        v["body"] = json!(s.entry.body);
    }
    v
}

/// Opens the person's editor from the command line: it needs a terminal.
pub(super) fn edit_text(scratch: &std::path::Path, initial: &str) -> Result<String> {
    use std::io::IsTerminal;
    let editor = crate::library::editor_command();
    if let Some(note) = crate::library::editor_fallback_note() {
        eprintln!("cairn: {note}");
    }
    if editor.is_some() && !std::io::stdin().is_terminal() {
        bail!(
            "cannot open an editor without a terminal; give the text with --body \"…\" or --body -"
        );
    }
    Ok(crate::library::edit_text(
        editor.as_deref(),
        scratch,
        initial,
        true,
    )?)
}
