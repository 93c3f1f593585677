//! Asks the three sources (Have I Been Pwned, RDAP, DNS over HTTPS) and
//! vendors' websites what the checks need, through `net::http`, and
//! returns plain `Facts`. The only module of `online` that does I/O.
//!
//! What is sent: domain names and website addresses from the inventory,
//! never customer data, vendor ids or anything else from the file.

use std::time::Duration;

use url::Url;

use super::doh::{self, Answer, RecordType};
use super::lookalikes::Lookalike;
use super::rdap::{self, Bootstrap, Registration};
use super::{Facts, Landing, Plan, domains, hibp};
use crate::net::http::{Http, Request, host_of};

/// Where each source is; `LINGER_HIBP_URL`, `LINGER_RDAP_BOOTSTRAP_URL`
/// and `LINGER_DOH_URL` point them at a mirror or a test server.
#[derive(Debug, Clone)]
pub struct Sources {
    pub hibp: Url,
    pub rdap_bootstrap: Url,
    pub doh: Url,
}

const HOUR: Duration = Duration::from_secs(3600);
/// HIBP's breach list changes a few times a week.
pub const HIBP_TTL: Duration = Duration::from_secs(24 * 3600);
/// IANA's bootstrap changes when a top-level domain moves registry.
pub const BOOTSTRAP_TTL: Duration = Duration::from_secs(7 * 24 * 3600);
/// A registration date changes only when the domain changes hands.
pub const RDAP_TTL: Duration = Duration::from_secs(24 * 3600);
/// DNS answers and redirects change more often.
pub const DNS_TTL: Duration = HOUR;
pub const WEBSITE_TTL: Duration = Duration::from_secs(24 * 3600);

/// Redirects followed on a website before giving up on where it lands.
const MAX_HOPS: usize = 5;

fn json(url: Url, ttl: Duration) -> Request {
    Request {
        url,
        accept: "application/json",
        ttl,
        follow: true,
    }
}

/// HIBP's list of every breach.
pub fn breaches(http: &Http, sources: &Sources) -> Result<Vec<hibp::Breach>, String> {
    let url = join(&sources.hibp, "breaches")?;
    let answer = http
        .get(&json(url.clone(), HIBP_TTL))
        .map_err(|e| e.to_string())?;
    if answer.status != 200 {
        return Err(format!("{}: answered {}", host_of(&url), answer.status));
    }
    hibp::parse(&answer.body).map_err(|e| format!("{}: {e}", host_of(&url)))
}

/// IANA's RDAP bootstrap.
pub fn bootstrap(http: &Http, sources: &Sources) -> Result<Bootstrap, String> {
    let url = &sources.rdap_bootstrap;
    let answer = http
        .get(&json(url.clone(), BOOTSTRAP_TTL))
        .map_err(|e| e.to_string())?;
    if answer.status != 200 {
        return Err(format!("{}: answered {}", host_of(url), answer.status));
    }
    Bootstrap::parse(&answer.body).map_err(|e| format!("{}: {e}", host_of(url)))
}

/// The registration of `domain`, from the registry's RDAP server.
pub fn registration(
    http: &Http,
    bootstrap: &Bootstrap,
    domain: &str,
) -> Result<Registration, String> {
    let ascii =
        idna::domain_to_ascii(domain).map_err(|_| format!("`{domain}` is not a domain name"))?;
    let server = bootstrap
        .server_for(&ascii)
        .ok_or_else(|| format!("no RDAP server is known for `{domain}`'s top-level domain"))?;
    let url = rdap::domain_url(server, &ascii)?;
    let answer = http
        .get(&Request {
            accept: "application/rdap+json",
            ..json(url.clone(), RDAP_TTL)
        })
        .map_err(|e| e.to_string())?;
    rdap::parse_domain(answer.status, &answer.body).map_err(|e| format!("{}: {e}", host_of(&url)))
}

