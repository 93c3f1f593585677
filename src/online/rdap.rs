//! RDAP, the registration data of domains and of IP networks: IANA's
//! bootstrap files (which server answers for which top-level domain, and
//! which regional internet registry for which address block), a
//! registry's answer about one domain (when it was registered, by which
//! registrar, and that registrar's abuse contact), and a registry's answer
//! about the network an address belongs to (its name and abuse contact).
//! Abuse contacts come only from here: never from memory.

use std::net::IpAddr;

use chrono::NaiveDate;
use serde::Deserialize;
use serde_json::Value;
use url::Url;

/// IANA's map from top-level domains to RDAP servers.
#[derive(Debug, Clone, Default)]
pub struct Bootstrap {
    /// (suffix, server) pairs; a suffix is one or more labels, lower case.
    servers: Vec<(String, Url)>,
}

#[derive(Deserialize)]
struct WireBootstrap {
    services: Vec<(Vec<String>, Vec<String>)>,
}

impl Bootstrap {
    pub fn parse(body: &str) -> Result<Self, String> {
        let wire: WireBootstrap = serde_json::from_str(body)
            .map_err(|err| format!("the RDAP bootstrap is not IANA's `services` JSON ({err})"))?;
        let mut servers = Vec::new();
        for (suffixes, urls) in wire.services {
            let Some(url) = preferred(&urls) else {
                continue;
            };
            for suffix in suffixes {
                servers.push((suffix.trim_matches('.').to_ascii_lowercase(), url.clone()));
            }
        }
        Ok(Self { servers })
    }

    /// The server for `domain`: the one for its longest listed suffix.
    pub fn server_for(&self, domain: &str) -> Option<&Url> {
        let domain = domain.to_ascii_lowercase();
        self.servers
            .iter()
            .filter(|(suffix, _)| domain == *suffix || domain.ends_with(&format!(".{suffix}")))
            .max_by_key(|(suffix, _)| suffix.len())
            .map(|(_, url)| url)
    }
}

/// The server of a bootstrap entry: an https one, as RFC 9224 asks
/// clients to prefer, else the first.
fn preferred(urls: &[String]) -> Option<Url> {
    urls.iter()
        .find(|u| u.starts_with("https:"))
        .or(urls.first())
        .and_then(|u| Url::parse(u).ok())
}

/// The URL that asks `server` about `domain`.
pub fn domain_url(server: &Url, domain: &str) -> Result<Url, String> {
    query(server, &format!("domain/{domain}"))
}

/// `path` under `server`, whose path is a folder whether or not the
/// bootstrap wrote its closing slash (RFC 9224 §3 says it should).
fn query(server: &Url, path: &str) -> Result<Url, String> {
    let mut base = server.clone();
    if !base.path().ends_with('/') {
        base.set_path(&format!("{}/", base.path()));
    }
    base.join(path)
        .map_err(|err| format!("cannot make an RDAP address from `{server}`: {err}"))
}

/// What a registry says about a domain.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Registration {
    /// The registry does not know the domain (404): anyone may register it.
    NotRegistered,
    Registered {
        /// The `registration` event, when the registry gives one.
        on: Option<NaiveDate>,
        registrar: Option<String>,
        /// The e-mail address of the `abuse` entity under the `registrar`
        /// entity, as the ICANN RDAP profile puts it.
        registrar_abuse: Option<String>,
        /// The registrar's own RDAP record of the domain: the `related`
        /// link a registry gives (ICANN's RDAP Response Profile) for the
        /// registrar's answer, which may hold what the registry's lacks.
        registrar_rdap: Option<Url>,
    },
}

impl Registration {
    /// The registry's answer, its missing registrar name and abuse
    /// contact taken from the registrar's own record. The registration
    /// date stays the registry's: it is the authority on that.
    pub fn completed_by(self, registrar_record: Registration) -> Registration {
        match (self, registrar_record) {
            (
                Registration::Registered {
                    on,
                    registrar,
                    registrar_abuse,
                    registrar_rdap,
                },
                Registration::Registered {
                    registrar: theirs,
                    registrar_abuse: their_abuse,
                    ..
                },
            ) => Registration::Registered {
                on,
                registrar: registrar.or(theirs),
                registrar_abuse: registrar_abuse.or(their_abuse),
                registrar_rdap,
            },
            (registry, _) => registry,
        }
    }
}

