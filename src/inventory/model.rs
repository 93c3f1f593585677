//! The inventory as the rest of linger sees it: plain, validated data.
//!
//! Values that a finding or an edit may need to point at keep their byte span
//! in the file. Nothing here is derived: states and due dates are computed by
//! `crate::status` from these facts and a `today`.

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::terms::{Code, Severity};

pub use crate::terms::Span;

/// A value together with where it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Located<T> {
    pub value: T,
    pub span: Span,
}

impl<T> Located<T> {
    pub fn new(value: T, span: Span) -> Self {
        Self { value, span }
    }
}

#[derive(Debug, Clone)]
pub struct Inventory {
    pub organization: Organization,
    pub policy: Policy,
    pub smtp: Option<Smtp>,
    /// The privacy mailbox `inbox --imap` reads.
    pub imap: Option<Imap>,
    /// The catch-all account `canary watch --imap` reads instead of
    /// `[imap]` (`[canary.imap]`), when the canaries land elsewhere.
    pub canary_imap: Option<Imap>,
    /// The `[checks]` table: severity overrides, in file order.
    pub checks: Vec<(Code, Severity)>,
    pub vendors: Vec<Vendor>,
    /// The `[[incident]]` tables: breaches and their steps, in file order.
    pub incidents: Vec<Incident>,
}

impl Inventory {
    pub fn vendor(&self, id: &str) -> Option<&Vendor> {
        self.vendors.iter().find(|v| v.id.value == id)
    }

    /// The vendor with this id, or the error to show: with the closest id
    /// when one is close ("did you mean `oldcrm`?").
    pub fn find(&self, id: &str) -> Result<&Vendor, NoSuchVendor> {
        self.vendor(id).ok_or_else(|| NoSuchVendor {
            id: id.to_string(),
            closest: crate::suggest::closest(id, self.vendors.iter().map(|v| v.id.value.as_str()))
                .map(str::to_string),
        })
    }

    /// The incident with this id, or the error to show, with the closest
    /// id when one is close.
    pub fn find_incident(&self, id: &str) -> Result<&Incident, NoSuchVendor> {
        self.incidents
            .iter()
            .find(|i| i.id.value == id)
            .ok_or_else(|| NoSuchVendor {
                id: id.to_string(),
                closest: crate::suggest::closest(
                    id,
                    self.incidents.iter().map(|i| i.id.value.as_str()),
                )
                .map(str::to_string),
            })
    }

    /// The law that governs a vendor: its own, else the organization's.
    pub fn law_of(&self, vendor: &Vendor) -> Law {
        vendor.law.unwrap_or(self.organization.law)
    }
}

