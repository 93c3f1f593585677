//! Streams the messages of mail archives: single messages (`.eml`), mbox
//! files (mboxo, mboxrd, mboxcl with `Content-Length`; Google Takeout,
//! Thunderbird, Netscape) and Maildir folders, or folders of any of these.
//!
//! Memory is bounded whatever the input: a line is kept up to `MAX_LINE`
//! bytes (a longer header line skips its message, counted), a header block
//! up to `MAX_HEADER`, a whole message up to `MAX_MESSAGE` (a larger one
//! is skipped, counted). Nothing is read that is not a regular file: a
//! link to a device, a FIFO, a link out of the folder or a link loop is
//! skipped and named, never followed. A file that is not mail (no header
//! block of `Name: value` lines before its first blank line) is skipped and
//! named, not counted as a message.

use std::collections::BTreeSet;
use std::fs;
use std::io::{self, BufRead, BufReader, Read};
use std::path::{Path, PathBuf};

use super::separator::is_from;

/// The longest line kept. RFC 5322 allows 998 characters; a megabyte is
/// far past anything real and bounds a hostile one.
pub const MAX_LINE: usize = 1 << 20;
/// The part of a header block kept; the rest of the block is dropped.
pub const MAX_HEADER: usize = 256 << 10;
/// The largest message read whole; a larger one is skipped.
pub const MAX_MESSAGE: usize = 64 << 20;
/// Separator warnings kept per file; the rest are counted.
const WARNINGS_PER_FILE: usize = 3;

/// How much of each message the caller needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Want {
    /// The header block only (discover): bodies are skipped unread.
    Headers,
    /// The whole message (trace, phish: recipients of attached originals).
    Whole,
}

/// One message as the reader hands it over: its bytes, unparsed, and
/// where it lies. `Message::parse` (or `Message::headers`) reads it.
#[derive(Debug)]
pub struct Raw<'a> {
    /// The header block (`Want::Headers`), or the whole message with
    /// mboxrd's `>From ` quoting undone.
    pub bytes: &'a [u8],
    /// The file it came from.
    pub path: &'a Path,
    /// The same path below the folder the user gave (the file's name when
    /// a file was given): where folder names such as `.Junk` are read.
    pub within: &'a Path,
    /// The line of the file where it starts (1 for a single message).
    pub line: u64,
}

/// What reading skipped, beside the messages handed over.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Tally {
    pub messages: u64,
    /// Files that hold no mail (a `.json` beside the messages).
    pub not_mail: Vec<PathBuf>,
    /// Entries not read, and why: a device, FIFO or socket, a link out of
    /// the folder, a broken link or a link loop, a file that cannot be
    /// opened.
    pub skipped: Vec<(PathBuf, String)>,
    /// Messages skipped for a header line over `MAX_LINE`, or (whole) a
    /// size over `MAX_MESSAGE`.
    pub oversized: u64,
    /// Where a `From ` line was read differently from what a simpler rule
    /// would do, with the file and line.
    pub warnings: Vec<String>,
    /// Warnings beyond the few kept per file.
    pub more_warnings: u64,
}

impl Tally {
    /// Adds `other`'s counts and lists to these.
    pub fn absorb(&mut self, other: Tally) {
        self.messages += other.messages;
        self.not_mail.extend(other.not_mail);
        self.skipped.extend(other.skipped);
        self.oversized += other.oversized;
        self.warnings.extend(other.warnings);
        self.more_warnings += other.more_warnings;
    }

