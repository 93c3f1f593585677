//! Finding the inventory: `-f PATH`, else `$LINGER_INVENTORY`, else
//! `vendors.toml` in the current directory or the nearest parent.

use std::path::{Path, PathBuf};

pub const FILE_NAME: &str = "vendors.toml";

/// Where the inventory is, or every place that was searched.
pub fn locate(explicit: Option<PathBuf>, cwd: &Path) -> Result<PathBuf, Vec<PathBuf>> {
    if let Some(path) = explicit {
        return Ok(path);
    }
    let mut searched = Vec::new();
    for dir in cwd.ancestors() {
        let candidate = dir.join(FILE_NAME);
        if candidate.is_file() {
            // Shown relative when it is in the current directory, as users type it.
            return Ok(if dir == cwd {
                PathBuf::from(FILE_NAME)
            } else {
                candidate
            });
        }
        searched.push(dir.to_path_buf());
    }
    Err(searched)
}
