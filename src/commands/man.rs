//! `linger man [-o DIR]`: the man pages, `linger.1` and one
//! `linger-COMMAND.1` per command (and per subcommand of `secret`,
//! `canary` and `subjects`), made from the same definitions as `--help`.

use std::io::Write;
use std::path::Path;

use clap::CommandFactory;

use super::{Context, Outcome};
use crate::cli::{Cli, ManArgs};
use crate::error::Error;
use crate::inventory::store;
use crate::output;

pub fn run(ctx: &Context, args: ManArgs) -> Result<Outcome, Error> {
    let mut command = Cli::command();
    command.build();
    let mut written = Vec::new();
    page(&command, "linger", &args.output, &mut written)?;
    if !ctx.quiet {
        writeln!(
            output::stderr(),
            "Wrote {} man pages to {}; read one with `man -l {}`.",
            written.len(),
            args.output.display(),
            args.output.join("linger.1").display()
        )?;
    }
    Ok(Outcome::Success)
}

/// Writes the page of `command` as `name.1`, then those of its
/// subcommands as `name-sub.1`.
fn page(
    command: &clap::Command,
    name: &str,
    dir: &Path,
    written: &mut Vec<std::path::PathBuf>,
) -> Result<(), Error> {
    let mut text = Vec::new();
    // The page's title is its file name, as `man` shows it.
    let titled = command
        .clone()
        .name(name.to_string())
        .bin_name(name.replace('-', " "));
    clap_mangen::Man::new(titled).render(&mut text)?;
    let path = dir.join(format!("{name}.1"));
    store::write_whole(&path, &text).map_err(|err| Error::Write {
        path: path.clone(),
        err,
    })?;
    written.push(path);
    for sub in command.get_subcommands().filter(|s| s.get_name() != "help") {
        page(sub, &format!("{name}-{}", sub.get_name()), dir, written)?;
    }
    Ok(())
}
