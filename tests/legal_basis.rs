//! What each letter cites, per law and per kind: exactly the provisions of
//! docs/letters.md's "Legal basis" table, none of the ones a review found
//! overstated, and every escalation addressed to the authority for the
//! vendor's law (or refused, naming the key to add).

mod common;

use std::path::Path;

use common::date;
use linger::inventory::{Inventory, Language, Law, parse};
use linger::letters::{
    self, ComposeError, Incident, Kind, Letter, LetterError, Request, builtin, compose,
};

const TODAY: &str = "2026-11-28";

/// A vendor with a request, an acknowledgement and a reminder, so every
/// kind applies to it, put under `law`.
fn inventory_under(law: Law) -> Inventory {
    let path =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/letters/vendors.toml");
    let mut inventory = parse(&std::fs::read_to_string(path).unwrap(), date(TODAY)).unwrap();
    let at = inventory
        .vendors
        .iter()
        .position(|v| v.id.value == "surveyly")
        .unwrap();
    inventory.vendors[at].law = Some(law);
    // Pollster confirmed the deletion and then mailed its canary: the
    // contradiction is written to it, under the same law.
    let pollster = inventory
        .vendors
        .iter()
        .position(|v| v.id.value == "pollster")
        .unwrap();
    inventory.vendors[pollster].law = Some(law);
    // Test authorities, one per law, at reserved example domains.
    inventory.organization.authorities = common::every_authority();
    inventory
}

fn write(inventory: &Inventory, kind: Kind, language: Language) -> Result<Letter, LetterError> {
    // A breach notification is about an incident, under the organization's
    // own law: the inventory's law is set for the vendors, so it is set for
    // the organization too.
    if kind == Kind::BreachNotification {
        return notification(inventory, language);
    }
    let incident = Incident {
        phishing_domain: Some("northwind-login.example".into()),
        addresses: vec!["anna.berg@example.com".into()],
        abuse_contact: Some("abuse@bulkmail.example".into()),
        messages: Vec::new(),
        held: None,
        include_addresses: true,
        canary_mail: Vec::new(),
    };
    if kind == Kind::Contradiction {
        let incident = Incident {
            canary_mail: pollster_mail(inventory),
            ..incident
        };
        return write_for(inventory, "pollster", kind, language, &incident);
    }
    write_for(inventory, "surveyly", kind, language, &incident)
}

/// The breach notification of an incident, under the law `inventory_under`
/// gave Surveyly, which is the organization's own here.
fn notification(inventory: &Inventory, language: Language) -> Result<Letter, LetterError> {
    use linger::letters::breach_notification::{self, Request};
    let mut inventory = inventory.clone();
    inventory.organization.law = inventory.law_of(inventory.vendor("surveyly").unwrap());
    let facts = common::notification();
    let now = date(TODAY).and_hms_opt(12, 0, 0).unwrap().and_utc();
    let request = Request {
        inventory: &inventory,
        notification: &facts,
        language,
        today: date(TODAY),
        now,
        follow_up: false,
    };
    let template = builtin(Kind::BreachNotification, language);
    match breach_notification::compose(&request, &template) {
        Ok(letter) => Ok(letter),
        Err(ComposeError::Letter(err)) => Err(err),
        Err(ComposeError::Template(err)) => {
            panic!("breach-notification {language}: {:?}", err.diagnostic)
        }
    }
}

/// The fixture's message from Pollster to its canary, after it confirmed.
fn pollster_mail(inventory: &Inventory) -> Vec<letters::canary_mail::CanaryMail> {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/cmd/fixtures/letters/pollster-canary.eml");
    letters::canary_mail::read(
        "pollster-canary.eml",
        std::fs::read(path).unwrap(),
        inventory.vendor("pollster").unwrap(),
    )
    .unwrap()
}

fn write_for(
    inventory: &Inventory,
    id: &str,
    kind: Kind,
    language: Language,
    incident: &Incident,
) -> Result<Letter, LetterError> {
    let request = Request {
        inventory,
        vendor: inventory.vendor(id).unwrap(),
        kind,
        language,
        today: date(TODAY),
        incident,
        early: true,
    };
    match compose(&request, &builtin(kind, language)) {
        Ok(letter) => Ok(letter),
        Err(ComposeError::Letter(err)) => Err(err),
        Err(ComposeError::Template(err)) => panic!("{kind} {language}: {:?}", err.diagnostic),
    }
}

/// One letter, subject and body on one line, that must be written.
fn text(inventory: &Inventory, kind: Kind, language: Language) -> String {
    let letter =
        write(inventory, kind, language).unwrap_or_else(|err| panic!("{kind} {language}: {err}"));
    flat(&format!("{}\n{}", letter.subject, letter.body))
}

