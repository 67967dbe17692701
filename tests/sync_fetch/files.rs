//! Sources that are files on this computer.

use std::fs;

use crate::*;

#[test]
fn a_file_is_read_and_then_not_modified_until_it_changes() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalogue.csv");
    fs::write(&path, "id,name\nx,X\n").unwrap();
    let location = Location::parse(path.to_str().unwrap()).unwrap();
    assert_eq!(location, Location::Path(path.clone()));
    let first = body(fetch(
        &location,
        &Validators::default(),
        &quick(),
        &mut |_| {},
    ));
    assert_eq!(first.format, Format::Csv);
    assert_eq!(first.bytes, b"id,name\nx,X\n");
    assert_eq!(first.final_location, path.display().to_string());
    assert!(
        first
            .validators
            .etag
            .as_deref()
            .unwrap()
            .starts_with("file:")
    );

    let again = fetch(&location, &first.validators, &quick(), &mut |_| {}).unwrap();
    assert_eq!(again, Fetched::NotModified);

    fs::write(&path, "id,name\nx,X\ny,Y\n").unwrap();
    let changed = body(fetch(&location, &first.validators, &quick(), &mut |_| {}));
    assert_eq!(changed.bytes, b"id,name\nx,X\ny,Y\n");
}

#[test]
fn a_gzipped_json_file_is_decompressed() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("catalogue.json.gz");
    fs::write(&path, gzip(CATALOGUE.as_bytes())).unwrap();
    let location = Location::parse(path.to_str().unwrap()).unwrap();
    let fetched = body(fetch(
        &location,
        &Validators::default(),
        &quick(),
        &mut |_| {},
    ));
    assert_eq!(fetched.bytes, CATALOGUE.as_bytes());
    assert_eq!(fetched.format, Format::Json);
}

#[test]
fn a_missing_file_names_its_path() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("nowhere.json");
    let location = Location::Path(path.clone());
    let (e, message) = failure(fetch(
        &location,
        &Validators::default(),
        &quick(),
        &mut |_| {},
    ));
    assert!(matches!(e, FetchError::FileNotFound { .. }), "{e:?}");
    says(&message, &path.display().to_string(), "no such file");
}
