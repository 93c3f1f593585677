//! The lookalikes that exist, as `linger lookalikes` lists them: each
//! found name with its registration and records, each domain found only
//! in Certificate Transparency, newest registration first. Pure: the
//! answers come from `online::lookup` and `online::ct`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use super::Kind;
use crate::address;
use crate::online::ct::Sighting;
use crate::online::lookup::Existing;
use crate::online::rdap::Registration;
use crate::printable::visible;

/// One existing lookalike, as JSON and CSV show it. Text from the network
/// is made printable: a registrar name could carry escape codes.
#[derive(Debug, Serialize)]
pub struct LookalikeRow {
    pub domain: String,
    pub ascii: String,
    pub kind: Kind,
    pub registered: Option<String>,
    pub registrar: Option<String>,
    pub a: Vec<String>,
    pub aaaa: Vec<String>,
    pub mx: Vec<String>,
    /// Why the registration is unknown, when it is.
    pub rdap_error: Option<String>,
    /// Whether it resolves (every name found by permutation does; a
    /// domain found in Certificate Transparency may not); `None` when its
    /// DNS question failed or was not asked before the deadline.
    pub resolves: Option<bool>,
    /// The day of its first certificate with our brand in a name, from
    /// Certificate Transparency (`--ct`).
    pub certificate: Option<String>,
    /// That certificate's issuer.
    pub issuer: Option<String>,
}

/// The rows for `found` (the names that resolve) and `sightings` (the
/// domains in Certificate Transparency): newest registration first,
/// unknown dates after every known one; then each sighting that does not
/// resolve, or whose existence is `unknown`. With `since`, only the rows
/// registered or first certified on or after it.
pub fn rows(
    mut found: Vec<Existing>,
    sightings: &[Sighting],
    unknown: &HashSet<String>,
    since: Option<NaiveDate>,
) -> Vec<LookalikeRow> {
    found.sort_by(|a, b| {
        registered_on(b)
            .cmp(&registered_on(a))
            .then_with(|| a.lookalike.ascii.cmp(&b.lookalike.ascii))
    });
    let by_domain: HashMap<&str, &Sighting> =
        sightings.iter().map(|s| (s.domain.as_str(), s)).collect();
    let certificate_of = |ascii: &str| {
        let domain = address::registrable(ascii).unwrap_or_else(|| ascii.to_string());
        by_domain.get(domain.as_str()).copied()
    };
    let mut rows: Vec<LookalikeRow> = found
        .iter()
        .map(|f| LookalikeRow::from(f).with_certificate(certificate_of(&f.lookalike.ascii)))
        .collect();
    // A domain with a certificate that does not resolve (yet, or any more)
    // is still listed: its certificate is the news.
    let listed: HashSet<String> = rows.iter().map(|r| r.ascii.clone()).collect();
    for sighting in sightings {
        if !listed.contains(&sighting.domain) {
            rows.push(LookalikeRow::unresolved(
                sighting,
                !unknown.contains(&sighting.domain),
            ));
        }
    }
    if let Some(since) = since {
        let since = since.to_string();
        rows.retain(|r| {
            [&r.registered, &r.certificate]
                .iter()
                .any(|d| d.as_deref().is_some_and(|d| d >= since.as_str()))
        });
    }
    rows
}

fn registered_on(found: &Existing) -> Option<NaiveDate> {
    match &found.registration {
        Ok(Registration::Registered { on, .. }) => *on,
        _ => None,
    }
}

impl LookalikeRow {
    fn with_certificate(mut self, sighting: Option<&Sighting>) -> Self {
        if let Some(sighting) = sighting {
            self.certificate = sighting.first.map(|d| d.to_string());
            self.issuer = Some(visible(&sighting.issuer).into_owned());
        }
        self
    }

