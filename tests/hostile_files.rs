//! Hostile files as a user's machine may hold them (issue 18): mail
//! archives with endless lines, links to devices and FIFOs, senders that
//! are IP literals; phishing messages that are pipes, devices or full of
//! links; compressed and UTF-16 inputs; subject sets that are empty, cut
//! short, made with another key or a FIFO; inventories that try to drive
//! the shell through completions or the calendar. Every one is refused or
//! skipped with a clear word, never a hang, a panic or gigabytes.

mod common;

use common::text;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::{Duration, Instant};

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

/// Runs `cmd`, killing it (and failing the test) after a minute: a hang is
/// the failure these tests look for.
fn bounded(mut cmd: Command) -> Output {
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("the command hung");
        }
        std::thread::sleep(Duration::from_millis(20));
    }
    child.wait_with_output().unwrap()
}

fn mkfifo(path: &Path) {
    let made = Command::new("mkfifo").arg(path).status().unwrap();
    assert!(made.success());
}

fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, EXAMPLE).unwrap();
    (dir, inventory)
}

fn message(from: &str, date: &str, subject: &str) -> String {
    format!("From: {from}\nTo: ops@northwind.example\nDate: {date}\nSubject: {subject}\n\nHello.\n")
}

#[test]
fn discover_skips_an_endless_header_line_and_reads_the_rest() {
    let (dir, inventory) = workspace();
    let mbox = dir.path().join("all.mbox");
    let mut bytes = b"From a@b Tue Mar  3 10:00:00 2020\nFrom: x@huge.example\nSubject: ".to_vec();
    bytes.extend(std::iter::repeat_n(b'A', 20 << 20));
    bytes.extend_from_slice(b"\n\nbody\n\n");
    for month in 1..=3 {
        bytes.extend_from_slice(
            format!(
                "From a@b Tue Mar  3 10:00:00 2020\n{}\n",
                message(
                    "billing@typeform.com",
                    &format!("Tue, 3 Mar 2020 10:00:00 +0000 ({month})"),
                    "Your invoice"
                )
            )
            .as_bytes(),
        );
    }
    std::fs::write(&mbox, bytes).unwrap();
    let mut cmd = common::linger();
    cmd.arg("-f")
        .arg(&inventory)
        .args(["discover", "--format", "json", "--mail"])
        .arg(&mbox);
    let out = bounded(cmd);
    common::assert_success(&out);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Read the headers of 3 messages"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Skipped 1 message with a line over 1 MB"),
        "{stderr}"
    );
    assert!(text(&out.stdout).contains("typeform"));
}

#[test]
fn discover_reads_only_regular_files_in_a_maildir_and_names_the_rest() {
    let (dir, inventory) = workspace();
    let maildir = dir.path().join("Maildir");
    let cur = maildir.join("cur");
    std::fs::create_dir_all(&cur).unwrap();
    std::fs::write(
        cur.join("1:2,S"),
        message(
            "billing@typeform.com",
            "Tue, 3 Mar 2020 10:00:00 +0000",
            "Your invoice",
        ),
    )
    .unwrap();
    std::fs::write(cur.join("export.json"), "{\"not\": \"mail\"}\n").unwrap();
    std::os::unix::fs::symlink("/dev/zero", cur.join("zero")).unwrap();
    std::os::unix::fs::symlink(cur.join("loop"), cur.join("loop")).unwrap();
    std::os::unix::fs::symlink(&inventory, cur.join("outside")).unwrap();
    mkfifo(&cur.join("fifo"));
    let mut cmd = common::linger();
    cmd.arg("-f")
        .arg(&inventory)
        .args(["discover", "--verbose", "--mail"])
        .arg(&maildir);
    let out = bounded(cmd);
    common::assert_success(&out);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Read the headers of 1 message from 1 sender."),
        "{stderr}"
    );
    assert!(
        stderr.contains("Skipped 1 file that is not mail:"),
        "{stderr}"
    );
    assert!(stderr.contains("export.json"), "{stderr}");
    assert!(stderr.contains("Skipped 4 entries not read"), "{stderr}");
    for (name, why) in [
        ("zero", "a link to outside the folder"),
        ("outside", "a link to outside the folder"),
        ("loop", "a broken link or a link loop"),
        ("fifo", "not a regular file"),
    ] {
        assert!(
            stderr.lines().any(|l| l.contains(name) && l.contains(why)),
            "{name}: {stderr}"
        );
    }
}

