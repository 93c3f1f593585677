//! `send --incident ID --kind abuse-report|registrar-report`: the takedown
//! reports of an incident, sent by the real binary to a real SMTP server on
//! 127.0.0.1 with the phishing mails attached and `[ref:ID]` in the
//! subject, then recorded as a `reported` step (party, target, letter,
//! Message-ID, the sent message kept as evidence with its SHA-256, which
//! `check` verifies). A refused send, a dry run and every usage error leave
//! the inventory byte-identical; a customer-notice is refused with what to
//! do instead; the SMTP password is in no output. And the loader refuses an
//! incident whose id is a vendor's, so a tag names one of them.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::smtp::{Options, Server, header};
use common::text;
use linger::inventory::{IncidentEvent, IncidentEventKind, Party};

const PASSWORD: &str = "hunter2-but-longer-5531-smtp";
const NOW: &str = "2026-11-28T10:00:00+01:00";
const ID: &str = "2026-11-phish";

/// The seed's incident after `incident open --from-trace --from-phish`:
/// Surveyly confirmed, the lookalike domain listed, no step yet.
fn inventory(smtp_port: u16, incident: &str) -> String {
    format!(
        r#"schema = 1

[organization]
name = "Northwind Analytics AS"
email = "privacy@northwind.example"
law = "gdpr"
country = "NO"

[smtp]
host = "127.0.0.1"
port = {smtp_port}
username = "linger"
security = "none"

[[vendor]]
id = "surveyly"
name = "Surveyly GmbH"
privacy_email = "datenschutz@surveyly.example"
used_from = 2019-03-01
retired_on = 2026-06-30
data = ["contact.email"]

[[vendor]]
id = "pollster"
name = "Pollster AS"
used_from = 2020-01-01

# Opened the morning the first customer forwarded one.
[[incident]]
id = "{ID}"
aware = 2026-11-27T09:30:00+01:00   # the helpdesk ticket
{incident}"#
    )
}

const SEED: &str = "confirmed_vendors = [\"surveyly\"]\nphishing_domains = [\"northwind-secure-login.example\"]\nsenders = [\"SendGrid\", \"Mailgun\"]\n";

fn server(refuse: &[&str]) -> Server {
    Server::start(Options {
        login: Some(("linger".into(), PASSWORD.into())),
        refuse: refuse.iter().map(|r| r.to_string()).collect(),
        ..Options::default()
    })
}

fn workspace(server: &Server, incident: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, inventory(server.port, incident)).unwrap();
    std::fs::write(
        dir.path().join("leaked.txt"),
        "# from trace --write-addresses\nanna.berg@example.com\ncarla.diaz@example.com\n",
    )
    .unwrap();
    for name in ["sendgrid.eml", "mailgun.eml"] {
        let from = Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("tests/data/phish")
            .join(name);
        std::fs::copy(from, dir.path().join(name)).unwrap();
    }
    (dir, path)
}

/// The binary, run as a user would, with the password where a CI job
/// keeps it; no output may ever hold it.
fn run(dir: &Path, args: &[&str]) -> Output {
    let out = common::linger()
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("LINGER_SMTP_PASSWORD", PASSWORD)
        .env("LINGER_TODAY", NOW)
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap();
    for stream in [&out.stdout, &out.stderr] {
        assert!(
            !text(stream).contains(PASSWORD),
            "{args:?} printed the password"
        );
    }
    out
}

fn send(dir: &Path, extra: &[&str]) -> Output {
    let mut args = vec!["send", "--incident", ID];
    args.extend_from_slice(extra);
    run(dir, &args)
}

fn steps(path: &Path) -> Vec<IncidentEvent> {
    let text = std::fs::read_to_string(path).unwrap();
    let inventory = linger::inventory::parse(&text, common::date("2026-11-28")).unwrap();
    inventory.incidents[0].events.clone()
}

/// A registrar-report of the SendGrid mail.
const REGISTRAR: &[&str] = &[
    "--kind",
    "registrar-report",
    "--to",
    "abuse@cheapnames.example",
    "--message",
    "sendgrid.eml",
];

