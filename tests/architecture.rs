//! docs/architecture.md stays true: every top-level module of the crate is
//! in its code map, and it names no module the crate does not have. Read
//! from the sources, so a new room fails here until the page says what it
//! is for.

use std::collections::BTreeSet;
use std::path::Path;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// The `pub mod NAME;` lines of src/lib.rs.
fn modules() -> BTreeSet<String> {
    let lib = std::fs::read_to_string(root().join("src/lib.rs")).unwrap();
    lib.lines()
        .filter_map(|line| line.trim().strip_prefix("pub mod "))
        .map(|rest| rest.trim_end_matches(';').to_string())
        .collect()
}

/// The code map: the modules named at the start of a list item
/// (`` - `name`, `other`: … ``) under "## Code map".
fn code_map() -> BTreeSet<String> {
    let page = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let map = page
        .split("## Code map")
        .nth(1)
        .expect("docs/architecture.md has a `## Code map` section")
        .split("\n## ")
        .next()
        .unwrap();
    let mut named = BTreeSet::new();
    for item in map.lines().filter_map(|l| l.strip_prefix("- ")) {
        let head = item.split(':').next().unwrap_or("");
        for part in head.split(',') {
            if let Some(name) = part
                .trim()
                .strip_prefix('`')
                .and_then(|p| p.strip_suffix('`'))
            {
                named.insert(name.to_string());
            }
        }
    }
    named
}

#[test]
fn every_top_level_module_is_in_the_code_map_and_no_other() {
    let modules = modules();
    let named = code_map();
    assert!(modules.len() > 20, "read src/lib.rs wrong: {modules:?}");
    let missing: Vec<_> = modules.difference(&named).collect();
    let stale: Vec<_> = named.difference(&modules).collect();
    assert!(
        missing.is_empty(),
        "docs/architecture.md's code map does not say what these modules are for: {missing:?}"
    );
    assert!(
        stale.is_empty(),
        "docs/architecture.md's code map names modules the crate does not have: {stale:?}"
    );
}

#[test]
fn the_shared_command_helpers_are_the_ones_the_page_names() {
    let page = std::fs::read_to_string(root().join("docs/architecture.md")).unwrap();
    let commands = std::fs::read_to_string(root().join("src/commands/mod.rs")).unwrap();
    // The helpers are the modules of commands/ that are not commands: the
    // ones that do not have a `pub fn run`.
    for entry in std::fs::read_dir(root().join("src/commands")).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        let text = std::fs::read_to_string(&path).unwrap();
        if name == "mod" || text.contains("pub fn run(") {
            continue;
        }
        assert!(
            page.contains(&format!("`{name}`")),
            "the shared helper commands/{name}.rs is not named in docs/architecture.md"
        );
        assert!(
            commands.contains(&format!("`{name}`")),
            "the shared helper commands/{name}.rs is not named in commands/mod.rs's doc"
        );
    }
}
