//! The modules form no cycle: data flows one way (load → evaluate →
//! render), the core never reaches back into the commands or the output,
//! and no command calls another (they share only `context`, `edit` and
//! `draft`). Read from the sources, so a new `use` that breaks the rule
//! fails here rather than in a review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// `crate::x` paths used by each top-level module (or, under `commands`,
/// each command), outside comments and `#[cfg(test)]` blocks.
fn dependencies(
    root: &Path,
    group: impl Fn(&Path) -> Option<String>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
                continue;
            }
            if path.extension().is_none_or(|e| e != "rs") {
                continue;
            }
            let Some(from) = group(&path) else { continue };
            let text = std::fs::read_to_string(&path).unwrap();
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            for line in code.lines().filter(|l| !l.trim_start().starts_with("//")) {
                for (at, _) in line.match_indices("crate::") {
                    let rest = &line[at + "crate::".len()..];
                    let name: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if name != from {
                        deps.entry(from.clone()).or_default().insert(name);
                    }
                }
            }
        }
    }
    deps
}

fn cycle(deps: &BTreeMap<String, BTreeSet<String>>) -> Option<Vec<String>> {
    fn visit(
        node: &str,
        deps: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) -> Option<Vec<String>> {
        if let Some(at) = path.iter().position(|n| n == node) {
            return Some(path[at..].to_vec());
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.to_string());
        for next in deps.get(node).into_iter().flatten() {
            if let Some(found) = visit(next, deps, path, done) {
                return Some(found);
            }
        }
        path.pop();
        done.insert(node.to_string());
        None
    }
    let mut done = BTreeSet::new();
    deps.keys()
        .find_map(|node| visit(node, deps, &mut Vec::new(), &mut done))
}

#[test]
fn the_top_level_modules_form_no_cycle() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let deps = dependencies(&src, |path| {
        let rel = path.strip_prefix(&src).ok()?;
        let top = rel.components().next()?.as_os_str().to_string_lossy();
        let top = top.trim_end_matches(".rs").to_string();
        (top != "main" && top != "lib").then_some(top)
    });
    assert!(deps.contains_key("commands") && deps.contains_key("inventory"));
    assert_eq!(cycle(&deps), None, "{deps:#?}");
    for core in [
        "inventory",
        "status",
        "deadline",
        "checks",
        "letters",
        "holidays",
        "terms",
        "phish",
        "trace",
    ] {
        for edge in ["commands", "app", "output", "cli", "net", "secrets"] {
            assert!(
                !deps.get(core).is_some_and(|d| d.contains(edge)),
                "the core module `{core}` depends on `{edge}`"
            );
        }
    }
}

#[test]
fn no_command_uses_another() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/commands");
    let shared = ["context", "edit", "draft", "evidence", "network"];
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if name == "mod" || shared.contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        // A `use` line, or a path written out where it is called.
        for line in text
            .lines()
            .filter(|l| !l.trim_start().starts_with("//"))
            .filter(|l| l.contains("super::") || l.contains("commands::"))
        {
            for other in std::fs::read_dir(&dir).unwrap() {
                let other = other.unwrap().path();
                let other = other.file_stem().unwrap().to_string_lossy().into_owned();
                if other == name || other == "mod" || shared.contains(&other.as_str()) {
                    continue;
                }
                assert!(
                    !line.contains(&format!("super::{other}"))
                        && !line.contains(&format!("commands::{other}")),
                    "the command `{name}` uses the command `{other}`: {line}"
                );
            }
        }
    }
}
