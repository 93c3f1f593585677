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

/// Held while an edit reads, changes and writes the inventory. Dropping it
/// (or the process ending in any way) releases the lock.
#[derive(Debug)]
pub struct Lock {
    _file: File,
}

/// Takes the exclusive lock on `target`, waiting as long as another writer
/// holds it. `on_wait` runs once if the wait passes a second, so a person is
/// told why nothing happens.
pub fn lock(target: &Path, on_wait: impl FnOnce(&Path)) -> io::Result<Lock> {
    let path = lock_path(target);
    let file = fs::OpenOptions::new()
        .create(true)
        .truncate(false)
        .write(true)
        .open(&path)?;
    let started = Instant::now();
    loop {
        match file.try_lock() {
            Ok(()) => return Ok(Lock { _file: file }),
            Err(TryLockError::WouldBlock) if started.elapsed() < QUIET_WAIT => {
                std::thread::sleep(Duration::from_millis(10));
            }
            Err(TryLockError::WouldBlock) => {
                on_wait(&path);
                file.lock()?;
                return Ok(Lock { _file: file });
            }
            Err(TryLockError::Error(err)) => return Err(err),
        }
    }
}

/// Replaces `target` with `contents` atomically: a temporary file in the
/// same directory, written, flushed to disk, given the original's
/// permissions, then renamed over the original. A crash at any point leaves
/// the original or the new file, never a partial one; at worst a stray
/// `.vendors.toml.*.tmp` file remains.
pub fn write_atomic(target: &Path, contents: &[u8]) -> io::Result<()> {
    let dir = match target.parent() {
        Some(dir) if !dir.as_os_str().is_empty() => dir,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map_or_else(|| "inventory".into(), |n| n.to_string_lossy());
    let permissions = fs::metadata(target)?.permissions();
    let mut temp = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .suffix(".tmp")
        .tempfile_in(dir)?;
    temp.write_all(contents)?;
    temp.as_file().sync_all()?;
    fs::set_permissions(temp.path(), permissions)?;
    crash_before_rename_for_tests();
    temp.persist(target).map_err(|err| err.error)?;
    sync_dir(dir);
    Ok(())
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
fn crash_before_rename_for_tests() {
    #[cfg(debug_assertions)]
    if std::env::var_os("LINGER_TEST_EXIT_BEFORE_RENAME").is_some() {
        std::process::exit(86);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

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
