//! How linger asks every online source, against loopback servers: the
//! cache, retries on 429 and 503, timeouts, hang-ups, the answer size
//! limits, redirects to internal addresses, and the run's deadline (issue
//! 18's hostile servers among them).

mod common;

use common::net::Net;
use common::online::{
    Host, INVENTORY, Serve, Workspace, findings, linger, online_only, run, serve_inventory, triple,
    workspace,
};
use common::text;

use std::io::Read;
use std::net::TcpListener;
use std::process::Command;
use std::time::Duration;

use serde_json::Value;
use wiremock::matchers::path;
use wiremock::{Mock, ResponseTemplate};

/// How many lookalikes `check --online` looks for: the ASCII names (the
/// organization's domain has no whole-script twin).
fn own_lookalikes(ws: &Workspace) -> usize {
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.path)
        .args(["lookalikes", "--ascii", "--names-only", "--format", "json"])
        .output()
        .unwrap();
    serde_json::from_slice::<Value>(&out.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .len()
}

#[test]
fn a_second_run_is_served_from_the_cache_and_refresh_asks_again() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let first = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let asked = net.requests("/").len();
    // One breach list, one bootstrap, one DNS question per host, one RDAP
    // question per domain, and the websites (BoughtApp's takes one hop).
    assert_eq!(net.requests("/hibp/breaches").len(), 1);
    assert_eq!(net.requests("/rdap/dns.json").len(), 1);
    // And each lookalike of our domain once, the two that exist also for
    // AAAA, MX and RDAP.
    let lookalikes = own_lookalikes(&ws);
    assert!(lookalikes > 400, "{lookalikes}");
    assert_eq!(net.requests("/dns-query").len(), 8 + lookalikes + 2 * 2);
    assert_eq!(net.requests("/rdap/domain/").len(), 8 + 2);
    assert_eq!(
        asked,
        1 + 1 + 8 + 8 + 6 + lookalikes + 2 * 3,
        "{:#?}",
        net.requests("/").len()
    );

    let second = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    assert_eq!(
        net.requests("/").len(),
        asked,
        "the second run asked the network"
    );
    assert_eq!(findings(&first), findings(&second));

    let refreshed = run(
        linger(&ws, &net),
        &["check", "--online", "--refresh", "--format", "json"],
    );
    assert_eq!(net.requests("/").len(), 2 * asked);
    assert_eq!(findings(&first), findings(&refreshed));
}

#[test]
fn a_429_with_retry_after_is_waited_for_and_retried() {
    let net = Net::start();
    // The first ask is turned away for a second; then the list comes.
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "1"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    assert_eq!(net.requests("/hibp/breaches").len(), 2);
    assert!(
        online_only(findings(&out)).contains(&triple("vendor-breached", "leaky", "error")),
        "{}",
        text(&out.stdout)
    );
}

#[test]
fn a_source_that_keeps_refusing_or_fails_is_named_and_the_rest_is_reported() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(503).insert_header("retry-after", "0"))
            .with_priority(1),
    );
    net.mount(
        Mock::given(path("/rdap/domain/squatted.example"))
            .respond_with(ResponseTemplate::new(500))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    // 503 four times (the first try and three retries), then given up.
    assert_eq!(net.requests("/hibp/breaches").len(), 4);
    let found = online_only(findings(&out));
    assert!(found.contains(&triple("online-check-failed", "-", "warn")));
    assert!(found.contains(&triple("vendor-vanished", "gone", "warn")));
    assert!(found.contains(&triple("vendor-domain-reregistered", "lapsed", "error")));
    assert!(!found.iter().any(|(code, _, _)| code == "vendor-breached"));

    let human = text(&run(linger(&ws, &net), &["check", "--online", "--refresh"]).stdout);
    let port = net.server.address().port();
    assert!(
        human.contains(&format!(
            "could not check the vendors for breaches: 127.0.0.1:{port}: answered 503 (Service Unavailable) 4 times"
        )),
        "{human}"
    );
    assert!(
        human.contains(&format!(
            "could not check `squatted.example` for a new registration: 127.0.0.1:{port}: answered 500 (Internal Server Error)"
        )),
        "{human}"
    );
}

