//! Paths inside the inventory's folder, reached through no symbolic link:
//! where `inbox` writes evidence and the only files `check` hashes. A path
//! given in the inventory (`evidence = "..."`) or made from a vendor's id
//! is trusted only this far: no absolute path, no `..`, and no link on the
//! way, so that a link planted at `evidence/ID` cannot send a message
//! outside the folder and `evidence = "../secret.txt"` cannot make `check`
//! print the hash of any file the user can read.

use std::io;
use std::path::{Component, Path, PathBuf};

/// Why a path is not one inside the folder.
#[derive(Debug)]
pub enum Refused {
    /// An absolute path, or one with `..`: it names a place outside.
    Outside(String),
    /// A symbolic link on the way (given below the folder).
    Link(PathBuf),
    /// A part of the way that is a file where a folder should be, or that
    /// cannot be looked at.
    Io(PathBuf, io::Error),
}

impl std::fmt::Display for Refused {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Refused::Outside(path) => write!(
                f,
                "`{path}` is outside the inventory's folder (an absolute path or `..`)"
            ),
            Refused::Link(path) => write!(
                f,
                "`{}` is a symbolic link, and linger follows none inside the inventory's folder",
                path.display()
            ),
            Refused::Io(path, err) => write!(f, "`{}`: {err}", path.display()),
        }
    }
}

/// Whether `relative` names a place outside the folder whatever is on
/// disk: absolute, or with a `..` (or, on Windows, a drive).
pub fn escapes(relative: &str) -> bool {
    relative.is_empty()
        || Path::new(relative)
            .components()
            .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir))
}

/// `base/relative`, when every part of it below `base` that exists is no
/// symbolic link (the path itself need not exist).
pub fn resolve(base: &Path, relative: &str) -> Result<PathBuf, Refused> {
    if escapes(relative) {
        return Err(Refused::Outside(relative.to_string()));
    }
    let mut path = base.to_path_buf();
    let mut shown = PathBuf::new();
    for part in Path::new(relative).components() {
        let Component::Normal(part) = part else {
            continue;
        };
        path.push(part);
        shown.push(part);
        match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => return Err(Refused::Link(shown)),
            Ok(_) => {}
            // What does not exist yet cannot be a link: nor can below it.
            Err(err) if err.kind() == io::ErrorKind::NotFound => return Ok(base.join(relative)),
            Err(err) => return Err(Refused::Io(shown, err)),
        }
    }
    Ok(path)
}

/// Creates the folder `relative` below `base` and any folder on the way,
/// refusing a link anywhere on it; returns the folder's path, and adds
/// each folder it made to `made` (so that a run that fails can remove
/// them again).
pub fn create_dir(
    base: &Path,
    relative: &str,
    made: &mut Vec<PathBuf>,
) -> Result<PathBuf, Refused> {
    if escapes(relative) {
        return Err(Refused::Outside(relative.to_string()));
    }
    let mut path = base.to_path_buf();
    let mut shown = PathBuf::new();
    for part in Path::new(relative).components() {
        let Component::Normal(part) = part else {
            continue;
        };
        path.push(part);
        shown.push(part);
        match std::fs::create_dir(&path) {
            Ok(()) => {
                made.push(path.clone());
                continue;
            }
            Err(err) if err.kind() == io::ErrorKind::AlreadyExists => {}
            Err(err) => return Err(Refused::Io(shown, err)),
        }
        // It was there: a folder of its own, not a link to one.
        let meta =
            std::fs::symlink_metadata(&path).map_err(|err| Refused::Io(shown.clone(), err))?;
        if meta.file_type().is_symlink() {
            return Err(Refused::Link(shown));
        }
        if !meta.is_dir() {
            return Err(Refused::Io(
                shown,
                io::Error::other("it is a file where a folder should be"),
            ));
        }
    }
    Ok(path)
}

/// Whether `relative` is a file or folder inside `base`, reached through
/// no link.
pub fn exists(base: &Path, relative: &str) -> bool {
    resolve(base, relative).is_ok_and(|path| std::fs::symlink_metadata(path).is_ok())
}

/// The SHA-256 of the regular file `relative` inside `base`, read through
/// no link; `None` when it is not such a file or cannot be read.
pub fn sha256(base: &Path, relative: &str) -> Option<String> {
    let path = resolve(base, relative).ok()?;
    sha256_nofollow(&path).ok()
}

/// `sha256_file`, but a link swapped in as the file itself since it was
/// resolved is not opened either.
fn sha256_nofollow(path: &Path) -> io::Result<String> {
    super::source::sha256_read(open_nofollow(path)?)
}

/// Opens the regular file `path` (as `resolve` gives it) for reading, but
/// not through a link swapped in as the file itself since it was
/// resolved: what the evidence pack reads.
pub fn open_nofollow(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(
        &mut options,
        libc::O_NOFOLLOW | libc::O_NONBLOCK,
    );
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other("not a regular file"));
    }
    Ok(file)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absolute_paths_and_parent_steps_escape() {
        assert!(escapes("../secret.txt"));
        assert!(escapes("evidence/../../secret.txt"));
        assert!(escapes("/etc/passwd"));
        assert!(escapes(""));
        assert!(!escapes("evidence/acme/2026-11-01-acknowledged.eml"));
        assert!(!escapes("./evidence/a.pdf"));
    }

    #[cfg(unix)]
    #[test]
    fn a_link_on_the_way_is_refused_and_a_real_folder_is_not() {
        let outside = tempfile::tempdir().unwrap();
        let base = tempfile::tempdir().unwrap();
        let base = base.path();
        std::fs::create_dir(base.join("evidence")).unwrap();
        std::os::unix::fs::symlink(outside.path(), base.join("evidence/acme")).unwrap();
        assert!(matches!(
            resolve(base, "evidence/acme/x.eml"),
            Err(Refused::Link(link)) if link == Path::new("evidence/acme")
        ));
        assert!(matches!(
            create_dir(base, "evidence/acme", &mut Vec::new()),
            Err(Refused::Link(_))
        ));
        std::fs::write(outside.path().join("x.eml"), "secret").unwrap();
        assert!(!exists(base, "evidence/acme/x.eml"));
        assert_eq!(sha256(base, "evidence/acme/x.eml"), None);

        let mut new = Vec::new();
        let made = create_dir(base, "evidence/other/deeper", &mut new).unwrap();
        assert!(made.is_dir());
        assert_eq!(
            new,
            [
                base.join("evidence/other"),
                base.join("evidence/other/deeper")
            ]
        );
        std::fs::write(made.join("y.eml"), "mine").unwrap();
        assert!(exists(base, "evidence/other/deeper/y.eml"));
        assert_eq!(
            sha256(base, "evidence/other/deeper/y.eml"),
            Some(crate::inventory::sha256_bytes(b"mine"))
        );
        // A link as the file itself is not read either.
        std::os::unix::fs::symlink(outside.path().join("x.eml"), made.join("z.eml")).unwrap();
        assert_eq!(sha256(base, "evidence/other/deeper/z.eml"), None);
    }
}
