//! A reply's own words (`mail::Message::own_words` cuts what it quotes
//! and signs) cut into sentences; and what those words name: a new
//! deadline, a ticket number. Pure.

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::rules::Periods;

/// A reply's own words: in `mail`, where every reader of a message's text
/// finds them.
pub use crate::mail::body::own_words;

/// The sentences of a text: split at `.`, `!`, `?` followed by a space or
/// line end, and at blank lines; whitespace collapsed.
/// `cue` and the sentences after it, up to and including the first that
/// ends in a question mark (three at most); `cue` alone when it asks
/// itself or none follows that does.
pub fn through_question(sentences: &[String], cue: &str) -> String {
    let asks = |s: &str| s.trim_end().ends_with(['?', '？', '¿']);
    let Some(at) = sentences.iter().position(|s| s == cue) else {
        return cue.to_string();
    };
    if asks(cue) {
        return cue.to_string();
    }
    let after = &sentences[at + 1..sentences.len().min(at + 3)];
    match after.iter().position(|s| asks(s)) {
        Some(last) => std::iter::once(cue)
            .chain(after[..=last].iter().map(String::as_str))
            .collect::<Vec<_>>()
            .join(" "),
        None => cue.to_string(),
    }
}

pub fn sentences(text: &str) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split("\n\n") {
        let flat: String = paragraph.split_whitespace().collect::<Vec<_>>().join(" ");
        let mut current = String::new();
        let chars: Vec<char> = flat.chars().collect();
        for (i, c) in chars.iter().enumerate() {
            current.push(*c);
            let end = matches!(c, '.' | '!' | '?')
                && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
                // "No. 12" and "e.g. this" do not end a sentence.
                && !current.to_lowercase().ends_with("no.")
                && !current.to_lowercase().ends_with("e.g.");
            if end {
                push(&mut out, &current);
                current.clear();
            }
        }
        push(&mut out, &current);
    }
    out
}

fn push(out: &mut Vec<String>, sentence: &str) {
    let sentence = sentence.trim();
    if sentence.chars().any(char::is_alphanumeric) {
        out.push(sentence.to_string());
    }
}

/// A deadline a sentence names: a date written out (`2026-12-15`,
/// `15.12.2026`, `15 December 2026`, `December 15, 2026`), or a period
/// from `from` ("within 30 days", "innerhalb von 10 Werktagen", "within
/// one month").
pub fn deadline(sentence: &str, from: NaiveDate, periods: &Periods) -> Option<NaiveDate> {
    let lower = sentence.to_lowercase();
    if let Some(date) = written_date(&lower) {
        return Some(date);
    }
    for within in &periods.within {
        let Some(at) = lower.find(within.as_str()) else {
            continue;
        };
        let after = &lower[at + within.len()..];
        let mut rest = after.split_whitespace();
        let count = match rest.next() {
            Some(
                "one" | "einem" | "einen" | "en" | "ett" | "un" | "une" | "uno" | "um" | "een"
                | "et",
            ) => 1,
            Some(word) => match word.parse::<u32>() {
                Ok(count) => count,
                Err(_) => continue,
            },
            None => continue,
        };
        if count == 0 || count > 366 {
            continue;
        }
        let unit: String = rest.take(2).collect::<Vec<_>>().join(" ");
        let unit = unit.trim_end_matches(['.', ',', ';', ':']);
        if periods
            .business_days
            .iter()
            .any(|b| unit.starts_with(b.as_str()))
        {
            return Some(business_days(from, count));
        }
        let first = unit.split_whitespace().next().unwrap_or("");
        let first = first.trim_end_matches(['.', ',', ';', ':']);
        if periods.days.iter().any(|d| d == first) {
            return from.checked_add_days(Days::new(u64::from(count)));
        }
        if periods.months.iter().any(|m| m == first) {
            return from.checked_add_months(Months::new(count));
        }
    }
    None
}

