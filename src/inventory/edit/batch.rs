//! Many changes in one pass over the text: the changes to one vendor are
//! made in one parse of that vendor's part of the file, and the new text
//! is put together once. Recording ten thousand events then costs about
//! what reading the file does, where one change at a time rewrote and
//! reread the whole file each time (`inbox --apply` records a mailbox in
//! one edit session, one write). No byte outside the changes moves, as
//! with `apply`.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::ops::Range;

use chrono::NaiveDate;
use toml_edit::DocumentMut;

use super::duplicate_id;
use super::splice::{line_ending, replacement, vendor_end};
use super::{Change, EditError, NewEvent, change_doc};
use crate::diagnostic::Diagnostic;
use crate::inventory::model::{Inventory, Vendor};
use crate::inventory::parse_vendor;

/// The text after a batch of changes.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EditedAll {
    pub text: String,
    /// Each vendor the batch changed or added, in file order: its position
    /// among the vendors and its part of `text`.
    pub vendors: Vec<(usize, Range<usize>)>,
}

/// Applies `changes`, in order, to `text`, which `inventory` was loaded
/// from with `today`: the result `apply` would give one change at a time,
/// each on the text the one before it left (new vendors go after the last,
/// in order; a change to a vendor that only this batch adds is refused as
/// `NoVendor`).
pub fn apply_all(
    text: &str,
    inventory: &Inventory,
    changes: &[Change],
    today: NaiveDate,
) -> Result<EditedAll, EditError> {
    let eol = line_ending(text);
    let missing_eol = !text.is_empty() && !text.ends_with('\n');
    let work: Cow<'_, str> = if missing_eol {
        Cow::Owned(format!("{text}{eol}"))
    } else {
        Cow::Borrowed(text)
    };
    let unfaithful = |change: &Change| EditError::Unfaithful(change.vendor_id().to_string());
    // The changes by the vendor whose part of the file they touch: the one
    // edited, or for `add` the last one, after which new ones go (`None`:
    // the file has no vendor yet).
    let mut groups: BTreeMap<Option<usize>, Vec<&Change>> = BTreeMap::new();
    for change in changes {
        let key = match change {
            Change::Add(_) => inventory.vendors.len().checked_sub(1),
            Change::Retire { id, .. }
            | Change::SetPrivacyEmail { id, .. }
            | Change::Mark { id, .. }
            | Change::AddCanary { id, .. }
            | Change::AddCanaryMail { id, .. }
            | Change::ReplaceCanaryMail { id, .. } => Some(
                inventory
                    .vendors
                    .iter()
                    .position(|v| v.id.value == *id)
                    .ok_or_else(|| EditError::NoVendor(id.clone()))?,
            ),
        };
        groups.entry(key).or_default().push(change);
    }

    let mut new = String::with_capacity(work.len() + work.len() / 8);
    // How far the original has been copied into `new`.
    let mut copied = 0;
    // Each group's part of the new text, and how many vendors it adds.
    let mut parts: Vec<(Option<usize>, Range<usize>, usize)> = Vec::with_capacity(groups.len());
    for (touched, group) in &groups {
        let range = match touched {
            Some(i) => {
                let vendor = &inventory.vendors[*i];
                let range = vendor.span.start..vendor_end(&work, vendor.span.start);
                // As in `apply`: the vendor's part, read alone, must be the
                // vendor the whole file gives.
                let alone = parse_vendor(&work, range.clone(), *i, today);
                if alone.as_ref() != Ok(vendor) {
                    return Err(EditError::Unfaithful(vendor.id.value.clone()));
                }
                range
            }
            None => work.len()..work.len(),
        };
        let chunk = &work[range.clone()];
        let mut doc: DocumentMut = chunk.parse().map_err(|_| unfaithful(group[0]))?;
        let before = doc.to_string();
        for change in group {
            change_doc(&mut doc, &work, inventory, change).ok_or_else(|| unfaithful(change))?;
        }
        let after = doc.to_string();
        let replaced =
            replacement(chunk, &before, &after, eol).map_err(|_| unfaithful(group[0]))?;
        let (start, end) = (
            range.start + replaced.range.start,
            range.start + replaced.range.end,
        );
        // Groups come in file order, and no two vendors' parts overlap.
        let chunk_start = new.len() + (range.start - copied);
        new.push_str(&work[copied..start]);
        new.push_str(&replaced.text);
        copied = end;
        let chunk_end = new.len() + (range.end - end);
        let adds = group.iter().filter(|c| matches!(c, Change::Add(_))).count();
        parts.push((*touched, chunk_start..chunk_end, adds));
    }
    new.push_str(&work[copied..]);

    // Where each changed or added vendor lies in the new text.
    let mut vendors = Vec::new();
    let mut added = inventory.vendors.len();
    for (touched, chunk, adds) in parts {
        let mut at = match touched {
            Some(i) => {
                let end = vendor_end(&new, chunk.start);
                vendors.push((i, chunk.start..end));
                end
            }
            None => match new[chunk.clone()].find('[') {
                Some(at) => chunk.start + at,
                None => return Err(unfaithful(&changes[0])),
            },
        };
        for _ in 0..adds {
            let end = vendor_end(&new, at);
            vendors.push((added, at..end));
            added += 1;
            at = end;
        }
    }
    if missing_eol && new.ends_with(eol) {
        new.truncate(new.len() - eol.len());
    }
    let len = new.len();
    let vendors = vendors
        .into_iter()
        .map(|(i, r)| (i, r.start.min(len)..r.end.min(len)))
        .collect();
    Ok(EditedAll { text: new, vendors })
}

