//! What `linger send` decides around the SMTP conversation: which letters
//! are due and not already sent today, whose domain changed hands since we
//! started using the vendor (a letter there could reach a stranger), and
//! the event that records a sent letter. Pure: `today` is a parameter, and
//! the RDAP answers come in as `online::Facts`.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, NaiveDate, Utc};
use lettre::Message;

use super::eml::{self, EmlError, Purpose};
use super::{Kind, Letter};
use crate::checks::{self, Code};
use crate::inventory::edit::NewEvent;
use crate::inventory::{EventKind, Inventory, Vendor};
use crate::online::{Facts, domains};

/// A letter ready to go: rendered, and as the message the server gets.
pub struct Outgoing {
    /// The vendor's id.
    pub vendor: String,
    pub kind: Kind,
    pub letter: Letter,
    pub message: Message,
    pub message_id: String,
}

impl Outgoing {
    /// `letter` to `vendor`, as the message to send at `now`, with a copy
    /// to the organization.
    pub fn new(
        vendor: &str,
        kind: Kind,
        letter: Letter,
        now: DateTime<Utc>,
    ) -> Result<Self, EmlError> {
        let cc = Some(&letter.from);
        let message = eml::message(&letter, now, Purpose::Send { cc })?;
        Ok(Outgoing {
            vendor: vendor.to_string(),
            kind,
            message_id: eml::message_id(&letter),
            letter,
            message,
        })
    }
}

/// The vendors a run does not send to, each id with the reason.
pub type Skipped = Vec<(String, String)>;

/// The event that records a sent letter of `kind`, for the kinds `send`
/// sends.
pub fn event_for(kind: Kind) -> Option<EventKind> {
    match kind {
        Kind::Request => Some(EventKind::Requested),
        Kind::FollowUp => Some(EventKind::Reminded),
        // The last step linger takes for either: what follows is the
        // authority's, or the organization's under its contract.
        Kind::Escalation | Kind::FinalNotice => Some(EventKind::Escalated),
        // A contradiction carries the canary's mail, which `send` does not
        // read: it is drafted with `letter` and sent from a mail client.
        Kind::BreachInquiry
        | Kind::AbuseReport
        | Kind::RegistrarReport
        | Kind::CustomerNotice
        | Kind::Contradiction
        // Recorded on its incident, not on a vendor (`authority-notified`).
        | Kind::BreachNotification => None,
    }
}

/// Why a letter of `kind` should not go out again today, if it should not:
/// its event is already recorded on `today`.
pub fn sent_today(vendor: &Vendor, kind: Kind, today: NaiveDate) -> Option<String> {
    let event = event_for(kind)?;
    vendor
        .events
        .iter()
        .any(|e| e.kind == event && e.on.value == today)
        .then(|| {
            format!(
                "a {kind} to `{}` was already recorded today (`{event}` on {today})",
                vendor.id.value
            )
        })
}

/// The letters `send --due` sends: every vendor's next letter, except
/// (unless `force`) those already sent today, which come back second, each
/// with its id and the reason.
pub fn due(
    inventory: &Inventory,
    today: NaiveDate,
    force: bool,
) -> (Vec<(&Vendor, Kind)>, Skipped) {
    let mut sending = Vec::new();
    let mut skipped = Vec::new();
    for (vendor, kind) in super::due(inventory, today) {
        match sent_today(vendor, kind, today).filter(|_| !force) {
            Some(reason) => skipped.push((vendor.id.value.clone(), reason)),
            None => sending.push((vendor, kind)),
        }
    }
    (sending, skipped)
}

/// The vendors among `outgoing` whose domain to ask RDAP about, and those
/// domains. An escalation goes to the authority, not to the vendor's
/// domain, so it is not asked about.
fn to_check<'a>(
    inventory: &Inventory,
    outgoing: &'a [Outgoing],
) -> (BTreeSet<&'a str>, BTreeSet<String>) {
    let ids: BTreeSet<&str> = outgoing
        .iter()
        .filter(|out| out.kind != Kind::Escalation)
        .map(|out| out.vendor.as_str())
        .collect();
    let domains = (ids.iter())
        .filter_map(|id| inventory.vendor(id))
        .flat_map(domains::of)
        .map(|host| host.domain)
        .collect();
    (ids, domains)
}

/// Which letters of `outgoing` should not go out because the vendor's
/// domain changed hands: `ask` gets the domains to look up (never
/// called when there is none) and returns RDAP's answers.
pub fn check_handover<E>(
    inventory: &Inventory,
    outgoing: &[Outgoing],
    today: NaiveDate,
    ask: impl FnOnce(BTreeSet<String>) -> Result<Facts, E>,
) -> Result<Handover, E> {
    let (ids, domains) = to_check(inventory, outgoing);
    if domains.is_empty() {
        return Ok(Handover::default());
    }
    Ok(changed_hands(inventory, &ids, &ask(domains)?, today))
}

