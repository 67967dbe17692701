//! The architecture, checked: a tidy-style reading of `src/` that fails
//! when a module reaches what its layer must not (the rules are the ones
//! the README's architecture section states). Paths are read as written
//! (`crate::…`, `super::…`, `self::…`, and external crates by name), with
//! comments and test modules left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

/// One source file: its module path (`["tui", "overlays", "help"]`) and
/// its code without comments and without its test module.
struct Source {
    file: PathBuf,
    module: Vec<String>,
    code: String,
}

fn sources() -> Vec<Source> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    walk(&root, &mut files);
    files.sort();
    files
        .into_iter()
        .map(|file| {
            let rel = file.strip_prefix(&root).unwrap().with_extension("");
            let mut module: Vec<String> = rel
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if matches!(module.last().map(String::as_str), Some("mod" | "lib")) {
                module.pop();
            }
            let text = fs::read_to_string(&file).unwrap();
            Source {
                file,
                module,
                code: code_of(&text),
            }
        })
        .collect()
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            walk(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code without line comments and without the `#[cfg(test)]` module
/// (which, in this crate, always comes last in a file).
fn code_of(text: &str) -> String {
    let text = match text.find("#[cfg(test)]\nmod ") {
        Some(at) => &text[..at],
        None => text,
    };
    text.lines()
        .map(|line| match line.find("//") {
            // `//` inside a string ("https://…") is kept: it is rare in
            // paths and harmless to the checks below.
            Some(at) if !line[..at].contains('"') => &line[..at],
            _ => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Every module path the code names, resolved from the crate root:
/// `crate::tui::app::App` gives `["tui", "app", "App"]`, `super::x` in
/// `tui::overlays::help` gives `["tui", "overlays", "x"]`. Grouped imports
/// (`use crate::tui::{app, view}`) give one path per member.
fn paths(source: &Source) -> BTreeSet<Vec<String>> {
    let mut out = BTreeSet::new();
    let code = &source.code;
    let bytes = code.as_bytes();
    for start in ["crate::", "super::", "self::"] {
        let mut from = 0;
        while let Some(found) = code[from..].find(start) {
            let at = from + found;
            from = at + start.len();
            if at > 0 && (bytes[at - 1].is_ascii_alphanumeric() || bytes[at - 1] == b'_') {
                continue;
            }
            let mut base: Vec<String> = match start {
                "crate::" => Vec::new(),
                "super::" => source.module[..source.module.len().saturating_sub(1)].to_vec(),
                _ => source.module.clone(),
            };
            let mut rest = &code[at + start.len()..];
            while let Some(more) = rest.strip_prefix("super::") {
                base.pop();
                rest = more;
            }
            for tail in expand(rest) {
                let mut path = base.clone();
                path.extend(tail);
                out.insert(path);
            }
        }
    }
    out
}

/// `a::b::{c, d::e}` → `[a b c]`, `[a b d e]`; `a::b` → `[a b]`.
fn expand(rest: &str) -> Vec<Vec<String>> {
    let mut head = Vec::new();
    let mut s = rest;
    loop {
        let word: String = s
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_')
            .collect();
        if word.is_empty() {
            break;
        }
        head.push(word.clone());
        s = &s[word.len()..];
        match s.strip_prefix("::") {
            Some(more) => s = more,
            None => return vec![head],
        }
    }
    let Some(group) = s.strip_prefix('{') else {
        return vec![head];
    };
    let mut depth = 1;
    let mut end = 0;
    for (i, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            _ => {}
        }
        if depth == 0 {
            end = i;
            break;
        }
    }
    split_top(&group[..end])
        .into_iter()
        .flat_map(|member| {
            expand(member.trim()).into_iter().map(|tail| {
                let mut p = head.clone();
                p.extend(tail);
                p
            })
        })
        .collect()
}

/// Splits at commas outside braces.
fn split_top(s: &str) -> Vec<&str> {
    let (mut depth, mut from, mut out) = (0, 0, Vec::new());
    for (i, c) in s.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                out.push(&s[from..i]);
                from = i + 1;
            }
            _ => {}
        }
    }
    out.push(&s[from..]);
    out.into_iter().filter(|m| !m.trim().is_empty()).collect()
}

/// Violations as "file: what", sorted, so a failure lists all at once.
fn report(violations: BTreeSet<String>) {
    assert!(
        violations.is_empty(),
        "{} architecture rule(s) broken:\n{}",
        violations.len(),
        violations.into_iter().collect::<Vec<_>>().join("\n")
    );
}

fn shown(source: &Source) -> String {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    source
        .file
        .strip_prefix(root)
        .unwrap()
        .display()
        .to_string()
}

