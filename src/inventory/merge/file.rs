//! An inventory's text cut into the pieces the merge works on: the preamble
//! (`schema`, `[organization]`, `[policy]` ...), one chunk per
//! `[[vendor]]` (its fields, then its `[[vendor.event]]`s), and the trailer
//! (top-level tables written after the vendors, such as `[imap]`).
//!
//! A chunk starts at its header, or at the comment lines right above it.
//! Each piece keeps its bytes exactly, so that concatenating them gives the
//! text back.

use std::collections::HashMap;

use super::scan::{self, Line};

/// A file cut into its preamble, vendors and trailer.
pub struct File {
    pub preamble: String,
    pub vendors: Vec<Vendor>,
    /// Top-level tables after the last vendor (from the comments above the
    /// first), or empty.
    pub trailer: String,
    /// The blank lines after the last vendor.
    pub ending: String,
    pub eol: &'static str,
    index: HashMap<String, usize>,
}

pub struct Vendor {
    pub id: String,
    /// From the comments above its header to its last non-blank line.
    pub body: String,
    /// The blank lines after it.
    pub gap: String,
    /// Its header and fields, up to its first event.
    pub head: Table,
    /// Each `[[vendor.event]]` with its comments and the blank lines after.
    pub events: Vec<Table>,
}

/// A table's lines as items: each field with the lines of its value, and
/// each other line (header, comment, blank) alone.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    /// (key, text) in order; lines that are no field have no key.
    pub items: Vec<(Option<String>, String)>,
}

impl Table {
    fn new(lines: &[(&str, Line)]) -> Table {
        let mut items: Vec<(Option<String>, String)> = Vec::new();
        for (text, kind) in lines {
            match kind {
                Line::Inside if !items.is_empty() => {
                    if let Some(last) = items.last_mut() {
                        last.1.push_str(text);
                    }
                }
                Line::Key(key) => items.push((Some(key.clone()), text.to_string())),
                _ => items.push((None, text.to_string())),
            }
        }
        Table { items }
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
    pub fn value(&self, key: &str) -> Option<String> {
        let text = self.get(key)?;
        let (_, value) = text.split_once('=')?;
        let value = value.trim();
        let value = match value.chars().next() {
            Some(q @ ('"' | '\'')) => value[1..].split(q).next().unwrap_or(""),
            _ => value.split('#').next().unwrap_or("").trim(),
        };
        Some(value.to_string())
    }
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

impl File {
    pub fn vendor(&self, id: &str) -> Option<&Vendor> {
        self.index.get(id).map(|&i| &self.vendors[i])
    }

    pub fn has(&self, id: &str) -> bool {
        self.index.contains_key(id)
    }

    pub fn parse(text: &str) -> Result<File, Uncut> {
        let eol = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let lines = scan::lines(text);
        let mut vendor_starts: Vec<usize> = Vec::new();
        let mut trailer: Option<usize> = None;
        for (i, (_, kind)) in lines.iter().enumerate() {
            let Line::Header(name) = kind else { continue };
            if name == "[[vendor]]" {
                if let Some(at) = trailer {
                    let Line::Header(table) = &lines[at].1 else {
                        unreachable!("the trailer starts at a header")
                    };
                    return Err(Uncut::Between(table.clone()));
                }
                vendor_starts.push(i);
            } else if !vendor_starts.is_empty() && trailer.is_none() && !of_vendor(name) {
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
        let concat = |range: &[(&str, Line)]| -> String { range.iter().map(|(t, _)| *t).collect() };

        let mut vendors = Vec::with_capacity(vendor_starts.len());
        let mut index = HashMap::with_capacity(vendor_starts.len());
        for (n, &start) in vendor_starts.iter().enumerate() {
            let stop = vendor_starts.get(n + 1).copied().unwrap_or(end);
            let chunk = &lines[start..stop];
            let content = chunk
                .iter()
                .rposition(|(t, k)| *k != Line::Blank || !t.trim().is_empty())
                .map_or(0, |i| i + 1);
            let body = &chunk[..content];
            let event_starts: Vec<usize> = body
                .iter()
                .enumerate()
                .filter(|(_, (_, k))| matches!(k, Line::Header(n) if n == "[[vendor.event]]"))
                .map(|(i, _)| i)
                .collect();
            let event_starts = with_comments(body, &event_starts);
            let head_end = event_starts.first().copied().unwrap_or(body.len());
            let head = Table::new(&body[..head_end]);
            let events = event_starts
                .iter()
                .enumerate()
                .map(|(k, &s)| {
                    let e = event_starts.get(k + 1).copied().unwrap_or(body.len());
                    Table::new(&body[s..e])
                })
                .collect();
            let id = head.value("id").ok_or(Uncut::NoId)?;
            if index.insert(id.clone(), vendors.len()).is_some() {
                return Err(Uncut::Twice(id));
            }
            vendors.push(Vendor {
                id,
                body: concat(body),
                gap: concat(&chunk[content..]),
                head,
                events,
            });
        }
        let ending = vendors.last().map_or_else(String::new, |v| v.gap.clone());
        Ok(File {
            preamble: concat(&lines[..first]),
            vendors,
            trailer: concat(&lines[end..]),
            ending,
            eol,
            index,
        })
    }
}

/// `starts` (header lines, in order) moved up over the comment lines right
/// above each, never past the start before it.
fn with_comments(lines: &[(&str, Line)], starts: &[usize]) -> Vec<usize> {
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
