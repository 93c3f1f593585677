//! `linger canary watch` as a user runs it, on a canary mailbox written
//! for it (tests/data/canary/): bulk phishing that names the canary only in
//! `Delivered-To` and `Received: … for`, a forged `From:` of the vendor
//! failing DMARC, the vendor's newsletter through a bulk-mail service
//! (aligned DKIM), the vendor's digest after it confirmed the deletion
//! (its canary named three times), a message with no
//! `Authentication-Results`, a canary of no vendor (twice), and the
//! newsletter again in the junk folder. Then `--apply` twice, `check` on
//! what was recorded, and a failed run that leaves the inventory as it was.

mod common;

use common::text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use sha2::{Digest, Sha256};

const TODAY: &str = "2026-12-07";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/canary")
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        corpus().join("vendors.toml"),
        dir.path().join("vendors.toml"),
    )
    .unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

fn mail() -> String {
    corpus().join("mail").display().to_string()
}

/// `canary watch --format json`, and its observations by Message-ID.
fn watch(dir: &Path, more: &[&str]) -> (serde_json::Value, BTreeMap<String, serde_json::Value>) {
    let mail = mail();
    let mut args = vec!["canary", "watch", "--mail", &mail, "--format", "json"];
    args.extend(more);
    let out = run(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_id = report["observations"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| (o["message_id"].as_str().unwrap().to_string(), o.clone()))
        .collect();
    (report, by_id)
}

#[test]
fn each_message_to_a_canary_gets_its_meaning_by_the_authenticated_sender() {
    let dir = workspace();
    let (report, by_id) = watch(dir.path(), &[]);
    assert_eq!(report["read"], 8);
    assert_eq!(report["canaries"], 2);
    let meaning = |id: &str| by_id[id]["meaning"].as_str().unwrap().to_string();
    // Bulk phishing: the canary only in the envelope.
    assert_eq!(meaning("<bulk-phish-1@bad-host.example>"), "leaked");
    assert_eq!(
        by_id["<bulk-phish-1@bad-host.example>"]["vendor"],
        "shopmail"
    );
    // A forged From: of oldcrm's own domain that fails DMARC.
    assert_eq!(
        meaning("<forged-oldcrm@vps-1234.cheap-hosting.example>"),
        "leaked"
    );
    let forged = &by_id["<forged-oldcrm@vps-1234.cheap-hosting.example>"];
    assert_eq!(forged["sender"]["authenticated"], false);
    let domains = forged["analysis"]["domains"].to_string();
    assert!(domains.contains("oldcrm-billing[.]example"), "{domains}");
    assert_eq!(forged["analysis"]["host"], "vps-1234.cheap-hosting.example");
    assert!(
        forged["next"][0]
            .as_str()
            .unwrap()
            .contains("breach-inquiry")
    );
    // The vendor's newsletter through a bulk-mail service, aligned, before
    // any confirmation: expected. Also in the junk folder: once.
    assert_eq!(
        meaning("<newsletter-nov@mcsv.bulkmail.example>"),
        "expected"
    );
    // The vendor's digest after it confirmed: a contradiction, once though
    // it names the canary three times.
    assert_eq!(meaning("<digest-2026-11@oldcrm.example>"), "contradicted");
    assert_eq!(
        by_id["<digest-2026-11@oldcrm.example>"]["confirmed_on"],
        "2026-11-10"
    );
    // No Authentication-Results at all: never the vendor.
    assert_eq!(meaning("<no-auth@oldcrm.example>"), "leaked");
    assert_eq!(
        by_id["<no-auth@oldcrm.example>"]["sender"]["has_results"],
        false
    );
    assert_eq!(report["observations"].as_array().unwrap().len(), 5);
    // The canary of no vendor, in two messages: listed once.
    assert_eq!(
        report["unknown"],
        serde_json::json!(["typo.zzzzzzzz@canary.northwind.example"])
    );
    // A look changes nothing.
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        std::fs::read(corpus().join("vendors.toml")).unwrap()
    );
}

#[test]
fn the_table_names_the_leak_and_what_to_do_next() {
    let dir = workspace();
    let mail = mail();
    let out = run(dir.path(), &["canary", "watch", "--mail", &mail]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("deletion-contradicted (confirmed 2026-11-10)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("unverified sender: no Authentication-Results"),
        "{stdout}"
    );
    assert!(
        stdout.contains("linger letter shopmail --kind breach-inquiry"),
        "{stdout}"
    );
    assert!(
        stdout.contains("typo.zzzzzzzz@canary.northwind.example"),
        "{stdout}"
    );
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains(
            "5 to a canary (1 expected, 1 deletion-contradicted, 3 canary-leaked), 1 unknown canary"
        ),
        "{stderr}"
    );
}

