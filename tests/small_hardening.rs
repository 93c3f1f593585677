//! The small ways an unlucky input hurt before: each now a clear error,
//! with the inventory untouched.

mod common;

use std::time::Duration;

use common::load_errors;

const EXAMPLE: &str = include_str!("../vendors.example.toml");

#[test]
fn evidence_must_be_a_file_not_a_directory() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, EXAMPLE).unwrap();
    for given in [".", "..", "evidence-dir"] {
        std::fs::create_dir_all(dir.path().join("evidence-dir")).unwrap();
        let out = common::linger()
            .args(["mark", "mailblast", "confirmed", "--evidence", given])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{given}");
        assert!(String::from_utf8_lossy(&out.stderr).contains("is not a file"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
    }
}

#[test]
fn a_website_must_be_a_url_the_url_crate_parses() {
    for site in [
        "http://[::1",
        "https://acme.example:99999/",
        "ftp://acme.example",
    ] {
        let body = format!("[[vendor]]\nid = \"v\"\nname = \"V\"\nwebsite = \"{site}\"\n");
        let errors = load_errors(&body, "2026-11-28");
        assert_eq!(errors.len(), 1, "{site}: {errors:?}");
        assert_eq!(errors[0].1, 8, "{site}: points at the line");
    }
}

#[test]
fn a_non_ascii_local_part_is_a_load_error_at_its_line() {
    let body = "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"pérez@acme.example\"\n";
    let errors = load_errors(body, "2026-11-28");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!(errors[0].1, 8);
    // An international domain is fine: it goes out in its xn-- form.
    common::inventory(
        "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"personvern@ærlig.example\"\n",
        "2026-11-28",
    );
}

#[cfg(unix)]
#[test]
fn only_a_regular_file_is_read() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("fifo.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(status.success());
    for path in [
        fifo.to_str().unwrap(),
        "/dev/zero",
        dir.path().to_str().unwrap(),
    ] {
        let out = assert_cmd::Command::from_std(common::linger())
            .args(["-f", path, "check"])
            .timeout(Duration::from_secs(20))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{path}");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert!(stderr.contains("not a regular file"), "{path}: {stderr}");
    }
}

#[test]
fn a_connection_error_says_each_thing_once() {
    // A port nothing listens on: bind one, note it, close it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port();
    let dir = tempfile::tempdir().unwrap();
    let text = EXAMPLE.replace(
        "[policy]",
        &format!("[smtp]\nhost = \"127.0.0.1\"\nport = {port}\nsecurity = \"none\"\n\n[policy]"),
    );
    std::fs::write(dir.path().join("vendors.toml"), &text).unwrap();
    let out = common::linger()
        .env("LINGER_SMTP_PASSWORD", "not-a-real-password")
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .args(["send", "oldcrm", "--yes"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_ne!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    for line in stderr.lines() {
        let parts: Vec<&str> = line.split(": ").collect();
        for pair in parts.windows(2) {
            assert!(
                !pair[1].trim().starts_with(pair[0].trim()),
                "said twice: {line}"
            );
        }
    }
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        text
    );
}
