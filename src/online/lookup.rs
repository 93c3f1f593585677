//! Asks the online sources (Have I Been Pwned, RDAP for domains and for
//! networks, DNS over HTTPS, crt.sh) and vendors' websites what the checks,
//! `lookalikes` and `phish` need, through `net::http`, and returns plain
//! facts. With `phish` (the questions of `phish --online`, asked through
//! the same client) the only modules of `online` that do I/O;
//! `registrations` asks through this one.
//!
//! What is sent: domain names and website addresses from the inventory,
//! never customer data, vendor ids or anything else from the file.

use std::collections::{BTreeMap, HashSet};
use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use super::doh::{self, Answer, RecordType};
use super::lookalikes::Lookalike;
use super::rdap::{self, Bootstrap, IpBootstrap, Network, Registration};
use super::sources::{self, SOURCES, SourceId};
use super::{Facts, Landing, Plan, ct, hibp};
use crate::address;
use crate::net::guard::{self, Family};
use crate::net::http::{Http, Request, Response, host_of};
use crate::printable;

/// Where each source is (`online::sources`): the default, or what
/// `LINGER_HIBP_URL`, `--doh-url` and the like name (a mirror, a test
/// server).
#[derive(Debug, Clone)]
pub struct Sources(BTreeMap<SourceId, Url>);

impl Sources {
    /// The sources at the URLs `given` (on the command line or from the
    /// environment): each row of `online::sources::SOURCES` at its given
    /// URL, else at its default; the address bootstrap, a folder
    /// (`ipv4.json`, `ipv6.json`), with its `/` whether given or derived
    /// from the domain bootstrap's. `Err` names a source left without a
    /// URL, which the table's own test rules out.
    pub fn new(given: impl Fn(SourceId) -> Option<Url>) -> Result<Sources, SourceId> {
        Sources::resolve(
            |id| {
                let url = given(id)?;
                Some(match id {
                    SourceId::RdapIpBootstrap => as_folder(url),
                    _ => url,
                })
            },
            |id, known| match id {
                SourceId::RdapIpBootstrap => known
                    .get(&SourceId::RdapBootstrap)
                    .map(|domains| domains.join("./").unwrap_or_else(|_| domains.clone())),
                _ => None,
            },
        )
    }

    /// Each row at the URL `urls` gives for it, else at its default, else
    /// (a source whose default is derived from another's) at what
    /// `derive` makes from the URLs known so far.
    fn resolve(
        urls: impl Fn(SourceId) -> Option<Url>,
        derive: impl Fn(SourceId, &BTreeMap<SourceId, Url>) -> Option<Url>,
    ) -> Result<Sources, SourceId> {
        let mut known = BTreeMap::new();
        for source in &SOURCES {
            let url =
                urls(source.id).or_else(|| source.default_url().and_then(|u| Url::parse(u).ok()));
            if let Some(url) = url {
                known.insert(source.id, url);
            }
        }
        for source in &SOURCES {
            if !known.contains_key(&source.id) {
                let url = derive(source.id, &known).ok_or(source.id)?;
                known.insert(source.id, url);
            }
        }
        Ok(Sources(known))
    }

    /// Where `id` is asked. The folder of IANA's `ipv4.json` and
    /// `ipv6.json` for `RdapIpBootstrap`.
    pub fn url(&self, id: SourceId) -> &Url {
        // `new` gave every row of the table a URL.
        &self.0[&id]
    }
}

/// `url` as a folder, with the `/` a relative join needs.
fn as_folder(url: Url) -> Url {
    if url.path().ends_with('/') {
        return url;
    }
    let mut dir = url.clone();
    dir.set_path(&format!("{}/", url.path()));
    dir
}

/// A registration date changes only when the domain changes hands.
pub const RDAP_TTL: Duration = Duration::from_secs(24 * 3600);
/// Where a website's redirects lead.
pub const WEBSITE_TTL: Duration = Duration::from_secs(24 * 3600);

/// Redirects followed on a website before giving up on where it lands.
const MAX_HOPS: usize = 5;

/// The most an RDAP record (from a registry's or a registrar's server) may
/// be: a few kilobytes today (docs/online.md). The configured sources'
/// limits are in their table, `online::sources`; a website is asked only
/// for its status and `Location`, so its body is never read.
pub const RDAP_LIMIT: u64 = 256 << 10;

/// A JSON request to the configured source `id`: its limit, cache time,
/// name and guard family come from its row in `online::sources`.
fn configured(url: Url, id: SourceId) -> Request {
    let source = sources::source(id);
    json(url, source.ttl, source.limit, source.what, source.family)
}

fn json(url: Url, ttl: Duration, limit: u64, source: &'static str, family: Family) -> Request {
    Request {
        url,
        accept: "application/json",
        ttl,
        follow: true,
        limit,
        source,
        family,
        timeout: None,
    }
}

/// An answer of status 200, or the error that names the status.
fn ok(answer: &Response) -> Result<&str, String> {
    match answer.status {
        200 => Ok(&answer.body),
        status => Err(format!("answered {status}")),
    }
}

