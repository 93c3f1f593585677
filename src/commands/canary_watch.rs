//! `linger canary watch --mail PATH... | --imap`: reads the canary mailbox
//! with the one mail reader (or the one IMAP read, with a state of its
//! own), ties each message to the vendor whose canary it was sent to, and
//! says what it means (`canary::watch`): expected, deletion-contradicted,
//! or canary-leaked. `--apply` records each new observation in the
//! vendor's `canary_mail`, with the message kept as evidence and its hash,
//! in one edit session and one write, as `inbox --apply` does. The table
//! is `output::canary`'s.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;

use super::edit::Session;
use super::evidence::{Staged, evidence_path};
use super::mailbox::{self, Reading};
use super::{Context, Loaded, Outcome};
use crate::canary::watch::{self, Index, Meaning, Observation};
use crate::cli::{CanaryWatchArgs, ResultFormat};
use crate::error::Error;
use crate::inbox::rules::Lexicon;
use crate::inventory::edit::{Change, NewCanaryMail};
use crate::output;
use crate::output::table::TableFormat::{Markdown, Table as Plain};

/// How many messages go between two progress lines.
const PROGRESS_EVERY: u64 = 50_000;

/// One observation and what was kept of its message.
struct Found {
    observation: Observation,
    sha256: Option<String>,
    staged: Option<usize>,
}

pub fn run(ctx: &Context, args: CanaryWatchArgs) -> Result<Outcome, Error> {
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
    let inventory = &loaded.inventory;
    let index = Index::of(inventory);
    let table = Lexicon::builtin();
    let fingerprints = loaded.fingerprints()?;
    let mut own = crate::online::our_domains(inventory);
    own.extend(crate::online::own_domain(inventory));
    let domain = crate::online::own_domain(inventory).unwrap_or_default();
    let brand = domain.split('.').next().unwrap_or("").to_string();
    // The lookalikes of our domain are not generated here: what a leak's
    // domains imitate is `phish`'s to say, and its next step names it.
    let lookalikes = HashMap::new();
    let known = crate::phish::Known {
        own: &own,
        table: &fingerprints,
        lookalikes: &lookalikes,
        domain: &domain,
        brand: &brand,
    };

    let mut read: u64 = 0;
    let mut found: Vec<Found> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut unknown_seen: HashSet<String> = HashSet::new();
    // One message read twice (in two folders, or two files) is one
    // observation per vendor.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut staged = Staged::new(loaded.base_dir(), args.apply && !args.edit.dry_run);
    // A long run says how far it got, on standard error.
    let mut each = |bytes: &[u8]| {
        read += 1;
        if read.is_multiple_of(PROGRESS_EVERY) && !ctx.quiet {
            let _ = writeln!(output::stderr(), "Read {read} messages…");
        }
        let Some(result) = watch::read(bytes, &index, inventory, &table, ctx.today) else {
            return;
        };
        for address in result.unknown {
            if unknown_seen.insert(address.clone()) {
                unknown.push(address);
            }
        }
        for mut observation in result.observations {
            if let Some(id) = &observation.message_id
                && !seen.insert((observation.vendor.clone(), id.clone()))
            {
                continue;
            }
            if observation.meaning == Meaning::Leaked {
                observation.analysis = watch::analyse(bytes, &known);
            }
            let new = args.apply && !observation.recorded;
            let sha256 = new.then(|| crate::inventory::sha256_bytes(bytes));
            let copy = sha256.as_deref().and_then(|hash| {
                let id = observation.message_id.as_deref().unwrap_or_default();
                staged.stage_for(&observation.vendor, id, hash, bytes)
            });
            found.push(Found {
                observation,
                sha256,
                staged: copy,
            });
        }
    };
    let imap_state = if args.imap {
        let reading = Reading {
            state_dir: "imap-canary",
            mailboxes: &args.mailbox,
        };
        Some(mailbox::read_mailboxes(
            ctx,
            &loaded,
            &args.reading,
            reading,
            &mut |_, _, bytes| each(bytes),
        )?)
    } else {
        None
    };
    let tally = mailbox::read_files(&args.mail, &mut |bytes| each(bytes))?;
    staged.failed()?;
    found.sort_by(|a, b| {
        (a.observation.on, &a.observation.vendor).cmp(&(b.observation.on, &b.observation.vendor))
    });

    if let Some(session) = &session {
        apply(ctx, session, &loaded, &mut found, &mut staged)?;
        if let (Some((path, state)), false) = (imap_state, args.edit.dry_run) {
            state.save(&path).map_err(|err| Error::Write {
                path: path.clone(),
                err,
            })?;
        }
    }

    let observations: Vec<Observation> = found.into_iter().map(|f| f.observation).collect();
    let watched = output::canary::Watched {
        read,
        canaries: index.len(),
        observations: &observations,
        unknown: &unknown,
    };
    let mut out = output::stdout();
    match args.format {
        ResultFormat::Json => output::write_json(&mut out, &watched)?,
        ResultFormat::Markdown => output::canary::write(&mut out, &watched, Markdown)?,
        ResultFormat::Table => output::canary::write(&mut out, &watched, Plain)?,
    }
    out.flush()?;
    if !ctx.quiet {
        let mut err = output::stderr();
        for line in tally.report(args.verbose) {
            writeln!(err, "{line}")?;
        }
        let line = output::canary::summary(read, &observations, unknown.len(), args.apply);
        writeln!(err, "{line}")?;
    }
    Ok(Outcome::Success)
}

/// Records every observation not recorded yet, in the run's one session:
/// the evidence files first, then the inventory in one write. When
/// anything fails, the evidence written is removed again and the
/// inventory is as it was.
fn apply(
    ctx: &Context,
    session: &Session,
    loaded: &Loaded,
    found: &mut [Found],
    staged: &mut Staged,
) -> Result<(), Error> {
    let base = loaded.base_dir();
    let mut taken = BTreeSet::new();
    let mut changes = Vec::new();
    let mut moves = Vec::new();
    let mut recorded = Vec::new();
    for (n, f) in found.iter().enumerate() {
        let o = &f.observation;
        if o.recorded || (!session.dry_run() && f.staged.is_none()) {
            continue;
        }
        let relative = evidence_path(base, &o.vendor, o.on, "canary", &mut taken);
        if let Some(copy) = f.staged {
            moves.push((copy, relative.clone()));
        }
        changes.push(Change::AddCanaryMail {
            id: o.vendor.clone(),
            mail: NewCanaryMail {
                on: o.on,
                from: o.sender.domain.clone(),
                sender: o.sender_kind(),
                message_id: o.message_id.clone(),
                evidence: Some(relative),
                sha256: f.sha256.clone(),
            },
        });
        recorded.push(n);
    }
    let (mut kept, mut made) = (Vec::new(), Vec::new());
    let written = session.apply_all(ctx, loaded, &changes, || {
        for (copy, relative) in &moves {
            kept.push(staged.keep(*copy, relative, &mut made)?);
        }
        staged.flush(&kept)
    });
    match written {
        Ok(Some(_)) => {
            for n in recorded {
                found[n].observation.applied = true;
            }
            Ok(())
        }
        Ok(None) => Ok(()),
        Err(err) => {
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
