//! Who sent a phishing mail, and from which domains: the analysis behind
//! `linger phish`. From each original message (a forward's attached
//! `message/rfc822` originals, or the message itself when it has none):
//!
//! - the **sending hop**: the first `Received:` hop, from the top, whose
//!   sender is outside our servers (`hop`);
//! - the **sending service**: the fingerprint table `discover` reads,
//!   matched against that hop's host, the DKIM signatures' `d=` domains
//!   (RFC 6376), the `Return-Path` and `Message-ID` domains and the header
//!   fields bulk-mail services add, each match kept as evidence;
//! - the **phishing domains**: those of `From`, `Reply-To` and the links
//!   in the bodies, each checked against our domain's lookalikes.
//!
//! Pure: bytes in, facts out. What the network knows about an address or a
//! domain (abuse contacts, registration) is `commands::phish`'s to ask.

pub mod findings;
mod hop;
pub mod next;
mod shown;

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::net::IpAddr;

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::address::registrable;
use crate::discover::fingerprints::Fingerprints;
use crate::mail::Message;
use crate::mail::links;
use crate::online::lookalikes;
pub use hop::{Hop, is_public};
pub use shown::Shown;

/// What the analysis compares against: our own domains, the fingerprints,
/// and the lookalikes of our domain.
pub struct Known<'a> {
    /// Our registrable domains: hops from them are ours, links to them are
    /// not phishing.
    pub own: &'a [String],
    pub table: &'a Fingerprints,
    /// Our domain's lookalikes, as DNS sees them, with how each is made.
    pub lookalikes: &'a HashMap<String, lookalikes::Kind>,
    /// Our domain (`northwind.example`) and its label (`northwind`): a
    /// domain that holds the label is a lookalike no permutation makes.
    pub domain: &'a str,
    pub brand: &'a str,
}

/// Where a phishing domain appeared.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    From,
    ReplyTo,
    Link,
}

impl Role {
    pub fn name(self) -> &'static str {
        match self {
            Role::From => "from",
            Role::ReplyTo => "reply-to",
            Role::Link => "link",
        }
    }
}

/// One original phishing message, as read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Original {
    /// When our side received it (its topmost `Received:` date), else its
    /// `Date:`.
    pub received: Option<DateTime<Utc>>,
    pub hop: Option<Hop>,
    /// The service that sent it, when the fingerprints name one.
    pub service: Option<String>,
    /// Why: each clue, as a line a person can check in the headers.
    pub evidence: Vec<String>,
    /// Its phishing domains (registrable), with where each appeared and
    /// the hosts of its links.
    pub domains: Vec<(String, Role, Option<String>)>,
}

/// The originals in `raw`: the messages attached to it as
/// `message/rfc822` (a forward), else `raw` itself. `None` when `raw` is
/// not a message.
pub fn originals(raw: &[u8], known: &Known) -> Option<Vec<Original>> {
    let message = Message::parse(raw)?;
    if message.has_no_headers() {
        return None;
    }
    let inner = message.forwarded();
    if inner.is_empty() {
        return Some(vec![read(&message, known)]);
    }
    Some(inner.iter().map(|m| read(m, known)).collect())
}

/// One original message's facts.
fn read(message: &Message<'_>, known: &Known) -> Original {
    let received = message.received_at();
    // The chain first; when it runs inside one provider from end to end
    // (a phisher on that provider's own mail service), the address the
    // receiving server's SPF check names.
    let hop = hop::first_outside(message.received(), known.own, &|host| {
        known.table.by_host(host).map(|f| f.name.clone())
    })
    .or_else(|| {
        let fields: Vec<(String, String)> = message
            .unfolded_headers()
            .map(|(name, value)| (name.to_string(), value))
            .collect();
        hop::spf_client(&fields).map(|ip| hop::at_address(message.received(), ip))
    });
    let (service, evidence) = service(message, hop.as_ref(), known.table);

    let mut domains = Vec::new();
    let mut add = |domain: Option<String>, role: Role, host: Option<String>| {
        let Some(domain) = domain else { return };
        // Ours, or a known service's (a tracking link, a freemail
        // Reply-To): not what a registrar should suspend.
        if known.own.contains(&domain) || known.table.by_mail_domain(&domain).is_some() {
            return;
        }
        domains.push((domain, role, host));
    };
    for address in message.from_addresses() {
        add(domain_of(address), Role::From, None);
    }
    for address in message.reply_to_addresses() {
        add(domain_of(address), Role::ReplyTo, None);
    }
    for url in message.links() {
        let Some(host) = links::host(&url) else {
            continue;
        };
        if host.parse::<IpAddr>().is_ok() || host.starts_with('[') {
            continue;
        }
        add(registrable(&host), Role::Link, Some(host));
    }
    Original {
        received,
        hop,
        service,
        evidence,
        domains,
    }
}

