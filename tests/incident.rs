//! `linger incident` as a user runs it: opened from the real `trace` and
//! `phish` JSON over examples/incident, steps recorded with evidence, the
//! clocks in `check` (JSON) at 48 hours left and 72 hours passed, across
//! the end of summer time, the calendar's to-do, the register in three
//! formats, and bad input that changes nothing.

mod common;

use std::path::Path;

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";

fn linger(dir: &Path) -> std::process::Command {
    let mut cmd = common::linger();
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("LINGER_SUBJECTS_KEY", KEY)
        .current_dir(dir);
    cmd
}

/// A small inventory in Oslo with one incident, aware at the start of the
/// last weekend of October 2026 (summer time ends on Sunday the 25th).
const OSLO: &str = r#"schema = 1

[organization]
name = "Northwind Analytics AS"
email = "privacy@northwind.example"
country = "NO"
time_zone = "Europe/Oslo"

[[vendor]]
id = "mailblast"
name = "MailBlast Ltd"
privacy_email = "dpo@mailblast.example"
used_from = 2024-01-10
data = ["contact.email"]
canaries = ["k7f3q9x2@canary.northwind.example"]

[[incident]]
id = "2026-10-24"
aware = 2026-10-24T10:00:00+02:00   # the first customer's forward
confirmed_vendors = ["mailblast"]
risk = "risk"
"#;

fn workspace(text: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), text).unwrap();
    dir
}

fn json(out: &std::process::Output) -> serde_json::Value {
    serde_json::from_slice(&out.stdout).unwrap_or_else(|err| {
        panic!(
            "{err}: {}\n{}",
            common::text(&out.stdout),
            common::text(&out.stderr)
        )
    })
}

/// The incident findings of `check --format json` at `today`.
fn incident_findings(dir: &Path, today: &str) -> (Option<i32>, Vec<serde_json::Value>) {
    let out = linger(dir)
        .args(["--today", today, "check", "--format", "json"])
        .output()
        .unwrap();
    let all = json(&out)["findings"].as_array().unwrap().clone();
    let ours = all
        .into_iter()
        .filter(|f| f.get("incident").is_some())
        .collect();
    (out.status.code(), ours)
}

fn finding<'a>(findings: &'a [serde_json::Value], code: &str) -> Option<&'a serde_json::Value> {
    findings.iter().find(|f| f["code"] == code)
}

