//! `inbox --apply` on a mailbox of many replies (issue 28): one edit
//! session and one write for the run, one `acknowledged` event per
//! request however many replies acknowledge it, nothing left behind of a
//! run that failed, the matched messages not held in memory, and evidence
//! written only into real folders inside the inventory's.

mod common;

use common::text;

use std::path::Path;
use std::process::Output;

const TODAY: &str = "2026-11-30";

fn run(dir: &Path, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

/// An inventory of `vendors` vendors, each asked to delete on 1 October.
fn inventory(vendors: usize) -> String {
    let mut text = String::from(
        "schema = 1\n\n[organization]\nname = \"Northwind Analytics AS\"\nemail = \"privacy@northwind.example\"\n",
    );
    for n in 0..vendors {
        text.push_str(&format!(
            "\n[[vendor]]\nid = \"vendor{n}\"\nname = \"Vendor {n}\"\nwebsite = \"https://vendor{n}.example\"\nprivacy_email = \"dpo@vendor{n}.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n[[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n"
        ));
    }
    text
}

/// A ticket receipt from vendor `vendor`, sent on `day` November.
fn receipt(vendor: usize, day: u32, id: &str) -> String {
    format!(
        "From: Privacy <dpo@vendor{vendor}.example>\nTo: privacy@northwind.example\nSubject: Re: Deletion request: Northwind Analytics AS [ref:vendor{vendor}]\nDate: {day:02} Nov 2026 10:00:00 +0000\nMessage-ID: <{id}@vendor{vendor}.example>\n\nThank you for your request. We have received it and opened ticket #{id}.\n"
    )
}

fn workspace(vendors: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), inventory(vendors)).unwrap();
    std::fs::create_dir(dir.path().join("mail")).unwrap();
    dir
}

/// Every file below `dir`, as paths relative to it, sorted.
fn files(dir: &Path) -> Vec<String> {
    let mut found = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        for entry in std::fs::read_dir(&at).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() && !path.is_symlink() {
                stack.push(path.clone());
            }
            found.push(path.strip_prefix(dir).unwrap().display().to_string());
        }
    }
    found.sort();
    found
}

/// What a run left in `dir` besides the mail, the inventory, its lock
/// (and the git ignore line for it) and the evidence folder.
fn strays(dir: &Path) -> Vec<String> {
    files(dir)
        .into_iter()
        .filter(|f| {
            !(f.starts_with("mail")
                || f.starts_with("evidence")
                || f == "vendors.toml"
                || f.ends_with(".lock")
                || f == ".gitignore")
        })
        .collect()
}

