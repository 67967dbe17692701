//! The terminal interface over the bundled catalogue in a temporary home:
//! key strings and mouse events fed to `App`, the state they leave, and
//! whole screens drawn into ratatui's `TestBackend` kept as insta snapshots.

mod tui_support;

use cairn::library::{Library, OpenOptions};
use cairn::model::Facet;
use cairn::tui::{Action, Effect, Focus, Overlay, Tab, Theme};
use ratatui::crossterm::event::{MouseButton, MouseEventKind};
use ratatui::style::{Color, Modifier};
use tui_support::*;
use unicode_width::UnicodeWidthStr;

/// Networks in the bundled catalogue.
const CATALOGUE: usize = 263;

/// Case and accents folded, punctuation as a word break: how people expect
/// an alphabetical list to be ordered.
fn alphabetical_key(name: &str) -> String {
    let folded: String = name
        .to_lowercase()
        .chars()
        .map(|c| match c {
            'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' => 'a',
            'ç' | 'č' => 'c',
            'é' | 'è' | 'ê' | 'ë' => 'e',
            'í' | 'ì' | 'î' | 'ï' => 'i',
            'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' | 'ō' => 'o',
            'ú' | 'ù' | 'û' | 'ü' => 'u',
            'ñ' => 'n',
            c if c.is_alphanumeric() => c,
            _ => ' ',
        })
        .collect();
    folded.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[test]
fn starts_in_the_search_line_with_every_network_in_name_order() {
    let t = Tui::new(100, 30);
    assert_eq!(t.app.focus, Focus::Search);
    assert_eq!(t.app.tab, Tab::Networks);
    assert_eq!(t.app.query.text(), "");
    assert_eq!(t.app.query_error, None);
    assert_eq!(
        (
            t.app.results.total,
            t.app.results.hits.len(),
            t.app.catalogue_size
        ),
        (CATALOGUE, t.app.limit.min(CATALOGUE), CATALOGUE)
    );
    assert_eq!(t.app.selected, 0);
    assert!(t.screen().contains(" 263 networks "), "{}", t.screen());
    // The list holds a window of hits around the rows on screen; End
    // reads only the last page, and the rows on screen are the last ones.
    let mut t = t;
    let mut names = t.names();
    t.press("<esc>G");
    assert_eq!(t.app.selected, CATALOGUE - 1);
    assert!(
        t.app.results.hits.len() < CATALOGUE,
        "End read {} hits, not a window",
        t.app.results.hits.len()
    );
    assert_eq!(t.app.first + t.app.results.hits.len(), CATALOGUE);
    assert_eq!(
        t.selected_name(),
        t.lib
            .search_window("", CATALOGUE - 1, 1, None)
            .unwrap()
            .hits[0]
            .network
            .name
    );
    // Walking up from the end meets every network once, in name order.
    t.press("<home>");
    while t.app.selected + 1 < CATALOGUE {
        t.press("<pgdn>");
        let window = t.names();
        let at = t.app.first;
        for (i, name) in window.into_iter().enumerate() {
            if at + i >= names.len() {
                names.push(name);
            } else {
                assert_eq!(names[at + i], name, "position {} changed", at + i);
            }
        }
    }
    assert_eq!(names.len(), CATALOGUE);
    for pair in names.windows(2) {
        assert!(
            alphabetical_key(&pair[0]) <= alphabetical_key(&pair[1]),
            "{:?} is listed before {:?}",
            pair[0],
            pair[1]
        );
    }
    assert!(t.screen().contains(" 263 networks "), "{}", t.screen());
}

#[test]
fn typing_a_name_puts_that_network_first_and_selects_it() {
    let mut t = Tui::new(100, 30);
    t.press("ukgovcamp");
    assert_eq!(t.app.query.text(), "ukgovcamp");
    assert_eq!(t.app.selected, 0);
    assert_eq!(t.selected_name(), "UKGovCamp");
    assert!(t.app.results.total < CATALOGUE);
}

#[test]
fn q_types_in_the_search_line_but_quits_from_the_list() {
    let mut t = Tui::new(100, 30);
    t.press("q");
    assert!(!t.app.quit, "q in the search line must type, not quit");
    assert_eq!(t.app.query.text(), "q");
    t.press("<esc>");
    assert_eq!(t.app.focus, Focus::List);
    assert!(!t.app.quit);
    t.press("q");
    assert!(t.app.quit);
}

#[test]
fn alt_digits_and_f1_work_from_the_search_line_where_digits_type() {
    let mut t = Tui::new(100, 30);
    assert_eq!(t.app.focus, Focus::Search);
    t.press("2");
    assert_eq!(t.app.query.text(), "2", "a digit in the search line types");
    assert_eq!(t.app.tab, Tab::Networks);
    t.press("<bs><a-2>");
    assert_eq!(t.app.tab, Tab::Journal);
    t.press("<a-3>");
    assert_eq!(t.app.tab, Tab::Lessons);
    t.press("<a-1>");
    assert_eq!(t.app.tab, Tab::Networks);
    assert_eq!(t.app.query.text(), "");
    t.press("<f1>");
    assert!(matches!(t.app.overlay, Overlay::Help { .. }));
}

#[test]
fn the_search_line_hints_keys_that_do_not_type() {
    let t = Tui::new(100, 30);
    let screen = t.screen();
    let status = screen.lines().last().unwrap_or_default();
    assert!(status.contains("Alt-2 journal"), "{status}");
    assert!(status.contains("F1 help"), "{status}");
    assert!(!status.contains("? help"), "{status}");
}

#[test]
fn esc_in_the_list_stays_there_so_q_still_quits() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>");
    assert_eq!(t.app.focus, Focus::List);
    t.press("<esc>");
    assert_eq!(
        t.app.focus,
        Focus::List,
        "Esc in the list must not go to the search line"
    );
    assert!(
        t.app
            .message
            .as_deref()
            .is_some_and(|m| m.contains("q quits"))
    );
    t.press("q");
    assert!(t.app.quit);
}

