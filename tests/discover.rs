//! `linger discover` over sources generated here: an mbox and a Maildir
//! with receipts, welcome mails and noise from 20 senders over 8 years,
//! personal mail, our own mail, encoded headers and broken messages; our
//! DNS through a DNS-over-HTTPS server on 127.0.0.1 with SPF include
//! chains, a loop, a chain past depth 10 and NXDOMAIN; card exports in
//! three shapes. The candidates, dates and counts are exact; `--add` then
//! `check` keeps the inventory valid and every other byte unchanged.

mod common;

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, MockServer, ResponseTemplate};

const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
law = "gdpr"

# Already known: its mail must not make it a candidate.
[[vendor]]
id = "slack"
name = "Slack"
website = "https://slack.com"
used_from = 2018-01-01
data = ["contact.email"]
"#;

/// One message: headers, a blank line, a body.
fn message(from: &str, date: &str, subject: &str, extra: &str) -> String {
    format!(
        "From: {from}\r\nTo: ops@northwind.example\r\nDate: {date}\r\nSubject: {subject}\r\n{extra}\r\n\
         Hello,\r\nthis body is never read. From here on it is text.\r\nFrom the body, a line that looks like a separator is escaped:\r\n>From me\r\n"
    )
}

fn rfc2822(year: i32, month: u32) -> String {
    let months = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    format!(
        "Mon, 5 {} {year} 09:30:00 +0000",
        months[(month - 1) as usize]
    )
}

struct Archive {
    _dir: tempfile::TempDir,
    mbox: PathBuf,
    maildir: PathBuf,
    inventory: PathBuf,
}

