//! `cairn sources add|list|remove` and `cairn sync`: the real binary in a
//! temporary `CAIRN_HOME`, against real servers on 127.0.0.1 (never the
//! internet) and real files. Every fault ends in exit status 1, a message
//! naming the source and the reason, and the previous good copy still in
//! use; a sync killed at any moment leaves a working catalogue behind.

#[allow(dead_code)]
mod common;
#[path = "common/server.rs"]
mod server;

use std::fs;
use std::io::{Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use common::{Dir, Outcome};
use flate2::Compression;
use flate2::write::GzEncoder;
use serde_json::{Value, json};
use server::{Reply, Request, Server};

const DAY: u64 = 24 * 60 * 60;
const ALPHA: &str = "sync-test-alpha";
const ALPHA_NAME: &str = "Alpha Sync Circle";
const UKGOVCAMP_FROM_SOURCE: &str = "UKGovCamp as the source tells it";

// ---------------------------------------------------------------------------
// Catalogues

/// One network record as a source would publish it, with nothing for
/// validation to warn about.
fn net(id: &str, name: &str, summary: &str) -> Value {
    json!({
        "id": id,
        "name": name,
        "summary": summary,
        "regions": ["GB"],
        "topics": ["digital"],
        "sources": [format!("https://example.org/{id}")],
    })
}

/// A catalogue document holding `networks`.
fn catalogue(networks: &[Value]) -> Vec<u8> {
    serde_json::to_vec_pretty(&json!({ "schema": "cairn.catalogue/1", "networks": networks }))
        .expect("a catalogue serialises")
}

/// The first catalogue most tests sync: one network of its own and one
/// that overrides a bundled network.
fn v1() -> Vec<u8> {
    catalogue(&[
        net(
            ALPHA,
            ALPHA_NAME,
            "Quokkaflux practitioners swap notes on syncing catalogues.",
        ),
        net(
            "ukgovcamp",
            UKGOVCAMP_FROM_SOURCE,
            "The source's own account of the unconference.",
        ),
    ])
}

fn json_reply(body: &[u8]) -> Reply {
    Reply::ok(body.to_vec()).header("Content-Type", "application/json")
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}

// ---------------------------------------------------------------------------
// A server whose answers the test changes as it goes

type Script = Arc<dyn Fn(&Request) -> Reply + Send + Sync>;

/// A loopback server answering with whatever the test last scripted.
struct Scripted {
    server: Server,
    script: Arc<Mutex<Script>>,
}

impl Scripted {
    fn new(answer: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Scripted {
        let script: Arc<Mutex<Script>> = Arc::new(Mutex::new(Arc::new(answer)));
        let current = Arc::clone(&script);
        let server = Server::start(move |req| {
            let answer = Arc::clone(&current.lock().unwrap());
            answer(req)
        });
        Scripted { server, script }
    }

    /// Serves `body` as JSON to every request.
    fn serving(body: Vec<u8>) -> Scripted {
        Scripted::new(move |_| json_reply(&body))
    }

    /// From now on, answers with `answer`.
    fn then(&self, answer: impl Fn(&Request) -> Reply + Send + Sync + 'static) {
        *self.script.lock().unwrap() = Arc::new(answer);
    }

    fn then_serve(&self, body: Vec<u8>) {
        self.then(move |_| json_reply(&body));
    }

    fn url(&self, path: &str) -> String {
        self.server.url(path)
    }

    fn requests(&self) -> Vec<Request> {
        self.server.requests()
    }
}

// ---------------------------------------------------------------------------
// CAIRN_HOME helpers

/// A `CAIRN_HOME` whose `[sync]` limits are short, so no fault takes long;
/// `overrides` replace or add `[sync]` settings.
fn home_with(overrides: &[(&str, u64)]) -> Dir {
    let mut limits: Vec<(&str, u64)> = vec![("connect_timeout_secs", 2), ("timeout_secs", 10)];
    for &(key, value) in overrides {
        match limits.iter_mut().find(|(k, _)| *k == key) {
            Some(limit) => limit.1 = value,
            None => limits.push((key, value)),
        }
    }
    let mut text = String::from("# written by the test\n[sync]\n");
    for (key, value) in limits {
        text.push_str(&format!("{key} = {value}\n"));
    }
    let dir = Dir::new();
    dir.create("config/config.toml", text);
    dir
}

fn home() -> Dir {
    home_with(&[])
}

#[track_caller]
fn add_source(dir: &Dir, name: &str, location: &str) {
    dir.cairn(&["sources", "add", name, location])
        .assert_ok()
        .stderr_has(&format!("Added source \"{name}\" ({location})"));
}

/// The one line of `out` that starts with `start`.
#[track_caller]
fn line<'a>(out: &'a Outcome, start: &str) -> &'a str {
    out.stdout
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line starts with {start:?}\n{out}"))
}

/// The first line of stderr that starts with `start`: where a failed
/// source is reported.
#[track_caller]
fn err_line<'a>(out: &'a Outcome, start: &str) -> &'a str {
    let line = out
        .stderr
        .lines()
        .find(|l| l.starts_with(start))
        .unwrap_or_else(|| panic!("no line of stderr starts with {start:?}\n{out}"));
    assert!(
        !out.stdout.lines().any(|l| l.starts_with(start)),
        "the failure is said on stderr only\n{out}"
    );
    line
}

/// `show ID` (which must succeed) and its `from` row.
#[track_caller]
fn shown_from(dir: &Dir, id: &str) -> String {
    let out = dir.cairn(&["show", id]).assert_ok();
    line(&out, "from ")["from ".len()..].trim().to_string()
}

/// The record `show ID --json` prints, which must exist.
#[track_caller]
fn record(dir: &Dir, id: &str) -> Value {
    dir.cairn(&["show", id, "--json"]).assert_ok().json()
}

#[track_caller]
fn shown_name(dir: &Dir, id: &str) -> String {
    record(dir, id)["name"]
        .as_str()
        .expect("a record has a name")
        .to_string()
}

/// `show ID` fails: the network is not in the catalogue.
#[track_caller]
fn is_gone(dir: &Dir, id: &str) {
    dir.cairn(&["show", id])
        .assert_fails()
        .stderr_has(&format!("no network has the id \"{id}\""));
}

/// The ids a `search --json` found.
#[track_caller]
fn search_ids(dir: &Dir, query: &str) -> Vec<String> {
    let out = dir.cairn(&["search", query, "--json"]).assert_ok();
    out.json()["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results\n{out}"))
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect()
}

fn source_dir(dir: &Dir, name: &str) -> PathBuf {
    dir.path().join("data/sources").join(name)
}

fn read_state(dir: &Dir, name: &str) -> Value {
    let path = source_dir(dir, name).join("state.json");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap()
}

/// The networks of the copy `state.json` names as current.
fn current_copy(dir: &Dir, name: &str) -> Vec<Value> {
    let state = read_state(dir, name);
    let digest = state["copy"].as_str().expect("state names a copy");
    let path = source_dir(dir, name).join(format!("catalogue-{digest}.json"));
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).unwrap();
    doc["networks"].as_array().unwrap().clone()
}

fn now_secs() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs()
}

