//! The commands `linger phish` suggests next: `trace` (the vendor and the
//! addresses), then one abuse report per sending service and one registrar
//! report per phishing domain whose abuse contact is known, each with the
//! mails to attach. Written as POSIX shell words, so a step pastes as it
//! is. Pure.

use std::collections::{BTreeSet, HashMap};
use std::net::IpAddr;
use std::path::PathBuf;

use super::findings::Findings;
use super::{Original, Summary};
use crate::mail::defang::defang;

/// The originals in every file, each with the index (in the list of
/// single-message files) of the file it came from when that file is a
/// single message (what `letter --message` attaches).
pub type Read = Vec<(Original, Option<usize>)>;

/// What the run was given, as the steps repeat it.
pub struct Given<'a> {
    /// The files named on the command line.
    pub files: &'a [PathBuf],
    /// `--vendor`, when given.
    pub vendor: Option<&'a str>,
    /// Whether the network was asked (`--online`).
    pub online: bool,
}

/// A word for a POSIX shell: as it is when it is plain, else quoted.
pub fn shell_word(text: &str) -> String {
    let plain = !text.is_empty()
        && text
            .chars()
            // No `[` or `]`: a defanged `evil[.]example` is a glob to the
            // shell, which fails under `failglob` and may match a file.
            .all(|c| c.is_ascii_alphanumeric() || "-_./=:@+,".contains(c));
    if plain {
        text.to_string()
    } else {
        format!("'{}'", text.replace('\'', r"'\''"))
    }
}

/// A file name as a shell word that no command reads as an option:
/// `-x.eml` is written `./-x.eml`.
pub fn path_word(text: &str) -> String {
    if text.starts_with('-') {
        shell_word(&format!("./{text}"))
    } else {
        shell_word(text)
    }
}

/// The commands to run next: trace (the vendor and the addresses), then
/// one abuse report per sending service and one registrar report per
/// lookalike domain whose registrar's abuse contact is known. `emls` are
/// the single-message files that `read` indexes.
pub fn steps(
    findings: &Findings,
    summary: &Summary,
    given: &Given,
    read: &Read,
    emls: &[PathBuf],
) -> Vec<String> {
    let files: Vec<String> = given
        .files
        .iter()
        .map(|p| path_word(&p.display().to_string()))
        .collect();
    let vendor = given.vendor.map_or("VENDOR".to_string(), shell_word);
    let mut next = vec![format!(
        "linger trace {} --write-addresses leaked.txt{}",
        files.join(" "),
        if given.vendor.is_some() {
            ""
        } else {
            "   # the vendor that leaked, for VENDOR below"
        }
    )];
    if !given.online {
        next.push(format!(
            "linger phish --online {}   # the abuse contacts, from RDAP",
            files.join(" ")
        ));
    }

    // Once over the originals: for each sender and each domain, the files
    // that hold its mails, and for each sender the first domain (in the
    // summary's order: From before Reply-To before links) its mails name.
    let rank: HashMap<&str, usize> = summary
        .domains
        .iter()
        .enumerate()
        .map(|(i, d)| (d.domain.as_str(), i))
        .collect();
    let mut by_sender: HashMap<SenderKey, (BTreeSet<usize>, Option<usize>)> = HashMap::new();
    let mut by_domain: HashMap<&str, BTreeSet<usize>> = HashMap::new();
    for (original, file) in read {
        let entry = by_sender.entry(key(original)).or_default();
        entry.0.extend(*file);
        for (name, _, _) in &original.domains {
            if let Some(&at) = rank.get(name.as_str()) {
                entry.1 = Some(entry.1.map_or(at, |first| first.min(at)));
            }
            by_domain.entry(name).or_default().extend(*file);
        }
    }
    let attach = |found: Option<&BTreeSet<usize>>| {
        let words: Vec<String> = found
            .into_iter()
            .flatten()
            .map(|i| path_word(&emls[*i].display().to_string()))
            .collect();
        if words.is_empty() {
            "PHISH.eml".to_string()
        } else {
            words.join(" ")
        }
    };
    // The domain a report names when a sender's mails name none.
    let fallback = summary
        .domains
        .iter()
        .find(|d| d.lookalike_of.is_some())
        .or(summary.domains.first())
        .map_or("DOMAIN".to_string(), |d| defang(&d.domain));
    for (sender, found) in findings.senders.iter().zip(&summary.senders) {
        let Some(abuse) = &sender.abuse else { continue };
        let mails = by_sender.get(&(found.service.clone(), found.ip));
        let domain = mails
            .and_then(|(_, first)| *first)
            .map_or(fallback.clone(), |i| defang(&summary.domains[i].domain));
        next.push(format!(
            "linger letter {vendor} --kind abuse-report --to={} --phishing-domain {} --addresses leaked.txt --message {} --format eml -o {}",
            shell_word(abuse),
            shell_word(&domain),
            attach(mails.map(|(files, _)| files)),
            shell_word(&format!(
                "abuse-report-{}.eml",
                sender
                    .service
                    .as_deref()
                    .unwrap_or("sender")
                    .to_ascii_lowercase()
                    .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
            )),
        ));
    }
    for (row, domain) in findings.domains.iter().zip(&summary.domains) {
        let Some(abuse) = &row.registrar_abuse else {
            continue;
        };
        next.push(format!(
            "linger letter {vendor} --kind registrar-report --to={} --phishing-domain {} --addresses leaked.txt --message {} --format eml -o {}",
            shell_word(abuse),
            shell_word(&row.defanged),
            attach(by_domain.get(domain.domain.as_str())),
            // The file is named without dots: nothing opens it as a link.
            shell_word(&format!("registrar-report-{}.eml", domain.domain.replace('.', "-"))),
        ));
    }
    next
}

