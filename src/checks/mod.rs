//! The rules `mentor validate` applies, each a function that reads the
//! workspace and pushes diagnostics. Rules never stop at the first finding and
//! never report a reference to a record whose own file failed to load (that
//! file already has its diagnostic).

mod activity;
mod privacy;

pub use privacy::plaintext_finding;
mod concerns;
pub mod groups;
mod intakes;
mod prefer;
mod references;
pub(crate) use references::looks_like_email;
mod retention;
mod rules;
mod skills;
mod smart;
mod training;

use chrono::NaiveDate;

use crate::diagnostic::Diagnostic;
use crate::model::Platform;
use crate::workspace::{CodeownersFile, Workspace};

/// A named rule, and whether it can find errors at all.
struct Check {
    run: fn(&Workspace, NaiveDate, &mut Vec<Diagnostic>),
    /// `false` for rules that only warn (a stalled pair, an overdue goal):
    /// [`blocking`] does not run them.
    finds_errors: bool,
}

/// Independent of one another (none reads another's findings): run on every
/// core, their findings kept in this order.
const CHECKS: [Check; 15] = [
    Check {
        run: |ws, _, out| prefer::check(ws, out),
        finds_errors: true,
    },
    Check {
        run: |ws, _, out| concerns::check(ws, out),
        finds_errors: true,
    },
    Check {
        run: training::check,
        finds_errors: true,
    },
    Check {
        run: |ws, _, out| references::check(ws, out),
        finds_errors: true,
    },
    Check {
        run: rules::check,
        finds_errors: true,
    },
    Check {
        run: |ws, _, out| smart::check(ws, out),
        finds_errors: true,
    },
    Check {
        run: activity::check,
        finds_errors: false,
    },
    Check {
        run: |ws, _, out| privacy::check(ws, out),
        finds_errors: true,
    },
    Check {
        run: skills::check,
        finds_errors: true,
    },
    Check {
        run: |ws, _, out| crate::survey::check(ws, out),
        finds_errors: true,
    },
    Check {
        run: |ws, _, out| codeowners(ws, out),
        finds_errors: true,
    },
    Check {
        run: |ws, _, out| groups::check(ws, out),
        finds_errors: true,
    },
    Check {
        run: retention::check,
        finds_errors: false,
    },
    Check {
        run: |ws, _, out| intakes::check(ws, out),
        finds_errors: true,
    },
    Check {
        run: |ws, _, out| {
            outcome_indicators(ws, out);
            outcome_targets(ws, out);
            matching_min_score(ws, out);
        },
        finds_errors: true,
    },
];

/// What a writer must not add: the [`blocking`] errors, and a private
/// value in plaintext where the programme seals. Such a value does not make
/// the records untrustworthy, but once committed it stays in history, so
/// no command writes one (hand edits are for `mentor seal` to seal).
pub fn refused_in_writes(ws: &Workspace, as_of: NaiveDate) -> Vec<Diagnostic> {
    let mut found = run_checks(ws, as_of, true);
    found.retain(|d| d.blocks() || d.code == crate::diagnostic::Code::UnsealedPrivateValue);
    found
}

/// Run every rule. The result includes the workspace's load diagnostics.
pub fn run(ws: &Workspace, as_of: NaiveDate) -> Vec<Diagnostic> {
    run_checks(ws, as_of, false)
}

/// Only the errors that make records untrustworthy ([`Diagnostic::blocks`]):
/// what reports and writers ask before going on. Rules that only warn are not
/// run: in a large programme they would write thousands of warnings only for
/// them to be dropped.
pub fn blocking(ws: &Workspace, as_of: NaiveDate) -> Vec<Diagnostic> {
    let mut found = run_checks(ws, as_of, true);
    found.retain(Diagnostic::blocks);
    found
}

