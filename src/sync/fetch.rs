//! One fetch of one resource: a catalogue, or a network's published
//! lessons, from an address or a file. The caller keeps the [`Validators`]
//! between syncs, so a source that has not changed costs a "not modified"
//! and no parsing.

use std::fs::{self, File};
use std::io;
use std::path::Path;
use std::time::{Duration, UNIX_EPOCH};

use serde::{Deserialize, Serialize};

use super::read::{self, Expect, ReadFailure};
use super::{FetchError, Location, http};

/// What the previous fetch of a source said about its version; sent back
/// so an unchanged source answers "not modified".
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Validators {
    /// The server's `ETag`, or for a file `file:<size>:<modified, ns>`.
    pub etag: Option<String>,
    /// The server's `Last-Modified`, verbatim.
    pub last_modified: Option<String>,
}

impl Validators {
    /// True when nothing is known, so the fetch is unconditional.
    pub fn is_empty(&self) -> bool {
        self.etag.is_none() && self.last_modified.is_none()
    }
}

/// Limits of one fetch. The defaults suit a catalogue on a slow
/// government network; tests use tiny ones.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FetchOptions {
    /// The most bytes accepted, both as downloaded and once decompressed.
    pub max_bytes: u64,
    /// How long reaching the server may take, TLS included.
    pub connect_timeout: Duration,
    /// How long the whole fetch may take, redirects and body included.
    pub timeout: Duration,
    /// How many redirects are followed before giving up.
    pub max_redirects: u32,
    /// Sent to servers so their operators can tell who is asking.
    pub user_agent: String,
}

impl Default for FetchOptions {
    fn default() -> Self {
        FetchOptions {
            max_bytes: 64 * 1024 * 1024,
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(120),
            max_redirects: 5,
            user_agent: concat!(
                "cairn/",
                env!("CARGO_PKG_VERSION"),
                " (public-sector innovation networks)"
            )
            .to_string(),
        }
    }
}

/// How far a fetch has got, for a progress line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Progress {
    /// Reaching the server (again after each redirect).
    Connecting,
    /// Bytes received so far, as sent (before decompression), and the
    /// announced total when the server or the file system gave one.
    Receiving { bytes: u64, total: Option<u64> },
}

/// The outcome of a fetch that worked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Fetched {
    /// The source has not changed since `previous`: nothing to parse.
    NotModified,
    /// New content.
    Body(Body),
}

/// A fetched resource, ready for the parser of its kind.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// The content, already decompressed.
    pub bytes: Vec<u8>,
    pub format: Format,
    /// To keep and pass to the next fetch of the same source.
    pub validators: Validators,
    /// Where the content came from after redirects (a path for files).
    pub final_location: String,
}

/// How a fetched resource is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Csv,
    /// A web page, where a wrong address usually leads.
    Html,
}

impl Format {
    /// Guesses from the `Content-Type`, then the name's extension (a
    /// trailing `.gz` aside), then the first characters: servers often send
    /// `text/plain` or `application/octet-stream` for either. A page is a
    /// page whatever it is called; but a body that starts like JSON stays
    /// JSON even when sent as `text/html`, as some scripts send it.
    pub fn guess(content_type: Option<&str>, name: &str, bytes: &[u8]) -> Format {
        let sniffed = Format::sniff(bytes);
        if sniffed == Format::Html {
            return Format::Html;
        }
        match content_type.and_then(Format::from_content_type) {
            Some(Format::Html) if sniffed == Format::Json => Format::Json,
            Some(format) => format,
            None => Format::from_name(name).unwrap_or(sniffed),
        }
    }

    fn from_content_type(content_type: &str) -> Option<Format> {
        let mime = content_type.split(';').next()?.trim().to_ascii_lowercase();
        match mime.as_str() {
            "application/json" | "text/json" => Some(Format::Json),
            m if m.ends_with("+json") => Some(Format::Json),
            "text/csv" | "application/csv" | "text/x-csv" | "text/tab-separated-values" => {
                Some(Format::Csv)
            }
            "text/html" | "application/xhtml+xml" => Some(Format::Html),
            _ => None,
        }
    }

    fn from_name(name: &str) -> Option<Format> {
        let name = name.to_ascii_lowercase();
        let name = name.strip_suffix(".gz").unwrap_or(&name);
        let (_, ext) = name.rsplit_once('.')?;
        match ext {
            "json" => Some(Format::Json),
            "csv" | "tsv" => Some(Format::Csv),
            _ => None,
        }
    }

    fn sniff(bytes: &[u8]) -> Format {
        if crate::catalogue::looks_like_html(bytes) {
            return Format::Html;
        }
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        match bytes.iter().find(|b| !b.is_ascii_whitespace()) {
            Some(b'{' | b'[') => Format::Json,
            _ => Format::Csv,
        }
    }
}

/// The catalogue parser has its own name for the same two formats.
impl From<Format> for crate::catalogue::Format {
    fn from(format: Format) -> Self {
        match format {
            Format::Json => crate::catalogue::Format::Json,
            Format::Csv => crate::catalogue::Format::Csv,
            Format::Html => crate::catalogue::Format::Html,
        }
    }
}

