//! `linger letter ID [--kind KIND]`: drafts one letter, as text, an e-mail
//! draft or Markdown, to standard output or a file. What it shares with
//! `letters --due` and `send` (composing with the user's template,
//! rendering, writing a draft) is in `draft.rs`; with `send --incident`,
//! reading its file and flag inputs, in `letter_inputs.rs`.

use std::io::Write;
use std::path::PathBuf;

use super::context::Loaded;
use super::draft::{compose, write_out};
use super::letter_inputs::{
    abuse_contact, phishing_domain, read_addresses, read_message, read_messages,
};
use super::{Context, Outcome};
use crate::cli::{LetterArgs, LetterFormat};
use crate::error::{Error, Failure};
use crate::inventory::Vendor;
use crate::letters::canary_mail::{self, CanaryMail};
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
