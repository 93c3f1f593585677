//! A message's own words: its text without what it quotes (our letter,
//! with its "confirm the deletion" that must not count as the vendor's)
//! or signs. The markers are data (`markers.toml`). Pure.
//!
//! A quote's header is found in one pass over the lines, each line read
//! at most twice (alone, and joined with the next when a client wrapped
//! the header at 76 characters), by plain substring tests: linear in the
//! body, nothing that backtracks.

use super::markers::{self, Markers};

/// The longest quote header read anywhere but at its end ("Am … schrieb
/// Max Mustermann <max@example.de>:"): a name, an address and a date
/// fit, a paragraph does not.
const MAX_HEADER: usize = 300;

/// The text's own part: quoted lines (`>`) left out, and everything from
/// a quote's header, an original-message separator or a signature on,
/// removed.
pub fn own_words(body: &str) -> String {
    let markers = markers::get();
    let lines: Vec<&str> = body.lines().collect();
    let mut kept = Vec::new();
    for (n, line) in lines.iter().enumerate() {
        let trimmed = line.trim();
        // A line is lowered whole only when it may be a header (it ends
        // with a colon): a cut line is told by its start, and lowering
        // every line of a long body cost the reader a tenth of its time.
        let start = normal_upto(trimmed, markers.longest_cut);
        if markers.signature_line.iter().any(|s| line == s)
            || markers
                .cut_before
                .iter()
                .any(|c| start.starts_with(c.as_str()))
            || (trimmed.ends_with(':') && quote_header(&normal(trimmed), markers, None))
        {
            break;
        }
        if trimmed.starts_with('>') {
            continue;
        }
        if wrapped_header(trimmed, lines.get(n + 1), markers) {
            break;
        }
        kept.push(trimmed);
    }
    kept.join("\n")
}

/// Whether `line` (trimmed) and the `next` line
/// are one quote header a client wrapped: `line` starts like a header
/// and does not end a sentence.
fn wrapped_header(line: &str, next: Option<&&str>, markers: &Markers) -> bool {
    let Some(next) = next.map(|n| n.trim()) else {
        return false;
    };
    if line.is_empty()
        || next.is_empty()
        || next.starts_with('>')
        || line.len() + next.len() >= MAX_HEADER
        || line.ends_with(['.', '!', '?', ':'])
    {
        return false;
    }
    let lower = normal(line);
    quote_header(&format!("{lower} {}", normal(next)), markers, Some(&lower))
}

/// Whether `line` (in normal form) is a quote's header: it ends with ":"
/// and either a quote verb stands right before it ("…, X wrote:"), or
/// the line is short, starts like a header (an opener such as "am ", a
/// digit, or it holds an address) and holds a date or an address and a
/// quote verb as a whole word ("Am 3. März … schrieb Max <max@…>:").
/// Two lines a client wrapped (`wrapped`: the first of them) are a
/// header only when the first starts like one either way: "…, as Max /
/// wrote:" is a sentence, and "Best regards, / On … wrote:" leaves the
/// greeting to the reply.
fn quote_header(line: &str, markers: &Markers, wrapped: Option<&str>) -> bool {
    let Some(head) = line.strip_suffix(':') else {
        return false;
    };
    let head = head.trim_end();
    let first = wrapped.unwrap_or(line);
    let opens = markers
        .quote_openers
        .iter()
        .any(|o| first.starts_with(o.as_str()))
        || first.starts_with(|c: char| c.is_ascii_digit())
        || first.contains('@');
    let verb_last = markers.quote_verbs.iter().any(|verb| {
        head.strip_suffix(verb.as_str())
            .is_some_and(|before| !before.ends_with(char::is_alphanumeric))
    });
    if verb_last {
        return opens || wrapped.is_none();
    }
    line.len() <= MAX_HEADER
        && opens
        && line.contains(|c: char| c.is_ascii_digit() || c == '@')
        && markers
            .quote_verbs
            .iter()
            .any(|verb| holds_word(head, verb))
}

/// Whether `text` holds `word` with no letter or digit on either side.
fn holds_word(text: &str, word: &str) -> bool {
    text.match_indices(word).any(|(at, _)| {
        !text[..at].ends_with(char::is_alphanumeric)
            && !text[at + word.len()..].starts_with(char::is_alphanumeric)
    })
}

/// `text` in lower case with every run of white space (a no-break space
/// before a French colon too) one space.
fn normal(text: &str) -> String {
    normal_upto(text, usize::MAX)
}

