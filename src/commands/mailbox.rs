//! The one read of the mail a command is given: the files (`--mail`,
//! through `mail::read`), and the `[imap]` mailboxes every command that reads mail
//! over IMAP shares (`inbox --imap`, `canary watch --imap`): the secret and the CA file
//! through `network`, the saved state of what was read, the read itself
//! (`net::imap`, read-only, incremental) and the line a person sees for
//! each mailbox fetched.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::network::{ca_file, mail_secret};
use super::{Context, Loaded};
use crate::cli::ImapReading;
use crate::error::{Error, Failure};
use crate::inventory::MailAuth;
use crate::net::cache::Cache;
use crate::net::imap;
use crate::output;
use crate::secrets;

/// Reads the `[imap]` mailboxes once (`inbox --imap`), handing each
/// message to `each`; returns the state file (under `cache_dir`, else the
/// cache's default folder) and the state past what was read, for the
/// caller to save once what it read is safe.
pub fn read_mailbox(
    ctx: &Context,
    loaded: &Loaded,
    how: &ImapReading,
    each: &mut dyn FnMut(&str, u32, &[u8]),
) -> Result<(PathBuf, imap::State), Error> {
    let reading = Reading {
        state_dir: "imap",
        mailboxes: &[],
        account: Account::Imap,
        coverage: false,
    };
    read_mailboxes(ctx, loaded, how, reading, each)
}

/// Which mailboxes a read covers and where its state is kept: a command
/// that reads the same account for another purpose (`canary watch`) keeps
/// its own state, so that neither passes over what the other has not
/// read.
#[derive(Clone, Copy)]
pub struct Reading<'a> {
    /// The folder under the cache directory for the state files.
    pub state_dir: &'a str,
    /// The mailboxes to read; empty: the account's table's.
    pub mailboxes: &'a [String],
    /// The account read.
    pub account: Account,
    /// Whether the state keeps each mailbox's coverage (`imap::Covered`),
    /// the span read without a gap, from the run's time (`ctx.now`).
    pub coverage: bool,
}

/// Which account a read logs in to: its table, and its secrets' names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Account {
    /// `[imap]`, with `imap-password` or `imap-oauth-token`.
    Imap,
    /// `[canary.imap]` when the inventory has one, with
    /// `canary-imap-password` or `canary-imap-oauth-token`; else `[imap]`.
    Canary,
}

impl Account {
    /// The table read, its name, and the secret it logs in with.
    fn of(
        self,
        inventory: &crate::inventory::Inventory,
    ) -> Option<(&crate::inventory::Imap, &'static str, &'static str)> {
        match (self, &inventory.canary_imap) {
            (Account::Canary, Some(imap)) => Some((
                imap,
                "[canary.imap]",
                match imap.auth {
                    MailAuth::Xoauth2 => secrets::CANARY_IMAP_OAUTH_TOKEN,
                    _ => secrets::CANARY_IMAP_PASSWORD,
                },
            )),
            _ => inventory.imap.as_ref().map(|imap| {
                (
                    imap,
                    "[imap]",
                    match imap.auth {
                        MailAuth::Xoauth2 => secrets::IMAP_OAUTH_TOKEN,
                        _ => secrets::IMAP_PASSWORD,
                    },
                )
            }),
        }
    }
}

/// `read_mailbox`, of the mailboxes and with the state `reading` names.
pub fn read_mailboxes(
    ctx: &Context,
    loaded: &Loaded,
    how: &ImapReading,
    reading: Reading<'_>,
    each: &mut dyn FnMut(&str, u32, &[u8]),
) -> Result<(PathBuf, imap::State), Error> {
    let range = match (how.full, how.since) {
        (true, _) => imap::Range::Full,
        (_, Some(day)) => imap::Range::Since(day),
        _ => imap::Range::New,
    };
    let Some((config, table, name)) = reading.account.of(&loaded.inventory) else {
        return Err(Error::failed(
            Failure::Usage,
            format!(
                "`{}` has no [imap] table to read the mailbox with",
                loaded.source.display_path()
            ),
            match reading.account {
                Account::Imap => {
                    "add `[imap]` with host, username and security = \"tls\" (docs/inbox.md, \"Reading over IMAP\"), or give the mail with `--mail PATH`"
                }
                Account::Canary => {
                    "add `[imap]`, or `[canary.imap]` for a catch-all in another account, with host, username and security = \"tls\" (docs/configuration.md), or give the mail with `--mail PATH`"
                }
            },
        ));
    };
    let secret = mail_secret(name)?;
    let extra_roots = ca_file(
        loaded,
        table.trim_matches(['[', ']']),
        config.ca_file.as_deref(),
    )?;
    let dir = how
        .cache_dir
        .clone()
        .or_else(|| Cache::default_dir().and_then(|d| d.parent().map(Path::to_path_buf)))
        .unwrap_or_else(|| PathBuf::from(".linger-cache"))
        .join(reading.state_dir);
    let chosen;
    let config = if reading.mailboxes.is_empty() {
        config
    } else {
        chosen = crate::inventory::Imap {
            mailboxes: reading.mailboxes.to_vec(),
            ..config.clone()
        };
        &chosen
    };
    let path = imap::State::path(&dir, config);
    let mut state = imap::State::load(&path);
    let request = imap::Request {
        imap: config,
        extra_roots: &extra_roots,
        secret: &secret,
        range,
        now: reading.coverage.then_some(ctx.now),
    };
    let pass = imap::read(&request, &mut state, each).map_err(|err| {
        Error::failed(
            Failure::Network,
            err.to_string(),
            format!("check the {table} table (host, port, security, username, ca_file) and the secret `{name}`"),
        )
    })?;
    if !ctx.quiet {
        let mut err = output::stderr();
        for (mailbox, n) in &pass.fetched {
            writeln!(
                err,
                "Fetched {n} new message{} from {}:{} {mailbox}.",
                if *n == 1 { "" } else { "s" },
                config.host,
                config.port
            )?;
        }
    }
    Ok((path, state))
}

/// Reads every file, folder or archive in `paths` whole (`mail::read`),
/// handing each message's bytes to `each`; returns what was skipped, for
/// the run's summary.
pub fn read_files(
    paths: &[PathBuf],
    each: &mut dyn FnMut(&[u8]),
) -> Result<crate::mail::Tally, Error> {
    let mut tally = crate::mail::Tally::default();
    for path in paths {
        let skipped = crate::mail::read(path, crate::mail::Want::Whole, &mut |message| {
            each(message.bytes)
        })
        .map_err(|err| Error::Read {
            path: path.clone(),
            err,
        })?;
        tally.absorb(skipped);
    }
    Ok(tally)
}

/// What an IMAP read's state proves, each mailbox `reading` read and
/// its span read without a gap (`canary watch`'s coverage,
/// `canary::verify`).
pub fn coverage(
    state: &imap::State,
    loaded: &Loaded,
    reading: Reading<'_>,
) -> Vec<crate::canary::verify::Folder> {
    let read = match reading.account.of(&loaded.inventory) {
        Some((imap, ..)) if reading.mailboxes.is_empty() => &imap.mailboxes[..],
        _ => reading.mailboxes,
    };
    state
        .mailboxes
        .iter()
        .filter(|(name, _)| read.contains(name))
        .map(|(name, seen)| crate::canary::verify::Folder {
            name: name.clone(),
            uid_validity: Some(seen.uid_validity),
            span: seen.covered.map(|c| crate::canary::verify::Span {
                from: c.from,
                to: c.to,
            }),
        })
        .collect()
}
