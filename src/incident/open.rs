//! What `incident open` writes, from its flags and from the JSON that
//! `trace --format json` and `phish --format json` print, so that nothing
//! is typed twice: the vendors the trace names (`certain` as confirmed,
//! `very likely` and `possible` as suspected), the phishing domains and the
//! sending services phish found. JSON that is not those commands' shape is
//! an error naming what is wrong, and nothing is written.

use serde_json::Value;

pub use crate::inventory::edit::NewIncident;

/// Adds a vendor once: confirmed wins over suspected.
pub fn add_vendor(new: &mut NewIncident, id: &str, confirmed: bool) {
    if new.confirmed_vendors.iter().any(|v| v == id) {
        return;
    }
    if confirmed {
        new.vendors.retain(|v| v != id);
        new.confirmed_vendors.push(id.to_string());
    } else if !new.vendors.iter().any(|v| v == id) {
        new.vendors.push(id.to_string());
    }
}

/// Takes what `trace --format json` printed (`text`).
pub fn from_trace(new: &mut NewIncident, text: &str) -> Result<(), String> {
    let json: Value =
        serde_json::from_str(text).map_err(|err| format!("it is not JSON ({err})"))?;
    let vendors = json
        .get("vendors")
        .and_then(Value::as_array)
        .ok_or("it has no `vendors` list: is it `linger trace --format json` output?")?;
    if json.get("leaked").and_then(Value::as_u64).is_none() {
        return Err("it has no `leaked` count: is it `linger trace --format json` output?".into());
    }
    for (i, vendor) in vendors.iter().enumerate() {
        let id = vendor
            .get("id")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("vendor {} has no `id`", i + 1))?;
        let verdict = vendor
            .get("verdict")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("vendor `{id}` has no `verdict`"))?;
        match verdict {
            "certain" => add_vendor(new, id, true),
            "very likely" | "possible" => add_vendor(new, id, false),
            "unlikely" => {}
            other => return Err(format!("vendor `{id}` has the unknown verdict `{other}`")),
        }
    }
    // The trace is of leaked addresses: that much is known to be in it.
    if json
        .get("leaked")
        .and_then(Value::as_u64)
        .is_some_and(|n| n > 0)
    {
        add(&mut new.data, "contact.email");
    }
    Ok(())
}

/// Takes what `phish --format json` printed (`text`).
pub fn from_phish(new: &mut NewIncident, text: &str) -> Result<(), String> {
    let json: Value =
        serde_json::from_str(text).map_err(|err| format!("it is not JSON ({err})"))?;
    let (Some(domains), Some(senders)) = (
        json.get("domains").and_then(Value::as_array),
        json.get("senders").and_then(Value::as_array),
    ) else {
        return Err(
            "it has no `domains` and `senders` lists: is it `linger phish --format json` output?"
                .into(),
        );
    };
    for (i, row) in domains.iter().enumerate() {
        let domain = row
            .get("domain")
            .and_then(Value::as_str)
            .ok_or_else(|| format!("domain {} has no `domain`", i + 1))?;
        if crate::address::domain_problem(domain).is_some() {
            return Err(format!(
                "`{domain}` (domain {}) is not a domain name",
                i + 1
            ));
        }
        add(&mut new.phishing_domains, &domain.to_lowercase());
    }
    for row in senders {
        let name = row
            .get("service")
            .and_then(Value::as_str)
            .or_else(|| row.get("host").and_then(Value::as_str));
        if let Some(name) = name.filter(|n| !n.chars().any(char::is_control)) {
            add(&mut new.senders, name);
        }
    }
    Ok(())
}

/// Adds `item` to `list` once.
fn add(list: &mut Vec<String>, item: &str) {
    if !list.iter().any(|i| i == item) {
        list.push(item.to_string());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trace_verdicts_become_confirmed_and_suspected_vendors() {
        let mut new = NewIncident::default();
        from_trace(
            &mut new,
            r#"{"leaked": 3, "vendors": [
                {"id": "mailblast", "verdict": "certain"},
                {"id": "newcrm", "verdict": "possible"},
                {"id": "old", "verdict": "unlikely"}]}"#,
        )
        .unwrap();
        assert_eq!(new.confirmed_vendors, ["mailblast"]);
        assert_eq!(new.vendors, ["newcrm"]);
        assert_eq!(new.data, ["contact.email"]);
    }

    #[test]
    fn damaged_json_is_an_error() {
        let mut new = NewIncident::default();
        assert!(from_trace(&mut new, "{\"leaked\": 3, \"vendors\": [").is_err());
        assert!(from_trace(&mut new, "{\"vendors\": []}").is_err());
        assert!(from_phish(&mut new, "{\"domains\": [{}], \"senders\": []}").is_err());
        assert_eq!(new, NewIncident::default());
    }
}
