//! What each line of an inventory's text starts: a table header, a key, or
//! nothing new (a comment, a blank line, a line inside a value that began
//! above). Read with the TOML lexer, so that a `[[vendor]]` or an `id =`
//! inside a multi-line string, or an array that spans lines, is never taken
//! for a header or a field: the merge cuts the file where the loader does.

use toml_parser::lexer::TokenKind;

/// What a line starts.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Line {
    /// A table header, its name without spaces or quotes: `[[vendor]]`.
    Header(String),
    /// The first line of a field, with its key without spaces or quotes.
    Key(String),
    /// A line inside a value that began on a line above.
    Inside,
    /// A comment line.
    Comment,
    /// A blank line.
    Blank,
}

/// Each line of `text` (as `split_inclusive('\n')` cuts it) with what it
/// starts.
pub fn lines(text: &str) -> Vec<(&str, Line)> {
    let raw: Vec<&str> = text.split_inclusive('\n').collect();
    let mut kinds = vec![Line::Blank; raw.len()];
    let mut set = |at: usize, kind: Line| {
        if let Some(k) = kinds.get_mut(at) {
            *k = kind;
        }
    };
    let mut line = 0usize;
    let mut line_start = true;
    let mut in_value = false;
    let mut depth = 0usize;
    // A header being read: its line and the bytes of its name so far.
    let mut header: Option<(usize, usize, usize)> = None;
    // A key being read: its line and where it starts.
    let mut key: Option<(usize, usize)> = None;
    for token in toml_parser::Source::new(text).lex() {
        let span = token.span();
        let (start, end) = (span.start(), span.end());
        let kind = token.kind();
        let breaks = text[start..end].matches('\n').count();
        match kind {
            TokenKind::Newline | TokenKind::Comment | TokenKind::Eof => {
                if let Some((at, from, to)) = header.take() {
                    set(at, Line::Header(name(&text[from..to])));
                }
                if kind == TokenKind::Comment && line_start {
                    set(line, if in_value { Line::Inside } else { Line::Comment });
                }
                if kind == TokenKind::Newline {
                    if depth == 0 {
                        in_value = false;
                        key = None;
                    }
                    line += breaks;
                    line_start = true;
                } else {
                    line_start = false;
                }
                if kind == TokenKind::Eof {
                    break;
                }
                continue;
            }
            TokenKind::Whitespace => continue,
            _ => {}
        }
        if let Some((at, from, _)) = header {
            header = Some((at, from, end));
        } else if line_start {
            if in_value {
                set(line, Line::Inside);
            } else if kind == TokenKind::LeftSquareBracket {
                header = Some((line, start, end));
            } else {
                key = Some((line, start));
                set(line, Line::Key(String::new()));
            }
        }
        if header.is_none() {
            match kind {
                TokenKind::Equals if !in_value && depth == 0 => {
                    if let Some((at, from)) = key.take() {
                        set(at, Line::Key(name(&text[from..start])));
                    }
                    in_value = true;
                }
                TokenKind::LeftSquareBracket | TokenKind::LeftCurlyBracket if in_value => {
                    depth += 1;
                }
                TokenKind::RightSquareBracket | TokenKind::RightCurlyBracket if in_value => {
                    depth = depth.saturating_sub(1);
                }
                _ => {}
            }
        }
        // A multi-line string: the lines it covers are inside it.
        for k in 1..=breaks {
            set(line + k, Line::Inside);
        }
        line += breaks;
        line_start = false;
    }
    raw.into_iter().zip(kinds).collect()
}

/// A header's or key's name as the loader reads it, near enough to compare:
/// without spaces and quotes.
fn name(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '"' && *c != '\'')
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<Line> {
        lines(text).into_iter().map(|(_, k)| k).collect()
    }

    #[test]
    fn headers_keys_and_what_is_inside_a_value() {
        let text = "a = 1\n[[ vendor ]] # c\n\"id\" = \"x\"\nnote = \"\"\"\n[[vendor]]\nid = \"y\"\n\"\"\"\ndata = [\n  # c\n  \"a\",\n]\n\n# above\n[imap]\r\nhost = \"h\"";
        assert_eq!(
            kinds(text),
            [
                Line::Key("a".into()),
                Line::Header("[[vendor]]".into()),
                Line::Key("id".into()),
                Line::Key("note".into()),
                Line::Inside,
                Line::Inside,
                Line::Inside,
                Line::Key("data".into()),
                Line::Inside,
                Line::Inside,
                Line::Inside,
                Line::Blank,
                Line::Comment,
                Line::Header("[imap]".into()),
                Line::Key("host".into()),
            ]
        );
    }

    #[test]
    fn a_value_the_lexer_cannot_read_does_not_panic() {
        for text in ["[", "a = \"\"\"\n", "= =\n[[\n", "a = [\n[x]\n", "\u{0}\n[y]"] {
            let _ = lines(text);
        }
    }
}
