//! Every check code of docs/checks.md: when it fires, when it does not, its
//! default severity, and how `[checks]` and the command line change it.

mod common;

use common::{date, inventory};
use linger::checks::{self, Code, Finding, Severity};

const TODAY: &str = "2026-11-28";

fn findings_with(body: &str, overrides: &[(Code, Severity)], exists: bool) -> Vec<Finding> {
    let inv = inventory(body, TODAY);
    let severities = checks::severities(&inv, overrides);
    checks::run(
        &inv,
        date(TODAY),
        &severities,
        &checks::Files {
            evidence_exists: &|_| exists,
            evidence_sha256: &|_| Some("0".repeat(64)),
            // Every vendor has a subject set, unless a test says otherwise.
            has_subjects: &|_| true,
            subjects_problem: &|_| None,
        },
    )
}

fn codes(body: &str) -> Vec<(Code, Severity)> {
    findings_with(body, &[], true)
        .into_iter()
        .map(|f| (f.code, f.severity))
        .collect()
}

/// A vendor that triggers nothing: active, with a contact, data and canary.
fn vendor(extra: &str) -> String {
    format!(
        "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"p@v.example\"\n\
         data = [\"contact.email\"]\ncanaries = [\"c@canary.example\"]\n{extra}"
    )
}

fn event(on: &str, kind: &str, extra: &str) -> String {
    format!("[[vendor.event]]\non = {on}\nkind = \"{kind}\"\n{extra}")
}

#[test]
fn a_clean_vendor_has_no_findings() {
    assert_eq!(codes(&vendor("")), []);
}

#[test]
fn request_overdue() {
    assert_eq!(
        codes(&vendor("retired_on = 2026-01-01\n")),
        [(Code::RequestOverdue, Severity::Error)]
    );
    // Due 2026-12-28: not yet, and not within 7 days either.
    assert_eq!(codes(&vendor("retired_on = 2026-11-28\n")), []);
}

#[test]
fn response_overdue() {
    let body = vendor(&format!(
        "retired_on = 2026-01-01\n{}",
        event("2026-01-15", "requested", "")
    ));
    assert_eq!(codes(&body), [(Code::ResponseOverdue, Severity::Error)]);
    // Requested 2026-11-10 → due 2026-12-10, twelve days ahead: nothing yet.
    let body = vendor(&format!(
        "retired_on = 2026-01-01\n{}",
        event("2026-11-10", "requested", "")
    ));
    assert_eq!(codes(&body), []);
}

#[test]
fn due_soon() {
    // Requested 2026-10-30 → due 2026-11-30 (Monday): 2 days ahead.
    let body = vendor(&format!(
        "retired_on = 2026-10-01\n{}",
        event("2026-10-30", "requested", "")
    ));
    assert_eq!(codes(&body), [(Code::DueSoon, Severity::Info)]);
}

#[test]
fn deletion_refused() {
    let body = vendor(&format!(
        "retired_on = 2026-01-01\n{}{}",
        event("2026-01-15", "requested", ""),
        event("2026-01-20", "refused", "reason = \"no\"\n")
    ));
    assert_eq!(codes(&body), [(Code::DeletionRefused, Severity::Error)]);
}

#[test]
fn retention_unverified() {
    let body = vendor(&format!(
        "retired_on = 2026-01-01\nretention_days = 30\n{}",
        event("2026-11-27", "requested", "")
    ));
    assert_eq!(codes(&body), [(Code::RetentionUnverified, Severity::Warn)]);
    let done = vendor(&format!(
        "retired_on = 2026-01-01\nretention_days = 30\n{}",
        event("2026-11-27", "confirmed", "evidence = \"e.pdf\"\n")
    ));
    assert_eq!(codes(&done), []);
}