#[test]
fn apply_records_each_message_once_with_its_evidence_and_check_reports_it() {
    let dir = workspace();
    let (_, by_id) = watch(dir.path(), &["--apply"]);
    assert!(by_id.values().all(|o| o["applied"] == true));
    let after = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert_eq!(after.matches("sender = \"other\"").count(), 3, "{after}");
    assert_eq!(after.matches("sender = \"vendor\"").count(), 2, "{after}");
    // Each kept message is the message, with the hash recorded.
    let kept = dir.path().join("evidence/oldcrm/2026-11-20-canary.eml");
    let bytes = std::fs::read(&kept).unwrap();
    assert!(text(&bytes).contains("Message-ID: <digest-2026-11@oldcrm.example>"));
    let hash = format!("{:x}", Sha256::digest(&bytes));
    assert!(after.contains(&format!("sha256 = \"{hash}\"")), "{after}");
    // Everything else of the file is as it was.
    let before = std::fs::read_to_string(corpus().join("vendors.toml")).unwrap();
    let kept_lines: Vec<&str> = after
        .lines()
        .filter(|l| !l.starts_with("  { on =") && *l != "canary_mail = [" && *l != "]")
        .collect();
    assert_eq!(kept_lines, before.lines().collect::<Vec<_>>());

    // Again: nothing changes, nothing is applied.
    let (_, again) = watch(dir.path(), &["--apply"]);
    assert!(
        again
            .values()
            .all(|o| o["applied"] == false && o["recorded"] == true)
    );
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        after
    );
    assert_eq!(
        std::fs::read_dir(dir.path().join("evidence/oldcrm"))
            .unwrap()
            .count(),
        3
    );

    // check reads what was recorded, without the mailbox.
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<(String, String)> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("canary") || c.starts_with("deletion-c"))
        })
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["vendor"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        codes,
        [
            ("deletion-contradicted".to_string(), "oldcrm".to_string()),
            ("canary-leaked".to_string(), "oldcrm".to_string()),
            ("canary-leaked".to_string(), "shopmail".to_string()),
        ]
    );

    // A leak marked handled, and a later confirmation, end the findings.
    let handled = after
        .replace(
            "evidence = \"evidence/shopmail/2026-11-23-canary.eml\", sha256",
            "evidence = \"evidence/shopmail/2026-11-23-canary.eml\", handled = 2026-12-01, sha256",
        )
        .replace(
            "reference = \"CASE-4471\"\n",
            "reference = \"CASE-4471\"\n\n[[vendor.event]]\non = 2026-12-01\nkind = \"confirmed\"\n",
        );
    std::fs::write(dir.path().join("vendors.toml"), handled).unwrap();
    let out = run(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let left: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("canary") || c.starts_with("deletion-c"))
        })
        .map(|f| format!("{} {}", f["code"], f["vendor"]))
        .collect();
    assert_eq!(left, ["\"canary-leaked\" \"oldcrm\""]);

    // The evidence pack takes the kept messages, each with its hash.
    let out = run(
        dir.path(),
        &["evidence", "pack", "oldcrm", "-o", "pack.zip"],
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        text(&out.stderr)
    );
    let zip = std::fs::File::open(dir.path().join("pack.zip")).unwrap();
    let mut zip = zip::ZipArchive::new(zip).unwrap();
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("manifest.json").unwrap(), &mut manifest)
        .unwrap();
    assert!(
        manifest.contains("evidence/oldcrm/2026-11-20-canary.eml") && manifest.contains(&hash),
        "{manifest}"
    );
    assert!(manifest.contains("\"canary_mail\""), "{manifest}");
}

#[test]
fn a_failed_apply_leaves_the_inventory_byte_identical_and_no_evidence() {
    let dir = workspace();
    // `evidence` is a file, so no message can be kept there.
    std::fs::write(dir.path().join("evidence"), "not a folder").unwrap();
    let mail = mail();
    let out = run(dir.path(), &["canary", "watch", "--mail", &mail, "--apply"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("evidence"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        std::fs::read(corpus().join("vendors.toml")).unwrap()
    );
    assert_eq!(
        std::fs::read(dir.path().join("evidence")).unwrap(),
        b"not a folder"
    );
}

#[test]
fn a_damaged_canary_mail_entry_is_a_load_error_that_names_it() {
    let dir = workspace();
    let path = dir.path().join("vendors.toml");
    let text_before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text_before.replace(
            "canaries = [\"shopmail.m2n4p6q8@canary.northwind.example\"]\n",
            "canaries = [\"shopmail.m2n4p6q8@canary.northwind.example\"]\ncanary_mail = [{ on = 2026-11-01, from = \"x.example\", sender = \"someone\" }]\n",
        ),
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("sender"), "{stderr}");
    assert!(stderr.contains("vendors.toml:"), "{stderr}");
}

#[test]
fn a_kept_canary_message_that_changed_is_evidence_changed() {
    let dir = workspace();
    watch(dir.path(), &["--apply"]);
    let kept = dir.path().join("evidence/shopmail/2026-11-23-canary.eml");
    let mut bytes = std::fs::read(&kept).unwrap();
    bytes.extend_from_slice(b"edited later\n");
    std::fs::write(&kept, bytes).unwrap();
    std::fs::remove_file(dir.path().join("evidence/oldcrm/2026-11-21-canary.eml")).unwrap();
    let out = run(dir.path(), &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let evidence: Vec<String> = report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| {
            f["code"]
                .as_str()
                .is_some_and(|c| c.starts_with("evidence-"))
        })
        .map(|f| {
            format!(
                "{} {}",
                f["code"].as_str().unwrap(),
                f["vendor"].as_str().unwrap()
            )
        })
        .collect();
    assert_eq!(
        evidence,
        ["evidence-missing oldcrm", "evidence-changed shopmail"]
    );
}
