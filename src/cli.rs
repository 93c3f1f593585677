//! The command line, as clap definitions only. `crate::app` runs them.

use std::collections::BTreeMap;
use std::path::PathBuf;

use chrono::NaiveDate;
use clap::{Args, Parser, Subcommand, ValueEnum};
use clap_complete::ArgValueCandidates;

use crate::inventory::{EventKind, Language, Law};
use crate::letters::Kind;
use crate::online::sources::{SOURCES, SourceId};
use crate::output::table::TableFormat;
use crate::suggest;
use crate::terms::Code;

const EXIT_STATUS: &str = "\
Exit status:
  0  success: no error-level finding
  1  findings: `check` found an error-level finding, `overdue --exit-code` printed a row,
     or `secret status` found the secret nowhere
  2  could not run: bad usage, a missing, unreadable or invalid inventory, a refused edit,
     a letter that could not be written or sent, an I/O error

A closed pipe (`linger list | head`) is success.";

/// Keep track of the SaaS vendors that hold your customers' data, and get it
/// deleted when you stop using them.
#[derive(Debug, Parser)]
#[command(name = "linger", version, after_help = EXIT_STATUS, max_term_width = 100)]
pub struct Cli {
    /// The inventory file [default: vendors.toml in this directory or the nearest parent]
    #[arg(
        short = 'f',
        long = "inventory",
        value_name = "PATH",
        env = "LINGER_INVENTORY",
        global = true,
        help_heading = "Global options"
    )]
    pub inventory: Option<PathBuf>,

    /// Compute every date as if today were this day [default: the real date]; a
    /// moment with its offset (2026-11-29T10:00:00+01:00) sets the hour clocks too
    #[arg(long, value_name = "YYYY-MM-DD", env = "LINGER_TODAY", value_parser = parse_today, global = true, help_heading = "Global options")]
    pub today: Option<Today>,

    /// When to use colour (NO_COLOR is honoured under `auto`)
    #[arg(
        long,
        value_name = "WHEN",
        default_value = "auto",
        global = true,
        help_heading = "Global options"
    )]
    pub color: ColorWhen,

    /// Print only results and errors, not progress or summaries
    #[arg(short, long, global = true, help_heading = "Global options")]
    pub quiet: bool,

    /// The width tables fit (shells export it as `COLUMNS`); read leniently,
    /// since a stray value must not stop a run
    #[arg(long, env = "COLUMNS", hide = true, global = true, value_name = "N")]
    pub columns: Option<String>,

    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a commented starter inventory (never overwrites a file)
    Init(InitArgs),
    /// Run every check over the inventory, like a linter
    #[command(after_help = EXIT_STATUS, after_long_help = check_long_help())]
    #[command(mut_arg("ct_url", hidden), mut_arg("rdap_ip_bootstrap_url", hidden))]
    Check(CheckArgs),
    /// List every vendor with its deletion state and due date
    List(ListArgs),
    /// The overdue-deletion table, most overdue first
    #[command(after_help = EXIT_STATUS)]
    Overdue(OverdueArgs),
    /// One vendor: its fields, its history, and how its due date was computed
    Show(ShowArgs),
    /// Append a vendor to the inventory
    #[command(after_help = EDITING)]
    Add(AddArgs),
    /// Record the date a vendor stopped being used (sets `retired_on`)
    #[command(after_help = EDITING)]
    Retire(RetireArgs),
    /// Record an event in a vendor's deletion history
    #[command(after_help = EDITING, after_long_help = mark_long_help())]
    Mark(MarkArgs),
    /// Draft one letter: a deletion request, a follow-up, a report to the authority, or the breach kit
    #[command(after_long_help = letter_long_help())]
    Letter(LetterArgs),
    /// Draft the next letter for every vendor that needs one
    Letters(LettersArgs),
    /// Send letters by SMTP and record each one in the inventory
    #[command(after_help = SENDING)]
    #[command(mut_arg("hibp_url", hidden), mut_arg("doh_url", hidden))]
    #[command(mut_arg("ct_url", hidden), mut_arg("rdap_ip_bootstrap_url", hidden))]
    Send(SendArgs),
    /// Keep a secret (the SMTP password) in the OS keyring
    #[command(subcommand, after_help = SECRETS)]
    Secret(SecretCommand),
    /// Canary addresses: test accounts that exist at one vendor only
    #[command(subcommand)]
    Canary(CanaryCommand),
    /// Who was in which vendor, kept as keyed hashes (never plain addresses)
    #[command(subcommand)]
    Subjects(SubjectsCommand),
    /// Read the vendors' replies in the privacy mailbox: tie each to its
    /// vendor and propose the event it means (--apply records them)
    #[command(after_help = INBOX)]
    Inbox(InboxArgs),
    /// Which vendor leaked: compare phished addresses with canaries and
    /// subject sets, and rank the vendors
    Trace(TraceArgs),
    /// Who sent a phishing mail and where to report it: the sending
    /// service and network, the phishing domains and their registrars,
    /// and their abuse contacts (with --online)
    #[command(after_help = PHISH)]
    #[command(mut_arg("hibp_url", hidden), mut_arg("ct_url", hidden))]
    Phish(PhishArgs),
    /// A personal data breach, tracked: open it, record each step, see its
    /// clocks, and keep the breach register
    #[command(subcommand)]
    Incident(IncidentCommand),
    /// Find the vendors the inventory lacks, in the mail archive, our DNS
    /// records and card statements
    #[command(after_help = DISCOVER)]
    #[command(mut_arg("hibp_url", hidden), mut_arg("ct_url", hidden))]
    #[command(
        mut_arg("rdap_bootstrap_url", hidden),
        mut_arg("rdap_ip_bootstrap_url", hidden)
    )]
    Discover(DiscoverArgs),
    /// Lookalikes of our domain that somebody registered (online): the
    /// domains phishing comes from
    #[command(after_help = LOOKALIKES)]
    #[command(mut_arg("hibp_url", hidden), mut_arg("rdap_ip_bootstrap_url", hidden))]
    Lookalikes(LookalikesArgs),
    /// An audit report: summary, overdue table, a timeline per vendor, the
    /// findings, as one self-contained HTML page or Markdown
    Report(ReportArgs),
    /// The evidence pack for an auditor: one zip of each vendor's history
    /// and evidence files, with a manifest of their hashes
    #[command(subcommand)]
    Evidence(EvidenceCommand),
    /// The open due dates as an iCalendar file: one to-do per vendor, with
    /// a reminder
    Calendar(CalendarArgs),
    /// Print the JSON Schema of vendors.toml, for editors (taplo, Even
    /// Better TOML)
    Schema(SchemaArgs),
    /// Print the script that gives a shell completion of linger's commands,
    /// options and vendor ids
    #[command(after_help = COMPLETIONS)]
    Completions(CompletionsArgs),
    /// Write the man pages, one per command
    Man(ManArgs),
    /// git's merge driver for the inventory: vendors and events added on
    /// both branches are all kept (see docs/install.md)
    #[command(after_help = MERGE_DRIVER)]
    MergeDriver(MergeDriverArgs),
    /// Reads a PDF on standard input and writes its text: `inbox` runs it
    /// in a child process with limits (hidden)
    #[command(hide = true)]
    PdfText,
}

const MERGE_DRIVER: &str = "\
Set it up once per clone, and name the files it merges in .gitattributes:
  git config merge.linger.name \"linger inventory merge\"
  git config merge.linger.driver \"linger merge-driver %O %A %B %P\"
  echo 'vendors.toml merge=linger' >> .gitattributes
