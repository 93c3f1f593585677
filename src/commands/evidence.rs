//! Evidence files as the commands keep them: `inventory::kept` does the
//! file work (names under `evidence/ID/`, the spool of messages written
//! aside, a copy written once); this helper turns its failures into the
//! commands' errors and warnings. Shared by `inbox --apply`, `canary watch
//! --apply` and `send`, like `edit`.

use std::path::{Path, PathBuf};

use crate::error::{Error, Failure};
use crate::inbox::Reply;
use crate::inventory::kept::{KeepError, Spool};

pub(super) use crate::inventory::kept::evidence_path;

/// How evidence folders must be, for every refusal's help.
const REAL_FOLDERS: &str = "make `evidence/` and the vendor's folder in it real folders inside the inventory's folder (not links)";

/// Keeps `bytes`, a message `send` handed to the server, as a new file
/// `evidence/ID/DATE-KIND.eml` inside the inventory's folder; returns its
/// path relative to the folder, as the event names it, and its SHA-256.
/// When it cannot, says why and then `warn`s on standard error, and
/// returns `None`: what was sent matters more than its copy.
pub(super) fn keep_copy(
    base: &Path,
    id: &str,
    date: chrono::NaiveDate,
    kind: &str,
    bytes: &[u8],
    warn: impl FnOnce() -> std::io::Result<()>,
) -> Option<(String, String)> {
    match crate::inventory::kept::write_new(base, id, date, kind, bytes) {
        Ok(path) => Some((path, crate::inventory::sha256_bytes(bytes))),
        Err((relative, why)) => {
            let error = match why {
                KeepError::Refused(why) => Error::failed(
                    Failure::Edit,
                    format!("cannot keep the copy `{relative}`: {why}"),
                    REAL_FOLDERS,
                ),
                KeepError::Write(path, err) => Error::Write { path, err },
            };
            let mut err = crate::output::stderr();
            let renderer = crate::output::diagnostics::DiagnosticRenderer::for_stream(&err);
            let _ = error.report(&mut err, &renderer);
            let _ = warn();
            None
        }
    }
}

/// The messages of a run written aside (`inventory::kept::Spool`), with
/// the commands' errors.
pub(super) struct Staged(Spool);

impl Staged {
    pub(super) fn new(base: &Path, on: bool) -> Staged {
        Staged(Spool::new(base, on))
    }

    /// Writes `raw`, the message of `reply`, aside; returns its copy.
    pub(super) fn stage(&mut self, reply: &Reply, sha256: &str, raw: &[u8]) -> Option<usize> {
        let message_id = reply.message_id.as_deref().unwrap_or_default();
        self.0.stage(&reply.vendor, message_id, sha256, raw)
    }

    /// Keeps what `--apply` needs of an abuse desk's reply to an
    /// incident's report: the message's hash and, for one that may be
    /// recorded, its copy written aside (under the incident's id).
    pub(super) fn stage_incident(
        &mut self,
        answers: &mut crate::inbox::incident::Answers,
        reply: crate::inbox::incident::IncidentReply,
        (apply, at): (bool, Option<(&str, u32)>),
        raw: &[u8],
    ) {
        let sha256 = apply.then(|| crate::inventory::sha256_bytes(raw));
        let id = reply.message_id.as_deref().unwrap_or_default();
        let copy = match &sha256 {
            Some(hash) if crate::inbox::incident::may_record(&reply) => {
                self.0.stage(&reply.incident, id, hash, raw)
            }
            _ => None,
        };
        let at = at.map(|(mailbox, uid)| (mailbox.to_string(), uid));
        answers
            .kept
            .push(crate::inbox::incident::Kept { sha256, copy, at });
        answers.replies.push(reply);
    }

    /// Writes `raw`, a message about `vendor` (`canary watch`), aside;
    /// returns its copy.
    pub(super) fn stage_for(
        &mut self,
        vendor: &str,
        message_id: &str,
        sha256: &str,
        raw: &[u8],
    ) -> Option<usize> {
        self.0.stage(vendor, message_id, sha256, raw)
    }

    /// The error that stopped writing, if any.
    pub(super) fn failed(&mut self) -> Result<(), Error> {
        self.0
            .failed()
            .map_err(|(path, err)| Error::Write { path, err })
    }

    /// Writes copy `copy` to `relative` (`evidence/ID/NAME`); returns its
    /// path, and adds the folders it made to `made`.
    pub(super) fn keep(
        &mut self,
        copy: usize,
        relative: &str,
        made: &mut Vec<PathBuf>,
    ) -> Result<PathBuf, Error> {
        self.0.keep(copy, relative, made).map_err(|why| match why {
            KeepError::Refused(why) => Error::failed(
                Failure::Edit,
                format!("cannot keep the evidence `{relative}`: {why}; nothing was recorded"),
                format!("{REAL_FOLDERS}, then run again"),
            ),
            KeepError::Write(path, err) => Error::Write { path, err },
        })
    }

    /// Records `changes` in `session`'s one write, with the evidence
    /// files `moves` (each copy and its path under `evidence/`) put in
    /// place just before it. When anything fails, the evidence written is
    /// removed again and the inventory is as it was. `true` when it was
    /// written (not a dry run).
    pub(super) fn record(
        &mut self,
        ctx: &super::Context,
        session: &super::edit::Session,
        loaded: &super::Loaded,
        changes: &[crate::inventory::edit::Change],
        moves: &[(usize, String)],
    ) -> Result<bool, Error> {
        self.record_with_incidents(ctx, session, loaded, (changes, &[]), moves)
    }

    /// `record`, with incidents' steps too (`inbox`'s abuse desks'
    /// replies), in the same one write.
    pub(super) fn record_with_incidents(
        &mut self,
        ctx: &super::Context,
        session: &super::edit::Session,
        loaded: &super::Loaded,
        (changes, incidents): (
            &[crate::inventory::edit::Change],
            &[crate::inventory::edit::IncidentChange],
        ),
        moves: &[(usize, String)],
    ) -> Result<bool, Error> {
        let (mut kept, mut made) = (Vec::new(), Vec::new());
        let written = session.apply_all_with_incidents(ctx, loaded, changes, incidents, || {
            for (copy, relative) in moves {
                kept.push(self.keep(*copy, relative, &mut made)?);
            }
            self.flush(&kept)
        });
        if written.is_err() {
            for path in &kept {
                let _ = std::fs::remove_file(path);
            }
            for dir in made.iter().rev() {
                let _ = std::fs::remove_dir(dir);
            }
        }
        Ok(written?.is_some())
    }

    /// Puts the evidence `kept` on disk for good, before the inventory
    /// names it.
    pub(super) fn flush(&self, kept: &[PathBuf]) -> Result<(), Error> {
        self.0
            .flush(kept)
            .map_err(|(path, err)| Error::Write { path, err })
    }
}
