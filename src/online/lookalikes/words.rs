//! The words users add: those of `lookalikes --dictionary FILE` (the
//! `dictionary` fuzzer's, one a line, `#` starting a comment) and of
//! `--brand` (searched in Certificate Transparency). Each must be a word
//! that can stand in a domain name. Pure: the file is read by the command.

use super::{WORDS, valid_word};

/// A word that cannot stand in a domain name: its line (1-based) and the
/// word, lower-cased.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BadWord {
    pub line: usize,
    pub word: String,
}

/// The `dictionary` fuzzer's words: the built-in list, then each new word
/// of `text` (a dictionary file) in its order.
pub fn dictionary(text: Option<&str>) -> Result<Vec<String>, BadWord> {
    let mut words: Vec<String> = WORDS.iter().map(|w| w.to_string()).collect();
    for (number, line) in text.unwrap_or_default().lines().enumerate() {
        let word = line
            .split('#')
            .next()
            .unwrap_or("")
            .trim()
            .trim_start_matches('\u{feff}');
        if word.is_empty() {
            continue;
        }
        let word = word.to_lowercase();
        if !valid_word(&word) {
            return Err(BadWord {
                line: number + 1,
                word,
            });
        }
        if !words.contains(&word) {
            words.push(word);
        }
    }
    Ok(words)
}

/// The brand words to search Certificate Transparency for: the label of
/// `domain` (`northwind` in `northwind.example`), then each of `extra`;
/// the first of `extra` that is no such word (three or more letters,
/// digits or hyphens) is the error.
pub fn brands(domain: &str, extra: &[String]) -> Result<Vec<String>, String> {
    let label = domain.split('.').next().unwrap_or(domain).to_string();
    let mut brands = vec![label];
    for word in extra {
        let word = word.trim().to_lowercase();
        if word.len() < 3 || !valid_word(&word) {
            return Err(word);
        }
        if !brands.contains(&word) {
            brands.push(word);
        }
    }
    Ok(brands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dictionary_adds_its_new_words_after_the_built_in_ones() {
        let text = "\u{feff}ZZPortal # our login page\n\n# a comment\nlogin\nnorthwind-hr\n";
        let words = dictionary(Some(text)).unwrap();
        // `login` is built in, so it comes once.
        assert_eq!(words.len(), WORDS.len() + 2);
        assert_eq!(&words[words.len() - 2..], ["zzportal", "northwind-hr"]);
        assert_eq!(dictionary(None).unwrap().len(), WORDS.len());
        assert_eq!(
            dictionary(Some("portal\nno way\n")),
            Err(BadWord {
                line: 2,
                word: "no way".into()
            })
        );
    }

    #[test]
    fn brands_start_with_the_domains_label() {
        let extra = vec![" NWTraders ".to_string(), "northwind".to_string()];
        assert_eq!(
            brands("northwind.example", &extra).unwrap(),
            ["northwind", "nwtraders"]
        );
        assert_eq!(
            brands("northwind.example", &["nw".into()]),
            Err("nw".into())
        );
    }
}
