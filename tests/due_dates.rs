//! The due-date rules of docs/inventory.md ("Due dates", "Next action"), one test
//! per rule, through the public API: parse an inventory, evaluate a vendor.

mod common;

use common::{date, inventory};
use linger::status::{NextAction, Stage, State, Status, evaluate, explain};

fn status(body: &str, today: &str) -> Status {
    let inv = inventory(body, today);
    evaluate(&inv, &inv.vendors[0], date(today))
}

const RETIRED: &str = r#"
[[vendor]]
id = "oldcrm"
name = "OldCRM"
retired_on = 2021-02-15
data = ["contact.email"]
"#;

#[test]
fn rule_1_no_data_and_no_events_means_nothing_is_due() {
    let s = status(
        "[[vendor]]\nid = \"a\"\nname = \"A\"\nretired_on = 2021-02-15\ndata = []\n",
        "2026-01-01",
    );
    assert_eq!(s.due, None);
    assert_eq!(s.next_action, None);
    assert_eq!(s.state, State::None);
}

#[test]
fn rule_2_a_retired_vendor_must_be_asked_within_the_policy() {
    // 2021-02-15 + 30 days = 2021-03-17, a Wednesday.
    let s = status(RETIRED, "2021-03-18");
    let due = s.due.expect("due");
    assert_eq!((due.on, due.stage), (date("2021-03-17"), Stage::Request));
    assert_eq!(s.days_overdue, Some(1));
    assert!(s.is_overdue());
    assert_eq!(s.next_action, Some(NextAction::Request));
}

#[test]
fn rule_2_counts_a_vendor_without_a_data_key_as_holding_data() {
    let s = status(
        "[[vendor]]\nid = \"a\"\nname = \"A\"\nretired_on = 2021-02-15\n",
        "2021-04-01",
    );
    assert_eq!(s.due.map(|d| d.stage), Some(Stage::Request));
}

#[test]
fn rule_2_uses_request_within_days_and_rolls_over_weekends() {
    // 2021-02-15 + 12 days = 2021-02-27, a Saturday → Monday 2021-03-01.
    let body = format!("[policy]\nrequest_within_days = 12\n{RETIRED}");
    let s = status(&body, "2021-03-01");
    assert_eq!(s.due.unwrap().on, date("2021-03-01"));
    assert_eq!(s.days_overdue, Some(0));
    assert!(!s.is_overdue(), "never late on the due date itself");
}

#[test]
fn weekend_rollover_can_be_switched_off() {
    let body = format!("[policy]\nrequest_within_days = 12\nweekend_rollover = false\n{RETIRED}");
    let s = status(&body, "2021-03-01");
    assert_eq!(s.due.unwrap().on, date("2021-02-27"));
    assert_eq!(s.days_overdue, Some(2));
}

#[test]
fn a_future_retirement_is_not_yet_retired() {
    let s = status(RETIRED, "2021-02-14");
    assert!(!s.retired);
    assert_eq!(s.due, None);
    assert_eq!(s.next_action, None);
}

#[test]
fn rule_3_gdpr_gives_one_calendar_month_from_the_last_request() {
    let body = format!("{RETIRED}[[vendor.event]]\non = 2025-01-31\nkind = \"requested\"\n");
    // 2025-01-31 + one month = 2025-02-28 (clamped), a Friday.
    let s = status(&body, "2025-03-01");
    let due = s.due.unwrap();
    assert_eq!((due.on, due.stage), (date("2025-02-28"), Stage::Response));
    assert_eq!(s.days_overdue, Some(1));
    assert_eq!(s.next_action, Some(NextAction::FollowUp));
    let steps = explain(
        &inventory(&body, "2025-03-01"),
        &inventory(&body, "2025-03-01").vendors[0],
        date("2025-03-01"),
    );
    assert_eq!(
        steps,
        [
            "requested 2025-01-31; GDPR: one calendar month, the deadline linger sets, modelled on GDPR Art. 12(3) → response due 2025-02-28"
        ]
    );
}

#[test]
fn rule_3_acknowledged_keeps_the_deadline() {
    let body = format!(
        "{RETIRED}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n\
         [[vendor.event]]\non = 2021-03-04\nkind = \"acknowledged\"\n"
    );
    let s = status(&body, "2021-04-02");
    assert_eq!(s.state, State::Acknowledged);
    assert_eq!(s.due.unwrap().on, date("2021-04-01"));
    assert_eq!(s.next_action, Some(NextAction::FollowUp));
}

