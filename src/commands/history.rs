use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::{HistoryArgs, TableFormat};
use crate::commands::load;
use crate::git::Repo;
use crate::history::of_records;
use crate::output::Output;
use crate::render::history as render;
use crate::seal::PrivateNames;
use crate::settings::Settings;

pub fn run(args: &HistoryArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.dir.dir;
    let repo = Repo::open(dir)?;
    let ws = load(dir, settings)?;
    let names = PrivateNames::of(&ws);
    let events = of_records(&repo, std::slice::from_ref(&args.record), &names)?;
    if events.is_empty() {
        bail!(
            "no commit touches a pair `{0}` (pairs/{0}/) or a person `{0}` (people/{0}.toml)",
            args.record
        );
    }
    match args.format {
        TableFormat::Table => out.print(&render::text(&events))?,
        TableFormat::Json => out.print_document(&crate::render::to_json(&events))?,
    }
    Ok(Outcome::Success)
}
