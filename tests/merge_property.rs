//! The merge driver's promise, over random pairs of edits (add a vendor,
//! retire one, mark an event, change a field of a vendor or of an event,
//! delete a vendor, rename its id, reorder vendors), merged in-process:
//! everything either side added or changed is in the result, and the
//! result loads, unless the merge conflicts (markers in the result) or
//! hands the file to git's line merge.

mod common;

use linger::inventory::merge::{NotMerged, merge};
use proptest::prelude::*;

#[derive(Debug, Clone)]
struct Event {
    on: String,
    kind: &'static str,
    note: Option<String>,
    reference: Option<String>,
}

#[derive(Debug, Clone)]
struct Vendor {
    id: String,
    name: String,
    retired_on: Option<String>,
    events: Vec<Event>,
}

fn text(vendors: &[Vendor]) -> String {
    let mut text = String::from(
        "schema = 1\n\n[organization]\nname = \"Northwind\"\nemail = \"privacy@northwind.example\"\n",
    );
    for v in vendors {
        text.push_str(&format!(
            "\n[[vendor]]\nid = \"{}\"\nname = \"{}\"\nused_from = 2020-01-01\n",
            v.id, v.name
        ));
        if let Some(on) = &v.retired_on {
            text.push_str(&format!("retired_on = {on}\n"));
        }
        for e in &v.events {
            text.push_str(&format!(
                "\n[[vendor.event]]\non = {}\nkind = \"{}\"\n",
                e.on, e.kind
            ));
            if let Some(note) = &e.note {
                text.push_str(&format!("note = \"{note}\"\n"));
            }
            if let Some(reference) = &e.reference {
                text.push_str(&format!("reference = \"{reference}\"\n"));
            }
        }
    }
    text
}

#[derive(Debug, Clone)]
enum Edit {
    Add {
        at: usize,
    },
    Retire {
        vendor: usize,
        day: u32,
    },
    Mark {
        vendor: usize,
        day: u32,
    },
    Name {
        vendor: usize,
    },
    EventField {
        vendor: usize,
        event: usize,
        reference: bool,
    },
    Delete {
        vendor: usize,
    },
    RenameId {
        vendor: usize,
    },
    Swap {
        vendor: usize,
    },
}

fn edit() -> impl Strategy<Value = Edit> {
    let v = 0usize..8;
    prop_oneof![
        v.clone().prop_map(|at| Edit::Add { at }),
        (v.clone(), 1u32..28).prop_map(|(vendor, day)| Edit::Retire { vendor, day }),
        (v.clone(), 1u32..28).prop_map(|(vendor, day)| Edit::Mark { vendor, day }),
        v.clone().prop_map(|vendor| Edit::Name { vendor }),
        (v.clone(), 0usize..3, any::<bool>()).prop_map(|(vendor, event, reference)| {
            Edit::EventField {
                vendor,
                event,
                reference,
            }
        }),
        v.clone().prop_map(|vendor| Edit::Delete { vendor }),
        v.clone().prop_map(|vendor| Edit::RenameId { vendor }),
        v.prop_map(|vendor| Edit::Swap { vendor }),
    ]
}

/// `base` with `edits` made on side `side` ("a" or "b"). Everything a side
/// writes is tagged `t-SIDE-N`, so that the result can be searched for it.
fn apply(base: &[Vendor], edits: &[Edit], side: &str) -> Vec<Vendor> {
    let mut vendors = base.to_vec();
    for (n, edit) in edits.iter().enumerate() {
        let tag = format!("t-{side}-{n}");
        let count = vendors.len();
        if count == 0 && !matches!(edit, Edit::Add { .. }) {
            continue;
        }
        match edit {
            Edit::Add { at } => vendors.insert(
                at % (count + 1),
                Vendor {
                    id: tag.clone(),
                    name: tag,
                    retired_on: None,
                    events: Vec::new(),
                },
            ),
            Edit::Retire { vendor, day } => {
                vendors[vendor % count].retired_on = Some(format!("2021-06-{day:02}"));
            }
            Edit::Mark { vendor, day } => {
                let events = &mut vendors[vendor % count].events;
                let month = if side == "a" { 3 } else { 4 };
                let on = format!("2022-{month:02}-{day:02}");
                if events.last().is_none_or(|e| e.on <= on) {
                    let kind = if events.is_empty() {
                        "requested"
                    } else {
                        "reminded"
                    };
                    events.push(Event {
                        on,
                        kind,
                        note: Some(tag),
                        reference: None,
                    });
                }
            }
            Edit::Name { vendor } => vendors[vendor % count].name = tag,
            Edit::EventField {
                vendor,
                event,
                reference,
            } => {
                let events = &mut vendors[vendor % count].events;
                let len = events.len();
                if len > 0 {
                    let e = &mut events[event % len];
                    if *reference {
                        e.reference = Some(tag);
                    } else {
                        e.note = Some(tag);
                    }
                }
            }
            Edit::Delete { vendor } => {
                vendors.remove(vendor % count);
            }
            Edit::RenameId { vendor } => vendors[vendor % count].id = tag,
            Edit::Swap { vendor } => {
                let i = vendor % count;
                vendors.swap(i, (i + 1) % count);
            }
        }
    }
    vendors
}

