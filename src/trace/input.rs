//! The leaked addresses, from forwarded phishing: the recipients of each
//! message (`To`, `Cc`, `Delivered-To`, `X-Original-To`), and of each
//! message attached inside it as `message/rfc822`, as people forward them.
//! Pure: bytes in, normalised addresses out; `mail::Message` reads the
//! mail.

use crate::mail::Message;
use crate::subjects::normalise;

/// The recipients of one message and of the messages attached to it
/// (`Message::nested`: every level of a forward, not only the innermost).
pub fn recipients_of_message(raw: &[u8]) -> Option<Vec<String>> {
    let message = Message::parse(raw)?;
    if message.has_no_headers() {
        return None;
    }
    let mut out = Vec::new();
    let nested = message.nested();
    for message in std::iter::once(&message).chain(nested.iter().map(|n| &n.message)) {
        out.extend(message.recipients().iter().filter_map(|a| normalise(a)));
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ORIGINAL: &str = "From: Billing <billing@northwind-login.example>\r\n\
        To: \"Anna\" <Anna.Berg@Example.com>\r\nCc: bo@example.com\r\n\
        Delivered-To: anna.berg@example.com\r\nSubject: Invoice\r\n\r\nPay now.\r\n";

    #[test]
    fn a_message_gives_its_recipients() {
        let found = recipients_of_message(ORIGINAL.as_bytes()).unwrap();
        assert_eq!(
            found,
            [
                "anna.berg@example.com",
                "bo@example.com",
                "anna.berg@example.com"
            ]
        );
    }

    #[test]
    fn a_forward_gives_the_recipients_of_the_attached_original() {
        let forward = format!(
            "From: anna.berg@example.com\r\nTo: privacy@northwind.example\r\nSubject: Fwd\r\n\
             MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n\
             --b\r\nContent-Type: text/plain\r\n\r\nLook at this.\r\n\
             --b\r\nContent-Type: message/rfc822\r\n\r\n{ORIGINAL}\r\n--b--\r\n"
        );
        let found = recipients_of_message(forward.as_bytes()).unwrap();
        assert!(found.contains(&"privacy@northwind.example".to_string()));
        assert!(found.contains(&"bo@example.com".to_string()));
    }
}
