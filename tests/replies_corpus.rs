//! The labelled corpus of vendors' replies (tests/data/replies/corpus/,
//! issue 31): every reply read by the path `linger inbox` takes
//! (`inbox::read::reply_of`, with the built-in table), compared with its
//! label. Prints precision and recall per proposal and per language, and
//! fails on any wrong end state (`confirmed`, `refused`, `not-needed`
//! where the label says otherwise) and on recall under 95% for any
//! proposal.
//!
//! The corpus's inventories record each request without the Message-ID
//! `linger send` would have kept; the test records it as `send` would
//! (the `In-Reply-To` of each labelled vendor's replies), so that a reply
//! is routed as it would be in use. The reader is measured on what it
//! reads: a proposal the trust rules withhold (a bounce not from our relay,
//! a ticket system's mail on a thread) counts as proposed for a reply
//! labelled with its vendor; for one labelled with none (forged senders,
//! strangers) only what stands after trust counts.
//!
//! `LINGER_CORPUS=DIR` reads another root of the same layout (the held-out
//! part: `LINGER_CORPUS=tests/data/replies/held-out cargo test --test
//! replies_corpus -- --nocapture`).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use linger::inbox::read::reply_of;
use linger::inbox::rules::Lexicon;

/// After the last reply of the corpus (dated up to 2026-12-06).
const TODAY: &str = "2026-12-07";

const TERMINAL: [&str; 3] = ["confirmed", "refused", "not-needed"];

fn root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    // A test's own switch, not linger's configuration.
    #[allow(clippy::disallowed_methods)]
    let chosen = std::env::var_os("LINGER_CORPUS");
    match chosen {
        Some(dir) => manifest.join(dir),
        None => manifest.join("tests/data/replies/corpus"),
    }
}

#[derive(Debug, serde::Deserialize)]
struct Labels {
    reply: Vec<Label>,
}

#[derive(Debug, serde::Deserialize)]
struct Label {
    file: String,
    vendor: Option<String>,
    proposal: String,
    until: Option<toml::value::Datetime>,
    new_address: Option<String>,
    url: Option<String>,
}

/// One reply as read: its label, what linger proposed, and what else.
struct Read {
    language: String,
    file: String,
    want: String,
    got: String,
    detail: Vec<String>,
    /// Labelled with a vendor, matched to none.
    unrouted: bool,
}

fn read_language(dir: &Path, table: &Lexicon, today: NaiveDate) -> Vec<Read> {
    let language = dir.file_name().unwrap().to_string_lossy().to_string();
    let inventory_text = std::fs::read_to_string(dir.join("vendors.toml")).unwrap();
    let mut inventory = linger::inventory::parse(&inventory_text, today)
        .unwrap_or_else(|d| panic!("{}: {d:#?}", dir.display()));
    let labels: Labels = toml::from_str(&std::fs::read_to_string(dir.join("labels.toml")).unwrap())
        .unwrap_or_else(|e| panic!("{}/labels.toml: {e}", dir.display()));
    // Each request's Message-ID, as `send` records it.
    for label in &labels.reply {
        let Some(vendor) = &label.vendor else {
            continue;
        };
        let bytes = std::fs::read(dir.join(&label.file)).unwrap_or_default();
        let Some(message) = linger::mail::Message::parse(&bytes) else {
            continue;
        };
        let ours = message
            .thread()
            .into_iter()
            .find(|id| id.ends_with(&format!("@{}>", inventory.organization.domain())));
        if let (Some(id), Some(v)) = (
            ours,
            inventory.vendors.iter_mut().find(|v| v.id.value == *vendor),
        ) && let Some(request) = v
            .events
            .iter_mut()
            .find(|e| e.kind == linger::inventory::EventKind::Requested)
            && request.message_id.is_none()
        {
            request.message_id = Some(id);
        }
    }
    let mut out = Vec::new();
    for label in labels.reply {
        let bytes = std::fs::read(dir.join(&label.file))
            .unwrap_or_else(|e| panic!("{}/{}: {e}", dir.display(), label.file));
        let reply = reply_of(&bytes, &inventory, table, today);
        let mut detail = Vec::new();
        let got = match &reply {
            None => {
                detail.push("(matched no vendor)".into());
                "none".to_string()
            }
            Some(reply) => {
                if label.vendor.as_deref().is_some_and(|v| v != reply.vendor) {
                    detail.push(format!(
                        "vendor {} (label {:?})",
                        reply.vendor, label.vendor
                    ));
                }
                // What trust withheld, for a reply of a labelled vendor.
                let withheld = reply
                    .note
                    .as_deref()
                    .and_then(|n| n.split_once(" withheld: "))
                    .map(|(p, _)| p.to_string())
                    .filter(|_| label.vendor.is_some());
                if withheld.is_some() {
                    detail.push("(withheld by trust)".into());
                }
                reply
                    .proposal
                    .map(|p| p.to_string())
                    .or(withheld)
                    .unwrap_or_else(|| "none".into())
            }
        };
        if let Some(reply) = &reply {
            let want_until = label
                .until
                .as_ref()
                .map(|d| d.to_string().chars().take(10).collect::<String>());
            let got_until = reply.until.map(|d| d.to_string());
            let withheld = detail.iter().any(|d| d.starts_with("(withheld"));
            if label.proposal == "extended"
                && got == "extended"
                && !withheld
                && want_until != got_until
            {
                detail.push(format!("until {got_until:?}, label {want_until:?}"));
            }
            if label.new_address.is_some() && reply.new_address != label.new_address {
                detail.push(format!(
                    "new_address {:?}, label {:?}",
                    reply.new_address, label.new_address
                ));
            }
            if label.url.is_some() && got == "question" && reply.url != label.url {
                detail.push(format!("url {:?}, label {:?}", reply.url, label.url));
            }
            if got != label.proposal {
                detail.push(format!(
                    "quote {:?} note {:?}",
                    reply.quote.as_deref().unwrap_or(""),
                    reply.note.as_deref().unwrap_or("")
                ));
            }
        }
        let unrouted = reply.is_none() && label.vendor.is_some() && label.proposal != "none";
        out.push(Read {
            unrouted,
            language: language.clone(),
            file: label.file,
            want: label.proposal,
            got,
            detail,
        });
    }
    out
}

