//! `linger letters --due [-o DIR]`: the next letter for every vendor that
//! needs one (a request, a follow-up or a report to the authority), as `DIR/ID.KIND.eml`,
//! and a table of what was written. Vendors that need nothing get nothing.

use std::io::Write;

use super::draft::{compose, render, write_draft};
use super::{Context, Outcome};
use crate::cli::{LetterFormat, LettersArgs};
use crate::error::{Error, Failure};
use crate::letters::{self, Incident};
use crate::output::table::date_cell;
use crate::output::{self, table::Table, table::TableFormat};

pub fn run(ctx: &Context, args: LettersArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let format = args.draft.format.unwrap_or(LetterFormat::Eml);
    let due: Vec<_> = letters::due(inventory, ctx.today).collect();
    if due.is_empty() {
        if !ctx.quiet {
            writeln!(output::stderr(), "No vendor needs a letter today.")?;
        }
        return Ok(Outcome::Success);
    }
    std::fs::create_dir_all(&args.output).map_err(|err| Error::Write {
        path: args.output.clone(),
        err,
    })?;

    let mut table = Table::new(vec!["id", "kind", "to", "answer_by", "file"]);
    let mut failed = Vec::new();
    for (vendor, kind) in due {
        let language = args
            .draft
            .lang
            .unwrap_or_else(|| letters::language_of(inventory, vendor, kind));
        let drafted = compose(
            ctx,
            &loaded,
            vendor,
            kind,
            language,
            &Incident::default(),
            false,
        )
        .and_then(|letter| {
            let bytes = render(ctx, &letter, format)?;
            let path =
                args.output
                    .join(format!("{}.{kind}.{}", vendor.id.value, format.extension()));
            write_draft(&path, &bytes, &loaded)?;
            Ok((letter, path))
        });
        match drafted {
            Ok((letter, path)) => table.push(vec![
                vendor.id.value.clone(),
                kind.to_string(),
                letter.to.email,
                date_cell(letter.deadline),
                path.display().to_string(),
            ]),
            Err(err) => failed.push((vendor.id.value.clone(), kind, err)),
        }
    }

    let mut out = output::stdout();
    table.write(&mut out, TableFormat::Table, &(), "")?;
    out.flush()?;
    if failed.is_empty() {
        return Ok(Outcome::Success);
    }
    let mut err = output::stderr();
    let renderer = output::diagnostics::DiagnosticRenderer::for_stream(&err);
    for (id, kind, error) in &failed {
        writeln!(err, "\n{id} ({kind}):")?;
        error.report(&mut err, &renderer)?;
    }
    Err(Error::Failed {
        failure: Failure::Letter,
        message: format!(
            "{} of the due letters could not be written; the others are in {}",
            failed.len(),
            args.output.display()
        ),
        help: Some("fix what is named above, then run `linger letters --due` again".into()),
    })
}
