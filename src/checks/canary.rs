//! Checks on what a vendor's canary received, as `canary watch --apply`
//! recorded it in `canary_mail`: the vendor's own mail after it confirmed
//! the deletion (`deletion-contradicted`), and anyone else's mail
//! (`canary-leaked`). One finding a vendor and code, at its first such
//! message, so a flood of phishing is one line.

use super::{Code, Raw, Subject};
use crate::inventory::CanarySender;

pub(super) fn check(s: &Subject<'_>, push: &mut impl FnMut(Raw)) {
    let vendor = s.vendor;
    let id = &vendor.id.value;
    let contradicting: Vec<_> = vendor
        .canary_mail
        .iter()
        .filter_map(|m| vendor.contradicted_by(m).map(|day| (m, day)))
        .collect();
    if let Some((first, confirmed)) = contradicting.first() {
        let more = match contradicting.len() {
            1 => String::new(),
            n => format!(" (and {} more since)", n - 1),
        };
        push(Raw {
            code: Code::DeletionContradicted,
            span: first.on.span.clone(),
            message: format!(
                "`{id}` confirmed the deletion on {confirmed}, but its canary received mail from `{}` on {}{more}",
                first.from, first.on.value
            ),
            label: "the vendor still mails the test account".into(),
            help: format!(
                "ask `{id}` to delete the data again and say which system still held it, with the message attached ({}); a later `confirmed` event ends this finding",
                first
                    .evidence
                    .as_ref()
                    .map_or("the canary mail", |e| e.value.as_str())
            ),
        });
    }
    let leaked: Vec<_> = vendor
        .canary_mail
        .iter()
        .filter(|m| m.sender == CanarySender::Other && m.handled.is_none())
        .collect();
    if let Some(first) = leaked.first() {
        let more = match leaked.len() {
            1 => String::new(),
            n => format!(" (and {} more)", n - 1),
        };
        push(Raw {
            code: Code::CanaryLeaked,
            span: first.on.span.clone(),
            message: format!(
                "the canary of `{id}`, an address that exists only there, received mail from `{}` on {}{more}",
                first.from, first.on.value
            ),
            label: "someone outside the vendor has the address".into(),
            help: format!(
                "send `linger letter {id} --kind breach-inquiry`, report the sender (`linger phish --online --vendor {id} {}`), then set `handled = DATE` on the entry",
                first
                    .evidence
                    .as_ref()
                    .map_or("MESSAGE.eml", |e| e.value.as_str())
            ),
        });
    }
}