/// No vendor has the id a command was given.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoSuchVendor {
    pub id: String,
    /// The id that is closest, when one is.
    pub closest: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Organization {
    pub name: String,
    pub email: String,
    pub signatory: Option<String>,
    pub address: Option<String>,
    /// `name`, `email`, `signatory` and `address` as written, with their
    /// places in the file: what the checks on their values point at.
    pub written: Vec<(&'static str, Located<String>)>,
    pub law: Law,
    pub language: Language,
    /// Where the organization is (ISO 3166-1 alpha-2, upper case), as
    /// written: its public holidays move deadlines.
    pub country: Option<Located<String>>,
    /// The province, state or nation within `country` (ISO 3166-2) whose
    /// public holidays move deadlines too.
    pub subdivision: Option<crate::holidays::Subdivision>,
    /// Whether letters to vendors ask for replies at a plus address that
    /// names the vendor (`privacy+oldcrm@...`).
    pub reply_tag: bool,
    /// The catch-all domain canary addresses are made on, if any.
    pub canary_domain: Option<String>,
    /// Our other domains (other brands, defensive registrations), lower
    /// case: never reported as lookalikes or phishing domains.
    pub domains: Vec<String>,
    /// The authority that receives an escalation, per law: a single
    /// `authority` table serves `law`, a table per law serves that law.
    pub authorities: Vec<(Law, Authority)>,
    /// The organization's time zone (`time_zone`, an IANA name): a bare
    /// `--today` starts at midnight there, and the business days of an
    /// hour clock are its days. Default: the zone of `country` when the
    /// country has one, else UTC.
    pub time_zone: chrono_tz::Tz,
}

impl Organization {
    /// The domain of `email`, as written (`Bücher.example` stays so), or
    /// `address::NO_DOMAIN` for an address without one, which loading
    /// refuses: the Message-ID, EHLO and calendar names built on it never
    /// end in an empty name.
    pub fn domain(&self) -> &str {
        crate::address::domain(&self.email).unwrap_or(crate::address::NO_DOMAIN)
    }

    /// The authority for vendors under `law`, if the inventory names one.
    pub fn authority_for(&self, law: Law) -> Option<&Authority> {
        self.authorities
            .iter()
            .find(|(l, _)| *l == law)
            .map(|(_, authority)| authority)
    }
}

#[derive(Debug, Clone)]
pub struct Authority {
    pub name: String,
    pub email: String,
    /// The language it reads, when not the organization's.
    pub language: Option<Language>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Policy {
    pub request_within_days: u32,
    pub reminder_days: u32,
    /// Whether a deadline on a weekend or holiday moves to the next working
    /// day (the key keeps its first name, `weekend_rollover`).
    pub weekend_rollover: bool,
    /// Local days off besides the country's public holidays, sorted.
    pub holidays: Vec<NaiveDate>,
    /// How long after a vendor confirmed a deletion a person should check
    /// that the canary account is really gone (`deletion-unverified`).
    pub verify_after_days: u32,
    /// How many days a reported phishing domain or sender may stay up
    /// before `takedown-pending` names the next party to ask.
    pub takedown_days: u32,
}

impl Default for Policy {
    fn default() -> Self {
        Self {
            request_within_days: 30,
            reminder_days: 14,
            weekend_rollover: true,
            holidays: Vec::new(),
            verify_after_days: 90,
            takedown_days: 2,
        }
    }
}

/// The `[imap]` table: where `inbox --imap` reads the privacy mailbox.
/// The password or token is a secret (`imap-password`, `imap-oauth-token`),
/// never in the file.
#[derive(Debug, Clone)]
pub struct Imap {
    pub host: String,
    pub port: u16,
    /// `tls` (993) or `starttls` (143).
    pub security: Security,
    pub username: String,
    pub auth: MailAuth,
    /// Default `["INBOX"]`.
    pub mailboxes: Vec<String>,
    pub ca_file: Option<String>,
    /// Seconds each network step may take.
    pub timeout_seconds: u64,
}

#[derive(Debug, Clone)]
pub struct Smtp {
    pub host: String,
    pub port: u16,
    pub username: Option<String>,
    pub security: Security,
    /// A PEM file of CA certificates to trust besides the built-in roots
    /// (a corporate relay, Proton Mail Bridge), relative to the inventory.
    pub ca_file: Option<String>,
    /// How to log in; `None` lets the client pick PLAIN or LOGIN.
    pub auth: Option<MailAuth>,
    /// Seconds each network step may take.
    pub timeout_seconds: u64,
}

keyword_enum! {
    /// The SASL mechanism for SMTP AUTH and IMAP AUTHENTICATE.
    MailAuth {
        Plain = "plain",
        Login = "login",
        Xoauth2 = "xoauth2",
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Security {
    StartTls,
    Tls,
    None,
}

impl Security {
    pub const ALL: [(&'static str, Security); 3] = [
        ("starttls", Security::StartTls),
        ("tls", Security::Tls),
        ("none", Security::None),
    ];
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Vendor {
    /// The `[[vendor]]` header.
    pub span: Span,
    pub id: Located<String>,
    pub name: String,
    pub website: Option<Located<String>>,
    /// More domains the vendor uses besides its website's (`domains`),
    /// for the online checks.
    pub domains: Vec<Located<String>>,
    pub privacy_email: Option<String>,
    pub used_from: Option<NaiveDate>,
    pub retired_on: Option<Located<NaiveDate>>,
    pub account: Option<String>,
    /// `None` when the key is absent: the vendor then counts as holding data.
    pub data: Option<Vec<Located<String>>>,
    pub records: Option<u64>,
    pub subjects: Vec<String>,
    pub law: Option<Law>,
    pub response_days: Option<u32>,
    pub retention_days: Option<Located<u32>>,
    pub language: Option<Language>,
    pub canaries: Vec<String>,
    pub notes: Option<String>,
    pub events: Vec<Event>,
    /// Mail the vendor's canaries received (`canary_mail`, recorded by
    /// `canary watch --apply`): observations, not events, so they never
    /// change the deletion state.
    pub canary_mail: Vec<CanaryMail>,
}

impl Vendor {
    /// Retired: `retired_on` is present and not after `today`.
    pub fn is_retired(&self, today: NaiveDate) -> bool {
        self.retired_on.as_ref().is_some_and(|r| r.value <= today)
    }

    /// Whether the vendor holds (or may hold) personal data; an absent `data`
    /// key counts as holding data, since nobody has said otherwise.
    pub fn may_hold_data(&self) -> bool {
        self.data.as_ref().is_none_or(|d| !d.is_empty())
    }

    pub fn holds_category(&self, category: &str) -> bool {
        self.data
            .as_ref()
            .is_some_and(|d| d.iter().any(|c| c.value == category))
    }

    pub fn last_event(&self) -> Option<&Event> {
        self.events.last()
    }

    /// The day of the `confirmed` or `not-needed` event that mail of the
    /// vendor's own received on `on` contradicts: the last event before
    /// that day is one of those, and none is dated on or after it (a later
    /// confirmation answers what came before it). Mail on the day of the
    /// confirmation is the confirmation's own, not a contradiction.
    pub fn confirmed_before(&self, on: NaiveDate) -> Option<NaiveDate> {
        let last = self.events.iter().rfind(|e| e.on.value < on)?;
        let later_done = self
            .events
            .iter()
            .any(|e| e.on.value >= on && e.kind.is_done());
        (last.kind.is_done() && !later_done).then_some(last.on.value)
    }

    /// The confirmation a recorded `canary_mail` entry of the vendor's own
    /// contradicts (`confirmed_before`), if any.
    pub fn contradicted_by(&self, mail: &CanaryMail) -> Option<NaiveDate> {
        (mail.sender == CanarySender::Vendor)
            .then(|| self.confirmed_before(mail.on.value))
            .flatten()
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Event {
    /// The `[[vendor.event]]` header.
    pub span: Span,
    pub on: Located<NaiveDate>,
    pub kind: EventKind,
    pub note: Option<String>,
    pub reference: Option<String>,
    /// The `Message-ID` of the letter this event records, or of the reply
    /// it came from: what a reply's `In-Reply-To` names.
    pub message_id: Option<String>,
    pub until: Option<NaiveDate>,
    pub reason: Option<String>,
    pub evidence: Option<Located<String>>,
    /// The SHA-256 of the evidence file when it was recorded (lower-case
    /// hex): `check` reports a file that no longer matches.
    pub evidence_sha256: Option<Located<String>>,
    /// Files that came with the evidence (a reply's attached certificate
    /// of deletion), each kept beside it with its own hash.
    pub attachments: Vec<Attachment>,
}

/// A file attached to an event's evidence: an inline table of the
/// event's `attachments` list, as `inbox --apply` writes it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    /// The inline table, for findings to point at.
    pub span: Span,
    /// Its file name as the sender gave it.
    pub name: Option<String>,
    /// Its path, relative to the inventory's folder.
    pub evidence: Located<String>,
    /// Its SHA-256 when it was recorded.
    pub sha256: Option<Located<String>>,
}

/// One message a vendor's canary received, as `canary watch --apply`
/// records it: an inline table of the vendor's `canary_mail` list.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CanaryMail {
    /// The inline table, for findings to point at.
    pub span: Span,
    /// The day it was received.
    pub on: Located<NaiveDate>,
    /// The sender's domain: the authenticated one when there was one, else
    /// the `From:` domain as written.
    pub from: String,
    /// Whether the sender was the vendor itself.
    pub sender: CanarySender,
    /// Its `Message-ID`, with angle brackets: what makes a second record
    /// of the same message a no-op.
    pub message_id: Option<String>,
    pub evidence: Option<Located<String>>,
    /// The SHA-256 of `evidence`, lower-case hex.
    pub sha256: Option<Located<String>>,
    /// The day a person dealt with a leak (`sender = "other"`): from then
    /// on `check` no longer reports it as `canary-leaked`.
    pub handled: Option<Located<NaiveDate>>,
}

use crate::terms::keyword_enum;

keyword_enum! {
    /// Who sent a message to a vendor's canary, by its authenticated
    /// domain.
    CanarySender {
        Vendor = "vendor",
        Other = "other",
    }
}

/// How an `acknowledged` event's `note` marks a question the vendor asked
/// before it acts: `inbox` writes it, `check` shows it (`vendor-asked`).
pub const QUESTION_NOTE: &str = "question:";

keyword_enum! {
    /// What happened in a vendor's deletion history.
    EventKind {
        Requested = "requested",
        Acknowledged = "acknowledged",
        Extended = "extended",
        Reminded = "reminded",
        Refused = "refused",
        Escalated = "escalated",
        Confirmed = "confirmed",
        NotNeeded = "not-needed",
        Bounced = "bounced",
        Verified = "verified",
    }
}

impl EventKind {
    /// Kinds that only make sense after a deletion request went out.
    pub fn needs_prior_request(self) -> bool {
        !matches!(
            self,
            EventKind::Requested
                | EventKind::Confirmed
                | EventKind::NotNeeded
                | EventKind::Verified
        )
    }

    /// The deletion is finished: nothing more is due. A `verified` event
    /// follows only a finished one (`needs_finished_deletion`), so it is
    /// finished too.
    pub fn is_done(self) -> bool {
        matches!(
            self,
            EventKind::Confirmed | EventKind::NotNeeded | EventKind::Verified
        )
    }

    /// Kinds that check a finished deletion, so that the event before them
    /// must be one that finished it (`confirmed`, `not-needed`) or an
    /// earlier check.
    pub fn needs_finished_deletion(self) -> bool {
        self == EventKind::Verified
    }

    /// What the event records, for `--help`.
    pub fn summary(self) -> &'static str {
        match self {
            EventKind::Requested => "a deletion request went out (again after a refusal is fine)",
            EventKind::Acknowledged => "the vendor confirmed receipt",
            EventKind::Extended => "the vendor extended its deadline",
            EventKind::Reminded => "a follow-up letter went out",
            EventKind::Refused => "the vendor declined to delete",
            EventKind::Escalated => "the matter was reported to the authority",
            EventKind::Confirmed => "deletion is confirmed (by the vendor, or seen in its console)",
            EventKind::NotNeeded => "no deletion is needed (e.g. it never held personal data)",
            EventKind::Bounced => "the letter never arrived: its address bounced",
            EventKind::Verified => "a person checked that the confirmed deletion holds",
        }
    }

    /// The fields a kind cannot do without, besides `on` and `kind`.
    pub fn required_fields(self) -> &'static [&'static str] {
        match self {
            EventKind::Extended => &["until"],
            EventKind::NotNeeded => &["reason"],
            _ => &[],
        }
    }

    /// The optional or required fields this kind adds to `on`, `kind`,
    /// `note` and `reference`.
    pub fn extra_fields(self) -> &'static [&'static str] {
        match self {
            EventKind::Extended => &["until"],
            EventKind::Refused | EventKind::NotNeeded => &["reason"],
            _ => &[],
        }
    }
}

keyword_enum! {
    /// The legal basis of a deletion request, which sets the response window.
    Law {
        Gdpr = "gdpr",
        UkGdpr = "uk-gdpr",
        Ccpa = "ccpa",
        Lgpd = "lgpd",
        Pipeda = "pipeda",
        Contract = "contract",
    }
}

keyword_enum! {
    /// A language that letters are written in. The code names its files:
    /// its words in `src/lang/CODE.toml`, its templates
    /// `src/letters/templates/KIND.CODE.txt` (docs/letters.md, "Adding a
    /// language").
    Language {
        En = "en",
        De = "de",
        Nb = "nb",
    }
}

// The `[[incident]]` tables: a personal data breach the organization learnt
// of, the vendors it came from, the phishing domains and sending services it
// used, what it touched, and the dated steps taken since
// (`[[incident.event]]`). Plain facts, like the vendors: the clocks that run
// from `aware` are computed by `crate::incident` from these and a `now`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Incident {
    /// The `[[incident]]` header.
    pub span: Span,
    pub id: Located<String>,
    /// When the organization became aware of the breach, with the offset
    /// it was written with: the 72 hours of Art. 33(1) count from here.
    pub aware: Located<DateTime<FixedOffset>>,
    /// The vendors it came from, suspected or confirmed, in file order
    /// (`vendors`, then `confirmed_vendors`).
    pub vendors: Vec<IncidentVendor>,
    /// The lookalike domains the phishing used, lower case.
    pub phishing_domains: Vec<Located<String>>,
    /// The services that sent it (a mail provider's domain or name), as
    /// written.
    pub senders: Vec<Located<String>>,
    /// About how many people are affected.
    pub people: Option<Located<u64>>,
    /// About how many records are affected.
    pub records: Option<Located<u64>>,
    /// The categories of personal data concerned (`crate::categories`).
    pub data: Vec<Located<String>>,
    pub description: Option<String>,
    /// What the organization assessed the risk to be; `None`: not yet
    /// assessed, which counts as a risk (notification is due).
    pub risk: Option<Located<Risk>>,
    pub events: Vec<IncidentEvent>,
}

impl Incident {
    /// The incident's closing event, if it was closed.
    pub fn closed(&self) -> Option<&IncidentEvent> {
        self.events
            .iter()
            .rfind(|e| e.kind == IncidentEventKind::Closed)
    }

    /// The first event of this kind.
    pub fn first(&self, kind: IncidentEventKind) -> Option<&IncidentEvent> {
        self.events.iter().find(|e| e.kind == kind)
    }

    /// Whether the incident names this vendor, suspected or confirmed.
    pub fn names_vendor(&self, id: &str) -> bool {
        self.vendors.iter().any(|v| v.id.value == id)
    }
}

/// A vendor an incident names as its source.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentVendor {
    pub id: Located<String>,
    /// Listed in `confirmed_vendors` (the source is established), not
    /// `vendors` (suspected).
    pub confirmed: bool,
}

keyword_enum! {
    /// The organization's assessment of the risk to people (GDPR Art.
    /// 33(1) and 34(1)): `unlikely` ("unlikely to result in a risk to the
    /// rights and freedoms of natural persons": Art. 33(1) exempts it from
    /// notification; the register still records it, Art. 33(5)); `risk`
    /// (the authority is notified); `high` (the people are told too, Art.
    /// 34(1)).
    Risk {
        Unlikely = "unlikely",
        Risk = "risk",
        High = "high",
    }
}

/// When an event happened: a moment with its offset, or only the day.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    At(DateTime<FixedOffset>),
    Day(NaiveDate),
}

