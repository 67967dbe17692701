//! The real `cairn` binary end to end: search, show, doctor, catalogue
//! validate, `--catalogue FILE`, completions, and how the on-disk index copes
//! with corruption, an unwritable cache, concurrent builds and closed pipes.

mod common;

use std::fs;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::Stdio;
use std::time::Duration;

use common::{Dir, Outcome, fixture};
use serde_json::Value;

/// The ids of a `--json` search, in order.
fn ids(out: &Outcome) -> Vec<String> {
    out.json()["results"]
        .as_array()
        .unwrap_or_else(|| panic!("no results array\n{out}"))
        .iter()
        .map(|r| {
            r["id"]
                .as_str()
                .expect("every result has an id")
                .to_string()
        })
        .collect()
}

/// The folders under `CAIRN_HOME/cache/index` whose names start with `prefix`.
fn index_dirs(home: &Path, prefix: &str) -> Vec<PathBuf> {
    let root = home.join("cache/index");
    let mut found: Vec<PathBuf> = fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("read {}: {e}", root.display()))
        .map(|e| e.expect("read a folder entry").path())
        .filter(|p| p.file_name().unwrap().to_string_lossy().starts_with(prefix))
        .collect();
    found.sort();
    found
}

/// The one index folder of the bundled catalogue.
fn bundled_index(home: &Path) -> PathBuf {
    let dirs = index_dirs(home, "main-");
    assert_eq!(
        dirs.len(),
        1,
        "expected one main-* index folder, found {dirs:?}"
    );
    dirs.into_iter().next().unwrap()
}

/// A `[start, end]` byte range from the JSON output.
fn range(pair: &Value) -> (usize, usize) {
    let n = |i: usize| {
        pair[i]
            .as_u64()
            .unwrap_or_else(|| panic!("bad range {pair}")) as usize
    };
    (n(0), n(1))
}

// ---- search and show on the bundled catalogue ----

#[test]
fn search_by_name_puts_that_network_first() {
    let dir = Dir::new();
    let out = dir.cairn(&["search", "ukgovcamp"]).assert_ok();
    let first = out.stdout.lines().next().unwrap_or_default();
    assert!(
        first.starts_with("ukgovcamp"),
        "first line is {first:?}\n{out}"
    );
}

