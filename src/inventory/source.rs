//! The inventory file as text: reading it (the only place that does), and
//! turning byte offsets into the line and column a person sees.

use std::io;
use std::path::{Path, PathBuf};

use crate::diagnostic::Diagnostic;

/// The largest file linger reads: 256 MB, ten times a 100,000-vendor
/// inventory.
pub const MAX_BYTES: u64 = 256 << 20;

/// A regular file's bytes, at most `MAX_BYTES`. Anything else (a
/// directory, `/dev/zero`, a FIFO that would block forever, a device) is an
/// error that says so, before a byte is read.
pub fn read_file(path: &Path) -> io::Result<Vec<u8>> {
    read_file_upto(path, MAX_BYTES)
}

/// Opens `path` for reading only when it is a regular file: anything else
/// (a directory, `/dev/zero`, a FIFO, a device) is an error that says so,
/// before a byte is read. Every reader of a file the user or the network
/// could have swapped uses it.
pub fn open_regular(path: &Path) -> io::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.read(true);
    // Opening a FIFO for reading blocks until a writer comes; with
    // O_NONBLOCK it returns at once, and the check below refuses it.
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::custom_flags(&mut options, libc::O_NONBLOCK);
    let file = options.open(path)?;
    if !file.metadata()?.is_file() {
        return Err(io::Error::other(
            "it is not a regular file (a directory, device or pipe); give the path of a file",
        ));
    }
    Ok(file)
}

/// The SHA-256 of a regular file's bytes, in lower-case hex, read in
/// blocks: what an event's `evidence_sha256` records.
pub fn sha256_file(path: &Path) -> io::Result<String> {
    sha256_read(open_regular(path)?)
}

/// The SHA-256 of everything `file` reads, in lower-case hex, in blocks.
pub(crate) fn sha256_read(mut file: impl io::Read) -> io::Result<String> {
    use sha2::{Digest, Sha256};
    let mut hasher = Sha256::new();
    let mut block = vec![0u8; 1 << 16];
    loop {
        let n = file.read(&mut block)?;
        if n == 0 {
            break;
        }
        hasher.update(&block[..n]);
    }
    Ok(hex::encode(hasher.finalize()))
}

/// The SHA-256 of bytes in memory, as `sha256_file` writes it.
pub fn sha256_bytes(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

/// `read_file` with another limit.
pub fn read_file_upto(path: &Path, limit: u64) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let file = open_regular(path)?;
    let metadata = file.metadata()?;
    if metadata.len() > limit {
        return Err(io::Error::other(format!(
            "it is {}; linger reads files of at most {}",
            megabytes(metadata.len()),
            megabytes(limit)
        )));
    }
    let mut bytes = Vec::with_capacity(metadata.len() as usize);
    // A file that grows while it is read still stops at the limit.
    file.take(limit + 1).read_to_end(&mut bytes)?;
    if bytes.len() as u64 > limit {
        return Err(io::Error::other(format!(
            "it grew past {} while being read",
            megabytes(limit)
        )));
    }
    Ok(bytes)
}

/// `n` bytes in MB, to one decimal where that is not a whole number, so a
/// 1.5 MB file is not called "1 MB" beside a 1 MB limit; rounded up, so
/// a file just over the limit never reads as equal to it.
fn megabytes(n: u64) -> String {
    let tenths = (u128::from(n) * 10).div_ceil(1 << 20);
    if tenths % 10 == 0 {
        format!("{} MB", tenths / 10)
    } else {
        format!("{}.{} MB", tenths / 10, tenths % 10)
    }
}

/// What `bytes` (the start of a file) are when they are not text linger
/// can read, and how to make them so: compressed archives and UTF-16 are
/// told apart from 8-bit text, so that the error does not call a zip file
/// "not valid UTF-8". `None` for UTF-8 text, or a prefix that could be.
pub fn not_text(bytes: &[u8]) -> Option<(&'static str, &'static str)> {
    const COMPRESSED: [(&[u8], &str, &str); 6] = [
        (
            b"\x1f\x8b",
            "gzip-compressed",
            "decompress it first: `gunzip -k FILE`",
        ),
        (
            b"PK\x03\x04",
            "a zip archive",
            "unzip it and give the files inside: `unzip FILE`",
        ),
        (
            b"BZh",
            "bzip2-compressed",
            "decompress it first: `bunzip2 -k FILE`",
        ),
        (
            b"\xfd7zXZ\x00",
            "xz-compressed",
            "decompress it first: `unxz -k FILE`",
        ),
        (
            b"\x28\xb5\x2f\xfd",
            "zstd-compressed",
            "decompress it first: `unzstd FILE`",
        ),
        (
            b"7z\xbc\xaf\x27\x1c",
            "a 7-Zip archive",
            "extract it and give the files inside",
        ),
    ];
    for (magic, what, help) in COMPRESSED {
        if bytes.starts_with(magic) {
            return Some((what, help));
        }
    }
    let utf16 =
        "convert it to UTF-8: `iconv -f UTF-16 -t UTF-8 FILE > FILE.utf8` (or save it as UTF-8)";
    if bytes.starts_with(b"\xff\xfe") || bytes.starts_with(b"\xfe\xff") {
        return Some(("UTF-16 text", utf16));
    }
    // UTF-16 without a byte-order mark: every other byte of ASCII is 0.
    let head = &bytes[..bytes.len().min(4096)];
    if head.len() >= 4 && head.iter().filter(|&&b| b == 0).count() * 3 > head.len() {
        return Some(("UTF-16 text or binary data", utf16));
    }
    match std::str::from_utf8(head) {
        Ok(_) => None,
        // A character cut at the end of the prefix is not an error.
        Err(err) if err.error_len().is_none() => None,
        Err(_) => Some((
            "not UTF-8 (Latin-1, Windows-1252 or another 8-bit encoding)",
            "convert it to UTF-8: `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8` (or save it as UTF-8)",
        )),
    }
}

