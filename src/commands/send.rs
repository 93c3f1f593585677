//! `linger send ID` and `linger send --due`: render each letter exactly as
//! `linger letter` does, send it by SMTP with a copy to the organization,
//! and record it in the inventory as soon as the server has accepted it.
//!
//! The inventory stays locked for the whole run, so two `send`s cannot send
//! the same letter twice; each success is written before the next message
//! goes out, so an interrupted batch can simply be run again.

use std::collections::{BTreeMap, BTreeSet};
use std::io::{IsTerminal, Write};

use lettre::Message;

use super::date_cell;
use super::draft::compose;
use super::edit::Session;
use super::{Context, Loaded, Outcome, network};
use crate::checks::{self, Code};
use crate::cli::SendArgs;
use crate::error::{Error, Failure};
use crate::inventory::MailAuth;
use crate::inventory::edit::{Change, NewEvent};
use crate::inventory::{EventKind, Vendor};
use crate::letters::eml::{self, Purpose};
use crate::letters::{self, Incident, Kind, Letter};
use crate::net::smtp::{Login, Mailer};
use crate::online::{Facts, domains, lookup};
use crate::output::{self, table::Table, table::TableFormat};
use crate::secrets;

/// A letter ready to go.
struct Outgoing {
    vendor: String,
    kind: Kind,
    letter: Letter,
    message: Message,
    message_id: String,
}

/// The event that records a sent letter of `kind`, for the kinds `send`
/// sends.
fn event_for(kind: Kind) -> Option<EventKind> {
    match kind {
        Kind::Request => Some(EventKind::Requested),
        Kind::FollowUp => Some(EventKind::Reminded),
        // The last step linger takes for either: what follows is the
        // authority's, or the organization's under its contract.
        Kind::Escalation | Kind::FinalNotice => Some(EventKind::Escalated),
        Kind::BreachInquiry | Kind::AbuseReport | Kind::RegistrarReport | Kind::CustomerNotice => {
            None
        }
    }
}

