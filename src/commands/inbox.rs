//! `linger inbox --mail PATH...`: reads the privacy mailbox (.eml files,
//! mbox files, Maildir folders), ties each reply to the vendor it answers,
//! and proposes the event it means. `--apply` records the proposals that
//! need no one's yes, `--accept ID` the end states of the vendors a person
//! read; each recorded event keeps the message as evidence, with its hash.
//! Nothing of a message that matched no vendor is kept or printed.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::{Path, PathBuf};

use mail_parser::MessageParser;

use super::edit::Session;
use super::evidence::{Staged, evidence_path};
use super::{Context, Loaded, Outcome, read_source};
use crate::cli::{InboxArgs, TraceFormat};
use crate::error::{Error, Failure};
use crate::inbox::rules::Table;
use crate::inbox::{self, Reply, bounce};
use crate::inventory::MailAuth;
use crate::inventory::edit::{Change, NewEvent};
use crate::mail::Want;
use crate::net::imap;
use crate::output;
use crate::secrets;

/// A user's phrases, beside the inventory.
const USER_TABLE: &str = "inbox.toml";

/// How much of a message's body is read for what it says (the evidence
/// keeps the whole message).
const BODY_READ: usize = 256 << 10;

/// A matched message as the run keeps it: the reply, not the message.
/// Its bytes are gone once it is read; what `--apply` needs of them is
/// their hash and, when the reply may be recorded, a copy written aside
/// as it was read (`Staged`).
struct Found {
    reply: Reply,
    /// The message's SHA-256 (`--apply` only).
    sha256: Option<String>,
    /// The copy written aside, in `Staged` (`--apply` only, and only for
    /// a reply that may be recorded).
    staged: Option<usize>,
    /// Read over IMAP: where it lies (mailbox, UID).
    at: Option<(String, u32)>,
}

#[derive(serde::Serialize)]
struct Report<'a> {
    read: u64,
    unmatched: u64,
    replies: &'a [Reply],
}