/// An inventory's text and where it came from.
#[derive(Debug, Clone)]
pub struct Source {
    /// The path as the user gave it or as it was found; files are opened by it.
    pub path: PathBuf,
    pub text: String,
    line_starts: Vec<usize>,
    /// Set when the bytes were not UTF-8; `text` is then a lossy copy for
    /// showing the place.
    pub encoding_error: Option<Diagnostic>,
}

impl Source {
    /// Reads a regular file of at most `MAX_BYTES` (`read_file`).
    pub fn read(path: &Path) -> io::Result<Self> {
        Ok(Self::from_bytes(path.to_path_buf(), read_file(path)?))
    }

    pub fn from_bytes(path: PathBuf, bytes: Vec<u8>) -> Self {
        match String::from_utf8(bytes) {
            Ok(text) => Self::new(path, text),
            Err(err) => {
                let at = err.utf8_error().valid_up_to();
                let kind = not_text(err.as_bytes());
                let text = String::from_utf8_lossy(err.as_bytes()).into_owned();
                let is_inventory = path
                    .file_name()
                    .is_some_and(|n| n.to_string_lossy().ends_with(".toml"));
                let (message, help) = match kind {
                    _ if is_inventory => (
                        "the inventory is not valid UTF-8".to_string(),
                        "save the file as UTF-8 (most editors have an \"encoding\" option)"
                            .to_string(),
                    ),
                    Some((what, help)) => (format!("the file is {what}"), help.to_string()),
                    None => (
                        "the file is not UTF-8 (Latin-1, Windows-1252 or another 8-bit encoding)".to_string(),
                        "convert it to UTF-8: `iconv -f WINDOWS-1252 -t UTF-8 FILE > FILE.utf8` (or save it as UTF-8)".to_string(),
                    ),
                };
                // The lossy copy has U+FFFD (3 bytes) at `at`: point at it.
                // A compressed or UTF-16 file has no line worth showing.
                let diag = match kind {
                    Some((what, _)) if !what.starts_with("not UTF-8") && !is_inventory => {
                        Diagnostic::error(message).help(help)
                    }
                    _ => Diagnostic::error(message)
                        .at(at..at + 3, "this byte is not UTF-8")
                        .help(help),
                };
                let mut source = Self::new(path, text);
                source.encoding_error = Some(diag);
                source
            }
        }
    }

    pub fn new(path: PathBuf, text: String) -> Self {
        let line_starts = std::iter::once(0).chain(memchr_newlines(&text)).collect();
        Self {
            path,
            text,
            line_starts,
            encoding_error: None,
        }
    }

    /// The path as shown in messages.
    pub fn display_path(&self) -> String {
        self.path.display().to_string()
    }

    /// 1-based line and column (in characters) of a byte offset.
    pub fn line_col(&self, offset: usize) -> (usize, usize) {
        let offset = offset.min(self.text.len());
        let line = self.line_starts.partition_point(|&start| start <= offset) - 1;
        let start = self.line_starts[line];
        let column = self
            .text
            .get(start..offset)
            .map_or(offset - start, |s| s.chars().count());
        (line + 1, column + 1)
    }

    /// The byte range of the whole lines that contain `span`, and the
    /// 1-based number of the first one: what a snippet shows.
    pub fn lines_around(&self, span: &std::ops::Range<usize>) -> (std::ops::Range<usize>, usize) {
        let (first, _) = self.line_col(span.start);
        let (last, _) = self.line_col(span.end.saturating_sub(1).max(span.start));
        let start = self.line_starts[first - 1];
        let end = self
            .line_starts
            .get(last)
            .map_or(self.text.len(), |next| *next);
        (start..end, first)
    }
}

fn memchr_newlines(text: &str) -> impl Iterator<Item = usize> + '_ {
    text.bytes()
        .enumerate()
        .filter(|(_, b)| *b == b'\n')
        .map(|(i, _)| i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn megabytes_round_up_to_a_tenth() {
        assert_eq!(megabytes(1 << 20), "1 MB");
        assert_eq!(megabytes(3 << 19), "1.5 MB");
        assert_eq!(megabytes((1 << 20) + 1), "1.1 MB");
        assert_eq!(megabytes(0), "0 MB");
    }

    #[test]
    fn line_and_column_count_characters() {
        let s = Source::new("x".into(), "a = 1\nnavn = \"Østfold\"\r\nb".into());
        assert_eq!(s.line_col(0), (1, 1));
        assert_eq!(s.line_col(6), (2, 1));
        let after_o = s.text.find("stfold").unwrap();
        assert_eq!(s.line_col(after_o), (2, 10));
        assert_eq!(s.line_col(s.text.len()), (3, 2));
        assert_eq!(s.lines_around(&(6..8)), (6..25, 2));
    }

    #[test]
    fn non_utf8_is_reported_at_the_byte() {
        let s = Source::from_bytes("x".into(), b"a = 1\nb = \"\xff\"\n".to_vec());
        let diag = s.encoding_error.clone().expect("an error");
        assert_eq!(s.line_col(diag.offset()), (2, 6));
    }
}
