//! `check --online` re-checking the phishing domains an incident
//! reported, against the loopback server of `common::online` playing DNS
//! over HTTPS, the registry's RDAP (domains and addresses) and the
//! phishing sites' web servers (`--site-url` on 127.0.0.1): a domain gone
//! is proposed as `acted` and `--apply` records it with its evidence; a
//! domain still up stays pending with the next party's address; a hold
//! at the registry counts while DNS still answers; broken servers are
//! `online-check-failed`, never a panic or an edit.

mod common;

use std::path::Path;
use std::process::Output;

use common::net::Net;
use common::online::{Serve, Workspace, linger, run, workspace};
use common::text;
use serde_json::{Value, json};
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, ResponseTemplate};

/// Before the real date, after the reports' two days.
const TODAY: &str = "2026-12-05T10:00:00+01:00";

const HEAD: &str = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
law = "gdpr"
time_zone = "Europe/Oslo"

[[incident]]
id = "2026-11-29"
aware = 2026-11-29T08:30:00+01:00 # the first mail
phishing_domains = ["northwind-billing.example"]
"#;

fn report(party: &str, target: &str) -> String {
    format!(
        "\n[[incident.event]]\non = 2026-11-29T12:00:00+01:00\nkind = \"reported\"\nparty = \"{party}\"\ntarget = \"{target}\"\nto = \"abuse@{party}.example\"\n"
    )
}

/// The sources every run asks: no breaches, the bootstraps, every other
/// DNS name NXDOMAIN (our own domain's lookalikes among them).
fn serve_common(net: &Net) {
    Serve::breaches(net, json!([]));
    Serve::bootstrap(net);
    Serve::dns_default_nxdomain(net);
}

