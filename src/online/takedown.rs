//! What the network says today about the phishing domains an incident
//! reported, for `check --online`'s takedown re-check: the domain's
//! addresses over DNS over HTTPS, its status at the registry (RDAP), and
//! whether its web server still answers one request. When a report waits
//! on a registry or a network, also the hosting network of its address,
//! for that network's abuse contact. Asked through `net::http` like every
//! online source; whether the domain is gone is decided in the core
//! (`crate::incident::gone`), not here.

use std::net::IpAddr;
use std::time::Duration;

use url::Url;

use super::doh::{Answer, RecordType};
use super::lookup::{self, RDAP_LIMIT, Sources};
use super::rdap::{self, Bootstrap, DomainStatus, IpBootstrap, Network};
use crate::address;
use crate::inventory::Party;
use crate::net::guard::Family;
use crate::net::http::{Http, Request};

/// A registry's status changes when the registrar acts: an hour, like DNS,
/// not the day a registration date is kept.
const STATUS_TTL: Duration = Duration::from_secs(3600);

/// How long a phishing site may take to answer (at most `--timeout`):
/// only whether it answers is asked, and a live site answers at once.
const SITE_TIMEOUT: Duration = Duration::from_secs(10);

/// Where the web server of a phishing domain is asked: `https://{domain}/`
/// unless `--site-url` (`LINGER_SITE_URL`) gives another template with
/// `{domain}` in it (`http://{domain}:8080/`, or a scanning proxy's
/// `http://127.0.0.1:8080/{domain}/`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Site {
    template: String,
}

/// The template of a phishing site's address when none is given.
pub const DEFAULT_SITE: &str = "https://{domain}/";
/// What stands for the domain in a template.
const DOMAIN: &str = "{domain}";
/// A name that is no real domain, to parse a template with.
const PROBE: &str = "site.invalid";

impl Site {
    /// A template: an `http` or `https` URL with `{domain}` in it.
    pub fn parse(template: &str) -> Result<Site, String> {
        if !template.contains(DOMAIN) {
            return Err(format!(
                "--site-url `{template}` has no `{DOMAIN}`: linger puts each phishing domain there"
            ));
        }
        let url = Url::parse(&template.replace(DOMAIN, PROBE))
            .map_err(|err| format!("--site-url `{template}` is not a URL ({err})"))?;
        if !matches!(url.scheme(), "http" | "https") {
            return Err(format!(
                "--site-url `{template}` is not an http or https URL"
            ));
        }
        Ok(Site {
            template: template.to_string(),
        })
    }

    /// The address that asks about `domain` (an ASCII name).
    pub fn url(&self, domain: &str) -> Result<Url, String> {
        Url::parse(&self.template.replace(DOMAIN, domain))
            .map_err(|err| format!("`{domain}` makes no URL of --site-url ({err})"))
    }

    /// The server the template names when it is not the domain's own (a
    /// test server, a scanning proxy): its base is trusted for the site
    /// requests (`net::guard`), whatever its address.
    pub fn fixed_base(&self) -> Option<Url> {
        let url = Url::parse(&self.template.replace(DOMAIN, PROBE)).ok()?;
        (url.host_str() != Some(PROBE)).then_some(url)
    }
}

impl Default for Site {
    fn default() -> Self {
        Site {
            template: DEFAULT_SITE.to_string(),
        }
    }
}

/// One domain to look at, and whom its report waits on next (a registry
/// or a network, whose contact the re-check names).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Question {
    pub domain: String,
    pub next: Option<Party>,
}

/// What was seen of one domain; each answer, or why there is none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Observation {
    /// The domain as reported (lower case).
    pub domain: String,
    /// Its A records, or NXDOMAIN.
    pub a: Result<Answer, String>,
    /// Its AAAA records; asked when the name exists.
    pub aaaa: Option<Result<Answer, String>>,
    /// What its registry says (of its registrable domain).
    pub rdap: Result<DomainStatus, String>,
    /// The HTTP status its web server answered with; asked when it has an
    /// address.
    pub web: Option<Result<u16, String>>,
    /// The network of its first address, for the next party's contact;
    /// asked only when a report waits on a network (or on a registry
    /// that names no abuse contact of its own).
    pub network: Option<Result<(IpAddr, Network), String>>,
}

impl Observation {
    /// The addresses DNS gave, A then AAAA.
    pub fn addresses(&self) -> Vec<&str> {
        [Some(&self.a), self.aaaa.as_ref()]
            .into_iter()
            .flat_map(|answer| match answer {
                Some(Ok(Answer::Records(records))) => records.as_slice(),
                _ => &[],
            })
            .map(String::as_str)
            .collect()
    }
}