    /// What was skipped, as lines for standard error: counts, and with
    /// `verbose` each file by name. Empty when nothing was skipped.
    pub fn report(&self, verbose: bool) -> Vec<String> {
        let shown = |path: &Path| crate::printable::line(&path.display().to_string()).into_owned();
        let plural = |n: usize, one: &str, many: &str| {
            if n == 1 {
                one.to_string()
            } else {
                many.to_string()
            }
        };
        let mut lines = Vec::new();
        // A count, with each name below it when `verbose`, else a hint.
        let mut section = |heading: String, hint: &str, names: Vec<String>| {
            if names.is_empty() {
                return;
            }
            lines.push(format!("{heading}{}", if verbose { ":" } else { hint }));
            if verbose {
                lines.extend(names.into_iter().map(|name| format!("  {name}")));
            }
        };
        let n = self.not_mail.len();
        section(
            format!(
                "Skipped {n} {} not mail",
                plural(n, "file that is", "files that are")
            ),
            " (--verbose names them).",
            self.not_mail.iter().map(|p| shown(p)).collect(),
        );
        let n = self.skipped.len();
        section(
            format!(
                "Skipped {n} {} not read (a device, pipe, broken link or link out of the folder)",
                plural(n, "entry", "entries")
            ),
            "; --verbose names them.",
            self.skipped
                .iter()
                .map(|(p, why)| format!("{}: {why}", shown(p)))
                .collect(),
        );
        if self.oversized > 0 {
            lines.push(format!(
                "Skipped {} {} with a line over {} MB or a size over {} MB.",
                self.oversized,
                plural(self.oversized as usize, "message", "messages"),
                MAX_LINE >> 20,
                MAX_MESSAGE >> 20
            ));
        }
        lines.extend(self.warnings.iter().map(|w| format!("warning: {w}")));
        if self.more_warnings > 0 {
            lines.push(format!(
                "warning: {} more `From ` lines were read that way",
                self.more_warnings
            ));
        }
        lines
    }
}

/// Reads `path` (a message, an mbox file, a Maildir or any folder of
/// these), calling `each` with every message. Errors only when `path`
/// itself cannot be read; what is wrong inside is in the `Tally`.
pub fn read(path: &Path, want: Want, each: &mut dyn FnMut(Raw<'_>)) -> io::Result<Tally> {
    let mut tally = Tally::default();
    let meta = fs::metadata(path)?;
    if meta.is_dir() {
        let root = fs::canonicalize(path)?;
        let mut seen = BTreeSet::from([root.clone()]);
        let walk_root = Walk {
            real: &root,
            given: path,
        };
        walk(&root, path, &walk_root, want, each, &mut tally, &mut seen);
    } else if meta.is_file() {
        read_file_as(path, path, path, want, each, &mut tally)?;
    } else {
        return Err(io::Error::other(
            "it is not a regular file or a folder (a device, pipe or socket)",
        ));
    }
    Ok(tally)
}

/// The folder the user gave: as it really is (to keep links inside it) and
/// as given (to name what is in it).
struct Walk<'r> {
    real: &'r Path,
    given: &'r Path,
}

/// Reads every entry of `dir` (shown as `shown`), in name order.
fn walk(
    dir: &Path,
    shown: &Path,
    root: &Walk<'_>,
    want: Want,
    each: &mut dyn FnMut(Raw<'_>),
    tally: &mut Tally,
    seen: &mut BTreeSet<PathBuf>,
) {
    let mut entries: Vec<fs::DirEntry> = match fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(Result::ok).collect(),
        Err(err) => {
            tally
                .skipped
                .push((shown.to_path_buf(), format!("cannot be listed ({err})")));
            return;
        }
    };
    entries.sort_by_key(fs::DirEntry::file_name);
    for entry in entries {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let path = shown.join(&*name);
        let Ok(kind) = entry.file_type() else {
            continue;
        };
        // Maildir's `tmp` holds messages still being delivered; dot files
        // are a mail program's own (`.uidvalidity`, `.mbsyncstate`).
        if name == "tmp" && kind.is_dir() || name.starts_with('.') && !kind.is_dir() {
            continue;
        }
        let (target, meta) = if kind.is_symlink() {
            let Ok(target) = fs::canonicalize(entry.path()) else {
                tally
                    .skipped
                    .push((path, "a broken link or a link loop".into()));
                continue;
            };
            if !target.starts_with(root.real) {
                tally
                    .skipped
                    .push((path, "a link to outside the folder".into()));
                continue;
            }
            match fs::metadata(&target) {
                Ok(meta) => (target, meta),
                Err(err) => {
                    tally
                        .skipped
                        .push((path, format!("cannot be read ({err})")));
                    continue;
                }
            }
        } else {
            match entry.metadata() {
                Ok(meta) => (entry.path(), meta),
                Err(err) => {
                    tally
                        .skipped
                        .push((path, format!("cannot be read ({err})")));
                    continue;
                }
            }
        };
        if meta.is_dir() {
            if seen.insert(target.clone()) {
                walk(&target, &path, root, want, each, tally, seen);
            }
        } else if meta.is_file() {
            if let Err(err) = read_file_as(&target, &path, root.given, want, each, tally) {
                tally
                    .skipped
                    .push((path, format!("cannot be read ({err})")));
            }
        } else {
            tally
                .skipped
                .push((path, "not a regular file (a device, pipe or socket)".into()));
        }
    }
}

