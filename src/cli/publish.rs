//! `cairn publish`: the lesson packs a network received, made into a
//! static site any web host serves.

use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{Context, Result};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "The global --catalogue FILE is published as catalogue.json (the network's \
own catalogue entry, or a catalogue it curates), after the same checks as `cairn catalogue validate`.\n\n\
Publishing again with more packs rewrites only the files that changed; pages of lessons no longer \
published are removed only if cairn made them. Exits with status 1 when a pack was refused."
)]
pub struct PublishArgs {
    /// The network's catalogue id; packs shared with another network are refused
    #[arg(long)]
    network: String,
    /// The site's title (default: the network id)
    #[arg(long)]
    title: Option<String>,
    /// The address the folder will be served at (https://…/), for the feeds' links
    #[arg(long, value_name = "URL")]
    base_url: Option<String>,
    /// Lesson packs (the .json files cairn writes; not the .md ones)
    #[arg(required = true, value_name = "PACK")]
    packs: Vec<PathBuf>,
    /// The folder to write the site into (created if missing)
    #[arg(long, short = 'o', value_name = "DIR")]
    output: PathBuf,
    /// Print what was done as JSON
    #[arg(long)]
    json: bool,
}

pub fn publish(args: PublishArgs, catalogue: Option<&Path>) -> Result<ExitCode> {
    let options = crate::library::PublishOptions {
        network: args.network,
        title: args.title,
        base_url: args.base_url,
        packs: args.packs,
        out: args.output.clone(),
        catalogue: catalogue.map(Path::to_path_buf),
        limit: 0,
    };
    let report = crate::library::publish(options)
        .with_context(|| format!("cannot publish into {}", args.output.display()))?;
    let mut err = io::stderr().lock();
    for r in &report.refused {
        writeln!(err, "cairn: refused {}: {}", r.file, r.why)?;
    }
    for w in &report.warnings {
        writeln!(err, "cairn: warning: {w}")?;
    }
    if args.json {
        let mut out = io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &report)?;
        writeln!(out)?;
    } else {
        let plural =
            |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
        let mut line = format!(
            "Published {} from {} into {}: {} written, {} unchanged",
            plural(report.lessons, "lesson", "lessons"),
            plural(report.packs, "pack", "packs"),
            crate::model::safe(&args.output.display().to_string()),
            plural(report.written.len(), "file", "files"),
            report.unchanged,
        );
        if !report.removed.is_empty() {
            line.push_str(&format!(
                ", {} of lessons no longer published removed",
                plural(report.removed.len(), "page", "pages")
            ));
        }
        if report.superseded > 0 {
            line.push_str(&format!(
                "; {} left out for a newer version",
                plural(
                    report.superseded,
                    "copy or older version",
                    "copies or older versions"
                )
            ));
        }
        if !report.refused.is_empty() {
            line.push_str(&format!(
                "; {} refused (above)",
                plural(report.refused.len(), "pack", "packs")
            ));
        }
        writeln!(io::stdout().lock(), "{line}.")?;
    }
    Ok(if report.refused.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
