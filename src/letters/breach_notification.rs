//! The notification of an incident to the organization's own supervisory
//! authority (`breach-notification`): GDPR and UK GDPR Art. 33, LGPD Art. 48
//! with Resolution CD/ANPD 15/2024, PIPEDA s. 10.1 with the Breach of
//! Security Safeguards Regulations s. 2. Here we are the controller, so the
//! law is the organization's own, never a vendor's, and the letter goes to
//! the authority `[organization.authority.*]` names for that law.
//!
//! Pure: the incident's facts (`Notification`, which the caller builds
//! from the inventory), the moment of writing and a template in; a
//! `Letter` out. Each item the law lists is filled from the facts, and what
//! linger cannot know (the likely consequences, the reasons for a delay) is
//! a marked blank in the template, never invented. A first notification
//! and the further ones that add to it (Art. 33(4): "in phases") share the
//! template; a further one cites the first's date and reference.

use chrono::{DateTime, FixedOffset, NaiveDate, Utc};
use serde::Serialize;

use super::context::{AuthorityVars, LetterVars, OrganizationVars};
use super::dates::{long, number};
use super::law::{self, LawText};
use super::templates::{self, Template};
use super::{ComposeError, Kind, Letter, LetterError, Party};
use crate::incident::Audience;
use crate::inventory::{Incident, IncidentEventKind, Inventory, Language, Law, Located};
use crate::lang;
use crate::mail::defang::defang;
use crate::printable::visible;

/// What `letter` asks for when a breach notification is asked of a vendor.
pub const NEEDS: &str = "--incident ID (a breach notification is about an incident, not a vendor)";

/// What the letter needs to know about the incident: the facts an
/// `[[incident]]` records, gathered by the caller.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Notification {
    /// The incident's id.
    pub incident: String,
    /// When we became aware of the breach, with its offset: the clocks run
    /// from it.
    pub aware: DateTime<FixedOffset>,
    /// When the law's time to notify the authority ends (the incident's
    /// authority clock, `crate::incident::clock`); `None` where the law
    /// names no number of hours or days.
    pub due: Option<DateTime<Utc>>,
    /// What happened, in the organization's words.
    pub description: Option<String>,
    /// The names of the vendors the data is suspected or known to have come
    /// from.
    pub vendors: Vec<String>,
    /// The lookalike domains the phishing came from.
    pub phishing_domains: Vec<String>,
    /// The mail services or networks that sent it.
    pub services: Vec<String>,
    /// The approximate number of people affected.
    pub people: Option<u64>,
    /// The approximate number of records affected.
    pub records: Option<u64>,
    /// The data categories affected (`contact.email`, ...).
    pub categories: Vec<String>,
    /// What has been done so far, oldest first.
    pub steps: Vec<Step>,
    /// The first notification to the authority, when there was one: what a
    /// further notification cites.
    pub first: Option<Earlier>,
}

/// A measure taken that the incident records.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Step {
    pub on: NaiveDate,
    pub kind: StepKind,
    /// Who: the service, network, registrar or host reported to or that
    /// acted.
    pub party: Option<String>,
    /// What the report was about: the phishing domain or sending account.
    pub target: Option<String>,
    /// How many people were notified.
    pub count: Option<u64>,
    /// How they were notified (e-mail, letter, a public notice).
    pub how: Option<String>,
}

/// The kinds of measure a letter names, as the incident's events record
/// them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum StepKind {
    /// We reported the sender or the domain.
    Reported,
    /// A provider suspended the sender or took the domain down.
    Acted,
    /// We notified the people affected.
    PeopleNotified,
}

impl StepKind {
    pub fn as_str(self) -> &'static str {
        match self {
            StepKind::Reported => "reported",
            StepKind::Acted => "acted",
            StepKind::PeopleNotified => "people-notified",
        }
    }
}

/// The notification a further one adds to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Earlier {
    pub on: NaiveDate,
    /// The authority's reference for the case, when it gave one.
    pub reference: Option<String>,
    /// The `Message-ID` it was sent with, when `send` sent it.
    pub message_id: Option<String>,
}

/// What `compose` needs besides the template.
pub struct Request<'a> {
    pub inventory: &'a Inventory,
    pub notification: &'a Notification,
    pub language: Language,
    /// The day the letter is written.
    pub today: NaiveDate,
    /// The moment it is written: a first notification after the law's
    /// deadline says so, and leaves a blank for the reasons.
    pub now: DateTime<Utc>,
    /// A further notification, adding to the first (`--follow-up`).
    pub follow_up: bool,
}

