//! The editor on a corpus of hand-written styles (`tests/edit-corpus/`), each
//! also as a CRLF copy: every edit changes only the lines it must, keeps the
//! file's line endings, and leaves a file that loads.

mod common;

use std::path::PathBuf;

use common::date;
use linger::inventory::edit::{Change, EditError, NewEvent, NewVendor, apply};
use linger::inventory::{EventKind, Inventory, Law, parse};

const TODAY: &str = "2026-11-28";

/// Every corpus file, as written and with CRLF line endings.
fn corpus() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for (name, text) in common::edit_corpus() {
        out.push((format!("{name} (CRLF)"), text.replace('\n', "\r\n")));
        out.push((name, text));
    }
    out
}

fn load(name: &str, text: &str) -> Inventory {
    parse(text, date(TODAY)).unwrap_or_else(|d| panic!("{name} does not load: {d:#?}\n{text}"))
}

/// The lines (with their endings) that `new` removed from and added to
/// `old`, which must differ in one contiguous place.
fn changed_lines<'a>(old: &'a str, new: &'a str) -> (Vec<&'a str>, Vec<&'a str>) {
    let a: Vec<&str> = old.split_inclusive('\n').collect();
    let b: Vec<&str> = new.split_inclusive('\n').collect();
    let prefix = a.iter().zip(&b).take_while(|(x, y)| x == y).count();
    let suffix = a[prefix..]
        .iter()
        .rev()
        .zip(b[prefix..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (
        a[prefix..a.len() - suffix].to_vec(),
        b[prefix..b.len() - suffix].to_vec(),
    )
}

fn assert_line_endings_kept(name: &str, old: &str, new: &str) {
    let crlf = old.contains("\r\n");
    for line in new.split_inclusive('\n').filter(|l| l.ends_with('\n')) {
        assert_eq!(
            line.ends_with("\r\n"),
            crlf,
            "{name}: line {line:?} has the wrong line ending"
        );
    }
    assert_eq!(
        old.ends_with('\n'),
        new.ends_with('\n'),
        "{name}: the final newline changed"
    );
}

/// Nothing was removed, except that appending after a last line that had no
/// line break gives it one.
fn assert_only_appended_to(name: &str, old: &str, removed: &[&str], added: &[&str]) {
    match removed {
        [] => {}
        [last] if !old.ends_with('\n') && old.ends_with(last) => {
            assert!(
                added[0].starts_with(last),
                "{name}: {last:?} became {:?}",
                added[0]
            );
        }
        _ => panic!("{name}: removed {removed:?}"),
    }
}

fn event(kind: EventKind) -> NewEvent {
    NewEvent {
        on: date(TODAY),
        kind,
        until: None,
        reason: None,
        evidence: None,
        evidence_sha256: None,
        reference: Some("Ticket #1".to_string()),
        message_id: None,
        note: Some("a note with \"quotes\" and æøå".to_string()),
        attachments: Vec::new(),
    }
}

#[test]
fn mark_appends_only_an_event_after_the_vendors_history() {
    for (name, text) in corpus() {
        let before = load(&name, &text);
        for vendor in &before.vendors {
            let id = vendor.id.value.clone();
            let kind = if vendor.events.iter().any(|e| e.kind == EventKind::Requested) {
                EventKind::Reminded
            } else {
                EventKind::Requested
            };
            let change = Change::Mark {
                id: id.clone(),
                event: event(kind),
            };
            let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
            let after = load(&name, &edited.text);
            let (removed, added) = changed_lines(&text, &edited.text);
            assert_only_appended_to(&name, &text, &removed, &added);
            let added_text: String = added.concat();
            assert!(
                added_text.contains("[[vendor.event]]") && added_text.contains(kind.as_str()),
                "{name}/{id}: added {added:?}"
            );
            assert!(added.len() <= 7, "{name}/{id}: added {added:?}");
            assert_line_endings_kept(&name, &text, &edited.text);
            let events = &after.vendor(&id).unwrap().events;
            assert_eq!(events.len(), vendor.events.len() + 1, "{name}/{id}");
            let last = events.last().unwrap();
            assert_eq!((last.kind, last.on.value), (kind, date(TODAY)));
            assert_eq!(last.reference.as_deref(), Some("Ticket #1"));
            assert_eq!(last.note.as_deref(), Some("a note with \"quotes\" and æøå"));
            // Every other vendor is exactly as it was.
            for other in before.vendors.iter().filter(|v| v.id.value != id) {
                let same = after.vendor(&other.id.value).unwrap();
                assert_eq!(same.events.len(), other.events.len(), "{name}/{id}");
            }
        }
    }
}

#[test]
fn retire_sets_or_replaces_one_line() {
    for (name, text) in corpus() {
        let before = load(&name, &text);
        for vendor in &before.vendors {
            let id = vendor.id.value.clone();
            let on = date("2026-11-01");
            let change = Change::Retire { id: id.clone(), on };
            let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
            let after = load(&name, &edited.text);
            assert_eq!(
                after
                    .vendor(&id)
                    .unwrap()
                    .retired_on
                    .as_ref()
                    .unwrap()
                    .value,
                on
            );
            let (removed, added) = changed_lines(&text, &edited.text);
            assert_eq!(added.len(), 1, "{name}/{id}: added {added:?}");
            assert!(added[0].contains("retired_on") && added[0].contains("2026-11-01"));
            match &vendor.retired_on {
                Some(_) => {
                    assert_eq!(removed.len(), 1, "{name}/{id}: removed {removed:?}");
                    // Only the date changed: indentation, alignment and a
                    // trailing comment are the same.
                    let old_date = vendor.retired_on.as_ref().unwrap().value.to_string();
                    assert_eq!(added[0], removed[0].replace(&old_date, "2026-11-01"));
                }
                None => assert!(removed.is_empty(), "{name}/{id}: removed {removed:?}"),
            }
            assert_line_endings_kept(&name, &text, &edited.text);
        }
    }
}

#[test]
fn retiring_on_the_date_already_there_changes_no_byte() {
    for (name, text) in corpus() {
        let before = load(&name, &text);
        for vendor in &before.vendors {
            if let Some(retired) = &vendor.retired_on {
                let change = Change::Retire {
                    id: vendor.id.value.clone(),
                    on: retired.value,
                };
                let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
                assert_eq!(edited.text, text, "{name}/{}", vendor.id.value);
            }
        }
    }
}

#[test]
fn add_appends_a_vendor_after_the_last_one() {
    for (name, text) in corpus() {
        let before = load(&name, &text);
        let change = Change::Add(NewVendor {
            id: "acme".to_string(),
            name: "Acme — \"the\" vendor".to_string(),
            website: Some("https://acme.example".to_string()),
            privacy_email: Some("privacy@acme.example".to_string()),
            used_from: Some(date("2024-05-01")),
            account: None,
            data: Some(vec![
                "contact.email".to_string(),
                "contact.name".to_string(),
            ]),
            law: Some(Law::Ccpa),
            notes: None,
        });
        let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
        let after = load(&name, &edited.text);
        let added = after.vendors.last().unwrap();
        assert_eq!(added.id.value, "acme", "{name}");
        assert_eq!(added.name, "Acme — \"the\" vendor");
        assert_eq!(added.law, Some(Law::Ccpa));
        assert_eq!(added.data.as_ref().unwrap().len(), 2);
        let (removed, inserted) = changed_lines(&text, &edited.text);
        assert_only_appended_to(&name, &text, &removed, &inserted);
        assert!(inserted.iter().any(|l| l.contains("[[vendor]]")), "{name}");
        assert_line_endings_kept(&name, &text, &edited.text);
        // Tables that follow the vendors stay where they are, after them.
        if let (Some(checks), Some(vendor)) = (
            edited.text.find("[checks]"),
            edited.text.find("id = \"acme\""),
        ) {
            assert!(vendor < checks, "{name}: the vendor went after [checks]");
        }
    }
}

#[test]
fn a_new_table_is_laid_out_like_its_neighbours() {
    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/edit-corpus/indented.toml"),
    )
    .unwrap();
    let before = load("indented", &text);
    let change = Change::Mark {
        id: "mailblast".to_string(),
        event: NewEvent {
            note: None,
            reference: None,
            message_id: None,
            ..event(EventKind::Reminded)
        },
    };
    let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
    assert!(
        edited.text.contains(
            "    note = 'sent by post too'\n\n  [[vendor.event]]\n    on = 2026-11-28\n    kind = 'reminded'\n\n\n[[vendor]]"
        ),
        "{}",
        edited.text
    );

    let text = std::fs::read_to_string(
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/edit-corpus/aligned.toml"),
    )
    .unwrap();
    let before = load("aligned", &text);
    let change = Change::Mark {
        id: "oldcrm".to_string(),
        event: NewEvent {
            note: None,
            reference: Some("T-9".to_string()),
            message_id: None,
            ..event(EventKind::Acknowledged)
        },
    };
    let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
    assert!(
        edited.text.contains(
            "kind = \"requested\"\n\n[[vendor.event]]\non        = 2026-11-28\nkind      = \"acknowledged\"\nreference = \"T-9\"\n\n# Still in use."
        ),
        "{}",
        edited.text
    );
}

