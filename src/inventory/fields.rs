//! Typed access to one TOML table, turning every wrong type, missing key,
//! quoted date or unknown key into a diagnostic that points at the text.
//!
//! Readers never stop at the first problem: they report it, return `None`,
//! and let the loader carry on so one run shows every mistake.

use chrono::NaiveDate;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

use super::model::{Language, Located, Span};
use crate::diagnostic::Diagnostic;
use crate::suggest;

pub(super) type Value<'i> = Spanned<DeValue<'i>>;

/// One table of the inventory and the keys it allows.
pub(super) struct Fields<'a, 'i> {
    table: &'a DeTable<'i>,
    /// Where to point when a key is missing: the table's header.
    header: Span,
    /// How messages name the table: "[organization]", "[[vendor]] `oldcrm`".
    pub what: String,
}

impl<'a, 'i> Fields<'a, 'i> {
    pub fn new(table: &'a DeTable<'i>, header: Span, what: impl Into<String>) -> Self {
        Self {
            table,
            header,
            what: what.into(),
        }
    }

    pub fn header(&self) -> Span {
        self.header.clone()
    }

    pub fn get(&self, key: &str) -> Option<&'a Value<'i>> {
        self.table.get(key)
    }

    /// Reports every key outside `allowed`, with a suggestion when one is
    /// close. `explain` may give a better help for a key it recognises.
    pub fn deny_unknown(
        &self,
        allowed: &[&str],
        diags: &mut Vec<Diagnostic>,
        explain: impl Fn(&str) -> Option<String>,
    ) {
        for (key, _) in self.table.iter() {
            let name: &str = key.get_ref();
            if allowed.contains(&name) {
                continue;
            }
            let help = explain(name)
                .unwrap_or_else(|| suggest::hint(name, &format!("{} takes", self.what), allowed));
            let diag =
                Diagnostic::error(format!("unknown key `{name}` in {}", self.what)).help(help);
            let diag = if names_a_secret(name) {
                diag.at(
                    key.span(),
                    "not a field linger knows (the line is not shown: it may hold a secret)",
                )
                .hiding_the_line()
            } else {
                diag.at(key.span(), "not a field linger knows")
            };
            diags.push(diag);
        }
    }

    pub fn missing(&self, key: &str, example: &str, diags: &mut Vec<Diagnostic>) {
        diags.push(
            Diagnostic::error(format!("{} has no `{key}`", self.what))
                .at(self.header(), format!("`{key}` is required here"))
                .help(format!("add a line such as `{key} = {example}`")),
        );
    }

