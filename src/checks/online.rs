//! The checks that need the network, run by `check --online` over the
//! `Facts` that `online::lookup` gathered: a breach at a vendor
//! (`vendor-breached`), a vendor that vanished or moved
//! (`vendor-vanished`), a vendor domain registered anew
//! (`vendor-domain-reregistered`), a lookalike of our own domain that
//! exists (`lookalike-registered`), and what could not be checked
//! (`online-check-failed`). Pure, like every check.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use super::{Code, Raw};
use crate::inventory::{Inventory, Span, Vendor};
use crate::online::doh::Answer;
use crate::online::domains::{self, Origin};
use crate::online::hibp::{self, Breach};
use crate::online::lookup::Existing;
use crate::online::rdap::Registration;
use crate::online::{Facts, Landing, first_use, is_done, own_domain};
use crate::printable::thousands;

/// A finding, whether it is only informational whatever the code's
/// severity, and the vendor it is about.
pub(crate) struct Online {
    pub vendor: Option<usize>,
    pub raw: Raw,
    /// Informational: at most `info`, however the code is set.
    pub minor: bool,
    /// Urgent: an error unless the code is allowed.
    pub major: bool,
}

pub(crate) fn check(inventory: &Inventory, facts: &Facts, today: NaiveDate) -> Vec<Online> {
    let mut out = Vec::new();
    // What failed, by the question and the reason, with the first vendor
    // affected and the names it concerned.
    let mut failed: BTreeMap<(&'static str, String), (Span, Vec<String>)> = BTreeMap::new();
    if let Some(Err(err)) = &facts.breaches {
        failed.insert(
            ("for breaches", err.clone()),
            (0..0, vec!["the vendors".to_string()]),
        );
    }
    let mut fail = |what: &'static str, err: &str, span: &Span, name: &str| {
        let entry = failed
            .entry((what, err.to_string()))
            .or_insert_with(|| (span.clone(), Vec::new()));
        let name = format!("`{name}`");
        if !entry.1.contains(&name) {
            entry.1.push(name);
        }
    };
    for (index, vendor) in inventory.vendors.iter().enumerate() {
        let hosts = domains::of(vendor);
        let mut push = |raw: Raw, minor: bool| {
            out.push(Online {
                vendor: Some(index),
                raw,
                minor,
                major: false,
            })
        };
        if let Some(Ok(breaches)) = &facts.breaches {
            for host in &hosts {
                for breach in hibp::of(breaches, &host.domain) {
                    let (raw, minor) = breached(vendor, breach, &host.span);
                    push(raw, minor);
                }
            }
        }
        if is_done(vendor) {
            continue;
        }
        for host in &hosts {
            match facts.dns.get(&host.host) {
                Some(Ok(Answer::NoSuchName)) => {
                    push(vanished(vendor, &host.host, &host.span), false)
                }
                Some(Err(err)) => fail("whether they resolve", err, &vendor.span, &host.host),
                _ => {}
            }
            match facts.registrations.get(&host.domain) {
                Some(Ok(registration)) => {
                    if let Some(raw) = reregistered(vendor, &host.domain, registration, &host.span)
                    {
                        push(raw, false);
                    }
                }
                Some(Err(err)) => fail("for a new registration", err, &vendor.span, &host.domain),
                None => {}
            }
            if host.origin == Origin::Website
                && let Some(site) = &vendor.website
            {
                match facts.websites.get(&site.value) {
                    Some(Ok(Landing::Elsewhere(to))) => {
                        push(moved(vendor, &site.value, to, &site.span), false)
                    }
                    Some(Err(err)) => {
                        fail("where their websites lead", err, &site.span, &site.value)
                    }
                    _ => {}
                }
            }
        }
    }
    if let Some((found, failures)) = &facts.lookalikes
        && let Some(domain) = own_domain(inventory)
    {
        for existing in found {
            let (raw, major) = lookalike(&domain, existing, today);
            out.push(Online {
                vendor: None,
                raw,
                minor: false,
                major,
            });
        }
        if let Some(first) = failures.first() {
            failed.insert(
                ("for lookalikes", first.clone()),
                (
                    0..0,
                    vec![format!(
                        "{} of the lookalikes of `{domain}`",
                        failures.len()
                    )],
                ),
            );
        }
    }
    for ((what, err), (span, names)) in failed {
        out.push(Online {
            vendor: None,
            raw: Raw {
                code: Code::OnlineCheckFailed,
                span,
                message: format!("could not check {} {what}: {err}", list(&names)),
                label: "not checked".into(),
                help: "run `linger check --online` again later; `docs/online.md` says how to use a mirror or a proxy".into(),
            },
            minor: false,
            major: false,
        });
    }
    out
}

