//! A reply's own words (`mail::Message::own_words` cuts what it quotes
//! and signs) cut into sentences; and what those words name: a new
//! deadline, a ticket number. Pure.

use std::collections::{BTreeMap, HashMap, HashSet};

use chrono::{Datelike, Days, Months, NaiveDate, Weekday};

use super::rules;

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
            // "den 19. oktober", "approx. two": a word in lower case
            // after a full stop goes on the sentence.
            let lower_next = *c == '.'
                && chars[i + 1..]
                    .iter()
                    .find(|n| !n.is_whitespace())
                    .is_some_and(|n| n.is_lowercase());
            // "3. März": a day's number with its full stop.
            let ordinal = *c == '.' && {
                let digits = current[..current.len() - 1]
                    .chars()
                    .rev()
                    .take_while(char::is_ascii_digit)
                    .count();
                let before = current[..current.len() - 1 - digits].chars().next_back();
                (1..=2).contains(&digits) && before.is_none_or(char::is_whitespace)
            };
            let end = matches!(c, '.' | '!' | '?')
                && !lower_next
                && !ordinal
                && chars.get(i + 1).is_none_or(|n| n.is_whitespace())
                // "No. 12" and "e.g. this" do not end a sentence (its
                // last letters only: the whole of a sentence that will not
                // end, lowered at each stop, was quadratic).
                && !ends_with_abbreviation(&current);
            if end {
                push(&mut out, &current);
                current.clear();
            }
        }
        push(&mut out, &current);
    }
    out
}

/// Whether a sentence so far ends in "no." or "e.g.", any case.
fn ends_with_abbreviation(current: &str) -> bool {
    let tail: String = current
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .flat_map(char::to_lowercase)
        .collect();
    tail.ends_with("no.") || tail.ends_with("e.g.")
}

fn push(out: &mut Vec<String>, sentence: &str) {
    let sentence = sentence.trim();
    if sentence.chars().any(char::is_alphanumeric) {
        out.push(sentence.to_string());
    }
}

/// The words of dates and periods of every language, compiled once
/// (`replies.toml`: `months`, `numbers`, `within`, `more`, the units).
#[derive(Debug, Clone, Default)]
pub struct Calendar {
    months: HashMap<String, u32>,
    numbers: HashMap<String, u32>,
    within: Words,
    more: Words,
    /// Deletion, participle and completion words: what a date must be
    /// about, unless a `more` word asks for time.
    about: Words,
    future: Words,
    days: Words,
    business: Words,
    weeks: Words,
    month_units: Words,
    month_end: Words,
}

/// Words that match whole, or by a stem (`werktag*`).
#[derive(Debug, Clone, Default)]
struct Words {
    whole: HashSet<String>,
    stems: Vec<String>,
}

impl Words {
    fn add(&mut self, words: &[String]) {
        for word in words {
            match word.strip_suffix('*') {
                Some(stem) => self.stems.push(stem.to_string()),
                None => {
                    self.whole.insert(word.clone());
                }
            }
        }
    }

    fn has(&self, word: &str) -> bool {
        self.whole.contains(word) || self.stems.iter().any(|s| word.starts_with(s.as_str()))
    }
}

impl Calendar {
    pub fn new(languages: &BTreeMap<String, rules::Words>) -> Calendar {
        let mut calendar = Calendar::default();
        for words in languages.values() {
            for (at, names) in words.months.iter().enumerate() {
                for name in names {
                    calendar.months.insert(name.clone(), at as u32 + 1);
                }
            }
            for (at, names) in words.numbers.iter().enumerate() {
                for name in names {
                    calendar.numbers.insert(name.clone(), at as u32 + 1);
                }
            }
            calendar.within.add(&words.within);
            calendar.more.add(&words.more);
            calendar.about.add(&words.deletion);
            calendar.about.add(&words.deleted);
            calendar.about.add(&words.done);
            calendar.future.add(&words.future);
            calendar.days.add(&words.days);
            calendar.business.add(&words.business);
            calendar.weeks.add(&words.weeks);
            calendar.month_units.add(&words.month_units);
            calendar.month_end.add(&words.month_end);
        }
        calendar
    }