/// The body on one line: wrapping never hides a citation.
fn flat(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// What each English letter cites, per law and kind.
fn expected(law: Law, kind: Kind) -> &'static [&'static str] {
    use Kind::*;
    use Law::*;
    match (law, kind) {
        // Since 5 February 2026 (Data (Use and Access) Act 2025 s.76), the
        // one month of UK GDPR Art. 12(3) is Art. 12A's "applicable time
        // period".
        (UkGdpr, Request) => &[
            "Article 28(3)(g)",
            "Article 5(1)(e)",
            "Article 5(2)",
            "Article 12A",
        ],
        (Gdpr, Request) => &[
            "Article 12(3)",
            "Article 28(3)(g)",
            "Article 5(1)(e)",
            "Article 5(2)",
            "Clause 10(d)",
            "Clause 8.5",
        ],
        (Gdpr | UkGdpr, FollowUp | FinalNotice) => &["Article 28(3)(g)", "Article 29"],
        (Gdpr | UkGdpr, Escalation) => &[
            "Article 28(3)(g)",
            "Article 29",
            "Article 28(10)",
            "Article 57(1)(a) and (h)",
            "Article 58(2)",
            "Article 58(2)(d)",
        ],
        (Gdpr | UkGdpr, BreachInquiry) => &["Article 33(2)", "Article 33(1)"],
        (Ccpa, Request) => &["§7050(a)", "§7051(a)(3)", "§7021(b)"],
        (Ccpa, FollowUp | FinalNotice) => &["§7050(a)", "§7051(a)(3)"],
        (Ccpa, Escalation) => &["§7050(a)", "§7051(a)(3)", "§1798.199.45(a)"],
        (Ccpa, BreachInquiry) => &["§1798.82(h)", "§1798.82(b)"],
        (Lgpd, Request) => &[
            "Articles 15 and 16",
            "Article 16",
            "Article 39",
            "Article 19",
        ],
        (Lgpd, FollowUp | FinalNotice) => &["Article 16", "Article 39"],
        (Lgpd, Escalation) => &["Article 16", "Article 39", "Article 55-J, IV"],
        // Resolution CD/ANPD 15/2024 art. 6: three business days.
        (Lgpd, BreachInquiry) => &["Article 48", "Article 6"],
        (Pipeda, Request) => &["Principle 4.5", "s. 8(3)"],
        (Pipeda, FollowUp | FinalNotice) => &["Principle 4.5"],
        (Pipeda, Escalation) => &["Principle 4.5", "s. 11(2)"],
        (Pipeda, BreachInquiry) => &["section 10.1"],
        // A contradiction asks for the deletion anew: the follow-up's basis
        // (`law.reminder`), the request's note on whose date it is and its
        // `law.certification`; nothing of its own.
        (Gdpr, Contradiction) => &[
            "Article 28(3)(g)",
            "Article 29",
            "Article 12(3)",
            "Article 5(2)",
            "Clause 10(d)",
            "Clause 8.5",
        ],
        (UkGdpr, Contradiction) => &[
            "Article 28(3)(g)",
            "Article 29",
            "Article 12A",
            "Article 5(2)",
        ],
        (Ccpa, Contradiction) => &["§7050(a)", "§7051(a)(3)", "§7021(b)"],
        (Lgpd, Contradiction) => &["Article 16", "Article 39", "Article 19"],
        (Pipeda, Contradiction) => &["Principle 4.5", "s. 8(3)"],
        // Our own notification to our authority: the duty, the list the
        // letter follows, and what may come later (GDPR Art. 33(4); the
        // Breach of Security Safeguards Regulations s. 2(2)). California
        // and a contract have none: refused.
        (Gdpr | UkGdpr, BreachNotification) => &["Article 33(1)", "Article 33(3)", "Article 33(4)"],
        (Lgpd, BreachNotification) => &["Article 48", "Article 6", "§1", "§2"],
        (Pipeda, BreachNotification) => &[
            "section 10.1(1)",
            "section 10.1(2)",
            "section 2(1)",
            "section 2(2)",
        ],
        _ => &[],
    }
}

/// Words that start a citation: each place one stands must be an expected
/// citation, so a letter cites no more than the table says.
fn citation_starts(body: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    for marker in ["Article", "§", "Principle", "Clause"] {
        starts.extend(body.match_indices(marker).map(|(i, _)| i));
    }
    for marker in ["section ", " s. "] {
        for (i, m) in body.match_indices(marker) {
            let after = &body[i + m.len()..];
            if after.starts_with(|c: char| c.is_ascii_digit()) {
                starts.push(if marker.starts_with(' ') { i + 1 } else { i });
            }
        }
    }
    starts.sort_unstable();
    starts
}

/// Whether `citation` stands at `at`, whole (`Principle 4.5` is not the
/// start of `Principle 4.5.3`).
fn cites_at(body: &str, at: usize, citation: &str) -> bool {
    let Some(rest) = body[at..].strip_prefix(citation) else {
        return false;
    };
    let mut next = rest.chars();
    match (next.next(), next.next()) {
        (Some(c), _) if c.is_ascii_digit() || c == '(' => false,
        (Some('.'), Some(d)) if d.is_ascii_digit() => false,
        _ => true,
    }
}

