//! Canary addresses: test accounts that exist at one vendor only, so that
//! phishing sent to one points at that vendor's copy of the data. Pure: the
//! random token comes in from the command. `watch` reads what a canary
//! received: who sent it, and whether that means a leak or a deletion
//! contradicted.

pub mod record;
pub mod verify;
pub mod watch;

/// The characters a token is made of: lower-case letters and digits, which
/// every mail system accepts in a local part and nobody mistypes in a log.
const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";

/// How long a token is: 8 characters, about 41 bits, so an address cannot
/// be guessed from the vendor's id.
pub const TOKEN_LEN: usize = 8;

/// A token from random bytes (one byte a character, mapped without bias by
/// rejecting the bytes above the largest multiple of 36).
pub fn token(random: &[u8]) -> Option<String> {
    let limit = 256 - 256 % ALPHABET.len();
    let chars: String = random
        .iter()
        .filter(|b| usize::from(**b) < limit)
        .take(TOKEN_LEN)
        .map(|b| char::from(ALPHABET[usize::from(*b) % ALPHABET.len()]))
        .collect();
    (chars.len() == TOKEN_LEN).then_some(chars)
}

/// The address for `vendor` with `token`: `ID.TOKEN@DOMAIN` on a canary
/// domain (a catch-all subdomain), else plus addressing on the
/// organization's own address, `LOCAL+ID.TOKEN@DOMAIN`.
///
/// ```
/// use linger::canary::address;
/// assert_eq!(
///     address("oldcrm", "k7q3x9ab", Some("canary.northwind.example"), "privacy@northwind.example"),
///     "oldcrm.k7q3x9ab@canary.northwind.example"
/// );
/// assert_eq!(
///     address("oldcrm", "k7q3x9ab", None, "privacy@northwind.example"),
///     "privacy+oldcrm.k7q3x9ab@northwind.example"
/// );
/// ```
pub fn address(
    vendor: &str,
    token: &str,
    domain: Option<&str>,
    organization_email: &str,
) -> String {
    match domain {
        Some(domain) => format!("{vendor}.{token}@{domain}"),
        None => {
            let (local, domain) = crate::address::split(organization_email)
                .unwrap_or((organization_email, crate::address::NO_DOMAIN));
            // An address that already has a tag keeps its part before it.
            let local = local.split_once('+').map_or(local, |(base, _)| base);
            format!("{local}+{vendor}.{token}@{domain}")
        }
    }
}

/// Whether `text` is a domain a canary address can use: labels of letters,
/// digits and hyphens, at least two of them (the one rule, kept where it
/// was first asked for here).
pub use crate::address::is_domain;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_use_the_whole_alphabet_evenly_and_skip_biased_bytes() {
        assert_eq!(
            token(&[0, 35, 36, 71, 1, 2, 3, 4]).as_deref(),
            Some("a9a9bcde")
        );
        // 252..=255 would favour the first letters: they are skipped.
        assert_eq!(
            token(&[252, 253, 254, 255, 0, 0, 0, 0, 0, 0, 0, 0]).as_deref(),
            Some("aaaaaaaa")
        );
        assert_eq!(token(&[255; 32]), None);
    }

    #[test]
    fn domains() {
        assert!(is_domain("canary.northwind.example"));
        assert!(!is_domain("northwind"));
        assert!(!is_domain("-x.example"));
        assert!(!is_domain("x..example"));
        assert!(!is_domain("https://x.example"));
    }

    #[test]
    fn a_tagged_organization_address_is_not_tagged_twice() {
        assert_eq!(
            address("crm", "abcdefgh", None, "privacy+dpo@northwind.example"),
            "privacy+crm.abcdefgh@northwind.example"
        );
    }
}
