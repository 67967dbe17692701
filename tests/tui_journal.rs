//! Writing in the journal from the terminal interface: the entry form (new
//! entries, changes in place, leaving without saving), the network picker
//! over it, resolving challenges with lessons, and the Networks tab's list
//! of linked entries; with the form and pickers kept as insta snapshots.

mod tui_support;

use std::path::{Path, PathBuf};

use cairn::model::{Entry, EntryStatus, Kind};
use cairn::tui::{Effect, Focus, Overlay, Tab};
use tui_support::*;

/// The entry form open over the screen.
macro_rules! form {
    ($t:expr) => {
        match &$t.app.overlay {
            Overlay::Form(form) => form,
            _ => panic!("no entry form is open:\n{}", $t.screen()),
        }
    };
}

/// The picker open over the screen.
macro_rules! picker {
    ($t:expr) => {
        match &$t.app.overlay {
            Overlay::Picker(picker) => picker,
            _ => panic!("no picker is open:\n{}", $t.screen()),
        }
    };
}

/// Which field of the open form has the cursor: "Kind", "Title", "Tags",
/// "Networks", "Shareable" or "Body".
fn field(t: &Tui) -> String {
    format!("{:?}", form!(t).field)
}

/// The yes/no question open over the screen.
fn question(t: &Tui) -> String {
    match &t.app.overlay {
        Overlay::Confirm { question, .. } => question.clone(),
        _ => panic!("no question is asked:\n{}", t.screen()),
    }
}

/// The picker's rows as (id, name), in the order shown.
fn picker_rows(t: &Tui) -> Vec<(String, String)> {
    let p = picker!(t);
    p.matches.iter().map(|m| p.names[m.index].clone()).collect()
}

fn journal_root(t: &Tui) -> PathBuf {
    t.paths.data.join("journal")
}

/// Every entry file in the journal's year folders, sorted.
fn journal_files(t: &Tui) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let Ok(years) = std::fs::read_dir(journal_root(t)) else {
        return out;
    };
    for year in years.flatten().filter(|y| y.path().is_dir()) {
        for file in std::fs::read_dir(year.path()).unwrap().flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            if name.ends_with(".md") && !name.starts_with('.') {
                out.push(file.path());
            }
        }
    }
    out.sort();
    out
}

/// A template as the form's body editor holds it: without the blank
/// lines at its end, ending in one newline.
fn in_editor(template: &str) -> String {
    format!("{}\n", template.trim_end_matches('\n'))
}

fn read_entry(path: &Path) -> Entry {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    Entry::parse(&text).unwrap_or_else(|e| panic!("{} does not parse: {e}\n{text}", path.display()))
}

/// An entry file's text as a person might write it by hand.
fn entry_text(id: &str, kind: &str, title: &str, created: &str, extra: &str, body: &str) -> String {
    format!(
        "+++\nid = \"{id}\"\nkind = \"{kind}\"\ntitle = \"{title}\"\ncreated = \"{created}\"\nupdated = \"{created}\"\n{extra}+++\n\n{body}"
    )
}

/// Writes `text` into the journal's 2026 folder as `file`, as git or a
/// sync tool would; returns its path.
fn put_file(t: &Tui, file: &str, text: &str) -> PathBuf {
    let dir = journal_root(t).join("2026");
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(file);
    std::fs::write(&path, text).unwrap();
    path
}

/// Selects the journal entry with this id (the list must have focus).
fn select_entry(t: &mut Tui, id: &str) {
    assert_eq!(t.app.focus, Focus::List);
    let i = t
        .app
        .journal
        .hits
        .iter()
        .position(|h| h.id == id)
        .unwrap_or_else(|| panic!("{id} is not listed:\n{}", t.screen()));
    t.press("<home>");
    t.press(&"j".repeat(i));
    assert_eq!(
        t.app.journal.selected_hit().map(|h| h.id.as_str()),
        Some(id),
        "{}",
        t.screen()
    );
}

const CHALLENGE: &str = "chal000001";
const LESSON: &str = "less000001";

/// An open challenge and one lesson, written by hand with fixed dates.
fn challenge_and_lesson(t: &Tui) -> (PathBuf, PathBuf) {
    let challenge = put_file(
        t,
        "2026-01-10-sign-off.md",
        &entry_text(
            CHALLENGE,
            "challenge",
            "Sign-off for open data",
            "2026-01-10T09:00:00Z",
            "status = \"open\"\nnetworks = [\"ukgovcamp\"]\n",
            "## What is in the way?\n\nLegal review.\n",
        ),
    );
    let lesson = put_file(
        t,
        "2026-01-20-sponsor.md",
        &entry_text(
            LESSON,
            "lesson",
            "Start with a sponsor",
            "2026-01-20T09:00:00Z",
            "",
            "Find one early.\n",
        ),
    );
    (challenge, lesson)
}

// ---- the new-entry form ----

