//! `linger merge-driver` as git runs it: real `git merge` of branches made
//! with linger's own commands (`add`, `mark`, `retire`, `canary new`) or
//! with edits of the text, LF and CRLF: a vendor deleted or renamed on one
//! side and changed on the other conflicts, one event changed on both sides
//! stays one event (or conflicts), a table after the vendors stays one
//! table, and a merge that would not load is left to git's line merge with
//! its markers. And a property test over random pairs of edits: the merge
//! loads, keeps every vendor and event of both sides, and equals git's own
//! `git merge-file` wherever git merges without a conflict.

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Output};

use linger::inventory::merge::merge;
use proptest::prelude::*;

const EXAMPLE: &str = include_str!("../vendors.example.toml");

fn git(repo: &Path, args: &[&str]) -> Output {
    Command::new("git")
        .args(args)
        .current_dir(repo)
        .env("GIT_AUTHOR_NAME", "t")
        .env("GIT_AUTHOR_EMAIL", "t@example.com")
        .env("GIT_COMMITTER_NAME", "t")
        .env("GIT_COMMITTER_EMAIL", "t@example.com")
        .output()
        .unwrap()
}

#[track_caller]
fn ok(out: Output) -> String {
    assert!(
        out.status.success(),
        "{}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).into_owned()
}

fn linger(repo: &Path, args: &[&str]) {
    let out = common::linger()
        .current_dir(repo)
        .env("LINGER_SUBJECTS_KEY", "ab".repeat(32))
        .args(["-q"])
        .args(args)
        .output()
        .unwrap();
    common::assert_success(&out);
}

/// A repository whose `vendors.toml` (the example, LF or CRLF) merges with
/// linger's driver.
fn repository(crlf: bool) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    ok(git(repo, &["init", "-q", "-b", "main"]));
    let bin = assert_cmd::cargo::cargo_bin("linger");
    ok(git(
        repo,
        &["config", "merge.linger.name", "linger inventory merge"],
    ));
    ok(git(
        repo,
        &[
            "config",
            "merge.linger.driver",
            &format!("{} merge-driver %O %A %B %P", bin.display()),
        ],
    ));
    ok(git(repo, &["config", "core.autocrlf", "false"]));
    std::fs::write(repo.join(".gitattributes"), "vendors.toml merge=linger\n").unwrap();
    let text = if crlf {
        EXAMPLE.replace('\n', "\r\n")
    } else {
        EXAMPLE.to_string()
    };
    std::fs::write(repo.join("vendors.toml"), text).unwrap();
    std::fs::write(repo.join(".gitignore"), ".*.toml.lock\n").unwrap();
    ok(git(repo, &["add", "."]));
    ok(git(repo, &["commit", "-q", "-m", "base"]));
    dir
}

fn branch(repo: &Path, name: &str, edits: &[&[&str]]) {
    ok(git(repo, &["checkout", "-q", "-b", name, "main"]));
    for edit in edits {
        linger(repo, edit);
    }
    ok(git(repo, &["commit", "-q", "-am", name]));
}

fn loads(repo: &Path) -> linger::inventory::Inventory {
    let text = std::fs::read_to_string(repo.join("vendors.toml")).unwrap();
    linger::inventory::parse(&text, common::date("2026-11-28"))
        .unwrap_or_else(|d| panic!("{d:#?}\n{text}"))
}