#[test]
fn rule_3_a_new_request_restarts_the_clock() {
    let body = format!(
        "{RETIRED}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n\
         [[vendor.event]]\non = 2021-03-10\nkind = \"refused\"\n\
         [[vendor.event]]\non = 2021-05-03\nkind = \"requested\"\n"
    );
    let s = status(&body, "2021-05-04");
    assert_eq!(s.due.unwrap().on, date("2021-06-03"));
    assert_eq!(s.next_action, None, "waiting, not late");
}

#[test]
fn laws_set_the_window_and_response_days_replaces_it() {
    let cases = [
        ("ccpa", None, "2024-02-15"), // 45 days, a Thursday
        ("lgpd", None, "2024-01-16"), // 15 days
        ("pipeda", None, "2024-01-31"),
        ("contract", None, "2024-01-31"),
        ("uk-gdpr", None, "2024-02-01"),
        ("gdpr", Some(10), "2024-01-11"),
    ];
    for (law, days, expected) in cases {
        let extra = days.map_or(String::new(), |d| format!("response_days = {d}\n"));
        let body = format!(
            "[[vendor]]\nid = \"v\"\nname = \"V\"\nlaw = \"{law}\"\n{extra}\
             [[vendor.event]]\non = 2024-01-01\nkind = \"requested\"\n"
        );
        let s = status(&body, "2024-01-02");
        assert_eq!(s.due.unwrap().on, date(expected), "{law} {days:?}");
    }
}

#[test]
fn the_organization_law_is_the_default() {
    let text = format!(
        "{}[[vendor]]\nid = \"v\"\nname = \"V\"\n[[vendor.event]]\non = 2024-01-01\nkind = \"requested\"\n",
        common::HEADER.replace("email = ", "law = \"lgpd\"\nemail = ")
    );
    let inv = linger::inventory::parse(&text, date("2024-01-02")).unwrap();
    let s = evaluate(&inv, &inv.vendors[0], date("2024-01-02"));
    assert_eq!(s.due.unwrap().on, date("2024-01-16"));
}

#[test]
fn rule_4_an_extension_sets_the_deadline_with_rollover() {
    let body = format!(
        "{RETIRED}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n\
         [[vendor.event]]\non = 2021-03-20\nkind = \"extended\"\nuntil = 2021-05-01\n"
    );
    // 2021-05-01 is a Saturday.
    let s = status(&body, "2021-05-03");
    assert_eq!(s.state, State::Extended);
    assert_eq!(s.due.unwrap().on, date("2021-05-03"));
    assert!(!s.is_overdue());
    let s = status(&body, "2021-05-04");
    assert_eq!(s.next_action, Some(NextAction::FollowUp));
}

#[test]
fn rule_5_a_reminder_gives_reminder_days_more() {
    let body = format!(
        "{RETIRED}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n\
         [[vendor.event]]\non = 2021-04-05\nkind = \"reminded\"\n"
    );
    let s = status(&body, "2021-04-20");
    assert_eq!(s.due.unwrap().on, date("2021-04-19"));
    assert_eq!(s.days_overdue, Some(1));
    assert_eq!(s.next_action, Some(NextAction::Escalation));
}

#[test]
fn rule_5_an_early_reminder_never_shortens_the_deadline() {
    let body = format!(
        "{RETIRED}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n\
         [[vendor.event]]\non = 2021-03-02\nkind = \"reminded\"\n"
    );
    let s = status(&body, "2021-03-20");
    assert_eq!(s.due.unwrap().on, date("2021-04-01"));
}

#[test]
fn rule_6_closed_states_have_no_due_date() {
    for (kind, extra, next) in [
        ("refused", "", Some(NextAction::Escalation)),
        ("escalated", "", None),
        ("confirmed", "", None),
        ("not-needed", "reason = \"none held\"\n", None),
    ] {
        let body = format!(
            "{RETIRED}[[vendor.event]]\non = 2021-03-01\nkind = \"requested\"\n\
             [[vendor.event]]\non = 2021-03-05\nkind = \"{kind}\"\n{extra}"
        );
        let s = status(&body, "2026-01-01");
        assert_eq!(s.due, None, "{kind}");
        assert_eq!(s.next_action, next, "{kind}");
    }
}

#[test]
fn rule_6_an_active_vendor_with_no_events_has_nothing_due() {
    let s = status(
        "[[vendor]]\nid = \"a\"\nname = \"A\"\ndata = [\"contact.email\"]\n",
        "2026-01-01",
    );
    assert_eq!((s.due, s.next_action, s.retired), (None, None, false));
}

