//! The letters a canary's mail supports (issue 32): the `contradiction` to a
//! vendor that confirmed the deletion and still mails its canary, and the
//! breach inquiry that cites a third party's mail to it. What each claim
//! rests on: the message was delivered to this vendor's canary, the
//! receiving server vouched for (or failed) the sender, and it arrived
//! after the confirmation. Every test runs the real binary, in all three
//! letter languages where a letter is written.

mod common;

use std::path::Path;
use std::process::Output;

use common::{assert_success, linger};

const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Analytics AS"
email = "privacy@northwind.example"
law = "gdpr"

[organization.authority.gdpr]
name = "Datatilsynet"
email = "postkasse@datatilsynet.example"

# Confirmed, with a reference and a note of ours.
[[vendor]]
id = "pollster"
name = "Pollster AS"
website = "https://pollster.example"
privacy_email = "personvern@pollster.example"
retired_on = 2026-05-31
data = ["contact.email"]
canaries = ["p4w8n2ve@canary.northwind.example"]

[[vendor.event]]
on = 2026-06-10
kind = "requested"

[[vendor.event]]
on = 2026-07-02
kind = "confirmed"
reference = "PRIV-2291"
note = "Ola in sales says they were slow"

# Asked, never confirmed.
[[vendor]]
id = "formsy"
name = "Formsy"
website = "https://formsy.example"
privacy_email = "privacy@formsy.example"
retired_on = 2026-08-01
data = ["contact.email"]
canaries = ["k7f3q9x2@canary.northwind.example"]

[[vendor.event]]
on = 2026-09-01
kind = "requested"
"#;

/// A message to `to` from `from`, received at `received` (RFC 5322 date),
/// with the receiving server's `Authentication-Results` line when given.
/// Bulk mail: the canary is named only by the envelope (`Delivered-To`
/// and `Received: ... for`), never in `To:`.
fn message(from: &str, to: &str, received: &str, auth: Option<&str>) -> String {
    let mut m = format!(
        "Return-Path: <bounce@em.example>\r\nDelivered-To: {to}\r\n\
         Received: from o1.em.example (o1.em.example [198.51.100.61])\r\n\
         \tby mx.canary.northwind.example (Postfix) with ESMTPS id 4KzQ1\r\n\
         \tfor <{to}>; {received}\r\n"
    );
    if let Some(auth) = auth {
        m.push_str(&format!(
            "Authentication-Results: mx.canary.northwind.example;\r\n\t{auth}\r\n"
        ));
    }
    m.push_str(&format!(
        "From: Sender <{from}>\r\nTo: undisclosed-recipients:;\r\n\
         Subject: =?utf-8?q?M=C3=A5nedens_nyheter?=\r\nDate: {received}\r\n\
         Message-ID: <m.{}@em.example>\r\nContent-Type: text/plain\r\n\r\nHei!\r\n",
        received.len()
    ));
    m
}

const PASSED: &str = "dkim=pass header.d=pollster.example; spf=pass smtp.mailfrom=em.pollster.example; dmarc=pass header.from=pollster.example";
const AFTER: &str = "Thu, 19 Nov 2026 06:30:12 +0000";

fn workspace(files: &[(&str, String)]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), INVENTORY).unwrap();
    for (name, body) in files {
        std::fs::write(dir.path().join(name), body).unwrap();
    }
    dir
}

fn letter(dir: &Path, args: &[&str]) -> Output {
    linger()
        .current_dir(dir)
        .arg("letter")
        .args(args)
        .output()
        .unwrap()
}

