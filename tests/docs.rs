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
    for (name, _) in linger::categories::CATEGORIES {
        assert!(
            docs.contains(&format!("`{name}`")),
            "docs/inventory.md lacks `{name}`"
        );
    }
}
