//! Where a source lives: an address on the web or a file on this computer,
//! and the rule about which addresses cairn agrees to fetch.

use std::fmt;
use std::net::Ipv6Addr;
use std::path::PathBuf;

use url::{Host, Url};

use super::FetchError;

/// A source as the user wrote it, after the safety checks.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Location {
    /// An `https://` address, or an `http://` one on this computer.
    Url(Url),
    /// A file, from a plain path or a `file://` address.
    Path(PathBuf),
}

impl Location {
    /// Reads what a user typed: anything that starts with a scheme and
    /// `://` is an address, everything else is a file path (so `C:\data`
    /// and `notes/catalogue.csv` are paths).
    ///
    /// Plain `http://` is refused unless it points at this computer, since
    /// a catalogue fetched in the clear could be altered on the way.
    pub fn parse(text: &str) -> Result<Location, FetchError> {
        let text = text.trim();
        let Some(scheme) = scheme_of(text) else {
            return Ok(Location::Path(PathBuf::from(text)));
        };
        let invalid = |reason: String| FetchError::InvalidAddress {
            location: masked_text(text),
            reason,
        };
        match scheme.to_ascii_lowercase().as_str() {
            "https" | "http" => {
                let url = Url::parse(text).map_err(|e| invalid(e.to_string()))?;
                check_url(&url)?;
                Ok(Location::Url(url))
            }
            "file" => {
                let url = Url::parse(text).map_err(|e| invalid(e.to_string()))?;
                url.to_file_path()
                    .map(Location::Path)
                    .map_err(|()| invalid("it does not name a file on this computer".into()))
            }
            _ => Err(FetchError::UnsupportedScheme {
                location: masked_text(text),
                scheme: crate::model::safe(scheme).into_owned(),
            }),
        }
    }
}

/// Shown in messages; a password in the address is never printed.
impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Location::Url(url) => f.write_str(&redacted(url)),
            Location::Path(path) => write!(f, "{}", path.display()),
        }
    }
}

/// The address as text, with any password replaced by `***`, and the
/// values of query (and fragment) parameters whose names look secret
/// (`token`, `api_key`, `sig`, `X-Amz-Signature` …) too.
pub(crate) fn redacted(url: &Url) -> String {
    let mut shown = url.clone();
    if url.password().is_some() {
        let _ = shown.set_password(Some("***"));
    }
    if let Some(query) = url.query() {
        shown.set_query(Some(&mask_parameters(query)));
    }
    if let Some(fragment) = url.fragment() {
        shown.set_fragment(Some(&mask_parameters(fragment)));
    }
    shown.to_string()
}

/// How a source's location (as configured) is shown: an address with its
/// secrets masked (see [`redacted`]), a path as it is, and anything else
/// cleaned of what a terminal would act on. The location itself is
/// never changed.
pub fn shown_location(location: &str) -> String {
    match Location::parse(location) {
        Ok(l) => crate::model::safe(&l.to_string()).into_owned(),
        // Not usable, but it may still hold a password or a token.
        Err(_) => masked_text(location.trim()),
    }
}

/// Text that may be an address, masked if it is one, and cleaned.
fn masked_text(text: &str) -> String {
    match Url::parse(text) {
        Ok(url) if url.has_host() => redacted(&url),
        _ => crate::model::safe(text).into_owned(),
    }
}

/// `a=1&token=abc` becomes `a=1&token=***`; everything else is kept as
/// it was written.
fn mask_parameters(text: &str) -> String {
    text.split('&')
        .map(|pair| match pair.split_once('=') {
            Some((name, value)) if !value.is_empty() && is_secret_name(name) => {
                format!("{name}=***")
            }
            _ => pair.to_string(),
        })
        .collect::<Vec<_>>()
        .join("&")
}

/// Whether a parameter name looks like it carries a secret. The name is
/// read as words (split at `_`, `-`, `.`, and where a lower-case letter
/// meets an upper-case one), so `apiKey`, `X-Amz-Signature` and
/// `access_token` count, while `keyword` and `monkey` do not.
fn is_secret_name(name: &str) -> bool {
    const WORDS: &[&str] = &[
        "token",
        "key",
        "apikey",
        "secret",
        "password",
        "passwd",
        "pwd",
        "pass",
        "sig",
        "signature",
        "auth",
        "authorization",
        "credential",
        "credentials",
        "session",
        "sid",
        "sessionid",
        "jwt",
        "bearer",
    ];
    let name = percent_decoded(name);
    let mut words: Vec<String> = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in name.chars() {
        if matches!(c, '_' | '-' | '.' | ' ' | '[' | ']') {
            words.push(std::mem::take(&mut word));
            previous_lower = false;
            continue;
        }
        if c.is_uppercase() && previous_lower {
            words.push(std::mem::take(&mut word));
        }
        previous_lower = c.is_lowercase() || c.is_ascii_digit();
        word.extend(c.to_lowercase());
    }
    words.push(word);
    let whole = name.to_lowercase();
    words.iter().any(|w| WORDS.contains(&w.as_str()))
        || ["token", "secret", "password", "apikey", "signature"]
            .iter()
            .any(|w| whole.contains(w))
}

/// `%5F` and `+` read as what they stand for, so an encoded name is
/// recognised too.
fn percent_decoded(text: &str) -> String {
    url::form_urlencoded::parse(format!("{text}=").as_bytes())
        .next()
        .map(|(name, _)| name.into_owned())
        .unwrap_or_else(|| text.to_string())
}

/// The scheme when `text` starts with `scheme://`; a Windows drive letter
/// (`C:\`) has no `//` and so stays a path.
fn scheme_of(text: &str) -> Option<&str> {
    let (scheme, _) = text.split_once("://")?;
    let mut chars = scheme.chars();
    let first = chars.next()?;
    let valid = first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    valid.then_some(scheme)
}

