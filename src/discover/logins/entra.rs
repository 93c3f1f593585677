//! Microsoft Entra ID's sign-in log (Graph `signIn`: `appDisplayName`,
//! `appId`, `createdDateTime`, `status.errorCode`, `userPrincipalName`),
//! from Graph or the portal's JSON download. A sign-in whose
//! `status.errorCode` is not 0 failed, and is no use of the application.
//! The delegated grants and service principals are read in `sniff`.

use serde::Deserialize;

use super::sniff::{Raw, Record, time};
use super::{Event, Kind, Provider};

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Status {
    pub error_code: Option<i64>,
}

pub fn sign_in(raw: Raw<'_>) -> Result<Record<'_>, String> {
    if raw.status.and_then(|s| s.error_code).unwrap_or(0) != 0 {
        return Ok(Record::Nothing);
    }
    let at = raw.created_date_time.as_deref().map(time).transpose()?;
    Ok(Record::Events(vec![Event {
        provider: Provider::Entra,
        kind: Kind::SignIn,
        app: raw.app_display_name.unwrap_or_default(),
        client_id: raw.app_id,
        at,
        person: raw.user_principal_name,
        scopes: Vec::new(),
    }]))
}
