//! `linger incident open|mark|show|register`: a breach, tracked. The
//! edits go through the one edit session (`edit::apply_incident`); the
//! clocks and the register are `crate::incident`'s; the text is
//! `output::incident`'s.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Timelike, Utc};

use super::{Context, Loaded, Outcome, edit, write_output};
use crate::cli::{
    IncidentCommand, IncidentMarkArgs, IncidentOpenArgs, IncidentRegisterArgs, IncidentShowArgs,
};
use crate::error::{Error, Failure};
use crate::incident::open::{add_vendor, from_phish, from_trace};
use crate::inventory::edit::{IncidentChange, NewIncident, NewIncidentEvent};
use crate::inventory::{When, is_valid_id, kept, sha256_bytes};
use crate::output;

/// The largest JSON `--from-trace` and `--from-phish` read, and the largest
/// evidence file `mark` keeps.
const MAX_INPUT: u64 = 64 << 20;

pub fn run(ctx: &Context, command: IncidentCommand) -> Result<Outcome, Error> {
    match command {
        IncidentCommand::Open(args) => open(ctx, args),
        IncidentCommand::Mark(args) => mark(ctx, args),
        IncidentCommand::Show(args) => show(ctx, args),
        IncidentCommand::Register(args) => register(ctx, args),
    }
}

fn read_json(path: &Path, what: &str) -> Result<String, Error> {
    let bytes = crate::inventory::read_file_upto(path, MAX_INPUT).map_err(|err| Error::Read {
        path: path.to_path_buf(),
        err,
    })?;
    String::from_utf8(bytes).map_err(|_| {
        Error::failed(
            Failure::Input,
            format!("{} is not UTF-8 text; nothing was written", path.display()),
            format!("give the file `linger {what} --format json` wrote"),
        )
    })
}

fn damaged(path: &Path, what: &str, problem: String) -> Error {
    Error::failed(
        Failure::Input,
        format!(
            "{} is not `linger {what} --format json` output: {problem}; nothing was written",
            path.display()
        ),
        format!("run `linger {what} ... --format json > FILE` again and give that file"),
    )
}

fn open(ctx: &Context, args: IncidentOpenArgs) -> Result<Outcome, Error> {
    let mut new = NewIncident {
        aware: Some(args.aware),
        people: args.people,
        records: args.records,
        data: args.data,
        description: args.description,
        risk: args.risk,
        ..NewIncident::default()
    };
    // Both files are read and understood before the inventory is touched.
    if let Some(path) = &args.from_trace {
        from_trace(&mut new, &read_json(path, "trace")?)
            .map_err(|problem| damaged(path, "trace", problem))?;
    }
    if let Some(path) = &args.from_phish {
        from_phish(&mut new, &read_json(path, "phish")?)
            .map_err(|problem| damaged(path, "phish", problem))?;
    }
    for id in &args.vendors {
        add_vendor(&mut new, id, false);
    }
    for id in &args.confirmed_vendors {
        add_vendor(&mut new, id, true);
    }
    let applied = edit::apply_incident(
        ctx,
        &args.edit,
        |loaded| {
            for id in new.vendors.iter().chain(&new.confirmed_vendors) {
                loaded.vendor(id)?;
            }
            let now = ctx.instant(&loaded.inventory);
            if args.aware.with_timezone(&Utc) > now && !args.edit.allow_future {
                return Err(Error::failed(
                    Failure::Usage,
                    format!("--aware {} is after now", args.aware.to_rfc3339()),
                    "`aware` is when you learnt of the breach: give that moment",
                ));
            }
            let zone = loaded.inventory.organization.time_zone;
            new.id = match &args.id {
                Some(id) => valid_id(id)?,
                None => crate::incident::next_id(
                    &loaded.inventory,
                    args.aware.with_timezone(&zone).date_naive(),
                ),
            };
            if loaded.inventory.find_incident(&new.id).is_ok() {
                return Err(Error::failed(
                    Failure::Usage,
                    format!("an incident `{}` exists already", new.id),
                    "choose another --id, or leave it out for the next free one",
                ));
            }
            Ok(IncidentChange::Open(new.clone()))
        },
        |_, _| Ok(()),
    )?;
    if applied.after.is_none() {
        return Ok(Outcome::Success);
    }
    let mut out = output::stdout();
    writeln!(out, "{}", new.id)?;
    out.flush()?;
    if !ctx.quiet {
        writeln!(
            output::stderr(),
            "Opened incident `{}` at {}. `linger incident show {}` shows its clocks.",
            new.id,
            applied.location,
            new.id
        )?;
    }
    Ok(Outcome::Success)
}

