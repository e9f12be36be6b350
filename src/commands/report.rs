use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::{ReportArgs, ReportFormat};
use crate::commands::{load_valid, open_sealed};
use crate::decode::did_you_mean;
use crate::output::Output;
use crate::render::report::{Timeline, json_report, markdown, pair_timeline, text};
use crate::report::report;
use crate::settings::Settings;

pub fn run(args: &ReportArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let as_of = settings.as_of(args.programme.as_of);
    let mut ws = load_valid(&args.programme.dir, settings)?;
    open_sealed(&mut ws, &args.identity, settings)?;
    if let Some(id) = &args.pair {
        let Some(entry) = ws.pair(id) else {
            let hint = did_you_mean(id, ws.pairs.iter().map(|p| p.id.as_str()))
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            bail!(
                "no pair `{id}` under {}{hint}",
                ws.root.join("pairs").display()
            );
        };
        let layout = match args.format {
            ReportFormat::Table => Timeline::Text,
            ReportFormat::Markdown => Timeline::Markdown,
            ReportFormat::Json => Timeline::Json,
        };
        let text = pair_timeline(&ws, entry, as_of, layout);
        if layout == Timeline::Json {
            out.print_document(&text)?;
        } else {
            out.print(&text)?;
        }
        return Ok(Outcome::Success);
    }
    let report = report(&ws, as_of);
    match args.format {
        ReportFormat::Table => out.print(&text(&report, settings.terminal))?,
        ReportFormat::Markdown => out.print(&markdown(&report))?,
        ReportFormat::Json => out.print_document(&json_report(&report))?,
    }
    Ok(Outcome::Success)
}
