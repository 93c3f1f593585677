//! The words mail carries around a message's own text, per language
//! (`markers.toml`): where a quote or a signature starts, and the subjects
//! of non-delivery reports. Data, not code, so that a new language is a
//! table in the file; read once, at first use.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use serde::Deserialize;

/// The file, built in.
const BUILTIN: &str = include_str!("markers.toml");

/// Every language's markers, merged: any marker of any language counts,
/// since a vendor answers in its own.
#[derive(Debug, Default)]
pub struct Markers {
    /// Lower case prefixes of a trimmed line from which the rest is
    /// quoted or signed.
    pub cut_before: Vec<String>,
    /// Lower case verbs of the line that introduces a quote ("wrote",
    /// "schrieb"), whole words.
    pub quote_verbs: Vec<String>,
    /// Lower case words such a line starts with ("on ", "am ").
    pub quote_openers: Vec<String>,
    /// Lines that are exactly a signature separator, untrimmed.
    pub signature_line: Vec<String>,
    /// Lower case words a non-delivery report's subject holds.
    pub bounce_subjects: Vec<String>,
    /// Lower case prefixes of a reply's subject (`re:`, `aw:`).
    pub reply_prefixes: Vec<String>,
    /// The longest `cut_before` in bytes: how much of a line's start is
    /// lowered to tell a cut line.
    pub longest_cut: usize,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    neutral: Neutral,
    language: BTreeMap<String, Language>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Neutral {
    cut_before: Vec<String>,
    signature_line: Vec<String>,
}

/// One language's words: every key is required.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Language {
    cut_before: Vec<String>,
    quote_verbs: Vec<String>,
    quote_openers: Vec<String>,
    signature: Vec<String>,
    bounce_subjects: Vec<String>,
    reply_prefixes: Vec<String>,
}

/// The built-in markers, read once.
pub fn get() -> &'static Markers {
    static MARKERS: OnceLock<Markers> = OnceLock::new();
    MARKERS.get_or_init(|| match parse(BUILTIN) {
        Ok(markers) => markers,
        // The file is built in and tested: this is unreachable in a
        // released build.
        Err(problem) => panic!("src/mail/markers.toml: {problem}"),
    })
}

/// Markers from the text of a markers file.
fn parse(text: &str) -> Result<Markers, toml::de::Error> {
    let file: File = toml::from_str(text)?;
    let mut markers = Markers {
        cut_before: file.neutral.cut_before,
        signature_line: file.neutral.signature_line,
        ..Markers::default()
    };
    for language in file.language.into_values() {
        markers.cut_before.extend(language.cut_before);
        markers.cut_before.extend(language.signature);
        markers.quote_verbs.extend(language.quote_verbs);
        markers.quote_openers.extend(language.quote_openers);
        markers.bounce_subjects.extend(language.bounce_subjects);
        markers.reply_prefixes.extend(language.reply_prefixes);
    }
    for list in [
        &mut markers.cut_before,
        &mut markers.quote_verbs,
        &mut markers.quote_openers,
        &mut markers.bounce_subjects,
        &mut markers.reply_prefixes,
    ] {
        list.sort();
        list.dedup();
    }
    markers.longest_cut = markers
        .cut_before
        .iter()
        .map(String::len)
        .max()
        .unwrap_or(0);
    Ok(markers)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_defines_every_key_in_lower_case() {
        // `Language` requires each key: a language without one fails to
        // load, and the built-in file loads.
        let file: File = toml::from_str(BUILTIN).unwrap();
        assert_eq!(
            file.language.keys().collect::<Vec<_>>(),
            ["da", "de", "en", "es", "fr", "it", "nb", "nl", "pt", "sv"],
            "the ten languages of replies.toml"
        );
        let missing = "[neutral]\ncut_before = []\nsignature_line = []\n\
            [language.xx]\ncut_before = []\nquote_verbs = []\nsignature = []\n";
        assert!(parse(missing).is_err());
        let markers = get();
        for word in markers
            .cut_before
            .iter()
            .chain(&markers.quote_verbs)
            .chain(&markers.quote_openers)
            .chain(&markers.bounce_subjects)
            .chain(&markers.reply_prefixes)
        {
            assert_eq!(word, &word.to_lowercase(), "{word}");
        }
        assert!(markers.cut_before.iter().any(|m| m == "von: "));
        assert!(markers.quote_verbs.iter().any(|m| m == "escreveu"));
        assert!(markers.quote_openers.iter().any(|m| m == "am "));
        assert!(markers.bounce_subjects.iter().any(|m| m == "unzustellbar"));
        assert!(markers.reply_prefixes.iter().any(|m| m == "aw:"));
        assert_eq!(markers.signature_line, ["-- "]);
    }

    #[test]
    fn a_new_language_is_a_table() {
        let text = format!(
            "{BUILTIN}\n[language.fi]\ncut_before = [\"lähettäjä: \"]\nquote_verbs = [\"kirjoitti\"]\nquote_openers = []\n\
             signature = []\nbounce_subjects = [\"palautunut\"]\nreply_prefixes = [\"vs:\"]\n"
        );
        let markers = parse(&text).unwrap();
        assert!(markers.quote_verbs.iter().any(|m| m == "kirjoitti"));
        assert!(markers.bounce_subjects.iter().any(|m| m == "palautunut"));
    }
}
