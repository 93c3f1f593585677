//! `linger report`: the HTML page rendered in a real browser (headless
//! Chromium: the DOM it builds, its console, a screenshot and a PDF), the
//! escaping of hostile strings, the Markdown form, the git commit, and a
//! 1,000-vendor inventory.

mod common;

use common::text;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::browser;

const EXAMPLE: &str = include_str!("../vendors.example.toml");

fn workspace(inventory: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, inventory).unwrap();
    (dir, path)
}

fn report(inventory: &Path, args: &[&str]) -> std::process::Output {
    let out = common::linger()
        .arg("-f")
        .arg(inventory)
        .arg("report")
        .args(args)
        .output()
        .unwrap();
    common::assert_success(&out);
    out
}

/// The ids of the example's vendors, and of those `overdue` lists.
fn ids(inventory: &Path) -> (Vec<String>, Vec<String>) {
    let json = |args: &[&str]| -> Vec<String> {
        let out = common::linger()
            .arg("-f")
            .arg(inventory)
            .args(args)
            .output()
            .unwrap();
        let rows: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        rows.as_array()
            .unwrap()
            .iter()
            .map(|r| r["id"].as_str().unwrap().to_string())
            .collect()
    };
    (
        json(&["list", "--format", "json"]),
        json(&["overdue", "--format", "json"]),
    )
}

#[test]
fn the_example_report_renders_in_a_browser_with_every_vendor_and_the_overdue_marked() {
    if common::outside::chromium(
        "the_example_report_renders_in_a_browser_with_every_vendor_and_the_overdue_marked",
    )
    .is_none()
    {
        return;
    }
    let (dir, inventory) = workspace(EXAMPLE);
    std::fs::create_dir_all(dir.path().join("evidence")).unwrap();
    let page = dir.path().join("report.html");
    report(&inventory, &["-o", page.to_str().unwrap()]);

    let (dom, log) = browser::dom(&page);
    assert!(browser::console_errors(&log).is_empty(), "{log}");
    let (all, overdue) = ids(&inventory);
    assert!(all.len() >= 10 && !overdue.is_empty());
    for id in &all {
        assert!(
            dom.contains(&format!("id=\"vendor-{id}\" data-vendor=\"{id}\"")),
            "vendor {id} missing from the DOM"
        );
    }
    // Exactly the overdue vendors have a marked row, in the same order.
    let marked: Vec<&str> = dom
        .match_indices("<tr class=\"overdue\" data-vendor=\"")
        .map(|(at, m)| {
            let rest = &dom[at + m.len()..];
            &rest[..rest.find('"').unwrap()]
        })
        .collect();
    assert_eq!(marked, overdue);
    // Every vendor has a timeline, and the DOM has no script at all.
    assert_eq!(dom.matches("<svg class=\"timeline\"").count(), all.len());
    assert!(!dom.contains("<script"));

    // A screenshot and a PDF, as a person would keep them.
    let png = dir.path().join("report.png");
    browser::run(
        &page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,2000".into(),
        ],
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "{}",
        bytes.len()
    );
    let pdf = dir.path().join("report.pdf");
    browser::run(
        &page,
        &[
            format!("--print-to-pdf={}", pdf.display()),
            "--no-pdf-header-footer".into(),
        ],
    );
    let bytes = std::fs::read(&pdf).unwrap();
    assert!(
        bytes.starts_with(b"%PDF-") && bytes.len() > 20_000,
        "{}",
        bytes.len()
    );
}

#[test]
fn the_console_check_sees_script_errors() {
    if common::outside::chromium("the_console_check_sees_script_errors").is_none() {
        return;
    }
    // The check above passes only because the report has none: a page
    // with one is caught.
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("bad.html");
    std::fs::write(
        &page,
        "<html><body><script>missingFunction();</script></body></html>",
    )
    .unwrap();
    let (_, log) = browser::dom(&page);
    assert_eq!(browser::console_errors(&log).len(), 1, "{log}");
}

#[test]
fn the_page_is_self_contained() {
    let (_dir, inventory) = workspace(EXAMPLE);
    let html = text(&report(&inventory, &[]).stdout);
    for outside in [
        "<script",
        "<link",
        "@import",
        "url(",
        "src=",
        "href=\"http",
        "href=\"//",
    ] {
        assert!(
            !html.contains(outside),
            "the page loads something: {outside}"
        );
    }
    assert!(html.contains("@media print"));
}

#[test]
fn hostile_strings_are_escaped_in_html_and_markdown() {
    if common::outside::chromium("hostile_strings_are_escaped_in_html_and_markdown").is_none() {
        return;
    }
    let hostile = EXAMPLE
        .replacen(
            "name = \"OldCRM Inc.\"",
            "name = \"<script>alert(1)</script> | [x](javascript:alert(2))\"",
            1,
        )
        .replacen(
            "evidence = \"evidence/surveypop-deletion-confirmation.txt\"",
            "evidence = \"javascript:alert(3)\"",
            1,
        );
    assert_ne!(hostile, EXAMPLE);
    let (dir, inventory) = workspace(&hostile);
    let page = dir.path().join("report.html");
    report(&inventory, &["-o", page.to_str().unwrap()]);
    let html = std::fs::read_to_string(&page).unwrap();
    assert!(
        html.contains("&lt;script&gt;alert(1)&lt;&#x2f;script&gt;"),
        "not escaped"
    );
    assert!(!html.contains("<script>"));
    let (dom, log) = browser::dom(&page);
    // A path, never a `javascript:` URL.
    assert!(
        dom.contains("href=\"./javascript%3Aalert(3)\""),
        "evidence link"
    );
    assert!(!dom.contains("<script"), "a script element was made");
    assert!(browser::console_errors(&log).is_empty(), "{log}");

    let markdown = text(&report(&inventory, &["--format", "markdown"]).stdout);
    assert!(
        markdown.contains("\\<script\\>alert(1)\\</script\\> \\| \\[x\\](javascript:alert(2))")
    );
    // A link relative to the current directory (the report went to
    // standard output), with the colon encoded: never a scheme.
    assert!(markdown.contains("/javascript%3Aalert(3)>)"), "{markdown}");
    assert!(!markdown.contains("](<javascript:"));
    assert_eq!(
        markdown.matches("](javascript:").count(),
        markdown.matches("\\](javascript:").count(),
        "an unescaped link"
    );
}

