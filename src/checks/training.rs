//! Training records: attendance names real sessions, and active pairs have
//! had the training the programme requires.

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Attendance, PairStatus};
use crate::workspace::Workspace;

pub fn check(ws: &Workspace, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    unknown_sessions(ws, out);
    missing_training(ws, today, out);
}

fn unknown_sessions(ws: &Workspace, out: &mut Vec<Diagnostic>) {
    let Some(programme) = ws.programme.as_ref() else {
        return;
    };
    let known = || programme.training.iter().map(|s| s.id.as_str());
    for entry in &ws.people {
        for attended in &entry.person.attended {
            if known().any(|id| id == attended.session) {
                continue;
            }
            let help = match crate::decode::did_you_mean(&attended.session, known()) {
                Some(best) => format!("did you mean `{best}`?"),
                None => {
                    "add the session to programme.toml as `[[training]]`, or correct the id".into()
                }
            };
            out.push(
                Diagnostic::new(
                    Code::UnknownTrainingSession,
                    attended.at.of(Attendance::SESSION),
                    format!(
                        "`{}` attended training session `{}`, which the programme does not define",
                        entry.id, attended.session
                    ),
                )
                .help(help),
            );
        }
    }
}

fn missing_training(ws: &Workspace, today: NaiveDate, out: &mut Vec<Diagnostic>) {
    let Some(programme) = ws.programme.as_ref() else {
        return;
    };
    let grace = i64::from(programme.training_grace_days());
    for entry in &ws.pairs {
        let pair = &entry.pair;
        if pair.status != PairStatus::Active {
            continue;
        }
        for gap in crate::training::pair_gaps(ws, pair, today) {
            let within_grace = pair
                .started
                .is_some_and(|started| (today - started).num_days() <= grace);
            let deadline = if within_grace {
                " (still within the programme's grace period)"
            } else {
                ""
            };
            out.push(
                Diagnostic::new(
                    Code::TrainingMissing,
                    pair.at.record,
                    format!(
                        "pair `{}` is active and `{}` has not attended the required training {}{deadline}",
                        entry.id,
                        gap.person,
                        gap.sessions.iter().map(|s| format!("`{s}`")).collect::<Vec<_>>().join(", ")
                    ),
                )
                .help(format!(
                    "record it with `mentor person trained {} --session {} --date YYYY-MM-DD`",
                    gap.person, gap.sessions[0]
                )),
            );
        }
    }
}