/// Makes the last sync of source `name` look `secs` older, as if the
/// copy had been in use that long.
fn backdate(dir: &Dir, name: &str, secs: u64) {
    let mut state = read_state(dir, name);
    let then = now_secs() - secs;
    for key in ["last_attempt", "last_success", "last_change"] {
        state[key] = json!(then);
    }
    fs::write(
        source_dir(dir, name).join("state.json"),
        serde_json::to_vec_pretty(&state).unwrap(),
    )
    .unwrap();
}

/// The two lines `sources list` prints for source `name`.
#[track_caller]
fn listed(dir: &Dir, name: &str) -> (String, String) {
    let out = dir.cairn(&["sources", "list"]).assert_ok();
    let mut lines = out.stdout.lines();
    let head = lines
        .by_ref()
        .find(|l| l.starts_with(&format!("{name}  ")))
        .unwrap_or_else(|| panic!("source {name} is not listed\n{out}"))
        .to_string();
    let state = lines.next().unwrap_or_default().trim().to_string();
    (head, state)
}

// ---------------------------------------------------------------------------
// A first good sync, then a fault

/// A source "test" synced once from a healthy server, its copy made to
/// look three days old.
struct Synced {
    dir: Dir,
    source: Scripted,
    url: String,
}

fn synced_once(limits: &[(&str, u64)], path: &str) -> Synced {
    let source = Scripted::serving(v1());
    let dir = home_with(limits);
    let url = source.url(path);
    add_source(&dir, "test", &url);
    dir.cairn(&["sync"]).assert_ok().stdout_has("test: 2 added");
    backdate(&dir, "test", 3 * DAY);
    Synced { dir, source, url }
}

/// `cairn sync` fails with a message naming the source and `reason`, and
/// the copy from the first sync is still what cairn shows. Returns the
/// reason as printed.
#[track_caller]
fn fails_keeping_the_copy(dir: &Dir, url: &str, reason: &str) -> String {
    let out = dir.cairn(&["sync"]).assert_fails();
    let failed = err_line(&out, "test: FAILED: ");
    assert!(
        failed.contains(url),
        "{failed:?} does not name {url}\n{out}"
    );
    assert!(
        failed.contains(reason),
        "{failed:?} does not say {reason:?}\n{out}"
    );
    let printed = failed["test: FAILED: ".len()..].to_string();
    assert_eq!(shown_from(dir, ALPHA), "source \"test\"");
    assert_eq!(shown_name(dir, ALPHA), ALPHA_NAME);
    assert_eq!(shown_name(dir, "ukgovcamp"), UKGOVCAMP_FROM_SOURCE);
    assert_eq!(search_ids(dir, "quokkaflux"), [ALPHA]);
    let (head, state) = listed(dir, "test");
    assert_eq!(head, format!("test  {url}"));
    assert_eq!(
        state,
        format!("FAILED just now: {printed}; using the copy from 3 days ago")
    );
    assert_eq!(current_copy(dir, "test").len(), 2);
    printed
}

// ---------------------------------------------------------------------------
// 1–3: adding a source and syncing it

#[test]
fn a_synced_source_adds_its_networks_and_overrides_bundled_ones() {
    let source = Scripted::serving(v1());
    let dir = home();
    let url = source.url("/catalogue.json");
    assert_eq!(shown_from(&dir, "ukgovcamp"), "bundled catalogue");
    dir.cairn(&["sources", "add", "test", &url])
        .assert_ok()
        .stderr_has("`cairn sync test` fetches it now");
    let (_, state) = listed(&dir, "test");
    assert_eq!(state, "not synced yet: run `cairn sync`");
    assert!(source.requests().is_empty(), "add does not fetch");

    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(line(&out, "test: "), "test: 2 added, 0 updated, 0 removed");
    assert_eq!(
        line(&out, "    added: "),
        format!("    added: {ALPHA}, ukgovcamp")
    );

    assert_eq!(search_ids(&dir, "quokkaflux"), [ALPHA]);
    assert_eq!(shown_name(&dir, ALPHA), ALPHA_NAME);
    assert_eq!(shown_from(&dir, ALPHA), "source \"test\"");
    assert_eq!(shown_name(&dir, "ukgovcamp"), UKGOVCAMP_FROM_SOURCE);
    assert_eq!(shown_from(&dir, "ukgovcamp"), "source \"test\"");
    // The rest of the bundled catalogue is still there.
    assert_eq!(shown_from(&dir, "one-team-gov"), "bundled catalogue");
    let (head, state) = listed(&dir, "test");
    assert_eq!(head, format!("test  {url}"));
    assert_eq!(state, "ok, synced just now, 2 networks");

    let requests = source.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].path, "/catalogue.json");
    assert!(
        requests[0]
            .header("user-agent")
            .unwrap()
            .starts_with("cairn/"),
        "{requests:?}"
    );
}

#[test]
fn a_second_sync_sends_the_etag_and_a_304_is_unchanged() {
    let source = Scripted::new(|req| match req.header("if-none-match") {
        Some("\"v1\"") => Reply::status(304),
        _ => json_reply(&v1()).header("ETag", "\"v1\""),
    });
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"]).assert_ok().stdout_has("test: 2 added");
    backdate(&dir, "test", 2 * DAY);

    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(out.stdout.trim(), "test: unchanged");
    let requests = source.requests();
    assert_eq!(requests.len(), 2);
    assert_eq!(requests[0].header("if-none-match"), None);
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""));
    assert_eq!(shown_name(&dir, ALPHA), ALPHA_NAME);
    // A 304 counts as a successful sync: the copy is current again.
    let (_, state) = listed(&dir, "test");
    assert_eq!(state, "ok, synced just now, 2 networks");

    let out = dir.cairn(&["sync", "--json"]).assert_ok();
    let summary = out.json();
    assert_eq!(summary["sources"][0]["outcome"], "unchanged", "{out}");
    assert_eq!(summary["changed"], 0, "{out}");
}

#[test]
fn a_second_sync_sends_last_modified_back_as_if_modified_since() {
    const DATE: &str = "Wed, 21 Oct 2026 07:28:00 GMT";
    let source = Scripted::new(|req| match req.header("if-modified-since") {
        Some(DATE) => Reply::status(304),
        _ => json_reply(&v1()).header("Last-Modified", DATE),
    });
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"]).assert_ok();
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(out.stdout.trim(), "test: unchanged");
    assert_eq!(source.requests()[1].header("if-modified-since"), Some(DATE));
}

#[test]
fn a_changed_catalogue_reports_added_updated_and_removed_ids() {
    let first = catalogue(&[
        net("sync-a", "Network A", "First version of A."),
        net("sync-b", "Network B", "B is dropped later."),
        net("sync-c", "Network C", "C stays as it is."),
    ]);
    let source = Scripted::new(move |req| match req.header("if-none-match") {
        Some("\"v1\"") => Reply::status(304),
        _ => json_reply(&first).header("ETag", "\"v1\""),
    });
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"]).assert_ok().stdout_has("test: 3 added");

    let second = catalogue(&[
        net("sync-a", "Network A renamed", "Second version of A."),
        net("sync-c", "Network C", "C stays as it is."),
        net("sync-d", "Network D", "D is new: zanzibarite."),
    ]);
    source.then(move |req| match req.header("if-none-match") {
        Some("\"v2\"") => Reply::status(304),
        _ => json_reply(&second).header("ETag", "\"v2\""),
    });
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(line(&out, "test: "), "test: 1 added, 1 updated, 1 removed");
    assert_eq!(line(&out, "    added: "), "    added: sync-d");
    assert_eq!(line(&out, "    updated: "), "    updated: sync-a");
    assert_eq!(line(&out, "    removed: "), "    removed: sync-b");
    // The server was asked with the old ETag and answered with new content.
    assert_eq!(source.requests()[1].header("if-none-match"), Some("\"v1\""));

    assert_eq!(shown_name(&dir, "sync-a"), "Network A renamed");
    assert_eq!(search_ids(&dir, "zanzibarite"), ["sync-d"]);
    is_gone(&dir, "sync-b");
    assert_eq!(shown_name(&dir, "sync-c"), "Network C");
    let (_, state) = listed(&dir, "test");
    assert_eq!(state, "ok, synced just now, 3 networks");

    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(out.stdout.trim(), "test: unchanged");
}

