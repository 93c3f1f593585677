//! Reads the `[[incident]]` tables and their `[[incident.event]]` steps,
//! with the rules that tie them to the rest of the file: unique ids (none
//! a vendor's id too, so a `[ref:ID]` tag names one of them), an
//! `aware` moment with its offset that is neither in the future nor before
//! a named vendor's `used_from`, vendor ids that exist (else the closest
//! one is named), known data categories, and steps in time order.

use std::collections::HashMap;

use chrono::{DateTime, FixedOffset, NaiveDate};
use toml::de::DeValue;

use super::fields::{Fields, Value, date_value, keyword, wrong_type};
use super::model::{
    Incident, IncidentEvent, IncidentEventKind, IncidentVendor, Located, Party, Risk, Span, Vendor,
    When,
};
use super::values::is_valid_id;
use super::vendor::{evidence_with_hash, message_id, read_domain_list};
use crate::diagnostic::Diagnostic;
use crate::suggest;

const INCIDENT_KEYS: &[&str] = &[
    "id",
    "aware",
    "vendors",
    "confirmed_vendors",
    "phishing_domains",
    "senders",
    "people",
    "records",
    "data",
    "description",
    "risk",
    "event",
];

const EVENT_KEYS: &[&str] = &[
    "on",
    "kind",
    "to",
    "note",
    "message_id",
    "evidence",
    "evidence_sha256",
];

/// Every `[[incident]]` of the file. `vendors` are the file's vendors (for
/// the ids an incident names); `today` is the last day an `aware` or an
/// event may fall on, a day of the organization's time zone `zone`.
///
/// The loader knows the day, not the hour (it is given `today`, like every
/// date rule of the file), so an `aware` later today is accepted here.
pub(super) fn read_incidents(
    root: &Fields<'_, '_>,
    vendors: &[Vendor],
    today: NaiveDate,
    zone: chrono_tz::Tz,
    diags: &mut Vec<Diagnostic>,
) -> Vec<Incident> {
    let tables = root.tables("incident", "incident", diags);
    let mut incidents = Vec::with_capacity(tables.len());
    let mut first_seen: HashMap<String, Span> = HashMap::new();
    for (index, (table, header)) in tables.into_iter().enumerate() {
        let fields = Fields::new(table, header, format!("incident #{}", index + 1));
        let Some(incident) = read_incident(fields, vendors, today, zone, diags) else {
            continue;
        };
        match first_seen.get(&incident.id.value) {
            Some(first) => diags.push(
                Diagnostic::error(format!("two incidents have the id `{}`", incident.id.value))
                    .at(incident.id.span.clone(), "used again here")
                    .context(first.clone(), "first used here")
                    .help("ids must be unique: rename one (e.g. add `-2`)"),
            ),
            None => {
                first_seen.insert(incident.id.value.clone(), incident.id.span.clone());
            }
        }
        if let Some(vendor) = vendors.iter().find(|v| v.id.value == incident.id.value) {
            // A reply's `[ref:ID]` tag must name one of them only.
            diags.push(
                Diagnostic::error(format!(
                    "incident `{0}` has the id of vendor `{0}`",
                    incident.id.value
                ))
                .at(incident.id.span.clone(), "the incident's id")
                .context(vendor.id.span.clone(), "the vendor's id")
                .help(format!(
                    "a `[ref:{0}]` tag in a reply must name one or the other: rename the incident (e.g. `{0}-incident`), before any report is sent for it",
                    incident.id.value
                )),
            );
        }
        incidents.push(incident);
    }
    incidents
}

