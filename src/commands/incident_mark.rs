//! `linger incident mark ID KIND`: records a step of an incident after
//! its last one, through the one edit session (`edit::apply_incident`),
//! keeping an evidence file under `evidence/ID/` with its SHA-256.

use std::io::Write;
use std::path::Path;

use chrono::{DateTime, FixedOffset, Timelike, Utc};

use super::{Context, Loaded, Outcome, edit};
use crate::cli::IncidentMarkArgs;
use crate::error::{Error, Failure};
use crate::inventory::edit::{IncidentChange, NewIncidentEvent};
use crate::inventory::{When, kept, sha256_bytes};
use crate::output;

/// The largest evidence file `mark` keeps.
const MAX_EVIDENCE: u64 = 64 << 20;

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
    let bytes = crate::inventory::read_file_upto(path, MAX_EVIDENCE).map_err(|err| {
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

pub fn run(ctx: &Context, args: IncidentMarkArgs) -> Result<Outcome, Error> {
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