#[test]
fn the_same_catalogue_downloaded_again_without_validators_is_unchanged() {
    let source = Scripted::serving(v1());
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"]).assert_ok();
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(out.stdout.trim(), "test: unchanged");
    assert_eq!(source.requests().len(), 2);
    assert_eq!(source.requests()[1].header("if-none-match"), None);
}

#[test]
fn the_same_catalogue_downloaded_again_is_unchanged_even_when_its_records_have_warnings() {
    // No `sources` in the record: a warning, not an error.
    let body = catalogue(&[json!({
        "id": "sync-warned",
        "name": "Warned Network",
        "summary": "Its record lists no sources.",
    })]);
    let source = Scripted::serving(body);
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"])
        .assert_ok()
        .stdout_has("test: 1 added, 0 updated, 0 removed");
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(out.stdout.trim(), "test: unchanged");
    let out = dir.cairn(&["sync", "--json"]).assert_ok();
    assert_eq!(out.json()["sources"][0]["outcome"], "unchanged", "{out}");
}

// ---------------------------------------------------------------------------
// 4: faults after a first good sync

#[test]
fn a_server_error_fails_the_sync_and_keeps_the_previous_copy() {
    let s = synced_once(&[], "/catalogue.json");
    s.source.then(|_| Reply::status(500).body("oops"));
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        "the server answered 500 Internal Server Error: the server has a problem, try again later",
    );
}

#[test]
fn a_missing_catalogue_fails_saying_to_check_the_address() {
    let s = synced_once(&[], "/catalogue.json");
    s.source.then(|_| Reply::status(404));
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        "the server answered 404 Not Found: check the address",
    );
}

#[test]
fn a_server_that_never_answers_times_out_after_timeout_secs() {
    let s = synced_once(&[("timeout_secs", 1)], "/catalogue.json");
    s.source.then(|_| Reply::Silence);
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        "the download did not finish within 1 s (the overall time limit)",
    );
}

#[test]
fn a_server_that_went_away_fails_naming_the_host() {
    let Synced { dir, source, url } = synced_once(&[], "/catalogue.json");
    drop(source);
    fails_keeping_the_copy(
        &dir,
        &url,
        "cannot connect to 127.0.0.1: the connection was refused",
    );
}

#[test]
fn a_body_cut_short_fails_and_keeps_the_previous_copy() {
    let s = synced_once(&[], "/catalogue.json");
    let whole = catalogue(&[net("sync-cut", "Cut", "Never arrives whole.")]);
    s.source.then(move |_| Reply::CutShort {
        announced: whole.len(),
        body: whole[..whole.len() / 2].to_vec(),
    });
    fails_keeping_the_copy(&s.dir, &s.url, "the download was cut short");
    is_gone(&s.dir, "sync-cut");
}

#[test]
fn a_body_over_max_download_mb_is_refused() {
    let s = synced_once(&[("max_download_mb", 1)], "/catalogue.json");
    s.source.then(|_| json_reply(&vec![b' '; 2 * 1024 * 1024]));
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        "the download is over the 1 MiB limit; raise `max_download_mb` in config.toml",
    );
}

#[test]
fn a_gzip_bomb_stops_at_max_download_mb() {
    let s = synced_once(&[("max_download_mb", 1)], "/catalogue.json");
    let bomb = gzip(&vec![b' '; 16 * 1024 * 1024]);
    assert!(bomb.len() < 64 * 1024, "the bomb is small: {}", bomb.len());
    s.source
        .then(move |_| json_reply(&bomb).header("Content-Encoding", "gzip"));
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        "the data is, once decompressed, over the 1 MiB limit",
    );
}

#[test]
fn a_gzip_catalogue_within_the_cap_is_read() {
    let s = synced_once(&[("max_download_mb", 1)], "/catalogue.json");
    let packed = gzip(&catalogue(&[net(
        "sync-gz",
        "Gzip Network",
        "Arrived compressed.",
    )]));
    s.source
        .then(move |_| json_reply(&packed).header("Content-Encoding", "gzip"));
    let out = s.dir.cairn(&["sync"]).assert_ok();
    assert_eq!(line(&out, "test: "), "test: 1 added, 0 updated, 2 removed");
    assert_eq!(shown_name(&s.dir, "sync-gz"), "Gzip Network");
    // The source no longer overrides ukgovcamp: the bundled record is back.
    assert_eq!(shown_from(&s.dir, "ukgovcamp"), "bundled catalogue");
}

#[test]
fn malformed_json_fails_with_its_line_and_column() {
    let s = synced_once(&[], "/catalogue.json");
    let bad = "{\n  \"schema\": \"cairn.catalogue/1\",\n  \"networks\": [\n    \
               {\"id\": \"sync-bad\", \"name\": \"Bad\" \"summary\": \"x\"}\n  ]\n}\n";
    let e = serde_json::from_str::<Value>(bad).unwrap_err();
    assert_eq!(e.line(), 4, "the fault is on line 4: {e}");
    s.source.then(move |_| json_reply(bad.as_bytes()));
    let reason = fails_keeping_the_copy(
        &s.dir,
        &s.url,
        &format!(
            "is not valid JSON at line 4, column {}: expected `,` or `}}`",
            e.column()
        ),
    );
    assert!(reason.ends_with("the previous copy is kept"), "{reason}");
}

#[test]
fn a_newer_schema_version_is_refused_by_name() {
    let s = synced_once(&[], "/catalogue.json");
    let newer = serde_json::to_vec(&json!({
        "schema": "cairn.catalogue/9",
        "networks": [net("sync-new", "From the future", "Needs a newer cairn.")],
    }))
    .unwrap();
    s.source.then(move |_| json_reply(&newer));
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        "schema is \"cairn.catalogue/9\", but this cairn reads \"cairn.catalogue/1\"; \
         a newer catalogue may need a newer cairn",
    );
    is_gone(&s.dir, "sync-new");
}

#[test]
fn a_catalogue_with_no_usable_records_does_not_replace_the_copy() {
    let s = synced_once(&[], "/catalogue.json");
    s.source.then(|_| {
        json_reply(&catalogue(&[
            json!({"id": "Not A Slug", "name": "x", "summary": "y"}),
        ]))
    });
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        "has no usable network records (1 skipped); the previous copy is kept",
    );
}

