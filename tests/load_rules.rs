//! Every load error of docs/inventory.md: the inventory is refused, and the
//! diagnostic says what is wrong on the right line. `HEADER` is 4 lines.

mod common;

use common::{HEADER, date, load_errors};
use linger::inventory::parse;

fn single_error(body: &str) -> (String, usize) {
    let errors = load_errors(body, "2026-11-28");
    assert_eq!(errors.len(), 1, "{errors:#?}");
    errors.into_iter().next().unwrap()
}

const V: &str = "[[vendor]]\nid = \"v\"\nname = \"V\"\n"; // lines 5-7

#[test]
fn malformed_toml() {
    let (message, line) = single_error("[[vendor]\n");
    assert!(message.starts_with("invalid TOML"), "{message}");
    assert_eq!(line, 5);
}

#[test]
fn unknown_keys_suggest_the_right_one() {
    let (message, line) = single_error(&format!("{V}privacy_emial = \"a@b.example\"\n"));
    assert_eq!(
        (message.as_str(), line),
        ("unknown key `privacy_emial` in vendor `v`", 8)
    );
    let diags = parse(
        &format!("{HEADER}{V}privacy_emial = \"a@b.example\"\n"),
        date("2026-01-01"),
    )
    .unwrap_err();
    assert_eq!(
        diags[0].help.as_deref(),
        Some("did you mean `privacy_email`?")
    );
}

#[test]
fn unknown_top_level_table() {
    let (message, _) = single_error("[polcy]\nreminder_days = 3\n");
    assert_eq!(message, "unknown key `polcy` in the inventory");
}

#[test]
fn wrong_types() {
    let (message, line) = single_error(&format!("{V}records = \"many\"\n"));
    assert_eq!(
        (message.as_str(), line),
        ("`records` must be a whole number", 8)
    );
    let (message, _) = single_error(&format!("{V}data = \"contact.email\"\n"));
    assert_eq!(message, "`data` must be a list of strings");
}

#[test]
fn a_quoted_date_says_so() {
    let (message, line) = single_error(&format!("{V}retired_on = \"2021-02-15\"\n"));
    assert_eq!(
        (message.as_str(), line),
        ("`retired_on` is a quoted string, not a date", 8)
    );
}

#[test]
fn impossible_dates_and_dates_with_times() {
    let (message, line) = single_error(&format!("{V}retired_on = 2021-02-30\n"));
    assert!(message.starts_with("invalid TOML"), "{message}");
    assert_eq!(line, 8);
    let (message, _) = single_error(&format!("{V}retired_on = 2021-02-15T10:00:00Z\n"));
    assert_eq!(message, "`retired_on` must be a date without a time");
}

#[test]
fn invalid_ids() {
    let (message, line) = single_error("[[vendor]]\nid = \"Old CRM\"\nname = \"V\"\n");
    assert_eq!(
        (message.as_str(), line),
        ("`Old CRM` is not a valid vendor id", 6)
    );
}

#[test]
fn malformed_email_addresses() {
    for bad in ["oldcrm.example", "a@b\\r\\nBcc: c@d.example", "a@b@c"] {
        let (message, line) = single_error(&format!("{V}privacy_email = \"{bad}\"\n"));
        assert!(message.contains("privacy_email"), "{message}");
        assert_eq!(line, 8);
    }
    let (message, _) = single_error(&format!("{V}canaries = [\"nope\"]\n"));
    assert_eq!(message, "a canary must be an e-mail address");
}

#[test]
fn line_breaks_in_anything_that_reaches_a_header() {
    for key in ["name = \"V\\r\\nBcc: x@y.example\"", "account = \"a\\nb\""] {
        let body = format!(
            "[[vendor]]\nid = \"v\"\n{key}\n{}",
            if key.starts_with("name") {
                ""
            } else {
                "name = \"V\"\n"
            }
        );
        let errors = load_errors(&body, "2026-11-28");
        assert!(
            errors
                .iter()
                .any(|(m, _)| m.contains("must be a single line")),
            "{errors:#?}"
        );
    }
    let header = HEADER.replace("Northwind Analytics AS", "Northwind\\nBcc: x@y.example");
    assert!(parse(&header, date("2026-01-01")).is_err());
}

