//! The inputs of a breach-kit letter that come from files and flags, read
//! and checked before anything is composed: `--addresses FILE` (one address
//! a line), `--message FILE.eml` (the phishing originals a report
//! attaches), `--phishing-domain`, the abuse desk's `--to` and a report's
//! `--target`. What
//! `letter` and `send --incident` share.

use std::path::{Path, PathBuf};

use super::read_source;
use crate::address::{email_problem, is_domain};
use crate::diagnostic::Diagnostic;
use crate::error::{Error, Failure};
use crate::letters::Kind;
use crate::letters::phish::{self, PhishingMessage};

/// The addresses of `--addresses FILE`: one per line; blank lines and lines
/// starting with `#` are skipped; repeats count once.
pub fn read_addresses(path: &Path) -> Result<Vec<String>, Error> {
    let source = read_source(path)?;
    let mut addresses: Vec<String> = Vec::new();
    let mut diagnostics = Vec::new();
    let mut offset = 0;
    for raw in source.text.split_inclusive('\n') {
        let line = raw.trim();
        let start = offset + (raw.len() - raw.trim_start().len());
        offset += raw.len();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match email_problem(line) {
            Some(problem) => diagnostics.push(
                Diagnostic::error(format!("`{line}` is not an e-mail address"))
                    .at(start..start + line.len(), problem)
                    .help("one address per line; lines starting with `#` are comments"),
            ),
            None if addresses.iter().any(|a| a.eq_ignore_ascii_case(line)) => {}
            None => addresses.push(line.to_string()),
        }
    }
    if !diagnostics.is_empty() {
        return Err(Error::Invalid {
            source: Box::new(source),
            diagnostics,
        });
    }
    if addresses.is_empty() {
        return Err(Error::failed(
            Failure::Input,
            format!("`{}` holds no addresses", path.display()),
            "write one address per line",
        ));
    }
    Ok(addresses)
}

/// The messages of `--message` for an abuse or registrar report: the
/// phishing originals, attached.
pub fn read_messages(kind: Kind, paths: &[PathBuf]) -> Result<Vec<PhishingMessage>, Error> {
    if !matches!(kind, Kind::AbuseReport | Kind::RegistrarReport) {
        return Ok(Vec::new());
    }
    let read = |path: &PathBuf| {
        let (name, raw) = read_message(path)?;
        phish::read_originals(&name, raw).map_err(|err| {
            Error::failed(
                Failure::Input,
                format!("`{}` is not an e-mail message: {}", path.display(), err.reason),
                "save the phishing e-mail from your mail client as a file (\"Save as\" or \"Download message\", .eml)",
            )
        })
    };
    let all = paths.iter().map(read).collect::<Result<Vec<_>, Error>>()?;
    Ok(all.into_iter().flatten().collect())
}

/// A saved message's file name and bytes: a regular file no larger than
/// mail servers take (it is attached whole), so no FIFO, device or 2 GB
/// message.
pub fn read_message(path: &Path) -> Result<(String, Vec<u8>), Error> {
    let raw =
        crate::inventory::read_file_upto(path, phish::MAX_MESSAGE).map_err(|err| Error::Read {
            path: path.to_path_buf(),
            err,
        })?;
    let name = path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into(),
    );
    Ok((name, raw))
}

/// A domain name as people paste it: `https://` and a path are refused
/// with a hint, so the letters name exactly the domain. A defanged name
/// (`evil[.]example`, as `linger phish` prints them) is read back.
pub fn phishing_domain(text: &str) -> Result<String, Error> {
    let domain = text
        .trim()
        .replace("[.]", ".")
        .trim_end_matches('.')
        .to_ascii_lowercase();
    if is_domain(&domain) {
        Ok(domain)
    } else {
        Err(Error::failed(
            Failure::Usage,
            format!("`{text}` is not a domain name"),
            "give the domain alone, e.g. `--phishing-domain northwind-secure.example` (no https://, no path)",
        ))
    }
}

pub fn abuse_contact(text: &str) -> Result<String, Error> {
    match email_problem(text) {
        None => Ok(text.to_string()),
        Some(problem) => Err(Error::failed(
            Failure::Usage,
            format!("`--to {text}`: the address {problem}"),
            "give the abuse address of the bulk-mail service, e.g. `abuse@sender.example`",
        )),
    }
}

/// `--target` as given: a domain for a registrar-report (a defanged one is
/// read back), an account or service for an abuse-report; lower case.
pub fn target_given(kind: Kind, given: &str) -> Result<String, Error> {
    if kind == Kind::RegistrarReport {
        return phishing_domain(given);
    }
    let target = given.trim().to_lowercase();
    if target.is_empty() || target.chars().any(char::is_control) {
        return Err(Error::failed(
            Failure::Usage,
            format!("`--target {}` names nothing", given.escape_debug()),
            "name the sending account or service, e.g. `--target sendgrid` or `--target billing@northwind-login.example`",
        ));
    }
    Ok(target)
}
