//! The network edge: everything that talks to another machine. Each
//! protocol sits behind one small module with its timeouts (`http`, `smtp`,
//! `imap`); `tls` is the one TLS set-up they share, `guard` keeps requests
//! off internal addresses, `cache` keeps HTTP answers.

pub mod cache;
pub mod guard;
pub mod http;
pub mod imap;
pub mod smtp;
pub mod tls;