#[test]
fn branches_made_with_lingers_commands_merge_without_conflict() {
    if !common::outside::git("branches_made_with_lingers_commands_merge_without_conflict") {
        return;
    }
    for crlf in [false, true] {
        let dir = repository(crlf);
        let repo = dir.path();
        branch(
            repo,
            "a",
            &[
                &[
                    "add",
                    "toolone",
                    "--name",
                    "Tool One",
                    "--used-from",
                    "2026-01-05",
                ],
                &[
                    "mark",
                    "mailblast",
                    "confirmed",
                    "--on",
                    "2026-11-20",
                    "--evidence",
                    "https://mailblast.example/ticket/20",
                ],
                &["retire", "formbuilder", "--on", "2026-11-02"],
            ],
        );
        branch(
            repo,
            "b",
            &[
                &[
                    "add",
                    "tooltwo",
                    "--name",
                    "Tool Two",
                    "--used-from",
                    "2026-02-05",
                ],
                &["mark", "mailblast", "reminded", "--on", "2026-11-10"],
                &["canary", "new", "shopfront"],
            ],
        );
        ok(git(repo, &["checkout", "-q", "a"]));
        let merged = git(repo, &["merge", "-q", "--no-edit", "b"]);
        let text = std::fs::read_to_string(repo.join("vendors.toml")).unwrap();
        assert!(
            merged.status.success(),
            "crlf={crlf}: {}\n{text}",
            String::from_utf8_lossy(&merged.stderr)
        );
        let inventory = loads(repo);
        let ids: BTreeSet<&str> = inventory
            .vendors
            .iter()
            .map(|v| v.id.value.as_str())
            .collect();
        assert!(
            ids.contains("toolone") && ids.contains("tooltwo"),
            "{ids:?}"
        );
        let mailblast = inventory
            .vendors
            .iter()
            .find(|v| v.id.value == "mailblast")
            .unwrap();
        let kinds: Vec<String> = mailblast
            .events
            .iter()
            .map(|e| e.kind.to_string())
            .collect();
        assert!(
            kinds.contains(&"reminded".to_string()) && kinds.contains(&"confirmed".to_string()),
            "{kinds:?}"
        );
        let shopfront = inventory
            .vendors
            .iter()
            .find(|v| v.id.value == "shopfront")
            .unwrap();
        assert!(!shopfront.canaries.is_empty());
        assert_eq!(text.contains("\r\n"), crlf);
        if crlf {
            assert!(
                !text.replace("\r\n", "").contains('\n'),
                "a bare LF in a CRLF file"
            );
        }
    }
}

#[test]
fn the_same_field_changed_on_both_sides_is_a_conflict_around_the_vendor() {
    if !common::outside::git("the_same_field_changed_on_both_sides_is_a_conflict_around_the_vendor")
    {
        return;
    }
    let dir = repository(false);
    let repo = dir.path();
    for (name, date) in [("a", "2026-11-02"), ("b", "2026-11-03")] {
        branch(repo, name, &[&["retire", "formbuilder", "--on", date]]);
    }
    ok(git(repo, &["checkout", "-q", "a"]));
    let merged = git(repo, &["merge", "-q", "--no-edit", "b"]);
    assert!(!merged.status.success(), "git reports the conflict");
    let text = std::fs::read_to_string(repo.join("vendors.toml")).unwrap();
    assert!(text.contains("<<<<<<< ours (vendors.toml)\n"), "{text}");
    assert!(text.contains("retired_on = 2026-11-02") && text.contains("retired_on = 2026-11-03"));
    let status = ok(git(repo, &["status", "--porcelain"]));
    assert!(status.contains("UU vendors.toml"), "{status}");
    // Nothing else of the file is lost: every vendor of the example is in it.
    for line in EXAMPLE.lines().filter(|l| l.starts_with("id = ")) {
        assert!(text.contains(line), "{line}");
    }
}

