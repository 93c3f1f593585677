//! Behaviours of the real binary that a snapshot cannot show: pipes,
//! colour, files created, and the starter inventory passing its own check.

mod common;

use std::io::Read;
use std::process::{Command, Stdio};

/// Colour tests set `NO_COLOR` themselves: start without it.
fn linger() -> Command {
    let mut cmd = common::linger();
    cmd.env_remove("NO_COLOR");
    cmd
}

#[test]
fn the_starter_inventory_passes_check_once_its_placeholders_are_replaced() {
    let dir = tempfile::tempdir().unwrap();
    let status = linger().arg("init").current_dir(&dir).status().unwrap();
    assert!(status.success());
    // Untouched, its letters would go out from "Your Company Ltd".
    let out = linger().args(["check"]).current_dir(&dir).output().unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert_eq!(
        stdout.matches("error[starter-placeholder]").count(),
        4,
        "{stdout}"
    );
    for field in ["name", "email", "signatory", "address"] {
        assert!(
            stdout.contains(&format!("`organization.{field}` is still")),
            "{stdout}"
        );
    }
    let path = dir.path().join("vendors.toml");
    let text = std::fs::read_to_string(&path)
        .unwrap()
        .replace("Your Company Ltd", "Northwind Analytics AS")
        .replace("privacy@your-company.example", "privacy@northwind.example")
        .replace("Your Name, Data Protection Officer", "Kari Nordmann, DPO")
        .replace("Street 1, 0000 City, Country", "Storgata 1, 0155 Oslo");
    std::fs::write(&path, text).unwrap();
    let out = linger().args(["check"]).current_dir(&dir).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    assert_eq!(
        String::from_utf8_lossy(&out.stdout),
        "checked 0 vendors: no findings\n"
    );
}

#[test]
fn init_writes_to_a_given_path_and_never_overwrites() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inv.toml");
    assert!(linger().arg("init").arg(&path).status().unwrap().success());
    std::fs::write(&path, "# mine\n").unwrap();
    let out = linger().arg("init").arg(&path).output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "# mine\n");
}

#[test]
fn a_closed_pipe_is_success() {
    // A large inventory, so the output overflows the pipe buffer.
    let dir = tempfile::tempdir().unwrap();
    let mut text =
        String::from("schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n");
    for i in 0..5000 {
        text.push_str(&format!(
            "[[vendor]]\nid = \"v{i}\"\nname = \"Vendor {i}\"\nretired_on = 2020-01-01\n"
        ));
    }
    std::fs::write(dir.path().join("vendors.toml"), text).unwrap();
    let mut child = linger()
        .args(["list"])
        .current_dir(&dir)
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut first = [0u8; 64];
    child
        .stdout
        .as_mut()
        .unwrap()
        .read_exact(&mut first)
        .unwrap();
    drop(child.stdout.take());
    let mut stderr = String::new();
    child
        .stderr
        .take()
        .unwrap()
        .read_to_string(&mut stderr)
        .unwrap();
    let status = child.wait().unwrap();
    assert_eq!(status.code(), Some(0), "stderr: {stderr}");
    assert_eq!(stderr, "");
}

#[test]
fn colour_follows_the_flag_and_no_color() {
    let run = |args: &[&str], no_color: bool| {
        let mut cmd = linger();
        cmd.current_dir(env!("CARGO_MANIFEST_DIR"))
            .args(["-f", "vendors.example.toml"])
            .args(args);
        if no_color {
            cmd.env("NO_COLOR", "1");
        }
        String::from_utf8(cmd.output().unwrap().stdout).unwrap()
    };
    assert!(run(&["--color", "always", "check"], false).contains("\x1b["));
    assert!(!run(&["--color", "never", "check"], false).contains("\x1b["));
    // Not a terminal: no colour by default.
    assert!(!run(&["check"], false).contains("\x1b["));
    assert!(!run(&["check"], true).contains("\x1b["));
}

#[test]
fn the_inventory_env_var_and_flag_both_work() {
    let root = env!("CARGO_MANIFEST_DIR");
    let dir = tempfile::tempdir().unwrap();
    let out = linger()
        .current_dir(&dir)
        .env("LINGER_INVENTORY", format!("{root}/vendors.example.toml"))
        .args(["overdue", "--format", "csv"])
        .output()
        .unwrap();
    assert!(out.status.success());
    assert!(String::from_utf8_lossy(&out.stdout).contains("oldcrm,OldCRM Inc.,request"));
}

