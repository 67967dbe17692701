//! Every fault a source can have, each ending in a message that names the
//! source and the reason.

use crate::server::{Reply, Server};
use crate::*;

#[test]
fn a_server_error_names_the_source_and_the_status() {
    let server = Server::start(|_| Reply::status(500).body("oops"));
    let url = server.url("/catalogue.json");
    let (e, message) = failure(get(&url, &Validators::default(), &quick()));
    assert!(matches!(e, FetchError::Status { code: 500, .. }), "{e:?}");
    says(&message, &url, "500 Internal Server Error");
    assert_eq!(e.location(), url);
}

#[test]
fn a_missing_page_says_to_check_the_address() {
    let server = Server::start(|_| Reply::status(404));
    let url = server.url("/gone.json");
    let (e, message) = failure(get(&url, &Validators::default(), &quick()));
    assert!(matches!(e, FetchError::Status { code: 404, .. }), "{e:?}");
    says(&message, &url, "404 Not Found: check the address");
}

#[test]
fn a_server_that_never_answers_times_out() {
    let server = Server::start(|_| Reply::Silence);
    let url = server.url("/slow.json");
    let options = FetchOptions {
        timeout: Duration::from_millis(300),
        ..quick()
    };
    let (e, message) = failure(get(&url, &Validators::default(), &options));
    assert!(
        matches!(e, FetchError::TimedOut { limit: TimeLimit::Overall, after, .. } if after == options.timeout),
        "{e:?}"
    );
    says(&message, &url, "did not finish within 300 ms");
}

#[test]
fn a_body_shorter_than_announced_is_cut_short() {
    let server = Server::start(|_| Reply::CutShort {
        announced: 10_000,
        body: b"{\"schema\": \"cairn.cat".to_vec(),
    });
    let url = server.url("/catalogue.json");
    let (e, message) = failure(get(&url, &Validators::default(), &quick()));
    assert!(matches!(e, FetchError::CutShort { .. }), "{e:?}");
    says(&message, &url, "cut short");
}

#[test]
fn a_body_over_the_cap_is_refused() {
    let server = Server::start(|_| Reply::ok(vec![b' '; 2048]));
    let url = server.url("/big.json");
    let options = FetchOptions {
        max_bytes: 1024,
        ..quick()
    };
    let (e, message) = failure(get(&url, &Validators::default(), &options));
    assert!(
        matches!(
            e,
            FetchError::TooLarge {
                limit: 1024,
                decompressed: false,
                ..
            }
        ),
        "{e:?}"
    );
    says(&message, &url, "over the 1 KiB limit");
    assert!(message.contains("max_download_mb"), "{message}");
}

#[test]
fn a_gzip_bomb_stops_at_the_cap() {
    let bomb = gzip(&vec![0u8; 10 * 1024 * 1024]);
    assert!(bomb.len() < 64 * 1024, "the bomb is small: {}", bomb.len());
    let server = Server::start(move |_| Reply::ok(bomb.clone()).header("Content-Encoding", "gzip"));
    let url = server.url("/catalogue.json");
    let options = FetchOptions {
        max_bytes: 1024 * 1024,
        ..quick()
    };
    let (e, message) = failure(get(&url, &Validators::default(), &options));
    assert!(
        matches!(
            e,
            FetchError::TooLarge {
                decompressed: true,
                ..
            }
        ),
        "{e:?}"
    );
    says(&message, &url, "once decompressed, over the 1 MiB limit");
}

#[test]
fn a_redirect_loop_is_refused() {
    let server = Server::start(|req| match req.path.as_str() {
        "/a" => Reply::redirect("/b"),
        _ => Reply::redirect("/a"),
    });
    let url = server.url("/a");
    let (e, message) = failure(get(&url, &Validators::default(), &quick()));
    assert!(matches!(e, FetchError::RedirectLoop { .. }), "{e:?}");
    says(&message, &url, "redirects in a loop");
    assert_eq!(server.requests().len(), 2);
}

#[test]
fn too_many_redirects_are_refused() {
    let server = Server::start(|req| {
        let n: u32 = req.path.trim_start_matches("/r").parse().unwrap_or(0);
        Reply::redirect(&format!("/r{}", n + 1))
    });
    let url = server.url("/r0");
    let options = FetchOptions {
        max_redirects: 3,
        ..quick()
    };
    let (e, message) = failure(get(&url, &Validators::default(), &options));
    assert!(
        matches!(e, FetchError::TooManyRedirects { limit: 3, .. }),
        "{e:?}"
    );
    says(&message, &url, "redirected more than 3 times");
    assert_eq!(server.requests().len(), 4);
}

#[test]
fn a_redirect_to_plain_http_elsewhere_is_refused() {
    let server = Server::start(|_| Reply::redirect("http://example.org/catalogue.json"));
    let url = server.url("/catalogue.json");
    let (e, message) = failure(get(&url, &Validators::default(), &quick()));
    assert!(matches!(e, FetchError::BadRedirect { .. }), "{e:?}");
    says(&message, &url, "http://example.org/catalogue.json");
    says(&message, &url, "not https");
    assert_eq!(server.requests().len(), 1);
}

#[test]
fn plain_http_to_another_computer_is_refused_without_connecting() {
    let (e, message) =
        failure(Location::parse("http://example.org/x").map(|_| Fetched::NotModified));
    assert!(matches!(e, FetchError::NotHttps { .. }), "{e:?}");
    says(&message, "http://example.org/x", "only fetches over https");
    // The same rule holds for a location built without `parse`.
    let location = Location::Url("http://example.org/x".parse().unwrap());
    let mut progress = Vec::new();
    let result = fetch(&location, &Validators::default(), &quick(), &mut |p| {
        progress.push(p)
    });
    let (e, _) = failure(result);
    assert!(matches!(e, FetchError::NotHttps { .. }), "{e:?}");
    assert!(progress.is_empty(), "nothing was attempted: {progress:?}");
}

#[test]
fn https_to_a_server_that_does_not_speak_it_is_a_tls_failure() {
    let server = Server::start(|_| Reply::ok(CATALOGUE));
    let url = server.wrong_scheme_url("/catalogue.json");
    let (e, message) = failure(get(&url, &Validators::default(), &quick()));
    assert!(
        matches!(
            e,
            FetchError::Tls {
                certificate: false,
                ..
            }
        ),
        "{e:?}"
    );
    says(&message, &url, "secure connection");
}

#[test]
fn a_certificate_this_computer_does_not_trust_is_refused_with_advice() {
    let server = Server::start_https(|_| Reply::ok(CATALOGUE));
    let url = server.url("/catalogue.json");
    let (e, message) = failure(get(&url, &Validators::default(), &quick()));
    assert!(
        matches!(
            e,
            FetchError::Tls {
                certificate: true,
                ..
            }
        ),
        "{e:?}"
    );
    says(&message, &url, "could not be verified");
    says(&message, &url, "root certificate must be installed");
    assert!(server.requests().is_empty(), "no request was sent");
}

#[test]
fn a_refused_connection_names_the_host() {
    let port = {
        let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        listener.local_addr().unwrap().port()
    };
    let url = format!("http://127.0.0.1:{port}/catalogue.json");
    let (e, message) = failure(get(&url, &Validators::default(), &quick()));
    assert!(matches!(e, FetchError::CannotConnect { .. }), "{e:?}");
    says(&message, &url, "cannot connect to 127.0.0.1");
}
