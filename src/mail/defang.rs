//! Links and names written so that nobody opens them by accident:
//! `hxxps://evil[.]example/login`, the form abuse desks expect. Pure.
//!
//! The whole text is defanged, not its first host: a phishing link often
//! carries its next stage in the query (`/r?u=https://second.example/`),
//! and a mail client turns any `https://` or `name.example` it sees into a
//! link. So every `http`/`https` scheme, whatever its case, becomes
//! `hxxp`/`hxxps`, any other `scheme://` becomes `scheme[:]//`, and every
//! dot becomes `[.]` in each form a host name can spell one: the ASCII
//! dot, the three dots IDNA maps to it (ideographic `。` U+3002, fullwidth
//! `．` U+FF0E, halfwidth ideographic `｡` U+FF61), and their percent-encoded
//! (`%2e`) and HTML character-reference (`&#46;`, `&#x2e;`, `&period;`)
//! spellings. Dots in a path go too: `/go/evil.example` names a host as
//! well, and `invoice.zip` is one.

use std::borrow::Cow;

/// `text` with every scheme and every dot defanged, on one line (no
/// control or bidi character: the text comes from the phisher).
pub fn defang(text: &str) -> String {
    // ASCII lower case keeps every byte where it was.
    let lower = text.to_ascii_lowercase();
    let mut out = String::with_capacity(text.len() + 16);
    let mut at = 0;
    while at < text.len() {
        let rest = &lower[at..];
        if let Some((scheme, taken)) = http_scheme(rest) {
            out.push_str(scheme);
            at += taken;
            continue;
        }
        if rest.starts_with("://") {
            out.push_str("[:]//");
            at += 3;
            continue;
        }
        if let Some(taken) = dot_at(rest) {
            out.push_str("[.]");
            at += taken;
            continue;
        }
        let c = text[at..].chars().next().unwrap_or(' ');
        out.push(c);
        at += c.len_utf8();
    }
    crate::printable::line(&out).into_owned()
}

/// `http` or `https` at the start of `rest` (lower case) followed by a
/// colon (also encoded): the defanged scheme, with the `://` after it
/// when there is one, and how many bytes that took.
fn http_scheme(rest: &str) -> Option<(&'static str, usize)> {
    let after_http = rest.strip_prefix("http")?;
    let (defanged, after) = match after_http.strip_prefix('s') {
        Some(after) => ("hxxps", after),
        None => ("hxxp", after_http),
    };
    let name = defanged.len();
    if after.starts_with("://") {
        return Some((if name == 5 { "hxxps://" } else { "hxxp://" }, name + 3));
    }
    [":", "%3a", "&#58;", "&#x3a;", "&colon;"]
        .iter()
        .any(|colon| after.starts_with(colon))
        .then_some((defanged, name))
}

/// The characters IDNA maps to a dot (UTS #46): a host written with any
/// of them is the same host.
pub const DOTS: [char; 4] = ['.', '\u{3002}', '\u{ff0e}', '\u{ff61}'];

/// The length of the dot that `rest` (lower case) starts with, in any
/// spelling a link can hold, or `None`.
fn dot_at(rest: &str) -> Option<usize> {
    let first = rest.chars().next()?;
    if DOTS.contains(&first) {
        return Some(first.len_utf8());
    }
    // Percent-encoded: the ASCII dot, or the UTF-8 of the other three.
    for encoded in ["%2e", "%e3%80%82", "%ef%bc%8e", "%ef%bd%a1"] {
        if rest.starts_with(encoded) {
            return Some(encoded.len());
        }
    }
    if rest.starts_with("&period;") {
        return Some("&period;".len());
    }
    let (c, taken) = reference(rest)?;
    DOTS.contains(&c).then_some(taken)
}

/// The numeric character reference at the start of `text` (`&#46;`,
/// `&#x2E;`, the `;` optional as HTML allows): its character and length.
fn reference(text: &str) -> Option<(char, usize)> {
    let body = text.strip_prefix("&#")?;
    let (hex, digits) = match body.strip_prefix(['x', 'X']) {
        Some(digits) => (true, digits),
        None => (false, body),
    };
    let count = digits
        .bytes()
        .take_while(|b| {
            if hex {
                b.is_ascii_hexdigit()
            } else {
                b.is_ascii_digit()
            }
        })
        .count();
    // Leading zeros count for nothing (`&#000046;` is a dot); past them,
    // eight digits reach beyond the last code point: anything longer is
    // no character, and stops an overflow.
    let significant = digits[..count].trim_start_matches('0');
    if count == 0 || significant.len() > 8 {
        return None;
    }
    let value = if significant.is_empty() {
        0
    } else {
        u32::from_str_radix(significant, if hex { 16 } else { 10 }).ok()?
    };
    let c = char::from_u32(value)?;
    let end = 2 + usize::from(hex) + count;
    let end = if text[end..].starts_with(';') {
        end + 1
    } else {
        end
    };
    Some((c, end))
}

