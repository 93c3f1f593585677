//! Reads the `[[vendor]]` tables and their `[[vendor.event]]` histories,
//! with the rules that tie fields together: unique ids, `retired_on` after
//! `used_from`, events in date order, not in the future, and never before
//! the request they answer.

use std::collections::HashMap;

use chrono::NaiveDate;
use toml::de::DeTable;

use super::fields::{Fields, email, keyword, language};
use super::model::{
    Attachment, CanaryMail, CanarySender, Event, EventKind, Law, Located, Span, Vendor,
};
use super::values::{is_valid_id, website_host};
use crate::diagnostic::Diagnostic;

const VENDOR_KEYS: &[&str] = &[
    "id",
    "name",
    "website",
    "domains",
    "privacy_email",
    "used_from",
    "retired_on",
    "account",
    "data",
    "records",
    "subjects",
    "law",
    "response_days",
    "retention_days",
    "language",
    "canaries",
    "notes",
    "event",
    "canary_mail",
];

const CANARY_MAIL_KEYS: &[&str] = &[
    "on",
    "from",
    "sender",
    "message_id",
    "evidence",
    "sha256",
    "handled",
];

const EVENT_KEYS: &[&str] = &[
    "on",
    "kind",
    "note",
    "reference",
    "message_id",
    "evidence",
    "evidence_sha256",
    "attachments",
];

const ATTACHMENT_KEYS: &[&str] = &["name", "evidence", "sha256"];

