//! The sending hop of a message: the first `Received:` field, read from
//! the top (the newest), whose sending side is not ours. Our own relays
//! are skipped: a private or loopback address, a host under one of our
//! domains, or a hop inside one provider (a host and the server that
//! received from it under the same registrable domain, as Microsoft 365
//! and Google relay inside their own networks).

use std::net::IpAddr;

use mail_parser::{Host, Received};

use crate::online::domains::registrable;

/// One hop: who handed the message over, as the receiving server wrote
/// it down.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hop {
    /// The address it connected from.
    pub ip: Option<IpAddr>,
    /// Its host name: the reverse DNS name the receiving server looked up,
    /// else the name it greeted with (which the sender chooses).
    pub host: Option<String>,
    /// The name it greeted with (`HELO`/`EHLO`).
    pub helo: Option<String>,
    /// The server that received it.
    pub by: Option<String>,
}

impl Hop {
    /// The hop as a line of evidence.
    pub fn describe(&self) -> String {
        let mut line = String::from("Received: from");
        if let Some(helo) = &self.helo {
            line.push_str(&format!(" {helo}"));
        }
        match (&self.host, self.ip) {
            (Some(host), Some(ip)) if Some(host) != self.helo.as_ref() => {
                line.push_str(&format!(" ({host} [{ip}])"))
            }
            (_, Some(ip)) => line.push_str(&format!(" [{ip}]")),
            (Some(host), None) if Some(host) != self.helo.as_ref() => {
                line.push_str(&format!(" ({host})"))
            }
            _ => {}
        }
        if let Some(by) = &self.by {
            line.push_str(&format!(" by {by}"));
        }
        line.push_str(" (the first hop outside your servers)");
        crate::printable::line(&line).into_owned()
    }
}

/// Whether `ip` is an address on the internet: not private, loopback,
/// link-local, shared (RFC 6598), unspecified or unique-local.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_private()
                || v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || a == 0
                || (a == 100 && (64..128).contains(&b)))
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80)
        }
    }
}

fn name(host: &Host<'_>) -> Option<String> {
    match host {
        Host::Name(name) => {
            let name = name.trim().trim_end_matches('.').to_ascii_lowercase();
            (!name.is_empty() && name != "unknown").then_some(name)
        }
        Host::IpAddr(_) => None,
    }
}

/// The first hop whose sender is outside `own` (our registrable domains).
pub fn first_outside<'a>(
    received: impl Iterator<Item = &'a Received<'a>>,
    own: &[String],
) -> Option<Hop> {
    for field in received {
        let ip = field.from_ip.or(match &field.from {
            Some(Host::IpAddr(ip)) => Some(*ip),
            _ => None,
        });
        let helo = field.helo.as_ref().or(field.from.as_ref()).and_then(name);
        let rdns = field
            .from_iprev
            .as_deref()
            .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
            .filter(|n| !n.is_empty() && n != "unknown");
        let host = rdns.or_else(|| helo.clone());
        let by = field.by.as_ref().and_then(name);
        // A field without a sending address (`Received: by ...`, a local
        // pickup) says nothing about the sender.
        let Some(address) = ip else { continue };
        let domain_of = |h: &Option<String>| h.as_deref().and_then(registrable);
        let ours = !is_public(address)
            || domain_of(&host).is_some_and(|d| own.contains(&d))
            || (domain_of(&host).is_some() && domain_of(&host) == domain_of(&by));
        if ours {
            continue;
        }
        return Some(Hop {
            ip: Some(address),
            host,
            helo,
            by,
        });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MessageParser;

    fn hop(headers: &str, own: &[&str]) -> Option<Hop> {
        let raw = format!("{headers}From: a@b.example\r\nSubject: x\r\n\r\nbody\r\n");
        let message = MessageParser::default().parse(raw.as_bytes()).unwrap();
        let own: Vec<String> = own.iter().map(|s| s.to_string()).collect();
        first_outside(message.received_all(), &own)
    }

    #[test]
    fn postfix_exim_and_a_bare_address() {
        let postfix = hop(
            "Received: from o1.ptr2345.sendgrid.net (o1.ptr2345.sendgrid.net [149.72.1.2])\r\n\
             \tby mx.northwind.example (Postfix) with ESMTPS id 4N1x; Fri, 27 Nov 2026 09:14:03 +0100 (CET)\r\n",
            &["northwind.example"],
        )
        .unwrap();
        assert_eq!(postfix.ip, "149.72.1.2".parse().ok());
        assert_eq!(postfix.host.as_deref(), Some("o1.ptr2345.sendgrid.net"));
        assert_eq!(postfix.by.as_deref(), Some("mx.northwind.example"));
        assert!(
            postfix.describe().contains("[149.72.1.2]"),
            "{}",
            postfix.describe()
        );

        let exim = hop(
            "Received: from [203.0.113.45] (helo=WIN-8K2L3)\r\n\tby mx.northwind.example with esmtp (Exim 4.96)\r\n\
             \tid 1t2; Fri, 27 Nov 2026 09:14:03 +0100\r\n",
            &["northwind.example"],
        )
        .unwrap();
        assert_eq!(exim.ip, "203.0.113.45".parse().ok());
    }

    #[test]
    fn our_own_relays_and_a_providers_inner_hops_are_skipped() {
        let chain = "Received: from mail.northwind.example (mail.northwind.example [10.1.2.3])\r\n\
             \tby gw.northwind.example; Fri, 27 Nov 2026 09:15:00 +0100\r\n\
             Received: from DM6PR11MB1234.namprd11.prod.outlook.com (2603:10b6:5:1a::12)\r\n\
             \tby DM6PR11MB9999.namprd11.prod.outlook.com with HTTPS; Fri, 27 Nov 2026 08:14:59 +0000\r\n\
             Received: from mx.relay.example (mx.relay.example [198.51.100.25])\r\n\
             \tby mx.northwind.example (Postfix); Fri, 27 Nov 2026 09:14:03 +0100\r\n\
             Received: from [192.168.1.5] by bot.example; Fri, 27 Nov 2026 08:10:00 +0000\r\n";
        let found = hop(chain, &["northwind.example"]).unwrap();
        assert_eq!(found.ip, "198.51.100.25".parse().ok());
        assert_eq!(found.host.as_deref(), Some("mx.relay.example"));
        assert_eq!(
            hop("Received: by 2002:a05:6a20:1; Fri, 27 Nov 2026\r\n", &[]),
            None
        );
    }

    #[test]
    fn public_addresses() {
        for private in [
            "10.0.0.1",
            "192.168.0.1",
            "127.0.0.1",
            "100.64.0.1",
            "169.254.1.1",
            "::1",
            "fd00::1",
            "fe80::1",
            "::ffff:10.0.0.1",
        ] {
            assert!(!is_public(private.parse().unwrap()), "{private}");
        }
        for public in ["149.72.1.2", "198.51.100.7", "2001:db8::1", "54.240.8.12"] {
            assert!(is_public(public.parse().unwrap()), "{public}");
        }
    }
}
