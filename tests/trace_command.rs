//! `linger trace` as a user runs it: forwarded phishing as .eml files, an
//! mbox and a Maildir folder, or a plain list, against canaries and subject
//! sets; the JSON shape; the address file for the letters.

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

fn message(to: &str) -> String {
    format!(
        "From: billing@northwind-login.example\r\nTo: {to}\r\nSubject: Your invoice\r\n\r\nPay now.\r\n"
    )
}

#[test]
fn trace_ranks_the_source_from_mails_in_every_form() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vendors.toml"), EXAMPLE).unwrap();
    let mailblast: Vec<String> = (0..400).map(|i| format!("c{i}@example.com")).collect();
    let newcrm: Vec<String> = (300..2000).map(|i| format!("c{i}@example.com")).collect();
    std::fs::write(d.join("mailblast.txt"), mailblast.join("\n")).unwrap();
    std::fs::write(d.join("newcrm.txt"), newcrm.join("\n")).unwrap();
    for (id, file) in [("mailblast", "mailblast.txt"), ("newcrm", "newcrm.txt")] {
        let out = linger(d)
            .args(["-q", "subjects", "import", id, file])
            .output()
            .unwrap();
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
    }
    // The leak: 30 of MailBlast's customers, as single .eml files, an mbox,
    // a Maildir and a list, plus a forward from our own staff.
    std::fs::create_dir_all(d.join("maildir/cur")).unwrap();
    let mut mbox = String::new();
    for i in 0..30 {
        let to = format!("c{}@example.com", i * 7);
        match i % 3 {
            0 => std::fs::write(d.join(format!("phish{i}.eml")), message(&to)).unwrap(),
            1 => mbox.push_str(&format!(
                "From x Fri Nov 27 09:00:00 2026\n{}\n",
                message(&to).replace("\r\n", "\n")
            )),
            _ => std::fs::write(d.join(format!("maildir/cur/{i}:2,S")), message(&to)).unwrap(),
        }
    }
    std::fs::write(d.join("inbox.mbox"), mbox).unwrap();
    std::fs::write(d.join("staff.eml"), message("kari@northwind.example")).unwrap();
    let mut args: Vec<String> = vec!["trace".into(), "--format".into(), "json".into()];
    args.extend((0..30).step_by(3).map(|i| format!("phish{i}.eml")));
    args.extend(
        [
            "inbox.mbox",
            "maildir",
            "staff.eml",
            "--write-addresses",
            "leaked.txt",
        ]
        .map(String::from),
    );
    let out = linger(d).args(&args).output().unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["leaked"], 30);
    assert_eq!(json["own"], 1);
    assert_eq!(json["unknown"], 0);
    assert_eq!(json["messages"], 31);
    let top = &json["vendors"][0];
    assert_eq!(top["id"], "mailblast");
    assert_eq!(top["hits"], 30);
    assert_eq!(top["verdict"], "very likely");
    assert!(top["chance"].as_f64().unwrap() < 1e-6);
    assert!(
        json["next"][0]
            .as_str()
            .unwrap()
            .contains("linger letter mailblast --kind breach-inquiry --addresses leaked.txt")
    );
    let written = std::fs::read_to_string(d.join("leaked.txt")).unwrap();
    assert_eq!(written.lines().count(), 30);
    assert!(
        !written.contains("northwind.example"),
        "our own staff is not a leaked customer"
    );
    // The inventory is untouched.
    assert_eq!(
        std::fs::read_to_string(d.join("vendors.toml")).unwrap(),
        EXAMPLE
    );

    // A canary hit makes a vendor certain, from a plain list too.
    std::fs::write(
        d.join("list.txt"),
        "c1@example.com\nk7f3q9x2@canary.northwind.example\n",
    )
    .unwrap();
    let out = linger(d).args(["trace", "list.txt"]).output().unwrap();
    let table = String::from_utf8_lossy(&out.stdout);
    let first = table.lines().nth(1).unwrap();
    assert!(
        first.starts_with("oldcrm") && first.ends_with("certain"),
        "{table}"
    );
}

#[test]
fn trace_without_canaries_or_sets_says_what_to_prepare() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vendors.toml"),
        "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n\n[[vendor]]\nid = \"v\"\nname = \"V\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("list.txt"), "a@example.com\n").unwrap();
    let out = linger(dir.path())
        .args(["trace", "list.txt"])
        .output()
        .unwrap();
    // The addresses are still read and counted, and the help says what
    // to prepare (tests/first_hour.rs covers the guesses).
    assert_eq!(out.status.code(), Some(0));
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(stdout.contains("1 leaked address"), "{stdout}");
    assert!(stdout.contains("canary new"), "{stdout}");
}

#[test]
fn the_shipped_incident_traces_to_mailblast_as_the_readme_says() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vendors.toml"), EXAMPLE).unwrap();
    let incident = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/incident");
    for (id, file) in [("mailblast", "mailblast.csv"), ("newcrm", "newcrm.csv")] {
        let out = linger(d)
            .args(["-q", "subjects", "import", id])
            .arg(incident.join("exports").join(file))
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0));
    }
    let out = linger(d)
        .args(["trace", "--format", "json"])
        .arg(incident.join("phishing"))
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        (json["leaked"].as_u64(), json["own"].as_u64()),
        (Some(24), Some(1))
    );
    let top = &json["vendors"][0];
    assert_eq!(
        (top["id"].as_str(), top["hits"].as_u64()),
        (Some("mailblast"), Some(24))
    );
    assert_eq!(
        (top["exclusive"].as_u64(), top["canary_hits"].as_u64()),
        (Some(18), Some(1))
    );
    assert_eq!(top["verdict"], "certain");
    assert_eq!(json["vendors"][1]["verdict"], "unlikely");
    let markdown = linger(d)
        .args(["trace", "--format", "markdown"])
        .arg(incident.join("phishing"))
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&markdown.stdout);
    let first = text.lines().nth(2).unwrap();
    let cells: Vec<&str> = first.split('|').map(str::trim).collect();
    assert_eq!(
        &cells[1..5],
        ["mailblast", "MailBlast Ltd", "24", "100%"],
        "{text}"
    );
    assert!(
        text.contains("- linger letter mailblast --kind breach-inquiry"),
        "{text}"
    );
}

#[test]
fn addresses_no_mail_could_reach_are_set_aside_and_shown() {
    let dir = tempfile::tempdir().unwrap();
    let d = dir.path();
    std::fs::write(d.join("vendors.toml"), EXAMPLE).unwrap();
    std::fs::write(d.join("set.txt"), "anna@example.com\nbo@example.com\n").unwrap();
    let out = linger(d)
        .args(["-q", "subjects", "import", "mailblast", "set.txt"])
        .output()
        .unwrap();
    common::assert_success(&out);
    std::fs::write(
        d.join("leak.txt"),
        "anna@example.com\nphishing@pot\nxx@yy\nbo@example.com\n",
    )
    .unwrap();
    let out = linger(d)
        .args([
            "trace",
            "leak.txt",
            "--format",
            "json",
            "--write-addresses",
            "out.txt",
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(doc["rejected"], 2);
    assert_eq!(doc["leaked"], 2);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Set aside 2 addresses") && stderr.contains("phishing@pot, xx@yy"),
        "{stderr}"
    );
    let written = std::fs::read_to_string(d.join("out.txt")).unwrap();
    assert_eq!(written, "anna@example.com\nbo@example.com\n");
}
