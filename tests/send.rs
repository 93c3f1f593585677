//! `linger send` against a real SMTP server on 127.0.0.1 (tests/common/
//! smtp.rs): what the server receives, what the inventory records, and what
//! happens when the login is wrong, a recipient is refused or the server
//! goes away mid-batch. The password comes from LINGER_SMTP_PASSWORD here;
//! tests/keyring.rs covers the OS keyrings.

mod common;

use common::text;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

use common::smtp::{Options, Server};

const PASSWORD: &str = "correct-horse-battery-staple-7731";
const TODAY: &str = "2026-11-28";

/// The example inventory, sending through `server`.
fn workspace(server: &Server, username: bool) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    let example = common::example_with_every_authority();
    let user = if username {
        "username = \"linger\"\n"
    } else {
        ""
    };
    let text = example.replace(
        "[policy]",
        &format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\n{user}security = \"none\"\n\n[policy]",
            server.port
        ),
    );
    std::fs::write(&path, text).unwrap();
    (dir, path)
}

fn linger(dir: &Path) -> Command {
    let mut cmd = common::linger();
    // No session keyring here: the password comes from the environment.
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("LINGER_SMTP_PASSWORD", PASSWORD)
        .env("LINGER_TODAY", TODAY)
        .current_dir(dir);
    cmd
}

fn run(dir: &Path, args: &[&str]) -> Output {
    linger(dir).args(args).output().unwrap()
}

/// Neither output nor the inventory ever holds the password.
fn assert_no_password(out: &Output, inventory: &Path) {
    for (what, bytes) in [("stdout", &out.stdout), ("stderr", &out.stderr)] {
        assert!(!text(bytes).contains(PASSWORD), "the password is in {what}");
    }
    assert!(
        !std::fs::read_to_string(inventory)
            .unwrap()
            .contains(PASSWORD)
    );
}

fn header<'a>(data: &'a str, name: &str) -> Option<&'a str> {
    let head = data.split("\r\n\r\n").next().unwrap();
    head.split("\r\n")
        .find_map(|line| line.strip_prefix(&format!("{name}: ")))
}

