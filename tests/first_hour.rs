//! A new user's first hour (issue 30): the help a mistake gets must lead
//! somewhere safe.

mod common;

use common::linger;

/// A missing input file that is not the inventory: `linger init FILE`
/// would write a starter inventory into it, so it is never offered.
#[test]
fn a_missing_input_file_is_never_offered_linger_init() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendors.example.toml");
    std::fs::copy(&example, dir.path().join("vendors.toml")).unwrap();
    let runs: [&[&str]; 3] = [
        &[
            "letter",
            "oldcrm",
            "--kind",
            "breach-inquiry",
            "--addresses",
            "nothere.txt",
        ],
        &["trace", "nothere.eml"],
        &["subjects", "import", "oldcrm", "nothere.csv"],
    ];
    for args in runs {
        let out = linger()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("nothere."), "{args:?}: {err}");
        assert!(!err.contains("linger init"), "{args:?}: {err}");
    }
    // The inventory itself still gets the offer.
    let out = linger()
        .current_dir(dir.path())
        .args(["-f", "other.toml", "check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("linger init other.toml"), "{err}");
    assert!(!dir.path().join("nothere.txt").exists());
}
