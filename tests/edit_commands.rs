//! `linger add`, `retire` and `mark` as a user runs them: refused edits
//! leave the file byte-identical, concurrent writers all land, a crash never
//! leaves a partial file, symlinks and permissions survive.

mod common;

use common::text;

use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::time::Duration;

const EXAMPLE: &str = include_str!("../vendors.example.toml");

fn linger(dir: &Path) -> Command {
    let mut cmd = common::linger();
    cmd.current_dir(dir);
    cmd
}

/// A directory holding the example inventory and its evidence file.
fn workspace() -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, EXAMPLE).unwrap();
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    std::fs::create_dir(dir.path().join("evidence")).unwrap();
    std::fs::copy(
        root.join("evidence/surveypop-deletion-confirmation.txt"),
        dir.path()
            .join("evidence/surveypop-deletion-confirmation.txt"),
    )
    .unwrap();
    (dir, path)
}

fn run(dir: &Path, args: &[&str]) -> Output {
    linger(dir).args(args).output().unwrap()
}

/// Files in `dir` other than the inventory, its evidence and its lock file.
fn strays(dir: &Path) -> Vec<String> {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| !["vendors.toml", ".vendors.toml.lock", "evidence"].contains(&n.as_str()))
        .collect()
}

#[test]
fn every_refused_edit_leaves_the_file_byte_identical_and_exits_2() {
    let cases: &[(&[&str], &str)] = &[
        (
            &["mark", "oldcrm", "acknowledged"],
            "no deletion request before it",
        ),
        (
            // Recorded in date order, it would come before the request.
            &["mark", "mailblast", "reminded", "--on", "2026-09-01"],
            "`reminded` event with no deletion request before it",
        ),
        (
            &["mark", "mailblast", "reminded", "--on", "2027-01-01"],
            "after today's real date",
        ),
        (
            &["mark", "mailblas", "requested"],
            "did you mean `mailblast`",
        ),
        (&["mark", "mailblast", "extended"], "needs `--until`"),
        (
            &["mark", "mailblast", "requested", "--until", "2027-01-01"],
            "does not apply",
        ),
        (&["mark", "mailblast", "not-needed"], "needs `--reason`"),
        (
            &["mark", "mailblast", "verified"],
            "`verified` event with no finished deletion before it",
        ),
        (&["mark", "oldcrm", "verified"], "linger mark ID confirmed"),
        (
            &[
                "mark",
                "mailblast",
                "confirmed",
                "--evidence",
                "missing.pdf",
            ],
            "does not exist",
        ),
        (
            &["mark", "mailblast", "reminded", "--reference", "a\u{7}b"],
            "vendors.toml:",
        ),
        (&["retire", "newcrm", "--on", "2000-01-01"], "used"),
        (
            &["add", "oldcrm", "--name", "Again"],
            "already has a vendor `oldcrm`",
        ),
        (&["add", "Bad Id", "--name", "X"], "vendors.toml:"),
        (
            &["add", "acme", "--name", "X", "--privacy-email", "nobody"],
            "no `@`",
        ),
        (
            &["add", "acme", "--name", "X", "--data", "contact.mail"],
            "did you mean `contact.email`",
        ),
        (&["add", "acme", "--name", "two\nlines"], "vendors.toml:"),
        (
            &["add", "acme", "--name", "X", "--website", "https://"],
            "vendors.toml:",
        ),
    ];
    for (args, expected) in cases {
        let (dir, path) = workspace();
        let out = run(dir.path(), args);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(
            stderr.contains(expected),
            "{args:?}: expected {expected:?} in\n{stderr}"
        );
        assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE, "{args:?}");
        assert!(
            strays(dir.path()).is_empty(),
            "{args:?}: {:?}",
            strays(dir.path())
        );
        assert!(out.stdout.is_empty(), "{args:?}");
    }
}

