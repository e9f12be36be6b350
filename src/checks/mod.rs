//! The rules `mentor validate` applies, each a function that reads the
//! workspace and pushes diagnostics. Rules never stop at the first finding and
//! never report a reference to a record whose own file failed to load (that
//! file already has its diagnostic).

mod activity;
mod privacy;

pub use privacy::plaintext_finding;
mod references;
mod rules;
mod skills;
mod smart;

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::workspace::Workspace;

/// Run every rule. The result includes the workspace's load diagnostics.
pub fn run(ws: &Workspace, as_of: NaiveDate) -> Vec<Diagnostic> {
    type Check = fn(&Workspace, NaiveDate, &mut Vec<Diagnostic>);
    // Independent of one another (none reads another's findings): run on
    // every core, their findings kept in this order.
    const CHECKS: [Check; 8] = [
        |ws, _, out| references::check(ws, out),
        rules::check,
        |ws, _, out| smart::check(ws, out),
        activity::check,
        |ws, _, out| privacy::check(ws, out),
        skills::check,
        |ws, _, out| codeowners(ws, out),
        |ws, _, out| outcome_indicators(ws, out),
    ];
    use rayon::prelude::*;
    let found: Vec<Vec<Diagnostic>> = CHECKS
        .par_iter()
        .map(|check| {
            let mut out = Vec::new();
            check(ws, as_of, &mut out);
            out
        })
        .collect();
    let mut out = ws.load_diagnostics.clone();
    out.reserve(found.iter().map(Vec::len).sum());
    out.extend(found.into_iter().flatten());
    out
}

/// A CODEOWNERS file the programme holds must still say who owns what.
fn codeowners(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    for (platform, path, text) in &ws.codeowners {
        if crate::codeowners::generate(ws, *platform).text != *text {
            let flag = match platform {
                crate::codeowners::Platform::Github => "",
                crate::codeowners::Platform::Gitlab => " --platform gitlab",
            };
            out.push(
                Diagnostic::for_path(
                    crate::diagnostic::Code::StaleCodeowners,
                    path.clone(),
                    format!("{path} no longer matches the programme's people and pairs"),
                )
                .help(format!(
                    "run `mentor codeowners{flag}` and commit the result"
                )),
            );
        }
    }
}

/// An outcome measured by an indicator must name one that exists.
fn outcome_indicators(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(programme) = &ws.programme else {
        return;
    };
    for outcome in &programme.outcomes {
        let Some(id) = &outcome.indicator else {
            continue;
        };
        if crate::indicators::indicator_ids().any(|known| known == id) {
            continue;
        }
        let help = match crate::decode::did_you_mean(id, crate::indicators::indicator_ids()) {
            Some(best) => format!("did you mean `{best}`?"),
            None => "use an indicator id from the export's indicators.csv".to_string(),
        };
        out.push(
            Diagnostic::new(
                crate::diagnostic::Code::InvalidValue,
                outcome.at.of(crate::model::MeasuredOutcome::INDICATOR),
                format!(
                    "outcome `{}` names no indicator `{id}`",
                    crate::text::excerpt(&outcome.text)
                ),
            )
            .help(help),
        );
    }
}