impl When {
    /// The day, as written (a moment's own local day).
    pub fn date(self) -> NaiveDate {
        match self {
            When::At(at) => at.date_naive(),
            When::Day(day) => day,
        }
    }

    /// Whether `self` is surely before `other`: moments compare as
    /// instants; a day only compares by its day, since it could be any
    /// moment of it.
    pub fn surely_before(self, other: When) -> bool {
        match (self, other) {
            (When::At(a), When::At(b)) => a < b,
            _ => self.date() < other.date(),
        }
    }
}

impl std::fmt::Display for When {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            When::At(at) => write!(f, "{}", at.to_rfc3339()),
            When::Day(day) => write!(f, "{day}"),
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IncidentEvent {
    /// The `[[incident.event]]` header.
    pub span: Span,
    pub on: Located<When>,
    pub kind: IncidentEventKind,
    /// Who it went to or came from: an address, or a party's name.
    pub to: Option<String>,
    /// `reported`: which kind of party the report went to.
    pub party: Option<Party>,
    /// `reported`, `acknowledged`, `acted`, `refused`: the domain or
    /// sending account the report is about; an answer with the same target
    /// answers that report.
    pub target: Option<String>,
    /// `reported`, `authority-notified`, `people-notified`: the letter kind
    /// that was sent.
    pub letter: Option<String>,
    /// The `Message-ID` of the letter sent, with its angle brackets.
    pub message_id: Option<String>,
    /// `people-notified`: how many people were told.
    pub people: Option<u64>,
    /// `people-notified`: how (e-mail, letter, a public notice).
    pub how: Option<String>,
    pub note: Option<String>,
    pub evidence: Option<Located<String>>,
    /// The SHA-256 of `evidence` when it was recorded, lower-case hex.
    pub evidence_sha256: Option<Located<String>>,
}

keyword_enum! {
    /// What happened in an incident's history.
    IncidentEventKind {
        AuthorityNotified = "authority-notified",
        PeopleNotified = "people-notified",
        Reported = "reported",
        Acknowledged = "acknowledged",
        Acted = "acted",
        Refused = "refused",
        Closed = "closed",
    }
}

impl IncidentEventKind {
    /// What the event records, for `--help` and the docs.
    pub fn summary(self) -> &'static str {
        match self {
            IncidentEventKind::AuthorityNotified => {
                "the supervisory authority was notified (a first or a follow-up notification)"
            }
            IncidentEventKind::PeopleNotified => "the people affected were told (how many, how)",
            IncidentEventKind::Reported => {
                "a phishing domain or sender was reported to a party (see --party)"
            }
            IncidentEventKind::Acknowledged => "a party confirmed it received a report",
            IncidentEventKind::Acted => {
                "a party acted: the account suspended, the domain taken down"
            }
            IncidentEventKind::Refused => "a party declined to act on a report",
            IncidentEventKind::Closed => "the incident is closed",
        }
    }