#[test]
fn explain_names_the_rollover() {
    let body = format!("[policy]\nrequest_within_days = 12\n{RETIRED}");
    let inv = inventory(&body, "2021-03-01");
    let steps = explain(&inv, &inv.vendors[0], date("2021-03-01"));
    assert_eq!(
        steps,
        [
            "retired 2021-02-15; policy.request_within_days = 12 → request due 2021-02-27",
            "2021-02-27 is a Saturday: moved to Monday 2021-03-01",
        ]
    );
}

/// A vendor under `law` asked on `requested`, for an organization in
/// `country`.
fn asked(country: &str, law: &str, requested: &str, policy: &str) -> String {
    format!(
        "country = \"{country}\"\n{policy}\n[[vendor]]\nid = \"v\"\nname = \"V\"\nretired_on = 2020-01-01\nlaw = \"{law}\"\n\n[[vendor.event]]\non = {requested}\nkind = \"requested\"\n"
    )
}

#[test]
fn a_deadline_on_a_public_holiday_rolls_to_the_next_working_day() {
    for (country, law, requested, due, holiday) in [
        // Christmas Day (Thu), Boxing Day (Fri), the weekend.
        ("GB", "uk-gdpr", "2025-11-25", "2025-12-29", "Christmas Day"),
        ("GB", "uk-gdpr", "2026-03-06", "2026-04-07", "Easter Monday"),
        ("NO", "gdpr", "2027-04-17", "2027-05-18", "Constitution Day"),
        // 45 days after 20 May 2025 is Friday 4 July.
        ("US", "ccpa", "2025-05-20", "2025-07-07", "Independence Day"),
    ] {
        let body = asked(country, law, requested, "");
        let today = "2027-12-31";
        let inv = inventory(&body, today);
        let s = evaluate(&inv, &inv.vendors[0], date(today));
        assert_eq!(s.due.unwrap().on, date(due), "{country} {holiday}");
        let steps = explain(&inv, &inv.vendors[0], date(today)).join("\n");
        assert!(
            steps.contains(&format!("{holiday}, a public holiday in {country}")),
            "{country}: {steps}"
        );
    }
}

#[test]
fn a_vendor_is_not_late_on_the_day_after_christmas() {
    // The issue's case: asked on 25 November, due 25 December; on 27
    // December the vendor is not 2 days late but still within its time.
    let body = asked("GB", "uk-gdpr", "2025-11-25", "");
    let inv = inventory(&body, "2025-12-27");
    let s = evaluate(&inv, &inv.vendors[0], date("2025-12-27"));
    assert!(!s.is_overdue(), "{s:?}");
    assert_eq!(s.days_overdue, Some(-2));
}

#[test]
fn local_holidays_roll_like_public_ones_and_rollover_off_stops_both() {
    // One month after 2026-11-13 is Sunday 13 December → Monday 14, which
    // is a local day off → Tuesday 15.
    let policy = "[policy]\nholidays = [2026-12-14]";
    let inv = inventory(&asked("NO", "gdpr", "2026-11-13", policy), "2026-11-28");
    assert_eq!(
        evaluate(&inv, &inv.vendors[0], date("2026-11-28"))
            .due
            .unwrap()
            .on,
        date("2026-12-15")
    );
    let steps = explain(&inv, &inv.vendors[0], date("2026-11-28")).join("\n");
    assert!(steps.contains("2026-12-14 is a local holiday"), "{steps}");

    let off = "[policy]\nholidays = [2026-12-14]\nweekend_rollover = false";
    let inv = inventory(&asked("NO", "gdpr", "2026-11-13", off), "2026-11-28");
    assert_eq!(
        evaluate(&inv, &inv.vendors[0], date("2026-11-28"))
            .due
            .unwrap()
            .on,
        date("2026-12-13")
    );
}

#[test]
fn without_a_country_only_weekends_roll() {
    let body = "[[vendor]]\nid = \"v\"\nname = \"V\"\nretired_on = 2020-01-01\nlaw = \"uk-gdpr\"\n\n[[vendor.event]]\non = 2025-11-25\nkind = \"requested\"\n";
    let inv = inventory(body, "2026-11-28");
    assert_eq!(
        evaluate(&inv, &inv.vendors[0], date("2026-11-28"))
            .due
            .unwrap()
            .on,
        date("2025-12-25")
    );
}
