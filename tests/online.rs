//! `check --online`, `lookalikes` and `send`'s domain check against one
//! real HTTP server on 127.0.0.1 (wiremock) that serves all three sources
//! in the shape of the real services: HIBP's breach list, an RDAP
//! bootstrap pointing back at itself with domain answers and 404s, and
//! DNS-over-HTTPS JSON answers with NXDOMAIN. Vendors' websites are reached
//! through the same server acting as the HTTP proxy (`HTTP_PROXY`), which
//! also proves that the proxy variables are honoured. Nothing leaves the
//! machine.

mod common;

use common::text;

use common::net::Net;

use std::io::Read;
use std::net::TcpListener;
use std::path::PathBuf;
use std::process::{Command, Output};
use std::time::Duration;

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

/// Matches a request for `host`: as a proxy sees it, the request line
/// names the host in full (`GET http://host/ HTTP/1.1`).
struct Host(&'static str);

impl wiremock::Match for Host {
    fn matches(&self, request: &wiremock::Request) -> bool {
        request.url.host_str() == Some(self.0)
    }
}

impl Net {
    fn breaches(&self, body: Value) {
        self.mount(
            Mock::given(method("GET"))
                .and(path("/hibp/breaches"))
                .respond_with(ResponseTemplate::new(200).set_body_json(body)),
        );
    }

    fn bootstrap(&self) {
        let rdap = self.url("/rdap/");
        self.mount(Mock::given(path("/rdap/dns.json")).respond_with(
            ResponseTemplate::new(200).set_body_json(json!({
                "version": "1.0",
                "publication": "2026-11-01T00:00:00Z",
                "services": [[["example", "com", "net"], [rdap]]]
            })),
        ));
    }

    /// An RDAP answer: registered on `on`, or 404 when `None`.
    fn registered(&self, domain: &str, on: Option<&str>) {
        let response = match on {
            Some(on) => ResponseTemplate::new(200).set_body_json(json!({
                "objectClassName": "domain",
                "ldhName": domain.to_uppercase(),
                "events": [
                    {"eventAction": "registration", "eventDate": format!("{on}T09:30:00Z")},
                    {"eventAction": "expiration", "eventDate": "2030-01-01T00:00:00Z"}
                ],
                "entities": [{
                    "objectClassName": "entity",
                    "roles": ["registrar"],
                    "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Example Registrar, Inc."]]]
                }]
            })),
            None => ResponseTemplate::new(404).set_body_json(json!({"errorCode": 404, "title": "Not Found"})),
        };
        self.mount(Mock::given(path(format!("/rdap/domain/{domain}"))).respond_with(response));
    }

    /// A DNS answer for `name`: A records, or NXDOMAIN when empty.
    fn dns(&self, name: &str, kind: &str, records: &[&str]) {
        let number = match kind {
            "A" => 1,
            "AAAA" => 28,
            "MX" => 15,
            _ => unreachable!(),
        };
        let body = if records.is_empty() && kind == "A" {
            json!({"Status": 3, "TC": false, "RD": true, "RA": true, "Question": [{"name": name, "type": number}]})
        } else {
            json!({"Status": 0, "Question": [{"name": name, "type": number}],
                   "Answer": records.iter().map(|r| json!({"name": format!("{name}."), "type": number, "TTL": 300, "data": r})).collect::<Vec<_>>()})
        };
        self.mount(
            Mock::given(path("/dns-query"))
                .and(query_param("name", name))
                .and(query_param("type", kind))
                .and(header("accept", "application/dns-json"))
                .respond_with(ResponseTemplate::new(200).set_body_json(body)),
        );
    }

    /// Every other DNS question: NXDOMAIN.
    fn dns_default_nxdomain(&self) {
        self.mount(
            Mock::given(path("/dns-query"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": 3})))
                .with_priority(10),
        );
    }

    /// Every website, reached through the proxy: a plain page.
    fn websites_answer(&self) {
        self.mount(
            Mock::given(method("GET"))
                .respond_with(ResponseTemplate::new(200).set_body_string("<html>hello</html>"))
                .with_priority(20),
        );
    }
}

/// The inventory of the online tests. Every vendor is named for what the
/// loopback server says about it.
const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
law = "gdpr"

# Breached in 2024, while it held our data.
[[vendor]]
id = "leaky"
name = "LeakyCRM"
website = "http://leakycrm.example"
used_from = 2020-01-01
retired_on = 2023-06-30
data = ["contact.email"]

# Breached in 2019, before we signed up.
[[vendor]]
id = "early"
name = "EarlyBird"
website = "http://earlybird.example"
used_from = 2021-03-01
data = ["contact.email"]

# Breached in 2024, after its deletion was confirmed.
[[vendor]]
id = "deleted"
name = "DeletedApp"
website = "http://deletedapp.example"
used_from = 2018-01-01
retired_on = 2022-01-01
data = ["contact.email"]

[[vendor.event]]
on = 2022-02-01
kind = "requested"

[[vendor.event]]
on = 2022-03-01
kind = "confirmed"
evidence = "mail from DeletedApp"

# Its domain is gone.
[[vendor]]
id = "gone"
name = "GoneVendor"
website = "http://gonevendor.example"
used_from = 2019-01-01
data = ["contact.email"]

# Its website now leads to the company that bought it.
[[vendor]]
id = "bought"
name = "BoughtApp"
website = "http://boughtapp.example"
used_from = 2019-01-01
data = ["contact.email"]

# Its domain was registered again in 2025.
[[vendor]]
id = "squatted"
name = "Squatted Inc."
website = "http://squatted.example"
privacy_email = "privacy@squatted.example"
used_from = 2019-05-01
data = ["contact.email"]

# Its privacy address is on a domain nobody holds any more.
[[vendor]]
id = "lapsed"
name = "Lapsed Ltd"
website = "http://lapsedapp.example"
domains = ["lapsed-mail.example"]
privacy_email = "dpo@lapsed-mail.example"
used_from = 2019-05-01
data = ["contact.email"]

# Nothing to report.
[[vendor]]
id = "fine"
name = "FineVendor"
website = "http://finevendor.example"
privacy_email = "privacy@finevendor.example"
used_from = 2018-01-01
data = ["contact.email"]
"#;

/// Serves every source for `INVENTORY`.
fn serve_inventory(net: &Net) {
    net.breaches(json!([
        {"Name": "LeakyCRM", "Title": "LeakyCRM", "Domain": "leakycrm.example", "BreachDate": "2024-04-02",
         "AddedDate": "2024-05-01T00:00:00Z", "PwnCount": 1234567, "DataClasses": ["Email addresses", "Names"],
         "IsVerified": true, "IsFabricated": false, "IsSpamList": false},
        {"Name": "EarlyBird", "Title": "Early Bird", "Domain": "earlybird.example", "BreachDate": "2019-08-08",
         "PwnCount": 5000, "DataClasses": ["Email addresses"]},
        {"Name": "DeletedApp", "Title": "DeletedApp", "Domain": "deletedapp.example", "BreachDate": "2024-01-15",
         "PwnCount": 42, "DataClasses": ["Passwords"]},
        {"Name": "Unrelated", "Title": "Unrelated", "Domain": "unrelated.example", "BreachDate": "2025-01-01",
         "PwnCount": 1, "DataClasses": []}
    ]));
    net.bootstrap();
    for domain in [
        "leakycrm.example",
        "earlybird.example",
        "boughtapp.example",
        "finevendor.example",
        "lapsedapp.example",
        "gonevendor.example",
    ] {
        net.registered(domain, Some("2010-06-01"));
    }
    net.registered("squatted.example", Some("2025-03-04"));
    net.registered("lapsed-mail.example", None);
    for host in [
        "leakycrm.example",
        "earlybird.example",
        "boughtapp.example",
        "squatted.example",
        "lapsedapp.example",
        "lapsed-mail.example",
        "finevendor.example",
    ] {
        net.dns(host, "A", &["192.0.2.10"]);
    }
    net.dns("gonevendor.example", "A", &[]);
    net.mount(
        Mock::given(Host("boughtapp.example")).respond_with(
            ResponseTemplate::new(301)
                .insert_header("location", "https://www.acquirer.example/welcome"),
        ),
    );
    net.websites_answer();
    // Two lookalikes of northwind.example exist: one registered a week
    // before today (2026-11-28), one years ago; every other name is
    // NXDOMAIN.
    for (name, on) in [
        ("northwlnd.example", "2026-11-20"),
        ("nortwind.example", "2024-02-02"),
    ] {
        net.dns(name, "A", &["198.51.100.7"]);
        net.dns(name, "AAAA", &[]);
        net.dns(name, "MX", &[]);
        net.registered(name, Some(on));
    }
    net.dns_default_nxdomain();
}

/// How many lookalikes `check --online` looks for: the ASCII names (the
/// organization's domain has no whole-script twin).
fn own_lookalikes(ws: &Workspace) -> usize {
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.path)
        .args(["lookalikes", "--ascii", "--names-only", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

struct Workspace {
    _dir: tempfile::TempDir,
    path: PathBuf,
    cache: PathBuf,
}

fn workspace(inventory: &str) -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, inventory).unwrap();
    let cache = dir.path().join("cache");
    Workspace {
        path,
        cache,
        _dir: dir,
    }
}

fn linger(ws: &Workspace, net: &Net) -> Command {
    let mut cmd = common::linger();
    cmd.env("LINGER_INVENTORY", &ws.path)
        .env("LINGER_CACHE_DIR", &ws.cache)
        .env("LINGER_HIBP_URL", net.url("/hibp"))
        .env("LINGER_RDAP_BOOTSTRAP_URL", net.url("/rdap/dns.json"))
        .env("LINGER_DOH_URL", net.url("/dns-query"))
        .env("LINGER_CT_URL", net.url("/ct/"))
        .env("HTTP_PROXY", net.server.uri())
        // The sources are asked directly; only websites go by the proxy.
        .env("NO_PROXY", "127.0.0.1");
    cmd
}

fn run(mut cmd: Command, args: &[&str]) -> Output {
    cmd.args(args).output().unwrap()
}

/// The (code, vendor, severity) of every finding of `check --format json`.
fn findings(out: &Output) -> Vec<(String, String, String)> {
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["code"].as_str().unwrap().to_string(),
                f["vendor"].as_str().unwrap_or("-").to_string(),
                f["severity"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

fn online_only(all: Vec<(String, String, String)>) -> Vec<(String, String, String)> {
    let online = [
        "vendor-breached",
        "vendor-vanished",
        "vendor-domain-reregistered",
        "lookalike-registered",
        "online-check-failed",
    ];
    all.into_iter()
        .filter(|(code, _, _)| online.contains(&code.as_str()))
        .collect()
}

fn triple(code: &str, vendor: &str, severity: &str) -> (String, String, String) {
    (code.into(), vendor.into(), severity.into())
}

#[test]
fn check_online_reports_each_finding_and_stays_quiet_about_the_rest() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(1), "{}", text(&out.stderr));
    let mut found = online_only(findings(&out));
    found.sort();
    assert_eq!(
        found,
        vec![
            triple("lookalike-registered", "-", "error"),
            triple("lookalike-registered", "-", "warn"),
            triple("vendor-breached", "deleted", "info"),
            triple("vendor-breached", "early", "info"),
            triple("vendor-breached", "leaky", "error"),
            triple("vendor-domain-reregistered", "lapsed", "error"),
            triple("vendor-domain-reregistered", "squatted", "error"),
            triple("vendor-vanished", "bought", "warn"),
            triple("vendor-vanished", "gone", "warn"),
        ]
    );

    // The human output says what, where and what to do, and credits HIBP.
    let human = run(linger(&ws, &net), &["check", "--online"]);
    let stdout = text(&human.stdout);
    for expected in [
        "LeakyCRM was breached on 2024-04-02 (HIBP: `LeakyCRM`, 1,234,567 accounts; Email addresses, Names), while it may have held our data",
        "`linger letter leaky --kind breach-inquiry`",
        "breach data from Have I Been Pwned (https://haveibeenpwned.com), CC BY 4.0",
        "`gonevendor.example` no longer resolves (NXDOMAIN)",
        "http://boughtapp.example now redirects to https://www.acquirer.example/welcome: BoughtApp may have been acquired by `acquirer.example`",
        "`squatted.example` was registered on 2025-03-04 through Example Registrar, Inc., after we started using Squatted Inc. on 2019-05-01",
        "`lapsed-mail.example` is not registered: anyone could register it",
        "`northwlnd.example`, a lookalike of `northwind.example` (homoglyph), exists, registered on 2026-11-20 through Example Registrar, Inc.; it resolves to 198.51.100.7",
        "registered in the last 30 days",
    ] {
        assert!(
            stdout.contains(expected),
            "missing {expected:?} in\n{stdout}"
        );
    }
    // Findings point into the file: the squatted vendor's website line.
    let line = INVENTORY
        .lines()
        .position(|l| l == "website = \"http://squatted.example\"")
        .unwrap()
        + 1;
    assert!(
        stdout.contains(&format!("vendors.toml:{line}:11")),
        "{stdout}"
    );

    // A vendor whose deletion is done is not looked up in DNS or RDAP.
    assert!(net.requests("/rdap/domain/deletedapp.example").is_empty());
    assert!(
        !net.requests("/dns-query").iter().any(|r| r
            .url
            .query()
            .unwrap_or("")
            .contains("deletedapp"))
    );
    // Every request says who is asking.
    let ua = format!("linger/{}", env!("CARGO_PKG_VERSION"));
    for request in net.requests("/") {
        let agent = request.headers.get("user-agent").unwrap().to_str().unwrap();
        assert!(agent.starts_with(&ua), "{agent}");
    }
}

#[test]
fn a_second_run_is_served_from_the_cache_and_refresh_asks_again() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let first = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let asked = net.requests("/").len();
    // One breach list, one bootstrap, one DNS question per host, one RDAP
    // question per domain, and the websites (BoughtApp's takes one hop).
    assert_eq!(net.requests("/hibp/breaches").len(), 1);
    assert_eq!(net.requests("/rdap/dns.json").len(), 1);
    // And each lookalike of our domain once, the two that exist also for
    // AAAA, MX and RDAP.
    let lookalikes = own_lookalikes(&ws);
    assert!(lookalikes > 400, "{lookalikes}");
    assert_eq!(net.requests("/dns-query").len(), 8 + lookalikes + 2 * 2);
    assert_eq!(net.requests("/rdap/domain/").len(), 8 + 2);
    assert_eq!(
        asked,
        1 + 1 + 8 + 8 + 6 + lookalikes + 2 * 3,
        "{:#?}",
        net.requests("/").len()
    );

    let second = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    assert_eq!(
        net.requests("/").len(),
        asked,
        "the second run asked the network"
    );
    assert_eq!(findings(&first), findings(&second));

    let refreshed = run(
        linger(&ws, &net),
        &["check", "--online", "--refresh", "--format", "json"],
    );
    assert_eq!(net.requests("/").len(), 2 * asked);
    assert_eq!(findings(&first), findings(&refreshed));
}

