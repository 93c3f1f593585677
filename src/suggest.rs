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
}
