//! Which `From ` lines start a message in an mbox file. Pure.
//!
//! mbox writers disagree: some put a blank line before each separator,
//! Netscape and early Eudora did not; some quote a body line that begins
//! with `From ` (`>From `), others leave it. So a line starts a message
//! when it reads as a separator, the way mutt's `is_from()` decides:
//! `From `, a sender (an address, `-`, `MAILER-DAEMON`, a quoted local
//! part), then a date with a month name, a day, a time and a year, in
//! asctime order (`Mon Jun 10 12:34:56 1996`) or the RFC 5322 order some
//! tools write (`Mon, 10 Jun 1996 12:34:56 +0000`). A body line such as
//! `From here on, ...` has no such date and stays body, blank line before
//! it or not.

const MONTHS: [&str; 12] = [
    "jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec",
];

/// Whether `line` (with or without its line ending) is an mbox separator.
///
/// ```
/// use linger::mail::separator::is_from;
/// assert!(is_from(b"From - Mon Jun 10 12:34:56 1996\n"));
/// assert!(is_from(b"From 1234@xxx Sat Jan 21 09:00:01 +0000 2023\r\n"));
/// assert!(!is_from(b"From here on, the price is 10 EUR.\n"));
/// ```
pub fn is_from(line: &[u8]) -> bool {
    let Some(rest) = line.strip_prefix(b"From ") else {
        return false;
    };
    // Separators are short; a long line is body.
    if rest.len() > 512 {
        return false;
    }
    let rest = String::from_utf8_lossy(rest);
    let Some(after_sender) = skip_sender(rest.trim_start()) else {
        return false;
    };
    let tokens: Vec<&str> = after_sender
        .split(|c: char| c.is_whitespace() || c == ',')
        .filter(|t| !t.is_empty())
        .collect();
    let Some(month) = tokens.iter().position(|t| is_month(t)) else {
        return false;
    };
    let day_next = tokens.get(month + 1).is_some_and(|t| is_day(t));
    let day_before = month > 0 && is_day(tokens[month - 1]);
    if !day_next && !day_before {
        return false;
    }
    let after_day = if day_next { month + 2 } else { month + 1 };
    let rest = tokens.get(after_day..).unwrap_or_default();
    let time = rest.iter().position(|t| is_time(t));
    let year = tokens[month..].iter().any(|t| is_year(t));
    time.is_some() && year
}

/// What follows the sender: a quoted local part may hold spaces.
fn skip_sender(text: &str) -> Option<&str> {
    if text.is_empty() {
        return None;
    }
    if let Some(quoted) = text.strip_prefix('"') {
        let end = quoted.find('"')?;
        let after = &quoted[end + 1..];
        let space = after.find(char::is_whitespace)?;
        return Some(&after[space..]);
    }
    let space = text.find(char::is_whitespace)?;
    Some(&text[space..])
}

fn is_month(token: &str) -> bool {
    token.len() == 3 && MONTHS.iter().any(|m| token.eq_ignore_ascii_case(m))
}

fn is_day(token: &str) -> bool {
    (1..=2).contains(&token.len())
        && token.bytes().all(|b| b.is_ascii_digit())
        && token.parse::<u8>().is_ok_and(|d| (1..=31).contains(&d))
}

/// `h:mm`, `hh:mm` or `hh:mm:ss`.
fn is_time(token: &str) -> bool {
    let parts: Vec<&str> = token.split(':').collect();
    (2..=3).contains(&parts.len())
        && (1..=2).contains(&parts[0].len())
        && parts[1..].iter().all(|p| p.len() == 2)
        && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
}

/// A four-digit year, or a two-digit one (`Sun Jan 21 10:00 96`).
fn is_year(token: &str) -> bool {
    matches!(token.len(), 2 | 4) && token.bytes().all(|b| b.is_ascii_digit())
}

#[cfg(test)]
mod tests {
    use super::is_from;

    #[test]
    fn separators_of_every_writer_are_recognised() {
        for line in [
            "From MAILER-DAEMON Fri Jul  8 12:08:34 2011",
            "From - Mon Jun 10 12:34:56 1996",
            "From 1781234567890123456@xxx Thu Nov 05 10:00:00 +0000 2026",
            "From jdoe@example.com Tue Mar  3 10:00 2020",
            "From \"john doe\"@example.com Tue Mar  3 10:00:00 2020",
            "From bounce@mail.example Mon, 10 Jun 1996 12:34:56 +0000",
            "From someone Sun Jan 21 10:00:00 MET DST 1996",
        ] {
            assert!(is_from(line.as_bytes()), "{line}");
        }
    }

    #[test]
    fn body_lines_that_begin_with_from_are_not() {
        for line in [
            "From here on, the price is 10 EUR.",
            "From the desk of the CEO",
            "From: someone@example.com",
            "From ",
            "From Mar 3",
            "from - Mon Jun 10 12:34:56 1996",
            "From Jan 12 to Feb 14 we are closed",
        ] {
            assert!(!is_from(line.as_bytes()), "{line}");
        }
    }
}
