//! What every command gets: the inventory's path, today (and the real
//! date, for refusing future edits), the moment for e-mail headers, and
//! `--quiet`; loading the inventory; and what a command's result means for
//! the exit status.
//!
//! Over 300 lines because it is every command's one way in: loading, the
//! subject sets and their key, the protected domain, so no command redoes them.

use std::path::{Path, PathBuf};

use chrono::{DateTime, NaiveDate, Utc};

use crate::error::{Error, Failure};
use crate::inventory::{self, Inventory, Source, open_regular};
use crate::secrets::{Keyring, Secret, env_var};
use crate::subjects::{self, Key};

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
    /// What `--today` said, if anything: the hour clocks start from it
    /// (`instant`).
    given_today: Option<crate::cli::Today>,
    /// The clock's moment, whatever `--today` says.
    real_now: DateTime<Utc>,
}

/// A loaded inventory and the text it came from (for diagnostics).
pub struct Loaded {
    pub source: Source,
    pub inventory: Inventory,
}

impl Loaded {
    /// The registrable domain of `organization.email`: the one phishers
    /// imitate. `hint` says how to name another.
    pub fn own_domain(&self, hint: &str) -> Result<String, Error> {
        crate::online::own_domain(&self.inventory).ok_or_else(|| {
            Error::failed(
                Failure::Usage,
                format!(
                    "`organization.email` ({}) has no registrable domain",
                    self.inventory.organization.email
                ),
                hint.to_string(),
            )
        })
    }

    /// The built-in fingerprints, with `discover.toml` beside the inventory
    /// laid over them when there is one (`discover` and `phish` read it).
    pub fn fingerprints(&self) -> Result<crate::discover::fingerprints::Fingerprints, Error> {
        use crate::discover::fingerprints::Fingerprints;
        let path = self.base_dir().join("discover.toml");
        match std::fs::read_to_string(&path) {
            Ok(text) => Fingerprints::with(&text).map_err(|message| {
                Error::failed(
                    Failure::Input,
                    format!("{}: {message}", path.display()),
                    "each entry is a [[vendor]] table with `name` and any of `website`, `directory`, `mail`, `spf`, `cname`, `txt`, `headers`, `apps`, `data` (docs/discover.md)",
                )
            }),
            Err(err) if err.kind() == std::io::ErrorKind::NotFound => Ok(Fingerprints::built_in()),
            Err(err) => Err(Error::Read { path, err }),
        }
    }

    /// The vendor with this id, or the error that names the closest one.
    pub fn vendor(&self, id: &str) -> Result<&crate::inventory::Vendor, Error> {
        self.inventory
            .find(id)
            .map_err(|missing| Error::no_such_vendor(missing, &self.source.display_path()))
    }

    /// The subjects key: from the keyring or `LINGER_SUBJECTS_KEY`, else made
    /// now and stored in the keyring, but only while no hash file exists that
    /// an older key made.
    pub fn subjects_key(&self) -> Result<Key, Error> {
        let keyring = Keyring::open()?;
        let variable = env_var(subjects::KEY_SECRET);
        match keyring.get(subjects::KEY_SECRET) {
            Ok((secret, _)) => Key::from_hex(secret.expose()).ok_or_else(|| {
                Error::failed(
                    Failure::Secret,
                    format!("`{}` is not a key: it must be 64 hex digits", subjects::KEY_SECRET),
                    format!("restore the key you made the subject sets with, in the keyring or in {variable}"),
                )
            }),
            Err(missing) => {
                if !self.subject_files().is_empty() {
                    return Err(Error::failed(
                        Failure::Secret,
                        format!("{missing}, but subject sets made with a key exist"),
                        format!(
                            "restore that key (`linger secret set {}`, or {variable} in CI): a new one could not read them",
                            subjects::KEY_SECRET
                        ),
                    ));
                }
                let mut bytes = [0u8; 32];
                getrandom::getrandom(&mut bytes).map_err(|err| {
                    Error::failed(
                        Failure::Secret,
                        format!("no random numbers from the operating system: {err}"),
                        "try again",
                    )
                })?;
                let key = Key::from_bytes(bytes);
                keyring
                    .set(subjects::KEY_SECRET, &Secret::new(key.to_hex()))
                    .map_err(|err| {
                        Error::failed(
                            Failure::Secret,
                            format!("cannot store a new subjects key: {err}"),
                            format!(
                                "start the keyring, or make a key yourself and set {variable} to it (64 hex digits, e.g. from `openssl rand -hex 32`); keep it: the subject sets need it"
                            ),
                        )
                    })?;
                Ok(key)
            }
        }
    }

