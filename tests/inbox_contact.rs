//! A reply that says the privacy contact moved, end to end through
//! `inbox` (issue 31): read from a mailbox, proposed as `contact-changed`
//! with its new address, and with `--apply --accept` the vendor's
//! `privacy_email` set by the byte-preserving edit, with the event that
//! records old and new; `check`, `letter` and `send --dry-run` then use
//! the new address. A new address on another domain than the vendor's is
//! shown, never set, even when accepted: a forged reply must not redirect
//! our letters (docs/inbox.md, "Contact changed").

mod common;

use std::path::Path;
use std::process::Output;

use common::text;

const TODAY: &str = "2026-11-28";

/// The example inventory with a mail server to send through.
fn workspace() -> (tempfile::TempDir, String) {
    let dir = tempfile::tempdir().unwrap();
    let inventory = common::example_with_every_authority().replace(
        "[policy]",
        "[smtp]\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"none\"\n\n[policy]",
    );
    std::fs::write(dir.path().join("vendors.toml"), &inventory).unwrap();
    (dir, inventory)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("LINGER_SMTP_PASSWORD", "unused")
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

/// A mailbox of one reply from MailBlast's privacy address that says
/// the address is no longer read and names `new`; a newsletter before it.
fn mailbox(dir: &Path, new: &str) {
    let mbox = format!(
        "From news@shop.example Thu Nov 26 08:00:00 2026\n\
From: Shop <news@shop.example>\nTo: privacy@northwind.example\nSubject: Our winter sale\n\
Date: Thu, 26 Nov 2026 08:00:00 +0000\nMessage-ID: <sale@shop.example>\n\nEverything half price.\n\
From dpo@mailblast.example Fri Nov 27 10:00:00 2026\n\
From: MailBlast Privacy <dpo@mailblast.example>\nTo: privacy@northwind.example\n\
Subject: Re: Deletion request [ref:mailblast]\nDate: Fri, 27 Nov 2026 10:00:00 +0000\n\
Message-ID: <moved-1@mailblast.example>\n\n\
Hello,\n\nthis address is no longer monitored; please write to {new}.\n\n\
Kind regards\nMailBlast Ltd\n\n\
On Mon, 21 Sep 2026 at 09:00, Northwind Analytics AS <privacy@northwind.example> wrote:\n\
> Please delete all personal data and confirm the deletion.\n"
    );
    std::fs::write(dir.join("privacy.mbox"), mbox).unwrap();
}

/// The reply from MailBlast as `inbox` lists it.
fn read(dir: &Path, extra: &[&str]) -> serde_json::Value {
    let mut args = vec!["inbox", "--mail", "privacy.mbox", "--format", "json"];
    args.extend(extra);
    let out = run(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let replies = report["replies"].as_array().unwrap();
    assert_eq!(
        replies.len(),
        1,
        "the newsletter matches no vendor: {report}"
    );
    replies[0].clone()
}

/// Where `send --dry-run` and `letter` address MailBlast's next letter.
fn addressed_to(dir: &Path) -> (String, String) {
    let out = run(dir, &["send", "mailblast", "--dry-run"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let rcpt = text(&out.stdout)
        .lines()
        .find(|l| l.starts_with("RCPT TO:"))
        .unwrap()
        .to_string();
    let out = run(dir, &["letter", "mailblast"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let to = text(&out.stdout)
        .lines()
        .find(|l| l.starts_with("To: "))
        .unwrap()
        .to_string();
    (rcpt, to)
}

#[test]
fn a_moved_contact_is_proposed_then_set_byte_for_byte_and_used_by_check_letter_and_send() {
    let (dir, before) = workspace();
    mailbox(dir.path(), "privacy@mailblast.example");
    assert_eq!(
        addressed_to(dir.path()).0,
        "RCPT TO:<dpo@mailblast.example>, <privacy@northwind.example>"
    );

    // A look: the proposal with its new address, waiting for a yes.
    let reply = read(dir.path(), &[]);
    assert_eq!(reply["proposal"], "contact-changed", "{reply}");
    assert_eq!(reply["new_address"], "privacy@mailblast.example", "{reply}");
    assert_eq!(reply["needs_accept"], true, "{reply}");
    let tag = reply["accept"].as_str().unwrap().to_string();
    assert!(
        reply["note"]
            .as_str()
            .unwrap()
            .contains(&format!("--accept {tag}")),
        "{reply}"
    );
    // Without a yes, --apply records nothing of it.
    let applied = read(dir.path(), &["--apply"]);
    assert_ne!(applied["applied"], true, "{applied}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        before
    );

    let applied = read(dir.path(), &["--apply", "--accept", &tag]);
    assert_eq!(applied["applied"], true, "{applied}");
    let after = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();

    // Byte for byte: the one line of the address changed, one event
    // added after MailBlast's last, every other byte as it was.
    let old_line = "privacy_email = \"dpo@mailblast.example\"";
    let new_line = "privacy_email = \"privacy@mailblast.example\"";
    assert_eq!(before.matches(old_line).count(), 1);
    let moved = before.replace(old_line, new_line);
    let at = after
        .find("\n[[vendor.event]]\non = 2026-11-27")
        .expect(&after);
    let added = after.len() - moved.len();
    assert_eq!(
        format!("{}{}", &after[..at], &after[at + added..]),
        moved,
        "only the address and the event"
    );
    let event = &after[at..at + added];
    assert!(event.contains("kind = \"acknowledged\""), "{event}");
    assert!(
        event.contains(
            "note = \"contact-changed: privacy_email dpo@mailblast.example -> privacy@mailblast.example;"
        ),
        "{event}"
    );
    assert!(
        event.contains("evidence = \"evidence/mailblast/2026-11-27-contact-changed.eml\""),
        "{event}"
    );
    assert!(
        event.contains("message_id = \"<moved-1@mailblast.example>\""),
        "{event}"
    );

    // `check` loads it and finds nothing of the old address; the letters
    // go to the new one.
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert_ne!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let report = text(&out.stdout);
    assert!(report.contains("\"findings\""), "{report}");
    assert!(!report.contains("dpo@mailblast.example"), "{report}");
    let (rcpt, to) = addressed_to(dir.path());
    assert_eq!(
        rcpt,
        "RCPT TO:<privacy@mailblast.example>, <privacy@northwind.example>"
    );
    assert_eq!(to, "To: MailBlast Ltd <privacy@mailblast.example>");

    // Read again, the reply changes nothing more.
    let again = read(dir.path(), &["--apply", "--accept", &tag]);
    assert_ne!(again["applied"], true, "{again}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        after
    );
}

#[test]
fn a_new_address_on_another_domain_is_shown_and_never_set_even_when_accepted() {
    let (dir, before) = workspace();
    mailbox(dir.path(), "gdpr-requests@privacy-desk.example");
    let reply = read(dir.path(), &[]);
    assert_eq!(reply["proposal"], "contact-changed", "{reply}");
    assert_eq!(
        reply["new_address"], "gdpr-requests@privacy-desk.example",
        "{reply}"
    );
    let note = reply["note"].as_str().unwrap_or_default();
    assert!(
        note.contains("not the vendor's domain") && note.contains("set `privacy_email` by hand"),
        "{reply}"
    );
    // A yes does not make it so: nothing is written, the letters still go
    // to the address on record.
    let tag = reply["accept"].as_str().unwrap().to_string();
    let applied = read(dir.path(), &["--apply", "--accept", &tag]);
    assert_ne!(applied["applied"], true, "{applied}");
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        before
    );
    assert!(!dir.path().join("evidence/mailblast").exists());
    let (rcpt, to) = addressed_to(dir.path());
    assert_eq!(
        rcpt,
        "RCPT TO:<dpo@mailblast.example>, <privacy@northwind.example>"
    );
    assert_eq!(to, "To: MailBlast Ltd <dpo@mailblast.example>");
}
