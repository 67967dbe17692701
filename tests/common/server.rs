//! A small HTTP server on 127.0.0.1 for sync tests: each request gets the
//! reply a test scripts for it, including the faults real servers have
//! (silence, a body cut short). It can also speak HTTPS with a self-signed
//! certificate, which no client should trust. It records what it was sent, and stops when
//! its handle is dropped or after a minute, whichever comes first, so a
//! hung test cannot keep it alive.

use std::io::{ErrorKind, Read, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::thread::{self, JoinHandle};
use std::time::{Duration, Instant};

/// The longest any server lives, whatever the test does.
const LIFETIME: Duration = Duration::from_secs(60);

/// A request as the server received it.
#[derive(Debug, Clone)]
pub struct Request {
    pub method: String,
    pub path: String,
    /// Names in lower case, in the order sent.
    pub headers: Vec<(String, String)>,
}

impl Request {
    /// The first value of header `name` (any case).
    pub fn header(&self, name: &str) -> Option<&str> {
        let name = name.to_ascii_lowercase();
        self.headers
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.as_str())
    }
}

/// What the server does with a request.
#[derive(Debug, Clone)]
pub enum Reply {
    /// A whole response; `Content-Length` is added unless given.
    Send {
        status: u16,
        headers: Vec<(String, String)>,
        body: Vec<u8>,
    },
    /// Announces `announced` bytes, sends `body` (fewer), then closes.
    CutShort { announced: usize, body: Vec<u8> },
    /// Reads the request and never answers.
    Silence,
}

impl Reply {
    /// A response with `status` and no body yet.
    pub fn status(status: u16) -> Reply {
        Reply::Send {
            status,
            headers: Vec::new(),
            body: Vec::new(),
        }
    }

    /// `200 OK` with `body`.
    pub fn ok(body: impl Into<Vec<u8>>) -> Reply {
        Reply::status(200).body(body)
    }

    /// A `302 Found` to `to`.
    pub fn redirect(to: &str) -> Reply {
        Reply::status(302).header("Location", to)
    }

    pub fn header(mut self, name: &str, value: &str) -> Reply {
        if let Reply::Send { headers, .. } = &mut self {
            headers.push((name.to_string(), value.to_string()));
        }
        self
    }

    pub fn body(mut self, new: impl Into<Vec<u8>>) -> Reply {
        if let Reply::Send { body, .. } = &mut self {
            *body = new.into();
        }
        self
    }
}

type Handler = dyn Fn(&Request) -> Reply + Send + Sync;

struct Shared {
    handler: Box<Handler>,
    tls: Option<Arc<rustls::ServerConfig>>,
    requests: Mutex<Vec<Request>>,
    stop: AtomicBool,
    deadline: Instant,
}

impl Shared {
    fn stopping(&self) -> bool {
        self.stop.load(Ordering::Relaxed) || Instant::now() > self.deadline
    }
}

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    scheme: &'static str,
    shared: Arc<Shared>,
    acceptor: Option<JoinHandle<()>>,
}

impl Server {
    /// Starts a server that answers every request with `handler`.
    pub fn start(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        Server::start_with(None, handler)
    }

    /// Starts a server that speaks only HTTPS, with a certificate for
    /// 127.0.0.1 and localhost that it signed itself.
    pub fn start_https(handler: impl Fn(&Request) -> Reply + Send + Sync + 'static) -> Server {
        let certified =
            rcgen::generate_simple_self_signed(["127.0.0.1".into(), "localhost".into()])
                .expect("make a self-signed certificate");
        let key =
            rustls::pki_types::PrivatePkcs8KeyDer::from(certified.signing_key.serialize_der());
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let config = rustls::ServerConfig::builder_with_provider(provider)
            .with_safe_default_protocol_versions()
            .expect("TLS versions")
            .with_no_client_auth()
            .with_single_cert(vec![certified.cert.der().clone()], key.into())
            .expect("a usable certificate");
        Server::start_with(Some(Arc::new(config)), handler)
    }

    fn start_with(
        tls: Option<Arc<rustls::ServerConfig>>,
        handler: impl Fn(&Request) -> Reply + Send + Sync + 'static,
    ) -> Server {
        let scheme = if tls.is_some() { "https" } else { "http" };
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind a loopback port");
        listener
            .set_nonblocking(true)
            .expect("make the listener non-blocking");
        let addr = listener.local_addr().expect("the listener's address");
        let shared = Arc::new(Shared {
            handler: Box::new(handler),
            tls,
            requests: Mutex::new(Vec::new()),
            stop: AtomicBool::new(false),
            deadline: Instant::now() + LIFETIME,
        });
        let for_thread = Arc::clone(&shared);
        let acceptor = thread::spawn(move || accept_loop(&listener, &for_thread));
        Server {
            addr,
            scheme,
            shared,
            acceptor: Some(acceptor),
        }
    }