#[test]
fn a_on_the_journal_tab_writes_a_challenge_with_tags_and_a_picked_network() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2");
    assert_eq!((t.app.tab, t.app.focus), (Tab::Journal, Focus::List));
    t.press("a");
    let template = in_editor(&t.lib.template(Kind::Challenge));
    {
        let form = form!(t);
        assert_eq!(form.kind, Kind::Challenge, "{}", t.screen());
        assert!(form.editing.is_none());
        assert_eq!(
            form.body_text(),
            template,
            "the body starts as the template"
        );
        assert!(form.networks.is_empty());
    }
    assert_eq!(field(&t), "Title", "typing starts in the title");
    let screen = t.screen();
    assert!(
        screen.contains("New challenge — Ctrl-S saves · Esc leaves"),
        "{screen}"
    );
    assert!(
        screen.contains("What are you trying to change?"),
        "{screen}"
    );

    t.press("Approval for a procurement pilot<tab>procurement, pilots<tab>");
    assert_eq!(field(&t), "Networks");
    assert_eq!(form!(t).title.text(), "Approval for a procurement pilot");
    assert_eq!(form!(t).tags.text(), "procurement, pilots");

    // The first letter opens the picker through an effect; the rest land in it.
    t.press("u");
    assert_eq!(picker!(t).title, "Add a network", "{}", t.screen());
    assert_eq!(picker!(t).input.text(), "u");
    t.press("kgovcamp");
    assert_eq!(picker!(t).input.text(), "ukgovcamp", "{}", t.screen());
    assert_eq!(
        picker_rows(&t).first().map(|(id, _)| id.as_str()),
        Some("ukgovcamp"),
        "{}",
        t.screen()
    );
    t.press("<enter>");
    assert_eq!(
        form!(t).networks,
        vec![("ukgovcamp".to_string(), "UKGovCamp".to_string())],
        "{}",
        t.screen()
    );
    assert_eq!(field(&t), "Networks");
    assert!(t.screen().contains("UKGovCamp"), "{}", t.screen());

    t.press("<c-s>");
    assert!(
        matches!(t.app.overlay, Overlay::None),
        "the form closes once saved:\n{}",
        t.screen()
    );
    let files = journal_files(&t);
    assert_eq!(files.len(), 1, "{files:?}");
    let path = &files[0];
    let entry = read_entry(path);
    let m = &entry.meta;
    assert_eq!(m.kind, Kind::Challenge);
    assert_eq!(m.status, Some(EntryStatus::Open));
    assert_eq!(m.title, "Approval for a procurement pilot");
    assert_eq!(m.tags, ["procurement", "pilots"]);
    assert_eq!(m.networks, ["ukgovcamp"]);
    assert!(!m.shareable);
    assert_eq!(entry.body, template);
    assert_eq!(
        path.parent().unwrap(),
        journal_root(&t).join(format!("{:04}", m.created.year())),
        "new entries go in the folder of their year"
    );
    let message = t.app.message.clone().unwrap_or_default();
    assert!(
        message.starts_with("Saved \"Approval for a procurement pilot\" in ")
            && message.contains(&*path.to_string_lossy()),
        "{message}"
    );

    assert_eq!(t.app.tab, Tab::Journal);
    assert_eq!(
        t.app.journal.selected_hit().map(|h| h.id.as_str()),
        Some(m.id.as_str()),
        "the new entry is selected"
    );
    assert_eq!(
        t.app.journal.entry.as_ref().map(|e| e.meta.id.as_str()),
        Some(m.id.as_str()),
        "and shown"
    );
    let screen = t.screen();
    assert!(screen.contains(" 1 entry "), "{screen}");
    assert!(screen.contains(&format!(" {} ", m.id)), "{screen}");
    assert!(screen.contains("challenge · open"), "{screen}");
    assert!(screen.contains("procurement, pilots"), "{screen}");
}

#[test]
fn network_letters_typed_before_the_picker_opens_all_land_in_it() {
    // The real loop reads every key already queued before running their
    // effects: fast typing sends all letters to the form, whose first
    // effect opens the picker and the others type into it.
    let mut t = Tui::new(100, 30);
    t.press("<esc>2a<tab><tab>");
    assert_eq!(field(&t), "Networks");
    let mut effects = Vec::new();
    for key in parse_keys("ukgovcamp") {
        effects.extend(t.app.on_key(key));
    }
    assert_eq!(effects.len(), 9, "{effects:?}");
    let handed = run(&mut t.app, &mut t.lib, effects);
    assert!(handed.is_empty(), "{handed:?}");
    assert_eq!(picker!(t).input.text(), "ukgovcamp", "{}", t.screen());
    t.press("<enter>");
    assert_eq!(
        form!(t)
            .networks
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        ["ukgovcamp"]
    );
}

#[test]
fn esc_in_the_network_picker_goes_back_to_the_form_without_adding() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2aDraft<tab><tab><enter>");
    assert_eq!(picker!(t).input.text(), "", "Enter opens the picker empty");
    t.press("ukgov<esc>");
    assert!(form!(t).networks.is_empty());
    assert_eq!(form!(t).title.text(), "Draft");
    assert_eq!(field(&t), "Networks");
}

#[test]
fn a_on_a_network_writes_a_lesson_about_that_network() {
    let mut t = Tui::new(100, 30);
    t.press("ukgovcamp<enter>");
    assert_eq!(t.app.focus, Focus::List);
    assert_eq!(t.selected_id(), "ukgovcamp");
    t.press("a");
    {
        let form = form!(t);
        assert_eq!(form.kind, Kind::Lesson, "{}", t.screen());
        assert_eq!(
            form.networks,
            vec![("ukgovcamp".to_string(), "UKGovCamp".to_string())]
        );
        assert_eq!(form.body_text(), in_editor(&t.lib.template(Kind::Lesson)));
    }
    let screen = t.screen();
    assert!(screen.contains("New lesson — Ctrl-S saves"), "{screen}");
    assert!(screen.contains("UKGovCamp"), "{screen}");
    t.press("<esc>");
    assert!(
        matches!(t.app.overlay, Overlay::None),
        "the network filled in is not a change to ask about:\n{}",
        t.screen()
    );

    t.press("aPitch early at the camp<c-s>");
    let files = journal_files(&t);
    assert_eq!(files.len(), 1, "{files:?}");
    let entry = read_entry(&files[0]);
    assert_eq!(entry.meta.kind, Kind::Lesson);
    assert_eq!(
        entry.meta.status, None,
        "only challenges are open or resolved"
    );
    assert_eq!(entry.meta.networks, ["ukgovcamp"]);
    assert_eq!(t.app.tab, Tab::Journal, "saving shows the journal");
    t.press("1");
    assert!(
        t.screen().contains("Pitch early at the camp (lesson)"),
        "the network's detail lists the new lesson:\n{}",
        t.screen()
    );
}

#[test]
fn backspace_on_the_networks_field_removes_the_last_network() {
    let mut t = Tui::new(100, 30);
    t.press("ukgovcamp<enter>a<tab><tab>");
    assert_eq!(field(&t), "Networks");
    t.press("<bs>");
    assert!(form!(t).networks.is_empty(), "{}", t.screen());
    t.press("<esc>");
    assert!(
        question(&t).contains("Leave this entry without saving it?"),
        "removing the network is a change"
    );
}

#[test]
fn saving_without_a_title_keeps_the_form_open_with_an_error() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2a<tab>budget<c-s>");
    assert_eq!(
        form!(t).error.as_deref(),
        Some("Give the entry a title first")
    );
    assert_eq!(field(&t), "Title", "the cursor goes to the title");
    assert_eq!(form!(t).tags.text(), "budget", "nothing typed is lost");
    assert!(
        t.screen().contains("Give the entry a title first"),
        "{}",
        t.screen()
    );
    t.press("   <c-s>");
    assert!(
        matches!(t.app.overlay, Overlay::Form(_)),
        "spaces are no title:\n{}",
        t.screen()
    );
    assert!(journal_files(&t).is_empty(), "nothing is saved");
    assert!(!journal_root(&t).exists(), "{}", journal_root(&t).display());
}

