//! Abuse desks answer too (issue 34): `inbox` ties a registrar's, a
//! sending service's or a host's reply to the incident report it answers
//! (by its thread, or the `[ref:ID]` tag of an open incident), reads what
//! it says (acknowledged, acted, refused) with the reply tables' abuse
//! words, records an acknowledgement with `--apply` and an end state only
//! with `--accept`, each with the message kept as evidence; `incident
//! show` then shows the report `down`. The fixtures are
//! tests/data/abuse-replies/ (its README says where each shape comes
//! from).

mod common;

use std::path::Path;
use std::process::Output;

use common::text;
use sha2::{Digest, Sha256};

const TODAY: &str = "2026-12-03";
const ID: &str = "2026-11-29";

const INVENTORY: &str = "schema = 1\n\n[organization]\nname = \"Northwind\"\nemail = \"security@northwind.example\"\nlaw = \"gdpr\"\ntime_zone = \"Europe/Oslo\"\n\n\
[[vendor]]\nid = \"mailblast\"\nname = \"MailBlast\"\nwebsite = \"https://mailblast.example\"\ndata = [\"contact.email\"]\n\n\
# The phishing wave of late November.\n[[incident]]\nid = \"2026-11-29\"\naware = 2026-11-29T08:30:00+01:00\nconfirmed_vendors = [\"mailblast\"]\n\
phishing_domains = [\"northwind-billing.example\", \"northwind-login.example\", \"northwind-konto.example\", \"northwind-faktura.example\"]\n\
senders = [\"mailblast.example\"]\nrisk = \"high\"\n";

/// The reports, as `send --incident` will record them: party, target,
/// address, Message-ID.
const REPORTS: [(&str, &str, &str, &str); 5] = [
    (
        "registrar",
        "northwind-billing.example",
        "abuse@registrar.example",
        "<20261129.r1@northwind.example>",
    ),
    (
        "service",
        "billing-team@mailblast.example",
        "abuse@mailblast.example",
        "<20261129.s1@northwind.example>",
    ),
    (
        "registrar",
        "northwind-login.example",
        "abuse@cheapnames.example",
        "<20261129.r2@northwind.example>",
    ),
    (
        "registrar",
        "northwind-konto.example",
        "abuse@domainhaus.example",
        "<20261129.r3@northwind.example>",
    ),
    (
        "registrar",
        "northwind-faktura.example",
        "misbruk@norsk-domene.example",
        "<20261129.r4@northwind.example>",
    ),
];

fn data() -> &'static Path {
    Path::new(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/data/abuse-replies"
    ))
}

fn run(dir: &Path, today: &str, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .args(["--today", today])
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

/// An inventory with the incident and its five reports recorded by
/// `incident mark`, and the mailbox of fixtures beside it.
fn setup() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), INVENTORY).unwrap();
    for (n, (party, target, to, id)) in REPORTS.iter().enumerate() {
        let on = format!("2026-11-29T10:{:02}:00+01:00", n * 5);
        let out = run(
            dir.path(),
            "2026-11-29T12:00:00+01:00",
            &[
                "incident",
                "mark",
                ID,
                "reported",
                "--on",
                &on,
                "--party",
                party,
                "--target",
                target,
                "--to",
                to,
                "--message-id",
                id,
            ],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let mail = dir.path().join("mail");
    std::fs::create_dir(&mail).unwrap();
    for entry in std::fs::read_dir(data()).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "eml") {
            std::fs::copy(&path, mail.join(path.file_name().unwrap())).unwrap();
        }
    }
    dir
}

fn inbox(dir: &Path, more: &[&str]) -> serde_json::Value {
    let mut args = vec!["inbox", "--mail", "mail", "--format", "json"];
    args.extend_from_slice(more);
    json(&run(dir, TODAY, &args))
}

/// The answer with this Message-ID.
fn answer<'a>(listing: &'a serde_json::Value, id: &str) -> &'a serde_json::Value {
    listing["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["message_id"] == id)
        .unwrap_or_else(|| panic!("no answer {id} in {listing}"))
}

const AUTOREPLY: &str = "<ticket-884213-1@helpdesk.registrar.example>";
const CLIENTHOLD: &str = "<ticket-884213-2@helpdesk.registrar.example>";
const SUSPENDED: &str = "<ts-55102@mailblast.example>";
const REFUSAL: &str = "<case-7741-2@cheapnames.example>";
const CONDITIONAL: &str = "<case-7741-1@cheapnames.example>";
const GERMAN: &str = "<abuse-2026-3312@domainhaus.example>";
const NORWEGIAN: &str = "<sak-44120@norsk-domene.example>";
const FORGED: &str = "<f0rg3d-1@registrar-support.example>";

