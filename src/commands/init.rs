//! `linger init [PATH]`: a commented starter inventory. Never overwrites.

use std::fs::OpenOptions;
use std::io::{self, Write};

use super::{Context, Outcome};
use crate::cli::InitArgs;
use crate::error::{Error, Failure};
use crate::output;

/// The starter file; a test loads it and runs `check` on it.
pub const STARTER: &str = include_str!("starter.toml");

/// The schema file `init` writes beside the inventory, and the first line
/// of the inventory that points editors (taplo, Even Better TOML) at it.
const SCHEMA_FILE: &str = "vendors.schema.json";
const SCHEMA_LINE: &str = "#:schema ./vendors.schema.json\n";

pub fn run(ctx: &Context, args: InitArgs) -> Result<Outcome, Error> {
    let path = &args.path;
    // `create_new` refuses an existing file atomically, so even a race
    // between two `init`s cannot overwrite anybody's inventory.
    let file = OpenOptions::new().write(true).create_new(true).open(path);
    let mut file = match file {
        Ok(file) => file,
        Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {
            return Err(Error::failed(
                Failure::Usage,
                format!("`{}` already exists; nothing was written", path.display()),
                "linger never overwrites an inventory: pick another path, or edit the file",
            ));
        }
        Err(err) => {
            return Err(Error::Write {
                path: path.clone(),
                err,
            });
        }
    };
    file.write_all(format!("{SCHEMA_LINE}{STARTER}").as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|err| Error::Write {
            path: path.clone(),
            err,
        })?;
    // The schema beside it, unless one is there already (an older one is
    // refreshed with `linger schema -o vendors.schema.json`).
    let schema = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir.join(SCHEMA_FILE),
        _ => std::path::PathBuf::from(SCHEMA_FILE),
    };
    let wrote_schema = !schema.exists();
    if wrote_schema {
        crate::inventory::store::write_whole(&schema, crate::schema::text().as_bytes()).map_err(
            |err| Error::Write {
                path: schema.clone(),
                err,
            },
        )?;
    }
    // Edits keep a lock file beside the inventory; git is told to ignore
    // it now, before anyone commits it by accident.
    let ignored = crate::inventory::store::ignore_lock_file(path).unwrap_or(None);
    if !ctx.quiet {
        let mut err = output::stderr();
        writeln!(
            err,
            "Created {}: fill in [organization], add your vendors, then run `linger check`.",
            path.display()
        )?;
        if let Some(ignore) = &ignored {
            writeln!(
                err,
                "Added the lock file linger keeps while it edits to {}.",
                ignore.display()
            )?;
        }
        if wrote_schema {
            writeln!(
                err,
                "Wrote {} beside it: editors with taplo or Even Better TOML complete and check the file as you type.",
                schema.display()
            )?;
        }
    }
    Ok(Outcome::Success)
}
