//! Dates in peers' packs: read strictly on import (normalised or refused,
//! never compared as text), so a pack with mixed or bogus dates can never
//! crash `lessons list`, `lessons show` or the Peer lessons tab; a store
//! left by an older cairn with such dates still lists, `doctor` names the
//! bad lessons and `lessons rm` removes them. The real binary runs in a
//! throwaway `CAIRN_HOME`; the property test goes through `parse_pack`.

#[allow(dead_code)]
mod common;
#[allow(dead_code)]
mod tui_support;

use common::Dir;
use proptest::prelude::*;
use serde_json::{Value, json};

fn lesson(id: &str, updated: &str) -> Value {
    json!({
        "id": id, "kind": "lesson", "title": format!("Lesson {id}"), "body": "Text.",
        "tags": [], "created": "2026-03-01T09:00:00Z", "updated": updated,
        "language": "en", "licence": "CC-BY-4.0", "hash": "0"
    })
}

fn pack(lessons: Vec<Value>) -> String {
    json!({
        "schema": "cairn.lessons/1", "network": "ukgovcamp",
        "exported": "2026-03-04T10:00:00Z", "generator": "cairn 0.1.0",
        "lessons": lessons,
    })
    .to_string()
}

fn ids(dir: &Dir) -> Vec<String> {
    let out = dir.cairn(&["lessons", "list", "--json"]).assert_ok();
    out.json()
        .as_array()
        .unwrap_or_else(|| panic!("not an array\n{out}"))
        .iter()
        .map(|l| l["id"].as_str().unwrap().to_string())
        .collect()
}

/// The pack from the report: an offset, `Z`, no offset, a bare date, and
/// two that are not usable dates.
fn mixed_pack() -> String {
    pack(vec![
        lesson("tokyo", "2026-03-01T18:00:00+09:00"),
        lesson("zulu", "2026-03-01T10:00:00Z"),
        lesson("nooffset", "2026-03-01T12:00:00"),
        lesson("dateonly", "2026-03-02"),
        lesson("letters", "zzzz"),
        lesson("farfuture", "9999-12-31"),
    ])
}

#[test]
fn a_pack_with_mixed_date_formats_imports_sorts_by_moment_and_refuses_bogus_dates() {
    let dir = Dir::new();
    let file = dir.create("mixed.json", mixed_pack());
    let out = dir.cairn(&["import", file.to_str().unwrap()]).assert_ok();
    let said = format!("{}{}", out.stdout, out.stderr);
    assert!(said.contains("\"zzzz\" is not a date"), "{out}");
    assert!(said.contains("is in the future"), "{out}");
    assert!(said.contains("no time zone"), "{out}");
    // 18:00+09:00 is 09:00Z, before 10:00Z: newest first, by moment.
    assert_eq!(ids(&dir), ["dateonly", "nooffset", "zulu", "tokyo"]);
    dir.cairn(&["lessons", "list"]).assert_ok();
    let shown = dir
        .cairn(&["lessons", "show", "tokyo", "--json"])
        .assert_ok();
    assert_eq!(shown.json()["updated"], "2026-03-01T18:00:00+09:00");
    let shown = dir
        .cairn(&["lessons", "show", "nooffset", "--json"])
        .assert_ok();
    assert_eq!(shown.json()["updated"], "2026-03-01T12:00:00Z");
}

#[test]
fn a_later_bogus_date_cannot_replace_a_real_lesson() {
    let dir = Dir::new();
    let real = dir.create(
        "real.json",
        pack(vec![lesson("same", "2026-03-01T10:00:00Z")]),
    );
    dir.cairn(&["import", real.to_str().unwrap()]).assert_ok();
    let mut bogus = lesson("same", "zzzz");
    bogus["body"] = json!("Replaced.");
    let bogus = dir.create("bogus.json", pack(vec![bogus]));
    dir.cairn(&["import", bogus.to_str().unwrap()]).assert_ok();
    let shown = dir
        .cairn(&["lessons", "show", "same", "--json"])
        .assert_ok();
    assert_eq!(shown.json()["body"], "Text.");
}

