//! The reader's table (`replies.toml`, built in) and a user's additions
//! (`inbox.toml` beside the inventory): each language's words (deletion
//! participles, auxiliaries, first-person subjects, negation, future and
//! condition markers, completion words, months, numbers, period units,
//! stop words), the cue rules of each proposal, and what a text says by
//! them (`clause.rs` reads it). Pure: TOML text in, a table out; a text
//! in, findings out.

use std::collections::BTreeMap;

use serde::Deserialize;

use super::clause::Index;
use super::text::Calendar;

/// What a reply's words propose, before trust and the vendor's state have
/// their say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Said {
    // In the order in which one wins over another.
    Refused,
    Confirmed,
    NotNeeded,
    /// A duty to keep some of the data ("we are required to retain the
    /// invoices"): a refusal, unless the rest was deleted.
    Retention,
    /// The address we wrote to is no longer read; a new one is given.
    ContactChanged,
    /// E-mail is not handled: use a web form (a question, with its URL).
    Portal,
    Question,
    /// A person's out-of-office reply: says nothing, whatever receipt
    /// words it also holds.
    Ignore,
    Acknowledged,
}

/// One cue rule: any of its phrases, read inside one clause, says
/// `proposal` (`clause.rs` says how a phrase matches).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Rule {
    pub proposal: Said,
    pub language: String,
    pub phrases: Vec<String>,
}

/// The words of one language the reader reads by (`[language.xx]`). A
/// word ending in `*` is a stem (matches every word it starts), one
/// starting with `*` an ending; any other matches whole words only.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Words {
    /// The language's name in English, for the note on a reply in it.
    pub name: String,
    /// Common short words, to guess a reply's language by.
    pub stop: Vec<String>,
    pub subjects: Vec<String>,
    pub perfect: Vec<String>,
    pub deleted: Vec<String>,
    /// Finite past forms that say a deletion is done alone, without an
    /// auxiliary or a subject ("raderades", "apagámos").
    pub finished: Vec<String>,
    pub deletion: Vec<String>,
    pub request: Vec<String>,
    pub done: Vec<String>,
    pub negation: Vec<String>,
    pub future: Vec<String>,
    pub condition: Vec<String>,
    pub between: Vec<String>,
    pub joins: Vec<String>,
    /// Twelve entries, January first: each the names and abbreviations
    /// of that month.
    pub months: Vec<Vec<String>>,
    /// "one", "two", ... : the number words, from one.
    pub numbers: Vec<Vec<String>>,
    pub within: Vec<String>,
    pub more: Vec<String>,
    pub days: Vec<String>,
    pub business: Vec<String>,
    pub weeks: Vec<String>,
    pub month_units: Vec<String>,
    /// "end" of "end of January 2027": the month's last day.
    pub month_end: Vec<String>,
}

impl Words {
    fn extend(&mut self, more: Words) {
        if self.name.is_empty() {
            self.name = more.name;
        }
        let lists = [
            (&mut self.stop, more.stop),
            (&mut self.subjects, more.subjects),
            (&mut self.perfect, more.perfect),
            (&mut self.deleted, more.deleted),
            (&mut self.finished, more.finished),
            (&mut self.deletion, more.deletion),
            (&mut self.request, more.request),
            (&mut self.done, more.done),
            (&mut self.negation, more.negation),
            (&mut self.future, more.future),
            (&mut self.condition, more.condition),
            (&mut self.between, more.between),
            (&mut self.joins, more.joins),
            (&mut self.within, more.within),
            (&mut self.more, more.more),
            (&mut self.days, more.days),
            (&mut self.business, more.business),
            (&mut self.weeks, more.weeks),
            (&mut self.month_units, more.month_units),
            (&mut self.month_end, more.month_end),
        ];
        for (mine, theirs) in lists {
            mine.extend(theirs);
        }
        for (mine, theirs) in [
            (&mut self.months, more.months),
            (&mut self.numbers, more.numbers),
        ] {
            if mine.is_empty() {
                *mine = theirs;
            } else {
                for (mine, theirs) in mine.iter_mut().zip(theirs) {
                    mine.extend(theirs);
                }
            }
        }
    }