#[test]
fn a_vendor_whose_parts_are_scattered_is_refused_not_reshuffled() {
    // TOML lets an event follow another table and still belong to the last
    // vendor. An edit there would reorder its history, so linger refuses.
    let text = format!(
        "{}[[vendor]]\nid = \"a\"\nname = \"A\"\n[checks]\nno-canary = \"allow\"\n[[vendor.event]]\non = 2020-01-01\nkind = \"requested\"\n",
        common::HEADER
    );
    let before = load("scattered", &text);
    assert_eq!(before.vendors[0].events.len(), 1);
    for change in [
        Change::Mark {
            id: "a".to_string(),
            event: event(EventKind::Reminded),
        },
        Change::Retire {
            id: "a".to_string(),
            on: date("2026-01-01"),
        },
        Change::Add(NewVendor {
            id: "b".to_string(),
            name: "B".to_string(),
            website: None,
            privacy_email: None,
            used_from: None,
            account: None,
            data: None,
            law: None,
            notes: None,
        }),
    ] {
        assert_eq!(
            apply(&text, &before, &change, date(TODAY)),
            Err(EditError::Unfaithful("a".to_string())),
            "{change:?}"
        );
    }
}

#[test]
fn an_inline_table_vendor_is_refused() {
    let text = format!(
        "vendor = [{{ id = \"a\", name = \"A\" }}]\n{}",
        common::HEADER
    );
    let before = load("inline", &text);
    let change = Change::Retire {
        id: "a".to_string(),
        on: date("2026-01-01"),
    };
    assert_eq!(
        apply(&text, &before, &change, date(TODAY)),
        Err(EditError::Unfaithful("a".to_string()))
    );
}

