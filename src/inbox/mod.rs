//! Hearing the answers: which vendor a message in the privacy mailbox
//! answers, how we know (`Route`), and what it says (`Proposal`). Pure:
//! a message's bytes, the inventory and `today` in; a `Reply` out
//! (`read::reply_of`, which parses each message once, as a
//! `mail::Message`); what `--apply` records (`decide`, `record`). The
//! command reads the mailbox and records what a person allows.
//!
//! docs/inbox.md is this module in prose: the matching order, the phrase
//! table (`replies.toml`), trust, and what is kept.

pub mod accept;
pub mod bounce;
pub mod clause;
pub mod contact;
pub mod decide;
pub mod incident;
pub mod message_id;
pub mod portal;
pub mod read;
pub mod record;
pub mod reference;
pub mod rules;
pub mod says;
pub mod text;
pub mod trust;

use chrono::NaiveDate;
use serde::Serialize;

use crate::address;
use crate::inventory::{EventKind, Inventory, Vendor};
use crate::mail::Message;
use crate::mail::auth::Verdict;
use crate::status::evaluate;
use crate::terms::keyword_enum;
use rules::{Lexicon, Said};

keyword_enum! {
    /// How a message was tied to a vendor, most certain first.
    Route {
        Token = "token",
        Thread = "thread",
        Reference = "reference",
        Domain = "domain",
        Portal = "portal",
        Bounce = "bounce",
    }
}

keyword_enum! {
    /// The event a reply proposes.
    Proposal {
        Bounced = "bounced",
        Acknowledged = "acknowledged",
        Extended = "extended",
        Question = "question",
        Confirmed = "confirmed",
        Refused = "refused",
        NotNeeded = "not-needed",
        ContactChanged = "contact-changed",
    }
}

impl Proposal {
    /// An end state: recorded only when a person accepts it.
    pub fn is_terminal(self) -> bool {
        matches!(
            self,
            Proposal::Confirmed | Proposal::Refused | Proposal::NotNeeded
        )
    }

    /// The event kind it records (a question is an acknowledgement whose
    /// note starts with `question:`).
    pub fn event_kind(self) -> EventKind {
        match self {
            Proposal::Bounced => EventKind::Bounced,
            // A contact change is recorded as an acknowledgement with a
            // `contact-changed:` note (`contact.rs` says why).
            Proposal::Acknowledged | Proposal::Question | Proposal::ContactChanged => {
                EventKind::Acknowledged
            }
            Proposal::Extended => EventKind::Extended,
            Proposal::Confirmed => EventKind::Confirmed,
            Proposal::Refused => EventKind::Refused,
            Proposal::NotNeeded => EventKind::NotNeeded,
        }
    }
}

/// What the header block of a message says, enough to match it.
#[derive(Debug, Clone)]
pub struct Head {
    /// With its brackets; `None` when it has none, or one that cannot be
    /// kept (`id_problem` says why).
    pub message_id: Option<String>,
    /// What is wrong with the `Message-ID` the message has: it is shown,
    /// not recorded (`message_id.rs`).
    pub id_problem: Option<String>,
    pub date: Option<NaiveDate>,
    /// The sender's address, lower case.
    pub from: String,
    /// The sender's display name (`MailOrbit Privacy`), as written.
    pub from_name: Option<String>,
    pub subject: String,
    /// `To`, `Cc`, `Delivered-To`, `X-Original-To`, lower case.
    pub recipients: Vec<String>,
    /// `In-Reply-To` and `References`, with their brackets.
    pub thread: Vec<String>,
    /// RFC 3834 `Auto-Submitted` other than `no`.
    pub automatic: bool,
    /// A newsletter: `List-Unsubscribe`, `List-Id`, or `Precedence: bulk`.
    pub bulk: bool,
    /// A ticket system's headers (`replies.toml`, `[tenants]`).
    pub ticket: bool,
    pub content_type: String,
    /// An `X-Failed-Recipients` header (Exim's, Gmail's bounces).
    pub failed_recipients: bool,
    /// The receiving server's verdict on the sender.
    pub verdict: Verdict,
}

impl Head {
    /// The header facts of a message's bytes (its header block, or all of
    /// it). `Head::of` reads them from a message already parsed.
    pub fn parse(raw: &[u8], table: &Lexicon) -> Option<Head> {
        Head::of(&Message::headers(raw)?, table)
    }

