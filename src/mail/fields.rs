//! Header fields more than one command reads from a parsed message. Pure.

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
