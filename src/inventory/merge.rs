//! A three-way merge of two versions of an inventory that share a base,
//! vendor by vendor, for git's merge driver (`linger merge-driver`). Pure:
//! three texts in, one text and a count of conflicts out.
//!
//! git merges text line by line, so two branches that each add a vendor at
//! the end of the file, or each record an event for the same vendor, always
//! conflict. This merge knows the file's shape instead:
//!
//! - the file is a preamble, then one chunk per `[[vendor]]` (with the
//!   comment lines right above its header), each named by its `id`;
//! - vendors added on either side are all kept, each as its side wrote it,
//!   after the vendor that comes before it on that side;
//! - a vendor changed on one side only takes that side's text; changed on
//!   both, its fields are merged one by one (a field changed on one side
//!   takes that side's lines) and its events are united (an event both
//!   sides have is kept once; new events of both sides are put in date
//!   order);
//! - the same field changed differently on both sides, or a vendor changed
//!   on one side and deleted on the other, is a conflict: the standard
//!   markers go around the whole vendor, both versions inside, so nothing
//!   is lost.
//!
//! Bytes are kept as written: each side's text for what it changed, its
//! line endings (CRLF stays CRLF), its comments and alignment.

use std::collections::BTreeSet;

/// The result of a merge.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Merged {
    pub text: String,
    /// Places where both sides changed the same thing: each is between
    /// conflict markers in `text`.
    pub conflicts: usize,
}