git calls it with the common ancestor, our version (which it overwrites with
the result) and theirs. Exit 0: merged; 1: conflicts, marked around the whole
vendor; 2: it could not run.";

#[derive(Debug, Args)]
pub struct MergeDriverArgs {
    /// The common ancestor's version (git's %O)
    #[arg(value_name = "BASE")]
    pub base: PathBuf,
    /// Our version, overwritten with the result (git's %A)
    #[arg(value_name = "OURS")]
    pub ours: PathBuf,
    /// Their version (git's %B)
    #[arg(value_name = "THEIRS")]
    pub theirs: PathBuf,
    /// The path of the file in the repository, for the conflict markers
    /// (git's %P)
    #[arg(value_name = "PATH")]
    pub path: Option<String>,
}

const COMPLETIONS: &str = "\
Load it in your shell's start-up file, so it always matches the linger you run:
  bash:        echo 'source <(linger completions bash)' >> ~/.bashrc
  zsh:         echo 'source <(linger completions zsh)' >> ~/.zshrc   (after `autoload -U compinit && compinit`)
  fish:        echo 'linger completions fish | source' >> ~/.config/fish/config.fish
  powershell:  linger completions powershell | Out-String | Invoke-Expression   (in $PROFILE)
Vendor ids are completed from the inventory -f would use: LINGER_INVENTORY, or
vendors.toml here or in a parent directory.";

#[derive(Debug, Args)]
pub struct CompletionsArgs {
    /// The shell
    #[arg(value_enum)]
    pub shell: Shell,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Shell {
    Bash,
    Zsh,
    Fish,
    Powershell,
    Elvish,
}

#[derive(Debug, Args)]
pub struct ManArgs {
    /// The directory to write linger.1 and linger-COMMAND.1 into
    #[arg(short, long, value_name = "DIR", default_value = "man")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct SchemaArgs {
    /// Write the schema to FILE (e.g. vendors.schema.json) [default:
    /// standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct CalendarArgs {
    /// Write the calendar to FILE (e.g. deletions.ics) [default: standard
    /// output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Write the report to FILE [default: standard output]
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,

    /// Output format
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "html")]
    pub format: ReportFormat,
}

#[derive(Debug, Subcommand)]
pub enum EvidenceCommand {
    /// Write one zip with, per vendor, its history (JSON and text) and
    /// every evidence file its records name, a manifest.json of every
    /// file's SHA-256 and an index.html that links each event to its files
    #[command(after_help = EVIDENCE_PACK)]
    Pack(EvidencePackArgs),
    /// Recheck every file of a pack against its manifest: list what is
    /// missing, changed or extra
    #[command(after_help = EVIDENCE_VERIFY)]
    Verify(EvidenceVerifyArgs),
}

const EVIDENCE_PACK: &str = "\
Exit status: 0 the pack is complete; 1 it was written but lacks evidence (a
file a record names does not exist, or is not the file recorded: each is a
warning and is listed in the manifest); 2 nothing was written (an evidence
path outside the inventory's folder or through a link, an unknown id).";

const EVIDENCE_VERIFY: &str = "\
Exit status: 0 every file matches the manifest and the pack lacks nothing;
1 a file is missing, changed, damaged or extra, or the pack was made
without evidence the inventory names; 2 it is no pack (not a zip, cut
short, no manifest.json or one that is not linger's).";

#[derive(Debug, Args)]
pub struct EvidencePackArgs {
    /// The vendors to pack [default: every vendor]
    #[arg(value_name = "ID", add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub ids: Vec<String>,

    /// The zip file to write (replaced if it exists)
    #[arg(short, long, value_name = "FILE.zip")]
    pub output: PathBuf,
}

#[derive(Debug, Args)]
pub struct EvidenceVerifyArgs {
    /// The pack `linger evidence pack` wrote
    #[arg(value_name = "FILE.zip")]
    pub pack: PathBuf,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    /// One self-contained page: no scripts, fonts or images from elsewhere
    Html,
    /// The same content for a wiki or a ticket
    Markdown,
}

const INBOX: &str = "\
Each message is tied to a vendor by, in this order: the plus tag of the
address it was sent to (organization.reply_tag), the letter it answers
(In-Reply-To, References), the [ref:ID] tag in its subject, the vendor's
domain (or its ticket system's sub-domain) on a reply, or, for a
non-delivery report, the letter it returns or the privacy_email it failed;
a plus address (privacy+ID@) only with reply_tag. A message that matches no
vendor is counted, never shown or kept.

Without --apply nothing changes. --apply records acknowledged, extended,
question (an acknowledged event whose note starts with `question:`) and
bounced, each with the message saved under evidence/ID/ and its SHA-256;
confirmed, refused, not-needed, an extension of more than a year and a
third extension only for the replies named in --accept (VENDOR:HEX from the
accept column, or a Message-ID). Nothing is recorded from a sender who is
not the vendor's (its domains, its ticket system's, its thread's) or whose
authentication failed, nor a bounce but our own servers' or relay's that
returns a letter we recorded. Running twice records nothing new.";

const DISCOVER: &str = "\
From mail, only sender domains, dates and subjects are read (bodies are
skipped, never stored); --no-subjects leaves the subjects out. --dns asks DNS
over HTTPS about our own domain only. Candidates are vendors the inventory
does not have (by domain, website or name); one last seen more than
--quiet-for months ago is marked probably retired. --add appends them
through the editor, with used_from, name, website, data and the privacy
contact from linger's directory, and a note naming the evidence; never
retired_on: look at the probably retired ones and retire them yourself.";

const PHISH: &str = "\
The sending service is named from the fingerprints `discover` uses (its
host, DKIM d=, Return-Path and Message-ID domains, and the header fields
bulk-mail services add); each clue is listed as evidence. With --online,
abuse contacts come only from RDAP: the sending network's from its
regional registry (found through IANA's bootstrap files), the registrar's
from the domain's registry. The next steps are the letters to send:
`--kind abuse-report` to the sending service, `--kind registrar-report` to
the registrar. Every name the phisher chose is shown defanged
(`evil[.]example`); the JSON's `domain` and `host` carry the real name,
with `defanged` beside it. `letter --phishing-domain` reads a defanged
name back.

Exit status: 0; 2 when no file holds a message.";

const LOOKALIKES: &str = "\
The names are every name dnstwist makes, and more: omission, repetition,
transposition, keyboard replacement and insertion (QWERTY, QWERTZ, AZERTY),
hyphenation, subdomain, vowel swap, plural, homoglyphs (ASCII and
internationalised), whole-script Cyrillic and Greek, bit flips, an added
letter, words phishers add (dictionary), the top-level domain run in
(various), and other top-level domains. Each is resolved over DNS over
HTTPS; each that exists is looked up in RDAP. Only the names are sent.
--ct also searches Certificate Transparency (crt.sh) for certificates with
the brand in a name. Give a listed domain to `linger letter ID --kind
registrar-report --phishing-domain DOMAIN` (or abuse-report,
customer-notice).

Exit status: 0, or 1 under --exit-code when a domain is listed; 2 when the
lookups could not be made.";

/// Hides an argument a command takes but does not use (`Endpoints`).
fn hidden(arg: clap::Arg) -> clap::Arg {
    arg.hide(true)
}

/// Where the online sources are, and where their answers are cached. Each
/// can be pointed elsewhere (a mirror, a proxy's cache, a test server).
/// Every online command takes them all (one environment serves every
/// command), but `--help` shows only those the command asks: see `hidden`
/// on each command in `Command`.
#[derive(Debug, Clone, Args)]
pub struct Endpoints {
    /// One `--…-url` option per online source, from its table
    #[command(flatten)]
    pub urls: SourceUrls,

    /// Seconds a request may take in all (connecting takes at most 10)
    #[arg(long, value_name = "SECONDS", env = "LINGER_HTTP_TIMEOUT", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=600), hide_short_help = true, help_heading = "Online sources")]
    pub timeout: u64,

    /// Seconds the whole run may take, retries and waits included; what is
    /// not asked by then is reported as not checked
    #[arg(long, value_name = "SECONDS", env = "LINGER_DEADLINE", default_value_t = 300, value_parser = clap::value_parser!(u64).range(1..=86_400), hide_short_help = true, help_heading = "Online sources")]
    pub deadline: u64,

    /// Where answers are cached [default: the user cache directory, e.g.
    /// ~/.cache/linger/http]
    #[arg(
        long,
        value_name = "DIR",
        env = "LINGER_CACHE_DIR",
        hide_short_help = true,
        help_heading = "Online sources"
    )]
    pub cache_dir: Option<PathBuf>,
}

