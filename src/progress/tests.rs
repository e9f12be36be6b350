use super::*;
use crate::model::{Agreement, Closure, Feedback, Meeting, Pause};

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

/// An active pair that started on 1 January 2026 and ends on 30 June.
fn running() -> Pair {
    Pair {
        proposed_on: Some(day("2025-12-20")),
        started: Some(day("2026-01-01")),
        ends: Some(day("2026-06-30")),
        ..Pair::bare(PairStatus::Active)
    }
}

fn entry(pair: Pair, meetings: &[&str]) -> PairEntry {
    PairEntry {
        id: "pair".into(),
        dir: Default::default(),
        file: Default::default(),
        pair,
        goals: Vec::new(),
        meetings: meetings.iter().map(|d| Meeting::bare(day(d))).collect(),
        feedback: Vec::new(),
        assessments: Vec::new(),
        concerns: Vec::new(),
        survey_answers: Vec::new(),
        log_unread: false,
        goals_unread: false,
    }
}

fn goal(due: &str, status: GoalStatus) -> Goal {
    Goal {
        id: "g1".into(),
        specific: None,
        measurable: None,
        achievable: None,
        relevant: None,
        due: Some(day(due)),
        status: Some(status),
        achieved_on: None,
        member: None,
        at: Default::default(),
    }
}

fn agreement(signed: Option<&str>, mid_point_review: bool) -> Agreement {
    Agreement {
        signed: signed.map(day),
        confidentiality: Some(true),
        meeting_every_days: None,
        mode: None,
        duration_months: None,
        closing: None,
        mid_point_review: Some(mid_point_review),
        at: Default::default(),
    }
}

/// A signed pair with a goal: nothing but meeting is asked of it.
fn settled(meetings: &[&str]) -> PairEntry {
    let mut e = entry(
        Pair {
            agreement: Some(agreement(Some("2026-01-05"), false)),
            ..running()
        },
        meetings,
    );
    e.goals.push(goal("2026-12-31", GoalStatus::InProgress));
    e
}

fn concerns(entry: &PairEntry, as_of: &str) -> Vec<Concern> {
    pair_progress(entry, None, day(as_of)).concerns
}

#[test]
fn a_pair_that_stops_meeting_is_stalled_after_its_interval() {
    let pair = settled(&["2026-01-10", "2026-02-01"]);
    // 30 days after the last meeting is within the default interval.
    assert_eq!(concerns(&pair, "2026-03-03"), []);
    assert_eq!(
        concerns(&pair, "2026-03-04"),
        [Concern::Stalled {
            days: 31,
            paused: 0
        }]
    );
    // Meetings after the as-of date are not yet held.
    let progress = pair_progress(&pair, None, day("2026-01-20"));
    assert_eq!((progress.meetings, progress.minutes), (1, 60));
    assert_eq!(progress.last_meeting, Some(day("2026-01-10")));
}

#[test]
fn a_pair_that_never_met_is_counted_from_its_start() {
    let pair = settled(&[]);
    assert_eq!(concerns(&pair, "2026-01-31"), []);
    assert_eq!(
        concerns(&pair, "2026-02-01"),
        [Concern::NeverMet { days: 31 }]
    );
    let progress = pair_progress(&pair, None, day("2026-02-01"));
    assert!(progress.is_stalled());
    assert_eq!(progress.flags(), ["never-met"]);
}

#[test]
fn paused_days_do_not_count_and_a_paused_pair_is_asked_nothing() {
    let mut pair = settled(&["2026-02-01"]);
    pair.pair.pause.push(Pause {
        from: day("2026-02-10"),
        to: day("2026-02-19"),
        reason: None,
        at: Default::default(),
    });
    // During the pause: no concern, and the flag says until when.
    let during = pair_progress(&pair, None, day("2026-02-15"));
    assert_eq!(during.concerns, []);
    assert_eq!(during.paused_until, Some(day("2026-02-19")));
    assert_eq!(during.flags(), ["paused-until:2026-02-19"]);
    // 40 days since meeting, 10 of them paused: not yet over 30.
    assert_eq!(concerns(&pair, "2026-03-13"), []);
    assert_eq!(
        concerns(&pair, "2026-03-14"),
        [Concern::Stalled {
            days: 41,
            paused: 10
        }]
    );
}

