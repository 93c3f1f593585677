//! Letters: every built-in template renders for every kind, language and
//! law; the request says what docs/letters.md describes; every `.eml` parses back
//! with Python's `email` package as a mail client would read it; no name,
//! subject or address can smuggle in a header or make the builder panic.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use chrono::{TimeZone, Utc};
use proptest::prelude::*;

use common::date;
use linger::inventory::{Inventory, Language, Law, parse};
use linger::letters::eml::to_eml;
use linger::letters::{
    self, ComposeError, Incident, Kind, Letter, LetterError, Party, Request, builtin, compose,
};

const TODAY: &str = "2026-11-28";

fn fixture() -> Inventory {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/letters/vendors.toml");
    parse(&std::fs::read_to_string(path).unwrap(), date(TODAY)).unwrap()
}

fn incident() -> Incident {
    Incident {
        phishing_domain: Some("northwind-login.example".into()),
        addresses: vec![
            "anna.berg@example.com".into(),
            "s9d2k4qx@canary.northwind.example".into(),
        ],
        abuse_contact: Some("abuse@bulkmail.example".into()),
        messages: Vec::new(),
        held: None,
        include_addresses: true,
        canary_mail: Vec::new(),
    }
}

fn letter(inventory: &Inventory, id: &str, kind: Kind, language: Language) -> Letter {
    if kind == Kind::BreachNotification {
        return notification(inventory, language);
    }
    let mut incident = incident();
    // A contradiction is written to the vendor that confirmed and then
    // mailed its canary, citing that message.
    let id = if kind == Kind::Contradiction {
        let path = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/cmd/fixtures/letters/pollster-canary.eml");
        incident.canary_mail = letters::canary_mail::read(
            "pollster-canary.eml",
            std::fs::read(path).unwrap(),
            inventory.vendor("pollster").unwrap(),
        )
        .unwrap();
        "pollster"
    } else {
        id
    };
    let request = Request {
        inventory,
        vendor: inventory.vendor(id).unwrap(),
        kind,
        language,
        today: date(TODAY),
        incident: &incident,
        early: true,
    };
    match compose(&request, &builtin(kind, language)) {
        Ok(letter) => letter,
        Err(ComposeError::Letter(err)) => panic!("{id} {kind} {language}: {err}"),
        Err(ComposeError::Template(err)) => {
            panic!("{id} {kind} {language}: {:?}", err.diagnostic)
        }
    }
}

/// A breach notification is about an incident, not a vendor: the
/// organization's (GDPR, Datatilsynet), of an incident with every fact.
fn notification(inventory: &Inventory, language: Language) -> Letter {
    use linger::letters::breach_notification::{self, Request};
    let facts = common::notification();
    let request = Request {
        inventory,
        notification: &facts,
        language,
        today: date(TODAY),
        now: now(),
        follow_up: false,
    };
    match breach_notification::compose(&request, &builtin(Kind::BreachNotification, language)) {
        Ok(letter) => letter,
        Err(ComposeError::Letter(err)) => panic!("breach-notification {language}: {err}"),
        Err(ComposeError::Template(err)) => {
            panic!("breach-notification {language}: {:?}", err.diagnostic)
        }
    }
}

#[test]
fn every_template_renders_in_every_language_for_every_law() {
    let inventory = fixture();
    for kind in Kind::ALL {
        for language in Language::ALL {
            for vendor in &inventory.vendors {
                // Follow-ups and complaints need a request to refer to.
                if matches!(kind, Kind::FollowUp | Kind::Escalation | Kind::FinalNotice)
                    && vendor.events.is_empty()
                {
                    continue;
                }
                // A contradiction goes to the one vendor that confirmed and
                // then mailed its canary (`letter`); once per language.
                if *kind == Kind::Contradiction && vendor.id.value != "pollster" {
                    continue;
                }
                let l = letter(&inventory, &vendor.id.value, *kind, *language);
                let what = format!("{} {kind} {language}", vendor.id.value);
                assert!(!l.subject.is_empty(), "{what}");
                assert!(l.body.contains("Northwind Analytics AS"), "{what}");
                assert!(!l.body.contains("{{") && !l.body.contains("{%"), "{what}");
                assert!(
                    !l.body.contains("none") && !l.body.contains("None"),
                    "{what}: {}",
                    l.body
                );
                for line in l.body.lines() {
                    let long_word = line.split(' ').any(|w| w.chars().count() > 40);
                    assert!(line.chars().count() <= 72 || long_word, "{what}: {line}");
                }
                if let Some(deadline) = l.deadline {
                    let written = letters::long_date(deadline, *language);
                    assert!(
                        l.body.replace('\u{a0}', " ").contains(&written),
                        "{what}: no explicit deadline {written}"
                    );
                }
            }
        }
    }
}

