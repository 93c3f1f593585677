//! The words of each letter language, as data: one file per language,
//! `src/lang/CODE.toml` (named by `Language::as_str`), holding what each
//! law says, the data categories' labels, the month names and the small
//! words of dates, numbers, lists and a request's history. build.rs embeds
//! every file in this folder; each is parsed once, on first use, and every
//! key is required, so a missing or misspelt one is an error that names the
//! language, the section and the key.
//!
//! Pure data: how a date or a number is put together lives with its user
//! (`letters::dates`), what a letter says around these words in its
//! template. docs/letters.md, "Adding a language", lists the files.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::LazyLock;

use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};

use crate::categories::{CATEGORIES, CUSTOM_PREFIX};
use crate::inventory::{EventKind, Language, Law};

/// The legal text a template can use, as `law.*`: one `[law.ID]` table of
/// a language's file.
#[derive(Debug, Clone, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LawText {
    /// `gdpr`, `ccpa`, ...: the table's name, not a key of its own.
    #[serde(skip_deserializing)]
    pub id: &'static str,
    /// The law's name in a sentence: "the GDPR", "die DSGVO".
    pub name: String,
    /// The provisions the request rests on, for a short reference.
    pub citation: String,
    /// Why the vendor must delete now: the request's paragraph.
    pub duty: String,
    /// The same, briefly, for a follow-up.
    pub reminder: String,
    /// The vendor's duties, told to the authority (third person).
    pub report: String,
    /// What we ask the authority to do, each with its power; empty for
    /// `contract`, which has no authority.
    pub ask: Vec<String>,
    /// The authority in a sentence, when the inventory names none.
    pub authority: String,
    /// Why we ask for a written confirmation: one or two sentences.
    pub certification: String,
    /// What may stay in backups, and until when: one or two sentences.
    pub backups: String,
    /// The vendor's duty to tell us about a breach: one or two sentences.
    pub breach: String,
    /// Why a breach inquiry wants a first answer within 72 hours, where the
    /// law starts a clock for us; empty elsewhere.
    pub urgency: String,
    /// Whose deadline a request's answer-by date is: ours, modelled on the
    /// law's deadline for a data subject's or consumer's request.
    pub window: String,
    /// The same, when the vendor's agreement sets the time (`response_days`).
    pub agreed_window: String,
    /// Who we are, starting the request's instruction: "As the controller
    /// of the personal data you processed for us," (the law's own word for
    /// us: controller, business, organization).
    pub we: String,
    /// The vendor in the law's word, as the escalation introduces it: "our
    /// processor", "our service provider".
    pub role: String,
    /// The vendor's own subcontractors in the law's word, plural:
    /// "sub-processors", "service providers and contractors".
    pub subs: String,
    /// What the law calls the data: "personal data", "personal information".
    pub data: String,
    /// The noun of `data` alone, for a template that inflects the adjective
    /// itself ("alle personenbezogenen {{ law.data_noun }}"): "Daten" or
    /// "Informationen", so one letter never mixes the two.
    pub data_noun: String,
    /// The escalation's sentence on who writes and why it is a report.
    pub standing: String,
    /// The notification of a breach to our own authority
    /// (`breach-notification`): our duty to notify it, and that the letter
    /// gives what the law lists; empty where linger writes none (`ccpa`,
    /// `contract`).
    pub notification: String,
    /// Why a late notification gives the reasons for its delay; empty where
    /// the law asks for none.
    pub notification_late: String,
    /// What the law says of information given later, in phases; empty where
    /// it says nothing.
    pub notification_phases: String,
}

/// `[format]`: how dates, numbers and lists are written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Format {
    /// A long date, with `{day}`, `{month}` and `{year}`:
    /// `{day}.\u{a0}{month} {year}`.
    pub date: String,
    /// January to December.
    pub months: [String; 12],
    /// Between each group of three digits: `,` in `12,400`.
    pub thousands: String,
    /// The word that joins the last two items of a list.
    pub and: String,
    /// What starts a marked blank in a letter, `[TO FILL IN: ...]`: what
    /// linger cannot know, for the sender to fill in or strike.
    pub blank: String,
    /// Words that start a citation: a line never breaks after one
    /// ("Art. 5", "§ 10.1").
    pub citing: Vec<String>,
    /// The parts a citation goes on with after a number ("Abs. 2").
    pub citation_parts: Vec<String>,
    /// The laws a citation ends with: no break before one after a number
    /// ("Article 28(3)(g) GDPR").
    pub law_names: Vec<String>,
}

