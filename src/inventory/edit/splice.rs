//! Finding the bytes an edit may touch, and putting toml_edit's output back
//! without disturbing any other byte.
//!
//! `toml_edit` reprints what it parsed faithfully except for line endings
//! (CRLF comes back as LF) and a missing final newline. So the editor never
//! writes toml_edit's whole output: it compares the reprint of the untouched
//! chunk with the reprint of the edited one, keeps the one region where they
//! differ, and maps that region back onto the original bytes. Everything
//! outside it is copied from the original, byte for byte.

use std::ops::Range;

use toml_parser::lexer::TokenKind;

/// The line ending the file uses: that of its first line, LF when it has
/// only one line.
pub fn line_ending(text: &str) -> &'static str {
    match text.find('\n') {
        Some(at) if at > 0 && text.as_bytes()[at - 1] == b'\r' => "\r\n",
        _ => "\n",
    }
}

/// The end of the vendor whose `[[vendor]]` header starts at `header`: the
/// start of the next table header that is not one of its `[[vendor.event]]`
/// tables, or the end of the text.
///
/// Comments and blank lines just above that next header are part of the
/// range: TOML (and `toml_edit`) treat them as the prefix of the next header,
/// so new content lands before them and they stay with what they describe.
pub fn vendor_end(text: &str, header: usize) -> usize {
    let rest = &text[header..];
    let mut headers = Headers::new(rest);
    // The first header is the vendor's own.
    headers.next();
    headers
        .find(|span| !is_event_header(&rest[span.clone()]))
        .map_or(text.len(), |span| header + span.start)
}

fn is_event_header(header: &str) -> bool {
    header_name(header) == "[[vendor.event]]"
}

/// A header as written without its spaces and quotes: `[[vendor.event]]`.
fn header_name(header: &str) -> String {
    header
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
        .collect()
}

/// Where new content of the `[[incident]]` whose header starts at
/// `header` goes: after its last line of content, which is before the next
/// header that is not one of its `[[incident.event]]` tables and before
/// the blank lines and comments above that header (its prefix, as for
/// `vendor_end`).
pub fn incident_insert_point(text: &str, header: usize) -> usize {
    let rest = &text[header..];
    let mut headers = Headers::new(rest);
    headers.next();
    let end = headers
        .find(|span| header_name(&rest[span.clone()]) != "[[incident.event]]")
        .map_or(text.len(), |span| header + span.start);
    // Back over whole lines that are blank or comments.
    let mut point = end;
    loop {
        let body = &text[header..point];
        let trimmed = body.strip_suffix('\n').unwrap_or(body);
        let line_start = trimmed.rfind('\n').map_or(header, |i| header + i + 1);
        let line = text[line_start..point].trim();
        if line_start <= header || !(line.is_empty() || line.starts_with('#')) {
            break;
        }
        point = line_start;
    }
    point
}

/// The table headers of a TOML text, as the span of each header's brackets
/// and name (not its trailing comment). A `[` counts as a header only at the
/// start of a line and outside any value, so arrays that span lines and
/// strings that contain brackets are never mistaken for one.
struct Headers<'a> {
    text: &'a str,
    tokens: toml_parser::lexer::Lexer<'a>,
    line_start: bool,
    in_value: bool,
    depth: usize,
}

impl<'a> Headers<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            text,
            tokens: toml_parser::Source::new(text).lex(),
            line_start: true,
            in_value: false,
            depth: 0,
        }
    }
}

impl Iterator for Headers<'_> {
    type Item = Range<usize>;

    fn next(&mut self) -> Option<Range<usize>> {
        let mut header: Option<usize> = None;
        let mut header_end = 0;
        for token in self.tokens.by_ref() {
            let span = token.span();
            let kind = token.kind();
            if let Some(start) = header {
                match kind {
                    TokenKind::Newline | TokenKind::Comment | TokenKind::Eof => {
                        self.line_start = kind == TokenKind::Newline;
                        return Some(start..header_end);
                    }
                    TokenKind::Whitespace => {}
                    _ => header_end = span.end(),
                }
                continue;
            }
            match kind {
                TokenKind::Newline if self.depth == 0 => {
                    self.in_value = false;
                    self.line_start = true;
                    continue;
                }
                TokenKind::Whitespace | TokenKind::Newline | TokenKind::Comment => continue,
                TokenKind::LeftSquareBracket if self.line_start && !self.in_value => {
                    header = Some(span.start());
                    header_end = span.end();
                }
                TokenKind::Equals if self.depth == 0 => self.in_value = true,
                TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket if self.in_value => {
                    self.depth += 1;
                }
                TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket if self.in_value => {
                    self.depth = self.depth.saturating_sub(1);
                }
                TokenKind::Eof => return None,
                _ => {}
            }
            self.line_start = false;
        }
        header.map(|start| start..self.text.len())
    }
}