    /// Whether the tables read replies in this language (it has cues), or
    /// only know its stop words, to name it.
    pub fn is_read(&self) -> bool {
        !self.deleted.is_empty()
    }
}

/// How far apart the words of one cue may stand, and how long a clause
/// is read as one (`[reader]`).
#[derive(Debug, Clone, Copy, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Reach {
    pub window: usize,
    pub clause: usize,
}

impl Default for Reach {
    fn default() -> Self {
        Reach {
            window: 6,
            clause: 64,
        }
    }
}

/// A request portal's notice in `key: value` lines (`[portal]`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Portal {
    pub type_keys: Vec<String>,
    pub status_keys: Vec<String>,
    pub refused: Vec<String>,
    pub not_needed: Vec<String>,
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
    /// Request portals that send every customer's notices from one shared
    /// domain of theirs, naming the customer only in the sender's name.
    #[serde(default)]
    pub portals: Vec<String>,
}

/// The shape an `inbox.toml` had before the clause reader: a language's
/// `negation` and `future` words (`[guards.xx]`), and the period words
/// (`[periods]`). Still read: they add to the language's lists.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Guard {
    negation: Vec<String>,
    future: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
struct Periods {
    within: Vec<String>,
    days: Vec<String>,
    business_days: Vec<String>,
    months: Vec<String>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    guards: BTreeMap<String, Guard>,
    #[serde(default)]
    periods: Periods,
    #[serde(default)]
    reader: Option<Reach>,
    #[serde(default)]
    language: BTreeMap<String, Words>,
    #[serde(default)]
    rule: Vec<Rule>,
    #[serde(default)]
    portal: Portal,
    #[serde(default)]
    references: References,
    #[serde(default)]
    tenants: Tenants,
    #[serde(default)]
    abuse: Abuse,
}

/// The words of the abuse desks' replies (`[abuse]`): what an incident's
/// report gets back (`inbox::incident`). Read by the same clause reader,
/// each language's own words standing in for the deletion's
/// (`Lexicon::abuse_reader`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Abuse {
    pub language: BTreeMap<String, AbuseWords>,
    pub rule: Vec<AbuseRule>,
}

/// One language's words of the deed: `acted` in place of `deleted`,
/// `finished` of `finished`, `acting` of `deletion`.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct AbuseWords {
    pub acted: Vec<String>,
    pub finished: Vec<String>,
    pub acting: Vec<String>,
}

/// A cue of an abuse desk's reply (`[[abuse.rule]]`).
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AbuseRule {
    pub proposal: AbuseSaid,
    pub language: String,
    pub phrases: Vec<String>,
}

/// What an abuse desk's cue says.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum AbuseSaid {
    Acknowledged,
    Acted,
    Refused,
}

impl AbuseSaid {
    /// The reader's word for it: `acted` is read as a confirmation is.
    fn said(self) -> Said {
        match self {
            AbuseSaid::Acknowledged => Said::Acknowledged,
            AbuseSaid::Acted => Said::Confirmed,
            AbuseSaid::Refused => Said::Refused,
        }
    }
}

/// The words linger reads replies by: the built-in table, plus a user's.
#[derive(Debug, Clone)]
pub struct Lexicon {
    pub reach: Reach,
    pub languages: BTreeMap<String, Words>,
    pub rules: Vec<Rule>,
    pub portal: Portal,
    pub references: References,
    pub tenants: Tenants,
    /// The abuse desks' words, read by `abuse_reader`.
    pub abuse: Abuse,
    /// The words above, compiled for one linear scan.
    pub index: Index,
    /// Their months, numbers and period words, compiled.
    pub calendar: Calendar,
}

/// The built-in table, `replies.toml`.
pub const BUILTIN: &str = include_str!("replies.toml");