/// A generated vendor: id, name, events (date, kind).
type GenVendor = (String, String, Vec<(String, &'static str)>);

/// A generated inventory: vendors with a name and events.
#[derive(Debug, Clone)]
struct Gen {
    vendors: Vec<GenVendor>,
}

impl Gen {
    fn text(&self) -> String {
        let mut text = String::from(
            "schema = 1\n\n[organization]\nname = \"Northwind\"\nemail = \"privacy@northwind.example\"\n",
        );
        for (id, name, events) in &self.vendors {
            text.push_str(&format!(
                "\n[[vendor]]\nid = \"{id}\"\nname = \"{name}\"\nused_from = 2020-01-01\nretired_on = 2021-01-01\ndata = [\"contact.email\"]\n"
            ));
            for (on, kind) in events {
                text.push_str(&format!(
                    "\n[[vendor.event]]\non = {on}\nkind = \"{kind}\"\n"
                ));
            }
        }
        text
    }
}

#[derive(Debug, Clone)]
enum Edit {
    Add { at: usize, id: u32 },
    Event { vendor: usize, day: u32 },
    Rename { vendor: usize, name: u32 },
}

fn edit() -> impl Strategy<Value = Edit> {
    prop_oneof![
        (0usize..10, 0u32..50).prop_map(|(at, id)| Edit::Add { at, id }),
        (0usize..10, 1u32..28).prop_map(|(vendor, day)| Edit::Event { vendor, day }),
        (0usize..10, 0u32..5).prop_map(|(vendor, name)| Edit::Rename { vendor, name }),
    ]
}

fn apply(base: &Gen, edits: &[Edit], side: &str) -> Gen {
    let mut g = base.clone();
    for edit in edits {
        let n = g.vendors.len();
        match edit {
            Edit::Add { at, id } => {
                let id = format!("{side}{id}");
                if g.vendors.iter().all(|v| v.0 != id) {
                    g.vendors.insert(
                        at % (n + 1),
                        (id.clone(), format!("Vendor {id}"), Vec::new()),
                    );
                }
            }
            Edit::Event { vendor, day } if n > 0 => {
                let events = &mut g.vendors[vendor % n].2;
                let on = format!("2022-{:02}-{day:02}", if side == "a" { 3 } else { 4 });
                if events.iter().all(|e| e.0 < on) {
                    let kind = if events.is_empty() || side == "a" {
                        "requested"
                    } else {
                        "reminded"
                    };
                    events.push((on, kind));
                }
            }
            Edit::Rename { vendor, name } if n > 0 => {
                g.vendors[vendor % n].1 = format!("Name {side}{name}");
            }
            _ => {}
        }
    }
    g
}

fn base_gen() -> impl Strategy<Value = Gen> {
    (1usize..6).prop_map(|n| Gen {
        vendors: (0..n)
            .map(|i| {
                (
                    format!("v{i}"),
                    format!("Vendor {i}"),
                    vec![("2021-02-01".to_string(), "requested")],
                )
            })
            .collect(),
    })
}

/// A merged text as (its vendors in base, in order, with their text; the
/// sorted texts of the vendors added).
fn shape(text: &str, base: &Gen) -> (Vec<String>, Vec<String>) {
    let chunks: Vec<String> = text
        .split("\n[[vendor]]\n")
        .map(|c| c.trim_end().to_string())
        .collect();
    let in_base = |c: &String| {
        base.vendors
            .iter()
            .any(|(id, _, _)| c.starts_with(&format!("id = \"{id}\"")))
    };
    let kept: Vec<String> = chunks
        .iter()
        .filter(|c| in_base(c) || c.starts_with("schema"))
        .cloned()
        .collect();
    let mut added: Vec<String> = chunks
        .iter()
        .filter(|c| !in_base(c) && !c.starts_with("schema"))
        .cloned()
        .collect();
    added.sort();
    (kept, added)
}

/// git's own three-way merge of the texts: `Some` when it merged cleanly.
fn git_merge(base: &str, ours: &str, theirs: &str) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    for (name, text) in [("base", base), ("ours", ours), ("theirs", theirs)] {
        std::fs::write(dir.path().join(name), text).unwrap();
    }
    let out = Command::new("git")
        .args(["merge-file", "-p", "ours", "base", "theirs"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    (out.status.code() == Some(0)).then(|| String::from_utf8_lossy(&out.stdout).into_owned())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(96))]

    #[test]
    fn a_merge_keeps_both_sides_and_agrees_with_git_where_git_merges(
        base in base_gen(),
        ours_edits in prop::collection::vec(edit(), 0..4),
        theirs_edits in prop::collection::vec(edit(), 0..4),
    ) {
        let have_git = common::outside::runs(Path::new("git"), &["--version"]);
        let ours = apply(&base, &ours_edits, "a");
        let theirs = apply(&base, &theirs_edits, "b");
        let (b, o, t) = (base.text(), ours.text(), theirs.text());
        let merged = merge(&b, &o, &t, ("ours", "theirs"), common::date("2026-11-28"));
        prop_assert!(merged.is_ok(), "{:?}", merged);
        let merged = merged.unwrap();
        // Every vendor and event of both sides is in the result.
        for side in [&ours, &theirs] {
            for (id, _, events) in &side.vendors {
                let header = format!("id = \"{id}\"");
                prop_assert!(merged.text.contains(&header), "{} missing:\n{}", id, merged.text);
                for (on, kind) in events {
                    let event = format!("on = {on}\nkind = \"{kind}\"");
                    prop_assert!(merged.text.contains(&event), "{} {} missing:\n{}", id, on, merged.text);
                }
            }
        }
        if have_git && let Some(by_git) = git_merge(&b, &o, &t) {
            // The same text, but for where vendors added on both sides sit
            // among each other: git places them by how its line diff aligns
            // the many identical lines of vendors (`[[vendor]]`,
            // `used_from = ...`), which is no order a person chose.
            prop_assert_eq!(shape(&merged.text, &base), shape(&by_git, &base), "git merged cleanly to something else:\n{}\n---\n{}", merged.text, by_git);
            prop_assert_eq!(merged.conflicts, 0);
        }
    }
}

/// A branch from `main` whose `vendors.toml` is `edit` of main's.
fn branch_text(repo: &Path, name: &str, edit: impl Fn(&str) -> String) {
    ok(git(repo, &["checkout", "-q", "-b", name, "main"]));
    let path = repo.join("vendors.toml");
    let text = std::fs::read_to_string(&path).unwrap();
    let edited = edit(&text);
    assert_ne!(edited, text, "the edit of {name} changes nothing");
    std::fs::write(&path, edited).unwrap();
    ok(git(repo, &["commit", "-q", "-am", name]));
}

/// Merges branch `from` into branch `into`: git's output and the file.
fn merge_into(repo: &Path, into: &str, from: &str) -> (Output, String) {
    ok(git(repo, &["checkout", "-q", "-f", into]));
    let out = git(repo, &["merge", "-q", "--no-edit", from]);
    let text = std::fs::read_to_string(repo.join("vendors.toml")).unwrap();
    (out, text)
}

/// The merge failed, the file is marked conflicted and has markers.
#[track_caller]
fn assert_conflict(repo: &Path, merged: &Output, text: &str) {
    assert!(
        !merged.status.success(),
        "git reported a clean merge:\n{text}"
    );
    assert!(
        text.contains("\n<<<<<<< ") && text.contains("\n=======") && text.contains("\n>>>>>>> "),
        "no conflict markers:\n{text}"
    );
    let status = ok(git(repo, &["status", "--porcelain"]));
    assert!(status.contains("UU vendors.toml"), "{status}");
}

/// mailblast and the comment above it, gone.
fn delete_mailblast(text: &str) -> String {
    let start = text.find("# Asked after retirement").unwrap();
    let end = text.find("# A US vendor under the CCPA").unwrap();
    format!("{}{}", &text[..start], &text[end..])
}

#[test]
fn a_vendor_deleted_or_renamed_on_one_side_and_changed_on_the_other_conflicts() {
    if !common::outside::git(
        "a_vendor_deleted_or_renamed_on_one_side_and_changed_on_the_other_conflicts",
    ) {
        return;
    }
    let rename = |text: &str| text.replace("id = \"mailblast\"", "id = \"mailblast-news\"");
    for (what, gone) in [
        ("deleted", &delete_mailblast as &dyn Fn(&str) -> String),
        ("renamed", &rename),
    ] {
        // git merges both ways: the side that deletes is ours, then theirs.
        for (into, from) in [("gone", "marked"), ("marked", "gone")] {
            let dir = repository(false);
            let repo = dir.path();
            branch_text(repo, "gone", gone);
            branch(
                repo,
                "marked",
                &[&["mark", "mailblast", "refused", "--on", "2026-11-20"]],
            );
            let (merged, text) = merge_into(repo, into, from);
            assert_conflict(repo, &merged, &text);
            assert!(
                text.contains("kind = \"refused\""),
                "{what}, {from} into {into}: the refused event is lost:\n{text}"
            );
            if what == "renamed" {
                assert!(text.contains("id = \"mailblast-news\""), "{text}");
            }
        }
    }
}

#[test]
fn the_same_event_changed_on_both_sides_is_one_event_or_a_conflict() {
    if !common::outside::git("the_same_event_changed_on_both_sides_is_one_event_or_a_conflict") {
        return;
    }
    let until = |date: &'static str| {
        move |text: &str| text.replace("until = 2026-12-15", &format!("until = {date}"))
    };
    let reference = |text: &str| {
        text.replace(
            "until = 2026-12-15\n",
            "until = 2026-12-15\nreference = \"Ticket 4471\"\n",
        )
    };
    // Different fields of one event: one event with both changes.
    let dir = repository(false);
    let repo = dir.path();
    branch_text(repo, "until", until("2026-12-01"));
    branch_text(repo, "reference", reference);
    for (into, from) in [("until", "reference"), ("reference", "until")] {
        let (merged, text) = merge_into(repo, into, from);
        assert!(
            merged.status.success(),
            "{}\n{text}",
            String::from_utf8_lossy(&merged.stderr)
        );
        assert_eq!(text.matches("kind = \"extended\"").count(), 1, "{text}");
        assert!(
            text.contains("until = 2026-12-01\nreference = \"Ticket 4471\"\n"),
            "{text}"
        );
        assert!(
            !text.contains("2026-12-15"),
            "the stale date is back:\n{text}"
        );
        loads(repo);
        ok(git(repo, &["reset", "-q", "--hard", "HEAD~1"]));
    }
    // The same field changed differently: a conflict with both values.
    let dir = repository(false);
    let repo = dir.path();
    branch_text(repo, "first", until("2026-12-01"));
    branch_text(repo, "tenth", until("2026-12-10"));
    let (merged, text) = merge_into(repo, "first", "tenth");
    assert_conflict(repo, &merged, &text);
    assert!(
        text.contains("until = 2026-12-01") && text.contains("until = 2026-12-10"),
        "{text}"
    );
}

