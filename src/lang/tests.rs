use super::*;

/// The English file with one line changed.
fn english_with(from: &str, to: &str) -> String {
    let text = include_str!("en.toml");
    assert!(text.contains(from), "en.toml has no {from:?}");
    text.replacen(from, to, 1)
}

#[test]
fn every_language_defines_every_key() {
    for language in Language::ALL {
        let code = language.as_str();
        let Some((_, text)) = FILES.iter().find(|(file, _)| *file == code) else {
            panic!("the letter language `{code}` has no src/lang/{code}.toml");
        };
        let words = parse(code, text).unwrap_or_else(|err| panic!("{err}"));
        for law in Law::ALL {
            assert_eq!(words.law(*law).id, law.as_str());
        }
        for category in CATEGORIES {
            assert!(words.category(category).is_some(), "{code}: {category}");
        }
    }
    for (code, _) in FILES {
        assert!(
            Language::parse(code).is_some(),
            "src/lang/{code}.toml is no `Language` variant's: add one to the enum"
        );
    }
}

#[test]
fn a_missing_key_names_the_language_the_law_and_the_key() {
    let text = english_with("\ncitation = ", "\n# citation = ");
    let err = parse("xx", &text).unwrap_err();
    assert!(err.contains("`xx`"), "{err}");
    assert!(err.contains("src/lang/xx.toml"), "{err}");
    assert!(err.contains("[law.gdpr]"), "{err}");
    assert!(err.contains("missing field `citation`"), "{err}");

    let text = english_with("\ncitation = ", "\nciteation = ");
    let err = parse("xx", &text).unwrap_err();
    assert!(
        err.contains("[law.gdpr]: unknown field `citeation`"),
        "{err}"
    );

    let err = parse("xx", &english_with("bounced = ", "# bounced = ")).unwrap_err();
    assert!(
        err.contains("[history]") && err.contains("bounced"),
        "{err}"
    );
}

#[test]
fn unknown_and_incomplete_sections_are_errors() {
    let cases = [
        (english_with("[law.ccpa]", "[law.ccpaa]"), "[law.ccpaa]"),
        (
            english_with("\"health\" = ", "\"healthy\" = "),
            "`healthy`, which is no built-in category",
        ),
        (
            english_with("\"health\" = ", "# \"health\" = "),
            "no label for `health`",
        ),
        (english_with("\"January\",\n", ""), "[format]"),
        (
            english_with("{day}\\u00A0{month} {year}", "{day} {month}"),
            "`{year}`",
        ),
        (
            english_with("[categories]", "[kategorien]"),
            "no [categories] section",
        ),
        (
            format!("{}\n[extra]\n", include_str!("en.toml")),
            "unknown section `extra`",
        ),
    ];
    for (text, expected) in cases {
        let err = parse("xx", &text).unwrap_err();
        assert!(err.contains(expected), "{expected}: {err}");
    }
}

#[test]
fn a_category_label_is_the_languages_and_a_custom_one_its_name() {
    assert_eq!(
        category_label("contact.email", Language::En),
        "e-mail addresses"
    );
    assert_eq!(
        category_label("contact.email", Language::De),
        "E-Mail-Adressen"
    );
    assert_eq!(category_label("custom.punkte", Language::Nb), "punkte");
    assert_eq!(
        category_label("unknown.thing", Language::En),
        "unknown.thing"
    );
}

#[test]
fn a_marked_blank_is_found_in_every_language_and_nothing_else_is() {
    let text = "Dear X,\n[TO FILL IN: the likely\nconsequences] and [AUSZUFÜLLEN, falls geschehen: x] \
        and [FYLL INN: y]; [TO FILL INTO] and [reference] are not blanks.";
    assert_eq!(
        blanks(text),
        [
            "[TO FILL IN: the likely\nconsequences]",
            "[AUSZUFÜLLEN, falls geschehen: x]",
            "[FYLL INN: y]"
        ]
    );
    assert!(blanks("no blanks here").is_empty());
}
