//! The `[[incident]]` tables as the rest of linger sees them: a personal
//! data breach the organization learnt of, the vendors it came from, the
//! phishing domains and sending services it used, what it touched, and the
//! dated steps taken since (`[[incident.event]]`).
//!
//! Plain facts, like the vendors' model: the clocks that run from `aware`
//! are computed by `crate::incident` from these and a `now`.

use chrono::{DateTime, FixedOffset, NaiveDate};

use super::model::{Located, Span};
use crate::terms::keyword_enum;

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
                "a phishing domain or sender was reported to a service, network, registrar, registry or hosting"
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