#[test]
fn a_slow_source_times_out_with_a_clear_warning() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(200).set_delay(Duration::from_secs(5)))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let mut cmd = linger(&ws, &net);
    cmd.env("LINGER_HTTP_TIMEOUT", "1");
    let out = run(cmd, &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("could not check the vendors for breaches")
            && stdout.contains("no answer within 1 s"),
        "{stdout}"
    );
    assert!(stdout.contains("no longer resolves"), "{stdout}");
}

/// A server that accepts each connection, reads the request, and hangs up
/// without a word.
fn hang_up_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            let mut buf = [0u8; 1024];
            let _ = stream.read(&mut buf);
            drop(stream);
        }
    });
    format!("http://{address}")
}

#[test]
fn a_server_that_closes_the_connection_is_named() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let closer = hang_up_server();
    let mut cmd = linger(&ws, &net);
    cmd.env("LINGER_HIBP_URL", format!("{closer}/hibp"));
    let out = run(cmd, &["check", "--online"]);
    let stdout = text(&out.stdout);
    let host = closer.trim_start_matches("http://");
    assert!(
        stdout.contains(&format!(
            "could not check the vendors for breaches: {host}: "
        )),
        "{stdout}"
    );
    assert!(stdout.contains("was registered on 2025-03-04"), "{stdout}");
}

#[test]
fn when_no_source_answers_the_run_fails_and_names_the_host() {
    let ws = workspace(INVENTORY);
    let closer = hang_up_server();
    let out = common::linger()
        .env("LINGER_INVENTORY", &ws.path)
        .env("LINGER_CACHE_DIR", &ws.cache)
        .env("LINGER_HIBP_URL", format!("{closer}/hibp"))
        .env("LINGER_RDAP_BOOTSTRAP_URL", format!("{closer}/dns.json"))
        .env("LINGER_DOH_URL", format!("{closer}/dns-query"))
        .args(["check", "--online"])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    let stderr = text(&out.stderr);
    let host = closer.trim_start_matches("http://");
    assert!(
        stderr.contains(&format!("error: no online source answered: {host}: ")),
        "{stderr}"
    );
    assert!(stderr.contains("HTTPS_PROXY"), "{stderr}");
    assert!(out.stdout.is_empty());
}

/// A server that answers every request with status 200 and a chunked body
/// that never ends (until 200 MB or the client hangs up): the shape of a
/// 1 GB answer without the gigabyte.
fn endless_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                use std::io::Write;
                let mut buf = [0u8; 4096];
                let _ = stream.read(&mut buf);
                let _ = stream.write_all(
                    b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n",
                );
                let chunk = vec![b'['; 64 * 1024];
                for _ in 0..3200 {
                    if stream
                        .write_all(format!("{:x}\r\n", chunk.len()).as_bytes())
                        .and_then(|()| stream.write_all(&chunk))
                        .and_then(|()| stream.write_all(b"\r\n"))
                        .is_err()
                    {
                        return;
                    }
                }
            });
        }
    });
    format!("http://{address}")
}

/// A listener that must never be connected to: how many connections it saw.
fn tripwire() -> (String, std::sync::Arc<std::sync::atomic::AtomicUsize>) {
    use std::sync::atomic::{AtomicUsize, Ordering};
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    let seen = std::sync::Arc::new(AtomicUsize::new(0));
    let counter = seen.clone();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            counter.fetch_add(1, Ordering::SeqCst);
            drop(stream);
        }
    });
    (address.to_string(), seen)
}

#[test]
fn an_endless_answer_is_cut_at_the_sources_limit_and_never_cached() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let endless = endless_server();
    let mut cmd = linger(&ws, &net);
    cmd.env("LINGER_HIBP_URL", format!("{endless}/hibp"));
    let out = run(cmd, &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout
            .contains("the answer of the breach list is larger than 16 MB, linger's limit for it"),
        "{stdout}{}",
        text(&out.stderr)
    );
    // The rest of the run went on.
    assert!(stdout.contains("was registered on 2025-03-04"), "{stdout}");
    let cached = std::fs::metadata(ws.cache.join("answers.json")).map_or(0, |m| m.len());
    assert!(cached < 1 << 20, "the cache holds {cached} bytes");
}

