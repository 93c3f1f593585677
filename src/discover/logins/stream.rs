//! Cuts a JSON export into its records without reading the whole file:
//! the objects of a top-level array (Okta, the Entra portal's download),
//! of the `items` or `value` array of a top-level object (a Reports API
//! or Graph page; several pages may follow one another), or top-level
//! objects one after another (NDJSON). Each record's bytes are handed to
//! the caller, which parses only that record; one record may be at most
//! `limit` bytes, so a 500 MB array or a 100 MB field costs `limit` of
//! memory (and one read), not the file. A byte-order mark at the start is
//! skipped.

use std::io::Read;

/// Where a record starts: its byte offset (0-based; shown 1-based, like
/// the line) and its line (1-based).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Place {
    pub byte: u64,
    pub line: u64,
}

impl std::fmt::Display for Place {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "line {}, byte {}", self.line, self.byte + 1)
    }
}

/// What is called with each record's bytes and where it starts.
pub type Each<'a> = dyn FnMut(&[u8], Place) -> Result<(), String> + 'a;

/// The keys of a page whose array holds the records.
const WRAPPERS: [&[u8]; 2] = [b"items", b"value"];

/// How much is read at a time: a record that fits in one read is handed
/// over where it lies, without a copy.
const CHUNK: usize = 1 << 18;

/// How many bytes of records are handed from the scanning thread to the
/// caller's at a time.
const BATCH: usize = 1 << 20;

/// Records cut out by the scanning thread: their bytes one after another,
/// and where each lies in them and in the file.
#[derive(Default)]
struct Batch {
    bytes: Vec<u8>,
    records: Vec<(usize, usize, Place)>,
}

/// Calls `each` with every record of `reader` and where it starts, in the
/// file's order; stops at the first error (the reader's, the JSON's shape,
/// or `each`'s), whichever comes first in the file. The file is read and
/// cut into records on a second thread while `each` parses the records
/// before: the two halves of the work take a core each. At most a few
/// batches (and one record of `limit` bytes) wait between them.
pub fn records(reader: impl Read + Send, limit: usize, each: &mut Each<'_>) -> Result<(), String> {
    let (tx, rx) = std::sync::mpsc::sync_channel::<Result<Batch, String>>(4);
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let mut batch = Batch::default();
            let scanned = scan(reader, limit, &mut |bytes, place| {
                let from = batch.bytes.len();
                batch.bytes.extend_from_slice(bytes);
                batch.records.push((from, batch.bytes.len(), place));
                if batch.bytes.len() >= BATCH {
                    // The caller stopped at an error: so does the scanning.
                    tx.send(Ok(std::mem::take(&mut batch)))
                        .map_err(|_| String::new())?;
                }
                Ok(())
            });
            if !batch.records.is_empty() && tx.send(Ok(batch)).is_err() {
                return;
            }
            if let Err(why) = scanned
                && !why.is_empty()
            {
                let _ = tx.send(Err(why));
            }
        });
        for message in rx {
            let batch = message?;
            for &(from, to, place) in &batch.records {
                each(&batch.bytes[from..to], place)?;
            }
        }
        Ok(())
    })
}

/// Cuts `reader` into records on this thread (see `records`).
fn scan(mut reader: impl Read, limit: usize, each: &mut Each<'_>) -> Result<(), String> {
    let mut chunk = vec![0u8; CHUNK];
    let mut s = Scanner::default();
    let mut first = true;
    loop {
        let mut n = read(&mut reader, &mut chunk, s.base)?;
        if n == 0 {
            break;
        }
        let mut bytes = &chunk[..n];
        if first {
            first = false;
            // The mark may come in more than one read.
            while n < 3 {
                let more = read(&mut reader, &mut chunk[n..], s.base)?;
                if more == 0 {
                    break;
                }
                n += more;
            }
            bytes = &chunk[..n];
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                s.base += 3;
                bytes = rest;
            }
        }
        s.feed(bytes, limit, each)?;
    }
    s.finish()
}

/// One read into `buf`; 0 at the end.
fn read(reader: &mut impl Read, buf: &mut [u8], at: u64) -> Result<usize, String> {
    loop {
        match reader.read(buf) {
            Ok(n) => return Ok(n),
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read at byte {at}: {e}")),
        }
    }
}

/// Each byte is read once, and only where it matters: runs of string
/// bytes are skipped with `memchr`, a record's bytes are not copied unless
/// it spans two reads, and the structure outside strings is one `match`.
#[derive(Default)]
struct Scanner {
    /// The offset in the file of the chunk being read.
    base: u64,
    /// The line breaks before the byte being read.
    line: u64,
    /// The open brackets.
    stack: Vec<u8>,
    in_string: bool,
    /// The last byte of the previous chunk was a backslash in a string.
    escaped: bool,
    /// The depth at which a record's `{` opens: 1 in a top-level array, 2
    /// in a page's array, 0 for a top-level object (which may turn out to
    /// be a page).
    records_at: usize,
    capturing: bool,
    /// The part of the record being read that earlier chunks held.
    record: Vec<u8>,
    start: Option<Place>,
    /// At the top level of an object: the next string is a key.
    expect_key: bool,
    in_key: bool,
    key: Vec<u8>,
    /// The key whose value comes next.
    pending: Option<Vec<u8>>,
    /// Where the open top-level value began, for the truncation message.
    opened: Option<Place>,
}

impl Scanner {
    fn place(&self, at: usize) -> Place {
        Place {
            byte: self.base + at as u64,
            line: self.line + 1,
        }
    }

    fn top_object(&self) -> bool {
        self.stack.len() == 1 && self.stack[0] == b'{'
    }