    fn number(&self, word: &str) -> Option<u32> {
        match word.parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => self.numbers.get(word).copied(),
        }
    }
}

/// A deadline a sentence names: a date written out in any language of the
/// table (`2027-03-03`, `03.03.2027`, `3 March 2027`, `March 3, 2027`,
/// `3. März 2027`, `3 de marzo de 2027`, and `3 March` when the sentence
/// speaks of the future), or a period counted from `from` ("within 30
/// days", "two more months", "innen 30 dager", "30 weitere Tage").
///
/// Only a sentence about the deletion (a deletion, participle or
/// completion word) or one that asks for time (a `more` word) names one:
/// "we will reply within one month" is no new deadline for the deletion.
pub fn deadline(sentence: &str, from: NaiveDate, calendar: &Calendar) -> Option<NaiveDate> {
    let lower = sentence.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\''))
        .filter(|w| !w.is_empty())
        .take(4096)
        .collect();
    if !words
        .iter()
        .any(|w| calendar.about.has(w) || calendar.more.has(w))
    {
        return None;
    }
    if let Some(date) = numeric_date(&lower) {
        return Some(date);
    }
    let ahead = words
        .iter()
        .any(|w| calendar.more.has(w) || calendar.future.has(w) || calendar.within.has(w));
    if let Some(date) = named_date(&words, from, ahead, calendar) {
        return Some(date);
    }
    period(&words, from, calendar)
}

/// A date in figures: `2027-03-03`, `03.03.2027`, `03/03/2027` (day
/// first), `03-03-2027`.
fn numeric_date(lower: &str) -> Option<NaiveDate> {
    lower.split_whitespace().take(4096).find_map(|word| {
        let word = word.trim_matches(|c: char| !c.is_ascii_digit());
        ["%Y-%m-%d", "%d.%m.%Y", "%d/%m/%Y", "%d-%m-%Y"]
            .iter()
            .find_map(|format| NaiveDate::parse_from_str(word, format).ok())
            .filter(|d| d.year() > 1900)
    })
}

/// A day of the month: `3`, `3rd`, `1st`, `1er`, `1º`.
fn day(word: &str) -> Option<u32> {
    let digits = word.trim_end_matches(|c: char| !c.is_ascii_digit());
    let rest = &word[digits.len()..];
    if !matches!(rest, "" | "st" | "nd" | "rd" | "th" | "er" | "º" | "e") {
        return None;
    }
    digits.parse().ok().filter(|d| (1..=31).contains(d))
}

fn year(word: &str) -> Option<i32> {
    (word.len() == 4)
        .then(|| word.parse().ok())
        .flatten()
        .filter(|y| (1900..=2200).contains(y))
}

/// A date with a month's name: day before or after it, with or without
/// a year (then the next such day from `from`, and only in a sentence
/// about the future: `ahead`).
fn named_date(
    words: &[&str],
    from: NaiveDate,
    ahead: bool,
    calendar: &Calendar,
) -> Option<NaiveDate> {
    let filler = |w: &str| matches!(w, "de" | "of" | "di" | "del" | "the");
    for (i, word) in words.iter().enumerate() {
        let Some(&month) = calendar.months.get(*word) else {
            continue;
        };
        let get = |at: Option<usize>| at.and_then(|a| words.get(a)).copied();
        // 3 March / 3. März / 3 de marzo / 3rd of March
        let mut before = i.checked_sub(1);
        if get(before).is_some_and(filler) {
            before = i.checked_sub(2);
        }
        let mut after = i + 1;
        if get(Some(after)).is_some_and(filler) {
            after += 1;
        }
        let found = match get(before).and_then(day) {
            Some(d) => Some((d, get(Some(after)).and_then(year))),
            // March 3, 2027
            None => get(Some(i + 1))
                .and_then(day)
                .map(|d| (d, get(Some(i + 2)).and_then(year))),
        };
        let Some((d, y)) = found else {
            // "end of January 2027", "finales de enero de 2027".
            let ended = (i.saturating_sub(3)..i).any(|b| calendar.month_end.has(words[b]));
            if let (true, Some(y)) = (ended, get(Some(after)).and_then(year))
                && let Some(next) =
                    NaiveDate::from_ymd_opt(y + i32::from(month == 12), month % 12 + 1, 1)
            {
                return next.pred_opt();
            }
            continue;
        };
        match y {
            Some(y) => {
                if let Some(date) = NaiveDate::from_ymd_opt(y, month, d) {
                    return Some(date);
                }
            }
            None if ahead => {
                let this = NaiveDate::from_ymd_opt(from.year(), month, d);
                let next = NaiveDate::from_ymd_opt(from.year() + 1, month, d);
                if let Some(date) = this.filter(|t| *t >= from).or(next) {
                    return Some(date);
                }
            }
            None => {}
        }
    }
    None
}

