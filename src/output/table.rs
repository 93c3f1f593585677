//! Rows of text rendered as an aligned table, CSV or Markdown. `list` and
//! `overdue` build one `Table` and pick the format; JSON is serialized from
//! their own row types, since it keeps numbers and nulls typed.

use std::io::{self, Write};

use tabled::builder::Builder;
use tabled::settings::Style;

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum TableFormat {
    Table,
    Json,
    Csv,
    Markdown,
}

pub struct Table {
    headers: Vec<&'static str>,
    rows: Vec<Vec<String>>,
}

impl Table {
    pub fn new(headers: Vec<&'static str>) -> Self {
        Self {
            headers,
            rows: Vec::new(),
        }
    }

    pub fn push(&mut self, row: Vec<String>) {
        debug_assert_eq!(row.len(), self.headers.len());
        self.rows.push(row);
    }

    /// Writes the rows in `format`: `json` as given (typed), the others from
    /// this table. An empty text table prints `empty` instead of a header.
    pub fn write(
        &self,
        out: &mut impl Write,
        format: TableFormat,
        json: &impl serde::Serialize,
        empty: &str,
    ) -> io::Result<()> {
        match format {
            TableFormat::Json => super::write_json(out, json),
            TableFormat::Csv => self.write_csv(out),
            TableFormat::Markdown => self.write_markdown(out),
            TableFormat::Table if self.rows.is_empty() => writeln!(out, "{empty}"),
            TableFormat::Table => self.write_text(out),
        }
    }

    /// A plain aligned table for a terminal, upper-case headers.
    fn write_text(&self, out: &mut impl Write) -> io::Result<()> {
        let mut builder = Builder::with_capacity(self.rows.len() + 1, self.headers.len());
        builder.push_record(
            self.headers
                .iter()
                .map(|h| h.to_uppercase().replace('_', " ")),
        );
        for row in &self.rows {
            builder.push_record(row.iter().map(String::as_str));
        }
        let mut table = builder.build();
        table.with(Style::blank());
        // `blank` pads every cell by one space on each side: drop the outer
        // padding so the table starts at the margin, and trailing blanks.
        for line in table.to_string().lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }

    fn write_markdown(&self, out: &mut impl Write) -> io::Result<()> {
        let mut builder = Builder::with_capacity(self.rows.len() + 1, self.headers.len());
        builder.push_record(self.headers.iter().copied());
        for row in &self.rows {
            // A pipe or a line break would break the Markdown row.
            builder.push_record(
                row.iter()
                    .map(|cell| cell.replace('|', "\\|").replace('\n', " ")),
            );
        }
        let mut table = builder.build();
        table.with(Style::markdown());
        writeln!(out, "{table}")
    }

    fn write_csv(&self, out: &mut impl Write) -> io::Result<()> {
        let mut writer = csv::Writer::from_writer(out);
        writer.write_record(&self.headers)?;
        for row in &self.rows {
            writer.write_record(row)?;
        }
        writer.flush()
    }
}