    /// The header facts of a parsed message.
    pub fn of(message: &Message<'_>, table: &Lexicon) -> Option<Head> {
        let (from_name, from) = message.sender()?;
        let from_name = from_name.map(str::to_string);
        let from = from.to_ascii_lowercase();
        let recipients = message
            .recipients()
            .iter()
            .map(|a| a.to_ascii_lowercase())
            .collect();
        let thread = message.thread();
        let raw_header = |name: &'static str| message.header_raw(name).map(str::trim);
        let automatic =
            raw_header("Auto-Submitted").is_some_and(|v| !v.to_ascii_lowercase().starts_with("no"));
        let precedence = raw_header("Precedence").map(str::to_ascii_lowercase);
        let bulk = raw_header("List-Unsubscribe").is_some()
            || raw_header("List-Id").is_some()
            || precedence.is_some_and(|p| matches!(p.as_str(), "bulk" | "list" | "junk"));
        let ticket = message.header_names().any(|name| {
            table
                .tenants
                .headers
                .iter()
                .any(|h| h.eq_ignore_ascii_case(name))
        });
        let subject = message.subject_line().unwrap_or_default();
        let from_domain = crate::address::domain(&from).unwrap_or("").to_string();
        let (message_id, id_problem) = match message.message_id() {
            None => (None, None),
            Some(id) => match message_id::checked(id) {
                Ok(id) => (Some(id), None),
                Err(why) => (
                    None,
                    Some(format!("its Message-ID {} {why}", message_id::shown(id))),
                ),
            },
        };
        Some(Head {
            message_id,
            id_problem,
            date: message.date(),
            subject,
            recipients,
            thread,
            automatic,
            bulk,
            ticket,
            content_type: raw_header("Content-Type")
                .unwrap_or("text/plain")
                .to_string(),
            failed_recipients: raw_header("X-Failed-Recipients").is_some(),
            verdict: message.verdict(&from_domain),
            from,
            from_name,
        })
    }

    /// Whether the header says this may be a non-delivery report, so the
    /// body must be read to tell.
    pub fn may_bounce(&self) -> bool {
        self.failed_recipients || bounce::may_be(&self.from, &self.subject, &self.content_type)
    }

    /// Whether the message reads as a reply rather than a newsletter: a
    /// reply prefix, an automatic reply, a ticket system's, or our name.
    fn reads_as_reply(&self, organization: &str) -> bool {
        let subject = self.subject.to_lowercase();
        let prefixed = crate::mail::markers::get()
            .reply_prefixes
            .iter()
            .any(|p| subject.starts_with(p.as_str()));
        !self.bulk
            && (prefixed
                || self.automatic
                || self.ticket
                || subject.contains(&organization.to_lowercase()))
    }
}