/// Merges `ours` and `theirs`, which both come from `base`. `labels` name
/// the two sides in conflict markers.
pub fn merge(base: &str, ours: &str, theirs: &str, labels: (&str, &str)) -> Merged {
    let eol = if ours.contains("\r\n") { "\r\n" } else { "\n" };
    let (Some(b), Some(o), Some(t)) = (File::parse(base), File::parse(ours), File::parse(theirs))
    else {
        // Not a shape this merge understands (a vendor without an id, an id
        // twice): the whole file is one conflict, nothing lost.
        if ours == theirs || theirs == base {
            return Merged {
                text: ours.to_string(),
                conflicts: 0,
            };
        }
        if ours == base {
            return Merged {
                text: theirs.to_string(),
                conflicts: 0,
            };
        }
        let mut text = String::new();
        conflict(&mut text, ours, theirs, labels, eol);
        return Merged { text, conflicts: 1 };
    };
    let mut out = Output {
        text: String::new(),
        conflicts: 0,
        labels,
        eol,
    };

    // The preamble: `[organization]`, `[policy]` and the rest.
    match three_way(Some(&b.preamble), Some(&o.preamble), Some(&t.preamble)) {
        Pick::Same(text) => out.text.push_str(text),
        Pick::Both(ours, theirs) => out.conflict(ours, theirs),
    }

    let mut emitted = false;
    let mut last_gap = 0;
    for id in order(&b, &o, &t) {
        let (bv, ov, tv) = (b.vendor(&id), o.vendor(&id), t.vendor(&id));
        let body = match (ov, tv) {
            (Some(ov), Some(tv)) => {
                match three_way(bv.map(|v| &v.body), Some(&ov.body), Some(&tv.body)) {
                    Pick::Same(text) => Some(text.to_string()),
                    Pick::Both(..) => match merge_vendor(bv, ov, tv) {
                        Some(text) => Some(text),
                        None => {
                            out.conflict(&ov.body, &tv.body);
                            None
                        }
                    },
                }
            }
            (Some(ov), None) => match bv {
                None => Some(ov.body.clone()),
                Some(bv) if bv.body == ov.body => continue,
                Some(_) => {
                    out.conflict(&ov.body, "");
                    None
                }
            },
            (None, Some(tv)) => match bv {
                None => Some(tv.body.clone()),
                Some(bv) if bv.body == tv.body => continue,
                Some(_) => {
                    out.conflict("", &tv.body);
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
        let gap = gap_after(&id, &o, &t);
        last_gap = gap.len();
        out.text.push_str(&gap);
        emitted = true;
    }
    // The file ends as ours did.
    if emitted {
        out.text.truncate(out.text.len() - last_gap);
        out.text.push_str(&o.ending);
    }
    Merged {
        text: out.text,
        conflicts: out.conflicts,
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
}

fn conflict(text: &mut String, ours: &str, theirs: &str, labels: (&str, &str), eol: &str) {
    let line = |text: &mut String, body: &str| {
        text.push_str(body);
        if !body.is_empty() && !body.ends_with('\n') {
            text.push_str(eol);
        }
    };
    text.push_str(&format!("<<<<<<< {}{eol}", labels.0));
    line(text, ours);
    text.push_str(&format!("======={eol}"));
    line(text, theirs);
    text.push_str(&format!(">>>>>>> {}{eol}", labels.1));
}

/// What a three-way comparison of one piece decides.
enum Pick<'a> {
    /// One text is the answer.
    Same(&'a str),
    /// Both sides changed it differently.
    Both(&'a str, &'a str),
}

fn three_way<'a>(
    base: Option<&'a String>,
    ours: Option<&'a String>,
    theirs: Option<&'a String>,
) -> Pick<'a> {
    let (o, t) = (ours.map_or("", |s| s), theirs.map_or("", |s| s));
    let b = base.map(|s| s.as_str());
    if o == t || b == Some(t) {
        Pick::Same(o)
    } else if b == Some(o) {
        Pick::Same(t)
    } else {
        Pick::Both(o, t)
    }
}

/// The vendors of the result, in order: ours, with theirs' new vendors
/// each after the vendor before it in theirs (and after ours' new vendors
/// there), and without the vendors one side deleted.
fn order(base: &File, ours: &File, theirs: &File) -> Vec<String> {
    let mut result: Vec<String> = ours.vendors.iter().map(|v| v.id.clone()).collect();
    let known: BTreeSet<&str> = ours
        .vendors
        .iter()
        .map(|v| v.id.as_str())
        .chain(base.vendors.iter().map(|v| v.id.as_str()))
        .collect();
    let mut previous: Option<String> = None;
    for vendor in &theirs.vendors {
        if !known.contains(vendor.id.as_str()) {
            let mut at = match &previous {
                Some(p) => result
                    .iter()
                    .position(|id| id == p)
                    .map_or(result.len(), |i| i + 1),
                None => 0,
            };
            // After ours' own new vendors at the same place.
            while at < result.len()
                && base.vendor(&result[at]).is_none()
                && theirs.vendor(&result[at]).is_none()
            {
                at += 1;
            }
            result.insert(at, vendor.id.clone());
        }
        previous = Some(vendor.id.clone());
    }
    // A vendor deleted by theirs (and unchanged in ours) stays in the list
    // here; `merge` drops it.
    result
}

/// The blank lines after vendor `id` in the result: as the side where the
/// next vendor also follows it wrote them, else ours', else one line break.
fn gap_after(id: &str, ours: &File, theirs: &File) -> String {
    ours.vendor(id)
        .map(|v| v.gap.clone())
        .filter(|g| !g.is_empty())
        .or_else(|| {
            theirs
                .vendor(id)
                .map(|v| v.gap.clone())
                .filter(|g| !g.is_empty())
        })
        .unwrap_or_else(|| ours.eol.to_string())
}

/// Merges one vendor changed on both sides: its head field by field, its
/// events as a union. `None` when a field was changed differently.
fn merge_vendor(base: Option<&Vendor>, ours: &Vendor, theirs: &Vendor) -> Option<String> {
    let base = base?;
    let (bh, oh, th) = (
        Head::parse(&base.head),
        Head::parse(&ours.head),
        Head::parse(&theirs.head),
    );
    let head = match three_way(Some(&base.head), Some(&ours.head), Some(&theirs.head)) {
        Pick::Same(text) => text.to_string(),
        Pick::Both(..) => merge_head(&bh, &oh, &th)?,
    };
    let events = merge_events(&base.events, &ours.events, &theirs.events);
    let mut text = head;
    for event in &events {
        if !text.ends_with('\n') {
            text.push_str(ours.eol);
        }
        text.push_str(event);
    }
    Some(text)
}

/// The fields of a vendor's head: its lines, each key with the lines of
/// its value.
struct Head {
    /// (key, text of the item) in order; lines that are no field (the
    /// header, comments, blank lines) have no key.
    items: Vec<(Option<String>, String)>,
}

impl Head {
    fn parse(text: &str) -> Head {
        let mut items: Vec<(Option<String>, String)> = Vec::new();
        let mut depth: i32 = 0;
        for line in text.split_inclusive('\n') {
            if depth > 0 {
                if let Some(last) = items.last_mut() {
                    last.1.push_str(line);
                }
                depth += brackets(line);
                continue;
            }
            let trimmed = line.trim_start();
            let key = trimmed
                .split_once('=')
                .filter(|_| !trimmed.starts_with('#') && !trimmed.starts_with('['))
                .map(|(k, _)| k.trim().trim_matches('"').to_string());
            if key.is_some() {
                depth = brackets(line).max(0);
            }
            items.push((key, line.to_string()));
        }
        Head { items }
    }

    fn get(&self, key: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .map(|(_, text)| text.as_str())
    }

    fn keys(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|(k, _)| k.as_deref())
    }
}

/// How many brackets `line` opens more than it closes, outside strings.
fn brackets(line: &str) -> i32 {
    let mut depth = 0;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (None, '#') => break,
            (None, '"' | '\'') => quote = Some(c),
            (Some(q), c) if c == q => quote = None,
            (None, '[' | '{') => depth += 1,
            (None, ']' | '}') => depth -= 1,
            _ => {}
        }
    }
    depth
}

