//! `discover --logins` and `check --logins`: the applications people sign
//! in to or grant access to, read from the exports of Google Workspace
//! (Reports API), Okta (System Log) and Microsoft Entra ID (sign-ins,
//! delegated grants, service principals). Each file is recognised by its
//! content (`sniff`), read streamed (`stream`) and summed up per
//! application (`Apps`) without keeping the events. Google's and
//! Microsoft's own applications (`first_party.toml`) are ours, not
//! vendors; what an application's scopes let it read is `scopes.toml`.
//!
//! The people in the logs are personal data: an `App` keeps their
//! addresses only to count them; what is printed or written is the count
//! unless the user asks (`--verbose`, on the terminal).

pub mod download;
pub mod entra;
pub mod google;
pub mod okta;
pub mod sniff;
pub mod stream;

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet};
use std::io::{BufRead, BufReader};
use std::path::Path;
use std::sync::OnceLock;

use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

use super::fingerprints::{Fingerprint, Fingerprints};
use super::{Sighting, Source, key};
use crate::directory;
use crate::inventory::Inventory;
use crate::terms::keyword_enum;

keyword_enum! {
    /// Whose records an event comes from.
    Provider {
        Google = "google",
        Okta = "okta",
        Entra = "entra",
    }
}

/// What an event says happened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    SignIn,
    Activity,
    Grant,
    Revoke,
    Assigned,
    Unassigned,
}

/// One event about an application, borrowing what it can from the record
/// it was read from: a million events cost no allocation each.
#[derive(Debug, Clone)]
pub struct Event<'a> {
    pub provider: Provider,
    pub kind: Kind,
    /// The application's name as the log gives it (may be empty).
    pub app: Cow<'a, str>,
    pub client_id: Option<Cow<'a, str>>,
    pub at: Option<NaiveDateTime>,
    pub person: Option<Cow<'a, str>>,
    pub scopes: Vec<Cow<'a, str>>,
}

/// One record may be at most this large: far above any real event (a few
/// KiB), far below what would hurt.
pub const RECORD_LIMIT: usize = 16 << 20;

/// Everything the logs say about one application.
#[derive(Debug, Clone, Default)]
pub struct App {
    pub name: String,
    pub client_ids: BTreeSet<String>,
    pub providers: BTreeSet<Provider>,
    pub first: Option<NaiveDateTime>,
    pub last: Option<NaiveDateTime>,
    /// The last sign-in, token activity or grant: use, not administration.
    pub last_use: Option<NaiveDateTime>,
    /// How many distinct people signed in, used or granted it.
    pub people: u64,
    /// Their addresses as the logs give them: filled only when asked
    /// (`--verbose`), printed only on the terminal.
    pub addresses: Vec<String>,
    /// The people while reading, as numbers (`Apps::names`): a million
    /// events by thousands of people cost a few MB, not an address each.
    ids: HashSet<u32>,
    pub scopes: BTreeSet<String>,
    pub events: u64,
    /// Per person: the last grant and the last revocation (Google, Okta).
    grants: HashMap<u32, (Option<NaiveDateTime>, Option<NaiveDateTime>)>,
    /// Delegated grants that exist in the Entra export.
    pub standing_grants: u64,
}

impl App {
    /// The grants still standing: a person's grant with no later
    /// revocation, and every delegated grant an Entra export lists.
    pub fn open_grants(&self) -> u64 {
        let open = self
            .grants
            .values()
            .filter(|(granted, revoked)| match (granted, revoked) {
                (Some(g), Some(r)) => g > r,
                (Some(_), None) => true,
                _ => false,
            })
            .count() as u64;
        open + self.standing_grants
    }

    pub fn first_day(&self) -> Option<NaiveDate> {
        self.first.map(|t| t.date())
    }

    pub fn last_day(&self) -> Option<NaiveDate> {
        self.last.map(|t| t.date())
    }
}

