//! Which domains a vendor lives at, and registrable domains (the part of a
//! host name that is bought from a registry: `app.oldcrm.co.uk` →
//! `oldcrm.co.uk`), by the Public Suffix List compiled into the `psl` crate.

use crate::inventory::{Span, Vendor};

/// The registrable domain of `host`, lower case, or `None` for a public
/// suffix, an IP address or a name the list does not know.
pub fn registrable(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.').to_ascii_lowercase();
    if host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let domain = psl::domain(host.as_bytes())?;
    // A name under an unknown top-level domain matches psl's `*` rule; keep
    // it only when that rule found a real label and a suffix.
    std::str::from_utf8(domain.as_bytes())
        .ok()
        .filter(|d| d.contains('.'))
        .map(str::to_string)
}

/// Where a vendor's domain was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Origin {
    Website,
    Domains,
    PrivacyEmail,
}

/// A host linger looks up for a vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VendorHost {
    /// As written (the website's host, or an entry of `domains`).
    pub host: String,
    /// Its registrable domain.
    pub domain: String,
    pub origin: Origin,
    /// Where to point a finding about it.
    pub span: Span,
}

/// The hosts of a vendor: its website's, each of `domains`, and its
/// privacy address's domain, without repeats of a registrable domain.
pub fn of(vendor: &Vendor) -> Vec<VendorHost> {
    let mut hosts: Vec<VendorHost> = Vec::new();
    let mut push = |host: &str, origin: Origin, span: Span| {
        let host = host.trim_end_matches('.').to_ascii_lowercase();
        let Some(domain) = registrable(&host) else {
            return;
        };
        if hosts.iter().all(|h| h.domain != domain) {
            hosts.push(VendorHost {
                host,
                domain,
                origin,
                span,
            });
        }
    };
    if let Some(site) = &vendor.website
        && let Some(host) = crate::inventory::website_host(&site.value)
    {
        push(&host, Origin::Website, site.span.clone());
    }
    for domain in &vendor.domains {
        push(&domain.value, Origin::Domains, domain.span.clone());
    }
    if let Some(email) = &vendor.privacy_email
        && let Some((_, host)) = email.rsplit_once('@')
    {
        push(host, Origin::PrivacyEmail, vendor.span.clone());
    }
    hosts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn registrable_domains_follow_the_public_suffix_list() {
        assert_eq!(
            registrable("app.oldcrm.co.uk").as_deref(),
            Some("oldcrm.co.uk")
        );
        assert_eq!(
            registrable("WWW.Example.COM.").as_deref(),
            Some("example.com")
        );
        assert_eq!(
            registrable("mailblast.example").as_deref(),
            Some("mailblast.example")
        );
        assert_eq!(registrable("co.uk"), None);
        assert_eq!(registrable("127.0.0.1"), None);
        assert_eq!(registrable("localhost"), None);
    }
}
