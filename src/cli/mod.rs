//! The command line: clap parses, one small function runs each command.

mod commands;
mod drafts;
mod export;
mod import;
mod journal;
mod propose;
mod publish;
mod share;
mod sources;
mod style;
mod trust;

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use clap::{Parser, Subcommand};

/// Explore public-sector innovation networks, keep a peer-learning journal,
/// and share lessons back.
#[derive(Debug, Parser)]
#[command(
    name = "cairn",
    version = concat!(
        env!("CARGO_PKG_VERSION"),
        " (",
        env!("CAIRN_COMMIT"),
        " ",
        env!("CAIRN_BUILD_DATE"),
        ")"
    ),
    about,
    max_term_width = 100
)]
pub struct Cli {
    /// Browse this catalogue file (JSON or CSV) instead of the bundled one
    #[arg(long, global = true, value_name = "FILE")]
    pub catalogue: Option<PathBuf>,

    /// Print without colour or bold (NO_COLOR does the same)
    #[arg(long, global = true)]
    pub no_color: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Search networks: words, plus filters like region:AU topic:design membership:open
    #[command(after_help = QUERY_HELP)]
    Search {
        /// Words and filters; quotes are not needed
        #[arg(required = true, num_args = 1.., value_name = "QUERY")]
        query: Vec<String>,
        /// Show at most this many networks
        #[arg(long, short = 'n', default_value_t = 20, value_parser = clap::value_parser!(u32).range(1..))]
        limit: u32,
        /// Print the results as JSON
        #[arg(long)]
        json: bool,
    },
    /// Show everything the catalogue knows about one network
    Show {
        /// The network's id, as shown by `cairn search`
        id: String,
        /// Print the record as JSON
        #[arg(long)]
        json: bool,
    },
    /// Your private peer-learning journal: challenges, validations, lessons (alone: the 10 newest)
    Journal {
        #[command(subcommand)]
        command: Option<journal::JournalCommand>,
    },
    /// Share entries with a network as a lesson pack (private text removed)
    Share(share::ShareArgs),
    /// Import a lesson pack someone shared (a file, or an https:// address)
    Import {
        /// The pack: a .json file written by `cairn share --format json`, or its address
        from: String,
    },
    /// Ask a network about an open challenge: prints a post ("Has anyone tried…?"), private text removed, and notes on the challenge that it was asked
    #[command(
        after_help = "The challenge records the day (and network) it was asked and a \
follow-up, two weeks on unless --follow-up says otherwise; `cairn journal due` lists it when the \
day comes. When someone answers, `cairn journal reply ID \"What they said.\"` keeps the reply as a \
validation linked to the challenge."
    )]
    Ask {
        /// The challenge's id (or its first letters)
        id: String,
        /// The network to ask (default: the challenge's first network)
        #[arg(long)]
        network: Option<String>,
        /// When to come back to it: "in 2 weeks" (the default), "next monday", 2026-12-20…
        #[arg(long, value_name = "WHEN", value_parser = crate::cli::journal::parse_when)]
        follow_up: Option<time::OffsetDateTime>,
        /// Only print the post; note nothing on the challenge
        #[arg(long)]
        no_record: bool,
    },
    /// Peer lessons and networks like one of your challenges, and why they match
    Precedents {
        /// The entry's id (or its first letters)
        id: String,
        /// How many of each to show
        #[arg(long, short = 'n', default_value_t = 5)]
        limit: usize,
        #[arg(long)]
        json: bool,
    },
    /// Propose a network (or a correction) to a catalogue's maintainers
    Propose(propose::ProposeArgs),
    /// Make the lesson packs a network received into a static site (pages, feeds, lessons.json)
    Publish(publish::PublishArgs),
    /// Lessons peers shared with you (alone: lists them)
    Lessons {
        #[command(subcommand)]
        command: Option<share::LessonsCommand>,
    },
    /// Keys you know: lessons signed by one say whose they are
    #[command(subcommand)]
    Trust(trust::TrustCommand),
    /// The catalogues synced and merged over the bundled one (alone: lists them)
    Sources {
        #[command(subcommand)]
        command: Option<sources::SourcesCommand>,
    },
    /// Fetch the sources again (all, or those named) and update the catalogue
    Sync {
        /// Only these sources
        names: Vec<String>,
        /// Print what changed as JSON
        #[arg(long)]
        json: bool,
    },
    /// Tools for people who maintain a catalogue
    #[command(subcommand)]
    Catalogue(CatalogueCommand),
    /// Show where cairn keeps its files and whether the search index is healthy
    Doctor {
        /// Print the report as JSON
        #[arg(long)]
        json: bool,
    },
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish)
    Completions { shell: clap_complete::Shell },
    /// Write the manual pages (cairn.1 and one per command) and every shell's completions into DIR, for packaging
    #[command(hide = true)]
    Assets {
        #[arg(value_name = "DIR")]
        dir: PathBuf,
    },
}

#[derive(Debug, Subcommand)]
pub enum CatalogueCommand {
    /// Check a catalogue file (JSON or CSV) and list every problem
    Validate {
        file: PathBuf,
        /// Print the problems as JSON
        #[arg(long)]
        json: bool,
    },
}

const QUERY_HELP: &str = "\
Filters: region:AU (ISO code, or global, EU, LATAM, Africa…), topic:design,
membership:open|closed|mixed, scope:community|whole-of-government|…,
run_by:government|non-profit|…, formality:, maturity:, status:validated.
Repeat a filter to accept either value: region:AU region:NZ.
Words match names, topics and descriptions; accents and small typos are forgiven.

Examples:
  cairn search behavioural insights region:GB
  cairn search topic:procurement membership:open --json";

/// What the command line decided.
pub enum Outcome {
    /// A command ran; exit with this status.
    Exit(ExitCode),
    /// No command, in a terminal: the binary opens the interactive interface.
    Interface {
        catalogue_file: Option<PathBuf>,
        no_color: bool,
    },
}

/// Parses the arguments and runs the command.
pub fn main() -> Outcome {
    let cli = Cli::parse();
    match commands::run(cli) {
        Ok(outcome) => outcome,
        Err(err) if is_broken_pipe(&err) => Outcome::Exit(ExitCode::SUCCESS),
        Err(err) => {
            report(&err);
            Outcome::Exit(ExitCode::FAILURE)
        }
    }
}

/// Prints an error and its causes to stderr. Many errors already quote
/// their cause, so each reason is said once.
pub fn report(err: &anyhow::Error) {
    let mut stderr = io::stderr().lock();
    let _ = writeln!(stderr, "cairn: {err}");
    let mut said = err.to_string();
    for cause in err.chain().skip(1) {
        let cause = cause.to_string();
        if !said.contains(&cause) {
            let _ = writeln!(stderr, "  because: {cause}");
            said.push_str(&cause);
        }
    }
}

/// `cairn search x | head -1` closes the pipe early; that is not an error.
fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|e| {
        let kind = match (
            e.downcast_ref::<io::Error>(),
            e.downcast_ref::<serde_json::Error>(),
        ) {
            (Some(io), _) => Some(io.kind()),
            (None, Some(json)) => json.io_error_kind(),
            (None, None) => None,
        };
        kind == Some(io::ErrorKind::BrokenPipe)
    })
}
