//! The breach notification to our own authority (`breach-notification`):
//! Art. 33(3)'s four items (or the cited law's list) filled from the
//! incident, what linger cannot know left as a marked blank, a late first
//! notification with a blank for the reasons, a further notification that
//! cites the first, in each language, addressed to the authority for the
//! organization's own law, and refused where no such notification exists.

mod common;

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use common::date;
use linger::inventory::{Authority, Inventory, Language, Law, parse};
use linger::letters::breach_notification::{
    Earlier, Notification, Request, Step, StepKind, compose, context,
};
use linger::letters::{ComposeError, Kind, Letter, LetterError, builtin};

const LANGUAGES: [Language; 3] = [Language::En, Language::De, Language::Nb];

/// The letters fixture (Northwind Analytics AS, GDPR, Datatilsynet), under
/// `law`, with an authority for every law.
fn inventory_under(law: Law) -> Inventory {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/letters/vendors.toml");
    let mut inventory = parse(&std::fs::read_to_string(path).unwrap(), date("2026-11-28")).unwrap();
    inventory.organization.law = law;
    inventory.organization.authorities = Law::ALL
        .iter()
        .map(|law| {
            (
                *law,
                Authority {
                    name: format!("Authority for {law}"),
                    email: format!("{law}@authority.example"),
                    language: None,
                },
            )
        })
        .collect();
    inventory
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// The seed's incident: phishing from a lookalike domain, traced to
/// Surveyly, reported to the bulk-mail service, which suspended the sender.
fn facts() -> Notification {
    Notification {
        incident: "2026-11-phish".into(),
        aware: at("2026-11-27T09:30:00+01:00"),
        description: Some("Customers received phishing e-mails with fake invoices.".into()),
        vendors: vec!["Surveyly GmbH".into()],
        phishing_domains: vec!["northwind-login.example".into()],
        services: vec!["BulkMail Ltd".into()],
        people: Some(1240),
        records: Some(23150),
        categories: vec!["contact.email".into(), "contact.name".into()],
        steps: vec![
            Step {
                on: day("2026-11-27"),
                kind: StepKind::Reported,
                party: Some("abuse@bulkmail.example".into()),
                count: None,
            },
            Step {
                on: day("2026-11-28"),
                kind: StepKind::Acted,
                party: Some("BulkMail Ltd".into()),
                count: None,
            },
        ],
        first: None,
    }
}

/// Written at `now`, on its day.
fn write(
    inventory: &Inventory,
    facts: &Notification,
    language: Language,
    now: &str,
    follow_up: bool,
) -> Result<Letter, LetterError> {
    let now = at(now).with_timezone(&Utc);
    let request = Request {
        inventory,
        notification: facts,
        language,
        today: now.date_naive(),
        now,
        follow_up,
    };
    match compose(&request, &builtin(Kind::BreachNotification, language)) {
        Ok(letter) => Ok(letter),
        Err(ComposeError::Letter(err)) => Err(err),
        Err(ComposeError::Template(err)) => panic!("{language}: {:?}", err.diagnostic),
    }
}

fn flat(letter: &Letter) -> String {
    format!("{}\n{}", letter.subject, letter.body)
        .replace('\u{a0}', " ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

const IN_TIME: &str = "2026-11-28T10:00:00+01:00";
const LATE: &str = "2026-12-01T10:00:00+01:00";

#[test]
fn the_gdpr_notification_fills_article_33_3_from_the_incident() {
    let inventory = inventory_under(Law::Gdpr);
    let letter = write(&inventory, &facts(), Language::En, IN_TIME, false).unwrap();
    assert_eq!(letter.to.email, "gdpr@authority.example");
    assert_eq!(letter.kind, Kind::BreachNotification);
    assert_eq!(
        letter.subject,
        "Notification of a personal data breach, Northwind Analytics AS (incident 2026-11-phish)"
    );
    let body = flat(&letter);
    for needle in [
        "became aware of the incident described below on 27 November 2026, 09:30 (UTC+01:00)",
        "without undue delay and, where feasible, not later than 72 hours after having become aware of it",
        // (a): the nature, with the categories and numbers
        "(a) The nature of the personal data breach: Customers received phishing e-mails",
        "sent from northwind-login[.]example",
        "through BulkMail Ltd",
        "come from a processor of ours: Surveyly GmbH",
        "Approximate number of data subjects concerned: 1,240",
        "Categories of personal data records concerned: e-mail addresses and names",
        "Approximate number of personal data records concerned: 23,150",
        // (b): the contact point
        "(b) The data protection officer or other contact point where more information can be obtained: Kari Nordmann, Data Protection Officer, privacy@northwind.example",
        // (c): what linger cannot know
        "(c) The likely consequences of the personal data breach: [TO FILL IN:",
        // (d): what the incident records, then a blank for the rest
        "- on 27 November 2026, we reported the sender to abuse@bulkmail.example;",
        "- on 28 November 2026, BulkMail Ltd acted on our report;",
        "- [TO FILL IN: any other measure taken or proposed",
        // Art. 33(4), for what is not known yet
        "Article 33(4) GDPR allows it to be provided in phases without undue further delay",
    ] {
        assert!(body.contains(needle), "missing {needle:?}:\n{body}");
    }
    // A link to the phishing domain never.
    assert!(!body.contains("northwind-login.example"), "{body}");
    // In time: no word of a delay.
    assert!(!body.contains("Reasons for the delay"), "{body}");
    // The blanks: the categories of data subjects, the consequences, the
    // other measures; nothing else is left open.
    assert_eq!(body.matches("[TO FILL IN").count(), 3, "{body}");
}

#[test]
fn what_the_incident_does_not_record_is_a_marked_blank_never_invented() {
    let inventory = inventory_under(Law::Gdpr);
    let bare = Notification {
        description: None,
        vendors: Vec::new(),
        phishing_domains: Vec::new(),
        services: Vec::new(),
        people: None,
        records: None,
        categories: Vec::new(),
        steps: Vec::new(),
        ..facts()
    };
    for (language, blank) in [
        (Language::En, "[TO FILL IN"),
        (Language::De, "[AUSZUFÜLLEN"),
        (Language::Nb, "[FYLL INN"),
    ] {
        let letter = write(&inventory, &bare, language, IN_TIME, false).unwrap();
        let body = flat(&letter);
        // What happened, the categories of people, their number, the
        // categories of records, their number, the consequences, the
        // measures.
        assert_eq!(body.matches(blank).count(), 7, "{language}: {body}");
        assert!(!body.contains("phishing"), "{language}: {body}");
        assert!(
            !body.to_lowercase().contains("surveyly"),
            "{language}: {body}"
        );
    }
    // Without a signatory, the contact point is a blank too.
    let mut unsigned = inventory_under(Law::Gdpr);
    unsigned.organization.signatory = None;
    let body = flat(&write(&unsigned, &facts(), Language::En, IN_TIME, false).unwrap());
    assert!(
        body.contains("[TO FILL IN: the name of the data protection officer or other contact point], privacy@northwind.example"),
        "{body}"
    );
}

#[test]
fn a_notification_after_72_hours_leaves_a_blank_for_the_reasons_for_the_delay() {
    let inventory = inventory_under(Law::Gdpr);
    // 72 hours after 27 November, 09:30 (UTC+01:00) is 30 November, 09:30.
    let on_the_hour = write(
        &inventory,
        &facts(),
        Language::En,
        "2026-11-30T09:30:00+01:00",
        false,
    )
    .unwrap();
    assert!(!flat(&on_the_hour).contains("Reasons for the delay"));
    for (language, needle) in [
        (
            Language::En,
            "Reasons for the delay: Where the notification to the supervisory authority is not made within 72 hours, Article 33(1) GDPR requires it to be accompanied by reasons for the delay. [TO FILL IN: why this notification was not made by 30 November 2026, 09:30 (UTC+01:00)]",
        ),
        (
            Language::De,
            "so ist ihr nach Art. 33 Abs. 1 DSGVO eine Begründung für die Verzögerung beizufügen. [AUSZUFÜLLEN: warum diese Meldung nicht bis zum 30. November 2026, 09:30 (UTC+01:00) erfolgt ist]",
        ),
        (
            Language::Nb,
            "skal den etter personvernforordningen artikkel 33 nr. 1 ledsages av en begrunnelse for forsinkelsen. [FYLL INN: hvorfor denne meldingen ikke ble sendt innen 30. november 2026, 09:30 (UTC+01:00)]",
        ),
    ] {
        let late = write(&inventory, &facts(), language, LATE, false).unwrap();
        let body = flat(&late);
        assert!(body.contains(needle), "{language}: {body}");
    }
    // PIPEDA sets no hours and asks for no reasons.
    let pipeda = write(
        &inventory_under(Law::Pipeda),
        &facts(),
        Language::En,
        LATE,
        false,
    )
    .unwrap();
    assert!(!flat(&pipeda).contains("delay"), "{}", flat(&pipeda));
}

#[test]
fn a_further_notification_cites_the_first_by_date_and_reference() {
    let inventory = inventory_under(Law::Gdpr);
    let notified = Notification {
        first: Some(Earlier {
            on: day("2026-11-28"),
            reference: Some("DT-26/04411".into()),
        }),
        ..facts()
    };
    for (language, subject, cites) in [
        (
            Language::En,
            "Further information: Notification of a personal data breach",
            "This notification adds to our notification of 28 November 2026 (your reference DT-26/04411) about the same incident. Where, and in so far as, it is not possible to provide the information at the same time, Article 33(4) GDPR allows it to be provided in phases",
        ),
        (
            Language::De,
            "Ergänzung: Meldung einer Verletzung des Schutzes personenbezogener Daten",
            "Diese Meldung ergänzt unsere Meldung vom 28. November 2026 (Ihr Aktenzeichen DT-26/04411) zu demselben Vorfall.",
        ),
        (
            Language::Nb,
            "Tilleggsopplysninger: Melding om brudd på personopplysningssikkerheten",
            "Denne meldingen utfyller meldingen vår av 28. november 2026 (deres referanse DT-26/04411) om den samme hendelsen.",
        ),
    ] {
        // Late as it is, a further notification gives no reasons again.
        let letter = write(&inventory, &notified, language, LATE, true).unwrap();
        let body = flat(&letter);
        assert!(
            letter.subject.starts_with(subject),
            "{language}: {}",
            letter.subject
        );
        assert!(body.contains(cites), "{language}: {body}");
        for delay in [
            "Reasons for the delay",
            "Begründung für die Verzögerung:",
            "Begrunnelse for forsinkelsen:",
        ] {
            assert!(!body.contains(delay), "{language}: {body}");
        }
    }
    // A further one needs a first, and a first is written once.
    match write(&inventory, &facts(), Language::En, LATE, true) {
        Err(LetterError::Missing { message, help }) => {
            assert!(
                message.contains("has no `authority-notified` event"),
                "{message}"
            );
            assert!(
                help.contains("linger incident mark 2026-11-phish authority-notified"),
                "{help}"
            );
        }
        other => panic!("{other:?}"),
    }
    match write(&inventory, &notified, Language::En, LATE, false) {
        Err(LetterError::Missing { message, help }) => {
            assert!(
                message.contains("was notified to the authority on 2026-11-28"),
                "{message}"
            );
            assert!(help.contains("--follow-up"), "{help}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn each_law_gets_its_own_list_and_its_own_authority() {
    // PIPEDA: the Breach of Security Safeguards Regulations s. 2(1), (a) to (g),
    // in PIPEDA's words, never the GDPR's.
    let pipeda = write(
        &inventory_under(Law::Pipeda),
        &facts(),
        Language::En,
        IN_TIME,
        false,
    )
    .unwrap();
    assert_eq!(pipeda.to.email, "pipeda@authority.example");
    let body = flat(&pipeda);
    for needle in [
        "Report of a breach of security safeguards",
        "real risk of significant harm",
        "as soon as feasible after the organization determines that the breach has occurred",
        "(a) The circumstances of the breach and, if known, its cause:",
        "(b) The day on which, or the period during which, the breach occurred: [TO FILL IN",
        "(c) The personal information that is the subject of the breach: e-mail addresses and names.",
        "(d) The number of individuals affected: about 1,240.",
        "(e) The steps we have taken to reduce the risk of harm",
        "(f) The steps we have taken or intend to take to notify the affected individuals:",
        "(g) The person who can answer your questions about the breach on our behalf: Kari Nordmann",
        "Under section 2(2) of the Breach of Security Safeguards Regulations, an organization may submit to the Commissioner any new information",
    ] {
        assert!(body.contains(needle), "pipeda: missing {needle:?}:\n{body}");
    }
    for word in ["controller", "processor", "personal data"] {
        assert!(!body.contains(word), "pipeda says {word:?}: {body}");
    }
    // LGPD: Art. 48, §1, I to VI; the reasons for a delay asked for unless
    // the communication was immediate, firmly once three business days
    // have passed.
    let lgpd = inventory_under(Law::Lgpd);
    let body = flat(&write(&lgpd, &facts(), Language::En, IN_TIME, false).unwrap());
    for needle in [
        "Communication of a security incident",
        "Article 6 of Resolution CD/ANPD No. 15/2024 sets three business days",
        "I. The nature of the personal data affected: e-mail addresses and names.",
        "II. The data subjects involved: about 1,240, about 23,150 records.",
        "III. The technical and security measures used to protect the data: [TO FILL IN",
        "IV. The risks related to the incident: [TO FILL IN",
        "V. The reasons for the delay: [TO FILL IN, if this communication was not immediate",
        "VI. The measures that were or will be adopted",
    ] {
        assert!(body.contains(needle), "lgpd: missing {needle:?}:\n{body}");
    }
    // Three business days after Friday 27 November: Mon 30, Tue 1, Wed 2.
    let late = flat(
        &write(
            &lgpd,
            &facts(),
            Language::En,
            "2026-12-03T08:00:00+01:00",
            false,
        )
        .unwrap(),
    );
    assert!(
        late.contains("Article 48, §1, V LGPD requires the communication to mention the reasons for the delay where it was not immediate. [TO FILL IN: why this communication was not made by 3 December 2026, 00:00 (UTC+01:00)]"),
        "{late}"
    );
    // The UK GDPR names the Commissioner.
    let uk = flat(
        &write(
            &inventory_under(Law::UkGdpr),
            &facts(),
            Language::En,
            IN_TIME,
            false,
        )
        .unwrap(),
    );
    assert!(
        uk.contains("to notify it to the Commissioner without undue delay"),
        "{uk}"
    );
}

#[test]
fn no_notification_is_written_where_the_law_has_none_or_no_authority_is_named() {
    // California asks for a sample copy of the residents' notice for the
    // Attorney General, not a letter to an authority.
    match write(
        &inventory_under(Law::Ccpa),
        &facts(),
        Language::En,
        IN_TIME,
        false,
    ) {
        Err(LetterError::Missing { message, help }) => {
            assert!(message.contains("Cal. Civ. Code §1798.82(f)"), "{message}");
            assert!(
                message.contains("more than 500 California residents"),
                "{message}"
            );
            assert!(help.contains("--kind customer-notice"), "{help}");
        }
        other => panic!("{other:?}"),
    }
    match write(
        &inventory_under(Law::Contract),
        &facts(),
        Language::En,
        IN_TIME,
        false,
    ) {
        Err(LetterError::Missing { message, .. }) => {
            assert!(
                message.contains("no authority oversees a contract"),
                "{message}"
            )
        }
        other => panic!("{other:?}"),
    }
    let mut none = inventory_under(Law::Gdpr);
    none.organization.authorities.clear();
    match write(&none, &facts(), Language::En, IN_TIME, false) {
        Err(LetterError::Missing { message, help }) => {
            assert!(message.contains("no authority for `gdpr`"), "{message}");
            assert!(help.contains("[organization.authority.gdpr]"), "{help}");
        }
        other => panic!("{other:?}"),
    }
}

#[test]
fn the_notification_is_written_in_every_language_without_a_hole() {
    for law in [Law::Gdpr, Law::UkGdpr, Law::Lgpd, Law::Pipeda] {
        let inventory = inventory_under(law);
        for language in LANGUAGES {
            for (now, follow_up) in [(IN_TIME, false), (LATE, false), (LATE, true)] {
                let facts = Notification {
                    first: follow_up.then(|| Earlier {
                        on: day("2026-11-28"),
                        reference: None,
                    }),
                    ..facts()
                };
                let letter = write(&inventory, &facts, language, now, follow_up)
                    .unwrap_or_else(|err| panic!("{law} {language}: {err}"));
                let what = format!("{law} {language} {now} {follow_up}");
                assert!(!letter.body.contains("{{"), "{what}: {}", letter.body);
                // A double space is a part left out; a list item's hanging
                // indent is not one.
                assert!(
                    !letter.body.lines().any(|l| l.trim_start().contains("  ")),
                    "{what}: {}",
                    letter.body
                );
                assert!(
                    !letter.body.to_lowercase().contains("none"),
                    "{what}: {}",
                    letter.body
                );
                assert!(letter.body.contains("Northwind Analytics AS"), "{what}");
                assert!(letter.body.contains("2026-11-phish"), "{what}");
                for line in letter.body.lines() {
                    assert!(line.chars().count() <= 72, "{what}: {line}");
                }
            }
        }
    }
}

#[test]
fn every_notification_variable_is_in_docs_letters() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/letters.md"))
            .unwrap();
    let inventory = inventory_under(Law::Gdpr);
    let facts = Notification {
        first: Some(Earlier {
            on: day("2026-11-28"),
            reference: Some("X".into()),
        }),
        ..facts()
    };
    let now = Utc.with_ymd_and_hms(2026, 11, 29, 12, 0, 0).unwrap();
    let ctx = context(&Request {
        inventory: &inventory,
        notification: &facts,
        language: Language::En,
        today: now.date_naive(),
        now,
        follow_up: true,
    });
    let value = serde_json::to_value(&ctx).unwrap();
    let vars = value["notification"].as_object().unwrap();
    assert!(vars.len() > 10);
    for (name, value) in vars {
        assert!(
            docs.contains(&format!("| `notification.{name}` |")),
            "docs/letters.md does not list `notification.{name}`"
        );
        if let Some(first) = value
            .as_object()
            .or(value.as_array().and_then(|a| a.first()?.as_object()))
        {
            let sep = if value.is_array() { "[]." } else { "." };
            for inner in first.keys() {
                assert!(
                    docs.contains(&format!("| `notification.{name}{sep}{inner}` |")),
                    "docs/letters.md does not list `notification.{name}{sep}{inner}`"
                );
            }
        }
    }
}
