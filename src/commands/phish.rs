//! `linger phish FILE...`: who sent the phishing and where to report it.
//! Reads the mails (`mail::read`, as `trace` does), names the sending
//! service and the phishing domains (`crate::phish`), and with `--online`
//! asks RDAP for the abuse contacts of the sending networks and of the
//! domains' registrars, and DNS over HTTPS for where the links point.
//! Prints the findings and the letters to send next. Changes nothing.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::io::Write;
use std::net::IpAddr;
use std::path::PathBuf;

use serde::Serialize;

use super::{Context, Outcome, network};
use crate::cli::{PhishArgs, PhishFormat};
use crate::discover::fingerprints::Table as Fingerprints;
use crate::error::{Error, Failure};
use crate::mail::archive::Want;
use crate::net::http::Http;
use crate::online::doh::{Answer, RecordType};
use crate::online::domains;
use crate::online::lookalikes::{self, Options};
use crate::online::lookup::{self, Sources};
use crate::online::rdap::{Bootstrap, IpBootstrap, Network, Registration};
use crate::output::{self, table::Table, table::TableFormat};
use crate::phish::{self, Known, Original, Shown, Summary, defang};
use crate::printable::visible;

/// Link hosts whose address is looked up: a page of them is enough to act
/// on, and a hostile mail could name thousands.
const MAX_HOSTS: usize = 20;

pub fn run(ctx: &Context, args: PhishArgs) -> Result<Outcome, Error> {
    if args.network.refresh && !args.online {
        return Err(Error::failed(
            Failure::Usage,
            "--refresh asks the online sources again, but this run does not ask them",
            "add --online: `linger phish --online --refresh FILE...`",
        ));
    }
    // With the domain named, the inventory is optional: it adds our
    // other domains and a discover.toml, and checks --vendor.
    let (domain, own, loaded) = ctx.protected(
        args.domain.as_deref().map(own_domain).transpose()?,
        "name the domain phishers imitate: `--domain northwind.example`",
    )?;
    if let (Some(id), Some(loaded)) = (&args.vendor, &loaded) {
        loaded.vendor(id)?;
    }
    let table = match &loaded {
        Some(loaded) => loaded.fingerprints()?,
        None => Fingerprints::built_in(),
    };
    let words: Vec<String> = lookalikes::WORDS.iter().map(|w| w.to_string()).collect();
    let lookalikes: HashMap<String, lookalikes::Kind> = lookalikes::generate(
        &domain,
        Options {
            idn: true,
            words: &words,
        },
    )
    .map(|names| names.into_iter().map(|l| (l.ascii, l.kind)).collect())
    .unwrap_or_default();
    let brand = domain.split('.').next().unwrap_or("").to_string();
    let known = Known {
        own: &own,
        table: &table,
        lookalikes: &lookalikes,
        domain: &domain,
        brand: &brand,
    };

    let (read, files) = read_mail(ctx, &args, &known)?;
    let originals: Vec<Original> = read.iter().map(|(o, _)| o.clone()).collect();
    let summary = phish::summarise(&originals, &known);
    let facts = if args.online {
        let (http, sources) = network::client(&args.network)?;
        let facts = ask(&http, &sources, &summary);
        if let Some(warning) = network::unchecked(&http) {
            writeln!(output::stderr(), "warning: {warning}")?;
        }
        Some(facts)
    } else {
        None
    };
    let shown = Shown::new(&own, &table);
    let report = Report::new(&summary, facts.as_ref(), &shown, &args, &read, &files);
    write(&report, &summary, args.format)?;
    Ok(Outcome::Success)
}

/// `--domain`, as a registrable domain.
fn own_domain(text: &str) -> Result<String, Error> {
    domains::normal(text)
        .and_then(|d| domains::registrable(&d).filter(|r| *r == d))
        .ok_or_else(|| {
            Error::failed(
                Failure::Usage,
                format!("`{}` is not a registrable domain", visible(text)),
                "give the domain you own, without `www.`: `--domain northwind.example`",
            )
        })
}

/// The originals in every file, each with the index in `files` of the
/// file it came from when that file is a single message (what `letter
/// --message` attaches), and those files.
type Read = Vec<(Original, Option<usize>)>;