pub fn run(ctx: &Context, args: InboxArgs) -> Result<Outcome, Error> {
    // `--apply` is one edit session from the first message read to the
    // one write: the inventory the replies are matched against is the one
    // they are recorded in.
    let session = if args.apply {
        ctx.refuse_future(ctx.today, "today", args.edit.allow_future)?;
        Some(Session::open(ctx, args.edit.dry_run)?)
    } else {
        None
    };
    let loaded = match &session {
        Some(session) => session.load(ctx)?,
        None => ctx.load()?,
    };
    let table = table(&loaded)?;
    let accept = inbox::accept::Accept::parse(&args.accept);
    for id in accept.vendors() {
        loaded.vendor(id)?;
    }
    let mut read = 0;
    let mut unmatched = 0;
    let mut found: Vec<Found> = Vec::new();
    let mut staged = Staged::new(loaded.base_dir(), args.apply && !args.edit.dry_run);
    let mut tally = crate::mail::Tally::default();
    let mut each = |bytes: &[u8], at: Option<(&str, u32)>| {
        read += 1;
        let Some(reply) = reply_of(bytes, &loaded, &table, ctx.today) else {
            unmatched += 1;
            return;
        };
        // Kept of the message: its hash and, for a reply that may be
        // recorded, a copy written now; the bytes go with this call.
        let sha256 = args.apply.then(|| crate::inventory::sha256_bytes(bytes));
        let staged = match (&sha256, loaded.vendor(&reply.vendor)) {
            (Some(hash), Ok(vendor)) if inbox::decide::may_record(&reply, vendor) => {
                staged.stage(&reply, hash, bytes)
            }
            _ => None,
        };
        found.push(Found {
            reply,
            sha256,
            staged,
            at: at.map(|(m, u)| (m.to_string(), u)),
        });
    };
    let imap_state = if args.imap {
        Some(read_imap(
            ctx,
            &args,
            &loaded,
            &mut |mailbox, uid, bytes| each(bytes, Some((mailbox, uid))),
        )?)
    } else {
        None
    };
    for path in &args.mail {
        let skipped =
            crate::mail::read(path, Want::Whole, &mut |message| each(message.bytes, None))
                .map_err(|err| Error::Read {
                    path: path.clone(),
                    err,
                })?;
        tally.absorb(skipped);
    }
    staged.failed()?;
    // Oldest first: events go in the order things happened.
    found.sort_by_key(|f| f.reply.date);
    if !ctx.quiet {
        let mut err = output::stderr();
        for warning in found.iter().filter_map(|f| f.reply.warning()) {
            writeln!(err, "warning: {warning}")?;
        }
    }
    let all: Vec<&Reply> = found.iter().map(|f| &f.reply).collect();
    accept
        .check(&all, &loaded.inventory)
        .map_err(|refusal| Error::failed(Failure::Usage, refusal.problem, refusal.hint))?;

    if let Some(session) = &session {
        apply(ctx, &accept, session, &loaded, &mut found, &mut staged)?;
        // What was read is passed for good only once it was applied: a
        // look without --apply leaves the next run everything to record,
        // and an end state that waits for `--accept` is read again.
        if let (Some((path, mut state)), false) = (imap_state, args.edit.dry_run) {
            for Found { reply, at, .. } in &found {
                let waiting = reply.needs_accept
                    && !reply.applied
                    && reply.note.as_deref() != Some(inbox::RECORDED_BEFORE);
                if let (true, Some((mailbox, uid))) = (waiting, at) {
                    state.rewind(mailbox, *uid);
                }
            }
            state.save(&path).map_err(|err| Error::Write {
                path: path.clone(),
                err,
            })?;
        }
    } else {
        // A look: the same decisions, recorded nowhere.
        inbox::decide::decide_all(
            &accept,
            &loaded.inventory,
            found.iter_mut().map(|f| &mut f.reply),
        );
    }

    let replies: Vec<Reply> = found.into_iter().map(|f| f.reply).collect();
    let mut out = output::stdout();
    match args.format {
        TraceFormat::Json => output::write_json(
            &mut out,
            &Report {
                read,
                unmatched,
                replies: &replies,
            },
        )?,
        format => write_table(&mut out, &replies, format)?,
    }
    out.flush()?;
    if !ctx.quiet {
        let mut err = output::stderr();
        for line in tally.report(args.verbose) {
            writeln!(err, "{line}")?;
        }
        let proposals = replies.iter().filter(|r| r.proposal.is_some()).count();
        let applied = replies.iter().filter(|r| r.applied).count();
        write!(
            err,
            "Read {read} message{}: {} answer{} a vendor, {proposals} with a proposal",
            plural(read),
            replies.len(),
            if replies.len() == 1 { "s" } else { "" },
        )?;
        if args.apply {
            writeln!(err, "; recorded {applied}.")?;
        } else if proposals > 0 {
            writeln!(
                err,
                ". Nothing was recorded: `--apply` records them (end states only with `--accept REPLY`)."
            )?;
        } else {
            writeln!(err, ".")?;
        }
    }
    Ok(Outcome::Success)
}

