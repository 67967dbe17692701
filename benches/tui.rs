//! Keystroke to frame: one key typed into the search line, the search it
//! causes, and drawing the whole screen, at 1k/10k/100k networks and at
//! 1k/10k/100k journal entries (Journal tab, warm journal index); and End
//! then Home on the whole list of networks.
//!
//!     cargo bench --bench tui

mod common;

use cairn::library::{Library, OpenOptions};
use cairn::paths::Paths;
use cairn::tui::{Theme, initial_app, loaded, perform, render};
use common::{catalogue, journal_home, open};
use criterion::{Criterion, criterion_group, criterion_main};
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
use ratatui::layout::Rect;

fn keystroke_to_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("keystroke_to_frame");
    for n in [1_000, 10_000, 100_000] {
        let file = catalogue(n);
        let home = tempfile::tempdir().unwrap();
        let mut library = open(home.path(), &file);
        let paths = Paths::under(home.path());
        let mut app = initial_app(&paths, Theme { color: true }, Rect::new(0, 0, 100, 30));
        loaded(&mut app, &library);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        for c in "service desig".chars() {
            app.on_key(KeyEvent::new(KeyCode::Char(c), KeyModifiers::NONE));
        }
        // Alternate typing and deleting the last letter, so every
        // iteration is a real change of query.
        let keys = [KeyCode::Char('n'), KeyCode::Backspace];
        let mut i = 0;
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                let key = KeyEvent::new(keys[i % 2], KeyModifiers::NONE);
                i += 1;
                for effect in app.on_key(key) {
                    perform(&mut app, Some(&mut library), effect);
                }
                terminal.draw(|frame| render(&app, frame)).unwrap();
            })
        });
    }
    group.finish();
}

/// End, then Home, on the whole list (every network matches): each key
/// reads one window of hits, however long the list.
fn end_to_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("end_to_frame");
    for n in [1_000, 10_000, 100_000] {
        let file = catalogue(n);
        let home = tempfile::tempdir().unwrap();
        let mut library = open(home.path(), &file);
        let paths = Paths::under(home.path());
        let mut app = initial_app(&paths, Theme { color: true }, Rect::new(0, 0, 100, 30));
        loaded(&mut app, &library);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        for effect in app.on_key(KeyEvent::new(KeyCode::Esc, KeyModifiers::NONE)) {
            perform(&mut app, Some(&mut library), effect);
        }
        let keys = [KeyCode::End, KeyCode::Home];
        let mut i = 0;
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                let key = KeyEvent::new(keys[i % 2], KeyModifiers::NONE);
                i += 1;
                for effect in app.on_key(key) {
                    perform(&mut app, Some(&mut library), effect);
                }
                terminal.draw(|frame| render(&app, frame)).unwrap();
            })
        });
    }
    group.finish();
}

fn journal_keystroke_to_frame(c: &mut Criterion) {
    let mut group = c.benchmark_group("journal_keystroke_to_frame");
    for n in [1_000, 10_000, 100_000] {
        let home = journal_home(n);
        let paths = Paths::under(&home);
        let mut library = Library::open_at(paths.clone(), OpenOptions::default()).unwrap();
        let mut app = initial_app(&paths, Theme { color: true }, Rect::new(0, 0, 100, 30));
        loaded(&mut app, &library);
        let mut terminal = Terminal::new(TestBackend::new(100, 30)).unwrap();
        let press = |app: &mut cairn::tui::App, library: &mut Library, code| {
            for effect in app.on_key(KeyEvent::new(code, KeyModifiers::NONE)) {
                perform(app, Some(library), effect);
            }
        };
        // To the Journal tab (its first search builds or catches up the
        // index), then into its search line.
        press(&mut app, &mut library, KeyCode::Esc);
        press(&mut app, &mut library, KeyCode::Char('2'));
        press(&mut app, &mut library, KeyCode::Char('/'));
        for c in "procurement pilo".chars() {
            press(&mut app, &mut library, KeyCode::Char(c));
        }
        let keys = [KeyCode::Char('t'), KeyCode::Backspace];
        let mut i = 0;
        group.bench_function(format!("{n}"), |b| {
            b.iter(|| {
                press(&mut app, &mut library, keys[i % 2]);
                i += 1;
                terminal.draw(|frame| render(&app, frame)).unwrap();
            })
        });
    }
    group.finish();
}

criterion_group!(
    benches,
    keystroke_to_frame,
    end_to_frame,
    journal_keystroke_to_frame
);
criterion_main!(benches);
