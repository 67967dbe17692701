//! Signed lesson packs, end to end through the real binary: every lesson a
//! person shares is signed with their own key (made on first share, kept
//! private, never in a pack); importing checks each signature, keys a
//! lesson by its signer and id so no pack can replace another author's
//! lesson, never lets an unsigned copy replace a signed lesson, and does
//! not turn the person's own lessons into peers'; `cairn trust` names the
//! keys a person knows. A property test signs random lessons and checks
//! that any change to any signed field breaks the signature.

#[allow(dead_code)]
mod common;
#[allow(dead_code)]
#[path = "common/server.rs"]
mod server;

use std::fs;
use std::path::{Path, PathBuf};

use cairn::model::{Kind, PackLesson, SignatureError};
use common::Dir;
use common::journal::{add, path_of};
use proptest::prelude::*;
use serde_json::Value;

const NETWORK: &str = "ukgovcamp";

/// A shareable lesson about the network; returns its id.
fn lesson(dir: &Dir, title: &str, body: &str) -> String {
    add(
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
            body,
        ],
    )
}

/// `share --format json -o NAME` in `dir`; returns the pack's path.
fn share(dir: &Dir, name: &str) -> PathBuf {
    dir.cairn(&[
        "share",
        "--network",
        NETWORK,
        "--format",
        "json",
        "-o",
        name,
    ])
    .assert_ok();
    dir.path().join(name)
}

fn json(path: &Path) -> Value {
    serde_json::from_slice(&fs::read(path).unwrap()).unwrap()
}

fn write_json(path: &Path, value: &Value) {
    fs::write(path, serde_json::to_vec_pretty(value).unwrap()).unwrap();
}

/// The ids `lessons list --json` prints, with each lesson's signer.
fn listed(dir: &Dir) -> Vec<(String, Option<String>)> {
    let out = dir.cairn(&["lessons", "list", "--json"]).assert_ok();
    out.json()
        .as_array()
        .unwrap()
        .iter()
        .map(|l| {
            (
                l["id"].as_str().unwrap().to_string(),
                l["signer"].as_str().map(String::from),
            )
        })
        .collect()
}

/// The person's own fingerprint, from `trust list --json`.
fn own_fingerprint(dir: &Dir) -> String {
    dir.cairn(&["trust", "list", "--json"]).assert_ok().json()["own"]
        .as_str()
        .unwrap()
        .to_string()
}

#[test]
fn a_shared_pack_is_signed_and_a_reader_sees_who_signed_it() {
    let ana = Dir::new();
    let id = lesson(&ana, "Small pilots win approval", "Start with one team.");
    let pack = share(&ana, "pack.json");
    let lessons = json(&pack)["lessons"].clone();
    let signer = lessons[0]["signer"].as_str().expect("a signer key");
    let signature = lessons[0]["signature"].as_str().expect("a signature");
    assert_eq!(signer.len(), 64, "{signer}");
    assert_eq!(signature.len(), 128, "{signature}");

    // The secret key is the owner's alone and never leaves in a pack.
    let key_file = ana.path().join("data/keys/signing.key");
    let secret = fs::read_to_string(&key_file).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = fs::metadata(&key_file).unwrap().permissions().mode();
        assert_eq!(mode & 0o077, 0, "the key is readable by others: {mode:o}");
    }
    ana.cairn(&[
        "share",
        "--network",
        NETWORK,
        "--format",
        "md",
        "-o",
        "pack.md",
    ])
    .assert_ok();
    for file in ["pack.json", "pack.md"] {
        let text = fs::read_to_string(ana.path().join(file)).unwrap();
        assert!(!text.contains(secret.trim()), "{file} holds the secret key");
    }

    let ben = Dir::new();
    ben.cairn(&["import", pack.to_str().unwrap()]).assert_ok();
    let print = own_fingerprint(&ana);
    let shown = ben.cairn(&["lessons", "show", &id]).assert_ok();
    shown.stdout_has(&format!(
        "signed by key {print} (not one you marked as known"
    ));
    ben.cairn(&["trust", "add", &print, "Ana", "Silva"])
        .assert_ok();
    ben.cairn(&["lessons", "show", &id])
        .assert_ok()
        .stdout_has(&format!("signed by key {print} (known: Ana Silva)"));
    let listed = ben.cairn(&["trust", "list"]).assert_ok();
    listed.stdout_has(&format!("{print}  Ana Silva"));
    let json = ben
        .cairn(&["lessons", "show", &id, "--json"])
        .assert_ok()
        .json();
    assert_eq!(json["signed_by"]["known_as"], "Ana Silva");
    ben.cairn(&["trust", "rm", &print]).assert_ok();
    ben.cairn(&["trust", "rm", &print])
        .assert_fails()
        .stderr_has("not one you marked as known");
    ben.cairn(&["trust", "add", "xyz", "Someone"])
        .assert_fails()
        .stderr_has("16 hexadecimal digits");
}

