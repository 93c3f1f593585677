//! Whether a matched message may change a vendor's record: who sent it.
//! Pure: the header facts, the vendor and the inventory in; `Ok` or why
//! not out.
//!
//! A reply is matched by what anyone can write (a `[ref:ID]` in the
//! subject, a plus address, a `Message-ID` our letter carried to the
//! vendor and to whoever saw it there), so the match says which vendor a
//! message is *about*, never that the vendor sent it. That takes the
//! sender's domain: one of the vendor's, its own sub-domain of a ticket
//! system, or the domain a letter of the matched thread was sent to (or
//! whose reply it recorded); and a receiving server that did not find it
//! forged. A bounce is a claim about our own mail, so only our side makes
//! it: our domains or the sending relay's, returning a letter we recorded.

use crate::address;
use crate::inbox::Head;
use crate::inbox::bounce::Bounce;
use crate::inbox::rules::Lexicon;
use crate::inventory::{Inventory, Vendor};
use crate::mail::auth::Verdict;
use crate::online::domains;

/// Relays whose non-delivery reports come from another domain of the
/// same provider: Gmail's submission server is `smtp.gmail.com`, its
/// reports are `mailer-daemon@googlemail.com`.
const RELAY_REPORTERS: &[(&str, &str)] = &[("gmail.com", "googlemail.com")];

/// The host part of an address, lower case (`""` without one).
fn host_of(address: &str) -> &str {
    crate::address::domain(address).unwrap_or("")
}

/// The registrable domains that are the vendor's: its website's, its
/// `domains`, its privacy address's.
pub fn vendor_domains(vendor: &Vendor) -> Vec<String> {
    domains::of(vendor).into_iter().map(|h| h.domain).collect()
}

/// Whether `host` is the vendor's own sub-domain of a ticket system
/// (`oldcrm.zendesk.com` for the vendor `oldcrm`, or for a vendor whose
/// domain is `oldcrm.example`).
pub fn is_tenant(host: &str, vendor: &Vendor, table: &Lexicon) -> bool {
    let Some(tenant) = table
        .tenants
        .suffixes
        .iter()
        .find_map(|s| host.strip_suffix(&format!(".{s}")))
        .and_then(|rest| rest.rsplit('.').next())
    else {
        return false;
    };
    tenant.eq_ignore_ascii_case(&vendor.id.value)
        || vendor_domains(vendor)
            .iter()
            .any(|d| d.split('.').next() == Some(tenant))
}

/// Whether a message from `host` is the vendor's by its domain alone.
pub fn is_vendors(host: &str, vendor: &Vendor, table: &Lexicon) -> bool {
    address::registrable(host).is_some_and(|d| vendor_domains(vendor).contains(&d))
        || is_tenant(host, vendor, table)
}

/// The registrable domains the matched thread vouches for: of each of the
/// vendor's events whose `message_id` the message's `In-Reply-To` or
/// `References` names, the address its note says the letter was sent to
/// (`send` writes "sent by linger to ADDRESS, ...") or the reply came
/// from (`inbox` writes "reply from ADDRESS: ..."). Our own domains never
/// count: a letter of ours is no vendor's word.
pub fn thread_domains(head: &Head, vendor: &Vendor, ours: &[String]) -> Vec<String> {
    vendor
        .events
        .iter()
        .filter(|e| {
            e.message_id
                .as_deref()
                .is_some_and(|id| head.thread.iter().any(|t| t == id))
        })
        .filter_map(|e| {
            let note = e.note.as_deref()?;
            let address = note
                .strip_prefix("sent by linger to ")
                .map(|rest| rest.split([',', ' ']).next().unwrap_or(""))
                .or_else(|| {
                    note.strip_prefix("reply from ")
                        .and_then(|rest| rest.split_once(':'))
                        .map(|(address, _)| address)
                })?;
            address::registrable(host_of(address.trim()))
        })
        .filter(|d| !ours.contains(d))
        .collect()
}

/// The domains whose servers speak for our side: ours (`organization`'s
/// address, `domains`, canary domain) and the `[smtp]` relay's.
pub fn our_side(inventory: &Inventory) -> Vec<String> {
    let mut side = crate::online::our_domains(inventory);
    if let Some(relay) = inventory
        .smtp
        .as_ref()
        .and_then(|s| address::registrable(&s.host))
    {
        side.extend(
            RELAY_REPORTERS
                .iter()
                .filter(|(r, _)| *r == relay)
                .map(|(_, reporter)| reporter.to_string()),
        );
        side.push(relay);
    }
    side.sort();
    side.dedup();
    side
}

fn forged(head: &Head) -> Option<String> {
    (head.verdict == Verdict::Fails).then(|| {
        format!(
            "the receiving server's authentication failed for {}",
            shown(host_of(&head.from))
        )
    })
}

