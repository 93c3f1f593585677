//! `linger trace FILE...`: which vendor the phished addresses came from.
//! Reads forwarded phishing (.eml, mbox, Maildir) or address lists, ranks
//! the vendors with `crate::trace`, and says what to do next. Changes
//! nothing in the inventory; works offline.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Context, Loaded, Outcome, read_source};
use crate::address::registrable;
use crate::cli::{ResultFormat, TraceArgs};
use crate::error::{Error, Failure};
use crate::inventory::store;
use crate::mail::Want;
use crate::output;
use crate::printable;
use crate::subjects::{self, Key, SubjectSet};
use crate::trace::{self, Candidate};

pub fn run(ctx: &Context, args: TraceArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let mut addresses = Vec::new();
    let mut messages = 0;
    let mut skipped = crate::mail::Tally::default();
    for path in &args.files {
        let (found, read) = read_input(path, &mut skipped)?;
        addresses.extend(found);
        messages += read;
    }
    // An address no mail could reach (`phishing@pot`, `x@[10.0.0.1]`) is
    // no customer of anyone: set aside, counted and shown.
    let (addresses, rejected): (Vec<String>, Vec<String>) =
        addresses.into_iter().partition(|a| deliverable(a));
    if !ctx.quiet {
        let mut err = output::stderr();
        for line in skipped.report(args.verbose) {
            writeln!(err, "{line}")?;
        }
        if !rejected.is_empty() {
            let mut shown: Vec<String> = rejected
                .iter()
                .take(5)
                .map(|a| printable::line(a).into_owned())
                .collect();
            if rejected.len() > shown.len() {
                shown.push("…".into());
            }
            writeln!(
                err,
                "Set aside {} address{} whose domain is no registrable domain name (no dot, an unknown suffix or an IP literal): {}",
                rejected.len(),
                if rejected.len() == 1 { "" } else { "es" },
                shown.join(", ")
            )?;
        }
    }
    let inventory = &loaded.inventory;
    let (sets, key) = subject_sets(&loaded)?;
    let candidates: Vec<Candidate<'_>> = inventory
        .vendors
        .iter()
        .zip(&sets)
        .filter(|(v, set)| set.is_some() || !v.canaries.is_empty())
        .map(|(v, set)| Candidate {
            id: &v.id.value,
            name: &v.name,
            subjects: set.as_ref(),
            canaries: v
                .canaries
                .iter()
                .filter_map(|c| subjects::normalise(c))
                .collect(),
        })
        .collect();
    // Without canaries or subject sets nothing can be ranked by evidence,
    // but the addresses are still read and written, and the vendors that
    // could hold them are named as a guess: the middle of an incident is
    // no time to be told to prepare first.
    let guesses = if candidates.is_empty() {
        trace::could_hold(&inventory.vendors)
    } else {
        Vec::new()
    };
    let own_domain = inventory.organization.domain();
    let report = trace::trace(&addresses, key.as_ref(), &candidates, own_domain);
    if let Some(path) = &args.write_addresses {
        let text: String = report.addresses.iter().map(|a| format!("{a}\n")).collect();
        store::write_whole(path, text.as_bytes()).map_err(|err| Error::Write {
            path: path.clone(),
            err,
        })?;
    }
    let unprepared = candidates.is_empty();
    let next = if unprepared {
        trace::unprepared_steps(&guesses, args.write_addresses.as_deref())
    } else {
        trace::next_steps(&report, args.write_addresses.as_deref())
    };
    let mut out = output::stdout();
    match args.format {
        ResultFormat::Json => output::write_json(
            &mut out,
            &serde_json::json!({
                "leaked": report.leaked,
                "own": report.own,
                "unknown": report.unknown,
                "rejected": rejected.len(),
                "messages": messages,
                "vendors": report.vendors,
                "guesses": guesses,
                "next": next,
            }),
        )?,
        ResultFormat::Table | ResultFormat::Markdown if unprepared => output::trace::write_guesses(
            &mut out,
            &report,
            &guesses,
            &next,
            messages,
            args.format == ResultFormat::Markdown,
        )?,
        ResultFormat::Table | ResultFormat::Markdown => output::trace::write_table(
            &mut out,
            &report,
            &next,
            messages,
            args.format == ResultFormat::Markdown,
        )?,
    }
    out.flush()?;
    Ok(Outcome::Success)
}

