//! What `inbox --apply` records beyond the newest reply (issue 31): an
//! older reply recorded at its own date, between the events already
//! there, with the rest of the file byte for byte; a ticket system's
//! reference recorded and then routing the ticket's later mail; and a
//! contact change, once in the inventory, used by `send`; and the text of
//! attached certificates.

mod common;

use std::path::Path;
use std::process::Output;

use base64::Engine;
use common::text;
use sha2::{Digest, Sha256};

const TODAY: &str = "2026-11-30";

const INVENTORY: &str = "schema = 1\n\n[organization]\nname = \"Northwind\"\nemail = \"privacy@northwind.example\"\nlaw = \"gdpr\"\n\n\
[[vendor]]\nid       = \"oldcrm\"\nname     = \"OldCRM\"\nwebsite  = \"https://oldcrm.example\"\n\
privacy_email = \"privacy@oldcrm.example\"   # from its policy\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n\
# The request, sent by linger.\n[[vendor.event]]\non   = 2026-10-01\nkind = \"requested\"\nmessage_id = \"<req-1@northwind.example>\"\n\n\
# A reminder, by hand: no answer by then (we thought).\n[[vendor.event]]\non   = 2026-11-20   # late\nkind = \"reminded\"\n";

/// A receipt dated before the reminder, that the reminder crossed.
const OLD_RECEIPT: &str = "From: OldCRM Privacy <privacy@oldcrm.example>\r\nTo: privacy@northwind.example\r\n\
Subject: Re: Deletion request [ref:oldcrm]\r\nDate: Mon, 2 Nov 2026 10:00:00 +0000\r\n\
Message-ID: <ack-1@oldcrm.example>\r\nIn-Reply-To: <req-1@northwind.example>\r\n\r\n\
Thank you, we have received your request.\r\nIt is tracked as DPO-1177 in our service desk.\r\n";

/// The same ticket's update: no tag of ours, no thread, no `Re:`.
const UPDATE: &str = "From: privacy@oldcrm.example\r\nTo: privacy@northwind.example\r\n\
Subject: [DPO-1177] Status changed\r\nDate: Tue, 24 Nov 2026 09:00:00 +0000\r\n\
Message-ID: <upd-1@oldcrm.example>\r\n\r\nThe status of your request changed to: In Progress.\r\n";