/// The vendor a message answers, and how we know; `None` for every other
/// message (never stored or printed).
pub fn route<'a>(
    head: &Head,
    bounced: Option<&bounce::Bounce>,
    inventory: &'a Inventory,
    table: &Lexicon,
) -> Option<(&'a Vendor, Route)> {
    let vendors = &inventory.vendors;
    if let Some(bounce) = bounced {
        // The letter it returns is the surer sign: an address can be
        // named by anyone, a recorded Message-ID only by who saw it.
        let by_letter = vendors.iter().find(|v| {
            v.events.iter().any(|e| {
                e.message_id
                    .as_deref()
                    .is_some_and(|id| bounce.returned.iter().any(|r| r == id))
            })
        });
        let by_address = || {
            vendors.iter().find(|v| {
                v.privacy_email
                    .as_deref()
                    .is_some_and(|e| bounce.failed.iter().any(|f| f.eq_ignore_ascii_case(e)))
            })
        };
        return by_letter.or_else(by_address).map(|v| (v, Route::Bounce));
    }
    let org = &inventory.organization;
    let org_domain = org.domain().to_ascii_lowercase();
    // A plus address names a vendor only where letters ask for one
    // (`reply_tag`); elsewhere a stranger's tag would route like ours.
    let token = head
        .recipients
        .iter()
        .filter(|_| org.reply_tag)
        .find_map(|address| {
            let (local, domain) = crate::address::split(address)?;
            let (_, tag) = local.split_once('+')?;
            (domain == org_domain).then_some(tag)?;
            vendors
                .iter()
                .find(|v| v.id.value.eq_ignore_ascii_case(tag))
        });
    if let Some(vendor) = token {
        return Some((vendor, Route::Token));
    }
    let thread = vendors.iter().find(|v| {
        v.events.iter().any(|e| {
            e.message_id
                .as_deref()
                .is_some_and(|id| head.thread.iter().any(|t| t == id))
        })
    });
    if let Some(vendor) = thread {
        return Some((vendor, Route::Thread));
    }
    let subject = head.subject.to_ascii_lowercase();
    let tagged = vendors.iter().find(|v| {
        subject.contains(&crate::letters::reference_tag(&v.id.value).to_ascii_lowercase())
    });
    if let Some(vendor) = tagged {
        return Some((vendor, Route::Reference));
    }
    // A ticket's number in the subject that an earlier reply of exactly
    // one vendor was recorded with: an update of the same ticket, however
    // its subject reads ("[DPO-1177] Status changed"). Who sent it is
    // still weighed (`trust`).
    // Read only when the subject holds a recorded reference at all: most
    // of a mailbox names none, and this runs for every message.
    let recorded = |v: &Vendor| {
        v.events.iter().any(|e| {
            e.reference
                .as_deref()
                .is_some_and(|r| !r.is_empty() && head.subject.contains(r))
        })
    };
    if vendors.iter().any(recorded)
        && let Some(number) = reference::find(&head.subject, &table.references.after)
    {
        let mut named = vendors.iter().filter(|v| {
            v.events
                .iter()
                .any(|e| e.reference.as_deref() == Some(number.as_str()))
        });
        if let (Some(vendor), None) = (named.next(), named.next()) {
            return Some((vendor, Route::Reference));
        }
    }
    // A request portal's notice, in a vendor's name: never a newsletter.
    if !head.bulk
        && let Some(vendor) = trust::portal_customer(head, vendors, table)
    {
        return Some((vendor, Route::Portal));
    }
    // A vendor's own notice ("Your erasure request is complete") reads as
    // a reply too; a newsletter never does.
    if !head.reads_as_reply(&org.name) && (head.bulk || !table.index.names_request(&head.subject)) {
        return None;
    }
    let host = crate::address::domain(&head.from)?;
    address::registrable(host)?;
    vendors
        .iter()
        .find(|v| trust::is_vendors(host, v, table))
        .map(|v| (v, Route::Domain))
}

/// One matched message, as `inbox` reports it and `--apply` records it.
#[derive(Debug, Clone, Serialize)]
pub struct Reply {
    pub vendor: String,
    pub message_id: Option<String>,
    /// YYYY-MM-DD: the message's `Date`, or today when it has none.
    pub date: NaiveDate,
    pub from: String,
    /// The host of `from`: whose word it is, shown in the table.
    pub sender_domain: String,
    pub subject: String,
    pub matched_by: Route,
    pub proposal: Option<Proposal>,
    pub reference: Option<String>,
    pub until: Option<NaiveDate>,
    /// The web form a reply sends us to (a `question`).
    pub url: Option<String>,
    /// The address a `contact-changed` reply gives instead of ours.
    pub new_address: Option<String>,
    /// The language its words seem to be in (by stop words), when they
    /// tell.
    pub language: Option<String>,
    /// What a confirmation says is kept under a duty (the sentence).
    pub kept: Option<String>,
    pub reason: Option<String>,
    /// The sentence that decided the proposal.
    pub quote: Option<String>,
    /// The receiving server's verdict: `false` when DMARC failed, or DKIM
    /// and SPF both did; `null` with no `Authentication-Results`.
    pub trusted: Option<bool>,
    pub terminal: bool,
    /// What `--accept` takes for this reply (`VENDOR:HEX`, `accept.rs`);
    /// `null` without a usable `Message-ID`.
    pub accept: Option<String>,
    /// The proposal is recorded only with a person's yes: an end state, an
    /// extension of more than a year, or a third extension in a row.
    pub needs_accept: bool,
    pub applied: bool,
    /// Why a proposal was withheld, or will not be recorded.
    pub note: Option<String>,
    /// The deadline that ran when the reply was read: what an extension
    /// moves.
    #[serde(skip)]
    pub moves: Option<NaiveDate>,
    /// What is wrong with its `Message-ID`, for a warning that names it.
    #[serde(skip)]
    pub id_problem: Option<String>,
}