#[test]
fn a_table_after_the_vendors_stays_one_table() {
    if !common::outside::git("a_table_after_the_vendors_stays_one_table") {
        return;
    }
    let dir = repository(false);
    let repo = dir.path();
    // `[imap]` after the last vendor, as docs/inbox.md shows it.
    let path = repo.join("vendors.toml");
    let mut text = std::fs::read_to_string(&path).unwrap();
    text.push_str(
        "\n[imap]\nhost = \"imap.example.com\"\nusername = \"privacy@northwind.example\"\n",
    );
    std::fs::write(&path, text).unwrap();
    ok(git(repo, &["commit", "-q", "-am", "imap"]));
    branch(
        repo,
        "a",
        &[&["mark", "trackr", "requested", "--on", "2026-11-21"]],
    );
    branch(
        repo,
        "b",
        &[&[
            "add",
            "toolone",
            "--name",
            "Tool One",
            "--used-from",
            "2026-01-05",
        ]],
    );
    let (merged, text) = merge_into(repo, "a", "b");
    assert!(
        merged.status.success(),
        "{}\n{text}",
        String::from_utf8_lossy(&merged.stderr)
    );
    assert_eq!(text.matches("[imap]").count(), 1, "{text}");
    assert_eq!(text.matches("on = 2026-11-21").count(), 1, "{text}");
    let inventory = loads(repo);
    assert!(inventory.imap.is_some());
    assert!(inventory.vendors.iter().any(|v| v.id.value == "toolone"));
}

#[test]
fn a_merge_that_would_not_load_falls_back_to_gits_conflict_markers() {
    if !common::outside::git("a_merge_that_would_not_load_falls_back_to_gits_conflict_markers") {
        return;
    }
    // Each side loads alone; together trackr would be retired before it
    // was used.
    let dir = repository(false);
    let repo = dir.path();
    branch_text(repo, "later", |text| {
        text.replace(
            "used_from = 2025-01-01\ndata = [\"contact.emial\"",
            "used_from = 2026-11-01\ndata = [\"contact.emial\"",
        )
    });
    branch(
        repo,
        "retired",
        &[&["retire", "trackr", "--on", "2026-10-01"]],
    );
    let (merged, text) = merge_into(repo, "later", "retired");
    assert_conflict(repo, &merged, &text);
    assert!(
        text.contains("used_from = 2026-11-01") && text.contains("retired_on = 2026-10-01"),
        "{text}"
    );
    let stderr = String::from_utf8_lossy(&merged.stderr);
    assert!(stderr.contains("line by line"), "{stderr}");
}
