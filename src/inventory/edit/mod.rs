//! The changes linger makes to an inventory's text: add a vendor, retire
//! one, record an event in its history.
//!
//! Pure: the current text and its loaded inventory in, the new text (and its
//! verdict, `validate`) out. Locking and the atomic write are the caller's
//! (`commands::edit`, `inventory::store`). Each change parses only the one
//! vendor it touches with `toml_edit`, so its cost does not grow with the
//! file, and splices the result back with `splice`, so that no byte outside
//! the change moves: not a comment, not an aligned `=`, not a CRLF.

mod batch;
mod incident;
mod layout;
mod splice;

use std::borrow::Cow;
use std::ops::Range;

use chrono::{Datelike, NaiveDate};
use toml_edit::{Array, ArrayOfTables, DocumentMut, Item, Table, Value};

use super::model::{CanarySender, EventKind, Inventory, Law, Vendor};
use super::parse_vendor;
use super::vendor::duplicate_id;
use crate::diagnostic::Diagnostic;
pub use batch::{EditedAll, apply_all, landed_all, validate_all};
pub use incident::{
    IncidentChange, NewIncident, NewIncidentEvent, apply_incident, incident_landed,
};
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
    /// A line of free text (`discover` names its evidence here).
    pub notes: Option<String>,
}

/// An event for `linger mark`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewEvent {
    pub on: NaiveDate,
    pub kind: EventKind,
    pub until: Option<NaiveDate>,
    pub reason: Option<String>,
    pub evidence: Option<String>,
    /// The SHA-256 of the evidence file, lower-case hex.
    pub evidence_sha256: Option<String>,
    pub reference: Option<String>,
    /// The letter's or the reply's `Message-ID`, with its angle brackets.
    pub message_id: Option<String>,
    pub note: Option<String>,
    /// Files kept beside the evidence, each with its own hash (`inbox
    /// --apply`: a reply's attached certificate).
    pub attachments: Vec<NewAttachment>,
}

/// A file kept beside an event's evidence: an entry of its
/// `attachments`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAttachment {
    /// Its file name as the sender gave it (printable).
    pub name: String,
    /// Its path, relative to the inventory's folder.
    pub evidence: String,
    /// Its SHA-256, lower-case hex.
    pub sha256: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Change {
    /// Append a `[[vendor]]` after the last one.
    Add(NewVendor),
    /// Set a vendor's `retired_on`.
    Retire { id: String, on: NaiveDate },
    /// Add a `[[vendor.event]]` in date order: after the vendor's last
    /// event, or, for an older date, after the last event of its date or
    /// earlier.
    Mark { id: String, event: NewEvent },
    /// Set a vendor's `privacy_email` (a reply said its contact changed).
    SetPrivacyEmail { id: String, address: String },
    /// Append an address to a vendor's `canaries`.
    AddCanary { id: String, address: String },
    /// Append a message its canary received to a vendor's `canary_mail`.
    AddCanaryMail { id: String, mail: NewCanaryMail },
    /// Replace the vendor's `canary_mail` entry at `at` (its position in
    /// the list as loaded) with a newer message: the vendor's last mail
    /// before its deletion is confirmed is kept once, not once a message.
    ReplaceCanaryMail {
        id: String,
        at: usize,
        mail: NewCanaryMail,
    },
}

/// A message to a vendor's canary, for `canary watch --apply`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewCanaryMail {
    pub on: NaiveDate,
    pub from: String,
    pub sender: CanarySender,
    /// With its angle brackets.
    pub message_id: Option<String>,
    pub evidence: Option<String>,
    /// The SHA-256 of `evidence`, lower-case hex.
    pub sha256: Option<String>,
}

