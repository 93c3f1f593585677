//! The commands a trace report ends with: the letters to the vendor it
//! points at or, when nothing could be ranked, to the likeliest vendors and
//! what to prepare for next time. Pure: the report and the address file's
//! name in, command lines out.

use std::path::Path;

use super::{Guess, Ranking};

/// The commands to run next, for the top vendor.
pub fn next_steps(report: &Ranking, addresses: Option<&Path>) -> Vec<String> {
    let Some(top) = report.vendors.first() else {
        return vec![
            "no vendor held any of the addresses: look for a source outside the inventory".into(),
        ];
    };
    let list = addresses.map_or("ADDRESSES.txt".to_string(), |p| p.display().to_string());
    vec![
        format!(
            "linger letter {} --kind breach-inquiry --addresses {list}",
            top.id
        ),
        format!(
            "linger letter {} --kind abuse-report --to ABUSE@SENDER --phishing-domain DOMAIN --addresses {list} --message PHISH.eml --format eml -o abuse-report.eml",
            top.id
        ),
        format!(
            "linger letter {} --kind customer-notice --phishing-domain DOMAIN",
            top.id
        ),
    ]
}

/// The steps when nothing could be ranked: ask the likeliest vendors, and
/// prepare so that the next leak can be traced.
pub fn unprepared_steps(guesses: &[Guess], addresses: Option<&Path>) -> Vec<String> {
    let list = addresses.map_or("ADDRESSES.txt".to_string(), |p| p.display().to_string());
    let mut steps: Vec<String> = guesses
        .iter()
        .filter(|g| !g.deleted)
        .take(3)
        .map(|g| {
            format!(
                "linger letter {} --kind breach-inquiry --addresses {list}",
                g.id
            )
        })
        .collect();
    steps.push(
        "for next time: give each vendor a canary (`linger canary new ID`) and import its subject set (`linger subjects import ID FILE`); docs/trace.md".into(),
    );
    steps
}