/// The start of `normal(text)`, at least `bytes` long where the text has
/// them: a line's start is enough to tell a cut line.
fn normal_upto(text: &str, bytes: usize) -> String {
    let mut out = String::with_capacity(text.len().min(bytes.saturating_add(4)));
    let mut space = false;
    for c in text.chars() {
        if out.len() >= bytes {
            break;
        }
        if c.is_whitespace() {
            space = true;
            continue;
        }
        if space && !out.is_empty() {
            out.push(' ');
        }
        space = false;
        out.extend(c.to_lowercase());
    }
    out
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

    /// The reply's words, then `header`, then our quoted request.
    fn cut(header: &str) -> String {
        own_words(&format!(
            "Erledigt.\n\n{header}\n> Please delete our data.\nPlease confirm the deletion.\n"
        ))
    }

    #[test]
    fn every_languages_quote_header_is_cut_with_what_follows() {
        for header in [
            // Apple Mail, Gmail, Thunderbird in German.
            "Am 3. März 2026 um 10:12 schrieb Max Mustermann <max@example.de>:",
            "Am Di., 3. März 2026 um 10:12 Uhr schrieb Max Mustermann <max@example.de>:",
            "Am 03.03.26 um 10:12 schrieb Max Mustermann:",
            // Dutch: Gmail, Thunderbird, Apple Mail.
            "Op di 3 mrt 2026 om 10:12 schreef Max Mustermann <max@example.nl>:",
            "Op 03-03-2026 om 10:12 schreef Max:",
            "Op 3 mrt. 2026 om 10:12 heeft Max Mustermann <max@example.nl> het volgende geschreven:",
            // Norwegian, Swedish, Danish.
            "tir. 3. mar. 2026 kl. 10:12 skrev Max Mustermann <max@example.no>:",
            "Den 03.03.2026 10:12, skrev Max:",
            "Den tis 3 mars 2026 kl 10:12 skrev Max <max@example.se>:",
            "3 mars 2026 kl. 10:12 skrev Max <max@example.se>:",
            "Den tir. 3. mar. 2026 kl. 10.12 skrev Max <max@example.dk>:",
            // French, with the no-break space before the colon.
            "Le mar. 3 mars 2026 à 10:12, Max <max@example.fr> a écrit\u{a0}:",
            "Le 03/03/2026 à 10:12, Max a écrit :",
            // Spanish, Italian, Portuguese.
            "El mar, 3 mar 2026 a las 10:12, Max (<max@example.es>) escribió:",
            "Il giorno mar 3 mar 2026 alle ore 10:12 Max <max@example.it> ha scritto:",
            "Il 03/03/26 10:12, Max ha scritto:",
            "Em ter., 3 de mar. de 2026 às 10:12, Max <max@example.pt> escreveu:",
            // English, as before.
            "On Tue, 3 Mar 2026 at 10:12, Max <max@example.com> wrote:",
            // Outlook's header block in French.
            "De\u{a0}: Max <max@example.fr>",
        ] {
            assert_eq!(cut(header), "Erledigt.\n", "{header}");
        }
    }

    #[test]
    fn a_header_wrapped_over_two_lines_is_cut_too() {
        for header in [
            "Am 3. März 2026 um 10:12 schrieb Max Mustermann\n<max@example.de>:",
            "Am 3. März 2026 um 10:12 schrieb Max Mustermann <\nmax@example.de>:",
            "On Tue, 3 Mar 2026 at 10:12, Northwind Privacy Team <privacy@northwind.example>\nwrote:",
            "Le mar. 3 mars 2026 à 10:12, Max Dupont <max@example.fr> a\nécrit :",
            "Em ter., 3 de mar. de 2026 às 10:12, Max Mustermann\n<max@example.pt> escreveu:",
        ] {
            assert_eq!(cut(header), "Erledigt.\n", "{header}");
        }
    }

    #[test]
    fn a_sentence_that_merely_holds_the_verb_is_kept() {
        for body in [
            "Wie Frau Weber Ihnen am 3. März schrieb, sind alle Daten gelöscht.",
            "Herr Müller schrieb uns am 3. März, dass die Konten gelöscht sind.",
            "Sie schrieben am 3. März 2026:\nBitte löschen Sie alles.",
            "As we wrote to you on 3 March:\n- your account is deleted",
            "Max rewrote: nothing.",
        ] {
            assert_eq!(own_words(body), body, "{body}");
        }
        // A sentence before the header is the reply's, not the header's.
        assert_eq!(
            own_words("Wir haben Ihre Daten gelöscht, wie Herr Müller\nschrieb:"),
            "Wir haben Ihre Daten gelöscht, wie Herr Müller"
        );
        assert_eq!(
            own_words("Best regards,\nOn Tue, 3 Mar 2026 at 10:12, Max <max@example.com> wrote:"),
            "Best regards,"
        );
        assert_eq!(
            own_words(
                "Your data has been deleted\nOn Tue, 3 Mar 2026 at 10:12, Max <max@example.com> wrote:"
            ),
            "Your data has been deleted"
        );
    }
}
