//! What `linger phish` reports: each sender with its network and abuse
//! contact, each phishing domain with its registrar, and where its links
//! point, built from the summary and (with `--online`) what the network
//! answered. The JSON `phish --format json` prints is this model
//! serialized; the tables (`crate::output::phish`) are drawn from it.
//! Pure: the questions are asked by `crate::online::phish`.

use std::net::IpAddr;

use serde::Serialize;

use super::{Shown, Summary};
use crate::mail::defang::defang;
use crate::online::phish::{Answers, Questions};
use crate::online::rdap::{Network, Registration};
use crate::printable::visible;

/// Link hosts whose address is looked up: a page of them is enough to act
/// on, and a hostile mail could name thousands.
pub const MAX_HOSTS: usize = 20;

/// What to ask the network about `summary`: the sending addresses, the
/// domains, and the first `MAX_HOSTS` link hosts.
pub fn questions(summary: &Summary) -> Questions {
    let mut ips: Vec<IpAddr> = summary.senders.iter().filter_map(|s| s.ip).collect();
    ips.sort();
    ips.dedup();
    Questions {
        ips,
        domains: summary.domains.iter().map(|d| d.domain.clone()).collect(),
        hosts: summary
            .domains
            .iter()
            .flat_map(|d| d.hosts.iter().cloned())
            .take(MAX_HOSTS)
            .collect(),
    }
}

