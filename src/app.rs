//! The edge between the command line and the core: resolves the inventory
//! and today's date (the only clock read), then runs the command.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, NaiveTime, TimeDelta, Utc};

use crate::cli::{Cli, Command};
use crate::commands;
use crate::error::Error;
use crate::inventory::{self, Inventory, Source};

/// What a command found, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Exit 0.
    Success,
    /// Exit 1: an error-level finding, or an overdue row under `--exit-code`.
    Findings,
}

/// What every command may need, resolved once.
pub struct Context {
    inventory: Option<PathBuf>,
    pub today: NaiveDate,
    /// The clock's date, whatever `--today` says: edits may not be dated
    /// after it (see `refuse_future`).
    pub real_today: NaiveDate,
    /// The moment written into an e-mail's `Date`: now, or noon UTC of
    /// `--today` when given, so drafts are reproducible.
    pub now: DateTime<Utc>,
    pub quiet: bool,
}

/// A loaded inventory and the text it came from (for diagnostics).
pub struct Loaded {
    pub source: Source,
    pub inventory: Inventory,
}

impl Loaded {
    /// The directory that relative paths in the inventory start from.
    pub fn base_dir(&self) -> &Path {
        match self.source.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        }
    }
}

impl Context {
    /// Refuses to write `date` into the inventory when it is after the real
    /// date: an event in the future makes every later run fail ("dated
    /// after today"), so a stray `LINGER_TODAY` must not record one.
    /// `what` names where the date came from, for the message.
    pub fn refuse_future(&self, date: NaiveDate, what: &str, allow: bool) -> Result<(), Error> {
        if allow || date <= self.real_today {
            return Ok(());
        }
        Err(Error::usage_with_help(
            format!(
                "{what} {date} is after today's real date ({}): the edit would record the future, and every later run would fail on it",
                self.real_today
            ),
            "leave out --today, LINGER_TODAY or --on to record today, or add --allow-future if you mean it",
        ))
    }

    pub fn locate(&self) -> Result<PathBuf, Error> {
        let cwd = std::env::current_dir()?;
        inventory::locate(self.inventory.clone(), &cwd)
            .map_err(|searched| Error::NotFound { searched })
    }

    pub fn load(&self) -> Result<Loaded, Error> {
        self.load_from(&self.locate()?)
    }

    pub fn load_from(&self, path: &Path) -> Result<Loaded, Error> {
        let source = read_source(path)?;
        match inventory::parse(&source.text, self.today) {
            Ok(inventory) => Ok(Loaded { source, inventory }),
            Err(diagnostics) => Err(Error::Invalid {
                source: Box::new(source),
                diagnostics,
            }),
        }
    }
}

/// A text file the user gave: the inventory, a template, an address list.
/// Bytes that are not UTF-8 are an error pointing at the first bad one.
pub fn read_source(path: &Path) -> Result<Source, Error> {
    let source = Source::read(path).map_err(|err| Error::Read {
        path: path.to_path_buf(),
        err,
    })?;
    match source.encoding_error.clone() {
        Some(diag) => Err(Error::Invalid {
            source: Box::new(source),
            diagnostics: vec![diag],
        }),
        None => Ok(source),
    }
}

pub fn run(cli: Cli) -> Result<Outcome, Error> {
    let now = Utc::now();
    let real_today = chrono::Local::now().date_naive();
    let (today, now) = match cli.today {
        Some(today) => (
            today,
            today.and_time(NaiveTime::MIN).and_utc() + TimeDelta::hours(12),
        ),
        None => (real_today, now),
    };
    let ctx = Context {
        inventory: cli.inventory,
        today,
        real_today,
        now,
        quiet: cli.quiet,
    };
    match cli.command {
        Command::Init(args) => commands::init::run(&ctx, args),
        Command::Check(args) => commands::check::run(&ctx, args),
        Command::List(args) => commands::list::run(&ctx, args),
        Command::Overdue(args) => commands::overdue::run(&ctx, args),
        Command::Show(args) => commands::show::run(&ctx, args),
        Command::Add(args) => commands::add::run(&ctx, args),
        Command::Retire(args) => commands::retire::run(&ctx, args),
        Command::Mark(args) => commands::mark::run(&ctx, args),
        Command::Letter(args) => commands::letter::run(&ctx, args),
        Command::Letters(args) => commands::letters::run(&ctx, args),
        Command::Send(args) => commands::send::run(&ctx, args),
        Command::Secret(command) => commands::secret::run(&ctx, command),
    }
}
