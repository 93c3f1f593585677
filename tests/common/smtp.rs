//! A real SMTP server on 127.0.0.1 for the sending tests: the `mailin`
//! crate's SMTP state machine (a server implementation, not a mock) behind
//! a TCP accept loop, with TLS from rustls (STARTTLS or implicit) and the
//! failures the tests need: required logins, refused recipients, a server
//! that goes away mid-batch, one that never greets. XOAUTH2, which mailin
//! does not know, is answered here and its SASL string kept for the test.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine;

use mailin::response::{AUTH_OK, INVALID_CREDENTIALS, NO_MAILBOX, OK};
use mailin::{Action, AuthMechanism, Handler, Response, SessionBuilder};

/// One message as the server received it.
#[derive(Debug, Clone)]
pub struct Received {
    pub from: String,
    pub to: Vec<String>,
    pub data: String,
    /// The login the client gave, if any.
    pub login: Option<(String, String)>,
    /// The decoded XOAUTH2 initial response, if the client sent one.
    pub xoauth2: Option<String>,
    /// Whether the message came over TLS.
    pub tls: bool,
    /// The SASL mechanism the client logged in with (`PLAIN`, `LOGIN`).
    pub mechanism: Option<String>,
}

/// How the server speaks TLS.
#[derive(Clone)]
pub enum TlsMode {
    /// Plain at first, `STARTTLS` offered (port 587's way).
    StartTls(Arc<rustls::ServerConfig>),
    /// TLS from the first byte (port 465's way).
    Implicit(Arc<rustls::ServerConfig>),
}

#[derive(Debug, Clone, Default)]
pub struct Options {
    /// Require this login before mail is accepted.
    pub login: Option<(String, String)>,
    /// Refuse these recipients with 550.
    pub refuse: Vec<String>,
    /// Take this many messages, then close every connection at once, as a
    /// server that crashed would.
    pub accept: Option<usize>,
    pub tls: Option<TlsMode>,
    /// Offer `AUTH XOAUTH2` and accept any token, keeping it.
    pub xoauth2: bool,
    /// Accept connections and never say a word.
    pub silent: bool,
}

impl std::fmt::Debug for TlsMode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            TlsMode::StartTls(_) => "StartTls",
            TlsMode::Implicit(_) => "Implicit",
        })
    }
}

pub struct Server {
    pub port: u16,
    received: Arc<Mutex<Vec<Received>>>,
}

impl Server {
    pub fn start(options: Options) -> Server {
        let listener = TcpListener::bind("127.0.0.1:0").unwrap();
        let port = listener.local_addr().unwrap().port();
        let received = Arc::new(Mutex::new(Vec::new()));
        let shared = Arc::clone(&received);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                let Ok(stream) = stream else { continue };
                let full = options
                    .accept
                    .is_some_and(|n| shared.lock().unwrap().len() >= n);
                if full {
                    drop(stream);
                    continue;
                }
                let options = options.clone();
                let shared = Arc::clone(&shared);
                std::thread::spawn(move || serve(stream, options, shared));
            }
        });
        Server { port, received }
    }

    pub fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

/// A header of a received message (`Received::data`), unfolded.
pub fn header(data: &str, name: &str) -> String {
    let unfolded = data.replace("\r\n ", " ").replace("\r\n\t", " ");
    unfolded
        .split("\r\n\r\n")
        .next()
        .unwrap()
        .split("\r\n")
        .find_map(|l| l.strip_prefix(&format!("{name}: ")))
        .unwrap_or_else(|| panic!("no {name} in {data}"))
        .to_string()
}

struct Recorder {
    options: Options,
    shared: Arc<Mutex<Vec<Received>>>,
    current: Received,
    /// What the accept loop learns that mailin cannot tell the handler:
    /// the XOAUTH2 string, and whether TLS is on.
    connection: Arc<Mutex<(Option<String>, bool)>>,
}

impl Handler for Recorder {
    fn mail(&mut self, _ip: IpAddr, _domain: &str, from: &str) -> Response {
        self.current.from = from.to_string();
        self.current.to.clear();
        self.current.data.clear();
        OK
    }

    fn rcpt(&mut self, to: &str) -> Response {
        if self.options.refuse.iter().any(|r| r == to) {
            return NO_MAILBOX;
        }
        self.current.to.push(to.to_string());
        OK
    }

    fn data(&mut self, buf: &[u8]) -> std::io::Result<()> {
        self.current.data.push_str(&String::from_utf8_lossy(buf));
        Ok(())
    }

    fn data_end(&mut self) -> Response {
        let (xoauth2, tls) = self.connection.lock().unwrap().clone();
        self.current.xoauth2 = xoauth2;
        self.current.tls = tls;
        self.shared.lock().unwrap().push(self.current.clone());
        OK
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        let response = self.check_login(user, password);
        self.current.mechanism = Some("PLAIN".into());
        response
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        let response = self.check_login(user, password);
        self.current.mechanism = Some("LOGIN".into());
        response
    }
}

