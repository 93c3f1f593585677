//! `linger inbox` as a user runs it, on a corpus of 61 replies written for
//! it (tests/data/replies/: ticket receipts from Zendesk, Freshdesk and a
//! Salesforce case mail; certificates, refusals, questions, out-of-office
//! replies, a newsletter, a spoofed confirmation; bounces from Postfix,
//! Exim, Exchange and Gmail and a delay notice; replies in ten languages
//! with their negation and tense traps). `expected.tsv` says what each must
//! give; every route is there, and so are the messages that match nothing.

mod common;

use common::text;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Output;

use sha2::{Digest, Sha256};

const TODAY: &str = "2026-11-30";

fn corpus() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/replies")
}

fn run(dir: &Path, args: &[&str]) -> Output {
    let files = mail_files();
    let args = args.iter().flat_map(|a| match *a {
        MAIL => files.clone(),
        a => vec![a.to_string()],
    });
    common::linger()
        .current_dir(dir)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

/// A copy of the corpus's inventory in a fresh directory.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        corpus().join("vendors.toml"),
        dir.path().join("vendors.toml"),
    )
    .unwrap();
    dir
}

/// The fixtures: the .eml files of tests/data/replies/ itself (its
/// sub-folders hold the labelled corpus, `tests/replies_corpus.rs`).
fn mail_files() -> Vec<String> {
    let mut files: Vec<String> = std::fs::read_dir(corpus())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|x| x == "eml"))
        .map(|p| p.display().to_string())
        .collect();
    files.sort();
    files
}

/// In `run`'s arguments: every fixture file, in its place.
const MAIL: &str = "@fixtures";

/// `inbox --format json` over the corpus, and the replies by file name
/// (each fixture's Message-ID is `<FILE@fixture.example>`).
fn replies(dir: &Path, more: &[&str]) -> (serde_json::Value, BTreeMap<String, serde_json::Value>) {
    let mut args = vec!["inbox", "--format", "json", "--mail", MAIL];
    args.extend(more);
    let out = run(dir, &args);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let by_file = report["replies"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            let id = r["message_id"].as_str().unwrap();
            let file = id.trim_matches(['<', '>']).split('@').next().unwrap();
            (file.to_string(), r.clone())
        })
        .collect();
    (report, by_file)
}