#[test]
fn deletion_unverified() {
    let only = |body: &str| -> Vec<Finding> {
        findings_with(body, &[], true)
            .into_iter()
            .filter(|f| f.code == Code::DeletionUnverified)
            .collect()
    };
    let proof = "evidence = \"e.pdf\"\n";
    // Confirmed 2026-08-30: 90 days before today, the default.
    let due = vendor(&event("2026-08-30", "confirmed", proof));
    assert_eq!(codes(&due), [(Code::DeletionUnverified, Severity::Warn)]);
    let found = &only(&due)[0];
    assert_eq!(
        found.message,
        "`v` confirmed the deletion 90 days ago, and nobody has checked it since"
    );
    assert!(found.label.contains("from 2026-11-28"), "{}", found.label);
    for part in [
        "password reset of the canary account c@canary.example",
        "`linger canary watch`",
        "`linger mark v verified --evidence FILE`",
    ] {
        assert!(found.help.contains(part), "{part}: {}", found.help);
    }
    // It points at the confirmation's date.
    let inv = inventory(&due, TODAY);
    assert_eq!(found.span, inv.vendors[0].events[0].on.span);
    // A day later: 89 days, not yet.
    assert!(only(&vendor(&event("2026-08-31", "confirmed", proof))).is_empty());
    // Verified since: nothing, however long ago.
    let verified = vendor(&format!(
        "{}{}",
        event("2026-01-02", "confirmed", proof),
        event("2026-04-02", "verified", proof)
    ));
    assert_eq!(codes(&verified), []);
    // Verified, then confirmed again (a second account deleted): the new
    // confirmation is checked in turn.
    let again = vendor(&format!(
        "{}{}{}{}",
        event("2026-01-02", "confirmed", proof),
        event("2026-04-02", "verified", proof),
        event("2026-05-02", "requested", ""),
        event("2026-06-02", "confirmed", proof)
    ));
    assert_eq!(only(&again).len(), 1);
    // No canary: no test account to check, so no finding.
    let no_canary = format!(
        "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"p@v.example\"\n\
         data = [\"contact.email\"]\n{}",
        event("2026-01-02", "confirmed", proof)
    );
    assert!(only(&no_canary).is_empty());
    // `not-needed` is our own judgement, not the vendor's word.
    let not_needed = vendor(&event("2026-01-02", "not-needed", "reason = \"x\"\n"));
    assert!(only(&not_needed).is_empty());
    // Reopened by a new request: the deadline checks speak for it.
    let reopened = vendor(&format!(
        "retired_on = 2026-01-01\n{}{}",
        event("2026-01-02", "confirmed", proof),
        event("2026-11-20", "requested", "")
    ));
    assert!(only(&reopened).is_empty());
    // The policy sets the wait.
    let short = format!(
        "[policy]\nverify_after_days = 30\n{}",
        vendor(&event("2026-10-29", "confirmed", proof))
    );
    assert_eq!(only(&short).len(), 1);
    let short = format!(
        "[policy]\nverify_after_days = 30\n{}",
        vendor(&event("2026-10-30", "confirmed", proof))
    );
    assert!(only(&short).is_empty());
    // And `[checks]` silences it like any other code.
    assert!(findings_with(&due, &[(Code::DeletionUnverified, Severity::Allow)], true).is_empty());
}

#[test]
fn no_privacy_contact() {
    let body = "[[vendor]]\nid = \"v\"\nname = \"V\"\ndata = [\"health\"]\n";
    assert_eq!(codes(body), [(Code::NoPrivacyContact, Severity::Warn)]);
    let no_data = "[[vendor]]\nid = \"v\"\nname = \"V\"\ndata = []\n";
    assert_eq!(codes(no_data), []);
}

#[test]
fn no_evidence_and_evidence_missing() {
    // Confirmed within `verify_after_days`, so `deletion-unverified` waits.
    let bare = vendor(&event("2026-11-02", "confirmed", ""));
    assert_eq!(codes(&bare), [(Code::NoEvidence, Severity::Warn)]);
    let with_file = vendor(&event(
        "2026-11-02",
        "confirmed",
        "evidence = \"cert.pdf\"\n",
    ));
    assert_eq!(codes(&with_file), []);
    let missing: Vec<Code> = findings_with(&with_file, &[], false)
        .iter()
        .map(|f| f.code)
        .collect();
    assert_eq!(missing, [Code::EvidenceMissing]);
    // A URL is never looked up on disk.
    let url = vendor(&event(
        "2026-11-02",
        "confirmed",
        "evidence = \"https://v.example/cert\"\n",
    ));
    assert!(findings_with(&url, &[], false).is_empty());
}

#[test]
fn data_unknown_and_unknown_category() {
    let body = "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"p@v.example\"\n";
    assert_eq!(codes(body), [(Code::DataUnknown, Severity::Warn)]);
    let body = "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"p@v.example\"\n\
                data = [\"contact.emial\", \"custom.loyalty\"]\n";
    let found = findings_with(body, &[], true);
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].code, Code::UnknownCategory);
    assert!(found[0].help.contains("did you mean `contact.email`?"));
}