/// `[history]`: a request's history in words, for the escalation.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct History {
    requested: String,
    acknowledged: String,
    extended: String,
    reminded: String,
    refused: String,
    escalated: String,
    confirmed: String,
    not_needed: String,
    bounced: String,
    verified: String,
    /// An `extended` event with its new date, `{until}`: we agreed to the
    /// vendor's wish, so the deadline is ours.
    pub extended_until: String,
    /// An `escalated` event under a contract alone: the final notice, since
    /// no authority oversees a contract.
    pub final_notice: String,
    /// The labels of an event's details.
    pub until_label: String,
    pub reference_label: String,
    pub reason_label: String,
}

impl History {
    /// What an event of `kind` means.
    pub fn event(&self, kind: EventKind) -> &str {
        match kind {
            EventKind::Requested => &self.requested,
            EventKind::Acknowledged => &self.acknowledged,
            EventKind::Extended => &self.extended,
            EventKind::Reminded => &self.reminded,
            EventKind::Refused => &self.refused,
            EventKind::Escalated => &self.escalated,
            EventKind::Confirmed => &self.confirmed,
            EventKind::NotNeeded => &self.not_needed,
            EventKind::Bounced => &self.bounced,
            EventKind::Verified => &self.verified,
        }
    }
}

/// One language's file, parsed and checked.
#[derive(Debug, Clone)]
pub struct Words {
    pub format: Format,
    pub history: History,
    /// Built-in category name → label; every built-in category has one.
    categories: BTreeMap<String, String>,
    /// Every law has its text.
    laws: BTreeMap<Law, LawText>,
}

impl Words {
    /// What `law` says, in this language.
    pub fn law(&self, law: Law) -> &LawText {
        // `parse` refuses a file without every law.
        &self.laws[&law]
    }

    /// The label of a built-in data category; `None` for any other name.
    pub fn category(&self, name: &str) -> Option<&str> {
        self.categories.get(name).map(String::as_str)
    }
}

/// Reads a language's file, `text`; `code` names it in errors. Every
/// section and key is required, and none may be unknown.
pub fn parse(code: &str, text: &str) -> Result<Words, String> {
    let fail = |what: String| format!("letter language `{code}` (src/lang/{code}.toml): {what}");
    let mut table: toml::Table = toml::from_str(text).map_err(|err| fail(err.to_string()))?;
    let mut section = |name: &str| {
        table
            .remove(name)
            .ok_or_else(|| fail(format!("no [{name}] section")))
    };
    let format: Format = read(section("format")?, "[format]").map_err(&fail)?;
    let history: History = read(section("history")?, "[history]").map_err(&fail)?;
    let categories: BTreeMap<String, String> =
        read(section("categories")?, "[categories]").map_err(&fail)?;
    let law_tables: BTreeMap<String, toml::Value> =
        read(section("law")?, "[law]").map_err(&fail)?;
    if let Some(name) = table.keys().next() {
        return Err(fail(format!(
            "unknown section `{name}`; a language's file has [format], [history], [categories] and [law.*]"
        )));
    }
    // The strings the code fills in must hold each placeholder once.
    let filled: [(&str, &String, &[&str]); 2] = [
        (
            "[format] date",
            &format.date,
            &["{day}", "{month}", "{year}"],
        ),
        (
            "[history] extended_until",
            &history.extended_until,
            &["{until}"],
        ),
    ];
    for (place, value, holes) in filled {
        for hole in holes {
            if value.matches(hole).count() != 1 {
                return Err(fail(format!("{place} must hold `{hole}` once: {value:?}")));
            }
        }
    }
    for name in categories.keys() {
        if !CATEGORIES.contains(&name.as_str()) {
            return Err(fail(format!(
                "[categories] labels `{name}`, which is no built-in category (`{CUSTOM_PREFIX}` ones show their own name)"
            )));
        }
    }
    if let Some(missing) = CATEGORIES.iter().find(|c| !categories.contains_key(**c)) {
        return Err(fail(format!("[categories] has no label for `{missing}`")));
    }
    let mut laws = BTreeMap::new();
    for (id, value) in law_tables {
        let Some(law) = Law::parse(&id) else {
            return Err(fail(format!(
                "[law.{id}] is no law linger knows; the laws are {}",
                Law::names().join(", ")
            )));
        };
        let mut text: LawText = read(value, &format!("[law.{id}]")).map_err(&fail)?;
        text.id = law.as_str();
        laws.insert(law, text);
    }
    if let Some(missing) = Law::ALL.iter().find(|law| !laws.contains_key(law)) {
        return Err(fail(format!("no [law.{missing}] section")));
    }
    Ok(Words {
        format,
        history,
        categories,
        laws,
    })
}