impl Reply {
    /// Whether it waits for a person's `--accept`: its proposal needs one,
    /// and it was not recorded, by this run or an earlier one.
    pub fn waits_for_accept(&self) -> bool {
        self.needs_accept && !self.applied && self.note.as_deref() != Some(RECORDED_BEFORE)
    }

    /// A warning about a reply that cannot be recorded for its own bytes
    /// (an odd or oversized `Message-ID`), naming it.
    pub fn warning(&self) -> Option<String> {
        let problem = self.id_problem.as_deref()?;
        let subject: String = self.subject.chars().take(80).collect();
        Some(format!(
            "the reply from {} of {} (\"{}\"), matched to {}: {problem}; it is listed, not recorded (`linger mark` records it by hand)",
            crate::printable::line(&self.from),
            self.date,
            crate::printable::line(&subject),
            self.vendor
        ))
    }
}

/// A message read whole: its header facts, its own words (the first text
/// part without what it quotes or signs, `Message::own_words`) and, for a
/// non-delivery report, what it says failed.
pub struct Read<'a> {
    pub head: &'a Head,
    pub own: &'a str,
    pub bounced: Option<&'a bounce::Bounce>,
}

/// What a matched message proposes.
pub fn read_reply(
    message: &Read<'_>,
    vendor: &Vendor,
    route: Route,
    inventory: &Inventory,
    table: &Lexicon,
    today: NaiveDate,
) -> Reply {
    let Read { head, own, bounced } = *message;
    let date = head.date.filter(|d| *d <= today).unwrap_or(today);
    // Who sent it decides whether anything of it is recorded; the
    // receiving server's verdict says how sure that is.
    let distrust = match bounced {
        Some(bounce) => trust::bounce(head, bounce, vendor, inventory),
        None => trust::reply(head, vendor, inventory, table),
    }
    .err();
    let trusted = match (&distrust, head.verdict) {
        (Some(_), _) | (None, Verdict::Fails) => Some(false),
        (None, Verdict::Unknown) => None,
        (None, Verdict::Passes | Verdict::Verified) => Some(true),
    };
    let sender_domain: String = crate::address::domain(&head.from)
        .unwrap_or("")
        .chars()
        .take(100)
        .collect();
    let mut reply = Reply {
        vendor: vendor.id.value.clone(),
        message_id: head.message_id.clone(),
        date,
        from: crate::printable::visible(&head.from).into_owned(),
        sender_domain: crate::printable::line(&sender_domain).into_owned(),
        subject: crate::printable::visible(&head.subject).into_owned(),
        matched_by: route,
        proposal: None,
        reference: None,
        until: None,
        url: None,
        new_address: None,
        language: None,
        kept: None,
        reason: None,
        quote: None,
        trusted,
        terminal: false,
        accept: head
            .message_id
            .as_deref()
            .map(|id| accept::tag(&vendor.id.value, id)),
        needs_accept: false,
        applied: false,
        note: None,
        moves: None,
        id_problem: head.id_problem.clone(),
    };
    if let Some(bounce) = bounced {
        reply.proposal = Some(Proposal::Bounced);
        reply.quote = Some(match bounce.failed.first() {
            Some(address) => format!(
                "could not be delivered to {}",
                crate::printable::line(address)
            ),
            None => "could not be delivered".to_string(),
        });
        return settled(reply, distrust.as_deref(), vendor);
    }
    let mut sentences = vec![head.subject.clone()];
    sentences.extend(text::sentences(own));
    reply.reference = reference::find(&format!("{}\n{own}", head.subject), &table.references.after);
    let said = says::what_it_says(&sentences, own, head, vendor, inventory, table);
    let quote = |s: &str| {
        let flat: String = s.chars().take(300).collect();
        crate::printable::visible(&flat).into_owned()
    };
    reply.language = said.language.clone();
    let proposal = match said.finding.as_ref().map(|f| f.said) {
        Some(Said::Ignore) => {
            reply.note = Some("an out-of-office reply: it acknowledges nothing".into());
            reply.reference = None;
            None
        }
        Some(Said::Refused | Said::Retention) => Some(Proposal::Refused),
        Some(Said::NotNeeded) => Some(Proposal::NotNeeded),
        Some(Said::Confirmed) => Some(Proposal::Confirmed),
        Some(Said::ContactChanged) => Some(Proposal::ContactChanged),
        Some(Said::Question | Said::Portal) => Some(Proposal::Question),
        Some(Said::Acknowledged) => Some(Proposal::Acknowledged),
        None if said.unread.is_some() => None,
        None if head.automatic || head.ticket => Some(Proposal::Acknowledged),
        None => None,
    };
    if let Some(unread) = &said.unread {
        reply.note = Some(format!(
            "it seems to be in {unread}, a language the reply tables do not read: nothing is proposed; read it yourself"
        ));
    }
    reply.url = said.url.clone();
    reply.new_address = said.new_address.clone();
    reply.quote = said.finding.as_ref().map(|f| match f.said {
        // The cue ("before we can proceed, we need to know one thing") is
        // rarely the question itself: keep the sentences up to the first
        // that asks, so the note holds what the vendor wants to know.
        Said::Question => quote(&text::through_question(&sentences, &f.sentence)),
        _ => quote(&f.sentence),
    });
    // A new date, later than the one that runs now, extends the deadline;
    // an earlier one changes nothing. A date before the reply, or more
    // than a year after it, is shown and never applied.
    if matches!(proposal, None | Some(Proposal::Acknowledged))
        && said.unread.is_none()
        && said.finding.as_ref().is_none_or(|f| f.said != Said::Ignore)
    {
        let due = evaluate(inventory, vendor, today).due.map(|d| d.on);
        reply.moves = due;
        let year_on = date
            .checked_add_months(chrono::Months::new(12))
            .unwrap_or(NaiveDate::MAX);
        let named = sentences
            .iter()
            .take(2000)
            .find_map(|s| Some((text::deadline(s, date, &table.calendar)?, s)));
        reply.proposal = proposal;
        match named {
            Some((until, sentence)) if until < date || until > year_on => {
                let when = if until < date {
                    "in the past"
                } else {
                    "more than a year ahead"
                };
                reply.note = Some(format!(
                    "it names {until}, {when}: shown, not applied (\"{}\")",
                    quote(sentence)
                ));
            }
            Some((until, sentence)) if due.is_none_or(|due| until > due) => {
                reply.until = Some(until);
                reply.quote = Some(quote(sentence));
                reply.proposal = Some(Proposal::Extended);
            }
            _ => {}
        }
    } else {
        reply.proposal = proposal;
    }
    if let Some(p) = reply.proposal
        && matches!(p, Proposal::Refused | Proposal::NotNeeded)
    {
        reply.reason = reply.quote.clone();
    }
    // Deleted, but for what a duty keeps: shown beside the confirmation.
    if reply.proposal == Some(Proposal::Confirmed) {
        reply.kept = said.kept.as_deref().map(quote);
    }
    settled(reply, distrust.as_deref(), vendor)
}

