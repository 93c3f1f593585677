//! What the network knows about a phishing mail, for `linger phish
//! --online`: the RDAP networks (and abuse contacts) of the sending
//! addresses, the registration of each phishing domain, and, through DNS
//! over HTTPS, where each link host points. The questions come from the
//! pure analysis (`crate::phish::findings::questions`); the answers go
//! back to it (`crate::phish::findings::Findings`). A source that does not answer is
//! recorded beside the question, never fatal.

use std::collections::BTreeMap;
use std::net::IpAddr;

use crate::net::http::Http;
use crate::online::doh::{Answer, RecordType};
use crate::online::lookup::{self, Sources};
use crate::online::rdap::{Bootstrap, IpBootstrap, Network, Registration};

/// What to ask, each thing once.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Questions {
    /// The sending addresses, sorted, without repeats.
    pub ips: Vec<IpAddr>,
    /// The phishing domains (registrable).
    pub domains: Vec<String>,
    /// The link hosts whose address is looked up.
    pub hosts: Vec<String>,
}

/// What the network said, by question; each answer or why there is none.
#[derive(Debug, Default)]
pub struct Answers {
    pub networks: BTreeMap<IpAddr, Result<Network, String>>,
    pub registrations: BTreeMap<String, Result<Registration, String>>,
    /// Why the registrar's own record, asked when the registry's answer
    /// lacks the abuse contact, did not give it.
    pub registrar_errors: BTreeMap<String, String>,
    /// Link host → its first address and that address's network.
    pub hosting: BTreeMap<String, Result<(IpAddr, Network), String>>,
}

/// Asks everything in `questions`, in parallel as `http` allows. A
/// bootstrap file is fetched only when a question needs it.
pub fn ask(http: &Http, sources: &Sources, questions: &Questions) -> Answers {
    let mut answers = Answers::default();
    let Questions {
        ips,
        domains,
        hosts,
    } = questions;
    let ip_bootstrap = if ips.is_empty() && hosts.is_empty() {
        Ok(IpBootstrap::default())
    } else {
        lookup::ip_bootstrap(http, sources)
    };
    let network = |ip: IpAddr| match &ip_bootstrap {
        Ok(bootstrap) => lookup::network(http, bootstrap, ip),
        Err(err) => Err(err.clone()),
    };
    for (ip, answer) in ips.iter().zip(http.map(ips, |ip| network(*ip), || {})) {
        answers.networks.insert(*ip, answer);
    }
    let bootstrap: Result<Bootstrap, String> = if domains.is_empty() {
        Ok(Bootstrap::default())
    } else {
        lookup::bootstrap(http, sources)
    };
    let registrations = http.map(
        domains,
        |name| match &bootstrap {
            Ok(bootstrap) => lookup::registration_and_registrar(http, bootstrap, name),
            Err(err) => (Err(err.clone()), None),
        },
        || {},
    );
    for (name, (registration, registrar_error)) in domains.iter().zip(registrations) {
        if let Some(err) = registrar_error {
            answers.registrar_errors.insert(name.clone(), err);
        }
        answers.registrations.insert(name.clone(), registration);
    }
    let hosting = http.map(
        hosts,
        |host| {
            let ip = address(http, sources, host)?;
            network(ip).map(|n| (ip, n))
        },
        || {},
    );
    answers.hosting = hosts.iter().cloned().zip(hosting).collect();
    answers
}

/// The first address of `host`: IPv4, else IPv6 (a host served over
/// IPv6 only is hosted somewhere too).
fn address(http: &Http, sources: &Sources, host: &str) -> Result<IpAddr, String> {
    for kind in [RecordType::A, RecordType::Aaaa] {
        match lookup::resolve(http, sources, host, kind)? {
            Answer::Records(records) => {
                if let Some(ip) = records.iter().find_map(|r| r.parse::<IpAddr>().ok()) {
                    return Ok(ip);
                }
            }
            Answer::NoSuchName => return Err("it does not resolve".to_string()),
        }
    }
    Err("it has no address".to_string())
}
