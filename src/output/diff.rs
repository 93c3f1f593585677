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
            // Line endings are shown as the diff's own; a CR is invisible
            // on a terminal and would only confuse the colouring.
            let line = change.value().trim_end_matches(['\n', '\r']);
            writeln!(out, "{style}{sign}{line}{style:#}")?;
            if change.missing_newline() {
                writeln!(out, "\\ No newline at end of file")?;
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
}
