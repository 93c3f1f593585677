//! `deletion-unverified`: a confirmed deletion taken on trust for too long.
//! A vendor's word that the data is gone is checked, `verify_after_days`
//! after it, against the one account we can test: the canary's.

use super::deadlines::plural_days;
use super::{Code, Raw, Subject};
use crate::deadline::{add_days, days_between};
use crate::inventory::EventKind;

pub(super) fn check(s: &Subject<'_>, push: &mut impl FnMut(Raw)) {
    let vendor = s.vendor;
    // Without a canary there is no account of ours to test.
    let Some(canary) = vendor.canaries.first() else {
        return;
    };
    // A request or refusal after the confirmation reopened the matter: the
    // deadline checks speak for it until the next confirmation.
    if !s.status.state.is_done() {
        return;
    }
    let Some(at) = vendor
        .events
        .iter()
        .rposition(|e| e.kind == EventKind::Confirmed)
    else {
        return;
    };
    if vendor.events[at..]
        .iter()
        .any(|e| e.kind == EventKind::Verified)
    {
        return;
    }
    let confirmed = &vendor.events[at].on;
    let days = s.policy.verify_after_days;
    let check_on = add_days(confirmed.value, days);
    if s.today < check_on {
        return;
    }
    let id = &vendor.id.value;
    let ago = days_between(confirmed.value, s.today);
    push(Raw {
        code: Code::DeletionUnverified,
        span: confirmed.span.clone(),
        message: format!(
            "`{id}` confirmed the deletion {} ago, and nobody has checked it since",
            plural_days(ago)
        ),
        label: format!(
            "confirmed {}; policy.verify_after_days = {days}, so check it from {check_on}",
            confirmed.value
        ),
        help: format!(
            "ask {} for a password reset of the canary account {canary} and keep its \"no such account\" answer, and read the canary mailbox (`linger canary watch`); then `linger mark {id} verified --evidence FILE`, or `linger canary watch --imap --apply --accept {id}` when the watch proves it",
            vendor.name
        ),
    });
}