#[test]
fn a_key_for_another_tab_says_what_it_does_and_where() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>x");
    let said = t.app.message.clone().unwrap_or_default();
    assert!(said.starts_with("x: share entries"), "{said}");
    assert!(said.contains("Journal tab, Alt-2"), "{said}");
    t.press("d");
    let said = t.app.message.clone().unwrap_or_default();
    assert!(
        said.contains("trash") && said.contains("Journal tab"),
        "{said}"
    );
    t.press("<a-2><esc>f");
    let said = t.app.message.clone().unwrap_or_default();
    assert!(said.contains("Networks tab, Alt-1"), "{said}");
}

#[test]
fn ctrl_c_quits_from_the_search_line() {
    let mut t = Tui::new(100, 30);
    t.press("des<c-c>");
    assert!(t.app.quit);
    assert_eq!(t.app.query.text(), "des");
}

#[test]
fn ctrl_c_quits_from_inside_an_overlay() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>f");
    assert!(
        t.screen().contains("Filters — Space chooses"),
        "{}",
        t.screen()
    );
    t.press("<c-c>");
    assert!(t.app.quit);

    let mut t = Tui::new(100, 30);
    t.press("<c-p>gov");
    assert!(t.screen().contains("Go to network"), "{}", t.screen());
    t.press("<c-c>");
    assert!(t.app.quit);
}

#[test]
fn enter_moves_focus_to_the_list_and_slash_back_to_search() {
    let mut t = Tui::new(100, 30);
    t.press("<enter>");
    assert_eq!(t.app.focus, Focus::List);
    t.press("/");
    assert_eq!(t.app.focus, Focus::Search);
    assert_eq!(
        t.app.query.text(),
        "",
        "the slash that focuses is not typed"
    );
    t.press("<tab>");
    assert_eq!(t.app.focus, Focus::List);
}

#[test]
fn movement_keys_keep_the_selection_within_the_list() {
    let mut t = Tui::new(100, 30);
    let page = t.app.list_height();
    assert_eq!(page, 25, "a 30-row screen leaves 25 list rows side by side");
    t.press("<enter>k<up>");
    assert_eq!(t.app.selected, 0, "nothing above the first");
    t.press("jj<down>");
    assert_eq!(t.app.selected, 3);
    t.press("k");
    assert_eq!(t.app.selected, 2);
    t.press("<pgdn>");
    assert_eq!(t.app.selected, 2 + page);
    assert!(
        t.app.offset <= t.app.selected && t.app.selected < t.app.offset + page,
        "selection is on screen"
    );
    t.press("<pgup><pgup>");
    assert_eq!(t.app.selected, 0);
    t.press("<end>");
    assert_eq!(t.app.selected, CATALOGUE - 1);
    assert_eq!(t.app.offset, CATALOGUE - page);
    t.press("j<down><pgdn>");
    assert_eq!(t.app.selected, CATALOGUE - 1, "nothing below the last");
    let last = t.names().last().cloned().unwrap();
    // Characters, not bytes: the last name may be Korean (two columns each).
    let start: String = last.chars().take(6).collect();
    assert!(
        t.screen().contains(&start),
        "the last row is drawn:\n{}",
        t.screen()
    );
    t.press("<home>");
    assert_eq!((t.app.selected, t.app.offset), (0, 0));
    t.press("G");
    assert_eq!(t.app.selected, CATALOGUE - 1);
}

#[test]
fn arrows_move_the_selection_while_typing() {
    let mut t = Tui::new(100, 30);
    t.press("<down><down>");
    assert_eq!((t.app.focus, t.app.selected), (Focus::Search, 2));
}