/// `from` plus `count` weekdays.
fn business_days(from: NaiveDate, count: u32) -> NaiveDate {
    let mut day = from;
    let mut left = count;
    while left > 0 {
        day = day.succ_opt().unwrap_or(day);
        if !matches!(day.weekday(), Weekday::Sat | Weekday::Sun) {
            left -= 1;
        }
    }
    day
}

const MONTHS: [&str; 12] = [
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
];

/// The first date written out in a lower-case text.
fn written_date(lower: &str) -> Option<NaiveDate> {
    let words: Vec<&str> = lower
        .split(|c: char| c.is_whitespace() || c == '(' || c == ')')
        .filter(|w| !w.is_empty())
        .collect();
    for (i, word) in words.iter().enumerate() {
        let word = word.trim_end_matches(['.', ',', ';', ':']);
        if let Ok(date) = NaiveDate::parse_from_str(word, "%Y-%m-%d") {
            return Some(date);
        }
        if let Ok(date) = NaiveDate::parse_from_str(word, "%d.%m.%Y") {
            return Some(date);
        }
        let month = |w: &str| {
            MONTHS
                .iter()
                .position(|m| *m == w.trim_end_matches([',', '.']))
        };
        // 15 December 2026
        if let (Ok(day), Some(m), Some(year)) = (
            word.trim_end_matches('.').parse::<u32>(),
            words.get(i + 1).and_then(|w| month(w)),
            words
                .get(i + 2)
                .and_then(|w| w.trim_end_matches(['.', ',']).parse::<i32>().ok()),
        ) && let Some(date) = NaiveDate::from_ymd_opt(year, m as u32 + 1, day)
        {
            return Some(date);
        }
        // December 15, 2026
        if let (Some(m), Some(day), Some(year)) = (
            month(word),
            words
                .get(i + 1)
                .and_then(|w| w.trim_end_matches([',', '.']).parse::<u32>().ok()),
            words
                .get(i + 2)
                .and_then(|w| w.trim_end_matches(['.', ',']).parse::<i32>().ok()),
        ) && let Some(date) = NaiveDate::from_ymd_opt(year, m as u32 + 1, day)
        {
            return Some(date);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::inbox::rules::Lexicon;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn a_question_is_kept_whole_after_its_cue() {
        let sentences: Vec<String> = [
            "Re: deletion request",
            "Before we can proceed, we need you to confirm one thing.",
            "Which workspace should we delete, acme-prod or acme-test?",
            "Thanks, the privacy team.",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(
            through_question(&sentences, &sentences[1]),
            "Before we can proceed, we need you to confirm one thing. Which workspace should we delete, acme-prod or acme-test?"
        );
        // A cue that asks itself stands alone; no question after it, too.
        assert_eq!(through_question(&sentences, &sentences[2]), sentences[2]);
        assert_eq!(through_question(&sentences, &sentences[3]), sentences[3]);
    }

    #[test]
    fn sentences_split_at_ends_not_abbreviations() {
        assert_eq!(
            sentences("Ticket No. 4711 was opened. We will reply!\n\nThanks"),
            ["Ticket No. 4711 was opened.", "We will reply!", "Thanks"]
        );
    }

    #[test]
    fn deadlines_from_dates_and_periods() {
        let table = Lexicon::builtin();
        let from = d("2026-11-02");
        let at = |s: &str| deadline(s, from, &table.periods);
        assert_eq!(at("We will respond within 30 days."), Some(d("2026-12-02")));
        assert_eq!(
            at("Innerhalb von 10 Werktagen melden wir uns."),
            Some(d("2026-11-16"))
        );
        assert_eq!(
            at("We need until 2026-12-15 to finish."),
            Some(d("2026-12-15"))
        );
        assert_eq!(at("Bis zum 15.12.2026 erledigt."), Some(d("2026-12-15")));
        assert_eq!(at("by 15 December 2026."), Some(d("2026-12-15")));
        assert_eq!(at("by December 15, 2026."), Some(d("2026-12-15")));
        assert_eq!(at("within one month"), Some(d("2026-12-02")));
        assert_eq!(at("Vi svarer innen 14 dager."), Some(d("2026-11-16")));
        assert_eq!(at("Thanks for your patience."), None);
    }
}