#[test]
fn a_lesson_changed_after_signing_is_refused_with_why() {
    let ana = Dir::new();
    lesson(&ana, "Small pilots win approval", "Start with one team.");
    lesson(&ana, "Name a sponsor", "Someone senior.");
    let pack = share(&ana, "pack.json");
    let mut forged = json(&pack);
    forged["lessons"][0]["body"] = Value::from("Skip the sponsor entirely.");
    write_json(&pack, &forged);

    let ben = Dir::new();
    let out = ben.cairn(&["import", pack.to_str().unwrap()]).assert_ok();
    out.stderr_has("signature does not match its text");
    assert_eq!(listed(&ben).len(), 1, "only the untouched lesson arrives");
}

#[test]
fn no_pack_can_replace_another_authors_lesson() {
    let ana = Dir::new();
    let id = lesson(&ana, "Small pilots win approval", "Start with one team.");
    let anas = share(&ana, "pack.json");

    // Carl makes a lesson with Ana's id (a copy of her entry file, changed)
    // and shares it signed with his own key, dated later.
    let carl = Dir::new();
    lesson(&carl, "Carl's first", "x");
    let file = path_of(&ana, &id);
    let text = fs::read_to_string(&file)
        .unwrap()
        .replace("Start with one team.", "Skip the pilot.")
        .replace("Small pilots win approval", "Pilots are a waste");
    let carl_file = carl.path().join("data/journal/2026/replay.md");
    fs::create_dir_all(carl_file.parent().unwrap()).unwrap();
    fs::write(&carl_file, text).unwrap();
    carl.cairn(&[
        "share",
        "--network",
        NETWORK,
        "--entry",
        &id,
        "--format",
        "json",
        "-o",
        "carl.json",
        "--yes",
    ])
    .assert_ok();
    let carls = carl.path().join("carl.json");
    assert_ne!(
        json(&carls)["lessons"][0]["signer"],
        json(&anas)["lessons"][0]["signer"]
    );

    let ben = Dir::new();
    ben.cairn(&["import", anas.to_str().unwrap()]).assert_ok();
    ben.cairn(&["import", carls.to_str().unwrap()]).assert_ok();
    let lessons = listed(&ben);
    assert_eq!(
        lessons.len(),
        2,
        "both authors' lessons are kept: {lessons:?}"
    );
    let store = fs::read_to_string(ben.path().join("data/peers/lessons.json")).unwrap();
    assert!(
        store.contains("Small pilots win approval"),
        "Ana's lesson was replaced"
    );

    // The same lesson with its signature stripped, dated later: refused.
    let mut unsigned = json(&anas);
    let l = &mut unsigned["lessons"][0];
    l.as_object_mut().unwrap().remove("signer");
    l.as_object_mut().unwrap().remove("signature");
    l["title"] = Value::from("Pilots are a waste");
    l["updated"] = Value::from("2026-12-01T00:00:00Z");
    let stripped = ben.path().join("stripped.json");
    write_json(&stripped, &unsigned);
    ben.cairn(&["import", stripped.to_str().unwrap()])
        .assert_ok()
        .stderr_has("unsigned and a signed lesson with its id is already imported");
    let store = fs::read_to_string(ben.path().join("data/peers/lessons.json")).unwrap();
    assert!(
        !store.contains("Pilots are a waste\",\"body\":\"Start"),
        "{store}"
    );
    assert_eq!(listed(&ben).len(), 2);
}

