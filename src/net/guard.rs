//! Keeps linger's requests off the machine's own network: no redirect and
//! no name may lead a request to a loopback, private, link-local,
//! unique-local, shared or metadata address. A vendor's website (or a
//! hostile RDAP server) that redirects to `http://169.254.169.254/` or to
//! a name that resolves to `127.0.0.1` would otherwise have linger fetch,
//! cache and report what answers there: request forgery from the machine
//! of the person running the check.
//!
//! The base URLs linger was configured with (which tests and mirrors put
//! on loopback) are trusted, but only exactly: their host *and* port, and
//! only for the source each was configured for. A website that redirects
//! to the port of the configured breach-list mirror, or an RDAP mirror
//! whose answer links to another port of `localhost`, is refused like any
//! other inward redirect. The proxies in the environment (a company proxy
//! often sits at a private address) are resolved as they are, because
//! reqwest connects to them, but are never a destination.
//!
//! Two resolvers carry this out: the one of the client that asks the
//! configured bases resolves their names as they are; the one of the
//! client that asks everything else keeps only addresses on the internet.
//! `Trusted::way` says which client a URL goes by, for its source.

use std::collections::{BTreeMap, BTreeSet};
use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::{Host, Url};

/// What a refused redirect or name says; `describe` passes it on as the
/// innermost cause of the error.
pub const INTERNAL: &str = "redirects to an internal address";

/// Whether `ip` belongs to this machine or its private network rather than
/// the internet.
pub fn is_internal(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => internal_v4(v4),
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return internal_v4(v4);
            }
            let first = v6.segments()[0];
            v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                // Unique local (fc00::/7: fd00:ec2::254 is AWS's metadata).
                || first & 0xfe00 == 0xfc00
                // Link-local (fe80::/10).
                || first & 0xffc0 == 0xfe80
                // The discard-only and IPv4-translated prefixes that lead
                // back to IPv4 addresses.
                || first == 0x0064 && v6.segments()[1] == 0xff9b
        }
    }
}

fn internal_v4(v4: Ipv4Addr) -> bool {
    let [a, b, ..] = v4.octets();
    v4.is_loopback()
        || v4.is_private()
        || v4.is_link_local()
        || v4.is_unspecified()
        || v4.is_broadcast()
        || v4.is_multicast()
        // 0.0.0.0/8 reaches this machine on Linux.
        || a == 0
        // Shared address space (carrier-grade NAT), 100.64.0.0/10.
        || a == 100 && (64..128).contains(&b)
        // Protocol assignments (192.0.0.0/24) and benchmarking (198.18/15).
        || v4.octets()[..3] == [192, 0, 0]
        || a == 198 && (b == 18 || b == 19)
}

/// Which source a request is for. A configured base URL is trusted only
/// for the requests of its own source: the RDAP bootstraps for RDAP (the
/// registry and registrar servers they lead to included), the DNS
/// resolver for DNS, and so on. A vendor's website has no base URL, so
/// nothing internal is ever trusted for it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Family {
    Hibp,
    Rdap,
    Doh,
    Ct,
    Website,
    /// A reported phishing site, asked whether it still answers
    /// (`check --online`'s takedown re-check): trusted at an internal
    /// address only at the host and port `--site-url` names.
    Site,
}

/// How a request may go to a URL (`Trusted::way`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Way {
    /// It is a base URL configured for the request's source: asked as it
    /// is, its name resolved to whatever it resolves to.
    Configured,
    /// Anywhere else: an IP literal on the internet, or a name that must
    /// resolve to one (`Resolver` with `trusting` off).
    Outside,
}

/// The base URLs and proxies a person pointed linger at.
#[derive(Debug, Clone, Default)]
pub struct Trusted {
    /// `host:port` of each configured base URL, and the sources it was
    /// configured for.
    origins: BTreeMap<String, BTreeSet<Family>>,
    /// The host names among those bases, lower case: the trusting
    /// resolver resolves them as they are.
    names: BTreeSet<String>,
    /// The proxies' host names: both resolvers resolve them as they are,
    /// since reqwest connects to the proxy through them.
    proxies: BTreeSet<String>,
}

