//! linger: parse the command line, run, map the result to an exit status.

use std::process::ExitCode;

use clap::Parser as _;

fn main() -> ExitCode {
    // A shell asking for completions (`COMPLETE=bash linger -- …`) is
    // answered here, and the process exits.
    clap_complete::CompleteEnv::with_factory(<linger::cli::Cli as clap::CommandFactory>::command)
        .complete();
    let cli = linger::cli::Cli::try_parse().unwrap_or_else(|err| {
        let args: Vec<String> = std::env::args().collect();
        linger::tips::improve(
            err,
            &<linger::cli::Cli as clap::CommandFactory>::command(),
            &args,
        )
        .exit()
    });
    cli.color.apply();
    match linger::app::run(cli) {
        Ok(linger::commands::Outcome::Success) => ExitCode::SUCCESS,
        Ok(linger::commands::Outcome::Findings) => ExitCode::from(1),
        // `linger list | head` closing the pipe early is not a failure.
        Err(err) if err.is_broken_pipe() => ExitCode::SUCCESS,
        Err(err) => {
            let mut stderr = linger::output::stderr();
            let renderer = linger::output::diagnostics::DiagnosticRenderer::for_stream(&stderr);
            let _ = err.report(&mut stderr, &renderer);
            ExitCode::from(2)
        }
    }
}
