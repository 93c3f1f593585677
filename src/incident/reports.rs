//! What `send --incident ID --kind abuse-report|registrar-report` decides
//! before a report goes out: which vendor the report is written for (the
//! letter is the one `letter VENDOR` writes), what it asks to stop (the
//! `target` the `reported` step records, and the answers to it match), and
//! which kind of party it goes to. The target is read from the phishing
//! mails the report attaches, as `phish` reads them, so it is written the
//! way `incident open --from-phish` wrote the incident's domains and
//! senders.
//!
//! Pure: the incident and the analysed originals in, names out.

use crate::inventory::{Incident, Party};
use crate::phish::Original;

/// What a report asks to stop: a registrar-report the phishing domain,
/// an abuse-report the account at the service that sent the mail.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum About {
    Domain,
    Sender,
}

/// Why no single answer could be given: the candidates found (none, or
/// several), for the error that asks for the flag.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NotOne(pub Vec<String>);

/// The vendor the report is written for: the incident's one confirmed
/// source, else its one suspected source.
pub fn vendor(incident: &Incident) -> Result<&str, NotOne> {
    let ids = |confirmed: bool| -> Vec<&str> {
        (incident.vendors.iter())
            .filter(|v| v.confirmed == confirmed)
            .map(|v| v.id.value.as_str())
            .collect()
    };
    let confirmed = ids(true);
    let named = if confirmed.is_empty() {
        ids(false)
    } else {
        confirmed
    };
    match named.as_slice() {
        [one] => Ok(one),
        _ => Err(NotOne(named.iter().map(|id| id.to_string()).collect())),
    }
}

/// The party a report goes to unless `--party` says otherwise: one about
/// a domain to its registrar, one about a sender to the service that sent
/// the mail.
pub fn default_party(about: About) -> Party {
    match about {
        About::Domain => Party::Registrar,
        About::Sender => Party::Service,
    }
}

/// The phishing domains the originals name (their `From`, `Reply-To` and
/// links), in the order met; of those, the incident's own
/// `phishing_domains` when it lists any of them.
pub fn domains(incident: &Incident, originals: &[Original]) -> Vec<String> {
    let mut named: Vec<String> = Vec::new();
    for (domain, _, _) in originals.iter().flat_map(|o| &o.domains) {
        if !named.contains(domain) {
            named.push(domain.clone());
        }
    }
    let listed: Vec<String> = (named.iter())
        .filter(|d| incident.phishing_domains.iter().any(|p| p.value == **d))
        .cloned()
        .collect();
    if listed.is_empty() { named } else { listed }
}

/// The services that sent the originals, lower case: the fingerprint's
/// name (`sendgrid`), else the sending hop's host, else its address.
pub fn senders(originals: &[Original]) -> Vec<String> {
    let mut found: Vec<String> = Vec::new();
    for original in originals {
        let hop = original.hop.as_ref();
        let name = (original.service.clone())
            .or_else(|| hop.and_then(|h| h.host.clone()))
            .or_else(|| hop.and_then(|h| h.ip).map(|ip| ip.to_string()));
        if let Some(name) = name.map(|n| n.to_lowercase())
            && !found.contains(&name)
        {
            found.push(name);
        }
    }
    found
}

/// What a report asks to stop, read from its originals: the phishing
/// domain, or the sending service.
pub fn target(about: About, incident: &Incident, originals: &[Original]) -> Result<String, NotOne> {
    match about {
        About::Domain => one(domains(incident, originals)),
        About::Sender => one(senders(originals)),
    }
}

fn one(mut candidates: Vec<String>) -> Result<String, NotOne> {
    if candidates.len() == 1 {
        Ok(candidates.remove(0))
    } else {
        Err(NotOne(candidates))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::phish::Role;

    fn incident(extra: &str) -> Incident {
        let text = format!(
            "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\n\
             [[vendor]]\nid = \"surveyly\"\nname = \"S\"\n[[vendor]]\nid = \"mailblast\"\nname = \"M\"\n\
             [[incident]]\nid = \"2026-11-phish\"\naware = 2026-11-27T09:30:00+01:00\n{extra}"
        );
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let mut inventory = crate::inventory::parse(&text, today).unwrap();
        inventory.incidents.remove(0)
    }

    fn original(service: Option<&str>, domains: &[&str]) -> Original {
        Original {
            received: None,
            hop: None,
            service: service.map(str::to_string),
            evidence: Vec::new(),
            domains: (domains.iter())
                .map(|d| (d.to_string(), Role::Link, None))
                .collect(),
        }
    }

    #[test]
    fn the_vendor_is_the_one_confirmed_else_the_one_suspected() {
        let both = incident("vendors = [\"mailblast\"]\nconfirmed_vendors = [\"surveyly\"]\n");
        assert_eq!(vendor(&both), Ok("surveyly"));
        let suspected = incident("vendors = [\"mailblast\"]\n");
        assert_eq!(vendor(&suspected), Ok("mailblast"));
        let two = incident("vendors = [\"mailblast\", \"surveyly\"]\n");
        assert_eq!(
            vendor(&two),
            Err(NotOne(vec!["mailblast".into(), "surveyly".into()]))
        );
        assert_eq!(vendor(&incident("")), Err(NotOne(Vec::new())));
    }

    #[test]
    fn a_registrar_report_is_about_the_incidents_domain_the_mails_name() {
        let listed = incident("phishing_domains = [\"northwind-login.example\"]\n");
        // A link shortener beside the lookalike: the incident says which
        // one is the phishing domain.
        let mails = [
            original(None, &["northwind-login.example", "short.example"]),
            original(None, &["northwind-login.example"]),
        ];
        assert_eq!(
            target(About::Domain, &listed, &mails),
            Ok("northwind-login.example".into())
        );
        // Without a list on the incident, two domains are ambiguous.
        let bare = incident("");
        assert_eq!(
            target(About::Domain, &bare, &mails),
            Err(NotOne(vec![
                "northwind-login.example".into(),
                "short.example".into()
            ]))
        );
        assert_eq!(
            target(About::Domain, &bare, &[original(None, &[])]),
            Err(NotOne(Vec::new()))
        );
    }

    #[test]
    fn an_abuse_report_is_about_the_sending_service_in_lower_case() {
        let any = incident("");
        let mails = [
            original(Some("SendGrid"), &[]),
            original(Some("SendGrid"), &[]),
        ];
        assert_eq!(target(About::Sender, &any, &mails), Ok("sendgrid".into()));
        let mixed = [
            original(Some("SendGrid"), &[]),
            original(Some("Mailgun"), &[]),
        ];
        assert_eq!(
            target(About::Sender, &any, &mixed),
            Err(NotOne(vec!["sendgrid".into(), "mailgun".into()]))
        );
        assert_eq!(
            target(About::Sender, &any, &[original(None, &[])]),
            Err(NotOne(Vec::new()))
        );
        assert_eq!(default_party(About::Sender), Party::Service);
        assert_eq!(default_party(About::Domain), Party::Registrar);
    }
}
