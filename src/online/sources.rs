//! The online sources whose address a user may change, in one table: each
//! one's name, command-line option, environment variable, default URL,
//! answer size limit, cache time and `--help` line. The command line
//! (`cli::SourceUrls` makes one option per row), the client
//! (`online::lookup`), the guard (`net::guard::Family`) and docs/online.md's
//! table (checked by tests/docs.rs) all read it, so a new source is one row
//! here.
//!
//! The servers these sources point to (a registry's RDAP server, a
//! vendor's website) are not rows: linger learns them, nobody configures
//! them.

use std::time::Duration;

use crate::net::guard::Family;

/// Which source a row is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum SourceId {
    Hibp,
    RdapBootstrap,
    RdapIpBootstrap,
    Doh,
    Ct,
}

/// Where a source is when the user names no other URL.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DefaultUrl {
    /// This URL.
    Url(&'static str),
    /// Somewhere derived from another source, as these words say.
    Derived(&'static str),
}

/// One online source.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Source {
    pub id: SourceId,
    /// Its name in docs/online.md's table.
    pub name: &'static str,
    /// The option's id, `hibp_url`; its flag is `--hibp-url`.
    pub arg: &'static str,
    /// The environment variable that sets it, `LINGER_HIBP_URL`.
    pub env: &'static str,
    pub default: DefaultUrl,
    /// The option's line in `--help`.
    pub help: &'static str,
    /// How an error names its answer ("the answer of the breach list is
    /// larger than…").
    pub what: &'static str,
    /// The most bytes of an answer linger reads.
    pub limit: u64,
    /// How long an answer is reused from the cache.
    pub ttl: Duration,
    /// Which requests its configured URL is trusted for (`net::guard`).
    pub family: Family,
}

impl Source {
    /// `--hibp-url`'s `hibp-url`.
    pub fn long(&self) -> String {
        self.arg.replace('_', "-")
    }

    /// The default URL, when there is one of its own.
    pub fn default_url(&self) -> Option<&'static str> {
        match self.default {
            DefaultUrl::Url(url) => Some(url),
            DefaultUrl::Derived(_) => None,
        }
    }
}

const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);

/// Every configurable source, in the order `--help` lists them.
///
/// The limits: HIBP's list of every breach is about 2 MB today; IANA's
/// bootstrap files about 30 KB; a DNS answer a few kilobytes; crt.sh lists
/// every certificate ever logged for a word, and a well-known brand's list
/// runs to megabytes. The cache times: HIBP's list changes a few times a
/// week; IANA's bootstrap when a top-level domain moves registry; DNS
/// answers often; new certificates are logged within minutes, and a few
/// hours is fresh enough for a daily job and spares crt.sh, which is slow
/// and shared.
pub const SOURCES: [Source; 5] = [
    Source {
        id: SourceId::Hibp,
        name: "Have I Been Pwned",
        arg: "hibp_url",
        env: "LINGER_HIBP_URL",
        default: DefaultUrl::Url("https://haveibeenpwned.com/api/v3"),
        help: "Have I Been Pwned's API",
        what: "the breach list",
        limit: 16 << 20,
        ttl: DAY,
        family: Family::Hibp,
    },
    Source {
        id: SourceId::RdapBootstrap,
        name: "IANA's RDAP bootstrap",
        arg: "rdap_bootstrap_url",
        env: "LINGER_RDAP_BOOTSTRAP_URL",
        default: DefaultUrl::Url("https://data.iana.org/rdap/dns.json"),
        help: "IANA's RDAP bootstrap file for domains",
        what: "the RDAP bootstrap",
        limit: 1 << 20,
        ttl: Duration::from_secs(7 * 24 * 3600),
        family: Family::Rdap,
    },
    Source {
        id: SourceId::RdapIpBootstrap,
        name: "IANA's RDAP bootstrap for addresses",
        arg: "rdap_ip_bootstrap_url",
        env: "LINGER_RDAP_IP_BOOTSTRAP_URL",
        default: DefaultUrl::Derived("beside the domain bootstrap"),
        help: "Where IANA's RDAP bootstrap files for addresses (`ipv4.json`, `ipv6.json`) are [default: beside the domain bootstrap]",
        what: "the RDAP address bootstrap",
        limit: 1 << 20,
        ttl: Duration::from_secs(7 * 24 * 3600),
        family: Family::Rdap,
    },
    Source {
        id: SourceId::Doh,
        name: "DNS over HTTPS",
        arg: "doh_url",
        env: "LINGER_DOH_URL",
        default: DefaultUrl::Url("https://cloudflare-dns.com/dns-query"),
        help: "A DNS-over-HTTPS resolver that answers `application/dns-json`",
        what: "DNS over HTTPS",
        limit: 64 << 10,
        ttl: HOUR,
        family: Family::Doh,
    },
    Source {
        id: SourceId::Ct,
        name: "crt.sh",
        arg: "ct_url",
        env: "LINGER_CT_URL",
        default: DefaultUrl::Url("https://crt.sh/"),
        help: "crt.sh, the Certificate Transparency search (`lookalikes --ct`)",
        what: "crt.sh",
        limit: 32 << 20,
        ttl: Duration::from_secs(6 * 3600),
        family: Family::Ct,
    },
];

/// The row of `id`.
pub fn source(id: SourceId) -> &'static Source {
    SOURCES
        .iter()
        .find(|s| s.id == id)
        .expect("every SourceId has a row")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_source_has_one_row_and_its_own_option_and_variable() {
        for id in [
            SourceId::Hibp,
            SourceId::RdapBootstrap,
            SourceId::RdapIpBootstrap,
            SourceId::Doh,
            SourceId::Ct,
        ] {
            assert_eq!(SOURCES.iter().filter(|s| s.id == id).count(), 1, "{id:?}");
            assert_eq!(source(id).id, id);
        }
        for (i, a) in SOURCES.iter().enumerate() {
            assert!(a.arg.ends_with("_url"), "{}", a.arg);
            assert_eq!(a.env, format!("LINGER_{}", a.arg.to_ascii_uppercase()));
            assert!(a.limit > 0 && a.ttl > Duration::ZERO, "{}", a.name);
            for b in &SOURCES[i + 1..] {
                assert_ne!(a.arg, b.arg);
                assert_ne!(a.name, b.name);
            }
        }
    }

    #[test]
    fn every_default_url_parses() {
        for source in &SOURCES {
            if let Some(url) = source.default_url() {
                assert!(url::Url::parse(url).is_ok(), "{url}");
            }
        }
        assert_eq!(source(SourceId::Hibp).long(), "hibp-url");
    }
}