/// The applications of every file read, summed up while streaming.
#[derive(Debug, Default)]
pub struct Apps {
    apps: Vec<App>,
    /// Each application's place in `apps` by its key (`discover::key` of
    /// its printable name, or its client ID when it has no name)...
    by_key: HashMap<String, usize>,
    /// ...and by its name exactly as the logs write it, so that the name of
    /// an application seen before is neither filtered nor keyed again.
    by_name: HashMap<String, usize>,
    /// Entra grants wait for the service principals that name them.
    entra_grants: Vec<(String, Vec<String>)>,
    principals: HashMap<String, (String, String)>,
    /// Each person's number, and the addresses by number.
    ids: HashMap<String, u32>,
    names: Vec<String>,
    pub events: u64,
    /// Records of a known format that name no application, or failed.
    pub passed_over: u64,
}

impl Apps {
    /// The place of the application named `raw` (or, with no name, whose
    /// client ID is `client`) in `apps`, made if new.
    fn slot(&mut self, raw: &str, client: Option<&str>) -> usize {
        let named = !raw.trim().is_empty();
        if named && let Some(&i) = self.by_name.get(raw) {
            return i;
        }
        let name = crate::printable::line(raw.trim()).into_owned();
        let group = if name.is_empty() {
            client.unwrap_or_default().to_string()
        } else {
            key(&name)
        };
        let i = match self.by_key.get(&group) {
            Some(&i) => i,
            None => {
                self.apps.push(App::default());
                self.by_key.insert(group, self.apps.len() - 1);
                self.apps.len() - 1
            }
        };
        let app = &mut self.apps[i];
        if app.name.is_empty() {
            app.name = if name.is_empty() {
                client.unwrap_or_default().to_string()
            } else {
                name
            };
        }
        if named {
            self.by_name.insert(raw.to_string(), i);
        }
        i
    }

    /// The number of the person `who`, made if new.
    fn person(&mut self, who: &str) -> u32 {
        if let Some(&n) = self.ids.get(who) {
            return n;
        }
        let n = self.names.len() as u32;
        self.names.push(who.to_string());
        self.ids.insert(who.to_string(), n);
        n
    }

    pub fn add(&mut self, event: Event<'_>) {
        self.events += 1;
        let i = self.slot(&event.app, event.client_id.as_deref());
        let person = (event.person.as_deref())
            .filter(|p| !p.is_empty())
            .map(|p| self.person(p));
        let app = &mut self.apps[i];
        app.events += 1;
        app.providers.insert(event.provider);
        if let Some(id) = event.client_id
            && !app.client_ids.contains(id.as_ref())
        {
            app.client_ids.insert(id.into_owned());
        }
        if let Some(at) = event.at {
            app.first = Some(app.first.map_or(at, |t| t.min(at)));
            app.last = Some(app.last.map_or(at, |t| t.max(at)));
            if matches!(event.kind, Kind::SignIn | Kind::Activity | Kind::Grant) {
                app.last_use = Some(app.last_use.map_or(at, |t| t.max(at)));
            }
        }
        for scope in event.scopes {
            if !app.scopes.contains(scope.as_ref()) {
                app.scopes.insert(scope.into_owned());
            }
        }
        if let Some(person) = person {
            if matches!(event.kind, Kind::Grant | Kind::Revoke) {
                let entry = app.grants.entry(person).or_default();
                let slot = if event.kind == Kind::Grant {
                    &mut entry.0
                } else {
                    &mut entry.1
                };
                if let Some(at) = event.at {
                    *slot = Some(slot.map_or(at, |t| t.max(at)));
                }
            }
            app.ids.insert(person);
        }
    }

