//! The CSV files an admin portal offers as a download, recognised by their
//! header row, never by the file's name, and read one row at a time: a
//! row may be at most `limit` bytes (a 100 MB field stops there, unread),
//! a byte-order mark, quoted line breaks and a thousand columns are the
//! `csv` crate's to handle. Only the downloads whose columns were confirmed
//! are read (docs/discover.md says which, and where from): the Microsoft
//! Entra admin center's sign-in log download. Its columns carry the labels
//! of the portal's sign-in details: `Date (UTC)`, `Application`,
//! `Application ID`, `Username`, `Status`, `Sign-in error code`.

use std::cell::Cell;
use std::io::Read;
use std::rc::Rc;

use super::sniff::Record;
use super::stream::Place;
use super::{Event, Kind, Provider};

/// The downloads linger reads, for the error that meets another.
pub const KNOWN: &str = "the Microsoft Entra admin center's sign-in log download (CSV with the columns \"Date (UTC)\", \"Application\" and \"Status\" or \"Sign-in error code\")";

/// The columns of the Entra sign-in download that linger reads.
struct Entra {
    date: usize,
    app: usize,
    app_id: Option<usize>,
    person: Option<usize>,
    status: Option<usize>,
    error_code: Option<usize>,
}

impl Entra {
    fn of(header: &csv::ByteRecord) -> Option<Self> {
        let find = |name: &str| {
            header
                .iter()
                .position(|h| String::from_utf8_lossy(h).trim().eq_ignore_ascii_case(name))
        };
        let (status, error_code) = (find("Status"), find("Sign-in error code"));
        if status.is_none() && error_code.is_none() {
            return None;
        }
        Some(Self {
            date: find("Date (UTC)")?,
            app: find("Application")?,
            app_id: find("Application ID"),
            person: find("Username").or_else(|| find("User")),
            status,
            error_code,
        })
    }

    /// What one row says; `Err` names what is wrong with it.
    fn row(&self, row: &csv::ByteRecord) -> Result<Record<'static>, String> {
        let field = |i: usize| {
            row.get(i)
                .map(|f| String::from_utf8_lossy(f).trim().to_string())
                .unwrap_or_default()
        };
        let optional = |i: Option<usize>| i.map(field).filter(|f| !f.is_empty());
        // A sign-in that failed or was interrupted is no use of the
        // application: the error code says so when the download has it.
        let failed = match (optional(self.error_code), optional(self.status)) {
            (Some(code), _) => code != "0" && !code.eq_ignore_ascii_case("None"),
            (None, Some(status)) => !status.eq_ignore_ascii_case("Success"),
            (None, None) => false,
        };
        if failed {
            return Ok(Record::Nothing);
        }
        let date = field(self.date);
        if date.is_empty() {
            return Err("it has no \"Date (UTC)\"".to_string());
        }
        Ok(Record::Events(vec![Event {
            provider: Provider::Entra,
            kind: Kind::SignIn,
            app: field(self.app).into(),
            client_id: optional(self.app_id).map(Into::into),
            at: Some(time(&date)?),
            person: optional(self.person).map(Into::into),
            scopes: Vec::new(),
        }]))
    }
}

/// A time of the `Date (UTC)` column: RFC 3339, or a date and time without
/// an offset, which the column's name says is UTC.
fn time(text: &str) -> Result<chrono::NaiveDateTime, String> {
    if let Ok(t) = chrono::DateTime::parse_from_rfc3339(text) {
        return Ok(t.naive_utc());
    }
    ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%d %H:%M:%S%.f"]
        .iter()
        .find_map(|f| chrono::NaiveDateTime::parse_from_str(text, f).ok())
        .ok_or_else(|| {
            format!(
                "`{}` is not a time linger reads (2026-01-31T09:30:00Z, or 2026-01-31 09:30:00 in UTC)",
                crate::printable::line(&text.chars().take(40).collect::<String>())
            )
        })
}

/// Counts the bytes handed to the CSV reader, and refuses more once the
/// row being read has grown past the limit: the reader never holds more
/// than one row and its buffer.
struct Bounded<R> {
    inner: R,
    handed: u64,
    row_start: Rc<Cell<u64>>,
    over: Rc<Cell<bool>>,
    limit: u64,
}

impl<R: Read> Read for Bounded<R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.handed.saturating_sub(self.row_start.get()) > self.limit {
            self.over.set(true);
            return Err(std::io::Error::other("a row larger than the limit"));
        }
        let n = self.inner.read(buf)?;
        self.handed += n as u64;
        Ok(n)
    }
}

/// Whether `head`, the file's first bytes after a byte-order mark, looks
/// like JSON rather than a CSV download.
pub fn is_json(head: &[u8]) -> bool {
    head.iter()
        .find(|b| !b.is_ascii_whitespace())
        .is_some_and(|b| matches!(b, b'{' | b'['))
}