fn base() -> impl Strategy<Value = Vec<Vendor>> {
    (1usize..6).prop_map(|n| {
        (0..n)
            .map(|i| Vendor {
                id: format!("v{i}"),
                name: format!("Vendor {i}"),
                retired_on: (i % 2 == 0).then(|| "2021-01-01".to_string()),
                events: (0..i % 3)
                    .map(|k| Event {
                        on: format!("2021-02-{:02}", k + 1),
                        kind: if k == 0 { "requested" } else { "reminded" },
                        note: (k == 1).then(|| "base note".to_string()),
                        reference: None,
                    })
                    .collect(),
            })
            .collect()
    })
}

/// The tags a side wrote that are in its text.
fn tags(text: &str) -> Vec<String> {
    text.match_indices("\"t-")
        .filter_map(|(at, _)| {
            let rest = &text[at + 1..];
            rest.find('"').map(|end| rest[..end].to_string())
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn whatever_either_side_wrote_is_merged_or_the_merge_conflicts(
        base in base(),
        ours_edits in prop::collection::vec(edit(), 0..5),
        theirs_edits in prop::collection::vec(edit(), 0..5),
    ) {
        let today = common::date("2026-11-28");
        let (b, o, t) = (
            text(&base),
            text(&apply(&base, &ours_edits, "a")),
            text(&apply(&base, &theirs_edits, "b")),
        );
        for side in [&b, &o, &t] {
            let loaded = linger::inventory::parse(side, today);
            prop_assert!(loaded.is_ok(), "a side does not load: {:?}\n{}", loaded.err(), side);
        }
        let merged = match merge(&b, &o, &t, ("ours", "theirs"), today) {
            Ok(merged) => merged,
            // Left to git's line merge, which marks its conflicts.
            Err(NotMerged::WouldNotLoad(_)) => return Ok(()),
            Err(why) => {
                prop_assert!(false, "well-formed sides are cut into vendors: {why}");
                unreachable!()
            }
        };
        // Nothing is lost: in a conflict, both versions are in the markers.
        for tag in tags(&o).into_iter().chain(tags(&t)) {
            prop_assert!(
                merged.text.contains(&format!("\"{tag}\"")),
                "{} is lost:\n{}\n--- ours\n{}\n--- theirs\n{}",
                tag, merged.text, o, t
            );
        }
        if merged.conflicts == 0 {
            let loaded = linger::inventory::parse(&merged.text, today);
            prop_assert!(loaded.is_ok(), "{:?}\n{}", loaded.err(), merged.text);
            prop_assert!(!merged.text.contains("<<<<<<<"));
            // Each event either side added is one event of the result.
            let inventory = loaded.unwrap();
            for tag in tags(&o).into_iter().chain(tags(&t)).filter(|t| !b.contains(t.as_str())) {
                let events = inventory
                    .vendors
                    .iter()
                    .flat_map(|v| &v.events)
                    .filter(|e| e.note.as_deref() == Some(tag.as_str()) || e.reference.as_deref() == Some(tag.as_str()))
                    .count();
                let named = inventory
                    .vendors
                    .iter()
                    .any(|v| v.id.value == tag || v.name == tag);
                prop_assert!(events == 1 || (events == 0 && named), "{} is in {} events:\n{}", tag, events, merged.text);
            }
        } else {
            prop_assert_eq!(
                merged.text.matches("\n<<<<<<< ours").count() + usize::from(merged.text.starts_with("<<<<<<< ours")),
                merged.conflicts,
                "{}", merged.text
            );
        }
    }
}

/// Lines an inventory (or a hostile one) is made of.
const LINES: &[&str] = &[
    "[[vendor]]\n",
    "[[ \"vendor\" ]] # c\n",
    "[[vendor.event]]\n",
    "[imap]\n",
    "[policy]\n",
    "id = \"a\"\n",
    "id = \"b\"\n",
    "id = 'c' # c\n",
    "name = \"N\"\n",
    "used_from = 2020-01-01\n",
    "retired_on = 2021-01-01\n",
    "on = 2022-01-01\n",
    "on = 2022-02-01\n",
    "kind = \"requested\"\n",
    "kind = \"reminded\"\n",
    "note = \"\"\"\n",
    "\"\"\"\n",
    "data = [\n",
    "]\n",
    "host = \"h\"\n",
    "# a comment\n",
    "\n",
    "\r\n",
    "x\n",
    "= [ {\n",
];

fn soup() -> impl Strategy<Value = String> {
    prop::collection::vec(prop::sample::select(LINES), 0..24).prop_map(|lines| lines.concat())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn any_three_texts_merge_without_a_panic_and_a_clean_merge_loads(
        base in soup(),
        ours in soup(),
        theirs in soup(),
    ) {
        let today = common::date("2026-11-28");
        let header = "schema = 1\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n";
        let (b, o, t) = (format!("{header}{base}"), format!("{header}{ours}"), format!("{header}{theirs}"));
        if let Ok(merged) = merge(&b, &o, &t, ("ours", "theirs"), today)
            && merged.conflicts == 0
            && o != t && b != t && b != o
        {
            let loaded = linger::inventory::parse(&merged.text, today);
            prop_assert!(loaded.is_ok(), "{:?}\n{}", loaded.err(), merged.text);
        }
    }
}