#[test]
fn duplicate_ids() {
    let (message, line) = single_error(&format!("{V}{V}"));
    assert_eq!((message.as_str(), line), ("two vendors have the id `v`", 9));
}

#[test]
fn events_out_of_order() {
    let (message, line) = single_error(&format!(
        "{V}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n\
         [[vendor.event]]\non = 2021-02-01\nkind = \"requested\"\n"
    ));
    assert_eq!(
        (message.as_str(), line),
        ("events are out of date order", 12)
    );
}

#[test]
fn events_in_the_future() {
    let (message, line) = single_error(&format!(
        "{V}[[vendor.event]]\non = 2026-11-29\nkind = \"requested\"\n"
    ));
    assert_eq!(
        message,
        "an event is dated 2026-11-29, after today (2026-11-28)"
    );
    assert_eq!(line, 9);
}

#[test]
fn events_that_need_a_prior_request() {
    for kind in ["acknowledged", "reminded", "refused", "escalated"] {
        let (message, line) = single_error(&format!(
            "{V}[[vendor.event]]\non = 2021-03-01\nkind = \"{kind}\"\n"
        ));
        assert_eq!(
            message,
            format!("`{kind}` event with no deletion request before it")
        );
        assert_eq!(line, 8);
    }
    // `confirmed` and `not-needed` stand on their own.
    common::inventory(
        &format!("{V}[[vendor.event]]\non = 2021-03-01\nkind = \"confirmed\"\n"),
        "2026-01-01",
    );
}

#[test]
fn verified_follows_only_a_finished_deletion() {
    for before in [
        "",
        "[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n",
    ] {
        let (message, _) = single_error(&format!(
            "{V}{before}[[vendor.event]]\non = 2021-04-01\nkind = \"verified\"\n"
        ));
        assert_eq!(
            message,
            "`verified` event with no finished deletion before it"
        );
    }
    // Right after `confirmed`, `not-needed` or an earlier check, it loads.
    for before in [
        "kind = \"confirmed\"\n",
        "kind = \"not-needed\"\nreason = \"x\"\n",
    ] {
        common::inventory(
            &format!(
                "{V}[[vendor.event]]\non = 2021-03-01\n{before}\
                 [[vendor.event]]\non = 2021-04-01\nkind = \"verified\"\n\
                 [[vendor.event]]\non = 2021-07-01\nkind = \"verified\"\n"
            ),
            "2026-01-01",
        );
    }
    // A new request after the confirmation reopened it: not yet.
    let (message, _) = single_error(&format!(
        "{V}[[vendor.event]]\non = 2021-03-01\nkind = \"confirmed\"\n\
         [[vendor.event]]\non = 2021-03-05\nkind = \"requested\"\n\
         [[vendor.event]]\non = 2021-04-01\nkind = \"verified\"\n"
    ));
    assert_eq!(
        message,
        "`verified` event with no finished deletion before it"
    );
}

#[test]
fn event_fields_belong_to_their_kind() {
    let (message, line) = single_error(&format!(
        "{V}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\nreason = \"x\"\n"
    ));
    assert_eq!(
        (message.as_str(), line),
        ("unknown key `reason` in an event of vendor `v`", 11)
    );
    // Evidence, with its hash, may prove any event.
    let (message, _) = single_error(&format!(
        "{V}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\nevidence = \"x.pdf\"\nevidence_sha256 = \"ABC\"\n"
    ));
    assert_eq!(message, "`evidence_sha256` is not a SHA-256 hash");
    let (message, _) = single_error(&format!(
        "{V}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\nevidence_sha256 = \"{}\"\n",
        "a".repeat(64)
    ));
    assert_eq!(message, "`evidence_sha256` without `evidence`");
    let (message, _) = single_error(&format!(
        "{V}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n[[vendor.event]]\non = 2021-03-02\nkind = \"extended\"\n"
    ));
    assert_eq!(message, "an event of vendor `v` has no `until`");
    let (message, _) = single_error(&format!(
        "{V}[[vendor.event]]\non = 2021-03-01\nkind = \"not-needed\"\n"
    ));
    assert_eq!(message, "an event of vendor `v` has no `reason`");
}

