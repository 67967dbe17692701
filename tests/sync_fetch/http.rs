//! What a working source gives: bodies, formats, validators sent back,
//! redirects followed, progress, and no proxy for this computer.

use crate::server::{Reply, Server};
use crate::*;

#[test]
fn an_etag_is_sent_back_and_a_304_is_not_modified() {
    let server = Server::start(|req| match req.header("if-none-match") {
        Some("\"v1\"") => Reply::status(304),
        _ => Reply::ok(CATALOGUE)
            .header("Content-Type", "application/json")
            .header("ETag", "\"v1\""),
    });
    let url = server.url("/catalogue");
    let first = body(get(&url, &Validators::default(), &quick()));
    assert_eq!(first.bytes, CATALOGUE.as_bytes());
    assert_eq!(first.format, Format::Json);
    assert_eq!(first.final_location, url);
    assert_eq!(first.validators.etag.as_deref(), Some("\"v1\""));

    let second = get(&url, &first.validators, &quick()).unwrap();
    assert_eq!(second, Fetched::NotModified);
    let requests = server.requests();
    assert_eq!(requests[0].method, "GET");
    assert_eq!(requests[0].header("if-none-match"), None);
    assert_eq!(requests[1].header("if-none-match"), Some("\"v1\""));
    assert!(
        requests[1]
            .header("user-agent")
            .unwrap()
            .starts_with("cairn/")
    );
}

#[test]
fn last_modified_is_sent_back_as_if_modified_since() {
    const DATE: &str = "Wed, 21 Oct 2015 07:28:00 GMT";
    let server = Server::start(|req| match req.header("if-modified-since") {
        Some(DATE) => Reply::status(304),
        _ => Reply::ok("id,name\nx,X\n")
            .header("Content-Type", "text/csv; charset=utf-8")
            .header("Last-Modified", DATE),
    });
    let url = server.url("/list");
    let first = body(get(&url, &Validators::default(), &quick()));
    assert_eq!(first.format, Format::Csv);
    assert_eq!(first.validators.last_modified.as_deref(), Some(DATE));
    assert_eq!(first.validators.etag, None);
    assert_eq!(
        get(&url, &first.validators, &quick()).unwrap(),
        Fetched::NotModified
    );
    assert_eq!(server.requests()[1].header("if-modified-since"), Some(DATE));
}

#[test]
fn a_gzip_encoded_body_is_decoded() {
    let server = Server::start(|_| {
        Reply::ok(gzip(CATALOGUE.as_bytes()))
            .header("Content-Encoding", "gzip")
            .header("Content-Type", "application/octet-stream")
    });
    let url = server.url("/download");
    let fetched = body(get(&url, &Validators::default(), &quick()));
    assert_eq!(fetched.bytes, CATALOGUE.as_bytes());
    assert_eq!(
        fetched.format,
        Format::Json,
        "sniffed from the decoded text"
    );
    assert_eq!(server.requests()[0].header("accept-encoding"), Some("gzip"));
}

#[test]
fn a_redirect_within_the_limit_is_followed() {
    let server = Server::start(|req| match req.path.as_str() {
        "/old/catalogue" => Reply::status(301).header("Location", "/new/catalogue.csv"),
        _ => Reply::ok("id,name\nx,X\n").header("ETag", "\"new\""),
    });
    let fetched = body(get(
        &server.url("/old/catalogue"),
        &Validators::default(),
        &quick(),
    ));
    assert_eq!(fetched.final_location, server.url("/new/catalogue.csv"));
    assert_eq!(
        fetched.format,
        Format::Csv,
        "from the final address's extension"
    );
    assert_eq!(fetched.validators.etag.as_deref(), Some("\"new\""));
}

#[test]
fn progress_goes_from_connecting_to_the_whole_body() {
    let server = Server::start(|_| Reply::ok(vec![b'x'; 200_000]));
    let location = Location::parse(&server.url("/c.csv")).unwrap();
    let mut seen = Vec::new();
    fetch(&location, &Validators::default(), &quick(), &mut |p| {
        seen.push(p)
    })
    .unwrap();
    assert_eq!(seen.first(), Some(&Progress::Connecting));
    assert_eq!(
        seen.last(),
        Some(&Progress::Receiving {
            bytes: 200_000,
            total: Some(200_000)
        })
    );
}

/// Runs the first test again in a child process whose environment points
/// every proxy variable at a port where nothing listens: this computer is
/// never reached through a proxy, so it must still pass.
#[test]
fn loopback_addresses_never_go_through_a_proxy() {
    let dead_proxy = "http://127.0.0.1:9";
    let out = std::process::Command::new(std::env::current_exe().unwrap())
        .args([
            "--exact",
            "http::an_etag_is_sent_back_and_a_304_is_not_modified",
        ])
        .env("ALL_PROXY", dead_proxy)
        .env("HTTPS_PROXY", dead_proxy)
        .env("HTTP_PROXY", dead_proxy)
        .env("http_proxy", dead_proxy)
        .env_remove("NO_PROXY")
        .env_remove("no_proxy")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout}\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("1 passed"), "{stdout}");
}