#[test]
fn show_json_is_the_record_with_that_id() {
    let dir = Dir::new();
    let out = dir.cairn(&["show", "ukgovcamp", "--json"]).assert_ok();
    out.stdout_has(r#""id": "ukgovcamp""#);
    let record = out.json();
    assert_eq!(record["id"], "ukgovcamp", "{out}");
    assert_eq!(record["name"], "UKGovCamp", "{out}");
}

#[test]
fn search_json_has_total_ids_and_snippet_highlights_inside_the_text() {
    let dir = Dir::new();
    let out = dir.cairn(&["search", "design", "--json"]).assert_ok();
    let doc = out.json();
    let results = doc["results"].as_array().expect("results is a list");
    assert!(!results.is_empty(), "{out}");
    let total = doc["total"].as_u64().expect("total is a number") as usize;
    assert!(total >= results.len(), "{out}");
    let mut marked_design = false;
    for r in results {
        assert!(r["id"].as_str().is_some_and(|id| !id.is_empty()), "{r}");
        let text = r["snippet"]["text"].as_str().expect("snippet text");
        let highlights = r["snippet"]["highlights"]
            .as_array()
            .expect("highlights is a list");
        for pair in highlights {
            let (start, end) = range(pair);
            let word = text
                .get(start..end)
                .unwrap_or_else(|| panic!("{start}..{end} is not a slice of {text:?}"));
            marked_design |= word.to_lowercase().contains("design");
        }
    }
    assert!(
        marked_design,
        "no snippet highlights a word containing \"design\"\n{out}"
    );
}

#[test]
fn limit_one_returns_one_result_and_says_how_many_matched() {
    let dir = Dir::new();
    let out = dir
        .cairn(&["search", "design", "--limit", "1", "--json"])
        .assert_ok();
    assert_eq!(ids(&out).len(), 1, "{out}");
    assert!(out.json()["total"].as_u64().unwrap() > 1, "{out}");

    let text = dir.cairn(&["search", "design", "-n", "1"]).assert_ok();
    text.stderr_has("1 of ").stderr_has("--limit");
    let id_lines = text
        .stdout
        .lines()
        .filter(|l| !l.is_empty() && !l.starts_with(' '));
    assert_eq!(id_lines.count(), 1, "{text}");
}

#[test]
fn region_filter_keeps_only_networks_in_that_region() {
    let dir = Dir::new();
    let out = dir
        .cairn(&["search", "region:AU", "--json", "--limit", "500"])
        .assert_ok();
    let doc = out.json();
    let results = doc["results"].as_array().unwrap();
    assert!(!results.is_empty(), "{out}");
    assert_eq!(
        doc["total"].as_u64().unwrap() as usize,
        results.len(),
        "{out}"
    );
    // Networks in Australia first, then those covering it through a group
    // (Oceania, Asia-Pacific); never a global one or one elsewhere.
    let covers = |c: &serde_json::Value| {
        let code = c.as_str().unwrap_or_default();
        code == "AU" || cairn::model::regions::ancestors("AU").contains(&code)
    };
    let mut through_group = false;
    for r in results {
        let regions = r["network"]["regions"].as_array().expect("regions list");
        let direct = regions.iter().any(|c| c == "AU");
        assert!(
            direct || regions.iter().any(covers),
            "{} does not cover AU: {regions:?}",
            r["id"]
        );
        assert!(!(through_group && direct), "AU networks come first: {out}");
        through_group |= !direct;
    }
    let lower = dir
        .cairn(&["search", "region:au", "--json", "--limit", "500"])
        .assert_ok();
    assert_eq!(ids(&lower), ids(&out), "region codes ignore case");
}

#[test]
fn unaccented_query_finds_an_accented_bundled_name() {
    let dir = Dir::new();
    // "Red de Transparencia y Acceso a la Información"
    let out = dir.cairn(&["search", "informacion", "--json"]).assert_ok();
    assert!(ids(&out).contains(&"rta".to_string()), "{out}");
}

#[test]
fn zurich_finds_zürich_and_highlights_the_accented_word() {
    let dir = Dir::new();
    let file = fixture("small.json");
    let cat = file.to_str().unwrap();
    let out = dir
        .cairn(&["--catalogue", cat, "search", "zurich", "--json"])
        .assert_ok();
    let doc = out.json();
    let first = &doc["results"][0];
    assert_eq!(first["id"], "zurich-service-circle", "{out}");
    let name = first["name"].as_str().unwrap();
    let (start, end) = range(&first["name_highlights"][0]);
    assert_eq!(&name[start..end], "Zürich", "{out}");
}

#[test]
fn unknown_filter_fails_naming_the_filters_there_are() {
    let dir = Dir::new();
    let out = dir.cairn(&["search", "colour:red"]).assert_fails();
    out.stderr_has("colour:")
        .stderr_has("region:")
        .stderr_has("membership:");
    assert!(out.stdout.is_empty(), "{out}");
}

#[test]
fn misspelt_filter_value_fails_listing_the_choices() {
    let dir = Dir::new();
    let out = dir.cairn(&["search", "membership:opne"]).assert_fails();
    out.stderr_has("opne").stderr_has("open, closed, mixed");
    assert!(out.stdout.is_empty(), "{out}");
}

#[test]
fn error_messages_do_not_repeat_their_cause() {
    let dir = Dir::new();
    let out = dir.cairn(&["search", "colour:red"]).assert_fails();
    let mentions = out.stderr.matches("unknown filter").count();
    assert_eq!(
        mentions, 1,
        "the message is repeated as its own cause\n{out}"
    );

    let out = dir
        .cairn(&["--catalogue", "gone.json", "show", "x"])
        .assert_fails();
    let mentions = out.stderr.matches("No such file").count();
    assert_eq!(
        mentions, 1,
        "the reason is repeated as its own cause\n{out}"
    );
}

#[test]
fn empty_query_fails_with_an_example() {
    let dir = Dir::new();
    for query in ["", "   "] {
        let out = dir.cairn(&["search", query]).assert_fails();
        out.stderr_has("the search is empty")
            .stderr_has("cairn search design");
    }
}

#[test]
fn show_unknown_id_suggests_the_close_one() {
    let dir = Dir::new();
    let out = dir.cairn(&["show", "ukgovcmp"]).assert_fails();
    out.stderr_has("ukgovcmp")
        .stderr_has("did you mean")
        .stderr_has("ukgovcamp");
    assert!(out.stdout.is_empty(), "{out}");
}

// ---- catalogue validate ----

#[test]
fn validate_accepts_the_bundled_catalogue() {
    let dir = Dir::new();
    let bundled = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/catalogue.json");
    let out = dir
        .cairn(&["catalogue", "validate", bundled.to_str().unwrap()])
        .assert_ok();
    out.stdout_has("263 networks load").stdout_has("0 error(s)");
}

#[test]
fn validate_lists_every_problem_with_record_id_and_field() {
    let dir = Dir::new();
    dir.copy_fixture("problems.json");
    let out = dir
        .cairn(&["catalogue", "validate", "problems.json"])
        .assert_fails();
    let expected = [
        (
            "record 2 (sometimes-club), field `membership`",
            "\"sometimes\"",
        ),
        ("record 3 (good-harbour-lab), field `id`", "duplicate id"),
        (
            "record 4 (broken-link-network), field `url`",
            "not a usable web address",
        ),
        ("record 5 (Bad_Slug), field `id`", "lowercase slug"),
        ("record 6 (kingdom-collective), field `regions`", "\"GB\""),
        ("record 7 (nameless-network), field `name`", "missing"),
    ];
    for (place, why) in expected {
        let line = out
            .stdout
            .lines()
            .find(|l| l.contains(place))
            .unwrap_or_else(|| panic!("no problem reported at {place}\n{out}"));
        assert!(
            line.starts_with("error: ") && line.contains(why),
            "{line:?} lacks {why:?}\n{out}"
        );
    }
    out.stdout_has("4 networks load; 6 error(s)");
}

#[test]
fn validate_reports_line_and_column_of_malformed_json() {
    let dir = Dir::new();
    let file = fixture("malformed.json");
    let out = dir
        .cairn(&["catalogue", "validate", file.to_str().unwrap()])
        .assert_fails();
    out.stdout_has("malformed.json")
        .stdout_has("line 4, column 53");
}

#[test]
fn validate_reads_csv_with_a_bom_and_semicolon_lists() {
    let dir = Dir::new();
    let file = fixture("small.csv");
    assert!(
        fs::read(&file).unwrap().starts_with(b"\xEF\xBB\xBF"),
        "the fixture keeps its BOM"
    );
    let out = dir
        .cairn(&["catalogue", "validate", file.to_str().unwrap()])
        .assert_ok();
    out.stdout_has("2 networks load; 0 error(s), 0 warning(s)");
}

#[test]
fn validate_json_lists_problems_as_data() {
    let dir = Dir::new();
    let problems = fixture("problems.json");
    let out = dir
        .cairn(&[
            "catalogue",
            "validate",
            "--json",
            problems.to_str().unwrap(),
        ])
        .assert_fails();
    let doc = out.json();
    assert_eq!(doc["valid"], false, "{out}");
    assert_eq!(doc["networks"], 4, "{out}");
    let list = doc["problems"].as_array().unwrap();
    assert_eq!(list.len(), 6, "{out}");
    assert!(
        list.iter().any(|p| p["severity"] == "error"
            && p["record"] == 5
            && p["id"] == "Bad_Slug"
            && p["field"] == "id"),
        "{out}"
    );

    let malformed = fixture("malformed.json");
    let out = dir
        .cairn(&[
            "catalogue",
            "validate",
            "--json",
            malformed.to_str().unwrap(),
        ])
        .assert_fails();
    let doc = out.json();
    assert_eq!(doc["valid"], false, "{out}");
    assert!(
        doc["problems"][0]["message"]
            .as_str()
            .unwrap()
            .contains("line 4"),
        "{out}"
    );

    let csv = fixture("small.csv");
    let out = dir
        .cairn(&["catalogue", "validate", "--json", csv.to_str().unwrap()])
        .assert_ok();
    assert_eq!(out.json()["valid"], true, "{out}");
}

// ---- --catalogue FILE ----

#[test]
fn catalogue_file_replaces_the_bundled_networks_in_search() {
    let dir = Dir::new();
    let file = fixture("small.json");
    let cat = file.to_str().unwrap();
    let out = dir
        .cairn(&["--catalogue", cat, "search", "quokka", "--json"])
        .assert_ok();
    assert_eq!(ids(&out), ["quokka-data-guild"], "{out}");

    let out = dir
        .cairn(&["--catalogue", cat, "search", "ukgovcamp"])
        .assert_ok();
    assert!(
        out.stdout.is_empty(),
        "bundled networks leak into a file catalogue\n{out}"
    );
    out.stderr_has("No networks match");

    let all = dir
        .cairn(&["--catalogue", cat, "search", "region:AU", "--json"])
        .assert_ok();
    assert_eq!(ids(&all), ["quokka-data-guild"], "{all}");
    dir.cairn(&["--catalogue", cat, "show", "ukgovcamp"])
        .assert_fails();
}

#[test]
fn show_from_a_catalogue_file_says_which_file() {
    let dir = Dir::new();
    let file = fixture("small.json");
    let cat = file.to_str().unwrap();
    let out = dir
        .cairn(&["show", "quokka-data-guild", "--catalogue", cat])
        .assert_ok();
    out.stdout_has("Quokka Data Guild")
        .stdout_has("whole-of-government");
    let from = out
        .stdout
        .lines()
        .find(|l| l.starts_with("from"))
        .unwrap_or_else(|| panic!("no `from` line\n{out}"));
    assert!(from.ends_with(cat), "{from:?} does not name {cat}\n{out}");
}

#[test]
fn csv_catalogue_file_splits_lists_and_is_searchable() {
    let dir = Dir::new();
    let file = fixture("small.csv");
    let cat = file.to_str().unwrap();
    let out = dir
        .cairn(&["--catalogue", cat, "search", "kauri", "--json"])
        .assert_ok();
    assert_eq!(ids(&out), ["kauri-policy-lab"], "{out}");

    let out = dir
        .cairn(&["--catalogue", cat, "show", "kauri-policy-lab", "--json"])
        .assert_ok();
    let n = out.json();
    assert_eq!(n["regions"], serde_json::json!(["NZ", "AU"]), "{out}");
    assert_eq!(
        n["topics"],
        serde_json::json!(["design", "policy-labs"]),
        "{out}"
    );
    assert_eq!(n["sources"].as_array().map(Vec::len), Some(2), "{out}");
    assert_eq!(n["founded"], 2017, "{out}");

    let out = dir
        .cairn(&["--catalogue", cat, "search", "region:GB", "--json"])
        .assert_ok();
    assert_eq!(ids(&out), ["marram-foresight-ring"], "{out}");
}

/// The line under "index" in `cairn doctor`'s report: how the index is.
fn index_state(doctor: &str) -> &str {
    let mut lines = doctor.lines().skip_while(|l| !l.starts_with("index"));
    lines.nth(1).unwrap_or_default().trim()
}

#[test]
fn catalogue_file_index_is_reused_then_rebuilt_when_the_file_changes() {
    let dir = Dir::new();
    let path = dir.copy_fixture("small.json");
    let cat = path.to_str().unwrap();
    dir.cairn(&["--catalogue", cat, "search", "quokka"])
        .assert_ok();
    let out = dir.cairn(&["--catalogue", cat, "doctor"]).assert_ok();
    let state = index_state(&out.stdout);
    assert_eq!(
        state, "ready",
        "the second run should reuse the index\n{out}"
    );

    // Same length, so only the modification time tells the two apart.
    let before = fs::metadata(&path).unwrap().modified().unwrap();
    let text = fs::read_to_string(&path).unwrap();
    let changed = text.replace("Quokka", "Wombat").replace("quokka", "wombat");
    assert_eq!(changed.len(), text.len());
    fs::write(&path, changed).unwrap();
    let file = fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(before + Duration::from_secs(5)).unwrap();
    drop(file);

    let out = dir
        .cairn(&["--catalogue", cat, "search", "wombat", "--json"])
        .assert_ok();
    assert_eq!(ids(&out), ["wombat-data-guild"], "{out}");
    let out = dir
        .cairn(&["--catalogue", cat, "search", "quokka", "--json"])
        .assert_ok();
    assert!(
        ids(&out).is_empty(),
        "the old content is still searched\n{out}"
    );
    dir.cairn(&["--catalogue", cat, "doctor"])
        .assert_ok()
        .stdout_has("ready");
    let slots = index_dirs(dir.path(), "file-");
    assert_eq!(
        slots.len(),
        1,
        "the outdated index was not removed: {slots:?}"
    );
}

#[test]
fn missing_catalogue_file_is_named_in_the_error() {
    let dir = Dir::new();
    let out = dir
        .cairn(&["--catalogue", "no-such-catalogue.json", "search", "design"])
        .assert_fails();
    out.stderr_has("cannot read no-such-catalogue.json");
    assert!(out.stdout.is_empty(), "{out}");
}

#[test]
fn malformed_catalogue_file_fails_with_line_and_column() {
    let dir = Dir::new();
    let file = fixture("malformed.json");
    let out = dir
        .cairn(&["--catalogue", file.to_str().unwrap(), "search", "design"])
        .assert_fails();
    out.stderr_has("malformed.json")
        .stderr_has("line 4, column 53");
}

#[test]
fn invalid_records_are_skipped_with_a_warning_and_the_rest_load() {
    let dir = Dir::new();
    dir.copy_fixture("problems.json");
    let cat = ["--catalogue", "problems.json"];
    let search = |q: &str| {
        dir.cairn(&[&cat[..], &["search", q, "--json"]].concat())
            .assert_ok()
    };

    let out = search("harbour");
    assert_eq!(
        ids(&out),
        ["good-harbour-lab"],
        "the duplicate must not replace the first\n{out}"
    );
    out.stderr_has("warning")
        .stderr_has("skipped")
        .stderr_has("problems.json");
    // A bad field is dropped but its record still loads.
    assert_eq!(ids(&search("sometimes")), ["sometimes-club"]);
    assert_eq!(ids(&search("broken")), ["broken-link-network"]);
    assert_eq!(ids(&search("kingdom")), ["kingdom-collective"]);
    // A record without a usable id or name does not.
    assert!(ids(&search("slug")).is_empty());
    assert!(ids(&search("nobody")).is_empty());
}

#[test]
fn skipped_count_counts_records_not_errors() {
    let dir = Dir::new();
    dir.copy_fixture("problems.json");
    // 7 records: 4 load, 3 are skipped (duplicate id, bad id, no name); the
    // other 3 errors only drop a field.
    let out = dir
        .cairn(&["--catalogue", "problems.json", "search", "harbour"])
        .assert_ok();
    out.stderr_has("3 record(s) of problems.json were skipped");
    let out = dir
        .cairn(&["--catalogue", "problems.json", "doctor", "--json"])
        .run();
    let doc = out.json();
    assert_eq!(doc["networks"], 4, "{out}");
    assert_eq!(doc["skipped"], 3, "{out}");
}

// ---- doctor and completions ----

#[test]
fn doctor_shows_paths_under_cairn_home_and_the_bundled_count() {
    let dir = Dir::new();
    let home = dir.path().display().to_string();
    let out = dir.cairn(&["doctor"]).assert_ok();
    out.stdout_has(&format!("data       {home}/data"))
        .stdout_has(&format!("config     {home}/config"))
        .stdout_has(&format!("cache      {home}/cache"))
        .stdout_has("bundled catalogue (263 networks)")
        .stdout_has(&format!("{home}/cache/index/main-"));
    // The first run builds the index; the next finds it.
    dir.cairn(&["doctor"]).assert_ok().stdout_has("ready");
}

#[test]
fn doctor_json_parses_and_agrees_with_the_text() {
    let dir = Dir::new();
    let out = dir.cairn(&["doctor", "--json"]).assert_ok();
    let doc = out.json();
    assert_eq!(doc["networks"], 263, "{out}");
    assert_eq!(doc["skipped"], 0, "{out}");
    assert_eq!(doc["healthy"], true, "{out}");
    assert_eq!(
        doc["data"],
        dir.path().join("data").to_str().unwrap(),
        "{out}"
    );
    assert_eq!(
        doc["cache"],
        dir.path().join("cache").to_str().unwrap(),
        "{out}"
    );
    assert_eq!(doc["catalogue"], "bundled catalogue", "{out}");
}

#[test]
fn completions_bash_prints_a_script_for_cairn() {
    let dir = Dir::new();
    let out = dir.cairn(&["completions", "bash"]).assert_ok();
    out.stdout_has("cairn").stdout_has("complete");
    assert!(out.stderr.is_empty(), "{out}");
}

// ---- the index on disk ----

#[test]
fn unwritable_cache_falls_back_to_an_in_memory_index() {
    let dir = Dir::new();
    // A file where the cache folder should be: even root cannot make
    // folders under it, unlike a folder without write permission.
    dir.create("cache", "not a folder");
    let out = dir.cairn(&["search", "ukgovcamp"]).assert_ok();
    assert!(out.stdout.starts_with("ukgovcamp"), "{out}");
    out.stderr_has("warning").stderr_has("in memory");

    let out = dir.cairn(&["doctor"]).assert_fails();
    out.stdout_has("in memory");
    assert_eq!(
        fs::read_to_string(dir.path().join("cache")).unwrap(),
        "not a folder"
    );
}

#[test]
fn garbled_index_files_are_rebuilt() {
    let dir = Dir::new();
    dir.cairn(&["search", "design"]).assert_ok();
    let index = bundled_index(dir.path());
    for entry in fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        if path.is_file() {
            fs::write(&path, "this is not an index").unwrap();
        }
    }
    let out = dir.cairn(&["search", "ukgovcamp"]).assert_ok();
    assert!(out.stdout.starts_with("ukgovcamp"), "{out}");
    dir.cairn(&["doctor"]).assert_ok().stdout_has("ready");
}

