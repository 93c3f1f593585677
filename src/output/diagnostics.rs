//! Renders diagnostics like rustc and cargo-deny: a title with the code,
//! `--> file:line:column`, the offending line with a caret, and `= help:`.
//!
//! Only the lines a diagnostic points at are handed to the renderer, so
//! rendering stays proportional to the findings, not to the file's size.

use std::ops::Range;

use annotate_snippets::{AnnotationKind, Group, Level, Origin, Renderer, Snippet};

use crate::diagnostic::Diagnostic;
use crate::inventory::Source;
use crate::terms::Severity;

pub struct DiagnosticRenderer {
    renderer: Renderer,
}

impl DiagnosticRenderer {
    /// `styled` when the stream shows colour: rendering plain text for a
    /// pipe is cheaper than styling it and stripping the codes again.
    pub fn new(styled: bool) -> Self {
        Self {
            renderer: if styled {
                Renderer::styled()
            } else {
                Renderer::plain()
            },
        }
    }

    /// For a stream that `anstream` manages.
    pub fn for_stream<S: anstream::stream::RawStream>(stream: &anstream::AutoStream<S>) -> Self {
        Self::new(stream.current_choice() != anstream::ColorChoice::Never)
    }

    pub fn render(&self, diag: &Diagnostic, source: &Source) -> String {
        let level = match diag.severity {
            Severity::Error => Level::ERROR,
            Severity::Warn => Level::WARNING,
            Severity::Info | Severity::Allow => Level::INFO,
        };
        let mut title = level.primary_title(diag.message.as_str());
        if let Some(code) = diag.code {
            title = title.id(code.as_str());
        }
        let path = source.display_path();
        let mut group = Group::with_title(title);
        match &diag.span {
            Some((span, label)) if diag.secret => {
                let (line, column) = source.line_col(span.start);
                group = group
                    .element(Origin::path(path.as_str()).line(line).char_column(column))
                    .element(Level::NOTE.message(label.as_str()));
            }
            Some((span, label)) => {
                group = group.element(snippet(source, &path, span, label, AnnotationKind::Primary));
                if let Some((context, label)) = &diag.context {
                    group = group.element(snippet(
                        source,
                        &path,
                        context,
                        label,
                        AnnotationKind::Context,
                    ));
                }
            }
            None => group = group.element(Origin::path(path.as_str())),
        }
        if let Some(help) = &diag.help {
            group = group.element(Level::HELP.message(help.as_str()));
        }
        self.renderer.render(&[group])
    }
}

fn snippet<'a>(
    source: &'a Source,
    path: &'a str,
    span: &Range<usize>,
    label: &'a str,
    kind: AnnotationKind,
) -> Snippet<'a, annotate_snippets::Annotation<'a>> {
    let span = clamp(span, source.text.len());
    let (lines, first_line) = source.lines_around(&span);
    let text = &source.text[lines.clone()];
    let relative = (span.start - lines.start)..(span.end - lines.start);
    Snippet::source(text)
        .line_start(first_line)
        .path(path)
        .annotation(kind.span(relative).label(label))
}

/// A span inside the text and on character boundaries, so that no input
/// can make the renderer slice through a character.
fn clamp(span: &Range<usize>, len: usize) -> Range<usize> {
    let start = span.start.min(len);
    let end = span.end.clamp(start, len);
    start..end
}
