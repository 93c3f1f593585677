//! The ways a command can fail to run (exit status 2), and how each is
//! reported. Findings are not errors: they are results (exit status 1).

use std::io::{self, Write};
use std::path::PathBuf;

use crate::diagnostic::Diagnostic;
use crate::inventory::{FILE_NAME, Source};
use crate::output::diagnostics::DiagnosticRenderer;

/// Why a command failed, when no file, I/O or load error says it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Failure {
    /// The command line asks for something that cannot be done.
    Usage,
    /// A file named on the command line is not what the command needs.
    Input,
    /// No vendor has the id given.
    NoVendor,
    /// An edit was refused before anything was written.
    Edit,
    /// A letter cannot be written: the inventory or the options lack what
    /// it needs.
    Letter,
    /// The mail server did not take a letter, or a sent one could not be
    /// recorded.
    Send,
    /// The keyring could not be used, or holds no value.
    Secret,
    /// An online source could not be asked at all.
    Network,
}

#[derive(Debug)]
pub enum Error {
    /// No `-f`, no `LINGER_INVENTORY`, and no `vendors.toml` up the tree.
    NotFound { searched: Vec<PathBuf> },
    /// The inventory named by `-f` or `LINGER_INVENTORY` does not exist.
    NoInventory { path: PathBuf, err: io::Error },
    /// An input file (the inventory, or a file a flag names) could not be
    /// read.
    Read { path: PathBuf, err: io::Error },
    /// A file could not be written.
    Write { path: PathBuf, err: io::Error },
    /// The inventory was read but breaks the schema's rules.
    Invalid {
        source: Box<Source>,
        diagnostics: Vec<Diagnostic>,
    },
    /// An edit was refused: the inventory it would produce breaks a rule.
    /// `source` holds that would-be text, which the diagnostics point into.
    Refused {
        source: Box<Source>,
        diagnostics: Vec<Diagnostic>,
    },
    /// The command could not do what it was asked, for the reason
    /// `failure` names; `message` and `help` say it to a person.
    Failed {
        failure: Failure,
        message: String,
        help: Option<String>,
    },
    /// Writing the output failed (a closed pipe is handled by `main`).
    Io(io::Error),
}

impl Error {
    pub fn failed(failure: Failure, message: impl Into<String>, help: impl Into<String>) -> Self {
        Error::Failed {
            failure,
            message: message.into(),
            help: Some(help.into()),
        }
    }

    pub fn is_broken_pipe(&self) -> bool {
        matches!(self, Error::Io(err) if err.kind() == io::ErrorKind::BrokenPipe)
    }

    /// Writes the error for a person, to standard error.
    pub fn report(&self, out: &mut impl Write, renderer: &DiagnosticRenderer) -> io::Result<()> {
        let error = anstyle::AnsiColor::Red.on_default().bold();
        let help = anstyle::AnsiColor::Cyan.on_default().bold();
        let title =
            |out: &mut dyn Write, message: &str| writeln!(out, "{error}error{error:#}: {message}");
        let hint = |out: &mut dyn Write, text: &str| writeln!(out, "  {help}help{help:#}: {text}");
        match self {
            Error::NotFound { searched } => {
                title(
                    out,
                    &format!(
                        "no inventory found: there is no `{FILE_NAME}` here or in any parent directory"
                    ),
                )?;
                for dir in searched.iter().take(8) {
                    writeln!(out, "  looked in {}", dir.display())?;
                }
                hint(
                    out,
                    "create one with `linger init`, or name one with `-f PATH` or `LINGER_INVENTORY=PATH`",
                )
            }
            Error::NoInventory { path, err } => {
                title(
                    out,
                    &format!("cannot read `{}`: {}", path.display(), io_reason(err)),
                )?;
                hint(
                    out,
                    &format!(
                        "check the path, or create the inventory with `linger init {}`",
                        path.display()
                    ),
                )
            }
            // Any other file: `linger init` would write an inventory into
            // an address list or a message file, so it is never offered.
            Error::Read { path, err } => {
                title(
                    out,
                    &format!("cannot read `{}`: {}", path.display(), io_reason(err)),
                )?;
                if err.kind() == io::ErrorKind::NotFound {
                    hint(out, "check the path and the current directory")?;
                }
                Ok(())
            }
            Error::Write { path, err } => title(
                out,
                &format!("cannot write `{}`: {}", path.display(), io_reason(err)),
            ),
            Error::Invalid {
                source,
                diagnostics,
            } => {
                write_diagnostics(out, renderer, source, diagnostics)?;
                let n = diagnostics.len();
                title(
                    out,
                    &format!(
                        "could not load `{}`: {n} problem{}; nothing was changed",
                        source.display_path(),
                        if n == 1 { "" } else { "s" }
                    ),
                )
            }
            Error::Refused {
                source,
                diagnostics,
            } => {
                write_diagnostics(out, renderer, source, diagnostics)?;
                title(
                    out,
                    &format!(
                        "refused: the edit would leave `{}` invalid; nothing was written",
                        source.display_path()
                    ),
                )?;
                writeln!(
                    out,
                    "  note: the lines shown are the file as it would be after the edit"
                )
            }
            Error::Failed { message, help, .. } => {
                title(out, message)?;
                if let Some(text) = help {
                    hint(out, text)?;
                }
                Ok(())
            }
            Error::Io(err) => title(out, &io_reason(err)),
        }
    }
}

impl Error {
    /// `no vendor `x` in `vendors.toml``, with the closest id as a hint.
    pub fn no_such_vendor(missing: crate::inventory::NoSuchVendor, path: &str) -> Self {
        let help = match missing.closest {
            Some(best) => format!("did you mean `{best}`? (`linger list` shows every id)"),
            None => "`linger list` shows every id".to_string(),
        };
        Error::failed(
            Failure::NoVendor,
            format!("no vendor `{}` in `{path}`", missing.id),
            help,
        )
    }
}

impl Error {
    /// A keyring failure met while looking for the secret `name`: the hint
    /// names that secret's own variable, so an IMAP read is not told to set
    /// the SMTP password.
    pub fn secret(err: crate::secrets::SecretError, name: &str) -> Self {
        use crate::secrets::{SecretError, env_var};
        let help = match &err {
            SecretError::Unreachable { .. } => format!(
                "start the keyring (a desktop session, or `gnome-keyring-daemon --unlock` under D-Bus), use LINGER_KEYRING=keyutils, or set {} instead",
                env_var(name)
            ),
            SecretError::BadName(_) | SecretError::BadStore(_) | SecretError::Empty => {
                "see `linger secret --help`".to_string()
            }
        };
        Error::failed(Failure::Secret, err.to_string(), help)
    }
}

impl From<crate::secrets::SecretError> for Error {
    fn from(err: crate::secrets::SecretError) -> Self {
        Error::secret(err, crate::secrets::SMTP_PASSWORD)
    }
}

impl From<io::Error> for Error {
    fn from(err: io::Error) -> Self {
        Error::Io(err)
    }
}

fn write_diagnostics(
    out: &mut impl Write,
    renderer: &DiagnosticRenderer,
    source: &Source,
    diagnostics: &[Diagnostic],
) -> io::Result<()> {
    for diag in diagnostics {
        writeln!(out, "{}\n", renderer.render(diag, source))?;
    }
    Ok(())
}

/// The OS message without Rust's " (os error 2)" suffix.
fn io_reason(err: &io::Error) -> String {
    let text = err.to_string();
    match text.find(" (os error") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}
