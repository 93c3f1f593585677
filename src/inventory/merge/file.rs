//! An inventory's text cut into the pieces the merge works on: the preamble
//! (`schema`, `[organization]`, `[policy]` ...), one chunk per
//! `[[vendor]]` (its fields, then its `[[vendor.event]]`s), and the trailer
//! (top-level tables written after the vendors, such as `[imap]`).
//!
//! A chunk starts at its header, or at the comment lines right above it.
//! Each piece keeps its bytes exactly, so that concatenating them gives the
//! text back.

use std::collections::HashMap;
use std::ops::Range;

use super::scan::{self, Line};

/// A file cut into its preamble, vendors and trailer: slices of its text.
pub struct File<'a> {
    pub preamble: &'a str,
    pub vendors: Vec<Vendor<'a>>,
    /// Top-level tables after the last vendor (from the comments above the
    /// first), or empty.
    pub trailer: &'a str,
    /// The blank lines after the last vendor.
    pub ending: &'a str,
    pub eol: &'static str,
    index: HashMap<&'a str, usize>,
    lines: Vec<(&'a str, Line<'a>)>,
}

pub struct Vendor<'a> {
    pub id: &'a str,
    /// From the comments above its header to its last non-blank line.
    pub body: &'a str,
    /// The blank lines after it.
    pub gap: &'a str,
    /// The lines of `body` in the file's.
    lines: Range<usize>,
}

/// A table's lines as items: each field with the lines of its value, and
/// each other line (header, comment, blank) alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableLines {
    /// (key, text) in order; lines that are no field have no key.
    pub items: Vec<(Option<String>, String)>,
}

impl TableLines {
    fn new(lines: &[(&str, Line<'_>)]) -> TableLines {
        let mut items: Vec<(Option<String>, String)> = Vec::new();
        for (text, kind) in lines {
            match kind {
                Line::Inside if !items.is_empty() => {
                    if let Some(last) = items.last_mut() {
                        last.1.push_str(text);
                    }
                }
                Line::Key(key) => {
                    items.push((Some(scan::name(key).into_owned()), text.to_string()))
                }
                _ => items.push((None, text.to_string())),
            }
        }
        TableLines { items }
    }

    pub fn text(&self) -> String {
        self.items.iter().map(|(_, text)| text.as_str()).collect()
    }

    /// The text of field `key`, if it has one.
    pub fn get(&self, key: &str) -> Option<&str> {
        self.items
            .iter()
            .find(|(k, _)| k.as_deref() == Some(key))
            .map(|(_, text)| text.as_str())
    }

    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.items.iter().filter_map(|(k, _)| k.as_deref())
    }

    /// The value of field `key` as written, without quotes or comment.
    pub fn value(&self, key: &str) -> Option<&str> {
        value(self.get(key)?)
    }
}

/// The value of a field's line as written, without quotes or comment.
fn value(line: &str) -> Option<&str> {
    let (_, value) = line.split_once('=')?;
    let value = value.trim();
    Some(match value.chars().next() {
        Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
        _ => value.split('#').next().unwrap_or("").trim(),
    })
}

/// Why a text cannot be cut into vendors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Uncut {
    /// A `[[vendor]]` without an `id`.
    NoId,
    /// Two vendors with the same id.
    Twice(String),
    /// A top-level table between vendors.
    Between(String),
}

impl std::fmt::Display for Uncut {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Uncut::NoId => write!(f, "a vendor has no id"),
            Uncut::Twice(id) => write!(f, "two vendors have the id `{id}`"),
            Uncut::Between(table) => write!(f, "the table `{table}` sits between vendors"),
        }
    }
}

/// Whether a header belongs to the vendor above it.
fn of_vendor(name: &str) -> bool {
    name.starts_with("[[vendor.") || name.starts_with("[vendor.")
}

/// Whether a header is `[[vendor]]`.
fn is_vendor(line: &Line<'_>) -> bool {
    matches!(line, Line::Header(name) if scan::is(name, "[[vendor]]"))
}

/// Whether a header is `[[vendor.event]]`.
fn is_event(line: &Line<'_>) -> bool {
    matches!(line, Line::Header(name) if scan::is(name, "[[vendor.event]]"))
}

