//! The one path every editing command takes: lock, load, change, load the
//! result as if fresh, then show the diff (`--dry-run`) or write it
//! atomically. `add`, `retire` and `mark` only decide what the change is;
//! `incident open` and `incident mark` too, through `apply_incident`.
//!
//! Near 300 lines because it is the only edit path: the lock, the refusals
//! and the dry-run diff live here so that no editing command grows its own.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Context, Loaded};
use crate::cli::EditArgs;
use crate::error::{Error, Failure};
use crate::inventory::edit::{self, Change, EditError};
use crate::inventory::{Source, Vendor, store};
use crate::output;

mod incident_steps;
pub use incident_steps::{AppliedIncident, apply_incident};

/// A change that was written.
pub struct Applied {
    pub before: Loaded,
    /// The changed or added vendor, as the new file loads it.
    pub vendor: Vendor,
    /// `path:line` of the change in the new file.
    pub location: String,
}

/// Runs one edit. Returns `None` for a dry run, which prints the diff and
/// writes nothing.
pub fn apply(
    ctx: &Context,
    args: &EditArgs,
    plan: impl FnOnce(&Loaded) -> Result<Change, Error>,
) -> Result<Option<Applied>, Error> {
    ctx.refuse_future(ctx.today, "today", args.allow_future)?;
    Session::open(ctx, args.dry_run)?.apply(ctx, plan)
}

/// The inventory held for editing: its lock is taken (unless this is a dry
/// run) and kept until the session is dropped, so that `send` can hold it
/// across a whole batch and record each letter as soon as it is sent.
pub struct Session {
    path: PathBuf,
    target: PathBuf,
    dry_run: bool,
    _lock: Option<store::Lock>,
}

impl Session {
    pub fn open(ctx: &Context, dry_run: bool) -> Result<Session, Error> {
        let path = ctx.locate()?;
        let target = store::target(&path).map_err(|err| Error::Read {
            path: path.clone(),
            err,
        })?;
        // A dry run writes nothing, so it needs no lock: an atomic write
        // means it reads either the old file or the new one.
        let lock = if dry_run {
            None
        } else {
            let quiet = ctx.quiet;
            let lock = store::lock(&target, |lock_file| {
                if !quiet {
                    let _ = writeln!(
                        output::stderr(),
                        "Waiting for another linger to finish editing {} (lock file {})...",
                        path.display(),
                        lock_file.display()
                    );
                }
            })
            .map_err(|err| Error::Write {
                path: store::lock_path(&target),
                err,
            })?;
            // The lock file stays beside the inventory: in a git work tree,
            // git is told to ignore it, once.
            if let Ok(Some(ignore)) = store::ignore_lock_file(&target)
                && !quiet
            {
                let _ = writeln!(
                    output::stderr(),
                    "Added {} to {}: the lock file linger keeps while it edits.",
                    store::lock_path(&target)
                        .file_name()
                        .map_or_else(String::new, |n| n.to_string_lossy().into_owned()),
                    ignore.display()
                );
            }
            if lock.unsupported && !quiet {
                let _ = writeln!(
                    output::stderr(),
                    "warning: the file system of {} cannot lock files; editing without a lock, so run one linger at a time here",
                    path.display()
                );
            }
            Some(lock)
        };
        Ok(Session {
            path,
            target,
            dry_run,
            _lock: lock,
        })
    }

    /// The inventory as it is now.
    pub fn load(&self, ctx: &Context) -> Result<Loaded, Error> {
        ctx.load_from(&self.path)
    }

    /// For a command that only writes with `--apply` (`inbox`, `canary
    /// watch`): with it, one edit session from the first message read to
    /// the one write, so the inventory the run reads is the one it writes
    /// into; without it, no session and no lock. Either way, the
    /// inventory loaded.
    pub fn open_to_apply(
        ctx: &Context,
        apply: bool,
        edit: &crate::cli::EditArgs,
    ) -> Result<(Option<Session>, Loaded), Error> {
        if !apply {
            return Ok((None, ctx.load()?));
        }
        ctx.refuse_future(ctx.today, "today", edit.allow_future)?;
        let session = Session::open(ctx, edit.dry_run)?;
        let loaded = session.load(ctx)?;
        Ok((Some(session), loaded))
    }