fn run(dir: &Path, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

fn json(out: &Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    serde_json::from_slice(&out.stdout).unwrap()
}

#[test]
fn an_older_reply_is_recorded_at_its_date_and_its_ticket_routes_the_next_mail() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, INVENTORY).unwrap();
    std::fs::write(dir.path().join("old.eml"), OLD_RECEIPT).unwrap();

    // A look first: the reply is proposed, its reference read, nothing
    // written.
    let look = json(&run(
        dir.path(),
        &["inbox", "--mail", "old.eml", "--format", "json"],
    ));
    let reply = &look["replies"][0];
    assert_eq!(reply["proposal"], "acknowledged", "{reply}");
    assert_eq!(reply["reference"], "DPO-1177", "{reply}");
    assert!(reply["note"].is_null(), "{reply}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), INVENTORY);

    let applied = json(&run(
        dir.path(),
        &["inbox", "--mail", "old.eml", "--apply", "--format", "json"],
    ));
    assert_eq!(applied["replies"][0]["applied"], true, "{applied}");
    let after = std::fs::read_to_string(&path).unwrap();
    // The new event sits between the request and the reminder, before
    // the reminder's comment; every byte of the file before is still
    // there, in order.
    let date = after.find("= 2026-11-02").expect(&after);
    let at = after[..date].rfind("\n[[vendor.event]]").unwrap();
    let added = after.len() - INVENTORY.len();
    assert_eq!(
        format!("{}{}", &after[..at], &after[at + added..]),
        INVENTORY
    );
    let event = &after[at..at + added];
    // Laid out like its neighbours (aligned `=`).
    for line in [
        "kind            = \"acknowledged\"",
        "reference       = \"DPO-1177\"",
        "message_id      = \"<ack-1@oldcrm.example>\"",
    ] {
        assert!(event.contains(line), "{event}");
    }
    // The message is kept as evidence, with its hash.
    let evidence = event
        .lines()
        .find_map(|l| l.strip_prefix("evidence        = \""))
        .map(|l| l.trim_end_matches('"'))
        .expect(event);
    let kept = std::fs::read(dir.path().join(evidence)).unwrap();
    assert_eq!(kept, OLD_RECEIPT.as_bytes());
    let hash = format!("{:x}", Sha256::digest(&kept));
    assert!(event.contains(&hash), "{event}");

    // A second run records nothing more.
    let again = json(&run(
        dir.path(),
        &["inbox", "--mail", "old.eml", "--apply", "--format", "json"],
    ));
    assert_eq!(again["replies"][0]["note"], "recorded before", "{again}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), after);

    // The ticket's later mail carries only its number: it is tied to the
    // vendor by the reference recorded above.
    std::fs::write(dir.path().join("update.eml"), UPDATE).unwrap();
    let update = json(&run(
        dir.path(),
        &["inbox", "--mail", "update.eml", "--format", "json"],
    ));
    let reply = &update["replies"][0];
    assert_eq!(reply["vendor"], "oldcrm", "{update}");
    assert_eq!(reply["matched_by"], "reference", "{update}");
    // Before the reference was recorded, it answered no vendor.
    let fresh = tempfile::tempdir().unwrap();
    std::fs::write(fresh.path().join("vendors.toml"), INVENTORY).unwrap();
    std::fs::write(fresh.path().join("update.eml"), UPDATE).unwrap();
    let unmatched = json(&run(
        fresh.path(),
        &["inbox", "--mail", "update.eml", "--format", "json"],
    ));
    assert_eq!(unmatched["unmatched"], 1, "{unmatched}");
}

#[test]
fn mark_records_an_older_event_where_its_date_belongs() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    std::fs::write(&path, INVENTORY).unwrap();
    let out = run(
        dir.path(),
        &[
            "mark",
            "oldcrm",
            "acknowledged",
            "--on",
            "2026-11-05",
            "--reference",
            "CS0012345",
        ],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let after = std::fs::read_to_string(&path).unwrap();
    let date = after.find("= 2026-11-05").expect(&after);
    let at = after[..date].rfind("\n[[vendor.event]]").unwrap();
    let added = after.len() - INVENTORY.len();
    assert_eq!(
        format!("{}{}", &after[..at], &after[at + added..]),
        INVENTORY
    );
    assert!(
        after[at + added..].starts_with("\n# A reminder, by hand"),
        "{after}"
    );
}

#[test]
fn after_a_contact_change_send_writes_to_the_new_address() {
    use common::smtp::{Options, Server};
    use linger::inventory::edit::{Change, apply};
    let server = Server::start(Options::default());
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("vendors.toml");
    let example = common::example_with_every_authority().replace(
        "[policy]",
        &format!(
            "[smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\n[policy]",
            server.port
        ),
    );
    // The change `inbox --apply --accept` makes for a contact-changed
    // reply (planned in `inbox::record`, tested there).
    let today = common::date("2026-11-28");
    let inventory = linger::inventory::parse(&example, today).unwrap();
    let change = Change::SetPrivacyEmail {
        id: "oldcrm".into(),
        address: "dpo@oldcrm.example".into(),
    };
    let edited = apply(&example, &inventory, &change, today).unwrap();
    std::fs::write(&path, &edited.text).unwrap();
    let out = common::linger()
        .current_dir(dir.path())
        .env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("LINGER_SMTP_PASSWORD", "unused")
        .env("LINGER_TODAY", "2026-11-28")
        .args(["send", "oldcrm"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let received = server.received();
    assert_eq!(received.len(), 1);
    assert_eq!(received[0].to[0], "dpo@oldcrm.example");
    assert!(!received[0].to.iter().any(|t| t == "privacy@oldcrm.example"));
}

// Certificates attached, not written: `inbox` reads the text of a reply's
// PDF and plain-text attachments and classifies it like the body;
// `--apply --accept` keeps each file beside the message with its own
// SHA-256. Hostile PDFs (broken, a compression bomb, a deep object graph)
// are skipped with a warning: the run goes on. The PDFs are written here,
// by lopdf's own API (`linger::mail::pdf::written`).

const ATTACHED_TO: &str = "schema = 1\n\n[organization]\nname = \"Northwind\"\nemail = \"privacy@northwind.example\"\nlaw = \"gdpr\"\n\n\
[[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\n\
privacy_email = \"privacy@oldcrm.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n\
[[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n";

/// A reply whose words say only "attached", with `files` (name, type,
/// bytes) attached in base64.
fn attaching(id: &str, files: &[(&str, &str, Vec<u8>)]) -> Vec<u8> {
    let mut mail = format!(
        "From: OldCRM Privacy <privacy@oldcrm.example>\r\nTo: privacy@northwind.example\r\n\
Subject: Re: Deletion request [ref:oldcrm]\r\nDate: Wed, 25 Nov 2026 10:00:00 +0000\r\n\
Message-ID: <{id}@oldcrm.example>\r\nMIME-Version: 1.0\r\n\
Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n\
Content-Type: text/plain; charset=utf-8\r\n\r\nHello,\r\n\r\nplease find our document attached.\r\n\r\nKind regards\r\n"
    );
    for (name, kind, bytes) in files {
        let encoded = base64::engine::general_purpose::STANDARD.encode(bytes);
        let lines: Vec<&str> = encoded
            .as_bytes()
            .chunks(76)
            .map(|c| std::str::from_utf8(c).unwrap())
            .collect();
        mail.push_str(&format!(
            "--b1\r\nContent-Type: {kind}; name=\"{name}\"\r\nContent-Disposition: attachment; filename=\"{name}\"\r\n\
Content-Transfer-Encoding: base64\r\n\r\n{}\r\n",
            lines.join("\r\n")
        ));
    }
    mail.push_str("--b1--\r\n");
    mail.into_bytes()
}

fn workspace(mail: &[u8]) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), ATTACHED_TO).unwrap();
    std::fs::write(dir.path().join("reply.eml"), mail).unwrap();
    dir
}

