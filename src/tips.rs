//! Clap's usage errors with linger's tips. Clap guesses a "similar" value
//! or subcommand by letters alone, and its guess can cross meaning (`mark
//! ID done` suggested `bounced`, `lettr` suggested `retire` first); here a
//! word people use for an event names the kind it means, and a spelling
//! tip is given only for a likely typo (`suggest::meant`).

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::suggest::{self, Meant};

/// `err` with its tip replaced by linger's.
pub fn improve(mut err: clap::Error) -> clap::Error {
    let (word, candidates, what) = match err.kind() {
        ErrorKind::InvalidValue => match (
            err.get(ContextKind::InvalidValue),
            err.get(ContextKind::ValidValue),
        ) {
            (Some(ContextValue::String(word)), Some(ContextValue::Strings(valid))) => {
                (word.clone(), valid.clone(), "value")
            }
            _ => return err,
        },
        // Clap offers only the subcommands it found similar; the typo rule
        // picks among them.
        ErrorKind::InvalidSubcommand => match (
            err.get(ContextKind::InvalidSubcommand),
            err.get(ContextKind::SuggestedSubcommand),
        ) {
            (Some(ContextValue::String(word)), Some(ContextValue::Strings(similar))) => {
                (word.clone(), similar.clone(), "subcommand")
            }
            _ => return err,
        },
        _ => return err,
    };
    err.remove(ContextKind::SuggestedValue);
    err.remove(ContextKind::SuggestedSubcommand);
    let tip = match suggest::meant(&word, &candidates) {
        Meant::Word(kind) => {
            format!("`{word}` is recorded as `{kind}`: did you mean `{kind}`?")
        }
        Meant::Spelling(near) if near.is_empty() => return err,
        Meant::Spelling(near) => format!(
            "a similar {what} exists: {}",
            suggest::quoted_list(&near[..near.len().min(2)])
        ),
    };
    err.insert(
        ContextKind::Suggested,
        ContextValue::StyledStrs(vec![StyledStr::from(tip)]),
    );
    err
}
