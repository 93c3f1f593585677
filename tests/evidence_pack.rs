//! `linger evidence pack` and `verify`, run as a user would: the pack is
//! opened with the `zip` crate (the consumer an auditor's tools share) and
//! every claim of its manifest and index page is checked against what is
//! inside; then packs are changed, cut short, replaced by garbage or made
//! to name files outside the inventory's folder.

mod common;

use std::collections::BTreeMap;
use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::Output;

use common::text;
use sha2::{Digest, Sha256};

const EXAMPLE: &str = include_str!("../vendors.example.toml");
const CONFIRMATION: &str = include_str!("../evidence/surveypop-deletion-confirmation.txt");

/// A letter as `send` keeps it.
const SENT: &str = "From: \"Northwind Analytics AS\" <privacy@northwind.example>\r\nTo: \"OldCRM Inc.\" <privacy@oldcrm.example>\r\nSubject: Deletion request: Northwind Analytics AS [ref:oldcrm]\r\nDate: Sat, 28 Nov 2026 12:00:00 +0000\r\nMessage-ID: <20261128.request.1a2b3c@northwind.example>\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nDear OldCRM Inc. privacy team,\r\n\r\nplease delete all of it.\r\n";

/// A vendor's reply, from its ticket system, with a name that needs
/// escaping in a link.
const REPLY: &str = "Return-Path: <support@oldcrm.zendesk.example>\nFrom: OldCRM Support <support@oldcrm.zendesk.example>\nTo: privacy@northwind.example\nSubject: [OldCRM] Re: Deletion request (#48213)\nDate: Mon, 30 Nov 2026 09:14:02 +0100\nMessage-ID: <ticket-48213-2@oldcrm.zendesk.example>\n\nWe have received your request and will answer within 30 days.\n";

fn linger(dir: &Path, args: &[&str]) -> Output {
    common::linger()
        .args(args)
        .current_dir(dir)
        .output()
        .unwrap()
}

/// The example inventory with its confirmation, a letter kept by `send`
/// and a reply recorded with `mark`.
fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    std::fs::write(root.join("vendors.toml"), EXAMPLE).unwrap();
    std::fs::create_dir_all(root.join("evidence/oldcrm")).unwrap();
    std::fs::write(
        root.join("evidence/surveypop-deletion-confirmation.txt"),
        CONFIRMATION,
    )
    .unwrap();
    std::fs::write(
        root.join("evidence/oldcrm/2026-11-28-request-sent.eml"),
        SENT,
    )
    .unwrap();
    std::fs::write(root.join("evidence/oldcrm/ticket #48213.eml"), REPLY).unwrap();
    for args in [
        [
            "oldcrm",
            "requested",
            "evidence/oldcrm/2026-11-28-request-sent.eml",
        ],
        [
            "oldcrm",
            "acknowledged",
            "evidence/oldcrm/ticket #48213.eml",
        ],
    ] {
        let out = linger(
            root,
            &[
                "mark",
                args[0],
                args[1],
                "--evidence",
                args[2],
                "--on",
                "2026-11-28",
            ],
        );
        common::assert_success(&out);
    }
    dir
}

