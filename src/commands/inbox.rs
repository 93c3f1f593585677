//! `linger inbox --mail PATH...`: reads the privacy mailbox (.eml files,
//! mbox files, Maildir folders), ties each reply to the vendor it answers,
//! and proposes the event it means. `--apply` records the proposals that
//! need no one's yes, `--accept ID` the end states of the vendors a person
//! read; each recorded event keeps the message as evidence, with its hash.
//! Nothing of a message that matched no vendor is kept or printed. The
//! reading is `inbox::read`, the planning `inbox::record`, the tables
//! `output::inbox`.

use std::collections::BTreeSet;
use std::io::Write;

use super::edit::Session;
use super::evidence::{Staged, evidence_path};
use super::{Context, Loaded, Outcome, attachments, mailbox, read_source};
use crate::cli::{InboxArgs, ResultFormat};
use crate::error::{Error, Failure};
use crate::inbox::incident::Answers;
use crate::inbox::read::{Answer, answer_with};
use crate::inbox::record::{Attached, Found};
use crate::inbox::rules::Lexicon;
use crate::inbox::{self, Reply};
use crate::output;
use crate::output::table::TableFormat::{Markdown, Table as Plain};

/// A user's phrases, beside the inventory.
const USER_TABLE: &str = "inbox.toml";

