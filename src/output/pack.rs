//! What `linger evidence pack` and `verify` show: the pack's `index.html`
//! (the report's style, self-contained: every link is to a file inside
//! the pack), each vendor's history as text (as `show` prints it), the
//! line after a pack is written and `verify`'s findings.

use std::collections::{HashMap, HashSet};
use std::io::{self, Write};

use chrono::NaiveDate;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};
use serde::Serialize;

use crate::inventory::{Inventory, Located, Vendor};
use crate::pack::{self, Manifest, Verdict};
use crate::printable::visible;

const TEMPLATE: &str = include_str!("pack.html");
const REPORT: &str = include_str!("../report/report.html");

/// The report's stylesheet, taken from its template, so that the pack's
/// page looks like the report and the two never drift apart.
fn style() -> &'static str {
    REPORT
        .split_once("<style>")
        .and_then(|(_, rest)| rest.split_once("</style>"))
        .map_or("", |(css, _)| css)
}

#[derive(Serialize)]
struct Page<'a> {
    version: &'static str,
    style: &'static str,
    organization: &'a str,
    made_on: NaiveDate,
    inventory_file: &'a str,
    inventory_sha256: &'a str,
    evidence: usize,
    missing: usize,
    differing: usize,
    vendors: Vec<VendorView<'a>>,
}

#[derive(Serialize)]
struct VendorView<'a> {
    id: &'a str,
    name: &'a str,
    state: String,
    history_json: String,
    history_txt: String,
    events: Vec<EventView<'a>>,
}

#[derive(Serialize)]
struct EventView<'a> {
    index: usize,
    on: NaiveDate,
    kind: &'static str,
    note: Option<&'a str>,
    reference: Option<&'a str>,
    file: Option<FileView>,
    /// The files that came with the evidence (`attachments`).
    attachments: Vec<FileView>,
    url: Option<&'a str>,
    url_href: bool,
}

#[derive(Serialize)]
struct FileView {
    source: String,
    href: String,
    sha256: String,
    recorded: String,
    /// `ok`, `missing`, or `differs` (not the file the inventory recorded).
    status: &'static str,
}

/// A name in the pack as a link from `index.html`, at the pack's root:
/// `./` first, so that no name is read as a scheme.
fn href(name: &str) -> String {
    let mut out = String::from("./");
    for byte in name.bytes() {
        if byte.is_ascii_alphanumeric() || b"-._~!$&'()*+,;=@/".contains(&byte) {
            out.push(char::from(byte));
        } else {
            out.push_str(&format!("%{byte:02X}"));
        }
    }
    out
}

/// The pack's `index.html`: each vendor's events, each linked to its file
/// in the pack with its SHA-256, `manifest` listing the files so far.
pub fn index_html(
    inventory: &Inventory,
    vendors: &[&Vendor],
    manifest: &Manifest,
    today: NaiveDate,
) -> Result<String, String> {
    // By vendor and path, so that ten thousand vendors cost no more than
    // ten a piece.
    let kept: HashMap<(&str, &str), &pack::FileEntry> = (manifest.files.iter())
        .filter_map(|f| Some(((f.vendor.as_deref()?, f.source.as_deref()?), f)))
        .collect();
    let missing: HashSet<(&str, &str)> = (manifest.missing.iter())
        .map(|m| (m.vendor.as_str(), m.source.as_str()))
        .collect();
    let files = |vendor: &str, source: &str| {
        (
            kept.get(&(vendor, source)).copied(),
            missing.contains(&(vendor, source)),
        )
    };
    let mut views = Vec::new();
    for vendor in vendors {
        let id = vendor.id.value.as_str();
        let history = pack::history(inventory, vendor);
        let events = (history.events.iter().zip(&vendor.events))
            .map(|(record, event)| {
                let evidence = event.evidence.as_ref().map(|e| e.value.as_str());
                let url = evidence.filter(|_| record.file.is_none());
                let view = |source: &str, recorded: Option<&Located<String>>| {
                    let recorded = recorded.map(|h| h.value.to_ascii_lowercase());
                    let (kept, missing) = files(id, source);
                    let sha256 = kept.map(|f| f.sha256.clone()).unwrap_or_default();
                    let status = match (kept, &recorded) {
                        (None, _) if missing => "missing",
                        (Some(_), Some(recorded)) if *recorded != sha256 => "differs",
                        _ => "ok",
                    };
                    FileView {
                        source: source.to_string(),
                        href: kept.map_or_else(String::new, |f| href(&f.name)),
                        sha256,
                        recorded: recorded.unwrap_or_default(),
                        status,
                    }
                };
                let file = evidence
                    .filter(|_| record.file.is_some())
                    .map(|source| view(source, event.evidence_sha256.as_ref()));
                let attachments = (event.attachments.iter())
                    .map(|a| view(&a.evidence.value, a.sha256.as_ref()))
                    .collect();
                EventView {
                    index: record.index,
                    on: record.on,
                    kind: record.kind,
                    note: record.note,
                    reference: record.reference,
                    file,
                    attachments,
                    url,
                    url_href: url.is_some_and(|u| {
                        let lower = u.to_ascii_lowercase();
                        lower.starts_with("https://") || lower.starts_with("http://")
                    }),
                }
            })
            .collect();
        views.push(VendorView {
            id,
            name: &vendor.name,
            state: crate::status::evaluate(inventory, vendor, today)
                .state
                .to_string(),
            history_json: href(&pack::history_name(id, "json")),
            history_txt: href(&pack::history_name(id, "txt")),
            events,
        });
    }
    let page = Page {
        version: env!("CARGO_PKG_VERSION"),
        style: style(),
        organization: &manifest.organization,
        made_on: manifest.made_on,
        inventory_file: &manifest.inventory.file,
        inventory_sha256: &manifest.inventory.sha256,
        evidence: (manifest.files.iter())
            .filter(|f| f.role == pack::Role::Evidence)
            .count(),
        missing: manifest.missing.len(),
        differing: manifest.differing().len(),
        vendors: views,
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::Html);
    env.add_template(pack::INDEX, TEMPLATE)
        .map_err(|e| e.to_string())?;
    env.get_template(pack::INDEX)
        .and_then(|t| t.render(minijinja::value::Serde(&page)))
        .map_err(|e| e.to_string())
}