#[test]
fn garbled_segments_behind_an_intact_description_are_rebuilt() {
    let dir = Dir::new();
    dir.cairn(&["search", "design"]).assert_ok();
    let index = bundled_index(dir.path());
    for entry in fs::read_dir(&index).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_name().unwrap().to_string_lossy().into_owned();
        if path.is_file() && !name.starts_with('.') && !name.ends_with(".json") {
            fs::write(&path, "this is not a segment").unwrap();
        }
    }
    let out = dir.cairn(&["search", "ukgovcamp"]).assert_ok();
    assert!(out.stdout.starts_with("ukgovcamp"), "{out}");
    dir.cairn(&["doctor"]).assert_ok().stdout_has("ready");
}

#[test]
fn index_without_its_description_is_rebuilt() {
    let dir = Dir::new();
    dir.cairn(&["search", "design"]).assert_ok();
    fs::remove_file(bundled_index(dir.path()).join("cairn-index.json")).unwrap();
    let out = dir.cairn(&["search", "ukgovcamp"]).assert_ok();
    assert!(out.stdout.starts_with("ukgovcamp"), "{out}");
    dir.cairn(&["doctor"]).assert_ok().stdout_has("ready");
    assert!(bundled_index(dir.path()).join("cairn-index.json").is_file());
}

