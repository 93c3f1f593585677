//! The privacy mailbox over IMAP, for `inbox --imap`: one read-only pass
//! over the configured mailboxes. Only `EXAMINE` (never `SELECT`) and
//! `BODY.PEEK[]` (never `BODY[]`), so no flag changes and nothing is moved
//! or deleted. Incremental: each mailbox's `UIDVALIDITY` and the highest UID
//! seen are kept in a small state file in the user cache directory, and a
//! rerun fetches only what came since.
//!
//! A read that asks for it (`Request::now`, `canary watch`) also keeps,
//! per mailbox, the span of time it has read without a gap (`Covered`):
//! what proves that nothing reached a canary in a window. Other reads
//! keep the state as it always was.
//!
//! The client is `async-imap` on a current-thread tokio runtime, over
//! rustls as `net::tls` sets it up (TLS on 993, or STARTTLS on 143).

use std::collections::BTreeMap;
use std::io;
use std::path::{Path, PathBuf};
use std::time::Duration;

use chrono::{DateTime, NaiveDate, Utc};
use futures_util::TryStreamExt;
use serde::{Deserialize, Serialize};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::rustls::pki_types::ServerName;

use super::tls::{self, ExtraRoots};
use crate::inventory::{Imap, MailAuth, Security};
use crate::secrets::Secret;

/// What one mailbox's last read reached.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Seen {
    pub uid_validity: u32,
    pub last_uid: u32,
    /// The span read without a gap, under this `uid_validity`; absent in
    /// a state written before it was kept, or by a read that does not
    /// keep it: no coverage.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub covered: Option<Covered>,
}

/// A span of time in which every message the mailbox received was read:
/// from the first message of a full read (or the `--since` day), to the
/// time of the last read that followed on without a gap.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Covered {
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
}

/// Where one read of a mailbox starts, for its coverage.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Start {
    /// It read every message: covered from the earliest one's
    /// INTERNALDATE (`None`: the mailbox was empty).
    All(Option<DateTime<Utc>>),
    /// It read the messages the server dates on or after this day.
    Since(NaiveDate),
    /// It read what came after the last UID of the state.
    After,
}

/// The coverage after a read that started at `start` and was made at
/// `now`, given the coverage before it under the same UIDVALIDITY
/// (`before`). An incremental read extends a coverage to `now`, and gives
/// none without one; a full or `--since` read starts one, and joins the
/// one before when that reaches its start. `SINCE` is a date in the
/// server's time zone, which may be twelve hours behind UTC: the day
/// counts from noon UTC.
pub fn covered_after(before: Option<Covered>, start: Start, now: DateTime<Utc>) -> Option<Covered> {
    let from = match start {
        Start::After => {
            return before.map(|c| Covered {
                from: c.from,
                to: now.max(c.to),
            });
        }
        Start::All(earliest) => earliest.unwrap_or(now).min(now),
        Start::Since(day) => day
            .and_hms_opt(12, 0, 0)
            .map_or(now, |t| t.and_utc())
            .min(now),
    };
    let from = match before {
        Some(c) if c.to >= from => c.from.min(from),
        _ => from,
    };
    Some(Covered { from, to: now })
}

/// The state file: mailbox name → how far it was read.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    pub mailboxes: BTreeMap<String, Seen>,
}

impl State {
    /// The state file for a server and user, under `dir`.
    pub fn path(dir: &Path, imap: &Imap) -> PathBuf {
        let name: String = format!("{}-{}-{}", imap.host, imap.port, imap.username)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '.' || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        dir.join(format!("{name}.json"))
    }

    /// The state in `path`; a missing or damaged file is an empty state
    /// (everything is fetched again, and the events' Message-IDs keep a
    /// second run from recording anything twice).
    pub fn load(path: &Path) -> State {
        crate::inventory::read_file_upto(path, 1 << 20)
            .ok()
            .and_then(|bytes| serde_json::from_slice(&bytes).ok())
            .unwrap_or_default()
    }

    /// Reads `uid` of `mailbox` again next time: a message that waits for
    /// a person (an end state without `--accept`) must not fall behind.
    pub fn rewind(&mut self, mailbox: &str, uid: u32) {
        if let Some(seen) = self.mailboxes.get_mut(mailbox) {
            seen.last_uid = seen.last_uid.min(uid.saturating_sub(1));
        }
    }

