//! Fetching over HTTP(S) with ureq.
//!
//! Redirects are followed here rather than by ureq, so that every hop is
//! held to the same rules as the address the user gave (https, no jump
//! from another computer to this one), a loop is named as a loop, and the
//! proxy is chosen per hop. Certificates are checked against the
//! operating system's store, where an organisation installs the root of a
//! proxy that re-signs traffic.

use std::time::Instant;

use ureq::http::{StatusCode, header};
use ureq::tls::{RootCerts, TlsConfig, TlsProvider};
use ureq::{Agent, Proxy, Timeout};
use url::Url;

use super::fetch::has_gz_suffix;
use super::location::{check_url, is_loopback, redacted};
use super::read::{self, Expect, ReadFailure};
use super::{Body, FetchError, FetchOptions, Fetched, Format, Progress, TimeLimit, Validators};
use crate::model::safe;

/// JSON first, CSV second: what cairn can read, in the order it prefers.
const ACCEPT: &str = "application/json, text/csv;q=0.9, */*;q=0.5";

pub(crate) fn fetch_url(
    start: &Url,
    previous: &Validators,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Fetched, FetchError> {
    let shown = redacted(start);
    check_url(start)?;
    let deadline = Instant::now() + options.timeout;
    let mut url = start.clone();
    let mut visited = vec![url.clone()];
    loop {
        progress(Progress::Connecting);
        let remaining = deadline.saturating_duration_since(Instant::now());
        if remaining.is_zero() {
            return Err(timed_out(&shown, TimeLimit::Overall, options));
        }
        let agent = agent(options, remaining, is_loopback(&url));
        let mut request = agent
            .get(url.as_str())
            .header(header::ACCEPT, ACCEPT)
            .header(header::ACCEPT_ENCODING, "gzip");
        let conditional = conditional_headers(previous);
        for (name, value) in &conditional {
            request = request.header(name, *value);
        }
        let response = request
            .call()
            .map_err(|e| transport_error(&shown, &url, e, options, false))?;
        let status = response.status();
        if status == StatusCode::NOT_MODIFIED && !conditional.is_empty() {
            return Ok(Fetched::NotModified);
        }
        if status.is_redirection() && status != StatusCode::NOT_MODIFIED {
            url = redirect_target(&shown, &url, response.headers(), &visited, options)?;
            visited.push(url.clone());
            continue;
        }
        if !status.is_success() {
            return Err(FetchError::Status {
                location: shown,
                code: status.as_u16(),
                reason: status.canonical_reason().unwrap_or("").to_string(),
            });
        }
        return read_response(&shown, &url, response, options, progress);
    }
}

/// An agent for one hop: `remaining` is what is left of the overall limit.
fn agent(options: &FetchOptions, remaining: std::time::Duration, local: bool) -> Agent {
    let tls = TlsConfig::builder()
        .provider(TlsProvider::Rustls)
        .root_certs(RootCerts::PlatformVerifier)
        .build();
    // ureq reads ALL_PROXY, HTTPS_PROXY, HTTP_PROXY (either case) and
    // honours NO_PROXY; this computer is never reached through a proxy.
    let proxy = if local { None } else { Proxy::try_from_env() };
    Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .user_agent(options.user_agent.as_str())
        .timeout_global(Some(remaining))
        .timeout_connect(Some(options.connect_timeout))
        .proxy(proxy)
        .tls_config(tls)
        .build()
        .new_agent()
}

fn conditional_headers(previous: &Validators) -> Vec<(header::HeaderName, &str)> {
    let mut headers = Vec::new();
    // A file's validator means nothing to a server.
    if let Some(etag) = previous.etag.as_deref().filter(|e| !e.starts_with("file:")) {
        headers.push((header::IF_NONE_MATCH, etag));
    }
    if let Some(date) = previous.last_modified.as_deref() {
        headers.push((header::IF_MODIFIED_SINCE, date));
    }
    headers
}

fn redirect_target(
    shown: &str,
    from: &Url,
    headers: &header::HeaderMap,
    visited: &[Url],
    options: &FetchOptions,
) -> Result<Url, FetchError> {
    let bad = |target: &str, reason: &str| FetchError::BadRedirect {
        location: shown.to_string(),
        target: target.to_string(),
        reason: reason.to_string(),
    };
    let value = headers
        .get(header::LOCATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| bad("nowhere", "the redirect has no valid Location header"))?;
    let target = from
        .join(value)
        .map_err(|e| bad(&safe(value), &format!("it is not a valid address ({e})")))?;
    if visited.contains(&target) {
        return Err(FetchError::RedirectLoop {
            location: shown.to_string(),
            target: redacted(&target),
        });
    }
    if visited.len() > options.max_redirects as usize {
        return Err(FetchError::TooManyRedirects {
            location: shown.to_string(),
            limit: options.max_redirects,
        });
    }
    let shown_target = redacted(&target);
    check_url(&target).map_err(|e| match e {
        FetchError::NotHttps { .. } => bad(&shown_target, "it is not https"),
        _ => bad(&shown_target, "cairn only follows https addresses"),
    })?;
    if is_loopback(&target) && !is_loopback(from) {
        return Err(bad(
            &shown_target,
            "a server elsewhere may not send cairn to this computer",
        ));
    }
    Ok(target)
}

fn read_response(
    shown: &str,
    url: &Url,
    response: ureq::http::Response<ureq::Body>,
    options: &FetchOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Fetched, FetchError> {
    let (parts, body) = response.into_parts();
    let text = |name: header::HeaderName| {
        parts
            .headers
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    let encoding = text(header::CONTENT_ENCODING).map(|e| e.trim().to_ascii_lowercase());
    let gzip = match encoding.as_deref() {
        None | Some("" | "identity") => has_gz_suffix(url.path()),
        Some("gzip" | "x-gzip") => true,
        Some(other) => {
            return Err(FetchError::Decompress {
                location: shown.to_string(),
                reason: format!(
                    "the server used `{}` compression, which cairn does not read",
                    safe(other)
                ),
            });
        }
    };
    let expect = Expect {
        total: body.content_length(),
        cap: options.max_bytes,
        gzip,
    };
    let (bytes, _) =
        read::read_body(body.into_reader(), &expect, progress).map_err(
            |failure| match failure {
                ReadFailure::TooLarge { decompressed } => FetchError::TooLarge {
                    location: shown.to_string(),
                    limit: options.max_bytes,
                    decompressed,
                },
                ReadFailure::CutShort(reason) => FetchError::CutShort {
                    location: shown.to_string(),
                    reason,
                },
                ReadFailure::Decompress(reason) => FetchError::Decompress {
                    location: shown.to_string(),
                    reason: safe(&reason).into_owned(),
                },
                ReadFailure::Source(e) => transport_error(shown, url, e.into(), options, true),
            },
        )?;
    let content_type = text(header::CONTENT_TYPE);
    let format = Format::guess(content_type.as_deref(), url.path(), &bytes);
    Ok(Fetched::Body(Body {
        bytes,
        format,
        validators: Validators {
            etag: text(header::ETAG),
            last_modified: text(header::LAST_MODIFIED),
        },
        final_location: redacted(url),
    }))
}

fn timed_out(shown: &str, limit: TimeLimit, options: &FetchOptions) -> FetchError {
    FetchError::TimedOut {
        location: shown.to_string(),
        limit,
        after: match limit {
            TimeLimit::Connect => options.connect_timeout,
            TimeLimit::Overall => options.timeout,
        },
    }
}

/// Turns ureq's error into one a person can act on. `in_body` is true once
/// the headers have arrived, when a closed connection means a cut download.
fn transport_error(
    shown: &str,
    url: &Url,
    error: ureq::Error,
    options: &FetchOptions,
    in_body: bool,
) -> FetchError {
    use std::io::ErrorKind;
    let host = url.host_str().unwrap_or("the server").to_string();
    let location = shown.to_string();
    let connect = |reason: &str| FetchError::CannotConnect {
        location: location.clone(),
        host: host.clone(),
        reason: reason.to_string(),
    };
    // Errors may quote what the server sent.
    let network = |reason: String| FetchError::Network {
        location: location.clone(),
        reason: safe(&reason).into_owned(),
    };
    match error {
        ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => {
            timed_out(shown, TimeLimit::Connect, options)
        }
        ureq::Error::Timeout(_) => timed_out(shown, TimeLimit::Overall, options),
        ureq::Error::HostNotFound => {
            connect("the name was not found; check the address and your network connection")
        }
        ureq::Error::ConnectionFailed => connect("the connection failed"),
        ureq::Error::InvalidProxyUrl => network(
            "the proxy setting (HTTPS_PROXY, HTTP_PROXY or ALL_PROXY) is not a valid address"
                .into(),
        ),
        ureq::Error::Rustls(e) => tls(location.clone(), host.clone(), &e),
        ureq::Error::Tls(reason) => FetchError::Tls {
            location: location.clone(),
            host: host.clone(),
            reason: safe(reason).into_owned(),
            certificate: false,
        },
        ureq::Error::Io(e) => {
            if let Some(inner) = e.get_ref().and_then(|i| i.downcast_ref::<rustls::Error>()) {
                return tls(location.clone(), host.clone(), inner);
            }
            match e.kind() {
                ErrorKind::ConnectionRefused => {
                    connect("the connection was refused (nothing is answering there)")
                }
                ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset if in_body => {
                    FetchError::CutShort {
                        location: location.clone(),
                        reason: "the server closed the connection".into(),
                    }
                }
                ErrorKind::UnexpectedEof | ErrorKind::ConnectionReset => {
                    network("the server closed the connection without answering".into())
                }
                _ => network(format!("the transfer failed: {e}")),
            }
        }
        ureq::Error::Protocol(e) if in_body => FetchError::CutShort {
            location: location.clone(),
            reason: safe(&format!("the data arrived damaged: {e}")).into_owned(),
        },
        ureq::Error::Protocol(e) => network(format!("the server's answer is not valid HTTP: {e}")),
        other => network(format!("the transfer failed: {other}")),
    }
}

fn tls(location: String, host: String, error: &rustls::Error) -> FetchError {
    let certificate = matches!(
        error,
        rustls::Error::InvalidCertificate(_) | rustls::Error::NoCertificatesPresented
    );
    let reason = match error {
        rustls::Error::General(text) if text.contains("No CA certificates") => {
            "this computer has no trusted root certificates; install its CA certificates \
             package"
                .to_string()
        }
        // A certificate's names come from the server.
        other => safe(&other.to_string()).into_owned(),
    };
    FetchError::Tls {
        location,
        host,
        reason,
        certificate,
    }
}
