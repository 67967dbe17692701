//! `sources add` and `sources remove` through the library edit
//! `config.toml` in place: whatever the names and addresses, each source
//! reads back exactly, a refused edit writes nothing, and the person's own
//! text (comments, other settings, their order) is left as it was.

use std::cell::RefCell;
use std::fs;

use cairn::config::{FILE_NAME, check_name};
use cairn::library::{Library, OpenOptions, load_config};
use cairn::paths::Paths;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

/// The person's own settings: comments with any text, and a few settings
/// written their way.
fn user_text() -> impl Strategy<Value = String> {
    let comment = "[^\\x00-\\x1f\\x7f]{0,24}";
    (
        prop::collection::vec(comment, 0..3),
        comment,
        any::<bool>(),
        comment,
    )
        .prop_map(|(head, key_note, sync, tail)| {
            let mut text = String::new();
            for c in head {
                text.push_str(&format!("#{c}\n"));
            }
            text.push_str(&format!("[keys]\nquit = \"x\"   #{key_note}\n\n"));
            if sync {
                text.push_str("[sync]\n# mine\ntimeout_secs = 30\n");
            }
            text.push_str(&format!("# {tail}\n"));
            text
        })
}

/// A name: often a usable slug, sometimes anything at all.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => "[a-z][a-z0-9-]{0,10}",
        1 => "\\PC{0,12}",
        1 => Just("bundled".to_string()),
    ]
}

/// An address or a path, with the characters TOML strings must escape.
fn location() -> impl Strategy<Value = String> {
    prop_oneof![
        ("[a-z]{1,10}", "[a-zA-Z0-9\"'#\\\\ é€=&?]{0,20}")
            .prop_map(|(host, path)| format!("https://{host}.example.org/{path}"))
            .prop_map(|l| l.trim().to_string()),
        "/[^\\x00-\\x1f\\x7f]{0,20}[^\\x00-\\x20\\x7f]".prop_map(|p| p.to_string()),
    ]
}

/// Whether every line of `original` is in `text`, in the same order (new
/// tables go before a comment that ends the file).
fn keeps_lines(original: &str, text: &str) -> bool {
    let mut lines = text.lines();
    original.lines().all(|want| lines.any(|l| l == want))
}

#[test]
fn source_edits_round_trip_and_keep_the_persons_text() {
    let home = tempfile::tempdir().unwrap();
    let paths = Paths::under(home.path());
    let library = RefCell::new(Library::open_at(paths.clone(), OpenOptions::default()).unwrap());
    let file = paths.config.join(FILE_NAME);
    let read = || fs::read_to_string(&file).unwrap();
    let strategy = (
        user_text(),
        prop::collection::vec((name(), location()), 1..5),
    )
        .prop_flat_map(|(text, sources)| {
            let order: Vec<usize> = (0..sources.len()).collect();
            (Just(text), Just(sources), Just(order).prop_shuffle())
        });
    let mut runner = TestRunner::new(Config {
        cases: 32,
        failure_persistence: None,
        ..Config::default()
    });
    runner
        .run(&strategy, |(original, sources, order)| {
            let mut library = library.borrow_mut();
            fs::create_dir_all(&paths.config).unwrap();
            fs::write(&file, &original).unwrap();
            let mut kept: Vec<(String, String)> = Vec::new();
            for (name, location) in &sources {
                let before = read();
                let usable = check_name(name).is_ok() && !kept.iter().any(|(n, _)| n == name);
                let added = library.add_source(name, location);
                prop_assert_eq!(added.is_ok(), usable, "{:?} {:?}", name, added.err());
                if usable {
                    kept.push((name.clone(), location.clone()));
                } else {
                    prop_assert_eq!(read(), before, "a refused edit wrote nothing");
                }
                let text = read();
                prop_assert!(keeps_lines(&original, &text), "{}", text);
            }
            let config = load_config(&paths);
            prop_assert!(config.problems.is_empty(), "{:?}", config.problems);
            let loaded: Vec<(String, String)> = config
                .sources
                .into_iter()
                .map(|s| (s.name, s.location))
                .collect();
            prop_assert_eq!(&loaded, &kept);
            for i in order {
                let Some((name, _)) = sources.get(i) else {
                    continue;
                };
                let Some(at) = kept.iter().position(|(n, _)| n == name) else {
                    continue;
                };
                library.remove_source(name).unwrap();
                kept.remove(at);
                let loaded: Vec<(String, String)> = load_config(&paths)
                    .sources
                    .into_iter()
                    .map(|s| (s.name, s.location))
                    .collect();
                prop_assert_eq!(&loaded, &kept);
                prop_assert!(keeps_lines(&original, &read()));
            }
            prop_assert_eq!(read(), original, "all removed: the file is as it was");
            Ok(())
        })
        .unwrap();
}
