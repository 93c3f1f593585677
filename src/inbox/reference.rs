//! Ticket and case references in a reply: the number a ticket system or a
//! request portal gives the request (Zendesk `#48213`, Freshdesk `Ticket
//! ID: #123456`, Jira `DPO-1177`, Salesforce `Case 00912345`, ServiceNow
//! `CS0012345`, HubSpot and OneTrust IDs). It is recorded with the event,
//! and a later reply that names it in its subject is tied to the vendor
//! (`inbox::route`, `Route::Reference`). Pure.
//!
//! The shapes and the words that introduce one, per language, are data
//! (`references.toml`, where each shape's source is named). Every shape is
//! found by a scan from left to right that never steps back: linear in the
//! text, whatever it holds.

use std::sync::OnceLock;

use serde::Deserialize;

/// The shapes, as `references.toml` writes them.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Shapes {
    /// Per language, the words a reference follows.
    after: std::collections::BTreeMap<String, Vec<String>>,
    prefixed: Prefixed,
    keys: Keys,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Prefixed {
    prefixes: Vec<String>,
    digits: usize,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Keys {
    not_keys: Vec<String>,
}

/// The built-in shapes.
pub const BUILTIN: &str = include_str!("references.toml");

fn shapes() -> &'static Shapes {
    static SHAPES: OnceLock<Shapes> = OnceLock::new();
    // The table is part of the program: a test parses it, so this cannot
    // fail in a release.
    SHAPES.get_or_init(|| {
        toml::from_str(BUILTIN).unwrap_or_else(|err| panic!("references.toml: {err}"))
    })
}

/// The first reference of `text` (a reply's subject, a line break, its own
/// words), by the surest shape first: a `#` and digits; the token after an
/// introducing word (the built-in ones and `more`, a user's); a ServiceNow
/// number; a Jira key.
pub fn find(text: &str, more: &[String]) -> Option<String> {
    let shapes = shapes();
    // ASCII lower case keeps every byte where it was.
    let lower = text.to_ascii_lowercase();
    hashed(text)
        .or_else(|| {
            let words = shapes.after.values().flatten().chain(more);
            words.filter_map(|w| after_word(text, &lower, w)).next()
        })
        .or_else(|| prefixed(text, &shapes.prefixed))
        .or_else(|| jira_key(text, &shapes.keys.not_keys))
        .map(str::to_string)
}

/// `#48213`, `[#48213]`, `Ticket ID: #123456`: a `#` that does not end a
/// word or an HTML entity (`&#8217;`), then a reference.
fn hashed(text: &str) -> Option<&str> {
    text.match_indices('#').find_map(|(at, _)| {
        let before = text[..at].chars().next_back();
        if before.is_some_and(|c| c.is_alphanumeric() || c == '&') {
            return None;
        }
        let value = token(&text[at + 1..]);
        is_reference(value).then_some(value)
    })
}

/// The reference after `word` standing alone ("Casey" is no case), with at
/// most one more word between ("Case Number: 4711", "Ticketnummer lautet
/// DS-1").
fn after_word<'t>(text: &'t str, lower: &str, word: &str) -> Option<&'t str> {
    let word = word.to_ascii_lowercase();
    if word.is_empty() {
        return None;
    }
    for (found, _) in lower.match_indices(word.as_str()) {
        let at = found + word.len();
        let before = lower[..found].chars().next_back();
        let after = lower[at..].chars().next();
        if before.is_some_and(char::is_alphanumeric) || after.is_some_and(char::is_alphanumeric) {
            continue;
        }
        let mut rest = &text[at..];
        for _ in 0..2 {
            rest = rest.trim_start_matches(|c: char| {
                c.is_whitespace() || matches!(c, ':' | '#' | '.' | '(' | '[')
            });
            let value = token(rest);
            if is_reference(value) {
                return Some(value);
            }
            if value.is_empty() || !value.chars().all(char::is_alphabetic) {
                break;
            }
            rest = &rest[value.len()..];
        }
    }
    None
}

/// A ServiceNow number: a table's prefix, as written (upper case), and at
/// least `digits` digits, standing alone (`CS0012345`, `RITM0010001`).
fn prefixed<'t>(text: &'t str, shape: &Prefixed) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let alone = |at: usize| at >= bytes.len() || !bytes[at].is_ascii_alphanumeric();
    shape.prefixes.iter().find_map(|prefix| {
        text.match_indices(prefix.as_str()).find_map(|(at, _)| {
            if at > 0 && bytes[at - 1].is_ascii_alphanumeric() {
                return None;
            }
            let start = at + prefix.len();
            let digits = bytes[start..]
                .iter()
                .take_while(|b| b.is_ascii_digit())
                .count();
            let end = start + digits;
            (digits >= shape.digits && alone(end)).then(|| &text[at..end])
        })
    })
}

