//! Issue 34's "Done when": the seed's incident played end to end by the
//! real binary, on loopback servers only, in one workspace made from
//! `vendors.example.toml`: `trace` and `phish` over the phishing mails of
//! examples/incident; `incident open --from-trace --from-phish`; the
//! clocks of `check` at 48 hours and past 72; the breach notification
//! drafted, sent by SMTP and recorded; the customers' notice drafted and
//! recorded; the registrar and abuse reports sent with the mails; the
//! answers read by `inbox`; the domain seen still up, then gone
//! (NXDOMAIN) by `check --online`, and recorded; the incident closed.
//! Then the register, `show`, `check` (every evidence file's SHA-256) and
//! `report` tell the story.
//! Every step that writes only appends to the inventory, and the SMTP
//! password is in no output.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::net::Net;
use common::online::{Serve, Workspace};
use common::smtp::{Options, Received, Server, header};
use common::text;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const KEY: &str = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
const PASSWORD: &str = "end-to-end-smtp-secret-40417";
const ID: &str = "2026-11-27";
const DOMAIN: &str = "northwind-login.example";

/// The moments of the story, in Oslo (winter time, +01:00).
const AWARE: &str = "2026-11-27T09:30:00+01:00";
const OPENED: &str = "2026-11-27T11:00:00+01:00";
const AT_48_HOURS: &str = "2026-11-29T09:30:00+01:00";
const PAST_72_HOURS: &str = "2026-11-30T09:31:00+01:00";
const NOTIFIED: &str = "2026-11-28T10:00:00+01:00";
const PEOPLE_NOTIFIED: &str = "2026-11-28T14:00:00+01:00";
const REPORTED: &str = "2026-11-28T15:00:00+01:00";
const STILL_UP: &str = "2026-11-30T08:00:00+01:00";
const ANSWERS_READ: &str = "2026-11-30T12:00:00+01:00";
const SEEN_GONE: &str = "2026-12-02T10:00:00+01:00";
const CLOSED: &str = "2026-12-03T09:00:00+01:00";

/// The registrar of the lookalike domain and the bulk-mail service that
/// sent the mails (mta7.bulkmail.example, in every original's Received).
const REGISTRAR_ABUSE: &str = "abuse@cheapnames.example";
const SERVICE_ABUSE: &str = "abuse@bulkmail.example";

/// A template of the organization's own, with every blank filled in, as
/// a privacy officer completes the draft before it goes.
const FILLED: &str = "Subject: Notification of a personal data breach (incident {{ notification.incident }})\n\n\
    Dear {{ authority.name }},\n\n{{ law.notification }}\n\n\
    (a) Phishing e-mails in our name reached customers whose addresses leaked from {% for v in notification.vendors %}{{ v }}{% endfor %}. About 23 people.\n\n\
    (b) {{ organization.signatory }}, {{ organization.email }}.\n\n\
    (c) More phishing in our name; payments to the senders.\n\n\
    (d) We warn the customers and report the domain for takedown.\n\n\
    {{ organization.name }}\n";

/// One workspace and its servers: SMTP with a login, and the HTTP server
/// playing DNS over HTTPS, RDAP and the phishing site.
struct Play {
    ws: Workspace,
    smtp: Server,
    net: Net,
}

impl Play {
    fn new() -> Play {
        let smtp = Server::start(Options {
            login: Some(("linger".into(), PASSWORD.into())),
            ..Options::default()
        });
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("vendors.toml");
        let org = "[organization]\n";
        assert!(EXAMPLE.contains(org));
        let inventory = EXAMPLE.replacen(org, "[organization]\ntime_zone = \"Europe/Oslo\"\n", 1)
            + &format!(
                "\n[smtp]\nhost = \"127.0.0.1\"\nport = {}\nusername = \"linger\"\nsecurity = \"none\"\n",
                smtp.port
            );
        std::fs::write(&path, inventory).unwrap();
        let cache = dir.path().join("cache");
        let net = Net::start();
        Play {
            ws: Workspace {
                _dir: dir,
                path,
                cache,
            },
            smtp,
            net,
        }
    }

    fn dir(&self) -> &Path {
        self.ws.path.parent().unwrap()
    }

    fn inventory(&self) -> Vec<u8> {
        std::fs::read(&self.ws.path).unwrap()
    }