fn percent(part: usize, whole: usize) -> String {
    if whole == 0 {
        "-".into()
    } else {
        format!("{:.1}%", 100.0 * part as f64 / whole as f64)
    }
}

#[test]
fn every_labelled_reply_is_read_as_labelled() {
    let root = root();
    let today: NaiveDate = TODAY.parse().unwrap();
    let table = Lexicon::builtin();
    let mut dirs: Vec<PathBuf> = std::fs::read_dir(&root)
        .unwrap_or_else(|e| panic!("{}: {e}", root.display()))
        .map(|e| e.unwrap().path())
        .filter(|p| p.join("labels.toml").is_file())
        .collect();
    dirs.sort();
    assert!(!dirs.is_empty(), "no language under {}", root.display());
    let all: Vec<Read> = dirs
        .iter()
        .flat_map(|d| read_language(d, &table, today))
        .collect();

    // Per proposal: labelled, proposed, right.
    let mut by_proposal: BTreeMap<&str, (usize, usize, usize)> = BTreeMap::new();
    for r in &all {
        by_proposal.entry(&r.want).or_default().0 += 1;
        by_proposal.entry(&r.got).or_default().1 += 1;
        if r.want == r.got {
            by_proposal.entry(&r.want).or_default().2 += 1;
        }
    }
    println!("\n{}: {} replies", root.display(), all.len());
    println!("| proposal | labelled | proposed | right | precision | recall |");
    println!("| --- | ---: | ---: | ---: | ---: | ---: |");
    for (p, (labelled, proposed, right)) in &by_proposal {
        println!(
            "| {p} | {labelled} | {proposed} | {right} | {} | {} |",
            percent(*right, *proposed),
            percent(*right, *labelled)
        );
    }
    // What the reader does on the replies it is given: those matched to a
    // vendor (a reply no route ties to its vendor is routing's miss).
    let routed: Vec<&Read> = all.iter().filter(|r| !r.unrouted).collect();
    println!(
        "\nrecall on the {} replies matched to a vendor ({} of those labelled with one were not):",
        routed.len(),
        all.len() - routed.len()
    );
    for p in by_proposal.keys() {
        let labelled = routed.iter().filter(|r| r.want == *p).count();
        let right = routed
            .iter()
            .filter(|r| r.want == *p && r.got == *p)
            .count();
        println!(
            "  {p}: {right} of {labelled} ({})",
            percent(right, labelled)
        );
    }
    let mut by_language: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for r in &all {
        let entry = by_language.entry(&r.language).or_default();
        entry.0 += 1;
        entry.1 += usize::from(r.want == r.got);
    }
    println!("\n| language | replies | right | share |");
    println!("| --- | ---: | ---: | ---: |");
    for (language, (n, right)) in &by_language {
        println!("| {language} | {n} | {right} | {} |", percent(*right, *n));
    }
    let total_right = all.iter().filter(|r| r.want == r.got).count();
    println!(
        "| all | {} | {total_right} | {} |",
        all.len(),
        percent(total_right, all.len())
    );

    println!("\nmisread:");
    for r in all
        .iter()
        .filter(|r| r.want != r.got || r.detail.iter().any(|d| !d.starts_with("(withheld")))
    {
        println!(
            "  {}/{}: {} (label {}) {}",
            r.language,
            r.file,
            r.got,
            r.want,
            r.detail.join("; ")
        );
    }

    let wrong_end: Vec<String> = all
        .iter()
        .filter(|r| TERMINAL.contains(&r.got.as_str()) && r.got != r.want)
        .map(|r| format!("{}/{}: {} (label {})", r.language, r.file, r.got, r.want))
        .collect();
    assert!(
        wrong_end.is_empty(),
        "wrong end states proposed:\n{}",
        wrong_end.join("\n")
    );
    let low: Vec<String> = by_proposal
        .iter()
        .filter(|(_, (labelled, _, right))| *labelled > 0 && *right * 100 < *labelled * 95)
        .map(|(p, (labelled, _, right))| format!("{p}: {right} of {labelled}"))
        .collect();
    assert!(low.is_empty(), "recall under 95%:\n{}", low.join("\n"));
}

/// `LINGER_CORPUS_SHOW=lang/file.eml`: the sentences of one reply as the
/// reader sees them, and what each says (a look while tuning the table).
#[test]
fn show_one_reply_when_asked() {
    #[allow(clippy::disallowed_methods)]
    let Some(which) = std::env::var_os("LINGER_CORPUS_SHOW") else {
        return;
    };
    let path = root().join(which);
    let bytes = std::fs::read(&path).unwrap();
    let message = linger::mail::Message::parse(&bytes).unwrap();
    let own = message.own_words();
    let table = Lexicon::builtin();
    println!("own words:\n{own}\n---");
    for sentence in linger::inbox::text::sentences(&own) {
        println!("{:?} <- {sentence}", table.index.read(&sentence));
    }
    println!("language: {:?}", table.index.guess(&own));
}
