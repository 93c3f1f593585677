//! linger run again as a child process, under limits, for work done by a
//! parser we do not control: the hidden `linger pdf-text` reads one PDF
//! from standard input with an address space of at most `MEMORY_LIMIT`,
//! `CPU_SECONDS` of processor time, and is killed after `TIME_LIMIT` of
//! waiting. A PDF may loop on a broken cross-reference table, recurse
//! through a deep object graph until its stack is gone, or inflate a
//! compression bomb; in the child that costs one skipped attachment and
//! a warning, never a hang, a panic or gigabytes of the reading process's
//! memory. An edge: it runs processes.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use crate::mail::pdf::MAX_TEXT;

/// The hidden subcommand that reads one PDF.
pub const PDF_TEXT: &str = "pdf-text";
/// How long a PDF may take, waited for on the clock.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// The child's processor time, in seconds (RLIMIT_CPU).
const CPU_SECONDS: u64 = 10;
/// The child's address space (RLIMIT_AS).
const MEMORY_LIMIT: u64 = 1 << 30;

/// The text of a PDF, read by the child; or why not.
pub fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|err| format!("linger cannot find itself: {err}"))?;
    let mut command = Command::new(exe);
    command
        .arg(PDF_TEXT)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped());
    limit(&mut command);
    let mut child = command
        .spawn()
        .map_err(|err| format!("the PDF reader did not start: {err}"))?;
    // Fed and drained by threads: a PDF of 25 MB fills a pipe.
    let input = bytes.to_vec();
    let mut stdin = child.stdin.take();
    let writer = std::thread::spawn(move || {
        if let Some(stdin) = stdin.as_mut() {
            let _ = stdin.write_all(&input);
        }
    });
    let drain = |pipe: Option<Box<dyn Read + Send>>, cap: usize| {
        std::thread::spawn(move || {
            let mut out = Vec::new();
            if let Some(pipe) = pipe {
                let _ = pipe.take(cap as u64).read_to_end(&mut out);
            }
            out
        })
    };
    let stdout = drain(
        child
            .stdout
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        MAX_TEXT * 4,
    );
    let stderr = drain(
        child
            .stderr
            .take()
            .map(|p| Box::new(p) as Box<dyn Read + Send>),
        4096,
    );
    let start = Instant::now();
    let status = loop {
        match child.try_wait() {
            Ok(Some(status)) => break status,
            Ok(None) if start.elapsed() > TIME_LIMIT => {
                let _ = child.kill();
                let _ = child.wait();
                let _ = writer.join();
                return Err(format!(
                    "reading it took more than {} s: stopped",
                    TIME_LIMIT.as_secs()
                ));
            }
            Ok(None) => std::thread::sleep(Duration::from_millis(10)),
            Err(err) => return Err(format!("the PDF reader could not be waited for: {err}")),
        }
    };
    let _ = writer.join();
    let text = stdout.join().unwrap_or_default();
    let why = stderr.join().unwrap_or_default();
    if status.success() {
        return Ok(String::from_utf8_lossy(&text).into_owned());
    }
    let why = String::from_utf8_lossy(&why);
    let why = why
        .lines()
        .find_map(|l| l.strip_prefix("error: "))
        .map(|l| crate::printable::line(l).into_owned());
    Err(match (why, status.code()) {
        (Some(why), _) => why,
        // Killed by a signal: the memory or time limit, or a crash.
        (None, None) => "the PDF reader was stopped (memory or time limit, or a crash)".into(),
        (None, Some(code)) => format!("the PDF reader failed (exit {code})"),
    })
}

/// A test-only hook, compiled into debug builds only: with
/// `LINGER_TEST_PDF_STALL=FILE` set, `linger pdf-text` appends its process
/// id to FILE and then sleeps instead of reading, as a PDF that never
/// finishes would. No PDF is known to take more than `TIME_LIMIT`
/// reliably on every machine, so tests/inbox_records.rs uses this to show
/// that the clock stops the child and reaps it.
#[allow(clippy::disallowed_methods)] // the hook owns its variable
pub fn stall_for_tests() {
    #[cfg(debug_assertions)]
    if let Some(path) = std::env::var_os("LINGER_TEST_PDF_STALL") {
        let pid = std::process::id();
        if let Ok(mut file) = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
        {
            let _ = writeln!(file, "{pid}");
        }
        std::thread::sleep(TIME_LIMIT * 60);
    }
}

/// The child's limits, set between fork and exec.
#[cfg(unix)]
fn limit(command: &mut Command) {
    use std::os::unix::process::CommandExt;
    let set = |resource, value: u64| {
        let limit = libc::rlimit {
            rlim_cur: value as libc::rlim_t,
            rlim_max: value as libc::rlim_t,
        };
        // SAFETY: setrlimit is async-signal-safe and touches only the
        // child.
        unsafe { libc::setrlimit(resource, &limit) }
    };
    // SAFETY: the closure only calls setrlimit.
    unsafe {
        command.pre_exec(move || {
            if set(libc::RLIMIT_AS, MEMORY_LIMIT) != 0 || set(libc::RLIMIT_CPU, CPU_SECONDS) != 0 {
                return Err(std::io::Error::last_os_error());
            }
            Ok(())
        });
    }
}

#[cfg(not(unix))]
fn limit(_command: &mut Command) {}