#[test]
fn concurrent_first_searches_all_succeed_and_leave_one_index() {
    let dir = Dir::new();
    let children: Vec<_> = (0..4)
        .map(|_| {
            let mut cmd = dir.cairn(&["search", "design"]);
            let child = cmd
                .raw()
                .stdout(Stdio::piped())
                .stderr(Stdio::piped())
                .spawn()
                .expect("spawn cairn");
            (format!("{:?}", cmd.raw()), child)
        })
        .collect();
    for (command, child) in children {
        let out = Outcome::new(command, child.wait_with_output().unwrap());
        assert_eq!(out.code, Some(0), "{out}");
        assert!(!out.stdout.is_empty(), "{out}");
    }
    bundled_index(dir.path());
    let leftovers = index_dirs(dir.path(), ".building-");
    assert!(
        leftovers.is_empty(),
        "half-built indexes left behind: {leftovers:?}"
    );
    dir.cairn(&["doctor"]).assert_ok().stdout_has("ready");
}

// ---- pipes ----

/// Runs `cairn --catalogue big.json search alpha ARGS` over a catalogue big
/// enough that its results overflow a pipe's buffer (the bundled one's
/// results fit in it), reads one line, closes the pipe and waits.
fn read_one_line_then_close(args: &[&str]) -> Outcome {
    let dir = Dir::new();
    let networks: Vec<Value> = (0..1500)
        .map(|i| {
            serde_json::json!({
                "id": format!("alpha-network-{i}"),
                "name": format!("Alpha Network {i}"),
                "summary": "Alpha practitioners meet to compare notes on services, data and design. ".repeat(3),
                "sources": ["https://alpha.example.org/"],
            })
        })
        .collect();
    let doc = serde_json::json!({ "schema": "cairn.catalogue/1", "networks": networks });
    dir.create("big.json", doc.to_string());
    // Build the index first, so the pipe closes while results are written.
    dir.cairn(&["--catalogue", "big.json", "doctor"])
        .assert_ok();

    let mut cmd = dir.cairn(
        &[
            &[
                "--catalogue",
                "big.json",
                "search",
                "alpha",
                "--limit",
                "1500",
            ],
            args,
        ]
        .concat(),
    );
    let mut child = cmd
        .raw()
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn cairn");
    let mut line = String::new();
    BufReader::new(child.stdout.take().unwrap())
        .read_line(&mut line)
        .unwrap();
    assert!(!line.is_empty(), "no output before the pipe closed");
    Outcome::new(
        format!("{:?}", cmd.raw()),
        child.wait_with_output().unwrap(),
    )
}