/// Reads the file at `path`, naming it `shown` (below `root`, the path
/// the user gave).
fn read_file_as(
    path: &Path,
    shown: &Path,
    root: &Path,
    want: Want,
    each: &mut dyn FnMut(Raw<'_>),
    tally: &mut Tally,
) -> io::Result<()> {
    // A FIFO swapped in after the walk's check still cannot block the open.
    let file = crate::inventory::open_regular(path)?;
    let mut reader = Lines::new(BufReader::with_capacity(256 * 1024, file));
    let Some(first) = reader.next()? else {
        return Ok(());
    };
    let first = strip_bom(&first.bytes).to_vec();
    if first.starts_with(b"From ") {
        Mbox::new(shown, root, want, tally, each).run(first, &mut reader)
    } else {
        single(first, &mut reader, shown, root, want, each, tally)
    }
}

/// Whether a file that starts with `head` is mail: an mbox (its first
/// line `From `) or a message (its first line a header field).
pub fn looks_like_mail(head: &[u8]) -> bool {
    let head = strip_bom(head);
    let first = head.split(|&b| b == b'\n').next().unwrap_or_default();
    first.starts_with(b"From ") || is_field(first)
}

fn strip_bom(line: &[u8]) -> &[u8] {
    line.strip_prefix(b"\xef\xbb\xbf").unwrap_or(line)
}

fn is_blank(line: &[u8]) -> bool {
    line == b"\n" || line == b"\r\n"
}

/// A header field's first line: a name, then a colon (RFC 5322 section
/// 2.2 allows any printable ASCII in the name; real ones use letters,
/// digits, `-`, `_` and `.`, and the narrower rule keeps `{"a": 1}` out).
fn is_field(line: &[u8]) -> bool {
    let Some(colon) = line.iter().position(|&b| b == b':') else {
        return false;
    };
    colon > 0
        && line[..colon]
            .iter()
            .all(|&b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

fn is_continuation(line: &[u8]) -> bool {
    matches!(line.first(), Some(b' ' | b'\t'))
}

/// One message in a file of its own: its header block must be mail.
fn single(
    first: Vec<u8>,
    reader: &mut Lines<impl BufRead>,
    shown: &Path,
    root: &Path,
    want: Want,
    each: &mut dyn FnMut(Raw<'_>),
    tally: &mut Tally,
) -> io::Result<()> {
    if !is_field(&first) {
        tally.not_mail.push(shown.to_path_buf());
        return Ok(());
    }
    let mut bytes = first;
    let mut oversized = false;
    let mut ended = false;
    while let Some(line) = reader.next()? {
        oversized |= line.overlong;
        if is_blank(&line.bytes) {
            if want == Want::Whole {
                bytes.extend_from_slice(&line.bytes);
            }
            ended = true;
            break;
        }
        if !is_field(&line.bytes) && !is_continuation(&line.bytes) {
            tally.not_mail.push(shown.to_path_buf());
            return Ok(());
        }
        if bytes.len() < MAX_HEADER {
            bytes.extend_from_slice(&line.bytes);
        }
    }
    if want == Want::Whole && ended {
        while let Some(line) = reader.next()? {
            oversized |= line.overlong || bytes.len() + line.bytes.len() > MAX_MESSAGE;
            if oversized {
                break;
            }
            bytes.extend_from_slice(&line.bytes);
        }
    }
    if oversized {
        tally.oversized += 1;
        return Ok(());
    }
    tally.messages += 1;
    each(Raw {
        bytes: &bytes,
        path: shown,
        within: within(shown, root),
        line: 1,
    });
    Ok(())
}

/// `shown` below `root` (the path the user gave); its file name when it is
/// not below it.
fn within<'p>(shown: &'p Path, root: &Path) -> &'p Path {
    shown
        .strip_prefix(root)
        .ok()
        .filter(|rest| !rest.as_os_str().is_empty())
        .or_else(|| shown.file_name().map(Path::new))
        .unwrap_or(shown)
}

/// The reading of one mbox file.
struct Mbox<'a> {
    path: &'a Path,
    root: &'a Path,
    want: Want,
    tally: &'a mut Tally,
    each: &'a mut dyn FnMut(Raw<'_>),
    /// The message being read: header block, then (whole) its body.
    bytes: Vec<u8>,
    start: u64,
    in_header: bool,
    oversized: bool,
    last_blank: bool,
    warned: usize,
}

