//! The JSON Schema (draft 2020-12) of `vendors.toml` schema 1, for editors:
//! taplo and Even Better TOML read it through the `#:schema` line that
//! `linger init` writes, and offer completion, hover docs and errors as you
//! type. `linger schema` prints it; `vendors.schema.json` at the top of the
//! repository is the same document (a test keeps them equal).
//!
//! The keys, keywords and ranges come from the code that loads the file
//! (the enums, the range of each number); the descriptions come from the
//! tables of `docs/inventory.md`, compiled in, so an editor shows what the
//! documentation says. The schema checks shape (types, keys, keywords,
//! ranges, patterns); rules across fields (dates in order, unique ids) stay
//! with `linger check`.

use std::collections::HashMap;

use serde_json::{Map, Value, json};

use crate::inventory::{CanarySender, EventKind, Language, Law, MailAuth};
use crate::inventory::{IncidentEventKind, Party, Risk};
use crate::terms::{Code, Severity};

const DOC: &str = include_str!("../docs/inventory.md");

/// The descriptions of `docs/inventory.md`, by section heading and key.
fn descriptions() -> HashMap<(String, String), String> {
    let mut out = HashMap::new();
    let mut section = String::new();
    for line in DOC.lines() {
        if let Some(heading) = line
            .strip_prefix("## ")
            .or_else(|| line.strip_prefix("### "))
        {
            section = heading.trim_matches('`').to_string();
            continue;
        }
        let Some(row) = line.strip_prefix("| `") else {
            continue;
        };
        // Split on unescaped pipes.
        let cells: Vec<String> = row
            .replace("\\|", "\u{0}")
            .split('|')
            .map(|c| c.replace('\u{0}', "|").trim().to_string())
            .collect();
        let Some(key) = cells.first().map(|k| k.trim_end_matches('`').to_string()) else {
            continue;
        };
        // The cells after the key: type and description, with a default
        // between them in the tables that have one.
        let mut parts: Vec<String> = cells[1..].iter().map(|c| c.replace("**", "")).collect();
        // The row's closing `|` leaves an empty last cell.
        if parts.last().is_some_and(String::is_empty) {
            parts.pop();
        }
        if parts.len() == 3 && !parts[1].is_empty() {
            parts[1] = format!("default: {}", parts[1]);
        }
        let text = parts
            .into_iter()
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join("; ");
        out.insert((section.clone(), key), text);
    }
    out
}

struct Docs(HashMap<(String, String), String>);

impl Docs {
    /// `schema` with the description of `key` in `section`.
    fn on(&self, section: &str, key: &str, mut schema: Value) -> Value {
        if let (Some(text), Some(object)) = (
            self.0.get(&(section.to_string(), key.to_string())),
            schema.as_object_mut(),
        ) {
            object.insert("description".into(), Value::String(text.clone()));
        }
        schema
    }
}

const ONE_LINE: &str = "^[^\\u0000-\\u001f\\u007f]*$";
const TEXT: &str = "^[^\\u0000-\\u0008\\u000b\\u000c\\u000e-\\u001f\\u007f]*$";
const EMAIL: &str = "^[^@\\s<>,;\"()\\[\\]\\\\]+@[^@\\s<>,;\"()\\[\\]\\\\]+$";

fn one_line() -> Value {
    json!({"type": "string", "pattern": ONE_LINE})
}

fn date() -> Value {
    json!({"type": "string", "format": "date"})
}

fn email() -> Value {
    json!({"type": "string", "pattern": EMAIL})
}

fn keywords(names: Vec<&'static str>) -> Value {
    json!({"type": "string", "enum": names})
}

fn range(min: i64, max: i64) -> Value {
    json!({"type": "integer", "minimum": min, "maximum": max})
}

fn table(properties: Vec<(&str, Value)>, required: &[&str]) -> Value {
    let map: Map<String, Value> = properties
        .into_iter()
        .map(|(k, v)| (k.to_string(), v))
        .collect();
    json!({
        "type": "object",
        "properties": map,
        "required": required,
        "additionalProperties": false,
    })
}

