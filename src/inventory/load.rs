//! Text → `Inventory`: parses the TOML with spans and applies every load
//! rule of docs/inventory.md, collecting all problems instead of stopping at the
//! first. Pure: the caller reads the file and supplies `today`.

use chrono::NaiveDate;
use toml::de::DeTable;

use std::ops::Range;

use super::fields::{Fields, email, keyword, language, names_a_secret};

use super::model::{
    Authority, Imap, Inventory, Language, Law, Located, MailAuth, Organization, Policy, Security,
    Smtp, Vendor,
};
use super::vendor::{read_domains, read_vendor, read_vendors};
use crate::diagnostic::Diagnostic;
use crate::holidays::Subdivision;
use crate::suggest;
use crate::terms::{Code, Severity};

/// The schema version this build reads.
pub const SCHEMA: i64 = 1;

/// Parses and validates an inventory. On failure every problem found is
/// returned, in the order they appear in the file.
pub fn parse(text: &str, today: NaiveDate) -> Result<Inventory, Vec<Diagnostic>> {
    let root = DeTable::parse(text).map_err(|err| vec![toml_error(&err, text)])?;
    let mut diags = Vec::new();
    let inventory = read_root(root.get_ref(), today, &mut diags);
    finish(inventory, diags)
}

/// Loads the one vendor written at `text[range]` (its `[[vendor]]` table and
/// its events) exactly as `parse` loads it from the whole text, with spans
/// into `text`, but without reading anything else. `index` is its position
/// among the vendors. The editor uses it to check an edit in the time it
/// takes to read one vendor; the unique-id rule, the only rule across
/// vendors, is the caller's.
pub fn parse_vendor(
    text: &str,
    range: Range<usize>,
    index: usize,
    today: NaiveDate,
) -> Result<Vendor, Vec<Diagnostic>> {
    // Spaces in place of everything before the vendor keep every span
    // pointing at the same byte of `text`.
    let mut padded = String::with_capacity(range.end);
    padded.extend(std::iter::repeat_n(' ', range.start));
    padded.push_str(&text[range.clone()]);
    let root = DeTable::parse(&padded).map_err(|err| vec![toml_error(&err, &padded)])?;
    let mut diags = Vec::new();
    let fields = Fields::new(root.get_ref(), range.start..range.start, "the vendor");
    fields.deny_unknown(&["vendor"], &mut diags, |_| None);
    let vendor = match fields.tables("vendor", "vendor", &mut diags).as_slice() {
        [(table, header)] => read_vendor(table, header.clone(), index, today, &mut diags),
        _ => {
            diags.push(Diagnostic::error(
                "expected exactly one `[[vendor]]` table here",
            ));
            None
        }
    };
    finish(vendor, diags)
}

fn finish<T>(value: Option<T>, mut diags: Vec<Diagnostic>) -> Result<T, Vec<Diagnostic>> {
    match value {
        Some(value) if diags.is_empty() => Ok(value),
        _ => {
            diags.sort_by_key(Diagnostic::offset);
            Err(diags)
        }
    }
}

fn toml_error(err: &toml::de::Error, text: &str) -> Diagnostic {
    let mut diag = Diagnostic::error(format!("invalid TOML: {}", err.message().trim()));
    if let Some(span) = err.span() {
        // A syntax error on a line whose key names a secret
        // (`password = hunter2` without quotes) must not print the line.
        let line_start = text
            .get(..span.start)
            .map_or(0, |t| t.rfind('\n').map_or(0, |i| i + 1));
        let key = text
            .get(line_start..)
            .and_then(|line| line.split(['=', '\n']).next())
            .unwrap_or("");
        let secret = names_a_secret(key.trim());
        diag = if secret {
            diag.at(span, "here (the line is not shown: it may hold a secret)")
                .hiding_the_line()
        } else {
            diag.at(span, "here")
        };
    }
    diag.help("see https://toml.io for the syntax; `linger init` writes a valid starter file")
}

const ROOT_KEYS: &[&str] = &[
    "schema",
    "organization",
    "policy",
    "smtp",
    "imap",
    "checks",
    "vendor",
    "canary",
    "incident",
];

