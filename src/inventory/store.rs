//! Writing the inventory safely: one writer at a time, and a file that is
//! always either the old version or the new one, never a mix.
//!
//! The lock is a separate file beside the inventory (`.vendors.toml.lock`):
//! the inventory itself cannot carry the lock, because an atomic write
//! replaces it with a new file. The lock file stays after use: deleting it
//! would let two writers lock two different files.

use std::fs::{self, File, TryLockError};
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

/// How long a writer waits quietly before saying it is waiting.
const QUIET_WAIT: Duration = Duration::from_secs(1);

/// The path that edits must write: the inventory itself, or the file its
/// symlink points to, so that the link survives the edit.
pub fn target(path: &Path) -> io::Result<PathBuf> {
    fs::canonicalize(path)
}

/// The lock file that guards `target`.
pub fn lock_path(target: &Path) -> PathBuf {
    let name = target
        .file_name()
        .map_or_else(|| "inventory".into(), |n| n.to_string_lossy());
    target.with_file_name(format!(".{name}.lock"))
}

/// Makes git ignore the lock file of the inventory at `target`: when the
/// inventory is in a git work tree, the lock file's name (`/.vendors.toml.lock`
/// relative to the top level) is appended to the top level's `.gitignore`,
/// which is created when missing. Nothing is written when the line is there
/// already, or when the inventory is in no work tree. Returns the
/// `.gitignore` it changed.
pub fn ignore_lock_file(target: &Path) -> io::Result<Option<PathBuf>> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let absolute = fs::canonicalize(dir)?;
    let Some(top) = absolute.ancestors().find(|dir| dir.join(".git").exists()) else {
        return Ok(None);
    };
    let lock = lock_path(target);
    let Some(name) = lock.file_name() else {
        return Ok(None);
    };
    let relative = absolute.join(name);
    let Ok(relative) = relative.strip_prefix(top) else {
        return Ok(None);
    };
    let pattern = format!("/{}", relative.to_string_lossy().replace('\\', "/"));
    let ignore = top.join(".gitignore");
    let existing = match fs::read(&ignore) {
        Ok(bytes) => bytes,
        Err(err) if err.kind() == io::ErrorKind::NotFound => Vec::new(),
        Err(err) => return Err(err),
    };
    let text = String::from_utf8_lossy(&existing);
    let bare = pattern.trim_start_matches('/');
    if text
        .lines()
        .map(str::trim)
        .any(|line| line == pattern || line == bare || line == ".*.toml.lock")
    {
        return Ok(None);
    }
    let mut added = existing.clone();
    if !added.is_empty() && !added.ends_with(b"\n") {
        added.extend_from_slice(if text.contains("\r\n") {
            b"\r\n"
        } else {
            b"\n"
        });
    }
    added.extend_from_slice(
        format!("# linger's lock while it edits the inventory\n{pattern}\n").as_bytes(),
    );
    write_whole(&ignore, &added)?;
    Ok(Some(ignore))
}

/// Held while an edit reads, changes and writes the inventory. Dropping it
/// (or the process ending in any way) releases the lock.
#[derive(Debug)]
pub struct Lock {
    _file: File,
    /// The file system cannot lock (some NFS and SMB mounts): the edit goes
    /// ahead unguarded, as cargo's does, and the caller says so.
    pub unsupported: bool,
}

/// Takes the exclusive lock on `target`, waiting as long as another writer
/// holds it. `on_wait` runs once if the wait passes a second, so a person is
/// told why nothing happens.
///
/// The lock file is opened without following a symlink and never
/// truncated: a `.vendors.toml.lock` committed as a link to another file
/// must not let an edit create or clear that file (in CI, as root, it could
/// be any file). A new lock file gets the inventory's permissions, so that
/// everyone who may edit the inventory may lock it.
pub fn lock(target: &Path, on_wait: impl FnOnce(&Path)) -> io::Result<Lock> {
    let path = lock_path(target);
    let file = open_lock_file(&path, target)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => {
                return Ok(Lock {
                    _file: file,
                    unsupported: false,
                });
            }
            Err(TryLockError::WouldBlock) if started.elapsed() < QUIET_WAIT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(TryLockError::WouldBlock) => {
                on_wait(&path);
                file.lock()?;
                return Ok(Lock {
                    _file: file,
                    unsupported: false,
                });
            }
            Err(TryLockError::Error(err)) if cannot_lock(&err) => {
                return Ok(Lock {
                    _file: file,
                    unsupported: true,
                });
            }
            Err(TryLockError::Error(err)) => return Err(err),
        }
    }
}

/// ENOTSUP, EOPNOTSUPP and ENOSYS: the file system has no `flock`.
fn cannot_lock(err: &io::Error) -> bool {
    #[cfg(unix)]
    if let Some(code) = err.raw_os_error() {
        return code == libc::ENOTSUP || code == libc::EOPNOTSUPP || code == libc::ENOSYS;
    }
    err.kind() == io::ErrorKind::Unsupported
}

fn open_lock_file(path: &Path, target: &Path) -> io::Result<File> {
    let mut options = fs::OpenOptions::new();
    options.create(true).truncate(false).write(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let mode = fs::metadata(target).map_or(0o644, |m| m.permissions().mode() & 0o666);
        options.custom_flags(libc::O_NOFOLLOW).mode(mode);
        let existed = fs::symlink_metadata(path).is_ok();
        let file = options.open(path).map_err(|err| {
            if err.raw_os_error() == Some(libc::ELOOP) {
                io::Error::other(format!(
                    "the lock file {} is a symbolic link; linger never follows one there. Remove it: linger creates the lock file itself",
                    path.display()
                ))
            } else {
                err
            }
        })?;
        if !file.metadata()?.is_file() {
            return Err(io::Error::other(format!(
                "the lock file {} is not a regular file; remove it: linger creates the lock file itself",
                path.display()
            )));
        }
        // The umask may have taken bits away; a lock file we created gets
        // the inventory's permissions in full.
        if !existed {
            let _ = file.set_permissions(fs::Permissions::from_mode(mode));
        }
        Ok(file)
    }
    #[cfg(not(unix))]
    {
        let _ = target;
        if fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink()) {
            return Err(io::Error::other(format!(
                "the lock file {} is a symbolic link; remove it",
                path.display()
            )));
        }
        options.open(path)
    }
}

