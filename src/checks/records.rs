//! Checks about what the inventory records: contacts, evidence, data
//! categories, canaries and shared domains.

use std::collections::HashMap;

use super::{Code, Raw, Subject};
use crate::categories;
use crate::inventory::{EventKind, Inventory, website_host};

pub(super) fn check(s: &Subject<'_>, files: &super::Files<'_>, push: &mut impl FnMut(Raw)) {
    let evidence_exists = files.evidence_exists;
    let vendor = s.vendor;
    let id = &vendor.id.value;
    let done = s.status.state.is_done();
    // A canary or an export is advice for a vendor that still has our
    // account, or had it until lately: one we left longer ago than a
    // request was due cannot take a test account any more.
    let left_long_ago = vendor.retired_on.as_ref().is_some_and(|r| {
        crate::deadline::days_between(r.value, s.today) > i64::from(s.policy.request_within_days)
    });
    let preparable = !done && !left_long_ago;

    let named = [
        ("name", Some(&vendor.name)),
        ("account", vendor.account.as_ref()),
    ];
    let listed = vendor.canaries.iter().map(|c| ("canaries", Some(c)));
    for (field, value) in named.into_iter().chain(listed) {
        if let Some(c) = value.and_then(|v| v.chars().find(|c| disguising(*c))) {
            push(Raw {
                code: Code::SuspiciousText,
                span: vendor.span.clone(),
                message: format!(
                    "`{id}`: `{field}` holds U+{:04X}, {}",
                    u32::from(c),
                    if is_bidi_control(c) {
                        "a character that reverses how text is shown"
                    } else {
                        "an invisible character"
                    }
                ),
                label: format!("in this vendor's `{field}`"),
                help: "retype the value: such characters make one name look like another, so that letters and tables may show something other than what the file says".to_string(),
            });
        }
    }

    let holds_contacts = vendor
        .data
        .iter()
        .flatten()
        .any(|c| c.value.starts_with("contact."));
    if holds_contacts && preparable && vendor.canaries.is_empty() && !(files.has_subjects)(id) {
        push(Raw {
            code: Code::SubjectsMissing,
            span: vendor.id.span.clone(),
            message: format!(
                "`{id}` holds contact data, but linger could not tell whether a leak came from it"
            ),
            label: "no subject set, no canary".to_string(),
            help: format!(
                "import the addresses it held (`linger subjects import {id} EXPORT.csv`) or make a canary (`linger canary new {id}`), so that `linger trace` can point at it"
            ),
        });
    }

    if let Some((problem, help)) = (files.subjects_problem)(id) {
        push(Raw {
            code: Code::SubjectsDamaged,
            span: vendor.id.span.clone(),
            message: format!(
                "`{id}`: its subject set `subjects/{id}.hashes` cannot be used: {problem}"
            ),
            label: "`linger trace` cannot read this vendor's subjects".to_string(),
            help,
        });
    }

    if vendor.may_hold_data() && !done && vendor.privacy_email.is_none() {
        push(Raw {
            code: Code::NoPrivacyContact,
            span: vendor.id.span.clone(),
            message: format!("`{id}` holds personal data but has no privacy contact"),
            label: "no `privacy_email`".to_string(),
            help: format!(
                "find the address in the vendor's privacy policy or DPA and add `privacy_email = \"…\"` to `{id}`: letters go there"
            ),
        });
    }

    if let Some(last) = vendor.last_event()
        && last.kind == EventKind::Confirmed
        && last.evidence.is_none()
    {
        push(Raw {
            code: Code::NoEvidence,
            span: last.span.clone(),
            message: format!("`{id}`: deletion confirmed without evidence"),
            label: "no `evidence`".to_string(),
            help: "keep the vendor's certificate or a screenshot of the deleted workspace, and add `evidence = \"evidence/….pdf\"` (a path or URL) to this event".to_string(),
        });
    }

    if let Some(last) = vendor.last_event() {
        if last.kind == EventKind::Bounced {
            push(Raw {
                code: Code::ContactBounced,
                span: last.span.clone(),
                message: format!(
                    "`{id}`: our letter never arrived: {} bounced on {}",
                    vendor.privacy_email.as_deref().unwrap_or("the address"),
                    last.on.value
                ),
                label: "bounced here; no deadline runs".to_string(),
                help: format!(
                    "find the vendor's current privacy contact (its privacy policy, or linger's directory: `linger add {id}-new --lookup {} --dry-run` shows its entry and writes nothing), set `privacy_email`, then send again: `linger letter {id} --kind request`, and `linger mark {id} requested`",
                    vendor
                        .website
                        .as_ref()
                        .and_then(|w| crate::inventory::website_host(&w.value))
                        .unwrap_or_else(|| "DOMAIN".to_string())
                ),
            });
        }
        if let Some(question) = last
            .note
            .as_deref()
            .filter(|_| last.kind == EventKind::Acknowledged)
            .and_then(|note| note.strip_prefix(crate::inventory::QUESTION_NOTE))
        {
            push(Raw {
                code: Code::VendorAsked,
                span: last.span.clone(),
                message: format!("`{id}` asked before it acts: {}", question.trim()),
                label: "the vendor's question".to_string(),
                help: format!(
                    "answer the vendor, then record what happens next (e.g. `linger mark {id} acknowledged --note \"answered: ...\"`); the deadline runs meanwhile"
                ),
            });
        }
    }

    // The evidence of every record that keeps some: the same list the
    // evidence pack collects, so a new kind of record is checked too.
    for named in vendor.evidence() {
        let (evidence, evidence_sha256) = (named.evidence, named.sha256);
        let is_file = !named.is_url();
        if is_file && crate::inventory::inside::escapes(&evidence.value) {
            push(Raw {
                code: Code::EvidenceMissing,
                span: evidence.span.clone(),
                message: format!(
                    "`{id}`: the evidence file `{}` is outside the inventory's folder",
                    evidence.value
                ),
                label: "an absolute path or `..`: linger neither looks at nor hashes it".to_string(),
                help: "keep the evidence inside the inventory's folder (e.g. `evidence/…`) and give its path from there".to_string(),
            });
            continue;
        }
        if let (true, Some(recorded)) = (is_file, evidence_sha256)
            && evidence_exists(&evidence.value)
        {
            let now = (files.evidence_sha256)(&evidence.value);
            if now.as_deref() != Some(recorded.value.as_str()) {
                push(Raw {
                    code: Code::EvidenceChanged,
                    span: recorded.span.clone(),
                    message: format!(
                        "`{id}`: the evidence file `{}` is not the file that was recorded",
                        evidence.value
                    ),
                    label: match now {
                        Some(now) => format!("recorded; the file now hashes to {now}"),
                        None => "recorded; the file cannot be read".to_string(),
                    },
                    help: "restore the original from a backup or the mailbox: a changed file no longer proves what the event says (if the change is yours, record the file again with `linger mark`)".to_string(),
                });
            }
        }
        if is_file && !evidence_exists(&evidence.value) {
            push(Raw {
                code: Code::EvidenceMissing,
                span: evidence.span.clone(),
                message: format!(
                    "`{id}`: the evidence file `{}` does not exist",
                    evidence.value
                ),
                label: "no such file inside the inventory's folder (links are not followed)"
                    .to_string(),
                help:
                    "add the file, or fix the path (it is resolved from the inventory's directory)"
                        .to_string(),
            });
        }
    }

    match &vendor.data {
        None => push(Raw {
            code: Code::DataUnknown,
            span: vendor.id.span.clone(),
            message: format!("`{id}` does not say what personal data it holds"),
            label: "no `data` list".to_string(),
            help: "add e.g. `data = [\"contact.email\", \"contact.name\"]`, or `data = []` if it holds no personal data".to_string(),
        }),
        Some(data) => {
            for category in data.iter().filter(|c| !categories::is_known(&c.value)) {
                push(Raw {
                    code: Code::UnknownCategory,
                    span: category.span.clone(),
                    message: format!("`{}` is not a known data category", category.value),
                    label: "not in the taxonomy".to_string(),
                    help: match categories::suggest(&category.value) {
                        Some(best) => format!("did you mean `{best}`? (or name it `custom.{}`)", category.value),
                        None => format!(
                            "use a built-in category (see docs/inventory.md) or prefix it: `custom.{}`",
                            category.value
                        ),
                    },
                });
            }
        }
    }

    if vendor.holds_category("contact.email") && vendor.canaries.is_empty() && preparable {
        push(Raw {
            code: Code::NoCanary,
            span: vendor.id.span.clone(),
            message: format!("`{id}` holds e-mail addresses but has no canary"),
            label: "no `canaries`".to_string(),
            help: format!(
                "make an address that exists only at this vendor with `linger canary new {id}` and register it there as a test account: if it ever gets mail, you know who leaked"
            ),
        });
    }
}

