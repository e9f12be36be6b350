use std::path::Path;

use anyhow::{Context as _, Result, bail};

use crate::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::commands::{load_valid, open_sealed};
use crate::edit::{Overwrite, refuse_record_path, write_atomic, write_output};
use crate::export::{Identities, Pseudonymiser, Sheet, sheets};
use crate::indicators::{Period, figures};
use crate::output::Output;
use crate::render::sheet::to_csv;
use crate::settings::Settings;

/// Where the pseudonym key lives inside a programme.
pub const KEY_FILE: &str = ".mentor/pseudonym-key";

pub fn run(args: &ExportArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let as_of = settings.as_of(args.programme.as_of);
    let mut ws = load_valid(&args.programme.dir, settings)?;
    open_sealed(&mut ws, &args.identity, settings)?;
    let period = Period::new(&ws, args.from, args.to, as_of);
    if period.to < period.from {
        bail!(
            "the period ends ({}) before it starts ({})",
            period.to,
            period.from
        );
    }
    // Before anything is computed or a key made: HR's files never land among the records.
    refuse_record_path(&args.programme.dir, &args.out.join("indicators.csv"))?;
    let identities = if args.anonymize {
        Identities::Pseudonymous(Pseudonymiser::new(&pseudonym_key(
            &args.programme.dir,
            settings,
            out,
        )?))
    } else {
        Identities::Plain
    };
    let figures = figures(&ws, period);
    let tables = sheets(&ws, &figures, &identities);
    let mut written = Vec::new();
    match args.format {
        ExportFormat::Csv => {
            for sheet in &tables {
                let path = args.out.join(sheet.name);
                write_output(&args.programme.dir, &path, &to_csv(sheet)?)?;
                written.push(format!(
                    "  {} ({} rows)",
                    crate::load::display_path(&path),
                    sheet.rows.len()
                ));
            }
        }
        ExportFormat::Xlsx => {
            let path = args.out.join("mentor-export.xlsx");
            write_output(&args.programme.dir, &path, &workbook(&tables)?)?;
            written.push(format!(
                "  {} ({} sheets)",
                crate::load::display_path(&path),
                tables.len()
            ));
        }
    }
    out.print(&format!(
        "Exported {} to {} for {} to {}:\n{}\n",
        ws.programme
            .as_ref()
            .map_or("the programme", |p| p.name.as_str()),
        args.out.display(),
        period.from,
        period.to,
        written.join("\n")
    ))?;
    let sealed: usize = figures.pairs.iter().map(|p| p.sealed_ratings).sum();
    if sealed > 0 {
        out.note(&format!(
            "note: satisfaction figures are empty: {sealed} rating(s) are sealed (see sealed_ratings); run with the coordinator's --identity FILE to include them\n"
        ))?;
    }
    Ok(Outcome::Success)
}

/// The secret behind pseudonyms: the environment's, else the programme's key
/// file, else a new random key saved there (commit it so every run and every
/// machine gives the same pseudonyms; never send it to HR).
fn pseudonym_key(dir: &Path, settings: &Settings, out: &mut Output) -> Result<Vec<u8>> {
    if let Some(key) = &settings.pseudonym_key {
        return Ok(key.clone());
    }
    let path = dir.join(KEY_FILE);
    match std::fs::read_to_string(&path) {
        Ok(text) if !text.trim().is_empty() => return Ok(text.trim().as_bytes().to_vec()),
        Ok(_) => bail!(
            "{} is empty; delete it to have a new key made",
            path.display()
        ),
        Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
            return Err(e).with_context(|| format!("cannot read {}", path.display()));
        }
        Err(_) => {}
    }
    let mut bytes = [0u8; 32];
    getrandom::fill(&mut bytes)
        .map_err(|e| anyhow::anyhow!("cannot get random bytes for a pseudonym key: {e}"))?;
    let key: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
    write_atomic(&path, format!("{key}\n").as_bytes(), Overwrite::Never)?;
    out.note(&format!("note: created {} for --anonymize; commit it so pseudonyms stay the same, and never share it with HR\n", path.display()))?;
    Ok(key.into_bytes())
}

#[cfg(feature = "xlsx")]
fn workbook(tables: &[Sheet]) -> Result<Vec<u8>> {
    crate::render::sheet::to_xlsx(tables)
}

#[cfg(not(feature = "xlsx"))]
fn workbook(_: &[Sheet]) -> Result<Vec<u8>> {
    bail!(
        "this mentor was built without XLSX support; rebuild with the `xlsx` feature, or use --format csv"
    )
}
