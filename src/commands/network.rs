//! What the commands that talk to another machine share: the HTTP client
//! built from the command line and the sources it asks (`check --online`,
//! `lookalikes`, `phish --online`, and `send`'s look at a vendor's domain),
//! a progress bar for long runs, and what a mail connection (`send`'s
//! `[smtp]`, `inbox --imap`'s `[imap]`) logs in with and trusts: its
//! secret from the keyring and its `ca_file`, read the same bounded way
//! for both; and the SMTP client built from them (`mailer`), for `send` to
//! a vendor and `send --incident` alike.

use std::io::{IsTerminal, Write};
use std::path::Path;
use std::time::Duration;

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use super::Loaded;
use crate::cli::{Endpoints, OnlineArgs};
use crate::error::{Error, Failure};
use crate::inventory::MailAuth;
use crate::net::cache::Cache;
use crate::net::guard::Trusted;
use crate::net::http::{self, Http};
use crate::net::smtp::{Login, Mailer};
use crate::net::tls::ExtraRoots;
use crate::online::lookup::Sources;
use crate::online::sources::{self, SOURCES};
use crate::secrets::{self, Keyring, Secret};

/// The client and sources for `args`.
pub fn client(args: &OnlineArgs) -> Result<(Http, Sources), Error> {
    build(&args.endpoints, args.refresh, usize::from(args.jobs), None)
}

/// `client`, trusting one more base for its own requests (`check
/// --online`'s `--site-url`, when it names a server of its own).
pub fn client_trusting(
    args: &OnlineArgs,
    extra: Option<(crate::net::guard::Family, url::Url)>,
) -> Result<(Http, Sources), Error> {
    build(&args.endpoints, args.refresh, usize::from(args.jobs), extra)
}

/// The client and sources for a one-off question (`send`).
pub fn client_for(endpoints: &Endpoints) -> Result<(Http, Sources), Error> {
    build(endpoints, false, 1, None)
}

fn build(
    endpoints: &Endpoints,
    refresh: bool,
    jobs: usize,
    extra: Option<(crate::net::guard::Family, url::Url)>,
) -> Result<(Http, Sources), Error> {
    let cache = endpoints
        .cache_dir
        .clone()
        .or_else(Cache::default_dir)
        .map(Cache::new);
    if let Some(warning) = cache.as_ref().and_then(Cache::warning) {
        let _ = writeln!(crate::output::stderr(), "warning: {warning}");
    }
    let sources = Sources::new(|id| endpoints.urls.get(id).cloned()).map_err(|id| {
        Error::failed(
            Failure::Usage,
            format!(
                "no URL for the online source `{}`",
                sources::source(id).name
            ),
            format!("give one with `--{}`", sources::source(id).long()),
        )
    })?;
    // Each source's base is trusted for its own requests (`net::guard`);
    // the address bootstrap's folder is one whether given or derived.
    let trusted = Trusted::new(
        SOURCES
            .iter()
            .map(|source| (source.family, sources.url(source.id)))
            .chain(extra.as_ref().map(|(family, url)| (*family, url))),
        proxy_variable,
    );
    let http = Http::new(http::Options {
        cache,
        refresh,
        jobs,
        timeout: Duration::from_secs(endpoints.timeout),
        deadline: Duration::from_secs(endpoints.deadline),
        trusted,
    })
    .map_err(|err| {
        Error::failed(
            Failure::Network,
            err.to_string(),
            "this is a bug in linger's TLS set-up; please report it",
        )
    })?;
    Ok((http, sources))
}

/// A proxy variable, as reqwest (which reads the same ones to choose its
/// proxy) sees it: the guard trusts the proxy reqwest will connect to.
#[allow(clippy::disallowed_methods)] // reqwest owns these; linger only mirrors them
fn proxy_variable(name: &str) -> Option<String> {
    std::env::var(name).ok()
}

/// The error for a run in which no question got an answer: `first` is the
/// first failure, which names the host and what went wrong.
pub fn unreachable(first: &str) -> Error {
    Error::failed(
        Failure::Network,
        format!("no online source answered: {first}"),
        "check the network or proxy (HTTPS_PROXY, NO_PROXY), or point linger at a mirror: docs/online.md",
    )
}

/// The warning for a run cut short by its deadline, when it was: how many
/// questions were not asked, so a missing finding is not read as "all
/// clear".
pub fn unchecked(http: &Http) -> Option<String> {
    match http.unasked() {
        0 => None,
        n => Some(format!(
            "{n} {} not checked: the run's deadline of {} s passed (raise it with --deadline)",
            if n == 1 {
                "question was"
            } else {
                "questions were"
            },
            http.budget().as_secs()
        )),
    }
}

