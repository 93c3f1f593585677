//! `linger canary watch --mail PATH... | --imap`: reads the canary mailbox
//! with the one mail reader (or the one IMAP read, with a state of its
//! own, in `[canary.imap]`'s account when there is one), ties each message
//! to the vendor whose canary it was sent to, and says what it means
//! (`canary::watch`): expected, deletion-contradicted, or canary-leaked;
//! with `--online`, each leak's abuse contacts as `phish --online` finds
//! them. It says of each vendor awaiting verification whether the read
//! proves the deletion (`canary::verify`). `--apply` records what
//! `canary::record` plans (each new observation, the vendor's expected
//! mail once; `verified` with `--accept ID`), with the evidence, in one
//! edit session and one write, as `inbox --apply` does (`output::canary`).

use std::collections::{BTreeSet, HashMap, HashSet};
use std::io::Write;

use super::edit::Session;
use super::evidence::{Staged, evidence_path};
use super::mailbox::{self, Account, Reading};
use super::{Context, Outcome, network};
use crate::canary::record::{self, Found};
use crate::canary::verify::{self, Coverage, Dates};
use crate::canary::watch::{self, Index, Meaning, Observation};
use crate::cli::{CanaryWatchArgs, Endpoints, OnlineArgs, ResultFormat};
use crate::error::{Error, Failure};
use crate::inbox::rules::Lexicon;
use crate::inventory::kept::evidence_file;
use crate::output;
use crate::output::table::TableFormat::{Markdown, Table as Plain};
use crate::phish::findings::{self, Findings};
use crate::phish::{Known, Original};

/// How many messages go between two progress lines.
const PROGRESS_EVERY: u64 = 50_000;