fn folded(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn a_contradiction_cites_the_confirmation_the_mail_and_a_new_date() {
    let mail = message(
        "nyhetsbrev@pollster.example",
        "p4w8n2ve@canary.northwind.example",
        AFTER,
        Some(PASSED),
    );
    let dir = workspace(&[("after.eml", mail.clone())]);
    let cases = [
        (
            "en",
            "On 2 July 2026",
            "reference PRIV-2291",
            "28 December 2026",
            "Article 29 GDPR",
        ),
        (
            "de",
            "am 2. Juli 2026",
            "Aktenzeichen PRIV-2291",
            "28. Dezember 2026",
            "Art. 29 DSGVO",
        ),
        (
            "nb",
            "Den 2. juli 2026",
            "referanse PRIV-2291",
            "28. desember 2026",
            "artikkel 29",
        ),
    ];
    for (lang, confirmed, reference, deadline, basis) in cases {
        let out = letter(
            dir.path(),
            &[
                "pollster",
                "--kind",
                "contradiction",
                "--lang",
                lang,
                "--message",
                "after.eml",
            ],
        );
        assert_success(&out);
        let body = folded(&out.stdout);
        for needle in [
            confirmed,
            reference,
            // The mail: when it arrived, from whom, to which canary, about what.
            "06:30 UTC",
            "nyhetsbrev@pollster.example",
            "p4w8n2ve@canary.northwind.example",
            "Månedens nyheter",
            // The request's window, from today (28 November 2026).
            deadline,
            // The per-law basis of a follow-up: nothing new.
            basis,
            "To: Pollster AS <personvern@pollster.example>",
            "[ref:pollster]",
        ] {
            assert!(body.contains(needle), "{lang}: no {needle:?} in\n{body}");
        }
        // Our note is ours.
        assert!(!body.contains("Ola in sales"), "{lang}: {body}");
        // A text letter cannot attach: it says which file to attach.
        assert!(
            String::from_utf8_lossy(&out.stderr).contains("attach after.eml yourself"),
            "{lang}"
        );
    }
    // As an e-mail, the message travels whole, as message/rfc822.
    let out = letter(
        dir.path(),
        &[
            "pollster",
            "--kind",
            "contradiction",
            "--message",
            "after.eml",
            "--format",
            "eml",
        ],
    );
    assert_success(&out);
    let eml = String::from_utf8_lossy(&out.stdout).into_owned();
    assert!(eml.contains("Content-Type: message/rfc822"), "{eml}");
    assert!(eml.contains("filename=\"after.eml\""), "{eml}");
    assert!(
        eml.contains("for <p4w8n2ve@canary.northwind.example>"),
        "{eml}"
    );
}

/// Each case: the message, and what the refusal must say.
#[test]
fn a_contradiction_that_the_message_does_not_prove_is_refused() {
    let to = "p4w8n2ve@canary.northwind.example";
    let cases: Vec<(&str, String, &[&str], &str)> = vec![
        (
            "forged.eml",
            message(
                "billing@pollster.example",
                to,
                AFTER,
                Some(
                    "dkim=none; spf=pass smtp.mailfrom=promo-blast.example; dmarc=fail header.from=pollster.example",
                ),
            ),
            &["pollster"],
            "found the `From:` of `forged.eml` (billing@pollster.example) forged",
        ),
        (
            "unsigned.eml",
            message("nyhetsbrev@pollster.example", to, AFTER, None),
            &["pollster"],
            "an unverified sender is never the vendor",
        ),
        (
            "stranger.eml",
            message(
                "deals@promo-blast.example",
                to,
                AFTER,
                Some("dkim=pass header.d=promo-blast.example"),
            ),
            &["pollster"],
            "which is not one of `pollster`'s domains (pollster.example)",
        ),
        (
            "early.eml",
            message(
                "nyhetsbrev@pollster.example",
                to,
                "Thu, 02 Jul 2026 06:30:12 +0000",
                Some(PASSED),
            ),
            &["pollster"],
            "arrived on 2026-07-02, not after `pollster` confirmed the deletion on 2026-07-02",
        ),
        (
            "elsewhere.eml",
            message(
                "nyhetsbrev@pollster.example",
                "x@canary.northwind.example",
                AFTER,
                Some(PASSED),
            ),
            &["pollster"],
            "was not delivered to a canary of `pollster`",
        ),
        (
            "tail.eml",
            message(
                "nyhetsbrev@pollster.example",
                "xp4w8n2ve@canary.northwind.example",
                AFTER,
                Some(PASSED),
            ),
            &["pollster"],
            "was not delivered to a canary of `pollster`",
        ),
        (
            "unconfirmed.eml",
            message(
                "news@formsy.example",
                "k7f3q9x2@canary.northwind.example",
                AFTER,
                Some("dkim=pass header.d=formsy.example"),
            ),
            &["formsy"],
            "`formsy` has no `confirmed` event for the mail to contradict",
        ),
    ];
    for (name, body, vendor, expected) in cases {
        let dir = workspace(&[(name, body)]);
        let out = letter(
            dir.path(),
            &[vendor[0], "--kind", "contradiction", "--message", name],
        );
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{name}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{name}: expected {expected:?} in\n{stderr}"
        );
        assert!(out.stdout.is_empty(), "{name}");
    }
    // Without the message there is nothing to cite.
    let dir = workspace(&[]);
    let out = letter(dir.path(), &["pollster", "--kind", "contradiction"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("needs --message FILE.eml"));
}

#[test]
fn a_breach_inquiry_says_when_a_third_party_mailed_the_canary() {
    let leak = message(
        "billing@pollster.example",
        "p4w8n2ve@canary.northwind.example",
        "Mon, 23 Nov 2026 22:41:09 +0000",
        Some(
            "dkim=none; spf=pass smtp.mailfrom=promo-blast.example; dmarc=fail header.from=pollster.example",
        ),
    );
    let own = message(
        "nyhetsbrev@pollster.example",
        "p4w8n2ve@canary.northwind.example",
        AFTER,
        Some(PASSED),
    );
    let dir = workspace(&[
        ("leak.eml", leak),
        ("own.eml", own),
        ("phished.txt", "anna.berg@example.com\n".to_string()),
    ]);
    for (lang, third, attached) in [
        (
            "en",
            "received an e-mail from a third party",
            "The message is attached.",
        ),
        (
            "de",
            "hat eine E-Mail von einem Dritten erhalten",
            "Die Nachricht liegt bei.",
        ),
        (
            "nb",
            "har mottatt en e-post fra en tredjepart",
            "Meldingen er vedlagt.",
        ),
    ] {
        let out = letter(
            dir.path(),
            &[
                "pollster",
                "--kind",
                "breach-inquiry",
                "--lang",
                lang,
                "--message",
                "leak.eml",
            ],
        );
        assert_success(&out);
        let body = folded(&out.stdout);
        for needle in [
            third,
            attached,
            "p4w8n2ve@canary.northwind.example",
            // The sender's domain is defanged: it is the phisher's word.
            "billing@pollster[.]example",
            "22:41 UTC",
            "Månedens nyheter",
        ] {
            assert!(body.contains(needle), "{lang}: no {needle:?} in\n{body}");
        }
        // No phishing of customers is claimed without `--addresses`.
        for claim in ["have reached", "haben 0", "har nådd"] {
            assert!(!body.contains(claim), "{lang}: {body}");
        }
        // And without `--message`, nothing of a canary's mail is said.
        let out = letter(
            dir.path(),
            &[
                "pollster",
                "--kind",
                "breach-inquiry",
                "--lang",
                lang,
                "--addresses",
                "phished.txt",
            ],
        );
        assert_success(&out);
        let body = folded(&out.stdout);
        assert!(
            body.contains("anna.berg@example.com") || body.contains('1'),
            "{lang}"
        );
        assert!(!body.contains(third), "{lang}: {body}");
    }
    // The vendor's own authenticated mail is no leak.
    let out = letter(
        dir.path(),
        &[
            "pollster",
            "--kind",
            "breach-inquiry",
            "--message",
            "own.eml",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("so it shows no leak"), "{stderr}");
    assert!(stderr.contains("--kind contradiction"), "{stderr}");
}

#[test]
fn neither_send_nor_letters_due_proposes_a_contradiction() {
    let dir = workspace(&[]);
    let out = linger()
        .current_dir(dir.path())
        .args(["send", "pollster", "--kind", "contradiction", "--dry-run"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("not a contradiction"),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let drafts = dir.path().join("drafts");
    let out = linger()
        .current_dir(dir.path())
        .args(["letters", "--due", "-o"])
        .arg(&drafts)
        .output()
        .unwrap();
    assert_success(&out);
    let names: Vec<String> = std::fs::read_dir(&drafts)
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        !names.iter().any(|n| n.contains("contradiction")),
        "{names:?}"
    );
}
