//! `linger calendar`: the iCalendar file, read back by a second parser
//! (Python's `icalendar` package, which `.ci/run` installs): one to-do per
//! open due date with its due date, the next action, the command, and an
//! alarm `reminder_days` before; stable UIDs across runs and across a due
//! date that moves.

mod common;

use std::path::Path;

use serde_json::Value;

const EXAMPLE: &str = include_str!("../vendors.example.toml");

fn parsed(ics: &Path) -> Value {
    let out = std::process::Command::new("python3")
        .arg(concat!(env!("CARGO_MANIFEST_DIR"), "/tests/ics_check.py"))
        .arg(ics)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "the second parser refused the file (pip install icalendar?): {}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn calendar(inventory: &Path, ics: &Path) {
    let out = common::linger()
        .arg("-f")
        .arg(inventory)
        .args(["calendar", "-o"])
        .arg(ics)
        .output()
        .unwrap();
    common::assert_success(&out);
}

/// (id, due date, next action) of each vendor with a due date, from
/// `overdue --upcoming`.
fn due_dates(inventory: &Path) -> Vec<(String, String, Option<String>)> {
    let out = common::linger()
        .arg("-f")
        .arg(inventory)
        .args(["overdue", "--upcoming", "3650", "--format", "json"])
        .output()
        .unwrap();
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut rows: Vec<_> = rows
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["due_on"].as_str().unwrap().to_string(),
                r["next_action"].as_str().map(str::to_string),
            )
        })
        .collect();
    rows.sort();
    rows
}

#[test]
fn one_todo_per_open_due_date_that_a_second_parser_reads() {
    if !common::outside::python_icalendar("one_todo_per_open_due_date_that_a_second_parser_reads") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, EXAMPLE).unwrap();
    let ics = dir.path().join("deletions.ics");
    calendar(&inventory, &ics);
    let raw = std::fs::read_to_string(&ics).unwrap();
    assert!(
        raw.lines().all(|l| l.len() <= 75),
        "a line longer than 75 octets"
    );
    assert!(raw.contains("\r\n"), "lines end in CRLF");

    let cal = parsed(&ics);
    assert_eq!(cal["version"], "2.0");
    assert!(cal["prodid"].as_str().unwrap().starts_with("-//linger//"));
    let due = due_dates(&inventory);
    let todos = cal["todos"].as_array().unwrap();
    assert_eq!(todos.len(), due.len());
    let mut seen: Vec<(String, String, Option<String>)> = Vec::new();
    for todo in todos {
        let uid = todo["uid"].as_str().unwrap();
        let id = uid.split('.').next().unwrap();
        let (_, on, action) = due
            .iter()
            .find(|(v, _, _)| v == id)
            .unwrap_or_else(|| panic!("{uid}"));
        assert_eq!(todo["due"], on.as_str());
        let description = todo["description"].as_str().unwrap();
        match action {
            Some(action) => {
                assert!(
                    description.contains(&format!("linger letter {id} --kind {action}")),
                    "{description}"
                );
                assert!(description.contains(&format!("linger send {id} --kind {action}")));
            }
            None => assert!(
                description.contains(&format!("linger show {id}")),
                "{description}"
            ),
        }
        let name_line = EXAMPLE
            .split("[[vendor]]")
            .find(|v| v.contains(&format!("id = \"{id}\"\n")))
            .and_then(|v| v.lines().find(|l| l.starts_with("name = ")))
            .unwrap()
            .trim_start_matches("name = ")
            .trim_matches('"');
        assert!(
            todo["summary"]
                .as_str()
                .unwrap()
                .starts_with(&format!("{name_line}: "))
        );
        // The example's reminder_days is the default, 14.
        let alarms = todo["alarms"].as_array().unwrap();
        assert_eq!(alarms.len(), 1);
        assert_eq!(alarms[0]["action"], "DISPLAY");
        assert_eq!(alarms[0]["seconds"], -14 * 24 * 3600);
        assert_eq!(alarms[0]["related"], "END");
        assert_eq!(todo["dtstamp"], "2026-11-28T12:00:00+00:00");
        seen.push((id.to_string(), on.clone(), action.clone()));
    }
    seen.sort();
    assert_eq!(seen, due);
}

#[test]
fn uids_stay_when_the_file_is_made_again_and_when_a_due_date_moves() {
    if !common::outside::python_icalendar(
        "uids_stay_when_the_file_is_made_again_and_when_a_due_date_moves",
    ) {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, EXAMPLE).unwrap();
    let first = dir.path().join("first.ics");
    let again = dir.path().join("again.ics");
    calendar(&inventory, &first);
    calendar(&inventory, &again);
    assert_eq!(
        std::fs::read(&first).unwrap(),
        std::fs::read(&again).unwrap()
    );

    // MailBlast grants itself an extension: its due date moves, its to-do
    // keeps its UID (a calendar updates it), and nothing else changes.
    let out = common::linger()
        .arg("-f")
        .arg(&inventory)
        .args([
            "mark",
            "mailblast",
            "extended",
            "--until",
            "2027-01-15",
            "--on",
            "2026-11-20",
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    let moved = dir.path().join("moved.ics");
    calendar(&inventory, &moved);
    let before = parsed(&first);
    let after = parsed(&moved);
    let find = |cal: &Value, uid: &str| {
        cal["todos"]
            .as_array()
            .unwrap()
            .iter()
            .find(|t| t["uid"] == uid)
            .cloned()
            .unwrap_or_else(|| panic!("no {uid}"))
    };
    let uid = "mailblast.response@linger.northwind.example";
    assert_eq!(find(&before, uid)["due"], "2026-10-21");
    assert_eq!(find(&after, uid)["due"], "2027-01-15");
    let uids = |cal: &Value| -> Vec<String> {
        cal["todos"]
            .as_array()
            .unwrap()
            .iter()
            .map(|t| t["uid"].as_str().unwrap().to_string())
            .collect()
    };
    assert_eq!(uids(&before), uids(&after));
}
