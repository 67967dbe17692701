//! What works for networks at each stage: an organiser's lesson names the
//! stage the network is at and the effort behind it (front matter), the
//! two travel in packs under the author's signature, `stage:` finds them
//! among peer lessons, and a published site groups them on a "what works,
//! by stage" page.

#[allow(dead_code)]
mod common;

use std::fs;

use common::Dir;
use common::journal::{add, path_of};
use serde_json::Value;

const NETWORK: &str = "ukgovcamp";

/// An organiser's lesson at `stage` with `effort`, written by adding the
/// two fields to the entry's front matter, as a person would in an editor.
fn organiser_lesson(dir: &Dir, title: &str, stage: &str, effort: &str) -> String {
    let id = add(
        dir,
        &[
            "--kind",
            "lesson",
            "--title",
            title,
            "--network",
            NETWORK,
            "--shareable",
            "--body",
            "A monthly meetup with a standing agenda kept people coming.",
        ],
    );
    let path = path_of(dir, &id);
    let text = fs::read_to_string(&path).unwrap();
    let text = text.replacen(
        "shareable = true",
        &format!("shareable = true\nstage = \"{stage}\"\neffort = \"{effort}\""),
        1,
    );
    fs::write(&path, text).unwrap();
    id
}

#[test]
fn organisers_lessons_travel_with_their_stage_and_are_found_by_it() {
    let ana = Dir::new();
    let id = organiser_lesson(&ana, "Meet monthly, same agenda", "emerging", "volunteers");
    add(
        &ana,
        &[
            "--kind",
            "lesson",
            "--title",
            "Any other lesson",
            "--network",
            NETWORK,
            "--shareable",
            "--body",
            "x",
        ],
    );
    ana.cairn(&[
        "share",
        "--network",
        NETWORK,
        "--format",
        "json",
        "-o",
        "pack.json",
    ])
    .assert_ok();
    let pack: Value =
        serde_json::from_slice(&fs::read(ana.path().join("pack.json")).unwrap()).unwrap();
    let staged = pack["lessons"]
        .as_array()
        .unwrap()
        .iter()
        .find(|l| l["id"] == id.as_str())
        .unwrap();
    assert_eq!(staged["stage"], "emerging");
    assert_eq!(staged["effort"], "volunteers");

    let ben = Dir::new();
    ben.cairn(&["import", ana.path().join("pack.json").to_str().unwrap()])
        .assert_ok();
    let found = ben
        .cairn(&["lessons", "list", "--stage", "emerging", "--json"])
        .assert_ok()
        .json();
    let ids: Vec<&str> = found
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [id.as_str()]);
    let none = ben
        .cairn(&["lessons", "list", "--search", "stage:mature", "--json"])
        .assert_ok()
        .json();
    assert!(none.as_array().unwrap().is_empty());
    ben.cairn(&["lessons", "list", "--stage", "teenage"])
        .assert_fails()
        .stderr_has("emerging, established, mature");

    // The stage is signed: changing it breaks the signature.
    let mut forged = pack.clone();
    for l in forged["lessons"].as_array_mut().unwrap() {
        if l["id"] == id.as_str() {
            l["stage"] = Value::from("mature");
        }
    }
    let file = ben.create("forged.json", serde_json::to_vec(&forged).unwrap());
    let other = Dir::new();
    other
        .cairn(&["import", file.to_str().unwrap()])
        .assert_ok()
        .stderr_has("signature does not match");

    ana.cairn(&["publish", "--network", NETWORK, "pack.json", "-o", "site"])
        .assert_ok();
    let site = ana.path().join("site");
    let index = fs::read_to_string(site.join("index.html")).unwrap();
    assert!(
        index.contains("href=\"stages.html\""),
        "the index links the page"
    );
    let stages = fs::read_to_string(site.join("stages.html")).unwrap();
    let emerging = stages.find("<h2 id=\"emerging\">").unwrap();
    let established = stages.find("<h2 id=\"established\">").unwrap();
    let at = stages.find("Meet monthly, same agenda").unwrap();
    assert!(
        emerging < at && at < established,
        "listed under Emerging:\n{stages}"
    );
    assert!(stages.contains("run by volunteers"), "{stages}");
    assert!(
        !stages.contains("Any other lesson"),
        "only organisers' lessons"
    );
}

#[test]
fn an_organiser_writes_from_the_template_with_stage_and_effort() {
    let dir = Dir::new();
    let out = dir
        .cairn(&[
            "journal",
            "add",
            "--organiser",
            "--title",
            "Keeping volunteers",
            "--network",
            NETWORK,
            "--stage",
            "established",
            "--effort",
            "volunteers",
            "--body",
            "Rotate the hosts.",
        ])
        .assert_ok();
    let id = out.stdout.trim().to_string();
    let shown = dir
        .cairn(&["journal", "show", &id, "--json"])
        .assert_ok()
        .json();
    assert_eq!(
        shown["kind"], "lesson",
        "an organiser writes a lesson unless told"
    );
    assert_eq!(shown["stage"], "established");
    assert_eq!(shown["effort"], "volunteers");
    dir.cairn(&["journal", "add", "--stage", "teenage", "x"])
        .run()
        .stderr_has("emerging, established, mature");
}

#[cfg(unix)]
#[test]
fn the_organisers_template_asks_the_seeds_questions() {
    let dir = Dir::new();
    let editor = dir.script(
        "ed.sh",
        "cp \"$1\" \"$1.seen\"; echo 'Rotate the hosts.' >> \"$1\"",
    );
    let mut cmd = dir.cairn(&[
        "journal",
        "add",
        "--organiser",
        "--title",
        "What kept people",
        "--network",
        NETWORK,
    ]);
    cmd.env("EDITOR", &editor).env_remove("VISUAL");
    let _tty = cmd.stdin_terminal();
    cmd.assert_ok();
    let seen = common::journal::files_under(&dir.path().join("data/drafts"))
        .into_iter()
        .find(|p| p.to_string_lossy().ends_with(".seen"))
        .expect("the editor saw a draft");
    let template = fs::read_to_string(seen).unwrap();
    for question in [
        "What brought people in?",
        "What kept them coming back?",
        "at this stage",
    ] {
        assert!(template.contains(question), "{template}");
    }
}