pub fn run(ctx: &Context, args: InboxArgs) -> Result<Outcome, Error> {
    let (session, loaded) = Session::open_to_apply(ctx, args.apply, &args.edit)?;
    let table = lexicon(&loaded)?;
    let mut accept = inbox::accept::Accept::parse(&args.accept);
    for id in accept.vendors() {
        if loaded.inventory.find_incident(id).is_err() {
            loaded.vendor(id)?;
        }
    }
    // Abuse desks' replies to an incident's reports, read once per run.
    let reports = inbox::incident::Reports::new(&loaded.inventory, &table);
    let mut answers = Answers::default();
    let mut read = 0;
    let mut unmatched = 0;
    let mut found: Vec<Found> = Vec::new();
    let mut staged = Staged::new(loaded.base_dir(), args.apply && !args.edit.dry_run);
    let mut each = |bytes: &[u8], at: Option<(&str, u32)>| {
        read += 1;
        let reply = match answer_with(bytes, &[], &loaded.inventory, &reports, &table, ctx.today) {
            Some(Answer::Vendor(reply)) => reply,
            Some(Answer::Incident(reply)) => {
                return staged.stage_incident(&mut answers, reply, (args.apply, at), bytes);
            }
            None => {
                unmatched += 1;
                return;
            }
        };
        // Its attached files' text, read with its words (a certificate of
        // deletion in a PDF).
        let (reply, files) = attachments::read_with(ctx, reply, bytes, &loaded, &table);
        // Kept of the message: its hash and, for a reply that may be
        // recorded, a copy written now; the bytes go with this call.
        let sha256 = args.apply.then(|| crate::inventory::sha256_bytes(bytes));
        let may_record = sha256.is_some()
            && loaded
                .vendor(&reply.vendor)
                .is_ok_and(|vendor| inbox::decide::may_record(&reply, vendor));
        let copy = match &sha256 {
            Some(hash) if may_record => staged.stage(&reply, hash, bytes),
            _ => None,
        };
        let id = reply.message_id.clone().unwrap_or_default();
        let attached = files
            .into_iter()
            .map(|file| Attached {
                staged: may_record
                    .then(|| staged.stage_for(&reply.vendor, &id, &file.sha256, &file.bytes))
                    .flatten(),
                name: file.name,
                pdf: file.pdf,
                sha256: file.sha256,
            })
            .collect();
        found.push(Found {
            reply,
            sha256,
            staged: copy,
            at: at.map(|(m, u)| (m.to_string(), u)),
            attached,
        });
    };
    let imap_state = if args.imap {
        Some(mailbox::read_mailbox(
            ctx,
            &loaded,
            &args.reading,
            &mut |mailbox, uid, bytes| each(bytes, Some((mailbox, uid))),
        )?)
    } else {
        None
    };
    let tally = mailbox::read_files(&args.mail, &mut |bytes| each(bytes, None))?;
    staged.failed()?;
    // Oldest first: events go in the order things happened.
    found.sort_by_key(|f| f.reply.date);
    if !ctx.quiet {
        let mut err = output::stderr();
        for warning in found.iter().filter_map(|f| f.reply.warning()) {
            writeln!(err, "warning: {warning}")?;
        }
    }
    answers
        .take_accepted(&mut accept, &loaded.inventory)
        .map_err(|refusal| Error::failed(Failure::Usage, refusal.problem, refusal.hint))?;
    let all: Vec<&Reply> = found.iter().map(|f| &f.reply).collect();
    accept
        .check(&all, &loaded.inventory)
        .map_err(|refusal| Error::failed(Failure::Usage, refusal.problem, refusal.hint))?;

    if let Some(session) = &session {
        apply(
            ctx,
            &accept,
            session,
            &loaded,
            &mut found,
            &mut answers,
            &mut staged,
        )?;
        // What was read is passed for good only once it was applied: a
        // look without --apply leaves the next run everything to record,
        // and an end state that waits for `--accept` is read again.
        if let (Some((path, mut state)), false) = (imap_state, args.edit.dry_run) {
            for Found { reply, at, .. } in &found {
                if let (true, Some((mailbox, uid))) = (reply.waits_for_accept(), at) {
                    state.rewind(mailbox, *uid);
                }
            }
            answers
                .waiting()
                .for_each(|(mailbox, uid)| state.rewind(mailbox, *uid));
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
        answers.look(&loaded.inventory);
    }

    let replies: Vec<Reply> = found.into_iter().map(|f| f.reply).collect();
    let listing = output::inbox::RepliesRead {
        read,
        unmatched,
        replies: &replies,
        incidents: &answers.replies,
    };
    let mut out = output::stdout();
    match args.format {
        ResultFormat::Json => output::write_json(&mut out, &listing)?,
        ResultFormat::Markdown => output::inbox::write_replies(&mut out, &listing, Markdown)?,
        ResultFormat::Table => output::inbox::write_replies(&mut out, &listing, Plain)?,
    }
    out.flush()?;
    if !ctx.quiet {
        let mut err = output::stderr();
        for line in tally.report(args.verbose) {
            writeln!(err, "{line}")?;
        }
        writeln!(
            err,
            "{}",
            output::inbox::summary(read, &replies, &answers.replies, args.apply)
        )?;
    }
    Ok(Outcome::Success)
}

/// The built-in phrases, with the user's `inbox.toml` if there is one.
fn lexicon(loaded: &Loaded) -> Result<Lexicon, Error> {
    let path = loaded.base_dir().join(USER_TABLE);
    if !path.exists() {
        return Ok(Lexicon::builtin());
    }
    let source = read_source(&path)?;
    Lexicon::builtin()
        .extended_by(&source.text)
        .map_err(|problem| {
            Error::failed(
                Failure::Input,
                format!("`{}`: {problem}", path.display()),
                "fix the table: docs/inbox.md, \"Your own phrases\", shows its shape",
            )
        })
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
    answers: &mut Answers,
    staged: &mut Staged,
) -> Result<(), Error> {
    let base = loaded.base_dir();
    let mut taken = BTreeSet::new();
    let plan = inbox::record::plan(
        accept,
        &loaded.inventory,
        found,
        session.dry_run(),
        &mut |vendor, date, proposal| {
            evidence_path(base, vendor, date, proposal.as_str(), &mut taken)
        },
    );
    // An abuse desk's reply keeps its message under the incident's id.
    let steps = inbox::incident::plan(
        &answers.accept,
        &loaded.inventory,
        &mut answers.replies,
        &answers.kept,
        session.dry_run(),
        &mut |id, date, kind| evidence_path(base, id, date, kind.as_str(), &mut taken),
    );
    let moves: Vec<_> = plan.moves.iter().chain(&steps.moves).cloned().collect();
    let changes = (plan.changes.as_slice(), steps.changes.as_slice());
    if staged.record_with_incidents(ctx, session, loaded, changes, &moves)? {
        for &n in &plan.recorded {
            found[n].reply.applied = true;
        }
        for &n in &steps.recorded {
            answers.replies[n].applied = true;
        }
    }
    Ok(())
}