/// A store as an older cairn left it, dates unchecked.
fn old_store(dir: &Dir) {
    let mut lessons = Vec::new();
    for (id, updated) in [
        ("good", "2026-03-01T10:00:00Z"),
        ("tokyo", "2026-03-01T18:00:00+09:00"),
        ("letters", "zzzz"),
        ("bare", "2026-03-01T12:00:00"),
        ("future", "9999-12-31"),
    ] {
        let mut l = lesson(id, updated);
        l["network"] = json!("ukgovcamp");
        l["from"] = json!(format!("/packs/{id}.json"));
        l["imported"] = json!("2026-03-05T10:00:00Z");
        lessons.push(l);
    }
    dir.create(
        "data/peers/lessons.json",
        json!({ "lessons": lessons }).to_string(),
    );
}

#[test]
fn an_old_store_with_bad_dates_lists_and_doctor_and_rm_mend_it() {
    let dir = Dir::new();
    old_store(&dir);
    let listed = ids(&dir);
    assert_eq!(listed.len(), 5);
    assert_eq!(&listed[..2], ["good", "tokyo"], "real moments first");
    dir.cairn(&["lessons", "show", "letters"]).assert_ok();
    let doctor = dir.cairn(&["doctor"]).run();
    let said = format!("{}{}", doctor.stdout, doctor.stderr);
    assert!(said.contains("cairn lessons rm letters"), "{doctor}");
    assert!(said.contains("cairn lessons rm bare"), "{doctor}");
    assert!(!said.contains("cairn lessons rm good"), "{doctor}");
    dir.cairn(&["lessons", "rm", "letters", "bare"])
        .assert_ok()
        .stdout_has("2 peer lessons removed");
    dir.cairn(&["lessons", "rm", "--from", "/packs/future.json"])
        .assert_ok()
        .stdout_has("1 peer lesson removed");
    assert_eq!(ids(&dir), ["good", "tokyo"]);
    let doctor = dir.cairn(&["doctor"]).run();
    assert!(!doctor.stdout.contains("lessons rm"), "{doctor}");
    dir.cairn(&["lessons", "rm", "nosuch"])
        .assert_fails()
        .stderr_has("no peer lesson");
}

#[test]
fn the_peer_lessons_tab_opens_over_an_old_store_with_bad_dates() {
    let mut t = tui_support::Tui::new(100, 30);
    let store = t.paths.data.join("peers");
    std::fs::create_dir_all(&store).unwrap();
    let dir = Dir::new();
    old_store(&dir);
    std::fs::copy(
        dir.path().join("data/peers/lessons.json"),
        store.join("lessons.json"),
    )
    .unwrap();
    t.press("<esc>3");
    let screen = t.screen();
    assert!(screen.contains("Lesson good"), "{screen}");
    assert!(screen.contains("Lesson letters"), "{screen}");
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// Whatever a pack says its dates are, what is kept is a real moment
    /// no later than a day from now, and the lessons sort without panic.
    #[test]
    fn any_date_text_is_kept_as_a_moment_or_refused(
        dates in proptest::collection::vec(
            prop_oneof![
                any::<String>(),
                "[0-9]{4}-[0-9]{2}-[0-9]{2}(T[0-9]{2}:[0-9]{2}:[0-9]{2}(\\.[0-9]{1,9})?([zZ]|[+-][0-9]{2}:[0-9]{2})?)?",
            ],
            1..8,
        ),
    ) {
        let lessons = dates
            .iter()
            .enumerate()
            .map(|(i, d)| lesson(&format!("l{i}"), d))
            .collect();
        let text = pack(lessons);
        let (parsed, _) = cairn::share::parse_pack(text.as_bytes(), "p.json", 1 << 20).unwrap();
        let limit = time::OffsetDateTime::now_utc() + time::Duration::days(2);
        let mut moments = Vec::new();
        for l in &parsed.lessons {
            let m = cairn::model::moment(&l.updated);
            prop_assert!(m.is_some_and(|m| m < limit), "{:?}", l.updated);
            prop_assert!(cairn::model::moment(&l.created).is_some(), "{:?}", l.created);
            moments.push(m);
        }
        moments.sort();
    }
}
