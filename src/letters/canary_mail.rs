//! A message a vendor's canary received, read for the letters that cite
//! it: the `contradiction` (the vendor still mails the test account after
//! it confirmed the deletion) and the breach inquiry (someone else mails
//! it). Pure: the message's bytes, the vendor and its history in.
//!
//! A letter that accuses a vendor must rest on what the message proves,
//! so each kind checks its claim before a word is written: the message
//! was delivered to one of this vendor's canaries (by its envelope, not
//! only `To:`), when it arrived, and who sent it, by the receiving
//! server's verdict on the `From:` domain, never the bare `From:`.

use chrono::{DateTime, NaiveDate, Utc};

use super::phish;
use crate::inventory::{Event, EventKind, Vendor};
use crate::mail::Message;
use crate::mail::auth::Verdict;

/// One message to a canary, as a letter cites and attaches it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanaryMail {
    /// The attachment's file name.
    pub file_name: String,
    /// The message exactly as given (the original, when it came forwarded).
    pub raw: Vec<u8>,
    /// When our server received it (`Message::received_at`).
    pub received: DateTime<Utc>,
    /// The `From:` address, as written.
    pub sender: String,
    /// The subject on one line, when it has one.
    pub subject: Option<String>,
    /// The vendor's canary it was delivered to.
    pub canary: String,
    /// Whether the `From:` domain is one of the vendor's.
    pub vendors_domain: bool,
    /// The receiving server's verdict on that `From:` domain.
    pub verdict: Verdict,
}

impl CanaryMail {
    /// Whether the vendor sent it: the `From:` domain is one of the
    /// vendor's, and the topmost `Authentication-Results` passed it. A
    /// message it fails, or that has none, is an unverified sender, never
    /// the vendor.
    pub fn from_vendor(&self) -> bool {
        self.vendors_domain && self.verdict >= Verdict::Passes
    }

    /// Why it is not the vendor's, for an error.
    fn not_the_vendor(&self, vendor: &Vendor) -> String {
        let (file, sender) = (&self.file_name, &self.sender);
        if !self.vendors_domain {
            let domains = vendor_domains(vendor).join(", ");
            format!(
                "`{file}` is from {sender}, which is not one of `{}`'s domains ({domains})",
                vendor.id.value
            )
        } else if self.verdict == Verdict::Fails {
            format!(
                "the receiving server found the `From:` of `{file}` ({sender}) forged: its `Authentication-Results` failed it"
            )
        } else {
            format!(
                "nothing vouches for the `From:` of `{file}` ({sender}): it has no `Authentication-Results` that passed it, and an unverified sender is never the vendor"
            )
        }
    }
}

/// Why a message cannot carry the letter's claim.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct Unusable {
    pub message: String,
    pub help: String,
}

/// The headers that name where a message was delivered: phishing sent in
/// bulk names the canary only in the envelope.
const ENVELOPE: &[&str] = &[
    "to",
    "cc",
    "delivered-to",
    "x-original-to",
    "envelope-to",
    "received",
];

/// Reads the messages to `vendor`'s canaries in a saved file: the original
/// a forward carries, else the message itself.
pub fn read(file_name: &str, raw: Vec<u8>, vendor: &Vendor) -> Result<Vec<CanaryMail>, Unusable> {
    let originals = phish::read_originals(file_name, raw).map_err(|err| Unusable {
        message: err.to_string(),
        help: "save the message from the canary mailbox as a file (\"Save as\" or \"Download message\", .eml)".into(),
    })?;
    originals
        .into_iter()
        .map(|original| describe(original.file_name, original.raw, vendor))
        .collect()
}

fn describe(file_name: String, raw: Vec<u8>, vendor: &Vendor) -> Result<CanaryMail, Unusable> {
    let unusable = |message: String, help: &str| Unusable {
        message,
        help: help.to_string(),
    };
    let message = Message::parse(&raw).ok_or_else(|| {
        unusable(
            format!("`{file_name}` is not an e-mail message"),
            "save the message from the canary mailbox as a file (.eml)",
        )
    })?;
    let canary = canary_of(&message, vendor).ok_or_else(|| {
        unusable(
            format!(
                "`{file_name}` was not delivered to a canary of `{}` ({})",
                vendor.id.value,
                if vendor.canaries.is_empty() {
                    "it has none".to_string()
                } else {
                    vendor.canaries.join(", ")
                }
            ),
            "give the message as the canary mailbox received it, with its `Delivered-To` or `Received: ... for` headers; `linger trace` finds whose canary an address is",
        )
    })?;
    let received = message.received_at().ok_or_else(|| {
        unusable(
            format!("`{file_name}` has neither a dated `Received:` nor a `Date:` header"),
            "a letter must say when the canary received it: save the message with its headers",
        )
    })?;
    let sender = message
        .sender()
        .map(|(_, address)| address.to_string())
        .ok_or_else(|| {
            unusable(
                format!("`{file_name}` has no `From:` address"),
                "save the message with its headers",
            )
        })?;
    let domain = crate::address::domain(&sender).unwrap_or("");
    let vendors_domain =
        crate::address::registrable(domain).is_some_and(|d| vendor_domains(vendor).contains(&d));
    let verdict = message.verdict(domain);
    Ok(CanaryMail {
        subject: message.subject_line(),
        canary,
        vendors_domain,
        verdict,
        received,
        sender,
        file_name,
        raw,
    })
}