pub fn run(ctx: &Context, args: SendArgs) -> Result<Outcome, Error> {
    if !args.dry_run {
        ctx.refuse_future(ctx.today, "today", args.allow_future)?;
    }
    let session = Session::open(ctx, args.dry_run)?;
    let loaded = session.load(ctx)?;
    let mut skipped = Vec::new();
    let outgoing = if args.due {
        due_letters(ctx, &loaded, &args, &mut skipped)?
    } else {
        let id = args.id.as_deref().unwrap_or_default();
        vec![one_letter(ctx, &loaded, id, &args)?]
    };
    let mut err = output::stderr();
    let mut outgoing = outgoing;
    if !args.dry_run && !args.force {
        let refused = changed_hands(&loaded, &outgoing, &args, ctx.today, &mut err)?;
        if let Some((id, (message, help))) = refused.iter().next()
            && !args.due
        {
            return Err(Error::failed(
                Failure::Send,
                format!("not sending to `{id}`: {message}"),
                format!("{help}; `--force` sends anyway"),
            ));
        }
        outgoing.retain(|out| !refused.contains_key(&out.vendor));
        skipped.extend(
            refused
                .into_iter()
                .map(|(id, (message, _))| (id, format!("{message} (`--force` sends anyway)"))),
        );
    }
    for (id, reason) in &skipped {
        if !ctx.quiet {
            writeln!(err, "Skipped `{id}`: {reason}.")?;
        }
    }
    if outgoing.is_empty() {
        if !ctx.quiet {
            writeln!(err, "Nothing to send: no vendor needs a letter today.")?;
        }
        return Ok(Outcome::Success);
    }

    if args.dry_run {
        return dry_run(&outgoing);
    }
    if args.due {
        confirm(&outgoing, args.yes)?;
    }
    let mailer = mailer(&loaded)?;
    let total = outgoing.len();
    let mut table = Table::new(vec!["id", "kind", "to", "result", "message_id"]);
    let mut failures = 0;
    for (i, out) in outgoing.iter().enumerate() {
        if args.due && !ctx.quiet {
            writeln!(
                err,
                "[{}/{total}] sending the {} to {} ({})...",
                i + 1,
                out.kind,
                out.letter.to.email,
                out.vendor
            )?;
        }
        let result = match mailer.send(&out.message) {
            Ok(()) => record(ctx, &session, out),
            Err(smtp) => Err(Error::Failed {
                failure: Failure::Send,
                message: format!(
                    "could not send the {} to `{}`: {smtp}; nothing was recorded",
                    out.kind, out.vendor
                ),
                help: Some(smtp.help().to_string()),
            }),
        };
        let cell = match result {
            Ok(location) => {
                if !args.due && !ctx.quiet {
                    writeln!(
                        err,
                        "Sent the {} to {} (copy to {}); recorded `{}` at {location}.",
                        out.kind,
                        out.letter.to.email,
                        out.letter.from.email,
                        event_for(out.kind).map_or("", EventKind::as_str)
                    )?;
                }
                "sent".to_string()
            }
            Err(error) if !args.due => return Err(error),
            Err(error) => {
                failures += 1;
                let renderer = output::diagnostics::DiagnosticRenderer::for_stream(&err);
                error.report(&mut err, &renderer)?;
                "failed".to_string()
            }
        };
        table.push(vec![
            out.vendor.clone(),
            out.kind.to_string(),
            out.letter.to.email.clone(),
            cell,
            out.message_id.clone(),
        ]);
    }
    if args.due {
        let mut stdout = output::stdout();
        table.write(&mut stdout, TableFormat::Table, &(), "")?;
        stdout.flush()?;
    }
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
    let inventory = &loaded.inventory;
    let vendor = loaded.vendor(id)?;
    let kind = args
        .kind
        .unwrap_or_else(|| letters::default_kind(inventory, vendor, ctx.today));
    if event_for(kind).is_none() {
        return Err(Error::failed(
            Failure::Usage,
            format!("`send` sends requests, follow-ups and reports to the authority, not a {kind}"),
            format!(
                "draft it with `linger letter {id} --kind {kind}` and send it from your mail client"
            ),
        ));
    }
    if let Some(reason) = sent_today(vendor, kind, ctx)
        && !args.force
    {
        return Err(Error::failed(
            Failure::Usage,
            format!("not sending: {reason}"),
            "`--force` sends it again",
        ));
    }
    prepare(ctx, loaded, vendor, kind, args)
}

/// The next letter of every vendor that needs one, except those already
/// sent today (which go into `skipped`, with the reason).
fn due_letters(
    ctx: &Context,
    loaded: &Loaded,
    args: &SendArgs,
    skipped: &mut Vec<(String, String)>,
) -> Result<Vec<Outgoing>, Error> {
    let inventory = &loaded.inventory;
    let mut outgoing = Vec::new();
    for (vendor, kind) in letters::due(inventory, ctx.today) {
        if let Some(reason) = sent_today(vendor, kind, ctx)
            && !args.force
        {
            skipped.push((vendor.id.value.clone(), reason));
            continue;
        }
        outgoing.push(prepare(ctx, loaded, vendor, kind, args)?);
    }
    Ok(outgoing)
}

