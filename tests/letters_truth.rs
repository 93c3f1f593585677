//! Letters never state what has not happened (issue 30): no reminder calls
//! a deadline passed before it has, no note of ours reaches a vendor, no
//! vendor we still use is told to delete our data, and no customer is told
//! of a step linger has no record of. Every test runs the real binary in
//! all three letter languages.

mod common;

use std::path::Path;
use std::process::Output;

use common::{assert_success, linger};

const TODAY: &str = "2026-12-07";
const LANGUAGES: [&str; 3] = ["en", "de", "nb"];

const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Analytics Ltd"
email = "privacy@northwind.example"
address = "1 Harbour Street, Bristol"
law = "gdpr"

[organization.authority.gdpr]
name = "Information Commissioner's Office"
email = "casework@ico.example"

[organization.authority.pipeda]
name = "Office of the Privacy Commissioner of Canada"
email = "info@opc.example"

# Asked for more time, and we agreed: due 29 January 2027.
[[vendor]]
id = "ledgerly"
name = "Ledgerly"
privacy_email = "privacy@ledgerly.example"
used_from = 2020-01-01
retired_on = 2026-09-15
data = ["contact.email"]

[[vendor.event]]
on = 2026-10-01
kind = "requested"

[[vendor.event]]
on = 2026-10-20
kind = "extended"
until = 2027-01-29
reference = "DPO-1177"

# Asked in September, never answered: overdue.
[[vendor]]
id = "formsy"
name = "Formsy"
privacy_email = "privacy@formsy.example"
used_from = 2019-01-01
retired_on = 2026-08-01
data = ["contact.email"]
canaries = ["k7f3q9x2@canary.northwind.example"]

[[vendor.event]]
on = 2026-09-01
kind = "requested"
note = "their DPO ignored us last time; CEO says escalate fast"

# Still in use.
[[vendor]]
id = "deskly"
name = "Deskly"
privacy_email = "privacy@deskly.example"
used_from = 2022-01-01
data = ["contact.email", "contact.name"]

[[vendor]]
id = "shopus"
name = "ShopUS Inc."
privacy_email = "privacy@shopus.example"
used_from = 2021-01-01
retired_on = 2026-06-30
law = "ccpa"
data = ["contact.email"]

[[vendor.event]]
on = 2026-07-01
kind = "requested"

[[vendor]]
id = "formsca"
name = "Forms CA"
privacy_email = "privacy@formsca.example"
used_from = 2021-01-01
retired_on = 2026-06-30
law = "pipeda"
data = ["contact.email"]

[[vendor.event]]
on = 2026-07-01
kind = "requested"

[[vendor]]
id = "vendasbr"
name = "Vendas BR"
privacy_email = "privacidade@vendas.example"
used_from = 2021-01-01
retired_on = 2026-10-31
law = "lgpd"
data = ["contact.email"]

[[vendor.event]]
on = 2026-11-02
kind = "requested"
"#;

/// A folder holding the inventory as `vendors.toml`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), INVENTORY).unwrap();
    dir
}

fn letter(dir: &Path, args: &[&str]) -> Output {
    linger()
        .current_dir(dir)
        .env("LINGER_TODAY", TODAY)
        .arg("letter")
        .args(args)
        .output()
        .unwrap()
}

fn text(out: &Output) -> String {
    String::from_utf8_lossy(&out.stdout).into_owned()
}

