//! No input makes linger panic: random text, mutations of a real
//! inventory, deep nesting, huge files, bytes that are not UTF-8.

use linger::checks::{self, Severities};
use linger::inventory::{Source, parse};
use linger::status::evaluate;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../vendors.example.toml");

fn today() -> chrono::NaiveDate {
    "2026-11-28".parse().unwrap()
}

/// Loads, evaluates and checks whatever parses; must never panic.
fn exercise(text: &str) {
    if let Ok(inv) = parse(text, today()) {
        for vendor in &inv.vendors {
            evaluate(&inv, vendor, today());
        }
        checks::run(
            &inv,
            today(),
            &Severities::default(),
            &linger::checks::Files {
                evidence_exists: &|_| true,
                evidence_sha256: &|_| Some("0".repeat(64)),
                has_subjects: &|_| true,
                subjects_problem: &|_| None,
            },
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_text_never_panics(text in ".{0,400}") {
        exercise(&text);
    }

    #[test]
    fn mutated_inventories_never_panic(
        at in 0usize..EXAMPLE.len(),
        len in 0usize..40,
        insert in "[\\[\\]=\"'\\n a-z0-9.#{},-]{0,12}",
    ) {
        let mut text = EXAMPLE.to_string();
        let start = (0..=at).rev().find(|i| text.is_char_boundary(*i)).unwrap();
        let end = (start + len).min(text.len());
        let end = (end..=text.len()).find(|i| text.is_char_boundary(*i)).unwrap();
        text.replace_range(start..end, &insert);
        exercise(&text);
    }

    #[test]
    fn arbitrary_bytes_are_read_without_panic(bytes in proptest::collection::vec(any::<u8>(), 0..300)) {
        let source = Source::from_bytes("x.toml".into(), bytes);
        if let Some(diag) = &source.encoding_error {
            source.line_col(diag.offset());
        }
        exercise(&source.text);
    }
}

#[test]
fn the_example_loads() {
    let inv = parse(EXAMPLE, today()).expect("the example is valid");
    assert!(inv.vendors.len() >= 15);
}

#[test]
fn deep_nesting_is_an_error_not_a_stack_overflow() {
    let text = format!("x = {}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert!(parse(&text, today()).is_err());
    let text = format!("x = {}", "{ a = ".repeat(50_000));
    assert!(parse(&text, today()).is_err());
}

#[test]
fn a_50_mb_file_is_handled() {
    // A valid inventory with a 50 MB note: loads without trouble.
    let mut text = EXAMPLE.replace(
        "notes = \"Replaced by NewCRM in 2021; export done.\"",
        &format!("notes = \"{}\"", "x".repeat(50 << 20)),
    );
    let inv = parse(&text, today()).expect("loads");
    assert_eq!(inv.vendors[0].notes.as_ref().unwrap().len(), 50 << 20);
    // And 50 MB of garbage is an error, not a crash.
    text.insert(0, '=');
    assert!(parse(&text, today()).is_err());
}

#[test]
fn utf8_errors_point_at_the_byte() {
    let mut bytes = EXAMPLE.as_bytes().to_vec();
    let at = EXAMPLE.find("OldCRM Inc.").unwrap();
    bytes[at] = 0xff;
    let source = Source::from_bytes("vendors.toml".into(), bytes);
    let diag = source.encoding_error.clone().expect("an encoding error");
    let (line, column) = source.line_col(diag.offset());
    let expected_line = EXAMPLE[..at].matches('\n').count() + 1;
    assert_eq!((line, column), (expected_line, 9));
}