#[test]
fn a_sent_request_reaches_the_server_and_is_recorded() {
    let server = Server::start(Options {
        login: Some(("linger".into(), PASSWORD.into())),
        ..Options::default()
    });
    let (dir, path) = workspace(&server, true);
    let out = run(dir.path(), &["send", "oldcrm"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_no_password(&out, &path);

    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(
        mail.login,
        Some(("linger".to_string(), PASSWORD.to_string()))
    );
    assert_eq!(mail.from, "privacy@northwind.example");
    assert_eq!(
        mail.to,
        ["privacy@oldcrm.example", "privacy@northwind.example"]
    );
    assert_eq!(
        header(&mail.data, "To"),
        Some("\"OldCRM Inc.\" <privacy@oldcrm.example>")
    );
    assert!(
        header(&mail.data, "Cc")
            .unwrap()
            .contains("privacy@northwind.example")
    );
    assert!(
        header(&mail.data, "X-Unsent").is_none(),
        "a sent mail is not a draft"
    );
    assert!(
        header(&mail.data, "Subject")
            .unwrap()
            .starts_with("Deletion request: Northwind")
    );
    // The body is the letter `linger letter` prints.
    let letter = text(&run(dir.path(), &["letter", "oldcrm"]).stdout);
    let expected_line = "the deletion covered;";
    assert!(letter.contains(expected_line) && mail.data.contains(expected_line));

    // Recorded at once, with the Message-ID and the recipient.
    let message_id = header(&mail.data, "Message-ID").unwrap();
    let inventory = std::fs::read_to_string(&path).unwrap();
    // The message is kept as evidence: the very bytes the server got, and
    // the event names the copy and its SHA-256.
    let copy = format!("evidence/oldcrm/{TODAY}-request-sent.eml");
    let kept = std::fs::read(dir.path().join(&copy)).unwrap();
    // lettre ends the DATA with "\r\n.\r\n", whose first line break the
    // server keeps: what it got is the copy and that line break, exactly.
    assert!(
        mail.data.as_bytes() == [&kept[..], b"\r\n"].concat(),
        "the copy is not what the server received:\n{}\n---\n{}",
        String::from_utf8_lossy(&kept),
        mail.data
    );
    let sha256 = sha256_hex(&kept);
    let recorded = format!(
        "[[vendor.event]]\non = {TODAY}\nkind = \"requested\"\nevidence = \"{copy}\"\nevidence_sha256 = \"{sha256}\"\nmessage_id = \"{message_id}\"\nnote = \"sent by linger to privacy@oldcrm.example, copy to privacy@northwind.example\"\n"
    );
    assert!(inventory.contains(&recorded), "{inventory}");
    // `check` finds the copy where the event says, unchanged.
    let check = text(&run(dir.path(), &["check", "--format", "json"]).stdout);
    assert!(
        check.contains("\"code\"") && !check.contains("evidence/oldcrm"),
        "{check}"
    );
    // RDAP (a closed port here) could not say whether the domain changed
    // hands: a warning, and the letter goes anyway.
    let stderr = text(&out.stderr);
    let (warning, rest) = stderr.split_once('\n').unwrap();
    assert!(
        warning.starts_with("warning: could not check `oldcrm.example` for a new registration: 127.0.0.1:9: could not connect")
            && warning.ends_with("; sending without that check"),
        "{stderr}"
    );
    assert!(
        rest.starts_with("Sent the request to privacy@oldcrm.example")
            && rest.contains(&format!("the message kept as {copy}.")),
        "{stderr}"
    );

    // The same letter is not sent twice in a day without --force.
    let again = run(dir.path(), &["send", "oldcrm", "--kind", "request"]);
    assert_eq!(again.status.code(), Some(2));
    assert!(
        text(&again.stderr).contains("already recorded today"),
        "{}",
        text(&again.stderr)
    );
    assert_eq!(server.received().len(), 1);
    let forced = run(
        dir.path(),
        &["send", "oldcrm", "--kind", "request", "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert_eq!(server.received().len(), 2);
    // The second copy of the day gets a name of its own; the first stays.
    let second = format!("evidence/oldcrm/{TODAY}-request-sent-2.eml");
    assert!(dir.path().join(&second).is_file());
    assert_eq!(std::fs::read(dir.path().join(&copy)).unwrap(), kept);
}

/// The SHA-256 of `bytes`, as `sha256sum` prints it.
fn sha256_hex(bytes: &[u8]) -> String {
    let out = Command::new("sha256sum")
        .stdin(std::process::Stdio::piped())
        .stdout(std::process::Stdio::piped())
        .spawn()
        .and_then(|mut child| {
            use std::io::Write;
            child.stdin.take().unwrap().write_all(bytes)?;
            child.wait_with_output()
        })
        .expect("sha256sum (coreutils) runs");
    text(&out.stdout)
        .split_whitespace()
        .next()
        .unwrap()
        .to_string()
}

#[cfg(unix)]
#[test]
fn a_copy_that_cannot_be_kept_is_a_warning_and_the_letter_is_still_recorded() {
    let server = Server::start(Options::default());
    let (dir, path) = workspace(&server, false);
    let outside = tempfile::tempdir().unwrap();
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    std::os::unix::fs::symlink(outside.path(), dir.path().join("evidence/oldcrm")).unwrap();
    let out = run(dir.path(), &["send", "oldcrm"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert_eq!(server.received().len(), 1);
    assert!(
        stderr.contains("is a symbolic link")
            && stderr.contains(
                "warning: the request to `oldcrm` WAS sent; recording it without a kept copy"
            ),
        "{stderr}"
    );
    let inventory = std::fs::read_to_string(&path).unwrap();
    assert!(inventory.contains("note = \"sent by linger to privacy@oldcrm.example"));
    assert!(!inventory.contains("-sent.eml"), "{inventory}");
    assert_eq!(std::fs::read_dir(outside.path()).unwrap().count(), 0);
}

#[test]
fn a_wrong_password_sends_and_records_nothing() {
    let server = Server::start(Options {
        login: Some(("linger".into(), "another-password".into())),
        ..Options::default()
    });
    let (dir, path) = workspace(&server, true);
    let before = std::fs::read(&path).unwrap();
    let out = run(dir.path(), &["send", "mailblast"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("535"),
        "the server's answer is shown: {stderr}"
    );
    assert!(stderr.contains("nothing was recorded"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(
        !dir.path().join("evidence").exists(),
        "nothing sent, no copy kept"
    );
    assert!(server.received().is_empty());
    assert_no_password(&out, &path);
}

#[test]
fn a_refused_recipient_is_reported_with_the_servers_answer() {
    let server = Server::start(Options {
        refuse: vec!["dpo@mailblast.example".into()],
        ..Options::default()
    });
    let (dir, path) = workspace(&server, false);
    let before = std::fs::read(&path).unwrap();
    let out = run(dir.path(), &["send", "mailblast"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("550"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn a_batch_cut_short_records_what_went_and_a_rerun_sends_only_the_rest() {
    // The example has five letters due; the server takes two, then dies.
    let dying = Server::start(Options {
        accept: Some(2),
        ..Options::default()
    });
    let (dir, path) = workspace(&dying, false);
    let out = run(dir.path(), &["send", "--due", "--yes"]);
    let (stdout, stderr) = (text(&out.stdout), text(&out.stderr));
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert_eq!(dying.received().len(), 2);
    assert_eq!(stdout.matches(" sent ").count(), 2, "{stdout}");
    assert_eq!(stdout.matches(" failed ").count(), 3, "{stdout}");
    assert!(stderr.contains("[1/5] sending the request to privacy@oldcrm.example (oldcrm)..."));
    assert!(
        stderr.contains("3 of 5 letters could not be sent"),
        "{stderr}"
    );
    let inventory = std::fs::read_to_string(&path).unwrap();
    assert_eq!(inventory.matches("note = \"sent by linger").count(), 2);

    // Point the inventory at a healthy server and run the batch again.
    let healthy = Server::start(Options::default());
    let moved = inventory.replace(
        &format!("port = {}", dying.port),
        &format!("port = {}", healthy.port),
    );
    std::fs::write(&path, moved).unwrap();
    let out = run(dir.path(), &["send", "--due", "--yes"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let first: Vec<String> = dying.received().iter().map(|m| m.to[0].clone()).collect();
    let second: Vec<String> = healthy.received().iter().map(|m| m.to[0].clone()).collect();
    assert_eq!(second.len(), 3, "{second:?}");
    assert!(
        first.iter().all(|to| !second.contains(to)),
        "sent twice: {first:?} {second:?}"
    );
    let inventory = std::fs::read_to_string(&path).unwrap();
    assert_eq!(inventory.matches("note = \"sent by linger").count(), 5);
    // And now nothing is due.
    let out = run(dir.path(), &["send", "--due", "--yes"]);
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(healthy.received().len(), 3);
}

#[test]
fn a_batch_needs_yes_without_a_terminal() {
    let server = Server::start(Options::default());
    let (dir, path) = workspace(&server, false);
    let before = std::fs::read(&path).unwrap();
    let out = run(dir.path(), &["send", "--due"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("--yes"), "{}", text(&out.stderr));
    assert!(server.received().is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn dry_run_prints_envelope_and_message_and_sends_nothing() {
    let server = Server::start(Options::default());
    let (dir, path) = workspace(&server, true);
    let before = std::fs::read(&path).unwrap();
    let out = run(dir.path(), &["send", "mailblast", "--dry-run"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(stdout.starts_with(
        "== mailblast: follow-up (not sent)\nMAIL FROM:<privacy@northwind.example>\nRCPT TO:<dpo@mailblast.example>, <privacy@northwind.example>\n"
    ), "{stdout}");
    assert!(stdout.contains("Subject: Reminder: deletion request of 21 September 2026"));
    assert!(server.received().is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(
        !dir.path().join(".vendors.toml.lock").exists(),
        "a dry run takes no lock"
    );
    assert!(
        !dir.path().join("evidence").exists(),
        "a dry run keeps no copy"
    );
}

#[test]
fn without_a_password_the_error_names_both_places() {
    let server = Server::start(Options::default());
    let (dir, path) = workspace(&server, true);
    let out = linger(dir.path())
        .env_remove("LINGER_SMTP_PASSWORD")
        .args(["send", "oldcrm"])
        .output()
        .unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(stderr.contains("LINGER_SMTP_PASSWORD"), "{stderr}");
    assert!(
        stderr.contains("linger secret set smtp-password"),
        "{stderr}"
    );
    assert!(server.received().is_empty());
    assert_no_password(&out, &path);
}

#[test]
fn only_letters_that_are_recorded_can_be_sent() {
    let server = Server::start(Options::default());
    let (dir, _) = workspace(&server, false);
    let out = run(
        dir.path(),
        &["send", "mailblast", "--kind", "breach-inquiry"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(text(&out.stderr).contains("linger letter mailblast --kind breach-inquiry"));
}

#[test]
fn an_inventory_without_smtp_says_what_to_add() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vendors.toml"),
        include_str!("../vendors.example.toml"),
    )
    .unwrap();
    let out = run(dir.path(), &["send", "oldcrm"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("[smtp]"),
        "{}",
        text(&out.stderr)
    );
}
