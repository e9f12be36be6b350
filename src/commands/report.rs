use anyhow::{Result, bail};

use crate::Outcome;
use crate::cli::ReportArgs;
use crate::commands::{Context, as_of, load_valid, print};
use crate::decode::did_you_mean;
use crate::render::report::{pair_timeline, render};
use crate::report::report;

pub fn run(args: &ReportArgs, context: &Context) -> Result<Outcome> {
    let as_of = as_of(args.programme.as_of);
    let ws = load_valid(&args.programme.dir)?;
    if let Some(id) = &args.pair {
        let Some(entry) = ws.pair(id) else {
            let hint = did_you_mean(id, ws.pairs.iter().map(|p| p.id.as_str()))
                .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
            bail!(
                "no pair `{id}` under {}{hint}",
                ws.root.join("pairs").display()
            );
        };
        print(&pair_timeline(&ws, entry, as_of, args.format))?;
        return Ok(Outcome::Success);
    }
    print(&render(&report(&ws, as_of), args.format, context.terminal))?;
    Ok(Outcome::Success)
}