fn listed(out: &Output) -> serde_json::Value {
    json(out)["replies"][0].clone()
}

/// `inbox --apply` of the mail file `mail` with the yes to the reply
/// `look` listed: recorded.
fn accepted(dir: &Path, mail: &str, look: &serde_json::Value) {
    let tag = look["accept"].as_str().unwrap();
    let args = [
        "inbox", "--mail", mail, "--apply", "--accept", tag, "--format", "json",
    ];
    let applied = listed(&run(dir, &args));
    assert_eq!(applied["applied"], true, "{applied}");
}

#[test]
fn a_certificate_only_in_a_pdf_confirms_and_is_kept_with_its_own_hash() {
    let pdf = linger::mail::pdf::written(
        &[
            "Certificate of Deletion",
            "We confirm that all personal data of Northwind has been permanently deleted.",
        ],
        10,
    );
    let mail = attaching(
        "cert-1",
        &[("certificate.pdf", "application/pdf", pdf.clone())],
    );
    let dir = workspace(&mail);
    // The words alone propose nothing; with the PDF, a confirmation whose
    // quote is the PDF's sentence.
    let look = listed(&run(
        dir.path(),
        &["inbox", "--mail", "reply.eml", "--format", "json"],
    ));
    assert_eq!(look["proposal"], "confirmed", "{look}");
    assert!(
        look["quote"]
            .as_str()
            .unwrap()
            .contains("permanently deleted"),
        "{look}"
    );
    accepted(dir.path(), "reply.eml", &look);
    let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    let hash = format!("{:x}", Sha256::digest(&pdf));
    let kept = dir
        .path()
        .join("evidence/oldcrm/2026-11-25-confirmed-certificate.pdf");
    assert_eq!(std::fs::read(&kept).unwrap(), pdf);
    assert!(
        inventory.contains(&format!(
            "attachments = [\n  {{ name = \"certificate.pdf\", evidence = \"evidence/oldcrm/2026-11-25-confirmed-certificate.pdf\", sha256 = \"{hash}\" }},\n]"
        )),
        "{inventory}"
    );
    // The message itself is the event's evidence, as always.
    let eml = std::fs::read(dir.path().join("evidence/oldcrm/2026-11-25-confirmed.eml")).unwrap();
    assert_eq!(eml, mail);
}

