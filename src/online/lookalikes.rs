//! The lookalike domains a phisher would register to pass for ours, made
//! the way dnstwist makes them: each kind of typo or trick applied once to
//! the registrable label (`northwind` in `northwind.co.uk`), plus the same
//! label under other top-level domains. Pure: resolving them is
//! `online::lookup`'s job.

use std::collections::BTreeSet;

use crate::terms::keyword_enum;

keyword_enum! {
    /// How a lookalike was made.
    Kind {
        Omission = "omission",
        Repetition = "repetition",
        Transposition = "transposition",
        Replacement = "replacement",
        Insertion = "insertion",
        Hyphenation = "hyphenation",
        VowelSwap = "vowel-swap",
        Homoglyph = "homoglyph",
        Bitsquatting = "bitsquatting",
        Addition = "addition",
        TldSwap = "tld-swap",
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

/// Look-alike ASCII: one character for another, or for two.
const ASCII_GLYPHS: &[(&str, &[&str])] = &[
    ("0", &["o"]),
    ("1", &["l", "i"]),
    ("b", &["d", "lb"]),
    ("d", &["b", "cl"]),
    ("g", &["q"]),
    ("i", &["1", "l"]),
    ("l", &["1", "i"]),
    ("m", &["n", "nn", "rn"]),
    ("n", &["m", "r"]),
    ("o", &["0"]),
    ("q", &["g"]),
    ("u", &["v"]),
    ("v", &["u"]),
    ("w", &["vv"]),
    ("rn", &["m"]),
    ("vv", &["w"]),
    ("cl", &["d"]),
];

/// Letters from other scripts and with marks that pass for ASCII ones.
const IDN_GLYPHS: &[(char, &str)] = &[
    ('a', "àáâãäåɑаạą"),
    ('b', "ḃḅɓƅ"),
    ('c', "çćċčсƈ"),
    ('d', "ďđḋɗԁ"),
    ('e', "èéêëēėęěеẹ"),
    ('f', "ƒḟ"),
    ('g', "ĝğġģɡǵ"),
    ('h', "ĥħһḣ"),
    ('i', "ìíîïıɩіị"),
    ('j', "ĵј"),
    ('k', "ķḳкκ"),
    ('l', "ĺļľłḷӏ"),
    ('m', "ṁṃ"),
    ('n', "ñńņňṅո"),
    ('o', "òóôõöøōоοọ"),
    ('p', "ṗрρ"),
    ('q', "ԛɋ"),
    ('r', "ŕŗřṙг"),
    ('s', "śŝşšѕṡ"),
    ('t', "ţťṫŧ"),
    ('u', "ùúûüũūůűųυ"),
    ('v', "ѵνṿ"),
    ('w', "ŵẁẃẅԝ"),
    ('x', "хẋ"),
    ('y', "ýÿŷуỳ"),
    ('z', "źżžẓ"),
];

/// Every lookalike of `domain` (a registrable domain such as
/// `northwind.example`), each name once, without `domain` itself.
/// `idn` adds the internationalised homoglyphs, which are most of them.
pub fn generate(domain: &str, idn: bool) -> Result<Vec<Lookalike>, String> {
    let shown = crate::printable::line(domain.trim());
    let ascii = super::domains::normal(domain).ok_or_else(|| {
        format!("`{shown}` is not a domain name (give a name like `northwind.example`, without `https://` or a path)")
    })?;
    let registrable = super::domains::registrable(&ascii)
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
        let name = format!("{label}.{suffix}");
        if !valid_label(&label) {
            return;
        }
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
    for (i, c) in chars.iter().enumerate() {
        if VOWELS.contains(c) {
            for vowel in VOWELS.iter().filter(|v| *v != c) {
                let mut v = chars.clone();
                v[i] = *vowel;
                push(Kind::VowelSwap, text(&v), suffix);
            }
        }
    }
    // Homoglyphs twice over, as dnstwist does: one swapped letter, then a
    // second in each of those.
    let once = homoglyphs(label, idn);
    let twice: Vec<String> = once.iter().flat_map(|l| homoglyphs(l, idn)).collect();
    for swapped in once.into_iter().chain(twice) {
        push(Kind::Homoglyph, swapped, suffix);
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
    for extra in ('a'..='z').chain('0'..='9') {
        push(Kind::Addition, format!("{label}{extra}"), suffix);
    }
    for tld in TLDS.iter().filter(|t| **t != suffix) {
        push(Kind::TldSwap, label.to_string(), tld);
    }
    Ok(out)
}

/// `label` with one letter (or pair of letters) swapped for one that looks
/// like it: ASCII look-alikes, and with `idn` letters from other scripts.
fn homoglyphs(label: &str, idn: bool) -> Vec<String> {
    let mut out = Vec::new();
    for (from, tos) in ASCII_GLYPHS {
        for (at, _) in label.match_indices(from) {
            for to in *tos {
                out.push(format!("{}{to}{}", &label[..at], &label[at + from.len()..]));
            }
        }
    }
    if idn {
        let chars: Vec<char> = label.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            for (_, glyphs) in IDN_GLYPHS.iter().filter(|(ascii, _)| ascii == c) {
                for glyph in glyphs.chars() {
                    let mut v = chars.clone();
                    v[i] = glyph;
                    out.push(v.into_iter().collect());
                }
            }
        }
    }
    out
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

/// A DNS label: 1–63 characters, no hyphen at either end, and no `--` in
/// the third and fourth places (reserved for `xn--`).
fn valid_label(label: &str) -> bool {
    let count = label.chars().count();
    (1..=63).contains(&count)
        && !label.starts_with('-')
        && !label.ends_with('-')
        && label.get(2..4) != Some("--")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(kind: Kind) -> BTreeSet<String> {
        generate("northwind.example", true)
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
        let idn = generate("northwind.example", true).unwrap();
        let cyrillic_o = idn.iter().find(|l| l.name == "nоrthwind.example").unwrap();
        assert!(cyrillic_o.ascii.starts_with("xn--"), "{}", cyrillic_o.ascii);
        let ascii_only = generate("northwind.example", false).unwrap();
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
        let uk = generate("northwind.co.uk", false).unwrap();
        assert!(uk.iter().any(|l| l.name == "northwind.com"));
        assert!(uk.iter().any(|l| l.name == "nrothwind.co.uk"));
        assert!(!uk.iter().any(|l| l.name == "northwind.co.uk"));
    }

    #[test]
    fn every_name_is_once_and_valid() {
        let all = generate("northwind.example", true).unwrap();
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
        assert!(generate("mail.northwind.example", true).is_err());
        assert!(generate("co.uk", true).is_err());
        assert!(generate("", true).is_err());
        for bad in [
            "https://northwind.example/x",
            "north wind.example",
            "north\twind.example",
            "northwind.example;rm",
            "north\u{1b}wind.example",
        ] {
            let err = generate(bad, true).unwrap_err();
            assert!(!err.contains('\u{1b}') && !err.contains('\t'), "{err}");
        }
        let idn = generate("bücher.example", false).unwrap();
        assert!(
            idn.iter().any(|l| l.name == "büchr.example"),
            "the label is fuzzed in Unicode"
        );
    }
}
