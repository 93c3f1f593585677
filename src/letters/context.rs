//! The variables a letter template sees, built from the inventory, the
//! vendor's status and the incident details. docs/letters.md lists each one;
//! a test keeps that list and this file in step.
//!
//! Dates are already written the way the letter's language writes them, and
//! data categories in its plain words, so templates never format anything.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::{detail_labels, event_text, extension_text, final_notice_text, long, number};
use super::law::{self, LawText};
use super::{Incident, Kind};
use crate::inventory::{EventKind, Inventory, Language, Law, Vendor};
use crate::lang;
use crate::mail::defang::defang;
use crate::status::Status;

#[derive(Debug, Serialize)]
pub struct Context {
    pub letter: LetterVars,
    pub organization: OrganizationVars,
    pub authority: Option<AuthorityVars>,
    pub vendor: VendorVars,
    pub law: LawText,
    pub request: Option<RequestVars>,
    /// For a contradiction: the vendor's confirmation that the canary's
    /// mail contradicts.
    pub confirmation: Option<ConfirmationVars>,
    pub history: Vec<HistoryEntry>,
    pub evidence: Vec<String>,
    pub incident: IncidentVars,
}

#[derive(Debug, Serialize)]
pub struct LetterVars {
    pub kind: &'static str,
    pub language: &'static str,
    /// The day the letter is written.
    pub date: String,
    /// The explicit date by which we expect an answer, where the kind has one.
    pub deadline: Option<String>,
    /// For a request: whose deadline that is (ours, and what it is
    /// modelled on).
    pub deadline_note: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct OrganizationVars {
    pub name: String,
    pub email: String,
    pub signatory: Option<String>,
    pub address: Option<String>,
    /// The part of `email` after the `@`: our real domain, for warnings.
    pub domain: String,
}

impl OrganizationVars {
    pub fn of(org: &crate::inventory::Organization) -> Self {
        OrganizationVars {
            name: org.name.clone(),
            email: org.email.clone(),
            signatory: org.signatory.clone(),
            address: org.address.clone(),
            domain: org.domain().to_string(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct AuthorityVars {
    pub name: String,
    pub email: String,
}

#[derive(Debug, Serialize)]
pub struct VendorVars {
    pub id: String,
    pub name: String,
    pub website: Option<String>,
    pub privacy_email: Option<String>,
    pub account: Option<String>,
    pub used_from: Option<String>,
    pub retired_on: Option<String>,
    /// The approximate number of records, with thousands grouped.
    pub records: Option<String>,
    pub subjects: Vec<String>,
    /// The data categories in the letter's language; empty when unknown.
    pub data: Vec<String>,
    /// Not retired today: a letter never asks a vendor we still use to
    /// delete our data, and never calls it one we used in the past.
    pub in_use: bool,
}

/// The vendor's last deletion request and what became of its deadline.
#[derive(Debug, Serialize)]
pub struct RequestVars {
    pub date: String,
    /// The reference the vendor gave when it acknowledged the request.
    pub reference: Option<String>,
    /// The day the answer was due, as the due-date rules compute it.
    pub due: Option<String>,
    /// Whether that day is behind us: only then may a letter say so.
    pub passed: bool,
}

/// The `confirmed` event a contradiction cites.
#[derive(Debug, Serialize)]
pub struct ConfirmationVars {
    pub date: String,
    /// The reference the vendor gave with it, if recorded. The event's
    /// `note` is ours, so no letter quotes it.
    pub reference: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct HistoryEntry {
    pub date: String,
    pub kind: &'static str,
    /// What happened, in words, with its details.
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct IncidentVars {
    /// `--phishing-domain`, defanged (`evil[.]example`).
    pub phishing_domain: Option<String>,
    pub addresses: Vec<String>,
    pub count: usize,
    /// The vendor's canary addresses among `addresses`: each existed only at
    /// this vendor, so its presence points at the vendor's copy of the data.
    pub canaries: Vec<String>,
    /// How many of `addresses` are other vendors' canaries: our test
    /// accounts elsewhere, never sent to this vendor.
    pub other_canaries: usize,
    /// How many of `addresses` are any vendor's canary: our test accounts.
    pub test_accounts: usize,
    /// The addresses that are no vendor's canary: our customers.
    pub customers: Vec<String>,
    /// The customers a breach inquiry lists: those the vendor's subject set
    /// holds, or every customer when it has none (`filtered` says which).
    /// Never another vendor's canary, never a customer it did not have.
    pub listed: Vec<String>,
    /// Whether a subject set chose `listed`.
    pub filtered: bool,
    /// `--include-addresses`: whether a letter may list customers' addresses
    /// that no subject set chose (an unfiltered breach inquiry, an abuse
    /// report). Canaries are never listed to a third party either way.
    pub include_addresses: bool,
    /// The phishing messages given with `--message`, as attached.
    pub messages: Vec<MessageVars>,
    /// The vendor's data categories besides e-mail addresses, in words:
    /// what else the senders may have, for the customer notice.
    pub other_data: Vec<String>,
    /// Mail a canary of this vendor received (`--message` with a breach
    /// inquiry or a contradiction), as attached.
    pub canary_mail: Vec<CanaryMailVars>,
}

/// One message to the vendor's canary that a letter cites.
#[derive(Debug, Serialize)]
pub struct CanaryMailVars {
    /// The attachment's file name.
    pub file: String,
    /// When it reached us, in the letter's language, in UTC.
    pub received: String,
    /// The `From:` address; defanged (`x@evil[.]example`) unless the
    /// receiving server vouched for it as the vendor's.
    pub sender: String,
    /// The subject on one line, when it has one.
    pub subject: Option<String>,
    /// The canary it was delivered to.
    pub canary: String,
}

/// One phishing message an abuse report attaches.
#[derive(Debug, Serialize)]
pub struct MessageVars {
    /// The attachment's file name.
    pub file: String,
    /// When it reached us, in the letter's language, in UTC.
    pub received: Option<String>,
    /// Its links, defanged (`hxxps://evil[.]example/...`).
    pub urls: Vec<String>,
}

pub struct Inputs<'a> {
    pub inventory: &'a Inventory,
    pub vendor: &'a Vendor,
    pub status: &'a Status,
    pub kind: Kind,
    pub language: Language,
    pub today: NaiveDate,
    pub deadline: Option<NaiveDate>,
    pub incident: &'a Incident,
}

pub fn build(inputs: &Inputs<'_>) -> Context {
    let Inputs {
        inventory,
        vendor,
        status,
        kind,
        language,
        today,
        deadline,
        incident,
    } = *inputs;
    let date = |d: NaiveDate| long(d, language);
    let org = &inventory.organization;
    let law = inventory.law_of(vendor);
    let last_request = vendor
        .events
        .iter()
        .rposition(|e| e.kind == EventKind::Requested);
    let request = last_request.map(|at| {
        let event = &vendor.events[at];
        RequestVars {
            date: date(event.on.value),
            reference: vendor.events[at..]
                .iter()
                .rev()
                .find_map(|e| e.reference.clone()),
            due: status.due.map(|due| date(due.on)),
            passed: status.due.is_some_and(|due| due.on < today),
        }
    });
    let [until_label, reference_label, reason_label] = detail_labels(language);
    let history = vendor
        .events
        .iter()
        .map(|event| {
            let mut text = match (event.kind, law, event.until) {
                (EventKind::Extended, _, Some(until)) => extension_text(language, &date(until)),
                (EventKind::Escalated, Law::Contract, _) => final_notice_text(language).to_string(),
                (kind, _, _) => event_text(kind, language).to_string(),
            };
            let mut details = Vec::new();
            if let (Some(until), false) = (event.until, event.kind == EventKind::Extended) {
                details.push(format!("{until_label}: {}", date(until)));
            }
            if let Some(reference) = &event.reference {
                details.push(format!("{reference_label}: {reference}"));
            }
            if let Some(reason) = &event.reason {
                details.push(format!("{reason_label}: {reason}"));
            }
            if !details.is_empty() {
                text.push_str(&format!(" ({})", details.join("; ")));
            }
            HistoryEntry {
                date: date(event.on.value),
                kind: event.kind.as_str(),
                text,
            }
        })
        .collect();
    let canary_of = |v: &Vendor, a: &str| v.canaries.iter().any(|c| c.eq_ignore_ascii_case(a));
    let any_canary = |a: &str| inventory.vendors.iter().any(|v| canary_of(v, a));
    let canaries: Vec<String> = incident
        .addresses
        .iter()
        .filter(|a| canary_of(vendor, a))
        .cloned()
        .collect();
    let test_accounts = incident.addresses.iter().filter(|a| any_canary(a)).count();
    let customers: Vec<String> = incident
        .addresses
        .iter()
        .filter(|a| !any_canary(a))
        .cloned()
        .collect();
    // Data minimisation: the vendor hears only of the addresses it held,
    // and without a subject set to say which, of none unless asked.
    let listed = match &incident.held {
        Some(held) => customers
            .iter()
            .filter(|a| held.iter().any(|h| h.eq_ignore_ascii_case(a)))
            .cloned()
            .collect(),
        None if incident.include_addresses => customers.clone(),
        None => Vec::new(),
    };
    let messages = incident
        .messages
        .iter()
        .map(|m| MessageVars {
            file: m.file_name.clone(),
            received: m
                .received
                .map(|at| format!("{}, {} UTC", date(at.date_naive()), at.format("%H:%M"))),
            urls: m.urls.iter().map(|u| defang(u)).collect(),
        })
        .collect();
    let at = |at: chrono::DateTime<chrono::Utc>| {
        format!("{}, {} UTC", date(at.date_naive()), at.format("%H:%M"))
    };
    let canary_mail = incident
        .canary_mail
        .iter()
        .map(|m| CanaryMailVars {
            file: m.file_name.clone(),
            received: at(m.received),
            sender: if m.from_vendor() {
                m.sender.clone()
            } else {
                defang(&m.sender)
            },
            subject: m.subject.clone(),
            canary: m.canary.clone(),
        })
        .collect();
    // The confirmation the earliest mail contradicts: every later one
    // contradicts it too.
    let confirmation = (kind == Kind::Contradiction)
        .then(|| incident.canary_mail.iter().min_by_key(|m| m.received))
        .flatten()
        .and_then(|m| super::canary_mail::contradicted(vendor, m).ok())
        .map(|event| ConfirmationVars {
            date: date(event.on.value),
            reference: event.reference.clone(),
        });

    Context {
        letter: LetterVars {
            kind: kind.as_str(),
            language: language.as_str(),
            date: date(today),
            deadline: deadline.map(date),
            deadline_note: matches!(kind, Kind::Request | Kind::Contradiction).then(|| {
                let text = law::text(law, language);
                // `response_days` is what the vendor's agreement promises:
                // the date follows it, and no law is its model.
                match vendor.response_days {
                    Some(_) => text.agreed_window.to_string(),
                    None => text.window.to_string(),
                }
            }),
        },
        organization: OrganizationVars::of(org),
        authority: org.authority_for(law).map(|a| AuthorityVars {
            name: a.name.clone(),
            email: a.email.clone(),
        }),
        vendor: VendorVars {
            id: vendor.id.value.clone(),
            name: vendor.name.clone(),
            website: vendor.website.as_ref().map(|w| w.value.clone()),
            privacy_email: vendor.privacy_email.clone(),
            account: vendor.account.clone(),
            used_from: vendor.used_from.map(date),
            retired_on: vendor.retired_on.as_ref().map(|r| date(r.value)),
            records: vendor.records.map(|n| number(n, language)),
            subjects: vendor.subjects.clone(),
            data: vendor
                .data
                .iter()
                .flatten()
                .map(|c| lang::category_label(&c.value, language).to_string())
                .collect(),
            in_use: !vendor.is_retired(today),
        },
        law: law::text(law, language),
        request,
        confirmation,
        history,
        evidence: vendor
            .events
            .iter()
            .filter_map(|e| e.evidence.as_ref().map(|p| p.value.clone()))
            .collect(),
        incident: IncidentVars {
            // Defanged like every link: a mail client makes a bare domain
            // a link, and no letter of ours may lead anyone to it.
            phishing_domain: incident.phishing_domain.as_deref().map(defang),
            count: incident.addresses.len(),
            addresses: incident.addresses.clone(),
            other_canaries: test_accounts - canaries.len(),
            canaries,
            test_accounts,
            customers,
            listed,
            filtered: incident.held.is_some(),
            include_addresses: incident.include_addresses,
            messages,
            other_data: vendor
                .data
                .iter()
                .flatten()
                .filter(|c| c.value != "contact.email")
                .map(|c| lang::category_label(&c.value, language).to_string())
                .collect(),
            canary_mail,
        },
    }
}
