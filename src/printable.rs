//! Text made safe to print: every control character but a line break or a
//! tab is shown as a Rust escape (`\u{1b}`), so that no value from a file
//! can move the cursor, retitle the window, write the clipboard or fake a
//! link on the terminal of the person reading it. Pure.
//!
//! The loader already refuses such characters in the inventory; this is
//! the second line of defence, for every writer a person reads.

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

#[cfg(test)]
mod tests {
    use super::visible;

    #[test]
    fn escapes_c0_c1_and_del_but_not_line_breaks() {
        assert_eq!(visible("\u{9b}2J\u{7f}"), "\\u{9b}2J\\u{7f}");
        assert_eq!(visible("a\r\nb"), "a\\u{d}\nb");
        assert_eq!(visible("tab\there"), "tab\there");
    }
}
