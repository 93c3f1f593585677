//! The one check of what linger prints about phishing: no live link, no
//! live name. Shared by `tests/defang.rs` and `tests/phish.rs`
//! (`#[path]`), so both judge by the same rule.
//!
//! A name is live when it is written so that a mail client, a terminal or
//! a browser could open it: its dots as dots in any spelling a host can
//! take (ASCII, the three IDNA maps to a dot, percent-encoded, HTML
//! references), whatever its case. `evil[.]example` is not live. Any
//! `http://` or `https://`, in any case, is a live scheme.
#![allow(dead_code)]

use serde_json::Value;

/// `text` as a link opener reads it: lower case, and every spelling of a
/// dot or a colon as the character.
fn as_opened(text: &str) -> String {
    let mut text = text.to_lowercase();
    for (spelled, plain) in [
        ("\u{3002}", "."),
        ("\u{ff0e}", "."),
        ("\u{ff61}", "."),
        ("%2e", "."),
        ("&#46;", "."),
        ("&#046;", "."),
        ("&#x2e;", "."),
        ("&period;", "."),
        ("%3a", ":"),
        ("&#58;", ":"),
        ("&colon;", ":"),
        ("%2f", "/"),
        ("&sol;", "/"),
    ] {
        text = text.replace(spelled, plain);
    }
    text
}

fn name_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '-'
}

/// Every live form in `text` of the names in `names` (registrable domains
/// or hosts: a subdomain of one is live too), and every live scheme.
/// Empty when nothing is live.
pub fn live(text: &str, names: &[&str]) -> Vec<String> {
    let opened = as_opened(text);
    let mut found = Vec::new();
    for scheme in ["http://", "https://"] {
        for (at, _) in opened.match_indices(scheme) {
            let end = (at + 60).min(opened.len());
            let end = (end..=opened.len())
                .find(|&e| opened.is_char_boundary(e))
                .unwrap_or(opened.len());
            found.push(format!("live scheme: {}", &opened[at..end]));
        }
    }
    for name in names {
        let name = name.to_lowercase();
        for (at, _) in opened.match_indices(&name) {
            let before = opened[..at].chars().next_back();
            let after = opened[at + name.len()..].chars().next();
            let after_next = opened[at + name.len()..].chars().nth(1);
            let starts = before.is_none_or(|c| !name_char(c));
            // Not when more of a name follows (`evil.example.com`).
            let continues =
                |c: char| name_char(c) || (c == '.' && after_next.is_some_and(name_char));
            let ends = after.is_none_or(|c| !continues(c));
            if starts && ends {
                let from = opened[..at]
                    .char_indices()
                    .rev()
                    .take(30)
                    .last()
                    .map_or(0, |(i, _)| i);
                found.push(format!("live {name}: …{}", &opened[from..at + name.len()]));
            }
        }
    }
    found
}

/// Fails the test, naming each live form, unless nothing in `text` is.
#[track_caller]
pub fn assert_none_live(what: &str, text: &str, names: &[&str]) {
    let found = live(text, names);
    assert!(
        found.is_empty(),
        "{what} prints live links or names:\n{}\n---\n{text}",
        found.join("\n")
    );
}

/// The JSON of `phish --format json` without the fields that carry a
/// name as it is for scripts (`domain`, `host`), after checking that each
/// has its `defanged` form beside it; what remains is checked like text.
#[track_caller]
pub fn assert_none_live_in_json(report: &Value, names: &[&str]) {
    fn strip(value: &Value) -> Value {
        match value {
            Value::Object(map) => {
                let mut out = serde_json::Map::new();
                for (key, field) in map {
                    if matches!(key.as_str(), "domain" | "host") && !field.is_null() {
                        let defanged = map.get("defanged").and_then(Value::as_str);
                        let real = field.as_str().unwrap_or_default();
                        assert!(
                            defanged.is_some(),
                            "`{key}: {real}` has no `defanged` beside it"
                        );
                        // A name with no dot (a greeting like
                        // `win-8k2l3q7`) is no link.
                        assert!(
                            !real.contains('.') || live(defanged.unwrap(), &[real]).is_empty(),
                            "`defanged` of {real} is live: {}",
                            defanged.unwrap()
                        );
                        continue;
                    }
                    out.insert(key.clone(), strip(field));
                }
                Value::Object(out)
            }
            Value::Array(items) => Value::Array(items.iter().map(strip).collect()),
            other => other.clone(),
        }
    }
    let rest = serde_json::to_string_pretty(&strip(report)).unwrap();
    assert_none_live("the JSON (past `domain` and `host`)", &rest, names);
}

#[test]
fn the_check_finds_each_live_form_and_passes_the_defanged_ones() {
    let names = ["evil.example"];
    for live_form in [
        "see evil.example now",
        "https://x.example/?u=EVIL.EXAMPLE",
        "login.evil.example",
        "evil\u{3002}example",
        "evil%2Eexample",
        "evil&#46;example",
        "evil&period;example",
        "HTTPS://anything",
    ] {
        assert!(!live(live_form, &names).is_empty(), "{live_form}");
    }
    for dead in [
        "evil[.]example",
        "hxxps://login[.]evil[.]example/x",
        "notevil.example",
        "evil.examples",
        "evil.example.com.x",
    ] {
        assert!(live(dead, &names).is_empty(), "{dead}");
    }
}