#[test]
fn esc_on_an_unchanged_form_closes_it_without_asking() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2a<esc>");
    assert!(matches!(t.app.overlay, Overlay::None), "{}", t.screen());
    assert!(!t.screen().contains("Are you sure?"));
    assert!(journal_files(&t).is_empty());
}

#[test]
fn esc_on_a_changed_form_asks_and_n_goes_back_with_the_text_intact() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2aHalf a thought<tab>draft<esc>");
    assert!(
        question(&t).contains("Leave this entry without saving it?"),
        "{}",
        t.screen()
    );
    let screen = t.screen();
    assert!(
        screen.contains("Are you sure?") && screen.contains("Half a thought"),
        "the question is asked over the form:\n{screen}"
    );
    t.press("n");
    assert_eq!(form!(t).title.text(), "Half a thought", "{}", t.screen());
    assert_eq!(form!(t).tags.text(), "draft");
    assert_eq!(field(&t), "Tags", "the cursor is where it was");
    t.press("<esc>");
    t.press("<esc>");
    assert_eq!(
        form!(t).title.text(),
        "Half a thought",
        "Esc answers no too"
    );
    t.press("<esc>y");
    assert!(matches!(t.app.overlay, Overlay::None), "{}", t.screen());
    assert_eq!(t.app.message.as_deref(), Some("Entry not saved"));
    assert!(journal_files(&t).is_empty(), "nothing is saved");
}

#[test]
fn ctrl_c_with_a_changed_form_asks_before_quitting() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2aDraft<c-c>");
    assert!(!t.app.quit, "an entry being written is not dropped");
    assert!(
        question(&t).contains("Quit cairn without saving the entry you are writing?"),
        "{}",
        t.screen()
    );
    t.press("n");
    assert_eq!(form!(t).title.text(), "Draft");
    assert!(!t.app.quit);
    t.press("<c-c>y");
    assert!(t.app.quit);
    assert!(journal_files(&t).is_empty());
}

#[test]
fn ctrl_c_on_an_unchanged_form_quits_at_once() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2a<c-c>");
    assert!(t.app.quit);
}

#[test]
fn ctrl_c_in_the_network_picker_over_a_changed_form_asks_and_n_returns_to_the_form() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2aDraft<tab><tab>ukg");
    assert_eq!(picker!(t).input.text(), "ukg");
    t.press("<c-c>");
    assert!(!t.app.quit);
    assert!(question(&t).contains("Quit cairn without saving"));
    t.press("n");
    assert_eq!(form!(t).title.text(), "Draft", "{}", t.screen());
    t.press("<c-c>y");
    assert!(t.app.quit);
}

#[test]
fn changing_kind_swaps_an_untouched_template_but_keeps_typed_text() {
    let mut t = Tui::new(100, 30);
    let validation = in_editor(&t.lib.template(Kind::Validation));
    t.press("<esc>2a<s-tab>");
    assert_eq!(field(&t), "Kind");
    assert!(t.screen().contains("←→ to change"), "{}", t.screen());
    t.press("<right>");
    assert_eq!(form!(t).kind, Kind::Validation);
    assert_eq!(form!(t).body_text(), validation, "{}", t.screen());
    let screen = t.screen();
    assert!(
        screen.contains("New validation — Ctrl-S saves")
            && screen.contains("Who encouraged or confirmed this"),
        "{screen}"
    );
    t.press("<esc>");
    assert!(matches!(t.app.overlay, Overlay::None), "{}", t.screen());

    // Typed in, the body stays whatever the kind.
    t.press("a<tab><tab><tab><tab><tab>");
    assert_eq!(field(&t), "Body");
    t.press("Legal says no.");
    let typed = form!(t).body_text();
    assert!(
        typed.contains("## What are you trying to change?\nLegal says no.\n"),
        "writing starts under the first heading: {typed}"
    );
    t.press("<tab>");
    assert_eq!(
        field(&t),
        "Kind",
        "Tab goes round from the body to the kind"
    );
    t.press("<right>");
    assert_eq!(form!(t).kind, Kind::Validation);
    assert_eq!(form!(t).body_text(), typed, "{}", t.screen());
    t.press("l");
    assert_eq!(
        form!(t).kind,
        Kind::Lesson,
        "a kind's first letter picks it"
    );
    assert_eq!(form!(t).body_text(), typed);
    t.press("<esc>");
    assert!(question(&t).contains("Leave this entry without saving it?"));
}

#[test]
fn changing_kind_from_a_lesson_or_validation_template_swaps_it_too() {
    let mut t = Tui::new(100, 30);
    let challenge = in_editor(&t.lib.template(Kind::Challenge));
    let lesson = in_editor(&t.lib.template(Kind::Lesson));
    t.press("<esc>2a<s-tab><right>");
    assert_eq!(form!(t).kind, Kind::Validation);
    t.press("<right>");
    assert_eq!(form!(t).kind, Kind::Lesson);
    assert_eq!(form!(t).body_text(), lesson, "{}", t.screen());
    t.press("c");
    assert_eq!(form!(t).kind, Kind::Challenge);
    assert_eq!(form!(t).body_text(), challenge, "{}", t.screen());
}

#[test]
fn changing_kind_alone_on_a_new_form_is_not_a_change_to_ask_about() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2a<s-tab><right><esc>");
    assert!(
        matches!(t.app.overlay, Overlay::None),
        "the kind of a blank entry is a choice, not writing:\n{}",
        t.screen()
    );
}

#[test]
fn shareable_is_ticked_with_space_and_saved() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2aOpen data wins<tab><tab><tab><tab>");
    assert_eq!(field(&t), "Shareable");
    assert!(t.screen().contains("[ ] may be shared"), "{}", t.screen());
    t.press("<space>");
    assert!(form!(t).shareable);
    assert!(t.screen().contains("[x] may be shared"), "{}", t.screen());
    t.press("<c-s>");
    let files = journal_files(&t);
    assert_eq!(files.len(), 1);
    assert!(read_entry(&files[0]).meta.shareable);
}

// ---- pasting ----