fn merge_head(base: &Head, ours: &Head, theirs: &Head) -> Option<String> {
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
                items.insert(at, (Some(key.to_string()), text.to_string()));
            }
            (None, None) => {}
        }
    }
    Some(items.into_iter().map(|(_, text)| text).collect())
}

/// The events of both sides: ours, less those theirs deleted, then theirs'
/// new ones; when both sides added events, all in date order (stable).
fn merge_events(base: &[String], ours: &[String], theirs: &[String]) -> Vec<String> {
    let key = |e: &String| normal(e);
    let in_base: BTreeSet<String> = base.iter().map(key).collect();
    let in_ours: BTreeSet<String> = ours.iter().map(key).collect();
    let in_theirs: BTreeSet<String> = theirs.iter().map(key).collect();
    let mut events: Vec<String> = ours
        .iter()
        .filter(|e| in_theirs.contains(&key(e)) || !in_base.contains(&key(e)))
        .cloned()
        .collect();
    let new_theirs: Vec<String> = theirs
        .iter()
        .filter(|e| !in_ours.contains(&key(e)) && !in_base.contains(&key(e)))
        .cloned()
        .collect();
    let ours_added = ours.iter().any(|e| !in_base.contains(&key(e)));
    if !new_theirs.is_empty() {
        // The last event ends the vendor's text; it needs a line break (and
        // the blank line events are written with) before the next.
        if let Some(last) = events.last_mut()
            && !last.ends_with("\n\n")
            && !last.ends_with("\r\n\r\n")
        {
            let eol = if last.contains("\r\n") { "\r\n" } else { "\n" };
            if !last.ends_with('\n') {
                last.push_str(eol);
            }
            last.push_str(eol);
        }
        events.extend(new_theirs);
        if ours_added {
            events.sort_by_key(|e| date(e));
        }
        // The vendor's text ends as its last event does in its side's file.
        if let Some(last) = events.last_mut() {
            let trimmed = last.trim_end_matches(['\r', '\n']).len();
            let eol = if last.contains("\r\n") { "\r\n" } else { "\n" };
            last.truncate(trimmed);
            last.push_str(eol);
        }
        for i in 0..events.len().saturating_sub(1) {
            let e = &mut events[i];
            if !e.ends_with("\n\n") && !e.ends_with("\r\n\r\n") {
                let eol = if e.contains("\r\n") { "\r\n" } else { "\n" };
                let trimmed = e.trim_end_matches(['\r', '\n']).len();
                e.truncate(trimmed);
                e.push_str(eol);
                e.push_str(eol);
            }
        }
    }
    events
}

