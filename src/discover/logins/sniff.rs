//! What one record of an export is, by its fields, never by the file's
//! name: a Reports API activity (Google), a System Log event (Okta), a
//! sign-in, a delegated grant or a service principal (Microsoft Graph).
//! Every field any of them has that linger reads is in `Raw`; the rest of
//! a record is skipped unread.

use std::borrow::Cow;

use serde::Deserialize;
use serde::de::{self, MapAccess, Visitor};

use super::{Event, entra, google, okta};

/// A string of the record, borrowed unless it had escapes.
pub type Text<'a> = Option<Cow<'a, str>>;

/// The formats linger knows, for the error that meets another.
pub const KNOWN: &str = "Google Workspace Reports API activities (applicationName=token or saml: a page with \"items\", pages one after another), \
Okta System Log events (/api/v1/logs: a JSON array or one event a line), \
Microsoft Entra sign-ins (Graph /auditLogs/signIns {\"value\": [...]} or the portal's JSON download), \
Microsoft Graph /oauth2PermissionGrants and /servicePrincipals";

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Raw<'a> {
    // Google: kind, id{time, applicationName}, actor{email}, events[]
    #[serde(borrow)]
    pub kind: Text<'a>,
    #[serde(borrow)]
    pub id: Option<Id<'a>>,
    #[serde(borrow)]
    pub actor: Option<Actor<'a>>,
    #[serde(borrow)]
    pub events: Option<Vec<google::GEvent<'a>>>,
    // Okta: eventType, published, target[], outcome{result}
    #[serde(borrow)]
    pub event_type: Text<'a>,
    #[serde(borrow)]
    pub published: Text<'a>,
    #[serde(borrow)]
    pub target: Option<Vec<okta::Target<'a>>>,
    #[serde(borrow)]
    pub outcome: Option<okta::Outcome<'a>>,
    // Entra sign-in: appDisplayName, appId, createdDateTime, status, userPrincipalName
    #[serde(borrow)]
    pub app_display_name: Text<'a>,
    #[serde(borrow)]
    pub app_id: Text<'a>,
    #[serde(borrow)]
    pub created_date_time: Text<'a>,
    pub status: Option<entra::Status>,
    #[serde(borrow)]
    pub user_principal_name: Text<'a>,
    // Entra grant: clientId, consentType, principalId, resourceId, scope
    #[serde(borrow)]
    pub client_id: Text<'a>,
    #[serde(borrow)]
    pub consent_type: Text<'a>,
    #[serde(borrow)]
    pub principal_id: Text<'a>,
    #[serde(borrow)]
    pub scope: Text<'a>,
    // Entra service principal: id, appId, displayName
    #[serde(borrow)]
    pub display_name: Text<'a>,
}

/// Google's `id` is an object, Graph's a string: told apart as they come,
/// without buffering the value.
#[derive(Debug)]
pub enum Id<'a> {
    Text(Cow<'a, str>),
    Google(google::ActivityId<'a>),
}

impl<'de: 'a, 'a> Deserialize<'de> for Id<'a> {
    fn deserialize<D: de::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdVisitor<'a>(std::marker::PhantomData<&'a ()>);
        impl<'de: 'a, 'a> Visitor<'de> for IdVisitor<'a> {
            type Value = Id<'a>;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a string or an object")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Id<'a>, E> {
                Ok(Id::Text(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id<'a>, E> {
                Ok(Id::Text(Cow::Owned(v.to_string())))
            }
            fn visit_map<M: MapAccess<'de>>(self, map: M) -> Result<Id<'a>, M::Error> {
                google::ActivityId::deserialize(de::value::MapAccessDeserializer::new(map))
                    .map(Id::Google)
            }
        }
        deserializer.deserialize_any(IdVisitor(std::marker::PhantomData))
    }
}

#[derive(Debug, Default, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Actor<'a> {
    /// Google's.
    #[serde(borrow)]
    pub email: Text<'a>,
    /// Okta's.
    #[serde(borrow)]
    pub alternate_id: Text<'a>,
}

/// What one record says.
pub enum Record<'a> {
    Events(Vec<Event<'a>>),
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
pub fn classify(bytes: &[u8]) -> Result<Record<'_>, Option<String>> {
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
            client: client.to_string(),
            scopes: raw
                .scope
                .as_deref()
                .unwrap_or_default()
                .split_whitespace()
                .map(str::to_string)
                .collect(),
            everyone: consent == "AllPrincipals",
            person: raw.principal_id.as_deref().map(str::to_string),
        });
    }
    if let (Some(Id::Text(id)), Some(app_id), Some(name)) =
        (&raw.id, &raw.app_id, &raw.display_name)
    {
        return Ok(Record::Principal {
            id: id.to_string(),
            app_id: app_id.to_string(),
            name: name.to_string(),
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
