//! Certificate Transparency through crt.sh's JSON API: the certificates
//! whose names contain a brand word, reduced to the registrable domains
//! that are not ours, each with its first certificate's date and issuer.
//! A lookalike no typo predicts (`northwind-secure-login.com`) shows up
//! here the day it gets a certificate. Pure: `lookup` asks.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Deserialize;
use url::Url;

use crate::address;

/// One certificate (or precertificate) as crt.sh lists it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Certificate {
    /// Its names (`name_value`, one a line), lower case, without `*.`.
    pub names: Vec<String>,
    /// When it became valid (`not_before`), else when it was logged.
    pub from: Option<NaiveDate>,
    /// Its issuer's organization (`O=`), else the whole issuer name.
    pub issuer: String,
}

#[derive(Deserialize)]
struct Wire {
    #[serde(default)]
    name_value: String,
    #[serde(default)]
    common_name: Option<String>,
    #[serde(default)]
    issuer_name: String,
    #[serde(default)]
    not_before: Option<String>,
    #[serde(default)]
    entry_timestamp: Option<String>,
}

/// The URL that asks crt.sh (at `base`) for every certificate with
/// `word` anywhere in a name.
pub fn query(base: &Url, word: &str) -> Url {
    let mut url = base.clone();
    url.query_pairs_mut()
        .clear()
        .append_pair("q", &format!("%{word}%"))
        .append_pair("output", "json");
    url
}

/// Reads crt.sh's answer: a JSON array of certificates.
pub fn parse(body: &str) -> Result<Vec<Certificate>, String> {
    // crt.sh answers an empty body, not `[]`, when nothing matches.
    if body.trim().is_empty() {
        return Ok(Vec::new());
    }
    let wire: Vec<Wire> = serde_json::from_str(body)
        .map_err(|err| format!("the answer is not crt.sh's JSON list of certificates ({err})"))?;
    Ok(wire
        .into_iter()
        .map(|w| {
            let names = w
                .name_value
                .lines()
                .chain(w.common_name.as_deref())
                .map(|n| n.trim().trim_start_matches("*.").to_ascii_lowercase())
                .filter(|n| !n.is_empty())
                .collect();
            let date = |d: &Option<String>| {
                d.as_deref()
                    .and_then(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
            };
            Certificate {
                names,
                from: date(&w.not_before).or_else(|| date(&w.entry_timestamp)),
                issuer: issuer(&w.issuer_name),
            }
        })
        .collect())
}

/// `C=US, O=Let's Encrypt, CN=R11` → `Let's Encrypt`.
fn issuer(name: &str) -> String {
    let organization = name
        .split(", ")
        .find_map(|part| part.trim().strip_prefix("O="))
        .map(|o| o.trim_matches('"'));
    crate::printable::line(organization.unwrap_or(name).trim()).into_owned()
}

/// A registrable domain not ours that holds a certificate for a name with
/// a brand word in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sighting {
    /// The registrable domain (`northwind-secure-login.com`).
    pub domain: String,
    /// The names of its certificates that hold a brand word.
    pub names: Vec<String>,
    /// Its first certificate's date, and that certificate's issuer.
    pub first: Option<NaiveDate>,
    pub issuer: String,
}

/// The registrable domains of `certificates` whose names hold one of
/// `brands`, except `ours` (the domain we protect, our other domains) and
/// their subdomains; sorted by domain.
///
/// Linear in the number of names: crt.sh's answer is up to 32 MB of
/// someone else's choosing (one certificate may hold 300,000 names), so
/// every lookup here is a hash, and a name seen before is not reduced to
/// its registrable domain again.
pub fn sightings(
    certificates: &[Certificate],
    brands: &[String],
    ours: &[String],
) -> Vec<Sighting> {
    let mut found: HashMap<String, Found> = HashMap::new();
    // Each name's registrable domain (`None`: not a domain, or ours).
    let mut domain_of: HashMap<&str, Option<String>> = HashMap::new();
    for certificate in certificates {
        for name in &certificate.names {
            let domain = domain_of.entry(name.as_str()).or_insert_with(|| {
                if !brands.iter().any(|b| name.contains(b.as_str())) {
                    return None;
                }
                // `registrable` puts the name in normal form itself.
                address::registrable(name).filter(|d| !ours.contains(d))
            });
            let Some(domain) = domain else { continue };
            let entry = found.entry(domain.clone()).or_insert_with(|| Found {
                sighting: Sighting {
                    domain: domain.clone(),
                    names: Vec::new(),
                    first: certificate.from,
                    issuer: certificate.issuer.clone(),
                },
                names: HashSet::new(),
            });
            if entry.names.insert(name.clone()) {
                entry.sighting.names.push(name.clone());
            }
            let earlier = match (certificate.from, entry.sighting.first) {
                (Some(new), Some(old)) => new < old,
                (Some(_), None) => true,
                _ => false,
            };
            if earlier {
                entry.sighting.first = certificate.from;
                entry.sighting.issuer = certificate.issuer.clone();
            }
        }
    }
    let mut sightings: Vec<Sighting> = found.into_values().map(|f| f.sighting).collect();
    sightings.sort_unstable_by(|a, b| a.domain.cmp(&b.domain));
    sightings
}

