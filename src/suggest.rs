//! "Did you mean …?" for names a person mistyped.

/// The candidate closest to `word`, if it is close enough to be a likely
/// typo (an edit distance of at most a third of the word, like cargo).
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let word = word.to_lowercase();
    let limit = (word.chars().count() / 3).max(1);
    candidates
        .into_iter()
        .map(|candidate| (strsim::damerau_levenshtein(&word, candidate), candidate))
        .filter(|(distance, _)| *distance <= limit)
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, candidate)| candidate)
}

/// A `help:` text: the closest candidate, else the whole list.
pub fn hint(word: &str, what: &str, candidates: &[&str]) -> String {
    match closest(word, candidates.iter().copied()) {
        Some(best) => format!("did you mean `{best}`?"),
        None => format!("{what}: {}", quoted_list(candidates)),
    }
}

/// The words people use for an event, and the kind each means. A spelling
/// tip must never cross meaning: by letters alone `done` is nearest to
/// `bounced` and `deleted` to `escalated`.
pub const EVENT_WORDS: &[(&str, &str)] = &[
    ("done", "confirmed"),
    ("deleted", "confirmed"),
    ("erased", "confirmed"),
    ("removed", "confirmed"),
    ("purged", "confirmed"),
    ("complete", "confirmed"),
    ("completed", "confirmed"),
    ("sent", "requested"),
    ("asked", "requested"),
    ("emailed", "requested"),
    ("mailed", "requested"),
    ("replied", "acknowledged"),
    ("received", "acknowledged"),
    ("answered", "acknowledged"),
    ("ack", "acknowledged"),
    ("declined", "refused"),
    ("rejected", "refused"),
    ("denied", "refused"),
    ("reported", "escalated"),
    ("undeliverable", "bounced"),
    ("returned", "bounced"),
    ("chased", "reminded"),
    ("nudged", "reminded"),
    ("postponed", "extended"),
    ("delayed", "extended"),
];

/// What a mistyped or misnamed word most likely means among `candidates`:
/// the kind its meaning names (`done` → `confirmed`), else the candidates
/// within typo distance, nearest first.
pub fn meant<'a>(word: &str, candidates: &'a [String]) -> Meant<'a> {
    let lower = word.to_lowercase();
    if let Some((_, kind)) = EVENT_WORDS.iter().find(|(w, _)| *w == lower)
        && let Some(kind) = candidates.iter().find(|c| c == kind)
    {
        return Meant::Word(kind);
    }
    let limit = (lower.chars().count() / 3).max(1);
    let mut near: Vec<(usize, &'a String)> = candidates
        .iter()
        .map(|c| (strsim::damerau_levenshtein(&lower, c), c))
        .filter(|(distance, _)| *distance <= limit)
        .collect();
    near.sort();
    Meant::Spelling(near.into_iter().map(|(_, c)| c.as_str()).collect())
}

/// What `meant` found.
#[derive(Debug, PartialEq, Eq)]
pub enum Meant<'a> {
    /// The word names this kind by meaning.
    Word(&'a str),
    /// The candidates a typo could have come from; none when nothing is near.
    Spelling(Vec<&'a str>),
}

pub fn quoted_list(items: &[&str]) -> String {
    items
        .iter()
        .map(|item| format!("`{item}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_typos_but_not_strangers() {
        let keys = ["privacy_email", "website", "name"];
        assert_eq!(closest("privacy_emial", keys), Some("privacy_email"));
        assert_eq!(closest("privacy-email", keys), Some("privacy_email"));
        assert_eq!(closest("Website", keys), Some("website"));
        assert_eq!(closest("colour", keys), None);
    }

    #[test]
    fn meaning_wins_over_spelling_and_spelling_must_be_close() {
        let kinds: Vec<String> = [
            "requested",
            "acknowledged",
            "escalated",
            "confirmed",
            "bounced",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(meant("done", &kinds), Meant::Word("confirmed"));
        assert_eq!(meant("Deleted", &kinds), Meant::Word("confirmed"));
        assert_eq!(meant("sent", &kinds), Meant::Word("requested"));
        assert_eq!(meant("replied", &kinds), Meant::Word("acknowledged"));
        assert_eq!(
            meant("requestd", &kinds),
            Meant::Spelling(vec!["requested"])
        );
        assert_eq!(meant("banana", &kinds), Meant::Spelling(vec![]));
        let commands: Vec<String> = ["retire", "letters", "letter"].map(String::from).to_vec();
        assert_eq!(meant("lettr", &commands), Meant::Spelling(vec!["letter"]));
        // A word whose kind is not among the candidates means nothing here.
        assert_eq!(meant("done", &commands), Meant::Spelling(vec![]));
    }
}
