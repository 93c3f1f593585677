//! HTTP for the online checks: one blocking `reqwest` client with linger's
//! User-Agent, timeouts (connect 10 s, whole request 30 s), one deadline
//! for the whole run, retries on 429 and 503 that honour `Retry-After`, a
//! size limit on every answer, no request or redirect to an internal
//! address (`net::guard`), redirects followed here rather than by reqwest
//! so that each hop is checked against the source the request is for, a
//! response cache on disk (`net::cache`) that keeps only
//! answers that parsed, and `map`, which runs many requests a few at a
//! time.
//!
//! Blocking, not async: linger is a short-lived command whose only
//! concurrency is "at most N requests at a time", which scoped threads give
//! without putting an async runtime in every signature. reqwest runs its
//! own runtime inside the blocking client.
//!
//! TLS is rustls with the `ring` provider (the one `lettre` already uses),
//! as `net::tls` sets it up. Certificates are checked against the
//! operating system's trust store (rustls-platform-verifier: a corporate
//! proxy's root installed there works) and the built-in Mozilla roots, so a machine with an empty or
//! missing store still works. `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
//! are honoured by reqwest.
//!
//! The cache and `Retry-After` read the real clock: they are about this
//! machine's time, not the inventory's `--today`.

use std::io::Read;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, Instant, SystemTime};

use reqwest::blocking::Client;
use reqwest::header::{ACCEPT, CONTENT_LENGTH, LOCATION, RETRY_AFTER};
use reqwest::redirect::Policy;
use url::Url;

use super::cache::{Cache, Cached};
use super::guard::{self, Family, Resolver, Trusted, Way};
use super::tls;
use crate::printable;

/// Sent with every request, so that a service can tell who is asking:
/// `linger/VERSION (+REPOSITORY)`, the repository being Cargo.toml's
/// `repository` (left out while that is unset).
pub fn user_agent() -> String {
    let version = env!("CARGO_PKG_VERSION");
    match env!("CARGO_PKG_REPOSITORY") {
        "" => format!("linger/{version}"),
        repository => format!("linger/{version} (+{repository})"),
    }
}

const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
/// Redirects followed before giving up.
const MAX_REDIRECTS: usize = 10;
/// Tries after the first, on 429 and 503.
const RETRIES: u32 = 3;
/// The longest `Retry-After` linger waits for; a longer one is an error
/// that says when to try again.
const LONGEST_WAIT: Duration = Duration::from_secs(60);

/// What to ask for.
#[derive(Debug, Clone)]
pub struct Request {
    pub url: Url,
    /// The `Accept` header.
    pub accept: &'static str,
    /// How long an answer may be reused from the cache.
    pub ttl: Duration,
    /// Follow redirects (RDAP servers redirect); off to see a website's
    /// `Location`.
    pub follow: bool,
    /// The most bytes of body linger reads; a longer answer is an error.
    /// 0 reads no body at all (a website check needs the status and
    /// `Location` only).
    pub limit: u64,
    /// What is asked, for an error ("the breach list", "RDAP").
    pub source: &'static str,
    /// The source it is for: a configured base URL is trusted (may be on
    /// an internal address) only for requests of its own source.
    pub family: Family,
    /// A shorter time than `--timeout` for this request (a phishing
    /// site's web server, asked only whether it answers); never longer.
    pub timeout: Option<Duration>,
}

/// An answer, from the network or the cache.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Response {
    pub status: u16,
    /// The `Location` header of a redirect that was not followed.
    pub location: Option<String>,
    pub body: String,
}

/// A request that got no usable answer: which host, and what went wrong,
/// in words for the person running linger.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{host}: {what}")]
pub struct HttpError {
    pub host: String,
    pub what: String,
}

pub struct Http {
    /// Asks the configured bases of a request's source (`Way::Configured`),
    /// resolving their names as they are.
    trusting: Client,
    /// Asks everywhere else, through the resolver that keeps only
    /// addresses on the internet.
    guarded: Client,
    cache: Option<Cache>,
    refresh: bool,
    jobs: usize,
    timeout: Duration,
    /// When the run must end, and how long it was given.
    deadline: Instant,
    budget: Duration,
    trusted: Arc<Trusted>,
    /// Requests that went to the network (not the cache), for the summary
    /// and the tests.
    sent: AtomicUsize,
    /// Requests not made because the deadline had passed.
    unasked: AtomicUsize,
}

