//! The shapes of single values: vendor ids and website hosts. Addresses
//! and domain names are `crate::address`'s.

/// `[a-z0-9][a-z0-9-]*`: ids appear in file names and command lines.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The host of an `http(s)://` URL, lowercased and without `www.`, so that
/// `https://www.Acme.example/app` and `http://acme.example` compare equal.
/// `None` for anything the `url` crate does not parse as a web address
/// with a host (`http://[::1`, a port over 65535, another scheme).
pub fn website_host(text: &str) -> Option<String> {
    let url = url::Url::parse(text).ok()?;
    if !matches!(url.scheme(), "http" | "https") {
        return None;
    }
    let host = match url.host()? {
        url::Host::Domain(domain) => domain.to_ascii_lowercase(),
        url::Host::Ipv4(ip) => ip.to_string(),
        url::Host::Ipv6(ip) => format!("[{ip}]"),
    };
    let host = host.strip_prefix("www.").unwrap_or(&host);
    (!host.is_empty()).then(|| host.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids() {
        for good in ["oldcrm", "a", "9lives", "new-crm-2"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in ["", "-a", "Old", "a_b", "a b", "ö"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn hosts() {
        assert_eq!(
            website_host("https://www.Acme.example/app").as_deref(),
            Some("acme.example")
        );
        assert_eq!(
            website_host("http://acme.example:8080").as_deref(),
            Some("acme.example")
        );
        assert_eq!(
            website_host("https://user@acme.example?q").as_deref(),
            Some("acme.example")
        );
        assert_eq!(website_host("acme.example"), None);
        assert_eq!(website_host("https://"), None);
        assert_eq!(website_host("http://[::1"), None);
        assert_eq!(website_host("https://acme.example:99999/"), None);
        assert_eq!(website_host("ftp://acme.example/"), None);
        assert_eq!(website_host("http://[::1]:8080/").as_deref(), Some("[::1]"));
    }
}
