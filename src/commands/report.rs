use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::{ReportArgs, ReportFormat};
use crate::commands::{find_pair, identity, load, open_with, release_at_exit};
use crate::edit::write_output;
use crate::output::Output;
use crate::render::html::{Audience, page};
use crate::render::report::{
    Timeline, attention_sheet, json_report, markdown, pair_timeline, text,
};
use crate::report::{monthly, report};
use crate::settings::Settings;
use crate::workspace::Workspace;

pub fn run(args: &ReportArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let as_of = settings.as_of(args.programme.as_of);
    // The weekly report always runs: what fails to load is listed first and
    // the figures come from the rest.
    let mut ws = load(&args.programme.dir, settings)?;
    let blocking = |ws: &Workspace| crate::checks::blocking(ws, settings.today);
    // The files are checked as written (sealed), before anything is opened.
    // With nothing to open, the whole-programme report is worked out while
    // they are checked.
    let opened = identity(&args.identity, settings, out)?;
    let identity_given = opened.is_some();
    let (errors, early) = match opened {
        None if args.pair.is_none() => {
            let (errors, report) = rayon::join(|| blocking(&ws), || report(&ws, as_of));
            (errors, Some(report))
        }
        None => (blocking(&ws), None),
        Some(identity) => {
            let errors = blocking(&ws);
            open_with(&mut ws, &identity)?;
            (errors, None)
        }
    };
    if let Some(id) = &args.pair {
        let entry = find_pair(&ws, id)?;
        let layout = match args.format {
            ReportFormat::Table => Timeline::Text,
            ReportFormat::Markdown => Timeline::Markdown,
            ReportFormat::Json => Timeline::Json,
            ReportFormat::Html | ReportFormat::Csv => bail!(
                "--pair shows a timeline as text, markdown or json; html and csv cover the whole programme"
            ),
        };
        let text = pair_timeline(&ws, entry, as_of, layout, identity_given);
        if layout == Timeline::Json {
            out.print_document(&text)?;
        } else {
            out.print(&text)?;
        }
        return Ok(Outcome::Success);
    }
    let located = crate::diagnostic::locate(&errors, &ws.sources);
    let report = early
        .unwrap_or_else(|| report(&ws, as_of))
        .with_unreadable_files(&ws, &located);
    // The breakdowns take a figures pass per group: worked out for the
    // page HR reads, and for the text and Markdown reports once the
    // programme has ended (the weekly report stays short).
    let report = match args.format {
        ReportFormat::Html => report.with_breakdowns(&ws),
        ReportFormat::Table | ReportFormat::Markdown if report.ended.is_some() => {
            report.with_breakdowns(&ws)
        }
        _ => report,
    };
    let document = match args.format {
        ReportFormat::Table => text(&report, settings.terminal && args.out.is_none()),
        ReportFormat::Markdown => markdown(&report),
        ReportFormat::Json => json_report(&report),
        ReportFormat::Csv => {
            String::from_utf8(crate::render::sheet::to_csv(&attention_sheet(&report))?)?
        }
        ReportFormat::Html => {
            let audience = match args.audience {
                crate::cli::Audience::Coordinator => Audience::Coordinator,
                crate::cli::Audience::Hr => Audience::Hr,
            };
            page(&ws, &report, &monthly(&ws, report.figures.period), audience)
        }
    };
    match &args.out {
        Some(path) => {
            write_output(&args.programme.dir, path, document.as_bytes())?;
            out.print(&format!("Wrote {}.\n", path.display()))?;
        }
        None => match args.format {
            ReportFormat::Table | ReportFormat::Markdown => out.print(&document)?,
            ReportFormat::Json | ReportFormat::Html | ReportFormat::Csv => {
                out.print_document(&document)?
            }
        },
    }
    release_at_exit(ws);
    Ok(Outcome::Success)
}
