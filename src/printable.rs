//! Text made safe to print: every control character but a line break or a
//! tab is shown as a Rust escape (`\u{1b}`), so that no value from a file
//! can move the cursor, retitle the window, write the clipboard or fake a
//! link on the terminal of the person reading it. Pure.
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
    let hidden = |c: char| c.is_control() && !matches!(c, '\n' | '\t');
    if !text.chars().any(hidden) {
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
}
