//! Whether a reported phishing domain is gone, from what `check --online`
//! saw of it (`online::takedown::Observation`), and what follows: the
//! domains to look at (those of open incidents' reports not yet `acted`),
//! the `acted` steps to propose, and the next party's address for a
//! report still pending.
//!
//! "Gone" is precise, and never a guess from a silent server:
//! - DNS says NXDOMAIN, or the name exists with no A and no AAAA address;
//! - or the registry's RDAP no longer knows the domain (404: deleted);
//! - or the registry's RDAP status (RFC 9083 §4.6, the EPP statuses as
//!   RFC 8056 maps them) is one that keeps it out of DNS or deletes it:
//!   `client hold`, `server hold`, `inactive`, `redemption period`, or
//!   `pending delete` (unless `pending restore` says it is coming back).
//!
//! The registry's status counts even while a resolver still answers
//! from its cache: the registrar or registry acted. A web server that
//! does not answer is not "gone": servers go quiet for many reasons, and
//! the domain can point elsewhere tomorrow. Pure: the observations come in
//! as values.

use chrono::{DateTime, Utc};

use super::TakedownState;
use super::takedown::Takedown;
use crate::address;
use crate::inventory::{Incident, Inventory, Located, Party, Span};
use crate::online::doh::Answer;
use crate::online::rdap::DomainStatus;
use crate::online::takedown::{Observation, Question};

/// The RDAP status values that mean the domain is out of DNS or being
/// deleted (RFC 8056 §2; ICANN's "EPP Status Codes" page: clientHold and
/// serverHold are not activated in DNS, inactive has no delegation, a
/// domain in redemptionPeriod or pendingDelete was deleted).
pub const DOWN: [&str; 5] = [
    "client hold",
    "server hold",
    "inactive",
    "redemption period",
    "pending delete",
];

/// What the observation of one domain means.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Decision {
    pub gone: bool,
    /// What was seen, each in a few words: what makes it gone first.
    pub seen: Vec<String>,
    /// The questions that got no answer.
    pub failed: Vec<String>,
}

/// Whether the domain observed in `o` is gone.
pub fn decide(o: &Observation) -> Decision {
    let (mut down, mut up, mut failed) = (Vec::new(), Vec::new(), Vec::new());
    let addresses = o.addresses();
    match (&o.a, &o.aaaa) {
        (Ok(Answer::NoSuchName), _) => down.push("DNS: no such name (NXDOMAIN)".to_string()),
        (Ok(Answer::Records(_)), Some(Err(err))) if addresses.is_empty() => {
            failed.push(format!("DNS (AAAA): {err}"))
        }
        (Ok(Answer::Records(_)), _) if addresses.is_empty() => {
            down.push("DNS: the name has no A or AAAA address".to_string())
        }
        (Ok(Answer::Records(_)), _) => {
            up.push(format!("DNS: resolves to {}", addresses.join(", ")))
        }
        (Err(err), _) => failed.push(format!("DNS: {err}")),
    }
    match &o.rdap {
        Ok(DomainStatus::Deleted) => {
            down.push("RDAP: the registry no longer knows the domain (404: deleted)".to_string())
        }
        Ok(DomainStatus::Listed { status, .. }) => {
            let restoring = status.iter().any(|s| s == "pending restore");
            let holds: Vec<&str> = status
                .iter()
                .map(String::as_str)
                .filter(|s| DOWN.contains(s))
                .filter(|s| !(restoring && matches!(*s, "pending delete" | "redemption period")))
                .collect();
            if holds.is_empty() {
                up.push(match status.is_empty() {
                    true => "RDAP: registered, no status given".to_string(),
                    false => format!("RDAP status: {}", status.join(", ")),
                });
            } else {
                down.push(format!("RDAP status: {}", holds.join(", ")));
            }
        }
        Err(err) => failed.push(format!("RDAP: {err}")),
    }
    match &o.web {
        Some(Ok(status)) => up.push(format!("its web server still answers (HTTP {status})")),
        Some(Err(err)) => up.push(format!("its web server gave no answer ({err})")),
        None => {}
    }
    if let Some(Err(err)) = &o.network {
        failed.push(format!("its hosting network (RDAP): {err}"));
    }
    let gone = !down.is_empty();
    down.extend(up);
    Decision {
        gone,
        seen: down,
        failed,
    }
}

