//! `linger add ID --name NAME ...`: appends a vendor, laid out like the
//! file's other vendors.

use std::io::Write;

use super::{Context, Outcome};
use crate::categories;
use crate::cli::AddArgs;
use crate::commands::edit;
use crate::directory;
use crate::error::{Error, Failure};
use crate::inventory::edit::{Change, NewVendor};
use crate::output;

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
    let entry = match &args.lookup {
        Some(key) => Some(lookup(key)?),
        None => None,
    };
    let name = args
        .name
        .or_else(|| entry.map(|e| e.name.clone()))
        .unwrap_or_default();
    let vendor = NewVendor {
        id: args.id,
        name,
        website: args.website.or_else(|| entry.and_then(|e| e.web.clone())),
        privacy_email: args
            .privacy_email
            .or_else(|| entry.and_then(|e| e.email.clone())),
        used_from: args.used_from,
        account: args.account,
        data,
        law: args.law,
        notes: None,
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
        let mut err = output::stderr();
        writeln!(
            err,
            "Added `{}` ({}) at {}.",
            vendor.id, vendor.name, applied.location
        )?;
        if let Some(entry) = entry {
            writeln!(
                err,
                "From the directory entry `{}` (quality: {}){}. {}.",
                entry.slug,
                entry.quality.as_deref().unwrap_or("unknown"),
                if entry.email.is_some() {
                    ""
                } else {
                    "; it has no privacy address, so `check` will say `no-privacy-contact`"
                },
                directory::CREDIT
            )?;
        }
    }
    Ok(Outcome::Success)
}

/// The directory entry for `key`: a slug, or the one company known by a
/// domain. Several companies under one domain are listed, for `--lookup
/// SLUG`.
fn lookup(key: &str) -> Result<&'static directory::Company, Error> {
    if let Some(entry) = directory::by_slug(key) {
        return Ok(entry);
    }
    let found = directory::by_domain(key);
    match found.as_slice() {
        [one] => Ok(one),
        [] => Err(Error::failed(
            Failure::Usage,
            format!("linger's directory of privacy contacts has no entry for `{key}`"),
            "give the name (and the privacy address, from the vendor's privacy policy) yourself: `--name NAME --privacy-email ADDRESS`; without an address, `check` reports `no-privacy-contact`",
        )),
        many => Err(Error::failed(
            Failure::Usage,
            format!(
                "`{key}` matches {} directory entries: {}",
                many.len(),
                many.iter()
                    .map(|c| format!(
                        "`{}` ({}, {})",
                        c.slug,
                        c.name,
                        c.quality.as_deref().unwrap_or("?")
                    ))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            "pick one by its slug: `--lookup SLUG`",
        )),
    }
}

/// A typo in a category would go unnoticed until `check`; refuse it here,
/// where the person can fix it at once.
fn check_categories(data: &[String]) -> Result<(), Error> {
    for category in data {
        if !categories::is_known(category) {
            let help = match categories::suggest(category) {
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
