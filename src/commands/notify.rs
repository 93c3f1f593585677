//! `linger letter --incident ID` and `linger send --incident ID`: the
//! breach notification of an incident to our own authority. The incident
//! is found in the inventory, its facts gathered
//! (`letters::breach_notification::facts`), the letter composed with the
//! user's template where there is one; `send` refuses one that still holds
//! a marked blank, sends it, keeps the message sent as
//! `evidence/ID/DATE-breach-notification-sent.eml` and records it on the
//! incident as `authority-notified` (`incident_sent`). The abuse and
//! registrar reports `send --incident` also sends are `incident_reports`'.

use std::io::Write;

use super::draft::{template, write_out};
use super::edit::Session;
use super::{Context, Loaded, Outcome, incident_sent};
use crate::cli::{LetterArgs, LetterFormat, SendArgs};
use crate::error::{Error, Failure};
use crate::inventory::{IncidentEventKind, Language, Source};
use crate::letters::breach_notification::{self, Request};
use crate::letters::sending::Outgoing;
use crate::letters::{ComposeError, Kind, Letter, LetterError};
use crate::output;

/// Whether `letter` was asked for a breach notification, which is written
/// here rather than by `commands::letter`.
pub fn wants(args: &LetterArgs) -> bool {
    args.incident.is_some() || args.kind == Some(Kind::BreachNotification)
}

/// `linger letter --incident ID [--follow-up]`.
pub fn run(ctx: &Context, args: LetterArgs) -> Result<Outcome, Error> {
    let Some(id) = args.incident.as_deref() else {
        return Err(Error::failed(
            Failure::Usage,
            "a breach-notification is about an incident, not a vendor",
            "name the incident: `linger letter --incident ID` (`linger incident open` prints its id)",
        ));
    };
    if let Some(kind) = args.kind.filter(|kind| *kind != Kind::BreachNotification) {
        return Err(Error::failed(
            Failure::Usage,
            format!("`--incident` writes a breach-notification, not a {kind}"),
            "leave out `--kind`, or write the other letters for a vendor: `linger letter VENDOR --kind KIND`",
        ));
    }
    let loaded = ctx.load()?;
    let letter = compose(ctx, &loaded, id, args.draft.lang, args.follow_up)?;
    let format = args.draft.format.unwrap_or(LetterFormat::Text);
    let whom = format!("incident `{id}`");
    write_out(ctx, &loaded, args.output.as_deref(), &letter, format, &whom)?;
    let blanks = crate::lang::blanks(&letter.body);
    if !blanks.is_empty() && !ctx.quiet {
        writeln!(
            output::stderr(),
            "note: the notification holds {} marked blank{} ({}): fill each in or strike it before sending",
            blanks.len(),
            if blanks.len() == 1 { "" } else { "s" },
            blanks[0]
        )?;
    }
    Ok(Outcome::Success)
}

/// The notification of incident `id`, composed with the user's template
/// (`letters/breach-notification.LANG.txt`) where there is one.
fn compose(
    ctx: &Context,
    loaded: &Loaded,
    id: &str,
    language: Option<Language>,
    follow_up: bool,
) -> Result<Letter, Error> {
    let inventory = &loaded.inventory;
    let incident = incident_sent::find(loaded, id)?;
    let facts = breach_notification::facts(inventory, incident);
    let request = Request {
        inventory,
        notification: &facts,
        language: language.unwrap_or_else(|| breach_notification::language(inventory)),
        today: ctx.today,
        // `--today` with a time counts the hours from it.
        now: ctx.instant(inventory),
        follow_up,
    };
    breach_notification::check(&request).map_err(letter_error)?;
    let template = template(loaded, Kind::BreachNotification, request.language)?;
    breach_notification::compose(&request, &template).map_err(|err| match err {
        ComposeError::Letter(err) => letter_error(err),
        ComposeError::Template(err) => Error::Invalid {
            source: Box::new(Source::new(
                std::path::PathBuf::from(&err.template.name),
                err.template.text,
            )),
            diagnostics: vec![err.diagnostic],
        },
    })
}

fn letter_error(err: LetterError) -> Error {
    let help = match &err {
        LetterError::Missing { help, .. } => help.clone(),
        _ => "see docs/letters.md, \"breach-notification\"".to_string(),
    };
    Error::failed(Failure::Letter, err.to_string(), help)
}

/// `linger send --incident ID [--follow-up]`: sends the notification by
/// SMTP with a copy to the organization, and records it on the incident
/// as soon as the server has accepted it. The inventory stays locked the
/// while, so two runs cannot send it twice.
pub fn send(ctx: &Context, args: SendArgs) -> Result<Outcome, Error> {
    let id = args.incident.as_deref().unwrap_or_default();
    if !args.dry_run {
        ctx.refuse_future(ctx.today, "today", args.allow_future)?;
    }
    let session = Session::open(ctx, args.dry_run)?;
    let loaded = session.load(ctx)?;
    let letter = compose(ctx, &loaded, id, args.lang, args.follow_up)?;
    if let Some((message, help)) = breach_notification::unsendable(&letter, id) {
        return Err(Error::failed(Failure::Letter, message, help));
    }
    let out = Outgoing::new(id, Kind::BreachNotification, letter, ctx.now).map_err(|err| {
        Error::failed(
            Failure::Letter,
            err.to_string(),
            "fix the authority's `email` in the inventory",
        )
    })?;
    let step = incident_sent::step(IncidentEventKind::AuthorityNotified, &out, None, None);
    incident_sent::send(ctx, &session, &loaded, &out, args.dry_run, step)
}