    /// `subjects/` beside the inventory, where the hash files live.
    pub fn subjects_dir(&self) -> PathBuf {
        let base = self.base_dir();
        if base == Path::new(".") {
            PathBuf::from("subjects")
        } else {
            base.join("subjects")
        }
    }

    /// The hash file of a vendor's subject set: `subjects/ID.hashes`.
    pub fn subjects_file(&self, id: &str) -> PathBuf {
        self.subjects_dir().join(format!("{id}.hashes"))
    }

    /// Every hash file there is, as (id, path), sorted by id; the directory
    /// is read once.
    pub fn subject_files(&self) -> Vec<(String, PathBuf)> {
        let mut files: Vec<(String, PathBuf)> = std::fs::read_dir(self.subjects_dir())
            .into_iter()
            .flatten()
            .flatten()
            .map(|e| e.path())
            // Not only regular files: a FIFO or device here is listed, so
            // that `check` names it and nothing reads it.
            .filter(|p| !p.is_dir() && p.extension().is_some_and(|x| x == "hashes"))
            .filter_map(|p| Some((p.file_stem()?.to_string_lossy().into_owned(), p)))
            .collect();
        files.sort();
        files
    }

    /// The subject set in `path` (vendor `id`), read with `key`: a regular
    /// file only (a FIFO there would hang the read), streamed, of any size.
    /// Each kind of damage is an error with its own help.
    pub fn subject_set(
        &self,
        id: &str,
        path: &Path,
        key: &Key,
    ) -> Result<subjects::SubjectSet, Error> {
        let read_failed = |err: std::io::Error| Error::Read {
            path: path.to_path_buf(),
            err,
        };
        let file = open_regular(path).map_err(read_failed)?;
        let length = file.metadata().map_err(read_failed)?.len();
        let mut reader = std::io::BufReader::with_capacity(1 << 20, file);
        subjects::SubjectSet::read_from(&mut reader, length, key).map_err(|err| match err {
            subjects::ReadError::Io(err) => read_failed(err),
            subjects::ReadError::File(problem) => Error::failed(
                Failure::Input,
                format!("`{}`: {problem}", path.display()),
                problem.help(id),
            ),
        })
    }

    /// What is wrong with each subject set that `check` can tell without
    /// the key: a file that is empty, not a hash file, cut short or not a
    /// regular file, or one made with another key than the others (by the
    /// fingerprint most of them carry). Vendor id → the problem and help.
    pub fn subject_problems(&self) -> std::collections::BTreeMap<String, (String, String)> {
        let mut problems = std::collections::BTreeMap::new();
        let mut prints: Vec<(String, [u8; 8])> = Vec::new();
        for (id, path) in self.subject_files() {
            let header = open_regular(&path).and_then(|file| {
                use std::io::Read;
                let length = file.metadata()?.len();
                let mut head = Vec::with_capacity(subjects::HEADER_BYTES);
                file.take(subjects::HEADER_BYTES as u64)
                    .read_to_end(&mut head)?;
                Ok(subjects::header_of(&head, length))
            });
            match header {
                Ok(Ok(header)) => prints.push((id, header.fingerprint)),
                Ok(Err(problem)) => {
                    let help = problem.help(&id);
                    problems.insert(id, (problem.to_string(), help));
                }
                Err(err) => {
                    problems.insert(
                        id.clone(),
                        (
                            format!("it cannot be read ({err})"),
                            format!("make `subjects/{id}.hashes` a readable file, or import again"),
                        ),
                    );
                }
            }
        }
        let mut counts: std::collections::BTreeMap<[u8; 8], usize> = Default::default();
        for (_, print) in &prints {
            *counts.entry(*print).or_default() += 1;
        }
        if let Some((&usual, &most)) = counts.iter().max_by_key(|(_, n)| **n)
            && counts.len() > 1
        {
            for (id, print) in prints.into_iter().filter(|(_, p)| *p != usual) {
                let problem = subjects::FileError::OtherKey {
                    file: hex::encode(print),
                    key: hex::encode(usual),
                };
                let help = problem.help(&id);
                problems.insert(
                    id,
                    (
                        format!(
                            "it was made with another key than the other {most} subject set{} (its key's fingerprint {}, theirs {})",
                            if most == 1 { "" } else { "s" },
                            hex::encode(print),
                            hex::encode(usual)
                        ),
                        help,
                    ),
                );
            }
        }
        problems
    }

