//! A three-way merge of two versions of an inventory that share a base,
//! vendor by vendor, for git's merge driver (`linger merge-driver`). Pure:
//! three texts (and today, for the loader) in, one text and a count of
//! conflicts out, or the reason to merge line by line instead.
//!
//! git merges text line by line, so two branches that each add a vendor at
//! the end of the file, or each record an event for the same vendor, always
//! conflict. This merge knows the file's shape instead (`file`):
//!
//! - the file is a preamble, then one chunk per `[[vendor]]` (with the
//!   comment lines right above its header), each named by its `id`, then
//!   the trailer (top-level tables after the vendors, such as `[imap]`);
//! - vendors added on either side are all kept, each as its side wrote it,
//!   after the vendor that comes before it on that side (`order`);
//! - a vendor changed on one side only takes that side's text; changed on
//!   both, its fields are merged one by one (`fields`: a field changed on
//!   one side takes that side's lines) and its events too (`events`: an
//!   event changed on one side takes that side's text, one changed on both
//!   is merged field by field, new events of both sides are all kept, in
//!   date order);
//! - the same field changed differently on both sides, or a vendor or an
//!   event changed on one side and deleted (or its id renamed) on the
//!   other, is a conflict: the standard markers go around the whole
//!   vendor, both versions inside, so nothing is lost.
//!
//! A result without conflicts is loaded as `linger check` loads it; one
//! that does not load is never returned. Nor is a merge of a file this
//! cannot cut into vendors (a vendor without an id, an id twice, a table
//! between vendors). The caller merges those line by line (git's
//! `merge-file`) and settles git's answer with `after_line_merge`.
//!
//! Bytes are kept as written: each side's text for what it changed, its
//! line endings (CRLF stays CRLF), its comments and alignment. Every step
//! is linear in the size of the files (hash lookups, no searching lists).

mod events;
mod fields;
mod file;
mod order;
mod scan;

use std::borrow::Cow;

use chrono::NaiveDate;

use file::{File, TableLines, Uncut};

/// The result of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Places where both sides changed the same thing: each is between
    /// conflict markers in `text`.
    pub conflicts: usize,
}

/// Why the texts are not merged vendor by vendor.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum NotMerged {
    /// A side cannot be cut into vendors.
    Uncut(String),
    /// The merge would not load; the loader's first complaint.
    WouldNotLoad(String),
}

impl std::fmt::Display for NotMerged {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            NotMerged::Uncut(why) => write!(f, "{why}"),
            NotMerged::WouldNotLoad(why) => write!(f, "the merged file would not load: {why}"),
        }
    }
}

/// Merges `ours` and `theirs`, which both come from `base`. `labels` name
/// the two sides in conflict markers; `today` is the loader's.
pub fn merge(
    base: &str,
    ours: &str,
    theirs: &str,
    labels: (&str, &str),
    today: NaiveDate,
) -> Result<Merged, NotMerged> {
    // One side unchanged (or both alike): the other side, as git does.
    if ours == theirs || theirs == base {
        return Ok(clean(ours));
    }
    if ours == base {
        return Ok(clean(theirs));
    }
    fn cut<'a>(text: &'a str, side: &str) -> Result<File<'a>, NotMerged> {
        File::parse(text).map_err(|why: Uncut| NotMerged::Uncut(format!("in {side}, {why}")))
    }
    let merged = {
        let (b, o, t) = (
            cut(base, "the base")?,
            cut(ours, labels.0)?,
            cut(theirs, labels.1)?,
        );
        by_vendor(&b, &o, &t, labels)
    };
    if merged.conflicts == 0
        && let Err(problems) = super::parse(&merged.text, today)
    {
        let first = problems.first().map_or("", |p| p.message.as_str());
        return Err(NotMerged::WouldNotLoad(first.to_string()));
    }
    Ok(merged)
}

