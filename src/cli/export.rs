//! `cairn journal export`: the journal, or part of it, as Markdown, JSON,
//! jrnl's format or an HTML page, to standard output or a file.

use std::io::{self, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{Result, bail};

use crate::library::{ExportFormat, Library};

#[derive(Debug, clap::Args)]
#[command(
    after_help = "Private text (between %% marks) is kept: an export is your own copy, for a backup \
or a performance review. --public removes it exactly as sharing does, for text that may be \
passed on.\n\nExamples:\n  cairn journal export --format json -o journal-backup.json\n  \
cairn journal export --format html --search \"kind:lesson network:ukgovcamp\" -o lessons.html\n  \
cairn journal export --format jrnl > journal.txt        # jrnl reads it: jrnl --import"
)]
pub struct ExportArgs {
    /// md (one Markdown file), json (everything), jrnl (jrnl's plain text) or html (a page to print)
    #[arg(long, short, default_value = "md", value_parser = parse_format)]
    format: ExportFormat,
    /// Only the entries this search finds (the journal's words and filters: kind:, tag:, network:, status:)
    #[arg(long, value_name = "QUERY")]
    search: Option<String>,
    /// Only entries of this kind (challenge, validation, lesson)
    #[arg(long)]
    kind: Option<String>,
    /// Only entries about this network
    #[arg(long)]
    network: Option<String>,
    /// Only entries with this tag
    #[arg(long)]
    tag: Option<String>,
    /// Remove private text, as sharing does
    #[arg(long)]
    public: bool,
    /// Write to this file (replaced whole, or left as it was if the export fails) instead of standard output
    #[arg(long, short, value_name = "FILE")]
    output: Option<PathBuf>,
}

fn parse_format(s: &str) -> Result<ExportFormat, String> {
    ExportFormat::parse(s).ok_or_else(|| format!("expected one of {}", ExportFormat::NAMES))
}

pub fn export(library: &Library, args: ExportArgs) -> Result<ExitCode> {
    let mut query = args.search.unwrap_or_default();
    for (name, value) in [
        ("kind", &args.kind),
        ("network", &args.network),
        ("tag", &args.tag),
    ] {
        if let Some(value) = value {
            if value.contains(char::is_whitespace) {
                bail!("--{name} takes one word; \"{value}\" has spaces");
            }
            query.push_str(&format!(" {name}:{value}"));
        }
    }
    let (text, count) = library.export_journal(&query, args.format, args.public)?;
    match &args.output {
        Some(path) => {
            library.write_export(path, &text)?;
            eprintln!(
                "Exported {count} entr{} to {}{}.",
                if count == 1 { "y" } else { "ies" },
                crate::model::safe(&path.display().to_string()),
                if args.public {
                    ", private text removed"
                } else {
                    ", private text included"
                }
            );
        }
        None => io::stdout().lock().write_all(text.as_bytes())?,
    }
    Ok(ExitCode::SUCCESS)
}