/// A Jira key standing alone: a project key of two or more characters,
/// upper-case letters first, then upper-case letters, digits or `_`; a
/// hyphen; the issue number (`DPO-1177`, `[DPO-1177]`). Not a standard's
/// name (`not_keys`: ISO-27001), and not one part of a longer run
/// (`CVE-2026-1234`).
fn jira_key<'t>(text: &'t str, not_keys: &[String]) -> Option<&'t str> {
    let bytes = text.as_bytes();
    let word = |b: u8| b.is_ascii_alphanumeric() || b == b'_' || b == b'-';
    let mut i = 0;
    while i < bytes.len() {
        if !bytes[i].is_ascii_uppercase() || (i > 0 && word(bytes[i - 1])) {
            i += 1;
            continue;
        }
        let key_end = i + bytes[i..]
            .iter()
            .take_while(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || **b == b'_')
            .count();
        let number = key_end + 1;
        let digits = bytes.get(number..).map_or(0, |rest| {
            rest.iter().take_while(|b| b.is_ascii_digit()).count()
        });
        let end = number + digits;
        let fits = key_end - i >= 2
            && bytes.get(key_end) == Some(&b'-')
            && digits > 0
            && bytes.get(end).is_none_or(|b| !word(*b))
            && !not_keys.iter().any(|k| k == &text[i..key_end]);
        if fits {
            return Some(&text[i..end]);
        }
        // Never back: the next start is past what was read.
        i = (end.max(key_end)).max(i + 1);
    }
    None
}

/// The run of reference characters at the start of `text`.
fn token(text: &str) -> &str {
    let end = text
        .char_indices()
        .find(|(_, c)| !(c.is_alphanumeric() || matches!(c, '-' | '/' | '_')))
        .map_or(text.len(), |(i, _)| i);
    text[..end].trim_end_matches(['-', '/', '_'])
}

fn is_reference(value: &str) -> bool {
    value.len() >= 3 && value.chars().any(|c| c.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn r(text: &str) -> Option<String> {
        find(text, &[])
    }

    #[test]
    fn the_table_parses() {
        let shapes: Shapes = toml::from_str(BUILTIN).unwrap();
        assert!(shapes.after.len() >= 10, "every language has its words");
    }

    #[test]
    fn each_ticket_system_shape_is_found() {
        // Zendesk's default subject.
        assert_eq!(
            r("[Request #48213] Re: Deletion request").as_deref(),
            Some("48213")
        );
        // Freshdesk.
        assert_eq!(
            r("Thank you.\nTicket ID: #123456\nStatus: Open").as_deref(),
            Some("123456")
        );
        // Jira Service Management, in the subject and in the body.
        assert_eq!(
            r("[DPO-1177] Your erasure request").as_deref(),
            Some("DPO-1177")
        );
        assert_eq!(
            r("Re: Deletion\nWe have logged this as DPO-1177 and will reply.").as_deref(),
            Some("DPO-1177")
        );
        assert_eq!(r("Key PRIV_2-88 opened").as_deref(), Some("PRIV_2-88"));
        // Salesforce.
        assert_eq!(r("Case 00912345: Deletion").as_deref(), Some("00912345"));
        assert_eq!(r("Your Case #00912345").as_deref(), Some("00912345"));
        assert_eq!(r("Case Number: 00012345").as_deref(), Some("00012345"));
        // ServiceNow: a case, a requested item, an incident, a request.
        assert_eq!(r("Re: CS0012345 updated").as_deref(), Some("CS0012345"));
        assert_eq!(
            r("RITM0010001 has been opened on your behalf").as_deref(),
            Some("RITM0010001")
        );
        assert_eq!(
            r("Incident INC0010002 closed").as_deref(),
            Some("INC0010002")
        );
        // HubSpot and OneTrust.
        assert_eq!(r("Ticket ID: 4412345678").as_deref(), Some("4412345678"));
        assert_eq!(
            r("Request ID: 7f3c2a9e-41b2-4d7c-9a0e-2b6f5d1c8e44").as_deref(),
            Some("7f3c2a9e-41b2-4d7c-9a0e-2b6f5d1c8e44")
        );
        // Other languages' words.
        assert_eq!(
            r("Ihre Ticketnummer lautet DS-2026-0412.").as_deref(),
            Some("DS-2026-0412")
        );
        assert_eq!(r("Saksnummer: 2026/114").as_deref(), Some("2026/114"));
        assert_eq!(r("Zaaknummer Z-88123").as_deref(), Some("Z-88123"));
    }

    #[test]
    fn what_only_looks_like_a_reference_is_not_one() {
        assert_eq!(r("Casey will reply"), None);
        assert_eq!(r("We received your request."), None);
        assert_eq!(r("as ISO-27001 and SHA-256 require"), None);
        assert_eq!(r("see CVE-2026-1234"), None);
        assert_eq!(r("UTF-8 text, A-1 grade"), None);
        assert_eq!(r("it&#8217;s done"), None);
        // Too few digits for ServiceNow, inside a word, or lower case.
        assert_eq!(r("INC12345 XCS0012345 cs0012345"), None);
        assert_eq!(r("page#12345"), None);
    }

    #[test]
    fn a_users_word_is_read_too() {
        assert_eq!(r("Vorgangsakte 55123"), None);
        assert_eq!(
            find("Vorgangsakte 55123", &["vorgangsakte".into()]).as_deref(),
            Some("55123")
        );
    }

    #[test]
    fn a_long_text_is_read_in_one_pass() {
        // Half a million upper-case runs and hyphens with no key: each
        // start is read once.
        let text = "AB-C ".repeat(500_000);
        assert_eq!(jira_key(&text, &[]), None);
        let text = format!("{}- DPO-1", "A".repeat(1_000_000));
        assert_eq!(jira_key(&text, &[]), Some("DPO-1"));
    }
}
