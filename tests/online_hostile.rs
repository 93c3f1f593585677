//! Hostile network answers, round three (issue 28): which configured base
//! URLs linger trusts on loopback, and a crt.sh answer of 300,000 names.
//!
//! - A base URL given by host name (`http://localhost:PORT`) is trusted at
//!   that port only: a link to another port of `localhost` is refused as
//!   any inward link is.
//! - A base URL is trusted for its own source only: a vendor's website
//!   that redirects to a source's or the proxy's port on 127.0.0.1, or
//!   one source that redirects to another, is refused.
//! - `lookalikes --ct` reads 300,000 names and finds the right domains.
//!
//! Real HTTP servers on 127.0.0.1 (wiremock); nothing leaves the machine.

mod common;

use common::text;

use common::net::Net;

use std::path::{Path, PathBuf};
use std::process::Command;

use serde_json::{Value, json};
use wiremock::matchers::{any, path, query_param};
use wiremock::{Mock, ResponseTemplate};

const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
law = "gdpr"
domains = ["northwind-group.example"]

[[vendor]]
id = "fine"
name = "FineVendor"
website = "http://finevendor.example"
used_from = 2018-01-01
data = ["contact.email"]
"#;

struct Workspace {
    dir: tempfile::TempDir,
    inventory: PathBuf,
}

fn workspace() -> Workspace {
    let dir = tempfile::tempdir().unwrap();
    let inventory = dir.path().join("vendors.toml");
    std::fs::write(&inventory, INVENTORY).unwrap();
    Workspace { dir, inventory }
}

/// linger with its own cache, every source at a closed port until the
/// test points it somewhere, and no proxy.
fn linger(ws: &Workspace) -> Command {
    let mut cmd = common::linger();
    cmd.env("LINGER_INVENTORY", &ws.inventory)
        .env("LINGER_CACHE_DIR", ws.dir.path().join("cache"))
        .env("NO_PROXY", "127.0.0.1,localhost");
    cmd
}

fn port(net: &Net) -> u16 {
    net.server.address().port()
}

fn json_at(net: &Net, at: &str, body: Value) {
    net.mount(Mock::given(path(at)).respond_with(ResponseTemplate::new(200).set_body_json(body)));
}

/// A registry's RDAP answer as a thin registry gives it: the registrar's
/// name, no abuse contact, and a `related` link to the registrar's record.
fn thin_domain(net: &Net, domain: &str, related: &str) {
    json_at(
        net,
        &format!("/registry/domain/{domain}"),
        json!({"objectClassName": "domain", "ldhName": domain.to_uppercase(),
               "links": [{"value": related, "rel": "related", "href": related, "type": "application/rdap+json"}],
               "events": [{"eventAction": "registration", "eventDate": "2026-11-26T14:02:11Z"}],
               "entities": [{"objectClassName": "entity", "roles": ["registrar"],
                             "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Cheap Names LLC"]]]}]}),
    );
}

/// The registrar's own record, with its abuse contact.
fn registrar_record(at: &str) -> Mock {
    Mock::given(path(at)).respond_with(ResponseTemplate::new(200).set_body_json(json!({
        "objectClassName": "domain",
        "entities": [{"objectClassName": "entity", "roles": ["registrar"],
                      "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Cheap Names LLC"]]],
                      "entities": [{"objectClassName": "entity", "roles": ["abuse"],
                                    "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Abuse"],
                                                             ["email", {}, "text", "abuse@cheapnames.example"]]]}]}]
    })))
}

/// A phishing mail whose links lead to `domains`.
fn phishing_mail(dir: &Path, domains: &[&str]) -> PathBuf {
    let links: String = domains
        .iter()
        .map(|d| format!("Log in here: https://{d}/reset?id=dag\n"))
        .collect();
    let mail = format!(
        "From: \"Northwind Support\" <support@northwind.example>\n\
         To: <dag@example.com>\n\
         Subject: Password expires today\n\
         Date: Mon, 30 Nov 2026 03:12:41 +0100\n\
         Message-ID: <20261130021244.5F3A9C2B@example.com>\n\
         MIME-Version: 1.0\n\
         Content-Type: text/plain; charset=\"us-ascii\"\n\n\
         Your password expires today.\n{links}"
    );
    let file = dir.join("phish.eml");
    std::fs::write(&file, mail).unwrap();
    file
}

