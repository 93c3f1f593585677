//! How the file's author lays out a table, learnt from one they wrote, so
//! that a table or key linger adds looks like its neighbours: blank lines
//! before a header, indentation, `=` aligned or not, and quote style.

use toml_edit::{Decor, Item, Key, Table, Value};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Layout {
    /// What comes between the previous line and a new header: blank lines
    /// and the header's indentation.
    pub header_prefix: String,
    pub key_indent: String,
    /// The column of `=` when the sample aligns its keys.
    pub align_to: Option<usize>,
    /// Between `=` and the value.
    pub value_prefix: String,
    /// The sample writes strings with single quotes.
    pub literal_strings: bool,
}

impl Default for Layout {
    fn default() -> Self {
        Self {
            header_prefix: "\n".to_string(),
            key_indent: String::new(),
            align_to: None,
            value_prefix: " ".to_string(),
            literal_strings: false,
        }
    }
}

impl Layout {
    /// The layout of `sample`, a table as parsed from the file.
    /// `header_prefix` is the raw text before its header, when known.
    pub fn of(sample: &Table, header_prefix: Option<&str>) -> Self {
        let mut layout = Layout {
            header_prefix: header_prefix
                .map(blank_lines_and_indent)
                .unwrap_or_else(|| "\n".to_string()),
            ..Layout::default()
        };
        let keys: Vec<(&Key, &Item)> = sample
            .iter()
            .filter(|(_, item)| item.is_value())
            .filter_map(|(name, _)| sample.get_key_value(name))
            .collect();
        let Some((first, first_item)) = keys.first() else {
            return layout;
        };
        layout.key_indent = raw(first.leaf_decor().prefix()).unwrap_or_default();
        if let Some(value) = first_item.as_value() {
            layout.value_prefix = raw(value.decor().prefix()).unwrap_or_else(|| " ".to_string());
        }
        // Aligned: every key's `=` sits in one column and at least one key is
        // padded to reach it.
        let columns: Vec<(usize, usize)> = keys
            .iter()
            .map(|(key, _)| {
                let width = key.display_repr().chars().count();
                let pad = raw(key.leaf_decor().suffix()).map_or(1, |s| s.chars().count());
                (width + pad, pad)
            })
            .collect();
        if keys.len() > 1
            && columns.iter().all(|(col, _)| *col == columns[0].0)
            && columns.iter().any(|(_, pad)| *pad > 1)
        {
            layout.align_to = Some(columns[0].0);
        }
        layout.literal_strings = keys.iter().any(|(_, item)| {
            item.as_value()
                .and_then(|v| v.as_str().map(|_| v))
                .and_then(|v| match v {
                    Value::String(s) => s.as_repr().and_then(|r| r.as_raw().as_str()),
                    _ => None,
                })
                .is_some_and(|repr| repr.starts_with('\''))
        });
        layout
    }

    /// A new header table holding `entries` in order, laid out like the
    /// sample.
    pub fn table(&self, entries: &[(&str, Value)]) -> Table {
        let mut table = Table::new();
        table.decor_mut().set_prefix(self.header_prefix.clone());
        let widest = entries.iter().map(|(k, _)| k.len()).max().unwrap_or(0);
        for (name, value) in entries {
            self.insert(&mut table, name, value.clone(), widest);
        }
        table
    }

    /// Adds `name = value` at the end of `table`'s keys, laid out like the
    /// sample (its `=` aligned with the others if the sample aligns).
    pub fn insert(&self, table: &mut Table, name: &str, value: Value, widest: usize) {
        let key = Key::new(name).with_leaf_decor(Decor::new(
            self.key_indent.clone(),
            self.padding(name, widest),
        ));
        let value = value.decorated(self.value_prefix.clone(), "");
        table.insert_formatted(&key, Item::Value(value));
    }

    fn padding(&self, name: &str, widest: usize) -> String {
        match self.align_to {
            Some(column) => {
                let column = column.max(widest + 1);
                " ".repeat(column.saturating_sub(name.len()).max(1))
            }
            None => " ".to_string(),
        }
    }

