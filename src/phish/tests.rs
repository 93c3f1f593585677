//! The analysis of the phishing mails in `tests/data/phish`, written to
//! follow what SendGrid, Amazon SES, Mailgun, Brevo and a spam bot sending
//! straight to the MX put in their headers.

use super::*;
use crate::mail::defang::defang;
use crate::online::lookalikes::{Options, generate};

struct Fixture {
    own: Vec<String>,
    table: Fingerprints,
    lookalikes: HashMap<String, lookalikes::Kind>,
}

impl Fixture {
    fn new() -> Self {
        let words: Vec<String> = lookalikes::WORDS.iter().map(|w| w.to_string()).collect();
        let lookalikes = generate(
            "northwind.example",
            Options {
                idn: true,
                words: &words,
            },
        )
        .unwrap()
        .into_iter()
        .map(|l| (l.ascii, l.kind))
        .collect();
        Fixture {
            own: vec!["northwind.example".into()],
            table: Fingerprints::built_in(),
            lookalikes,
        }
    }

    fn known(&self) -> Known<'_> {
        Known {
            own: &self.own,
            table: &self.table,
            lookalikes: &self.lookalikes,
            domain: "northwind.example",
            brand: "northwind",
        }
    }

    fn read(&self, raw: &[u8]) -> Vec<Original> {
        originals(raw, &self.known()).unwrap()
    }
}

const SENDGRID: &[u8] = include_bytes!("../../tests/data/phish/sendgrid.eml");
const SES: &[u8] = include_bytes!("../../tests/data/phish/ses.eml");
const MAILGUN: &[u8] = include_bytes!("../../tests/data/phish/mailgun.eml");
const DIRECT: &[u8] = include_bytes!("../../tests/data/phish/direct-to-mx.eml");
const FORWARDED: &[u8] = include_bytes!("../../tests/data/phish/forwarded.eml");

fn has(evidence: &[String], part: &str) -> bool {
    evidence.iter().any(|e| e.contains(part))
}

#[test]
fn sendgrid_by_its_host_signature_and_headers() {
    let f = Fixture::new();
    let [one] = &f.read(SENDGRID)[..] else {
        panic!()
    };
    assert_eq!(one.service.as_deref(), Some("SendGrid"));
    let hop = one.hop.as_ref().unwrap();
    assert_eq!(hop.ip, "149.72.134.201".parse().ok());
    assert_eq!(hop.host.as_deref(), Some("o4.ptr8112.sendgrid.net"));
    for clue in [
        "sending host o4.ptr8112.sendgrid.net",
        "DKIM-Signature d=sendgrid.info",
        "header X-SG-EID",
        "header X-SG-ID",
        "(the first hop outside your servers)",
        // The phisher's own bounce and signing domain, as facts.
        "Return-Path domain northwind-secure-login.example",
        "DKIM-Signature d=northwind-secure-login.example",
    ] {
        assert!(has(&one.evidence, clue), "{clue}: {:?}", one.evidence);
    }
    // The phisher's domains; not SendGrid's click tracking, not ours.
    let domains: Vec<(&str, Role)> = one
        .domains
        .iter()
        .map(|(d, r, _)| (d.as_str(), *r))
        .collect();
    assert!(
        domains.contains(&("northwind-secure-login.example", Role::From)),
        "{domains:?}"
    );
    assert!(
        domains.contains(&("northwlnd.example", Role::ReplyTo)),
        "{domains:?}"
    );
    assert!(
        domains.contains(&("northwind-secure-login.example", Role::Link)),
        "{domains:?}"
    );
    assert!(
        !domains
            .iter()
            .any(|(d, _)| *d == "sendgrid.net" || *d == "northwind.example")
    );
}

