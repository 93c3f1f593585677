//! `linger evidence pack` and `linger evidence verify`: the evidence pack
//! for an auditor. What goes in and what a verify finds is `pack`'s; the
//! zip is `zipfile`'s; the page, the history text and the lines shown are
//! `output::pack`'s. Changes nothing in the inventory.

use std::io::Write;

use super::{Context, Loaded, Outcome};
use crate::cli::{EvidenceCommand, EvidencePackArgs, EvidenceVerifyArgs};
use crate::error::{Error, Failure};
use crate::inventory::{Vendor, inside, sha256_bytes};
use crate::output;
use crate::pack::{self, FileEntry, Manifest, MissingEntry, Role, Wanted};
use crate::zipfile;

pub fn run(ctx: &Context, command: EvidenceCommand) -> Result<Outcome, Error> {
    match command {
        EvidenceCommand::Pack(args) => pack(ctx, args),
        EvidenceCommand::Verify(args) => verify(args),
    }
}

/// What one entry of the pack holds.
enum Content {
    Bytes(Vec<u8>, Role, String),
    /// The `n`th evidence file `pack::plan` wants, and its path.
    File(usize, std::path::PathBuf),
}

fn pack(ctx: &Context, args: EvidencePackArgs) -> Result<Outcome, Error> {
    let loaded = ctx.load()?;
    let inventory = &loaded.inventory;
    let itself = loaded.source.path.canonicalize().ok();
    if itself.is_some() && args.output.canonicalize().ok() == itself {
        let message = format!("`{}` is the inventory", args.output.display());
        let help = "give the pack a name of its own, e.g. `-o audit.zip`";
        return Err(Error::failed(Failure::Usage, message, help));
    }
    let mut vendors: Vec<&Vendor> = match args.ids.is_empty() {
        true => inventory.vendors.iter().collect(),
        false => (args.ids.iter())
            .map(|id| loaded.vendor(id))
            .collect::<Result<_, _>>()?,
    };
    vendors.sort_by(|a, b| a.id.value.cmp(&b.id.value));
    vendors.dedup_by(|a, b| a.id.value == b.id.value);
    let wanted = pack::plan(&vendors).map_err(|outside| {
        let line = loaded.source.line_col(outside.at).0;
        refused(
            &loaded,
            &outside.vendor,
            &outside.evidence,
            line,
            "it is outside the inventory's folder (an absolute path or `..`)",
        )
    })?;
    // Every file is looked at before a byte is written: a link anywhere on
    // the way refuses the whole pack.
    let base = loaded.base_dir();
    let mut entries: Vec<(String, Content)> = Vec::new();
    for (n, file) in wanted.iter().enumerate() {
        let path = inside::resolve(base, &file.source).map_err(|why| {
            let line = first_line(&loaded, file);
            refused(&loaded, &file.vendor, &file.source, line, &why.to_string())
        })?;
        entries.push((file.name.clone(), Content::File(n, path)));
    }
    for vendor in &vendors {
        let id = &vendor.id.value;
        let json = serde_json::to_vec_pretty(&pack::history(inventory, vendor))
            .map_err(|err| Error::Io(std::io::Error::other(err)))?;
        let text = output::pack::history_text(inventory, vendor, ctx.today);
        entries.push((
            pack::history_name(id, "json"),
            Content::Bytes(json, Role::History, id.clone()),
        ));
        entries.push((
            pack::history_name(id, "txt"),
            Content::Bytes(text, Role::History, id.clone()),
        ));
    }
    entries.sort_by(|a, b| a.0.cmp(&b.0));

    let file = loaded.source.path.file_name().map_or_else(
        || "vendors.toml".into(),
        |n| n.to_string_lossy().into_owned(),
    );
    let sha256 = sha256_bytes(loaded.source.text.as_bytes());
    let mut manifest = Manifest::new(inventory, &file, &sha256, ctx.today);
    manifest.vendors = vendors.iter().map(|v| v.id.value.clone()).collect();
    let failed = |err| Error::Write {
        path: args.output.clone(),
        err,
    };
    let mut zip = zipfile::Writer::create(&args.output, ctx.today).map_err(failed)?;
    for (name, content) in entries {
        match content {
            Content::Bytes(bytes, role, vendor) => {
                let (sha256, size) = zip
                    .add(&name, &bytes[..], bytes.len() as u64)
                    .map_err(failed)?;
                manifest
                    .files
                    .push(entry(name, sha256, size, role, Some(vendor)));
            }
            Content::File(n, path) => {
                let want = &wanted[n];
                let opened = inside::open_nofollow(&path);
                let file = match opened {
                    Err(err) if err.kind() == std::io::ErrorKind::NotFound => {
                        manifest.missing.push(MissingEntry {
                            vendor: want.vendor.clone(),
                            source: want.source.clone(),
                            records: want.records.clone(),
                        });
                        continue;
                    }
                    other => other.map_err(|err| Error::Read { path, err })?,
                };
                let size = file.metadata().map_or(0, |m| m.len());
                let (sha256, size) = zip.add(&name, file, size).map_err(failed)?;
                let mut entry = entry(
                    name,
                    sha256,
                    size,
                    Role::Evidence,
                    Some(want.vendor.clone()),
                );
                entry.source = Some(want.source.clone());
                entry.records = want.records.clone();
                manifest.files.push(entry);
            }
        }
    }
    let index =
        output::pack::index_html(inventory, &vendors, &manifest, ctx.today).map_err(|err| {
            Error::failed(
                Failure::Input,
                format!("the pack's index.html could not be rendered: {err}"),
                "this is a bug in linger; please report it with the inventory that caused it",
            )
        })?;
    let (sha256, size) = zip
        .add(pack::INDEX, index.as_bytes(), index.len() as u64)
        .map_err(failed)?;
    manifest.files.push(entry(
        pack::INDEX.to_string(),
        sha256,
        size,
        Role::Index,
        None,
    ));
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|err| Error::Io(std::io::Error::other(err)))?;
    zip.add(pack::MANIFEST, &json[..], json.len() as u64)
        .map_err(failed)?;
    zip.finish().map_err(failed)?;
    if !ctx.quiet || manifest.incomplete() {
        let mut err = output::stderr();
        output::pack::write_packed(&mut err, &args.output.display().to_string(), &manifest)?;
    }
    Ok(match manifest.incomplete() {
        true => Outcome::Findings,
        false => Outcome::Success,
    })
}