/// The registrable domains that are the vendor's: its website's, its
/// `domains`, its privacy address's.
fn vendor_domains(vendor: &Vendor) -> Vec<String> {
    crate::online::domains::of(vendor)
        .into_iter()
        .map(|h| h.domain)
        .collect()
}

/// The first of the vendor's canaries that a delivery header names.
fn canary_of(message: &Message<'_>, vendor: &Vendor) -> Option<String> {
    let canaries: Vec<(String, &String)> = vendor
        .canaries
        .iter()
        .map(|c| (c.to_ascii_lowercase(), c))
        .collect();
    message
        .unfolded_headers()
        .filter(|(name, _)| ENVELOPE.iter().any(|e| name.eq_ignore_ascii_case(e)))
        .find_map(|(_, value)| {
            let value = value.to_ascii_lowercase();
            canaries
                .iter()
                .find(|(lower, _)| contains_address(&value, lower))
                .map(|(_, canary)| (*canary).clone())
        })
}

/// Whether `text` names `address` as a whole address, not as the tail of a
/// longer one (`xk7f3q9x2@…` is not `k7f3q9x2@…`).
fn contains_address(text: &str, address: &str) -> bool {
    let boundary = |c: Option<char>| {
        c.is_none_or(|c| !(c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '_' | '+')))
    };
    text.match_indices(address).any(|(at, _)| {
        boundary(text[..at].chars().next_back())
            && boundary(text[at + address.len()..].chars().next())
    })
}

/// The vendor's confirmation that `mail` contradicts: its last `confirmed`
/// event dated before the day the mail arrived. On the day of the
/// confirmation itself the mail may have come first, so that day proves
/// nothing.
pub fn contradicted<'v>(vendor: &'v Vendor, mail: &CanaryMail) -> Result<&'v Event, Unusable> {
    let id = &vendor.id.value;
    let day = mail.received.date_naive();
    if !mail.from_vendor() {
        return Err(Unusable {
            message: mail.not_the_vendor(vendor),
            help: format!(
                "mail to the canary from anyone but the vendor is a leak, not a contradiction: `linger letter {id} --kind breach-inquiry --message {}`",
                mail.file_name
            ),
        });
    }
    let confirmed = |before: NaiveDate| {
        vendor
            .events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Confirmed && e.on.value < before)
    };
    confirmed(day).ok_or_else(|| Unusable {
        message: match vendor
            .events
            .iter()
            .rev()
            .find(|e| e.kind == EventKind::Confirmed)
        {
            Some(last) => format!(
                "`{}` arrived on {day}, not after `{id}` confirmed the deletion on {}",
                mail.file_name, last.on.value
            ),
            None => format!("`{id}` has no `confirmed` event for the mail to contradict"),
        },
        help: format!(
            "a contradiction cites the vendor's confirmation and a mail from it after that day; record the confirmation with `linger mark {id} confirmed --on DATE --evidence FILE`"
        ),
    })
}

/// Checks that `mail` can carry a breach inquiry's claim: a third party
/// mailed the canary. A mail the vendor itself sent proves no leak.
pub fn leaked(vendor: &Vendor, mail: &CanaryMail) -> Result<(), Unusable> {
    if mail.from_vendor() {
        let id = &vendor.id.value;
        return Err(Unusable {
            message: format!(
                "`{}` comes from `{id}` itself ({}, authenticated), so it shows no leak",
                mail.file_name, mail.sender
            ),
            help: format!(
                "if `{id}` confirmed the deletion before it sent this, write `linger letter {id} --kind contradiction --message {}`",
                mail.file_name
            ),
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_is_found_whole_and_never_as_a_tail() {
        let canary = "k7f3q9x2@canary.example";
        assert!(contains_address("<k7f3q9x2@canary.example>", canary));
        assert!(contains_address(
            "from mx by mx.example for k7f3q9x2@canary.example; tue",
            canary
        ));
        assert!(!contains_address("xk7f3q9x2@canary.example", canary));
        assert!(!contains_address("k7f3q9x2@canary.example.evil", canary));
    }
}