/// HIBP's list of every breach.
pub fn breaches(http: &Http, sources: &Sources) -> Result<Vec<hibp::Breach>, String> {
    let url = join(sources.url(SourceId::Hibp), "breaches")?;
    http.get(&configured(url, SourceId::Hibp), |answer| {
        hibp::parse(ok(answer)?)
    })
}

/// IANA's RDAP bootstrap.
pub fn bootstrap(http: &Http, sources: &Sources) -> Result<Bootstrap, String> {
    let url = sources.url(SourceId::RdapBootstrap).clone();
    http.get(&configured(url, SourceId::RdapBootstrap), |answer| {
        Bootstrap::parse(ok(answer)?)
    })
}

/// IANA's RDAP bootstrap for addresses: both files, or the error of the
/// first that failed.
pub fn ip_bootstrap(http: &Http, sources: &Sources) -> Result<IpBootstrap, String> {
    let mut bootstrap = IpBootstrap::default();
    for file in ["ipv4.json", "ipv6.json"] {
        let url = sources
            .url(SourceId::RdapIpBootstrap)
            .join(file)
            .map_err(|err| format!("cannot make the address of {file}: {err}"))?;
        let body = http.get(&configured(url, SourceId::RdapIpBootstrap), |answer| {
            ok(answer).map(str::to_string)
        })?;
        bootstrap.add(&body)?;
    }
    Ok(bootstrap)
}

/// The network `ip` belongs to, from its regional registry's RDAP server.
pub fn network(http: &Http, bootstrap: &IpBootstrap, ip: IpAddr) -> Result<Network, String> {
    let server = bootstrap
        .server_for(ip)
        .ok_or_else(|| format!("no RDAP server is known for {ip}"))?;
    let url = rdap::ip_url(server, ip)?;
    http.get(
        &Request {
            accept: "application/rdap+json",
            ..json(url, RDAP_TTL, RDAP_LIMIT, "RDAP", Family::Rdap)
        },
        |answer| rdap::parse_network(answer.status, &answer.body),
    )
}

/// The certificates crt.sh knows with `word` in a name.
pub fn certificates(
    http: &Http,
    sources: &Sources,
    word: &str,
) -> Result<Vec<ct::Certificate>, String> {
    http.get(
        &configured(ct::query(sources.url(SourceId::Ct), word), SourceId::Ct),
        |answer| ct::parse(ok(answer)?),
    )
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
    http.get(
        &Request {
            accept: "application/rdap+json",
            ..json(url, RDAP_TTL, RDAP_LIMIT, "RDAP", Family::Rdap)
        },
        |answer| rdap::parse_domain(answer.status, &answer.body),
    )
}

/// The registrar's own RDAP record that a registry's answer links to
/// (`Registration::Registered::registrar_rdap`).
fn registrar_record(http: &Http, url: &Url) -> Result<Registration, String> {
    http.get(
        &Request {
            accept: "application/rdap+json",
            ..json(
                url.clone(),
                RDAP_TTL,
                RDAP_LIMIT,
                "the registrar's RDAP",
                Family::Rdap,
            )
        },
        |answer| match rdap::parse_domain(answer.status, &answer.body)? {
            // The registry knows the domain: a registrar that does not
            // has nothing to add, which is no error.
            Registration::NotRegistered => {
                Err("the registrar's RDAP server does not know the domain".into())
            }
            record => Ok(record),
        },
    )
}

/// The registry's answer about `domain`, completed from the registrar's
/// own record when the registry names no abuse contact but links that
/// record; and why the registrar's record did not answer, if it did not.
pub fn registration_and_registrar(
    http: &Http,
    bootstrap: &Bootstrap,
    domain: &str,
) -> (Result<Registration, String>, Option<String>) {
    let registry = match registration(http, bootstrap, domain) {
        Ok(registry) => registry,
        Err(err) => return (Err(err), None),
    };
    let link = match &registry {
        Registration::Registered {
            registrar_abuse: None,
            registrar_rdap: Some(link),
            ..
        } => link.clone(),
        _ => return (Ok(registry), None),
    };
    match registrar_record(http, &link) {
        Ok(record) => (Ok(registry.completed_by(record)), None),
        Err(err) => (Ok(registry), Some(err)),
    }
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
    let url = doh::query(sources.url(SourceId::Doh), &ascii, kind);
    http.get(
        &Request {
            accept: "application/dns-json",
            ..configured(url, SourceId::Doh)
        },
        |answer| doh::parse(ok(answer)?, kind),
    )
}

