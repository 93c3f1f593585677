//! The on-disk cache of HTTP answers: one JSON file (`answers.json`) in
//! linger's cache directory (`~/.cache/linger/http` on Linux, or
//! `LINGER_CACHE_DIR`), read once when a run starts and written once when
//! it ends. An answer is reused while younger than the time-to-live its
//! source sets.
//!
//! One file rather than a file per answer: a run of a thousand vendors
//! asks three thousand questions, and as many small files cost more in
//! file-system calls (and directory contention between threads) than the
//! network answers took. Two runs at once each write the whole file
//! atomically; the later one wins, which costs the other's answers a
//! second fetch, never a wrong answer.
//!
//! Only domain names and public answers are stored, never anything from
//! the inventory beyond the names asked about. A file that cannot be read
//! or parsed is an empty cache, never an error: the cache is a convenience.

use std::collections::HashMap;
use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// Answers older than this are dropped when the file is written: no source
/// keeps one longer.
const KEEP: Duration = Duration::from_secs(7 * 24 * 3600);

pub struct Cache {
    dir: PathBuf,
    answers: Mutex<HashMap<String, Stored>>,
    /// Whether anything was added since the file was read.
    changed: Mutex<bool>,
}

/// One stored answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cached {
    pub fetched: SystemTime,
    pub status: u16,
    pub location: Option<String>,
    pub body: String,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
struct Stored {
    /// Seconds since the Unix epoch.
    fetched: u64,
    status: u16,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    location: Option<String>,
    body: String,
}

fn seconds(time: SystemTime) -> u64 {
    time.duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

impl Cache {
    /// The cache in `dir`, with what an earlier run left there.
    pub fn new(dir: PathBuf) -> Self {
        let answers = read(&dir.join("answers.json"));
        Self {
            dir,
            answers: Mutex::new(answers),
            changed: Mutex::new(false),
        }
    }

    /// The directory the platform gives linger for caches, when it has one.
    pub fn default_dir() -> Option<PathBuf> {
        use etcetera::AppStrategy;
        etcetera::choose_app_strategy(etcetera::AppStrategyArgs {
            top_level_domain: "org".into(),
            author: "linger".into(),
            app_name: "linger".into(),
        })
        .ok()
        .map(|strategy| strategy.cache_dir().join("http"))
    }

    /// The answer stored for `key`, when it is younger than `ttl` at `now`.
    pub fn get(&self, key: &str, ttl: Duration, now: SystemTime) -> Option<Cached> {
        let answers = self.answers.lock().ok()?;
        let stored = answers.get(key)?;
        let fetched = SystemTime::UNIX_EPOCH + Duration::from_secs(stored.fetched);
        let age = now.duration_since(fetched).ok()?;
        (age < ttl).then(|| Cached {
            fetched,
            status: stored.status,
            location: stored.location.clone(),
            body: stored.body.clone(),
        })
    }

    /// Keeps an answer, to be written by `save`.
    pub fn put(&self, key: &str, cached: &Cached) {
        if let (Ok(mut answers), Ok(mut changed)) = (self.answers.lock(), self.changed.lock()) {
            answers.insert(
                key.to_string(),
                Stored {
                    fetched: seconds(cached.fetched),
                    status: cached.status,
                    location: cached.location.clone(),
                    body: cached.body.clone(),
                },
            );
            *changed = true;
        }
    }

    /// Writes the answers, with those another run wrote meanwhile, without
    /// any older than a week, replacing the file atomically. Does nothing
    /// when nothing was added.
    pub fn save(&self, now: SystemTime) -> std::io::Result<()> {
        if !self.changed.lock().is_ok_and(|c| *c) {
            return Ok(());
        }
        fs::create_dir_all(&self.dir)?;
        let path = self.dir.join("answers.json");
        let mut merged = read(&path);
        if let Ok(answers) = self.answers.lock() {
            for (key, stored) in answers.iter() {
                let newer = merged
                    .get(key)
                    .is_none_or(|other| other.fetched <= stored.fetched);
                if newer {
                    merged.insert(key.clone(), stored.clone());
                }
            }
        }
        let oldest = seconds(now).saturating_sub(KEEP.as_secs());
        merged.retain(|_, stored| stored.fetched >= oldest);
        let mut file = tempfile::NamedTempFile::new_in(&self.dir)?;
        file.write_all(serde_json::to_string(&merged)?.as_bytes())?;
        file.persist(&path).map_err(|e| e.error)?;
        if let Ok(mut changed) = self.changed.lock() {
            *changed = false;
        }
        Ok(())
    }
}

fn read(path: &std::path::Path) -> HashMap<String, Stored> {
    fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str(&text).ok())
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answer(at: SystemTime) -> Cached {
        Cached {
            fetched: at,
            status: 404,
            location: None,
            body: "{}".into(),
        }
    }

    #[test]
    fn an_answer_is_reused_until_its_time_to_live_passes() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let hour = Duration::from_secs(3600);
        let cache = Cache::new(dir.path().join("http"));
        assert_eq!(cache.get("a", hour, t0), None);
        cache.put("a", &answer(t0));
        cache.save(t0).unwrap();

        // A later run reads what this one saved.
        let later = Cache::new(dir.path().join("http"));
        let seen = Duration::from_secs(59);
        assert_eq!(later.get("a", hour, t0 + seen), Some(answer(t0)));
        assert_eq!(later.get("a", hour, t0 + hour), None);
        assert_eq!(later.get("b", hour, t0), None);
    }

    #[test]
    fn saving_merges_with_another_run_and_drops_old_answers() {
        let dir = tempfile::tempdir().unwrap();
        let t0 = SystemTime::UNIX_EPOCH + Duration::from_secs(1_800_000_000);
        let day = Duration::from_secs(24 * 3600);
        let one = Cache::new(dir.path().to_path_buf());
        let two = Cache::new(dir.path().to_path_buf());
        one.put("old", &answer(t0));
        one.put("a", &answer(t0 + 7 * day));
        one.save(t0 + 7 * day).unwrap();
        two.put("b", &answer(t0 + 8 * day));
        two.save(t0 + 8 * day).unwrap();

        let after = Cache::new(dir.path().to_path_buf());
        let ttl = 30 * day;
        let now = t0 + 8 * day;
        assert!(after.get("a", ttl, now).is_some());
        assert!(after.get("b", ttl, now).is_some());
        assert_eq!(after.get("old", ttl, now), None, "older than a week");
    }

    #[test]
    fn a_damaged_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("answers.json"), "{not json").unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        assert_eq!(cache.get("a", KEEP, SystemTime::now()), None);
        cache.put("a", &answer(SystemTime::now()));
        cache.save(SystemTime::now()).unwrap();
        let again = Cache::new(dir.path().to_path_buf());
        assert!(again.get("a", KEEP, SystemTime::now()).is_some());
    }
}
