//! What each letter cites, per law and per kind: exactly the provisions of
//! docs/letters.md's "Legal basis" table, none of the ones a review found
//! overstated, and every escalation addressed to the authority for the
//! vendor's law (or refused, naming the key to add).

mod common;

use std::path::Path;

use common::date;
use linger::inventory::{Authority, Inventory, Language, Law, parse};
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
    // Test authorities, one per law, at reserved example domains.
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

fn write(inventory: &Inventory, kind: Kind, language: Language) -> Result<Letter, LetterError> {
    let incident = Incident {
        phishing_domain: Some("northwind-login.example".into()),
        addresses: vec!["anna.berg@example.com".into()],
        abuse_contact: Some("abuse@bulkmail.example".into()),
        messages: Vec::new(),
    };
    let request = Request {
        inventory,
        vendor: inventory.vendor("surveyly").unwrap(),
        kind,
        language,
        today: date(TODAY),
        incident: &incident,
    };
    match compose(&request, &builtin(kind, language)) {
        Ok(letter) => Ok(letter),
        Err(ComposeError::Letter(err)) => Err(err),
        Err(ComposeError::Template(err)) => panic!("{kind} {language}: {:?}", err.diagnostic),
    }
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
        (UkGdpr, Request) => &[
            "Article 28(3)(g)",
            "Article 5(1)(e)",
            "Article 5(2)",
            "Article 12(3)",
        ],
        (Gdpr, Request) => &[
            "Article 12(3)",
            "Article 28(3)(g)",
            "Article 5(1)(e)",
            "Article 5(2)",
            "Clause 10(d)",
            "Clause 8.5",
        ],
        (Gdpr | UkGdpr, FollowUp) => &["Article 28(3)(g)", "Article 29"],
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
        (Ccpa, FollowUp) => &["§7050(a)", "§7051(a)(3)"],
        (Ccpa, Escalation) => &["§7050(a)", "§7051(a)(3)", "§1798.199.45"],
        (Ccpa, BreachInquiry) => &["§1798.82(h)", "§1798.82(b)"],
        (Lgpd, Request) => &[
            "Articles 15 and 16",
            "Article 16",
            "Article 39",
            "Article 19",
        ],
        (Lgpd, FollowUp) => &["Article 16", "Article 39"],
        (Lgpd, Escalation) => &["Article 16", "Article 39", "Article 55-J, IV"],
        (Lgpd, BreachInquiry) => &["Article 48"],
        (Pipeda, Request) => &["Principle 4.5", "s. 8(3)"],
        (Pipeda, FollowUp) => &["Principle 4.5"],
        (Pipeda, Escalation) => &["Principle 4.5", "s. 11(2)"],
        (Pipeda, BreachInquiry) => &["section 10.1"],
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
    let kinds = [
        Kind::Request,
        Kind::FollowUp,
        Kind::Escalation,
        Kind::BreachInquiry,
    ];
    for law in Law::ALL {
        let inventory = inventory_under(*law);
        for kind in kinds {
            if *law == Law::Contract && kind == Kind::Escalation {
                continue; // refused: see the test below
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
        assert!(flat(&letter.body).contains("this is not a complaint by a data subject"));
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