/// `target` as a domain name (lower case, ASCII), when it is one: a
/// sending account (`name@service`) is not.
pub fn as_domain(target: &str) -> Option<String> {
    if target.contains('@') {
        return None;
    }
    address::normal(target).filter(|d| d.contains('.') && d.parse::<std::net::IpAddr>().is_err())
}

/// A report about a domain, not yet `acted`, of an open incident.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Open<'a> {
    pub incident: &'a str,
    pub domain: String,
    /// The `reported` event (where `takedown-pending` points).
    pub span: Span,
    /// Whom to ask next, when the report is pending (`takedown_days`).
    pub next: Option<Party>,
}

/// Every report about a domain of an open incident that no `acted`
/// answered, in file order.
pub fn open_reports(inventory: &Inventory, now: DateTime<Utc>) -> Vec<Open<'_>> {
    let days = inventory.policy.takedown_days;
    let mut out = Vec::new();
    for incident in &inventory.incidents {
        let status = super::evaluate(inventory, incident);
        if !super::is_open(&status, now) {
            continue;
        }
        for report in &status.takedowns {
            if about_sender(incident, report) {
                continue;
            }
            let Some(domain) = as_domain(&report.target) else {
                continue;
            };
            if report.state == TakedownState::Down {
                continue;
            }
            out.push(Open {
                incident: &incident.id.value,
                domain,
                span: report.span.clone(),
                next: report
                    .pending(now, days)
                    .then(|| report.next_party())
                    .flatten(),
            });
        }
    }
    out
}

/// Whether `report` asks to stop a sender rather than a phishing domain:
/// it went to the service that sent the mail, or it names one of the
/// incident's `senders` that is not also a phishing domain. An
/// abuse-report's target is the service's name, or, when no fingerprint
/// knows the service, its sending host (`mta7.bulkmail.example`): a
/// domain name, but whether that account is stopped only the service can
/// say; DNS cannot, and a mail host without an address is no takedown.
fn about_sender(incident: &Incident, report: &Takedown) -> bool {
    let named = |list: &[Located<String>]| {
        list.iter()
            .any(|name| name.value.eq_ignore_ascii_case(&report.target))
    };
    report.party == Some(Party::Service)
        || (named(&incident.senders) && !named(&incident.phishing_domains))
}

/// The domains to look at, each once: those of the reports of open
/// incidents that no `acted` answered, with the next party a pending
/// report waits on.
pub fn questions(inventory: &Inventory, now: DateTime<Utc>) -> Vec<Question> {
    let mut out: Vec<Question> = Vec::new();
    for open in open_reports(inventory, now) {
        match out.iter_mut().find(|q| q.domain == open.domain) {
            // A network is asked for one report's sake, and a registry
            // that names no desk falls back to it: the network covers both.
            Some(known) => {
                known.next = match (known.next, open.next) {
                    (Some(Party::Network), _) | (_, Some(Party::Network)) => Some(Party::Network),
                    (mine, theirs) => mine.or(theirs),
                }
            }
            None => out.push(Question {
                domain: open.domain,
                next: open.next,
            }),
        }
    }
    out
}

/// An `acted` step to record: `domain` of incident `incident` is gone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Proposal {
    pub incident: String,
    pub domain: String,
    /// The first report it answers, for the finding to point at.
    pub span: Span,
    /// What was seen (`Decision::seen`).
    pub seen: Vec<String>,
}

/// One `acted` step for each domain of an open incident that is gone,
/// once per incident however many reports named it.
pub fn proposals(
    inventory: &Inventory,
    observations: &[Observation],
    now: DateTime<Utc>,
) -> Vec<Proposal> {
    let mut out: Vec<Proposal> = Vec::new();
    for open in open_reports(inventory, now) {
        if out
            .iter()
            .any(|p| p.incident == open.incident && p.domain == open.domain)
        {
            continue;
        }
        let Some(seen) = observations.iter().find(|o| o.domain == open.domain) else {
            continue;
        };
        let decision = decide(seen);
        if decision.gone {
            out.push(Proposal {
                incident: open.incident.to_string(),
                domain: open.domain,
                span: open.span,
                seen: decision.seen,
            });
        }
    }
    out
}

