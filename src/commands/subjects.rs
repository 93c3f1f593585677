//! `linger subjects import ID FILE...` and `linger subjects list`: the
//! addresses each vendor held, kept as keyed hashes in `subjects/ID.hashes`
//! beside the inventory. The key lives in the OS keyring as the secret
//! `subjects-key` (`LINGER_SUBJECTS_KEY` in CI); it is made on the first
//! import. No plain address is ever written.

use std::io::Write;

use super::{Context, Outcome, read_source};
use crate::cli::{SubjectsCommand, SubjectsImportArgs};
use crate::error::{Error, Failure};
use crate::inventory::store;
use crate::output::{self, table::Table, table::TableFormat};
use crate::subjects::{self, SubjectSet};

pub fn run(ctx: &Context, command: SubjectsCommand) -> Result<Outcome, Error> {
    match command {
        SubjectsCommand::Import(args) => import(ctx, args),
        SubjectsCommand::List => list(ctx),
    }
}

fn import(ctx: &Context, args: SubjectsImportArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let vendor = loaded.vendor(&args.id)?;
    // Read every file before anything is hashed or written: a bad one
    // stops the import with nothing changed.
    let mut addresses = Vec::new();
    let mut err = output::stderr();
    for path in &args.files {
        let source = read_source(path)?;
        let list =
            subjects::read_list(&source.text, args.column.as_deref()).map_err(|problem| {
                Error::failed(
                    Failure::Input,
                    format!("`{}`: {problem}", path.display()),
                    "give a CSV export with a header row, or a plain list of addresses, one a line",
                )
            })?;
        if !ctx.quiet {
            let from = list
                .column
                .as_ref()
                .map_or(String::new(), |c| format!(" from column `{c}`"));
            write!(
                err,
                "{}: {} address{}{from}",
                path.display(),
                list.addresses.len(),
                if list.addresses.len() == 1 { "" } else { "es" }
            )?;
            if !list.bad_lines.is_empty() {
                let shown: Vec<String> = list
                    .bad_lines
                    .iter()
                    .take(5)
                    .map(|l| l.to_string())
                    .collect();
                write!(
                    err,
                    "; {} line{} held no address (line{} {}{})",
                    list.bad_lines.len(),
                    if list.bad_lines.len() == 1 { "" } else { "s" },
                    if shown.len() == 1 { "" } else { "s" },
                    shown.join(", "),
                    if list.bad_lines.len() > shown.len() {
                        ", …"
                    } else {
                        ""
                    }
                )?;
            }
            writeln!(err)?;
        }
        addresses.extend(list.addresses);
    }

    let file = loaded.subjects_file(&vendor.id.value);
    // One writer at a time, under the inventory's own lock.
    let target = store::target(&loaded.source.path).map_err(|err| Error::Read {
        path: loaded.source.path.clone(),
        err,
    })?;
    let _lock = store::lock(&target, |_| {}).map_err(|err| Error::Write {
        path: store::lock_path(&target),
        err,
    })?;
    let key = loaded.subjects_key()?;
    let new = SubjectSet::from_hashes(addresses.iter().map(|a| key.hash(a)).collect());
    let set = match std::fs::symlink_metadata(&file) {
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => new,
        // Not a regular file (a FIFO would hang the read): refused either way.
        Ok(meta) if !meta.is_file() => {
            return Err(Error::failed(
                Failure::Input,
                format!(
                    "`{}` is not a regular file (a directory, link, device or pipe)",
                    file.display()
                ),
                "move it away; linger writes the subject set there",
            ));
        }
        Ok(_) if args.replace => new,
        _ => loaded
            .subject_set(&vendor.id.value, &file, &key)?
            .merged(&new),
    };
    store::write_whole(&file, &set.to_bytes(&key)).map_err(|err| Error::Write {
        path: file.clone(),
        err,
    })?;
    if !ctx.quiet {
        writeln!(
            err,
            "Stored {} subject{} of `{}` in {} (key {}).",
            set.len(),
            if set.len() == 1 { "" } else { "s" },
            vendor.id.value,
            file.display(),
            hex::encode(key.fingerprint())
        )?;
    }
    Ok(Outcome::Success)
}

fn list(ctx: &Context) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let mut table = Table::new(vec!["id", "subjects", "updated", "key", "file"]);
    for (id, path) in loaded.subject_files() {
        let bytes = std::fs::read(&path).map_err(|err| Error::Read {
            path: path.clone(),
            err,
        })?;
        let (count, key) = match subjects::read_header(&bytes) {
            Ok(header) => (header.count.to_string(), hex::encode(header.fingerprint)),
            Err(problem) => (format!("unreadable: {problem}"), "-".to_string()),
        };
        let updated = std::fs::metadata(&path)
            .and_then(|m| m.modified())
            .map(|t| {
                chrono::DateTime::<chrono::Utc>::from(t)
                    .date_naive()
                    .to_string()
            })
            .unwrap_or_else(|_| "-".to_string());
        let id = if loaded.inventory.vendor(&id).is_some() {
            id
        } else {
            format!("{id} (no such vendor)")
        };
        table.push(vec![id, count, updated, key, path.display().to_string()]);
    }
    let mut out = output::stdout();
    table.write(
        &mut out,
        TableFormat::Table,
        &(),
        "No subject sets yet: `linger subjects import ID FILE` makes one.",
    )?;
    out.flush()?;
    Ok(Outcome::Success)
}