fn list(names: &[String]) -> String {
    const SHOWN: usize = 3;
    let mut text = names
        .iter()
        .take(SHOWN)
        .cloned()
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

/// Whether the vendor could have lost our data in `breach`: it did unless
/// the breach came before we used it, or after its deletion was done.
fn breached(vendor: &Vendor, breach: &Breach, span: &Span) -> (Raw, bool) {
    let started = first_use(vendor);
    let done = vendor
        .events
        .iter()
        .find(|e| e.kind.is_done() && e.on.value <= breach.date)
        .map(|e| e.on.value);
    let before_us = started.is_some_and(|s| breach.date < s);
    let what = format!(
        "{} was breached on {} (HIBP: `{}`, {} accounts; {})",
        vendor.name,
        breach.date,
        breach.title,
        thousands(i64::try_from(breach.accounts).unwrap_or(i64::MAX)),
        if breach.data_classes.is_empty() {
            "data classes not given".to_string()
        } else {
            breach.data_classes.join(", ")
        }
    );
    let (message, label, help, minor) = if before_us {
        (
            format!(
                "{what}, before we started using it on {}",
                date_or_unknown(started)
            ),
            "breached before our time",
            "nothing of ours was there then; no action needed".to_string(),
            true,
        )
    } else if let Some(done) = done {
        (
            format!("{what}, after its deletion was done on {done}"),
            "breached after deletion",
            "keep the deletion evidence at hand in case customers ask".to_string(),
            true,
        )
    } else {
        (
            format!("{what}, while it may have held our data"),
            "breached while holding our data",
            format!(
                "ask what was taken: `linger letter {} --kind breach-inquiry`",
                vendor.id.value
            ),
            false,
        )
    };
    let raw = Raw {
        code: Code::VendorBreached,
        span: span.clone(),
        message,
        label: label.into(),
        help: format!("{help}; {}", hibp::ATTRIBUTION),
    };
    (raw, minor)
}

fn vanished(vendor: &Vendor, host: &str, span: &Span) -> Raw {
    Raw {
        code: Code::VendorVanished,
        span: span.clone(),
        message: format!(
            "`{host}` no longer resolves (NXDOMAIN): {} may have closed, and our data may now sit with a buyer or an administrator",
            vendor.name
        ),
        label: "no such domain".into(),
        help: "find out who holds the data now (a buyer, an administrator or a liquidator), then update `privacy_email` and `website`".into(),
    }
}

fn moved(vendor: &Vendor, website: &str, to: &str, span: &Span) -> Raw {
    let domain = url::Url::parse(to)
        .ok()
        .and_then(|u| u.host_str().and_then(crate::address::registrable))
        .unwrap_or_else(|| to.to_string());
    Raw {
        code: Code::VendorVanished,
        span: span.clone(),
        message: format!(
            "{website} now redirects to {to}: {} may have been acquired by `{domain}`, which may now hold our data",
            vendor.name
        ),
        label: format!("redirects to {domain}"),
        help: format!(
            "ask `{domain}` whether it holds our data; if it does, update `website` and `privacy_email` to the new owner's"
        ),
    }
}

fn reregistered(
    vendor: &Vendor,
    domain: &str,
    registration: &Registration,
    span: &Span,
) -> Option<Raw> {
    let (message, label) = match registration {
        Registration::NotRegistered => (
            format!(
                "`{domain}` is not registered: anyone could register it and receive mail meant for {}",
                vendor.name
            ),
            "not registered".to_string(),
        ),
        Registration::Registered {
            on: Some(on),
            registrar,
            ..
        } => {
            let started = first_use(vendor)?;
            if *on <= started {
                return None;
            }
            (
                format!(
                    "`{domain}` was registered on {on}{}, after we started using {} on {started}: somebody may have registered it again",
                    registrar
                        .as_ref()
                        .map(|r| format!(" through {r}"))
                        .unwrap_or_default(),
                    vendor.name
                ),
                format!("registered {on}"),
            )
        }
        Registration::Registered { on: None, .. } => return None,
    };
    Some(Raw {
        code: Code::VendorDomainReregistered,
        span: span.clone(),
        message,
        label,
        help: format!(
            "do not write to `{domain}`: `linger send {}` refuses to until you confirm the vendor's current contact and update the inventory",
            vendor.id.value
        ),
    })
}

/// How recent a lookalike's registration makes it urgent: phishing
/// domains are used within days of registration.
const FRESH_DAYS: i64 = 30;

/// A lookalike of `domain` that exists, and whether it is urgent: it
/// resolves (it exists) and was registered in the last `FRESH_DAYS`.
fn lookalike(domain: &str, found: &Existing, today: NaiveDate) -> (Raw, bool) {
    let name = &found.lookalike;
    let shown = if name.name == name.ascii {
        format!("`{}`", name.ascii)
    } else {
        format!("`{}` ({})", name.name, name.ascii)
    };
    let (registered, fresh) = match &found.registration {
        Ok(Registration::Registered {
            on: Some(on),
            registrar,
            ..
        }) => (
            format!(
                ", registered on {on}{}",
                registrar
                    .as_ref()
                    .map(|r| format!(" through {r}"))
                    .unwrap_or_default()
            ),
            (today - *on).num_days() <= FRESH_DAYS && *on <= today,
        ),
        _ => (String::new(), false),
    };
    let addresses: Vec<&str> = found
        .a
        .iter()
        .chain(&found.aaaa)
        .map(String::as_str)
        .collect();
    let raw = Raw {
        code: Code::LookalikeRegistered,
        span: 0..0,
        message: format!(
            "{shown}, a lookalike of `{domain}` ({}), exists{registered}; it resolves to {}{}",
            name.kind,
            addresses.join(", "),
            if found.mx.is_empty() {
                String::new()
            } else {
                format!(" and takes mail ({})", found.mx.join(", "))
            }
        ),
        label: if fresh {
            format!("registered in the last {FRESH_DAYS} days")
        } else {
            "lookalike".into()
        },
        help: "watch it with `linger lookalikes --since DATE`; when mail comes from it, `linger phish --online MAIL.eml` names its registrar's abuse contact for a `registrar-report`".into(),
    };
    (raw, fresh)
}

fn date_or_unknown(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "an unknown date".to_string(), |d| d.to_string())
}
