//! The order of the vendors in a merge: ours, with each vendor that only
//! theirs has (new there, or deleted by ours) after the vendor before it in
//! theirs, and after ours' own new vendors at that place. Linear: hash
//! lookups, no searching the list.

use std::collections::HashMap;

use super::file::File;

/// Every vendor either side has, each once: ours' vendors and theirs'.
pub fn order<'f>(base: &File<'_>, ours: &File<'f>, theirs: &File<'f>) -> Vec<&'f str> {
    // Theirs' vendors that ours does not have, by the vendor of ours' that
    // comes before them in theirs (`None`: at the start).
    let mut after: HashMap<Option<&str>, Vec<&str>> = HashMap::new();
    let mut anchor: Option<&str> = None;
    for vendor in &theirs.vendors {
        if ours.has(vendor.id) {
            anchor = Some(vendor.id);
        } else {
            after.entry(anchor).or_default().push(vendor.id);
        }
    }
    let ours_new = |id: &str| !base.has(id) && !theirs.has(id);
    let ids: Vec<&str> = ours.vendors.iter().map(|v| v.id).collect();
    let mut result: Vec<&str> = Vec::with_capacity(ids.len() + theirs.vendors.len());
    let mut i = 0;
    let mut anchor: Option<&str> = None;
    loop {
        while i < ids.len() && ours_new(ids[i]) {
            result.push(ids[i]);
            i += 1;
        }
        result.extend(after.remove(&anchor).unwrap_or_default());
        let Some(&id) = ids.get(i) else { break };
        result.push(id);
        anchor = Some(id);
        i += 1;
    }
    result
}