/// Replaces `target` with `contents` atomically: a temporary file in the
/// same directory, written, flushed to disk, given the original's
/// permissions (and its owner and group, where this process may set them),
/// then renamed over the original. A crash at any point leaves the original
/// or the new file, never a partial one. The rename gives the inventory a
/// new inode, so a hard link to the old file keeps the old text, as with
/// cargo and git.
///
/// The temporary file is created exclusively (`O_EXCL`, mode 0600), so a
/// link planted under its name cannot redirect the write. Call it holding
/// the lock: temporary files that a crashed writer left behind are removed
/// first, since no other writer can be mid-write.
pub fn write_atomic(target: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "inventory".into(), |n| n.to_string_lossy());
    let prefix = format!(".{name}.");
    remove_stale_temp_files(dir, &prefix);
    let metadata = fs::metadata(target)?;
    let mut temp = tempfile::Builder::new()
        .prefix(&prefix)
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    keep_owner(temp.as_file(), &metadata);
    fs::set_permissions(temp.path(), metadata.permissions())?;
    crash_before_rename_for_tests();
    temp.persist(target).map_err(|err| err.error)?;
    sync_dir(dir);
    Ok(())
}

/// Writes a file of linger's own (a letter draft, a hash file) all or
/// nothing: a temporary file beside it, flushed, then renamed over it.
/// The directory is created when missing.
pub fn write_whole(path: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match path.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    fs::create_dir_all(dir)?;
    let mut temp = tempfile::Builder::new()
        .prefix(".linger.")
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    temp.persist(path).map_err(|err| err.error)?;
    Ok(())
}

/// Gives the new file the original's owner and group. Only root may give a
/// file away, and only a member may set a group: whatever is not allowed is
/// left as it is (the new file then belongs to whoever edited it).
fn keep_owner(file: &File, original: &fs::Metadata) {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{MetadataExt, fchown};
        if fchown(file, Some(original.uid()), Some(original.gid())).is_err() {
            let _ = fchown(file, None, Some(original.gid()));
        }
    }
    #[cfg(not(unix))]
    let _ = (file, original);
}

/// Removes the `.vendors.toml.*.tmp` files that a writer killed between
/// writing and renaming left behind (full copies of the inventory). Only
/// regular files with exactly that name shape; links and others stay.
fn remove_stale_temp_files(dir: &Path, prefix: &str) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        let ours = name.starts_with(prefix)
            && name.ends_with(".tmp")
            && name.len() > prefix.len() + ".tmp".len();
        if ours && entry.file_type().is_ok_and(|t| t.is_file()) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// Makes the rename itself durable. Some file systems refuse to sync a
/// directory; the rename has happened either way, so that is not an error.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(dir) = File::open(dir) {
        let _ = dir.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

/// A test-only hook, compiled into debug builds only: with
/// `LINGER_TEST_EXIT_BEFORE_RENAME` set, the process ends after writing the
/// temporary file and before renaming it, as a crash would. The crash-safety
/// tests use it to show that the original survives.
#[allow(clippy::disallowed_methods)] // the hook owns its variable
fn crash_before_rename_for_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("LINGER_TEST_EXIT_BEFORE_RENAME").is_some() {
        std::process::exit(86);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[cfg(unix)]
    #[test]
    fn a_file_system_without_flock_means_no_lock_not_a_failed_edit() {
        for code in [libc::ENOTSUP, libc::EOPNOTSUPP, libc::ENOSYS] {
            assert!(cannot_lock(&io::Error::from_raw_os_error(code)), "{code}");
        }
        assert!(!cannot_lock(&io::Error::from_raw_os_error(libc::EACCES)));
        assert!(!cannot_lock(&io::Error::from_raw_os_error(libc::EIO)));
    }

    #[test]
    fn the_lock_sits_beside_the_file_and_hides() {
        assert_eq!(
            lock_path(Path::new("/a/b/vendors.toml")),
            Path::new("/a/b/.vendors.toml.lock")
        );
    }

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("vendors.toml");
        let first = lock(&target, |_| {}).unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let target2 = target.clone();
        let waiter = std::thread::spawn(move || {
            let lock = lock(&target2, |_| {}).unwrap();
            tx.send(()).unwrap();
            drop(lock);
        });
        assert!(rx.recv_timeout(Duration::from_millis(200)).is_err());
        drop(first);
        rx.recv_timeout(Duration::from_secs(10)).unwrap();
        waiter.join().unwrap();
    }

    #[test]
    fn an_atomic_write_keeps_permissions() {
        let dir = tempfile::tempdir().unwrap();
        let target = dir.path().join("vendors.toml");
        fs::write(&target, "old").unwrap();
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            fs::set_permissions(&target, fs::Permissions::from_mode(0o640)).unwrap();
        }
        write_atomic(&target, b"new").unwrap();
        assert_eq!(fs::read_to_string(&target).unwrap(), "new");
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = fs::metadata(&target).unwrap().permissions().mode();
            assert_eq!(mode & 0o777, 0o640);
        }
        let leftovers: Vec<_> = fs::read_dir(dir.path()).unwrap().collect();
        assert_eq!(leftovers.len(), 1, "no temporary file left behind");
    }
}