/// Whom to write to next, found online.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Contact {
    /// Which kind of party it is (a registry, or the hosting network
    /// when the registry names no desk of its own).
    pub party: Party,
    pub address: String,
    /// Where it comes from, in words.
    pub words: String,
}

/// The address of the `next` party to ask about the domain observed in
/// `o`: a registry's own abuse desk from its RDAP answer, else (or for a
/// network) the hosting network's abuse contact from the RDAP of the
/// domain's address.
pub fn next_contact(next: Party, o: &Observation) -> Option<Contact> {
    let network = |why: &str| {
        match &o.network {
        Some(Ok((ip, network))) => network.abuse.as_ref().map(|abuse| Contact {
            party: Party::Network,
            address: abuse.clone(),
            words: format!(
                "{why}the hosting network's abuse contact, {abuse} ({}, which holds {ip}; from its RDAP)",
                network.name.as_deref().unwrap_or("its network")
            ),
        }),
        _ => None,
    }
    };
    match next {
        Party::Registry => match &o.rdap {
            Ok(DomainStatus::Listed {
                registry_abuse: Some(abuse),
                ..
            }) => Some(Contact {
                party: Party::Registry,
                address: abuse.clone(),
                words: format!("the registry's abuse contact, {abuse} (from the registry's RDAP)"),
            }),
            _ => network("the registry's RDAP names no abuse contact; "),
        },
        Party::Network => network(""),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seen(a: Result<Answer, String>, rdap: Result<DomainStatus, String>) -> Observation {
        Observation {
            domain: "phish.example".into(),
            aaaa: matches!(a, Ok(Answer::Records(_))).then(|| Ok(Answer::Records(vec![]))),
            a,
            rdap,
            web: None,
            network: None,
        }
    }

    fn listed(status: &[&str]) -> Result<DomainStatus, String> {
        Ok(DomainStatus::Listed {
            status: status.iter().map(|s| s.to_string()).collect(),
            registrar: None,
            registrar_abuse: None,
            registry_abuse: None,
        })
    }

    fn resolves() -> Result<Answer, String> {
        Ok(Answer::Records(vec!["203.0.113.7".into()]))
    }

    #[test]
    fn nxdomain_or_no_address_is_gone() {
        let d = decide(&seen(Ok(Answer::NoSuchName), listed(&["active"])));
        assert!(d.gone);
        assert_eq!(d.seen[0], "DNS: no such name (NXDOMAIN)");
        let d = decide(&seen(Ok(Answer::Records(vec![])), listed(&["active"])));
        assert!(d.gone, "{d:?}");
        assert!(d.seen[0].contains("no A or AAAA"));
        // NXDOMAIN is enough when RDAP did not answer; the failure is kept.
        let d = decide(&seen(Ok(Answer::NoSuchName), Err("x: answered 500".into())));
        assert!(d.gone);
        assert_eq!(d.failed, ["RDAP: x: answered 500"]);
    }

    #[test]
    fn a_hold_or_deletion_at_the_registry_is_gone_while_dns_still_answers() {
        for status in DOWN {
            let d = decide(&seen(
                resolves(),
                listed(&["client transfer prohibited", status]),
            ));
            assert!(d.gone, "{status}");
            assert_eq!(d.seen[0], format!("RDAP status: {status}"));
            assert!(d.seen[1].contains("203.0.113.7"), "{d:?}");
        }
        let d = decide(&seen(resolves(), Ok(DomainStatus::Deleted)));
        assert!(d.gone);
        // Being restored is not being deleted.
        let d = decide(&seen(
            resolves(),
            listed(&["redemption period", "pending restore"]),
        ));
        assert!(!d.gone, "{d:?}");
    }

    #[test]
    fn a_resolving_domain_is_not_gone_even_when_its_server_is_silent() {
        let mut o = seen(
            resolves(),
            listed(&["active", "client transfer prohibited"]),
        );
        o.web = Some(Err("phish.example: timed out".into()));
        let d = decide(&o);
        assert!(!d.gone);
        assert!(d.failed.is_empty());
        assert_eq!(
            d.seen,
            [
                "DNS: resolves to 203.0.113.7",
                "RDAP status: active, client transfer prohibited",
                "its web server gave no answer (phish.example: timed out)"
            ]
        );
        o.web = Some(Ok(404));
        assert!(decide(&o).seen[2].contains("HTTP 404"));
    }

    #[test]
    fn nothing_answered_is_neither_gone_nor_up() {
        let d = decide(&seen(
            Err("dns: garbage".into()),
            Err("rdap: timed out".into()),
        ));
        assert!(!d.gone);
        assert!(d.seen.is_empty());
        assert_eq!(d.failed.len(), 2);
    }

    #[test]
    fn a_report_about_the_sender_is_not_rechecked_as_a_phishing_domain() {
        let text = "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\n\
             [[incident]]\nid = \"2026-11-27\"\naware = 2026-11-27T09:30:00+01:00\n\
             phishing_domains = [\"northwind-login.example\"]\nsenders = [\"mta7.bulkmail.example\"]\n";
        let report = |party: &str, target: &str| {
            format!(
                "[[incident.event]]\non = 2026-11-28T15:00:00+01:00\nkind = \"reported\"\nparty = \"{party}\"\ntarget = \"{target}\"\n"
            )
        };
        let text = [
            text.to_string(),
            // The abuse-report to the service, about its sending host.
            report("service", "mta7.bulkmail.example"),
            // The same host reported to its network.
            report("network", "mta7.bulkmail.example"),
            // A service's own domain reported to it, however it is named.
            report("service", "bulkmail.example"),
            // The phishing domain, to its registrar and its host.
            report("registrar", "northwind-login.example"),
            report("hosting", "northwind-login.example"),
        ]
        .concat();
        let today = chrono::NaiveDate::from_ymd_opt(2026, 12, 2).unwrap();
        let inventory = crate::inventory::parse(&text, today).unwrap();
        let now = "2026-12-02T09:00:00Z".parse().unwrap();
        let domains: Vec<String> = open_reports(&inventory, now)
            .into_iter()
            .map(|o| o.domain)
            .collect();
        assert_eq!(
            domains,
            ["northwind-login.example", "northwind-login.example"]
        );
    }

    #[test]
    fn only_domains_are_rechecked() {
        assert_eq!(as_domain("Phish.Example."), Some("phish.example".into()));
        assert_eq!(as_domain("billing@mailer.example"), None);
        assert_eq!(as_domain("203.0.113.7"), None);
        assert_eq!(as_domain("localhost"), None);
    }

    #[test]
    fn the_next_contact_is_the_registrys_desk_else_the_hosting_network() {
        let mut o = seen(
            resolves(),
            Ok(DomainStatus::Listed {
                status: vec![],
                registrar: None,
                registrar_abuse: None,
                registry_abuse: Some("abuse@registry.example".into()),
            }),
        );
        let registry = next_contact(Party::Registry, &o).unwrap();
        assert_eq!(registry.address, "abuse@registry.example");
        assert_eq!(registry.party, Party::Registry);
        assert_eq!(next_contact(Party::Network, &o), None);
        o.rdap = listed(&[]);
        o.network = Some(Ok((
            "203.0.113.7".parse().unwrap(),
            crate::online::rdap::Network {
                name: Some("CHEAPHOST".into()),
                range: None,
                holder: None,
                abuse: Some("abuse@cheaphost.example".into()),
            },
        )));
        let fallback = next_contact(Party::Registry, &o).unwrap();
        assert_eq!(fallback.address, "abuse@cheaphost.example");
        assert_eq!(fallback.party, Party::Network);
        assert!(
            fallback.words.contains("names no abuse contact"),
            "{fallback:?}"
        );
        assert!(
            next_contact(Party::Network, &o)
                .unwrap()
                .words
                .contains("CHEAPHOST")
        );
    }
}
