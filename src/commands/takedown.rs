//! `check --online`'s takedown re-check, for `commands/check.rs`: reads
//! `--site-url` and `--apply` (refused without `--online`), takes the
//! inventory's lock for the whole run when it will write, asks the
//! network about each reported phishing domain (`online::takedown`),
//! hands the answers to the core (`checks::run_takedowns`,
//! `incident::gone`) and, with `--apply`, records an `acted` step for each
//! domain gone, with the observation kept as JSON evidence under
//! `evidence/INCIDENT-ID/` and its SHA-256 on the step, in one atomic
//! write through the edit session.

use std::io::Write;

use chrono::{DateTime, FixedOffset, Timelike, Utc};
use serde_json::{Value, json};

use super::edit::Session;
use super::{Context, Loaded};
use crate::checks::{Finding, Severities};
use crate::cli::CheckArgs;
use crate::error::{Error, Failure};
use crate::incident::gone::{self, Proposal};
use crate::inventory::edit::{IncidentChange, NewIncidentEvent};
use crate::inventory::{IncidentEventKind, When, kept, sha256_bytes};
use crate::net::guard::Family;
use crate::net::http::Http;
use crate::online::doh::Answer;
use crate::online::lookup::Sources;
use crate::online::rdap::DomainStatus;
use crate::online::takedown::{self, Observation, Site};
use crate::output;

/// What the re-check needs before the run starts.
pub struct Recheck {
    site: Site,
    /// Held from the start of an `--apply` run until its write.
    session: Option<Session>,
}

impl Recheck {
    /// Refuses `--apply` without `--online`, reads `--site-url`, and
    /// with `--apply` takes the lock.
    pub fn prepare(ctx: &Context, args: &CheckArgs) -> Result<Recheck, Error> {
        if args.apply && !args.online {
            return Err(Error::failed(
                Failure::Usage,
                "--apply records what the online re-check of reported domains saw, but this run does not go online",
                "add --online: `linger check --online --apply`",
            ));
        }
        let site = match &args.site_url {
            Some(template) => Site::parse(template).map_err(|message| {
                Error::failed(
                    Failure::Usage,
                    message,
                    "e.g. `--site-url 'http://{domain}:8080/'`; see docs/online.md",
                )
            })?,
            None => Site::default(),
        };
        let session = if args.apply {
            ctx.refuse_future(ctx.today, "today", false)?;
            Some(Session::open(ctx, false)?)
        } else {
            None
        };
        Ok(Recheck { site, session })
    }

    /// The base `--site-url` names, trusted for the site requests only.
    pub fn trust(&self) -> Option<(Family, url::Url)> {
        self.site.fixed_base().map(|url| (Family::Site, url))
    }

    /// Looks at each reported domain, adds and amends the findings, and
    /// with `--apply` records what is gone.
    pub fn run(
        &self,
        ctx: &Context,
        (http, sources): (&Http, &Sources),
        loaded: &Loaded,
        severities: &Severities,
        findings: &mut Vec<Finding>,
    ) -> Result<(), Error> {
        let now = ctx.instant(&loaded.inventory);
        let questions = gone::questions(&loaded.inventory, now);
        let observations = takedown::observe(http, sources, &self.site, &questions);
        crate::checks::run_takedowns(&loaded.inventory, &observations, now, severities, findings);
        let Some(session) = &self.session else {
            return Ok(());
        };
        let zone = loaded.inventory.organization.time_zone;
        let local = now.with_timezone(&zone);
        let on = local.with_timezone(&chrono::Offset::fix(local.offset()));
        let on = on.with_nanosecond(0).unwrap_or(on);
        let files: std::cell::RefCell<Vec<(String, String, Vec<u8>)>> = Default::default();
        let written = session.apply_incidents(
            ctx,
            |fresh| {
                let mut taken = Default::default();
                let proposals = gone::proposals(&fresh.inventory, &observations, now);
                let mut changes = Vec::new();
                for proposal in proposals {
                    let seen = observations.iter().find(|o| o.domain == proposal.domain);
                    let bytes = evidence(&proposal, seen, on, ctx.real_now(), sources);
                    let kind = format!("acted-{}", proposal.domain);
                    let path = kept::evidence_file(
                        fresh.base_dir(),
                        &proposal.incident,
                        on.date_naive(),
                        &kind,
                        "json",
                        &mut taken,
                    );
                    changes.push(IncidentChange::Mark {
                        id: proposal.incident.clone(),
                        event: NewIncidentEvent {
                            on: When::At(on),
                            kind: IncidentEventKind::Acted,
                            to: None,
                            party: None,
                            target: Some(proposal.domain.clone()),
                            letter: None,
                            message_id: None,
                            people: None,
                            how: None,
                            note: Some(format!(
                                "seen gone by `linger check --online`: {}",
                                proposal.seen.join("; ")
                            )),
                            evidence: Some(path.clone()),
                            evidence_sha256: Some(sha256_bytes(&bytes)),
                        },
                    });
                    files.borrow_mut().push((proposal.incident, kind, bytes));
                }
                Ok(changes)
            },
            |fresh, changes| keep(fresh, changes, &files.borrow()),
        )?;
        if written > 0 && !ctx.quiet {
            writeln!(
                output::stderr(),
                "Recorded `acted` for {written} reported domain{} gone, with what was seen as evidence.",
                if written == 1 { "" } else { "s" }
            )?;
        }
        Ok(())
    }
}

