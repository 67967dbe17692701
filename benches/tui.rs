//! Keystroke to frame: one key typed into the search line, the search it
//! causes, and drawing the whole screen, at 1k/10k/100k networks.
//!
//!     cargo bench --bench tui

mod common;

use cairn::paths::Paths;
use cairn::tui::{Theme, initial_app, loaded, perform, render};
use common::{catalogue, open};
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

criterion_group!(benches, keystroke_to_frame);
criterion_main!(benches);