/// The registrable domain of an address's domain.
fn domain_of(address: &str) -> Option<String> {
    registrable(crate::address::domain(address)?)
}

/// The `<...@domain>` domain of a header like `Return-Path` or
/// `Message-ID`.
fn angle_domain(value: &str) -> Option<String> {
    let inner = value.trim().trim_start_matches('<');
    let inner = inner.split('>').next()?;
    let host = crate::address::domain(inner)?.trim();
    registrable(host)
}

/// The service that sent `message`: the fingerprint with the most clues,
/// and every clue found (those of the service first).
fn service(
    message: &Message<'_>,
    hop: Option<&Hop>,
    table: &Fingerprints,
) -> (Option<String>, Vec<String>) {
    // (service, clue), in the order a person would check them.
    let mut clues: Vec<(String, String)> = Vec::new();
    // Clues that point at no known service.
    let mut facts: Vec<String> = Vec::new();
    if let Some(hop) = hop
        && let Some(host) = &hop.host
        && let Some(fingerprint) = table.by_host(host)
    {
        clues.push((fingerprint.name.clone(), format!("sending host {host}")));
    }
    for (name, value) in message.unfolded_headers() {
        let lower = name.to_ascii_lowercase();
        let found = match lower.as_str() {
            "dkim-signature" => {
                dkim_domain(&value).map(|d| (d.clone(), format!("DKIM-Signature d={d}")))
            }
            "return-path" => {
                angle_domain(&value).map(|d| (d.clone(), format!("Return-Path domain {d}")))
            }
            "message-id" => {
                angle_domain(&value).map(|d| (d.clone(), format!("Message-ID domain {d}")))
            }
            _ => None,
        };
        match found.and_then(|(domain, clue)| {
            let fingerprint = registrable(&domain).and_then(|d| table.by_mail_domain(&d));
            Some((fingerprint, clue))
                .filter(|_| !lower.starts_with("message-id") || fingerprint.is_some())
        }) {
            Some((Some(fingerprint), clue)) => clues.push((fingerprint.name.clone(), clue)),
            // The phisher's own signing or bounce domain: no service's,
            // but a fact an abuse desk looks for.
            Some((None, clue)) => facts.push(clue),
            None => {}
        }
        for fingerprint in table.by_header(name) {
            clues.push((fingerprint.name.clone(), format!("header {name}")));
        }
    }
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for (service, _) in &clues {
        *counts.entry(service).or_default() += 1;
    }
    // The most clues wins; on a tie, the first named.
    let best = clues
        .iter()
        .map(|(s, _)| s.as_str())
        .max_by_key(|s| {
            (
                counts[s],
                std::cmp::Reverse(clues.iter().position(|(t, _)| t == s)),
            )
        })
        .map(str::to_string);
    let mut evidence: Vec<String> = Vec::new();
    if let Some(hop) = hop {
        evidence.push(hop.describe());
    }
    let mut seen = BTreeSet::new();
    for (service, clue) in clues
        .iter()
        .filter(|(s, _)| Some(s) == best.as_ref())
        .chain(clues.iter().filter(|(s, _)| Some(s) != best.as_ref()))
    {
        let line = if Some(service) == best.as_ref() {
            clue.clone()
        } else {
            format!("{clue} (points at {service})")
        };
        if seen.insert(line.clone()) {
            evidence.push(line);
        }
    }
    for fact in facts {
        if seen.insert(fact.clone()) {
            evidence.push(fact);
        }
    }
    (best, evidence)
}

