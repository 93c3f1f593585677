//! `inbox --imap` against a real IMAP server on loopback: Dovecot (Debian's
//! `dovecot-imapd`), started here with its own configuration in a temporary
//! directory and a certificate from a test CA (rcgen). The corpus of
//! tests/data/replies is appended over IMAP; linger must read it over TLS
//! and STARTTLS, change no flag, fetch nothing new on a rerun, and refuse a
//! wrong password or an untrusted certificate without showing the secret.

mod common;

use common::text;

use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;

const USER: &str = "privacy@northwind.example";
const PASSWORD: &str = "imap-s3cret-password";
/// The OAuth2 access token the test's introspection endpoint accepts.
const TOKEN: &str = "ya29.imap-test-token";

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
const TODAY: &str = "2026-11-30";

fn dovecot_binary() -> Option<PathBuf> {
    ["/usr/sbin/dovecot", "/usr/local/sbin/dovecot"]
        .iter()
        .map(PathBuf::from)
        .find(|p| p.is_file())
        .or_else(|| common::outside::on_path(&["dovecot"]))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

/// A Dovecot serving one user, until dropped.
struct Dovecot {
    dir: tempfile::TempDir,
    binary: PathBuf,
    plain: u16,
    tls: u16,
    ca_pem: String,
}

impl Dovecot {
    fn start(binary: PathBuf) -> Dovecot {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        for sub in ["run", "state", "mail"] {
            std::fs::create_dir(root.join(sub)).unwrap();
        }
        // A test CA and a certificate it signs for localhost.
        let common::pki::Issued { ca_pem, cert, key } = common::pki::issue(&["localhost"]);
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

    fn log(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("dovecot.log")).unwrap_or_default()
    }

    /// A session over the plain port, for the test's own APPEND and FETCH.
    fn session<R>(
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

fn server(test: &str) -> Option<Dovecot> {
    let binary = dovecot_binary();
    if !common::outside::need(
        test,
        "Dovecot",
        binary.is_some(),
        "apt-get install dovecot-imapd; .ci/run does",
    ) {
        return None;
    }
    Some(Dovecot::start(binary.unwrap()))
}

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/replies")
}

/// Appends every message of the corpus to INBOX; returns how many.
fn fill(server: &Dovecot) -> usize {
    let mut messages: Vec<Vec<u8>> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| std::fs::read(p).unwrap())
        .collect();
    messages.sort();
    let n = messages.len();
    server.session(async |session| {
        for message in &messages {
            session.append("INBOX", None, None, message).await.unwrap();
        }
    });
    n
}

/// Every message's flags, by UID.
fn flags(server: &Dovecot) -> Vec<(u32, Vec<String>)> {
    server.session(async |session| {
        session.examine("INBOX").await.unwrap();
        let fetched: Vec<_> = session
            .uid_fetch("1:*", "FLAGS")
            .await
            .unwrap()
            .try_collect()
            .await
            .unwrap();
        let mut out: Vec<(u32, Vec<String>)> = fetched
            .iter()
            .map(|f| {
                (
                    f.uid.unwrap(),
                    f.flags().map(|fl| format!("{fl:?}")).collect(),
                )
            })
            .collect();
        out.sort();
        out
    })
}

/// The corpus's inventory with an [imap] table, and the CA beside it.
fn workspace(server: &Dovecot, imap: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(corpus().join("vendors.toml")).unwrap();
    let text = text.replacen(
        "\n[[vendor]]",
        &format!("\n[imap]\n{imap}\n\n[[vendor]]"),
        1,
    );
    std::fs::write(dir.path().join("vendors.toml"), text).unwrap();
    std::fs::write(dir.path().join("ca.pem"), &server.ca_pem).unwrap();
    dir
}

fn inbox(dir: &Path, password: &str, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .env("LINGER_IMAP_PASSWORD", password)
        .env("LINGER_IMAP_TOKEN", TOKEN)
        .env("LINGER_CACHE_DIR", dir.join("cache"))
        // No keyring session: the password comes from the environment.
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .args(["--today", TODAY, "inbox", "--imap"])
        .args(args)
        .output()
        .unwrap()
}

/// `out` exited 0; if not, its error and Dovecot's log say why.
#[track_caller]
fn succeeded(out: &Output, server: &Dovecot) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        text(&out.stderr),
        server.log()
    );
}

