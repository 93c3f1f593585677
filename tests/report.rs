//! `linger report`: the HTML page rendered in a real browser (headless
//! Chromium: the DOM it builds, its console, a screenshot and a PDF), the
//! escaping of hostile strings, the Markdown form, the git commit, a
//! 1,000-vendor inventory, and the incident section (its clocks at a given
//! moment, its timeline, its reports' states).

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

/// An inventory in Oslo with two incidents: a phishing one still open,
/// its reports answered in turn (the registrar's acknowledged, then acted
/// on), and a lost laptop, assessed unlikely to be a risk and closed. The
/// description and a note carry markup that must stay text.
const INCIDENTS: &str = r#"schema = 1

[organization]
name = "Northwind Analytics AS"
email = "privacy@northwind.example"
country = "NO"
time_zone = "Europe/Oslo"

[[vendor]]
id = "mailblast"
name = "MailBlast Ltd"
privacy_email = "dpo@mailblast.example"
used_from = 2024-01-10
data = ["contact.email"]

[[vendor]]
id = "newcrm"
name = "NewCRM"
privacy_email = "privacy@newcrm.example"
used_from = 2025-03-01
data = ["contact.email", "contact.name"]

[[incident]]
id = "2026-03-laptop"
aware = 2026-03-02T09:00:00+01:00
risk = "unlikely"
description = "A laptop with an encrypted disk was stolen; the key was not with it."

[[incident.event]]
on = 2026-03-05
kind = "closed"
note = "Assessed unlikely to result in a risk: the disk is encrypted."

[[incident]]
id = "2026-11-phishing"
aware = 2026-11-29T08:30:00+01:00
confirmed_vendors = ["mailblast"]
vendors = ["newcrm"]
phishing_domains = ["northwind-billing.example"]
senders = ["bulkmail.example"]
people = 1200
records = 1450
data = ["contact.email", "contact.name"]
risk = "high"
description = "Invoices from a lookalike <script>alert(1)</script> | [x](javascript:alert(2))"

[[incident.event]]
on = 2026-11-28
kind = "reported"
party = "hosting"
target = "northwind-billing.example"
to = "abuse@host.example"
note = "reported as phishing the day before we learnt of the breach"

[[incident.event]]
on = 2026-11-29T14:00:00+01:00
kind = "reported"
party = "registrar"
target = "northwind-billing.example"
to = "abuse@registrar.example"
letter = "registrar-report"
message_id = "<20261129.r1@northwind.example>"

[[incident.event]]
on = 2026-11-29T14:05:00+01:00
kind = "reported"
party = "service"
target = "bulkmail.example"
to = "abuse@bulkmail.example"

[[incident.event]]
on = 2026-11-30T09:12:00+01:00
kind = "acknowledged"
target = "northwind-billing.example"
note = "ticket <b>4411</b>"

[[incident.event]]
on = 2026-12-01T16:40:00+01:00
kind = "acted"
target = "northwind-billing.example"
note = "domain suspended (clientHold)"
evidence = "evidence/2026-11-phishing/registrar reply.eml"
"#;

/// The `acted` step of `INCIDENTS`, to take out or to follow with more.
const ACTED: &str = "[[incident.event]]\non = 2026-12-01T16:40:00+01:00\nkind = \"acted\"";

/// `linger report` of `inventory` at `today` (`--today`, a date-time with
/// its offset or a date), run in the inventory's folder.
fn report_at(inventory: &Path, today: &str, args: &[&str]) -> String {
    let out = common::linger()
        .current_dir(inventory.parent().unwrap())
        .arg("-f")
        .arg(inventory)
        .args(["--today", today, "report"])
        .args(args)
        .output()
        .unwrap();
    common::assert_success(&out);
    text(&out.stdout)
}

/// The Markdown section of incident `id`, up to the next incident or the
/// next section.
fn incident_markdown<'a>(markdown: &'a str, id: &str) -> &'a str {
    let start = markdown
        .find(&format!("### Incident `{id}`"))
        .unwrap_or_else(|| panic!("no incident {id}:\n{markdown}"));
    let rest = &markdown[start + 1..];
    let end = [rest.find("\n### "), rest.find("\n## ")]
        .into_iter()
        .flatten()
        .min()
        .unwrap();
    &markdown[start..start + 1 + end]
}