#[test]
fn refresh_without_online_is_a_usage_error() {
    let ws = workspace(INVENTORY);
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.path)
        .args(["check", "--refresh"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("add --online"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_429_with_retry_after_is_waited_for_and_retried() {
    let net = Net::start();
    // The first ask is turned away for a second; then the list comes.
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    assert_eq!(net.requests("/hibp/breaches").len(), 2);
    assert!(
        online_only(findings(&out)).contains(&triple("vendor-breached", "leaky", "error")),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_source_that_keeps_refusing_or_fails_is_named_and_the_rest_is_reported() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
            .with_priority(1),
    );
    net.mount(
        Mock::given(path("/rdap/domain/squatted.example"))
            .respond_with(ResponseTemplate::new(500))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    // 503 four times (the first try and three retries), then given up.
    assert_eq!(net.requests("/hibp/breaches").len(), 4);
    let found = online_only(findings(&out));
    assert!(found.contains(&triple("online-check-failed", "-", "warn")));
    assert!(found.contains(&triple("vendor-vanished", "gone", "warn")));
    assert!(found.contains(&triple("vendor-domain-reregistered", "lapsed", "error")));
    assert!(!found.iter().any(|(code, _, _)| code == "vendor-breached"));

    let human = text(&run(linger(&ws, &net), &["check", "--online", "--refresh"]).stdout);
    let port = net.server.address().port();
    assert!(
        human.contains(&format!(
            "could not check the vendors for breaches: 127.0.0.1:{port}: answered 503 (Service Unavailable) 4 times"
        )),
        "{human}"
    );
    assert!(
        human.contains(&format!(
            "could not check `squatted.example` for a new registration: 127.0.0.1:{port}: answered 500 (Internal Server Error)"
        )),
        "{human}"
    );
}

#[test]
fn a_slow_source_times_out_with_a_clear_warning() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let mut cmd = linger(&ws, &net);
    cmd.env("LINGER_HTTP_TIMEOUT", "1");
    let out = run(cmd, &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("could not check the vendors for breaches")
            && stdout.contains("no answer within 1 s"),
        "{stdout}"
    );
    assert!(stdout.contains("no longer resolves"), "{stdout}");
}

/// A server that accepts each connection, reads the request, and hangs up
/// without a word.
fn hang_up_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            drop(stream);
        }
    });
    format!("http://{address}")
}