    /// The binary at `now`, as a user runs it in the workspace, its
    /// online sources on the loopback server. No output holds the
    /// password.
    fn run(&self, now: &str, args: &[&str]) -> Output {
        let out = common::online::linger(&self.ws, &self.net)
            .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
            .env("LINGER_SUBJECTS_KEY", KEY)
            .env("LINGER_SMTP_PASSWORD", PASSWORD)
            .env("LINGER_TODAY", now)
            .env("LINGER_RDAP_IP_BOOTSTRAP_URL", self.net.url("/rdap/"))
            .current_dir(self.dir())
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

    /// `run`, which must succeed.
    #[track_caller]
    fn ok(&self, now: &str, args: &[&str]) -> Output {
        let out = self.run(now, args);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{args:?}:\n{}{}",
            text(&out.stdout),
            text(&out.stderr)
        );
        out
    }

    /// `run` of a command that edits the inventory: it must succeed and
    /// only append to what was there.
    #[track_caller]
    fn appends(&self, now: &str, args: &[&str]) -> Output {
        let before = self.inventory();
        let out = self.ok(now, args);
        let after = self.inventory();
        assert!(after.len() > before.len(), "{args:?} wrote nothing");
        assert!(
            after.starts_with(&before),
            "{args:?} changed what was there:\n{}",
            text(&after)
        );
        out
    }

    /// `check --format json` at `now`: its exit code and the findings
    /// about the incident.
    fn check(&self, now: &str, extra: &[&str]) -> (Option<i32>, Vec<Value>) {
        let mut args = vec!["check", "--format", "json"];
        args.extend_from_slice(extra);
        let out = self.run(now, &args);
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{args:?}: {}",
            text(&out.stderr)
        );
        (out.status.code(), findings(&out))
    }

    /// The steps recorded on the incident, as the loader reads them.
    fn steps(&self) -> Vec<linger::inventory::IncidentEvent> {
        let text = String::from_utf8(self.inventory()).unwrap();
        let inventory = linger::inventory::parse(&text, common::date("2026-12-07"))
            .unwrap_or_else(|d| panic!("{d:#?}"));
        inventory.incidents[0].events.clone()
    }
}

fn findings(out: &Output) -> Vec<Value> {
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    doc["findings"].as_array().unwrap().clone()
}

fn with_code<'a>(found: &'a [Value], code: &str) -> Vec<&'a Value> {
    found.iter().filter(|f| f["code"] == code).collect()
}

fn incident_finding<'a>(found: &'a [Value], code: &str) -> Option<&'a Value> {
    found
        .iter()
        .find(|f| f["code"] == code && f["incident"] == ID)
}

fn examples() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/incident")
}