    /// The findings of the offline checks at `severities`: evidence paths
    /// are looked up from the inventory's directory, and subject sets in
    /// one listing of `subjects/` (not a file check per vendor).
    pub fn findings(
        &self,
        today: NaiveDate,
        severities: &crate::checks::Severities,
    ) -> Vec<crate::checks::Finding> {
        let base = self.base_dir().to_path_buf();
        // Only inside the inventory's folder, through no link: a path
        // that leads out is neither looked at nor hashed.
        let evidence_exists = |path: &str| crate::inventory::inside::exists(&base, path);
        let evidence_sha256 = |path: &str| crate::inventory::inside::sha256(&base, path);
        let subjects: std::collections::BTreeSet<String> =
            self.subject_files().into_iter().map(|(id, _)| id).collect();
        let has_subjects = |id: &str| subjects.contains(id);
        let problems = if subjects.is_empty() {
            Default::default()
        } else {
            self.subject_problems()
        };
        let subjects_problem = |id: &str| problems.get(id).cloned();
        let files = crate::checks::Files {
            evidence_exists: &evidence_exists,
            evidence_sha256: &evidence_sha256,
            has_subjects: &has_subjects,
            subjects_problem: &subjects_problem,
        };
        crate::checks::run(&self.inventory, today, severities, &files)
    }

    /// The findings about the incidents at `now` (`checks::run_incidents`),
    /// their evidence files looked up as `findings` looks up the vendors'.
    pub fn incident_findings(
        &self,
        now: DateTime<Utc>,
        severities: &crate::checks::Severities,
    ) -> Vec<crate::checks::Finding> {
        let base = self.base_dir().to_path_buf();
        let evidence_exists = |path: &str| crate::inventory::inside::exists(&base, path);
        let evidence_sha256 = |path: &str| crate::inventory::inside::sha256(&base, path);
        let files = crate::checks::Files {
            evidence_exists: &evidence_exists,
            evidence_sha256: &evidence_sha256,
            has_subjects: &|_| false,
            subjects_problem: &|_| None,
        };
        crate::checks::run_incidents(&self.inventory, now, severities, &files)
    }

    /// The directory that relative paths in the inventory start from.
    pub fn base_dir(&self) -> &Path {
        match self.source.path.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        }
    }
}

impl Context {
    pub fn new(
        inventory: Option<PathBuf>,
        today: NaiveDate,
        real_today: NaiveDate,
        now: DateTime<Utc>,
        quiet: bool,
    ) -> Self {
        Self {
            inventory,
            today,
            real_today,
            now,
            quiet,
            given_today: None,
            real_now: now,
        }
    }

    /// The context with what `--today` (or `LINGER_TODAY`) said, and the
    /// clock's real moment.
    pub fn with_given_today(
        mut self,
        given: Option<crate::cli::Today>,
        real_now: DateTime<Utc>,
    ) -> Self {
        self.given_today = given;
        self.real_now = real_now;
        self
    }