fn read_incident(
    mut fields: Fields<'_, '_>,
    vendors: &[Vendor],
    today: NaiveDate,
    zone: chrono_tz::Tz,
    diags: &mut Vec<Diagnostic>,
) -> Option<Incident> {
    let id = fields.required_line("id", "\"2026-11-phishing\"", diags);
    if let Some(id) = &id {
        if is_valid_id(&id.value) {
            fields.what = format!("incident `{}`", id.value);
        } else {
            diags.push(
                Diagnostic::error(format!("`{}` is not a valid incident id", id.value))
                    .at(
                        id.span.clone(),
                        "ids use a-z, 0-9 and `-`, starting with a letter or digit",
                    )
                    .help("choose an id such as `2026-11-phishing`"),
            );
        }
    }
    fields.deny_unknown(INCIDENT_KEYS, diags, |key| match key {
        "events" | "history" => {
            Some("each step is an `[[incident.event]]` table below its incident".to_string())
        }
        "vendor" | "suspected_vendors" => Some(
            "write `vendors = [\"id\"]` for suspected sources, `confirmed_vendors = [\"id\"]` for confirmed ones"
                .to_string(),
        ),
        _ => None,
    });

    let aware = if fields.get("aware").is_none() {
        fields.missing("aware", "2026-11-29T08:30:00+01:00", diags);
        None
    } else {
        moment(&fields, "aware", diags)
    };
    if let Some(aware) = &aware
        && aware.value.with_timezone(&zone).date_naive() > today
    {
        diags.push(
            Diagnostic::error(format!(
                "`aware` is {}, after today ({today} in {})",
                aware.value.to_rfc3339(),
                zone.name()
            ))
            .at(aware.span.clone(), "in the future")
            .help("`aware` is when you learnt of the breach; fix the date (or pass `--today`)"),
        );
    }
    let mut named = Vec::new();
    for (key, confirmed) in [("vendors", false), ("confirmed_vendors", true)] {
        for id in fields
            .string_array(key, diags)
            .map(|l| l.value)
            .unwrap_or_default()
        {
            if let Some(vendor) = known_vendor(&id, key, vendors, diags) {
                if let (Some(aware), Some(from)) = (&aware, vendor.used_from)
                    && aware.value.date_naive() < from
                {
                    diags.push(
                        Diagnostic::error(format!(
                            "`aware` is before vendor `{}` was first used ({from})",
                            vendor.id.value
                        ))
                        .at(aware.span.clone(), "aware here")
                        .context(id.span.clone(), format!("`{}` was used from {from}", vendor.id.value))
                        .help("a vendor cannot leak data it did not have yet: check `aware`, or the vendor's `used_from`"),
                    );
                }
                if let Some(first) = named
                    .iter()
                    .find(|v: &&IncidentVendor| v.id.value == id.value)
                {
                    diags.push(
                        Diagnostic::error(format!("incident names vendor `{}` twice", id.value))
                            .at(id.span.clone(), "named again here")
                            .context(first.id.span.clone(), "first named here")
                            .help("list a vendor once: in `confirmed_vendors` when confirmed, else in `vendors`"),
                    );
                    continue;
                }
                named.push(IncidentVendor { id, confirmed });
            }
        }
    }
    let phishing_domains = read_domain_list(
        &fields,
        "phishing_domains",
        "give the domain alone: `phishing_domains = [\"northwind-billing.example\"]`",
        diags,
    );
    let senders = fields
        .string_array("senders", diags)
        .map(|l| l.value)
        .unwrap_or_default();
    let count = |key, diags: &mut Vec<Diagnostic>| {
        fields
            .integer(key, 0..=i64::MAX, diags)
            .map(|n| Located::new(n.value.unsigned_abs(), n.span))
    };
    let people = count("people", diags);
    let records = count("records", diags);
    let data = categories(&fields, diags);
    let description = fields.text("description", diags).map(|d| d.value);
    let risk = fields.get("risk").and_then(|value| {
        keyword(&fields, "risk", Risk::parse, &Risk::names(), diags)
            .map(|risk| Located::new(risk, value.span()))
    });
    let events = read_events(&fields, aware.as_ref(), today, diags);

    Some(Incident {
        span: fields.header(),
        id: id.filter(|id| is_valid_id(&id.value))?,
        aware: aware?,
        vendors: named,
        phishing_domains,
        senders,
        people,
        records,
        data,
        description,
        risk,
        events,
    })
}

/// The vendor `id` names, or the error that names the closest id.
fn known_vendor<'v>(
    id: &Located<String>,
    key: &str,
    vendors: &'v [Vendor],
    diags: &mut Vec<Diagnostic>,
) -> Option<&'v Vendor> {
    let found = vendors.iter().find(|v| v.id.value == id.value);
    if found.is_none() {
        let closest = suggest::closest(&id.value, vendors.iter().map(|v| v.id.value.as_str()));
        diags.push(
            Diagnostic::error(format!(
                "`{key}` names `{}`, which is no vendor's id",
                id.value
            ))
            .at(id.span.clone(), "no `[[vendor]]` has this id")
            .help(match closest {
                Some(closest) => format!("did you mean `{closest}`?"),
                None => "add the vendor first (`linger add`), or fix the id".to_string(),
            }),
        );
    }
    found
}

