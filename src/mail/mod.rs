//! Mail archives as linger reads them: one streamed reader (`archive`)
//! for every command that reads mail (`discover`, `trace`, `inbox`,
//! `phish`), so that they agree on what a message is, what is skipped,
//! and how much memory a hostile archive may cost (`net::imap` fetches
//! a mailbox for `inbox`). `separator` is the mbox rule for where a message
//! starts; `auth` reads the receiving server's `Authentication-Results`;
//! `labels` tells spam and trash. Parsing a message's fields is
//! `mail-parser`'s, in each caller.

pub mod archive;
pub mod auth;
pub mod fields;
pub mod labels;
pub mod separator;

pub use archive::{Message, Tally, Want, read};
