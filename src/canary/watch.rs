//! `canary watch`: which vendor's canary a message was sent to, who sent
//! it, and what that means. Pure: the message's bytes, the inventory and
//! `today` in, an observation out; reading the mailbox, keeping the
//! evidence and recording are the command's.
//!
//! A message belongs to a canary by its envelope as well as its headers
//! (`Message::envelope_recipients`): bulk phishing names its recipient
//! only in `Delivered-To`, `X-Original-To`, `Envelope-To` or `Received: …
//! for <…>`. The canaries are looked up in one map built once, so ten
//! thousand cost what ten do. The sender is the vendor only when the
//! receiving server authenticated the `From:` domain (an aligned DKIM or
//! SPF pass, `Message::authenticated_domain`) and that domain is one of
//! the vendor's or its tenant's (`inbox::trust::is_vendors`); without an
//! authenticated domain the sender is nobody's, never the vendor's.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use serde::Serialize;

use crate::inbox::rules::Lexicon;
use crate::inbox::trust;
use crate::inventory::{CanarySender, Inventory, Vendor};
use crate::mail::Message;

/// What a message to a vendor's canary means.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Meaning {
    /// The vendor mails its own test account, before the deletion is
    /// confirmed.
    Expected,
    /// The vendor mails it after a `confirmed` or `not-needed` event.
    Contradicted,
    /// Someone else has the address.
    Leaked,
}

impl Meaning {
    pub fn name(self) -> &'static str {
        match self {
            Meaning::Expected => "expected",
            Meaning::Contradicted => "deletion-contradicted",
            Meaning::Leaked => "canary-leaked",
        }
    }
}

/// Every vendor's canaries in one map: the address (local part as
/// written, domain in lower case) to the vendor's index, and the domains
/// canaries live on, to tell an unknown canary from any other recipient.
pub struct Index {
    by_address: HashMap<String, usize>,
    /// The catch-all domains of canaries (`canary_domain` and the domains
    /// of canaries not made by plus addressing), lower case.
    domains: HashSet<String>,
    /// The organization's address split, for plus-addressed canaries:
    /// (local part before any tag, domain in lower case).
    plus: Option<(String, String)>,
}

/// `address` as the index keys it.
fn key(address: &str) -> Option<String> {
    let address = address.trim();
    let (local, domain) = crate::address::split(address)?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    let domain = domain.trim_end_matches('.');
    Some(format!("{local}@{}", domain.to_ascii_lowercase()))
}

impl Index {
    pub fn of(inventory: &Inventory) -> Index {
        let org = &inventory.organization;
        let plus = crate::address::split(&org.email).map(|(local, domain)| {
            let local = local.split_once('+').map_or(local, |(base, _)| base);
            (local.to_string(), domain.to_ascii_lowercase())
        });
        let mut domains: HashSet<String> = HashSet::new();
        if let Some(domain) = &org.canary_domain {
            domains.insert(domain.to_ascii_lowercase());
        }
        let mut by_address = HashMap::new();
        for (index, vendor) in inventory.vendors.iter().enumerate() {
            for canary in &vendor.canaries {
                let Some(key) = key(canary) else { continue };
                if let Some((_, domain)) = crate::address::split(&key)
                    && plus.as_ref().is_none_or(|(_, ours)| ours != domain)
                {
                    domains.insert(domain.to_string());
                }
                by_address.entry(key).or_insert(index);
            }
        }
        Index {
            by_address,
            domains,
            plus,
        }
    }

    pub fn len(&self) -> usize {
        self.by_address.len()
    }

    pub fn is_empty(&self) -> bool {
        self.by_address.is_empty()
    }

    /// The canaries `recipients` name, each once: (vendor index, canary)
    /// for the known ones, and the addresses that look like a canary (on a
    /// canary domain, or `LOCAL+TAG.TOKEN@` on ours) but are nobody's.
    /// Linear in the number of recipients.
    pub fn find(&self, recipients: &[String]) -> (Vec<(usize, String)>, Vec<String>) {
        let mut seen: HashSet<String> = HashSet::new();
        let (mut known, mut unknown) = (Vec::new(), Vec::new());
        for recipient in recipients {
            let Some(key) = key(recipient) else { continue };
            if seen.contains(&key) {
                continue;
            }
            match self.by_address.get(&key) {
                Some(&vendor) => known.push((vendor, key.clone())),
                None if self.looks_like_canary(&key) => unknown.push(key.clone()),
                None => {}
            }
            seen.insert(key);
        }
        (known, unknown)
    }

