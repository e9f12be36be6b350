//! Warnings about how pairs are doing, from [`crate::progress`].

use chrono::NaiveDate;

use crate::diagnostic::{Code, Diagnostic};
use crate::model::{Agreement, Goal, Pair, Programme};
use crate::progress::{Concern, GRACE_DAYS, pair_progress, paused_part, review_overdue_days};
use crate::workspace::Workspace;

pub fn check(ws: &Workspace, as_of: NaiveDate, out: &mut Vec<Diagnostic>) {
    let programme = ws.programme.as_ref();
    if let Some(p) = programme
        && let Some(days) = review_overdue_days(p, as_of)
    {
        out.push(
            Diagnostic::new(Code::ProgrammeReviewDue, p.at.of(Programme::REVIEWED_ON), format!("the programme was last reviewed {} ago", crate::text::count(days, "day")))
                .help("review the programme (criteria, matching, outcomes) and set `reviewed_on` to the date"),
        );
    }
    for entry in &ws.pairs {
        let p = pair_progress(entry, programme, as_of);
        let pair = &entry.pair;
        let id = &entry.id;
        for concern in &p.concerns {
            let diagnostic = match *concern {
                Concern::Stalled { days, paused } => {
                    let last = p.last_meeting.map_or_else(String::new, |d| d.to_string());
                    Diagnostic::new(
                        Code::PairStalled,
                        pair.at.of(Pair::STATUS),
                        format!("pair `{id}` has not met for {}{} (last meeting {last}; agreed every {})", crate::text::count(days, "day"), paused_part(paused), crate::text::count(p.every_days, "day")),
                    )
                    .help("check in with the pair and log the next meeting in log.yaml")
                }
                Concern::NeverMet { .. } => Diagnostic::new(
                    Code::PairNeverMet,
                    pair.at.of(Pair::STARTED),
                    format!(
                        "pair `{id}` started {} ago and has logged no meeting",
                        crate::text::count(p.days_running.unwrap_or(0), "day")
                    ),
                )
                .help("check the pair has met, and that meetings are logged in log.yaml"),
                Concern::AgreementUnsigned { days } => Diagnostic::new(
                    Code::AgreementUnsigned,
                    pair.agreement
                        .as_ref()
                        .map_or(pair.at.record, |a| a.at.of(Agreement::SIGNED)),
                    format!(
                        "pair `{id}` started {} ago and its agreement is not signed",
                        crate::text::count(days, "day")
                    ),
                )
                .help(format!(
                    "agreements are signed within {GRACE_DAYS} days: add `signed` under [agreement]"
                )),
                Concern::NoGoals { days } => Diagnostic::new(
                    Code::NoGoals,
                    pair.at.of(Pair::STARTED),
                    format!(
                        "pair `{id}` started {} ago and has no goals",
                        crate::text::count(days, "day")
                    ),
                )
                .help("write SMART goals in goals.yaml"),
                Concern::GoalOverdue { goal, .. } => {
                    let goal = &entry.goals[goal];
                    Diagnostic::new(
                        Code::GoalOverdue,
                        goal.at.of(Goal::DUE),
                        format!(
                            "goal `{}` was due on {} and is `{}`",
                            goal.id,
                            goal.due.map_or_else(String::new, |d| d.to_string()),
                            goal.status()
                        ),
                    )
                    .help("mark it achieved or dropped, or agree a new due date")
                }
                Concern::TooFewMeetings { minimum } => Diagnostic::new(
                    Code::TooFewMeetings,
                    pair.at.of(Pair::STATUS),
                    format!(
                        "pair `{id}` ended with {}; the programme asks for at least {minimum}",
                        crate::text::count(p.meetings, "meeting")
                    ),
                )
                .help("log any meetings that are missing from log.yaml"),
                // Ending soon is news for the coordinator's report, not a problem in the files.
                Concern::EndingSoon { .. }
                | Concern::MidPointReviewDue { .. }
                | Concern::AwaitingAcceptance { .. } => continue,
            };
            out.push(diagnostic);
        }
    }
}
