//! linger keeps an inventory of the SaaS vendors that hold a company's
//! customer data, computes when each must delete it, and checks that it did.
//!
//! Data flows one way: **load** (`inventory`) → **evaluate** (`status`,
//! `deadline`, `checks`) → **render** (`output`). The core is pure; I/O
//! happens in `app`, `commands` and `inventory::Source`.

pub mod address;
pub mod app;
pub mod canary;
pub mod categories;
pub mod checks;
pub mod child;
pub mod cli;
pub mod commands;
pub mod completions;
pub mod deadline;
pub mod diagnostic;
pub mod directory;
pub mod discover;
pub mod error;
pub mod holidays;
pub mod ical;
pub mod inbox;
pub mod incident;
pub mod inventory;
pub mod lang;
pub mod letters;
pub mod mail;
pub mod net;
pub mod online;
pub mod output;
pub mod pack;
pub mod parallel;
pub mod phish;
pub mod printable;
pub mod report;
pub mod schema;
pub mod secrets;
pub mod status;
pub mod subjects;
pub mod suggest;
pub mod terms;
pub mod tips;
pub mod trace;
pub mod views;
pub mod zipfile;
