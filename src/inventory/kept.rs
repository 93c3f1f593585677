//! The evidence files linger writes inside the inventory's folder: each
//! new file's name under `evidence/ID/`, never one already taken; a copy
//! written once (`send`'s letter); and the spool of messages written aside
//! as they are read (`inbox --apply`, `canary watch --apply`), copied in
//! place once the edit is known to load. File work only, reached through
//! no link (`inside`); the commands turn its errors into theirs.

use std::collections::{BTreeSet, HashMap};
use std::io::{Read, Seek, Write};
use std::path::{Path, PathBuf};

use super::inside::{self, Refused};

/// Why a file could not be kept.
#[derive(Debug)]
pub enum KeepError {
    /// Its folder is no real folder inside the inventory's (a link, a file).
    Refused(Refused),
    /// Writing `path` failed.
    Write(PathBuf, std::io::Error),
}

/// `evidence/ID/DATE-KIND.eml`, with `-2`, `-3`... when taken on disk or
/// by an earlier event of this run: never overwritten.
pub fn evidence_path(
    base: &Path,
    id: &str,
    date: chrono::NaiveDate,
    kind: &str,
    taken: &mut BTreeSet<String>,
) -> String {
    evidence_file(base, id, date, kind, "eml", taken)
}

/// `evidence_path` for a file that is no message: `DATE-KIND.EXT`
/// (`canary watch`'s coverage record is `.json`, an incident's evidence
/// keeps the extension it came with).
pub fn evidence_file(
    base: &Path,
    id: &str,
    date: chrono::NaiveDate,
    kind: &str,
    ext: &str,
    taken: &mut BTreeSet<String>,
) -> String {
    let mut n = 1;
    loop {
        let name = match n {
            1 => format!("evidence/{id}/{date}-{kind}.{ext}"),
            n => format!("evidence/{id}/{date}-{kind}-{n}.{ext}"),
        };
        // Whatever is there, even a link to nowhere, takes the name.
        if !taken.contains(&name) && std::fs::symlink_metadata(base.join(&name)).is_err() {
            taken.insert(name.clone());
            return name;
        }
        n += 1;
    }
}

/// Writes `bytes` as a new file `evidence/ID/DATE-KIND.eml` (named by
/// `evidence_path`), on disk for good; returns its path relative to the
/// folder. A file begun and not finished is removed again.
pub fn write_new(
    base: &Path,
    id: &str,
    date: chrono::NaiveDate,
    kind: &str,
    bytes: &[u8],
) -> Result<String, (String, KeepError)> {
    write_new_as(base, id, date, kind, "eml", bytes)
}

/// `write_new` for a file of another kind (`evidence_file`).
pub fn write_new_as(
    base: &Path,
    id: &str,
    date: chrono::NaiveDate,
    kind: &str,
    ext: &str,
    bytes: &[u8],
) -> Result<String, (String, KeepError)> {
    let relative = evidence_file(base, id, date, kind, ext, &mut BTreeSet::new());
    let fail = |why| (relative.clone(), why);
    let (dir, _) = relative.rsplit_once('/').unwrap_or(("", &relative));
    inside::create_dir(base, dir, &mut Vec::new()).map_err(|why| fail(KeepError::Refused(why)))?;
    let path = base.join(&relative);
    // `create_new` does not follow a link that appeared since.
    let mut file = std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|err| fail(KeepError::Write(path.clone(), err)))?;
    if let Err(err) = file.write_all(bytes).and_then(|()| file.sync_all()) {
        let _ = std::fs::remove_file(&path);
        return Err(fail(KeepError::Write(path, err)));
    }
    if let Ok(dir) = std::fs::File::open(base.join(dir)) {
        let _ = dir.sync_all();
    }
    Ok(relative)
}

/// The messages written aside as they were read, for `--apply`: one after
/// another in one spool, a temporary file in the inventory's folder that
/// has no name (nothing of it is left however the run ends), until the run
/// copies each recorded event's message to `evidence/ID/`. A message read
/// twice (a hard link, one mail in two folders) is written once. One file
/// for the whole run, not one a message: ten thousand replies that fold
/// into a few events cost a few new files.
pub struct Spool {
    base: PathBuf,
    /// Whether anything is written (`--apply` without `--dry-run`).
    on: bool,
    file: Option<std::fs::File>,
    /// Each copy's offset and length in the spool.
    copies: Vec<(u64, u64)>,
    /// Each copy by vendor, Message-ID and hash.
    index: HashMap<(String, String, String), usize>,
    /// The folders already made or found sound this run.
    folders: BTreeSet<String>,
    /// The first error: reading goes on, writing stops, the run fails.
    failure: Option<std::io::Error>,
}

