//! Card, bank and expense exports (CSV): which column holds the merchant
//! and which the date, in the shapes banks and expense tools write them
//! (commas or semicolons, a byte-order mark, decimal commas in amounts,
//! which are never read), and which merchants are SaaS vendors: the
//! merchant text matched against the names of the fingerprints and the
//! directory, fuzzily, with the score shown.

use std::collections::BTreeMap;
use std::path::Path;

use chrono::NaiveDate;

use super::fingerprints::Fingerprints;
use super::{Sighting, Source, key};
use crate::directory;

/// One charge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Charge {
    pub merchant: String,
    pub date: Option<NaiveDate>,
}

const MERCHANT: &[&str] = &[
    "merchant",
    "merchant name",
    "payee",
    "vendor",
    "supplier",
    "description",
    "counterparty",
    "name",
    "details",
    "text",
    "beskrivelse",
    "tekst",
    "händler",
    "empfänger",
    "beschreibung",
    "verwendungszweck",
];
const DATE: &[&str] = &[
    "date",
    "transaction date",
    "posted date",
    "posting date",
    "booking date",
    "purchase date",
    "dato",
    "datum",
    "buchungstag",
    "bokført",
];

/// The lowest score a fuzzy match of a whole name needs.
const THRESHOLD: f64 = 0.92;

/// Reads the charges of one export.
pub fn read(path: &Path) -> Result<Vec<Charge>, String> {
    let bytes = crate::inventory::read_file(path).map_err(|e| e.to_string())?;
    let text = String::from_utf8_lossy(&bytes);
    let text = text.trim_start_matches('\u{feff}');
    let header_line = text.lines().next().unwrap_or_default();
    let delimiter = [b';', b',', b'\t']
        .into_iter()
        .max_by_key(|d| header_line.bytes().filter(|b| b == d).count())
        .unwrap_or(b',');
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(text.as_bytes());
    let headers: Vec<String> = reader
        .headers()
        .map_err(|e| e.to_string())?
        .iter()
        .map(|h| h.trim().to_lowercase())
        .collect();
    let find = |names: &[&str]| {
        names
            .iter()
            .find_map(|name| headers.iter().position(|h| h == name))
    };
    let merchant = find(MERCHANT).ok_or_else(|| {
        format!(
            "no merchant column: the header is `{header_line}`; name one of: {}",
            MERCHANT.join(", ")
        )
    })?;
    let date = find(DATE);
    let mut charges = Vec::new();
    for record in reader.records() {
        let record = record.map_err(|e| e.to_string())?;
        let Some(text) = record
            .get(merchant)
            .map(str::trim)
            .filter(|t| !t.is_empty())
        else {
            continue;
        };
        charges.push(Charge {
            merchant: crate::printable::visible(text).into_owned(),
            date: date.and_then(|i| record.get(i)).and_then(parse_date),
        });
    }
    Ok(charges)
}

fn parse_date(text: &str) -> Option<NaiveDate> {
    let text = text.trim();
    let text = text.split(['T', ' ']).next().unwrap_or(text);
    ["%Y-%m-%d", "%d.%m.%Y", "%m/%d/%Y", "%d/%m/%Y", "%Y/%m/%d"]
        .iter()
        .find_map(|f| NaiveDate::parse_from_str(text, f).ok())
}

/// A merchant's text without what card networks add: processor prefixes
/// (`SQ *`, `PAYPAL *`), numbers, punctuation and legal forms.
fn clean(merchant: &str) -> String {
    let lower = merchant.to_lowercase();
    let lower = ["sq *", "paypal *", "pp*", "ddr*", "tst*", "sp *", "fs *"]
        .iter()
        .fold(lower, |text, prefix| {
            text.trim_start_matches(prefix).to_string()
        });
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphabetic() && c != '.')
        .map(|w| w.trim_matches('.'))
        .filter(|w| w.len() > 1)
        .filter(|w| {
            !matches!(
                *w,
                "inc"
                    | "ltd"
                    | "llc"
                    | "gmbh"
                    | "limited"
                    | "corp"
                    | "corporation"
                    | "co"
                    | "bv"
                    | "as"
                    | "ab"
                    | "sa"
                    | "sl"
                    | "com"
                    | "www"
                    | "the"
                    | "sarl"
                    | "oy"
                    | "aps"
            )
        })
        .collect();
    words.join(" ")
}

/// The names merchants are matched against, cleaned once: the
/// fingerprints' (which carry their vendor) and the directory's.
pub struct Names {
    fingerprints: Vec<(String, String)>,
    directory: Vec<(String, &'static str)>,
}

impl Names {
    pub fn new(table: &Fingerprints) -> Self {
        Self {
            fingerprints: (table.vendors().iter())
                .map(|v| (key(&clean(&v.name)), v.name.clone()))
                .collect(),
            directory: (directory::all().iter())
                .map(|c| (key(&clean(&c.name)), c.name.as_str()))
                .filter(|(name, _)| name.len() >= 4)
                .collect(),
        }
    }