    fn add_record(&mut self, record: sniff::Record<'_>) {
        match record {
            sniff::Record::Events(events) => {
                if events.is_empty() {
                    self.passed_over += 1;
                }
                for event in events {
                    self.add(event);
                }
            }
            sniff::Record::Grant { client, scopes, .. } => self.entra_grants.push((client, scopes)),
            sniff::Record::Principal { id, app_id, name } => {
                self.principals.insert(id, (app_id, name));
            }
            sniff::Record::Nothing => self.passed_over += 1,
        }
    }

    /// The applications, Entra's grants joined to their service principals,
    /// without Google's and Microsoft's own; by name. The people's
    /// addresses only when `addresses` asks for them.
    pub fn finish(mut self, addresses: bool) -> Vec<App> {
        for (client, scopes) in std::mem::take(&mut self.entra_grants) {
            let (app_id, name) = self
                .principals
                .get(&client)
                .cloned()
                .unwrap_or_else(|| (String::new(), format!("service principal {client}")));
            let i = self.slot(&name, None);
            let app = &mut self.apps[i];
            app.providers.insert(Provider::Entra);
            if !app_id.is_empty() {
                app.client_ids.insert(app_id);
            }
            app.scopes.extend(scopes);
            app.standing_grants += 1;
        }
        let mut apps: Vec<App> = self.apps.into_iter().filter(|a| !first_party(a)).collect();
        for app in &mut apps {
            app.people = app.ids.len() as u64;
            if addresses {
                app.addresses = app
                    .ids
                    .iter()
                    .map(|&i| self.names[i as usize].clone())
                    .collect();
                app.addresses.sort();
            }
            app.ids = HashSet::new();
        }
        apps.sort_by(|a, b| key(&a.name).cmp(&key(&b.name)).then(a.name.cmp(&b.name)));
        apps
    }
}

/// Reads one export into `apps`. Errors name the line and byte.
pub fn read(path: &Path, apps: &mut Apps) -> Result<(), String> {
    let file = std::fs::File::open(path).map_err(|e| e.to_string())?;
    let mut reader = BufReader::with_capacity(1 << 16, file);
    let head = reader.fill_buf().map_err(|e| e.to_string())?;
    let first_line: String = String::from_utf8_lossy(head)
        .trim_start_matches('\u{feff}')
        .lines()
        .next()
        .unwrap_or_default()
        .chars()
        .take(120)
        .collect();
    let bom = if head.starts_with(b"\xEF\xBB\xBF") {
        3
    } else {
        0
    };
    if !download::is_json(&head[bom..]) {
        reader.consume(bom);
        let known = download::read(reader, bom as u64, RECORD_LIMIT, &mut |record| {
            apps.add_record(record)
        })?;
        return if known {
            Ok(())
        } else {
            Err(unknown(&first_line))
        };
    }
    let mut known = false;
    let read = stream::records(
        reader,
        RECORD_LIMIT,
        &mut |bytes, place| match sniff::classify(bytes) {
            Ok(record) => {
                known = true;
                apps.add_record(record);
                Ok(())
            }
            Err(Some(why)) => Err(format!("the event at {place}: {why}")),
            Err(None) if !known => Err(unknown(&first_line)),
            Err(None) => {
                apps.passed_over += 1;
                Ok(())
            }
        },
    );
    // Before the first record linger knows, any fault means it is no
    // export linger reads: say which it reads, and what this one is.
    read.map_err(|why| {
        if known || !why.starts_with("unexpected") {
            why
        } else {
            format!("{} ({why})", unknown(&first_line))
        }
    })?;
    if !known && apps.events == 0 && first_line.trim().is_empty() {
        return Err(unknown(&first_line));
    }
    Ok(())
}

/// Every file of `paths`, read into one summary: the applications, how
/// many events, how many records passed over. An error names the file.
pub fn read_all(
    paths: &[std::path::PathBuf],
    addresses: bool,
) -> Result<(Vec<App>, u64, u64), String> {
    let mut apps = Apps::default();
    for path in paths {
        read(path, &mut apps).map_err(|why| format!("{}: {why}", path.display()))?;
    }
    let (events, passed_over) = (apps.events, apps.passed_over);
    Ok((apps.finish(addresses), events, passed_over))
}