    /// The fields this kind adds to `on`, `kind`, `to`, `note`,
    /// `message_id`, `evidence` and `evidence_sha256`.
    pub fn extra_fields(self) -> &'static [&'static str] {
        match self {
            IncidentEventKind::AuthorityNotified => &["letter"],
            IncidentEventKind::PeopleNotified => &["letter", "people", "how"],
            IncidentEventKind::Reported => &["letter", "party", "target"],
            IncidentEventKind::Acknowledged
            | IncidentEventKind::Acted
            | IncidentEventKind::Refused => &["target"],
            IncidentEventKind::Closed => &[],
        }
    }

    /// An answer to a `reported` event.
    pub fn answers_report(self) -> bool {
        matches!(
            self,
            IncidentEventKind::Acknowledged | IncidentEventKind::Acted | IncidentEventKind::Refused
        )
    }
}

keyword_enum! {
    /// Who a phishing report went to: the `service` that sent the mail (a
    /// mail provider, a newsletter service: it suspends the account), the
    /// `hosting` of the phishing site, the `registrar` of its domain, the
    /// `registry` of its top-level domain, or the `network` (the holder of
    /// the address block) of a sender or host.
    Party {
        Service = "service",
        Hosting = "hosting",
        Registrar = "registrar",
        Registry = "registry",
        Network = "network",
    }
}

