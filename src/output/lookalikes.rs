//! What `linger lookalikes` prints: the lookalikes that exist (or, with
//! `--names-only`, every name made) as a table, CSV or JSON, and the line
//! that sums up the run.

use std::io::{self, Write};

use serde::Serialize;

use super::table::{Table, TableFormat};
use crate::online::lookalikes::rows::LookalikeRow;
use crate::online::lookalikes::{Kind, Lookalike};

/// The existing lookalikes; `none` when there is none.
pub fn write_rows(
    out: &mut impl Write,
    rows: &[LookalikeRow],
    format: TableFormat,
    none: &str,
) -> io::Result<()> {
    let mut table = Table::new(vec![
        "domain",
        "kind",
        "registered",
        "registrar",
        "addresses",
        "mx",
        "certificate",
    ]);
    // JSON is written from the rows; only the table and CSV need cells
    // (150,000 rows of them, from a large crt.sh answer).
    for row in rows.iter().filter(|_| format != TableFormat::Json) {
        table.push(vec![
            if row.domain == row.ascii {
                row.domain.clone()
            } else {
                format!("{} ({})", row.domain, row.ascii)
            },
            row.kind.to_string(),
            row.registered.clone().unwrap_or_else(|| "-".into()),
            row.registrar.clone().unwrap_or_else(|| "-".into()),
            row.a
                .iter()
                .chain(&row.aaaa)
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            row.mx.join(" "),
            match (&row.certificate, &row.issuer) {
                (Some(on), Some(issuer)) => format!("{on} {issuer}"),
                (None, Some(issuer)) => issuer.clone(),
                _ => "-".into(),
            },
        ]);
    }
    table.write(out, format, &rows, none)
}

/// Every name made, without asking the network (`--names-only`).
pub fn write_names(
    out: &mut impl Write,
    names: &[Lookalike],
    format: TableFormat,
) -> io::Result<()> {
    #[derive(Serialize)]
    struct Name<'a> {
        domain: &'a str,
        ascii: &'a str,
        kind: Kind,
    }
    let rows: Vec<Name> = names
        .iter()
        .map(|l| Name {
            domain: &l.name,
            ascii: &l.ascii,
            kind: l.kind,
        })
        .collect();
    let mut table = Table::new(vec!["domain", "ascii", "kind"]);
    for l in names {
        table.push(vec![l.name.clone(), l.ascii.clone(), l.kind.to_string()]);
    }
    table.write(out, format, &rows, "")
}
