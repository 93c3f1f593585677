//! `linger discover --logins` and `linger check --logins` over exports
//! written here in the shapes the providers' APIs return, with the fields
//! a real export has (not only those linger reads): Google Workspace
//! Reports API pages (token and saml), Okta System Log as an array and as
//! NDJSON, Entra sign-ins (Graph page, the portal's bare array and its CSV
//! download), delegated grants and service principals. Matching, first-party apps,
//! scopes to categories, stale apps, people counted but never named
//! unless `--verbose`, each kind of bad input, and the three check codes.

mod common;

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::{Value, json};

const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
law = "gdpr"

# Retired, but people still use it and its grant stands.
[[vendor]]
id = "trello"
name = "Trello"
website = "https://trello.com"
used_from = 2019-01-01
retired_on = 2025-06-30
data = ["contact.email"]

# Retired; its Entra grant still stands.
[[vendor]]
id = "dropbox"
name = "Dropbox"
website = "https://www.dropbox.com"
used_from = 2019-01-01
retired_on = 2024-12-31
data = ["content.files"]

# In use: nothing to say.
[[vendor]]
id = "slack"
name = "Slack"
website = "https://slack.com"
used_from = 2018-01-01
data = ["contact.email"]

# Retired, and its grant was revoked before: nothing to say.
[[vendor]]
id = "zoom"
name = "Zoom"
website = "https://zoom.us"
used_from = 2020-01-01
retired_on = 2024-06-30
data = ["contact.email"]
"#;

/// One Reports API activity of `applicationName=token`.
fn token(time: &str, email: &str, name: &str, app: &str, client: &str, scopes: &[&str]) -> Value {
    json!({
        "kind": "admin#reports#activity",
        "id": {
            "time": time,
            "uniqueQualifier": "-4416815389573417842",
            "applicationName": "token",
            "customerId": "C03az79cb"
        },
        "etag": "\"JDMC8884sebSctZ17CIssbQ/-xn6R9YD3nuLV7O-mK3C7Vvbhgg\"",
        "actor": { "callerType": "USER", "email": email, "profileId": "114238530211485398753" },
        "ipAddress": "2001:db8::5",
        "ownerDomain": "northwind.example",
        "events": [{
            "type": "auth",
            "name": name,
            "parameters": [
                { "name": "client_id", "value": client },
                { "name": "app_name", "value": app },
                { "name": "client_type", "value": "WEB" },
                { "name": "scope_data", "multiMessageValue": [
                    { "parameter": [
                        { "name": "scope_name", "value": scopes.first().copied().unwrap_or("") },
                        { "name": "product_bucket", "multiValue": ["GMAIL"] }
                    ]}
                ]},
                { "name": "scope", "multiValue": scopes }
            ]
        }]
    })
}

/// A Reports API page, as `activities.list` answers.
fn page(items: Vec<Value>, next: Option<&str>) -> String {
    let mut page = json!({
        "kind": "admin#reports#activities",
        "etag": "\"JDMC8884sebSctZ17CIssbQ/vPyQNOf4ggQDJKJRz0Nx5ywXsMg\"",
        "items": items,
    });
    if let Some(next) = next {
        page["nextPageToken"] = json!(next);
    }
    serde_json::to_string_pretty(&page).unwrap()
}

const GMAIL: &str = "https://www.googleapis.com/auth/gmail.readonly";
const EMAIL: &str = "https://www.googleapis.com/auth/userinfo.email";

fn google_export() -> String {
    let first = page(
        vec![
            token(
                "2026-11-20T09:14:03.511Z",
                "anna@northwind.example",
                "activity",
                "QuizBox",
                "1029-quiz.apps.googleusercontent.com",
                &[GMAIL, EMAIL],
            ),
            token(
                "2026-10-02T11:00:00.000Z",
                "bob@northwind.example",
                "authorize",
                "QuizBox",
                "1029-quiz.apps.googleusercontent.com",
                &[GMAIL, EMAIL],
            ),
            token(
                "2025-01-10T08:00:00.000Z",
                "carl@northwind.example",
                "authorize",
                "Trello",
                "2211-trello.apps.googleusercontent.com",
                &["https://www.googleapis.com/auth/drive.readonly"],
            ),
            token(
                "2026-10-01T08:00:00.000Z",
                "carl@northwind.example",
                "activity",
                "Trello",
                "2211-trello.apps.googleusercontent.com",
                &[],
            ),
        ],
        Some("A:1606132262421000:-4416815389573417842:151425930041:C03az79cb"),
    );
    let second = page(
        vec![
            token(
                "2026-11-27T07:00:00.000Z",
                "anna@northwind.example",
                "authorize",
                "Google Chrome",
                "77185425430.apps.googleusercontent.com",
                &[EMAIL],
            ),
            token(
                "2025-02-01T10:00:00.000Z",
                "dana@northwind.example",
                "authorize",
                "Calendly",
                "3344-cal.apps.googleusercontent.com",
                &["https://www.googleapis.com/auth/calendar"],
            ),
            token(
                "2025-03-01T10:00:00.000Z",
                "dana@northwind.example",
                "revoke",
                "Calendly",
                "3344-cal.apps.googleusercontent.com",
                &[],
            ),
            token(
                "2024-01-05T10:00:00.000Z",
                "erik@northwind.example",
                "authorize",
                "Zoom",
                "5566-zoom.apps.googleusercontent.com",
                &[EMAIL],
            ),
            token(
                "2024-05-05T10:00:00.000Z",
                "erik@northwind.example",
                "revoke",
                "Zoom",
                "5566-zoom.apps.googleusercontent.com",
                &[],
            ),
        ],
        None,
    );
    // The last page of a period with no events has no `items`.
    let empty =
        r#"{ "kind": "admin#reports#activities", "etag": "\"JDMC8884sebSctZ17CIssbQ/empty\"" }"#;
    format!("{first}\n{second}\n{empty}\n")
}