fn plural(n: u64) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// Reads the `[imap]` mailboxes once, handing each message to `each`;
/// returns the state file and the state past what was read.
fn read_imap(
    ctx: &Context,
    args: &InboxArgs,
    loaded: &Loaded,
    each: &mut dyn FnMut(&str, u32, &[u8]),
) -> Result<(PathBuf, imap::State), Error> {
    let Some(config) = &loaded.inventory.imap else {
        return Err(Error::failed(
            Failure::Usage,
            format!(
                "`{}` has no [imap] table to read the mailbox with",
                loaded.source.display_path()
            ),
            "add `[imap]` with host, username and security = \"tls\" (docs/inbox.md, \"Reading over IMAP\"), or give the mail with `--mail PATH`",
        ));
    };
    let name = match config.auth {
        MailAuth::Xoauth2 => secrets::IMAP_OAUTH_TOKEN,
        _ => secrets::IMAP_PASSWORD,
    };
    let secret = super::network::mail_secret(name)?;
    let extra_roots = super::network::ca_file(loaded, "imap", config.ca_file.as_deref())?;
    let dir = args
        .cache_dir
        .clone()
        .or_else(|| {
            crate::net::cache::Cache::default_dir().and_then(|d| d.parent().map(Path::to_path_buf))
        })
        .unwrap_or_else(|| PathBuf::from(".linger-cache"))
        .join("imap");
    let path = imap::State::path(&dir, config);
    let mut state = imap::State::load(&path);
    let range = match (args.full, args.since) {
        (true, _) => imap::Range::Full,
        (_, Some(day)) => imap::Range::Since(day),
        _ => imap::Range::New,
    };
    let request = imap::Request {
        imap: config,
        extra_roots: &extra_roots,
        secret: &secret,
        range,
    };
    let pass = imap::read(&request, &mut state, each).map_err(|err| {
        Error::failed(
            Failure::Network,
            err.to_string(),
            "check the [imap] table (host, port, security, username, ca_file) and the secret",
        )
    })?;
    if !ctx.quiet {
        let mut err = output::stderr();
        for (mailbox, n) in &pass.fetched {
            writeln!(
                err,
                "Fetched {n} new message{} from {}:{} {mailbox}.",
                plural(*n),
                config.host,
                config.port
            )?;
        }
    }
    Ok((path, state))
}

/// The built-in phrases, with the user's `inbox.toml` if there is one.
fn table(loaded: &Loaded) -> Result<Table, Error> {
    let path = loaded.base_dir().join(USER_TABLE);
    if !path.exists() {
        return Ok(Table::builtin());
    }
    let source = read_source(&path)?;
    Table::builtin()
        .extended_by(&source.text)
        .map_err(|problem| {
            Error::failed(
                Failure::Input,
                format!("`{}`: {problem}", path.display()),
                "fix the table: docs/inbox.md, \"Your own phrases\", shows its shape",
            )
        })
}

/// The reply a message is, if it answers a vendor.
fn reply_of(raw: &[u8], loaded: &Loaded, table: &Table, today: chrono::NaiveDate) -> Option<Reply> {
    let end = header_end(raw);
    let head = inbox::Head::parse(&raw[..end], table)?;
    // What a message says is read from the start of its body: a reply's
    // own words and a bounce's report come first, and a message of 60 MB
    // must cost neither another 60 MB nor minutes of reading.
    let raw = &raw[..raw.len().min(end + BODY_READ)];
    let bounced = head
        .may_bounce()
        .then(|| bounce::read(raw, &head.from, &head.subject, &head.content_type))
        .flatten();
    let inventory = &loaded.inventory;
    let (vendor, route) = inbox::route(&head, bounced.as_ref(), inventory, table)?;
    // Only now, for a message that answers a vendor, is its body read.
    let body = MessageParser::default()
        .parse(raw)
        .and_then(|message| message.body_text(0).map(|b| b.into_owned()))
        .unwrap_or_default();
    let message = inbox::Read {
        head: &head,
        body: &body,
        bounced: bounced.as_ref(),
    };
    Some(inbox::read_reply(
        &message, vendor, route, inventory, table, today,
    ))
}

/// Where the header block ends (the whole message when it has no body).
fn header_end(raw: &[u8]) -> usize {
    let crlf = raw.windows(4).position(|w| w == b"\r\n\r\n").map(|i| i + 4);
    let lf = raw.windows(2).position(|w| w == b"\n\n").map(|i| i + 2);
    match (crlf, lf) {
        (Some(a), Some(b)) => a.min(b),
        (a, b) => a.or(b).unwrap_or(raw.len()),
    }
}