    pub fn save(&self, path: &Path) -> io::Result<()> {
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)?;
        }
        let text = serde_json::to_vec_pretty(self).map_err(io::Error::other)?;
        crate::inventory::store::write_whole(path, &text)
    }
}

/// Which messages to fetch.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    /// Those after the state's last UID (all, the first time).
    New,
    /// Every message.
    Full,
    /// Those the server dates on or after this day (IMAP `SINCE`).
    Since(chrono::NaiveDate),
}

/// What one pass reads, and how it logs in.
pub struct Request<'a> {
    pub imap: &'a Imap,
    /// `ca_file`'s certificates, trusted besides the built-in roots.
    pub extra_roots: &'a ExtraRoots,
    /// A password (`login`, `plain`) or an OAuth2 token (`xoauth2`).
    pub secret: &'a Secret,
    pub range: Range,
    /// The time of the read, when the state is to keep each mailbox's
    /// coverage (`Seen::covered`); `None` keeps none.
    pub now: Option<DateTime<Utc>>,
}

/// What a pass read.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Pass {
    /// Messages fetched, per mailbox.
    pub fetched: BTreeMap<String, u64>,
}

/// Why a pass failed, in words for the user.
#[derive(Debug, thiserror::Error)]
pub enum ImapError {
    #[error("cannot connect to {0}: {1}")]
    Connect(String, String),
    #[error("the TLS handshake with {0} failed: {1}")]
    Tls(String, String),
    #[error("the server refused the login of `{0}`: {1}")]
    Login(String, String),
    #[error("mailbox `{0}`: {1}")]
    Mailbox(String, String),
    #[error("{0} did not answer within {1} seconds")]
    Timeout(String, u64),
}

/// Reads the configured mailboxes once, calling `each` with every fetched
/// message's mailbox, UID and bytes, and moves `state` past them.
pub fn read(
    request: &Request<'_>,
    state: &mut State,
    each: &mut dyn FnMut(&str, u32, &[u8]),
) -> Result<Pass, ImapError> {
    let imap = request.imap;
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .enable_time()
        .build()
        .map_err(|err| ImapError::Connect(imap.host.clone(), err.to_string()))?;
    let timeout = Duration::from_secs(imap.timeout_seconds);
    let server = format!("{}:{}", imap.host, imap.port);
    runtime.block_on(async {
        tokio::time::timeout(timeout * 20, session(request, state, each))
            .await
            .map_err(|_| ImapError::Timeout(server.clone(), imap.timeout_seconds * 20))?
    })
}

type Tls = tokio_rustls::client::TlsStream<TcpStream>;

