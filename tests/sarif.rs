//! `check --format sarif`, validated against the official SARIF 2.1.0
//! schema (vendored under tests/data/sarif with its licence), with the
//! rules, locations and fingerprints code scanning relies on.

mod common;

use serde_json::Value;

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const SCHEMA: &str = include_str!("data/sarif/sarif-2.1.0-rtm.5.json");

fn sarif(inventory: &str, today: &str) -> Value {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), inventory).unwrap();
    let out = common::linger()
        .current_dir(dir.path())
        .env("LINGER_TODAY", today)
        .args(["check", "--format", "sarif"])
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}

fn validate(log: &Value) {
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::options()
        .should_validate_formats(true)
        .build(&schema)
        .expect("the SARIF schema compiles");
    let errors: Vec<String> = validator
        .iter_errors(log)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn the_example_is_valid_sarif_with_a_rule_per_code_and_a_located_result_per_finding() {
    let log = sarif(EXAMPLE, "2026-11-28");
    validate(&log);
    let run = &log["runs"][0];
    let rules = run["tool"]["driver"]["rules"].as_array().unwrap();
    assert_eq!(rules.len(), linger::checks::Code::ALL.len());
    let request_overdue = rules.iter().find(|r| r["id"] == "request-overdue").unwrap();
    assert!(
        request_overdue["fullDescription"]["text"]
            .as_str()
            .unwrap()
            .len()
            > 40
    );
    assert!(
        request_overdue["help"]["markdown"]
            .as_str()
            .unwrap()
            .contains("*Fix:*")
    );
    assert_eq!(request_overdue["defaultConfiguration"]["level"], "error");

    // The same findings as the JSON output, at the same places.
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), EXAMPLE).unwrap();
    let json: Value = serde_json::from_slice(
        &common::linger()
            .current_dir(dir.path())
            .args(["check", "--format", "json"])
            .output()
            .unwrap()
            .stdout,
    )
    .unwrap();
    let findings = json["findings"].as_array().unwrap();
    let results = run["results"].as_array().unwrap();
    assert_eq!(results.len(), findings.len());
    for (result, finding) in results.iter().zip(findings) {
        assert_eq!(result["ruleId"], finding["code"]);
        let rule = &rules[result["ruleIndex"].as_u64().unwrap() as usize];
        assert_eq!(rule["id"], finding["code"]);
        let region = &result["locations"][0]["physicalLocation"]["region"];
        assert_eq!(region["startLine"], finding["line"]);
        assert_eq!(region["startColumn"], finding["column"]);
        assert_eq!(
            result["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
            "vendors.toml"
        );
        let level = match finding["severity"].as_str().unwrap() {
            "error" => "error",
            "warn" => "warning",
            _ => "note",
        };
        assert_eq!(result["level"], level);
    }
}

#[test]
fn fingerprints_are_unique_and_stay_the_same_on_another_day() {
    let fingerprints = |log: &Value| -> Vec<String> {
        log["runs"][0]["results"]
            .as_array()
            .unwrap()
            .iter()
            .map(|r| {
                r["partialFingerprints"]["lingerFinding/v1"]
                    .as_str()
                    .unwrap()
                    .to_string()
            })
            .collect()
    };
    let today = sarif(EXAMPLE, "2026-11-28");
    let later = sarif(EXAMPLE, "2026-11-29");
    // The labels count the days; the fingerprints do not change.
    assert_eq!(fingerprints(&today), fingerprints(&later));
    let mut unique = fingerprints(&today);
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), fingerprints(&today).len());
    assert!(fingerprints(&today).contains(&"oldcrm:request-overdue".to_string()));
}

#[test]
fn the_validation_catches_a_broken_log() {
    // The schema check is not vacuous: a result without a message fails.
    let mut log = sarif(EXAMPLE, "2026-11-28");
    log["runs"][0]["results"][0]
        .as_object_mut()
        .unwrap()
        .remove("message");
    let schema: Value = serde_json::from_str(SCHEMA).unwrap();
    let validator = jsonschema::validator_for(&schema).unwrap();
    assert!(!validator.is_valid(&log));
}

/// The artifact of the first result, and the root it is relative to.
fn located(log: &Value) -> (String, String, String) {
    let run = &log["runs"][0];
    let artifact = &run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"];
    (
        artifact["uri"].as_str().unwrap().to_string(),
        artifact["uriBaseId"].as_str().unwrap().to_string(),
        run["originalUriBaseIds"]["%SRCROOT%"]["uri"]
            .as_str()
            .unwrap()
            .to_string(),
    )
}

fn sarif_from(cwd: &std::path::Path, args: &[&str], env: Option<&std::path::Path>) -> Value {
    let mut cmd = common::linger();
    cmd.current_dir(cwd);
    if let Some(path) = env {
        cmd.env("LINGER_INVENTORY", path);
    }
    let out = cmd
        .args(["check", "--format", "sarif"])
        .args(args)
        .output()
        .unwrap();
    assert!(
        matches!(out.status.code(), Some(0 | 1)),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let log: Value = serde_json::from_slice(&out.stdout).unwrap();
    validate(&log);
    log
}

#[test]
fn the_inventory_is_named_relative_to_the_repository_wherever_linger_runs() {
    let dir = tempfile::tempdir().unwrap();
    let repo = std::fs::canonicalize(dir.path()).unwrap().join("repo");
    std::fs::create_dir_all(repo.join(".git")).unwrap();
    std::fs::create_dir_all(repo.join("privacy")).unwrap();
    std::fs::create_dir_all(repo.join("src/deep")).unwrap();
    let inventory = repo.join("privacy/vendors.toml");
    std::fs::write(&inventory, EXAMPLE).unwrap();
    let root = format!("file://{}/", repo.display());
    let want = (
        "privacy/vendors.toml".to_string(),
        "%SRCROOT%".to_string(),
        root.clone(),
    );
    // From the root, a subdirectory, a sibling with `../`, an absolute
    // path, and LINGER_INVENTORY.
    assert_eq!(
        located(&sarif_from(&repo, &["-f", "privacy/vendors.toml"], None)),
        want
    );
    assert_eq!(located(&sarif_from(&repo.join("privacy"), &[], None)), want);
    assert_eq!(
        located(&sarif_from(
            &repo.join("src/deep"),
            &["-f", "../../privacy/vendors.toml"],
            None
        )),
        want
    );
    assert_eq!(
        located(&sarif_from(
            dir.path(),
            &["-f", inventory.to_str().unwrap()],
            None
        )),
        want
    );
    assert_eq!(
        located(&sarif_from(dir.path(), &[], Some(&inventory))),
        want
    );
    // --sarif-root overrides; a root the file is not in is refused.
    let log = sarif_from(
        &repo,
        &["-f", "privacy/vendors.toml", "--sarif-root", "privacy"],
        None,
    );
    assert_eq!(located(&log).0, "vendors.toml");
    let out = common::linger()
        .current_dir(&repo)
        .args([
            "-f",
            "privacy/vendors.toml",
            "check",
            "--format",
            "sarif",
            "--sarif-root",
            "src",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    // Every rule has a PascalCase name apart from its id.
    let rules = log["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    for rule in rules {
        let name = rule["name"].as_str().unwrap();
        assert_ne!(name, rule["id"].as_str().unwrap());
        assert!(
            name.chars().next().unwrap().is_ascii_uppercase() && !name.contains('-'),
            "{name}"
        );
    }
}