/// One Okta System Log event.
fn okta(published: &str, event_type: &str, who: &str, app: &str, result: &str) -> Value {
    json!({
        "actor": { "id": "00u1qw1mqitPHM8AJ0g7", "type": "User", "alternateId": who, "displayName": "A Person", "detailEntry": null },
        "client": {
            "userAgent": { "rawUserAgent": "Mozilla/5.0 (X11; Linux x86_64)", "os": "Linux", "browser": "FIREFOX" },
            "zone": "null", "device": "Computer", "id": null, "ipAddress": "198.51.100.7",
            "geographicalContext": { "city": "Oslo", "state": "Oslo", "country": "Norway", "postalCode": null,
                "geolocation": { "lat": 59.9, "lon": 10.7 } }
        },
        "device": null,
        "authenticationContext": { "authenticationProvider": null, "credentialProvider": null, "credentialType": null,
            "issuer": null, "interface": null, "authenticationStep": 0, "rootSessionId": "102bZDNFfWaQSyEZQuDgWt-uQ", "externalSessionId": "102bZDNFfWaQSyEZQuDgWt-uQ" },
        "displayMessage": "User single sign on to app",
        "eventType": event_type,
        "outcome": { "result": result, "reason": null },
        "published": published,
        "securityContext": { "asNumber": 64500, "asOrg": "example", "isp": "example", "domain": "example.net", "isProxy": false },
        "severity": "INFO",
        "debugContext": { "debugData": { "requestId": "Y-7oYyuQGCRtMyQz5DAKOgAAAmA", "requestUri": "/app/miro/exk1/sso/saml", "url": "/app/miro/exk1/sso/saml?" } },
        "legacyEventType": "app.auth.sso",
        "transaction": { "type": "WEB", "id": "Y-7oYyuQGCRtMyQz5DAKOgAAAmA", "detail": {} },
        "uuid": "5b8a1c9e-7f2d-11ed-9c5e-1b2c3d4e5f60",
        "version": "0",
        "request": { "ipChain": [{ "ip": "198.51.100.7", "geographicalContext": null, "version": "V4", "source": null }] },
        "target": [
            { "id": "0oa1gjh63g214q0Hq0g4", "type": "AppInstance", "alternateId": app, "displayName": app, "detailEntry": { "signOnModeType": "SAML_2_0" } },
            { "id": "0ua1gjh63g214q0Hq0g4", "type": "AppUser", "alternateId": who, "displayName": "A Person", "detailEntry": null }
        ]
    })
}

fn okta_events() -> Vec<Value> {
    vec![
        okta(
            "2026-11-25T08:01:02.003Z",
            "user.authentication.sso",
            "fred@northwind.example",
            "Miro",
            "SUCCESS",
        ),
        okta(
            "2026-11-26T08:01:02.003Z",
            "user.authentication.sso",
            "gina@northwind.example",
            "Miro",
            "SUCCESS",
        ),
        // A failed sign-in and an event about no application.
        okta(
            "2026-11-26T09:00:00.000Z",
            "user.authentication.sso",
            "hans@northwind.example",
            "Miro",
            "FAILURE",
        ),
        okta(
            "2026-11-26T09:00:00.000Z",
            "user.session.start",
            "hans@northwind.example",
            "Okta Dashboard",
            "SUCCESS",
        ),
    ]
}