impl Spool {
    pub fn new(base: &Path, on: bool) -> Spool {
        Spool {
            base: base.to_path_buf(),
            on,
            file: None,
            copies: Vec::new(),
            index: HashMap::new(),
            folders: BTreeSet::new(),
            failure: None,
        }
    }

    /// Writes `raw`, a message about `vendor`, aside; returns its copy.
    pub fn stage(
        &mut self,
        vendor: &str,
        message_id: &str,
        sha256: &str,
        raw: &[u8],
    ) -> Option<usize> {
        if !self.on || self.failure.is_some() {
            return None;
        }
        let key = (
            vendor.to_string(),
            message_id.to_string(),
            sha256.to_string(),
        );
        if let Some(&copy) = self.index.get(&key) {
            return Some(copy);
        }
        let offset = self.copies.last().map_or(0, |(at, len)| at + len);
        let written = match &mut self.file {
            Some(file) => file.write_all(raw),
            None => tempfile::tempfile_in(&self.base).and_then(|mut file| {
                file.write_all(raw)?;
                self.file = Some(file);
                Ok(())
            }),
        };
        match written {
            Ok(()) => {
                self.copies.push((offset, raw.len() as u64));
                let copy = self.copies.len() - 1;
                self.index.insert(key, copy);
                Some(copy)
            }
            Err(err) => {
                self.failure = Some(err);
                None
            }
        }
    }

    /// The error that stopped writing, if any, with the folder it was in.
    pub fn failed(&mut self) -> Result<(), (PathBuf, std::io::Error)> {
        self.failure
            .take()
            .map_or(Ok(()), |err| Err((self.base.clone(), err)))
    }

    /// Writes copy `copy` to `relative` (`evidence/ID/NAME`), a new file
    /// inside the inventory's folder reached through no link; returns its
    /// path, and adds the folders it made to `made`.
    pub fn keep(
        &mut self,
        copy: usize,
        relative: &str,
        made: &mut Vec<PathBuf>,
    ) -> Result<PathBuf, KeepError> {
        let (dir, _) = relative.rsplit_once('/').unwrap_or(("", relative));
        if !self.folders.contains(dir) {
            inside::create_dir(&self.base, dir, made).map_err(KeepError::Refused)?;
            self.folders.insert(dir.to_string());
        }
        // The folder is sound; the name is new, and `create_new` does not
        // follow a link that appeared there since.
        let path = self.base.join(relative);
        let failed = |err| KeepError::Write(path.clone(), err);
        let (Some(spool), Some(&(offset, len))) = (&mut self.file, self.copies.get(copy)) else {
            return Err(failed(std::io::Error::other(
                "the message was not written aside",
            )));
        };
        let mut file = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&path)
            .map_err(failed)?;
        let copied = spool
            .seek(std::io::SeekFrom::Start(offset))
            .and_then(|_| std::io::copy(&mut Read::by_ref(spool).take(len), &mut file));
        match copied {
            Ok(n) if n == len => Ok(path),
            Ok(_) | Err(_) => {
                let _ = std::fs::remove_file(&path);
                Err(failed(copied.err().unwrap_or_else(|| {
                    std::io::Error::other("the copy of the message ended early")
                })))
            }
        }
    }

    /// Puts the evidence `kept` on disk for good, before the inventory
    /// names it: on Linux one `syncfs` for all (an `fsync` a file made ten
    /// thousand events take most of a minute), elsewhere each file and
    /// its folder.
    pub fn flush(&self, kept: &[PathBuf]) -> Result<(), (PathBuf, std::io::Error)> {
        let failed = |err| (self.base.join("evidence"), err);
        if kept.is_empty() {
            return Ok(());
        }
        #[cfg(target_os = "linux")]
        {
            use std::os::fd::AsRawFd;
            let dir = std::fs::File::open(&self.base).map_err(failed)?;
            // SAFETY: `dir` stays open for the length of the call.
            if unsafe { libc::syncfs(dir.as_raw_fd()) } != 0 {
                return Err(failed(std::io::Error::last_os_error()));
            }
        }
        #[cfg(not(target_os = "linux"))]
        {
            let mut dirs = BTreeSet::new();
            for path in kept {
                std::fs::File::open(path)
                    .and_then(|file| file.sync_all())
                    .map_err(failed)?;
                if let Some(dir) = path.parent() {
                    dirs.insert(dir.to_path_buf());
                }
            }
            for dir in dirs {
                if let Ok(dir) = std::fs::File::open(dir) {
                    let _ = dir.sync_all();
                }
            }
        }
        Ok(())
    }
}
