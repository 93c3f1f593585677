//! `linger send ID` and `linger send --due`: render each letter exactly as
//! `linger letter` does, send it by SMTP with a copy to the organization,
//! and record it in the inventory as soon as the server has accepted it,
//! keeping the message sent as evidence (`evidence/ID/DATE-KIND-sent.eml`).
//! What is due, and whose domain changed hands, is `letters::sending`'s
//! to say; what is shown, `output::send`'s.
//!
//! The inventory stays locked for the whole run, so two `send`s cannot send
//! the same letter twice; each success is written before the next message
//! goes out, so an interrupted batch can simply be run again.

use std::io::{self, IsTerminal, Write};

use super::draft::compose;
use super::edit::Session;
use super::{Context, Loaded, Outcome, evidence, network};
use crate::cli::SendArgs;
use crate::error::{Error, Failure};
use crate::inventory::Vendor;
use crate::inventory::edit::Change;
use crate::letters::sending::{self, Outgoing};
use crate::letters::{self, Incident, Kind};
use crate::online::registrations;
use crate::output::{self, send::write_results};

pub fn run(ctx: &Context, args: SendArgs) -> Result<Outcome, Error> {
    if !args.dry_run {
        ctx.refuse_future(ctx.today, "today", args.allow_future)?;
    }
    let session = Session::open(ctx, args.dry_run)?;
    let loaded = session.load(ctx)?;
    let (mut outgoing, mut skipped) = if args.due {
        let (due, skipped) = sending::due(&loaded.inventory, ctx.today, args.force);
        let prepared = due
            .into_iter()
            .map(|(vendor, kind)| prepare(ctx, &loaded, vendor, kind, &args));
        (prepared.collect::<Result<Vec<_>, _>>()?, skipped)
    } else {
        let id = args.id.as_deref().unwrap_or_default();
        (vec![one_letter(ctx, &loaded, id, &args)?], Vec::new())
    };
    let mut err = output::stderr();
    if !args.dry_run && !args.force {
        // A letter to a domain that changed hands could reach a stranger.
        let handover =
            sending::check_handover(&loaded.inventory, &outgoing, ctx.today, |domains| {
                let (http, sources) = network::client_for(&args.endpoints)?;
                Ok::<_, Error>(registrations::ask(&http, &sources, domains))
            })?;
        // A safeguard, not a gate that an outage should close.
        for message in &handover.unchecked {
            writeln!(err, "warning: {message}; sending without that check")?;
        }
        if let (Some((message, help)), false) = (handover.refusal(), args.due) {
            return Err(Error::failed(Failure::Send, message, help));
        }
        handover.hold_back(&mut outgoing, &mut skipped);
    }
    if !ctx.quiet {
        output::send::write_skipped(&mut err, &skipped, outgoing.is_empty())?;
    }
    if outgoing.is_empty() {
        return Ok(Outcome::Success);
    }
    if args.dry_run {
        let mut out = output::stdout();
        output::send::write_dry_run(&mut out, &outgoing)?;
        out.flush()?;
        return Ok(Outcome::Success);
    }
    if args.due && !args.yes {
        confirm(&outgoing)?;
    }
    let mailer = network::mailer(&loaded)?;
    let total = outgoing.len();
    let mut results = Vec::new();
    for (i, out) in outgoing.iter().enumerate() {
        if args.due && !ctx.quiet {
            output::send::write_sending(&mut err, i + 1, total, out)?;
        }
        let result = match mailer.send(&out.message) {
            Ok(()) => record(ctx, &session, loaded.base_dir(), out),
            Err(smtp) => Err(Error::failed(
                Failure::Send,
                format!(
                    "could not send the {} to `{}`: {smtp}; nothing was recorded",
                    out.kind, out.vendor
                ),
                smtp.help(),
            )),
        };
        let sent = match result {
            Ok((location, kept)) if !args.due && !ctx.quiet => {
                output::send::write_sent(&mut err, out, &location, kept.as_deref())?;
                true
            }
            Ok(_) => true,
            Err(error) if !args.due => return Err(error),
            Err(error) => {
                let renderer = output::diagnostics::DiagnosticRenderer::for_stream(&err);
                error.report(&mut err, &renderer)?;
                false
            }
        };
        results.push((out, sent));
    }
    if args.due {
        let mut stdout = output::stdout();
        write_results(&mut stdout, &results)?;
        stdout.flush()?;
    }
    let failures = results.iter().filter(|(_, sent)| !sent).count();
    if failures > 0 {
        return Err(Error::failed(
            Failure::Send,
            format!(
                "{failures} of {total} letters could not be sent; nothing was recorded for them"
            ),
            "fix the cause and run `linger send --due` again: it sends only what is still due",
        ));
    }
    Ok(Outcome::Success)
}

