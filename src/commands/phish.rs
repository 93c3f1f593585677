//! `linger phish FILE...`: who sent the phishing and where to report it.
//! Reads the mails (`mail::read`, as `trace` does), names the sending
//! service and the phishing domains (`crate::phish`), and with `--online`
//! asks RDAP for the abuse contacts of the sending networks and of the
//! domains' registrars, and DNS over HTTPS for where the links point
//! (`online::phish`). Prints the findings (`phish::findings`) and the
//! letters to send next (`phish::next`) through `output::phish`. Changes
//! nothing.

use std::collections::HashMap;
use std::io::Write;
use std::path::PathBuf;

use super::{Context, Outcome, network};
use crate::address;
use crate::cli::{PhishArgs, PhishFormat};
use crate::discover::fingerprints::Fingerprints;
use crate::error::{Error, Failure};
use crate::mail::archive::Want;
use crate::online::lookalikes::{self, Options};
use crate::output::{self, table::TableFormat};
use crate::phish::findings::{self, Findings};
use crate::phish::next::{self, Given, Read};
use crate::phish::{self, Known, Original, Shown};
use crate::printable::visible;

pub fn run(ctx: &Context, args: PhishArgs) -> Result<Outcome, Error> {
    if args.network.refresh && !args.online {
        return Err(Error::failed(
            Failure::Usage,
            "--refresh asks the online sources again, but this run does not ask them",
            "add --online: `linger phish --online --refresh FILE...`",
        ));
    }
    // With the domain named, the inventory is optional: it adds our
    // other domains and a discover.toml, and checks --vendor.
    let (domain, own, loaded) = ctx.protected(
        args.domain.as_deref().map(own_domain).transpose()?,
        "name the domain phishers imitate: `--domain northwind.example`",
    )?;
    if let (Some(id), Some(loaded)) = (&args.vendor, &loaded) {
        loaded.vendor(id)?;
    }
    let table = match &loaded {
        Some(loaded) => loaded.fingerprints()?,
        None => Fingerprints::built_in(),
    };
    let words: Vec<String> = lookalikes::WORDS.iter().map(|w| w.to_string()).collect();
    let lookalikes: HashMap<String, lookalikes::Kind> = lookalikes::generate(
        &domain,
        Options {
            idn: true,
            words: &words,
        },
    )
    .map(|names| names.into_iter().map(|l| (l.ascii, l.kind)).collect())
    .unwrap_or_default();
    let brand = domain.split('.').next().unwrap_or("").to_string();
    let known = Known {
        own: &own,
        table: &table,
        lookalikes: &lookalikes,
        domain: &domain,
        brand: &brand,
    };

    let (read, files) = read_mail(ctx, &args, &known)?;
    let originals: Vec<Original> = read.iter().map(|(o, _)| o.clone()).collect();
    let summary = phish::summarise(&originals, &known);
    let answers = if args.online {
        let (http, sources) = network::client(&args.network)?;
        let questions = findings::questions(&summary);
        let answers = crate::online::phish::ask(&http, &sources, &questions);
        if let Some(warning) = network::unchecked(&http) {
            writeln!(output::stderr(), "warning: {warning}")?;
        }
        Some(answers)
    } else {
        None
    };
    let mut findings = Findings::new(&summary, answers.as_ref(), &Shown::new(&own, &table));
    let given = Given {
        files: &args.files,
        vendor: args.vendor.as_deref(),
        online: args.online,
    };
    findings.next = next::steps(&findings, &summary, &given, &read, &files);
    write(&findings, &summary, args.format)?;
    Ok(Outcome::Success)
}

/// `--domain`, as a registrable domain.
fn own_domain(text: &str) -> Result<String, Error> {
    address::normal(text)
        .and_then(|d| address::registrable(&d).filter(|r| *r == d))
        .ok_or_else(|| {
            Error::failed(
                Failure::Usage,
                format!("`{}` is not a registrable domain", visible(text)),
                "give the domain you own, without `www.`: `--domain northwind.example`",
            )
        })
}

/// The originals in every file, each with the index in the files returned
/// of the file it came from when that file is a single message (what
/// `letter --message` attaches), and those files.
fn read_mail(
    ctx: &Context,
    args: &PhishArgs,
    known: &Known,
) -> Result<(Read, Vec<PathBuf>), Error> {
    let mut originals: Read = Vec::new();
    let mut emls = Vec::new();
    let mut skipped = crate::mail::Tally::default();
    for path in &args.files {
        let mut found_here = Vec::new();
        let tally = crate::mail::read(path, Want::Whole, &mut |message| {
            if let Some(found) = phish::originals(message.bytes, known) {
                found_here.push(found);
            }
        })
        .map_err(|err| Error::Read {
            path: path.clone(),
            err,
        })?;
        let single = found_here.len() == 1 && tally.messages == 1 && path.is_file();
        if single {
            emls.push(path.clone());
        }
        let index = single.then(|| emls.len() - 1);
        originals.extend(found_here.into_iter().flatten().map(|o| (o, index)));
        skipped.absorb(tally);
    }
    if !ctx.quiet {
        let mut err = output::stderr();
        for line in skipped.report(args.verbose) {
            writeln!(err, "{line}")?;
        }
    }
    if originals.is_empty() {
        return Err(Error::failed(
            Failure::Input,
            "no e-mail message was found in the files given",
            "give the phishing mails: .eml files saved from the mail client (forward them as attachments to keep their headers), mbox files or Maildir folders",
        ));
    }
    Ok((originals, emls))
}

fn write(findings: &Findings, summary: &phish::Summary, format: PhishFormat) -> Result<(), Error> {
    let mut out = output::stdout_for(match format {
        PhishFormat::Json => TableFormat::Json,
        PhishFormat::Markdown => TableFormat::Markdown,
        PhishFormat::Table => TableFormat::Table,
    });
    match format {
        PhishFormat::Json => output::write_json(&mut out, findings)?,
        PhishFormat::Markdown | PhishFormat::Table => {
            output::phish::write(&mut out, findings, summary, format == PhishFormat::Markdown)?
        }
    }
    out.flush()?;
    Ok(())
}