/// `data`: the same category names as a vendor's (`crate::categories`).
fn categories(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Vec<Located<String>> {
    let Some(list) = fields.string_array("data", diags) else {
        return Vec::new();
    };
    let mut out = Vec::with_capacity(list.value.len());
    for category in list.value {
        if crate::categories::is_known(&category.value) {
            out.push(category);
            continue;
        }
        let help = match crate::categories::suggest(&category.value) {
            Some(close) => format!("did you mean `{close}`?"),
            None => format!(
                "the categories are listed in docs/inventory.md; a category of your own starts with `{}`",
                crate::categories::CUSTOM_PREFIX
            ),
        };
        diags.push(
            Diagnostic::error(format!("`{}` is not a data category", category.value))
                .at(category.span, "not a category linger knows")
                .help(help),
        );
    }
    out
}

fn read_events(
    incident: &Fields<'_, '_>,
    aware: Option<&Located<DateTime<FixedOffset>>>,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Vec<IncidentEvent> {
    let tables = incident.tables("event", "incident.event", diags);
    let mut events: Vec<IncidentEvent> = Vec::with_capacity(tables.len());
    for (table, header) in tables {
        let fields = Fields::new(table, header, format!("an event of {}", incident.what));
        let Some(event) = read_event(&fields, diags) else {
            continue;
        };
        let on = &event.on;
        if let Some(previous) = events.last()
            && earlier(on.value, previous.on.value)
        {
            diags.push(
                Diagnostic::error("events are out of time order")
                    .at(on.span.clone(), "before the event above it")
                    .context(previous.on.span.clone(), "the event before")
                    .help("keep the history in the order things happened; move this event up"),
            );
        }
        if on.value.date() > today {
            diags.push(
                Diagnostic::error(format!(
                    "an event is dated {}, after today ({today})",
                    on.value
                ))
                .at(on.span.clone(), "in the future")
                .help("the history records what has happened; fix the date (or pass `--today`)"),
            );
        }
        if let Some(aware) = aware
            && matches!(
                event.kind,
                IncidentEventKind::AuthorityNotified
                    | IncidentEventKind::PeopleNotified
                    | IncidentEventKind::Closed
            )
            && earlier(on.value, When::At(aware.value))
        {
            diags.push(
                Diagnostic::error(format!(
                    "a `{}` event before the incident's `aware`",
                    event.kind
                ))
                .at(on.span.clone(), "before `aware`")
                .context(aware.span.clone(), "aware here")
                .help("a notification follows the moment you learnt of the breach: check both"),
            );
        }
        events.push(event);
    }
    events
}

/// Whether `a` is surely before `b` (`When::surely_before`).
fn earlier(a: When, b: When) -> bool {
    a.surely_before(b)
}

fn read_event(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<IncidentEvent> {
    let kind = if fields.get("kind").is_none() {
        fields.missing("kind", "\"authority-notified\"", diags);
        None
    } else {
        keyword(
            fields,
            "kind",
            IncidentEventKind::parse,
            &IncidentEventKind::names(),
            diags,
        )
    };
    let on = if fields.get("on").is_none() {
        fields.missing("on", "2026-11-30T14:00:00+01:00", diags);
        None
    } else {
        when(fields, "on", diags)
    };
    let mut allowed = EVENT_KEYS.to_vec();
    match kind {
        Some(kind) => allowed.extend(kind.extra_fields()),
        None => allowed.extend(["letter", "people", "how", "party", "target"]),
    }
    fields.deny_unknown(&allowed, diags, |key| {
        let owners: Vec<&str> = IncidentEventKind::ALL
            .iter()
            .filter(|k| k.extra_fields().contains(&key))
            .map(|k| k.as_str())
            .collect();
        (!owners.is_empty()).then(|| {
            format!(
                "`{key}` belongs to {} events; this one is `{}`",
                owners.join(", "),
                kind.map_or("unknown", IncidentEventKind::as_str)
            )
        })
    });
    let to = fields.line("to", diags).map(|t| t.value);
    let party = fields
        .get("party")
        .and_then(|_| keyword(fields, "party", Party::parse, &Party::names(), diags));
    let target = fields.line("target", diags).map(|t| t.value.to_lowercase());
    let letter = fields.line("letter", diags).map(|l| l.value);
    let message_id = message_id(
        fields,
        "copy the letter's `Message-ID` header with its angle brackets, e.g. \"<20261130.ab12@northwind.example>\"",
        diags,
    );
    let people = fields
        .integer("people", 0..=i64::MAX, diags)
        .map(|n| n.value.unsigned_abs());
    let how = fields.line("how", diags).map(|h| h.value);
    let note = fields.text("note", diags).map(|n| n.value);
    let (evidence, evidence_sha256) = evidence_with_hash(
        fields,
        "evidence_sha256",
        "linger incident mark ... --evidence FILE",
        diags,
    );
    Some(IncidentEvent {
        span: fields.header(),
        on: on?,
        kind: kind?,
        to,
        party,
        target,
        letter,
        message_id,
        people,
        how,
        note,
        evidence,
        evidence_sha256,
    })
}

/// A TOML offset date-time: a local date-time or a date is an error that
/// says how to add the offset.
fn moment(
    fields: &Fields<'_, '_>,
    key: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<Located<DateTime<FixedOffset>>> {
    let value = fields.get(key)?;
    match value.get_ref() {
        DeValue::Datetime(dt) if dt.offset.is_some() && dt.date.is_some() && dt.time.is_some() => {
            offset_datetime(key, value, &dt.to_string(), diags)
                .map(|at| Located::new(at, value.span()))
        }
        DeValue::Datetime(dt) => {
            let example = match (dt.date, dt.time) {
                (Some(date), Some(time)) => format!(
                    "{:04}-{:02}-{:02}T{:02}:{:02}:00+01:00",
                    date.year, date.month, date.day, time.hour, time.minute
                ),
                (Some(date), None) => format!(
                    "{:04}-{:02}-{:02}T09:00:00+01:00",
                    date.year, date.month, date.day
                ),
                _ => "2026-11-29T08:30:00+01:00".to_string(),
            };
            diags.push(
                Diagnostic::error(format!("`{key}` has no UTC offset"))
                    .at(value.span(), "a date-time with its offset is needed")
                    .help(format!(
                        "the hours of a notification clock count from a moment: write the time and its offset, e.g. `{key} = {example}` (or `Z` for UTC)"
                    )),
            );
            None
        }
        DeValue::String(text) => {
            diags.push(
                Diagnostic::error(format!("`{key}` is a quoted string, not a date-time"))
                    .at(value.span(), "date-times are written without quotes")
                    .help(format!("remove the quotes: `{key} = {text}`")),
            );
            None
        }
        other => {
            diags.push(
                wrong_type(key, "a date-time with an offset", other, value.span()).help(format!(
                    "write it without quotes: `{key} = 2026-11-29T08:30:00+01:00`"
                )),
            );
            None
        }
    }
}

fn offset_datetime(
    key: &str,
    value: &Value<'_>,
    text: &str,
    diags: &mut Vec<Diagnostic>,
) -> Option<DateTime<FixedOffset>> {
    let parsed = DateTime::parse_from_rfc3339(&text.replacen(' ', "T", 1)).ok();
    let range = crate::terms::accepted_dates();
    match parsed {
        Some(at) if range.contains(&at.date_naive()) => Some(at),
        Some(_) => {
            diags.push(
                Diagnostic::error(format!("`{key}` is outside the dates linger accepts"))
                    .at(
                        value.span(),
                        format!("not between {} and {}", range.start(), range.end()),
                    )
                    .help("check the year"),
            );
            None
        }
        None => {
            diags.push(
                Diagnostic::error(format!("`{key}` is not a moment in the calendar"))
                    .at(value.span(), "no such day or time"),
            );
            None
        }
    }
}

/// An event's `on`: a moment with its offset, or a day.
fn when(fields: &Fields<'_, '_>, key: &str, diags: &mut Vec<Diagnostic>) -> Option<Located<When>> {
    let value = fields.get(key)?;
    if let DeValue::Datetime(dt) = value.get_ref()
        && dt.time.is_some()
    {
        return moment(fields, key, diags).map(|at| Located::new(When::At(at.value), at.span));
    }
    date_value(key, value, diags).map(|day| Located::new(When::Day(day), value.span()))
}

#[cfg(test)]
mod tests {
    use super::super::{IncidentEventKind, Party, Risk, When, parse};
    use chrono::NaiveDate;

    const HEAD: &str = r#"schema = 1
[organization]
name = "Northwind"
email = "privacy@northwind.example"

[[vendor]]
id = "oldcrm"
name = "OldCRM"
used_from = 2024-01-10
"#;

    fn today() -> NaiveDate {
        NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
    }

    fn errors(incident: &str) -> String {
        let text = format!("{HEAD}{incident}");
        match parse(&text, today()) {
            Ok(_) => panic!("loaded:\n{incident}"),
            Err(diags) => diags
                .iter()
                .map(|d| format!("{d:?}"))
                .collect::<Vec<_>>()
                .join("\n"),
        }
    }

    #[test]
    fn an_incident_loads_with_its_events() {
        let text = format!(
            "{HEAD}{}",
            r#"
[[incident]]
id = "2026-11-phishing"
aware = 2026-11-29T08:30:00+01:00
confirmed_vendors = ["oldcrm"]
phishing_domains = ["Northwind-Billing.example"]
senders = ["mailer.example"]
people = 1200
records = 1500
data = ["contact.email", "contact.name"]
risk = "high"

[[incident.event]]
on = 2026-11-29T12:00:00+01:00
kind = "reported"
party = "registrar"
target = "northwind-billing.example"
to = "abuse@registrar.example"
message_id = "<a@northwind.example>"

[[incident.event]]
on = 2026-11-30
kind = "authority-notified"
"#
        );
        let inventory = parse(&text, today()).unwrap();
        let incident = &inventory.incidents[0];
        assert_eq!(incident.id.value, "2026-11-phishing");
        assert_eq!(
            incident.aware.value.to_rfc3339(),
            "2026-11-29T08:30:00+01:00"
        );
        assert!(incident.vendors[0].confirmed);
        assert_eq!(
            incident.phishing_domains[0].value,
            "northwind-billing.example"
        );
        assert_eq!(incident.risk.as_ref().unwrap().value, Risk::High);
        assert_eq!(incident.events[0].party, Some(Party::Registrar));
        assert_eq!(
            incident.events[1].kind,
            IncidentEventKind::AuthorityNotified
        );
        assert_eq!(
            incident.events[1].on.value,
            When::Day(NaiveDate::from_ymd_opt(2026, 11, 30).unwrap())
        );
        assert!(
            inventory
                .find_incident("2026-11-phishng")
                .unwrap_err()
                .closest
                .is_some()
        );
    }

    #[test]
    fn an_incident_may_not_have_a_vendors_id() {
        let e = errors("[[incident]]\nid = \"oldcrm\"\naware = 2026-11-29T08:30:00Z\n");
        assert!(
            e.contains("incident `oldcrm` has the id of vendor `oldcrm`"),
            "{e}"
        );
        assert!(e.contains("the vendor's id"), "{e}");
        assert!(
            e.contains("rename the incident (e.g. `oldcrm-incident`)"),
            "{e}"
        );
        // Another id loads.
        let text = format!("{HEAD}[[incident]]\nid = \"oldcrm-1\"\naware = 2026-11-29T08:30:00Z\n");
        assert!(parse(&text, today()).is_ok());
    }

    #[test]
    fn aware_needs_an_offset() {
        let e = errors("[[incident]]\nid = \"a\"\naware = 2026-11-29T08:30:00\n");
        assert!(e.contains("has no UTC offset"), "{e}");
        assert!(e.contains("2026-11-29T08:30:00+01:00"), "{e}");
        let e = errors("[[incident]]\nid = \"a\"\naware = 2026-11-29\n");
        assert!(e.contains("has no UTC offset"), "{e}");
    }

    #[test]
    fn aware_in_the_future_is_refused() {
        let e = errors("[[incident]]\nid = \"a\"\naware = 2026-12-02T10:30:00+01:00\n");
        assert!(e.contains("after today (2026-12-01 in UTC)"), "{e}");
    }

    #[test]
    fn aware_before_a_vendor_was_used_is_refused() {
        let e = errors(
            "[[incident]]\nid = \"a\"\naware = 2023-11-29T08:30:00Z\nvendors = [\"oldcrm\"]\n",
        );
        assert!(
            e.contains("before vendor `oldcrm` was first used (2024-01-10)"),
            "{e}"
        );
    }

    #[test]
    fn an_unknown_vendor_names_the_closest() {
        let e = errors(
            "[[incident]]\nid = \"a\"\naware = 2026-11-29T08:30:00Z\nvendors = [\"oldcmr\"]\n",
        );
        assert!(e.contains("no vendor's id"), "{e}");
        assert!(e.contains("did you mean `oldcrm`?"), "{e}");
    }

    #[test]
    fn fields_of_another_kind_and_bad_categories_are_refused() {
        let e = errors(
            "[[incident]]\nid = \"a\"\naware = 2026-11-29T08:30:00Z\ndata = [\"emial\"]\n\n[[incident.event]]\non = 2026-11-30\nkind = \"closed\"\nparty = \"registrar\"\n",
        );
        assert!(e.contains("`party` belongs to reported events"), "{e}");
        assert!(e.contains("`emial` is not a data category"), "{e}");
    }
}