fn read_mail(
    ctx: &Context,
    args: &PhishArgs,
    known: &Known,
) -> Result<(Read, Vec<PathBuf>), Error> {
    let mut originals: Read = Vec::new();
    let mut emls = Vec::new();
    let mut skipped = crate::mail::Tally::default();
    for path in &args.files {
        let mut found_here = Vec::new();
        let tally = crate::mail::read(path, Want::Whole, &mut |message| {
            if let Some(found) = phish::originals(message.bytes, known) {
                found_here.push(found);
            }
        })
        .map_err(|err| Error::Read {
            path: path.clone(),
            err,
        })?;
        let single = found_here.len() == 1 && tally.messages == 1 && path.is_file();
        if single {
            emls.push(path.clone());
        }
        let index = single.then(|| emls.len() - 1);
        originals.extend(found_here.into_iter().flatten().map(|o| (o, index)));
        skipped.absorb(tally);
    }
    if !ctx.quiet {
        let mut err = output::stderr();
        for line in skipped.report(args.verbose) {
            writeln!(err, "{line}")?;
        }
    }
    if originals.is_empty() {
        return Err(Error::failed(
            Failure::Input,
            "no e-mail message was found in the files given",
            "give the phishing mails: .eml files saved from the mail client (forward them as attachments to keep their headers), mbox files or Maildir folders",
        ));
    }
    Ok((originals, emls))
}

/// What the network said, by question; each answer or why there is none.
#[derive(Default)]
struct Facts {
    networks: BTreeMap<IpAddr, Result<Network, String>>,
    registrations: BTreeMap<String, Result<Registration, String>>,
    /// Why the registrar's own record, asked when the registry's answer
    /// lacks the abuse contact, did not give it.
    registrar_errors: BTreeMap<String, String>,
    /// Link host → its first address and that address's network.
    hosting: BTreeMap<String, Result<(IpAddr, Network), String>>,
}

/// Asks for everything `summary` needs: the networks of the sending
/// addresses, the registration of each domain, and where each link host
/// points. A source that does not answer is recorded, never fatal.
fn ask(http: &Http, sources: &Sources, summary: &Summary) -> Facts {
    let mut facts = Facts::default();
    let ips: Vec<IpAddr> = {
        let mut ips: Vec<IpAddr> = summary.senders.iter().filter_map(|s| s.ip).collect();
        ips.sort();
        ips.dedup();
        ips
    };
    let hosts: Vec<String> = summary
        .domains
        .iter()
        .flat_map(|d| d.hosts.iter().cloned())
        .take(MAX_HOSTS)
        .collect();
    let ip_bootstrap = if ips.is_empty() && hosts.is_empty() {
        Ok(IpBootstrap::default())
    } else {
        lookup::ip_bootstrap(http, sources)
    };
    let network = |ip: IpAddr| match &ip_bootstrap {
        Ok(bootstrap) => lookup::network(http, bootstrap, ip),
        Err(err) => Err(err.clone()),
    };
    for (ip, answer) in ips.iter().zip(http.map(&ips, |ip| network(*ip), || {})) {
        facts.networks.insert(*ip, answer);
    }
    let names: Vec<String> = summary.domains.iter().map(|d| d.domain.clone()).collect();
    let bootstrap: Result<Bootstrap, String> = if names.is_empty() {
        Ok(Bootstrap::default())
    } else {
        lookup::bootstrap(http, sources)
    };
    let registrations = http.map(
        &names,
        |name| match &bootstrap {
            Ok(bootstrap) => lookup::registration_and_registrar(http, bootstrap, name),
            Err(err) => (Err(err.clone()), None),
        },
        || {},
    );
    for (name, (registration, registrar_error)) in names.into_iter().zip(registrations) {
        if let Some(err) = registrar_error {
            facts.registrar_errors.insert(name.clone(), err);
        }
        facts.registrations.insert(name, registration);
    }
    let hosting = http.map(
        &hosts,
        |host| {
            let ip = address(http, sources, host)?;
            network(ip).map(|n| (ip, n))
        },
        || {},
    );
    facts.hosting = hosts.into_iter().zip(hosting).collect();
    facts
}

