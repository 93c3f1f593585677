//! The sending hop of a message: the first `Received:` field, read from
//! the top (the newest), whose sending side is not ours. Our own relays
//! are skipped: a private or loopback address, a host under one of our
//! domains, or a hop inside one provider (a host and the server that
//! received from it under the same registrable domain, as Microsoft 365
//! and Google relay inside their own networks).

use std::net::IpAddr;

use crate::address::registrable;
use crate::mail::message::{Host, Received};

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
    /// Found through the receiving server's SPF check rather than the
    /// `Received:` chain (a chain inside one provider from end to end).
    pub from_spf: bool,
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
        line.push_str(if self.from_spf {
            " (the address your server's SPF check names: the chain runs inside one provider)"
        } else {
            " (the first hop outside your servers)"
        });
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

/// A field's greeting name, the sender's host name (its reverse DNS name,
/// else its greeting) and the receiving server's name.
fn names(field: &Received<'_>) -> (Option<String>, Option<String>, Option<String>) {
    let helo = field.helo.as_ref().or(field.from.as_ref()).and_then(name);
    let rdns = field
        .from_iprev
        .as_deref()
        .map(|n| n.trim().trim_end_matches('.').to_ascii_lowercase())
        .filter(|n| !n.is_empty() && n != "unknown");
    let host = rdns.or_else(|| helo.clone());
    (helo, host, field.by.as_ref().and_then(name))
}

/// The first hop whose sender is outside `own` (our registrable domains).
/// `provider` names the provider a host belongs to (the fingerprints'
/// `by_host`): a hop between two hosts of one provider is inside it, as
/// Microsoft 365's `protection.outlook.com` handing to `office365.com`.
pub fn first_outside<'a>(
    received: impl Iterator<Item = &'a Received<'a>>,
    own: &[String],
    provider: &dyn Fn(&str) -> Option<String>,
) -> Option<Hop> {
    for field in received {
        let ip = field.from_ip.or(match &field.from {
            Some(Host::IpAddr(ip)) => Some(*ip),
            _ => None,
        });
        let (helo, host, by) = names(field);
        // A field without a sending address (`Received: by ...`, a local
        // pickup) says nothing about the sender.
        let Some(address) = ip else { continue };
        let domain_of = |h: &Option<String>| h.as_deref().and_then(registrable);
        let inside_one_provider = || match (host.as_deref(), by.as_deref()) {
            (Some(from), Some(to)) => {
                let from = provider(from);
                from.is_some() && from == provider(to)
            }
            _ => false,
        };
        let ours = !is_public(address)
            || domain_of(&host).is_some_and(|d| own.contains(&d))
            || (domain_of(&host).is_some() && domain_of(&host) == domain_of(&by))
            || inside_one_provider();
        if ours {
            continue;
        }
        return Some(Hop {
            ip: Some(address),
            host,
            helo,
            by,
            from_spf: false,
        });
    }
    None
}

/// The sending address the receiving server's SPF check recorded, from
/// the topmost field that names one: `Received-SPF: ... client-ip=IP`
/// (RFC 7208 §9.1) or Microsoft's `Authentication-Results: spf=... (sender
/// IP is IP)`.
pub fn spf_client(fields: &[(String, String)]) -> Option<IpAddr> {
    fields.iter().find_map(|(name, value)| {
        let lower = value.to_ascii_lowercase();
        let after = match name.to_ascii_lowercase().as_str() {
            "received-spf" => lower.split("client-ip=").nth(1)?,
            "authentication-results" => lower.split("sender ip is ").nth(1)?,
            _ => return None,
        };
        let ip: String = after
            .chars()
            .take_while(|c| c.is_ascii_hexdigit() || *c == '.' || *c == ':')
            .collect();
        ip.parse().ok().filter(|ip| is_public(*ip))
    })
}

