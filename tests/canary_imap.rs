//! `canary watch --imap` against a real IMAP server on loopback (Dovecot,
//! `common::dovecot`): the catch-all in an account of its own
//! (`[canary.imap]`, with its own secret, while `[imap]` points nowhere),
//! and the coverage its state keeps, per folder: a first read covers from
//! the folder's earliest message, each incremental read extends it to the
//! time of the read, until the window of a confirmed deletion is read
//! whole and `verified` may be recorded; a state file from before
//! coverage was kept proves nothing until a `--full` read.

mod common;

use common::dovecot::{Dovecot, PASSWORD, server};
use common::text;

use std::path::Path;
use std::process::Output;

use serde_json::Value;

/// oldcrm confirmed on 2026-09-01: with 90 days its window is 2026-09-02
/// to 2026-11-30.
const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
canary_domain = "canary.northwind.example"

[policy]
verify_after_days = 90

# The privacy mailbox: not where the canaries land (and nothing listens).
[imap]
host = "localhost"
port = 9
username = "privacy@northwind.example"

[canary.imap]
host = "localhost"
port = TLS_PORT
security = "tls"
username = "privacy@northwind.example"
ca_file = "ca.pem"
mailboxes = ["Canary", "Junk"]

[[vendor]]
id = "oldcrm"
name = "OldCRM Inc."
website = "https://oldcrm.example"
canaries = ["oldcrm.k7q3x9ab@canary.northwind.example"]

[[vendor.event]]
on = 2026-08-01
kind = "requested"

[[vendor.event]]
on = 2026-09-01
kind = "confirmed"
"#;

/// A message to a catch-all address, delivered at `when` (RFC 2822).
fn message(id: &str, when: &str) -> String {
    format!(
        "Delivered-To: hello@canary.northwind.example\r\n\
Received: from mx.northwind.example\r\n\tby imap.northwind.example (Dovecot) with LMTP\r\n\tfor <hello@canary.northwind.example>; {when}\r\n\
From: News <news@supplier.example>\r\n\
To: hello@canary.northwind.example\r\n\
Subject: Supplier news\r\n\
Date: {when}\r\n\
Message-ID: <{id}@supplier.example>\r\n\
\r\n\
Hello.\r\n"
    )
}

/// Appends a message to `folder` with its INTERNALDATE (`DD-Mon-YYYY
/// HH:MM:SS +0000`).
fn deliver(server: &Dovecot, folder: &str, id: &str, internal: &str, when: &str) {
    server.session(async |session| {
        session
            .append(
                folder,
                None,
                Some(&format!("\"{internal}\"")),
                message(id, when).as_bytes(),
            )
            .await
            .unwrap();
    });
}

fn workspace(server: &Dovecot) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vendors.toml"),
        INVENTORY.replace("TLS_PORT", &server.tls.to_string()),
    )
    .unwrap();
    std::fs::write(dir.path().join("ca.pem"), &server.ca_pem).unwrap();
    dir
}

