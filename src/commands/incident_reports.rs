//! `linger send --incident ID --kind abuse-report|registrar-report --to
//! ADDRESS --message FILE.eml...`: the takedown reports of an incident,
//! sent. The report is the letter `letter VENDOR --kind ...` writes, for
//! the incident's vendor (`incident::reports::vendor`, else `--vendor`),
//! with `[ref:ID]` at the end of its subject (`letters::for_incident`);
//! what it asks to stop is read from the messages it attaches, as `phish`
//! reads them (`incident::reports::target`), unless `--target` names it.
//! Once the server accepts it, the message is kept as evidence and the
//! `reported` step written (`incident_sent`). A customer-notice is not sent
//! here: the company's own mailer tells the customers.

use std::collections::HashMap;

use super::draft::compose;
use super::edit::Session;
use super::letter_inputs::{
    abuse_contact, phishing_domain, read_addresses, read_messages, target_given,
};
use super::{Context, Loaded, Outcome, incident_sent};
use crate::cli::SendArgs;
use crate::error::{Error, Failure};
use crate::incident::reports::{self, About, NotOne};
use crate::inventory::{IncidentEventKind, Vendor};
use crate::letters::phish::PhishingMessage;
use crate::letters::sending::Outgoing;
use crate::letters::{self, Incident, Kind};
use crate::phish::{self, Known, Original};

/// Whether `send --incident` was asked for a report (a kind other than
/// the breach notification, or a report's flags), which is sent here
/// rather than by `commands::notify`.
pub fn wants(args: &SendArgs) -> bool {
    let flags = args.to.is_some()
        || !args.messages.is_empty()
        || args.target.is_some()
        || args.party.is_some()
        || args.vendor.is_some()
        || args.addresses.is_some()
        || args.phishing_domain.is_some()
        || args.include_addresses;
    args.incident.is_some() && (args.kind.is_some_and(|k| k != Kind::BreachNotification) || flags)
}

fn usage(message: impl Into<String>, help: impl Into<String>) -> Error {
    Error::failed(Failure::Usage, message, help)
}

/// The kinds `send --incident` does not send, each with what to do.
fn refuse_kind(id: &str, kind: Kind) -> Result<(), Error> {
    match kind {
        Kind::AbuseReport | Kind::RegistrarReport => Ok(()),
        Kind::BreachNotification => Err(usage(
            "`--to`, `--message`, `--target`, `--party`, `--vendor`, `--addresses` and `--phishing-domain` go with a report, not the breach-notification",
            format!(
                "the notification goes to the authority the inventory names: `linger send --incident {id}`; a report needs `--kind abuse-report` or `--kind registrar-report`"
            ),
        )),
        Kind::CustomerNotice => Err(usage(
            "linger does not send a customer-notice: the customers are told through the company's own mailer",
            format!(
                "draft it with `linger letter VENDOR --kind customer-notice --phishing-domain DOMAIN`, send it through your mailer, then record it: `linger incident mark {id} people-notified --people N --how e-mail --evidence FILE`"
            ),
        )),
        other => Err(usage(
            format!(
                "`send --incident` sends a breach-notification, an abuse-report or a registrar-report, not a {other}"
            ),
            format!("a vendor's letter is sent by its id: `linger send VENDOR --kind {other}`"),
        )),
    }
}

