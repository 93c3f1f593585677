//! Abuse desks answer too: a message that answers an incident's report (an
//! abuse report to a sending service or network, a registrar report), tied
//! to the report and read for what it says: `acknowledged`, `acted` (the
//! account suspended, the domain taken down) or `refused`. Pure.
//!
//! A message is tied to an incident when its `In-Reply-To`/`References`
//! names a `reported` event's `message_id` (that report), or its subject
//! carries `[ref:ID]` of an open incident (then the report whose `to`
//! domain, or party name, is the sender's; else the one whose target the
//! subject names; else the latest). A vendor's own route wins, except its
//! guesses (`domain`, `portal`): a sending service that is also a vendor
//! answers the report in its thread. `Reports` is
//! built once per run, so that a message that names no incident costs a
//! few hash lookups and one scan of its subject for `[ref:`.
//!
//! Trust: an `In-Reply-To` naming the report is proof of the thread; a
//! sender on the domain the report went to is the party. A bare `[ref:]`
//! tag from any other domain is shown, and proposes nothing: anyone can
//! copy a subject. The words are `[abuse]` of `replies.toml`, read by the
//! clause reader (`Lexicon::abuse_reader`). docs/inbox.md, "Abuse desks
//! and registrars", is this module in prose.

use std::collections::{BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;

use super::accept::{Accept, Pick};
use super::rules::{Lexicon, Said};
use super::{Head, RECORDED_BEFORE, Route, text};
use crate::incident::TakedownState;
use crate::inventory::edit::{IncidentChange, NewIncidentEvent};
use crate::inventory::{Incident, IncidentEventKind, Inventory, Party, When};
use crate::mail::Message;
use crate::mail::auth::Verdict;

/// The incidents' reports, indexed once per run.
pub struct Reports<'a> {
    incidents: &'a [Incident],
    /// A `reported` event's `message_id` → (incident, event).
    by_id: HashMap<&'a str, (usize, usize)>,
    /// Open incidents with a report: their id and place.
    tags: Vec<(&'a str, usize)>,
    /// The abuse desks' reader; built only when there is a report.
    reader: Option<Lexicon>,
}

impl<'a> Reports<'a> {
    pub fn new(inventory: &'a Inventory, table: &Lexicon) -> Reports<'a> {
        let incidents = inventory.incidents.as_slice();
        let mut by_id = HashMap::new();
        let mut tags = Vec::new();
        for (n, incident) in incidents.iter().enumerate() {
            let mut reported = false;
            for (e, event) in incident.events.iter().enumerate() {
                if event.kind != IncidentEventKind::Reported {
                    continue;
                }
                reported = true;
                if let Some(id) = event.message_id.as_deref() {
                    by_id.insert(id, (n, e));
                }
            }
            if reported && incident.closed().is_none() {
                tags.push((incident.id.value.as_str(), n));
            }
        }
        let reader = (!by_id.is_empty() || !tags.is_empty()).then(|| table.abuse_reader());
        Reports {
            incidents,
            by_id,
            tags,
            reader,
        }
    }

    /// No incident has a report: nothing to tie a message to.
    pub fn none() -> Reports<'static> {
        Reports {
            incidents: &[],
            by_id: HashMap::new(),
            tags: Vec::new(),
            reader: None,
        }
    }
}

/// Which report a message answers, and how we know.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tied {
    pub incident: usize,
    /// The `reported` event's place among the incident's events.
    pub report: usize,
    pub route: Route,
}

