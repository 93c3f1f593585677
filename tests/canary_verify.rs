//! `canary watch` as a user runs it, on what `canary_watch.rs` does not
//! cover: the proof of a confirmed deletion from a `--mail` read (the
//! span of the messages' dates, the gap named, the vendor's own mail in
//! the window), `verified` recorded only with `--apply --accept ID` and
//! its coverage kept as evidence; the vendor's expected mail kept once,
//! replaced in place by a newer message; and `--online`, each leak's abuse
//! contacts from a loopback RDAP server.

mod common;

use common::net::Net;
use common::text;

use std::path::Path;
use std::process::Output;

use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

/// oldcrm confirmed on 2026-09-01; with `verify_after_days = 90` its
/// window is 2026-09-02 to 2026-11-30. shopmail has no confirmation: its
/// own mail to its canary is expected.
const INVENTORY: &str = r#"# canary_verify.rs
schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
canary_domain = "canary.northwind.example"

[policy]
verify_after_days = 90

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
reference = "CASE-4471"

[[vendor]]
id = "shopmail"
name = "ShopMail GmbH"
website = "https://shopmail.example"
domains = ["shopmail-news.example"]
canaries = ["shopmail.m2n4p6q8@canary.northwind.example"] # test account
"#;

const OLDCRM: &str = "oldcrm.k7q3x9ab@canary.northwind.example";
const SHOPMAIL: &str = "shopmail.m2n4p6q8@canary.northwind.example";

/// One message as our server delivered it: the `Received:` of the
/// delivery (its date is the day it counts for), the receiving server's
/// `Authentication-Results`, the sender's hop.
fn message(to: &str, when: &str, from: &str, auth: &str, id: &str, subject: &str) -> String {
    let domain = from.rsplit('@').next().unwrap();
    let mbox = chrono::DateTime::parse_from_rfc2822(when)
        .unwrap()
        .format("%a %b %e %H:%M:%S %Y");
    format!(
        "From MAILER-DAEMON {mbox}\n\
Delivered-To: {to}\n\
Received: from mx.northwind.example\n\tby imap.northwind.example (Dovecot) with LMTP\n\tfor <{to}>; {when}\n\
Authentication-Results: mx.northwind.example;\n\tdkim={auth} header.d={domain};\n\tdmarc={auth} header.from={domain}\n\
Received: from mail.{domain} (mail.{domain} [198.51.100.9])\n\tby mx.northwind.example (Postfix) with ESMTPS id 4QX1; {when}\n\
From: {from}\n\
To: {to}\n\
Subject: {subject}\n\
Date: {when}\n\
Message-ID: <{id}>\n\
MIME-Version: 1.0\n\
Content-Type: text/plain; charset=utf-8\n\
\n\
{subject}. Read more at https://{domain}/news\n"
    )
}

/// Mail to no canary: it dates the mailbox all the same.
fn other(when: &str, id: &str) -> String {
    message(
        "privacy@northwind.example",
        when,
        "news@supplier.example",
        "pass",
        id,
        "Supplier news",
    )
}

fn workspace(mbox: &[String]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), INVENTORY).unwrap();
    std::fs::write(dir.path().join("canary.mbox"), mbox.concat()).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .env("LINGER_CACHE_DIR", dir.join("cache"))
        .args(["--today", "2026-12-07", "canary", "watch", "--mail"])
        .arg(dir.join("canary.mbox"))
        .args(args)
        .output()
        .unwrap()
}