/// Loads each changed or added vendor from the edited text as loading the
/// whole file would, and checks that new ids are new: the whole file's
/// verdict, at the cost of the vendors the batch touched.
pub fn validate_all(
    before: &Inventory,
    edited: &EditedAll,
    today: NaiveDate,
) -> Result<Vec<Vendor>, Vec<Diagnostic>> {
    let mut vendors = Vec::with_capacity(edited.vendors.len());
    let mut diagnostics = Vec::new();
    for (index, range) in &edited.vendors {
        match parse_vendor(&edited.text, range.clone(), *index, today) {
            Ok(vendor) => vendors.push(vendor),
            Err(found) => diagnostics.extend(found),
        }
    }
    let old = before.vendors.len();
    for (n, (index, _)) in edited.vendors.iter().enumerate() {
        let Some(vendor) = vendors.get(n).filter(|_| *index >= old) else {
            continue;
        };
        let earlier = before.vendor(&vendor.id.value).map(|v| &v.id).or_else(|| {
            vendors[..n]
                .iter()
                .find(|v| v.id.value == vendor.id.value)
                .map(|v| &v.id)
        });
        if let Some(first) = earlier {
            diagnostics.push(duplicate_id(&vendor.id, first.span.clone()));
        }
    }
    if diagnostics.is_empty() {
        Ok(vendors)
    } else {
        Err(diagnostics)
    }
}