/// The URL of each online source: an option and an environment variable
/// per row of `online::sources::SOURCES`, made from that table (name,
/// variable, default and help), so that a new source is one row there.
#[derive(Debug, Clone, Default)]
pub struct SourceUrls(BTreeMap<SourceId, url::Url>);

impl SourceUrls {
    /// The URL given for `id`, else its default; `None` for a source whose
    /// default is derived from another (`rdap_ip_bootstrap_url`).
    pub fn get(&self, id: SourceId) -> Option<&url::Url> {
        self.0.get(&id)
    }
}

impl clap::FromArgMatches for SourceUrls {
    fn from_arg_matches(matches: &clap::ArgMatches) -> Result<Self, clap::Error> {
        Self::from_arg_matches_mut(&mut matches.clone())
    }

    fn from_arg_matches_mut(matches: &mut clap::ArgMatches) -> Result<Self, clap::Error> {
        let mut urls = SourceUrls::default();
        urls.update_from_arg_matches_mut(matches)?;
        Ok(urls)
    }

    fn update_from_arg_matches(&mut self, matches: &clap::ArgMatches) -> Result<(), clap::Error> {
        self.update_from_arg_matches_mut(&mut matches.clone())
    }

    fn update_from_arg_matches_mut(
        &mut self,
        matches: &mut clap::ArgMatches,
    ) -> Result<(), clap::Error> {
        for source in &SOURCES {
            if let Some(url) = matches.remove_one::<url::Url>(source.arg) {
                self.0.insert(source.id, url);
            }
        }
        Ok(())
    }
}

impl Args for SourceUrls {
    fn augment_args(mut cmd: clap::Command) -> clap::Command {
        for source in &SOURCES {
            let mut arg = clap::Arg::new(source.arg)
                .long(source.long())
                .value_name("URL")
                .env(source.env)
                .help(source.help)
                .value_parser(clap::value_parser!(url::Url))
                .action(clap::ArgAction::Set)
                .hide_short_help(true)
                .help_heading("Online sources");
            if let Some(url) = source.default_url() {
                arg = arg.default_value(url);
            }
            cmd = cmd.arg(arg);
        }
        cmd
    }

    fn augment_args_for_update(cmd: clap::Command) -> clap::Command {
        Self::augment_args(cmd)
    }
}

/// How an online run asks.
#[derive(Debug, Clone, Args)]
pub struct OnlineArgs {
    /// Ask every source again instead of using cached answers
    #[arg(long, help_heading = "Online sources")]
    pub refresh: bool,

    /// Requests in flight at a time
    #[arg(long, value_name = "N", default_value_t = 8, value_parser = clap::value_parser!(u16).range(1..=64), help_heading = "Online sources")]
    pub jobs: u16,

    #[command(flatten)]
    pub endpoints: Endpoints,
}

#[derive(Debug, Args)]
pub struct DiscoverArgs {
    /// Mail archives: mbox files (Google Takeout, Thunderbird) and Maildir
    /// folders
    #[arg(long, value_name = "PATH", num_args = 1..)]
    pub mail: Vec<PathBuf>,

    /// Our domain's DNS (SPF includes, DMARC, MX, verification TXT, CNAMEs
    /// of common subdomains), online [default: the domain of
    /// `organization.email`]
    #[arg(long, value_name = "DOMAIN", num_args = 0..=1, default_missing_value = "")]
    pub dns: Option<String>,

    /// More subdomains whose CNAME to look at, with --dns (repeatable)
    #[arg(long, value_name = "NAME", requires = "dns")]
    pub subdomain: Vec<String>,

    /// Card, bank or expense exports (CSV)
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub spend: Vec<PathBuf>,

    /// Exports of who signed in to or granted access to which application:
    /// Google Workspace Reports API (token, saml), Okta System Log, Entra
    /// sign-ins, delegated grants and service principals (JSON, or the
    /// Entra sign-in CSV download; recognised by content). Counts people;
    /// their addresses only with --verbose
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub logins: Vec<PathBuf>,

    /// With --logins: an application nobody used for DAYS days is probably
    /// retired
    #[arg(long, value_name = "DAYS", default_value_t = 90, requires = "logins")]
    pub stale_days: u32,

    /// Mark a vendor last seen more than MONTHS months ago as probably
    /// retired
    #[arg(long, value_name = "MONTHS", default_value_t = 12)]
    pub quiet_for: u32,

    /// Leave mail subjects out of the output
    #[arg(long)]
    pub no_subjects: bool,

    /// Name each file skipped in the mail archives (not mail, a device, a
    /// link out of the folder); with --logins, also the people of each
    /// application, on standard error only
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// Append the candidates to the inventory (all of them, or only the
    /// ids given, comma-separated)
    #[arg(long, value_name = "ID,ID", num_args = 0..=1, default_missing_value = "")]
    pub add: Option<String>,

    /// Output format
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: TableFormat,

    #[command(flatten)]
    pub edit: EditArgs,

    #[command(flatten)]
    pub online: OnlineArgs,
}

#[derive(Debug, Args)]
pub struct LookalikesArgs {
    /// The domain to protect [default: the domain of `organization.email`]
    pub domain: Option<String>,

    /// Only domains registered on or after DATE (those with no known
    /// registration date are left out)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub since: Option<NaiveDate>,

    /// Exit with status 1 when a domain is listed (for a scheduled CI job)
    #[arg(long)]
    pub exit_code: bool,

    /// Leave out internationalised (Unicode) lookalikes, most of the names
    #[arg(long)]
    pub ascii: bool,

    /// Print the names linger would look up, with how each was made, and
    /// look nothing up
    #[arg(long)]
    pub names_only: bool,

    /// More words for the `dictionary` fuzzer (`northwind-WORD.com`), one
    /// a line, `#` for comments; added to the built-in list (login,
    /// secure, billing, …)
    #[arg(long, value_name = "FILE")]
    pub dictionary: Option<PathBuf>,

    /// Also search Certificate Transparency (crt.sh) for certificates
    /// whose names contain our brand: finds lookalikes no typo predicts,
    /// like `northwind-secure-login.com`
    #[arg(long, conflicts_with = "names_only")]
    pub ct: bool,

    /// With --ct: more brand words to search for besides the domain's own
    /// label
    #[arg(long, value_name = "WORD", num_args = 1.., requires = "ct")]
    pub brand: Vec<String>,

