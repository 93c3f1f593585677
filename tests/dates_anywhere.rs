//! Any date, anywhere a command takes one (flags, the environment), ends in
//! exit 0, 1 or 2: never a panic (101), however far from today.

mod common;

use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../vendors.example.toml");

/// A date as a user might type it, from far before year 0 to far beyond
/// 9999, with the edges of linger's range and chrono's calendar included.
fn any_date() -> impl Strategy<Value = String> {
    prop_oneof![
        (-300_000i32..300_000, 1u32..=12, 1u32..=31).prop_map(|(y, m, d)| {
            if (0..=9999).contains(&y) {
                format!("{y:04}-{m:02}-{d:02}")
            } else {
                format!("{y:+}-{m:02}-{d:02}")
            }
        }),
        prop::sample::select(vec![
            "1900-01-01".to_string(),
            "1899-12-31".into(),
            "9999-12-31".into(),
            "+10000-01-01".into(),
            "-0001-01-01".into(),
            "+262143-12-31".into(),
            "-262144-01-01".into(),
            "0000-01-01".into(),
        ]),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn no_date_makes_a_command_panic(date in any_date()) {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("vendors.toml"), EXAMPLE).unwrap();
        let today = format!("--today={date}");
        let on = format!("--on={date}");
        let until = format!("--until={date}");
        let used_from = format!("--used-from={date}");
        let runs: Vec<Vec<&str>> = vec![
            vec![&today, "check"],
            vec![&today, "overdue", "--upcoming", "30"],
            vec![&today, "show", "vendasbr"],
            vec![&today, "letter", "oldcrm", "--format", "eml"],
            vec![&today, "letters", "--due", "-o", "drafts"],
            vec!["retire", "newcrm", &on],
            vec!["mark", "oldcrm", "requested", &on],
            vec!["mark", "mailblast", "extended", &until],
            vec!["add", "acme", "--name", "Acme", &used_from],
        ];
        for args in runs {
            let out = common::linger().args(&args).current_dir(dir.path()).output().unwrap();
            let code = out.status.code();
            prop_assert!(
                matches!(code, Some(0..=2)),
                "{args:?} exited {code:?}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
        }
        let out = common::linger()
            .env("LINGER_TODAY", &date)
            .args(["letter", "oldcrm", "--format", "eml"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        prop_assert!(matches!(out.status.code(), Some(0..=2)), "LINGER_TODAY={date}");
    }
}

#[test]
fn a_date_outside_the_range_in_the_file_is_a_located_error() {
    let errors = common::load_errors(
        "[[vendor]]\nid = \"v\"\nname = \"V\"\nretired_on = 1899-12-31\n",
        "2026-11-28",
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(errors[0].0.contains("outside the dates linger accepts"));
    assert_eq!(errors[0].1, 8);
}
