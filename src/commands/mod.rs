//! One module per command: read the arguments, call the core, hand the
//! result to `output`, as cargo's commands call its ops. No rules live
//! here: a command's work sits in its domain's module (`phish`, `trace`,
//! `letters::sending`, `online::lookalikes`, …) and its tables in
//! `output`, so a command file stays under 250 lines. Commands never call
//! each other; what several share sits in helper modules: `context`
//! (the context and loading), `edit` (the locked, atomic edit session),
//! `draft` (a letter with the user's template, and its files),
//! `letter_inputs` (a breach-kit letter's `--message`, `--addresses` and
//! abuse-desk flags), `incident_sent` (a letter sent about an incident,
//! kept and recorded as its step), `evidence`
//! (the evidence files an edit writes), `network` (the HTTP client of the
//! online commands, and a mail connection's secret and CA file) and
//! `mailbox` (the one read of the `[imap]` mailboxes); `attachments` reads
//! a reply's attached files for `inbox` (a PDF in a child process with
//! limits, which is also the hidden `pdf-text`). `tests/layering.rs`
//! holds both rules.

pub mod add;
pub mod attachments;
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
pub mod incident;
pub mod incident_mark;
pub mod incident_register;
pub mod incident_reports;
mod incident_sent;
pub mod incident_show;
pub mod init;
pub mod letter;
mod letter_inputs;
pub mod letters;
pub mod list;
pub mod lookalikes;
mod mailbox;
pub mod man;
pub mod mark;
pub mod merge_driver;
mod network;
pub mod notify;
pub mod overdue;
pub mod pack;
pub mod phish;
pub mod report;
pub mod retire;
pub mod schema;
pub mod secret;
pub mod send;
pub mod show;
pub mod subjects;
mod takedown;
pub mod trace;

pub use context::{Context, Loaded, Outcome, read_source, write_output};
