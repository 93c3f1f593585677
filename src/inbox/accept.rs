//! What `--accept` names: a person's yes to one reply, after reading it.
//! Pure.
//!
//! A yes is given to a reply, not to a vendor: the person read one
//! message, from one sender, and said yes to what it says. So each reply
//! has a tag, `VENDOR:HEX` (the vendor's id and six hex digits of the
//! SHA-256 of its `Message-ID`), shown in the table and in JSON's
//! `accept`: it stays the same from run to run and mailbox to mailbox. A
//! `Message-ID` (`'<id@host>'`, brackets optional) names a reply too. A
//! bare vendor id still works when exactly one of its replies waits for a
//! yes; with several, it is refused and the choices are listed.

use sha2::{Digest, Sha256};

use crate::inbox::{Reply, decide, needs_yes};
use crate::inventory::Inventory;

/// One value of `--accept`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    /// A vendor's id: its one reply that waits for a yes.
    Vendor(String),
    /// A reply's tag, `VENDOR:HEX`.
    Tag(String),
    /// A reply's `Message-ID`, with its brackets.
    MessageId(String),
}

/// `--accept`'s values, read.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Accept {
    pub picks: Vec<Pick>,
}

/// Why `--accept` cannot be carried out, and what to type instead.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub problem: String,
    pub hint: String,
}

/// The tag of a reply with this `Message-ID`, for the vendor `vendor`.
pub fn tag(vendor: &str, message_id: &str) -> String {
    let digest = Sha256::digest(message_id.as_bytes());
    let hex: String = digest[..3].iter().map(|b| format!("{b:02x}")).collect();
    format!("{vendor}:{hex}")
}

impl Accept {
    /// Reads each value: a `Message-ID` holds `@`, a tag `:`, anything
    /// else is a vendor id.
    pub fn parse(values: &[String]) -> Accept {
        let picks = values
            .iter()
            .map(|v| v.trim())
            .filter(|v| !v.is_empty())
            .map(|value| {
                if value.contains('@') {
                    let bare = value.trim_start_matches('<').trim_end_matches('>');
                    Pick::MessageId(format!("<{bare}>"))
                } else if value.contains(':') {
                    Pick::Tag(value.to_ascii_lowercase())
                } else {
                    Pick::Vendor(value.to_string())
                }
            })
            .collect();
        Accept { picks }
    }

    /// The vendor ids named, alone or in a tag: each must be in the
    /// inventory.
    pub fn vendors(&self) -> Vec<&str> {
        self.picks
            .iter()
            .filter_map(|p| match p {
                Pick::Vendor(id) => Some(id.as_str()),
                Pick::Tag(tag) => tag.split(':').next(),
                Pick::MessageId(_) => None,
            })
            .collect()
    }

    /// Whether a person said yes to this reply.
    pub fn covers(&self, reply: &Reply) -> bool {
        self.picks.iter().any(|p| match p {
            Pick::Vendor(id) => *id == reply.vendor,
            Pick::Tag(tag) => reply.accept.as_deref() == Some(tag.as_str()),
            Pick::MessageId(id) => reply.message_id.as_deref() == Some(id.as_str()),
        })
    }