/// Writes each evidence file where its step names it, before the
/// inventory is written; the first that cannot be written stops the run
/// with the inventory untouched.
fn keep(
    fresh: &Loaded,
    changes: &[IncidentChange],
    files: &[(String, String, Vec<u8>)],
) -> Result<(), Error> {
    for (change, (id, kind, bytes)) in changes.iter().zip(files) {
        let IncidentChange::Mark { event, .. } = change else {
            continue;
        };
        let written =
            kept::write_new_as(fresh.base_dir(), id, event.on.date(), kind, "json", bytes)
                .map_err(|(relative, why)| {
                    Error::failed(
                        Failure::Edit,
                        format!(
                            "cannot keep the evidence as `{relative}` ({why:?}); nothing was written"
                        ),
                        "make `evidence/` and the incident's folder in it real, writable folders inside the inventory's folder",
                    )
                })?;
        if event.evidence.as_deref() != Some(written.as_str()) {
            return Err(Error::failed(
                Failure::Edit,
                format!(
                    "the evidence went to `{written}`, not where the step names it; the inventory was not written"
                ),
                "another linger wrote evidence at the same time: run the command again",
            ));
        }
    }
    Ok(())
}

/// The observation of a gone domain as the evidence file keeps it: what
/// each source answered, from where, and when.
fn evidence(
    proposal: &Proposal,
    seen: Option<&Observation>,
    on: DateTime<FixedOffset>,
    real: DateTime<Utc>,
    sources: &Sources,
) -> Vec<u8> {
    use crate::online::sources::SourceId;
    let dns = |answer: Option<&Result<Answer, String>>| match answer {
        None => Value::Null,
        Some(Ok(Answer::NoSuchName)) => json!("NXDOMAIN"),
        Some(Ok(Answer::Records(records))) => json!(records),
        Some(Err(err)) => json!({ "error": err }),
    };
    let rdap = match seen.map(|o| &o.rdap) {
        None => Value::Null,
        Some(Ok(DomainStatus::Deleted)) => json!("deleted (404)"),
        Some(Ok(DomainStatus::Listed {
            status, registrar, ..
        })) => json!({ "status": status, "registrar": registrar }),
        Some(Err(err)) => json!({ "error": err }),
    };
    let web = match seen.and_then(|o| o.web.as_ref()) {
        None => Value::Null,
        Some(Ok(status)) => json!({ "status": status }),
        Some(Err(err)) => json!({ "error": err }),
    };
    let value = json!({
        "incident": proposal.incident,
        "domain": proposal.domain,
        "gone": true,
        "seen": proposal.seen,
        "recorded_on": on.to_rfc3339(),
        "checked_at": real.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        "dns": {
            "a": dns(seen.map(|o| &o.a)),
            "aaaa": dns(seen.and_then(|o| o.aaaa.as_ref())),
            "resolver": sources.url(SourceId::Doh).as_str(),
        },
        "rdap": rdap,
        "rdap_bootstrap": sources.url(SourceId::RdapBootstrap).as_str(),
        "web": web,
        "by": format!("linger {} check --online", env!("CARGO_PKG_VERSION")),
    });
    let mut bytes = serde_json::to_vec_pretty(&value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