fn valid_id(id: &str) -> Result<String, Error> {
    if is_valid_id(id) {
        return Ok(id.to_string());
    }
    Err(Error::failed(
        Failure::Usage,
        format!("`{id}` is not a valid incident id"),
        "ids use a-z, 0-9 and `-`, starting with a letter or digit (e.g. `2026-11-phishing`)",
    ))
}

/// The evidence an event names: a URL as given, or a file's bytes, kept
/// under `evidence/ID/` when the edit is written.
enum Evidence {
    Url(String),
    File { bytes: Vec<u8>, ext: String },
}

fn read_evidence(given: &str) -> Result<Evidence, Error> {
    if given.starts_with("https://") || given.starts_with("http://") {
        return Ok(Evidence::Url(given.to_string()));
    }
    let path = Path::new(given);
    let bytes = crate::inventory::read_file_upto(path, MAX_INPUT).map_err(|err| {
        Error::failed(
            Failure::Input,
            format!("the evidence `{given}` cannot be read ({err}); nothing was written"),
            "give the file that proves the step (a reply, a screenshot), or its URL",
        )
    })?;
    let ext = path
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| !e.is_empty() && e.len() <= 8 && e.bytes().all(|b| b.is_ascii_alphanumeric()))
        .map_or_else(|| "bin".to_string(), str::to_ascii_lowercase);
    Ok(Evidence::File { bytes, ext })
}

fn now_in_zone(ctx: &Context, loaded: &Loaded) -> DateTime<FixedOffset> {
    let zone = loaded.inventory.organization.time_zone;
    let now = ctx.instant(&loaded.inventory);
    let local = now.with_timezone(&zone);
    let at = local.with_timezone(&chrono::Offset::fix(local.offset()));
    at.with_nanosecond(0).unwrap_or(at)
}

fn mark(ctx: &Context, args: IncidentMarkArgs) -> Result<Outcome, Error> {
    let kind = args.kind;
    for (flag, given) in [
        ("party", args.party.is_some()),
        ("target", args.target.is_some()),
        ("letter", args.letter.is_some()),
        ("people", args.people.is_some()),
        ("how", args.how.is_some()),
    ] {
        if given && !kind.extra_fields().contains(&flag) {
            return Err(Error::failed(
                Failure::Usage,
                format!("`--{flag}` does not apply to `{kind}` steps"),
                "see `linger incident mark --help` for what each kind records",
            ));
        }
    }
    let evidence = args.evidence.as_deref().map(read_evidence).transpose()?;
    let id = args.id.clone();
    let mut event = NewIncidentEvent {
        on: When::Day(ctx.today),
        kind,
        to: args.to,
        party: args.party,
        target: args.target.map(|t| t.to_lowercase()),
        letter: args.letter,
        message_id: args.message_id,
        people: args.people,
        how: args.how,
        note: args.note,
        evidence: None,
        evidence_sha256: None,
    };
    let applied = edit::apply_incident(
        ctx,
        &args.edit,
        |loaded| {
            loaded.inventory.find_incident(&id).map_err(|missing| {
                Error::failed(
                    Failure::Usage,
                    format!("no incident `{id}` in {}", loaded.source.display_path()),
                    match missing.closest {
                        Some(close) => format!("did you mean `{close}`?"),
                        None => "`linger incident register` lists the incidents".to_string(),
                    },
                )
            })?;
            event.on = args
                .on
                .unwrap_or_else(|| When::At(now_in_zone(ctx, loaded)));
            let zone = loaded.inventory.organization.time_zone;
            let real = ctx.real_now();
            let future = match event.on {
                When::At(at) => at.with_timezone(&Utc) > real,
                When::Day(day) => day > real.with_timezone(&zone).date_naive(),
            };
            if future && !args.edit.allow_future {
                return Err(Error::failed(
                    Failure::Edit,
                    format!(
                        "--on {} is after the real now: the step would record the future",
                        event.on
                    ),
                    "leave out --on to record now, or add --allow-future if you mean it",
                ));
            }
            match &evidence {
                Some(Evidence::Url(url)) => event.evidence = Some(url.clone()),
                Some(Evidence::File { bytes, ext }) => {
                    event.evidence = Some(kept::evidence_file(
                        loaded.base_dir(),
                        &id,
                        event.on.date(),
                        kind.as_str(),
                        ext,
                        &mut Default::default(),
                    ));
                    event.evidence_sha256 = Some(sha256_bytes(bytes));
                }
                None => {}
            }
            Ok(IncidentChange::Mark {
                id: id.clone(),
                event: event.clone(),
            })
        },
        |loaded, change| keep(loaded, change, evidence.as_ref()),
    )?;
    if applied.after.is_some() && !ctx.quiet {
        writeln!(
            output::stderr(),
            "Recorded `{kind}` for incident `{id}` on {} at {}.",
            event.on,
            applied.location
        )?;
    }
    Ok(Outcome::Success)
}

