//! The evidence pack for an auditor (`linger evidence pack`, `verify`):
//! which files go in and under which names, each vendor's history as
//! JSON, the manifest, and what `verify` finds when it rechecks a pack.
//! Pure: the edge (`zipfile`) reads the files and the archive, hashing as
//! it goes; this module decides names and verdicts.
//!
//! A pack holds, per vendor, `vendors/ID/history.json`, `history.txt` and
//! every evidence file its records name, as `vendors/ID/files/` and the
//! path the inventory gives; then `index.html`; then `manifest.json`,
//! which lists every other file with its SHA-256.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Component, Path};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::inventory::{Inventory, Vendor, inside};

pub const MANIFEST: &str = "manifest.json";
pub const INDEX: &str = "index.html";
/// What `manifest.json` says it is, so that `verify` tells a linger pack
/// from any other zip with a `manifest.json`.
pub const FORMAT: &str = "linger-evidence-pack";
pub const FORMAT_VERSION: u32 = 1;

/// A record that names an evidence file.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RecordRef {
    /// `event` (and whatever other record kinds keep evidence).
    pub record: String,
    /// Its place among the vendor's records of that kind, from 1.
    pub index: usize,
    pub on: NaiveDate,
    pub kind: String,
    /// The SHA-256 the inventory recorded for the file, if it did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recorded_sha256: Option<String>,
}

/// An evidence file the pack takes: one per vendor and path, with every
/// record that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Wanted {
    pub vendor: String,
    /// The path in the inventory's folder, as written.
    pub source: String,
    /// Its name in the pack.
    pub name: String,
    pub records: Vec<RecordRef>,
}

/// An evidence path that names a place outside the inventory's folder:
/// the pack refuses it whatever is on disk.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Outside {
    pub vendor: String,
    pub record: RecordRef,
    pub evidence: String,
    /// Where the inventory writes it (a byte offset).
    pub at: usize,
}

/// The evidence files of `vendors`, sorted by their names in the pack;
/// URLs are not files and stay in the history only.
pub fn plan(vendors: &[&Vendor]) -> Result<Vec<Wanted>, Box<Outside>> {
    let mut wanted: BTreeMap<String, Wanted> = BTreeMap::new();
    for vendor in vendors {
        let id = &vendor.id.value;
        for named in vendor.evidence().into_iter().filter(|n| !n.is_url()) {
            let record = RecordRef {
                record: named.record.to_string(),
                index: named.index,
                on: named.on,
                kind: named.kind.to_string(),
                recorded_sha256: named.sha256.map(|h| h.value.to_ascii_lowercase()),
            };
            let source = &named.evidence.value;
            if inside::escapes(source) {
                return Err(Box::new(Outside {
                    vendor: id.clone(),
                    record,
                    evidence: source.clone(),
                    at: named.evidence.span.start,
                }));
            }
            let name = evidence_name(id, source);
            let entry = wanted.entry(name.clone()).or_insert_with(|| Wanted {
                vendor: id.clone(),
                source: source.clone(),
                name,
                records: Vec::new(),
            });
            entry.records.push(record);
        }
    }
    Ok(wanted.into_values().collect())
}

/// `source` without `.` parts, with `/` between the rest.
fn clean(source: &str) -> String {
    let parts: Vec<String> = Path::new(source)
        .components()
        .filter_map(|c| match c {
            Component::Normal(part) => Some(part.to_string_lossy().into_owned()),
            _ => None,
        })
        .collect();
    parts.join("/")
}

/// The name in the pack of vendor `id`'s evidence file `source`.
fn evidence_name(id: &str, source: &str) -> String {
    format!("vendors/{id}/files/{}", clean(source))
}

/// The name of a vendor's history in the pack, as JSON or text.
pub fn history_name(id: &str, extension: &str) -> String {
    format!("vendors/{id}/history.{extension}")
}

/// A vendor's history as `history.json` holds it.
#[derive(Debug, Serialize)]
pub struct History<'a> {
    pub id: &'a str,
    pub name: &'a str,
    pub website: Option<&'a str>,
    pub used_from: Option<NaiveDate>,
    pub retired_on: Option<NaiveDate>,
    pub law: &'static str,
    pub data: Vec<&'a str>,
    pub events: Vec<EventRecord<'a>>,
}

/// One event, with the name in the pack of the file it names.
#[derive(Debug, Serialize)]
pub struct EventRecord<'a> {
    pub index: usize,
    pub on: NaiveDate,
    pub kind: &'static str,
    pub until: Option<NaiveDate>,
    pub reason: Option<&'a str>,
    pub reference: Option<&'a str>,
    pub message_id: Option<&'a str>,
    pub note: Option<&'a str>,
    pub evidence: Option<&'a str>,
    pub evidence_sha256: Option<&'a str>,
    /// The evidence file's name in the pack, when it is a file.
    pub file: Option<String>,
    /// The files that came with the evidence (`attachments`); left out
    /// when there are none.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<AttachmentRecord<'a>>,
}