impl Recorder {
    fn check_login(&mut self, user: &str, password: &str) -> Response {
        let given = (user.to_string(), password.to_string());
        if self.options.login.as_ref() == Some(&given) {
            self.current.login = Some(given);
            AUTH_OK
        } else {
            INVALID_CREDENTIALS
        }
    }
}

/// The connection, before or after TLS.
enum Stream {
    Plain(TcpStream),
    Tls(Box<rustls::StreamOwned<rustls::ServerConnection, TcpStream>>),
}

impl Read for Stream {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.read(buf),
            Stream::Tls(s) => s.read(buf),
        }
    }
}

impl Write for Stream {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        match self {
            Stream::Plain(s) => s.write(buf),
            Stream::Tls(s) => s.write(buf),
        }
    }
    fn flush(&mut self) -> std::io::Result<()> {
        match self {
            Stream::Plain(s) => s.flush(),
            Stream::Tls(s) => s.flush(),
        }
    }
}

fn tls(config: &Arc<rustls::ServerConfig>, tcp: TcpStream) -> Option<Stream> {
    let connection = rustls::ServerConnection::new(Arc::clone(config)).ok()?;
    let mut stream = rustls::StreamOwned::new(connection, tcp);
    // Finish the handshake now: a client that refuses our certificate
    // ends the connection here.
    while stream.conn.is_handshaking() {
        stream.conn.complete_io(&mut stream.sock).ok()?;
    }
    Some(Stream::Tls(Box::new(stream)))
}

fn serve(stream: TcpStream, options: Options, shared: Arc<Mutex<Vec<Received>>>) {
    let peer: SocketAddr = stream.peer_addr().unwrap();
    if options.silent {
        // Hold the connection open without a greeting until the client gives up.
        let mut buf = [0u8; 64];
        let mut stream = stream;
        while matches!(stream.read(&mut buf), Ok(n) if n > 0) {}
        return;
    }
    let mut builder = SessionBuilder::new("test.smtp.example");
    if options.login.is_some() {
        builder
            .enable_auth(AuthMechanism::Plain)
            .enable_auth(AuthMechanism::Login)
            // Loopback only: some tests speak plain SMTP.
            .insecure_enable_plaintext_auth();
    }
    if matches!(options.tls, Some(TlsMode::StartTls(_))) {
        builder.enable_start_tls();
    }
    let xoauth2 = options.xoauth2;
    let tls_mode = options.tls.clone();
    let connection = Arc::new(Mutex::new((None, false)));
    let handler = Recorder {
        connection: Arc::clone(&connection),
        options,
        shared,
        current: Received {
            from: String::new(),
            to: Vec::new(),
            data: String::new(),
            login: None,
            xoauth2: None,
            tls: false,
            mechanism: None,
        },
    };
    let mut session = builder.build(peer.ip(), handler);
    let stream = match &tls_mode {
        Some(TlsMode::Implicit(config)) => {
            let Some(stream) = tls(config, stream) else {
                return;
            };
            session.tls_active();
            stream
        }
        _ => Stream::Plain(stream),
    };
    let mut encrypted = matches!(stream, Stream::Tls(_));
    let mut reader = BufReader::new(stream);
    let mut greeting = Vec::new();
    session.greeting().write_to(&mut greeting).unwrap();
    if reader.get_mut().write_all(&greeting).is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let text = String::from_utf8_lossy(&line).to_string();
        if xoauth2 && text.to_ascii_uppercase().starts_with("AUTH XOAUTH2 ") {
            let encoded = text[13..].trim();
            let decoded = base64::engine::general_purpose::STANDARD
                .decode(encoded)
                .map(|b| String::from_utf8_lossy(&b).into_owned())
                .unwrap_or_default();
            connection.lock().unwrap().0 = Some(decoded);
            let _ = reader.get_mut().write_all(b"235 2.7.0 Accepted\r\n");
            continue;
        }
        let response = session.process(&line);
        let mut bytes = Vec::new();
        let _ = response.write_to(&mut bytes);
        // Advertise XOAUTH2 in the EHLO reply, which mailin builds.
        if xoauth2 && text.to_ascii_uppercase().starts_with("EHLO") {
            let reply =
                String::from_utf8_lossy(&bytes).replacen("250-", "250-AUTH XOAUTH2\r\n250-", 1);
            bytes = reply.into_bytes();
        }
        connection.lock().unwrap().1 = encrypted;
        match response.action {
            Action::NoReply => {}
            Action::Close => {
                let _ = reader.get_mut().write_all(&bytes);
                let _ = reader.get_mut().flush();
                return;
            }
            Action::UpgradeTls => {
                if reader.get_mut().write_all(&bytes).is_err() {
                    return;
                }
                let Some(TlsMode::StartTls(config)) = &tls_mode else {
                    return;
                };
                let Stream::Plain(tcp) = reader.into_inner() else {
                    return;
                };
                let Some(stream) = tls(config, tcp) else {
                    return;
                };
                session.tls_active();
                encrypted = true;
                reader = BufReader::new(stream);
            }
            Action::Reply => {
                if reader.get_mut().write_all(&bytes).is_err() {
                    return;
                }
            }
        }
    }
}
