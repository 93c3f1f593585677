//! Header fields more than one command reads from a parsed message, and
//! the originals a forward carries. Pure.

use mail_parser::{HeaderValue, Message};

/// The addresses a message was delivered to, as written: `To`, `Cc`,
/// `Delivered-To` and `X-Original-To`, in header order. `trace` takes the
/// leaked addresses from them, `inbox` the plus tag that names a vendor.
pub fn recipients(message: &Message<'_>) -> Vec<String> {
    let mut out = Vec::new();
    for header in message.headers() {
        let name = header.name.as_str();
        let wanted = ["to", "cc", "delivered-to", "x-original-to"]
            .iter()
            .any(|w| name.eq_ignore_ascii_case(w));
        if !wanted {
            continue;
        }
        match &header.value {
            HeaderValue::Address(address) => {
                out.extend(address.iter().filter_map(|a| a.address()).map(String::from));
            }
            HeaderValue::Text(text) => out.extend(text.split(',').map(|t| t.trim().to_string())),
            HeaderValue::TextList(list) => out.extend(list.iter().map(|t| t.trim().to_string())),
            _ => {}
        }
    }
    out
}

/// How deep forwards of forwards are opened.
const MAX_FORWARDS: usize = 4;

/// The originals a forward carries: the messages attached to `message` as
/// `message/rfc822`, and for a forward of a forward theirs in turn, down
/// to the innermost (at most `MAX_FORWARDS` deep). Empty when `message`
/// is no forward. `phish` reads these, and the abuse letters attach them,
/// instead of the colleague's forward around them.
pub fn forwarded<'a>(message: &'a Message<'a>) -> Vec<&'a Message<'a>> {
    let mut out = Vec::new();
    collect_forwarded(message, &mut out, 0);
    out
}

fn collect_forwarded<'a>(message: &'a Message<'a>, out: &mut Vec<&'a Message<'a>>, depth: usize) {
    if depth >= MAX_FORWARDS {
        return;
    }
    for inner in message.attachments().filter_map(|part| part.message()) {
        let before = out.len();
        collect_forwarded(inner, out, depth + 1);
        if out.len() == before {
            out.push(inner);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn wrap(inner: &str, n: u32) -> String {
        format!(
            "From: fwd{n}@northwind.example\r\nSubject: Fwd\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=\"b{n}\"\r\n\r\n--b{n}\r\n\
             Content-Type: text/plain\r\n\r\nSee attached.\r\n--b{n}\r\n\
             Content-Type: message/rfc822\r\n\r\n{inner}\r\n--b{n}--\r\n"
        )
    }

    #[test]
    fn a_forward_of_a_forward_gives_the_innermost_original() {
        let original = "From: billing@evil.example\r\nSubject: Pay\r\n\r\nPay now.\r\n";
        let twice = wrap(&wrap(original, 1), 2);
        let message = MessageParser::default().parse(twice.as_bytes()).unwrap();
        let found = forwarded(&message);
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].subject(), Some("Pay"));
        let plain = MessageParser::default().parse(original.as_bytes()).unwrap();
        assert!(forwarded(&plain).is_empty());
        // Deeper than MAX_FORWARDS: the deepest opened stands.
        let mut deep = original.to_string();
        for n in 0..6 {
            deep = wrap(&deep, n);
        }
        let message = MessageParser::default().parse(deep.as_bytes()).unwrap();
        assert_eq!(forwarded(&message).len(), 1);
    }
}