/// The archive: per sender, (from, subject, months it wrote in).
fn archive() -> Archive {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    let mut mbox = String::new();
    let mut push = |from: &str, year: i32, month: u32, subject: &str, extra: &str| {
        writeln!(mbox, "From MAILER-DAEMON Mon Jan  1 00:00:00 {year}").unwrap();
        mbox.push_str(&message(from, &rfc2822(year, month), subject, extra).replace("\r\n", "\n"));
        mbox.push('\n');
    };
    // Known services, by their sending domains.
    for year in 2018..=2020 {
        for month in [1, 4, 7, 10] {
            push(
                "Mailchimp <billing@mailchimp.com>",
                year,
                month,
                "Your Mailchimp receipt",
                "List-Unsubscribe: <mailto:u@mailchimp.com>\n",
            );
        }
    }
    push(
        "Typeform <noreply@typeform.com>",
        2019,
        3,
        "Welcome to Typeform",
        "",
    );
    push(
        "Typeform <noreply@typeform.com>",
        2023,
        6,
        "=?UTF-8?Q?Your_invoice_=E2=80=93_June?=",
        "",
    );
    push(
        "Calendly <notifications@calendly.com>",
        2025,
        11,
        "New event: intro call",
        "",
    );
    push(
        "Calendly <notifications@calendly.com>",
        2026,
        10,
        "New event: review",
        "",
    );
    // Slack is in the inventory already.
    push(
        "Slack <feedback@slack.com>",
        2026,
        9,
        "Your workspace digest",
        "",
    );
    // An unknown service that looks like one: its subjects say so.
    push(
        "FormBuilderPro <hello@formbuilderpro.example>",
        2017,
        2,
        "Your free trial ends in 3 days",
        "",
    );
    push(
        "FormBuilderPro <hello@formbuilderpro.example>",
        2017,
        3,
        "=?ISO-8859-1?Q?Ihre_Rechnung_/_your_invoice?=",
        "",
    );
    // An unknown billing sender with list mail, once: a candidate because
    // the receiving server verified its signature.
    push(
        "Accounts <billing@oldhost.example>",
        2019,
        5,
        "March statement",
        "List-Unsubscribe: <https://oldhost.example/u>\nAuthentication-Results: mx.northwind.example; dkim=pass header.d=oldhost.example; spf=pass smtp.mailfrom=bounce@oldhost.example; dmarc=pass header.from=oldhost.example\n",
    );
    // The same once more, unverified, from another host: a one-off that
    // could be anyone, so no candidate.
    push(
        "Accounts <billing@onceonly.example>",
        2019,
        5,
        "Your receipt",
        "",
    );
    // Noise: newsletters without a SaaS word, personal mail, our own mail.
    for i in 0..12 {
        push(
            &format!("News {i} <news@newsletter{i}.example>"),
            2020 + i % 6,
            1 + (i as u32 % 12),
            "This week in gardening",
            "",
        );
    }
    push(
        "Kari <kari.nordmann@gmail.com>",
        2022,
        2,
        "Your invoice, as promised",
        "",
    );
    push(
        "Ops <ops@northwind.example>",
        2022,
        2,
        "Password reset for the wiki",
        "",
    );
    // Broken: no From at all, and a From that is not an address.
    mbox.push_str("From MAILER-DAEMON Mon Jan  1 00:00:00 2021\nSubject: no sender\n\nbody\n\n");
    mbox.push_str(
        "From MAILER-DAEMON Mon Jan  1 00:00:00 2021\nFrom: nobody at all\nSubject: x\n\nbody\n\n",
    );
    let mbox_path = dir.path().join("All mail.mbox");
    std::fs::write(&mbox_path, mbox).unwrap();

    // A Maildir with two more senders (and one already in the mbox).
    let maildir = dir.path().join("Maildir");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    let write = |name: &str, text: String| std::fs::write(maildir.join(name), text).unwrap();
    write(
        "cur/1.eml",
        message(
            "Zendesk <support@zendesk.com>",
            &rfc2822(2021, 8),
            "Welcome to your Zendesk trial",
            "",
        ),
    );
    write(
        "cur/2.eml",
        message(
            "Zendesk <support@zendesk.com>",
            &rfc2822(2022, 8),
            "Your Zendesk invoice",
            "",
        ),
    );
    write(
        "new/3.eml",
        message(
            "Mailchimp <billing@mailchimp.com>",
            &rfc2822(2021, 1),
            "Your Mailchimp receipt",
            "",
        ),
    );
    // Being delivered: not read.
    write(
        "tmp/4.eml",
        message(
            "Stripe <receipts@stripe.com>",
            &rfc2822(2022, 1),
            "Your receipt",
            "",
        ),
    );
    write("cur/5.eml", "garbage without headers".to_string());
    Archive {
        mbox: mbox_path,
        maildir,
        inventory,
        _dir: dir,
    }
}

fn linger(inventory: &Path) -> std::process::Command {
    let mut cmd = common::linger();
    cmd.env("LINGER_INVENTORY", inventory);
    cmd
}