/// A section as `T`, its errors naming it: "[law.gdpr]: missing field `duty`".
fn read<T: DeserializeOwned>(value: toml::Value, place: &str) -> Result<T, String> {
    value
        .try_into()
        .map_err(|err: toml::de::Error| format!("{place}: {}", err.message().trim_end()))
}

/// `(code, text)` of every file in `src/lang/`, embedded by build.rs.
const FILES: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/languages.rs"));

/// Every embedded language's words, parsed on first use.
static ALL: LazyLock<BTreeMap<&'static str, Words>> = LazyLock::new(|| {
    FILES
        .iter()
        .map(|(code, text)| match parse(code, text) {
            Ok(words) => (*code, words),
            // The files are part of the binary and the tests parse each:
            // a broken one never ships.
            Err(err) => panic!("{err}"),
        })
        .collect()
});

/// The words of `language`.
pub fn words(language: Language) -> &'static Words {
    let code = language.as_str();
    ALL.get(code).unwrap_or_else(|| {
        panic!("letter language `{code}` has no src/lang/{code}.toml (docs/letters.md, \"Adding a language\")")
    })
}

/// The words of citations in every language, together: a letter may cite
/// a law by its name in another language ("Article 28 GDPR" in a German
/// letter's quote), and a line must not break inside either.
pub struct Citations {
    pub citing: BTreeSet<&'static str>,
    pub parts: BTreeSet<&'static str>,
    pub laws: BTreeSet<&'static str>,
}

/// The words of citations of all languages, gathered once.
pub fn citations() -> &'static Citations {
    static CITATIONS: LazyLock<Citations> = LazyLock::new(|| {
        let mut all = Citations {
            citing: BTreeSet::new(),
            parts: BTreeSet::new(),
            laws: BTreeSet::new(),
        };
        for words in ALL.values() {
            all.citing
                .extend(words.format.citing.iter().map(String::as_str));
            all.parts
                .extend(words.format.citation_parts.iter().map(String::as_str));
            all.laws
                .extend(words.format.law_names.iter().map(String::as_str));
        }
        all
    });
    &CITATIONS
}

/// The marked blanks `text` still holds (`[TO FILL IN: ...]`, in any
/// letter language), each as written, in order: what a letter may not be
/// sent with.
pub fn blanks(text: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (at, _) in text.match_indices('[') {
        let rest = &text[at + 1..];
        let marked = ALL.values().any(|words| {
            rest.strip_prefix(words.format.blank.as_str())
                .is_some_and(|after| after.starts_with([':', ',']))
        });
        if marked {
            let end = rest.find(']').map_or(text.len(), |end| at + 1 + end + 1);
            found.push(&text[at..end]);
        }
    }
    found
}

/// The plain-words label of a data category in `language`; a custom one
/// shows its own name.
pub fn category_label(category: &str, language: Language) -> &str {
    match words(language).category(category) {
        Some(label) => label,
        None => category.strip_prefix(CUSTOM_PREFIX).unwrap_or(category),
    }
}

#[cfg(test)]
mod tests;
