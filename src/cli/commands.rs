//! One function per subcommand.

use std::io::{self, Write};
use std::path::Path;
use std::process::ExitCode;

use anyhow::{Context, Result};
use clap::CommandFactory;
use serde_json::json;

use super::style::Style;
use super::{CatalogueCommand, Cli, Command, Outcome};
use crate::library::{Hit, IndexState, Library, OpenOptions, mark};
use crate::model::regions;

pub fn run(cli: Cli) -> Result<Outcome> {
    use std::io::IsTerminal;
    if cli.command.is_none() && io::stdout().is_terminal() && io::stdin().is_terminal() {
        return Ok(Outcome::Interface {
            catalogue_file: cli.catalogue,
            no_color: cli.no_color,
        });
    }
    run_command(cli).map(Outcome::Exit)
}

fn run_command(cli: Cli) -> Result<ExitCode> {
    let style = Style::for_stdout(cli.no_color);
    let options = OpenOptions {
        catalogue_file: cli.catalogue.clone(),
    };
    // `doctor` lists them in its report; a completion script is not run.
    if !matches!(
        cli.command,
        Some(Command::Doctor { .. } | Command::Completions { .. })
    ) {
        warn_about_settings();
    }
    match cli.command {
        None => usage(),
        Some(Command::Search { query, limit, json }) => {
            let limit = limit as usize;
            search(&open(options)?, &query.join(" "), limit, json, style)
        }
        Some(Command::Show { id, json }) => show(&open(options)?, &id, json, style),
        Some(Command::Catalogue(CatalogueCommand::Validate { file, json })) => {
            validate(&file, json)
        }
        Some(Command::Journal { command }) => {
            let command = command.unwrap_or_else(super::journal::recent);
            super::journal::run(&open(options)?, command, style)
        }
        Some(Command::Share(args)) => super::share::share(&open(options)?, args),
        Some(Command::Import { from }) => super::share::import(&open(options)?, &from),
        Some(Command::Ask {
            id,
            network,
            follow_up,
            no_record,
        }) => super::propose::ask_network(
            &open(options)?,
            &id,
            network.as_deref(),
            (!no_record).then_some(follow_up),
        ),
        Some(Command::Precedents { id, limit, json }) => {
            super::share::precedents(&open(options)?, &id, limit, json)
        }
        Some(Command::Publish(args)) => super::publish::publish(args, cli.catalogue.as_deref()),
        Some(Command::Propose(args)) => super::propose::propose(&open(options)?, args),
        Some(Command::Trust(command)) => super::trust::run(&open(options)?, command),
        Some(Command::Lessons { command }) => {
            let command = command.unwrap_or_else(super::share::all_lessons);
            super::share::lessons(&open(options)?, command)
        }
        Some(Command::Sources { command }) => {
            let command = command.unwrap_or(super::sources::SourcesCommand::List { json: false });
            super::sources::run(&mut open(options)?, command)
        }
        Some(Command::Sync { names, json }) => {
            super::sources::sync(&mut open(options)?, &names, json)
        }
        Some(Command::Doctor { json }) => doctor(options, json),
        Some(Command::Completions { shell }) => {
            io::stdout().lock().write_all(&completions(shell))?;
            Ok(ExitCode::SUCCESS)
        }
        Some(Command::Assets { dir }) => assets(&dir),
    }
}

/// A shell's completion script, made in memory (clap_complete panics on a
/// closed pipe).
fn completions(shell: clap_complete::Shell) -> Vec<u8> {
    let mut script = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "cairn", &mut script);
    script
}

/// `cairn assets DIR`: what a release archive carries besides the binary:
/// the manual pages (`cairn.1`, and `cairn-journal-add.1` and so on) and
/// the completion scripts for every shell.
fn assets(dir: &Path) -> Result<ExitCode> {
    use clap_complete::{Generator, Shell};
    let mut files: Vec<(String, Vec<u8>)> = Vec::new();
    let cli = Cli::command();
    man_pages(&cli, "cairn", &mut files)?;
    for shell in [
        Shell::Bash,
        Shell::Zsh,
        Shell::Fish,
        Shell::PowerShell,
        Shell::Elvish,
    ] {
        let name = shell.file_name("cairn");
        files.push((format!("completions/{name}"), completions(shell)));
    }
    for (name, bytes) in &files {
        crate::library::write_asset(&dir.join(name), bytes)?;
    }
    eprintln!("Wrote {} files into {}", files.len(), dir.display());
    Ok(ExitCode::SUCCESS)
}