/// The vendors among `outgoing` whose domain RDAP says was registered after
/// we started using them, or is free: a letter there could reach a
/// stranger. Maps each id to the finding's message and help. When RDAP
/// cannot be asked, says so and refuses nothing: the check is a safeguard,
/// not a gate that an outage should close.
fn changed_hands(
    loaded: &Loaded,
    outgoing: &[Outgoing],
    args: &SendArgs,
    today: chrono::NaiveDate,
    err: &mut impl Write,
) -> Result<BTreeMap<String, (String, String)>, Error> {
    let inventory = &loaded.inventory;
    // An escalation goes to the authority, not to the vendor's domain.
    let ids: BTreeSet<&str> = outgoing
        .iter()
        .filter(|out| out.kind != Kind::Escalation)
        .map(|out| out.vendor.as_str())
        .collect();
    let domains: BTreeSet<String> = (ids.iter())
        .filter_map(|id| inventory.vendor(id))
        .flat_map(domains::of)
        .map(|host| host.domain)
        .collect();
    let mut refused = BTreeMap::new();
    if domains.is_empty() {
        return Ok(refused);
    }
    let (http, sources) = network::client_for(&args.endpoints)?;
    let bootstrap = lookup::bootstrap(&http, &sources);
    let mut facts = Facts::default();
    for domain in domains {
        let answer = match &bootstrap {
            Ok(bootstrap) => lookup::registration(&http, bootstrap, &domain),
            Err(failure) => Err(failure.clone()),
        };
        facts.registrations.insert(domain, answer);
    }
    let severities = checks::severities(inventory, &[]);
    for finding in checks::run_online(inventory, &severities, &facts, today) {
        match finding.code {
            Code::VendorDomainReregistered => {
                if let Some(id) = finding.vendor.filter(|id| ids.contains(id.as_str())) {
                    refused.entry(id).or_insert((finding.message, finding.help));
                }
            }
            Code::OnlineCheckFailed => writeln!(
                err,
                "warning: {}; sending without that check",
                finding.message
            )?,
            _ => {}
        }
    }
    Ok(refused)
}

/// Why a letter of `kind` should not go out again today, if it should not.
fn sent_today(vendor: &Vendor, kind: Kind, ctx: &Context) -> Option<String> {
    let event = event_for(kind)?;
    vendor
        .events
        .iter()
        .any(|e| e.kind == event && e.on.value == ctx.today)
        .then(|| {
            format!(
                "a {kind} to `{}` was already recorded today (`{event}` on {})",
                vendor.id.value, ctx.today
            )
        })
}

fn prepare(
    ctx: &Context,
    loaded: &Loaded,
    vendor: &Vendor,
    kind: Kind,
    args: &SendArgs,
) -> Result<Outgoing, Error> {
    let language = args
        .lang
        .unwrap_or_else(|| letters::language_of(&loaded.inventory, vendor, kind));
    let letter = compose(
        ctx,
        loaded,
        vendor,
        kind,
        language,
        &Incident::default(),
        args.force,
    )?;
    let message = eml::message(
        &letter,
        ctx.now,
        Purpose::Send {
            cc: Some(&letter.from),
        },
    )
    .map_err(|err| {
        Error::failed(
            Failure::Letter,
            err.to_string(),
            "fix the address in the inventory",
        )
    })?;
    Ok(Outgoing {
        vendor: vendor.id.value.clone(),
        kind,
        message_id: eml::message_id(&letter),
        letter,
        message,
    })
}

