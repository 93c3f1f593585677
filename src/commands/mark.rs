//! `linger mark ID KIND [--on DATE] ...`: records an event in a vendor's
//! deletion history, right after its last one.

use std::io::Write;
use std::path::{Component, Path, PathBuf};

use super::{Context, Loaded, Outcome};
use crate::cli::MarkArgs;
use crate::commands::edit;
use crate::error::{Error, Failure};
use crate::inventory::EventKind;
use crate::inventory::edit::{Change, NewEvent};
use crate::output;
use crate::status::evaluate;

pub fn run(ctx: &Context, args: MarkArgs) -> Result<Outcome, Error> {
    check_fields(&args)?;
    if let Some(on) = args.on {
        ctx.refuse_future(on, "--on", args.edit.allow_future)?;
    }
    let kind = args.kind;
    let id = args.id.clone();
    let mut event = NewEvent {
        on: args.on.unwrap_or(ctx.today),
        kind,
        until: args.until,
        reason: args.reason,
        evidence: None,
        evidence_sha256: None,
        reference: args.reference,
        message_id: args.message_id,
        note: args.note,
        attachments: Vec::new(),
    };
    let evidence = args.evidence;
    let applied = edit::apply(ctx, &args.edit, |loaded| {
        loaded.vendor(&id)?;
        let recorded = evidence
            .as_deref()
            .map(|e| evidence_reference(e, loaded))
            .transpose()?;
        (event.evidence, event.evidence_sha256) = match recorded {
            Some((path, hash)) => (Some(path), hash),
            None => (None, None),
        };
        Ok(Change::Mark {
            id: id.clone(),
            event: event.clone(),
        })
    })?;
    let (Some(applied), false) = (applied, ctx.quiet) else {
        return Ok(Outcome::Success);
    };
    let mut line = format!(
        "Recorded `{kind}` for `{id}` on {} at {}.",
        event.on, applied.location
    );
    // The organization and policy are unchanged, so the inventory as it was
    // gives the right context for the vendor as it is now.
    let status = evaluate(&applied.before.inventory, &applied.vendor, ctx.today);
    if status.state.is_done() {
        line.push_str(" The deletion is done.");
    } else if let Some(due) = status.due {
        line.push_str(&format!(" The {} is due by {}.", due.stage, due.on));
    }
    writeln!(output::stderr(), "{line}")?;
    Ok(Outcome::Success)
}

/// Each kind takes only its own fields (docs/inventory.md, "Events"); a flag
/// given to the wrong kind would be a load error, so say it in flag terms.
fn check_fields(args: &MarkArgs) -> Result<(), Error> {
    let kind = args.kind;
    let given = [
        ("until", args.until.is_some()),
        ("reason", args.reason.is_some()),
    ];
    for (field, present) in given {
        let owners: Vec<&str> = EventKind::ALL
            .iter()
            .filter(|k| k.extra_fields().contains(&field))
            .map(|k| k.as_str())
            .collect();
        if present && !kind.extra_fields().contains(&field) {
            return Err(Error::failed(
                Failure::Usage,
                format!("`--{field}` does not apply to `{kind}` events"),
                format!("`--{field}` is for {} events", owners.join(" and ")),
            ));
        }
    }
    for field in kind.required_fields() {
        let present = given.iter().any(|(f, p)| f == field && *p);
        if !present {
            let example = match *field {
                "until" => "--until 2026-03-01",
                _ => "--reason \"never held personal data\"",
            };
            return Err(Error::failed(
                Failure::Usage,
                format!("a `{kind}` event needs `--{field}`"),
                format!("e.g. `linger mark {} {kind} {example}`", args.id),
            ));
        }
    }
    Ok(())
}

/// What goes into `evidence`: a URL as given, or a path that exists,
/// written relative to the inventory's directory (where `check` resolves
/// it) with `/` separators, so the file reads the same on every system;
/// and for a file, its SHA-256 for `evidence_sha256`, so that `check` can
/// tell if it is later swapped.
fn evidence_reference(given: &str, loaded: &Loaded) -> Result<(String, Option<String>), Error> {
    if given.starts_with("https://") || given.starts_with("http://") {
        return Ok((given.to_string(), None));
    }
    let cwd = std::env::current_dir()?;
    let absolute = cwd.join(given);
    if !absolute.exists() {
        return Err(Error::failed(
            Failure::Input,
            format!("the evidence file `{given}` does not exist; nothing was written"),
            "save the confirmation first (e.g. under evidence/ beside the inventory), or give its URL",
        ));
    }
    // Evidence is a document: `.` or `evidence/` would be stored as an
    // empty or a directory path that proves nothing.
    if !absolute.is_file() {
        return Err(Error::failed(
            Failure::Input,
            format!("the evidence `{given}` is not a file; nothing was written"),
            "give the file that proves the deletion (e.g. evidence/oldcrm-confirmation.pdf), or its URL",
        ));
    }
    let hash = crate::inventory::sha256_file(&absolute).map_err(|err| Error::Read {
        path: absolute.clone(),
        err,
    })?;
    let base = loaded.base_dir();
    let base = base.canonicalize().unwrap_or_else(|_| cwd.join(base));
    let absolute = absolute.canonicalize().unwrap_or(absolute);
    let path = match absolute.strip_prefix(&base) {
        Ok(relative) => relative.to_path_buf(),
        Err(_) => absolute,
    };
    let text = path_text(&path).ok_or_else(|| {
        Error::failed(
            Failure::Input,
            format!("the evidence path `{given}` is not valid UTF-8"),
            "rename the file, or give its URL",
        )
    })?;
    Ok((text, Some(hash)))
}

/// `path` with `/` between its parts.
fn path_text(path: &Path) -> Option<String> {
    let mut parts = Vec::new();
    let mut absolute = PathBuf::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part.to_str()?.to_string()),
            other => absolute.push(other.as_os_str()),
        }
    }
    let joined = parts.join("/");
    if absolute.as_os_str().is_empty() {
        Some(joined)
    } else {
        Some(format!("{}{joined}", absolute.to_str()?.replace('\\', "/")))
    }
}