/// The driver's answer once git's line merge (`git merge-file`) has run
/// in place of `merge`: `line_merge` is its text and conflict count, or
/// `None` when it could not run. A clean line merge stands only if it
/// loads; otherwise, and without git, the whole file is one conflict, ours
/// against theirs, so nothing is lost and nothing looks merged.
pub fn after_line_merge(
    line_merge: Option<(String, usize)>,
    ours: &str,
    theirs: &str,
    labels: (&str, &str),
    today: NaiveDate,
) -> Merged {
    match line_merge {
        Some((text, 0)) if super::parse(&text, today).is_ok() => clean(&text),
        Some((text, conflicts)) if conflicts > 0 && text.contains("<<<<<<< ") => {
            Merged { text, conflicts }
        }
        _ => whole_conflict(ours, theirs, labels),
    }
}

fn clean(text: &str) -> Merged {
    Merged {
        text: text.to_string(),
        conflicts: 0,
    }
}

/// The whole of both sides between conflict markers.
fn whole_conflict(ours: &str, theirs: &str, labels: (&str, &str)) -> Merged {
    let eol = if ours.contains("\r\n") { "\r\n" } else { "\n" };
    let mut text = String::with_capacity(ours.len() + theirs.len() + 64);
    conflict(&mut text, ours, theirs, labels, eol);
    Merged { text, conflicts: 1 }
}

fn by_vendor(b: &File<'_>, o: &File<'_>, t: &File<'_>, labels: (&str, &str)) -> Merged {
    let eol = o.eol;
    let mut out = Output {
        text: String::new(),
        conflicts: 0,
        labels,
        eol,
    };

    // The preamble: `[organization]`, `[policy]` and the rest.
    out.three_way(b.preamble, o.preamble, t.preamble);

    let mut emitted = false;
    let mut last_gap = 0;
    for id in order::order(b, o, t) {
        let (bv, ov, tv) = (b.vendor(id), o.vendor(id), t.vendor(id));
        let body = match (ov, tv) {
            (Some(ov), Some(tv)) => {
                if ov.body == tv.body || bv.is_some_and(|bv| bv.body == tv.body) {
                    Some(Cow::Borrowed(ov.body))
                } else if bv.is_some_and(|bv| bv.body == ov.body) {
                    Some(Cow::Borrowed(tv.body))
                } else {
                    let tables =
                        |file: &File<'_>, id: &str| file.vendor(id).map(|v| file.tables(v));
                    match merge_vendor(tables(b, id), tables(o, id), tables(t, id), eol) {
                        Some(text) => Some(Cow::Owned(text)),
                        None => {
                            out.conflict(ov.body, tv.body);
                            None
                        }
                    }
                }
            }
            // Only one side has it: new there, deleted (or renamed) on the
            // other side unchanged, or deleted there and changed here.
            (Some(only), None) | (None, Some(only)) => match bv {
                None => Some(Cow::Borrowed(only.body)),
                Some(bv) if bv.body == only.body => continue,
                Some(_) => {
                    if ov.is_some() {
                        out.conflict(only.body, "");
                    } else {
                        out.conflict("", only.body);
                    }
                    None
                }
            },
            (None, None) => continue,
        };
        if let Some(body) = body {
            out.text.push_str(&body);
            if !body.ends_with('\n') {
                out.text.push_str(eol);
            }
        }
        let gap = gap_after(id, o, t);
        last_gap = gap.len();
        out.text.push_str(gap);
        emitted = true;
    }
    // The vendors end as ours did.
    if emitted {
        out.text.truncate(out.text.len() - last_gap);
        out.text.push_str(o.ending);
    }
    // The tables after the vendors.
    let mut trailer = Output {
        text: String::new(),
        conflicts: 0,
        labels,
        eol,
    };
    trailer.three_way(b.trailer, o.trailer, t.trailer);
    // Tables new after the vendors get a blank line above them.
    if !trailer.text.is_empty() && o.trailer.is_empty() && !out.text.is_empty() {
        if !out.text.ends_with('\n') {
            out.text.push_str(eol);
        }
        if !out.text.ends_with("\n\n") && !out.text.ends_with("\n\r\n") {
            out.text.push_str(eol);
        }
    }
    out.text.push_str(&trailer.text);
    Merged {
        text: out.text,
        conflicts: out.conflicts + trailer.conflicts,
    }
}