/// The line of the clock to `whom` in an incident's Markdown.
fn clock_line<'a>(section: &'a str, whom: &str) -> &'a str {
    section
        .lines()
        .find(|l| l.starts_with(&format!("- To {whom},")))
        .unwrap_or_else(|| panic!("no clock to {whom}:\n{section}"))
}

#[test]
fn the_incident_section_tells_each_clock_where_it_stands_at_the_given_moment() {
    let (_dir, inventory) = workspace(INCIDENTS);
    // Aware 2026-11-29 08:30 +01:00: the 72 hours end 2026-12-02 08:30.
    let running = report_at(
        &inventory,
        "2026-12-01T20:30:00+01:00",
        &["--format", "markdown"],
    );
    let open = incident_markdown(&running, "2026-11-phishing");
    assert!(open.contains("`2026-11-phishing`: **open**"), "{open}");
    assert_eq!(
        clock_line(open, "the authority"),
        "- To the authority, within 72 hours (GDPR Art. 33(1)): due 2026-12-02 08:30 +01:00: 12 hours left"
    );
    // Art. 34 names no hours, and linger invents none.
    assert_eq!(
        clock_line(open, "the people affected"),
        "- To the people affected, without undue delay (GDPR Art. 34(1)): due now, not yet met: the law names no number of hours"
    );
    // A bare date is the start of that day in the organization's zone.
    let morning = report_at(&inventory, "2026-12-01", &["--format", "markdown"]);
    assert!(
        clock_line(
            incident_markdown(&morning, "2026-11-phishing"),
            "the authority"
        )
        .ends_with("due 2026-12-02 08:30 +01:00: 32 hours left"),
        "{morning}"
    );
    // Given in another offset, the moment is the same.
    let utc = report_at(
        &inventory,
        "2026-12-01T19:30:00Z",
        &["--format", "markdown"],
    );
    assert_eq!(
        clock_line(incident_markdown(&utc, "2026-11-phishing"), "the authority"),
        clock_line(open, "the authority")
    );
    let passed = report_at(
        &inventory,
        "2026-12-02T10:30:00+01:00",
        &["--format", "markdown"],
    );
    assert!(
        clock_line(
            incident_markdown(&passed, "2026-11-phishing"),
            "the authority"
        )
        .ends_with("**passed 2026-12-02 08:30 +01:00: 2 hours ago, not yet met**"),
        "{passed}"
    );

    // Notified in time, and notified late: the clock says which.
    let notified = |on: &str| {
        let text = format!(
            "{INCIDENTS}\n[[incident.event]]\non = {on}\nkind = \"authority-notified\"\nto = \"postkasse@datatilsynet.no\"\n"
        );
        let (dir, inventory) = workspace(&text);
        let markdown = report_at(
            &inventory,
            "2026-12-03T12:00:00+01:00",
            &["--format", "markdown"],
        );
        drop(dir);
        clock_line(
            incident_markdown(&markdown, "2026-11-phishing"),
            "the authority",
        )
        .to_string()
    };
    assert!(
        notified("2026-12-02T08:00:00+01:00")
            .ends_with(": met 2026-12-02 08:00 +01:00, on time (due 2026-12-02 08:30 +01:00)"),
        "{}",
        notified("2026-12-02T08:00:00+01:00")
    );
    assert!(
        notified("2026-12-02T09:15:00+01:00")
            .ends_with(": **met 2026-12-02 09:15 +01:00, late (due 2026-12-02 08:30 +01:00)**"),
        "{}",
        notified("2026-12-02T09:15:00+01:00")
    );

    // The closed incident: after the open one, with no clock (assessed
    // unlikely to be a risk), its steps in order.
    let closed = incident_markdown(&running, "2026-03-laptop");
    assert!(
        closed.contains("`2026-03-laptop`: closed 2026-03-05"),
        "{closed}"
    );
    assert!(
        running.find("### Incident `2026-11-phishing`")
            < running.find("### Incident `2026-03-laptop`")
    );
    assert!(closed.contains("- None: no notification is due under the organization's law"));
    assert!(closed.contains("- Risk: unlikely"));
    assert!(
        running.contains("| errors in checks | open incidents |"),
        "{running}"
    );
}

