//! Cuts a JSON export into its records without reading the whole file:
//! the objects of a top-level array (Okta, the Entra portal's download),
//! of the `items` or `value` array of a top-level object (a Reports API
//! or Graph page; several pages may follow one another), or top-level
//! objects one after another (NDJSON). Each record's bytes are handed to
//! the caller, which parses only that record; one record may be at most
//! `limit` bytes, so a 500 MB array or a 100 MB field costs `limit` of
//! memory, not the file. A byte-order mark at the start is skipped.

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

/// Calls `each` with every record of `reader` and where it starts; stops at
/// the first error (the reader's, the JSON's shape, or `each`'s).
pub fn records(mut reader: impl Read, limit: usize, each: &mut Each<'_>) -> Result<(), String> {
    let mut chunk = vec![0u8; 1 << 16];
    let mut s = Scanner::default();
    let mut first = true;
    loop {
        let n = match reader.read(&mut chunk) {
            Ok(0) => break,
            Ok(n) => n,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(format!("cannot read at byte {}: {e}", s.byte)),
        };
        let mut bytes = &chunk[..n];
        if first {
            first = false;
            if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
                s.byte += 3;
                bytes = rest;
            }
        }
        s.feed(bytes, limit, each)?;
    }
    s.finish()
}

#[derive(Default)]
struct Scanner {
    byte: u64,
    line: u64,
    /// The open brackets.
    stack: Vec<u8>,
    in_string: bool,
    escaped: bool,
    /// The depth at which a record's `{` opens: 1 in a top-level array, 2
    /// in a page's array, 0 for a top-level object (which may turn out to
    /// be a page).
    records_at: usize,
    capturing: bool,
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
    fn place(&self) -> Place {
        Place {
            byte: self.byte,
            line: self.line + 1,
        }
    }

    fn top_object(&self) -> bool {
        self.stack.len() == 1 && self.stack[0] == b'{'
    }

    fn feed(&mut self, bytes: &[u8], limit: usize, each: &mut Each<'_>) -> Result<(), String> {
        let mut i = 0;
        while i < bytes.len() {
            if self.in_string {
                // Runs of plain string bytes are copied at once.
                let run =
                    memchr::memchr3(b'"', b'\\', b'\n', &bytes[i..]).unwrap_or(bytes.len() - i);
                if run > 0 && !self.escaped {
                    self.take(&bytes[i..i + run], limit)?;
                    self.byte += run as u64;
                    i += run;
                    continue;
                }
                let b = bytes[i];
                self.take(&[b], limit)?;
                self.advance(b);
                i += 1;
                if self.escaped {
                    self.escaped = false;
                } else if b == b'\\' {
                    self.escaped = true;
                } else if b == b'"' {
                    self.in_string = false;
                    if self.in_key {
                        self.in_key = false;
                        self.key.pop();
                    }
                } else if b == b'\n' {
                    return Err(format!(
                        "a line break inside a JSON string at {}: the file is not JSON",
                        self.place()
                    ));
                }
                continue;
            }
            let b = bytes[i];
            let here = self.place();
            match b {
                b' ' | b'\t' | b'\r' | b'\n' => self.take(&[b], limit)?,
                b'"' => {
                    if self.stack.is_empty() {
                        return Err(unexpected(b, here));
                    }
                    self.take(&[b], limit)?;
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
                    if depth == 0 {
                        self.opened = Some(here);
                        if b == b'[' {
                            self.records_at = 1;
                        } else {
                            self.records_at = 0;
                            self.begin(here);
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
                    }
                    self.take(&[b], limit)?;
                    self.stack.push(b);
                    if b == b'{' && self.top_object() {
                        self.expect_key = true;
                    }
                }
                b'}' | b']' => {
                    let open = if b == b'}' { b'{' } else { b'[' };
                    if self.stack.pop() != Some(open) {
                        return Err(unexpected(b, here));
                    }
                    self.take(&[b], limit)?;
                    if self.capturing && self.stack.len() == self.records_at {
                        self.capturing = false;
                        let start = self.start.take().unwrap_or(here);
                        let result = each(&self.record, start);
                        self.record.clear();
                        result?;
                    }
                    if self.stack.is_empty() {
                        self.opened = None;
                        self.pending = None;
                    }
                }
                b':' if !self.stack.is_empty() => {
                    self.take(&[b], limit)?;
                    if self.top_object() {
                        self.pending = Some(std::mem::take(&mut self.key));
                    }
                }
                b',' if !self.stack.is_empty() => {
                    self.take(&[b], limit)?;
                    if self.top_object() {
                        self.expect_key = true;
                        self.pending = None;
                    }
                }
                _ if self.stack.is_empty() => return Err(unexpected(b, here)),
                _ => {
                    self.take(&[b], limit)?;
                    self.value_begins();
                }
            }
            self.advance(b);
            i += 1;
        }
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

    fn advance(&mut self, b: u8) {
        self.byte += 1;
        if b == b'\n' {
            self.line += 1;
        }
    }

    /// Keeps `bytes` of the record being read, within `limit`.
    fn take(&mut self, bytes: &[u8], limit: usize) -> Result<(), String> {
        if self.in_key {
            self.key.extend_from_slice(bytes);
            if self.key.len() > 256 {
                self.key.truncate(256);
            }
        }
        if self.capturing {
            if self.record.len() + bytes.len() > limit {
                let start = self.start.unwrap_or(self.place());
                return Err(format!(
                    "the event that starts at {start} is larger than {} MiB (a field that large is no export's): linger stops here",
                    limit >> 20
                ));
            }
            self.record.extend_from_slice(bytes);
        }
        Ok(())
    }

    fn finish(self) -> Result<(), String> {
        if let Some(opened) = self
            .opened
            .filter(|_| !self.stack.is_empty() || self.in_string)
        {
            return Err(format!(
                "the file ends inside the JSON value that opens at {opened} (at byte {}): it is truncated; fetch or download it again",
                self.byte
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