/// docs/letters.md's "Citations" table: a row per law, a column per kind,
/// each cell exactly the provisions `expected` lists.
#[test]
fn the_docs_table_lists_exactly_what_each_letter_cites() {
    let docs =
        std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/letters.md"))
            .unwrap();
    let table = docs
        .split("### Citations")
        .nth(1)
        .expect("a Citations section");
    let header: Vec<&str> = table
        .lines()
        .find(|l| l.starts_with("| law |"))
        .unwrap()
        .split('|')
        .map(str::trim)
        .collect();
    for law in Law::ALL {
        let row: Vec<&str> = table
            .lines()
            .find(|l| l.starts_with(&format!("| `{law}` |")))
            .unwrap_or_else(|| panic!("no row for {law}"))
            .split('|')
            .map(str::trim)
            .collect();
        for kind in Kind::ALL {
            let column = header
                .iter()
                .position(|h| *h == format!("`{kind}`"))
                .unwrap_or_else(|| panic!("no column for {kind}"));
            let cell: Vec<&str> = match row[column] {
                "none" => Vec::new(),
                cell => cell.split("; ").map(|c| c.trim_matches('`')).collect(),
            };
            let mut wanted: Vec<&str> = if *law == Law::Contract && *kind == Kind::Escalation {
                vec![]
            } else {
                expected(*law, *kind).to_vec()
            };
            let mut cell = cell;
            wanted.sort_unstable();
            cell.sort_unstable();
            assert_eq!(cell, wanted, "{law} {kind}");
        }
    }
}

/// Provisions and words that overstated the law before: never again.
const REMOVED: &[&str] = &[
    "1798.105",
    "7022",
    "4.1.3",
    "4.5.3",
    "Article 17",
    "Article 77",
    "extension",
    "lodge a complaint",
    "Complaint:",
    "you must delete",
    "the law gives",
];

#[test]
fn each_letter_cites_exactly_its_legal_basis() {
    for law in Law::ALL {
        let inventory = inventory_under(*law);
        for kind in Kind::ALL.iter().copied() {
            if *law == Law::Contract && kind == Kind::Escalation {
                continue; // refused: see the test below
            }
            // Refused: tests/letters_incident.rs.
            if matches!(law, Law::Contract | Law::Ccpa) && kind == Kind::BreachNotification {
                continue;
            }
            let letter = write(&inventory, kind, Language::En)
                .unwrap_or_else(|err| panic!("{law} {kind}: {err}"));
            let body = flat(&format!("{}\n{}", letter.subject, letter.body));
            let wanted = expected(*law, kind);
            for citation in wanted {
                assert!(
                    citation_starts(&body)
                        .iter()
                        .any(|at| cites_at(&body, *at, citation)),
                    "{law} {kind}: does not cite {citation:?}:\n{body}"
                );
            }
            for at in citation_starts(&body) {
                assert!(
                    wanted.iter().any(|c| cites_at(&body, at, c)),
                    "{law} {kind}: cites {:?}, which the table does not list",
                    &body[at..(at + 30).min(body.len())]
                );
            }
            for removed in REMOVED {
                assert!(
                    !body.contains(removed),
                    "{law} {kind}: says {removed:?}:\n{body}"
                );
            }
        }
    }
}

#[test]
fn no_language_keeps_the_removed_provisions_or_wording() {
    let removed_everywhere = [
        "1798.105",
        "7022",
        "4.1.3",
        "4.5.3",
        "Art. 77",
        "artikkel 77",
        "Beschwerde bei",
        "Beschwerde einlegen",
        "klage til",
        "Als Verantwortlicher",
        "von unbekannt",
        "abläuft",
        "utløper",
        "adressene deres kommer fra",
        "standardpersonvernbestemmelser",
        "dokumentasjonsplikt",
    ];
    for law in Law::ALL {
        let inventory = inventory_under(*law);
        for kind in Kind::ALL {
            for language in [Language::De, Language::Nb] {
                let Ok(letter) = write(&inventory, *kind, language) else {
                    continue;
                };
                let body = flat(&format!("{}\n{}", letter.subject, letter.body));
                for removed in removed_everywhere {
                    assert!(
                        !body.contains(removed),
                        "{law} {kind} {language}: says {removed:?}:\n{body}"
                    );
                }
            }
        }
    }
}

#[test]
fn the_escalation_goes_to_the_authority_for_the_vendors_law() {
    for law in Law::ALL.iter().filter(|l| **l != Law::Contract) {
        let inventory = inventory_under(*law);
        let letter = write(&inventory, Kind::Escalation, Language::En).unwrap();
        assert_eq!(letter.to.email, format!("{law}@authority.example"));
        assert!(letter.subject.starts_with("Report: "), "{}", letter.subject);
        // A report, and says so in the law's own terms: the CCPA lets the
        // Agency act on "the sworn complaint of any person", so its report
        // never reasons from GDPR Art. 77.
        let body = flat(&letter.body);
        let standing = match law {
            Law::Ccpa => "This report is not a sworn complaint",
            Law::Pipeda => "this is not a complaint by an individual",
            _ => "this is not a complaint by a data subject",
        };
        assert!(body.contains(standing), "{law}: {body}");
    }
}