#[test]
fn a_server_that_closes_the_connection_is_named() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let closer = hang_up_server();
    let mut cmd = linger(&ws, &net);
    cmd.env("LINGER_HIBP_URL", format!("{closer}/hibp"));
    let out = run(cmd, &["check", "--online"]);
    let stdout = text(&out.stdout);
    let host = closer.trim_start_matches("http://");
    assert!(
        stdout.contains(&format!(
            "could not check the vendors for breaches: {host}: "
        )),
        "{stdout}"
    );
    assert!(stdout.contains("was registered on 2025-03-04"), "{stdout}");
}

#[test]
fn when_no_source_answers_the_run_fails_and_names_the_host() {
    let ws = workspace(INVENTORY);
    let closer = hang_up_server();
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.path)
        .env("LINGER_CACHE_DIR", &ws.cache)
        .env("LINGER_HIBP_URL", format!("{closer}/hibp"))
        .env("LINGER_RDAP_BOOTSTRAP_URL", format!("{closer}/dns.json"))
        .env("LINGER_DOH_URL", format!("{closer}/dns-query"))
        .args(["check", "--online"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let host = closer.trim_start_matches("http://");
    assert!(
        stderr.contains(&format!("error: no online source answered: {host}: ")),
        "{stderr}"
    );
    assert!(stderr.contains("HTTPS_PROXY"), "{stderr}");
    assert!(out.stdout.is_empty());
}

#[test]
fn malformed_answers_from_each_source_are_clear_warnings_not_panics() {
    for (source, broken) in [
        (
            "/hibp/breaches",
            "the breach list is not the JSON array HIBP sends",
        ),
        (
            "/rdap/dns.json",
            "the RDAP bootstrap is not IANA's `services` JSON",
        ),
        (
            "/rdap/domain/squatted.example",
            "the RDAP answer is not JSON",
        ),
        ("/dns-query", "the answer is not DNS JSON"),
    ] {
        let net = Net::start();
        net.mount(
            Mock::given(path(source))
                .respond_with(ResponseTemplate::new(200).set_body_string("{\"oops\": [1, 2"))
                .with_priority(1),
        );
        serve_inventory(&net);
        let ws = workspace(INVENTORY);
        let out = run(linger(&ws, &net), &["check", "--online"]);
        let stdout = text(&out.stdout);
        let stderr = text(&out.stderr);
        assert!(!stderr.contains("panicked"), "{source}: {stderr}");
        assert!(matches!(out.status.code(), Some(1)), "{source}: {stderr}");
        assert!(
            stdout.contains("warning[online-check-failed]"),
            "{source}: {stdout}"
        );
        assert!(stdout.contains(broken), "{source}: {stdout}");
    }
}

#[test]
fn check_without_online_opens_no_socket() {
    // A listener that counts connections, and the closed port: neither is
    // touched by a run without --online.
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let url = format!("http://{}/", listener.local_addr().unwrap());
    let ws = workspace(INVENTORY);
    for urls in [url.as_str(), common::CLOSED] {
        let out = common::linger()
            .env("LINGER_INVENTORY", &ws.path)
            .env("LINGER_CACHE_DIR", &ws.cache)
            .env("LINGER_HIBP_URL", urls)
            .env("LINGER_RDAP_BOOTSTRAP_URL", urls)
            .env("LINGER_DOH_URL", urls)
            .env("HTTP_PROXY", urls)
            .args(["check", "--format", "json"])
            .output()
            .unwrap();
        assert!(
            matches!(out.status.code(), Some(0 | 1)),
            "{}",
            text(&out.stderr)
        );
        assert!(
            online_only(findings(&out)).is_empty(),
            "{}",
            text(&out.stdout)
        );
    }
    assert!(
        matches!(listener.accept(), Err(e) if e.kind() == std::io::ErrorKind::WouldBlock),
        "check without --online connected"
    );
    assert!(!ws.cache.exists(), "check without --online wrote a cache");
}

#[test]
fn domains_must_be_domain_names() {
    let ws = workspace(&INVENTORY.replace(
        "domains = [\"lapsed-mail.example\"]",
        "domains = [\"https://lapsed-mail.example\"]",
    ));
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.path)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("`https://lapsed-mail.example` is not a domain name")
            && stderr.contains("without `https://`"),
        "{stderr}"
    );
}