/// A registry's answer about a domain with HTTP status `status`: its
/// JSON, or `None` when the registry does not know the domain (404).
fn domain_answer(status: u16, body: &str) -> Result<Option<Value>, String> {
    match status {
        404 => return Ok(None),
        200 => {}
        other => return Err(format!("the RDAP server answered {other}")),
    }
    let value: Value =
        serde_json::from_str(body).map_err(|err| format!("the RDAP answer is not JSON ({err})"))?;
    if value.get("objectClassName").and_then(Value::as_str) != Some("domain") {
        return Err("the RDAP answer is not about a domain (no `objectClassName: domain`)".into());
    }
    Ok(Some(value))
}

/// Parses a registry's answer with HTTP status `status`.
pub fn parse_domain(status: u16, body: &str) -> Result<Registration, String> {
    let Some(value) = domain_answer(status, body)? else {
        return Ok(Registration::NotRegistered);
    };
    let on = value
        .get("events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| e.get("eventAction").and_then(Value::as_str) == Some("registration"))
        .filter_map(|e| e.get("eventDate").and_then(Value::as_str))
        .filter_map(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
        .min();
    let registrar_entity = entities(&value).find(|e| has_role(e, "registrar"));
    let registrar = registrar_entity.and_then(vcard_name);
    let registrar_abuse = registrar_entity
        .and_then(|r| entities(r).find(|e| has_role(e, "abuse")))
        .and_then(vcard_email);
    Ok(Registration::Registered {
        on,
        registrar,
        registrar_abuse,
        registrar_rdap: related_link(&value),
    })
}

/// The first `related` link to another RDAP record of the domain (an
/// `http(s)` address whose path asks about a domain), as registries
/// point at the registrar's server.
fn related_link(object: &Value) -> Option<Url> {
    object
        .get("links")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|link| link.get("rel").and_then(Value::as_str) == Some("related"))
        .filter(|link| {
            link.get("type")
                .and_then(Value::as_str)
                .is_none_or(|t| t.eq_ignore_ascii_case("application/rdap+json"))
        })
        .filter_map(|link| Url::parse(link.get("href")?.as_str()?).ok())
        .find(|url| matches!(url.scheme(), "http" | "https") && url.path().contains("/domain/"))
}

/// The entities directly under `object`.
fn entities(object: &Value) -> impl Iterator<Item = &Value> {
    object
        .get("entities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
}

fn has_role(entity: &Value, role: &str) -> bool {
    entity
        .get("roles")
        .and_then(Value::as_array)
        .is_some_and(|roles| roles.iter().any(|r| r.as_str() == Some(role)))
}

/// The first `email` of an entity's jCard, when it looks like one.
fn vcard_email(entity: &Value) -> Option<String> {
    vcard(entity, "email")
        .map(|e| e.trim_start_matches("mailto:").to_ascii_lowercase())
        .filter(|e| crate::address::email_problem(e).is_none())
}

/// IANA's map from address blocks to the regional registries' RDAP
/// servers (`ipv4.json`, `ipv6.json`).
#[derive(Debug, Clone, Default)]
pub struct IpBootstrap {
    blocks: Vec<(IpAddr, u8, Url)>,
}

impl IpBootstrap {
    /// Reads one or both files (their blocks are added together).
    pub fn add(&mut self, body: &str) -> Result<(), String> {
        let wire: WireBootstrap = serde_json::from_str(body).map_err(|err| {
            format!("the RDAP address bootstrap is not IANA's `services` JSON ({err})")
        })?;
        for (prefixes, urls) in wire.services {
            let Some(url) = preferred(&urls) else {
                continue;
            };
            for prefix in prefixes {
                if let Some((ip, len)) = prefix
                    .split_once('/')
                    .and_then(|(ip, len)| Some((ip.parse().ok()?, len.parse().ok()?)))
                {
                    self.blocks.push((ip, len, url.clone()));
                }
            }
        }
        Ok(())
    }

    /// The server for `ip`: the one for its longest listed block.
    pub fn server_for(&self, ip: IpAddr) -> Option<&Url> {
        self.blocks
            .iter()
            .filter(|(block, len, _)| contains(*block, *len, ip))
            .max_by_key(|(_, len, _)| *len)
            .map(|(_, _, url)| url)
    }
}

/// Whether the block `base/len` holds `ip`.
fn contains(base: IpAddr, len: u8, ip: IpAddr) -> bool {
    match (base, ip) {
        (IpAddr::V4(base), IpAddr::V4(ip)) if len <= 32 => {
            let mask = u32::MAX.checked_shl(32 - u32::from(len)).unwrap_or(0);
            u32::from(base) & mask == u32::from(ip) & mask
        }
        (IpAddr::V6(base), IpAddr::V6(ip)) if len <= 128 => {
            let mask = u128::MAX.checked_shl(128 - u32::from(len)).unwrap_or(0);
            u128::from(base) & mask == u128::from(ip) & mask
        }
        _ => false,
    }
}

/// The URL that asks `server` about the network of `ip`.
pub fn ip_url(server: &Url, ip: IpAddr) -> Result<Url, String> {
    query(server, &format!("ip/{ip}"))
}

/// What a regional registry says about the network an address is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Network {
    /// Its name (`SENDGRID`), else its handle.
    pub name: Option<String>,
    /// Its range, `start - end`, or a CIDR block.
    pub range: Option<String>,
    /// Who holds it: the `registrant` entity's name.
    pub holder: Option<String>,
    /// The e-mail address of its `abuse` entity, wherever it sits (RIPE
    /// puts it under the network, ARIN under the organization).
    pub abuse: Option<String>,
}

/// Parses a registry's answer about an address.
pub fn parse_network(status: u16, body: &str) -> Result<Network, String> {
    match status {
        200 => {}
        404 => return Err("the RDAP server does not know the address".into()),
        other => return Err(format!("the RDAP server answered {other}")),
    }
    let value: Value =
        serde_json::from_str(body).map_err(|err| format!("the RDAP answer is not JSON ({err})"))?;
    if value.get("objectClassName").and_then(Value::as_str) != Some("ip network") {
        return Err(
            "the RDAP answer is not about a network (no `objectClassName: ip network`)".into(),
        );
    }
    let text = |key: &str| {
        value
            .get(key)
            .and_then(Value::as_str)
            .map(|s| crate::printable::line(s.trim()).into_owned())
            .filter(|s| !s.is_empty())
    };
    let range = match (text("startAddress"), text("endAddress")) {
        (Some(start), Some(end)) => Some(format!("{start} - {end}")),
        _ => None,
    };
    let holder = entities(&value)
        .find(|e| has_role(e, "registrant"))
        .and_then(vcard_name);
    Ok(Network {
        name: text("name").or_else(|| text("handle")),
        range,
        holder,
        abuse: abuse_anywhere(&value, 0),
    })
}

/// The first `abuse` entity's e-mail, searched a few levels deep.
fn abuse_anywhere(object: &Value, depth: usize) -> Option<String> {
    if depth > 3 {
        return None;
    }
    entities(object)
        .find(|e| has_role(e, "abuse"))
        .and_then(vcard_email)
        .or_else(|| entities(object).find_map(|e| abuse_anywhere(e, depth + 1)))
}

/// The `fn` (formatted name) of an entity's jCard.
fn vcard_name(entity: &Value) -> Option<String> {
    vcard(entity, "fn")
}

/// The first `property` of an entity's jCard, as one printable line.
fn vcard(entity: &Value, property: &str) -> Option<String> {
    entity
        .get("vcardArray")?
        .get(1)?
        .as_array()?
        .iter()
        .find(|prop| prop.get(0).and_then(Value::as_str) == Some(property))?
        .get(3)?
        .as_str()
        .map(|s| crate::printable::line(s.trim()).into_owned())
        .filter(|s| !s.is_empty())
}

/// What a registry's RDAP answer says of a domain's life, for the
/// takedown re-check (`online::takedown`): whether it still exists, its
/// `status` values (RFC 9083 §4.6, the EPP statuses as RFC 8056 maps
/// them: `client hold`, `server hold`, `inactive`, `pending delete`,
/// `redemption period`...), and the abuse contacts it names: the
/// registry's own (an `abuse` entity at the top of the answer) and the
/// registrar's (under the `registrar` entity).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DomainStatus {
    /// The registry does not know the domain (404): deleted.
    Deleted,
    Listed {
        /// The `status` values, lower case, as one printable line each.
        status: Vec<String>,
        registrar: Option<String>,
        registrar_abuse: Option<String>,
        /// The e-mail of an `abuse` entity directly under the domain (not
        /// under the registrar): the registry's own desk, where a
        /// registry gives one.
        registry_abuse: Option<String>,
    },
}

