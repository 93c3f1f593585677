//! What one record of an export is, by its fields, never by the file's
//! name: a Reports API activity (Google), a System Log event (Okta), a
//! sign-in, a delegated grant or a service principal (Microsoft Graph).
//! Every field any of them has that linger reads is in `Raw`; the rest of
//! a record is skipped unread.

use serde::Deserialize;

use super::{Event, entra, google, okta};

/// The formats linger knows, for the error that meets another.
pub const KNOWN: &str = "Google Workspace Reports API activities (applicationName=token or saml: a page with \"items\", pages one after another), \
Okta System Log events (/api/v1/logs: a JSON array or one event a line), \
Microsoft Entra sign-ins (Graph /auditLogs/signIns {\"value\": [...]} or the portal's JSON download), \
Microsoft Graph /oauth2PermissionGrants and /servicePrincipals";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Raw {
    // Google: kind, id{time, applicationName}, actor{email}, events[]
    pub kind: Option<String>,
    pub id: Option<Id>,
    pub actor: Option<Actor>,
    pub events: Option<Vec<google::GEvent>>,
    // Okta: eventType, published, target[], outcome{result}
    pub event_type: Option<String>,
    pub published: Option<String>,
    pub target: Option<Vec<okta::Target>>,
    pub outcome: Option<okta::Outcome>,
    // Entra sign-in: appDisplayName, appId, createdDateTime, status, userPrincipalName
    pub app_display_name: Option<String>,
    pub app_id: Option<String>,
    pub created_date_time: Option<String>,
    pub status: Option<entra::Status>,
    pub user_principal_name: Option<String>,
    // Entra grant: clientId, consentType, principalId, resourceId, scope
    pub client_id: Option<String>,
    pub consent_type: Option<String>,
    pub principal_id: Option<String>,
    pub scope: Option<String>,
    // Entra service principal: id, appId, displayName
    pub display_name: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(untagged)]
pub enum Id {
    Text(String),
    Google(google::ActivityId),
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor {
    /// Google's.
    pub email: Option<String>,
    /// Okta's.
    pub alternate_id: Option<String>,
}

/// What one record says.
pub enum Record {
    Events(Vec<Event>),
    /// An Entra delegated grant: the client's service-principal object id,
    /// the scopes, and the consent type.
    Grant {
        client: String,
        scopes: Vec<String>,
        everyone: bool,
        person: Option<String>,
    },
    /// An Entra service principal: object id, appId, displayName.
    Principal {
        id: String,
        app_id: String,
        name: String,
    },
    /// A record of a known format that names no application (a Reports API
    /// page without items, an Okta event of another type).
    Nothing,
}

/// What `bytes`, one record, is; `Err(None)` when it is no format linger
/// knows.
pub fn classify(bytes: &[u8]) -> Result<Record, Option<String>> {
    let raw: Raw = serde_json::from_slice(bytes).map_err(|e| {
        // serde's line and column count from the record's start: the
        // caller names where the record starts in the file instead.
        let text = e.to_string();
        Some(match text.rfind(" at line ") {
            Some(at) => text[..at].to_string(),
            None => text,
        })
    })?;
    if raw.kind.as_deref() == Some("admin#reports#activities") {
        return Ok(Record::Nothing);
    }
    if raw.events.is_some()
        && let Some(Id::Google(_)) = &raw.id
    {
        return google::events(raw).map(Record::Events).map_err(Some);
    }
    if raw.event_type.is_some() && raw.published.is_some() {
        return okta::events(raw).map_err(Some);
    }
    if raw.created_date_time.is_some() && (raw.app_display_name.is_some() || raw.app_id.is_some()) {
        return entra::sign_in(raw).map_err(Some);
    }
    if let (Some(client), Some(consent)) = (&raw.client_id, &raw.consent_type) {
        return Ok(Record::Grant {
            client: client.clone(),
            scopes: raw
                .scope
                .as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            everyone: consent == "AllPrincipals",
            person: raw.principal_id.clone(),
        });
    }
    if let (Some(Id::Text(id)), Some(app_id), Some(name)) =
        (&raw.id, &raw.app_id, &raw.display_name)
    {
        return Ok(Record::Principal {
            id: id.clone(),
            app_id: app_id.clone(),
            name: name.clone(),
        });
    }
    Err(None)
}

/// A timestamp of an export (RFC 3339), in UTC.
pub fn time(text: &str) -> Result<chrono::NaiveDateTime, String> {
    chrono::DateTime::parse_from_rfc3339(text.trim())
        .map(|t| t.naive_utc())
        .map_err(|e| {
            format!(
                "`{}` is not a timestamp ({e})",
                crate::printable::line(&text.chars().take(40).collect::<String>())
            )
        })
}