/// An inventory with an [smtp] table for `smtp`, and the vendors given.
fn with_smtp(smtp: &common::smtp::Server, vendors: &str) -> String {
    format!(
        "schema = 1\n\n[organization]\nname = \"Northwind Traders\"\nemail = \"privacy@northwind.example\"\nlaw = \"gdpr\"\n\n\
         [smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\n{vendors}",
        smtp.port
    )
}

const SQUATTED: &str = "[[vendor]]\nid = \"squatted\"\nname = \"Squatted Inc.\"\nwebsite = \"http://squatted.example\"\n\
    privacy_email = \"privacy@squatted.example\"\nused_from = 2019-05-01\nretired_on = 2026-01-01\ndata = [\"contact.email\"]\n\n";
const FINE: &str = "[[vendor]]\nid = \"fine\"\nname = \"FineVendor\"\nwebsite = \"http://finevendor.example\"\n\
    privacy_email = \"privacy@finevendor.example\"\nused_from = 2018-01-01\nretired_on = 2026-01-01\ndata = [\"contact.email\"]\n";

fn sender(ws: &Workspace, net: &Net) -> Command {
    let mut cmd = linger(ws, net);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("LINGER_SMTP_PASSWORD", "not-used");
    cmd
}

#[test]
fn send_refuses_a_vendor_whose_domain_was_registered_again() {
    let net = Net::start();
    serve_inventory(&net);
    let smtp = common::smtp::Server::start(common::smtp::Options::default());
    let ws = workspace(&with_smtp(&smtp, SQUATTED));
    let before = std::fs::read(&ws.path).unwrap();
    let out = run(
        sender(&ws, &net),
        &["send", "squatted", "--kind", "request"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr
            .contains("not sending to `squatted`: `squatted.example` was registered on 2025-03-04"),
        "{stderr}"
    );
    assert!(stderr.contains("`--force` sends anyway"), "{stderr}");
    assert!(smtp.received().is_empty());
    assert_eq!(std::fs::read(&ws.path).unwrap(), before);

    // --force sends it, and it is recorded.
    let forced = run(
        sender(&ws, &net),
        &["send", "squatted", "--kind", "request", "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert_eq!(smtp.received().len(), 1);
    assert!(
        std::fs::read_to_string(&ws.path)
            .unwrap()
            .contains("kind = \"requested\"")
    );
}

#[test]
fn send_due_skips_the_reregistered_and_sends_the_rest() {
    let net = Net::start();
    serve_inventory(&net);
    let smtp = common::smtp::Server::start(common::smtp::Options::default());
    let ws = workspace(&with_smtp(&smtp, &format!("{SQUATTED}{FINE}")));
    let out = run(sender(&ws, &net), &["send", "--due", "--yes"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Skipped `squatted`: `squatted.example` was registered on 2025-03-04"),
        "{stderr}"
    );
    let sent: Vec<Vec<String>> = smtp.received().into_iter().map(|m| m.to).collect();
    assert_eq!(sent.len(), 1, "{sent:?}\n{stderr}");
    assert!(
        sent[0].contains(&"privacy@finevendor.example".to_string()),
        "{sent:?}"
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}

/// A DNS zone of lookalikes of northwind.example: three exist.
fn serve_lookalikes(net: &Net) {
    net.bootstrap();
    net.dns("northwlnd.example", "A", &["198.51.100.7"]);
    net.dns("northwlnd.example", "AAAA", &["2001:db8::7"]);
    net.dns("northwlnd.example", "MX", &["10 mx.northwlnd.example."]);
    net.registered("northwlnd.example", Some("2026-11-20"));
    net.dns("nortwind.example", "A", &["198.51.100.8"]);
    net.dns("nortwind.example", "AAAA", &[]);
    net.dns("nortwind.example", "MX", &[]);
    net.registered("nortwind.example", Some("2024-02-02"));
    net.dns("northwind.com", "A", &["203.0.113.9"]);
    net.dns("northwind.com", "AAAA", &[]);
    net.dns("northwind.com", "MX", &[]);
    net.registered("northwind.com", None);
    net.dns_default_nxdomain();
}

fn lookalike_rows(out: &Output) -> Vec<(String, Option<String>)> {
    let rows: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    rows.as_array()
        .unwrap()
        .iter()
        .map(|r| {
            (
                r["domain"].as_str().unwrap().to_string(),
                r["registered"].as_str().map(str::to_string),
            )
        })
        .collect()
}

/// `lookalikes --ascii --format json`, which must succeed, and its rows.
fn ascii_lookalikes(ws: &Workspace, net: &Net) -> (Output, Vec<(String, Option<String>)>) {
    let out = run(
        linger(ws, net),
        &["lookalikes", "--ascii", "--format", "json"],
    );
    common::assert_success(&out);
    let rows = lookalike_rows(&out);
    (out, rows)
}

#[test]
fn lookalikes_lists_the_registered_ones_newest_first() {
    let net = Net::start();
    serve_lookalikes(&net);
    let ws = workspace(INVENTORY);
    let (out, rows) = ascii_lookalikes(&ws, &net);
    assert_eq!(
        rows,
        vec![
            ("northwlnd.example".into(), Some("2026-11-20".into())),
            ("nortwind.example".into(), Some("2024-02-02".into())),
            ("northwind.com".into(), None),
        ]
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rows[0]["kind"], "homoglyph");
    assert_eq!(rows[0]["a"], json!(["198.51.100.7"]));
    assert_eq!(rows[0]["aaaa"], json!(["2001:db8::7"]));
    assert_eq!(rows[0]["mx"], json!(["mx.northwlnd.example"]));
    assert_eq!(rows[0]["registrar"], "Example Registrar, Inc.");
    assert_eq!(rows[2]["rdap_error"], "RDAP does not know it");
    // Each name was asked once for A; only the three that exist for more.
    let names = run(
        linger(&ws, &net),
        &["lookalikes", "--ascii", "--names-only", "--format", "json"],
    );
    let count = serde_json::from_slice::<Value>(&names.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .len();
    assert_eq!(net.requests("/dns-query").len(), count + 3 * 2);

    // --since and --exit-code, for a scheduled job.
    let since = run(
        linger(&ws, &net),
        &[
            "lookalikes",
            "--ascii",
            "--since",
            "2026-01-01",
            "--exit-code",
            "--format",
            "csv",
        ],
    );
    assert_eq!(since.status.code(), Some(1));
    let csv = text(&since.stdout);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert_eq!(
        csv.lines().nth(1).unwrap(),
        "northwlnd.example,homoglyph,2026-11-20,\"Example Registrar, Inc.\",198.51.100.7 2001:db8::7,mx.northwlnd.example,-"
    );
    let none = run(
        linger(&ws, &net),
        &[
            "lookalikes",
            "--ascii",
            "--since",
            "2026-11-21",
            "--exit-code",
        ],
    );
    assert_eq!(none.status.code(), Some(0));
    assert!(
        text(&none.stdout)
            .contains("No lookalike of northwind.example was registered on or after 2026-11-21.")
    );

    // The table shows the newest first, with its addresses.
    let table = text(&run(linger(&ws, &net), &["lookalikes", "--ascii"]).stdout);
    let first_row = table.lines().nth(1).unwrap();
    assert!(
        first_row.starts_with("northwlnd.example")
            && first_row.contains("198.51.100.7 2001:db8::7"),
        "{table}"
    );
}

/// `organization.domains`: a lookalike we registered ourselves, and
/// another brand of ours, are never reported nor asked about.
#[test]
fn our_own_domains_are_never_lookalikes() {
    let inventory = INVENTORY.replace(
        "email = \"privacy@northwind.example\"\n",
        "email = \"privacy@northwind.example\"\ndomains = [\"NORTWIND.example\", \"northwind.com\"]\n",
    );
    assert_ne!(inventory, INVENTORY);
    let ws = workspace(&inventory);

    let net = Net::start();
    serve_lookalikes(&net);
    assert_eq!(
        ascii_lookalikes(&ws, &net).1,
        vec![("northwlnd.example".into(), Some("2026-11-20".into()))]
    );
    // Named on the command line too, when an inventory is at hand.
    let named = run(
        linger(&ws, &net),
        &[
            "lookalikes",
            "northwind.example",
            "--ascii",
            "--names-only",
            "--format",
            "json",
        ],
    );
    let named: Value = serde_json::from_slice(&named.stdout).unwrap();
    let named: Vec<&str> = named
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["ascii"].as_str().unwrap())
        .collect();
    assert!(named.contains(&"northwlnd.example"), "{named:?}");
    assert!(!named.contains(&"nortwind.example"), "{named:?}");
    for ours in ["nortwind.example", "northwind.com"] {
        assert!(
            !net.requests("/dns-query")
                .iter()
                .any(|r| r.url.query_pairs().any(|(k, v)| k == "name" && v == ours)),
            "{ours} was asked about"
        );
    }

    let net = Net::start();
    serve_inventory(&net);
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let found: Vec<_> = findings(&out)
        .into_iter()
        .filter(|(code, ..)| code == "lookalike-registered")
        .collect();
    // The week-old one is left; the old one is ours.
    assert_eq!(
        found,
        vec![triple("lookalike-registered", "-", "error")],
        "{}",
        text(&out.stdout)
    );

    // A name that is no domain is an error at its place in the file.
    let bad_text = INVENTORY.replace(
        "email = \"privacy@northwind.example\"\n",
        "email = \"privacy@northwind.example\"\ndomains = [\"https://northwind.net\"]\n",
    );
    let line = 1 + bad_text
        .lines()
        .position(|l| l.starts_with("domains = "))
        .unwrap();
    let bad = workspace(&bad_text);
    let out = common::linger()
        .env("LINGER_INVENTORY", &bad.path)
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("`https://northwind.net` is not a domain name")
            && stderr.contains(&format!("vendors.toml:{line}:12"))
            && stderr.contains("list our other domains"),
        "{stderr}"
    );
}

/// crt.sh's answer for `%northwind%`: a lookalike no permutation makes,
/// one that does not resolve, one that is also a permutation, and our own.
fn serve_certificates(net: &Net) {
    let cert = |id: u32, names: &str, issuer: &str, not_before: &str| {
        json!({"issuer_ca_id": 1, "issuer_name": issuer, "common_name": names.lines().next(),
               "name_value": names, "id": id, "entry_timestamp": format!("{not_before}.123"),
               "not_before": not_before, "not_after": "2027-03-01T00:00:00", "serial_number": "0a"})
    };
    net.mount(
        Mock::given(path("/ct/"))
            .and(query_param("q", "%northwind%"))
            .and(query_param("output", "json"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([
                cert(
                    1,
                    "northwind-secure-login.example\nwww.northwind-secure-login.example",
                    "C=US, O=Let's Encrypt, CN=R11",
                    "2026-11-29T06:00:00"
                ),
                cert(
                    2,
                    "login.northwind-secure-login.example",
                    "C=US, O=Google Trust Services, CN=WE1",
                    "2026-11-30T06:00:00"
                ),
                cert(
                    3,
                    "northwindpay.example",
                    "C=GB, O=Sectigo Limited, CN=Sectigo RSA DV",
                    "2026-10-02T00:00:00"
                ),
                cert(
                    4,
                    "*.northwind.example\nnorthwind.example",
                    "C=US, O=Let's Encrypt, CN=R10",
                    "2026-01-01T00:00:00"
                ),
            ]))),
    );
    // The second brand word's search fails: a warning, not the end.
    net.mount(
        Mock::given(path("/ct/"))
            .and(query_param("q", "%nwtraders%"))
            .respond_with(ResponseTemplate::new(502).set_body_string("Bad Gateway")),
    );
    net.dns("northwind-secure-login.example", "A", &["192.0.2.80"]);
    net.dns("northwind-secure-login.example", "AAAA", &[]);
    net.dns("northwind-secure-login.example", "MX", &[]);
    net.registered("northwind-secure-login.example", Some("2026-11-28"));
}

#[test]
fn lookalikes_ct_finds_what_no_permutation_predicts() {
    let net = Net::start();
    serve_certificates(&net);
    serve_lookalikes(&net);
    let ws = workspace(INVENTORY);
    let out = run(
        linger(&ws, &net),
        &[
            "lookalikes",
            "--ascii",
            "--ct",
            "--brand",
            "NWTraders",
            "--format",
            "json",
        ],
    );
    common::assert_success(&out);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Certificate Transparency (crt.sh) did not answer for `nwtraders`"),
        "{stderr}"
    );
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = |domain: &str| {
        rows.as_array()
            .unwrap()
            .iter()
            .find(|r| r["domain"] == domain)
            .unwrap_or_else(|| panic!("no row for {domain}: {rows}"))
            .clone()
    };
    let login = row("northwind-secure-login.example");
    assert_eq!(login["kind"], "certificate");
    assert_eq!(login["registered"], "2026-11-28");
    assert_eq!(login["certificate"], "2026-11-29");
    assert_eq!(login["issuer"], "Let's Encrypt");
    assert_eq!(login["resolves"], true);
    assert_eq!(login["a"], json!(["192.0.2.80"]));
    let pay = row("northwindpay.example");
    assert_eq!(pay["resolves"], false);
    assert_eq!(pay["certificate"], "2026-10-02");
    assert_eq!(pay["issuer"], "Sectigo Limited");
    // Our own domain is never a lookalike; permutations are still checked.
    assert!(
        !rows
            .as_array()
            .unwrap()
            .iter()
            .any(|r| r["domain"] == "northwind.example")
    );
    assert_eq!(row("northwlnd.example")["kind"], "homoglyph");
    assert_eq!(net.requests("/ct/").len(), 2);

    // A scheduled job: a certificate in the last week counts as news.
    let since = run(
        linger(&ws, &net),
        &[
            "lookalikes",
            "--ascii",
            "--ct",
            "--since",
            "2026-11-25",
            "--format",
            "csv",
        ],
    );
    let csv = text(&since.stdout);
    assert_eq!(csv.lines().count(), 2, "{csv}");
    assert!(
        csv.contains("northwind-secure-login.example,certificate,2026-11-28"),
        "{csv}"
    );
    assert!(
        csv.trim_end().ends_with("2026-11-29 Let's Encrypt"),
        "{csv}"
    );
}

#[test]
fn lookalikes_dictionary_adds_words_and_names_a_bad_line() {
    let dir = tempfile::tempdir().unwrap();
    let words = dir.path().join("words.txt");
    std::fs::write(
        &words,
        "\u{feff}# words our phishers used\nkundeservice\n\nLogin  # already built in\n",
    )
    .unwrap();
    let out = common::linger()
        .args([
            "lookalikes",
            "northwind.example",
            "--names-only",
            "--format",
            "csv",
            "--dictionary",
        ])
        .arg(&words)
        .output()
        .unwrap();
    common::assert_success(&out);
    let csv = text(&out.stdout);
    for name in [
        "northwind-kundeservice.example",
        "kundeservicenorthwind.example",
        "northwind-login.example",
    ] {
        assert!(
            csv.contains(&format!("\n{name},{name},dictionary\n")),
            "{name}"
        );
    }
    std::fs::write(&words, "kundeservice\nlog in\n").unwrap();
    let bad = common::linger()
        .args([
            "lookalikes",
            "northwind.example",
            "--names-only",
            "--dictionary",
        ])
        .arg(&words)
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    let stderr = text(&bad.stderr);
    assert!(
        stderr.contains("words.txt:2:1: `log in` is not a word"),
        "{stderr}"
    );
}

#[test]
fn lookalikes_names_only_needs_no_network_and_rejects_a_subdomain() {
    let ws = workspace(INVENTORY);
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.path)
        .args(["lookalikes", "--names-only", "--format", "csv"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let csv = text(&out.stdout);
    assert!(csv.contains("\nnorthwlnd.example,northwlnd.example,homoglyph\n"));
    assert!(csv.contains(",xn--"), "no IDN names");

    let bad = common::linger()
        .args(["lookalikes", "mail.northwind.example", "--names-only"])
        .output()
        .unwrap();
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("not a registrable domain"));
}

#[test]
fn text_from_the_network_cannot_drive_the_terminal() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([
                {"Name": "Evil", "Title": "Evil\u{1b}]0;owned\u{7}", "Domain": "leakycrm.example",
                 "BreachDate": "2024-04-02", "PwnCount": 1, "DataClasses": ["\u{1b}[2J"]}
            ])))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(linger(&ws, &net), &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert!(!stdout.contains('\u{1b}'), "an escape reached the terminal");
    assert!(stdout.contains("Evil\\u{1b}]0;owned\\u{7}"), "{stdout}");
}

// ---- Hostile servers (issue 18): bodies, cache, redirects, deadline ----

/// A server that answers every request with status 200 and a chunked body
/// that never ends (until 200 MB or the client hangs up): the shape of a
/// 1 GB answer without the gigabyte.
fn endless_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                use std::io::Write;
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                );
                let chunk = vec![b'['; 64 * 1024];
                for _ in 0..3200 {
                    if stream
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .and_then(|()| stream.write_all(&chunk))
                        .and_then(|()| stream.write_all(b"\r\n"))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

/// A listener that must never be connected to: how many connections it saw.
fn tripwire() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let seen = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (address.to_string(), seen)
}

