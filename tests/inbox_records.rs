//! What `inbox --apply` records beyond the newest reply (issue 31): an
//! older reply recorded at its own date, between the events already
//! there, with the rest of the file byte for byte; a ticket system's
//! reference recorded and then routing the ticket's later mail; and a
//! contact change, once in the inventory, used by `send`.

mod common;

use std::path::Path;
use std::process::Output;

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