/// Applies the https rule to an address, also to each redirect target.
pub(crate) fn check_url(url: &Url) -> Result<(), FetchError> {
    match url.scheme() {
        "https" => Ok(()),
        "http" if is_loopback(url) => Ok(()),
        "http" => Err(FetchError::NotHttps {
            location: redacted(url),
        }),
        other => Err(FetchError::UnsupportedScheme {
            location: redacted(url),
            scheme: other.to_string(),
        }),
    }
}

/// `localhost`, 127.0.0.0/8 and ::1 (also written as an IPv4-mapped address).
pub(crate) fn is_loopback(url: &Url) -> bool {
    match url.host() {
        Some(Host::Domain(name)) => name.eq_ignore_ascii_case("localhost"),
        Some(Host::Ipv4(ip)) => ip.is_loopback(),
        Some(Host::Ipv6(ip)) => {
            ip == Ipv6Addr::LOCALHOST || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback())
        }
        None => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::net::Ipv4Addr;

    fn kind(text: &str) -> String {
        match Location::parse(text) {
            Ok(Location::Url(url)) => format!("url {url}"),
            Ok(Location::Path(path)) => format!("path {}", path.display()),
            Err(e) => format!("error {e}"),
        }
    }

    #[test]
    fn addresses_and_paths_are_told_apart() {
        assert_eq!(
            kind("https://example.org/c.json"),
            "url https://example.org/c.json"
        );
        assert_eq!(
            kind("HTTPS://Example.org/c.json"),
            "url https://example.org/c.json"
        );
        assert_eq!(kind("catalogue.csv"), "path catalogue.csv");
        assert_eq!(kind("/data/catalogue.json"), "path /data/catalogue.json");
        assert_eq!(
            kind(r"C:\data\catalogue.json"),
            r"path C:\data\catalogue.json"
        );
        assert_eq!(kind("  https://example.org/  "), "url https://example.org/");
    }

    #[cfg(unix)]
    #[test]
    fn file_addresses_become_paths() {
        assert_eq!(kind("file:///tmp/a%20b.json"), "path /tmp/a b.json");
        assert!(kind("file://server/share/a.json").starts_with("error"));
    }

    #[test]
    fn plain_http_is_only_for_this_computer() {
        for ok in [
            "http://127.0.0.1:8080/c.json",
            "http://127.3.2.1/c.json",
            "http://localhost/c.json",
            "http://LOCALHOST:9/c.json",
            "http://[::1]:8080/c.json",
            "http://[::ffff:127.0.0.1]/c.json",
        ] {
            assert!(kind(ok).starts_with("url"), "{ok}: {}", kind(ok));
        }
        for refused in [
            "http://example.org/x",
            "http://10.0.0.1/x",
            "http://[::2]/x",
            "http://localhost.example.org/x",
        ] {
            let e = Location::parse(refused).unwrap_err();
            assert!(matches!(e, FetchError::NotHttps { .. }), "{refused}: {e}");
            assert!(e.to_string().contains("https"), "{e}");
        }
        let loopback_v4 =
            |ip: Ipv4Addr| is_loopback(&Url::parse(&format!("http://{ip}/")).unwrap());
        assert!(loopback_v4(Ipv4Addr::new(127, 255, 255, 254)));
        assert!(!loopback_v4(Ipv4Addr::new(128, 0, 0, 1)));
    }

    #[test]
    fn other_schemes_and_bad_addresses_are_refused_by_name() {
        let e = Location::parse("ftp://example.org/c.csv").unwrap_err();
        assert!(matches!(e, FetchError::UnsupportedScheme { ref scheme, .. } if scheme == "ftp"));
        assert!(e.to_string().contains("ftp://example.org/c.csv"), "{e}");
        let e = Location::parse("https://").unwrap_err();
        assert!(matches!(e, FetchError::InvalidAddress { .. }), "{e}");
    }

    #[test]
    fn passwords_are_not_shown() {
        let location = Location::parse("https://me:secret@example.org/c.json").unwrap();
        assert_eq!(location.to_string(), "https://me:***@example.org/c.json");
    }

    #[test]
    fn secret_looking_parameters_are_masked_and_the_rest_kept() {
        let location = Location::parse(
            "https://u:pw@example.org/c.json?page=2&Token=t0k&apiKey=k&X-Amz-Signature=s\
             &keyword=design&sig=&access%5Ftoken=a#id_token=j",
        )
        .unwrap();
        assert_eq!(
            location.to_string(),
            "https://u:***@example.org/c.json?page=2&Token=***&apiKey=***\
             &X-Amz-Signature=***&keyword=design&sig=&access%5Ftoken=***#id_token=***"
        );
        for secret in [
            "token",
            "KEY",
            "api_key",
            "api-key",
            "client_secret",
            "password",
            "auth",
            "signature",
            "privateKey",
            "sessionid",
        ] {
            assert!(is_secret_name(secret), "{secret}");
        }
        for plain in ["page", "keyword", "monkey", "format", "q", "authority_name"] {
            assert!(!is_secret_name(plain), "{plain}");
        }
    }

    #[test]
    fn a_configured_location_is_shown_masked_even_when_unusable() {
        assert_eq!(
            shown_location("https://example.org/c.json?token=abc"),
            "https://example.org/c.json?token=***"
        );
        assert_eq!(
            shown_location("http://me:pw@example.org/c.json?key=1"),
            "http://me:***@example.org/c.json?key=***"
        );
        assert_eq!(shown_location("/data/c\u{1b}[2J.csv"), "/data/c.csv");
    }
}
