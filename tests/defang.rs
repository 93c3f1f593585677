//! Issue 28, items 12 and 13: a live phishing link or name is never
//! printed. One hostile mail carries every way a phisher hides a live one
//! (a sending host under the phishing domain, Return-Path and DKIM
//! domains of its own, a second URL in a link's query, `HTTPS://` in
//! capitals, hosts dotted with `。`, `www.` and `//` links, references in
//! an `href`), and every output that names them (`phish` as a table, as
//! Markdown and as JSON; the abuse and registrar reports in each language)
//! is judged by one check (`defang/check.rs`). The names are in the
//! fixture: the point is what linger prints.

#[path = "defang/check.rs"]
mod check;
mod common;

use common::text;

use std::path::{Path, PathBuf};
use std::process::Output;

use common::net::Net;
use serde_json::{Value, json};
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
law = "gdpr"

[[vendor]]
id = "surveyly"
name = "Surveyly"
privacy_email = "privacy@surveyly.example"
data = ["contact.email"]
"#;

/// The phisher's mail. Its text part and its HTML part each hide links.
const HOSTILE: &str = "Received: from mta7.northwind-secure-login.example (mta7.northwind-secure-login.example [203.0.113.9])\r\n\
\tby mx1.northwind.example; Fri, 27 Nov 2026 09:14:03 +0100\r\n\
Return-Path: <bounce@bounce-nw.example>\r\n\
DKIM-Signature: v=1; a=rsa-sha256; d=signer-nw\u{3002}example; s=s1; h=from; bh=x; b=y\r\n\
From: Northwind Billing <billing@northwind-secure-login.example>\r\n\
To: anna.berg@example.com\r\n\
Date: Fri, 27 Nov 2026 08:10:00 +0000\r\n\
Subject: Your invoice\r\n\
Message-ID: <1@northwind-secure-login.example>\r\n\
MIME-Version: 1.0\r\n\
Content-Type: multipart/alternative; boundary=\"b\"\r\n\
\r\n\
--b\r\n\
Content-Type: text/plain; charset=utf-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
Pay now: https://pay.northwind-secure-login.example/r?u=https://second-stage.example/login\r\n\
Or HTTPS://CAPS.NORTHWIND-CAPS.EXAMPLE/Login\r\n\
Or https://ideo\u{3002}northwind-ideo\u{3002}example/login\r\n\
Or https://pct%2Enorthwind-pct%2Eexample/login\r\n\
Or www.wwwlink.example/pay\r\n\
--b\r\n\
Content-Type: text/html; charset=utf-8\r\n\
Content-Transfer-Encoding: 8bit\r\n\
\r\n\
<p><a href=\"//slashes.example/login\">here</a>\r\n\
<a href=\"https://entity&#46;example/x\">x</a>\r\n\
<a href=\"https&colon;//named&period;example/y\">y</a>\r\n\
<a href=\"https://hex&#x2e;example/z\">z</a></p>\r\n\
--b--\r\n";

/// The phishing domains `phish` must find in `HOSTILE`, every one a link
/// or a sender of its own.
const DOMAINS: [&str; 10] = [
    "northwind-secure-login.example",
    "second-stage.example",
    "northwind-caps.example",
    "northwind-ideo.example",
    "northwind-pct.example",
    "wwwlink.example",
    "slashes.example",
    "entity.example",
    "named.example",
    "hex.example",
];

/// Every name of the phisher's that no output may show live: the
/// phishing domains and the Return-Path and DKIM domains.
fn theirs() -> Vec<&'static str> {
    let mut names = DOMAINS.to_vec();
    names.extend(["bounce-nw.example", "signer-nw.example"]);
    names
}

struct Workspace {
    dir: tempfile::TempDir,
    inventory: PathBuf,
    mail: PathBuf,
}

fn workspace() -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    let mail = dir.path().join("invoice.eml");
    std::fs::write(&mail, HOSTILE).unwrap();
    Workspace {
        dir,
        inventory,
        mail,
    }
}

fn phish(ws: &Workspace, format: &str) -> Output {
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.inventory)
        .args(["phish", "--vendor", "surveyly", "--format", format])
        .arg(&ws.mail)
        .output()
        .unwrap();
    common::assert_success(&out);
    out
}

#[test]
fn phish_shows_no_live_name_as_a_table_or_markdown() {
    let ws = workspace();
    for format in ["table", "markdown"] {
        let out = text(&phish(&ws, format).stdout);
        check::assert_none_live(&format!("phish --format {format}"), &out, &theirs());
        // Not vacuous: each name is there, defanged.
        for shown in [
            "mta7[.]northwind-secure-login[.]example",
            "Return-Path domain bounce-nw[.]example",
            "DKIM-Signature d=signer-nw[.]example",
            "second-stage[.]example",
            "wwwlink[.]example",
            "slashes[.]example",
            "entity[.]example",
            "northwind-ideo[.]example",
        ] {
            assert!(out.contains(shown), "{shown} in {out}");
        }
        // The sending host's cell in the Senders table, not only the
        // evidence line below it.
        let senders = out.split("Evidence").next().unwrap();
        assert!(
            senders.contains("mta7[.]northwind-secure-login[.]example"),
            "{senders}"
        );
    }
}