#[test]
fn each_abuse_desk_reply_is_tied_to_its_report_and_read_for_what_it_says() {
    let dir = setup();
    let before = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    let look = inbox(dir.path(), &[]);
    // Nothing is written by a look.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        before
    );
    assert_eq!(look["read"], 9, "{look}");
    assert_eq!(
        look["unmatched"], 1,
        "the newsletter answers nothing: {look}"
    );
    assert_eq!(look["incidents"].as_array().unwrap().len(), 8, "{look}");
    for (id, proposal, target, matched_by) in [
        (
            AUTOREPLY,
            "acknowledged",
            "northwind-billing.example",
            "reference",
        ),
        (CLIENTHOLD, "acted", "northwind-billing.example", "thread"),
        (
            SUSPENDED,
            "acted",
            "billing-team@mailblast.example",
            "thread",
        ),
        (REFUSAL, "refused", "northwind-login.example", "thread"),
        (
            CONDITIONAL,
            "acknowledged",
            "northwind-login.example",
            "thread",
        ),
        (GERMAN, "acted", "northwind-konto.example", "thread"),
        (NORWEGIAN, "acted", "northwind-faktura.example", "reference"),
    ] {
        let reply = answer(&look, id);
        assert_eq!(reply["incident"], ID, "{reply}");
        assert_eq!(reply["proposal"], proposal, "{id}: {reply}");
        assert_eq!(reply["target"], target, "{id}: {reply}");
        assert_eq!(reply["matched_by"], matched_by, "{id}: {reply}");
        assert_eq!(reply["trusted"], true, "{id}: {reply}");
        assert_eq!(
            reply["needs_accept"],
            proposal != "acknowledged",
            "{id}: {reply}"
        );
        let tag = reply["accept"].as_str().unwrap();
        assert!(
            tag.starts_with("2026-11-29:") && tag.len() == ID.len() + 7,
            "{tag}"
        );
    }
    // The ticket system's receipt keeps its ticket number.
    assert_eq!(answer(&look, AUTOREPLY)["reference"], "884213");
    // The condition ("we will suspend the domain if …") is no deed, and
    // the quoted request below the clientHold reply is not its words.
    let conditional = answer(&look, CONDITIONAL);
    assert!(
        conditional["quote"]
            .as_str()
            .unwrap()
            .contains("will suspend"),
        "{conditional}"
    );
    let held = answer(&look, CLIENTHOLD)["quote"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(!held.contains("Please suspend"), "{held}");
    // A stranger's domain quoting the tag: shown, nothing proposed.
    let forged = answer(&look, FORGED);
    assert!(forged["proposal"].is_null(), "{forged}");
    assert_eq!(forged["trusted"], false, "{forged}");
    assert!(
        forged["note"]
            .as_str()
            .unwrap()
            .starts_with("acted withheld:"),
        "{forged}"
    );
    assert!(
        forged["note"]
            .as_str()
            .unwrap()
            .contains("registrar-support.example"),
        "{forged}"
    );
    // The table lists them beside the vendors'.
    let table = run(dir.path(), TODAY, &["inbox", "--mail", "mail"]);
    let shown = text(&table.stdout);
    assert!(shown.contains("Answers to incidents' reports:"), "{shown}");
    assert!(shown.contains("northwind-konto.example"), "{shown}");
}

fn events(dir: &Path) -> Vec<toml::Value> {
    let text = std::fs::read_to_string(dir.join("vendors.toml")).unwrap();
    let doc: toml::Value = toml::from_str(&text).unwrap();
    doc["incident"][0]["event"].as_array().unwrap().clone()
}