/// What the RDAP answers say about sending to `ids`.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Handover {
    /// Each vendor whose domain was registered after we started using it,
    /// or is free, with the finding's message and help.
    pub refused: BTreeMap<String, (String, String)>,
    /// The questions that failed: the check is a safeguard, not a gate
    /// that an outage should close, so these refuse nothing.
    pub unchecked: Vec<String>,
}

impl Handover {
    /// Why `send ID` refuses its one letter, as a message and its help.
    pub fn refusal(&self) -> Option<(String, String)> {
        let (id, (message, help)) = self.refused.first_key_value()?;
        Some((
            format!("not sending to `{id}`: {message}"),
            format!("{help}; `--force` sends anyway"),
        ))
    }

    /// Takes the refused letters out of `outgoing` and into `skipped`,
    /// each with its reason.
    pub fn hold_back(self, outgoing: &mut Vec<Outgoing>, skipped: &mut Skipped) {
        outgoing.retain(|out| !self.refused.contains_key(&out.vendor));
        skipped.extend(
            (self.refused.into_iter())
                .map(|(id, (message, _))| (id, format!("{message} (`--force` sends anyway)"))),
        );
    }
}

/// Which of `ids` should not get a letter, from the `online` checks run
/// on `facts` (the registrations RDAP gave).
pub fn changed_hands(
    inventory: &Inventory,
    ids: &BTreeSet<&str>,
    facts: &Facts,
    today: NaiveDate,
) -> Handover {
    let mut handover = Handover::default();
    let severities = checks::severities(inventory, &[]);
    for finding in checks::run_online(inventory, &severities, facts, today) {
        match finding.code {
            Code::VendorDomainReregistered => {
                if let Some(id) = finding.vendor.filter(|id| ids.contains(id.as_str())) {
                    (handover.refused)
                        .entry(id)
                        .or_insert((finding.message, finding.help));
                }
            }
            Code::OnlineCheckFailed => handover.unchecked.push(finding.message),
            _ => {}
        }
    }
    handover
}

/// The `[[vendor.event]]` that records `out` as sent on `today`, with a
/// note that says to whom, and the kept copy of the message (its path in
/// the inventory's folder and its SHA-256) when there is one.
pub fn sent_event(
    out: &Outgoing,
    today: NaiveDate,
    copy: Option<(String, String)>,
) -> Option<NewEvent> {
    let (evidence, evidence_sha256) = copy.unzip();
    Some(NewEvent {
        on: today,
        kind: event_for(out.kind)?,
        until: None,
        reason: None,
        evidence,
        evidence_sha256,
        reference: None,
        message_id: Some(out.message_id.clone()),
        note: Some(format!(
            "sent by linger to {}, copy to {}",
            out.letter.to.email, out.letter.from.email
        )),
        attachments: Vec::new(),
    })
}

/// Why `send ID` will not send a letter of `kind` to `vendor`, as a
/// message and its help: `send` sends only the kinds it can record, and
/// (unless `force`) not one already recorded today.
pub fn refusal(
    vendor: &Vendor,
    kind: Kind,
    force: bool,
    today: NaiveDate,
) -> Option<(String, String)> {
    let id = &vendor.id.value;
    if kind == Kind::BreachNotification {
        return Some((
            "a breach-notification is about an incident, not a vendor".to_string(),
            "send it with `linger send --incident ID`".to_string(),
        ));
    }
    if event_for(kind).is_none() {
        return Some((
            format!("`send` sends requests, follow-ups and reports to the authority, not a {kind}"),
            format!(
                "draft it with `linger letter {id} --kind {kind}` and send it from your mail client"
            ),
        ));
    }
    let reason = sent_today(vendor, kind, today).filter(|_| !force)?;
    Some((
        format!("not sending: {reason}"),
        "`--force` sends it again".to_string(),
    ))
}

/// What to say when `out` went out but could not be recorded: the mail is
/// gone, so the message says so plainly and the help is the command that
/// records it by hand (with the kept copy as its evidence, when one was
/// kept).
pub fn unrecorded(out: &Outgoing, event: &NewEvent) -> (String, String) {
    let evidence = (event.evidence.as_deref())
        .map(|path| format!(" --evidence \"{path}\""))
        .unwrap_or_default();
    (
        format!(
            "the {} to `{}` WAS sent ({}) but could not be recorded",
            out.kind, out.vendor, out.message_id
        ),
        format!(
            "record it by hand: `linger mark {} {} --message-id \"{}\" --note \"{}\"{evidence}`",
            out.vendor,
            event.kind,
            out.message_id,
            event.note.as_deref().unwrap_or_default()
        ),
    )
}

