//! Shell completions and man pages, in the real tools: bash sources the
//! script `linger completions bash` prints and completes command names and
//! the vendor ids of the inventory at hand; `man -l` renders every page
//! that `linger man` writes, with troff's warnings on, and none appears.

mod common;

use std::path::Path;
use std::process::Command;

const EXAMPLE: &str = include_str!("../vendors.example.toml");

/// Completes `line` in bash, with linger's script sourced and the test's
/// binary first on the PATH; returns the candidates.
fn complete(dir: &Path, line: &str) -> Vec<String> {
    let bin = assert_cmd::cargo::cargo_bin("linger");
    let script = r#"
set -e
source <(linger completions bash)
fn=$(complete -p linger | sed -E 's/.* -F ([^ ]+) .*/\1/')
COMP_LINE="$LINE"; COMP_POINT=${#COMP_LINE}
read -ra COMP_WORDS <<< "$COMP_LINE"
if [[ "$COMP_LINE" == *" " ]]; then COMP_WORDS+=(""); fi
COMP_CWORD=$(( ${#COMP_WORDS[@]} - 1 ))
COMPREPLY=()
"$fn" linger "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD-1]}"
printf '%s\n' "${COMPREPLY[@]}"
"#;
    // The test's binary first; the rest of PATH for bash's own tools.
    #[allow(clippy::disallowed_methods)]
    let inherited = std::env::var("PATH").unwrap_or_default();
    let path = format!("{}:{inherited}", bin.parent().unwrap().display());
    let out = Command::new("bash")
        .arg("-c")
        .arg(script)
        .current_dir(dir)
        .env("PATH", path)
        .env("LINE", line)
        .env_remove("LINGER_INVENTORY")
        .output()
        .expect("bash runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(str::to_string)
        .filter(|l| !l.is_empty())
        .collect()
}

#[test]
fn bash_completes_commands_and_the_vendor_ids_of_the_inventory() {
    if !common::outside::bash("bash_completes_commands_and_the_vendor_ids_of_the_inventory") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), EXAMPLE).unwrap();
    assert_eq!(complete(dir.path(), "linger ch"), ["check"]);
    assert_eq!(complete(dir.path(), "linger loo"), ["lookalikes"]);

    let ids: Vec<String> = complete(dir.path(), "linger show ")
        .into_iter()
        .filter(|c| !c.starts_with('-'))
        .collect();
    let expected: Vec<String> = EXAMPLE
        .lines()
        .filter_map(|l| l.strip_prefix("id = \""))
        .map(|l| l.trim_end_matches('"').to_string())
        .collect();
    assert_eq!(ids, expected);
    assert_eq!(complete(dir.path(), "linger letter mail"), ["mailblast"]);
    assert_eq!(
        complete(dir.path(), "linger send old"),
        ["oldcrm", "old-newsletter"]
    );

    // From a subdirectory, the inventory up the tree; nowhere, nothing.
    let sub = dir.path().join("drafts");
    std::fs::create_dir(&sub).unwrap();
    assert_eq!(
        complete(&sub, "linger mark help"),
        ["helpdeskly", "helpdeskly-chat"]
    );
    let empty = tempfile::tempdir().unwrap();
    assert!(complete(empty.path(), "linger show x").is_empty());
}

#[test]
fn every_shell_gets_a_script() {
    for shell in ["bash", "zsh", "fish", "powershell", "elvish"] {
        let out = common::linger()
            .args(["completions", shell])
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{shell}");
        let script = String::from_utf8(out.stdout).unwrap();
        assert!(script.contains("COMPLETE"), "{shell}: {script}");
    }
}

#[test]
fn man_writes_a_page_per_command_that_man_renders_without_warnings() {
    if !common::outside::man("man_writes_a_page_per_command_that_man_renders_without_warnings") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let out = common::linger()
        .current_dir(dir.path())
        .args(["man", "-o", "pages"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let pages: Vec<_> = std::fs::read_dir(dir.path().join("pages"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    use clap::CommandFactory;
    let commands: Vec<String> = linger::cli::Cli::command()
        .get_subcommands()
        .map(|c| c.get_name().to_string())
        .collect();
    for command in &commands {
        assert!(
            pages
                .iter()
                .any(|p| p.ends_with(format!("linger-{command}.1"))),
            "no page for {command}"
        );
    }
    assert!(pages.iter().any(|p| p.ends_with("linger.1")));
    assert!(pages.iter().any(|p| p.ends_with("linger-secret-set.1")));
    for page in &pages {
        let rendered = Command::new("man")
            .args(["--warnings", "-l"])
            .arg(page)
            .env("MANWIDTH", "80")
            .env("MANPAGER", "cat")
            .output()
            .expect("man runs (apt-get install man-db; .ci/run does)");
        let warnings = String::from_utf8_lossy(&rendered.stderr);
        assert!(rendered.status.success(), "{}: {warnings}", page.display());
        assert!(warnings.trim().is_empty(), "{}: {warnings}", page.display());
        let text = String::from_utf8_lossy(&rendered.stdout);
        assert!(
            text.contains("NAME") && text.contains("SYNOPSIS"),
            "{}",
            page.display()
        );
    }
}

#[test]
fn the_man_check_sees_a_broken_page() {
    if !common::outside::man("the_man_check_sees_a_broken_page") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.1");
    std::fs::write(&page, ".TH BAD 1\n.SH NAME\nbad \\- x\n.NOSUCHMACRO\n").unwrap();
    let rendered = Command::new("man")
        .args(["--warnings", "-l"])
        .arg(&page)
        .env("MANPAGER", "cat")
        .output()
        .unwrap();
    assert!(String::from_utf8_lossy(&rendered.stderr).contains("warning"));
}
