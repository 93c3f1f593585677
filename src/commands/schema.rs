//! `linger schema`: the JSON Schema of `vendors.toml` (see `crate::schema`).
//! Needs no inventory.

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::SchemaArgs;
use crate::error::Error;
use crate::inventory::store;
use crate::output;

pub fn run(ctx: &Context, args: SchemaArgs) -> Result<Outcome, Error> {
    let text = crate::schema::text();
    match &args.output {
        Some(path) => {
            store::write_whole(path, text.as_bytes()).map_err(|err| Error::Write {
                path: path.clone(),
                err,
            })?;
            if !ctx.quiet {
                writeln!(
                    output::stderr(),
                    "Wrote the schema to {}; a `#:schema {}` line at the top of vendors.toml points editors at it.",
                    path.display(),
                    path.display()
                )?;
            }
        }
        None => {
            let mut out = output::data_stdout();
            out.write_all(text.as_bytes())?;
            out.flush()?;
        }
    }
    Ok(Outcome::Success)
}