#[test]
fn pasting_goes_into_the_forms_title_and_body() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2a");
    assert!(t.app.on_paste("Pasted\ntitle").is_empty());
    assert_eq!(
        form!(t).title.text(),
        "Pasted title",
        "a line break in a one-line field becomes a space"
    );
    t.press("<tab>");
    t.app.on_paste("pasted, tags");
    assert_eq!(form!(t).tags.text(), "pasted, tags");
    t.press("<tab><tab><tab><tab>");
    assert_eq!(field(&t), "Body");
    t.app.on_paste("First pasted line\r\nsecond pasted line");
    let body = form!(t).body_text();
    assert!(
        body.contains("First pasted line\nsecond pasted line\n"),
        "{body}"
    );
    assert!(!body.contains('\r'), "{body:?}");
    t.press("<c-s>");
    let files = journal_files(&t);
    assert_eq!(files.len(), 1, "{}", t.screen());
    let entry = read_entry(&files[0]);
    assert_eq!(entry.meta.title, "Pasted title");
    assert_eq!(entry.meta.tags, ["pasted", "tags"]);
    assert!(
        entry
            .body
            .contains("## What are you trying to change?\nFirst pasted line\nsecond pasted line\n"),
        "the paste lands where writing starts, under the first heading:\n{}",
        entry.body
    );
}

#[test]
fn pasting_in_the_network_picker_narrows_it() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2a<tab><tab><enter>");
    t.app.on_paste("ukgovcamp");
    assert_eq!(picker!(t).input.text(), "ukgovcamp");
    assert_eq!(
        picker_rows(&t).first().map(|(id, _)| id.as_str()),
        Some("ukgovcamp"),
        "{}",
        t.screen()
    );
    t.press("<enter>");
    assert_eq!(
        form!(t)
            .networks
            .iter()
            .map(|(id, _)| id.as_str())
            .collect::<Vec<_>>(),
        ["ukgovcamp"],
        "{}",
        t.screen()
    );
}

#[test]
fn a_pasted_windows_line_break_in_the_title_becomes_one_space() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2a");
    t.app.on_paste("Pasted\r\ntitle");
    assert_eq!(form!(t).title.text(), "Pasted title");
}

// ---- changing an entry ----

#[test]
fn e_changes_an_entry_in_place_keeping_what_the_form_does_not_show() {
    let mut t = Tui::new(100, 30);
    let path = put_file(
        &t,
        "2026-01-05-old-title.md",
        &entry_text(
            "edit000001",
            "challenge",
            "Old title",
            "2026-01-05T10:00:00Z",
            "status = \"open\"\ntags = [\"budget\"]\nnetworks = [\"ukgovcamp\"]\n\
             related = [\"other00001\"]\nx_mood = \"hopeful\"\nx_scores = [1, 2]\n\
             [x_sync]\nremote = \"team\"\n",
            "## What is in the way?\n\nThe budget cycle.\n",
        ),
    );
    let before = read_entry(&path);
    assert_eq!(before.meta.extra.len(), 3, "{:?}", before.meta.extra);
    t.press("<esc>2");
    select_entry(&mut t, "edit000001");
    t.press("e");
    {
        let form = form!(t);
        assert!(form.editing.is_some());
        assert_eq!(form.kind, Kind::Challenge);
        assert_eq!(form.title.text(), "Old title");
        assert_eq!(form.tags.text(), "budget");
        assert_eq!(
            form.networks,
            vec![("ukgovcamp".to_string(), "UKGovCamp".to_string())],
            "networks are shown by name"
        );
        assert_eq!(form.body_text(), before.body);
    }
    assert_eq!(field(&t), "Body", "changing starts in the body");
    assert!(
        t.screen().contains("Change entry — Ctrl-S saves"),
        "{}",
        t.screen()
    );
    t.press("<esc>");
    assert!(
        matches!(t.app.overlay, Overlay::None),
        "nothing changed, nothing to ask:\n{}",
        t.screen()
    );

    t.press("e<tab><tab>");
    assert_eq!(field(&t), "Title");
    let saved_from = time::OffsetDateTime::now_utc()
        .replace_nanosecond(0)
        .unwrap();
    t.press(" (revised)<c-s>");
    assert!(matches!(t.app.overlay, Overlay::None), "{}", t.screen());
    assert_eq!(journal_files(&t), vec![path.clone()], "saved in place");
    let after = read_entry(&path);
    assert_eq!(after.meta.title, "Old title (revised)");
    assert_eq!(after.meta.id, before.meta.id);
    assert_eq!(after.meta.created, before.meta.created);
    assert!(
        after.meta.updated >= saved_from && after.meta.updated > before.meta.updated,
        "{} is stamped as changed",
        after.meta.updated
    );
    assert_eq!(after.meta.status, Some(EntryStatus::Open));
    assert_eq!(after.meta.tags, before.meta.tags);
    assert_eq!(after.meta.networks, before.meta.networks);
    assert_eq!(after.meta.related, ["other00001"]);
    assert_eq!(
        after.meta.extra, before.meta.extra,
        "fields cairn does not know survive"
    );
    assert_eq!(after.body, before.body);

    assert_eq!(
        t.app.journal.selected_hit().map(|h| h.title.as_str()),
        Some("Old title (revised)"),
        "the list follows at once:\n{}",
        t.screen()
    );
    assert!(t.screen().contains("Old title (revised)"), "{}", t.screen());
}

#[test]
fn changing_an_entrys_kind_in_the_form_opens_or_drops_its_status() {
    let mut t = Tui::new(100, 30);
    let path = put_file(
        &t,
        "2026-01-05-kind.md",
        &entry_text(
            "kind000001",
            "lesson",
            "Was a lesson",
            "2026-01-05T10:00:00Z",
            "",
            "Some text.\n",
        ),
    );
    t.press("<esc>2e<tab>");
    assert_eq!(field(&t), "Kind");
    t.press("c");
    assert_eq!(
        form!(t).body_text(),
        "Some text.\n",
        "an entry's body is never swapped"
    );
    t.press("<c-s>");
    let entry = read_entry(&path);
    assert_eq!(entry.meta.kind, Kind::Challenge);
    assert_eq!(entry.meta.status, Some(EntryStatus::Open));

    t.press("e<tab>l<c-s>");
    let entry = read_entry(&path);
    assert_eq!(entry.meta.kind, Kind::Lesson);
    assert_eq!(entry.meta.status, None);
}

#[test]
fn saving_over_a_change_made_elsewhere_is_refused_and_keeps_the_form() {
    let mut t = Tui::new(100, 30);
    let path = put_file(
        &t,
        "2026-01-05-shared.md",
        &entry_text(
            "conf000001",
            "lesson",
            "Shared file",
            "2026-01-05T10:00:00Z",
            "",
            "First words.\n",
        ),
    );
    t.press("<esc>2e");
    assert_eq!(field(&t), "Body");
    // Someone else (another cairn, an editor, a sync) changes the file.
    let theirs = entry_text(
        "conf000001",
        "lesson",
        "Shared file",
        "2026-01-05T10:00:00Z",
        "",
        "Their words.\n",
    );
    std::fs::write(&path, &theirs).unwrap();
    t.press("My addition. <c-s>");
    {
        let form = form!(t);
        let error = form.error.clone().unwrap_or_default();
        assert!(
            error.starts_with("Not saved: ") && error.contains("changed since cairn read it"),
            "{error}"
        );
        assert!(
            form.body_text().contains("My addition. First words."),
            "nothing typed is lost: {}",
            form.body_text()
        );
    }
    assert!(t.screen().contains("Not saved: "), "{}", t.screen());
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        theirs,
        "the other change is not overwritten"
    );
    t.press("<c-s>");
    assert!(matches!(t.app.overlay, Overlay::Form(_)));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), theirs);
}