/// Asks about each domain of `questions`, a few at a time.
pub fn observe(
    http: &Http,
    sources: &Sources,
    site: &Site,
    questions: &[Question],
) -> Vec<Observation> {
    if questions.is_empty() {
        return Vec::new();
    }
    let bootstrap = lookup::bootstrap(http, sources);
    // Asked once, the first time a report needs a network.
    let ip_bootstrap: std::sync::OnceLock<Result<IpBootstrap, String>> = std::sync::OnceLock::new();
    http.map(
        questions,
        |question| {
            let domain = &question.domain;
            let a = lookup::resolve(http, sources, domain, RecordType::A);
            let aaaa = matches!(a, Ok(Answer::Records(_)))
                .then(|| lookup::resolve(http, sources, domain, RecordType::Aaaa));
            let rdap = match &bootstrap {
                Ok(bootstrap) => status(http, bootstrap, domain),
                Err(err) => Err(err.clone()),
            };
            let mut seen = Observation {
                domain: domain.clone(),
                a,
                aaaa,
                rdap,
                web: None,
                network: None,
            };
            let first = seen
                .addresses()
                .iter()
                .find_map(|a| a.parse::<IpAddr>().ok());
            let Some(ip) = first else {
                return seen;
            };
            seen.web = Some(answers(http, site, domain));
            let registry_has_desk = matches!(
                &seen.rdap,
                Ok(DomainStatus::Listed {
                    registry_abuse: Some(_),
                    ..
                })
            );
            let wants = match question.next {
                Some(Party::Network) => true,
                Some(Party::Registry) => !registry_has_desk,
                _ => false,
            };
            if wants {
                let bootstrap = ip_bootstrap.get_or_init(|| lookup::ip_bootstrap(http, sources));
                seen.network = Some(match bootstrap {
                    Ok(bootstrap) => lookup::network(http, bootstrap, ip).map(|n| (ip, n)),
                    Err(err) => Err(err.clone()),
                });
            }
            seen
        },
        || {},
    )
}

/// The registry's status of `domain`'s registrable domain.
fn status(http: &Http, bootstrap: &Bootstrap, domain: &str) -> Result<DomainStatus, String> {
    let registered = address::registrable(domain).unwrap_or_else(|| domain.to_string());
    let ascii = idna::domain_to_ascii(&registered)
        .map_err(|_| format!("`{domain}` is not a domain name"))?;
    let server = bootstrap
        .server_for(&ascii)
        .ok_or_else(|| format!("no RDAP server is known for `{domain}`'s top-level domain"))?;
    let request = Request {
        url: rdap::domain_url(server, &ascii)?,
        accept: "application/rdap+json",
        ttl: STATUS_TTL,
        follow: true,
        limit: RDAP_LIMIT,
        source: "RDAP",
        family: Family::Rdap,
        timeout: None,
    };
    http.get(&request, |answer| {
        rdap::parse_status(answer.status, &answer.body)
    })
}

/// Whether the web server of `domain` answers one request within
/// `SITE_TIMEOUT`, and with which status: any status below 500 is an
/// answer (`net::http` makes a 5xx an error, retrying 429 and 503). No
/// redirect is followed (a redirect is an answer too), no body is read,
/// and the answer is not reused by a later run.
fn answers(http: &Http, site: &Site, domain: &str) -> Result<u16, String> {
    let ascii =
        idna::domain_to_ascii(domain).map_err(|_| format!("`{domain}` is not a domain name"))?;
    let request = Request {
        url: site.url(&ascii)?,
        accept: "text/html,*/*",
        ttl: Duration::ZERO,
        follow: false,
        limit: 0,
        source: "the phishing site",
        family: Family::Site,
        timeout: Some(SITE_TIMEOUT),
    };
    http.get(&request, |answer| Ok(answer.status))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_site_template_puts_the_domain_in_and_trusts_only_a_fixed_server() {
        let default = Site::default();
        assert_eq!(
            default.url("phish.example").unwrap().as_str(),
            "https://phish.example/"
        );
        assert_eq!(default.fixed_base(), None);
        let proxy = Site::parse("http://127.0.0.1:8080/{domain}/").unwrap();
        assert_eq!(
            proxy.url("phish.example").unwrap().as_str(),
            "http://127.0.0.1:8080/phish.example/"
        );
        assert_eq!(
            proxy.fixed_base().unwrap().as_str(),
            "http://127.0.0.1:8080/site.invalid/"
        );
        assert!(
            Site::parse("http://{domain}:8080/")
                .unwrap()
                .fixed_base()
                .is_none()
        );
        assert!(Site::parse("https://phish.example/").is_err());
        assert!(Site::parse("ftp://{domain}/").is_err());
        assert!(Site::parse("not a url {domain}").is_err());
    }
}