/// The report a message answers, if any: by its thread, else by an open
/// incident's `[ref:ID]` in its subject.
pub fn route(head: &Head, reports: &Reports<'_>) -> Option<Tied> {
    reports.reader.as_ref()?;
    if let Some(&(incident, report)) = head
        .thread
        .iter()
        .find_map(|id| reports.by_id.get(id.as_str()))
    {
        return Some(Tied {
            incident,
            report,
            route: Route::Thread,
        });
    }
    let tag = ref_tag(&head.subject)?;
    let &(_, incident) = reports
        .tags
        .iter()
        .find(|(id, _)| id.eq_ignore_ascii_case(tag))?;
    let events = &reports.incidents[incident].events;
    let sender = crate::address::domain(&head.from).and_then(crate::address::registrable);
    let reported = || {
        events
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == IncidentEventKind::Reported)
    };
    // The report that went to the sender's domain; else the one whose
    // target the subject names; else the latest.
    let subject = head.subject.to_lowercase();
    let report = reported()
        .rfind(|(_, e)| sender.is_some() && party_domain(e.to.as_deref(), sender.as_deref()))
        .or_else(|| {
            reported().rfind(|(_, e)| e.target.as_deref().is_some_and(|t| subject.contains(t)))
        })
        .or_else(|| reported().next_back())?
        .0;
    Some(Tied {
        incident,
        report,
        route: Route::Reference,
    })
}

/// The id inside the first `[ref:ID]` of a subject (any case), without
/// allocating: most subjects hold none.
fn ref_tag(subject: &str) -> Option<&str> {
    let bytes = subject.as_bytes();
    let mut from = 0;
    while let Some(at) = memchr::memchr(b'[', &bytes[from..]).map(|i| from + i) {
        let rest = &subject[at + 1..];
        if rest.len() > 4 && rest.as_bytes()[..4].eq_ignore_ascii_case(b"ref:") {
            let tag = &rest[4..];
            let end = tag.find(']')?;
            return Some(tag[..end].trim());
        }
        from = at + 1;
    }
    None
}

/// Whether the sender's registrable domain (`sender`) is the one the
/// report went to: its `to` address's, or a party named without an
/// address ("Mailblast") whose name is the domain's first label.
fn party_domain(to: Option<&str>, sender: Option<&str>) -> bool {
    let (Some(to), Some(sender)) = (to, sender) else {
        return false;
    };
    match crate::address::domain(to) {
        Some(host) => crate::address::registrable(host).as_deref() == Some(sender),
        None => {
            let name: String = to
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .collect::<String>()
                .to_ascii_lowercase();
            !name.is_empty() && sender.split('.').next() == Some(name.as_str())
        }
    }
}

/// One message that answers an incident's report, as `inbox` lists it
/// and `--apply` records it.
#[derive(Debug, Clone, Serialize)]
pub struct IncidentReply {
    pub incident: String,
    /// What was reported (the domain or account), as the report names it.
    pub target: Option<String>,
    /// Whom the report went to: its party and its address.
    pub party: Option<Party>,
    pub reported_to: Option<String>,
    pub message_id: Option<String>,
    pub date: NaiveDate,
    pub from: String,
    pub sender_domain: String,
    pub subject: String,
    pub matched_by: Route,
    /// `acknowledged`, `acted` or `refused`.
    pub proposal: Option<IncidentEventKind>,
    pub reference: Option<String>,
    pub language: Option<String>,
    /// The sentence that decided the proposal.
    pub quote: Option<String>,
    pub trusted: Option<bool>,
    pub terminal: bool,
    /// What `--accept` takes: `INCIDENT:HEX`, as for vendors.
    pub accept: Option<String>,
    pub needs_accept: bool,
    pub applied: bool,
    pub note: Option<String>,
    /// The report's place among the incident's events.
    #[serde(skip)]
    pub report: usize,
    #[serde(skip)]
    pub id_problem: Option<String>,
}

impl IncidentReply {
    /// Whether it waits for a person's `--accept`.
    pub fn waits_for_accept(&self) -> bool {
        self.needs_accept && !self.applied && self.note.as_deref() != Some(RECORDED_BEFORE)
    }
}

