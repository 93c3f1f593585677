//! DNS over HTTPS in the JSON form (`application/dns-json`, as Cloudflare
//! and Google serve it): the query URL and the parser of answers.

use serde::Deserialize;
use url::Url;

/// The record types linger asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RecordType {
    A,
    Aaaa,
    Mx,
    Txt,
    Cname,
}

impl RecordType {
    pub fn name(self) -> &'static str {
        match self {
            RecordType::A => "A",
            RecordType::Aaaa => "AAAA",
            RecordType::Mx => "MX",
            RecordType::Txt => "TXT",
            RecordType::Cname => "CNAME",
        }
    }

    fn number(self) -> u16 {
        match self {
            RecordType::A => 1,
            RecordType::Cname => 5,
            RecordType::Mx => 15,
            RecordType::Txt => 16,
            RecordType::Aaaa => 28,
        }
    }
}

/// What the resolver said about a name.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Answer {
    /// The name does not exist (NXDOMAIN).
    NoSuchName,
    /// The name exists; these are the records of the type asked for (an
    /// empty list when it has none of that type).
    Records(Vec<String>),
}

#[derive(Deserialize)]
struct Wire {
    #[serde(rename = "Status")]
    status: u32,
    #[serde(rename = "Answer", default)]
    answer: Vec<WireRecord>,
}

#[derive(Deserialize)]
struct WireRecord {
    #[serde(rename = "type")]
    kind: u16,
    data: String,
}

/// The URL that asks `base` for the `kind` records of `name`.
pub fn query(base: &Url, name: &str, kind: RecordType) -> Url {
    let mut url = base.clone();
    url.query_pairs_mut()
        .append_pair("name", name)
        .append_pair("type", kind.name());
    url
}

/// Parses an answer to a query for `kind` records.
pub fn parse(body: &str, kind: RecordType) -> Result<Answer, String> {
    let wire: Wire =
        serde_json::from_str(body).map_err(|err| format!("the answer is not DNS JSON ({err})"))?;
    match wire.status {
        0 => Ok(Answer::Records(
            wire.answer
                .into_iter()
                .filter(|r| r.kind == kind.number())
                // Records reach tables and the terminal: one line each,
                // no control character or bidi override.
                .map(|r| crate::printable::line(&clean(&r.data, kind)).into_owned())
                .collect(),
        )),
        3 => Ok(Answer::NoSuchName),
        2 => Err("the resolver failed to answer (SERVFAIL)".into()),
        5 => Err("the resolver refused the query (REFUSED)".into()),
        other => Err(format!("the resolver answered with DNS status {other}")),
    }
}

/// A record's data as linger shows it: names without the final dot, TXT
/// strings joined without their quotes, MX without the preference.
fn clean(data: &str, kind: RecordType) -> String {
    match kind {
        RecordType::Txt => {
            let trimmed = data.trim();
            if trimmed.starts_with('"') {
                // "v=spf1 include:a" "include:b" -> one string, as DNS means it.
                trimmed
                    .split('"')
                    .enumerate()
                    .filter(|(i, _)| i % 2 == 1)
                    .map(|(_, part)| part)
                    .collect()
            } else {
                trimmed.to_string()
            }
        }
        RecordType::Mx => data
            .split_whitespace()
            .last()
            .unwrap_or_default()
            .trim_end_matches('.')
            .to_ascii_lowercase(),
        _ => data.trim().trim_end_matches('.').to_ascii_lowercase(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_records_and_nxdomain() {
        let body = r#"{"Status":0,"Answer":[{"name":"a.example.","type":5,"TTL":1,"data":"b.example."},
            {"name":"b.example.","type":1,"TTL":1,"data":"192.0.2.1"}]}"#;
        assert_eq!(
            parse(body, RecordType::A),
            Ok(Answer::Records(vec!["192.0.2.1".into()]))
        );
        assert_eq!(
            parse(body, RecordType::Cname),
            Ok(Answer::Records(vec!["b.example".into()]))
        );
        assert_eq!(
            parse(r#"{"Status":3}"#, RecordType::A),
            Ok(Answer::NoSuchName)
        );
        assert_eq!(
            parse(r#"{"Status":0}"#, RecordType::Mx),
            Ok(Answer::Records(vec![]))
        );
        let mx = r#"{"Status":0,"Answer":[{"type":15,"data":"10 Mail.Example.COM."}]}"#;
        assert_eq!(
            parse(mx, RecordType::Mx),
            Ok(Answer::Records(vec!["mail.example.com".into()]))
        );
        let txt = r#"{"Status":0,"Answer":[{"type":16,"data":"\"v=spf1 include:a\" \" -all\""}]}"#;
        assert_eq!(
            parse(txt, RecordType::Txt),
            Ok(Answer::Records(vec!["v=spf1 include:a -all".into()]))
        );
    }

    #[test]
    fn failures_and_garbage_are_errors() {
        assert!(parse(r#"{"Status":2}"#, RecordType::A).is_err());
        assert!(parse("<html>", RecordType::A).is_err());
        assert!(parse(r#"{"Status":0,"Answer":[{"type":"A"}]}"#, RecordType::A).is_err());
    }

    #[test]
    fn the_query_names_the_record_type() {
        let base = Url::parse("https://dns.example/dns-query").unwrap();
        assert_eq!(
            query(&base, "xn--bcher-kva.example", RecordType::Aaaa).as_str(),
            "https://dns.example/dns-query?name=xn--bcher-kva.example&type=AAAA"
        );
    }
}