#[test]
fn many_acknowledgements_of_one_request_are_one_event_with_the_first_message_id() {
    let dir = workspace(3);
    // Twenty receipts for each vendor, written out of date order.
    for vendor in 0..3 {
        for n in 0..20u32 {
            let day = 2 + (n * 7) % 20;
            std::fs::write(
                dir.path().join(format!("mail/v{vendor}-{n:02}.eml")),
                receipt(vendor, day, &format!("r{vendor}-{day}")),
            )
            .unwrap();
        }
    }
    let out = run(
        dir.path(),
        &["inbox", "--mail", "mail", "--apply", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let replies = report["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 60);
    assert_eq!(replies.iter().filter(|r| r["applied"] == true).count(), 3);

    let after = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert_eq!(
        after.matches("kind = \"acknowledged\"").count(),
        3,
        "{after}"
    );
    for vendor in 0..3 {
        // The first by date, 2 November.
        assert!(
            after.contains(&format!(
                "message_id = \"<r{vendor}-2@vendor{vendor}.example>\""
            )),
            "{after}"
        );
    }
    // One evidence file an event, and nothing else of the others.
    let kept: Vec<String> = files(dir.path())
        .into_iter()
        .filter(|f| f.ends_with(".eml") && f.starts_with("evidence/"))
        .collect();
    assert_eq!(kept.len(), 3, "{kept:?}");
    assert_eq!(strays(dir.path()), Vec::<String>::new());

    // A later run: the request is acknowledged already, so a new receipt
    // is listed and not recorded.
    std::fs::write(dir.path().join("mail/late.eml"), receipt(1, 25, "late")).unwrap();
    let out = run(
        dir.path(),
        &["inbox", "--mail", "mail", "--apply", "--format", "json"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        after
    );
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let late = report["replies"]
        .as_array()
        .unwrap()
        .iter()
        .find(|r| r["message_id"] == "<late@vendor1.example>")
        .unwrap();
    assert_eq!(late["applied"], false);
    assert!(
        late["note"]
            .as_str()
            .unwrap()
            .contains("already acknowledged"),
        "{late}"
    );
}

#[test]
fn a_batch_that_fails_leaves_the_inventory_and_the_evidence_folder_as_they_were() {
    let dir = workspace(2);
    // vendor1 writes its history as an inline array, which linger does
    // not edit (it would have to rewrite it); vendor0 comes first and
    // could be edited alone.
    let mixed = inventory(2).replace(
        "name = \"Vendor 1\"\nwebsite = \"https://vendor1.example\"\nprivacy_email = \"dpo@vendor1.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n[[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n",
        "name = \"Vendor 1\"\nwebsite = \"https://vendor1.example\"\nprivacy_email = \"dpo@vendor1.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\nevent = [{ on = 2026-10-01, kind = \"requested\" }]\n",
    );
    assert!(mixed.contains("event = ["));
    std::fs::write(dir.path().join("vendors.toml"), &mixed).unwrap();
    std::fs::write(dir.path().join("mail/a.eml"), receipt(0, 3, "a")).unwrap();
    std::fs::write(dir.path().join("mail/b.eml"), receipt(1, 4, "b")).unwrap();
    let listed = files(dir.path());

    let out = run(dir.path(), &["inbox", "--mail", "mail", "--apply"]);
    assert_ne!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).contains("vendor1"),
        "{}",
        text(&out.stderr)
    );
    // Not vendor0's event alone: nothing of the run.
    assert_eq!(
        std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap(),
        mixed
    );
    let left: Vec<String> = files(dir.path())
        .into_iter()
        .filter(|f| !f.ends_with(".lock") && f != ".gitignore")
        .collect();
    assert_eq!(left, listed);
}

#[test]
fn a_look_and_a_dry_run_write_nothing_and_a_message_read_twice_is_kept_once() {
    let dir = workspace(1);
    let raw = receipt(0, 3, "once");
    std::fs::write(dir.path().join("mail/one.eml"), &raw).unwrap();
    for n in 0..5 {
        std::fs::hard_link(
            dir.path().join("mail/one.eml"),
            dir.path().join(format!("mail/link{n}.eml")),
        )
        .unwrap();
    }
    let listed = files(dir.path());
    for args in [&["--apply", "--dry-run"][..], &[][..]] {
        let out = run(
            dir.path(),
            &[&["inbox", "--mail", "mail"][..], args].concat(),
        );
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
        assert_eq!(files(dir.path()), listed, "{args:?}");
    }
    let out = run(dir.path(), &["inbox", "--mail", "mail", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert_eq!(after.matches("kind = \"acknowledged\"").count(), 1);
    assert_eq!(
        std::fs::read_to_string(
            dir.path()
                .join("evidence/vendor0/2026-11-03-acknowledged.eml")
        )
        .unwrap(),
        raw
    );
    assert_eq!(strays(dir.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_linked_evidence_folder_is_refused_and_nothing_is_written_where_it_points() {
    let outside = tempfile::tempdir().unwrap();
    for link in ["evidence", "evidence/vendor0"] {
        let dir = workspace(1);
        std::fs::write(dir.path().join("mail/a.eml"), receipt(0, 3, "a")).unwrap();
        if link == "evidence/vendor0" {
            std::fs::create_dir(dir.path().join("evidence")).unwrap();
        }
        std::os::unix::fs::symlink(outside.path(), dir.path().join(link)).unwrap();
        let before = std::fs::read(dir.path().join("vendors.toml")).unwrap();

        let out = run(dir.path(), &["inbox", "--mail", "mail", "--apply"]);
        assert_ne!(out.status.code(), Some(0), "{link}: {}", text(&out.stderr));
        let said = text(&out.stderr);
        assert!(said.contains(link) && said.contains("link"), "{said}");
        assert_eq!(
            std::fs::read(dir.path().join("vendors.toml")).unwrap(),
            before
        );
        assert_eq!(files(outside.path()), Vec::<String>::new(), "{link}");
        assert_eq!(strays(dir.path()), Vec::<String>::new());
    }
}

/// The peak resident memory of `linger ARGS` in `dir`, in MB, and its
/// output. Read from the running process's `VmHWM` (its own high-water
/// mark since `exec`), not from `wait4`, whose figure counts the test
/// process the child was forked from.
#[cfg(target_os = "linux")]
fn peak_mb(dir: &Path, args: &[&str]) -> (f64, Output) {
    let mut child = common::linger()
        .current_dir(dir)
        .args(["--today", TODAY])
        .args(args)
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let status_file = format!("/proc/{}/status", child.id());
    // Read the pipes on threads, so a full pipe cannot stall the child.
    let mut stdout = child.stdout.take().unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let out = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stdout, &mut buf).unwrap();
        buf
    });
    let err = std::thread::spawn(move || {
        let mut buf = Vec::new();
        std::io::Read::read_to_end(&mut stderr, &mut buf).unwrap();
        buf
    });
    let mut peak_kb = 0u64;
    let status = loop {
        if let Some(status) = child.try_wait().unwrap() {
            break status;
        }
        let hwm = std::fs::read_to_string(&status_file)
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0);
        peak_kb = peak_kb.max(hwm);
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let output = Output {
        status,
        stdout: out.join().unwrap(),
        stderr: err.join().unwrap(),
    };
    (peak_kb as f64 / 1024.0, output)
}

#[cfg(target_os = "linux")]
#[test]
fn the_matched_messages_are_not_held_in_memory() {
    // Twenty names for one 4 MB reply: held in memory, they were 80 MB
    // more; read one at a time, the run needs room for one. (Long lines,
    // so that a debug build reads them quickly.)
    let dir = workspace(1);
    let mut raw = receipt(0, 3, "big");
    let line = format!("{}\n", "pasted inline by a ticket tool ".repeat(2000));
    while raw.len() < 4 << 20 {
        raw.push_str(&line);
    }
    std::fs::write(dir.path().join("mail/big.eml"), &raw).unwrap();
    for n in 0..19 {
        std::fs::hard_link(
            dir.path().join("mail/big.eml"),
            dir.path().join(format!("mail/link{n:02}.eml")),
        )
        .unwrap();
    }
    let (mb, out) = peak_mb(dir.path(), &["inbox", "--mail", "mail", "--apply"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(mb < 60.0, "peak {mb:.0} MB for 20 names of one 4 MB reply");
    // The one event keeps the message whole.
    assert_eq!(
        std::fs::read(
            dir.path()
                .join("evidence/vendor0/2026-11-03-acknowledged.eml")
        )
        .unwrap()
        .len(),
        raw.len()
    );
}
