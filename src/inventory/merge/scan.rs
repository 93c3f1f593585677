//! What each line of an inventory's text starts: a table header, a key, or
//! nothing new (a comment, a blank line, a line inside a value that began
//! above). Read with the TOML lexer, so that a `[[vendor]]` or an `id =`
//! inside a multi-line string, or an array that spans lines, is never taken
//! for a header or a field: the merge cuts the file where the loader does.

use std::borrow::Cow;

use toml_parser::lexer::TokenKind;

/// What a line starts. Names are as written: compare them with `name`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Line<'a> {
    /// A table header: `[[vendor]]`, or `[[ "vendor" ]]`.
    Header(&'a str),
    /// The first line of a field, with its key.
    Key(&'a str),
    /// A line inside a value that began on a line above.
    Inside,
    /// A comment line.
    Comment,
    /// A blank line.
    Blank,
}

/// Each line of `text` (as `split_inclusive('\n')` cuts it) with what it
/// starts.
pub fn lines<'a>(text: &'a str) -> Vec<(&'a str, Line<'a>)> {
    let raw: Vec<&str> = text.split_inclusive('\n').collect();
    let mut kinds: Vec<Line<'a>> = vec![Line::Blank; raw.len()];
    let mut set = |at: usize, kind: Line<'a>| {
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
                    set(at, Line::Header(&text[from..to]));
                }
                if kind == TokenKind::Comment && line_start {
                    set(
                        line,
                        if in_value {
                            Line::Inside
                        } else {
                            Line::Comment
                        },
                    );
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
                set(line, Line::Key(""));
            }
        }
        if header.is_none() {
            match kind {
                TokenKind::Equals if !in_value && depth == 0 => {
                    if let Some((at, from)) = key.take() {
                        set(at, Line::Key(text[from..start].trim_end()));
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
pub fn name(text: &str) -> Cow<'_, str> {
    let noise = |c: char| c.is_whitespace() || c == '"' || c == '\'';
    if text.contains(noise) {
        Cow::Owned(text.chars().filter(|&c| !noise(c)).collect())
    } else {
        Cow::Borrowed(text)
    }
}

/// Whether a header or key written as `text` is `name`.
pub fn is(text: &str, name: &str) -> bool {
    self::name(text) == name
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each line's kind, with names as `name` reads them.
    fn kinds(text: &str) -> Vec<(char, String)> {
        lines(text)
            .into_iter()
            .map(|(_, k)| match k {
                Line::Header(n) => ('h', name(n).into_owned()),
                Line::Key(n) => ('k', name(n).into_owned()),
                Line::Inside => ('i', String::new()),
                Line::Comment => ('c', String::new()),
                Line::Blank => ('b', String::new()),
            })
            .collect()
    }

    #[test]
    fn headers_keys_and_what_is_inside_a_value() {
        let text = "a = 1\n[[ vendor ]] # c\n\"id\" = \"x\"\nnote = \"\"\"\n[[vendor]]\nid = \"y\"\n\"\"\"\ndata = [\n  # c\n  \"a\",\n]\n\n# above\n[imap]\r\nhost = \"h\"";
        assert_eq!(
            kinds(text),
            [
                ('k', "a"),
                ('h', "[[vendor]]"),
                ('k', "id"),
                ('k', "note"),
                ('i', ""),
                ('i', ""),
                ('i', ""),
                ('k', "data"),
                ('i', ""),
                ('i', ""),
                ('i', ""),
                ('b', ""),
                ('c', ""),
                ('h', "[imap]"),
                ('k', "host"),
            ]
            .map(|(c, n)| (c, n.to_string()))
        );
    }

    #[test]
    fn a_value_the_lexer_cannot_read_does_not_panic() {
        for text in [
            "[",
            "a = \"\"\"\n",
            "= =\n[[\n",
            "a = [\n[x]\n",
            "\u{0}\n[y]",
        ] {
            let _ = lines(text);
        }
    }
}
