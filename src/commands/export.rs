use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::{ExportArgs, ExportFormat};
use crate::commands::{identity, load_valid, open_with};
use crate::edit::{refuse_record_path, write_output};
use crate::export::pseudonym_key::pseudonym_key;
use crate::export::{Identities, Pseudonymiser, Sheet, sheets};
use crate::indicators::{Period, figures};
use crate::output::Output;
use crate::render::sheet::to_csv;
use crate::settings::Settings;

pub fn run(args: &ExportArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let as_of = settings.as_of(args.programme.as_of);
    let (mut ws, errors) = if args.allow_errors {
        let ws = crate::commands::load(&args.programme.dir, settings)?;
        let errors = crate::checks::blocking(&ws, settings.today).len();
        (ws, errors)
    } else {
        (load_valid(&args.programme.dir, settings)?, 0)
    };
    let identity = identity(&args.identity, settings, out)?;
    if let Some(identity) = &identity {
        open_with(&mut ws, identity)?;
    }
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
    let key = if args.anonymize {
        Some(pseudonym_key(&ws, identity.as_ref(), settings)?)
    } else {
        None
    };
    let identities = match &key {
        Some(key) => Identities::Pseudonymous(Pseudonymiser::new(&key.secret)),
        None => Identities::Plain,
    };
    let figures = figures(&ws, period);
    let mut tables = sheets(&ws, &figures, &identities);
    tables.extend(crate::export::survey_sheets(&ws, period));
    // The report's breakdowns, small counts withheld the same way.
    tables.extend(
        crate::report::breakdown::breakdowns(&ws, period, &figures)
            .iter()
            .filter_map(crate::export::summary),
    );
    for &dimension in &args.by {
        if !tables
            .iter()
            .any(|t| t.name == crate::export::breakdown_name(dimension))
        {
            tables.push(crate::export::breakdown(&ws, period, dimension)?);
        }
    }
    let left_out = crate::export::sealed_in_sheets(&ws, &tables);
    crate::export::leave_out(&mut tables, &left_out);
    let disclosures = if args.anonymize {
        crate::export::protect(&mut tables, args.min_group as usize)
    } else {
        Vec::new()
    };
    let sealed: usize = figures.pairs.iter().map(|p| p.sealed_ratings).sum();
    let programme = ws.programme.as_ref();
    tables.push(crate::export::about(&crate::export::About {
        programme: programme.map_or("", |p| p.name.as_str()),
        organisation: programme.and_then(|p| p.organisation.as_deref()),
        period,
        generated_at: &settings.now,
        anonymized: args.anonymize,
        sealed_ratings: sealed,
        errors,
        left_out: &left_out,
    }));
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
    if let Some(key) = &key {
        for done in key.keep(&args.programme.dir)? {
            out.note(&format!("note: {done}\n"))?;
        }
    }
    for d in &disclosures {
        out.note(&format!(
            "anonymized: {} {}: {}\n",
            d.table, d.column, d.treatment
        ))?;
    }
    if sealed > 0 {
        out.note(&format!(
            "note: satisfaction figures are empty: {} sealed (see sealed_ratings); run with the coordinator's --identity FILE to include them\n",
            crate::text::count(sealed, "rating is|ratings are")
        ))?;
    }
    Ok(Outcome::Success)
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