// ---- the person's own editor ----

#[test]
fn shift_e_hands_the_selected_entry_file_back_for_the_editor() {
    let mut t = Tui::new(100, 30);
    let id = write_entry(&t, Kind::Lesson, "Edit me elsewhere", "Text.\n");
    let path = t.lib.find_entry(&id).unwrap().path;
    t.press("<esc>2");
    assert_eq!(t.app.journal.total, 1, "{}", t.screen());
    // `writing::external_edit`, which runs the editor on this effect, is
    // not public: only the loop in `cairn::tui::run` calls it.
    assert_eq!(t.press("E"), vec![Effect::ExternalEdit(path)]);
    assert!(matches!(t.app.overlay, Overlay::None));
}

#[test]
fn shift_e_on_an_empty_journal_says_no_entry_is_selected() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2");
    assert_eq!(t.press("E"), Vec::<Effect>::new());
    assert_eq!(t.app.message.as_deref(), Some("No entry is selected"));
    assert!(
        t.screen().contains("No entry is selected"),
        "{}",
        t.screen()
    );
}

// ---- two files with one id ----

#[test]
fn d_on_one_of_two_entries_with_the_same_id_trashes_exactly_that_one() {
    let mut t = Tui::new(100, 30);
    let text = |title: &str, day: &str| {
        entry_text(
            "twin000000",
            "lesson",
            title,
            &format!("2026-01-{day}T09:00:00Z"),
            "",
            "Body.\n",
        )
    };
    let older = put_file(&t, "2026-01-10-older.md", &text("Older twin", "10"));
    let newer = put_file(&t, "2026-01-11-newer.md", &text("Newer twin", "11"));
    t.press("<esc>2");
    assert_eq!(t.app.journal.total, 2, "{}", t.screen());
    for (twin, kept) in [(&older, &newer), (&newer, &older)] {
        let i = t
            .app
            .journal
            .hits
            .iter()
            .position(|h| h.path == *twin)
            .unwrap_or_else(|| panic!("{} is not listed:\n{}", twin.display(), t.screen()));
        t.press("<home>");
        t.press(&"j".repeat(i));
        let title = t.app.journal.selected_hit().unwrap().title.clone();
        t.press("d");
        assert!(question(&t).contains(&title), "{}", t.screen());
        t.press("y");
        assert!(
            !twin.exists(),
            "the entry asked about stays:\n{}",
            t.screen()
        );
        assert!(kept.exists(), "the other entry with its id was trashed");
        t.press("u");
        assert!(twin.exists(), "undo brings back the one trashed");
        assert!(kept.exists());
    }
}

// ---- a very large entry ----

#[test]
fn the_detail_of_a_very_large_entry_shows_its_beginning_and_says_how_to_open_it_all() {
    let mut t = Tui::new(100, 30);
    let mut body = String::from("The very first line.\n");
    while body.len() < 200 * 1024 {
        body.push_str("More words that go on and on.\n");
    }
    put_file(
        &t,
        "2026-01-10-huge.md",
        &entry_text(
            "huge000000",
            "lesson",
            "Huge",
            "2026-01-10T09:00:00Z",
            "",
            &body,
        ),
    );
    t.press("<esc>2");
    let shown = &t
        .app
        .journal
        .entry
        .as_ref()
        .expect("the detail is loaded")
        .body;
    assert!(shown.len() < 80 * 1024, "{} bytes shown", shown.len());
    assert!(shown.starts_with("The very first line."));
    assert!(
        shown.contains("more not shown here"),
        "{}",
        &shown[shown.len() - 300..]
    );
    assert!(shown.contains("2026-01-10-huge.md"));
}

// ---- resolving and linking ----

#[test]
fn r_on_an_open_challenge_resolves_it_with_the_lesson_picked() {
    let mut t = Tui::new(100, 30);
    let (challenge, lesson) = challenge_and_lesson(&t);
    t.press("<esc>2");
    select_entry(&mut t, CHALLENGE);
    t.press("r");
    assert_eq!(picker!(t).title, "Resolve with which lesson?");
    let rows = picker_rows(&t);
    assert_eq!(
        rows,
        [
            (
                String::new(),
                "(no lesson: just mark it resolved)".to_string()
            ),
            // Keyed by file: two entries may share an id.
            (
                lesson.to_string_lossy().into_owned(),
                "Start with a sponsor".to_string()
            ),
        ],
        "{}",
        t.screen()
    );
    t.press("<down><enter>");
    assert!(matches!(t.app.overlay, Overlay::None), "{}", t.screen());
    assert_eq!(
        t.app.message.as_deref(),
        Some("Resolved \"Sign-off for open data\"")
    );
    let c = read_entry(&challenge);
    assert_eq!(c.meta.status, Some(EntryStatus::Resolved));
    assert_eq!(c.meta.related, [LESSON]);
    let l = read_entry(&lesson);
    assert_eq!(l.meta.related, [CHALLENGE], "linked both ways");
    let hit = t.app.journal.hits.iter().find(|h| h.id == CHALLENGE);
    assert_eq!(
        hit.and_then(|h| h.status.as_deref()),
        Some("resolved"),
        "the list follows"
    );
    // The detail names the lesson it was resolved with, not only its id.
    select_entry(&mut t, CHALLENGE);
    let screen = t.screen();
    assert!(
        screen.contains(&format!("related  Start with a sponsor ({LESSON})")),
        "{screen}"
    );

    select_entry(&mut t, CHALLENGE);
    t.press("r");
    assert!(
        question(&t).contains("\"Sign-off for open data\" is resolved. Open it again?"),
        "{}",
        t.screen()
    );
    t.press("n");
    assert!(matches!(t.app.overlay, Overlay::None));
    assert_eq!(
        read_entry(&challenge).meta.status,
        Some(EntryStatus::Resolved)
    );
    t.press("ry");
    assert_eq!(
        t.app.message.as_deref(),
        Some("\"Sign-off for open data\" is open again")
    );
    let c = read_entry(&challenge);
    assert_eq!(c.meta.status, Some(EntryStatus::Open));
    assert_eq!(
        t.app
            .journal
            .hits
            .iter()
            .find(|h| h.id == CHALLENGE)
            .and_then(|h| h.status.as_deref()),
        Some("open")
    );
}