#[test]
fn a_bad_filter_shows_an_error_and_fixing_it_clears_the_error() {
    let mut t = Tui::new(100, 30);
    t.press("colour:red");
    assert!(!t.app.quit);
    let error = t.app.query_error.clone().expect("colour: is not a filter");
    assert!(error.contains("colour"), "{error}");
    let screen = t.screen();
    assert!(screen.contains("search not understood"), "{screen}");
    t.press("<c-w>colour red");
    assert_eq!(t.app.query.text(), "colour red");
    assert_eq!(t.app.query_error, None);
    assert!(!t.screen().contains("search not understood"));
}

#[test]
fn filter_panel_space_adds_a_chip_that_narrows_and_c_clears_it() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>f");
    assert!(
        t.screen().contains("Filters — Space chooses"),
        "{}",
        t.screen()
    );
    t.press("<down><space>");
    assert_eq!(t.app.chips.len(), 1, "{:?}", t.app.chips);
    let chip = t.app.chips[0].clone();
    assert_eq!(chip.facet, Facet::Region, "the panel starts with regions");
    let total = t.app.results.total;
    assert!(0 < total && total < CATALOGUE, "{total}");
    // The list loads a page at a time.
    assert_eq!(t.app.results.hits.len(), total.min(t.app.limit));
    for hit in &t.app.results.hits {
        // In the place, inside it, or in a group containing it.
        assert!(
            cairn::model::regions::covered_by(&hit.network.regions, &chip.value).is_some(),
            "{} is not in {}",
            hit.network.name,
            chip.value
        );
    }
    let screen = t.screen();
    assert!(
        screen.contains("[x]"),
        "the chosen value is ticked:\n{screen}"
    );
    assert!(screen.contains(&format!("{total} networks")), "{screen}");
    t.press("c");
    assert!(t.app.chips.is_empty());
    assert_eq!(t.app.results.total, CATALOGUE);
    assert!(
        t.screen().contains("Filters — Space chooses"),
        "the panel stays open"
    );
    t.press("<esc>");
    assert!(!t.screen().contains("Filters — Space chooses"));
}

#[test]
fn starred_only_shows_exactly_the_starred_network() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>jjj");
    let id = t.selected_id();
    t.press("s");
    t.press("*");
    assert!(t.app.starred_only);
    assert_eq!(t.app.results.total, 1);
    assert_eq!(t.selected_id(), id);
    assert!(t.screen().contains("[★ starred only ×]"), "{}", t.screen());
    t.press("*");
    assert_eq!(t.app.results.total, CATALOGUE);
}

#[test]
fn star_and_member_marks_survive_reopening_the_library() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>s");
    let starred = t.selected_id();
    assert!(
        t.app.message.as_deref().unwrap_or("").contains("Starred"),
        "{:?}",
        t.app.message
    );
    t.press("jm");
    let member = t.selected_id();
    assert!(t.app.annotations.get(&member).is_some_and(|a| a.member));
    let row = t
        .screen()
        .lines()
        .find(|l| l.starts_with("│") && l.contains('●'))
        .map(str::to_string);
    assert!(row.is_some(), "the member mark is drawn:\n{}", t.screen());

    let reopened = Library::open_at(t.paths.clone(), OpenOptions::default()).unwrap();
    let a = reopened
        .annotations()
        .get(&starred)
        .expect("the star was saved");
    assert!(a.starred && !a.member);
    let b = reopened
        .annotations()
        .get(&member)
        .expect("the membership was saved");
    assert!(b.member && !b.starred);

    t.press("m");
    let reopened = Library::open_at(t.paths.clone(), OpenOptions::default()).unwrap();
    assert!(
        !reopened
            .annotations()
            .get(&member)
            .is_some_and(|a| a.member),
        "m again unmarks"
    );
}

#[test]
fn note_editor_saves_on_enter_and_esc_cancels() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>jn");
    let id = t.selected_id();
    assert!(t.screen().contains("Private note"), "{}", t.screen());
    t.press("met Ana at the lab day<enter>");
    assert!(!t.screen().contains("Private note"));
    assert_eq!(
        t.lib.annotations().get(&id).map(|a| a.note.as_str()),
        Some("met Ana at the lab day")
    );
    // The note is the last line of the detail, below the fold at 30 rows.
    let tall = screen(&t.app, 100, 60);
    assert!(
        tall.contains("your note  met Ana at the lab day"),
        "the note shows in the detail:\n{tall}"
    );

    t.press("n and more<esc>");
    assert_eq!(t.app.message.as_deref(), Some("Note not changed"));
    let reopened = Library::open_at(t.paths.clone(), OpenOptions::default()).unwrap();
    assert_eq!(
        reopened.annotations().get(&id).map(|a| a.note.as_str()),
        Some("met Ana at the lab day")
    );
}

#[test]
fn picker_goes_to_a_network_typed_loosely() {
    let mut t = Tui::new(100, 30);
    t.press("<c-p>");
    assert!(t.screen().contains("Go to network"), "{}", t.screen());
    assert!(
        t.screen().contains(&format!("{CATALOGUE} of {CATALOGUE}")),
        "{}",
        t.screen()
    );
    t.press("govcmp<enter>");
    assert!(!t.screen().contains("Go to network"));
    assert_eq!(t.app.focus, Focus::List);
    let name = t.selected_name();
    assert!(name.contains("GovCamp"), "{name}");
    assert_eq!(t.app.query.text(), name);
}