/// What a message tied to a report says, and whether it may be believed.
pub fn read(
    message: &Message<'_>,
    head: &Head,
    tied: Tied,
    reports: &Reports<'_>,
    table: &Lexicon,
    today: NaiveDate,
) -> IncidentReply {
    let incident = &reports.incidents[tied.incident];
    let report = &incident.events[tied.report];
    let own = message.own_words();
    let shown = |s: &str| {
        let flat: String = s.chars().take(300).collect();
        crate::printable::visible(&flat).into_owned()
    };
    let sender = crate::address::domain(&head.from).unwrap_or("");
    let mut reply = IncidentReply {
        incident: incident.id.value.clone(),
        target: report.target.clone().or_else(|| report.to.clone()),
        party: report.party,
        reported_to: report.to.clone(),
        message_id: head.message_id.clone(),
        date: head.date.filter(|d| *d <= today).unwrap_or(today),
        from: crate::printable::visible(&head.from).into_owned(),
        sender_domain: crate::printable::line(&sender.chars().take(100).collect::<String>())
            .into_owned(),
        subject: crate::printable::visible(&head.subject).into_owned(),
        matched_by: tied.route,
        proposal: None,
        reference: super::reference::find(
            &format!("{}\n{own}", head.subject),
            &table.references.after,
        ),
        language: None,
        quote: None,
        trusted: None,
        terminal: false,
        accept: head
            .message_id
            .as_deref()
            .map(|id| super::accept::tag(&incident.id.value, id)),
        needs_accept: false,
        applied: false,
        note: None,
        report: tied.report,
        id_problem: head.id_problem.clone(),
    };
    let Some(reader) = &reports.reader else {
        return reply;
    };
    let mut sentences = vec![head.subject.clone()];
    sentences.extend(text::sentences(&own));
    let language = reader.index.guess(&own);
    reply.language = language.map(|(code, _)| code.to_string());
    let (proposal, quote) = match language {
        Some((code, false)) => {
            reply.note = Some(format!(
                "it seems to be in the language `{code}`, which the abuse desks' words do not read: nothing is proposed; read it yourself"
            ));
            (None, None)
        }
        _ => says(reader, &sentences, reply.language.as_deref(), head),
    };
    reply.proposal = proposal;
    reply.quote = quote.as_deref().map(shown);
    // Who sent it: the receiving server's verdict first, then the party.
    let same = party_domain(
        report.to.as_deref(),
        crate::address::registrable(sender).as_deref(),
    );
    let distrust = if head.verdict == Verdict::Fails {
        Some(format!(
            "the receiving server's authentication failed for {}",
            reply.sender_domain
        ))
    } else if same || tied.route == Route::Thread {
        None
    } else {
        Some(format!(
            "it comes from {}, not the domain the report went to ({}), and names the report only by its [ref:] tag",
            reply.sender_domain,
            report.to.as_deref().unwrap_or("no address")
        ))
    };
    reply.trusted = match (&distrust, head.verdict) {
        (Some(_), _) => Some(false),
        (None, Verdict::Unknown) => None,
        (None, _) => Some(true),
    };
    if let Some(why) = distrust {
        reply.note = Some(match reply.proposal.take() {
            Some(p) => format!("{p} withheld: {why}"),
            None => format!("not trusted: {why}"),
        });
    } else if let Some(problem) = &reply.id_problem {
        reply.note = Some(format!("not recorded: {problem}"));
    }
    reply.terminal = reply.proposal.is_some_and(is_terminal);
    reply.needs_accept = reply.terminal;
    reply
}

/// An end state of a report: recorded only with a person's yes.
pub fn is_terminal(kind: IncidentEventKind) -> bool {
    matches!(kind, IncidentEventKind::Acted | IncidentEventKind::Refused)
}

/// What the sentences say to a report, and the sentence that says it. A
/// reply that reads both as a deed and as a refusal is an
/// acknowledgement: a person reads it.
fn says(
    reader: &Lexicon,
    sentences: &[String],
    language: Option<&str>,
    head: &Head,
) -> (Option<IncidentEventKind>, Option<String>) {
    let findings = reader.findings_in(sentences, language);
    let find = |said: Said| findings.iter().find(|f| f.said == said);
    match (find(Said::Refused), find(Said::Confirmed)) {
        (Some(refused), Some(_)) => (
            Some(IncidentEventKind::Acknowledged),
            Some(format!(
                "{} (it also reads as done: read it, and record the end state with `linger incident mark`)",
                refused.sentence
            )),
        ),
        (Some(refused), None) => (
            Some(IncidentEventKind::Refused),
            Some(refused.sentence.clone()),
        ),
        (None, Some(acted)) => (Some(IncidentEventKind::Acted), Some(acted.sentence.clone())),
        (None, None) => match find(Said::Acknowledged).or_else(|| find(Said::Question)) {
            Some(f) => (
                Some(IncidentEventKind::Acknowledged),
                Some(f.sentence.clone()),
            ),
            // A ticket system's automatic receipt that says nothing else.
            None if head.automatic || head.ticket => (
                Some(IncidentEventKind::Acknowledged),
                Some(head.subject.clone()),
            ),
            None => (None, None),
        },
    }
}