impl<'a> Mbox<'a> {
    fn new(
        path: &'a Path,
        root: &'a Path,
        want: Want,
        tally: &'a mut Tally,
        each: &'a mut dyn FnMut(Raw<'_>),
    ) -> Self {
        Self {
            path,
            root,
            want,
            tally,
            each,
            bytes: Vec::with_capacity(8192),
            start: 1,
            in_header: true,
            oversized: false,
            last_blank: false,
            warned: 0,
        }
    }

    fn run(mut self, first: Vec<u8>, reader: &mut Lines<impl BufRead>) -> io::Result<()> {
        // The first line is the first separator, whatever its date says.
        drop(first);
        while let Some(line) = reader.next()? {
            let number = reader.number;
            if line.bytes.starts_with(b"From ") {
                let separator = is_from(&line.bytes);
                if separator && !self.last_blank && !self.in_header_start() {
                    self.warn(number, "a `From ` line with a date but no blank line before it starts a new message");
                } else if !separator && self.last_blank {
                    self.warn(number, "a line starting `From ` after a blank line has no date, so it was read as part of the message");
                }
                if separator {
                    self.finish();
                    self.start = number;
                    continue;
                }
            }
            self.line(&line, number, reader)?;
        }
        self.finish();
        Ok(())
    }

    /// Whether nothing of the current message has been read yet.
    fn in_header_start(&self) -> bool {
        self.in_header && self.bytes.is_empty()
    }

    fn warn(&mut self, number: u64, what: &str) {
        if self.warned < WARNINGS_PER_FILE {
            self.tally.warnings.push(format!(
                "{}:{number}: {what}",
                crate::printable::line(&self.path.display().to_string())
            ));
        } else {
            self.tally.more_warnings += 1;
        }
        self.warned += 1;
    }

    fn line(
        &mut self,
        line: &Line,
        number: u64,
        reader: &mut Lines<impl BufRead>,
    ) -> io::Result<()> {
        let blank = is_blank(&line.bytes);
        self.last_blank = blank;
        if self.in_header {
            self.oversized |= line.overlong;
            if blank {
                self.in_header = false;
                if self.want == Want::Whole {
                    self.bytes.extend_from_slice(&line.bytes);
                    return self.counted_body(reader, number);
                }
            } else if self.bytes.len() < MAX_HEADER {
                self.bytes.extend_from_slice(&line.bytes);
            }
            return Ok(());
        }
        if self.want == Want::Whole && !self.oversized {
            if line.overlong || self.bytes.len() + line.bytes.len() > MAX_MESSAGE {
                self.oversized = true;
                return Ok(());
            }
            // mboxrd: `>From `, `>>From ` lose one `>`.
            let quoted = line.bytes.iter().take_while(|&&b| b == b'>').count();
            if quoted > 0 && line.bytes[quoted..].starts_with(b"From ") {
                self.bytes.extend_from_slice(&line.bytes[1..]);
            } else {
                self.bytes.extend_from_slice(&line.bytes);
            }
        }
        Ok(())
    }

    /// mboxcl: a `Content-Length` header gives the body's size, and the
    /// body may then hold unquoted `From ` lines. Trusted only when the
    /// bytes after it are the end, a blank line or a separator; otherwise
    /// the body is read line by line like any other.
    fn counted_body(&mut self, reader: &mut Lines<impl BufRead>, _number: u64) -> io::Result<()> {
        let Some(length) = content_length(&self.bytes) else {
            return Ok(());
        };
        if length > MAX_MESSAGE.saturating_sub(self.bytes.len()) {
            return Ok(());
        }
        let Some(body) = reader.exactly(length)? else {
            return Ok(());
        };
        if reader.at_message_end()? {
            self.bytes.extend_from_slice(&body);
            self.last_blank =
                body.ends_with(b"\n\n") || body.ends_with(b"\r\n\r\n") || body.is_empty();
            return Ok(());
        }
        // Not a real length: read those bytes as lines.
        for piece in body.split_inclusive(|&b| b == b'\n') {
            let line = Line {
                bytes: piece.to_vec(),
                overlong: false,
            };
            self.line(&line, 0, reader)?;
        }
        Ok(())
    }

    /// Hands the message over (or counts it as skipped) and starts afresh.
    fn finish(&mut self) {
        if !self.bytes.is_empty() {
            if self.oversized {
                self.tally.oversized += 1;
            } else {
                if self.want == Want::Whole {
                    // The blank line before the next separator is mbox's,
                    // not the message's.
                    if self.bytes.ends_with(b"\r\n\r\n") {
                        self.bytes.truncate(self.bytes.len() - 2);
                    } else if self.bytes.ends_with(b"\n\n") {
                        self.bytes.pop();
                    }
                }
                self.tally.messages += 1;
                (self.each)(Raw {
                    bytes: &self.bytes,
                    path: self.path,
                    within: within(self.path, self.root),
                    line: self.start,
                });
            }
        }
        self.bytes.clear();
        self.in_header = true;
        self.oversized = false;
        self.last_blank = false;
    }
}

