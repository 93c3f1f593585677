//! Google Workspace's Admin SDK Reports API, `activities.list`: OAuth
//! token events (`applicationName=token`: `authorize`, `revoke`,
//! `activity`, with the parameters `app_name`, `client_id`, `scope`
//! (a multiValue) and `client_type`) and SAML sign-ins
//! (`applicationName=saml`: `login_success` with `application_name`).
//! Each activity's time is `id.time`, its person `actor.email`.

use serde::Deserialize;

use super::sniff::{Id, Raw, Text, time};
use super::{Event, Kind, Provider};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ActivityId<'a> {
    #[serde(borrow)]
    pub time: Text<'a>,
    #[serde(borrow)]
    pub application_name: Text<'a>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct GEvent<'a> {
    #[serde(borrow)]
    pub name: Text<'a>,
    #[serde(default, borrow)]
    pub parameters: Vec<Parameter<'a>>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Parameter<'a> {
    #[serde(borrow)]
    pub name: std::borrow::Cow<'a, str>,
    #[serde(borrow)]
    pub value: Text<'a>,
    #[serde(borrow)]
    pub multi_value: Option<Vec<std::borrow::Cow<'a, str>>>,
}

pub fn events(raw: Raw<'_>) -> Result<Vec<Event>, String> {
    let Some(Id::Google(id)) = raw.id else {
        return Ok(Vec::new());
    };
    let at = id.time.as_deref().map(time).transpose()?;
    let person = raw.actor.and_then(|a| a.email).map(|e| e.into_owned());
    let application = id.application_name.unwrap_or_default();
    let mut out = Vec::new();
    for event in raw.events.unwrap_or_default() {
        let param = |name: &str| {
            event
                .parameters
                .iter()
                .find(|p| p.name == name)
                .and_then(|p| p.value.as_deref())
                .map(str::to_string)
        };
        let (kind, app) = match (application.as_ref(), event.name.as_deref()) {
            ("token", Some("authorize")) => (Kind::Grant, param("app_name")),
            ("token", Some("revoke")) => (Kind::Revoke, param("app_name")),
            ("token", Some("activity")) => (Kind::Activity, param("app_name")),
            ("saml", Some("login_success")) => (Kind::SignIn, param("application_name")),
            _ => continue,
        };
        let client_id = param("client_id");
        if app.is_none() && client_id.is_none() {
            continue;
        }
        out.push(Event {
            provider: Provider::Google,
            kind,
            app: app.unwrap_or_default(),
            client_id,
            at,
            person: person.clone(),
            scopes: event
                .parameters
                .iter()
                .find(|p| p.name == "scope")
                .and_then(|p| p.multi_value.as_ref())
                .map(|v| v.iter().map(|s| s.to_string()).collect())
                .unwrap_or_default(),
        });
    }
    Ok(out)
}