/// The hop of `received` whose sending address is `ip`, else a hop with
/// the address alone.
pub fn at_address<'a>(received: impl Iterator<Item = &'a Received<'a>>, ip: IpAddr) -> Hop {
    received
        .filter(|field| field.from_ip == Some(ip))
        .map(|field| {
            let (helo, host, by) = names(field);
            Hop {
                ip: Some(ip),
                host,
                helo,
                by,
                from_spf: true,
            }
        })
        .next()
        .unwrap_or(Hop {
            ip: Some(ip),
            host: None,
            helo: None,
            by: None,
            from_spf: true,
        })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::mail::Message;

    fn hop(headers: &str, own: &[&str]) -> Option<Hop> {
        let raw = format!("{headers}From: a@b.example\r\nSubject: x\r\n\r\nbody\r\n");
        let message = Message::parse(raw.as_bytes()).unwrap();
        let own: Vec<String> = own.iter().map(|s| s.to_string()).collect();
        let table = crate::discover::fingerprints::Fingerprints::built_in();
        first_outside(message.received(), &own, &|host| {
            table.by_host(host).map(|f| f.name.clone())
        })
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
        // Microsoft 365's frontends hand over to its mailbox servers under
        // another domain: still inside; the sender is the hop below.
        let microsoft = hop(
            "Received: from VI1EUR05FT048.eop-eur05.prod.protection.outlook.com\r\n\
             \t(2603:10a6:20b:100::4) by AM7PR02CA0005.outlook.office365.com\r\n\
             \t(2603:10a6:20b:100::15) with Microsoft SMTP Server; Thu, 3 Nov 2022 04:56:15 +0000\r\n\
             Received: from dturm.example (57.128.69.202) by\r\n\
             \tVI1EUR05FT048.mail.protection.outlook.com (10.233.243.105) with Microsoft SMTP\r\n\
             \tServer id 15.20.5791.20; Thu, 3 Nov 2022 04:56:15 +0000\r\n",
            &["northwind.example"],
        )
        .unwrap();
        assert_eq!(microsoft.ip, "57.128.69.202".parse().ok());
        assert_eq!(microsoft.host.as_deref(), Some("dturm.example"));
        assert_eq!(
            hop("Received: by 2002:a05:6a20:1; Fri, 27 Nov 2026\r\n", &[]),
            None
        );
    }

    #[test]
    fn a_chain_inside_one_provider_falls_back_to_the_spf_check() {
        let raw = "Received: from SN7PR19MB4784.namprd19.prod.outlook.com (2603:10b6:806:f7::12)\r\n\
             \tby MN0PR19MB6312.namprd19.prod.outlook.com with HTTPS; Tue, 15 Aug 2023 15:25:53 +0000\r\n\
             Authentication-Results: spf=pass (sender IP is 40.92.20.10)\r\n\
             \tsmtp.mailfrom=hotmail.example; dkim=pass\r\n\
             Received-SPF: Pass (protection.outlook.com: domain of hotmail.example designates\r\n\
             \t40.92.20.10 as permitted sender) receiver=protection.outlook.com;\r\n\
             \tclient-ip=40.92.20.10; helo=NAM11-BN8-obe.outbound.protection.outlook.com;\r\n\
             Received: from NAM11-BN8-obe.outbound.protection.outlook.com (40.92.20.10) by\r\n\
             \tDB8EUR06FT022.mail.protection.outlook.com (10.233.253.31) with Microsoft SMTP\r\n\
             \tServer; Tue, 15 Aug 2023 15:25:51 +0000\r\n\
             From: a@b.example\r\nSubject: x\r\n\r\nbody\r\n";
        let message = Message::parse(raw.as_bytes()).unwrap();
        let table = crate::discover::fingerprints::Fingerprints::built_in();
        let provider = |host: &str| table.by_host(host).map(|f| f.name.clone());
        assert_eq!(first_outside(message.received(), &[], &provider), None);
        let fields: Vec<(String, String)> = message
            .unfolded_headers()
            .map(|(name, value)| (name.to_string(), value))
            .collect();
        let ip = spf_client(&fields).unwrap();
        assert_eq!(ip, "40.92.20.10".parse::<IpAddr>().unwrap());
        let hop = at_address(message.received(), ip);
        assert!(hop.from_spf);
        assert_eq!(
            hop.host.as_deref(),
            Some("nam11-bn8-obe.outbound.protection.outlook.com")
        );
        assert!(hop.describe().contains("SPF check"), "{}", hop.describe());
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
