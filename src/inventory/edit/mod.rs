//! The changes linger makes to an inventory's text: add a vendor, retire
//! one, record an event in its history.
//!
//! Pure: the current text and its loaded inventory in, the new text out.
//! Locking, validation of the result and the atomic write are the caller's
//! (`commands::edit`, `inventory::store`). Each change parses only the one
//! vendor it touches with `toml_edit`, so its cost does not grow with the
//! file, and splices the result back with `splice`, so that no byte outside
//! the change moves: not a comment, not an aligned `=`, not a CRLF.

mod layout;
mod splice;

use std::borrow::Cow;
use std::ops::Range;

use chrono::NaiveDate;
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::model::{EventKind, Inventory, Law};
use layout::Layout;
use splice::{line_ending, replacement, vendor_end};

/// A vendor for `linger add`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewVendor {
    pub id: String,
    pub name: String,
    pub website: Option<String>,
    pub privacy_email: Option<String>,
    pub used_from: Option<NaiveDate>,
    pub account: Option<String>,
    pub data: Option<Vec<String>>,
    pub law: Option<Law>,
}

/// An event for `linger mark`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub on: NaiveDate,
    pub kind: EventKind,
    pub until: Option<NaiveDate>,
    pub reason: Option<String>,
    pub evidence: Option<String>,
    pub reference: Option<String>,
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Append a `[[vendor]]` after the last one.
    Add(NewVendor),
    /// Set a vendor's `retired_on`.
    Retire { id: String, on: NaiveDate },
    /// Append a `[[vendor.event]]` after the vendor's last event.
    Mark { id: String, event: NewEvent },
}

impl Change {
    /// The vendor the change is about.
    pub fn vendor_id(&self) -> &str {
        match self {
            Change::Add(vendor) => &vendor.id,
            Change::Retire { id, .. } | Change::Mark { id, .. } => id,
        }
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum EditError {
    #[error("no vendor `{0}`")]
    NoVendor(String),
    /// toml_edit could not reprint the vendor's table exactly as written, so
    /// an edit would change bytes nobody asked to change.
    #[error("cannot edit vendor `{0}` without rewriting parts of it that should not change")]
    Unfaithful(String),
}

/// The text after a change.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edited {
    pub text: String,
    /// Where the new or changed bytes are in `text`.
    pub changed: Range<usize>,
}

/// Applies `change` to `text`, which `inventory` was loaded from.
pub fn apply(text: &str, inventory: &Inventory, change: &Change) -> Result<Edited, EditError> {
    let eol = line_ending(text);
    // Work on a text that ends with a line break, so that anything appended
    // starts on a line of its own; the break is taken off again at the end.
    let missing_eol = !text.is_empty() && !text.ends_with('\n');
    let work: Cow<'_, str> = if missing_eol {
        Cow::Owned(format!("{text}{eol}"))
    } else {
        Cow::Borrowed(text)
    };
    let vendor_range = |id: &str| -> Result<Range<usize>, EditError> {
        let vendor = inventory
            .vendor(id)
            .ok_or_else(|| EditError::NoVendor(id.to_string()))?;
        Ok(vendor.span.start..vendor_end(&work, vendor.span.start))
    };
    let unfaithful = || EditError::Unfaithful(change.vendor_id().to_string());

    let range = match change {
        Change::Add(_) => match inventory.vendors.last() {
            Some(last) => last.span.start..vendor_end(&work, last.span.start),
            None => work.len()..work.len(),
        },
        Change::Retire { id, .. } | Change::Mark { id, .. } => vendor_range(id)?,
    };
    if !work[range.start..].starts_with('[') && !range.is_empty() {
        return Err(unfaithful());
    }
    let chunk = &work[range.clone()];
    let mut doc: DocumentMut = chunk.parse().map_err(|_| unfaithful())?;
    let before = doc.to_string();

    match change {
        Change::Add(vendor) => add(&mut doc, &work, inventory, vendor),
        Change::Retire { on, .. } => retire(&mut doc, *on),
        Change::Mark { event, .. } => mark(&mut doc, &work, inventory, event),
    }
    .ok_or_else(unfaithful)?;

    let after = doc.to_string();
    let replaced = replacement(chunk, &before, &after, eol).map_err(|_| unfaithful())?;
    let start = range.start + replaced.range.start;
    let end = range.start + replaced.range.end;
    let mut new = String::with_capacity(work.len() + replaced.text.len());
    new.push_str(&work[..start]);
    new.push_str(&replaced.text);
    new.push_str(&work[end..]);
    if missing_eol && new.ends_with(eol) {
        new.truncate(new.len() - eol.len());
    }
    let changed = start..(start + replaced.text.len()).min(new.len());
    Ok(Edited { text: new, changed })
}

/// The one vendor table of a chunk that starts at its `[[vendor]]` header.
fn vendor_table(doc: &mut DocumentMut) -> Option<&mut Table> {
    doc.get_mut("vendor")?
        .as_array_of_tables_mut()?
        .iter_mut()
        .next()
}

fn date(on: NaiveDate) -> Value {
    on.to_string()
        .parse()
        .expect("a formatted NaiveDate is a TOML date")
}

