//! `linger letter ID [--kind KIND]`: drafts one letter, as text, an e-mail
//! draft or Markdown, to standard output or a file. What it shares with
//! `letters --due` and `send` (composing with the user's template,
//! rendering, writing a draft) is in `draft.rs`.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::context::Loaded;
use super::draft::{compose, write_out};
use super::{Context, Outcome, read_source};
use crate::address::{email_problem, is_domain};
use crate::cli::{LetterArgs, LetterFormat};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Failure};
use crate::inventory::Vendor;
use crate::letters::canary_mail::{self, CanaryMail};
use crate::letters::phish::{self, PhishingMessage};
use crate::letters::{self, Incident, Kind};
use crate::output;
use crate::subjects;

pub fn run(ctx: &Context, args: LetterArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let vendor = loaded.vendor(args.id.as_deref().unwrap_or_default())?;
    let kind = args
        .kind
        .unwrap_or_else(|| letters::default_kind(inventory, vendor, ctx.today));
    let addresses = match &args.addresses {
        Some(path) => read_addresses(path)?,
        None => Vec::new(),
    };
    let held = if kind == Kind::BreachInquiry && !addresses.is_empty() {
        held_by(&loaded, &vendor.id.value, &addresses)?
    } else {
        None
    };
    let incident = Incident {
        phishing_domain: args
            .phishing_domain
            .as_deref()
            .map(phishing_domain)
            .transpose()?,
        addresses,
        held,
        abuse_contact: args.to.as_deref().map(abuse_contact).transpose()?,
        messages: read_messages(kind, &args.messages)?,
        include_addresses: args.include_addresses,
        canary_mail: read_canary_mail(kind, &args.messages, vendor)?,
    };
    let language = args
        .draft
        .lang
        .unwrap_or_else(|| letters::language_of(inventory, vendor, kind));
    let letter = compose(ctx, &loaded, vendor, kind, language, &incident, args.force)?;
    let format = args.draft.format.unwrap_or(LetterFormat::Text);
    let whom = format!("`{}`", vendor.id.value);
    write_out(ctx, &loaded, args.output.as_deref(), &letter, format, &whom)?;
    if !letter.attachments.is_empty() && format != LetterFormat::Eml && !ctx.quiet {
        writeln!(
            output::stderr(),
            "note: a {} cannot carry attachments: attach {} yourself, or use `--format eml`",
            if format == LetterFormat::Text {
                "text letter"
            } else {
                "Markdown letter"
            },
            letter
                .attachments
                .iter()
                .map(|a| a.file_name.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    Ok(Outcome::Success)
}

/// The addresses the vendor's subject set holds (`subjects/ID.hashes`),
/// when it has one: the breach inquiry sends the vendor those alone. The
/// key is asked for only when the set exists.
fn held_by(loaded: &Loaded, id: &str, addresses: &[String]) -> Result<Option<Vec<String>>, Error> {
    let path = loaded.subjects_file(id);
    if !path.exists() {
        return Ok(None);
    }
    let key = loaded.subjects_key()?;
    let set = loaded.subject_set(id, &path, &key)?;
    Ok(Some(
        addresses
            .iter()
            .filter(|a| subjects::normalise(a).is_some_and(|n| set.contains(key.hash(&n))))
            .cloned()
            .collect(),
    ))
}

/// The addresses of `--addresses FILE`: one per line; blank lines and lines
/// starting with `#` are skipped; repeats count once.
fn read_addresses(path: &Path) -> Result<Vec<String>, Error> {
    let source = read_source(path)?;
    let mut addresses: Vec<String> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut offset = 0;
    for raw in source.text.split_inclusive('\n') {
        let line = raw.trim();
        let start = offset + (raw.len() - raw.trim_start().len());
        offset += raw.len();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match email_problem(line) {
            Some(problem) => diagnostics.push(
                Diagnostic::error(format!("`{line}` is not an e-mail address"))
                    .at(start..start + line.len(), problem)
                    .help("one address per line; lines starting with `#` are comments"),
            ),
            None if addresses.iter().any(|a| a.eq_ignore_ascii_case(line)) => {}
            None => addresses.push(line.to_string()),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Invalid {
            source: Box::new(source),
            diagnostics,
        });
    }
    if addresses.is_empty() {
        return Err(Error::failed(
            Failure::Input,
            format!("`{}` holds no addresses", path.display()),
            "write one address per line",
        ));
    }
    Ok(addresses)
}

/// The messages of `--message` for an abuse or registrar report: the
/// phishing originals, attached.
fn read_messages(kind: Kind, paths: &[PathBuf]) -> Result<Vec<PhishingMessage>, Error> {
    if !matches!(kind, Kind::AbuseReport | Kind::RegistrarReport) {
        return Ok(Vec::new());
    }
    let read = |path: &PathBuf| {
        let (name, raw) = read_message(path)?;
        phish::read_originals(&name, raw).map_err(|err| {
            Error::failed(
                Failure::Input,
                format!("`{}` is not an e-mail message: {}", path.display(), err.reason),
                "save the phishing e-mail from your mail client as a file (\"Save as\" or \"Download message\", .eml)",
            )
        })
    };
    let all = paths.iter().map(read).collect::<Result<Vec<_>, Error>>()?;
    Ok(all.into_iter().flatten().collect())
}

/// The messages of `--message` for a breach inquiry or a contradiction:
/// mail the vendor's canary received, cited and attached.
fn read_canary_mail(
    kind: Kind,
    paths: &[PathBuf],
    vendor: &Vendor,
) -> Result<Vec<CanaryMail>, Error> {
    let abuse = matches!(kind, Kind::AbuseReport | Kind::RegistrarReport);
    if abuse || paths.is_empty() {
        return Ok(Vec::new());
    } else if !matches!(kind, Kind::BreachInquiry | Kind::Contradiction) {
        return Err(Error::failed(
            Failure::Usage,
            format!(
                "`--message` goes with an abuse or registrar report, a breach inquiry or a contradiction, not a {kind}"
            ),
            "add `--kind abuse-report`, `--kind breach-inquiry` or `--kind contradiction`, or leave out `--message`",
        ));
    }
    let read = |path: &PathBuf| {
        let (name, raw) = read_message(path)?;
        canary_mail::read(&name, raw, vendor)
            .map_err(|err| Error::failed(Failure::Input, err.message, err.help))
    };
    let all = paths.iter().map(read).collect::<Result<Vec<_>, Error>>()?;
    Ok(all.into_iter().flatten().collect())
}

/// A saved message's file name and bytes: a regular file no larger than
/// mail servers take (it is attached whole), so no FIFO, device or 2 GB
/// message.
fn read_message(path: &Path) -> Result<(String, Vec<u8>), Error> {
    let raw =
        crate::inventory::read_file_upto(path, phish::MAX_MESSAGE).map_err(|err| Error::Read {
            path: path.to_path_buf(),
            err,
        })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    Ok((name, raw))
}

/// A domain name as people paste it: `https://` and a path are refused
/// with a hint, so the letters name exactly the domain. A defanged name
/// (`evil[.]example`, as `linger phish` prints them) is read back.
fn phishing_domain(text: &str) -> Result<String, Error> {
    let domain = text
        .trim()
        .replace("[.]", ".")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if is_domain(&domain) {
        Ok(domain)
    } else {
        Err(Error::failed(
            Failure::Usage,
            format!("`{text}` is not a domain name"),
            "give the domain alone, e.g. `--phishing-domain northwind-secure.example` (no https://, no path)",
        ))
    }
}

fn abuse_contact(text: &str) -> Result<String, Error> {
    match email_problem(text) {
        None => Ok(text.to_string()),
        Some(problem) => Err(Error::failed(
            Failure::Usage,
            format!("`--to {text}`: the address {problem}"),
            "give the abuse address of the bulk-mail service, e.g. `abuse@sender.example`",
        )),
    }
}
