//! The table of reply phrases (`replies.toml`, built in) and a user's
//! additions (`inbox.toml` beside the inventory), and what a text says by
//! them. Pure: TOML text in, a table out; a text in, a finding out.

use std::collections::BTreeMap;

use serde::Deserialize;

/// What a reply's words propose, before trust and the vendor's state have
/// their say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Said {
    // In the order in which one wins over another.
    Refused,
    NotNeeded,
    Confirmed,
    Question,
    Acknowledged,
    /// A person's out-of-office reply: says nothing.
    Ignore,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
struct Rule {
    proposal: Said,
    language: String,
    phrases: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct Guard {
    #[serde(default)]
    negation: Vec<String>,
    #[serde(default)]
    future: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Periods {
    #[serde(default)]
    pub within: Vec<String>,
    #[serde(default)]
    pub days: Vec<String>,
    #[serde(default)]
    pub business_days: Vec<String>,
    #[serde(default)]
    pub months: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct References {
    #[serde(default)]
    pub after: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenants {
    #[serde(default)]
    pub suffixes: Vec<String>,
    #[serde(default)]
    pub headers: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    rule: Vec<Rule>,
    #[serde(default)]
    guards: BTreeMap<String, Guard>,
    #[serde(default)]
    periods: Periods,
    #[serde(default)]
    references: References,
    #[serde(default)]
    tenants: Tenants,
}

/// The phrases linger reads replies by: the built-in table, plus a user's.
#[derive(Debug, Clone)]
pub struct Lexicon {
    rules: Vec<Rule>,
    guards: BTreeMap<String, Guard>,
    pub periods: Periods,
    pub references: References,
    pub tenants: Tenants,
}

/// The built-in table, `replies.toml`.
pub const BUILTIN: &str = include_str!("replies.toml");

/// A sentence that decided what a reply says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub said: Said,
    /// The sentence, as written.
    pub sentence: String,
}

impl Lexicon {
    /// The built-in table.
    pub fn builtin() -> Lexicon {
        // The table is part of the program: a test parses it, so this
        // cannot fail in a release.
        Self::parse(BUILTIN).unwrap_or_else(|err| panic!("replies.toml: {err}"))
    }

    /// A table from TOML text, or what is wrong with it, with its place.
    pub fn parse(text: &str) -> Result<Lexicon, String> {
        let file: File = toml::from_str(text).map_err(|err| err.to_string())?;
        Ok(Lexicon {
            rules: file.rule,
            guards: file.guards,
            periods: file.periods,
            references: file.references,
            tenants: file.tenants,
        })
    }

    /// This table with a user's phrases added (`inbox.toml`): new rules,
    /// guards, period, reference and tenant words extend the built-in ones.
    pub fn extended_by(mut self, text: &str) -> Result<Lexicon, String> {
        let more: File = toml::from_str(text).map_err(|err| err.to_string())?;
        for rule in &more.rule {
            if rule.phrases.iter().any(|p| p.trim().is_empty()) {
                return Err(format!(
                    "a `{}` rule for `{}` has an empty phrase, which would match every reply",
                    serde_plain(rule.proposal),
                    rule.language
                ));
            }
        }
        self.rules.extend(more.rule);
        for (language, guard) in more.guards {
            let entry = self.guards.entry(language).or_default();
            entry.negation.extend(guard.negation);
            entry.future.extend(guard.future);
        }
        self.periods.within.extend(more.periods.within);
        self.periods.days.extend(more.periods.days);
        self.periods
            .business_days
            .extend(more.periods.business_days);
        self.periods.months.extend(more.periods.months);
        self.references.after.extend(more.references.after);
        self.tenants.suffixes.extend(more.tenants.suffixes);
        self.tenants.headers.extend(more.tenants.headers);
        Ok(self)
    }

    /// The languages the table has phrases for.
    pub fn languages(&self) -> Vec<&str> {
        let mut languages: Vec<&str> = self.rules.iter().map(|r| r.language.as_str()).collect();
        languages.sort_unstable();
        languages.dedup();
        languages
    }

    /// What the sentences say: the strongest finding, by the order of
    /// `Said`, and the first sentence that says it.
    pub fn classify(&self, sentences: &[String]) -> Option<Finding> {
        let mut best: Option<Finding> = None;
        for sentence in sentences {
            let lower = format!(" {} ", sentence.to_lowercase());
            for rule in &self.rules {
                if best.as_ref().is_some_and(|b| b.said <= rule.proposal) {
                    continue;
                }
                let hit = rule.phrases.iter().any(|p| lower.contains(p.as_str()));
                if !hit
                    || (rule.proposal == Said::Confirmed && self.guarded(&rule.language, &lower))
                {
                    continue;
                }
                best = Some(Finding {
                    said: rule.proposal,
                    sentence: sentence.clone(),
                });
            }
        }
        best
    }

    /// Whether a sentence holds a negation or a future of `language`: then
    /// it does not confirm a deletion.
    fn guarded(&self, language: &str, lower: &str) -> bool {
        self.guards.get(language).is_some_and(|guard| {
            guard
                .negation
                .iter()
                .chain(&guard.future)
                .any(|word| lower.contains(word.as_str()))
        })
    }
}

fn serde_plain(said: Said) -> &'static str {
    match said {
        Said::Refused => "refused",
        Said::NotNeeded => "not-needed",
        Said::Confirmed => "confirmed",
        Said::Question => "question",
        Said::Acknowledged => "acknowledged",
        Said::Ignore => "ignore",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn says(text: &str) -> Option<Said> {
        Lexicon::builtin()
            .classify(&[text.to_string()])
            .map(|f| f.said)
    }

    #[test]
    fn the_builtin_table_has_ten_languages_and_every_guard() {
        let table = Lexicon::builtin();
        let languages = table.languages();
        assert_eq!(
            languages,
            ["da", "de", "en", "es", "fr", "it", "nb", "nl", "pt", "sv"]
        );
        for language in languages {
            assert!(table.guards.contains_key(language), "{language}");
            for said in [
                Said::Acknowledged,
                Said::Confirmed,
                Said::Refused,
                Said::NotNeeded,
                Said::Question,
            ] {
                assert!(
                    table
                        .rules
                        .iter()
                        .any(|r| r.language == language && r.proposal == said),
                    "{language} has no {said:?} rule"
                );
            }
        }
        for rule in &table.rules {
            for phrase in &rule.phrases {
                assert_eq!(phrase, &phrase.to_lowercase(), "{phrase}");
            }
        }
    }

    #[test]
    fn negations_and_futures_never_confirm() {
        assert_eq!(says("Your data has been deleted."), Some(Said::Confirmed));
        assert_eq!(says("Your data has not yet been deleted."), None);
        assert_eq!(
            says(
                "Once processed, all data that has been deleted will be gone from backups in 30 days."
            ),
            None
        );
        assert_eq!(says("Ihre Daten wurden gelöscht."), Some(Said::Confirmed));
        assert_eq!(says("Ihre Daten wurden noch nicht gelöscht."), None);
        assert_eq!(says("Opplysningene er slettet."), Some(Said::Confirmed));
        assert_eq!(says("Opplysningene er ikke slettet ennå."), None);
    }

    #[test]
    fn a_refusal_wins_over_a_confirmation_in_the_same_reply() {
        let table = Lexicon::builtin();
        let found = table
            .classify(&[
                "Your account has been deleted.".into(),
                "We are required to retain invoices for seven years.".into(),
            ])
            .unwrap();
        assert_eq!(found.said, Said::Refused);
        assert!(found.sentence.contains("invoices"));
    }

    #[test]
    fn a_users_table_adds_phrases_and_refuses_an_empty_one() {
        let table = Lexicon::builtin()
            .extended_by("[[rule]]\nproposal = \"confirmed\"\nlanguage = \"en\"\nphrases = [\"is gone for good\"]\n")
            .unwrap();
        assert_eq!(
            table
                .classify(&["Your workspace is gone for good.".into()])
                .map(|f| f.said),
            Some(Said::Confirmed)
        );
        let err = Lexicon::builtin()
            .extended_by(
                "[[rule]]\nproposal = \"confirmed\"\nlanguage = \"en\"\nphrases = [\" \"]\n",
            )
            .unwrap_err();
        assert!(err.contains("empty phrase"), "{err}");
        let err = Lexicon::builtin()
            .extended_by("[[rule]]\nproposal = \"deleted\"\nlanguage = \"en\"\nphrases = [\"x\"]\n")
            .unwrap_err();
        assert!(err.contains("deleted"), "{err}");
    }
}