    fn looks_like_canary(&self, key: &str) -> bool {
        let Some((local, domain)) = crate::address::split(key) else {
            return false;
        };
        if self.domains.contains(domain) {
            return true;
        }
        // `privacy+oldcrm.k7q3x9ab@northwind.example`: our address with a
        // tag of the canary's shape (`ID.TOKEN`).
        self.plus.as_ref().is_some_and(|(ours, our_domain)| {
            our_domain == domain
                && local
                    .strip_prefix(ours.as_str())
                    .and_then(|rest| rest.strip_prefix('+'))
                    .and_then(|tag| tag.rsplit_once('.'))
                    .is_some_and(|(id, token)| {
                        crate::inventory::is_valid_id(id)
                            && token.len() == super::TOKEN_LEN
                            && token
                                .bytes()
                                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
                    })
        })
    }
}

/// The sender of a message, as far as the receiving server vouches.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Sender {
    /// The `From:` address as written (`None` without one); never
    /// printed: it may be a person's address, and the domain says enough.
    #[serde(skip)]
    pub from: Option<String>,
    /// The domain recorded: the authenticated one, else the `From:`
    /// domain as written, lower case (`""` without any).
    pub domain: String,
    /// Whether the receiving server authenticated `domain` (an aligned
    /// DKIM or SPF pass, or DMARC).
    pub authenticated: bool,
    /// Whether the message had an `Authentication-Results` header at all.
    pub has_results: bool,
}

impl Sender {
    pub fn of(message: &Message) -> Sender {
        let from = message.sender().map(|(_, address)| address.to_string());
        let written = from
            .as_deref()
            .and_then(crate::address::domain)
            .map(|d| d.trim_end_matches('.').to_ascii_lowercase())
            .unwrap_or_default();
        let authenticated = (!written.is_empty())
            .then(|| message.authenticated_domain(&written))
            .flatten();
        Sender {
            from,
            domain: authenticated.clone().unwrap_or(written),
            authenticated: authenticated.is_some(),
            has_results: message.has_header("Authentication-Results"),
        }
    }

    /// Whether it is the vendor's: authenticated, and one of the vendor's
    /// domains or its tenant's.
    pub fn is_vendor(&self, vendor: &Vendor, table: &Lexicon) -> bool {
        self.authenticated && trust::is_vendors(&self.domain, vendor, table)
    }

    /// How a table shows who sent it.
    pub fn describe(&self) -> String {
        if !self.has_results {
            return format!(
                "{} (unverified sender: no Authentication-Results)",
                self.shown()
            );
        }
        if self.authenticated {
            self.domain.clone()
        } else {
            format!("{} (not authenticated)", self.shown())
        }
    }

    fn shown(&self) -> &str {
        if self.domain.is_empty() {
            "no From:"
        } else {
            &self.domain
        }
    }
}

/// One message to one vendor's canary.
#[derive(Debug, Clone, Serialize)]
pub struct Observation {
    pub vendor: String,
    pub canary: String,
    /// The day it was received (its topmost `Received:` date, else its
    /// `Date:`, else today).
    pub on: NaiveDate,
    pub sender: Sender,
    pub meaning: Meaning,
    pub message_id: Option<String>,
    pub subject: Option<String>,
    /// The `confirmed` or `not-needed` event it contradicts.
    pub confirmed_on: Option<NaiveDate>,
    /// Whether the inventory already records it (by its Message-ID).
    pub recorded: bool,
    /// Whether this run recorded it (`--apply`).
    pub applied: bool,
    /// For a leak: what `phish` makes of the sender.
    pub analysis: Option<Analysis>,
    /// For a leak: the commands that act on it.
    pub next: Vec<String>,
}

/// What `phish` makes of a leak's sender: the service that sent it, the
/// host it came from, its phishing domains.
#[derive(Debug, Clone, Default, Serialize)]
pub struct Analysis {
    pub service: Option<String>,
    pub host: Option<String>,
    pub ip: Option<std::net::IpAddr>,
    /// Registrable domains of its `From`, `Reply-To` and links that are
    /// not ours, each with where it appeared.
    pub domains: Vec<String>,
    /// With `--online`: the abuse contacts `phish --online` finds, of the
    /// sending network and of each domain's registrar
    /// (`abuse_contacts`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub abuse: Vec<String>,
    /// The domains as they are, for the online questions.
    #[serde(skip)]
    pub names: Vec<String>,
    /// The message as `phish` read it, for `--online`.
    #[serde(skip)]
    pub original: Option<crate::phish::Original>,
}

impl Analysis {
    /// One line for a table.
    pub fn line(&self) -> String {
        let mut parts = Vec::new();
        if let Some(service) = &self.service {
            parts.push(format!("via {service}"));
        }
        match (&self.host, &self.ip) {
            (Some(host), Some(ip)) => parts.push(format!("from {host} [{ip}]")),
            (Some(host), None) => parts.push(format!("from {host}")),
            (None, Some(ip)) => parts.push(format!("from [{ip}]")),
            _ => {}
        }
        if !self.domains.is_empty() {
            parts.push(format!("domains {}", self.domains.join(", ")));
        }
        if !self.abuse.is_empty() {
            parts.push(format!("abuse {}", self.abuse.join(", ")));
        }
        parts.join("; ")
    }
}

