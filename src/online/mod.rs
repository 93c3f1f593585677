//! What linger learns online about the domains in the inventory: which
//! vendors' domains appear in a known breach, which no longer resolve or
//! now redirect elsewhere, and when each was registered.
//!
//! The parsers of each source's answers (`hibp`, `rdap`, `doh`), the plan
//! of what to ask (`Plan`) and the answers (`Facts`) are pure; only
//! `lookup` and the questions it serves talk to the network, through
//! `crate::net::http`, asking the sources listed in `sources`: `phish`
//! (what `linger phish --online` asks), `registrations` (what `linger
//! send` checks) and `takedown` (what `check --online` sees of a
//! reported phishing domain). The checks that turn facts into findings
//! live in `crate::checks::online` and `crate::checks::takedown`.

pub mod ct;
pub mod doh;
pub mod domains;
pub mod hibp;
pub mod lookalikes;
pub mod lookup;
pub mod phish;
pub mod rdap;
pub mod registrations;
pub mod sources;
pub mod takedown;

use std::collections::{BTreeMap, BTreeSet};

use crate::address;
use crate::inventory::{Inventory, Vendor};

/// Whether a vendor's deletion is finished (confirmed, or not needed):
/// such a vendor holds nothing of ours, so what happens to its domain no
/// longer matters.
pub fn is_done(vendor: &Vendor) -> bool {
    vendor.last_event().is_some_and(|e| e.kind.is_done())
}

/// The day we started using a vendor, as far as the inventory says:
/// `used_from`, else the first event.
pub fn first_use(vendor: &Vendor) -> Option<chrono::NaiveDate> {
    vendor
        .used_from
        .or_else(|| vendor.events.first().map(|e| e.on.value))
}

/// What `check --online` asks, each thing once however many vendors share
/// it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Plan {
    /// Host names to resolve (vendors whose deletion is not done).
    pub hosts: BTreeSet<String>,
    /// Registrable domains to ask RDAP about.
    pub domains: BTreeSet<String>,
    /// Websites whose redirects to follow.
    pub websites: BTreeSet<String>,
    /// The lookalikes of our own domain to look for: the ASCII ones and
    /// the whole-script ones (`lookalikes` looks for every Unicode mix
    /// too, which is ten times as many names).
    pub lookalikes: Vec<lookalikes::Lookalike>,
}

impl Plan {
    pub fn of(inventory: &Inventory) -> Self {
        let mut plan = Plan::default();
        for vendor in inventory.vendors.iter().filter(|v| !is_done(v)) {
            for host in domains::of(vendor) {
                if host.origin == domains::Origin::Website
                    && let Some(site) = &vendor.website
                {
                    plan.websites.insert(site.value.clone());
                }
                plan.hosts.insert(host.host);
                plan.domains.insert(host.domain);
            }
        }
        plan.lookalikes = own_lookalikes(inventory);
        plan
    }
}

/// The registrable domain of `organization.email`, the one phishers
/// imitate.
pub fn own_domain(inventory: &Inventory) -> Option<String> {
    address::registrable(address::domain(&inventory.organization.email)?)
}

/// Every registrable domain that is ours: that of `organization.email`,
/// `organization.domains` (other brands, defensive registrations) and
/// the canary domain's. A lookalike among them is not a threat.
pub fn our_domains(inventory: &Inventory) -> Vec<String> {
    let organization = &inventory.organization;
    let mut ours: Vec<String> = own_domain(inventory)
        .into_iter()
        .chain(
            (organization
                .domains
                .iter()
                .chain(&organization.canary_domain))
            .filter_map(|d| address::normal(d).and_then(|d| address::registrable(&d))),
        )
        .collect();
    ours.sort();
    ours.dedup();
    ours
}

/// Whether `lookalike` is one of `ours`: its registrable domain is.
pub fn is_ours(lookalike: &lookalikes::Lookalike, ours: &[String]) -> bool {
    address::registrable(&lookalike.ascii).is_some_and(|d| ours.contains(&d))
}

fn own_lookalikes(inventory: &Inventory) -> Vec<lookalikes::Lookalike> {
    let Some(domain) = own_domain(inventory) else {
        return Vec::new();
    };
    let ours = our_domains(inventory);
    let words: Vec<String> = lookalikes::WORDS.iter().map(|w| w.to_string()).collect();
    let options = lookalikes::Options {
        idn: true,
        words: &words,
    };
    lookalikes::generate(&domain, options)
        .unwrap_or_default()
        .into_iter()
        .filter(|l| {
            l.name.is_ascii()
                || matches!(l.kind, lookalikes::Kind::Cyrillic | lookalikes::Kind::Greek)
        })
        .filter(|l| !is_ours(l, &ours))
        .collect()
}

/// A website's answer, after following its redirects.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Landing {
    /// It stays on its own registrable domain (or answers without
    /// redirecting).
    Home,
    /// It ends up on another registrable domain: the final URL.
    Elsewhere(String),
}

/// The answers, each with the reason it could not be had.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    /// Have I Been Pwned's breach list; `None` when not asked.
    pub breaches: Option<Result<Vec<hibp::Breach>, String>>,
    /// Host → whether it exists.
    pub dns: BTreeMap<String, Result<doh::Answer, String>>,
    /// Registrable domain → its registration.
    pub registrations: BTreeMap<String, Result<rdap::Registration, String>>,
    /// Website → where it lands.
    pub websites: BTreeMap<String, Result<Landing, String>>,
    /// Our domain's lookalikes that exist, and the lookups that failed.
    pub lookalikes: Option<(Vec<lookup::Existing>, Vec<String>)>,
}

impl Facts {
    /// How many answers arrived, and how many questions failed.
    pub fn tally(&self) -> (usize, usize) {
        let results = self
            .breaches
            .iter()
            .map(Result::is_ok)
            .chain(self.dns.values().map(Result::is_ok))
            .chain(self.registrations.values().map(Result::is_ok))
            .chain(self.websites.values().map(Result::is_ok))
            .chain(self.lookalikes.iter().flat_map(|(found, failed)| {
                found
                    .iter()
                    .map(|_| true)
                    .chain(failed.iter().map(|_| false))
            }));
        results.fold((0, 0), |(ok, failed), good| {
            if good {
                (ok + 1, failed)
            } else {
                (ok, failed + 1)
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ours_are_the_organizations_domains_as_registrable_names() {
        let inventory = crate::inventory::parse(
            r#"schema = 1
[organization]
name = "Northwind"
email = "privacy@mail.northwind.example"
canary_domain = "canary.northwind-mail.example"
domains = ["Shop.Northwind.NET", "northwind.example"]
"#,
            chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap(),
        )
        .unwrap();
        let ours = our_domains(&inventory);
        assert_eq!(
            ours,
            [
                "northwind-mail.example",
                "northwind.example",
                "northwind.net"
            ]
        );
        let named = |ascii: &str| lookalikes::Lookalike {
            kind: lookalikes::Kind::Certificate,
            name: ascii.to_string(),
            ascii: ascii.to_string(),
        };
        assert!(is_ours(&named("www.northwind.net"), &ours));
        assert!(!is_ours(&named("northwind.com"), &ours));
    }
}
