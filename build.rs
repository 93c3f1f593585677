//! Embeds the letter languages' data files (`src/lang/CODE.toml`) and the
//! built-in letter templates (`src/letters/templates/KIND.CODE.txt`), each
//! found by its name, so that adding a language is an enum variant and
//! files, with no list in the code to extend (docs/letters.md, "Adding a
//! language"). Writes two tables of `(name, include_str!(path))` into
//! OUT_DIR, which `lang` and `letters::templates` include; their unit tests
//! check that every language and kind has its file.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

/// `(file name, absolute path)` of each file in `dir` whose name ends in
/// `suffix`, sorted, so that the generated code does not depend on the
/// order the file system lists them in.
fn files(dir: &Path, suffix: &str) -> Vec<(String, PathBuf)> {
    let mut found: Vec<(String, PathBuf)> = std::fs::read_dir(dir)
        .unwrap_or_else(|err| panic!("cannot read {}: {err}", dir.display()))
        .map(|entry| entry.expect("a directory entry").path())
        .filter_map(|path| {
            let name = path.file_name()?.to_str()?.to_string();
            name.ends_with(suffix).then_some((name, path))
        })
        .collect();
    found.sort();
    found
}

/// `&[("en", include_str!("/…/en.toml")), …]`, keyed by `key(file name)`.
fn table(files: &[(String, PathBuf)], key: impl Fn(&str) -> &str) -> String {
    let mut out = String::from("&[\n");
    for (name, path) in files {
        let path = path.to_str().expect("the source tree's paths are UTF-8");
        writeln!(out, "    ({:?}, include_str!({path:?})),", key(name)).expect("a String");
    }
    out.push(']');
    out
}

fn main() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    // Cargo's only way to tell a build script where to write.
    #[allow(clippy::disallowed_methods)]
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    let languages = files(&root.join("src/lang"), ".toml");
    let templates = files(&root.join("src/letters/templates"), ".txt");
    let languages = table(&languages, |name| {
        name.strip_suffix(".toml").unwrap_or(name)
    });
    std::fs::write(out.join("languages.rs"), languages).expect("OUT_DIR is writable");
    std::fs::write(out.join("templates.rs"), table(&templates, |name| name))
        .expect("OUT_DIR is writable");
    // A directory makes cargo rerun this script when any file in it
    // changes, is added or is removed.
    println!("cargo::rerun-if-changed=src/lang");
    println!("cargo::rerun-if-changed=src/letters/templates");
    println!("cargo::rerun-if-changed=build.rs");
}