/// Why a chunk's reprint could not be mapped back onto its bytes.
#[derive(Debug)]
pub struct Unfaithful;

/// One replacement: `range` of the original text becomes `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Replacement {
    pub range: Range<usize>,
    pub text: String,
}

/// The smallest replacement of `original` that gives the edit `before` →
/// `after`, where `before` is toml_edit's reprint of `original` and `after`
/// its reprint once edited. New text gets the line ending `eol`.
pub fn replacement(
    original: &str,
    before: &str,
    after: &str,
    eol: &str,
) -> Result<Replacement, Unfaithful> {
    let prefix = floor_char_boundary(before, common_prefix(before, after));
    let max_suffix = before.len().min(after.len()) - prefix;
    let suffix = common_suffix(before, after).min(max_suffix);
    let suffix = before.len() - ceil_char_boundary(before, before.len() - suffix);
    let (start, end) = (prefix, before.len() - suffix);
    let (start, end) = map_offsets(original, before, start, end)?;
    let new = &after[prefix..after.len() - suffix];
    let text = if eol == "\n" {
        new.to_string()
    } else {
        new.replace("\r\n", "\n").replace('\n', eol)
    };
    Ok(Replacement {
        range: start..end,
        text,
    })
}

fn common_prefix(a: &str, b: &str) -> usize {
    a.bytes().zip(b.bytes()).take_while(|(x, y)| x == y).count()
}

fn common_suffix(a: &str, b: &str) -> usize {
    a.bytes()
        .rev()
        .zip(b.bytes().rev())
        .take_while(|(x, y)| x == y)
        .count()
}

fn floor_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

fn ceil_char_boundary(text: &str, mut at: usize) -> usize {
    while !text.is_char_boundary(at) {
        at += 1;
    }
    at
}

/// Maps two offsets in `before` to offsets in `original`, walking both
/// texts together. The only difference allowed is a CR that toml_edit
/// dropped from a CRLF.
fn map_offsets(
    original: &str,
    before: &str,
    start: usize,
    end: usize,
) -> Result<(usize, usize), Unfaithful> {
    let (o, b) = (original.as_bytes(), before.as_bytes());
    let (mut i, mut j) = (0, 0);
    let (mut mapped_start, mut mapped_end) = (None, None);
    loop {
        if j == start && mapped_start.is_none() {
            mapped_start = Some(i);
        }
        if j == end && mapped_end.is_none() {
            mapped_end = Some(i);
        }
        if j == b.len() {
            break;
        }
        if i < o.len() && o[i] == b[j] {
            i += 1;
            j += 1;
        } else if b[j] == b'\n' && o[i..].starts_with(b"\r\n") {
            i += 1;
        } else {
            return Err(Unfaithful);
        }
    }
    match (mapped_start, mapped_end) {
        (Some(s), Some(e)) if i == o.len() => Ok((s, e)),
        _ => Err(Unfaithful),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headers_skip_brackets_inside_values_and_strings() {
        let text = "[[vendor]]\nid = \"a\"\ndata = [\n  [1],\n]\nnote = \"\"\"\n[x]\n\"\"\"\n  [[vendor.event]] # c\non = 2020-01-01\n[policy]\n";
        let found: Vec<&str> = Headers::new(text).map(|s| &text[s]).collect();
        assert_eq!(found, ["[[vendor]]", "[[vendor.event]]", "[policy]"]);
    }

    #[test]
    fn a_vendor_ends_before_the_next_non_event_header() {
        let text = "[[vendor]]\nid = \"a\"\n[[ vendor . \"event\" ]]\non = 2020-01-01\n\n# b\n[[vendor]]\nid = \"b\"\n";
        let end = vendor_end(text, 0);
        assert_eq!(&text[end..], "[[vendor]]\nid = \"b\"\n");
        assert_eq!(vendor_end(text, end), text.len());
    }

    #[test]
    fn a_replacement_keeps_crlf_outside_the_change() {
        let original = "a = 1\r\nb = 2\r\n";
        let before = "a = 1\nb = 2\n";
        let after = "a = 1\nx = 3\nb = 2\n";
        let r = replacement(original, before, after, "\r\n").unwrap();
        let mut result = original.to_string();
        result.replace_range(r.range, &r.text);
        assert_eq!(result, "a = 1\r\nx = 3\r\nb = 2\r\n");
    }

    #[test]
    fn a_reprint_that_changes_other_bytes_is_refused() {
        assert!(replacement("a=1\n", "a = 1\n", "a = 2\n", "\n").is_err());
    }

    #[test]
    fn line_ending_follows_the_first_line() {
        assert_eq!(line_ending("a\r\nb\n"), "\r\n");
        assert_eq!(line_ending("a\nb\r\n"), "\n");
        assert_eq!(line_ending(""), "\n");
    }
}
