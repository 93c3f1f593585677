//! `linger phish` on phishing mails written to follow what SendGrid,
//! Amazon SES, Mailgun, Brevo (forwarded as `message/rfc822`) and a spam
//! bot sending straight to the MX put in their headers, against one
//! loopback server (wiremock) playing IANA's bootstrap files, two regional
//! registries' RDAP servers, a domain registry's RDAP server with the
//! registrars' abuse contacts (or, as thin registries do, a link to the
//! registrar's own RDAP server, which answers or fails), and DNS over
//! HTTPS. One registry hangs: its
//! answer is reported missing, and the rest is reported. Nothing leaves
//! the machine.

#[path = "defang/check.rs"]
mod check;
mod common;

use common::text;

use common::net::Net;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{path, query_param};
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

impl Net {
    fn json(&self, at: &str, body: Value) {
        self.mount(
            Mock::given(path(at)).respond_with(ResponseTemplate::new(200).set_body_json(body)),
        );
    }

    /// A jCard entity with `roles`, a name, and an e-mail when given.
    fn entity(roles: &[&str], name: &str, email: Option<&str>, inner: Vec<Value>) -> Value {
        let mut card = vec![
            json!(["version", {}, "text", "4.0"]),
            json!(["fn", {}, "text", name]),
        ];
        if let Some(email) = email {
            card.push(json!(["email", {}, "text", email]));
        }
        json!({"objectClassName": "entity", "roles": roles, "vcardArray": ["vcard", card], "entities": inner})
    }

    /// An ARIN-style answer (abuse under the organization) or a RIPE-style
    /// one (abuse beside it).
    fn network(&self, rir: &str, ip: &str, name: &str, holder: &str, abuse: &str, nested: bool) {
        let abuse = Net::entity(&["abuse"], "Abuse", Some(abuse), vec![]);
        let entities = if nested {
            vec![Net::entity(&["registrant"], holder, None, vec![abuse])]
        } else {
            vec![Net::entity(&["registrant"], holder, None, vec![]), abuse]
        };
        self.json(
            &format!("/{rir}/ip/{ip}"),
            json!({"objectClassName": "ip network", "handle": format!("NET-{name}"), "name": name,
                   "startAddress": ip, "endAddress": ip, "ipVersion": if ip.contains(':') { "v6" } else { "v4" }, "entities": entities}),
        );
    }

    fn domain(&self, domain: &str, registered: &str, registrar: &str, abuse: &str) {
        self.json(
            &format!("/registry/domain/{domain}"),
            json!({"objectClassName": "domain", "ldhName": domain.to_uppercase(),
                   "events": [{"eventAction": "registration", "eventDate": format!("{registered}T14:02:11Z")},
                              {"eventAction": "expiration", "eventDate": "2027-11-25T14:02:11Z"}],
                   "entities": [Net::entity(&["registrar"], registrar, None,
                       vec![Net::entity(&["abuse"], "Abuse Contact", Some(abuse), vec![])])]}),
        );
    }

    /// A thin registry's answer, as Verisign's: the registrar's name, no
    /// abuse contact, and a `related` link to the registrar's own record.
    fn thin_domain(&self, domain: &str, registered: &str, registrar: &str) {
        let related = self.url(&format!("/registrar/domain/{domain}"));
        self.json(
            &format!("/registry/domain/{domain}"),
            json!({"objectClassName": "domain", "ldhName": domain.to_uppercase(),
                   "links": [{"value": related, "rel": "related", "href": related, "type": "application/rdap+json"}],
                   "events": [{"eventAction": "registration", "eventDate": format!("{registered}T14:02:11Z")}],
                   "entities": [Net::entity(&["registrar"], registrar, None, vec![])]}),
        );
    }

    /// The registrar's own record that `thin_domain` links to.
    fn registrar_record(&self, domain: &str, registrar: &str, abuse: &str) {
        self.json(
            &format!("/registrar/domain/{domain}"),
            json!({"objectClassName": "domain", "ldhName": domain,
                   "entities": [Net::entity(&["registrar"], registrar, None,
                       vec![Net::entity(&["abuse"], "Abuse", Some(abuse), vec![])])]}),
        );
    }