impl Sighting {
    /// The domain as a person reads it: its Unicode form. A name without
    /// an `xn--` label is that already, which spares a 150,000-domain
    /// answer as many IDNA conversions.
    pub fn unicode(&self) -> String {
        if self
            .domain
            .split('.')
            .any(|label| label.starts_with("xn--"))
        {
            idna::domain_to_unicode(&self.domain).0
        } else {
            self.domain.clone()
        }
    }
}

/// A sighting being gathered, with its names as a set for the check
/// that a name is new.
struct Found {
    sighting: Sighting,
    names: HashSet<String>,
}

#[cfg(test)]
mod tests {
    use super::*;

    const ANSWER: &str = r#"[
      {"issuer_ca_id":295815,"issuer_name":"C=US, O=Let's Encrypt, CN=R11",
       "common_name":"northwind-secure-login.com",
       "name_value":"northwind-secure-login.com\nwww.northwind-secure-login.com",
       "id":1,"entry_timestamp":"2026-11-28T08:01:02.345","not_before":"2026-11-28T07:01:02",
       "not_after":"2027-02-26T07:01:01","serial_number":"04a1"},
      {"issuer_name":"C=US, O=Google Trust Services, CN=WE1",
       "common_name":"login.northwind-secure-login.com",
       "name_value":"login.northwind-secure-login.com","id":2,
       "entry_timestamp":"2026-11-30T10:00:00.000","not_before":"2026-11-30T09:00:00"},
      {"issuer_name":"C=US, O=Let's Encrypt, CN=R10","common_name":"www.northwind.example",
       "name_value":"*.northwind.example\nnorthwind.example","id":3,
       "not_before":"2025-01-01T00:00:00"},
      {"issuer_name":"CN=Some CA","common_name":"shop.example",
       "name_value":"shop.example","id":4,"not_before":"2026-01-01T00:00:00"},
      {"issuer_name":"CN=Odd CA","name_value":"*.northwindpay.co.uk","id":5,
       "entry_timestamp":"2026-10-01T00:00:00"}
    ]"#;

    #[test]
    fn the_domains_not_ours_with_their_first_certificate() {
        let certificates = parse(ANSWER).unwrap();
        let found = sightings(
            &certificates,
            &["northwind".into()],
            &["northwind.example".into()],
        );
        assert_eq!(found.len(), 2, "{found:?}");
        assert_eq!(found[0].domain, "northwind-secure-login.com");
        assert_eq!(found[0].first, NaiveDate::from_ymd_opt(2026, 11, 28));
        assert_eq!(found[0].issuer, "Let's Encrypt");
        assert_eq!(found[0].names.len(), 3);
        assert_eq!(found[1].domain, "northwindpay.co.uk");
        assert_eq!(found[1].first, NaiveDate::from_ymd_opt(2026, 10, 1));
        assert_eq!(found[1].issuer, "CN=Odd CA");
        // Our other domains are ours too.
        let ours = ["northwind.example".into(), "northwindpay.co.uk".into()];
        let found = sightings(&certificates, &["northwind".into()], &ours);
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].domain, "northwind-secure-login.com");
    }

    #[test]
    fn a_name_seen_again_is_listed_once_and_the_earliest_certificate_wins() {
        let day = |d: u32| NaiveDate::from_ymd_opt(2026, 11, d);
        let cert = |names: &[&str], from, issuer: &str| Certificate {
            names: names.iter().map(|n| n.to_string()).collect(),
            from,
            issuer: issuer.into(),
        };
        let many: Vec<String> = (0..5000).map(|i| format!("h{i}.northwind-x.com")).collect();
        let many: Vec<&str> = many.iter().map(String::as_str).collect();
        let certificates = [
            cert(&many, day(20), "Late CA"),
            cert(&many, day(10), "Early CA"),
            cert(
                &["northwind-x.com", "h0.northwind-x.com"],
                None,
                "Undated CA",
            ),
            cert(&["mail.example", "northwind.example"], day(1), "Ours"),
        ];
        let found = sightings(
            &certificates,
            &["northwind".into()],
            &["northwind.example".into()],
        );
        assert_eq!(
            found.len(),
            1,
            "{:?}",
            found.iter().map(|s| &s.domain).collect::<Vec<_>>()
        );
        assert_eq!(found[0].domain, "northwind-x.com");
        assert_eq!(found[0].names.len(), 5001);
        assert_eq!(
            found[0].names[..2],
            ["h0.northwind-x.com", "h1.northwind-x.com"]
        );
        assert_eq!(found[0].first, day(10));
        assert_eq!(found[0].issuer, "Early CA");
    }

    #[test]
    fn a_sighting_reads_in_unicode() {
        let seen = |domain: &str| Sighting {
            domain: domain.into(),
            names: Vec::new(),
            first: None,
            issuer: String::new(),
        };
        assert_eq!(seen("xn--nrthwind-n4a.com").unicode(), "nörthwind.com");
        assert_eq!(seen("northwind-login.com").unicode(), "northwind-login.com");
    }

    #[test]
    fn an_empty_answer_is_no_certificate_and_garbage_is_an_error() {
        assert_eq!(parse("").unwrap(), []);
        assert_eq!(parse("[]").unwrap(), []);
        assert!(parse("<html>busy</html>").is_err());
        assert!(parse(r#"{"a":1}"#).is_err());
    }

    #[test]
    fn the_query_asks_for_the_word_anywhere() {
        let url = query(&Url::parse("https://crt.sh/").unwrap(), "northwind");
        assert_eq!(
            url.as_str(),
            "https://crt.sh/?q=%25northwind%25&output=json"
        );
    }
}
