//! `cairn sources …` and `cairn sync`: the catalogues merged over the
//! bundled one, and bringing them up to date.

use std::io::{self, IsTerminal, Write};
use std::process::ExitCode;

use anyhow::Result;
use clap::Subcommand;

use crate::library::{Library, Outcome, SourceStatus, Step, SyncSummary, age};

#[derive(Debug, Subcommand)]
pub enum SourcesCommand {
    /// Add a catalogue to sync: an https:// address or a file path (JSON or CSV)
    Add {
        /// A short name: lower-case letters, digits and dashes
        name: String,
        /// https://… or a path to a file
        location: String,
    },
    /// List the sources: where, when last synced, how many networks, and any failure
    List {
        /// Print the list as JSON
        #[arg(long)]
        json: bool,
    },
    /// Remove a source and its copy (networks you marked or wrote about stay)
    Remove { name: String },
}

fn state_line(s: &SourceStatus) -> String {
    let st = &s.state;
    match (&st.last_error, st.copy.is_some()) {
        (Some(e), true) => format!(
            "FAILED {}: {e}; using the copy from {}",
            age(st.last_attempt),
            age(st.last_success)
        ),
        (Some(e), false) => format!("FAILED {}: {e}; no copy yet", age(st.last_attempt)),
        (None, true) => format!(
            "ok, synced {}, {} networks{}",
            age(st.last_success),
            st.records,
            if st.skipped > 0 {
                format!(" ({} records skipped)", st.skipped)
            } else {
                String::new()
            }
        ),
        (None, false) => "not synced yet: run `cairn sync`".into(),
    }
}

pub fn run(library: &mut Library, command: SourcesCommand) -> Result<ExitCode> {
    match command {
        SourcesCommand::Add { name, location } => {
            let shown = library.add_source(&name, &location)?;
            eprintln!("Added source \"{name}\" ({shown}). `cairn sync {name}` fetches it now.");
        }
        SourcesCommand::Remove { name } => {
            library.remove_source(&name)?;
            eprintln!("Removed source \"{name}\" and its copy.");
        }
        SourcesCommand::List { json } => {
            let sources = library.sources();
            let mut out = io::stdout().lock();
            if json {
                serde_json::to_writer_pretty(&mut out, &sources)?;
                writeln!(out)?;
            } else if sources.is_empty() {
                writeln!(
                    out,
                    "No sources: cairn shows its bundled catalogue. `cairn sources add NAME URL_OR_PATH` adds one."
                )?;
            } else {
                for s in &sources {
                    writeln!(out, "{}  {}", s.name, s.location)?;
                    writeln!(out, "    {}", state_line(s))?;
                }
            }
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// Syncs and reports per source; exits 1 when any source failed.
pub fn sync(library: &mut Library, names: &[String], json: bool) -> Result<ExitCode> {
    let show = !json && io::stderr().is_terminal();
    let mut last = String::new();
    let mut progress = |name: &str, step: Step| {
        if !show {
            return;
        }
        let line = match step {
            Step::Connecting => format!("{name}: connecting…"),
            Step::Receiving { bytes, .. } => format!("{name}: {} KiB received…", bytes / 1024),
            Step::Parsing => format!("{name}: checking the catalogue…"),
            Step::Indexing => "updating the search index…".to_string(),
        };
        if line != last {
            eprint!("\r\x1b[2K{line}");
            last = line;
        }
    };
    let summary = library.sync(names, &mut progress)?;
    if show {
        eprint!("\r\x1b[2K");
    }
    if summary.sources.is_empty() {
        eprintln!(
            "No sources to sync: cairn shows its bundled catalogue. `cairn sources add NAME URL_OR_PATH` adds one."
        );
        return Ok(ExitCode::SUCCESS);
    }
    if json {
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &summary)?;
        writeln!(out)?;
    } else {
        print_summary(&summary)?;
    }
    // Failures on stderr (in --json too), where a script or a cron mail
    // looks for why the status is not 0.
    say_failures(&summary)?;
    Ok(if summary.failed() > 0 {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    })
}

/// The sources (and lesson feeds) that failed, one line each on stderr.
fn say_failures(summary: &SyncSummary) -> Result<()> {
    let mut err = io::stderr().lock();
    for s in &summary.sources {
        if let Outcome::Failed { reason } = &s.outcome {
            writeln!(err, "{}: FAILED: {reason}", s.name)?;
        }
    }
    for l in &summary.lessons {
        if let crate::library::LessonsOutcome::Failed { reason } = &l.outcome {
            writeln!(
                err,
                "{} lessons: FAILED, lessons already imported are kept: {reason}",
                l.network
            )?;
        }
    }
    Ok(())
}

fn print_summary(summary: &SyncSummary) -> Result<()> {
    let mut out = io::stdout().lock();
    let list = |ids: &[String]| {
        let mut shown = ids.iter().take(8).cloned().collect::<Vec<_>>().join(", ");
        if ids.len() > 8 {
            shown.push_str(&format!(" and {} more", ids.len() - 8));
        }
        shown
    };
    for s in &summary.sources {
        match &s.outcome {
            Outcome::Unchanged => writeln!(out, "{}: unchanged", s.name)?,
            Outcome::Failed { .. } => {}
            Outcome::Updated {
                added,
                updated,
                removed,
                problems,
                skipped,
            } => {
                writeln!(
                    out,
                    "{}: {} added, {} updated, {} removed{}",
                    s.name,
                    added.len(),
                    updated.len(),
                    removed.len(),
                    if *skipped > 0 {
                        format!(", {skipped} records skipped")
                    } else {
                        String::new()
                    }
                )?;
                for (label, ids) in [("added", added), ("updated", updated), ("removed", removed)] {
                    if !ids.is_empty() {
                        writeln!(out, "    {label}: {}", list(ids))?;
                    }
                }
                for p in problems.iter().filter(|p| p.is_error()).take(20) {
                    writeln!(out, "    skipped or dropped: {p}")?;
                }
                let more = problems.iter().filter(|p| p.is_error()).count();
                if more > 20 {
                    writeln!(
                        out,
                        "    … {} more; `cairn catalogue validate FILE` on a downloaded copy lists all",
                        more - 20
                    )?;
                }
            }
        }
    }
    for l in &summary.lessons {
        match &l.outcome {
            crate::library::LessonsOutcome::Unchanged => {
                writeln!(out, "{} lessons: unchanged", l.network)?
            }
            crate::library::LessonsOutcome::Imported { added, replaced } => writeln!(
                out,
                "{} lessons: {added} new, {replaced} updated (`cairn lessons list --network {}`)",
                l.network, l.network
            )?,
            crate::library::LessonsOutcome::Failed { .. } => {}
        }
    }
    if !summary.delisted.is_empty() {
        writeln!(
            out,
            "No longer listed, kept because you marked or wrote about them: {}",
            list(&summary.delisted)
        )?;
    }
    Ok(())
}