    /// The vendor a merchant text names (its name, and its fingerprint's
    /// name when it has one), and how sure the match is (0 to 1).
    pub fn best_match(&self, merchant: &str) -> Option<(String, Option<String>, f64)> {
        let text = clean(merchant);
        if text.is_empty() {
            return None;
        }
        let squashed = key(&text);
        let mut best: Option<(String, Option<String>, f64)> = None;
        let consider = |best: &mut Option<(String, Option<String>, f64)>,
                        name: &str,
                        fingerprint: Option<String>,
                        score: f64| {
            if score >= THRESHOLD && best.as_ref().is_none_or(|b| score > b.2) {
                *best = Some((name.to_string(), fingerprint, score));
            }
        };
        for (name, vendor) in &self.fingerprints {
            // The vendor's whole name as a word of the merchant text:
            // "MAILCHIMP *MONTHLY" is Mailchimp.
            let whole =
                name.len() >= 4 && text.split(' ').any(|w| key(w) == *name) || squashed == *name;
            let score = if whole {
                1.0
            } else {
                strsim::jaro_winkler(&squashed, name)
            };
            consider(&mut best, vendor, Some(vendor.clone()), score);
        }
        if best.as_ref().is_none_or(|b| b.2 < 1.0) {
            for (name, company) in &self.directory {
                let score = if squashed == *name {
                    1.0
                } else {
                    strsim::jaro_winkler(&squashed, name)
                };
                consider(&mut best, company, None, score);
            }
        }
        best
    }
}

/// The sightings of the vendors among `charges`.
pub fn sightings(charges: &[Charge], table: &Fingerprints) -> Vec<Sighting> {
    let mut by_merchant: BTreeMap<&str, Vec<&Charge>> = BTreeMap::new();
    for charge in charges {
        by_merchant
            .entry(&charge.merchant)
            .or_default()
            .push(charge);
    }
    let names = Names::new(table);
    let mut out = Vec::new();
    for (merchant, charges) in by_merchant {
        let Some((name, fingerprint, score)) = names.best_match(merchant) else {
            continue;
        };
        let fingerprint =
            fingerprint.and_then(|f| table.vendors().iter().find(|v| v.name == f).cloned());
        let first = charges.iter().filter_map(|c| c.date).min();
        let last = charges.iter().filter_map(|c| c.date).max();
        let domain = fingerprint
            .as_ref()
            .and_then(|f| f.website.as_deref())
            .and_then(crate::inventory::website_host)
            .and_then(|h| crate::address::registrable(&h))
            .or_else(|| {
                directory::all()
                    .iter()
                    .find(|c| c.name == name)
                    .and_then(|c| c.domains().into_iter().next())
            });
        out.push(Sighting {
            source: Source::Spend,
            fingerprint,
            domain,
            name: name.clone(),
            first,
            last,
            count: charges.len() as u64,
            evidence: format!(
                "spend: {} charge{} \"{merchant}\"{} (matches {name}, score {score:.2})",
                charges.len(),
                if charges.len() == 1 { "" } else { "s" },
                match (first, last) {
                    (Some(a), Some(b)) => format!(", {a} to {b}"),
                    _ => String::new(),
                }
            ),
            subjects: Vec::new(),
            logins: None,
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn merchants_match_vendors_with_a_score() {
        let names = Names::new(&Fingerprints::built_in());
        let named = |m: &str| {
            names
                .best_match(m)
                .map(|(n, _, s)| (n, (s * 100.0).round()))
        };
        assert_eq!(
            named("MAILCHIMP *MONTHLY 8475"),
            Some(("Mailchimp".into(), 100.0))
        );
        assert_eq!(named("SQ *CALENDLY"), Some(("Calendly".into(), 100.0)));
        assert_eq!(named("Typeform S.L."), Some(("Typeform".into(), 100.0)));
        assert_eq!(named("REMA 1000 MAJORSTUEN"), None);
        assert_eq!(named("12345"), None);
    }

    #[test]
    fn dates_in_the_usual_forms() {
        assert_eq!(
            parse_date("2021-03-05"),
            NaiveDate::from_ymd_opt(2021, 3, 5)
        );
        assert_eq!(
            parse_date("05.03.2021"),
            NaiveDate::from_ymd_opt(2021, 3, 5)
        );
        assert_eq!(
            parse_date("03/05/2021"),
            NaiveDate::from_ymd_opt(2021, 3, 5)
        );
        assert_eq!(
            parse_date("2021-03-05T10:00:00Z"),
            NaiveDate::from_ymd_opt(2021, 3, 5)
        );
        assert_eq!(parse_date("yesterday"), None);
    }
}
