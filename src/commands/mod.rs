//! One module per command: read the arguments, call the core, hand the
//! result to `output`, as cargo's commands call its ops. No rules live
//! here: a command's work sits in its domain's module (`phish`, `trace`,
//! `letters::sending`, `online::lookalikes`, …) and its tables in
//! `output`, so a command file stays under 250 lines. Commands never call
//! each other; what several share sits in five helper modules: `context`
//! (the context and loading), `edit` (the locked, atomic edit session),
//! `draft` (a letter with the user's template, and its files), `evidence`
//! (the evidence files an edit writes) and `network` (the HTTP client of
//! the online commands). `tests/layering.rs` holds both rules.

pub mod add;
pub mod calendar;
pub mod canary;
pub mod canary_watch;
pub mod check;
pub mod completions;
mod context;
pub mod discover;
pub mod draft;
pub mod edit;
mod evidence;
pub mod inbox;
pub mod init;
pub mod letter;
pub mod letters;
pub mod list;
pub mod lookalikes;
pub mod man;
pub mod mark;
pub mod merge_driver;
mod network;
pub mod overdue;
pub mod phish;
pub mod report;
pub mod retire;
pub mod schema;
pub mod secret;
pub mod send;
pub mod show;
pub mod subjects;
pub mod trace;

use chrono::NaiveDate;

pub use context::{Context, Loaded, Outcome, read_source, write_output};

/// How an optional date prints in a table.
pub(crate) fn date_cell(date: Option<NaiveDate>) -> String {
    date.map_or_else(|| "-".to_string(), |d| d.to_string())
}

pub(crate) fn opt_cell(value: Option<impl std::fmt::Display>) -> String {
    value.map_or_else(|| "-".to_string(), |v| v.to_string())
}
