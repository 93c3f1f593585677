//! `check --format sarif`: the findings as SARIF 2.1.0, the format GitHub
//! and GitLab code scanning read. One rule per check code, with its
//! descriptions and help taken from `docs/checks.md` (compiled in, so the
//! rules say what the documentation says); one result per finding, at its
//! line and column in the inventory. (No `helpUri`: SARIF wants an
//! absolute URL, and linger has no published documentation site yet; the
//! help text is in each rule.)
//!
//! The inventory is named relative to the repository's root with
//! `uriBaseId: "%SRCROOT%"`, and the root's absolute `file:` URL is in
//! `originalUriBaseIds`: code scanning maps a result to the file in the
//! repository however linger was run (`-f ../x/vendors.toml`, an absolute
//! path, `LINGER_INVENTORY`, a subdirectory). Each rule has an id (the
//! check's code) and a PascalCase `name`.
//!
//! Each result has a `partialFingerprints` entry made of the vendor id and
//! the code (and, for a second finding of the same code at one vendor, its
//! number): the message changes every day ("412 days ago"), the
//! fingerprint does not, so an alert stays the same alert across runs.

use std::collections::HashMap;

use serde_json::{Value, json};

use crate::checks::{Finding, Severities};
use crate::inventory::Source;
use crate::terms::{Code, Severity};

const CHECKS_DOC: &str = include_str!("../../docs/checks.md");

fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warn => "warning",
        Severity::Info => "note",
        Severity::Allow => "none",
    }
}

/// The section of `docs/checks.md` about `code`: its description (the
/// paragraphs before the first `*Why`/`*Fix`) and its fix.
fn documented(code: Code) -> (String, String) {
    let section = CHECKS_DOC
        .split(&format!("\n## {code}\n"))
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .unwrap_or_default();
    let paragraphs: Vec<String> = section
        .split("\n\n")
        .map(|p| p.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|p| !p.is_empty())
        .collect();
    let description = paragraphs
        .iter()
        .take_while(|p| !p.starts_with("*Why") && !p.starts_with("*Fix"))
        .map(|p| {
            // The severity is in `defaultConfiguration`, not the text.
            p.strip_prefix("**")
                .and_then(|rest| rest.split_once(".** ").map(|(_, after)| after.to_string()))
                .unwrap_or_else(|| p.clone())
        })
        .collect::<Vec<_>>()
        .join("\n\n");
    let fix = paragraphs
        .iter()
        .filter(|p| p.starts_with("*Why") || p.starts_with("*Fix"))
        .cloned()
        .collect::<Vec<_>>()
        .join("\n\n");
    (description, fix)
}

/// Where the inventory is: its path below the repository's root, and the
/// root, as URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Artifact {
    /// Relative, percent-encoded, `/`-separated: `config/vendors.toml`.
    pub uri: String,
    /// `file:///home/me/repo/`, ending in a slash as SARIF requires.
    pub root: String,
}

impl Artifact {
    /// `file` (absolute) below `root` (absolute); `None` when it is not
    /// below it.
    pub fn new(file: &std::path::Path, root: &std::path::Path) -> Option<Self> {
        let root = url::Url::from_directory_path(root).ok()?;
        let file = url::Url::from_file_path(file).ok()?;
        let uri = file.as_str().strip_prefix(root.as_str())?.to_string();
        Some(Self {
            uri,
            root: root.to_string(),
        })
    }
}

/// `request-overdue` → `RequestOverdue`: the rule's `name`, which SARIF
/// wants readable and distinct from its id.
fn pascal(code: Code) -> String {
    code.as_str()
        .split('-')
        .map(|word| {
            let mut chars = word.chars();
            chars
                .next()
                .map(|first| first.to_ascii_uppercase().to_string() + chars.as_str())
                .unwrap_or_default()
        })
        .collect()
}

/// The SARIF log of one `check` run over `source`, found at `artifact`.
pub fn log(
    source: &Source,
    artifact: &Artifact,
    findings: &[Finding],
    severities: &Severities,
) -> Value {
    let rules: Vec<Value> = Code::ALL
        .iter()
        .map(|code| {
            let (description, fix) = documented(*code);
            json!({
                "id": code.as_str(),
                "name": pascal(*code),
                "shortDescription": {"text": code.summary()},
                "fullDescription": {"text": description},
                "help": {
                    "text": fix.replace(['*', '`'], ""),
                    "markdown": fix,
                },
                "defaultConfiguration": {"level": level(severities.get(*code))},
                "properties": {"tags": ["privacy"]},
            })
        })
        .collect();
    let index: HashMap<Code, usize> = Code::ALL.iter().enumerate().map(|(i, c)| (*c, i)).collect();
    let uri = &artifact.uri;
    let mut seen: HashMap<(Option<&str>, Code), usize> = HashMap::new();
    let results: Vec<Value> = findings
        .iter()
        .map(|f| {
            let (line, column) = source.line_col(f.span.start);
            let (end_line, end_column) = source.line_col(f.span.end.max(f.span.start));
            let count = seen.entry((f.vendor.as_deref(), f.code)).or_insert(0);
            *count += 1;
            let owner = f.vendor.as_deref().unwrap_or("organization");
            let fingerprint = match *count {
                1 => format!("{owner}:{}", f.code),
                n => format!("{owner}:{}:{n}", f.code),
            };
            json!({
                "ruleId": f.code.as_str(),
                "ruleIndex": index[&f.code],
                "level": level(f.severity),
                "message": {"text": format!("{} ({})", f.message, f.help)},
                "locations": [{
                    "physicalLocation": {
                        "artifactLocation": {"uri": uri, "uriBaseId": "%SRCROOT%"},
                        "region": {
                            "startLine": line,
                            "startColumn": column,
                            "endLine": end_line,
                            "endColumn": end_column,
                        },
                    },
                }],
                "partialFingerprints": {"lingerFinding/v1": fingerprint},
            })
        })
        .collect();
    json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {
                "name": "linger",
                "version": env!("CARGO_PKG_VERSION"),
                "semanticVersion": env!("CARGO_PKG_VERSION"),
                "rules": rules,
            }},
            "originalUriBaseIds": {"%SRCROOT%": {"uri": artifact.root}},
            "artifacts": [{"location": {"uri": uri, "uriBaseId": "%SRCROOT%"}}],
            "columnKind": "unicodeCodePoints",
            "results": results,
        }],
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rule_names_are_pascal_case_and_paths_relative_to_the_root() {
        assert_eq!(pascal(Code::RequestOverdue), "RequestOverdue");
        assert_eq!(
            pascal(Code::VendorDomainReregistered),
            "VendorDomainReregistered"
        );
        let a = Artifact::new(
            std::path::Path::new("/home/me/repo/config dir/vendors.toml"),
            std::path::Path::new("/home/me/repo"),
        )
        .unwrap();
        assert_eq!(a.uri, "config%20dir/vendors.toml");
        assert_eq!(a.root, "file:///home/me/repo/");
        assert!(
            Artifact::new(
                std::path::Path::new("/elsewhere/vendors.toml"),
                std::path::Path::new("/home/me/repo")
            )
            .is_none()
        );
    }

    #[test]
    fn every_code_has_a_description_and_a_fix_in_the_docs() {
        for code in Code::ALL {
            let (description, fix) = documented(*code);
            assert!(description.len() > 20, "{code}: {description:?}");
            assert!(!description.starts_with("**"), "{code}: {description}");
            assert!(fix.contains("*Fix:*"), "{code}: {fix:?}");
        }
    }
}
