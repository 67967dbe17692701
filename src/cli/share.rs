//! `cairn share`, `cairn import` and `cairn lessons …`: lesson packs out
//! and in, and reading peers' lessons.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};
use clap::{Subcommand, ValueEnum};

use crate::library::PeerLesson;
use crate::library::{Library, Selection};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum PackFormat {
    /// For people: paste it into an email, a chat or a forum post
    Md,
    /// For other cairns: `cairn import FILE`
    Json,
}

#[derive(Debug, clap::Args)]
pub struct ShareArgs {
    /// The network to share with (its id)
    #[arg(long)]
    network: String,
    /// An entry to share (its id or first letters); repeat for more
    #[arg(long = "entry", value_name = "ID", conflicts_with = "all_shareable")]
    entries: Vec<String>,
    /// Every entry about the network marked shareable (the default without --entry)
    #[arg(long)]
    all_shareable: bool,
    #[arg(long, value_enum, default_value_t = PackFormat::Md)]
    format: PackFormat,
    /// Write the pack to this file instead of the screen
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
    /// Show exactly what would leave, with every removed private span marked, and write nothing
    #[arg(long)]
    dry_run: bool,
    /// Share entries not marked shareable without asking (needed without a terminal)
    #[arg(long)]
    yes: bool,
}

