//! Everything that turns results into bytes for a person or a script:
//! tables in four formats, diagnostics like rustc's, diffs, and colour choice.

pub mod diagnostics;
pub mod diff;
pub mod json;
pub mod letter;
pub mod table;
pub mod vendor;

use std::io::{self, BufWriter, Write};

/// Buffered, colour-aware standard output. Colour codes are stripped when
/// stdout is not a terminal, under `NO_COLOR`, or with `--color never`.
pub fn stdout() -> BufWriter<anstream::AutoStream<io::StdoutLock<'static>>> {
    BufWriter::new(anstream::AutoStream::auto(io::stdout().lock()))
}

/// Colour-aware standard error, unbuffered so messages appear at once.
pub fn stderr() -> anstream::AutoStream<io::Stderr> {
    anstream::AutoStream::auto(io::stderr())
}

/// Writes a JSON document and a final newline.
pub fn write_json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value).map_err(io::Error::from)?;
    writeln!(out)
}
