//! A new user's first hour (issue 30): the help a mistake gets must lead
//! somewhere safe.

mod common;

use common::linger;

/// A missing input file that is not the inventory: `linger init FILE`
/// would write a starter inventory into it, so it is never offered.
#[test]
fn a_missing_input_file_is_never_offered_linger_init() {
    let dir = tempfile::tempdir().unwrap();
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendors.example.toml");
    std::fs::copy(&example, dir.path().join("vendors.toml")).unwrap();
    let runs: [&[&str]; 3] = [
        &[
            "letter",
            "oldcrm",
            "--kind",
            "breach-inquiry",
            "--addresses",
            "nothere.txt",
        ],
        &["trace", "nothere.eml"],
        &["subjects", "import", "oldcrm", "nothere.csv"],
    ];
    for args in runs {
        let out = linger()
            .current_dir(dir.path())
            .args(args)
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("nothere."), "{args:?}: {err}");
        assert!(!err.contains("linger init"), "{args:?}: {err}");
    }
    // The inventory itself still gets the offer.
    let out = linger()
        .current_dir(dir.path())
        .args(["-f", "other.toml", "check"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("linger init other.toml"), "{err}");
    assert!(!dir.path().join("nothere.txt").exists());
}

/// An inventory with no canary and no subject set: every new user's.
const UNPREPARED: &str = r#"schema = 1

[organization]
name = "Northwind Analytics Ltd"
email = "privacy@northwind.example"

[[vendor]]
id = "formsy"
name = "Formsy"
used_from = 2019-01-01
retired_on = 2026-08-01
data = ["contact.email", "contact.name"]
records = 12000

[[vendor]]
id = "payroll"
name = "Payroll Co"
used_from = 2019-01-01
data = ["financial.salary"]

[[vendor]]
id = "mailblast"
name = "Mailblast"
used_from = 2018-01-01
data = ["contact.email"]
records = 90000
"#;

#[test]
fn trace_without_canaries_still_writes_the_addresses_and_guesses() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), UNPREPARED).unwrap();
    std::fs::write(
        dir.path().join("phished.txt"),
        "anna.berg@example.com\nola.hansen@example.org\nstaff@northwind.example\n",
    )
    .unwrap();
    let out = linger()
        .current_dir(dir.path())
        .args(["trace", "phished.txt", "--write-addresses", "leaked.txt"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let stdout = String::from_utf8_lossy(&out.stdout);
    let written = std::fs::read_to_string(dir.path().join("leaked.txt")).unwrap();
    assert_eq!(written, "anna.berg@example.com\nola.hansen@example.org\n");
    assert!(
        stdout.contains("nothing can be ranked by evidence"),
        "{stdout}"
    );
    // The two that recorded e-mail addresses, the larger first; never payroll.
    let mailblast = stdout.find("mailblast").expect("mailblast guessed");
    let formsy = stdout.find("formsy").expect("formsy guessed");
    assert!(mailblast < formsy, "{stdout}");
    assert!(!stdout.contains("payroll"), "{stdout}");
    assert!(
        stdout.contains("linger letter mailblast --kind breach-inquiry --addresses leaked.txt"),
        "{stdout}"
    );
    assert!(stdout.contains("linger canary new ID"), "{stdout}");

    let out = linger()
        .current_dir(dir.path())
        .args(["trace", "phished.txt", "--format", "json"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(json["leaked"], 2);
    assert_eq!(json["vendors"].as_array().unwrap().len(), 0);
    let ids: Vec<&str> = json["guesses"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["mailblast", "formsy"]);
}

/// The standard error of a run on the example inventory that must fail
/// as a usage error (exit 2).
fn usage_error(args: &[&str]) -> String {
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendors.example.toml");
    let out = linger()
        .arg("-f")
        .arg(&example)
        .args(args)
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2), "{args:?}");
    String::from_utf8_lossy(&out.stderr).into_owned()
}

/// A tip never records the wrong event: the words people use name the kind
/// they mean, and spelling suggests only a near miss.
#[test]
fn did_you_mean_never_crosses_meaning() {
    let tip = |args: &[&str]| {
        let err = usage_error(args);
        err.lines()
            .find(|l| l.trim_start().starts_with("tip:"))
            .unwrap_or("")
            .to_string()
    };
    for (word, kind) in [
        ("done", "confirmed"),
        ("deleted", "confirmed"),
        ("erased", "confirmed"),
        ("complete", "confirmed"),
        ("sent", "requested"),
        ("asked", "requested"),
        ("replied", "acknowledged"),
        ("received", "acknowledged"),
    ] {
        let tip = tip(&["mark", "oldcrm", word]);
        assert!(
            tip.contains(&format!("did you mean `{kind}`")),
            "{word}: {tip}"
        );
    }
    assert!(tip(&["mark", "oldcrm", "requestd"]).contains("`requested`"));
    assert_eq!(tip(&["mark", "oldcrm", "banana"]), "");
    let lettr = tip(&["lettr"]);
    assert!(
        lettr.contains("`letter`") && !lettr.contains("retire"),
        "{lettr}"
    );
}

#[test]
fn small_mistakes_get_help_that_fits() {
    let stderr = usage_error;
    let example = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("vendors.example.toml");
    let err = stderr(&["mark", "oldcrm", "requested", "--on", "2023-02-30"]);
    assert!(err.contains("February 2023 has 28 days"), "{err}");
    let err = stderr(&["overdue", "--json"]);
    assert!(err.contains("`--format json`"), "{err}");
    // A flag the command has no format for gets no such tip.
    let err = stderr(&["retire", "oldcrm", "--json"]);
    assert!(!err.contains("--format"), "{err}");
    let dir = tempfile::tempdir().unwrap();
    std::fs::copy(&example, dir.path().join("vendors.toml")).unwrap();
    let before = std::fs::read(dir.path().join("vendors.toml")).unwrap();
    let out = linger()
        .current_dir(dir.path())
        .args(["add", "newtool", "--name", "New Tool", "--data", "email"])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("did you mean `contact.email`?"), "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        before
    );
}