/// The answers to incidents' reports a run read, what was kept of their
/// messages (`kept[n]` for `replies[n]`), and the yeses given to them.
#[derive(Debug, Default)]
pub struct Answers {
    pub replies: Vec<IncidentReply>,
    pub kept: Vec<Kept>,
    pub accept: Accept,
}

impl Answers {
    /// Takes the values of `--accept` that name these replies out of
    /// `accept` (which keeps the vendors' ones), and refuses one that
    /// names none of them, or several.
    pub fn take_accepted(
        &mut self,
        accept: &mut Accept,
        inventory: &Inventory,
    ) -> Result<(), super::accept::Refusal> {
        // Oldest first, as the vendors' replies: steps go in the order
        // things happened.
        let mut both: Vec<(IncidentReply, Kept)> = std::mem::take(&mut self.replies)
            .into_iter()
            .zip(
                std::mem::take(&mut self.kept)
                    .into_iter()
                    .chain(std::iter::repeat_with(Kept::default)),
            )
            .collect();
        both.sort_by_key(|(reply, _)| reply.date);
        (self.replies, self.kept) = both.into_iter().unzip();
        let replies: Vec<&IncidentReply> = self.replies.iter().collect();
        self.accept = take_accepted(accept, inventory, &replies);
        check_accepted(&self.accept, &replies).map_err(|problem| super::accept::Refusal {
            problem,
            hint: "copy the tag from the `accept` column of `linger inbox` over the same mail"
                .into(),
        })
    }

    /// Where the replies that wait for a yes lie on the IMAP server.
    pub fn waiting(&self) -> impl Iterator<Item = &(String, u32)> {
        let waits = self.replies.iter().map(IncidentReply::waits_for_accept);
        waits
            .zip(&self.kept)
            .filter_map(|(w, k)| k.at.as_ref().filter(|_| w))
    }

    /// The decisions `--apply` would make, recorded nowhere: each reply's
    /// note says what it would do.
    pub fn look(&mut self, inventory: &Inventory) {
        let name = &mut |_: &str, _, _| String::new();
        plan(&self.accept, inventory, &mut self.replies, &[], true, name);
    }
}

/// The values of `--accept` that name incidents' replies (an incident's
/// id, `INCIDENT:HEX`, or a `Message-ID` one of `replies` has), taken out
/// of `accept`, which keeps the vendors' ones.
pub fn take_accepted(
    accept: &mut Accept,
    inventory: &Inventory,
    replies: &[&IncidentReply],
) -> Accept {
    let is_incident = |id: &str| inventory.incidents.iter().any(|i| i.id.value == id);
    let (ours, theirs): (Vec<Pick>, Vec<Pick>) = std::mem::take(&mut accept.picks)
        .into_iter()
        .partition(|pick| match pick {
            Pick::Vendor(id) => is_incident(id),
            Pick::Tag(tag) => tag.split(':').next().is_some_and(is_incident),
            Pick::MessageId(id) => replies.iter().any(|r| r.message_id.as_deref() == Some(id)),
        });
    accept.picks = theirs;
    Accept { picks: ours }
}