#[test]
fn a_plain_text_attachment_is_read_too() {
    let notice = b"Request type: Erasure\nYour data has been deleted.\n".to_vec();
    let mail = attaching("txt-1", &[("notice.txt", "text/plain", notice)]);
    let dir = workspace(&mail);
    let look = listed(&run(
        dir.path(),
        &["inbox", "--mail", "reply.eml", "--format", "json"],
    ));
    assert_eq!(look["proposal"], "confirmed", "{look}");
}

#[test]
fn hostile_pdfs_are_skipped_with_a_warning_and_the_run_goes_on() {
    // A broken file, a page that inflates past its limit, and an object
    // nested a million deep (a parser's recursion, in the child).
    let broken = b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >>\nendobj\nxref\n0 99\ngarbage\ntrailer << /Root 1 0 R /Size 99 >>\nstartxref\n999999\n%%EOF\n".to_vec();
    let bomb = bomb();
    let deep = {
        let mut pdf = b"%PDF-1.5\n1 0 obj\n".to_vec();
        pdf.extend(std::iter::repeat_n(b'[', 1_000_000));
        pdf.extend(std::iter::repeat_n(b']', 1_000_000));
        pdf.extend(b"\nendobj\ntrailer << /Root 1 0 R >>\n%%EOF\n");
        pdf
    };
    let mail = attaching(
        "hostile-1",
        &[
            ("broken.pdf", "application/pdf", broken),
            ("bomb.pdf", "application/pdf", bomb),
            ("deep.pdf", "application/pdf", deep),
        ],
    );
    let dir = workspace(&mail);
    let started = std::time::Instant::now();
    let out = run(
        dir.path(),
        &["inbox", "--mail", "reply.eml", "--format", "json"],
    );
    let look = listed(&out);
    let stderr = text(&out.stderr);
    for name in ["broken.pdf", "bomb.pdf", "deep.pdf"] {
        assert!(
            stderr.contains(&format!("the attachment {name} was skipped")),
            "{name}: {stderr}"
        );
    }
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(look["proposal"].is_null(), "{look}");
    // Three children, each stopped by its own limits, not by this test.
    assert!(started.elapsed() < std::time::Duration::from_secs(60));
}

/// A one-page PDF whose content stream inflates to 64 MB of spaces: more
/// than a page may inflate to.
fn bomb() -> Vec<u8> {
    use lopdf::{Document, Object, Stream, dictionary};
    let mut doc = Document::with_version("1.5");
    let pages_id = doc.new_object_id();
    let mut stream = Stream::new(dictionary! {}, vec![b' '; 64 << 20]);
    let _ = stream.compress();
    let content_id = doc.add_object(stream);
    let page_id = doc.add_object(dictionary! {
        "Type" => "Page", "Parent" => pages_id, "Contents" => content_id,
    });
    doc.objects.insert(
        pages_id,
        Object::Dictionary(dictionary! {
            "Type" => "Pages", "Kids" => vec![page_id.into()], "Count" => 1,
        }),
    );
    let catalog_id = doc.add_object(dictionary! { "Type" => "Catalog", "Pages" => pages_id });
    doc.trailer.set("Root", catalog_id);
    let mut out = Vec::new();
    doc.save_to(&mut out).unwrap();
    assert!(out.len() < 1 << 20, "a bomb is small: {}", out.len());
    out
}

