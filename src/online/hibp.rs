//! Have I Been Pwned's public list of breaches (`GET /breaches`, no key
//! needed): the parser, and matching a breach to a vendor's domains.
//!
//! The list is licensed CC BY 4.0; whatever shows a breach credits it with
//! `ATTRIBUTION`.

use chrono::NaiveDate;
use serde::Deserialize;

use crate::address;
use crate::printable::line;

/// The credit the CC BY 4.0 licence asks for.
pub const ATTRIBUTION: &str =
    "breach data from Have I Been Pwned (https://haveibeenpwned.com), CC BY 4.0";

/// One breach, with the fields linger reports.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Breach {
    pub name: String,
    pub title: String,
    /// The breached service's domain, lower case; empty for breaches not
    /// tied to one.
    pub domain: String,
    pub date: NaiveDate,
    pub accounts: u64,
    pub data_classes: Vec<String>,
}

#[derive(Deserialize)]
#[serde(rename_all = "PascalCase")]
struct Wire {
    name: String,
    #[serde(default)]
    title: Option<String>,
    #[serde(default)]
    domain: Option<String>,
    breach_date: String,
    #[serde(default)]
    pwn_count: u64,
    #[serde(default)]
    data_classes: Vec<String>,
}

/// Parses the answer of `GET /breaches`.
pub fn parse(body: &str) -> Result<Vec<Breach>, String> {
    let wire: Vec<Wire> = serde_json::from_str(body)
        .map_err(|err| format!("the breach list is not the JSON array HIBP sends ({err})"))?;
    wire.into_iter()
        .map(|w| {
            let date = NaiveDate::parse_from_str(&w.breach_date, "%Y-%m-%d").map_err(|_| {
                format!(
                    "breach `{}` has the date `{}`, not YYYY-MM-DD",
                    line(&w.name),
                    line(&w.breach_date)
                )
            })?;
            // Text from the network reaches a terminal: control
            // characters (line breaks too: a title must not forge another
            // finding) and bidi overrides are shown, never sent.
            let shown = |text: &str| line(text).into_owned();
            Ok(Breach {
                title: shown(w.title.as_deref().unwrap_or(&w.name)),
                name: shown(&w.name),
                domain: w
                    .domain
                    .as_deref()
                    .and_then(address::normal)
                    .unwrap_or_default(),
                date,
                accounts: w.pwn_count,
                data_classes: w.data_classes.iter().map(|c| shown(c)).collect(),
            })
        })
        .collect()
}

/// The breaches of a service whose registrable domain is `domain`.
pub fn of<'a>(breaches: &'a [Breach], domain: &str) -> impl Iterator<Item = &'a Breach> {
    breaches.iter().filter(move |b| {
        !b.domain.is_empty() && address::registrable(&b.domain).as_deref() == Some(domain)
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_fields_linger_reports() {
        let body = r#"[{"Name":"Adobe","Title":"Adobe","Domain":"Adobe.com","BreachDate":"2013-10-04",
            "AddedDate":"2013-12-04T00:00:00Z","PwnCount":152445165,"DataClasses":["Email addresses","Passwords"],
            "IsVerified":true},{"Name":"Collection1","Domain":"","BreachDate":"2019-01-07","PwnCount":1}]"#;
        let breaches = parse(body).unwrap();
        assert_eq!(breaches.len(), 2);
        assert_eq!(breaches[0].domain, "adobe.com");
        assert_eq!(breaches[0].accounts, 152_445_165);
        assert_eq!(breaches[1].title, "Collection1");
        assert_eq!(of(&breaches, "adobe.com").count(), 1);
        assert_eq!(of(&breaches, "").count(), 0);
    }

    #[test]
    fn malformed_answers_are_errors_not_panics() {
        for body in [
            "",
            "{}",
            "[{\"Name\":1}]",
            "[{\"Name\":\"X\",\"BreachDate\":\"yesterday\"}]",
        ] {
            assert!(parse(body).is_err(), "{body}");
        }
    }
}
