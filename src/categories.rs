//! The built-in taxonomy of personal-data categories, with the plain words
//! that letters print for each. Modelled on the `user.*` categories of
//! privacy-as-code tools; `custom.` categories are always accepted.

pub const CATEGORIES: &[(&str, &str)] = &[
    ("contact.email", "e-mail addresses"),
    ("contact.name", "names"),
    ("contact.phone", "phone numbers"),
    ("contact.address", "postal addresses"),
    ("account.credentials", "login credentials"),
    ("account.username", "user names"),
    ("financial.invoice", "invoices and billing records"),
    ("financial.payment-card", "payment card details"),
    ("financial.bank-account", "bank account details"),
    ("identity.government-id", "government ID numbers"),
    ("identity.date-of-birth", "dates of birth"),
    ("behavior.usage", "usage and activity records"),
    ("behavior.location", "location data"),
    ("device.ip-address", "IP addresses"),
    ("device.cookie-id", "cookie and device identifiers"),
    ("content.messages", "messages and correspondence"),
    ("content.files", "uploaded files"),
    ("health", "health data"),
    ("biometric", "biometric data"),
    ("employment", "employment records"),
    ("children", "data about children"),
];

pub const CUSTOM_PREFIX: &str = "custom.";

pub fn is_known(category: &str) -> bool {
    category
        .strip_prefix(CUSTOM_PREFIX)
        .is_some_and(|rest| !rest.is_empty())
        || CATEGORIES.iter().any(|(name, _)| *name == category)
}

/// The plain-words label of a category; a custom one shows its own name.
pub fn label(category: &str) -> &str {
    CATEGORIES
        .iter()
        .find(|(name, _)| *name == category)
        .map_or_else(
            || category.strip_prefix(CUSTOM_PREFIX).unwrap_or(category),
            |(_, label)| label,
        )
}

pub fn names() -> Vec<&'static str> {
    CATEGORIES.iter().map(|(name, _)| *name).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn custom_categories_are_known_and_labelled_by_name() {
        assert!(is_known("contact.email"));
        assert!(is_known("custom.loyalty-points"));
        assert!(!is_known("custom."));
        assert!(!is_known("contact.emial"));
        assert_eq!(label("custom.loyalty-points"), "loyalty-points");
        assert_eq!(label("contact.email"), "e-mail addresses");
    }
}