/// A domain as it may be printed: no control characters, at most 100.
fn shown(host: &str) -> String {
    let cut: String = host.chars().take(100).collect();
    let cut = if cut.is_empty() { "no domain" } else { &cut };
    crate::printable::line(cut).into_owned()
}

/// Whether a reply (not a bounce) may change `vendor`'s record: `Err`
/// says why not.
pub fn reply(
    head: &Head,
    vendor: &Vendor,
    inventory: &Inventory,
    table: &Lexicon,
) -> Result<(), String> {
    if let Some(why) = forged(head) {
        return Err(why);
    }
    let host = host_of(&head.from);
    if is_vendors(host, vendor, table) {
        return Ok(());
    }
    // A portal's authenticated notice in this vendor's name (route
    // `portal`): the portal speaks for its customer.
    if portal_customer(head, std::slice::from_ref(vendor), table).is_some() {
        return Ok(());
    }
    let ours = crate::online::our_domains(inventory);
    let domain = address::registrable(host);
    if domain
        .as_ref()
        .is_some_and(|d| thread_domains(head, vendor, &ours).contains(d))
    {
        return Ok(());
    }
    Err(format!(
        "it comes from {}, none of {}'s domains ({}), its ticket system's, or a domain its thread was sent to",
        shown(host),
        vendor.id.value,
        match vendor_domains(vendor).join(", ") {
            d if d.is_empty() => "none on record".to_string(),
            d => d,
        }
    ))
}

/// The vendor a request portal's notice is for: the sender's domain is a
/// portal's (`[tenants] portals`), the receiving server authenticated it,
/// and the sender's name begins with the first word of exactly one
/// vendor's name ("MailOrbit Privacy" for "MailOrbit Inc.", "Bookingly
/// Personvern" for "Bookingly Norge AS"). The portal's domain is shared by
/// all its customers, so nothing less than one name, and an authenticated
/// portal, ties a notice to a vendor; two vendors of one first word tie
/// it to neither.
pub fn portal_customer<'a>(
    head: &Head,
    vendors: &'a [Vendor],
    table: &Lexicon,
) -> Option<&'a Vendor> {
    // Cheap tests first: this runs for every message of a mailbox.
    let name = head.from_name.as_deref()?;
    if !matches!(head.verdict, Verdict::Passes | Verdict::Verified) {
        return None;
    }
    let host = host_of(&head.from).to_ascii_lowercase();
    let on_portal = |portal: &String| {
        let portal = portal.to_ascii_lowercase();
        host == portal
            || host
                .strip_suffix(portal.as_str())
                .is_some_and(|rest| rest.ends_with('.'))
    };
    if !table.tenants.portals.iter().any(on_portal) {
        return None;
    }
    let said = first_word(name)?;
    let mut named = vendors
        .iter()
        .filter(|v| first_word(&v.name).is_some_and(|w| w == said));
    match (named.next(), named.next()) {
        (Some(vendor), None) => Some(vendor),
        _ => None,
    }
}

/// A name's first word, lower case, when it is long enough to name one
/// company (three letters or more).
fn first_word(name: &str) -> Option<String> {
    name.split(|c: char| !c.is_alphanumeric())
        .find(|w| !w.is_empty())
        .filter(|w| w.chars().count() >= 3)
        .map(str::to_lowercase)
}

