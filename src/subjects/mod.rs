//! Subject sets: who was in which vendor, kept as keyed hashes so that the
//! repository never holds a customer's address. Pure: addresses, a key and
//! bytes in; hashes, files' bytes and counts out. Reading and writing the
//! files, and the key's place in the keyring, are the command's.
//!
//! An address is normalised the same way everywhere (`normalise`), hashed
//! with HMAC-SHA-256 under a 32-byte key, and the first 8 bytes kept. At a
//! million subjects per vendor, two different addresses share a hash with
//! odds of about one in 36 million; a hash alone reveals nothing without
//! the key. docs/trace.md describes the file format.

mod input;

use hmac::{Hmac, Mac};
use sha2::Sha256;

pub use input::{AddressList, ListError, read_list};

/// The secret that holds the key (hex) in the keyring;
/// `LINGER_SUBJECTS_KEY` in the environment.
pub const KEY_SECRET: &str = "subjects-key";

/// The first bytes of every hash file.
const MAGIC: &[u8; 8] = b"LINGERSH";
/// The format version this build writes and reads.
const VERSION: u16 = 1;
/// magic, version, fingerprint, count.
const HEADER: usize = 8 + 2 + 8 + 8;

/// The key that turns addresses into hashes, with its HMAC state keyed
/// once, so each hash costs two SHA-256 blocks, not four.
pub struct Key {
    bytes: [u8; 32],
    keyed: Hmac<Sha256>,
}

impl Key {
    pub fn from_bytes(bytes: [u8; 32]) -> Self {
        // HMAC takes a key of any length; 32 bytes can never be refused.
        let keyed = <Hmac<Sha256> as Mac>::new_from_slice(&bytes)
            .unwrap_or_else(|_| unreachable!("HMAC accepts any key length"));
        Self { bytes, keyed }
    }

    /// The key from its hex form (64 characters), as the keyring and
    /// `LINGER_SUBJECTS_KEY` hold it.
    pub fn from_hex(text: &str) -> Option<Self> {
        let bytes = hex::decode(text.trim()).ok()?;
        Some(Self::from_bytes(bytes.try_into().ok()?))
    }

    pub fn to_hex(&self) -> String {
        hex::encode(self.bytes)
    }

    /// Names the key without revealing it: a hash of a fixed text under
    /// the key, so files made with another key are told apart.
    pub fn fingerprint(&self) -> [u8; 8] {
        first_eight(&self.mac(b"linger subjects key fingerprint"))
    }

    /// The hash of one normalised address.
    pub fn hash(&self, normalised: &str) -> u64 {
        u64::from_be_bytes(first_eight(&self.mac(normalised.as_bytes())))
    }

    fn mac(&self, data: &[u8]) -> [u8; 32] {
        let mut mac = self.keyed.clone();
        mac.update(data);
        mac.finalize().into_bytes().into()
    }
}

fn first_eight(bytes: &[u8; 32]) -> [u8; 8] {
    let mut out = [0u8; 8];
    out.copy_from_slice(&bytes[..8]);
    out
}

/// An address as every part of linger compares it: without a display
/// name or angle brackets, trimmed, lower-cased, its domain in IDNA (`xn--`)
/// form. `None` for text that is no address.
///
/// ```
/// use linger::subjects::normalise;
/// assert_eq!(normalise("\"Foo\" <Foo@Example.COM>").as_deref(), Some("foo@example.com"));
/// assert_eq!(normalise("foo@bücher.example").as_deref(), Some("foo@xn--bcher-kva.example"));
/// assert_eq!(normalise("no address here"), None);
/// ```
pub fn normalise(text: &str) -> Option<String> {
    let text = text.trim();
    // `Name <addr>`: the part in the last angle brackets.
    let inner = match (text.rfind('<'), text.rfind('>')) {
        (Some(open), Some(close)) if open < close => &text[open + 1..close],
        _ => text,
    };
    let inner = inner.trim().trim_start_matches("mailto:");
    let (local, domain) = crate::address::split(inner)?;
    if local.is_empty() || domain.is_empty() {
        return None;
    }
    // An ASCII domain only needs lower case; IDNA is for the others.
    let domain = if domain.is_ascii() {
        domain.to_ascii_lowercase()
    } else {
        idna::domain_to_ascii(domain).ok()?
    };
    let address = format!("{}@{domain}", local.to_lowercase());
    crate::address::email_problem(&address)
        .is_none()
        .then_some(address)
}

