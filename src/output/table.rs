//! Rows of text rendered as an aligned table, CSV or Markdown. `list` and
//! `overdue` build one `Table` and pick the format; JSON is serialized from
//! their own row types, since it keeps numbers and nulls typed.

use std::io::{self, Write};

use tabled::builder::Builder;
use tabled::settings::object::Columns;
use tabled::settings::{Style, Width};

/// The columns of free text, which give up their width first when a table
/// is too wide for the terminal; ids, dates, numbers and states keep
/// theirs, since a cut id or date is no use.
const FREE_TEXT: [&str; 12] = [
    "name", "detail", "evidence", "domains", "subjects", "note", "message", "reason", "quote",
    "network", "services", "issuer",
];

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
            TableFormat::Table => self.write_text(out, super::table_width()),
        }
    }

    /// A plain aligned table for a terminal, upper-case headers, at most
    /// `width` characters wide: the widest columns are cut first, each cut
    /// cell ending in `…` (the JSON keeps the whole text).
    pub fn write_text(&self, out: &mut impl Write, width: usize) -> io::Result<()> {
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
        // One more than `width`: the outer left padding is dropped below.
        let room = width + 1;
        let mut excess = table.total_width().saturating_sub(room);
        if excess > 0 {
            let whole = self.widths();
            let mut widths = whole.clone();
            let free: Vec<usize> = (0..self.headers.len())
                .filter(|&i| FREE_TEXT.contains(&self.headers[i]))
                .collect();
            // Long text makes a table too wide (a quoted reply, the
            // evidence of a find): a free column keeps 24 characters and its
            // header, so a name stays readable; what the ids, dates and
            // states need beyond that stays too wide.
            let floor = |i: usize| 24.max(self.headers[i].len());
            // The widest free column gives a character, then the widest
            // again.
            while excess > 0 {
                let Some(&widest) = free
                    .iter()
                    .filter(|&&i| widths[i] > floor(i))
                    .max_by_key(|&&i| (widths[i], i))
                else {
                    break;
                };
                widths[widest] -= 1;
                excess -= 1;
            }
            for &i in &free {
                if widths[i] < whole[i] {
                    table.modify(Columns::one(i), Width::truncate(widths[i]).suffix("…"));
                }
            }
        }
        // What free text cannot give stays: a cut id or date would be
        // wrong, where a line too long is only wide.
        // `blank` pads every cell by one space on each side: drop the outer
        // padding so the table starts at the margin, and trailing blanks.
        for line in table.to_string().lines() {
            let line = line.strip_prefix(' ').unwrap_or(line);
            writeln!(out, "{}", line.trim_end())?;
        }
        Ok(())
    }

    /// Each column's width in characters, its header's included.
    fn widths(&self) -> Vec<usize> {
        (0..self.headers.len())
            .map(|i| {
                self.rows
                    .iter()
                    .map(|row| row[i].lines().map(|l| l.chars().count()).max().unwrap_or(0))
                    .chain(std::iter::once(self.headers[i].chars().count()))
                    .max()
                    .unwrap_or(0)
            })
            .collect()
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

/// A date in a table cell, `-` for none.
pub fn date_cell(date: Option<chrono::NaiveDate>) -> String {
    opt_cell(date)
}

/// A value in a table cell, `-` for none.
pub fn opt_cell(value: Option<impl std::fmt::Display>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(table: &Table, width: usize) -> String {
        let mut out = Vec::new();
        table.write_text(&mut out, width).unwrap();
        String::from_utf8(out).unwrap()
    }

    #[test]
    fn a_table_fits_its_width_cutting_free_text_first() {
        let mut table = Table::new(vec!["id", "due_on", "detail"]);
        table.push(vec![
            "helpdeskly-chat".into(),
            "2026-12-07".into(),
            "a reply that goes on ".repeat(20),
        ]);
        table.push(vec!["x".into(), "-".into(), "short".into()]);
        let shown = text(&table, 60);
        assert!(shown.lines().all(|l| l.chars().count() <= 60), "{shown}");
        // The id, the date and the headers stay whole.
        assert!(shown.contains("helpdeskly-chat   2026-12-07"), "{shown}");
        assert!(shown.starts_with("ID "), "{shown}");
        assert!(shown.lines().nth(1).unwrap().ends_with('…'), "{shown}");
        // Narrow tables are left as they are; one whose ids alone are too
        // wide is too wide, never cut there.
        assert!(!text(&table, 1000).contains('…'));
        // Too narrow for the ids and dates: the text keeps 24 characters,
        // the id and the date stay whole.
        let shown = text(&table, 20);
        assert!(
            shown.contains("helpdeskly-chat   2026-12-07   a reply that goes on a …"),
            "{shown}"
        );
    }
}