    /// Output format
    #[arg(long, value_name = "FORMAT", value_enum, default_value = "table")]
    pub format: LookalikesFormat,

    #[command(flatten)]
    pub online: OnlineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LookalikesFormat {
    Table,
    Json,
    Csv,
}

const SENDING: &str = "\
`send` renders each letter exactly as `linger letter` does, sends it with a
copy to the organization's address, and records it at once: request →
`requested`, follow-up → `reminded`, escalation → `escalated`, with its
Message-ID, and the message as sent kept as evidence
(evidence/ID/DATE-KIND-sent.eml, its SHA-256 on the event). A failed send
records and keeps nothing. The SMTP server is the inventory's [smtp]
table; the password is the secret `smtp-password`.

For an incident: `send --incident ID` sends the breach notification
(`authority-notified`); `send --incident ID --kind registrar-report
--to ADDRESS --message FILE.eml...` and `--kind abuse-report ... --addresses
FILE` send the takedown reports, tagged [ref:ID] in the subject, and record
`reported` with its party, target and Message-ID. A customer-notice is not
sent: the company's own mailer tells the customers.";

const SECRETS: &str = "\
Secrets live in the OS keyring (service `linger`): the Secret Service on
Linux, the Keychain on macOS, the Credential Manager on Windows;
LINGER_KEYRING=keyutils uses the Linux kernel keyring. Where the keyring has
nothing, LINGER_<NAME> is used instead (LINGER_SMTP_PASSWORD for
`smtp-password`), for CI jobs. A secret is never printed.";

const EDITING: &str = "\
Edits change only the lines they must: comments, blank lines, alignment and
line endings stay as they are. An edit that would make the inventory invalid
is refused and the file is left untouched. Use --dry-run to see the diff first.";

#[derive(Debug, Args)]
pub struct InitArgs {
    /// Where to write the inventory
    #[arg(default_value = "vendors.toml")]
    pub path: PathBuf,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Output format
    #[arg(long, value_name = "FORMAT", default_value = "human")]
    pub format: CheckFormat,

    /// Treat CODE as an error (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub deny: Vec<Code>,

    /// Treat CODE as a warning (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub warn: Vec<Code>,

    /// Do not report CODE (repeatable)
    #[arg(long, value_name = "CODE", value_parser = parse_code)]
    pub allow: Vec<Code>,

    /// Also ask the network: breaches at vendors (Have I Been Pwned),
    /// vendors whose domain vanished or moved (DNS over HTTPS, their
    /// websites), and domains registered anew (RDAP). Only domain names
    /// are sent.
    #[arg(long)]
    pub online: bool,

    /// Also read identity-provider exports (as `discover --logins`): a
    /// retired vendor still signed in to or holding a grant, and
    /// applications in use that the inventory lacks
    #[arg(long, value_name = "FILE", num_args = 1..)]
    pub logins: Vec<PathBuf>,

    /// With --format sarif: the directory the inventory's path is given
    /// relative to [default: the git work tree's top level, else the
    /// current directory]
    #[arg(long, value_name = "DIR")]
    pub sarif_root: Option<PathBuf>,

    /// Show every finding of the advice codes (`no-canary`,
    /// `subjects-missing`) on its own, instead of one line each
    #[arg(long, short = 'v')]
    pub verbose: bool,

    /// With --online: record `acted` on the incident for each reported
    /// phishing domain found gone, with what was seen as its evidence
    #[arg(long)]
    pub apply: bool,

    /// With --online: where a reported phishing domain's web server is
    /// asked, `{domain}` standing for the domain [default:
    /// https://{domain}/]
    #[arg(
        long,
        value_name = "URL",
        env = "LINGER_SITE_URL",
        hide_short_help = true,
        help_heading = "Online sources"
    )]
    pub site_url: Option<String>,

    #[command(flatten)]
    pub network: OnlineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CheckFormat {
    /// Diagnostics like rustc's, with the line of the inventory
    Human,
    /// One JSON document: {"findings": [...], "summary": {...}}
    Json,
    /// SARIF 2.1.0, for GitHub and GitLab code scanning
    Sarif,
}

#[derive(Debug, Args)]
pub struct ListArgs {
    /// Only vendors with a `retired_on` date that has passed
    #[arg(long, conflicts_with = "active")]
    pub retired: bool,

    /// Only vendors still in use
    #[arg(long)]
    pub active: bool,

    /// Output format: an aligned table, or data for scripts and documents
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct OverdueArgs {
    /// Also show what falls due today or within the next DAYS days
    #[arg(long, value_name = "DAYS", value_parser = clap::value_parser!(u32).range(0..=3650))]
    pub upcoming: Option<u32>,

    /// Exit with status 1 when a vendor is overdue (for CI); rows that are
    /// only upcoming do not count
    #[arg(long)]
    pub exit_code: bool,

    /// Output format: an aligned table, or data for scripts and documents
    #[arg(long, value_name = "FORMAT", default_value = "table")]
    pub format: TableFormat,
}

#[derive(Debug, Args)]
pub struct ShowArgs {
    /// The vendor's id
    #[arg(add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub id: String,
}

/// What every editing command accepts.
#[derive(Debug, Args)]
pub struct EditArgs {
    /// Print the change as a diff and write nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Allow an edit dated after the real date (by --today, LINGER_TODAY or
    /// --on); without it such an edit is refused, since a future event
    /// makes every later run fail
    #[arg(long)]
    pub allow_future: bool,
}

#[derive(Debug, Args)]
pub struct AddArgs {
    /// The new vendor's id: lowercase letters, digits and `-` (e.g. `acme-crm`)
    pub id: String,

    /// The vendor's name, as its letters will address it [default: the
    /// directory's, with --lookup]
    #[arg(long, value_name = "NAME", required_unless_present = "lookup")]
    pub name: Option<String>,

    /// Fill in the name, website and privacy contact from linger's
    /// directory of privacy contacts (datenanfragen.de, CC0): a domain
    /// (`mailchimp.com`) or a directory entry's slug
    #[arg(long, value_name = "DOMAIN|SLUG")]
    pub lookup: Option<String>,

    /// The vendor's website
    #[arg(long, value_name = "URL")]
    pub website: Option<String>,

    /// Where deletion requests go
    #[arg(long, value_name = "ADDRESS")]
    pub privacy_email: Option<String>,

    /// The data categories the vendor holds, comma-separated (e.g.
    /// contact.email,contact.name); `--data ""` records that it holds none
    #[arg(long, value_name = "CATEGORIES", value_delimiter = ',')]
    pub data: Option<Vec<String>>,

    /// The day you started using the vendor
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub used_from: Option<NaiveDate>,

    /// The law for this vendor, when it differs from the organization's
    #[arg(long, value_name = "LAW", value_parser = keyword_parser(Law::names(), Law::parse))]
    pub law: Option<Law>,

