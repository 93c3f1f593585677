//! `discover --mail` on the archives users really have (issue 19), with the
//! number of messages checked against Python's `mailbox` module, which mail
//! tools agree with: a Netscape mbox whose `From -` separators have no
//! blank line before them, an mbox with a byte-order mark, mboxrd quoting,
//! a Google Takeout mbox with Spam and Trash labels, a Maildir with a
//! `.Junk` folder, mail whose `Authentication-Results` pass or fail, and a
//! folder of mail beside files that are not mail.

mod common;

use std::path::Path;
use std::process::{Command, Output};

use serde_json::Value;

const INVENTORY: &str = r#"schema = 1

[organization]
name = "Northwind Traders"
email = "privacy@northwind.example"
"#;

fn discover(dir: &Path, archive: &Path) -> (Output, Vec<Value>) {
    let out = common::linger()
        .arg("-f")
        .arg(dir.join("vendors.toml"))
        .args(["discover", "--format", "json", "--mail"])
        .arg(archive)
        .output()
        .unwrap();
    common::assert_success(&out);
    let rows = serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone();
    (out, rows)
}

fn stderr(out: &Output) -> String {
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// How many messages Python's `mailbox` reads in `path`: an mbox file, or
/// a Maildir with its folders.
fn python_count(path: &Path) -> usize {
    let script = r#"
import mailbox, os, sys
p = sys.argv[1]
if os.path.isdir(p):
    md = mailbox.Maildir(p, create=False)
    n = len(md) + sum(len(md.get_folder(f)) for f in md.list_folders())
else:
    n = len(mailbox.mbox(p, create=False))
print(n)
"#;
    let out = Command::new("python3")
        .args(["-c", script])
        .arg(path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    String::from_utf8_lossy(&out.stdout).trim().parse().unwrap()
}

fn read_count(out: &Output) -> usize {
    let text = stderr(out);
    let rest = text
        .split("Read the headers of ")
        .nth(1)
        .unwrap_or_else(|| panic!("{text}"));
    rest.split(' ').next().unwrap().parse().unwrap()
}

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), INVENTORY).unwrap();
    dir
}

/// A message from `from` in `month` of 2020, with `extra` headers.
fn message(from: &str, month: u32, subject: &str, extra: &str) -> String {
    format!(
        "From: {from}\nTo: ops@northwind.example\nDate: Tue, 3 {} 2020 10:00:00 +0000\nSubject: {subject}\n{extra}\nHello.\n",
        [
            "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"
        ][month as usize - 1]
    )
}

#[test]
fn a_netscape_mbox_without_blank_lines_before_separators_is_read_whole() {
    if !common::outside::python(
        "a_netscape_mbox_without_blank_lines_before_separators_is_read_whole",
    ) {
        return;
    }
    let dir = workspace();
    let path = dir.path().join("Inbox");
    let mut mbox = String::new();
    for month in 1..=7 {
        // Netscape 3 wrote `From - date` and no blank line between messages.
        mbox.push_str("From - Mon Jun 10 12:34:56 1996\n");
        mbox.push_str(&message(
            "Typeform <billing@typeform.com>",
            month,
            "Your invoice",
            "X-Mozilla-Status: 0001\n",
        ));
    }
    std::fs::write(&path, &mbox).unwrap();
    let (out, rows) = discover(dir.path(), &path);
    assert_eq!(read_count(&out), 7);
    assert_eq!(read_count(&out), python_count(&path));
    assert_eq!(rows[0]["count"], 7);
    // Each separator without a blank line before it is named, three and a count.
    let text = stderr(&out);
    assert!(
        text.contains("Inbox:9: a `From ` line with a date but no blank line before it"),
        "{text}"
    );
    assert!(
        text.contains("warning: 3 more `From ` lines were read that way"),
        "{text}"
    );
}

