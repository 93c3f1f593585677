//! `linger discover`: the vendors nobody remembers, found in the traces they
//! left: senders in the mail archive, records in our own DNS, merchants on
//! card statements. Each source yields sightings; this module groups them
//! into candidates (one per vendor), drops the vendors the inventory
//! already has, and fills in what the directory and the fingerprints know.
//! Pure but for `mail`, `spend` and `dns`, which read the sources.
//!
//! The rule for a mail sender (docs/discover.md says it for users): a
//! sender is a candidate when its domain is a known service (in the
//! fingerprints or the directory), or when its mail looks like a SaaS
//! relationship: a subject with a word of one (receipt, invoice, trial,
//! welcome, verify, password, subscription, …), or a `List-Unsubscribe`
//! header on mail from a billing address (`billing@`, `invoice@`, …);
//! and, because phishers send such mail too, it is vendor-like: a
//! fingerprint, mail that authenticates (aligned DKIM), or a relationship
//! over time (mail in at least two months). A one-off sender needs a
//! fingerprint, or both a SaaS subject and mail that authenticates. Mail that fails DMARC, or
//! both DKIM and SPF, is a forgery and counts for no one. Personal-mail
//! domains and the organization's own domain never are candidates; a
//! shared platform (`firebaseapp.com`, `onmicrosoft.com`) never is one by
//! its own name, only a tenant of it is, under the same rule.

pub mod dns;
pub mod entry;
pub mod fingerprints;
pub mod logins;
pub mod mail;
pub mod spend;

use std::collections::{BTreeMap, BTreeSet};

use chrono::{Datelike, Months, NaiveDate};
use serde::Serialize;

use crate::address::registrable;
use crate::directory;
use crate::inventory::Inventory;
use crate::mail::auth::Verdict;
use crate::online::domains;
use crate::terms::keyword_enum;
use fingerprints::{Fingerprint, Fingerprints};

keyword_enum! {
    /// Where a vendor was seen.
    Source {
        Mail = "mail",
        Dns = "dns",
        Spend = "spend",
        Logins = "logins",
    }
}

/// Domains of personal mail: a sender there is a person, not a vendor.
pub const PERSONAL: &[&str] = &[
    "gmail.com",
    "googlemail.com",
    "outlook.com",
    "hotmail.com",
    "live.com",
    "msn.com",
    "yahoo.com",
    "ymail.com",
    "icloud.com",
    "me.com",
    "mac.com",
    "aol.com",
    "gmx.de",
    "gmx.net",
    "gmx.com",
    "web.de",
    "t-online.de",
    "protonmail.com",
    "proton.me",
    "pm.me",
    "zoho.com",
    "mail.com",
    "yandex.com",
    "yandex.ru",
    "hey.com",
    "fastmail.com",
    "tutanota.com",
    "online.no",
    "hotmail.co.uk",
    "btinternet.com",
    "orange.fr",
    "free.fr",
    "laposte.net",
    "libero.it",
    "qq.com",
    "163.com",
];

/// Subject words of a SaaS relationship.
const SAAS_WORDS: &[&str] = &[
    "receipt",
    "invoice",
    "trial",
    "welcome",
    "verify",
    "verification",
    "confirm your",
    "password",
    "subscription",
    "your account",
    "payment",
    "billing",
    "renewal",
    "plan",
    "activate",
    "sign in",
    "log in",
    "onboarding",
    "getting started",
    "order",
];

/// Local parts of billing senders.
const BILLING: &[&str] = &[
    "billing",
    "invoice",
    "invoices",
    "receipts",
    "receipt",
    "payments",
    "accounts",
    "finance",
    "subscriptions",
];

/// What the mail from one domain looks like, summed up while streaming.
#[derive(Debug, Clone, Default)]
pub struct Sender {
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub count: u64,
    /// Up to three subjects, the first seen.
    pub subjects: Vec<String>,
    /// How many messages had a subject of a SaaS relationship.
    pub saas_subjects: u64,
    /// A billing sender that sent `List-Unsubscribe` mail.
    pub billing_list: bool,
    /// Messages whose DKIM signature passed, aligned with the sender.
    pub verified: u64,
    /// The months (year, month) it sent mail in.
    pub months: BTreeSet<(i32, u32)>,
    /// The shared platform it is a tenant of.
    pub platform: Option<String>,
    /// A `From` display name that names the domain itself (`QuizBox` for
    /// `quizbox.example`): the vendor's own spelling of its name.
    pub name: Option<String>,
}

