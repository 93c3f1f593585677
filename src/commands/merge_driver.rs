//! `linger merge-driver BASE OURS THEIRS [PATH]`: git's custom merge
//! driver for the inventory (gitattributes(5), "Defining a custom merge
//! driver"). Reads the three versions, merges them vendor by vendor
//! (`inventory::merge`), and writes the result over OURS, atomically.
//!
//! When they cannot be merged vendor by vendor (a side this merge cannot
//! cut into vendors, or a result that would not load), git's own line
//! merge (`git merge-file`) does it, with its conflict markers; a clean
//! line merge stands only if it loads, else the whole file is one conflict.
//! Exit 0 when merged, 1 when conflicts are marked in the result, 2 when
//! it could not run (git then reports the merge as failed).

use std::io::Write;
use std::path::Path;
use std::process::Command;

use super::{Context, Outcome};
use crate::cli::MergeDriverArgs;
use crate::error::Error;
use crate::inventory::{merge, read_file, store};
use crate::output;

pub fn run(ctx: &Context, args: MergeDriverArgs) -> Result<Outcome, Error> {
    let read = |path: &Path| -> Result<String, Error> {
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
    let labels = (labels.0.as_str(), labels.1.as_str());
    let (merged, line_merged) = match merge::merge(&base, &ours, &theirs, labels, ctx.today) {
        Ok(merged) => (merged, None),
        Err(why) => {
            let by_git = merge_file(&args, labels);
            let merged = merge::after_line_merge(by_git, &ours, &theirs, labels, ctx.today);
            (merged, Some(why))
        }
    };
    store::write_whole(&args.ours, merged.text.as_bytes()).map_err(|err| Error::Write {
        path: args.ours.clone(),
        err,
    })?;
    if merged.conflicts == 0 {
        if let Some(why) = line_merged
            && !ctx.quiet
        {
            writeln!(
                output::stderr(),
                "merged {name} line by line, as git does: {why}; run `linger check`"
            )?;
        }
        return Ok(Outcome::Success);
    }
    if !ctx.quiet {
        let (n, s) = (
            merged.conflicts,
            if merged.conflicts == 1 { "" } else { "s" },
        );
        match line_merged {
            None => writeln!(
                output::stderr(),
                "{n} conflict{s} in {name}: both branches changed the same vendor, or one deleted or renamed a vendor the other changed; edit the marked vendor{s}, then `linger check`",
            )?,
            Some(why) => writeln!(
                output::stderr(),
                "{n} conflict{s} in {name}: it could not be merged vendor by vendor ({why}), so it was merged line by line; edit the marked place{s}, then `linger check`",
            )?,
        }
    }
    Ok(Outcome::Findings)
}

/// git's three-way line merge of the three files: its text and number of
/// conflicts, or `None` when git could not do it.
fn merge_file(args: &MergeDriverArgs, labels: (&str, &str)) -> Option<(String, usize)> {
    let out = Command::new("git")
        .args([
            "merge-file",
            "-p",
            "-L",
            labels.0,
            "-L",
            "base",
            "-L",
            labels.1,
        ])
        .arg(&args.ours)
        .arg(&args.base)
        .arg(&args.theirs)
        .output()
        .ok()?;
    // The number of conflicts (at most 127), or more on an error.
    let conflicts = usize::try_from(out.status.code()?)
        .ok()
        .filter(|&n| n < 128)?;
    let text = String::from_utf8(out.stdout).ok()?;
    Some((text, conflicts))
}
