//! What the receiving server said about a message's sender: its
//! `Authentication-Results` header (RFC 8601). Pure.
//!
//! Only the topmost such header is read: it is the one the last server,
//! ours, added. Headers further down were added before the message
//! reached us, by servers we do not run, or forged by the sender.
//!
//! The verdict, for a message whose `From` domain is `from`:
//! - `Fails`: DMARC failed (or Microsoft's composite `compauth`), or
//!   neither DKIM nor SPF passed (and at least one of them was evaluated
//!   and failed);
//! - `Verified`: a DKIM signature passed whose signing domain (`header.d`,
//!   or the domain of `header.i`) has the same registrable domain as
//!   `from` (relaxed alignment, RFC 7489 section 3.1.1);
//! - `Passes`: it passed otherwise (DMARC, or an unaligned DKIM or SPF);
//! - `Unknown`: no header, or nothing in it that says.

use crate::address::registrable;

/// The receiving server's verdict on a sender.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Verdict {
    Fails,
    Unknown,
    Passes,
    Verified,
}

/// One method's result: `dkim=pass header.d=example.com`.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Outcome {
    method: String,
    result: String,
    /// The domain the result is about (`header.d`, `header.i`,
    /// `smtp.mailfrom`, `header.from`), lower case.
    domain: Option<String>,
}

/// The verdict of the topmost `Authentication-Results` value (unfolded,
/// `Message::verdict` finds it), for a message from the domain `from`.
pub fn verdict(topmost: Option<&str>, from: &str) -> Verdict {
    let Some(value) = topmost else {
        return Verdict::Unknown;
    };
    let outcomes = parse(value);
    let result = |method: &str| {
        outcomes
            .iter()
            .filter(|o| o.method == method)
            .map(|o| o.result.as_str())
            .collect::<Vec<_>>()
    };
    let dmarc = result("dmarc");
    // `compauth` is Microsoft's composite verdict on the sender: its
    // failure is a forgery as surely as DMARC's.
    let compauth = result("compauth");
    if dmarc.contains(&"fail") || compauth.contains(&"fail") {
        return Verdict::Fails;
    }
    let from = registrable(from);
    let aligned = outcomes.iter().any(|o| {
        o.method == "dkim"
            && o.result == "pass"
            && from.is_some()
            && o.domain.as_deref().and_then(registrable) == from
    });
    if aligned {
        return Verdict::Verified;
    }
    let dkim = result("dkim");
    let spf = result("spf");
    let passed = |results: &[&str]| results.contains(&"pass");
    let failed = |results: &[&str]| {
        results
            .iter()
            .any(|r| matches!(*r, "fail" | "softfail" | "permerror"))
    };
    if dmarc.contains(&"pass") || passed(&dkim) || passed(&spf) {
        return Verdict::Passes;
    }
    if failed(&dkim) || failed(&spf) {
        return Verdict::Fails;
    }
    Verdict::Unknown
}

/// The `From:` domain `from` (lower case) when the topmost
/// `Authentication-Results` value authenticates it: a DKIM signature or an
/// SPF check that passed for a domain aligned with it (the same
/// registrable domain, relaxed alignment, RFC 7489 section 3.1), or a
/// DMARC pass for it. `None` without the header, when DMARC (or
/// `compauth`) failed, or when nothing aligned passed: a sender that is
/// not authenticated is nobody's in particular.
pub fn authenticated(topmost: Option<&str>, from: &str) -> Option<String> {
    let outcomes = parse(topmost?);
    let failed = |method: &str| {
        outcomes
            .iter()
            .any(|o| o.method == method && o.result == "fail")
    };
    if failed("dmarc") || failed("compauth") {
        return None;
    }
    let wanted = registrable(from)?;
    let aligned = outcomes.iter().any(|o| {
        o.result == "pass"
            && match o.method.as_str() {
                "dkim" | "spf" => {
                    o.domain.as_deref().and_then(registrable).as_ref() == Some(&wanted)
                }
                "dmarc" => o
                    .domain
                    .as_deref()
                    .is_none_or(|d| registrable(d).as_ref() == Some(&wanted)),
                _ => false,
            }
    });
    aligned.then(|| from.to_ascii_lowercase())
}