/// The mail archive, grouped by sender domain.
#[derive(Debug, Clone, Default)]
pub struct Senders {
    pub by_domain: BTreeMap<String, Sender>,
    /// Messages that failed authentication (forgeries), not counted for
    /// any sender.
    pub forged: u64,
}

impl Senders {
    pub fn add(&mut self, header: mail::Header) {
        if header.verdict == Verdict::Fails {
            self.forged += 1;
            return;
        }
        // Only a display name that is the domain's own word counts: "The
        // QuizBox Team" or "Anna from Sales" is no vendor's name.
        let names_domain = |display: &String| {
            header
                .domain
                .split('.')
                .next()
                .is_some_and(|label| key(label) == key(display))
        };
        let display = header.display.filter(names_domain);
        let sender = self.by_domain.entry(header.domain).or_default();
        sender.count += 1;
        if sender.name.is_none() {
            sender.name = display;
        }
        if header.verdict == Verdict::Verified {
            sender.verified += 1;
        }
        if sender.platform.is_none() {
            sender.platform = header.platform;
        }
        if let Some(date) = header.date {
            sender.months.insert((date.year(), date.month()));
            sender.first = Some(sender.first.map_or(date, |d| d.min(date)));
            sender.last = Some(sender.last.map_or(date, |d| d.max(date)));
        }
        if let Some(subject) = header.subject {
            let lower = subject.to_lowercase();
            if SAAS_WORDS.iter().any(|w| lower.contains(w)) {
                sender.saas_subjects += 1;
            }
            if sender.subjects.len() < 3 && !sender.subjects.contains(&subject) {
                sender.subjects.push(subject);
            }
        }
        if header.unsubscribe && BILLING.contains(&header.local.as_str()) {
            sender.billing_list = true;
        }
    }
}

/// One sighting of a vendor in a source.
#[derive(Debug, Clone)]
pub struct Sighting {
    pub source: Source,
    /// The vendor's fingerprint, when it is a known one.
    pub fingerprint: Option<Fingerprint>,
    /// The domain seen (a sender, an include, a CNAME target), if any.
    pub domain: Option<String>,
    /// The name to show when there is no fingerprint.
    pub name: String,
    pub first: Option<NaiveDate>,
    pub last: Option<NaiveDate>,
    pub count: u64,
    pub evidence: String,
    pub subjects: Vec<String>,
    /// What the identity provider's logs add (`logins`).
    pub logins: Option<logins::Facts>,
}

/// A vendor the inventory lacks.
#[derive(Debug, Clone, Serialize)]
pub struct Candidate {
    pub id: String,
    pub name: String,
    pub domains: Vec<String>,
    pub sources: Vec<Source>,
    pub first_seen: Option<NaiveDate>,
    pub last_seen: Option<NaiveDate>,
    pub count: u64,
    pub probably_retired: bool,
    pub evidence: Vec<String>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub subjects: Vec<String>,
    /// How many people signed in or granted access (`logins`): a count.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub people: Option<u64>,
    /// The OAuth scopes or Graph permissions it holds (`logins`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub scopes: Vec<String>,
    /// The people's addresses: only under `--verbose`, never serialized.
    #[serde(skip)]
    pub addresses: Vec<String>,
    /// From the directory; never written from anywhere else.
    #[serde(skip)]
    pub privacy_email: Option<String>,
    #[serde(skip)]
    pub website: Option<String>,
    #[serde(skip)]
    pub data: Vec<String>,
    /// The directory entry the contact came from.
    #[serde(skip)]
    pub directory: Option<String>,
}

