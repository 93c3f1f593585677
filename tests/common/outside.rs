//! Programs from outside the Rust toolchain that some tests need
//! (Chromium, Python with `icalendar`, taplo, man, bash, git). A test asks
//! `need` first: when the program is here it runs; when it is missing
//! outside CI, one line `skipped: <test> needs <program> (<how to
//! install>)` goes to the real standard error (past cargo's capture, so
//! that `cargo test` shows it) and the test returns, passing; with `CI`
//! set (as `.ci/run` runs), a missing program fails the test. Never a
//! silent skip.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Whether `program` is here for `test`; see the module comment.
#[track_caller]
pub fn need(test: &str, program: &str, here: bool, install: &str) -> bool {
    if here {
        return true;
    }
    #[allow(clippy::disallowed_methods)] // CI is the test harness's, not linger's
    let ci = std::env::var_os("CI").is_some_and(|v| !v.is_empty() && v != "false" && v != "0");
    if ci {
        panic!("{test} needs {program}, which is missing (CI is set): {install}");
    }
    // Straight to the file descriptor: cargo test captures print! and
    // eprint! of a passing test, and a skip must be seen.
    let _ = writeln!(
        std::io::stderr(),
        "skipped: {test} needs {program} ({install})"
    );
    false
}

/// Whether `program` runs with `args` (a version query) and exits 0.
pub fn runs(program: &Path, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// The first of `names` on PATH.
pub fn on_path(names: &[&str]) -> Option<PathBuf> {
    #[allow(clippy::disallowed_methods)]
    let path = std::env::var_os("PATH")?;
    names.iter().find_map(|name| {
        std::env::split_paths(&path)
            .map(|dir| dir.join(name))
            .find(|candidate| candidate.is_file())
    })
}

/// Python 3 with the `icalendar` package.
pub fn python_icalendar(test: &str) -> bool {
    python_module(
        test,
        "icalendar",
        "python3 -m pip install icalendar; .ci/run does",
    )
}

/// Python 3 that can import `module`.
fn python_module(test: &str, module: &str, install: &str) -> bool {
    let here = Command::new("python3")
        .args(["-c", &format!("import {module}")])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    need(test, &format!("Python's {module} package"), here, install)
}

/// Python 3 (its standard library is enough).
pub fn python(test: &str) -> bool {
    need(
        test,
        "python3",
        runs(Path::new("python3"), &["--version"]),
        "apt-get install python3; .ci/run does",
    )
}

/// Chromium, headless.
pub fn chromium(test: &str) -> Option<PathBuf> {
    let found = on_path(&["chromium", "chromium-browser", "google-chrome"]);
    need(
        test,
        "Chromium",
        found.is_some(),
        "apt-get install chromium; .ci/run does",
    )
    .then_some(found)
    .flatten()
}

/// taplo, under `.ci/tools` (where `.ci/run` installs it) or on PATH.
pub fn taplo(test: &str) -> Option<PathBuf> {
    let local = Path::new(env!("CARGO_MANIFEST_DIR")).join(".ci/tools/node_modules/.bin/taplo");
    let found = if local.exists() {
        Some(local)
    } else {
        on_path(&["taplo"])
    };
    need(
        test,
        "taplo",
        found.is_some(),
        "npm install --prefix .ci/tools @taplo/cli@0.7.0; .ci/run does",
    )
    .then_some(found)
    .flatten()
}

/// man, with groff to render.
pub fn man(test: &str) -> bool {
    need(
        test,
        "man",
        on_path(&["man"]).is_some() && on_path(&["groff"]).is_some(),
        "apt-get install man-db groff-base; .ci/run does",
    )
}

/// bash.
pub fn bash(test: &str) -> bool {
    need(
        test,
        "bash",
        on_path(&["bash"]).is_some(),
        "apt-get install bash",
    )
}

/// git.
pub fn git(test: &str) -> bool {
    need(
        test,
        "git",
        runs(Path::new("git"), &["--version"]),
        "apt-get install git; .ci/run does",
    )
}

/// Python 3 with dnstwist, the lookalike generator `lookalikes` is held
/// to, at the version whose names it was measured against.
pub fn python_dnstwist(test: &str) -> bool {
    python_module(
        test,
        "dnstwist",
        "python3 -m pip install dnstwist==20250130; .ci/run does",
    )
}