impl Trusted {
    /// The base URLs in `bases`, each for its source, and the proxy
    /// variables in `env`.
    pub fn new<'a>(
        bases: impl IntoIterator<Item = (Family, &'a Url)>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Self {
        let mut trusted = Self::default();
        for (family, url) in bases {
            let Some(origin) = origin(url) else { continue };
            trusted.origins.entry(origin).or_default().insert(family);
            if let Some(Host::Domain(_)) = url.host()
                && let Some(host) = host_text(url)
            {
                trusted.names.insert(host);
            }
        }
        for name in [
            "HTTPS_PROXY",
            "https_proxy",
            "HTTP_PROXY",
            "http_proxy",
            "ALL_PROXY",
            "all_proxy",
        ] {
            let Some(value) = env(name) else { continue };
            let value = if value.contains("://") {
                value
            } else {
                format!("http://{value}")
            };
            if let Ok(url) = Url::parse(&value)
                && let Some(Host::Domain(_)) = url.host()
                && let Some(host) = host_text(&url)
            {
                trusted.proxies.insert(host);
            }
        }
        trusted
    }

    /// How a request for `family` may go to `url`; `None` when it may not
    /// go there at all: an internal IP literal that is not a base of
    /// `family` (at exactly that port), or a proxy's name, whose
    /// addresses the resolvers do not check.
    pub fn way(&self, url: &Url, family: Family) -> Option<Way> {
        if origin(url).is_some_and(|o| self.origins.get(&o).is_some_and(|f| f.contains(&family))) {
            return Some(Way::Configured);
        }
        let ip = match url.host()? {
            Host::Ipv4(v4) => IpAddr::V4(v4),
            Host::Ipv6(v6) => IpAddr::V6(v6),
            Host::Domain(_) => {
                let host = host_text(url)?;
                return (!self.proxies.contains(&host)).then_some(Way::Outside);
            }
        };
        (!is_internal(ip)).then_some(Way::Outside)
    }

    /// Whether a request for `family` may go to `url` at all.
    pub fn allows(&self, url: &Url, family: Family) -> bool {
        self.way(url, family).is_some()
    }

    /// Whether a resolver resolves `name` as it is: a proxy's name always,
    /// a configured base's name only in the `trusting` one.
    fn trusts_name(&self, name: &str, trusting: bool) -> bool {
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        self.proxies.contains(&name) || trusting && self.names.contains(&name)
    }
}

/// `host:port` of `url`, the port written out even when it is the
/// scheme's default.
fn origin(url: &Url) -> Option<String> {
    Some(format!(
        "{}:{}",
        host_text(url)?,
        url.port_or_known_default()?
    ))
}

fn host_text(url: &Url) -> Option<String> {
    Some(match url.host()? {
        Host::Domain(d) => d.trim_end_matches('.').to_ascii_lowercase(),
        Host::Ipv4(v4) => v4.to_string(),
        Host::Ipv6(v6) => v6.to_string(),
    })
}

/// reqwest's name resolver, through the system's, keeping only addresses
/// on the internet: a name that resolves only to internal addresses fails
/// with `INTERNAL`. The proxies' names resolve as they are, and so, in
/// the `trusting` resolver, do the configured bases' names (that client
/// asks only the configured bases, at their ports).
pub struct Resolver {
    trusted: Arc<Trusted>,
    trusting: bool,
}

