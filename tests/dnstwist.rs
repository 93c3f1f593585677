//! `lookalikes` makes every name dnstwist makes: dnstwist's own `Fuzzer`
//! (PyPI, offline generation only) runs beside the real binary on three
//! domains, with linger's top-level domains and built-in words, and every
//! name of dnstwist's that linger lacks fails the test, unless
//! docs/online.md says its fuzzer is left out on purpose.

mod common;

use std::collections::{BTreeMap, BTreeSet};
use std::process::Command;

use linger::online::lookalikes::{TLDS, WORDS};
use serde_json::Value;

const DNSTWIST: &str = r#"
import json, sys, dnstwist
domain, tlds, words = sys.argv[1], sys.argv[2].split(","), sys.argv[3].split(",")
fuzzer = dnstwist.Fuzzer(domain, dictionary=words, tld_dictionary=tlds)
fuzzer.generate()
print(json.dumps({p["domain"]: p["fuzzer"] for p in fuzzer.domains if p["fuzzer"] != "*original"}))
"#;

/// dnstwist's names for `domain`: ASCII (punycode) name → fuzzer.
fn dnstwist(domain: &str) -> BTreeMap<String, String> {
    let out = Command::new("python3")
        .args(["-c", DNSTWIST, domain, &TLDS.join(","), &WORDS.join(",")])
        .output()
        .unwrap();
    common::assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap()
}

/// linger's names for `domain`, as DNS sees them.
fn linger(domain: &str) -> BTreeSet<String> {
    // No inventory: its own domains would be left out of the names.
    let out = common::linger()
        .args(["lookalikes", domain, "--names-only", "--format", "json"])
        .env("LINGER_INVENTORY", "/nonexistent/vendors.toml")
        .output()
        .unwrap();
    common::assert_success(&out);
    let rows: Vec<Value> = serde_json::from_slice(&out.stdout).unwrap();
    rows.iter()
        .map(|r| r["ascii"].as_str().unwrap().to_string())
        .collect()
}

/// The fuzzers docs/online.md says linger leaves out, in lines like
/// "- `name` is excluded: why".
fn excluded() -> BTreeSet<String> {
    let docs =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/online.md")).unwrap();
    docs.lines()
        .filter_map(|line| line.strip_prefix("- `")?.split_once("` is excluded"))
        .map(|(name, _)| name.to_string())
        .collect()
}

#[test]
fn linger_makes_every_name_dnstwist_makes() {
    if !common::outside::python_dnstwist("linger_makes_every_name_dnstwist_makes") {
        return;
    }
    let excluded = excluded();
    // A .com name, a short one under a newer TLD whose whole name has a
    // Cyrillic twin, one under a two-label suffix, and a hyphenated one.
    for domain in [
        "northwind.com",
        "acme.io",
        "windtraders.co.uk",
        "acme-data.de",
    ] {
        let theirs = dnstwist(domain);
        let ours = linger(domain);
        assert!(
            theirs.len() > 300,
            "{domain}: dnstwist made only {}",
            theirs.len()
        );
        let missing: Vec<_> = theirs
            .iter()
            .filter(|(name, fuzzer)| !ours.contains(*name) && !excluded.contains(*fuzzer))
            .take(20)
            .collect();
        assert!(
            missing.is_empty(),
            "{domain}: linger lacks these of dnstwist's {} names (first 20): {missing:?}",
            theirs.len()
        );
        // Each kind dnstwist has for this domain is one linger names too.
        let kinds: BTreeSet<&String> = theirs.values().collect();
        for kind in kinds {
            assert!(
                linger::online::lookalikes::Kind::parse(kind).is_some(),
                "dnstwist's fuzzer `{kind}` has no linger kind"
            );
        }
    }
}