#[derive(Debug, Subcommand)]
pub enum LessonsCommand {
    /// List peer lessons, newest first
    List {
        /// Only those shared with this network
        #[arg(long)]
        network: Option<String>,
        /// Only those containing all these words; `kind:`, `tag:` and
        /// `network:` work here as in the journal's search
        #[arg(long)]
        search: Option<String>,
        /// Only lessons of this kind (lesson, validation, challenge…)
        #[arg(long)]
        kind: Option<String>,
        /// Only lessons with this tag
        #[arg(long)]
        tag: Option<String>,
        /// Only lessons about running a network at this stage (emerging, established, mature)
        #[arg(long)]
        stage: Option<String>,
        /// Print them as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show one peer lesson with where it came from
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// Remove peer lessons: by id (or first letters), or all imported from one file or address
    #[command(alias = "remove")]
    Rm {
        /// Ids of the lessons to remove
        #[arg(value_name = "ID", required_unless_present = "from")]
        ids: Vec<String>,
        /// Remove every lesson imported from this file or address (as `lessons show` names it)
        #[arg(long, value_name = "FILE_OR_URL")]
        from: Option<String>,
    },
}

/// `cairn lessons` alone: every peer lesson, newest first.
pub fn all_lessons() -> LessonsCommand {
    LessonsCommand::List {
        network: None,
        search: None,
        kind: None,
        tag: None,
        stage: None,
        json: false,
    }
}

/// Asks on the terminal; false when there is none.
fn confirm(question: &str) -> bool {
    if !io::stdin().is_terminal() {
        return false;
    }
    eprint!("{question} [y/N] ");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    let _ = io::stdin().lock().read_line(&mut answer);
    matches!(answer.trim(), "y" | "Y" | "yes" | "Yes")
}

pub fn share(library: &Library, args: ShareArgs) -> Result<ExitCode> {
    let selection = if args.entries.is_empty() {
        Selection::Shareable
    } else {
        Selection::Entries(args.entries.clone())
    };
    let plan = library.share_plan(&args.network, &selection)?;
    if args.dry_run {
        print!("{}", plan.preview());
        return Ok(ExitCode::SUCCESS);
    }
    let unmarked = plan.unmarked();
    if !unmarked.is_empty() && !args.yes {
        let titles: Vec<String> = unmarked
            .iter()
            .map(|s| format!("\"{}\" ({})", s.lesson.title, s.entry.meta.id))
            .collect();
        if !io::stdin().is_terminal() {
            let ids: Vec<&str> = unmarked.iter().map(|s| s.entry.meta.id.as_str()).collect();
            bail!(
                "{} not marked shareable: {}; add --yes to share anyway, or mark them first: cairn journal shareable {}",
                if titles.len() == 1 {
                    "this entry is"
                } else {
                    "these entries are"
                },
                titles.join(", "),
                ids.join(" ")
            );
        }
        eprint!("{}", plan.preview());
        if !confirm(&format!(
            "{} not marked shareable. Share anyway?",
            titles.join(", ")
        )) {
            eprintln!("Nothing was shared.");
            return Ok(ExitCode::FAILURE);
        }
        // What leaves is what was read: not a file changed meanwhile.
        if library.share_plan_changed(&plan)?.is_some() {
            bail!(
                "an entry changed while you were reading the preview, so nothing was shared; run the command again to read the new text"
            );
        }
    }
    for s in plan.entries.iter().filter(|s| s.redaction.unclosed) {
        eprintln!(
            "Note: in \"{}\" a %% was never closed, so everything after it was left out.",
            s.lesson.title
        );
    }
    for s in plan.entries.iter().filter(|s| s.redaction.ambiguous) {
        eprintln!(
            "Note: in \"{}\" the %% markers can be paired more than one way; everything any pairing makes private was left out (--dry-run shows what leaves).",
            s.lesson.title
        );
    }
    let format = match args.format {
        PackFormat::Md => crate::library::PackFormat::Markdown,
        PackFormat::Json => crate::library::PackFormat::Json,
    };
    match &args.output {
        Some(path) => {
            library.write_pack(&plan, format, path)?;
            eprintln!(
                "Wrote {} entr{} for {} to {}",
                plan.entries.len(),
                if plan.entries.len() == 1 { "y" } else { "ies" },
                plan.network_name,
                path.display()
            );
        }
        None => io::stdout()
            .lock()
            .write_all(plan.pack_text(format).as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

pub fn import(library: &Library, from: &str) -> Result<ExitCode> {
    let (report, pack) = library.import_pack(from)?;
    for w in &report.warnings {
        eprintln!("warning: {w}");
    }
    eprintln!(
        "Imported {} lesson{} shared with {}: {} new, {} updated, {} already here{}.",
        pack.lessons.len(),
        if pack.lessons.len() == 1 { "" } else { "s" },
        pack.network,
        report.added,
        report.replaced,
        report.unchanged,
        import_notes(&report),
    );
    Ok(ExitCode::SUCCESS)
}

/// What else an import did, after its counts.
fn import_notes(report: &crate::library::ImportReport) -> String {
    let mut notes = String::new();
    if report.older > 0 {
        notes.push_str(&format!(
            ", {} older than the copy already here (kept the newer)",
            report.older
        ));
    }
    if report.own > 0 {
        notes.push_str(&format!(
            ", {} signed by your own key (your lessons, not a peer's: not imported)",
            report.own
        ));
    }
    if report.refused > 0 {
        notes.push_str(&format!(
            ", {} unsigned copies of signed lessons left out",
            report.refused
        ));
    }
    notes
}

fn provenance(l: &PeerLesson) -> String {
    let who = match (&l.author, &l.organisation) {
        (Some(a), Some(o)) => format!("{a}, {o}"),
        (Some(a), None) => a.clone(),
        (None, Some(o)) => o.clone(),
        (None, None) => "anonymous".into(),
    };
    format!(
        "shared with {} by {who}; imported from {}",
        l.network, l.from
    )
}

pub fn lessons(library: &Library, command: LessonsCommand) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    match command {
        LessonsCommand::List {
            network,
            search,
            kind,
            tag,
            stage,
            json,
        } => {
            if let Some(wanted) = &stage
                && crate::model::Maturity::parse(wanted).is_none()
            {
                bail!(
                    "\"{wanted}\" is not a stage; use one of: {}",
                    crate::model::Maturity::choices()
                );
            }
            let mut query = search.clone().unwrap_or_default();
            let filters = [
                ("network", &network),
                ("kind", &kind),
                ("tag", &tag),
                ("stage", &stage),
            ];
            for (name, value) in filters {
                if let Some(value) = value {
                    query.push_str(&format!(" {name}:{value}"));
                }
            }
            let filtered = !query.trim().is_empty();
            let found = library.find_peer_lessons(&query)?;
            if json {
                serde_json::to_writer_pretty(&mut out, &found)?;
                writeln!(out)?;
            } else if found.is_empty() {
                writeln!(
                    out,
                    "No peer lessons{}. `cairn import FILE` adds those a peer shared with you.",
                    if filtered { " match" } else { " yet" }
                )?;
            } else {
                for l in &found {
                    writeln!(
                        out,
                        "{}  {}  {}  ({})",
                        l.lesson.id,
                        l.lesson.updated.get(..10).unwrap_or(&l.lesson.updated),
                        l.lesson.title,
                        l.network
                    )?;
                }
            }
        }
        LessonsCommand::Show { id, json } => {
            let l = library.peer_lesson(&id)?;
            let signer = library.signer_of(&l);
            if json {
                let mut value = serde_json::to_value(&l)?;
                value["signed_by"] = serde_json::to_value(&signer)?;
                serde_json::to_writer_pretty(&mut out, &value)?;
                writeln!(out)?;
            } else {
                writeln!(out, "{}", l.lesson.title)?;
                writeln!(
                    out,
                    "{} · {} · {}",
                    l.lesson.kind, l.lesson.updated, l.lesson.licence
                )?;
                if !l.lesson.tags.is_empty() {
                    writeln!(out, "tags: {}", l.lesson.tags.join(", "))?;
                }
                writeln!(out, "{}", provenance(&l))?;
                match &signer {
                    Some(signer) => writeln!(out, "signed by {}", signer.describe())?,
                    None => writeln!(out, "not signed: anyone could have written it")?,
                }
                writeln!(out)?;
                writeln!(out, "{}", l.lesson.body)?;
            }
        }
        LessonsCommand::Rm { ids, from } => {
            let removed = library.remove_peer_lessons(&ids, from.as_deref())?;
            if removed.is_empty() {
                bail!(
                    "no peer lesson was imported from \"{}\"; `cairn lessons show ID` says where each came from",
                    from.unwrap_or_default()
                );
            }
            for l in &removed {
                writeln!(out, "Removed {}  {}", l.lesson.id, l.lesson.title)?;
            }
            writeln!(
                out,
                "{} peer lesson{} removed. Importing the pack again brings {} back.",
                removed.len(),
                if removed.len() == 1 { "" } else { "s" },
                if removed.len() == 1 { "it" } else { "them" }
            )?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

pub fn precedents(library: &Library, id: &str, limit: usize, json: bool) -> Result<ExitCode> {
    let found = library.precedents(id, limit)?;
    let mut out = io::stdout().lock();
    if json {
        serde_json::to_writer_pretty(&mut out, &found)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    writeln!(out, "Precedent for \"{}\"", found.title)?;
    writeln!(out)?;
    if found.lessons.is_empty() {
        writeln!(
            out,
            "No peer lesson is like it yet. `cairn ask {}` writes a question for a network.",
            found.entry
        )?;
    } else {
        writeln!(out, "From peers")?;
        for p in &found.lessons {
            writeln!(
                out,
                "  {}  {}: {}  ({}){}",
                p.lesson.lesson.id,
                p.lesson.lesson.kind,
                p.lesson.lesson.title,
                p.lesson.network,
                if p.why.is_empty() {
                    String::new()
                } else {
                    format!("\n      matched: {}", p.why.join(", "))
                }
            )?;
        }
    }
    writeln!(out)?;
    writeln!(out, "Networks working on this")?;
    for n in &found.networks {
        writeln!(
            out,
            "  {}  {}{}",
            n.id,
            n.name,
            if n.why.is_empty() {
                String::new()
            } else {
                format!("\n      matched: {}", n.why.join(", "))
            }
        )?;
    }
    Ok(ExitCode::SUCCESS)
}