/// Reads a CSV download from `reader` (after its byte-order mark, which is
/// `skipped` bytes long), calling `each` with what each row says. `Ok(false)`
/// when the header is no download linger knows.
pub fn read(
    reader: impl Read,
    skipped: u64,
    limit: usize,
    each: &mut dyn FnMut(Record<'_>),
) -> Result<bool, String> {
    let row_start = Rc::new(Cell::new(0));
    let over = Rc::new(Cell::new(false));
    let bounded = Bounded {
        inner: reader,
        handed: 0,
        row_start: Rc::clone(&row_start),
        over: Rc::clone(&over),
        limit: limit as u64,
    };
    // A row ends at its `\n`, which is then read: the position after a row
    // is where the next starts, and its line counts every line break
    // before it (quoted ones too). A CRLF's `\r` ends the last field, which
    // is trimmed like every other.
    let mut csv = csv::ReaderBuilder::new()
        .has_headers(false)
        .terminator(csv::Terminator::Any(b'\n'))
        .flexible(true)
        .buffer_capacity(1 << 16)
        .from_reader(bounded);
    let mut record = csv::ByteRecord::new();
    let mut here = Place {
        line: 1,
        byte: skipped,
    };
    let too_large = |here: Place| {
        format!(
            "the row that starts at {here} is larger than {} MiB (a field that large is no export's): linger stops here",
            limit >> 20
        )
    };
    let fault = |e: csv::Error, here: Place, over: bool| {
        if over {
            too_large(here)
        } else {
            format!("the row at {here}: {e}")
        }
    };
    match csv.read_byte_record(&mut record) {
        Ok(true) => {}
        Ok(false) => return Ok(false),
        Err(e) => return Err(fault(e, here, over.get())),
    }
    let Some(columns) = Entra::of(&record) else {
        return Ok(false);
    };
    loop {
        let next = csv.position();
        row_start.set(next.byte());
        here = Place {
            line: next.line(),
            byte: next.byte() + skipped,
        };
        match csv.read_byte_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Ok(true),
            Err(e) => return Err(fault(e, here, over.get())),
        }
        // A line of nothing but separators, as spreadsheets leave at the end.
        if record.iter().all(|f| f.iter().all(u8::is_ascii_whitespace)) {
            continue;
        }
        let what = columns
            .row(&record)
            .map_err(|why| format!("the row at {here}: {why}"))?;
        each(what);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str, limit: usize) -> Result<(bool, Vec<String>), String> {
        let mut out = Vec::new();
        let known = read(text.as_bytes(), 0, limit, &mut |r| {
            out.push(match r {
                Record::Events(events) => events
                    .iter()
                    .map(|e| format!("{}|{:?}|{:?}", e.app, e.client_id, e.at))
                    .collect::<Vec<_>>()
                    .join(";"),
                _ => "nothing".to_string(),
            })
        })?;
        Ok((known, out))
    }

    #[test]
    fn the_entra_download_is_read_by_its_header() {
        let text = "Date (UTC),Request ID,Application,Application ID,Username,Status,Sign-in error code\n\
                    2026-03-01T10:00:00Z,r1,\"Quiz, Box\",11111111-2222-3333-4444-555555555555,a@x.example,Success,0\n\
                    2026-03-02 11:00:00,r2,\"Line\nBreak\",,b@x.example,Failure,50126\n\
                    ,,,,,,\n";
        let (known, got) = rows(text, 1 << 20).unwrap();
        assert!(known);
        assert_eq!(
            got,
            [
                "Quiz, Box|Some(\"11111111-2222-3333-4444-555555555555\")|Some(2026-03-01T10:00:00)",
                "nothing"
            ]
        );
        assert!(!rows("Date,Event\n1,2\n", 1 << 20).unwrap().0);
        assert!(!rows("", 1 << 20).unwrap().0);
    }

    #[test]
    fn a_bad_row_names_its_line_and_a_huge_one_stops_at_the_limit() {
        let header = "Date (UTC),Application,Status\n";
        let e = rows(
            &format!("{header}a,b,Success\nyesterday,App,Success\n"),
            1 << 20,
        );
        let e = e.unwrap_err();
        assert!(
            e.contains("line 2, byte") && e.contains("`a` is not a time"),
            "{e}"
        );
        let huge = format!(
            "{header}2026-01-01T00:00:00Z,\"{}\",Success\n",
            "a".repeat(4 << 20)
        );
        let e = rows(&huge, 1 << 20).unwrap_err();
        assert!(
            e.contains("the row that starts at line 2") && e.contains("larger than 1 MiB"),
            "{e}"
        );
    }
}