#[test]
fn an_endless_answer_is_cut_at_the_sources_limit_and_never_cached() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let endless = endless_server();
    let mut cmd = linger(&ws, &net);
    cmd.env("LINGER_HIBP_URL", format!("{endless}/hibp"));
    let out = run(cmd, &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("the answer of the breach list is larger than 16 MB, linger's limit for it"),
        "{stdout}{}",
        text(&out.stderr)
    );
    // The rest of the run went on.
    assert!(stdout.contains("was registered on 2025-03-04"), "{stdout}");
    let cached = std::fs::metadata(ws.cache.join("answers.json")).map_or(0, |m| m.len());
    assert!(cached < 1 << 20, "the cache holds {cached} bytes");
}

#[test]
fn an_rdap_answer_over_its_limit_is_an_error_naming_rdap() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/rdap/domain/squatted.example"))
            .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(300 << 10)))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(linger(&ws, &net), &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("the answer of RDAP is larger than 256 KB"),
        "{stdout}"
    );
}

#[test]
fn a_captive_portals_page_is_not_cached_and_the_next_run_asks_again() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string("<html>Please log in to the Wi-Fi</html>"),
            )
            .up_to_n_times(1)
            .with_priority(1),
    );
    net.mount(
        Mock::given(path("/rdap/dns.json"))
            .respond_with(ResponseTemplate::new(200).set_body_string("<html>log in</html>"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let first = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let failed = online_only(findings(&first));
    assert!(
        failed
            .iter()
            .any(|(code, _, _)| code == "online-check-failed"),
        "{failed:?}"
    );
    // The portal is gone: the second run asks again and gets the lists.
    let second = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let after = online_only(findings(&second));
    assert!(
        !after
            .iter()
            .any(|(code, _, _)| code == "online-check-failed"),
        "{after:?}"
    );
    assert!(
        after.contains(&triple("vendor-breached", "leaky", "error")),
        "{after:?}"
    );
    assert_eq!(net.requests("/hibp/breaches").len(), 2);
    assert_eq!(net.requests("/rdap/dns.json").len(), 2);
}

#[test]
fn a_damaged_cache_is_ignored_with_one_warning() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    std::fs::create_dir_all(&ws.cache).unwrap();
    let file = ws.cache.join("answers.json");
    // An answer from the far future, a device, and a FIFO: each is a
    // damaged cache, read without panic, hang or a 2 GB read.
    let far = format!(
        r#"{{"application/json {}": {{"fetched": 18446744073709551615, "status": 200, "body": "[]"}}}}"#,
        net.url("/hibp/breaches")
    );
    std::fs::write(&file, far).unwrap();
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.matches("warning: the answer cache").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("dated in the future"), "{stderr}");
    assert!(online_only(findings(&out)).contains(&triple("vendor-breached", "leaky", "error")));

    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &file).unwrap();
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    assert!(
        text(&out.stderr).contains("is not a regular file"),
        "{}",
        text(&out.stderr)
    );
    assert!(online_only(findings(&out)).contains(&triple("vendor-breached", "leaky", "error")));

    let _ = std::fs::remove_file(&file);
    let made = Command::new("mkfifo").arg(&file).status().unwrap();
    assert!(made.success());
    let mut child = linger(&ws, &net)
        .args(["check", "--online", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("a FIFO in the cache hung the run");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        text(&out.stderr).contains("is not a regular file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_redirect_to_an_internal_address_is_never_followed() {
    use std::sync::atomic::Ordering;
    let net = Net::start();
    let (inside, seen) = tripwire();
    // A vendor's website and an RDAP server each send linger inward.
    net.mount(
        Mock::given(Host("finevendor.example"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("http://{inside}/latest/meta-data/")),
            )
            .with_priority(1),
    );
    net.mount(
        Mock::given(Host("earlybird.example"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", "http://169.254.169.254/latest/meta-data/"),
            )
            .with_priority(1),
    );
    net.mount(
        Mock::given(path("/rdap/domain/squatted.example"))
            .respond_with(ResponseTemplate::new(301).insert_header(
                "location",
                format!("http://{inside}/rdap/domain/squatted.example"),
            ))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(linger(&ws, &net), &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        seen.load(Ordering::SeqCst),
        0,
        "linger connected inward: {stdout}"
    );
    assert!(
        stdout.matches("redirects to an internal address").count() >= 3,
        "{stdout}"
    );
    assert!(
        !stdout.contains("meta-data"),
        "nothing from inside is reported: {stdout}"
    );
}

#[test]
fn a_redirect_to_a_name_that_resolves_inward_is_refused() {
    use std::sync::atomic::Ordering;
    let net = Net::start();
    let (inside, seen) = tripwire();
    let port = inside.rsplit(':').next().unwrap();
    net.mount(
        Mock::given(Host("finevendor.example"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("http://localhost:{port}/admin")),
            )
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let mut cmd = linger(&ws, &net);
    // localhost is asked directly, so linger resolves the name itself.
    cmd.env("NO_PROXY", "127.0.0.1,localhost");
    let out = run(cmd, &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        seen.load(Ordering::SeqCst),
        0,
        "linger connected inward: {stdout}"
    );
    assert!(
        stdout.contains("redirects to an internal address"),
        "{stdout}"
    );
}

/// A server that accepts every connection and never answers, holding it
/// open for a minute.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(60));
                drop(stream);
            });
        }
    });
    format!("http://{address}")
}