#[test]
fn an_ip_literal_sender_is_no_candidate_and_blocks_no_add() {
    let (dir, inventory) = workspace();
    let mbox = dir.path().join("all.mbox");
    let mut text_of = String::new();
    for (from, date) in [
        ("<billing@[127.0.0.1]>", "Tue, 3 Mar 2020 10:00:00 +0000"),
        ("<billing@[127.0.0.1]>", "Tue, 3 Jun 2020 10:00:00 +0000"),
        ("billing@typeform.com", "Tue, 3 Mar 2020 10:00:00 +0000"),
        ("billing@typeform.com", "Tue, 3 Jun 2020 10:00:00 +0000"),
    ] {
        text_of.push_str(&format!(
            "From a@b Tue Mar  3 10:00:00 2020\n{}\n",
            message(from, date, "Your receipt")
        ));
    }
    std::fs::write(&mbox, text_of).unwrap();
    let before = std::fs::read(&inventory).unwrap();
    let out = common::linger()
        .arg("-f")
        .arg(&inventory)
        .args(["discover", "--add", "--mail"])
        .arg(&mbox)
        .output()
        .unwrap();
    common::assert_success(&out);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("(2 without a usable sender, skipped)"),
        "{stderr}"
    );
    assert!(!stderr.contains("0.1]"), "{stderr}");
    let after = text(&std::fs::read(&inventory).unwrap());
    assert!(after.starts_with(&text(&before)));
    assert!(after.contains("id = \"typeform\""), "{after}");
}

fn letter_with_message(dir: &Path, inventory: &Path, message: &Path) -> Output {
    std::fs::write(dir.join("leaked.txt"), "anna@example.com\n").unwrap();
    let mut cmd = common::linger();
    cmd.arg("-f")
        .arg(inventory)
        .args([
            "letter",
            "mailblast",
            "--kind",
            "abuse-report",
            "--to",
            "abuse@bulk.example",
            "--phishing-domain",
            "northwind-login.example",
            "--addresses",
            "leaked.txt",
            "--message",
        ])
        .arg(message)
        .current_dir(dir);
    bounded(cmd)
}

#[test]
fn letter_message_refuses_pipes_devices_and_huge_files_and_keeps_links_printable() {
    let (dir, inventory) = workspace();
    let fifo = dir.path().join("fifo.eml");
    mkfifo(&fifo);
    let out = letter_with_message(dir.path(), &inventory, &fifo);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a regular file"),
        "{}",
        text(&out.stderr)
    );

    let out = letter_with_message(dir.path(), &inventory, Path::new("/dev/zero"));
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("not a regular file"));

    let huge = dir.path().join("huge.eml");
    let file = std::fs::File::create(&huge).unwrap();
    file.set_len(30 << 20).unwrap();
    let out = letter_with_message(dir.path(), &inventory, &huge);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("at most 25 MB"),
        "{}",
        text(&out.stderr)
    );

    // 200,000 links, and one that hides its end behind a bidi override.
    let body = "http://a ".repeat(200_000) + "https://evil.example/pay\u{202e}gpj.exe\n";
    let phish = dir.path().join("phish.eml");
    std::fs::write(
        &phish,
        format!("From: x@evil.example\nTo: anna@example.com\nSubject: pay\nDate: Fri, 27 Nov 2026 08:10:00 +0000\n\n{body}"),
    )
    .unwrap();
    let out = letter_with_message(dir.path(), &inventory, &phish);
    common::assert_success(&out);
    let letter = text(&out.stdout);
    assert!(letter.contains("hxxps://evil[.]example/pay"), "{letter}");
    assert!(!letter.contains('\u{202e}'));
}