#[test]
fn the_incident_timeline_is_in_order_and_a_report_is_down_after_acted() {
    let (_dir, inventory) = workspace(INCIDENTS);
    let markdown = report_at(
        &inventory,
        "2026-12-01T20:30:00+01:00",
        &["--format", "markdown"],
    );
    let open = incident_markdown(&markdown, "2026-11-phishing");
    let timeline = open.split("Timeline:").nth(1).unwrap();
    let steps: Vec<(&str, &str)> = timeline
        .lines()
        .filter(|l| l.starts_with("| 2026-"))
        .map(|l| {
            let cells: Vec<&str> = l.split(" | ").collect();
            (cells[0].trim_start_matches("| "), cells[1])
        })
        .collect();
    // A report made before anyone knew of the breach comes before `aware`.
    assert_eq!(
        steps,
        [
            ("2026-11-28", "reported"),
            ("2026-11-29 08:30 +01:00", "aware"),
            ("2026-11-29 14:00 +01:00", "reported"),
            ("2026-11-29 14:05 +01:00", "reported"),
            ("2026-11-30 09:12 +01:00", "acknowledged"),
            ("2026-12-01 16:40 +01:00", "acted"),
        ]
    );
    let row = |section: &str, target: &str, to: &str| -> String {
        section
            .lines()
            .find(|l| l.starts_with(&format!("| {target} | the ")) && l.contains(to))
            .unwrap_or_else(|| panic!("no report of {target} to {to}:\n{section}"))
            .to_string()
    };
    // `acted` takes down every report of the domain; the sending service
    // did nothing for two days: ask its network.
    for to in ["abuse@host.example", "abuse@registrar.example"] {
        assert!(
            row(open, "northwind-billing.example", to)
                .contains("| down since 2026-12-01 16:40 +01:00 |  |"),
            "{open}"
        );
    }
    assert!(
        row(open, "bulkmail.example", "abuse@bulkmail.example")
            .ends_with("| waiting | **escalate to the network** |"),
        "{open}"
    );

    // Without the `acted` step, the registrar's report is only
    // acknowledged, since its answer.
    let before = INCIDENTS[..INCIDENTS.find(ACTED).unwrap()].to_string();
    let (_dir, inventory) = workspace(&before);
    let markdown = report_at(
        &inventory,
        "2026-12-01T12:00:00+01:00",
        &["--format", "markdown"],
    );
    let open = incident_markdown(&markdown, "2026-11-phishing");
    assert!(
        row(open, "northwind-billing.example", "abuse@registrar.example")
            .contains("| acknowledged since 2026-11-30 09:12 +01:00 |"),
        "{open}"
    );
    assert!(!open.contains("down since"), "{open}");

    // A refusal: pending at once, with the next party to ask.
    let refused = format!(
        "{INCIDENTS}\n[[incident.event]]\non = 2026-12-01T17:00:00+01:00\nkind = \"refused\"\ntarget = \"bulkmail.example\"\nnote = \"not our customer\"\n"
    );
    let (_dir, inventory) = workspace(&refused);
    let markdown = report_at(
        &inventory,
        "2026-12-01T18:00:00+01:00",
        &["--format", "markdown"],
    );
    let open = incident_markdown(&markdown, "2026-11-phishing");
    assert!(
        row(open, "bulkmail.example", "abuse@bulkmail.example")
            .ends_with("| refused since 2026-12-01 17:00 +01:00 | **escalate to the network** |"),
        "{open}"
    );
}