const FIRST_CHECK: &str = r#"schema = 1

[organization]
name = "Northwind Analytics Ltd"
email = "privacy@northwind.example"

[[vendor]]
id = "crm"
name = "CRM"
privacy_email = "privacy@crm.example"
used_from = 2020-01-01
data = ["contact.email"]

[[vendor]]
id = "forms"
name = "Forms"
privacy_email = "privacy@forms.example"
used_from = 2020-01-01
data = ["contact.email"]

[[vendor]]
id = "oldsurvey"
name = "Old Survey"
privacy_email = "privacy@oldsurvey.example"
used_from = 2017-01-01
retired_on = 2021-03-01
data = ["contact.email"]

[[vendor.event]]
on = 2021-03-05
kind = "requested"

[[vendor.event]]
on = 2021-03-10
kind = "acknowledged"
note = "question: which workspace?"
"#;

#[test]
fn the_first_check_is_not_noise() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("vendors.toml"), FIRST_CHECK).unwrap();
    let check = |args: &[&str]| {
        let out = linger()
            .current_dir(dir.path())
            .arg("check")
            .args(args)
            .output()
            .unwrap();
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let human = check(&[]);
    // No advice to make a canary at a vendor left five years ago.
    assert!(!human.contains("`oldsurvey` holds"), "{human}");
    // One line per advice code for the rest.
    assert!(
        human.contains("info[no-canary]: 2 vendors: crm, forms"),
        "{human}"
    );
    assert!(
        human.contains("info[subjects-missing]: 2 vendors: crm, forms"),
        "{human}"
    );
    assert_eq!(human.matches("linger canary new").count(), 0, "{human}");
    let verbose = check(&["--verbose"]);
    assert!(verbose.contains("linger canary new crm"), "{verbose}");
    assert!(verbose.contains("linger canary new forms"), "{verbose}");
    let json: serde_json::Value = serde_json::from_str(&check(&["--format", "json"])).unwrap();
    let codes: Vec<&str> = json["findings"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["code"].as_str().unwrap())
        .collect();
    assert_eq!(
        codes.iter().filter(|c| **c == "no-canary").count(),
        2,
        "{codes:?}"
    );
    // The vendor waits for us: a warning, not an info buried in the list.
    assert!(
        human.contains("warning[vendor-asked]: `oldsurvey` asked before it acts"),
        "{human}"
    );
}

/// Two senders' mail: QuizBox, and "The Formsnake Team".
const MBOX: &str = "From hello@quizbox.example Tue Mar  5 10:00:00 2019\n\
From: QuizBox <hello@quizbox.example>\n\
To: anna@northwind.example\n\
Date: Tue, 5 Mar 2019 10:00:00 +0000\n\
Subject: Welcome to your QuizBox trial\n\
\n\
Hi!\n\
From hello@quizbox.example Fri Apr  5 10:00:00 2019\n\
From: QuizBox <hello@quizbox.example>\n\
To: anna@northwind.example\n\
Date: Fri, 5 Apr 2019 10:00:00 +0000\n\
Subject: Your QuizBox invoice\n\
\n\
Thanks.\n\
From team@formsnake.example Tue Mar  5 10:00:00 2019\n\
From: The Formsnake Team <team@formsnake.example>\n\
Date: Tue, 5 Mar 2019 10:00:00 +0000\n\
Subject: Your Formsnake invoice\n\
\n\
From team@formsnake.example Fri Apr  5 10:00:00 2019\n\
From: The Formsnake Team <team@formsnake.example>\n\
Date: Fri, 5 Apr 2019 10:00:00 +0000\n\
Subject: Your Formsnake receipt\n\
\n";