impl Resolver {
    pub fn new(trusted: Arc<Trusted>, trusting: bool) -> Self {
        Self { trusted, trusting }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{INTERNAL} (`{0}` resolves to {1})")]
struct InternalName(String, IpAddr);

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let trusted = Arc::clone(&self.trusted);
        let trusting = self.trusting;
        Box::pin(async move {
            let host = name.as_str().to_string();
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if trusted.trusts_name(&host, trusting) {
                return Ok(Box::new(all.into_iter()) as Addrs);
            }
            let outside: Vec<SocketAddr> = all
                .iter()
                .copied()
                .filter(|a| !is_internal(a.ip()))
                .collect();
            match (outside.is_empty(), all.first()) {
                (true, Some(first)) => Err(Box::new(InternalName(host, first.ip()))
                    as Box<dyn std::error::Error + Send + Sync>),
                _ => Ok(Box::new(outside.into_iter()) as Addrs),
            }
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn url(text: &str) -> Url {
        Url::parse(text).unwrap()
    }

    #[test]
    fn internal_addresses_are_recognised() {
        for ip in [
            "127.0.0.1",
            "127.8.9.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "::",
            "fe80::1",
            "fd00:ec2::254",
            "::ffff:127.0.0.1",
            "::ffff:10.0.0.1",
        ] {
            assert!(is_internal(ip.parse().unwrap()), "{ip}");
        }
        for ip in ["192.0.2.10", "8.8.8.8", "2606:4700::1111", "172.32.0.1"] {
            assert!(!is_internal(ip.parse().unwrap()), "{ip}");
        }
    }

    #[test]
    fn a_configured_origin_is_trusted_but_not_its_neighbours() {
        let base = url("http://127.0.0.1:8080/hibp");
        let trusted = Trusted::new([(Family::Hibp, &base)], |_| None);
        let hibp = |text: &str| trusted.way(&url(text), Family::Hibp);
        assert_eq!(hibp("http://127.0.0.1:8080/other"), Some(Way::Configured));
        assert_eq!(hibp("http://127.0.0.1:9999/latest/meta-data/"), None);
        assert_eq!(hibp("http://169.254.169.254/latest/meta-data/"), None);
        assert_eq!(hibp("http://[::1]/"), None);
        assert_eq!(hibp("https://vendor.example/"), Some(Way::Outside));
        assert_eq!(hibp("http://192.0.2.10/"), Some(Way::Outside));
    }

    #[test]
    fn a_configured_name_is_trusted_at_its_port_only() {
        let base = url("http://LocalHost.:18080/rdap/dns.json");
        let trusted = Trusted::new([(Family::Rdap, &base)], |_| None);
        assert_eq!(
            trusted.way(
                &url("http://localhost:18080/rdap/domain/a.com"),
                Family::Rdap
            ),
            Some(Way::Configured)
        );
        // Another port of the same name goes by the resolver that keeps
        // only outside addresses.
        assert_eq!(
            trusted.way(&url("http://localhost:18081/domain/a.com"), Family::Rdap),
            Some(Way::Outside)
        );
        assert!(trusted.trusts_name("localhost", true));
        assert!(!trusted.trusts_name("localhost", false));
    }

    #[test]
    fn a_configured_base_is_trusted_for_its_own_source_only() {
        let hibp = url("http://127.0.0.1:8080/hibp");
        let doh = url("http://127.0.0.1:8081/dns-query");
        let trusted = Trusted::new([(Family::Hibp, &hibp), (Family::Doh, &doh)], |_| None);
        assert_eq!(trusted.way(&hibp, Family::Hibp), Some(Way::Configured));
        assert_eq!(trusted.way(&doh, Family::Hibp), None);
        assert_eq!(trusted.way(&hibp, Family::Doh), None);
        assert_eq!(trusted.way(&hibp, Family::Website), None);
        assert!(!trusted.allows(&doh, Family::Website));
    }

    #[test]
    fn a_proxy_is_resolved_as_it_is_but_never_a_destination() {
        let trusted = Trusted::new([], |name| match name {
            "HTTPS_PROXY" => Some("10.0.0.8:3128".to_string()),
            "http_proxy" => Some("http://proxy.corp:8080".to_string()),
            _ => None,
        });
        for family in [Family::Hibp, Family::Website] {
            assert_eq!(trusted.way(&url("http://10.0.0.8:3128/"), family), None);
            assert_eq!(trusted.way(&url("http://proxy.corp:8080/"), family), None);
            assert_eq!(trusted.way(&url("http://10.0.0.9/"), family), None);
        }
        assert!(trusted.trusts_name("proxy.corp", false));
        assert!(trusted.trusts_name("Proxy.Corp.", true));
        assert!(!trusted.trusts_name("intranet.corp", true));
    }
}
