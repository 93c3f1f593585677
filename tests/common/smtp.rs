//! A real SMTP server on 127.0.0.1 for the sending tests: the `mailin`
//! crate's SMTP state machine (a server implementation, not a mock) behind
//! a plain TCP accept loop, with the failures the tests need: required
//! logins, refused recipients, and a server that goes away mid-batch.

use std::io::{BufRead, BufReader, Write};
use std::net::{IpAddr, SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

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

struct Recorder {
    options: Options,
    shared: Arc<Mutex<Vec<Received>>>,
    current: Received,
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
        self.shared.lock().unwrap().push(self.current.clone());
        OK
    }

    fn auth_plain(&mut self, _authz: &str, user: &str, password: &str) -> Response {
        self.auth_login(user, password)
    }

    fn auth_login(&mut self, user: &str, password: &str) -> Response {
        let given = (user.to_string(), password.to_string());
        if self.options.login.as_ref() == Some(&given) {
            self.current.login = Some(given);
            AUTH_OK
        } else {
            INVALID_CREDENTIALS
        }
    }
}

fn serve(stream: TcpStream, options: Options, shared: Arc<Mutex<Vec<Received>>>) {
    let peer: SocketAddr = stream.peer_addr().unwrap();
    let mut builder = SessionBuilder::new("test.smtp.example");
    if options.login.is_some() {
        builder
            .enable_auth(AuthMechanism::Plain)
            .enable_auth(AuthMechanism::Login)
            // Loopback only: the tests speak plain SMTP.
            .insecure_enable_plaintext_auth();
    }
    let handler = Recorder {
        options,
        shared,
        current: Received {
            from: String::new(),
            to: Vec::new(),
            data: String::new(),
            login: None,
        },
    };
    let mut session = builder.build(peer.ip(), handler);
    let mut writer = stream.try_clone().unwrap();
    let mut reader = BufReader::new(stream);
    if session.greeting().write_to(&mut writer).is_err() {
        return;
    }
    let mut line = Vec::new();
    loop {
        line.clear();
        match reader.read_until(b'\n', &mut line) {
            Ok(0) | Err(_) => return,
            Ok(_) => {}
        }
        let response = session.process(&line);
        match response.action {
            Action::NoReply => {}
            Action::Close => {
                let _ = response.write_to(&mut writer);
                let _ = writer.flush();
                return;
            }
            Action::Reply | Action::UpgradeTls => {
                if response.write_to(&mut writer).is_err() {
                    return;
                }
            }
        }
    }
}