/// A sentence that decided what a reply says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub said: Said,
    /// The sentence, as written.
    pub sentence: String,
    /// Its place among the sentences read.
    pub at: usize,
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
        let mut table = Lexicon {
            reach: file.reader.unwrap_or_default(),
            languages: file.language,
            rules: file.rule,
            portal: file.portal,
            references: file.references,
            tenants: file.tenants,
            abuse: file.abuse,
            index: Index::default(),
            calendar: Calendar::default(),
        };
        table.check()?;
        table.index = Index::new(&table);
        table.calendar = Calendar::new(&table.languages);
        Ok(table)
    }

    /// This table with a user's words added (`inbox.toml`): new rules,
    /// language words, portal, reference and tenant words extend the
    /// built-in ones; `[reader]` replaces the reach.
    pub fn extended_by(mut self, text: &str) -> Result<Lexicon, String> {
        let mut more: File = toml::from_str(text).map_err(|err| err.to_string())?;
        // The earlier shape: words with spaces around them ("\u{20}not ").
        let words = |list: Vec<String>| -> Vec<String> {
            list.iter()
                .map(|w| w.trim().to_lowercase())
                .filter(|w| !w.is_empty())
                .collect()
        };
        for (language, guard) in std::mem::take(&mut more.guards) {
            let entry = more.language.entry(language).or_default();
            entry.negation.extend(words(guard.negation));
            entry.future.extend(words(guard.future));
        }
        let periods = std::mem::take(&mut more.periods);
        if !(periods.within.is_empty()
            && periods.days.is_empty()
            && periods.business_days.is_empty()
            && periods.months.is_empty())
        {
            // Dates and periods are read in every language at once.
            let entry = more.language.entry("en".into()).or_default();
            entry.within.extend(words(periods.within));
            entry.days.extend(words(periods.days));
            entry.business.extend(words(periods.business_days));
            entry.month_units.extend(words(periods.months));
        }
        for rule in &more.rule {
            if rule
                .phrases
                .iter()
                .any(|p| p.trim().trim_matches('*').is_empty())
            {
                return Err(format!(
                    "a `{}` rule for `{}` has an empty phrase, which would match every reply",
                    serde_plain(rule.proposal),
                    rule.language
                ));
            }
        }
        if let Some(reach) = more.reader {
            self.reach = reach;
        }
        self.rules.extend(more.rule);
        for (language, words) in more.language {
            self.languages.entry(language).or_default().extend(words);
        }
        self.portal.type_keys.extend(more.portal.type_keys);
        self.portal.status_keys.extend(more.portal.status_keys);
        self.portal.refused.extend(more.portal.refused);
        self.portal.not_needed.extend(more.portal.not_needed);
        self.references.after.extend(more.references.after);
        self.tenants.suffixes.extend(more.tenants.suffixes);
        self.tenants.headers.extend(more.tenants.headers);
        self.tenants.portals.extend(more.tenants.portals);
        for (language, words) in more.abuse.language {
            let mine = self.abuse.language.entry(language).or_default();
            mine.acted.extend(words.acted);
            mine.finished.extend(words.finished);
            mine.acting.extend(words.acting);
        }
        self.abuse.rule.extend(more.abuse.rule);
        self.check()?;
        self.index = Index::new(&self);
        self.calendar = Calendar::new(&self.languages);
        Ok(self)
    }

    /// What a table must hold to be read: twelve months where it names
    /// any, a window and a clause of at least one word, and no empty word
    /// (it would match every word).
    fn check(&self) -> Result<(), String> {
        if self.reach.window == 0 || self.reach.clause < 2 {
            return Err("[reader]: `window` must be at least 1 and `clause` at least 2".into());
        }
        for (code, words) in &self.languages {
            if !words.months.is_empty() && words.months.len() != 12 {
                return Err(format!(
                    "[language.{code}]: `months` has {} entries, not 12",
                    words.months.len()
                ));
            }
            let all = [
                &words.stop,
                &words.subjects,
                &words.perfect,
                &words.deleted,
                &words.finished,
                &words.deletion,
                &words.request,
                &words.done,
                &words.negation,
                &words.future,
                &words.condition,
                &words.between,
                &words.joins,
            ];
            if all
                .iter()
                .any(|list| list.iter().any(|w| w.trim().trim_matches('*').is_empty()))
            {
                return Err(format!(
                    "[language.{code}] has an empty word, which would match every word"
                ));
            }
        }
        let empty = |list: &[String]| list.iter().any(|w| w.trim().trim_matches('*').is_empty());
        for (code, words) in &self.abuse.language {
            if empty(&words.acted) || empty(&words.finished) || empty(&words.acting) {
                return Err(format!(
                    "[abuse.language.{code}] has an empty word, which would match every word"
                ));
            }
        }
        if let Some(rule) = self.abuse.rule.iter().find(|r| empty(&r.phrases)) {
            return Err(format!(
                "an `[[abuse.rule]]` for `{}` has an empty phrase, which would match every reply",
                rule.language
            ));
        }
        Ok(())
    }

    /// The reader of abuse desks' replies: every language's words, with
    /// its `[abuse.language]` words in place of the deletion's and the
    /// `[[abuse.rule]]` cues for the rules, so that "the domain has been
    /// suspended" reads as a confirmation reads, under the same negation,
    /// future and condition guards. A language without abuse words is
    /// not read. Built once per run, when an incident has a report.
    pub fn abuse_reader(&self) -> Lexicon {
        let mut languages = self.languages.clone();
        for (code, words) in &mut languages {
            let abuse = self.abuse.language.get(code).cloned().unwrap_or_default();
            words.deleted = abuse.acted;
            words.finished = abuse.finished;
            words.deletion = abuse.acting;
            words.request.clear();
            words.done.clear();
        }
        let rules = self
            .abuse
            .rule
            .iter()
            .map(|rule| Rule {
                proposal: rule.proposal.said(),
                language: rule.language.clone(),
                phrases: rule.phrases.clone(),
            })
            .collect();
        let mut reader = Lexicon {
            reach: self.reach,
            languages,
            rules,
            portal: Portal::default(),
            references: self.references.clone(),
            tenants: self.tenants.clone(),
            abuse: Abuse::default(),
            index: Index::default(),
            calendar: Calendar::default(),
        };
        reader.index = Index::new(&reader);
        reader
    }

    /// The languages the table reads replies in.
    pub fn languages(&self) -> Vec<&str> {
        self.languages
            .iter()
            .filter(|(_, w)| w.is_read())
            .map(|(code, _)| code.as_str())
            .collect()
    }

    /// What the sentences say: each thing said once, with the first
    /// sentence that says it, strongest first (by the order of `Said`).
    pub fn findings(&self, sentences: &[String]) -> Vec<Finding> {
        self.findings_in(sentences, None)
    }

    /// `findings`, where the reply's language is known (`code`, by its
    /// stop words): a confirmation read by another language's words only
    /// does not stand when the reply's own language reads the same
    /// sentence as a deletion not done. "Sus datos todavía no han sido
    /// eliminados" confirms in Portuguese, where "no" is "in the", and is
    /// a deletion still to come in Spanish.
    pub fn findings_in(&self, sentences: &[String], code: Option<&str>) -> Vec<Finding> {
        let mut found: BTreeMap<Said, Finding> = BTreeMap::new();
        for (at, sentence) in sentences.iter().enumerate() {
            let (mut said, own) = self.index.read_in(sentence, code.unwrap_or(""));
            if let Some(own) = own
                && !own.contains(&Said::Confirmed)
                && own.contains(&Said::Acknowledged)
            {
                said.remove(&Said::Confirmed);
            }
            for said in said {
                found.entry(said).or_insert_with(|| Finding {
                    said,
                    sentence: sentence.clone(),
                    at,
                });
            }
        }
        found.into_values().collect()
    }

    /// The strongest finding of the sentences.
    pub fn classify(&self, sentences: &[String]) -> Option<Finding> {
        self.findings(sentences).into_iter().next()
    }
}

