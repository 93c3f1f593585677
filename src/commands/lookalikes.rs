//! `linger lookalikes [DOMAIN]`: the lookalikes of our domain that exist,
//! newest registration first, for spotting a phishing domain before (or
//! after) it is used. Reads the inventory, when there is one, for the
//! default domain and our other domains; changes nothing.

use std::collections::{HashMap, HashSet};
use std::io::Write;
use std::path::Path;

use serde::Serialize;

use super::{Context, Outcome, network};
use crate::cli::{LookalikesArgs, LookalikesFormat};
use crate::error::{Error, Failure};
use crate::online::lookalikes::{self, Lookalike};
use crate::online::lookup::{self, Existing};
use crate::online::{self, ct, domains, rdap::Registration};
use crate::output::{self, table::Table, table::TableFormat};
use crate::printable::visible;

pub fn run(ctx: &Context, args: LookalikesArgs) -> Result<Outcome, Error> {
    let (domain, ours, _) = ctx.protected(
        args.domain.as_deref().map(|d| d.trim().to_lowercase()),
        "name the domain: `linger lookalikes northwind.example`",
    )?;
    let words = words(args.dictionary.as_deref())?;
    let options = lookalikes::Options {
        idn: !args.ascii,
        words: &words,
    };
    let names = lookalikes::generate(&domain, options).map_err(|err| {
        Error::failed(
            Failure::Usage,
            err,
            "give the domain you own, without `www.` or a subdomain: `linger lookalikes northwind.example`",
        )
    })?;
    // Our other domains (`organization.domains`) are no threat.
    let names: Vec<Lookalike> = names
        .into_iter()
        .filter(|n| !online::is_ours(n, &ours))
        .collect();
    let format = match args.format {
        LookalikesFormat::Table => TableFormat::Table,
        LookalikesFormat::Json => TableFormat::Json,
        LookalikesFormat::Csv => TableFormat::Csv,
    };
    if args.names_only {
        return print_names(&names, format);
    }

    let (http, sources) = network::client(&args.online)?;
    let mut names = names;
    let sightings = if args.ct {
        let sightings = certificates(&http, &sources, &domain, &ours, &args.brand, ctx.quiet)?;
        // Sets, not scans: crt.sh may name 150,000 domains.
        let known: HashSet<String> = names.iter().map(|n| n.ascii.clone()).collect();
        for sighting in &sightings {
            if !known.contains(&sighting.domain) {
                names.push(Lookalike {
                    kind: lookalikes::Kind::Certificate,
                    name: sighting.unicode(),
                    ascii: sighting.domain.clone(),
                });
            }
        }
        sightings
    } else {
        Vec::new()
    };
    let bar = network::progress(names.len(), "resolving lookalikes", ctx.quiet);
    let lookup::Lookups {
        mut found,
        failures,
        unknown,
    } = lookup::lookalikes(&http, &sources, &names, &|| bar.inc(1));
    bar.finish_and_clear();
    if let Some(warning) = network::unchecked(&http) {
        writeln!(
            output::stderr(),
            "warning: {warning}; the names not checked may exist"
        )?;
    }
    // Nothing answered, not even crt.sh (whose domains are news by
    // themselves).
    if let Some(first) = failures.first()
        && failures.len() >= names.len()
        && sightings.is_empty()
    {
        return Err(network::unreachable(first));
    }
    let mut err = output::stderr();
    if let Some(first) = failures.first()
        && !ctx.quiet
    {
        writeln!(
            err,
            "warning: {} of {} lookups failed, so a registered lookalike may be missing (first: {first})",
            failures.len(),
            names.len()
        )?;
    }

    // Newest registration first; unknown dates after every known one.
    found.sort_by(|a, b| {
        registered_on(b)
            .cmp(&registered_on(a))
            .then_with(|| a.lookalike.ascii.cmp(&b.lookalike.ascii))
    });
    let existing = found.len();
    let by_domain: HashMap<&str, &ct::Sighting> =
        sightings.iter().map(|s| (s.domain.as_str(), s)).collect();
    let certificate_of = |ascii: &str| {
        let domain = domains::registrable(ascii).unwrap_or_else(|| ascii.to_string());
        by_domain.get(domain.as_str()).copied()
    };
    let mut rows: Vec<Row> = found
        .iter()
        .map(|f| Row::from(f).with_certificate(certificate_of(&f.lookalike.ascii)))
        .collect();
    // A domain with a certificate that does not resolve (yet, or any more)
    // is still listed: its certificate is the news.
    let listed: HashSet<String> = rows.iter().map(|r| r.ascii.clone()).collect();
    for sighting in &sightings {
        if !listed.contains(&sighting.domain) {
            rows.push(Row::unresolved(
                sighting,
                !unknown.contains(&sighting.domain),
            ));
        }
    }
    if let Some(since) = args.since {
        let since = since.to_string();
        rows.retain(|r| {
            [&r.registered, &r.certificate]
                .iter()
                .any(|d| d.as_deref().is_some_and(|d| d >= since.as_str()))
        });
    }
    let mut table = Table::new(vec![
        "domain",
        "kind",
        "registered",
        "registrar",
        "addresses",
        "mx",
        "certificate",
    ]);
    // JSON is written from the rows; only the table and CSV need cells
    // (150,000 rows of them, from a large crt.sh answer).
    for row in rows.iter().filter(|_| format != TableFormat::Json) {
        table.push(vec![
            if row.domain == row.ascii {
                row.domain.clone()
            } else {
                format!("{} ({})", row.domain, row.ascii)
            },
            row.kind.to_string(),
            row.registered.clone().unwrap_or_else(|| "-".into()),
            row.registrar.clone().unwrap_or_else(|| "-".into()),
            row.a
                .iter()
                .chain(&row.aaaa)
                .cloned()
                .collect::<Vec<_>>()
                .join(" "),
            row.mx.join(" "),
            match (&row.certificate, &row.issuer) {
                (Some(on), Some(issuer)) => format!("{on} {issuer}"),
                (None, Some(issuer)) => issuer.clone(),
                _ => "-".into(),
            },
        ]);
    }
    let mut out = output::stdout_for(format);
    let none = match args.since {
        Some(since) => format!("No lookalike of {domain} was registered on or after {since}."),
        None => format!(
            "No lookalike of {domain} exists ({} names checked).",
            names.len()
        ),
    };
    table.write(&mut out, format, &rows, &none)?;
    out.flush()?;
    if !ctx.quiet && format == TableFormat::Table {
        writeln!(
            err,
            "{} of {} lookalikes exist{}; {} requests went to the network.",
            existing,
            names.len(),
            if args.since.is_some() {
                format!(", {} listed", rows.len())
            } else {
                String::new()
            },
            http.sent()
        )?;
    }
    Ok(if args.exit_code && !rows.is_empty() {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

/// The `dictionary` fuzzer's words: the built-in list and those of
/// `--dictionary FILE`.
fn words(file: Option<&Path>) -> Result<Vec<String>, Error> {
    let mut words: Vec<String> = lookalikes::WORDS.iter().map(|w| w.to_string()).collect();
    let Some(file) = file else {
        return Ok(words);
    };
    let shown = file.display();
    let text = std::fs::read(file).map_err(|err| {
        Error::failed(
            Failure::Usage,
            format!("cannot read {shown}: {err}"),
            "give a text file of words, one a line",
        )
    })?;
    let text = String::from_utf8_lossy(&text);
    for (number, line) in text.lines().enumerate() {
        let word = line
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('\u{feff}');
        if word.is_empty() {
            continue;
        }
        let word = word.to_lowercase();
        if !lookalikes::valid_word(&word) {
            return Err(Error::failed(
                Failure::Usage,
                format!(
                    "{shown}:{}:1: `{}` is not a word that can stand in a domain name",
                    number + 1,
                    visible(&word)
                ),
                "use letters a-z, digits and hyphens, one word a line",
            ));
        }
        if !words.contains(&word) {
            words.push(word);
        }
    }
    Ok(words)
}

/// The domains not ours in Certificate Transparency whose certificates
/// name one of our brand words: the domain's own label and `extra`. A
/// brand that crt.sh does not answer for is a warning, not the end of the
/// run: the permutations are still checked.
fn certificates(
    http: &crate::net::http::Http,
    sources: &lookup::Sources,
    domain: &str,
    ours: &[String],
    extra: &[String],
    quiet: bool,
) -> Result<Vec<ct::Sighting>, Error> {
    let label = domain.split('.').next().unwrap_or(domain).to_string();
    let mut brands = vec![label];
    for word in extra {
        let word = word.trim().to_lowercase();
        if word.len() < 3 || !lookalikes::valid_word(&word) {
            return Err(Error::failed(
                Failure::Usage,
                format!(
                    "`{}` is not a brand word linger can search for",
                    visible(&word)
                ),
                "give a word of three or more letters, digits or hyphens: `--brand northwind`",
            ));
        }
        if !brands.contains(&word) {
            brands.push(word);
        }
    }
    let mut all = Vec::new();
    for brand in &brands {
        match lookup::certificates(http, sources, brand) {
            Ok(found) => all.extend(found),
            Err(err) if !quiet => writeln!(
                output::stderr(),
                "warning: Certificate Transparency (crt.sh) did not answer for `{brand}`: {}; lookalikes only it would find may be missing",
                visible(&err)
            )?,
            Err(_) => {}
        }
    }
    Ok(ct::sightings(&all, &brands, ours))
}

fn registered_on(found: &Existing) -> Option<chrono::NaiveDate> {
    match &found.registration {
        Ok(Registration::Registered { on, .. }) => *on,
        _ => None,
    }
}

/// One existing lookalike, as JSON and CSV show it. Text from the network
/// is made printable: a registrar name could carry escape codes.
#[derive(Debug, Serialize)]
struct Row {
    domain: String,
    ascii: String,
    kind: lookalikes::Kind,
    registered: Option<String>,
    registrar: Option<String>,
    a: Vec<String>,
    aaaa: Vec<String>,
    mx: Vec<String>,
    /// Why the registration is unknown, when it is.
    rdap_error: Option<String>,
    /// Whether it resolves (every name found by permutation does; a
    /// domain found in Certificate Transparency may not); `None` when its
    /// DNS question failed or was not asked before the deadline.
    resolves: Option<bool>,
    /// The day of its first certificate with our brand in a name, from
    /// Certificate Transparency (`--ct`).
    certificate: Option<String>,
    /// That certificate's issuer.
    issuer: Option<String>,
}

impl Row {
    fn with_certificate(mut self, sighting: Option<&ct::Sighting>) -> Self {
        if let Some(sighting) = sighting {
            self.certificate = sighting.first.map(|d| d.to_string());
            self.issuer = Some(visible(&sighting.issuer).into_owned());
        }
        self
    }

    /// A domain seen only in Certificate Transparency, which does not
    /// resolve, or, unless `asked`, whose DNS question got no answer.
    fn unresolved(sighting: &ct::Sighting, asked: bool) -> Self {
        Row {
            domain: sighting.unicode(),
            ascii: sighting.domain.clone(),
            kind: lookalikes::Kind::Certificate,
            registered: None,
            registrar: None,
            a: Vec::new(),
            aaaa: Vec::new(),
            mx: Vec::new(),
            rdap_error: Some(if asked {
                "not looked up: the domain does not resolve".into()
            } else {
                "not looked up: whether the domain resolves is unknown (its DNS question failed)"
                    .into()
            }),
            resolves: asked.then_some(false),
            certificate: None,
            issuer: None,
        }
        .with_certificate(Some(sighting))
    }
}

impl From<&Existing> for Row {
    fn from(found: &Existing) -> Self {
        let clean = |items: &[String]| items.iter().map(|i| visible(i).into_owned()).collect();
        let (registered, registrar, rdap_error) = match &found.registration {
            Ok(Registration::Registered { on, registrar, .. }) => (
                on.map(|d| d.to_string()),
                registrar.as_deref().map(|r| visible(r).into_owned()),
                None,
            ),
            // Resolves but RDAP does not know it: a registry without RDAP,
            // or a name under a wildcard.
            Ok(Registration::NotRegistered) => (None, None, Some("RDAP does not know it".into())),
            Err(err) => (None, None, Some(visible(err).into_owned())),
        };
        Row {
            domain: found.lookalike.name.clone(),
            ascii: found.lookalike.ascii.clone(),
            kind: found.lookalike.kind,
            registered,
            registrar,
            a: clean(&found.a),
            aaaa: clean(&found.aaaa),
            mx: clean(&found.mx),
            rdap_error,
            resolves: Some(true),
            certificate: None,
            issuer: None,
        }
    }
}

fn print_names(names: &[Lookalike], format: TableFormat) -> Result<Outcome, Error> {
    #[derive(Serialize)]
    struct Name<'a> {
        domain: &'a str,
        ascii: &'a str,
        kind: lookalikes::Kind,
    }
    let rows: Vec<Name> = names
        .iter()
        .map(|l| Name {
            domain: &l.name,
            ascii: &l.ascii,
            kind: l.kind,
        })
        .collect();
    let mut table = Table::new(vec!["domain", "ascii", "kind"]);
    for l in names {
        table.push(vec![l.name.clone(), l.ascii.clone(), l.kind.to_string()]);
    }
    let mut out = output::stdout_for(format);
    table.write(&mut out, format, &rows, "")?;
    out.flush()?;
    Ok(Outcome::Success)
}