fn json_of(out: &Output) -> Vec<Value> {
    assert!(
        matches!(out.status.code(), Some(0)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}", String::from_utf8_lossy(&out.stdout)))
        .as_array()
        .unwrap()
        .clone()
}

#[test]
fn mail_candidates_with_exact_dates_and_counts() {
    let a = archive();
    let out = linger(&a.inventory)
        .args(["discover", "--format", "json", "--mail"])
        .arg(&a.mbox)
        .arg(&a.maildir)
        .output()
        .unwrap();
    let rows = json_of(&out);
    let summary: Vec<(String, String, String, u64, bool)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().to_string(),
                r["first_seen"].as_str().unwrap_or("-").to_string(),
                r["last_seen"].as_str().unwrap_or("-").to_string(),
                r["count"].as_u64().unwrap(),
                r["probably_retired"].as_bool().unwrap(),
            )
        })
        .collect();
    // Most recently seen first; Slack (in the inventory), personal mail,
    // our own mail, the newsletters and the broken messages are not here.
    assert_eq!(
        summary,
        vec![
            (
                "calendly".into(),
                "2025-11-05".into(),
                "2026-10-05".into(),
                2,
                false
            ),
            (
                "typeform".into(),
                "2019-03-05".into(),
                "2023-06-05".into(),
                2,
                true
            ),
            (
                "zendesk".into(),
                "2021-08-05".into(),
                "2022-08-05".into(),
                2,
                true
            ),
            (
                "mailchimp".into(),
                "2018-01-05".into(),
                "2021-01-05".into(),
                13,
                true
            ),
            (
                "oldhost-example".into(),
                "2019-05-05".into(),
                "2019-05-05".into(),
                1,
                true
            ),
            (
                "formbuilderpro".into(),
                "2017-02-05".into(),
                "2017-03-05".into(),
                2,
                true
            ),
        ]
    );
    let typeform = &rows[1];
    assert_eq!(typeform["sources"], json!(["mail"]));
    assert_eq!(typeform["domains"][0], "typeform.com");
    // The encoded subject, decoded.
    assert!(
        typeform["subjects"]
            .as_array()
            .unwrap()
            .iter()
            .any(|s| s == "Your invoice – June"),
        "{typeform}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("Read the headers of 40 messages"),
        "{stderr}"
    );
    assert!(
        stderr.contains("(2 without a usable sender, skipped)")
            && stderr.contains("Skipped 1 file that is not mail (--verbose names them)."),
        "{stderr}"
    );
    assert!(stderr.contains("Privacy contacts: datenanfragen.de (CC0 1.0)"));

    // --no-subjects: no subject anywhere in the output.
    let quiet = linger(&a.inventory)
        .args(["discover", "--no-subjects", "--format", "json", "--mail"])
        .arg(&a.mbox)
        .output()
        .unwrap();
    let text = String::from_utf8_lossy(&quiet.stdout);
    assert!(
        !text.contains("Your Mailchimp receipt") && !text.contains("Welcome to"),
        "{text}"
    );
    assert!(json_of(&quiet).iter().all(|r| r.get("subjects").is_none()));
    // Nothing of a body is ever printed.
    assert!(!String::from_utf8_lossy(&out.stdout).contains("never read"));
}

#[test]
fn add_appends_what_the_directory_knows_and_check_stays_valid() {
    let a = archive();
    let before = std::fs::read_to_string(&a.inventory).unwrap();
    let dry = linger(&a.inventory)
        .args(["discover", "--mail"])
        .arg(&a.mbox)
        .args(["--add", "mailchimp,typeform", "--dry-run"])
        .output()
        .unwrap();
    common::assert_success(&dry);
    assert_eq!(std::fs::read_to_string(&a.inventory).unwrap(), before);
    assert!(String::from_utf8_lossy(&dry.stdout).contains("+id = \"mailchimp\""));

    let added = linger(&a.inventory)
        .args(["discover", "--mail"])
        .arg(&a.mbox)
        .args(["--add", "mailchimp,typeform,formbuilderpro"])
        .output()
        .unwrap();
    common::assert_success(&added);
    let after = std::fs::read_to_string(&a.inventory).unwrap();
    // Every byte that was there is still there, in place.
    assert!(after.starts_with(&before), "{after}");
    let tail = &after[before.len()..];
    for expected in [
        "id = \"mailchimp\"",
        "name = \"Mailchimp\"",
        // From the directory, and nowhere else.
        "privacy_email = \"personaldatarequests@mailchimp.com\"",
        "used_from = 2018-01-05",
        "data = [\"contact.email\", \"contact.name\", \"behavior.usage\"]",
        "notes = \"Found by linger discover: mail: 12 messages from mailchimp.com, 2018-01-05 to 2020-10-05; a known service (Mailchimp). Probably retired",
        "privacy_email = \"dpo@typeform.com\"",
        "id = \"formbuilderpro\"",
    ] {
        assert!(tail.contains(expected), "missing {expected} in\n{tail}");
    }
    // Never retired_on; an unknown vendor gets no privacy address.
    assert!(!tail.lines().any(|l| l.starts_with("retired_on")));
    let unknown = tail.split("id = \"formbuilderpro\"").nth(1).unwrap();
    assert!(!unknown.contains("privacy_email"), "{unknown}");

    let check = linger(&a.inventory)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        matches!(check.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
    let doc: Value = serde_json::from_slice(&check.stdout).unwrap();
    let codes: Vec<(String, String)> = doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().into(),
                f["vendor"].as_str().unwrap_or("").into(),
            )
        })
        .collect();
    assert!(
        codes.contains(&("no-privacy-contact".into(), "formbuilderpro".into())),
        "{codes:?}"
    );
    // A second discover no longer proposes what was added.
    let again = linger(&a.inventory)
        .args(["discover", "--format", "json", "--mail"])
        .arg(&a.mbox)
        .output()
        .unwrap();
    let ids: Vec<String> = json_of(&again)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(
        !ids.iter().any(|i| i == "mailchimp" || i == "typeform"),
        "{ids:?}"
    );
}

