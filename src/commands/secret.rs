//! `linger secret set|status|delete NAME`: the SMTP password (or another
//! secret) in the OS keyring. The value is read from a prompt that does not
//! echo, or from standard input when it is piped, and is never printed.

use std::io::{IsTerminal, Read, Write};

use super::{Context, Outcome};
use crate::cli::SecretCommand;
use crate::error::{Error, Failure};
use crate::output;
use crate::secrets::{Keyring, Secret};

pub fn run(ctx: &Context, command: SecretCommand) -> Result<Outcome, Error> {
    let (SecretCommand::Set(args) | SecretCommand::Status(args) | SecretCommand::Delete(args)) =
        &command;
    // A failure names this secret's own variable in its hint.
    let name = args.name.clone();
    let failed = |e| Error::secret(e, &name);
    let keyring = Keyring::open().map_err(failed)?;
    let mut err = output::stderr();
    match &command {
        SecretCommand::Set(args) => {
            let value = read_value(&args.name)?;
            keyring.set(&args.name, &value).map_err(failed)?;
            if !ctx.quiet {
                writeln!(
                    err,
                    "Stored `{}` in {}.",
                    args.name,
                    keyring.store().describe()
                )?;
            }
            Ok(Outcome::Success)
        }
        SecretCommand::Status(args) => {
            let status = keyring.status(&args.name).map_err(failed)?;
            let mut out = output::stdout();
            let keyring_line = match &status.keyring {
                Ok(true) => format!("stored in {}", status.store),
                Ok(false) => format!("not in {}", status.store),
                Err(reason) => format!("unknown: {reason}"),
            };
            let env_line = if status.in_environment {
                format!("{} is set", status.variable)
            } else {
                format!("{} is not set", status.variable)
            };
            writeln!(
                out,
                "{}: keyring: {keyring_line}; environment: {env_line}",
                args.name
            )?;
            out.flush()?;
            let found = status.keyring == Ok(true) || status.in_environment;
            if !found && !ctx.quiet {
                writeln!(
                    err,
                    "  help: store it with `linger secret set {}`, or set {} for a CI job",
                    args.name, status.variable
                )?;
            }
            Ok(if found {
                Outcome::Success
            } else {
                Outcome::Findings
            })
        }
        SecretCommand::Delete(args) => {
            let deleted = keyring.delete(&args.name).map_err(failed)?;
            if !ctx.quiet {
                if deleted {
                    writeln!(
                        err,
                        "Deleted `{}` from {}.",
                        args.name,
                        keyring.store().describe()
                    )?;
                } else {
                    writeln!(
                        err,
                        "`{}` was not in {}; nothing to delete.",
                        args.name,
                        keyring.store().describe()
                    )?;
                }
            }
            Ok(Outcome::Success)
        }
    }
}

/// The value from a no-echo prompt on a terminal, else all of standard
/// input without its final line break.
fn read_value(name: &str) -> Result<Secret, Error> {
    let value = if std::io::stdin().is_terminal() {
        rpassword::prompt_password(format!("Value for `{name}` (not shown): "))?
    } else {
        let mut text = String::new();
        std::io::stdin().read_to_string(&mut text)?;
        let trimmed = text.strip_suffix('\n').unwrap_or(&text);
        trimmed.strip_suffix('\r').unwrap_or(trimmed).to_string()
    };
    if value.is_empty() {
        return Err(Error::failed(
            Failure::Secret,
            format!("no value for `{name}`: nothing was stored"),
            format!(
                "type it at the prompt, or pipe it in: `printf %s \"$VALUE\" | linger secret set {name}`"
            ),
        ));
    }
    Ok(Secret::new(value))
}