#[test]
fn closing_the_pipe_early_is_not_an_error() {
    let out = read_one_line_then_close(&[]);
    assert_eq!(out.code, Some(0), "{out}");
    assert!(out.stderr.is_empty(), "{out}");
}

#[test]
fn closing_the_pipe_early_on_json_output_is_not_an_error() {
    let out = read_one_line_then_close(&["--json"]);
    assert_eq!(out.code, Some(0), "{out}");
    assert!(out.stderr.is_empty(), "{out}");
}

#[test]
fn an_ended_network_is_marked_in_search_and_show_with_when_it_was_last_seen() {
    let dir = Dir::new();
    let out = dir.cairn(&["search", "KEINO"]).assert_ok();
    let first = out.stdout.lines().next().unwrap_or_default().to_string();
    assert!(
        first.starts_with("keino  ") && first.contains("(ended 2024)"),
        "{out}"
    );
    let out = dir.cairn(&["show", "keino"]).assert_ok();
    out.stdout_has("(ended 2024)")
        .stdout_has("ended 2024 · last seen active 2024");
    // A network still running says nothing of the kind.
    let out = dir.cairn(&["show", "ukgovcamp"]).assert_ok();
    assert!(!out.stdout.contains("ended"), "{out}");
}

#[test]
fn status_is_shown_as_what_it_means() {
    let dir = Dir::new();
    let validated = dir.cairn(&["show", "ukgovcamp"]).assert_ok();
    validated.stdout_has("checked in 2+ sources");
    assert!(!validated.stdout.contains("validated"), "{validated}");
}