/// The sightings of the senders that look like vendors.
pub fn mail_sightings(
    senders: &Senders,
    table: &Fingerprints,
    own: &str,
    subjects: bool,
) -> Vec<Sighting> {
    let mut out = Vec::new();
    for (domain, sender) in &senders.by_domain {
        if domain == own || PERSONAL.contains(&domain.as_str()) {
            continue;
        }
        let fingerprint = table.by_mail_domain(domain).cloned();
        let known = fingerprint.is_some() || !directory::by_domain(domain).is_empty();
        let looks = sender.saas_subjects > 0 || sender.billing_list;
        if !known && !looks {
            continue;
        }
        let verified = sender.verified > 0;
        let over_time = sender.count >= 2 && sender.months.len() >= 2;
        let vendor_like =
            fingerprint.is_some() && sender.platform.is_none() || verified || over_time;
        // A sender the user's or the built-in fingerprints name is trusted
        // even once (a forgery of it failed authentication above).
        let one_off_ok = sender.count >= 2
            || fingerprint.is_some() && sender.platform.is_none()
            || (looks && verified);
        if !vendor_like || !one_off_ok {
            continue;
        }
        let mut why = if let Some(f) = &fingerprint {
            format!("a known service ({})", f.name)
        } else if known {
            "in the privacy-contact directory".to_string()
        } else if sender.saas_subjects > 0 {
            format!("{} subjects of a SaaS relationship", sender.saas_subjects)
        } else {
            "list mail from a billing address".to_string()
        };
        if verified {
            why.push_str("; its mail authenticates (aligned DKIM)");
        }
        if let Some(platform) = &sender.platform {
            why.push_str(&format!("; a tenant of {platform}, a shared platform"));
        }
        out.push(Sighting {
            source: Source::Mail,
            name: fingerprint.as_ref().map_or_else(
                || sender.name.clone().unwrap_or_else(|| domain.clone()),
                |f| f.name.clone(),
            ),
            fingerprint,
            domain: Some(domain.clone()),
            first: sender.first,
            last: sender.last,
            count: sender.count,
            evidence: format!(
                "mail: {} message{} from {domain}{}; {why}",
                sender.count,
                if sender.count == 1 { "" } else { "s" },
                match (sender.first, sender.last) {
                    (Some(a), Some(b)) => format!(", {a} to {b}"),
                    _ => String::new(),
                }
            ),
            subjects: if subjects {
                sender.subjects.clone()
            } else {
                Vec::new()
            },
            logins: None,
        });
    }
    out
}