#[test]
fn both_reports_are_sent_tagged_with_the_mails_and_recorded_as_reported() {
    let server = server(&[]);
    let (dir, path) = workspace(&server, SEED);
    let before = std::fs::read(&path).unwrap();

    let out = send(dir.path(), &[REGISTRAR, &["mailgun.eml"]].concat());
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let received = server.received();
    assert_eq!(received.len(), 1);
    let mail = &received[0];
    assert_eq!(
        mail.to,
        ["abuse@cheapnames.example", "privacy@northwind.example"]
    );
    assert_eq!(mail.login, Some(("linger".into(), PASSWORD.into())));
    let subject = header(&mail.data, "Subject");
    assert!(subject.ends_with(" [ref:2026-11-phish]"), "{subject}");
    assert!(
        subject.contains("northwind-secure-login[.]example"),
        "{subject}"
    );
    // Both originals, whole, with their own headers.
    assert_eq!(mail.data.matches("Content-Type: message/rfc822").count(), 2);
    assert!(
        mail.data
            .contains("Message-ID: <8Yf1lq2aQx2b9vZ7uW3sNg@geopod-ismtpd-3>")
    );
    assert!(
        mail.data.contains(
            "X-Mailgun-Sid: WyI5ZTk3NyIsICJjYXJsYS5kaWF6QGV4YW1wbGUuY29tIiwgIjNiYzUiXQ=="
        )
    );
    let message_id = header(&mail.data, "Message-ID");

    // Appended below everything else: every byte before it kept, the
    // comments too.
    let after = std::fs::read(&path).unwrap();
    assert!(after.starts_with(&before), "{}", text(&after));
    let events = steps(&path);
    assert_eq!(events.len(), 1);
    let step = &events[0];
    assert_eq!(step.kind, IncidentEventKind::Reported);
    assert_eq!(step.on.value.to_string(), NOW);
    assert_eq!(step.party, Some(Party::Registrar));
    assert_eq!(
        step.target.as_deref(),
        Some("northwind-secure-login.example")
    );
    assert_eq!(step.letter.as_deref(), Some("registrar-report"));
    assert_eq!(step.to.as_deref(), Some("abuse@cheapnames.example"));
    assert_eq!(step.message_id.as_deref(), Some(message_id.as_str()));
    let evidence = &step.evidence.as_ref().unwrap().value;
    assert_eq!(
        evidence,
        "evidence/2026-11-phish/2026-11-28-registrar-report-sent.eml"
    );
    let kept = std::fs::read(dir.path().join(evidence)).unwrap();
    assert_eq!(
        step.evidence_sha256.as_ref().unwrap().value,
        linger::inventory::sha256_bytes(&kept)
    );
    assert!(text(&kept).contains(&message_id));
    assert!(text(&kept).contains("[ref:2026-11-phish]"));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("recorded `reported`"), "{stderr}");

    // The abuse report to the bulk-mail service: the sender read from the
    // mail, the recipients counted, not listed.
    let out = send(
        dir.path(),
        &[
            "--kind",
            "abuse-report",
            "--to",
            "abuse@sendgrid.example",
            "--message",
            "sendgrid.eml",
            "--addresses",
            "leaked.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mail = server.received()[1].clone();
    assert_eq!(
        mail.to,
        ["abuse@sendgrid.example", "privacy@northwind.example"]
    );
    assert!(header(&mail.data, "Subject").ends_with(" [ref:2026-11-phish]"));
    assert_eq!(mail.data.matches("Content-Type: message/rfc822").count(), 1);
    assert!(mail.data.contains("Our customers among the recipients: 2"));
    assert!(!mail.data.contains("carla.diaz@example.com\r\n-"));
    let events = steps(&path);
    let step = &events[1];
    assert_eq!(step.kind, IncidentEventKind::Reported);
    assert_eq!(step.party, Some(Party::Service));
    assert_eq!(step.target.as_deref(), Some("sendgrid"));
    assert_eq!(step.letter.as_deref(), Some("abuse-report"));
    assert_eq!(
        step.message_id.as_deref(),
        Some(header(&mail.data, "Message-ID").as_str())
    );
    assert_eq!(
        step.evidence.as_ref().unwrap().value,
        "evidence/2026-11-phish/2026-11-28-abuse-report-sent.eml"
    );

    // `--party` says where it went when not to the service itself.
    let out = send(
        dir.path(),
        &[
            "--kind",
            "abuse-report",
            "--to=abuse@network.example",
            "--party",
            "network",
            "--message",
            "mailgun.eml",
            "--addresses",
            "leaked.txt",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let step = steps(&path)[2].clone();
    assert_eq!(step.party, Some(Party::Network));
    assert_eq!(step.target.as_deref(), Some("mailgun"));
    assert_eq!(
        step.evidence.as_ref().unwrap().value,
        "evidence/2026-11-phish/2026-11-28-abuse-report-sent-2.eml"
    );

    // `check` verifies each copy against its recorded hash.
    let check = run(dir.path(), &["check"]);
    assert!(
        !text(&check.stdout).contains("evidence-"),
        "{}",
        text(&check.stdout)
    );
    std::fs::write(
        dir.path()
            .join("evidence/2026-11-phish/2026-11-28-registrar-report-sent.eml"),
        "changed",
    )
    .unwrap();
    let check = run(dir.path(), &["check"]);
    let all = format!("{}{}", text(&check.stdout), text(&check.stderr));
    assert!(all.contains("evidence-changed"), "{all}");
    // The reports are waiting for an answer.
    let show = run(dir.path(), &["incident", "show", ID]);
    assert!(
        text(&show.stdout).contains("waiting"),
        "{}",
        text(&show.stdout)
    );
}

#[test]
fn a_refused_send_and_a_dry_run_leave_the_inventory_byte_identical() {
    let server = server(&["abuse@cheapnames.example"]);
    let (dir, path) = workspace(&server, SEED);
    let before = std::fs::read(&path).unwrap();

    let refused = send(dir.path(), REGISTRAR);
    assert_eq!(refused.status.code(), Some(2));
    let stderr = text(&refused.stderr);
    assert!(
        stderr.contains("could not send the registrar-report for incident `2026-11-phish`"),
        "{stderr}"
    );
    assert!(stderr.contains("nothing was recorded"), "{stderr}");
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("evidence").exists());

    let mut dry = REGISTRAR.to_vec();
    dry.push("--dry-run");
    let out = send(dir.path(), &dry);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("== 2026-11-phish: registrar-report (not sent)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("RCPT TO:<abuse@cheapnames.example>"),
        "{stdout}"
    );
    assert!(stdout.contains("[ref:2026-11-phish]"), "{stdout}");
    assert!(server.received().is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), before);
    assert!(!dir.path().join("evidence").exists());

    // A template of the organization's own that has the tag keeps one.
    std::fs::create_dir(dir.path().join("letters")).unwrap();
    std::fs::write(
        dir.path().join("letters/registrar-report.en.txt"),
        "Subject: Phishing from {{ incident.phishing_domain }} [REF:2026-11-phish]\n\nPlease suspend it.\n",
    )
    .unwrap();
    let out = send(dir.path(), &dry);
    let stdout = text(&out.stdout);
    assert_eq!(
        stdout.to_lowercase().matches("[ref:2026-11-phish]").count(),
        1,
        "{stdout}"
    );
    assert_eq!(std::fs::read(&path).unwrap(), before);
}

#[test]
fn what_the_mails_do_not_settle_is_asked_for_and_nothing_is_sent() {
    let server = server(&[]);
    // No domain listed on the incident, two suspected vendors.
    let (dir, path) = workspace(&server, "vendors = [\"surveyly\", \"pollster\"]\n");
    let before = std::fs::read(&path).unwrap();
    fn abuse<'a>(extra: &[&'a str]) -> Vec<&'a str> {
        let mut args = vec!["--kind", "abuse-report", "--to", "abuse@x.example"];
        args.extend_from_slice(extra);
        args
    }
    let cases: Vec<(Vec<&str>, &str, &str)> = vec![
        (
            REGISTRAR.to_vec(),
            "incident `2026-11-phish` names several vendors the leak may have come from (surveyly, pollster)",
            "--vendor ID",
        ),
        (
            [REGISTRAR, &["--vendor", "surveyly"]].concat(),
            // Its From domain and the Reply-To lookalike.
            "the messages name more than one phishing domain (northwind-secure-login.example, northwlnd.example)",
            "`--target northwind-secure-login.example`",
        ),
        (
            abuse(&[
                "--vendor",
                "surveyly",
                "--message",
                "sendgrid.eml",
                "mailgun.eml",
                "--addresses",
                "leaked.txt",
                "--phishing-domain",
                "northwind-secure-login.example",
            ]),
            "the messages name more than one sending service (sendgrid, mailgun)",
            "`--target sendgrid`",
        ),
        (
            abuse(&["--message", "sendgrid.eml"]),
            "an abuse-report needs `--addresses FILE`",
            "trace --write-addresses",
        ),
        (
            vec!["--kind", "registrar-report", "--message", "sendgrid.eml"],
            "a registrar-report needs `--to ADDRESS`",
            "phish --online",
        ),
        (
            vec!["--kind", "registrar-report", "--to", "abuse@x.example"],
            "a registrar-report needs `--message FILE.eml`",
            ".eml",
        ),
        (
            vec!["--kind", "customer-notice"],
            "linger does not send a customer-notice",
            "`linger letter VENDOR --kind customer-notice --phishing-domain DOMAIN`, send it through your mailer, then record it: `linger incident mark 2026-11-phish people-notified --people N --how e-mail --evidence FILE`",
        ),
        (
            vec!["--kind", "request"],
            "not a request",
            "`linger send VENDOR --kind request`",
        ),
        (
            vec!["--to", "abuse@x.example"],
            "go with a report, not the breach-notification",
            "--kind registrar-report",
        ),
    ];
    for (args, message, help) in cases {
        let out = send(dir.path(), &args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
        assert!(stderr.contains(help), "{args:?}: {stderr}");
    }
    assert!(server.received().is_empty());
    assert_eq!(std::fs::read(&path).unwrap(), before);

    // Named, it goes; a defanged domain is read back.
    let named = [
        REGISTRAR,
        &[
            "--vendor",
            "surveyly",
            "--target",
            "northwind-secure-login[.]example",
        ],
    ]
    .concat();
    let out = send(dir.path(), &named);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let step = steps(&path)[0].clone();
    assert_eq!(
        step.target.as_deref(),
        Some("northwind-secure-login.example")
    );
}