#[test]
fn duplicate_ids_and_bad_records_are_skipped_with_reasons_and_the_rest_syncs() {
    let s = synced_once(&[], "/catalogue.json");
    s.source.then_serve(catalogue(&[
        net(ALPHA, ALPHA_NAME, "Quokkaflux practitioners, second edition."),
        net("sync-ok", "Good Record", "A record with nothing wrong."),
        net(ALPHA, "Alpha Twin", "Same id again."),
        json!({"id": "sync-nameless", "summary": "No name at all."}),
        json!({"id": "sync-badyear", "name": "Bad Year", "summary": "Founded in the future.", "founded": 3000}),
    ]));
    let out = s.dir.cairn(&["sync"]).assert_ok();
    assert_eq!(
        line(&out, "test: "),
        "test: 2 added, 1 updated, 1 removed, 2 records skipped"
    );
    assert_eq!(
        line(&out, "    added: "),
        "    added: sync-ok, sync-badyear"
    );
    assert_eq!(line(&out, "    updated: "), format!("    updated: {ALPHA}"));
    assert_eq!(line(&out, "    removed: "), "    removed: ukgovcamp");
    out.stdout_has(&format!(
        "    skipped or dropped: error: record 3 ({ALPHA}), field `id`: duplicate id: \
         an earlier record already uses it; this one is skipped"
    ));
    out.stdout_has(
        "    skipped or dropped: error: record 4 (sync-nameless), field `name`: missing: \
         every record needs a name",
    );
    out.stdout_has("    skipped or dropped: error: record 5 (sync-badyear), field `founded`");
    assert_eq!(shown_name(&s.dir, ALPHA), ALPHA_NAME);
    assert_eq!(shown_name(&s.dir, "sync-ok"), "Good Record");
    assert_eq!(record(&s.dir, "sync-badyear").get("founded"), None);
    is_gone(&s.dir, "sync-nameless");
    let (_, state) = listed(&s.dir, "test");
    assert_eq!(state, "ok, synced just now, 3 networks (2 records skipped)");
}

#[test]
fn a_redirect_loop_is_refused_by_name() {
    let s = synced_once(&[], "/a");
    s.source.then(|req| match req.path.as_str() {
        "/a" => Reply::redirect("/b"),
        _ => Reply::redirect("/a"),
    });
    let back = s.url.clone();
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        &format!("the server redirects in a loop (back to {back})"),
    );
}

#[test]
fn a_redirect_to_plain_http_elsewhere_is_refused() {
    let s = synced_once(&[], "/catalogue.json");
    s.source
        .then(|_| Reply::redirect("http://example.org/catalogue.json"));
    fails_keeping_the_copy(
        &s.dir,
        &s.url,
        "redirects to http://example.org/catalogue.json, which cairn will not follow: it is not https",
    );
}

#[test]
fn a_certificate_this_computer_does_not_trust_fails_with_advice_and_no_copy_yet() {
    let server = Server::start_https(|_| json_reply(&v1()));
    let url = server.url("/catalogue.json");
    let dir = home();
    add_source(&dir, "test", &url);
    let out = dir.cairn(&["sync"]).assert_fails();
    let failed = err_line(&out, "test: FAILED: ");
    assert!(failed.contains(&url), "{out}");
    assert!(failed.contains("could not be verified"), "{out}");
    assert!(
        failed.contains("root certificate must be installed"),
        "{out}"
    );
    let (_, state) = listed(&dir, "test");
    assert!(
        state.starts_with("FAILED just now: cannot fetch ") && state.ends_with("; no copy yet"),
        "{state}"
    );
    assert_eq!(shown_from(&dir, "ukgovcamp"), "bundled catalogue");
    assert!(server.requests().is_empty(), "no request was sent");
}

#[test]
fn https_to_a_server_that_does_not_speak_it_fails_naming_the_secure_connection() {
    let plain = Server::start(|_| json_reply(&v1()));
    let url = plain.wrong_scheme_url("/catalogue.json");
    let dir = home();
    add_source(&dir, "test", &url);
    let out = dir.cairn(&["sync"]).assert_fails();
    let failed = err_line(&out, "test: FAILED: ");
    assert!(failed.contains(&url), "{out}");
    assert!(
        failed.contains("a secure connection to 127.0.0.1 could not be set up"),
        "{out}"
    );
}

/// Environment variables that would send a request to `proxy`.
const PROXY_VARS: [&str; 6] = [
    "HTTP_PROXY",
    "http_proxy",
    "HTTPS_PROXY",
    "https_proxy",
    "ALL_PROXY",
    "all_proxy",
];

#[test]
fn plain_http_to_another_computer_is_refused_at_add_and_at_sync_without_a_request() {
    let dir = home();
    let config = dir.path().join("config/config.toml");
    let before = fs::read_to_string(&config).unwrap();
    dir.cairn(&["sources", "add", "remote", "http://example.org/x.json"])
        .assert_fails()
        .stderr_has(
            "cannot fetch http://example.org/x.json: cairn only fetches over https, \
             except from this computer (localhost)",
        );
    assert_eq!(fs::read_to_string(&config).unwrap(), before);
    dir.cairn(&["sources", "list"])
        .assert_ok()
        .stdout_has("No sources");
    dir.cairn(&["sources", "add", "ftp", "ftp://example.org/x.csv"])
        .assert_fails()
        .stderr_has("cairn does not fetch `ftp` addresses");

    // Written by hand, the source is still refused, before any connection:
    // a proxy on this computer would see any request cairn made.
    let proxy = Scripted::serving(v1());
    let proxy_url = proxy.url("");
    fs::write(
        &config,
        format!(
            "{before}\n[[sources]]\nname = \"remote\"\nlocation = \"http://example.org/x.json\"\n"
        ),
    )
    .unwrap();
    let mut sync = dir.cairn(&["sync"]);
    for var in PROXY_VARS {
        sync.env(var, &proxy_url);
    }
    sync.env_remove("NO_PROXY").env_remove("no_proxy");
    let out = sync.assert_fails();
    err_line(
        &out,
        "remote: FAILED: cannot fetch http://example.org/x.json: cairn only fetches over https",
    );
    assert!(proxy.requests().is_empty(), "{:?}", proxy.requests());
    let (_, state) = listed(&dir, "remote");
    assert!(state.ends_with("; no copy yet"), "{state}");
    assert_eq!(shown_from(&dir, "ukgovcamp"), "bundled catalogue");
}

#[test]
fn an_https_source_elsewhere_goes_through_the_proxy_from_the_environment() {
    // Also shows that the proxy variables above do reach the test's proxy,
    // so its silence there means no request was made. `.invalid` names
    // never resolve, so nothing can reach the internet.
    let proxy = Scripted::new(|_| Reply::status(502));
    let dir = home();
    add_source(&dir, "remote", "https://example.invalid/x.json");
    let mut sync = dir.cairn(&["sync"]);
    for var in PROXY_VARS {
        sync.env(var, proxy.url(""));
    }
    sync.env_remove("NO_PROXY").env_remove("no_proxy");
    let out = sync.assert_fails();
    err_line(
        &out,
        "remote: FAILED: cannot fetch https://example.invalid/x.json: ",
    );
    let requests = proxy.requests();
    assert_eq!(requests.len(), 1, "{requests:?}\n{out}");
    assert_eq!(requests[0].method, "CONNECT");
    assert_eq!(requests[0].path, "example.invalid:443");
}