/// The findings of one run. A person reads every name the phisher chose
/// defanged (`Shown`); the JSON carries each domain and host as it is,
/// for scripts, with its defanged form beside it (`defanged`).
#[derive(Debug, Serialize)]
pub struct Findings {
    pub messages: usize,
    pub first: Option<String>,
    pub last: Option<String>,
    pub senders: Vec<SenderRow>,
    pub domains: Vec<DomainRow>,
    /// The commands to run next (`super::next::steps`).
    pub next: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct SenderRow {
    /// The bulk-mail service, or `null` when no fingerprint matched (a
    /// server of the phisher's own, or a compromised one).
    pub service: Option<String>,
    pub evidence: Vec<String>,
    pub ip: Option<String>,
    /// The sending host as the receiving server wrote it down.
    pub host: Option<String>,
    pub defanged: Option<String>,
    /// The host as the tables show it: defanged unless ours or a known
    /// service's.
    #[serde(skip)]
    pub shown_host: Option<String>,
    /// The network's name and holder, from RDAP.
    pub network: Option<String>,
    pub abuse: Option<String>,
    pub messages: usize,
    /// Why the network or its abuse contact is unknown, when it is.
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct DomainRow {
    pub domain: String,
    pub defanged: String,
    pub role: &'static str,
    pub registered: Option<String>,
    pub registrar: Option<String>,
    pub registrar_abuse: Option<String>,
    pub lookalike_of: Option<String>,
    pub fuzzer: Option<String>,
    pub messages: usize,
    pub hosts: Vec<HostRow>,
    pub error: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HostRow {
    pub host: String,
    pub defanged: String,
    pub ip: Option<String>,
    pub network: Option<String>,
    pub abuse: Option<String>,
    pub error: Option<String>,
}

fn network_name(network: &Network) -> Option<String> {
    match (&network.name, &network.holder) {
        (Some(name), Some(holder)) => Some(format!("{name} ({holder})")),
        (Some(name), None) => Some(name.clone()),
        (None, holder) => holder.clone(),
    }
}

fn clean(text: &str) -> String {
    visible(text).into_owned()
}

impl Findings {
    /// The findings, without next steps: `answers` is `None` when the
    /// network was not asked.
    pub fn new(summary: &Summary, answers: Option<&Answers>, shown: &Shown) -> Self {
        Findings {
            messages: summary.messages,
            first: summary.first.map(|t| t.to_rfc3339()),
            last: summary.last.map(|t| t.to_rfc3339()),
            senders: summary
                .senders
                .iter()
                .map(|s| sender_row(s, answers, shown))
                .collect(),
            domains: summary
                .domains
                .iter()
                .map(|d| domain_row(d, answers, shown))
                .collect(),
            next: Vec::new(),
        }
    }
}

fn sender_row(s: &super::Sender, answers: Option<&Answers>, shown: &Shown) -> SenderRow {
    let answer = answers.zip(s.ip).and_then(|(f, ip)| f.networks.get(&ip));
    let (network, abuse, error) = match answer {
        Some(Ok(n)) => (
            network_name(n).map(|n| clean(&n)),
            n.abuse.clone(),
            n.abuse
                .is_none()
                .then(|| "RDAP lists no abuse contact for the network".to_string()),
        ),
        Some(Err(err)) => (
            None,
            None,
            Some(format!("RDAP did not answer: {}", shown.text(err))),
        ),
        None => (None, None, None),
    };
    SenderRow {
        service: s.service.clone(),
        evidence: s.evidence.iter().map(|e| shown.text(e)).collect(),
        ip: s.ip.map(|ip| ip.to_string()),
        host: s.host.as_deref().map(clean),
        defanged: s.host.as_deref().map(defang),
        shown_host: s.host.as_deref().map(|h| shown.name(h)),
        network,
        abuse,
        messages: s.messages,
        error,
    }
}

fn domain_row(d: &super::Domain, answers: Option<&Answers>, shown: &Shown) -> DomainRow {
    let answer = answers.and_then(|f| f.registrations.get(&d.domain));
    let (registered, registrar, registrar_abuse, error) = match answer {
        Some(Ok(Registration::Registered {
            on,
            registrar,
            registrar_abuse,
            ..
        })) => (
            on.map(|d| d.to_string()),
            registrar.as_deref().map(clean),
            registrar_abuse.clone(),
            registrar_abuse.is_none().then(|| {
                match answers.and_then(|f| f.registrar_errors.get(&d.domain)) {
                    Some(err) => format!(
                        "the registry lists no abuse contact for the registrar, and the registrar's RDAP record did not answer: {}",
                        shown.text(err)
                    ),
                    None => "RDAP lists no abuse contact for the registrar".to_string(),
                }
            }),
        ),
        Some(Ok(Registration::NotRegistered)) => (
            None,
            None,
            None,
            Some("RDAP does not know the domain (not registered, or gone)".into()),
        ),
        Some(Err(err)) => (
            None,
            None,
            None,
            Some(format!("RDAP did not answer: {}", shown.text(err))),
        ),
        None => (None, None, None, None),
    };
    DomainRow {
        domain: clean(&d.domain),
        defanged: defang(&d.domain),
        role: d.role.name(),
        registered,
        registrar,
        registrar_abuse,
        lookalike_of: d.lookalike_of.clone(),
        fuzzer: d.fuzzer.clone(),
        messages: d.messages,
        hosts: d
            .hosts
            .iter()
            .map(|host| host_row(host, answers, shown))
            .collect(),
        error,
    }
}

fn host_row(host: &str, answers: Option<&Answers>, shown: &Shown) -> HostRow {
    let (ip, network, abuse, error) = match answers.and_then(|f| f.hosting.get(host)) {
        Some(Ok((ip, n))) => (
            Some(ip.to_string()),
            network_name(n).map(|n| clean(&n)),
            n.abuse.clone(),
            None,
        ),
        Some(Err(err)) => (None, None, None, Some(shown.text(err))),
        None if answers.is_some() => (
            None,
            None,
            None,
            Some(format!("not looked up: more than {MAX_HOSTS} link hosts")),
        ),
        None => (None, None, None, None),
    };
    HostRow {
        host: clean(host),
        defanged: defang(host),
        ip,
        network,
        abuse,
        error,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use std::collections::BTreeSet;

    use super::*;
    use crate::discover::fingerprints::Fingerprints;
    use crate::phish::{Domain, Role, Sender};

    pub(crate) fn summary() -> Summary {
        Summary {
            messages: 2,
            senders: vec![Sender {
                service: Some("SendGrid".into()),
                ip: Some("192.0.2.7".parse().unwrap()),
                host: Some("o1.ptr.evil.example".into()),
                evidence: vec!["`Received:` from o1.ptr.evil.example".into()],
                messages: 2,
            }],
            domains: vec![Domain {
                domain: "northwind-secure.example".into(),
                role: Role::From,
                hosts: (0..MAX_HOSTS + 3)
                    .map(|i| format!("h{i:02}.northwind-secure.example"))
                    .collect::<BTreeSet<_>>(),
                lookalike_of: Some("northwind.example".into()),
                fuzzer: Some("brand".into()),
                messages: 2,
            }],
            first: None,
            last: None,
        }
    }

    #[test]
    fn the_questions_ask_each_address_once_and_a_page_of_hosts() {
        let mut twice = summary();
        twice.senders.push(twice.senders[0].clone());
        let asked = questions(&twice);
        assert_eq!(asked.ips, ["192.0.2.7".parse::<IpAddr>().unwrap()]);
        assert_eq!(asked.domains, ["northwind-secure.example"]);
        assert_eq!(asked.hosts.len(), MAX_HOSTS);
    }

    #[test]
    fn each_row_says_why_an_answer_is_missing() {
        let own = vec!["northwind.example".to_string()];
        let table = Fingerprints::built_in();
        let shown = Shown::new(&own, &table);
        let summary = summary();
        // Offline: nothing asked, so nothing is missing.
        let offline = Findings::new(&summary, None, &shown);
        assert_eq!(offline.senders[0].error, None);
        assert_eq!(offline.domains[0].hosts[0].error, None);
        assert_eq!(offline.domains[0].defanged, "northwind-secure[.]example");

        let mut answers = Answers::default();
        let ip: IpAddr = "192.0.2.7".parse().unwrap();
        answers.networks.insert(
            ip,
            Ok(Network {
                name: Some("EVILNET".into()),
                range: None,
                holder: Some("Evil Hosting".into()),
                abuse: None,
            }),
        );
        answers
            .registrations
            .insert("northwind-secure.example".into(), Err("timed out".into()));
        let online = Findings::new(&summary, Some(&answers), &shown);
        let sender = &online.senders[0];
        assert_eq!(sender.network.as_deref(), Some("EVILNET (Evil Hosting)"));
        assert_eq!(
            sender.error.as_deref(),
            Some("RDAP lists no abuse contact for the network")
        );
        let domain = &online.domains[0];
        assert_eq!(
            domain.error.as_deref(),
            Some("RDAP did not answer: timed out")
        );
        // The hosts past the page were never asked, and say so.
        let last = domain.hosts.last().unwrap();
        assert_eq!(
            last.error,
            Some(format!("not looked up: more than {MAX_HOSTS} link hosts"))
        );
    }
}