#[test]
fn show_prints_your_star_membership_and_note_and_search_filters_on_them() {
    let dir = Dir::new();
    dir.create(
        "data/annotations.json",
        r#"{"version": 1, "networks": {
            "keino": {"starred": true, "member": true, "note": "met Ana Zebrowska at the lab day"},
            "ukgovcamp": {"note": "ask about the pitch sessions"}
        }}"#,
    );
    let out = dir.cairn(&["show", "keino"]).assert_ok();
    out.stdout_has("★ starred · ● member")
        .stdout_has("met Ana Zebrowska at the lab day");
    let out = dir.cairn(&["show", "one-team-gov"]).assert_ok();
    assert!(
        !out.stdout.contains("★") && !out.stdout.contains("your note"),
        "{out}"
    );

    let out = dir.cairn(&["search", "starred:yes", "--json"]).assert_ok();
    assert_eq!(ids(&out), ["keino"]);
    let out = dir.cairn(&["search", "noted:yes", "--json"]).assert_ok();
    let mut noted = ids(&out);
    noted.sort();
    assert_eq!(noted, ["keino", "ukgovcamp"]);
    let out = dir
        .cairn(&["search", "member:no", "--limit", "1000", "--json"])
        .assert_ok();
    assert_eq!(out.json()["total"], 262, "{out}");
    let out = dir.cairn(&["search", "starred:maybe"]).assert_fails();
    out.stderr_has("yes or no");

    // A word only the note holds finds the network, shown by the note.
    let out = dir.cairn(&["search", "zebrowska"]).assert_ok();
    out.stdout_has("keino")
        .stdout_has("your note: met Ana Zebrowska");
    // Filters still apply to what notes find.
    let out = dir.cairn(&["search", "pitch", "region:AU", "--json"]).run();
    assert!(!out.stdout.contains("ukgovcamp"), "{out}");
}