/// Groups sightings into candidates, without the vendors `inventory`
/// already has; most recently seen first.
pub fn candidates(
    inventory: &Inventory,
    sightings: Vec<Sighting>,
    today: NaiveDate,
    quiet_for_months: u32,
) -> Vec<Candidate> {
    let known_domains: BTreeSet<String> = inventory
        .vendors
        .iter()
        .flat_map(domains::of)
        .map(|h| h.domain)
        .collect();
    let known_names: BTreeSet<String> = inventory.vendors.iter().map(|v| key(&v.name)).collect();
    let mut groups: BTreeMap<String, Vec<Sighting>> = BTreeMap::new();
    for sighting in sightings {
        let group = sighting
            .fingerprint
            .as_ref()
            .map(|f| key(&f.name))
            .or_else(|| sighting.domain.clone())
            .unwrap_or_else(|| key(&sighting.name));
        groups.entry(group).or_default().push(sighting);
    }
    let quiet_since = today.checked_sub_months(Months::new(quiet_for_months));
    let mut ids: BTreeSet<String> = inventory
        .vendors
        .iter()
        .map(|v| v.id.value.clone())
        .collect();
    let mut out = Vec::new();
    for (_, group) in groups {
        let fingerprint = group.iter().find_map(|s| s.fingerprint.clone());
        let mut domains: Vec<String> = group.iter().filter_map(|s| s.domain.clone()).collect();
        if let Some(f) = &fingerprint
            && let Some(site) = f
                .website
                .as_deref()
                .and_then(crate::inventory::website_host)
            && let Some(domain) = registrable(&site)
        {
            domains.insert(0, domain);
        }
        let mut seen = BTreeSet::new();
        domains.retain(|d| seen.insert(d.clone()));
        let name = fingerprint
            .as_ref()
            .map_or_else(|| group[0].name.clone(), |f| f.name.clone());
        if domains.iter().any(|d| known_domains.contains(d)) || known_names.contains(&key(&name)) {
            continue;
        }
        let entry = fingerprint
            .as_ref()
            .and_then(|f| f.directory.as_deref())
            .and_then(directory::by_slug)
            .or_else(|| {
                domains
                    .iter()
                    .find_map(|d| directory::by_domain(d).into_iter().next())
            });
        let first_seen = group.iter().filter_map(|s| s.first).min();
        let last_seen = group.iter().filter_map(|s| s.last).max();
        let mut sources: Vec<Source> = group.iter().map(|s| s.source).collect();
        sources.sort();
        sources.dedup();
        // Only mail and card statements are dated; a vendor still in our
        // DNS is in use. The logins say it themselves (`--stale-days`).
        let facts: Vec<&logins::Facts> = group.iter().filter_map(|s| s.logins.as_ref()).collect();
        let probably_retired = if sources == [Source::Logins] {
            facts.iter().all(|f| f.stale)
        } else {
            !sources.contains(&Source::Dns)
                && last_seen
                    .zip(quiet_since)
                    .is_some_and(|(last, since)| last < since)
        };
        let mut data = fingerprint
            .as_ref()
            .map(|f| f.data.clone())
            .unwrap_or_default();
        for category in facts.iter().flat_map(|f| f.data.iter()) {
            if !data.contains(category) {
                data.push(category.clone());
            }
        }
        let people = (!facts.is_empty()).then(|| facts.iter().map(|f| f.people).sum());
        let mut scopes: Vec<String> = facts.iter().flat_map(|f| f.scopes.clone()).collect();
        scopes.sort();
        scopes.dedup();
        let mut addresses: Vec<String> = facts.iter().flat_map(|f| f.addresses.clone()).collect();
        addresses.sort();
        addresses.dedup();
        let id = unique_id(&name, &mut ids);
        let website = fingerprint
            .as_ref()
            .and_then(|f| f.website.clone())
            .or_else(|| entry.and_then(|e| e.web.clone()))
            .or_else(|| domains.first().map(|d| format!("https://{d}")));
        out.push(Candidate {
            id,
            name: entry
                .filter(|_| fingerprint.is_none())
                .map_or(name, |e| e.name.clone()),
            domains,
            sources,
            first_seen,
            last_seen,
            count: group.iter().map(|s| s.count).sum(),
            probably_retired,
            evidence: group.iter().map(|s| s.evidence.clone()).collect(),
            subjects: group
                .iter()
                .flat_map(|s| s.subjects.clone())
                .take(3)
                .collect(),
            people,
            scopes,
            addresses,
            privacy_email: entry.and_then(|e| e.email.clone()),
            website,
            data,
            directory: entry.map(|e| e.slug.clone()),
        });
    }
    out.sort_by(|a, b| b.last_seen.cmp(&a.last_seen).then_with(|| a.id.cmp(&b.id)));
    out
}

/// A name for comparing: lower case, letters and digits only.
pub fn key(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// An id made from `name` that no vendor has yet.
fn unique_id(name: &str, taken: &mut BTreeSet<String>) -> String {
    let mut base: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    while base.contains("--") {
        base = base.replace("--", "-");
    }
    let base = base.trim_matches('-').to_string();
    let base = if base.is_empty() {
        "vendor".to_string()
    } else {
        base
    };
    let mut id = base.clone();
    let mut n = 2;
    while taken.contains(&id) {
        id = format!("{base}-{n}");
        n += 1;
    }
    taken.insert(id.clone());
    id
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_slugs_and_unique() {
        let mut taken = BTreeSet::from(["mailchimp".to_string()]);
        assert_eq!(unique_id("Mailchimp", &mut taken), "mailchimp-2");
        assert_eq!(unique_id("X (Twitter)", &mut taken), "x-twitter");
        assert_eq!(unique_id("monday.com", &mut taken), "monday-com");
        assert_eq!(unique_id("???", &mut taken), "vendor");
    }
}
