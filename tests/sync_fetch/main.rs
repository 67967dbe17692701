//! The sync fetch layer against a real server on 127.0.0.1 and real files:
//! conditional requests, formats, gzip, and every fault a source can have,
//! each ending in a message that names the source and the reason.

#[path = "../common/server.rs"]
mod server;

mod faults;
mod files;
mod http;

use std::io::Write;
use std::time::Duration;

use cairn::sync::{
    Body, FetchError, FetchOptions, Fetched, Format, Location, Progress, TimeLimit, Validators,
    fetch,
};
use flate2::Compression;
use flate2::write::GzEncoder;

const CATALOGUE: &str = r#"{"schema": "cairn.catalogue/1", "networks": []}"#;

/// Small limits so the fault tests are quick.
fn quick() -> FetchOptions {
    FetchOptions {
        connect_timeout: Duration::from_secs(5),
        timeout: Duration::from_secs(10),
        ..FetchOptions::default()
    }
}

fn get(url: &str, previous: &Validators, options: &FetchOptions) -> Result<Fetched, FetchError> {
    let location = Location::parse(url).expect("a loopback address is accepted");
    fetch(&location, previous, options, &mut |_| {})
}

#[track_caller]
fn body(result: Result<Fetched, FetchError>) -> Body {
    match result {
        Ok(Fetched::Body(body)) => body,
        other => panic!("expected a body, got {other:?}"),
    }
}

#[track_caller]
fn failure(result: Result<Fetched, FetchError>) -> (FetchError, String) {
    match result {
        Err(e) => {
            let message = e.to_string();
            (e, message)
        }
        Ok(other) => panic!("expected an error, got {other:?}"),
    }
}

/// Asserts the message names `source` and contains `reason`.
#[track_caller]
fn says(message: &str, source: &str, reason: &str) {
    assert!(
        message.contains(source),
        "{message:?} does not name {source}"
    );
    assert!(
        message.contains(reason),
        "{message:?} does not say {reason:?}"
    );
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut encoder = GzEncoder::new(Vec::new(), Compression::best());
    encoder.write_all(bytes).unwrap();
    encoder.finish().unwrap()
}