pub(super) fn read_vendors(
    root: &Fields<'_, '_>,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Vendor> {
    let tables = root.tables("vendor", "vendor", diags);
    let mut vendors = Vec::with_capacity(tables.len());
    let mut first_seen: HashMap<String, Span> = HashMap::with_capacity(tables.len());
    for (index, (table, header)) in tables.into_iter().enumerate() {
        let Some(vendor) = read_vendor(table, header, index, today, diags) else {
            continue;
        };
        match first_seen.get(&vendor.id.value) {
            Some(first) => diags.push(duplicate_id(&vendor.id, first.clone())),
            None => {
                first_seen.insert(vendor.id.value.clone(), vendor.id.span.clone());
            }
        }
        vendors.push(vendor);
    }
    vendors
}

/// The rule that ids are unique: `again` repeats the id first written at
/// `first`.
pub(super) fn duplicate_id(again: &Located<String>, first: Span) -> Diagnostic {
    Diagnostic::error(format!("two vendors have the id `{}`", again.value))
        .at(again.span.clone(), "used again here")
        .context(first, "first used here")
        .help("ids must be unique: rename one (e.g. add `-eu` or a year)")
}

pub(super) fn read_vendor(
    table: &DeTable<'_>,
    header: Span,
    index: usize,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<Vendor> {
    let mut fields = Fields::new(table, header, format!("vendor #{}", index + 1));
    let id = fields.required_line("id", "\"oldcrm\"", diags);
    if let Some(id) = &id {
        if is_valid_id(&id.value) {
            fields.what = format!("vendor `{}`", id.value);
        } else {
            let suggestion = slug(&id.value);
            diags.push(
                Diagnostic::error(format!("`{}` is not a valid vendor id", id.value))
                    .at(
                        id.span.clone(),
                        "ids use a-z, 0-9 and `-`, starting with a letter or digit",
                    )
                    .help(if suggestion.is_empty() {
                        "choose an id such as `oldcrm`".to_string()
                    } else {
                        format!("try `id = \"{suggestion}\"`")
                    }),
            );
        }
    }
    fields.deny_unknown(VENDOR_KEYS, diags, |key| {
        matches!(key, "events" | "history")
            .then(|| "each event is a `[[vendor.event]]` table below its vendor".to_string())
    });

    let name = fields.required_line("name", "\"OldCRM Inc.\"", diags);
    let website = fields.line("website", diags).filter(|site| {
        let ok = website_host(&site.value).is_some();
        if !ok {
            diags.push(
                Diagnostic::error("`website` must be an http:// or https:// address")
                    .at(site.span.clone(), "no host found")
                    .help("write it in full: `website = \"https://oldcrm.example\"`"),
            );
        }
        ok
    });
    let domains = read_domains(
        &fields,
        "list the vendor's other domains: `domains = [\"oldcrm.example\", \"oldcrm-mail.example\"]`",
        diags,
    );
    let privacy_email = email(&fields, "privacy_email", false, diags).map(|e| e.value);
    let used_from = fields.date("used_from", diags);
    let retired_on = fields.date("retired_on", diags);
    if let (Some(from), Some(retired)) = (&used_from, &retired_on)
        && retired.value < from.value
    {
        diags.push(
            Diagnostic::error("`retired_on` is before `used_from`")
                .at(retired.span.clone(), "retired here")
                .context(from.span.clone(), "but first used here")
                .help("check both dates: a vendor is retired after it was first used"),
        );
    }
    let account = fields.line("account", diags).map(|a| a.value);
    let data = fields.string_array("data", diags).map(|d| d.value);
    let records = fields
        .integer("records", 0..=i64::MAX, diags)
        .map(|n| n.value.unsigned_abs());
    let subjects = fields.string_array("subjects", diags);
    let law = fields
        .get("law")
        .and_then(|_| keyword(&fields, "law", Law::parse, &Law::names(), diags));
    let response_days = fields
        .integer("response_days", 1..=3650, diags)
        .map(|n| n.value.unsigned_abs() as u32);
    let retention_days = fields
        .integer("retention_days", 0..=36500, diags)
        .map(|n| Located::new(n.value.unsigned_abs() as u32, n.span));
    let language = language(&fields, diags);
    let canaries = read_canaries(&fields, diags);
    let notes = fields.text("notes", diags).map(|n| n.value);
    let events = read_events(&fields, today, diags);
    let canary_mail = read_canary_mail(&fields, today, diags);

    Some(Vendor {
        span: fields.header(),
        id: id.filter(|id| is_valid_id(&id.value))?,
        name: name?.value,
        website,
        domains,
        privacy_email,
        used_from: used_from.map(|d| d.value),
        retired_on,
        account,
        data,
        records,
        subjects: subjects
            .map(|s| s.value.into_iter().map(|s| s.value).collect())
            .unwrap_or_default(),
        law,
        response_days,
        retention_days,
        language,
        canaries,
        notes,
        events,
        canary_mail,
    })
}

/// A `domains` list (a vendor's, or the organization's own), lower case;
/// `help` shows how to write it.
pub(super) fn read_domains(
    fields: &Fields<'_, '_>,
    help: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Located<String>> {
    read_domain_list(fields, "domains", help, diags)
}

/// A list of domain names under `key`, lower case; `help` shows how to
/// write it.
pub(super) fn read_domain_list(
    fields: &Fields<'_, '_>,
    key: &str,
    help: &str,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Located<String>> {
    let Some(list) = fields.string_array(key, diags) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(list.value.len());
    for domain in list.value {
        match crate::address::domain_problem(&domain.value) {
            None => out.push(Located::new(domain.value.to_lowercase(), domain.span)),
            Some(problem) => diags.push(
                Diagnostic::error(format!("`{}` is not a domain name", domain.value))
                    .at(domain.span, problem)
                    .help(help),
            ),
        }
    }
    out
}

fn read_canaries(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Vec<String> {
    let Some(list) = fields.string_array("canaries", diags) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(list.value.len());
    for canary in list.value {
        match crate::address::email_problem(&canary.value) {
            None => out.push(canary.value),
            Some(problem) => diags.push(
                Diagnostic::error("a canary must be an e-mail address")
                    .at(canary.span, problem)
                    .help("a canary is an address that exists only at this vendor, e.g. \"k7f3q9x2@canary.example.com\""),
            ),
        }
    }
    out
}

fn read_events(
    vendor: &Fields<'_, '_>,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Event> {
    let tables = vendor.tables("event", "vendor.event", diags);
    let mut events: Vec<Event> = Vec::with_capacity(tables.len());
    let mut requested = false;
    for (table, header) in tables {
        let fields = Fields::new(table, header, format!("an event of {}", vendor.what));
        let Some(event) = read_event(&fields, diags) else {
            continue;
        };
        let on = &event.on;
        if let Some(previous) = events.last()
            && on.value < previous.on.value
        {
            diags.push(
                Diagnostic::error("events are out of date order")
                    .at(on.span.clone(), "dated before the event above it")
                    .context(previous.on.span.clone(), "the event before")
                    .help("keep the history in the order things happened; move this event up"),
            );
        }
        if on.value > today {
            diags.push(
                Diagnostic::error(format!(
                    "an event is dated {}, after today ({today})",
                    on.value
                ))
                .at(on.span.clone(), "in the future")
                .help("the history records what has happened; fix the date (or pass `--today`)"),
            );
        }
        if event.kind.needs_prior_request() && !requested {
            diags.push(
                Diagnostic::error(format!(
                    "`{}` event with no deletion request before it",
                    event.kind
                ))
                .at(
                    event.span.clone(),
                    format!("`{}` answers a request", event.kind),
                )
                .help("add the `requested` event first: `linger mark ID requested --on DATE`"),
            );
        }
        if event.kind.needs_finished_deletion()
            && !events
                .last()
                .is_some_and(|previous| previous.kind.is_done())
        {
            let before = events
                .last()
                .map_or("nothing".to_string(), |p| format!("`{}`", p.kind));
            diags.push(
                Diagnostic::error(format!(
                    "`{}` event with no finished deletion before it",
                    event.kind
                ))
                .at(
                    event.span.clone(),
                    format!("`{}` checks a finished deletion; {before} comes before it", event.kind),
                )
                .help("record the vendor's confirmation first: `linger mark ID confirmed --evidence FILE` (or `not-needed --reason ...`)"),
            );
        }
        requested |= event.kind == EventKind::Requested;
        events.push(event);
    }
    events
}

fn read_event(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Event> {
    let kind = if fields.get("kind").is_none() {
        fields.missing("kind", "\"requested\"", diags);
        None
    } else {
        keyword(fields, "kind", EventKind::parse, &EventKind::names(), diags)
    };
    let on = if fields.get("on").is_none() {
        fields.missing("on", "2021-03-01", diags);
        None
    } else {
        fields.date("on", diags)
    };

    let mut allowed = EVENT_KEYS.to_vec();
    match kind {
        Some(kind) => allowed.extend(kind.extra_fields()),
        // Without a kind, accept every field so one mistake reports once.
        None => allowed.extend(["until", "reason"]),
    }
    fields.deny_unknown(&allowed, diags, |key| {
        let owner = EventKind::ALL
            .iter()
            .find(|k| k.extra_fields().contains(&key))?;
        Some(format!(
            "`{key}` belongs to `{owner}` events; this one is `{}`",
            kind.map_or("unknown", EventKind::as_str)
        ))
    });

    let note = fields.text("note", diags).map(|n| n.value);
    let reference = fields.line("reference", diags).map(|r| r.value);
    let message_id = message_id(
        fields,
        "copy the letter's `Message-ID` header with its angle brackets, e.g. \"<20261120.ab12@northwind.example>\"",
        diags,
    );
    let until = fields.date("until", diags);
    let reason = fields.text("reason", diags).map(|r| r.value);
    let (evidence, evidence_sha256) = evidence_with_hash(
        fields,
        "evidence_sha256",
        "linger mark ... --evidence FILE",
        diags,
    );
    let attachments = read_attachments(fields, diags);
    let kind = kind?;
    let on = on?;

    if kind == EventKind::Extended {
        match &until {
            None if fields.get("until").is_none() => fields.missing("until", "2021-05-01", diags),
            Some(until) if until.value < on.value => diags.push(
                Diagnostic::error("an extension ends before it was granted")
                    .at(until.span.clone(), "before the event's `on`")
                    .context(on.span.clone(), "granted here")
                    .help("`until` is the new deadline the vendor gave itself"),
            ),
            _ => {}
        }
    }
    if kind == EventKind::NotNeeded && fields.get("reason").is_none() {
        fields.missing("reason", "\"never held personal data\"", diags);
    }

    Some(Event {
        span: fields.header(),
        on,
        kind,
        note,
        reference,
        message_id,
        until: until.map(|u| u.value),
        reason,
        evidence,
        evidence_sha256,
        attachments,
    })
}

/// An event's `attachments`: the files kept beside its evidence, each
/// `{ name = "…", evidence = "evidence/…", sha256 = "…" }`.
fn read_attachments(event: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Vec<Attachment> {
    let tables = event.tables("attachments", "vendor.event.attachments", diags);
    let mut out = Vec::with_capacity(tables.len());
    for (table, span) in tables {
        let fields = Fields::new(table, span, format!("an attachment of {}", event.what));
        fields.deny_unknown(ATTACHMENT_KEYS, diags, |_| None);
        let name = fields.line("name", diags).map(|n| n.value);
        let (evidence, sha256) =
            evidence_with_hash(&fields, "sha256", "linger inbox --apply", diags);
        let Some(evidence) = evidence else {
            if fields.get("evidence").is_none() {
                fields.missing(
                    "evidence",
                    "\"evidence/ID/2026-11-25-confirmed-certificate.pdf\"",
                    diags,
                );
            }
            continue;
        };
        out.push(Attachment {
            span: fields.header(),
            name,
            evidence,
            sha256,
        });
    }
    out
}

/// The vendor's `canary_mail` list: what `canary watch --apply` recorded.
fn read_canary_mail(
    vendor: &Fields<'_, '_>,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Vec<CanaryMail> {
    let tables = vendor.tables("canary_mail", "vendor.canary_mail", diags);
    let mut out = Vec::with_capacity(tables.len());
    for (table, span) in tables {
        let fields = Fields::new(table, span, format!("a canary mail of {}", vendor.what));
        fields.deny_unknown(CANARY_MAIL_KEYS, diags, |_| None);
        let on = if fields.get("on").is_none() {
            fields.missing("on", "2026-12-01", diags);
            None
        } else {
            fields.date("on", diags)
        };
        if let Some(on) = &on
            && on.value > today
        {
            diags.push(
                Diagnostic::error(format!(
                    "a canary mail is dated {}, after today ({today})",
                    on.value
                ))
                .at(on.span.clone(), "in the future")
                .help("it records a message received; fix the date (or pass `--today`)"),
            );
        }
        let from = fields.required_line("from", "\"mailer.example\"", diags);
        let sender = if fields.get("sender").is_none() {
            fields.missing("sender", "\"other\"", diags);
            None
        } else {
            keyword(
                &fields,
                "sender",
                CanarySender::parse,
                &CanarySender::names(),
                diags,
            )
        };
        let message_id = message_id(
            &fields,
            "copy the message's `Message-ID` header with its angle brackets",
            diags,
        );
        let (evidence, sha256) =
            evidence_with_hash(&fields, "sha256", "linger canary watch --apply", diags);
        let handled = fields.date("handled", diags);
        let (Some(on), Some(from), Some(sender)) = (on, from, sender) else {
            continue;
        };
        out.push(CanaryMail {
            span: fields.header(),
            on,
            from: from.value,
            sender,
            message_id,
            evidence,
            sha256,
            handled,
        });
    }
    out
}

/// A record's `message_id`, checked to be a Message-ID; `help` says where
/// to copy it from.
pub(super) fn message_id(
    fields: &Fields<'_, '_>,
    help: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<String> {
    let id = fields.line("message_id", diags)?;
    if is_message_id(&id.value) {
        return Some(id.value);
    }
    diags.push(
        Diagnostic::error("`message_id` is not a Message-ID")
            .at(id.span, "not `<left@right>`")
            .help(help),
    );
    None
}

/// The `evidence` of a record and the SHA-256 recorded with it under
/// `hash_key`, each checked: a hash is 64 lower-case hex digits and goes
/// with a file. `writer` is the command that writes both, for the help.
pub(super) fn evidence_with_hash(
    fields: &Fields,
    hash_key: &str,
    writer: &str,
    diags: &mut Vec<Diagnostic>,
) -> (Option<Located<String>>, Option<Located<String>>) {
    let evidence = fields.line("evidence", diags);
    let hash = fields.line(hash_key, diags).and_then(|hash| {
        if is_sha256(&hash.value) {
            return Some(hash);
        }
        diags.push(
            Diagnostic::error(format!("`{hash_key}` is not a SHA-256 hash"))
                .at(hash.span, "expected 64 lower-case hex digits")
                .help(format!("let `{writer}` write it, or `sha256sum FILE`")),
        );
        None
    });
    if let (Some(hash), None) = (&hash, &evidence) {
        diags.push(
            Diagnostic::error(format!("`{hash_key}` without `evidence`"))
                .at(hash.span.clone(), "the hash of which file?")
                .help("add `evidence = \"evidence/...\"`, the file this is the hash of"),
        );
    }
    (evidence, hash)
}

fn is_sha256(text: &str) -> bool {
    text.len() == 64 && text.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

/// A valid id made from an invalid one, for the hint.
fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

/// A Message-ID as RFC 5322 writes it: `<left@right>`, no spaces or
/// further angle brackets.
pub fn is_message_id(text: &str) -> bool {
    text.strip_prefix('<')
        .and_then(|t| t.strip_suffix('>'))
        .and_then(|t| t.split_once('@'))
        .is_some_and(|(left, right)| {
            let fine = |part: &str| {
                !part.is_empty()
                    && part
                        .chars()
                        .all(|c| c.is_ascii_graphic() && !matches!(c, '<' | '>' | '@'))
            };
            fine(left) && fine(right)
        })
}