#[test]
fn phish_json_carries_each_real_name_with_its_defanged_form_beside_it() {
    let ws = workspace();
    let report: Value = serde_json::from_slice(&phish(&ws, "json").stdout).unwrap();
    check::assert_none_live_in_json(&report, &theirs());
    let domains: Vec<&str> = report["domains"]
        .as_array()
        .unwrap()
        .iter()
        .map(|d| d["domain"].as_str().unwrap())
        .collect();
    for domain in DOMAINS {
        assert!(domains.contains(&domain), "{domain} not found: {domains:?}");
    }
    let secure = report["domains"]
        .as_array()
        .unwrap()
        .iter()
        .find(|d| d["domain"] == "northwind-secure-login.example")
        .unwrap();
    assert_eq!(secure["defanged"], "northwind-secure-login[.]example");
    let pay = secure["hosts"]
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["host"] == "pay.northwind-secure-login.example")
        .unwrap_or_else(|| panic!("{secure:#}"));
    assert_eq!(pay["defanged"], "pay[.]northwind-secure-login[.]example");
    let sender = &report["senders"][0];
    assert_eq!(sender["host"], "mta7.northwind-secure-login.example");
    assert_eq!(
        sender["defanged"],
        "mta7[.]northwind-secure-login[.]example"
    );
}

impl Net {
    fn json(&self, at: &str, body: Value) {
        self.mount(
            Mock::given(path(at)).respond_with(ResponseTemplate::new(200).set_body_json(body)),
        );
    }
}

fn abuse_entity(email: &str) -> Value {
    json!({"objectClassName": "entity", "roles": ["abuse"],
           "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse"],
                                    ["email", {}, "text", email]]]})
}

/// The registries, with an abuse contact for the sending network that
/// starts with `-` (what an option looks like), and the registrar's.
fn serve(net: &Net) {
    net.json(
        "/iana/ipv4.json",
        json!({"version": "1.0", "services": [[["203.0.113.0/24"], [net.url("/ripe/")]]]}),
    );
    net.json("/iana/ipv6.json", json!({"version": "1.0", "services": []}));
    net.json(
        "/iana/dns.json",
        json!({"version": "1.0", "services": [[["example"], [net.url("/registry/")]]]}),
    );
    net.json(
        "/ripe/ip/203.0.113.9",
        json!({"objectClassName": "ip network", "handle": "NET-1", "name": "BULLETPROOF",
               "startAddress": "203.0.113.0", "endAddress": "203.0.113.255", "ipVersion": "v4",
               "entities": [abuse_entity("-oproxycommand=x@bulletproof.example")]}),
    );
    net.json(
        "/registry/domain/northwind-secure-login.example",
        json!({"objectClassName": "domain", "ldhName": "NORTHWIND-SECURE-LOGIN.EXAMPLE",
               "events": [{"eventAction": "registration", "eventDate": "2026-11-25T14:02:11Z"}],
               "entities": [{"objectClassName": "entity", "roles": ["registrar"],
                             "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Cheap Names LLC"]]],
                             "entities": [abuse_entity("abuse@cheapnames.example")]}]}),
    );
}

/// Runs `command` with `sh`, as a person pastes it, `linger` on the path.
fn sh(command: &str, dir: &Path, inventory: &Path) -> Output {
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_linger"));
    // The test's binary first; the rest of PATH for the shell's own tools.
    #[allow(clippy::disallowed_methods)]
    let inherited = std::env::var("PATH").unwrap_or_default();
    let path = format!("{}:{inherited}", bin.parent().unwrap().display());
    let mut cmd = std::process::Command::new("sh");
    for (name, _) in std::env::vars_os() {
        if name.to_string_lossy().starts_with("LINGER_") {
            cmd.env_remove(name);
        }
    }
    cmd.arg("-c")
        .arg(command)
        .current_dir(dir)
        .env("PATH", path)
        .env("LINGER_INVENTORY", inventory)
        .env("LINGER_TODAY", "2026-11-28")
        .env("NO_COLOR", "1")
        .output()
        .unwrap()
}

