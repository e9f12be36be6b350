use std::path::Path;

use anyhow::{Result, bail};

use crate::Outcome;
use crate::checks;
use crate::cli::{DiagnosticFormat, SealArgs};
use crate::commands::{error_listing, identity, load, print_findings, render_diagnostics};
use crate::edit::sealed::Rotation;
use crate::edit::{apply, lock, sealed};
use crate::git::{Commit, Repo, WINDOW_BYTES};
use crate::output::Output;
use crate::seal::PrivateNames;
use crate::seal::fields;
use crate::seal::places::{PSEUDONYM_KEY_FILE, Standing};
use crate::seal::provenance::Sightings;
use crate::seal::values::{self, PrivateValue};

use crate::settings::Settings;
use crate::workspace::Workspace;

pub fn run(args: &SealArgs, settings: &Settings, out: &mut Output) -> Result<Outcome> {
    let dir = &args.programme.dir;
    let lock = if args.check {
        None
    } else {
        Some(lock(dir, settings)?)
    };
    let ws = load(dir, settings)?;
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
    if !args.check {
        crate::commands::refuse_unapproved_keys(&ws, dir)?;
    }
    let identity = identity(&args.identity, settings, out)?;
    let sightings = match &identity {
        Some(_) if args.rotate => Some(sightings(&ws, dir)?),
        _ => None,
    };
    let rotation = identity
        .as_ref()
        .zip(sightings.as_ref())
        .map(|(identity, sightings)| Rotation {
            identity,
            sightings,
        });
    let plan = sealed::plan(&ws, rotation)?;

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
    for (value, why) in &plan.refused {
        out.note(&format!(
            "left `{}` of {} as it is: {why}\n",
            value.field,
            value.owner.describe()
        ))?;
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
            "Sealed {} and re-sealed {} in {}.\n",
            plan.sealed.len(),
            crate::text::count(plan.rotated.len(), "value"),
            crate::text::count(plan.changes.len(), "file")
        ))?;
    }
    print_unsealable(&ws, &plan.unsealable, settings, out)?;
    Ok(if plan.unsealable.is_empty() && plan.refused.is_empty() {
        Outcome::Success
    } else {
        Outcome::Problems
    })
}

/// Where the programme's sealed values are and, when it is in git, have
/// been: what tells `--rotate` whether a value sealed before places were
/// recorded may be bound where it is. The history is read only when there
/// is such a value.
fn sightings(ws: &Workspace, dir: &Path) -> Result<Sightings> {
    let key_file = ws.root.join(PSEUDONYM_KEY_FILE);
    let pseudonym_key = std::fs::read_to_string(&key_file).ok();
    let mut sightings = Sightings::of_work_tree(ws, pseudonym_key.as_deref());
    let unbound = values::private_values(ws)
        .iter()
        .any(|v| v.standing() == Some(Standing::Unbound));
    if !unbound || !crate::commands::in_git(dir) {
        return Ok(sightings);
    }
    // A window at a time: memory bounded by the window, not the history.
    let history = Repo::open(dir).and_then(|repo| {
        let commits = repo.commits(None)?;
        // Read, even when no commit wrote a file.
        sightings.read_history(&[], &Default::default());
        for window in repo.windows(&commits, Commit::written, WINDOW_BYTES)? {
            let window = window?;
            sightings.read_history(window.commits, &window.texts);
        }
        Ok(())
    });
    if let Err(why) = history {
        sightings.history_unreadable(format!("{why:#}"));
    }
    Ok(sightings)
}

fn line(ws: &Workspace, value: &PrivateValue) -> String {
    format!(
        "`{}` of {} for {}",
        value.field,
        value.owner.describe(),
        values::reader_names(ws, &value.readers)
    )
}

/// Values left in plaintext because a reader has no key: the same findings
/// `validate` reports, naming who must add one.
fn print_unsealable(
    ws: &Workspace,
    unsealable: &[(PrivateValue, Vec<fields::Reader>)],
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