/// The schema, as a JSON value.
pub fn schema() -> Value {
    let docs = Docs(descriptions());
    let org = "[organization]";
    let laws: Vec<&str> = Law::names();
    let authority = table(
        vec![
            ("name", one_line()),
            ("email", email()),
            (
                "language",
                json!({"type": "string", "enum": Language::names(), "description": "the language the authority reads, when not the organization's"}),
            ),
        ],
        &["name", "email"],
    );
    let per_law: Map<String, Value> = laws
        .iter()
        .filter(|l| **l != "contract")
        .map(|l| (l.to_string(), json!({"$ref": "#/$defs/authority"})))
        .collect();
    let organization =
        table(
            vec![
            ("name", docs.on(org, "name", one_line())),
            ("email", docs.on(org, "email", email())),
            ("signatory", docs.on(org, "signatory", one_line())),
            (
                "address",
                docs.on(org, "address", json!({"type": "string", "pattern": TEXT})),
            ),
            ("law", docs.on(org, "law", keywords(laws.clone()))),
            ("language", docs.on(org, "language", keywords(Language::names()))),
            (
                "country",
                docs.on(org, "country", json!({"type": "string", "pattern": "^[A-Za-z]{2}$"})),
            ),
            (
                "subdivision",
                docs.on(org, "subdivision", keywords(crate::holidays::Subdivision::names())),
            ),
            ("reply_tag", docs.on(org, "reply_tag", json!({"type": "boolean"}))),
            ("canary_domain", docs.on(org, "canary_domain", one_line())),
            (
                "domains",
                docs.on(org, "domains", json!({"type": "array", "items": {"type": "string", "pattern": "^[^\\s/@:]+\\.[^\\s/@:]+$"}})),
            ),
            (
                "authority",
                docs.on(
                    org,
                    "authority",
                    json!({"anyOf": [
                        {"$ref": "#/$defs/authority"},
                        {"type": "object", "properties": per_law, "additionalProperties": false},
                    ]}),
                ),
            ),
            ("time_zone", docs.on(org, "time_zone", one_line())),
        ],
            &["name", "email"],
        );
    let pol = "[policy]";
    let policy = table(
        vec![
            (
                "request_within_days",
                docs.on(pol, "request_within_days", range(0, 3650)),
            ),
            (
                "reminder_days",
                docs.on(pol, "reminder_days", range(1, 3650)),
            ),
            (
                "weekend_rollover",
                docs.on(pol, "weekend_rollover", json!({"type": "boolean"})),
            ),
            (
                "holidays",
                docs.on(pol, "holidays", json!({"type": "array", "items": date()})),
            ),
            (
                "verify_after_days",
                docs.on(pol, "verify_after_days", range(1, 3650)),
            ),
            (
                "takedown_days",
                docs.on(pol, "takedown_days", range(1, 3650)),
            ),
        ],
        &[],
    );
    let smtp_section = "[smtp]";
    let smtp = table(
        vec![
            ("host", docs.on(smtp_section, "host", one_line())),
            ("port", docs.on(smtp_section, "port", range(1, 65535))),
            ("username", docs.on(smtp_section, "username", one_line())),
            (
                "security",
                docs.on(
                    smtp_section,
                    "security",
                    keywords(vec!["starttls", "tls", "none"]),
                ),
            ),
            (
                "auth",
                docs.on(smtp_section, "auth", keywords(MailAuth::names())),
            ),
            ("ca_file", docs.on(smtp_section, "ca_file", one_line())),
            (
                "timeout_seconds",
                docs.on(smtp_section, "timeout_seconds", range(1, 600)),
            ),
        ],
        &["host"],
    );
    let imap_section = "[imap]";
    let imap = table(
        vec![
            ("host", docs.on(imap_section, "host", one_line())),
            ("port", docs.on(imap_section, "port", range(1, 65535))),
            (
                "security",
                docs.on(imap_section, "security", keywords(vec!["tls", "starttls"])),
            ),
            ("username", docs.on(imap_section, "username", one_line())),
            (
                "auth",
                docs.on(imap_section, "auth", keywords(MailAuth::names())),
            ),
            (
                "mailboxes",
                docs.on(
                    imap_section,
                    "mailboxes",
                    json!({"type": "array", "items": one_line()}),
                ),
            ),
            ("ca_file", docs.on(imap_section, "ca_file", one_line())),
            (
                "timeout_seconds",
                docs.on(imap_section, "timeout_seconds", range(1, 600)),
            ),
        ],
        &["host", "username"],
    );
    let checks = json!({
        "type": "object",
        "description": "severity overrides: a check code and `error`, `warn`, `info` or `allow` (docs/checks.md)",
        "propertyNames": {"enum": Code::names()},
        "additionalProperties": {"enum": Severity::names()},
    });
    let v = "[[vendor]]";
    let vendor = table(
        vec![
            (
                "id",
                docs.on(v, "id", json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"})),
            ),
            ("name", docs.on(v, "name", one_line())),
            (
                "website",
                docs.on(v, "website", json!({"type": "string", "pattern": "^[Hh][Tt][Tt][Pp][Ss]?://[^\\s]+$"})),
            ),
            (
                "domains",
                docs.on(v, "domains", json!({"type": "array", "items": {"type": "string", "pattern": "^[^\\s/@:]+\\.[^\\s/@:]+$"}})),
            ),
            ("privacy_email", docs.on(v, "privacy_email", email())),
            ("used_from", docs.on(v, "used_from", date())),
            ("retired_on", docs.on(v, "retired_on", date())),
            ("account", docs.on(v, "account", one_line())),
            (
                "data",
                docs.on(
                    v,
                    "data",
                    json!({"type": "array", "items": {"type": "string", "examples": crate::categories::names()}}),
                ),
            ),
            ("records", docs.on(v, "records", json!({"type": "integer", "minimum": 0}))),
            (
                "subjects",
                docs.on(v, "subjects", json!({"type": "array", "items": {"type": "string", "pattern": ONE_LINE}})),
            ),
            ("law", docs.on(v, "law", keywords(laws.clone()))),
            ("response_days", docs.on(v, "response_days", range(1, 3650))),
            ("retention_days", docs.on(v, "retention_days", range(0, 36500))),
            ("language", docs.on(v, "language", keywords(Language::names()))),
            (
                "canaries",
                docs.on(v, "canaries", json!({"type": "array", "items": email()})),
            ),
            ("notes", docs.on(v, "notes", json!({"type": "string", "pattern": TEXT}))),
            (
                "canary_mail",
                docs.on(
                    v,
                    "canary_mail",
                    json!({"type": "array", "items": {"$ref": "#/$defs/canary_mail"}}),
                ),
            ),
            (
                "event",
                docs.on(
                    v,
                    "[[vendor.event]]",
                    json!({"type": "array", "items": {"$ref": "#/$defs/event"}}),
                ),
            ),
        ],
        &["id", "name"],
    );
    json!({
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": "https://linger.invalid/vendors.schema.json",
        "title": "linger inventory (vendors.toml), schema 1",
        "description": "Every SaaS vendor that holds or held your customers' data, and the dated history of the request to delete it. docs/inventory.md describes every field; `linger check` checks what a schema cannot (dates in order, unique ids, evidence files).",
        "type": "object",
        "properties": {
            "schema": docs.on("Top level", "schema", json!({"const": 1})),
            "organization": docs.on("Top level", "[organization]", organization),
            "policy": docs.on("Top level", "[policy]", policy),
            "smtp": docs.on("Top level", "[smtp]", smtp),
            "imap": docs.on("Top level", "[imap]", imap.clone()),
            "canary": docs.on(
                "Top level",
                "[canary.imap]",
                table(vec![("imap", imap)], &[]),
            ),
            "checks": docs.on("Top level", "[checks]", checks),
            "vendor": docs.on("Top level", "[[vendor]]", json!({"type": "array", "items": vendor})),
            "incident": docs.on("Top level", "[[incident]]", json!({"type": "array", "items": {"$ref": "#/$defs/incident"}})),
        },
        "required": ["schema", "organization"],
        "additionalProperties": false,
        "$defs": {
            "authority": authority,
            "event": event(),
            "canary_mail": canary_mail(&docs),
            "incident": incident(&docs),
            "incident_event": incident_event(&docs),
        },
    })
}

/// A message a vendor's canary received (`canary watch --apply`).
fn canary_mail(docs: &Docs) -> Value {
    let c = "canary_mail";
    json!({
        "type": "object",
        "description": "a message the vendor's canary received, as `canary watch --apply` records it",
        "properties": {
            "on": docs.on(c, "on", date()),
            "from": docs.on(c, "from", one_line()),
            "sender": docs.on(c, "sender", keywords(CanarySender::names())),
            "message_id": docs.on(c, "message_id", json!({"type": "string", "pattern": "^<[!-;=?A-~]+@[!-;=?A-~]+>$"})),
            "evidence": docs.on(c, "evidence", one_line()),
            "sha256": docs.on(c, "sha256", json!({"type": "string", "pattern": "^[0-9a-f]{64}$"})),
            "handled": docs.on(c, "handled", date()),
        },
        "required": ["on", "from", "sender"],
        "additionalProperties": false,
    })
}

/// The rules that each of `fields` belongs to its kinds only (`owners`).
fn owned_fields(fields: &[&str], owners: impl Fn(&str) -> Vec<&'static str>) -> Vec<Value> {
    fields
        .iter()
        .map(|field| {
            json!({
                "if": {"required": [field]},
                "then": {"properties": {"kind": {"enum": owners(field)}}},
            })
        })
        .collect()
}

/// An offset date-time (RFC 3339 with its offset), as taplo reads TOML's.
fn moment() -> Value {
    json!({"type": "string", "format": "date-time"})
}

/// A personal data breach (`[[incident]]`).
fn incident(docs: &Docs) -> Value {
    let i = "[[incident]]";
    let ids =
        json!({"type": "array", "items": {"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}});
    let mut value = table(
        vec![
            (
                "id",
                docs.on(
                    i,
                    "id",
                    json!({"type": "string", "pattern": "^[a-z0-9][a-z0-9-]*$"}),
                ),
            ),
            ("aware", docs.on(i, "aware", moment())),
            ("vendors", docs.on(i, "vendors", ids.clone())),
            ("confirmed_vendors", docs.on(i, "confirmed_vendors", ids)),
            (
                "phishing_domains",
                docs.on(
                    i,
                    "phishing_domains",
                    json!({"type": "array", "items": one_line()}),
                ),
            ),
            (
                "senders",
                docs.on(i, "senders", json!({"type": "array", "items": one_line()})),
            ),
            (
                "people",
                docs.on(i, "people", json!({"type": "integer", "minimum": 0})),
            ),
            (
                "records",
                docs.on(i, "records", json!({"type": "integer", "minimum": 0})),
            ),
            (
                "data",
                docs.on(i, "data", json!({"type": "array", "items": one_line()})),
            ),
            (
                "description",
                docs.on(i, "description", json!({"type": "string", "pattern": TEXT})),
            ),
            ("risk", docs.on(i, "risk", keywords(Risk::names()))),
            (
                "event",
                docs.on(
                    i,
                    "[[incident.event]]",
                    json!({"type": "array", "items": {"$ref": "#/$defs/incident_event"}}),
                ),
            ),
        ],
        &["id", "aware"],
    );
    if let Some(object) = value.as_object_mut() {
        object.insert(
            "description".into(),
            json!("a personal data breach and the steps taken since"),
        );
    }
    value
}

/// One step of an incident: `on` and `kind`, the common fields, and each
/// kind's own.
fn incident_event(docs: &Docs) -> Value {
    let e = "[[incident.event]]";
    let rules = owned_fields(&["party", "target", "letter", "people", "how"], |field| {
        IncidentEventKind::ALL
            .iter()
            .filter(|k| k.extra_fields().contains(&field))
            .map(|k| k.as_str())
            .collect()
    });
    let kinds: Vec<Value> = IncidentEventKind::ALL
        .iter()
        .map(|k| json!({"const": k.as_str(), "description": k.summary()}))
        .collect();
    json!({
        "type": "object",
        "description": "one step of an incident, oldest first, directly below its incident",
        "properties": {
            "on": docs.on(e, "on", json!({"anyOf": [moment(), date()]})),
            "kind": {"oneOf": kinds},
            "to": docs.on(e, "to", one_line()),
            "party": docs.on(e, "party", keywords(Party::names())),
            "target": docs.on(e, "target", one_line()),
            "letter": docs.on(e, "letter", one_line()),
            "message_id": docs.on(e, "message_id", json!({"type": "string", "pattern": "^<[!-;=?A-~]+@[!-;=?A-~]+>$"})),
            "people": docs.on(e, "people", json!({"type": "integer", "minimum": 0})),
            "how": docs.on(e, "how", one_line()),
            "note": docs.on(e, "note", json!({"type": "string", "pattern": TEXT})),
            "evidence": docs.on(e, "evidence", one_line()),
            "evidence_sha256": docs.on(e, "evidence_sha256", json!({"type": "string", "pattern": "^[0-9a-f]{64}$"})),
        },
        "required": ["on", "kind"],
        "additionalProperties": false,
        "allOf": rules,
    })
}

/// An event: `on` and `kind`, the common fields, and each kind's own.
fn event() -> Value {
    let mut rules = owned_fields(&["until", "reason"], |field| {
        EventKind::ALL
            .iter()
            .filter(|k| k.extra_fields().contains(&field))
            .map(|k| k.as_str())
            .collect()
    });
    for kind in EventKind::ALL {
        let required = kind.required_fields();
        if !required.is_empty() {
            rules.push(json!({
                "if": {"properties": {"kind": {"const": kind.as_str()}}, "required": ["kind"]},
                "then": {"required": required},
            }));
        }
    }
    let kinds: Vec<Value> = EventKind::ALL
        .iter()
        .map(|k| json!({"const": k.as_str(), "description": k.summary()}))
        .collect();
    json!({
        "type": "object",
        "description": "one step of the deletion history, oldest first, directly below its vendor",
        "properties": {
            "on": {"type": "string", "format": "date", "description": "the day it happened; not after today, not before the event above"},
            "kind": {"oneOf": kinds},
            "note": {"type": "string", "pattern": TEXT, "description": "anything worth keeping, e.g. where the letter went"},
            "reference": {"type": "string", "pattern": ONE_LINE, "description": "the vendor's ticket or case number"},
            "message_id": {"type": "string", "pattern": "^<[!-;=?A-~]+@[!-;=?A-~]+>$", "description": "the Message-ID of the letter this event records (send writes it), or of the reply it came from, with its angle brackets"},
            "until": {"type": "string", "format": "date", "description": "`extended` only, and required there: the vendor's new deadline"},
            "reason": {"type": "string", "pattern": TEXT, "description": "`refused` and `not-needed` (required there): why"},
            "evidence": {"type": "string", "pattern": ONE_LINE, "description": "what proves the event: a path relative to the inventory, or a URL"},
            "evidence_sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "the SHA-256 of the evidence file when it was recorded (mark --evidence writes it)"},
            "attachments": {
                "type": "array",
                "description": "files that came with the evidence (a reply's attached certificate), each kept beside it with its own hash (inbox --apply writes them); check verifies each, evidence pack collects each",
                "items": {
                    "type": "object",
                    "properties": {
                        "name": {"type": "string", "pattern": ONE_LINE, "description": "the file's name as the sender gave it"},
                        "evidence": {"type": "string", "pattern": ONE_LINE, "description": "where it is kept, relative to the inventory"},
                        "sha256": {"type": "string", "pattern": "^[0-9a-f]{64}$", "description": "its SHA-256 when it was recorded"},
                    },
                    "required": ["evidence"],
                    "additionalProperties": false,
                },
            },
        },
        "required": ["on", "kind"],
        "additionalProperties": false,
        "allOf": rules,
    })
}

/// The schema as `linger schema` prints it and `vendors.schema.json` holds.
pub fn text() -> String {
    let mut text = serde_json::to_string_pretty(&schema()).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_docs_describe_the_main_keys() {
        let docs = descriptions();
        for (section, key) in [
            ("[organization]", "email"),
            ("[policy]", "reminder_days"),
            ("[smtp]", "security"),
            ("[[vendor]]", "retired_on"),
            ("Top level", "schema"),
        ] {
            assert!(
                docs.contains_key(&(section.to_string(), key.to_string())),
                "{section} {key}"
            );
        }
        let text = &docs[&("[smtp]".to_string(), "security".to_string())];
        assert!(
            text.contains("starttls | tls | none") || text.contains("`starttls`"),
            "{text}"
        );
    }
}
