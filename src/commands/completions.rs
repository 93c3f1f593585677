//! `linger completions SHELL`: the script that registers linger's shell
//! completions (see `crate::completions`).

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::{CompletionsArgs, Shell};
use crate::error::Error;
use crate::output;

pub fn run(_ctx: &Context, args: CompletionsArgs) -> Result<Outcome, Error> {
    let name = match args.shell {
        Shell::Bash => "bash",
        Shell::Zsh => "zsh",
        Shell::Fish => "fish",
        Shell::Powershell => "powershell",
        Shell::Elvish => "elvish",
    };
    let mut out = output::data_stdout();
    crate::completions::script(name, &mut out)?;
    out.flush()?;
    Ok(Outcome::Success)
}