fn dry_run(outgoing: &[Outgoing]) -> Result<Outcome, Error> {
    let mut out = output::stdout();
    for item in outgoing {
        let envelope = item.message.envelope();
        let to: Vec<String> = envelope.to().iter().map(|a| format!("<{a}>")).collect();
        writeln!(
            out,
            "== {}: {} (not sent)\nMAIL FROM:<{}>\nRCPT TO:{}\n",
            item.vendor,
            item.kind,
            envelope.from().map(ToString::to_string).unwrap_or_default(),
            to.join(", ")
        )?;
        // The message as the server would receive it, CRLF and all, shown
        // with the line breaks of this terminal.
        let text = String::from_utf8_lossy(&item.message.formatted()).replace("\r\n", "\n");
        writeln!(out, "{text}")?;
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// Shows the batch and asks on a terminal; elsewhere `--yes` is required.
fn confirm(outgoing: &[Outgoing], yes: bool) -> Result<(), Error> {
    if yes {
        return Ok(());
    }
    let interactive = std::io::stdin().is_terminal() && std::io::stderr().is_terminal();
    if !interactive {
        return Err(Error::failed(
            Failure::Usage,
            format!(
                "{} letters are due; not on a terminal, so not asking",
                outgoing.len()
            ),
            "pass `--yes` to send them, or `--dry-run` to see them first",
        ));
    }
    let mut table = Table::new(vec!["id", "kind", "to", "answer_by"]);
    for item in outgoing {
        table.push(vec![
            item.vendor.clone(),
            item.kind.to_string(),
            item.letter.to.email.clone(),
            date_cell(item.letter.deadline),
        ]);
    }
    let mut err = output::stderr();
    table.write(&mut err, TableFormat::Table, &(), "")?;
    write!(err, "Send these {} letters? [y/N] ", outgoing.len())?;
    err.flush()?;
    let mut answer = String::new();
    std::io::stdin().read_line(&mut answer)?;
    if matches!(answer.trim(), "y" | "Y" | "yes" | "Yes") {
        Ok(())
    } else {
        Err(Error::failed(
            Failure::Usage,
            "nothing was sent",
            "run again and answer `y`, or pass `--yes`",
        ))
    }
}

fn mailer(loaded: &Loaded) -> Result<Mailer, Error> {
    let inventory = &loaded.inventory;
    let Some(smtp) = &inventory.smtp else {
        return Err(Error::failed(
            Failure::Send,
            format!(
                "`{}` has no [smtp] table to send with",
                loaded.source.display_path()
            ),
            "add `[smtp]` with host, port, username and security = \"starttls\" (docs/sending.md)",
        ));
    };
    // A token for XOAUTH2, else a password; either only with a username.
    let secret_name = match smtp.auth {
        Some(MailAuth::Xoauth2) => secrets::SMTP_OAUTH_TOKEN,
        _ => secrets::SMTP_PASSWORD,
    };
    let secret = match &smtp.username {
        Some(_) => Some(network::mail_secret(secret_name)?),
        None => None,
    };
    let login = smtp
        .username
        .as_deref()
        .zip(secret.as_ref())
        .map(|(username, secret)| Login { username, secret });
    let extra_roots = network::ca_file(loaded, "smtp", smtp.ca_file.as_deref())?;
    let hello = inventory
        .organization
        .email
        .rsplit_once('@')
        .map_or("localhost", |(_, domain)| domain);
    Mailer::new(smtp, login, hello, &extra_roots)
        .map_err(|err| Error::failed(Failure::Send, err.to_string(), "check the [smtp] table"))
}

/// Appends the event that records a sent letter; returns where.
fn record(ctx: &Context, session: &Session, out: &Outgoing) -> Result<String, Error> {
    let event = event_for(out.kind).expect("only recordable kinds are sent");
    let note = format!(
        "sent by linger to {}, copy to {}",
        out.letter.to.email, out.letter.from.email
    );
    let applied = session.apply(ctx, |loaded| {
        loaded.vendor(&out.vendor)?;
        Ok(Change::Mark {
            id: out.vendor.clone(),
            event: NewEvent {
                on: ctx.today,
                kind: event,
                until: None,
                reason: None,
                evidence: None,
                evidence_sha256: None,
                reference: None,
                message_id: Some(out.message_id.clone()),
                note: Some(note.clone()),
            },
        })
    });
    match applied {
        Ok(Some(applied)) => Ok(applied.location),
        Ok(None) => Ok(String::new()),
        Err(error) => {
            // The mail is gone: say so plainly, with what to record by hand.
            let mut err = output::stderr();
            let renderer = output::diagnostics::DiagnosticRenderer::for_stream(&err);
            let _ = error.report(&mut err, &renderer);
            Err(Error::failed(
                Failure::Send,
                format!(
                    "the {} to `{}` WAS sent ({}) but could not be recorded",
                    out.kind, out.vendor, out.message_id
                ),
                format!(
                    "record it by hand: `linger mark {} {event} --message-id \"{}\" --note \"{note}\"`",
                    out.vendor, out.message_id
                ),
            ))
        }
    }
}
