//! What the online tests share (`online_check.rs`, `online_http.rs`,
//! `online_lookalikes.rs`, `online_send.rs`): one real HTTP server on
//! 127.0.0.1 (wiremock, `net::Net`) that serves the sources in the shape of
//! the real services (HIBP's breach list, an RDAP bootstrap pointing back
//! at itself with domain answers and 404s, DNS-over-HTTPS JSON answers with
//! NXDOMAIN), the inventory they ask about, and `linger` pointed at it.
//! Vendors' websites are reached through the same server acting as the
//! HTTP proxy (`HTTP_PROXY`). Nothing leaves the machine.

use std::path::PathBuf;
use std::process::{Command, Output};

use serde_json::{Value, json};
use wiremock::matchers::{header, method, path, query_param};
use wiremock::{Mock, ResponseTemplate};

use super::net::Net;

/// Matches a request for `host`: as a proxy sees it, the request line
/// names the host in full (`GET http://host/ HTTP/1.1`).
pub struct Host(pub &'static str);

impl wiremock::Match for Host {
    fn matches(&self, request: &wiremock::Request) -> bool {
        request.url.host_str() == Some(self.0)
    }
}

/// The answers of the sources, in the shape of the real services, for
/// the online tests (a trait, not an `impl Net`: `phish.rs` has its own
/// `dns`).
pub trait Serve {
    /// HIBP's list of every breach: `body`.
    fn breaches(&self, body: Value);
    /// An RDAP bootstrap that sends `.example`, `.com` and `.net` back here.
    fn bootstrap(&self);
    /// An RDAP answer: registered on `on`, or 404 when `None`.
    fn registered(&self, domain: &str, on: Option<&str>);
    /// A DNS answer for `name`: A records, or NXDOMAIN when empty.
    fn dns(&self, name: &str, kind: &str, records: &[&str]);
    /// Every other DNS question: NXDOMAIN.
    fn dns_default_nxdomain(&self);
    /// Every website, reached through the proxy: a plain page.
    fn websites_answer(&self);
}

impl Serve for Net {
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

    fn dns_default_nxdomain(&self) {
        self.mount(
            Mock::given(path("/dns-query"))
                .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": 3})))
                .with_priority(10),
        );
    }

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
pub const INVENTORY: &str = r#"schema = 1

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

/// Serves every source for `INVENTORY`. (`Serve::dns(net, …)`, not
/// `net.dns(…)`: in `phish.rs` an `impl Net` of its own has a `dns` too.)
pub fn serve_inventory(net: &Net) {
    Serve::breaches(
        net,
        json!([
            {"Name": "LeakyCRM", "Title": "LeakyCRM", "Domain": "leakycrm.example", "BreachDate": "2024-04-02",
             "AddedDate": "2024-05-01T00:00:00Z", "PwnCount": 1234567, "DataClasses": ["Email addresses", "Names"],
             "IsVerified": true, "IsFabricated": false, "IsSpamList": false},
            {"Name": "EarlyBird", "Title": "Early Bird", "Domain": "earlybird.example", "BreachDate": "2019-08-08",
             "PwnCount": 5000, "DataClasses": ["Email addresses"]},
            {"Name": "DeletedApp", "Title": "DeletedApp", "Domain": "deletedapp.example", "BreachDate": "2024-01-15",
             "PwnCount": 42, "DataClasses": ["Passwords"]},
            {"Name": "Unrelated", "Title": "Unrelated", "Domain": "unrelated.example", "BreachDate": "2025-01-01",
             "PwnCount": 1, "DataClasses": []}
        ]),
    );
    Serve::bootstrap(net);
    for domain in [
        "leakycrm.example",
        "earlybird.example",
        "boughtapp.example",
        "finevendor.example",
        "lapsedapp.example",
        "gonevendor.example",
    ] {
        Serve::registered(net, domain, Some("2010-06-01"));
    }
    Serve::registered(net, "squatted.example", Some("2025-03-04"));
    Serve::registered(net, "lapsed-mail.example", None);
    for host in [
        "leakycrm.example",
        "earlybird.example",
        "boughtapp.example",
        "squatted.example",
        "lapsedapp.example",
        "lapsed-mail.example",
        "finevendor.example",
    ] {
        Serve::dns(net, host, "A", &["192.0.2.10"]);
    }
    Serve::dns(net, "gonevendor.example", "A", &[]);
    net.mount(
        Mock::given(Host("boughtapp.example")).respond_with(
            ResponseTemplate::new(301)
                .insert_header("location", "https://www.acquirer.example/welcome"),
        ),
    );
    Serve::websites_answer(net);
    // Two lookalikes of northwind.example exist: one registered a week
    // before today (2026-11-28), one years ago; every other name is
    // NXDOMAIN.
    for (name, on) in [
        ("northwlnd.example", "2026-11-20"),
        ("nortwind.example", "2024-02-02"),
    ] {
        Serve::dns(net, name, "A", &["198.51.100.7"]);
        Serve::dns(net, name, "AAAA", &[]);
        Serve::dns(net, name, "MX", &[]);
        Serve::registered(net, name, Some(on));
    }
    Serve::dns_default_nxdomain(net);
}

pub struct Workspace {
    pub _dir: tempfile::TempDir,
    pub path: PathBuf,
    pub cache: PathBuf,
}

pub fn workspace(inventory: &str) -> Workspace {
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

pub fn linger(ws: &Workspace, net: &Net) -> Command {
    let mut cmd = super::linger();
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

pub fn run(mut cmd: Command, args: &[&str]) -> Output {
    cmd.args(args).output().unwrap()
}

/// The (code, vendor, severity) of every finding of `check --format json`.
pub fn findings(out: &Output) -> Vec<(String, String, String)> {
    let doc: Value = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "{e}: {}{}",
            super::text(&out.stdout),
            super::text(&out.stderr)
        )
    });
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

pub fn online_only(all: Vec<(String, String, String)>) -> Vec<(String, String, String)> {
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

pub fn triple(code: &str, vendor: &str, severity: &str) -> (String, String, String) {
    (code.into(), vendor.into(), severity.into())
}
