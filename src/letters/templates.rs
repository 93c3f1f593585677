//! The letter templates: one per kind and language, embedded in the binary,
//! rendered with minijinja. A file `letters/KIND.LANG.txt` beside the
//! inventory replaces the built-in one (the caller reads it; this module
//! only renders text it is given).
//!
//! A template's first line is `Subject: ...`, then a blank line, then the
//! body. Undefined variables are errors, never empty strings, so a typo in a
//! template cannot send a letter with a hole in it.

use minijinja::syntax::SyntaxConfig;
use minijinja::{AutoEscape, Environment, UndefinedBehavior};

use serde::Serialize;

use super::Kind;
use super::dates::and_list;
use crate::diagnostic::Diagnostic;
use crate::inventory::Language;

/// A template's text and the name errors show for it.
#[derive(Debug, Clone)]
pub struct Template {
    /// `letters/request.en.txt` for a user's file, `built-in request.en.txt`
    /// for one of linger's own.
    pub name: String,
    pub text: String,
}

impl Template {
    pub fn builtin(kind: Kind, language: Language) -> Self {
        Self {
            name: format!("built-in {}", file_name(kind, language)),
            text: builtin_text(kind, language).to_string(),
        }
    }
}

/// `request.en.txt`.
pub fn file_name(kind: Kind, language: Language) -> String {
    format!("{kind}.{language}.txt")
}

/// `(file name, text)` of every file in `templates/`, embedded by build.rs:
/// a kind's template in a language is found by its name, `KIND.CODE.txt`.
const BUILTIN: &[(&str, &str)] = include!(concat!(env!("OUT_DIR"), "/templates.rs"));

fn builtin_text(kind: Kind, language: Language) -> &'static str {
    let name = file_name(kind, language);
    match BUILTIN.iter().find(|(file, _)| *file == name) {
        Some((_, text)) => text,
        // The unit tests find a template for every kind and language.
        None => panic!("no built-in letter template src/letters/templates/{name}"),
    }
}

/// A rendered letter, before addressing.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub subject: String,
    pub body: String,
}

/// A template that could not be rendered: where and why.
#[derive(Debug, Clone)]
pub struct TemplateError {
    pub template: Template,
    pub diagnostic: Diagnostic,
}

/// The filters templates may use besides minijinja's built-in ones.
pub const FILTERS: &[(&str, &str)] = &[(
    "and_list",
    "joins a list as the letter's language does: `a, b and c`, `a, b und c`, `a, b og c`",
)];

/// The work one rendering may do: about a million steps, or 64 MB of
/// values (minijinja charges allocations as fuel). Every built-in template
/// renders within 10,000, 1% of it.
const FUEL: u64 = 1_000_000;

/// How deep macros and nested blocks may call each other.
const RECURSION_LIMIT: usize = 100;

/// The longest letter a template may write: 1 MB.
pub const MAX_OUTPUT: usize = 1 << 20;

/// Renders `template` with `context`: a letter's `Context`, or another
/// kind's own variables (`breach_notification::Context`).
pub fn render<C: Serialize>(
    template: &Template,
    context: &C,
    language: Language,
) -> Result<Rendered, Box<TemplateError>> {
    let fail = |diagnostic: Diagnostic| {
        Box::new(TemplateError {
            template: template.clone(),
            diagnostic,
        })
    };
    let mut env = Environment::new();
    env.set_undefined_behavior(UndefinedBehavior::Strict);
    env.set_auto_escape_callback(|_| AutoEscape::None);
    env.set_syntax(
        SyntaxConfig::builder()
            .trim_blocks(true)
            .lstrip_blocks(true)
            .keep_trailing_newline(true)
            .build()
            .expect("the default delimiters are valid"),
    );
    env.add_filter("and_list", move |items: Vec<String>| {
        and_list(&items, language)
    });
    // A template in the repository is code anyone with commit rights can
    // change: bound its work, its memory and its output, so that a loop
    // that never ends or a string that doubles is an error, not a hang.
    env.set_fuel(Some(FUEL));
    env.set_recursion_limit(RECURSION_LIMIT);
    let rendered = env
        .template_from_named_str(&template.name, &template.text)
        .and_then(|t| t.render(minijinja::value::Serde(context)))
        .map_err(|err| fail(diagnostic(&err, &template.text, context)))?;
    if rendered.len() > MAX_OUTPUT {
        return Err(fail(
            Diagnostic::error(format!(
                "the template wrote {} bytes; a letter is at most {} bytes",
                rendered.len(),
                MAX_OUTPUT
            ))
            .at(0..0, "in this template")
            .help("a letter this long comes from a loop that repeats too often; check the template's `{% for %}` loops"),
        ));
    }
    split(&rendered).ok_or_else(|| {
        fail(
            Diagnostic::error("a letter template must start with a `Subject:` line")
                .at(0..0, "expected `Subject: ...` here")
                .help("write the subject on the first line, then a blank line, then the letter"),
        )
    })
}

