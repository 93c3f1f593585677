//! `linger report`: the audit report, as one self-contained HTML page or
//! Markdown. Asks git for the commit the inventory is at, and makes each
//! evidence path a link that works from where the report is written.
//! Changes nothing in the inventory; works offline.

use std::io::Write;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use super::{Context, Outcome, write_output};
use crate::checks;
use crate::cli::{ReportArgs, ReportFormat};
use crate::error::{Error, Failure};
use crate::output;
use crate::report::{self, Commit, Format, Made};

pub fn run(ctx: &Context, args: ReportArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let severities = checks::severities(&loaded.inventory, &[]);
    let now = ctx.instant(&loaded.inventory);
    let mut findings = loaded.findings(ctx.today, &severities);
    findings.extend(loaded.incident_findings(now, &severities));
    let base = absolute(loaded.base_dir());
    let out_dir = match args.output.as_deref().and_then(Path::parent) {
        Some(dir) if !dir.as_os_str().is_empty() => absolute(dir),
        _ => absolute(Path::new(".")),
    };
    let evidence_href = |evidence: &str| href(&out_dir, &base, evidence);
    let file = loaded.source.path.file_name().map_or_else(
        || "vendors.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let made = Made {
        today: ctx.today,
        now,
        file: &file,
        commit: commit(&loaded.source.path),
        evidence_href: &evidence_href,
    };
    let format = match args.format {
        ReportFormat::Html => Format::Html,
        ReportFormat::Markdown => Format::Markdown,
    };
    let text = report::render(&loaded.inventory, &loaded.source, &findings, &made, format)
        .map_err(|err| {
            Error::failed(
                Failure::Input,
                format!("the report could not be rendered: {err}"),
                "this is a bug in linger; please report it with the inventory that caused it",
            )
        })?;
    if write_output(args.output.as_deref(), &text)?
        && let (Some(path), false) = (&args.output, ctx.quiet)
    {
        writeln!(
            output::stderr(),
            "Wrote the report of {} vendors to {}.",
            loaded.inventory.vendors.len(),
            path.display()
        )?;
    }
    Ok(Outcome::Success)
}

/// The commit the inventory's repository is at, and whether the inventory
/// differs from it; `None` outside a repository or without git.
fn commit(inventory: &Path) -> Option<Commit> {
    let dir = match inventory.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let git = |args: &[&str]| {
        Command::new("git")
            .arg("-C")
            .arg(dir)
            .args(args)
            .output()
            .ok()
            .filter(|out| out.status.success())
            .map(|out| String::from_utf8_lossy(&out.stdout).trim().to_string())
    };
    let id = git(&["rev-parse", "--short=12", "HEAD"]).filter(|id| !id.is_empty())?;
    let name = inventory.file_name()?.to_string_lossy().into_owned();
    let dirty = git(&["status", "--porcelain", "--", &name]).is_none_or(|s| !s.is_empty());
    Some(Commit { id, dirty })
}

fn absolute(path: &Path) -> PathBuf {
    std::fs::canonicalize(path).unwrap_or_else(|_| path.to_path_buf())
}

/// An evidence value as a link: an `http(s)` URL as it is; a path (relative
/// to the inventory) as a relative URL from the report's directory, with
/// `./` in front so that no path is read as a scheme (`javascript:`).
fn href(from: &Path, base: &Path, evidence: &str) -> String {
    let lower = evidence.to_ascii_lowercase();
    if lower.starts_with("https://") || lower.starts_with("http://") {
        return evidence.to_string();
    }
    let target = base.join(evidence);
    let relative = relative_path(from, &target);
    let encoded: Vec<String> = relative
        .components()
        .map(|c| match c {
            Component::ParentDir => "..".to_string(),
            Component::CurDir => ".".to_string(),
            other => percent_encode(&other.as_os_str().to_string_lossy()),
        })
        .collect();
    let joined = encoded.join("/");
    if joined.starts_with("..") {
        joined
    } else {
        format!("./{joined}")
    }
}

/// The path from directory `from` to `to`, both absolute.
fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let from: Vec<Component> = from.components().collect();
    let to_parts: Vec<Component> = to.components().collect();
    let common = from
        .iter()
        .zip(&to_parts)
        .take_while(|(a, b)| a == b)
        .count();
    if common == 0 {
        return to.to_path_buf();
    }
    let mut out = PathBuf::new();
    for _ in common..from.len() {
        out.push("..");
    }
    for part in &to_parts[common..] {
        out.push(part.as_os_str());
    }
    out
}

/// Percent-encodes all but the characters a URL path segment may hold as
/// they are.
fn percent_encode(segment: &str) -> String {
    let mut out = String::with_capacity(segment.len());
    for byte in segment.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evidence_links_work_from_the_reports_directory() {
        let base = Path::new("/srv/privacy");
        assert_eq!(
            href(base, base, "evidence/old crm.pdf"),
            "./evidence/old%20crm.pdf"
        );
        assert_eq!(
            href(Path::new("/srv/privacy/out"), base, "evidence/a.pdf"),
            "../evidence/a.pdf"
        );
        assert_eq!(
            href(base, base, "javascript:alert(1)"),
            "./javascript%3Aalert(1)"
        );
        assert_eq!(
            href(base, base, "https://x.example/a?b"),
            "https://x.example/a?b"
        );
    }
}