/// Parses a registry's answer about a domain with HTTP status `status`
/// for its status values and abuse contacts.
pub fn parse_status(status: u16, body: &str) -> Result<DomainStatus, String> {
    let Some(value) = domain_answer(status, body)? else {
        return Ok(DomainStatus::Deleted);
    };
    let status = value
        .get("status")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(|s| crate::printable::line(s.trim()).to_ascii_lowercase())
        .filter(|s| !s.is_empty())
        .collect();
    let registrar = entities(&value).find(|e| has_role(e, "registrar"));
    Ok(DomainStatus::Listed {
        status,
        registrar: registrar.and_then(vcard_name),
        registrar_abuse: registrar
            .and_then(|r| entities(r).find(|e| has_role(e, "abuse")))
            .and_then(vcard_email),
        registry_abuse: entities(&value)
            .find(|e| has_role(e, "abuse"))
            .and_then(vcard_email),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_bootstrap_picks_the_longest_suffix_and_https() {
        let boot = Bootstrap::parse(
            r#"{"version":"1.0","services":[
                [["com","net"],["http://a.example/com/","https://a.example/com/"]],
                [["uk"],["https://uk.example/"]],[["co.uk"],["https://co-uk.example/rdap"]]]}"#,
        )
        .unwrap();
        assert_eq!(
            boot.server_for("oldcrm.com").unwrap().as_str(),
            "https://a.example/com/"
        );
        assert_eq!(
            boot.server_for("x.co.uk").unwrap().as_str(),
            "https://co-uk.example/rdap"
        );
        assert_eq!(
            boot.server_for("x.org.uk").unwrap().as_str(),
            "https://uk.example/"
        );
        assert_eq!(boot.server_for("x.example"), None);
        let url = domain_url(boot.server_for("x.co.uk").unwrap(), "x.co.uk").unwrap();
        assert_eq!(url.as_str(), "https://co-uk.example/rdap/domain/x.co.uk");
    }

    #[test]
    fn reads_the_registration_date_and_registrar() {
        let body = r#"{"objectClassName":"domain","ldhName":"OLDCRM.COM",
            "events":[{"eventAction":"last changed","eventDate":"2026-01-01T00:00:00Z"},
                      {"eventAction":"registration","eventDate":"2025-03-04T10:00:00Z"}],
            "entities":[{"objectClassName":"entity","roles":["registrar"],
              "vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Example Registrar, Inc."]]]}]}"#;
        assert_eq!(
            parse_domain(200, body),
            Ok(Registration::Registered {
                on: NaiveDate::from_ymd_opt(2025, 3, 4),
                registrar: Some("Example Registrar, Inc.".into()),
                registrar_abuse: None,
                registrar_rdap: None,
            })
        );
        assert_eq!(
            parse_domain(404, "not json"),
            Ok(Registration::NotRegistered)
        );
    }

    #[test]
    fn malformed_answers_are_errors() {
        assert!(Bootstrap::parse("[]").is_err());
        assert!(parse_domain(200, "{").is_err());
        assert!(parse_domain(200, r#"{"objectClassName":"entity"}"#).is_err());
        assert!(parse_domain(403, "{}").is_err());
        // Odd shapes inside a domain answer are missing facts, not errors.
        assert_eq!(
            parse_domain(
                200,
                r#"{"objectClassName":"domain","events":"x","entities":[{"roles":7}]}"#
            ),
            Ok(Registration::Registered {
                on: None,
                registrar: None,
                registrar_abuse: None,
                registrar_rdap: None,
            })
        );
    }

    const ARIN: &str = r#"{"objectClassName":"ip network","handle":"NET-198-51-100-0-1",
        "startAddress":"198.51.100.0","endAddress":"198.51.100.255","name":"BULKMAIL-NET",
        "entities":[{"objectClassName":"entity","handle":"BULK","roles":["registrant"],
          "vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Bulkmail, Inc."]]],
          "entities":[{"objectClassName":"entity","handle":"ABUSE42-ARIN","roles":["abuse"],
            "vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Abuse"],
              ["email",{},"text","Abuse@Bulkmail.example"]]]}]}]}"#;

    const RIPE: &str = r#"{"objectClassName":"ip network","handle":"203.0.113.0 - 203.0.113.255",
        "startAddress":"203.0.113.0","endAddress":"203.0.113.255",
        "entities":[{"objectClassName":"entity","handle":"ORG-X1-RIPE","roles":["registrant"]},
          {"objectClassName":"entity","handle":"AR1-RIPE","roles":["abuse"],
           "vcardArray":["vcard",[["version",{},"text","4.0"],["email",{"type":"abuse"},"text","abuse@hoster.example"]]]}]}"#;

    #[test]
    fn a_network_gives_its_abuse_contact_wherever_the_registry_puts_it() {
        let arin = parse_network(200, ARIN).unwrap();
        assert_eq!(arin.abuse.as_deref(), Some("abuse@bulkmail.example"));
        assert_eq!(arin.name.as_deref(), Some("BULKMAIL-NET"));
        assert_eq!(arin.holder.as_deref(), Some("Bulkmail, Inc."));
        assert_eq!(arin.range.as_deref(), Some("198.51.100.0 - 198.51.100.255"));
        let ripe = parse_network(200, RIPE).unwrap();
        assert_eq!(ripe.abuse.as_deref(), Some("abuse@hoster.example"));
        assert_eq!(ripe.name.as_deref(), Some("203.0.113.0 - 203.0.113.255"));
        assert!(parse_network(404, "").is_err());
        assert!(parse_network(200, r#"{"objectClassName":"domain"}"#).is_err());
        // An abuse entity without a usable address is no contact.
        let junk = RIPE.replace("abuse@hoster.example", "not an address");
        assert_eq!(parse_network(200, &junk).unwrap().abuse, None);
    }

    #[test]
    fn the_address_bootstrap_picks_the_longest_block() {
        let mut boot = IpBootstrap::default();
        boot.add(
            r#"{"services":[[["198.0.0.0/8"],["https://rdap.arin.example/registry/"]],
            [["198.51.100.0/24"],["http://x.example/","https://rdap.lacnic.example/rdap/"]],
            [["bad","203.0.113.0/24"],["https://rdap.ripe.example/"]]]}"#,
        )
        .unwrap();
        boot.add(r#"{"services":[[["2001:db8::/32"],["https://rdap.apnic.example/"]]]}"#)
            .unwrap();
        let ip = |s: &str| s.parse::<IpAddr>().unwrap();
        assert_eq!(
            boot.server_for(ip("198.51.100.7")).unwrap().as_str(),
            "https://rdap.lacnic.example/rdap/"
        );
        assert_eq!(
            boot.server_for(ip("198.1.2.3")).unwrap().as_str(),
            "https://rdap.arin.example/registry/"
        );
        assert_eq!(
            boot.server_for(ip("2001:db8::1")).unwrap().as_str(),
            "https://rdap.apnic.example/"
        );
        assert!(boot.server_for(ip("192.0.2.1")).is_none());
        assert!(boot.server_for(ip("2002::1")).is_none());
        let url = ip_url(
            boot.server_for(ip("203.0.113.9")).unwrap(),
            ip("203.0.113.9"),
        )
        .unwrap();
        assert_eq!(url.as_str(), "https://rdap.ripe.example/ip/203.0.113.9");
        assert!(IpBootstrap::default().add("[]").is_err());
    }

    #[test]
    fn the_registrar_abuse_contact_is_the_one_under_the_registrar() {
        let body = r#"{"objectClassName":"domain","ldhName":"northwind-login.example",
            "events":[{"eventAction":"registration","eventDate":"2026-11-25T14:02:11Z"}],
            "entities":[{"objectClassName":"entity","roles":["registrant"],
               "entities":[{"roles":["abuse"],"vcardArray":["vcard",[["email",{},"text","wrong@registrant.example"]]]}]},
              {"objectClassName":"entity","roles":["registrar"],
               "vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Cheap Names LLC"]]],
               "entities":[{"objectClassName":"entity","roles":["abuse"],
                 "vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Abuse"],
                   ["tel",{"type":"voice"},"uri","tel:+1.5555550100"],
                   ["email",{},"text","abuse@cheapnames.example"]]]}]}]}"#;
        assert_eq!(
            parse_domain(200, body),
            Ok(Registration::Registered {
                on: NaiveDate::from_ymd_opt(2026, 11, 25),
                registrar: Some("Cheap Names LLC".into()),
                registrar_abuse: Some("abuse@cheapnames.example".into()),
                registrar_rdap: None,
            })
        );
    }

    /// Verisign's shape: the registry names the registrar but points at
    /// the registrar's own record for the rest.
    #[test]
    fn a_thin_answer_is_completed_by_the_registrar_record_it_links() {
        let registry = r#"{"objectClassName":"domain","ldhName":"NORTHWIND-LOGIN.COM",
            "links":[{"value":"https://rdap.verisign.example/com/v1/domain/NORTHWIND-LOGIN.COM","rel":"self","href":"https://rdap.verisign.example/com/v1/domain/NORTHWIND-LOGIN.COM","type":"application/rdap+json"},
              {"value":"https://rdap.cheapnames.example/domain/NORTHWIND-LOGIN.COM","rel":"related","href":"https://rdap.cheapnames.example/domain/NORTHWIND-LOGIN.COM","type":"application/rdap+json"}],
            "events":[{"eventAction":"registration","eventDate":"2026-11-25T14:02:11Z"}],
            "entities":[{"objectClassName":"entity","roles":["registrar"],
              "vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","Cheap Names LLC"]]]}]}"#;
        let parsed = parse_domain(200, registry).unwrap();
        let Registration::Registered { registrar_rdap, .. } = &parsed else {
            panic!("registered");
        };
        assert_eq!(
            registrar_rdap.as_ref().map(Url::as_str),
            Some("https://rdap.cheapnames.example/domain/NORTHWIND-LOGIN.COM")
        );
        let record = r#"{"objectClassName":"domain","ldhName":"northwind-login.com",
            "events":[{"eventAction":"registration","eventDate":"2026-11-24T00:00:00Z"}],
            "entities":[{"objectClassName":"entity","roles":["registrar"],
              "vcardArray":["vcard",[["version",{},"text","4.0"],["fn",{},"text","CHEAP NAMES"]]],
              "entities":[{"objectClassName":"entity","roles":["abuse"],
                "vcardArray":["vcard",[["version",{},"text","4.0"],["email",{},"text","abuse@cheapnames.example"]]]}]}]}"#;
        let completed = parsed.completed_by(parse_domain(200, record).unwrap());
        assert_eq!(
            completed,
            Registration::Registered {
                // The registry's date and name win; the abuse contact is
                // the registrar's.
                on: NaiveDate::from_ymd_opt(2026, 11, 25),
                registrar: Some("Cheap Names LLC".into()),
                registrar_abuse: Some("abuse@cheapnames.example".into()),
                registrar_rdap: Url::parse(
                    "https://rdap.cheapnames.example/domain/NORTHWIND-LOGIN.COM"
                )
                .ok(),
            }
        );
        // A link that is not an RDAP domain record is not followed.
        for bad in [
            r#""rel":"related","href":"https://www.cheapnames.example/whois","type":"text/html""#,
            r#""rel":"related","href":"ftp://x.example/domain/a.com""#,
            r#""rel":"self","href":"https://x.example/domain/a.com""#,
        ] {
            let body = format!(r#"{{"objectClassName":"domain","links":[{{{bad}}}]}}"#);
            assert!(matches!(
                parse_domain(200, &body),
                Ok(Registration::Registered {
                    registrar_rdap: None,
                    ..
                })
            ));
        }
        // Nothing completes what is not registered.
        assert_eq!(
            Registration::NotRegistered.completed_by(parse_domain(200, record).unwrap()),
            Registration::NotRegistered
        );
    }

    #[test]
    fn the_status_values_and_the_registrys_own_abuse_desk() {
        let body = r#"{"objectClassName":"domain","status":["Client Hold","client transfer prohibited",7],
            "entities":[{"roles":["abuse"],"vcardArray":["vcard",[["email",{},"text","Abuse@Registry.example"]]]},
              {"roles":["registrar"],"vcardArray":["vcard",[["fn",{},"text","Cheap Names LLC"]]],
               "entities":[{"roles":["abuse"],"vcardArray":["vcard",[["email",{},"text","abuse@cheapnames.example"]]]}]}]}"#;
        assert_eq!(
            parse_status(200, body),
            Ok(DomainStatus::Listed {
                status: vec!["client hold".into(), "client transfer prohibited".into()],
                registrar: Some("Cheap Names LLC".into()),
                registrar_abuse: Some("abuse@cheapnames.example".into()),
                registry_abuse: Some("abuse@registry.example".into()),
            })
        );
        assert_eq!(parse_status(404, "<html>"), Ok(DomainStatus::Deleted));
        assert!(parse_status(200, "<html>").is_err());
        assert!(parse_status(500, "{}").is_err());
        assert!(parse_status(200, r#"{"objectClassName":"entity"}"#).is_err());
    }
}
