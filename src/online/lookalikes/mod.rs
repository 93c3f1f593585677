//! The lookalike domains a phisher would register to pass for ours, made
//! the way dnstwist makes them, and more: each kind of typo or trick
//! (a fuzzer) applied to the registrable label (`northwind` in
//! `northwind.co.uk`), words phishers add, and the same label under other
//! top-level domains. Every name dnstwist 20250130 makes from the same
//! TLDs and words is among these (`tests/dnstwist.rs` holds it so). Pure:
//! resolving them is `online::lookup`'s job.

mod glyphs;
pub mod rows;
pub mod words;

use std::collections::{BTreeSet, HashMap};

use crate::address;
use crate::terms::keyword_enum;

pub use glyphs::WORDS;

keyword_enum! {
    /// How a lookalike was made: dnstwist's fuzzer names, and `greek`.
    Kind {
        Omission = "omission",
        Repetition = "repetition",
        Transposition = "transposition",
        Replacement = "replacement",
        Insertion = "insertion",
        Hyphenation = "hyphenation",
        Subdomain = "subdomain",
        VowelSwap = "vowel-swap",
        Plural = "plural",
        Homoglyph = "homoglyph",
        Cyrillic = "cyrillic",
        Greek = "greek",
        Bitsquatting = "bitsquatting",
        Addition = "addition",
        Dictionary = "dictionary",
        Various = "various",
        TldSwap = "tld-swap",
        // Not made but found: a domain with our brand in a certificate's
        // name (`lookalikes --ct`).
        Certificate = "certificate",
    }
}

/// One lookalike name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Lookalike {
    pub kind: Kind,
    /// As a person sees it (Unicode for an internationalised name).
    pub name: String,
    /// As DNS sees it (`xn--` punycode for an internationalised name).
    pub ascii: String,
}

/// What to make besides the typos.
#[derive(Debug, Clone, Copy)]
pub struct Options<'a> {
    /// Internationalised names: letters with marks and from other scripts,
    /// which are most of the names.
    pub idn: bool,
    /// The words of the `dictionary` fuzzer.
    pub words: &'a [String],
}

/// The top-level domains a phisher tries besides ours.
pub const TLDS: &[&str] = &[
    "com", "net", "org", "info", "biz", "io", "co", "app", "dev", "online", "site", "shop",
    "store", "xyz", "top", "cloud", "email", "support", "services", "tech", "me", "us", "ca", "eu",
    "uk", "co.uk", "de", "fr", "nl", "se", "no", "dk", "ch", "at", "es", "it",
];

const KEYBOARDS: &[&[&str]] = &[
    &["1234567890", "qwertyuiop", "asdfghjkl", "zxcvbnm"],
    &["1234567890", "qwertzuiop", "asdfghjkl", "yxcvbnm"],
    &["1234567890", "azertyuiop", "qsdfghjklm", "wxcvbn"],
];

const VOWELS: &[char] = &['a', 'e', 'i', 'o', 'u', 'y'];