// ---------------------------------------------------------------------------
// 5: several sources

#[test]
fn one_failing_source_does_not_stop_the_others_and_json_reports_each() {
    let good = Scripted::serving(catalogue(&[net(
        "sync-good-1",
        "Good One",
        "From the good source.",
    )]));
    let bad = Scripted::serving(catalogue(&[net(
        "sync-bad-1",
        "Bad One",
        "From the source that breaks later.",
    )]));
    let dir = home();
    add_source(&dir, "good", &good.url("/good.json"));
    add_source(&dir, "bad", &bad.url("/bad.json"));
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(line(&out, "good: "), "good: 1 added, 0 updated, 0 removed");
    assert_eq!(line(&out, "bad: "), "bad: 1 added, 0 updated, 0 removed");

    good.then_serve(catalogue(&[
        net("sync-good-1", "Good One", "From the good source."),
        net("sync-good-2", "Good Two", "Also from the good source."),
    ]));
    bad.then(|_| Reply::status(500));
    let out = dir.cairn(&["sync", "--json"]).assert_fails();
    let summary = out.json();
    let sources = summary["sources"].as_array().expect("a list of sources");
    assert_eq!(sources.len(), 2, "{out}");
    assert_eq!(sources[0]["name"], "good");
    assert_eq!(sources[0]["location"], good.url("/good.json"));
    assert_eq!(sources[0]["outcome"], "updated");
    assert_eq!(sources[0]["added"], json!(["sync-good-2"]));
    assert_eq!(sources[0]["updated"], json!([]));
    assert_eq!(sources[0]["removed"], json!([]));
    assert_eq!(sources[1]["name"], "bad");
    assert_eq!(sources[1]["outcome"], "failed");
    let reason = sources[1]["reason"].as_str().unwrap();
    assert!(
        reason.contains(&bad.url("/bad.json")) && reason.contains("500"),
        "{reason}"
    );
    assert_eq!(summary["delisted"], json!([]));

    assert_eq!(shown_name(&dir, "sync-good-2"), "Good Two");
    assert_eq!(shown_from(&dir, "sync-good-2"), "source \"good\"");
    assert_eq!(shown_from(&dir, "sync-bad-1"), "source \"bad\"");
    let (_, state) = listed(&dir, "good");
    assert_eq!(state, "ok, synced just now, 2 networks");
    let (_, state) = listed(&dir, "bad");
    assert!(state.starts_with("FAILED just now: "), "{state}");

    // Only the named source is synced.
    let before = (good.requests().len(), bad.requests().len());
    let out = dir.cairn(&["sync", "good"]).assert_ok();
    assert_eq!(out.stdout.trim(), "good: unchanged");
    assert_eq!(good.requests().len(), before.0 + 1);
    assert_eq!(bad.requests().len(), before.1);
}

#[test]
fn a_later_source_wins_for_the_same_id() {
    let first = Scripted::serving(catalogue(&[net("sync-shared", "From First", "First.")]));
    let second = Scripted::serving(catalogue(&[net("sync-shared", "From Second", "Second.")]));
    let dir = home();
    add_source(&dir, "first", &first.url("/c.json"));
    add_source(&dir, "second", &second.url("/c.json"));
    dir.cairn(&["sync"]).assert_ok();
    assert_eq!(shown_name(&dir, "sync-shared"), "From Second");
    assert_eq!(shown_from(&dir, "sync-shared"), "source \"second\"");
    dir.cairn(&["sources", "remove", "second"]).assert_ok();
    assert_eq!(shown_name(&dir, "sync-shared"), "From First");
    assert_eq!(shown_from(&dir, "sync-shared"), "source \"first\"");
}

// ---------------------------------------------------------------------------
// 6: sources that are files

#[test]
fn a_json_file_source_syncs_notices_edits_and_keeps_its_copy_when_deleted() {
    let dir = home();
    let file = dir.create(
        "shared/catalogue.json",
        catalogue(&[net("sync-file-1", "File One", "Read from a file.")]),
    );
    let location = file.display().to_string();
    add_source(&dir, "local", &location);
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(
        line(&out, "local: "),
        "local: 1 added, 0 updated, 0 removed"
    );
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(out.stdout.trim(), "local: unchanged");

    fs::write(
        &file,
        catalogue(&[
            net("sync-file-1", "File One, edited", "Read from a file."),
            net("sync-file-2", "File Two", "Added by an edit."),
        ]),
    )
    .unwrap();
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(
        line(&out, "local: "),
        "local: 1 added, 1 updated, 0 removed"
    );
    assert_eq!(shown_name(&dir, "sync-file-1"), "File One, edited");
    assert_eq!(shown_from(&dir, "sync-file-2"), "source \"local\"");

    backdate(&dir, "local", 2 * 60 * 60);
    fs::remove_file(&file).unwrap();
    let out = dir.cairn(&["sync"]).assert_fails();
    let reason = format!("cannot read {location}: there is no such file");
    assert_eq!(
        err_line(&out, "local: FAILED"),
        format!("local: FAILED: {reason}")
    );
    assert_eq!(shown_name(&dir, "sync-file-2"), "File Two");
    let (head, state) = listed(&dir, "local");
    assert_eq!(head, format!("local  {location}"));
    assert_eq!(
        state,
        format!("FAILED just now: {reason}; using the copy from 2 hours ago")
    );
}

#[test]
fn a_csv_file_source_syncs_and_notices_edits() {
    let dir = home();
    let file = dir.create(
        "catalogue.csv",
        "\u{feff}id,name,summary,regions,topics\n\
         sync-csv-1,Csv One,From a spreadsheet.,GB; NZ,digital;design\n",
    );
    let location = file.display().to_string();
    add_source(&dir, "sheet", &location);
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(
        line(&out, "sheet: "),
        "sheet: 1 added, 0 updated, 0 removed"
    );
    assert_eq!(record(&dir, "sync-csv-1")["regions"], json!(["GB", "NZ"]));

    fs::write(
        &file,
        "id,name,summary,regions,topics\n\
         sync-csv-2,Csv Two,Replaced the first row.,AU,design\n",
    )
    .unwrap();
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(
        line(&out, "sheet: "),
        "sheet: 1 added, 0 updated, 1 removed"
    );
    is_gone(&dir, "sync-csv-1");
    assert_eq!(shown_from(&dir, "sync-csv-2"), "source \"sheet\"");

    fs::remove_file(&file).unwrap();
    dir.cairn(&["sync"])
        .assert_fails()
        .stderr_has(&format!("sheet: FAILED: cannot read {location}"));
    assert_eq!(shown_name(&dir, "sync-csv-2"), "Csv Two");
}

#[test]
fn a_relative_file_path_means_the_same_file_when_synced_from_another_folder() {
    let dir = home();
    dir.create(
        "catalogue.json",
        catalogue(&[net("sync-rel", "Relative", "Added by a relative path.")]),
    );
    fs::create_dir(dir.path().join("elsewhere")).unwrap();
    add_source(&dir, "rel", "catalogue.json");
    let mut sync = dir.cairn(&["sync"]);
    sync.raw().current_dir(dir.path().join("elsewhere"));
    let out = sync.run();
    assert_eq!(
        out.code,
        Some(0),
        "`sources add rel catalogue.json` in one folder, `sync` in another\n{out}"
    );
    assert_eq!(shown_name(&dir, "sync-rel"), "Relative");
}