fn sha256(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Every file of the zip at `path`, by name, in the zip's order.
fn entries(path: &Path) -> Vec<(String, Vec<u8>)> {
    let mut archive = zip::ZipArchive::new(std::fs::File::open(path).unwrap()).unwrap();
    (0..archive.len())
        .map(|i| {
            let mut entry = archive.by_index(i).unwrap();
            let mut bytes = Vec::new();
            entry.read_to_end(&mut bytes).unwrap();
            (entry.name().unwrap().to_string(), bytes)
        })
        .collect()
}

/// Writes `files` as a zip at `path`, as any zip tool would.
fn write_zip(path: &Path, files: &[(String, Vec<u8>)]) {
    let mut zip = zip::ZipWriter::new(std::fs::File::create(path).unwrap());
    let options = zip::write::SimpleFileOptions::default()
        .compression_method(zip::CompressionMethod::Deflated);
    for (name, bytes) in files {
        zip.start_file(name.as_str(), options).unwrap();
        zip.write_all(bytes).unwrap();
    }
    zip.finish().unwrap();
}

fn pack(dir: &Path, name: &str, ids: &[&str]) -> (Output, PathBuf) {
    let path = dir.join(name);
    let mut args = vec!["evidence", "pack", "-o", name];
    args.extend(ids);
    (linger(dir, &args), path)
}

fn manifest(files: &[(String, Vec<u8>)]) -> serde_json::Value {
    let (_, bytes) = files.iter().find(|(n, _)| n == "manifest.json").unwrap();
    serde_json::from_slice(bytes).unwrap()
}

#[test]
fn a_pack_holds_each_history_and_evidence_file_and_its_manifest_and_index_tell_the_truth() {
    let dir = workspace();
    let root = dir.path();
    let (out, path) = pack(root, "audit.zip", &["surveypop", "oldcrm"]);
    common::assert_success(&out);
    assert!(
        text(&out.stderr).contains("Packed 2 vendors and 3 evidence files into audit.zip."),
        "{}",
        text(&out.stderr)
    );
    let files = entries(&path);
    let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
    assert_eq!(
        names,
        [
            "vendors/oldcrm/files/evidence/oldcrm/2026-11-28-request-sent.eml",
            "vendors/oldcrm/files/evidence/oldcrm/ticket #48213.eml",
            "vendors/oldcrm/history.json",
            "vendors/oldcrm/history.txt",
            "vendors/surveypop/files/evidence/surveypop-deletion-confirmation.txt",
            "vendors/surveypop/history.json",
            "vendors/surveypop/history.txt",
            "index.html",
            "manifest.json",
        ]
    );
    let by_name: BTreeMap<&str, &[u8]> = files.iter().map(|(n, b)| (n.as_str(), &b[..])).collect();
    // The evidence is the very bytes on disk.
    assert_eq!(
        by_name["vendors/oldcrm/files/evidence/oldcrm/2026-11-28-request-sent.eml"],
        SENT.as_bytes()
    );

    // The manifest lists every other file with its true hash and size,
    // the records that name it, and the inventory's own hash.
    let manifest = manifest(&files);
    assert_eq!(manifest["format"], "linger-evidence-pack");
    assert_eq!(manifest["made_on"], "2026-11-28");
    assert_eq!(manifest["linger"], env!("CARGO_PKG_VERSION"));
    let inventory = std::fs::read(root.join("vendors.toml")).unwrap();
    assert_eq!(manifest["inventory"]["sha256"], sha256(&inventory));
    let listed = manifest["files"].as_array().unwrap();
    assert_eq!(listed.len(), files.len() - 1);
    for file in listed {
        let name = file["name"].as_str().unwrap();
        let bytes = by_name[name];
        assert_eq!(file["sha256"], sha256(bytes), "{name}");
        assert_eq!(file["size"], bytes.len(), "{name}");
    }
    let reply = listed
        .iter()
        .find(|f| f["source"] == "evidence/oldcrm/ticket #48213.eml")
        .unwrap();
    assert_eq!(reply["vendor"], "oldcrm");
    assert_eq!(reply["records"][0]["kind"], "acknowledged");
    assert_eq!(
        reply["records"][0]["recorded_sha256"],
        sha256(REPLY.as_bytes())
    );
    assert_eq!(manifest["missing"], serde_json::json!([]));

    // The history names each event's file by its name in the pack.
    let history: serde_json::Value =
        serde_json::from_slice(by_name["vendors/oldcrm/history.json"]).unwrap();
    let events = history["events"].as_array().unwrap();
    assert_eq!(events.last().unwrap()["file"], reply["name"]);
    assert!(
        String::from_utf8_lossy(by_name["vendors/oldcrm/history.txt"]).contains("acknowledged")
    );

    // Every link of the page leads to a file in the pack; nothing is
    // loaded from elsewhere.
    let index = String::from_utf8(by_name["index.html"].to_vec()).unwrap();
    let hrefs: Vec<String> = index
        .match_indices("href=\"")
        .map(|(at, m)| {
            let rest = &index[at + m.len()..];
            // The attribute as the browser reads it: the template escapes
            // `/` and `&` as entities.
            rest[..rest.find('"').unwrap()]
                .replace("&#x2f;", "/")
                .replace("&amp;", "&")
        })
        .collect();
    assert!(hrefs.len() >= 8, "{hrefs:?}");
    for href in &hrefs {
        let name = href.strip_prefix("./").unwrap_or_else(|| panic!("{href}"));
        let name = name.replace("%20", " ").replace("%23", "#");
        assert!(by_name.contains_key(name.as_str()), "{href} leads nowhere");
    }
    assert!(
        hrefs.contains(&"./vendors/oldcrm/files/evidence/oldcrm/ticket%20%2348213.eml".to_string())
    );
    for outside in ["<script", "<link", " src=", "url(", "@import"] {
        assert!(!index.contains(outside), "{outside} in index.html");
    }
    assert!(index.contains(&sha256(SENT.as_bytes())));

    // The same inventory packs to the same bytes.
    let (out, again) = pack(root, "again.zip", &["oldcrm", "surveypop"]);
    common::assert_success(&out);
    assert_eq!(
        std::fs::read(&again).unwrap(),
        std::fs::read(&path).unwrap()
    );

    let out = linger(root, &["evidence", "verify", "audit.zip"]);
    common::assert_success(&out);
    assert!(
        text(&out.stdout).starts_with("audit.zip: all 8 files match the manifest"),
        "{}",
        text(&out.stdout)
    );
    // Packing changes nothing in the inventory.
    assert_eq!(std::fs::read(root.join("vendors.toml")).unwrap(), inventory);
}

#[test]
fn verify_names_a_changed_a_removed_and_an_extra_file() {
    let dir = workspace();
    let root = dir.path();
    let (out, path) = pack(root, "audit.zip", &[]);
    common::assert_success(&out);
    let original = entries(&path);
    let sent = "vendors/oldcrm/files/evidence/oldcrm/2026-11-28-request-sent.eml";
    let confirmation = "vendors/surveypop/files/evidence/surveypop-deletion-confirmation.txt";

    let mut changed = original.clone();
    let at = changed.iter().position(|(n, _)| n == sent).unwrap();
    changed[at].1 = SENT.replace("please delete", "please keep").into_bytes();
    changed.retain(|(n, _)| n != confirmation);
    changed.push((
        "vendors/oldcrm/files/evidence/later.pdf".into(),
        b"%PDF-1.7".to_vec(),
    ));
    let tampered = root.join("tampered.zip");
    write_zip(&tampered, &changed);
    let out = linger(root, &["evidence", "verify", "tampered.zip"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains(&format!("changed: {sent} ")), "{stdout}");
    assert!(
        stdout.contains(&format!("missing: {confirmation}\n")),
        "{stdout}"
    );
    assert!(
        stdout.contains("extra: vendors/oldcrm/files/evidence/later.pdf "),
        "{stdout}"
    );
    assert_eq!(stdout.lines().count(), 4, "{stdout}");

    // A file whose data no longer matches its own checksum is damaged.
    let mut bytes = std::fs::read(&path).unwrap();
    let needle = b"please delete all of it.";
    let at = bytes.windows(needle.len()).position(|w| w == needle);
    // Deflated, the text is not there to find: store the pack instead.
    assert!(at.is_none());
    let mut stored = zip::ZipWriter::new(std::fs::File::create(root.join("stored.zip")).unwrap());
    let options =
        zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, data) in &original {
        stored.start_file(name.as_str(), options).unwrap();
        stored.write_all(data).unwrap();
    }
    stored.finish().unwrap();
    let out = linger(root, &["evidence", "verify", "stored.zip"]);
    common::assert_success(&out);
    bytes = std::fs::read(root.join("stored.zip")).unwrap();
    let at = bytes
        .windows(needle.len())
        .position(|w| w == needle)
        .unwrap();
    bytes[at] = b'P';
    std::fs::write(root.join("flipped.zip"), &bytes).unwrap();
    let out = linger(root, &["evidence", "verify", "flipped.zip"]);
    let stdout = text(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}{}", text(&out.stderr));
    assert!(stdout.contains(&format!("damaged: {sent} (")), "{stdout}");
}

#[test]
fn a_damaged_pack_is_an_error_that_names_the_damage() {
    let dir = workspace();
    let root = dir.path();
    let (out, path) = pack(root, "audit.zip", &["oldcrm"]);
    common::assert_success(&out);
    let bytes = std::fs::read(&path).unwrap();
    let files = entries(&path);
    let without = |name: &str| -> Vec<(String, Vec<u8>)> {
        files.iter().filter(|(n, _)| n != name).cloned().collect()
    };
    std::fs::write(root.join("truncated.zip"), &bytes[..bytes.len() / 2]).unwrap();
    std::fs::write(root.join("garbage.zip"), b"%PDF-1.7 not a zip at all\n").unwrap();
    std::fs::write(root.join("empty.zip"), b"").unwrap();
    let mut not_json = without("manifest.json");
    not_json.push((
        "manifest.json".into(),
        b"{\"format\": \"linger-evidence-pack\",".to_vec(),
    ));
    write_zip(&root.join("not-json.zip"), &not_json);
    write_zip(&root.join("no-manifest.zip"), &without("manifest.json"));
    let mut other = without("manifest.json");
    other.push((
        "manifest.json".into(),
        b"{\"name\": \"some-npm-package\"}".to_vec(),
    ));
    write_zip(&root.join("other.zip"), &other);
    // 70 MiB of spaces: deflated to a few hundred kilobytes.
    let mut bomb = without("manifest.json");
    bomb.push(("manifest.json".into(), vec![b' '; 70 << 20]));
    write_zip(&root.join("bomb.zip"), &bomb);
    assert!(std::fs::metadata(root.join("bomb.zip")).unwrap().len() < 1 << 20);

    for (file, damage) in [
        (
            "truncated.zip",
            "is not a zip archive, or its end is cut off",
        ),
        ("garbage.zip", "is not a zip archive, or its end is cut off"),
        ("empty.zip", "is not a zip archive, or its end is cut off"),
        (
            "not-json.zip",
            "`manifest.json` is not a manifest linger wrote: EOF while parsing",
        ),
        ("no-manifest.zip", "it has no `manifest.json`"),
        (
            "other.zip",
            "`manifest.json` is not a manifest linger wrote: missing field",
        ),
        ("bomb.zip", "`manifest.json` is larger than 64 MiB"),
        ("missing.zip", "cannot open it"),
    ] {
        let out = linger(root, &["evidence", "verify", file]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{file}: {stderr}");
        assert!(
            stderr.contains(&format!("`{file}` is damaged: ")) && stderr.contains(damage),
            "{file}: {stderr}"
        );
        assert!(!stderr.contains("panicked"), "{stderr}");
        assert!(out.stdout.is_empty(), "{file}");
    }
}

#[test]
fn a_missing_evidence_file_is_listed_as_missing_and_exits_1() {
    let dir = workspace();
    let root = dir.path();
    std::fs::remove_file(root.join("evidence/oldcrm/ticket #48213.eml")).unwrap();
    let (out, path) = pack(root, "audit.zip", &["oldcrm"]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(1), "{stderr}");
    assert!(
        stderr.contains("warning: `oldcrm`: the evidence file `evidence/oldcrm/ticket #48213.eml` of event 2 (acknowledged on 2026-11-28) does not exist"),
        "{stderr}"
    );
    let files = entries(&path);
    assert!(!files.iter().any(|(n, _)| n.contains("ticket")));
    let manifest = manifest(&files);
    assert_eq!(
        manifest["missing"][0]["source"],
        "evidence/oldcrm/ticket #48213.eml"
    );
    let out = linger(root, &["evidence", "verify", "audit.zip"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stdout)
            .contains("missing when packed: `evidence/oldcrm/ticket #48213.eml` of `oldcrm`"),
        "{}",
        text(&out.stdout)
    );

    // A file changed since it was recorded is packed as it is, and said.
    std::fs::write(root.join("evidence/oldcrm/ticket #48213.eml"), "forged").unwrap();
    let (out, _) = pack(root, "audit.zip", &["oldcrm"]);
    assert_eq!(out.status.code(), Some(1));
    assert!(
        text(&out.stderr).contains("is not the file event 2 recorded"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn evidence_outside_the_folder_or_through_a_link_refuses_the_pack() {
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(outside.path().join("secret.txt"), "not for the auditor").unwrap();

    let dir = workspace();
    let root = dir.path();
    let text_before = std::fs::read_to_string(root.join("vendors.toml")).unwrap();
    let escaping = text_before.replace(
        "evidence = \"evidence/surveypop-deletion-confirmation.txt\"",
        "evidence = \"../secret.txt\"",
    );
    assert_ne!(escaping, text_before);
    std::fs::write(root.join("vendors.toml"), &escaping).unwrap();
    let (out, path) = pack(root, "audit.zip", &[]);
    let stderr = text(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("`surveypop`: the evidence `../secret.txt` (vendors.toml:")
            && stderr.contains("outside the inventory's folder")
            && stderr.contains("nothing was written"),
        "{stderr}"
    );
    assert!(!path.exists());
    assert_eq!(
        std::fs::read_to_string(root.join("vendors.toml")).unwrap(),
        escaping
    );
    std::fs::write(root.join("vendors.toml"), &text_before).unwrap();

    // A folder on the way that is a link out, and a file that is one.
    #[cfg(unix)]
    for (link, target) in [
        ("evidence/oldcrm", outside.path().to_path_buf()),
        (
            "evidence/surveypop-deletion-confirmation.txt",
            outside.path().join("secret.txt"),
        ),
    ] {
        let dir = workspace();
        let root = dir.path();
        let before = std::fs::read(root.join("vendors.toml")).unwrap();
        let real = root.join(link);
        if real.is_dir() {
            std::fs::rename(&real, root.join("moved")).unwrap();
            std::fs::copy(
                root.join("moved/2026-11-28-request-sent.eml"),
                target.join("2026-11-28-request-sent.eml"),
            )
            .unwrap();
        } else {
            std::fs::remove_file(&real).unwrap();
        }
        std::os::unix::fs::symlink(&target, &real).unwrap();
        let (out, path) = pack(root, "audit.zip", &[]);
        let stderr = text(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{link}: {stderr}");
        assert!(
            stderr.contains(&format!("`{link}` is a symbolic link")),
            "{link}: {stderr}"
        );
        assert!(!path.exists(), "{link}");
        assert_eq!(std::fs::read(root.join("vendors.toml")).unwrap(), before);
        // No temporary file is left either.
        let left: Vec<_> = std::fs::read_dir(root)
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .filter(|n| n.to_string_lossy().contains(".tmp"))
            .collect();
        assert!(left.is_empty(), "{left:?}");
    }
}

#[test]
fn an_unknown_vendor_or_the_inventory_as_the_output_is_refused() {
    let dir = workspace();
    let (out, path) = pack(dir.path(), "audit.zip", &["oldcrn"]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("oldcrm"),
        "{}",
        text(&out.stderr)
    );
    assert!(!path.exists());
    // Nor is the inventory itself overwritten by a pack.
    let before = std::fs::read(dir.path().join("vendors.toml")).unwrap();
    let (out, _) = pack(dir.path(), "./vendors.toml", &[]);
    assert_eq!(out.status.code(), Some(2));
    assert!(
        text(&out.stderr).contains("is the inventory"),
        "{}",
        text(&out.stderr)
    );
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        before
    );
}

#[test]
fn the_index_page_renders_in_a_browser() {
    if common::outside::chromium("the_index_page_renders_in_a_browser").is_none() {
        return;
    }
    let dir = workspace();
    let root = dir.path();
    let (out, path) = pack(root, "audit.zip", &[]);
    common::assert_success(&out);
    // Unpacked as an auditor would, then opened.
    let unpacked = root.join("unpacked");
    for (name, bytes) in entries(&path) {
        let file = unpacked.join(&name);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, bytes).unwrap();
    }
    let page = unpacked.join("index.html");
    let (dom, log) = common::browser::dom(&page);
    assert!(common::browser::console_errors(&log).is_empty(), "{log}");
    assert!(dom.contains("id=\"vendor-oldcrm\""), "{dom}");
    // Kept under target/ to be looked at.
    let png = PathBuf::from(concat!(
        env!("CARGO_TARGET_TMPDIR"),
        "/evidence-pack-index.png"
    ));
    common::browser::run(
        &page,
        &[
            format!("--screenshot={}", png.display()),
            "--window-size=1280,1600".into(),
        ],
    );
    let bytes = std::fs::read(&png).unwrap();
    assert!(
        bytes.starts_with(b"\x89PNG") && bytes.len() > 20_000,
        "{}",
        bytes.len()
    );
}