#[test]
fn retired_before_used() {
    let (message, line) = single_error(&format!(
        "{V}used_from = 2022-01-01\nretired_on = 2021-01-01\n"
    ));
    assert_eq!(
        (message.as_str(), line),
        ("`retired_on` is before `used_from`", 9)
    );
}

#[test]
fn required_fields() {
    let errors = load_errors("[[vendor]]\nid = \"v\"\n", "2026-01-01");
    assert_eq!(errors, [("vendor `v` has no `name`".to_string(), 5)]);
    let diags = parse("schema = 1\n", date("2026-01-01")).unwrap_err();
    assert_eq!(
        diags[0].message,
        "the inventory has no `[organization]` table"
    );
    let diags = parse("", date("2026-01-01")).unwrap_err();
    assert_eq!(diags.len(), 2, "{diags:#?}");
}

#[test]
fn keywords_suggest_the_closest() {
    let diags = parse(&format!("{HEADER}{V}law = \"gdrp\"\n"), date("2026-01-01")).unwrap_err();
    assert_eq!(diags[0].message, "`gdrp` is not a valid `law`");
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `gdpr`?"));
    let diags = parse(
        &format!("{HEADER}[checks]\nno-canery = \"warn\"\n"),
        date("2026-01-01"),
    )
    .unwrap_err();
    assert_eq!(diags[0].help.as_deref(), Some("did you mean `no-canary`?"));
}

#[test]
fn passwords_never_go_in_the_file() {
    let diags = parse(
        &format!("{HEADER}[smtp]\nhost = \"smtp.example.com\"\npassword = \"hunter2\"\n"),
        date("2026-01-01"),
    )
    .unwrap_err();
    assert_eq!(diags.len(), 1);
    assert!(
        diags[0]
            .help
            .as_deref()
            .unwrap()
            .contains("linger secret set")
    );
    assert!(
        !format!("{diags:?}").contains("hunter2"),
        "the secret must not be echoed"
    );
}

#[test]
fn unencrypted_smtp_only_on_loopback() {
    let text = format!("{HEADER}[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"none\"\n");
    assert!(parse(&text, date("2026-01-01")).is_err());
    let text = format!("{HEADER}[smtp]\nhost = \"127.0.0.1\"\nport = 2525\nsecurity = \"none\"\n");
    let inv = parse(&text, date("2026-01-01")).unwrap();
    assert_eq!(inv.smtp.unwrap().port, 2525);
}

#[test]
fn every_problem_is_reported_in_file_order() {
    let errors = load_errors(
        &format!("{V}records = -1\nlaw = \"x\"\n[[vendor]]\nid = \"B\"\nname = \"B\"\n"),
        "2026-01-01",
    );
    let lines: Vec<usize> = errors.iter().map(|(_, l)| *l).collect();
    assert_eq!(lines, [8, 9, 11]);
}

#[test]
fn single_bracket_tables_say_to_use_double_brackets() {
    let diags = parse(
        &format!("{HEADER}[vendor]\nid = \"v\"\nname = \"V\"\n"),
        date("2026-01-01"),
    )
    .unwrap_err();
    assert_eq!(diags[0].message, "`vendor` must be a list of tables");
    assert_eq!(
        diags[0].help.as_deref(),
        Some("each entry starts with a `[[vendor]]` line (double brackets)")
    );
    let diags = parse(
        &format!("{HEADER}{V}[vendor.event]\non = 2021-03-01\nkind = \"requested\"\n"),
        date("2026-01-01"),
    )
    .unwrap_err();
    assert_eq!(
        diags[0].help.as_deref(),
        Some("each entry starts with a `[[vendor.event]]` line (double brackets)")
    );
}

