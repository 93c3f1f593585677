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

pub fn events(raw: Raw<'_>) -> Result<Vec<Event<'_>>, String> {
    let Some(Id::Google(id)) = raw.id else {
        return Ok(Vec::new());
    };
    let at = id.time.as_deref().map(time).transpose()?;
    let person = raw.actor.and_then(|a| a.email);
    let application = id.application_name.unwrap_or_default();
    let mut out = Vec::new();
    for event in raw.events.unwrap_or_default() {
        let (kind, app_param) = match (application.as_ref(), event.name.as_deref()) {
            ("token", Some("authorize")) => (Kind::Grant, "app_name"),
            ("token", Some("revoke")) => (Kind::Revoke, "app_name"),
            ("token", Some("activity")) => (Kind::Activity, "app_name"),
            ("saml", Some("login_success")) => (Kind::SignIn, "application_name"),
            _ => continue,
        };
        let (mut app, mut client_id, mut scopes) = (None, None, Vec::new());
        for p in event.parameters {
            if p.name == app_param {
                app = p.value;
            } else if p.name == "client_id" {
                client_id = p.value;
            } else if p.name == "scope" {
                scopes = p.multi_value.unwrap_or_default();
            }
        }
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
            scopes,
        });
    }
    Ok(out)
}
