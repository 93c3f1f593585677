//! `linger subjects import` and `list` as a user runs them: addresses from
//! a CSV export or a plain list become keyed hashes, merged or replaced;
//! no plain address and no key is ever written or printed; another key is
//! an error, never a silent mismatch.

mod common;

use common::text;

use std::path::Path;
use std::process::Output;

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const KEY: &str = "0f1e2d3c4b5a69788796a5b4c3d2e1f00f1e2d3c4b5a69788796a5b4c3d2e1f0";

fn run(dir: &Path, key: Option<&str>, args: &[&str]) -> Output {
    let mut cmd = common::linger();
    // No keyring session here: the key comes from the environment.
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent");
    if let Some(key) = key {
        cmd.env("LINGER_SUBJECTS_KEY", key);
    }
    cmd.args(args).current_dir(dir).output().unwrap()
}

#[test]
fn import_merges_replaces_and_never_writes_an_address_or_the_key() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), EXAMPLE).unwrap();
    std::fs::write(
        dir.path().join("export.csv"),
        "Name;E-Mail;Plan\nAnna;Anna.Berg@Example.com;pro\nBo;;free\nCarl;\"Carl\" <carl@bücher.example>;pro\n",
    )
    .unwrap();
    std::fs::write(
        dir.path().join("more.txt"),
        "# later signups\nanna.berg@example.com\ndora@example.com\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        Some(KEY),
        &["subjects", "import", "mailblast", "export.csv"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("2 addresses from column `E-Mail`; 1 line held no address (line 3)"),
        "{stderr}"
    );
    assert!(
        stderr.contains("Stored 2 subjects of `mailblast`"),
        "{stderr}"
    );

    // A second file adds one new subject; the repeated one counts once.
    let out = run(
        dir.path(),
        Some(KEY),
        &["subjects", "import", "mailblast", "more.txt"],
    );
    assert!(
        text(&out.stderr).contains("Stored 3 subjects"),
        "{}",
        text(&out.stderr)
    );
    let out = run(
        dir.path(),
        Some(KEY),
        &["subjects", "import", "mailblast", "more.txt", "--replace"],
    );
    assert!(
        text(&out.stderr).contains("Stored 2 subjects"),
        "{}",
        text(&out.stderr)
    );

    let file = std::fs::read(dir.path().join("subjects/mailblast.hashes")).unwrap();
    assert!(file.starts_with(b"LINGERSH"));
    for plain in ["anna.berg", "dora@", "carl@", "example.com"] {
        assert!(
            !file
                .windows(plain.len())
                .any(|w| w.eq_ignore_ascii_case(plain.as_bytes())),
            "the hash file holds {plain:?}"
        );
    }
    let list = run(dir.path(), None, &["subjects", "list"]);
    let listed = text(&list.stdout);
    assert!(
        listed.contains("mailblast") && listed.contains(" 2 "),
        "{listed}"
    );
    for output in [&out, &list] {
        assert!(!text(&output.stdout).contains(KEY) && !text(&output.stderr).contains(KEY));
    }
    // check no longer asks mailblast for a subject set (it has one).
    let check = run(dir.path(), None, &["check", "--format", "json"]);
    let json: serde_json::Value = serde_json::from_slice(&check.stdout).unwrap();
    assert!(
        json["findings"]
            .as_array()
            .unwrap()
            .iter()
            .all(|f| !(f["code"] == "subjects-missing" && f["vendor"] == "mailblast"))
    );
}

