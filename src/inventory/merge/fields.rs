//! The three-way merge of one table changed on both sides (a vendor's
//! fields, or one of its events): field by field. A field changed on one
//! side takes that side's lines; the same field changed differently on
//! both sides is a conflict (`None`). Lines that are no field (the header,
//! comments, blank lines) are ours.

use std::collections::BTreeSet;

use super::file::TableLines;

pub fn merge(base: &TableLines, ours: &TableLines, theirs: &TableLines) -> Option<String> {
    let mut items: Vec<(Option<String>, String)> = ours.items.clone();
    let keys: BTreeSet<&str> = base
        .keys()
        .chain(ours.keys())
        .chain(theirs.keys())
        .collect();
    for key in keys {
        let (b, o, t) = (base.get(key), ours.get(key), theirs.get(key));
        if o == t || b == t {
            continue;
        }
        if b != o {
            return None;
        }
        // Only theirs changed this field: take its lines.
        match (o, t) {
            (Some(_), Some(text)) => {
                if let Some(item) = items.iter_mut().find(|(k, _)| k.as_deref() == Some(key)) {
                    item.1 = text.to_string();
                }
            }
            (Some(_), None) => items.retain(|(k, _)| k.as_deref() != Some(key)),
            (None, Some(text)) => {
                // After the field before it in theirs, else after the last field.
                let before = theirs
                    .items
                    .iter()
                    .take_while(|(k, _)| k.as_deref() != Some(key))
                    .filter_map(|(k, _)| k.clone())
                    .filter(|k| items.iter().any(|(i, _)| i.as_deref() == Some(k)))
                    .last();
                let at = match before {
                    Some(before) => items
                        .iter()
                        .position(|(k, _)| k.as_deref() == Some(&before))
                        .map_or(items.len(), |i| i + 1),
                    None => items
                        .iter()
                        .rposition(|(k, _)| k.is_some())
                        .map_or(items.len(), |i| i + 1),
                };
                // Lines without a break (at the file's end) get one when
                // something comes after them.
                let eol = if ours.text().contains("\r\n") {
                    "\r\n"
                } else {
                    "\n"
                };
                if at > 0
                    && let Some((_, previous)) = items.get_mut(at - 1)
                    && !previous.ends_with('\n')
                {
                    previous.push_str(eol);
                }
                let mut text = text.to_string();
                if at < items.len() && !text.ends_with('\n') {
                    text.push_str(eol);
                }
                items.insert(at, (Some(key.to_string()), text));
            }
            (None, None) => {}
        }
    }
    Some(items.into_iter().map(|(_, text)| text).collect())
}

#[cfg(test)]
mod tests {
    use super::super::file::File;
    use super::*;

    fn event(fields: &str) -> TableLines {
        let text = format!("[[vendor]]\nid = \"a\"\n\n[[vendor.event]]\n{fields}");
        let file = File::parse(&text).unwrap_or_else(|e| panic!("{e}"));
        file.tables(&file.vendors[0]).1.remove(0)
    }

    #[test]
    fn different_fields_merge_and_the_same_field_conflicts() {
        let base = event("on = 2026-01-01\nkind = \"extended\"\nuntil = 2026-03-01\n");
        let ours = event("on = 2026-01-01\nkind = \"extended\"\nuntil = 2026-02-01\n");
        let theirs = event(
            "on = 2026-01-01\nkind = \"extended\"\nuntil = 2026-03-01\nnote = \"\"\"\nmore\ntime = yes\n\"\"\"\n",
        );
        assert_eq!(
            merge(&base, &ours, &theirs).as_deref(),
            Some(
                "[[vendor.event]]\non = 2026-01-01\nkind = \"extended\"\nuntil = 2026-02-01\nnote = \"\"\"\nmore\ntime = yes\n\"\"\"\n"
            )
        );
        let other = event("on = 2026-01-01\nkind = \"extended\"\nuntil = 2026-02-15\n");
        assert_eq!(merge(&base, &ours, &other), None);
    }
}