/// A vendor's history as text: what `linger show` prints, without colour.
pub fn history_text(inventory: &Inventory, vendor: &Vendor, today: NaiveDate) -> Vec<u8> {
    let mut text = Vec::new();
    let mut plain = anstream::StripStream::new(&mut text);
    // Writing to memory cannot fail.
    let _ = super::vendor::write(&mut plain, inventory, vendor, today);
    if !text.ends_with(b"\n") {
        text.push(b'\n');
    }
    text
}

/// What a written pack holds, and what it lacks.
pub fn write_packed(err: &mut impl Write, path: &str, manifest: &Manifest) -> io::Result<()> {
    for missing in &manifest.missing {
        let records: Vec<String> = (missing.records.iter())
            .map(|r| format!("{} {} ({} on {})", r.record, r.index, r.kind, r.on))
            .collect();
        writeln!(
            err,
            "warning: `{}`: the evidence file `{}` of {} does not exist; listed as missing in the manifest",
            visible(&missing.vendor),
            visible(&missing.source),
            records.join(", ")
        )?;
    }
    for (file, record) in manifest.differing() {
        writeln!(
            err,
            "warning: `{}`: `{}` is not the file {} {} recorded (SHA-256 {}, recorded {}); packed as it is",
            visible(file.vendor.as_deref().unwrap_or_default()),
            visible(file.source.as_deref().unwrap_or_default()),
            record.record,
            record.index,
            file.sha256,
            record.recorded_sha256.as_deref().unwrap_or_default()
        )?;
    }
    let evidence = (manifest.files.iter())
        .filter(|f| f.role == pack::Role::Evidence)
        .count();
    writeln!(
        err,
        "Packed {} vendors and {evidence} evidence files into {path}{}.",
        manifest.vendors.len(),
        if manifest.incomplete() {
            "; the pack is incomplete (see the warnings)"
        } else {
            ""
        }
    )
}

/// `verify`'s findings, one a line, then the count.
pub fn write_verdict(
    out: &mut impl Write,
    path: &str,
    manifest: &Manifest,
    verdict: &Verdict,
) -> io::Result<()> {
    for name in &verdict.missing {
        writeln!(out, "missing: {}", visible(name))?;
    }
    for name in &verdict.changed {
        writeln!(
            out,
            "changed: {} (its SHA-256 is not the manifest's)",
            visible(name)
        )?;
    }
    for (name, why) in &verdict.damaged {
        writeln!(out, "damaged: {} ({})", visible(name), visible(why))?;
    }
    for name in &verdict.extra {
        writeln!(out, "extra: {} (not in the manifest)", visible(name))?;
    }
    for missing in &manifest.missing {
        writeln!(
            out,
            "missing when packed: `{}` of `{}`",
            visible(&missing.source),
            visible(&missing.vendor)
        )?;
    }
    for (file, record) in manifest.differing() {
        writeln!(
            out,
            "not the recorded file when packed: {} ({} {} recorded SHA-256 {})",
            visible(&file.name),
            record.record,
            record.index,
            record.recorded_sha256.as_deref().unwrap_or_default()
        )?;
    }
    let problems =
        verdict.missing.len() + verdict.changed.len() + verdict.damaged.len() + verdict.extra.len();
    if verdict.is_clean() && !manifest.incomplete() {
        writeln!(
            out,
            "{path}: all {} files match the manifest (made on {} from {} with SHA-256 {}).",
            verdict.matching, manifest.made_on, manifest.inventory.file, manifest.inventory.sha256
        )
    } else {
        writeln!(
            out,
            "{path}: {} files match the manifest; {problems} do not, and the pack lacks {} evidence files the inventory names.",
            verdict.matching,
            manifest.missing.len() + manifest.differing().len()
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_style_is_the_reports() {
        assert!(style().contains("--ink") && style().contains(".vendor"));
        assert!(!style().contains("<style>"));
        assert_eq!(href("vendors/a b/x.eml"), "./vendors/a%20b/x.eml");
        assert_eq!(href("javascript:x"), "./javascript%3Ax");
    }
}