/// Whether the vendors as loaded from the edited text (`after`, in the
/// order of `edited.vendors`) show every change where it was meant to go:
/// each new event in date order; the last `retired_on` given; the new
/// canaries last; each new vendor with no history.
pub fn landed_all(
    before: &Inventory,
    edited: &EditedAll,
    after: &[Vendor],
    changes: &[Change],
) -> bool {
    if after.len() != edited.vendors.len() {
        return false;
    }
    let mut adds = changes.iter().filter_map(|c| match c {
        Change::Add(vendor) => Some(vendor),
        _ => None,
    });
    for ((index, _), vendor) in edited.vendors.iter().zip(after) {
        let Some(old) = before.vendors.get(*index) else {
            match adds.next() {
                Some(new) if vendor.id.value == new.id && vendor.events.is_empty() => continue,
                _ => return false,
            }
        };
        if vendor.id.value != old.id.value {
            return false;
        }
        let mine = || {
            changes
                .iter()
                .filter(|c| !matches!(c, Change::Add(_)) && c.vendor_id() == old.id.value)
        };
        let marks: Vec<&NewEvent> = mine()
            .filter_map(|c| match c {
                Change::Mark { event, .. } => Some(event),
                _ => None,
            })
            .collect();
        let got: Vec<_> = vendor.events.iter().map(|e| (e.on.value, e.kind)).collect();
        if got != super::history_after(&old.events, &marks) {
            return false;
        }
        let address = mine()
            .filter_map(|c| match c {
                Change::SetPrivacyEmail { address, .. } => Some(address),
                _ => None,
            })
            .next_back();
        if let Some(address) = address
            && vendor.privacy_email.as_ref() != Some(address)
        {
            return false;
        }
        let retired = mine()
            .filter_map(|c| match c {
                Change::Retire { on, .. } => Some(*on),
                _ => None,
            })
            .next_back();
        if let Some(on) = retired
            && vendor.retired_on.as_ref().is_none_or(|r| r.value != on)
        {
            return false;
        }
        let canaries: Vec<&String> = old
            .canaries
            .iter()
            .chain(mine().filter_map(|c| match c {
                Change::AddCanary { address, .. } => Some(address),
                _ => None,
            }))
            .collect();
        if vendor.canaries.iter().collect::<Vec<_>>() != canaries {
            return false;
        }
        let mails: Vec<_> = mine()
            .filter_map(|c| match c {
                Change::AddCanaryMail { mail, .. } => Some(mail),
                _ => None,
            })
            .collect();
        let count = old.canary_mail.len();
        if vendor.canary_mail.len() != count + mails.len()
            || !vendor.canary_mail[count..]
                .iter()
                .zip(&mails)
                .all(|(m, new)| m.on.value == new.on && m.message_id == new.message_id)
        {
            return false;
        }
        let replaced = mine().all(|c| match c {
            Change::ReplaceCanaryMail { at, mail, .. } => vendor
                .canary_mail
                .get(*at)
                .is_some_and(|m| m.on.value == mail.on && m.message_id == mail.message_id),
            _ => true,
        });
        if !replaced {
            return false;
        }
    }
    adds.next().is_none()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::EventKind;
    use crate::inventory::edit::{NewVendor, apply};

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
    }

    fn load(text: &str) -> Inventory {
        crate::inventory::parse(text, today()).expect("the test inventory loads")
    }

    fn mark(id: &str, day: u32, note: &str) -> Change {
        Change::Mark {
            id: id.to_string(),
            event: NewEvent {
                on: NaiveDate::from_ymd_opt(2026, 11, day).unwrap(),
                kind: EventKind::Acknowledged,
                until: None,
                reason: None,
                evidence: None,
                evidence_sha256: None,
                reference: None,
                message_id: Some(format!("<{note}@x.example>")),
                note: Some(note.to_string()),
                attachments: Vec::new(),
            },
        }
    }

    fn add(id: &str) -> Change {
        Change::Add(NewVendor {
            id: id.to_string(),
            name: id.to_string(),
            website: None,
            privacy_email: None,
            used_from: None,
            account: None,
            data: None,
            law: None,
            notes: None,
        })
    }

    /// What `apply` gives one change at a time, reloading in between.
    fn one_by_one(text: &str, changes: &[Change]) -> String {
        let mut text = text.to_string();
        for change in changes {
            let inventory = load(&text);
            text = apply(&text, &inventory, change, today()).unwrap().text;
        }
        text
    }

    const TEXT: &str = "schema = 1\r\n\r\n[organization]\r\nname = \"N\"\r\nemail = \"p@n.example\"\r\n\r\n# the first\r\n[[vendor]]\r\nid   = 'a'\r\nname = 'A'\r\n\r\n[[vendor.event]]\r\non   = 2026-10-01\r\nkind = 'requested'\r\n\r\n[[vendor]]\r\nid = \"b\" # keep\r\nname = \"B\"\r\n[[vendor.event]]\r\non = 2026-10-02\r\nkind = \"requested\"\r\n\r\n# the end\r\n[imap]\r\nhost = \"localhost\"\r\nusername = \"u\"\r\nsecurity = \"tls\"";

    #[test]
    fn a_batch_gives_what_one_change_at_a_time_gives() {
        let changes = [
            mark("b", 2, "one"),
            mark("a", 3, "two"),
            Change::AddCanary {
                id: "a".into(),
                address: "c@n.example".into(),
            },
            mark("b", 4, "three"),
            Change::Retire {
                id: "b".into(),
                on: NaiveDate::from_ymd_opt(2026, 11, 5).unwrap(),
            },
            add("c"),
            add("d"),
        ];
        let inventory = load(TEXT);
        let edited = apply_all(TEXT, &inventory, &changes, today()).unwrap();
        assert_eq!(edited.text, one_by_one(TEXT, &changes));
        // Nothing outside the changes moved: the comments, the CRLF, the
        // missing final line break.
        assert!(edited.text.contains("id = \"b\" # keep\r\n"));
        assert!(edited.text.ends_with("security = \"tls\""));
        let after = validate_all(&inventory, &edited, today()).unwrap();
        let ids: Vec<(usize, &str)> = edited
            .vendors
            .iter()
            .zip(&after)
            .map(|((i, _), v)| (*i, v.id.value.as_str()))
            .collect();
        assert_eq!(ids, [(0, "a"), (1, "b"), (2, "c"), (3, "d")]);
        assert!(landed_all(&inventory, &edited, &after, &changes));
        let whole = load(&edited.text);
        assert_eq!(whole.vendors[1].events.len(), 3);
        assert_eq!(whole.vendors[0].canaries, ["c@n.example"]);
    }

    #[test]
    fn adds_to_an_empty_file_each_get_their_table() {
        let text = "schema = 1\n\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n";
        let changes = [add("a"), add("b")];
        let inventory = load(text);
        let edited = apply_all(text, &inventory, &changes, today()).unwrap();
        let after = validate_all(&inventory, &edited, today()).unwrap();
        assert!(landed_all(&inventory, &edited, &after, &changes));
        assert_eq!(load(&edited.text).vendors.len(), 2);
    }

    #[test]
    fn an_id_added_twice_is_refused() {
        let inventory = load(TEXT);
        let edited = apply_all(TEXT, &inventory, &[add("c"), add("c")], today()).unwrap();
        assert!(validate_all(&inventory, &edited, today()).is_err());
        let edited = apply_all(TEXT, &inventory, &[add("a")], today()).unwrap();
        assert!(validate_all(&inventory, &edited, today()).is_err());
    }

    #[test]
    fn a_change_to_no_vendor_is_refused() {
        let inventory = load(TEXT);
        assert_eq!(
            apply_all(TEXT, &inventory, &[mark("zz", 2, "x")], today()),
            Err(EditError::NoVendor("zz".into()))
        );
    }

    #[test]
    fn thousands_of_events_for_one_vendor_are_one_parse() {
        // Quadratic work would show as minutes here, not as a failure:
        // the assertion is on the result.
        let changes: Vec<Change> = (0..2000)
            .map(|n| mark("a", 1 + n * 28 / 2000, &format!("n{n}")))
            .collect();
        let inventory = load(TEXT);
        let edited = apply_all(TEXT, &inventory, &changes, today()).unwrap();
        let after = validate_all(&inventory, &edited, today()).unwrap();
        assert!(landed_all(&inventory, &edited, &after, &changes));
        assert_eq!(after[0].events.len(), 2001);
    }
}