/// The language of the notification: the authority's own `language`, else
/// the organization's.
pub fn language(inventory: &Inventory) -> Language {
    let org = &inventory.organization;
    org.authority_for(org.law)
        .and_then(|authority| authority.language)
        .unwrap_or(org.language)
}

/// The facts of `incident` for its notification: its vendors by name,
/// its measures from its events, the first `authority-notified` event for
/// a further notification to cite, and the authority clock's due moment
/// under the organization's law (`crate::incident`).
pub fn facts(inventory: &Inventory, incident: &Incident) -> Notification {
    let status = crate::incident::evaluate(inventory, incident);
    let due = (status.clocks.iter())
        .find(|clock| clock.audience == Audience::Authority)
        .and_then(|clock| clock.due);
    let name = |id: &str| {
        inventory
            .vendor(id)
            .map_or(id, |v| v.name.as_str())
            .to_string()
    };
    let values = |list: &[Located<String>]| list.iter().map(|v| v.value.clone()).collect();
    let steps = (incident.events.iter())
        .filter_map(|event| {
            let kind = match event.kind {
                IncidentEventKind::Reported => StepKind::Reported,
                IncidentEventKind::Acted => StepKind::Acted,
                IncidentEventKind::PeopleNotified => StepKind::PeopleNotified,
                _ => return None,
            };
            Some(Step {
                on: event.on.value.date(),
                kind,
                party: event.to.clone(),
                target: event.target.clone(),
                count: event.people,
                how: event.how.clone(),
            })
        })
        .collect();
    Notification {
        incident: incident.id.value.clone(),
        aware: incident.aware.value,
        due,
        description: incident.description.clone(),
        vendors: incident.vendors.iter().map(|v| name(&v.id.value)).collect(),
        phishing_domains: values(&incident.phishing_domains),
        services: values(&incident.senders),
        people: incident.people.as_ref().map(|p| p.value),
        records: incident.records.as_ref().map(|r| r.value),
        categories: values(&incident.data),
        steps,
        first: incident
            .first(IncidentEventKind::AuthorityNotified)
            .map(|event| Earlier {
                on: event.on.value.date(),
                reference: None,
                message_id: event.message_id.clone(),
            }),
    }
}

/// Checks that the letter can be written, before any template is read:
/// a law with a notification to the authority, the authority named, and a
/// first notification for a further one to cite (and none yet for a
/// first). Returns the recipient.
pub fn check(request: &Request<'_>) -> Result<Party, LetterError> {
    let Request {
        inventory,
        notification,
        follow_up,
        ..
    } = request;
    let org = &inventory.organization;
    let id = &notification.incident;
    let missing = |message: String, help: String| Err(LetterError::Missing { message, help });
    match org.law {
        Law::Contract => {
            return missing(
                "the organization is under `law = \"contract\"`, and no authority oversees a contract".into(),
                "set `organization.law` to the data-protection law the organization is under, and name its authority in `[organization.authority.LAW]`".into(),
            );
        }
        Law::Ccpa => {
            return missing(
                "California's breach law has no notification to an authority like this one: Cal. Civ. Code §1798.82(f) asks a business that must notify more than 500 California residents of one breach to submit a sample copy of that notice, without personally identifiable information, to the Attorney General electronically".into(),
                format!(
                    "write the residents' notice (`linger letter VENDOR --kind customer-notice`), and submit a copy without personal information through the Attorney General's online form; then record it with `linger incident mark {id} authority-notified`"
                ),
            );
        }
        Law::Gdpr | Law::UkGdpr | Law::Lgpd | Law::Pipeda => {}
    }
    let Some(authority) = org.authority_for(org.law) else {
        let law = org.law;
        return missing(
            format!(
                "the inventory names no authority for `{law}`, the organization's law, to notify"
            ),
            format!(
                "add `[organization.authority.{law}]` with `name` and `email` (the authority's own website gives its address), or `authority = {{ name = \"...\", email = \"...\" }}` in `[organization]`"
            ),
        );
    };
    match (&notification.first, follow_up) {
        (None, true) => {
            return missing(
                format!(
                    "incident `{id}` has no `authority-notified` event for a further notification to add to"
                ),
                format!(
                    "send the first one without `--follow-up` (`linger send --incident {id}`), or record the one you sent: `linger incident mark {id} authority-notified --on DATETIME`"
                ),
            );
        }
        (Some(first), false) => {
            return missing(
                format!(
                    "incident `{id}` was notified to the authority on {}; what follows adds to that notification",
                    first.on
                ),
                format!(
                    "add `--follow-up` to write the further notification: `linger letter --incident {id} --follow-up`"
                ),
            );
        }
        _ => {}
    }
    Ok(Party {
        name: authority.name.clone(),
        email: authority.email.clone(),
    })
}

