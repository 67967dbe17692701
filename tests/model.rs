//! Catalogue records: validation of single records and whole documents (table
//! tests), the JSON catalogue format round trip (proptest), and the bundled
//! catalogue.

use std::collections::{BTreeSet, HashSet};

use cairn::catalogue::{self, CatalogueError, Format};
use cairn::model::{
    self, Formality, Maturity, Membership, Network, Problem, RunBy, Scope, Severity, Status,
    validate_catalogue, validate_record,
};
use proptest::prelude::*;
use proptest::sample::{select, subsequence};
use serde_json::{Map, Value, json};

// ---------------------------------------------------------------------------
// Single records

/// A record that loads without a single problem; rows change it.
fn base() -> Map<String, Value> {
    let Value::Object(map) = json!({
        "id": "test-net",
        "name": "Test Net",
        "summary": "A network that only exists in tests.",
        "sources": ["https://example.org/about"],
    }) else {
        unreachable!()
    };
    map
}

/// The base record with `patch` laid over it.
fn with(patch: Value) -> Value {
    let mut map = base();
    map.extend(patch.as_object().expect("a patch is an object").clone());
    Value::Object(map)
}

/// The base record without `fields`.
fn without(fields: &[&str]) -> Value {
    let mut map = base();
    for f in fields {
        map.remove(*f);
    }
    Value::Object(map)
}

/// One row: a record and what validating it must give.
struct Row {
    what: &'static str,
    record: Value,
    /// Whether the record is skipped (no network comes back).
    skipped: bool,
    /// Fields with an error ("" for the record as a whole), as a set.
    errors: &'static [&'static str],
    /// Fields with a warning, as a set.
    warnings: &'static [&'static str],
    /// Fields the loaded network must not have (absent when written out).
    unset: &'static [&'static str],
    /// Fields the loaded network must have, with their written-out JSON.
    set: &'static [(&'static str, &'static str)],
    /// Text some problem's message must contain ("" for no check).
    message: &'static str,
}

const ROW: Row = Row {
    what: "",
    record: Value::Null,
    skipped: false,
    errors: &[],
    warnings: &[],
    unset: &[],
    set: &[],
    message: "",
};

fn fields_with(problems: &[Problem], severity: Severity) -> BTreeSet<&str> {
    problems
        .iter()
        .filter(|p| p.severity == severity)
        .map(|p| p.field.as_deref().unwrap_or(""))
        .collect()
}

fn check(row: &Row) {
    let what = row.what;
    let (network, problems) = validate_record(7, &row.record);
    assert_eq!(
        network.is_none(),
        row.skipped,
        "{what}: skipped? problems: {problems:#?}"
    );
    let errors: BTreeSet<&str> = row.errors.iter().copied().collect();
    let warnings: BTreeSet<&str> = row.warnings.iter().copied().collect();
    assert_eq!(
        fields_with(&problems, Severity::Error),
        errors,
        "{what}: errors in {problems:#?}"
    );
    assert_eq!(
        fields_with(&problems, Severity::Warning),
        warnings,
        "{what}: warnings in {problems:#?}"
    );
    for p in &problems {
        assert_eq!(p.record, Some(7), "{what}: position of {p:?}");
    }
    if !row.message.is_empty() {
        assert!(
            problems.iter().any(|p| p.message.contains(row.message)),
            "{what}: no message contains {:?} in {problems:#?}",
            row.message
        );
    }
    let Some(network) = network else { return };
    let written = serde_json::to_value(&network).unwrap();
    for field in row.unset {
        assert_eq!(
            written.get(*field),
            None,
            "{what}: `{field}` should be unset"
        );
    }
    for (field, expected) in row.set {
        let expected: Value = serde_json::from_str(expected).unwrap();
        assert_eq!(written.get(*field), Some(&expected), "{what}: `{field}`");
    }
}