/// The first address of `host`: IPv4, else IPv6 (a host served over
/// IPv6 only is hosted somewhere too).
fn address(http: &Http, sources: &Sources, host: &str) -> Result<IpAddr, String> {
    for kind in [RecordType::A, RecordType::Aaaa] {
        match lookup::resolve(http, sources, host, kind)? {
            Answer::Records(records) => {
                if let Some(ip) = records.iter().find_map(|r| r.parse::<IpAddr>().ok()) {
                    return Ok(ip);
                }
            }
            Answer::NoSuchName => return Err("it does not resolve".to_string()),
        }
    }
    Err("it has no address".to_string())
}

/// The output: the JSON `phish --format json` prints, and the rows of the
/// tables. A person reads every name the phisher chose defanged
/// (`Shown`); the JSON carries each domain and host as it is, for
/// scripts, with its defanged form beside it (`defanged`).
#[derive(Debug, Serialize)]
struct Report {
    messages: usize,
    first: Option<String>,
    last: Option<String>,
    senders: Vec<SenderRow>,
    domains: Vec<DomainRow>,
    next: Vec<String>,
}

#[derive(Debug, Serialize)]
struct SenderRow {
    /// The bulk-mail service, or `null` when no fingerprint matched (a
    /// server of the phisher's own, or a compromised one).
    service: Option<String>,
    evidence: Vec<String>,
    ip: Option<String>,
    /// The sending host as the receiving server wrote it down.
    host: Option<String>,
    defanged: Option<String>,
    /// The host as the tables show it: defanged unless ours or a known
    /// service's.
    #[serde(skip)]
    shown_host: Option<String>,
    /// The network's name and holder, from RDAP.
    network: Option<String>,
    abuse: Option<String>,
    messages: usize,
    /// Why the network or its abuse contact is unknown, when it is.
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct DomainRow {
    domain: String,
    defanged: String,
    role: &'static str,
    registered: Option<String>,
    registrar: Option<String>,
    registrar_abuse: Option<String>,
    lookalike_of: Option<String>,
    fuzzer: Option<String>,
    messages: usize,
    hosts: Vec<HostRow>,
    error: Option<String>,
}

#[derive(Debug, Serialize)]
struct HostRow {
    host: String,
    defanged: String,
    ip: Option<String>,
    network: Option<String>,
    abuse: Option<String>,
    error: Option<String>,
}

fn network_name(network: &Network) -> Option<String> {
    match (&network.name, &network.holder) {
        (Some(name), Some(holder)) => Some(format!("{name} ({holder})")),
        (Some(name), None) => Some(name.clone()),
        (None, holder) => holder.clone(),
    }
}

fn clean(text: &str) -> String {
    visible(text).into_owned()
}

impl Report {
    fn new(
        summary: &Summary,
        facts: Option<&Facts>,
        shown: &Shown,
        args: &PhishArgs,
        read: &Read,
        files: &[PathBuf],
    ) -> Self {
        let senders = summary
            .senders
            .iter()
            .map(|s| {
                let answer = facts.zip(s.ip).and_then(|(f, ip)| f.networks.get(&ip));
                let (network, abuse, error) = match answer {
                    Some(Ok(n)) => (
                        network_name(n).map(|n| clean(&n)),
                        n.abuse.clone(),
                        n.abuse
                            .is_none()
                            .then(|| "RDAP lists no abuse contact for the network".to_string()),
                    ),
                    Some(Err(err)) => (
                        None,
                        None,
                        Some(format!("RDAP did not answer: {}", shown.text(err))),
                    ),
                    None => (None, None, None),
                };
                SenderRow {
                    service: s.service.clone(),
                    evidence: s.evidence.iter().map(|e| shown.text(e)).collect(),
                    ip: s.ip.map(|ip| ip.to_string()),
                    host: s.host.as_deref().map(clean),
                    defanged: s.host.as_deref().map(defang),
                    shown_host: s.host.as_deref().map(|h| shown.name(h)),
                    network,
                    abuse,
                    messages: s.messages,
                    error,
                }
            })
            .collect();
        let domains = summary
            .domains
            .iter()
            .map(|d| {
                let answer = facts.and_then(|f| f.registrations.get(&d.domain));
                let (registered, registrar, registrar_abuse, error) = match answer {
                    Some(Ok(Registration::Registered {
                        on,
                        registrar,
                        registrar_abuse,
                        ..
                    })) => (
                        on.map(|d| d.to_string()),
                        registrar.as_deref().map(clean),
                        registrar_abuse.clone(),
                        registrar_abuse.is_none().then(|| {
                            match facts.and_then(|f| f.registrar_errors.get(&d.domain)) {
                                Some(err) => format!(
                                    "the registry lists no abuse contact for the registrar, and the registrar's RDAP record did not answer: {}",
                                    shown.text(err)
                                ),
                                None => "RDAP lists no abuse contact for the registrar".to_string(),
                            }
                        }),
                    ),
                    Some(Ok(Registration::NotRegistered)) => (
                        None,
                        None,
                        None,
                        Some("RDAP does not know the domain (not registered, or gone)".into()),
                    ),
                    Some(Err(err)) => (
                        None,
                        None,
                        None,
                        Some(format!("RDAP did not answer: {}", shown.text(err))),
                    ),
                    None => (None, None, None, None),
                };
                let hosts = d
                    .hosts
                    .iter()
                    .map(|host| {
                        let answer = facts.and_then(|f| f.hosting.get(host));
                        let (ip, network, abuse, error) = match answer {
                            Some(Ok((ip, n))) => (
                                Some(ip.to_string()),
                                network_name(n).map(|n| clean(&n)),
                                n.abuse.clone(),
                                None,
                            ),
                            Some(Err(err)) => (None, None, None, Some(shown.text(err))),
                            None if facts.is_some() => (
                                None,
                                None,
                                None,
                                Some(format!("not looked up: more than {MAX_HOSTS} link hosts")),
                            ),
                            None => (None, None, None, None),
                        };
                        HostRow {
                            host: clean(host),
                            defanged: defang(host),
                            ip,
                            network,
                            abuse,
                            error,
                        }
                    })
                    .collect();
                DomainRow {
                    domain: clean(&d.domain),
                    defanged: defang(&d.domain),
                    role: d.role.name(),
                    registered,
                    registrar,
                    registrar_abuse,
                    lookalike_of: d.lookalike_of.clone(),
                    fuzzer: d.fuzzer.clone(),
                    messages: d.messages,
                    hosts,
                    error,
                }
            })
            .collect();
        let mut report = Report {
            messages: summary.messages,
            first: summary.first.map(|t| t.to_rfc3339()),
            last: summary.last.map(|t| t.to_rfc3339()),
            senders,
            domains,
            next: Vec::new(),
        };
        report.next = next_steps(&report, summary, args, read, files);
        report
    }
}

/// A word for a POSIX shell: as it is when it is plain, else quoted.
fn shell_word(text: &str) -> String {
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
fn path_word(text: &str) -> String {
    if text.starts_with('-') {
        shell_word(&format!("./{text}"))
    } else {
        shell_word(text)
    }
}

/// The commands to run next: trace (the vendor and the addresses), then
/// one abuse report per sending service and one registrar report per
/// lookalike domain whose registrar's abuse contact is known.
fn next_steps(
    report: &Report,
    summary: &Summary,
    args: &PhishArgs,
    read: &Read,
    emls: &[PathBuf],
) -> Vec<String> {
    let files: Vec<String> = args
        .files
        .iter()
        .map(|p| path_word(&p.display().to_string()))
        .collect();
    let vendor = args
        .vendor
        .as_deref()
        .map_or("VENDOR".to_string(), shell_word);
    let mut next = vec![format!(
        "linger trace {} --write-addresses leaked.txt{}",
        files.join(" "),
        if args.vendor.is_some() {
            ""
        } else {
            "   # the vendor that leaked, for VENDOR below"
        }
    )];
    if !args.online {
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
    for (sender, found) in report.senders.iter().zip(&summary.senders) {
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
    for (row, domain) in report.domains.iter().zip(&summary.domains) {
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

fn write(report: &Report, summary: &Summary, format: PhishFormat) -> Result<(), Error> {
    let mut out = output::stdout_for(match format {
        PhishFormat::Json => TableFormat::Json,
        PhishFormat::Markdown => TableFormat::Markdown,
        PhishFormat::Table => TableFormat::Table,
    });
    if format == PhishFormat::Json {
        serde_json::to_writer_pretty(&mut out, report).map_err(std::io::Error::other)?;
        writeln!(out)?;
        out.flush()?;
        return Ok(());
    }
    let table_format = if format == PhishFormat::Markdown {
        TableFormat::Markdown
    } else {
        TableFormat::Table
    };
    let heading = |out: &mut dyn Write, text: &str| -> std::io::Result<()> {
        if format == PhishFormat::Markdown {
            writeln!(out, "## {text}\n")
        } else {
            writeln!(out, "{text}")
        }
    };
    let when = match (&summary.first, &summary.last) {
        (Some(first), Some(last)) if first != last => {
            format!(
                ", received {} to {}",
                first.format("%Y-%m-%d %H:%M UTC"),
                last.format("%Y-%m-%d %H:%M UTC")
            )
        }
        (Some(first), _) => format!(", received {}", first.format("%Y-%m-%d %H:%M UTC")),
        _ => String::new(),
    };
    writeln!(
        out,
        "{} phishing message{}{when}.\n",
        report.messages,
        if report.messages == 1 { "" } else { "s" }
    )?;

    heading(&mut out, "Senders")?;
    let mut senders = Table::new(vec![
        "service", "address", "host", "network", "abuse", "messages",
    ]);
    for s in &report.senders {
        senders.push(vec![
            s.service.clone().unwrap_or_else(|| "none known".into()),
            s.ip.clone().unwrap_or_else(|| "-".into()),
            s.shown_host.clone().unwrap_or_else(|| "-".into()),
            s.network.clone().unwrap_or_else(|| "-".into()),
            s.abuse
                .clone()
                .or_else(|| s.error.clone())
                .unwrap_or_else(|| "-".into()),
            s.messages.to_string(),
        ]);
    }
    senders.write(
        &mut out,
        table_format,
        &report.senders,
        "No sending hop was found.",
    )?;
    writeln!(out)?;
    heading(&mut out, "Evidence")?;
    for s in &report.senders {
        writeln!(
            out,
            "{}{}:",
            if format == PhishFormat::Markdown {
                "- "
            } else {
                ""
            },
            s.service.as_deref().unwrap_or("unknown sender")
        )?;
        for line in &s.evidence {
            writeln!(out, "  - {line}")?;
        }
        if s.evidence.is_empty() {
            writeln!(out, "  - no `Received:` field names a sending address")?;
        }
    }
    writeln!(out)?;

    heading(&mut out, "Phishing domains")?;
    let mut domains = Table::new(vec![
        "domain",
        "role",
        "registered",
        "registrar",
        "registrar abuse",
        "imitates",
        "messages",
    ]);
    for d in &report.domains {
        domains.push(vec![
            d.defanged.clone(),
            d.role.to_string(),
            d.registered.clone().unwrap_or_else(|| "-".into()),
            d.registrar.clone().unwrap_or_else(|| "-".into()),
            d.registrar_abuse
                .clone()
                .or_else(|| d.error.clone())
                .unwrap_or_else(|| "-".into()),
            match (&d.lookalike_of, &d.fuzzer) {
                (Some(of), Some(how)) => format!("{of} ({how})"),
                _ => "-".into(),
            },
            d.messages.to_string(),
        ]);
    }
    domains.write(
        &mut out,
        table_format,
        &report.domains,
        "No phishing domain was found (only ours and known services').",
    )?;
    let hosted: Vec<&HostRow> = report
        .domains
        .iter()
        .flat_map(|d| &d.hosts)
        .filter(|h| h.ip.is_some() || h.error.is_some())
        .collect();
    if !hosted.is_empty() {
        writeln!(out)?;
        heading(&mut out, "Where the links point")?;
        let mut hosts = Table::new(vec!["host", "address", "network", "abuse"]);
        for h in &hosted {
            hosts.push(vec![
                h.defanged.clone(),
                h.ip.clone().unwrap_or_else(|| "-".into()),
                h.network.clone().unwrap_or_else(|| "-".into()),
                h.abuse
                    .clone()
                    .or_else(|| h.error.clone())
                    .unwrap_or_else(|| "-".into()),
            ]);
        }
        hosts.write(&mut out, table_format, &hosted, "")?;
    }
    writeln!(out)?;
    heading(&mut out, "Next steps")?;
    for step in &report.next {
        if format == PhishFormat::Markdown {
            writeln!(out, "```sh\n{step}\n```")?;
        } else {
            writeln!(out, "  {step}")?;
        }
    }
    out.flush()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

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
}
