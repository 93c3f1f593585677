//! The examples the docs show are what linger prints (issue 30): each
//! read-only command of the README's tour is run on the example inventory,
//! on the README's date, and every output line the README shows must be a
//! line of the real output, in order (`...` stands for lines left out, `…`
//! inside a line for text cut short). `docs/cli.md`'s JSON summary is held
//! to the real one the same way.

mod common;

use std::path::Path;

/// The README's `$ linger ...` commands whose output does not depend on
/// the network, the mail on someone's disk or what ran before.
const READ_ONLY: [&str; 4] = ["check", "overdue", "show", "letter"];

/// Each console block's commands with the output lines shown under them.
fn examples(markdown: &str) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    let mut inside = false;
    for line in markdown.lines() {
        if line.starts_with("```") {
            inside = line == "```console";
            continue;
        }
        if !inside {
            continue;
        }
        if let Some(command) = line.strip_prefix("$ ") {
            let command = command.split("  #").next().unwrap_or(command).trim();
            out.push((command.to_string(), Vec::new()));
        } else if let Some((_, shown)) = out.last_mut() {
            shown.push(line.to_string());
        }
    }
    out
}

/// A line with its runs of spaces folded: a table the docs show with rows
/// left out is aligned narrower than the whole one.
fn fold(line: &str) -> String {
    line.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether `actual` holds each of `shown`'s lines in order, `...` lines
/// skipped and a line ending in `…` matching its beginning.
fn holds(actual: &str, shown: &[String]) -> Result<(), String> {
    let actual: Vec<String> = actual.lines().map(fold).collect();
    let mut lines = actual.iter().map(String::as_str);
    for want in shown.iter().map(|l| fold(l)) {
        let want = want.as_str();
        if want.is_empty() || want == "..." {
            continue;
        }
        let matches = |got: &str| match want.find('…') {
            Some(cut) => got.starts_with(&want[..cut]),
            None => got == want,
        };
        if !lines.by_ref().any(matches) {
            return Err(format!(
                "the README shows {want:?}, which the real output lacks (or has earlier)"
            ));
        }
    }
    Ok(())
}

#[test]
fn the_readmes_tour_prints_what_it_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    // The tour's inventory is the example, as `vendors.toml`, with the
    // evidence it names.
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        root.join("vendors.example.toml"),
        dir.path().join("vendors.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    for file in std::fs::read_dir(root.join("evidence")).unwrap() {
        let file = file.unwrap().path();
        std::fs::copy(
            &file,
            dir.path().join("evidence").join(file.file_name().unwrap()),
        )
        .unwrap();
    }
    let mut ran = 0;
    for (command, shown) in examples(&readme) {
        let words: Vec<&str> = command.split_whitespace().collect();
        if words.first() != Some(&"linger")
            || !words.get(1).is_some_and(|w| READ_ONLY.contains(w))
            || words.contains(&"--online")
            || words.contains(&"-o")
            || shown.iter().all(|l| l.trim().is_empty())
        {
            continue;
        }
        let out = common::linger()
            .current_dir(dir.path())
            .args(&words[1..])
            .output()
            .unwrap();
        let actual = String::from_utf8_lossy(&out.stdout);
        if let Err(why) = holds(&actual, &shown) {
            panic!("`{command}`: {why}\n--- real output:\n{actual}");
        }
        ran += 1;
    }
    assert!(ran >= 3, "only {ran} README examples were checked");
}

#[test]
fn the_check_json_summary_in_docs_cli_is_the_real_one() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let cli = std::fs::read_to_string(root.join("docs/cli.md")).unwrap();
    let shown = cli
        .lines()
        .find_map(|l| l.trim().strip_prefix("\"summary\": "))
        .expect("docs/cli.md shows a summary");
    let out = common::linger()
        .current_dir(root)
        .args(["-f", "vendors.example.toml", "check", "--format", "json"])
        .output()
        .unwrap();
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let shown: serde_json::Value = serde_json::from_str(shown).unwrap();
    assert_eq!(shown, json["summary"]);
}
