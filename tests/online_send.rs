//! `send`'s look at a vendor's domain: RDAP on the loopback server of
//! `common::online` says the domain was registered again, and `send`
//! refuses that vendor and sends the rest.

mod common;

use common::net::Net;
use common::online::{Workspace, linger, run, serve_inventory, workspace};
use common::text;

use std::process::Command;

/// An inventory with an [smtp] table for `smtp`, and the vendors given.
fn with_smtp(smtp: &common::smtp::Server, vendors: &str) -> String {
    format!(
        "schema = 1\n\n[organization]\nname = \"Northwind Traders\"\nemail = \"privacy@northwind.example\"\nlaw = \"gdpr\"\n\n\
         [smtp]\nhost = \"127.0.0.1\"\nport = {}\nsecurity = \"none\"\n\n{vendors}",
        smtp.port
    )
}

const SQUATTED: &str = "[[vendor]]\nid = \"squatted\"\nname = \"Squatted Inc.\"\nwebsite = \"http://squatted.example\"\n\
    privacy_email = \"privacy@squatted.example\"\nused_from = 2019-05-01\nretired_on = 2026-01-01\ndata = [\"contact.email\"]\n\n";
const FINE: &str = "[[vendor]]\nid = \"fine\"\nname = \"FineVendor\"\nwebsite = \"http://finevendor.example\"\n\
    privacy_email = \"privacy@finevendor.example\"\nused_from = 2018-01-01\nretired_on = 2026-01-01\ndata = [\"contact.email\"]\n";

fn sender(ws: &Workspace, net: &Net) -> Command {
    let mut cmd = linger(ws, net);
    cmd.env("DBUS_SESSION_BUS_ADDRESS", "unix:path=/nonexistent")
        .env("LINGER_SMTP_PASSWORD", "not-used");
    cmd
}

#[test]
fn send_refuses_a_vendor_whose_domain_was_registered_again() {
    let net = Net::start();
    serve_inventory(&net);
    let smtp = common::smtp::Server::start(common::smtp::Options::default());
    let ws = workspace(&with_smtp(&smtp, SQUATTED));
    let before = std::fs::read(&ws.path).unwrap();
    let out = run(
        sender(&ws, &net),
        &["send", "squatted", "--kind", "request"],
    );
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    assert!(
        stderr
            .contains("not sending to `squatted`: `squatted.example` was registered on 2025-03-04"),
        "{stderr}"
    );
    assert!(stderr.contains("`--force` sends anyway"), "{stderr}");
    assert!(smtp.received().is_empty());
    assert_eq!(std::fs::read(&ws.path).unwrap(), before);

    // --force sends it, and it is recorded.
    let forced = run(
        sender(&ws, &net),
        &["send", "squatted", "--kind", "request", "--force"],
    );
    assert_eq!(forced.status.code(), Some(0), "{}", text(&forced.stderr));
    assert_eq!(smtp.received().len(), 1);
    assert!(
        std::fs::read_to_string(&ws.path)
            .unwrap()
            .contains("kind = \"requested\"")
    );
}

#[test]
fn send_due_skips_the_reregistered_and_sends_the_rest() {
    let net = Net::start();
    serve_inventory(&net);
    let smtp = common::smtp::Server::start(common::smtp::Options::default());
    let ws = workspace(&with_smtp(&smtp, &format!("{SQUATTED}{FINE}")));
    let out = run(sender(&ws, &net), &["send", "--due", "--yes"]);
    let stderr = text(&out.stderr);
    assert!(
        stderr.contains("Skipped `squatted`: `squatted.example` was registered on 2025-03-04"),
        "{stderr}"
    );
    let sent: Vec<Vec<String>> = smtp.received().into_iter().map(|m| m.to).collect();
    assert_eq!(sent.len(), 1, "{sent:?}\n{stderr}");
    assert!(
        sent[0].contains(&"privacy@finevendor.example".to_string()),
        "{sent:?}"
    );
    assert_eq!(out.status.code(), Some(0), "{stderr}");
}
