//! Keeps linger's requests off the machine's own network: no redirect and
//! no name may lead a request to a loopback, private, link-local,
//! unique-local, shared or metadata address. A vendor's website (or a
//! hostile RDAP server) that redirects to `http://169.254.169.254/` or to
//! a name that resolves to `127.0.0.1` would otherwise have linger fetch,
//! cache and report what answers there: request forgery from the machine
//! of the person running the check.
//!
//! The hosts linger was configured to ask (the sources' base URLs, which
//! tests and mirrors put on loopback) and the proxies in the environment
//! (a company proxy often sits at a private address) are trusted: the
//! rule is about where the network sends linger, not where its user does.

use std::collections::BTreeSet;
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

/// The hosts a person pointed linger at: asking them is never refused.
#[derive(Debug, Clone, Default)]
pub struct Trusted {
    /// Lower-case host names.
    hosts: BTreeSet<String>,
    /// `host:port` of the configured base URLs, for IP literals: a redirect
    /// to another port of a trusted loopback address is still refused.
    origins: BTreeSet<String>,
}

impl Trusted {
    /// The hosts of `bases` and of the proxy variables in `env`.
    pub fn new<'a>(
        bases: impl IntoIterator<Item = &'a Url>,
        env: impl Fn(&str) -> Option<String>,
    ) -> Self {
        let mut trusted = Self::default();
        for url in bases {
            trusted.add(url);
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
            if let Ok(url) = Url::parse(&value) {
                trusted.add(&url);
            }
        }
        trusted
    }

    /// Trusts `url`'s origin, and its host when that is a name (which the
    /// resolver then resolves as it is). An IP literal is trusted at its
    /// port only.
    fn add(&mut self, url: &Url) {
        let Some(host) = host_text(url) else { return };
        if let Some(port) = url.port_or_known_default() {
            self.origins.insert(format!("{host}:{port}"));
        }
        if matches!(url.host(), Some(Host::Domain(_))) {
            self.hosts.insert(host);
        }
    }

    /// Whether a request may go to `url`: refused only when its host is an
    /// internal IP literal that is not a configured origin. Names are
    /// checked when they are resolved (`Resolver`).
    pub fn allows(&self, url: &Url) -> bool {
        let ip = match url.host() {
            Some(Host::Ipv4(v4)) => IpAddr::V4(v4),
            Some(Host::Ipv6(v6)) => IpAddr::V6(v6),
            _ => return true,
        };
        if !is_internal(ip) {
            return true;
        }
        let Some(host) = host_text(url) else {
            return false;
        };
        let origin = url
            .port_or_known_default()
            .map(|port| format!("{host}:{port}"));
        self.hosts.contains(&host) || origin.is_some_and(|o| self.origins.contains(&o))
    }

    fn trusts_name(&self, name: &str) -> bool {
        self.hosts
            .contains(&name.trim_end_matches('.').to_ascii_lowercase())
    }
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
/// with `INTERNAL`. Trusted names resolve as they are.
pub struct Resolver {
    trusted: Arc<Trusted>,
}

impl Resolver {
    pub fn new(trusted: Arc<Trusted>) -> Self {
        Self { trusted }
    }
}

#[derive(Debug, thiserror::Error)]
#[error("{INTERNAL} (`{0}` resolves to {1})")]
struct InternalName(String, IpAddr);

impl Resolve for Resolver {
    fn resolve(&self, name: Name) -> Resolving {
        let trusted = Arc::clone(&self.trusted);
        Box::pin(async move {
            let host = name.as_str().to_string();
            let all: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0)).await?.collect();
            if trusted.trusts_name(&host) {
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
        let trusted = Trusted::new([&base], |_| None);
        assert!(trusted.allows(&url("http://127.0.0.1:8080/other")));
        assert!(!trusted.allows(&url("http://127.0.0.1:9999/latest/meta-data/")));
        assert!(!trusted.allows(&url("http://169.254.169.254/latest/meta-data/")));
        assert!(!trusted.allows(&url("http://[::1]/")));
        assert!(trusted.allows(&url("https://vendor.example/")));
        assert!(trusted.allows(&url("http://192.0.2.10/")));
    }

    #[test]
    fn a_proxy_in_the_environment_is_trusted() {
        let trusted = Trusted::new([], |name| match name {
            "HTTPS_PROXY" => Some("10.0.0.8:3128".to_string()),
            "http_proxy" => Some("http://proxy.corp:8080".to_string()),
            _ => None,
        });
        assert!(trusted.allows(&url("http://10.0.0.8:3128/")));
        assert!(!trusted.allows(&url("http://10.0.0.8:22/")));
        assert!(trusted.trusts_name("proxy.corp"));
        assert!(!trusted.trusts_name("intranet.corp"));
        assert!(!trusted.allows(&url("http://10.0.0.9/")));
    }
}