/// Refuses a yes that names no reply, or an incident's id when more than
/// one of its replies waits for a yes.
pub fn check_accepted(accept: &Accept, replies: &[&IncidentReply]) -> Result<(), String> {
    for pick in &accept.picks {
        let named: BTreeSet<&str> = replies
            .iter()
            .filter(|r| covers(pick, r))
            .filter(|r| !matches!(pick, Pick::Vendor(_)) || r.waits_for_accept())
            .filter_map(|r| r.message_id.as_deref())
            .collect();
        let what = match pick {
            Pick::Vendor(id) | Pick::Tag(id) | Pick::MessageId(id) => id,
        };
        match (pick, named.len()) {
            (Pick::Vendor(_), 0 | 1) => {}
            (_, 0) => return Err(format!("`--accept {what}` names no reply in this mail")),
            (_, 1) => {}
            (_, n) => {
                return Err(format!(
                    "`--accept {what}` names {n} replies: accept the one you read by its tag or Message-ID"
                ));
            }
        }
    }
    Ok(())
}

fn covers(pick: &Pick, reply: &IncidentReply) -> bool {
    match pick {
        Pick::Vendor(id) => *id == reply.incident,
        Pick::Tag(tag) => reply.accept.as_deref() == Some(tag.as_str()),
        Pick::MessageId(id) => reply.message_id.as_deref() == Some(id.as_str()),
    }
}

/// What one run records for the incidents: one `incident mark` a reply.
#[derive(Debug, Default)]
pub struct Plan {
    /// The places of the replies recorded.
    pub recorded: Vec<usize>,
    pub changes: Vec<IncidentChange>,
    /// Each recorded reply's copy written aside, and the evidence file it
    /// becomes.
    pub moves: Vec<(usize, String)>,
}

/// An abuse desk's reply as the run keeps it: its message's SHA-256 and
/// the copy written aside (`--apply` only).
#[derive(Debug, Clone, Default)]
pub struct Kept {
    pub sha256: Option<String>,
    pub copy: Option<usize>,
    /// Read over IMAP: where it lies (mailbox, UID), so that a reply that
    /// waits for a yes is read again next time.
    pub at: Option<(String, u32)>,
}

/// Decides each reply in date order, as the incidents are and as this
/// run's earlier replies leave them, and plans what `--apply` records; a
/// reply not recorded gets a `note` saying why. `kept[n]` is what was
/// kept of the `n`th reply's message (a copy is needed unless `dry_run`);
/// `evidence` names its evidence file (incident, date, kind).
pub fn plan(
    accept: &Accept,
    inventory: &Inventory,
    replies: &mut [IncidentReply],
    kept: &[Kept],
    dry_run: bool,
    evidence: &mut dyn FnMut(&str, NaiveDate, IncidentEventKind) -> String,
) -> Plan {
    let zone = inventory.organization.time_zone;
    let mut plan = Plan::default();
    // What this run adds: the message ids recorded, the reports' new
    // states and each incident's last date.
    let mut recorded: BTreeSet<String> = BTreeSet::new();
    let mut states: HashMap<(String, usize), TakedownState> = HashMap::new();
    let mut last: HashMap<String, NaiveDate> = HashMap::new();
    for (n, reply) in replies.iter_mut().enumerate() {
        let Some(incident) = inventory
            .incidents
            .iter()
            .find(|i| i.id.value == reply.incident)
        else {
            continue;
        };
        let key = (reply.incident.clone(), reply.report);
        let state = states.get(&key).copied().unwrap_or_else(|| {
            let report = &incident.events[reply.report];
            crate::incident::takedown::of(incident, zone)
                .into_iter()
                .find(|t| t.span == report.span)
                .map_or(TakedownState::Waiting, |t| t.state)
        });
        let latest = last.get(&reply.incident).copied().or_else(|| {
            incident
                .events
                .last()
                .map(|e: &crate::inventory::IncidentEvent| e.on.value.date())
        });
        let accepted = accept.picks.iter().any(|p| covers(p, reply));
        match decide(reply, incident, state, latest, &recorded, accepted) {
            Err(why) => {
                if reply.note.is_none() || why == RECORDED_BEFORE {
                    reply.note = Some(why);
                }
            }
            Ok(kind) => {
                let Kept { sha256, copy, .. } = kept.get(n).cloned().unwrap_or_default();
                if copy.is_none() && !dry_run {
                    reply.note =
                        Some("its message was not kept as evidence: run again to record it".into());
                    continue;
                }
                let path = evidence(&reply.incident, reply.date, kind);
                if let Some(copy) = copy {
                    plan.moves.push((copy, path.clone()));
                }
                let id = reply.message_id.clone().unwrap_or_default();
                recorded.insert(id);
                states.insert(
                    key,
                    match kind {
                        IncidentEventKind::Acted => TakedownState::Down,
                        IncidentEventKind::Refused => TakedownState::Refused,
                        _ => TakedownState::Acknowledged,
                    },
                );
                last.insert(reply.incident.clone(), reply.date);
                plan.recorded.push(n);
                plan.changes.push(IncidentChange::Mark {
                    id: reply.incident.clone(),
                    event: NewIncidentEvent {
                        on: When::Day(reply.date),
                        kind,
                        to: Some(reply.from.clone()),
                        party: None,
                        target: reply.target.clone(),
                        letter: None,
                        message_id: reply.message_id.clone(),
                        people: None,
                        how: None,
                        note: reply
                            .quote
                            .as_ref()
                            .map(|q| format!("reply from {}: \"{q}\"", reply.from)),
                        evidence: Some(path),
                        evidence_sha256: sha256,
                    },
                });
            }
        }
    }
    plan
}