/// Who sent an original: its service and sending address, as the summary
/// groups senders.
type SenderKey = (Option<String>, Option<IpAddr>);

fn key(original: &Original) -> SenderKey {
    (
        original.service.clone(),
        original.hop.as_ref().and_then(|h| h.ip),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::discover::fingerprints::Fingerprints;
    use crate::phish::{Hop, Role, Shown};

    #[test]
    fn shell_words_are_quoted_only_when_they_must_be() {
        assert_eq!(shell_word("phish/one.eml"), "phish/one.eml");
        assert_eq!(shell_word("evil[.]example"), "'evil[.]example'");
        assert_eq!(shell_word("Your account.eml"), "'Your account.eml'");
        assert_eq!(shell_word("it's.eml"), r"'it'\''s.eml'");
        assert_eq!(shell_word("$(rm -rf ~)"), "'$(rm -rf ~)'");
        // A file name no command reads as an option.
        assert_eq!(path_word("-oops.eml"), "./-oops.eml");
        assert_eq!(path_word("-it's.eml"), r"'./-it'\''s.eml'");
        assert_eq!(path_word("phish/one.eml"), "phish/one.eml");
    }

    #[test]
    fn an_abuse_report_attaches_the_senders_own_mail() {
        let summary = crate::phish::findings::tests::summary();
        let own = vec!["northwind.example".to_string()];
        let table = Fingerprints::built_in();
        let mut findings = Findings::new(&summary, None, &Shown::new(&own, &table));
        findings.senders[0].abuse = Some("abuse@evilnet.example".into());
        let original = Original {
            received: None,
            hop: Some(Hop {
                ip: summary.senders[0].ip,
                host: None,
                helo: None,
                by: None,
                from_spf: false,
            }),
            service: Some("SendGrid".into()),
            evidence: Vec::new(),
            domains: vec![("northwind-secure.example".into(), Role::From, None)],
        };
        let read: Read = vec![(original, Some(0))];
        let files = [PathBuf::from("-one.eml"), PathBuf::from("all.mbox")];
        let emls = [PathBuf::from("-one.eml")];
        let given = Given {
            files: &files,
            vendor: None,
            online: false,
        };
        let next = steps(&findings, &summary, &given, &read, &emls);
        assert_eq!(
            next[0],
            "linger trace ./-one.eml all.mbox --write-addresses leaked.txt   # the vendor that leaked, for VENDOR below"
        );
        assert!(next[1].starts_with("linger phish --online ./-one.eml all.mbox"));
        assert_eq!(
            next[2],
            "linger letter VENDOR --kind abuse-report --to=abuse@evilnet.example --phishing-domain 'northwind-secure[.]example' --addresses leaked.txt --message ./-one.eml --format eml -o abuse-report-sendgrid.eml"
        );
        assert_eq!(next.len(), 3, "no registrar contact, no registrar report");
    }
}