#[test]
fn records_missing_id_name_or_summary_are_skipped_with_an_error_per_field() {
    let rows = [
        Row {
            what: "no id",
            record: without(&["id"]),
            skipped: true,
            errors: &["id"],
            message: "missing: every record needs a stable id",
            ..ROW
        },
        Row {
            what: "no name",
            record: without(&["name"]),
            skipped: true,
            errors: &["name"],
            message: "missing: every record needs a name",
            ..ROW
        },
        Row {
            what: "no summary",
            record: without(&["summary"]),
            skipped: true,
            errors: &["summary"],
            message: "summary",
            ..ROW
        },
        Row {
            what: "none of the three",
            record: without(&["id", "name", "summary"]),
            skipped: true,
            errors: &["id", "name", "summary"],
            ..ROW
        },
        Row {
            what: "blank name counts as missing",
            record: with(json!({"name": "   "})),
            skipped: true,
            errors: &["name"],
            ..ROW
        },
        Row {
            what: "null summary counts as missing",
            record: with(json!({"summary": null})),
            skipped: true,
            errors: &["summary"],
            ..ROW
        },
        Row {
            what: "id that is a number",
            record: with(json!({"id": 42})),
            skipped: true,
            errors: &["id"],
            message: "must be text, found a number",
            ..ROW
        },
        Row {
            what: "a record that is not an object",
            record: json!("test-net"),
            skipped: true,
            errors: &[""],
            message: "a record must be an object, found text",
            ..ROW
        },
    ];
    for row in &rows {
        check(row);
    }
}

