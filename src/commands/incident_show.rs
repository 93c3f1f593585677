//! `linger incident show ID`: one incident's timeline with every clock,
//! at now or `--today` (`crate::incident`, `output::incident::show`).

use std::io::Write;

use super::{Context, Outcome};
use crate::cli::IncidentShowArgs;
use crate::error::{Error, Failure};
use crate::output;

pub fn run(ctx: &Context, args: IncidentShowArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let incident = inventory.find_incident(&args.id).map_err(|missing| {
        Error::failed(
            Failure::Usage,
            format!(
                "no incident `{}` in {}",
                args.id,
                loaded.source.display_path()
            ),
            match missing.closest {
                Some(close) => format!("did you mean `{close}`?"),
                None => "`linger incident register` lists the incidents".to_string(),
            },
        )
    })?;
    let status = crate::incident::evaluate(inventory, incident);
    let text = output::incident::show(
        &status,
        ctx.instant(inventory),
        inventory.organization.time_zone,
        inventory.policy.takedown_days,
    );
    let mut out = output::stdout();
    out.write_all(text.as_bytes())?;
    out.flush()?;
    Ok(Outcome::Success)
}