/// The variables a breach notification's template sees. docs/letters.md
/// lists each one.
#[derive(Debug, Serialize)]
pub struct Context {
    pub letter: LetterVars,
    pub organization: OrganizationVars,
    pub authority: AuthorityVars,
    pub law: LawText,
    pub notification: NotificationVars,
}

#[derive(Debug, Serialize)]
pub struct NotificationVars {
    /// The incident's id.
    pub incident: String,
    /// When we became aware of it: `28 November 2026, 10:00 (UTC+01:00)`.
    pub aware: String,
    /// When the law's time to notify ends, written the same way; none
    /// where the law sets no time.
    pub due: Option<String>,
    /// A first notification written after `due`.
    pub late: bool,
    /// A further notification.
    pub follow_up: bool,
    /// For a further notification: the first one.
    pub first: Option<FirstVars>,
    pub description: Option<String>,
    /// The suspected or known source vendors, by name.
    pub vendors: Vec<String>,
    /// The lookalike domains, defanged (`evil[.]example`).
    pub phishing_domains: Vec<String>,
    /// The sending services or networks.
    pub services: Vec<String>,
    /// The approximate number of people, thousands grouped.
    pub people: Option<String>,
    /// The approximate number of records, thousands grouped.
    pub records: Option<String>,
    /// The data categories in the letter's language.
    pub categories: Vec<String>,
    /// The measures the incident records, oldest first.
    pub steps: Vec<StepVars>,
}