fn json(dir: &Path, args: &[&str]) -> Value {
    let mut all = vec!["--format", "json"];
    all.extend(args);
    let out = run(dir, &all);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

fn inventory(dir: &Path) -> String {
    std::fs::read_to_string(dir.join("vendors.toml")).unwrap()
}

/// A mailbox from before oldcrm's confirmation to after its window.
fn whole_window() -> Vec<String> {
    vec![
        other("Sun, 30 Aug 2026 09:00:00 +0000", "a1@supplier.example"),
        message(
            SHOPMAIL,
            "Thu, 15 Oct 2026 10:00:00 +0000",
            "it@northwlnd-login.example",
            "pass",
            "phish-1@northwlnd-login.example",
            "Verify your mailbox",
        ),
        other("Wed, 02 Dec 2026 09:00:00 +0000", "a2@supplier.example"),
    ]
}

#[test]
fn a_window_read_whole_proposes_verified_and_only_accept_records_it() {
    let dir = workspace(&whole_window());
    let report = json(dir.path(), &[]);
    let oldcrm = &report["awaiting"][0];
    assert_eq!(oldcrm["vendor"], "oldcrm");
    assert_eq!(oldcrm["verdict"], "verified", "{report:#}");
    assert_eq!(oldcrm["needs_from"], "2026-09-02");
    assert_eq!(oldcrm["needs_until"], "2026-11-30");
    assert_eq!(report["coverage"]["folders"][0]["name"], "--mail");
    // shopmail has not confirmed: nothing awaits.
    assert_eq!(report["awaiting"].as_array().unwrap().len(), 1);

    // --apply alone records the leak, not the verification.
    let applied = json(dir.path(), &["--apply"]);
    assert_eq!(applied["awaiting"][0]["applied"], false);
    let after_apply = inventory(dir.path());
    assert!(!after_apply.contains("verified"), "{after_apply}");
    assert_eq!(after_apply.matches("sender = \"other\"").count(), 1);

    let out = run(dir.path(), &["--apply", "--accept", "oldcrm"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = inventory(dir.path());
    let kept = dir.path().join("evidence/oldcrm/2026-12-07-verified.json");
    let bytes = std::fs::read(&kept).unwrap();
    let record: Value = serde_json::from_slice(&bytes).unwrap();
    assert_eq!(record["vendor"], "oldcrm");
    assert_eq!(record["source"], "mail");
    assert_eq!(record["messages"], 3);
    assert_eq!(record["window"], json!(["2026-09-02", "2026-11-30"]));
    assert!(
        record["read"]["from"]
            .as_str()
            .unwrap()
            .starts_with("2026-08-30")
    );
    let hash = format!("{:x}", Sha256::digest(&bytes));
    let event = format!(
        "\n[[vendor.event]]\non = 2026-12-07\nkind = \"verified\"\nevidence = \"evidence/oldcrm/2026-12-07-verified.json\"\nevidence_sha256 = \"{hash}\"\n"
    );
    assert!(after.contains(&event), "{after}");
    // Only the event was added.
    let start = after.find("\n[[vendor.event]]\non = 2026-12-07").unwrap();
    let end = after[start + 1..]
        .find("\n\n")
        .map_or(after.len(), |e| start + 1 + e);
    assert_eq!(
        format!("{}{}", &after[..start], &after[end + 1..]),
        after_apply
    );

    // Verified: it awaits nothing now, and `check` has nothing to say of it.
    let again = json(dir.path(), &[]);
    assert!(again["awaiting"].as_array().unwrap().is_empty());
    let out = common::linger()
        .current_dir(dir.path())
        .args(["--today", "2026-12-07", "check", "--format", "json"])
        .output()
        .unwrap();
    let check: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert!(
        !check.to_string().contains("deletion-unverified"),
        "{check:#}"
    );
}

#[test]
fn a_gap_is_named_and_accept_is_refused_with_the_inventory_unchanged() {
    // The mailbox ends ten days short of the window.
    let mut mbox = whole_window();
    mbox[2] = other("Fri, 20 Nov 2026 09:00:00 +0000", "a2@supplier.example");
    let dir = workspace(&mbox);
    let out = run(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("read from 2026-08-30 to 2026-11-20; needs until 2026-11-30"),
        "{stdout}"
    );
    let out = run(dir.path(), &["--apply", "--accept", "oldcrm"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stdout));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("does not prove the deletion"), "{stderr}");
    assert_eq!(inventory(dir.path()), INVENTORY);
    assert!(!dir.path().join("evidence").exists());

    // Mail that starts after the confirmation misses the window's start.
    let dir = workspace(&whole_window()[1..]);
    let report = json(dir.path(), &[]);
    assert_eq!(report["awaiting"][0]["verdict"], "gap");

    // A vendor that awaits no verification cannot be accepted either.
    let dir = workspace(&whole_window());
    let out = run(dir.path(), &["--apply", "--accept", "shopmail"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("awaits no verification"));
    assert_eq!(inventory(dir.path()), INVENTORY);
}

#[test]
fn the_vendors_own_mail_in_the_window_is_no_proof() {
    let mut mbox = whole_window();
    mbox.push(message(
        OLDCRM,
        "Thu, 01 Oct 2026 07:30:00 +0000",
        "digest@oldcrm.example",
        "pass",
        "digest-2026-10@oldcrm.example",
        "Your October digest",
    ));
    let dir = workspace(&mbox);
    let report = json(dir.path(), &[]);
    let oldcrm = &report["awaiting"][0];
    assert_eq!(oldcrm["verdict"], "contradicted", "{report:#}");
    assert_eq!(oldcrm["vendor_mail_on"], "2026-10-01");
    // A forged From: of oldcrm's that fails authentication is a leak, not
    // the vendor's mail: it does not stand in the way.
    let mut forged = whole_window();
    forged.push(message(
        OLDCRM,
        "Thu, 01 Oct 2026 07:30:00 +0000",
        "billing@oldcrm.example",
        "fail",
        "forged@vps.example",
        "Invoice overdue",
    ));
    let dir = workspace(&forged);
    let report = json(dir.path(), &[]);
    assert_eq!(report["awaiting"][0]["verdict"], "verified", "{report:#}");
}

fn newsletter(when: &str, id: &str) -> String {
    message(
        SHOPMAIL,
        when,
        "news@shopmail-news.example",
        "pass",
        id,
        "ShopMail news",
    )
}

#[test]
fn the_vendors_expected_mail_is_kept_once_and_a_newer_one_replaces_it_in_place() {
    // Three newsletters in one run: only the newest is recorded.
    let dir = workspace(&[
        newsletter(
            "Mon, 05 Oct 2026 08:00:00 +0000",
            "n-oct@shopmail-news.example",
        ),
        newsletter(
            "Thu, 05 Nov 2026 08:00:00 +0000",
            "n-nov@shopmail-news.example",
        ),
        newsletter(
            "Sat, 05 Sep 2026 08:00:00 +0000",
            "n-sep@shopmail-news.example",
        ),
    ]);
    let report = json(dir.path(), &["--apply"]);
    let expected: Vec<&Value> = report["observations"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|o| o["meaning"] == "expected")
        .collect();
    assert_eq!(expected.len(), 3);
    let once = inventory(dir.path());
    assert_eq!(once.matches("{ on = ").count(), 1, "{once}");
    assert!(once.contains("on = 2026-11-05"), "{once}");
    assert!(once.contains("<n-nov@shopmail-news.example>"), "{once}");
    // The older ones count as recorded: a rerun has nothing to do.
    let again = json(dir.path(), &["--apply"]);
    assert!(
        again["observations"]
            .as_array()
            .unwrap()
            .iter()
            .all(|o| o["recorded"] == true),
        "{again:#}"
    );
    assert_eq!(inventory(dir.path()), once);

    // A newer one replaces it on its line; no other byte moves.
    std::fs::write(
        dir.path().join("canary.mbox"),
        newsletter(
            "Sat, 05 Dec 2026 08:00:00 +0000",
            "n-dec@shopmail-news.example",
        ),
    )
    .unwrap();
    json(dir.path(), &["--apply"]);
    let replaced = inventory(dir.path());
    assert_eq!(replaced.matches("{ on = ").count(), 1, "{replaced}");
    assert!(replaced.contains("<n-dec@shopmail-news.example>"));
    let line = |text: &str| {
        text.lines()
            .position(|l| l.contains("{ on = "))
            .map(|n| (n, text.lines().count()))
    };
    assert_eq!(line(&replaced), line(&once));
    let others = |text: &str| -> Vec<String> {
        text.lines()
            .filter(|l| !l.contains("{ on = "))
            .map(str::to_string)
            .collect()
    };
    assert_eq!(others(&replaced), others(&once));
    // Both messages stay as evidence; the entry names the newer.
    let folder = dir.path().join("evidence/shopmail");
    assert_eq!(std::fs::read_dir(&folder).unwrap().count(), 2);
    assert!(replaced.contains("evidence/shopmail/2026-12-05-canary.eml"));

    // An older one changes nothing.
    std::fs::write(
        dir.path().join("canary.mbox"),
        newsletter(
            "Tue, 01 Sep 2026 08:00:00 +0000",
            "n-old@shopmail-news.example",
        ),
    )
    .unwrap();
    json(dir.path(), &["--apply"]);
    assert_eq!(inventory(dir.path()), replaced);
}

#[test]
fn leaks_are_still_recorded_one_a_message() {
    let dir = workspace(&[
        message(
            SHOPMAIL,
            "Mon, 05 Oct 2026 08:00:00 +0000",
            "it@northwlnd-login.example",
            "pass",
            "p1@northwlnd-login.example",
            "Verify",
        ),
        message(
            SHOPMAIL,
            "Tue, 06 Oct 2026 08:00:00 +0000",
            "it@northwlnd-login.example",
            "pass",
            "p2@northwlnd-login.example",
            "Verify again",
        ),
    ]);
    json(dir.path(), &["--apply"]);
    assert_eq!(
        inventory(dir.path()).matches("sender = \"other\"").count(),
        2
    );
}

fn serve(net: &Net) {
    let answer = |at: &str, body: Value| {
        net.mount(
            Mock::given(path(at)).respond_with(ResponseTemplate::new(200).set_body_json(body)),
        );
    };
    let vcard = |name: &str, email: &str| {
        json!([
            "vcard",
            [
                ["version", {}, "text", "4.0"],
                ["fn", {}, "text", name],
                ["email", {}, "text", email]
            ]
        ])
    };
    answer(
        "/iana/ipv4.json",
        json!({"version": "1.0", "services": [[["198.51.100.0/24"], [net.url("/rir/")]]]}),
    );
    answer("/iana/ipv6.json", json!({"version": "1.0", "services": []}));
    answer(
        "/iana/dns.json",
        json!({"version": "1.0", "services": [[["example"], [net.url("/registry/")]]]}),
    );
    answer(
        "/rir/ip/198.51.100.9",
        json!({"objectClassName": "ip network", "handle": "NET-CHEAP", "name": "CHEAP-HOSTING",
               "startAddress": "198.51.100.0", "endAddress": "198.51.100.255", "ipVersion": "v4",
               "entities": [{"objectClassName": "entity", "roles": ["abuse"],
                             "vcardArray": vcard("Abuse", "abuse@cheap-hosting.example")}]}),
    );
    answer(
        "/registry/domain/northwlnd-login.example",
        json!({"objectClassName": "domain", "ldhName": "NORTHWLND-LOGIN.EXAMPLE",
               "events": [{"eventAction": "registration", "eventDate": "2026-10-01T10:00:00Z"}],
               "entities": [{"objectClassName": "entity", "roles": ["registrar"],
                             "vcardArray": vcard("Cheap Names Ltd", "ops@cheapnames.example"),
                             "entities": [{"objectClassName": "entity", "roles": ["abuse"],
                                           "vcardArray": vcard("Abuse", "abuse@cheapnames.example")}]}]}),
    );
}

#[test]
fn online_gives_each_leak_the_abuse_contacts_phish_online_finds() {
    let net = Net::start();
    serve(&net);
    let dir = workspace(&whole_window());
    let out = run(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let offline = text(&out.stdout);
    assert!(!offline.contains("abuse@"), "{offline}");
    let out = common::linger()
        .current_dir(dir.path())
        .env("LINGER_CACHE_DIR", dir.path().join("cache"))
        .env("LINGER_RDAP_BOOTSTRAP_URL", net.url("/iana/dns.json"))
        .env_remove("LINGER_RDAP_IP_BOOTSTRAP_URL")
        .env("LINGER_HTTP_TIMEOUT", "2")
        .args([
            "--today",
            "2026-12-07",
            "canary",
            "watch",
            "--online",
            "--mail",
        ])
        .arg(dir.path().join("canary.mbox"))
        .args(["--format", "json"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let leak = &report["observations"][0];
    assert_eq!(leak["meaning"], "leaked");
    let abuse = leak["analysis"]["abuse"].to_string();
    assert!(
        abuse.contains("network of [198.51.100.9]: abuse@cheap-hosting.example"),
        "{abuse}"
    );
    assert!(
        abuse.contains("registrar of northwlnd-login[.]example: abuse@cheapnames.example"),
        "{abuse}"
    );
    // Only loopback was asked, for the leak's address and domain.
    assert!(!net.requests("/rir/ip/198.51.100.9").is_empty());
}

#[test]
fn a_password_in_canary_imap_is_a_load_error_that_names_its_own_secret() {
    let dir = workspace(&whole_window());
    let path = dir.path().join("vendors.toml");
    let with = INVENTORY.replace(
        "\n[[vendor]]\nid = \"oldcrm\"",
        "\n[canary.imap]\nhost = \"imap.mailhost.example\"\nusername = \"catch-all@canary.northwind.example\"\npassword = \"hunter2-not-here\"\n\n[[vendor]]\nid = \"oldcrm\"",
    );
    std::fs::write(&path, &with).unwrap();
    let out = run(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("canary-imap-password"), "{stderr}");
    assert!(stderr.contains("LINGER_CANARY_IMAP_PASSWORD"), "{stderr}");
    // `[canary]` holds nothing else.
    let other = INVENTORY.replace(
        "\n[[vendor]]\nid = \"oldcrm\"",
        "\n[canary]\nsmtp = 1\n\n[[vendor]]\nid = \"oldcrm\"",
    );
    std::fs::write(&path, other).unwrap();
    let out = run(dir.path(), &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("[canary.imap]"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn accept_takes_vendor_ids_only() {
    let dir = workspace(&whole_window());
    let out = run(dir.path(), &["--apply", "--accept", "oldcrm:0a1b2c"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("takes vendors' ids"),
        "{}",
        text(&out.stderr)
    );
    // --accept without --apply is refused by the command line.
    let out = run(dir.path(), &["--accept", "oldcrm"]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(inventory(dir.path()), INVENTORY);
}