/// Writes the evidence file where the event names it, before the
/// inventory is written.
fn keep(
    loaded: &Loaded,
    change: &IncidentChange,
    evidence: Option<&Evidence>,
) -> Result<(), Error> {
    let (Some(Evidence::File { bytes, ext }), IncidentChange::Mark { id, event }) =
        (evidence, change)
    else {
        return Ok(());
    };
    let Some(named) = &event.evidence else {
        return Ok(());
    };
    let written = kept::write_new_as(
        loaded.base_dir(),
        id,
        event.on.date(),
        event.kind.as_str(),
        ext,
        bytes,
    )
    .map_err(|(relative, why)| {
        Error::failed(
            Failure::Edit,
            format!("cannot keep the evidence as `{relative}` ({why:?}); nothing was written"),
            "make `evidence/` and the incident's folder in it real, writable folders inside the inventory's folder",
        )
    })?;
    if written != *named {
        return Err(Error::failed(
            Failure::Edit,
            format!(
                "the evidence went to `{written}`, not `{named}` as planned; nothing was written"
            ),
            "another linger wrote evidence at the same time: run the command again",
        ));
    }
    Ok(())
}

fn show(ctx: &Context, args: IncidentShowArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let incident = inventory.find_incident(&args.id).map_err(|missing| {
        Error::failed(
            Failure::Usage,
            format!(
                "no incident `{}` in {}",
                args.id,
                loaded.source.display_path()
            ),
            match missing.closest {
                Some(close) => format!("did you mean `{close}`?"),
                None => "`linger incident register` lists the incidents".to_string(),
            },
        )
    })?;
    let status = crate::incident::evaluate(inventory, incident);
    let text = output::incident::show(
        &status,
        ctx.instant(inventory),
        inventory.organization.time_zone,
        inventory.policy.takedown_days,
    );
    let mut out = output::stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}

fn register(ctx: &Context, args: IncidentRegisterArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let zone = inventory.organization.time_zone;
    let entries: Vec<_> = inventory
        .incidents
        .iter()
        .map(|incident| {
            crate::incident::register::entry(&crate::incident::evaluate(inventory, incident), zone)
        })
        .collect();
    let format = match args.format {
        crate::cli::RegisterFormat::Markdown => output::incident::RegisterFormat::Markdown,
        crate::cli::RegisterFormat::Csv => output::incident::RegisterFormat::Csv,
        crate::cli::RegisterFormat::Json => output::incident::RegisterFormat::Json,
    };
    let text = output::incident::register(&inventory.organization.name, &entries, format)?;
    if write_output(args.output.as_deref(), &text)?
        && let (Some(path), false) = (&args.output, ctx.quiet)
    {
        writeln!(
            output::stderr(),
            "Wrote the register of {} incident{} to {}.",
            entries.len(),
            if entries.len() == 1 { "" } else { "s" },
            path.display()
        )?;
    }
    Ok(Outcome::Success)
}