#[test]
fn without_an_authority_for_the_law_the_escalation_names_the_key_to_add() {
    for law in Law::ALL.iter().filter(|l| **l != Law::Contract) {
        let mut inventory = inventory_under(*law);
        inventory.organization.authorities.retain(|(l, _)| l != law);
        match write(&inventory, Kind::Escalation, Language::En) {
            Err(LetterError::Missing { message, help }) => {
                assert!(message.contains(&format!("`{law}`")), "{message}");
                assert!(
                    help.contains(&format!("[organization.authority.{law}]")),
                    "{help}"
                );
            }
            other => panic!("{law}: {other:?}"),
        }
    }
    // With or without an authority named for `contract`, the refusal says
    // why, rather than asking for one.
    let mut inventory = inventory_under(Law::Contract);
    for _ in 0..2 {
        match write(&inventory, Kind::Escalation, Language::En) {
            Err(LetterError::Missing { message, .. }) => {
                assert!(
                    message.contains("no authority oversees a contract"),
                    "{message}"
                )
            }
            other => panic!("contract: {other:?}"),
        }
        inventory.organization.authorities.clear();
    }
}

#[test]
fn the_escalation_is_written_in_the_authoritys_language_not_the_vendors() {
    let mut inventory = inventory_under(Law::Gdpr);
    let at = inventory
        .vendors
        .iter()
        .position(|v| v.id.value == "surveyly")
        .unwrap();
    inventory.vendors[at].language = Some(Language::De);
    let vendor = inventory.vendor("surveyly").unwrap();
    assert_eq!(
        letters::language_of(&inventory, vendor, Kind::Escalation),
        Language::En
    );
    assert_eq!(
        letters::language_of(&inventory, vendor, Kind::Request),
        Language::De
    );
    inventory.organization.authorities[0].1.language = Some(Language::Nb);
    let vendor = inventory.vendor("surveyly").unwrap();
    assert_eq!(
        letters::language_of(&inventory, vendor, Kind::Escalation),
        Language::Nb
    );
}

#[test]
fn the_breach_inquiry_asks_for_72_hours_and_for_the_evidence_to_be_kept() {
    for (law, clock) in [(Law::Gdpr, true), (Law::Ccpa, false)] {
        let letter = write(&inventory_under(law), Kind::BreachInquiry, Language::En).unwrap();
        let body = flat(&letter.body);
        assert!(body.contains("a first answer within 72 hours"), "{body}");
        assert!(
            body.contains("preserve the logs and other evidence"),
            "{body}"
        );
        assert_eq!(body.contains("Article 33(1)"), clock, "{law}: {body}");
    }
}

#[test]
fn the_customer_notice_gives_what_article_34_2_asks_for() {
    let letter = write(
        &inventory_under(Law::Gdpr),
        Kind::CustomerNotice,
        Language::En,
    )
    .unwrap();
    let body = flat(&letter.body);
    for needle in [
        // the likely consequences
        "fake invoices",
        "change payment details",
        // a named contact point
        "contact Kari Nordmann, Data Protection Officer at privacy@northwind.example",
        // the measures taken and proposed
        "What we have done",
        "What we will do next",
        // no e-mail but from our domain, no changed payment details
        "not sent from an address ending in @northwind.example",
        "pay into a new account",
    ] {
        assert!(body.contains(needle), "missing {needle:?}:\n{body}");
    }
    // E-mail addresses are named once, not again among the "other data".
    assert_eq!(body.matches("e-mail addresses").count(), 1, "{body}");
}

#[test]
fn dates_never_break_across_lines() {
    let letter = write(&inventory_under(Law::Gdpr), Kind::FollowUp, Language::De).unwrap();
    assert!(
        letter.body.contains("14.\u{a0}Juli 2026"),
        "{}",
        letter.body
    );
    assert!(!letter.subject.contains('\u{a0}'));
}

// The second legal review (issue 20): each test below failed on the text
// before it.

const LANGUAGES: [Language; 3] = [Language::En, Language::De, Language::Nb];

/// The inventory under `law` with no authority named, so that the letters
/// fall back on linger's own name for the law's authority.
fn without_authorities(law: Law) -> Inventory {
    let mut inventory = inventory_under(law);
    inventory.organization.authorities.clear();
    inventory
}

#[test]
fn uk_gdpr_cites_article_12a_and_names_no_office_that_may_be_gone() {
    let inventory = inventory_under(Law::UkGdpr);
    for (language, cited, old) in [
        (Language::En, "Article 12A UK GDPR", "12(3)"),
        (Language::De, "Art. 12A UK GDPR", "12 Abs. 3"),
        (Language::Nb, "UK GDPR artikkel 12A", "12 nr. 3"),
    ] {
        let body = text(&inventory, Kind::Request, language);
        assert!(body.contains(cited), "{language}: {body}");
        assert!(!body.contains(old), "{language}: {body}");
    }
    // The Information Commissioner is being replaced by the Information
    // Commission (DUAA ss.117-119): the default describes the regulator.
    let inventory = without_authorities(Law::UkGdpr);
    for (language, regulator) in [
        (Language::En, "the UK's data protection regulator"),
        (Language::De, "der britischen Datenschutzaufsichtsbehörde"),
        (
            Language::Nb,
            "den britiske tilsynsmyndigheten for personvern",
        ),
    ] {
        let body = text(&inventory, Kind::FollowUp, language);
        assert!(body.contains(regulator), "{language}: {body}");
        for kind in Kind::ALL {
            let Ok(letter) = write(&inventory, *kind, language) else {
                continue;
            };
            let body = flat(&letter.body).replace("Information Commissioner's Office", "");
            assert!(
                !body.contains("Information Commissioner"),
                "{kind} {language}: {body}"
            );
        }
    }
}