async fn session(
    request: &Request<'_>,
    state: &mut State,
    each: &mut dyn FnMut(&str, u32, &[u8]),
) -> Result<Pass, ImapError> {
    let Request {
        imap,
        extra_roots,
        secret,
        range,
        now,
    } = *request;
    let server = format!("{}:{}", imap.host, imap.port);
    let timeout = Duration::from_secs(imap.timeout_seconds);
    let step = |what: &'static str| {
        let server = server.clone();
        move |_| ImapError::Timeout(format!("{server} ({what})"), imap.timeout_seconds)
    };
    let connector = connector(extra_roots)?;
    let name = ServerName::try_from(imap.host.clone())
        .map_err(|err| ImapError::Tls(server.clone(), err.to_string()))?;
    let tcp = tokio::time::timeout(timeout, TcpStream::connect((imap.host.as_str(), imap.port)))
        .await
        .map_err(step("connect"))?
        .map_err(|err| ImapError::Connect(server.clone(), err.to_string()))?;
    // STARTTLS: the greeting and the upgrade in the clear, then TLS on the
    // same connection; nothing else is ever sent unencrypted.
    let tcp = match imap.security {
        Security::StartTls => {
            let mut plain = async_imap::Client::new(tcp);
            greet(&mut plain, &server).await?;
            plain
                .run_command_and_check_ok("STARTTLS", None)
                .await
                .map_err(|err| ImapError::Tls(server.clone(), format!("STARTTLS: {err}")))?;
            plain.into_inner()
        }
        _ => tcp,
    };
    let tls: Tls = tokio::time::timeout(timeout, connector.connect(name, tcp))
        .await
        .map_err(step("TLS"))?
        .map_err(|err| ImapError::Tls(server.clone(), err.to_string()))?;
    let mut client = async_imap::Client::new(tls);
    if imap.security != Security::StartTls {
        greet(&mut client, &server).await?;
    }
    let user = imap.username.as_str();
    let secret = secret.expose();
    let login = match imap.auth {
        MailAuth::Login => client.login(user, secret).await,
        MailAuth::Plain => {
            client
                .authenticate("PLAIN", Plain(format!("\0{user}\0{secret}")))
                .await
        }
        MailAuth::Xoauth2 => {
            client
                .authenticate(
                    "XOAUTH2",
                    Plain(format!("user={user}\x01auth=Bearer {secret}\x01\x01")),
                )
                .await
        }
    };
    let mut session =
        login.map_err(|(err, _)| ImapError::Login(user.to_string(), err.to_string()))?;
    let mut pass = Pass::default();
    for mailbox in &imap.mailboxes {
        let failed =
            |err: async_imap::error::Error| ImapError::Mailbox(mailbox.clone(), err.to_string());
        // EXAMINE: read-only, so not even \Recent changes.
        let opened = session.examine(mailbox).await.map_err(failed)?;
        let validity = opened.uid_validity.unwrap_or(0);
        let known = state
            .mailboxes
            .get(mailbox)
            .filter(|seen| seen.uid_validity == validity)
            .map(|seen| seen.last_uid);
        let mut last = known.unwrap_or(0);
        let start = match (range, known) {
            (Range::Full, _) | (Range::New, None) => Start::All(None),
            (Range::Since(day), _) => Start::Since(day),
            (Range::New, Some(_)) => Start::After,
        };
        let mut earliest: Option<DateTime<Utc>> = None;
        let set = match range {
            Range::Full => Some("1:*".to_string()),
            Range::New => new_since(known, opened.uid_next),
            Range::Since(day) => {
                let query = format!("SINCE {}", day.format("%d-%b-%Y"));
                let mut uids: Vec<u32> = session
                    .uid_search(query)
                    .await
                    .map_err(failed)?
                    .into_iter()
                    .collect();
                uids.sort_unstable();
                (!uids.is_empty()).then(|| {
                    uids.iter()
                        .map(u32::to_string)
                        .collect::<Vec<_>>()
                        .join(",")
                })
            }
        };
        let mut fetched = 0;
        if let (Some(set), true) = (set, opened.exists > 0) {
            let items = if now.is_some() {
                "(UID INTERNALDATE BODY.PEEK[])"
            } else {
                "(UID BODY.PEEK[])"
            };
            let mut stream = session.uid_fetch(set, items).await.map_err(failed)?;
            while let Some(message) = stream.try_next().await.map_err(failed)? {
                let Some(uid) = message.uid else { continue };
                // `N:*` always names the last message, even below N.
                if range == Range::New && uid <= known.unwrap_or(0) {
                    continue;
                }
                if let Some(at) = message.internal_date() {
                    let at = at.with_timezone(&Utc);
                    earliest = Some(earliest.map_or(at, |e| e.min(at)));
                }
                if let Some(body) = message.body() {
                    each(mailbox, uid, body);
                    fetched += 1;
                }
                last = last.max(uid);
            }
        }
        let before = state
            .mailboxes
            .get(mailbox)
            .filter(|seen| seen.uid_validity == validity)
            .and_then(|seen| seen.covered);
        let start = match start {
            Start::All(_) => Start::All(earliest),
            other => other,
        };
        state.mailboxes.insert(
            mailbox.clone(),
            Seen {
                uid_validity: validity,
                last_uid: last,
                covered: now.and_then(|now| covered_after(before, start, now)),
            },
        );
        pass.fetched.insert(mailbox.clone(), fetched);
    }
    let _ = session.logout().await;
    Ok(pass)
}

/// The UID set of the messages after `known`, the last UID read (`None`
/// the first time), or `None` when nothing can have come since: UIDNEXT
/// says so, or `known` is the top UID, 4294967295, after which a mailbox
/// holds no more (RFC 3501 makes the server start a new UIDVALIDITY
/// instead, and then `known` no longer applies).
fn new_since(known: Option<u32>, uid_next: Option<u32>) -> Option<String> {
    let Some(last) = known else {
        return Some("1:*".to_string());
    };
    let first = last.checked_add(1)?;
    if uid_next.is_some_and(|next| next <= first) {
        return None;
    }
    Some(format!("{first}:*"))
}

