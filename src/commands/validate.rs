use anyhow::Result;

use crate::Outcome;
use crate::checks;
use crate::cli::ValidateArgs;
use crate::commands::{load, release_at_exit};
use crate::commands::{print_findings, render_diagnostics};
use crate::diagnostic::Tally;
use crate::edit::local_state;
use crate::output::Output;
use crate::seal::PrivateNames;
use crate::settings::Settings;

pub fn run(args: &ValidateArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let workspace = load(&args.programme.dir, settings)?;
    let mut diagnostics = checks::run(&workspace, settings.as_of(args.programme.as_of));
    diagnostics.extend(local_state::findings(&args.programme.dir, settings));
    let tally = Tally::of(&diagnostics);
    let rendered = render_diagnostics(
        args.format,
        &diagnostics,
        &workspace.sources,
        &PrivateNames::of(&workspace),
        settings,
    );
    print_findings(out, args.format, &rendered)?;
    let failed = tally.errors > 0 || (args.deny_warnings && tally.warnings > 0);
    release_at_exit(workspace);
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}
