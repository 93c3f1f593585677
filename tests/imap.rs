//! `inbox --imap` against a real IMAP server on loopback: Dovecot (Debian's
//! `dovecot-imapd`), started here with its own configuration in a temporary
//! directory and a certificate from a test CA (rcgen). The corpus of
//! tests/data/replies is appended over IMAP; linger must read it over TLS
//! and STARTTLS, change no flag, fetch nothing new on a rerun, and refuse a
//! wrong password or an untrusted certificate without showing the secret.

mod common;

use common::dovecot::{Dovecot, PASSWORD, TOKEN, USER, server};
use common::text;

use std::path::{Path, PathBuf};
use std::process::Output;
use std::time::{Duration, Instant};

use futures_util::TryStreamExt;

const TODAY: &str = "2026-11-30";

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