#[test]
fn an_rdap_answer_over_its_limit_is_an_error_naming_rdap() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/rdap/domain/squatted.example"))
            .respond_with(ResponseTemplate::new(200).set_body_string("x".repeat(300 << 10)))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(linger(&ws, &net), &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert!(
        stdout.contains("the answer of RDAP is larger than 256 KB"),
        "{stdout}"
    );
}

#[test]
fn a_captive_portals_page_is_not_cached_and_the_next_run_asks_again() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(
                ResponseTemplate::new(200)
                    .set_body_string("<html>Please log in to the Wi-Fi</html>"),
            )
            .up_to_n_times(1)
            .with_priority(1),
    );
    net.mount(
        Mock::given(path("/rdap/dns.json"))
            .respond_with(ResponseTemplate::new(200).set_body_string("<html>log in</html>"))
            .up_to_n_times(1)
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let first = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let failed = online_only(findings(&first));
    assert!(
        failed
            .iter()
            .any(|(code, _, _)| code == "online-check-failed"),
        "{failed:?}"
    );
    // The portal is gone: the second run asks again and gets the lists.
    let second = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let after = online_only(findings(&second));
    assert!(
        !after
            .iter()
            .any(|(code, _, _)| code == "online-check-failed"),
        "{after:?}"
    );
    assert!(
        after.contains(&triple("vendor-breached", "leaky", "error")),
        "{after:?}"
    );
    assert_eq!(net.requests("/hibp/breaches").len(), 2);
    assert_eq!(net.requests("/rdap/dns.json").len(), 2);
}

