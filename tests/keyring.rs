//! The real OS keyring, end to end: `secret set` → `secret status` → a
//! `send` that logs in with the stored password → `secret delete`.
//!
//! These tests need a keyring session, which a plain `cargo test` does not
//! have, so they are `#[ignore]`d there and `.ci/run` runs them twice:
//! under `dbus-run-session` with an unlocked gnome-keyring (the Secret
//! Service), and under `keyctl session` with `LINGER_KEYRING=keyutils` (the
//! kernel keyring). `LINGER_TEST_KEYRING` names which one is expected, so a
//! run that silently used the wrong store fails.
// The CI step chooses the keyring under test through the environment.
#![allow(clippy::disallowed_methods)]

mod common;

use common::text;

use std::io::Write;
use std::path::Path;
use std::process::{Command, Output, Stdio};

use common::smtp::{Options, Server};

const SECRET_NAME: &str = "smtp-password";

fn linger(dir: &Path) -> Command {
    let mut cmd = common::linger();
    // The keyring the CI step chose (LINGER_KEYRING) is the one under test.
    if let Ok(keyring) = std::env::var("LINGER_KEYRING") {
        cmd.env("LINGER_KEYRING", keyring);
    }
    cmd.current_dir(dir);
    cmd
}

fn set_secret(dir: &Path, value: &str) -> Output {
    let mut child = linger(dir)
        .args(["secret", "set", SECRET_NAME])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(format!("{value}\n").as_bytes())
        .unwrap();
    child.wait_with_output().unwrap()
}

/// The store the environment promises: `secret-service` or `keyutils`.
fn expected_store() -> &'static str {
    match std::env::var("LINGER_TEST_KEYRING").as_deref() {
        Ok("keyutils") => "the kernel keyring",
        Ok("secret-service") => "the Secret Service keyring",
        other => {
            panic!("set LINGER_TEST_KEYRING=secret-service|keyutils (got {other:?}); see .ci/run")
        }
    }
}

#[test]
#[ignore = "needs a keyring session: .ci/run runs it under dbus-run-session and under keyctl session"]
fn a_stored_password_logs_in_and_never_shows() {
    let store = expected_store();
    // A password unique to this run, so an old entry cannot pass the test.
    let password = format!("kr-{}-{}", std::process::id(), store.len());
    let server = Server::start(Options {
        login: Some(("linger".into(), password.clone())),
        ..Options::default()
    });
    let dir = tempfile::tempdir().unwrap();
    let inventory = include_str!("../vendors.example.toml").replace(
        "[policy]",
        &format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\nusername = \"linger\"\nsecurity = \"none\"\n\n[policy]",
            server.port
        ),
    );
    std::fs::write(dir.path().join("vendors.toml"), inventory).unwrap();
    let mut outputs = Vec::new();

    let out = set_secret(dir.path(), &password);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        format!("Stored `{SECRET_NAME}` in {store}.\n")
    );
    outputs.push(out);

    let out = linger(dir.path())
        .args(["secret", "status", SECRET_NAME])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains(&format!("stored in {store}")),
        "{}",
        text(&out.stdout)
    );
    outputs.push(out);

    let out = linger(dir.path())
        .args(["send", "oldcrm"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(
        received[0].login,
        Some(("linger".to_string(), password.clone()))
    );
    outputs.push(out);

    let out = linger(dir.path())
        .args(["secret", "delete", SECRET_NAME])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    outputs.push(out);

    let out = linger(dir.path())
        .args(["secret", "status", SECRET_NAME])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(1), "deleted, so found nowhere");
    assert!(text(&out.stdout).contains(&format!("not in {store}")));
    outputs.push(out);

    // With the secret gone, a send fails and says where passwords go.
    let out = linger(dir.path())
        .args(["send", "mailblast"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("LINGER_SMTP_PASSWORD"));
    outputs.push(out);

    for out in &outputs {
        assert!(
            !text(&out.stdout).contains(&password),
            "the password was printed"
        );
        assert!(
            !text(&out.stderr).contains(&password),
            "the password was printed"
        );
    }
    let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert!(!inventory.contains(&password));
}