/// A file that came with an event's evidence, with its name in the pack.
#[derive(Debug, Serialize)]
pub struct AttachmentRecord<'a> {
    pub name: Option<&'a str>,
    pub evidence: &'a str,
    pub sha256: Option<&'a str>,
    pub file: String,
}

/// `vendor`'s history, each event's file named as `plan` names it.
pub fn history<'a>(inventory: &Inventory, vendor: &'a Vendor) -> History<'a> {
    let id = &vendor.id.value;
    History {
        id,
        name: &vendor.name,
        website: vendor.website.as_ref().map(|w| w.value.as_str()),
        used_from: vendor.used_from,
        retired_on: vendor.retired_on.as_ref().map(|r| r.value),
        law: inventory.law_of(vendor).as_str(),
        data: (vendor.data.iter().flatten())
            .map(|c| c.value.as_str())
            .collect(),
        events: (vendor.events.iter().enumerate())
            .map(|(i, e)| {
                let evidence = e.evidence.as_ref().map(|v| v.value.as_str());
                EventRecord {
                    index: i + 1,
                    on: e.on.value,
                    kind: e.kind.as_str(),
                    until: e.until,
                    reason: e.reason.as_deref(),
                    reference: e.reference.as_deref(),
                    message_id: e.message_id.as_deref(),
                    note: e.note.as_deref(),
                    evidence,
                    evidence_sha256: e.evidence_sha256.as_ref().map(|h| h.value.as_str()),
                    file: evidence
                        .filter(|v| !v.contains("://"))
                        .map(|v| evidence_name(id, v)),
                    attachments: (e.attachments.iter())
                        .map(|a| AttachmentRecord {
                            name: a.name.as_deref(),
                            evidence: &a.evidence.value,
                            sha256: a.sha256.as_ref().map(|h| h.value.as_str()),
                            file: evidence_name(id, &a.evidence.value),
                        })
                        .collect(),
                }
            })
            .collect(),
    }
}

/// What a file in the pack is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Role {
    Evidence,
    History,
    Index,
}

/// A file in the pack, as the manifest lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FileEntry {
    pub name: String,
    pub sha256: String,
    pub size: u64,
    pub role: Role,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub vendor: Option<String>,
    /// The path in the inventory's folder it was read from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<String>,
    /// The records that name it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub records: Vec<RecordRef>,
}

/// An evidence file a record names that was not there to pack.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MissingEntry {
    pub vendor: String,
    pub source: String,
    pub records: Vec<RecordRef>,
}

/// The inventory a pack was made from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct InventoryRef {
    pub file: String,
    pub sha256: String,
}

/// `manifest.json`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Manifest {
    pub format: String,
    pub format_version: u32,
    /// The version of linger that made it.
    pub linger: String,
    pub made_on: NaiveDate,
    pub organization: String,
    pub inventory: InventoryRef,
    pub vendors: Vec<String>,
    /// Every file in the pack but the manifest, in the pack's order.
    pub files: Vec<FileEntry>,
    pub missing: Vec<MissingEntry>,
}

impl Manifest {
    /// The manifest of a pack made on `made_on` from `inventory`, with no
    /// file yet.
    pub fn new(inventory: &Inventory, file: &str, sha256: &str, made_on: NaiveDate) -> Manifest {
        Manifest {
            format: FORMAT.to_string(),
            format_version: FORMAT_VERSION,
            linger: env!("CARGO_PKG_VERSION").to_string(),
            made_on,
            organization: inventory.organization.name.clone(),
            inventory: InventoryRef {
                file: file.to_string(),
                sha256: sha256.to_string(),
            },
            vendors: Vec::new(),
            files: Vec::new(),
            missing: Vec::new(),
        }
    }

    /// The evidence files whose hash is not the one the inventory
    /// recorded, each with the record that recorded it.
    pub fn differing(&self) -> Vec<(&FileEntry, &RecordRef)> {
        let mut out = Vec::new();
        for file in &self.files {
            for record in &file.records {
                if record
                    .recorded_sha256
                    .as_ref()
                    .is_some_and(|h| *h != file.sha256)
                {
                    out.push((file, record));
                }
            }
        }
        out
    }

    /// Whether the pack is short of what the inventory names: a file
    /// missing, or not the one recorded.
    pub fn incomplete(&self) -> bool {
        !self.missing.is_empty() || !self.differing().is_empty()
    }
}

/// A file found in the pack by `verify`: its SHA-256, or why it could not
/// be read (its data is damaged).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    pub name: String,
    pub sha256: Result<String, String>,
}

/// What `verify` finds.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Verdict {
    /// The files whose hash is the manifest's.
    pub matching: usize,
    /// Listed in the manifest, not in the pack.
    pub missing: Vec<String>,
    /// In the pack with another hash than the manifest's.
    pub changed: Vec<String>,
    /// In the pack, unreadable: each with why.
    pub damaged: Vec<(String, String)>,
    /// In the pack, not in the manifest (or a second entry of one name).
    pub extra: Vec<String>,
}

