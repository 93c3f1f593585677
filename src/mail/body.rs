//! A message's own words: its text without what it quotes (our letter,
//! with its "confirm the deletion" that must not count as the vendor's)
//! or signs. The markers are data (`markers.toml`). Pure.

use super::markers;

/// The text's own part: quoted lines (`>`) left out, and everything from
/// a quote introduction, an original-message separator or a signature
/// on, removed.
pub fn own_words(body: &str) -> String {
    let markers = markers::get();
    let mut kept = Vec::new();
    for line in body.lines() {
        let trimmed = line.trim();
        let lower = trimmed.to_lowercase();
        if markers.signature_line.iter().any(|s| line == s)
            || markers
                .cut_before
                .iter()
                .any(|c| lower.starts_with(c.as_str()))
        {
            break;
        }
        if markers
            .quote_intro
            .iter()
            .any(|q| lower.ends_with(q.as_str()))
        {
            break;
        }
        if trimmed.starts_with('>') {
            continue;
        }
        kept.push(trimmed);
    }
    kept.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_text_and_signatures_are_not_the_vendors_words() {
        let body = "Your data has been deleted.\n\nBest,\nAna\n-- \nAcme Support\n> Please confirm the deletion\n";
        assert_eq!(own_words(body), "Your data has been deleted.\n\nBest,\nAna");
        let outlook = "Thanks, received.\n\nFrom: Northwind <privacy@northwind.example>\nSent: Monday\nSubject: Deletion request\n\nPlease confirm the deletion.";
        assert_eq!(own_words(outlook), "Thanks, received.\n");
        let gmail = "Done.\n\nOn Mon, 2 Nov 2026 at 10:00, Northwind <privacy@northwind.example> wrote:\n> Please delete";
        assert_eq!(own_words(gmail), "Done.\n");
    }
}
