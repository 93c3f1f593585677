//! The evidence pack as a zip file, the one edge that writes and reads
//! one. Written deterministically, so the same files pack to the same
//! bytes: entries in the order given, one time for all (noon of the day
//! the pack is made), fixed permissions, deflate at a fixed level; into a
//! temporary file beside the target, moved in place only when whole.
//! Read back with limits, so that a damaged or hostile zip is an error
//! naming what is wrong, never a panic, a full memory or an endless run:
//! a cap on the entries, on the manifest's size, and on the bytes all
//! entries decompress to (a zip bomb is caught by its ratio).

use std::fs::File;
use std::io::{self, BufReader, BufWriter, Read};
use std::path::{Path, PathBuf};

use chrono::{Datelike, NaiveDate};
use sha2::{Digest, Sha256};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipArchive, ZipWriter};

/// A pack being written.
pub struct Writer {
    zip: ZipWriter<BufWriter<File>>,
    temp: tempfile::NamedTempFile,
    target: PathBuf,
    options: SimpleFileOptions,
}

impl Writer {
    /// Starts the pack that `finish` moves to `target`; every entry is
    /// dated `date`.
    pub fn create(target: &Path, date: NaiveDate) -> io::Result<Writer> {
        let dir = match target.parent() {
            Some(dir) if !dir.as_os_str().is_empty() => dir,
            _ => Path::new("."),
        };
        let mut builder = tempfile::Builder::new();
        builder.prefix(".linger.").suffix(".zip.tmp");
        // A pack is a file the user asked for, not a private temporary:
        // it gets the permissions any new file gets under the umask, as a
        // shell redirect would give it, not tempfile's 0600.
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            builder.permissions(std::fs::Permissions::from_mode(0o666));
        }
        let temp = builder.tempfile_in(dir)?;
        let file = temp.as_file().try_clone()?;
        // The zip format counts years from 1980 to 2107.
        let year = date.year().clamp(1980, 2107) as u16;
        let time =
            DateTime::from_date_and_time(year, date.month() as u8, date.day() as u8, 12, 0, 0)
                .unwrap_or_default();
        let options = SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .compression_level(Some(6))
            .last_modified_time(time)
            .unix_permissions(0o644);
        Ok(Writer {
            zip: ZipWriter::new(BufWriter::new(file)),
            temp,
            target: target.to_path_buf(),
            options,
        })
    }

    /// Adds `name` with the bytes `from` gives (`size` of them, as far as
    /// known beforehand); returns their SHA-256 and how many there were.
    pub fn add(&mut self, name: &str, from: impl Read, size: u64) -> io::Result<(String, u64)> {
        let options = self.options.large_file(size >= u64::from(u32::MAX));
        self.zip
            .start_file(name, options)
            .map_err(io::Error::other)?;
        let mut hashing = Hashing::new(from);
        io::copy(&mut hashing, &mut self.zip)?;
        Ok(hashing.finish())
    }

    /// Writes the end of the zip, puts it on disk and moves it to the
    /// target.
    pub fn finish(self) -> io::Result<()> {
        let file = self.zip.finish().map_err(io::Error::other)?;
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        self.temp.persist(&self.target).map_err(|err| err.error)?;
        Ok(())
    }
}

/// A reader that hashes and counts what is read through it.
struct Hashing<R> {
    inner: R,
    hasher: Sha256,
    count: u64,
}

impl<R: Read> Hashing<R> {
    fn new(inner: R) -> Self {
        Hashing {
            inner,
            hasher: Sha256::new(),
            count: 0,
        }
    }

    fn finish(self) -> (String, u64) {
        (hex::encode(self.hasher.finalize()), self.count)
    }
}

impl<R: Read> Read for Hashing<R> {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.inner.read(buf)?;
        self.hasher.update(&buf[..n]);
        self.count += n as u64;
        Ok(n)
    }
}

/// What reading a pack may cost.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// Entries in the archive.
    pub entries: usize,
    /// Bytes of the manifest, which is read into memory.
    pub manifest: u64,
    /// Bytes all entries may decompress to, per byte of the archive, plus
    /// a megabyte: deflate cannot pass 1,032 to one, so a pack linger
    /// wrote never comes near; a bomb (overlapping entries) does.
    pub ratio: u64,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            entries: 1_000_000,
            manifest: 64 << 20,
            ratio: 1100,
        }
    }
}

/// A pack as read: the manifest's bytes (if it has one) and every other
/// file with its SHA-256 or why it could not be read.
#[derive(Debug)]
pub struct Opened {
    pub manifest: Option<Vec<u8>>,
    pub files: Vec<(String, Result<String, String>)>,
}