/// One Graph `signIn`.
fn sign_in(at: &str, upn: &str, app: &str, app_id: &str, error: i64) -> Value {
    json!({
        "id": "66ea54eb-6301-4ee5-be62-ff5a759b0100",
        "createdDateTime": at,
        "userDisplayName": "A Person",
        "userPrincipalName": upn,
        "userId": "26be570a-ae82-4189-b4e2-a37c6808512d",
        "appId": app_id,
        "appDisplayName": app,
        "ipAddress": "203.0.113.9",
        "clientAppUsed": "Browser",
        "correlationId": "d79f5bee-5860-4832-928f-3133e22ae912",
        "conditionalAccessStatus": "notApplied",
        "isInteractive": true,
        "riskDetail": "none",
        "riskLevelAggregated": "none",
        "riskLevelDuringSignIn": "none",
        "riskState": "none",
        "riskEventTypes": [],
        "riskEventTypes_v2": [],
        "resourceDisplayName": "Microsoft Graph",
        "resourceId": "00000003-0000-0000-c000-000000000000",
        "status": { "errorCode": error, "failureReason": if error == 0 { "Other." } else { "Invalid username or password." }, "additionalDetails": null },
        "deviceDetail": { "deviceId": "", "displayName": null, "operatingSystem": "Windows 10", "browser": "Edge 120", "isCompliant": null, "isManaged": null, "trustType": null },
        "location": { "city": "Bergen", "state": "Vestland", "countryOrRegion": "NO",
            "geoCoordinates": { "altitude": null, "latitude": 60.39, "longitude": 5.32 } },
        "appliedConditionalAccessPolicies": []
    })
}

fn entra_signins() -> Vec<Value> {
    vec![
        sign_in(
            "2026-11-21T10:00:00Z",
            "ivan@northwind.example",
            "Figjam Boards",
            "8a2b-figjam",
            0,
        ),
        sign_in(
            "2026-11-22T10:00:00Z",
            "ivan@northwind.example",
            "Microsoft Office",
            "4765445b-32c6-49b0-83e6-1d93765276ca",
            0,
        ),
        sign_in(
            "2026-11-23T10:00:00Z",
            "jon@northwind.example",
            "Figjam Boards",
            "8a2b-figjam",
            50126,
        ),
    ]
}

fn entra_grants() -> String {
    serde_json::to_string(&json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#oauth2PermissionGrants",
        "value": [{
            "clientId": "a0d2b0c4-1111-4b5c-9a3e-000000000001",
            "consentType": "AllPrincipals",
            "id": "l5-1pTLM2ECM1vQ4e3n3Y5Ub0ZiKtApKvA",
            "principalId": null,
            "resourceId": "98d1f597-cc32-40d8-8cd6-f438d7b9f7e6",
            "scope": " Files.Read.All User.Read"
        }]
    }))
    .unwrap()
}

fn entra_principals() -> String {
    serde_json::to_string(&json!({
        "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#servicePrincipals",
        "value": [{
            "id": "a0d2b0c4-1111-4b5c-9a3e-000000000001",
            "accountEnabled": true,
            "appDisplayName": "Dropbox",
            "appId": "3c9a1d7e-2222-4e0f-8d5b-000000000002",
            "appOwnerOrganizationId": "b1e2c3d4-3333-4a5b-9c6d-000000000003",
            "appRoleAssignmentRequired": false,
            "displayName": "Dropbox",
            "servicePrincipalType": "Application",
            "servicePrincipalNames": ["3c9a1d7e-2222-4e0f-8d5b-000000000002"],
            "signInAudience": "AzureADMultipleOrgs",
            "tags": ["WindowsAzureActiveDirectoryIntegratedApp"],
            "appRoles": [],
            "oauth2PermissionScopes": []
        }]
    }))
    .unwrap()
}

/// The columns of the Microsoft Entra admin center's sign-in log download
/// (Sign-in logs → Download → CSV), interactive sign-ins: the names the
/// public parsers of that file read, and the other labels of a sign-in's
/// details in Microsoft's "sign-in log activity details" page. Their order
/// here is not confirmed; linger finds its columns by name.
const ENTRA_CSV_COLUMNS: [&str; 33] = [
    "Date (UTC)",
    "Request ID",
    "User agent",
    "Correlation ID",
    "User ID",
    "User",
    "Username",
    "User type",
    "Cross tenant access type",
    "Unique token identifier",
    "Client credential type",
    "Application",
    "Application ID",
    "Resource",
    "Resource ID",
    "Resource tenant ID",
    "IP address",
    "Location",
    "Status",
    "Sign-in error code",
    "Failure reason",
    "Client app",
    "Device ID",
    "Browser",
    "Operating System",
    "Compliant",
    "Managed",
    "Join Type",
    "Multifactor authentication result",
    "Authentication requirement",
    "Sign-in identifier",
    "Session ID",
    "Conditional Access",
];