#[test]
fn ended_and_active_filters_split_the_catalogue_by_whether_a_network_stopped() {
    let dir = Dir::new();
    let ended = dir
        .cairn(&["search", "ended:yes", "--limit", "1000", "--json"])
        .assert_ok();
    let ended_ids = ids(&ended);
    assert!(ended_ids.contains(&"keino".to_string()), "{ended}");
    for r in ended.json()["results"].as_array().unwrap() {
        assert!(r["network"]["ended"].is_number(), "{r}");
    }
    let active = dir
        .cairn(&["search", "active:yes", "--limit", "1000", "--json"])
        .assert_ok();
    assert_eq!(
        ended_ids.len() + ids(&active).len(),
        263,
        "every network is one or the other"
    );
    assert!(!ids(&active).contains(&"keino".to_string()));
}

#[test]
fn version_names_the_commit_and_the_build_day() {
    let dir = Dir::new();
    let out = dir.cairn(&["--version"]).assert_ok();
    let line = out.stdout.trim();
    let rest = line
        .strip_prefix(&format!("cairn {} (", env!("CARGO_PKG_VERSION")))
        .unwrap_or_else(|| panic!("{line}"));
    let (commit, day) = rest.trim_end_matches(')').split_once(' ').unwrap();
    assert!(
        commit == "unknown" || (commit.len() >= 7 && commit.chars().all(|c| c.is_ascii_hexdigit())),
        "{line}"
    );
    assert!(
        time::Date::parse(
            day,
            time::macros::format_description!("[year]-[month]-[day]")
        )
        .is_ok(),
        "{line}"
    );
}

