use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::{HistoryArgs, TableFormat};
use crate::commands::load;
use crate::git::Repo;
use crate::history::{belongs, history};
use crate::output::Output;
use crate::render::history as render;
use crate::seal::PrivateNames;
use crate::settings::Settings;

pub fn run(args: &HistoryArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.dir.dir;
    let repo = Repo::open(dir)?;
    let ws = load(dir, settings)?;
    let commits: Vec<_> = repo
        .commits(None)?
        .into_iter()
        .filter(|c| c.changes.iter().any(|f| belongs(&args.record, &f.path)))
        .collect();
    if commits.is_empty() {
        bail!(
            "no commit touches a pair `{0}` (pairs/{0}/) or a person `{0}` (people/{0}.toml)",
            args.record
        );
    }
    let blobs = repo.blobs(
        commits
            .iter()
            .flat_map(|c| &c.changes)
            .filter(|f| belongs(&args.record, &f.path))
            .flat_map(|f| f.old.iter().chain(&f.new))
            .map(String::as_str),
    )?;
    let events = history(&args.record, &commits, &blobs, &PrivateNames::of(&ws));
    match args.format {
        TableFormat::Table => out.print(&render::text(&events))?,
        TableFormat::Json => out.print_document(&crate::render::to_json(&events))?,
    }
    Ok(Outcome::Success)
}