/// The `phish` analysis of a leak's message (`phish::originals` on the
/// message itself, its first original when it is a forward).
pub fn analyse(raw: &[u8], known: &crate::phish::Known) -> Option<Analysis> {
    let original = crate::phish::originals(raw, known)?.into_iter().next()?;
    let mut domains: Vec<String> = Vec::new();
    let mut names: Vec<String> = Vec::new();
    for (domain, role, _) in &original.domains {
        let shown = format!("{} ({})", crate::mail::defang::defang(domain), role.name());
        if !domains.contains(&shown) {
            domains.push(shown);
        }
        if !names.contains(domain) {
            names.push(domain.clone());
        }
    }
    Some(Analysis {
        service: original.service.clone(),
        host: original.hop.as_ref().and_then(|h| h.host.clone()),
        ip: original.hop.as_ref().and_then(|h| h.ip),
        domains,
        abuse: Vec::new(),
        names,
        original: Some(original),
    })
}

/// Puts on each leak the abuse contacts `phish --online` found
/// (`findings`, made from the leaks' originals): its sending network's
/// and each of its domains' registrar's, or why there is none.
pub fn abuse_contacts<'a>(
    observations: impl Iterator<Item = &'a mut Observation>,
    findings: &crate::phish::findings::Findings,
) {
    for analysis in observations.filter_map(|o| o.analysis.as_mut()) {
        let ip = analysis.ip.map(|ip| ip.to_string());
        for row in findings
            .senders
            .iter()
            .filter(|r| r.ip.is_some() && r.ip == ip)
        {
            let what = format!("network of [{}]", row.ip.as_deref().unwrap_or_default());
            analysis
                .abuse
                .push(contact(&what, row.abuse.as_deref(), row.error.as_deref()));
        }
        for row in findings
            .domains
            .iter()
            .filter(|r| analysis.names.contains(&r.domain))
        {
            let what = format!("registrar of {}", row.defanged);
            analysis.abuse.push(contact(
                &what,
                row.registrar_abuse.as_deref(),
                row.error.as_deref(),
            ));
        }
    }
}

fn contact(what: &str, abuse: Option<&str>, error: Option<&str>) -> String {
    match (abuse, error) {
        (Some(abuse), _) => format!("{what}: {abuse}"),
        (None, Some(error)) => format!("{what}: {error}"),
        (None, None) => format!("{what}: no abuse contact"),
    }
}

impl Observation {
    pub fn sender_kind(&self) -> CanarySender {
        match self.meaning {
            Meaning::Leaked => CanarySender::Other,
            _ => CanarySender::Vendor,
        }
    }
}

/// What one message says: when it was received (for the coverage of a
/// `--mail` read, `canary::verify`), an observation for each vendor whose
/// canary it names, and the canaries it names that are nobody's.
pub struct Read {
    pub at: Option<chrono::DateTime<chrono::Utc>>,
    pub observations: Vec<Observation>,
    pub unknown: Vec<String>,
}

/// Reads one message against `index`. `None` when it is no message.
pub fn read(
    raw: &[u8],
    index: &Index,
    inventory: &Inventory,
    table: &Lexicon,
    today: NaiveDate,
) -> Option<Read> {
    // The header block is all this needs: bodies are never decoded (the
    // leak's analysis parses its own message, which is rare).
    let message = Message::headers(raw)?;
    let at = message.received_at();
    let (known, unknown) = index.find(&message.envelope_recipients());
    if known.is_empty() && unknown.is_empty() {
        return Some(Read {
            at,
            observations: Vec::new(),
            unknown,
        });
    }
    let sender = Sender::of(&message);
    let on = at
        .map(|d| d.date_naive())
        .or_else(|| message.date())
        .unwrap_or(today);
    let message_id = message.message_id().map(|id| format!("<{id}>"));
    let subject = message.subject_line();
    let mut observations = Vec::with_capacity(known.len());
    let mut vendors_seen = HashSet::new();
    for (vendor_index, canary) in known {
        // Two canaries of one vendor in one message are one observation.
        if !vendors_seen.insert(vendor_index) {
            continue;
        }
        let vendor = &inventory.vendors[vendor_index];
        let (meaning, confirmed_on) = if sender.is_vendor(vendor, table) {
            match vendor.confirmed_before(on) {
                Some(day) => (Meaning::Contradicted, Some(day)),
                None => (Meaning::Expected, None),
            }
        } else {
            (Meaning::Leaked, None)
        };
        // The vendor's expected mail is kept once, its newest: an older
        // message is as good as recorded.
        let recorded = message_id
            .as_deref()
            .is_some_and(|id| is_recorded(vendor, id))
            || (meaning == Meaning::Expected && super::record::expected_is_recorded(vendor, on));
        observations.push(Observation {
            vendor: vendor.id.value.clone(),
            canary,
            on,
            sender: sender.clone(),
            meaning,
            message_id: message_id.clone(),
            subject: subject.clone(),
            confirmed_on,
            recorded,
            applied: false,
            analysis: None,
            next: if meaning == Meaning::Leaked {
                next_steps(&vendor.id.value)
            } else {
                Vec::new()
            },
        });
    }
    Some(Read {
        at,
        observations,
        unknown,
    })
}