/// One row of that download: every column filled as the portal fills it.
fn entra_csv_row(at: &str, username: &str, app: &str, app_id: &str, code: &str) -> Vec<String> {
    let ok = code == "0";
    [
        at,
        "9d1c3c0e-6e05-4e52-a3a4-7a2e3f0f2b00",
        "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0",
        "d79f5bee-5860-4832-928f-3133e22ae912",
        "26be570a-ae82-4189-b4e2-a37c6808512d",
        "A Person",
        username,
        "Member",
        "none",
        "Tk9UX0FfUkVBTF9UT0tFTg",
        "none",
        app,
        app_id,
        "Microsoft Graph",
        "00000003-0000-0000-c000-000000000000",
        "5b2a8f4e-6c1d-4e3f-9a0b-7c8d9e0f1a2b",
        "203.0.113.9",
        "Bergen, Vestland, NO",
        if ok { "Success" } else { "Failure" },
        code,
        // A reason as the portal writes it, line break and all.
        if ok {
            "Other."
        } else {
            "Invalid username or password or Invalid on-premise username or password.\nThe user typed it wrong."
        },
        "Browser",
        "",
        "Edge 120.0.0",
        "Windows10",
        "No",
        "No",
        "",
        "",
        "Single-factor authentication",
        username,
        "0c6a1b8e-4f3d-4b2a-9e1c-2d3f4a5b6c7d",
        "Not Applied",
    ]
    .iter()
    .map(|f| f.to_string())
    .collect()
}

/// The download as a Windows browser saves it: a byte-order mark, CRLF
/// line ends, fields quoted where they must be.
fn entra_csv(header: &[String], rows: &[Vec<String>]) -> Vec<u8> {
    let mut out = b"\xEF\xBB\xBF".to_vec();
    {
        let mut w = csv::WriterBuilder::new()
            .terminator(csv::Terminator::CRLF)
            .from_writer(&mut out);
        w.write_record(header).unwrap();
        for row in rows {
            w.write_record(row).unwrap();
        }
        w.flush().unwrap();
    }
    out
}

fn entra_csv_download() -> Vec<u8> {
    let header: Vec<String> = ENTRA_CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    entra_csv(
        &header,
        &[
            entra_csv_row(
                "2026-11-24T08:15:02Z",
                "kim@northwind.example",
                "Penpot Cloud",
                "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "0",
            ),
            entra_csv_row(
                "2026-10-03T17:40:55Z",
                "lee@northwind.example",
                "Penpot Cloud",
                "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "0",
            ),
            entra_csv_row(
                "2026-11-25T07:00:00Z",
                "mo@northwind.example",
                "Penpot Cloud",
                "5d1c2b3a-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                "50126",
            ),
            // Retired on 2025-06-30, still signed in to.
            entra_csv_row(
                "2026-11-02T12:00:00Z",
                "kim@northwind.example",
                "Trello",
                "7e8f9a0b-1c2d-4e3f-8a9b-0c1d2e3f4a5b",
                "0",
            ),
            // Microsoft's own, by the application ID its page lists.
            entra_csv_row(
                "2026-11-26T09:30:00Z",
                "kim@northwind.example",
                "OneNote",
                "2d4d3d8e-2be3-4bef-9f87-7875a61c29de",
                "0",
            ),
        ],
    )
}

struct Setup {
    dir: tempfile::TempDir,
    inventory: PathBuf,
}

impl Setup {
    fn new() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let inventory = dir.path().join("vendors.toml");
        std::fs::write(&inventory, INVENTORY).unwrap();
        Self { dir, inventory }
    }

    fn file(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let path = self.dir.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        path
    }

    fn exports(&self) -> Vec<PathBuf> {
        vec![
            self.file("a.json", google_export()),
            // NDJSON, one event a line, as log streaming writes it.
            self.file(
                "b.log",
                okta_events().iter().map(|e| e.to_string() + "\n").collect::<String>(),
            ),
            self.file(
                "c.json",
                serde_json::to_string(&json!({
                    "@odata.context": "https://graph.microsoft.com/v1.0/$metadata#auditLogs/signIns",
                    "value": entra_signins(),
                    "@odata.nextLink": "https://graph.microsoft.com/v1.0/auditLogs/signIns?$skiptoken=9177f2e3"
                }))
                .unwrap(),
            ),
            self.file("d", entra_grants()),
            self.file("e.txt", entra_principals()),
        ]
    }

    fn run(&self, args: &[&str], files: &[PathBuf]) -> Output {
        let mut cmd = common::linger();
        cmd.env("LINGER_INVENTORY", &self.inventory).args(args);
        if !files.is_empty() {
            cmd.arg("--logins").args(files);
        }
        cmd.output().unwrap()
    }
}

fn candidates(out: &Output) -> Vec<Value> {
    common::assert_success(out);
    serde_json::from_slice::<Vec<Value>>(&out.stdout).unwrap()
}

fn named<'a>(list: &'a [Value], name: &str) -> Option<&'a Value> {
    list.iter().find(|c| c["name"] == name)
}