impl Change {
    /// The vendor the change is about.
    pub fn vendor_id(&self) -> &str {
        match self {
            Change::Add(vendor) => &vendor.id,
            Change::Retire { id, .. }
            | Change::SetPrivacyEmail { id, .. }
            | Change::Mark { id, .. }
            | Change::AddCanary { id, .. }
            | Change::AddCanaryMail { id, .. }
            | Change::ReplaceCanaryMail { id, .. } => id,
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
    /// The changed vendor's `[[vendor]]` table and events in `text`.
    pub vendor: Range<usize>,
    /// Its position among the vendors.
    pub index: usize,
}

/// Applies `change` to `text`, which `inventory` was loaded from with
/// `today`.
///
/// Before it changes anything, it checks that the vendor's part of the file,
/// read alone, gives exactly the vendor the whole file gives: that its
/// table and all of its events lie together, so that the edit and `validate`
/// can work on that part alone.
pub fn apply(
    text: &str,
    inventory: &Inventory,
    change: &Change,
    today: NaiveDate,
) -> Result<Edited, EditError> {
    let eol = line_ending(text);
    // Work on a text that ends with a line break, so that anything appended
    // starts on a line of its own; the break is taken off again at the end.
    let missing_eol = !text.is_empty() && !text.ends_with('\n');
    let work: Cow<'_, str> = if missing_eol {
        Cow::Owned(format!("{text}{eol}"))
    } else {
        Cow::Borrowed(text)
    };
    let unfaithful = || EditError::Unfaithful(change.vendor_id().to_string());
    // The vendor whose part of the file is parsed: the one edited, or for
    // `add` the last one, after which the new one goes.
    let (index, touched) = match change {
        Change::Add(_) => (
            inventory.vendors.len(),
            inventory.vendors.len().checked_sub(1),
        ),
        Change::Retire { id, .. }
        | Change::SetPrivacyEmail { id, .. }
        | Change::Mark { id, .. }
        | Change::AddCanary { id, .. }
        | Change::AddCanaryMail { id, .. }
        | Change::ReplaceCanaryMail { id, .. } => {
            let index = inventory
                .vendors
                .iter()
                .position(|v| v.id.value == *id)
                .ok_or_else(|| EditError::NoVendor(id.clone()))?;
            (index, Some(index))
        }
    };
    let range = match touched {
        Some(i) => {
            let vendor = &inventory.vendors[i];
            let range = vendor.span.start..vendor_end(&work, vendor.span.start);
            let alone = parse_vendor(&work, range.clone(), i, today);
            if alone.as_ref() != Ok(vendor) {
                return Err(EditError::Unfaithful(vendor.id.value.clone()));
            }
            range
        }
        None => work.len()..work.len(),
    };
    let chunk = &work[range.clone()];
    let mut doc: DocumentMut = chunk.parse().map_err(|_| unfaithful())?;
    let before = doc.to_string();

    change_doc(&mut doc, &work, inventory, change).ok_or_else(unfaithful)?;

    let after = doc.to_string();
    let replaced = replacement(chunk, &before, &after, eol).map_err(|_| unfaithful())?;
    let start = range.start + replaced.range.start;
    let end = range.start + replaced.range.end;
    let mut new = String::with_capacity(work.len() + replaced.text.len());
    new.push_str(&work[..start]);
    new.push_str(&replaced.text);
    new.push_str(&work[end..]);
    let changed = start..start + replaced.text.len();
    let vendor = match change {
        Change::Add(_) => {
            // The new header is the first `[` of the change: only the blank
            // lines before it can come first.
            let header = new[changed.clone()]
                .find('[')
                .map(|at| changed.start + at)
                .ok_or_else(unfaithful)?;
            header..vendor_end(&new, header)
        }
        _ => range.start..range.end + replaced.text.len() - (end - start),
    };
    if missing_eol && new.ends_with(eol) {
        new.truncate(new.len() - eol.len());
    }
    let clamp = |r: Range<usize>| r.start.min(new.len())..r.end.min(new.len());
    Ok(Edited {
        changed: clamp(changed),
        vendor: clamp(vendor),
        index,
        text: new,
    })
}

/// Makes `change` in `doc`, the parsed part of `text` it touches.
fn change_doc(
    doc: &mut DocumentMut,
    text: &str,
    inventory: &Inventory,
    change: &Change,
) -> Option<()> {
    match change {
        Change::Add(vendor) => add(doc, text, inventory, vendor),
        Change::Retire { on, .. } => retire(doc, *on),
        Change::SetPrivacyEmail { address, .. } => set_privacy_email(doc, address),
        Change::Mark { event, .. } => mark(doc, text, inventory, event),
        Change::AddCanary { address, .. } => add_canary(doc, address),
        Change::AddCanaryMail { mail, .. } => add_canary_mail(doc, mail),
        Change::ReplaceCanaryMail { at, mail, .. } => replace_canary_mail(doc, *at, mail),
    }
}

/// Loads the changed vendor from the edited text exactly as loading the
/// whole file would, and applies the one rule across vendors (unique ids).
/// The rest of the file is byte for byte what was loaded before, so this is
/// the whole file's verdict at the cost of one vendor.
pub fn validate(
    before: &Inventory,
    edited: &Edited,
    change: &Change,
    today: NaiveDate,
) -> Result<Vendor, Vec<Diagnostic>> {
    let vendor = parse_vendor(&edited.text, edited.vendor.clone(), edited.index, today)?;
    if let Change::Add(_) = change
        && let Some(first) = before.vendor(&vendor.id.value)
    {
        return Err(vec![duplicate_id(&vendor.id, first.id.span.clone())]);
    }
    Ok(vendor)
}

/// The one vendor table of a chunk that starts at its `[[vendor]]` header.
fn vendor_table(doc: &mut DocumentMut) -> Option<&mut Table> {
    doc.get_mut("vendor")?
        .as_array_of_tables_mut()?
        .iter_mut()
        .next()
}

/// A TOML local date. Commands accept dates from 1900 to 9999 only
/// (`terms::accepted_dates`), which always fit; a year beyond TOML's range is
/// written as its last one rather than panicking.
fn date(on: NaiveDate) -> Value {
    Value::from(toml_edit::Datetime {
        date: Some(toml_edit::Date {
            year: u16::try_from(on.year()).unwrap_or(u16::MAX),
            month: on.month() as u8,
            day: on.day() as u8,
        }),
        time: None,
        offset: None,
    })
}

fn add(doc: &mut DocumentMut, text: &str, inventory: &Inventory, vendor: &NewVendor) -> Option<()> {
    let layout = match inventory.vendors.last() {
        Some(last) => {
            let sample = vendor_table(doc)?;
            Layout::of(sample, Some(prefix_above(text, last.span.start)))
        }
        None => Layout {
            // The first table of an empty file starts it; a second one
            // (a batch of adds) has a blank line before it.
            header_prefix: if text.trim().is_empty() && doc.get("vendor").is_none() {
                ""
            } else {
                "\n"
            }
            .to_string(),
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
    if let Some(notes) = &vendor.notes {
        entries.push(("notes", layout.string(notes)));
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

/// Sets `privacy_email`: its value replaced where it is, keeping a
/// trailing comment; without one, the key goes after `website` (or
/// `name`), where `add` writes it.
fn set_privacy_email(doc: &mut DocumentMut, address: &str) -> Option<()> {
    let vendor = vendor_table(doc)?;
    let layout = Layout::of(vendor, None);
    let mut value = layout.string(address);
    if let Some(item) = vendor.get_mut("privacy_email") {
        *value.decor_mut() = item.as_value()?.decor().clone();
        *item = Item::Value(value);
        return Some(());
    }
    let names: Vec<String> = vendor.iter().map(|(name, _)| name.to_string()).collect();
    let after = ["website", "name"]
        .iter()
        .find_map(|key| names.iter().position(|name| name == key))
        .map_or(names.len(), |i| i + 1);
    let moved: Vec<_> = names[after..]
        .iter()
        .filter_map(|name| vendor.remove_entry(name))
        .collect();
    layout.insert(vendor, "privacy_email", value, 0);
    for (key, item) in moved {
        vendor.insert_formatted(&key, item);
    }
    Some(())
}

/// Appends to `canaries`, in the list's own layout: a new last item takes
/// the decor of the item before it, so a list written one address a line
/// stays that way. Without the key, `canaries = ["…"]` goes after the
/// vendor's last key.
fn add_canary(doc: &mut DocumentMut, address: &str) -> Option<()> {
    let vendor = vendor_table(doc)?;
    let layout = Layout::of(vendor, None);
    let mut value = layout.string(address);
    if let Some(item) = vendor.get_mut("canaries") {
        let array = item.as_value_mut()?.as_array_mut()?;
        let decor = match array.len() {
            0 => None,
            // One item: on a line of its own, the next goes the same way;
            // inline, it follows after `, `.
            1 => {
                let first = array.get(0)?.decor();
                let own_line = first
                    .prefix()
                    .and_then(|p| p.as_str())
                    .is_some_and(|p| p.contains('\n'));
                let mut decor = first.clone();
                if !own_line {
                    decor.set_prefix(" ");
                }
                Some(decor)
            }
            n => Some(array.get(n - 1)?.decor().clone()),
        };
        if let Some(decor) = decor {
            *value.decor_mut() = decor;
        }
        array.push_formatted(value);
        return Some(());
    }
    let mut array = Array::new();
    array.push(value);
    layout.insert(vendor, "canaries", Value::Array(array), 0);
    Some(())
}

/// Appends an inline table to `canary_mail`, one a line: a new list goes
/// after the vendor's last key, written over lines so that each message
/// is a line of its own in a diff.
fn add_canary_mail(doc: &mut DocumentMut, mail: &NewCanaryMail) -> Option<()> {
    let vendor = vendor_table(doc)?;
    let layout = Layout::of(vendor, None);
    let mut value = canary_mail_value(&layout, mail);
    let indent = format!("\n{}  ", layout.key_indent);
    value.decor_mut().set_prefix(indent.clone());
    value.decor_mut().set_suffix("");
    if let Some(item) = vendor.get_mut("canary_mail") {
        let array = item.as_value_mut()?.as_array_mut()?;
        if let Some(last) = array.len().checked_sub(1) {
            let decor = array.get(last)?.decor().clone();
            *value.decor_mut() = decor;
        }
        array.push_formatted(value);
        return Some(());
    }
    let mut array = Array::new();
    array.push_formatted(value);
    array.set_trailing_comma(true);
    array.set_trailing(format!("\n{}", layout.key_indent));
    layout.insert(vendor, "canary_mail", Value::Array(array), 0);
    Some(())
}

/// Puts `mail` in place of the `canary_mail` entry at `at`, on its line:
/// the entry's decor (its indentation, a comment after it) stays, and so
/// does every other byte of the list.
fn replace_canary_mail(doc: &mut DocumentMut, at: usize, mail: &NewCanaryMail) -> Option<()> {
    let vendor = vendor_table(doc)?;
    let layout = Layout::of(vendor, None);
    let array = vendor
        .get_mut("canary_mail")?
        .as_value_mut()?
        .as_array_mut()?;
    let old = array.get_mut(at)?;
    let mut value = canary_mail_value(&layout, mail);
    *value.decor_mut() = old.decor().clone();
    *old = value;
    Some(())
}

/// One `canary_mail` entry, as an inline table.
fn canary_mail_value(layout: &Layout, mail: &NewCanaryMail) -> Value {
    let mut table = toml_edit::InlineTable::new();
    table.insert("on", date(mail.on));
    table.insert("from", layout.string(&mail.from));
    table.insert("sender", layout.string(mail.sender.as_str()));
    for (key, value) in [
        ("message_id", &mail.message_id),
        ("evidence", &mail.evidence),
        ("sha256", &mail.sha256),
    ] {
        if let Some(value) = value {
            table.insert(key, layout.string(value));
        }
    }
    table.fmt();
    Value::InlineTable(table)
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
        ("evidence_sha256", &event.evidence_sha256),
        ("reference", &event.reference),
        ("message_id", &event.message_id),
        ("note", &event.note),
    ] {
        if let Some(value) = value {
            entries.push((key, layout.string(value)));
        }
    }
    if !event.attachments.is_empty() {
        entries.push((
            "attachments",
            attachments_value(&layout, &event.attachments),
        ));
    }
    let table = layout.table(&entries);
    let events = vendor
        .entry("event")
        .or_insert_with(|| Item::ArrayOfTables(ArrayOfTables::new()))
        .as_array_of_tables_mut()?;
    // In date order: after every event of its date or earlier, so that an
    // old reply is recorded where it happened. The tables after it keep
    // their comments and blank lines (each header's prefix is its own).
    let dates: Vec<Option<NaiveDate>> = events.iter().map(table_date).collect();
    if dates.iter().any(Option::is_none) {
        // An event without a readable date: the loader will say so; do
        // not guess where the new one goes.
        events.push(table);
        return Some(());
    }
    let at = dates
        .iter()
        .position(|d| d.is_some_and(|d| d > event.on))
        .unwrap_or(events.len());
    events.insert(at, table);
    Some(())
}

/// An event's `attachments`, one inline table a line, so that each file
/// is a line of its own in a diff.
fn attachments_value(layout: &Layout, files: &[NewAttachment]) -> Value {
    let mut array = Array::new();
    for file in files {
        let mut table = toml_edit::InlineTable::new();
        table.insert("name", layout.string(&file.name));
        table.insert("evidence", layout.string(&file.evidence));
        table.insert("sha256", layout.string(&file.sha256));
        table.fmt();
        let mut value = Value::InlineTable(table);
        value
            .decor_mut()
            .set_prefix(format!("\n{}  ", layout.key_indent));
        value.decor_mut().set_suffix("");
        array.push_formatted(value);
    }
    array.set_trailing_comma(true);
    array.set_trailing(format!("\n{}", layout.key_indent));
    Value::Array(array)
}

/// The `on` of an event's table, as written.
fn table_date(table: &Table) -> Option<NaiveDate> {
    let date = table.get("on")?.as_datetime()?.date?;
    NaiveDate::from_ymd_opt(i32::from(date.year), date.month.into(), date.day.into())
}

/// The history `marks` leave `events` with, as (date, kind): each new
/// event after every event of its date or earlier, in the order given.
pub(crate) fn history_after(
    events: &[super::model::Event],
    marks: &[&NewEvent],
) -> Vec<(NaiveDate, EventKind)> {
    let mut history: Vec<(NaiveDate, EventKind)> =
        events.iter().map(|e| (e.on.value, e.kind)).collect();
    for mark in marks {
        let at = history
            .iter()
            .position(|(on, _)| *on > mark.on)
            .unwrap_or(history.len());
        history.insert(at, (mark.on, mark.kind));
    }
    history
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

/// Whether `after`, the changed vendor as loaded from the edited text,
/// shows the change where it was meant to go: a new vendor with no history
/// for `add`, the new date for `retire`, one more event, in date order, for `mark`,
/// one more canary, last, for `canary new`.
pub fn landed(before: &Inventory, after: &Vendor, change: &Change) -> bool {
    match change {
        Change::Add(vendor) => after.id.value == vendor.id && after.events.is_empty(),
        Change::Retire { on, .. } => after.retired_on.as_ref().is_some_and(|r| r.value == *on),
        Change::SetPrivacyEmail { address, .. } => {
            after.privacy_email.as_deref() == Some(address.as_str())
        }
        Change::Mark { id, event } => {
            let events = before.vendor(id).map_or(&[][..], |v| &v.events[..]);
            let got: Vec<(NaiveDate, EventKind)> =
                after.events.iter().map(|e| (e.on.value, e.kind)).collect();
            got == history_after(events, &[event])
        }
        Change::AddCanary { id, address } => {
            let before = before.vendor(id).map_or(&[][..], |v| &v.canaries[..]);
            after.canaries.len() == before.len() + 1
                && after.canaries.last() == Some(address)
                && after.canaries[..before.len()] == *before
        }
        Change::AddCanaryMail { id, mail } => {
            let count = before.vendor(id).map_or(0, |v| v.canary_mail.len());
            after.canary_mail.len() == count + 1
                && after
                    .canary_mail
                    .last()
                    .is_some_and(|m| m.on.value == mail.on && m.message_id == mail.message_id)
        }
        Change::ReplaceCanaryMail { id, at, mail } => {
            let count = before.vendor(id).map_or(0, |v| v.canary_mail.len());
            after.canary_mail.len() == count
                && after
                    .canary_mail
                    .get(*at)
                    .is_some_and(|m| m.on.value == mail.on && m.message_id == mail.message_id)
        }
    }
}
