//! `linger incident open --aware DATETIME`: appends an `[[incident]]`,
//! from its flags and from `trace` and `phish` JSON (`crate::incident::open`),
//! through the one edit session (`edit::apply_incident`), and prints its id.

use std::io::Write;
use std::path::Path;

use chrono::Utc;

use super::{Context, Outcome, edit};
use crate::cli::IncidentOpenArgs;
use crate::error::{Error, Failure};
use crate::incident::open::{add_vendor, from_phish, from_trace};
use crate::inventory::edit::{IncidentChange, NewIncident};
use crate::inventory::is_valid_id;
use crate::output;

/// The largest JSON `--from-trace` and `--from-phish` read.
const MAX_INPUT: u64 = 64 << 20;

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

pub fn run(ctx: &Context, args: IncidentOpenArgs) -> Result<Outcome, Error> {
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
            if loaded.inventory.vendor(&new.id).is_some() {
                return Err(Error::failed(
                    Failure::Usage,
                    format!("`{}` is a vendor's id", new.id),
                    "an incident's id must differ from every vendor's, so that a `[ref:ID]` tag names one: choose another --id, or leave it out",
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