#[test]
fn pasting_in_the_go_to_picker_narrows_it() {
    let mut t = Tui::new(100, 30);
    t.press("<c-p>");
    t.app.on_paste("ukgovcamp");
    assert!(
        t.screen().contains("> ukgovcamp") && t.screen().contains(&format!("1 of {CATALOGUE}")),
        "the picker is narrowed to one: {}",
        t.screen()
    );
    t.press("<enter>");
    assert_eq!(t.selected_id(), "ukgovcamp");
}

#[test]
fn o_hands_back_the_website_or_says_there_is_none() {
    let mut t = Tui::new(100, 30);
    let with = t
        .app
        .results
        .hits
        .iter()
        .position(|h| h.network.url.is_some())
        .unwrap();
    let without = t
        .app
        .results
        .hits
        .iter()
        .position(|h| h.network.url.is_none())
        .unwrap();
    t.press("<esc>");
    t.press(&"j".repeat(with));
    let url = t.app.selected_hit().unwrap().network.url.clone().unwrap();
    assert_eq!(t.press("o"), vec![Effect::OpenLink(url.clone())]);
    assert_eq!(t.press("y"), vec![Effect::CopyLink(url)]);

    t.press("<home>");
    t.press(&"j".repeat(without));
    assert_eq!(t.press("o"), Vec::<Effect>::new());
    let message = t.app.message.clone().expect("a message");
    assert!(message.contains("has no website"), "{message}");
    assert!(t.screen().contains("has no website"), "{}", t.screen());
}

#[test]
fn an_empty_journal_and_no_peer_lessons_say_how_to_start() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2");
    assert_eq!(t.app.tab, Tab::Journal);
    assert!(
        t.screen().contains("Your journal is empty"),
        "{}",
        t.screen()
    );
    t.press("3");
    assert_eq!(t.app.tab, Tab::Lessons);
    assert!(
        t.screen().contains("No peer lessons yet") && t.screen().contains("cairn import"),
        "{}",
        t.screen()
    );
    t.press("j");
    assert_eq!(t.app.selected, 0, "list keys move only the tab in front");
    t.press("1");
    assert_eq!(t.app.tab, Tab::Networks);
    assert!(t.screen().contains(" 263 networks "), "{}", t.screen());
}

#[test]
fn the_journal_tab_lists_searches_and_shows_entries_as_you_type() {
    let mut t = Tui::new(100, 30);
    write_entry(
        &t,
        cairn::model::Kind::Challenge,
        "Sign-off for open data",
        "## In the way\n\n- **legal** review\n%%the boss hates risk%%\n",
    );
    write_entry(
        &t,
        cairn::model::Kind::Lesson,
        "Start with a sponsor",
        "Find one early.",
    );
    t.press("<esc>2");
    let screen = t.screen();
    assert!(screen.contains(" 2 entries "), "{screen}");
    assert!(screen.contains("2 entries · your journal"), "{screen}");
    t.press("/sponsr");
    assert_eq!(
        t.app.journal.query.text(),
        "sponsr",
        "typing goes to the journal's own search line"
    );
    assert_eq!(t.app.query.text(), "", "the networks search is untouched");
    let screen = t.screen();
    assert!(screen.contains(" 1 entry "), "{screen}");
    assert!(
        screen.contains("Start with a sponsor") && screen.contains("Find one early."),
        "{screen}"
    );
    t.press("<c-u>kind:challenge");
    let screen = t.screen();
    assert!(screen.contains("Sign-off for open data"), "{screen}");
    assert!(
        screen.contains("• legal review"),
        "markdown is made readable: {screen}"
    );
    assert!(
        screen.contains("the boss hates risk") && screen.contains("is private"),
        "{screen}"
    );
    t.press("<esc>1");
    assert_eq!(t.app.tab, Tab::Networks);
}

#[test]
fn help_lists_every_action_with_its_keys_and_esc_closes_it() {
    let mut t = Tui::new(100, 60);
    t.press("?");
    assert_eq!(t.app.query.text(), "?", "? types in the search line");
    t.press("<bs><esc>?");
    let first = t.screen();
    assert!(first.contains("Esc closes"), "{first}");
    // Scroll until the help's last line is on screen, keeping every view.
    let mut views = vec![first.clone()];
    while !views.last().unwrap().contains("Change keys in") && views.len() < 60 {
        t.press("<down>");
        views.push(t.screen());
    }
    let mut missing = Vec::new();
    for action in Action::ALL {
        let line = format!(
            "{:<16}{}",
            t.app.keymap.keys(*action).join(", "),
            action.help()
        );
        if !views
            .iter()
            .any(|v| v.lines().any(|row| row.contains(&line)))
        {
            missing.push(line);
        }
    }
    assert!(
        missing.is_empty(),
        "help does not show these in full:\n{}\n\nscreen:\n{first}",
        missing.join("\n")
    );
    t.press("<esc>");
    assert!(!t.screen().contains("Help — Esc closes"));
    assert!(!t.app.quit);
}

