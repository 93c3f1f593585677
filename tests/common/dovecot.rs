//! A real IMAP server on loopback for the tests that read mail over IMAP
//! (`inbox --imap`, `canary watch --imap`): Dovecot (Debian's
//! `dovecot-imapd`), started with its own configuration in a temporary
//! directory, a certificate from a test CA (rcgen), one user with a
//! password and an OAuth2 token, until dropped. A test without Dovecot
//! says `skipped` (`server`), unless `CI` is set.

use std::net::TcpListener;
use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

pub const USER: &str = "privacy@northwind.example";
pub const PASSWORD: &str = "imap-s3cret-password";
/// The OAuth2 access token the test's introspection endpoint accepts.
pub const TOKEN: &str = "ya29.imap-test-token";

/// Dovecot checks an XOAUTH2 token by asking an OAuth2 introspection
/// endpoint (RFC 7662): this one, on loopback, says `active` for `TOKEN`
/// alone. Returns its port; it serves until the test process ends.
fn introspection() -> u16 {
    use std::io::{BufRead, BufReader, Read, Write};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming().flatten() {
            let mut reader = BufReader::new(stream);
            let mut length = 0;
            loop {
                let mut line = String::new();
                if reader.read_line(&mut line).unwrap_or(0) == 0 || line == "\r\n" {
                    break;
                }
                if let Some(value) = line.to_ascii_lowercase().strip_prefix("content-length:") {
                    length = value.trim().parse().unwrap_or(0);
                }
            }
            let mut body = vec![0; length];
            let _ = reader.read_exact(&mut body);
            let active = String::from_utf8_lossy(&body).contains(&format!("token={TOKEN}&"));
            let json = format!("{{\"active\": {active}, \"username\": \"{USER}\"}}");
            let _ = write!(
                reader.get_mut(),
                "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{json}",
                json.len()
            );
        }
    });
    port
}

fn dovecot_binary() -> Option<PathBuf> {
    ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| super::outside::on_path(&["dovecot"]))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A Dovecot serving one user, until dropped.
pub struct Dovecot {
    dir: tempfile::TempDir,
    binary: PathBuf,
    pub plain: u16,
    pub tls: u16,
    pub ca_pem: String,
}

impl Dovecot {
    pub fn start(binary: PathBuf) -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["run", "state", "mail"] {
            std::fs::create_dir(root.join(sub)).unwrap();
        }
        // A test CA and a certificate it signs for localhost.
        let super::pki::Issued { ca_pem, cert, key } = super::pki::issue(&["localhost"]);
        std::fs::write(root.join("cert.pem"), cert.pem()).unwrap();
        std::fs::write(root.join("key.pem"), key.serialize_pem()).unwrap();
        std::fs::write(root.join("passwd"), format!("{USER}:{{PLAIN}}{PASSWORD}\n")).unwrap();
        std::fs::write(
            root.join("oauth2.conf.ext"),
            format!(
                "introspection_mode = post\nintrospection_url = http://127.0.0.1:{}/introspect\n\
                 username_attribute = username\nactive_attribute = active\nactive_value = true\n",
                introspection()
            ),
        )
        .unwrap();
        // As root (CI), mail is stored as the `mail` user, since Dovecot
        // will not run a mail process as root; otherwise as ourselves.
        let root_user = unsafe { libc::getuid() } == 0;
        let (uid, gid, internal) = if root_user {
            ("mail".to_string(), "mail".to_string(), String::new())
        } else {
            let me = String::from_utf8(Command::new("id").arg("-un").output().unwrap().stdout)
                .unwrap()
                .trim()
                .to_string();
            (
                unsafe { libc::getuid() }.to_string(),
                unsafe { libc::getgid() }.to_string(),
                format!("default_internal_user = {me}\ndefault_login_user = {me}\n"),
            )
        };
        if root_user {
            let _ = Command::new("chown")
                .args(["-R", "mail:mail"])
                .arg(root.join("mail"))
                .status();
            let _ = Command::new("chmod").args(["755"]).arg(root).status();
        }
        let (plain, tls) = (free_port(), free_port());
        let path = |name: &str| root.join(name).display().to_string();
        let config = format!(
            "base_dir = {run}\nstate_dir = {state}\nlog_path = {log}\n{internal}\
imap_logout_format = in=%i out=%o bodies=%{{fetch_body_count}}\n\
protocols = imap\nlisten = 127.0.0.1\nssl = yes\nssl_cert = <{cert}\nssl_key = <{key}\n\
auth_mechanisms = plain login xoauth2\ndisable_plaintext_auth = no\nfirst_valid_uid = 1\n\
passdb {{\n  driver = oauth2\n  mechanisms = xoauth2\n  args = {oauth2}\n}}\n\
passdb {{\n  driver = passwd-file\n  args = {passwd}\n}}\n\
userdb {{\n  driver = static\n  args = uid={uid} gid={gid} home={mail}/%u\n}}\n\
mail_location = maildir:{mail}/%u/Maildir\n\
service imap-login {{\n  chroot =\n  inet_listener imap {{\n    port = {plain}\n  }}\n  inet_listener imaps {{\n    port = {tls}\n    ssl = yes\n  }}\n}}\n\
service anvil {{\n  chroot =\n}}\n\
service stats {{\n  unix_listener stats-reader {{\n    mode = 0666\n  }}\n  unix_listener stats-writer {{\n    mode = 0666\n  }}\n}}\n",
            run = path("run"),
            state = path("state"),
            log = path("dovecot.log"),
            cert = path("cert.pem"),
            key = path("key.pem"),
            passwd = path("passwd"),
            oauth2 = path("oauth2.conf.ext"),
            mail = path("mail"),
        );
        std::fs::write(root.join("dovecot.conf"), config).unwrap();
        let status = Command::new(&binary)
            .arg("-c")
            .arg(root.join("dovecot.conf"))
            .status()
            .unwrap();
        let log = std::fs::read_to_string(root.join("dovecot.log")).unwrap_or_default();
        assert!(status.success(), "dovecot did not start:\n{log}");
        let server = Dovecot {
            dir,
            binary,
            plain,
            tls,
            ca_pem,
        };
        let start = Instant::now();
        while std::net::TcpStream::connect(("127.0.0.1", tls)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(10),
                "dovecot does not listen:\n{}",
                server.log()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        server
    }

    pub fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// A session over the plain port, for the test's own APPEND and FETCH.
    pub fn session<R>(
        &self,
        work: impl AsyncFnOnce(&mut async_imap::Session<tokio::net::TcpStream>) -> R,
    ) -> R {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .unwrap();
        runtime.block_on(async {
            let tcp = tokio::net::TcpStream::connect(("127.0.0.1", self.plain))
                .await
                .unwrap();
            let mut client = async_imap::Client::new(tcp);
            client.read_response().await.unwrap();
            let mut session = client
                .login(USER, PASSWORD)
                .await
                .map_err(|(e, _)| e)
                .unwrap();
            let result = work(&mut session).await;
            session.logout().await.unwrap();
            result
        })
    }
}

impl Drop for Dovecot {
    fn drop(&mut self) {
        let _ = Command::new(&self.binary)
            .arg("-c")
            .arg(self.dir.path().join("dovecot.conf"))
            .arg("stop")
            .status();
    }
}

pub fn server(test: &str) -> Option<Dovecot> {
    let binary = dovecot_binary();
    if !super::outside::need(
        test,
        "Dovecot",
        binary.is_some(),
        "apt-get install dovecot-imapd; .ci/run does",
    ) {
        return None;
    }
    Some(Dovecot::start(binary.unwrap()))
}