fn diagnostic(err: &minijinja::Error, text: &str, context: &impl Serialize) -> Diagnostic {
    let what = err.detail().unwrap_or("cannot render").to_string();
    let hint = (err.kind() == minijinja::ErrorKind::UndefinedError)
        .then(|| did_you_mean(&what, context))
        .flatten();
    let message = match err.kind() {
        minijinja::ErrorKind::UndefinedError => {
            format!("{what}: the template names a variable that letters do not have")
        }
        minijinja::ErrorKind::OutOfFuel => format!(
            "the template did more work than a letter needs (a budget of {FUEL} steps or about 64 MB) and was stopped"
        ),
        _ if what.contains("recursion limit") => {
            format!("the template nests calls deeper than {RECURSION_LIMIT} levels and was stopped")
        }
        minijinja::ErrorKind::SyntaxError => format!("template syntax error: {what}"),
        _ => format!("{}: {what}", err.kind()),
    };
    let span = err.range().or_else(|| {
        // Without a range, point at the start of the line.
        let line = err.line()?;
        let start = text
            .split_inclusive('\n')
            .take(line.saturating_sub(1))
            .map(str::len)
            .sum::<usize>();
        Some(start..start)
    });
    let help = match hint {
        Some(best) => format!("did you mean `{best}`? (docs/letters.md lists every variable)"),
        None if err.kind() == minijinja::ErrorKind::OutOfFuel || what.contains("recursion") => {
            "look for a loop over a large `range()`, a macro that calls itself, or a string that keeps growing".to_string()
        }
        None => "docs/letters.md lists every variable and filter a template can use".to_string(),
    };
    let diag = Diagnostic::error(message).help(help);
    match span {
        Some(span) => diag.at(span, "here"),
        None => diag,
    }
}

/// For "`vendor.acount` is undefined", the closest name that exists:
/// `vendor.account`.
fn did_you_mean(detail: &str, context: &impl Serialize) -> Option<String> {
    let name = detail.split('`').nth(1)?;
    let (parent, last) = match name.rsplit_once('.') {
        Some((parent, last)) => (Some(parent), last),
        None => (None, name),
    };
    let root = serde_json::to_value(context).ok()?;
    let mut node = &root;
    for part in parent.into_iter().flat_map(|p| p.split('.')) {
        node = node.get(part)?;
    }
    let keys = node.as_object()?.keys().map(String::as_str);
    let best = crate::suggest::closest(last, keys)?;
    Some(match parent {
        Some(parent) => format!("{parent}.{best}"),
        None => best.to_string(),
    })
}

/// The width letters are wrapped to: what plain-text mail readers expect.
const WIDTH: usize = 72;

/// Splits `Subject: ...` from the body and tidies the body: lines wrapped
/// at 72 columns (list items with a hanging indent), no trailing spaces, no
/// runs of blank lines (left by conditional parts), one final newline.
fn split(rendered: &str) -> Option<Rendered> {
    let (first, rest) = rendered.split_once('\n').unwrap_or((rendered, ""));
    let subject = first
        .trim_end()
        .strip_prefix("Subject:")?
        .trim()
        .to_string();
    let mut body = String::with_capacity(rest.len());
    let mut blank_run = 0;
    for line in rest.lines() {
        let line = line.trim_end();
        if line.is_empty() {
            blank_run += 1;
            continue;
        }
        if !body.is_empty() && blank_run > 0 {
            body.push('\n');
        }
        blank_run = 0;
        body.push_str(&wrap(line));
        body.push('\n');
    }
    Some(Rendered { subject, body })
}

