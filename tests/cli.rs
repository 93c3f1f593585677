//! CLI cases as data (trycmd): each `tests/cmd/NAME.toml` runs the real
//! binary; `NAME.stdout`/`NAME.stderr` hold the whole expected output.
//! Regenerate after a deliberate change with `TRYCMD=overwrite cargo test
//! --test cli`, then review the diff.

#[test]
fn cli_cases() {
    trycmd::TestCases::new()
        .env("NO_COLOR", "1")
        .case("tests/cmd/*.toml");
}
