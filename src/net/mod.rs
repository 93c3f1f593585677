//! The network edge: everything that talks to another machine. Each
//! protocol sits behind one small module with its timeouts and TLS rules.

pub mod cache;
pub mod guard;
pub mod http;
pub mod imap;
pub mod smtp;
