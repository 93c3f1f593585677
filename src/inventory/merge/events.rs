//! The three-way merge of one vendor's events, changed on both sides.
//!
//! Each side's events are lined up with the base's (a diff of their texts,
//! spacing aside), so that every base event is kept, changed or deleted on
//! each side, and every other event is new on that side:
//!
//! - an event changed on one side takes that side's text; changed on both,
//!   its fields are merged one by one (`fields`), and the same field
//!   changed differently is a conflict;
//! - an event deleted on one side and changed on the other is a conflict;
//! - new events of both sides are all kept (one both sides added alike is
//!   kept once), and the history is put in date order.
//!
//! `None` is a conflict: the caller marks the whole vendor.

use std::collections::HashSet;

use similar::{Algorithm, DiffTag, capture_diff_slices};

use super::fields;
use super::file::TableLines;

/// What one side did to a base event.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fate {
    Kept(usize),
    Changed(usize),
    Deleted,
}

/// How one side's events line up with the base's.
struct Side {
    /// For each base event.
    fates: Vec<Fate>,
    /// For each of the side's events, the base event it is (kept or
    /// changed), or `None` when it is new.
    from: Vec<Option<usize>>,
}

pub fn merge(
    base: &[TableLines],
    ours: &[TableLines],
    theirs: &[TableLines],
) -> Option<Vec<String>> {
    let keys = |events: &[TableLines]| -> Vec<String> {
        events.iter().map(|e| normal(&e.text())).collect()
    };
    let (bk, ok, tk) = (keys(base), keys(ours), keys(theirs));
    let (o, t) = (
        line_up(base, &bk, ours, &ok),
        line_up(base, &bk, theirs, &tk),
    );

    // Each base event as the merge leaves it: its text, or gone.
    let mut resolved: Vec<Option<(String, String)>> = Vec::with_capacity(base.len());
    let dated = |e: &TableLines| (date(e), e.text());
    for (i, b) in base.iter().enumerate() {
        resolved.push(match (o.fates[i], t.fates[i]) {
            (Fate::Kept(j), Fate::Kept(_)) => Some(dated(&ours[j])),
            (Fate::Kept(_), Fate::Changed(j)) => Some(dated(&theirs[j])),
            (Fate::Changed(j), Fate::Kept(_)) => Some(dated(&ours[j])),
            (Fate::Changed(j), Fate::Changed(k)) => {
                if ok[j] == tk[k] {
                    Some(dated(&ours[j]))
                } else {
                    let text = fields::merge(b, &ours[j], &theirs[k])?;
                    // The date as the side that changed it wrote it.
                    let on = if date(&ours[j]) != date(b) {
                        date(&ours[j])
                    } else {
                        date(&theirs[k])
                    };
                    Some((on, text))
                }
            }
            (Fate::Deleted, Fate::Changed(_)) | (Fate::Changed(_), Fate::Deleted) => return None,
            (Fate::Deleted | Fate::Kept(_), Fate::Deleted) | (Fate::Deleted, Fate::Kept(_)) => None,
        });
    }

    // Ours' order, with theirs' new events after.
    let mut events: Vec<(String, String)> = Vec::with_capacity(ours.len() + theirs.len());
    let mut added: HashSet<&str> = HashSet::new();
    for (j, event) in ours.iter().enumerate() {
        match o.from[j] {
            Some(i) => events.extend(resolved[i].take()),
            None => {
                added.insert(&ok[j]);
                events.push(dated(event));
            }
        }
    }
    for (k, event) in theirs.iter().enumerate() {
        if t.from[k].is_none() && !added.contains(tk[k].as_str()) {
            events.push(dated(event));
        }
    }
    // The loader wants the history in date order; each side's own order
    // stays where dates are equal.
    events.sort_by(|a, b| a.0.cmp(&b.0));
    Some(events.into_iter().map(|(_, text)| text).collect())
}

/// Lines `side` up with `base`, by a diff of their events' texts. Where a
/// run of base events became a run of others, an event of the same date
/// and kind, else the one at the same place in runs of the same length, is
/// the base event changed; the rest are deleted and new.
fn line_up(base: &[TableLines], bk: &[String], side: &[TableLines], sk: &[String]) -> Side {
    let mut fates = vec![Fate::Deleted; base.len()];
    let mut from = vec![None; side.len()];
    let ops = capture_diff_slices(Algorithm::Myers, bk, sk);
    let mut run: (Vec<usize>, Vec<usize>) = (Vec::new(), Vec::new());
    for op in ops {
        let (tag, old, new) = op.as_tag_tuple();
        if tag == DiffTag::Equal {
            pair_run(base, side, &mut run, &mut fates, &mut from);
            for (i, j) in old.zip(new) {
                fates[i] = Fate::Kept(j);
                from[j] = Some(i);
            }
        } else {
            run.0.extend(old);
            run.1.extend(new);
        }
    }
    pair_run(base, side, &mut run, &mut fates, &mut from);
    Side { fates, from }
}

/// Pairs a run of base events that became a run of the side's (see
/// `line_up`).
fn pair_run(
    base: &[TableLines],
    side: &[TableLines],
    run: &mut (Vec<usize>, Vec<usize>),
    fates: &mut [Fate],
    from: &mut [Option<usize>],
) {
    let (old, new) = (std::mem::take(&mut run.0), std::mem::take(&mut run.1));
    let mut free: Vec<bool> = vec![true; new.len()];
    // Past this many comparisons, only runs of the same length pair up: a
    // hostile history must not make the merge quadratic.
    let by_date = old.len().saturating_mul(new.len()) <= 4096;
    let mut unpaired: Vec<usize> = if by_date { Vec::new() } else { old.clone() };
    for &i in old.iter().filter(|_| by_date) {
        let id = (base[i].value("on"), base[i].value("kind"));
        let same = (0..new.len())
            .find(|&n| free[n] && (side[new[n]].value("on"), side[new[n]].value("kind")) == id);
        match same {
            Some(n) => {
                free[n] = false;
                fates[i] = Fate::Changed(new[n]);
                from[new[n]] = Some(i);
            }
            None => unpaired.push(i),
        }
    }
    let rest: Vec<usize> = (0..new.len())
        .filter(|&n| free[n])
        .map(|n| new[n])
        .collect();
    if rest.len() == unpaired.len() {
        for (&i, &j) in unpaired.iter().zip(&rest) {
            fates[i] = Fate::Changed(j);
            from[j] = Some(i);
        }
    }
}

/// An event's text without blank lines and spacing: what makes it the
/// same event on both sides.
pub fn normal(event: &str) -> String {
    event
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join("\n")
}

/// An event's `on` date as written (ISO dates sort as text).
fn date(event: &TableLines) -> String {
    event.value("on").unwrap_or_default().to_string()
}
