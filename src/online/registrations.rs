//! The registration of each of a few domains, from RDAP: what `linger
//! send` checks before a letter goes out (a vendor's domain that changed
//! hands could deliver our letter to a stranger). The answers go into
//! `Facts`, for the `online` checks to judge.

use std::collections::BTreeSet;

use super::Facts;
use super::lookup::{self, Sources};
use crate::net::http::Http;

/// Asks RDAP about each of `domains`, one after another (a batch of
/// letters names a handful); a failed bootstrap is every domain's answer.
pub fn ask(http: &Http, sources: &Sources, domains: BTreeSet<String>) -> Facts {
    let bootstrap = lookup::bootstrap(http, sources);
    let mut facts = Facts::default();
    for domain in domains {
        let answer = match &bootstrap {
            Ok(bootstrap) => lookup::registration(http, bootstrap, &domain),
            Err(failure) => Err(failure.clone()),
        };
        facts.registrations.insert(domain, answer);
    }
    facts
}