#[test]
fn one_deadline_bounds_the_whole_run_and_says_what_was_not_checked() {
    let net = Net::start();
    net.bootstrap();
    let ws = workspace(INVENTORY);
    let silent = silent_server();
    let mut cmd = linger(&ws, &net);
    cmd.env("LINGER_DOH_URL", format!("{silent}/dns-query"));
    let started = std::time::Instant::now();
    let out = run(
        cmd,
        &[
            "lookalikes",
            "northwind.example",
            "--ascii",
            "--timeout",
            "2",
            "--deadline",
            "3",
        ],
    );
    let took = started.elapsed();
    let stderr = text(&out.stderr);
    // Every name asked a silent resolver: without a deadline, 2 s a name
    // 8 at a time is well over a minute.
    assert!(took < Duration::from_secs(40), "took {took:?}: {stderr}");
    assert!(
        stderr.contains("not checked: the run's deadline of 3 s passed"),
        "{stderr}"
    );
}

#[test]
fn a_retry_after_past_the_deadline_is_not_waited_for() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let started = std::time::Instant::now();
    let out = run(linger(&ws, &net), &["check", "--online", "--deadline", "5"]);
    let stdout = text(&out.stdout);
    assert!(started.elapsed() < Duration::from_secs(25));
    assert!(
        stdout.contains("asks to wait 30 s, past the run's deadline of 5 s"),
        "{stdout}"
    );
}

