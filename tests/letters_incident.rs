//! The breach notification to our own authority (`breach-notification`):
//! Art. 33(3)'s four items (or the cited law's list) filled from the
//! incident, what linger cannot know left as a marked blank, a late first
//! notification with a blank for the reasons, a further notification that
//! cites the first, in each language, addressed to the authority for the
//! organization's own law, and refused where no such notification exists;
//! then the commands: `letter --incident`, and `send --incident` against a
//! real SMTP server on 127.0.0.1, recording `authority-notified`.

mod common;

use std::path::Path;

use chrono::{DateTime, FixedOffset, NaiveDate, TimeZone, Utc};

use common::date;
use linger::inventory::{Inventory, Language, Law, parse};
use linger::letters::breach_notification::{
    self, Earlier, Notification, Request, compose, context,
};
use linger::letters::{ComposeError, Kind, Letter, LetterError, builtin};

const LANGUAGES: [Language; 3] = [Language::En, Language::De, Language::Nb];

/// The seed's incident: phishing from a lookalike domain, traced to
/// Surveyly, reported to the bulk-mail service, which suspended the sender.
const INCIDENT: &str = r#"
[[incident]]
id = "2026-11-phish"
aware = 2026-11-27T09:30:00+01:00
vendors = ["surveyly"]
phishing_domains = ["northwind-login.example"]
senders = ["BulkMail Ltd"]
people = 1240
records = 23150
data = ["contact.email", "contact.name"]
description = "Customers received phishing e-mails with fake invoices."

[[incident.event]]
on = 2026-11-27
kind = "reported"
party = "service"
to = "abuse@bulkmail.example"
target = "news@bulkmail-sender.example"

[[incident.event]]
on = 2026-11-28
kind = "acted"
to = "BulkMail Ltd"
target = "news@bulkmail-sender.example"
"#;

/// The letters fixture (Northwind Analytics AS, GDPR, Datatilsynet) with
/// the incident, under `law`, with an authority for every law.
fn inventory_under(law: Law) -> Inventory {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/letters/vendors.toml");
    let text = std::fs::read_to_string(path).unwrap() + INCIDENT;
    let mut inventory = parse(&text, date("2026-11-28")).unwrap();
    inventory.organization.law = law;
    inventory.organization.authorities = common::every_authority();
    inventory
}

fn at(text: &str) -> DateTime<FixedOffset> {
    DateTime::parse_from_rfc3339(text).unwrap()
}

fn day(text: &str) -> NaiveDate {
    text.parse().unwrap()
}

/// What the letter is written from: the incident, under the inventory's
/// law (its clock too).
fn facts_of(inventory: &Inventory) -> Notification {
    breach_notification::facts(inventory, &inventory.incidents[0])
}

/// Written at `now`, on its day.
fn write(
    inventory: &Inventory,
    facts: Option<&Notification>,
    language: Language,
    now: &str,
    follow_up: bool,
) -> Result<Letter, LetterError> {
    let now = at(now).with_timezone(&Utc);
    let own = facts_of(inventory);
    let request = Request {
        inventory,
        notification: facts.unwrap_or(&own),
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
    let letter = write(&inventory, None, Language::En, IN_TIME, false).unwrap();
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
        // (d): "including, where appropriate", as Art. 33(3)(d) says; what
        // the incident records, then a blank for the rest
        "(d) The measures taken or proposed to address the breach, including, where appropriate, measures to mitigate its possible adverse effects:",
        "- on 27 November 2026, we reported news@bulkmail-sender[.]example to abuse@bulkmail.example;",
        "- on 28 November 2026, BulkMail Ltd acted on our report about news@bulkmail-sender[.]example;",
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
        ..facts_of(&inventory)
    };
    for (language, blank) in [
        (Language::En, "[TO FILL IN"),
        (Language::De, "[AUSZUFÜLLEN"),
        (Language::Nb, "[FYLL INN"),
    ] {
        let letter = write(&inventory, Some(&bare), language, IN_TIME, false).unwrap();
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
    let body = flat(&write(&unsigned, None, Language::En, IN_TIME, false).unwrap());
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
        None,
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
            "skal årsakene til forsinkelsen etter personvernforordningen artikkel 33 nr. 1 oppgis. [FYLL INN: hvorfor denne meldingen ikke ble sendt innen 30. november 2026, 09:30 (UTC+01:00)]",
        ),
    ] {
        let late = write(&inventory, None, language, LATE, false).unwrap();
        let body = flat(&late);
        assert!(body.contains(needle), "{language}: {body}");
    }
    // PIPEDA sets no hours and asks for no reasons.
    let pipeda = write(
        &inventory_under(Law::Pipeda),
        None,
        Language::En,
        LATE,
        false,
    )
    .unwrap();
    assert!(!flat(&pipeda).contains("delay"), "{}", flat(&pipeda));
}