/// An event's text without blank lines and spacing: what makes it the
/// same event on both sides.
fn normal(event: &str) -> String {
    event
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An event's `on` date as written (ISO dates sort as text).
fn date(event: &str) -> String {
    event
        .lines()
        .find_map(|l| {
            let (key, value) = l.split_once('=')?;
            (key.trim() == "on").then(|| value.trim().to_string())
        })
        .unwrap_or_default()
}

/// A file cut into its preamble and vendors.
struct File {
    preamble: String,
    vendors: Vec<Vendor>,
    /// How the file ends after its last non-blank line.
    ending: String,
    eol: &'static str,
}

struct Vendor {
    id: String,
    /// From the comments above its header to its last non-blank line.
    body: String,
    /// The blank lines after it.
    gap: String,
    /// The body up to its first event.
    head: String,
    /// Each `[[vendor.event]]` with its comments and blank lines after.
    events: Vec<String>,
    eol: &'static str,
}

impl File {
    fn vendor(&self, id: &str) -> Option<&Vendor> {
        self.vendors.iter().find(|v| v.id == id)
    }

    fn parse(text: &str) -> Option<File> {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let lines: Vec<&str> = text.split_inclusive('\n').collect();
        let starts = chunk_starts(&lines, "[[vendor]]");
        let first = starts.first().copied().unwrap_or(lines.len());
        let preamble: String = lines[..first].concat();
        let mut vendors = Vec::new();
        for (i, start) in starts.iter().enumerate() {
            let end = starts.get(i + 1).copied().unwrap_or(lines.len());
            let chunk = &lines[*start..end];
            let content = chunk
                .iter()
                .rposition(|l| !l.trim().is_empty())
                .map_or(0, |i| i + 1);
            let body: String = chunk[..content].concat();
            let gap: String = chunk[content..].concat();
            let body_lines = &chunk[..content];
            let event_starts = chunk_starts(body_lines, "[[vendor.event]]");
            let head_end = event_starts.first().copied().unwrap_or(body_lines.len());
            let head: String = body_lines[..head_end].concat();
            let events: Vec<String> = event_starts
                .iter()
                .enumerate()
                .map(|(k, s)| {
                    let e = event_starts.get(k + 1).copied().unwrap_or(body_lines.len());
                    body_lines[*s..e].concat()
                })
                .collect();
            let id = id_of(&head)?;
            vendors.push(Vendor {
                id,
                body,
                gap,
                head,
                events,
                eol,
            });
        }
        let ids: BTreeSet<&str> = vendors.iter().map(|v| v.id.as_str()).collect();
        if ids.len() != vendors.len() {
            return None;
        }
        let ending = vendors
            .last()
            .map_or_else(String::new, |last| last.gap.clone());
        Some(File {
            preamble,
            vendors,
            ending,
            eol,
        })
    }
}

/// Where each chunk headed by `header` starts: at the header line, or at
/// the comment lines right above it.
fn chunk_starts(lines: &[&str], header: &str) -> Vec<usize> {
    let mut starts = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        if trimmed == header
            || trimmed.starts_with(header) && trimmed[header.len()..].trim_start().starts_with('#')
        {
            let mut start = i;
            while start > 0 && lines[start - 1].trim_start().starts_with('#') {
                start -= 1;
            }
            if let Some(previous) = starts.last()
                && start <= *previous
            {
                start = i;
            }
            starts.push(start);
        }
    }
    starts
}

/// The `id = "..."` of a vendor's head.
fn id_of(head: &str) -> Option<String> {
    head.lines().find_map(|line| {
        let (key, value) = line.split_once('=')?;
        if key.trim() != "id" {
            return None;
        }
        let value = value.split('#').next()?.trim();
        Some(value.trim_matches(['"', '\'']).to_string())
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const BASE: &str = "schema = 1\n\n[organization]\nname = \"N\"\nemail = \"p@n.example\"\n\n[[vendor]]\nid = \"a\"\nname = \"A\"\nused_from = 2020-01-01\n\n[[vendor.event]]\non = 2021-01-01\nkind = \"requested\"\n\n# B is old.\n[[vendor]]\nid = \"b\"\nname = \"B\"\n";

    fn m(ours: &str, theirs: &str) -> Merged {
        merge(BASE, ours, theirs, ("ours", "theirs"))
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
    fn a_shape_it_does_not_know_is_one_conflict_and_nothing_is_lost() {
        // A vendor without an id on one side.
        let ours = format!("{BASE}\n[[vendor]]\nname = \"No id\"\n");
        let theirs = format!("{BASE}\n[[vendor]]\nid = \"d\"\nname = \"D\"\n");
        let merged = m(&ours, &theirs);
        assert_eq!(merged.conflicts, 1);
        assert!(merged.text.contains("No id") && merged.text.contains("id = \"d\""));
        // The same file added on both branches (an empty base).
        let merged = merge(
            "",
            &ours.replace("name = \"No id\"", "id = \"c\""),
            &theirs,
            ("ours", "theirs"),
        );
        assert_eq!(merged.conflicts, 0, "{}", merged.text);
        assert!(merged.text.contains("id = \"c\"") && merged.text.contains("id = \"d\""));
        // Unchanged on one side: the other side's text, byte for byte.
        assert_eq!(m(BASE, &theirs).text, theirs);
        assert_eq!(m(&ours, BASE).text, ours);
    }

    #[test]
    fn crlf_stays_crlf() {
        let base = BASE.replace('\n', "\r\n");
        let ours = format!("{base}\r\n[[vendor]]\r\nid = \"c\"\r\nname = \"C\"\r\n");
        let theirs = format!("{base}\r\n[[vendor]]\r\nid = \"d\"\r\nname = \"D\"\r\n");
        let merged = merge(&base, &ours, &theirs, ("ours", "theirs"));
        assert_eq!(merged.conflicts, 0);
        assert!(
            !merged.text.replace("\r\n", "").contains('\n'),
            "{:?}",
            merged.text
        );
        assert!(merged.text.contains("id = \"c\"") && merged.text.contains("id = \"d\""));
    }
}
