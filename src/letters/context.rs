//! The variables a letter template sees, built from the inventory, the
//! vendor's status and the incident details. docs/letters.md lists each one;
//! a test keeps that list and this file in step.
//!
//! Dates are already written the way the letter's language writes them, and
//! data categories in its plain words, so templates never format anything.

use chrono::NaiveDate;
use serde::Serialize;

use super::dates::{detail_labels, event_text, long, number};
use super::law::{self, LawText};
use super::phish;
use super::{Incident, Kind};
use crate::categories;
use crate::inventory::{EventKind, Inventory, Language, Law, Vendor};
use crate::status::Status;

#[derive(Debug, Serialize)]
pub struct Context {
    pub letter: LetterVars,
    pub organization: OrganizationVars,
    pub authority: Option<AuthorityVars>,
    pub vendor: VendorVars,
    pub law: LawText,
    pub request: Option<RequestVars>,
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
}

/// The vendor's last deletion request and what became of its deadline.
#[derive(Debug, Serialize)]
pub struct RequestVars {
    pub date: String,
    pub note: Option<String>,
    /// The reference the vendor gave when it acknowledged the request.
    pub reference: Option<String>,
    /// The day the answer was due, as the due-date rules compute it.
    pub due: Option<String>,
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
    pub phishing_domain: Option<String>,
    pub addresses: Vec<String>,
    pub count: usize,
    /// The vendor's canary addresses among `addresses`: each existed only at
    /// this vendor, so its presence points at the vendor's copy of the data.
    pub canaries: Vec<String>,
    /// The addresses that are not the vendor's canaries: our customers.
    pub customers: Vec<String>,
    /// The phishing messages given with `--message`, as attached.
    pub messages: Vec<MessageVars>,
    /// The vendor's data categories besides e-mail addresses, in words:
    /// what else the senders may have, for the customer notice.
    pub other_data: Vec<String>,
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
            note: event.note.clone(),
            reference: vendor.events[at..]
                .iter()
                .rev()
                .find_map(|e| e.reference.clone()),
            due: status.due.map(|due| date(due.on)),
        }
    });
    let [until_label, reference_label, reason_label, note_label] = detail_labels(language);
    let history = vendor
        .events
        .iter()
        .map(|event| {
            let mut text = event_text(event.kind, language).to_string();
            let mut details = Vec::new();
            if let Some(until) = event.until {
                details.push(format!("{until_label}: {}", date(until)));
            }
            if let Some(reference) = &event.reference {
                details.push(format!("{reference_label}: {reference}"));
            }
            if let Some(reason) = &event.reason {
                details.push(format!("{reason_label}: {reason}"));
            }
            if let Some(note) = &event.note {
                details.push(format!("{note_label}: {note}"));
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
    let is_canary = |a: &String| vendor.canaries.iter().any(|c| c.eq_ignore_ascii_case(a));
    let (canaries, customers): (Vec<String>, Vec<String>) =
        incident.addresses.iter().cloned().partition(is_canary);
    let messages = incident
        .messages
        .iter()
        .map(|m| MessageVars {
            file: m.file_name.clone(),
            received: m
                .received
                .map(|at| format!("{}, {} UTC", date(at.date_naive()), at.format("%H:%M"))),
            urls: m.urls.iter().map(|u| phish::defang(u)).collect(),
        })
        .collect();

    Context {
        letter: LetterVars {
            kind: kind.as_str(),
            language: language.as_str(),
            date: date(today),
            deadline: deadline.map(date),
            deadline_note: (kind == Kind::Request).then(|| match vendor.response_days {
                // The vendor's own window: nothing in the law it is modelled on.
                Some(_) => law::text(Law::Contract, language).window.to_string(),
                None => law::text(law, language).window.to_string(),
            }),
        },
        organization: OrganizationVars {
            name: org.name.clone(),
            email: org.email.clone(),
            signatory: org.signatory.clone(),
            address: org.address.clone(),
            domain: org
                .email
                .rsplit_once('@')
                .map_or_else(String::new, |(_, d)| d.to_string()),
        },
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
                .map(|c| categories::label_in(&c.value, language).to_string())
                .collect(),
        },
        law: law::text(law, language),
        request,
        history,
        evidence: vendor
            .events
            .iter()
            .filter_map(|e| e.evidence.as_ref().map(|p| p.value.clone()))
            .collect(),
        incident: IncidentVars {
            phishing_domain: incident.phishing_domain.clone(),
            count: incident.addresses.len(),
            addresses: incident.addresses.clone(),
            canaries,
            customers,
            messages,
            other_data: vendor
                .data
                .iter()
                .flatten()
                .filter(|c| c.value != "contact.email")
                .map(|c| categories::label_in(&c.value, language).to_string())
                .collect(),
        },
    }
}