#[test]
fn a_byte_order_mark_and_mboxrd_quoting_change_no_count() {
    if !common::outside::python("a_byte_order_mark_and_mboxrd_quoting_change_no_count") {
        return;
    }
    let dir = workspace();
    let mut mbox = String::new();
    for month in 1..=4 {
        mbox.push_str("From billing@typeform.com Tue Mar  3 10:00:00 2020\n");
        mbox.push_str(&message("billing@typeform.com", month, "Your receipt", ""));
        mbox.push_str(">From the desk of our CEO\n>>From quoted twice\n\n");
    }
    let plain = dir.path().join("plain.mbox");
    std::fs::write(&plain, &mbox).unwrap();
    let bom = dir.path().join("bom.mbox");
    std::fs::write(&bom, format!("\u{feff}{mbox}")).unwrap();
    let (out, _) = discover(dir.path(), &plain);
    assert_eq!(read_count(&out), 4);
    assert_eq!(read_count(&out), python_count(&plain));
    let (out, rows) = discover(dir.path(), &bom);
    assert_eq!(read_count(&out), 4, "{}", stderr(&out));
    assert_eq!(rows[0]["id"], "typeform");
}

#[test]
fn takeout_spam_and_trash_and_a_maildir_junk_folder_are_counted_not_vendors() {
    if !common::outside::python(
        "takeout_spam_and_trash_and_a_maildir_junk_folder_are_counted_not_vendors",
    ) {
        return;
    }
    let dir = workspace();
    let takeout = dir.path().join("All mail Including Spam and Trash.mbox");
    let mut mbox = String::new();
    let labelled = [
        (
            "Calendly <notifications@calendly.com>",
            1,
            "Inbox,Category Updates",
        ),
        ("Calendly <notifications@calendly.com>", 3, "Inbox,Opened"),
        ("Support <support@paypa1-secure.example>", 2, "Spam,Unread"),
        ("Support <support@paypa1-secure.example>", 5, "Spam"),
        ("Billing <billing@oldtool.example>", 4, "Trash,Opened"),
        ("Billing <billing@oldtool.example>", 6, "Trash"),
    ];
    for (from, month, labels) in labelled {
        mbox.push_str("From 1781234567890123456@xxx Thu Nov 05 10:00:00 +0000 2026\n");
        mbox.push_str(&message(
            from,
            month,
            "Your invoice",
            &format!("X-GM-THRID: 17812\nX-Gmail-Labels: {labels}\n"),
        ));
        mbox.push('\n');
    }
    std::fs::write(&takeout, &mbox).unwrap();
    let (out, rows) = discover(dir.path(), &takeout);
    assert_eq!(read_count(&out), python_count(&takeout));
    let text = stderr(&out);
    assert!(text.contains("Skipped 2 messages in spam."), "{text}");
    assert!(text.contains("Skipped 2 messages in trash."), "{text}");
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["calendly"]);

    let maildir = dir.path().join("Maildir");
    for sub in ["cur", "new", "tmp", ".Junk/cur", ".Junk/new", ".Junk/tmp"] {
        std::fs::create_dir_all(maildir.join(sub)).unwrap();
    }
    for (i, month) in [2, 4, 6].iter().enumerate() {
        std::fs::write(
            maildir.join(format!("cur/{i}.host:2,S")),
            message(
                "Zendesk <support@zendesk.com>",
                *month,
                "Your Zendesk invoice",
                "",
            ),
        )
        .unwrap();
    }
    for i in 0..2 {
        std::fs::write(
            maildir.join(format!(".Junk/cur/{i}.host:2,S")),
            message(
                "Verify <verify@account-check.example>",
                2 + i,
                "Verify your account",
                "",
            ),
        )
        .unwrap();
    }
    let (out, rows) = discover(dir.path(), &maildir);
    assert_eq!(read_count(&out), python_count(&maildir));
    assert!(
        stderr(&out).contains("Skipped 2 messages in spam."),
        "{}",
        stderr(&out)
    );
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["zendesk"]);
}