fn entry(name: String, sha256: String, size: u64, role: Role, vendor: Option<String>) -> FileEntry {
    FileEntry {
        name,
        sha256,
        size,
        role,
        vendor,
        source: None,
        records: Vec::new(),
    }
}

/// The line of the first event that names `file`.
fn first_line(loaded: &Loaded, file: &Wanted) -> usize {
    let vendor = loaded.inventory.vendor(&file.vendor);
    let at = vendor
        .and_then(|v| {
            v.evidence()
                .into_iter()
                .find(|n| n.evidence.value == file.source)
        })
        .map_or(0, |n| n.evidence.span.start);
    loaded.source.line_col(at).0
}

fn refused(loaded: &Loaded, vendor: &str, evidence: &str, line: usize, why: &str) -> Error {
    Error::failed(
        Failure::Input,
        format!(
            "`{vendor}`: the evidence `{evidence}` ({}:{line}) cannot be packed: {why}; nothing was written",
            loaded.source.display_path()
        ),
        "keep the evidence as a file inside the inventory's folder (e.g. `evidence/ID/…`, no links) and give its path from there",
    )
}

fn verify(args: EvidenceVerifyArgs) -> Result<Outcome, Error> {
    let shown = args.pack.display().to_string();
    let damaged = |what: String| {
        Error::failed(
            Failure::Input,
            format!("`{shown}` is damaged: {what}"),
            "ask for the pack again, or make it anew with `linger evidence pack`",
        )
    };
    let opened =
        zipfile::read(&args.pack, pack::MANIFEST, zipfile::Limits::default()).map_err(damaged)?;
    let manifest = parse(opened.manifest).map_err(damaged)?;
    let found: Vec<pack::Found> = (opened.files.into_iter())
        .map(|(name, sha256)| pack::Found { name, sha256 })
        .collect();
    let verdict = pack::verify(&manifest, &found);
    let mut out = output::stdout();
    output::pack::write_verdict(&mut out, &shown, &manifest, &verdict)?;
    out.flush()?;
    Ok(match verdict.is_clean() && !manifest.incomplete() {
        true => Outcome::Success,
        false => Outcome::Findings,
    })
}

/// The manifest, or what is wrong with it.
fn parse(bytes: Option<Vec<u8>>) -> Result<Manifest, String> {
    let bytes = bytes.ok_or_else(|| format!("it has no `{}`", pack::MANIFEST))?;
    let manifest: Manifest = serde_json::from_slice(&bytes)
        .map_err(|err| format!("`{}` is not a manifest linger wrote: {err}", pack::MANIFEST))?;
    if manifest.format != pack::FORMAT || manifest.format_version != pack::FORMAT_VERSION {
        return Err(format!(
            "`{}` is of format `{}` version {}, not `{}` version {}",
            pack::MANIFEST,
            manifest.format,
            manifest.format_version,
            pack::FORMAT,
            pack::FORMAT_VERSION
        ));
    }
    Ok(manifest)
}
