//! Helpers shared by the integration tests.
#![allow(dead_code)]

use chrono::NaiveDate;
use linger::inventory::{Inventory, parse};

/// The `linger` binary as a user runs it, with no `LINGER_*` variable of
/// the test's own environment (an inventory path, a date, a password, a
/// keyring choice) leaking in, no colour, and today fixed at 2026-11-28.
/// Tests add what they mean to set.
pub fn linger() -> std::process::Command {
    let mut cmd = std::process::Command::new(assert_cmd::cargo::cargo_bin("linger"));
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("LINGER_") {
            cmd.env_remove(name);
        }
    }
    cmd.env_remove("CLICOLOR_FORCE")
        .env("NO_COLOR", "1")
        .env("LINGER_TODAY", "2026-11-28");
    // Tests never reach the internet: the online sources (which `send`
    // asks about a vendor's domain) point at a closed loopback port unless
    // a test serves them, and answers are cached under target/.
    for name in [
        "LINGER_HIBP_URL",
        "LINGER_RDAP_BOOTSTRAP_URL",
        "LINGER_DOH_URL",
        "LINGER_CT_URL",
        "LINGER_RDAP_IP_BOOTSTRAP_URL",
    ] {
        cmd.env(name, CLOSED);
    }
    cmd.env(
        "LINGER_CACHE_DIR",
        concat!(env!("CARGO_TARGET_TMPDIR"), "/linger-cache"),
    )
    .env_remove("HTTP_PROXY")
    .env_remove("HTTPS_PROXY")
    .env_remove("http_proxy")
    .env_remove("https_proxy")
    .env_remove("ALL_PROXY")
    .env_remove("all_proxy");
    cmd
}

/// Fails the test, showing standard error, unless the run exited 0.
#[track_caller]
pub fn assert_success(out: &std::process::Output) {
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Output bytes as text, any invalid UTF-8 shown as U+FFFD.
pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// The findings of one code in `check --format json`, run in `dir`.
pub fn findings(dir: &std::path::Path, code: &str) -> Vec<serde_json::Value> {
    let out = linger()
        .current_dir(dir)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    let report: serde_json::Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|err| panic!("{err}: {}", text(&out.stdout)));
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .cloned()
        .collect()
}

/// A loopback address where nothing listens (the discard port).
pub const CLOSED: &str = "http://127.0.0.1:9/";

/// `vendors.example.toml` with a (test) authority for its CCPA vendor too,
/// so that every letter it makes due can be written.
pub fn example_with_every_authority() -> String {
    let example = include_str!("../../vendors.example.toml");
    let single = "authority = { name = \"Datatilsynet\", email = \"postkasse@datatilsynet.no\" }";
    assert!(example.contains(single));
    let per_law = "authority = { gdpr = { name = \"Datatilsynet\", email = \"postkasse@datatilsynet.no\" }, \
                   ccpa = { name = \"Test authority\", email = \"ccpa@authority.example\" } }";
    example.replace(single, per_law)
}

/// A test authority for every law, at reserved example domains:
/// `Authority for gdpr`, `gdpr@authority.example`.
pub fn every_authority() -> Vec<(linger::inventory::Law, linger::inventory::Authority)> {
    linger::inventory::Law::ALL
        .iter()
        .map(|law| {
            (
                *law,
                linger::inventory::Authority {
                    name: format!("Authority for {law}"),
                    email: format!("{law}@authority.example"),
                    language: None,
                },
            )
        })
        .collect()
}

/// An incident with every fact a breach notification fills, as the tests
/// that write every kind of letter need one: aware on 27 November 2026,
/// the day before their today.
pub fn notification() -> linger::letters::breach_notification::Notification {
    use linger::letters::breach_notification::{Notification, Step, StepKind};
    Notification {
        incident: "2026-11-phish".into(),
        aware: chrono::DateTime::parse_from_rfc3339("2026-11-27T09:30:00+01:00").unwrap(),
        due: None,
        description: Some("Customers received phishing e-mails.".into()),
        vendors: vec!["Surveyly GmbH".into()],
        phishing_domains: vec!["northwind-login.example".into()],
        services: vec!["BulkMail Ltd".into()],
        people: Some(1240),
        records: Some(23150),
        categories: vec!["contact.email".into()],
        steps: vec![Step {
            on: date("2026-11-27"),
            kind: StepKind::Reported,
            party: Some("abuse@bulkmail.example".into()),
            target: Some("northwind-login.example".into()),
            count: None,
            how: None,
        }],
        first: None,
    }
}

pub fn date(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

pub const HEADER: &str = r#"schema = 1
[organization]
name = "Northwind Analytics AS"
email = "privacy@northwind.example"
"#;

/// Parses a header plus `body`, panicking with the diagnostics on failure.
pub fn inventory(body: &str, today: &str) -> Inventory {
    let text = format!("{HEADER}{body}");
    parse(&text, date(today)).unwrap_or_else(|diags| panic!("{diags:#?}"))
}

/// The messages and 1-based lines of the diagnostics for `HEADER + body`.
pub fn load_errors(body: &str, today: &str) -> Vec<(String, usize)> {
    let text = format!("{HEADER}{body}");
    let diags = parse(&text, date(today)).expect_err("the inventory should not load");
    diags
        .iter()
        .map(|d| {
            let offset = d.offset();
            let line = text[..offset.min(text.len())].matches('\n').count() + 1;
            (d.message.clone(), line)
        })
        .collect()
}

/// The files of `tests/edit-corpus/` as (name, text), in name order.
pub fn edit_corpus() -> Vec<(String, String)> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/edit-corpus");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "toml"))
        .collect();
    files.sort();
    assert!(files.len() >= 6, "the corpus is missing files");
    files
        .into_iter()
        .map(|p| {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            let text = std::fs::read_to_string(&p).unwrap();
            assert!(
                !text.contains('\r'),
                "{name}: keep corpus files LF; tests make CRLF copies"
            );
            (name, text)
        })
        .collect()
}
pub mod browser;
pub mod dovecot;
pub mod net;
pub mod online;
pub mod outside;
pub mod pki;
pub mod smtp;
