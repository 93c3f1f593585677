//! `linger lookalikes` against the loopback server of `common::online`:
//! DNS over HTTPS and RDAP for the permutations, crt.sh for `--ct`, our own
//! domains left out, `--dictionary` and `--names-only`.

mod common;

use common::net::Net;
use common::online::{
    INVENTORY, Serve, Workspace, findings, linger, run, serve_inventory, triple, workspace,
};
use common::text;

use std::process::Output;

use serde_json::{Value, json};
use wiremock::matchers::{path, query_param};
use wiremock::{Mock, ResponseTemplate};

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