#[test]
fn a_user_binding_for_quit_replaces_q() {
    let mut t = Tui::start(
        100,
        30,
        Theme { color: true },
        Some("[keys]\nquit = \"w\"\n"),
    );
    assert!(t.app.warnings.is_empty(), "{:?}", t.app.warnings);
    t.press("w");
    assert!(!t.app.quit, "w types in the search line");
    t.press("<esc>q");
    assert!(!t.app.quit, "q is no longer bound");
    t.press("w");
    assert!(t.app.quit);
}

#[test]
fn a_bad_binding_is_warned_with_its_line_and_q_still_quits() {
    let mut t = Tui::start(
        100,
        30,
        Theme { color: true },
        Some("[keys]\nquit = \"ctlr-q\"\n"),
    );
    let warning = t
        .app
        .warnings
        .iter()
        .find(|w| w.contains("ctlr-q"))
        .cloned();
    let warning =
        warning.unwrap_or_else(|| panic!("no warning about ctlr-q in {:?}", t.app.warnings));
    assert!(warning.contains("line 2"), "{warning}");
    let status = t.screen().lines().last().unwrap().to_string();
    assert!(
        status.contains("1 problem found at start"),
        "the status bar points to the problem: {status}"
    );
    t.press("<esc>?");
    let help = t.screen();
    assert!(
        help.contains("Problems found at start") && help.contains("ctlr-q"),
        "help lists it in full: {help}"
    );
    t.press("<esc>q");
    assert!(t.app.quit);
}

#[test]
fn clicking_a_list_row_selects_it() {
    let mut t = Tui::new(100, 30);
    // Rows: tabs, search, then the list's top border; the first item is on row 3.
    t.mouse(MouseEventKind::Down(MouseButton::Left), 5, 3 + 4);
    assert_eq!(t.app.selected, 4);
    assert_eq!(t.app.focus, Focus::List);
    let row = t.screen().lines().nth(7).unwrap().to_string();
    assert!(row.starts_with("│▶"), "{row}");
    t.mouse(MouseEventKind::Down(MouseButton::Left), 5, 2);
    assert_eq!(t.app.selected, 4, "a click on the border selects nothing");
}

#[test]
fn clicking_a_tab_title_switches_tab() {
    let mut t = Tui::new(100, 30);
    let top = t.screen().lines().next().unwrap().to_string();
    for (title, tab) in [
        ("2 Journal", Tab::Journal),
        ("3 Peer lessons", Tab::Lessons),
        ("1 Networks", Tab::Networks),
    ] {
        let column = top[..top.find(title).unwrap()].width() as u16 + 1;
        t.mouse(MouseEventKind::Down(MouseButton::Left), column, 0);
        assert_eq!(t.app.tab, tab, "click at column {column} of {top:?}");
    }
}

#[test]
fn the_wheel_over_the_list_moves_the_selection() {
    let mut t = Tui::new(100, 30);
    t.mouse(MouseEventKind::ScrollDown, 5, 10);
    t.mouse(MouseEventKind::ScrollDown, 5, 10);
    assert_eq!(t.app.selected, 2);
    t.mouse(MouseEventKind::ScrollUp, 5, 10);
    assert_eq!(t.app.selected, 1);
    t.mouse(MouseEventKind::ScrollDown, 70, 10);
    assert_eq!(
        (t.app.selected, t.app.detail_scroll),
        (1, 3),
        "over the detail the wheel scrolls it"
    );
}

#[test]
fn screen_at_80x24_with_an_empty_query() {
    let t = Tui::new(80, 24);
    insta::assert_snapshot!("empty_query_80x24", t.screen());
}

#[test]
fn screen_at_120x40_with_an_empty_query() {
    let t = Tui::new(120, 40);
    insta::assert_snapshot!("empty_query_120x40", t.screen());
}

#[test]
fn screen_with_words_and_a_region_filter() {
    let mut t = Tui::new(100, 30);
    t.press("design region:GB");
    assert_eq!(t.app.query_error, None);
    assert!(t.app.results.total > 0);
    insta::assert_snapshot!("design_region_gb_100x30", t.screen());
}

#[test]
fn screen_with_the_help_overlay() {
    let mut t = Tui::new(100, 40);
    t.press("<esc>?");
    insta::assert_snapshot!("help_100x40", t.screen());
}

#[test]
fn screen_with_the_filter_panel() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>f<down><space>");
    insta::assert_snapshot!("filter_panel_100x30", t.screen());
}