#[test]
fn card_exports_in_three_shapes() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    // A bank's semicolons, decimal commas and a byte-order mark.
    let bank = dir.path().join("bank.csv");
    std::fs::write(
        &bank,
        "\u{feff}Dato;Beskrivelse;Beløp\n05.01.2020;MAILCHIMP *MONTHLY;-129,00\n05.02.2021;MAILCHIMP *MONTHLY;-129,00\n10.03.2021;REMA 1000 MAJORSTUEN;-45,50\n",
    )
    .unwrap();
    // An expense tool's commas and ISO dates.
    let expenses = dir.path().join("expenses.csv");
    std::fs::write(
        &expenses,
        "Transaction Date,Merchant,Amount,Currency\n2022-04-01,SQ *CALENDLY,12.00,USD\n2023-04-01,SQ *CALENDLY,12.00,USD\n2023-05-02,Typeform S.L.,29.00,EUR\n",
    )
    .unwrap();
    // A card statement with US dates and a payee column.
    let card = dir.path().join("card.csv");
    std::fs::write(
        &card,
        "Posted Date,Payee,Address,Amount\n07/15/2024,\"Zendesk, Inc.\",San Francisco,-49.00\n08/15/2024,\"Zendesk, Inc.\",San Francisco,-49.00\n",
    )
    .unwrap();
    let out = linger(&inventory)
        .args(["discover", "--format", "json", "--spend"])
        .args([&bank, &expenses, &card])
        .output()
        .unwrap();
    let rows = json_of(&out);
    let summary: Vec<(String, String, String, u64)> = rows
        .iter()
        .map(|r| {
            (
                r["id"].as_str().unwrap().into(),
                r["first_seen"].as_str().unwrap().into(),
                r["last_seen"].as_str().unwrap().into(),
                r["count"].as_u64().unwrap(),
            )
        })
        .collect();
    assert_eq!(
        summary,
        vec![
            (
                "zendesk".into(),
                "2024-07-15".into(),
                "2024-08-15".into(),
                2
            ),
            (
                "typeform".into(),
                "2023-05-02".into(),
                "2023-05-02".into(),
                1
            ),
            (
                "calendly".into(),
                "2022-04-01".into(),
                "2023-04-01".into(),
                2
            ),
            (
                "mailchimp".into(),
                "2020-01-05".into(),
                "2021-02-05".into(),
                2
            ),
        ]
    );
    let evidence = rows[3]["evidence"][0].as_str().unwrap();
    assert!(
        evidence.contains("\"MAILCHIMP *MONTHLY\"") && evidence.contains("score 1.00"),
        "{evidence}"
    );
    assert_eq!(rows[0]["sources"], json!(["spend"]));

    let bad = dir.path().join("bad.csv");
    std::fs::write(&bad, "a,b\n1,2\n").unwrap();
    let refused = linger(&inventory)
        .args(["discover", "--spend"])
        .arg(&bad)
        .output()
        .unwrap();
    assert_eq!(refused.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("no merchant column"));
}

