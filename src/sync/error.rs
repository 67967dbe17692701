//! Why a fetch failed, in words a person can act on. Every message starts
//! with the source it is about, so a sync of several sources stays readable.

use std::io;
use std::time::Duration;

/// Which time limit ran out.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TimeLimit {
    /// Reaching the server, TLS included ([`super::FetchOptions::connect_timeout`]).
    Connect,
    /// The whole fetch, redirects and body included ([`super::FetchOptions::timeout`]).
    Overall,
}

/// A fetch that did not produce a body or a "not modified".
///
/// `location` is always the source as the user configured it (with any
/// password hidden); a redirect target, when one is to blame, is named too.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum FetchError {
    #[error("{location} is not an address cairn can use: {reason}")]
    InvalidAddress { location: String, reason: String },
    #[error(
        "cannot fetch {location}: cairn only fetches over https, except from this computer \
         (localhost); use an https:// address or a file path"
    )]
    NotHttps { location: String },
    #[error(
        "cannot fetch {location}: cairn does not fetch `{scheme}` addresses; \
         use an https:// address or a file path"
    )]
    UnsupportedScheme { location: String, scheme: String },
    #[error("cannot fetch {location}: cannot connect to {host}: {reason}")]
    CannotConnect {
        location: String,
        host: String,
        reason: String,
    },
    #[error("cannot fetch {location}: {}", time_limit(*limit, *after))]
    TimedOut {
        location: String,
        limit: TimeLimit,
        after: Duration,
    },
    #[error("cannot fetch {location}: the server answered {code} {reason}{}", status_hint(*code))]
    Status {
        location: String,
        code: u16,
        reason: String,
    },
    #[error(
        "cannot fetch {location}: the server redirected more than {limit} times; \
         the address may be out of date"
    )]
    TooManyRedirects { location: String, limit: u32 },
    #[error("cannot fetch {location}: the server redirects in a loop (back to {target})")]
    RedirectLoop { location: String, target: String },
    #[error(
        "cannot fetch {location}: the server redirects to {target}, which cairn will not follow: {reason}"
    )]
    BadRedirect {
        location: String,
        target: String,
        reason: String,
    },
    #[error(
        "cannot fetch {location}: {} over the {} limit; raise `max_download_mb` in \
         config.toml if this is expected",
        if *decompressed { "the data is, once decompressed," } else { "the download is" },
        size(*limit)
    )]
    TooLarge {
        location: String,
        limit: u64,
        /// The compressed download fitted, but what it unpacks to did not.
        decompressed: bool,
    },
    #[error("cannot fetch {location}: the download was cut short ({reason}); try again")]
    CutShort { location: String, reason: String },
    #[error("cannot fetch {location}: the gzip-compressed data is damaged ({reason})")]
    Decompress { location: String, reason: String },
    #[error("cannot read {location}: there is no such file")]
    FileNotFound { location: String },
    #[error("cannot read {location}: {source}")]
    FileUnreadable {
        location: String,
        #[source]
        source: io::Error,
    },
    #[error("cannot fetch {location}: {}", tls_message(host, reason, *certificate))]
    Tls {
        location: String,
        host: String,
        reason: String,
        /// The server's certificate was the problem, not the connection.
        certificate: bool,
    },
    #[error("cannot fetch {location}: {reason}")]
    Network { location: String, reason: String },
}

impl FetchError {
    /// The source the error is about, as the user configured it.
    pub fn location(&self) -> &str {
        match self {
            FetchError::InvalidAddress { location, .. }
            | FetchError::NotHttps { location }
            | FetchError::UnsupportedScheme { location, .. }
            | FetchError::CannotConnect { location, .. }
            | FetchError::TimedOut { location, .. }
            | FetchError::Status { location, .. }
            | FetchError::TooManyRedirects { location, .. }
            | FetchError::RedirectLoop { location, .. }
            | FetchError::BadRedirect { location, .. }
            | FetchError::TooLarge { location, .. }
            | FetchError::CutShort { location, .. }
            | FetchError::Decompress { location, .. }
            | FetchError::FileNotFound { location }
            | FetchError::FileUnreadable { location, .. }
            | FetchError::Tls { location, .. }
            | FetchError::Network { location, .. } => location,
        }
    }
}

fn time_limit(limit: TimeLimit, after: Duration) -> String {
    match limit {
        TimeLimit::Connect => format!(
            "could not connect within {} (the connection time limit); \
             check your network or proxy settings",
            duration(after)
        ),
        TimeLimit::Overall => format!(
            "the download did not finish within {} (the overall time limit); \
             the server may be slow or not answering, try again later",
            duration(after)
        ),
    }
}

fn status_hint(code: u16) -> &'static str {
    match code {
        404 | 410 => ": check the address",
        401 | 403 => ": the source may need a login or may not be public",
        429 => ": too many requests, try again later",
        500..=599 => ": the server has a problem, try again later",
        _ => "",
    }
}

fn tls_message(host: &str, reason: &str, certificate: bool) -> String {
    if certificate {
        format!(
            "the certificate of {host} could not be verified ({reason}); if your \
             organisation's proxy re-signs secure traffic, its root certificate must be \
             installed in this computer's certificate store"
        )
    } else {
        format!("a secure connection to {host} could not be set up ({reason})")
    }
}

/// `300 ms`, `10 s`, `1.5 s`.
pub(crate) fn duration(d: Duration) -> String {
    if d < Duration::from_secs(1) {
        format!("{} ms", d.as_millis())
    } else if d.subsec_millis() == 0 {
        format!("{} s", d.as_secs())
    } else {
        format!("{:.1} s", d.as_secs_f64())
    }
}

/// `64 MiB`, `1 KiB`, `1.5 MiB`, `100 bytes`.
pub(crate) fn size(bytes: u64) -> String {
    const KIB: u64 = 1024;
    const MIB: u64 = 1024 * KIB;
    let (unit, name) = match bytes {
        b if b >= MIB => (MIB, "MiB"),
        b if b >= KIB => (KIB, "KiB"),
        b => return format!("{b} bytes"),
    };
    if bytes.is_multiple_of(unit) {
        format!("{} {name}", bytes / unit)
    } else {
        format!("{:.1} {name}", bytes as f64 / unit as f64)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_durations_read_naturally() {
        assert_eq!(size(64 * 1024 * 1024), "64 MiB");
        assert_eq!(size(1024), "1 KiB");
        assert_eq!(size(1536 * 1024), "1.5 MiB");
        assert_eq!(size(10), "10 bytes");
        assert_eq!(duration(Duration::from_millis(300)), "300 ms");
        assert_eq!(duration(Duration::from_secs(120)), "120 s");
        assert_eq!(duration(Duration::from_millis(1500)), "1.5 s");
    }

    #[test]
    fn messages_name_the_source_and_what_to_do() {
        let e = FetchError::TooLarge {
            location: "https://example.org/c.json".into(),
            limit: 64 * 1024 * 1024,
            decompressed: false,
        };
        assert_eq!(
            e.to_string(),
            "cannot fetch https://example.org/c.json: the download is over the 64 MiB limit; \
             raise `max_download_mb` in config.toml if this is expected"
        );
        let e = FetchError::Status {
            location: "https://example.org/c.json".into(),
            code: 404,
            reason: "Not Found".into(),
        };
        assert_eq!(
            e.to_string(),
            "cannot fetch https://example.org/c.json: the server answered 404 Not Found: \
             check the address"
        );
        assert_eq!(e.location(), "https://example.org/c.json");
    }
}