/// The Norwegian notification says of Art. 33(1) only the words
/// Datatilsynet quotes, and names Art. 33(4) without paraphrasing a text
/// linger could not read.
#[test]
fn the_norwegian_notification_keeps_to_the_words_it_could_check() {
    let inventory = inventory_under(Law::Gdpr);
    let body = flat(&write(&inventory, None, Language::Nb, IN_TIME, false).unwrap());
    for needle in [
        "uten ugrunnet opphold og når det er mulig, senest 72 timer etter å ha fått kjennskap til det, melde bruddet til tilsynsmyndigheten, med mindre bruddet sannsynligvis ikke vil medføre en risiko for fysiske personers rettigheter og friheter.",
        "Personvernforordningen artikkel 33 nr. 4 gjelder opplysninger som ikke kan gis samtidig. Det vi ennå ikke vet, sender vi så snart vi vet det.",
        "og eventuelt tiltak for å redusere dets mulige skadevirkninger:",
    ] {
        assert!(body.contains(needle), "missing {needle:?}:\n{body}");
    }
    assert!(!body.contains("trinnvis"), "{body}");
    let late = flat(&write(&inventory, None, Language::Nb, LATE, false).unwrap());
    assert!(
        late.contains("Dersom bruddet ikke meldes til tilsynsmyndigheten innen 72 timer, skal årsakene til forsinkelsen etter personvernforordningen artikkel 33 nr. 1 oppgis."),
        "{late}"
    );
}

