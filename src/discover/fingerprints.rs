//! The table of fingerprints: what the traces of a SaaS vendor look like
//! (the domains it sends mail from, its SPF includes, the CNAME targets of
//! what it hosts, its verification TXT prefixes, the header fields its
//! mail carries) and the data it typically holds. `discover` and `phish`
//! read the same table. The built-in table (`fingerprints.toml`, compiled in) covers
//! well-known vendors; a `discover.toml` beside the inventory adds to it or
//! replaces entries of the same name.

use std::collections::HashMap;

use serde::Deserialize;

use crate::address::registrable;

const BUILT_IN: &str = include_str!("fingerprints.toml");

#[derive(Debug, Clone, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Fingerprint {
    pub name: String,
    #[serde(default)]
    pub website: Option<String>,
    /// The vendor's entry in the privacy-contact directory.
    #[serde(default)]
    pub directory: Option<String>,
    #[serde(default)]
    pub mail: Vec<String>,
    #[serde(default)]
    pub spf: Vec<String>,
    #[serde(default)]
    pub cname: Vec<String>,
    #[serde(default)]
    pub txt: Vec<String>,
    /// Header fields its outgoing mail carries (`X-SES-Outgoing`), which
    /// name the service that sent a message (`linger phish`).
    #[serde(default)]
    pub headers: Vec<String>,
    /// The names its application has in the identity provider's logs
    /// (Google's `app_name`, Okta's and Entra's display names) and its
    /// known OAuth client IDs (`discover --logins`).
    #[serde(default)]
    pub apps: Vec<String>,
    #[serde(default)]
    pub data: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    vendor: Vec<Fingerprint>,
}

fn parse(text: &str) -> Result<Vec<Fingerprint>, String> {
    toml::from_str::<File>(text)
        .map(|f| f.vendor)
        .map_err(|e| e.to_string())
}

/// The table: the built-in one with `extra` (a `discover.toml`) laid over it.
#[derive(Debug, Clone)]
pub struct Fingerprints {
    vendors: Vec<Fingerprint>,
    /// Registrable mail domain → its vendor's place in `vendors`: asked
    /// for every header of every message, so kept rather than recomputed.
    by_mail: HashMap<String, usize>,
}

impl Fingerprints {
    pub fn built_in() -> Self {
        // A test parses the same text strictly: this cannot fail in a build
        // that passed its tests.
        Self::of(parse(BUILT_IN).unwrap_or_default())
    }

    fn of(vendors: Vec<Fingerprint>) -> Self {
        let mut by_mail = HashMap::new();
        for (at, vendor) in vendors.iter().enumerate() {
            for domain in vendor.mail.iter().filter_map(|m| registrable(m)) {
                // The first vendor to list a domain keeps it, as before.
                by_mail.entry(domain).or_insert(at);
            }
        }
        Self { vendors, by_mail }
    }

    /// Every fingerprint, in table order.
    pub fn vendors(&self) -> &[Fingerprint] {
        &self.vendors
    }

    /// The built-in table with the entries of `text` (a `discover.toml`):
    /// an entry with a built-in one's name replaces it, others are added.
    pub fn with(text: &str) -> Result<Self, String> {
        let extra = parse(text)?;
        let mut vendors = parse(BUILT_IN).unwrap_or_default();
        for vendor in extra {
            match vendors.iter_mut().find(|v| v.name == vendor.name) {
                Some(existing) => *existing = vendor,
                None => vendors.push(vendor),
            }
        }
        Ok(Self::of(vendors))
    }

    /// The vendor that sends mail from `domain` (a registrable domain).
    pub fn by_mail_domain(&self, domain: &str) -> Option<&Fingerprint> {
        self.by_mail.get(domain).map(|at| &self.vendors[*at])
    }

    /// The vendor whose SPF include `host` is (or is under).
    pub fn by_spf(&self, host: &str) -> Option<&Fingerprint> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        self.vendors.iter().find(|v| {
            v.spf
                .iter()
                .any(|s| host == *s || host.ends_with(&format!(".{s}")))
        })
    }

    /// The vendor a CNAME target (or a mail host) belongs to.
    pub fn by_host(&self, host: &str) -> Option<&Fingerprint> {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let under = |suffix: &String| host == *suffix || host.ends_with(&format!(".{suffix}"));
        self.vendors
            .iter()
            .find(|v| v.cname.iter().any(under))
            .or_else(|| {
                let domain = registrable(&host)?;
                self.by_mail_domain(&domain)
            })
    }

    /// The vendors whose mail carries a header field named `name`.
    pub fn by_header(&self, name: &str) -> impl Iterator<Item = &Fingerprint> {
        self.vendors
            .iter()
            .filter(move |v| v.headers.iter().any(|h| h.eq_ignore_ascii_case(name)))
    }

    /// The vendor whose verification TXT record `record` is.
    pub fn by_txt(&self, record: &str) -> Option<&Fingerprint> {
        self.vendors.iter().find(|v| {
            v.txt
                .iter()
                .any(|prefix| record.starts_with(prefix.as_str()))
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_built_in_table_has_at_least_150_vendors_with_known_categories() {
        parse(BUILT_IN).unwrap();
        let table = Fingerprints::built_in();
        assert!(table.vendors().len() >= 150, "{}", table.vendors().len());
        for vendor in table.vendors() {
            assert!(!vendor.data.is_empty(), "{}", vendor.name);
            for category in &vendor.data {
                assert!(
                    crate::categories::is_known(category),
                    "{}: {category}",
                    vendor.name
                );
            }
            if let Some(slug) = &vendor.directory {
                assert!(
                    crate::directory::by_slug(slug).is_some(),
                    "{}: {slug}",
                    vendor.name
                );
            }
        }
        let mut names: Vec<&str> = table.vendors().iter().map(|v| v.name.as_str()).collect();
        names.sort();
        names.dedup();
        assert_eq!(names.len(), table.vendors().len(), "a name twice");
    }

    #[test]
    fn matches_each_kind_of_trace() {
        let table = Fingerprints::built_in();
        assert_eq!(table.by_mail_domain("mcsv.net").unwrap().name, "Mailchimp");
        assert_eq!(
            table.by_spf("_spf.google.com").unwrap().name,
            "Google Workspace"
        );
        assert_eq!(
            table.by_spf("spf.protection.outlook.com").unwrap().name,
            "Microsoft 365"
        );
        assert_eq!(
            table.by_host("u123.wl.sendgrid.net").unwrap().name,
            "SendGrid"
        );
        assert_eq!(
            table
                .by_txt("atlassian-domain-verification=abc")
                .unwrap()
                .name,
            "Atlassian"
        );
        assert_eq!(
            table.by_txt("stripe-verification=x").unwrap().name,
            "Stripe"
        );
        assert!(table.by_txt("v=spf1 -all").is_none());
    }

    #[test]
    fn a_discover_toml_adds_and_replaces() {
        let table = Fingerprints::with(
            "[[vendor]]\nname = \"Mailchimp\"\nmail = [\"example-mc.example\"]\ndata = [\"contact.email\"]\n\n\
             [[vendor]]\nname = \"In-house Survey Tool\"\nmail = [\"survey-tool.example\"]\n",
        )
        .unwrap();
        assert_eq!(
            table.by_mail_domain("example-mc.example").unwrap().name,
            "Mailchimp"
        );
        assert!(table.by_mail_domain("mcsv.net").is_none());
        assert!(table.by_mail_domain("survey-tool.example").is_some());
        assert!(Fingerprints::with("[[vendor]]\nnom = 1\n").is_err());
    }
}
