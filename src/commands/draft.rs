//! A letter as the commands write it: composed with the user's template
//! (`letters/KIND.LANG.txt` beside the inventory) where there is one, turned
//! into bytes in a format, and written to a draft file. What `letter`,
//! `letters --due` and `send` share.

use std::io::Write;
use std::path::{Path, PathBuf};

use super::{Context, Loaded, read_source};
use crate::cli::LetterFormat;
use crate::error::{Error, Failure};
use crate::inventory::{Language, Source, Vendor};
use crate::letters::{
    self, ComposeError, Incident, Kind, Letter, LetterError, Request, Template, eml,
};
use crate::output;

/// Composes a letter with the user's template where there is one.
pub fn compose(
    ctx: &Context,
    loaded: &Loaded,
    vendor: &Vendor,
    kind: Kind,
    language: Language,
    incident: &Incident,
    early: bool,
) -> Result<Letter, Error> {
    let request = Request {
        inventory: &loaded.inventory,
        vendor,
        kind,
        language,
        today: ctx.today,
        incident,
        early,
    };
    // Missing inputs first: no need to read a template for a letter that
    // cannot be written.
    letters::check_inputs(&request).map_err(|err| letter_error(err, vendor))?;
    let template = template(loaded, kind, language)?;
    letters::compose(&request, &template).map_err(|err| match err {
        ComposeError::Letter(err) => letter_error(err, vendor),
        ComposeError::Template(err) => Error::Invalid {
            source: Box::new(Source::new(
                PathBuf::from(&err.template.name),
                err.template.text,
            )),
            diagnostics: vec![err.diagnostic],
        },
    })
}

/// `letters/KIND.LANG.txt` beside the inventory, else the built-in one.
pub fn template(loaded: &Loaded, kind: Kind, language: Language) -> Result<Template, Error> {
    let path = loaded
        .base_dir()
        .join("letters")
        .join(letters::file_name(kind, language));
    if !path.exists() {
        return Ok(letters::builtin(kind, language));
    }
    let source = read_source(&path)?;
    Ok(Template {
        name: source.display_path(),
        text: source.text,
    })
}

fn letter_error(err: LetterError, vendor: &Vendor) -> Error {
    match &err {
        LetterError::NotYetDue { kind, .. } => Error::failed(
            Failure::Letter,
            err.to_string(),
            format!(
                "wait for the deadline (`linger show {0}`), or add `--force` to write the {kind} anyway: it then says nothing of a passed deadline",
                vendor.id.value
            ),
        ),
        LetterError::Missing { help, .. } => {
            Error::failed(Failure::Letter, err.to_string(), help.clone())
        }
        LetterError::NeedsInput { kind, flag } => {
            let first = flag.split_whitespace().next().unwrap_or(flag);
            Error::failed(
                Failure::Letter,
                err.to_string(),
                format!(
                    "e.g. `linger letter {} --kind {kind} {first} ...`",
                    vendor.id.value
                ),
            )
        }
    }
}

/// The letter's bytes in `format`.
pub fn render(ctx: &Context, letter: &Letter, format: LetterFormat) -> Result<Vec<u8>, Error> {
    let date = letters::long_date(letter.date, letter.language);
    Ok(match format {
        LetterFormat::Text => output::letter::text(letter, &date).into_bytes(),
        LetterFormat::Markdown => output::letter::markdown(letter, &date).into_bytes(),
        LetterFormat::Eml => eml::to_eml(letter, ctx.now).map_err(|err| {
            Error::failed(
                Failure::Letter,
                err.to_string(),
                "fix the address in the inventory",
            )
        })?,
    })
}

/// Writes `letter` in `format` to `output` (`-o PATH`), saying so, or to
/// standard output. `whom` names what it is for: `` `oldcrm` ``,
/// `` incident `2026-11-phish` ``.
pub fn write_out(
    ctx: &Context,
    loaded: &Loaded,
    output: Option<&Path>,
    letter: &Letter,
    format: LetterFormat,
    whom: &str,
) -> Result<(), Error> {
    let bytes = render(ctx, letter, format)?;
    let Some(path) = output else {
        let mut out = output::stdout();
        out.write_all(&bytes)?;
        return Ok(out.flush()?);
    };
    write_draft(path, &bytes, loaded)?;
    if !ctx.quiet {
        let (kind, path) = (letter.kind, path.display());
        writeln!(output::stderr(), "Wrote the {kind} for {whom} to {path}.")?;
    }
    Ok(())
}

/// Writes a draft file, all or nothing. Never over the inventory itself.
pub fn write_draft(path: &Path, bytes: &[u8], loaded: &Loaded) -> Result<(), Error> {
    let same = |a: &Path, b: &Path| match (a.canonicalize(), b.canonicalize()) {
        (Ok(a), Ok(b)) => a == b,
        _ => false,
    };
    if same(path, &loaded.source.path) {
        return Err(Error::failed(
            Failure::Usage,
            format!(
                "refusing to write a letter over the inventory `{}`",
                path.display()
            ),
            "give another path to -o",
        ));
    }
    crate::inventory::store::write_whole(path, bytes).map_err(|err| Error::Write {
        path: path.to_path_buf(),
        err,
    })
}