#[test]
fn a_gdpr_request_states_the_processors_duty_and_what_to_confirm() {
    let inventory = fixture();
    let l = letter(&inventory, "surveyly", Kind::Request, Language::En);
    assert_eq!(l.to.email, "datenschutz@surveyly.example");
    assert_eq!(
        l.subject,
        "Deletion request: Northwind Analytics AS (team northwind-research, account 7731) [ref:surveyly]"
    );
    let body = l.body.replace(['\n', '\u{a0}'], " ");
    for needle in [
        "Article 28(3)(g)",
        "Article 5(1)(e)",
        "Decision (EU) 2021/915",
        "sub-processor",
        "backup",
        "By 28 December 2026",
        "1 March 2019 to 30 June 2026",
        "about 23,150 records",
        "e-mail addresses, names and usage records",
        "team northwind-research, account 7731",
        "the name and role of the person who confirms this",
    ] {
        assert!(body.contains(needle), "missing {needle:?} in\n{}", l.body);
    }
    assert!(
        !body.contains("Article 17"),
        "a controller does not make an erasure request"
    );
}

#[test]
fn deadlines_follow_the_law_and_the_policy() {
    let inventory = fixture();
    let deadline = |id, kind| letter(&inventory, id, kind, Language::En).deadline.unwrap();
    // GDPR: one calendar month from 28 November is 28 December (a Monday).
    assert_eq!(deadline("surveyly", Kind::Request), date("2026-12-28"));
    // CCPA: 45 days is 12 January 2027.
    assert_eq!(deadline("ca-crm", Kind::Request), date("2027-01-12"));
    // LGPD: 15 days is Saturday 13 December, rolled over to Monday.
    assert_eq!(deadline("br-shop", Kind::Request), date("2026-12-14"));
    // A follow-up gives policy.reminder_days (14): 12 December is a
    // Saturday, so Monday 14 December.
    assert_eq!(deadline("surveyly", Kind::FollowUp), date("2026-12-14"));
    assert_eq!(
        deadline("surveyly", Kind::BreachInquiry),
        date("2026-12-07")
    );
    assert_eq!(
        letter(&inventory, "surveyly", Kind::Escalation, Language::En).deadline,
        None
    );
}

#[test]
fn the_escalation_carries_the_whole_dated_history() {
    let inventory = fixture();
    let l = letter(&inventory, "surveyly", Kind::Escalation, Language::En);
    assert_eq!(
        l.to,
        Party {
            name: "Datatilsynet".into(),
            email: "postkasse@datatilsynet.no".into()
        }
    );
    let body = l.body.replace("\n  ", " ").replace('\u{a0}', " ");
    for line in [
        "- 14 July 2026: we asked the vendor to delete the data",
        "- 16 July 2026: the vendor acknowledged our request (reference: DS-2026-0412)",
        "- 28 August 2026: we sent a reminder",
    ] {
        assert!(body.contains(line), "missing {line:?} in\n{}", l.body);
    }
    // The event's note is ours: it never reaches the authority.
    assert!(!body.contains("sent to datenschutz@"), "{}", l.body);
}

#[test]
fn the_breach_inquiry_names_the_canaries_it_found() {
    let inventory = fixture();
    let l = letter(&inventory, "surveyly", Kind::BreachInquiry, Language::En);
    let canaries = l.body.split("nowhere else:").nth(1).unwrap();
    let canaries = canaries.split("\n\n").nth(1).unwrap();
    assert_eq!(canaries, "- s9d2k4qx@canary.northwind.example");
    assert!(l.body.contains("Article 33(2) GDPR"));
}

