//! The text of the files attached to a reply (a certificate of deletion
//! in a PDF, a plain-text notice), read at the edge, for `inbox` to
//! classify like the body.
//!
//! A PDF is read in a child process: linger itself, run again as the
//! hidden `linger pdf-text`, with the PDF on standard input, an address
//! space of at most `MEMORY_LIMIT`, `CPU_SECONDS` of processor time, and
//! killed after `TIME_LIMIT` of waiting. A parser we do not control may
//! loop on a broken cross-reference table, recurse through a deep object
//! graph until its stack is gone, or inflate a compression bomb; in the
//! child that costs one skipped attachment and a warning, never a hang, a
//! panic or gigabytes of the reading process's memory. Plain text needs
//! no parser and is read here.

use std::io::{Read, Write};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use super::{Context, Loaded, Outcome};
use crate::error::{Error, Failure};
use crate::inbox::Reply;
use crate::inbox::rules::Lexicon;
use crate::mail::Message;
use crate::mail::pdf::{MAX_BYTES, MAX_TEXT};

/// The hidden subcommand that reads one PDF.
pub const SUBCOMMAND: &str = "pdf-text";
/// How long a PDF may take, waited for on the clock.
const TIME_LIMIT: Duration = Duration::from_secs(10);
/// The child's processor time, in seconds (RLIMIT_CPU).
const CPU_SECONDS: u64 = 10;
/// The child's address space (RLIMIT_AS).
const MEMORY_LIMIT: u64 = 1 << 30;
/// The largest message whose attachments are read: a 25 MB file in
/// base64 and its headers.
pub const MAX_MESSAGE: usize = 36 << 20;

/// An attached file that was read.
pub struct AttachmentRead {
    pub name: String,
    pub pdf: bool,
    pub bytes: Vec<u8>,
    pub sha256: String,
    pub text: String,
}

/// The readable attachments of the message `raw`, each with its text;
/// `warn` hears of each one skipped, and why.
pub fn read(raw: &[u8], warn: &mut dyn FnMut(String)) -> Vec<AttachmentRead> {
    if raw.len() > MAX_MESSAGE {
        warn(format!(
            "a message of {} bytes: its attachments are not read (at most {MAX_MESSAGE})",
            raw.len()
        ));
        return Vec::new();
    }
    // Only a multipart message has files: the others are not parsed again
    // (a mailbox's thousands of plain replies cost nothing more).
    let head_end = [&b"\n\n"[..], b"\n\r\n"]
        .iter()
        .filter_map(|end| memchr::memmem::find(raw, end))
        .min()
        .unwrap_or(raw.len());
    let head = raw[..head_end.min(256 << 10)].to_ascii_lowercase();
    if memchr::memmem::find(&head, b"multipart/").is_none() {
        return Vec::new();
    }
    let Some(message) = Message::parse(raw) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for attachment in message.attachments() {
        let name = crate::printable::line(&attachment.name).into_owned();
        let shown = if name.is_empty() { "(no name)" } else { &name };
        if attachment.bytes.len() > MAX_BYTES {
            warn(format!(
                "the attachment {shown} has {} bytes, more than the {MAX_BYTES} read: skipped",
                attachment.bytes.len()
            ));
            continue;
        }
        let text = if attachment.pdf {
            match pdf_text(attachment.bytes) {
                Ok(text) => text,
                Err(why) => {
                    warn(format!("the attachment {shown} was skipped: {why}"));
                    continue;
                }
            }
        } else {
            let mut text = String::from_utf8_lossy(attachment.bytes).into_owned();
            let mut end = text.len().min(MAX_TEXT);
            while !text.is_char_boundary(end) {
                end -= 1;
            }
            text.truncate(end);
            text
        };
        out.push(AttachmentRead {
            name,
            pdf: attachment.pdf,
            sha256: crate::inventory::sha256_bytes(attachment.bytes),
            bytes: attachment.bytes.to_vec(),
            text,
        });
    }
    out
}

/// `reply`, the message `raw` as read, read again with the text of its
/// attachments after its words; and the files read. Each file skipped is
/// a warning on standard error (not with `--quiet`).
pub fn read_with(
    ctx: &Context,
    reply: Reply,
    raw: &[u8],
    loaded: &Loaded,
    table: &Lexicon,
) -> (Reply, Vec<AttachmentRead>) {
    let files = read(raw, &mut |why| {
        if !ctx.quiet {
            let from = crate::printable::line(&reply.from);
            let _ = writeln!(
                crate::output::stderr(),
                "warning: the reply from {from} of {}: {why}",
                reply.date
            );
        }
    });
    if files.is_empty() {
        return (reply, files);
    }
    let texts: Vec<String> = files.iter().map(|f| f.text.clone()).collect();
    let again = crate::inbox::read::reply_with(raw, &texts, &loaded.inventory, table, ctx.today);
    (again.unwrap_or(reply), files)
}

/// The text of a PDF, read by the child; or why not.
fn pdf_text(bytes: &[u8]) -> Result<String, String> {
    let exe = std::env::current_exe().map_err(|err| format!("linger cannot find itself: {err}"))?;
    let mut command = Command::new(exe);
    command
        .arg(SUBCOMMAND)
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

/// `linger pdf-text`: a PDF on standard input, its text on standard
/// output; what is wrong with it as an error. Run by `inbox`, not by
/// people (hidden).
pub fn child() -> Result<Outcome, Error> {
    let mut bytes = Vec::new();
    std::io::stdin()
        .take(MAX_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    let read = std::panic::catch_unwind(|| crate::mail::pdf::text(&bytes));
    let text = match read {
        Ok(Ok(text)) => text,
        Ok(Err(why)) => {
            return Err(Error::failed(
                Failure::Input,
                why,
                "the PDF is listed, not read",
            ));
        }
        Err(_) => {
            return Err(Error::failed(
                Failure::Input,
                "the PDF reader gave up on it",
                "the PDF is listed, not read",
            ));
        }
    };
    let mut out = crate::output::stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}
