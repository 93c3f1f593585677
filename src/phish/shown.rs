//! The names `linger phish` shows a person. Every name in a phishing
//! mail is the phisher's to choose (the `From` and link domains, the
//! sending host's greeting and reverse name, the `Return-Path` and DKIM
//! `d=` domains), so a name is shown as it is only when it is known to be
//! harmless: under one of our domains, or a known sending service's (the
//! fingerprints' mail domains, the rule that keeps a name off the phishing
//! list). Every other name is defanged (`evil[.]example`), whatever dots
//! it is written with. Pure.
//!
//! Known services' names are those the fingerprints match as a host
//! (`by_host`: a CNAME target such as Brevo's `sendibt2.com`, or a mail
//! domain).

use crate::address::registrable;
use crate::discover::fingerprints::Fingerprints;
use crate::mail::defang::{DOTS, defang};

/// Decides, for one run, which names are shown as they are.
pub struct Shown<'a> {
    own: &'a [String],
    table: &'a Fingerprints,
}

impl<'a> Shown<'a> {
    pub fn new(own: &'a [String], table: &'a Fingerprints) -> Self {
        Shown { own, table }
    }

    /// Whether `name` is ours or a known service's.
    pub fn harmless(&self, name: &str) -> bool {
        let name: String = name
            .chars()
            .map(|c| if DOTS.contains(&c) { '.' } else { c })
            .collect();
        self.table.by_host(&name).is_some()
            || registrable(&name).is_some_and(|domain| {
                self.own.contains(&domain) || self.table.by_mail_domain(&domain).is_some()
            })
    }

    /// A host name, as shown: as it is when harmless, else defanged.
    pub fn name(&self, name: &str) -> String {
        if self.harmless(name) {
            crate::printable::line(name).into_owned()
        } else {
            defang(name)
        }
    }

    /// A line of text (a clue, an error) with each name in it shown as
    /// `name` shows it. A word with a dot of any kind is a name unless it
    /// is an address; a word with `://` is a link, always defanged.
    pub fn text(&self, text: &str) -> String {
        let mut out = String::with_capacity(text.len() + 16);
        let mut word = String::new();
        let flush = |word: &mut String, out: &mut String| {
            if !word.is_empty() {
                out.push_str(&self.word(word));
                word.clear();
            }
        };
        for c in text.chars() {
            if c.is_whitespace() || "()[]<>,;\"'`=".contains(c) {
                flush(&mut word, &mut out);
                out.push(c);
            } else {
                word.push(c);
            }
        }
        flush(&mut word, &mut out);
        crate::printable::line(&out).into_owned()
    }

    fn word(&self, word: &str) -> String {
        // A sentence's full stop or colon is not part of the name.
        let bare = word.trim_end_matches(['.', ':', '!', '?']);
        let tail = &word[bare.len()..];
        let named = bare.contains(DOTS) || bare.contains("%2e") || bare.contains("%2E");
        if bare.contains("://") || bare.contains("&#") {
            return defang(word);
        }
        if !named || bare.parse::<std::net::IpAddr>().is_ok() {
            return word.to_string();
        }
        // An address is judged by its domain, when its local part names
        // nothing.
        let (local, host) = crate::address::split(bare).unwrap_or(("", bare));
        if !local.contains(DOTS) && self.harmless(host) {
            word.to_string()
        } else {
            format!("{}{tail}", defang(bare))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_ours_and_known_services_are_shown_as_they_are() {
        let table = Fingerprints::built_in();
        let own = vec!["northwind.example".to_string()];
        let shown = Shown::new(&own, &table);
        assert_eq!(
            shown.name("o4.ptr8112.sendgrid.net"),
            "o4.ptr8112.sendgrid.net"
        );
        assert_eq!(shown.name("mx1.northwind.example"), "mx1.northwind.example");
        assert_eq!(shown.name("m109.sendibt2.com"), "m109.sendibt2.com");
        assert_eq!(
            shown.name("mta7.northwind-secure-login.example"),
            "mta7[.]northwind-secure-login[.]example"
        );
        assert_eq!(shown.name("evil\u{3002}example"), "evil[.]example");
        // A greeting name with no dot is no link.
        assert_eq!(shown.name("win-8k2l3q7"), "win-8k2l3q7");
        assert_eq!(
            shown.text(
                "Received: from mta7.evil.example (mta7.evil.example [203.0.113.9]) by mx1.northwind.example (the first hop outside your servers)"
            ),
            "Received: from mta7[.]evil[.]example (mta7[.]evil[.]example [203.0.113.9]) by mx1.northwind.example (the first hop outside your servers)"
        );
        assert_eq!(
            shown.text("DKIM-Signature d=Signer\u{ff0e}Evil.example"),
            "DKIM-Signature d=Signer[.]Evil[.]example"
        );
        assert_eq!(
            shown.text("Return-Path domain bounce.evil.example."),
            "Return-Path domain bounce[.]evil[.]example."
        );
        assert_eq!(
            shown.text("DKIM-Signature d=sendgrid.net (points at SendGrid)"),
            "DKIM-Signature d=sendgrid.net (points at SendGrid)"
        );
        assert_eq!(
            shown.text("abuse@sendgrid.net evil.example@sendgrid.net"),
            "abuse@sendgrid.net evil[.]example@sendgrid[.]net"
        );
        assert_eq!(
            shown.text("timed out: https://rdap.example/domain/evil.example"),
            "timed out: hxxps://rdap[.]example/domain/evil[.]example"
        );
        assert_eq!(
            shown.text("no RDAP server is known for `evil.zz`'s top-level domain"),
            "no RDAP server is known for `evil[.]zz`'s top-level domain"
        );
    }
}