#[test]
fn forged_senders_fail_and_a_verified_one_off_counts() {
    let dir = workspace();
    let path = dir.path().join("box.mbox");
    let mut mbox = String::new();
    let mut push = |from: &str, month: u32, subject: &str, results: &str| {
        mbox.push_str("From x Tue Mar  3 10:00:00 2020\n");
        mbox.push_str(&message(
            from,
            month,
            subject,
            &format!("Authentication-Results: {results}\n"),
        ));
        mbox.push('\n');
    };
    // A forged GitHub, over months: DMARC fails every time.
    for month in 1..=4 {
        push(
            "GitHub <noreply@github.com>",
            month,
            "Verify your account",
            "mx.northwind.example; dkim=none; spf=fail smtp.mailfrom=evil.example; dmarc=fail (p=REJECT) header.from=github.com",
        );
    }
    // Exchange Online's verdict: composite authentication failed.
    push(
        "Bank <alerts@bank.example>",
        5,
        "Your account is locked",
        "spf=none (sender IP is 192.0.2.7) smtp.mailfrom=bank.example; dkim=none (message not signed) header.d=none;dmarc=none action=none header.from=bank.example;compauth=fail reason=001",
    );
    // A tool we signed up for once: its signature verified.
    push(
        "Formly <hello@formly.example>",
        6,
        "Welcome to your free trial",
        "mx.northwind.example; dkim=pass header.i=@formly.example header.s=k1; spf=pass smtp.mailfrom=bounce@formly.example; dmarc=pass header.from=formly.example",
    );
    // A one-off that looks like SaaS but nothing vouches for it.
    push(
        "Pay <pay@quickpay.example>",
        7,
        "Your invoice",
        "mx.northwind.example; spf=none",
    );
    // A tenant of a shared platform, once, unverified: not a vendor by the
    // platform's name or its own.
    push(
        "Docs <share@contoso.onmicrosoft.com>",
        8,
        "Password expiry notice",
        "mx.northwind.example; spf=none",
    );
    std::fs::write(&path, &mbox).unwrap();
    let (out, rows) = discover(dir.path(), &path);
    let text = stderr(&out);
    assert!(
        text.contains("Skipped 5 messages that failed authentication"),
        "{text}"
    );
    let ids: Vec<&str> = rows.iter().map(|r| r["id"].as_str().unwrap()).collect();
    assert_eq!(ids, ["formly"], "{text}");
    let evidence = rows[0]["evidence"][0].as_str().unwrap();
    assert!(
        evidence.contains("its mail authenticates (aligned DKIM)"),
        "{evidence}"
    );
}

#[test]
fn a_folder_of_mail_beside_other_files_counts_only_the_mail() {
    let dir = workspace();
    let folder = dir.path().join("export");
    std::fs::create_dir_all(folder.join("attachments")).unwrap();
    for i in 0..3 {
        std::fs::write(
            folder.join(format!("{i}.eml")),
            message(
                "Calendly <notifications@calendly.com>",
                1 + i * 2,
                "New event",
                "",
            ),
        )
        .unwrap();
    }
    for i in 0..5 {
        std::fs::write(
            folder.join(format!("meta{i}.json")),
            "{\"labels\": [\"inbox\"]}\n",
        )
        .unwrap();
    }
    std::fs::write(
        folder.join("attachments/logo.png"),
        b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR",
    )
    .unwrap();
    std::fs::write(folder.join("README.txt"), "Exported with a mail tool.\n").unwrap();
    let (out, rows) = discover(dir.path(), &folder);
    let text = stderr(&out);
    assert_eq!(read_count(&out), 3, "{text}");
    assert!(
        text.contains("Skipped 7 files that are not mail (--verbose names them)."),
        "{text}"
    );
    assert!(!text.contains("without a usable sender"), "{text}");
    assert_eq!(rows[0]["id"], "calendly");
}