fn read_count(out: &Output) -> u64 {
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}{}", text(&out.stdout), text(&out.stderr)));
    report["read"].as_u64().unwrap()
}

#[test]
fn imap_reads_read_only_over_tls_and_starttls_and_a_rerun_fetches_nothing_new() {
    let Some(server) =
        server("imap_reads_read_only_over_tls_and_starttls_and_a_rerun_fetches_nothing_new")
    else {
        return;
    };
    let appended = fill(&server);
    assert!(appended >= 60);
    let before = flags(&server);
    assert_eq!(before.len(), appended);

    let tls = format!(
        "host = \"localhost\"\nport = {}\nsecurity = \"tls\"\nusername = \"{USER}\"\nca_file = \"ca.pem\"",
        server.tls
    );
    let dir = workspace(&server, &tls);
    let out = inbox(dir.path(), PASSWORD, &["--format", "json"]);
    succeeded(&out, &server);
    assert_eq!(read_count(&out), appended as u64);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["replies"].as_array().unwrap().len(), appended - 2);
    // Read-only: not a flag changed (no \Seen), nothing moved or deleted.
    assert_eq!(flags(&server), before);

    // A look without --apply keeps everything for the next run; --apply
    // records and moves past it, but not past an end state that waits for
    // a person's yes: that is read again, and nothing is recorded twice.
    let out = inbox(dir.path(), PASSWORD, &["--format", "json", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(read_count(&out), appended as u64);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut waiting: Vec<String> = report["replies"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["needs_accept"] == true && r["applied"] == false)
        .map(|r| r["accept"].as_str().unwrap().to_string())
        .collect();
    waiting.sort();
    waiting.dedup();
    assert!(!waiting.is_empty());
    let recorded = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    let out = inbox(dir.path(), PASSWORD, &["--format", "json", "--apply"]);
    assert!(read_count(&out) > 0, "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        recorded
    );

    // Once a person accepts them, the state moves past all, and a rerun
    // fetches nothing.
    let accept = waiting.join(",");
    let out = inbox(
        dir.path(),
        PASSWORD,
        &["--format", "json", "--apply", "--accept", &accept],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let out = inbox(dir.path(), PASSWORD, &["--format", "json", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(read_count(&out), 0, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Fetched 0 new messages"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(flags(&server), before);

    // A new reply arrives: the next run reads it alone.
    server.session(async |session| {
        session
            .append("INBOX", None, None, b"From: dpo@mailblast.example\r\nTo: privacy@northwind.example\r\nSubject: Re: Deletion request [ref:mailblast]\r\nDate: Sat, 28 Nov 2026 10:00:00 +0000\r\nMessage-ID: <late@mailblast.example>\r\n\r\nWe have received your request.\r\n")
            .await
            .unwrap();
    });
    let out = inbox(dir.path(), PASSWORD, &["--format", "json", "--apply"]);
    assert_eq!(read_count(&out), 1, "{}", text(&out.stderr));

    // STARTTLS on the plain port; --full reads everything again.
    let starttls = format!(
        "host = \"localhost\"\nport = {}\nsecurity = \"starttls\"\nusername = \"{USER}\"\nca_file = \"ca.pem\"",
        server.plain
    );
    let dir = workspace(&server, &starttls);
    let out = inbox(dir.path(), PASSWORD, &["--format", "json", "--full"]);
    succeeded(&out, &server);
    assert_eq!(read_count(&out), appended as u64 + 1);
    let out = inbox(
        dir.path(),
        PASSWORD,
        &["--format", "json", "--since", "2026-11-01"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    // APPEND dates every message today, so SINCE takes them all.
    assert_eq!(read_count(&out), appended as u64 + 1);

    // XOAUTH2: the token from LINGER_IMAP_TOKEN, checked by Dovecot at the
    // introspection endpoint.
    let oauth = format!("{tls}\nauth = \"xoauth2\"");
    let dir = workspace(&server, &oauth);
    let out = inbox(dir.path(), "not-used", &["--format", "json"]);
    succeeded(&out, &server);
    assert_eq!(read_count(&out), appended as u64 + 1);
    assert!(server.log().contains("method=XOAUTH2"), "{}", server.log());
    assert!(!text(&out.stderr).contains(TOKEN));
}

#[test]
fn a_wrong_password_or_an_untrusted_certificate_is_an_error_that_shows_no_secret() {
    let Some(server) =
        server("a_wrong_password_or_an_untrusted_certificate_is_an_error_that_shows_no_secret")
    else {
        return;
    };
    let tls = format!(
        "host = \"localhost\"\nport = {}\nsecurity = \"tls\"\nusername = \"{USER}\"\nca_file = \"ca.pem\"",
        server.tls
    );
    let dir = workspace(&server, &tls);
    let before = std::fs::read(dir.path().join("vendors.toml")).unwrap();
    let out = inbox(dir.path(), "not-the-password", &["--apply"]);
    assert_ne!(out.status.code(), Some(0));
    let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(said.contains("refused the login"), "{said}");
    assert!(!said.contains("not-the-password"), "{said}");

    assert!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap() == before,
        "the inventory changed"
    );

    let untrusted = tls.replace("ca_file = \"ca.pem\"", "");
    let dir = workspace(&server, &untrusted);
    let before = std::fs::read(dir.path().join("vendors.toml")).unwrap();
    let out = inbox(dir.path(), PASSWORD, &["--apply"]);
    assert_ne!(out.status.code(), Some(0));
    let said = text(&out.stderr);
    assert!(said.contains("TLS handshake"), "{said}");
    assert!(!said.contains(PASSWORD), "{said}");
    assert!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap() == before,
        "the inventory changed"
    );
}

#[test]
fn the_top_uid_ends_the_mailbox_and_a_rerun_fetches_nothing() {
    let Some(server) = server("the_top_uid_ends_the_mailbox_and_a_rerun_fetches_nothing") else {
        return;
    };
    fill(&server);
    let tls = format!(
        "host = \"localhost\"\nport = {}\nsecurity = \"tls\"\nusername = \"{USER}\"\nca_file = \"ca.pem\"",
        server.tls
    );
    let dir = workspace(&server, &tls);
    let out = inbox(dir.path(), PASSWORD, &["--format", "json", "--apply"]);
    succeeded(&out, &server);
    // The state as a server that reached the last UID there is would
    // leave it: the next UID would be 2^32, which does not exist.
    let states: Vec<PathBuf> = std::fs::read_dir(dir.path().join("cache/imap"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(states.len(), 1, "{states:?}");
    let mut state: serde_json::Value =
        serde_json::from_slice(&std::fs::read(&states[0]).unwrap()).unwrap();
    state["mailboxes"]["INBOX"]["last_uid"] = serde_json::json!(u32::MAX);
    std::fs::write(&states[0], serde_json::to_vec(&state).unwrap()).unwrap();

    let logouts = |log: &str| {
        log.lines()
            .filter(|l| l.contains("Logged out") && l.contains(USER))
            .map(str::to_string)
            .collect::<Vec<_>>()
    };
    let before = logouts(&server.log()).len();

    // Not `UID FETCH 0:*` (every message again, or a panic): nothing.
    let out = inbox(dir.path(), PASSWORD, &["--format", "json", "--apply"]);
    succeeded(&out, &server);
    assert_eq!(read_count(&out), 0, "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("Fetched 0 new messages"),
        "{}",
        text(&out.stderr)
    );
    // And the server sent no message body for it to skip (Dovecot logs
    // the session's end a moment after the client has gone).
    let started = Instant::now();
    let mut seen = logouts(&server.log());
    while seen.len() <= before && started.elapsed() < Duration::from_secs(10) {
        std::thread::sleep(Duration::from_millis(50));
        seen = logouts(&server.log());
    }
    let last = seen.last().filter(|_| seen.len() > before);
    let last = last.unwrap_or_else(|| panic!("no new logout in the log: {}", server.log()));
    assert!(last.contains("bodies=0"), "{last}");
}

/// `canary watch --imap` reads the folders `--mailbox` names (a canary
/// folder and its junk folder), read-only, with a state of its own: after
/// its `--apply` a rerun fetches nothing new, and `inbox --imap` of the
/// same account still reads everything.
#[test]
fn canary_watch_reads_its_folders_over_imap_with_a_state_of_its_own() {
    let Some(server) = server("canary_watch_reads_its_folders_over_imap_with_a_state_of_its_own")
    else {
        return;
    };
    let canary = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/canary");
    let mbox = std::fs::read_to_string(canary.join("mail/canary.mbox")).unwrap();
    let messages: Vec<String> = mbox
        .split("From MAILER-DAEMON ")
        .filter(|m| !m.trim().is_empty())
        .map(|m| m.split_once('\n').unwrap().1.replace('\n', "\r\n"))
        .collect();
    assert_eq!(messages.len(), 6);
    server.session(async |session| {
        session.create("Canary").await.unwrap();
        session.create("Junk").await.unwrap();
        for (n, message) in messages.iter().enumerate() {
            let folder = if n % 2 == 0 { "Canary" } else { "Junk" };
            session
                .append(folder, None, None, message.as_bytes())
                .await
                .unwrap();
        }
    });
    let dir = tempfile::tempdir().unwrap();
    let imap = format!(
        "host = \"localhost\"\nport = {}\nsecurity = \"tls\"\nusername = \"{USER}\"\nca_file = \"ca.pem\"",
        server.tls
    );
    let text_toml = std::fs::read_to_string(canary.join("vendors.toml"))
        .unwrap()
        .replacen(
            "\n[[vendor]]",
            &format!("\n[imap]\n{imap}\n\n[[vendor]]"),
            1,
        );
    std::fs::write(dir.path().join("vendors.toml"), text_toml).unwrap();
    std::fs::write(dir.path().join("ca.pem"), &server.ca_pem).unwrap();
    let watch = |more: &[&str]| {
        common::linger()
            .current_dir(dir.path())
            .env("LINGER_IMAP_PASSWORD", PASSWORD)
            .env("LINGER_CACHE_DIR", dir.path().join("cache"))
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
            .args(["--today", "2026-12-07", "canary", "watch", "--imap"])
            .args([
                "--mailbox",
                "Canary",
                "--mailbox",
                "Junk",
                "--format",
                "json",
            ])
            .args(more)
            .output()
            .unwrap()
    };
    let out = watch(&["--apply"]);
    succeeded(&out, &server);
    assert_eq!(read_count(&out), 6);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut meanings: Vec<&str> = report["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["meaning"].as_str().unwrap())
        .collect();
    meanings.sort();
    assert_eq!(
        meanings,
        ["contradicted", "expected", "leaked", "leaked", "leaked"]
    );
    let recorded = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert_eq!(recorded.matches("{ on = ").count(), 5, "{recorded}");
    // Read-only: the canary folders' messages keep their flags (no \Seen).
    let seen = server.session(async |session| {
        let mut seen = 0;
        for folder in ["Canary", "Junk"] {
            session.examine(folder).await.unwrap();
            let fetched: Vec<_> = session
                .uid_fetch("1:*", "FLAGS")
                .await
                .unwrap()
                .try_collect()
                .await
                .unwrap();
            seen += fetched
                .iter()
                .filter(|f| {
                    f.flags()
                        .any(|fl| matches!(fl, async_imap::types::Flag::Seen))
                })
                .count();
        }
        seen
    });
    assert_eq!(seen, 0);
    // A rerun fetches nothing new and changes nothing.
    let out = watch(&["--apply"]);
    succeeded(&out, &server);
    assert_eq!(read_count(&out), 0);
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        recorded
    );
    // The canary state is its own: the inbox's is untouched.
    assert!(dir.path().join("cache/imap-canary").is_dir());
    assert!(!dir.path().join("cache/imap").exists());
}
