//! A unified diff of the inventory before and after an edit, for
//! `--dry-run`: the format `git diff` and `patch` read, coloured like git's
//! on a terminal.

use std::io::{self, Write};

use anstyle::{AnsiColor, Style};
use similar::{ChangeTag, TextDiff};

/// Writes the diff from `old` to `new`, both named `path`.
pub fn write(out: &mut impl Write, path: &str, old: &str, new: &str) -> io::Result<()> {
    let bold = Style::new().bold();
    let hunk_style = AnsiColor::Cyan.on_default();
    let removed = AnsiColor::Red.on_default();
    let added = AnsiColor::Green.on_default();

    let diff = TextDiff::from_lines(old, new);
    writeln!(out, "{bold}--- a/{path}{bold:#}")?;
    writeln!(out, "{bold}+++ b/{path}{bold:#}")?;
    for hunk in diff.unified_diff().context_radius(3).iter_hunks() {
        writeln!(out, "{hunk_style}{}{hunk_style:#}", hunk.header())?;
        for change in hunk.iter_changes() {
            let (sign, style) = match change.tag() {
                ChangeTag::Delete => ('-', removed),
                ChangeTag::Insert => ('+', added),
                ChangeTag::Equal => (' ', Style::new()),
            };
            // Each line keeps the file's own line ending, so that the diff
            // of a CRLF file applies with `git apply` and `patch`; the
            // colour ends before it.
            let value = change.value();
            let line = value.trim_end_matches(['\n', '\r']);
            let ending = &value[line.len()..];
            write!(out, "{style}{sign}{line}{style:#}")?;
            if change.missing_newline() || ending.is_empty() {
                writeln!(out, "\n\\ No newline at end of file")?;
            } else {
                out.write_all(ending.as_bytes())?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    #[test]
    fn shows_one_hunk_with_context() {
        let old = "a\nb\nc\nd\ne\nf\ng\n";
        let new = "a\nb\nc\nd\nX\ne\nf\ng\n";
        let mut out = Vec::new();
        super::write(&mut out, "v.toml", old, new).unwrap();
        let text = String::from_utf8(out).unwrap();
        let text = anstream::adapter::strip_str(&text).to_string();
        assert_eq!(
            text,
            "--- a/v.toml\n+++ b/v.toml\n@@ -2,6 +2,7 @@\n b\n c\n d\n+X\n e\n f\n g\n"
        );
    }

    #[test]
    fn keeps_crlf_line_endings() {
        let mut out = Vec::new();
        super::write(&mut out, "v.toml", "a\r\nb\r\n", "a\r\nX\r\nb\r\n").unwrap();
        let text = String::from_utf8(out).unwrap();
        let text = anstream::adapter::strip_str(&text).to_string();
        assert_eq!(
            text,
            "--- a/v.toml\n+++ b/v.toml\n@@ -1,2 +1,3 @@\n a\r\n+X\r\n b\r\n"
        );
    }
}
