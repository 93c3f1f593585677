//! `linger check`: every check, as diagnostics or JSON.

use std::io::Write;

use super::{Context, Outcome, network, takedown};
use crate::checks::{self, Code, Finding, Severity, Summary};
use crate::cli::{CheckArgs, CheckFormat};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Failure};
use crate::output::{self, diagnostics::DiagnosticRenderer};

pub fn run(ctx: &Context, args: CheckArgs) -> Result<Outcome, Error> {
    if args.network.refresh && !args.online {
        return Err(Error::failed(
            Failure::Usage,
            "--refresh asks the online sources again, but this run does not ask them",
            "add --online: `linger check --online --refresh`",
        ));
    }
    let recheck = takedown::Recheck::prepare(ctx, &args)?;
    let loaded = ctx.load_reporting_json(args.format == CheckFormat::Json)?;
    // Applied in this order, so the strictest wins when a code is named twice.
    let overrides: Vec<(Code, Severity)> = (args.allow.iter().map(|c| (*c, Severity::Allow)))
        .chain(args.warn.iter().map(|c| (*c, Severity::Warn)))
        .chain(args.deny.iter().map(|c| (*c, Severity::Error)))
        .collect();
    let severities = checks::severities(&loaded.inventory, &overrides);
    let mut findings = loaded.findings(ctx.today, &severities);
    findings.extend(loaded.incident_findings(ctx.instant(&loaded.inventory), &severities));
    if args.online {
        let (http, sources) = network::client_trusting(&args.network, recheck.trust())?;
        let online = online_findings(ctx, (&http, &sources), &loaded.inventory, &severities)?;
        findings.extend(online);
        recheck.run(ctx, (&http, &sources), &loaded, &severities, &mut findings)?;
    }
    if !args.logins.is_empty() {
        let (apps, _, _) =
            crate::discover::logins::read_all(&args.logins, false).map_err(|message| {
                Error::failed(Failure::Input, message, "see docs/discover.md, \"Logins\"")
            })?;
        let table = loaded.fingerprints()?;
        findings.extend(checks::run_logins(
            &loaded.inventory,
            &severities,
            &apps,
            &table,
            ctx.today,
        ));
    }
    findings.sort_by_key(|f| (f.span.start, f.code));
    let summary = Summary::of(&findings);

    let mut out = output::stdout();
    match args.format {
        CheckFormat::Human => {
            let renderer = DiagnosticRenderer::for_stream(out.get_ref());
            let (folded, shown) = fold_advice(&findings, args.verbose);
            for finding in shown {
                writeln!(
                    out,
                    "{}\n",
                    renderer.render(&to_diagnostic(finding), &loaded.source)
                )?;
            }
            for (code, vendors) in &folded {
                writeln!(
                    out,
                    "info[{code}]: {} vendors: {}\n  = help: `linger check --verbose` shows each, with what to do\n",
                    vendors.len(),
                    vendors.join(", ")
                )?;
            }
            if !ctx.quiet {
                writeln!(
                    out,
                    "checked {} vendor{}: {}",
                    loaded.inventory.vendors.len(),
                    if loaded.inventory.vendors.len() == 1 {
                        ""
                    } else {
                        "s"
                    },
                    describe(summary)
                )?;
            }
        }
        CheckFormat::Json => {
            let mut data = output::data_stdout();
            output::write_json(
                &mut data,
                &output::json::findings(&loaded.source, &findings),
            )?;
            data.flush()?;
        }
        CheckFormat::Sarif => {
            let artifact = sarif_artifact(&loaded.source.path, args.sarif_root.as_deref())?;
            let mut data = output::data_stdout();
            output::write_json(
                &mut data,
                &output::sarif::log(&loaded.source, &artifact, &findings, &severities),
            )?;
            data.flush()?;
        }
    }
    out.flush()?;
    Ok(if summary.error > 0 {
        Outcome::Findings
    } else {
        Outcome::Success
    })
}

/// The advice codes, which a first run reports for nearly every vendor.
const ADVICE: [Code; 2] = [Code::NoCanary, Code::SubjectsMissing];

