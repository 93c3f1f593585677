//! `check --online` against the loopback server of `common::online`: the
//! findings HIBP's breach list, RDAP, DNS over HTTPS and the vendors'
//! websites give, what a malformed answer or a hostile text from the
//! network does, and that `check` without `--online` opens no socket.

mod common;

use common::net::Net;
use common::online::{
    INVENTORY, Serve, findings, linger, online_only, run, serve_inventory, triple, workspace,
};
use common::text;

use std::net::TcpListener;

use serde_json::json;
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

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