    fn dns(&self, name: &str, address: &str) {
        let (kind, number) = if address.contains(':') {
            ("AAAA", 28)
        } else {
            ("A", 1)
        };
        self.mount(
            Mock::given(path("/dns-query"))
                .and(query_param("name", name))
                .and(query_param("type", kind))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                    "Status": 0, "Question": [{"name": name, "type": number}],
                    "Answer": [{"name": format!("{name}."), "type": number, "TTL": 300, "data": address}]}))),
        );
    }

    /// A name that exists without records of `kind`.
    fn dns_empty(&self, name: &str, kind: &str) {
        self.mount(
            Mock::given(path("/dns-query"))
                .and(query_param("name", name))
                .and(query_param("type", kind))
                .respond_with(
                    ResponseTemplate::new(200)
                        .set_body_json(json!({"Status": 0, "Question": [{"name": name}]})),
                ),
        );
    }
}

/// The whole loopback internet of the test.
fn serve(net: &Net) {
    let (arin, ripe, slow) = (net.url("/arin/"), net.url("/ripe/"), net.url("/slow/"));
    net.json(
        "/iana/ipv4.json",
        json!({"version": "1.0", "publication": "2026-11-01T00:00:00Z", "services": [
            [["149.72.0.0/16", "159.135.0.0/16", "54.240.0.0/16"], [arin]],
            [["185.41.0.0/16", "192.0.2.0/24"], [ripe]],
            [["203.0.113.0/24"], [slow]]]}),
    );
    net.json(
        "/iana/ipv6.json",
        json!({"version": "1.0", "services": [[["2001:db8::/32"], [net.url("/ripe/")]]]}),
    );
    net.json(
        "/iana/dns.json",
        json!({"version": "1.0", "services": [[["example"], [net.url("/registry/")]]]}),
    );
    net.network(
        "arin",
        "149.72.134.201",
        "SENDGRID",
        "SendGrid, Inc.",
        "abuse@sendgrid.example",
        true,
    );
    net.network(
        "arin",
        "54.240.8.12",
        "AMAZON-SES",
        "Amazon.com, Inc.",
        "abuse@amazonaws.example",
        true,
    );
    net.network(
        "arin",
        "159.135.42.7",
        "MAILGUN-1",
        "Mailgun Technologies, Inc.",
        "abuse@mailgun.example",
        true,
    );
    net.network(
        "ripe",
        "185.41.28.109",
        "SENDINBLUE-NET",
        "Sendinblue SAS",
        "abuse@brevo.example",
        false,
    );
    net.network(
        "ripe",
        "192.0.2.80",
        "CHEAP-HOSTING",
        "Cheap Hosting Ltd",
        "abuse@cheaphosting.example",
        false,
    );
    // The bot's network's registry hangs past the timeout.
    net.mount(
        Mock::given(path("/slow/ip/203.0.113.45"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5))),
    );
    net.domain(
        "northwind-secure-login.example",
        "2026-11-25",
        "Cheap Names LLC",
        "abuse@cheapnames.example",
    );
    // Two thin registry answers: one registrar's own record gives the
    // abuse contact, the other registrar's server fails.
    net.thin_domain("nortwind.example", "2026-11-26", "Another Registrar GmbH");
    net.registrar_record(
        "nortwind.example",
        "ANOTHER REGISTRAR",
        "abuse@another-registrar.example",
    );
    net.thin_domain("northwlnd.example", "2026-10-03", "Cheap Names LLC");
    net.mount(
        Mock::given(path("/registrar/domain/northwlnd.example"))
            .respond_with(ResponseTemplate::new(503)),
    );
    for host in [
        "northwind-secure-login.example",
        "keep.northwind-secure-login.example",
        "northwlnd.example",
    ] {
        net.dns(host, "192.0.2.80");
    }
    // A link host on IPv6 only.
    net.dns_empty("login.nortwind.example", "A");
    net.dns("login.nortwind.example", "2001:db8::80");
    net.network(
        "ripe",
        "2001:db8::80",
        "V6-HOSTING",
        "Sixes Hosting BV",
        "abuse@sixes.example",
        false,
    );
}

fn data(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/data/phish")
        .join(name)
}

struct Workspace {
    _dir: tempfile::TempDir,
    inventory: PathBuf,
    cache: PathBuf,
}

fn workspace() -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    let cache = dir.path().join("cache");
    Workspace {
        inventory,
        cache,
        _dir: dir,
    }
}

