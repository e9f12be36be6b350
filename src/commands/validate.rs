use anyhow::Result;

use crate::Outcome;
use crate::checks;
use crate::cli::{DiagnosticFormat, ValidateArgs};
use crate::commands::{load, release_at_exit};
use crate::commands::{print_findings, render_diagnostics};
use crate::diagnostic::{Diagnostic, Tally};
use crate::edit::local_state;
use crate::output::Output;
use crate::scope::{Scope, Selection};
use crate::seal::PrivateNames;
use crate::settings::Settings;
use crate::workspace::Workspace;

pub fn run(args: &ValidateArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.programme.dir;
    let workspace = load(dir, settings)?;
    let mut diagnostics = checks::run(&workspace, settings.as_of(args.programme.as_of));
    diagnostics.extend(local_state::findings(dir, settings));
    let elsewhere = narrow(args, &workspace, &mut diagnostics)?;
    let tally = Tally::of(&diagnostics);
    let rendered = render_diagnostics(
        args.format,
        &diagnostics,
        &workspace.sources,
        &PrivateNames::of(&workspace),
        settings,
    );
    print_findings(out, args.format, &rendered)?;
    if elsewhere > 0 {
        let line = format!(
            "and {} in other files; run `mentor validate` to see them\n",
            crate::text::count(elsewhere, "finding")
        );
        match args.format {
            // A document stays one document: the count goes beside it.
            DiagnosticFormat::Json | DiagnosticFormat::Sarif | DiagnosticFormat::Gitlab => {
                out.note(&line)?
            }
            DiagnosticFormat::Human | DiagnosticFormat::Concise | DiagnosticFormat::Github => {
                out.print(&line)?
            }
        }
    }
    // Only what is shown decides: another pair's error is theirs to fix.
    let failed = tally.errors > 0 || (args.deny_warnings && tally.warnings > 0);
    release_at_exit(workspace);
    Ok(if failed {
        Outcome::Problems
    } else {
        Outcome::Success
    })
}

/// Keep only the findings `--pair`, `--person` and `--files` ask for; how
/// many were left out.
fn narrow(args: &ValidateArgs, ws: &Workspace, diagnostics: &mut Vec<Diagnostic>) -> Result<usize> {
    // Paths on the command line are relative to here; records are named
    // relative to the programme. A path outside it is about no record.
    let files: Vec<_> = args
        .files
        .iter()
        .filter_map(|path| crate::scope::within(&args.programme.dir, path))
        .collect();
    let selection = Selection {
        pairs: &args.pairs,
        people: &args.people,
        files: &files,
    };
    if !selection.narrows() && args.files.is_empty() {
        return Ok(0);
    }
    let scope = Scope::of(ws, &selection).map_err(anyhow::Error::msg)?;
    let before = diagnostics.len();
    diagnostics.retain(|d| scope.covers(ws, d));
    Ok(before - diagnostics.len())
}