    /// A domain seen only in Certificate Transparency, which does not
    /// resolve, or, unless `asked`, whose DNS question got no answer.
    fn unresolved(sighting: &Sighting, asked: bool) -> Self {
        LookalikeRow {
            domain: sighting.unicode(),
            ascii: sighting.domain.clone(),
            kind: Kind::Certificate,
            registered: None,
            registrar: None,
            a: Vec::new(),
            aaaa: Vec::new(),
            mx: Vec::new(),
            rdap_error: Some(if asked {
                "not looked up: the domain does not resolve".into()
            } else {
                "not looked up: whether the domain resolves is unknown (its DNS question failed)"
                    .into()
            }),
            resolves: asked.then_some(false),
            certificate: None,
            issuer: None,
        }
        .with_certificate(Some(sighting))
    }
}

impl From<&Existing> for LookalikeRow {
    fn from(found: &Existing) -> Self {
        let clean = |items: &[String]| items.iter().map(|i| visible(i).into_owned()).collect();
        let (registered, registrar, rdap_error) = match &found.registration {
            Ok(Registration::Registered { on, registrar, .. }) => (
                on.map(|d| d.to_string()),
                registrar.as_deref().map(|r| visible(r).into_owned()),
                None,
            ),
            // Resolves but RDAP does not know it: a registry without RDAP,
            // or a name under a wildcard.
            Ok(Registration::NotRegistered) => (None, None, Some("RDAP does not know it".into())),
            Err(err) => (None, None, Some(visible(err).into_owned())),
        };
        LookalikeRow {
            domain: found.lookalike.name.clone(),
            ascii: found.lookalike.ascii.clone(),
            kind: found.lookalike.kind,
            registered,
            registrar,
            a: clean(&found.a),
            aaaa: clean(&found.aaaa),
            mx: clean(&found.mx),
            rdap_error,
            resolves: Some(true),
            certificate: None,
            issuer: None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::online::lookalikes::Lookalike;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn existing(ascii: &str, on: Option<&str>) -> Existing {
        Existing {
            lookalike: Lookalike {
                kind: Kind::Omission,
                name: ascii.into(),
                ascii: ascii.into(),
            },
            a: vec!["192.0.2.1".into()],
            aaaa: Vec::new(),
            mx: Vec::new(),
            registration: Ok(Registration::Registered {
                on: on.map(day),
                registrar: Some("Registrar\u{1b}[31m".into()),
                registrar_abuse: None,
                registrar_rdap: None,
            }),
        }
    }

    fn sighting(domain: &str, first: &str) -> Sighting {
        Sighting {
            domain: domain.into(),
            names: vec![domain.into()],
            first: Some(day(first)),
            issuer: "Let's Encrypt".into(),
        }
    }

    #[test]
    fn newest_first_then_what_only_certificates_show() {
        let found = vec![
            existing("nortwind.example", Some("2025-01-01")),
            existing("northwnd.example", None),
            existing("northwindd.example", Some("2026-11-01")),
        ];
        let sightings = [
            sighting("northwindd.example", "2026-11-02"),
            sighting("northwind-login.example", "2026-11-20"),
            sighting("northwind-sso.example", "2026-11-21"),
        ];
        let unknown = HashSet::from(["northwind-sso.example".to_string()]);
        let rows = rows(found, &sightings, &unknown, None);
        let order: Vec<&str> = rows.iter().map(|r| r.ascii.as_str()).collect();
        assert_eq!(
            order,
            [
                "northwindd.example",
                "nortwind.example",
                "northwnd.example",
                "northwind-login.example",
                "northwind-sso.example"
            ]
        );
        assert_eq!(rows[0].certificate.as_deref(), Some("2026-11-02"));
        // A registrar's name is made printable.
        assert!(!rows[0].registrar.as_deref().unwrap().contains('\u{1b}'));
        assert_eq!(rows[3].resolves, Some(false));
        assert_eq!(rows[4].resolves, None);
    }

    #[test]
    fn since_keeps_what_was_registered_or_certified_since() {
        let found = vec![
            existing("nortwind.example", Some("2025-01-01")),
            existing("northwindd.example", Some("2026-11-01")),
        ];
        let sightings = [sighting("nortwind.example", "2026-11-15")];
        let kept = rows(found, &sightings, &HashSet::new(), Some(day("2026-11-10")));
        let kept: Vec<&str> = kept.iter().map(|r| r.ascii.as_str()).collect();
        assert_eq!(kept, ["nortwind.example"]);
    }
}