#[test]
fn discover_lists_each_application_the_inventory_lacks() {
    let s = Setup::new();
    let out = s.run(&["discover", "--format", "json"], &s.exports());
    let list = candidates(&out);
    let names: Vec<&str> = list.iter().filter_map(|c| c["name"].as_str()).collect();
    // Trello, Dropbox, Slack and Zoom are in the inventory; Chrome and
    // Office are Google's and Microsoft's own.
    for gone in [
        "Trello",
        "Dropbox",
        "Zoom",
        "Google Chrome",
        "Microsoft Office",
        "Okta Dashboard",
    ] {
        assert!(!names.contains(&gone), "{gone} in {names:?}");
    }
    let quiz = named(&list, "QuizBox").expect("QuizBox, under its own name");
    assert_eq!(quiz["sources"], json!(["logins"]));
    assert_eq!(quiz["people"], 2);
    assert_eq!(quiz["first_seen"], "2026-10-02");
    assert_eq!(quiz["last_seen"], "2026-11-20");
    assert_eq!(quiz["probably_retired"], false);
    assert_eq!(quiz["scopes"], json!(["gmail.readonly", "userinfo.email"]));
    assert!(
        quiz["domains"].as_array().unwrap().is_empty(),
        "never guessed: {quiz}"
    );

    // Calendly is a known service; nobody used it for 90 days.
    let calendly = named(&list, "Calendly").expect("Calendly from the fingerprints");
    assert_eq!(calendly["probably_retired"], true);
    assert_eq!(calendly["people"], 1);

    // Miro: two Okta sign-ins; the failed one counts for no one.
    let miro = named(&list, "Miro").expect("Miro from Okta");
    assert_eq!(miro["people"], 2);
    assert_eq!(miro["count"], 2);

    // Entra: one successful sign-in.
    let fig = named(&list, "Figjam Boards").expect("an Entra app");
    assert_eq!(fig["people"], 1);
    assert_eq!(fig["last_seen"], "2026-11-21");

    let stderr = common::text(&out.stderr);
    assert!(stderr.contains("login events naming"), "{stderr}");
    // The people are counted, never named.
    let all = format!("{}{stderr}", common::text(&out.stdout));
    for person in [
        "anna@",
        "bob@",
        "fred@",
        "ivan@",
        "198.51.100.7",
        "203.0.113.9",
    ] {
        assert!(!all.contains(person), "{person} printed: {all}");
    }
}

#[test]
fn verbose_names_the_people_on_the_terminal_only() {
    let s = Setup::new();
    let out = s.run(&["discover", "--format", "json", "--verbose"], &s.exports());
    common::assert_success(&out);
    let stderr = common::text(&out.stderr);
    assert!(
        stderr.contains("People of `quizbox`: anna@northwind.example, bob@northwind.example"),
        "{stderr}"
    );
    assert!(!common::text(&out.stdout).contains("anna@"));
}

#[test]
fn the_stale_days_say_when_an_app_is_probably_retired() {
    let s = Setup::new();
    let files = s.exports();
    let out = s.run(
        &["discover", "--format", "json", "--stale-days", "3"],
        &files,
    );
    let list = candidates(&out);
    // QuizBox was last used 8 days before today, Miro 2.
    assert_eq!(named(&list, "QuizBox").unwrap()["probably_retired"], true);
    assert_eq!(named(&list, "Miro").unwrap()["probably_retired"], false);
}

#[test]
fn add_writes_the_categories_and_the_scopes_without_people() {
    let s = Setup::new();
    let out = s.run(&["discover", "--add", "quizbox"], &s.exports());
    common::assert_success(&out);
    let written = std::fs::read_to_string(&s.inventory).unwrap();
    assert!(written.starts_with(INVENTORY), "the rest is unchanged");
    let added = &written[INVENTORY.len()..];
    assert!(added.contains("name = \"QuizBox\""), "{added}");
    assert!(added.contains("\"content.messages\""), "{added}");
    assert!(added.contains("\"contact.email\""), "{added}");
    assert!(
        added.contains("gmail.readonly"),
        "the scopes are the evidence: {added}"
    );
    assert!(added.contains("2 people"), "{added}");
    assert!(
        !added.contains("anna@") && !added.contains("bob@"),
        "{added}"
    );
    let check = common::linger()
        .env("LINGER_INVENTORY", &s.inventory)
        .args(["check", "--format", "json"])
        .output()
        .unwrap();
    assert!(
        check.status.code().is_some_and(|c| c < 2),
        "{}",
        common::text(&check.stderr)
    );
}