#[test]
fn missing_recipients_and_inputs_say_what_to_add() {
    let mut inventory = fixture();
    inventory.organization.authorities.clear();
    let vendor = inventory.vendor("surveyly").unwrap().clone();
    let none = Incident::default();
    let check = |kind, vendor: &linger::inventory::Vendor| {
        letters::check_inputs(&Request {
            inventory: &inventory,
            vendor,
            kind,
            language: Language::En,
            today: date(TODAY),
            incident: &none,
            early: true,
        })
    };
    match check(Kind::Escalation, &vendor) {
        Err(LetterError::Missing { help, .. }) => assert!(help.contains("authority = {")),
        other => panic!("{other:?}"),
    }
    let mut silent = vendor.clone();
    silent.privacy_email = None;
    match check(Kind::Request, &silent) {
        Err(LetterError::Missing { help, .. }) => assert!(help.contains("privacy_email")),
        other => panic!("{other:?}"),
    }
    assert!(matches!(
        check(Kind::BreachInquiry, &vendor),
        Err(LetterError::NeedsInput { flag, .. }) if flag.starts_with("--addresses")
    ));
    assert!(matches!(
        check(Kind::AbuseReport, &vendor),
        Err(LetterError::NeedsInput { flag, .. }) if flag.starts_with("--to")
    ));
    let to_only = Incident {
        abuse_contact: Some("abuse@bulkmail.example".into()),
        ..Incident::default()
    };
    assert!(matches!(
        letters::check_inputs(&Request {
            inventory: &inventory,
            vendor: &vendor,
            kind: Kind::AbuseReport,
            language: Language::En,
            today: date(TODAY),
            incident: &to_only,
            early: true,
        }),
        Err(LetterError::NeedsInput { flag, .. }) if flag.starts_with("--phishing-domain")
    ));
}

fn python_view(files: &[PathBuf]) -> Vec<serde_json::Value> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/eml_check.py");
    let out = Command::new("python3")
        .arg(script)
        .args(files)
        .output()
        .expect("python3 runs (CI installs it; it parses the .eml files as a mail client would)");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn header<'a>(view: &'a serde_json::Value, name: &str) -> Vec<&'a str> {
    view["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h[0].as_str().unwrap().eq_ignore_ascii_case(name))
        .map(|h| h[1].as_str().unwrap())
        .collect()
}

fn now() -> chrono::DateTime<Utc> {
    Utc.with_ymd_and_hms(2026, 11, 28, 12, 0, 0).unwrap()
}