#[test]
fn the_anpd_is_the_national_data_protection_agency() {
    let inventory = without_authorities(Law::Lgpd);
    for language in LANGUAGES {
        let body = text(&inventory, Kind::FollowUp, language);
        assert!(
            body.contains("Agência Nacional de Proteção de Dados, ANPD"),
            "{language}: {body}"
        );
        for old in [
            "Autoridade",
            "Authority (ANPD)",
            "Datenschutzbehörde (ANPD)",
            "personvernmyndigheten (ANPD)",
        ] {
            assert!(!body.contains(old), "{language}: {old:?} in {body}");
        }
    }
}

#[test]
fn an_escalation_states_only_that_deletion_was_not_confirmed() {
    for law in Law::ALL.iter().filter(|l| **l != Law::Contract) {
        let inventory = inventory_under(*law);
        for (language, known, overstated) in [
            (
                Language::En,
                "has not confirmed the deletion",
                "has not deleted",
            ),
            (
                Language::De,
                "die Löschung hat er uns nicht bestätigt",
                "nicht gelöscht hat",
            ),
            (
                Language::Nb,
                "har ikke bekreftet slettingen",
                "ikke har slettet",
            ),
        ] {
            let body = text(&inventory, Kind::Escalation, language);
            assert!(body.contains(known), "{law} {language}: {body}");
            assert!(!body.contains(overstated), "{law} {language}: {body}");
            // The deadline that passed, and the history: what was sent,
            // when, and what came back.
            assert!(body.contains("2026"), "{law} {language}: {body}");
            assert!(body.contains("DS-2026-0412"), "{law} {language}: {body}");
        }
        let en = text(&inventory, Kind::Escalation, Language::En);
        assert!(
            en.contains("the deadline of 11 September 2026 has passed"),
            "{en}"
        );
    }
}

/// The fixture with a second vendor's canary, and the incident's addresses:
/// two customers, Surveyly's canary and the other vendor's.
fn breach(held: Option<Vec<String>>) -> (Inventory, Incident) {
    let mut inventory = inventory_under(Law::Gdpr);
    let at = inventory
        .vendors
        .iter()
        .position(|v| v.id.value == "ca-crm")
        .unwrap();
    inventory.vendors[at].canaries = vec!["k3c8m1zt@canary.northwind.example".into()];
    let incident = Incident {
        phishing_domain: Some("northwind-login.example".into()),
        addresses: vec![
            "anna.berg@example.com".into(),
            "s9d2k4qx@canary.northwind.example".into(),
            "k3c8m1zt@canary.northwind.example".into(),
            "ola.hansen@example.com".into(),
        ],
        abuse_contact: Some("abuse@bulkmail.example".into()),
        messages: Vec::new(),
        held,
        include_addresses: true,
        canary_mail: Vec::new(),
    };
    (inventory, incident)
}

#[test]
fn a_breach_inquiry_counts_test_accounts_apart_and_lists_only_what_the_vendor_held() {
    let (inventory, incident) = breach(None);
    let letter = write_for(
        &inventory,
        "surveyly",
        Kind::BreachInquiry,
        Language::En,
        &incident,
    )
    .unwrap();
    let body = flat(&letter.body);
    for needle in [
        "have reached 4 of our addresses",
        "1 of the 4 addresses is a test account that exists only at your service",
        "1 is a test account that we created for other services",
        "2 belong to our customers",
        "this list is not filtered",
        "- anna.berg@example.com - ola.hansen@example.com",
    ] {
        assert!(body.contains(needle), "missing {needle:?}:\n{body}");
    }
    // Another vendor's test account is never sent to this one.
    assert!(!body.contains("k3c8m1zt"), "{body}");
    assert!(!body.contains("of our customers have received"), "{body}");

    // With a subject set, only the customers it holds.
    let (inventory, incident) = breach(Some(vec!["ola.hansen@example.com".into()]));
    for language in LANGUAGES {
        let letter = write_for(
            &inventory,
            "surveyly",
            Kind::BreachInquiry,
            language,
            &incident,
        )
        .unwrap();
        let body = flat(&letter.body);
        assert!(
            body.contains("ola.hansen@example.com"),
            "{language}: {body}"
        );
        assert!(!body.contains("anna.berg"), "{language}: {body}");
        assert!(!body.contains("k3c8m1zt"), "{language}: {body}");
    }
    let letter = write_for(
        &inventory,
        "surveyly",
        Kind::BreachInquiry,
        Language::En,
        &incident,
    )
    .unwrap();
    assert!(flat(&letter.body).contains("We have left out every other recipient"));

    // The abuse report counts every test account apart from the customers.
    let letter = write_for(
        &inventory,
        "surveyly",
        Kind::AbuseReport,
        Language::En,
        &incident,
    )
    .unwrap();
    assert!(
        flat(&letter.body).contains(
            "Our customers among the recipients: 2; our test accounts, which we created for one service only: 2."
        ),
        "{}",
        letter.body
    );
}