/// The `d=` of a DKIM signature (RFC 6376 §3.5), lower case.
fn dkim_domain(value: &str) -> Option<String> {
    value.split(';').find_map(|tag| {
        let (name, value) = tag.split_once('=')?;
        (name.trim() == "d").then(|| value.trim().trim_end_matches('.').to_ascii_lowercase())
    })
}

/// The senders of a set of originals: one per service and address.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sender {
    pub service: Option<String>,
    pub ip: Option<IpAddr>,
    pub host: Option<String>,
    pub evidence: Vec<String>,
    pub messages: usize,
}

/// A phishing domain, over every original it appeared in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    pub domain: String,
    /// Where it appeared first: `from` before `reply-to` before `link`.
    pub role: Role,
    /// The hosts of its links (`login.northwind-secure.example`).
    pub hosts: BTreeSet<String>,
    pub lookalike_of: Option<String>,
    /// How it imitates ours: a fuzzer's name, or `brand` when it holds our
    /// brand word but no permutation makes it.
    pub fuzzer: Option<String>,
    pub messages: usize,
}

/// What a set of originals says, summed up.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub messages: usize,
    pub senders: Vec<Sender>,
    pub domains: Vec<Domain>,
    pub first: Option<DateTime<Utc>>,
    pub last: Option<DateTime<Utc>>,
}

/// Sums up `originals`: senders by service and address, most messages
/// first; domains by role, then most messages.
pub fn summarise(originals: &[Original], known: &Known) -> Summary {
    let mut senders: Vec<Sender> = Vec::new();
    // (service, address) → its place in `senders`.
    let mut index: HashMap<(Option<String>, Option<IpAddr>), usize> = HashMap::new();
    let mut domains: BTreeMap<String, Domain> = BTreeMap::new();
    for original in originals {
        let ip = original.hop.as_ref().and_then(|h| h.ip);
        let at = *index
            .entry((original.service.clone(), ip))
            .or_insert(senders.len());
        match senders.get_mut(at) {
            Some(sender) => {
                sender.messages += 1;
                for line in &original.evidence {
                    if !sender.evidence.contains(line) {
                        sender.evidence.push(line.clone());
                    }
                }
            }
            None => senders.push(Sender {
                service: original.service.clone(),
                ip,
                host: original.hop.as_ref().and_then(|h| h.host.clone()),
                evidence: original.evidence.clone(),
                messages: 1,
            }),
        }
        let mut counted = BTreeSet::new();
        for (name, role, host) in &original.domains {
            let entry = domains.entry(name.clone()).or_insert_with(|| {
                let (lookalike_of, fuzzer) = imitation(name, known);
                Domain {
                    domain: name.clone(),
                    role: *role,
                    hosts: BTreeSet::new(),
                    lookalike_of,
                    fuzzer,
                    messages: 0,
                }
            });
            entry.role = entry.role.min(*role);
            entry.hosts.extend(host.clone());
            if counted.insert(name.clone()) {
                entry.messages += 1;
            }
        }
    }
    senders.sort_by_key(|s| std::cmp::Reverse(s.messages));
    let mut domains: Vec<Domain> = domains.into_values().collect();
    domains.sort_by(|a, b| a.role.cmp(&b.role).then(b.messages.cmp(&a.messages)));
    let times = originals.iter().filter_map(|o| o.received);
    Summary {
        messages: originals.len(),
        senders,
        domains,
        first: times.clone().min(),
        last: times.max(),
    }
}

/// Whether `domain` imitates ours, and how.
fn imitation(domain: &str, known: &Known) -> (Option<String>, Option<String>) {
    if let Some(kind) = known.lookalikes.get(domain) {
        return (Some(known.domain.to_string()), Some(kind.to_string()));
    }
    let label = domain.split('.').next().unwrap_or(domain);
    if known.brand.len() >= 3 && label.contains(known.brand) {
        return (Some(known.domain.to_string()), Some("brand".to_string()));
    }
    (None, None)
}

#[cfg(test)]
mod tests;