struct Output<'l> {
    text: String,
    conflicts: usize,
    labels: (&'l str, &'l str),
    eol: &'static str,
}

impl Output<'_> {
    fn conflict(&mut self, ours: &str, theirs: &str) {
        conflict(&mut self.text, ours, theirs, self.labels, self.eol);
        self.conflicts += 1;
    }

    /// A piece merged whole: the side that changed it, or a conflict.
    fn three_way(&mut self, base: &str, ours: &str, theirs: &str) {
        if ours == theirs || base == theirs {
            self.text.push_str(ours);
        } else if base == ours {
            self.text.push_str(theirs);
        } else {
            self.conflict(ours, theirs);
        }
    }
}

fn conflict(text: &mut String, ours: &str, theirs: &str, labels: (&str, &str), eol: &str) {
    let line = |text: &mut String, body: &str| {
        text.push_str(body);
        if !body.is_empty() && !body.ends_with('\n') {
            text.push_str(eol);
        }
    };
    if !text.is_empty() && !text.ends_with('\n') {
        text.push_str(eol);
    }
    text.push_str(&format!("<<<<<<< {}{eol}", labels.0));
    line(text, ours);
    text.push_str(&format!("======={eol}"));
    line(text, theirs);
    text.push_str(&format!(">>>>>>> {}{eol}", labels.1));
}

/// The blank lines after vendor `id` in the result: ours', else theirs',
/// else one line break.
fn gap_after<'f>(id: &str, ours: &File<'f>, theirs: &File<'f>) -> &'f str {
    ours.vendor(id)
        .map(|v| v.gap)
        .filter(|g| !g.is_empty())
        .or_else(|| theirs.vendor(id).map(|v| v.gap).filter(|g| !g.is_empty()))
        .unwrap_or(ours.eol)
}

/// Merges one vendor changed on both sides: its fields one by one, its
/// events as `events` does. `None` is a conflict.
fn merge_vendor(
    base: Option<(TableLines, Vec<TableLines>)>,
    ours: Option<(TableLines, Vec<TableLines>)>,
    theirs: Option<(TableLines, Vec<TableLines>)>,
    eol: &str,
) -> Option<String> {
    let ((bh, be), (oh, oe), (th, te)) = (base?, ours?, theirs?);
    let head = if oh == th || bh == th {
        oh.text()
    } else if bh == oh {
        th.text()
    } else {
        fields::merge(&bh, &oh, &th)?
    };
    let events = events::merge(&be, &oe, &te)?;
    let as_ours: Vec<String> = oe.iter().map(TableLines::text).collect();
    let mut text = head;
    if events == as_ours {
        text.extend(events);
        return Some(text);
    }
    // Events moved or new: each ends with a blank line but the last, which
    // ends the vendor's text.
    let count = events.len();
    if count > 0 && !ends_blank(&text) {
        end_with(&mut text, true, eol);
    }
    for (n, mut event) in events.into_iter().enumerate() {
        if n + 1 == count {
            end_with(&mut event, false, eol);
        } else if !ends_blank(&event) {
            end_with(&mut event, true, eol);
        }
        text.push_str(&event);
    }
    Some(text)
}

fn ends_blank(text: &str) -> bool {
    text.ends_with("\n\n") || text.ends_with("\n\r\n")
}

