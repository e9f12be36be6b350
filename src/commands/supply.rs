use anyhow::Result;

use crate::Outcome;
use crate::cli::{SupplyArgs, SupplyFormat};
use crate::commands::{find_intake, load_valid};
use crate::matching::supply::supply;
use crate::output::Output;
use crate::render::supply::{View, csv, json, text};
use crate::settings::Settings;

pub fn run(args: &SupplyArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let as_of = settings.as_of(args.programme.as_of);
    let ws = load_valid(&args.programme.dir, settings)?;
    let intake = find_intake(&ws, args.intake.as_deref())?;
    let counted = supply(&ws, as_of, intake);
    let view = View {
        intake: intake.and_then(|i| ws.programme.as_ref()?.intakes.get(i)),
        names: args.names,
        terminal: settings.terminal,
    };
    match args.format {
        SupplyFormat::Text => out.print(&text(&ws, &counted, &view))?,
        SupplyFormat::Csv => out.print(&String::from_utf8_lossy(&csv(&ws, &counted, &view)?))?,
        SupplyFormat::Json => out.print_document(&json(&ws, &counted, &view))?,
    }
    Ok(Outcome::Success)
}
