use anyhow::Result;

use crate::Outcome;
use crate::checks;
use crate::cli::ValidateArgs;
use crate::commands::{Context, as_of, print};
use crate::diagnostic::{Tally, locate};
use crate::load::load;
use crate::render::diagnostics::render;

pub fn run(args: &ValidateArgs, context: &Context) -> Result<Outcome> {
    let workspace = load(&args.programme.dir)?;
    let diagnostics = checks::run(&workspace, as_of(args.programme.as_of));
    let tally = Tally::of(&diagnostics);
    let located = locate(&diagnostics, &workspace.sources);
    print(&render(
        args.format,
        &located,
        &workspace.sources,
        tally,
        context.color,
    ))?;
    let failed = tally.errors > 0 || (args.deny_warnings && tally.warnings > 0);
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}