#[test]
fn no_canary() {
    let body = "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"p@v.example\"\ndata = [\"contact.email\"]\n";
    assert_eq!(codes(body), [(Code::NoCanary, Severity::Info)]);
    let body = "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"p@v.example\"\ndata = [\"contact.name\"]\n";
    assert_eq!(codes(body), []);
}

#[test]
fn duplicate_domain() {
    let body = "[[vendor]]\nid = \"a\"\nname = \"A\"\ndata = []\nwebsite = \"https://acme.example\"\n\
                [[vendor]]\nid = \"b\"\nname = \"B\"\ndata = []\nwebsite = \"https://www.ACME.example/b\"\n";
    let found = findings_with(body, &[], true);
    assert_eq!(found.len(), 1);
    assert_eq!(
        (found[0].code, found[0].vendor.as_deref().unwrap_or("")),
        (Code::DuplicateDomain, "b")
    );
}

#[test]
fn the_checks_table_and_the_command_line_override_severities() {
    let body = "[[vendor]]\nid = \"v\"\nname = \"V\"\nprivacy_email = \"p@v.example\"\ndata = [\"contact.email\"]\n";
    let with_table = format!("[checks]\nno-canary = \"error\"\n{body}");
    assert_eq!(codes(&with_table), [(Code::NoCanary, Severity::Error)]);
    let allowed = findings_with(&with_table, &[(Code::NoCanary, Severity::Allow)], true);
    assert!(allowed.is_empty(), "the command line wins over the file");
    let warned = findings_with(body, &[(Code::NoCanary, Severity::Warn)], true);
    assert_eq!(warned[0].severity, Severity::Warn);
}

#[test]
fn every_code_has_a_default_and_a_summary() {
    for code in Code::ALL {
        assert_ne!(code.default_severity(), Severity::Allow, "{code}");
        assert!(!code.summary().is_empty());
    }
}

#[test]
fn unsupported_country_warns_and_names_the_supported_ones() {
    let found = findings_with(&format!("country = \"JP\"\n{}", vendor("")), &[], true);
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(
        (found[0].code, found[0].severity),
        (Code::UnsupportedCountry, Severity::Warn)
    );
    assert_eq!(found[0].vendor, None);
    assert!(found[0].help.contains("NO, DE, GB"), "{}", found[0].help);
    assert!(found[0].help.contains("holidays = ["), "{}", found[0].help);
    assert_eq!(codes(&format!("country = \"DE\"\n{}", vendor(""))), []);
}

#[test]
fn suspicious_text_flags_bidi_overrides_and_zero_width_characters() {
    for (value, expect) in [
        ("Acme\u{202E}gro.", true),
        ("Ac\u{200B}me", true),
        ("Ac\u{2066}me", true),
        ("Acme Ünïcode GmbH", false),
    ] {
        let body = vendor("").replace("name = \"V\"", &format!("name = \"{value}\""));
        let found = codes(&body);
        assert_eq!(
            found.contains(&(Code::SuspiciousText, Severity::Warn)),
            expect,
            "{value:?}: {found:?}"
        );
    }
    let body = vendor("account = \"team\u{200D}x\"\n");
    assert_eq!(codes(&body), [(Code::SuspiciousText, Severity::Warn)]);
}

#[test]
fn subjects_missing_asks_for_a_subject_set_or_a_canary() {
    let run = |body: &str, has_subjects: bool| -> Vec<Code> {
        let inv = inventory(body, TODAY);
        let severities = checks::severities(&inv, &[]);
        checks::run(
            &inv,
            date(TODAY),
            &severities,
            &checks::Files {
                evidence_exists: &|_| true,
                evidence_sha256: &|_| Some("0".repeat(64)),
                has_subjects: &|_| has_subjects,
                subjects_problem: &|_| None,
            },
        )
        .into_iter()
        .map(|f| f.code)
        .collect()
    };
    let no_canary = vendor("").replace("canaries = [\"c@canary.example\"]\n", "");
    assert!(run(&no_canary, false).contains(&Code::SubjectsMissing));
    assert!(!run(&no_canary, true).contains(&Code::SubjectsMissing));
    assert!(
        !run(&vendor(""), false).contains(&Code::SubjectsMissing),
        "a canary is enough"
    );
    let no_contacts =
        no_canary.replace("data = [\"contact.email\"]", "data = [\"behavior.usage\"]");
    assert!(!run(&no_contacts, false).contains(&Code::SubjectsMissing));
    assert_eq!(Code::SubjectsMissing.default_severity(), Severity::Info);
}