/// A period from `from`: a number (in figures or words) and a unit, right
/// after it or after one `more` or business word, in a sentence where a
/// `within` word stands just before the number or a `more` word anywhere.
fn period(words: &[&str], from: NaiveDate, calendar: &Calendar) -> Option<NaiveDate> {
    let asked = words.iter().any(|w| calendar.more.has(w));
    for (i, word) in words.iter().enumerate() {
        let Some(count) = calendar.number(word).filter(|n| (1..=366).contains(n)) else {
            continue;
        };
        let within = (i.saturating_sub(3)..i).any(|b| calendar.within.has(words[b]));
        if !(within || asked) {
            continue;
        }
        let mut at = i + 1;
        let mut business = false;
        while let Some(next) = words.get(at).filter(|_| at <= i + 2) {
            if calendar.business.has(next) {
                business = true;
            } else if !calendar.more.has(next) {
                break;
            }
            at += 1;
        }
        let Some(unit) = words.get(at) else {
            if business {
                return Some(business_days(from, count));
            }
            continue;
        };
        if calendar.days.has(unit) {
            return Some(if business {
                business_days(from, count)
            } else {
                from.checked_add_days(Days::new(u64::from(count)))?
            });
        }
        if business {
            return Some(business_days(from, count));
        }
        if calendar.weeks.has(unit) {
            return from.checked_add_days(Days::new(7 * u64::from(count)));
        }
        if calendar.month_units.has(unit) {
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
        let at = |s: &str| deadline(s, from, &table.calendar);
        assert_eq!(
            at("Deletion will be complete within 30 days."),
            Some(d("2026-12-02"))
        );
        assert_eq!(at("We will respond within 30 days."), None);
        assert_eq!(
            at("Innerhalb von 10 Werktagen löschen wir die Daten."),
            Some(d("2026-11-16"))
        );
        assert_eq!(
            at("We need until 2026-12-15 to finish."),
            Some(d("2026-12-15"))
        );
        assert_eq!(at("Bis zum 15.12.2026 erledigt."), Some(d("2026-12-15")));
        assert_eq!(at("Deleted by 15 December 2026."), Some(d("2026-12-15")));
        assert_eq!(at("Deleted by December 15, 2026."), Some(d("2026-12-15")));
        assert_eq!(at("deletion within one month"), Some(d("2026-12-02")));
        assert_eq!(at("Vi sletter innen 14 dager."), Some(d("2026-11-16")));
        assert_eq!(at("Thanks for your patience."), None);
        assert_eq!(at("We will need two more months."), Some(d("2027-01-02")));
        assert_eq!(
            at("Die Löschung ist für den 3. März 2027 geplant."),
            Some(d("2027-03-03"))
        );
        assert_eq!(
            at("La suppression aura lieu le 3 mars 2027."),
            Some(d("2027-03-03"))
        );
        assert_eq!(
            at("La eliminación se completará el 3 de marzo de 2027."),
            Some(d("2027-03-03"))
        );
        assert_eq!(
            at("Deletion is planned for 3 March."),
            Some(d("2027-03-03"))
        );
        assert_eq!(at("Wir benötigen 30 weitere Tage."), Some(d("2026-12-02")));
        assert_eq!(
            at("El borrado no podrá realizarse antes de finales de enero de 2027."),
            Some(d("2027-01-31"))
        );
        assert_eq!(at("Vi trenger to uker til."), Some(d("2026-11-16")));
        // A date in the past is a date; a yearless one only ahead.
        assert_eq!(at("We received it on 3 October."), None);
        assert_eq!(at("We keep backups for 30 days."), None);
    }
}
