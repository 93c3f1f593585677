//! The links a message carries, as a browser would follow them: in its
//! text and HTML bodies (character references decoded), with or without a
//! scheme, each with its host. `phish` checks their domains, the breach
//! letters list them. Pure.

use std::borrow::Cow;

use super::defang::unescape_html;

/// The most links one message lists; a page of them is enough to act on.
pub const MAX_LINKS: usize = 50;

/// The distinct links of a message's text and HTML bodies, in the order
/// they first appear, at most `MAX_LINKS`. An HTML body is read with its
/// character references decoded, as a browser reads its `href`s.
pub fn of_bodies<'b>(
    texts: impl Iterator<Item = Cow<'b, str>>,
    htmls: impl Iterator<Item = Cow<'b, str>>,
) -> Vec<String> {
    let mut urls = Vec::new();
    let htmls = htmls.map(|html| Cow::Owned(unescape_html(&html).into_owned()));
    for body in texts.chain(htmls) {
        links(&body, &mut urls, MAX_LINKS);
        if urls.len() >= MAX_LINKS {
            break;
        }
    }
    urls
}

/// The host of a link as `of_bodies` finds them (`https://...`, `//...` or
/// `www....`), lower case, as a browser resolves it: IDNA maps `。` to a
/// dot, and a percent-encoded host is decoded.
pub fn host(link: &str) -> Option<String> {
    let lower = link.get(..4).map(str::to_ascii_lowercase);
    let absolute = if link.starts_with("//") {
        format!("http:{link}")
    } else if lower.as_deref() == Some("www.") {
        format!("http://{link}")
    } else {
        link.to_string()
    };
    let url = url::Url::parse(&absolute).ok()?;
    url.host_str().map(str::to_ascii_lowercase)
}

/// The distinct links of `text`, added to `found` until it holds `limit`:
/// `http://` and `https://` ones in any case, scheme-relative ones
/// (`href="//evil.example"`) and those written without a scheme
/// (`www.evil.example`). Each ends at the first character that cannot be
/// part of one in running text or HTML. A link in another's query
/// (`/r?u=https://next.example`) is a link too. Linear in the text: a body
/// of a million `http://a ` takes as long as reading it.
fn links(text: &str, found: &mut Vec<String>, limit: usize) {
    // ASCII lower case keeps every byte where it was.
    let lower = text.to_ascii_lowercase();
    let bytes = lower.as_bytes();
    let mut seen: std::collections::HashSet<String> = found.iter().cloned().collect();
    let mut slashes = memchr::memmem::find_iter(bytes, b"//")
        .filter_map(|at| link_start(bytes, at))
        .peekable();
    let mut wwws = memchr::memmem::find_iter(bytes, b"www.")
        .filter(|&at| at == 0 || opens_link(bytes[at - 1]))
        .peekable();
    while found.len() < limit {
        // The next start of either kind, in the order of the text.
        let start = match (slashes.peek(), wwws.peek()) {
            (Some(&s), Some(&w)) if s <= w => slashes.next(),
            (_, Some(_)) => wwws.next(),
            (Some(_), None) => slashes.next(),
            (None, None) => None,
        };
        let Some(start) = start else { break };
        let rest = &text[start..];
        let end = rest
            .find(|c: char| {
                c.is_whitespace()
                    || c.is_control()
                    || crate::printable::is_bidi_control(c)
                    || matches!(c, '"' | '\'' | '<' | '>' | '`')
            })
            .unwrap_or(rest.len());
        let url = rest[..end].trim_end_matches(['.', ',', ';', ':', ')', ']', '!', '?']);
        // More than a scheme, `//` or `www.` alone.
        let shortest = match url.as_bytes().first() {
            Some(b'/') => "//x".len(),
            Some(b'w' | b'W') if url.get(..4).is_some_and(|w| w.eq_ignore_ascii_case("www.")) => {
                "www.x".len()
            }
            _ => "https://x".len(),
        };
        if url.len() >= shortest && !seen.contains(url) {
            seen.insert(url.to_string());
            found.push(url.to_string());
        }
    }
}

/// Where the link that the `//` at `at` belongs to starts: at its
/// `http`/`https` scheme, or at the `//` itself when it opens an attribute
/// value (`href="//evil.example"`, `url(//...)`). `None` for any other `//`.
fn link_start(bytes: &[u8], at: usize) -> Option<usize> {
    let before = &bytes[..at];
    if let Some(scheme) = before.strip_suffix(b":") {
        return if scheme.ends_with(b"https") {
            Some(at - 6)
        } else if scheme.ends_with(b"http") {
            Some(at - 5)
        } else {
            None
        };
    }
    let after = bytes.get(at + 2)?;
    (matches!(before.last(), Some(b'"' | b'\'' | b'=' | b'(')) && after.is_ascii_alphanumeric())
        .then_some(at)
}

/// Whether a link written without its scheme can start after `byte`:
/// not inside a word, a host name or another link.
fn opens_link(byte: u8) -> bool {
    !(byte.is_ascii_alphanumeric() || b"./-_@:%&#=?".contains(&byte))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn many_links_are_read_in_one_pass_and_capped() {
        let body = "http://a ".repeat(200_000) + "https://b.example/x";
        let mut found = Vec::new();
        links(&body, &mut found, MAX_LINKS);
        assert_eq!(found, ["https://b.example/x"]);
        let distinct: String = (0..100)
            .map(|i| format!("see https://x{i}.example/ "))
            .collect();
        let mut found = Vec::new();
        links(&distinct, &mut found, MAX_LINKS);
        assert_eq!(found.len(), MAX_LINKS);
        let mut found = Vec::new();
        links(
            "go to HTTPS://evil.example/\u{202e}gpj.exe now",
            &mut found,
            MAX_LINKS,
        );
        assert_eq!(found, ["HTTPS://evil.example/"]);
    }

    #[test]
    fn finds_links_written_without_a_scheme_or_with_references() {
        let mut found = Vec::new();
        links(
            "<a href=\"//slashes.example/login\">a</a> see www.wwwlink.example/x, \
             or WWW.CAPS.example; not xwww.no.example nor a.www.no.example \
             https://pay.example/r?u=https://second.example/login",
            &mut found,
            MAX_LINKS,
        );
        assert_eq!(
            found,
            [
                "//slashes.example/login",
                "www.wwwlink.example/x",
                "WWW.CAPS.example",
                "https://pay.example/r?u=https://second.example/login",
                "https://second.example/login",
            ]
        );
        for (link, expected) in [
            ("//slashes.example/login", "slashes.example"),
            ("www.wwwlink.example/x", "www.wwwlink.example"),
            ("HTTPS://CAPS.EXAMPLE/x", "caps.example"),
            ("https://ideo\u{3002}example/", "ideo.example"),
            ("https://pct%2Eexample/", "pct.example"),
        ] {
            assert_eq!(host(link).as_deref(), Some(expected), "{link}");
        }
    }
}