/// A vendor's subject set: sorted, without repeats.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SubjectSet {
    hashes: Vec<u64>,
}

impl SubjectSet {
    pub fn from_hashes(mut hashes: Vec<u64>) -> Self {
        hashes.sort_unstable();
        hashes.dedup();
        Self { hashes }
    }

    pub fn len(&self) -> usize {
        self.hashes.len()
    }

    pub fn is_empty(&self) -> bool {
        self.hashes.is_empty()
    }

    pub fn contains(&self, hash: u64) -> bool {
        self.hashes.binary_search(&hash).is_ok()
    }

    pub fn hashes(&self) -> &[u64] {
        &self.hashes
    }

    /// This set with `more` added.
    pub fn merged(&self, more: &SubjectSet) -> SubjectSet {
        let mut all = Vec::with_capacity(self.len() + more.len());
        all.extend_from_slice(&self.hashes);
        all.extend_from_slice(&more.hashes);
        SubjectSet::from_hashes(all)
    }

    /// The file's bytes: magic, version (u16), the key's fingerprint (8
    /// bytes), the count (u64), then the hashes in ascending order (u64
    /// each); integers big-endian.
    pub fn to_bytes(&self, key: &Key) -> Vec<u8> {
        let mut out = Vec::with_capacity(HEADER + 8 * self.len());
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_be_bytes());
        out.extend_from_slice(&key.fingerprint());
        out.extend_from_slice(&(self.len() as u64).to_be_bytes());
        for hash in &self.hashes {
            out.extend_from_slice(&hash.to_be_bytes());
        }
        out
    }

    /// Reads a file's bytes. `key` must be the one the file was made with.
    pub fn from_bytes(bytes: &[u8], key: &Key) -> Result<SubjectSet, FileError> {
        let mut reader = bytes;
        Self::read_from(&mut reader, bytes.len() as u64, key).map_err(|err| match err {
            ReadError::File(err) => err,
            ReadError::Io(_) => FileError::Damaged("it could not be read"),
        })
    }

    /// Reads a file of `length` bytes from `reader`, streaming: the hashes
    /// go straight into the set, so a set of 10^8 subjects costs its 800 MB
    /// once, not twice. `key` must be the one the file was made with.
    pub fn read_from(
        reader: &mut impl std::io::Read,
        length: u64,
        key: &Key,
    ) -> Result<SubjectSet, ReadError> {
        let mut head = [0u8; HEADER];
        let got = read_full(reader, &mut head)?;
        let header = header_of(&head[..got], length)?;
        if header.fingerprint != key.fingerprint() {
            return Err(FileError::OtherKey {
                file: hex::encode(header.fingerprint),
                key: hex::encode(key.fingerprint()),
            }
            .into());
        }
        // The count was checked against the file's length: no header can
        // make this allocation larger than the file.
        let count = usize::try_from(header.count)
            .map_err(|_| FileError::Damaged("it is too large for this machine"))?;
        let mut hashes: Vec<u64> = Vec::with_capacity(count);
        let mut chunk = vec![0u8; 1 << 20];
        while hashes.len() < count {
            let want = ((count - hashes.len()) * 8).min(chunk.len());
            let got = read_full(reader, &mut chunk[..want])?;
            if got < want {
                return Err(FileError::Damaged("it is shorter than its count").into());
            }
            hashes.extend(
                chunk[..want]
                    .chunks_exact(8)
                    .map(|c| u64::from_be_bytes(c.try_into().unwrap_or([0; 8]))),
            );
        }
        if !hashes.windows(2).all(|w| w[0] < w[1]) {
            return Err(FileError::Damaged("the hashes are not in order").into());
        }
        Ok(SubjectSet { hashes })
    }
}