fn linger(ws: &Workspace, net: &Net) -> Command {
    let mut cmd = common::linger();
    cmd.env("LINGER_INVENTORY", &ws.inventory)
        .env("LINGER_CACHE_DIR", &ws.cache)
        .env("LINGER_RDAP_BOOTSTRAP_URL", net.url("/iana/dns.json"))
        // The address files are read beside dns.json.
        .env_remove("LINGER_RDAP_IP_BOOTSTRAP_URL")
        .env("LINGER_DOH_URL", net.url("/dns-query"))
        .env("LINGER_HTTP_TIMEOUT", "1");
    cmd
}

fn all_mail() -> Vec<String> {
    [
        "sendgrid.eml",
        "ses.eml",
        "mailgun.eml",
        "direct-to-mx.eml",
        "forwarded.eml",
    ]
    .iter()
    .map(|f| data(f).display().to_string())
    .collect()
}

fn run(mut cmd: Command, args: &[&str], files: &[String]) -> Output {
    cmd.args(args).args(files).output().unwrap()
}

#[test]
fn phish_online_finds_every_abuse_contact_and_registration() {
    let net = Net::start();
    serve(&net);
    let ws = workspace();
    let out = run(
        linger(&ws, &net),
        &[
            "phish", "--online", "--vendor", "surveyly", "--format", "json",
        ],
        &all_mail(),
    );
    common::assert_success(&out);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["messages"], 5);

    let sender = |service: &str| {
        report["senders"]
            .as_array()
            .unwrap()
            .iter()
            .find(|s| s["service"] == service)
            .unwrap_or_else(|| panic!("no sender {service}: {report:#}"))
            .clone()
    };
    for (service, ip, abuse, network) in [
        (
            "SendGrid",
            "149.72.134.201",
            "abuse@sendgrid.example",
            "SENDGRID (SendGrid, Inc.)",
        ),
        (
            "Amazon SES",
            "54.240.8.12",
            "abuse@amazonaws.example",
            "AMAZON-SES (Amazon.com, Inc.)",
        ),
        (
            "Mailgun",
            "159.135.42.7",
            "abuse@mailgun.example",
            "MAILGUN-1 (Mailgun Technologies, Inc.)",
        ),
        (
            "Brevo",
            "185.41.28.109",
            "abuse@brevo.example",
            "SENDINBLUE-NET (Sendinblue SAS)",
        ),
    ] {
        let s = sender(service);
        assert_eq!(s["ip"], ip, "{s:#}");
        assert_eq!(s["abuse"], abuse, "{s:#}");
        assert_eq!(s["network"], network, "{s:#}");
        assert!(!s["evidence"].as_array().unwrap().is_empty());
    }
    // The bot's registry timed out: said so, and the run went on.
    let bot = report["senders"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["service"].is_null())
        .unwrap();
    assert_eq!(bot["ip"], "203.0.113.45");
    assert_eq!(bot["abuse"], Value::Null);
    let error = bot["error"].as_str().unwrap();
    assert!(error.starts_with("RDAP did not answer"), "{error}");

    let domain = |name: &str| {
        report["domains"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["domain"] == name)
            .unwrap_or_else(|| panic!("no domain {name}: {report:#}"))
            .clone()
    };
    // The real name for scripts, the defanged one beside it.
    let secure = domain("northwind-secure-login.example");
    assert_eq!(secure["defanged"], "northwind-secure-login[.]example");
    assert_eq!(secure["role"], "from");
    assert_eq!(secure["registered"], "2026-11-25");
    assert_eq!(secure["registrar"], "Cheap Names LLC");
    assert_eq!(secure["registrar_abuse"], "abuse@cheapnames.example");
    assert_eq!(secure["lookalike_of"], "northwind.example");
    assert_eq!(secure["fuzzer"], "brand");
    // Where each link host points, and that network's abuse desk.
    let host = |domain: &Value, name: &str| {
        domain["hosts"]
            .as_array()
            .unwrap()
            .iter()
            .find(|h| h["host"] == name)
            .unwrap_or_else(|| panic!("no host {name}: {domain:#}"))
            .clone()
    };
    let keep = host(&secure, "keep.northwind-secure-login.example");
    assert_eq!(keep["defanged"], "keep[.]northwind-secure-login[.]example");
    assert_eq!(keep["ip"], "192.0.2.80");
    assert_eq!(keep["abuse"], "abuse@cheaphosting.example");
    let omission = domain("nortwind.example");
    // On IPv6 only.
    let login = host(&omission, "login.nortwind.example");
    assert_eq!(login["ip"], "2001:db8::80", "{login:#}");
    assert_eq!(login["abuse"], "abuse@sixes.example");
    // The registry's date and registrar name, the registrar's own
    // record's abuse contact.
    assert_eq!(omission["registered"], "2026-11-26");
    assert_eq!(omission["registrar"], "Another Registrar GmbH");
    assert_eq!(
        omission["registrar_abuse"],
        "abuse@another-registrar.example"
    );
    assert_eq!(omission["fuzzer"], "omission");
    let reply_to = domain("northwlnd.example");
    assert_eq!(reply_to["role"], "reply-to");
    assert_eq!(reply_to["registered"], "2026-10-03");
    assert_eq!(reply_to["registrar_abuse"], Value::Null);
    let error = reply_to["error"].as_str().unwrap();
    assert!(
        error.contains("the registrar's RDAP record did not answer") && error.contains("503"),
        "{error}"
    );

    // Nothing undefanged of a phishing domain anywhere in the output but
    // the `domain` and `host` fields, each with its defanged form beside.
    check::assert_none_live_in_json(
        &report,
        &[
            "northwind-secure-login.example",
            "nortwind.example",
            "northwlnd.example",
        ],
    );

    // The next steps: one abuse report per service, one registrar report
    // per domain, each a command that runs as printed.
    let next: Vec<&str> = report["next"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s.as_str().unwrap())
        .collect();
    assert!(next.iter().any(|s| s.starts_with("linger letter surveyly --kind abuse-report --to=abuse@sendgrid.example --phishing-domain 'northwind-secure-login[.]example'")), "{next:#?}");
    assert!(next.iter().any(|s| s.starts_with("linger letter surveyly --kind registrar-report --to=abuse@another-registrar.example --phishing-domain 'nortwind[.]example'")), "{next:#?}");
    assert_eq!(
        next.iter()
            .filter(|s| s.contains("--kind abuse-report"))
            .count(),
        4
    );
    assert_eq!(
        next.iter()
            .filter(|s| s.contains("--kind registrar-report"))
            .count(),
        2,
        "no registrar report without the registrar's abuse contact"
    );

    // The registrar report those steps print, drafted as printed.
    let dir = tempfile::tempdir().unwrap();
    let step = next.iter().find(|s| s.contains("registrar-report --to=abuse@cheapnames.example --phishing-domain 'northwind-secure-login")).unwrap();
    std::fs::write(
        dir.path().join("leaked.txt"),
        "anna.berg@example.com\nbo.lund@example.com\n",
    )
    .unwrap();
    // Run as printed, by a shell that fails on a glob matching nothing.
    let linger = common::linger();
    let mut shell = std::process::Command::new("bash");
    for (name, value) in linger.get_envs() {
        match value {
            Some(value) => shell.env(name, value),
            None => shell.env_remove(name),
        };
    }
    let binary = linger.get_program().to_string_lossy().into_owned();
    let letter = shell
        .current_dir(dir.path())
        .env("LINGER_INVENTORY", &ws.inventory)
        .args(["-O", "failglob", "-c"])
        .arg(step.replacen("linger ", &format!("'{binary}' "), 1))
        .output()
        .unwrap();
    common::assert_success(&letter);
    let eml = std::fs::read_to_string(
        dir.path()
            .join("registrar-report-northwind-secure-login-example.eml"),
    )
    .unwrap();
    assert!(eml.contains("To: abuse@cheapnames.example"), "{eml}");
    assert!(
        eml.contains("Subject: Abuse report: the domain northwind-secure-login[.]example sends"),
        "{eml}"
    );
    // The three mails from that domain, the forward's original in place of
    // the colleague's forward around it.
    assert_eq!(
        eml.matches("Content-Type: message/rfc822").count(),
        3,
        "{eml}"
    );
    assert!(eml.contains("forwarded-original.eml"), "{eml}");
    assert!(
        !eml.contains("eva.holm") && !eml.contains("10.20.0.5"),
        "the forward's own headers went out"
    );
    assert!(eml.contains("reached 2 of our addresses"), "{eml}");
    assert!(
        !eml.contains("anna.berg@example.com\n"),
        "a registrar report lists no address"
    );
}