#[test]
fn ses_mailgun_brevo_and_a_bot() {
    let f = Fixture::new();
    let ses = &f.read(SES)[0];
    assert_eq!(ses.service.as_deref(), Some("Amazon SES"));
    assert_eq!(ses.hop.as_ref().unwrap().ip, "54.240.8.12".parse().ok());
    for clue in [
        "DKIM-Signature d=amazonses.com",
        "Return-Path domain amazonses.com",
        "Message-ID domain amazonses.com",
        "header X-SES-Outgoing",
    ] {
        assert!(has(&ses.evidence, clue), "{clue}: {:?}", ses.evidence);
    }
    let mailgun = &f.read(MAILGUN)[0];
    assert_eq!(mailgun.service.as_deref(), Some("Mailgun"));
    assert!(has(&mailgun.evidence, "header X-Mailgun-Sid"));

    // The bot: no service, its own address, and our domain forged in From.
    let bot = &f.read(DIRECT)[0];
    assert_eq!(bot.service, None);
    let hop = bot.hop.as_ref().unwrap();
    assert_eq!(hop.ip, "203.0.113.45".parse().ok());
    assert_eq!(hop.helo.as_deref(), Some("win-8k2l3q7"));
    let domains: Vec<&str> = bot.domains.iter().map(|(d, _, _)| d.as_str()).collect();
    assert_eq!(
        domains,
        ["northwlnd.example"],
        "the forged From is ours; the IP link has no domain"
    );

    // A forward: the attached original is read, never the colleague's
    // message around it.
    let [brevo] = &f.read(FORWARDED)[..] else {
        panic!()
    };
    assert_eq!(brevo.service.as_deref(), Some("Brevo"));
    assert_eq!(brevo.hop.as_ref().unwrap().ip, "185.41.28.109".parse().ok());
    assert!(has(&brevo.evidence, "header X-Mailin-EID"));
    assert!(
        !brevo
            .domains
            .iter()
            .any(|(d, _, _)| d == "northwind.example")
    );
}

#[test]
fn the_summary_names_each_lookalike_and_how_it_imitates_ours() {
    let f = Fixture::new();
    let all: Vec<Original> = [SENDGRID, SES, MAILGUN, DIRECT, FORWARDED]
        .iter()
        .flat_map(|raw| f.read(raw))
        .collect();
    let summary = summarise(&all, &f.known());
    assert_eq!(summary.messages, 5);
    assert_eq!(summary.senders.len(), 5);
    let domain = |name: &str| {
        summary
            .domains
            .iter()
            .find(|d| d.domain == name)
            .unwrap()
            .clone()
    };
    let secure = domain("northwind-secure-login.example");
    assert_eq!(secure.role, Role::From);
    assert_eq!(secure.fuzzer.as_deref(), Some("brand"));
    assert_eq!(secure.messages, 3);
    assert!(secure.hosts.contains("keep.northwind-secure-login.example"));
    assert_eq!(
        domain("northwlnd.example").fuzzer.as_deref(),
        Some("homoglyph")
    );
    assert_eq!(
        domain("nortwind.example").fuzzer.as_deref(),
        Some("omission")
    );
    assert_eq!(
        summary.first.unwrap().to_rfc3339(),
        "2026-11-27T08:14:03+00:00"
    );
    assert_eq!(
        defang("northwind-secure-login.example"),
        "northwind-secure-login[.]example"
    );
}

#[test]
fn what_is_not_mail_is_none_and_nothing_panics() {
    let f = Fixture::new();
    assert!(originals(b"", &f.known()).is_none());
    assert!(
        originals(b"just words\n", &f.known()).is_none_or(|o| o.iter().all(|m| m.hop.is_none()))
    );
    for cut in (0..FORWARDED.len()).step_by(37) {
        let _ = originals(&FORWARDED[..cut], &f.known());
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]

    /// Whatever the bytes, a mail or not, the analysis does not panic.
    #[test]
    fn no_bytes_panic(bytes in proptest::collection::vec(proptest::prelude::any::<u8>(), 0..2048)) {
        static SHARED: std::sync::OnceLock<Fixture> = std::sync::OnceLock::new();
        let f = SHARED.get_or_init(Fixture::new);
        let _ = originals(&bytes, &f.known());
        let mut spliced = SENDGRID[..SENDGRID.len() / 2].to_vec();
        spliced.extend(&bytes);
        let _ = originals(&spliced, &f.known());
    }
}