// ---------------------------------------------------------------------------
// 7–8: what is yours stays

#[test]
fn networks_you_starred_or_wrote_about_stay_when_the_source_drops_them() {
    let source = Scripted::serving(catalogue(&[
        net("sync-starred", "Starred Network", "You starred this one."),
        net(
            "sync-written",
            "Written Network",
            "You wrote about this one.",
        ),
        net(
            "sync-plain",
            "Plain Network",
            "Nobody cares about this one.",
        ),
        net("sync-stays", "Staying Network", "Always listed."),
    ]));
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"]).assert_ok();
    // cairn has no command to star a network; the TUI writes this file.
    dir.create(
        "data/annotations.json",
        r#"{"version": 1, "networks": {"sync-starred": {"starred": true}}}"#,
    );
    dir.cairn(&[
        "journal",
        "add",
        "--kind",
        "lesson",
        "--title",
        "T",
        "--network",
        "sync-written",
        "--body",
        "x",
    ])
    .assert_ok();

    source.then_serve(catalogue(&[net(
        "sync-stays",
        "Staying Network",
        "Always listed.",
    )]));
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(line(&out, "test: "), "test: 0 added, 0 updated, 3 removed");
    assert_eq!(
        line(&out, "    removed: "),
        "    removed: sync-plain, sync-starred, sync-written"
    );
    let kept = line(
        &out,
        "No longer listed, kept because you marked or wrote about them: ",
    );
    assert!(
        kept.contains("sync-starred") && kept.contains("sync-written") && !kept.contains("plain"),
        "{out}"
    );
    let dropped = "source \"test\" · no longer listed by any catalogue; kept because it is yours";
    assert_eq!(shown_from(&dir, "sync-starred"), dropped);
    assert_eq!(shown_from(&dir, "sync-written"), dropped);
    assert_eq!(shown_name(&dir, "sync-starred"), "Starred Network");
    is_gone(&dir, "sync-plain");

    // Said once: the next sync has nothing new to report.
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(out.stdout.trim(), "test: unchanged");
    assert_eq!(shown_from(&dir, "sync-starred"), dropped);
}

#[test]
fn a_kept_network_listed_again_then_dropped_again_keeps_its_latest_record() {
    let starred = |name: &str| net("sync-starred", name, "You starred this one.");
    let stays = || net("sync-stays", "Staying Network", "Always listed.");
    let source = Scripted::serving(catalogue(&[starred("Starred v1"), stays()]));
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"]).assert_ok();
    dir.create(
        "data/annotations.json",
        r#"{"version": 1, "networks": {"sync-starred": {"starred": true}}}"#,
    );
    let dropped = "source \"test\" · no longer listed by any catalogue; kept because it is yours";

    source.then_serve(catalogue(&[stays()]));
    dir.cairn(&["sync"])
        .assert_ok()
        .stdout_has("No longer listed, kept because you marked or wrote about them: sync-starred");
    assert_eq!(shown_from(&dir, "sync-starred"), dropped);

    source.then_serve(catalogue(&[starred("Starred v3"), stays()]));
    dir.cairn(&["sync"]).assert_ok();
    assert_eq!(shown_name(&dir, "sync-starred"), "Starred v3");
    assert_eq!(shown_from(&dir, "sync-starred"), "source \"test\"");

    source.then_serve(catalogue(&[stays()]));
    let out = dir.cairn(&["sync"]).assert_ok();
    out.stdout_has("No longer listed, kept because you marked or wrote about them: sync-starred");
    assert_eq!(shown_from(&dir, "sync-starred"), dropped);
    assert_eq!(
        shown_name(&dir, "sync-starred"),
        "Starred v3",
        "the record kept is the last one the source published"
    );
}

#[test]
fn a_network_listed_again_and_unstarred_goes_when_dropped_again() {
    let starred = || net("sync-starred", "Starred Network", "You starred this one.");
    let stays = || net("sync-stays", "Staying Network", "Always listed.");
    let source = Scripted::serving(catalogue(&[starred(), stays()]));
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"]).assert_ok();
    dir.create(
        "data/annotations.json",
        r#"{"version": 1, "networks": {"sync-starred": {"starred": true}}}"#,
    );
    source.then_serve(catalogue(&[stays()]));
    dir.cairn(&["sync"]).assert_ok();
    source.then_serve(catalogue(&[starred(), stays()]));
    dir.cairn(&["sync"]).assert_ok();
    assert_eq!(shown_from(&dir, "sync-starred"), "source \"test\"");

    dir.create("data/annotations.json", r#"{"version": 1, "networks": {}}"#);
    source.then_serve(catalogue(&[stays()]));
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(line(&out, "    removed: "), "    removed: sync-starred");
    assert!(!out.stdout.contains("No longer listed"), "{out}");
    is_gone(&dir, "sync-starred");
}

#[test]
fn removing_a_source_removes_its_networks_but_not_yours_and_restores_bundled_ones() {
    let source = Scripted::serving(catalogue(&[
        net(
            "sync-only",
            "Only Here",
            "Only this source lists it: wombatine.",
        ),
        net("sync-mine", "Mine", "You are a member of this one."),
        net(
            "ukgovcamp",
            UKGOVCAMP_FROM_SOURCE,
            "The source's own account of the unconference.",
        ),
    ]));
    let dir = home();
    add_source(&dir, "test", &source.url("/catalogue.json"));
    dir.cairn(&["sync"]).assert_ok();
    dir.create(
        "data/annotations.json",
        r#"{"version": 1, "networks": {"sync-mine": {"member": true, "note": "met them"}}}"#,
    );
    assert_eq!(shown_name(&dir, "ukgovcamp"), UKGOVCAMP_FROM_SOURCE);
    assert!(source_dir(&dir, "test").exists());

    dir.cairn(&["sources", "remove", "test"])
        .assert_ok()
        .stderr_has("Removed source \"test\" and its copy.");
    is_gone(&dir, "sync-only");
    assert!(search_ids(&dir, "wombatine").is_empty());
    assert_eq!(
        shown_from(&dir, "sync-mine"),
        "source \"test\" · no longer listed by any catalogue; kept because it is yours"
    );
    assert_eq!(shown_name(&dir, "ukgovcamp"), "UKGovCamp");
    assert_eq!(shown_from(&dir, "ukgovcamp"), "bundled catalogue");
    assert!(!source_dir(&dir, "test").exists());
    dir.cairn(&["sources", "list"])
        .assert_ok()
        .stdout_has("No sources");
    let config = fs::read_to_string(dir.path().join("config/config.toml")).unwrap();
    assert!(
        config.contains("# written by the test") && !config.contains("[[sources]]"),
        "{config}"
    );
    dir.cairn(&["sources", "remove", "test"])
        .assert_fails()
        .stderr_has("no source is named \"test\"");
}

// ---------------------------------------------------------------------------
// 9: a sync killed part way

/// How a [`Trickle`] server sends its body: `chunk` bytes, then a pause.
#[derive(Clone, Copy)]
struct Pace {
    chunk: usize,
    pause: Duration,
}

const AT_ONCE: Pace = Pace {
    chunk: usize::MAX,
    pause: Duration::ZERO,
};

/// How far one response has got.
#[derive(Clone, Copy, Default)]
struct Sent {
    bytes: usize,
    finished: bool,
}

struct TrickleShared {
    body: Mutex<Vec<u8>>,
    pace: Mutex<Pace>,
    /// One entry per connection, in the order they came.
    responses: Mutex<Vec<Sent>>,
    stop: AtomicBool,
    deadline: Instant,
}

impl TrickleShared {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || Instant::now() > self.deadline
    }
}