/// The `kind` records of `name`, over DNS over HTTPS.
pub fn resolve(
    http: &Http,
    sources: &Sources,
    name: &str,
    kind: RecordType,
) -> Result<Answer, String> {
    let ascii =
        idna::domain_to_ascii(name).map_err(|_| format!("`{name}` is not a domain name"))?;
    let url = doh::query(&sources.doh, &ascii, kind);
    let answer = http
        .get(&Request {
            url: url.clone(),
            accept: "application/dns-json",
            ttl: DNS_TTL,
            follow: true,
        })
        .map_err(|e| e.to_string())?;
    if answer.status != 200 {
        return Err(format!("{}: answered {}", host_of(&url), answer.status));
    }
    doh::parse(&answer.body, kind).map_err(|e| format!("{}: {e}", host_of(&url)))
}

/// Where `website` lands after its redirects: home, or another
/// registrable domain.
pub fn landing(http: &Http, website: &str) -> Result<Landing, String> {
    let start = Url::parse(website).map_err(|e| format!("`{website}`: {e}"))?;
    let home = start.host_str().and_then(domains::registrable);
    let mut url = start;
    for _ in 0..MAX_HOPS {
        let answer = http
            .get(&Request {
                url: url.clone(),
                accept: "text/html,*/*",
                ttl: WEBSITE_TTL,
                follow: false,
            })
            .map_err(|e| e.to_string())?;
        let next = match (answer.status, &answer.location) {
            (300..=399, Some(location)) => url
                .join(location)
                .map_err(|e| format!("{}: a redirect to `{location}`: {e}", host_of(&url)))?,
            _ => return Ok(Landing::Home),
        };
        let there = next.host_str().and_then(domains::registrable);
        if there.is_some() && there != home {
            return Ok(Landing::Elsewhere(next.to_string()));
        }
        url = next;
    }
    Ok(Landing::Home)
}