/// A word for the `dictionary` fuzzer: what can stand in a DNS label.
pub fn valid_word(word: &str) -> bool {
    !word.is_empty()
        && word.len() <= 63
        && word
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// Every lookalike of `domain` (a registrable domain such as
/// `northwind.example`), each name once, without `domain` itself.
pub fn generate(domain: &str, options: Options) -> Result<Vec<Lookalike>, String> {
    let shown = crate::printable::line(domain.trim());
    let ascii = address::normal(domain).ok_or_else(|| {
        format!("`{shown}` is not a domain name (give a name like `northwind.example`, without `https://` or a path)")
    })?;
    let registrable = address::registrable(&ascii)
        .filter(|r| *r == ascii)
        .ok_or_else(|| {
            format!("`{shown}` is not a registrable domain (like `northwind.example`)")
        })?;
    // The label is fuzzed as people read it: `bücher`, not `xn--bcher-kva`.
    let (unicode, _) = idna::domain_to_unicode(&registrable);
    let (label, suffix) = unicode
        .split_once('.')
        .ok_or_else(|| format!("`{shown}` has no top-level domain"))?;
    let chars: Vec<char> = label.chars().collect();

    let mut out: Vec<Lookalike> = Vec::new();
    let mut seen = BTreeSet::from([registrable.clone()]);
    let mut push = |kind: Kind, label: String, suffix: &str| {
        // A `subdomain` name has a dot in its label: each part must be one.
        if !label.split('.').all(valid_label) {
            return;
        }
        let name = format!("{label}.{suffix}");
        let Ok(ascii) = idna::domain_to_ascii(&name) else {
            return;
        };
        if seen.insert(ascii.clone()) {
            out.push(Lookalike { kind, name, ascii });
        }
    };
    let text = |c: &[char]| c.iter().collect::<String>();

    for i in 0..chars.len() {
        let mut v = chars.clone();
        v.remove(i);
        push(Kind::Omission, text(&v), suffix);
    }
    for i in 0..chars.len() {
        let mut v = chars.clone();
        v.insert(i, chars[i]);
        push(Kind::Repetition, text(&v), suffix);
    }
    for i in 0..chars.len().saturating_sub(1) {
        let mut v = chars.clone();
        v.swap(i, i + 1);
        push(Kind::Transposition, text(&v), suffix);
    }
    for (i, c) in chars.iter().enumerate() {
        for n in neighbours(*c) {
            let mut v = chars.clone();
            v[i] = n;
            push(Kind::Replacement, text(&v), suffix);
        }
    }
    for (i, c) in chars.iter().enumerate() {
        for n in neighbours(*c) {
            for at in [i, i + 1] {
                let mut v = chars.clone();
                v.insert(at, n);
                push(Kind::Insertion, text(&v), suffix);
            }
        }
    }
    for i in 1..chars.len() {
        let mut v = chars.clone();
        v.insert(i, '-');
        push(Kind::Hyphenation, text(&v), suffix);
    }
    // `north.wind.example`: a name under another registrable domain, which
    // whoever holds `wind.example` can make.
    for i in 1..chars.len().saturating_sub(1) {
        if chars[i] != '-' && chars[i - 1] != '-' {
            let mut v = chars.clone();
            v.insert(i, '.');
            push(Kind::Subdomain, text(&v), suffix);
        }
    }
    for (i, c) in chars.iter().enumerate() {
        if VOWELS.contains(c) {
            for vowel in VOWELS.iter().filter(|v| *v != c) {
                let mut v = chars.clone();
                v[i] = *vowel;
                push(Kind::VowelSwap, text(&v), suffix);
            }
        }
    }
    for i in 2..chars.len().saturating_sub(2) {
        let ending = if matches!(chars[i], 's' | 'x' | 'z') {
            "es"
        } else {
            "s"
        };
        let (head, tail) = chars.split_at(i + 1);
        push(
            Kind::Plural,
            format!("{}{ending}{}", text(head), text(tail)),
            suffix,
        );
    }
    let table = glyph_table(options.idn);
    for swapped in homoglyphs(label, &table) {
        push(Kind::Homoglyph, swapped, suffix);
    }
    if options.idn {
        for (kind, script) in [
            (Kind::Cyrillic, glyphs::CYRILLIC),
            (Kind::Greek, glyphs::GREEK),
        ] {
            if let Some(whole) = whole_script(label, script) {
                push(kind, whole, suffix);
            }
        }
    }
    for (i, c) in chars.iter().enumerate() {
        let Ok(byte) = u8::try_from(u32::from(*c)) else {
            continue;
        };
        for bit in 0..8 {
            let flipped = char::from(byte ^ (1 << bit));
            if flipped.is_ascii_lowercase() || flipped.is_ascii_digit() || flipped == '-' {
                let mut v = chars.clone();
                v[i] = flipped;
                push(Kind::Bitsquatting, text(&v), suffix);
            }
        }
    }
    let extras: Vec<char> = ('a'..='z').chain('0'..='9').collect();
    for extra in &extras {
        push(Kind::Addition, format!("{label}{extra}"), suffix);
    }
    // In `acme-data`, also before each hyphen: `acmex-data`.
    let parts: Vec<&str> = label.split('-').collect();
    for p in 1..parts.len() {
        for extra in &extras {
            let label = format!("{}{extra}-{}", parts[..p].join("-"), parts[p..].join("-"));
            push(Kind::Addition, label, suffix);
        }
    }
    for word in options.words {
        if label.starts_with(word.as_str()) && label.ends_with(word.as_str()) {
            continue;
        }
        for made in [
            format!("{label}-{word}"),
            format!("{label}{word}"),
            format!("{word}-{label}"),
            format!("{word}{label}"),
        ] {
            push(Kind::Dictionary, made, suffix);
        }
    }
    if parts.len() > 1 {
        for word in options.words {
            push(
                Kind::Dictionary,
                format!("{}-{word}", parts[..parts.len() - 1].join("-")),
                suffix,
            );
            push(
                Kind::Dictionary,
                format!("{word}-{}", parts[1..].join("-")),
                suffix,
            );
        }
    }
    for tld in TLDS.iter().filter(|t| **t != suffix) {
        push(Kind::TldSwap, label.to_string(), tld);
    }
    // The suffix run into the label: `acmeio.io`, `acme-io.com`,
    // `windtradersco.uk`, `windtraders.uk`.
    match suffix.rsplit_once('.') {
        Some((_, last)) => {
            push(Kind::Various, label.to_string(), last);
            let (head, tail) = suffix.split_once('.').unwrap_or((suffix, ""));
            push(Kind::Various, format!("{label}{head}"), tail);
        }
        None => {
            push(Kind::Various, format!("{label}{suffix}"), suffix);
            if suffix != "com" {
                push(Kind::Various, format!("{label}-{suffix}"), "com");
                push(Kind::Various, format!("{label}{suffix}"), "com");
            }
        }
    }
    Ok(out)
}

/// The glyph table the `homoglyph` fuzzer reads: ASCII look-alikes, and
/// with `idn` the Unicode ones too.
fn glyph_table(idn: bool) -> HashMap<&'static str, Vec<String>> {
    let mut table: HashMap<&str, Vec<String>> = HashMap::new();
    for (key, to) in glyphs::ASCII {
        table
            .entry(key)
            .or_default()
            .extend(to.iter().map(|s| s.to_string()));
    }
    if idn {
        for (key, to) in glyphs::UNICODE {
            let entry = table.entry(key).or_default();
            entry.extend(to.chars().filter(|c| *c != '|').map(String::from));
        }
    }
    table
}