#[test]
fn a_broken_inventory_is_refused_before_any_edit() {
    let (dir, path) = workspace();
    let broken = EXAMPLE.replace("schema = 1", "schema = 1\nbogus = true");
    std::fs::write(&path, &broken).unwrap();
    let out = run(dir.path(), &["mark", "mailblast", "reminded"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("vendors.toml:5:1"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), broken);
}

#[test]
fn a_refused_edit_shows_the_rule_at_its_line() {
    let (dir, _) = workspace();
    let out = run(dir.path(), &["mark", "oldcrm", "acknowledged"]);
    let stderr = text(&out.stderr);
    assert!(stderr.contains("--> vendors.toml:45:1"), "{stderr}");
    assert!(
        stderr
            .contains("refused: the edit would leave `vendors.toml` invalid; nothing was written"),
        "{stderr}"
    );
}

#[test]
fn verified_after_a_confirmation_records_the_check_and_its_evidence() {
    let (dir, path) = workspace();
    std::fs::write(
        dir.path().join("evidence/surveypop-reset.txt"),
        "SurveyPop: no account exists for s8p2d6jn@canary.northwind.example\n",
    )
    .unwrap();
    let check = |dir: &Path| text(&run(dir, &["check", "--format", "json"]).stdout);
    assert!(check(dir.path()).contains("deletion-unverified"));
    let out = run(
        dir.path(),
        &[
            "mark",
            "surveypop",
            "verified",
            "--evidence",
            "evidence/surveypop-reset.txt",
        ],
    );
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("Recorded `verified` for `surveypop`"),
        "{stderr}"
    );
    assert!(stderr.contains("The deletion is done."), "{stderr}");
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(
        now.contains(
            "kind = \"verified\"\nevidence = \"evidence/surveypop-reset.txt\"\nevidence_sha256 = \""
        ),
        "{now}"
    );
    assert!(!check(dir.path()).contains("deletion-unverified"));
}

