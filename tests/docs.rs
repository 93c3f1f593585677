//! The documentation covers what the code has: every check code has a
//! heading in docs/checks.md, every command a section in docs/cli.md.

use clap::CommandFactory;
use linger::checks::Code;

#[test]
fn every_check_code_is_documented() {
    let docs = std::fs::read_to_string("docs/checks.md").unwrap();
    let headings: Vec<&str> = docs.lines().filter_map(|l| l.strip_prefix("## ")).collect();
    for code in Code::ALL {
        assert!(
            headings.contains(&code.as_str()),
            "docs/checks.md has no `## {code}`"
        );
        let default = format!("**Default: {}.**", code.default_severity());
        let section = docs.split(&format!("## {code}\n")).nth(1).unwrap();
        assert!(
            section.trim_start().starts_with(&default),
            "{code}: the doc must say {default}"
        );
    }
    assert_eq!(
        headings.len(),
        Code::ALL.len(),
        "a heading for a code that does not exist"
    );
}

#[test]
fn every_command_is_documented() {
    let docs = std::fs::read_to_string("docs/cli.md").unwrap();
    for command in linger::cli::Cli::command().get_subcommands() {
        let heading = format!("## `linger {}", command.get_name());
        assert!(docs.contains(&heading), "docs/cli.md has no {heading}");
        for arg in command.get_arguments().filter_map(|a| a.get_long()) {
            if arg == "help" {
                continue;
            }
            assert!(
                docs.contains(&format!("--{arg}")),
                "docs/cli.md does not mention --{arg}"
            );
        }
    }
}

#[test]
fn every_data_category_is_documented() {
    let docs = std::fs::read_to_string("docs/inventory.md").unwrap();
    for name in linger::categories::CATEGORIES {
        assert!(
            docs.contains(&format!("`{name}`")),
            "docs/inventory.md lacks `{name}`"
        );
    }
}

/// Every variable a template can see, as `a.b` or `list[].field`.
fn variable_paths(value: &serde_json::Value, prefix: &str, out: &mut Vec<String>) {
    match value {
        serde_json::Value::Object(map) => {
            for (key, child) in map {
                let path = if prefix.is_empty() {
                    key.clone()
                } else {
                    format!("{prefix}.{key}")
                };
                variable_paths(child, &path, out);
            }
        }
        serde_json::Value::Array(items) if items.first().is_some_and(|i| i.is_object()) => {
            out.push(prefix.to_string());
            variable_paths(&items[0], &format!("{prefix}[]"), out);
        }
        _ => out.push(prefix.to_string()),
    }
}

#[test]
fn every_template_variable_filter_and_kind_is_in_docs_letters() {
    use linger::inventory::Language;
    use linger::letters::{FILTERS, Incident, Kind, Request, context};

    let docs = std::fs::read_to_string("docs/letters.md").unwrap();
    let fixture = std::fs::read_to_string("tests/cmd/fixtures/letters/vendors.toml").unwrap();
    let today = "2026-11-28".parse().unwrap();
    let inventory = linger::inventory::parse(&fixture, today).unwrap();
    let incident = Incident {
        phishing_domain: Some("x.example".into()),
        addresses: vec!["s9d2k4qx@canary.northwind.example".into()],
        abuse_contact: None,
        messages: vec![
            linger::letters::phish::read(
                "one.eml",
                b"From: a@x.example\r\nDate: Fri, 27 Nov 2026 08:10:00 +0000\r\n\r\nhttps://x.example/\r\n"
                    .to_vec(),
            )
            .unwrap(),
        ],
        held: None,
        include_addresses: true,
    };
    // The fixture's first vendor has every field, so every variable is set.
    let ctx = context(&Request {
        inventory: &inventory,
        vendor: &inventory.vendors[0],
        kind: Kind::Request,
        language: Language::En,
        today,
        incident: &incident,
        early: true,
    });
    let mut paths = Vec::new();
    variable_paths(&serde_json::to_value(&ctx).unwrap(), "", &mut paths);
    assert!(paths.len() > 40, "{paths:?}");
    for path in paths {
        assert!(
            docs.contains(&format!("| `{path}` |")),
            "docs/letters.md does not list the variable `{path}`"
        );
    }
    for (name, _) in FILTERS {
        assert!(docs.contains(&format!("| `{name}` |")), "filter {name}");
    }
    for kind in Kind::ALL {
        assert!(docs.contains(&format!("### `{kind}`")), "kind {kind}");
    }
}