/// The answers to the two reports, in one mbox as a mail client saves a
/// folder. The registrar only acknowledges (its abuse team has the
/// ticket); the bulk-mail service suspended the sending account. Why
/// this split: an `acted` answer is "down" for every report about its
/// target, so a registrar's "suspended (clientHold)" would leave `check
/// --online` nothing to look at. This way `inbox` proves both an
/// acknowledgement and an end state that needs `--accept`, and the
/// NXDOMAIN that `check --online` sees later is what takes the domain
/// down.
fn answers(registrar_report: &str, abuse_report: &str) -> String {
    format!(
        "From abuse-noreply@cheapnames.example Mon Nov 30 08:12:40 2026\n\
Return-Path: <abuse-noreply@cheapnames.example>\n\
Received: from mx.cheapnames.example (mx.cheapnames.example [192.0.2.44])\n\
\tby mx.northwind.example with ESMTPS id 7Qa1; Mon, 30 Nov 2026 09:12:40 +0100\n\
Authentication-Results: mx.northwind.example; dkim=pass header.d=cheapnames.example; spf=pass smtp.mailfrom=cheapnames.example; dmarc=pass header.from=cheapnames.example\n\
From: Cheap Names Abuse Desk <abuse@cheapnames.example>\n\
To: privacy@northwind.example\n\
Subject: Re: [Case 7741] northwind-login.example\n\
Date: Mon, 30 Nov 2026 08:12:33 +0000\n\
Message-ID: <case-7741-ack@cheapnames.example>\n\
In-Reply-To: {registrar_report}\n\
References: {registrar_report}\n\
MIME-Version: 1.0\n\
Content-Type: text/plain; charset=utf-8\n\
\n\
Hello,\n\
\n\
Thank you for your report. We have received it and forwarded it to our\n\
abuse team, who will review the domain and get back to you.\n\
\n\
Case number: 7741\n\
Cheap Names Abuse Desk\n\
From bounce@bulkmail.example Mon Nov 30 10:40:02 2026\n\
Return-Path: <bounce@bulkmail.example>\n\
Received: from out.bulkmail.example (out.bulkmail.example [198.51.100.2])\n\
\tby mx.northwind.example with ESMTPS id 9Kd2; Mon, 30 Nov 2026 11:40:02 +0100\n\
Authentication-Results: mx.northwind.example; dkim=pass header.d=bulkmail.example; spf=pass smtp.mailfrom=bulkmail.example; dmarc=pass header.from=bulkmail.example\n\
From: \"BulkMail Trust & Safety\" <abuse@bulkmail.example>\n\
To: privacy@northwind.example\n\
Subject: Re: Abuse report\n\
Date: Mon, 30 Nov 2026 10:39:55 +0000\n\
Message-ID: <ts-20261130-0042@bulkmail.example>\n\
In-Reply-To: {abuse_report}\n\
References: {abuse_report}\n\
MIME-Version: 1.0\n\
Content-Type: text/plain; charset=utf-8\n\
\n\
Hi,\n\
\n\
Thanks for the report. We have reviewed the sender and the account has\n\
been suspended. It can no longer send through our platform.\n\
\n\
BulkMail Trust & Safety\n"
    )
}

/// The morning before the answers: the domain resolves, the registry
/// lists it, its site answers; every other name (the bulk-mail service's
/// sending host among them) is NXDOMAIN.
fn serve_the_domain_up(net: &Net) -> String {
    Serve::breaches(net, json!([]));
    Serve::bootstrap(net);
    Serve::dns_default_nxdomain(net);
    Serve::dns(net, DOMAIN, "A", &["203.0.113.7"]);
    Serve::dns(net, DOMAIN, "AAAA", &[]);
    registry_lists_it(net);
    site(net)
}