impl Verdict {
    pub fn is_clean(&self) -> bool {
        self.missing.is_empty()
            && self.changed.is_empty()
            && self.damaged.is_empty()
            && self.extra.is_empty()
    }
}

/// Rechecks every file of `found` (all the pack holds but the manifest)
/// against `manifest`.
pub fn verify(manifest: &Manifest, found: &[Found]) -> Verdict {
    let listed: BTreeMap<&str, &str> = (manifest.files.iter())
        .map(|f| (f.name.as_str(), f.sha256.as_str()))
        .collect();
    let mut verdict = Verdict::default();
    let mut seen = BTreeSet::new();
    for file in found {
        let name = file.name.as_str();
        let Some(expected) = listed.get(name).filter(|_| seen.insert(name)) else {
            verdict.extra.push(file.name.clone());
            continue;
        };
        match &file.sha256 {
            Ok(sha256) if sha256.eq_ignore_ascii_case(expected) => verdict.matching += 1,
            Ok(_) => verdict.changed.push(file.name.clone()),
            Err(why) => verdict.damaged.push((file.name.clone(), why.clone())),
        }
    }
    verdict.missing = (listed.keys())
        .filter(|name| !seen.contains(*name))
        .map(|name| name.to_string())
        .collect();
    verdict
}

#[cfg(test)]
mod tests {
    use super::*;

    fn inventory(events: &str) -> Inventory {
        crate::inventory::parse(
            &format!(
                "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\n\n[[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\n{events}"
            ),
            "2026-11-30".parse().unwrap(),
        )
        .unwrap()
    }

    #[test]
    fn each_file_is_taken_once_with_every_record_that_names_it() {
        let inventory = inventory(
            "[[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\nevidence = \"./evidence/oldcrm/a.eml\"\n\
             [[vendor.event]]\non = 2026-10-02\nkind = \"acknowledged\"\nevidence = \"https://x.example/t/1\"\n\
             [[vendor.event]]\non = 2026-10-03\nkind = \"confirmed\"\nevidence = \"evidence/oldcrm/a.eml\"\n",
        );
        let vendors: Vec<&Vendor> = inventory.vendors.iter().collect();
        let wanted = plan(&vendors).unwrap();
        assert_eq!(wanted.len(), 1, "{wanted:?}");
        assert_eq!(wanted[0].name, "vendors/oldcrm/files/evidence/oldcrm/a.eml");
        let indexes: Vec<usize> = wanted[0].records.iter().map(|r| r.index).collect();
        assert_eq!(indexes, [1, 3]);
        let history = history(&inventory, &inventory.vendors[0]);
        assert_eq!(history.events[1].file, None, "a URL is no file");
        assert_eq!(
            history.events[2].file.as_deref(),
            Some(wanted[0].name.as_str())
        );
    }

    #[test]
    fn a_path_outside_the_folder_is_refused() {
        let inventory = inventory(
            "[[vendor.event]]\non = 2026-10-01\nkind = \"confirmed\"\nevidence = \"../secret.txt\"\n",
        );
        let vendors: Vec<&Vendor> = inventory.vendors.iter().collect();
        let outside = plan(&vendors).unwrap_err();
        assert_eq!(outside.evidence, "../secret.txt");
        assert_eq!(outside.record.index, 1);
    }

    #[test]
    fn verify_names_what_is_missing_changed_damaged_and_extra() {
        let entry = |name: &str, sha256: &str| FileEntry {
            name: name.into(),
            sha256: sha256.into(),
            size: 1,
            role: Role::Evidence,
            vendor: None,
            source: None,
            records: Vec::new(),
        };
        let mut manifest = Manifest::new(&inventory(""), "vendors.toml", "00", NaiveDate::MIN);
        manifest.files = vec![
            entry("a", "aa"),
            entry("b", "bb"),
            entry("c", "cc"),
            entry("d", "dd"),
        ];
        let found = |name: &str, sha256: Result<&str, &str>| Found {
            name: name.into(),
            sha256: sha256.map(str::to_string).map_err(str::to_string),
        };
        let verdict = verify(
            &manifest,
            &[
                found("a", Ok("AA")),
                found("b", Ok("b2")),
                found("c", Err("invalid checksum")),
                found("a", Ok("aa")),
                found("e", Ok("ee")),
            ],
        );
        assert_eq!(verdict.matching, 1);
        assert_eq!(verdict.changed, ["b"]);
        assert_eq!(
            verdict.damaged,
            [("c".to_string(), "invalid checksum".to_string())]
        );
        assert_eq!(verdict.missing, ["d"]);
        assert_eq!(verdict.extra, ["a", "e"]);
        assert!(!verdict.is_clean());
    }
}