impl Party {
    /// Whom to ask next when this party does nothing: a registrar's
    /// registry, a host's or a sending service's network. `None` past the
    /// last one.
    pub fn next(self) -> Option<Party> {
        match self {
            Party::Registrar => Some(Party::Registry),
            Party::Service | Party::Hosting => Some(Party::Network),
            Party::Registry | Party::Network => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn organization(email: &str) -> Organization {
        let text = format!("schema = 1\n[organization]\nname = \"N\"\nemail = \"{email}\"\n");
        let today = NaiveDate::from_ymd_opt(2026, 1, 1).unwrap();
        super::super::parse(&text, today).unwrap().organization
    }

    #[test]
    fn the_organization_domain_is_its_address_domain_or_the_one_fallback() {
        assert_eq!(
            organization("privacy@Bücher.example").domain(),
            "Bücher.example"
        );
        let mut org = organization("privacy+dpo@northwind.example");
        assert_eq!(org.domain(), "northwind.example");
        // Loading refuses an address without a domain; one set another
        // way gets the fallback every caller shares.
        assert!(
            super::super::parse(
                "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@\"\n",
                NaiveDate::MIN
            )
            .is_err()
        );
        org.email = "privacy".to_string();
        assert_eq!(org.domain(), "linger.invalid");
        assert_eq!(org.domain(), crate::address::NO_DOMAIN);
    }
}