fn unknown(first_line: &str) -> String {
    format!(
        "not an export linger knows; it reads {}, and {}. The file's first line: `{}`",
        sniff::KNOWN,
        download::KNOWN,
        crate::printable::line(first_line)
    )
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct FirstParty {
    names: Vec<String>,
    prefixes: Vec<String>,
    #[serde(default)]
    client_ids: Vec<String>,
}

fn first_party_table() -> &'static FirstParty {
    static TABLE: OnceLock<FirstParty> = OnceLock::new();
    TABLE.get_or_init(|| {
        // A test parses the same text: this cannot fail in a tested build.
        toml::from_str(include_str!("first_party.toml")).unwrap_or(FirstParty {
            names: Vec::new(),
            prefixes: Vec::new(),
            client_ids: Vec::new(),
        })
    })
}

/// Google's or Microsoft's own application.
pub fn first_party(app: &App) -> bool {
    let table = first_party_table();
    let name = key(&app.name);
    table.names.iter().any(|n| key(n) == name)
        || table
            .prefixes
            .iter()
            .any(|p| app.name.to_lowercase().starts_with(&p.to_lowercase()))
        || app.client_ids.iter().any(|id| {
            table
                .client_ids
                .iter()
                .any(|known| known.eq_ignore_ascii_case(id.trim()))
        })
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeFile {
    scope: Vec<ScopeRule>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ScopeRule {
    names: Vec<String>,
    data: Vec<String>,
}

fn scope_table() -> &'static [ScopeRule] {
    static TABLE: OnceLock<Vec<ScopeRule>> = OnceLock::new();
    TABLE.get_or_init(|| {
        toml::from_str::<ScopeFile>(include_str!("scopes.toml"))
            .map(|f| f.scope)
            .unwrap_or_default()
    })
}

/// A scope as people write it: Google's without its URL prefix.
pub fn short_scope(scope: &str) -> &str {
    scope
        .strip_prefix("https://www.googleapis.com/auth/")
        .unwrap_or(scope)
}

/// The data categories `scopes` give access to, in `scopes.toml`'s order.
pub fn categories(scopes: &BTreeSet<String>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for rule in scope_table() {
        let hit = scopes.iter().any(|s| {
            let s = short_scope(s);
            rule.names.iter().any(|n| n.eq_ignore_ascii_case(s))
        });
        if hit {
            for d in &rule.data {
                if !out.contains(d) {
                    out.push(d.clone());
                }
            }
        }
    }
    out
}

/// What an application is in our terms.
#[derive(Debug, Clone)]
pub enum Match {
    /// A vendor of the inventory (its index).
    Vendor(usize),
    /// A known service the inventory lacks.
    Fingerprint(Box<Fingerprint>),
    /// A company of the privacy-contact directory.
    Directory(&'static directory::Company),
    /// Nothing: listed under its own name.
    Unknown,
}

/// Matches applications to vendors: the inventory's names and domains,
/// the fingerprints' `apps` (names and client IDs) and names, the
/// directory's names; only whole names, never a likeness. Each table is
/// keyed once here, not once per application (the directory holds
/// thousands of companies, a log hundreds of applications).
pub struct Matcher<'a> {
    inventory: &'a Inventory,
    table: &'a Fingerprints,
    vendor_keys: Vec<(usize, BTreeSet<String>)>,
    /// The first fingerprint (in the table's order) with a name or an
    /// `apps` entry of that key...
    fingerprint_keys: HashMap<String, usize>,
    /// ...or with that client ID among its `apps`.
    fingerprint_ids: HashMap<&'a str, usize>,
    /// The first company of the directory with a name of that key.
    directory_keys: HashMap<String, &'static directory::Company>,
}

impl<'a> Matcher<'a> {
    pub fn new(inventory: &'a Inventory, table: &'a Fingerprints) -> Self {
        let vendor_keys = (inventory.vendors.iter().enumerate())
            .map(|(i, v)| {
                let mut keys = BTreeSet::from([key(&v.name)]);
                for host in crate::online::domains::of(v) {
                    if let Some(label) = host.domain.split('.').next()
                        && label.len() >= 4
                    {
                        keys.insert(key(label));
                    }
                }
                (i, keys)
            })
            .collect();
        let mut fingerprint_keys = HashMap::new();
        let mut fingerprint_ids = HashMap::new();
        for (i, f) in table.vendors().iter().enumerate() {
            for a in &f.apps {
                fingerprint_ids.entry(a.as_str()).or_insert(i);
                fingerprint_keys.entry(key(a)).or_insert(i);
            }
            fingerprint_keys.entry(key(&f.name)).or_insert(i);
        }
        let mut directory_keys = HashMap::new();
        for company in directory::all() {
            directory_keys.entry(key(&company.name)).or_insert(company);
        }
        Self {
            inventory,
            table,
            vendor_keys,
            fingerprint_keys,
            fingerprint_ids,
            directory_keys,
        }
    }

    fn vendor_named(&self, name: &str) -> Option<usize> {
        let k = key(name);
        (!k.is_empty())
            .then(|| self.vendor_keys.iter().find(|(_, keys)| keys.contains(&k)))
            .flatten()
            .map(|(i, _)| *i)
    }

    pub fn of(&self, app: &App) -> Match {
        if let Some(i) = self.vendor_named(&app.name) {
            return Match::Vendor(i);
        }
        let name = key(&app.name);
        let fingerprint = (self.fingerprint_keys.get(&name).copied())
            .into_iter()
            .chain(
                app.client_ids
                    .iter()
                    .filter_map(|id| self.fingerprint_ids.get(id.as_str()).copied()),
            )
            .min()
            .map(|i| &self.table.vendors()[i]);
        if let Some(f) = fingerprint {
            let site = f
                .website
                .as_deref()
                .and_then(crate::inventory::website_host)
                .and_then(|h| crate::address::registrable(&h));
            let by_site = site.and_then(|d| {
                self.inventory
                    .vendors
                    .iter()
                    .position(|v| crate::online::domains::of(v).iter().any(|h| h.domain == d))
            });
            return match by_site.or_else(|| self.vendor_named(&f.name)) {
                Some(i) => Match::Vendor(i),
                None => Match::Fingerprint(Box::new(f.clone())),
            };
        }
        if name.len() >= 4
            && let Some(company) = self.directory_keys.get(&name)
        {
            return Match::Directory(company);
        }
        Match::Unknown
    }
}

/// What a candidate found in the logins carries beyond a sighting.
#[derive(Debug, Clone, Default)]
pub struct Facts {
    pub people: u64,
    /// Only under `--verbose`.
    pub addresses: Vec<String>,
    pub scopes: Vec<String>,
    pub data: Vec<String>,
    /// No use in the last `stale_days` days.
    pub stale: bool,
}

/// The sightings of the applications the inventory lacks.
pub fn sightings(
    apps: &[App],
    matcher: &Matcher<'_>,
    today: NaiveDate,
    stale_days: u32,
    verbose: bool,
) -> Vec<Sighting> {
    let since = today - chrono::Days::new(u64::from(stale_days));
    let mut out = Vec::new();
    for app in apps {
        let (fingerprint, domain, name) = match matcher.of(app) {
            Match::Vendor(_) => continue,
            Match::Fingerprint(f) => {
                let name = f.name.clone();
                (Some(*f), None, name)
            }
            Match::Directory(c) => (None, c.domains().into_iter().next(), c.name.clone()),
            Match::Unknown => (None, None, app.name.clone()),
        };
        let scopes: Vec<String> = app
            .scopes
            .iter()
            .map(|s| short_scope(s).to_string())
            .collect();
        let providers: Vec<&str> = app.providers.iter().map(|p| p.as_str()).collect();
        let people = app.people;
        let mut evidence = format!(
            "logins ({}): {} event{} by {people} {}{}",
            providers.join(", "),
            app.events,
            if app.events == 1 { "" } else { "s" },
            if people == 1 { "person" } else { "people" },
            match (app.first_day(), app.last_day()) {
                (Some(a), Some(b)) => format!(", {a} to {b}"),
                _ => String::new(),
            }
        );
        if name != app.name {
            evidence.push_str(&format!(" as \"{}\"", app.name));
        }
        if !scopes.is_empty() {
            evidence.push_str(&format!("; scopes: {}", scopes.join(" ")));
        }
        let open = app.open_grants();
        if open > 0 {
            evidence.push_str(&format!(
                "; {open} grant{} standing",
                if open == 1 { "" } else { "s" }
            ));
        }
        out.push(Sighting {
            source: Source::Logins,
            fingerprint,
            domain,
            name,
            first: app.first_day(),
            last: app.last_day(),
            count: app.events,
            evidence,
            subjects: Vec::new(),
            logins: Some(Facts {
                people,
                addresses: if verbose {
                    app.addresses.clone()
                } else {
                    Vec::new()
                },
                data: categories(&app.scopes),
                scopes,
                stale: app.last_use.is_none_or(|t| t.date() < since),
            }),
        });
    }
    out
}

/// How many applications and events the files held, for the summary line.
pub fn summary(apps: &[App], events: u64, passed_over: u64) -> String {
    let by_provider: BTreeMap<&str, usize> =
        apps.iter()
            .flat_map(|a| a.providers.iter())
            .fold(BTreeMap::new(), |mut m, p| {
                *m.entry(p.as_str()).or_default() += 1;
                m
            });
    format!(
        "Read {events} login event{} naming {} application{} ({}){}.",
        if events == 1 { "" } else { "s" },
        apps.len(),
        if apps.len() == 1 { "" } else { "s" },
        by_provider
            .iter()
            .map(|(p, n)| format!("{p}: {n}"))
            .collect::<Vec<_>>()
            .join(", "),
        if passed_over > 0 {
            format!(
                "; passed over {passed_over} record{} about no application or a failed sign-in",
                if passed_over == 1 { "" } else { "s" }
            )
        } else {
            String::new()
        }
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_data_files_parse() {
        let text = include_str!("first_party.toml");
        toml::from_str::<FirstParty>(text).unwrap();
        let scopes = toml::from_str::<ScopeFile>(include_str!("scopes.toml")).unwrap();
        for rule in &scopes.scope {
            for d in &rule.data {
                assert!(crate::categories::is_known(d), "{d}");
            }
        }
    }

    #[test]
    fn microsofts_documented_app_ids_are_first_party_by_id_alone() {
        let app = |name: &str, id: &str| App {
            name: name.to_string(),
            client_ids: [id.to_string()].into(),
            ..App::default()
        };
        // Azure CLI and Azure Portal, under names no list holds.
        assert!(first_party(&app(
            "az",
            "04B07795-8DDB-461A-BBEE-02F9E1BF7B46"
        )));
        assert!(first_party(&app(
            "Portal",
            "c44b4083-3bb0-49c1-b47d-974e53cbdf3c"
        )));
        assert!(!first_party(&app(
            "Quiz Box",
            "11111111-2222-3333-4444-555555555555"
        )));
        let table = first_party_table();
        assert!(table.client_ids.len() > 50, "{}", table.client_ids.len());
        for id in &table.client_ids {
            assert!(
                id.len() == 36 && id.chars().all(|c| c.is_ascii_hexdigit() || c == '-'),
                "{id}"
            );
        }
    }

    #[test]
    fn scopes_give_categories() {
        let scopes: BTreeSet<String> = [
            "https://www.googleapis.com/auth/gmail.readonly".to_string(),
            "Files.Read.All".to_string(),
        ]
        .into();
        let got = categories(&scopes);
        assert!(got.contains(&"content.messages".to_string()));
        assert!(got.contains(&"content.files".to_string()));
        assert!(!got.contains(&"employment".to_string()));
    }

    fn records(text: &str) -> Result<Vec<String>, String> {
        let mut out = Vec::new();
        stream::records(text.as_bytes(), 1 << 10, &mut |b, p| {
            out.push(format!("{}@{}", String::from_utf8_lossy(b), p.line));
            Ok(())
        })?;
        Ok(out)
    }

    /// A reader that hands over one to three bytes at a time, so that every
    /// record, string, escape and byte-order mark spans reads.
    struct Trickle<'a>(&'a [u8], usize);

    impl std::io::Read for Trickle<'_> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            self.1 += 1;
            let n = (1 + self.1 % 3).min(self.0.len()).min(buf.len());
            buf[..n].copy_from_slice(&self.0[..n]);
            self.0 = &self.0[n..];
            Ok(n)
        }
    }

    #[test]
    fn records_that_span_reads_are_the_same_records() {
        let text = "\u{feff}{\"kind\":\"k\",\"items\":[{\"a\":\"x\\\"]}\"},\n{\"b\":[1,{\"c\":2}]}],\"next\":\"x\"}\n[{\"d\":\"\\\\\"}]";
        let mut whole = Vec::new();
        stream::records(text.as_bytes(), 1 << 10, &mut |b, p| {
            whole.push((b.to_vec(), p));
            Ok(())
        })
        .unwrap();
        let mut trickled = Vec::new();
        stream::records(Trickle(text.as_bytes(), 0), 1 << 10, &mut |b, p| {
            trickled.push((b.to_vec(), p));
            Ok(())
        })
        .unwrap();
        assert_eq!(whole.len(), 3, "{whole:?}");
        assert_eq!(whole, trickled);
        assert_eq!(whole[1].0, b"{\"b\":[1,{\"c\":2}]}");
        // After the mark (3 bytes) and the first line (36).
        assert_eq!((whole[1].1.line, whole[1].1.byte), (2, 39));
        // The limit holds across reads too.
        let long = format!("[{{\"a\":\"{}\"}}]", "x".repeat(3000));
        let e = stream::records(Trickle(long.as_bytes(), 0), 1 << 10, &mut |_, _| Ok(()));
        assert!(e.unwrap_err().contains("larger than"));
    }

    #[test]
    fn the_stream_finds_records_in_every_shape() {
        assert_eq!(
            records("[{\"a\":1}, {\"b\":[2]}]").unwrap(),
            ["{\"a\":1}@1", "{\"b\":[2]}@1"]
        );
        assert_eq!(
            records(
                "{\"kind\":\"k\",\"items\":[{\"a\":\"]\"}],\"next\":\"x\"}\n{\"items\":[{\"b\":1}]}"
            )
            .unwrap(),
            ["{\"a\":\"]\"}@1", "{\"b\":1}@2"]
        );
        assert_eq!(
            records("{\"a\":{\"value\":[1]}}\n{\"b\":2}\n").unwrap(),
            ["{\"a\":{\"value\":[1]}}@1", "{\"b\":2}@2"]
        );
        assert_eq!(
            records("\u{feff}{\"value\":[{\"c\":\"\\\"\"}]}").unwrap(),
            ["{\"c\":\"\\\"\"}@1"]
        );
        assert!(
            records("[{\"a\":1}, {\"b\":")
                .unwrap_err()
                .contains("truncated")
        );
        assert!(
            records(&format!("[{{\"a\":\"{}\"}}]", "x".repeat(2000)))
                .unwrap_err()
                .contains("larger than")
        );
        assert!(records("hello").unwrap_err().contains("unexpected `h`"));
    }
}
