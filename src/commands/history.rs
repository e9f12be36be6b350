use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::{HistoryArgs, TableFormat};
use crate::commands::load;
use crate::git::{Repo, WINDOW_BYTES};
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
    // A window at a time: memory bounded by the window, not the history.
    let names = PrivateNames::of(&ws);
    let record = args.record.as_str();
    let mut events = Vec::new();
    let wanted = repo.windows(
        &commits,
        |c| {
            c.changes
                .iter()
                .filter(|f| belongs(record, &f.path))
                .flat_map(|f| f.old.iter().chain(&f.new))
                .map(String::as_str)
                .collect()
        },
        WINDOW_BYTES,
    )?;
    for window in wanted {
        let window = window?;
        events.extend(history(record, window.commits, &window.texts, &names));
    }
    match args.format {
        TableFormat::Table => out.print(&render::text(&events))?,
        TableFormat::Json => out.print_document(&crate::render::to_json(&events))?,
    }
    Ok(Outcome::Success)
}