    /// How the vendor finds your data: an account name, a workspace, a number
    #[arg(long, value_name = "TEXT")]
    pub account: Option<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct RetireArgs {
    /// The vendor's id
    #[arg(add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub id: String,

    /// The day the vendor was retired [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub on: Option<NaiveDate>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct MarkArgs {
    /// The vendor's id
    #[arg(add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub id: String,

    /// What happened
    #[arg(value_name = "KIND", value_parser = keyword_parser(EventKind::names(), EventKind::parse))]
    pub kind: EventKind,

    /// The day it happened [default: today]
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub on: Option<NaiveDate>,

    /// The new deadline the vendor gave itself (`extended` only; required there)
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub until: Option<NaiveDate>,

    /// What proves the event: a file (kept relative to the inventory, with its
    /// SHA-256 in `evidence_sha256`, which `check` verifies) or a URL
    #[arg(long, value_name = "PATH|URL")]
    pub evidence: Option<String>,

    /// The vendor's ticket or case number; letters quote it
    #[arg(long, value_name = "TEXT")]
    pub reference: Option<String>,

    /// The Message-ID of the letter (or reply) this records, with its angle
    /// brackets: `<...@...>`
    #[arg(long, value_name = "<ID>")]
    pub message_id: Option<String>,

    /// Why the vendor refused, or why no deletion is needed (`refused` and
    /// `not-needed` only; required for `not-needed`)
    #[arg(long, value_name = "TEXT")]
    pub reason: Option<String>,

    /// Anything worth remembering, e.g. where the letter went; private:
    /// no letter ever quotes a note (`--reference` is what they quote)
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct LetterArgs {
    /// The vendor's id
    #[arg(required_unless_present = "incident", add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub id: Option<String>,

    /// The incident to notify our own authority of, from `[[incident]]`
    /// (breach-notification, the kind it writes); instead of a vendor
    #[arg(long, value_name = "ID", conflicts_with = "id")]
    pub incident: Option<String>,

    /// A further notification that adds to the first one, citing its date
    /// and Message-ID (GDPR Art. 33(4): in phases); needs an
    /// `authority-notified` event on the incident
    #[arg(long, requires = "incident")]
    pub follow_up: bool,

    /// Which letter [default: the vendor's next action, else request]
    #[arg(long, value_name = "KIND", value_parser = keyword_parser(Kind::names(), Kind::parse))]
    pub kind: Option<Kind>,

    #[command(flatten)]
    pub draft: DraftArgs,

    /// Write the letter to PATH instead of standard output
    #[arg(short, long, value_name = "PATH")]
    pub output: Option<PathBuf>,

    /// The addresses that received phishing, one per line (breach-inquiry,
    /// abuse-report, customer-notice)
    #[arg(long, value_name = "FILE")]
    pub addresses: Option<PathBuf>,

    /// The lookalike domain the phishing came from (abuse-report,
    /// registrar-report, customer-notice; breach-inquiry mentions it when
    /// given); a defanged `evil[.]example` is read as `evil.example`
    #[arg(long, value_name = "DOMAIN")]
    pub phishing_domain: Option<String>,

    /// The abuse address of the bulk-mail service the phisher used
    /// (abuse-report), or of the phishing domain's registrar
    /// (registrar-report); `linger phish --online` finds both
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,

    /// Messages saved from a mail client (.eml), attached with their
    /// headers: the phishing an abuse or registrar report lists (links,
    /// arrival); for a breach-inquiry, a third party's mail to the vendor's
    /// canary; for a contradiction, the vendor's own mail to its canary
    /// after it confirmed the deletion
    #[arg(long = "message", value_name = "FILE.eml", num_args = 1..)]
    pub messages: Vec<PathBuf>,

    /// Draft a follow-up, final notice or escalation although the vendor's
    /// deadline has not passed yet; the letter then says nothing of a
    /// passed deadline
    #[arg(long)]
    pub force: bool,

    /// List the customers' addresses where the letter otherwise gives only
    /// their number: an abuse report to a bulk-mail service that holds the
    /// sender's uploaded list, a breach inquiry to a vendor without a
    /// subject set. Test accounts (canaries) are never listed
    #[arg(long)]
    pub include_addresses: bool,
}

#[derive(Debug, Args)]
pub struct LettersArgs {
    /// Draft the letter every vendor needs next: a request, a follow-up or a
    /// report to the authority (required; other batches may come)
    #[arg(long, required = true)]
    pub due: bool,

    /// The directory the drafts go to, as DIR/ID.KIND.eml (created if missing)
    #[arg(short, long, value_name = "DIR", default_value = "drafts")]
    pub output: PathBuf,

    #[command(flatten)]
    pub draft: DraftArgs,
}

#[derive(Debug, Args)]
pub struct SendArgs {
    /// The vendor to send a letter to
    #[arg(required_unless_present_any = ["due", "incident"], conflicts_with_all = ["due", "incident"], add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub id: Option<String>,

    /// Send a letter about this incident and record it on the incident:
    /// the breach notification to our own authority (`authority-notified`),
    /// or with --kind abuse-report or registrar-report the report that asks
    /// for the sender or the domain to be stopped (`reported`)
    #[arg(long, value_name = "ID", conflicts_with = "due")]
    pub incident: Option<String>,

    /// With --incident: the further notification, adding to the first
    #[arg(long, requires = "incident")]
    pub follow_up: bool,

    /// With --incident and a report: the abuse address of the bulk-mail
    /// service or network (abuse-report), or of the registrar
    /// (registrar-report); `linger phish --online` finds them
    #[arg(long, value_name = "ADDRESS", requires = "incident")]
    pub to: Option<String>,

    /// With --incident and a report: the phishing mails (.eml), attached
    /// with their headers; the report's target is read from them
    #[arg(long = "message", value_name = "FILE.eml", num_args = 1.., requires = "incident")]
    pub messages: Vec<PathBuf>,

    /// With --incident and a report: what it asks to stop, as recorded in
    /// `target` [default: from the messages: the phishing domain for a
    /// registrar-report, the sending service for an abuse-report]
    #[arg(long, value_name = "DOMAIN|ACCOUNT", requires = "incident")]
    pub target: Option<String>,

    /// With --incident and a report: the kind of party it goes to, as
    /// recorded in `party` [default: registrar for a registrar-report,
    /// service for an abuse-report]
    #[arg(long, value_name = "PARTY", requires = "incident", value_parser = keyword_parser(crate::inventory::Party::names(), crate::inventory::Party::parse))]
    pub party: Option<crate::inventory::Party>,

    /// With --incident and a report: the vendor the leak came from, when
    /// the incident has no single confirmed (else suspected) one
    #[arg(long, value_name = "ID", requires = "incident", add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub vendor: Option<String>,

    /// With --incident and an abuse-report: the addresses that received
    /// phishing, one per line (the report gives their number)
    #[arg(long, value_name = "FILE", requires = "incident")]
    pub addresses: Option<PathBuf>,

    /// With --incident and an abuse-report: the lookalike domain the
    /// phishing came from [default: the one the messages name]
    #[arg(long, value_name = "DOMAIN", requires = "incident")]
    pub phishing_domain: Option<String>,

    /// With --incident and an abuse-report: list the customers' addresses
    /// where the report otherwise gives only their number
    #[arg(long, requires = "incident")]
    pub include_addresses: bool,

    /// Send the letter every vendor needs next (requests, follow-ups and
    /// reports to the authority)
    #[arg(long)]
    pub due: bool,

    /// Which letter: request, follow-up or escalation [default: the
    /// vendor's next action, else request]; with --incident:
    /// breach-notification (the default), abuse-report or registrar-report
    #[arg(long, value_name = "KIND", value_parser = keyword_parser(Kind::names(), Kind::parse), conflicts_with = "due")]
    pub kind: Option<Kind>,

    /// The letter's language [default: the vendor's `language`, else the
    /// organization's]
    #[arg(long, value_name = "LANG", value_parser = keyword_parser(Language::names(), Language::parse))]
    pub lang: Option<Language>,

    /// Print each message and its envelope; send and record nothing
    #[arg(long)]
    pub dry_run: bool,

    /// Send without asking (needed with --due when not on a terminal)
    #[arg(long, short = 'y')]
    pub yes: bool,

    /// Send even if a letter of the same kind was recorded today, the
    /// vendor's domain looks registered anew (see
    /// `vendor-domain-reregistered`), or a follow-up goes out before the
    /// vendor's deadline
    #[arg(long)]
    pub force: bool,

    /// Allow recording what is sent under a --today (or LINGER_TODAY) after
    /// the real date
    #[arg(long)]
    pub allow_future: bool,

    /// Where RDAP is asked whether the vendor's domain changed hands
    #[command(flatten)]
    pub endpoints: Endpoints,
}

#[derive(Debug, Subcommand)]
pub enum CanaryCommand {
    /// Make an address unique to a vendor, add it to its `canaries`, and
    /// print it: register it as a test account at the vendor
    #[command(after_help = EDITING)]
    New(CanaryNewArgs),
    /// Read the canary mailbox: mail to a vendor's canary from anyone else
    /// is a leak (canary-leaked), from the vendor after it confirmed the
    /// deletion a contradiction (deletion-contradicted)
    #[command(after_help = WATCH_HELP)]
    #[command(mut_arg("hibp_url", hidden), mut_arg("ct_url", hidden))]
    #[command(mut_arg("doh_url", hidden))]
    Watch(CanaryWatchArgs),
}

const WATCH_HELP: &str = "\
The sender is the vendor only when the receiving server authenticated the
From: domain (an aligned DKIM or SPF pass in the topmost
Authentication-Results) and that domain is one of the vendor's (website,
domains, privacy_email) or its tenant's. A message without
Authentication-Results is an unverified sender, never the vendor.

With --apply each observation goes into the vendor's `canary_mail` list,
with the message kept as evidence/ID/DATE-canary.eml and its sha256, so
that `linger check` reports canary-leaked and deletion-contradicted
without the mailbox. Recording a message twice changes nothing. The
vendor's own mail before its deletion is confirmed is kept once: its last
message, which a newer one replaces.

A vendor whose last event is `confirmed` or `not-needed` awaits
verification: the watch proves the deletion when it has read the mailbox
without a gap from the day after the confirmation until
policy.verify_after_days after it, and nothing from the vendor came. Over
IMAP the state proves the span (start it with --full or --since DAY); with
--mail, the dates of the messages read. `--apply --accept ID` records
`verified`, with the coverage kept as evidence/ID/DATE-verified.json.

With [canary.imap] in the inventory, --imap reads that account (the
catch-all) with the secret `canary-imap-password`.

See docs/trace.md, \"Watching the canaries\".";

#[derive(Debug, Args)]
pub struct CanaryWatchArgs {
    /// The canary mailbox: .eml files, mbox files, Maildir folders (the
    /// spam and junk folders too: phishing lands there)
    #[arg(long, required_unless_present = "imap", num_args = 1.., value_name = "PATH")]
    pub mail: Vec<PathBuf>,

