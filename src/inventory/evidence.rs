//! Every evidence value a vendor's records name, in one list: what
//! `linger evidence pack` collects. A new kind of record that keeps
//! evidence (a canary observation) joins the list with one line in
//! `Vendor::evidence`, and the pack takes its files with no other change.
//! An event's `attachments` (a reply's attached certificate, kept beside
//! the message) are named by their event, after its own evidence.

use chrono::NaiveDate;

use super::model::{Located, Vendor};

/// One evidence value and the record that names it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Named<'a> {
    /// What kind of record names it, as the pack's manifest says it:
    /// `event` or `canary_mail`.
    pub record: &'static str,
    /// Its place among the vendor's records of that kind, from 1, in file
    /// order (`event 3` is the third `[[vendor.event]]`).
    pub index: usize,
    pub on: NaiveDate,
    /// The record's kind (`requested`, `confirmed`, …; for canary mail,
    /// who sent it: `vendor` or `other`).
    pub kind: &'static str,
    /// The path (relative to the inventory's folder) or URL, as written.
    pub evidence: &'a Located<String>,
    /// The file's SHA-256 when it was recorded.
    pub sha256: Option<&'a Located<String>>,
}

impl Named<'_> {
    /// A URL, not a file in the inventory's folder (as `check` tells them).
    pub fn is_url(&self) -> bool {
        self.evidence.value.contains("://")
    }
}

impl Vendor {
    /// Every evidence value this vendor's records name, record kind by
    /// record kind, each in file order.
    pub fn evidence(&self) -> Vec<Named<'_>> {
        let mut named = Vec::new();
        for (i, event) in self.events.iter().enumerate() {
            let named_by_event = |evidence, sha256| Named {
                record: "event",
                index: i + 1,
                on: event.on.value,
                kind: event.kind.as_str(),
                evidence,
                sha256,
            };
            if let Some(evidence) = &event.evidence {
                named.push(named_by_event(evidence, event.evidence_sha256.as_ref()));
            }
            // The files that came with the message, each kept beside it
            // with its own hash: named by the same event.
            named.extend(
                (event.attachments.iter())
                    .map(|file| named_by_event(&file.evidence, file.sha256.as_ref())),
            );
        }
        named.extend(self.canary_mail.iter().enumerate().filter_map(|(i, mail)| {
            Some(Named {
                record: "canary_mail",
                index: i + 1,
                on: mail.on.value,
                kind: mail.sender.as_str(),
                evidence: mail.evidence.as_ref()?,
                sha256: mail.sha256.as_ref(),
            })
        }));
        named
    }
}

#[cfg(test)]
mod tests {
    const VENDOR: &str = "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@n.example\"\n\n\
        [[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\ndata = [\"contact.email\"]\n\n\
        [[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n\n\
        [[vendor.event]]\non = 2026-11-25\nkind = \"confirmed\"\nevidence = \"evidence/oldcrm/c.eml\"\n";

    fn load(attachments: &str) -> Result<crate::inventory::Inventory, String> {
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        crate::inventory::parse(&format!("{VENDOR}{attachments}"), today).map_err(|diags| {
            diags
                .iter()
                .map(|d| format!("{d:?}"))
                .collect::<Vec<_>>()
                .join("\n")
        })
    }

    #[test]
    fn an_events_attachments_are_its_evidence_too_after_its_own() {
        let hash = "ab".repeat(32);
        let inventory = load(&format!(
            "attachments = [\n  {{ name = \"c.pdf\", evidence = \"evidence/oldcrm/c-c.pdf\", sha256 = \"{hash}\" }},\n  {{ evidence = \"evidence/oldcrm/c-notice.txt\" }},\n]\n"
        ))
        .unwrap();
        let vendor = inventory.vendor("oldcrm").unwrap();
        let named: Vec<(usize, &str, Option<&str>)> = vendor
            .evidence()
            .into_iter()
            .map(|n| {
                (
                    n.index,
                    n.evidence.value.as_str(),
                    n.sha256.map(|h| h.value.as_str()),
                )
            })
            .collect();
        assert_eq!(
            named,
            [
                (2, "evidence/oldcrm/c.eml", None),
                (2, "evidence/oldcrm/c-c.pdf", Some(hash.as_str())),
                (2, "evidence/oldcrm/c-notice.txt", None),
            ]
        );
        assert_eq!(
            vendor.events[1].attachments[0].name.as_deref(),
            Some("c.pdf")
        );
    }

    #[test]
    fn a_bad_attachment_is_an_error_that_says_what_is_wrong() {
        for (attachments, says) in [
            (
                "attachments = [{ evidence = \"e/x.pdf\", sha256 = \"abc\" }]\n",
                "not a SHA-256",
            ),
            ("attachments = [{ name = \"x.pdf\" }]\n", "evidence"),
            (
                "attachments = [{ evidence = \"e/x.pdf\", size = 3 }]\n",
                "size",
            ),
            ("attachments = \"e/x.pdf\"\n", "a list of tables"),
        ] {
            let problem = load(attachments).unwrap_err();
            assert!(problem.contains(says), "{attachments}: {problem}");
        }
    }
}
