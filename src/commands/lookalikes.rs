//! `linger lookalikes [DOMAIN]`: the lookalikes of our domain that exist,
//! newest registration first, for spotting a phishing domain before (or
//! after) it is used. Reads the inventory, when there is one, for the
//! default domain and our other domains; changes nothing. The names are
//! made and listed by `online::lookalikes` (`rows`, `words`), asked about
//! by `online::lookup`, and printed by `output::lookalikes`.

use std::collections::HashSet;
use std::io::Write;
use std::path::Path;

use super::{Context, Outcome, network};
use crate::cli::{LookalikesArgs, LookalikesFormat};
use crate::error::{Error, Failure};
use crate::online::lookalikes::{self, Lookalike, rows, words};
use crate::online::lookup;
use crate::online::{self, ct};
use crate::output::{self, table::TableFormat};
use crate::printable::visible;

pub fn run(ctx: &Context, args: LookalikesArgs) -> Result<Outcome, Error> {
    let (domain, ours, _) = ctx.protected(
        args.domain.as_deref().map(|d| d.trim().to_lowercase()),
        "name the domain: `linger lookalikes northwind.example`",
    )?;
    let words = words(args.dictionary.as_deref())?;
    let options = lookalikes::Options {
        idn: !args.ascii,
        words: &words,
    };
    let names = lookalikes::generate(&domain, options).map_err(|err| {
        Error::failed(
            Failure::Usage,
            err,
            "give the domain you own, without `www.` or a subdomain: `linger lookalikes northwind.example`",
        )
    })?;
    // Our other domains (`organization.domains`) are no threat.
    let names: Vec<Lookalike> = names
        .into_iter()
        .filter(|n| !online::is_ours(n, &ours))
        .collect();
    let format = match args.format {
        LookalikesFormat::Table => TableFormat::Table,
        LookalikesFormat::Json => TableFormat::Json,
        LookalikesFormat::Csv => TableFormat::Csv,
    };
    if args.names_only {
        return print_names(&names, format);
    }

    let (http, sources) = network::client(&args.online)?;
    let mut names = names;
    let sightings = if args.ct {
        let sightings = certificates(&http, &sources, &domain, &ours, &args.brand, ctx.quiet)?;
        // Sets, not scans: crt.sh may name 150,000 domains.
        let known: HashSet<String> = names.iter().map(|n| n.ascii.clone()).collect();
        for sighting in &sightings {
            if !known.contains(&sighting.domain) {
                names.push(Lookalike {
                    kind: lookalikes::Kind::Certificate,
                    name: sighting.unicode(),
                    ascii: sighting.domain.clone(),
                });
            }
        }
        sightings
    } else {
        Vec::new()
    };
    let bar = network::progress(names.len(), "resolving lookalikes", ctx.quiet);
    let lookup::Lookups {
        found,
        failures,
        unknown,
    } = lookup::lookalikes(&http, &sources, &names, &|| bar.inc(1));
    bar.finish_and_clear();
    if let Some(warning) = network::unchecked(&http) {
        writeln!(
            output::stderr(),
            "warning: {warning}; the names not checked may exist"
        )?;
    }
    // Nothing answered, not even crt.sh (whose domains are news by
    // themselves).
    if let Some(first) = failures.first()
        && failures.len() >= names.len()
        && sightings.is_empty()
    {
        return Err(network::unreachable(first));
    }
    let mut err = output::stderr();
    if let Some(first) = failures.first()
        && !ctx.quiet
    {
        writeln!(
            err,
            "warning: {} of {} lookups failed, so a registered lookalike may be missing (first: {first})",
            failures.len(),
            names.len()
        )?;
    }

    let existing = found.len();
    let rows = rows::rows(found, &sightings, &unknown, args.since);
    let mut out = output::stdout_for(format);
    let none = match args.since {
        Some(since) => format!("No lookalike of {domain} was registered on or after {since}."),
        None => format!(
            "No lookalike of {domain} exists ({} names checked).",
            names.len()
        ),
    };
    output::lookalikes::write_rows(&mut out, &rows, format, &none)?;
    out.flush()?;
    if !ctx.quiet && format == TableFormat::Table {
        writeln!(
            err,
            "{} of {} lookalikes exist{}; {} requests went to the network.",
            existing,
            names.len(),
            if args.since.is_some() {
                format!(", {} listed", rows.len())
            } else {
                String::new()
            },
            http.sent()
        )?;
    }
    Ok(if args.exit_code && !rows.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

/// The `dictionary` fuzzer's words: the built-in list and those of
/// `--dictionary FILE`.
fn words(file: Option<&Path>) -> Result<Vec<String>, Error> {
    let text = match file {
        Some(file) => Some(std::fs::read(file).map_err(|err| {
            Error::failed(
                Failure::Usage,
                format!("cannot read {}: {err}", file.display()),
                "give a text file of words, one a line",
            )
        })?),
        None => None,
    };
    let text = text.as_deref().map(String::from_utf8_lossy);
    words::dictionary(text.as_deref()).map_err(|bad| {
        Error::failed(
            Failure::Usage,
            format!(
                "{}:{}:1: `{}` is not a word that can stand in a domain name",
                file.unwrap_or(Path::new("")).display(),
                bad.line,
                visible(&bad.word)
            ),
            "use letters a-z, digits and hyphens, one word a line",
        )
    })
}

/// The domains not ours in Certificate Transparency whose certificates
/// name one of our brand words: the domain's own label and `extra`. A
/// brand that crt.sh does not answer for is a warning, not the end of the
/// run: the permutations are still checked.
fn certificates(
    http: &crate::net::http::Http,
    sources: &lookup::Sources,
    domain: &str,
    ours: &[String],
    extra: &[String],
    quiet: bool,
) -> Result<Vec<ct::Sighting>, Error> {
    let brands = words::brands(domain, extra).map_err(|word| {
        Error::failed(
            Failure::Usage,
            format!(
                "`{}` is not a brand word linger can search for",
                visible(&word)
            ),
            "give a word of three or more letters, digits or hyphens: `--brand northwind`",
        )
    })?;
    let mut all = Vec::new();
    for brand in &brands {
        match lookup::certificates(http, sources, brand) {
            Ok(found) => all.extend(found),
            Err(err) if !quiet => writeln!(
                output::stderr(),
                "warning: Certificate Transparency (crt.sh) did not answer for `{brand}`: {}; lookalikes only it would find may be missing",
                visible(&err)
            )?,
            Err(_) => {}
        }
    }
    Ok(ct::sightings(&all, &brands, ours))
}

fn print_names(names: &[Lookalike], format: TableFormat) -> Result<Outcome, Error> {
    let mut out = output::stdout_for(format);
    output::lookalikes::write_names(&mut out, names, format)?;
    out.flush()?;
    Ok(Outcome::Success)
}
