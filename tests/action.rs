//! The GitHub Action (action.yml), run here as GitHub would run its steps:
//! its scripts with the action's inputs in `INPUT_*` variables, a step
//! summary file, and linger on the PATH, in a git repository. No GitHub
//! needed; the upload step is GitHub's own action.

mod common;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const ACTION: &str = include_str!("../action.yml");

fn script(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("action")
        .join(name)
}

/// Runs an action script in `repo` with `inputs`, the test's binary first
/// on the PATH.
fn step(repo: &Path, name: &str, inputs: &[(&str, &str)], summary: &Path) -> Output {
    let bin = assert_cmd::cargo::cargo_bin("linger");
    #[allow(clippy::disallowed_methods)]
    let inherited = std::env::var("PATH").unwrap_or_default();
    let mut cmd = Command::new("bash");
    cmd.arg(script(name))
        .current_dir(repo)
        .env(
            "PATH",
            format!("{}:{inherited}", bin.parent().unwrap().display()),
        )
        .env("LINGER_TODAY", "2026-11-28")
        .env("GITHUB_STEP_SUMMARY", summary)
        .env_remove("LINGER_INVENTORY");
    for (name, value) in inputs {
        cmd.env(format!("INPUT_{name}"), value);
    }
    cmd.output().unwrap()
}

#[test]
fn the_actions_steps_check_upload_and_fail_on_overdue_as_asked() {
    if !common::outside::bash("the_actions_steps_check_upload_and_fail_on_overdue_as_asked") {
        return;
    }
    // The steps action.yml runs are the scripts tested here.
    for name in ["install.sh", "check.sh", "overdue.sh"] {
        assert!(ACTION.contains(&format!("action/{name}")), "{name}");
        assert!(script(name).exists(), "{name}");
    }
    assert!(ACTION.contains("github/codeql-action/upload-sarif"));

    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("privacy")).unwrap();
    std::fs::write(repo.join("privacy/vendors.toml"), EXAMPLE).unwrap();
    let summary = repo.join("summary.md");

    // install: linger is on the PATH already, so nothing is built.
    let out = step(repo, "install.sh", &[], &summary);
    common::assert_success(&out);
    assert!(String::from_utf8_lossy(&out.stdout).contains("linger 0.1"));

    // check: findings do not fail the step; the SARIF names the file
    // relative to the repository; the summary has the findings as text.
    let inputs = [
        ("INVENTORY", "privacy/vendors.toml"),
        ("SARIF", "out.sarif"),
    ];
    let out = step(repo, "check.sh", &inputs, &summary);
    common::assert_success(&out);
    let log: serde_json::Value =
        serde_json::from_slice(&std::fs::read(repo.join("out.sarif")).unwrap()).unwrap();
    let location =
        &log["runs"][0]["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    assert_eq!(location["uri"], "privacy/vendors.toml");
    assert_eq!(location["uriBaseId"], "%SRCROOT%");
    let written = std::fs::read_to_string(&summary).unwrap();
    assert!(
        written.contains("## linger check") && written.contains("error[request-overdue]"),
        "{written}"
    );

    // A missing inventory fails the step with a word on what to set.
    let out = step(repo, "check.sh", &[("INVENTORY", "nowhere.toml")], &summary);
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error::no inventory at nowhere.toml"));

    // logins: the exports the input names (a glob) go to `check --logins`;
    // one that names nothing fails the step.
    std::fs::create_dir_all(repo.join("exports")).unwrap();
    std::fs::write(
        repo.join("exports/okta.json"),
        r#"[{"eventType": "user.authentication.sso", "published": "2026-11-20T08:00:00.000Z",
            "actor": {"id": "00u1", "type": "User", "alternateId": "a@n.example", "displayName": "A"},
            "outcome": {"result": "SUCCESS", "reason": null}, "uuid": "5b8a1c9e", "version": "0",
            "target": [{"id": "0oa1", "type": "AppInstance", "alternateId": "QuizBox", "displayName": "QuizBox", "detailEntry": null}]}]"#,
    )
    .unwrap();
    let with_logins = [
        ("INVENTORY", "privacy/vendors.toml"),
        ("SARIF", "logins.sarif"),
        ("LOGINS", "exports/*.json"),
    ];
    let out = step(repo, "check.sh", &with_logins, &summary);
    common::assert_success(&out);
    let sarif = std::fs::read_to_string(repo.join("logins.sarif")).unwrap();
    assert!(
        sarif.contains("unlisted-app") && sarif.contains("QuizBox"),
        "{sarif}"
    );
    let out = step(
        repo,
        "check.sh",
        &[
            ("INVENTORY", "privacy/vendors.toml"),
            ("LOGINS", "exports/none-*.ndjson"),
        ],
        &summary,
    );
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error::the logins input names"));

    // overdue: fails while a deadline has passed, passes when none has.
    let out = step(
        repo,
        "overdue.sh",
        &[("INVENTORY", "privacy/vendors.toml")],
        &summary,
    );
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("::error::deletions are overdue"));
    std::fs::write(
        repo.join("clean.toml"),
        "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@n.example\"\n",
    )
    .unwrap();
    let out = step(repo, "overdue.sh", &[("INVENTORY", "clean.toml")], &summary);
    common::assert_success(&out);
}
