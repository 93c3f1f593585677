//! The shapes of single values: vendor ids, e-mail addresses, website hosts.

/// `[a-z0-9][a-z0-9-]*`: ids appear in file names and command lines.
pub fn is_valid_id(id: &str) -> bool {
    let mut bytes = id.bytes();
    bytes
        .next()
        .is_some_and(|b| b.is_ascii_lowercase() || b.is_ascii_digit())
        && bytes.all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Whether `ascii` is a host name: dot-separated labels of letters,
/// digits and inner hyphens, 63 bytes each and 253 in all. UTS 46 alone
/// lets `https://a.example/x`, spaces and `;` through.
pub fn is_host_name(ascii: &str) -> bool {
    !ascii.is_empty()
        && ascii.len() <= 253
        && ascii.split('.').all(|label| {
            !label.is_empty()
                && label.len() <= 63
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        })
}

/// Why `address` is not a usable e-mail address, if it is not.
///
/// Deliberately simple: one `@` with something on both sides, and nothing
/// that could let the address smuggle in another recipient or header.
pub fn email_problem(address: &str) -> Option<&'static str> {
    let Some((local, domain)) = address.split_once('@') else {
        return Some("has no `@`");
    };
    if local.is_empty() {
        return Some("has nothing before the `@`");
    }
    if domain.is_empty() {
        return Some("has nothing after the `@`");
    }
    if domain.contains('@') {
        return Some("has more than one `@`");
    }
    if address.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Some("contains a space or a line break");
    }
    if address
        .chars()
        .any(|c| matches!(c, '<' | '>' | ',' | ';' | '"' | '(' | ')'))
    {
        return Some("contains a character that does not belong in a plain address");
    }
    if domain.starts_with('.') || domain.ends_with('.') || domain.contains("..") {
        return Some("has a malformed domain");
    }
    None
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

/// What is wrong with `text` as a domain name (`oldcrm.example`,
/// `mail.oldcrm.co.uk`), or `None` when it is one: letters, digits and
/// hyphens in dot-separated labels of at most 63 characters, at least two
/// labels, no scheme or path. Internationalised names are written in
/// their `xn--` form or in Unicode.
pub fn domain_problem(text: &str) -> Option<&'static str> {
    if text.contains("://") || text.contains('/') {
        return Some("write the domain alone, without `https://` or a path");
    }
    if text.contains('@') {
        return Some("this is an e-mail address; write only the part after `@`");
    }
    let Ok(ascii) = idna::domain_to_ascii(text) else {
        return Some("not a valid domain name");
    };
    let labels: Vec<&str> = ascii.trim_end_matches('.').split('.').collect();
    if ascii.len() > 253 || labels.len() < 2 {
        return Some("a domain has at least two labels, like `oldcrm.example`");
    }
    let label_ok = |l: &&str| {
        !l.is_empty()
            && l.len() <= 63
            && !l.starts_with('-')
            && !l.ends_with('-')
            && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-')
    };
    (!labels.iter().all(label_ok)).then_some("labels use letters, digits and inner hyphens")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn domains() {
        for good in [
            "oldcrm.example",
            "mail.oldcrm.co.uk",
            "bücher.example",
            "xn--bcher-kva.example",
        ] {
            assert_eq!(domain_problem(good), None, "{good}");
        }
        for bad in [
            "oldcrm",
            "https://oldcrm.example",
            "a@b.example",
            "-a.example",
            "a..example",
            "a b.example",
        ] {
            assert!(domain_problem(bad).is_some(), "{bad}");
        }
    }

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
    fn emails() {
        assert_eq!(email_problem("privacy@oldcrm.example"), None);
        assert_eq!(email_problem("oldcrm.example"), Some("has no `@`"));
        assert!(email_problem("a@b\r\nBcc: x@y").is_some());
        assert!(email_problem("a@b@c").is_some());
        assert!(email_problem("@b").is_some());
        assert!(email_problem("a@").is_some());
        assert!(email_problem("a@b>, evil@x").is_some());
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
