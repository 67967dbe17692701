//! `cairn propose`: a new network (or a correction) for a catalogue's
//! maintainers, and `cairn ask`: a question post from an open challenge.

use std::io::{self, BufRead, IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::library::{Library, Proposal};

#[derive(Debug, clap::Args)]
pub struct ProposeArgs {
    /// The network's name (asked for when missing and there is a terminal)
    #[arg(long)]
    name: Option<String>,
    /// One or two sentences on what it is and who it is for
    #[arg(long)]
    summary: Option<String>,
    /// Its website
    #[arg(long)]
    url: Option<String>,
    /// An ISO country code or grouping (GB, EU, global…); repeat for more
    #[arg(long = "region")]
    regions: Vec<String>,
    /// A topic (design, procurement…); repeat for more
    #[arg(long = "topic")]
    topics: Vec<String>,
    /// How to join
    #[arg(long)]
    join: Option<String>,
    /// Where the facts come from (a web address); repeat for more
    #[arg(long = "source")]
    sources: Vec<String>,
    /// The id to give it (made from the name when not given); an existing id proposes a correction
    #[arg(long)]
    id: Option<String>,
    /// Write the record to FILE (JSON) and the message beside it (FILE with .md)
    #[arg(long, short = 'o', value_name = "FILE")]
    output: Option<PathBuf>,
}

fn ask(question: &str) -> Option<String> {
    if !io::stdin().is_terminal() {
        return None;
    }
    eprint!("{question}: ");
    let _ = io::stderr().flush();
    let mut answer = String::new();
    io::stdin().lock().read_line(&mut answer).ok()?;
    Some(answer.trim().to_string()).filter(|a| !a.is_empty())
}

fn given_or_asked(value: Option<String>, question: &str, flag: &str) -> Result<String> {
    match value
        .filter(|v| !v.trim().is_empty())
        .or_else(|| ask(question))
    {
        Some(v) => Ok(v),
        None => bail!("a proposal needs {flag}"),
    }
}

pub fn propose(library: &Library, args: ProposeArgs) -> Result<ExitCode> {
    let name = given_or_asked(args.name, "Name of the network", "--name")?;
    let summary = given_or_asked(
        args.summary,
        "In a sentence or two, what is it and who is it for",
        "--summary",
    )?;
    let url = args.url.or_else(|| ask("Website (Enter to skip)"));
    let proposed = library.propose(&Proposal {
        id: args.id,
        name,
        summary,
        url,
        regions: args.regions,
        topics: args.topics,
        join: args.join,
        contact: None,
        sources: args.sources,
    })?;
    for p in &proposed.problems {
        eprintln!("note: {p}");
    }
    if proposed.correction {
        eprintln!(
            "The catalogue already has \"{}\": this is a correction to it.",
            proposed.network.id
        );
    }
    match args.output {
        Some(path) => {
            let files = library.write_proposal(&proposed, &path)?;
            eprintln!(
                "Wrote {} (the record) and {} (a message for the catalogue's maintainers).",
                files.record.display(),
                files.message.display()
            );
        }
        None => io::stdout()
            .lock()
            .write_all(proposed.to_markdown().as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}

/// A question post from a challenge, private text removed; unless
/// `record` is None, the challenge notes it was asked and when to come
/// back to it (the given day, else two weeks on).
pub fn ask_network(
    library: &Library,
    id: &str,
    network: Option<&str>,
    record: Option<Option<time::OffsetDateTime>>,
) -> Result<ExitCode> {
    let post = library.question_post(id, network)?;
    io::stdout().lock().write_all(post.as_bytes())?;
    if let Some(follow_up) = record {
        let when = follow_up.unwrap_or_else(|| crate::library::now() + time::Duration::weeks(2));
        let stored = library.record_asked(id, network, when)?;
        let m = &stored.entry.meta;
        eprintln!(
            "Noted on {} that it was asked{}; follow up on {} (`cairn journal due` lists it then; \
             `cairn journal reply {} \"…\"` keeps an answer).",
            m.id,
            network.map(|n| format!(" in {n}")).unwrap_or_default(),
            m.follow_up
                .map(|t| t.date().to_string())
                .unwrap_or_default(),
            m.id
        );
    }
    Ok(ExitCode::SUCCESS)
}