#[test]
fn a_german_letter_names_each_authority_once() {
    for (law, name) in [
        (Law::Ccpa, "California Privacy Protection Agency"),
        (Law::Lgpd, "ANPD"),
        (Law::Pipeda, "Office of the Privacy Commissioner of Canada"),
        (Law::Gdpr, "Datatilsynet"),
    ] {
        let mut inventory = inventory_under(law);
        for (_, authority) in &mut inventory.organization.authorities {
            authority.name = name.to_string();
        }
        let body = text(&inventory, Kind::FollowUp, Language::De);
        assert_eq!(body.matches(name).count(), 1, "{law}: {body}");
        assert!(!body.contains(") ("), "{law}: {body}");
    }
}

#[test]
fn article_33_1_is_stated_as_each_law_words_it() {
    let uk = text(
        &inventory_under(Law::UkGdpr),
        Kind::BreachInquiry,
        Language::En,
    );
    assert!(
        uk.contains("notify a personal data breach to the Commissioner"),
        "{uk}"
    );
    for body in [
        &uk,
        &text(
            &inventory_under(Law::Gdpr),
            Kind::BreachInquiry,
            Language::En,
        ),
    ] {
        assert!(
            body.contains("unless the breach is unlikely to result in a risk to the rights and freedoms of natural persons"),
            "{body}"
        );
    }
    let gdpr_de = text(
        &inventory_under(Law::Gdpr),
        Kind::BreachInquiry,
        Language::De,
    );
    assert!(
        gdpr_de.contains("es sei denn, dass sie voraussichtlich nicht zu einem Risiko"),
        "{gdpr_de}"
    );
    // LGPD: why a first answer is needed fast.
    for (language, needle) in [
        (Language::En, "Article 6 of Resolution CD/ANPD No. 15/2024"),
        (Language::De, "Art. 6 der Resolution CD/ANPD Nr. 15/2024"),
        (Language::Nb, "artikkel 6 i resolusjon CD/ANPD nr. 15/2024"),
    ] {
        let body = text(&inventory_under(Law::Lgpd), Kind::BreachInquiry, language);
        assert!(body.contains(needle), "{language}: {body}");
    }
    let en = text(
        &inventory_under(Law::Lgpd),
        Kind::BreachInquiry,
        Language::En,
    );
    assert!(en.contains("within three business days"), "{en}");
}

#[test]
fn a_contract_vendor_gets_a_final_notice_never_an_escalation() {
    let inventory = inventory_under(Law::Contract);
    let vendor = inventory.vendor("surveyly").unwrap();
    let status = linger::status::evaluate(&inventory, vendor, date(TODAY));
    assert_eq!(
        status.next_action,
        Some(linger::status::NextAction::FinalNotice)
    );
    let due: Vec<_> = letters::due(&inventory, date(TODAY))
        .map(|(v, kind)| (v.id.value.clone(), kind))
        .collect();
    assert!(
        due.contains(&("surveyly".to_string(), Kind::FinalNotice)),
        "{due:?}"
    );
    for (vendor, kind) in letters::due(&inventory, date(TODAY)) {
        let language = letters::language_of(&inventory, vendor, kind);
        let incident = Incident::default();
        write_for(&inventory, &vendor.id.value, kind, language, &incident)
            .unwrap_or_else(|err| panic!("{} {kind}: {err}", vendor.id.value));
    }
    for (language, last) in [
        (Language::En, "This is our final notice."),
        (Language::De, "Dies ist unsere letzte Aufforderung."),
        (Language::Nb, "Dette er vårt siste varsel."),
    ] {
        let body = text(&inventory, Kind::FinalNotice, language);
        assert!(body.contains(last), "{language}: {body}");
        assert!(body.contains("DS-2026-0412"), "{language}: {body}");
    }
    // Under a law, the same history still escalates.
    let inventory = inventory_under(Law::Gdpr);
    let status = linger::status::evaluate(
        &inventory,
        inventory.vendor("surveyly").unwrap(),
        date(TODAY),
    );
    assert_eq!(
        status.next_action,
        Some(linger::status::NextAction::Escalation)
    );
}

