//! Dates, numbers and small words the way each letter language writes
//! them: the words come from the language's file (`crate::lang`), the
//! putting together is here.

use chrono::{Datelike, NaiveDate};

use crate::inventory::{EventKind, Language};
use crate::lang::{Words, words};

/// `28 November 2026`, `28. November 2026`, `28. november 2026`, with a
/// no-break space after the day (in the language's `[format] date`), so
/// that a wrapped line never leaves the day alone at its end.
pub fn long(date: NaiveDate, language: Language) -> String {
    long_in(date, words(language))
}

fn long_in(date: NaiveDate, words: &Words) -> String {
    let month = &words.format.months[date.month0() as usize];
    words
        .format
        .date
        .replace("{day}", &date.day().to_string())
        .replace("{month}", month)
        .replace("{year}", &date.year().to_string())
}

/// `12,400`, `12.400`, `12 400` (a no-break space, as Norwegian typography
/// has it).
pub fn number(n: u64, language: Language) -> String {
    number_in(n, words(language))
}

fn number_in(n: u64, words: &Words) -> String {
    let separator = &words.format.thousands;
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len());
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// `a, b and c`.
pub fn and_list(items: &[String], language: Language) -> String {
    and_list_in(items, words(language))
}

fn and_list_in(items: &[String], words: &Words) -> String {
    match items {
        [] => String::new(),
        [one] => one.clone(),
        [rest @ .., last] => format!("{} {} {last}", rest.join(", "), words.format.and),
    }
}

/// What an event in a vendor's history means, for the escalation's
/// chronology.
pub fn event_text(kind: EventKind, language: Language) -> &'static str {
    words(language).history.event(kind)
}

/// An `extended` event with its new date: we agreed to the vendor's wish,
/// so the deadline is ours, never one the vendor set for itself.
pub fn extension_text(language: Language, until: &str) -> String {
    words(language)
        .history
        .extended_until
        .replace("{until}", until)
}

/// What an `escalated` event means for a vendor under a contract alone: the
/// final notice, since no authority oversees a contract.
pub fn final_notice_text(language: Language) -> &'static str {
    &words(language).history.final_notice
}

/// The labels of an event's details: until, reference, reason.
pub fn detail_labels(language: Language) -> [&'static str; 3] {
    let history = &words(language).history;
    [
        &history.until_label,
        &history.reference_label,
        &history.reason_label,
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inventory::Law;

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

    #[test]
    fn history_words_per_language() {
        assert_eq!(
            extension_text(Language::De, "1.\u{a0}März 2026"),
            "auf Bitte des Anbieters vereinbarte Fristverlängerung bis zum 1.\u{a0}März 2026"
        );
        assert_eq!(
            event_text(EventKind::NotNeeded, Language::Nb),
            "sletting var ikke nødvendig"
        );
        assert_eq!(
            detail_labels(Language::En),
            ["new deadline", "reference", "reason"]
        );
        assert_eq!(
            final_notice_text(Language::En),
            "we sent our final notice under the contract"
        );
    }

    /// What docs/letters.md, "Adding a language", promises: a new
    /// language's file is all the words a letter needs. `xx` is English
    /// with its own months, separator, list word and law name.
    #[test]
    fn a_new_language_is_its_file() {
        let english = include_str!("../lang/en.toml");
        let fake = english
            .replace("\"March\"", "\"Xarch\"")
            .replace("{day}\\u00A0{month} {year}", "{year}/{month}/{day}")
            .replace("thousands = \",\"", "thousands = \"'\"")
            .replace("and = \"and\"", "and = \"ja\"")
            .replace("name = \"the GDPR\"", "name = \"xx-GDPR\"")
            .replace("\"e-mail addresses\"", "\"xx-mail\"");
        let xx = crate::lang::parse("xx", &fake).unwrap();
        let d = NaiveDate::from_ymd_opt(2026, 3, 1).unwrap();
        assert_eq!(long_in(d, &xx), "2026/Xarch/1");
        assert_eq!(number_in(1234567, &xx), "1'234'567");
        let items: Vec<String> = ["a", "b"].map(String::from).to_vec();
        assert_eq!(and_list_in(&items, &xx), "a ja b");
        assert_eq!(xx.law(Law::Gdpr).name, "xx-GDPR");
        assert_eq!(xx.law(Law::Gdpr).id, "gdpr");
        assert_eq!(xx.category("contact.email"), Some("xx-mail"));
    }
}
