//! `cairn precedents`: peer lessons and networks like a challenge, found
//! by what the challenge says (not by the template's prompts or by words
//! of asking), each labelled by its kind and with reasons that carry
//! meaning. The real binary in a throwaway `CAIRN_HOME`.

#[allow(dead_code)]
mod common;

use common::Dir;
use serde_json::json;

fn pack() -> String {
    let lesson = |id: &str, kind: &str, title: &str, body: &str| {
        json!({
            "id": id, "kind": kind, "title": title, "body": body, "tags": [],
            "created": "2026-03-01T09:00:00Z", "updated": "2026-03-01T09:00:00Z",
            "language": "en", "licence": "CC-BY-4.0", "hash": "0"
        })
    };
    json!({
        "schema": "cairn.lessons/1", "network": "ukgovcamp",
        "exported": "2026-03-04T10:00:00Z", "generator": "cairn 0.1.0",
        "lessons": [
            lesson("proc-lesson", "lesson", "Procurement pilots need a sandbox",
                "Our procurement pilot got approval through a regulatory sandbox; it helps others."),
            lesson("proc-challenge", "challenge", "Stuck on procurement approval",
                "Procurement rules block our pilot; others say the sandbox helps."),
            lesson("unrelated", "lesson", "Gardening rota",
                "Tomatoes through the summer helps others."),
        ]
    })
    .to_string()
}

#[test]
fn precedents_are_labelled_by_kind_and_explained_by_words_that_carry_meaning() {
    let dir = Dir::new();
    let file = dir.create("pack.json", pack());
    dir.cairn(&["import", file.to_str().unwrap()]).assert_ok();
    // A challenge written into the template: its prompts are in every
    // challenge and must not count.
    let template = include_str!("../assets/templates/challenge.md");
    let body = template.replace(
        "## What is in the way?\n",
        "## What is in the way?\nProcurement approval for our pilot; a sandbox might help others through it.\n",
    );
    let id = dir
        .cairn(&[
            "journal",
            "add",
            "--kind",
            "challenge",
            "--title",
            "Procurement approval",
            "--body",
            &body,
        ])
        .assert_ok()
        .stdout
        .trim()
        .to_string();
    let found = dir.cairn(&["precedents", &id, "--json"]).assert_ok().json();
    let lessons = found["lessons"].as_array().unwrap();
    let ids: Vec<&str> = lessons
        .iter()
        .map(|l| l["lesson"]["id"].as_str().unwrap())
        .collect();
    assert!(
        ids.contains(&"proc-lesson") && ids.contains(&"proc-challenge"),
        "{found}"
    );
    assert_ne!(ids.first(), Some(&"unrelated"), "{found}");
    for l in lessons {
        for why in l["why"].as_array().unwrap() {
            let w = why.as_str().unwrap();
            for noise in ["through", "helps", "others", "anyone", "tried", "approval?"] {
                assert_ne!(w, noise, "{found}");
            }
        }
    }
    let text = dir.cairn(&["precedents", &id]).assert_ok().stdout;
    assert!(
        text.contains("challenge: Stuck on procurement approval"),
        "{text}"
    );
    assert!(
        text.contains("lesson: Procurement pilots need a sandbox"),
        "{text}"
    );
}