/// One question of `gather`.
enum Question<'a> {
    Dns(&'a str),
    Rdap(&'a str),
    Website(&'a str),
}

enum Reply {
    Dns(Result<Answer, String>),
    Rdap(Result<Registration, String>),
    Website(Result<Landing, String>),
}

/// Asks everything `plan` lists, `tick` after each answer: the breach list
/// and RDAP bootstrap first, then every host and domain, then the
/// websites of the hosts that still resolve.
pub fn gather(http: &Http, sources: &Sources, plan: &Plan, tick: &(dyn Fn() + Sync)) -> Facts {
    let mut facts = Facts {
        breaches: Some(breaches(http, sources)),
        ..Facts::default()
    };
    tick();
    let bootstrap = if plan.domains.is_empty() {
        Ok(Bootstrap::default())
    } else {
        bootstrap(http, sources)
    };
    tick();

    let first: Vec<Question> = (plan.hosts.iter().map(|h| Question::Dns(h)))
        .chain(plan.domains.iter().map(|d| Question::Rdap(d)))
        .collect();
    let ask = |question: &Question| match question {
        Question::Dns(host) => Reply::Dns(resolve(http, sources, host, RecordType::A)),
        Question::Rdap(domain) => Reply::Rdap(match &bootstrap {
            Ok(bootstrap) => registration(http, bootstrap, domain),
            Err(err) => Err(err.clone()),
        }),
        Question::Website(site) => Reply::Website(landing(http, site)),
    };
    let replies = http.map(&first, ask, tick);
    for (question, reply) in first.iter().zip(replies) {
        match (question, reply) {
            (Question::Dns(host), Reply::Dns(answer)) => {
                facts.dns.insert(host.to_string(), answer);
            }
            (Question::Rdap(domain), Reply::Rdap(answer)) => {
                facts.registrations.insert(domain.to_string(), answer);
            }
            _ => {}
        }
    }

    let resolves = |site: &str| {
        crate::inventory::website_host(site).is_some_and(|host| {
            let host = host.to_ascii_lowercase();
            // The website's host as written may keep its `www.`.
            [host.clone(), format!("www.{host}")]
                .iter()
                .any(|h| matches!(facts.dns.get(h), Some(Ok(Answer::Records(_)))))
        })
    };
    let second: Vec<Question> = plan
        .websites
        .iter()
        .filter(|site| resolves(site))
        .map(|site| Question::Website(site))
        .collect();
    let replies = http.map(&second, ask, tick);
    for (question, reply) in second.iter().zip(replies) {
        if let (Question::Website(site), Reply::Website(landing)) = (question, reply) {
            facts.websites.insert(site.to_string(), landing);
        }
    }
    facts
}

/// A lookalike that exists in DNS, with what it points at and its
/// registration.
#[derive(Debug, Clone)]
pub struct Existing {
    pub lookalike: Lookalike,
    pub a: Vec<String>,
    pub aaaa: Vec<String>,
    pub mx: Vec<String>,
    pub registration: Result<Registration, String>,
}

/// Which of `names` exist: each is asked for its A records (which also
/// says whether the name exists), and each that exists for AAAA, MX and
/// its RDAP registration. Returns those that exist, and the questions that
/// failed.
pub fn lookalikes(
    http: &Http,
    sources: &Sources,
    names: &[Lookalike],
    tick: &(dyn Fn() + Sync),
) -> (Vec<Existing>, Vec<String>) {
    let mut failures = Vec::new();
    let answers = http.map(
        names,
        |l| resolve(http, sources, &l.ascii, RecordType::A),
        tick,
    );
    let mut existing = Vec::new();
    for (lookalike, answer) in names.iter().zip(answers) {
        match answer {
            Ok(Answer::Records(a)) => existing.push((lookalike, a)),
            Ok(Answer::NoSuchName) => {}
            Err(err) => failures.push(err),
        }
    }
    let bootstrap = if existing.is_empty() {
        Ok(Bootstrap::default())
    } else {
        bootstrap(http, sources)
    };
    let records = |name: &str, kind| match resolve(http, sources, name, kind) {
        Ok(Answer::Records(r)) => Ok(r),
        Ok(Answer::NoSuchName) => Ok(Vec::new()),
        Err(err) => Err(err),
    };
    let details = http.map(
        &existing,
        |(l, _)| {
            let registration = match &bootstrap {
                Ok(b) => registration(http, b, &l.ascii),
                Err(err) => Err(err.clone()),
            };
            (
                records(&l.ascii, RecordType::Aaaa),
                records(&l.ascii, RecordType::Mx),
                registration,
            )
        },
        tick,
    );
    let found = existing
        .into_iter()
        .zip(details)
        .map(|((lookalike, a), (aaaa, mx, registration))| {
            let aaaa = aaaa.unwrap_or_else(|err| {
                failures.push(err);
                Vec::new()
            });
            let mx = mx.unwrap_or_else(|err| {
                failures.push(err);
                Vec::new()
            });
            Existing {
                lookalike: lookalike.clone(),
                a,
                aaaa,
                mx,
                registration,
            }
        })
        .collect();
    (found, failures)
}

/// `base` with `path` appended as one more segment.
fn join(base: &Url, path: &str) -> Result<Url, String> {
    let mut url = base.clone();
    url.path_segments_mut()
        .map_err(|_| format!("`{base}` cannot take a path"))?
        .pop_if_empty()
        .push(path);
    Ok(url)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_breach_list_is_under_the_base_url() {
        let base = Url::parse("https://haveibeenpwned.com/api/v3").unwrap();
        assert_eq!(
            join(&base, "breaches").unwrap().as_str(),
            "https://haveibeenpwned.com/api/v3/breaches"
        );
        let slash = Url::parse("http://127.0.0.1:9/hibp/").unwrap();
        assert_eq!(
            join(&slash, "breaches").unwrap().as_str(),
            "http://127.0.0.1:9/hibp/breaches"
        );
    }
}