/// Named references a link is written with: what a browser reads in an
/// `href` (`https&colon;//evil&period;example`).
const NAMED: [(&str, char); 14] = [
    ("amp", '&'),
    ("lt", '<'),
    ("gt", '>'),
    ("quot", '"'),
    ("apos", '\''),
    ("period", '.'),
    ("colon", ':'),
    ("sol", '/'),
    ("nbsp", ' '),
    ("quest", '?'),
    ("equals", '='),
    ("num", '#'),
    ("percnt", '%'),
    ("commat", '@'),
];

/// `html` with its character references decoded, numeric and the named
/// ones a link uses, so that `href="https://evil&#46;example"` reads as
/// the browser reads it. Others stay as written.
pub fn unescape_html(html: &str) -> Cow<'_, str> {
    if !html.contains('&') {
        return Cow::Borrowed(html);
    }
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        if let Some((c, taken)) = reference(rest) {
            out.push(c);
            rest = &rest[taken..];
            continue;
        }
        let named = NAMED.iter().find_map(|(name, c)| {
            let after = rest[1..].strip_prefix(name)?;
            // The old entities work without `;` too.
            let semicolon = after.starts_with(';');
            let legacy = matches!(*name, "amp" | "lt" | "gt" | "quot" | "nbsp");
            (semicolon || legacy).then(|| (*c, 1 + name.len() + usize::from(semicolon)))
        });
        match named {
            Some((c, taken)) => {
                out.push(c);
                rest = &rest[taken..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    Cow::Owned(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_scheme_and_every_host_of_the_text() {
        assert_eq!(
            defang("https://pay.evil.example/r?u=https://second-stage.example/login"),
            "hxxps://pay[.]evil[.]example/r?u=hxxps://second-stage[.]example/login"
        );
        assert_eq!(defang("HTTPS://EVIL.EXAMPLE/x"), "hxxps://EVIL[.]EXAMPLE/x");
        assert_eq!(defang("Http://x.example"), "hxxp://x[.]example");
        assert_eq!(
            defang("https://evil\u{3002}example/\u{ff0e}x\u{ff61}y"),
            "hxxps://evil[.]example/[.]x[.]y"
        );
        assert_eq!(
            defang("https://a.example/?u=https%3A%2F%2Fb%2Eexample%2Fc"),
            "hxxps://a[.]example/?u=hxxps%3A%2F%2Fb[.]example%2Fc"
        );
        assert_eq!(
            defang("https&colon;//evil&#46;example&#x2E;x&period;y&#046z"),
            "hxxps&colon;//evil[.]example[.]x[.]y[.]z"
        );
        assert_eq!(defang("www.evil.example/x"), "www[.]evil[.]example/x");
        assert_eq!(defang("//evil.example/x"), "//evil[.]example/x");
        assert_eq!(defang("ftp://evil.example"), "ftp[:]//evil[.]example");
        // `&#460;` is a letter, not a dot followed by a zero.
        assert_eq!(defang("a&#460;b"), "a&#460;b");
        assert_eq!(defang("evil.example"), "evil[.]example");
        assert_eq!(
            defang("https://a.example/\u{202e}x"),
            "hxxps://a[.]example/\\u{202e}x"
        );
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(256))]

        /// Whatever a link is made of, no dot and no `http` scheme in any
        /// spelling survives, and nothing panics.
        #[test]
        fn no_dot_or_scheme_survives(parts in proptest::collection::vec(
            proptest::sample::select(vec![
                ".", "\u{3002}", "\u{ff0e}", "\u{ff61}", "%2e", "%2E", "%e3%80%82", "&#46;", "&#046",
                "&#0000000046;", "&#x2e;", "&#X2E", "&#x0002E;", "&period;", "&PERIOD;", "http", "HTTPS",
                "hTtP", ":", "://", "%3a", "&colon;", "/", "s", "x", "evil", "-", "&", "#", "é", "\u{202e}",
                "[", "]", "?u=", "0", "4", "6",
            ]),
            0..24,
        )) {
            let text: String = parts.concat();
            let shown = defang(&text).replace("[.]", " ");
            let lower = shown.to_lowercase();
            for dot in DOTS {
                proptest::prop_assert!(!shown.contains(dot), "{text:?} -> {shown:?}");
            }
            for live in ["http:", "https:", "http%3a", "https%3a", "http&colon;", "https&colon;", "%2e",
                         "%e3%80%82", "&period;"] {
                proptest::prop_assert!(!lower.contains(live), "{text:?} -> {shown:?}");
            }
            let decoded = unescape_html(&shown);
            for dot in DOTS {
                proptest::prop_assert!(!decoded.contains(dot), "{text:?} -> {shown:?} -> {decoded:?}");
            }
        }
    }

    #[test]
    fn html_references_read_as_a_browser_reads_them() {
        assert_eq!(
            unescape_html("<a href=\"https://evil&#46;example&#x2f;x?a=1&amp;b=2\">"),
            "<a href=\"https://evil.example/x?a=1&b=2\">"
        );
        assert_eq!(
            unescape_html("https&colon;&sol;&sol;evil&period;example"),
            "https://evil.example"
        );
        assert_eq!(
            unescape_html("AT&T &copy; &#99999999999;"),
            "AT&T &copy; &#99999999999;"
        );
        assert_eq!(unescape_html("plain"), "plain");
    }
}
