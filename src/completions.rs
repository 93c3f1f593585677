//! Shell completion: `linger completions SHELL` prints the script a shell
//! sources, which calls linger back (`COMPLETE=bash linger -- …`, answered
//! at the top of `main`) for each completion, so completions know the commands and flags of the binary
//! that is installed, and the vendor ids of the inventory at hand.
//!
//! Vendor ids are read from the inventory that `-f` would default to: the
//! file `LINGER_INVENTORY` names, else `vendors.toml` here or in a parent
//! directory. Completion runs before the command line is parsed, so the
//! environment is all it has: that is why this module reads it. A file
//! that cannot be read or parsed completes nothing, silently: a completion
//! must never print an error into the command line being typed.

use clap_complete::CompletionCandidate;
use clap_complete::env::Shells;

/// The script that registers linger's completions with `shell`.
pub fn script(shell: &str, out: &mut dyn std::io::Write) -> std::io::Result<()> {
    let shells = Shells::builtins();
    let Some(completer) = shells.completer(shell) else {
        return Err(std::io::Error::other(format!(
            "no completions for `{shell}`"
        )));
    };
    completer.write_registration("COMPLETE", "linger", "linger", "linger", out)
}

/// The vendor ids of the inventory, with each vendor's name as help.
pub fn vendor_ids() -> Vec<CompletionCandidate> {
    let Some(text) = inventory_text() else {
        return Vec::new();
    };
    let Ok(table) = text.parse::<toml::Table>() else {
        return Vec::new();
    };
    let Some(vendors) = table.get("vendor").and_then(toml::Value::as_array) else {
        return Vec::new();
    };
    vendors
        .iter()
        .filter_map(|v| {
            let id = v.get("id")?.as_str()?;
            let name = v.get("name").and_then(toml::Value::as_str);
            Some(CompletionCandidate::new(id).help(name.map(|n| n.to_string().into())))
        })
        .collect()
}

#[allow(clippy::disallowed_methods)] // see the module comment
fn inventory_text() -> Option<String> {
    let explicit = std::env::var_os("LINGER_INVENTORY").map(std::path::PathBuf::from);
    let cwd = std::env::current_dir().ok()?;
    let path = crate::inventory::locate(explicit, &cwd).ok()?;
    let bytes = crate::inventory::read_file(&path).ok()?;
    String::from_utf8(bytes).ok()
}
