//! The leaked addresses, from forwarded phishing: the recipients of each
//! message (`To`, `Cc`, `Delivered-To`, `X-Original-To`), and of each
//! message attached inside it as `message/rfc822`, as people forward them.
//! Pure: bytes in, normalised addresses out; `mail-parser` reads the mail.

use mail_parser::{Message, MessageParser};

use crate::subjects::normalise;

/// The recipients of one message and of the messages attached to it.
pub fn recipients_of_message(raw: &[u8]) -> Option<Vec<String>> {
    let message = MessageParser::default().parse(raw)?;
    if message.headers().is_empty() {
        return None;
    }
    let mut out = Vec::new();
    collect(&message, &mut out, 0);
    Some(out)
}

fn collect(message: &Message<'_>, out: &mut Vec<String>, depth: usize) {
    out.extend(
        crate::mail::fields::recipients(message)
            .iter()
            .filter_map(|a| normalise(a)),
    );
    // A forwarded original, attached whole; nested forwards go a few deep.
    if depth < 4 {
        for part in message.attachments() {
            if let Some(inner) = part.message() {
                collect(inner, out, depth + 1);
            }
        }
    }
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