/// The crate's layers: each may use its own and those of lower rank. The
/// domain does no I/O; the adapters are ranked among themselves (files are
/// written through `store`, catalogues read through `catalogue`, packs
/// through `share`); the library is the one facade; the front ends last.
fn crate_rank(module: &str) -> Option<u8> {
    Some(match module {
        "model" | "matcher" => 0,
        "paths" | "store" => 1,
        "config" | "annotations" | "catalogue" | "clipboard" | "editor" | "journal" | "keys" => 2,
        "share" | "sync" | "index" => 3,
        "publish" => 4,
        "library" => 5,
        "cli" | "tui" => 6,
        _ => return None,
    })
}

#[test]
fn each_layer_of_the_crate_uses_only_those_below_it() {
    let mut broken = BTreeSet::new();
    for source in sources() {
        let Some(own) = source.module.first() else {
            continue;
        };
        let Some(rank) = crate_rank(own) else {
            continue;
        };
        for path in paths(&source) {
            let Some(other) = path.first() else { continue };
            if other == own {
                continue;
            }
            match crate_rank(other) {
                Some(r) if r < rank => {}
                Some(_) => {
                    broken.insert(format!("{}: {own} uses crate::{other}", shown(&source)));
                }
                None => {}
            }
        }
    }
    report(broken);
}

#[test]
fn front_ends_reach_the_rest_only_through_the_library_and_the_domain() {
    let allowed = ["library", "model", "matcher"];
    let mut broken = BTreeSet::new();
    for source in sources() {
        let own = source.module.first().map(String::as_str);
        if !matches!(own, Some("cli" | "tui")) {
            continue;
        }
        for path in paths(&source) {
            let other = path.first().map(String::as_str).unwrap_or_default();
            if Some(other) != own && crate_rank(other).is_some() && !allowed.contains(&other) {
                broken.insert(format!(
                    "{}: {} uses crate::{other}",
                    shown(&source),
                    own.unwrap()
                ));
            }
        }
    }
    report(broken);
}

/// The interface's layers, lowest first: the vocabulary; widgets; tabs
/// and overlays (which never use each other); the app; the view; the
/// runtime.
fn tui_rank(part: &str) -> Option<u8> {
    Some(match part {
        "action" | "effect" | "keymap" => 0,
        "widgets" => 1,
        "tabs" | "overlays" => 2,
        "app" => 3,
        "view" => 4,
        "runtime" => 5,
        _ => return None,
    })
}

#[test]
fn the_interface_points_one_way() {
    let mut broken = BTreeSet::new();
    for source in sources() {
        if source.module.first().map(String::as_str) != Some("tui") || source.module.len() < 2 {
            continue;
        }
        let own = source.module[1].as_str();
        let rank = tui_rank(own).unwrap_or_else(|| {
            panic!(
                "{}: tui::{own} has no place in the interface's layers; add it to tui_rank",
                shown(&source)
            )
        });
        for path in paths(&source) {
            if path.first().map(String::as_str) != Some("tui") || path.len() < 2 {
                continue;
            }
            let other = path[1].as_str();
            let Some(r) = tui_rank(other) else { continue };
            // The vocabulary may use itself (the keymap names actions).
            let fine = other == own || r < rank || (r == 0 && rank == 0);
            if !fine {
                broken.insert(format!("{}: tui::{own} uses tui::{other}", shown(&source)));
            }
        }
    }
    report(broken);
}

#[test]
fn no_module_of_the_interface_imports_in_a_circle() {
    // Files, not layers: within a layer too, the arrows point one way.
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let all = sources();
    let modules: BTreeSet<String> = all
        .iter()
        .filter(|s| s.module.first().map(String::as_str) == Some("tui"))
        .map(|s| s.module.join("::"))
        .collect();
    for source in all
        .iter()
        .filter(|s| s.module.first().map(String::as_str) == Some("tui"))
    {
        let own = source.module.join("::");
        let edges = graph.entry(own.clone()).or_default();
        for path in paths(source) {
            // The longest module the path names.
            let target = (1..=path.len())
                .rev()
                .map(|n| path[..n].join("::"))
                .find(|m| modules.contains(m));
            if let Some(target) = target
                && target != own
                && !own.starts_with(&format!("{target}::"))
            {
                edges.insert(target);
            }
        }
    }
    // A parent module declaring its children is not an import.
    for (module, edges) in graph.iter_mut() {
        edges.retain(|t| !t.starts_with(&format!("{module}::")));
    }
    let mut state: BTreeMap<&str, u8> = BTreeMap::new();
    let mut stack = Vec::new();
    let mut cycles = BTreeSet::new();
    for start in graph.keys() {
        visit(start, &graph, &mut state, &mut stack, &mut cycles);
    }
    report(cycles);
}