/// Where `website` lands after its redirects: home, or another
/// registrable domain.
pub fn landing(http: &Http, website: &str) -> Result<Landing, String> {
    let start = Url::parse(website).map_err(|e| format!("`{website}`: {e}"))?;
    let home = start.host_str().and_then(address::registrable);
    let mut url = start;
    for _ in 0..MAX_HOPS {
        let (status, location) = http.get(
            &Request {
                url: url.clone(),
                accept: "text/html,*/*",
                ttl: WEBSITE_TTL,
                follow: false,
                limit: 0,
                source: "the website",
                family: Family::Website,
                timeout: None,
            },
            |answer| Ok((answer.status, answer.location.clone())),
        )?;
        let next = match (status, &location) {
            (300..=399, Some(location)) => url.join(location).map_err(|e| {
                format!(
                    "{}: a redirect to `{}`: {e}",
                    host_of(&url),
                    printable::line(location)
                )
            })?,
            _ => return Ok(Landing::Home),
        };
        if !http.allows(&next, Family::Website) {
            return Err(format!("{}: {}", host_of(&url), guard::INTERNAL));
        }
        let there = next.host_str().and_then(address::registrable);
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
            let Some(host) = address::normal(&host) else {
                return false;
            };
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
    if !plan.lookalikes.is_empty() {
        // The bootstrap asked above, unless no domain needed it then.
        let known = (!plan.domains.is_empty()).then_some(&bootstrap);
        let lookups = find_lookalikes(http, sources, &plan.lookalikes, known, tick);
        facts.lookalikes = Some((lookups.found, lookups.failures));
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

/// What `lookalikes` learnt.
#[derive(Debug, Default)]
pub struct Lookups {
    /// The names that exist.
    pub found: Vec<Existing>,
    /// The questions that failed.
    pub failures: Vec<String>,
    /// The names (`ascii`) whose existence is unknown: their DNS question
    /// failed or was not asked before the deadline.
    pub unknown: HashSet<String>,
}

/// Which of `names` exist: each is asked for its A records (which also
/// says whether the name exists), and each that exists for AAAA, MX and
/// its RDAP registration.
pub fn lookalikes(
    http: &Http,
    sources: &Sources,
    names: &[Lookalike],
    tick: &(dyn Fn() + Sync),
) -> Lookups {
    find_lookalikes(http, sources, names, None, tick)
}

/// `lookalikes`, with the RDAP bootstrap when the caller has it already
/// (so that a `--refresh` run asks for it once).
fn find_lookalikes(
    http: &Http,
    sources: &Sources,
    names: &[Lookalike],
    known: Option<&Result<Bootstrap, String>>,
    tick: &(dyn Fn() + Sync),
) -> Lookups {
    let mut failures = Vec::new();
    let mut unknown = HashSet::new();
    // Past the deadline a name is not even made into a question: a crt.sh
    // answer of 150,000 domains would otherwise spend seconds after it
    // failing them one by one. `None` is a name not asked.
    let answers = http.map(
        names,
        |l| (!http.expired()).then(|| resolve(http, sources, &l.ascii, RecordType::A)),
        tick,
    );
    let skipped = answers.iter().filter(|a| a.is_none()).count();
    let not_asked = (skipped > 0).then(|| {
        format!(
            "{}: {}",
            host_of(sources.url(SourceId::Doh)),
            http.skipped(skipped)
        )
    });
    let mut existing = Vec::new();
    for (lookalike, answer) in names.iter().zip(answers) {
        let answer = answer.ok_or_else(|| not_asked.clone().unwrap_or_default());
        match answer.and_then(|a| a) {
            Ok(Answer::Records(a)) => existing.push((lookalike, a)),
            Ok(Answer::NoSuchName) => {}
            Err(err) => {
                unknown.insert(lookalike.ascii.clone());
                failures.push(err);
            }
        }
    }
    let bootstrap = match known {
        _ if existing.is_empty() => Ok(Bootstrap::default()),
        Some(known) => known.clone(),
        None => bootstrap(http, sources),
    };
    let records = |name: &str, kind| match resolve(http, sources, name, kind) {
        Ok(Answer::Records(r)) => Ok(r),
        Ok(Answer::NoSuchName) => Ok(Vec::new()),
        Err(err) => Err(err),
    };
    let details = http.map(
        &existing,
        |(l, _)| {
            // `north.wind.example` is registered as `wind.example`.
            let domain = address::registrable(&l.ascii).unwrap_or_else(|| l.ascii.clone());
            let registration = match &bootstrap {
                Ok(b) => registration(http, b, &domain),
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
    Lookups {
        found,
        failures,
        unknown,
    }
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
    fn every_source_gets_a_url_given_default_or_derived() {
        let given = Url::parse("http://127.0.0.1:9/hibp/").unwrap();
        let sources = Sources::new(|id| (id == SourceId::Hibp).then(|| given.clone())).unwrap();
        assert_eq!(sources.url(SourceId::Hibp), &given);
        for source in &SOURCES {
            if let Some(default) = source.default_url().filter(|_| source.id != SourceId::Hibp) {
                assert_eq!(sources.url(source.id).as_str(), default, "{:?}", source.id);
            }
        }
        assert!(sources.url(SourceId::RdapIpBootstrap).path().ends_with('/'));
        // A derived source nothing derives is named, not a panic.
        assert_eq!(
            Sources::resolve(|_| None, |_, _| None).err(),
            Some(SourceId::RdapIpBootstrap)
        );
    }

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