#[test]
fn a_damaged_cache_is_ignored_with_one_warning() {
    let net = Net::start();
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    std::fs::create_dir_all(&ws.cache).unwrap();
    let file = ws.cache.join("answers.json");
    // An answer from the far future, a device, and a FIFO: each is a
    // damaged cache, read without panic, hang or a 2 GB read.
    let far = format!(
        r#"{{"application/json {}": {{"fetched": 18446744073709551615, "status": 200, "body": "[]"}}}}"#,
        net.url("/hibp/breaches")
    );
    std::fs::write(&file, far).unwrap();
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    let stderr = text(&out.stderr);
    assert_eq!(
        stderr.matches("warning: the answer cache").count(),
        1,
        "{stderr}"
    );
    assert!(stderr.contains("dated in the future"), "{stderr}");
    assert!(online_only(findings(&out)).contains(&triple("vendor-breached", "leaky", "error")));

    std::fs::remove_file(&file).unwrap();
    std::os::unix::fs::symlink("/dev/zero", &file).unwrap();
    let out = run(
        linger(&ws, &net),
        &["check", "--online", "--format", "json"],
    );
    assert!(
        text(&out.stderr).contains("is not a regular file"),
        "{}",
        text(&out.stderr)
    );
    assert!(online_only(findings(&out)).contains(&triple("vendor-breached", "leaky", "error")));

    let _ = std::fs::remove_file(&file);
    let made = Command::new("mkfifo").arg(&file).status().unwrap();
    assert!(made.success());
    let mut child = linger(&ws, &net)
        .args(["check", "--online", "--format", "json"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let started = std::time::Instant::now();
    while child.try_wait().unwrap().is_none() {
        if started.elapsed() > Duration::from_secs(60) {
            let _ = child.kill();
            panic!("a FIFO in the cache hung the run");
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    let out = child.wait_with_output().unwrap();
    assert!(
        text(&out.stderr).contains("is not a regular file"),
        "{}",
        text(&out.stderr)
    );
}

#[test]
fn a_redirect_to_an_internal_address_is_never_followed() {
    use std::sync::atomic::Ordering;
    let net = Net::start();
    let (inside, seen) = tripwire();
    // A vendor's website and an RDAP server each send linger inward.
    net.mount(
        Mock::given(Host("finevendor.example"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("http://{inside}/latest/meta-data/")),
            )
            .with_priority(1),
    );
    net.mount(
        Mock::given(Host("earlybird.example"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", "http://169.254.169.254/latest/meta-data/"),
            )
            .with_priority(1),
    );
    net.mount(
        Mock::given(path("/rdap/domain/squatted.example"))
            .respond_with(ResponseTemplate::new(301).insert_header(
                "location",
                format!("http://{inside}/rdap/domain/squatted.example"),
            ))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let out = run(linger(&ws, &net), &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        seen.load(Ordering::SeqCst),
        0,
        "linger connected inward: {stdout}"
    );
    assert!(
        stdout.matches("redirects to an internal address").count() >= 3,
        "{stdout}"
    );
    assert!(
        !stdout.contains("meta-data"),
        "nothing from inside is reported: {stdout}"
    );
}

#[test]
fn a_redirect_to_a_name_that_resolves_inward_is_refused() {
    use std::sync::atomic::Ordering;
    let net = Net::start();
    let (inside, seen) = tripwire();
    let port = inside.rsplit(':').next().unwrap();
    net.mount(
        Mock::given(Host("finevendor.example"))
            .respond_with(
                ResponseTemplate::new(302)
                    .insert_header("location", format!("http://localhost:{port}/admin")),
            )
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let mut cmd = linger(&ws, &net);
    // localhost is asked directly, so linger resolves the name itself.
    cmd.env("NO_PROXY", "127.0.0.1,localhost");
    let out = run(cmd, &["check", "--online"]);
    let stdout = text(&out.stdout);
    assert_eq!(
        seen.load(Ordering::SeqCst),
        0,
        "linger connected inward: {stdout}"
    );
    assert!(
        stdout.contains("redirects to an internal address"),
        "{stdout}"
    );
}

/// A server that accepts every connection and never answers, holding it
/// open for a minute.
fn silent_server() -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let address = listener.local_addr().unwrap();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(stream) = stream else { continue };
            std::thread::spawn(move || {
                std::thread::sleep(Duration::from_secs(60));
                drop(stream);
            });
        }
    });
    format!("http://{address}")
}

#[test]
fn one_deadline_bounds_the_whole_run_and_says_what_was_not_checked() {
    let net = Net::start();
    net.bootstrap();
    let ws = workspace(INVENTORY);
    let silent = silent_server();
    let mut cmd = linger(&ws, &net);
    cmd.env("LINGER_DOH_URL", format!("{silent}/dns-query"));
    let started = std::time::Instant::now();
    let out = run(
        cmd,
        &[
            "lookalikes",
            "northwind.example",
            "--ascii",
            "--timeout",
            "2",
            "--deadline",
            "3",
        ],
    );
    let took = started.elapsed();
    let stderr = text(&out.stderr);
    // Every name asked a silent resolver: without a deadline, 2 s a name
    // 8 at a time is well over a minute.
    assert!(took < Duration::from_secs(40), "took {took:?}: {stderr}");
    assert!(
        stderr.contains("not checked: the run's deadline of 3 s passed"),
        "{stderr}"
    );
}

#[test]
fn a_retry_after_past_the_deadline_is_not_waited_for() {
    let net = Net::start();
    net.mount(
        Mock::given(path("/hibp/breaches"))
            .respond_with(ResponseTemplate::new(429).insert_header("retry-after", "30"))
            .with_priority(1),
    );
    serve_inventory(&net);
    let ws = workspace(INVENTORY);
    let started = std::time::Instant::now();
    let out = run(linger(&ws, &net), &["check", "--online", "--deadline", "5"]);
    let stdout = text(&out.stdout);
    assert!(started.elapsed() < Duration::from_secs(25));
    assert!(
        stdout.contains("asks to wait 30 s, past the run's deadline of 5 s"),
        "{stdout}"
    );
}
