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
//! the inventory beyond the names asked about. The file is not trusted: it
//! is read only when it is a regular file of at most `MAX_FILE` bytes, and
//! an answer dated in the future or past what a clock can hold makes the
//! whole file damaged. A damaged or unreadable file is an empty cache with
//! one warning (`Cache::warning`), never an error or a hang: the cache is
//! a convenience, and the next save replaces it.

use std::collections::HashMap;
use std::fs;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::time::{Duration, SystemTime};

use serde::{Deserialize, Serialize};

/// Answers older than this are dropped when the file is written: no source
/// keeps one longer.
const KEEP: Duration = Duration::from_secs(7 * 24 * 3600);

/// The largest cache file read: far above a run of thousands of vendors
/// (the breach list, the largest answer, is a few megabytes).
const MAX_FILE: u64 = 256 << 20;

/// How far in the future an answer may be dated (clocks differ a little
/// between machines sharing a cache) before the file counts as damaged.
const SKEW: Duration = Duration::from_secs(24 * 3600);

pub struct Cache {
    dir: PathBuf,
    answers: Mutex<HashMap<String, Stored>>,
    /// Whether anything was added since the file was read.
    changed: Mutex<bool>,
    /// Why the file on disk was ignored, when it was.
    warning: Option<String>,
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
        Self::open(dir, SystemTime::now())
    }

    /// The cache in `dir` as read at `now`.
    pub fn open(dir: PathBuf, now: SystemTime) -> Self {
        let path = dir.join("answers.json");
        let (answers, warning) = match read(&path, now) {
            Ok(answers) => (answers, None),
            Err(why) => (
                HashMap::new(),
                Some(format!(
                    "the answer cache {} {why}: it is ignored, and every answer is fetched again",
                    crate::printable::line(&path.display().to_string())
                )),
            ),
        };
        Self {
            dir,
            answers: Mutex::new(answers),
            changed: Mutex::new(false),
            warning,
        }
    }

    /// Why the cache file was ignored, for one warning.
    pub fn warning(&self) -> Option<&str> {
        self.warning.as_deref()
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
        let fetched = SystemTime::UNIX_EPOCH.checked_add(Duration::from_secs(stored.fetched))?;
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
        let mut merged = read(&path, now).unwrap_or_default();
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

/// The answers in `path`; no file is an empty cache. Any damage is an
/// error saying what is wrong with the file.
fn read(path: &Path, now: SystemTime) -> Result<HashMap<String, Stored>, String> {
    // Opening a FIFO would block and a link to a device reads without end:
    // only a regular file is opened.
    let file = match fs::metadata(path) {
        Err(err) if err.kind() == std::io::ErrorKind::NotFound => return Ok(HashMap::new()),
        Ok(meta) if !meta.is_file() => return Err("is not a regular file".into()),
        _ => {
            crate::inventory::open_regular(path).map_err(|err| format!("cannot be read ({err})"))?
        }
    };
    let mut text = String::new();
    file.take(MAX_FILE + 1)
        .read_to_string(&mut text)
        .map_err(|err| format!("cannot be read ({err})"))?;
    if text.len() as u64 > MAX_FILE {
        return Err(format!("is larger than {} MB", MAX_FILE >> 20));
    }
    let answers: HashMap<String, Stored> =
        serde_json::from_str(&text).map_err(|_| "is not the JSON linger writes".to_string())?;
    let latest = seconds(now).saturating_add(SKEW.as_secs());
    if answers.values().any(|stored| stored.fetched > latest) {
        return Err("holds answers dated in the future".into());
    }
    Ok(answers)
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
        let later = Cache::open(dir.path().join("http"), t0);
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

        let after = Cache::open(dir.path().to_path_buf(), t0 + 8 * day);
        let ttl = 30 * day;
        let now = t0 + 8 * day;
        assert!(after.get("a", ttl, now).is_some());
        assert!(after.get("b", ttl, now).is_some());
        assert_eq!(after.get("old", ttl, now), None, "older than a week");
    }

    #[test]
    fn answers_from_the_future_or_past_any_clock_damage_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("answers.json");
        fs::write(
            &path,
            r#"{"a": {"fetched": 18446744073709551615, "status": 200, "body": "[]"}}"#,
        )
        .unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        assert!(cache.warning().unwrap().contains("dated in the future"));
        assert_eq!(cache.get("a", KEEP, SystemTime::now()), None);
    }

    #[cfg(unix)]
    #[test]
    fn a_fifo_or_a_device_is_not_read() {
        let dir = tempfile::tempdir().unwrap();
        std::os::unix::fs::symlink("/dev/zero", dir.path().join("answers.json")).unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        assert!(cache.warning().unwrap().contains("not a regular file"));
        // Saving replaces the link with a file.
        cache.put("a", &answer(SystemTime::now()));
        cache.save(SystemTime::now()).unwrap();
        let again = Cache::new(dir.path().to_path_buf());
        assert_eq!(again.warning(), None);
        assert!(again.get("a", KEEP, SystemTime::now()).is_some());
    }

    #[test]
    fn a_damaged_file_is_an_empty_cache() {
        let dir = tempfile::tempdir().unwrap();
        fs::write(dir.path().join("answers.json"), "{not json").unwrap();
        let cache = Cache::new(dir.path().to_path_buf());
        assert!(cache.warning().unwrap().contains("is not the JSON"));
        assert_eq!(cache.get("a", KEEP, SystemTime::now()), None);
        cache.put("a", &answer(SystemTime::now()));
        cache.save(SystemTime::now()).unwrap();
        let again = Cache::new(dir.path().to_path_buf());
        assert!(again.get("a", KEEP, SystemTime::now()).is_some());
    }
}