fn one_letter(
    ctx: &Context,
    loaded: &Loaded,
    id: &str,
    args: &SendArgs,
) -> Result<Outgoing, Error> {
    let vendor = loaded.vendor(id)?;
    let kind =
        (args.kind).unwrap_or_else(|| letters::default_kind(&loaded.inventory, vendor, ctx.today));
    if let Some((message, help)) = sending::refusal(vendor, kind, args.force, ctx.today) {
        return Err(Error::failed(Failure::Usage, message, help));
    }
    prepare(ctx, loaded, vendor, kind, args)
}

/// The letter `linger letter` would write, ready to send.
fn prepare(
    ctx: &Context,
    loaded: &Loaded,
    vendor: &Vendor,
    kind: Kind,
    args: &SendArgs,
) -> Result<Outgoing, Error> {
    let language =
        (args.lang).unwrap_or_else(|| letters::language_of(&loaded.inventory, vendor, kind));
    let incident = Incident::default();
    let letter = compose(ctx, loaded, vendor, kind, language, &incident, args.force)?;
    let fix = "fix the address in the inventory";
    Outgoing::new(&vendor.id.value, kind, letter, ctx.now)
        .map_err(|err| Error::failed(Failure::Letter, err.to_string(), fix))
}

/// Shows the batch and asks on a terminal; elsewhere `--yes` is required.
fn confirm(outgoing: &[Outgoing]) -> Result<(), Error> {
    // Only a person at a terminal can answer.
    let asked = io::stdin().is_terminal() && io::stderr().is_terminal();
    let answer = if asked {
        output::send::write_question(outgoing)?;
        let mut answer = String::new();
        io::stdin().read_line(&mut answer)?;
        Some(matches!(answer.trim(), "y" | "Y" | "yes" | "Yes"))
    } else {
        None
    };
    let (message, help) = match answer {
        Some(true) => return Ok(()),
        Some(false) => (
            "nothing was sent".to_string(),
            "run again and answer `y`, or pass `--yes`",
        ),
        None => (
            format!(
                "{} letters are due; not on a terminal, so not asking",
                outgoing.len()
            ),
            "pass `--yes` to send them, or `--dry-run` to see them first",
        ),
    };
    Err(Error::failed(Failure::Usage, message, help))
}

/// Keeps the message sent (`evidence::keep_copy`), then appends the event.
fn record(
    ctx: &Context,
    session: &Session,
    base: &std::path::Path,
    out: &Outgoing,
) -> Result<(String, Option<String>), Error> {
    let (kind, raw) = (sending::copy_kind(out.kind), out.message.formatted());
    let copy = evidence::keep_copy(base, &out.vendor, ctx.today, &kind, &raw, || {
        output::send::write_uncopied(out)
    });
    let event = sending::sent_event(out, ctx.today, copy).expect("only recordable kinds are sent");
    let applied = session.apply(ctx, |loaded| {
        loaded.vendor(&out.vendor)?;
        let (id, event) = (out.vendor.clone(), event.clone());
        Ok(Change::Mark { id, event })
    });
    match applied {
        Ok(applied) => Ok((
            applied.map(|a| a.location).unwrap_or_default(),
            event.evidence,
        )),
        Err(error) => {
            // The mail is gone: say so plainly, with what to record by hand.
            let mut err = output::stderr();
            let renderer = output::diagnostics::DiagnosticRenderer::for_stream(&err);
            let _ = error.report(&mut err, &renderer);
            let (message, help) = sending::unrecorded(out, &event);
            Err(Error::failed(Failure::Send, message, help))
        }
    }
}
