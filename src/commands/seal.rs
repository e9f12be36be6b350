use anyhow::{Result, bail};

use crate::Outcome;
use crate::checks;
use crate::cli::{DiagnosticFormat, SealArgs};
use crate::commands::{error_listing, identity, load, print_findings, render_diagnostics};
use crate::edit::{apply, lock, sealed};
use crate::output::Output;
use crate::seal::PrivateNames;
use crate::seal::places::{self, PrivateValue};
use crate::settings::Settings;
use crate::workspace::Workspace;

pub fn run(args: &SealArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.programme.dir;
    let lock = if args.check { None } else { Some(lock(dir)?) };
    let ws = load(dir)?;
    // Ranges and references are checked before anything is sealed: once
    // sealed, CI sees only the structure of a value.
    let blocking = checks::blocking(&ws, settings.today);
    if !blocking.is_empty() {
        bail!(
            "nothing sealed: the programme has errors; fix them first (`mentor validate {}`):\n{}",
            dir.display(),
            error_listing(&blocking, &ws.sources)
        );
    }
    let identity = identity(&args.identity, settings)?;
    let plan = sealed::plan(&ws, identity.as_ref().filter(|_| args.rotate))?;

    if args.check {
        for value in &plan.sealed {
            out.print(&format!("would seal {}\n", line(&ws, value)))?;
        }
        print_unsealable(&ws, &plan.unsealable, settings, out)?;
        return Ok(if plan.sealed.is_empty() && plan.unsealable.is_empty() {
            out.print("Every private value is sealed.\n")?;
            Outcome::Success
        } else {
            Outcome::Problems
        });
    }

    if let Some(lock) = &lock
        && !plan.changes.is_empty()
    {
        apply(lock, &ws, &plan.changes, settings.today)?;
    }
    for value in &plan.sealed {
        out.print(&format!("sealed {}\n", line(&ws, value)))?;
    }
    for value in &plan.rotated {
        out.print(&format!("re-sealed {}\n", line(&ws, value)))?;
    }
    for value in &plan.not_yours {
        out.note(&format!(
            "cannot re-seal {}: this identity cannot open it; one of its readers must run `mentor seal --rotate`\n",
            value.owner.describe()
        ))?;
    }
    if plan.changes.is_empty() && plan.unsealable.is_empty() {
        out.print("Nothing to seal: every private value is sealed.\n")?;
    } else if !plan.changes.is_empty() {
        out.print(&format!(
            "Sealed {} and re-sealed {} value(s) in {} file(s).\n",
            plan.sealed.len(),
            plan.rotated.len(),
            plan.changes.len()
        ))?;
    }
    print_unsealable(&ws, &plan.unsealable, settings, out)?;
    Ok(if plan.unsealable.is_empty() {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

fn line(ws: &Workspace, value: &PrivateValue) -> String {
    format!(
        "`{}` of {} for {}",
        value.field,
        value.owner.describe(),
        places::reader_names(ws, &value.readers)
    )
}

/// Values left in plaintext because a reader has no key: the same findings
/// `validate` reports, naming who must add one.
fn print_unsealable(
    ws: &Workspace,
    unsealable: &[(PrivateValue, Vec<places::Reader>)],
    settings: &Settings,
    out: &mut Output,
) -> Result<()> {
    if unsealable.is_empty() {
        return Ok(());
    }
    let seals = ws.programme.as_ref().is_some_and(|p| p.seals());
    let findings: Vec<_> = unsealable
        .iter()
        .map(|(value, _)| checks::plaintext_finding(ws, value, seals))
        .collect();
    let rendered = render_diagnostics(
        DiagnosticFormat::Human,
        &findings,
        &ws.sources,
        &PrivateNames::of(ws),
        settings,
    );
    out.note("left in plaintext, because a reader has no key yet:\n")?;
    print_findings(out, DiagnosticFormat::Human, &rendered)
}