#[test]
fn every_shape_of_each_export_reads_the_same() {
    let s = Setup::new();
    // Okta as one JSON array (the API's answer), Entra sign-ins as the
    // portal's bare array, one Google page per file, with a BOM.
    let okta_array = s.file(
        "okta.json",
        serde_json::to_string_pretty(&okta_events()).unwrap(),
    );
    let portal = s.file(
        "portal.json",
        serde_json::to_string_pretty(&entra_signins()).unwrap(),
    );
    let bom = s.file(
        "bom.json",
        [
            b"\xEF\xBB\xBF".as_slice(),
            page(
                vec![token(
                    "2026-11-20T09:14:03.511Z",
                    "anna@northwind.example",
                    "activity",
                    "QuizBox",
                    "1029-quiz",
                    &[GMAIL],
                )],
                None,
            )
            .as_bytes(),
        ]
        .concat(),
    );
    let list = candidates(&s.run(
        &["discover", "--format", "json"],
        &[okta_array, portal, bom],
    ));
    assert_eq!(named(&list, "Miro").unwrap()["people"], 2);
    assert_eq!(named(&list, "Figjam Boards").unwrap()["people"], 1);
    assert_eq!(named(&list, "QuizBox").unwrap()["people"], 1);
}

#[test]
fn the_built_in_fingerprints_know_apps_by_the_vendors_own_names_and_ids() {
    let s = Setup::new();
    let file = s.file(
        "apps.json",
        page(
            vec![
                // Asana's client ID as Asana's help page gives it, under a
                // name nobody would match.
                token(
                    "2026-11-20T09:14:03.511Z",
                    "anna@northwind.example",
                    "authorize",
                    "Gmail Add-on",
                    "923474483785-sqf6uk8vq1rqe853il0g2h4m98ji2fq6.apps.googleusercontent.com",
                    &[EMAIL],
                ),
                // Zoom's add-on by the name Zoom gives it: Zoom is in the
                // inventory, so no candidate.
                token(
                    "2026-11-21T09:14:03.511Z",
                    "bob@northwind.example",
                    "activity",
                    "Zoom for Google Workspace",
                    "4711-zoom.apps.googleusercontent.com",
                    &[EMAIL],
                ),
            ],
            None,
        ),
    );
    let list = candidates(&s.run(&["discover", "--format", "json"], &[file]));
    let asana = named(&list, "Asana").expect("Asana by its client ID");
    assert_eq!(asana["domains"], json!(["asana.com"]));
    assert!(named(&list, "Gmail Add-on").is_none());
    assert!(
        !list
            .iter()
            .any(|c| c["name"].as_str().unwrap_or("").contains("Zoom")),
        "{list:?}"
    );
}

#[test]
fn a_discover_toml_names_an_app_by_its_client_id() {
    let s = Setup::new();
    s.file(
        "discover.toml",
        "[[vendor]]\nname = \"QuizBox Learning\"\nwebsite = \"https://quizbox.example\"\napps = [\"1029-quiz.apps.googleusercontent.com\"]\ndata = [\"contact.name\"]\n",
    );
    let list = candidates(&s.run(&["discover", "--format", "json"], &s.exports()));
    let quiz = named(&list, "QuizBox Learning").expect("matched by client id");
    assert_eq!(quiz["domains"], json!(["quizbox.example"]));
    assert!(named(&list, "QuizBox").is_none());
}

#[test]
fn log_content_is_printed_through_the_printable_filter() {
    let s = Setup::new();
    let file = s.file(
        "evil.json",
        page(
            vec![token(
                "2026-11-20T09:14:03.511Z",
                "x@northwind.example",
                "activity",
                "Evil\u{1b}[31mApp\u{202e}",
                "c1",
                &[],
            )],
            None,
        ),
    );
    let out = s.run(&["discover"], &[file]);
    common::assert_success(&out);
    let all = format!("{}{}", common::text(&out.stdout), common::text(&out.stderr));
    assert!(
        !all.contains('\u{1b}') && !all.contains('\u{202e}'),
        "{all:?}"
    );
    assert!(all.contains("Evil"), "{all}");
}

fn fails(s: &Setup, file: &Path) -> String {
    let out = s.run(&["discover"], &[file.to_path_buf()]);
    assert_eq!(out.status.code(), Some(2), "{}", common::text(&out.stdout));
    let stderr = common::text(&out.stderr);
    assert!(
        stderr.contains(&file.display().to_string()),
        "names the file: {stderr}"
    );
    assert!(!stderr.contains("panicked"), "{stderr}");
    stderr
}