#[test]
fn a_successful_edit_says_what_changed_and_quiet_silences_it() {
    let (dir, path) = workspace();
    let out = run(
        dir.path(),
        &["mark", "mailblast", "reminded", "--note", "second letter"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(
        text(&out.stderr),
        "Recorded `reminded` for `mailblast` on 2026-11-28 at vendors.toml:65. The response is due by 2026-12-14.\n"
    );
    assert!(out.stdout.is_empty());
    let out = run(dir.path(), &["-q", "retire", "newcrm"]);
    assert_eq!(out.status.code(), Some(0));
    assert!(out.stderr.is_empty() && out.stdout.is_empty());
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.contains("note = \"second letter\""));
    assert!(now.contains("used_from = 2021-02-01\nretired_on = 2026-11-28\n"));
}

#[test]
fn dry_run_prints_the_diff_and_writes_nothing() {
    let (dir, path) = workspace();
    let out = run(
        dir.path(),
        &["retire", "newcrm", "--on", "2026-11-01", "--dry-run"],
    );
    assert_eq!(out.status.code(), Some(0));
    assert_eq!(
        text(&out.stdout),
        "--- a/vendors.toml\n+++ b/vendors.toml\n@@ -253,6 +253,7 @@\n website = \"https://newcrm.example\"\n privacy_email = \"privacy@newcrm.example\"\n used_from = 2021-02-01\n+retired_on = 2026-11-01\n account = \"tenant northwind\"\n data = [\"contact.email\", \"contact.name\", \"contact.phone\", \"financial.invoice\"]\n records = 15800\n"
    );
    assert_eq!(
        text(&out.stderr),
        "Dry run: vendors.toml was not changed.\n"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
    assert!(
        !dir.path().join(".vendors.toml.lock").exists(),
        "a dry run takes no lock"
    );
}

#[test]
fn evidence_paths_are_stored_relative_to_the_inventory() {
    let (dir, path) = workspace();
    let sub = dir.path().join("evidence");
    let out = linger(&sub)
        .args([
            "mark",
            "mailblast",
            "confirmed",
            "--evidence",
            "surveypop-deletion-confirmation.txt",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(
        now.contains("evidence = \"evidence/surveypop-deletion-confirmation.txt\""),
        "{now}"
    );
    // ... and `check` finds the file from there.
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert!(!text(&out.stdout).contains("evidence-missing"));
}

#[cfg(unix)]
#[test]
fn a_symlinked_inventory_edits_its_target_and_keeps_permissions() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, target) = workspace();
    std::fs::set_permissions(&target, std::fs::Permissions::from_mode(0o600)).unwrap();
    let link_dir = tempfile::tempdir().unwrap();
    let link = link_dir.path().join("vendors.toml");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let out = run(link_dir.path(), &["mark", "mailblast", "reminded"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&target)
            .unwrap()
            .contains("kind = \"reminded\"")
    );
    let mode = std::fs::metadata(&target).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o600);
    assert!(
        dir.path().join(".vendors.toml.lock").exists(),
        "the lock sits beside the target"
    );
}

#[cfg(unix)]
#[test]
fn a_read_only_inventory_is_not_replaced() {
    use std::os::unix::fs::PermissionsExt;
    let (dir, path) = workspace();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o444)).unwrap();
    let out = run(dir.path(), &["retire", "newcrm"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("read-only"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
}

#[test]
fn eight_writers_at_once_all_land() {
    let (dir, path) = workspace();
    let children: Vec<_> = (0..8)
        .map(|i| {
            linger(dir.path())
                .args([
                    "mark",
                    "mailblast",
                    "reminded",
                    "--note",
                    &format!("writer {i}"),
                ])
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();
    for child in children {
        let out = child.wait_with_output().unwrap();
        assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    }
    let now = std::fs::read_to_string(&path).unwrap();
    for i in 0..8 {
        assert_eq!(
            now.matches(&format!("note = \"writer {i}\"")).count(),
            1,
            "{now}"
        );
    }
    assert_eq!(
        now.matches("[[vendor.event]]").count(),
        EXAMPLE.matches("[[vendor.event]]").count() + 8
    );
    let out = run(dir.path(), &["show", "mailblast"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(strays(dir.path()).is_empty());
}

#[test]
fn a_writer_waits_for_the_lock_says_so_and_then_lands() {
    let (dir, path) = workspace();
    let lock = std::fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(dir.path().join(".vendors.toml.lock"))
        .unwrap();
    lock.lock().unwrap();
    let child = linger(dir.path())
        .args(["mark", "mailblast", "reminded"])
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    std::thread::sleep(Duration::from_millis(1500));
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        EXAMPLE,
        "wrote without the lock"
    );
    lock.unlock().unwrap();
    let out = child.wait_with_output().unwrap();
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.starts_with("Waiting for another linger to finish editing vendors.toml"),
        "{stderr}"
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("kind = \"reminded\"")
    );
}

#[cfg(debug_assertions)]
#[test]
fn a_crash_between_write_and_rename_leaves_the_original() {
    let (dir, path) = workspace();
    let out = linger(dir.path())
        .env("LINGER_TEST_EXIT_BEFORE_RENAME", "1")
        .args(["mark", "mailblast", "reminded"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(86), "the hook did not run");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
    // The temporary file was written in full, and only it is left over.
    let strays = strays(dir.path());
    assert_eq!(strays.len(), 1, "{strays:?}");
    assert!(strays[0].starts_with(".vendors.toml.") && strays[0].ends_with(".tmp"));
    let temp = std::fs::read_to_string(dir.path().join(&strays[0])).unwrap();
    assert!(temp.contains("kind = \"reminded\""));
    // The next edit works as if nothing happened, and removes the stray
    // copy under its lock.
    let out = run(dir.path(), &["mark", "mailblast", "reminded"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(self::strays(dir.path()), Vec::<String>::new());
}

#[cfg(unix)]
#[test]
fn a_lock_file_that_is_a_symlink_is_refused_and_its_target_untouched() {
    let (dir, path) = workspace();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    std::os::unix::fs::symlink(&victim, dir.path().join(".vendors.toml.lock")).unwrap();
    let dangling = dir.path().join("nothing-here");
    let out = run(dir.path(), &["mark", "mailblast", "reminded"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is a symbolic link"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
    // A dangling link must not create its target either.
    std::fs::remove_file(dir.path().join(".vendors.toml.lock")).unwrap();
    std::os::unix::fs::symlink(&dangling, dir.path().join(".vendors.toml.lock")).unwrap();
    let out = run(dir.path(), &["mark", "mailblast", "reminded"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(!dangling.exists());
}

#[cfg(unix)]
#[test]
fn a_stray_temp_link_is_left_alone_and_never_written_through() {
    let (dir, path) = workspace();
    let victim = dir.path().join("victim.txt");
    std::fs::write(&victim, "precious").unwrap();
    let link = dir.path().join(".vendors.toml.planted.tmp");
    std::os::unix::fs::symlink(&victim, &link).unwrap();
    let out = run(dir.path(), &["mark", "mailblast", "reminded"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&victim).unwrap(), "precious");
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert!(
        std::fs::read_to_string(&path)
            .unwrap()
            .contains("kind = \"reminded\"")
    );
}

#[cfg(unix)]
#[test]
fn a_shared_inventory_keeps_its_mode_owner_and_group_and_lends_them_to_the_lock() {
    use std::os::unix::fs::{MetadataExt, PermissionsExt};
    let (dir, path) = workspace();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o664)).unwrap();
    // Root (as in CI) can give the file to another user, as a shared folder
    // would have it; anyone else checks that the file stays theirs.
    let root = unsafe { libc::geteuid() } == 0;
    let (uid, gid) = if root {
        std::os::unix::fs::chown(&path, Some(4242), Some(4343)).unwrap();
        (4242, 4343)
    } else {
        let m = std::fs::metadata(&path).unwrap();
        (m.uid(), m.gid())
    };
    let out = run(dir.path(), &["mark", "mailblast", "reminded"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = std::fs::metadata(&path).unwrap();
    assert_eq!(after.permissions().mode() & 0o777, 0o664);
    assert_eq!((after.uid(), after.gid()), (uid, gid));
    let lock = std::fs::metadata(dir.path().join(".vendors.toml.lock")).unwrap();
    assert_eq!(
        lock.permissions().mode() & 0o777,
        0o664,
        "others who may edit may lock"
    );
}

#[test]
fn a_dry_run_diff_applies_with_git_apply_on_lf_and_crlf_files() {
    if !common::outside::git("a_dry_run_diff_applies_with_git_apply_on_lf_and_crlf_files") {
        return;
    }
    for crlf in [false, true] {
        let (dir, path) = workspace();
        if crlf {
            std::fs::write(&path, EXAMPLE.replace('\n', "\r\n")).unwrap();
        }
        let args = [
            "mark",
            "mailblast",
            "acknowledged",
            "--reference",
            "Case 4411",
        ];
        let dry = linger(dir.path())
            .args(args)
            .arg("--dry-run")
            .output()
            .unwrap();
        assert_eq!(dry.status.code(), Some(0));
        std::fs::write(dir.path().join("edit.patch"), &dry.stdout).unwrap();
        let check = std::process::Command::new("git")
            .args(["apply", "--check", "edit.patch"])
            .current_dir(dir.path())
            .output()
            .expect("git runs");
        assert!(
            check.status.success(),
            "crlf={crlf}: {}",
            text(&check.stderr)
        );
        // Applied, the patch gives exactly what the edit itself writes.
        let applied = std::process::Command::new("git")
            .args(["apply", "edit.patch"])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert!(applied.status.success());
        let patched = std::fs::read(&path).unwrap();
        if crlf {
            std::fs::write(&path, EXAMPLE.replace('\n', "\r\n")).unwrap();
        } else {
            std::fs::write(&path, EXAMPLE).unwrap();
        }
        assert_eq!(run(dir.path(), &args).status.code(), Some(0));
        assert_eq!(std::fs::read(&path).unwrap(), patched, "crlf={crlf}");
    }
}

#[cfg(unix)]
#[test]
fn a_writer_killed_at_any_moment_leaves_the_old_file_or_the_new_one() {
    let (dir, path) = workspace();
    // The one result a finished edit gives, to compare with.
    let (done_dir, done_path) = workspace();
    let started = std::time::Instant::now();
    assert!(
        run(done_dir.path(), &["mark", "mailblast", "reminded"])
            .status
            .success()
    );
    let lifetime = started.elapsed();
    let new = std::fs::read_to_string(&done_path).unwrap();
    let mut seen_old = false;
    let mut seen_new = false;
    // Under load a run can take longer than the one timed, so keep going
    // (with later and later kills) until both outcomes have been seen.
    for i in 0..200u32 {
        std::fs::write(&path, EXAMPLE).unwrap();
        let mut child = linger(dir.path())
            .args(["mark", "mailblast", "reminded"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .unwrap();
        // Spread the kills over the process's life, start to finish and a
        // little beyond.
        std::thread::sleep(lifetime.mul_f64(f64::from(i) / 30.0));
        let _ = child.kill();
        let _ = child.wait();
        let now = std::fs::read_to_string(&path).unwrap();
        assert!(now == EXAMPLE || now == new, "kill {i} left a partial file");
        seen_old |= now == EXAMPLE;
        seen_new |= now == new;
        if i >= 40 && seen_old && seen_new {
            break;
        }
    }
    assert!(
        seen_old,
        "no kill landed before the rename; the test proves nothing"
    );
    assert!(
        seen_new,
        "no run finished before its kill; the test proves nothing"
    );
}

#[test]
fn add_and_a_planned_retirement_say_what_they_did() {
    let (dir, path) = workspace();
    let out = run(
        dir.path(),
        &[
            "add",
            "acme",
            "--name",
            "Acme AS",
            "--data",
            "contact.email",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let line = text(&out.stderr);
    let now = std::fs::read_to_string(&path).unwrap();
    let at = now.lines().position(|l| l == "id = \"acme\"").unwrap();
    // The location names the new vendor's header, the line above its id.
    assert_eq!(
        line,
        format!("Added `acme` (Acme AS) at vendors.toml:{at}.\n")
    );
    let out = run(dir.path(), &["retire", "acme", "--on", "2027-03-31"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stderr).starts_with("Will retire `acme` on 2027-03-31 at vendors.toml:"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn an_edit_dated_after_the_real_date_is_refused_unless_allowed() {
    let (dir, path) = workspace();
    // The real date is whatever the clock says; a year ahead is the future.
    let future = (chrono::Local::now().date_naive() + chrono::Days::new(365)).to_string();
    let out = linger(dir.path())
        .env("LINGER_TODAY", &future)
        .args(["mark", "mailblast", "reminded"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("--allow-future"),
        "{}",
        text(&out.stderr)
    );
    let on = format!("--on={future}");
    let out = run(dir.path(), &["mark", "mailblast", "reminded", &on]);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), EXAMPLE);
    // Asked for, it is done; `check` then keeps its error for the future event.
    let out = linger(dir.path())
        .env("LINGER_TODAY", &future)
        .args(["mark", "mailblast", "reminded", "--allow-future"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let check = linger(dir.path())
        .env_remove("LINGER_TODAY")
        .arg("check")
        .output()
        .unwrap();
    assert_eq!(check.status.code(), Some(2));
    assert!(text(&check.stderr).contains("after today"));
}

#[test]
fn a_file_mixing_crlf_and_lf_keeps_each_line_and_adds_lines_like_its_first() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    let mixed = "schema = 1\r\n[organization]\nname = \"N\"\r\nemail = \"p@n.example\"\n\n\
                 [[vendor]]\r\nid = \"v\"\nname = \"V\"\r\nretired_on = 2026-01-01\n";
    std::fs::write(&path, mixed).unwrap();
    let out = run(dir.path(), &["mark", "v", "requested"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = std::fs::read_to_string(&path).unwrap();
    assert!(
        after.starts_with(mixed),
        "the old lines changed:\n{after:?}"
    );
    let added = &after[mixed.len()..];
    assert_eq!(
        added,
        "\r\n[[vendor.event]]\r\non = 2026-11-28\r\nkind = \"requested\"\r\n"
    );
}

#[test]
fn canary_new_adds_an_unguessable_address_and_prints_it() {
    let (dir, path) = workspace();
    let out = run(dir.path(), &["canary", "new", "newcrm"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let address = text(&out.stdout).trim().to_string();
    // organization.canary_domain of the example.
    let (local, domain) = address.split_once('@').unwrap();
    assert_eq!(domain, "canary.northwind.example");
    let (id, token) = local.split_once('.').unwrap();
    assert_eq!(id, "newcrm");
    assert_eq!(token.len(), 8);
    assert!(
        token
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
    );
    assert!(text(&out.stderr).contains("Register it at NewCRM AS as a test account"));
    let now = std::fs::read_to_string(&path).unwrap();
    assert!(now.contains(&format!(
        "\"n1a7z3qp@canary.northwind.example\", \"{address}\"]"
    )));
    // A dry run shows the new address in its diff and writes nothing.
    let before_dry = std::fs::read_to_string(&path).unwrap();
    let dry = run(dir.path(), &["canary", "new", "newcrm", "--dry-run"]);
    assert_eq!(dry.status.code(), Some(0));
    let diff = text(&dry.stdout);
    assert!(
        diff.starts_with("--- a/vendors.toml") && diff.contains("+canaries = ["),
        "{diff}"
    );
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before_dry);
    // Two runs never make the same address.
    let again = run(dir.path(), &["canary", "new", "newcrm"]);
    assert_ne!(text(&again.stdout).trim(), address);
    // An unknown vendor or a bad domain is refused, the file untouched.
    let before = std::fs::read_to_string(&path).unwrap();
    assert_eq!(
        run(dir.path(), &["canary", "new", "nocrm"]).status.code(),
        Some(2)
    );
    let bad = run(
        dir.path(),
        &["canary", "new", "newcrm", "--domain", "https://x"],
    );
    assert_eq!(bad.status.code(), Some(2));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), before);
}

#[test]
fn git_is_told_once_to_ignore_the_lock_file() {
    if !common::outside::git("git_is_told_once_to_ignore_the_lock_file") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let repo = dir.path();
    let git = |args: &[&str]| {
        let out = std::process::Command::new("git")
            .args(args)
            .current_dir(repo)
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    git(&["init", "-q"]);
    std::fs::create_dir_all(repo.join("privacy")).unwrap();
    std::fs::write(repo.join(".gitignore"), "target/").unwrap();
    let out = common::linger()
        .current_dir(repo.join("privacy"))
        .arg("init")
        .output()
        .unwrap();
    common::assert_success(&out);
    let ignore = std::fs::read_to_string(repo.join(".gitignore")).unwrap();
    assert_eq!(
        ignore,
        "target/\n# linger's lock while it edits the inventory\n/privacy/.vendors.toml.lock\n"
    );
    // An edit leaves the lock file; git does not show it, and the line is
    // not added twice.
    std::fs::write(repo.join("privacy/vendors.toml"), EXAMPLE).unwrap();
    let out = common::linger()
        .current_dir(repo.join("privacy"))
        .args(["mark", "oldcrm", "requested"])
        .output()
        .unwrap();
    common::assert_success(&out);
    assert!(repo.join("privacy/.vendors.toml.lock").exists());
    assert_eq!(
        std::fs::read_to_string(repo.join(".gitignore")).unwrap(),
        ignore
    );
    let status = git(&["status", "--porcelain", "--untracked-files=all"]);
    assert!(!status.contains(".vendors.toml.lock"), "{status}");
    assert!(status.contains("privacy/vendors.toml"), "{status}");
}

#[test]
fn mark_records_a_message_id_and_refuses_a_malformed_one() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, EXAMPLE).unwrap();
    let out = common::linger()
        .arg("-f")
        .arg(&path)
        .args([
            "mark",
            "oldcrm",
            "requested",
            "--message-id",
            "<x1.y2@northwind.example>",
        ])
        .output()
        .unwrap();
    common::assert_success(&out);
    let text = std::fs::read_to_string(&path).unwrap();
    assert!(
        text.contains("kind = \"requested\"\nmessage_id = \"<x1.y2@northwind.example>\"\n"),
        "{text}"
    );
    let before = std::fs::read(&path).unwrap();
    let out = common::linger()
        .arg("-f")
        .arg(&path)
        .args(["mark", "oldcrm", "reminded", "--message-id", "not an id"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("is not a Message-ID"));
    assert_eq!(
        std::fs::read(&path).unwrap(),
        before,
        "a refused edit changes nothing"
    );
}