/// A progress bar on standard error for `total` steps, drawn only when
/// both standard output and standard error are terminals, the run is not
/// `--quiet`, and there are more than a few steps.
pub fn progress(total: usize, message: &'static str, quiet: bool) -> ProgressBar {
    let shown =
        !quiet && total > 5 && std::io::stdout().is_terminal() && std::io::stderr().is_terminal();
    let target = if shown {
        ProgressDrawTarget::stderr()
    } else {
        ProgressDrawTarget::hidden()
    };
    let bar = ProgressBar::with_draw_target(Some(total as u64), target);
    if let Ok(style) = ProgressStyle::with_template("{msg} [{bar:30}] {pos}/{len} ({eta})") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_message(message);
    bar
}

/// The most of a `ca_file` linger reads: a CA's certificate is a few
/// kilobytes, a whole bundle a few hundred.
pub const CA_FILE_LIMIT: u64 = 1 << 20;

/// The secret `name` of a mail connection (`smtp-password`,
/// `imap-oauth-token`…), from the keyring or its environment variable, or
/// the error that says where it was looked for and how to store it.
pub fn mail_secret(name: &str) -> Result<Secret, Error> {
    let keyring = Keyring::open().map_err(|err| Error::secret(err, name))?;
    let (secret, _) = keyring.get(name).map_err(|missing| {
        Error::failed(
            Failure::Secret,
            missing.to_string(),
            format!(
                "store it once with `linger secret set {name}`, or set {} for a CI job",
                missing.variable
            ),
        )
    })?;
    Ok(secret)
}

/// The certificates of the `[table]` table's `ca_file` (`smtp` or `imap`;
/// relative to the inventory), none without one: read up to
/// `CA_FILE_LIMIT` and checked (PEM, at least one certificate).
pub fn ca_file(loaded: &Loaded, table: &str, file: Option<&str>) -> Result<ExtraRoots, Error> {
    match file {
        Some(file) => read_ca_file(&loaded.base_dir().join(file), table),
        None => Ok(ExtraRoots::none()),
    }
}

fn read_ca_file(path: &Path, table: &str) -> Result<ExtraRoots, Error> {
    let what = format!("`{}` (`[{table}] ca_file`)", path.display());
    // Asked first so that the error says the size; the bounded read below
    // still guards a file that grows meanwhile, or a FIFO.
    let size = std::fs::metadata(path).map_or(0, |m| m.len());
    if size > CA_FILE_LIMIT {
        return Err(Error::failed(
            Failure::Input,
            format!(
                "{what} is {size} bytes, more than {}, linger's limit for a CA file",
                http::size(CA_FILE_LIMIT)
            ),
            "name the PEM file of the one CA the server's certificate comes from",
        ));
    }
    let pem = crate::inventory::read_file_upto(path, CA_FILE_LIMIT).map_err(|err| Error::Read {
        path: path.to_path_buf(),
        err,
    })?;
    ExtraRoots::from_pem(&pem)
        .map_err(|err| Error::failed(Failure::Input, format!("{what} {err}"), err.help()))
}

/// The SMTP client of `[smtp]`, with its secret from the keyring (or the
/// environment) and its CA file: what `send` sends with.
pub(super) fn mailer(loaded: &Loaded) -> Result<Mailer, Error> {
    let inventory = &loaded.inventory;
    let Some(smtp) = &inventory.smtp else {
        return Err(Error::failed(
            Failure::Send,
            format!(
                "`{}` has no [smtp] table to send with",
                loaded.source.display_path()
            ),
            "add `[smtp]` with host, port, username and security = \"starttls\" (docs/sending.md)",
        ));
    };
    // A token for XOAUTH2, else a password; either only with a username.
    let secret_name = match smtp.auth {
        Some(MailAuth::Xoauth2) => secrets::SMTP_OAUTH_TOKEN,
        _ => secrets::SMTP_PASSWORD,
    };
    let secret = match &smtp.username {
        Some(_) => Some(mail_secret(secret_name)?),
        None => None,
    };
    let login = smtp
        .username
        .as_deref()
        .zip(secret.as_ref())
        .map(|(username, secret)| Login { username, secret });
    let extra_roots = ca_file(loaded, "smtp", smtp.ca_file.as_deref())?;
    Mailer::new(smtp, login, inventory.organization.domain(), &extra_roots)
        .map_err(|err| Error::failed(Failure::Send, err.to_string(), "check the [smtp] table"))
}