fn expected() -> Vec<[String; 4]> {
    std::fs::read_to_string(corpus().join("expected.tsv"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with("file\t"))
        .map(|l| {
            let f: Vec<&str> = l.split('\t').collect();
            [f[0], f[1], f[2], f[3]].map(String::from)
        })
        .collect()
}

#[test]
fn every_reply_in_the_corpus_gives_its_vendor_route_and_proposal() {
    let dir = workspace();
    let (report, got) = replies(dir.path(), &[]);
    let expected = expected();
    assert!(expected.len() >= 60, "{}", expected.len());
    assert_eq!(report["read"], expected.len() as u64);
    let unmatched = expected.iter().filter(|e| e[1] == "-").count();
    assert_eq!(report["unmatched"], unmatched as u64);
    let mut wrong = Vec::new();
    for [file, vendor, route, proposal] in &expected {
        match got.get(file) {
            None if vendor == "-" => {}
            None => wrong.push(format!("{file}: not matched")),
            Some(_) if vendor == "-" => {
                wrong.push(format!("{file}: matched, but answers no vendor"))
            }
            Some(r) => {
                let actual = [
                    r["vendor"].as_str().unwrap(),
                    r["matched_by"].as_str().unwrap(),
                    r["proposal"].as_str().unwrap_or("-"),
                ];
                if actual != [vendor.as_str(), route.as_str(), proposal.as_str()] {
                    wrong.push(format!(
                        "{file}: {actual:?}, want {vendor} {route} {proposal}; {r}"
                    ));
                }
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
    // Every route and every proposal is in the corpus.
    for route in ["token", "thread", "reference", "domain", "bounce"] {
        assert!(expected.iter().any(|e| e[2] == route), "{route}");
    }
    for proposal in [
        "bounced",
        "acknowledged",
        "extended",
        "question",
        "confirmed",
        "refused",
        "not-needed",
        "-",
    ] {
        assert!(expected.iter().any(|e| e[3] == proposal), "{proposal}");
    }
    // Ten languages, each with a confirmation.
    for language in ["en", "de", "nb", "fr", "es", "nl", "sv", "da", "it", "pt"] {
        assert!(
            expected
                .iter()
                .any(|e| e[0].starts_with(&format!("{language}-")) && e[3] == "confirmed"),
            "{language}"
        );
    }
}

#[test]
fn what_a_reply_names_comes_with_its_proposal() {
    let dir = workspace();
    let (_, got) = replies(dir.path(), &[]);
    assert_eq!(got["en-zendesk-receipt"]["reference"], "48213");
    assert_eq!(got["de-ack"]["reference"], "DS-2026-0412");
    assert_eq!(got["en-thread"]["reference"], "00448712");
    assert_eq!(got["en-extension-date"]["until"], "2026-12-15");
    // "will be deleted within 90 days" is a new deadline, never a deletion.
    assert_eq!(got["en-trap-future"]["until"], "2027-01-10");
    // Deleted, but for what the law makes them keep: a confirmation that
    // shows what is kept.
    assert_eq!(got["en-refusal"]["proposal"], "confirmed");
    assert_eq!(
        got["en-refusal"]["kept"].as_str().unwrap(),
        "However, we are required to retain invoices and payment records for seven years under applicable tax law."
    );
    assert_eq!(
        got["bounce-exchange"]["quote"],
        "could not be delivered to privacy@shutco.example"
    );
    // A forged confirmation is listed, untrusted, with nothing proposed.
    let spoofed = &got["en-spoofed-confirmation"];
    assert_eq!(spoofed["trusted"], false);
    assert!(spoofed["proposal"].is_null());
    assert!(
        spoofed["note"]
            .as_str()
            .unwrap()
            .contains("confirmed withheld"),
        "{spoofed}"
    );
    assert_eq!(got["en-certificate"]["trusted"], true);
    assert!(got["bounce-postfix"]["trusted"].is_null());
    assert_eq!(got["en-certificate"]["terminal"], true);
    assert_eq!(got["en-human-ack"]["terminal"], false);
    assert_eq!(got["en-certificate"]["date"], "2026-11-20");
}

#[test]
fn nothing_of_a_message_that_matched_no_vendor_is_shown() {
    let dir = workspace();
    for format in ["table", "json", "markdown"] {
        let out = run(dir.path(), &["inbox", "--mail", MAIL, "--format", format]);
        let all = format!("{}{}", text(&out.stdout), text(&out.stderr));
        for secret in [
            "smarter segments",
            "news@mailblast.example",
            "slowpoke",
            "Delayed Mail",
        ] {
            assert!(!all.contains(secret), "{format}: {secret} in {all}");
        }
    }
}

fn sha256(path: &Path) -> String {
    Sha256::digest(std::fs::read(path).unwrap())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn apply_records_what_needs_no_yes_keeps_the_evidence_and_records_nothing_twice() {
    let dir = workspace();
    let inventory = dir.path().join("vendors.toml");
    let before = std::fs::read(&inventory).unwrap();

    // Without --apply, and with --dry-run, nothing changes.
    let out = run(dir.path(), &["inbox", "--mail", MAIL]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(text(&out.stderr).contains("Nothing was recorded"));
    let out = run(
        dir.path(),
        &["inbox", "--mail", MAIL, "--apply", "--dry-run"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    assert!(
        text(&out.stdout).contains("+kind = \"acknowledged\""),
        "{}",
        text(&out.stdout)
    );
    assert_eq!(std::fs::read(&inventory).unwrap(), before);
    assert!(!dir.path().join("evidence").exists());

    let (_, got) = replies(dir.path(), &["--apply"]);
    let applied: Vec<&String> = got.keys().filter(|f| got[*f]["applied"] == true).collect();
    for (file, reply) in &got {
        let proposal = reply["proposal"].as_str();
        // One acknowledgement a request: a second is listed, not recorded.
        let second = reply["note"]
            .as_str()
            .is_some_and(|n| n.contains("already acknowledged"));
        let wanted = !second
            && matches!(
                proposal,
                Some("acknowledged" | "extended" | "question" | "bounced")
            );
        assert_eq!(reply["applied"] == true, wanted, "{file}: {reply}");
    }
    assert!(applied.len() > 20, "{applied:?}");
    let after = std::fs::read_to_string(&inventory).unwrap();
    // Each recorded event keeps the message, byte for byte, with its hash.
    let kept = dir.path().join("evidence/gonecorp/2026-10-01-bounced.eml");
    assert_eq!(
        std::fs::read(&kept).unwrap(),
        std::fs::read(corpus().join("bounce-postfix.eml")).unwrap()
    );
    assert!(
        after.contains(&format!("evidence_sha256 = \"{}\"", sha256(&kept))),
        "{after}"
    );
    assert!(
        after.contains("note = \"question: Before we can process your request"),
        "{after}"
    );
    assert!(
        !after.contains("kind = \"confirmed\""),
        "an end state without --accept:\n{after}"
    );

    // The file loads, and check sees the bounce and the open questions.
    let out = run(dir.path(), &["check", "--format", "json"]);
    let findings = text(&out.stdout);
    assert!(findings.contains("contact-bounced"), "{findings}");
    assert!(findings.contains("vendor-asked"), "{findings}");
    assert!(!findings.contains("evidence-changed"), "{findings}");

    // A second run records nothing new.
    let (_, again) = replies(dir.path(), &["--apply"]);
    assert!(again.values().all(|r| r["applied"] == false));
    assert_eq!(std::fs::read_to_string(&inventory).unwrap(), after);

    // A person read MailBlast's certificate: --accept records it, and only it.
    let (_, accepted) = replies(dir.path(), &["--apply", "--accept", "mailblast"]);
    let recorded: Vec<&String> = accepted
        .keys()
        .filter(|f| accepted[*f]["applied"] == true)
        .collect();
    assert_eq!(recorded, ["en-certificate"]);
    let done = std::fs::read_to_string(&inventory).unwrap();
    assert_eq!(done.matches("kind = \"confirmed\"").count(), 1);
    assert!(done.contains("message_id = \"<en-certificate@fixture.example>\""));
    // The spoofed confirmation that came a day later is not recorded.
    assert!(!done.contains("en-spoofed-confirmation"));

    // One byte of the evidence changes: check says so.
    let evidence = dir
        .path()
        .join("evidence/mailblast/2026-11-20-confirmed.eml");
    let mut bytes = std::fs::read(&evidence).unwrap();
    bytes[10] ^= 0x20;
    std::fs::write(&evidence, bytes).unwrap();
    let out = run(dir.path(), &["check", "--format", "json"]);
    assert!(text(&out.stdout).contains("evidence-changed"));
}

#[test]
fn an_unknown_vendor_in_accept_or_a_broken_phrase_table_is_an_error_that_changes_nothing() {
    let dir = workspace();
    let inventory = dir.path().join("vendors.toml");
    let before = std::fs::read(&inventory).unwrap();
    let out = run(
        dir.path(),
        &["inbox", "--mail", MAIL, "--apply", "--accept", "mailblst"],
    );
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("mailblast"),
        "{}",
        text(&out.stderr)
    );
    std::fs::write(
        dir.path().join("inbox.toml"),
        "[[rule]]\nproposal = \"gone\"\n",
    )
    .unwrap();
    let out = run(dir.path(), &["inbox", "--mail", MAIL, "--apply"]);
    assert_ne!(out.status.code(), Some(0));
    assert!(
        text(&out.stderr).contains("inbox.toml"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(std::fs::read(&inventory).unwrap(), before);
    assert!(!dir.path().join("evidence").exists());
}

#[test]
fn imap_without_an_imap_table_says_what_to_add() {
    let dir = workspace();
    let out = run(dir.path(), &["inbox", "--imap"]);
    assert_ne!(out.status.code(), Some(0));
    let said = text(&out.stderr);
    assert!(said.contains("has no [imap] table"), "{said}");
    assert!(said.contains("--mail PATH"), "{said}");
    // --since and --full read the server: without --imap they are refused.
    let out = run(dir.path(), &["inbox", "--mail", "x.eml", "--full"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
}

#[test]
fn a_users_phrases_extend_the_table() {
    let dir = workspace();
    // "All gone." says nothing to the built-in table.
    std::fs::write(
        dir.path().join("reply.eml"),
        "From: privacy@trackly.example\r\nTo: privacy@northwind.example\r\nSubject: Re: Deletion request [ref:trackly]\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <gone@trackly.example>\r\n\r\nAll gone for good.\r\n",
    )
    .unwrap();
    let proposal = |dir: &Path| {
        let out = run(dir, &["inbox", "--mail", "reply.eml", "--format", "json"]);
        let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
        report["replies"][0]["proposal"].clone()
    };
    assert!(proposal(dir.path()).is_null());
    std::fs::write(
        dir.path().join("inbox.toml"),
        "[[rule]]\nproposal = \"confirmed\"\nlanguage = \"en\"\nphrases = [\"all gone for good\"]\n",
    )
    .unwrap();
    assert_eq!(proposal(dir.path()), "confirmed");
}

/// One reply from trackly, its body `body`, as `inbox --format json` reads it.
fn trackly_says(dir: &Path, name: &str, body: &str) -> serde_json::Value {
    std::fs::write(
        dir.join(name),
        format!(
            "From: privacy@trackly.example\r\nTo: privacy@northwind.example\r\nSubject: Re: Deletion request [ref:trackly]\r\nDate: Fri, 27 Nov 2026 10:00:00 +0000\r\nMessage-ID: <{name}@trackly.example>\r\n\r\n{body}\r\n"
        ),
    )
    .unwrap();
    let out = run(dir, &["inbox", "--mail", name, "--format", "json"]);
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["replies"][0].clone()
}

#[test]
fn redirects_changed_contacts_portal_notices_and_unread_languages() {
    let dir = workspace();
    let reply = trackly_says(
        dir.path(),
        "redirect.eml",
        "Hello,\r\n\r\nRequests sent by e-mail cannot be handled. Please use our web form at\r\nhttps://privacy.trackly.example/requests.\r\n\r\nTrackly Privacy",
    );
    assert_eq!(reply["proposal"], "question", "{reply}");
    assert_eq!(
        reply["url"], "https://privacy.trackly.example/requests",
        "{reply}"
    );
    let reply = trackly_says(
        dir.path(),
        "moved.eml",
        "This address is no longer monitored. Please write to dpo@trackly-group.example instead.",
    );
    assert_eq!(reply["proposal"], "contact-changed", "{reply}");
    assert_eq!(reply["new_address"], "dpo@trackly-group.example", "{reply}");
    assert_eq!(reply["terminal"], false, "{reply}");
    let reply = trackly_says(
        dir.path(),
        "notice.eml",
        "Request ID: DSAR-1234\r\nType: Erasure\r\nStatus: Closed - fulfilled\r\n",
    );
    assert_eq!(reply["proposal"], "confirmed", "{reply}");
    assert_eq!(reply["needs_accept"], true, "{reply}");
    let reply = trackly_says(
        dir.path(),
        "progress.eml",
        "Request ID: DSAR-1234\r\nType: Erasure\r\nStatus: In progress\r\n",
    );
    assert_eq!(reply["proposal"], "acknowledged", "{reply}");
    // Finnish: "we have deleted your data" — in a language the tables do
    // not read, nothing is proposed, and the note names the language.
    let reply = trackly_says(
        dir.path(),
        "finnish.eml",
        "Kiitos viestistäsi. Olemme poistaneet tietosi ja pyyntösi on käsitelty mahdollisimman pian. Ystävällisin terveisin",
    );
    assert!(reply["proposal"].is_null(), "{reply}");
    assert_eq!(reply["language"], "fi", "{reply}");
    assert!(
        reply["note"].as_str().unwrap().contains("Finnish (fi)"),
        "{reply}"
    );
    // A date before the reply is shown, never applied.
    let reply = trackly_says(
        dir.path(),
        "past.eml",
        "We need more time: the deletion will be finished by 3 March 2025.",
    );
    assert_ne!(reply["proposal"], "extended", "{reply}");
    assert!(reply["until"].is_null(), "{reply}");
    assert!(
        reply["note"]
            .as_str()
            .unwrap()
            .contains("2025-03-03, in the past"),
        "{reply}"
    );
}

#[test]
fn letters_carry_the_reference_and_with_reply_tag_a_plus_address() {
    let dir = workspace();
    // The corpus asks for plus addresses: without `reply_tag` first.
    let inventory = dir.path().join("vendors.toml");
    let with_tag = std::fs::read_to_string(&inventory).unwrap();
    assert!(with_tag.contains("\nreply_tag = true\n"));
    std::fs::write(&inventory, with_tag.replace("\nreply_tag = true\n", "\n")).unwrap();
    let out = run(
        dir.path(),
        &["letter", "oldcrm", "--kind", "follow-up", "--format", "eml"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let eml = text(&out.stdout);
    assert!(eml.contains("[ref:oldcrm]"), "{eml}");
    assert!(!eml.contains("Reply-To:"), "{eml}");
    std::fs::write(&inventory, with_tag).unwrap();
    let out = run(
        dir.path(),
        &["letter", "oldcrm", "--kind", "follow-up", "--format", "eml"],
    );
    let eml = text(&out.stdout);
    assert!(
        eml.contains("Reply-To: \"Northwind Analytics AS\" <privacy+oldcrm@northwind.example>")
            || eml.contains("Reply-To: Northwind Analytics AS <privacy+oldcrm@northwind.example>"),
        "{eml}"
    );
}

mod hostile {
    use linger::inbox::rules::Lexicon as Table;
    use linger::inbox::{Head, bounce, text};
    use proptest::prelude::*;

    fn table() -> &'static Table {
        static TABLE: std::sync::OnceLock<Table> = std::sync::OnceLock::new();
        TABLE.get_or_init(Table::builtin)
    }

    fn inventory() -> &'static linger::inventory::Inventory {
        static INVENTORY: std::sync::OnceLock<linger::inventory::Inventory> =
            std::sync::OnceLock::new();
        INVENTORY.get_or_init(|| {
            let text = "schema = 1\n\n[organization]\nname = \"Northwind\"\n\
                email = \"privacy@northwind.example\"\n\n[[vendor]]\nid = \"oldcrm\"\n\
                name = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\n\
                privacy_email = \"privacy@oldcrm.example\"\nretired_on = 2026-09-01\n\
                data = [\"contact.email\"]\n\n[[vendor.event]]\non = 2026-09-02\nkind = \"requested\"\n";
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
            linger::inventory::parse(text, today).unwrap()
        })
    }

    /// Not vacuous: the reply the fuzzing wraps does reach the vendor.
    #[test]
    fn the_wrapped_reply_reaches_its_vendor() {
        let reply = "From: privacy@oldcrm.example\r\nTo: privacy@northwind.example\r\n\
            Subject: Re: Deletion request\r\nMessage-ID: <1@oldcrm.example>\r\n\r\n\
            We have received your request.";
        let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
        let read = linger::inbox::read::reply_of(reply.as_bytes(), inventory(), table(), today);
        assert_eq!(read.map(|r| r.vendor), Some("oldcrm".to_string()));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        /// Whatever the bytes, reading a message never panics.
        #[test]
        fn any_bytes_are_read_without_a_panic(raw in proptest::collection::vec(any::<u8>(), 0..2048)) {
            let _ = Head::parse(&raw, table());
            let _ = bounce::read(&raw, "mailer-daemon@x.example", "Undeliverable", "multipart/report; report-type=delivery-status");
        }

        /// Whatever the bytes, the whole reading `inbox` does of each
        /// message (one parse, the route to a vendor, trust, bounce, the
        /// proposal) never panics: around a real vendor's reply, and alone.
        #[test]
        fn any_message_is_read_whole_without_a_panic(
            raw in proptest::collection::vec(any::<u8>(), 0..2048),
            body in "\\PC{0,300}",
        ) {
            let today = chrono::NaiveDate::from_ymd_opt(2026, 11, 28).unwrap();
            let _ = linger::inbox::read::reply_of(&raw, inventory(), table(), today);
            let reply = format!(
                "From: privacy@oldcrm.example\r\nTo: privacy@northwind.example\r\n\
                 Subject: Re: Deletion request\r\nMessage-ID: <1@oldcrm.example>\r\n\r\n{body}"
            );
            let mut bytes = reply.into_bytes();
            bytes.extend_from_slice(&raw);
            let _ = linger::inbox::read::reply_of(&bytes, inventory(), table(), today);
        }

        /// Whatever a reply's text, its words, sentences, dates and ticket
        /// numbers are read without a panic, on any character boundary.
        #[test]
        fn any_text_is_read_without_a_panic(body in "\\PC{0,400}", header in "[A-Za-z-]{1,20}: \\PC{0,80}") {
            let own = text::own_words(&body);
            let sentences = text::sentences(&own);
            let from = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap();
            for s in &sentences {
                let _ = text::deadline(s, from, &table().calendar);
            }
            let _ = linger::inbox::reference::find(&body, &table().references.after);
            let _ = table().classify(&sentences);
            let raw = format!("From: a@b.example\r\n{header}\r\nSubject: {body}\r\n\r\n{body}");
            let _ = Head::parse(raw.as_bytes(), table());
        }
    }
}

// Trust (issue 28): tests/data/inbox-trust/ holds forged and genuine
// replies for an inventory whose vendors are all overdue. Each test runs
// `inbox --apply` on some of them and reads vendors.toml afterwards.

fn trusting() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/inbox-trust")
}

/// A copy of the trust fixtures' inventory in a fresh directory.
fn trust_workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(
        trusting().join("vendors.toml"),
        dir.path().join("vendors.toml"),
    )
    .unwrap();
    dir
}

/// `inbox --mail FILES... --format json` and more, in `dir`: the run and
/// its report.
fn inbox_json(dir: &Path, files: &[&str], more: &[&str]) -> (Output, serde_json::Value) {
    let paths: Vec<String> = files
        .iter()
        .map(|f| trusting().join(f).display().to_string())
        .collect();
    let mut args = vec!["inbox", "--format", "json", "--mail"];
    args.extend(paths.iter().map(String::as_str));
    args.extend(more);
    let out = run(dir, &args);
    let report = serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
    (out, report)
}

/// `check --format json`'s finding codes for one vendor.
fn findings(dir: &Path, vendor: &str) -> Vec<String> {
    let out = run(dir, &["check", "--format", "json"]);
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["findings"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|f| f["vendor"] == vendor)
        .map(|f| f["code"].as_str().unwrap().to_string())
        .collect()
}

#[test]
fn a_forged_or_strangers_reply_is_shown_and_never_recorded_whatever_it_proposes() {
    let cases: &[(&str, &[&str], &str)] = &[
        // DMARC failed: "by 31 December 9999" for oldcrm.
        ("forged-extension.eml", &[], "oldcrm"),
        // DMARC failed for our own domain: a bounce for ledgerly.
        ("forged-bounce.eml", &[], "ledgerly"),
        // evil.example says ledgerly deleted, and a person said yes to
        // ledgerly.
        ("evil-deleted.eml", &["--accept", "ledgerly"], "ledgerly"),
        // A stranger names our letter to oldcrm in In-Reply-To.
        ("thread-stranger.eml", &[], "oldcrm"),
        // A stranger writes to privacy+vaultbox@ (no reply_tag).
        ("stranger-plus.eml", &[], "vaultbox"),
        // A person's gmail.com address, our relay's domain, returns our
        // letter: only the relay's mail system speaks for it.
        ("bounce-gmail-user.eml", &[], "oldcrm"),
    ];
    for (file, more, vendor) in cases {
        let dir = trust_workspace();
        let inventory = dir.path().join("vendors.toml");
        let before = std::fs::read_to_string(&inventory).unwrap();
        let mut args = vec!["--apply"];
        args.extend(*more);
        let (out, report) = inbox_json(dir.path(), &[file], &args);
        common::assert_success(&out);
        // Each is read as an answer to its vendor (but the plus address,
        // which is nobody's without reply_tag).
        let answered = report["replies"].as_array().unwrap().len();
        assert_eq!(
            answered,
            usize::from(*file != "stranger-plus.eml"),
            "{file}: {report}"
        );
        assert_eq!(
            std::fs::read_to_string(&inventory).unwrap(),
            before,
            "{file} changed vendors.toml: {report}"
        );
        assert!(!dir.path().join("evidence").exists(), "{file}");
        for reply in report["replies"].as_array().unwrap() {
            assert_eq!(reply["trusted"], false, "{file}: {reply}");
            assert!(reply["proposal"].is_null(), "{file}: {reply}");
            assert!(reply["until"].is_null(), "{file}: {reply}");
            assert_eq!(reply["applied"], false, "{file}: {reply}");
            assert!(
                reply["note"].as_str().unwrap().contains("withheld"),
                "{file}: {reply}"
            );
        }
        // The deadline still runs, and is still overdue.
        let codes = findings(dir.path(), vendor);
        assert!(
            codes.contains(&"response-overdue".to_string()),
            "{file}: {codes:?}"
        );
        assert!(
            !codes.contains(&"contact-bounced".to_string()),
            "{file}: {codes:?}"
        );
    }

    // With plus addresses on, the tag routes the stranger's mail to
    // vaultbox, and it is still not trusted: the tag is no signature.
    let dir = trust_workspace();
    let inventory = dir.path().join("vendors.toml");
    let text = std::fs::read_to_string(&inventory)
        .unwrap()
        .replace("law = \"gdpr\"", "law = \"gdpr\"\nreply_tag = true");
    std::fs::write(&inventory, &text).unwrap();
    let (out, report) = inbox_json(dir.path(), &["stranger-plus.eml"], &["--apply"]);
    common::assert_success(&out);
    let reply = &report["replies"][0];
    assert_eq!(reply["matched_by"], "token", "{report}");
    assert_eq!(reply["trusted"], false, "{reply}");
    assert!(
        reply["note"].as_str().unwrap().contains("evil.example"),
        "{reply}"
    );
    assert_eq!(std::fs::read_to_string(&inventory).unwrap(), text);
}

#[test]
fn the_vendors_side_and_our_own_bounces_are_recorded() {
    let dir = trust_workspace();
    let inventory = dir.path().join("vendors.toml");
    let (out, report) = inbox_json(
        dir.path(),
        &[
            "outsourced-dpo.eml",
            "bounce-ours.eml",
            "bounce-gmail-relay.eml",
            "bounce-no-letter.eml",
        ],
        &["--apply"],
    );
    common::assert_success(&out);
    let by_vendor = |vendor: &str| {
        report["replies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["vendor"] == vendor)
            .unwrap_or_else(|| panic!("{vendor}: {report}"))
            .clone()
    };
    // The DPO the letter was sent to answers in its thread, from its own
    // domain.
    assert_eq!(by_vendor("outsourced")["applied"], true, "{report}");
    // Our Postfix's report, and Gmail's for our Workspace relay, each
    // returning the recorded letter.
    assert_eq!(by_vendor("gonecorp")["applied"], true, "{report}");
    assert_eq!(by_vendor("oldcrm")["applied"], true, "{report}");
    // Our server's report of a letter that is no vendor's: shown only.
    let stray = by_vendor("ledgerly");
    assert_eq!(stray["applied"], false, "{stray}");
    assert_eq!(stray["trusted"], false, "{stray}");
    let after = std::fs::read_to_string(&inventory).unwrap();
    assert_eq!(after.matches("kind = \"bounced\"").count(), 2, "{after}");
    assert!(
        after.contains("<outsourced-dpo@privacyfirm.example>"),
        "{after}"
    );
    assert!(findings(dir.path(), "gonecorp").contains(&"contact-bounced".to_string()));
    assert!(!findings(dir.path(), "ledgerly").contains(&"contact-bounced".to_string()));
}

#[test]
fn a_long_or_third_extension_waits_for_a_yes_to_that_reply() {
    let dir = trust_workspace();
    let inventory = dir.path().join("vendors.toml");
    let before = std::fs::read_to_string(&inventory).unwrap();
    let files = ["ledgerly-long-extension.eml", "slowpay-third-extension.eml"];
    let (out, report) = inbox_json(dir.path(), &files, &["--apply"]);
    common::assert_success(&out);
    assert_eq!(
        std::fs::read_to_string(&inventory).unwrap(),
        before,
        "{report}"
    );
    let replies = report["replies"].as_array().unwrap();
    assert_eq!(replies.len(), 2, "{report}");
    // A date more than a year after the reply is shown, never applied.
    let long = replies.iter().find(|r| r["vendor"] == "ledgerly").unwrap();
    assert_eq!(long["proposal"], "acknowledged", "{long}");
    assert!(long["until"].is_null(), "{long}");
    assert!(
        long["note"]
            .as_str()
            .unwrap()
            .contains("2099-12-31, more than a year ahead: shown, not applied"),
        "{long}"
    );
    let third = replies.iter().find(|r| r["vendor"] == "slowpay").unwrap();
    assert_eq!(third["proposal"], "extended", "{third}");
    assert_eq!(third["needs_accept"], true, "{third}");
    let tag = third["accept"].as_str().unwrap().to_string();
    assert!(
        third["note"]
            .as_str()
            .unwrap()
            .contains(&format!("--accept {tag}")),
        "{third}"
    );
    // A yes to the long one records no date it never proposed.
    let long_tag = long["accept"].as_str().unwrap().to_string();
    let (out, report) = inbox_json(dir.path(), &files, &["--apply", "--accept", &long_tag]);
    common::assert_success(&out);
    let after = std::fs::read_to_string(&inventory).unwrap();
    assert!(!after.contains("until = 2099-12-31"), "{report}");
    assert!(!after.contains("until = 2027-01-15"), "{after}");
    // A Message-ID names a reply as well.
    let (out, _) = inbox_json(
        dir.path(),
        &files,
        &["--apply", "--accept", "<third-extension@slowpay.example>"],
    );
    common::assert_success(&out);
    assert!(
        std::fs::read_to_string(&inventory)
            .unwrap()
            .contains("until = 2027-01-15")
    );
}

#[test]
fn accept_takes_a_reply_and_a_vendor_with_several_waiting_asks_which() {
    let dir = trust_workspace();
    let inventory = dir.path().join("vendors.toml");
    let before = std::fs::read_to_string(&inventory).unwrap();
    let files = [
        "ledgerly-confirmed.eml",
        "ledgerly-refused.eml",
        "evil-deleted.eml",
    ];
    // The table names each reply's sender domain, and the tag to accept.
    let paths: Vec<String> = files
        .iter()
        .map(|f| trusting().join(f).display().to_string())
        .collect();
    let mut args = vec!["inbox", "--mail"];
    args.extend(paths.iter().map(String::as_str));
    let out = run(dir.path(), &args);
    common::assert_success(&out);
    let table = text(&out.stdout);
    assert!(table.contains("FROM"), "{table}");
    assert!(table.contains("evil.example"), "{table}");
    assert!(table.contains("ledgerly.example"), "{table}");

    // Two replies wait for a yes: the vendor's id alone is refused, and
    // nothing is recorded.
    let (out, report) = inbox_json(dir.path(), &files, &["--apply", "--accept", "ledgerly"]);
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    let said = text(&out.stderr);
    assert!(said.contains("which one"), "{said}");
    assert_eq!(
        std::fs::read_to_string(&inventory).unwrap(),
        before,
        "{report}"
    );

    let (_, listed) = inbox_json(dir.path(), &files, &[]);
    let tag_of = |file: &str| {
        listed["replies"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["message_id"] == format!("<{file}@ledgerly.example>"))
            .unwrap()["accept"]
            .as_str()
            .unwrap()
            .to_string()
    };
    let confirmed = tag_of("ledgerly-confirmed");
    assert!(said.contains(&confirmed), "{said}");
    assert!(said.contains(&tag_of("ledgerly-refused")), "{said}");

    // A tag that names no reply is refused too.
    let (out, _) = inbox_json(
        dir.path(),
        &files,
        &["--apply", "--accept", "ledgerly:000000"],
    );
    assert_eq!(out.status.code(), Some(2), "{}", text(&out.stderr));
    assert_eq!(std::fs::read_to_string(&inventory).unwrap(), before);

    // The one the person read is recorded, and only it: not the refusal,
    // not evil.example's "deleted".
    let (out, report) = inbox_json(dir.path(), &files, &["--apply", "--accept", &confirmed]);
    common::assert_success(&out);
    let after = std::fs::read_to_string(&inventory).unwrap();
    assert_eq!(after.matches("kind = \"confirmed\"").count(), 1, "{report}");
    assert!(
        after.contains("<ledgerly-confirmed@ledgerly.example>"),
        "{after}"
    );
    assert!(!after.contains("kind = \"refused\""), "{after}");
    assert!(!after.contains("evil-deleted"), "{after}");
}

/// A vaultbox receipt with this `Message-ID` header value.
fn receipt(n: usize, message_id: &str) -> Vec<u8> {
    format!(
        "From: VaultBox Privacy <privacy@vaultbox.example>\r\nTo: privacy@northwind.example\r\nSubject: Re: Deletion request: Northwind Analytics AS [ref:vaultbox]\r\nDate: Mon, {:02} Nov 2026 10:00:00 +0000\r\nMessage-ID: {message_id}\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nWe have received your request.\r\n",
        n + 2
    )
    .into_bytes()
}

#[test]
fn an_odd_message_id_is_skipped_with_a_warning_and_the_rest_recorded() {
    let dir = trust_workspace();
    let mail = dir.path().join("mail");
    std::fs::create_dir(&mail).unwrap();
    let odd = [
        "<a b@vaultbox.example>",
        "<a\u{1}b@vaultbox.example>",
        "<no-at-sign.vaultbox.example>",
        "<réponse@vaultbox.example>",
    ];
    for (n, id) in odd.iter().enumerate() {
        std::fs::write(mail.join(format!("odd-{n}.eml")), receipt(n, id)).unwrap();
    }
    std::fs::write(
        mail.join("fine.eml"),
        receipt(20, "<fine@vaultbox.example>"),
    )
    .unwrap();
    let mail = mail.display().to_string();
    let inventory = dir.path().join("vendors.toml");
    for round in 0..2 {
        let out = run(dir.path(), &["inbox", "--mail", &mail, "--apply"]);
        common::assert_success(&out);
        let said = text(&out.stderr);
        // Each odd one is named (by its date) in a warning.
        for n in 0..odd.len() {
            assert!(
                said.contains(&format!("of 2026-11-{:02}", n + 2)),
                "round {round}: {said}"
            );
        }
        assert!(said.contains("holds a space"), "{said}");
        assert!(said.contains("has no `@`"), "{said}");
        assert!(said.contains("not ASCII"), "{said}");
        assert!(said.contains("control character"), "{said}");
    }
    let after = std::fs::read_to_string(&inventory).unwrap();
    assert_eq!(after.matches("message_id = \"<fine@").count(), 1, "{after}");
    assert_eq!(
        after.matches("kind = \"acknowledged\"").count(),
        1,
        "{after}"
    );
    let out = run(dir.path(), &["check"]);
    assert!(
        out.status.code().is_some_and(|c| c <= 1),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_message_id_longer_than_a_mail_line_is_never_stored() {
    let dir = trust_workspace();
    let mail = dir.path().join("mail");
    std::fs::create_dir(&mail).unwrap();
    for n in 0..5 {
        let id = format!("<{n}{}@vaultbox.example>", "x".repeat(900_000));
        std::fs::write(mail.join(format!("huge-{n}.eml")), receipt(n, &id)).unwrap();
    }
    // Exactly at the limit is kept.
    let fits = format!("<{}@vaultbox.example>", "y".repeat(998 - 19));
    assert_eq!(fits.len(), 998);
    std::fs::write(mail.join("fits.eml"), receipt(20, &fits)).unwrap();
    let inventory = dir.path().join("vendors.toml");
    let before = std::fs::metadata(&inventory).unwrap().len();
    let out = run(
        dir.path(),
        &["inbox", "--mail", &mail.display().to_string(), "--apply"],
    );
    common::assert_success(&out);
    let said = text(&out.stderr);
    assert_eq!(said.matches("more than the 998").count(), 5, "{said}");
    assert!(
        said.len() < 10_000,
        "the warnings repeat the ids: {} bytes",
        said.len()
    );
    let after = std::fs::read_to_string(&inventory).unwrap();
    assert!(
        after.len() as u64 - before < 2_000,
        "{} bytes more",
        after.len() as u64 - before
    );
    assert!(after.contains(&fits), "{after}");
}