/// The manual page of `command` and of each command under it, named
/// `cairn-journal-add.1` and so on.
fn man_pages(
    command: &clap::Command,
    name: &str,
    files: &mut Vec<(String, Vec<u8>)>,
) -> Result<()> {
    let mut text = Vec::new();
    let page = command
        .clone()
        .display_name(name.to_string())
        .bin_name(name.replace('-', " "));
    clap_mangen::Man::new(page)
        .title(name.to_ascii_uppercase())
        .render(&mut text)?;
    files.push((format!("man/{name}.1"), text));
    for sub in command.get_subcommands().filter(|s| !s.is_hide_set()) {
        if sub.get_name() == "help" {
            continue;
        }
        man_pages(sub, &format!("{name}-{}", sub.get_name()), files)?;
    }
    Ok(())
}

/// Opens the library and says on stderr when something about it is degraded.
fn open(options: OpenOptions) -> Result<Library> {
    let library = Library::open(options).context("cannot open the catalogue")?;
    warn_about(&library);
    Ok(library)
}

/// Says once, on stderr, what is wrong in `config.toml`: a setting that
/// silently did not take effect would leave a person guessing.
fn warn_about_settings() {
    let Ok(paths) = crate::library::Paths::from_env() else {
        return;
    };
    let mut err = io::stderr().lock();
    for problem in crate::library::load_config(&paths).problems {
        let _ = writeln!(err, "cairn: warning: {problem}");
    }
}

fn warn_about(library: &Library) {
    let mut err = io::stderr().lock();
    if let IndexState::InMemory(why) = library.index_state() {
        let _ = writeln!(err, "cairn: warning: {why}");
    }
    let skipped = library.index_meta().skipped;
    if skipped > 0 {
        let _ = writeln!(
            err,
            "cairn: warning: {skipped} record(s) of {} were skipped as invalid; \
             `cairn catalogue validate FILE` lists why",
            library.source()
        );
    }
}

fn usage() -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    writeln!(
        out,
        "cairn {} — public-sector innovation networks, a peer-learning journal, shared lessons.\n\n\
         Try:\n  cairn search design region:AU\n  cairn show ukgovcamp\n  cairn doctor\n\n\
         Run `cairn` in a terminal for the interactive interface; `cairn --help` lists every command.",
        env!("CARGO_PKG_VERSION")
    )?;
    Ok(ExitCode::SUCCESS)
}