#[test]
fn r_and_the_first_row_resolve_a_challenge_without_a_lesson() {
    let mut t = Tui::new(100, 30);
    let (challenge, lesson) = challenge_and_lesson(&t);
    t.press("<esc>2");
    select_entry(&mut t, CHALLENGE);
    t.press("r<enter>");
    let c = read_entry(&challenge);
    assert_eq!(c.meta.status, Some(EntryStatus::Resolved));
    assert!(c.meta.related.is_empty(), "{:?}", c.meta.related);
    assert!(read_entry(&lesson).meta.related.is_empty());
}

#[test]
fn r_on_a_lesson_links_it_to_the_open_challenge_it_answers() {
    let mut t = Tui::new(100, 30);
    let (challenge, lesson) = challenge_and_lesson(&t);
    t.press("<esc>2");
    select_entry(&mut t, LESSON);
    t.press("r");
    assert_eq!(picker!(t).title, "Which challenge does this lesson answer?");
    assert_eq!(
        picker_rows(&t),
        [(
            challenge.to_string_lossy().into_owned(),
            "Sign-off for open data".to_string()
        )],
        "only open challenges, and no \"no lesson\" row"
    );
    t.press("<enter>");
    assert_eq!(
        t.app.message.as_deref(),
        Some("Resolved \"Sign-off for open data\"")
    );
    let c = read_entry(&challenge);
    assert_eq!(c.meta.status, Some(EntryStatus::Resolved));
    assert_eq!(c.meta.related, [LESSON]);
    assert_eq!(read_entry(&lesson).meta.related, [CHALLENGE]);
}

#[test]
fn r_on_a_lesson_with_no_open_challenge_says_so() {
    let mut t = Tui::new(100, 30);
    put_file(
        &t,
        "2026-01-20-sponsor.md",
        &entry_text(
            LESSON,
            "lesson",
            "Start with a sponsor",
            "2026-01-20T09:00:00Z",
            "",
            "Find one early.\n",
        ),
    );
    put_file(
        &t,
        "2026-01-10-done.md",
        &entry_text(
            CHALLENGE,
            "challenge",
            "Already done",
            "2026-01-10T09:00:00Z",
            "status = \"resolved\"\n",
            "",
        ),
    );
    t.press("<esc>2");
    select_entry(&mut t, LESSON);
    t.press("r");
    assert!(matches!(t.app.overlay, Overlay::None), "{}", t.screen());
    assert_eq!(
        t.app.message.as_deref(),
        Some("There is no open challenge to link this lesson to")
    );
    assert!(
        t.screen()
            .contains("There is no open challenge to link this lesson to"),
        "{}",
        t.screen()
    );
}

#[test]
fn r_on_a_validation_says_only_challenges_are_resolved() {
    let mut t = Tui::new(100, 30);
    write_entry(
        &t,
        Kind::Validation,
        "The minister liked it",
        "Good news.\n",
    );
    t.press("<esc>2r");
    assert!(matches!(t.app.overlay, Overlay::None), "{}", t.screen());
    assert_eq!(
        t.app.message.as_deref(),
        Some("Only challenges are resolved, and only lessons answer them")
    );
}

// ---- the Networks tab's linked entries ----

#[test]
fn the_networks_detail_shows_entries_written_after_the_start_as_the_selection_moves() {
    let mut t = Tui::new(100, 30);
    let second = t.app.results.hits[1].network.clone();
    assert_eq!(t.app.selected, 0);
    put_file(
        &t,
        "2026-02-01-by-hand.md",
        &entry_text(
            "hand000001",
            "lesson",
            "Written by hand",
            "2026-02-01T09:00:00Z",
            &format!("networks = [\"{}\"]\n", second.id),
            "From another machine.\n",
        ),
    );
    t.press("<esc>j");
    assert_eq!(t.selected_id(), second.id);
    assert_eq!(
        (t.app.linked.network.as_str(), t.app.linked.total),
        (second.id.as_str(), 1)
    );
    let screen = t.screen();
    assert!(screen.contains("Written by hand (lesson)"), "{screen}");
    assert!(screen.contains("1 lesson"), "{screen}");

    put_file(
        &t,
        "2026-02-02-second.md",
        &entry_text(
            "hand000002",
            "challenge",
            "Also by hand",
            "2026-02-02T09:00:00Z",
            &format!("status = \"open\"\nnetworks = [\"{}\"]\n", second.id),
            "",
        ),
    );
    assert!(
        !t.screen().contains("Also by hand"),
        "read on the next move"
    );
    t.press("kj");
    assert_eq!(t.app.linked.total, 2);
    let screen = t.screen();
    assert!(
        screen.contains("Written by hand (lesson)")
            && screen.contains("Also by hand (challenge, open)"),
        "{screen}"
    );
    assert!(screen.contains("1 open challenge"), "{screen}");
}

// ---- screens ----

#[test]
fn screen_with_the_new_entry_form() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2aApproval for a procurement pilot");
    insta::assert_snapshot!("new_entry_form_100x30", t.screen());
}

#[test]
fn screen_with_the_network_picker_over_the_form() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2aApproval for a procurement pilot<tab>procurement, pilots<tab>govcamp");
    assert_eq!(picker!(t).input.text(), "govcamp");
    insta::assert_snapshot!("network_picker_over_form_100x30", t.screen());
}

#[test]
fn screen_with_the_resolve_picker() {
    let mut t = Tui::new(100, 30);
    challenge_and_lesson(&t);
    put_file(
        &t,
        "2026-01-25-prototype.md",
        &entry_text(
            "less000002",
            "lesson",
            "Show a working prototype",
            "2026-01-25T09:00:00Z",
            "",
            "",
        ),
    );
    t.press("<esc>2");
    select_entry(&mut t, CHALLENGE);
    t.press("r");
    assert_eq!(picker_rows(&t).len(), 3);
    insta::assert_snapshot!("resolve_picker_100x30", t.screen());
}

// ---- sharing from the Journal tab ----