#[test]
fn a_registrars_link_to_another_port_of_localhost_is_not_fetched() {
    // The RDAP mirror is given by name, as `http://localhost:PORT`; a
    // second server listens on another port of localhost.
    let registry = Net::start();
    let other = Net::start();
    let here = format!("http://localhost:{}", port(&registry));
    let there = format!("http://localhost:{}", port(&other));
    json_at(
        &registry,
        "/iana/dns.json",
        json!({"version": "1.0", "services": [[["example"], [format!("{here}/registry/")]]]}),
    );
    // One registry answer links to the mirror's own port: followed, as
    // the RDAP mirror is trusted exactly there. The other links to the
    // second server's port: refused.
    thin_domain(
        &registry,
        "northwlnd.example",
        &format!("{here}/registrar/domain/northwlnd.example"),
    );
    thin_domain(
        &registry,
        "nortwind.example",
        &format!("{there}/registrar/domain/nortwind.example"),
    );
    registry.mount(registrar_record("/registrar/domain/northwlnd.example"));
    other.mount(registrar_record("/registrar/domain/nortwind.example"));
    other.mount(Mock::given(any()).respond_with(ResponseTemplate::new(200)));

    let ws = workspace();
    let mail = phishing_mail(ws.dir.path(), &["northwlnd.example", "nortwind.example"]);
    let out = linger(&ws)
        .env("LINGER_RDAP_BOOTSTRAP_URL", format!("{here}/iana/dns.json"))
        .args(["phish", "--online", "--format", "json"])
        .arg(&mail)
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        other.requests("/").is_empty(),
        "linger asked another port of localhost: {:?}\n{stdout}",
        other
            .requests("/")
            .iter()
            .map(|r| r.url.to_string())
            .collect::<Vec<_>>()
    );
    assert_eq!(
        registry
            .requests("/registrar/domain/northwlnd.example")
            .len(),
        1,
        "the link to the mirror's own port is followed: {stdout}"
    );
    let report: Value = serde_json::from_str(&stdout)
        .unwrap_or_else(|e| panic!("{e}: {stdout}{}", text(&out.stderr)));
    // Domains are shown defanged (`nortwind[.]example`).
    let domain = |name: &str| {
        report["domains"]
            .as_array()
            .unwrap()
            .iter()
            .find(|d| d["domain"].as_str().map(|d| d.replace("[.]", ".")) == Some(name.into()))
            .unwrap_or_else(|| panic!("no {name}: {report:#}"))
            .clone()
    };
    assert_eq!(
        domain("northwlnd.example")["registrar_abuse"],
        "abuse@cheapnames.example"
    );
    let refused = domain("nortwind.example");
    assert_eq!(refused["registrar_abuse"], Value::Null);
    assert!(
        refused["error"]
            .as_str()
            .is_some_and(|e| e.contains("redirects to an internal address")),
        "{refused:#}"
    );
}