fn add(doc: &mut DocumentMut, text: &str, inventory: &Inventory, vendor: &NewVendor) -> Option<()> {
    let layout = match inventory.vendors.last() {
        Some(last) => {
            let sample = vendor_table(doc)?;
            Layout::of(sample, Some(prefix_above(text, last.span.start)))
        }
        None => Layout {
            header_prefix: if text.trim().is_empty() { "" } else { "\n" }.to_string(),
            ..Layout::default()
        },
    };
    let mut entries: Vec<(&str, Value)> = vec![
        ("id", layout.string(&vendor.id)),
        ("name", layout.string(&vendor.name)),
    ];
    if let Some(website) = &vendor.website {
        entries.push(("website", layout.string(website)));
    }
    if let Some(email) = &vendor.privacy_email {
        entries.push(("privacy_email", layout.string(email)));
    }
    if let Some(used_from) = vendor.used_from {
        entries.push(("used_from", date(used_from)));
    }
    if let Some(account) = &vendor.account {
        entries.push(("account", layout.string(account)));
    }
    if let Some(data) = &vendor.data {
        let mut array: Array = data.iter().map(|c| layout.string(c)).collect();
        array.fmt();
        entries.push(("data", Value::Array(array)));
    }
    if let Some(law) = vendor.law {
        entries.push(("law", layout.string(law.as_str())));
    }
    let table = layout.table(&entries);
    match doc.get_mut("vendor") {
        Some(item) => item.as_array_of_tables_mut()?.push(table),
        None => {
            let mut vendors = ArrayOfTables::new();
            vendors.push(table);
            doc.insert("vendor", Item::ArrayOfTables(vendors));
        }
    }
    Some(())
}

fn retire(doc: &mut DocumentMut, on: NaiveDate) -> Option<()> {
    let vendor = vendor_table(doc)?;
    if let Some(item) = vendor.get_mut("retired_on") {
        // Keep the decor, so a trailing comment on the line survives.
        let decor = item.as_value()?.decor().clone();
        let mut value = date(on);
        *value.decor_mut() = decor;
        *item = Item::Value(value);
        return Some(());
    }
    let layout = Layout::of(vendor, None);
    // `retired_on` goes right after `used_from` where there is one, as in
    // the starter and the docs; otherwise after the last key.
    let names: Vec<String> = vendor.iter().map(|(name, _)| name.to_string()).collect();
    let after = names
        .iter()
        .position(|name| name == "used_from")
        .map_or(names.len(), |i| i + 1);
    let moved: Vec<_> = names[after..]
        .iter()
        .filter_map(|name| vendor.remove_entry(name))
        .collect();
    layout.insert(vendor, "retired_on", date(on), 0);
    for (key, item) in moved {
        vendor.insert_formatted(&key, item);
    }
    Some(())
}

fn mark(doc: &mut DocumentMut, text: &str, inventory: &Inventory, event: &NewEvent) -> Option<()> {
    let vendor = vendor_table(doc)?;
    let layout = match vendor
        .get("event")
        .and_then(Item::as_array_of_tables)
        .and_then(|events| events.iter().last())
    {
        Some(last) => Layout::of(last, last.decor().prefix().and_then(|p| p.as_str())),
        None => event_layout_elsewhere(text, inventory).unwrap_or_else(|| Layout {
            key_indent: Layout::of(vendor, None).key_indent,
            ..Layout::default()
        }),
    };
    let mut entries: Vec<(&str, Value)> = vec![
        ("on", date(event.on)),
        ("kind", layout.string(event.kind.as_str())),
    ];
    if let Some(until) = event.until {
        entries.push(("until", date(until)));
    }
    for (key, value) in [
        ("reason", &event.reason),
        ("evidence", &event.evidence),
        ("reference", &event.reference),
        ("note", &event.note),
    ] {
        if let Some(value) = value {
            entries.push((key, layout.string(value)));
        }
    }
    let table = layout.table(&entries);
    let events = vendor
        .entry("event")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()));
    events.as_array_of_tables_mut()?.push(table);
    Some(())
}

/// The layout of the first event written anywhere in the file, for a
/// vendor that has none yet.
fn event_layout_elsewhere(text: &str, inventory: &Inventory) -> Option<Layout> {
    let vendor = inventory.vendors.iter().find(|v| !v.events.is_empty())?;
    let start = vendor.span.start;
    let doc: DocumentMut = text[start..vendor_end(text, start)].parse().ok()?;
    let first = doc
        .get("vendor")?
        .as_array_of_tables()?
        .iter()
        .next()?
        .get("event")?
        .as_array_of_tables()?
        .iter()
        .next()?;
    Some(Layout::of(
        first,
        first.decor().prefix().and_then(|p| p.as_str()),
    ))
}

/// The blank lines and comments between a header and the line above it,
/// which TOML counts as the header's prefix.
fn prefix_above(text: &str, header: usize) -> &str {
    let before = &text[..header];
    // The header's own indentation, then whole blank or comment lines.
    let mut start = before.rfind('\n').map_or(0, |i| i + 1);
    while start > 0 {
        let line_start = before[..start - 1].rfind('\n').map_or(0, |i| i + 1);
        let line = before[line_start..start].trim();
        if !(line.is_empty() || line.starts_with('#')) {
            break;
        }
        start = line_start;
    }
    &before[start..]
}

/// Whether the inventory `after`, loaded from the edited text, shows the
/// change in the place it was meant to go: the last vendor for `add`, the
/// vendor's last event for `mark`.
pub fn landed(before: &Inventory, after: &Inventory, change: &Change) -> bool {
    match change {
        Change::Add(vendor) => {
            after.vendors.len() == before.vendors.len() + 1
                && after.vendors.last().is_some_and(|v| v.id.value == vendor.id)
        }
        Change::Retire { id, on } => after
            .vendor(id)
            .and_then(|v| v.retired_on.as_ref())
            .is_some_and(|r| r.value == *on),
        Change::Mark { id, event } => {
            let count = |inv: &Inventory| inv.vendor(id).map_or(0, |v| v.events.len());
            count(after) == count(before) + 1
                && after
                    .vendor(id)
                    .and_then(|v| v.last_event())
                    .is_some_and(|e| e.on.value == event.on && e.kind == event.kind)
        }
    }
}