/// One line wrapped to `WIDTH`. Words longer than a line (addresses, URLs)
/// are never split.
fn wrap(line: &str) -> String {
    if line.chars().count() <= WIDTH {
        return line.to_string();
    }
    let indent = list_marker(line).map_or(0, |marker| marker.chars().count());
    let hanging = " ".repeat(indent);
    let options = textwrap::Options::new(WIDTH)
        .subsequent_indent(&hanging)
        .break_words(false)
        // Only at spaces: never inside a URL, an address or a hyphenated
        // account name, never at a no-break space.
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation);
    textwrap::fill(&bind_citations(line), options).replace(BOUND, " ")
}

/// Stands for a space no line may break at while a line is wrapped; a
/// private-use character, so a no-break space the text itself holds stays.
const BOUND: char = '\u{E000}';

/// `line` with the spaces inside each citation bound to their words.
fn bind_citations(line: &str) -> String {
    let citations = crate::lang::citations();
    let words: Vec<&str> = line.split(' ').collect();
    let mut out = String::with_capacity(line.len());
    for (i, word) in words.iter().enumerate() {
        out.push_str(word);
        let Some(next) = words.get(i + 1) else {
            break;
        };
        let after_citing = citations.citing.contains(word) && !next.is_empty();
        let numbered = word.ends_with(|c: char| c.is_ascii_digit() || c == ')');
        let law = citations
            .laws
            .contains(&next.trim_end_matches([',', '.', ';', ':', ')']));
        let part = citations.parts.contains(next);
        out.push(if after_citing || (numbered && (law || part)) {
            BOUND
        } else {
            ' '
        });
    }
    out
}

/// `- ` or `12. ` at the start of a list item.
fn list_marker(line: &str) -> Option<&str> {
    if line.starts_with("- ") {
        return Some("- ");
    }
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (digits > 0 && line[digits..].starts_with(". ")).then(|| &line[..digits + 2])
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_body_is_tidied() {
        let r = split("Subject:  Hello \n\n\nDear X,  \n\n\n\nBye\n\n").unwrap();
        assert_eq!(r.subject, "Hello");
        assert_eq!(r.body, "Dear X,\n\nBye\n");
    }

    #[test]
    fn long_lines_wrap_with_a_hanging_indent_for_list_items() {
        let long = format!("1. {}", "word ".repeat(30));
        let wrapped = wrap(long.trim_end());
        assert!(wrapped.lines().all(|l| l.chars().count() <= WIDTH));
        assert!(wrapped.lines().skip(1).all(|l| l.starts_with("   word")));
        let hyphens = format!("{} sender-account-northwind-news", "a ".repeat(33));
        assert!(wrap(&hyphens).ends_with("\nsender-account-northwind-news"));
        let url = format!("see https://{}.example", "x".repeat(90));
        assert_eq!(
            wrap(&url),
            format!("see\nhttps://{}.example", "x".repeat(90))
        );
    }

    #[test]
    fn a_citation_is_never_broken_across_lines() {
        for citation in [
            "Art. 5 Abs. 2 DSGVO",
            "§ 10.1 PIPEDA",
            "Article 28(3)(g) GDPR",
        ] {
            // Every position of the citation in a line that must wrap.
            for pad in 0..WIDTH {
                let line = format!("{}{citation} and more words after it", "a ".repeat(pad / 2));
                let wrapped = wrap(&line);
                assert!(
                    wrapped.lines().any(|l| l.contains(citation)),
                    "{citation} at {pad}: {wrapped}"
                );
                assert!(!wrapped.contains(BOUND));
            }
        }
        // A no-break space of the text's own stays one.
        let own = format!("{}x\u{a0}y", "word ".repeat(20));
        assert!(wrap(&own).contains('\u{a0}'));
    }

    #[test]
    fn every_kind_has_a_template_in_every_language_and_no_file_is_stray() {
        let mut names = Vec::new();
        for kind in Kind::ALL {
            for language in Language::ALL {
                let template = Template::builtin(*kind, *language);
                assert!(template.text.starts_with("Subject:"), "{}", template.name);
                names.push(file_name(*kind, *language));
            }
        }
        for (file, _) in BUILTIN {
            assert!(
                names.iter().any(|name| name == file),
                "src/letters/templates/{file} is no kind's template in any language"
            );
        }
    }

    #[test]
    fn a_template_without_a_subject_is_refused() {
        assert!(split("Dear X\n").is_none());
    }
}