#[test]
fn another_key_a_lost_key_or_a_file_without_addresses_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), EXAMPLE).unwrap();
    std::fs::write(dir.path().join("list.txt"), "a@example.com\n").unwrap();
    std::fs::write(dir.path().join("empty.txt"), "").unwrap();
    std::fs::write(dir.path().join("none.csv"), "name,plan\nAnna,pro\n").unwrap();
    assert_eq!(
        run(
            dir.path(),
            Some(KEY),
            &["subjects", "import", "oldcrm", "list.txt"]
        )
        .status
        .code(),
        Some(0)
    );
    let before = std::fs::read(dir.path().join("subjects/oldcrm.hashes")).unwrap();

    let other = "11".repeat(32);
    let out = run(
        dir.path(),
        Some(&other),
        &["subjects", "import", "oldcrm", "list.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("made with another key"),
        "{}",
        text(&out.stderr)
    );

    let out = run(
        dir.path(),
        None,
        &["subjects", "import", "oldcrm", "list.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("subject sets made with a key exist"),
        "{}",
        text(&out.stderr)
    );

    for (file, says) in [
        ("empty.txt", "it is empty"),
        ("none.csv", "holds no e-mail address"),
    ] {
        let out = run(
            dir.path(),
            Some(KEY),
            &["subjects", "import", "oldcrm", file],
        );
        assert_eq!(out.status.code(), Some(2), "{file}");
        let stderr = text(&out.stderr);
        assert!(stderr.contains(file) && stderr.contains(says), "{stderr}");
    }
    assert_eq!(
        std::fs::read(dir.path().join("subjects/oldcrm.hashes")).unwrap(),
        before
    );
    let out = run(
        dir.path(),
        Some(KEY),
        &["subjects", "import", "nosuch", "list.txt"],
    );
    assert_eq!(out.status.code(), Some(2));
}

proptest::proptest! {
    /// Normalising twice changes nothing, and every way of writing an
    /// address (case, a display name, angle brackets, spaces) hashes alike.
    #[test]
    fn normalisation_is_stable_and_ignores_how_an_address_is_written(
        local in "[a-z][a-z0-9._+-]{0,20}",
        domain in "[a-z][a-z0-9-]{0,10}\\.(example|com|no)",
        name in "[A-Za-z ]{0,12}",
    ) {
        use linger::subjects::{Key, normalise};
        let plain = format!("{local}@{domain}");
        let once = normalise(&plain);
        proptest::prop_assume!(once.is_some());
        proptest::prop_assert_eq!(once.as_deref().and_then(normalise), once.clone());
        let key = Key::from_bytes([9; 32]);
        let expected = key.hash(once.as_ref().unwrap());
        for form in [
            plain.to_uppercase(),
            format!("  {plain}\t"),
            format!("\"{name}\" <{plain}>"),
            format!("{name} <{}>", plain.to_uppercase()),
        ] {
            let got = normalise(&form).map(|n| key.hash(&n));
            proptest::prop_assert_eq!(got, Some(expected), "{}", form);
        }
    }
}

/// The breach inquiry sends a vendor only the phished customers its
/// subject set holds (data minimisation), and says it left out the rest.
#[test]
fn a_breach_inquiry_lists_only_the_customers_the_vendors_subject_set_holds() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), EXAMPLE).unwrap();
    std::fs::write(dir.path().join("had.txt"), "anna.berg@example.com\n").unwrap();
    std::fs::write(
        dir.path().join("phished.txt"),
        "Anna.Berg@example.com\nola.hansen@example.com\n",
    )
    .unwrap();
    let out = run(
        dir.path(),
        Some(KEY),
        &["subjects", "import", "mailblast", "had.txt"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let args = [
        "letter",
        "mailblast",
        "--kind",
        "breach-inquiry",
        "--addresses",
        "phished.txt",
    ];
    let out = run(dir.path(), Some(KEY), &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let letter = text(&out.stdout)
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    assert!(letter.contains("- Anna.Berg@example.com"), "{letter}");
    assert!(!letter.contains("ola.hansen"), "{letter}");
    assert!(
        letter.contains("We have left out every other recipient"),
        "{letter}"
    );

    // Without the key, no list is sent unfiltered by mistake: an error.
    let out = run(dir.path(), None, &args);
    assert_ne!(out.status.code(), Some(0), "{}", text(&out.stdout));
}