#[test]
fn your_own_pack_does_not_come_back_as_peer_lessons() {
    let ana = Dir::new();
    lesson(&ana, "Small pilots win approval", "Start with one team.");
    let pack = share(&ana, "pack.json");
    ana.cairn(&["import", pack.to_str().unwrap()])
        .assert_ok()
        .stderr_has("signed by your own key");
    assert!(listed(&ana).is_empty());
}

#[test]
fn publishing_keeps_every_signature_and_readers_can_check_them() {
    let ana = Dir::new();
    let id = lesson(&ana, "Small pilots win approval", "Start with one team.");
    let pack = share(&ana, "pack.json");
    ana.cairn(&["publish", "--network", NETWORK, "pack.json", "-o", "site"])
        .assert_ok();
    let site = ana.path().join("site/lessons.json");
    assert_eq!(
        json(&site)["lessons"][0]["signature"],
        json(&pack)["lessons"][0]["signature"]
    );
    let page = fs::read_dir(ana.path().join("site/lessons"))
        .unwrap()
        .map(|e| fs::read_to_string(e.unwrap().path()).unwrap())
        .find(|p| p.contains("Small pilots"))
        .unwrap();
    assert!(
        page.contains(&own_fingerprint(&ana)),
        "the page names the key"
    );

    let ben = Dir::new();
    ben.cairn(&["import", site.to_str().unwrap()]).assert_ok();
    ben.cairn(&["lessons", "show", &id])
        .assert_ok()
        .stdout_has(&format!("signed by key {}", own_fingerprint(&ana)));
}

#[test]
fn a_broken_key_file_stops_sharing_with_why_and_is_left_alone() {
    let ana = Dir::new();
    lesson(&ana, "Small pilots win approval", "Start with one team.");
    let key = ana.path().join("data/keys/signing.key");
    fs::create_dir_all(key.parent().unwrap()).unwrap();
    fs::write(&key, "garbage").unwrap();
    ana.cairn(&[
        "share",
        "--network",
        NETWORK,
        "--format",
        "json",
        "-o",
        "pack.json",
    ])
    .assert_fails()
    .stderr_has("not a cairn signing key");
    assert!(!ana.path().join("pack.json").exists());
    assert_eq!(fs::read_to_string(&key).unwrap(), "garbage");
}