#[test]
fn ccpa_and_pipeda_letters_use_their_laws_words() {
    let words: [(Language, &[&str]); 3] = [
        (Language::En, &["controller", "processor", "personal data"]),
        (Language::De, &["Auftragsverarbeiter", "Verantwortliche"]),
        (Language::Nb, &["databehandler", "behandlingsansvarlig"]),
    ];
    for law in [Law::Ccpa, Law::Pipeda] {
        let inventory = inventory_under(law);
        for kind in Kind::ALL {
            for (language, foreign) in &words {
                let Ok(letter) = write(&inventory, *kind, *language) else {
                    continue;
                };
                let body = flat(&format!("{}\n{}", letter.subject, letter.body)).to_lowercase();
                for word in *foreign {
                    assert!(
                        !body.contains(&word.to_lowercase()),
                        "{law} {kind} {language}: says {word:?}:\n{body}"
                    );
                }
            }
        }
    }
    let ccpa = text(&inventory_under(Law::Ccpa), Kind::Request, Language::En);
    assert!(
        ccpa.contains("As the business on whose behalf you processed personal information"),
        "{ccpa}"
    );
    let pipeda = text(
        &inventory_under(Law::Pipeda),
        Kind::Escalation,
        Language::En,
    );
    assert!(
        pipeda.contains("a third party that processed personal information on our behalf"),
        "{pipeda}"
    );
    // The CPPA acts on "the sworn complaint of any person": no GDPR Art. 77
    // reasoning in a CCPA report.
    let ccpa = text(&inventory_under(Law::Ccpa), Kind::Escalation, Language::En);
    assert!(
        ccpa.contains("upon the sworn complaint of any person or on your own initiative"),
        "{ccpa}"
    );
    assert!(!ccpa.contains("data subject"), "{ccpa}");
    for (language, vendor_word) in [
        (Language::De, "Der Anbieter war unser Dienstleister"),
        (Language::Nb, "Leverandøren var vår tjenesteleverandør"),
    ] {
        let body = text(&inventory_under(Law::Ccpa), Kind::Escalation, language);
        assert!(body.contains(vendor_word), "{language}: {body}");
    }
}

#[test]
fn a_contract_breach_inquiry_asks_rather_than_invents_a_duty() {
    let inventory = inventory_under(Law::Contract);
    for (language, asked, invented) in [
        (
            Language::En,
            "We ask you to tell us at once",
            "you must tell us",
        ),
        (
            Language::De,
            "Wir bitten Sie, uns jeden Sicherheitsvorfall",
            "müssen Sie uns",
        ),
        (
            Language::Nb,
            "Vi ber dere varsle oss straks",
            "må dere straks",
        ),
    ] {
        let body = text(&inventory, Kind::BreachInquiry, language);
        assert!(body.contains(asked), "{language}: {body}");
        assert!(!body.contains(invented), "{language}: {body}");
    }
}

#[test]
fn the_customer_notice_gives_what_each_law_asks_for() {
    let notice = |law| text(&inventory_under(law), Kind::CustomerNotice, Language::En);
    // PIPEDA, Breach of Security Safeguards Regulations s. 3.
    let pipeda = notice(Law::Pipeda);
    for needle in [
        "the day on which, or the period during which, the breach occurred",
        "internal complaint process",
        "the right to file a complaint with the Privacy Commissioner of Canada",
    ] {
        assert!(pipeda.contains(needle), "pipeda: {needle:?}:\n{pipeda}");
    }
    // LGPD Art. 48 §1: the protective measures, the reasons for a delay.
    let lgpd = notice(Law::Lgpd);
    for needle in [
        "technical and security measures",
        "the reasons for the delay",
    ] {
        assert!(lgpd.contains(needle), "lgpd: {needle:?}:\n{lgpd}");
    }
    // Cal. Civ. Code §1798.82(d): the title and headings, in order.
    let ccpa = notice(Law::Ccpa);
    assert!(ccpa.starts_with("Notice of Data Breach:"), "{ccpa}");
    let mut from = 0;
    for heading in [
        "What Happened",
        "What Information Was Involved",
        "What We Are Doing",
        "What You Can Do",
        "For More Information",
    ] {
        let at = ccpa[from..]
            .find(heading)
            .unwrap_or_else(|| panic!("ccpa: {heading:?} missing or out of order:\n{ccpa}"));
        from += at + heading.len();
    }
    assert!(ccpa.contains("law enforcement investigation"), "{ccpa}");
    // Blanks are marked, never filled in: the GDPR notice has only the
    // steps linger has no record of, each to keep or strike.
    assert!(pipeda.contains("[TO FILL IN:"));
    let gdpr = notice(Law::Gdpr);
    assert_eq!(gdpr.matches("[TO FILL IN").count(), 2, "{gdpr}");
    assert_eq!(gdpr.matches("[TO FILL IN, if done: ").count(), 2, "{gdpr}");
}

#[test]
fn a_date_from_the_vendors_agreement_says_so() {
    let mut inventory = inventory_under(Law::Gdpr);
    let at = inventory
        .vendors
        .iter()
        .position(|v| v.id.value == "uk-mailer")
        .unwrap();
    inventory.vendors[at].response_days = Some(30);
    let incident = Incident::default();
    for (language, agreed, ours) in [
        (
            Language::En,
            "This date follows the response time in our agreement with you.",
            "We have set this date ourselves",
        ),
        (
            Language::De,
            "Diese Frist folgt aus der in unserer Vereinbarung",
            "selbst gesetzt",
        ),
        (
            Language::Nb,
            "Denne fristen følger av svarfristen i avtalen",
            "satt selv",
        ),
    ] {
        let letter =
            write_for(&inventory, "uk-mailer", Kind::Request, language, &incident).unwrap();
        let body = flat(&letter.body);
        assert!(body.contains(agreed), "{language}: {body}");
        assert!(!body.contains(ours), "{language}: {body}");
    }
}