#[test]
fn doctor_says_what_matters_on_a_strange_machine_and_hides_proxy_passwords() {
    let dir = Dir::new();
    let out = dir
        .cairn(&["doctor"])
        .env("HTTPS_PROXY", "http://ana:s3cret@proxy.example:8080")
        .env("TERM", "xterm-256color")
        .assert_ok();
    out.stdout_has("terminal   xterm-256color")
        .stdout_has("proxy      HTTPS_PROXY=http://ana:***@proxy.example:8080")
        .stdout_has("TLS roots  the operating system's trust store")
        .stdout_has("your key   none yet");
    assert!(!out.stdout.contains("s3cret"), "{out}");
    let json = dir
        .cairn(&["doctor", "--json"])
        .env("HTTPS_PROXY", "http://ana:s3cret@proxy.example:8080")
        .assert_ok();
    assert!(!json.stdout.contains("s3cret"), "{json}");
    assert!(json.json()["machine"]["folders"].is_array());
}

#[test]
fn assets_for_packaging_are_man_pages_and_completions() {
    let dir = Dir::new();
    dir.cairn(&["assets", "out"]).assert_ok();
    let out = dir.path().join("out");
    let main = fs::read_to_string(out.join("man/cairn.1")).unwrap();
    for command in [
        "search", "journal", "share", "publish", "trust", "sync", "doctor",
    ] {
        assert!(main.contains(command), "cairn.1 lacks {command}");
        assert!(
            out.join(format!("man/cairn-{command}.1")).is_file(),
            "{command}"
        );
    }
    let add = fs::read_to_string(out.join("man/cairn-journal-add.1")).unwrap();
    assert!(add.contains("cairn\\-journal\\-add"), "{add}");
    for script in [
        "cairn.bash",
        "_cairn",
        "cairn.fish",
        "_cairn.ps1",
        "cairn.elv",
    ] {
        let path = out.join("completions").join(script);
        assert!(
            fs::metadata(&path).is_ok_and(|m| m.len() > 100),
            "{}",
            path.display()
        );
    }
}