#[test]
fn a_tiny_terminal_says_how_large_it_must_be() {
    let t = Tui::new(40, 10);
    let screen = t.screen();
    assert!(
        screen.replace('\n', " ").contains("at least 60×15"),
        "{screen}"
    );
    insta::assert_snapshot!("tiny_40x10", screen);
}

#[test]
fn no_color_uses_no_colour_and_still_marks_the_selection() {
    let mut t = Tui::start(80, 24, Theme { color: false }, None);
    t.press("<esc>jj");
    let buffer = draw(&t.app, 80, 24);
    for (i, cell) in buffer.content.iter().enumerate() {
        assert_eq!(
            (cell.fg, cell.bg),
            (Color::Reset, Color::Reset),
            "cell {i} ({:?}) is coloured",
            cell.symbol()
        );
    }
    let screen = text_of(&buffer);
    let marked: Vec<&str> = screen.lines().filter(|l| l.contains('▶')).collect();
    assert_eq!(marked.len(), 1, "{screen}");
    let name = t.selected_name();
    let shown: String = name.chars().take(20).collect();
    assert!(
        marked[0].contains(&shown),
        "{:?} should mark {name}",
        marked[0]
    );
    let y = screen.lines().position(|l| l.contains('▶')).unwrap() as u16;
    assert!(
        buffer[(2, y)].modifier.contains(Modifier::REVERSED),
        "the selected row is in reverse video"
    );
    insta::assert_snapshot!("no_color_80x24", screen);
}

#[test]
fn deleting_an_entry_asks_first_and_can_be_undone() {
    let mut t = Tui::new(100, 30);
    write_entry(&t, cairn::model::Kind::Lesson, "Keep this one", "body");
    t.press("<esc>2");
    assert_eq!(t.app.journal.total, 1);
    t.press("dn");
    assert_eq!(t.app.journal.total, 1, "n keeps the entry");
    t.press("d");
    assert!(
        t.screen().contains("Move \"Keep this one\" to the trash?"),
        "{}",
        t.screen()
    );
    t.press("y");
    assert_eq!(t.app.journal.total, 0);
    assert!(t.screen().contains("Press u to undo"), "{}", t.screen());
    let trash = t.paths.data.join("trash");
    assert!(trash.exists(), "the file went to the trash, not away");
    t.press("u");
    assert_eq!(t.app.journal.total, 1);
    assert!(t.screen().contains("Brought back"), "{}", t.screen());
}

#[test]
fn enter_on_a_network_opens_your_journal_entries_about_it() {
    let mut t = Tui::new(100, 30);
    write_entry(
        &t,
        cairn::model::Kind::Lesson,
        "What UKGovCamp taught us",
        "Pitch early.",
    );
    cairn::tui::loaded(&mut t.app, &t.lib);
    t.press("ukgovcamp<enter>");
    assert!(
        t.screen().contains("What UKGovCamp taught us"),
        "the detail lists it: {}",
        t.screen()
    );
    t.press("<enter>");
    assert_eq!(t.app.tab, Tab::Journal);
    assert_eq!(t.app.journal.query.text(), "network:ukgovcamp ");
    assert_eq!(t.app.journal.total, 1);
    assert!(t.screen().contains("Pitch early."), "{}", t.screen());
}

#[test]
fn an_ended_network_is_marked_in_the_list_and_its_detail() {
    let mut t = Tui::new(100, 30);
    t.press("keino");
    assert_eq!(t.selected_id(), "keino");
    let screen = t.screen();
    let row = screen
        .lines()
        .find(|l| l.contains("▶") && l.contains("KEINO"))
        .unwrap_or_else(|| panic!("no selected KEINO row:\n{screen}"));
    assert!(row.contains('†'), "the row marks it ended: {row}");
    assert!(screen.contains("† ended 2024"), "{screen}");
    assert!(screen.contains("checked in 2+ sources"), "{screen}");
    t.press("<esc>?");
    assert!(t.screen().contains("† ended"), "the help explains the mark");
}

#[test]
fn the_filter_panel_offers_no_filter_that_no_network_has_a_value_for() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>f");
    let cairn::tui::Overlay::Filters(panel) = &t.app.overlay else {
        panic!("no filter panel:\n{}", t.screen())
    };
    let rows = format!("{:?}", panel.rows);
    assert!(rows.contains("Header(Status)"), "{rows}");
    assert!(
        !rows.contains("Maturity"),
        "no network has a maturity: {rows}"
    );
}

#[test]
fn mark_filters_in_the_search_line_limit_the_list_to_your_networks() {
    let mut t = Tui::new(100, 30);
    t.press("keino<esc>m");
    assert!(t.lib.annotations().get("keino").is_some_and(|a| a.member));
    t.press("/<c-u>member:yes");
    assert_eq!(t.app.query_error, None);
    assert_eq!(
        t.names(),
        ["KEINO Competence Centre for Sustainable and Innovative Public Procurement"]
    );
    t.press(" procurement");
    assert_eq!(t.app.results.total, 1);
    t.press("<c-u>member:no");
    assert_eq!(t.app.results.total, CATALOGUE - 1);
}

