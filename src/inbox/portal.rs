//! A request portal's notice (OneTrust, TrustArc, Transcend, DataGrail
//! and their kind) read as what it says: lines of `key: value` ("Request
//! type: Erasure", "Status: Closed – fulfilled"), by `[portal]` of
//! `replies.toml` and the `done` and `deletion` words of every language.
//! Pure.

use super::rules::{Lexicon, Said};

/// What a notice's `key: value` lines say, and the lines that say it;
/// `None` when the text has no status line. `subject` counts for the
/// request's type when no line names it.
pub fn notice(own: &str, subject: &str, table: &Lexicon) -> Option<(Said, String)> {
    let mut kind: Option<&str> = None;
    let mut status: Option<&str> = None;
    for line in own.lines().take(400) {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        let key = key
            .trim()
            .trim_matches(['*', '-', '•'])
            .trim()
            .to_lowercase();
        let value = value.trim().trim_matches('*').trim();
        if value.is_empty() || key.len() > 40 {
            continue;
        }
        let is = |keys: &[String]| keys.contains(&key);
        if kind.is_none() && is(&table.portal.type_keys) {
            kind = Some(value);
        } else if status.is_none() && is(&table.portal.status_keys) {
            status = Some(value);
        }
    }
    let status = status?;
    let lower = status.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    let listed = |list: &[String]| list.iter().any(|phrase| lower.contains(phrase.as_str()));
    let any_language = |pick: fn(&super::rules::Words) -> &Vec<String>, text: &str| {
        let text = text.to_lowercase();
        text.split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .any(|w| {
                table.languages.values().any(|l| {
                    pick(l).iter().any(|p| match p.strip_suffix('*') {
                        Some(stem) => w.starts_with(stem),
                        None => w == p,
                    })
                })
            })
    };
    let erasure = any_language(|l| &l.deletion, kind.unwrap_or(subject));
    let said = if listed(&table.portal.refused) {
        Said::Refused
    } else if listed(&table.portal.not_needed) {
        Said::NotNeeded
    } else if erasure && words.iter().any(|w| any_language(|l| &l.done, w)) {
        Said::Confirmed
    } else {
        Said::Acknowledged
    };
    let shown = match kind {
        Some(kind) => format!("{kind}: {status}"),
        None => status.to_string(),
    };
    Some((said, shown))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_fulfilled_erasure_confirms_and_one_in_progress_acknowledges() {
        let table = Lexicon::builtin();
        let read = |text: &str| notice(text, "Your privacy request", &table).map(|(s, _)| s);
        assert_eq!(
            read("Request ID: DSAR-1234\nType: Erasure\nStatus: Closed – fulfilled\n"),
            Some(Said::Confirmed)
        );
        assert_eq!(
            read("Type: Erasure\nStatus: In progress\n"),
            Some(Said::Acknowledged)
        );
        // Fulfilled, but an access request: no deletion is done.
        assert_eq!(
            read("Request type: Access\nStatus: Completed\n"),
            Some(Said::Acknowledged)
        );
        assert_eq!(
            read("Anfrageart: Löschung\nStatus: Abgelehnt\n"),
            Some(Said::Refused)
        );
        assert_eq!(read("Thanks for your message.\nBest: Anna"), None);
    }
}