#[test]
fn ids_must_be_lowercase_slugs_and_are_trimmed() {
    let bad = [
        "Test-Net",
        "TEST",
        "test net",
        "test--net",
        "test-net-",
        "-test-net",
        "test_net",
        "tëst",
        "test/net",
    ];
    for id in bad {
        let (network, problems) = validate_record(1, &with(json!({ "id": id })));
        assert!(network.is_none(), "{id:?} should be rejected");
        assert_eq!(
            fields_with(&problems, Severity::Error),
            BTreeSet::from(["id"]),
            "{id:?}"
        );
        assert!(
            problems[0].message.contains("not a lowercase slug"),
            "{id:?}: {problems:?}"
        );
        assert_eq!(
            problems[0].id.as_deref(),
            Some(id),
            "the problem names the bad id"
        );
    }
    let rows = [
        Row {
            what: "digits and single dashes",
            record: with(json!({"id": "2030-agenda-v2"})),
            set: &[("id", r#""2030-agenda-v2""#)],
            ..ROW
        },
        Row {
            what: "surrounding spaces are trimmed",
            record: with(json!({"id": "  test-net\n"})),
            set: &[("id", r#""test-net""#)],
            ..ROW
        },
    ];
    for row in &rows {
        check(row);
    }
}

#[test]
fn enum_fields_with_unknown_values_are_dropped_and_the_error_lists_the_choices() {
    let rows = [
        Row {
            what: "scope",
            record: with(json!({"scope": "regional"})),
            errors: &["scope"],
            unset: &["scope"],
            message: "unknown value \"regional\"; expected one of organisational, cross-sectoral, \
                      community, whole-of-government, international",
            ..ROW
        },
        Row {
            what: "membership",
            record: with(json!({"membership": "invite-only"})),
            errors: &["membership"],
            unset: &["membership"],
            message: "expected one of open, closed, mixed",
            ..ROW
        },
        Row {
            what: "formality",
            record: with(json!({"formality": "semi-formal"})),
            errors: &["formality"],
            unset: &["formality"],
            message: "expected one of formal, informal",
            ..ROW
        },
        Row {
            what: "run_by",
            record: with(json!({"run_by": "ngo"})),
            errors: &["run_by"],
            unset: &["run_by"],
            message: "expected one of government, intergovernmental, non-profit, commercial, \
                      academic, volunteer",
            ..ROW
        },
        Row {
            what: "maturity",
            record: with(json!({"maturity": "ancient"})),
            errors: &["maturity"],
            unset: &["maturity"],
            message: "expected one of emerging, established, mature",
            ..ROW
        },
        Row {
            what: "status falls back to submitted, which is not written out",
            record: with(json!({"status": "approved"})),
            errors: &["status"],
            unset: &["status"],
            message: "expected one of submitted, validated",
            ..ROW
        },
        Row {
            what: "an enum given as a number",
            record: with(json!({"membership": 1})),
            errors: &["membership"],
            unset: &["membership"],
            message: "must be text, found a number",
            ..ROW
        },
        Row {
            what: "a bad enum does not hide the good ones",
            record: with(json!({"scope": "galactic", "membership": "open", "maturity": "mature"})),
            errors: &["scope"],
            unset: &["scope"],
            set: &[("membership", r#""open""#), ("maturity", r#""mature""#)],
            ..ROW
        },
    ];
    for row in &rows {
        check(row);
    }
}

#[test]
fn enum_values_ignore_case_and_accept_underscores() {
    check(&Row {
        what: "loose spellings",
        record: with(json!({
            "run_by": "Non_Profit",
            "membership": "OPEN",
            "scope": " Whole_Of_Government ",
            "status": "Validated",
        })),
        set: &[
            ("run_by", r#""non-profit""#),
            ("membership", r#""open""#),
            ("scope", r#""whole-of-government""#),
            ("status", r#""validated""#),
        ],
        ..ROW
    });
}

#[test]
fn regions_are_canonical_iso_codes_or_groupings() {
    let rows = [
        Row {
            what: "lowercase codes are canonicalised and duplicates dropped",
            record: with(json!({"regions": ["au", "nz", "AU", "Nz"]})),
            set: &[("regions", r#"["AU", "NZ"]"#)],
            ..ROW
        },
        Row {
            what: "groupings keep their own spelling",
            record: with(json!({"regions": ["GLOBAL", "eu", "latam", "Asia-Pacific"]})),
            set: &[("regions", r#"["global", "EU", "LATAM", "Asia-Pacific"]"#)],
            ..ROW
        },
        Row {
            what: "a ;-separated text is a list",
            record: with(json!({"regions": "AU; nz ;"})),
            set: &[("regions", r#"["AU", "NZ"]"#)],
            ..ROW
        },
        Row {
            what: "UK is rejected with a hint to GB; the others load",
            record: with(json!({"regions": ["UK", "IE"]})),
            errors: &["regions"],
            set: &[("regions", r#"["IE"]"#)],
            message: "unknown region \"UK\" (did you mean \"GB\"?)",
            ..ROW
        },
        Row {
            what: "only unknown regions leaves none",
            record: with(json!({"regions": ["Atlantis"]})),
            errors: &["regions"],
            unset: &["regions"],
            message: "use ISO 3166 codes",
            ..ROW
        },
        Row {
            what: "APAC hints at Asia-Pacific",
            record: with(json!({"regions": ["APAC"]})),
            errors: &["regions"],
            unset: &["regions"],
            message: "did you mean \"Asia-Pacific\"?",
            ..ROW
        },
        Row {
            what: "regions that are not a list",
            record: with(json!({"regions": 61})),
            errors: &["regions"],
            unset: &["regions"],
            message: "must be a list of text, found a number",
            ..ROW
        },
    ];
    for row in &rows {
        check(row);
    }
}

#[test]
fn web_addresses_need_an_http_scheme_and_a_host() {
    let rows = [
        Row {
            what: "https url loads as written",
            record: with(
                json!({"url": "https://example.org/a?b=c", "lessons_url": "http://example.org/l"}),
            ),
            set: &[
                ("url", r#""https://example.org/a?b=c""#),
                ("lessons_url", r#""http://example.org/l""#),
            ],
            ..ROW
        },
        Row {
            what: "url without a scheme",
            record: with(json!({"url": "example.org"})),
            errors: &["url"],
            unset: &["url"],
            message: "\"example.org\" is not a usable web address",
            ..ROW
        },
        Row {
            what: "ftp url",
            record: with(json!({"url": "ftp://example.org/file"})),
            errors: &["url"],
            unset: &["url"],
            message: "it must start with https:// (found ftp:)",
            ..ROW
        },
        Row {
            what: "mailto is not a web address",
            record: with(json!({"url": "mailto:team@example.org"})),
            errors: &["url"],
            unset: &["url"],
            message: "found mailto:",
            ..ROW
        },
        Row {
            what: "lessons_url without a scheme",
            record: with(json!({"lessons_url": "www.example.org/lessons"})),
            errors: &["lessons_url"],
            unset: &["lessons_url"],
            ..ROW
        },
        Row {
            what: "bad sources are dropped, good ones kept",
            record: with(
                json!({"sources": ["ftp://example.org/a", "https://example.org/b", "example.org/c"]}),
            ),
            errors: &["sources"],
            set: &[("sources", r#"["https://example.org/b"]"#)],
            ..ROW
        },
        Row {
            what: "only bad sources is an error and a warning",
            record: with(json!({"sources": ["example.org/about"]})),
            errors: &["sources"],
            warnings: &["sources"],
            unset: &["sources"],
            message: "no sources",
            ..ROW
        },
        Row {
            what: "no sources at all is only a warning",
            record: without(&["sources"]),
            warnings: &["sources"],
            unset: &["sources"],
            message: "no sources: readers cannot check where the facts come from",
            ..ROW
        },
    ];
    for row in &rows {
        check(row);
    }
}

#[test]
fn years_must_be_numbers_between_1800_and_2200() {
    let rows = [
        Row {
            what: "edges of the range",
            record: with(json!({"founded": 1800, "ended": 2200, "last_seen_active": 2024})),
            set: &[
                ("founded", "1800"),
                ("ended", "2200"),
                ("last_seen_active", "2024"),
            ],
            ..ROW
        },
        Row {
            what: "before 1800",
            record: with(json!({"founded": 1799})),
            errors: &["founded"],
            unset: &["founded"],
            message: "1799 is not a year (a number such as 2016)",
            ..ROW
        },
        Row {
            what: "after 2200",
            record: with(json!({"ended": 2201})),
            errors: &["ended"],
            unset: &["ended"],
            ..ROW
        },
        Row {
            what: "negative",
            record: with(json!({"last_seen_active": -2020})),
            errors: &["last_seen_active"],
            unset: &["last_seen_active"],
            ..ROW
        },
        Row {
            what: "a fraction",
            record: with(json!({"founded": 2016.5})),
            errors: &["founded"],
            unset: &["founded"],
            ..ROW
        },
        Row {
            // Spreadsheet cells are text, so digits in a string still count.
            what: "digits as text are read as the year",
            record: with(json!({"founded": " 2016 "})),
            set: &[("founded", "2016")],
            ..ROW
        },
        Row {
            what: "words as text",
            record: with(json!({"founded": "about 2016"})),
            errors: &["founded"],
            unset: &["founded"],
            message: "\"about 2016\" is not a year",
            ..ROW
        },
        Row {
            what: "out-of-range year as text",
            record: with(json!({"founded": "1492"})),
            errors: &["founded"],
            unset: &["founded"],
            ..ROW
        },
        Row {
            what: "ended before founded is kept with a warning",
            record: with(json!({"founded": 2020, "ended": 2010})),
            warnings: &["ended"],
            set: &[("founded", "2020"), ("ended", "2010")],
            message: "ended (2010) is before founded (2020)",
            ..ROW
        },
        Row {
            what: "updated must look like a date",
            record: with(json!({"updated": "last week"})),
            errors: &["updated"],
            unset: &["updated"],
            message: "is not a date such as 2026-11-27",
            ..ROW
        },
        Row {
            what: "updated as a date",
            record: with(json!({"updated": "2026-11-27"})),
            set: &[("updated", r#""2026-11-27""#)],
            ..ROW
        },
    ];
    for row in &rows {
        check(row);
    }
}

#[test]
fn topics_outside_the_vocabulary_only_warn_but_non_slugs_are_dropped() {
    let rows = [
        Row {
            what: "unknown topic is kept with a warning",
            record: with(json!({"topics": ["design", "underwater-basket-weaving"]})),
            warnings: &["topics"],
            set: &[("topics", r#"["design", "underwater-basket-weaving"]"#)],
            message: "\"underwater-basket-weaving\" is not in cairn's topic vocabulary",
            ..ROW
        },
        Row {
            what: "vocabulary topics, duplicates dropped",
            record: with(json!({"topics": ["design", "data", "design"]})),
            set: &[("topics", r#"["design", "data"]"#)],
            ..ROW
        },
        Row {
            what: "a topic that is not a slug",
            record: with(json!({"topics": ["Open Government"]})),
            errors: &["topics"],
            unset: &["topics"],
            message: "is not a lowercase slug",
            ..ROW
        },
        Row {
            what: "list items that are not text",
            record: with(json!({"topics": ["design", 7]})),
            errors: &["topics"],
            set: &[("topics", r#"["design"]"#)],
            message: "list items must be text, found a number",
            ..ROW
        },
    ];
    for row in &rows {
        check(row);
    }
}

#[test]
fn unknown_fields_are_kept_in_extra_and_written_back_out() {
    let record = with(json!({
        "colour": "teal",
        "rank": 3,
        "nested": {"a": [1, "two", null]},
        "flag": false,
    }));
    check(&Row {
        what: "unknown fields",
        record: record.clone(),
        set: &[
            ("colour", r#""teal""#),
            ("rank", "3"),
            ("nested", r#"{"a": [1, "two", null]}"#),
            ("flag", "false"),
        ],
        ..ROW
    });
    let (network, _) = validate_record(1, &record);
    let network = network.unwrap();
    assert_eq!(network.extra.get("colour"), Some(&json!("teal")));
    assert_eq!(
        network.extra.len(),
        4,
        "only unknown fields go to extra: {:?}",
        network.extra
    );
    // Written out and read back, the record is the same.
    let again: Network = serde_json::from_value(serde_json::to_value(&network).unwrap()).unwrap();
    assert_eq!(again, network);
}

#[test]
fn text_a_terminal_would_act_on_is_removed_from_every_field_and_reported() {
    let rows = [
        Row {
            what: "an OSC 52 clipboard write in the name",
            record: with(
                json!({"name": "Test\u{1b}]52;c;Y3VybCBldmlsLmV4YW1wbGUgfCBzaA==\u{7} Net"}),
            ),
            errors: &["name"],
            set: &[("name", r#""Test Net""#)],
            message: "removed 1 terminal escape sequence",
            ..ROW
        },
        Row {
            what: "a bidi override and an 8-bit CSI in the summary",
            record: with(json!({"summary": "A \u{202e}txt.exe\u{9b}2J network"})),
            errors: &["summary"],
            set: &[("summary", r#""A txt.exe network""#)],
            message: "1 terminal escape sequence and 1 text-direction control",
            ..ROW
        },
        Row {
            what: "zero-width characters only warn",
            record: with(json!({"join": "Write to ad\u{200b}min", "contact": "x\u{ad}y"})),
            warnings: &["join", "contact"],
            set: &[("join", r#""Write to admin""#), ("contact", r#""xy""#)],
            message: "removed 1 invisible character",
            ..ROW
        },
        Row {
            what: "list items, an address and a year",
            record: with(json!({
                "activities": ["meetups\u{1b}[2J", "\u{7}"],
                "url": "https://example.org/\u{1b}]8;;https://evil.example\u{7}",
                "founded": "2016\u{200b}",
            })),
            errors: &["activities", "url"],
            warnings: &["founded"],
            set: &[
                ("activities", r#"["meetups"]"#),
                ("url", r#""https://example.org/""#),
                ("founded", "2016"),
            ],
            ..ROW
        },
        Row {
            what: "a name that is nothing but an escape sequence is missing",
            record: with(json!({"name": "\u{1b}[2J"})),
            skipped: true,
            errors: &["name"],
            message: "missing",
            ..ROW
        },
        Row {
            what: "unknown fields, their names and nested text",
            record: with(json!({
                "colour\u{1b}[8m": "teal\u{1b}]0;title\u{7}",
                "aliases": ["Net\u{2066}A\u{2069}", "ok"],
                "nested": {"k\u{200b}": ["\u{9d}8;;x\u{9c}v"]},
            })),
            errors: &["colour", "aliases", "nested"],
            set: &[
                ("colour", r#""teal""#),
                ("aliases", r#"["NetA", "ok"]"#),
                ("nested", r#"{"k": ["v"]}"#),
            ],
            ..ROW
        },
        Row {
            what: "a field name that cleans to a known one is read as it",
            record: without(&["summary"])
                .as_object()
                .map(|m| {
                    let mut m = m.clone();
                    m.insert(
                        "sum\u{200b}mary".into(),
                        json!("Found under a disguised name."),
                    );
                    Value::Object(m)
                })
                .unwrap(),
            warnings: &["summary"],
            set: &[("summary", r#""Found under a disguised name.""#)],
            ..ROW
        },
    ];
    for row in &rows {
        check(row);
    }
}

// ---------------------------------------------------------------------------
// Whole documents

fn record(id: &str) -> Value {
    with(json!({ "id": id, "name": format!("Network {id}") }))
}

#[test]
fn duplicate_ids_keep_the_first_record_and_report_the_second() {
    let doc = json!({
        "schema": model::CATALOGUE_SCHEMA,
        "networks": [record("a"), record("b"), with(json!({"id": "a", "name": "Impostor"}))],
    });
    let v = validate_catalogue(&doc).unwrap();
    let ids: Vec<&str> = v.networks.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["a", "b"]);
    assert_eq!(v.networks[0].name, "Network a");
    assert_eq!(v.problems.len(), 1, "{:?}", v.problems);
    let p = &v.problems[0];
    assert!(p.is_error());
    assert_eq!(
        (p.record, p.id.as_deref(), p.field.as_deref()),
        (Some(3), Some("a"), Some("id"))
    );
    assert!(p.message.contains("duplicate id"), "{p}");
}

#[test]
fn a_bad_record_is_reported_by_position_and_the_rest_still_load() {
    let doc = json!({
        "schema": model::CATALOGUE_SCHEMA,
        "networks": [record("a"), {"id": "b"}, 17, record("c")],
    });
    let v = validate_catalogue(&doc).unwrap();
    let ids: Vec<&str> = v.networks.iter().map(|n| n.id.as_str()).collect();
    assert_eq!(ids, ["a", "c"]);
    let positions: BTreeSet<Option<usize>> = v.problems.iter().map(|p| p.record).collect();
    assert_eq!(positions, BTreeSet::from([Some(2), Some(3)]));
    assert_eq!(
        v.error_count(),
        3,
        "name and summary of record 2, record 3: {:?}",
        v.problems
    );
    let shown = v.problems[0].to_string();
    assert_eq!(
        shown,
        "error: record 2 (b), field `name`: missing: every record needs a name"
    );
}

/// Well-formed JSON that is not a usable catalogue: (what, document, text
/// the rejection must contain so a person knows what to fix).
fn unusable_documents() -> Vec<(&'static str, Value, &'static str)> {
    vec![
        (
            "newer schema",
            json!({"schema": "cairn.catalogue/2", "networks": []}),
            "a newer catalogue may need a newer cairn",
        ),
        (
            "other schema",
            json!({"schema": "cairn.lessons/1", "networks": []}),
            "schema is \"cairn.lessons/1\"",
        ),
        (
            "schema not text",
            json!({"schema": 1, "networks": []}),
            "\"schema\" must be text",
        ),
        (
            "networks missing",
            json!({"schema": model::CATALOGUE_SCHEMA}),
            "\"networks\"",
        ),
        (
            "networks an object",
            json!({"schema": model::CATALOGUE_SCHEMA, "networks": {"a": record("a")}}),
            "\"networks\"",
        ),
        (
            "networks null",
            json!({"schema": model::CATALOGUE_SCHEMA, "networks": null}),
            "\"networks\"",
        ),
        ("a bare list of records", json!([record("a")]), "object"),
        ("a string", json!("cairn.catalogue/1"), "object"),
    ]
}

#[test]
fn documents_without_a_usable_schema_or_networks_list_are_rejected() {
    let mut wrong = Vec::new();
    for (what, doc, wanted) in unusable_documents() {
        let problem = validate_catalogue(&doc).expect_err(what);
        assert!(problem.is_error(), "{what}");
        assert_eq!(
            (problem.record, problem.field.as_deref()),
            (None, None),
            "{what}"
        );
        // The caller handed in a value, so there is no text to point into.
        if !problem.message.contains(wanted) || problem.message.contains(" at line ") {
            wrong.push(format!(
                "{what}: {:?} (wanted {wanted:?}, no position)",
                problem.message
            ));
        }
    }
    assert!(
        wrong.is_empty(),
        "unhelpful rejections:\n{}",
        wrong.join("\n")
    );
}

#[test]
fn well_formed_json_of_the_wrong_shape_is_not_called_invalid_json() {
    let mut wrong = Vec::new();
    for (what, doc, wanted) in unusable_documents() {
        let bytes = serde_json::to_vec_pretty(&doc).unwrap();
        let origin = std::path::Path::new("cat.json");
        let err = catalogue::parse(&bytes, Format::Json, Some(origin)).expect_err(what);
        let shown = err.to_string();
        let ok = matches!(err, CatalogueError::Document { .. })
            && shown.starts_with("cat.json ")
            && shown.contains(wanted);
        if !ok {
            wrong.push(format!("{what}: {shown:?}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "reported as broken JSON:\n{}",
        wrong.join("\n")
    );
    // Broken JSON still is.
    let err = catalogue::parse(b"{\"schema\": ", Format::Json, None).unwrap_err();
    assert!(matches!(err, CatalogueError::Json { .. }), "{err}");
}

#[test]
fn a_missing_schema_is_assumed_with_a_warning() {
    let v = validate_catalogue(&json!({ "networks": [record("a")] })).unwrap();
    assert_eq!(v.networks.len(), 1);
    assert_eq!(v.error_count(), 0);
    assert_eq!(v.problems.len(), 1);
    assert_eq!(v.problems[0].severity, Severity::Warning);
    assert!(
        v.problems[0]
            .message
            .contains("assuming \"cairn.catalogue/1\""),
        "{}",
        v.problems[0]
    );
}

#[test]
fn catalogue_parse_reports_a_rejected_document_as_an_error() {
    let err = catalogue::parse(
        br#"{"schema": "cairn.catalogue/9", "networks": []}"#,
        Format::Json,
        None,
    )
    .unwrap_err();
    assert!(err.to_string().contains("cairn.catalogue/9"), "{err}");
}

// ---------------------------------------------------------------------------
// Round trip of the catalogue format

/// Codes that validation keeps exactly as written.
const REGIONS: &[&str] = &[
    "AU", "NZ", "GB", "FR", "BR", "ZA", "JP", "global", "EU", "LATAM", "Africa",
];

/// Arbitrary text as validation leaves it: trimmed and not blank.
fn text() -> impl Strategy<Value = String> {
    prop_oneof![any::<String>(), "[a-zA-Zé中😀 \"'\n\t\\\\;,{}]{1,24}",]
        .prop_map(|s| s.trim().to_string())
        .prop_filter("validation drops blank text", |s| !s.is_empty())
        // Cleaning removes controls and invisible characters (U+17B4 …),
        // which any::<String>() sometimes draws.
        .prop_filter("validation cleans it", |s| {
            model::clean_text(s).0.trim() == s
        })
}

fn web_address() -> impl Strategy<Value = String> {
    "https://[a-z]{1,10}\\.(org|net|gov\\.au)(/[a-z0-9-]{1,10}){0,2}"
}

fn date() -> impl Strategy<Value = String> {
    "(19|20)[0-9]{2}-(0[1-9]|1[0-2])-(0[1-9]|[12][0-9])"
}

fn slugs() -> Vec<&'static str> {
    model::topics().iter().map(|t| t.slug).collect()
}

fn extra_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        // Unknown fields are cleaned like known ones (a line or paragraph
        // separator becomes a line break), so draw text cleaning keeps.
        any::<String>()
            .prop_filter("validation cleans it", |s| model::clean_text(s).0 == *s)
            .prop_map(Value::from),
        any::<i64>().prop_map(Value::from)
    ]
}

fn network() -> impl Strategy<Value = Network> {
    let required = ("[a-z0-9]{1,10}(-[a-z0-9]{1,6}){0,3}", text(), text());
    let texts = (
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(web_address()),
        proptest::option::of(text()),
        proptest::option::of(text()),
        proptest::option::of(web_address()),
        proptest::option::of(date()),
    );
    let lists = (
        subsequence(REGIONS.to_vec(), 0..=4).prop_shuffle(),
        subsequence(slugs(), 0..=3).prop_shuffle(),
        proptest::collection::vec(text(), 0..3),
        proptest::collection::vec(web_address(), 0..3),
    );
    let enums = (
        proptest::option::of(select(Scope::ALL)),
        proptest::option::of(select(Membership::ALL)),
        proptest::option::of(select(Formality::ALL)),
        proptest::option::of(select(RunBy::ALL)),
        proptest::option::of(select(Maturity::ALL)),
        select(Status::ALL),
    );
    let years = (
        proptest::option::of(1900..2100i32),
        proptest::option::of(1900..2100i32),
        proptest::option::of(1900..2100i32),
    );
    let extra = proptest::collection::btree_map("x_[a-z_]{1,8}", extra_value(), 0..3);
    (required, texts, lists, enums, years, extra).prop_map(
        |((id, name, summary), texts, lists, enums, years, extra)| {
            let mut n = Network::new(id, name, summary);
            (
                n.short_name,
                n.description,
                n.url,
                n.join,
                n.contact,
                n.lessons_url,
                n.updated,
            ) = texts;
            let (regions, topics, activities, sources) = lists;
            n.regions = regions.into_iter().map(String::from).collect();
            n.topics = topics.into_iter().map(String::from).collect();
            n.activities = activities;
            n.sources = sources;
            (
                n.scope,
                n.membership,
                n.formality,
                n.run_by,
                n.maturity,
                n.status,
            ) = enums;
            (n.founded, n.ended, n.last_seen_active) = years;
            n.extra = extra.into_iter().collect();
            n
        },
    )
}

/// Networks with distinct ids, as a catalogue holds them.
fn networks() -> impl Strategy<Value = Vec<Network>> {
    proptest::collection::vec(network(), 0..6).prop_map(|all| {
        let mut seen = HashSet::new();
        all.into_iter()
            .filter(|n| seen.insert(n.id.clone()))
            .collect()
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(64))]

    #[test]
    fn catalogue_json_reads_back_the_networks_it_wrote(networks in networks()) {
        let json = catalogue::to_json(&networks);
        let back = catalogue::parse(json.as_bytes(), Format::Json, None).unwrap();
        let errors: Vec<&Problem> = back.problems.iter().filter(|p| p.is_error()).collect();
        prop_assert!(errors.is_empty(), "errors: {:#?}\nin {}", errors, json);
        prop_assert_eq!(back.networks, networks);
    }
}

// ---------------------------------------------------------------------------
// The bundled catalogue

#[test]
fn bundled_catalogue_loads_without_errors_and_every_record_is_sourced_and_tagged() {
    let v = catalogue::bundled();
    let errors: Vec<String> = v
        .problems
        .iter()
        .filter(|p| p.is_error())
        .map(|p| p.to_string())
        .collect();
    assert!(
        errors.is_empty(),
        "errors in the bundled catalogue:\n{}",
        errors.join("\n")
    );
    assert!(v.networks.len() >= 95, "only {} networks", v.networks.len());
    let mut ids = HashSet::new();
    for n in &v.networks {
        assert!(ids.insert(n.id.as_str()), "duplicate id {}", n.id);
        assert!(!n.sources.is_empty(), "{} has no source", n.id);
        assert!(!n.topics.is_empty(), "{} has no topic", n.id);
    }
}

#[test]
fn every_id_of_the_first_bundled_catalogue_is_still_there() {
    // Ids are how stars, notes, journal links and synced copies find a
    // network again: a rebuilt catalogue may add ids but never drop one.
    let old = include_str!("fixtures/catalogue_ids_v1.txt");
    let now: HashSet<String> = catalogue::bundled()
        .networks
        .into_iter()
        .map(|n| n.id)
        .collect();
    let missing: Vec<&str> = old
        .lines()
        .map(str::trim)
        .filter(|id| !id.is_empty() && !now.contains(*id))
        .collect();
    assert_eq!(old.lines().count(), 177);
    assert!(missing.is_empty(), "ids dropped: {missing:?}");
}

// ---------------------------------------------------------------------------
// Aliases and keywords

#[test]
fn aliases_and_keywords_are_read_as_lists_of_clean_text() {
    let (n, problems) = validate_record(
        1,
        &with(json!({
            "aliases": ["  Réseau des Territoires Innovants ", "", null, "réseau des territoires innovants"],
            "keywords": ["service-design", "open-data", "service-design"],
        })),
    );
    assert!(problems.is_empty(), "{problems:?}");
    let n = n.unwrap();
    assert_eq!(n.aliases, ["Réseau des Territoires Innovants"]);
    assert_eq!(n.keywords, ["service-design", "open-data"]);
    // Written back out under the same names.
    let back = serde_json::to_value(&n).unwrap();
    assert_eq!(back["aliases"], json!(["Réseau des Territoires Innovants"]));
    assert_eq!(back["keywords"], json!(["service-design", "open-data"]));
}

#[test]
fn bad_aliases_and_keywords_are_reported_with_their_record_and_field() {
    let (n, problems) = validate_record(
        3,
        &with(json!({
            "aliases": "Former Name; Nom français",
            "keywords": [42, "nudge\u{1b}]0;title\u{7}"],
        })),
    );
    let n = n.expect("a bad list item does not lose the record");
    // A single string is read as a `;` list, as a spreadsheet cell would be.
    assert_eq!(n.aliases, ["Former Name", "Nom français"]);
    assert_eq!(n.keywords, ["nudge"]);
    let fields: Vec<(Option<usize>, Option<&str>, bool)> = problems
        .iter()
        .map(|p| (p.record, p.field.as_deref(), p.is_error()))
        .collect();
    assert_eq!(
        fields,
        [
            (Some(3), Some("keywords"), true),
            (Some(3), Some("keywords"), true)
        ],
        "{problems:?}"
    );
    let (_, problems) = validate_record(4, &with(json!({"aliases": {"fr": "Nom"}})));
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert_eq!(problems[0].field.as_deref(), Some("aliases"));
    assert!(problems[0].message.contains("list of text"), "{problems:?}");
}

#[test]
fn aliases_and_keywords_come_from_csv_cells_split_on_semicolons() {
    let csv = "id,name,summary,sources,aliases,keywords\n\
               test-net,Test Net,A network.,https://example.org,\"IOPD; OIDP ;Observatorio\",nudge;foresight;\n";
    let v = catalogue::parse(csv.as_bytes(), Format::Csv, None).unwrap();
    assert!(v.problems.is_empty(), "{:?}", v.problems);
    assert_eq!(v.networks[0].aliases, ["IOPD", "OIDP", "Observatorio"]);
    assert_eq!(v.networks[0].keywords, ["nudge", "foresight"]);
}

#[test]
fn the_bundled_catalogue_has_aliases_and_keywords() {
    let v = catalogue::bundled();
    let by_id = |id: &str| v.networks.iter().find(|n| n.id == id).unwrap();
    assert!(
        by_id("hin-england")
            .aliases
            .iter()
            .any(|a| a == "Academic Health Science Networks")
    );
    assert!(v.networks.iter().filter(|n| !n.keywords.is_empty()).count() > 200);
}