/// How the client is set up.
pub struct Options {
    /// Where answers are cached; `None` caches nothing.
    pub cache: Option<Cache>,
    /// Ignore cached answers (still store new ones).
    pub refresh: bool,
    /// Requests at a time in `map`.
    pub jobs: usize,
    /// How long a whole request may take (30 s unless the user says).
    pub timeout: Duration,
    /// How long the whole run may take, retries and waits included.
    pub deadline: Duration,
    /// Who may be asked at an internal address (`net::guard`).
    pub trusted: Trusted,
}

impl Http {
    pub fn new(options: Options) -> Result<Self, HttpError> {
        tls::install_provider();
        let trusted = Arc::new(options.trusted);
        // Neither client follows redirects: `fetch` does, checking each
        // hop against the request's source and choosing the client for it.
        let built = |trusting: bool| {
            let roots = tls::mozilla_roots()
                .iter()
                .filter_map(|der| reqwest::Certificate::from_der(der).ok());
            Client::builder()
                .user_agent(user_agent())
                .connect_timeout(CONNECT_TIMEOUT.min(options.timeout))
                .timeout(options.timeout)
                .redirect(Policy::none())
                .dns_resolver(Arc::new(Resolver::new(Arc::clone(&trusted), trusting)))
                .tls_certs_merge(roots)
                .build()
                .map_err(|err| HttpError {
                    host: "-".into(),
                    what: format!("the HTTP client could not start: {}", root_cause(&err)),
                })
        };
        Ok(Self {
            trusting: built(true)?,
            guarded: built(false)?,
            cache: options.cache,
            refresh: options.refresh,
            jobs: options.jobs.max(1),
            timeout: options.timeout,
            deadline: Instant::now() + options.deadline,
            budget: options.deadline,
            trusted,
            sent: AtomicUsize::new(0),
            unasked: AtomicUsize::new(0),
        })
    }

    /// Whether a request for `family` may go to `url` (`net::guard`): a
    /// redirect that a caller follows itself asks this first.
    pub fn allows(&self, url: &Url, family: Family) -> bool {
        self.trusted.allows(url, family)
    }

    /// Requests not made because the run's deadline had passed.
    pub fn unasked(&self) -> usize {
        self.unasked.load(Ordering::Relaxed)
    }

    /// The run's deadline, as given.
    pub fn budget(&self) -> Duration {
        self.budget
    }

    /// What is left of the run's time.
    fn remaining(&self) -> Duration {
        self.deadline.saturating_duration_since(Instant::now())
    }

    /// Whether the run's deadline has passed.
    pub fn expired(&self) -> bool {
        self.remaining().is_zero()
    }

    /// Counts `n` questions that a caller did not ask because the deadline
    /// had passed (`expired`), and says so as `fetch` would.
    pub fn skipped(&self, n: usize) -> String {
        self.unasked.fetch_add(n, Ordering::Relaxed);
        self.past_deadline()
    }

    fn past_deadline(&self) -> String {
        format!(
            "not asked: the run's deadline of {} s passed (--deadline)",
            self.budget.as_secs()
        )
    }

    /// Requests sent over the network so far.
    pub fn sent(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }

    /// Fetches `request`, from the cache when a fresh answer is there, and
    /// reads it with `parse`. Any status is an answer, except 429 and 503
    /// after the retries and other 5xx, which are errors. An answer is
    /// cached only when `parse` accepted it: a captive portal's page or a
    /// broken answer is never reused.
    pub fn get<T>(
        &self,
        request: &Request,
        parse: impl Fn(&Response) -> Result<T, String>,
    ) -> Result<T, String> {
        let key = format!("{} {}", request.accept, request.url);
        if !self.refresh
            && let Some(cache) = &self.cache
            && let Some(hit) = cache.get(&key, request.ttl, SystemTime::now())
        {
            let response = Response {
                status: hit.status,
                location: hit.location,
                body: hit.body,
            };
            if let Ok(parsed) = parse(&response) {
                return Ok(parsed);
            }
        }
        let response = self.fetch(request).map_err(|e| e.to_string())?;
        let parsed = parse(&response)
            .map_err(|e| format!("{}: {}", host_of(&request.url), printable::line(&e)))?;
        if let Some(cache) = &self.cache {
            cache.put(
                &key,
                &Cached {
                    fetched: SystemTime::now(),
                    status: response.status,
                    location: response.location.clone(),
                    body: response.body,
                },
            );
        }
        Ok(parsed)
    }