pub fn run(ctx: &Context, args: SendArgs) -> Result<Outcome, Error> {
    let id = args.incident.as_deref().unwrap_or_default();
    let kind = args.kind.unwrap_or(Kind::BreachNotification);
    refuse_kind(id, kind)?;
    if args.follow_up {
        return Err(usage(
            "`--follow-up` goes with the breach-notification, not a report",
            "leave out `--follow-up`: a second report is simply sent again",
        ));
    }
    let to = args.to.as_deref().map(abuse_contact).transpose()?;
    let Some(to) = to else {
        return Err(usage(
            format!("a {kind} needs `--to ADDRESS`"),
            "give the abuse address: `linger phish --online FILE.eml` finds it",
        ));
    };
    if args.messages.is_empty() {
        return Err(usage(
            format!("a {kind} needs `--message FILE.eml`: the phishing mails it attaches"),
            "save the phishing e-mails from your mail client as .eml files and name each",
        ));
    }
    if kind == Kind::RegistrarReport && args.phishing_domain.is_some() {
        return Err(usage(
            "a registrar-report is about one domain, its `--target`; `--phishing-domain` goes with an abuse-report",
            "write `--target DOMAIN` instead",
        ));
    }
    let messages = read_messages(kind, &args.messages)?;
    let addresses = match &args.addresses {
        Some(path) => read_addresses(path)?,
        None if kind == Kind::AbuseReport => {
            return Err(usage(
                "an abuse-report needs `--addresses FILE`: the addresses that received phishing (it gives their number)",
                "`linger trace --write-addresses FILE` writes them, one a line",
            ));
        }
        None => Vec::new(),
    };
    if !args.dry_run {
        ctx.refuse_future(ctx.today, "today", args.allow_future)?;
    }
    let session = Session::open(ctx, args.dry_run)?;
    let loaded = session.load(ctx)?;
    let incident = incident_sent::find(&loaded, id)?;
    let vendor = vendor(&loaded, incident, args.vendor.as_deref())?;
    let originals = analyse(&loaded, &messages)?;
    let about = match kind {
        Kind::RegistrarReport => About::Domain,
        _ => About::Sender,
    };
    let target = match &args.target {
        Some(given) => target_given(kind, given)?,
        None => reports::target(about, incident, &originals)
            .map_err(|not| unclear(kind, "--target", not))?,
    };
    let domain = match (kind, &args.phishing_domain) {
        (Kind::RegistrarReport, _) => target.clone(),
        (_, Some(given)) => phishing_domain(given)?,
        (_, None) => {
            let found = reports::domains(incident, &originals);
            let not = |found| unclear(kind, "--phishing-domain", NotOne(found));
            let [domain] = <[String; 1]>::try_from(found).map_err(not)?;
            domain
        }
    };
    let input = Incident {
        phishing_domain: Some(domain),
        addresses,
        abuse_contact: Some(to),
        messages,
        include_addresses: args.include_addresses,
        ..Incident::default()
    };
    let language =
        (args.lang).unwrap_or_else(|| letters::language_of(&loaded.inventory, vendor, kind));
    let letter = compose(ctx, &loaded, vendor, kind, language, &input, false)?;
    let letter = letters::for_incident(letter, id);
    let fix = "give the abuse desk's address with `--to`";
    let out = Outgoing::new(id, kind, letter, ctx.now)
        .map_err(|err| Error::failed(Failure::Letter, err.to_string(), fix))?;
    let party = args.party.unwrap_or_else(|| reports::default_party(about));
    let step = incident_sent::step(IncidentEventKind::Reported, &out, Some(party), Some(target));
    incident_sent::send(ctx, &session, &loaded, &out, args.dry_run, step)
}

/// The vendor the report is written for: `--vendor`, else the incident's.
fn vendor<'a>(
    loaded: &'a Loaded,
    incident: &crate::inventory::Incident,
    given: Option<&str>,
) -> Result<&'a Vendor, Error> {
    if let Some(id) = given {
        return loaded.vendor(id);
    }
    match reports::vendor(incident) {
        Ok(id) => loaded.vendor(id),
        Err(NotOne(ids)) => Err(usage(
            match ids.as_slice() {
                [] => format!(
                    "incident `{}` names no vendor the leak came from",
                    incident.id.value
                ),
                _ => format!(
                    "incident `{}` names several vendors the leak may have come from ({}), and not one confirmed",
                    incident.id.value,
                    ids.join(", ")
                ),
            },
            "name the vendor the report is written for: `--vendor ID` (or confirm one: `confirmed_vendors` in the incident)",
        )),
    }
}

/// The originals in the messages, as `phish` reads them: the sending
/// service and the phishing domains of each.
fn analyse(loaded: &Loaded, messages: &[PhishingMessage]) -> Result<Vec<Original>, Error> {
    let table = loaded.fingerprints()?;
    let own = crate::online::our_domains(&loaded.inventory);
    let domain = loaded.inventory.organization.domain().to_ascii_lowercase();
    let brand = domain.split('.').next().unwrap_or_default().to_string();
    let known = Known {
        own: &own,
        table: &table,
        lookalikes: &HashMap::new(),
        domain: &domain,
        brand: &brand,
    };
    let read = messages
        .iter()
        .filter_map(|m| phish::originals(&m.raw, &known));
    Ok(read.flatten().collect())
}

/// The error for a target or domain the messages do not settle.
fn unclear(kind: Kind, flag: &str, NotOne(found): NotOne) -> Error {
    let what = if flag == "--target" && kind == Kind::AbuseReport {
        "sending service"
    } else {
        "phishing domain"
    };
    let message = match found.as_slice() {
        [] => format!("the messages name no {what} for the {kind}"),
        _ => format!(
            "the messages name more than one {what} ({}), so it is not clear what the {kind} is about",
            found.join(", ")
        ),
    };
    let example = found.first().map_or("NAME", String::as_str);
    usage(
        message,
        format!("name it: `{flag} {example}`, and attach only the messages that report is about"),
    )
}
