//! The modules form no cycle: data flows one way (load → evaluate →
//! render), the core never reaches back into the commands or the output,
//! no command calls another (they share only `context`, `edit`, `draft`,
//! `evidence` and `network`), the modules inside `inventory` form no circle
//! either, and `address` stands on nothing. Read from the sources, so a new
//! `use` that breaks the rule fails here rather than in a review.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The text the checks read: a file's code before its `#[cfg(test)]`
/// block (when `tests` is false), without whole-line comments.
fn code(path: &Path, tests: bool) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    let text = if tests {
        text.as_str()
    } else {
        text.split("#[cfg(test)]").next().unwrap_or("")
    };
    text.lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
}

fn is_ident(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_'
}

/// The first name of every path that follows `prefix` in `code`:
/// `crate::a::b` gives `a`, and a group gives each of its names, on one
/// line or several: `use super::{context, network};` gives `context` and
/// `network`, `crate::{a::{b, c}, d}` gives `a` and `d`. `self` is left out.
fn heads(code: &str, prefix: &str) -> Vec<String> {
    let mut out = Vec::new();
    for (at, _) in code.match_indices(prefix) {
        if code[..at].chars().next_back().is_some_and(is_ident) {
            continue;
        }
        let rest = &code[at + prefix.len()..];
        let items: Vec<&str> = match rest.strip_prefix('{') {
            Some(group) => {
                let mut depth = 0;
                let mut start = 0;
                let mut items = Vec::new();
                for (i, c) in group.char_indices() {
                    match c {
                        '{' => depth += 1,
                        '}' if depth == 0 => {
                            items.push(&group[start..i]);
                            break;
                        }
                        '}' => depth -= 1,
                        ',' if depth == 0 => {
                            items.push(&group[start..i]);
                            start = i + 1;
                        }
                        _ => {}
                    }
                }
                items
            }
            None => vec![rest],
        };
        for item in items {
            let name: String = item
                .trim_start()
                .chars()
                .take_while(|c| is_ident(*c))
                .collect();
            if !name.is_empty() && name != "self" {
                out.push(name);
            }
        }
    }
    out
}

/// Every `.rs` file under `root`.
fn sources(root: &Path) -> Vec<PathBuf> {
    let mut files = Vec::new();
    let mut stack = vec![root.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|e| e == "rs") {
                files.push(path);
            }
        }
    }
    files.sort();
    files
}

/// `crate::x` paths used by each top-level module (or, under `commands`,
/// each command), outside comments and `#[cfg(test)]` blocks.
fn dependencies(
    root: &Path,
    group: impl Fn(&Path) -> Option<String>,
) -> BTreeMap<String, BTreeSet<String>> {
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources(root) {
        let Some(from) = group(&path) else { continue };
        for name in heads(&code(&path, false), "crate::") {
            if name != from {
                deps.entry(from.clone()).or_default().insert(name);
            }
        }
    }
    deps
}