fn search(
    library: &Library,
    query: &str,
    limit: usize,
    as_json: bool,
    style: Style,
) -> Result<ExitCode> {
    let (rest, marks) = crate::library::split_marks(query)?;
    let parsed = crate::model::parse_query(&rest)?;
    if parsed.is_empty() && marks.is_empty() {
        anyhow::bail!(
            "the search is empty: give a word or a filter, e.g. `cairn search design` or `cairn search region:AU`"
        );
    }
    let results = library.search(query, limit)?;
    let mut out = io::stdout().lock();
    if as_json {
        let hits: Vec<_> = results.hits.iter().map(hit_json).collect();
        let doc = json!({ "query": query, "total": results.total, "results": hits });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    if results.hits.is_empty() {
        drop(out);
        let words = query.split_whitespace().count();
        if words > crate::model::MAX_WORDS {
            let shown: String = query.chars().take(60).collect();
            eprintln!(
                "No networks match \"{shown}…\": only its first {} words were searched. \
                 Try fewer words or filters.",
                crate::model::MAX_WORDS
            );
        } else {
            eprintln!("No networks match \"{query}\". Try fewer words or filters.");
        }
        for filter in parsed
            .filters
            .iter()
            .filter(|f| f.facet == crate::model::Facet::Topic)
        {
            if crate::model::topic(&filter.value).is_none() {
                let known: Vec<&str> = crate::model::topics().iter().map(|t| t.slug).collect();
                eprintln!(
                    "\"{}\" is not one of cairn's topics: {}",
                    filter.value,
                    known.join(", ")
                );
            }
        }
        return Ok(ExitCode::SUCCESS);
    }
    let (open, close) = style.highlight_marks();
    let places = crate::model::places::wanted(&parsed);
    for (i, hit) in results.hits.iter().enumerate() {
        if i > 0 {
            writeln!(out)?;
        }
        let n = &hit.network;
        let mut name = mark(&n.name, &hit.name_highlights, open, close);
        if let Some(ended) = n.ended_label() {
            name.push_str(&format!("  ({ended})"));
        }
        if let Some(marks) = library.annotations().get(&n.id) {
            name.push_str(&your_marks(marks, "  ", " "));
        }
        writeln!(out, "{}  {}", style.bold(&n.id), name)?;
        let facts = [
            n.kind_line(),
            n.run_by.map(|r| format!("run by {r}")).unwrap_or_default(),
        ]
        .into_iter()
        .filter(|s| !s.is_empty())
        .collect::<Vec<_>>()
        .join(" · ");
        if !facts.is_empty() {
            writeln!(out, "  {}", style.dim(&facts))?;
        }
        // Found through a group: "covers FR through European Union".
        for note in crate::model::places::notes(&n.regions, &places) {
            writeln!(out, "  {}", style.dim(&note))?;
        }
        writeln!(out, "  {}", hit.snippet.marked(open, close))?;
    }
    if results.total > results.hits.len() {
        drop(out);
        eprintln!(
            "\n{} of {} networks shown; use --limit to see more.",
            results.hits.len(),
            results.total
        );
    }
    Ok(ExitCode::SUCCESS)
}

fn hit_json(hit: &Hit) -> serde_json::Value {
    let ranges =
        |r: &[std::ops::Range<usize>]| r.iter().map(|r| [r.start, r.end]).collect::<Vec<_>>();
    json!({
        "id": hit.network.id,
        "name": hit.network.name,
        "score": hit.score,
        "name_highlights": ranges(&hit.name_highlights),
        "snippet": { "text": hit.snippet.text, "highlights": ranges(&hit.snippet.highlights) },
        "network": hit.network,
    })
}

fn show(library: &Library, id: &str, as_json: bool, style: Style) -> Result<ExitCode> {
    // An id, or failing that a network's exact name or short name.
    let by_name = || -> Result<Option<crate::model::Network>> {
        let wanted = id.trim().to_lowercase();
        let hits = library.search(id, 1).map(|r| r.hits).unwrap_or_default();
        Ok(hits.into_iter().map(|h| h.network).find(|n| {
            n.name.to_lowercase() == wanted
                || n.short_name
                    .as_deref()
                    .is_some_and(|s| s.to_lowercase() == wanted)
        }))
    };
    let found = match library.network(id.trim())? {
        Some(n) => Some(n),
        None => by_name()?,
    };
    let Some(n) = found else {
        let hints: Vec<String> = library
            .suggest_ids(id, 3)?
            .into_iter()
            .map(|(id, name)| format!("  {id}  ({name})"))
            .collect();
        let mut msg = format!("no network has the id \"{id}\" in the {}", library.source());
        if !hints.is_empty() {
            msg.push_str("; did you mean:\n");
            msg.push_str(&hints.join("\n"));
        }
        msg.push_str("\n`cairn search WORDS` finds ids.");
        anyhow::bail!(msg);
    };
    let mut out = io::stdout().lock();
    if as_json {
        serde_json::to_writer_pretty(&mut out, &n)?;
        writeln!(out)?;
        return Ok(ExitCode::SUCCESS);
    }
    match n.ended_label() {
        Some(ended) => writeln!(out, "{}  ({ended})", style.bold(&n.name))?,
        None => writeln!(out, "{}", style.bold(&n.name))?,
    }
    let marks = library
        .annotations()
        .get(&n.id)
        .cloned()
        .unwrap_or_default();
    let mut row = |label: &str, value: &str| -> io::Result<()> {
        if value.is_empty() {
            return Ok(());
        }
        writeln!(out, "{:<12}{}", style.dim(label), value)
    };
    row("id", &n.id)?;
    row("yours", your_marks(&marks, "", " · ").trim())?;
    row("your note", &marks.note)?;
    row("short name", n.short_name.as_deref().unwrap_or_default())?;
    row("also called", &n.aliases.join("; "))?;
    row("summary", &n.summary)?;
    row("about", n.description.as_deref().unwrap_or_default())?;
    let places: Vec<String> = n.regions.iter().map(|c| regions::label(c)).collect();
    row("regions", &places.join(", "))?;
    row("topics", &n.topics.join(", "))?;
    row("scope", &n.scope.map(|v| v.to_string()).unwrap_or_default())?;
    row(
        "membership",
        &n.membership.map(|v| v.to_string()).unwrap_or_default(),
    )?;
    row(
        "formality",
        &n.formality.map(|v| v.to_string()).unwrap_or_default(),
    )?;
    row(
        "run by",
        &n.run_by.map(|v| v.to_string()).unwrap_or_default(),
    )?;
    row(
        "maturity",
        &n.maturity.map(|v| v.to_string()).unwrap_or_default(),
    )?;
    let years = [
        n.founded.map(|y| format!("founded {y}")),
        n.ended.map(|y| format!("ended {y}")),
        n.last_seen_active.map(|y| format!("last seen active {y}")),
    ];
    row(
        "years",
        &years.into_iter().flatten().collect::<Vec<_>>().join(" · "),
    )?;
    row("activities", &n.activities.join(", "))?;
    row("keywords", &n.keywords.join(", "))?;
    row("website", n.url.as_deref().unwrap_or_default())?;
    row("join", n.join.as_deref().unwrap_or_default())?;
    row("contact", n.contact.as_deref().unwrap_or_default())?;
    row("lessons", n.lessons_url.as_deref().unwrap_or_default())?;
    let status = match &n.updated {
        Some(u) => format!("{} · updated {u}", n.status.label()),
        None => n.status.label().to_string(),
    };
    row("status", &status)?;
    for (i, source) in n.sources.iter().enumerate() {
        row(if i == 0 { "sources" } else { "" }, source)?;
    }
    for (key, value) in &n.extra {
        let value = value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_string);
        row(key, &value)?;
    }
    let from = n
        .origin_label()
        .unwrap_or_else(|| library.source().to_string());
    row("from", &from)?;
    Ok(ExitCode::SUCCESS)
}

