//! Everything that turns results into bytes for a person or a script:
//! tables in four formats, diagnostics like rustc's, diffs, and colour choice.

pub mod canary;
pub mod diagnostics;
pub mod diff;
pub mod discover;
pub mod inbox;
pub mod incident;
pub mod json;
pub mod letter;
pub mod lookalikes;
pub mod pack;
pub mod phish;
pub mod sarif;
pub mod send;
pub mod table;
pub mod trace;
pub mod vendor;

use std::io::{self, BufWriter, Write};

/// Buffered, colour-aware standard output. Colour codes are stripped when
/// stdout is not a terminal, under `NO_COLOR`, or with `--color never`.
pub fn stdout() -> BufWriter<anstream::AutoStream<io::StdoutLock<'static>>> {
    BufWriter::new(anstream::AutoStream::auto(io::stdout().lock()))
}

/// Standard output for data (JSON, CSV, Markdown): never styled, so it is
/// written as it is, without the per-byte scan that strips colour codes.
pub fn data_stdout() -> BufWriter<io::StdoutLock<'static>> {
    BufWriter::new(io::stdout().lock())
}

/// Standard output for `format`: colour-aware for a table a person reads,
/// plain for data.
pub fn stdout_for(format: table::TableFormat) -> Box<dyn Write> {
    match format {
        table::TableFormat::Table => Box::new(stdout()),
        _ => Box::new(data_stdout()),
    }
}

/// Colour-aware standard error, unbuffered so messages appear at once.
/// The width `COLUMNS` asked for, set once at start-up (`set_columns`).
static COLUMNS: std::sync::OnceLock<Option<usize>> = std::sync::OnceLock::new();

/// Takes `COLUMNS` as the command line read it; a value that is no number
/// is ignored.
pub fn set_columns(columns: Option<&str>) {
    let _ = COLUMNS.set(columns.and_then(|v| v.trim().parse().ok()));
}

/// How wide a table may be: `COLUMNS` when set (shells export it), else
/// the terminal's width, else 100 (a pipe or a file: wide enough to read,
/// narrow enough for a diff, a ticket or a mail). Never under 40.
pub fn table_width() -> usize {
    let columns = COLUMNS.get().copied().flatten();
    let terminal = || terminal_size::terminal_size().map(|(w, _)| usize::from(w.0));
    columns.or_else(terminal).unwrap_or(100).max(40)
}

pub fn stderr() -> anstream::AutoStream<io::Stderr> {
    anstream::AutoStream::auto(io::stderr())
}

/// Writes a JSON document and a final newline.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}
