//! The built-in taxonomy of personal-data categories. Modelled on the
//! `user.*` categories of privacy-as-code tools; `custom.` categories are
//! always accepted. The plain words letters print for each are in each
//! language's file (`crate::lang::category_label`).

/// The built-in categories, by name.
pub const CATEGORIES: &[&str] = &[
    "contact.email",
    "contact.name",
    "contact.phone",
    "contact.address",
    "account.credentials",
    "account.username",
    "financial.invoice",
    "financial.payment-card",
    "financial.bank-account",
    "identity.government-id",
    "identity.date-of-birth",
    "behavior.usage",
    "behavior.location",
    "device.ip-address",
    "device.cookie-id",
    "content.messages",
    "content.files",
    "health",
    "biometric",
    "employment",
    "children",
];

pub const CUSTOM_PREFIX: &str = "custom.";

pub fn is_known(category: &str) -> bool {
    category
        .strip_prefix(CUSTOM_PREFIX)
        .is_some_and(|rest| !rest.is_empty())
        || CATEGORIES.contains(&category)
}

/// The built-in category a mistaken `word` most likely means: a typo of a
/// whole name (`contact.emial`), else a name whose last part the word is
/// or nearly is (`email` → `contact.email`).
pub fn suggest(word: &str) -> Option<&'static str> {
    let names = names();
    if let Some(best) = crate::suggest::closest(word, names.iter().copied()) {
        return Some(best);
    }
    let last = |name: &'static str| name.rsplit('.').next().unwrap_or(name);
    let word = word.to_lowercase().replace(['-', '_', ' '], "");
    names
        .iter()
        .copied()
        .find(|name| last(name) == word)
        .or_else(|| {
            crate::suggest::closest(&word, names.iter().copied().map(last))
                .and_then(|part| names.iter().copied().find(|name| last(name) == part))
        })
}

pub fn names() -> Vec<&'static str> {
    CATEGORIES.to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_mistaken_category_suggests_the_one_meant() {
        assert_eq!(suggest("contact.emial"), Some("contact.email"));
        assert_eq!(suggest("email"), Some("contact.email"));
        assert_eq!(suggest("E-mail"), Some("contact.email"));
        assert_eq!(suggest("phone"), Some("contact.phone"));
        assert_eq!(suggest("favourite-colour"), None);
    }

    #[test]
    fn custom_categories_are_known() {
        assert!(is_known("contact.email"));
        assert!(is_known("custom.loyalty-points"));
        assert!(!is_known("custom."));
        assert!(!is_known("contact.emial"));
    }
}