/// "★ starred · ● member · ✎ noted", each part after `lead`, joined by `sep`.
fn your_marks(marks: &crate::library::Annotation, lead: &str, sep: &str) -> String {
    let parts: Vec<&str> = [
        (marks.starred, "★ starred"),
        (marks.member, "● member"),
        (!marks.note.trim().is_empty(), "✎ noted"),
    ]
    .into_iter()
    .filter_map(|(on, label)| on.then_some(label))
    .collect();
    if parts.is_empty() {
        String::new()
    } else {
        format!("{lead}{}", parts.join(sep))
    }
}

fn validate(file: &Path, as_json: bool) -> Result<ExitCode> {
    let mut out = io::stdout().lock();
    // The name may hold anything a file name can; shown cleaned.
    let shown = crate::model::safe(&file.display().to_string()).into_owned();
    let loaded = match crate::library::validate_file(file) {
        Ok(loaded) => loaded,
        Err(e) => {
            if as_json {
                let doc = json!({ "file": shown, "valid": false, "networks": 0, "problems": [{ "severity": "error", "message": e.to_string() }] });
                serde_json::to_writer_pretty(&mut out, &doc)?;
                writeln!(out)?;
            } else {
                writeln!(out, "error: {e}")?;
            }
            return Ok(ExitCode::FAILURE);
        }
    };
    let errors = loaded.error_count();
    let warnings = loaded.problems.len() - errors;
    if as_json {
        let doc = json!({ "file": shown, "valid": errors == 0, "networks": loaded.networks.len(), "problems": loaded.problems });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        for p in &loaded.problems {
            writeln!(out, "{p}")?;
        }
        writeln!(
            out,
            "{shown}: {} {} load; {errors} error(s), {warnings} warning(s)",
            loaded.networks.len(),
            if loaded.networks.len() == 1 {
                "network"
            } else {
                "networks"
            }
        )?;
    }
    Ok(if errors == 0 {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}

/// The machine part of `cairn doctor`, as text.
fn print_machine(out: &mut impl Write, machine: &crate::library::Machine) -> io::Result<()> {
    writeln!(out, "terminal   {}", machine.terminal)?;
    writeln!(out, "copying    {}", machine.clipboard)?;
    writeln!(out, "TLS roots  {}", machine.tls_roots)?;
    match machine.proxies.is_empty() {
        true => writeln!(out, "proxy      none set")?,
        false => {
            for (name, value) in &machine.proxies {
                writeln!(out, "proxy      {name}={value}")?;
            }
        }
    }
    for (name, who) in &machine.folders {
        writeln!(out, "readable   {name}: {who}")?;
    }
    match &machine.signing_key {
        Some(print) => writeln!(out, "your key   {print}")?,
        None => writeln!(out, "your key   none yet (made on your first share)")?,
    }
    Ok(())
}

fn doctor(options: OpenOptions, as_json: bool) -> Result<ExitCode> {
    let library = Library::open(options).context("cannot open the catalogue")?;
    let paths = library.paths();
    let meta = library.index_meta();
    let (state, healthy) = match library.index_state() {
        IndexState::Ready => ("ready".to_string(), true),
        IndexState::Rebuilt(why) => (format!("built just now ({why})"), true),
        IndexState::InMemory(why) => (format!("kept in memory only: {why}"), false),
    };
    let index_at = library
        .index_dir()
        .map_or_else(|| "(memory)".to_string(), |p| p.display().to_string());
    let journal = library.journal_scan()?;
    let config = crate::library::load_config(paths);
    let mut problems: Vec<String> = journal
        .broken
        .iter()
        .map(|b| format!("journal file not readable, left as it is: {b}"))
        .collect();
    problems.extend(
        crate::library::duplicate_ids(&journal.entries)
            .into_iter()
            .map(|d| format!("journal: {}", crate::library::duplicate_line(d))),
    );
    let (journal_index, index_ok) = library.check_journal_index();
    if !index_ok {
        problems.push(format!("journal index: {journal_index}"));
    }
    let large: Vec<String> = journal
        .entries
        .iter()
        .filter_map(|s| {
            super::journal::searched_note(s).map(|n| format!("{} ({n})", s.path.display()))
        })
        .collect();
    problems.extend(config.problems.iter().map(|p| format!("settings: {p}")));
    problems.extend(
        library
            .annotations_problem()
            .map(|p| format!("your marks: {p}")),
    );
    problems.extend(library.peer_lesson_problems());
    // They quote file names and file contents.
    let problems: Vec<String> = problems
        .iter()
        .map(|p| crate::model::safe(p).into_owned())
        .collect();
    let healthy = healthy && problems.is_empty();
    let mut out = io::stdout().lock();
    if as_json {
        let doc = json!({
            "version": env!("CARGO_PKG_VERSION"),
            "data": paths.data, "config": paths.config, "cache": paths.cache,
            "catalogue": library.source().to_string(),
            "networks": meta.networks, "skipped": meta.skipped,
            "index": { "path": index_at, "state": state, "schema": meta.schema, "built": meta.built },
            "journal": { "entries": journal.entries.len(), "unreadable": journal.broken.len(), "index": journal_index, "searched_in_part": large },
            "machine": library.machine(),
            "problems": problems,
            "healthy": healthy,
        });
        serde_json::to_writer_pretty(&mut out, &doc)?;
        writeln!(out)?;
    } else {
        writeln!(out, "cairn {}", env!("CARGO_PKG_VERSION"))?;
        writeln!(out, "data       {}", paths.data.display())?;
        writeln!(out, "config     {}", paths.config.display())?;
        writeln!(out, "cache      {}", paths.cache.display())?;
        writeln!(
            out,
            "catalogue  {} ({} networks)",
            library.source(),
            meta.networks
        )?;
        if meta.skipped > 0 {
            writeln!(
                out,
                "           {} invalid record(s) skipped; see `cairn catalogue validate`",
                meta.skipped
            )?;
        }
        writeln!(out, "index      {index_at}")?;
        writeln!(out, "           {state}")?;
        writeln!(out, "journal    {} entries", journal.entries.len())?;
        writeln!(out, "           index {journal_index}")?;
        for file in &large {
            writeln!(out, "large      {file}")?;
        }
        print_machine(&mut out, &library.machine())?;
        for problem in &problems {
            writeln!(out, "problem    {problem}")?;
        }
    }
    Ok(if healthy {
        ExitCode::SUCCESS
    } else {
        ExitCode::FAILURE
    })
}
