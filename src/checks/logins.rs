//! `check --logins`: what the identity provider's exports say about the
//! inventory. A retired vendor people still sign in to
//! (`retired-vendor-in-use`) or that still holds an OAuth grant
//! (`retired-vendor-grant`), and an application in use that no vendor is
//! (`unlisted-app`). Pure: the applications come read and summed up
//! (`discover::logins::App`).

use chrono::NaiveDate;

use super::{Code, Finding, Raw, Severities, finish};
use crate::discover::fingerprints::Fingerprints;
use crate::discover::logins::{App, Match, Matcher};
use crate::inventory::Inventory;
use crate::printable;

/// An application used within this many days is in use.
pub const RECENT_DAYS: u64 = 90;

/// Where an admin takes a grant away, per provider.
const REVOKE: &str = "revoke it: Google Admin console → Security → API controls → App access control; \
Entra admin center → Enterprise applications → (the app) → Permissions; \
Okta Admin Console → Applications → (the app) → unassign or revoke its tokens";

pub fn run(
    inventory: &Inventory,
    severities: &Severities,
    apps: &[App],
    table: &Fingerprints,
    today: NaiveDate,
) -> Vec<Finding> {
    let matcher = Matcher::new(inventory, table);
    let recent = today - chrono::Days::new(RECENT_DAYS);
    let mut raw: Vec<(Option<usize>, Raw)> = Vec::new();
    for app in apps {
        let name = printable::line(&app.name);
        match matcher.of(app) {
            Match::Vendor(i) => {
                let vendor = &inventory.vendors[i];
                let Some(retired) = vendor.retired_on.as_ref().filter(|r| r.value <= today)
                else {
                    continue;
                };
                if let Some(used) = app.last_use.filter(|t| t.date() > retired.value) {
                    raw.push((
                        Some(i),
                        Raw {
                            code: Code::RetiredVendorInUse,
                            span: retired.span.clone(),
                            message: format!(
                                "`{}` retired on {}, but {} person(s) used \"{name}\" since: last on {}",
                                vendor.id.value,
                                retired.value,
                                app.people,
                                used.date()
                            ),
                            label: "retired here".into(),
                            help: "find out who still uses it; if we left it, remove their access (the grant too), else clear retired_on".into(),
                        },
                    ));
                }
                let open = app.open_grants();
                if open > 0 {
                    raw.push((
                        Some(i),
                        Raw {
                            code: Code::RetiredVendorGrant,
                            span: retired.span.clone(),
                            message: format!(
                                "`{}` retired on {}, but \"{name}\" still holds {open} OAuth grant(s){}: it can still read our data",
                                vendor.id.value,
                                retired.value,
                                if app.scopes.is_empty() {
                                    String::new()
                                } else {
                                    format!(
                                        " ({})",
                                        app.scopes
                                            .iter()
                                            .map(|s| crate::discover::logins::short_scope(s))
                                            .collect::<Vec<_>>()
                                            .join(" ")
                                    )
                                }
                            ),
                            label: "retired here".into(),
                            help: REVOKE.into(),
                        },
                    ));
                }
            }
            _ if app.last_use.is_some_and(|t| t.date() >= recent) => raw.push((
                None,
                Raw {
                    code: Code::UnlistedApp,
                    span: 0..0,
                    message: format!(
                        "\"{name}\" was used by {} person(s) in the last {RECENT_DAYS} days (last on {}), and no vendor of the inventory is it",
                        app.people,
                        app.last_use.map(|t| t.date().to_string()).unwrap_or_default()
                    ),
                    label: "not in the inventory".into(),
                    help: "add it: `linger discover --logins FILE... --add`".into(),
                },
            )),
            _ => {}
        }
    }
    let mut findings: Vec<Finding> = raw
        .into_iter()
        .filter_map(|(index, raw)| {
            let severity = severities.get(raw.code);
            finish(inventory, index, raw, severity)
        })
        .collect();
    findings.sort_by_key(|f| (f.span.start, f.code));
    findings
}