    /// `request`, its redirects followed when it asks for that: each hop
    /// is checked against the request's source (`net::guard`) and asked
    /// through the client its way calls for.
    fn fetch(&self, request: &Request) -> Result<Response, HttpError> {
        let host = host_of(&request.url);
        let failed = |what: String| HttpError {
            host: host.clone(),
            what: printable::line(&what).into_owned(),
        };
        let mut url = request.url.clone();
        let mut hops = 0;
        loop {
            let response = self.fetch_one(request, &url, &failed)?;
            let next = match (&response.location, request.follow) {
                (Some(location), true) if (300..400).contains(&response.status) => location,
                _ => return Ok(response),
            };
            if hops >= MAX_REDIRECTS {
                return Err(failed(format!("more than {MAX_REDIRECTS} redirects")));
            }
            url = url.join(next).map_err(|err| {
                failed(format!("a redirect to `{}`: {err}", printable::line(next)))
            })?;
            hops += 1;
        }
    }

    /// One URL of `request`, with the retries on 429 and 503. A redirect
    /// that `fetch` follows is returned without reading its body.
    fn fetch_one(
        &self,
        request: &Request,
        url: &Url,
        failed: &impl Fn(String) -> HttpError,
    ) -> Result<Response, HttpError> {
        let client = match self.trusted.way(url, request.family) {
            Some(Way::Configured) => &self.trusting,
            Some(Way::Outside) => &self.guarded,
            None => return Err(failed(guard::INTERNAL.to_string())),
        };
        let mut attempt = 0;
        loop {
            let remaining = self.remaining();
            if remaining.is_zero() {
                self.unasked.fetch_add(1, Ordering::Relaxed);
                return Err(failed(self.past_deadline()));
            }
            let timeout = request
                .timeout
                .map_or(self.timeout, |t| t.min(self.timeout))
                .min(remaining);
            self.sent.fetch_add(1, Ordering::Relaxed);
            let response = client
                .get(url.clone())
                .header(ACCEPT, request.accept)
                .timeout(timeout)
                .send()
                .map_err(|err| failed(describe(&err, timeout)))?;
            let status = response.status().as_u16();
            if status == 429 || status == 503 {
                let wait = retry_after(response.headers().get(RETRY_AFTER), SystemTime::now())
                    .unwrap_or_else(|| Duration::from_secs(1 << attempt));
                if attempt >= RETRIES {
                    return Err(failed(format!(
                        "answered {status} ({}) {} times",
                        reason(status),
                        attempt + 1
                    )));
                }
                if wait > LONGEST_WAIT {
                    return Err(failed(format!(
                        "answered {status} ({}) and asks to wait {} s: try again later",
                        reason(status),
                        wait.as_secs()
                    )));
                }
                if wait >= self.remaining() {
                    return Err(failed(format!(
                        "answered {status} ({}) and asks to wait {} s, past the run's deadline of {} s (--deadline)",
                        reason(status),
                        wait.as_secs(),
                        self.budget.as_secs()
                    )));
                }
                attempt += 1;
                thread::sleep(wait);
                continue;
            }
            if status >= 500 {
                return Err(failed(format!("answered {status} ({})", reason(status))));
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::to_string);
            let followed = request.follow && location.is_some() && (300..400).contains(&status);
            let body = if followed {
                String::new()
            } else {
                read_body(response, request, timeout).map_err(failed)?
            };
            return Ok(Response {
                status,
                location,
                body,
            });
        }
    }

    /// Writes the answers of this run to the cache. Called when the client
    /// is dropped; a cache that cannot be written costs speed on the next
    /// run, not correctness, so its error is dropped too.
    pub fn save_cache(&self) {
        if let Some(cache) = &self.cache {
            let _ = cache.save(SystemTime::now());
        }
    }

    /// Runs `work` over `items`, at most `jobs` at a time, calling `done`
    /// after each; the results come back in the order of `items`.
    pub fn map<T: Sync, R: Send>(
        &self,
        items: &[T],
        work: impl Fn(&T) -> R + Sync,
        done: impl Fn() + Sync,
    ) -> Vec<R> {
        crate::parallel::map(items, self.jobs, work, done)
    }
}

impl Drop for Http {
    fn drop(&mut self) {
        self.save_cache();
    }
}

/// At most `request.limit` bytes of `response`'s body, as text; an
/// answer that says or turns out to be longer is an error naming the
/// source and the limit. Read while it streams: a 1 GB answer costs
/// `limit` bytes of memory, not a gigabyte.
fn read_body(
    response: reqwest::blocking::Response,
    request: &Request,
    timeout: Duration,
) -> Result<String, String> {
    if request.limit == 0 {
        return Ok(String::new());
    }
    let too_long = || {
        format!(
            "the answer of {} is larger than {}, linger's limit for it",
            request.source,
            size(request.limit)
        )
    };
    let declared = response
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if declared.is_some_and(|n| n > request.limit) {
        return Err(too_long());
    }
    let mut body = Vec::new();
    response
        .take(request.limit + 1)
        .read_to_end(&mut body)
        .map_err(|err| {
            match err
                .get_ref()
                .and_then(|e| e.downcast_ref::<reqwest::Error>())
            {
                Some(inner) => describe(inner, timeout),
                None => format!("the answer broke off: {}", root_cause(&err)),
            }
        })?;
    if body.len() as u64 > request.limit {
        return Err(too_long());
    }
    Ok(String::from_utf8(body)
        .unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned()))
}

