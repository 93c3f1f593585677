//! Letters: the deletion request and what follows it, and the breach kit.
//!
//! Pure: the inventory, a vendor, `today`, the incident details and a
//! template's text in; a `Letter` (addressed, with subject and body) out.
//! `eml` turns a letter into an RFC 5322 draft. Reading a user's template
//! and writing files are the commands' work. docs/letters.md says what each kind
//! must contain.

pub mod breach_notification;
pub mod canary_mail;
mod context;
mod dates;
pub mod eml;
mod law;
pub mod phish;
pub mod sending;
mod templates;

use chrono::NaiveDate;

use crate::deadline::add_days;
use crate::inventory::{Inventory, Language, Law, Vendor};
use crate::printable::visible;
use crate::status::{NextAction, evaluate, response_window, roll_over};
use crate::terms::keyword_enum;
pub use context::Context;
pub use templates::{FILTERS, Template, TemplateError, file_name};

keyword_enum! {
    /// What a letter is for.
    Kind {
        Request = "request",
        FollowUp = "follow-up",
        Escalation = "escalation",
        BreachInquiry = "breach-inquiry",
        AbuseReport = "abuse-report",
        CustomerNotice = "customer-notice",
        FinalNotice = "final-notice",
        RegistrarReport = "registrar-report",
        Contradiction = "contradiction",
        BreachNotification = "breach-notification",
    }
}

impl Kind {
    /// What each kind is, for `--help` and the docs.
    pub fn summary(self) -> &'static str {
        match self {
            Kind::Request => "asks a retired vendor to delete the data, citing the law",
            Kind::FollowUp => "reminds a vendor that missed its deadline, with a new one",
            Kind::Escalation => "reports the vendor to the authority for its law, with the history",
            Kind::BreachInquiry => {
                "asks a vendor whether it leaked the data phished addresses came from"
            }
            Kind::AbuseReport => {
                "asks the bulk-mail service or network a phisher used to stop the sender"
            }
            Kind::RegistrarReport => {
                "asks the registrar of a phishing domain to suspend it, with the evidence"
            }
            Kind::CustomerNotice => "tells affected customers what happened and what to do",
            Kind::FinalNotice => {
                "tells a vendor under a contract alone that we will now act under the contract"
            }
            Kind::Contradiction => {
                "says a vendor still mails our canary after confirming deletion; asks it again"
            }
            Kind::BreachNotification => {
                "notifies our own authority of an incident (GDPR Art. 33), first or follow-up"
            }
        }
    }

    /// The kind for a vendor's next action.
    pub fn for_action(action: NextAction) -> Kind {
        match action {
            NextAction::Request => Kind::Request,
            NextAction::FollowUp => Kind::FollowUp,
            NextAction::Escalation => Kind::Escalation,
            NextAction::FinalNotice => Kind::FinalNotice,
        }
    }

    /// The letters a vendor answers (the rest go to an authority, a mail
    /// service or customers): they carry the `[ref:ID]` tag and, with
    /// `organization.reply_tag`, the plus address.
    pub fn is_answered(self) -> bool {
        matches!(
            self,
            Kind::Request
                | Kind::FollowUp
                | Kind::FinalNotice
                | Kind::BreachInquiry
                | Kind::Contradiction
        )
    }

    /// Days a breach inquiry gives the vendor to answer. The GDPR's "without
    /// undue delay" has no number; a week is firm and fair.
    pub const BREACH_REPLY_DAYS: u32 = 7;
}

/// The details of a phishing incident that the breach kit needs.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Incident {
    /// The lookalike domain the phishing came from.
    pub phishing_domain: Option<String>,
    /// The addresses that received phishing, as given.
    pub addresses: Vec<String>,
    /// The recipient of an abuse report: the bulk-mail service's abuse desk.
    pub abuse_contact: Option<String>,
    /// The phishing messages themselves, for an abuse report to attach.
    pub messages: Vec<phish::PhishingMessage>,
    /// The addresses among `addresses` that the vendor's subject set holds,
    /// when it has one: all a breach inquiry may send it. `None` when the
    /// vendor has no subject set, and the letter says its list is unfiltered.
    pub held: Option<Vec<String>>,
    /// `--include-addresses`: list the customers' addresses where the
    /// letter would otherwise give only their number (an abuse report to a
    /// bulk-mail service that holds the uploaded list; a breach inquiry to a
    /// vendor without a subject set). Data minimisation, GDPR Art. 5(1)(c):
    /// off unless asked for.
    pub include_addresses: bool,
    /// Mail a canary of the vendor received (`--message` with a breach
    /// inquiry or a contradiction): cited with its date, sender and
    /// subject, and attached.
    pub canary_mail: Vec<canary_mail::CanaryMail>,
}