/// Fetches `location` unless it is unchanged since `previous`.
///
/// Addresses go over HTTPS (plain HTTP only on this computer) with the
/// proxy from `HTTPS_PROXY`/`HTTP_PROXY`/`ALL_PROXY` and `NO_PROXY`;
/// addresses on this computer never use the proxy. Files are read directly,
/// with their size and modification time as the validator. Blocks until
/// done: run it off the interface thread.
pub fn fetch(
    location: &Location,
    previous: &Validators,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Fetched, FetchError> {
    match location {
        Location::Url(url) => http::fetch_url(url, previous, options, progress),
        Location::Path(path) => fetch_file(path, previous, options, progress),
    }
}

fn fetch_file(
    path: &Path,
    previous: &Validators,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Fetched, FetchError> {
    // A file name is outside text too: shown cleaned.
    let location = crate::model::safe(&path.display().to_string()).into_owned();
    let unreadable = |source: io::Error| match source.kind() {
        io::ErrorKind::NotFound => FetchError::FileNotFound {
            location: location.clone(),
        },
        _ => FetchError::FileUnreadable {
            location: location.clone(),
            source,
        },
    };
    let file = File::open(path).map_err(unreadable)?;
    let meta = file.metadata().map_err(unreadable)?;
    if meta.is_dir() {
        return Err(FetchError::FileUnreadable {
            location,
            source: io::Error::other("it is a folder, not a file"),
        });
    }
    let validators = Validators {
        etag: Some(file_validator(&meta)),
        last_modified: None,
    };
    if previous.etag.is_some() && previous.etag == validators.etag {
        return Ok(Fetched::NotModified);
    }
    let expect = Expect {
        total: Some(meta.len()),
        cap: options.max_bytes,
        gzip: has_gz_suffix(&location),
    };
    let (bytes, _) = read::read_body(file, &expect, progress).map_err(|failure| match failure {
        ReadFailure::TooLarge { decompressed } => FetchError::TooLarge {
            location: location.clone(),
            limit: options.max_bytes,
            decompressed,
        },
        ReadFailure::CutShort(reason) => FetchError::CutShort {
            location: location.clone(),
            reason,
        },
        ReadFailure::Decompress(reason) => FetchError::Decompress {
            location: location.clone(),
            reason,
        },
        ReadFailure::Source(source) => unreadable(source),
    })?;
    let format = Format::guess(None, &location, &bytes);
    Ok(Fetched::Body(Body {
        bytes,
        format,
        validators,
        final_location: location,
    }))
}

/// Size and modification time: cheap to get, and both change when a
/// file is saved (a copy that keeps the time usually changes the size).
fn file_validator(meta: &fs::Metadata) -> String {
    let modified = meta
        .modified()
        .ok()
        .and_then(|t| t.duration_since(UNIX_EPOCH).ok())
        .map_or(0, |d| d.as_nanos());
    format!("file:{}:{modified}", meta.len())
}

pub(crate) fn has_gz_suffix(name: &str) -> bool {
    name.to_ascii_lowercase().ends_with(".gz")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_type_wins_then_the_name_then_the_first_character() {
        let json = br#"{"networks": []}"#;
        let csv = b"id,name\nx,X\n";
        assert_eq!(
            Format::guess(Some("text/csv; charset=utf-8"), "c.json", json),
            Format::Csv
        );
        assert_eq!(
            Format::guess(Some("application/JSON"), "c.csv", csv),
            Format::Json
        );
        assert_eq!(
            Format::guess(Some("application/ld+json"), "c", csv),
            Format::Json
        );
        assert_eq!(
            Format::guess(Some("text/tab-separated-values"), "c", json),
            Format::Csv
        );
        assert_eq!(
            Format::guess(Some("text/plain"), "/c/list.CSV", json),
            Format::Csv
        );
        assert_eq!(Format::guess(None, "list.json.gz", csv), Format::Json);
        assert_eq!(Format::guess(None, "list.tsv.gz", json), Format::Csv);
        assert_eq!(
            Format::guess(Some("application/octet-stream"), "/download", json),
            Format::Json
        );
        assert_eq!(
            Format::guess(None, "list", b"\xEF\xBB\xBF\n  [1]"),
            Format::Json
        );
        assert_eq!(Format::guess(None, "list", csv), Format::Csv);
        assert_eq!(Format::guess(None, "list", b""), Format::Csv);
    }

    #[test]
    fn a_web_page_is_told_by_its_type_or_its_first_characters() {
        let page = b"<!DOCTYPE html>\n<html><body>Not found</body></html>";
        assert_eq!(Format::guess(None, "list.csv", page), Format::Html);
        assert_eq!(
            Format::guess(Some("application/json"), "c.json", page),
            Format::Html
        );
        assert_eq!(
            Format::guess(Some("text/html; charset=utf-8"), "c", b"id,name\n"),
            Format::Html
        );
        // JSON sent as text/html by a careless script is still JSON.
        assert_eq!(
            Format::guess(Some("text/html"), "c", br#"{"networks": []}"#),
            Format::Json
        );
    }

    #[test]
    fn validators_survive_a_round_trip_through_json() {
        let v = Validators {
            etag: Some("\"abc\"".into()),
            last_modified: Some("Wed, 21 Oct 2015 07:28:00 GMT".into()),
        };
        let text = serde_json::to_string(&v).unwrap();
        assert_eq!(serde_json::from_str::<Validators>(&text).unwrap(), v);
        assert!(Validators::default().is_empty());
    }
}
