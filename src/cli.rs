//! The command line, as clap definitions only. `crate::app` runs them.

use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};

use crate::checks::Code;
use crate::output::table::TableFormat;
use crate::suggest;

const EXIT_STATUS: &str = "\
Exit status:
  0  success: no error-level finding
  1  findings: `check` found an error-level finding, or `overdue --exit-code` printed a row
  2  could not run: bad usage, a missing, unreadable or invalid inventory, an I/O error

A closed pipe (`linger list | head`) is success.";

/// Keep track of the SaaS vendors that hold your customers' data, and get it
/// deleted when you stop using them.
#[derive(Debug, Parser)]
#[command(name = "linger", version, after_help = EXIT_STATUS, max_term_width = 100)]
pub struct Cli {
    /// The inventory file [default: vendors.toml in this directory or the nearest parent]
    #[arg(
        short = 'f',
        long = "inventory",
        value_name = "PATH",
        env = "LINGER_INVENTORY",
        global = true,
        help_heading = "Global options"
    )]
    pub inventory: Option<PathBuf>,

    /// Compute every date as if today were this day [default: the real date]
    #[arg(long, value_name = "YYYY-MM-DD", env = "LINGER_TODAY", value_parser = parse_date, global = true, help_heading = "Global options")]
    pub today: Option<NaiveDate>,

    /// When to use colour (NO_COLOR is honoured under `auto`)
    #[arg(
        long,
        value_name = "WHEN",
        default_value = "auto",
        global = true,
        help_heading = "Global options"
    )]
    pub color: ColorWhen,

    /// Print only results and errors, not progress or summaries
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starter inventory (never overwrites a file)
    Init(InitArgs),
    /// Run every check over the inventory, like a linter
    #[command(after_help = EXIT_STATUS, after_long_help = check_long_help())]
    Check(CheckArgs),
    /// List every vendor with its deletion state and due date
    List(ListArgs),
    /// The overdue-deletion table, most overdue first
    #[command(after_help = EXIT_STATUS)]
    Overdue(OverdueArgs),
    /// One vendor: its fields, its history, and how its due date was computed
    Show(ShowArgs),
}

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the inventory
    #[arg(default_value = "vendors.toml")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub format: CheckFormat,

    /// Treat CODE as an error (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub deny: Vec<Code>,

    /// Treat CODE as a warning (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub warn: Vec<Code>,

    /// Do not report CODE (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub allow: Vec<Code>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics like rustc's, with the line of the inventory
    Human,
    /// One JSON document: {"findings": [...], "summary": {...}}
    Json,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only vendors with a `retired_on` date that has passed
    #[arg(long, conflicts_with = "active")]
    pub retired: bool,

    /// Only vendors still in use
    #[arg(long)]
    pub active: bool,

    /// Output format: an aligned table, or data for scripts and documents
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct OverdueArgs {
    /// Also show what falls due within the next DAYS days
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub upcoming: Option<u32>,

    /// Exit with status 1 when the table has a row (for CI)
    #[arg(long)]
    pub exit_code: bool,

    /// Output format: an aligned table, or data for scripts and documents
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The vendor's id
    pub id: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Sets the process-wide choice that every output stream follows.
    pub fn apply(self) {
        let choice = match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
}

/// `check --help`: every code with its default severity, then the exit status.
fn check_long_help() -> String {
    let mut text = String::from("Check codes (docs/checks.md explains each):\n");
    for code in Code::ALL {
        text.push_str(&format!(
            "  {:<22}{:<7}{}\n",
            code.as_str(),
            code.default_severity().as_str(),
            code.summary()
        ));
    }
    text.push('\n');
    text.push_str(EXIT_STATUS);
    text
}

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text, "%Y-%m-%d")
        .map_err(|err| format!("`{text}` is not a date like 2026-01-31 ({err})"))
}

fn parse_code(text: &str) -> Result<Code, String> {
    Code::parse(text).ok_or_else(|| {
        format!(
            "`{text}` is not a check code; {}",
            suggest::hint(text, "the codes are", &Code::names())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
