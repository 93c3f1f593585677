//! RDAP, the registration data of domains: IANA's bootstrap file (which
//! server answers for which top-level domain) and a registry's answer
//! about one domain (when it was registered, and by which registrar).

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
            // Prefer an https server, as RFC 9224 asks clients to.
            let Some(url) = urls
                .iter()
                .find(|u| u.starts_with("https:"))
                .or(urls.first())
                .and_then(|u| Url::parse(u).ok())
            else {
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

/// The URL that asks `server` about `domain`.
pub fn domain_url(server: &Url, domain: &str) -> Result<Url, String> {
    let mut base = server.clone();
    if !base.path().ends_with('/') {
        base.set_path(&format!("{}/", base.path()));
    }
    base.join(&format!("domain/{domain}"))
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
    },
}

/// Parses a registry's answer with HTTP status `status`.
pub fn parse_domain(status: u16, body: &str) -> Result<Registration, String> {
    match status {
        404 => return Ok(Registration::NotRegistered),
        200 => {}
        other => return Err(format!("the RDAP server answered {other}")),
    }
    let value: Value =
        serde_json::from_str(body).map_err(|err| format!("the RDAP answer is not JSON ({err})"))?;
    if value.get("objectClassName").and_then(Value::as_str) != Some("domain") {
        return Err("the RDAP answer is not about a domain (no `objectClassName: domain`)".into());
    }
    let on = value
        .get("events")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter(|e| e.get("eventAction").and_then(Value::as_str) == Some("registration"))
        .filter_map(|e| e.get("eventDate").and_then(Value::as_str))
        .filter_map(|d| NaiveDate::parse_from_str(d.get(..10)?, "%Y-%m-%d").ok())
        .min();
    let registrar = value
        .get("entities")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .find(|e| {
            e.get("roles")
                .and_then(Value::as_array)
                .is_some_and(|roles| roles.iter().any(|r| r.as_str() == Some("registrar")))
        })
        .and_then(vcard_name);
    Ok(Registration::Registered { on, registrar })
}

/// The `fn` (formatted name) of an entity's jCard.
fn vcard_name(entity: &Value) -> Option<String> {
    entity
        .get("vcardArray")?
        .get(1)?
        .as_array()?
        .iter()
        .find(|prop| prop.get(0).and_then(Value::as_str) == Some("fn"))?
        .get(3)?
        .as_str()
        .map(|s| crate::printable::line(s.trim()).into_owned())
        .filter(|s| !s.is_empty())
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
                registrar: None
            })
        );
    }
}
