//! Clap's usage errors with linger's tips. Clap guesses a "similar" value
//! or subcommand by letters alone, and its guess can cross meaning (`mark
//! ID done` suggested `bounced`, `lettr` suggested `retire` first); here a
//! word people use for an event names the kind it means, and a spelling
//! tip is given only for a likely typo (`suggest::meant`).

use clap::builder::StyledStr;
use clap::error::{ContextKind, ContextValue, ErrorKind};

use crate::suggest::{self, Meant};

/// `err` with its tip replaced by linger's. `cmd` is the whole command
/// line's definition and `args` the words typed, to find the subcommand an
/// unknown flag was given to.
pub fn improve(mut err: clap::Error, cmd: &clap::Command, args: &[String]) -> clap::Error {
    if err.kind() == ErrorKind::UnknownArgument {
        return format_flag(err, cmd, args);
    }
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

/// `--json` (or `--csv`, `--markdown`...) for a subcommand whose `--format`
/// takes that value: the tip names `--format json`.
fn format_flag(mut err: clap::Error, cmd: &clap::Command, args: &[String]) -> clap::Error {
    let Some(ContextValue::String(flag)) = err.get(ContextKind::InvalidArg) else {
        return err;
    };
    let Some(value) = flag.strip_prefix("--").map(str::to_string) else {
        return err;
    };
    let subcommand = args
        .iter()
        .skip(1)
        .find_map(|word| cmd.find_subcommand(word));
    let takes = subcommand
        .and_then(|sub| sub.get_arguments().find(|a| a.get_long() == Some("format")))
        .is_some_and(|format| {
            format
                .get_possible_values()
                .iter()
                .any(|v| v.get_name() == value)
        });
    if takes {
        err.insert(
            ContextKind::Suggested,
            ContextValue::StyledStrs(vec![StyledStr::from(format!(
                "the output format is chosen with `--format {value}`"
            ))]),
        );
    }
    err
}
