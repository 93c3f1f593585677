//! Text made safe to print: every control character but a line break or a
//! tab, and every bidirectional override, is shown as a Rust escape
//! (`\u{1b}`), so that no value from a file can move the cursor, retitle
//! the window, write the clipboard, fake a link or reorder what a person
//! reads on the terminal. `line` also escapes line breaks and tabs, for a
//! value that must stay on its one line (a breach title, a DNS record, a
//! server's error): a newline there could forge another finding. Pure.
//!
//! The loader already refuses such characters in the inventory; this is
//! the second line of defence, for every writer a person reads. Also the
//! one way numbers are grouped for reading (`thousands`).

use std::borrow::Cow;

/// `text` with its control characters (C0 and C1, DEL included) escaped;
/// line breaks and tabs stay.
///
/// ```
/// use linger::printable::visible;
/// assert_eq!(visible("a\u{1b}]0;x\u{7}b\n"), "a\\u{1b}]0;x\\u{7}b\n");
/// assert_eq!(visible("plain"), "plain");
/// ```
pub fn visible(text: &str) -> Cow<'_, str> {
    escaped(text, |c| {
        (c.is_control() && !matches!(c, '\n' | '\t')) || is_bidi_control(c)
    })
}

/// `text` with every control character escaped, line breaks and tabs
/// included, and every bidirectional override: one line, whatever it held.
///
/// ```
/// use linger::printable::line;
/// assert_eq!(line("Title\nerror[forged]"), "Title\\u{a}error[forged]");
/// assert_eq!(line("abc\u{202e}lpm"), "abc\\u{202e}lpm");
/// ```
pub fn line(text: &str) -> Cow<'_, str> {
    escaped(text, |c| c.is_control() || is_bidi_control(c))
}

/// The characters that reorder the text around them (Unicode's explicit
/// directional embeddings, overrides and isolates, and the marks): shown
/// raw, `abc\u{202e}lpm.exe` reads as `abcexe.mpl`.
pub fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

fn escaped(text: &str, hidden: impl Fn(char) -> bool) -> Cow<'_, str> {
    if !text.chars().any(&hidden) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len() + 16);
    for c in text.chars() {
        if hidden(c) {
            out.extend(c.escape_unicode());
        } else {
            out.push(c);
        }
    }
    Cow::Owned(out)
}

/// `n` with its digits grouped in threes: 1234567 → "1,234,567".
pub fn thousands(n: i64) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::{thousands, visible};

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(thousands(0), "0");
        assert_eq!(thousands(999), "999");
        assert_eq!(thousands(1000), "1,000");
        assert_eq!(thousands(152_445_165), "152,445,165");
        assert_eq!(thousands(-2082), "-2,082");
    }

    #[test]
    fn escapes_c0_c1_and_del_but_not_line_breaks() {
        assert_eq!(visible("\u{9b}2J\u{7f}"), "\\u{9b}2J\\u{7f}");
        assert_eq!(visible("a\r\nb"), "a\\u{d}\nb");
        assert_eq!(visible("tab\there"), "tab\there");
    }

    #[test]
    fn bidi_overrides_are_escaped_everywhere_and_line_keeps_one_line() {
        use super::line;
        assert_eq!(visible("a\u{2067}b\u{200f}"), "a\\u{2067}b\\u{200f}");
        assert_eq!(line("a\r\nb\tc"), "a\\u{d}\\u{a}b\\u{9}c");
        assert_eq!(line("bücher.example"), "bücher.example");
    }
}