impl<'a> File<'a> {
    pub fn vendor(&self, id: &str) -> Option<&Vendor<'a>> {
        self.index.get(id).map(|&i| &self.vendors[i])
    }

    pub fn has(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    /// A vendor's fields and its events, each as a table.
    pub fn tables(&self, vendor: &Vendor<'_>) -> (TableLines, Vec<TableLines>) {
        let body = &self.lines[vendor.lines.clone()];
        let starts: Vec<usize> = (0..body.len()).filter(|&i| is_event(&body[i].1)).collect();
        let starts = with_comments(body, &starts);
        let head_end = starts.first().copied().unwrap_or(body.len());
        let events = starts
            .iter()
            .enumerate()
            .map(|(k, &s)| {
                TableLines::new(&body[s..starts.get(k + 1).copied().unwrap_or(body.len())])
            })
            .collect();
        (TableLines::new(&body[..head_end]), events)
    }

    pub fn parse(text: &'a str) -> Result<File<'a>, Uncut> {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let lines = scan::lines(text);
        // Where line `i` starts in `text`.
        let at = |i: usize| {
            lines.get(i).map_or(text.len(), |(line, _)| {
                line.as_ptr() as usize - text.as_ptr() as usize
            })
        };
        let mut vendor_starts: Vec<usize> = Vec::new();
        let mut trailer: Option<usize> = None;
        for (i, (_, kind)) in lines.iter().enumerate() {
            let Line::Header(name) = kind else { continue };
            if is_vendor(kind) {
                if let Some(at) = trailer {
                    let table = match lines[at].1 {
                        Line::Header(table) => scan::name(table).into_owned(),
                        _ => String::new(),
                    };
                    return Err(Uncut::Between(table));
                }
                vendor_starts.push(i);
            } else if !vendor_starts.is_empty()
                && trailer.is_none()
                && !of_vendor(&scan::name(name))
            {
                trailer = Some(i);
            }
        }
        let mut starts = vendor_starts.clone();
        starts.extend(trailer);
        let starts = with_comments(&lines, &starts);
        let (vendor_starts, trailer) = match trailer {
            Some(_) => (&starts[..starts.len() - 1], starts.last().copied()),
            None => (&starts[..], None),
        };
        let end = trailer.unwrap_or(lines.len());
        let first = vendor_starts.first().copied().unwrap_or(end);

        let mut vendors = Vec::with_capacity(vendor_starts.len());
        let mut index = HashMap::with_capacity(vendor_starts.len());
        for (n, &start) in vendor_starts.iter().enumerate() {
            let stop = vendor_starts.get(n + 1).copied().unwrap_or(end);
            let content = lines[start..stop]
                .iter()
                .rposition(|(t, k)| *k != Line::Blank || !t.trim().is_empty())
                .map_or(start, |i| start + i + 1);
            // Its id: a field of its own, above its first event.
            let id = lines[start..content]
                .iter()
                .take_while(|(_, k)| !is_event(k))
                .find_map(|(t, k)| match k {
                    Line::Key(key) if scan::is(key, "id") => value(t),
                    _ => None,
                })
                .ok_or(Uncut::NoId)?;
            if index.insert(id, vendors.len()).is_some() {
                return Err(Uncut::Twice(id.to_string()));
            }
            vendors.push(Vendor {
                id,
                body: &text[at(start)..at(content)],
                gap: &text[at(content)..at(stop)],
                lines: start..content,
            });
        }
        let ending = vendors.last().map_or("", |v| v.gap);
        Ok(File {
            preamble: &text[..at(first)],
            vendors,
            trailer: &text[at(end)..],
            ending,
            eol,
            index,
            lines,
        })
    }
}

/// `starts` (header lines, in order) moved up over the comment lines right
/// above each, never past the start before it.
fn with_comments(lines: &[(&str, Line<'_>)], starts: &[usize]) -> Vec<usize> {
    let mut moved: Vec<usize> = Vec::with_capacity(starts.len());
    for &header in starts {
        let floor = moved.last().map_or(0, |&p| p + 1);
        let mut start = header;
        while start > floor && lines[start - 1].1 == Line::Comment {
            start -= 1;
        }
        moved.push(start);
    }
    moved
}
