//! No escape code from a file reaches a terminal: the loader refuses
//! control characters in free text, and every writer a person reads shows
//! any that get through (from a user's template) as `\u{1b}`.

mod common;

use common::load_errors;

#[test]
fn free_text_refuses_control_characters_but_keeps_line_breaks_and_tabs() {
    for (field, value) in [
        (
            "notes",
            r#""see \u001b]8;;https://evil.example\u001b\\here""#,
        ),
        ("notes", r#""clip \u001b]52;c;cm0gLXJmIH4=\u0007""#),
        ("notes", r#""title \u001b]0;pwned\u0007""#),
        ("notes", r#""clear \u001b[2J""#),
        ("notes", r#""C1 \u009b2J""#),
    ] {
        let body = format!("[[vendor]]\nid = \"v\"\nname = \"V\"\n{field} = {value}\n");
        let errors = load_errors(&body, "2026-11-28");
        assert_eq!(errors.len(), 1, "{value}: {errors:?}");
        assert!(errors[0].0.contains("control character"), "{errors:?}");
    }
    let event = "[[vendor]]\nid = \"v\"\nname = \"V\"\nretired_on = 2026-01-01\n\n\
                 [[vendor.event]]\non = 2026-01-15\nkind = \"requested\"\n\n\
                 [[vendor.event]]\non = 2026-02-01\nkind = \"refused\"\nreason = \"no\\u001b[2J\"\n";
    assert_eq!(load_errors(event, "2026-11-28").len(), 1);
    let address = "address = \"Storgata 1\\u009b\"\n";
    assert_eq!(load_errors(address, "2026-11-28").len(), 1);

    let fine = "notes = \"\"\"\nline one\n\tindented line two\n\"\"\"\n";
    common::inventory(
        &format!("[[vendor]]\nid = \"v\"\nname = \"V\"\n{fine}"),
        "2026-11-28",
    );
}

#[test]
fn a_template_with_escape_codes_prints_them_visibly_in_every_format() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vendors.toml"),
        include_str!("cmd/fixtures/letters/vendors.toml"),
    )
    .unwrap();
    std::fs::create_dir(dir.path().join("letters")).unwrap();
    std::fs::write(
        dir.path().join("letters/request.en.txt"),
        "Subject: hi \u{1b}]0;title\u{7}\n\nBody \u{1b}]52;c;eA==\u{7} and \u{9b}2J.\n",
    )
    .unwrap();
    for format in ["text", "markdown", "eml"] {
        let out = common::linger()
            .args([
                "letter", "surveyly", "--kind", "request", "--format", format,
            ])
            .current_dir(dir.path())
            .output()
            .unwrap();
        assert_eq!(out.status.code(), Some(0), "{format}");
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.contains('\u{1b}') && !text.contains('\u{9b}') && !text.contains('\u{7}'),
            "{format}: {text:?}"
        );
        if format != "eml" {
            assert!(
                text.contains("Body \\u{1b}]52;c;eA==\\u{7}"),
                "{format}: {text}"
            );
        }
    }
    let out = common::linger()
        .args(["letters", "--due", "--format", "text", "-o", "drafts"])
        .current_dir(dir.path())
        .output()
        .unwrap();
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    for entry in std::fs::read_dir(dir.path().join("drafts")).unwrap() {
        let bytes = std::fs::read(entry.unwrap().path()).unwrap();
        assert!(!bytes.contains(&0x1b), "a draft holds a raw ESC");
    }
}