#[test]
fn check_warns_at_48_hours_left_and_errors_once_72_hours_passed() {
    let dir = workspace(OSLO);
    let d = dir.path();
    // 24 hours after aware (the clocks went back an hour in between: the
    // wall clock shows 09:00 +01:00 on Sunday, 24 real hours later).
    let (status, found) = incident_findings(d, "2026-10-25T09:00:00+01:00");
    let due = finding(&found, "breach-notification-due").expect("the clock runs");
    assert_eq!(due["severity"], "warn", "{due}");
    assert_eq!(due["incident"], "2026-10-24");
    let message = due["message"].as_str().unwrap();
    assert!(message.contains("2026-10-27 09:00 +01:00"), "{message}");
    assert!(message.contains("48 hours left"), "{message}");
    assert!(message.contains("GDPR Art. 33(1)"), "{message}");
    assert_eq!(status, Some(0), "a warning is not a failure");
    assert_eq!(due["line"], 19, "{due}");
    assert_eq!(
        finding(&found, "incident-open").unwrap()["severity"],
        "info"
    );

    // Under 24 hours left: an error.
    let (status, found) = incident_findings(d, "2026-10-26T10:00:00+01:00");
    let due = finding(&found, "breach-notification-due").unwrap();
    assert_eq!(due["severity"], "error", "{due}");
    assert!(due["message"].as_str().unwrap().contains("23 hours left"));
    assert_eq!(status, Some(1));

    // 72 hours passed without a notification: an error that says so, and
    // that the late notification must give its reasons.
    let (status, found) = incident_findings(d, "2026-10-27T09:00:00+01:00");
    let due = finding(&found, "breach-notification-due").unwrap();
    assert_eq!(due["severity"], "error", "{due}");
    let message = due["message"].as_str().unwrap();
    assert!(
        message.contains("was due by 2026-10-27 09:00 +01:00"),
        "{message}"
    );
    assert!(message.contains("reasons for the delay"), "{message}");
    assert_eq!(status, Some(1));

    // A bare --today is the start of that day in Oslo: 2026-10-27 00:00
    // +01:00, nine hours before the deadline.
    let (_, found) = incident_findings(d, "2026-10-27");
    let due = finding(&found, "breach-notification-due").unwrap();
    assert!(
        due["message"].as_str().unwrap().contains("9 hours left"),
        "{due}"
    );

    // Recorded, the clock stops; the incident stays open until closed.
    let out = linger(d)
        .args([
            "--today",
            "2026-10-26T12:00:00+01:00",
            "incident",
            "mark",
            "2026-10-24",
            "authority-notified",
            "--to",
            "postkasse@datatilsynet.no",
            "--letter",
            "breach-notification",
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    let (status, found) = incident_findings(d, "2026-10-28T09:00:00+01:00");
    assert!(
        finding(&found, "breach-notification-due").is_none(),
        "{found:?}"
    );
    assert!(finding(&found, "incident-open").is_some());
    assert_eq!(status, Some(0));
    let text = std::fs::read_to_string(d.join("vendors.toml")).unwrap();
    assert!(
        text.contains("on = 2026-10-26T12:00:00+01:00\nkind = \"authority-notified\""),
        "{text}"
    );
    // The comment after `aware` is where it was.
    assert!(text.contains("+02:00   # the first customer's forward\n"));
}

#[test]
fn show_counts_the_72_hours_across_the_end_of_summer_time() {
    let dir = workspace(OSLO);
    let out = linger(dir.path())
        .args([
            "--today",
            "2026-10-25T09:00:00+01:00",
            "incident",
            "show",
            "2026-10-24",
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    let text = common::text(&out.stdout);
    assert!(
        text.contains("the authority: within 72 hours (GDPR Art. 33(1)): due 2026-10-27 09:00 +01:00 (48 hours left)"),
        "{text}"
    );
}

#[test]
fn a_business_day_clock_skips_the_organizations_holidays() {
    // LGPD: three business days. Aware on Thursday 2026-12-24 in Oslo:
    // Christmas Day and Boxing Day are Norwegian holidays, then the
    // weekend; the 28th, 29th and 30th count.
    let text = OSLO
        .replace("country = \"NO\"", "country = \"NO\"\nlaw = \"lgpd\"")
        .replace(
            "aware = 2026-10-24T10:00:00+02:00",
            "aware = 2026-12-24T10:00:00+01:00",
        );
    let dir = workspace(&text);
    let (_, found) = incident_findings(dir.path(), "2026-12-28T10:00:00+01:00");
    let due = finding(&found, "breach-notification-due").unwrap();
    let message = due["message"].as_str().unwrap();
    assert!(
        message.contains("due by 2026-12-31 00:00 +01:00"),
        "{message}"
    );
    assert!(message.contains("3 business days"), "{message}");
    assert!(message.contains("Resolução CD/ANPD 15/2024"), "{message}");
    // With the 29th a local day off too, it moves a day.
    let text = text.replace(
        "time_zone = \"Europe/Oslo\"\n",
        "time_zone = \"Europe/Oslo\"\n\n[policy]\nholidays = [2026-12-29]\n",
    );
    let dir = workspace(&text);
    let (_, found) = incident_findings(dir.path(), "2026-12-28T10:00:00+01:00");
    let message = finding(&found, "breach-notification-due").unwrap()["message"]
        .as_str()
        .unwrap()
        .to_string();
    assert!(
        message.contains("due by 2027-01-01 00:00 +01:00"),
        "{message}"
    );
}

#[test]
fn the_calendar_has_the_deadline_with_an_alarm_a_day_before() {
    let dir = workspace(OSLO);
    let out = linger(dir.path())
        .args(["--today", "2026-10-25T09:00:00+01:00", "calendar"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let ics = common::text(&out.stdout).replace("\r\n ", "");
    let todo = ics
        .split("BEGIN:VTODO")
        .find(|t| t.contains("UID:incident.2026-10-24.authority@linger.northwind.example"))
        .unwrap_or_else(|| panic!("{ics}"));
    assert!(todo.contains("DUE:20261027T080000Z"), "{todo}");
    assert!(todo.contains("TRIGGER;RELATED=END:-PT86400S"), "{todo}");
    assert!(
        todo.contains("SUMMARY:Incident 2026-10-24: notify the authority"),
        "{todo}"
    );
}

#[test]
fn open_takes_the_vendors_domains_and_senders_from_the_real_trace_and_phish() {
    let dir = workspace(EXAMPLE);
    let d = dir.path();
    let incident = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/incident");
    for (id, file) in [("mailblast", "mailblast.csv"), ("newcrm", "newcrm.csv")] {
        let out = linger(d)
            .args(["-q", "subjects", "import", id])
            .arg(incident.join("exports").join(file))
            .output()
            .unwrap();
        common::assert_success(&out);
    }
    let trace = linger(d)
        .args(["trace", "--format", "json"])
        .arg(incident.join("phishing"))
        .output()
        .unwrap();
    common::assert_success(&trace);
    std::fs::write(d.join("trace.json"), &trace.stdout).unwrap();
    let phish = linger(d)
        .args(["phish", "--format", "json"])
        .arg(incident.join("phishing"))
        .output()
        .unwrap();
    common::assert_success(&phish);
    std::fs::write(d.join("phish.json"), &phish.stdout).unwrap();
    let phished = json(&phish);
    let domains: Vec<String> = phished["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain"].as_str().unwrap().to_string())
        .collect();
    assert!(!domains.is_empty(), "{phished}");

    let before = std::fs::read(d.join("vendors.toml")).unwrap();
    let out = linger(d)
        .args([
            "--today",
            "2026-11-28T12:00:00+01:00",
            "incident",
            "open",
            "--aware",
            "2026-11-28T08:30:00+01:00",
            "--from-trace",
            "trace.json",
            "--from-phish",
            "phish.json",
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert_eq!(common::text(&out.stdout), "2026-11-28\n");
    let after = std::fs::read_to_string(d.join("vendors.toml")).unwrap();
    // Nothing but the new incident, appended.
    assert!(after.as_bytes().starts_with(&before));
    let inventory = linger::inventory::parse(&after, common::date("2026-11-28")).unwrap();
    let opened = &inventory.incidents[0];
    assert_eq!(opened.aware.value.to_rfc3339(), "2026-11-28T08:30:00+01:00");
    let confirmed: Vec<&str> = opened
        .vendors
        .iter()
        .filter(|v| v.confirmed)
        .map(|v| v.id.value.as_str())
        .collect();
    assert_eq!(confirmed, ["mailblast"], "{after}");
    assert!(
        !opened.vendors.iter().any(|v| v.id.value == "newcrm"),
        "newcrm is `unlikely` in the trace: {after}"
    );
    let recorded: Vec<&str> = opened
        .phishing_domains
        .iter()
        .map(|d| d.value.as_str())
        .collect();
    assert_eq!(recorded, domains);
    assert_eq!(opened.data[0].value, "contact.email");

    // A second one the same day gets the next id.
    let out = linger(d)
        .args([
            "--today",
            "2026-11-28T12:00:00+01:00",
            "incident",
            "open",
            "--aware",
            "2026-11-28T09:00:00+01:00",
            "--vendor",
            "newcrm",
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert_eq!(common::text(&out.stdout), "2026-11-28-2\n");
}

#[test]
fn damaged_json_and_bad_flags_leave_the_inventory_byte_identical() {
    let dir = workspace(&OSLO.replace('\n', "\r\n"));
    let d = dir.path();
    let before = std::fs::read(d.join("vendors.toml")).unwrap();
    std::fs::write(
        d.join("trace.json"),
        r#"{"leaked": 24, "own": 1, "vendors": [{"id": "mailblast", "verdict": "cert"#,
    )
    .unwrap();
    std::fs::write(d.join("phish.json"), r#"{"messages": 5}"#).unwrap();
    let open = |extra: &[&str]| {
        let mut args = vec![
            "--today",
            "2026-10-25T09:00:00+01:00",
            "incident",
            "open",
            "--aware",
            "2026-10-25T08:00:00+01:00",
        ];
        args.extend(extra);
        linger(d).args(args).output().unwrap()
    };
    let cases: [(&[&str], &str); 6] = [
        (
            &["--from-trace", "trace.json"],
            "trace.json is not `linger trace --format json` output",
        ),
        (
            &["--from-phish", "phish.json"],
            "has no `domains` and `senders` lists",
        ),
        (&["--vendor", "mailblats"], "did you mean `mailblast`?"),
        (&["--id", "Not An Id"], "is not a valid incident id"),
        (
            &["--id", "2026-10-24"],
            "an incident `2026-10-24` exists already",
        ),
        (&["--data", "emial"], "`emial` is not a data category"),
    ];
    for (extra, says) in cases {
        let out = open(extra);
        assert_eq!(out.status.code(), Some(2), "{extra:?}");
        let stderr = common::text(&out.stderr);
        assert!(stderr.contains(says), "{extra:?}: {stderr}");
        assert_eq!(std::fs::read(d.join("vendors.toml")).unwrap(), before);
    }
    let out = linger(d)
        .args(["incident", "open", "--aware", "2026-10-25T08:00:00"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(common::text(&out.stderr).contains("has no UTC offset"));
    let out = linger(d)
        .args([
            "--today",
            "2026-10-25T09:00:00+01:00",
            "incident",
            "open",
            "--aware",
            "2026-10-25T10:00:00+01:00",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(common::text(&out.stderr).contains("is after now"));
    let out = linger(d)
        .args(["incident", "mark", "2026-10-42", "closed"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(common::text(&out.stderr).contains("did you mean `2026-10-24`?"));
    let out = linger(d)
        .args([
            "incident",
            "mark",
            "2026-10-24",
            "closed",
            "--party",
            "registrar",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(common::text(&out.stderr).contains("`--party` does not apply to `closed`"));
    assert_eq!(std::fs::read(d.join("vendors.toml")).unwrap(), before);
}

#[test]
fn bad_incidents_are_load_errors_that_say_where_and_what() {
    let cases = [
        (
            OSLO.replace(
                "aware = 2026-10-24T10:00:00+02:00",
                "aware = 2026-10-24T10:00:00",
            ),
            "`aware` has no UTC offset",
        ),
        (
            OSLO.replace(
                "aware = 2026-10-24T10:00:00+02:00",
                "aware = 2026-11-30T10:00:00+01:00",
            ),
            "`aware` is 2026-11-30T10:00:00+01:00, after today (2026-11-28 in Europe/Oslo)",
        ),
        (
            OSLO.replace(
                "aware = 2026-10-24T10:00:00+02:00",
                "aware = 2023-10-24T10:00:00+02:00",
            ),
            "`aware` is before vendor `mailblast` was first used (2024-01-10)",
        ),
        (
            OSLO.replace(
                "confirmed_vendors = [\"mailblast\"]",
                "confirmed_vendors = [\"mailblst\"]",
            ),
            "did you mean `mailblast`?",
        ),
        (
            OSLO.replace("time_zone = \"Europe/Oslo\"", "time_zone = \"Europe/Olso\""),
            "did you mean `Europe/Oslo`?",
        ),
    ];
    for (text, says) in cases {
        let dir = workspace(&text);
        let out = linger(dir.path()).args(["check"]).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{says}");
        let stderr = common::text(&out.stderr);
        assert!(stderr.contains(says), "{says}:\n{stderr}");
        assert!(stderr.contains("--> vendors.toml:"), "{stderr}");
    }
}

#[test]
fn steps_with_evidence_a_takedown_and_the_register_in_three_formats() {
    let dir = workspace(OSLO);
    let d = dir.path();
    std::fs::write(d.join("reply.pdf"), b"%PDF-1.4 the registrar's answer").unwrap();
    let mark = |args: &[&str]| {
        let mut all = vec![
            "--today",
            "2026-10-30T12:00:00+01:00",
            "incident",
            "mark",
            "2026-10-24",
        ];
        all.extend(args);
        let out = linger(d).args(all).output().unwrap();
        common::assert_success(&out);
    };
    mark(&[
        "reported",
        "--on",
        "2026-10-24T15:00:00+02:00",
        "--party",
        "registrar",
        "--target",
        "Northwind-Billing.example",
        "--to",
        "abuse@registrar.example",
        "--message-id",
        "<20261024.r1@northwind.example>",
    ]);
    mark(&[
        "authority-notified",
        "--on",
        "2026-10-26T11:00:00+01:00",
        "--to",
        "postkasse@datatilsynet.no",
    ]);
    // Two days after the report, nothing acted: takedown-pending, with
    // the registry as the next party.
    let (_, found) = incident_findings(d, "2026-10-27T12:00:00+01:00");
    let pending = finding(&found, "takedown-pending").expect("pending");
    assert!(
        pending["help"]
            .as_str()
            .unwrap()
            .contains("ask the registry next"),
        "{pending}"
    );
    assert!(
        pending["message"]
            .as_str()
            .unwrap()
            .contains("northwind-billing.example")
    );

    mark(&[
        "acted",
        "--on",
        "2026-10-28",
        "--target",
        "northwind-billing.example",
        "--evidence",
        "reply.pdf",
        "--note",
        "domain suspended (clientHold)",
    ]);
    let kept = d.join("evidence/2026-10-24/2026-10-28-acted.pdf");
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        b"%PDF-1.4 the registrar's answer"
    );
    let (_, found) = incident_findings(d, "2026-10-30T12:00:00+01:00");
    assert!(finding(&found, "takedown-pending").is_none(), "{found:?}");
    mark(&["closed", "--on", "2026-10-30T10:00:00+01:00"]);
    let (_, found) = incident_findings(d, "2026-10-30T12:00:00+01:00");
    assert!(found.is_empty(), "{found:?}");

    let register = |format: &str| {
        let out = linger(d)
            .args(["incident", "register", "--format", format])
            .output()
            .unwrap();
        common::assert_success(&out);
        common::text(&out.stdout)
    };
    let markdown = register("markdown");
    for line in [
        "## 2026-10-24",
        "- Notice to the authority within 72 hours (GDPR Art. 33(1)): notified 2026-10-26T11:00:00+01:00, on time",
        "| 2026-10-24T15:00:00+02:00 | reported | abuse@registrar.example (registrar) | northwind-billing.example |",
        "| 2026-10-28 | acted |",
        "Closed 2026-10-30T10:00:00+01:00.",
    ] {
        assert!(markdown.contains(line), "{line}\n{markdown}");
    }
    let csv = register("csv");
    let mut reader = csv::Reader::from_reader(csv.as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 4, "{csv}");
    let steps: Vec<&str> = rows.iter().map(|r| &r[12]).collect();
    assert_eq!(steps, ["reported", "authority-notified", "acted", "closed"]);
    assert!(
        rows.iter()
            .all(|r| &r[0] == "2026-10-24" && &r[2] == "mailblast")
    );
    assert_eq!(&rows[2][19], "evidence/2026-10-24/2026-10-28-acted.pdf");
    let json: serde_json::Value = serde_json::from_str(&register("json")).unwrap();
    let entry = &json["incidents"][0];
    assert_eq!(entry["clocks"][0]["on_time"], true);
    assert_eq!(entry["steps"].as_array().unwrap().len(), 4);
    assert_eq!(
        entry["steps"][2]["evidence_sha256"].as_str().unwrap().len(),
        64
    );
    assert_eq!(entry["closed"], "2026-10-30T10:00:00+01:00");

    // The kept file changed: `check` says so, as for a vendor's evidence.
    std::fs::write(&kept, b"swapped").unwrap();
    let (status, found) = incident_findings(d, "2026-10-30T12:00:00+01:00");
    let changed = finding(&found, "evidence-changed").expect("the swap is seen");
    assert_eq!(changed["incident"], "2026-10-24");
    assert_eq!(status, Some(1));
    std::fs::remove_file(&kept).unwrap();
    let (_, found) = incident_findings(d, "2026-10-30T12:00:00+01:00");
    assert!(finding(&found, "evidence-missing").is_some(), "{found:?}");
}