/// Reads the pack at `path`, hashing every entry but `manifest`, which it
/// returns; an error says what is damaged.
pub fn read(path: &Path, manifest: &str, limits: Limits) -> Result<Opened, String> {
    let file = File::open(path).map_err(|err| format!("cannot open it: {err}"))?;
    let size = file.metadata().map(|m| m.len()).unwrap_or(0);
    let mut archive = ZipArchive::new(BufReader::new(file))
        .map_err(|err| format!("it is not a zip archive, or its end is cut off ({err})"))?;
    if archive.len() > limits.entries {
        return Err(format!(
            "it has {} entries, more than the {} a pack may have",
            archive.len(),
            limits.entries
        ));
    }
    let mut budget = size.saturating_mul(limits.ratio).saturating_add(1 << 20);
    let mut read = Opened {
        manifest: None,
        files: Vec::new(),
    };
    for i in 0..archive.len() {
        let listed = (archive.name_for_index(i))
            .and_then(Result::ok)
            .map_or_else(|| format!("entry {}", i + 1), |n| n.into_owned());
        let mut entry = match archive.by_index(i) {
            Ok(entry) => entry,
            Err(err) => {
                read.files.push((listed, Err(err.to_string())));
                continue;
            }
        };
        let name = entry
            .name()
            .map_err(|err| format!("entry {} has a name that cannot be read ({err})", i + 1))?
            .into_owned();
        if entry.is_dir() {
            continue;
        }
        if name == manifest && read.manifest.is_none() {
            let mut bytes = Vec::new();
            let taken = Read::by_ref(&mut entry)
                .take(limits.manifest + 1)
                .read_to_end(&mut bytes);
            match taken {
                Ok(n) if n as u64 > limits.manifest => {
                    return Err(format!(
                        "`{manifest}` is larger than {} MiB: not one linger wrote",
                        limits.manifest >> 20
                    ));
                }
                Ok(_) => read.manifest = Some(bytes),
                Err(err) => return Err(format!("`{manifest}` cannot be read ({err})")),
            }
            continue;
        }
        let mut hashing = Hashing::new(Read::by_ref(&mut entry).take(budget + 1));
        let copied = io::copy(&mut hashing, &mut io::sink());
        let (sha256, count) = hashing.finish();
        if count > budget {
            return Err(format!(
                "its entries decompress to more than {} times its size (at `{name}`): a zip bomb, not a pack linger wrote",
                limits.ratio
            ));
        }
        budget -= count;
        read.files
            .push((name, copied.map(|_| sha256).map_err(|err| err.to_string())));
    }
    Ok(read)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_entries_make_the_same_bytes_and_read_back() {
        let dir = tempfile::tempdir().unwrap();
        let day = NaiveDate::from_ymd_opt(2026, 12, 7).unwrap();
        let write = |name: &str| {
            let path = dir.path().join(name);
            let mut writer = Writer::create(&path, day).unwrap();
            writer.add("a.txt", &b"hello"[..], 5).unwrap();
            writer.add("m.json", &b"{}"[..], 2).unwrap();
            writer.finish().unwrap();
            std::fs::read(path).unwrap()
        };
        let (one, two) = (write("one.zip"), write("two.zip"));
        assert_eq!(one, two);
        let read = read(&dir.path().join("one.zip"), "m.json", Limits::default()).unwrap();
        assert_eq!(read.manifest.as_deref(), Some(&b"{}"[..]));
        assert_eq!(
            read.files,
            [(
                "a.txt".to_string(),
                Ok(crate::inventory::sha256_bytes(b"hello"))
            )]
        );
        // No temporary file is left beside the packs.
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 2);
    }

    #[cfg(unix)]
    #[test]
    fn a_pack_gets_a_new_files_permissions() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("pack.zip");
        let writer = Writer::create(&path, NaiveDate::MIN).unwrap();
        writer.finish().unwrap();
        // A file made the ordinary way, under the same umask.
        let plain = dir.path().join("plain");
        std::fs::File::create(&plain).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&path), mode(&plain));
    }

    #[test]
    fn more_than_the_ratio_allows_is_a_bomb() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("bomb.zip");
        let mut writer = Writer::create(&path, NaiveDate::MIN).unwrap();
        let zeros = vec![0u8; 4 << 20];
        writer.add("zeros", &zeros[..], zeros.len() as u64).unwrap();
        writer.finish().unwrap();
        let limits = Limits {
            ratio: 2,
            ..Limits::default()
        };
        let err = read(&path, "manifest.json", limits).unwrap_err();
        assert!(err.contains("zip bomb") && err.contains("`zeros`"), "{err}");
        let limits = Limits {
            manifest: 1 << 20,
            ..Limits::default()
        };
        let err = read(&path, "zeros", limits).unwrap_err();
        assert!(err.contains("`zeros` is larger than 1 MiB"), "{err}");
    }
}
