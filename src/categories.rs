//! The built-in taxonomy of personal-data categories, with the plain words
//! that letters print for each. Modelled on the `user.*` categories of
//! privacy-as-code tools; `custom.` categories are always accepted.

use crate::inventory::Language;

/// A built-in category and its plain words in each letter language.
pub struct Category {
    pub name: &'static str,
    pub en: &'static str,
    pub de: &'static str,
    pub nb: &'static str,
}

pub const CATEGORIES: &[Category] = &[
    Category {
        name: "contact.email",
        en: "e-mail addresses",
        de: "E-Mail-Adressen",
        nb: "e-postadresser",
    },
    Category {
        name: "contact.name",
        en: "names",
        de: "Namen",
        nb: "navn",
    },
    Category {
        name: "contact.phone",
        en: "phone numbers",
        de: "Telefonnummern",
        nb: "telefonnumre",
    },
    Category {
        name: "contact.address",
        en: "postal addresses",
        de: "Postanschriften",
        nb: "postadresser",
    },
    Category {
        name: "account.credentials",
        en: "login credentials",
        de: "Zugangsdaten",
        nb: "innloggingsopplysninger",
    },
    Category {
        name: "account.username",
        en: "user names",
        de: "Benutzernamen",
        nb: "brukernavn",
    },
    Category {
        name: "financial.invoice",
        en: "billing records",
        de: "Rechnungsdaten",
        nb: "faktureringsopplysninger",
    },
    Category {
        name: "financial.payment-card",
        en: "payment card details",
        de: "Zahlungskartendaten",
        nb: "betalingskortopplysninger",
    },
    Category {
        name: "financial.bank-account",
        en: "bank account details",
        de: "Bankverbindungen",
        nb: "bankkontoopplysninger",
    },
    Category {
        name: "identity.government-id",
        en: "government ID numbers",
        de: "amtliche Ausweisnummern",
        nb: "offentlige ID-numre (som fødselsnummer)",
    },
    Category {
        name: "identity.date-of-birth",
        en: "dates of birth",
        de: "Geburtsdaten",
        nb: "fødselsdatoer",
    },
    Category {
        name: "behavior.usage",
        en: "usage records",
        de: "Nutzungsdaten",
        nb: "bruksdata",
    },
    Category {
        name: "behavior.location",
        en: "location data",
        de: "Standortdaten",
        nb: "posisjonsdata",
    },
    Category {
        name: "device.ip-address",
        en: "IP addresses",
        de: "IP-Adressen",
        nb: "IP-adresser",
    },
    Category {
        name: "device.cookie-id",
        en: "device identifiers (cookies)",
        de: "Gerätekennungen (Cookies)",
        nb: "enhetsidentifikatorer (informasjonskapsler)",
    },
    Category {
        name: "content.messages",
        en: "messages",
        de: "Nachrichten",
        nb: "meldinger",
    },
    Category {
        name: "content.files",
        en: "uploaded files",
        de: "hochgeladene Dateien",
        nb: "opplastede filer",
    },
    Category {
        name: "health",
        en: "health data",
        de: "Gesundheitsdaten",
        nb: "helseopplysninger",
    },
    Category {
        name: "biometric",
        en: "biometric data",
        de: "biometrische Daten",
        nb: "biometriske opplysninger",
    },
    Category {
        name: "employment",
        en: "employment records",
        de: "Beschäftigtendaten",
        nb: "arbeidsforholdsopplysninger",
    },
    Category {
        name: "children",
        en: "data about children",
        de: "Daten von Kindern",
        nb: "opplysninger om barn",
    },
];

pub const CUSTOM_PREFIX: &str = "custom.";

pub fn is_known(category: &str) -> bool {
    category
        .strip_prefix(CUSTOM_PREFIX)
        .is_some_and(|rest| !rest.is_empty())
        || CATEGORIES.iter().any(|c| c.name == category)
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

/// The plain-words label of a category, in English; a custom one shows its
/// own name.
pub fn label(category: &str) -> &str {
    label_in(category, Language::En)
}

/// The plain-words label of a category in `language`.
pub fn label_in(category: &str, language: Language) -> &str {
    match CATEGORIES.iter().find(|c| c.name == category) {
        Some(c) => match language {
            Language::En => c.en,
            Language::De => c.de,
            Language::Nb => c.nb,
        },
        None => category.strip_prefix(CUSTOM_PREFIX).unwrap_or(category),
    }
}

pub fn names() -> Vec<&'static str> {
    CATEGORIES.iter().map(|c| c.name).collect()
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
    fn custom_categories_are_known_and_labelled_by_name() {
        assert!(is_known("contact.email"));
        assert!(is_known("custom.loyalty-points"));
        assert!(!is_known("custom."));
        assert!(!is_known("contact.emial"));
        assert_eq!(label("custom.loyalty-points"), "loyalty-points");
        assert_eq!(label("contact.email"), "e-mail addresses");
        assert_eq!(label_in("contact.email", Language::De), "E-Mail-Adressen");
        assert_eq!(label_in("custom.punkte", Language::Nb), "punkte");
    }
}
