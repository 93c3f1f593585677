//! `linger add ID --name NAME ...`: appends a vendor, laid out like the
//! file's other vendors.

use std::io::Write;

use super::{Context, Outcome};
use crate::categories;
use crate::cli::AddArgs;
use crate::commands::edit;
use crate::error::{Error, Failure};
use crate::inventory::edit::{Change, NewVendor};
use crate::output;
use crate::suggest;

pub fn run(ctx: &Context, args: AddArgs) -> Result<Outcome, Error> {
    let data = args.data.map(|categories| {
        categories
            .iter()
            .map(|c| c.trim().to_string())
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
    });
    if let Some(data) = &data {
        check_categories(data)?;
    }
    let vendor = NewVendor {
        id: args.id,
        name: args.name,
        website: args.website,
        privacy_email: args.privacy_email,
        used_from: args.used_from,
        account: args.account,
        data,
        law: args.law,
    };
    let applied = edit::apply(ctx, &args.edit, |loaded| {
        if let Some(existing) = loaded.inventory.vendor(&vendor.id) {
            let (line, _) = loaded.source.line_col(existing.id.span.start);
            return Err(Error::failed(
                Failure::Edit,
                format!(
                    "`{}` already has a vendor `{}` (line {line}); nothing was written",
                    loaded.source.display_path(),
                    vendor.id
                ),
                "ids are unique: pick another (e.g. add `-eu` or a year), or change that vendor with `linger retire` or `linger mark`",
            ));
        }
        Ok(Change::Add(vendor.clone()))
    })?;
    if let (Some(applied), false) = (applied, ctx.quiet) {
        writeln!(
            output::stderr(),
            "Added `{}` ({}) at {}.",
            vendor.id,
            vendor.name,
            applied.location
        )?;
    }
    Ok(Outcome::Success)
}

/// A typo in a category would go unnoticed until `check`; refuse it here,
/// where the person can fix it at once.
fn check_categories(data: &[String]) -> Result<(), Error> {
    let names = categories::names();
    for category in data {
        if !categories::is_known(category) {
            let help = match suggest::closest(category, names.iter().copied()) {
                Some(best) => format!(
                    "did you mean `{best}`? A category of your own needs the prefix: `{}{category}`",
                    categories::CUSTOM_PREFIX
                ),
                None => format!(
                    "see the list in docs/inventory.md, or name your own `{}{category}`",
                    categories::CUSTOM_PREFIX
                ),
            };
            return Err(Error::failed(
                Failure::Usage,
                format!("`{category}` is not a known data category; nothing was written"),
                help,
            ));
        }
    }
    Ok(())
}
