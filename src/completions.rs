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
//!
//! The file is input like any other: only ids that pass the loader's id
//! rule are offered (an id with an escape code or a vertical tab would
//! reach the shell raw), names are shown on one line, the file is read only
//! up to `MAX_BYTES`, and a file that takes longer than `PATIENCE` to read
//! completes nothing: a TAB must answer at once.

use std::sync::mpsc;
use std::time::Duration;

use clap_complete::CompletionCandidate;
use clap_complete::env::Shells;

/// The largest inventory read for completion: about 100,000 vendors.
const MAX_BYTES: u64 = 32 << 20;
/// How long a completion may spend on the inventory.
const PATIENCE: Duration = Duration::from_millis(700);

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

/// The vendor ids of the inventory, with each vendor's name as help;
/// none when the inventory cannot be read within `PATIENCE`.
pub fn vendor_ids() -> Vec<CompletionCandidate> {
    let (send, receive) = mpsc::channel();
    // The reading thread is left behind when it is too slow: the process
    // ends as soon as the completions are printed.
    std::thread::spawn(move || {
        let _ = send.send(
            inventory_text()
                .map(|text| ids_of(&text))
                .unwrap_or_default(),
        );
    });
    receive
        .recv_timeout(PATIENCE)
        .unwrap_or_default()
        .into_iter()
        .map(|(id, name)| CompletionCandidate::new(id).help(name.map(Into::into)))
        .collect()
}

/// (id, name) of each vendor whose id passes the loader's rule, the name
/// on one printable line.
fn ids_of(text: &str) -> Vec<(String, Option<String>)> {
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
            if !crate::inventory::is_valid_id(id) {
                return None;
            }
            let name = v
                .get("name")
                .and_then(toml::Value::as_str)
                .map(|n| crate::printable::line(n).into_owned());
            Some((id.to_string(), name))
        })
        .collect()
}

#[allow(clippy::disallowed_methods)] // see the module comment
fn inventory_text() -> Option<String> {
    let explicit = std::env::var_os("LINGER_INVENTORY").map(std::path::PathBuf::from);
    let cwd = std::env::current_dir().ok()?;
    let path = crate::inventory::locate(explicit, &cwd).ok()?;
    let bytes = crate::inventory::read_file_upto(&path, MAX_BYTES).ok()?;
    String::from_utf8(bytes).ok()
}

#[cfg(test)]
mod tests {
    use super::ids_of;

    #[test]
    fn only_ids_the_loader_accepts_are_offered_and_names_stay_on_one_line() {
        let text = "[[vendor]]\nid = \"good-one\"\nname = \"Good\\nOne\\u001b]0;x\"\n\
                    [[vendor]]\nid = \"bad\\u001b[2J\"\n\
                    [[vendor]]\nid = \"a\\u000bb\"\n\
                    [[vendor]]\nid = \"Upper Case\"\n";
        let ids = ids_of(text);
        assert_eq!(ids.len(), 1, "{ids:?}");
        assert_eq!(ids[0].0, "good-one");
        let name = ids[0].1.as_deref().unwrap();
        assert!(!name.contains('\n') && !name.contains('\u{1b}'), "{name}");
    }
}