/// The leaked addresses in one input, and how many messages it held.
/// Mail (a message, an mbox file, a Maildir or any folder of them) is
/// read by the shared streamed reader, one message at a time; anything
/// else is a list of addresses.
fn read_input(
    path: &Path,
    skipped: &mut crate::mail::Tally,
) -> Result<(Vec<String>, usize), Error> {
    let unreadable = |what: &str, help: &str| {
        Error::failed(
            Failure::Input,
            format!("`{}`: {what}", printable::line(&path.display().to_string())),
            help.to_string(),
        )
    };
    const GIVE: &str = "give .eml files, mbox files, Maildir folders, or lists of addresses";
    let is_dir = std::fs::metadata(path).is_ok_and(|m| m.is_dir());
    let is_eml = path
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("eml"));
    if !is_dir {
        // The first bytes say what the file is, without reading it all.
        let head = read_head(path)?;
        if let Some((what, help)) = crate::inventory::not_text(&head) {
            return Err(unreadable(&format!("the file is {what}"), help));
        }
        if !is_eml && !crate::mail::archive::looks_like_mail(&head) {
            let source = read_source(path)?;
            let list = subjects::read_list(&source.text, None)
                .map_err(|problem| unreadable(&problem.to_string(), GIVE))?;
            return Ok((list.addresses, 0));
        }
    }
    let mut found = Vec::new();
    let mut messages = 0;
    let tally = crate::mail::read(path, Want::Whole, &mut |message| {
        if let Some(recipients) = trace::recipients_of_message(message.bytes) {
            messages += 1;
            found.extend(recipients);
        }
    })
    .map_err(|err| Error::Read {
        path: path.to_path_buf(),
        err,
    })?;
    let nothing = tally.messages == 0;
    skipped.absorb(tally);
    if nothing {
        return Err(unreadable(
            if is_dir {
                "the folder holds no e-mail messages"
            } else {
                "it is not an e-mail message or an mbox file"
            },
            GIVE,
        ));
    }
    Ok((found, messages))
}

/// Whether `address` (normalised) could receive mail on the internet: its
/// domain is a host name under a public suffix, with a registrable part.
fn deliverable(address: &str) -> bool {
    crate::address::domain(address).is_some_and(|domain| registrable(domain).is_some())
}

/// The first 4 KB of a regular file.
fn read_head(path: &Path) -> Result<Vec<u8>, Error> {
    use std::io::Read;
    let read = || -> std::io::Result<Vec<u8>> {
        let file = crate::inventory::open_regular(path)?;
        let mut head = Vec::with_capacity(4096);
        file.take(4096).read_to_end(&mut head)?;
        Ok(head)
    };
    read().map_err(|err| Error::Read {
        path: path.to_path_buf(),
        err,
    })
}

/// Each vendor's subject set, where one was imported, and the key they
/// were read with (none when there is no set, so no keyring is asked).
fn subject_sets(loaded: &Loaded) -> Result<(Vec<Option<SubjectSet>>, Option<Key>), Error> {
    let files: std::collections::BTreeMap<String, PathBuf> =
        loaded.subject_files().into_iter().collect();
    let key = if files.is_empty() {
        None
    } else {
        Some(loaded.subjects_key()?)
    };
    let vendors = &loaded.inventory.vendors;
    let read = |vendor: &crate::inventory::Vendor| {
        let (Some(path), Some(key)) = (files.get(&vendor.id.value), &key) else {
            return Ok(None);
        };
        loaded.subject_set(&vendor.id.value, path, key).map(Some)
    };
    // The sets are read on every core: each is a file of megabytes to turn
    // into a sorted vector, independent of the others.
    let workers = std::thread::available_parallelism().map_or(1, |n| n.get().min(8));
    let sets = crate::parallel::map(vendors, workers, read, || {})
        .into_iter()
        .collect::<Result<_, Error>>()?;
    Ok((sets, key))
}
