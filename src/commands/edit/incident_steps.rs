//! The edit session's incident steps (`incident open`, `incident mark`,
//! `send --incident`, `check --online --apply`): the same lock, refusals,
//! dry run and one atomic write as a vendor's edit, with the new text
//! loaded whole before it is written.

use super::{Session, misplaced};
use crate::cli::EditArgs;
use crate::commands::{Context, Loaded};
use crate::error::{Error, Failure};
use crate::inventory::edit;
use crate::inventory::{Inventory, Source};

/// An incident change that was written (or shown, in a dry run).
pub struct AppliedIncident {
    pub before: Loaded,
    /// The inventory as the new file loads it; `None` for a dry run.
    pub after: Option<Inventory>,
    /// `path:line` of the change in the new file.
    pub location: String,
}

/// Runs one `incident open` or `incident mark`: the same lock, refusals,
/// dry run and atomic write as every edit (`Session::apply_incident`).
pub fn apply_incident(
    ctx: &Context,
    args: &EditArgs,
    plan: impl FnOnce(&Loaded) -> Result<edit::IncidentChange, Error>,
    first: impl FnOnce(&Loaded, &edit::IncidentChange) -> Result<(), Error>,
) -> Result<AppliedIncident, Error> {
    ctx.refuse_future(ctx.today, "today", args.allow_future)?;
    Session::open(ctx, args.dry_run)?.apply_incident(ctx, plan, first)
}

impl Session {
    /// Reads the inventory afresh and makes the incident change `plan`
    /// makes of it, under this session's lock (`send --incident` holds it
    /// from before it sends until the step is recorded). The new text is
    /// loaded whole (as `check` would) before anything is written; `first`
    /// runs just before the write (the evidence file the event names): if
    /// it fails, nothing is written.
    pub fn apply_incident(
        &self,
        ctx: &Context,
        plan: impl FnOnce(&Loaded) -> Result<edit::IncidentChange, Error>,
        first: impl FnOnce(&Loaded, &edit::IncidentChange) -> Result<(), Error>,
    ) -> Result<AppliedIncident, Error> {
        let before = ctx.load_from(&self.path)?;
        let change = plan(&before)?;
        let display = before.source.display_path();
        let (text, changed, after) =
            self.incident_edit(ctx, &before.source.text, &before.inventory, &change)?;
        let line = text[..changed.start].matches('\n').count() + 2;
        let location = format!("{display}:{line}");
        let written = self.write(ctx, &display, &before.source.text, &text, || {
            first(&before, &change)
        })?;
        Ok(AppliedIncident {
            before,
            after: written.then_some(after),
            location,
        })
    }

    /// Makes every incident change `plan` makes of the inventory as it is
    /// now, in one atomic write: the file holds all of them or, when any
    /// is refused, none (`check --online --apply` records one `acted` a
    /// domain gone). Each change is made on the text the one before it
    /// made, and the result is loaded whole before anything is written;
    /// `first` runs just before the write (the evidence files the events
    /// name): if it fails, nothing is written. Returns how many changes
    /// were written; an empty plan writes nothing.
    pub fn apply_incidents(
        &self,
        ctx: &Context,
        plan: impl FnOnce(&Loaded) -> Result<Vec<edit::IncidentChange>, Error>,
        first: impl FnOnce(&Loaded, &[edit::IncidentChange]) -> Result<(), Error>,
    ) -> Result<usize, Error> {
        let before = ctx.load_from(&self.path)?;
        let changes = plan(&before)?;
        if changes.is_empty() {
            return Ok(0);
        }
        let display = before.source.display_path();
        let (mut text, mut inventory) = (before.source.text.clone(), before.inventory.clone());
        for change in &changes {
            let (next, _, after) = self.incident_edit(ctx, &text, &inventory, change)?;
            (text, inventory) = (next, after);
        }
        let written = self.write(ctx, &display, &before.source.text, &text, || {
            first(&before, &changes)
        })?;
        Ok(if written { changes.len() } else { 0 })
    }

    /// `change` made to `text` (which loads as `inventory`): the new text,
    /// the range of its new bytes, and the inventory it loads as, which
    /// must hold the change where it was meant to go.
    pub(super) fn incident_edit(
        &self,
        ctx: &Context,
        text: &str,
        inventory: &Inventory,
        change: &edit::IncidentChange,
    ) -> Result<(String, std::ops::Range<usize>, Inventory), Error> {
        let display = self.path.display().to_string();
        let (next, changed) = edit::apply_incident(text, inventory, change).ok_or_else(|| {
            Error::failed(
                Failure::Usage,
                format!("no incident `{}` in {display}", change.incident_id()),
                "`linger incident register` lists the incidents",
            )
        })?;
        let after = match crate::inventory::parse(&next, ctx.today) {
            Ok(after) => after,
            Err(diagnostics) => {
                return Err(Error::Refused {
                    source: Box::new(Source::new(self.path.clone(), next)),
                    diagnostics,
                });
            }
        };
        if !edit::incident_landed(inventory, &after, change) {
            return Err(misplaced(&display));
        }
        Ok((next, changed, after))
    }
}