#[test]
fn german_and_norwegian_read_as_a_lawyer_writes_them() {
    let cases: &[(Law, Kind, Language, &str)] = &[
        (
            Law::Gdpr,
            Kind::Request,
            Language::De,
            "um unserer Rechenschaftspflicht (Art. 5 Abs. 2 DSGVO) nachzukommen",
        ),
        (
            Law::Gdpr,
            Kind::Request,
            Language::De,
            "die Teile dieser Daten erhalten haben",
        ),
        (
            Law::Ccpa,
            Kind::Request,
            Language::De,
            "soweit der CCPA und die zugehörigen Verordnungen",
        ),
        (
            Law::UkGdpr,
            Kind::Escalation,
            Language::De,
            "mit der UK GDPR in Einklang zu bringen",
        ),
        (
            Law::Gdpr,
            Kind::Escalation,
            Language::Nb,
            "korrigerende myndighet etter artikkel 58 nr. 2",
        ),
        (
            Law::Pipeda,
            Kind::Escalation,
            Language::De,
            "(§ 11 Abs. 2 PIPEDA)",
        ),
        (
            Law::Pipeda,
            Kind::Escalation,
            Language::Nb,
            "(PIPEDA § 11 (2))",
        ),
        (
            Law::Pipeda,
            Kind::Request,
            Language::De,
            "§ 8 Abs. 3 PIPEDA",
        ),
        (Law::Pipeda, Kind::Request, Language::Nb, "PIPEDA § 8 (3)"),
        (
            Law::UkGdpr,
            Kind::Request,
            Language::En,
            "the guidance of the Information Commissioner's Office",
        ),
    ];
    for (law, kind, language, needle) in cases {
        let body = text(&inventory_under(*law), *kind, *language);
        assert!(
            body.contains(needle),
            "{law} {kind} {language}: {needle:?}:\n{body}"
        );
    }
    for law in Law::ALL {
        for kind in Kind::ALL {
            for language in [Language::De, Language::Nb] {
                let Ok(letter) = write(&inventory_under(*law), *kind, language) else {
                    continue;
                };
                let body = flat(&letter.body);
                for english in [
                    "Commissioner kan",
                    "PIPEDA s.",
                    "Section 10.1",
                    "section 10.1",
                    "korrigeringsmyndigheten",
                    "Das Unternehmen war",
                    "Virksomheten var",
                ] {
                    assert!(
                        !body.contains(english),
                        "{law} {kind} {language}: {english:?}:\n{body}"
                    );
                }
            }
        }
    }
}

#[test]
fn show_calls_the_time_to_answer_a_policy_modelled_on_the_law() {
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/letters/vendors.toml");
    let out = common::linger()
        .arg("-f")
        .arg(&fixture)
        .args(["show", "uk-mailer"])
        .env("LINGER_TODAY", TODAY)
        .output()
        .unwrap();
    common::assert_success(&out);
    let stdout = String::from_utf8(out.stdout).unwrap();
    assert!(
        stdout
            .contains("policy         one calendar month to answer, modelled on UK GDPR Art. 12A"),
        "{stdout}"
    );
    assert!(!stdout.contains("to answer)"), "{stdout}");
}

/// The registrar report states what the domain did and asks; it claims no
/// duty, cites nothing, and never lists a recipient, in any language.
#[test]
fn a_registrar_report_asks_without_claiming_a_duty_or_naming_recipients() {
    let inventory = inventory_under(Law::Gdpr);
    for language in LANGUAGES {
        let letter = write(&inventory, Kind::RegistrarReport, language)
            .unwrap_or_else(|err| panic!("{language}: {err}"));
        let all = flat(&format!("{}\n{}", letter.subject, letter.body));
        // Named, defanged: a mail client would link the bare name.
        assert!(
            all.contains("northwind-login[.]example"),
            "{language}: {all}"
        );
        assert!(
            !all.contains("northwind-login.example"),
            "{language}: {all}"
        );
        assert_eq!(letter.to.email, "abuse@bulkmail.example", "{language}");
        assert!(
            !all.contains("anna.berg@example.com"),
            "{language}: a recipient listed"
        );
        assert!(
            [
                "reached 1 of our addresses",
                "1 unserer Adressen",
                "nådde 1 av adressene"
            ]
            .iter()
            .any(|count| all.contains(count)),
            "{language}: no count of the addresses reached: {all}"
        );
        for claim in [
            "must",
            "obliged",
            "required",
            "muss",
            "verpflichtet",
            "må",
            "plikt",
            "Article",
            "Art.",
            "artikkel",
            "RAA",
        ] {
            assert!(!all.contains(claim), "{language}: `{claim}` in {all}");
        }
    }
}
