//! A message about a place in the inventory: what is wrong, where, and how
//! to fix it. Load errors and check findings both become diagnostics, and
//! `crate::output::diagnostics` renders them like rustc does.

use crate::terms::{Code, Severity, Span};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Diagnostic {
    pub severity: Severity,
    /// The check code, for findings.
    pub code: Option<Code>,
    pub message: String,
    /// Where in the inventory, with a label under the caret.
    pub span: Option<(Span, String)>,
    /// Another place that explains this one ("first defined here").
    pub context: Option<(Span, String)>,
    pub help: Option<String>,
    /// The place holds a secret (a password written into the inventory):
    /// the rendering names its file, line and column but never shows the
    /// line, so the error does not print what it warns about.
    pub secret: bool,
}

impl Diagnostic {
    pub fn error(message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            code: None,
            message: message.into(),
            span: None,
            context: None,
            help: None,
            secret: false,
        }
    }

    pub fn at(mut self, span: Span, label: impl Into<String>) -> Self {
        self.span = Some((span, label.into()));
        self
    }

    pub fn context(mut self, span: Span, label: impl Into<String>) -> Self {
        self.context = Some((span, label.into()));
        self
    }

    /// Shows where, never the line: see `secret`.
    pub fn hiding_the_line(mut self) -> Self {
        self.secret = true;
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Self {
        self.help = Some(help.into());
        self
    }

    /// Where the diagnostic points, for sorting; unplaced ones come first.
    pub fn offset(&self) -> usize {
        self.span.as_ref().map_or(0, |(span, _)| span.start)
    }
}
