//! Our own domain's DNS, over DNS over HTTPS (the client and `LINGER_DOH_URL`
//! of `check --online`): the SPF record followed through its includes to a
//! depth of 10, the DMARC report addresses, MX, verification TXT records,
//! and the CNAMEs of common subdomains. Each record that matches a
//! fingerprint is a sighting of that vendor.

use std::collections::BTreeSet;

use super::fingerprints::{Fingerprint, Fingerprints};
use super::{Sighting, Source};
use crate::net::http::Http;
use crate::online::doh::{Answer, RecordType};
use crate::online::lookup::{Sources, resolve};

/// Subdomains that SaaS vendors commonly host for a company.
pub const SUBDOMAINS: &[&str] = &[
    "help",
    "support",
    "status",
    "mail",
    "email",
    "em",
    "em1",
    "em2",
    "em3",
    "em4",
    "em5",
    "links",
    "link",
    "click",
    "go",
    "shop",
    "store",
    "blog",
    "docs",
    "kb",
    "community",
    "forum",
    "careers",
    "jobs",
    "news",
    "newsletter",
    "info",
    "marketing",
    "events",
    "learn",
    "academy",
    "survey",
    "feedback",
    "pay",
    "billing",
    "auth",
    "login",
    "sso",
    "id",
    "app",
    "portal",
    "www",
    "bounce",
    "track",
    "t",
    "url",
    "mkt",
    "e",
    "m",
    "hello",
    "chat",
    "meet",
    "calendar",
];

/// How deep SPF includes are followed (RFC 7208 allows 10 lookups).
pub const MAX_DEPTH: usize = 10;

/// What the DNS of `domain` shows, and what could not be read.
pub struct Found {
    pub sightings: Vec<Sighting>,
    /// Failures and oddities (a loop, a chain past the depth), in words.
    pub notes: Vec<String>,
}

pub fn sightings(
    http: &Http,
    sources: &Sources,
    domain: &str,
    extra: &[String],
    table: &Fingerprints,
) -> Found {
    let mut found = Found {
        sightings: Vec::new(),
        notes: Vec::new(),
    };
    let ask = |name: &str, kind: RecordType, notes: &mut Vec<String>| match resolve(
        http, sources, name, kind,
    ) {
        // Records are shown in the evidence: control characters escaped.
        Ok(Answer::Records(records)) => records
            .iter()
            .map(|r| crate::printable::visible(r).into_owned())
            .collect(),
        Ok(Answer::NoSuchName) => Vec::new(),
        Err(err) => {
            notes.push(format!("{} {name}: {err}", kind.name()));
            Vec::new()
        }
    };
    let sight = |fingerprint: &Fingerprint, evidence: String, out: &mut Vec<Sighting>| {
        out.push(Sighting {
            source: Source::Dns,
            fingerprint: Some(fingerprint.clone()),
            domain: None,
            name: fingerprint.name.clone(),
            first: None,
            last: None,
            count: 1,
            evidence,
            subjects: Vec::new(),
            logins: None,
        });
    };

    // TXT: verification records, and the SPF record's include chain.
    let txt = ask(domain, RecordType::Txt, &mut found.notes);
    for record in &txt {
        if let Some(f) = table.by_txt(record) {
            let shown: String = record.chars().take(60).collect();
            sight(
                f,
                format!("dns: TXT \"{shown}\" on {domain}"),
                &mut found.sightings,
            );
        }
    }
    let mut visited = BTreeSet::from([domain.to_string()]);
    let mut queue: Vec<(String, usize, String)> = spf_targets(&txt)
        .into_iter()
        .map(|t| (t, 1, domain.to_string()))
        .collect();
    while let Some((host, depth, via)) = queue.pop() {
        if !visited.insert(host.clone()) {
            found.notes.push(format!(
                "SPF: {via} includes {host} again (a loop); not followed"
            ));
            continue;
        }
        if let Some(f) = table.by_spf(&host) {
            sight(
                f,
                format!("dns: SPF include:{host} (from {via})"),
                &mut found.sightings,
            );
        }
        if depth >= MAX_DEPTH {
            found.notes.push(format!(
                "SPF: the chain through {host} is deeper than {MAX_DEPTH}; not followed further"
            ));
            continue;
        }
        let records = ask(&host, RecordType::Txt, &mut found.notes);
        for next in spf_targets(&records) {
            queue.push((next, depth + 1, host.clone()));
        }
    }

    // DMARC report addresses.
    for record in ask(
        &format!("_dmarc.{domain}"),
        RecordType::Txt,
        &mut found.notes,
    ) {
        for host in dmarc_hosts(&record) {
            if let Some(f) = table.by_host(&host) {
                sight(
                    f,
                    format!("dns: DMARC reports to {host}"),
                    &mut found.sightings,
                );
            }
        }
    }
    // Mail servers.
    for host in ask(domain, RecordType::Mx, &mut found.notes) {
        if let Some(f) = table.by_host(&host) {
            sight(f, format!("dns: MX {host}"), &mut found.sightings);
        }
    }
    // Subdomains hosted by vendors.
    let subdomains = SUBDOMAINS
        .iter()
        .map(|s| s.to_string())
        .chain(extra.iter().cloned());
    for sub in subdomains {
        let name = format!("{sub}.{domain}");
        for target in ask(&name, RecordType::Cname, &mut found.notes) {
            if let Some(f) = table.by_host(&target) {
                sight(
                    f,
                    format!("dns: CNAME {name} -> {target}"),
                    &mut found.sightings,
                );
            }
        }
    }
    found
}

/// The hosts an SPF record includes (`include:` and `redirect=`).
pub fn spf_targets(records: &[String]) -> Vec<String> {
    records
        .iter()
        .filter(|r| r.to_ascii_lowercase().starts_with("v=spf1"))
        .flat_map(|r| r.split_whitespace())
        .filter_map(|term| {
            let term = term.trim_start_matches(['+', '~', '?']);
            term.strip_prefix("include:")
                .or_else(|| term.strip_prefix("redirect="))
                .map(|h| h.trim_end_matches('.').to_ascii_lowercase())
        })
        .filter(|h| !h.contains('%'))
        .collect()
}

/// The hosts of a DMARC record's `rua` and `ruf` addresses.
pub fn dmarc_hosts(record: &str) -> Vec<String> {
    record
        .split(';')
        .filter_map(|tag| {
            let (name, value) = tag.split_once('=')?;
            matches!(name.trim(), "rua" | "ruf").then_some(value)
        })
        .flat_map(|v| v.split(','))
        .filter_map(|uri| {
            let address = uri.trim().strip_prefix("mailto:")?;
            let address = address.split('!').next()?;
            Some(crate::address::domain(address)?.to_ascii_lowercase())
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spf_and_dmarc_parsing() {
        assert_eq!(
            spf_targets(&["v=spf1 include:_spf.google.com ~include:servers.mcsv.net redirect=spf.example.com -all".into()]),
            ["_spf.google.com", "servers.mcsv.net", "spf.example.com"]
        );
        assert!(spf_targets(&["google-site-verification=x".into()]).is_empty());
        assert_eq!(
            dmarc_hosts(
                "v=DMARC1; p=none; rua=mailto:a@rua.agari.com,mailto:b@dmarc.example!10m; ruf=mailto:f@ruf.example"
            ),
            ["rua.agari.com", "dmarc.example", "ruf.example"]
        );
    }
}
