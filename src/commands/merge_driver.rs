//! `linger merge-driver BASE OURS THEIRS [PATH]`: git's custom merge
//! driver for the inventory (gitattributes(5), "Defining a custom merge
//! driver"). Reads the three versions, merges them vendor by vendor
//! (`inventory::merge`), and writes the result over OURS, atomically.
//! Exit 0 when merged, 1 when conflicts are marked in the result, 2 when
//! it could not run (git then reports the merge as failed).

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::MergeDriverArgs;
use crate::error::Error;
use crate::inventory::{merge, read_file, store};
use crate::output;

pub fn run(ctx: &Context, args: MergeDriverArgs) -> Result<Outcome, Error> {
    let read = |path: &std::path::Path| -> Result<String, Error> {
        let bytes = read_file(path).map_err(|err| Error::Read {
            path: path.to_path_buf(),
            err,
        })?;
        // Any bytes are merged as they are; the loader judges them later.
        Ok(String::from_utf8_lossy(&bytes).into_owned())
    };
    let (base, ours, theirs) = (read(&args.base)?, read(&args.ours)?, read(&args.theirs)?);
    let name = args.path.as_deref().unwrap_or("vendors.toml");
    let labels = (format!("ours ({name})"), format!("theirs ({name})"));
    let merged = merge::merge(&base, &ours, &theirs, (&labels.0, &labels.1));
    store::write_whole(&args.ours, merged.text.as_bytes()).map_err(|err| Error::Write {
        path: args.ours.clone(),
        err,
    })?;
    if merged.conflicts == 0 {
        return Ok(Outcome::Success);
    }
    if !ctx.quiet {
        writeln!(
            output::stderr(),
            "{} conflict{} in {name}: both branches changed the same vendor; edit the marked vendor{}, then `linger check`",
            merged.conflicts,
            if merged.conflicts == 1 { "" } else { "s" },
            if merged.conflicts == 1 { "" } else { "s" },
        )?;
    }
    Ok(Outcome::Findings)
}