/// The `Content-Length` of a header block.
fn content_length(header: &[u8]) -> Option<usize> {
    header
        .split(|&b| b == b'\n')
        .find_map(|line| {
            let (name, value) = line.split_at(line.iter().position(|&b| b == b':')?);
            name.eq_ignore_ascii_case(b"content-length")
                .then(|| std::str::from_utf8(&value[1..]).ok())
                .flatten()
        })
        .and_then(|v| v.trim().parse().ok())
}

/// One line, cut at `MAX_LINE`.
struct Line {
    bytes: Vec<u8>,
    /// The line was longer than `MAX_LINE`; the rest was dropped.
    overlong: bool,
}

/// Lines of a reader, each kept to `MAX_LINE` bytes however long it is.
struct Lines<R> {
    reader: R,
    /// The number of the last line returned.
    number: u64,
}

impl<R: BufRead> Lines<R> {
    fn new(reader: R) -> Self {
        Self { reader, number: 0 }
    }

    fn next(&mut self) -> io::Result<Option<Line>> {
        let mut bytes = Vec::new();
        let mut overlong = false;
        loop {
            let buf = match self.reader.fill_buf() {
                Ok(buf) => buf,
                Err(err) if err.kind() == io::ErrorKind::Interrupted => continue,
                Err(err) => return Err(err),
            };
            if buf.is_empty() {
                if bytes.is_empty() && !overlong {
                    return Ok(None);
                }
                break;
            }
            let (take, done) = match memchr::memchr(b'\n', buf) {
                Some(at) => (at + 1, true),
                None => (buf.len(), false),
            };
            let room = MAX_LINE.saturating_sub(bytes.len());
            if take > room {
                overlong = true;
            }
            bytes.extend_from_slice(&buf[..take.min(room)]);
            self.reader.consume(take);
            if done {
                break;
            }
        }
        self.number += 1;
        Ok(Some(Line { bytes, overlong }))
    }

    /// The next `length` bytes, or `None` when the file ends first.
    fn exactly(&mut self, length: usize) -> io::Result<Option<Vec<u8>>> {
        let mut body = Vec::with_capacity(length.min(1 << 20));
        (&mut self.reader)
            .take(length as u64)
            .read_to_end(&mut body)?;
        self.number += memchr::memchr_iter(b'\n', &body).count() as u64;
        Ok((body.len() == length).then_some(body))
    }

    /// Whether what follows ends a message: nothing, a separator, or a
    /// blank line and then a separator or nothing.
    fn at_message_end(&mut self) -> io::Result<bool> {
        let buf = self.reader.fill_buf()?;
        let rest = buf
            .strip_prefix(b"\r\n")
            .or_else(|| buf.strip_prefix(b"\n"))
            .unwrap_or(buf);
        let line_end = memchr::memchr(b'\n', rest).map_or(rest.len(), |at| at + 1);
        Ok(rest.is_empty() || is_from(&rest[..line_end]))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn messages(text: &[u8], want: Want) -> (Vec<String>, Tally) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("box");
        fs::write(&path, text).unwrap();
        let mut out = Vec::new();
        let tally = read(&path, want, &mut |m| {
            out.push(String::from_utf8_lossy(m.bytes).into_owned());
        })
        .unwrap();
        (out, tally)
    }

