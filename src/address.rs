//! E-mail addresses and domain names, in one place: where an address
//! splits into its local part and its domain, what a host label may hold,
//! the one form domains are compared in (`normal`), the registrable domain
//! (`registrable`, by the Public Suffix List compiled into the `psl`
//! crate), and the domain written when there is none.
//!
//! The ground floor: it uses nothing else in the crate, so every room
//! (inventory, letters, inbox, phish, online, discover) can use it.

/// The domain written where one is required and an address has none: a
/// name under `.invalid`, which RFC 2606 reserves so that it never
/// resolves. Loading refuses an `organization.email` without a domain, so
/// it shows only for an address built some other way.
pub const NO_DOMAIN: &str = "linger.invalid";

/// `address` split at its last `@`: (local part, domain), as written,
/// neither trimmed nor checked (`email_problem` says whether it is
/// usable). The last `@`, because a domain never holds one and a quoted
/// local part may (`"a@b"@example.com`). `None` without an `@`.
pub fn split(address: &str) -> Option<(&str, &str)> {
    address.rsplit_once('@')
}

/// The domain of `address`, as written: what follows its last `@`.
pub fn domain(address: &str) -> Option<&str> {
    split(address).map(|(_, domain)| domain)
}

/// The local part of `address`, as written: what precedes its last `@`.
pub fn local(address: &str) -> Option<&str> {
    split(address).map(|(local, _)| local)
}

/// The host-label rule, the one linger applies wherever it checks a name:
/// 1–63 ASCII letters, digits and hyphens, no hyphen at either end. Either
/// case: DNS compares names without it.
pub fn is_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= 63
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-')
}

/// Whether `ascii` is a host name: dot-separated labels (`is_label`),
/// 253 bytes in all. UTS 46 alone lets `https://a.example/x`, spaces and
/// `;` through.
pub fn is_host_name(ascii: &str) -> bool {
    !ascii.is_empty() && ascii.len() <= 253 && ascii.split('.').all(is_label)
}

/// Whether `text` is a domain as people give one to linger (a canary
/// domain, a phishing domain): a host name of two labels or more, ASCII,
/// without a trailing dot.
pub fn is_domain(text: &str) -> bool {
    text.contains('.') && is_host_name(text)
}

/// `name` in the one form linger compares domains in: IDNA (UTS 46)
/// ASCII, lower case, without a trailing dot, so that `Bücher.example`,
/// `bücher.example.` and `xn--bcher-kva.example` are one domain
/// everywhere (breaches, RDAP, discover, lookalikes). `None` when it is
/// not a domain name.
pub fn normal(name: &str) -> Option<String> {
    let name = name.trim().trim_end_matches('.');
    if name.is_empty() {
        return None;
    }
    idna::domain_to_ascii(name)
        .ok()
        .filter(|ascii| is_host_name(ascii))
}

/// The registrable domain of `host`, in `normal` form, or `None` for a
/// public suffix, an IP address or a name the list does not know.
pub fn registrable(host: &str) -> Option<String> {
    let host = host.trim().trim_end_matches('.');
    if host.parse::<std::net::IpAddr>().is_ok() {
        return None;
    }
    let host = normal(host)?;
    let domain = psl::domain(host.as_bytes())?;
    // A name under an unknown top-level domain matches psl's `*` rule; keep
    // it only when that rule found a real label and a suffix.
    std::str::from_utf8(domain.as_bytes())
        .ok()
        .filter(|d| d.contains('.'))
        .map(str::to_string)
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

/// What is wrong with `text` as a domain name (`oldcrm.example`,
/// `mail.oldcrm.co.uk`), or `None` when it is one: labels by the
/// host-label rule, at least two of them, no scheme or path.
/// Internationalised names are written in their `xn--` form or in Unicode.
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
    (!labels.iter().all(|l| is_label(l))).then_some("labels use letters, digits and inner hyphens")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_address_splits_at_its_last_at() {
        assert_eq!(
            split("privacy@oldcrm.example"),
            Some(("privacy", "oldcrm.example"))
        );
        assert_eq!(split("oldcrm.example"), None);
        assert_eq!(domain("no at sign"), None);
        assert_eq!(local("no at sign"), None);
        // Two `@`: the domain is what follows the last; `email_problem`
        // refuses such an address where one is written.
        assert_eq!(split("a@b@c.example"), Some(("a@b", "c.example")));
        assert!(email_problem("a@b@c.example").is_some());
        // A quoted local part keeps its `@`.
        assert_eq!(
            split("\"a@b\"@oldcrm.example"),
            Some(("\"a@b\"", "oldcrm.example"))
        );
        // As written: no trimming, no case change, no IDNA.
        assert_eq!(domain("x@Bücher.Example.").unwrap(), "Bücher.Example.");
        assert_eq!(domain(" x@A.example ").unwrap(), "A.example ");
        assert_eq!(domain("x@"), Some(""));
        assert_eq!(local("@x.example"), Some(""));
        assert_eq!(local("privacy+dpo@x.example"), Some("privacy+dpo"));
    }

    #[test]
    fn the_label_rule() {
        for good in [
            "a",
            "oldcrm",
            "OldCRM",
            "xn--bcher-kva",
            "a-b",
            "9",
            "r3---sn",
        ] {
            assert!(is_label(good), "{good}");
        }
        for bad in ["", "-a", "a-", "a_b", "a b", "bücher", "a.b", "a;b"] {
            assert!(!is_label(bad), "{bad}");
        }
        assert!(is_label(&"a".repeat(63)));
        assert!(!is_label(&"a".repeat(64)));
    }

    #[test]
    fn host_names_and_domains() {
        assert!(is_host_name("localhost"));
        assert!(is_host_name("mail.oldcrm.co.uk"));
        assert!(!is_host_name(""));
        assert!(!is_host_name("a..example"));
        assert!(!is_host_name("a.example."));
        assert!(is_host_name(&format!("{}example", "a.".repeat(123))));
        assert!(!is_host_name(&format!("{}example", "a.".repeat(124))));
        assert!(is_domain("Canary.Northwind.example"));
        assert!(!is_domain("northwind"));
        assert!(!is_domain("x.example."));
        assert!(!is_domain("bücher.example"));
    }

    #[test]
    fn normal_forms_are_ascii_lower_case_without_the_trailing_dot() {
        assert_eq!(
            normal(" Bücher.Example. ").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(normal("OLDCRM.example").as_deref(), Some("oldcrm.example"));
        assert_eq!(normal("."), None);
        assert_eq!(normal("a_b.example"), None);
        assert_eq!(
            registrable("Shop.Bücher.Example.").as_deref(),
            Some("xn--bcher-kva.example")
        );
        assert_eq!(registrable("::1"), None);
    }

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
    fn emails() {
        assert_eq!(email_problem("privacy@oldcrm.example"), None);
        assert_eq!(email_problem("oldcrm.example"), Some("has no `@`"));
        assert!(email_problem("a@b\r\nBcc: x@y").is_some());
        assert!(email_problem("a@b@c").is_some());
        assert!(email_problem("@b").is_some());
        assert!(email_problem("a@").is_some());
        assert!(email_problem("a@b>, evil@x").is_some());
    }
}