    /// Keeps the bytes of a top-level key, at most 256 of them.
    fn key_bytes(&mut self, bytes: &[u8]) {
        if self.in_key && self.key.len() < 256 {
            let room = 256 - self.key.len();
            self.key.extend_from_slice(&bytes[..bytes.len().min(room)]);
        }
    }

    fn too_large(&self, limit: usize) -> String {
        let start = self.start.unwrap_or(self.place(0));
        format!(
            "the event that starts at {start} is larger than {} MiB (a field that large is no export's): linger stops here",
            limit >> 20
        )
    }

    fn feed(&mut self, bytes: &[u8], limit: usize, each: &mut Each<'_>) -> Result<(), String> {
        // Where this chunk's part of the record being captured begins.
        let mut from = 0;
        let mut i = 0;
        if self.escaped && !bytes.is_empty() {
            self.escaped = false;
            self.key_bytes(&bytes[..1]);
            i = 1;
        }
        while i < bytes.len() {
            if self.in_string {
                let rest = &bytes[i..];
                let Some(k) = memchr::memchr3(b'"', b'\\', b'\n', rest) else {
                    self.key_bytes(rest);
                    break;
                };
                let j = i + k;
                self.key_bytes(&bytes[i..j]);
                match bytes[j] {
                    b'\\' if j + 1 < bytes.len() => {
                        self.key_bytes(&bytes[j..j + 2]);
                        i = j + 2;
                    }
                    b'\\' => {
                        self.key_bytes(&bytes[j..]);
                        self.escaped = true;
                        i = bytes.len();
                    }
                    b'"' => {
                        self.in_string = false;
                        self.in_key = false;
                        i = j + 1;
                    }
                    _ => {
                        return Err(format!(
                            "a line break inside a JSON string at {}: the file is not JSON",
                            self.place(j)
                        ));
                    }
                }
                continue;
            }
            let b = bytes[i];
            match b {
                b' ' | b'\t' | b'\r' => {}
                b'\n' => self.line += 1,
                b'"' => {
                    if self.stack.is_empty() {
                        return Err(unexpected(b, self.place(i)));
                    }
                    self.in_string = true;
                    if self.top_object() && self.expect_key {
                        self.expect_key = false;
                        self.in_key = true;
                        self.key.clear();
                    } else {
                        self.value_begins();
                    }
                }
                b'{' | b'[' => {
                    let depth = self.stack.len();
                    let here = self.place(i);
                    if depth == 0 {
                        self.opened = Some(here);
                        if b == b'[' {
                            self.records_at = 1;
                        } else {
                            self.records_at = 0;
                            self.begin(here);
                            from = i;
                        }
                    } else if self.top_object() {
                        let page = b == b'['
                            && self
                                .pending
                                .as_deref()
                                .is_some_and(|k| WRAPPERS.contains(&k));
                        self.value_begins();
                        if page {
                            self.capturing = false;
                            self.record.clear();
                            self.records_at = 2;
                        }
                    } else if depth == self.records_at && !self.capturing {
                        if b == b'[' {
                            return Err(format!(
                                "an array where an event object was expected at {here}"
                            ));
                        }
                        self.begin(here);
                        from = i;
                    }
                    self.stack.push(b);
                    if b == b'{' && self.top_object() {
                        self.expect_key = true;
                    }
                }
                b'}' | b']' => {
                    let open = if b == b'}' { b'{' } else { b'[' };
                    if self.stack.pop() != Some(open) {
                        return Err(unexpected(b, self.place(i)));
                    }
                    if self.capturing && self.stack.len() == self.records_at {
                        self.capturing = false;
                        let piece = &bytes[from..=i];
                        if self.record.len() + piece.len() > limit {
                            return Err(self.too_large(limit));
                        }
                        let start = self.start.take().unwrap_or(self.place(i));
                        let result = if self.record.is_empty() {
                            each(piece, start)
                        } else {
                            self.record.extend_from_slice(piece);
                            let result = each(&self.record, start);
                            self.record.clear();
                            result
                        };
                        result?;
                    }
                    if self.stack.is_empty() {
                        self.opened = None;
                        self.pending = None;
                    }
                }
                b':' if !self.stack.is_empty() => {
                    if self.top_object() {
                        self.pending = Some(std::mem::take(&mut self.key));
                    }
                }
                b',' if !self.stack.is_empty() => {
                    if self.top_object() {
                        self.expect_key = true;
                        self.pending = None;
                    }
                }
                _ if self.stack.is_empty() => return Err(unexpected(b, self.place(i))),
                _ => self.value_begins(),
            }
            i += 1;
        }
        if self.capturing {
            let piece = &bytes[from..];
            if self.record.len() + piece.len() > limit {
                return Err(self.too_large(limit));
            }
            self.record.extend_from_slice(piece);
        }
        self.base += bytes.len() as u64;
        Ok(())
    }

    fn value_begins(&mut self) {
        if self.top_object() {
            self.pending = None;
        }
    }

    fn begin(&mut self, here: Place) {
        self.capturing = true;
        self.record.clear();
        self.start = Some(here);
    }

    fn finish(self) -> Result<(), String> {
        if let Some(opened) = self
            .opened
            .filter(|_| !self.stack.is_empty() || self.in_string)
        {
            return Err(format!(
                "the file ends inside the JSON value that opens at {opened} (at byte {}): it is truncated; fetch or download it again",
                self.base
            ));
        }
        Ok(())
    }
}

fn unexpected(b: u8, at: Place) -> String {
    let shown = if b.is_ascii_graphic() {
        format!("`{}`", b as char)
    } else {
        format!("byte 0x{b:02X}")
    };
    format!("unexpected {shown} at {at}: not JSON linger can read")
}