    /// Reads the inventory afresh and applies the change `plan` makes of it.
    pub fn apply(
        &self,
        ctx: &Context,
        plan: impl FnOnce(&Loaded) -> Result<Change, Error>,
    ) -> Result<Option<Applied>, Error> {
        let path = &self.path;
        let before = ctx.load_from(path)?;
        let change = plan(&before)?;
        let display = before.source.display_path();
        let edited = edit::apply(&before.source.text, &before.inventory, &change, ctx.today)
            .map_err(|err| edit_error(err, &display))?;
        // The result must load as the whole file would (see `edit::validate`).
        let vendor = match edit::validate(&before.inventory, &edited, &change, ctx.today) {
            Ok(vendor) => vendor,
            Err(diagnostics) => {
                return Err(Error::Refused {
                    source: Box::new(Source::new(path.to_path_buf(), edited.text)),
                    diagnostics,
                });
            }
        };
        if !edit::landed(&before.inventory, &vendor, &change) {
            return Err(misplaced(&display));
        }
        let location = format!("{display}:{}", line_of_change(&edited));
        if !self.write(ctx, &display, &before.source.text, &edited.text, || Ok(()))? {
            return Ok(None);
        }
        Ok(Some(Applied {
            before,
            vendor,
            location,
        }))
    }

    /// Makes all of `changes`, planned on `before` (the inventory as this
    /// session loaded it), and writes them at once: one atomic write, so
    /// the file holds all of them or, when any is refused, none. Once the
    /// result is known to load, and just before it is written, runs
    /// `first` (what must exist before the file names it, such as
    /// evidence): if that fails, nothing is written. Returns the changed
    /// and added vendors as the new file loads them; `None` for a dry run,
    /// which prints the diff of the whole batch and runs nothing. An empty
    /// batch writes nothing.
    pub fn apply_all(
        &self,
        ctx: &Context,
        before: &Loaded,
        changes: &[Change],
        first: impl FnOnce() -> Result<(), Error>,
    ) -> Result<Option<Vec<Vendor>>, Error> {
        if changes.is_empty() {
            return Ok((!self.dry_run).then(Vec::new));
        }
        let display = before.source.display_path();
        let (text, vendors) = self.vendors_edit(ctx, before, changes)?;
        let written = self.write(ctx, &display, &before.source.text, &text, first)?;
        Ok(written.then_some(vendors))
    }

    /// The vendors' `changes` made to the text `before` was loaded from:
    /// the new text and the changed and added vendors as it loads them,
    /// each where it was meant to go.
    fn vendors_edit(
        &self,
        ctx: &Context,
        before: &Loaded,
        changes: &[Change],
    ) -> Result<(String, Vec<Vendor>), Error> {
        let display = before.source.display_path();
        let edited = edit::apply_all(&before.source.text, &before.inventory, changes, ctx.today)
            .map_err(|err| edit_error(err, &display))?;
        let vendors = match edit::validate_all(&before.inventory, &edited, ctx.today) {
            Ok(vendors) => vendors,
            Err(diagnostics) => {
                return Err(Error::Refused {
                    source: Box::new(Source::new(self.path.clone(), edited.text)),
                    diagnostics,
                });
            }
        };
        if !edit::landed_all(&before.inventory, &edited, &vendors, changes) {
            return Err(misplaced(&display));
        }
        Ok((edited.text, vendors))
    }

    /// Writes `text` over the inventory in one atomic write, after `first`
    /// (what must exist before the file names it, such as evidence): if
    /// that fails, nothing is written. A dry run shows the diff from
    /// `before` instead and runs nothing: `Ok(false)`.
    fn write(
        &self,
        ctx: &Context,
        display: &str,
        before: &str,
        text: &str,
        first: impl FnOnce() -> Result<(), Error>,
    ) -> Result<bool, Error> {
        if self.dry_run {
            show_dry_run(ctx, display, before, text)?;
            return Ok(false);
        }
        refuse_read_only(&self.target, display)?;
        first()?;
        store::write_atomic(&self.target, text.as_bytes()).map_err(|err| Error::Write {
            path: self.path.clone(),
            err,
        })?;
        Ok(true)
    }

