//! What a reply's words say, all told: the clause reader's findings
//! (`rules`, `clause`), a portal's `key: value` notice (`portal`), and
//! what a finding needs to stand — a new address for `contact-changed`,
//! a web form's URL for a redirect — and the language the reply seems to
//! be in, so that one the tables do not read proposes nothing. Pure.

use super::Head;
use super::portal;
use super::rules::{Finding, Lexicon, Said};
use crate::inventory::{Inventory, Vendor};

/// What the reader heard in a reply.
#[derive(Debug, Clone, Default)]
pub struct Heard {
    /// The finding that stands, strongest first.
    pub finding: Option<Finding>,
    /// The web form a redirect names.
    pub url: Option<String>,
    /// The address a changed contact gives.
    pub new_address: Option<String>,
    /// The language code the stop words point to.
    pub language: Option<String>,
    /// The language's name, when the tables do not read it.
    pub unread: Option<String>,
    /// What a confirmation keeps under a duty ("we are required to
    /// retain the invoices"): its sentence.
    pub kept: Option<String>,
}

/// How many sentences from a cue on may hold the address or URL it names.
const AFTER_CUE: usize = 4;

pub fn what_it_says(
    sentences: &[String],
    own: &str,
    head: &Head,
    vendor: &Vendor,
    inventory: &Inventory,
    table: &Lexicon,
) -> Heard {
    let mut heard = Heard::default();
    if let Some((code, read)) = table.index.guess(own) {
        heard.language = Some(code.to_string());
        if !read {
            let name = table.languages.get(code).map_or(code, |w| w.name.as_str());
            heard.unread = Some(format!("{name} ({code})"));
            return heard;
        }
    }
    let mut findings = table.findings_in(sentences, heard.language.as_deref());
    heard.kept = findings
        .iter()
        .find(|f| f.said == Said::Retention)
        .map(|f| f.sentence.clone());
    if let Some((said, lines)) = portal::notice(own, &head.subject, table) {
        findings.push(Finding {
            said,
            sentence: lines,
            at: 0,
        });
        findings.sort_by_key(|f| f.said);
    }
    // The cue's sentence, the one before it and those after it.
    let near = |f: &Finding| {
        sentences[f.at.saturating_sub(1).min(sentences.len())..]
            .iter()
            .take(AFTER_CUE + 1)
            .map(String::as_str)
            .collect::<Vec<_>>()
            .join(" ")
    };
    // An out-of-office reply says so in an automatic reply, or in its
    // subject (a person's "on leave until" in a reply is not one); then
    // only an end state in it counts.
    let away = findings
        .iter()
        .position(|f| f.said == Said::Ignore && (head.automatic || f.at == 0));
    if let Some(at) = away {
        let away = findings.remove(at);
        findings.retain(|f| {
            matches!(
                f.said,
                Said::Refused | Said::Confirmed | Said::NotNeeded | Said::Retention
            )
        });
        findings.push(away);
    }
    for finding in findings {
        match finding.said {
            Said::Ignore if !(head.automatic || finding.at == 0) => continue,
            Said::ContactChanged => {
                let Some(address) = new_address(&near(&finding), head, vendor, inventory) else {
                    continue;
                };
                heard.new_address = Some(address);
            }
            Said::Portal => {
                let Some(url) = url(&near(&finding)) else {
                    continue;
                };
                heard.url = Some(url);
            }
            _ => {}
        }
        if finding.said != Said::Confirmed {
            heard.kept = None;
        }
        heard.finding = Some(finding);
        break;
    }
    heard
}

/// The address in `text` to write to instead: of the addresses that are
/// neither the one we wrote to, nor the sender's, nor ours, the first one
/// a short word leads to ("sendes til X", "enviarse a X", "write to X",
/// "our DPO at X"), else the first. A notice often names the address
/// going away too ("la dirección X dejará de estar atendida"), after a
/// noun rather than a preposition, and it need not be the one we wrote to.
fn new_address(text: &str, head: &Head, vendor: &Vendor, inventory: &Inventory) -> Option<String> {
    let ours = inventory.organization.domain().to_ascii_lowercase();
    let old = vendor.privacy_email.as_deref().unwrap_or("").to_lowercase();
    let words: Vec<&str> = text
        .split(|c: char| c.is_whitespace() || "<>()[],;\"'".contains(c))
        .filter(|w| !w.is_empty())
        .collect();
    let mut candidates = words.iter().enumerate().filter_map(|(i, w)| {
        let address = w
            .trim_start_matches("mailto:")
            .trim_end_matches(['.', ':', '!', '?'])
            .to_lowercase();
        let fits = address.contains('@')
            && crate::address::email_problem(&address).is_none()
            && crate::address::domain(&address)
                .and_then(crate::address::normal)
                .is_some_and(|domain| domain != ours && domain.contains('.'))
            && address != old
            && address != head.from;
        let led = i.checked_sub(1).map(|j| words[j]).is_some_and(|before| {
            before.chars().all(char::is_alphabetic) && before.chars().count() <= 4
        });
        fits.then_some((address, led))
    });
    let first = candidates.next()?;
    if first.1 {
        return Some(first.0);
    }
    Some(
        candidates
            .find(|(_, led)| *led)
            .map_or(first.0, |(address, _)| address),
    )
}

/// The first web address in `text`.
fn url(text: &str) -> Option<String> {
    let at = text.find("https://").or_else(|| text.find("http://"))?;
    let rest = &text[at..];
    let end = rest
        .find(|c: char| c.is_whitespace() || "<>\"'()[]".contains(c))
        .unwrap_or(rest.len());
    let url = rest[..end].trim_end_matches(['.', ',', ';', ':', '!', '?']);
    (url.len() > "https://".len()).then(|| crate::printable::line(url).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_url_ends_before_punctuation_and_brackets() {
        assert_eq!(
            url("use our form at <https://privacy.x.example/requests>.").as_deref(),
            Some("https://privacy.x.example/requests")
        );
        assert_eq!(
            url("see https://x.example/form, thanks").as_deref(),
            Some("https://x.example/form")
        );
        assert_eq!(url("no link here"), None);
    }
}