    /// Refuses a yes that names no reply read in this run, and a vendor's
    /// id when more than one of its replies waits for a yes: which one
    /// did the person read? Checked before anything is recorded.
    pub fn check(&self, replies: &[&Reply], inventory: &Inventory) -> Result<(), Refusal> {
        for pick in &self.picks {
            match pick {
                Pick::Vendor(id) => {
                    let Some(vendor) = inventory.vendor(id) else {
                        continue;
                    };
                    let waiting: Vec<&&Reply> = replies
                        .iter()
                        .filter(|r| r.vendor == *id && r.proposal.is_some())
                        .filter(|r| {
                            needs_yes(r, vendor).is_some() && decide(r, vendor, true).is_ok()
                        })
                        .collect();
                    if waiting.len() > 1 {
                        let choices: Vec<String> = waiting
                            .iter()
                            .map(|r| {
                                format!(
                                    "  {}  {} {} from {}",
                                    r.accept.as_deref().unwrap_or("-"),
                                    r.date,
                                    r.proposal.map_or("-", |p| p.as_str()),
                                    r.sender_domain
                                )
                            })
                            .collect();
                        return Err(Refusal {
                            problem: format!(
                                "`--accept {id}` names {} replies that wait for a yes; which one did you read?\n{}",
                                waiting.len(),
                                choices.join("\n")
                            ),
                            hint: format!(
                                "accept the one you read by its tag, e.g. `--accept {}`",
                                waiting[0].accept.as_deref().unwrap_or(id)
                            ),
                        });
                    }
                }
                Pick::Tag(tag) => {
                    let mut named: Vec<&str> = replies
                        .iter()
                        .filter(|r| r.accept.as_deref() == Some(tag))
                        .filter_map(|r| r.message_id.as_deref())
                        .collect();
                    named.sort_unstable();
                    named.dedup();
                    if named.is_empty() {
                        return Err(Refusal {
                            problem: format!("`--accept {tag}` names no reply in this mail"),
                            hint: "copy the tag from the `accept` column of `linger inbox` over the same mail".into(),
                        });
                    }
                    // Six hex digits: two messages may share them, by
                    // chance or by design; a yes goes to one.
                    if named.len() > 1 {
                        return Err(Refusal {
                            problem: format!(
                                "`--accept {tag}` names {} replies with different Message-IDs",
                                named.len()
                            ),
                            hint: "accept the one you read by its Message-ID (the `message_id` of `--format json`)".into(),
                        });
                    }
                }
                Pick::MessageId(id) => {
                    if !replies.iter().any(|r| r.message_id.as_deref() == Some(id)) {
                        return Err(Refusal {
                            problem: format!(
                                "`--accept` names the Message-ID {}, which no reply in this mail has",
                                crate::inbox::message_id::shown(id.trim_matches(['<', '>']))
                            ),
                            hint: "copy the tag from the `accept` column of `linger inbox` over the same mail".into(),
                        });
                    }
                }
            }
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_read_as_message_ids_tags_or_vendors() {
        let accept = Accept::parse(&[
            "ledgerly".into(),
            "Ledgerly:0A1B2C".into(),
            "abc@x.example".into(),
            "<def@y.example>".into(),
        ]);
        assert_eq!(
            accept.picks,
            [
                Pick::Vendor("ledgerly".into()),
                Pick::Tag("ledgerly:0a1b2c".into()),
                Pick::MessageId("<abc@x.example>".into()),
                Pick::MessageId("<def@y.example>".into()),
            ]
        );
        assert_eq!(accept.vendors(), ["ledgerly", "ledgerly"]);
        let t = tag("oldcrm", "<a@b.example>");
        assert!(
            t.starts_with("oldcrm:") && t.len() == "oldcrm:".len() + 6,
            "{t}"
        );
        assert_eq!(t, tag("oldcrm", "<a@b.example>"));
        assert_ne!(t, tag("oldcrm", "<a@c.example>"));
    }

    fn reply(id: &str, proposal: crate::inbox::Proposal, accept: &str) -> Reply {
        Reply {
            vendor: "oldcrm".into(),
            message_id: Some(id.into()),
            date: chrono::NaiveDate::from_ymd_opt(2026, 11, 20).unwrap(),
            from: "privacy@oldcrm.example".into(),
            sender_domain: "oldcrm.example".into(),
            subject: "Re: Deletion request".into(),
            matched_by: crate::inbox::Route::Reference,
            proposal: Some(proposal),
            reference: None,
            until: None,
            url: None,
            new_address: None,
            language: None,
            kept: None,
            reason: None,
            quote: None,
            trusted: Some(true),
            terminal: proposal.is_terminal(),
            accept: Some(accept.into()),
            needs_accept: proposal.is_terminal(),
            applied: false,
            note: None,
            moves: None,
            id_problem: None,
        }
    }

    #[test]
    fn a_yes_must_name_exactly_one_reply() {
        let inventory = crate::inventory::parse(
            "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\nlaw = \"gdpr\"\n\n[[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n[[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n",
            chrono::NaiveDate::from_ymd_opt(2026, 11, 30).unwrap(),
        )
        .unwrap();
        use crate::inbox::Proposal::{Acknowledged, Confirmed, Refused};
        let confirmed = reply("<c@oldcrm.example>", Confirmed, "oldcrm:aaaaaa");
        let refused = reply("<r@oldcrm.example>", Refused, "oldcrm:bbbbbb");
        let receipt = reply("<a@oldcrm.example>", Acknowledged, "oldcrm:cccccc");
        let check = |values: &[&str], replies: &[&Reply]| {
            let values: Vec<String> = values.iter().map(|v| v.to_string()).collect();
            Accept::parse(&values).check(replies, &inventory)
        };
        // One end state waits: the vendor's id names it.
        assert!(check(&["oldcrm"], &[&confirmed, &receipt]).is_ok());
        // Two wait: which one?
        let both = check(&["oldcrm"], &[&confirmed, &refused]).unwrap_err();
        assert!(both.problem.contains("oldcrm:aaaaaa") && both.problem.contains("oldcrm:bbbbbb"));
        assert!(check(&["oldcrm:bbbbbb"], &[&confirmed, &refused]).is_ok());
        assert!(check(&["<c@oldcrm.example>"], &[&confirmed, &refused]).is_ok());
        // A tag or id that names nothing, or a tag two replies share.
        assert!(check(&["oldcrm:dddddd"], &[&confirmed]).is_err());
        assert!(check(&["<x@oldcrm.example>"], &[&confirmed]).is_err());
        let twin = reply("<twin@oldcrm.example>", Confirmed, "oldcrm:aaaaaa");
        assert!(check(&["oldcrm:aaaaaa"], &[&confirmed, &twin]).is_err());
        let accept = Accept::parse(&["oldcrm:bbbbbb".to_string()]);
        assert!(accept.covers(&refused) && !accept.covers(&confirmed));
    }
}