#[test]
fn a_further_notification_cites_the_first_by_date_and_reference() {
    let inventory = inventory_under(Law::Gdpr);
    let notified = Notification {
        first: Some(Earlier {
            on: day("2026-11-28"),
            reference: Some("DT-26/04411".into()),
            message_id: None,
        }),
        ..facts_of(&inventory)
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
        let letter = write(&inventory, Some(&notified), language, LATE, true).unwrap();
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
    match write(&inventory, None, Language::En, LATE, true) {
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
    match write(&inventory, Some(&notified), Language::En, LATE, false) {
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
        None,
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
    let body = flat(&write(&lgpd, None, Language::En, IN_TIME, false).unwrap());
    for needle in [
        "Communication of a security incident",
        "Article 6 of Resolution CD/ANPD No. 15/2024 sets three business days",
        // Art. 6 caput: "ressalvada a existência de prazo ... previsto em
        // legislação específica".
        "affected personal data, unless specific legislation sets another time for it.",
        "I. The nature of the personal data affected: e-mail addresses and names.",
        "II. The data subjects involved: about 1,240, about 23,150 records.",
        "III. The technical and security measures used to protect the data: [TO FILL IN",
        "IV. The risks related to the incident: [TO FILL IN",
        "V. The reasons for the delay: [TO FILL IN, if this communication was not immediate",
        "VI. The measures that were or will be adopted",
        // Art. 6 §2 of the Resolution lists more than Art. 48 §1: what the
        // incident knows, then one blank for the rest.
        "Article 6, §2 of Resolution CD/ANPD No. 15/2024 also lists the date on which we learned of the incident (27 November 2026, 09:30 (UTC+01:00)) and: [TO FILL IN: the date of the incident, where it can be determined;",
    ] {
        assert!(body.contains(needle), "lgpd: missing {needle:?}:\n{body}");
    }
    // German: Art. 48 §1 III names technical and security measures, not
    // organizational ones.
    let de = flat(&write(&lgpd, None, Language::De, IN_TIME, false).unwrap());
    assert!(
        de.contains("III. Die technischen und Sicherheitsmaßnahmen, die zum Schutz der Daten verwendet wurden:"),
        "{de}"
    );
    assert!(!de.contains("organisatorisch"), "{de}");
    // Three business days after Friday 27 November: Mon 30, Tue 1, Wed 2,
    // counted in the organization's time zone (UTC: it names no country).
    let late = flat(
        &write(
            &lgpd,
            None,
            Language::En,
            "2026-12-03T08:00:00+01:00",
            false,
        )
        .unwrap(),
    );
    assert!(
        late.contains("Article 48, §1, V LGPD requires the communication to mention the reasons for the delay where it was not immediate. [TO FILL IN: why this communication was not made by 3 December 2026, 01:00 (UTC+01:00)]"),
        "{late}"
    );
    // The UK GDPR names the Commissioner.
    let uk = flat(
        &write(
            &inventory_under(Law::UkGdpr),
            None,
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
        None,
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
        None,
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
    match write(&none, None, Language::En, IN_TIME, false) {
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
                        message_id: Some(
                            "<20261128.breach-notification.1@northwind.example>".into(),
                        ),
                    }),
                    ..facts_of(&inventory)
                };
                let letter = write(&inventory, Some(&facts), language, now, follow_up)
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
            message_id: Some("<1@northwind.example>".into()),
        }),
        ..facts_of(&inventory)
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

// The commands, as a user runs them: `letter --incident` drafts it, `send
// --incident` refuses one with a blank left in, sends a complete one to a
// real SMTP server on 127.0.0.1 and records it on the incident.

mod commands {
    use std::path::{Path, PathBuf};
    use std::process::Output;

    use super::common::smtp::{Options, Server};
    use super::common::{self, text};

    const PASSWORD: &str = "correct-horse-battery-staple-7731";

    fn inventory(smtp_port: u16) -> String {
        format!(
            r#"schema = 1

[organization]
name = "Northwind Analytics AS"
email = "privacy@northwind.example"
signatory = "Kari Nordmann, Data Protection Officer"
law = "gdpr"
country = "NO"
authority = {{ name = "Datatilsynet", email = "postkasse@datatilsynet.example" }}

[smtp]
host = "127.0.0.1"
port = {smtp_port}
username = "linger"
security = "none"

[[vendor]]
id = "surveyly"
name = "Surveyly GmbH"
privacy_email = "datenschutz@surveyly.example"
used_from = 2019-03-01
retired_on = 2026-06-30
data = ["contact.email"]
{}"#,
            super::INCIDENT
        )
    }

    /// A template of the organization's own, with every blank filled in.
    const FILLED: &str = "Subject: Notification of a personal data breach (incident {{ notification.incident }})\n\n\
        Dear {{ authority.name }},\n\n{{ law.notification }}\n\n\
        {% if notification.follow_up %}This adds to our notification of {{ notification.first.date }}, our message {{ notification.first.message_id }}.\n\n{% endif %}\
        (a) {{ notification.description }} About {{ notification.people }} people.\n\n\
        (b) {{ organization.signatory }}, {{ organization.email }}.\n\n\
        (c) More phishing in our name.\n\n\
        (d) {% for step in notification.steps %}On {{ step.date }}: {{ step.kind }}. {% endfor %}\n\n\
        {{ organization.name }}\n";

    fn workspace(server: &Server) -> (tempfile::TempDir, PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vendors.toml");
        std::fs::write(&path, inventory(server.port)).unwrap();
        (dir, path)
    }

    fn run(dir: &Path, now: &str, args: &[&str]) -> Output {
        common::linger()
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
            .env("LINGER_SMTP_PASSWORD", PASSWORD)
            .env("LINGER_TODAY", now)
            .current_dir(dir)
            .args(args)
            .output()
            .unwrap()
    }

    fn server() -> Server {
        Server::start(Options {
            login: Some(("linger".into(), PASSWORD.into())),
            ..Options::default()
        })
    }

    #[test]
    fn letter_drafts_the_notification_to_the_organizations_authority() {
        let server = server();
        let (dir, _) = workspace(&server);
        let out = run(
            dir.path(),
            "2026-11-28T10:00:00+01:00",
            &["letter", "--incident", "2026-11-phish"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        let stdout = text(&out.stdout);
        assert!(
            stdout.contains("To: Datatilsynet <postkasse@datatilsynet.example>"),
            "{stdout}"
        );
        assert!(stdout.contains("Article 33(3) GDPR"), "{stdout}");
        assert!(stdout.contains("Surveyly GmbH"), "{stdout}");
        let stderr = text(&out.stderr);
        assert!(
            stderr.contains(
                "note: the notification holds 3 marked blanks ([TO FILL IN: e.g. customers])"
            ),
            "{stderr}"
        );
        // Late, in Norwegian, to the same authority.
        let out = run(
            dir.path(),
            "2026-12-01T10:00:00+01:00",
            &["letter", "--incident", "2026-11-phish", "--lang", "nb"],
        );
        assert!(
            text(&out.stdout).contains("Begrunnelse for forsinkelsen"),
            "{}",
            text(&out.stdout)
        );

        // Wrong shapes say what to do.
        for (args, needle) in [
            (
                &["letter", "--kind", "breach-notification", "surveyly"][..],
                "about an incident, not a vendor",
            ),
            (
                &["letter", "--incident", "2026-11-phis"][..],
                "did you mean `2026-11-phish`?",
            ),
            (
                &["letter", "--incident", "2026-11-phish", "--kind", "request"][..],
                "writes a breach-notification, not a request",
            ),
            (
                &["letter", "--incident", "2026-11-phish", "--follow-up"][..],
                "has no `authority-notified` event",
            ),
        ] {
            let out = run(dir.path(), "2026-11-28T10:00:00+01:00", args);
            assert_eq!(
                out.status.code(),
                Some(2),
                "{args:?}: {}",
                text(&out.stderr)
            );
            assert!(
                text(&out.stderr).contains(needle),
                "{args:?}: {}",
                text(&out.stderr)
            );
        }
    }

    #[test]
    fn send_refuses_a_notification_with_a_blank_left_in() {
        let server = server();
        let (dir, path) = workspace(&server);
        let before = std::fs::read(&path).unwrap();
        let out = run(
            dir.path(),
            "2026-11-28T10:00:00+01:00",
            &["send", "--incident", "2026-11-phish"],
        );
        assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
        let stderr = text(&out.stderr);
        assert!(stderr.contains("still holds 3 marked blanks"), "{stderr}");
        assert!(
            stderr.contains("letters/breach-notification.en.txt"),
            "{stderr}"
        );
        assert!(server.received().is_empty());
        assert_eq!(std::fs::read(&path).unwrap(), before);
    }

    #[test]
    fn send_sends_the_notification_and_records_it_on_the_incident() {
        let server = server();
        let (dir, path) = workspace(&server);
        std::fs::create_dir(dir.path().join("letters")).unwrap();
        std::fs::write(
            dir.path().join("letters/breach-notification.en.txt"),
            FILLED,
        )
        .unwrap();
        let out = run(
            dir.path(),
            "2026-11-28T10:00:00+01:00",
            &["send", "--incident", "2026-11-phish"],
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(!text(&out.stderr).contains(PASSWORD));

        let received = server.received();
        assert_eq!(received.len(), 1);
        let message = &received[0];
        assert!(
            message
                .to
                .contains(&"postkasse@datatilsynet.example".to_string()),
            "{:?}",
            message.to
        );
        assert!(
            message
                .to
                .contains(&"privacy@northwind.example".to_string()),
            "the organization's copy: {:?}",
            message.to
        );
        let data = message.data.clone();
        assert!(
            data.contains(
                "Subject: Notification of a personal data breach (incident 2026-11-phish)"
            ),
            "{data}"
        );
        let message_id = data
            .split("\r\n")
            .find_map(|l| l.strip_prefix("Message-ID: "))
            .unwrap()
            .to_string();

        // The step, with what went where, and the copy kept as evidence.
        let inventory = linger::inventory::parse(
            &std::fs::read_to_string(&path).unwrap(),
            common::date("2026-11-28"),
        )
        .unwrap();
        let event = inventory.incidents[0]
            .first(linger::inventory::IncidentEventKind::AuthorityNotified)
            .expect("an authority-notified step");
        assert_eq!(event.on.value.to_string(), "2026-11-28T10:00:00+01:00");
        assert_eq!(event.to.as_deref(), Some("postkasse@datatilsynet.example"));
        assert_eq!(event.letter.as_deref(), Some("breach-notification"));
        assert_eq!(event.message_id.as_deref(), Some(message_id.as_str()));
        let evidence = &event.evidence.as_ref().unwrap().value;
        assert_eq!(
            evidence,
            "evidence/2026-11-phish/2026-11-28-breach-notification-sent.eml"
        );
        let kept = std::fs::read(dir.path().join(evidence)).unwrap();
        assert_eq!(
            event.evidence_sha256.as_ref().unwrap().value,
            linger::inventory::sha256_bytes(&kept)
        );
        assert!(String::from_utf8_lossy(&kept).contains(&message_id));

        // A first notification is sent once; the next one adds to it.
        let again = run(
            dir.path(),
            "2026-11-29T10:00:00+01:00",
            &["send", "--incident", "2026-11-phish"],
        );
        assert_eq!(again.status.code(), Some(2));
        assert!(
            text(&again.stderr).contains("--follow-up"),
            "{}",
            text(&again.stderr)
        );
        assert_eq!(server.received().len(), 1);
        let follow = run(
            dir.path(),
            "2026-11-29T10:00:00+01:00",
            &["letter", "--incident", "2026-11-phish", "--follow-up"],
        );
        assert_eq!(follow.status.code(), Some(0), "{}", text(&follow.stderr));
        // On one line, as the wrapping may break it anywhere.
        let stdout = text(&follow.stdout).replace('\u{a0}', " ");
        let flat = stdout.split_whitespace().collect::<Vec<_>>().join(" ");
        assert!(
            flat.contains(&format!(
                "This adds to our notification of 28 November 2026, our message {message_id}."
            )),
            "{stdout}"
        );
    }

    #[test]
    fn a_refused_notification_records_nothing_and_a_dry_run_sends_nothing() {
        let server = Server::start(Options {
            login: Some(("linger".into(), PASSWORD.into())),
            refuse: vec!["postkasse@datatilsynet.example".into()],
            ..Options::default()
        });
        let (dir, path) = workspace(&server);
        std::fs::create_dir(dir.path().join("letters")).unwrap();
        std::fs::write(
            dir.path().join("letters/breach-notification.en.txt"),
            FILLED,
        )
        .unwrap();
        let before = std::fs::read(&path).unwrap();
        let now = "2026-11-28T10:00:00+01:00";
        let dry = run(
            dir.path(),
            now,
            &["send", "--incident", "2026-11-phish", "--dry-run"],
        );
        assert_eq!(dry.status.code(), Some(0), "{}", text(&dry.stderr));
        let stdout = text(&dry.stdout);
        assert!(
            stdout.contains("== 2026-11-phish: breach-notification (not sent)"),
            "{stdout}"
        );
        assert!(
            stdout.contains("RCPT TO:<postkasse@datatilsynet.example>"),
            "{stdout}"
        );
        let refused = run(dir.path(), now, &["send", "--incident", "2026-11-phish"]);
        assert_eq!(refused.status.code(), Some(2));
        let stderr = text(&refused.stderr);
        assert!(stderr.contains("nothing was recorded"), "{stderr}");
        assert_eq!(std::fs::read(&path).unwrap(), before);
        assert!(!dir.path().join("evidence").exists());
    }
}
