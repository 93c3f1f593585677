//! `linger inbox --mail PATH...`: reads the privacy mailbox (.eml files,
//! mbox files, Maildir folders), ties each reply to the vendor it answers,
//! and proposes the event it means. `--apply` records the proposals that
//! need no one's yes, `--accept ID` the end states of the vendors a person
//! read; each recorded event keeps the message as evidence, with its hash.
//! Nothing of a message that matched no vendor is kept or printed.

use std::collections::{BTreeSet, HashMap};
use std::io::Write;
use std::path::{Path, PathBuf};

use mail_parser::MessageParser;

use super::edit::Session;
use super::{Context, Loaded, Outcome, read_source};
use crate::cli::{InboxArgs, TraceFormat};
use crate::error::{Error, Failure};
use crate::inbox::rules::Table;
use crate::inbox::{self, Proposal, Reply, bounce};
use crate::inventory::edit::{Change, NewEvent};
use crate::inventory::{Event, EventKind, Located, SmtpAuth, Vendor, inside};
use crate::mail::{Want, imap};
use crate::output;
use crate::secrets::{self, Keyring};

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
            (Some(hash), Ok(vendor)) if may_record(&reply, vendor) => {
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
        decide_all(&accept, &loaded, &mut found)?;
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
        SmtpAuth::Xoauth2 => secrets::IMAP_OAUTH_TOKEN,
        _ => secrets::IMAP_PASSWORD,
    };
    let keyring = Keyring::open()?;
    let (secret, _) = keyring.get(name).map_err(|missing| {
        Error::failed(
            Failure::Secret,
            missing.to_string(),
            format!(
                "store it once with `linger secret set {name}`, or set {} for a CI job",
                missing.variable
            ),
        )
    })?;
    let ca_pem = match &config.ca_file {
        Some(file) => {
            let path = loaded.base_dir().join(file);
            Some(
                crate::inventory::read_file_upto(&path, 1 << 20)
                    .map_err(|err| Error::Read { path, err })?,
            )
        }
        None => None,
    };
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
        ca_pem: ca_pem.as_deref(),
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

/// Whether `reply` may be recorded for `vendor` as the inventory stood
/// when the run began: false only when it surely will not be (nothing
/// proposed, no Message-ID, recorded before, or an acknowledgement of a
/// request already acknowledged). The run only adds events, so none of
/// these can turn true later in it. Only such a reply's message is
/// written aside.
fn may_record(reply: &Reply, vendor: &Vendor) -> bool {
    let Some(proposal) = reply.proposal else {
        return false;
    };
    let Some(id) = &reply.message_id else {
        return false;
    };
    let recorded = vendor
        .events
        .iter()
        .any(|e| e.message_id.as_deref() == Some(id));
    let acknowledged_already = proposal == Proposal::Acknowledged && acknowledged(vendor).is_some();
    !recorded && !acknowledged_already
}

/// The acknowledgement already on record of the vendor's last request:
/// a second acknowledgement of one request adds nothing, however many
/// auto-replies and ticket updates say "we received your request". A
/// question (an acknowledgement with a `question:` note) is not one.
fn acknowledged(vendor: &Vendor) -> Option<&Event> {
    let request = vendor
        .events
        .iter()
        .rposition(|e| e.kind == EventKind::Requested)?;
    vendor.events[request..].iter().find(|e| {
        e.kind == EventKind::Acknowledged
            && !e
                .note
                .as_deref()
                .is_some_and(|n| n.starts_with(crate::inventory::QUESTION_NOTE))
    })
}