/// A loopback server that sends its body a little at a time, to kill a
/// sync while it is receiving. Like [`Server`], it stops when dropped or
/// after a minute, and each connection's thread ends when the client goes.
struct Trickle {
    addr: SocketAddr,
    shared: Arc<TrickleShared>,
    acceptor: Option<JoinHandle<()>>,
}

impl Trickle {
    fn start(body: Vec<u8>, pace: Pace) -> Trickle {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener.set_nonblocking(true).unwrap();
        let addr = listener.local_addr().unwrap();
        let shared = Arc::new(TrickleShared {
            body: Mutex::new(body),
            pace: Mutex::new(pace),
            responses: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            deadline: Instant::now() + Duration::from_secs(60),
        });
        let for_thread = Arc::clone(&shared);
        let acceptor = thread::spawn(move || {
            while !for_thread.stopping() {
                match listener.accept() {
                    Ok((stream, _)) => {
                        let shared = Arc::clone(&for_thread);
                        thread::spawn(move || trickle(stream, &shared));
                    }
                    Err(_) => thread::sleep(Duration::from_millis(5)),
                }
            }
        });
        Trickle {
            addr,
            shared,
            acceptor: Some(acceptor),
        }
    }

    fn url(&self) -> String {
        format!("http://{}/catalogue.json", self.addr)
    }

    fn set(&self, body: Vec<u8>, pace: Pace) {
        *self.shared.body.lock().unwrap() = body;
        *self.shared.pace.lock().unwrap() = pace;
    }

    fn len(&self) -> usize {
        self.shared.body.lock().unwrap().len()
    }

    fn connections(&self) -> usize {
        self.shared.responses.lock().unwrap().len()
    }

    /// How far the response on connection `i` has got, if it has begun.
    fn sent(&self, i: usize) -> Option<Sent> {
        self.shared.responses.lock().unwrap().get(i).copied()
    }
}

impl Drop for Trickle {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn trickle(mut stream: TcpStream, shared: &TrickleShared) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    let mut head = Vec::new();
    let mut buf = [0u8; 4096];
    while !head.windows(4).any(|w| w == b"\r\n\r\n") {
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return,
            Ok(n) => head.extend_from_slice(&buf[..n]),
        }
        if head.len() > 64 * 1024 {
            return;
        }
    }
    let body = shared.body.lock().unwrap().clone();
    let pace = *shared.pace.lock().unwrap();
    let me = {
        let mut responses = shared.responses.lock().unwrap();
        responses.push(Sent::default());
        responses.len() - 1
    };
    let head = format!(
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\n\
         Connection: close\r\n\r\n",
        body.len()
    );
    if stream.write_all(head.as_bytes()).is_err() {
        return;
    }
    for piece in body.chunks(pace.chunk) {
        // A killed client makes the write fail, which ends the thread.
        if shared.stopping()
            || stream
                .write_all(piece)
                .and_then(|()| stream.flush())
                .is_err()
        {
            return;
        }
        shared.responses.lock().unwrap()[me].bytes += piece.len();
        thread::sleep(pace.pause);
    }
    shared.responses.lock().unwrap()[me].finished = true;
}

/// A child process killed (SIGKILL) and reaped when dropped, so a failing
/// test never leaves a cairn running.
struct Running(Child);