/// Whether a non-delivery report may record `vendor`'s address as gone:
/// only a report of a server on our side, returning the `Message-ID` of a
/// letter recorded on the vendor's events.
pub fn bounce(
    head: &Head,
    bounce: &Bounce,
    vendor: &Vendor,
    inventory: &Inventory,
) -> Result<(), String> {
    if let Some(why) = forged(head) {
        return Err(why);
    }
    let host = host_of(&head.from);
    let side = our_side(inventory);
    let domain = address::registrable(host);
    let Some(domain) = domain.filter(|d| side.contains(d)) else {
        return Err(format!(
            "a bounce counts only from our own mail servers or the [smtp] relay ({}); it comes from {}",
            if side.is_empty() {
                "none on record".to_string()
            } else {
                side.join(", ")
            },
            shown(host)
        ));
    };
    // A relay's domain is shared with its other customers (anyone has a
    // gmail.com address): from there, only its mail system's address.
    let relays = !crate::online::our_domains(inventory).contains(&domain);
    if relays && !crate::inbox::bounce::is_daemon(&head.from) {
        return Err(format!(
            "a bounce from the relay's domain counts only from its mail system (MAILER-DAEMON@, postmaster@); it comes from {}",
            crate::printable::line(&head.from.chars().take(100).collect::<String>())
        ));
    }
    let ours = vendor.events.iter().any(|e| {
        e.message_id
            .as_deref()
            .is_some_and(|id| bounce.returned.iter().any(|r| r == id))
    });
    if !ours {
        return Err(format!(
            "it returns no letter recorded for {} (no Message-ID of one of its events): record the bounce with `linger mark` if it is real",
            vendor.id.value
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind"
email = "privacy@northwind.example"
law = "gdpr"
domains = ["northwind-brand.example"]

[smtp]
host = "smtp.gmail.com"

[[vendor]]
id = "oldcrm"
name = "OldCRM"
website = "https://www.oldcrm.example"
privacy_email = "dpo@oldcrm-legal.example"
retired_on = 2026-09-01
data = ["contact.email"]

[[vendor.event]]
on = 2026-10-01
kind = "requested"
message_id = "<letter@northwind.example>"
note = "sent by linger to dpo@privacyfirm.example, copy to privacy@northwind.example"

[[vendor.event]]
on = 2026-10-05
kind = "acknowledged"
message_id = "<ack@northwind.example>"
note = "reply from privacy@northwind.example: \"thanks\""
"#;

    fn inventory() -> Inventory {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        crate::inventory::parse(INVENTORY, today).unwrap()
    }

    fn head(thread: &[&str]) -> Head {
        let raw = format!(
            "From: x@y.example\r\nSubject: s\r\nIn-Reply-To: {}\r\n\r\n",
            thread.join(" ")
        );
        Head::parse(raw.as_bytes(), &Lexicon::builtin()).unwrap()
    }

    #[test]
    fn the_vendors_domains_and_its_own_ticket_tenant_are_its() {
        let inventory = inventory();
        let vendor = &inventory.vendors[0];
        let table = Lexicon::builtin();
        assert!(is_vendors("mail.oldcrm.example", vendor, &table));
        assert!(is_vendors("oldcrm-legal.example", vendor, &table));
        assert!(is_vendors("oldcrm.zendesk.com", vendor, &table));
        assert!(!is_vendors("someone.zendesk.com", vendor, &table));
        assert!(!is_vendors("oldcrm.example.evil.example", vendor, &table));
        assert!(!is_vendors("zendesk.com", vendor, &table));
    }

    #[test]
    fn a_portal_notice_is_a_vendors_only_by_one_name_and_an_authenticated_portal() {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        let vendors = |names: &[&str]| {
            let mut text =
                String::from("schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n");
            for (i, name) in names.iter().enumerate() {
                text.push_str(&format!(
                    "\n[[vendor]]\nid = \"v{i}\"\nname = \"{name}\"\nretired_on = 2026-09-01\n"
                ));
            }
            crate::inventory::parse(&text, today).unwrap().vendors
        };
        let table = Lexicon::builtin();
        let notice = |from: &str, result: &str| {
            let raw = format!(
                "Authentication-Results: mx.n.example; dkim={result} header.d=onetrust.com; \
                 dmarc={result} header.from=onetrust.com\r\nFrom: {from}\r\nSubject: s\r\n\r\n"
            );
            Head::parse(raw.as_bytes(), &table).unwrap()
        };
        let one = vendors(&["MailOrbit Inc.", "Bookingly Norge AS"]);
        let pass = notice("MailOrbit Privacy <no-reply@onetrust.com>", "pass");
        assert_eq!(
            portal_customer(&pass, &one, &table).map(|v| v.id.value.as_str()),
            Some("v0")
        );
        // Not authenticated: anyone can write that name.
        let fail = notice("MailOrbit Privacy <no-reply@onetrust.com>", "fail");
        assert!(portal_customer(&fail, &one, &table).is_none());
        // Two vendors of one first word: neither.
        let two = vendors(&["MailOrbit Inc.", "MailOrbit Analytics Ltd"]);
        assert!(portal_customer(&pass, &two, &table).is_none());
        // Not a portal's domain.
        let elsewhere = Head::parse(
            b"Authentication-Results: mx; dkim=pass header.d=else.example\r\nFrom: MailOrbit <a@else.example>\r\n\r\n",
            &table,
        )
        .unwrap();
        assert!(portal_customer(&elsewhere, &one, &table).is_none());
    }

    #[test]
    fn a_thread_vouches_for_where_its_letter_went_never_for_our_domain() {
        let inventory = inventory();
        let vendor = &inventory.vendors[0];
        let ours = crate::online::our_domains(&inventory);
        assert_eq!(
            thread_domains(&head(&["<letter@northwind.example>"]), vendor, &ours),
            ["privacyfirm.example"]
        );
        // A reply event noted as ours is no vendor's word.
        assert!(thread_domains(&head(&["<ack@northwind.example>"]), vendor, &ours).is_empty());
        assert!(thread_domains(&head(&["<other@northwind.example>"]), vendor, &ours).is_empty());
    }

    #[test]
    fn our_side_is_our_domains_and_the_relays_with_its_reporter() {
        assert_eq!(
            our_side(&inventory()),
            [
                "gmail.com",
                "googlemail.com",
                "northwind-brand.example",
                "northwind.example"
            ]
        );
    }
}