/// Splits the findings a person reads: the advice findings still at `info`
/// become one line per code (the vendors it names) when two or more share
/// it, unless `verbose`; everything else is shown as it is. The machine
/// formats always carry every finding.
fn fold_advice(findings: &[Finding], verbose: bool) -> (Vec<(Code, Vec<String>)>, Vec<&Finding>) {
    let foldable =
        |f: &Finding| !verbose && f.severity == Severity::Info && ADVICE.contains(&f.code);
    let mut folded: Vec<(Code, Vec<String>)> = Vec::new();
    for code in ADVICE {
        let vendors: Vec<String> = findings
            .iter()
            .filter(|f| f.code == code && foldable(f))
            .filter_map(|f| f.vendor.clone())
            .collect();
        if vendors.len() >= 2 {
            folded.push((code, vendors));
        }
    }
    let shown = findings
        .iter()
        .filter(|f| !(foldable(f) && folded.iter().any(|(code, _)| *code == f.code)))
        .collect();
    (folded, shown)
}

/// Where the inventory is for code scanning: its path relative to the
/// repository's root (`root`, else the git work tree's top level, else the
/// current directory, else the inventory's own directory), which SARIF
/// names `%SRCROOT%`, so that GitHub maps each result to the file in the
/// repository wherever linger ran.
fn sarif_artifact(
    inventory: &std::path::Path,
    root: Option<&std::path::Path>,
) -> Result<output::sarif::Artifact, Error> {
    let absolute = std::fs::canonicalize(inventory).map_err(|err| Error::Read {
        path: inventory.to_path_buf(),
        err,
    })?;
    let folder = absolute.parent().unwrap_or(&absolute).to_path_buf();
    let root = match root {
        Some(root) => std::fs::canonicalize(root).map_err(|err| Error::Read {
            path: root.to_path_buf(),
            err,
        })?,
        None => folder
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .map(std::path::Path::to_path_buf)
            .or_else(|| {
                std::env::current_dir()
                    .ok()
                    .and_then(|cwd| std::fs::canonicalize(cwd).ok())
                    .filter(|cwd| absolute.starts_with(cwd))
            })
            .unwrap_or(folder),
    };
    output::sarif::Artifact::new(&absolute, &root).ok_or_else(|| {
        Error::failed(
            Failure::Usage,
            format!(
                "the inventory {} is not inside --sarif-root {}",
                absolute.display(),
                root.display()
            ),
            "give the repository's top level as --sarif-root, or leave it out",
        )
    })
}

/// Asks the online sources and runs the online checks over the answers.
/// Fails (exit 2) only when no source answered at all; otherwise what
/// could not be asked is an `online-check-failed` finding.
fn online_findings(
    ctx: &Context,
    (http, sources): (&crate::net::http::Http, &crate::online::lookup::Sources),
    inventory: &crate::inventory::Inventory,
    severities: &checks::Severities,
) -> Result<Vec<Finding>, Error> {
    use crate::online::{Plan, lookup};
    let plan = Plan::of(inventory);
    // The breach list and the bootstrap, the hosts and domains, then at
    // most one website per host.
    let steps =
        2 + plan.hosts.len() + plan.domains.len() + plan.websites.len() + plan.lookalikes.len();
    let bar = network::progress(steps, "asking online sources", ctx.quiet);
    let facts = lookup::gather(http, sources, &plan, &|| bar.inc(1));
    bar.finish_and_clear();
    if let Some(warning) = network::unchecked(http) {
        writeln!(crate::output::stderr(), "warning: {warning}")?;
    }
    let (answered, failed) = facts.tally();
    if answered == 0 && failed > 0 {
        let first = facts
            .breaches
            .as_ref()
            .and_then(|b| b.as_ref().err())
            .cloned()
            .unwrap_or_default();
        return Err(network::unreachable(&first));
    }
    Ok(checks::run_online(inventory, severities, &facts, ctx.today))
}

fn to_diagnostic(finding: &Finding) -> Diagnostic {
    Diagnostic {
        severity: finding.severity,
        code: Some(finding.code),
        message: finding.message.clone(),
        span: Some((finding.span.clone(), finding.label.clone())),
        context: None,
        help: Some(finding.help.clone()),
        secret: false,
    }
}

fn describe(summary: Summary) -> String {
    if summary == Summary::default() {
        return "no findings".to_string();
    }
    let plural =
        |n: usize, one: &str, many: &str| format!("{n} {}", if n == 1 { one } else { many });
    [
        (summary.error, plural(summary.error, "error", "errors")),
        (summary.warn, plural(summary.warn, "warning", "warnings")),
        (summary.info, plural(summary.info, "info", "infos")),
    ]
    .into_iter()
    .filter(|(n, _)| *n > 0)
    .map(|(_, text)| text)
    .collect::<Vec<_>>()
    .join(", ")
}