fn read_root(
    root: &DeTable<'_>,
    today: NaiveDate,
    diags: &mut Vec<Diagnostic>,
) -> Option<Inventory> {
    let fields = Fields::new(root, 0..0, "the inventory");
    fields.deny_unknown(ROOT_KEYS, diags, |key| {
        (key == "vendors").then(|| "each vendor is a `[[vendor]]` table (singular)".to_string())
    });

    match fields.integer("schema", i64::MIN..=i64::MAX, diags) {
        Some(schema) if schema.value == SCHEMA => {}
        Some(schema) => diags.push(
            Diagnostic::error(format!("this inventory is schema {}", schema.value))
                .at(schema.span, format!("this linger reads schema {SCHEMA}"))
                .help("upgrade linger, or check the `schema` line"),
        ),
        None if fields.get("schema").is_none() => diags.push(
            Diagnostic::error("the inventory has no `schema` line")
                .help(format!("add `schema = {SCHEMA}` at the top of the file")),
        ),
        None => {}
    }

    let organization = match fields.table("organization", diags) {
        Some((table, span)) => {
            read_organization(&Fields::new(table, span, "[organization]"), diags)
        }
        None => {
            if fields.get("organization").is_none() {
                diags.push(
                    Diagnostic::error("the inventory has no `[organization]` table")
                        .help("add `[organization]` with at least `name` and `email`: letters are sent from it"),
                );
            }
            None
        }
    };
    let policy = fields
        .table("policy", diags)
        .map(|(table, span)| read_policy(&Fields::new(table, span, "[policy]"), diags))
        .unwrap_or_default();
    let smtp = fields
        .table("smtp", diags)
        .and_then(|(table, span)| read_smtp(&Fields::new(table, span, "[smtp]"), diags));
    let imap = fields
        .table("imap", diags)
        .and_then(|(table, span)| read_imap(&Fields::new(table, span, "[imap]"), diags));
    let canary_imap = fields.table("canary", diags).and_then(|(table, span)| {
        let canary = Fields::new(table, span, "[canary]");
        canary.deny_unknown(&["imap"], diags, |_| {
            Some("`[canary]` holds only `[canary.imap]`, the catch-all account".to_string())
        });
        canary.table("imap", diags).and_then(|(table, span)| {
            read_imap_as(
                &Fields::new(table, span, "[canary.imap]"),
                ("canary-imap-password", "LINGER_CANARY_IMAP_PASSWORD"),
                diags,
            )
        })
    });
    let checks = fields
        .table("checks", diags)
        .map(|(table, span)| read_checks(&Fields::new(table, span, "[checks]"), diags))
        .unwrap_or_default();
    let vendors = read_vendors(&fields, today, diags);
    let zone = organization
        .as_ref()
        .map_or(chrono_tz::UTC, |org| org.time_zone);
    let incidents = super::read_incident::read_incidents(&fields, &vendors, today, zone, diags);

    Some(Inventory {
        organization: organization?,
        policy,
        smtp,
        imap,
        canary_imap,
        checks,
        vendors,
        incidents,
    })
}