/// The reply as it is listed: an untrusted one's proposal withheld,
/// whatever it is; a trusted one's marked if it waits for a yes.
fn settled(mut reply: Reply, distrust: Option<&str>, vendor: &Vendor) -> Reply {
    if let Some(why) = distrust {
        reply.note = Some(match reply.proposal.take() {
            Some(p) => format!("{p} withheld: {why}"),
            None => format!("not trusted: {why}"),
        });
        reply.until = None;
        reply.reason = None;
    } else if let Some(problem) = &reply.id_problem {
        reply.note = Some(format!("not recorded: {problem}"));
    }
    reply.terminal = reply.proposal.is_some_and(Proposal::is_terminal);
    reply.needs_accept = needs_yes(&reply, vendor).is_some();
    reply
}

/// Why a reply's proposal is recorded only with a person's yes, as
/// `vendor` is now; `None` when it needs none. An end state; an extension
/// more than a year past the deadline it moves; a third extension of the
/// same request in a row (GDPR allows one, of two months).
pub fn needs_yes(reply: &Reply, vendor: &Vendor) -> Option<String> {
    let proposal = reply.proposal?;
    if proposal.is_terminal() {
        return Some("an end state is recorded only with a person's yes".into());
    }
    if proposal == Proposal::ContactChanged {
        return Some("a new privacy address is set only with a person's yes".into());
    }
    if proposal != Proposal::Extended {
        return None;
    }
    // The events of the request that runs now.
    let since_request: Vec<_> = match vendor
        .events
        .iter()
        .rposition(|e| e.kind == EventKind::Requested)
    {
        Some(at) => vendor.events[at..].iter().collect(),
        None => vendor.events.iter().collect(),
    };
    let extended: Vec<NaiveDate> = since_request
        .iter()
        .filter(|e| e.kind == EventKind::Extended)
        .filter_map(|e| e.until)
        .collect();
    let count = since_request
        .iter()
        .filter(|e| e.kind == EventKind::Extended)
        .count();
    if count >= MAX_EXTENSIONS {
        return Some(format!(
            "the vendor extended its deadline {count} times already: one more is recorded only with a person's yes"
        ));
    }
    let until = reply.until?;
    let moved = reply
        .moves
        .into_iter()
        .chain(extended.iter().copied())
        .max()
        .unwrap_or(reply.date);
    let year_later = moved
        .checked_add_months(chrono::Months::new(12))
        .unwrap_or(NaiveDate::MAX);
    (until > year_later).then(|| {
        format!(
            "an extension to {until}, more than a year past the deadline it moves ({moved}), is recorded only with a person's yes"
        )
    })
}