#[derive(Debug, Serialize)]
pub struct FirstVars {
    pub date: String,
    pub reference: Option<String>,
    pub message_id: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct StepVars {
    pub date: String,
    /// `reported`, `acted` or `people-notified`.
    pub kind: &'static str,
    pub party: Option<String>,
    pub target: Option<String>,
    pub count: Option<String>,
    pub how: Option<String>,
}

/// `28 November 2026, 10:00 (UTC+01:00)`.
fn moment(at: DateTime<FixedOffset>, language: Language) -> String {
    format!(
        "{}, {} (UTC{})",
        long(at.date_naive(), language),
        at.format("%H:%M"),
        at.offset()
    )
}

/// The template variables for `request`.
pub fn context(request: &Request<'_>) -> Context {
    let Request {
        inventory,
        notification: facts,
        language,
        today,
        now,
        follow_up,
    } = *request;
    let org = &inventory.organization;
    // Written in the offset we became aware in, as `aware` is.
    let due = facts.due.map(|due| due.with_timezone(facts.aware.offset()));
    let authority = org.authority_for(org.law);
    Context {
        letter: LetterVars {
            kind: Kind::BreachNotification.as_str(),
            language: language.as_str(),
            date: long(today, language),
            deadline: None,
            deadline_note: None,
        },
        organization: OrganizationVars::of(org),
        authority: AuthorityVars {
            name: authority.map(|a| a.name.clone()).unwrap_or_default(),
            email: authority.map(|a| a.email.clone()).unwrap_or_default(),
        },
        law: law::text(org.law, language),
        notification: NotificationVars {
            incident: facts.incident.clone(),
            aware: moment(facts.aware, language),
            due: due.map(|at| moment(at, language)),
            late: !follow_up && facts.due.is_some_and(|due| now > due),
            follow_up,
            first: facts
                .first
                .as_ref()
                .filter(|_| follow_up)
                .map(|first| FirstVars {
                    date: long(first.on, language),
                    reference: first.reference.clone(),
                    message_id: first.message_id.clone(),
                }),
            description: facts.description.clone(),
            vendors: facts.vendors.clone(),
            phishing_domains: facts.phishing_domains.iter().map(|d| defang(d)).collect(),
            services: facts.services.clone(),
            people: facts.people.map(|n| number(n, language)),
            records: facts.records.map(|n| number(n, language)),
            categories: facts
                .categories
                .iter()
                .map(|c| lang::category_label(c, language).to_string())
                .collect(),
            steps: facts
                .steps
                .iter()
                .map(|step| StepVars {
                    date: long(step.on, language),
                    kind: step.kind.as_str(),
                    party: step.party.clone(),
                    // A domain, defanged like every link in a letter.
                    target: step.target.as_deref().map(defang),
                    count: step.count.map(|n| number(n, language)),
                    how: step.how.clone(),
                })
                .collect(),
        },
    }
}

/// Writes the notification with `template`.
pub fn compose(request: &Request<'_>, template: &Template) -> Result<Letter, ComposeError> {
    let to = check(request)?;
    let rendered = templates::render(template, &context(request), request.language)?;
    let org = &request.inventory.organization;
    Ok(Letter {
        kind: Kind::BreachNotification,
        language: request.language,
        vendor: request.notification.incident.clone(),
        from: Party {
            name: org.name.clone(),
            email: org.email.clone(),
        },
        to,
        reply_to: None,
        subject: visible(&rendered.subject.replace('\u{a0}', " ")).into_owned(),
        body: visible(&rendered.body).into_owned(),
        date: request.today,
        deadline: None,
        attachments: Vec::new(),
    })
}

/// Why `send` will not send `letter`, the notification of incident `id`,
/// as a message and its help: a marked blank left in (`[TO FILL IN: ...]`)
/// would tell the authority nothing, or worse.
pub fn unsendable(letter: &Letter, id: &str) -> Option<(String, String)> {
    let blanks = crate::lang::blanks(&letter.body);
    let first = blanks.first()?;
    Some((
        format!(
            "the notification still holds {} marked blank{}, the first `{}`; nothing was sent",
            blanks.len(),
            if blanks.len() == 1 { "" } else { "s" },
            first.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
        format!(
            "fill each in or strike it in a template of your own, `letters/{}` beside the inventory (copy the built-in one, src/letters/templates/breach-notification.{}.txt; `linger letter --incident {id}` shows what it writes), then send again",
            super::file_name(Kind::BreachNotification, letter.language),
            letter.language
        ),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_facts_come_from_the_incident_and_its_clock() {
        let inventory = crate::inventory::parse(
            "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\nlaw = \"lgpd\"\ncountry = \"BR\"\ntime_zone = \"America/Sao_Paulo\"\n\n\
             [[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM AS\"\n\n\
             [[incident]]\nid = \"2026-11-18\"\naware = 2026-11-18T16:00:00-03:00\nvendors = [\"oldcrm\"]\n\
             phishing_domains = [\"northwind-login.example\"]\npeople = 40\ndata = [\"contact.email\"]\n\n\
             [[incident.event]]\non = 2026-11-19\nkind = \"reported\"\nparty = \"registrar\"\nto = \"abuse@registrar.example\"\ntarget = \"northwind-login.example\"\n\n\
             [[incident.event]]\non = 2026-11-19T10:00:00-03:00\nkind = \"authority-notified\"\nmessage_id = \"<1@northwind.example>\"\n",
            "2026-11-30".parse().unwrap(),
        )
        .unwrap();
        let facts = facts(&inventory, &inventory.incidents[0]);
        assert_eq!(facts.vendors, ["OldCRM AS"]);
        assert_eq!(facts.people, Some(40));
        assert_eq!(facts.steps.len(), 1);
        assert_eq!(
            facts.steps[0].target.as_deref(),
            Some("northwind-login.example")
        );
        let first = facts.first.unwrap();
        assert_eq!(first.on.to_string(), "2026-11-19");
        assert_eq!(first.message_id.as_deref(), Some("<1@northwind.example>"));
        // Three business days in Brazil: Thu 19, (Fri 20 a national
        // holiday), Mon 23, Tue 24; the time ends at the start of Wed 25 in
        // São Paulo (Brazil has several zones, so none is assumed).
        let due = facts
            .due
            .unwrap()
            .with_timezone(&facts.aware.offset().clone());
        assert_eq!(due.to_rfc3339(), "2026-11-25T00:00:00-03:00");
    }
}