#[test]
fn every_eml_parses_back_as_a_mail_client_reads_it() {
    if !common::outside::python("every_eml_parses_back_as_a_mail_client_reads_it") {
        return;
    }
    let inventory = fixture();
    let dir = tempfile::tempdir().unwrap();
    let mut letters = Vec::new();
    let mut files = Vec::new();
    for kind in Kind::ALL {
        for language in Language::ALL {
            let l = letter(&inventory, "surveyly", *kind, *language);
            let path = dir.path().join(format!("{kind}.{language}.eml"));
            std::fs::write(&path, to_eml(&l, now()).unwrap()).unwrap();
            files.push(path);
            letters.push(l);
        }
    }
    let views = python_view(&files);
    assert_eq!(views.len(), letters.len());
    for (view, l) in views.iter().zip(&letters) {
        let what = format!("{} {}", l.kind, l.language);
        assert_eq!(
            view["defects"].as_array().unwrap().len(),
            0,
            "{what}: {view}"
        );
        assert_eq!(header(view, "Subject"), [l.subject.as_str()], "{what}");
        assert_eq!(
            header(view, "From"),
            ["Northwind Analytics AS <privacy@northwind.example>"],
            "{what}"
        );
        let to = if l.to.name.is_empty() {
            l.to.email.clone()
        } else {
            format!("{} <{}>", l.to.name, l.to.email)
        };
        assert_eq!(header(view, "To"), [to.as_str()], "{what}");
        assert_eq!(header(view, "Date"), ["Sat, 28 Nov 2026 12:00:00 +0000"]);
        assert_eq!(header(view, "X-Unsent"), ["1"]);
        assert_eq!(header(view, "MIME-Version"), ["1.0"]);
        assert_eq!(header(view, "Message-ID").len(), 1);
        assert!(header(view, "Message-ID")[0].ends_with("@northwind.example>"));
        if l.attachments.is_empty() {
            assert_eq!(view["content_type"], "text/plain");
            assert_eq!(view["charset"], "utf-8");
            assert_eq!(view["transfer_encoding"], "quoted-printable");
        } else {
            // A contradiction carries the canary's message, headers intact.
            assert_eq!(view["content_type"], "multipart/mixed", "{what}");
            let attached = &view["attachments"][0];
            assert_eq!(attached["content_type"], "message/rfc822", "{what}");
            assert!(
                attached["headers"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .any(|h| h[0] == "Delivered-To"),
                "{what}: {attached}"
            );
        }
        // Mail puts CRLF between lines; the text is the same.
        let body = view["body"].as_str().unwrap().replace("\r\n", "\n");
        assert_eq!(body.trim_end(), l.body.trim_end(), "{what}");
        // An attached message travels byte for byte (as 8bit when it is
        // not ASCII, which RFC 2046 allows message/rfc822): only our own
        // parts must be ASCII.
        assert!(
            view["raw_ascii"] == true || !l.attachments.is_empty(),
            "{what}: non-ASCII bytes on the wire"
        );
        assert_eq!(view["raw_crlf_only"], true, "{what}");
        // The attached message keeps its own lines (up to RFC 5322's 998).
        let longest = if l.attachments.is_empty() { 78 } else { 998 };
        assert!(
            view["raw_longest_line"].as_u64().unwrap() <= longest,
            "{what}: {view}"
        );
    }
}

/// A letter whose every header field is hostile.
fn hostile(name: &str, subject: &str) -> Letter {
    Letter {
        kind: Kind::Request,
        language: Language::En,
        vendor: "evil\r\nBcc: x@evil.example".into(),
        from: Party {
            name: name.into(),
            email: "privacy@northwind.example".into(),
        },
        to: Party {
            name: name.into(),
            email: "dpo@vendor.example".into(),
        },
        reply_to: Some(Party {
            name: name.into(),
            email: "privacy+vendor@northwind.example".into(),
        }),
        subject: subject.into(),
        body: "Hello.\n".into(),
        date: date(TODAY),
        deadline: None,
        attachments: Vec::new(),
    }
}

#[test]
fn header_injection_never_adds_a_header() {
    if !common::outside::python("header_injection_never_adds_a_header") {
        return;
    }
    let long = "Ü".repeat(300);
    let cases = [
        (
            "Evil\r\nBcc: victim@example.com",
            "Hi\r\nBcc: victim@example.com",
        ),
        ("Evil\nX-Injected: 1", "Subject\n\nbody in the headers"),
        ("Ærlig Øl — 日本 \"Quoted\" <tag>", "Grüße, Ærlig Øl — 日本"),
        (long.as_str(), long.as_str()),
        ("\u{0}\u{7}\u{1b}[31m", "\r\n\r\n"),
    ];
    let dir = tempfile::tempdir().unwrap();
    let mut files = Vec::new();
    for (i, (name, subject)) in cases.iter().enumerate() {
        let path = dir.path().join(format!("{i}.eml"));
        std::fs::write(&path, to_eml(&hostile(name, subject), now()).unwrap()).unwrap();
        files.push(path);
    }
    for (view, (name, subject)) in python_view(&files).iter().zip(cases) {
        let names: Vec<&str> = view["raw_header_names"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| n.as_str().unwrap())
            .collect();
        assert_eq!(
            names,
            [
                "From",
                "To",
                "Reply-To",
                "Subject",
                "Date",
                "Message-ID",
                "X-Unsent",
                "MIME-Version",
                "Content-Type",
                "Content-Transfer-Encoding"
            ],
            "{name:?}"
        );
        let flat = |s: &str| {
            s.chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect::<String>()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert_eq!(header(view, "Subject"), [flat(subject).as_str()]);
        // 78 is what a line should keep to, 998 what it must (RFC 5322
        // 2.1.1); lettre does not fold an encoded name in an address.
        assert!(view["raw_longest_line"].as_u64().unwrap() <= 998, "{view}");
        assert_eq!(view["raw_ascii"], true);
    }
}

#[test]
fn an_address_with_a_line_break_is_an_error_not_a_header() {
    let mut l = hostile("Name", "Subject");
    l.to.email = "dpo@vendor.example\r\nBcc: victim@example.com".into();
    assert!(to_eml(&l, now()).is_err());
    l.to.email = "dpo@vendor.example>, victim@example.com".into();
    assert!(to_eml(&l, now()).is_err());
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// Whatever the names and subject hold, building never panics and the
    /// header block keeps its nine headers, each line within the limit.
    #[test]
    fn any_name_and_subject_keep_the_header_block_intact(
        name in any::<String>(),
        subject in any::<String>(),
        email in prop_oneof![Just("dpo@vendor.example".to_string()), any::<String>()],
    ) {
        let mut l = hostile(&name, &subject);
        l.to.email = email;
        let Ok(bytes) = to_eml(&l, now()) else { return Ok(()) };
        prop_assert!(bytes.is_ascii());
        let text = String::from_utf8(bytes).unwrap();
        let (head, _) = text.split_once("\r\n\r\n").unwrap();
        let names: Vec<&str> = head
            .split("\r\n")
            .filter(|line| !line.starts_with([' ', '\t']))
            .map(|line| line.split(':').next().unwrap())
            .collect();
        // Reply-To included: the hostile letter asks for replies at a plus address.
        prop_assert_eq!(names.len(), 10, "{}", head);
        prop_assert!(text.split("\r\n").all(|line| line.len() <= 998));
    }
}

#[test]
fn every_law_is_named_by_some_fixture_vendor() {
    let inventory = fixture();
    for law in Law::ALL {
        assert!(
            inventory
                .vendors
                .iter()
                .any(|v| inventory.law_of(v) == *law),
            "add a vendor with law = \"{law}\" to the letters fixture"
        );
    }
}

#[test]
fn an_abuse_report_attaches_the_phishing_as_message_rfc822() {
    if !common::outside::python("an_abuse_report_attaches_the_phishing_as_message_rfc822") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let phish = dir.path().join("invoice.eml");
    std::fs::write(
        &phish,
        "Received: from mx.bulkmail.example by mx.northwind.example; Fri, 27 Nov 2026 09:14:03 +0100\r\n\
         Received: from [10.1.2.3] by out.bulkmail.example; Fri, 27 Nov 2026 09:13:58 +0100\r\n\
         From: Northwind Billing <billing@northwind-login.example>\r\n\
         To: anna.berg@example.com\r\nSubject: Your invoice\r\n\r\n\
         Pay now: https://northwind-login.example/pay?id=7\r\n",
    )
    .unwrap();
    let addresses = dir.path().join("addresses.txt");
    std::fs::write(
        &addresses,
        "anna.berg@example.com\ns9d2k4qx@canary.northwind.example\n",
    )
    .unwrap();
    let out = dir.path().join("report.eml");
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/letters/vendors.toml");
    let run = common::linger()
        .args([
            "-f",
            fixture.to_str().unwrap(),
            "--today",
            TODAY,
            "letter",
            "surveyly",
        ])
        .args(["--kind", "abuse-report", "--to", "abuse@bulkmail.example"])
        .args([
            "--phishing-domain",
            "northwind-login.example",
            "--format",
            "eml",
        ])
        .arg("--addresses")
        .arg(&addresses)
        .arg("--message")
        .arg(&phish)
        .arg("-o")
        .arg(&out)
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );

    let view = &python_view(&[out])[0];
    assert_eq!(view["defects"], serde_json::json!([]));
    let attachments = view["attachments"].as_array().unwrap();
    assert_eq!(attachments.len(), 1, "{view:#}");
    let attached = &attachments[0];
    assert_eq!(attached["content_type"], "message/rfc822");
    assert_eq!(attached["transfer_encoding"], "7bit");
    assert_eq!(attached["filename"], "invoice.eml");
    let received: Vec<_> = attached["headers"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|h| h[0] == "Received")
        .collect();
    assert_eq!(
        received.len(),
        2,
        "both Received headers survive: {attached:#}"
    );

    let body = view["body"]
        .as_str()
        .unwrap()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    for needle in [
        "invoice.eml, received 27 November 2026, 08:14 UTC",
        "hxxps://northwind-login[.]example/pay?id=7",
        "Our customers among the recipients: 1; our test accounts",
    ] {
        assert!(body.contains(needle), "missing {needle:?} in {body}");
    }
    assert!(!body.contains("https://northwind-login.example"), "{body}");

    // Only an abuse report takes messages; a text that is no message is refused.
    let refused = common::linger()
        .args([
            "-f",
            fixture.to_str().unwrap(),
            "--today",
            TODAY,
            "letter",
            "surveyly",
        ])
        .arg("--message")
        .arg(&addresses)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&refused.stderr).contains("goes with an abuse or registrar report")
    );
}
