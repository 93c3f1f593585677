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
        canary_mail: linger::letters::canary_mail::read(
            "canary.eml",
            b"Delivered-To: s9d2k4qx@canary.northwind.example\r\nFrom: a@x.example\r\n\
              Subject: Hello\r\nDate: Fri, 27 Nov 2026 08:10:00 +0000\r\n\r\nHi\r\n"
                .to_vec(),
            &inventory.vendors[0],
        )
        .unwrap(),
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

/// A cache time as docs/online.md says it: "1 hour", "24 hours", "7 days".
fn duration_words(ttl: std::time::Duration) -> String {
    let hours = ttl.as_secs() / 3600;
    match hours {
        1 => "1 hour".to_string(),
        h if h > 24 && h % 24 == 0 => format!("{} days", h / 24),
        h => format!("{h} hours"),
    }
}

#[test]
fn the_online_sources_table_in_docs_online_is_the_one_in_the_code() {
    use linger::net::http::size;
    use linger::online::sources::{DefaultUrl, SOURCES};

    let docs = std::fs::read_to_string("docs/online.md").unwrap();
    let header = "| source | option | variable | default | answer limit | cached for |";
    let table: Vec<&str> = docs
        .lines()
        .skip_while(|l| *l != header)
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .collect();
    let expected: Vec<String> = SOURCES
        .iter()
        .map(|source| {
            let default = match source.default {
                DefaultUrl::Url(url) => format!("`{url}`"),
                DefaultUrl::Derived(words) => words.to_string(),
            };
            format!(
                "| {} | `--{}` | `{}` | {default} | {} | {} |",
                source.name,
                source.long(),
                source.env,
                size(source.limit),
                duration_words(source.ttl)
            )
        })
        .collect();
    assert_eq!(table, expected, "docs/online.md, under `{header}`");

    // The table of what is sent to each source agrees on the defaults and
    // cache times too.
    let sent = docs
        .split("| source | default | what linger sends |")
        .nth(1)
        .expect("the table of what is sent");
    for source in &SOURCES {
        let row = sent
            .lines()
            .skip(1)
            .take_while(|l| l.starts_with('|'))
            .find(|l| l.contains(&format!("`{}`", source.env)))
            .unwrap_or_else(|| panic!("no row names `{}`", source.env));
        if let Some(url) = source.default_url() {
            assert!(row.contains(&format!("`{url}`")), "{row}");
        }
        assert!(
            row.ends_with(&format!("| {} |", duration_words(source.ttl))),
            "{row}"
        );
    }
}

#[test]
fn every_online_source_is_an_option_with_its_variable_and_default() {
    use linger::online::sources::SOURCES;

    let cli = linger::cli::Cli::command();
    let check = cli.find_subcommand("check").unwrap();
    for source in &SOURCES {
        let arg = check
            .get_arguments()
            .find(|a| a.get_id() == source.arg)
            .unwrap_or_else(|| panic!("`check` has no {}", source.arg));
        assert_eq!(arg.get_long(), Some(source.long().as_str()));
        assert_eq!(
            arg.get_env().and_then(|e| e.to_str()),
            Some(source.env),
            "{}",
            source.arg
        );
        let default: Vec<_> = arg
            .get_default_values()
            .iter()
            .filter_map(|v| v.to_str())
            .collect();
        assert_eq!(
            default,
            source.default_url().into_iter().collect::<Vec<_>>()
        );
        assert_eq!(
            arg.get_help().map(ToString::to_string).as_deref(),
            Some(source.help)
        );
    }
}