#[test]
fn without_online_only_the_headers_are_read_and_no_socket_opens() {
    let ws = workspace();
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.inventory)
        .args(["phish", "--format", "json"])
        .args(all_mail())
        .arg(data("campaign.mbox"))
        .output()
        .unwrap();
    common::assert_success(&out);
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(report["messages"], 7, "five files and an mbox of two");
    assert_eq!(report["senders"][0]["service"], "SendGrid");
    assert_eq!(report["senders"][0]["messages"], 2);
    assert_eq!(report["senders"][0]["abuse"], Value::Null);
    // Nothing was asked: a question that failed would say so in `error`
    // (the sources point at a closed port).
    for row in report["senders"]
        .as_array()
        .unwrap()
        .iter()
        .chain(report["domains"].as_array().unwrap())
    {
        assert_eq!(row["error"], Value::Null, "{row:#}");
    }
    assert!(
        report["next"][1]
            .as_str()
            .unwrap()
            .starts_with("linger phish --online")
    );

    // The table names the services and the next steps.
    let table = common::linger()
        .env("LINGER_INVENTORY", &ws.inventory)
        .arg("phish")
        .arg(data("ses.eml"))
        .output()
        .unwrap();
    let shown = text(&table.stdout);
    assert!(
        shown.contains("Amazon SES") && shown.contains("header X-SES-Outgoing"),
        "{shown}"
    );
    assert!(shown.contains("nortwind[.]example"), "{shown}");
    check::assert_none_live("phish", &shown, &["nortwind.example"]);
    // Markdown, for a ticket or a wiki page: headings, tables, commands.
    let markdown = common::linger()
        .env("LINGER_INVENTORY", &ws.inventory)
        .args(["phish", "--format", "markdown"])
        .arg(data("ses.eml"))
        .output()
        .unwrap();
    let page = text(&markdown.stdout);
    check::assert_none_live("phish --format markdown", &page, &["nortwind.example"]);
    for part in [
        "## Senders",
        "| Amazon SES |",
        "## Phishing domains",
        "| nortwind[.]example |",
        "```sh\nlinger trace",
    ] {
        assert!(page.contains(part), "{part:?} in {page}");
    }
}