/// The sibling modules of `dir` (`src/inventory`) each module inside it
/// uses: `super::x` from a file of the directory (or `super::super::x`
/// one level down), `crate::inventory::x`, and a name the directory's
/// `mod.rs` re-exports (`super::parse` is `load`'s), in groups too.
fn sibling_dependencies(dir: &Path) -> BTreeMap<String, BTreeSet<String>> {
    let parent = dir.file_name().unwrap().to_string_lossy().into_owned();
    let siblings: BTreeSet<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.is_dir() || p.extension().is_some_and(|e| e == "rs"))
        .map(|p| p.file_stem().unwrap().to_string_lossy().into_owned())
        .filter(|name| name != "mod")
        .collect();
    // `pub use load::{SCHEMA, parse};` in mod.rs: `parse` is `load`'s.
    let mut exported: BTreeMap<String, String> = BTreeMap::new();
    let root = code(&dir.join("mod.rs"), false);
    for statement in root.split(';') {
        let Some(path) = statement.trim().strip_prefix("pub use ") else {
            continue;
        };
        let Some((module, names)) = path.split_once("::") else {
            continue;
        };
        if !siblings.contains(module.trim()) {
            continue;
        }
        for name in names.trim_matches(|c| c == '{' || c == '}').split(',') {
            if let Some(last) = name.split([':', ' ']).rfind(|w| !w.is_empty()) {
                exported.insert(last.trim().to_string(), module.trim().to_string());
            }
        }
    }
    let mut deps: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for path in sources(dir) {
        let rel = path.strip_prefix(dir).unwrap();
        let depth = rel.components().count();
        let from = rel
            .components()
            .next()
            .unwrap()
            .as_os_str()
            .to_string_lossy();
        let from = from.trim_end_matches(".rs").to_string();
        if from == "mod" {
            continue;
        }
        // How far up the directory's module is: one `super` from
        // `load.rs` or `edit/mod.rs`, two from `edit/batch.rs`.
        let up = if path.file_stem().is_some_and(|s| s == "mod") {
            depth - 1
        } else {
            depth
        };
        let text = code(&path, false);
        let names = heads(&text, &"super::".repeat(up))
            .into_iter()
            .chain(heads(&text, &format!("crate::{parent}::")));
        for name in names {
            let to = if siblings.contains(&name) {
                name
            } else if let Some(module) = exported.get(&name) {
                module.clone()
            } else {
                continue;
            };
            if to != from {
                deps.entry(from.clone()).or_default().insert(to);
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
        "inbox",
        "lang",
        "categories",
        "address",
        "canary",
        "subjects",
        "views",
        "report",
        "ical",
        "pack",
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
    let shared = [
        "context",
        "edit",
        "draft",
        "evidence",
        "network",
        "mailbox",
        "attachments",
        "letter_inputs",
        "incident_sent",
        "takedown",
    ];
    let stem = |path: &Path| path.file_stem().unwrap().to_string_lossy().into_owned();
    let commands: BTreeSet<String> = sources(&dir)
        .iter()
        .map(|p| stem(p))
        .filter(|name| name != "mod" && !shared.contains(&name.as_str()))
        .collect();
    for path in sources(&dir) {
        let name = stem(&path);
        if !commands.contains(&name) {
            continue;
        }
        // A `use` (grouped or not), or a path written out where it is
        // called; in the tests too.
        let text = code(&path, true);
        for other in heads(&text, "super::")
            .into_iter()
            .chain(heads(&text, "commands::"))
        {
            assert!(
                other == name || !commands.contains(&other),
                "the command `{name}` uses the command `{other}`"
            );
        }
    }
}

#[test]
fn the_modules_inside_inventory_form_no_circle() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/inventory");
    let deps = sibling_dependencies(&dir);
    assert!(
        deps.contains_key("load") && deps.contains_key("edit"),
        "{deps:#?}"
    );
    assert_eq!(cycle(&deps), None, "{deps:#?}");
}

#[test]
fn address_stands_on_nothing_in_the_crate() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let deps = dependencies(&src, |path| {
        (path == src.join("address.rs")).then(|| "address".to_string())
    });
    assert_eq!(deps.get("address"), None, "{deps:#?}");
}

#[test]
fn grouped_imports_and_written_out_paths_are_all_seen() {
    assert_eq!(
        heads("use super::{context, network};", "super::"),
        ["context", "network"]
    );
    assert_eq!(
        heads(
            "use crate::{\n    a::{b, c},\n    self,\n    d,\n};\nlet x = crate::e::f();",
            "crate::"
        ),
        ["a", "d", "e"]
    );
    assert_eq!(heads("super::super::x", "super::super::"), ["x"]);
    assert!(heads("my_crate::a", "crate::").is_empty());
    let deps = BTreeMap::from([
        ("load".to_string(), BTreeSet::from(["vendor".to_string()])),
        ("vendor".to_string(), BTreeSet::from(["load".to_string()])),
    ]);
    assert_eq!(
        cycle(&deps),
        Some(vec!["load".to_string(), "vendor".to_string()])
    );
}
