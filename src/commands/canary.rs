//! `linger canary new ID`: an address that exists at one vendor only,
//! appended to its `canaries` through the editor and printed, so that it
//! can be registered there as a test account. The random token is drawn
//! here, at the edge; `crate::canary` makes the address. `canary watch`
//! is the command `canary_watch`.

use std::io::Write;

use super::{Context, Outcome};
use crate::canary;
use crate::cli::CanaryNewArgs;
use crate::commands::edit;
use crate::error::{Error, Failure};
use crate::inventory::edit::Change;
use crate::output;

pub fn run(ctx: &Context, args: CanaryNewArgs) -> Result<Outcome, Error> {
    if let Some(domain) = &args.domain
        && !crate::address::is_domain(domain)
    {
        return Err(Error::failed(
            Failure::Usage,
            format!("`--domain {domain}` is not a domain name"),
            "give the domain alone, e.g. `--domain canary.northwind.example`",
        ));
    }
    let id = args.id.clone();
    let mut made = None;
    let applied = edit::apply(ctx, &args.edit, |loaded| {
        let vendor = loaded.vendor(&id)?;
        let inventory = &loaded.inventory;
        let domain = args
            .domain
            .as_deref()
            .or(inventory.organization.canary_domain.as_deref());
        // A clash with an existing canary is astronomically unlikely;
        // draw again rather than reason about it.
        let address = loop {
            let token = random_token()?;
            let address = canary::address(
                &vendor.id.value,
                &token,
                domain,
                &inventory.organization.email,
            );
            let taken = inventory
                .vendors
                .iter()
                .any(|v| v.canaries.iter().any(|c| c.eq_ignore_ascii_case(&address)));
            if !taken {
                break address;
            }
        };
        made = Some((address.clone(), vendor.name.clone()));
        Ok(Change::AddCanary {
            id: id.clone(),
            address,
        })
    })?;
    // A dry run has shown the address in its diff, and added nothing.
    let (Some(applied), Some((address, name))) = (applied, made) else {
        return Ok(Outcome::Success);
    };
    let mut out = output::stdout();
    writeln!(out, "{address}")?;
    out.flush()?;
    if !ctx.quiet {
        writeln!(
            output::stderr(),
            "Added it to the canaries of `{id}` at {}. Register it at {name} as a test account (a contact, a user or a subscriber): phishing sent to it will show that their copy of your data leaked.",
            applied.location
        )?;
    }
    Ok(Outcome::Success)
}

/// A token from the operating system's random source.
fn random_token() -> Result<String, Error> {
    loop {
        let mut bytes = [0u8; 2 * canary::TOKEN_LEN];
        getrandom::getrandom(&mut bytes).map_err(|err| {
            Error::failed(
                Failure::Usage,
                format!("no random numbers from the operating system: {err}"),
                "try again; a canary must not be guessable",
            )
        })?;
        if let Some(token) = canary::token(&bytes) {
            return Ok(token);
        }
    }
}
