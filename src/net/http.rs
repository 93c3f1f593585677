//! HTTP for the online checks: one blocking `reqwest` client with linger's
//! User-Agent, timeouts (connect 10 s, whole request 30 s), retries on 429
//! and 503 that honour `Retry-After`, a response cache on disk
//! (`net::cache`), and `map`, which runs many requests a few at a time.
//!
//! Blocking, not async: linger is a short-lived command whose only
//! concurrency is "at most N requests at a time", which scoped threads give
//! without putting an async runtime in every signature. reqwest runs its
//! own runtime inside the blocking client.
//!
//! TLS is rustls with the `ring` provider (the one `lettre` already uses).
//! Certificates are checked against the operating system's trust store
//! (rustls-platform-verifier: a corporate proxy's root installed there
//! works) and the built-in Mozilla roots, so a machine with an empty or
//! missing store still works. `HTTPS_PROXY`, `HTTP_PROXY` and `NO_PROXY`
//! are honoured by reqwest.
//!
//! The cache and `Retry-After` read the real clock: they are about this
//! machine's time, not the inventory's `--today`.

use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::thread;
use std::time::{Duration, SystemTime};

use reqwest::blocking::Client;
use reqwest::header::{ACCEPT, LOCATION, RETRY_AFTER};
use reqwest::redirect::Policy;
use url::Url;

use super::cache::{Cache, Cached};

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
    follow: Client,
    no_follow: Client,
    cache: Option<Cache>,
    refresh: bool,
    jobs: usize,
    timeout: Duration,
    /// Requests that went to the network (not the cache), for the summary
    /// and the tests.
    sent: AtomicUsize,
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
}

impl Http {
    pub fn new(options: Options) -> Result<Self, HttpError> {
        // The first caller installs ring as the process's provider; a second
        // install fails harmlessly.
        let _ = rustls::crypto::ring::default_provider().install_default();
        let built = |policy: Policy| {
            let roots = webpki_root_certs::TLS_SERVER_ROOT_CERTS
                .iter()
                .filter_map(|der| reqwest::Certificate::from_der(der).ok());
            Client::builder()
                .user_agent(user_agent())
                .connect_timeout(CONNECT_TIMEOUT.min(options.timeout))
                .timeout(options.timeout)
                .redirect(policy)
                .tls_certs_merge(roots)
                .build()
                .map_err(|err| HttpError {
                    host: "-".into(),
                    what: format!("the HTTP client could not start: {}", root_cause(&err)),
                })
        };
        Ok(Self {
            follow: built(Policy::limited(10))?,
            no_follow: built(Policy::none())?,
            cache: options.cache,
            refresh: options.refresh,
            jobs: options.jobs.max(1),
            timeout: options.timeout,
            sent: AtomicUsize::new(0),
        })
    }

    /// Requests sent over the network so far.
    pub fn sent(&self) -> usize {
        self.sent.load(Ordering::Relaxed)
    }

    /// Fetches `request`, from the cache when a fresh answer is there.
    /// Any status is an answer, except 429 and 503 after the retries and
    /// other 5xx, which are errors; answers of 5xx and 429 are not cached.
    pub fn get(&self, request: &Request) -> Result<Response, HttpError> {
        let key = format!("{} {}", request.accept, request.url);
        if !self.refresh
            && let Some(cache) = &self.cache
            && let Some(hit) = cache.get(&key, request.ttl, SystemTime::now())
        {
            return Ok(Response {
                status: hit.status,
                location: hit.location,
                body: hit.body,
            });
        }
        let response = self.fetch(request)?;
        if let Some(cache) = &self.cache {
            cache.put(
                &key,
                &Cached {
                    fetched: SystemTime::now(),
                    status: response.status,
                    location: response.location.clone(),
                    body: response.body.clone(),
                },
            );
        }
        Ok(response)
    }

    fn fetch(&self, request: &Request) -> Result<Response, HttpError> {
        let host = host_of(&request.url);
        let client = if request.follow {
            &self.follow
        } else {
            &self.no_follow
        };
        let mut attempt = 0;
        loop {
            self.sent.fetch_add(1, Ordering::Relaxed);
            let response = client
                .get(request.url.clone())
                .header(ACCEPT, request.accept)
                .send()
                .map_err(|err| HttpError {
                    host: host.clone(),
                    what: describe(&err, self.timeout),
                })?;
            let status = response.status().as_u16();
            if status == 429 || status == 503 {
                let wait = retry_after(response.headers().get(RETRY_AFTER), SystemTime::now())
                    .unwrap_or_else(|| Duration::from_secs(1 << attempt));
                if attempt >= RETRIES {
                    return Err(HttpError {
                        host,
                        what: format!(
                            "answered {status} ({}) {} times",
                            reason(status),
                            attempt + 1
                        ),
                    });
                }
                if wait > LONGEST_WAIT {
                    return Err(HttpError {
                        host,
                        what: format!(
                            "answered {status} ({}) and asks to wait {} s: try again later",
                            reason(status),
                            wait.as_secs()
                        ),
                    });
                }
                attempt += 1;
                thread::sleep(wait);
                continue;
            }
            if status >= 500 {
                return Err(HttpError {
                    host,
                    what: format!("answered {status} ({})", reason(status)),
                });
            }
            let location = response
                .headers()
                .get(LOCATION)
                .and_then(|l| l.to_str().ok())
                .map(str::to_string);
            let body = response.text().map_err(|err| HttpError {
                host: host.clone(),
                what: describe(&err, self.timeout),
            })?;
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
        let next = AtomicUsize::new(0);
        let results: Mutex<Vec<Option<R>>> =
            Mutex::new(std::iter::repeat_with(|| None).take(items.len()).collect());
        thread::scope(|scope| {
            for _ in 0..self.jobs.min(items.len()) {
                scope.spawn(|| {
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(item) = items.get(index) else { break };
                        let result = work(item);
                        if let Ok(mut slots) = results.lock() {
                            slots[index] = Some(result);
                        }
                        done();
                    }
                });
            }
        });
        results
            .into_inner()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .into_iter()
            .flatten()
            .collect()
    }
}

impl Drop for Http {
    fn drop(&mut self) {
        self.save_cache();
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
        format!("no answer within {} s", timeout.as_secs())
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
    fn the_user_agent_names_linger_and_its_version() {
        assert!(user_agent().starts_with(&format!("linger/{}", env!("CARGO_PKG_VERSION"))));
    }
}
