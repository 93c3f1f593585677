//! Whether a message sits in spam or trash, by what mail programs write:
//! Gmail's `X-Gmail-Labels` (Google Takeout), Thunderbird's
//! `X-Mozilla-Status` deleted flag, the receiving server's spam verdict
//! (`X-Spam-Flag: YES`, SpamAssassin's `X-Spam-Status: Yes`, Exchange's
//! spam confidence level `X-MS-Exchange-Organization-SCL` of 5 or more,
//! which Exchange strips from mail arriving from outside), and the folder
//! it was filed in (Maildir `.Junk`, `.Spam`, `.Trash`; mbox files and
//! folders named Junk, Spam, Trash, Deleted Items, ...). Pure.
//!
//! `discover` skips such mail (a phisher is not a vendor); `trace` does
//! not (the phishing it traces is often in spam).

use std::path::Path;

/// Why a message is not ordinary mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bin {
    Spam,
    Trash,
}

/// Folder names, compared without case and a leading `.` or `INBOX.`.
const SPAM_FOLDERS: &[&str] = &[
    "junk",
    "spam",
    "junk e-mail",
    "junk email",
    "bulk mail",
    "[gmail]/spam",
];
const TRASH_FOLDERS: &[&str] = &[
    "trash",
    "deleted items",
    "deleted messages",
    "[gmail]/trash",
    "papierkorb",
    "corbeille",
];

/// Thunderbird's MSG_FLAG_EXPUNGED: deleted, awaiting compaction.
const MOZILLA_EXPUNGED: u32 = 0x0008;

/// The bin a message is in, from its header block and the path of its
/// file (or mbox) below the folder the user gave (`Message::within`).
pub fn bin(header: &[u8], path: &Path) -> Option<Bin> {
    from_folder(path).or_else(|| from_header(header))
}

fn from_folder(path: &Path) -> Option<Bin> {
    path.components().find_map(|part| {
        let name = part.as_os_str().to_string_lossy().to_lowercase();
        let name = name.trim_start_matches('.').trim_start_matches("inbox.");
        let name = name.strip_suffix(".mbox").unwrap_or(name);
        if SPAM_FOLDERS.contains(&name) {
            Some(Bin::Spam)
        } else if TRASH_FOLDERS.contains(&name) {
            Some(Bin::Trash)
        } else {
            None
        }
    })
}

fn from_header(header: &[u8]) -> Option<Bin> {
    let text = String::from_utf8_lossy(header);
    let mut found = None;
    let mut lines = text
        .split('\n')
        .map(|l| l.trim_end_matches('\r'))
        .peekable();
    while let Some(line) = lines.next() {
        let Some((name, value)) = line.split_once(':') else {
            continue;
        };
        let mut value = value.trim().to_string();
        while let Some(next) = lines.peek().filter(|l| l.starts_with([' ', '\t'])) {
            value.push(' ');
            value.push_str(next.trim());
            lines.next();
        }
        match name.trim().to_ascii_lowercase().as_str() {
            "x-gmail-labels" => {
                for label in value.split(',').map(|l| l.trim().to_ascii_lowercase()) {
                    match label.as_str() {
                        "spam" => return Some(Bin::Spam),
                        "trash" => found = Some(Bin::Trash),
                        _ => {}
                    }
                }
            }
            "x-spam-flag" if value.eq_ignore_ascii_case("yes") => return Some(Bin::Spam),
            "x-spam-status" if value.to_ascii_lowercase().starts_with("yes") => {
                return Some(Bin::Spam);
            }
            // Exchange's spam confidence: 5 and 6 spam, 9 high confidence;
            // -1 trusted, 0 and 1 not spam.
            "x-ms-exchange-organization-scl"
                if value.trim().parse::<i32>().is_ok_and(|scl| scl >= 5) =>
            {
                return Some(Bin::Spam);
            }
            "x-mozilla-status"
                if u32::from_str_radix(value.trim(), 16)
                    .is_ok_and(|f| f & MOZILLA_EXPUNGED != 0) =>
            {
                found = found.or(Some(Bin::Trash));
            }
            _ => {}
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_flags_and_folders() {
        let p = Path::new("All mail.mbox");
        assert_eq!(
            bin(b"X-Gmail-Labels: Inbox,Spam,Unread\r\n", p),
            Some(Bin::Spam)
        );
        assert_eq!(
            bin(b"X-Gmail-Labels: Trash,\r\n Opened\r\n", p),
            Some(Bin::Trash)
        );
        assert_eq!(bin(b"X-Gmail-Labels: Inbox,Category Updates\r\n", p), None);
        assert_eq!(bin(b"X-Spam-Flag: YES\r\n", p), Some(Bin::Spam));
        assert_eq!(bin(b"X-Spam-Flag: NO\r\n", p), None);
        assert_eq!(
            bin(b"X-Spam-Status: Yes, score=7.1\r\n", p),
            Some(Bin::Spam)
        );
        assert_eq!(bin(b"X-Spam-Status: No, score=0.1\r\n", p), None);
        assert_eq!(
            bin(b"X-MS-Exchange-Organization-SCL: 9\r\n", p),
            Some(Bin::Spam)
        );
        assert_eq!(bin(b"X-MS-Exchange-Organization-SCL: 1\r\n", p), None);
        assert_eq!(bin(b"X-MS-Exchange-Organization-SCL: -1\r\n", p), None);
        assert_eq!(bin(b"X-Mozilla-Status: 0009\r\n", p), Some(Bin::Trash));
        assert_eq!(bin(b"X-Mozilla-Status: 0001\r\n", p), None);
        assert_eq!(bin(b"", Path::new("Maildir/.Junk/cur/1")), Some(Bin::Spam));
        assert_eq!(
            bin(b"", Path::new("Maildir/.INBOX.Trash/cur/1")),
            Some(Bin::Trash)
        );
        assert_eq!(
            bin(b"", Path::new("Mail/Deleted Items.mbox")),
            Some(Bin::Trash)
        );
        assert_eq!(bin(b"", Path::new("Maildir/cur/1")), None);
    }
}
