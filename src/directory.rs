//! The directory of privacy contacts compiled into linger: 3,069 companies
//! from the datenanfragen.de database (CC0 1.0; `data/README.md` says which
//! commit). It is the only source of a `privacy_email` linger writes: a
//! vendor not in it gets none, and `check` says `no-privacy-contact`.
//!
//! Lookups are by slug, by domain (the registrable domain of an entry's
//! website, of its privacy address, or of a site it runs), or by name.

use std::sync::OnceLock;

use serde::Deserialize;

use crate::address::registrable;

/// The credit the data asks for, wherever linger shows it.
pub const CREDIT: &str = "Privacy contacts: datenanfragen.de (CC0 1.0)";

const DATA: &str = include_str!("../data/directory.json");

#[derive(Debug, Clone, Deserialize)]
pub struct Company {
    pub slug: String,
    pub name: String,
    #[serde(default)]
    pub web: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub quality: Option<String>,
    #[serde(default)]
    pub runs: Vec<String>,
}

impl Company {
    /// The registrable domains the entry is known by.
    pub fn domains(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut add = |host: &str| {
            if let Some(domain) = registrable(host)
                && !out.contains(&domain)
            {
                out.push(domain);
            }
        };
        if let Some(web) = &self.web
            && let Some(host) = url::Url::parse(web)
                .ok()
                .and_then(|u| u.host_str().map(str::to_string))
        {
            add(&host);
        }
        if let Some((_, host)) = self.email.as_deref().and_then(crate::address::split) {
            add(host);
        }
        for site in &self.runs {
            // `runs` holds brand names and sites; only the sites look like hosts.
            let site = site.trim();
            if site.contains('.') && !site.contains(' ') {
                add(site.trim_start_matches("www."));
            }
        }
        out
    }
}

/// Every company, parsed once.
pub fn all() -> &'static [Company] {
    static ALL: OnceLock<Vec<Company>> = OnceLock::new();
    ALL.get_or_init(|| serde_json::from_str(DATA).unwrap_or_default())
}

pub fn by_slug(slug: &str) -> Option<&'static Company> {
    all().iter().find(|c| c.slug == slug)
}

/// The companies known by `domain` (any host under it counts), best
/// quality first.
pub fn by_domain(domain: &str) -> Vec<&'static Company> {
    let Some(domain) = registrable(domain) else {
        return Vec::new();
    };
    static INDEX: OnceLock<std::collections::HashMap<String, Vec<usize>>> = OnceLock::new();
    let index = INDEX.get_or_init(|| {
        let mut index: std::collections::HashMap<String, Vec<usize>> = Default::default();
        for (i, company) in all().iter().enumerate() {
            for domain in company.domains() {
                index.entry(domain).or_default().push(i);
            }
        }
        index
    });
    let mut found: Vec<&Company> = index
        .get(&domain)
        .into_iter()
        .flatten()
        .map(|i| &all()[*i])
        .collect();
    found.sort_by_key(|c| quality_rank(c.quality.as_deref()));
    found
}

fn quality_rank(quality: Option<&str>) -> u8 {
    match quality {
        Some("tested") => 0,
        Some("verified") => 1,
        Some("scraped") => 2,
        _ => 3,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_whole_directory_parses() {
        assert_eq!(all().len(), 3069);
        assert!(all().iter().filter(|c| c.email.is_some()).count() > 2900);
    }

    #[test]
    fn lookups_by_slug_and_domain() {
        let slack = by_slug("slack").unwrap();
        assert_eq!(slack.email.as_deref(), Some("privacy@slack.com"));
        assert!(by_domain("slack.com").iter().any(|c| c.slug == "slack"));
        assert!(by_domain("app.slack.com").iter().any(|c| c.slug == "slack"));
        assert!(by_domain("no-such-vendor.example").is_empty());
    }
}
