//! The JSON Schema of `vendors.toml` agrees with the loader: every fixture
//! the loader accepts validates, and every fixture it rejects for a shape
//! error (a wrong type, an unknown key, a bad keyword) fails the schema
//! too. `vendors.schema.json` is what `linger schema` prints, and `init`
//! points the new inventory at it.

mod common;

use std::path::Path;

use serde_json::Value;

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const SHIPPED: &str = include_str!("../vendors.schema.json");

fn schema_text() -> String {
    let out = common::linger().arg("schema").output().unwrap();
    assert_eq!(out.status.code(), Some(0));
    String::from_utf8(out.stdout).unwrap()
}

fn validator() -> jsonschema::Validator {
    let schema: Value = serde_json::from_str(&schema_text()).unwrap();
    jsonschema::options()
        .with_draft(jsonschema::Draft::Draft202012)
        .should_validate_formats(true)
        .build(&schema)
        .expect("the schema compiles against the 2020-12 meta-schema")
}

/// TOML as the JSON an editor's schema check sees: dates become strings.
fn to_json(value: toml::Value) -> Value {
    match value {
        toml::Value::String(s) => Value::String(s),
        toml::Value::Integer(i) => Value::from(i),
        toml::Value::Float(f) => Value::from(f),
        toml::Value::Boolean(b) => Value::Bool(b),
        toml::Value::Datetime(d) => Value::String(d.to_string()),
        toml::Value::Array(items) => Value::Array(items.into_iter().map(to_json).collect()),
        toml::Value::Table(table) => {
            Value::Object(table.into_iter().map(|(k, v)| (k, to_json(v))).collect())
        }
    }
}

fn schema_errors(validator: &jsonschema::Validator, text: &str) -> Vec<String> {
    let value: toml::Value = toml::from_str(text).expect("the fixture is TOML");
    let json = to_json(value);
    validator
        .iter_errors(&json)
        .map(|e| format!("{e} at {}", e.instance_path()))
        .collect()
}

/// The exit status of `linger check` on `text`.
fn loader_status(text: &str) -> (Option<i32>, String) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, text).unwrap();
    let out = common::linger()
        .arg("-f")
        .arg(&path)
        .arg("check")
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[test]
fn the_shipped_schema_is_what_linger_prints() {
    assert_eq!(
        SHIPPED,
        schema_text(),
        "vendors.schema.json is stale: run `cargo run -- schema -o vendors.schema.json`"
    );
}

#[test]
fn every_inventory_the_loader_accepts_validates() {
    let validator = validator();
    let mut fixtures: Vec<(String, String)> = vec![
        ("vendors.example.toml".into(), EXAMPLE.into()),
        ("the starter".into(), linger::commands::init::STARTER.into()),
        (
            "every authority".into(),
            common::example_with_every_authority(),
        ),
    ];
    let corpus = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/edit-corpus");
    for entry in std::fs::read_dir(corpus).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "toml") {
            fixtures.push((
                path.display().to_string(),
                std::fs::read_to_string(&path).unwrap(),
            ));
        }
    }
    let incident = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/incident/vendors.toml");
    if let Ok(text) = std::fs::read_to_string(&incident) {
        fixtures.push((incident.display().to_string(), text));
    }
    assert!(fixtures.len() >= 9, "{}", fixtures.len());
    for (name, text) in fixtures {
        let (status, stderr) = loader_status(&text);
        assert!(
            matches!(status, Some(0 | 1)),
            "{name} does not load: {stderr}"
        );
        let errors = schema_errors(&validator, &text);
        assert!(errors.is_empty(), "{name}: {errors:#?}");
    }
}

