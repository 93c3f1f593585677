//! `linger discover`: reads the sources it is given (mail archives, our
//! DNS, spending exports), prints the vendors the inventory lacks, and with
//! `--add` appends them through the editor. See `crate::discover`.

use std::io::Write;

use super::{Context, Outcome, edit::Session, network};
use crate::address::registrable;
use crate::cli::DiscoverArgs;
use crate::discover::{self, Candidate, Senders, Sighting, entry, logins, mail, spend};
use crate::error::{Error, Failure};
use crate::inventory::edit::Change;
use crate::output;
use crate::printable;

pub fn run(ctx: &Context, args: DiscoverArgs) -> Result<Outcome, Error> {
    if args.mail.is_empty() && args.dns.is_none() && args.spend.is_empty() && args.logins.is_empty()
    {
        return Err(Error::failed(
            Failure::Usage,
            "nothing to read: give a mail archive, the DNS, a spending export or login exports",
            "e.g. `linger discover --mail ~/Takeout/Mail/All\\ mail.mbox --spend card.csv --dns`",
        ));
    }
    if args.edit.dry_run && args.add.is_none() {
        return Err(Error::failed(
            Failure::Usage,
            "--dry-run shows what --add would append, but --add is not given",
            "add --add: `linger discover ... --add --dry-run`",
        ));
    }
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let table = loaded.fingerprints()?;
    let own = registrable(inventory.organization.domain()).unwrap_or_default();
    let mut err = output::stderr();
    let mut sightings: Vec<Sighting> = Vec::new();

    if !args.mail.is_empty() {
        let mut senders = Senders::default();
        let mut total = mail::Tally::default();
        for path in &args.mail {
            let tally =
                mail::read(path, &mut |header| senders.add(header)).map_err(|err| Error::Read {
                    path: path.clone(),
                    err,
                })?;
            total.absorb(tally);
        }
        if !ctx.quiet {
            output::discover::write_mail_read(&mut err, &total, &senders, args.verbose)?;
        }
        sightings.extend(discover::mail_sightings(
            &senders,
            &table,
            &own,
            !args.no_subjects,
        ));
    }
    for path in &args.spend {
        let charges = spend::read(path).map_err(|message| {
            Error::failed(
                Failure::Input,
                format!("{}: {message}", path.display()),
                "give a CSV export with a header row (merchant or description, and date)",
            )
        })?;
        sightings.extend(spend::sightings(&charges, &table));
    }
    if !args.logins.is_empty() {
        let (apps, events, passed_over) = logins::read_all(&args.logins, args.verbose).map_err(|message| {
            Error::failed(
                Failure::Input,
                message,
                "give the JSON a Reports API, Okta System Log or Graph query returned, or the Entra sign-in CSV download (docs/discover.md, \"Logins\")",
            )
        })?;
        if !ctx.quiet {
            writeln!(err, "{}", logins::summary(&apps, events, passed_over))?;
        }
        let matcher = logins::Matcher::new(inventory, &table);
        sightings.extend(logins::sightings(
            &apps,
            &matcher,
            ctx.today,
            args.stale_days,
            args.verbose,
        ));
    }
    if let Some(domain) = &args.dns {
        let domain = if domain.is_empty() {
            own.clone()
        } else {
            domain.trim().to_lowercase()
        };
        let (http, sources) = network::client(&args.online)?;
        let found = discover::dns::sightings(&http, &sources, &domain, &args.subdomain, &table);
        if !ctx.quiet {
            for note in &found.notes {
                writeln!(err, "warning: DNS of {domain}: {note}")?;
            }
        }
        sightings.extend(found.sightings);
    }

    let mut candidates = discover::candidates(inventory, sightings, ctx.today, args.quiet_for);
    if let Some(only) = args.add.as_deref().filter(|s| !s.is_empty()) {
        let wanted: Vec<&str> = only.split(',').map(str::trim).collect();
        for id in &wanted {
            if !candidates.iter().any(|c| c.id == *id) {
                return Err(Error::failed(
                    Failure::Usage,
                    format!("`{id}` is not one of the candidates"),
                    "run `linger discover` without --add to see their ids",
                ));
            }
        }
        candidates.retain(|c| wanted.contains(&c.id.as_str()));
    }

    print(&candidates, &args)?;
    if args.add.is_some() {
        add(ctx, &args, &candidates)?;
    } else if !ctx.quiet && !candidates.is_empty() {
        writeln!(
            err,
            "{} candidates; `--add` appends them (or `--add ID,ID`), `--add --dry-run` shows how. {}.",
            candidates.len(),
            crate::directory::CREDIT
        )?;
    }
    Ok(Outcome::Success)
}

fn print(candidates: &[Candidate], args: &DiscoverArgs) -> Result<(), Error> {
    let mut out = output::stdout_for(args.format);
    output::discover::write_candidates(&mut out, candidates, args.format)?;
    out.flush()?;
    if args.verbose {
        output::discover::write_people(&mut output::stderr(), candidates)?;
    }
    Ok(())
}

/// Appends `candidates` in one edit: one write, or under `--dry-run` one
/// diff of the whole change. A candidate the inventory would refuse is left
/// out with its reason; the others still go in.
fn add(ctx: &Context, args: &DiscoverArgs, candidates: &[Candidate]) -> Result<(), Error> {
    if !args.edit.dry_run {
        ctx.refuse_future(ctx.today, "today", args.edit.allow_future)?;
    }
    let session = Session::open(ctx, args.edit.dry_run)?;
    let before = session.load(ctx)?;
    let mut err = output::stderr();
    let mut changes: Vec<Change> = Vec::new();
    let mut added: Vec<&Candidate> = Vec::new();
    for c in candidates {
        let change = Change::Add(entry::new_vendor(c));
        // Each candidate is tried alone: new vendors with ids of their own
        // do not touch one another, so this stays linear in the batch.
        if let Err(why) = session.would_take(ctx, &before, std::slice::from_ref(&change)) {
            writeln!(
                err,
                "warning: skipped `{}`: {}",
                printable::line(&c.id),
                printable::line(&why)
            )?;
            continue;
        }
        changes.push(change);
        added.push(c);
    }
    let written = session.apply_all(ctx, &before, &changes, || Ok(()))?;
    if let (Some(_), false) = (written, ctx.quiet) {
        let display = before.source.display_path();
        for c in added {
            writeln!(
                err,
                "Added `{}` ({}) to {display}{}.",
                c.id,
                c.name,
                match &c.directory {
                    Some(slug) if c.privacy_email.is_some() => format!("; privacy contact from the directory entry `{slug}`"),
                    _ => "; no privacy contact in the directory: `check` will say `no-privacy-contact`".into(),
                }
            )?;
        }
    }
    Ok(())
}