#[test]
fn apply_records_receipts_and_accept_the_end_states_with_their_evidence_once() {
    let dir = setup();
    // --apply alone: the two receipts, not the end states.
    let first = inbox(dir.path(), &["--apply"]);
    let mut recorded: Vec<&str> = first["incidents"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["applied"] == true)
        .map(|r| r["message_id"].as_str().unwrap())
        .collect();
    recorded.sort_unstable();
    assert_eq!(recorded, [CONDITIONAL, AUTOREPLY], "{first}");
    let note = answer(&first, CLIENTHOLD)["note"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(note.contains("--accept 2026-11-29:"), "{note}");
    let after_receipts = events(dir.path());
    assert_eq!(after_receipts.len(), REPORTS.len() + 2);
    let ack = after_receipts
        .iter()
        .find(|e| e["message_id"].as_str() == Some(CONDITIONAL))
        .unwrap();
    assert_eq!(ack["kind"].as_str(), Some("acknowledged"));
    assert_eq!(ack["target"].as_str(), Some("northwind-login.example"));
    assert_eq!(ack["to"].as_str(), Some("abuse@cheapnames.example"));

    // A person read the end states and says yes to each; the forged one's
    // tag is given too, and records nothing.
    let tags: Vec<String> = [CLIENTHOLD, SUSPENDED, REFUSAL, GERMAN, NORWEGIAN, FORGED]
        .iter()
        .map(|id| answer(&first, id)["accept"].as_str().unwrap().to_string())
        .collect();
    let accept = tags.join(",");
    let second = inbox(dir.path(), &["--apply", "--accept", &accept]);
    for id in [CLIENTHOLD, SUSPENDED, REFUSAL, GERMAN, NORWEGIAN] {
        assert_eq!(answer(&second, id)["applied"], true, "{id}: {second}");
    }
    assert_eq!(answer(&second, FORGED)["applied"], false);
    let all = events(dir.path());
    assert_eq!(all.len(), REPORTS.len() + 2 + 5, "{all:?}");
    let kinds: Vec<&str> = all.iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(
        kinds.iter().filter(|k| **k == "acted").count(),
        4,
        "{kinds:?}"
    );
    assert_eq!(
        kinds.iter().filter(|k| **k == "refused").count(),
        1,
        "{kinds:?}"
    );
    // Each step keeps its message, byte for byte, with its hash.
    for event in &all[REPORTS.len()..] {
        let kept = event["evidence"].as_str().unwrap();
        assert!(kept.starts_with("evidence/2026-11-29/"), "{kept}");
        let bytes = std::fs::read(dir.path().join(kept)).unwrap();
        let sha = format!("{:x}", Sha256::digest(&bytes));
        assert_eq!(
            event["evidence_sha256"].as_str(),
            Some(sha.as_str()),
            "{kept}"
        );
        let id = event["message_id"].as_str().unwrap();
        assert!(
            text(&bytes).contains(&format!("Message-ID: {id}")),
            "{kept}"
        );
    }
    let acted = all
        .iter()
        .find(|e| e["message_id"].as_str() == Some(CLIENTHOLD))
        .unwrap();
    assert_eq!(acted["to"].as_str(), Some("abuse@registrar.example"));
    assert_eq!(acted["target"].as_str(), Some("northwind-billing.example"));
    assert_eq!(
        acted["on"].as_str().map(str::to_string),
        None,
        "a day, not a string"
    );

    // `incident show` has each report's state.
    let show = run(dir.path(), TODAY, &["incident", "show", ID]);
    let shown = text(&show.stdout);
    for (target, state) in [
        (
            "northwind-billing.example (registrar)",
            "down since 2026-12-01",
        ),
        (
            "billing-team@mailblast.example (service)",
            "down since 2026-11-30",
        ),
        ("northwind-login.example (registrar)", "refused"),
        (
            "northwind-konto.example (registrar)",
            "down since 2026-12-01",
        ),
        (
            "northwind-faktura.example (registrar)",
            "down since 2026-12-01",
        ),
    ] {
        let line = shown
            .lines()
            .find(|l| l.contains(target))
            .unwrap_or_else(|| panic!("{shown}"));
        assert!(line.contains(state), "{line}");
    }
    // `check` asks for no more takedown of what is down; the refused
    // report is still pending, with the next party to ask.
    let check = run(dir.path(), TODAY, &["check", "--format", "json"]);
    let findings: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    let mut pending = Vec::new();
    collect_pending(&findings, &mut pending);
    assert!(
        pending
            .iter()
            .any(|f| f.contains("northwind-login.example")),
        "{pending:?}"
    );
    for down in [
        "northwind-billing.example",
        "northwind-konto.example",
        "northwind-faktura.example",
    ] {
        assert!(
            !pending.iter().any(|f| f.contains(down)),
            "{down}: {pending:?}"
        );
    }

    // The same mail again, with the same yeses: nothing new.
    let file = std::fs::read(dir.path().join("vendors.toml")).unwrap();
    let third = inbox(dir.path(), &["--apply", "--accept", &accept]);
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        file
    );
    for id in [
        AUTOREPLY,
        CLIENTHOLD,
        SUSPENDED,
        REFUSAL,
        CONDITIONAL,
        GERMAN,
        NORWEGIAN,
    ] {
        let reply = answer(&third, id);
        assert_eq!(reply["applied"], false, "{reply}");
        assert_eq!(reply["note"], "recorded before", "{reply}");
    }
}

#[test]
fn a_failed_apply_leaves_the_inventory_byte_identical() {
    let dir = setup();
    let before = std::fs::read(dir.path().join("vendors.toml")).unwrap();
    // The incident's evidence folder is a link elsewhere: refused.
    let elsewhere = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    std::os::unix::fs::symlink(elsewhere.path(), dir.path().join("evidence").join(ID)).unwrap();
    let out = run(dir.path(), TODAY, &["inbox", "--mail", "mail", "--apply"]);
    assert_ne!(out.status.code(), Some(0), "{}", text(&out.stdout));
    assert!(
        text(&out.stderr).contains("evidence"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        before
    );
    assert_eq!(std::fs::read_dir(elsewhere.path()).unwrap().count(), 0);
    // A yes that names no reply is refused before anything is read into
    // the file.
    let out = run(
        dir.path(),
        TODAY,
        &[
            "inbox",
            "--mail",
            "mail",
            "--apply",
            "--accept",
            "2026-11-29:000000",
        ],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("names no reply"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        before
    );
}

/// Every `takedown-pending` finding in `check`'s JSON, as text.
fn collect_pending(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if map.get("code").and_then(|c| c.as_str()) == Some("takedown-pending") {
                out.push(value.to_string());
            }
            map.values().for_each(|v| collect_pending(v, out));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_pending(v, out)),
        _ => {}
    }
}