/// A DNS-over-HTTPS server for northwind.example: TXT, SPF includes (a
/// chain, a loop, one deeper than 10), DMARC, MX, CNAMEs, and NXDOMAIN for
/// everything else.
fn dns_server(rt: &tokio::runtime::Runtime) -> MockServer {
    let server = rt.block_on(MockServer::start());
    let answer = |name: &str, kind: &str, number: u16, data: &[&str]| {
        let body = json!({"Status": 0, "Answer": data.iter().map(|d| json!({"name": name, "type": number, "TTL": 60, "data": d})).collect::<Vec<_>>()});
        Mock::given(path("/dns-query"))
            .and(query_param("name", name))
            .and(query_param("type", kind))
            .respond_with(ResponseTemplate::new(200).set_body_json(body))
    };
    let mut mocks = vec![
        answer(
            "northwind.example",
            "TXT",
            16,
            &[
                "\"v=spf1 include:_spf.google.com include:spf.chain1.example include:loop-a.example -all\"",
                "\"atlassian-domain-verification=abc123\"",
                "\"stripe-verification=def456\"",
            ],
        ),
        answer(
            "_spf.google.com",
            "TXT",
            16,
            &["\"v=spf1 ip4:192.0.2.0/24 ~all\""],
        ),
        answer(
            "loop-a.example",
            "TXT",
            16,
            &["\"v=spf1 include:loop-b.example -all\""],
        ),
        answer(
            "loop-b.example",
            "TXT",
            16,
            &["\"v=spf1 include:loop-a.example -all\""],
        ),
        answer(
            "_dmarc.northwind.example",
            "TXT",
            16,
            &["\"v=DMARC1; p=none; rua=mailto:re+abc@dmarc.postmarkapp.com\""],
        ),
        answer("northwind.example", "MX", 15, &["10 aspmx.l.google.com."]),
        answer(
            "help.northwind.example",
            "CNAME",
            5,
            &["northwind.zendesk.com."],
        ),
        answer(
            "status.northwind.example",
            "CNAME",
            5,
            &["abc.stspg-customer.com."],
        ),
        answer(
            "surveys.northwind.example",
            "CNAME",
            5,
            &["sub.typeform.io."],
        ),
    ];
    // spf.chain1 .. chain12: the 11th level holds SendGrid, past the limit.
    for i in 1..=12 {
        let next = format!("\"v=spf1 include:spf.chain{}.example -all\"", i + 1);
        let data = if i == 11 {
            "\"v=spf1 include:sendgrid.net -all\"".to_string()
        } else {
            next
        };
        mocks.push(answer(
            &format!("spf.chain{i}.example"),
            "TXT",
            16,
            &[data.as_str()],
        ));
    }
    // chain3 also includes Mailchimp: found, within the depth.
    mocks.push(
        answer(
            "spf.chain3.example",
            "TXT",
            16,
            &["\"v=spf1 include:servers.mcsv.net include:spf.chain4.example -all\""],
        )
        .with_priority(1),
    );
    for mock in mocks {
        rt.block_on(mock.mount(&server));
    }
    rt.block_on(
        Mock::given(path("/dns-query"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": 3})))
            .with_priority(10)
            .mount(&server),
    );
    server
}

#[test]
fn dns_records_of_our_domain_name_the_vendors_behind_them() {
    let rt = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .unwrap();
    let server = dns_server(&rt);
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    let out = linger(&inventory)
        .env("LINGER_DOH_URL", format!("{}/dns-query", server.uri()))
        .env("LINGER_CACHE_DIR", dir.path().join("cache"))
        .args([
            "discover",
            "--dns",
            "--subdomain",
            "surveys",
            "--format",
            "json",
        ])
        .output()
        .unwrap();
    let rows = json_of(&out);
    let mut names: Vec<String> = rows
        .iter()
        .map(|r| r["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    assert_eq!(
        names,
        [
            "Atlassian",
            "Google Workspace",
            "Mailchimp",
            "Postmark",
            "Statuspage",
            "Stripe",
            "Typeform",
            "Zendesk"
        ]
    );
    for row in &rows {
        assert_eq!(row["sources"], json!(["dns"]));
        assert_eq!(row["probably_retired"], false);
        assert!(row["first_seen"].is_null());
    }
    let google = rows
        .iter()
        .find(|r| r["name"] == "Google Workspace")
        .unwrap();
    let evidence: Vec<&str> = google["evidence"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e.as_str().unwrap())
        .collect();
    assert!(
        evidence.contains(&"dns: SPF include:_spf.google.com (from northwind.example)"),
        "{evidence:?}"
    );
    assert!(
        evidence.contains(&"dns: MX aspmx.l.google.com"),
        "{evidence:?}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("includes loop-a.example again (a loop)"),
        "{stderr}"
    );
    assert!(stderr.contains("deeper than 10"), "{stderr}");
    // SendGrid sits past the depth limit: not followed, not found.
    assert!(!names.contains(&"SendGrid".to_string()));
}

#[test]
fn a_source_is_required_and_a_bad_fingerprint_file_is_named() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    let none = linger(&inventory).arg("discover").output().unwrap();
    assert_eq!(none.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&none.stderr).contains("nothing to read"));

    std::fs::write(
        dir.path().join("discover.toml"),
        "[[vendor]]\nnom = \"x\"\n",
    )
    .unwrap();
    let mbox = dir.path().join("m.mbox");
    std::fs::write(&mbox, "From x\nFrom: a@b.example\n\n").unwrap();
    let bad = linger(&inventory)
        .args(["discover", "--mail"])
        .arg(&mbox)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(
        stderr.contains("discover.toml") && stderr.contains("nom"),
        "{stderr}"
    );
}

#[test]
fn a_discover_toml_teaches_linger_an_in_house_tool() {
    let a = archive();
    std::fs::write(
        a.inventory.parent().unwrap().join("discover.toml"),
        "[[vendor]]\nname = \"Newsletter Three\"\nwebsite = \"https://newsletter3.example\"\nmail = [\"newsletter3.example\"]\ndata = [\"contact.email\"]\n",
    )
    .unwrap();
    let out = linger(&a.inventory)
        .args(["discover", "--format", "json", "--mail"])
        .arg(&a.mbox)
        .output()
        .unwrap();
    let ids: Vec<String> = json_of(&out)
        .iter()
        .map(|r| r["id"].as_str().unwrap().to_string())
        .collect();
    assert!(ids.contains(&"newsletter-three".to_string()), "{ids:?}");
}

#[test]
fn add_lookup_fills_the_contact_from_the_directory() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    let out = linger(&inventory)
        .args([
            "add",
            "typeform",
            "--lookup",
            "typeform.com",
            "--used-from",
            "2019-03-05",
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    let text = std::fs::read_to_string(&inventory).unwrap();
    assert!(
        text.contains("name = \"TYPEFORM, S.L.\"")
            && text.contains("privacy_email = \"dpo@typeform.com\""),
        "{text}"
    );
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("directory entry `typeform` (quality: "),
        "{stderr}"
    );
    assert!(stderr.contains("datenanfragen.de (CC0 1.0)"));

    let unknown = linger(&inventory)
        .args(["add", "x", "--lookup", "no-such-vendor.example"])
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&unknown.stderr).contains("has no entry"));
}

#[test]
fn a_subject_cannot_drive_the_terminal() {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    let mbox = dir.path().join("m.mbox");
    std::fs::write(
        &mbox,
        "From x Mon Jan  1 00:00:00 2024\nFrom: Billing <billing@evil.example>\nAuthentication-Results: mx.example; dkim=pass header.d=evil.example\nDate: Mon, 5 Feb 2024 10:00:00 +0000\nSubject: Your receipt \u{1b}]52;c;cGF5bG9hZA==\u{7}\n\nbody\n",
    )
    .unwrap();
    let out = linger(&inventory)
        .args(["discover", "--format", "markdown", "--mail"])
        .arg(&mbox)
        .output()
        .unwrap();
    let json = linger(&inventory)
        .args(["discover", "--format", "json", "--mail"])
        .arg(&mbox)
        .output()
        .unwrap();
    let rows = json_of(&json);
    assert_eq!(
        rows[0]["subjects"][0],
        "Your receipt \\u{1b}]52;c;cGF5bG9hZA==\\u{7}"
    );
    assert!(!out.stdout.contains(&0x1b));
}