/// `label` with look-alike characters swapped in, as dnstwist does it:
/// each character, each pair of neighbours (both, when they are the same
/// letter) and each two-letter key once; then all of that once more on
/// each result.
fn homoglyphs(label: &str, table: &HashMap<&str, Vec<String>>) -> BTreeSet<String> {
    let once = mix(label, table);
    let mut all = BTreeSet::new();
    for name in &once {
        all.extend(mix(name, table));
    }
    all.extend(once);
    all.remove(label);
    all
}

fn mix(label: &str, table: &HashMap<&str, Vec<String>>) -> BTreeSet<String> {
    let bounds: Vec<usize> = label
        .char_indices()
        .map(|(at, _)| at)
        .chain([label.len()])
        .collect();
    let mut out = BTreeSet::new();
    for i in 0..bounds.len() - 1 {
        let (start, end) = (bounds[i], bounds[i + 1]);
        for glyph in table.get(&label[start..end]).into_iter().flatten() {
            out.insert(format!("{}{glyph}{}", &label[..start], &label[end..]));
        }
    }
    for i in 0..bounds.len().saturating_sub(2) {
        let (start, mid, end) = (bounds[i], bounds[i + 1], bounds[i + 2]);
        let window = &label[start..end];
        let keys = BTreeSet::from([&label[start..mid], &label[mid..end], window]);
        for key in keys {
            for glyph in table.get(key).into_iter().flatten() {
                let swapped = window.replace(key, glyph);
                out.insert(format!("{}{swapped}{}", &label[..start], &label[end..]));
            }
        }
    }
    out
}

/// `label` written wholly in another script, when every letter has a twin
/// there.
fn whole_script(label: &str, script: &[(char, char)]) -> Option<String> {
    label
        .chars()
        .map(|c| {
            script
                .iter()
                .find(|(latin, _)| *latin == c)
                .map(|(_, twin)| *twin)
        })
        .collect()
}