    /// `apply_all`, with the incident steps `incidents` (planned on
    /// `before` too: `inbox` records abuse desks' replies) made after the
    /// vendors' changes, in the same one atomic write. Each step only
    /// inserts text after its incident's last line; the whole result loads
    /// before `first` runs and anything is written.
    pub fn apply_all_with_incidents(
        &self,
        ctx: &Context,
        before: &Loaded,
        changes: &[Change],
        incidents: &[edit::IncidentChange],
        first: impl FnOnce() -> Result<(), Error>,
    ) -> Result<Option<()>, Error> {
        if incidents.is_empty() {
            return Ok(self.apply_all(ctx, before, changes, first)?.map(|_| ()));
        }
        let display = before.source.display_path();
        let (mut text, mut inventory) = (before.source.text.clone(), before.inventory.clone());
        if !changes.is_empty() {
            (text, _) = self.vendors_edit(ctx, before, changes)?;
            inventory = crate::inventory::parse(&text, ctx.today).map_err(|diagnostics| {
                Error::Refused {
                    source: Box::new(Source::new(self.path.clone(), text.clone())),
                    diagnostics,
                }
            })?;
        }
        for change in incidents {
            let (next, _, after) = self.incident_edit(ctx, &text, &inventory, change)?;
            (text, inventory) = (next, after);
        }
        let written = self.write(ctx, &display, &before.source.text, &text, first)?;
        Ok(written.then_some(()))
    }

    /// Whether `changes`, planned on `before`, can be written together:
    /// `Err` holds the first reason they cannot (what the loader or the
    /// editor objects), for a caller that leaves out what does not fit.
    /// Writes and prints nothing.
    pub fn would_take(
        &self,
        ctx: &Context,
        before: &Loaded,
        changes: &[Change],
    ) -> Result<(), String> {
        let edited = edit::apply_all(&before.source.text, &before.inventory, changes, ctx.today)
            .map_err(|err| err.to_string())?;
        let vendors = edit::validate_all(&before.inventory, &edited, ctx.today).map_err(|d| {
            d.first().map_or_else(
                || "the inventory refused it".to_string(),
                |d| d.message.clone(),
            )
        })?;
        if !edit::landed_all(&before.inventory, &edited, &vendors, changes) {
            return Err("linger could not place it where it belongs".into());
        }
        Ok(())
    }

    /// Whether this session writes nothing.
    pub fn dry_run(&self) -> bool {
        self.dry_run
    }
}

/// The 1-based line of the first visible character the edit wrote.
fn line_of_change(edited: &edit::Edited) -> usize {
    let region = &edited.text[edited.changed.clone()];
    let first = region
        .find(|c: char| !c.is_whitespace())
        .map_or(edited.changed.start, |at| edited.changed.start + at);
    edited.text.as_bytes()[..first]
        .iter()
        .filter(|b| **b == b'\n')
        .count()
        + 1
}

/// A dry run's output: the diff on standard output, and that nothing was
/// changed.
fn show_dry_run(ctx: &Context, display: &str, before: &str, after: &str) -> Result<(), Error> {
    let mut out = output::stdout();
    output::diff::write(&mut out, display, before, after)?;
    out.flush()?;
    if !ctx.quiet {
        writeln!(output::stderr(), "Dry run: {display} was not changed.")?;
    }
    Ok(())
}

fn refuse_read_only(target: &Path, display: &str) -> Result<(), Error> {
    let read_only = std::fs::metadata(target)
        .map(|m| m.permissions().readonly())
        .unwrap_or(false);
    if read_only {
        return Err(Error::failed(
            Failure::Edit,
            format!("`{display}` is read-only; nothing was written"),
            "make it writable (e.g. `chmod u+w`) if you mean to edit it",
        ));
    }
    Ok(())
}

fn edit_error(err: EditError, display: &str) -> Error {
    match err {
        EditError::NoVendor(id) => Error::no_such_vendor(
            crate::inventory::NoSuchVendor {
                id: id.clone(),
                closest: None,
            },
            display,
        ),
        EditError::Unfaithful(_) => Error::failed(
            Failure::Edit,
            format!("{err}; `{display}` was not changed"),
            "edit this vendor by hand; linger refuses rather than reformat it (a mix of CRLF and LF line endings inside one vendor is one cause)",
        ),
    }
}

fn misplaced(display: &str) -> Error {
    Error::failed(
        Failure::Edit,
        format!(
            "linger could not place this change where it belongs in `{display}`; nothing was written"
        ),
        "edit the file by hand this time, and please report the layout of this vendor so linger can learn it",
    )
}