/// Records what may be recorded, in the run's one session: the evidence
/// files first (each message moved from where it was written aside to
/// `evidence/ID/`), then every event in one write of the inventory. When
/// anything fails, the evidence written is removed again and the
/// inventory is as it was.
fn apply(
    ctx: &Context,
    accept: &inbox::accept::Accept,
    session: &Session,
    loaded: &Loaded,
    found: &mut [Found],
    staged: &mut Staged,
) -> Result<(), Error> {
    let recorded = inbox::decide::decide_all(
        accept,
        &loaded.inventory,
        found.iter_mut().map(|f| &mut f.reply),
    );
    let base = loaded.base_dir();
    let mut taken = BTreeSet::new();
    let mut changes = Vec::with_capacity(recorded.len());
    let mut moves = Vec::new();
    let mut recorded = recorded;
    recorded.retain(|&n| {
        // Every reply that may be recorded was written aside as it was
        // read (`may_record`); should one not have been, it is not
        // recorded without its evidence.
        let missing = !session.dry_run() && found[n].staged.is_none();
        if missing {
            found[n].reply.note =
                Some("its message was not kept as evidence: run again to record it".into());
        }
        !missing
    });
    for &n in &recorded {
        let Found {
            reply,
            sha256,
            staged: copy,
            ..
        } = &found[n];
        let Some(proposal) = reply.proposal else {
            continue;
        };
        let relative = evidence_path(
            base,
            &reply.vendor,
            reply.date,
            proposal.as_str(),
            &mut taken,
        );
        if let Some(copy) = copy {
            moves.push((*copy, relative.clone()));
        }
        changes.push(Change::Mark {
            id: reply.vendor.clone(),
            event: NewEvent {
                on: reply.date,
                kind: proposal.event_kind(),
                until: reply.until,
                reason: reply.reason.clone(),
                evidence: Some(relative),
                evidence_sha256: sha256.clone(),
                reference: reply.reference.clone(),
                message_id: reply.message_id.clone(),
                note: inbox::event_note(reply),
            },
        });
    }
    // The evidence goes in place once the edit is known to load, just
    // before the one write.
    let (mut kept, mut made) = (Vec::new(), Vec::new());
    let written = session.apply_all(ctx, loaded, &changes, || {
        for (copy, relative) in &moves {
            kept.push(staged.keep(*copy, relative, &mut made)?);
        }
        staged.flush(&kept)
    });
    match written {
        Ok(Some(_)) => {
            for &n in &recorded {
                found[n].reply.applied = true;
            }
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(err) => {
            // Nothing is left behind of an event that was not recorded.
            for path in kept {
                let _ = std::fs::remove_file(path);
            }
            for dir in made.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
            Err(err)
        }
    }
}

fn write_table(
    out: &mut impl Write,
    replies: &[Reply],
    format: TraceFormat,
) -> std::io::Result<()> {
    let mut table = output::table::Table::new(vec![
        "date",
        "vendor",
        "from",
        "matched_by",
        "proposal",
        "detail",
        "trusted",
        "applied",
        "accept",
    ]);
    for reply in replies {
        let detail = [
            reply.reference.as_ref().map(|r| format!("reference {r}")),
            reply.until.map(|u| format!("until {u}")),
            reply.quote.as_ref().map(|q| format!("\"{q}\"")),
            reply.note.as_ref().map(|n| format!("({n})")),
        ]
        .into_iter()
        .flatten()
        .collect::<Vec<_>>()
        .join("; ");
        table.push(vec![
            reply.date.to_string(),
            reply.vendor.clone(),
            reply.sender_domain.clone(),
            reply.matched_by.to_string(),
            reply.proposal.map_or("-".into(), |p| p.to_string()),
            crate::printable::line(&detail).into_owned(),
            match reply.trusted {
                Some(true) => "yes".into(),
                Some(false) => "NO".into(),
                None => "-".into(),
            },
            if reply.applied { "yes" } else { "no" }.into(),
            match (
                &reply.accept,
                reply.needs_accept
                    && !reply.applied
                    && reply.note.as_deref() != Some(inbox::RECORDED_BEFORE),
            ) {
                (Some(tag), true) => tag.clone(),
                _ => "-".into(),
            },
        ]);
    }
    let format = match format {
        TraceFormat::Markdown => output::table::TableFormat::Markdown,
        _ => output::table::TableFormat::Table,
    };
    table.write(out, format, &(), "No message answers a vendor.")
}