/// A letter's body with its line breaks folded, so a phrase wrapped over
/// two lines is still found.
fn folded(out: &Output) -> String {
    text(out).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Words that say a deadline has passed, in each language's templates.
const PASSED: [&str; 6] = [
    "has passed",
    "It has passed",
    "abgelaufen",
    "lief am",
    "verstrichen",
    "er passert",
];

#[test]
fn a_reminder_before_its_deadline_is_refused_and_names_the_date() {
    let dir = workspace();
    for kind in ["follow-up", "final-notice", "escalation"] {
        let out = letter(dir.path(), &["ledgerly", "--kind", kind]);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{kind}: {err}");
        assert!(err.contains("not due until 2027-01-29"), "{kind}: {err}");
        assert!(err.contains("--force"), "{kind}: {err}");
        assert!(out.stdout.is_empty(), "{kind}");
    }
}

#[test]
fn a_forced_reminder_never_says_the_deadline_passed_nor_sets_an_earlier_date() {
    let dir = workspace();
    for lang in LANGUAGES {
        for kind in ["follow-up", "final-notice", "escalation"] {
            let out = letter(
                dir.path(),
                &["ledgerly", "--kind", kind, "--force", "--lang", lang],
            );
            assert_success(&out);
            let body = folded(&out);
            for passed in PASSED {
                assert!(
                    !body.contains(passed),
                    "{kind} {lang} says `{passed}`:\n{body}"
                );
            }
        }
        let out = letter(
            dir.path(),
            &["ledgerly", "--kind", "follow-up", "--force", "--lang", lang],
        );
        let body = folded(&out);
        // The agreed date stands, and the new answer-by date is not before it.
        let date = match lang {
            "en" => "29 January 2027",
            "de" => "29. Januar 2027",
            _ => "29. januar 2027",
        };
        assert!(body.contains(date), "{lang}: {body}");
        for earlier in ["21 December 2026", "21. Dezember 2026", "21. desember 2026"] {
            assert!(!body.contains(earlier), "{lang}: {body}");
        }
    }
}

#[test]
fn a_reminder_after_its_deadline_still_says_it_passed() {
    let dir = workspace();
    let out = letter(dir.path(), &["formsy", "--kind", "follow-up"]);
    assert_success(&out);
    assert!(folded(&out).contains("It has passed"), "{}", text(&out));
}

#[test]
fn our_notes_never_reach_a_letter() {
    let dir = workspace();
    for lang in LANGUAGES {
        for kind in ["follow-up", "final-notice", "escalation"] {
            let out = letter(dir.path(), &["formsy", "--kind", kind, "--lang", lang]);
            assert_success(&out);
            let body = folded(&out);
            assert!(!body.contains("CEO"), "{kind} {lang}:\n{body}");
            assert!(!body.contains("ignored us"), "{kind} {lang}:\n{body}");
        }
    }
}

#[test]
fn an_extension_reads_as_one_we_agreed_to() {
    let dir = workspace();
    let expected = [
        (
            "en",
            "at the vendor's request, we agreed to extend the deadline to 29 January 2027",
        ),
        (
            "de",
            "auf Bitte des Anbieters vereinbarte Fristverlängerung bis zum 29. Januar 2027",
        ),
        (
            "nb",
            "etter ønske fra leverandøren gikk vi med på å forlenge fristen til 29. januar 2027",
        ),
    ];
    for (lang, sentence) in expected {
        let out = letter(
            dir.path(),
            &[
                "ledgerly",
                "--kind",
                "escalation",
                "--force",
                "--lang",
                lang,
            ],
        );
        assert_success(&out);
        let body = folded(&out);
        assert!(body.contains(sentence), "{lang}:\n{body}");
        assert!(!body.contains("the vendor extended"), "{lang}:\n{body}");
    }
}

#[test]
fn authorities_are_named_with_their_article_and_never_greeted_by_name() {
    let dir = workspace();
    let out = letter(dir.path(), &["formsy", "--kind", "follow-up"]);
    let body = folded(&out);
    assert!(
        body.contains(
            "report the matter to the competent authority (Information Commissioner's Office)"
        ),
        "{body}"
    );
    assert!(
        !body.contains("to Information Commissioner's Office"),
        "{body}"
    );
    let out = letter(dir.path(), &["formsy", "--kind", "escalation"]);
    assert_success(&out);
    let body = folded(&out);
    assert!(body.contains("Dear Sir or Madam,"), "{body}");
    assert!(!body.contains("Dear Information"), "{body}");
}

#[test]
fn a_vendor_in_use_is_never_told_to_delete_our_data() {
    let dir = workspace();
    std::fs::write(dir.path().join("leaked.txt"), "anna.berg@example.com\n").unwrap();
    let deletion = [
        "delete it once",
        "löschen Sie sie bitte",
        "ber vi dere slette dem",
    ];
    let keep = [
        ("en", "please do not delete our data because of this letter"),
        (
            "de",
            "Bitte löschen Sie unsere Daten wegen dieses Schreibens nicht",
        ),
        (
            "nb",
            "Ikke slett opplysningene våre på grunn av dette brevet",
        ),
    ];
    for (lang, sentence) in keep {
        let args = [
            "deskly",
            "--kind",
            "breach-inquiry",
            "--addresses",
            "leaked.txt",
            "--lang",
            lang,
        ];
        let body = folded(&letter(dir.path(), &args));
        assert!(body.contains(sentence), "{lang}:\n{body}");
        for phrase in deletion {
            assert!(!body.contains(phrase), "{lang}:\n{body}");
        }
        // A retired vendor is still asked to delete once the evidence is kept.
        let args = [
            "formsy",
            "--kind",
            "breach-inquiry",
            "--addresses",
            "leaked.txt",
            "--lang",
            lang,
        ];
        let body = folded(&letter(dir.path(), &args));
        assert!(!body.contains(sentence), "{lang}:\n{body}");
        assert!(deletion.iter().any(|p| body.contains(p)), "{lang}:\n{body}");
    }
}

#[test]
fn the_customer_notice_states_only_what_the_inventory_records() {
    let dir = workspace();
    let unrecorded = [
        (
            "en",
            "we have reported the sender to the e-mail service it used",
            "[TO FILL IN, if done: ",
        ),
        (
            "de",
            "Wir haben den Absender dem E-Mail-Dienst gemeldet",
            "[AUSZUFÜLLEN, falls geschehen: ",
        ),
        (
            "nb",
            "Vi har meldt avsenderen til e-posttjenesten",
            "[FYLL INN, hvis det er gjort: ",
        ),
    ];
    let past = ["used in the past", "früher genutzt", "brukt tidligere"];
    for (lang, claim, blank) in unrecorded {
        let notice = |id: &str| {
            let args = [
                id,
                "--kind",
                "customer-notice",
                "--phishing-domain",
                "northwind-login.example",
                "--lang",
                lang,
            ];
            let out = letter(dir.path(), &args);
            assert_success(&out);
            folded(&out)
        };
        let active = notice("deskly");
        // The phishing domain is named defanged: a mail client links a bare one.
        assert!(
            active.contains("northwind-login[.]example"),
            "{lang}:\n{active}"
        );
        assert!(
            !active.contains("northwind-login.example"),
            "{lang}:\n{active}"
        );
        // The claim stands only inside its marked blank.
        assert!(
            active.contains(&format!("{blank}{claim}")),
            "{lang}:\n{active}"
        );
        assert_eq!(active.matches(claim).count(), 1, "{lang}:\n{active}");
        for phrase in past {
            assert!(!active.contains(phrase), "{lang}:\n{active}");
        }
        // No deletion was asked of the vendor in use; one was of formsy,
        // and the notice says when.
        let retired = notice("formsy");
        let asked = ["1 September 2026", "1. September 2026", "1. september 2026"];
        assert!(
            asked.iter().any(|d| retired.contains(d)),
            "{lang}:\n{retired}"
        );
        assert!(
            !asked.iter().any(|d| active.contains(d)),
            "{lang}:\n{active}"
        );
        assert!(
            past.iter().any(|p| retired.contains(p)),
            "{lang}:\n{retired}"
        );
    }
}

#[test]
fn the_lgpd_notice_asks_for_the_date_we_learned_of_the_incident() {
    let dir = workspace();
    let blanks = [
        (
            "en",
            "[TO FILL IN: the date on which we learned that the incident affected personal data]",
            "three business days",
        ),
        (
            "de",
            "[AUSZUFÜLLEN: Datum, an dem wir davon erfahren haben]",
            "drei Arbeitstage",
        ),
        (
            "nb",
            "[FYLL INN: datoen da vi fikk vite det]",
            "tre arbeidsdager",
        ),
    ];
    for (lang, blank, days) in blanks {
        let args = [
            "vendasbr",
            "--kind",
            "customer-notice",
            "--phishing-domain",
            "northwind-login.example",
            "--lang",
            lang,
        ];
        let out = letter(dir.path(), &args);
        assert_success(&out);
        let body = folded(&out);
        assert!(body.contains(blank), "{lang}:\n{body}");
        assert!(body.contains(days), "{lang}:\n{body}");
    }
}

#[test]
fn business_days_are_working_days_in_german_and_norwegian() {
    let dir = workspace();
    std::fs::write(dir.path().join("leaked.txt"), "anna.berg@example.com\n").unwrap();
    for (lang, right, wrong) in [
        ("de", "Arbeitstagen", "Werktagen"),
        ("nb", "arbeidsdager", "virkedager"),
    ] {
        let args = [
            "vendasbr",
            "--kind",
            "breach-inquiry",
            "--addresses",
            "leaked.txt",
            "--lang",
            lang,
        ];
        let out = letter(dir.path(), &args);
        assert_success(&out);
        let body = folded(&out);
        assert!(body.contains(right), "{lang}:\n{body}");
        assert!(!body.contains(wrong), "{lang}:\n{body}");
    }
}

/// Customers' addresses go to nobody who did not hold them unless asked
/// (GDPR Art. 5(1)(c)), and our test accounts never go to a third party.
#[test]
fn addresses_are_sent_only_where_they_are_needed() {
    let dir = workspace();
    std::fs::write(
        dir.path().join("leaked.txt"),
        "anna.berg@example.com\nola.hansen@example.org\nk7f3q9x2@canary.northwind.example\n",
    )
    .unwrap();
    for lang in LANGUAGES {
        let base = [
            "formsy",
            "--kind",
            "abuse-report",
            "--to",
            "abuse@network.example",
            "--phishing-domain",
            "northwind-login.example",
            "--addresses",
            "leaked.txt",
            "--lang",
            lang,
        ];
        let out = letter(dir.path(), &base);
        assert_success(&out);
        let body = text(&out);
        assert!(!body.contains("anna.berg"), "{lang}:\n{body}");
        assert!(!body.contains("ola.hansen"), "{lang}:\n{body}");
        let mut asked = base.to_vec();
        asked.push("--include-addresses");
        let body = text(&letter(dir.path(), &asked));
        assert!(body.contains("anna.berg@example.com"), "{lang}:\n{body}");
        // A test account is counted, never listed: listed, it is burned.
        assert!(!body.contains("k7f3q9x2"), "{lang}:\n{body}");

        // A breach inquiry to a vendor without a subject set: the count only.
        let inquiry = [
            "formsy",
            "--kind",
            "breach-inquiry",
            "--addresses",
            "leaked.txt",
            "--lang",
            lang,
        ];
        let out = letter(dir.path(), &inquiry);
        assert_success(&out);
        let body = text(&out);
        assert!(!body.contains("anna.berg"), "{lang}:\n{body}");
        assert!(folded(&out).contains('2'), "{lang}:\n{body}");
        let mut asked = inquiry.to_vec();
        asked.push("--include-addresses");
        let body = text(&letter(dir.path(), &asked));
        assert!(body.contains("ola.hansen@example.org"), "{lang}:\n{body}");
    }
}

/// The German letters read as a German lawyer writes (issue 30, item 7).
#[test]
fn german_letters_keep_one_word_for_the_data_and_the_laws_own_terms() {
    let dir = workspace();
    let de = |args: &[&str]| {
        let mut all = args.to_vec();
        all.extend(["--lang", "de"]);
        let out = letter(dir.path(), &all);
        assert_success(&out);
        folded(&out)
    };
    // CCPA and PIPEDA say personal information: the letter never mixes in
    // "personenbezogene Daten".
    for id in ["shopus", "formsca"] {
        for kind in ["follow-up", "final-notice"] {
            let body = de(&[id, "--kind", kind]);
            assert!(
                body.contains("personenbezogenen Informationen"),
                "{id} {kind}:\n{body}"
            );
            assert!(
                !body.contains("personenbezogene Daten"),
                "{id} {kind}:\n{body}"
            );
            assert!(
                !body.contains("personenbezogenen Daten"),
                "{id} {kind}:\n{body}"
            );
        }
    }
    // The comma before an infinitive with "um".
    let request = de(&["formsy", "--kind", "request"]);
    assert!(
        request.contains("Bestätigung, um unserer Rechenschaftspflicht"),
        "{request}"
    );
    // PIPEDA speaks of an individual, not a data subject.
    let report = de(&["formsca", "--kind", "escalation"]);
    assert!(
        report.contains("keine Beschwerde einer Einzelperson"),
        "{report}"
    );
    assert!(!report.contains("betroffenen Person"), "{report}");
    // LGPD Art. 48 §1 III names technical and security measures only.
    let notice = de(&[
        "vendasbr",
        "--kind",
        "customer-notice",
        "--phishing-domain",
        "northwind-login.example",
    ]);
    assert!(!notice.contains("organisatorisch"), "{notice}");
    // The CCPA notice's title stands above the salutation.
    let notice = de(&[
        "shopus",
        "--kind",
        "customer-notice",
        "--phishing-domain",
        "northwind-login.example",
    ]);
    let title = notice
        .find("Mitteilung über eine Datenpanne")
        .expect("title");
    let salutation = notice
        .find("Liebe Kundin, lieber Kunde,")
        .expect("salutation");
    assert!(title < salutation, "{notice}");
    // German letters go on in lower case after the salutation's comma.
    assert!(
        notice.contains("lieber Kunde, einige unserer Kunden"),
        "{notice}"
    );
}

/// `send` composes through the same rule: an early reminder is refused
/// before anything is sent, and `--force` lets it go (here as a dry run).
#[test]
fn send_refuses_an_early_reminder_unless_forced() {
    let dir = workspace();
    let send = |extra: &[&str]| {
        linger()
            .current_dir(dir.path())
            .env("LINGER_TODAY", TODAY)
            .args(["send", "ledgerly", "--kind", "follow-up", "--dry-run"])
            .args(extra)
            .output()
            .unwrap()
    };
    let out = send(&[]);
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(err.contains("not due until 2027-01-29"), "{err}");
    assert!(err.contains("add `--force`"), "{err}");
    let out = send(&["--force"]);
    assert_success(&out);
    let shown = folded(&out);
    // What the forced letter says is held by the `letter --force` tests:
    // the dry run shows it quoted-printable.
    assert!(shown.contains("ledgerly: follow-up (not sent)"), "{shown}");
}