/// `text` without its line breaks at the end, then one (and a blank line).
fn end_with(text: &mut String, blank: bool, eol: &str) {
    let trimmed = text.trim_end_matches(['\r', '\n']).len();
    text.truncate(trimmed);
    text.push_str(eol);
    if blank {
        text.push_str(eol);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "schema = 1\n\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n\n[[vendor]]\nid = \"a\"\nname = \"A\"\nused_from = 2020-01-01\n\n[[vendor.event]]\non = 2021-01-01\nkind = \"requested\"\n\n# B is old.\n[[vendor]]\nid = \"b\"\nname = \"B\"\n";

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 11, 28).unwrap()
    }

    fn m(ours: &str, theirs: &str) -> Merged {
        merge(BASE, ours, theirs, ("ours", "theirs"), today()).unwrap()
    }

    #[test]
    fn vendors_added_on_both_sides_are_all_kept() {
        let ours = format!("{BASE}\n[[vendor]]\nid = \"c\"\nname = \"C\"\n");
        let theirs = format!("{BASE}\n[[vendor]]\nid = \"d\"\nname = \"D\"\n");
        let merged = m(&ours, &theirs);
        assert_eq!(merged.conflicts, 0);
        assert_eq!(
            merged.text,
            format!(
                "{BASE}\n[[vendor]]\nid = \"c\"\nname = \"C\"\n\n[[vendor]]\nid = \"d\"\nname = \"D\"\n"
            )
        );
    }

    #[test]
    fn events_on_both_sides_are_united_by_date() {
        let ours = BASE.replace(
            "kind = \"requested\"\n\n# B",
            "kind = \"requested\"\n\n[[vendor.event]]\non = 2021-03-01\nkind = \"confirmed\"\n\n# B",
        );
        let theirs = BASE.replace(
            "kind = \"requested\"\n\n# B",
            "kind = \"requested\"\n\n[[vendor.event]]\non = 2021-02-01\nkind = \"reminded\"\n\n# B",
        );
        let merged = m(&ours, &theirs);
        assert_eq!(merged.conflicts, 0, "{}", merged.text);
        let reminded = merged.text.find("reminded").unwrap();
        let confirmed = merged.text.find("confirmed").unwrap();
        assert!(reminded < confirmed, "{}", merged.text);
        assert_eq!(merged.text.matches("kind = \"requested\"").count(), 1);
    }

    #[test]
    fn one_sided_field_changes_merge_and_a_clash_is_a_marked_conflict() {
        let ours = BASE.replace("name = \"A\"", "name = \"A Inc.\"");
        let theirs = BASE.replace("used_from = 2020-01-01", "used_from = 2019-06-01");
        let merged = m(&ours, &theirs);
        assert_eq!(merged.conflicts, 0);
        assert!(
            merged
                .text
                .contains("name = \"A Inc.\"\nused_from = 2019-06-01"),
            "{}",
            merged.text
        );

        let theirs = BASE.replace("name = \"A\"", "name = \"A Ltd\"");
        let merged = m(&ours, &theirs);
        assert_eq!(merged.conflicts, 1);
        assert!(
            merged
                .text
                .contains("<<<<<<< ours\n[[vendor]]\nid = \"a\"\nname = \"A Inc.\""),
            "{}",
            merged.text
        );
        assert!(
            merged
                .text
                .contains("=======\n[[vendor]]\nid = \"a\"\nname = \"A Ltd\"")
        );
        assert!(merged.text.contains(">>>>>>> theirs\n"));
    }

    #[test]
    fn a_shape_it_does_not_know_is_left_to_a_line_merge() {
        let labels = ("ours", "theirs");
        // A vendor without an id on one side.
        let ours = format!("{BASE}\n[[vendor]]\nname = \"No id\"\n");
        let theirs = format!("{BASE}\n[[vendor]]\nid = \"d\"\nname = \"D\"\n");
        assert!(matches!(
            merge(BASE, &ours, &theirs, labels, today()),
            Err(NotMerged::Uncut(_))
        ));
        // A table between vendors.
        let between = BASE.replace("# B is old.", "[policy]\nreminder_days = 9\n\n# B is old.");
        assert!(matches!(
            merge(BASE, &between, &theirs, labels, today()),
            Err(NotMerged::Uncut(_))
        ));
        // The same file added on both branches (an empty base).
        let merged = merge(
            "",
            &ours.replace("name = \"No id\"", "id = \"c\"\nname = \"C\""),
            &theirs,
            labels,
            today(),
        )
        .unwrap();
        assert_eq!(merged.conflicts, 0, "{}", merged.text);
        assert!(merged.text.contains("id = \"c\"") && merged.text.contains("id = \"d\""));
        // Unchanged on one side: the other side's text, byte for byte.
        assert_eq!(m(BASE, &theirs).text, theirs);
        assert_eq!(m(&ours, BASE).text, ours);
    }

    #[test]
    fn a_line_merge_stands_only_if_it_loads_and_else_everything_is_one_conflict() {
        let labels = ("ours", "theirs");
        let theirs = format!("{BASE}\n[[vendor]]\nid = \"d\"\nname = \"D\"\n");
        let clean = after_line_merge(Some((theirs.clone(), 0)), BASE, &theirs, labels, today());
        assert_eq!(
            clean,
            Merged {
                text: theirs.clone(),
                conflicts: 0
            }
        );
        let marked = "a\n<<<<<<< ours\nb\n=======\nc\n>>>>>>> theirs\n".to_string();
        let kept = after_line_merge(Some((marked.clone(), 1)), BASE, &theirs, labels, today());
        assert_eq!(
            kept,
            Merged {
                text: marked,
                conflicts: 1
            }
        );
        // A clean line merge that does not load, and no git at all.
        let broken = format!("{theirs}[[vendor]]\nid = \"d\"\n");
        for line_merge in [Some((broken, 0)), None] {
            let merged = after_line_merge(line_merge, BASE, &theirs, labels, today());
            assert_eq!(merged.conflicts, 1);
            assert_eq!(
                merged.text,
                format!("<<<<<<< ours\n{BASE}=======\n{theirs}>>>>>>> theirs\n")
            );
        }
    }

    #[test]
    fn a_merge_that_would_not_load_is_not_returned() {
        // Each side loads; together, `b` is retired before it was used.
        let ours = BASE.replace("name = \"B\"\n", "name = \"B\"\nused_from = 2024-01-01\n");
        let theirs = BASE.replace("name = \"B\"\n", "name = \"B\"\nretired_on = 2023-01-01\n");
        assert!(matches!(
            merge(BASE, &ours, &theirs, ("ours", "theirs"), today()),
            Err(NotMerged::WouldNotLoad(_))
        ));
    }

    #[test]
    fn the_tables_after_the_vendors_are_merged_once() {
        let base = format!("{BASE}\n[imap]\nhost = \"imap.example.com\"\nusername = \"u\"\n");
        let ours = base.replace(
            "name = \"B\"\n",
            "name = \"B\"\nwebsite = \"https://b.example\"\n",
        );
        let theirs = base.replace(
            "name = \"B\"\n",
            "name = \"B\"\n\n[[vendor]]\nid = \"c\"\nname = \"C\"\n",
        );
        let merged = merge(&base, &ours, &theirs, ("ours", "theirs"), today()).unwrap();
        assert_eq!(merged.conflicts, 0, "{}", merged.text);
        assert_eq!(merged.text.matches("[imap]").count(), 1, "{}", merged.text);
        assert!(
            merged.text.ends_with(
                "website = \"https://b.example\"\n\n[[vendor]]\nid = \"c\"\nname = \"C\"\n\n[imap]\nhost = \"imap.example.com\"\nusername = \"u\"\n"
            ),
            "{}",
            merged.text
        );
    }

    #[test]
    fn crlf_stays_crlf() {
        let base = BASE.replace('\n', "\r\n");
        let ours = format!("{base}\r\n[[vendor]]\r\nid = \"c\"\r\nname = \"C\"\r\n");
        let theirs = format!("{base}\r\n[[vendor]]\r\nid = \"d\"\r\nname = \"D\"\r\n");
        let merged = merge(&base, &ours, &theirs, ("ours", "theirs"), today()).unwrap();
        assert_eq!(merged.conflicts, 0);
        assert!(
            !merged.text.replace("\r\n", "").contains('\n'),
            "{:?}",
            merged.text
        );
        assert!(merged.text.contains("id = \"c\"") && merged.text.contains("id = \"d\""));
    }
}