/// The name of the copy `send` keeps of a letter of `kind`:
/// `evidence/ID/DATE-KIND-sent.eml`, beside the replies `inbox` keeps.
pub fn copy_kind(kind: Kind) -> String {
    format!("{kind}-sent")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::online::rdap::Registration;

    fn day(text: &str) -> NaiveDate {
        text.parse().unwrap()
    }

    fn inventory(events: &str) -> Inventory {
        crate::inventory::parse(
            &format!(
                "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\nlaw = \"gdpr\"\n\n[[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\nprivacy_email = \"privacy@oldcrm.example\"\nused_from = 2024-01-01\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n{events}"
            ),
            day("2026-11-30"),
        )
        .unwrap()
    }

    #[test]
    fn send_records_only_what_it_may_send() {
        assert_eq!(event_for(Kind::Request), Some(EventKind::Requested));
        assert_eq!(event_for(Kind::FollowUp), Some(EventKind::Reminded));
        assert_eq!(event_for(Kind::FinalNotice), Some(EventKind::Escalated));
        assert_eq!(event_for(Kind::AbuseReport), None);
        let inventory = inventory("");
        let vendor = &inventory.vendors[0];
        let (message, help) = refusal(vendor, Kind::AbuseReport, true, day("2026-11-30")).unwrap();
        assert!(message.ends_with(&format!("not a {}", Kind::AbuseReport)));
        assert!(help.starts_with("draft it with `linger letter oldcrm"));
        assert_eq!(
            refusal(vendor, Kind::Request, false, day("2026-11-30")),
            None
        );
        let (message, help) =
            refusal(vendor, Kind::BreachNotification, true, day("2026-11-30")).unwrap();
        assert!(message.contains("about an incident"), "{message}");
        assert!(help.contains("send --incident"), "{help}");
    }

    #[test]
    fn a_letter_recorded_today_is_not_sent_again_unless_forced() {
        let inventory = inventory("\n[[vendor.event]]\non = 2026-11-30\nkind = \"requested\"\n");
        let vendor = &inventory.vendors[0];
        let today = day("2026-11-30");
        let reason = sent_today(vendor, Kind::Request, today).unwrap();
        assert!(reason.contains("already recorded today (`requested` on 2026-11-30)"));
        assert_eq!(sent_today(vendor, Kind::Request, day("2026-12-01")), None);
        assert!(refusal(vendor, Kind::Request, false, today).is_some());
        assert_eq!(refusal(vendor, Kind::Request, true, today), None);
    }

    #[test]
    fn the_due_letters_are_the_next_actions_less_those_sent_today() {
        let inventory = inventory("");
        let today = day("2026-11-30");
        let next: Vec<(String, Kind)> = super::super::due(&inventory, today)
            .map(|(v, k)| (v.id.value.clone(), k))
            .collect();
        let (sending, skipped) = due(&inventory, today, false);
        let sending: Vec<(String, Kind)> = (sending.into_iter())
            .map(|(v, k)| (v.id.value.clone(), k))
            .collect();
        assert!(!next.is_empty());
        assert_eq!(sending, next);
        assert!(skipped.is_empty());
    }

    #[test]
    fn a_domain_registered_after_we_started_refuses_its_vendor() {
        let inventory = inventory("");
        let ids = BTreeSet::from(["oldcrm"]);
        let today = day("2026-11-30");
        let mut facts = Facts::default();
        facts.registrations.insert(
            "oldcrm.example".into(),
            Ok(Registration::Registered {
                on: Some(day("2026-06-01")),
                registrar: None,
                registrar_abuse: None,
                registrar_rdap: None,
            }),
        );
        let handover = changed_hands(&inventory, &ids, &facts, today);
        let (message, help) = &handover.refused["oldcrm"];
        assert!(
            message.contains("was registered on 2026-06-01"),
            "{message}"
        );
        assert!(help.contains("linger send oldcrm"));
        assert!(handover.unchecked.is_empty());

        // An outage refuses nothing: it is said, and the letter goes.
        facts
            .registrations
            .insert("oldcrm.example".into(), Err("timed out".into()));
        let handover = changed_hands(&inventory, &ids, &facts, today);
        assert!(handover.refused.is_empty());
        assert_eq!(handover.unchecked.len(), 1);
    }
}