/// Someone a letter is from or to.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Party {
    pub name: String,
    pub email: String,
}

/// A letter, ready to print or to turn into an e-mail.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Letter {
    pub kind: Kind,
    pub language: Language,
    pub vendor: String,
    pub from: Party,
    pub to: Party,
    /// Where replies should go, when not to `from`: the vendor's plus
    /// address (`organization.reply_tag`).
    pub reply_to: Option<Party>,
    pub subject: String,
    pub body: String,
    pub date: NaiveDate,
    /// The explicit answer-by date, for kinds that ask for an answer.
    pub deadline: Option<NaiveDate>,
    /// Messages the letter carries as `message/rfc822` attachments: the
    /// phishing an abuse report is about.
    pub attachments: Vec<Attachment>,
}

/// A message attached to a letter, byte for byte.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Attachment {
    pub file_name: String,
    pub raw: Vec<u8>,
}

/// Why a letter cannot be written yet, and what to add.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LetterError {
    /// The inventory lacks something the letter needs.
    #[error("{message}")]
    Missing { message: String, help: String },
    /// A command-line input the kind needs was not given.
    #[error("a{} `{kind}` letter needs {flag}", if kind.as_str().starts_with(['a', 'e']) { "n" } else { "" })]
    NeedsInput { kind: Kind, flag: &'static str },
    /// A reminder or report before the deadline it would call passed.
    #[error("`{vendor}`'s answer is not due until {due}, so a {kind} would be early")]
    NotYetDue {
        vendor: String,
        kind: Kind,
        due: NaiveDate,
    },
}

/// What `compose` needs besides the template.
pub struct Request<'a> {
    pub inventory: &'a Inventory,
    pub vendor: &'a Vendor,
    pub kind: Kind,
    pub language: Language,
    pub today: NaiveDate,
    pub incident: &'a Incident,
    /// Draft a follow-up, final notice or escalation before the vendor's
    /// deadline has passed (`--force`); the letter then says nothing of a
    /// passed deadline.
    pub early: bool,
}

/// The kind `linger letter` writes when none is asked for: the vendor's next
/// action, else a request.
pub fn default_kind(inventory: &Inventory, vendor: &Vendor, today: NaiveDate) -> Kind {
    evaluate(inventory, vendor, today)
        .next_action
        .map_or(Kind::Request, Kind::for_action)
}