/// Whether a reply is recorded, as the incident and its report stand
/// (`state`, `latest`: its last event's day; `recorded`: this run's
/// message ids), or why not.
fn decide(
    reply: &IncidentReply,
    incident: &Incident,
    state: TakedownState,
    latest: Option<NaiveDate>,
    recorded: &BTreeSet<String>,
    accepted: bool,
) -> Result<IncidentEventKind, String> {
    let Some(kind) = reply.proposal else {
        return Err("nothing to record".into());
    };
    if reply.trusted == Some(false) {
        return Err(reply
            .note
            .clone()
            .unwrap_or_else(|| "not trusted: nothing of it is recorded".into()));
    }
    if let Some(problem) = &reply.id_problem {
        return Err(format!("not recorded: {problem}"));
    }
    let Some(id) = reply.message_id.as_deref() else {
        return Err("the message has no Message-ID, so a second run could not tell it was recorded: record it with `linger incident mark`".into());
    };
    if recorded.contains(id)
        || incident
            .events
            .iter()
            .any(|e| e.message_id.as_deref() == Some(id))
    {
        return Err(RECORDED_BEFORE.into());
    }
    if state == TakedownState::Down {
        return Err("the report's target is down already: nothing recorded".into());
    }
    if kind == IncidentEventKind::Acknowledged && state != TakedownState::Waiting {
        return Err("the report was answered already: one acknowledgement is recorded".into());
    }
    if latest.is_some_and(|day| reply.date < day) {
        return Err(format!(
            "dated before the incident's last event ({}): record it with `linger incident mark --on` if it matters",
            latest.unwrap_or(reply.date)
        ));
    }
    if is_terminal(kind) && !accepted {
        return Err(format!(
            "an end state of a report is recorded only with a person's yes: read it, then `--accept {}`",
            reply.accept.as_deref().unwrap_or(&reply.incident)
        ));
    }
    Ok(kind)
}