/// Decides every reply in date order, each against the inventory as the
/// ones before it left it (in memory: nothing is written here); returns
/// the replies to record, by their place in `found`.
fn decide_all(
    accept: &inbox::accept::Accept,
    loaded: &Loaded,
    found: &mut [Found],
) -> Result<Vec<usize>, Error> {
    // Each vendor a reply answers, as this run would leave it.
    let mut now: HashMap<String, Vendor> = HashMap::new();
    let mut recorded = Vec::new();
    for (n, Found { reply, .. }) in found.iter_mut().enumerate() {
        if reply.proposal.is_none() || reply.note.is_some() {
            continue;
        }
        if !now.contains_key(&reply.vendor) {
            now.insert(reply.vendor.clone(), loaded.vendor(&reply.vendor)?.clone());
        }
        let Some(vendor) = now.get_mut(&reply.vendor) else {
            continue;
        };
        let accepted = accept.covers(reply);
        // As this run leaves the vendor: its earlier extensions count too.
        reply.needs_accept = inbox::needs_yes(reply, vendor).is_some();
        if let Err(why) = inbox::decide(reply, vendor, accepted) {
            reply.note = Some(why);
            continue;
        }
        let Some(proposal) = reply.proposal else {
            continue;
        };
        if proposal == Proposal::Acknowledged
            && let Some(first) = acknowledged(vendor)
        {
            reply.note = Some(format!(
                "the request is already acknowledged ({}): one acknowledgement is recorded, not one a reply",
                first.on.value
            ));
            continue;
        }
        vendor.events.push(Event {
            span: 0..0,
            on: Located {
                value: reply.date,
                span: 0..0,
            },
            kind: proposal.event_kind(),
            note: inbox::event_note(reply),
            reference: reply.reference.clone(),
            message_id: reply.message_id.clone(),
            until: reply.until,
            reason: reply.reason.clone(),
            evidence: None,
            evidence_sha256: None,
        });
        recorded.push(n);
    }
    Ok(recorded)
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
    let recorded = decide_all(accept, loaded, found)?;
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

/// `evidence/ID/DATE-KIND.eml`, with `-2`, `-3`... when taken on disk or
/// by an earlier event of this run: never overwritten.
fn evidence_path(
    base: &Path,
    id: &str,
    date: chrono::NaiveDate,
    kind: &str,
    taken: &mut BTreeSet<String>,
) -> String {
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("evidence/{id}/{date}-{kind}.eml"),
            n => format!("evidence/{id}/{date}-{kind}-{n}.eml"),
        };
        // Whatever is there, even a link to nowhere, takes the name.
        if !taken.contains(&name) && std::fs::symlink_metadata(base.join(&name)).is_err() {
            taken.insert(name.clone());
            return name;
        }
        n += 1;
    }
}

/// The messages written aside as they were read, for `--apply`: one after
/// another in one spool, a temporary file in the inventory's folder that
/// has no name (nothing of it is left however the run ends), until the run
/// copies each recorded event's message to `evidence/ID/`. A message read
/// twice (a hard link, one mail in two folders) is written once. One file
/// for the whole run, not one a message: ten thousand replies that fold
/// into a few events cost a few new files.
struct Staged {
    base: PathBuf,
    /// Whether anything is written (`--apply` without `--dry-run`).
    on: bool,
    spool: Option<std::fs::File>,
    /// Each copy's offset and length in the spool.
    copies: Vec<(u64, u64)>,
    /// Each copy by vendor, Message-ID and hash.
    index: HashMap<(String, String, String), usize>,
    /// The folders already made or found sound this run.
    folders: BTreeSet<String>,
    /// The first error: reading goes on, writing stops, the run fails.
    failure: Option<Error>,
}

impl Staged {
    fn new(base: &Path, on: bool) -> Staged {
        Staged {
            base: base.to_path_buf(),
            on,
            spool: None,
            copies: Vec::new(),
            index: HashMap::new(),
            folders: BTreeSet::new(),
            failure: None,
        }
    }

