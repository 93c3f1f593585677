//! Property: for any sequence of valid edits on any corpus style, the file
//! always loads, and what it holds (vendors, retirements, histories and the
//! state derived from them) matches a plain model of the same sequence.

mod common;

use chrono::{Days, NaiveDate};
use proptest::prelude::*;

use common::date;
use linger::inventory::edit::{Change, NewEvent, NewVendor, apply, landed, validate};
use linger::inventory::{EventKind, Inventory, parse};
use linger::status::{State, evaluate};

const TODAY: &str = "2026-11-28";

#[derive(Debug, Clone, PartialEq, Eq)]
struct ModelVendor {
    id: String,
    used_from: Option<NaiveDate>,
    retired_on: Option<NaiveDate>,
    events: Vec<(NaiveDate, EventKind)>,
}

fn model_of(inventory: &Inventory) -> Vec<ModelVendor> {
    inventory
        .vendors
        .iter()
        .map(|v| ModelVendor {
            id: v.id.value.clone(),
            used_from: v.used_from,
            retired_on: v.retired_on.as_ref().map(|r| r.value),
            events: v.events.iter().map(|e| (e.on.value, e.kind)).collect(),
        })
        .collect()
}

/// An edit in the abstract; `valid_change` turns it into one the rules allow.
#[derive(Debug, Clone)]
enum Op {
    Add,
    Retire {
        vendor: usize,
        days: u64,
    },
    Mark {
        vendor: usize,
        kind: usize,
        days: u64,
    },
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        1 => Just(Op::Add),
        2 => (any::<usize>(), 0..400u64).prop_map(|(vendor, days)| Op::Retire { vendor, days }),
        5 => (any::<usize>(), 0..EventKind::ALL.len(), 0..40u64)
            .prop_map(|(vendor, kind, days)| Op::Mark { vendor, kind, days }),
    ]
}

fn later(day: NaiveDate, days: u64, today: NaiveDate) -> NaiveDate {
    day.checked_add_days(Days::new(days)).unwrap().min(today)
}

/// The change `op` stands for, and the model after it.
fn valid_change(op: &Op, model: &mut Vec<ModelVendor>, added: &mut usize) -> Change {
    let today = date(TODAY);
    let start = date("2020-01-01");
    match *op {
        Op::Add => {
            *added += 1;
            let id = format!("added-{added}");
            model.push(ModelVendor {
                id: id.clone(),
                used_from: Some(start),
                retired_on: None,
                events: Vec::new(),
            });
            Change::Add(NewVendor {
                id,
                name: format!("Added Vendor {added} — ÆØÅ"),
                website: None,
                privacy_email: Some(format!("privacy@added-{added}.example")),
                used_from: Some(start),
                account: None,
                data: Some(vec!["contact.email".to_string()]),
                law: None,
                notes: None,
            })
        }
        Op::Retire { vendor, days } => {
            let n = model.len();
            let v = &mut model[vendor % n];
            let on = later(v.used_from.unwrap_or(start), days, today);
            v.retired_on = Some(on);
            Change::Retire {
                id: v.id.clone(),
                on,
            }
        }
        Op::Mark { vendor, kind, days } => {
            let n = model.len();
            let v = &mut model[vendor % n];
            let mut kind = EventKind::ALL[kind];
            let requested = v.events.iter().any(|(_, k)| *k == EventKind::Requested);
            if kind.needs_prior_request() && !requested {
                kind = EventKind::Requested;
            }
            // A check follows only a finished deletion.
            let finished = v.events.last().is_some_and(|(_, k)| k.is_done());
            if kind.needs_finished_deletion() && !finished {
                kind = EventKind::Confirmed;
            }
            let after = v.events.last().map_or(start, |(on, _)| *on);
            let on = later(after, days, today);
            v.events.push((on, kind));
            Change::Mark {
                id: v.id.clone(),
                event: NewEvent {
                    on,
                    kind,
                    until: (kind == EventKind::Extended)
                        .then(|| on.checked_add_days(Days::new(60)).unwrap()),
                    reason: matches!(kind, EventKind::Refused | EventKind::NotNeeded)
                        .then(|| "a reason".to_string()),
                    evidence: None,
                    evidence_sha256: None,
                    reference: None,
                    message_id: None,
                    note: Some(format!("step with 'quotes' \"both\" {days}")),
                    attachments: Vec::new(),
                },
            }
        }
    }
}

