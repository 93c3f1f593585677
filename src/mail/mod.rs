//! Mail as linger reads it: one streamed reader (`archive`) for every
//! command that reads mail (`discover`, `trace`, `inbox`, `phish`), so
//! that they agree on what a message is, what is skipped, and how much
//! memory a hostile archive may cost; and one parsed `Message` (`message`,
//! the only place `mail-parser` is called) with what every reader asks of
//! it: addresses, the receiving server's verdict (`auth`), the received
//! date, a forward's originals, its own words (`body`, cut at the
//! `markers` of `markers.toml`) and its links (`links`, `defang`).
//! `net::imap` fetches a mailbox for the same callers. `separator` is the
//! mbox rule for where a message starts; `labels` tells spam and trash;
//! `pdf` reads an attached PDF's text (in a child process, with limits).

pub mod archive;
pub mod auth;
pub mod body;
pub mod defang;
pub mod labels;
pub mod links;
pub mod markers;
pub mod message;
pub mod pdf;
pub mod separator;

pub use archive::{Raw, Tally, Want, read};
pub use message::Message;
