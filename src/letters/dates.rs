//! Dates and small words the way each letter language writes them.

use chrono::{Datelike, NaiveDate};

use crate::inventory::{EventKind, Language};

const EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];
const DE: [&str; 12] = [
    "Januar",
    "Februar",
    "März",
    "April",
    "Mai",
    "Juni",
    "Juli",
    "August",
    "September",
    "Oktober",
    "November",
    "Dezember",
];
const NB: [&str; 12] = [
    "januar",
    "februar",
    "mars",
    "april",
    "mai",
    "juni",
    "juli",
    "august",
    "september",
    "oktober",
    "november",
    "desember",
];

/// `28 November 2026`, `28. November 2026`, `28. november 2026`, with a
/// no-break space after the day, so that a wrapped line never leaves the
/// day alone at its end.
pub fn long(date: NaiveDate, language: Language) -> String {
    let month = date.month0() as usize;
    match language {
        Language::En => format!("{}\u{a0}{} {}", date.day(), EN[month], date.year()),
        Language::De => format!("{}.\u{a0}{} {}", date.day(), DE[month], date.year()),
        Language::Nb => format!("{}.\u{a0}{} {}", date.day(), NB[month], date.year()),
    }
}

/// `12,400`, `12.400`, `12 400`.
pub fn number(n: u64, language: Language) -> String {
    let separator = match language {
        Language::En => ',',
        Language::De => '.',
        // A no-break space, as Norwegian typography has it.
        Language::Nb => '\u{a0}',
    };
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    out
}

/// The word that joins the last two items of a list.
pub fn and(language: Language) -> &'static str {
    match language {
        Language::En => "and",
        Language::De => "und",
        Language::Nb => "og",
    }
}

/// `a, b and c`.
pub fn and_list(items: &[String], language: Language) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), and(language)),
    }
}

/// What an event in a vendor's history means, for the escalation's
/// chronology.
pub fn event_text(kind: EventKind, language: Language) -> &'static str {
    use EventKind::*;
    match language {
        Language::En => match kind {
            Requested => "we asked the vendor to delete the data",
            Acknowledged => "the vendor acknowledged our request",
            Extended => "at the vendor's request, we agreed to extend the deadline",
            Reminded => "we sent a reminder",
            Refused => "the vendor refused to delete the data",
            Escalated => "we reported the matter to the authority",
            Confirmed => "the vendor confirmed the deletion",
            NotNeeded => "no deletion was needed",
            Bounced => "our letter bounced: it never reached the vendor",
        },
        Language::De => match kind {
            Requested => "Aufforderung zur Löschung an den Anbieter",
            Acknowledged => "Eingangsbestätigung des Anbieters",
            Extended => "auf Bitte des Anbieters vereinbarte Fristverlängerung",
            Reminded => "Erinnerung an den Anbieter",
            Refused => "Ablehnung der Löschung durch den Anbieter",
            Escalated => "Meldung an die Aufsichtsbehörde",
            Confirmed => "Bestätigung der Löschung durch den Anbieter",
            NotNeeded => "keine Löschung erforderlich",
            Bounced => "unser Schreiben kam als unzustellbar zurück",
        },
        Language::Nb => match kind {
            Requested => "vi ba leverandøren slette opplysningene",
            Acknowledged => "leverandøren bekreftet at henvendelsen var mottatt",
            Extended => "etter ønske fra leverandøren gikk vi med på å forlenge fristen",
            Reminded => "vi sendte en purring",
            Refused => "leverandøren nektet å slette opplysningene",
            Escalated => "vi meldte saken til tilsynsmyndigheten",
            Confirmed => "leverandøren bekreftet slettingen",
            NotNeeded => "sletting var ikke nødvendig",
            Bounced => "brevet vårt kom i retur som ikke levert",
        },
    }
}

/// An `extended` event with its new date: we agreed to the vendor's wish,
/// so the deadline is ours, never one the vendor set for itself.
pub fn extension_text(language: Language, until: &str) -> String {
    match language {
        Language::En => {
            format!("at the vendor's request, we agreed to extend the deadline to {until}")
        }
        Language::De => {
            format!("auf Bitte des Anbieters vereinbarte Fristverlängerung bis zum {until}")
        }
        Language::Nb => {
            format!("etter ønske fra leverandøren gikk vi med på å forlenge fristen til {until}")
        }
    }
}

/// What an `escalated` event means for a vendor under a contract alone: the
/// final notice, since no authority oversees a contract.
pub fn final_notice_text(language: Language) -> &'static str {
    match language {
        Language::En => "we sent our final notice under the contract",
        Language::De => "letzte Aufforderung nach unserem Vertrag",
        Language::Nb => "vi sendte siste varsel etter avtalen",
    }
}

/// The labels of an event's details: until, reference, reason, note.
pub fn detail_labels(language: Language) -> [&'static str; 3] {
    match language {
        Language::En => ["new deadline", "reference", "reason"],
        Language::De => ["neue Frist", "Aktenzeichen", "Begründung"],
        Language::Nb => ["ny frist", "referanse", "begrunnelse"],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_dates_per_language() {
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(long(d, Language::En), "1\u{a0}March 2026");
        assert_eq!(long(d, Language::De), "1.\u{a0}März 2026");
        assert_eq!(long(d, Language::Nb), "1.\u{a0}mars 2026");
    }

    #[test]
    fn numbers_group_thousands() {
        assert_eq!(number(12400, Language::En), "12,400");
        assert_eq!(number(1234567, Language::De), "1.234.567");
        assert_eq!(number(999, Language::Nb), "999");
        assert_eq!(number(9100, Language::Nb), "9\u{a0}100");
    }

    #[test]
    fn lists_join_with_the_language_word() {
        let items: Vec<String> = ["a", "b", "c"].map(String::from).to_vec();
        assert_eq!(and_list(&items, Language::En), "a, b and c");
        assert_eq!(and_list(&items[..2], Language::De), "a und b");
        assert_eq!(and_list(&items[..1], Language::Nb), "a");
    }
}