#[test]
fn an_attached_certificate_is_evidence_of_its_own_that_check_verifies_and_the_pack_collects() {
    // A mailbox whose one reply says nothing but "attached"; its PDF says
    // the data was deleted. The sender named the file with a folder and
    // characters a file name should not have.
    let pdf = linger::mail::pdf::written(
        &[
            "Certificate of Deletion",
            "All personal data of Northwind Analytics has been erased from our systems.",
        ],
        10,
    );
    let mail = attaching(
        "cert-mbox",
        &[(
            "..\\scans/Löschbestätigung 2026.pdf",
            "application/pdf",
            pdf.clone(),
        )],
    );
    let mut mbox = b"From MAILER-DAEMON Wed Nov 25 10:00:00 2026\n".to_vec();
    mbox.extend(
        String::from_utf8(mail.clone())
            .unwrap()
            .replace("\r\n", "\n")
            .as_bytes(),
    );
    let dir = workspace(b"");
    std::fs::write(dir.path().join("privacy.mbox"), &mbox).unwrap();
    let look = listed(&run(
        dir.path(),
        &["inbox", "--mail", "privacy.mbox", "--format", "json"],
    ));
    assert_eq!(look["proposal"], "confirmed", "{look}");
    accepted(dir.path(), "privacy.mbox", &look);

    // Both files kept, the attachment under its message's name and its
    // own, cleaned; both hashes recorded on the event.
    let message = "evidence/oldcrm/2026-11-25-confirmed.eml";
    let attached = "evidence/oldcrm/2026-11-25-confirmed-L-schbest-tigung-2026.pdf";
    assert_eq!(std::fs::read(dir.path().join(attached)).unwrap(), pdf);
    let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    let message_hash = format!(
        "{:x}",
        Sha256::digest(std::fs::read(dir.path().join(message)).unwrap())
    );
    let pdf_hash = format!("{:x}", Sha256::digest(&pdf));
    assert!(
        inventory.contains(&format!("evidence_sha256 = \"{message_hash}\"")),
        "{inventory}"
    );
    assert!(
        inventory.contains(&format!(
            "evidence = \"{attached}\", sha256 = \"{pdf_hash}\""
        )),
        "{inventory}"
    );
    // Only the event was added: the inventory before it is intact.
    assert!(inventory.starts_with(ATTACHED_TO), "{inventory}");

    // `check` verifies both: nothing changed, nothing missing.
    assert!(common::findings(dir.path(), "evidence-changed").is_empty());
    assert!(common::findings(dir.path(), "evidence-missing").is_empty());

    // The pack collects both, each with the hash recorded for it.
    let out = run(
        dir.path(),
        &["evidence", "pack", "-o", "audit.zip", "oldcrm"],
    );
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let mut zip =
        zip::ZipArchive::new(std::fs::File::open(dir.path().join("audit.zip")).unwrap()).unwrap();
    let mut manifest = String::new();
    std::io::Read::read_to_string(&mut zip.by_name("manifest.json").unwrap(), &mut manifest)
        .unwrap();
    let manifest: serde_json::Value = serde_json::from_str(&manifest).unwrap();
    for (source, hash) in [(message, &message_hash), (attached, &pdf_hash)] {
        let file = manifest["files"]
            .as_array()
            .unwrap()
            .iter()
            .find(|f| f["source"] == source)
            .unwrap_or_else(|| panic!("{source}: {manifest}"));
        assert_eq!(file["sha256"], hash.as_str(), "{file}");
        assert_eq!(
            file["records"][0]["recorded_sha256"],
            hash.as_str(),
            "{file}"
        );
        assert_eq!(file["records"][0]["kind"], "confirmed", "{file}");
    }
    // The vendor's history names the attachment's file in the pack, and
    // the page links it with its hash.
    let mut read = |name: &str| {
        let mut text = String::new();
        std::io::Read::read_to_string(&mut zip.by_name(name).unwrap(), &mut text).unwrap();
        text
    };
    let history: serde_json::Value =
        serde_json::from_str(&read("vendors/oldcrm/history.json")).unwrap();
    let event = history["events"]
        .as_array()
        .unwrap()
        .last()
        .unwrap()
        .clone();
    let in_pack = format!("vendors/oldcrm/files/{attached}");
    assert_eq!(event["attachments"][0]["file"], in_pack.as_str(), "{event}");
    assert_eq!(
        event["attachments"][0]["sha256"],
        pdf_hash.as_str(),
        "{event}"
    );
    let index = read("index.html").replace("&#x2f;", "/");
    assert!(index.contains(&format!("href=\"./{in_pack}\"")), "{index}");
    assert!(index.contains(&format!("SHA-256 {pdf_hash}")), "{index}");

    // A byte of the certificate changed: `check` says which file.
    let mut changed = pdf.clone();
    changed[20] ^= 1;
    std::fs::write(dir.path().join(attached), &changed).unwrap();
    let found = common::findings(dir.path(), "evidence-changed");
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0]["severity"], "error");
    assert!(
        found[0]["message"].as_str().unwrap().contains(attached),
        "{found:?}"
    );
    let out = run(dir.path(), &["check"]);
    assert_ne!(out.status.code(), Some(0));
}