    /// Writes `raw`, the message of `reply`, aside; returns its copy.
    fn stage(&mut self, reply: &Reply, sha256: &str, raw: &[u8]) -> Option<usize> {
        if !self.on || self.failure.is_some() {
            return None;
        }
        let key = (
            reply.vendor.clone(),
            reply.message_id.clone().unwrap_or_default(),
            sha256.to_string(),
        );
        if let Some(&copy) = self.index.get(&key) {
            return Some(copy);
        }
        let offset = self.copies.last().map_or(0, |(at, len)| at + len);
        let written = match &mut self.spool {
            Some(spool) => spool.write_all(raw),
            None => tempfile::tempfile_in(&self.base).and_then(|mut spool| {
                spool.write_all(raw)?;
                self.spool = Some(spool);
                Ok(())
            }),
        };
        match written {
            Ok(()) => {
                self.copies.push((offset, raw.len() as u64));
                let copy = self.copies.len() - 1;
                self.index.insert(key, copy);
                Some(copy)
            }
            Err(err) => {
                self.failure = Some(Error::Write {
                    path: self.base.clone(),
                    err,
                });
                None
            }
        }
    }

    /// The error that stopped writing, if any.
    fn failed(&mut self) -> Result<(), Error> {
        self.failure.take().map_or(Ok(()), Err)
    }

    /// Writes copy `copy` to `relative` (`evidence/ID/NAME`), a new file
    /// inside the inventory's folder reached through no link; returns its
    /// path, and adds the folders it made to `made`.
    fn keep(
        &mut self,
        copy: usize,
        relative: &str,
        made: &mut Vec<PathBuf>,
    ) -> Result<PathBuf, Error> {
        use std::io::{Read, Seek};
        let refused = |why: inside::Refused| {
            Error::failed(
                Failure::Edit,
                format!("cannot keep the evidence `{relative}`: {why}; nothing was recorded"),
                "make `evidence/` and the vendor's folder in it real folders inside the inventory's folder (not links), then run again",
            )
        };
        let (dir, _) = relative.rsplit_once('/').unwrap_or(("", relative));
        if !self.folders.contains(dir) {
            inside::create_dir(&self.base, dir, made).map_err(refused)?;
            self.folders.insert(dir.to_string());
        }
        // The folder is sound; the name is new, and `create_new` does not
        // follow a link that appeared there since.
        let path = self.base.join(relative);
        let failed = |err| Error::Write {
            path: path.clone(),
            err,
        };
        let (Some(spool), Some(&(offset, len))) = (&mut self.spool, self.copies.get(copy)) else {
            return Err(failed(std::io::Error::other(
                "the message was not written aside",
            )));
        };
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(failed)?;
        let copied = spool
            .seek(std::io::SeekFrom::Start(offset))
            .and_then(|_| std::io::copy(&mut Read::by_ref(spool).take(len), &mut file));
        match copied {
            Ok(n) if n == len => Ok(path),
            Ok(_) | Err(_) => {
                let _ = std::fs::remove_file(&path);
                Err(failed(copied.err().unwrap_or_else(|| {
                    std::io::Error::other("the copy of the message ended early")
                })))
            }
        }
    }

    /// Puts the evidence `kept` on disk for good, before the inventory
    /// names it: on Linux one `syncfs` for all (an `fsync` a file made ten
    /// thousand events take most of a minute), elsewhere each file and
    /// its folder.
    fn flush(&self, kept: &[PathBuf]) -> Result<(), Error> {
        let failed = |err| Error::Write {
            path: self.base.join("evidence"),
            err,
        };
        if kept.is_empty() {
            return Ok(());
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let dir = std::fs::File::open(&self.base).map_err(failed)?;
            // SAFETY: `dir` stays open for the length of the call.
            if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
                return Err(failed(std::io::Error::last_os_error()));
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let mut dirs = BTreeSet::new();
            for path in kept {
                std::fs::File::open(path)
                    .and_then(|file| file.sync_all())
                    .map_err(failed)?;
                if let Some(dir) = path.parent() {
                    dirs.insert(dir.to_path_buf());
                }
            }
            for dir in dirs {
                if let Ok(dir) = std::fs::File::open(dir) {
                    let _ = dir.sync_all();
                }
            }
        }
        Ok(())
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
