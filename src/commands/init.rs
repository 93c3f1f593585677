//! `linger init [PATH]`: a commented starter inventory. Never overwrites.

use std::fs::OpenOptions;
use std::io::{self, Write};

use super::{Context, Outcome};
use crate::cli::InitArgs;
use crate::error::{Error, Failure};
use crate::output;

/// The starter file; a test loads it and runs `check` on it.
pub const STARTER: &str = include_str!("starter.toml");

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
    file.write_all(STARTER.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|err| Error::Write {
            path: path.clone(),
            err,
        })?;
    if !ctx.quiet {
        writeln!(
            output::stderr(),
            "Created {}: fill in [organization], add your vendors, then run `linger check`.",
            path.display()
        )?;
    }
    Ok(Outcome::Success)
}