    #[test]
    fn separators_need_no_blank_line_and_a_dateless_from_stays_body() {
        let mbox = b"From - Mon Jun 10 12:34:56 1996\nSubject: one\n\nbody\n\
From - Mon Jun 10 12:35:00 1996\nSubject: two\n\nFrom here on, body.\n\n\
From here on too.\nFrom a@b.example Tue Jun 11 08:00:00 1996\nSubject: three\n\nend\n";
        let (found, tally) = messages(mbox, Want::Whole);
        assert_eq!(found.len(), 3, "{found:?}");
        assert!(found[1].contains("From here on, body.") && found[1].contains("From here on too."));
        assert_eq!(found[2], "Subject: three\n\nend\n");
        // Two separators without a blank line, one dateless line after one.
        assert_eq!(tally.warnings.len(), 3, "{:?}", tally.warnings);
        assert!(tally.warnings[0].ends_with(
            ":5: a `From ` line with a date but no blank line before it starts a new message"
        ));
    }

    #[test]
    fn a_byte_order_mark_mboxrd_quoting_and_content_length_are_read() {
        let mbox = "\u{feff}From a@b.example Tue Jun 11 08:00:00 1996\nSubject: one\n\n>From the start\n>>From twice\n\n\
From a@b.example Tue Jun 11 08:00:01 1996\nSubject: two\nContent-Length: 59\n\n\
From a@b.example Tue Jun 11 08:00:02 1996 is body here too\n\n\
From a@b.example Tue Jun 11 08:00:03 1996\nSubject: three\n\nx\n";
        let (found, _) = messages(mbox.as_bytes(), Want::Whole);
        assert_eq!(found.len(), 3, "{found:?}");
        assert_eq!(found[0], "Subject: one\n\nFrom the start\n>From twice\n");
        assert!(found[1].contains("is body here too"), "{found:?}");
    }

    #[test]
    fn headers_only_and_an_overlong_header_line_skips_its_message() {
        let mut mbox = b"From a@b.example Tue Jun 11 08:00:00 1996\nSubject: ".to_vec();
        mbox.extend(std::iter::repeat_n(b'x', MAX_LINE + 10));
        mbox.extend_from_slice(
            b"\n\nbody\n\nFrom a@b.example Tue Jun 11 08:00:01 1996\nSubject: fine\n\nbody\n",
        );
        let (found, tally) = messages(&mbox, Want::Headers);
        assert_eq!(found, ["Subject: fine\n"]);
        assert_eq!(tally.oversized, 1);
        assert_eq!(tally.messages, 1);
    }

    #[test]
    fn a_file_that_is_not_mail_is_named_not_counted() {
        let (found, tally) = messages(b"{\"messages\": []}\n", Want::Headers);
        assert!(found.is_empty());
        assert_eq!(tally.not_mail.len(), 1);
        assert_eq!(tally.messages, 0);
        let (found, _) = messages(
            b"Subject: hi\r\nFrom: a@b.example\r\n\r\nbody\r\n",
            Want::Whole,
        );
        assert_eq!(found, ["Subject: hi\r\nFrom: a@b.example\r\n\r\nbody\r\n"]);
    }

    #[cfg(unix)]
    #[test]
    fn links_to_devices_outside_or_in_loops_are_skipped_and_named() {
        let dir = tempfile::tempdir().unwrap();
        let maildir = dir.path().join("Maildir");
        fs::create_dir_all(maildir.join("cur")).unwrap();
        fs::create_dir_all(maildir.join("tmp")).unwrap();
        fs::write(maildir.join("cur/1"), "From: a@b.example\n\nhi\n").unwrap();
        fs::write(maildir.join("tmp/2"), "From: a@b.example\n\nhi\n").unwrap();
        fs::write(dir.path().join("outside"), "From: c@d.example\n\nhi\n").unwrap();
        let link = |target: &Path, name: &str| {
            std::os::unix::fs::symlink(target, maildir.join("cur").join(name)).unwrap();
        };
        link(Path::new("/dev/zero"), "zero");
        link(&dir.path().join("outside"), "out");
        link(&maildir.join("cur/loop"), "loop");
        link(&maildir, "up");
        let made = std::process::Command::new("mkfifo")
            .arg(maildir.join("cur/fifo"))
            .status()
            .unwrap();
        assert!(made.success());
        let mut count = 0;
        let tally = read(&maildir, Want::Headers, &mut |_| count += 1).unwrap();
        assert_eq!(count, 1);
        let mut why: Vec<String> = tally
            .skipped
            .iter()
            .map(|(p, w)| format!("{} {w}", p.file_name().unwrap().to_string_lossy()))
            .collect();
        why.sort();
        assert_eq!(
            why,
            [
                "fifo not a regular file (a device, pipe or socket)",
                "loop a broken link or a link loop",
                "out a link to outside the folder",
                "zero a link to outside the folder",
            ]
        );
    }
}