/// Fills `buf` from `reader` as far as it goes; the bytes read.
fn read_full(reader: &mut impl std::io::Read, buf: &mut [u8]) -> std::io::Result<usize> {
    let mut filled = 0;
    while filled < buf.len() {
        match reader.read(&mut buf[filled..]) {
            Ok(0) => break,
            Ok(n) => filled += n,
            Err(err) if err.kind() == std::io::ErrorKind::Interrupted => {}
            Err(err) => return Err(err),
        }
    }
    Ok(filled)
}

/// Why a hash file could not be read: what is wrong with it, or the
/// reading itself.
#[derive(Debug, thiserror::Error)]
pub enum ReadError {
    #[error("{0}")]
    File(#[from] FileError),
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

/// What a file's header says, without the key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    pub fingerprint: [u8; 8],
    pub count: u64,
}

/// Reads and checks a file's header: the magic, the version and that the
/// count matches the file's length.
pub fn read_header(bytes: &[u8]) -> Result<Header, FileError> {
    header_of(&bytes[..bytes.len().min(HEADER)], bytes.len() as u64)
}

/// The bytes of a header a file starts with: what `header_of` needs.
pub const HEADER_BYTES: usize = HEADER;

/// Checks a header (`bytes`, the file's first bytes) against the file's
/// `length`: the magic, the version, and that the count fits the length.
pub fn header_of(bytes: &[u8], length: u64) -> Result<Header, FileError> {
    if length == 0 {
        return Err(FileError::Empty);
    }
    if bytes.len() < HEADER || &bytes[..8] != MAGIC {
        return Err(FileError::NotAHashFile);
    }
    let version = u16::from_be_bytes([bytes[8], bytes[9]]);
    if version != VERSION {
        return Err(FileError::Version(version));
    }
    let mut fingerprint = [0u8; 8];
    fingerprint.copy_from_slice(&bytes[10..18]);
    let mut count = [0u8; 8];
    count.copy_from_slice(&bytes[18..26]);
    let count = u64::from_be_bytes(count);
    let body = length - HEADER as u64;
    if !body.is_multiple_of(8) || body / 8 != count {
        return Err(FileError::Damaged("its length does not match its count"));
    }
    if count == 0 {
        return Err(FileError::NoSubjects);
    }
    Ok(Header { fingerprint, count })
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("it is empty (0 bytes)")]
    Empty,
    #[error("it holds no subjects")]
    NoSubjects,
    #[error("it is not a linger subjects file")]
    NotAHashFile,
    #[error("it is version {0} of the format; this linger reads version 1")]
    Version(u16),
    #[error("it is damaged: {0}")]
    Damaged(&'static str),
    #[error("it was made with another key (fingerprint {file}; the key in use is {key})")]
    OtherKey { file: String, key: String },
}

impl FileError {
    /// What to do about it, for a vendor `id`.
    pub fn help(&self, id: &str) -> String {
        match self {
            FileError::Empty | FileError::NoSubjects | FileError::Damaged(_) => format!(
                "import the addresses `{id}` held again: `linger subjects import {id} EXPORT.csv --replace`"
            ),
            FileError::NotAHashFile => format!(
                "move the file away (it is not linger's), then `linger subjects import {id} EXPORT.csv`"
            ),
            FileError::Version(_) => "use a linger that reads this version of the format".into(),
            FileError::OtherKey { .. } => format!(
                "restore the key the sets were made with (`linger secret set {KEY_SECRET}`, or LINGER_SUBJECTS_KEY), or import `{id}` again with `--replace` under this key"
            ),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key() -> Key {
        Key::from_bytes([7; 32])
    }

    #[test]
    fn every_written_form_of_an_address_hashes_alike() {
        let k = key();
        let plain = k.hash(&normalise("foo@example.com").unwrap());
        for form in [
            "Foo@Example.COM",
            "  foo@example.com\t",
            "\"Foo\" <foo@example.com>",
            "Foo Bar <FOO@EXAMPLE.COM>",
            "<foo@example.com>",
            "mailto:foo@example.com",
        ] {
            assert_eq!(k.hash(&normalise(form).unwrap()), plain, "{form}");
        }
        assert_eq!(
            normalise("foo@bücher.example"),
            normalise("foo@xn--bcher-kva.example")
        );
    }

    #[test]
    fn a_file_round_trips_and_refuses_another_key_or_damage() {
        let k = key();
        let set = SubjectSet::from_hashes(vec![9, 3, 3, 7]);
        assert_eq!(set.hashes(), [3, 7, 9]);
        let bytes = set.to_bytes(&k);
        assert_eq!(SubjectSet::from_bytes(&bytes, &k), Ok(set.clone()));
        let other = Key::from_bytes([8; 32]);
        assert!(matches!(
            SubjectSet::from_bytes(&bytes, &other),
            Err(FileError::OtherKey { .. })
        ));
        assert_eq!(
            SubjectSet::from_bytes(&bytes[..bytes.len() - 1], &k),
            Err(FileError::Damaged("its length does not match its count"))
        );
        assert_eq!(
            SubjectSet::from_bytes(b"hello", &k),
            Err(FileError::NotAHashFile)
        );
        assert_eq!(read_header(&bytes).unwrap().count, 3);
        assert_eq!(read_header(b""), Err(FileError::Empty));
        let none = SubjectSet::from_hashes(vec![]).to_bytes(&k);
        assert_eq!(read_header(&none), Err(FileError::NoSubjects));
        // A count that lies about the length allocates nothing.
        let mut lying = bytes.clone();
        lying[18..26].copy_from_slice(&u64::MAX.to_be_bytes());
        assert!(matches!(
            SubjectSet::from_bytes(&lying, &k),
            Err(FileError::Damaged(_))
        ));
    }

    /// A hash file of `count` subjects made on the fly, never whole in
    /// memory.
    struct Generated {
        head: Vec<u8>,
        at: u64,
        count: u64,
    }

    impl std::io::Read for Generated {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            let mut n = 0;
            while n + 8 <= buf.len() {
                let at = self.at as usize;
                if at < self.head.len() {
                    let take = (self.head.len() - at).min(buf.len() - n);
                    buf[n..n + take].copy_from_slice(&self.head[at..at + take]);
                    n += take;
                    self.at += take as u64;
                    continue;
                }
                let index = (self.at - HEADER as u64) / 8;
                if index >= self.count {
                    break;
                }
                buf[n..n + 8].copy_from_slice(&(index * 3 + 1).to_be_bytes());
                n += 8;
                self.at += 8;
            }
            Ok(n)
        }
    }

    #[test]
    fn a_set_larger_than_any_file_cap_streams_in() {
        // 34 million subjects: a 272 MB file, past the 256 MB that other
        // inputs are capped at.
        let k = key();
        let count: u64 = 34_000_000;
        let mut head = Vec::new();
        head.extend_from_slice(MAGIC);
        head.extend_from_slice(&VERSION.to_be_bytes());
        head.extend_from_slice(&k.fingerprint());
        head.extend_from_slice(&count.to_be_bytes());
        let length = HEADER as u64 + 8 * count;
        let mut reader = Generated { head, at: 0, count };
        let set = SubjectSet::read_from(&mut reader, length, &k).unwrap();
        assert_eq!(set.len() as u64, count);
        assert!(set.contains(3 * 12_345_678 + 1));
        assert!(!set.contains(3 * 12_345_678 + 2));
    }

    #[test]
    fn the_key_round_trips_through_hex_and_its_fingerprint_hides_it() {
        let k = key();
        let again = Key::from_hex(&k.to_hex()).unwrap();
        assert_eq!(again.fingerprint(), k.fingerprint());
        assert!(!k.to_hex().contains(&hex::encode(k.fingerprint())));
        assert!(Key::from_hex("abcd").is_none());
    }
}