    /// The moment the hour clocks of an incident count to: `--today`'s
    /// moment, or the start of `--today`'s day in the organization's time
    /// zone, or the real now.
    pub fn instant(&self, inventory: &Inventory) -> DateTime<Utc> {
        match self.given_today {
            Some(crate::cli::Today::At(at)) => at.with_timezone(&Utc),
            Some(crate::cli::Today::Day(day)) => {
                crate::incident::start_of_day(day, inventory.organization.time_zone)
            }
            None => self.now,
        }
    }

    /// The real moment, whatever `--today` says: an incident's step may not
    /// be recorded after it.
    pub fn real_now(&self) -> DateTime<Utc> {
        self.real_now
    }

    /// Refuses to write `date` into the inventory when it is after the real
    /// date: an event in the future makes every later run fail ("dated
    /// after today"), so a stray `LINGER_TODAY` must not record one.
    /// `what` names where the date came from, for the message.
    pub fn refuse_future(&self, date: NaiveDate, what: &str, allow: bool) -> Result<(), Error> {
        if allow || date <= self.real_today {
            return Ok(());
        }
        Err(Error::failed(
            Failure::Edit,
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

    /// What `lookalikes` and `phish` protect: `named`, else the
    /// registrable domain of `organization.email` (`hint` says how to
    /// name one); every domain of ours (`online::our_domains`, with
    /// `named`); and the inventory, which is optional when a domain is
    /// named.
    pub fn protected(
        &self,
        named: Option<String>,
        hint: &str,
    ) -> Result<(String, Vec<String>, Option<Loaded>), Error> {
        let (domain, loaded) = match named {
            Some(domain) => (domain, self.load().ok()),
            None => {
                let loaded = self.load()?;
                (loaded.own_domain(hint)?, Some(loaded))
            }
        };
        let mut ours = loaded
            .as_ref()
            .map(|loaded| crate::online::our_domains(&loaded.inventory))
            .unwrap_or_default();
        ours.push(domain.clone());
        ours.sort();
        ours.dedup();
        Ok((domain, ours, loaded))
    }

    /// `load`, for a command asked for JSON: an inventory that does not
    /// load is also written to standard output as JSON findings (the
    /// shape of `check --format json`), so a script that parses the output
    /// sees the errors. The error is returned either way, for the human
    /// message and the exit status.
    pub fn load_reporting_json(&self, json: bool) -> Result<Loaded, Error> {
        let loaded = self.load();
        if json
            && let Err(Error::Invalid {
                source,
                diagnostics,
            }) = &loaded
        {
            let mut out = crate::output::data_stdout();
            crate::output::write_json(
                &mut out,
                &crate::output::json::load_errors(source, diagnostics),
            )?;
            std::io::Write::flush(&mut out)?;
        }
        loaded
    }

    pub fn load_from(&self, path: &Path) -> Result<Loaded, Error> {
        let source = read_source(path).map_err(|err| match err {
            Error::Read { path, err } if err.kind() == std::io::ErrorKind::NotFound => {
                Error::NoInventory { path, err }
            }
            other => other,
        })?;
        match inventory::parse(&source.text, self.today) {
            Ok(inventory) => Ok(Loaded { source, inventory }),
            Err(diagnostics) => Err(Error::Invalid {
                source: Box::new(source),
                diagnostics,
            }),
        }
    }
}

/// Writes what a command made (a report, a calendar, a schema) to `path`,
/// all or nothing, or to standard output without one. Returns whether it
/// went to a file, for the command's message.
pub fn write_output(path: Option<&Path>, text: &str) -> Result<bool, Error> {
    match path {
        Some(path) => {
            crate::inventory::store::write_whole(path, text.as_bytes()).map_err(|err| {
                Error::Write {
                    path: path.to_path_buf(),
                    err,
                }
            })?;
            Ok(true)
        }
        None => {
            let mut out = crate::output::data_stdout();
            std::io::Write::write_all(&mut out, text.as_bytes())?;
            std::io::Write::flush(&mut out)?;
            Ok(false)
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