/// The state and parent of process `pid` (from /proc/PID/stat), if it
/// is there.
#[cfg(target_os = "linux")]
fn state_and_parent(pid: &str) -> Option<(char, u32)> {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
    // "PID (NAME) STATE PPID …": the name may hold anything but the last ')'.
    let mut rest = stat[stat.rfind(')')? + 1..].split_whitespace();
    let state = rest.next()?.chars().next()?;
    Some((state, rest.next()?.parse().ok()?))
}

/// The zombie children of `parent`.
#[cfg(target_os = "linux")]
fn zombies_of(parent: u32) -> Vec<String> {
    let mut found = Vec::new();
    for entry in std::fs::read_dir("/proc").unwrap().flatten() {
        let pid = entry.file_name().to_string_lossy().into_owned();
        if pid.bytes().all(|b| b.is_ascii_digit()) && state_and_parent(&pid) == Some(('Z', parent))
        {
            found.push(pid);
        }
    }
    found
}

// The PDF child's kill path. No PDF reliably takes more than the child's
// 10 s on every machine, so the debug-only hook LINGER_TEST_PDF_STALL
// (`linger::child::stall_for_tests`) makes `pdf-text` write its process
// id and sleep. Two such files: while the second child runs, the first
// must already be reaped (a zombie child of `inbox` that lasts is a
// leak); after the run, neither child may be left.
#[cfg(all(target_os = "linux", debug_assertions))]
#[test]
fn a_pdf_reader_that_never_finishes_is_stopped_and_reaped_and_the_body_still_read() {
    use std::process::Stdio;
    use std::time::{Duration, Instant};
    let pdf = linger::mail::pdf::written(&["Certificate of Deletion"], 10);
    let mail = String::from_utf8(attaching(
        "stall-1",
        &[
            ("slow.pdf", "application/pdf", pdf.clone()),
            ("slower.pdf", "application/pdf", pdf),
        ],
    ))
    .unwrap()
    .replace(
        "please find our document attached.",
        "we have deleted all personal data of your company.",
    );
    let dir = workspace(mail.as_bytes());
    let pids = dir.path().join("children");
    let mut inbox = common::linger()
        .current_dir(dir.path())
        .env("LINGER_TEST_PDF_STALL", &pids)
        .args([
            "--today",
            TODAY,
            "inbox",
            "--mail",
            "reply.eml",
            "--format",
            "json",
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let started = Instant::now();
    let mut seen: Vec<String> = Vec::new();
    let mut lasting = Vec::new();
    while inbox.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(90) {
            let _ = inbox.kill();
            let _ = inbox.wait();
            panic!("inbox hangs on a PDF reader that never finishes");
        }
        let now = zombies_of(inbox.id());
        // Seen in two looks 200 ms apart: not the instant between the
        // kill and the wait, a child left unreaped.
        lasting.extend(now.iter().filter(|z| seen.contains(z)).cloned());
        seen = now;
        std::thread::sleep(Duration::from_millis(200));
    }
    let out = inbox.wait_with_output().unwrap();
    lasting.dedup();
    assert!(lasting.is_empty(), "zombie children of inbox: {lasting:?}");
    let stderr = text(&out.stderr);
    for name in ["slow.pdf", "slower.pdf"] {
        assert!(
            stderr.contains(&format!(
                "the attachment {name} was skipped: reading it took more than 10 s: stopped"
            )),
            "{name}: {stderr}"
        );
    }
    // The reply is still read, from its words.
    let look = listed(&out);
    assert_eq!(look["proposal"], "confirmed", "{look}");
    assert!(
        look["quote"]
            .as_str()
            .unwrap()
            .contains("deleted all personal data"),
        "{look}"
    );
    // Both children ran (the hook wrote their ids) and neither is left.
    let children = std::fs::read_to_string(&pids).unwrap();
    let children: Vec<&str> = children.lines().collect();
    assert_eq!(children.len(), 2, "{children:?}");
    for pid in children {
        let gone = (0..50).any(|_| {
            let gone = state_and_parent(pid).is_none();
            if !gone {
                std::thread::sleep(Duration::from_millis(100));
            }
            gone
        });
        assert!(
            gone,
            "the PDF reader {pid} is still there: {:?}",
            state_and_parent(pid)
        );
    }
}