#[test]
fn every_shape_error_the_loader_rejects_fails_the_schema_too() {
    let validator = validator();
    let vendor = "[[vendor]]\nid = \"oldcrm\"\n";
    let event = "[[vendor.event]]\non = 2026-09-21\nkind = \"requested\"\n";
    let cases: Vec<(&str, String)> = vec![
        // Unknown keys, at every level.
        ("unknown top-level key", EXAMPLE.replace("schema = 1\n", "schema = 1\nvendors = []\n")),
        ("unknown organization key", EXAMPLE.replace("law = \"gdpr\"\n", "law = \"gdpr\"\nphone = \"1\"\n")),
        ("unknown policy key", EXAMPLE.replace("reminder_days = 14\n", "reminder_days = 14\ngrace = 3\n")),
        ("unknown vendor key", EXAMPLE.replace(vendor, &format!("{vendor}owner = \"x\"\n"))),
        ("unknown event key", EXAMPLE.replace(event, &format!("{event}by = \"x\"\n"))),
        ("unknown authority key", EXAMPLE.replace("email = \"postkasse@datatilsynet.no\" }", "email = \"postkasse@datatilsynet.no\", phone = \"1\" }")),
        ("a password in [smtp]", EXAMPLE.replace("[policy]", "[smtp]\nhost = \"smtp.example.com\"\npassword = \"x\"\n\n[policy]")),
        ("a field of another kind", EXAMPLE.replace(event, &format!("{event}until = 2026-01-01\n"))),
        // Wrong types.
        ("name is a number", EXAMPLE.replace("name = \"OldCRM Inc.\"", "name = 7")),
        // (A quoted date, `"2021-02-15"`, is the one shape error a schema
        // cannot see: editors hand TOML dates to JSON Schema as strings, so
        // a date and a string of one look the same. `linger check` says so.)
        ("a date that is not one", EXAMPLE.replace("retired_on = 2021-02-15", "retired_on = \"last spring\"")),
        ("data is a string", EXAMPLE.replacen("data = [\"contact.email\", \"contact.name\", \"financial.invoice\"]", "data = \"contact.email\"", 1)),
        ("records is negative", EXAMPLE.replace("records = 12400", "records = -1")),
        ("weekend_rollover is a string", EXAMPLE.replace("weekend_rollover = true", "weekend_rollover = \"yes\"")),
        ("schema is 2", EXAMPLE.replace("schema = 1\n", "schema = 2\n")),
        ("reminder_days out of range", EXAMPLE.replace("reminder_days = 14", "reminder_days = 0")),
        ("organization missing", "schema = 1\n".to_string()),
        ("vendor without a name", EXAMPLE.replacen("name = \"OldCRM Inc.\"\n", "", 1)),
        ("an id with capitals", EXAMPLE.replace("id = \"oldcrm\"", "id = \"OldCRM\"")),
        ("extended without until", EXAMPLE.replace(event, "[[vendor.event]]\non = 2026-09-21\nkind = \"requested\"\n\n[[vendor.event]]\non = 2026-09-22\nkind = \"extended\"\n")),
        // Bad keywords.
        ("a misspelt law", EXAMPLE.replace("law = \"gdpr\"", "law = \"gdrp\"")),
        ("an unknown language", EXAMPLE.replace("language = \"en\"", "language = \"fr\"")),
        ("an unknown event kind", EXAMPLE.replace("kind = \"requested\"", "kind = \"deleted\"")),
        ("an unknown severity", EXAMPLE.replace("no-canary = \"warn\"", "no-canary = \"fatal\"")),
        ("an unknown check code", EXAMPLE.replace("no-canary = \"warn\"", "no-canary = \"warn\"\nno-such-check = \"warn\"")),
        ("an unknown smtp security", EXAMPLE.replace("[policy]", "[smtp]\nhost = \"smtp.example.com\"\nsecurity = \"ssl\"\n\n[policy]")),
    ];
    for (what, text) in cases {
        assert_ne!(text, EXAMPLE, "{what}: the mutation did not apply");
        let (status, stderr) = loader_status(&text);
        assert_eq!(status, Some(2), "{what}: the loader accepted it");
        assert!(stderr.contains("error"), "{what}: {stderr}");
        let errors = schema_errors(&validator, &text);
        assert!(
            !errors.is_empty(),
            "{what}: the schema accepted what the loader rejects"
        );
    }
}

#[test]
fn init_points_the_new_inventory_at_the_schema_beside_it() {
    let dir = tempfile::tempdir().unwrap();
    let out = common::linger()
        .current_dir(dir.path())
        .arg("init")
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0));
    let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert_eq!(
        inventory.lines().next(),
        Some("#:schema ./vendors.schema.json")
    );
    let schema = std::fs::read_to_string(dir.path().join("vendors.schema.json")).unwrap();
    assert_eq!(schema, SHIPPED);
    // The new inventory loads, and validates against the schema it names.
    let (status, stderr) = loader_status(&inventory);
    assert!(matches!(status, Some(0 | 1)), "{stderr}");
    assert!(schema_errors(&validator(), &inventory).is_empty());

    // A second init elsewhere in the same directory leaves the schema be.
    std::fs::write(dir.path().join("vendors.schema.json"), "{}").unwrap();
    let again = common::linger()
        .current_dir(dir.path())
        .args(["init", "other.toml"])
        .output()
        .unwrap();
    assert_eq!(again.status.code(), Some(0));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.schema.json")).unwrap(),
        "{}"
    );
}

#[test]
fn taplo_checks_an_inventory_against_the_schema_its_first_line_names() {
    // taplo, the TOML toolkit behind Even Better TOML: `.ci/run` installs
    // its CLI from npm under `.ci/tools`.
    let Some(taplo) =
        common::outside::taplo("taplo_checks_an_inventory_against_the_schema_its_first_line_names")
    else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.schema.json"), SHIPPED).unwrap();
    let path = dir.path().join("vendors.toml");
    let check = |text: &str| {
        std::fs::write(&path, format!("#:schema ./vendors.schema.json\n{text}")).unwrap();
        std::process::Command::new(&taplo)
            .current_dir(dir.path())
            .args(["check", "vendors.toml"])
            .env("RUST_LOG", "error")
            .output()
            .unwrap()
    };
    let good = check(EXAMPLE);
    assert!(
        good.status.success(),
        "{}",
        String::from_utf8_lossy(&good.stderr)
    );
    let bad = check(&EXAMPLE.replace("law = \"gdpr\"", "law = \"gdrp\""));
    assert!(!bad.status.success());
    let stderr = String::from_utf8_lossy(&bad.stderr);
    assert!(stderr.contains("\"gdrp\" is not one of"), "{stderr}");
    // Line 12: the example's line 11, below the `#:schema` line.
    assert!(stderr.contains("vendors.toml:12:7"), "{stderr}");
}