/// `duplicate-domain`: reported on every vendor after the first with a host.
pub(super) fn duplicate_domains(inventory: &Inventory, push: &mut impl FnMut(usize, Raw)) {
    let mut first: HashMap<String, usize> = HashMap::new();
    for (index, vendor) in inventory.vendors.iter().enumerate() {
        let Some(website) = &vendor.website else {
            continue;
        };
        let Some(host) = website_host(&website.value) else {
            continue;
        };
        match first.get(&host) {
            Some(&earlier) => {
                let other = &inventory.vendors[earlier].id.value;
                push(
                    index,
                    Raw {
                        code: Code::DuplicateDomain,
                        span: website.span.clone(),
                        message: format!(
                            "`{}` and `{other}` share the website host `{host}`",
                            vendor.id.value
                        ),
                        label: format!("same host as `{other}`"),
                        help: "if they are one vendor, merge the entries; if the host is a shared platform, point `website` at each vendor's own domain".to_string(),
                    },
                );
            }
            None => {
                first.insert(host, index);
            }
        }
    }
}

/// Bidirectional embeddings, overrides and isolates.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' | '\u{200E}' | '\u{200F}' | '\u{061C}')
}

/// A character that changes how a name reads without being seen: bidi
/// controls and zero-width characters.
fn disguising(c: char) -> bool {
    is_bidi_control(c)
        || matches!(
            c,
            '\u{200B}'..='\u{200D}' | '\u{2060}' | '\u{FEFF}' | '\u{180E}'
        )
}
