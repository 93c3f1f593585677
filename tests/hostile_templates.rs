//! A `letters/KIND.LANG.txt` committed to a repository is code: whatever it
//! does, `letter` ends quickly with an error that names the template,
//! never a hang, an abort or gigabytes of memory.

mod common;

use std::time::{Duration, Instant};

const INVENTORY: &str = include_str!("cmd/fixtures/letters/vendors.toml");

fn run_with_template(body: &str) -> (Option<i32>, String, Duration) {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), INVENTORY).unwrap();
    std::fs::create_dir(dir.path().join("letters")).unwrap();
    std::fs::write(
        dir.path().join("letters/request.en.txt"),
        format!("Subject: x\n\n{body}\n"),
    )
    .unwrap();
    let started = Instant::now();
    let out = assert_cmd::Command::from_std(common::linger())
        .args(["letter", "surveyly", "--kind", "request", "--lang", "en"])
        .current_dir(dir.path())
        // A hang fails the test instead of stalling the suite.
        .timeout(Duration::from_secs(60))
        .output()
        .unwrap();
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        started.elapsed(),
    )
}

#[test]
fn hostile_templates_are_stopped_with_an_error_naming_the_template() {
    for (what, body, expect) in [
        (
            "nested loops",
            "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}",
            "did more work than a letter needs",
        ),
        (
            "a string doubled in a loop",
            "{% set ns = namespace(s=\"xxxxxxxx\") %}{% for i in range(64) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}{{ ns.s|length }}",
            "did more work than a letter needs",
        ),
        (
            "a string doubled by assignments",
            &format!(
                "{{% set s0 = \"x\" * 1000000 %}}{}{{{{ s40|length }}}}",
                (1..=40)
                    .map(|i| format!("{{% set s{i} = s{} ~ s{} %}}", i - 1, i - 1))
                    .collect::<String>()
            ),
            "did more work than a letter needs",
        ),
        (
            "a macro that calls itself",
            "{% macro m(n) %}{{ m(n + 1) }}{% endmacro %}{{ m(0) }}",
            "nests calls deeper than",
        ),
        (
            "an endless letter",
            "{% for i in range(3000) %}{{ \"y\" * 1000 }}{% endfor %}",
            "a letter is at most",
        ),
    ] {
        let (code, stderr, took) = run_with_template(body);
        assert_eq!(code, Some(2), "{what}: {stderr}");
        assert!(stderr.contains(expect), "{what}: {stderr}");
        assert!(
            stderr.contains("letters/request.en.txt"),
            "{what}: {stderr}"
        );
        assert!(took < Duration::from_secs(30), "{what} took {took:?}");
    }
}