fn shared_files(t: &Tui) -> Vec<std::path::PathBuf> {
    let mut files: Vec<_> = std::fs::read_dir(t.paths.data.join("shared"))
        .map(|d| d.flatten().map(|e| e.path()).collect())
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn x_shares_chosen_entries_after_a_preview_and_no_private_text_leaves() {
    let mut t = Tui::new(100, 30);
    let lesson = t
        .lib
        .add_entry(cairn::library::NewEntry {
            kind: Kind::Lesson,
            title: "Pilot first".into(),
            tags: vec!["pilots".into()],
            networks: vec!["ukgovcamp".into()],
            body: "Start small. %%The CANARY director said no.%% Then scale.\n".into(),
            shareable: true,
            created: None,
            follow_up: None,
            stage: None,
            effort: None,
        })
        .unwrap()
        .entry
        .meta
        .id;
    write_entry(
        &t,
        Kind::Challenge,
        "Unmarked CANARY challenge",
        "Secret.\n",
    );
    t.press("<esc>2x");
    let screen = t.screen();
    assert!(screen.contains("1 of 3"), "{screen}");
    assert!(
        screen.contains("[x] lesson"),
        "shareable entries come chosen: {screen}"
    );
    assert!(screen.contains("[ ] challenge"), "others do not: {screen}");
    t.press("<enter>ukgovcamp<enter>");
    let screen = t.screen();
    assert!(screen.contains("3 of 3"), "{screen}");
    assert!(screen.contains("[private text removed]"), "{screen}");
    assert!(
        !screen.contains("CANARY"),
        "the preview shows what leaves: {screen}"
    );
    t.press("y");
    let files = shared_files(&t);
    assert_eq!(files.len(), 2, "Markdown and JSON: {files:?}");
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(!text.contains("CANARY"), "{}: {text}", f.display());
        assert!(text.contains("Pilot first"), "{}", f.display());
        if f.extension().is_some_and(|e| e == "json") {
            assert!(text.contains(&lesson), "the JSON names the lesson: {text}");
        }
    }
    assert!(
        t.app
            .message
            .as_deref()
            .unwrap_or("")
            .starts_with("Shared 1 entry")
    );
}

#[test]
fn what_y_writes_is_what_the_preview_showed_even_if_the_file_changed_meanwhile() {
    let mut t = Tui::new(100, 30);
    let path = put_file(
        &t,
        "2026-01-05-pilot.md",
        &entry_text(
            "less000009",
            "lesson",
            "Pilot first",
            "2026-01-05T09:00:00Z",
            "shareable = true\n",
            "Start small.\n",
        ),
    );
    t.press("<esc>2x<enter>ukgovcamp<enter>");
    assert!(t.screen().contains("Start small."), "{}", t.screen());
    // Another terminal adds a line the person never read.
    std::fs::write(
        &path,
        entry_text(
            "less000009",
            "lesson",
            "Pilot first",
            "2026-01-05T09:00:00Z",
            "shareable = true\n",
            "Start small.\nUNREAD line.\n",
        ),
    )
    .unwrap();
    t.press("y");
    assert!(shared_files(&t).is_empty(), "nothing unread leaves");
    let screen = t.screen();
    assert!(screen.contains("changed since this preview"), "{screen}");
    assert!(
        screen.contains("UNREAD line."),
        "the new text is shown: {screen}"
    );
    t.press("y");
    let files = shared_files(&t);
    assert_eq!(files.len(), 2, "{files:?}");
    assert!(
        std::fs::read_to_string(&files[0])
            .unwrap()
            .contains("UNREAD line.")
    );
}

#[test]
fn layouts_that_once_leaked_leave_nothing_private_through_the_share_flow() {
    let mut t = Tui::new(100, 30);
    let bodies = [
        "Note:%% the director CANARY hates risk%% Public.",
        "(%% CANARY %%) after",
        "My view:%%\nCANARY\n%%\nafter",
        "a:%%%CANARY%%%",
        "50%%%CANARY%%",
        "%%outer %%inner%% CANARY outer%% after",
    ];
    for (i, body) in bodies.iter().enumerate() {
        put_file(
            &t,
            &format!("2026-01-0{}-x.md", i + 1),
            &entry_text(
                &format!("leak00000{i}"),
                "lesson",
                &format!("Layout {i}"),
                "2026-01-05T09:00:00Z",
                "shareable = true\n",
                body,
            ),
        );
    }
    t.press("<esc>2x<enter>ukgovcamp<enter>");
    assert!(!t.screen().contains("CANARY"), "{}", t.screen());
    t.press("y");
    let files = shared_files(&t);
    assert_eq!(files.len(), 2, "{}", t.screen());
    for f in &files {
        let text = std::fs::read_to_string(f).unwrap();
        assert!(!text.contains("CANARY"), "{}: {text}", f.display());
        assert!(text.contains("Layout 5"), "{}", f.display());
    }
}

#[test]
fn sharing_an_entry_not_marked_shareable_needs_an_explicit_yes() {
    let mut t = Tui::new(100, 30);
    write_entry(&t, Kind::Lesson, "Unmarked lesson", "Text.\n");
    t.press("<esc>2x");
    t.press("<enter>");
    assert!(t.screen().contains("Choose at least one"), "{}", t.screen());
    t.press("<space><enter>ukgovcamp<enter><enter>");
    assert!(
        t.screen().contains("press y to share anyway"),
        "{}",
        t.screen()
    );
    assert!(shared_files(&t).is_empty(), "Enter alone writes nothing");
    t.press("<esc><esc>");
    assert!(matches!(t.app.overlay, Overlay::None));
    assert!(shared_files(&t).is_empty(), "backing out writes nothing");
    t.press("x<space><enter>ukgovcamp<enter>y");
    assert_eq!(shared_files(&t).len(), 2);
}

#[test]
fn p_finds_precedent_and_enter_keeps_a_peer_lesson_as_evidence() {
    let mut t = Tui::new(100, 30);
    // A peer's pack about procurement pilots, imported.
    let pack = serde_json::json!({
        "schema": "cairn.lessons/1",
        "network": "ukgovcamp",
        "exported": "2026-01-01T00:00:00Z",
        "lessons": [{
            "id": "peerpilot1", "kind": "lesson",
            "title": "A procurement pilot that got approved",
            "body": "We ran the pilot under an innovation procurement exemption.",
            "tags": ["procurement"], "created": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z", "language": "en",
            "licence": "CC-BY-4.0", "hash": ""
        }]
    });
    let file = t.paths.data.join("pack.json");
    std::fs::create_dir_all(&t.paths.data).unwrap();
    std::fs::write(&file, pack.to_string()).unwrap();
    t.lib.import_pack(file.to_str().unwrap()).unwrap();
    let id = write_entry(
        &t,
        Kind::Challenge,
        "Procurement rules block our pilot",
        "We cannot buy the pilot service.\n",
    );
    t.press("<esc>2p");
    let screen = t.screen();
    assert!(
        screen.contains("A procurement pilot that got approved"),
        "{screen}"
    );
    assert!(screen.contains("matched:"), "says why: {screen}");
    t.press("<enter>");
    let stored = t.lib.find_entry(&id).unwrap();
    assert_eq!(stored.entry.meta.evidence, ["peerpilot1"]);
    t.press("<esc>");
    assert!(t.screen().contains("evidence"), "{}", t.screen());
}