#[test]
fn the_next_steps_run_as_printed_even_when_an_abuse_contact_looks_like_an_option() {
    let net = Net::start();
    serve(&net);
    let ws = workspace();
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.inventory)
        .env("LINGER_CACHE_DIR", ws.dir.path().join("cache"))
        .env("LINGER_RDAP_BOOTSTRAP_URL", net.url("/iana/dns.json"))
        .env_remove("LINGER_RDAP_IP_BOOTSTRAP_URL")
        .env("LINGER_DOH_URL", net.url("/dns-query"))
        .env("LINGER_HTTP_TIMEOUT", "2")
        .args(["phish", "--online", "--vendor", "surveyly"])
        .arg(&ws.mail)
        .output()
        .unwrap();
    common::assert_success(&out);
    let shown = text(&out.stdout);
    // The online answers (the link hosts' failed look-ups among them)
    // show no live name either.
    check::assert_none_live("phish --online", &shown, &theirs());
    let steps: Vec<&str> = shown
        .lines()
        .map(str::trim)
        .filter(|l| l.starts_with("linger letter"))
        .collect();
    let abuse = steps
        .iter()
        .find(|s| s.contains("--kind abuse-report"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        abuse.contains("--to=-oproxycommand=x@bulletproof.example"),
        "{abuse}"
    );
    let registrar = steps
        .iter()
        .find(|s| s.contains("--kind registrar-report"))
        .unwrap_or_else(|| panic!("{shown}"));
    assert!(
        registrar.contains(
            "--to=abuse@cheapnames.example --phishing-domain 'northwind-secure-login[.]example'"
        ),
        "{registrar}"
    );

    // Each, as printed, in a folder where `trace` has written the
    // addresses.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("leaked.txt"), "anna.berg@example.com\n").unwrap();
    for (step, file) in [
        (abuse, "abuse-report-sender.eml"),
        (
            registrar,
            "registrar-report-northwind-secure-login-example.eml",
        ),
    ] {
        let ran = sh(step, dir.path(), &ws.inventory);
        common::assert_success(&ran);
        let eml = std::fs::read_to_string(dir.path().join(file))
            .unwrap_or_else(|e| panic!("{step}: {e}"));
        // The letter's own text, not the original attached to it.
        let letter = eml.split("Content-Type: message/rfc822").next().unwrap();
        let names: Vec<&str> = theirs()
            .into_iter()
            .chain(["pay.northwind-secure-login.example"])
            .collect();
        check::assert_none_live(step, letter, &names);
    }
    let sent = std::fs::read_to_string(dir.path().join("abuse-report-sender.eml")).unwrap();
    assert!(
        sent.contains("To: -oproxycommand=x@bulletproof.example"),
        "{sent}"
    );
}

/// The abuse and registrar reports list the mail's links, in each
/// language: every one defanged, the second stage in the query too.
#[test]
fn letters_list_every_link_defanged_in_every_language() {
    let ws = workspace();
    let fixture =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/cmd/fixtures/letters/vendors.toml");
    // The domain the letter is about is named in its prose (the registrar
    // must find it); every link host is checked, and every other domain.
    let names: Vec<&str> = theirs()
        .into_iter()
        .filter(|n| *n != "northwind-secure-login.example")
        .chain([
            "pay.northwind-secure-login.example",
            "caps.northwind-caps.example",
        ])
        .collect();
    let addresses = ws.dir.path().join("leaked.txt");
    std::fs::write(&addresses, "anna.berg@example.com\n").unwrap();
    for kind in ["abuse-report", "registrar-report"] {
        for lang in ["en", "de", "nb"] {
            let out = common::linger()
                .arg("-f")
                .arg(&fixture)
                .args(["letter", "surveyly", "--kind", kind, "--lang", lang])
                .args(["--to", "abuse@bulkmail.example"])
                .args(["--phishing-domain", "northwind-secure-login.example"])
                .arg("--addresses")
                .arg(&addresses)
                .arg("--message")
                .arg(&ws.mail)
                .output()
                .unwrap();
            common::assert_success(&out);
            let letter = text(&out.stdout);
            check::assert_none_live(&format!("{kind} in {lang}"), &letter, &names);
            let joined = letter.split_whitespace().collect::<Vec<_>>().join(" ");
            for listed in [
                "hxxps://pay[.]northwind-secure-login[.]example/r?u=hxxps://second-stage[.]example/login",
                "hxxps://CAPS[.]NORTHWIND-CAPS[.]EXAMPLE/Login",
                "hxxps://ideo[.]northwind-ideo[.]example/login",
                "hxxps://pct[.]northwind-pct[.]example/login",
                "www[.]wwwlink[.]example/pay",
                "//slashes[.]example/login",
                "hxxps://entity[.]example/x",
                "hxxps://named[.]example/y",
                "hxxps://hex[.]example/z",
            ] {
                assert!(
                    joined.contains(listed),
                    "{kind} {lang}: {listed} in {letter}"
                );
            }
        }
    }
}