/// A domain in `organization.domains` is ours: never a phishing domain,
/// even when `--domain` names another of ours.
#[test]
fn our_other_domains_are_not_phishing_domains() {
    let ws = workspace();
    let names = |args: &[&str]| -> Vec<String> {
        let out = common::linger()
            .env("LINGER_INVENTORY", &ws.inventory)
            .args(["phish", "--format", "json"])
            .args(args)
            .args(all_mail())
            .output()
            .unwrap();
        common::assert_success(&out);
        let report: Value = serde_json::from_slice(&out.stdout).unwrap();
        report["domains"]
            .as_array()
            .unwrap()
            .iter()
            .map(|d| d["domain"].as_str().unwrap().to_string())
            .collect()
    };
    assert!(names(&[]).contains(&"nortwind.example".to_string()));
    std::fs::write(
        &ws.inventory,
        INVENTORY.replace(
            "law = \"gdpr\"\n",
            "law = \"gdpr\"\ndomains = [\"nortwind.example\"]\n",
        ),
    )
    .unwrap();
    for args in [&[][..], &["--domain", "northwind.example"]] {
        let found = names(args);
        assert!(
            !found.contains(&"nortwind.example".to_string()),
            "{found:?}"
        );
        assert!(
            found.contains(&"northwlnd.example".to_string()),
            "{found:?}"
        );
    }
}

#[test]
fn bad_input_is_a_clear_error() {
    let ws = workspace();
    let dir = tempfile::tempdir().unwrap();
    let notes = dir.path().join("notes.txt");
    std::fs::write(&notes, "no mail here\n").unwrap();
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.inventory)
        .args(["phish"])
        .arg(&notes)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("no e-mail message"),
        "{}",
        text(&out.stderr)
    );
    let unknown = common::linger()
        .env("LINGER_INVENTORY", &ws.inventory)
        .args(["phish", "--vendor", "nobody"])
        .arg(data("ses.eml"))
        .output()
        .unwrap();
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("no vendor `nobody`"));
    let refresh = common::linger()
        .env("LINGER_INVENTORY", &ws.inventory)
        .args(["phish", "--refresh"])
        .arg(data("ses.eml"))
        .output()
        .unwrap();
    assert_eq!(refresh.status.code(), Some(2));
    assert!(
        text(&refresh.stderr).contains("add --online"),
        "{}",
        text(&refresh.stderr)
    );
    // With --domain, no inventory is needed.
    let alone = common::linger()
        .env("LINGER_INVENTORY", dir.path().join("missing.toml"))
        .args(["phish", "--domain", "northwind.example"])
        .arg(data("ses.eml"))
        .output()
        .unwrap();
    common::assert_success(&alone);
}
