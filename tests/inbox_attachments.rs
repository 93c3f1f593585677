//! Certificates attached, not written (issue 31): `inbox` reads the text
//! of a reply's PDF and plain-text attachments and classifies it like the
//! body; `--apply --accept` keeps each file beside the message with its
//! own SHA-256. Hostile PDFs (broken, a compression bomb, a deep object
//! graph) are skipped with a warning: the run goes on. The PDFs are
//! written here, by lopdf's own API (`linger::mail::pdf::written`).

mod common;

use std::path::Path;
use std::process::Output;

use base64::Engine;
use common::text;
use sha2::{Digest, Sha256};

const TODAY: &str = "2026-11-30";

const INVENTORY: &str = "schema = 1\n\n[organization]\nname = \"Northwind\"\nemail = \"privacy@northwind.example\"\nlaw = \"gdpr\"\n\n\
[[vendor]]\nid = \"oldcrm\"\nname = \"OldCRM\"\nwebsite = \"https://oldcrm.example\"\n\
privacy_email = \"privacy@oldcrm.example\"\nretired_on = 2026-09-01\ndata = [\"contact.email\"]\n\n\
[[vendor.event]]\non = 2026-10-01\nkind = \"requested\"\n";

/// A reply whose words say only "attached", with `files` (name, type,
/// bytes) attached in base64.
fn reply(id: &str, files: &[(&str, &str, Vec<u8>)]) -> Vec<u8> {
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
    std::fs::write(dir.path().join("vendors.toml"), INVENTORY).unwrap();
    std::fs::write(dir.path().join("reply.eml"), mail).unwrap();
    dir
}

fn run(dir: &Path, args: &[&str]) -> Output {
    common::linger()
        .current_dir(dir)
        .args(["--today", TODAY])
        .args(args)
        .output()
        .unwrap()
}

fn listed(out: &Output) -> serde_json::Value {
    assert_eq!(out.status.code(), Some(0), "{}", text(&out.stderr));
    let report: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    report["replies"][0].clone()
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
    let mail = reply(
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
    let tag = look["accept"].as_str().unwrap().to_string();
    let applied = listed(&run(
        dir.path(),
        &[
            "inbox",
            "--mail",
            "reply.eml",
            "--apply",
            "--accept",
            &tag,
            "--format",
            "json",
        ],
    ));
    assert_eq!(applied["applied"], true, "{applied}");
    let inventory = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    let hash = format!("{:x}", Sha256::digest(&pdf));
    let kept = dir
        .path()
        .join("evidence/oldcrm/2026-11-25-confirmed-attachment-1.pdf");
    assert_eq!(std::fs::read(&kept).unwrap(), pdf);
    assert!(
        inventory.contains(&format!(
            "certificate.pdf kept as evidence/oldcrm/2026-11-25-confirmed-attachment-1.pdf, sha256 {hash}"
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
    let mail = reply("txt-1", &[("notice.txt", "text/plain", notice)]);
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
    let mail = reply(
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