/// The method results of an `Authentication-Results` value: the
/// authserv-id, then `;`-separated `method=result property=value ...`,
/// with `(comments)` removed.
fn parse(value: &str) -> Vec<Outcome> {
    let mut clean = String::with_capacity(value.len());
    let mut depth = 0usize;
    for c in value.chars() {
        match c {
            '(' => depth += 1,
            ')' => depth = depth.saturating_sub(1),
            c if depth == 0 => clean.push(c),
            _ => {}
        }
    }
    // The first part is the authserv-id (`mx.google.com`); Microsoft's
    // servers leave it out and start with a result (`spf=none ...`).
    clean
        .split(';')
        .filter_map(|part| {
            let mut words = part.split_whitespace();
            let (method, result) = words.next()?.split_once('=')?;
            let mut domain = None;
            for word in words {
                let Some((property, value)) = word.split_once('=') else {
                    continue;
                };
                let value = value.trim_matches('"').to_ascii_lowercase();
                let found = match property.to_ascii_lowercase().as_str() {
                    "header.d" | "header.from" => Some(value),
                    "header.i" | "smtp.mailfrom" => crate::address::domain(&value)
                        .map(str::to_string)
                        .or(Some(value)),
                    _ => None,
                };
                if domain.is_none() {
                    domain = found;
                }
            }
            Some(Outcome {
                method: method.trim().to_ascii_lowercase(),
                result: result.trim().to_ascii_lowercase(),
                domain,
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::Message;

    fn header(value: &str) -> Vec<u8> {
        format!("Received: from x\r\nAuthentication-Results: {value}\r\nFrom: a@b\r\n\r\n")
            .into_bytes()
    }

    fn verdict(header: &[u8], from: &str) -> Verdict {
        Message::headers(header).unwrap().verdict(from)
    }

    #[test]
    fn aligned_dkim_is_verified_and_dmarc_failure_fails() {
        let gmail = "mx.google.com;\r\n       dkim=pass header.i=@mail.typeform.com header.s=s1 header.b=abc;\r\n       spf=pass (google.com: domain of bounce@mail.typeform.com designates 1.2.3.4 as permitted sender) smtp.mailfrom=bounce@mail.typeform.com;\r\n       dmarc=pass (p=NONE sp=NONE dis=NONE) header.from=typeform.com";
        assert_eq!(verdict(&header(gmail), "typeform.com"), Verdict::Verified);
        let forged = "mx.google.com; dkim=none; spf=softfail smtp.mailfrom=evil.example; dmarc=fail (p=REJECT) header.from=github.com";
        assert_eq!(verdict(&header(forged), "github.com"), Verdict::Fails);
        let both = "mx.example.net; dkim=fail header.d=x.example; spf=fail smtp.mailfrom=x.example";
        assert_eq!(verdict(&header(both), "x.example"), Verdict::Fails);
        let unaligned =
            "mx.example.net; dkim=pass header.d=sendgrid.net; spf=pass smtp.mailfrom=sendgrid.net";
        assert_eq!(verdict(&header(unaligned), "acme.example"), Verdict::Passes);
        assert_eq!(verdict(b"From: a@b\r\n\r\n", "b.example"), Verdict::Unknown);
        // Exchange Online writes no authserv-id, and a composite verdict.
        let exchange = "spf=none (sender IP is 89.46.34.234)\r\n smtp.mailfrom=telekom.com; dkim=none (message not signed)\r\n header.d=none;dmarc=none action=none header.from=telekom.com;compauth=fail reason=001";
        assert_eq!(verdict(&header(exchange), "telekom.com"), Verdict::Fails);
    }

    #[test]
    fn the_authenticated_domain_needs_an_aligned_pass() {
        let domain = |value: &str, from: &str| authenticated(Some(value), from);
        // A newsletter through a bulk-mail service, signed for the vendor.
        let aligned = "mx.ours.example; dkim=pass header.d=oldcrm.example header.s=s1; spf=pass smtp.mailfrom=bounces.mailgun.example";
        assert_eq!(
            domain(aligned, "news.OldCRM.example").as_deref(),
            Some("news.oldcrm.example")
        );
        // SPF alone, aligned.
        let spf = "mx.ours.example; dkim=none; spf=pass smtp.mailfrom=bounce@oldcrm.example";
        assert_eq!(
            domain(spf, "oldcrm.example").as_deref(),
            Some("oldcrm.example")
        );
        // Passing for someone else's domain authenticates nobody's From.
        let unaligned =
            "mx.ours.example; dkim=pass header.d=sendgrid.net; spf=pass smtp.mailfrom=sendgrid.net";
        assert_eq!(domain(unaligned, "oldcrm.example"), None);
        // A forged From: DMARC failed even though something passed.
        let forged = "mx.ours.example; dkim=pass header.d=evil.example; spf=pass smtp.mailfrom=evil.example; dmarc=fail header.from=oldcrm.example";
        assert_eq!(domain(forged, "oldcrm.example"), None);
        assert_eq!(authenticated(None, "oldcrm.example"), None);
    }

    #[test]
    fn only_the_topmost_header_counts() {
        let block =
            b"Authentication-Results: mx.ours.example; dmarc=fail header.from=bank.example\r\n\
Authentication-Results: evil.example; dkim=pass header.d=bank.example; dmarc=pass\r\n\r\n";
        assert_eq!(verdict(block, "bank.example"), Verdict::Fails);
    }
}
