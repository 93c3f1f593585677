//! A reply's `Message-ID`, checked before anything keeps it. Pure.
//!
//! The id is stored on the event it records, so it must be what the
//! inventory accepts (`<left@right>`, printable ASCII, no spaces), or the
//! editor would refuse the whole run's edit, and every rerun the same
//! way. And it must be short: RFC 5322 allows a line of 998 characters,
//! and a sender who sends 900 KB ids would otherwise grow vendors.toml by
//! as much with each reply. A reply whose id fails is still shown; it is
//! not recorded (a second run could not tell it was), and a warning names
//! it.

use crate::inventory::is_message_id;

/// RFC 5322's limit on a line (section 2.1.1), which a `Message-ID` field
/// cannot fold past: no longer id is stored.
pub const MAX_LEN: usize = 998;

/// `<id>` as the inventory stores it, from the id as the parser read it
/// (without its brackets), or what is wrong with it.
pub fn checked(parsed: &str) -> Result<String, String> {
    let id = format!("<{parsed}>");
    let chars = id.chars().count();
    if chars > MAX_LEN {
        return Err(format!(
            "is {chars} characters long, more than the {MAX_LEN} of a mail header line"
        ));
    }
    if is_message_id(&id) {
        return Ok(id);
    }
    let inner = &id[1..id.len() - 1];
    let why = if let Some(c) = inner.chars().find(|c| c.is_control()) {
        format!("holds a control character (U+{:04X})", u32::from(c))
    } else if inner.contains(char::is_whitespace) {
        "holds a space".to_string()
    } else if !inner.is_ascii() {
        "holds a character that is not ASCII".to_string()
    } else if !inner.contains('@') {
        "has no `@`".to_string()
    } else {
        "is not `<left@right>`".to_string()
    };
    Err(why)
}

/// The id as a warning may name it: printable, at most 60 characters.
pub fn shown(parsed: &str) -> String {
    let mut cut: String = parsed.chars().take(60).collect();
    if parsed.chars().nth(60).is_some() {
        cut.push('…');
    }
    format!("<{}>", crate::printable::line(&cut))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_plain_id_passes_and_odd_or_long_ones_say_why() {
        assert_eq!(checked("a.b@x.example").unwrap(), "<a.b@x.example>");
        assert!(checked("a b@x.example").unwrap_err().contains("space"));
        assert!(checked("a\u{1}b@x.example").unwrap_err().contains("U+0001"));
        assert!(checked("ab.x.example").unwrap_err().contains("no `@`"));
        assert!(checked("é@x.example").unwrap_err().contains("ASCII"));
        let long = format!("{}@x.example", "a".repeat(MAX_LEN));
        assert!(checked(&long).unwrap_err().contains("998"));
        let fits = format!("{}@x", "a".repeat(MAX_LEN - 4));
        assert_eq!(checked(&fits).unwrap().len(), MAX_LEN);
        assert_eq!(shown(&"x".repeat(100)).chars().count(), 63);
        assert_eq!(shown("a\u{1b}b"), "<a\\u{1b}b>");
    }
}