#[test]
fn unicode_and_punycode_domains_are_one_domain() {
    let net = Net::start();
    net.breaches(json!([
        {"Name": "Buecher", "Title": "Bücher", "Domain": "xn--bcher-kva.example", "BreachDate": "2024-04-02",
         "PwnCount": 10, "DataClasses": ["Email addresses"]},
        {"Name": "Cafe", "Title": "Café", "Domain": "café.example", "BreachDate": "2024-04-02",
         "PwnCount": 10, "DataClasses": ["Email addresses"]}
    ]));
    net.bootstrap();
    net.dns_default_nxdomain();
    let inventory = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
law = "gdpr"

[[vendor]]
id = "buecher"
name = "Bücher"
website = "https://bücher.example"
used_from = 2020-01-01
data = ["contact.email"]

[[vendor]]
id = "cafe"
name = "Café"
website = "https://xn--caf-dma.example"
used_from = 2020-01-01
data = ["contact.email"]
"#;
    let ws = workspace(inventory);
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let found = online_only(findings(&out));
    assert!(
        found.contains(&triple("vendor-breached", "buecher", "error")),
        "{found:?}"
    );
    assert!(
        found.contains(&triple("vendor-breached", "cafe", "error")),
        "{found:?}"
    );
}

#[test]
fn newlines_bidi_and_escapes_from_the_network_stay_on_their_line() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([
                {"Name": "Evil", "Title": "Evil\nerror[vendor-breached]: forged", "Domain": "leakycrm.example",
                 "BreachDate": "2024-04-02", "PwnCount": 1, "DataClasses": ["a\u{202e}lpm"]},
                {"Name": "Bad\u{1b}]52;c;b3duZWQ=\u{7}", "Domain": "x.example", "BreachDate": "\u{1b}[2J2024"}
            ])))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(linger(&ws, &net), &["check", "--online"]);
    let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
    assert!(
        !all.contains('\u{1b}'),
        "an escape reached the terminal: {all}"
    );
    assert!(
        !all.contains('\u{202e}'),
        "a bidi override reached the terminal"
    );
    assert!(
        !all.lines()
            .any(|l| l.starts_with("error[vendor-breached]: forged")),
        "a newline forged a finding: {all}"
    );
    assert!(all.contains("\\u{1b}[2J2024"), "{all}");
}

#[test]
fn lookalikes_refuses_what_is_not_a_domain_with_help() {
    for bad in [
        "https://northwind.example/x",
        "north wind.example",
        "north;wind.example",
        "north\u{1b}wind.example",
    ] {
        let out = common::linger()
            .args(["lookalikes", bad, "--names-only"])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(2), "{bad}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains("not a domain name"), "{stderr}");
        assert!(!stderr.contains('\u{1b}'));
        assert!(out.stdout.is_empty(), "{bad}: {}", text(&out.stdout));
    }
}