/// Reads the server's greeting.
async fn greet<T>(client: &mut async_imap::Client<T>, server: &str) -> Result<(), ImapError>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    match client.read_response().await {
        Ok(Some(_)) => Ok(()),
        Ok(None) => Err(ImapError::Connect(
            server.to_string(),
            "the server closed the connection".into(),
        )),
        Err(err) => Err(ImapError::Connect(server.to_string(), err.to_string())),
    }
}

/// A SASL initial response sent as the answer to the first challenge.
struct Plain(String);

impl async_imap::Authenticator for Plain {
    type Response = String;
    fn process(&mut self, _challenge: &[u8]) -> String {
        std::mem::take(&mut self.0)
    }
}

/// The TLS client: the Mozilla roots, and the `ca_file`'s certificates
/// when given (`net::tls`).
fn connector(extra_roots: &ExtraRoots) -> Result<TlsConnector, ImapError> {
    let config =
        tls::client_config(extra_roots).map_err(|err| ImapError::Tls("set-up".into(), err))?;
    Ok(TlsConnector::from(config))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_read_asks_for_every_message() {
        assert_eq!(new_since(None, Some(7)).as_deref(), Some("1:*"));
        assert_eq!(new_since(None, None).as_deref(), Some("1:*"));
    }

    #[test]
    fn a_rerun_asks_for_what_came_after_the_last_uid() {
        assert_eq!(new_since(Some(41), Some(50)).as_deref(), Some("42:*"));
        assert_eq!(new_since(Some(41), None).as_deref(), Some("42:*"));
        // UIDNEXT right after the last UID read: nothing came.
        assert_eq!(new_since(Some(41), Some(42)), None);
    }

    fn at(text: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(text)
            .unwrap()
            .with_timezone(&Utc)
    }

    #[test]
    fn coverage_starts_with_a_full_read_and_grows_with_each_read_after_it() {
        let first = covered_after(
            None,
            Start::All(Some(at("2026-09-02T08:00:00Z"))),
            at("2026-10-01T00:00:00Z"),
        )
        .unwrap();
        assert_eq!(first.from, at("2026-09-02T08:00:00Z"));
        let next = covered_after(Some(first), Start::After, at("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(
            (next.from, next.to),
            (first.from, at("2026-12-01T00:00:00Z"))
        );
        // An incremental read without a coverage before it proves nothing.
        assert_eq!(
            covered_after(None, Start::After, at("2026-12-01T00:00:00Z")),
            None
        );
        // An empty mailbox read whole: covered from now.
        let empty = covered_after(None, Start::All(None), at("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(empty.from, empty.to);
    }

    #[test]
    fn a_since_read_counts_from_noon_and_joins_only_a_coverage_that_reaches_it() {
        let day = NaiveDate::from_ymd_opt(2026, 9, 1).unwrap();
        let alone = covered_after(None, Start::Since(day), at("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(alone.from, at("2026-09-01T12:00:00Z"));
        let old = Covered {
            from: at("2026-06-01T00:00:00Z"),
            to: at("2026-08-01T00:00:00Z"),
        };
        // A gap from August to September: the old span is not joined.
        let gap = covered_after(Some(old), Start::Since(day), at("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(gap.from, at("2026-09-01T12:00:00Z"));
        let joined = Covered {
            to: at("2026-09-05T00:00:00Z"),
            ..old
        };
        let joined =
            covered_after(Some(joined), Start::Since(day), at("2026-12-01T00:00:00Z")).unwrap();
        assert_eq!(joined.from, old.from);
    }

    #[test]
    fn an_old_state_file_reads_as_no_coverage() {
        let old: State =
            serde_json::from_str(r#"{"mailboxes":{"INBOX":{"uid_validity":7,"last_uid":41}}}"#)
                .unwrap();
        assert_eq!(old.mailboxes["INBOX"].covered, None);
        // And a state without coverage is written as before.
        assert_eq!(
            serde_json::to_string(&old).unwrap(),
            r#"{"mailboxes":{"INBOX":{"uid_validity":7,"last_uid":41}}}"#
        );
    }

    #[test]
    fn the_top_uid_is_the_end_of_the_mailbox() {
        // `u32::MAX + 1` wrapped to `0:*` (every message again) in a
        // release build and panicked in a debug one.
        assert_eq!(new_since(Some(u32::MAX), Some(u32::MAX)), None);
        assert_eq!(new_since(Some(u32::MAX), None), None);
        assert_eq!(
            new_since(Some(u32::MAX - 1), None).as_deref(),
            Some("4294967295:*")
        );
    }
}