#[test]
fn agreement_and_goals_are_due_after_the_grace_period() {
    let bare = entry(running(), &["2026-01-15", "2026-02-01"]);
    assert_eq!(concerns(&bare, "2026-01-31"), []);
    assert_eq!(
        concerns(&bare, "2026-02-01"),
        [
            Concern::AgreementUnsigned { days: 31 },
            Concern::NoGoals { days: 31 }
        ]
    );
    // A goals file that could not be read gives no knock-on "no goals".
    let unread = PairEntry {
        goals_unread: true,
        ..bare
    };
    assert_eq!(
        concerns(&unread, "2026-02-01"),
        [Concern::AgreementUnsigned { days: 31 }]
    );
}

#[test]
fn an_open_goal_past_its_due_date_is_overdue() {
    let mut pair = settled(&["2026-03-01"]);
    pair.goals = vec![
        goal("2026-03-01", GoalStatus::InProgress),
        goal("2026-03-01", GoalStatus::Achieved),
        goal("2026-03-05", GoalStatus::NotStarted),
    ];
    assert_eq!(
        concerns(&pair, "2026-03-10"),
        [
            Concern::GoalOverdue { goal: 0, days: 9 },
            Concern::GoalOverdue { goal: 2, days: 5 }
        ]
    );
    assert_eq!(
        pair_progress(&pair, None, day("2026-03-10")).flags(),
        ["overdue:2"]
    );
}

#[test]
fn the_end_approaching_is_news_even_during_a_pause() {
    let mut pair = settled(&["2026-05-20"]);
    pair.pair.pause.push(Pause {
        from: day("2026-06-12"),
        to: day("2026-06-30"),
        reason: None,
        at: Default::default(),
    });
    assert_eq!(concerns(&pair, "2026-05-30"), []);
    assert_eq!(
        concerns(&pair, "2026-06-15"),
        [Concern::EndingSoon { days: 15 }]
    );
}

#[test]
fn a_proposal_waits_for_acceptance_as_long_as_the_programme_allows() {
    let proposal = entry(
        Pair {
            proposed_on: Some(day("2026-01-01")),
            ..Pair::bare(PairStatus::Proposed)
        },
        &[],
    );
    // 14 days by default.
    assert_eq!(concerns(&proposal, "2026-01-15"), []);
    assert_eq!(
        concerns(&proposal, "2026-01-16"),
        [Concern::AwaitingAcceptance { days: 15 }]
    );
    // A proposal later turned down was still waiting on the days before.
    let turned_down = PairEntry {
        pair: Pair {
            status: PairStatus::Rejected,
            rejected_on: Some(day("2026-02-01")),
            ..proposal.pair.clone()
        },
        ..entry(Pair::bare(PairStatus::Rejected), &[])
    };
    assert_eq!(
        concerns(&turned_down, "2026-01-20"),
        [Concern::AwaitingAcceptance { days: 19 }]
    );
    assert_eq!(concerns(&turned_down, "2026-02-01"), []);
}

#[test]
fn a_promised_mid_point_review_is_due_once_the_mid_point_passes() {
    let mut pair = settled(&["2026-03-25"]);
    pair.pair.agreement = Some(agreement(Some("2026-01-05"), true));
    // 1 January to 30 June: the mid-point is 90 days in, 1 April.
    assert_eq!(concerns(&pair, "2026-03-31"), []);
    assert_eq!(
        concerns(&pair, "2026-04-02"),
        [Concern::MidPointReviewDue { days: 1 }]
    );
    let mid = |by: &str| Feedback {
        by: by.into(),
        date: day("2026-04-01"),
        satisfaction: None,
        comment: None,
        stage: Some(crate::model::FeedbackStage::Mid),
        at: Default::default(),
    };
    // One member's review leaves the other's due.
    pair.feedback.push(mid("mentee"));
    assert_eq!(
        concerns(&pair, "2026-04-02"),
        [Concern::MidPointReviewDue { days: 1 }]
    );
    pair.feedback.push(mid("mentor"));
    assert_eq!(concerns(&pair, "2026-04-02"), []);
}

#[test]
fn a_closed_pair_is_asked_nothing_from_its_closure_on() {
    let mut pair = settled(&["2026-01-10"]);
    pair.pair.status = PairStatus::Closed;
    pair.pair.closure = Some(Closure {
        date: day("2026-02-20"),
        reason: ClosureReason::Mismatch,
        note: None,
        concern: None,
        at: Default::default(),
    });
    // Before the closure it was running, and stalled.
    assert_eq!(
        concerns(&pair, "2026-02-19"),
        [Concern::Stalled {
            days: 40,
            paused: 0
        }]
    );
    assert_eq!(concerns(&pair, "2026-02-20"), []);
    assert_eq!(
        pair_progress(&pair, None, day("2026-02-20")).paused_until,
        None
    );
}
