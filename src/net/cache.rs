//! The on-disk cache of HTTP answers: one small JSON file per request,
//! named by the SHA-256 of the request, in linger's cache directory
//! (`~/.cache/linger/http` on Linux, or `LINGER_CACHE_DIR`). An answer is
//! reused while younger than the time-to-live its source sets.
//!
//! Only domain names and public answers are stored here, never anything
//! from the inventory beyond the names asked about. A file that cannot be
//! read or parsed is a miss, never an error: the cache is a convenience.

use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub struct Cache {
    dir: PathBuf,
}

/// One stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub fetched: SystemTime,
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

#[derive(Serialize, Deserialize)]
struct Stored {
    /// What was asked, for a person looking in the directory.
    request: String,
    /// Seconds since the Unix epoch.
    fetched: u64,
    status: u16,
    location: Option<String>,
    body: String,
}

impl Cache {
    /// The cache in `dir` (created on the first write).
    pub fn new(dir: PathBuf) -> Self {
        Self { dir }
    }

    /// The directory the platform gives linger for caches, when it has one.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "linger").map(|d| d.cache_dir().join("http"))
    }

    fn path(&self, key: &str) -> PathBuf {
        let digest = Sha256::digest(key.as_bytes());
        self.dir
            .join(format!("{}.json", hex::encode(&digest[..16])))
    }

    /// The answer stored for `key`, when it is younger than `ttl` at `now`.
    pub fn get(&self, key: &str, ttl: Duration, now: SystemTime) -> Option<Cached> {
        let text = fs::read_to_string(self.path(key)).ok()?;
        let stored: Stored = serde_json::from_str(&text).ok()?;
        if stored.request != key {
            return None;
        }
        let fetched = SystemTime::UNIX_EPOCH + Duration::from_secs(stored.fetched);
        let age = now.duration_since(fetched).ok()?;
        (age < ttl).then_some(Cached {
            fetched,
            status: stored.status,
            location: stored.location,
            body: stored.body,
        })
    }

    /// Stores an answer, replacing the file atomically so that a reader
    /// never sees half of one.
    pub fn put(&self, key: &str, cached: &Cached) -> std::io::Result<()> {
        fs::create_dir_all(&self.dir)?;
        let stored = Stored {
            request: key.to_string(),
            fetched: cached
                .fetched
                .duration_since(SystemTime::UNIX_EPOCH)
                .map_or(0, |d| d.as_secs()),
            status: cached.status,
            location: cached.location.clone(),
            body: cached.body.clone(),
        };
        let mut file = tempfile::NamedTempFile::new_in(&self.dir)?;
        file.write_all(serde_json::to_string(&stored)?.as_bytes())?;
        file.persist(self.path(key)).map_err(|e| e.error)?;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_reused_until_its_time_to_live_passes() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().join("http"));
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let answer = Cached {
            fetched: t0,
            status: 404,
            location: None,
            body: "{}".into(),
        };
        assert_eq!(cache.get("a", Duration::from_secs(60), t0), None);
        cache.put("a", &answer).unwrap();
        let hour = Duration::from_secs(3600);
        assert_eq!(
            cache.get("a", hour, t0 + Duration::from_secs(59)),
            Some(answer)
        );
        assert_eq!(cache.get("a", hour, t0 + hour), None);
        assert_eq!(cache.get("b", hour, t0), None);
    }

    #[test]
    fn a_damaged_file_is_a_miss() {
        let dir = tempfile::tempdir().unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        fs::write(cache.path("a"), "{not json").unwrap();
        let now = SystemTime::now();
        assert_eq!(cache.get("a", Duration::from_secs(60), now), None);
    }
}