/// The rules' findings after the load diagnostics; with `errors_only`, of
/// the rules that can find errors.
fn run_checks(ws: &Workspace, as_of: NaiveDate, errors_only: bool) -> Vec<Diagnostic> {
    use rayon::prelude::*;
    let found: Vec<Vec<Diagnostic>> = CHECKS
        .par_iter()
        .filter(|check| check.finds_errors || !errors_only)
        .map(|check| {
            let mut out = Vec::new();
            (check.run)(ws, as_of, &mut out);
            // A rule said only to warn must not block: `blocking` skips it.
            debug_assert!(
                check.finds_errors || !out.iter().any(Diagnostic::blocks),
                "a rule declared to find no errors found one: {:?}",
                out.iter().find(|d| d.blocks())
            );
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
    for CodeownersFile {
        platform,
        shown_path: path,
        text,
    } in &ws.codeowners
    {
        // A programme whose handles or ids did not pass their checks gets
        // no CODEOWNERS (those findings are reported where they are).
        let Ok(owners) = crate::codeowners::generate(ws, *platform) else {
            continue;
        };
        if owners.text != *text {
            let flag = match platform {
                Platform::Github => "",
                Platform::Gitlab => " --platform gitlab",
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

/// `[matching] min_score` is a score, and scores run from 0 to 100: above
/// that no pair could ever be proposed.
fn matching_min_score(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    use crate::model::MatchingRules;
    let Some(matching) = ws.programme.as_ref().and_then(|p| p.matching.as_ref()) else {
        return;
    };
    if let Some(n) = matching.min_score.filter(|&n| n > 100) {
        out.push(
            Diagnostic::new(
                crate::diagnostic::Code::InvalidValue,
                matching.at.of(MatchingRules::MIN_SCORE),
                format!("`min_score` under [matching] is {n}; a match score runs from 0 to 100"),
            )
            .help(format!(
                "set a score from 0 to 100, such as the default {} (0 proposes every allowed pair)",
                crate::model::DEFAULT_MIN_SCORE
            )),
        );
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
                outcome.at.of(crate::model::ExpectedOutcomeTable::INDICATOR),
                format!(
                    "outcome `{}` names no indicator `{id}`",
                    crate::text::excerpt(&outcome.text)
                ),
            )
            .help(help),
        );
    }
}

/// A target must say what it measures and be a value the indicator can take;
/// a direction needs a target to point from.
fn outcome_targets(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    use crate::diagnostic::Code;
    use crate::model::ExpectedOutcomeTable as Table;
    let Some(programme) = &ws.programme else {
        return;
    };
    for outcome in &programme.outcomes {
        let text = crate::text::excerpt(&outcome.text);
        match (outcome.target, outcome.direction) {
            (None, Some(direction)) => out.push(
                Diagnostic::new(
                    Code::MissingField,
                    outcome.at.of(Table::DIRECTION),
                    format!("outcome `{text}` says `direction = \"{direction}\"` but sets no `target`"),
                )
                .help("add `target = N` beside it (in the indicator's unit), or remove `direction`"),
            ),
            (Some(_), _) if outcome.indicator.is_none() => out.push(
                Diagnostic::new(
                    Code::MissingField,
                    outcome.at.of(Table::TARGET),
                    format!("outcome `{text}` sets a `target` but names no `indicator` to measure it"),
                )
                .help("add `indicator = \"...\"` with an id from the export's indicators.csv, such as `goal_achievement_rate`"),
            ),
            _ => {}
        }
        let (Some(target), Some(id)) = (outcome.target, &outcome.indicator) else {
            continue;
        };
        let percent = crate::indicators::unit_of(id) == Some("percent");
        if !target.is_finite() || target < 0.0 || (percent && target > 100.0) {
            out.push(
                Diagnostic::new(
                    Code::InvalidValue,
                    outcome.at.of(Table::TARGET),
                    format!(
                        "outcome `{text}` sets `target = {target}`, which `{id}` can never take"
                    ),
                )
                .help(if percent {
                    "a percentage target is between 0 and 100 (70 for 70%)"
                } else {
                    "a target is a number of 0 or more, in the indicator's unit"
                }),
            );
        }
    }
}
