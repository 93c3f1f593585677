//! Evidence that proves, and the answers `check` must not lose: `mark
//! --evidence FILE` records the file's SHA-256, `check` reports a file that
//! changed by one byte (`evidence-changed`), a letter that bounced
//! (`contact-bounced`) and a vendor's open question (`vendor-asked`), each
//! as a user runs them.

mod common;

use common::{findings, text};

use std::path::Path;
use std::process::Output;

use sha2::{Digest, Sha256};

const EXAMPLE: &str = include_str!("../vendors.example.toml");

fn run(dir: &Path, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .args(args)
        .output()
        .unwrap()
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), EXAMPLE).unwrap();
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::copy(
        root.join("evidence/surveypop-deletion-confirmation.txt"),
        dir.path()
            .join("evidence/surveypop-deletion-confirmation.txt"),
    )
    .unwrap();
    dir
}

#[test]
fn a_recorded_hash_catches_a_one_byte_change() {
    let dir = workspace();
    let file = dir.path().join("evidence/oldcrm-certificate.eml");
    let bytes = b"From: privacy@oldcrm.example\r\nSubject: Deletion certificate\r\n\r\nAll data deleted.\r\n";
    std::fs::write(&file, bytes).unwrap();
    let out = run(
        dir.path(),
        &[
            "mark",
            "oldcrm",
            "confirmed",
            "--evidence",
            "evidence/oldcrm-certificate.eml",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let hash: String = Sha256::digest(bytes)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert!(
        inventory.contains(&format!("evidence_sha256 = \"{hash}\"")),
        "{inventory}"
    );
    assert!(findings(dir.path(), "evidence-changed").is_empty());
    // The report shows the hash, for an auditor to check the file against.
    for format in ["markdown", "html"] {
        let out = run(dir.path(), &["report", "--format", format]);
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert!(text(&out.stdout).contains(&hash), "{format}");
    }

    // One byte later, the file proves nothing: an error that names it.
    let mut changed = bytes.to_vec();
    changed[60] ^= 1;
    std::fs::write(&file, &changed).unwrap();
    let found = findings(dir.path(), "evidence-changed");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "error");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("evidence/oldcrm-certificate.eml"),
        "{found:?}"
    );
    let out = run(dir.path(), &["check"]);
    assert_eq!(out.status.code(), Some(1));

    // Evidence may prove any event, and a URL has no hash to keep.
    let out = run(
        dir.path(),
        &[
            "mark",
            "mailblast",
            "acknowledged",
            "--evidence",
            "https://tickets.mailblast.example/4711",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert_eq!(inventory.matches("evidence_sha256").count(), 1);
}

#[test]
fn a_bounce_stops_the_deadline_and_asks_for_a_new_address() {
    let dir = workspace();
    let out = run(dir.path(), &["mark", "mailblast", "bounced"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let found = findings(dir.path(), "contact-bounced");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "error");
    assert!(
        found[0]["help"]
            .as_str()
            .unwrap()
            .contains("linger letter mailblast --kind request"),
        "{found:?}"
    );
    // No deadline runs for a letter that never arrived.
    assert!(
        findings(dir.path(), "response-overdue")
            .iter()
            .all(|f| f["vendor"] != "mailblast")
    );
    let out = run(dir.path(), &["show", "mailblast"]);
    let shown = text(&out.stdout);
    assert!(shown.contains("bounced"), "{shown}");
    assert!(!shown.contains("due            "), "{shown}");
}

#[test]
fn an_open_question_is_shown_until_something_happens() {
    let dir = workspace();
    let out = run(
        dir.path(),
        &[
            "mark",
            "mailblast",
            "acknowledged",
            "--note",
            "question: which workspace should we delete?",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let found = findings(dir.path(), "vendor-asked");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "warn");
    assert!(
        found[0]["message"]
            .as_str()
            .unwrap()
            .contains("which workspace should we delete?"),
        "{found:?}"
    );
    let out = run(dir.path(), &["mark", "mailblast", "reminded"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(findings(dir.path(), "vendor-asked").is_empty());
}

/// A workspace in `inventory/` below a folder that holds a secret, its
/// surveypop confirmation naming `evidence` (where `SECRET` stands for the
/// secret's absolute path) with a hash that is not the file's, and a link
/// `evidence/link.txt` to the secret. Returns the folder and the secret's
/// hash.
fn pointing_at(evidence: &str) -> (tempfile::TempDir, String) {
    let parent = tempfile::tempdir().unwrap();
    let secret = b"the API key of another project\n";
    let secret_path = parent.path().join("secret.txt");
    std::fs::write(&secret_path, secret).unwrap();
    let dir = parent.path().join("inventory");
    std::fs::create_dir_all(dir.join("evidence")).unwrap();
    #[cfg(unix)]
    std::os::unix::fs::symlink(&secret_path, dir.join("evidence/link.txt")).unwrap();
    let evidence = evidence.replace("SECRET", &secret_path.display().to_string());
    let inventory = EXAMPLE.replace(
        "evidence = \"evidence/surveypop-deletion-confirmation.txt\"",
        &format!(
            "evidence = \"{evidence}\"\nevidence_sha256 = \"{}\"",
            "0".repeat(64)
        ),
    );
    assert_ne!(inventory, EXAMPLE);
    std::fs::write(dir.join("vendors.toml"), inventory).unwrap();
    let hash: String = Sha256::digest(secret)
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    (parent, hash)
}

#[test]
fn check_hashes_no_file_outside_the_inventorys_folder() {
    for (evidence, outside) in [
        ("../secret.txt", true),
        ("evidence/../../secret.txt", true),
        ("SECRET", true),
        // A link inside the folder is not followed.
        ("evidence/link.txt", false),
    ] {
        let (parent, hash) = pointing_at(evidence);
        let dir = parent.path().join("inventory");
        let out = run(&dir, &["check", "--format", "json"]);
        let said = format!("{}{}", text(&out.stdout), text(&out.stderr));
        assert!(
            !said.contains(&hash),
            "{evidence}: the secret's hash was printed: {said}"
        );
        assert!(findings(&dir, "evidence-changed").is_empty(), "{evidence}");
        let missing = findings(&dir, "evidence-missing");
        assert_eq!(missing.len(), 1, "{evidence}: {missing:?}");
        let message = missing[0]["message"].as_str().unwrap();
        assert_eq!(
            message.contains("outside the inventory's folder"),
            outside,
            "{evidence}: {message}"
        );
        let out = run(&dir, &["check"]);
        assert!(!text(&out.stdout).contains(&hash), "{evidence}");
    }
}