#[test]
fn markdown_has_the_same_content() {
    let (_dir, inventory) = workspace(EXAMPLE);
    let markdown = text(&report(&inventory, &["--format", "markdown"]).stdout);
    let (all, overdue) = ids(&inventory);
    for id in &all {
        assert!(markdown.contains(&format!("(`{id}`)")), "{id}");
    }
    let table = markdown.split("## Overdue deletions").nth(1).unwrap();
    let table = table.split("## Vendors").next().unwrap();
    let rows: Vec<&str> = table.lines().filter(|l| l.starts_with("| **")).collect();
    assert_eq!(rows.len(), overdue.len());
    for (row, id) in rows.iter().zip(&overdue) {
        assert!(row.contains(&format!("`{id}`")), "{row}");
    }
    assert!(markdown.contains("## Findings of `linger check`"));
    assert!(markdown.contains("| error | `request-overdue` | oldcrm |"));
    // Data in words, as `show` gives it; findings worst first.
    assert!(
        markdown.contains("- Data: e-mail addresses, names"),
        "{markdown}"
    );
    assert!(!markdown.contains("- Data: contact.email"), "{markdown}");
    let severities: Vec<&str> = markdown
        .lines()
        .filter_map(|l| l.strip_prefix("| "))
        .filter_map(|l| l.split(" |").next())
        .filter(|s| ["error", "warn", "info"].contains(s))
        .collect();
    let rank = |s: &&str| ["info", "warn", "error"].iter().position(|x| x == s);
    assert!(severities.len() > 3, "{severities:?}");
    assert!(
        severities.windows(2).all(|w| rank(&w[0]) >= rank(&w[1])),
        "{severities:?}"
    );
}

#[test]
fn the_report_names_the_commit_and_uncommitted_changes() {
    if !common::outside::git("the_report_names_the_commit_and_uncommitted_changes") {
        return;
    }
    let (dir, inventory) = workspace(EXAMPLE);
    let git = |args: &[&str]| {
        let out = Command::new("git")
            .arg("-C")
            .arg(dir.path())
            .args(args)
            .env("GIT_AUTHOR_NAME", "t")
            .env("GIT_AUTHOR_EMAIL", "t@example.com")
            .env("GIT_COMMITTER_NAME", "t")
            .env("GIT_COMMITTER_EMAIL", "t@example.com")
            .output()
            .unwrap();
        assert!(out.status.success(), "{}", text(&out.stderr));
        text(&out.stdout).trim().to_string()
    };
    let before = text(&report(&inventory, &["--format", "markdown"]).stdout);
    assert!(!before.contains("at commit"), "not a repository yet");
    git(&["init", "-q"]);
    git(&["add", "vendors.toml"]);
    git(&["commit", "-qm", "inventory"]);
    let id = git(&["rev-parse", "--short=12", "HEAD"]);
    let clean = text(&report(&inventory, &["--format", "markdown"]).stdout);
    assert!(clean.contains(&format!("at commit `{id}`.")), "{clean}");
    std::fs::write(&inventory, format!("{EXAMPLE}\n# edited\n")).unwrap();
    let dirty = text(&report(&inventory, &["--format", "markdown"]).stdout);
    assert!(dirty.contains(&format!(
        "at commit `{id}` (with changes not yet committed)."
    )));
}

/// An inventory of `n` vendors, one in three overdue.
pub fn many(n: usize) -> String {
    let mut text = String::from(
        "schema = 1\n\n[organization]\nname = \"Big Co\"\nemail = \"privacy@big.example\"\nlaw = \"gdpr\"\n",
    );
    for i in 0..n {
        text.push_str(&format!(
            "\n[[vendor]]\nid = \"v{i}\"\nname = \"Vendor {i}\"\nprivacy_email = \"privacy@v{i}.example\"\nused_from = 2015-01-01\ndata = [\"contact.email\"]\n"
        ));
        match i % 3 {
            0 => text.push_str("retired_on = 2020-01-01\n"),
            1 => text.push_str(
                "retired_on = 2025-01-01\n\n[[vendor.event]]\non = 2025-02-01\nkind = \"requested\"\n\n[[vendor.event]]\non = 2025-03-01\nkind = \"confirmed\"\nevidence = \"https://files.example/v.pdf\"\n",
            ),
            _ => {}
        }
    }
    text
}

#[test]
fn a_thousand_vendors_render() {
    if common::outside::chromium("a_thousand_vendors_render").is_none() {
        return;
    }
    let (dir, inventory) = workspace(&many(1000));
    let page = dir.path().join("report.html");
    report(&inventory, &["-o", page.to_str().unwrap()]);
    let (dom, log) = browser::dom(&page);
    assert!(browser::console_errors(&log).is_empty(), "{log}");
    assert_eq!(dom.matches("<section class=\"vendor").count(), 1000);
    assert_eq!(dom.matches("<tr class=\"overdue\"").count(), 334);
    assert!(dom.contains("id=\"vendor-v999\""));
}
