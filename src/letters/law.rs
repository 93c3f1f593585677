//! What each law says that a letter needs, in each letter language: what
//! the request rests on, what a reminder and a report to the authority say,
//! what we ask the authority to do, what to certify, what may stay in
//! backups, and the duty to report a breach. The sentences are data, one
//! `[law.ID]` table per law in each language's file (`src/lang/CODE.toml`,
//! read by `crate::lang`); docs/letters.md, "Legal basis", is the same
//! table in prose.
//!
//! The company is the controller (or business) and the vendor was its
//! processor (or service provider), so the letters rest on the processor's
//! duties at the end of the service, never on a data subject's right to
//! erasure. Every sentence states only what the cited provision says;
//! where the law binds the contract rather than the vendor (GDPR Art.
//! 28(3)(g)), the sentence says so.

use crate::inventory::{Language, Law};
pub use crate::lang::LawText;

/// What `law` says, in `language`.
pub fn text(law: Law, language: Language) -> LawText {
    crate::lang::words(language).law(law).clone()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_law_has_text_in_every_language() {
        for law in Law::ALL {
            for language in Language::ALL {
                let t = text(*law, *language);
                assert_eq!(t.id, law.as_str());
                for part in [
                    &t.duty,
                    &t.reminder,
                    &t.certification,
                    &t.backups,
                    &t.breach,
                ] {
                    assert!(part.len() > 40, "{law} {language}: {part}");
                    assert!(
                        !part.contains("  "),
                        "{law} {language}: double space in {part}"
                    );
                }
            }
        }
    }

    #[test]
    fn gdpr_rests_on_the_processors_duty_not_on_erasure_requests() {
        let t = text(Law::Gdpr, Language::En);
        assert!(t.duty.contains("Article 28(3)(g)"));
        assert!(t.duty.contains("requires our contract to oblige you"));
        assert!(t.duty.contains("5(1)(e)"));
        assert!(!t.duty.contains("Article 17"));
        assert!(
            text(Law::Gdpr, Language::De)
                .duty
                .contains("Art. 28 Abs. 3 lit. g")
        );
        assert!(
            text(Law::Gdpr, Language::Nb)
                .duty
                .contains("artikkel 28 nr. 3 bokstav g")
        );
    }
}