/// The keys next to `c` on a QWERTY, QWERTZ or AZERTY keyboard.
fn neighbours(c: char) -> BTreeSet<char> {
    let mut found = BTreeSet::new();
    for rows in KEYBOARDS {
        let rows: Vec<Vec<char>> = rows.iter().map(|r| r.chars().collect()).collect();
        for (r, row) in rows.iter().enumerate() {
            let Some(i) = row.iter().position(|k| *k == c) else {
                continue;
            };
            let mut near = |row: usize, col: Option<usize>| {
                if let Some(k) = col.and_then(|col| rows.get(row)?.get(col)) {
                    found.insert(*k);
                }
            };
            near(r, i.checked_sub(1));
            near(r, Some(i + 1));
            // Rows are staggered: the row above is offset right.
            if r > 0 {
                near(r - 1, Some(i));
                near(r - 1, Some(i + 1));
            }
            near(r + 1, i.checked_sub(1));
            near(r + 1, Some(i));
        }
    }
    found.remove(&c);
    found
}

/// A label someone could register: its ASCII (`xn--`) form keeps the
/// host-label rule, and it has no `--` in the third and fourth places
/// (reserved for `xn--`). `label` may be Unicode, as the fuzzers make it.
fn valid_label(label: &str) -> bool {
    label.get(2..4) != Some("--")
        && idna::domain_to_ascii(label).is_ok_and(|ascii| crate::address::is_label(&ascii))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all() -> Options<'static> {
        Options {
            idn: true,
            words: &[],
        }
    }

    fn ascii() -> Options<'static> {
        Options {
            idn: false,
            words: &[],
        }
    }

    fn names(kind: Kind) -> BTreeSet<String> {
        generate("northwind.example", all())
            .unwrap()
            .into_iter()
            .filter(|l| l.kind == kind)
            .map(|l| l.name)
            .collect()
    }

    #[track_caller]
    fn has(kind: Kind, expected: &[&str]) {
        let made = names(kind);
        for name in expected {
            assert!(made.contains(*name), "{kind} lacks {name}: {made:?}");
        }
    }

    #[test]
    fn omission() {
        has(
            Kind::Omission,
            &["orthwind.example", "nothwind.example", "northwin.example"],
        );
        assert_eq!(names(Kind::Omission).len(), 9);
    }

    #[test]
    fn repetition() {
        has(
            Kind::Repetition,
            &["nnorthwind.example", "northwwind.example"],
        );
    }

    #[test]
    fn transposition() {
        has(
            Kind::Transposition,
            &["onrthwind.example", "northwidn.example"],
        );
    }

    #[test]
    fn replacement_uses_three_keyboards() {
        // b and m are beside n on QWERTY; , is not a letter; on AZERTY the
        // w is beside x.
        has(
            Kind::Replacement,
            &[
                "borthwind.example",
                "morthwind.example",
                "northxind.example",
            ],
        );
        // z is beside t only on QWERTZ.
        has(Kind::Replacement, &["norzhwind.example"]);
    }

    #[test]
    fn insertion() {
        has(
            Kind::Insertion,
            &["nborthwind.example", "bnorthwind.example"],
        );
    }

    #[test]
    fn hyphenation() {
        has(
            Kind::Hyphenation,
            &["north-wind.example", "n-orthwind.example"],
        );
        assert!(!names(Kind::Hyphenation).iter().any(|n| n.starts_with('-')));
    }

    #[test]
    fn vowel_swap() {
        has(Kind::VowelSwap, &["narthwind.example", "northwand.example"]);
    }

    #[test]
    fn homoglyph_ascii_and_idn() {
        has(
            Kind::Homoglyph,
            &["northvvind.example", "northwlnd.example"],
        );
        let idn = generate("northwind.example", all()).unwrap();
        let cyrillic_o = idn.iter().find(|l| l.name == "nоrthwind.example").unwrap();
        assert!(cyrillic_o.ascii.starts_with("xn--"), "{}", cyrillic_o.ascii);
        let ascii_only = generate("northwind.example", ascii()).unwrap();
        assert!(ascii_only.iter().all(|l| l.name.is_ascii()));
        assert!(ascii_only.len() < idn.len());
    }

    #[test]
    fn bitsquatting() {
        // 'n' is 0x6e; flipping bit 0 gives 'o', bit 3 gives 'f'.
        has(
            Kind::Bitsquatting,
            &["oorthwind.example", "forthwind.example"],
        );
    }

    #[test]
    fn addition() {
        // `northwinds` is an insertion (s is beside d), so it counts there.
        has(
            Kind::Addition,
            &["northwindq.example", "northwind7.example"],
        );
    }

    #[test]
    fn tld_swap_keeps_multi_label_suffixes_whole() {
        has(Kind::TldSwap, &["northwind.com", "northwind.co.uk"]);
        let uk = generate("northwind.co.uk", ascii()).unwrap();
        assert!(uk.iter().any(|l| l.name == "northwind.com"));
        assert!(uk.iter().any(|l| l.name == "nrothwind.co.uk"));
        assert!(!uk.iter().any(|l| l.name == "northwind.co.uk"));
    }

    #[test]
    fn subdomain_plural_and_various() {
        has(
            Kind::Subdomain,
            &["north.wind.example", "n.orthwind.example"],
        );
        assert!(!names(Kind::Subdomain).contains("northwin.d.example"));
        has(Kind::Plural, &["norsthwind.example", "northwisnd.example"]);
        has(
            Kind::Various,
            &["northwindexample.com", "northwind-example.com"],
        );
        let uk = generate("windtraders.co.uk", ascii()).unwrap();
        assert!(
            uk.iter()
                .any(|l| l.name == "windtradersco.uk" && l.kind == Kind::Various)
        );
        // Also a `various` name, but a TLD swap made it first.
        assert!(uk.iter().any(|l| l.name == "windtraders.uk"));
    }

    #[test]
    fn whole_script_names_only_when_every_letter_has_a_twin() {
        let acme = generate("acme.io", all()).unwrap();
        let cyrillic: Vec<_> = acme.iter().filter(|l| l.kind == Kind::Cyrillic).collect();
        assert_eq!(cyrillic.len(), 1);
        assert_eq!(cyrillic[0].name, "асме.io");
        assert!(cyrillic[0].ascii.starts_with("xn--"));
        // No Cyrillic twin for `n` or `r`.
        assert!(names(Kind::Cyrillic).is_empty());
        let kit = generate("kit.io", all()).unwrap();
        assert!(
            kit.iter()
                .any(|l| l.kind == Kind::Greek && l.name == "κιτ.io")
        );
        assert!(
            generate("acme.io", ascii())
                .unwrap()
                .iter()
                .all(|l| l.name.is_ascii())
        );
    }

    #[test]
    fn dictionary_words_and_hyphenated_labels() {
        let words = ["login".to_string(), "data".to_string()];
        let options = Options {
            idn: false,
            words: &words,
        };
        let made: BTreeSet<String> = generate("acme-data.example", options)
            .unwrap()
            .into_iter()
            .filter(|l| l.kind == Kind::Dictionary)
            .map(|l| l.name)
            .collect();
        for name in [
            "acme-data-login.example",
            "login-acme-data.example",
            "loginacme-data.example",
            "acme-login.example",
            "login-data.example",
        ] {
            assert!(made.contains(name), "{name}: {made:?}");
        }
        let additions = generate("acme-data.example", ascii()).unwrap();
        assert!(
            additions
                .iter()
                .any(|l| l.kind == Kind::Addition && l.name == "acmex-data.example")
        );
        assert!(
            valid_word("log-in2") && !valid_word("Login") && !valid_word("") && !valid_word("a.b")
        );
    }

    #[test]
    fn every_name_is_once_and_valid() {
        let all = generate("northwind.example", all()).unwrap();
        let unique: BTreeSet<_> = all.iter().map(|l| &l.ascii).collect();
        assert_eq!(unique.len(), all.len());
        for l in &all {
            let label = l.ascii.split('.').next().unwrap();
            assert!(
                valid_label(label) || label.starts_with("xn--"),
                "{}",
                l.ascii
            );
        }
    }

    #[test]
    fn only_registrable_domains_are_accepted() {
        assert!(generate("mail.northwind.example", all()).is_err());
        assert!(generate("co.uk", all()).is_err());
        assert!(generate("", all()).is_err());
        for bad in [
            "https://northwind.example/x",
            "north wind.example",
            "north\twind.example",
            "northwind.example;rm",
            "north\u{1b}wind.example",
        ] {
            let err = generate(bad, all()).unwrap_err();
            assert!(!err.contains('\u{1b}') && !err.contains('\t'), "{err}");
        }
        let idn = generate("bücher.example", ascii()).unwrap();
        assert!(
            idn.iter().any(|l| l.name == "büchr.example"),
            "the label is fuzzed in Unicode"
        );
    }
}