#[test]
fn bad_input_is_a_clear_error_naming_the_file_and_place() {
    let s = Setup::new();
    // Truncated in the middle of the second page.
    let full = google_export();
    let cut = s.file("cut.json", &full[..full.len() * 2 / 3]);
    let e = fails(&s, &cut);
    assert!(e.contains("truncated") && e.contains("line"), "{e}");

    // A format linger does not know: the formats it knows and the first line.
    let csv = s.file(
        "audit.csv",
        "Date,Event,Description,Actor\n2026-01-01,authorize,x,y\n",
    );
    let e = fails(&s, &csv);
    assert!(
        e.contains("Okta System Log") && e.contains("Date,Event,Description,Actor"),
        "{e}"
    );
    // The CSV downloads are not read yet: a BOM, a quoted line break and
    // 1,000 columns still get the same clear error, the first line cut short.
    let wide: Vec<String> = (0..1000).map(|i| format!("Column {i}")).collect();
    let csv = s.file(
        "wide.csv",
        format!(
            "\u{feff}{}\n\"a\nb\",{}\n",
            wide.join(","),
            "x,".repeat(998)
        ),
    );
    let e = fails(&s, &csv);
    assert!(
        e.contains("not an export linger knows") && e.contains("Column 0,Column 1"),
        "{e}"
    );
    assert!(
        !e.contains("Column 999"),
        "the first line is cut short: {e}"
    );
    let other = s.file("other.json", r#"[{"hello": "world"}]"#);
    let e = fails(&s, &other);
    assert!(e.contains("first line") && e.contains("hello"), "{e}");

    // A field far too large: stopped at the limit, not read into memory.
    let mut huge = String::from(
        "[{\"eventType\":\"user.authentication.sso\",\"published\":\"2026-01-01T00:00:00Z\",\"displayMessage\":\"",
    );
    huge.push_str(&"a".repeat(17 << 20));
    huge.push_str("\"}]");
    let big = s.file("big.json", huge);
    let e = fails(&s, &big);
    assert!(
        e.contains("larger than 16 MiB") && e.contains("line 1, byte 2"),
        "{e}"
    );

    // A timestamp that is none, and a field of the wrong type.
    let mut event = okta_events().remove(0);
    event["published"] = json!("yesterday");
    let text = serde_json::to_string_pretty(&vec![okta_events().remove(0), event]).unwrap();
    let second = 1
        + (text.lines().enumerate())
            .filter(|(_, l)| *l == "  {")
            .nth(1)
            .unwrap()
            .0;
    let time = s.file("time.json", &text);
    let e = fails(&s, &time);
    assert!(
        e.contains("`yesterday` is not a timestamp")
            && e.contains(&format!("the event at line {second},")),
        "{e}"
    );
    let typed = s.file(
        "typed.json",
        r#"[{"eventType": 7, "published": "2026-01-01T00:00:00Z"}]"#,
    );
    let e = fails(&s, &typed);
    assert!(
        e.contains("the event at line 1, byte 2: invalid type: integer `7`"),
        "{e}"
    );

    // Not JSON at all, and an empty file.
    let bin = s.file("bin.json", [0u8, 159, 146, 150]);
    fails(&s, &bin);
    let empty = s.file("empty.json", "");
    let e = fails(&s, &empty);
    assert!(e.contains("not an export linger knows"), "{e}");
}

#[test]
fn check_logins_reports_retired_vendors_in_use_and_grants_and_unlisted_apps() {
    let s = Setup::new();
    let out = s.run(&["check", "--format", "json"], &s.exports());
    assert_eq!(
        out.status.code(),
        Some(1),
        "errors: {}",
        common::text(&out.stderr)
    );
    let report: Value = serde_json::from_slice(&out.stdout).unwrap();
    let findings = report["findings"]
        .as_array()
        .or_else(|| report.as_array())
        .unwrap()
        .clone();
    let of = |code: &str| -> Vec<String> {
        findings
            .iter()
            .filter(|f| f["code"] == code)
            .map(|f| {
                f["vendor"]
                    .as_str()
                    .unwrap_or(f["message"].as_str().unwrap_or_default())
                    .to_string()
            })
            .collect()
    };
    assert_eq!(of("retired-vendor-in-use"), ["trello"]);
    let mut grants = of("retired-vendor-grant");
    grants.sort();
    // Zoom's grant was revoked; Dropbox's Entra grant and Trello's stand.
    assert_eq!(grants, ["dropbox", "trello"]);
    let unlisted = of("unlisted-app");
    assert_eq!(unlisted.len(), 3, "{unlisted:?}");
    for app in ["QuizBox", "Miro", "Figjam Boards"] {
        assert!(
            unlisted.iter().any(|m| m.contains(app)),
            "{app}: {unlisted:?}"
        );
    }
    // Calendly was last used more than 90 days ago; Chrome is Google's.
    assert!(
        !unlisted
            .iter()
            .any(|m| m.contains("Calendly") || m.contains("Chrome"))
    );
    let text = common::text(&out.stdout);
    assert!(!text.contains("anna@") && !text.contains("carl@"), "{text}");

    // The human form says where to revoke a grant.
    let out = s.run(&["check"], &s.exports());
    let text = common::text(&out.stdout);
    assert!(
        text.contains("App access control") && text.contains("Enterprise applications"),
        "{text}"
    );
    // SARIF carries the new codes.
    let out = s.run(&["check", "--format", "sarif"], &s.exports());
    let sarif = common::text(&out.stdout);
    assert!(sarif.contains("retired-vendor-grant") && sarif.contains("unlisted-app"));
}

#[test]
fn the_entra_sign_in_download_is_read_by_its_columns() {
    let s = Setup::new();
    let file = s.file("SignIns_2026-11-28.csv", entra_csv_download());
    let out = s.run(
        &["discover", "--format", "json"],
        std::slice::from_ref(&file),
    );
    let list = candidates(&out);
    let names: Vec<&str> = list.iter().filter_map(|c| c["name"].as_str()).collect();
    assert!(
        !names.contains(&"OneNote") && !names.contains(&"Trello"),
        "{names:?}"
    );
    let penpot = named(&list, "Penpot Cloud").expect("Penpot Cloud from the CSV");
    // Two sign-ins by two people; Mo's failed one counts for no one.
    assert_eq!(penpot["people"], 2);
    assert_eq!(penpot["count"], 2);
    assert_eq!(penpot["first_seen"], "2026-10-03");
    assert_eq!(penpot["last_seen"], "2026-11-24");
    let all = format!("{}{}", common::text(&out.stdout), common::text(&out.stderr));
    for person in ["kim@", "lee@", "mo@", "203.0.113.9"] {
        assert!(!all.contains(person), "{person} printed: {all}");
    }
    assert!(all.contains("entra: 2"), "{all}");

    // The same file finds Trello in use after it was retired.
    let out = s.run(&["check", "--format", "json"], &[file]);
    let text = common::text(&out.stdout);
    assert!(
        text.contains("retired-vendor-in-use") && text.contains("trello"),
        "{text}"
    );

    // A thousand more columns change nothing.
    let mut header: Vec<String> = ENTRA_CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    header.extend((0..1000).map(|i| format!("Extra {i}")));
    let mut row = entra_csv_row(
        "2026-11-24T08:15:02Z",
        "kim@northwind.example",
        "Penpot Cloud",
        "",
        "0",
    );
    row.extend((0..1000).map(|i| format!("x{i}")));
    let wide = s.file("wide.csv", entra_csv(&header, &[row]));
    let list = candidates(&s.run(&["discover", "--format", "json"], &[wide]));
    assert_eq!(named(&list, "Penpot Cloud").expect("read")["count"], 1);
}

#[test]
fn a_bad_row_of_the_entra_download_names_its_line() {
    let s = Setup::new();
    let header: Vec<String> = ENTRA_CSV_COLUMNS.iter().map(|c| c.to_string()).collect();
    let good = entra_csv_row(
        "2026-11-24T08:15:02Z",
        "kim@northwind.example",
        "Penpot Cloud",
        "",
        "0",
    );
    // The second data row starts on line 4: the first, a failed sign-in,
    // has a quoted line break.
    let failed = entra_csv_row(
        "2026-11-24T08:15:02Z",
        "mo@northwind.example",
        "Penpot Cloud",
        "",
        "50126",
    );
    let bad = entra_csv_row(
        "24/11/2026 08:15",
        "kim@northwind.example",
        "Penpot Cloud",
        "",
        "0",
    );
    let file = s.file("bad.csv", entra_csv(&header, &[failed, bad]));
    let e = fails(&s, &file);
    assert!(
        e.contains("the row at line 4,") && e.contains("`24/11/2026 08:15` is not a time"),
        "{e}"
    );
    // A field far too large stops at the limit, not read into memory.
    let mut huge = good;
    huge[20] = "a".repeat(17 << 20);
    let file = s.file("huge.csv", entra_csv(&header, &[huge]));
    let e = fails(&s, &file);
    assert!(
        e.contains("the row that starts at line 2,") && e.contains("larger than 16 MiB"),
        "{e}"
    );
}

#[test]
fn check_logins_is_quiet_when_the_logs_agree_with_the_inventory() {
    let s = Setup::new();
    let file = s.file(
        "ok.json",
        page(
            vec![
                token(
                    "2026-11-20T09:14:03.511Z",
                    "anna@northwind.example",
                    "activity",
                    "Slack",
                    "c-slack",
                    &[EMAIL],
                ),
                token(
                    "2024-01-05T10:00:00.000Z",
                    "erik@northwind.example",
                    "authorize",
                    "Zoom",
                    "c-zoom",
                    &[EMAIL],
                ),
                token(
                    "2024-05-05T10:00:00.000Z",
                    "erik@northwind.example",
                    "revoke",
                    "Zoom",
                    "c-zoom",
                    &[],
                ),
            ],
            None,
        ),
    );
    let out = s.run(&["check", "--format", "json"], &[file]);
    let text = common::text(&out.stdout);
    for code in [
        "retired-vendor-in-use",
        "retired-vendor-grant",
        "unlisted-app",
    ] {
        assert!(!text.contains(code), "{code}: {text}");
    }
}