#[test]
fn a_peer_lesson_body_is_shown_as_markdown_not_raw_marks() {
    let mut t = Tui::new(100, 30);
    let pack = serde_json::json!({
        "schema": "cairn.lessons/1", "network": "ukgovcamp",
        "exported": "2026-03-04T10:00:00Z", "generator": "cairn 0.1.0",
        "lessons": [{
            "id": "md-1", "kind": "lesson", "title": "Quokka approvals",
            "body": "## What happened\n\nThe **quokka** board\nsaid yes.\n\n- first step\n- second step\n",
            "tags": [], "created": "2026-03-01T09:00:00Z", "updated": "2026-03-02T09:00:00Z",
            "language": "en", "licence": "CC-BY-4.0", "hash": "0"
        }]
    });
    let file = t.paths.data.join("pack.json");
    std::fs::create_dir_all(&t.paths.data).unwrap();
    std::fs::write(&file, pack.to_string()).unwrap();
    let library = Library::open_at(t.paths.clone(), OpenOptions::default()).unwrap();
    library.import_pack(file.to_str().unwrap()).unwrap();
    t.press("<a-3>");
    let screen = t.screen();
    assert!(screen.contains("What happened"), "{screen}");
    assert!(!screen.contains("## What"), "{screen}");
    assert!(!screen.contains("**quokka**"), "{screen}");
    // A soft line break is a space, not a new line.
    assert!(screen.contains("The quokka board said yes."), "{screen}");
    assert!(screen.contains("• first step"), "{screen}");
    // Shared with: the network's name, not its id.
    assert!(screen.contains("with      UKGovCamp"), "{screen}");
}

#[test]
fn peer_lessons_line_up_in_columns_with_the_network_by_name() {
    // Wide enough for the network column beside the titles.
    let mut t = Tui::new(160, 30);
    let lesson = |id: &str, kind: &str, title: &str| {
        serde_json::json!({
            "id": id, "kind": kind, "title": title, "body": "Text.",
            "tags": [], "created": "2026-03-01T09:00:00Z", "updated": "2026-03-02T09:00:00Z",
            "language": "en", "licence": "CC-BY-4.0", "hash": "0"
        })
    };
    let pack = |network: &str, lessons: Vec<serde_json::Value>| {
        serde_json::json!({
            "schema": "cairn.lessons/1", "network": network,
            "exported": "2026-03-04T10:00:00Z", "generator": "cairn 0.1.0",
            "lessons": lessons
        })
    };
    std::fs::create_dir_all(&t.paths.data).unwrap();
    let library = Library::open_at(t.paths.clone(), OpenOptions::default()).unwrap();
    for (i, p) in [
        pack(
            "ukgovcamp",
            vec![
                lesson("c-1", "lesson", "Small pilots win approval"),
                lesson("c-2", "validation", "Checked with the auditors"),
            ],
        ),
        pack(
            "keino",
            vec![lesson("c-3", "challenge", "No budget line for trials")],
        ),
    ]
    .into_iter()
    .enumerate()
    {
        let file = t.paths.data.join(format!("pack{i}.json"));
        std::fs::write(&file, p.to_string()).unwrap();
        library.import_pack(file.to_str().unwrap()).unwrap();
    }
    t.press("<a-3>");
    let screen = t.screen();
    let rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains("2026-03-02"))
        .take(3)
        .collect();
    assert_eq!(rows.len(), 3, "{screen}");
    let column = |row: &str, text: &str| row.find(text).map(|b| row[..b].chars().count());
    let with: Vec<_> = rows
        .iter()
        .map(|r| column(r, "UKGovCamp").or_else(|| column(r, "KEINO")))
        .collect();
    assert!(
        with.iter().all(|c| c.is_some() && *c == with[0]),
        "{screen}"
    );
    let titles: Vec<_> = ["Small pilots", "Checked with", "No budget"]
        .iter()
        .zip(&rows)
        .map(|(title, row)| column(row, title))
        .collect();
    assert!(
        titles.iter().all(|c| c.is_some() && *c == titles[0]),
        "{screen}"
    );
    // The pack's file is in a temporary folder: its name changes each run.
    let data = t.paths.data.display().to_string();
    let width = data.chars().count();
    let stable = screen.replace(&data, &format!("{:<width$}", "[data]"));
    insta::assert_snapshot!("peer_lessons_160x30", stable);
}