    /// A string value in the sample's quote style, where that style can hold
    /// it.
    pub fn string(&self, text: &str) -> Value {
        let literal_ok = !text.contains('\'') && !text.chars().any(char::is_control);
        // A basic string otherwise, even for text with a `"` in it, where
        // toml_edit would pick a literal string that reads oddly next to
        // the file's other strings.
        let repr = if self.literal_strings && literal_ok {
            format!("'{text}'")
        } else {
            basic_string(text)
        };
        repr.parse::<Value>().unwrap_or_else(|_| Value::from(text))
    }
}

fn raw(raw: Option<&toml_edit::RawString>) -> Option<String> {
    raw.and_then(|r| r.as_str()).map(str::to_string)
}

/// Keeps the blank lines and indentation of a header's prefix, not its
/// comments: a comment describes the table it sits above, not the next one.
fn blank_lines_and_indent(prefix: &str) -> String {
    let prefix = prefix.replace("\r\n", "\n");
    let indent = prefix.rsplit('\n').next().unwrap_or("");
    let indent: String = indent
        .chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect();
    // The longest run of blank lines in it: the comments above a header
    // may begin with the previous table's own (`# holidays = ...` under
    // `[policy]`), so the blank lines are not always first. A header glued
    // to the line above stays glued; otherwise keep the sample's run,
    // within reason.
    let mut blank = 0;
    let mut run = 0;
    // Each line but the header's own (the last piece, its indentation).
    let mut lines: Vec<&str> = prefix.split('\n').collect();
    lines.pop();
    for line in lines {
        if line.trim().is_empty() {
            run += 1;
            blank = blank.max(run);
        } else {
            run = 0;
        }
    }
    format!("{}{indent}", "\n".repeat(blank.min(3)))
}

/// A TOML basic string: `"`, with `\`, `"` and control characters escaped.
fn basic_string(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            '\r' => out.push_str("\\r"),
            c if c.is_control() => out.push_str(&format!("\\u{:04X}", c as u32)),
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use toml_edit::DocumentMut;

    #[test]
    fn blank_lines_are_counted_wherever_the_comments_above_begin() {
        assert_eq!(blank_lines_and_indent("\n# Asked for more time\n"), "\n");
        assert_eq!(blank_lines_and_indent("# glued\n"), "");
        assert_eq!(blank_lines_and_indent("\n\n  "), "\n\n  ");
        // The starter: `[policy]`'s own comment, a blank line, the example.
        assert_eq!(
            blank_lines_and_indent("# holidays = []\n\n# One table\n# per tool\n\n"),
            "\n"
        );
    }

    fn sample(text: &str) -> Layout {
        let doc: DocumentMut = text.parse().unwrap();
        let table = doc["t"].as_table().unwrap();
        Layout::of(table, table.decor().prefix().and_then(|p| p.as_str()))
    }

    #[test]
    fn learns_alignment_indent_and_quotes() {
        let layout = sample("\n\n  [t]\n  on   = 1\n  kind = 'x'\n");
        assert_eq!(layout.header_prefix, "\n\n  ");
        assert_eq!(layout.key_indent, "  ");
        assert_eq!(layout.align_to, Some(5));
        assert!(layout.literal_strings);
    }

    #[test]
    fn plain_tables_stay_plain() {
        let layout = sample("[t]\non = 1\nkind = \"x\"\n");
        assert_eq!(layout.align_to, None);
        assert!(!layout.literal_strings);
        assert_eq!(layout.header_prefix, "");
    }

    #[test]
    fn a_comment_above_the_sample_is_not_copied() {
        let layout = sample("\n# about t\n[t]\non = 1\n");
        assert_eq!(layout.header_prefix, "\n");
    }

    #[test]
    fn basic_strings_escape_what_they_must() {
        assert_eq!(basic_string("a \"b\" \\ c\n"), r#""a \"b\" \\ c\n""#);
        assert_eq!(basic_string("æøå"), "\"æøå\"");
    }
}