#[test]
fn a_bootstrap_by_name_does_not_vouch_for_another_port_of_that_name() {
    // The bootstrap names an RDAP server on another port of localhost.
    let bootstrap = Net::start();
    let other = Net::start();
    let here = format!("http://localhost:{}", port(&bootstrap));
    let there = format!("http://localhost:{}", port(&other));
    json_at(
        &bootstrap,
        "/rdap/dns.json",
        json!({"version": "1.0", "services": [[["example"], [format!("{there}/rdap/")]]]}),
    );
    other.mount(Mock::given(any()).respond_with(ResponseTemplate::new(404)));
    json_at(&bootstrap, "/hibp/breaches", json!([]));
    bootstrap.mount(
        Mock::given(path("/dns-query"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": 3}))),
    );
    let ws = workspace();
    let out = linger(&ws)
        .env("LINGER_RDAP_BOOTSTRAP_URL", format!("{here}/rdap/dns.json"))
        .env("LINGER_HIBP_URL", format!("{here}/hibp"))
        .env("LINGER_DOH_URL", format!("{here}/dns-query"))
        .args(["check", "--online"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        other.requests("/").is_empty(),
        "linger asked another port of localhost: {stdout}"
    );
    assert_eq!(bootstrap.requests("/rdap/dns.json").len(), 1, "{stdout}");
    assert!(
        stdout.contains("redirects to an internal address"),
        "{stdout}{}",
        text(&out.stderr)
    );
}

/// A server that says 302 to `location` for every request, and counts
/// them.
fn redirecting(location: String) -> Net {
    let net = Net::start();
    net.mount(
        Mock::given(any())
            .respond_with(ResponseTemplate::new(302).insert_header("location", location)),
    );
    net
}

/// Every source on `sources`, answering as the real ones do: an empty
/// breach list, a bootstrap pointing back at itself with 404s, and
/// NXDOMAIN. Its `/admin` must never be asked.
fn serve_sources(sources: &Net) {
    json_at(sources, "/hibp/breaches", json!([]));
    json_at(
        sources,
        "/rdap/dns.json",
        json!({"version": "1.0", "services": [[["example"], [sources.url("/rdap/")]]]}),
    );
    // The vendor's website resolves; every lookalike is NXDOMAIN.
    sources.mount(
        Mock::given(path("/dns-query"))
            .and(query_param("name", "finevendor.example"))
            .respond_with(ResponseTemplate::new(200).set_body_json(
                json!({"Status": 0, "Answer": [{"type": 1, "data": "192.0.2.10"}]}),
            )),
    );
    sources.mount(
        Mock::given(path("/dns-query"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": 3})))
            .with_priority(10),
    );
    sources.mount(
        Mock::given(path("/admin"))
            .respond_with(ResponseTemplate::new(200).set_body_string("secret")),
    );
    sources.mount(
        Mock::given(any())
            .respond_with(ResponseTemplate::new(404))
            .with_priority(20),
    );
}

fn with_sources(cmd: &mut Command, sources: &Net) {
    cmd.env("LINGER_HIBP_URL", sources.url("/hibp"))
        .env("LINGER_RDAP_BOOTSTRAP_URL", sources.url("/rdap/dns.json"))
        .env("LINGER_DOH_URL", sources.url("/dns-query"));
}

#[test]
fn a_website_that_redirects_to_a_sources_port_is_refused() {
    let sources = Net::start();
    serve_sources(&sources);
    // The vendor's website is reached through a proxy of its own, which
    // answers for finevendor.example with a redirect to the sources'
    // port on 127.0.0.1 (asked directly: NO_PROXY).
    let proxy = redirecting(sources.url("/admin"));
    let ws = workspace();
    let mut cmd = linger(&ws);
    with_sources(&mut cmd, &sources);
    let out = cmd
        .env("HTTP_PROXY", proxy.server.uri())
        .args(["check", "--online"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        !proxy.requests("/").is_empty(),
        "the website was never asked: {stdout}{}",
        text(&out.stderr)
    );
    assert!(
        sources.requests("/admin").is_empty(),
        "the website's redirect to a source's port was followed: {stdout}"
    );
    assert!(
        stdout.contains("finevendor.example: redirects to an internal address"),
        "{stdout}"
    );
}

#[test]
fn a_website_that_redirects_to_the_proxys_port_is_refused() {
    let sources = Net::start();
    serve_sources(&sources);
    // The proxy answers every website with a redirect to itself, by
    // address: asked directly (NO_PROXY), which the old guard allowed.
    let proxy = Net::start();
    let admin = proxy.url("/admin");
    proxy.mount(
        Mock::given(path("/admin"))
            .respond_with(ResponseTemplate::new(200).set_body_string("secret")),
    );
    proxy.mount(
        Mock::given(any())
            .respond_with(ResponseTemplate::new(302).insert_header("location", admin.as_str()))
            .with_priority(10),
    );
    let ws = workspace();
    let mut cmd = linger(&ws);
    with_sources(&mut cmd, &sources);
    let out = cmd
        .env("HTTP_PROXY", proxy.server.uri())
        .args(["check", "--online"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert!(
        proxy.requests("/admin").is_empty(),
        "the website's redirect to the proxy's port was followed: {stdout}"
    );
    assert!(
        stdout.contains("finevendor.example: redirects to an internal address"),
        "{stdout}{}",
        text(&out.stderr)
    );
}

#[test]
fn a_source_that_redirects_to_another_sources_port_is_refused() {
    // The breach list's mirror redirects to the DNS resolver's server,
    // which would serve a breach list too.
    let sources = Net::start();
    serve_sources(&sources);
    json_at(
        &sources,
        "/elsewhere/breaches",
        json!([{"Name": "Fine", "Title": "FineVendor", "Domain": "finevendor.example",
                "BreachDate": "2024-04-02", "PwnCount": 1, "DataClasses": ["Email addresses"]}]),
    );
    let hibp = redirecting(sources.url("/elsewhere/breaches"));
    let ws = workspace();
    let mut cmd = linger(&ws);
    with_sources(&mut cmd, &sources);
    let out = cmd
        .env("LINGER_HIBP_URL", hibp.url("/hibp"))
        .args(["check", "--online"])
        .output()
        .unwrap();
    let stdout = text(&out.stdout);
    assert_eq!(hibp.requests("/hibp/breaches").len(), 1, "{stdout}");
    assert!(
        sources.requests("/elsewhere").is_empty(),
        "the breach list's redirect to the resolver's port was followed: {stdout}"
    );
    assert!(
        stdout.contains(&format!(
            "127.0.0.1:{}: redirects to an internal address",
            port(&hibp)
        )),
        "{stdout}{}",
        text(&out.stderr)
    );
    assert!(!stdout.contains("vendor-breached"), "{stdout}");
}

// ---- Certificate Transparency at scale ----

/// crt.sh's answer for `%northwind%`: one certificate with 300,000 names.
/// 100,000 under each of three lookalike domains, of which one is ours
/// (`organization.domains`) and one has no brand word in most names;
/// plus a few small certificates.
fn huge_certificate() -> Value {
    let mut names = String::with_capacity(300_000 * 40);
    for i in 0..100_000 {
        names.push_str(&format!("h{i}.northwind-login.example\n"));
        names.push_str(&format!("h{i}.northwind-group.example\n"));
        // Only every 1000th of these holds the brand.
        if i % 1000 == 0 {
            names.push_str(&format!("northwind{i}.shop-cdn.example\n"));
        } else {
            names.push_str(&format!("h{i}.shop-cdn.example\n"));
        }
    }
    let cert = |id: u32, names: &str, issuer: &str, not_before: &str| {
        json!({"issuer_ca_id": 1, "issuer_name": issuer, "common_name": names.lines().next(),
               "name_value": names, "id": id, "entry_timestamp": format!("{not_before}.123"),
               "not_before": not_before, "not_after": "2027-03-01T00:00:00", "serial_number": "0a"})
    };
    json!([
        cert(
            1,
            &names,
            "C=US, O=Let's Encrypt, CN=R11",
            "2026-11-20T06:00:00"
        ),
        cert(
            2,
            "pay.northwind-login.example",
            "C=US, O=Google Trust Services, CN=WE1",
            "2026-10-01T06:00:00"
        ),
        cert(
            3,
            "northwind-billing.example\nwww.northwind-billing.example",
            "C=GB, O=Sectigo Limited, CN=Sectigo RSA DV",
            "2026-11-27T00:00:00"
        ),
    ])
}

#[test]
fn lookalikes_ct_reads_300000_names_and_finds_the_right_domains() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/ct/"))
            .and(query_param("q", "%northwind%"))
            .respond_with(ResponseTemplate::new(200).set_body_json(huge_certificate())),
    );
    // Every name is NXDOMAIN: the certificates are the news.
    net.mount(
        Mock::given(path("/dns-query"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({"Status": 3}))),
    );
    let ws = workspace();
    let out = linger(&ws)
        .env("LINGER_CT_URL", net.url("/ct/"))
        .env("LINGER_DOH_URL", net.url("/dns-query"))
        .args(["lookalikes", "--ascii", "--ct", "--format", "json"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let mut found: Vec<(String, String, String)> = rows
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["kind"] == "certificate")
        .map(|r| {
            (
                r["domain"].as_str().unwrap().to_string(),
                r["certificate"].as_str().unwrap_or("-").to_string(),
                r["issuer"].as_str().unwrap_or("-").to_string(),
            )
        })
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            (
                "northwind-billing.example".to_string(),
                "2026-11-27".to_string(),
                "Sectigo Limited".to_string()
            ),
            (
                "northwind-login.example".to_string(),
                "2026-10-01".to_string(),
                "Google Trust Services".to_string()
            ),
            (
                "shop-cdn.example".to_string(),
                "2026-11-20".to_string(),
                "Let's Encrypt".to_string()
            ),
        ],
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_ct_domain_whose_dns_question_failed_is_not_said_not_to_resolve() {
    // crt.sh answers; the DNS resolver is at a closed port, so no name's
    // existence is known. The certificates are still the news.
    let net = Net::start();
    net.mount(
        Mock::given(path("/ct/"))
            .and(query_param("q", "%northwind%"))
            .respond_with(ResponseTemplate::new(200).set_body_json(json!([{
                "issuer_name": "C=US, O=Let's Encrypt, CN=R11",
                "name_value": "northwind-billing.example\nwww.northwind-billing.example",
                "id": 1, "not_before": "2026-11-27T00:00:00"
            }]))),
    );
    let ws = workspace();
    let out = linger(&ws)
        .env("LINGER_CT_URL", net.url("/ct/"))
        .args(["lookalikes", "--ascii", "--ct", "--format", "json"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let rows: Value = serde_json::from_slice(&out.stdout).unwrap();
    let rows = rows.as_array().unwrap();
    assert_eq!(rows.len(), 1, "{rows:?}");
    assert_eq!(rows[0]["domain"], "northwind-billing.example");
    assert_eq!(rows[0]["certificate"], "2026-11-27");
    assert_eq!(rows[0]["resolves"], Value::Null);
    assert!(
        text(&out.stderr).contains("lookups failed"),
        "{}",
        text(&out.stderr)
    );
}
