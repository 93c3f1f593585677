//! `starter-placeholder`: an organization field that every letter carries
//! (the sender's name, address, e-mail and signature) still holds the value
//! `linger init` wrote. Such a file loads and checks clean otherwise, and
//! its letters go out "From: Your Company Ltd".

use super::{Code, Raw};
use crate::inventory::Organization;

/// The starter's values (`src/commands/starter.toml`; a test keeps the two
/// alike).
pub const STARTER: [(&str, &str); 4] = [
    ("name", "Your Company Ltd"),
    ("email", "privacy@your-company.example"),
    ("signatory", "Your Name, Data Protection Officer"),
    ("address", "Street 1, 0000 City, Country"),
];

pub(super) fn check(organization: &Organization) -> Vec<Raw> {
    organization
        .written
        .iter()
        .filter(|(field, value)| {
            STARTER
                .iter()
                .any(|(f, placeholder)| f == field && value.value.trim() == *placeholder)
        })
        .map(|(field, value)| Raw {
            code: Code::StarterPlaceholder,
            span: value.span.clone(),
            message: format!("`organization.{field}` is still the starter's placeholder"),
            label: "written by `linger init`".to_string(),
            help: format!(
                "every letter carries it: write your organization's own {}",
                match *field {
                    "name" => "legal name",
                    "email" => "privacy address (replies come back to it)",
                    "signatory" => "signatory, e.g. \"Kari Nordmann, Data Protection Officer\"",
                    _ => "postal address",
                }
            ),
        })
        .collect()
}