fn watch(dir: &Path, today: &str, more: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        // Only the catch-all's own secret: `[imap]`'s is not needed.
        .env("LINGER_CANARY_IMAP_PASSWORD", PASSWORD)
        .env("LINGER_CACHE_DIR", dir.join("cache"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .args([
            "--today", today, "canary", "watch", "--imap", "--format", "json",
        ])
        .args(more)
        .output()
        .unwrap()
}

#[track_caller]
fn report(out: &Output, server: &Dovecot) -> Value {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}\n{}",
        text(&out.stderr),
        server.log()
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn state_file(dir: &Path) -> std::path::PathBuf {
    let folder = dir.join("cache/imap-canary");
    std::fs::read_dir(&folder)
        .unwrap()
        .next()
        .unwrap()
        .unwrap()
        .path()
}

#[test]
fn the_catch_all_account_is_read_and_its_coverage_grows_until_the_window_is_proved() {
    let test = "the_catch_all_account_is_read_and_its_coverage_grows_until_the_window_is_proved";
    let Some(server) = server(test) else {
        return;
    };
    server.session(async |session| {
        session.create("Canary").await.unwrap();
        session.create("Junk").await.unwrap();
    });
    deliver(
        &server,
        "Canary",
        "aug",
        "20-Aug-2026 09:00:00 +0000",
        "Thu, 20 Aug 2026 09:00:00 +0000",
    );
    deliver(
        &server,
        "Junk",
        "aug-junk",
        "25-Aug-2026 09:00:00 +0000",
        "Tue, 25 Aug 2026 09:00:00 +0000",
    );
    let dir = workspace(&server);

    // The first read, on 2026-10-01: every message, covered from the
    // latest of the folders' first messages to the read.
    let first = report(&watch(dir.path(), "2026-10-01", &["--apply"]), &server);
    assert_eq!(first["read"], 2);
    let folders = first["coverage"]["folders"].as_array().unwrap();
    assert_eq!(folders.len(), 2);
    let oldcrm = &first["awaiting"][0];
    assert_eq!(oldcrm["verdict"], "gap", "{first:#}");
    assert!(
        oldcrm["read"]["from"]
            .as_str()
            .unwrap()
            .starts_with("2026-08-25"),
        "{first:#}"
    );
    assert!(
        oldcrm["read"]["to"]
            .as_str()
            .unwrap()
            .starts_with("2026-10-01"),
        "{first:#}"
    );
    let state = std::fs::read_to_string(state_file(dir.path())).unwrap();
    assert!(state.contains("\"covered\""), "{state}");

    // More mail, then an incremental read after the window: proved.
    deliver(
        &server,
        "Canary",
        "nov",
        "10-Nov-2026 09:00:00 +0000",
        "Tue, 10 Nov 2026 09:00:00 +0000",
    );
    let later = report(&watch(dir.path(), "2026-12-07", &["--apply"]), &server);
    assert_eq!(later["read"], 1);
    assert_eq!(later["awaiting"][0]["verdict"], "verified", "{later:#}");
    let out = watch(dir.path(), "2026-12-07", &["--apply", "--accept", "oldcrm"]);
    let accepted = report(&out, &server);
    assert_eq!(accepted["awaiting"][0]["applied"], true);
    let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert!(inventory.contains("kind = \"verified\""), "{inventory}");
    let record: Value = serde_json::from_slice(
        &std::fs::read(dir.path().join("evidence/oldcrm/2026-12-07-verified.json")).unwrap(),
    )
    .unwrap();
    assert_eq!(record["source"], "imap");
    let names: Vec<&str> = record["folders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["name"].as_str().unwrap())
        .collect();
    assert_eq!(names, ["Canary", "Junk"]);
    assert!(record["folders"][0]["uid_validity"].as_u64().is_some());
    // The privacy mailbox's state was never touched.
    assert!(!dir.path().join("cache/imap").exists());
}

#[test]
fn an_old_state_proves_nothing_until_a_full_read_and_a_new_uidvalidity_starts_over() {
    let Some(server) =
        server("an_old_state_proves_nothing_until_a_full_read_and_a_new_uidvalidity_starts_over")
    else {
        return;
    };
    server.session(async |session| {
        session.create("Canary").await.unwrap();
        session.create("Junk").await.unwrap();
    });
    for folder in ["Canary", "Junk"] {
        deliver(
            &server,
            folder,
            folder,
            "20-Aug-2026 09:00:00 +0000",
            "Thu, 20 Aug 2026 09:00:00 +0000",
        );
    }
    let dir = workspace(&server);
    let first = report(&watch(dir.path(), "2026-12-07", &["--apply"]), &server);
    assert_eq!(first["awaiting"][0]["verdict"], "verified", "{first:#}");
    // The state as an older linger wrote it: UIDs only.
    let path = state_file(dir.path());
    let mut state: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for (_, seen) in state["mailboxes"].as_object_mut().unwrap() {
        seen.as_object_mut().unwrap().remove("covered");
    }
    std::fs::write(&path, state.to_string()).unwrap();
    let old = report(&watch(dir.path(), "2026-12-07", &["--apply"]), &server);
    assert_eq!(old["read"], 0);
    assert_eq!(old["awaiting"][0]["verdict"], "gap");
    assert!(old["awaiting"][0]["read"].is_null());
    assert!(old["coverage"]["folders"][0]["span"].is_null());
    // A full read starts the span again.
    let full = report(
        &watch(dir.path(), "2026-12-07", &["--full", "--apply"]),
        &server,
    );
    assert_eq!(full["read"], 2);
    assert_eq!(full["awaiting"][0]["verdict"], "verified", "{full:#}");

    // A span under another UIDVALIDITY is not this mailbox's: the read
    // starts again from its first message, whatever the old span said.
    let mut state: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    for (_, seen) in state["mailboxes"].as_object_mut().unwrap() {
        seen["uid_validity"] = Value::from(1);
        seen["covered"]["from"] = Value::from("2020-01-01T00:00:00Z");
    }
    std::fs::write(&path, state.to_string()).unwrap();
    let renewed = report(&watch(dir.path(), "2026-12-07", &["--apply"]), &server);
    assert_eq!(renewed["read"], 2);
    let span = &renewed["coverage"]["folders"][0]["span"];
    assert!(
        span["from"].as_str().unwrap().starts_with("2026-08-20"),
        "{renewed:#}"
    );
}

#[test]
fn without_the_catch_all_secret_the_error_names_its_own_entry() {
    let Some(server) = server("without_the_catch_all_secret_the_error_names_its_own_entry") else {
        return;
    };
    let dir = workspace(&server);
    let out = common::linger()
        .current_dir(dir.path())
        .env("LINGER_IMAP_PASSWORD", PASSWORD)
        .env("LINGER_CACHE_DIR", dir.path().join("cache"))
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .args(["--today", "2026-12-07", "canary", "watch", "--imap"])
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("canary-imap-password"), "{stderr}");
    assert!(stderr.contains("LINGER_CANARY_IMAP_PASSWORD"), "{stderr}");
    assert!(!stderr.contains(PASSWORD), "{stderr}");
}