    /// Read the canary mailbox over IMAP, as the inventory's
    /// [canary.imap] table says, else its [imap] table: read-only, and only
    /// what came since the last --apply (kept apart from what `inbox
    /// --imap` read)
    #[arg(long)]
    pub imap: bool,

    /// With --imap: the folders to read instead of the table's
    /// `mailboxes`, e.g. the folder a catch-all is filed in, and its spam
    /// folder (repeat it)
    #[arg(long, value_name = "NAME", requires = "imap")]
    pub mailbox: Vec<String>,

    #[command(flatten)]
    pub reading: ImapReading,

    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: ResultFormat,

    /// Record each observation in the vendor's `canary_mail`, with the
    /// message kept as evidence (the vendor's expected mail: its last one)
    #[arg(long)]
    pub apply: bool,

    /// Also record `verified` for these vendors, whose deletion this watch
    /// proves (their row in "Awaiting verification" says `verified`)
    #[arg(
        long,
        value_name = "ID[,ID]",
        value_delimiter = ',',
        requires = "apply",
        add = ArgValueCandidates::new(crate::completions::vendor_ids)
    )]
    pub accept: Vec<String>,

    /// Ask RDAP for the abuse contacts of each leak's sending network and
    /// of its domains' registrars, as `phish --online` does; only
    /// addresses and domain names are sent
    #[arg(long)]
    pub online: bool,

    /// Where `--online` asks (its answers are cached in --cache-dir)
    #[command(flatten)]
    pub urls: SourceUrls,

    #[command(flatten)]
    pub edit: EditArgs,

    /// Name each file skipped in the mail (not mail, a device, a link out
    /// of the folder)
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct CanaryNewArgs {
    /// The vendor the canary is for
    #[arg(add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub id: String,

    /// Make the address on this domain (a catch-all you receive)
    /// [default: `organization.canary_domain`, else plus addressing on
    /// `organization.email`]
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct TraceArgs {
    /// Forwarded phishing: .eml files, mbox files, Maildir folders, or
    /// lists and CSV exports of the addresses that received it
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: ResultFormat,

    /// Also write the leaked addresses, normalised, one a line, for
    /// `letter --addresses`
    #[arg(long, value_name = "FILE")]
    pub write_addresses: Option<PathBuf>,

    /// Name each file skipped in the mail (not mail, a device, a link out
    /// of the folder)
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

#[derive(Debug, Args)]
pub struct PhishArgs {
    /// Phishing mails: .eml files (a forward's attached originals are
    /// read), mbox files, Maildir folders
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// Ask RDAP and DNS over HTTPS for the abuse contacts, the networks and
    /// the registration of each phishing domain; only addresses and domain
    /// names are sent
    #[arg(long)]
    pub online: bool,

    /// The vendor the leak was traced to, for the letters in the next
    /// steps (`linger trace` finds it)
    #[arg(long, value_name = "ID", add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub vendor: Option<String>,

    /// The domain phishers imitate [default: the domain of
    /// `organization.email`]
    #[arg(long, value_name = "DOMAIN")]
    pub domain: Option<String>,

    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: PhishFormat,

    /// Name each file skipped in the mail (not mail, a device, a link out
    /// of the folder)
    #[arg(long, short = 'v')]
    pub verbose: bool,

    #[command(flatten)]
    pub network: OnlineArgs,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum PhishFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Args)]
pub struct InboxArgs {
    /// The mailbox: .eml files, mbox files, Maildir folders (the spam and
    /// trash folders too: vendors' replies land there)
    #[arg(long, required_unless_present = "imap", num_args = 1.., value_name = "PATH")]
    pub mail: Vec<PathBuf>,

    /// Read the mailbox over IMAP, as the inventory's [imap] table says:
    /// read-only, and only what came since the last --apply
    #[arg(long)]
    pub imap: bool,

    #[command(flatten)]
    pub reading: ImapReading,

    /// Output format
    #[arg(long, value_enum, default_value = "table")]
    pub format: ResultFormat,

    /// Record the proposals that need no one's yes (acknowledged, extended,
    /// question, bounced), each with the message kept as evidence
    #[arg(long)]
    pub apply: bool,

    /// Also record these replies' end states (confirmed, refused,
    /// not-needed) and long extensions, after reading them: each reply by
    /// its tag (VENDOR:HEX, the `accept` column) or its Message-ID; a
    /// vendor's id when only one of its replies waits for a yes
    #[arg(
        long,
        value_name = "REPLY[,REPLY]",
        value_delimiter = ',',
        requires = "apply"
    )]
    pub accept: Vec<String>,

    #[command(flatten)]
    pub edit: EditArgs,