    /// `http://127.0.0.1:<port><path>` (`https` for an HTTPS server).
    pub fn url(&self, path: &str) -> String {
        format!("{}://{}{path}", self.scheme, self.addr)
    }

    /// The address with the other scheme: a protocol the server does not speak.
    pub fn wrong_scheme_url(&self, path: &str) -> String {
        let other = if self.scheme == "http" {
            "https"
        } else {
            "http"
        };
        format!("{other}://{}{path}", self.addr)
    }

    /// Every request received so far, oldest first.
    pub fn requests(&self) -> Vec<Request> {
        self.shared.requests.lock().unwrap().clone()
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shared.stop.store(true, Ordering::Relaxed);
        if let Some(acceptor) = self.acceptor.take() {
            let _ = acceptor.join();
        }
    }
}

fn accept_loop(listener: &TcpListener, shared: &Arc<Shared>) {
    while !shared.stopping() {
        match listener.accept() {
            Ok((stream, _)) => {
                let shared = Arc::clone(shared);
                thread::spawn(move || serve(stream, &shared));
            }
            Err(e) if e.kind() == ErrorKind::WouldBlock => {
                thread::sleep(Duration::from_millis(5));
            }
            Err(_) => thread::sleep(Duration::from_millis(5)),
        }
    }
}

fn serve(stream: TcpStream, shared: &Shared) {
    let _ = stream.set_nonblocking(false);
    let _ = stream.set_read_timeout(Some(Duration::from_secs(5)));
    match &shared.tls {
        None => answer(stream, shared),
        Some(config) => {
            // The handshake happens on the first read, inside `answer`.
            if let Ok(connection) = rustls::ServerConnection::new(Arc::clone(config)) {
                answer(rustls::StreamOwned::new(connection, stream), shared);
            }
        }
    }
}

fn answer(mut stream: impl Read + Write, shared: &Shared) {
    let Some(request) = read_request(&mut stream) else {
        // Not HTTP (say a TLS handshake): answer in plain HTTP and hang up.
        let _ = stream.write_all(b"HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
        return;
    };
    shared.requests.lock().unwrap().push(request.clone());
    match (shared.handler)(&request) {
        Reply::Send {
            status,
            mut headers,
            body,
        } => {
            if !headers
                .iter()
                .any(|(n, _)| n.eq_ignore_ascii_case("content-length"))
            {
                headers.push(("Content-Length".into(), body.len().to_string()));
            }
            let _ = write_response(&mut stream, status, &headers, &body);
        }
        Reply::CutShort { announced, body } => {
            let headers = [("Content-Length".to_string(), announced.to_string())];
            let _ = write_response(&mut stream, 200, &headers, &body);
        }
        Reply::Silence => {
            while !shared.stopping() {
                thread::sleep(Duration::from_millis(10));
            }
        }
    }
}

fn write_response(
    stream: &mut impl Write,
    status: u16,
    headers: &[(String, String)],
    body: &[u8],
) -> std::io::Result<()> {
    let mut head = format!("HTTP/1.1 {status} {}\r\n", reason(status));
    for (name, value) in headers {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("Connection: close\r\n\r\n");
    stream.write_all(head.as_bytes())?;
    stream.write_all(body)?;
    stream.flush()
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        301 => "Moved Permanently",
        302 => "Found",
        304 => "Not Modified",
        404 => "Not Found",
        500 => "Internal Server Error",
        _ => "Status",
    }
}

/// Reads the request line and headers; `None` if they are not HTTP.
fn read_request(stream: &mut impl Read) -> Option<Request> {
    let mut data: Vec<u8> = Vec::new();
    let mut buf = [0u8; 4096];
    while !data.windows(4).any(|w| w == b"\r\n\r\n") {
        if data.first().is_some_and(|b| !b.is_ascii_alphabetic()) || data.len() > 64 * 1024 {
            return None;
        }
        match stream.read(&mut buf) {
            Ok(0) | Err(_) => return None,
            Ok(n) => data.extend_from_slice(&buf[..n]),
        }
    }
    let text = String::from_utf8_lossy(&data);
    let mut lines = text.split("\r\n");
    let mut first = lines.next()?.split(' ');
    let method = first.next()?.to_string();
    let path = first.next()?.to_string();
    let headers = lines
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .map(|(n, v)| (n.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    Some(Request {
        method,
        path,
        headers,
    })
}