#[test]
fn shift_p_proposes_a_network_that_passes_validation() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>P<c-s>");
    assert!(
        t.screen().contains("needs a name and a summary"),
        "{}",
        t.screen()
    );
    t.press("Civic Design Circle<tab>Designers in local government meet monthly.<tab>https://example.org<tab>GB<tab>design<c-s>");
    let message = t.app.message.clone().unwrap_or_default();
    assert!(
        message.starts_with("Proposal for Civic Design Circle saved"),
        "{message}"
    );
    let json = t
        .paths
        .data
        .join("proposals")
        .join("civic-design-circle.json");
    let loaded = cairn::library::validate_file(&json).expect("the record reads");
    assert_eq!(loaded.error_count(), 0, "{:?}", loaded.problems);
    assert_eq!(loaded.networks[0].status.to_string(), "submitted");
    assert!(json.with_extension("md").exists());
}

#[test]
fn a_journal_search_says_how_many_peer_lessons_match_and_3_shows_them() {
    let mut t = Tui::new(100, 30);
    let pack = serde_json::json!({
        "schema": "cairn.lessons/1", "network": "ukgovcamp",
        "exported": "2026-01-01T00:00:00Z",
        "lessons": [{
            "id": "peerbudget", "kind": "lesson",
            "title": "Budgets for pilots \u{1b}[31mred\u{1b}[0m",
            "body": "Ask for the maintenance budget early.\u{7}",
            "tags": ["budget"], "created": "2026-01-01T00:00:00Z",
            "updated": "2026-01-01T00:00:00Z", "language": "en",
            "licence": "CC-BY-4.0", "hash": ""
        }]
    });
    let file = t.paths.data.join("pack.json");
    std::fs::create_dir_all(&t.paths.data).unwrap();
    std::fs::write(&file, pack.to_string()).unwrap();
    t.lib.import_pack(file.to_str().unwrap()).unwrap();
    write_entry(&t, Kind::Challenge, "Our pilot budget", "No budget yet.\n");
    t.press("<esc>2/budget ");
    assert!(t.screen().contains("1 peer lesson match"), "{}", t.screen());
    t.press("<esc>3");
    assert_eq!(t.app.lessons.query.text().trim(), "budget");
    let screen = t.screen();
    assert!(screen.contains("Budgets for pilots"), "{screen}");
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
        "escape sequences from a pack never reach the screen: {screen:?}"
    );
}

// ---- asking a network ----

#[test]
fn a_on_an_open_challenge_asks_its_network_and_sets_a_follow_up() {
    let mut t = Tui::new(100, 30);
    let (challenge, lesson) = challenge_and_lesson(&t);
    t.press("<esc>2");
    select_entry(&mut t, LESSON);
    t.press("A");
    let said = t.app.message.clone().unwrap_or_default();
    assert!(said.starts_with("Only an open challenge"), "{said}");
    assert!(read_entry(&lesson).meta.asked.is_empty());

    select_entry(&mut t, CHALLENGE);
    t.press("A");
    let said = t.app.message.clone().unwrap_or_default();
    assert!(
        said.contains("noted as asked in ukgovcamp, follow up on"),
        "{said}"
    );
    let c = read_entry(&challenge);
    assert_eq!(c.meta.asked.len(), 1, "{:?}", c.meta.asked);
    assert!(
        c.meta.asked[0].ends_with(" ukgovcamp"),
        "{:?}",
        c.meta.asked
    );
    let follow = c.meta.follow_up.expect("a follow-up");
    assert!(follow > c.meta.updated, "{follow} after {}", c.meta.updated);
    // The journal's own text is unchanged by asking.
    assert_eq!(c.body, "## What is in the way?\n\nLegal review.\n");
}

#[test]
fn a_follow_up_typed_in_the_form_is_saved_and_a_bad_one_is_explained() {
    let mut t = Tui::new(100, 30);
    t.press("<esc>2aAsk the board<tab><tab><tab>");
    assert_eq!(field(&t), "FollowUp");
    t.press("someday soon<c-s>");
    let error = form!(t).error.clone().unwrap_or_default();
    assert!(error.starts_with("Follow up:"), "{error}");
    assert!(journal_files(&t).is_empty());
    for _ in 0.."someday soon".len() {
        t.press("<bs>");
    }
    t.press("in 2 weeks<c-s>");
    assert!(matches!(t.app.overlay, Overlay::None), "{}", t.screen());
    let files = journal_files(&t);
    let entry = read_entry(&files[0]);
    let due = entry.meta.follow_up.expect("a follow-up");
    let days = (due - entry.meta.created).whole_days();
    assert_eq!(days, 14, "{due} from {}", entry.meta.created);

    // Changed in the form, the follow-up keeps its time when left alone.
    select_entry(&mut t, &entry.meta.id);
    t.press("e<c-s>");
    assert_eq!(read_entry(&files[0]).meta.follow_up, Some(due));
}

#[test]
fn escape_codes_in_a_hand_made_entry_are_never_drawn() {
    let mut t = Tui::new(100, 30);
    put_file(
        &t,
        "2026-01-10-hostile.md",
        &entry_text(
            "hostile001",
            "lesson",
            // TOML escapes: a raw control character is not valid TOML.
            "Title \\u001b]0;owned\\u0007here",
            "2026-01-10T09:00:00Z",
            "",
            "Body \u{1b}[2Jcleared \u{1b}]52;c;aGk=\u{7}text\n",
        ),
    );
    t.press("<esc>2");
    let hit = &t.app.journal.hits[0];
    assert_eq!(hit.title, "Title here", "{:?}", hit.title);
    let entry = t.app.journal.entry.as_ref().expect("the entry is shown");
    assert!(!entry.body.contains('\u{1b}'), "{:?}", entry.body);
    let screen = t.screen();
    assert!(
        !screen.contains('\u{1b}') && !screen.contains('\u{7}'),
        "{screen}"
    );
    assert!(screen.contains("Body cleared text"), "{screen}");
}