fn registry_lists_it(net: &Net) {
    net.mount(
        Mock::given(path(format!("/rdap/domain/{DOMAIN}"))).respond_with(
            ResponseTemplate::new(200).set_body_json(json!({
                "objectClassName": "domain",
                "ldhName": DOMAIN,
                "status": ["active"],
                "entities": [
                    {"objectClassName": "entity", "roles": ["abuse"],
                     "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["email", {}, "text", "abuse@registry.example"]]]}
                ]
            })),
        ),
    );
}

/// The phishing site, behind `--site-url`.
fn site(net: &Net) -> String {
    net.mount(
        Mock::given(wiremock::matchers::path_regex("^/site/"))
            .respond_with(ResponseTemplate::new(200).set_body_string("<html>sign in</html>")),
    );
    net.url("/site/{domain}/")
}

/// Step 7's sources: no breaches, the RDAP bootstrap, DNS NXDOMAIN for
/// every name (the lookalike domain too), and the registry still listing
/// the domain as active: DNS alone says it is gone.
fn serve_the_domain_gone(net: &Net) -> String {
    net.rt.block_on(net.server.reset());
    Serve::breaches(net, json!([]));
    Serve::bootstrap(net);
    Serve::dns_default_nxdomain(net);
    registry_lists_it(net);
    site(net)
}

#[test]
fn the_seeds_incident_from_the_phishing_mails_to_closed() {
    let play = Play::new();
    let d = play.dir();
    let phishing = examples().join("phishing");
    let phishing = phishing.to_str().unwrap();

    // 1. The customers' lists, then `trace` and `phish` over the mails.
    for id in ["mailblast", "newcrm"] {
        let export = examples().join("exports").join(format!("{id}.csv"));
        play.ok(
            OPENED,
            &["-q", "subjects", "import", id, export.to_str().unwrap()],
        );
    }
    let trace = play.ok(OPENED, &["trace", "--format", "json", phishing]);
    std::fs::write(d.join("trace.json"), &trace.stdout).unwrap();
    let traced: Value = serde_json::from_slice(&trace.stdout).unwrap();
    assert_eq!(traced["messages"], 24, "{traced}");
    assert_eq!(traced["vendors"][0]["id"], "mailblast");
    assert_eq!(traced["vendors"][0]["verdict"], "certain");
    play.ok(
        OPENED,
        &["trace", phishing, "--write-addresses", "leaked.txt"],
    );
    let leaked = std::fs::read_to_string(d.join("leaked.txt")).unwrap();
    let leaked_count = leaked
        .lines()
        .filter(|l| l.contains('@') && !l.starts_with('#'))
        .count();
    assert_eq!(leaked_count, 24, "{leaked}");
    // The canary (a test account of ours) is no customer.
    let customers = leaked
        .lines()
        .filter(|l| l.contains('@') && !l.ends_with("@canary.northwind.example"))
        .count();
    assert_eq!(customers, 23, "{leaked}");
    let phish = play.ok(OPENED, &["phish", "--format", "json", phishing]);
    std::fs::write(d.join("phish.json"), &phish.stdout).unwrap();
    let phished: Value = serde_json::from_slice(&phish.stdout).unwrap();
    assert_eq!(phished["domains"][0]["domain"], DOMAIN, "{phished}");
    assert_eq!(phished["senders"][0]["host"], "mta7.bulkmail.example");

    // 2. The incident, opened from both; its clocks before anything is
    // sent (`check` only reads, so the later moments can be asked now).
    let out = play.appends(
        OPENED,
        &[
            "incident",
            "open",
            "--aware",
            AWARE,
            "--from-trace",
            "trace.json",
            "--from-phish",
            "phish.json",
            "--risk",
            "high",
        ],
    );
    assert_eq!(text(&out.stdout), format!("{ID}\n"));
    let opened = String::from_utf8(play.inventory()).unwrap();
    for line in [
        "[[incident]]\nid = \"2026-11-27\"\naware = 2026-11-27T09:30:00+01:00\n",
        "confirmed_vendors = [\"mailblast\"]\n",
        "phishing_domains = [\"northwind-login.example\"]\n",
        "senders = [\"mta7.bulkmail.example\"]\n",
        "risk = \"high\"\n",
    ] {
        assert!(opened.contains(line), "{line}in\n{opened}");
    }
    let (status, found) = play.check(AT_48_HOURS, &[]);
    let due = incident_finding(&found, "breach-notification-due").expect("the clock runs");
    assert_eq!(due["severity"], "warn", "{due}");
    assert!(
        due["message"].as_str().unwrap().contains(
            "due by 2026-11-30 09:30 +01:00 (72 hours from `aware`, GDPR Art. 33(1)): 24 hours left"
        ),
        "{due}"
    );
    assert!(incident_finding(&found, "incident-open").is_some());
    assert_eq!(status, Some(1), "the example's overdue vendors are errors");
    let (status, found) = play.check(PAST_72_HOURS, &[]);
    let due = incident_finding(&found, "breach-notification-due").unwrap();
    assert_eq!(due["severity"], "error", "{due}");
    assert!(
        due["message"]
            .as_str()
            .unwrap()
            .contains("was due by 2026-11-30 09:30 +01:00"),
        "{due}"
    );
    assert_eq!(status, Some(1));
    assert_eq!(play.inventory(), opened.as_bytes(), "check only reads");

    // 3. The breach notification: drafted with its blanks marked, sent
    // from the filled-in template, recorded; the clock stops.
    let draft = play.ok(NOTIFIED, &["letter", "--incident", ID]);
    assert!(
        text(&draft.stdout).contains("To: Datatilsynet <postkasse@datatilsynet.no>"),
        "{}",
        text(&draft.stdout)
    );
    assert!(text(&draft.stdout).contains("[TO FILL IN:"));
    assert!(
        text(&draft.stderr).contains("marked blanks"),
        "{}",
        text(&draft.stderr)
    );
    // Sent as drafted, it is refused: nothing goes, nothing is written.
    let refused = play.run(NOTIFIED, &["send", "--incident", ID]);
    assert_eq!(refused.status.code(), Some(2));
    assert!(
        text(&refused.stderr).contains("still holds 6 marked blanks"),
        "{}",
        text(&refused.stderr)
    );
    assert!(play.smtp.received().is_empty());
    assert_eq!(play.inventory(), opened.as_bytes());
    std::fs::create_dir(d.join("letters")).unwrap();
    std::fs::write(d.join("letters/breach-notification.en.txt"), FILLED).unwrap();
    play.appends(NOTIFIED, &["send", "--incident", ID]);
    let received = play.smtp.received();
    assert_eq!(received.len(), 1);
    let notification = &received[0];
    assert_eq!(notification.login, Some(("linger".into(), PASSWORD.into())));
    assert!(
        notification
            .to
            .contains(&"postkasse@datatilsynet.no".to_string()),
        "{:?}",
        notification.to
    );
    assert!(
        header(&notification.data, "Subject").contains("(incident 2026-11-27)"),
        "{}",
        notification.data
    );
    assert!(!notification.data.contains("TO FILL IN"));
    assert!(
        notification.data.contains("About 23 people."),
        "{}",
        notification.data
    );
    let notified = play.steps();
    let notified = notified.last().unwrap();
    assert_eq!(
        notified.kind,
        linger::inventory::IncidentEventKind::AuthorityNotified
    );
    assert_eq!(notified.on.value.to_string(), NOTIFIED);
    assert_eq!(
        notified.message_id.as_deref(),
        Some(header(&notification.data, "Message-ID").as_str())
    );
    let (_, found) = play.check(PAST_72_HOURS, &[]);
    assert!(
        incident_finding(&found, "breach-notification-due").is_none(),
        "{found:?}"
    );

    // 4. The customers' notice: drafted to a file (linger does not send
    // it), then recorded with the file as evidence.
    play.ok(
        PEOPLE_NOTIFIED,
        &[
            "letter",
            "mailblast",
            "--kind",
            "customer-notice",
            "--phishing-domain",
            DOMAIN,
            "-o",
            "notice.txt",
        ],
    );
    let notice = std::fs::read_to_string(d.join("notice.txt")).unwrap();
    assert!(notice.contains("northwind-login[.]example"), "{notice}");
    let people = customers.to_string();
    play.appends(
        PEOPLE_NOTIFIED,
        &[
            "incident",
            "mark",
            ID,
            "people-notified",
            "--people",
            &people,
            "--how",
            "e-mail",
            "--evidence",
            "notice.txt",
        ],
    );
    let (_, found) = play.check(PEOPLE_NOTIFIED, &[]);
    assert!(
        incident_finding(&found, "people-notification-due").is_none(),
        "{found:?}"
    );

    // 5. The takedown reports, each with phishing mails attached (the
    // originals out of the customers' forwards).
    let mails: Vec<String> = ["forward-00.eml", "forward-01.eml"]
        .iter()
        .map(|f| examples().join("phishing").join(f).display().to_string())
        .collect();
    play.appends(
        REPORTED,
        &[
            "send",
            "--incident",
            ID,
            "--kind",
            "registrar-report",
            "--to",
            REGISTRAR_ABUSE,
            "--message",
            &mails[0],
            &mails[1],
        ],
    );
    play.appends(
        REPORTED,
        &[
            "send",
            "--incident",
            ID,
            "--kind",
            "abuse-report",
            "--to",
            SERVICE_ABUSE,
            "--message",
            &mails[0],
            "--addresses",
            "leaked.txt",
        ],
    );
    let received = play.smtp.received();
    assert_eq!(received.len(), 3);
    let reports: [&Received; 2] = [&received[1], &received[2]];
    for (mail, to, originals) in [
        (reports[0], REGISTRAR_ABUSE, 2),
        (reports[1], SERVICE_ABUSE, 1),
    ] {
        assert_eq!(mail.to[0], to);
        let subject = header(&mail.data, "Subject");
        assert!(subject.ends_with(" [ref:2026-11-27]"), "{subject}");
        // The originals, not the forwards around them.
        assert_eq!(
            mail.data.matches("Content-Type: message/rfc822").count(),
            originals,
            "{}",
            mail.data
        );
        assert!(
            mail.data
                .contains("From: Northwind Billing <billing@northwind-login.example>")
        );
        assert!(!mail.data.contains("Is this from you?"), "{}", mail.data);
    }
    assert!(
        reports[1]
            .data
            .contains(&format!("Our customers among the recipients: {customers}")),
        "{}",
        reports[1].data
    );
    let registrar_id = header(&reports[0].data, "Message-ID");
    let abuse_id = header(&reports[1].data, "Message-ID");
    let steps = play.steps();
    let reported: Vec<_> = steps
        .iter()
        .filter(|s| s.kind == linger::inventory::IncidentEventKind::Reported)
        .collect();
    assert_eq!(reported.len(), 2);
    assert_eq!(reported[0].to.as_deref(), Some(REGISTRAR_ABUSE));
    assert_eq!(reported[0].target.as_deref(), Some(DOMAIN));
    assert_eq!(
        reported[0].message_id.as_deref(),
        Some(registrar_id.as_str())
    );
    assert_eq!(reported[1].to.as_deref(), Some(SERVICE_ABUSE));
    assert_eq!(reported[1].message_id.as_deref(), Some(abuse_id.as_str()));
    let service_target = reported[1].target.clone().unwrap();

    // The morning after, before any answer: `check --online` sees the
    // domain still up and proposes nothing. The report to the bulk-mail
    // service names its sending host, a domain name, but only the service
    // can say the account is stopped: DNS is not asked about it (its
    // NXDOMAIN here would otherwise be taken for a takedown).
    let site_url = serve_the_domain_up(&play.net);
    let before = play.inventory();
    let (_, found) = play.check(STILL_UP, &["--online", "--site-url", &site_url]);
    assert!(
        with_code(&found, "takedown-observed").is_empty(),
        "{found:?}"
    );
    assert_eq!(play.inventory(), before);
    let asked: Vec<String> = play
        .net
        .requests("/dns-query")
        .iter()
        .map(|r| r.url.query().unwrap_or_default().to_string())
        .collect();
    assert!(
        asked
            .iter()
            .any(|q| q.contains("name=northwind-login.example")),
        "{asked:?}"
    );
    assert!(!asked.iter().any(|q| q.contains("bulkmail")), "{asked:?}");
    assert_eq!(play.net.requests(&format!("/site/{DOMAIN}/")).len(), 1);

    // 6. The answers, tied by their In-Reply-To to the reports as the
    // server received them: the registrar's acknowledgement is recorded
    // with --apply; the service's suspension needs --accept.
    std::fs::write(d.join("answers.mbox"), answers(&registrar_id, &abuse_id)).unwrap();
    let look = play.ok(
        ANSWERS_READ,
        &["inbox", "--mail", "answers.mbox", "--format", "json"],
    );
    let look: Value = serde_json::from_slice(&look.stdout).unwrap();
    let before_answers = play.inventory();
    let answer = |listing: &Value, id: &str| -> Value {
        listing["incidents"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["message_id"] == id)
            .unwrap_or_else(|| panic!("no answer {id} in {listing}"))
            .clone()
    };
    let ack = answer(&look, "<case-7741-ack@cheapnames.example>");
    assert_eq!(ack["incident"], ID, "{ack}");
    assert_eq!(ack["proposal"], "acknowledged", "{ack}");
    assert_eq!(ack["matched_by"], "thread", "{ack}");
    assert_eq!(ack["target"], DOMAIN, "{ack}");
    let suspended = answer(&look, "<ts-20261130-0042@bulkmail.example>");
    assert_eq!(suspended["incident"], ID, "{suspended}");
    assert_eq!(suspended["proposal"], "acted", "{suspended}");
    assert_eq!(suspended["matched_by"], "thread", "{suspended}");
    assert_eq!(suspended["needs_accept"], true, "{suspended}");
    assert_eq!(suspended["target"], service_target.as_str(), "{suspended}");
    let tag = suspended["accept"].as_str().unwrap().to_string();
    assert_eq!(play.inventory(), before_answers, "a look writes nothing");
    play.appends(
        ANSWERS_READ,
        &[
            "inbox",
            "--mail",
            "answers.mbox",
            "--apply",
            "--accept",
            &tag,
        ],
    );
    let kinds: Vec<String> = play.steps().iter().map(|s| s.kind.to_string()).collect();
    assert_eq!(
        kinds,
        [
            "authority-notified",
            "people-notified",
            "reported",
            "reported",
            "acknowledged",
            "acted"
        ]
    );

    // 7. A few days on, the domain is gone from DNS: seen, then recorded.
    let site = serve_the_domain_gone(&play.net);
    // Two days on, none of the morning's answers is fresh any more (DNS
    // and the registry's status are kept an hour); the cache ages in real
    // time, not by --today, so the test empties it as the days would.
    std::fs::remove_dir_all(&play.ws.cache).unwrap();
    let (_, found) = play.check(SEEN_GONE, &["--online", "--site-url", &site]);
    let observed = with_code(&found, "takedown-observed");
    assert_eq!(observed.len(), 1, "{found:?}");
    assert_eq!(observed[0]["incident"], ID);
    let message = observed[0]["message"].as_str().unwrap();
    assert!(
        message.contains(&format!(
            "`{DOMAIN}` is gone, seen 2026-12-02 10:00 +01:00: DNS: no such name (NXDOMAIN)"
        )),
        "{message}"
    );
    assert!(!play.net.requests("/dns-query").is_empty());
    // Without an address, the site is not asked.
    assert!(play.net.requests("/site/").is_empty());
    let before = play.inventory();
    assert!(
        play.steps()
            .iter()
            .all(|s| s.on.value.to_string() != SEEN_GONE),
        "a check without --apply records nothing"
    );
    let out = play.run(
        SEEN_GONE,
        &["check", "--online", "--site-url", &site, "--apply"],
    );
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        text(&out.stderr)
    );
    assert!(
        text(&out.stderr).contains("Recorded `acted` for 1 reported domain gone"),
        "{}",
        text(&out.stderr)
    );
    assert!(play.inventory().starts_with(&before));
    let acted = play.steps().last().unwrap().clone();
    assert_eq!(acted.kind, linger::inventory::IncidentEventKind::Acted);
    assert_eq!(acted.target.as_deref(), Some(DOMAIN));
    assert_eq!(acted.on.value.to_string(), SEEN_GONE);
    let kept = acted.evidence.as_ref().unwrap().value.clone();
    let observation: Value =
        serde_json::from_slice(&std::fs::read(d.join(&kept)).unwrap()).unwrap();
    assert_eq!(observation["dns"]["a"], "NXDOMAIN", "{observation}");

    // 8. Closed.
    play.appends(CLOSED, &["incident", "mark", ID, "closed"]);

    // The register lists every step with its date, in order.
    let register = play.ok(CLOSED, &["incident", "register", "--format", "json"]);
    let register: Value = serde_json::from_slice(&register.stdout).unwrap();
    let entry = &register["incidents"][0];
    let steps: Vec<(String, String)> = entry["steps"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            (
                s["on"].as_str().unwrap_or_default().to_string(),
                s["kind"].as_str().unwrap_or_default().to_string(),
            )
        })
        .collect();
    let expected: Vec<(String, String)> = [
        (NOTIFIED, "authority-notified"),
        (PEOPLE_NOTIFIED, "people-notified"),
        (REPORTED, "reported"),
        (REPORTED, "reported"),
        // An answer is recorded on the day its Date: header gives.
        ("2026-11-30", "acknowledged"),
        ("2026-11-30", "acted"),
        (SEEN_GONE, "acted"),
        (CLOSED, "closed"),
    ]
    .iter()
    .map(|(on, kind)| (on.to_string(), kind.to_string()))
    .collect();
    assert_eq!(steps, expected, "{entry}");
    assert_eq!(entry["closed"], CLOSED);
    let markdown = play.ok(CLOSED, &["incident", "register", "--format", "markdown"]);
    let markdown = text(&markdown.stdout);
    assert!(markdown.contains("## 2026-11-27"), "{markdown}");
    let rows: Vec<(&str, &str)> = markdown
        .lines()
        .filter(|l| l.starts_with("| 2026-"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            (cells[0].trim_start_matches("| "), cells[1])
        })
        .collect();
    let mut in_order = vec![(AWARE, "aware")];
    in_order.extend(
        expected
            .iter()
            .map(|(on, kind)| (on.as_str(), kind.as_str())),
    );
    assert_eq!(rows, in_order, "{markdown}");
    assert!(
        markdown.contains(
            "| reported | abuse@cheapnames.example (registrar) | northwind-login.example |"
        ),
        "{markdown}"
    );
    assert!(
        markdown.contains("notified 2026-11-28T10:00:00+01:00, on time"),
        "{markdown}"
    );
    assert!(
        markdown.contains("Closed 2026-12-03T09:00:00+01:00."),
        "{markdown}"
    );

    // `show`: both reports down.
    let show = play.ok(CLOSED, &["incident", "show", ID]);
    let shown = text(&show.stdout);
    for target in [
        format!("{DOMAIN} (registrar)"),
        format!("{service_target} (service)"),
    ] {
        let line = shown
            .lines()
            .find(|l| l.contains(&target))
            .unwrap_or_else(|| panic!("no {target} in\n{shown}"));
        assert!(line.contains("down since"), "{line}");
    }

    // `check` (offline): every evidence file as recorded, nothing open.
    let (_, found) = play.check(CLOSED, &[]);
    // (The example's own vendor evidence is not in the workspace.)
    for code in ["evidence-changed", "evidence-missing"] {
        assert!(incident_finding(&found, code).is_none(), "{found:?}");
    }
    assert!(
        incident_finding(&found, "incident-open").is_none(),
        "{found:?}"
    );
    let with_evidence: Vec<_> = play
        .steps()
        .into_iter()
        .filter(|s| s.evidence.is_some())
        .collect();
    assert_eq!(with_evidence.len(), 7, "all but `closed` keep evidence");
    for step in &with_evidence {
        let bytes = std::fs::read(d.join(&step.evidence.as_ref().unwrap().value)).unwrap();
        assert_eq!(
            step.evidence_sha256.as_ref().unwrap().value,
            format!("{:x}", Sha256::digest(&bytes))
        );
    }
    // A changed one is seen.
    let notice_kept = d.join(&with_evidence[1].evidence.as_ref().unwrap().value);
    let original = std::fs::read(&notice_kept).unwrap();
    std::fs::write(&notice_kept, b"swapped").unwrap();
    let (_, found) = play.check(CLOSED, &[]);
    let changed = incident_finding(&found, "evidence-changed").expect("the swap is seen");
    assert!(
        changed["message"]
            .as_str()
            .unwrap()
            .contains("people-notified"),
        "{changed}"
    );
    std::fs::write(&notice_kept, original).unwrap();

    // The report has the incident's story.
    let report = play.ok(CLOSED, &["report", "--format", "markdown"]);
    let report = text(&report.stdout);
    let start = report
        .find("### Incident `2026-11-27`: closed 2026-12-03 09:00 +01:00")
        .unwrap_or_else(|| panic!("{report}"));
    let section = &report[start..start + report[start..].find("\n## ").unwrap()];
    for line in [
        "- To the authority, within 72 hours (GDPR Art. 33(1)): met 2026-11-28 10:00 +01:00, on time",
        "| northwind-login.example | the registrar (abuse@cheapnames.example) | 2026-11-28 15:00 +01:00 | down since 2026-12-02 10:00 +01:00 |",
        "| 2026-12-03 09:00 +01:00 | closed |",
    ] {
        assert!(section.contains(line), "{line}\nin\n{section}");
    }
    let timeline: Vec<&str> = section
        .split("Timeline:")
        .nth(1)
        .unwrap()
        .lines()
        .filter(|l| l.starts_with("| 2026-"))
        .map(|l| l.split(" | ").nth(1).unwrap())
        .collect();
    assert_eq!(
        timeline,
        [
            "aware",
            "authority-notified",
            "people-notified",
            "reported",
            "reported",
            "acknowledged",
            "acted",
            "acted",
            "closed"
        ],
        "{section}"
    );

    // Only ever appended to: the example's bytes are all still there, and
    // the password is in no file of the workspace.
    let last = String::from_utf8(play.inventory()).unwrap();
    assert!(last.starts_with(EXAMPLE.split("[organization]\n").next().unwrap()));
    assert!(last.starts_with(&opened), "{last}");
    let mut files = vec![play.ws.path.clone()];
    for entry in std::fs::read_dir(d.join("evidence").join(ID)).unwrap() {
        files.push(entry.unwrap().path());
    }
    assert_eq!(files.len(), 8, "{files:?}");
    for file in files {
        let bytes = std::fs::read(&file).unwrap();
        assert!(!text(&bytes).contains(PASSWORD), "{}", file.display());
    }
}