#[test]
fn an_incident_with_a_vendors_id_is_a_load_error_naming_both() {
    let server = server(&[]);
    let (dir, path) = workspace(&server, SEED);
    let text_before = std::fs::read_to_string(&path).unwrap();
    std::fs::write(
        &path,
        text_before.replace(&format!("id = \"{ID}\""), "id = \"pollster\""),
    )
    .unwrap();
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("incident `pollster` has the id of vendor `pollster`"),
        "{stderr}"
    );
    // Where each is, by line and column.
    let incident_line = text_before
        .lines()
        .position(|l| l.starts_with("id = \"2026"))
        .unwrap()
        + 1;
    let vendor_line = text_before
        .lines()
        .position(|l| l == "id = \"pollster\"")
        .unwrap()
        + 1;
    assert!(
        stderr.contains(&format!("vendors.toml:{incident_line}:6")),
        "{stderr}"
    );
    assert!(
        stderr.contains(&format!("vendors.toml:{vendor_line}:6")),
        "{stderr}"
    );
    assert!(stderr.contains("rename the incident"), "{stderr}");
    // `incident open` never picks a vendor's id, and refuses one given.
    std::fs::write(&path, &text_before).unwrap();
    let out = run(
        dir.path(),
        &[
            "incident",
            "open",
            "--id",
            "surveyly",
            "--aware",
            "2026-11-28T08:00:00+01:00",
        ],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("`surveyly` is a vendor's id"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), text_before);
}