pub fn run(ctx: &Context, args: CanaryWatchArgs) -> Result<Outcome, Error> {
    let (session, loaded) = Session::open_to_apply(ctx, args.apply, &args.edit)?;
    let accepted = verify::accepted(&args.accept)
        .map_err(|refusal| Error::failed(Failure::Usage, refusal.problem, refusal.hint))?;
    for id in &accepted {
        loaded.vendor(id)?;
    }
    let inventory = &loaded.inventory;
    let index = Index::of(inventory);
    let table = Lexicon::builtin();
    let fingerprints = loaded.fingerprints()?;
    let mut own = crate::online::our_domains(inventory);
    own.extend(crate::online::own_domain(inventory));
    let domain = crate::online::own_domain(inventory).unwrap_or_default();
    let brand = domain.split('.').next().unwrap_or("").to_string();
    // The lookalikes of our domain are not generated here: what a leak's
    // domains imitate is `phish`'s to say, and its next step names it.
    let lookalikes = HashMap::new();
    let known = Known {
        own: &own,
        table: &fingerprints,
        lookalikes: &lookalikes,
        domain: &domain,
        brand: &brand,
    };

    let mut read: u64 = 0;
    let mut dates = Dates::default();
    let mut found: Vec<Found> = Vec::new();
    let (mut unknown, mut unknown_seen) = (Vec::new(), HashSet::new());
    // One message in two folders or files is one observation a vendor.
    let mut seen: HashSet<(String, String)> = HashSet::new();
    let mut staged = Staged::new(loaded.base_dir(), args.apply && !args.edit.dry_run);
    // A long run says how far it got, on standard error.
    let mut each = |bytes: &[u8]| {
        read += 1;
        if read.is_multiple_of(PROGRESS_EVERY) && !ctx.quiet {
            let _ = writeln!(output::stderr(), "Read {read} messages…");
        }
        let Some(result) = watch::read(bytes, &index, inventory, &table, ctx.today) else {
            return;
        };
        if let Some(at) = result.at {
            dates.add(at);
        }
        for address in result.unknown {
            if unknown_seen.insert(address.clone()) {
                unknown.push(address);
            }
        }
        for mut observation in result.observations {
            if let Some(id) = &observation.message_id
                && !seen.insert((observation.vendor.clone(), id.clone()))
            {
                continue;
            }
            if observation.meaning == Meaning::Leaked {
                observation.analysis = watch::analyse(bytes, &known);
            }
            let new = args.apply && !observation.recorded;
            let sha256 = new.then(|| crate::inventory::sha256_bytes(bytes));
            let copy = sha256.as_deref().and_then(|hash| {
                let id = observation.message_id.as_deref().unwrap_or_default();
                staged.stage_for(&observation.vendor, id, hash, bytes)
            });
            found.push(Found {
                observation,
                sha256,
                staged: copy,
            });
        }
    };
    let reading = Reading {
        state_dir: "imap-canary",
        mailboxes: &args.mailbox,
        account: Account::Canary,
        coverage: true,
    };
    let imap_state = if args.imap {
        let each = &mut |_: &str, _: u32, bytes: &[u8]| each(bytes);
        Some(mailbox::read_mailboxes(
            ctx,
            &loaded,
            &args.reading,
            reading,
            each,
        )?)
    } else {
        None
    };
    let tally = mailbox::read_files(&args.mail, &mut |bytes| each(bytes))?;
    staged.failed()?;
    found.sort_by(|a, b| {
        (a.observation.on, &a.observation.vendor).cmp(&(b.observation.on, &b.observation.vendor))
    });
    if args.online {
        online(&args, &known, &mut found)?;
    }

    // What the read proves: each IMAP folder's span, or the files' dates.
    let mut coverage = Coverage {
        folders: imap_state
            .as_ref()
            .map(|(_, state)| mailbox::coverage(state, &loaded, reading))
            .unwrap_or_default(),
        messages: read,
    };
    if !args.mail.is_empty() {
        coverage.folders.push(dates.folder());
    }
    let observations: Vec<&Observation> = found.iter().map(|f| &f.observation).collect();
    let mut pending = verify::pending(inventory, &coverage, &observations);
    if let Some(refusal) = verify::refuse(&accepted, &pending) {
        return Err(Error::failed(Failure::Usage, refusal.problem, refusal.hint));
    }

    if let Some(session) = &session {
        let base = loaded.base_dir();
        let mut taken = BTreeSet::new();
        let mut plan = record::plan(inventory, &found, session.dry_run(), &mut |v, on| {
            evidence_path(base, v, on, "canary", &mut taken)
        });
        for (p, record) in verify::records(&pending, &accepted, &coverage, args.imap, ctx.today) {
            let sha256 = crate::inventory::sha256_bytes(&record.bytes);
            let copy = staged.stage_for(&p.vendor, "verified", &sha256, &record.bytes);
            staged.failed()?;
            let path = evidence_file(base, &p.vendor, ctx.today, "verified", "json", &mut taken);
            plan.verify(p, record.note, path, sha256, copy, ctx.today);
        }
        if staged.record(ctx, session, &loaded, &plan.changes, &plan.moves)? {
            for &n in &plan.recorded {
                found[n].observation.applied = true;
            }
            for p in pending.iter_mut() {
                p.applied = plan.verified.contains(&p.vendor);
            }
        }
        if let (Some((path, state)), false) = (imap_state, args.edit.dry_run) {
            state.save(&path).map_err(|err| Error::Write {
                path: path.clone(),
                err,
            })?;
        }
    }

    let observations: Vec<Observation> = found.into_iter().map(|f| f.observation).collect();
    let watched = output::canary::Watched {
        read,
        canaries: index.len(),
        observations: &observations,
        unknown: &unknown,
        awaiting: &pending,
        coverage: &coverage,
    };
    let mut out = output::stdout();
    match args.format {
        ResultFormat::Json => output::write_json(&mut out, &watched)?,
        ResultFormat::Markdown => output::canary::write(&mut out, &watched, Markdown)?,
        ResultFormat::Table => output::canary::write(&mut out, &watched, Plain)?,
    }
    out.flush()?;
    if !ctx.quiet {
        let summary = output::canary::summary(read, &observations, unknown.len(), args.apply);
        let lines = tally.report(args.verbose).into_iter().chain([summary]);
        let mut err = output::stderr();
        for line in lines.chain(output::canary::proposals(&pending)) {
            writeln!(err, "{line}")?;
        }
    }
    Ok(Outcome::Success)
}

/// `--online`: the leaks' senders and domains asked as `phish --online`
/// asks them (`online::phish::ask`), and the abuse contacts put on each.
fn online(args: &CanaryWatchArgs, known: &Known, found: &mut [Found]) -> Result<(), Error> {
    let originals: Vec<Original> = found
        .iter()
        .filter_map(|f| f.observation.analysis.as_ref()?.original.clone())
        .collect();
    if originals.is_empty() {
        return Ok(());
    }
    let (http, sources) = network::client(&OnlineArgs {
        refresh: false,
        jobs: 8,
        endpoints: Endpoints {
            urls: args.urls.clone(),
            timeout: 30,
            deadline: 300,
            cache_dir: args.reading.cache_dir.as_ref().map(|d| d.join("http")),
        },
    })?;
    let summary = crate::phish::summarise(&originals, known);
    // Networks and registrars; where links point is `phish --online`'s.
    let questions = crate::online::phish::Questions {
        hosts: Vec::new(),
        ..findings::questions(&summary)
    };
    let answers = crate::online::phish::ask(&http, &sources, &questions);
    let shown = crate::phish::Shown::new(known.own, known.table);
    let findings = Findings::new(&summary, Some(&answers), &shown);
    if let Some(warning) = network::unchecked(&http) {
        writeln!(output::stderr(), "warning: {warning}")?;
    }
    watch::abuse_contacts(found.iter_mut().map(|f| &mut f.observation), &findings);
    Ok(())
}
