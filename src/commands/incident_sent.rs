//! What `send --incident` does once the server has accepted a letter about
//! an incident, whichever it is (the breach notification, an abuse or a
//! registrar report): keeps the message sent as
//! `evidence/ID/DATE-KIND-sent.eml` with its SHA-256, and appends the step
//! to the incident under the lock the session has held since before
//! sending. If the step cannot be written, the letter is out all the same:
//! the error says so and prints the `incident mark` that records it.

use std::io::Write;

use chrono::Timelike;

use super::edit::Session;
use super::{Context, Loaded, Outcome, evidence, network};
use crate::error::{Error, Failure};
use crate::inventory::When;
use crate::inventory::edit::{IncidentChange, NewIncidentEvent};
use crate::letters::sending::Outgoing;
use crate::output;

/// The step `out` records, before its moment and evidence are known: `to`,
/// `letter`, `message_id` and the note from the message; `party` and
/// `target` from the caller.
pub fn step(
    kind: crate::inventory::IncidentEventKind,
    out: &Outgoing,
    party: Option<crate::inventory::Party>,
    target: Option<String>,
) -> NewIncidentEvent {
    NewIncidentEvent {
        on: When::Day(chrono::NaiveDate::MIN),
        kind,
        to: Some(out.letter.to.email.clone()),
        party,
        target,
        letter: Some(out.kind.to_string()),
        message_id: Some(out.message_id.clone()),
        people: None,
        how: None,
        note: Some(format!(
            "sent by linger to {}, copy to {}",
            out.letter.to.email, out.letter.from.email
        )),
        evidence: None,
        evidence_sha256: None,
    }
}

/// With `--dry-run`, prints `out` and its envelope; else sends it by SMTP
/// and records `event` (from `step`) as soon as the server has accepted it.
pub fn send(
    ctx: &Context,
    session: &Session,
    loaded: &Loaded,
    out: &Outgoing,
    dry_run: bool,
    event: NewIncidentEvent,
) -> Result<Outcome, Error> {
    if dry_run {
        let mut stdout = output::stdout();
        output::send::write_dry_run(&mut stdout, std::slice::from_ref(out))?;
        stdout.flush()?;
        return Ok(Outcome::Success);
    }
    let mailer = network::mailer(loaded)?;
    mailer.send(&out.message).map_err(|smtp| {
        Error::failed(
            Failure::Send,
            format!(
                "could not send the {} for incident `{}`: {smtp}; nothing was recorded",
                out.kind, out.vendor
            ),
            smtp.help(),
        )
    })?;
    record(ctx, session, loaded, out, event)?;
    Ok(Outcome::Success)
}

/// Keeps the message sent, then appends `event` to incident `out.vendor`,
/// at the moment it was sent in the organization's time zone (or
/// `--today`'s moment).
fn record(
    ctx: &Context,
    session: &Session,
    loaded: &Loaded,
    out: &Outgoing,
    mut event: NewIncidentEvent,
) -> Result<(), Error> {
    let id = &out.vendor;
    let raw = out.message.formatted();
    let kind = crate::letters::sending::copy_kind(out.kind);
    let copy = evidence::keep_copy(loaded.base_dir(), id, ctx.today, &kind, &raw, || {
        output::send::write_uncopied(out)
    });
    (event.evidence, event.evidence_sha256) = copy.unzip();
    let zone = loaded.inventory.organization.time_zone;
    let local = ctx.instant(&loaded.inventory).with_timezone(&zone);
    let at = local.with_timezone(&chrono::Offset::fix(local.offset()));
    event.on = When::At(at.with_nanosecond(0).unwrap_or(at));
    let plan = |loaded: &Loaded| {
        find(loaded, id)?;
        let (id, event) = (id.clone(), event.clone());
        Ok(IncidentChange::Mark { id, event })
    };
    match session.apply_incident(ctx, plan, |_, _| Ok(())) {
        Ok(applied) => {
            if !ctx.quiet {
                writeln!(
                    output::stderr(),
                    "Sent the {} for incident `{id}` to {} ({}); recorded `{}` at {}{}.",
                    out.kind,
                    out.letter.to.email,
                    out.message_id,
                    event.kind,
                    applied.location,
                    (event.evidence.as_deref())
                        .map(|e| format!(", the copy kept as {e}"))
                        .unwrap_or_default()
                )?;
            }
            Ok(())
        }
        Err(error) => {
            // The mail is gone: say so plainly, with what to record by hand.
            let mut err = output::stderr();
            let renderer = output::diagnostics::DiagnosticRenderer::for_stream(&err);
            let _ = error.report(&mut err, &renderer);
            Err(Error::failed(
                Failure::Send,
                format!(
                    "the {} for incident `{id}` WAS sent ({}) but could not be recorded",
                    out.kind, out.message_id
                ),
                format!("record it by hand: `{}`", by_hand(id, &event)),
            ))
        }
    }
}

/// The incident with this id, or the error that names the closest one.
pub fn find<'a>(loaded: &'a Loaded, id: &str) -> Result<&'a crate::inventory::Incident, Error> {
    loaded.inventory.find_incident(id).map_err(|missing| {
        Error::failed(
            Failure::Usage,
            format!("no incident `{id}` in `{}`", loaded.source.display_path()),
            match missing.closest {
                Some(best) => format!("did you mean `{best}`?"),
                None => "`linger incident open` opens one and prints its id".to_string(),
            },
        )
    })
}

/// The `incident mark` command that records `event` by hand.
fn by_hand(id: &str, event: &NewIncidentEvent) -> String {
    let mut command = format!("linger incident mark {id} {} --on {}", event.kind, event.on);
    let flags = [
        ("to", event.to.clone()),
        ("party", event.party.map(|p| p.to_string())),
        ("target", event.target.clone()),
        ("letter", event.letter.clone()),
        ("message-id", event.message_id.clone()),
        ("evidence", event.evidence.clone()),
    ];
    for (flag, value) in flags {
        if let Some(value) = value {
            command.push_str(&format!(" --{flag} \"{value}\""));
        }
    }
    command
}