#[test]
fn evidence_paths_resolve_from_the_inventory_directory() {
    // Run from elsewhere: the example's evidence file must still be found.
    let dir = tempfile::tempdir().unwrap();
    let root = env!("CARGO_MANIFEST_DIR");
    let out = linger()
        .current_dir(&dir)
        .args([
            "-f",
            &format!("{root}/vendors.example.toml"),
            "check",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert!(codes.contains(&"request-overdue"));
    assert!(!codes.contains(&"evidence-missing"), "{codes:?}");
}

fn example_with_every_authority(dir: &std::path::Path) {
    std::fs::write(
        dir.join("vendors.toml"),
        common::example_with_every_authority(),
    )
    .unwrap();
}

#[test]
fn letters_due_without_an_authority_for_a_law_writes_the_rest_and_names_the_key() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendors.example.toml");
    std::fs::copy(&example, dir.path().join("vendors.toml")).unwrap();
    let out = linger()
        .args(["letters", "--due", "-o", "out"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("[organization.authority.ccpa]"), "{stderr}");
    assert_eq!(
        std::fs::read_dir(dir.path().join("out")).unwrap().count(),
        4
    );
}

#[test]
fn letters_due_writes_exactly_the_letters_that_are_due() {
    let dir = tempfile::tempdir().unwrap();
    example_with_every_authority(dir.path());
    let out = linger()
        .args(["letters", "--due", "-o", "out"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let mut files: Vec<String> = std::fs::read_dir(dir.path().join("out"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    files.sort();
    // The five vendors whose next action is a letter; the other eleven are
    // waiting, done, active or hold no data, and get nothing.
    assert_eq!(
        files,
        [
            "chatwidget.escalation.eml",
            "formbuilder.request.eml",
            "helpdeskly.escalation.eml",
            "mailblast.follow-up.eml",
            "oldcrm.request.eml",
        ]
    );
    let list = linger()
        .args(["list", "--format", "json"])
        .current_dir(&dir)
        .output()
        .unwrap();
    let rows: serde_json::Value = serde_json::from_slice(&list.stdout).unwrap();
    let with_action = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| !r["next_action"].is_null())
        .count();
    assert_eq!(
        with_action,
        files.len(),
        "one draft per vendor with a next action"
    );
}

#[test]
fn a_letter_is_never_written_over_the_inventory() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendors.example.toml");
    std::fs::copy(&example, dir.path().join("vendors.toml")).unwrap();
    let before = std::fs::read(dir.path().join("vendors.toml")).unwrap();
    let out = linger()
        .args(["letter", "oldcrm", "-o", "vendors.toml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        before
    );
    let out = linger()
        .args(["letter", "oldcrm", "--format", "eml", "-o", "oldcrm.eml"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let eml = std::fs::read_to_string(dir.path().join("oldcrm.eml")).unwrap();
    assert!(eml.contains("X-Unsent: 1\r\n"));
}

#[test]
fn letters_due_names_drafts_after_their_format() {
    let dir = tempfile::tempdir().unwrap();
    example_with_every_authority(dir.path());
    let out = linger()
        .args(["letters", "--due", "--format", "markdown", "-o", "md"])
        .current_dir(&dir)
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let request = std::fs::read_to_string(dir.path().join("md/oldcrm.request.md")).unwrap();
    assert!(request.starts_with("# Deletion request: Northwind Analytics AS"));
}

#[test]
fn an_empty_secret_is_refused_before_the_keyring_is_touched() {
    let dir = tempfile::tempdir().unwrap();
    let mut child = linger()
        .args(["secret", "set", "smtp-password"])
        .current_dir(&dir)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // A piped value of just a line break is empty once the break is dropped.
    std::io::Write::write_all(&mut child.stdin.take().unwrap(), b"\n").unwrap();
    let out = child.wait_with_output().unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("nothing was stored"));
}

#[test]
fn a_password_written_into_the_inventory_is_located_but_never_printed() {
    let dir = tempfile::tempdir().unwrap();
    let head = "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n\n";
    for (table, line) in [
        // An unknown key that names a secret, quoted.
        (
            "[imap]\nhost = \"imap.n.example\"\nusername = \"u\"\n",
            "password = \"hunter2-SECRET\"\n",
        ),
        // Not even valid TOML: the parser's own error must not show it.
        (
            "[smtp]\nhost = \"smtp.n.example\"\n",
            "smtp_pass = hunter2-SECRET\n",
        ),
    ] {
        let text = format!("{head}{table}{line}");
        let path = dir.path().join("vendors.toml");
        std::fs::write(&path, &text).unwrap();
        let out = linger().arg("check").current_dir(&dir).output().unwrap();
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{stderr}");
        assert!(!stderr.contains("hunter2"), "{stderr}");
        let line_no = text.lines().count();
        assert!(
            stderr.contains(&format!("vendors.toml:{line_no}:")),
            "{stderr}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), text);
    }
}

// The Secret Service over D-Bus is Linux's keyring.
#[cfg(target_os = "linux")]
#[test]
fn an_unreachable_keyring_hints_at_the_variable_of_the_secret_asked_for() {
    // No D-Bus session answers: the platform's keyring cannot be reached.
    let dir = tempfile::tempdir().unwrap();
    let out = linger()
        .args(["secret", "delete", "imap-password"])
        .current_dir(&dir)
        .env_remove("LINGER_KEYRING")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/linger-test",
        )
        .output()
        .unwrap();
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("set LINGER_IMAP_PASSWORD instead"),
        "{stderr}"
    );
    assert!(!stderr.contains("LINGER_SMTP_PASSWORD"), "{stderr}");
}

#[test]
fn due_today_is_not_overdue_and_fails_no_ci_job() {
    // Asked on 2026-10-28: one calendar month later is Saturday 28
    // November, which moves to Monday 30 November.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vendors.toml"),
        "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n\n\
         [[vendor]]\nid = \"v\"\nname = \"V\"\nretired_on = 2026-10-01\n\n\
         [[vendor.event]]\non = 2026-10-28\nkind = \"requested\"\n",
    )
    .unwrap();
    let overdue = |today: &str, extra: &[&str]| {
        linger()
            .env("LINGER_TODAY", today)
            .args(["overdue", "--format", "csv", "--exit-code"])
            .args(extra)
            .current_dir(&dir)
            .output()
            .unwrap()
    };
    let due_day = overdue("2026-11-30", &[]);
    assert_eq!(due_day.status.code(), Some(0));
    assert!(!String::from_utf8_lossy(&due_day.stdout).contains("\nv,"));
    let upcoming = overdue("2026-11-30", &["--upcoming", "0"]);
    assert_eq!(
        upcoming.status.code(),
        Some(0),
        "upcoming rows are not late"
    );
    assert!(String::from_utf8_lossy(&upcoming.stdout).contains("\nv,"));
    let late = overdue("2026-12-01", &[]);
    assert_eq!(late.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&late.stdout).contains(",1,"));
}

#[test]
fn json_output_carries_the_load_errors_when_the_inventory_is_broken() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vendors.toml"),
        "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n\n[[vendor]]\nid = \"v\"\nnmae = \"V\"\n",
    )
    .unwrap();
    for args in [
        &["check", "--format", "json"][..],
        &["list", "--format", "json"],
        &["overdue", "--format", "json"],
    ] {
        let out = linger().args(args).current_dir(&dir).output().unwrap();
        assert_eq!(out.status.code(), Some(2), "{args:?}");
        let json: serde_json::Value = serde_json::from_slice(&out.stdout)
            .unwrap_or_else(|e| panic!("{args:?}: stdout is not JSON ({e})"));
        let findings = json["findings"].as_array().unwrap();
        assert_eq!(findings.len(), 2, "{args:?}: {json:#}");
        assert_eq!(json["summary"]["error"], 2);
        let typo = &findings[1];
        assert_eq!(typo["code"], serde_json::Value::Null);
        assert_eq!(typo["severity"], "error");
        assert_eq!(typo["path"], "vendors.toml");
        assert_eq!(
            (typo["line"].as_u64(), typo["column"].as_u64()),
            (Some(8), Some(1))
        );
        assert_eq!(
            (typo["end_line"].as_u64(), typo["end_column"].as_u64()),
            (Some(8), Some(5))
        );
        assert!(
            typo["help"]
                .as_str()
                .unwrap()
                .contains("did you mean `name`")
        );
        // The person reading the log still gets the usual message.
        assert!(String::from_utf8_lossy(&out.stderr).contains("could not load"));
    }
}
