//! Okta's System Log (`/api/v1/logs`): single sign-on
//! (`user.authentication.sso`), OAuth 2.0 consent and tokens
//! (`app.oauth2.*`), and assignment to an application
//! (`application.user_membership.add` / `.remove`). The application is
//! the event's `target` of type `AppInstance` (`displayName`, with
//! `alternateId` and `id`), the time `published`, the person
//! `actor.alternateId`. Other event types are not about an application
//! and are passed over.

use serde::Deserialize;

use super::sniff::{Raw, Record, Text, time};
use super::{Event, Kind, Provider};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Target<'a> {
    #[serde(rename = "type", borrow)]
    pub kind: Text<'a>,
    #[serde(borrow)]
    pub id: Text<'a>,
    #[serde(borrow)]
    pub alternate_id: Text<'a>,
    #[serde(borrow)]
    pub display_name: Text<'a>,
}

#[derive(Debug, Deserialize)]
pub struct Outcome<'a> {
    #[serde(borrow)]
    pub result: Text<'a>,
}

pub fn events(raw: Raw<'_>) -> Result<Record<'_>, String> {
    let event_type = raw.event_type.as_deref().unwrap_or_default();
    let kind = match event_type {
        "user.authentication.sso" => Kind::SignIn,
        "application.user_membership.add" => Kind::Assigned,
        "application.user_membership.remove" => Kind::Unassigned,
        t if t.starts_with("app.oauth2.") && t.ends_with("consent.grant") => Kind::Grant,
        t if t.starts_with("app.oauth2.") && t.ends_with("consent.revoke") => Kind::Revoke,
        t if t.starts_with("app.oauth2.") => Kind::Activity,
        _ => return Ok(Record::Nothing),
    };
    // A failed sign-in is no use of the application.
    if raw.outcome.as_ref().and_then(|o| o.result.as_deref()) == Some("FAILURE") {
        return Ok(Record::Nothing);
    }
    let Some(app) = raw
        .target
        .unwrap_or_default()
        .into_iter()
        .find(|t| t.kind.as_deref() == Some("AppInstance"))
    else {
        return Ok(Record::Nothing);
    };
    let at = raw.published.as_deref().map(time).transpose()?;
    Ok(Record::Events(vec![Event {
        provider: Provider::Okta,
        kind,
        app: app.display_name.or(app.alternate_id).unwrap_or_default(),
        client_id: app.id,
        at,
        person: raw.actor.and_then(|a| a.alternate_id),
        scopes: Vec::new(),
    }]))
}
