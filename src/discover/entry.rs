//! A candidate as the inventory entry `discover --add` appends: its name,
//! website and privacy contact from the directory, the first day it was
//! seen as `used_from`, and a line of `notes` that says where it was
//! found. Pure.

use super::Candidate;
use crate::inventory::edit::NewVendor;

/// The `[[vendor]]` entry for `c`.
pub fn new_vendor(c: &Candidate) -> NewVendor {
    NewVendor {
        id: c.id.clone(),
        name: c.name.clone(),
        website: c.website.clone(),
        privacy_email: c.privacy_email.clone(),
        used_from: c.first_seen,
        account: None,
        data: (!c.data.is_empty()).then(|| c.data.clone()),
        law: None,
        notes: Some(note(c)),
    }
}

/// The line of `notes` that says where the vendor was found.
fn note(c: &Candidate) -> String {
    let mut text = format!("Found by linger discover: {}", c.evidence.join("; "));
    if c.probably_retired {
        text.push_str(". Probably retired: not seen for a long time; set retired_on if so");
    }
    // `notes` is one line of free text; the evidence never holds a line
    // break, but a subject could hold other control characters.
    text.chars().filter(|ch| !ch.is_control()).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_note_is_one_printable_line_that_says_where() {
        let candidate = Candidate {
            id: "acme".into(),
            name: "Acme".into(),
            domains: vec!["acme.example".into()],
            sources: Vec::new(),
            first_seen: "2024-03-01".parse().ok(),
            last_seen: None,
            count: 3,
            probably_retired: true,
            evidence: vec![
                "mail from billing@acme.example".into(),
                "subject \"Your\u{7}receipt\"".into(),
            ],
            subjects: Vec::new(),
            people: None,
            scopes: Vec::new(),
            addresses: Vec::new(),
            privacy_email: None,
            website: Some("https://acme.example".into()),
            data: Vec::new(),
            directory: None,
        };
        let vendor = new_vendor(&candidate);
        assert_eq!(vendor.used_from, candidate.first_seen);
        assert_eq!(vendor.data, None);
        assert_eq!(
            vendor.notes.as_deref(),
            Some(
                "Found by linger discover: mail from billing@acme.example; subject \"Yourreceipt\". Probably retired: not seen for a long time; set retired_on if so"
            )
        );
    }
}