    /// Name each file skipped in the mail (not mail, a device, a link out
    /// of the folder)
    #[arg(long, short = 'v')]
    pub verbose: bool,
}

/// How far an `--imap` read goes, and where it keeps what it read: the
/// same for every command that reads a mailbox (`inbox`, `canary watch`).
#[derive(Debug, Args)]
pub struct ImapReading {
    /// With --imap: the messages the server dates on or after this day,
    /// whatever was read before
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date, requires = "imap", conflicts_with = "full")]
    pub since: Option<NaiveDate>,

    /// With --imap: every message again, whatever was read before
    #[arg(long, requires = "imap")]
    pub full: bool,

    /// Where --imap keeps how far each mailbox was read, one folder a
    /// command [default: the user cache directory, e.g. ~/.cache/linger/]
    #[arg(
        long,
        value_name = "DIR",
        env = "LINGER_CACHE_DIR",
        hide_short_help = true
    )]
    pub cache_dir: Option<PathBuf>,
}

/// The formats of `trace` and `inbox`: their result as a table, JSON or
/// Markdown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum ResultFormat {
    Table,
    Json,
    Markdown,
}

#[derive(Debug, Subcommand)]
pub enum IncidentCommand {
    /// Open an incident: append an `[[incident]]` and print its id
    #[command(after_help = EDITING)]
    Open(IncidentOpenArgs),
    /// Record a step of an incident: a notification, a report, an answer,
    /// the closing
    #[command(after_help = EDITING, after_long_help = incident_mark_long_help())]
    Mark(IncidentMarkArgs),
    /// One incident's timeline, with every clock
    Show(IncidentShowArgs),
    /// The breach register (GDPR Art. 33(5), PIPEDA s. 10.3): every
    /// incident's facts, effects and steps, each with its date
    Register(IncidentRegisterArgs),
}

fn incident_mark_long_help() -> String {
    let mut help = String::from("Kinds:\n");
    for kind in crate::inventory::IncidentEventKind::ALL {
        help.push_str(&format!("  {:<20} {}\n", kind.as_str(), kind.summary()));
    }
    help.push('\n');
    help.push_str(EDITING);
    help
}

#[derive(Debug, Args)]
pub struct IncidentOpenArgs {
    /// The incident's id [default: the day of --aware, e.g. 2026-11-29]
    #[arg(long, value_name = "ID")]
    pub id: Option<String>,

    /// When you became aware of the breach, with its offset
    /// (2026-11-29T08:30:00+01:00): the 72 hours count from here
    #[arg(long, value_name = "DATETIME", value_parser = parse_moment)]
    pub aware: chrono::DateTime<chrono::FixedOffset>,

    /// A vendor suspected as the source (repeatable)
    #[arg(long = "vendor", value_name = "ID", add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub vendors: Vec<String>,

    /// A vendor confirmed as the source (repeatable)
    #[arg(long = "confirmed-vendor", value_name = "ID", add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub confirmed_vendors: Vec<String>,

    /// `linger trace --format json` output: its certain vendors become
    /// confirmed, its very likely and possible ones suspected
    #[arg(long, value_name = "FILE")]
    pub from_trace: Option<PathBuf>,

    /// `linger phish --format json` output: its phishing domains and
    /// sending services
    #[arg(long, value_name = "FILE")]
    pub from_phish: Option<PathBuf>,

    /// About how many people are affected
    #[arg(long, value_name = "N")]
    pub people: Option<u64>,

    /// About how many records are affected
    #[arg(long, value_name = "N")]
    pub records: Option<u64>,

    /// The data categories concerned, comma-separated (contact.email,...)
    #[arg(long, value_name = "CATEGORIES", value_delimiter = ',')]
    pub data: Vec<String>,

    /// Your assessment of the risk to people: unlikely (no notification
    /// under GDPR Art. 33(1)), risk, or high (the people are told too)
    #[arg(long, value_name = "RISK", value_parser = keyword_parser(crate::inventory::Risk::names(), crate::inventory::Risk::parse))]
    pub risk: Option<crate::inventory::Risk>,

    /// What happened, in a sentence or two
    #[arg(long, value_name = "TEXT")]
    pub description: Option<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct IncidentMarkArgs {
    /// The incident's id
    pub id: String,

    /// What happened
    #[arg(value_name = "KIND", value_parser = keyword_parser(crate::inventory::IncidentEventKind::names(), crate::inventory::IncidentEventKind::parse))]
    pub kind: crate::inventory::IncidentEventKind,

    /// When it happened: a moment with its offset, or a day [default: now]
    #[arg(long, value_name = "DATETIME|DATE", value_parser = parse_when)]
    pub on: Option<crate::inventory::When>,

    /// Whom it went to or came from: an address or a name
    #[arg(long, value_name = "ADDRESS")]
    pub to: Option<String>,

    /// Who a report went to (`reported` only)
    #[arg(long, value_name = "PARTY", value_parser = keyword_parser(crate::inventory::Party::names(), crate::inventory::Party::parse))]
    pub party: Option<crate::inventory::Party>,

    /// The domain or sending account a report, or its answer, is about
    #[arg(long, value_name = "DOMAIN|ACCOUNT")]
    pub target: Option<String>,

    /// The letter kind that was sent (a notification or a report)
    #[arg(long, value_name = "KIND")]
    pub letter: Option<String>,

    /// The Message-ID of the letter, with its angle brackets
    #[arg(long, value_name = "<ID>")]
    pub message_id: Option<String>,

    /// How many people were told (`people-notified` only)
    #[arg(long, value_name = "N")]
    pub people: Option<u64>,

    /// How they were told: e-mail, letter, a public notice (`people-notified` only)
    #[arg(long, value_name = "TEXT")]
    pub how: Option<String>,

    /// A note for the register
    #[arg(long, value_name = "TEXT")]
    pub note: Option<String>,

    /// What proves it: a file, kept as evidence/ID/DATE-KIND.EXT with its
    /// SHA-256, or a URL
    #[arg(long, value_name = "PATH|URL")]
    pub evidence: Option<String>,

    #[command(flatten)]
    pub edit: EditArgs,
}

#[derive(Debug, Args)]
pub struct IncidentShowArgs {
    /// The incident's id
    pub id: String,
}

#[derive(Debug, Args)]
pub struct IncidentRegisterArgs {
    /// markdown (a document), csv (one row per step) or json
    #[arg(long, value_enum, default_value_t = RegisterFormat::Markdown)]
    pub format: RegisterFormat,