fn read_imap(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Imap> {
    read_imap_as(fields, ("imap-password", "LINGER_IMAP_PASSWORD"), diags)
}

/// An IMAP account's table (`[imap]`, `[canary.imap]`); `secret` is the
/// keyring entry and variable a password put here is sent to.
fn read_imap_as(
    fields: &Fields<'_, '_>,
    secret: (&str, &str),
    diags: &mut Vec<Diagnostic>,
) -> Option<Imap> {
    fields.deny_unknown(
        &[
            "host",
            "port",
            "security",
            "username",
            "auth",
            "mailboxes",
            "ca_file",
            "timeout_seconds",
        ],
        diags,
        |key| no_password_here(key, secret.0, secret.1),
    );
    let host = fields.required_line("host", "\"imap.example.com\"", diags);
    let username = fields.required_line("username", "\"privacy@example.com\"", diags);
    let names = ["tls", "starttls"];
    let security = keyword(
        fields,
        "security",
        |s| match s {
            "tls" => Some(Security::Tls),
            "starttls" => Some(Security::StartTls),
            _ => None,
        },
        &names,
        diags,
    )
    .unwrap_or(Security::Tls);
    let port = fields
        .integer("port", 1..=65535, diags)
        .map(|p| u16::try_from(p.value).unwrap_or(993));
    let auth = keyword(fields, "auth", MailAuth::parse, &MailAuth::names(), diags)
        .unwrap_or(MailAuth::Login);
    let mailboxes = fields
        .string_array("mailboxes", diags)
        .map(|list| list.value.into_iter().map(|m| m.value).collect::<Vec<_>>())
        .filter(|list| !list.is_empty())
        .unwrap_or_else(|| vec!["INBOX".to_string()]);
    let ca_file = fields.line("ca_file", diags).map(|f| f.value);
    let timeout_seconds = fields
        .integer("timeout_seconds", 1..=600, diags)
        .map_or(30, |t| u64::try_from(t.value).unwrap_or(30));
    Some(Imap {
        host: host?.value,
        port: port.unwrap_or(match security {
            Security::StartTls => 143,
            _ => 993,
        }),
        security,
        username: username?.value,
        auth,
        mailboxes,
        ca_file,
        timeout_seconds,
    })
}

fn read_organization(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Organization> {
    fields.deny_unknown(
        &[
            "name",
            "email",
            "signatory",
            "address",
            "law",
            "language",
            "country",
            "subdivision",
            "reply_tag",
            "canary_domain",
            "domains",
            "authority",
            "time_zone",
        ],
        diags,
        |_| None,
    );
    let name = fields.required_line("name", "\"Northwind Analytics AS\"", diags);
    let address_of_org = email(fields, "email", true, diags);
    let signatory = fields.line("signatory", diags);
    let address = fields.text("address", diags);
    // The letter-carried fields as written, for the checks on their values.
    let written: Vec<(&'static str, Located<String>)> = [
        ("name", name.clone()),
        ("email", address_of_org.clone()),
        ("signatory", signatory.clone()),
        ("address", address.clone()),
    ]
    .into_iter()
    .filter_map(|(field, value)| Some((field, value?)))
    .collect();
    let law = keyword(fields, "law", Law::parse, &Law::names(), diags).unwrap_or(Law::Gdpr);
    let language = language(fields, diags).unwrap_or(Language::En);
    let country = fields.line("country", diags).and_then(|code| {
        if code.value.len() == 2 && code.value.bytes().all(|b| b.is_ascii_uppercase()) {
            return Some(code);
        }
        diags.push(
            Diagnostic::error("`country` is not an ISO 3166-1 alpha-2 code")
                .at(code.span, "expected two capital letters")
                .help(format!(
                    "write the country's two-letter code, e.g. `country = \"{}\"`",
                    code.value
                        .trim()
                        .get(..2)
                        .unwrap_or("NO")
                        .to_ascii_uppercase()
                )),
        );
        None
    });
    let subdivision = fields
        .line("subdivision", diags)
        .and_then(|code| subdivision(code, country.as_ref(), diags));
    let canary_domain = fields.line("canary_domain", diags).and_then(|domain| {
        if crate::address::is_domain(&domain.value) {
            return Some(domain.value.to_ascii_lowercase());
        }
        diags.push(
            Diagnostic::error("`canary_domain` is not a domain name")
                .at(
                    domain.span,
                    "expected a domain such as `canary.example.com`",
                )
                .help("give the domain alone: no `@`, no `https://`"),
        );
        None
    });
    let domains = read_domains(
        fields,
        "list our other domains: `domains = [\"northwind.net\", \"northwind-traders.example\"]`",
        diags,
    )
    .into_iter()
    .map(|d| d.value)
    .collect();
    let authorities = fields
        .table("authority", diags)
        .map(|(table, span)| {
            read_authorities(
                &Fields::new(table, span, "`organization.authority`"),
                law,
                diags,
            )
        })
        .unwrap_or_default();
    let time_zone = time_zone(fields, country.as_ref(), diags);
    Some(Organization {
        name: name?.value,
        email: address_of_org?.value,
        signatory: signatory.map(|s| s.value),
        address: address.map(|a| a.value),
        written,
        law,
        language,
        country,
        subdivision,
        reply_tag: fields.bool("reply_tag", diags).unwrap_or(false),
        canary_domain,
        domains,
        authorities,
        time_zone,
    })
}

/// `organization.time_zone`: an IANA name (`Europe/Oslo`); without one,
/// the zone of `country` when the whole country keeps one time, else UTC.
fn time_zone(
    fields: &Fields<'_, '_>,
    country: Option<&Located<String>>,
    diags: &mut Vec<Diagnostic>,
) -> chrono_tz::Tz {
    let fallback = country
        .and_then(|c| super::time_zone::of_country(&c.value))
        .unwrap_or(chrono_tz::UTC);
    let Some(name) = fields.line("time_zone", diags) else {
        return fallback;
    };
    match name.value.parse::<chrono_tz::Tz>() {
        Ok(zone) => zone,
        Err(_) => {
            let closest = super::time_zone::closest(&name.value);
            diags.push(
                Diagnostic::error(format!("`{}` is not a time zone linger knows", name.value))
                    .at(name.span, "expected an IANA name such as `Europe/Oslo`")
                    .help(match closest {
                        Some(zone) => format!("did you mean `{zone}`?"),
                        None => "write the IANA name of the zone (Area/City, e.g. `America/Toronto`), or `UTC`".to_string(),
                    }),
            );
            fallback
        }
    }
}

/// `organization.subdivision`: one whose holidays linger knows, within
/// `organization.country`.
fn subdivision(
    code: Located<String>,
    country: Option<&Located<String>>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Subdivision> {
    let Some(subdivision) = Subdivision::parse(&code.value) else {
        diags.push(
            Diagnostic::error(format!(
                "`subdivision` `{}` is not one whose public holidays linger knows",
                code.value
            ))
            .at(code.span, "expected an ISO 3166-2 code such as `CA-QC`")
            .help(format!(
                "write one of {}, or leave `subdivision` out: the country's holidays still move deadlines",
                Subdivision::names().join(", ")
            )),
        );
        return None;
    };
    let wanted = subdivision.country().as_str();
    match country {
        Some(country) if country.value == wanted => Some(subdivision),
        Some(country) => {
            diags.push(
                Diagnostic::error(format!(
                    "`subdivision` `{}` is in {wanted}, but `country` is `{}`",
                    code.value, country.value
                ))
                .at(code.span, format!("a subdivision of {wanted}"))
                .help(format!(
                    "set `country = \"{wanted}\"`, or a subdivision of {} (`{}-...`)",
                    country.value, country.value
                )),
            );
            None
        }
        None => {
            diags.push(
                Diagnostic::error("`subdivision` needs `country`")
                    .at(code.span, "adds to a country's holidays")
                    .help(format!("add `country = \"{wanted}\"` to `[organization]`")),
            );
            None
        }
    }
}

const AUTHORITY_KEYS: &[&str] = &["name", "email", "language"];

/// `authority = { name, email }` is the authority for the organization's
/// own law; `[organization.authority.LAW]` tables name one per law.
fn read_authorities(
    fields: &Fields<'_, '_>,
    law: Law,
    diags: &mut Vec<Diagnostic>,
) -> Vec<(Law, Authority)> {
    if AUTHORITY_KEYS.iter().any(|key| fields.get(key).is_some()) {
        return read_authority(fields, Some(law), diags)
            .map(|authority| vec![(law, authority)])
            .unwrap_or_default();
    }
    let laws = Law::names();
    fields.deny_unknown(&laws, diags, |_| {
        Some(format!(
            "write one authority (`name`, `email`) for `organization.law`, or a table per law: {}",
            laws.iter()
                .map(|l| format!("`[organization.authority.{l}]`"))
                .collect::<Vec<_>>()
                .join(", ")
        ))
    });
    Law::ALL
        .iter()
        .filter_map(|law| {
            let (table, span) = fields.table(law.as_str(), diags)?;
            let what = format!("`organization.authority.{law}`");
            let authority = read_authority(&Fields::new(table, span, what), None, diags)?;
            Some((*law, authority))
        })
        .collect()
}

/// One authority; `single` is the organization's law when the table is the
/// single form, which cannot also hold tables per law.
fn read_authority(
    fields: &Fields<'_, '_>,
    single: Option<Law>,
    diags: &mut Vec<Diagnostic>,
) -> Option<Authority> {
    fields.deny_unknown(AUTHORITY_KEYS, diags, |key| {
        let law = single?;
        Law::parse(key)?;
        Some(format!(
            "with a table per law, this authority moves to its own table too: `[organization.authority.{law}]` with its `name` and `email`"
        ))
    });
    let name = fields.required_line("name", "\"Datatilsynet\"", diags);
    let address = email(fields, "email", true, diags);
    let language = language(fields, diags);
    Some(Authority {
        name: name?.value,
        email: address?.value,
        language,
    })
}

fn read_policy(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Policy {
    fields.deny_unknown(
        &[
            "request_within_days",
            "reminder_days",
            "weekend_rollover",
            "holidays",
            "verify_after_days",
            "takedown_days",
        ],
        diags,
        |_| None,
    );
    let defaults = Policy::default();
    let days = |key, min, diags: &mut Vec<Diagnostic>| {
        fields
            .integer(key, min..=3650, diags)
            .map(|n| u32::try_from(n.value).unwrap_or(u32::MAX))
    };
    Policy {
        request_within_days: days("request_within_days", 0, diags)
            .unwrap_or(defaults.request_within_days),
        reminder_days: days("reminder_days", 1, diags).unwrap_or(defaults.reminder_days),
        weekend_rollover: fields
            .bool("weekend_rollover", diags)
            .unwrap_or(defaults.weekend_rollover),
        holidays: {
            let mut days = fields.date_array("holidays", diags).unwrap_or_default();
            days.sort_unstable();
            days.dedup();
            days
        },
        verify_after_days: days("verify_after_days", 1, diags)
            .unwrap_or(defaults.verify_after_days),
        takedown_days: days("takedown_days", 1, diags).unwrap_or(defaults.takedown_days),
    }
}

fn read_smtp(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Option<Smtp> {
    fields.deny_unknown(
        &[
            "host",
            "port",
            "username",
            "security",
            "ca_file",
            "auth",
            "timeout_seconds",
        ],
        diags,
        |key| no_password_here(key, "smtp-password", "LINGER_SMTP_PASSWORD"),
    );
    let host = fields.required_line("host", "\"smtp.example.com\"", diags);
    let ca_file = fields.line("ca_file", diags).map(|f| f.value);
    let auth = keyword(fields, "auth", MailAuth::parse, &MailAuth::names(), diags);
    let timeout_seconds = fields
        .integer("timeout_seconds", 1..=600, diags)
        .map_or(30, |t| u64::try_from(t.value).unwrap_or(30));
    let names: Vec<&str> = Security::ALL.iter().map(|(name, _)| *name).collect();
    let security = keyword(
        fields,
        "security",
        |s| {
            Security::ALL
                .iter()
                .find(|(name, _)| *name == s)
                .map(|(_, v)| *v)
        },
        &names,
        diags,
    )
    .unwrap_or(Security::StartTls);
    let port = fields
        .integer("port", 1..=65535, diags)
        .map(|p| u16::try_from(p.value).unwrap_or(587));
    let username = fields.line("username", diags).map(|u| u.value);
    let host = host?;
    if security == Security::None && !is_loopback(&host.value) {
        diags.push(
            Diagnostic::error("`security = \"none\"` is only allowed for a loopback host")
                .at(host.span.clone(), "not a loopback address")
                .help("use `security = \"starttls\"` or `\"tls\"`: a password must never cross a network unencrypted"),
        );
    }
    let default_port = match security {
        Security::StartTls => 587,
        Security::Tls => 465,
        Security::None => 25,
    };
    Some(Smtp {
        host: host.value,
        port: port.unwrap_or(default_port),
        username,
        security,
        ca_file,
        auth,
        timeout_seconds,
    })
}

/// The help for a password-like key in `[smtp]` or `[imap]`: the secret
/// `name` holds it, in the keyring or in `variable`.
fn no_password_here(key: &str, name: &str, variable: &str) -> Option<String> {
    matches!(key, "password" | "pass" | "secret" | "token").then(|| {
        format!(
            "passwords never go in the inventory: store it with `linger secret set {name}`, or set {variable} in CI"
        )
    })
}

pub fn is_loopback(host: &str) -> bool {
    let host = host.trim_start_matches('[').trim_end_matches(']');
    host.eq_ignore_ascii_case("localhost")
        || host
            .parse::<std::net::IpAddr>()
            .is_ok_and(|ip| ip.is_loopback())
}

fn read_checks(fields: &Fields<'_, '_>, diags: &mut Vec<Diagnostic>) -> Vec<(Code, Severity)> {
    let codes = Code::names();
    fields.deny_unknown(&codes, diags, |key| {
        Some(suggest::hint(key, "the check codes are", &codes))
    });
    let mut out = Vec::new();
    for code in Code::ALL {
        if let Some(severity) = keyword(
            fields,
            code.as_str(),
            Severity::parse,
            &Severity::names(),
            diags,
        ) {
            out.push((*code, severity));
        }
    }
    out
}