#[test]
fn compressed_and_utf16_inputs_say_what_they_are_and_how_to_convert() {
    let (dir, inventory) = workspace();
    let gz = dir.path().join("phish.mbox.gz");
    std::fs::write(&gz, b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\x03garbage").unwrap();
    let out = common::linger()
        .arg("-f")
        .arg(&inventory)
        .arg("trace")
        .arg(&gz)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("gzip-compressed") && stderr.contains("gunzip"),
        "{stderr}"
    );

    let utf16: Vec<u8> = "\u{feff}email\nanna@example.com\n"
        .encode_utf16()
        .flat_map(u16::to_le_bytes)
        .collect();
    std::fs::write(dir.path().join("export.csv"), utf16).unwrap();
    let out = common::linger()
        .env("LINGER_SUBJECTS_KEY", KEY)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .arg("-f")
        .arg(&inventory)
        .args(["subjects", "import", "mailblast", "export.csv"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("UTF-16") && stderr.contains("iconv -f UTF-16"),
        "{stderr}"
    );

    std::fs::write(
        dir.path().join("latin1.txt"),
        b"M\xfcller <mueller@example.com>\n",
    )
    .unwrap();
    let out = common::linger()
        .arg("-f")
        .arg(&inventory)
        .args(["trace", "latin1.txt", "--write-addresses", "out.txt"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not UTF-8"),
        "{}",
        text(&out.stderr)
    );
    assert!(
        !dir.path().join("out.txt").exists(),
        "nothing is written from a refused input"
    );
}

fn subjects(dir: &Path, args: &[&str]) -> Output {
    let mut cmd = common::linger();
    cmd.env("LINGER_SUBJECTS_KEY", KEY)
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .args(args)
        .current_dir(dir);
    bounded(cmd)
}

fn check_codes(dir: &Path) -> Vec<(String, String, String)> {
    let out = common::linger()
        .args(["check", "--format", "json"])
        .current_dir(dir)
        .output()
        .unwrap();
    let doc: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == "subjects-damaged")
        .map(|f| {
            (
                f["vendor"].as_str().unwrap().to_string(),
                f["message"].as_str().unwrap().to_string(),
                f["help"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect()
}

#[test]
fn damaged_subject_sets_are_findings_each_with_its_own_help() {
    let (dir, _) = workspace();
    std::fs::write(
        dir.path().join("a.txt"),
        "anna@example.com\nbo@example.com\n",
    )
    .unwrap();
    common::assert_success(&subjects(
        dir.path(),
        &["subjects", "import", "mailblast", "a.txt"],
    ));
    common::assert_success(&subjects(
        dir.path(),
        &["subjects", "import", "oldcrm", "a.txt"],
    ));
    common::assert_success(&subjects(
        dir.path(),
        &["subjects", "import", "helpdeskly", "a.txt"],
    ));
    assert!(check_codes(dir.path()).is_empty());

    let sets = dir.path().join("subjects");
    // Cut short; made with another key; empty; a FIFO where a set goes.
    let whole = std::fs::read(sets.join("oldcrm.hashes")).unwrap();
    std::fs::write(sets.join("oldcrm.hashes"), &whole[..whole.len() - 3]).unwrap();
    let mut other = std::fs::read(sets.join("helpdeskly.hashes")).unwrap();
    other[10] ^= 0xff;
    std::fs::write(sets.join("helpdeskly.hashes"), other).unwrap();
    std::fs::write(sets.join("surveypop.hashes"), b"").unwrap();
    mkfifo(&sets.join("chatwidget.hashes"));

    let found = check_codes(dir.path());
    let about = |id: &str| {
        found
            .iter()
            .find(|(v, _, _)| v == id)
            .unwrap_or_else(|| panic!("no finding for {id}: {found:?}"))
            .clone()
    };
    let (_, message, help) = about("oldcrm");
    assert!(
        message.contains("does not match its count") && help.contains("--replace"),
        "{message} {help}"
    );
    let (_, message, help) = about("helpdeskly");
    assert!(
        message.contains("another key") && help.contains("subjects-key"),
        "{message} {help}"
    );
    let (_, message, _) = about("surveypop");
    assert!(message.contains("empty"), "{message}");
    let (_, message, _) = about("chatwidget");
    assert!(message.contains("not a regular file"), "{message}");
    assert!(found.iter().all(|(v, _, _)| v != "mailblast"), "{found:?}");

    // Import refuses the FIFO at once instead of hanging on it.
    let out = subjects(dir.path(), &["subjects", "import", "chatwidget", "a.txt"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("not a regular file"),
        "{}",
        text(&out.stderr)
    );
    // Trace names the damage and what to do.
    let out = bounded({
        let mut cmd = common::linger();
        cmd.env("LINGER_SUBJECTS_KEY", KEY)
            .args(["trace", "a.txt"])
            .current_dir(dir.path());
        cmd
    });
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("help:"), "{}", text(&out.stderr));
}

#[test]
fn an_import_with_endless_columns_or_lines_is_refused_in_bounded_memory() {
    let (dir, _) = workspace();
    std::fs::write(dir.path().join("commas.csv"), ",".repeat(5 << 20)).unwrap();
    let out = subjects(
        dir.path(),
        &["subjects", "import", "mailblast", "commas.csv"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("longer than 1 MB"),
        "{}",
        text(&out.stderr)
    );
    let header = (0..5000)
        .map(|i| format!("c{i}"))
        .collect::<Vec<_>>()
        .join(",");
    std::fs::write(dir.path().join("wide.csv"), format!("{header}\n")).unwrap();
    let out = subjects(dir.path(), &["subjects", "import", "mailblast", "wide.csv"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("5000 columns"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn completions_offer_only_ids_the_loader_accepts() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = format!(
        "{}\n[[vendor]]\nid = \"evil\\u001b]0;owned\\u0007\"\nname = \"x\"\n\n[[vendor]]\nid = \"split\\u000bid\"\nname = \"y\"\n",
        EXAMPLE
    );
    std::fs::write(dir.path().join("vendors.toml"), inventory).unwrap();
    let out = common::linger()
        .env("COMPLETE", "fish")
        .args(["--", "linger", "show", ""])
        .current_dir(dir.path())
        .output()
        .unwrap();
    let shown = text(&out.stdout);
    assert!(shown.contains("mailblast"), "{shown}");
    assert!(
        !shown.contains('\u{1b}') && !shown.contains('\u{b}'),
        "{shown:?}"
    );
    assert!(
        !shown.contains("evil") && !shown.contains("split"),
        "{shown}"
    );
}

#[test]
fn the_calendar_name_is_escaped_like_its_other_text() {
    let (dir, inventory) = workspace();
    let text_of = std::fs::read_to_string(&inventory).unwrap();
    let named = text_of.replacen(
        "name = \"Northwind Analytics AS\"",
        "name = \"Northwind; Analytics, AS\"",
        1,
    );
    assert_ne!(named, text_of, "the example's organization name changed");
    std::fs::write(&inventory, named).unwrap();
    let ics = dir.path().join("due.ics");
    let out = common::linger()
        .arg("-f")
        .arg(&inventory)
        .args(["calendar", "-o"])
        .arg(&ics)
        .output()
        .unwrap();
    common::assert_success(&out);
    let written = std::fs::read_to_string(&ics).unwrap();
    assert!(
        written.contains("\r\nNAME:Northwind\\; Analytics\\, AS: vendor data deletions\r\n"),
        "{written}"
    );
    assert!(
        written
            .contains("\r\nX-WR-CALNAME:Northwind\\; Analytics\\, AS: vendor data deletions\r\n")
    );
}