impl Drop for Running {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// Starts `cairn sync` and kills it once `ready` says so. Returns true if
/// it was still running when killed, false if it had already finished.
fn kill_sync_when(dir: &Dir, ready: impl Fn() -> bool) -> bool {
    let child = dir
        .cairn(&["sync"])
        .raw()
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start cairn sync");
    let mut running = Running(child);
    // A guard against a hang, not a measurement.
    let give_up = Instant::now() + Duration::from_secs(60);
    loop {
        if ready() {
            let was_running = running.0.try_wait().unwrap().is_none();
            running.0.kill().expect("kill cairn sync");
            running.0.wait().unwrap();
            return was_running;
        }
        if running.0.try_wait().unwrap().is_some() {
            return false;
        }
        assert!(Instant::now() < give_up, "cairn sync never got that far");
        thread::sleep(Duration::from_millis(2));
    }
}

/// Every file in a source's folder, hidden ones included, sorted.
fn files_in(path: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(path)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn a_sync_killed_while_receiving_leaves_the_old_copy_and_the_next_sync_works() {
    let server = Trickle::start(v1(), AT_ONCE);
    let dir = home();
    add_source(&dir, "test", &server.url());
    dir.cairn(&["sync"]).assert_ok().stdout_has("test: 2 added");
    let folder = source_dir(&dir, "test");
    let state_before = fs::read(folder.join("state.json")).unwrap();
    let files_before = files_in(&folder);

    let v2 = catalogue(&[
        net(ALPHA, "Alpha, second version", "Quokkaflux, revised."),
        net("sync-late", "Late Network", "Only in the second version."),
    ]);
    server.set(
        v2.clone(),
        Pace {
            chunk: 1,
            pause: Duration::from_millis(20),
        },
    );
    let first = server.connections();
    let killed = kill_sync_when(&dir, || server.sent(first).is_some_and(|s| s.bytes >= 3));
    assert!(killed, "cairn sync was killed while receiving");
    assert!(!server.sent(first).unwrap().finished);

    // Nothing on disk changed, and the old copy is in use.
    assert_eq!(fs::read(folder.join("state.json")).unwrap(), state_before);
    assert_eq!(files_in(&folder), files_before);
    assert_eq!(shown_name(&dir, ALPHA), ALPHA_NAME);
    assert_eq!(shown_from(&dir, ALPHA), "source \"test\"");
    is_gone(&dir, "sync-late");
    let (_, state) = listed(&dir, "test");
    assert_eq!(state, "ok, synced just now, 2 networks");

    server.set(v2, AT_ONCE);
    let out = dir.cairn(&["sync"]).assert_ok();
    assert_eq!(line(&out, "test: "), "test: 1 added, 1 updated, 1 removed");
    assert_eq!(shown_name(&dir, ALPHA), "Alpha, second version");
    assert_eq!(shown_name(&dir, "sync-late"), "Late Network");
}

/// A catalogue large enough to take a while to send, index and write:
/// a marker network and `fillers` more, all saying which `version` they are.
fn big_catalogue(version: usize, fillers: usize) -> Vec<u8> {
    let mut networks = vec![net(
        "sync-marker",
        &format!("Version {version}"),
        "Marks which version of the catalogue is in use.",
    )];
    for i in 0..fillers {
        networks.push(net(
            &format!("sync-filler-{i:04}"),
            &format!("Filler {i}"),
            &format!(
                "Filler network {i} of catalogue version {version}, padded to a realistic \
                 length so that the catalogue takes a while to send and to index."
            ),
        ));
    }
    catalogue(&networks)
}

/// The version the catalogue in use is at, after checking the index, the
/// copy on disk and the last filler all agree on it.
#[track_caller]
fn version_in_use(dir: &Dir, fillers: usize) -> usize {
    let shown = shown_name(dir, "sync-marker");
    let version: usize = shown
        .strip_prefix("Version ")
        .and_then(|v| v.parse().ok())
        .unwrap_or_else(|| panic!("marker name {shown:?}"));
    let copy = current_copy(dir, "test");
    assert_eq!(copy.len(), fillers + 1, "the copy is whole");
    assert_eq!(copy[0]["name"], shown, "the index shows the current copy");
    let last = format!("sync-filler-{:04}", fillers - 1);
    let summary = record(dir, &last)["summary"].as_str().unwrap().to_string();
    assert!(
        summary.contains(&format!("catalogue version {version},")),
        "{last} is from version {version}: {summary}"
    );
    version
}

#[test]
fn a_sync_killed_at_any_point_leaves_a_whole_catalogue_and_the_next_sync_works() {
    const FILLERS: usize = 400;
    let pace = Pace {
        chunk: 8 * 1024,
        pause: Duration::from_millis(3),
    };
    let server = Trickle::start(big_catalogue(0, FILLERS), AT_ONCE);
    let dir = home();
    add_source(&dir, "test", &server.url());
    dir.cairn(&["sync"]).assert_ok();
    let mut in_use = version_in_use(&dir, FILLERS);
    assert_eq!(in_use, 0);

    /// When to kill: once so many bytes were sent, or so long after the
    /// whole body was sent (while cairn parses, writes and indexes).
    enum At {
        Bytes(usize),
        AfterBody(Duration),
    }
    let len = server.len();
    let points = [
        At::Bytes(1),
        At::Bytes(len / 3),
        At::Bytes(len * 2 / 3),
        At::AfterBody(Duration::ZERO),
        At::AfterBody(Duration::from_millis(20)),
        At::AfterBody(Duration::from_millis(80)),
        At::AfterBody(Duration::from_millis(200)),
        At::AfterBody(Duration::from_millis(500)),
    ];
    for (i, at) in points.iter().enumerate() {
        let version = i + 1;
        server.set(big_catalogue(version, FILLERS), pace);
        let first = server.connections();
        let finished_at: Mutex<Option<Instant>> = Mutex::new(None);
        kill_sync_when(&dir, || {
            let Some(sent) = server.sent(first) else {
                return false;
            };
            match at {
                At::Bytes(n) => sent.bytes >= *n,
                At::AfterBody(delay) => {
                    let mut finished = finished_at.lock().unwrap();
                    if sent.finished && finished.is_none() {
                        *finished = Some(Instant::now());
                    }
                    finished.is_some_and(|t| t.elapsed() >= *delay)
                }
            }
        });
        let now = version_in_use(&dir, FILLERS);
        assert!(
            now == in_use || now == version,
            "after a kill at point {i}, version {now} is in use; expected {in_use} or {version}"
        );
        in_use = now;
        let (_, state) = listed(&dir, "test");
        assert!(state.starts_with("ok, synced "), "{state}");
    }

    server.set(big_catalogue(99, FILLERS), AT_ONCE);
    dir.cairn(&["sync"])
        .assert_ok()
        .stdout_has("test: 0 added, 401 updated, 0 removed");
    assert_eq!(version_in_use(&dir, FILLERS), 99);
    let copies: Vec<String> = files_in(&source_dir(&dir, "test"))
        .into_iter()
        .filter(|f| f.starts_with("catalogue-"))
        .collect();
    assert_eq!(copies.len(), 1, "old copies are removed: {copies:?}");
}

#[test]
fn leftovers_of_a_killed_sync_are_removed_by_the_next_sync() {
    let s = synced_once(&[], "/catalogue.json");
    let folder = source_dir(&s.dir, "test");
    // A copy written by a sync killed before it recorded it in state.json.
    fs::write(folder.join("catalogue-0123456789abcdef01234567.json"), "{}").unwrap();
    s.source
        .then_serve(catalogue(&[net("sync-next", "Next", "The next version.")]));
    s.dir.cairn(&["sync"]).assert_ok();
    let digest = read_state(&s.dir, "test")["copy"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        files_in(&folder),
        [format!("catalogue-{digest}.json"), "state.json".to_string()]
    );
}

#[test]
fn a_half_written_copy_of_a_killed_sync_is_removed_by_the_next_sync() {
    let s = synced_once(&[], "/catalogue.json");
    let folder = source_dir(&s.dir, "test");
    // What store::write_atomic leaves when killed between creating its
    // temporary file and renaming it into place.
    fs::write(
        folder.join(".catalogue-0123456789abcdef01234567.json.4242.tmp"),
        vec![b'x'; 100_000],
    )
    .unwrap();
    s.source
        .then_serve(catalogue(&[net("sync-next", "Next", "The next version.")]));
    s.dir.cairn(&["sync"]).assert_ok();
    let digest = read_state(&s.dir, "test")["copy"]
        .as_str()
        .unwrap()
        .to_string();
    assert_eq!(
        files_in(&folder),
        [format!("catalogue-{digest}.json"), "state.json".to_string()]
    );
}

// ---------------------------------------------------------------------------
// 10: naming sources

#[test]
fn sync_of_an_unknown_name_lists_the_sources_and_syncs_nothing() {
    let source = Scripted::serving(v1());
    let dir = home();
    add_source(&dir, "alpha", &source.url("/a.json"));
    add_source(&dir, "beta", &source.url("/b.json"));
    let out = dir.cairn(&["sync", "alpha", "gamma"]).assert_fails();
    out.stderr_has("no source is named \"gamma\" (the sources are: alpha, beta)");
    assert!(out.stdout.is_empty(), "{out}");
    assert!(source.requests().is_empty(), "nothing was fetched");
}

#[test]
fn sync_with_no_sources_says_how_to_add_one() {
    let dir = home();
    let out = dir.cairn(&["sync"]).assert_ok();
    out.stderr_has("No sources to sync")
        .stderr_has("`cairn sources add NAME URL_OR_PATH` adds one");
    assert!(out.stdout.is_empty(), "{out}");
    dir.cairn(&["sync", "gamma"])
        .assert_fails()
        .stderr_has("no source is named \"gamma\": there are none yet; add one with `cairn sources add NAME URL_OR_PATH`");
    dir.cairn(&["sources", "list"])
        .assert_ok()
        .stdout_has("No sources: cairn shows its bundled catalogue.");
    assert_eq!(shown_from(&dir, "ukgovcamp"), "bundled catalogue");
}

#[test]
fn sources_add_refuses_a_bad_name_and_a_second_source_of_the_same_name() {
    let dir = home();
    dir.cairn(&["sources", "add", "Bad Name", "/tmp/x.json"])
        .assert_fails()
        .stderr_has("\"Bad Name\" cannot name a source");
    dir.cairn(&["sources", "add", "bundled", "/tmp/x.json"])
        .assert_fails()
        .stderr_has("\"bundled\" is the built-in catalogue's name");
    dir.cairn(&["sources", "add", "one", "/tmp/x.json"])
        .assert_ok();
    dir.cairn(&["sources", "add", "one", "/tmp/y.json"])
        .assert_fails()
        .stderr_has("a source named \"one\" already exists");
    let (head, _) = listed(&dir, "one");
    assert_eq!(head, "one  /tmp/x.json");
}