/// `discover` names a vendor as its own mail does (`From: QuizBox`), not by
/// its domain (`quizbox-example`), and only when the name is the domain's.
#[test]
fn discover_takes_the_vendors_own_name_from_its_mail() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join("vendors.toml"),
        "schema = 1\n[organization]\nname = \"N\"\nemail = \"privacy@northwind.example\"\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("all.mbox"), MBOX).unwrap();

    // Off a terminal a table is at most 100 wide, or COLUMNS: long text
    // (the evidence) gives way, down to 24 characters, with `…`; ids and
    // dates never. The JSON keeps it whole.
    let table = |columns: Option<&str>| {
        let mut cmd = linger();
        cmd.current_dir(dir.path()).env_remove("COLUMNS");
        if let Some(columns) = columns {
            cmd.env("COLUMNS", columns);
        }
        let out = cmd
            .args(["discover", "--mail", "all.mbox"])
            .output()
            .unwrap();
        common::assert_success(&out);
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    for columns in [None, Some("80")] {
        let shown = table(columns);
        assert!(shown.contains("mail: 2 messages from q…"), "{shown}");
        assert!(shown.contains("quizbox             QuizBox"), "{shown}");
        assert!(!shown.contains("SaaS relationship"), "{shown}");
    }
    let wide = table(Some("250"));
    assert!(wide.contains("2 subjects of a SaaS relationship"), "{wide}");
    assert!(!wide.contains('…'), "{wide}");

    let out = linger()
        .current_dir(dir.path())
        .args(["discover", "--mail", "all.mbox", "--format", "json"])
        .output()
        .unwrap();
    common::assert_success(&out);
    let json: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let found: Vec<(String, String)> = json
        .as_array()
        .or_else(|| json["candidates"].as_array())
        .unwrap()
        .iter()
        .map(|c| {
            (
                c["id"].as_str().unwrap().to_string(),
                c["name"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert!(
        found.contains(&("quizbox".into(), "QuizBox".into())),
        "{found:?}"
    );
    assert!(
        String::from_utf8_lossy(&out.stdout).contains("subjects of a SaaS relationship"),
        "the JSON keeps the evidence whole"
    );
    // "The Formsnake Team" is not the domain's word: the domain names it.
    assert!(
        found.contains(&("formsnake-example".into(), "formsnake.example".into())),
        "{found:?}"
    );
}

/// `discover --add a,b --dry-run` prints one diff of the whole change,
/// which applies as printed; the vendors it adds are laid out like their
/// neighbours, a blank line between them.
#[test]
fn discover_add_dry_run_is_one_diff_that_applies() {
    let dir = tempfile::tempdir().unwrap();
    let out = linger()
        .current_dir(dir.path())
        .arg("init")
        .output()
        .unwrap();
    common::assert_success(&out);
    std::fs::write(dir.path().join("all.mbox"), MBOX).unwrap();
    let before = std::fs::read(dir.path().join("vendors.toml")).unwrap();
    let add = [
        "discover",
        "--mail",
        "all.mbox",
        "--add",
        "quizbox,formsnake-example",
    ];
    let out = linger()
        .current_dir(dir.path())
        .args(add)
        .arg("--dry-run")
        .output()
        .unwrap();
    common::assert_success(&out);
    let diff = String::from_utf8_lossy(&out.stdout).into_owned();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(diff.matches("+++ ").count(), 1, "{diff}");
    assert_eq!(err.matches("Dry run:").count(), 1, "{err}");
    assert_eq!(
        std::fs::read(dir.path().join("vendors.toml")).unwrap(),
        before
    );
    // The diff applies as printed (git apply), and gives what --add writes.
    std::fs::write(dir.path().join("change.diff"), &diff).unwrap();
    if !common::outside::git("discover_add_dry_run_is_one_diff_that_applies") {
        return;
    }
    let applied = std::process::Command::new("git")
        .current_dir(dir.path())
        .args(["apply", "change.diff"])
        .output()
        .unwrap();
    assert!(
        applied.status.success(),
        "{}",
        String::from_utf8_lossy(&applied.stderr)
    );
    let patched = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    std::fs::write(dir.path().join("vendors.toml"), &before).unwrap();
    let out = linger().current_dir(dir.path()).args(add).output().unwrap();
    common::assert_success(&out);
    let written = std::fs::read_to_string(dir.path().join("vendors.toml")).unwrap();
    assert_eq!(patched, written);
    assert!(
        written.contains("\n\n[[vendor]]\nid = \"quizbox\""),
        "{written}"
    );
    assert!(
        written.contains("\n\n[[vendor]]\nid = \"formsnake-example\""),
        "{written}"
    );
}