/// How many extensions of one request in a row are recorded without a
/// person's yes.
pub const MAX_EXTENSIONS: usize = 2;

/// Why a reply is not recorded: it was, by an earlier run.
pub const RECORDED_BEFORE: &str = "recorded before";

/// Whether `--apply` records a reply's proposal for `vendor` (as the
/// inventory is now), or why not. `accepted`: the vendor is in `--accept`.
pub fn decide(reply: &Reply, vendor: &Vendor, accepted: bool) -> Result<(), String> {
    let Some(proposal) = reply.proposal else {
        return Err("nothing to record".into());
    };
    if reply.trusted == Some(false) {
        return Err("not trusted: nothing of it is recorded".into());
    }
    if let Some(problem) = &reply.id_problem {
        return Err(format!("not recorded: {problem}"));
    }
    let Some(id) = &reply.message_id else {
        return Err("the message has no Message-ID, so a second run could not tell it was recorded: record it with `linger mark`".into());
    };
    if vendor
        .events
        .iter()
        .any(|e| e.message_id.as_deref() == Some(id))
    {
        return Err(RECORDED_BEFORE.into());
    }
    // An older reply is recorded at its own date, where it belongs in the
    // history: what came before that date decides, and the event after it
    // must still follow.
    let at = vendor
        .events
        .iter()
        .position(|e| e.on.value > reply.date)
        .unwrap_or(vendor.events.len());
    let done = at
        .checked_sub(1)
        .is_some_and(|last| vendor.events[last].kind.is_done());
    if done && !proposal.is_terminal() {
        return Err("the deletion is already done: nothing recorded".into());
    }
    if let (Some(why), false) = (needs_yes(reply, vendor), accepted) {
        return Err(format!(
            "{why}: read it, then `--accept {}`",
            reply.accept.as_deref().unwrap_or(&vendor.id.value)
        ));
    }
    if let Some(next) = vendor.events.get(at)
        && next.kind.needs_finished_deletion()
        && !proposal.event_kind().is_done()
    {
        return Err(format!(
            "dated before the vendor's `{}` event of {}, which must follow the confirmation it checks: record it with `linger mark` if it matters",
            next.kind, next.on.value
        ));
    }
    // Events go in date order: an older reply answers only a request made
    // before it.
    let requested = vendor
        .events
        .iter()
        .any(|e| e.kind == EventKind::Requested && e.on.value <= reply.date);
    if proposal.event_kind().needs_prior_request() && !requested {
        return Err("no request is on record to answer: record the request first".into());
    }
    if proposal == Proposal::ContactChanged {
        contact::usable(reply, vendor)?;
    }
    Ok(())
}

/// The `note` the recorded event keeps: the deciding sentence, and who
/// said it; a question starts with `question:` so that `check` shows it.
pub fn event_note(reply: &Reply) -> Option<String> {
    let quote = reply.quote.as_deref()?;
    Some(match reply.proposal {
        Some(Proposal::Question) => format!("{} {quote}", crate::inventory::QUESTION_NOTE),
        Some(Proposal::ContactChanged) => contact::note(reply, quote, None),
        _ => format!("reply from {}: \"{quote}\"", reply.from),
    })
}