/// Whether `--apply` may record it at all, before the run's yes is known:
/// its message is then written aside as it is read.
pub fn may_record(reply: &IncidentReply) -> bool {
    reply.proposal.is_some()
        && reply.trusted != Some(false)
        && reply.id_problem.is_none()
        && reply.message_id.is_some()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn reads(text: &str) -> Option<IncidentEventKind> {
        let reader = Lexicon::builtin().abuse_reader();
        let head = Head::parse(b"From: a@b.example\r\nSubject: x\r\n\r\n", &reader).unwrap();
        let sentences: Vec<String> = text::sentences(text);
        let language = reader.index.guess(text).map(|(c, _)| c.to_string());
        says(&reader, &sentences, language.as_deref(), &head).0
    }

    #[test]
    fn a_deed_done_is_acted_and_one_promised_negated_or_conditional_is_not() {
        use IncidentEventKind::{Acknowledged, Acted, Refused};
        for (text, want) in [
            (
                "The domain northwind-billing.example has been suspended.",
                Some(Acted),
            ),
            (
                "We have suspended the account that sent these messages.",
                Some(Acted),
            ),
            ("The site has been taken down by the host.", Some(Acted)),
            ("Wir haben die Domain inzwischen gesperrt.", Some(Acted)),
            ("Vi har nå suspendert domenet.", Some(Acted)),
            ("Le domaine a été suspendu.", Some(Acted)),
            ("El dominio ha sido suspendido.", Some(Acted)),
            ("Het domein is opgeschort.", Some(Acted)),
            (
                "We will suspend the domain if the registrant does not respond.",
                Some(Acknowledged),
            ),
            // Not done (yet): the report is being worked on, never acted.
            ("The domain has not been suspended.", Some(Acknowledged)),
            ("The domain will not be suspended.", Some(Refused)),
            (
                "We are only the registrar; please contact the hosting provider.",
                Some(Refused),
            ),
            ("We found no violation of our policy.", Some(Refused)),
            (
                "Thank you for your report, we are looking into it.",
                Some(Acknowledged),
            ),
            ("Please suspend the domain.", None),
        ] {
            assert_eq!(reads(text), want, "{text}");
        }
    }

    #[test]
    fn without_a_report_nothing_is_built_and_no_message_is_tied() {
        let today = NaiveDate::from_ymd_opt(2026, 12, 3).unwrap();
        let inventory = crate::inventory::parse(
            "schema = 1\n[organization]\nname = \"N\"\nemail = \"s@northwind.example\"\n\n\
             [[incident]]\nid = \"2026-11-29\"\naware = 2026-11-29T08:30:00+01:00\n",
            today,
        )
        .unwrap();
        let table = Lexicon::builtin();
        let reports = Reports::new(&inventory, &table);
        // No `reported` event: no reader, no index; the tag is no route.
        assert!(reports.reader.is_none() && reports.by_id.is_empty() && reports.tags.is_empty());
        let head = Head::parse(
            b"From: abuse@registrar.example\r\nSubject: Re: [ref:2026-11-29]\r\n\r\n",
            &table,
        )
        .unwrap();
        assert_eq!(route(&head, &reports), None);
    }

    #[test]
    fn abuse_words_are_data_and_an_empty_one_is_refused() {
        let table = Lexicon::builtin()
            .extended_by("[abuse.language.en]\nacted = [\"nuked\"]\n")
            .unwrap();
        let reader = table.abuse_reader();
        let said = reader.findings(&["We have nuked the domain.".to_string()]);
        assert_eq!(said.first().map(|f| f.said), Some(Said::Confirmed));
        let err = Lexicon::builtin()
            .extended_by(
                "[[abuse.rule]]\nproposal = \"acted\"\nlanguage = \"en\"\nphrases = [\"*\"]\n",
            )
            .unwrap_err();
        assert!(
            err.contains("[[abuse.rule]]") && err.contains("empty phrase"),
            "{err}"
        );
        // Every language the replies are read in has abuse words.
        let builtin = Lexicon::builtin();
        for code in builtin.languages() {
            let words = &builtin.abuse.language[code];
            assert!(
                !words.acted.is_empty() && !words.acting.is_empty(),
                "{code}"
            );
        }
    }

    #[test]
    fn a_ref_tag_is_found_in_any_case_without_a_thread() {
        assert_eq!(
            ref_tag("[Ticket #1] Re: Report [ref:2026-11-29]"),
            Some("2026-11-29")
        );
        assert_eq!(ref_tag("RE: [REF:abc]"), Some("abc"));
        assert_eq!(ref_tag("[ticket] no tag"), None);
        assert_eq!(ref_tag("[ref:unclosed"), None);
        assert_eq!(ref_tag("["), None);
    }

    #[test]
    fn a_party_is_the_domain_the_report_went_to_or_its_name() {
        assert!(party_domain(
            Some("abuse@registrar.example"),
            Some("registrar.example")
        ));
        assert!(party_domain(Some("Mailblast"), Some("mailblast.example")));
        assert!(!party_domain(
            Some("abuse@registrar.example"),
            Some("registrar-support.example")
        ));
        assert!(!party_domain(None, Some("registrar.example")));
    }
}