/// Whether the vendor's `canary_mail` already holds the message `id`.
pub fn is_recorded(vendor: &Vendor, id: &str) -> bool {
    vendor
        .canary_mail
        .iter()
        .any(|m| m.message_id.as_deref() == Some(id))
}

/// The commands that act on a leak of `vendor`'s canary.
pub fn next_steps(vendor: &str) -> Vec<String> {
    vec![
        format!("linger letter {vendor} --kind breach-inquiry"),
        format!(
            "linger phish --online --vendor {vendor} MESSAGE.eml   # the abuse and registrar reports"
        ),
        "linger trace FILE...   # when customers' mail arrives too".to_string(),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory(events: &str) -> Inventory {
        let text = format!(
            "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\ncanary_domain = \"canary.northwind.example\"\n\n[[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\ncanaries = [\"oldcrm.k7q3x9ab@canary.northwind.example\", \"privacy+oldcrm.aaaabbbb@northwind.example\"]\n{events}"
        );
        crate::inventory::parse(&text, NaiveDate::from_ymd_opt(2026, 12, 7).unwrap()).unwrap()
    }

    fn day(d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, d).unwrap()
    }

    #[test]
    fn canaries_are_found_once_case_insensitive_on_the_domain() {
        let inv = inventory("");
        let index = Index::of(&inv);
        let recipients: Vec<String> = [
            "someone@else.example",
            "oldcrm.k7q3x9ab@Canary.Northwind.EXAMPLE",
            "<oldcrm.k7q3x9ab@canary.northwind.example>",
            "typo.zzzzzzzz@canary.northwind.example",
            "typo.zzzzzzzz@canary.northwind.example",
            "privacy+old.abcdefgh@northwind.example",
            "privacy+hello@northwind.example",
        ]
        .iter()
        .map(|s| s.to_string())
        .collect();
        let (known, unknown) = index.find(&recipients);
        assert_eq!(known.len(), 1, "{known:?}");
        assert_eq!(known[0].0, 0);
        assert_eq!(
            unknown,
            [
                "typo.zzzzzzzz@canary.northwind.example",
                "privacy+old.abcdefgh@northwind.example"
            ]
        );
        // The local part is as linger writes it: another case is another
        // address.
        let (known, _) = index.find(&["OLDCRM.k7q3x9ab@canary.northwind.example".to_string()]);
        assert!(known.is_empty());
    }

    #[test]
    fn a_message_after_the_confirmation_contradicts_it_until_a_later_one() {
        let inv = inventory(
            "[[vendor.event]]\non = 2026-11-01\nkind = \"requested\"\n[[vendor.event]]\non = 2026-11-10\nkind = \"confirmed\"\n",
        );
        let vendor = &inv.vendors[0];
        assert_eq!(vendor.confirmed_before(day(5)), None);
        assert_eq!(vendor.confirmed_before(day(10)), None);
        assert_eq!(vendor.confirmed_before(day(11)), Some(day(10)));
        let again = inventory(
            "[[vendor.event]]\non = 2026-11-01\nkind = \"requested\"\n[[vendor.event]]\non = 2026-11-10\nkind = \"confirmed\"\n[[vendor.event]]\non = 2026-11-20\nkind = \"requested\"\n[[vendor.event]]\non = 2026-11-25\nkind = \"confirmed\"\n",
        );
        assert_eq!(again.vendors[0].confirmed_before(day(15)), None);
        assert_eq!(again.vendors[0].confirmed_before(day(22)), None);
        assert_eq!(again.vendors[0].confirmed_before(day(26)), Some(day(25)));
    }

    #[test]
    fn a_hundred_thousand_recipients_are_read_in_one_pass() {
        let inv = inventory("");
        let index = Index::of(&inv);
        let mut recipients: Vec<String> = (0..100_000)
            .map(|i| format!("user{i}@customers.example"))
            .collect();
        recipients.extend(std::iter::repeat_n(
            "oldcrm.k7q3x9ab@canary.northwind.example".to_string(),
            10_000,
        ));
        let (known, unknown) = index.find(&recipients);
        assert_eq!(known.len(), 1);
        assert!(unknown.is_empty());
    }
}