#[test]
fn keys_the_person_bound_for_moving_work_in_the_overlays_too() {
    // One key model: `move_down = ["v"]` moves in the filter panel and in
    // help as it does in the list.
    let mut t = Tui::start(
        100,
        30,
        Theme { color: true },
        Some("[keys]\nmove_down = [\"down\", \"v\"]\nback = [\"esc\", \"b\"]\n"),
    );
    assert!(t.app.warnings.is_empty(), "{:?}", t.app.warnings);
    t.press("<esc>f");
    let cursor = |t: &Tui| match &t.app.overlay {
        cairn::tui::Overlay::Filters(panel) => panel.cursor,
        _ => panic!("no filter panel:\n{}", t.screen()),
    };
    let first = cursor(&t);
    t.press("v");
    assert!(cursor(&t) > first, "v moved down in the panel");
    t.press("b");
    assert!(matches!(t.app.overlay, Overlay::None), "b backs out");
    t.press("?v");
    let Overlay::Help(help) = &t.app.overlay else {
        panic!("no help:\n{}", t.screen())
    };
    assert_eq!(help.scroll, 1, "v scrolled the help");
}

#[test]
fn the_filter_panel_jumps_by_section_and_to_either_end() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>f");
    let at = |t: &Tui| match &t.app.overlay {
        cairn::tui::Overlay::Filters(panel) => (panel.cursor, panel.rows.clone()),
        _ => panic!("no filter panel:\n{}", t.screen()),
    };
    let header_above = |cursor: usize, rows: &[cairn::tui::overlays::Row]| {
        rows[..cursor]
            .iter()
            .rev()
            .find_map(|r| match r {
                cairn::tui::overlays::Row::Header(f) => Some(*f),
                _ => None,
            })
            .unwrap()
    };
    let (start, rows) = at(&t);
    let first_facet = header_above(start, &rows);
    t.press("<tab>");
    let (next, rows) = at(&t);
    assert_ne!(
        header_above(next, &rows),
        first_facet,
        "Tab goes to the next section"
    );
    assert!(matches!(
        rows[next],
        cairn::tui::overlays::Row::Value { .. }
    ));
    t.press("<s-tab>");
    assert_eq!(at(&t).0, start, "Shift-Tab comes back");
    t.press("<end>");
    let (end, rows) = at(&t);
    assert_eq!(end, rows.len() - 1, "End goes to the last value");
    t.press("<home>");
    assert_eq!(at(&t).0, start, "Home goes to the first value");
}

#[test]
fn a_key_of_another_tab_says_what_it_does_and_where_on_every_tab() {
    // Every action with a home tab, pressed elsewhere, says so by name.
    let mut t = Tui::new(100, 30);
    for (tab_key, keys) in [
        ("<a-2>", ["f", "s", "o", "n"]),
        ("<a-1>", ["d", "x", "p", "e"]),
    ] {
        t.press(tab_key);
        t.press("<esc>");
        for key in keys {
            t.press(key);
            let msg = t.app.message.clone().unwrap_or_default();
            assert!(msg.contains(" tab, "), "{key} on another tab said {msg:?}");
        }
    }
}

#[test]
fn a_message_too_long_for_the_status_bar_can_be_read_whole_in_help() {
    let mut t = Tui::new(80, 30);
    let long = "Synced. team-catalogue: FAILED (the server at https://intranet.example.org/networks.json answered 503 Service Unavailable); there is no copy of it yet".to_string();
    t.app.message = Some(long.clone());
    let screen = t.screen();
    let status = screen.lines().last().unwrap().trim_end().to_string();
    assert!(status.ends_with("F1 reads it whole"), "{status}");
    assert!(status.width_ok(80), "{status}");
    t.press("<f1>");
    let help: String = t
        .screen()
        .replace('│', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    let whole: String = long.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(
        help.contains(&whole),
        "help does not show the message:\n{}",
        t.screen()
    );
}

trait WidthOk {
    fn width_ok(&self, width: usize) -> bool;
}

impl WidthOk for String {
    fn width_ok(&self, width: usize) -> bool {
        unicode_width::UnicodeWidthStr::width(self.as_str()) <= width
    }
}

#[test]
fn altgr_characters_arriving_as_ctrl_alt_are_typed() {
    // Windows sends AltGr as Ctrl+Alt: `@` on a German layout is AltGr+Q.
    use ratatui::crossterm::event::{KeyCode, KeyEvent, KeyModifiers};
    let mut t = Tui::new(100, 30);
    t.press("team");
    for c in ['@', '{', '\\', 'ł'] {
        let altgr = KeyEvent::new(KeyCode::Char(c), KeyModifiers::CONTROL | KeyModifiers::ALT);
        let effects = t.app.on_key(altgr);
        assert!(!effects.is_empty(), "{c} changed the query");
    }
    assert_eq!(t.app.query.text(), "team@{\\ł");
    assert!(!t.app.quit);
}

#[test]
fn follow_ups_due_are_counted_in_the_status_bar() {
    let mut t = Tui::new(120, 30);
    t.app.due = 2;
    let status = t.screen().lines().last().unwrap().to_string();
    assert!(
        status.contains("2 follow-ups due in your journal (Alt-2)"),
        "{status}"
    );
    t.press("<a-2>");
    let status = t.screen().lines().last().unwrap().to_string();
    assert!(status.contains("2 follow-ups due"), "{status}");
}