#[test]
fn the_incident_section_in_a_browser_with_hostile_text_escaped() {
    if common::outside::chromium("the_incident_section_in_a_browser_with_hostile_text_escaped")
        .is_none()
    {
        return;
    }
    let (dir, inventory) = workspace(INCIDENTS);
    let page = dir.path().join("report.html");
    let out = common::linger()
        .arg("-f")
        .arg(&inventory)
        .args(["--today", "2026-12-01T20:30:00+01:00", "report", "-o"])
        .arg(&page)
        .output()
        .unwrap();
    common::assert_success(&out);
    let (dom, log) = browser::dom(&page);
    assert!(browser::console_errors(&log).is_empty(), "{log}");
    // The markup in the description and the note stayed text: no element
    // was made of it.
    assert!(!dom.contains("<script"), "a script element was made");
    assert!(!dom.contains("<b>4411</b>"), "markup from a note");
    assert!(
        dom.contains("ticket &lt;b&gt;4411&lt;/b&gt;"),
        "the note as text"
    );
    assert!(dom.contains("lookalike &lt;script&gt;alert(1)&lt;/script&gt;"));
    assert!(
        dom.contains("<a href=\"./evidence/2026-11-phishing/registrar%20reply.eml\">"),
        "the evidence link"
    );

    // The open incident first, whole; the closed one after it, folded.
    let open = dom
        .find("<section class=\"incident open\" id=\"incident-2026-11-phishing\"")
        .expect("the open incident");
    let closed = dom
        .find("<details class=\"incident closed\" id=\"incident-2026-03-laptop\"")
        .expect("the closed incident, folded");
    assert!(open < closed);
    let section = &dom[open..closed];
    let states = |attribute: &str| -> Vec<&str> {
        section
            .match_indices(attribute)
            .map(|(at, m)| {
                let rest = &section[at + m.len()..];
                &rest[..rest.find('"').unwrap()]
            })
            .collect()
    };
    assert_eq!(
        states("<tr class=\"clock\" data-state=\""),
        ["running", "due-now"]
    );
    assert_eq!(
        states("<tr class=\"step\" data-kind=\""),
        [
            "reported",
            "aware",
            "reported",
            "reported",
            "acknowledged",
            "acted"
        ]
    );
    // The report rows: data-target, then data-state.
    let reports: Vec<&str> = section
        .match_indices("<tr class=\"report\" data-target=\"")
        .map(|(at, m)| {
            let rest = &section[at + m.len()..];
            let state = rest.find("data-state=\"").unwrap() + "data-state=\"".len();
            &rest[state..state + rest[state..].find('"').unwrap()]
        })
        .collect();
    assert_eq!(reports, ["down", "down", "waiting"]);
    assert!(section.contains("escalate to the network"));
    // The sources link to their vendors' sections.
    assert!(section.contains("<a href=\"#vendor-mailblast\">MailBlast Ltd</a>"));
    assert!(dom.contains("id=\"vendor-mailblast\""));
    // Its findings are in its section, not among the general ones.
    assert!(section.contains("breach-notification-due"));
    assert!(section.contains("takedown-pending"));
    assert!(dom.contains("<span class=\"n\">1</span>open incident<"));
}

#[test]
fn no_incident_no_section() {
    let (_dir, inventory) = workspace(EXAMPLE);
    let markdown = text(&report(&inventory, &["--format", "markdown"]).stdout);
    assert!(!markdown.contains("## Incidents"), "{markdown}");
    assert!(!markdown.contains("open incidents"));
    let html = text(&report(&inventory, &[]).stdout);
    assert!(!html.contains("id=\"incidents\""));
    assert!(!html.contains("class=\"incident"));
    assert!(!html.contains("open incident"));
    // The same inventory with an incident has one: the test above is not
    // passing because the section never renders.
    let (_dir, inventory) = workspace(INCIDENTS);
    let markdown = report_at(&inventory, "2026-12-01", &["--format", "markdown"]);
    assert!(markdown.contains("## Incidents"));
}

#[test]
fn hostile_incident_text_is_escaped_in_markdown() {
    let (_dir, inventory) = workspace(INCIDENTS);
    let markdown = report_at(
        &inventory,
        "2026-12-01T20:30:00+01:00",
        &["--format", "markdown"],
    );
    let open = incident_markdown(&markdown, "2026-11-phishing");
    assert!(
        open.contains(
            "- Description: Invoices from a lookalike \\<script\\>alert(1)\\</script\\> \\| \\[x\\](javascript:alert(2))"
        ),
        "{open}"
    );
    assert!(open.contains("ticket \\<b\\>4411\\</b\\>"), "{open}");
    // The evidence is a link relative to the current directory (the
    // report went to standard output), its space encoded.
    assert!(
        open.contains(
            "[evidence/2026-11-phishing/registrar reply.eml](<./evidence/2026-11-phishing/registrar%20reply.eml>)"
        ),
        "{open}"
    );
    assert!(!open.contains("<script>") && !open.contains("<b>"));
    // A `|` in a note cannot add a cell to the timeline's row.
    let rows: Vec<&str> = open.lines().filter(|l| l.starts_with("| 2026-")).collect();
    for row in rows {
        assert_eq!(row.matches(" | ").count(), 3, "{row}");
    }
}