/// A byte count for a person: "4 MB", "64 KB".
pub fn size(bytes: u64) -> String {
    match bytes {
        b if b >= 1 << 20 && b % (1 << 20) == 0 => format!("{} MB", b >> 20),
        b if b >= 1 << 10 && b % (1 << 10) == 0 => format!("{} KB", b >> 10),
        b => format!("{b} bytes"),
    }
}

/// The host (and port, when not the default) a request went to, as the
/// error names it.
pub fn host_of(url: &Url) -> String {
    match (url.host_str(), url.port()) {
        (Some(host), Some(port)) => format!("{host}:{port}"),
        (Some(host), None) => host.to_string(),
        (None, _) => url.to_string(),
    }
}

/// How long a `Retry-After` header asks to wait: seconds, or an HTTP date.
fn retry_after(header: Option<&reqwest::header::HeaderValue>, now: SystemTime) -> Option<Duration> {
    let text = header?.to_str().ok()?.trim();
    if let Ok(seconds) = text.parse::<u64>() {
        return Some(Duration::from_secs(seconds));
    }
    let when = chrono::DateTime::parse_from_rfc2822(text).ok()?;
    let when = SystemTime::UNIX_EPOCH + Duration::from_secs(when.timestamp().max(0).unsigned_abs());
    Some(when.duration_since(now).unwrap_or(Duration::ZERO))
}

fn reason(status: u16) -> &'static str {
    reqwest::StatusCode::from_u16(status)
        .ok()
        .and_then(|s| s.canonical_reason())
        .unwrap_or("no reason given")
}

/// A reqwest error in words: what failed, with the innermost cause (which
/// says "Connection refused", "certificate expired" and the like).
fn describe(err: &reqwest::Error, timeout: Duration) -> String {
    let cause = root_cause(err);
    if err.is_timeout() {
        format!("no answer within {} s", timeout.as_secs_f64().ceil())
    } else if cause.starts_with(guard::INTERNAL) {
        guard::INTERNAL.to_string()
    } else if err.is_connect() {
        format!("could not connect: {cause}")
    } else if err.is_body() || err.is_decode() {
        format!("the answer broke off: {cause}")
    } else {
        format!("the request failed: {cause}")
    }
}

/// The innermost cause, without the errno a person cannot use
/// ("Connection refused (os error 111)" → "Connection refused").
fn root_cause(err: &(dyn std::error::Error + 'static)) -> String {
    let mut cause = err;
    while let Some(next) = cause.source() {
        cause = next;
    }
    let text = cause.to_string();
    match text.rsplit_once(" (os error ") {
        Some((words, code)) if code.trim_end_matches(')').parse::<i32>().is_ok() => {
            words.to_string()
        }
        _ => text,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use reqwest::header::HeaderValue;

    #[test]
    fn retry_after_reads_seconds_and_dates() {
        let now = SystemTime::UNIX_EPOCH + Duration::from_secs(1_445_412_470);
        let seconds = HeaderValue::from_static("7");
        assert_eq!(
            retry_after(Some(&seconds), now),
            Some(Duration::from_secs(7))
        );
        // 2015-10-21T07:28:00Z is 10 s after `now`.
        let date = HeaderValue::from_static("Wed, 21 Oct 2015 07:28:00 GMT");
        assert_eq!(retry_after(Some(&date), now), Some(Duration::from_secs(10)));
        let past = HeaderValue::from_static("Wed, 21 Oct 2015 07:00:00 GMT");
        assert_eq!(retry_after(Some(&past), now), Some(Duration::ZERO));
        let junk = HeaderValue::from_static("soon");
        assert_eq!(retry_after(Some(&junk), now), None);
        assert_eq!(retry_after(None, now), None);
    }

    #[test]
    fn sizes_read_as_a_person_says_them() {
        assert_eq!(size(64 << 10), "64 KB");
        assert_eq!(size(8 << 20), "8 MB");
        assert_eq!(size(100), "100 bytes");
    }

    #[test]
    fn the_user_agent_names_linger_and_its_version() {
        assert!(user_agent().starts_with(&format!("linger/{}", env!("CARGO_PKG_VERSION"))));
    }
}