#[test]
fn a_new_canary_changes_one_line_or_adds_one_to_a_list_written_a_line_an_item() {
    for (name, text) in corpus() {
        let before = load(&name, &text);
        for vendor in &before.vendors {
            let id = vendor.id.value.clone();
            let address = format!("{id}.abcdefgh@canary.example");
            let change = Change::AddCanary {
                id: id.clone(),
                address: address.clone(),
            };
            let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
            let after = load(&name, &edited.text);
            let canaries = &after.vendor(&id).unwrap().canaries;
            assert_eq!(canaries.last(), Some(&address), "{name}/{id}");
            assert_eq!(&canaries[..canaries.len() - 1], &vendor.canaries[..]);
            let (removed, added) = changed_lines(&text, &edited.text);
            // An inline list is one changed line; a new key one added line;
            // a list written a line an item gains one line.
            assert!(removed.len() <= 1, "{name}/{id}: removed {removed:?}");
            // A last line without a line break gets one when a line follows.
            let new_lines: Vec<&&str> = added
                .iter()
                .filter(|line| {
                    !removed
                        .iter()
                        .any(|r| !r.contains(&address) && line.starts_with(r) && !r.ends_with('\n'))
                })
                .collect();
            assert_eq!(new_lines.len(), 1, "{name}/{id}: added {added:?}");
            assert!(new_lines[0].contains(&address), "{name}/{id}: {added:?}");
            assert_line_endings_kept(&name, &text, &edited.text);
            for other in before.vendors.iter().filter(|v| v.id.value != id) {
                let same = after.vendor(&other.id.value).unwrap();
                assert_eq!(same.canaries, other.canaries, "{name}/{id}");
                assert_eq!(same.events.len(), other.events.len(), "{name}/{id}");
            }
        }
    }
}

/// An older event goes where its date belongs, before the first event
/// or between two, and every other byte (comments, CRLF, alignment) stays.
#[test]
fn an_older_event_is_inserted_in_date_order_and_nothing_else_moves() {
    let text = "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@n.example\"\n\n\
                [[vendor]]\nid = \"a\"\nname = \"A\"\nprivacy_email = \"p@a.example\" # from the policy\n\
                used_from = 2020-01-01\ndata = [\"contact.email\"]\n\n\
                # first letter\n[[vendor.event]]\non   = 2026-10-01\nkind = \"requested\"\n\n\
                # by hand\n[[vendor.event]]\non   = 2026-11-20  # late\nkind = \"reminded\"\n";
    for text in [text.to_string(), text.replace('\n', "\r\n")] {
        let before = load("inline", &text);
        for (on, kind, order) in [
            ("2026-11-02", EventKind::Acknowledged, 1),
            ("2026-09-15", EventKind::Requested, 0),
            ("2026-11-20", EventKind::Acknowledged, 2),
        ] {
            let mut new = event(kind);
            new.on = date(on);
            let change = Change::Mark {
                id: "a".into(),
                event: new,
            };
            let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
            let after = load("inline", &edited.text);
            let events = &after.vendor("a").unwrap().events;
            assert_eq!(events.len(), 3);
            assert_eq!(
                (events[order].on.value, events[order].kind),
                (date(on), kind)
            );
            // Cut the new lines out: the file as it was, byte for byte.
            let (removed, added) = changed_lines(&text, &edited.text);
            assert!(removed.is_empty(), "{removed:?}");
            assert!(added.concat().contains(on), "{added:?}");
            assert_line_endings_kept("inline", &text, &edited.text);
            let cut = edited.text.replacen(&added.concat(), "", 1);
            assert_eq!(cut, text);
            assert!(linger::inventory::edit::landed(
                &before,
                after.vendor("a").unwrap(),
                &change
            ));
        }
        // A new privacy_email replaces one value and keeps its comment.
        let change = Change::SetPrivacyEmail {
            id: "a".into(),
            address: "dpo@a.example".into(),
        };
        let edited = apply(&text, &before, &change, date(TODAY)).unwrap();
        assert_eq!(
            edited.text,
            text.replace("\"p@a.example\" # from", "\"dpo@a.example\" # from")
        );
    }
}
