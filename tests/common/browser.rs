//! A real browser for the HTML report: Debian's Chromium, headless, with
//! the flags that keep it off the network (it would otherwise try to reach
//! Google at every start) and a fresh profile per run. `.ci/run` installs
//! it; a test asks `outside::chromium` first, which skips it (or fails it
//! under CI) on a machine without.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

fn binary() -> PathBuf {
    super::outside::on_path(&["chromium", "chromium-browser", "google-chrome"])
        .expect("no Chromium found: install it with `apt-get install chromium` (.ci/run does)")
}

/// Runs Chromium headless on `page` with `extra` flags; returns its output.
pub fn run(page: &Path, extra: &[String]) -> Output {
    let profile = tempfile::tempdir().unwrap();
    let mut cmd = Command::new(binary());
    cmd.args([
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--hide-scrollbars",
        "--enable-logging=stderr",
        "--v=0",
    ])
    .arg(format!("--user-data-dir={}", profile.path().display()))
    .args(extra)
    .arg(format!("file://{}", page.display()))
    // No session bus here: say so, rather than let it try.
    .env("DBUS_SESSION_BUS_ADDRESS", "disabled:");
    let out = cmd.output().unwrap();
    assert!(
        out.status.success(),
        "chromium failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// The DOM after the page loaded, and what the browser logged.
pub fn dom(page: &Path) -> (String, String) {
    let out = run(page, &["--dump-dom".to_string()]);
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

/// Lines of the browser's log that report the page's console or a script
/// error (Chromium logs them as `CONSOLE` or `Uncaught`).
pub fn console_errors(log: &str) -> Vec<&str> {
    log.lines()
        .filter(|l| l.contains(":CONSOLE") || l.contains("Uncaught"))
        .collect()
}
