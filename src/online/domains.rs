//! Which domains a vendor lives at, and which hosts are tenants of a shared
//! platform. The registrable domain (the part of a host name that is bought
//! from a registry: `app.oldcrm.co.uk` → `oldcrm.co.uk`) and the normal form
//! are `crate::address`'s.

use crate::address::{normal, registrable};
use crate::inventory::{Span, Vendor};

/// Platforms whose customers each get a name under the platform's domain
/// and which the Public Suffix List's private section does not list:
/// `contoso.onmicrosoft.com` is Contoso's tenant, not Microsoft.
const SHARED_PLATFORMS: &[&str] = &[
    "onmicrosoft.com",
    "sharepoint.com",
    "netlify.app",
    "vercel.app",
    "pages.dev",
    "workers.dev",
    "azurewebsites.net",
    "appspot.com",
    "web.app",
    "wixsite.com",
    "weebly.com",
    "myshopify.com",
    "godaddysites.com",
    "mailchimpsites.com",
    "square.site",
    "webflow.io",
    "glitch.me",
    "repl.co",
    "ngrok.io",
    "ngrok-free.app",
];

/// The shared platform `host` is a tenant of, and the tenant's name
/// (`contoso.onmicrosoft.com` → (`onmicrosoft.com`, `contoso.onmicrosoft.com`)):
/// a suffix in the Public Suffix List's private section, or one of
/// `SHARED_PLATFORMS`. `None` for a host of its own domain.
pub fn shared_platform(host: &str) -> Option<(String, String)> {
    let host = normal(host)?;
    if let Some(suffix) = psl::suffix(host.as_bytes())
        && suffix.typ() == Some(psl::Type::Private)
    {
        let platform = std::str::from_utf8(suffix.as_bytes()).ok()?.to_string();
        let tenant = registrable(&host)?;
        return Some((platform, tenant));
    }
    let platform = SHARED_PLATFORMS
        .iter()
        .find(|p| host.ends_with(&format!(".{p}")) || host == **p)?;
    let tenant_label = host
        .strip_suffix(&format!(".{platform}"))?
        .rsplit('.')
        .next()?;
    Some((platform.to_string(), format!("{tenant_label}.{platform}")))
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
        let Some(host) = normal(host) else {
            return;
        };
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
        && let Some(host) = crate::address::domain(email)
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

    #[test]
    fn tenants_of_shared_platforms_are_told_apart() {
        assert_eq!(
            shared_platform("mail.contoso.onmicrosoft.com"),
            Some(("onmicrosoft.com".into(), "contoso.onmicrosoft.com".into()))
        );
        assert_eq!(
            shared_platform("adfcoo.firebaseapp.com"),
            Some(("firebaseapp.com".into(), "adfcoo.firebaseapp.com".into()))
        );
        assert_eq!(shared_platform("onmicrosoft.com"), None);
        assert_eq!(shared_platform("mail.typeform.com"), None);
    }

    #[test]
    fn unicode_and_punycode_are_one_domain() {
        assert_eq!(
            normal("Bücher.Example.").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(normal("xn--bcher-kva.example"), normal("bücher.example"));
        assert_eq!(
            registrable("shop.bücher.example").as_deref(),
            Some("xn--bcher-kva.example")
        );
        for bad in [
            "https://a.example/x",
            "a b.example",
            "a;b.example",
            "a\u{1b}.example",
            "-a.example",
            "",
        ] {
            assert_eq!(normal(bad), None, "{bad:?}");
        }
    }
}