/// A corpus file, with CRLF line endings if `crlf`.
fn corpus_file(file: prop::sample::Index, crlf: bool) -> String {
    let files = common::edit_corpus();
    let (_, text) = &files[file.index(files.len())];
    if crlf {
        text.replace('\n', "\r\n")
    } else {
        text.clone()
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn edits_keep_the_file_loadable_and_match_the_model(
        file in any::<prop::sample::Index>(),
        crlf in any::<bool>(),
        ops in prop::collection::vec(op(), 1..16),
    ) {
        let today = date(TODAY);
        let mut text = corpus_file(file, crlf);
        let mut inventory = parse(&text, today).unwrap();
        let mut model = model_of(&inventory);
        let mut added = 0;
        for op in &ops {
            let op = match op {
                Op::Retire { .. } | Op::Mark { .. } if model.is_empty() => &Op::Add,
                other => other,
            };
            let change = valid_change(op, &mut model, &mut added);
            let edited = apply(&text, &inventory, &change, today)
                .unwrap_or_else(|err| panic!("{change:?}: {err}\n{text}"));
            let after = parse(&edited.text, today)
                .unwrap_or_else(|d| panic!("{change:?} broke the file: {d:#?}\n{}", edited.text));
            let vendor = validate(&inventory, &edited, &change, today)
                .unwrap_or_else(|d| panic!("{change:?} judged invalid: {d:#?}"));
            prop_assert_eq!(&vendor, &after.vendors[edited.index]);
            prop_assert!(landed(&inventory, &vendor, &change), "{:?}", change);
            text = edited.text;
            inventory = after;
        }
        prop_assert_eq!(&model_of(&inventory), &model);
        for vendor in &inventory.vendors {
            let expected = model
                .iter()
                .find(|m| m.id == vendor.id.value)
                .and_then(|m| m.events.last())
                .map_or(State::None, |(_, kind)| State::from(*kind));
            prop_assert_eq!(evaluate(&inventory, vendor, today).state, expected);
        }
        if crlf {
            prop_assert!(!text.replace("\r\n", "").contains('\n'), "a bare LF crept in");
        }
    }
}

/// Any edit, valid or not: the inputs a person could type.
#[derive(Debug, Clone)]
enum AnyEdit {
    Add {
        id: String,
        name: String,
        used_from: u32,
    },
    Retire {
        vendor: usize,
        day: u32,
    },
    Mark {
        vendor: usize,
        kind: usize,
        day: u32,
        until: Option<u32>,
        reason: Option<String>,
        note: Option<String>,
    },
}

fn text_input() -> impl Strategy<Value = String> {
    prop_oneof![
        "[a-z0-9-]{1,12}",
        "[A-Za-z ]{0,12}",
        ".{0,12}",
        Just("oldcrm".to_string()),
        Just("a\nb".to_string()),
    ]
}

fn any_edit() -> impl Strategy<Value = AnyEdit> {
    prop_oneof![
        (text_input(), text_input(), 0..5000u32).prop_map(|(id, name, used_from)| AnyEdit::Add {
            id,
            name,
            used_from
        }),
        (any::<usize>(), 0..5000u32).prop_map(|(vendor, day)| AnyEdit::Retire { vendor, day }),
        (
            any::<usize>(),
            0..EventKind::ALL.len(),
            0..5000u32,
            prop::option::of(0..5000u32),
            prop::option::of(text_input()),
            prop::option::of(text_input()),
        )
            .prop_map(|(vendor, kind, day, until, reason, note)| AnyEdit::Mark {
                vendor,
                kind,
                day,
                until,
                reason,
                note,
            }),
    ]
}

/// Days from 2014-01-01: before, during and after every corpus history,
/// and into the future.
fn day(n: u32) -> NaiveDate {
    date("2014-01-01")
        .checked_add_days(Days::new(u64::from(n)))
        .unwrap()
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    /// `validate` reads one vendor; its verdict must be the one a fresh load
    /// of the whole edited file gives, for valid and invalid edits alike.
    #[test]
    fn validating_one_vendor_agrees_with_loading_the_whole_file(
        file in any::<prop::sample::Index>(),
        crlf in any::<bool>(),
        edit in any_edit(),
    ) {
        let today = date(TODAY);
        let text = corpus_file(file, crlf);
        let inventory = parse(&text, today).unwrap();
        let ids: Vec<String> = inventory.vendors.iter().map(|v| v.id.value.clone()).collect();
        let pick = |i: usize| ids.get(i % ids.len().max(1)).cloned();
        let change = match edit {
            AnyEdit::Add { id, name, used_from } => Change::Add(NewVendor {
                id,
                name,
                website: None,
                privacy_email: None,
                used_from: Some(day(used_from)),
                account: None,
                data: None,
                law: None,
                notes: None,
            }),
            AnyEdit::Retire { vendor, day: d } => match pick(vendor) {
                Some(id) => Change::Retire { id, on: day(d) },
                None => return Ok(()),
            },
            AnyEdit::Mark { vendor, kind, day: d, until, reason, note } => match pick(vendor) {
                Some(id) => Change::Mark {
                    id,
                    event: NewEvent {
                        on: day(d),
                        kind: EventKind::ALL[kind],
                        until: until.map(day),
                        reason,
                        evidence: None,
                        evidence_sha256: None,
                        reference: None,
                        message_id: None,
                        note,
                        attachments: Vec::new(),
                    },
                },
                None => return Ok(()),
            },
        };
        let edited = apply(&text, &inventory, &change, today).unwrap();
        let fresh = parse(&edited.text, today);
        let judged = validate(&inventory, &edited, &change, today);
        match (&fresh, &judged) {
            (Ok(all), Ok(vendor)) => prop_assert_eq!(&all.vendors[edited.index], vendor),
            (Err(all), Err(one)) => prop_assert_eq!(format!("{all:?}"), format!("{one:?}")),
            _ => prop_assert!(false, "fresh load {:?}\nvalidate {:?}", fresh.map(|_| ()), judged.map(|_| ())),
        }
    }
}