fn visit<'a>(
    node: &'a str,
    graph: &'a BTreeMap<String, BTreeSet<String>>,
    state: &mut BTreeMap<&'a str, u8>,
    stack: &mut Vec<&'a str>,
    cycles: &mut BTreeSet<String>,
) {
    match state.get(node) {
        Some(2) => return,
        Some(1) => {
            let from = stack.iter().position(|n| *n == node).unwrap_or(0);
            let mut cycle: Vec<&str> = stack[from..].to_vec();
            cycle.push(node);
            cycles.insert(format!("cycle: {}", cycle.join(" -> ")));
            return;
        }
        _ => {}
    }
    state.insert(node, 1);
    stack.push(node);
    for next in graph.get(node).into_iter().flatten() {
        visit(next, graph, state, stack, cycles);
    }
    stack.pop();
    state.insert(node, 2);
}

/// The modules that may read and write files themselves.
const FILE_ADAPTERS: &[&str] = &[
    "paths",
    "store",
    "config",
    "annotations",
    "catalogue",
    "journal",
    "share",
    "editor",
    "sync",
    "index",
    "publish",
    "library",
    "clipboard",
    "keys",
];

/// Where each outside crate or API may be named.
#[test]
fn only_the_adapters_touch_files_the_network_the_index_and_the_terminal() {
    // (what, the text that names it, the modules allowed to)
    let rules: [(&str, &str, &[&str]); 8] = [
        ("tantivy", "tantivy::", &["index"]),
        ("the network (ureq)", "ureq::", &["sync"]),
        ("the terminal (ratatui)", "ratatui::", &["tui"]),
        ("the terminal (crossterm)", "crossterm::", &["tui"]),
        ("the clipboard (arboard)", "arboard::", &["clipboard"]),
        ("files", "std::fs", FILE_ADAPTERS),
        ("files", "fs::", FILE_ADAPTERS),
        ("the platform's folders", "directories::", &["paths"]),
    ];
    let mut broken = BTreeSet::new();
    for source in sources() {
        let own = source.module.first().map(String::as_str).unwrap_or("main");
        for (what, needle, allowed) in rules {
            if source.code.contains(needle) && !allowed.contains(&own) {
                broken.insert(format!("{}: {own} touches {what}", shown(&source)));
            }
        }
    }
    report(broken);
}

#[test]
fn within_the_interface_only_the_runtime_drives_the_terminal_and_the_library() {
    // Taking over the terminal, reading events, and calling the library
    // (as opposed to naming its types) happen in the runtime alone.
    let needles = [
        ("event::read", "reads terminal events"),
        ("event::poll", "reads terminal events"),
        ("execute!", "writes terminal commands"),
        ("enable_raw_mode", "changes the terminal's mode"),
        ("ratatui::init", "takes over the terminal"),
        ("ratatui::try_init", "takes over the terminal"),
        ("Library::open", "opens the library"),
        ("&mut Library", "changes the library"),
        ("library: &Library", "calls the library"),
    ];
    let mut broken = BTreeSet::new();
    for source in sources() {
        if source.module.first().map(String::as_str) != Some("tui")
            || source.module.get(1).map(String::as_str) == Some("runtime")
        {
            continue;
        }
        for (needle, what) in needles {
            if source.code.contains(needle) {
                broken.insert(format!("{}: {what} ({needle})", shown(&source)));
            }
        }
    }
    report(broken);
}

/// The checks above read paths correctly (a checker that finds nothing is
/// no check).
#[test]
fn the_path_reader_understands_the_forms_used() {
    let source = Source {
        file: PathBuf::from("x.rs"),
        module: vec!["tui".into(), "overlays".into(), "help".into()],
        code: "use super::{centered, frame_block};\nuse crate::tui::{app::App, view};\nlet x = crate::library::Library::open();\nuse super::super::runtime::x;"
            .into(),
    };
    let found: Vec<String> = paths(&source).into_iter().map(|p| p.join("::")).collect();
    for want in [
        "tui::overlays::centered",
        "tui::overlays::frame_block",
        "tui::app::App",
        "tui::view",
        "library::Library::open",
        "tui::runtime::x",
    ] {
        assert!(found.iter().any(|f| f == want), "{want} not in {found:?}");
    }
    assert_eq!(
        code_of("let a = 1; // crate::tui::app\n#[cfg(test)]\nmod tests { crate::x }"),
        "let a = 1; "
    );
}