/// The registry's RDAP answer about `domain`: its status values, with
/// the registry's own abuse desk and the registrar's.
fn status(net: &Net, domain: &str, status: &[&str]) {
    net.mount(
        Mock::given(path(format!("/rdap/domain/{domain}"))).respond_with(
            ResponseTemplate::new(200).set_body_json(json!({
                "objectClassName": "domain",
                "ldhName": domain,
                "status": status,
                "entities": [
                    {"objectClassName": "entity", "roles": ["abuse"],
                     "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["email", {}, "text", "abuse@registry.example"]]]},
                    {"objectClassName": "entity", "roles": ["registrar"],
                     "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["fn", {}, "text", "Cheap Names LLC"]]],
                     "entities": [{"objectClassName": "entity", "roles": ["abuse"],
                       "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["email", {}, "text", "abuse@cheapnames.example"]]]}]}
                ]
            })),
        ),
    );
}

/// The phishing sites, behind `--site-url`: each answers 200.
fn sites(net: &Net) -> String {
    net.mount(
        Mock::given(wiremock::matchers::path_regex("^/site/"))
            .respond_with(ResponseTemplate::new(200).set_body_string("<html>sign in</html>")),
    );
    net.url("/site/{domain}/")
}

fn check(ws: &Workspace, net: &Net, site: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--online", "--today", TODAY, "--site-url", site];
    args.extend_from_slice(extra);
    let mut cmd = linger(ws, net);
    cmd.env("LINGER_RDAP_IP_BOOTSTRAP_URL", net.url("/rdap/"));
    run(cmd, &args)
}

/// `check`, which must run to the end: findings (exit 0 or 1), never a
/// failure or a panic.
fn checked(ws: &Workspace, net: &Net, site: &str, extra: &[&str]) -> Output {
    let out = check(ws, net, site, extra);
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        text(&out.stderr)
    );
    out
}

/// The findings of `--format json` with `code`.
fn with_code(out: &Output, code: &str) -> Vec<Value> {
    let doc: Value = serde_json::from_slice(&out.stdout)
        .unwrap_or_else(|e| panic!("{e}: {}{}", text(&out.stdout), text(&out.stderr)));
    doc["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["code"] == code)
        .cloned()
        .collect()
}

#[test]
fn a_domain_gone_from_dns_is_proposed_recorded_with_evidence_and_then_quiet() {
    let net = Net::start();
    serve_common(&net);
    // The registry still lists it; DNS says NXDOMAIN (the default).
    status(&net, "northwind-billing.example", &["active"]);
    let site = sites(&net);
    let inventory = format!("{HEAD}{}", report("registrar", "northwind-billing.example"));
    let ws = workspace(&inventory);

    let out = checked(&ws, &net, &site, &["--format", "json"]);
    let observed = with_code(&out, "takedown-observed");
    assert_eq!(observed.len(), 1, "{}", text(&out.stdout));
    assert_eq!(observed[0]["severity"], "info");
    assert_eq!(observed[0]["incident"], "2026-11-29");
    let message = observed[0]["message"].as_str().unwrap();
    assert!(
        message.contains(
            "`northwind-billing.example` is gone, seen 2026-12-05 10:00 +01:00: DNS: no such name (NXDOMAIN)"
        ),
        "{message}"
    );
    assert!(with_code(&out, "takedown-pending").is_empty());
    // Nothing without an address is asked over HTTP.
    assert!(net.requests("/site/").is_empty());
    assert_eq!(std::fs::read_to_string(&ws.path).unwrap(), inventory);

    let applied = checked(&ws, &net, &site, &["--apply", "--format", "json"]);
    assert!(
        text(&applied.stderr).contains("Recorded `acted` for 1 reported domain gone"),
        "{}",
        text(&applied.stderr)
    );
    let after = std::fs::read_to_string(&ws.path).unwrap();
    // Only added, after the incident's last line.
    assert!(after.starts_with(&inventory), "{after}");
    let evidence = "evidence/2026-11-29/2026-12-05-acted-northwind-billing.example.json";
    for line in [
        "[[incident.event]]",
        "on = 2026-12-05T10:00:00+01:00",
        "kind = \"acted\"",
        "target = \"northwind-billing.example\"",
        "note = \"seen gone by `linger check --online`: DNS: no such name (NXDOMAIN); RDAP status: active\"",
        &format!("evidence = \"{evidence}\""),
    ] {
        assert!(
            after[inventory.len()..].contains(line),
            "{line} in\n{after}"
        );
    }
    let dir = ws.path.parent().unwrap();
    let kept: Value = serde_json::from_slice(&std::fs::read(dir.join(evidence)).unwrap()).unwrap();
    assert_eq!(kept["domain"], "northwind-billing.example");
    assert_eq!(kept["gone"], true);
    assert_eq!(kept["dns"]["a"], "NXDOMAIN");
    assert_eq!(kept["rdap"]["status"], json!(["active"]));

    // Recorded: a second run proposes nothing and nothing is pending; the
    // evidence's SHA-256 is the one on the step.
    let again = checked(&ws, &net, &site, &["--format", "json"]);
    assert!(with_code(&again, "takedown-observed").is_empty());
    assert!(with_code(&again, "takedown-pending").is_empty());
    let offline = run(
        linger(&ws, &net),
        &["check", "--today", TODAY, "--format", "json"],
    );
    assert!(with_code(&offline, "evidence-changed").is_empty());
    assert!(with_code(&offline, "evidence-missing").is_empty());
    std::fs::write(dir.join(evidence), b"{\"gone\": false}\n").unwrap();
    let offline = run(
        linger(&ws, &net),
        &["check", "--today", TODAY, "--format", "json"],
    );
    assert_eq!(
        with_code(&offline, "evidence-changed").len(),
        1,
        "{}",
        text(&offline.stdout)
    );
}

#[test]
fn a_domain_still_up_names_the_next_party_and_a_hold_counts_while_dns_answers() {
    let net = Net::start();
    serve_common(&net);
    // Still up: it resolves, the registry lists it as active, its site
    // answers.
    Serve::dns(&net, "northwind-login.example", "A", &["203.0.113.7"]);
    Serve::dns(&net, "northwind-login.example", "AAAA", &[]);
    status(&net, "northwind-login.example", &["active"]);
    // Held by its registrar: DNS still answers from its records, the
    // site too.
    Serve::dns(&net, "northwind-pay.example", "A", &["203.0.113.8"]);
    Serve::dns(&net, "northwind-pay.example", "AAAA", &[]);
    status(
        &net,
        "northwind-pay.example",
        &["client hold", "client transfer prohibited"],
    );
    // The hosting network of 203.0.113.7, for the report to the host.
    let rdap = net.url("/rdap/");
    net.mount(
        Mock::given(path("/rdap/ipv4.json")).respond_with(
            ResponseTemplate::new(200).set_body_json(
                json!({"version": "1.0", "services": [[["203.0.113.0/24"], [rdap]]]}),
            ),
        ),
    );
    net.mount(Mock::given(path("/rdap/ipv6.json")).respond_with(
        ResponseTemplate::new(200).set_body_json(json!({"version": "1.0", "services": []})),
    ));
    net.mount(
        Mock::given(path("/rdap/ip/203.0.113.7")).respond_with(
            ResponseTemplate::new(200).set_body_json(json!({
                "objectClassName": "ip network", "name": "CHEAPHOST-NET",
                "startAddress": "203.0.113.0", "endAddress": "203.0.113.255",
                "entities": [{"objectClassName": "entity", "roles": ["abuse"],
                  "vcardArray": ["vcard", [["version", {}, "text", "4.0"], ["email", {}, "text", "abuse@cheaphost.example"]]]}]
            })),
        ),
    );
    let site = sites(&net);
    let inventory = format!(
        "{HEAD}{}{}{}",
        report("registrar", "northwind-login.example"),
        report("hosting", "northwind-login.example"),
        report("registrar", "northwind-pay.example"),
    );
    let ws = workspace(&inventory);
    let out = checked(&ws, &net, &site, &["--format", "json"]);

    let pending = with_code(&out, "takedown-pending");
    assert_eq!(pending.len(), 2, "{}", text(&out.stdout));
    let registrar = &pending[0];
    let message = registrar["message"].as_str().unwrap();
    for part in [
        "`northwind-login.example` was reported to the registrar",
        "DNS: resolves to 203.0.113.7",
        "its web server still answers (HTTP 200)",
        "next: the registry's abuse contact, abuse@registry.example (from the registry's RDAP)",
    ] {
        assert!(message.contains(part), "{part} in {message}");
    }
    assert!(
        registrar["help"].as_str().unwrap().contains(
            "--party registry --target northwind-login.example --to abuse@registry.example"
        ),
        "{}",
        registrar["help"]
    );
    let host = &pending[1];
    assert!(
        host["message"]
            .as_str()
            .unwrap()
            .contains("abuse@cheaphost.example (CHEAPHOST-NET, which holds 203.0.113.7"),
        "{}",
        text(&out.stdout)
    );
    assert!(
        host["help"].as_str().unwrap().contains(
            "--party network --target northwind-login.example --to abuse@cheaphost.example"
        )
    );

    // The hold counts: the registrar acted, whatever a resolver's cache
    // still says.
    let observed = with_code(&out, "takedown-observed");
    assert_eq!(observed.len(), 1, "{}", text(&out.stdout));
    let message = observed[0]["message"].as_str().unwrap();
    assert!(
        message.contains("`northwind-pay.example` is gone")
            && message.contains("RDAP status: client hold")
            && message.contains("DNS: resolves to 203.0.113.8"),
        "{message}"
    );
    // Each site was asked once, at the address --site-url makes.
    assert_eq!(net.requests("/site/northwind-login.example/").len(), 1);
}

#[test]
fn broken_servers_are_reported_never_a_panic_or_an_edit() {
    let net = Net::start();
    serve_common(&net);
    // DNS answers garbage for this name; the registry answers too late.
    net.mount(
        Mock::given(path("/dns-query"))
            .and(query_param("name", "northwind-billing.example"))
            .respond_with(
                ResponseTemplate::new(200).set_body_string("<html>captive portal</html>"),
            ),
    );
    net.mount(
        Mock::given(path("/rdap/domain/northwind-billing.example")).respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"objectClassName": "domain"}))
                .set_delay(std::time::Duration::from_secs(4)),
        ),
    );
    let site = sites(&net);
    let inventory = format!("{HEAD}{}", report("registrar", "northwind-billing.example"));
    let ws = workspace(&inventory);
    let out = checked(
        &ws,
        &net,
        &site,
        &["--apply", "--timeout", "1", "--format", "json"],
    );
    let failed = with_code(&out, "online-check-failed");
    let failed: Vec<&str> = failed
        .iter()
        .filter_map(|f| f["message"].as_str())
        .filter(|m| m.contains("northwind-billing.example"))
        .collect();
    assert_eq!(failed.len(), 1, "{}", text(&out.stdout));
    assert!(
        failed[0].contains("DNS:")
            && failed[0].contains("not DNS JSON")
            && failed[0].contains("RDAP:"),
        "{}",
        failed[0]
    );
    assert!(with_code(&out, "takedown-observed").is_empty());
    // Still pending, as it was without the network.
    assert_eq!(with_code(&out, "takedown-pending").len(), 1);
    assert_eq!(std::fs::read_to_string(&ws.path).unwrap(), inventory);
}

#[test]
fn a_run_that_cannot_keep_its_evidence_writes_nothing() {
    let net = Net::start();
    serve_common(&net);
    status(&net, "northwind-billing.example", &["server hold"]);
    let site = sites(&net);
    let inventory = format!("{HEAD}{}", report("registrar", "northwind-billing.example"));
    let ws = workspace(&inventory);
    // `evidence` is a file, not a folder: the evidence cannot be kept.
    let dir = ws.path.parent().unwrap();
    std::fs::write(dir.join("evidence"), b"not a folder").unwrap();
    let out = check(&ws, &net, &site, &["--apply"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("nothing was written"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&ws.path).unwrap(), inventory);
    assert!(!Path::new(&dir.join("evidence")).is_dir());
}

#[test]
fn apply_without_online_is_a_usage_error() {
    let ws = workspace(HEAD);
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.path)
        .args(["check", "--apply"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(stderr.contains("add --online"), "{stderr}");
    assert_eq!(std::fs::read_to_string(&ws.path).unwrap(), HEAD);
}