#[test]
fn country_is_two_capital_letters_and_holidays_are_dates() {
    let errors = load_errors("country = \"Norway\"\n", "2026-11-28");
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.contains("ISO 3166-1 alpha-2"), "{errors:?}");
    let errors = load_errors(
        "[policy]\nholidays = [2026-12-24, \"2026-12-31\"]\n",
        "2026-11-28",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.contains("quoted string"), "{errors:?}");
}

#[test]
fn subdivision_is_a_known_code_within_the_country() {
    use linger::holidays::Subdivision;
    let inv = common::inventory("country = \"CA\"\nsubdivision = \"CA-QC\"\n", "2026-11-28");
    assert_eq!(inv.organization.subdivision, Some(Subdivision::CaQc));
    // Line 5: the `subdivision` line, after the header's four.
    for (body, message) in [
        (
            "country = \"CA\"\nsubdivision = \"CA-QB\"\n",
            "`subdivision` `CA-QB` is not one whose public holidays linger knows",
        ),
        (
            "country = \"DE\"\nsubdivision = \"CA-QC\"\n",
            "`subdivision` `CA-QC` is in CA, but `country` is `DE`",
        ),
        (
            "\nsubdivision = \"GB-SCT\"\n",
            "`subdivision` needs `country`",
        ),
    ] {
        let errors = load_errors(body, "2026-11-28");
        assert_eq!(errors, vec![(message.to_string(), 6)], "{body}");
    }
}

#[test]
fn authority_is_one_table_or_a_table_per_law() {
    use linger::inventory::Law;
    let inv = common::inventory(
        "[organization.authority.gdpr]\nname = \"A\"\nemail = \"a@a.example\"\n\
         [organization.authority.ccpa]\nname = \"C\"\nemail = \"c@c.example\"\nlanguage = \"en\"\n",
        "2026-11-28",
    );
    let org = &inv.organization;
    assert_eq!(org.authority_for(Law::Ccpa).unwrap().email, "c@c.example");
    assert_eq!(org.authority_for(Law::Gdpr).unwrap().email, "a@a.example");
    assert!(org.authority_for(Law::Lgpd).is_none());

    let errors = load_errors(
        "[organization.authority]\nname = \"A\"\nemail = \"a@a.example\"\n\
         [organization.authority.ccpa]\nname = \"C\"\nemail = \"c@c.example\"\n",
        "2026-11-28",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.contains("unknown key `ccpa`"), "{errors:?}");
    let errors = load_errors(
        "[organization.authority.gdrp]\nname = \"A\"\nemail = \"a@a.example\"\n",
        "2026-11-28",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
}

#[test]
fn a_message_id_is_kept_and_a_malformed_one_is_an_error() {
    let body = format!(
        "{V}\n[[vendor.event]]\non = 2026-11-20\nkind = \"requested\"\nmessage_id = \"<20261120.ab12@northwind.example>\"\n"
    );
    let inventory = parse(&format!("{HEADER}{body}"), date("2026-11-28")).unwrap();
    assert_eq!(
        inventory.vendors[0].events[0].message_id.as_deref(),
        Some("<20261120.ab12@northwind.example>")
    );
    for bad in [
        "20261120.ab12@northwind.example",
        "<no-at-sign>",
        "<a b@c>",
        "<a@b@c>",
    ] {
        let (message, line) = single_error(&format!(
            "{V}\n[[vendor.event]]\non = 2026-11-20\nkind = \"requested\"\nmessage_id = \"{bad}\"\n"
        ));
        assert_eq!(
            (message.as_str(), line),
            ("`message_id` is not a Message-ID", 12),
            "{bad}"
        );
    }
}
