//! A letter as plain text or Markdown, for reading, pasting or printing.
//! (`letters::eml` writes it as an e-mail.)

use crate::letters::{Letter, Party};

/// Mail-like headers, a blank line, the body.
pub fn text(letter: &Letter, date: &str) -> String {
    format!(
        "From: {}\nTo: {}\nDate: {date}\nSubject: {}\n\n{}",
        party(&letter.from),
        party(&letter.to),
        letter.subject,
        letter.body
    )
}

/// The subject as a heading, the headers as a list, the body as it is
/// (its lists are Markdown lists already).
pub fn markdown(letter: &Letter, date: &str) -> String {
    format!(
        "# {}\n\n- **From:** {}\n- **To:** {}\n- **Date:** {date}\n\n---\n\n{}",
        letter.subject,
        markdown_party(&letter.from),
        markdown_party(&letter.to),
        letter.body
    )
}

fn party(party: &Party) -> String {
    if party.name.is_empty() {
        party.email.clone()
    } else {
        format!("{} <{}>", party.name, party.email)
    }
}

/// Angle brackets would read as HTML in Markdown.
fn markdown_party(party: &Party) -> String {
    if party.name.is_empty() {
        party.email.clone()
    } else {
        format!("{} ({})", party.name, party.email)
    }
}