/// As people would use it: two people share signed packs with a network,
/// the network publishes them as a site served on 127.0.0.1, and a reader
/// syncs it through the network's `lessons_url` while another imports it
/// by address. Lessons arrive with their signers; a lesson forged on the
/// server and an unsigned copy replaying another author's id are refused.
#[test]
fn lessons_travel_signed_from_two_authors_through_a_published_site() {
    let ana = Dir::new();
    let ana_id = lesson(&ana, "Small pilots win approval", "Start with one team.");
    let ana_pack = share(&ana, "pack.json");
    let ben = Dir::new();
    let ben_id = lesson(&ben, "Name a sponsor early", "Someone senior who answers.");
    let ben_pack = share(&ben, "pack.json");

    let network = Dir::new();
    network
        .cairn(&[
            "publish",
            "--network",
            NETWORK,
            ana_pack.to_str().unwrap(),
            ben_pack.to_str().unwrap(),
            "-o",
            "site",
        ])
        .assert_ok()
        .stdout_has("Published 2 lessons from 2 packs");
    let site = network.path().join("site");
    // On the server, someone forges Ana's lesson and replays Ben's id
    // without a signature.
    let mut served = json(&site.join("lessons.json"));
    let lessons = served["lessons"].as_array_mut().unwrap();
    let mut replay = lessons
        .iter()
        .find(|l| l["id"] == ben_id.as_str())
        .unwrap()
        .clone();
    replay.as_object_mut().unwrap().remove("signer");
    replay.as_object_mut().unwrap().remove("signature");
    replay["title"] = Value::from("Sponsors do not matter");
    replay["updated"] = Value::from("2026-12-01T00:00:00Z");
    lessons.push(replay);
    for l in lessons.iter_mut() {
        if l["id"] == ana_id.as_str() {
            l["body"] = Value::from("Skip the pilot.");
        }
    }
    let served = serde_json::to_vec(&served).unwrap();
    let feed = fs::read(site.join("feed.xml")).unwrap();
    let server = server::Server::start(move |req| match req.path.as_str() {
        "/lessons.json" => server::Reply::ok(served.clone()),
        "/feed.xml" => server::Reply::ok(feed.clone()),
        _ => server::Reply::status(404),
    });

    // The reader's catalogue names the network's lessons_url.
    let reader = Dir::new();
    let mut record = reader
        .cairn(&["show", NETWORK, "--json"])
        .assert_ok()
        .json();
    record["lessons_url"] = Value::from(server.url("/lessons.json"));
    for key in ["from", "origin", "yours", "linked"] {
        record.as_object_mut().unwrap().remove(key);
    }
    let catalogue = reader.create(
        "network.json",
        serde_json::to_vec(&serde_json::json!({
            "schema": "cairn.catalogue/1",
            "networks": [record],
        }))
        .unwrap(),
    );
    reader
        .cairn(&["sources", "add", "network", catalogue.to_str().unwrap()])
        .assert_ok();
    reader.cairn(&["sync"]).assert_ok();
    let got = listed(&reader);
    let ids: Vec<&str> = got.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(
        ids,
        [ben_id.as_str()],
        "only Ben's untouched lesson: {got:?}"
    );
    assert_eq!(
        got[0].1.as_deref(),
        json(&ben_pack)["lessons"][0]["signer"].as_str()
    );
    reader
        .cairn(&["lessons", "show", &ben_id])
        .assert_ok()
        .stdout_has(&format!("signed by key {}", own_fingerprint(&ben)))
        .stdout_has("Name a sponsor early");

    let other = Dir::new();
    let out = other
        .cairn(&["import", &server.url("/lessons.json")])
        .assert_ok();
    out.stderr_has("signature does not match its text");
    out.stderr_has("unsigned and a signed lesson with its id is already imported");
    assert_eq!(listed(&other).len(), 1);
}

fn text() -> impl Strategy<Value = String> {
    proptest::string::string_regex("[a-zA-Z0-9 %*_\\n€é]{0,40}").unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    /// A signed lesson verifies, through JSON and back; changing any field
    /// the signature covers breaks it, and so does another key's name on it.
    #[test]
    fn any_change_to_a_signed_lesson_breaks_its_signature(
        title in text(), body in text(), tag in text(), which in 0usize..8, seed in any::<[u8; 32]>(),
    ) {
        let key = ed25519_dalek::SigningKey::from_bytes(&seed);
        let mut l = PackLesson {
            id: "k7d2".into(),
            kind: Kind::Lesson,
            title,
            body,
            tags: vec![tag],
            created: "2026-01-02T09:00:00Z".into(),
            updated: "2026-01-03T09:00:00Z".into(),
            language: "en".into(),
            licence: "CC-BY-4.0".into(),
            stage: None,
            effort: None,
            hash: String::new(),
            signer: None,
            signature: None,
        };
        l.hash = l.digest();
        l.sign(&key);
        let back: PackLesson = serde_json::from_str(&serde_json::to_string(&l).unwrap()).unwrap();
        prop_assert!(back.verify().unwrap().is_some());
        let mut changed = back.clone();
        match which {
            0 => changed.id.push('x'),
            1 => changed.kind = Kind::Challenge,
            2 => changed.title.push('.'),
            3 => changed.body.push('.'),
            4 => changed.tags.push("more".into()),
            5 => changed.updated = "2026-01-04T09:00:00Z".into(),
            6 => changed.licence = "CC0-1.0".into(),
            _ => {
                let other = ed25519_dalek::SigningKey::from_bytes(&[seed[0].wrapping_add(1); 32]);
                let hex: String = other.verifying_key().as_bytes().iter().map(|b| format!("{b:02x}")).collect();
                changed.signer = Some(hex);
            }
        }
        prop_assert_eq!(changed.verify(), Err(SignatureError::Mismatch));
    }
}