    /// Write it to FILE instead of standard output
    #[arg(long, short, value_name = "FILE")]
    pub output: Option<PathBuf>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum RegisterFormat {
    Markdown,
    Csv,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum SubjectsCommand {
    /// Hash the addresses a vendor held (a CSV export or a plain list) into
    /// subjects/ID.hashes beside the inventory, merged with what is there
    Import(SubjectsImportArgs),
    /// Each vendor's subject set: how many, when, and under which key
    List,
}

#[derive(Debug, Args)]
pub struct SubjectsImportArgs {
    /// The vendor that held the addresses
    #[arg(add = ArgValueCandidates::new(crate::completions::vendor_ids))]
    pub id: String,

    /// Address lists or CSV exports (with a header row)
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,

    /// The CSV column holding the addresses [default: a column named like
    /// "email", else the one whose values are addresses]
    #[arg(long, value_name = "NAME")]
    pub column: Option<String>,

    /// Start the vendor's set over instead of adding to it
    #[arg(long)]
    pub replace: bool,
}

#[derive(Debug, Subcommand)]
pub enum SecretCommand {
    /// Store a secret: typed at a prompt that does not echo, or read from
    /// standard input when it is piped
    Set(SecretArgs),
    /// Say where a secret is found (keyring, environment, nowhere), never
    /// what it is; exit status 1 when nowhere
    Status(SecretArgs),
    /// Remove a secret from the keyring
    Delete(SecretArgs),
}

#[derive(Debug, Args)]
pub struct SecretArgs {
    /// The secret's name; `send` uses `smtp-password`
    #[arg(value_name = "NAME")]
    pub name: String,
}

/// How a letter is written, for `letter` and `letters`.
#[derive(Debug, Args)]
pub struct DraftArgs {
    /// The letter's language [default: the vendor's `language`, else the
    /// organization's]
    #[arg(long, value_name = "LANG", value_parser = keyword_parser(Language::names(), Language::parse))]
    pub lang: Option<Language>,

    /// Plain text, an e-mail draft (.eml: opens as a draft in a mail
    /// client), or Markdown [default: text for `letter`, eml for `letters`]
    #[arg(long, value_name = "FORMAT")]
    pub format: Option<LetterFormat>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LetterFormat {
    /// Headers and body as plain text
    Text,
    /// An RFC 5322 e-mail draft with `X-Unsent: 1`
    Eml,
    /// Markdown, for a wiki or a ticket
    Markdown,
}

impl LetterFormat {
    /// The file extension of a draft in this format.
    pub fn extension(self) -> &'static str {
        match self {
            LetterFormat::Text => "txt",
            LetterFormat::Eml => "eml",
            LetterFormat::Markdown => "md",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorWhen {
    Auto,
    Always,
    Never,
}

impl ColorWhen {
    /// Sets the process-wide choice that every output stream follows.
    pub fn apply(self) {
        let choice = match self {
            ColorWhen::Auto => anstream::ColorChoice::Auto,
            ColorWhen::Always => anstream::ColorChoice::Always,
            ColorWhen::Never => anstream::ColorChoice::Never,
        };
        choice.write_global();
    }
}

/// `check --help`: every code with its default severity, then the exit status.
fn check_long_help() -> String {
    let mut text = String::from("Check codes (docs/checks.md explains each):\n");
    // As wide as the longest code, so a new long one keeps its column.
    let width = Code::ALL
        .iter()
        .map(|c| c.as_str().len())
        .max()
        .unwrap_or(0)
        + 2;
    for code in Code::ALL {
        text.push_str(&format!(
            "  {:<width$}{:<7}{}\n",
            code.as_str(),
            code.default_severity().as_str(),
            code.summary()
        ));
    }
    text.push('\n');
    text.push_str(EXIT_STATUS);
    text
}

/// `mark --help`: the kinds and the fields each takes.
fn mark_long_help() -> String {
    let mut text = String::from(
        "Event kinds, and the fields each takes besides --on, --reference and --note:\n",
    );
    for kind in EventKind::ALL {
        let extra = kind
            .extra_fields()
            .iter()
            .map(|f| {
                if kind.required_fields().contains(f) {
                    format!("--{f} (required)")
                } else {
                    format!("--{f}")
                }
            })
            .collect::<Vec<_>>()
            .join(", ");
        text.push_str(&format!(
            "  {:<14}{:<21}{}\n",
            kind.as_str(),
            extra,
            kind.summary()
        ));
    }
    text.push('\n');
    text.push_str(EDITING);
    text
}

/// `letter --help`: the kinds, and where templates come from.
fn letter_long_help() -> String {
    let mut text = String::from("Letter kinds:\n");
    // As wide as the longest kind, and a space.
    let width = Kind::ALL
        .iter()
        .map(|k| k.as_str().len())
        .max()
        .unwrap_or(0)
        + 1;
    for kind in Kind::ALL {
        text.push_str(&format!("  {:<width$}{}\n", kind.as_str(), kind.summary()));
    }
    text.push_str(
        "\nTemplates: a file letters/KIND.LANG.txt beside the inventory replaces the built-in\n\
         one (docs/letters.md lists every variable). Languages: en, de, nb.",
    );
    text
}

/// A value parser for one of linger's keyword enums, with the accepted
/// names in `--help` and a did-you-mean on a typo.
fn keyword_parser<T: Clone + Send + Sync + 'static>(
    names: Vec<&'static str>,
    parse: fn(&str) -> Option<T>,
) -> impl clap::builder::TypedValueParser<Value = T> {
    use clap::builder::TypedValueParser as _;
    clap::builder::PossibleValuesParser::new(names).try_map(move |text: String| {
        parse(&text).ok_or_else(|| format!("`{text}` is not accepted here"))
    })
}

pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    let date = NaiveDate::parse_from_str(text, "%Y-%m-%d").map_err(|err| {
        match crate::deadline::month_too_short(text) {
            Some(why) => format!("`{text}` is not a date: {why}"),
            None => format!("`{text}` is not a date like 2026-01-31 ({err})"),
        }
    })?;
    let range = crate::terms::accepted_dates();
    if !range.contains(&date) || text.starts_with(['+', '-']) {
        return Err(format!(
            "`{text}` is outside the dates linger accepts ({} to {})",
            range.start(),
            range.end()
        ));
    }
    Ok(date)
}

/// What `--today` (or `LINGER_TODAY`) names: a day, or a moment with its
/// offset for the hour clocks of an incident.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Today {
    Day(NaiveDate),
    At(chrono::DateTime<chrono::FixedOffset>),
}

impl Today {
    /// The day: a moment's own, at the offset written.
    pub fn date(self) -> NaiveDate {
        match self {
            Today::Day(day) => day,
            Today::At(at) => at.date_naive(),
        }
    }
}

/// `YYYY-MM-DD`, or an RFC 3339 date-time with its offset.
pub fn parse_today(text: &str) -> Result<Today, String> {
    if text.len() <= 10 {
        return parse_date(text).map(Today::Day);
    }
    let at = chrono::DateTime::parse_from_rfc3339(text).map_err(|_| {
        let local = chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M:%S")
            .or_else(|_| chrono::NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M"));
        match local {
            Ok(_) => format!(
                "`{text}` has no UTC offset: add it, e.g. `{text}+01:00` (or `Z` for UTC)"
            ),
            Err(_) => format!(
                "`{text}` is neither a date like 2026-11-29 nor a moment like 2026-11-29T10:00:00+01:00"
            ),
        }
    })?;
    parse_date(&at.date_naive().format("%Y-%m-%d").to_string())?;
    Ok(Today::At(at))
}

/// An RFC 3339 date-time with its offset.
pub fn parse_moment(text: &str) -> Result<chrono::DateTime<chrono::FixedOffset>, String> {
    match parse_today(text)? {
        Today::At(at) => Ok(at),
        Today::Day(_) => Err(format!(
            "`{text}` is a day: give the moment with its offset, e.g. `{text}T09:00:00+01:00`"
        )),
    }
}

/// A day, or a moment with its offset.
pub fn parse_when(text: &str) -> Result<crate::inventory::When, String> {
    Ok(match parse_today(text)? {
        Today::At(at) => crate::inventory::When::At(at),
        Today::Day(day) => crate::inventory::When::Day(day),
    })
}

fn parse_code(text: &str) -> Result<Code, String> {
    Code::parse(text).ok_or_else(|| {
        format!(
            "`{text}` is not a check code; {}",
            suggest::hint(text, "the codes are", &Code::names())
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::CommandFactory;

    #[test]
    fn cli_definition_is_consistent() {
        Cli::command().debug_assert();
    }
}
