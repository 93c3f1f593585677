//! The edge between the command line and the commands: reads the clock
//! (the only place that does, but for `net`'s cache ages and retry waits), builds the `Context` every command gets,
//! and runs the command.

use chrono::{NaiveTime, TimeDelta, Utc};

use crate::cli::{CanaryCommand, Cli, Command, IncidentCommand};
use crate::commands::{self, Context, Outcome};
use crate::error::Error;

pub fn run(cli: Cli) -> Result<Outcome, Error> {
    crate::output::set_columns(cli.columns.as_deref());
    let now = Utc::now();
    let real_now = now;
    let real_today = chrono::Local::now().date_naive();
    let (today, now) = match cli.today {
        Some(crate::cli::Today::At(at)) => (at.date_naive(), at.with_timezone(&Utc)),
        Some(today) => (
            today.date(),
            today.date().and_time(NaiveTime::MIN).and_utc() + TimeDelta::hours(12),
        ),
        None => (real_today, now),
    };
    let ctx = Context::new(cli.inventory, today, real_today, now, cli.quiet)
        .with_given_today(cli.today, real_now);
    match cli.command {
        Command::Init(args) => commands::init::run(&ctx, args),
        Command::Check(args) => commands::check::run(&ctx, args),
        Command::List(args) => commands::list::run(&ctx, args),
        Command::Overdue(args) => commands::overdue::run(&ctx, args),
        Command::Show(args) => commands::show::run(&ctx, args),
        Command::Add(args) => commands::add::run(&ctx, args),
        Command::Retire(args) => commands::retire::run(&ctx, args),
        Command::Mark(args) => commands::mark::run(&ctx, args),
        // About an incident, not a vendor: the notification to our authority.
        Command::Letter(args) if commands::notify::wants(&args) => {
            commands::notify::run(&ctx, args)
        }
        Command::Letter(args) => commands::letter::run(&ctx, args),
        Command::Letters(args) => commands::letters::run(&ctx, args),
        // An incident's takedown reports, then its breach notification.
        Command::Send(args) if commands::incident_reports::wants(&args) => {
            commands::incident_reports::run(&ctx, args)
        }
        Command::Send(args) if args.incident.is_some() => commands::notify::send(&ctx, args),
        Command::Send(args) => commands::send::run(&ctx, args),
        Command::Secret(command) => commands::secret::run(&ctx, command),
        Command::Canary(CanaryCommand::New(args)) => commands::canary::run(&ctx, args),
        Command::Canary(CanaryCommand::Watch(args)) => commands::canary_watch::run(&ctx, args),
        Command::Subjects(command) => commands::subjects::run(&ctx, command),
        Command::Inbox(args) => commands::inbox::run(&ctx, args),
        Command::Trace(args) => commands::trace::run(&ctx, args),
        Command::Phish(args) => commands::phish::run(&ctx, args),
        Command::Incident(IncidentCommand::Open(args)) => commands::incident::run(&ctx, args),
        Command::Incident(IncidentCommand::Mark(args)) => commands::incident_mark::run(&ctx, args),
        Command::Incident(IncidentCommand::Show(args)) => commands::incident_show::run(&ctx, args),
        Command::Incident(IncidentCommand::Register(args)) => {
            commands::incident_register::run(&ctx, args)
        }
        Command::Discover(args) => commands::discover::run(&ctx, args),
        Command::Lookalikes(args) => commands::lookalikes::run(&ctx, args),
        Command::Report(args) => commands::report::run(&ctx, args),
        Command::Evidence(command) => commands::pack::run(&ctx, command),
        Command::Calendar(args) => commands::calendar::run(&ctx, args),
        Command::Schema(args) => commands::schema::run(&ctx, args),
        Command::Completions(args) => commands::completions::run(&ctx, args),
        Command::Man(args) => commands::man::run(&ctx, args),
        Command::MergeDriver(args) => commands::merge_driver::run(&ctx, args),
        Command::PdfText => commands::attachments::child(),
    }
}