    pub fn string(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Located<String>> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::String(text) => Some(Located::new(text.to_string(), value.span())),
            other => {
                diags.push(wrong_type(key, "a string", other, value.span()));
                None
            }
        }
    }

    /// Free text that may span lines (notes, reasons, a postal address): line
    /// breaks and tabs are fine, every other control character is refused,
    /// since printed on a terminal it could move the cursor, rewrite the
    /// window title, set the clipboard or fake a link.
    pub fn text(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Located<String>> {
        let text = self.string(key, diags)?;
        let mut chars = text.value.chars().peekable();
        while let Some(c) = chars.next() {
            let allowed = matches!(c, '\n' | '\t') || (c == '\r' && chars.peek() == Some(&'\n'));
            if c.is_control() && !allowed {
                diags.push(
                    Diagnostic::error(format!("`{key}` contains a control character"))
                        .at(text.span.clone(), format!("contains {}", describe_char(c)))
                        .help("remove it: line breaks and tabs are fine, but other control characters can rewrite a terminal when the text is shown"),
                );
                return None;
            }
        }
        Some(text)
    }

    /// A string that may reach an e-mail header, so it must not contain a
    /// line break or any other control character.
    pub fn line(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Located<String>> {
        let text = self.string(key, diags)?;
        if let Some(c) = text.value.chars().find(|c| c.is_control()) {
            diags.push(
                Diagnostic::error(format!("`{key}` must be a single line of text"))
                    .at(text.span.clone(), format!("contains {}", describe_char(c)))
                    .help("remove the line break: this text can end up in an e-mail header, where a line break would start a new header"),
            );
            return None;
        }
        Some(text)
    }

    pub fn required_line(
        &self,
        key: &str,
        example: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Located<String>> {
        if self.get(key).is_none() {
            self.missing(key, example, diags);
            return None;
        }
        self.line(key, diags)
    }

    pub fn integer(
        &self,
        key: &str,
        range: std::ops::RangeInclusive<i64>,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Located<i64>> {
        let value = self.get(key)?;
        let number = match value.get_ref() {
            DeValue::Integer(int) => i64::from_str_radix(int.as_str(), int.radix()).ok(),
            other => {
                diags.push(wrong_type(key, "a whole number", other, value.span()));
                return None;
            }
        };
        match number {
            Some(n) if range.contains(&n) => Some(Located::new(n, value.span())),
            _ => {
                diags.push(
                    Diagnostic::error(format!(
                        "`{key}` must be between {} and {}",
                        range.start(),
                        range.end()
                    ))
                    .at(value.span(), "out of range"),
                );
                None
            }
        }
    }

    pub fn bool(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<bool> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Boolean(b) => Some(*b),
            other => {
                diags.push(wrong_type(key, "true or false", other, value.span()));
                None
            }
        }
    }

    pub fn date(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Located<NaiveDate>> {
        let value = self.get(key)?;
        date_value(key, value, diags).map(|date| Located::new(date, value.span()))
    }

    pub fn string_array(
        &self,
        key: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Option<Located<Vec<Located<String>>>> {
        let value = self.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            diags.push(
                wrong_type(key, "a list of strings", value.get_ref(), value.span())
                    .help(format!("write a list: `{key} = [\"…\", \"…\"]`")),
            );
            return None;
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::String(text) if !text.chars().any(char::is_control) => {
                    out.push(Located::new(text.to_string(), item.span()));
                }
                DeValue::String(_) => diags.push(
                    Diagnostic::error(format!("an entry of `{key}` spans more than one line"))
                        .at(item.span(), "contains a control character")
                        .help("write each entry on one line"),
                ),
                other => diags.push(wrong_type(
                    &format!("each entry of `{key}`"),
                    "a string",
                    other,
                    item.span(),
                )),
            }
        }
        Some(Located::new(out, value.span()))
    }

    /// A list of TOML local dates, in the order written.
    pub fn date_array(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Vec<NaiveDate>> {
        let value = self.get(key)?;
        let DeValue::Array(items) = value.get_ref() else {
            diags.push(
                wrong_type(key, "a list of dates", value.get_ref(), value.span())
                    .help(format!("write a list: `{key} = [2026-12-24, 2026-12-31]`")),
            );
            return None;
        };
        let entry = format!("each entry of `{key}`");
        Some(
            items
                .iter()
                .filter_map(|item| date_value(&entry, item, diags))
                .collect(),
        )
    }

    /// A sub-table, written as `[name]` or as an inline table.
    pub fn table(&self, key: &str, diags: &mut Vec<Diagnostic>) -> Option<(&'a DeTable<'i>, Span)> {
        let value = self.get(key)?;
        match value.get_ref() {
            DeValue::Table(table) => Some((table, value.span())),
            other => {
                diags.push(
                    wrong_type(key, "a table", other, value.span()).help(format!(
                        "start a table with a `[{key}]` line, or write `{key} = {{ … }}`"
                    )),
                );
                None
            }
        }
    }

    /// A list of tables, written as `[[header]]` blocks (`header` is the
    /// full dotted name, e.g. `vendor.event`, for the hint).
    pub fn tables(
        &self,
        key: &str,
        header: &str,
        diags: &mut Vec<Diagnostic>,
    ) -> Vec<(&'a DeTable<'i>, Span)> {
        let Some(value) = self.get(key) else {
            return Vec::new();
        };
        let DeValue::Array(items) = value.get_ref() else {
            diags.push(
                wrong_type(key, "a list of tables", value.get_ref(), value.span()).help(format!(
                    "each entry starts with a `[[{header}]]` line (double brackets)"
                )),
            );
            return Vec::new();
        };
        let mut out = Vec::with_capacity(items.len());
        for item in items.iter() {
            match item.get_ref() {
                DeValue::Table(table) => out.push((table, item.span())),
                other => diags.push(wrong_type(
                    &format!("each entry of `{key}`"),
                    "a table",
                    other,
                    item.span(),
                )),
            }
        }
        out
    }
}

/// A TOML local date. A quoted date or a date with a time is an error that
/// says how to write it.
pub(super) fn date_value(
    key: &str,
    value: &Value<'_>,
    diags: &mut Vec<Diagnostic>,
) -> Option<NaiveDate> {
    match value.get_ref() {
        DeValue::Datetime(dt) => match (dt.date, dt.time) {
            (Some(date), None) => {
                let parsed = NaiveDate::from_ymd_opt(
                    i32::from(date.year),
                    u32::from(date.month),
                    u32::from(date.day),
                );
                let range = crate::terms::accepted_dates();
                match parsed {
                    None => diags.push(
                        Diagnostic::error(format!("`{key}` is not a date in the calendar"))
                            .at(value.span(), "no such day"),
                    ),
                    Some(date) if !range.contains(&date) => {
                        diags.push(
                            Diagnostic::error(format!(
                                "`{key}` is outside the dates linger accepts"
                            ))
                            .at(
                                value.span(),
                                format!("not between {} and {}", range.start(), range.end()),
                            )
                            .help("check the year"),
                        );
                        return None;
                    }
                    Some(_) => {}
                }
                parsed
            }
            (Some(date), Some(_)) => {
                diags.push(
                    Diagnostic::error(format!("`{key}` must be a date without a time"))
                        .at(value.span(), "has a time of day")
                        .help(format!(
                            "write the day only: `{key} = {:04}-{:02}-{:02}`",
                            date.year, date.month, date.day
                        )),
                );
                None
            }
            (None, _) => {
                diags.push(
                    Diagnostic::error(format!("`{key}` must be a date"))
                        .at(value.span(), "a time of day, not a date")
                        .help(format!("write a date: `{key} = 2021-03-01`")),
                );
                None
            }
        },
        DeValue::String(text) if looks_like_date(text) => {
            diags.push(
                Diagnostic::error(format!("`{key}` is a quoted string, not a date"))
                    .at(value.span(), "dates are written without quotes")
                    .help(format!("remove the quotes: `{key} = {text}`")),
            );
            None
        }
        other => {
            diags.push(
                wrong_type(key, "a date", other, value.span())
                    .help(format!("write a date without quotes: `{key} = 2021-03-01`")),
            );
            None
        }
    }
}

fn looks_like_date(text: &str) -> bool {
    let t = text.trim();
    t.len() >= 8 && t.len() <= 30 && t.as_bytes()[0].is_ascii_digit() && t.contains('-')
}

pub(super) fn wrong_type(key: &str, expected: &str, found: &DeValue<'_>, span: Span) -> Diagnostic {
    Diagnostic::error(format!("`{key}` must be {expected}"))
        .at(span, format!("this is {}", type_name(found)))
}

fn type_name(value: &DeValue<'_>) -> &'static str {
    match value {
        DeValue::String(_) => "a string",
        DeValue::Integer(_) => "a whole number",
        DeValue::Float(_) => "a decimal number",
        DeValue::Boolean(_) => "a boolean",
        DeValue::Datetime(_) => "a date or time",
        DeValue::Array(_) => "a list",
        DeValue::Table(_) => "a table",
    }
}

fn describe_char(c: char) -> String {
    match c {
        '\n' => "a line feed (LF)".into(),
        '\r' => "a carriage return (CR)".into(),
        '\t' => "a tab".into(),
        c => format!("the control character U+{:04X}", u32::from(c)),
    }
}
/// Reads a keyword such as a law or a language, suggesting the closest
/// valid one for a typo.
pub(super) fn keyword<T>(
    fields: &Fields<'_, '_>,
    key: &str,
    parse: fn(&str) -> Option<T>,
    names: &[&str],
    diags: &mut Vec<Diagnostic>,
) -> Option<T> {
    let text = fields.string(key, diags)?;
    let parsed = parse(&text.value);
    if parsed.is_none() {
        diags.push(
            Diagnostic::error(format!("`{}` is not a valid `{key}`", text.value))
                .at(
                    text.span,
                    format!("expected one of {}", suggest::quoted_list(names)),
                )
                .help(suggest::hint(
                    &text.value,
                    &format!("`{key}` is one of"),
                    names,
                )),
        );
    }
    parsed
}

/// A `language` key: `en`, `de` or `nb`.
pub(super) fn language(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Language> {
    keyword(
        fields,
        "language",
        Language::parse,
        &Language::names(),
        diags,
    )
}

/// A single-line e-mail address field.
pub(super) fn email(
    fields: &Fields<'_, '_>,
    key: &str,
    required: bool,
    diags: &mut Vec<Diagnostic>,
) -> Option<Located<String>> {
    let address = if required {
        fields.required_line(key, "\"privacy@example.com\"", diags)?
    } else {
        fields.line(key, diags)?
    };
    let problem = crate::address::email_problem(&address.value).or_else(|| {
        let local = crate::address::local(&address.value).unwrap_or("");
        // Sending to it would need SMTPUTF8, which linger does not speak.
        (!local.is_ascii()).then_some("the part before the `@` is not ASCII")
    });
    if let Some(problem) = problem {
        diags.push(
            Diagnostic::error(format!("`{key}` is not an e-mail address linger can write to"))
                .at(address.span, problem)
                .help(format!(
                    "write one plain address: `{key} = \"privacy@example.com\"` (an international domain is fine; the part before the `@` must be ASCII)"
                )),
        );
        return None;
    }
    Some(address)
}

/// Whether a key's name says its value is a secret (`password`,
/// `smtp_pass`, `api_token`…): its line is never shown in an error.
pub(super) fn names_a_secret(key: &str) -> bool {
    let key = key.to_ascii_lowercase();
    ["pass", "secret", "token", "credential"]
        .iter()
        .any(|word| key.contains(word))
}