/// Every vendor that needs a letter now, with the kind it needs: its next
/// action. What `letters --due` drafts and `send --due` sends.
pub fn due<'a>(
    inventory: &'a Inventory,
    today: NaiveDate,
) -> impl Iterator<Item = (&'a Vendor, Kind)> + 'a {
    inventory.vendors.iter().filter_map(move |vendor| {
        let action = evaluate(inventory, vendor, today).next_action?;
        Some((vendor, Kind::for_action(action)))
    })
}

/// The language of a letter: for a report to an authority, the authority's
/// own `language`, else the organization's (for a breach notification, the
/// authority for the organization's own law); for every other kind, the
/// vendor's, else the organization's.
pub fn language_of(inventory: &Inventory, vendor: &Vendor, kind: Kind) -> Language {
    let org = &inventory.organization;
    match kind {
        Kind::Escalation => org
            .authority_for(inventory.law_of(vendor))
            .and_then(|authority| authority.language)
            .unwrap_or(org.language),
        Kind::BreachNotification => breach_notification::language(inventory),
        _ => vendor.language.unwrap_or(org.language),
    }
}

/// Checks that everything the letter needs is there, before any template
/// is rendered: the recipient's address, the prior request a follow-up
/// refers to, the incident details. Returns the recipient.
pub fn check_inputs(request: &Request<'_>) -> Result<Party, LetterError> {
    let to = recipient(request)?;
    let Request {
        vendor,
        kind,
        incident,
        ..
    } = request;
    let has_request = vendor
        .events
        .iter()
        .any(|e| e.kind == crate::inventory::EventKind::Requested);
    if matches!(kind, Kind::FollowUp | Kind::Escalation | Kind::FinalNotice) && !has_request {
        return Err(LetterError::Missing {
            message: format!(
                "`{}` has no `requested` event, so there is nothing to {}",
                vendor.id.value,
                match kind {
                    Kind::FollowUp => "follow up",
                    Kind::FinalNotice => "give final notice of",
                    _ => "escalate",
                }
            ),
            help: format!(
                "send the request first (`linger letter {0} --kind request`), then record it with `linger mark {0} requested`",
                vendor.id.value
            ),
        });
    }
    // A reminder says the deadline has passed, and a report tells the
    // authority so: before the due date (an agreed extension included)
    // neither is true, so neither is written unless asked for.
    if matches!(kind, Kind::FollowUp | Kind::Escalation | Kind::FinalNotice) && !request.early {
        let status = evaluate(request.inventory, vendor, request.today);
        if let Some(due) = status.due.filter(|due| due.on >= request.today) {
            return Err(LetterError::NotYetDue {
                vendor: vendor.id.value.clone(),
                kind: *kind,
                due: due.on,
            });
        }
    }
    // A request rests on the end of the service: a vendor still in use is
    // retired first, which also records the date the letters cite.
    if matches!(kind, Kind::Request | Kind::FollowUp | Kind::Contradiction)
        && !vendor.is_retired(request.today)
    {
        return Err(LetterError::Missing {
            message: format!(
                "`{}` is not retired, and a deletion request rests on the end of the service",
                vendor.id.value
            ),
            help: format!(
                "record the day you stopped using it: `linger retire {} --on DATE`",
                vendor.id.value
            ),
        });
    }
    let needs = |flag| Err(LetterError::NeedsInput { kind: *kind, flag });
    match kind {
        Kind::BreachInquiry if incident.addresses.is_empty() && incident.canary_mail.is_empty() => {
            needs(
                "--addresses FILE (the addresses that received phishing) or --message FILE.eml (a third party's mail to the vendor's canary)",
            )
        }
        Kind::AbuseReport if incident.phishing_domain.is_none() => {
            needs("--phishing-domain DOMAIN")
        }
        Kind::AbuseReport if incident.addresses.is_empty() => {
            needs("--addresses FILE (the recipients who were your customers)")
        }
        Kind::RegistrarReport if incident.phishing_domain.is_none() => {
            needs("--phishing-domain DOMAIN")
        }
        Kind::CustomerNotice if incident.phishing_domain.is_none() => {
            needs("--phishing-domain DOMAIN")
        }
        Kind::Contradiction if incident.canary_mail.is_empty() => needs(
            "--message FILE.eml (the vendor's mail to its canary after it confirmed the deletion)",
        ),
        Kind::Contradiction => {
            for mail in &incident.canary_mail {
                canary_mail::contradicted(vendor, mail).map_err(unusable)?;
            }
            Ok(to)
        }
        Kind::BreachInquiry => {
            for mail in &incident.canary_mail {
                canary_mail::leaked(vendor, mail).map_err(unusable)?;
            }
            Ok(to)
        }
        _ => Ok(to),
    }
}

fn unusable(err: canary_mail::Unusable) -> LetterError {
    LetterError::Missing {
        message: err.message,
        help: err.help,
    }
}

/// Who the letter goes to.
fn recipient(request: &Request<'_>) -> Result<Party, LetterError> {
    let Request {
        inventory,
        vendor,
        kind,
        incident,
        ..
    } = request;
    let org = &inventory.organization;
    match kind {
        Kind::Request
        | Kind::FollowUp
        | Kind::FinalNotice
        | Kind::BreachInquiry
        | Kind::Contradiction => match &vendor.privacy_email {
            Some(email) => Ok(Party {
                name: vendor.name.clone(),
                email: email.clone(),
            }),
            None => Err(LetterError::Missing {
                message: format!("`{}` has no `privacy_email` to write to", vendor.id.value),
                help: format!(
                    "add `privacy_email = \"privacy@...\"` to the `[[vendor]]` table of `{}` (its privacy policy names the address)",
                    vendor.id.value
                ),
            }),
        },
        Kind::Escalation => {
            let law = inventory.law_of(vendor);
            // No authority oversees a contract: a report rests on a law.
            if law == Law::Contract {
                return Err(LetterError::Missing {
                    message: format!(
                        "`{}` is under `law = \"contract\"`, and no authority oversees a contract",
                        vendor.id.value
                    ),
                    help: "take the steps your contract provides; if a data-protection law applies to the vendor, set its `law` and name that law's authority".into(),
                });
            }
            match org.authority_for(law) {
                Some(authority) => Ok(Party {
                    name: authority.name.clone(),
                    email: authority.email.clone(),
                }),
                None => Err(LetterError::Missing {
                    message: format!(
                        "the inventory names no authority for `{law}` vendors such as `{}` to report to",
                        vendor.id.value
                    ),
                    help: format!(
                        "add `[organization.authority.{law}]` with `name` and `email` (the authority's own website gives its address){}",
                        if law == inventory.organization.law {
                            ", or `authority = { name = \"...\", email = \"...\" }` in `[organization]`"
                        } else {
                            "; a single `authority = { ... }` serves `organization.law` only, so with a table per law, give that law's authority a table too"
                        }
                    ),
                }),
            }
        }
        Kind::AbuseReport | Kind::RegistrarReport => match &incident.abuse_contact {
            Some(email) => Ok(Party {
                name: String::new(),
                email: email.clone(),
            }),
            None => Err(LetterError::NeedsInput {
                kind: *kind,
                flag: if *kind == Kind::AbuseReport {
                    "--to ADDRESS (the bulk-mail service's abuse address; `linger phish --online` finds it)"
                } else {
                    "--to ADDRESS (the registrar's abuse address; `linger phish --online` finds it)"
                },
            }),
        },
        // Written about an incident, not a vendor: `breach_notification`.
        Kind::BreachNotification => Err(LetterError::NeedsInput {
            kind: *kind,
            flag: breach_notification::NEEDS,
        }),
        // A notice goes to customers through the organization's own
        // channel; the draft is addressed to the organization for review.
        Kind::CustomerNotice => Ok(Party {
            name: org.name.clone(),
            email: org.email.clone(),
        }),
    }
}

/// The answer-by date the letter states: a request gets the window linger
/// sets for the vendor's law (or the vendor's `response_days`), and so does
/// a contradiction, which asks for the deletion anew; a follow-up
/// `policy.reminder_days`, a breach inquiry a week; each moved off weekends
/// and holidays as the policy says.
pub fn deadline(request: &Request<'_>) -> Option<NaiveDate> {
    let Request {
        inventory,
        vendor,
        kind,
        today,
        ..
    } = request;
    let policy = &inventory.policy;
    let raw = match kind {
        Kind::Request | Kind::Contradiction => response_window(inventory, vendor).end(*today),
        // Never a date before the one the vendor already has: an agreed
        // extension still stands when a reminder is forced out early.
        Kind::FollowUp | Kind::FinalNotice => {
            let due = evaluate(inventory, vendor, *today).due.map(|due| due.on);
            add_days(*today, policy.reminder_days).max(due.unwrap_or(NaiveDate::MIN))
        }
        Kind::BreachInquiry => add_days(*today, Kind::BREACH_REPLY_DAYS),
        Kind::Escalation
        | Kind::AbuseReport
        | Kind::RegistrarReport
        | Kind::CustomerNotice
        | Kind::BreachNotification => {
            return None;
        }
    };
    Some(roll_over(inventory, raw))
}

/// The template variables for `request`.
pub fn context(request: &Request<'_>) -> Context {
    context_with(request, deadline(request))
}

fn context_with(request: &Request<'_>, deadline: Option<NaiveDate>) -> Context {
    let status = evaluate(request.inventory, request.vendor, request.today);
    context::build(&context::Inputs {
        inventory: request.inventory,
        vendor: request.vendor,
        status: &status,
        kind: request.kind,
        language: request.language,
        today: request.today,
        deadline,
        incident: request.incident,
    })
}

/// Writes the letter with `template`.
pub fn compose(request: &Request<'_>, template: &Template) -> Result<Letter, ComposeError> {
    let to = check_inputs(request)?;
    let deadline = deadline(request);
    let rendered = templates::render(template, &context_with(request, deadline), request.language)?;
    let org = &request.inventory.organization;
    // A user's template or a value could carry a control character; no
    // letter, in any format, ever does.
    let body = visible(&rendered.body).into_owned();
    Ok(Letter {
        kind: request.kind,
        language: request.language,
        vendor: request.vendor.id.value.clone(),
        from: Party {
            name: org.name.clone(),
            email: org.email.clone(),
        },
        to,
        // The no-break space keeps a date together in a wrapped body; a
        // header is never wrapped, and a plain space keeps it ASCII.
        subject: with_reference(
            request.kind,
            &request.vendor.id.value,
            &visible(&rendered.subject.replace('\u{a0}', " ")),
        ),
        reply_to: reply_to(request),
        body,
        date: request.today,
        deadline,
        attachments: match request.kind {
            Kind::AbuseReport | Kind::RegistrarReport => request
                .incident
                .messages
                .iter()
                .map(|m| Attachment {
                    file_name: m.file_name.clone(),
                    raw: m.raw.clone(),
                })
                .collect(),
            Kind::BreachInquiry | Kind::Contradiction => request
                .incident
                .canary_mail
                .iter()
                .map(|m| Attachment {
                    file_name: m.file_name.clone(),
                    raw: m.raw.clone(),
                })
                .collect(),
            _ => Vec::new(),
        },
    })
}

/// The tag a letter to a vendor carries at the end of its subject,
/// `[ref:oldcrm]`: ticket systems rewrite subjects and drop `References`,
/// but keep the words of the subject, so a reply that has lost its thread
/// still names the vendor (docs/inbox.md, "Matching").
pub fn reference_tag(vendor_id: &str) -> String {
    format!("[ref:{vendor_id}]")
}

/// The subject with the vendor's reference tag, for the kinds a vendor
/// answers.
fn with_reference(kind: Kind, vendor_id: &str, subject: &str) -> String {
    if !kind.is_answered() {
        return subject.to_string();
    }
    tagged(subject, vendor_id)
}

/// `subject` ending with `[ref:ID]`; a user's template that already has
/// it keeps one.
fn tagged(subject: &str, id: &str) -> String {
    let tag = reference_tag(id);
    if subject
        .to_ascii_lowercase()
        .contains(&tag.to_ascii_lowercase())
    {
        return subject.to_string();
    }
    format!("{subject} {tag}")
}

/// A report sent for an incident (`send --incident ID --kind
/// abuse-report|registrar-report`): its subject ends with the incident's
/// tag, `[ref:2026-11-phish]`, as a vendor's letter ends with the
/// vendor's, so that an abuse desk's reply that lost its thread still
/// names the incident. Incident ids and vendor ids never coincide (the
/// loader refuses it), so a tag names one or the other.
pub fn for_incident(letter: Letter, incident_id: &str) -> Letter {
    Letter {
        subject: tagged(&letter.subject, incident_id),
        ..letter
    }
}

/// With `organization.reply_tag`, a letter to a vendor asks for replies at
/// `local+VENDOR@domain` (plus addressing), which names the vendor with
/// certainty.
fn reply_to(request: &Request<'_>) -> Option<Party> {
    let org = &request.inventory.organization;
    if !org.reply_tag || !request.kind.is_answered() {
        return None;
    }
    let (local, domain) = crate::address::split(&org.email)?;
    // An address that already has a tag keeps its own local part.
    let local = local.split('+').next().unwrap_or(local);
    Some(Party {
        name: org.name.clone(),
        email: format!("{local}+{}@{domain}", request.vendor.id.value),
    })
}

/// Either kind of failure `compose` can meet.
#[derive(Debug)]
pub enum ComposeError {
    Letter(LetterError),
    Template(Box<TemplateError>),
}

impl From<LetterError> for ComposeError {
    fn from(err: LetterError) -> Self {
        ComposeError::Letter(err)
    }
}

impl From<Box<TemplateError>> for ComposeError {
    fn from(err: Box<TemplateError>) -> Self {
        ComposeError::Template(err)
    }
}

/// A date as the letter's language writes it, for a header line: `28
/// November 2026`, with plain spaces.
pub fn long_date(date: NaiveDate, language: Language) -> String {
    dates::long(date, language).replace('\u{a0}', " ")
}

/// The built-in template for a kind and language.
pub fn builtin(kind: Kind, language: Language) -> Template {
    Template::builtin(kind, language)
}