fn serde_plain(said: Said) -> &'static str {
    match said {
        Said::Refused => "refused",
        Said::NotNeeded => "not-needed",
        Said::Retention => "retention",
        Said::Confirmed => "confirmed",
        Said::ContactChanged => "contact-changed",
        Said::Portal => "portal",
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
    fn the_builtin_table_has_ten_languages_and_every_word_list() {
        let table = Lexicon::builtin();
        let languages = table.languages();
        assert_eq!(
            languages,
            ["da", "de", "en", "es", "fr", "it", "nb", "nl", "pt", "sv"]
        );
        for language in languages {
            let words = &table.languages[language];
            for (name, list) in [
                ("stop", &words.stop),
                ("subjects", &words.subjects),
                ("perfect", &words.perfect),
                ("deleted", &words.deleted),
                ("deletion", &words.deletion),
                ("done", &words.done),
                ("negation", &words.negation),
                ("future", &words.future),
                ("condition", &words.condition),
                ("within", &words.within),
                ("days", &words.days),
                ("month_units", &words.month_units),
            ] {
                assert!(!list.is_empty(), "{language} has no `{name}`");
            }
            assert_eq!(words.months.len(), 12, "{language}");
            assert!(words.numbers.len() >= 2, "{language} has no `numbers`");
            for said in [
                Said::Acknowledged,
                Said::Refused,
                Said::NotNeeded,
                Said::Question,
                Said::ContactChanged,
                Said::Portal,
                Said::Ignore,
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
        let confirmed = Some(Said::Confirmed);
        assert_eq!(says("Your data has been deleted."), confirmed);
        assert_ne!(says("Your data has not yet been deleted."), confirmed);
        assert_ne!(
            says(
                "Once processed, all data that has been deleted will be gone from backups in 30 days."
            ),
            confirmed
        );
        assert_eq!(says("Ihre Daten wurden gelöscht."), confirmed);
        assert_ne!(says("Ihre Daten wurden noch nicht gelöscht."), confirmed);
        assert_eq!(says("Opplysningene er slettet."), confirmed);
        assert_ne!(says("Opplysningene er ikke slettet ennå."), confirmed);
        // Not done yet: the request is being worked on.
        assert_eq!(
            says("Your data has not yet been deleted."),
            Some(Said::Acknowledged)
        );
        assert_eq!(says("Your data will not be deleted."), Some(Said::Refused));
    }

    #[test]
    fn a_refusal_wins_over_a_confirmation_and_a_deletion_over_a_retention_duty() {
        let table = Lexicon::builtin();
        let found = table
            .classify(&[
                "Your account has been deleted.".into(),
                "We cannot delete the invoices.".into(),
            ])
            .unwrap();
        assert_eq!(found.said, Said::Refused);
        assert!(found.sentence.contains("invoices"));
        // "Deleted, except what the law makes us keep" is a deletion done.
        let found = table
            .classify(&[
                "Your account has been deleted.".into(),
                "We are required to retain invoices for seven years.".into(),
            ])
            .unwrap();
        assert_eq!(found.said, Said::Confirmed);
        let found = table
            .classify(&["We are required to retain invoices for seven years.".into()])
            .unwrap();
        assert_eq!(found.said, Said::Retention);
    }

    #[test]
    fn a_users_table_adds_phrases_and_words_and_refuses_an_empty_one() {
        let table = Lexicon::builtin()
            .extended_by("[[rule]]\nproposal = \"confirmed\"\nlanguage = \"en\"\nphrases = [\"is gone for good\"]\n")
            .unwrap();
        assert_eq!(
            table
                .classify(&["Your workspace is gone for good.".into()])
                .map(|f| f.said),
            Some(Said::Confirmed)
        );
        // A participle of the user's: read with the built-in auxiliaries.
        let table = Lexicon::builtin()
            .extended_by("[language.en]\ndeleted = [\"incinerated\"]\n")
            .unwrap();
        assert_eq!(
            table
                .classify(&["All your files were incinerated yesterday.".into()])
                .map(|f| f.said),
            Some(Said::Confirmed)
        );
        let err = Lexicon::builtin()
            .extended_by(
                "[[rule]]\nproposal = \"confirmed\"\nlanguage = \"en\"\nphrases = [\" \"]\n",
            )
            .unwrap_err();
        assert!(err.contains("empty phrase"), "{err}");
        // The earlier shape still adds its words.
        let table = Lexicon::builtin()
            .extended_by(
                "[guards.en]\nfuture = [\" eventually \"]\n[periods]\nwithin = [\"inside\"]\n",
            )
            .unwrap();
        assert!(
            table.languages["en"]
                .future
                .contains(&"eventually".to_string())
        );
        assert!(table.languages["en"].within.contains(&"inside".to_string()));
        let err = Lexicon::builtin()
            .extended_by("[language.en]\nnegation = [\"*\"]\n")
            .unwrap_err();
        assert!(err.contains("empty word"), "{err}");
        let err = Lexicon::builtin()
            .extended_by("[[rule]]\nproposal = \"deleted\"\nlanguage = \"en\"\nphrases = [\"x\"]\n")
            .unwrap_err();
        assert!(err.contains("deleted"), "{err}");
    }
}
