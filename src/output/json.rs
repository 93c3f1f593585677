//! Findings and load errors as JSON, one shape for both: what `check
//! --format json` prints, and what `check`, `list` and `overdue` print on
//! standard output under `--format json` when the inventory does not load,
//! so a CI script that parses the output gets the errors exactly when they
//! matter.

use serde::Serialize;

use crate::checks::{Finding, Summary};
use crate::diagnostic::Diagnostic;
use crate::inventory::Source;
use crate::terms::{Code, Severity, Span};

#[derive(Debug, Serialize)]
pub struct FindingsJson<'a> {
    pub findings: Vec<JsonFinding<'a>>,
    pub summary: Summary,
}

#[derive(Debug, Serialize)]
pub struct JsonFinding<'a> {
    /// The check code; `null` for a load error.
    pub code: Option<Code>,
    pub severity: Severity,
    /// The vendor it is about; `null` for the organization or a load error.
    pub vendor: Option<&'a str>,
    /// The incident it is about; absent when it is about none.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub incident: Option<&'a str>,
    pub message: &'a str,
    /// What the human output prints under the caret (e.g. the due date).
    pub label: &'a str,
    pub path: String,
    /// 1-based; the column counts characters.
    pub line: usize,
    pub column: usize,
    /// Where the span ends (exclusive column), for editors.
    pub end_line: usize,
    pub end_column: usize,
    pub help: &'a str,
}

fn place(source: &Source, span: &Span) -> (usize, usize, usize, usize) {
    let (line, column) = source.line_col(span.start);
    let (end_line, end_column) = source.line_col(span.end.max(span.start));
    (line, column, end_line, end_column)
}

/// The findings of `check`.
pub fn findings<'a>(source: &Source, findings: &'a [Finding]) -> FindingsJson<'a> {
    let path = source.display_path();
    let rows = findings
        .iter()
        .map(|f| {
            let (line, column, end_line, end_column) = place(source, &f.span);
            JsonFinding {
                code: Some(f.code),
                severity: f.severity,
                vendor: f.vendor.as_deref(),
                incident: f.incident.as_deref(),
                message: &f.message,
                label: &f.label,
                path: path.clone(),
                line,
                column,
                end_line,
                end_column,
                help: &f.help,
            }
        })
        .collect();
    FindingsJson {
        findings: rows,
        summary: Summary::of(findings),
    }
}

/// The problems that kept a file from loading, as error-level findings.
pub fn load_errors<'a>(source: &Source, diagnostics: &'a [Diagnostic]) -> FindingsJson<'a> {
    let path = source.display_path();
    let rows: Vec<JsonFinding<'a>> = diagnostics
        .iter()
        .map(|d| {
            let (span, label) = match &d.span {
                Some((span, label)) => (span.clone(), label.as_str()),
                None => (0..0, ""),
            };
            let (line, column, end_line, end_column) = place(source, &span);
            JsonFinding {
                code: d.code,
                severity: Severity::Error,
                vendor: None,
                incident: None,
                message: &d.message,
                label,
                path: path.clone(),
                line,
                column,
                end_line,
                end_column,
                help: d.help.as_deref().unwrap_or(""),
            }
        })
        .collect();
    let summary = Summary {
        error: rows.len(),
        warn: 0,
        info: 0,
    };
    FindingsJson {
        findings: rows,
        summary,
    }
}
