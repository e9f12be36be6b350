use super::*;

fn day(text: &str) -> NaiveDate {
    text.parse().expect("a test date")
}

fn pair(status: PairStatus) -> Pair {
    Pair::bare(status)
}

fn paused(spans: &[(&str, &str)]) -> Pair {
    Pair {
        pause: spans
            .iter()
            .map(|(from, to)| Pause {
                from: day(from),
                to: day(to),
                reason: None,
                at: Default::default(),
            })
            .collect(),
        ..pair(PairStatus::Active)
    }
}

fn closed(on: &str, reason: ClosureReason) -> Closure {
    Closure {
        date: day(on),
        reason,
        note: None,
        concern: None,
        at: Default::default(),
    }
}

/// The status on each of these days, in order.
fn statuses(pair: &Pair, days: &[&str]) -> Vec<Option<PairStatus>> {
    days.iter().map(|d| pair.status_on(day(d))).collect()
}

#[test]
fn paused_days_count_each_day_once_within_the_window() {
    let pair = paused(&[("2026-03-01", "2026-03-10"), ("2026-03-05", "2026-03-20")]);
    // 1..=20 March, overlapping pauses counted once.
    assert_eq!(pair.paused_days(day("2026-02-01"), day("2026-04-01")), 20);
    // The window clips: after 10 March up to 15 March is 5 days.
    assert_eq!(pair.paused_days(day("2026-03-10"), day("2026-03-15")), 5);
    // `after` itself is not counted; `until` is.
    assert_eq!(pair.paused_days(day("2026-03-01"), day("2026-03-01")), 0);
    assert_eq!(pair.paused_days(day("2026-02-28"), day("2026-03-01")), 1);
    assert_eq!(pair.paused_days(day("2026-04-01"), day("2026-05-01")), 0);
    let nested = paused(&[("2026-03-01", "2026-03-31"), ("2026-03-05", "2026-03-06")]);
    assert_eq!(nested.paused_days(day("2026-01-01"), day("2026-12-31")), 31);
    assert_eq!(
        nested.pause_on(day("2026-03-06")).map(|p| p.from),
        Some(day("2026-03-01"))
    );
    assert!(nested.pause_on(day("2026-04-01")).is_none());
}

#[test]
fn a_pair_is_proposed_then_active_then_closed_by_its_dates() {
    let pair = Pair {
        proposed_on: Some(day("2025-09-20")),
        started: Some(day("2025-10-01")),
        closure: Some(closed("2026-01-20", ClosureReason::Mismatch)),
        ..pair(PairStatus::Closed)
    };
    assert_eq!(
        statuses(
            &pair,
            &[
                "2025-09-19",
                "2025-09-20",
                "2025-09-30",
                "2025-10-01",
                "2026-01-19",
                "2026-01-20"
            ]
        ),
        [
            None,
            Some(PairStatus::Proposed),
            Some(PairStatus::Proposed),
            Some(PairStatus::Active),
            Some(PairStatus::Active),
            // The closure day is the first day closed.
            Some(PairStatus::Closed),
        ]
    );
    // A pause is agreed within a run: the pair is still active.
    let resting = Pair {
        started: Some(day("2026-01-01")),
        ..paused(&[("2026-02-01", "2026-02-28")])
    };
    assert_eq!(
        resting.status_on(day("2026-02-10")),
        Some(PairStatus::Active)
    );
}

#[test]
fn undated_changes_count_from_the_start() {
    // Active without `started`: running from its proposal.
    let unstarted = Pair {
        proposed_on: Some(day("2026-01-10")),
        ..pair(PairStatus::Active)
    };
    assert_eq!(
        statuses(&unstarted, &["2026-01-09", "2026-01-10"]),
        [None, Some(PairStatus::Active)]
    );
    // No dates at all: active on every day.
    assert_eq!(
        pair(PairStatus::Active).status_on(day("2000-01-01")),
        Some(PairStatus::Active)
    );
    // Closed without a closure: closed on every day, even before it started.
    let closed_undated = Pair {
        started: Some(day("2026-01-10")),
        ..pair(PairStatus::Closed)
    };
    assert_eq!(
        closed_undated.status_on(day("2025-01-01")),
        Some(PairStatus::Closed)
    );
    // An undated proposal is a proposal on every day.
    assert_eq!(
        pair(PairStatus::Proposed).status_on(day("2000-01-01")),
        Some(PairStatus::Proposed)
    );
}

#[test]
fn a_proposal_never_runs_whatever_its_start_date_says() {
    let proposal = Pair {
        proposed_on: Some(day("2026-01-10")),
        started: Some(day("2026-01-20")),
        ..pair(PairStatus::Proposed)
    };
    assert_eq!(
        statuses(&proposal, &["2026-01-09", "2026-01-25"]),
        [None, Some(PairStatus::Proposed)]
    );
    // Active, started before it was proposed: active from the start date.
    let late_proposal = Pair {
        status: PairStatus::Active,
        started: Some(day("2026-01-05")),
        ..proposal
    };
    assert_eq!(
        late_proposal.status_on(day("2026-01-06")),
        Some(PairStatus::Active)
    );
}

#[test]
fn a_turned_down_proposal_was_a_proposal_until_it_was_turned_down() {
    let turned_down = Pair {
        proposed_on: Some(day("2026-01-10")),
        rejected_on: Some(day("2026-01-24")),
        // A start date on a turned-down proposal never makes it run.
        started: Some(day("2026-01-12")),
        ..pair(PairStatus::Rejected)
    };
    assert_eq!(
        statuses(
            &turned_down,
            &["2026-01-09", "2026-01-12", "2026-01-24", "2026-06-01"]
        ),
        [
            None,
            Some(PairStatus::Proposed),
            Some(PairStatus::Rejected),
            Some(PairStatus::Rejected),
        ]
    );
    assert!(turned_down.is_open_on(day("2026-01-12")));
    assert!(!turned_down.is_open_on(day("2026-01-24")));
    // Without `rejected_on`: turned down on every day.
    let undated = Pair {
        rejected_on: None,
        ..turned_down
    };
    assert_eq!(
        undated.status_on(day("2026-01-12")),
        Some(PairStatus::Rejected)
    );
}

#[test]
fn the_meeting_interval_is_the_agreement_s_else_the_programme_s_else_30() {
    let mut agreed = pair(PairStatus::Active);
    assert_eq!(agreed.meeting_every_days(None), 30);
    agreed.agreement = Some(Agreement {
        signed: None,
        confidentiality: None,
        meeting_every_days: Some(21),
        mode: None,
        duration_months: None,
        closing: None,
        mid_point_review: None,
        at: Default::default(),
    });
    assert_eq!(agreed.meeting_every_days(None), 21);
}

/// A group: Mo and co-mentor Cy with members a, b and c.
fn group() -> Pair {
    Pair {
        mentee: None,
        mentees: vec!["a".into(), "b".into(), "c".into()],
        co_mentor: Some("cy".into()),
        ..Pair::bare(PairStatus::Active)
    }
}

#[test]
fn a_groups_members_are_its_mentors_then_every_mentee() {
    let g = group();
    assert!(g.is_group());
    assert_eq!(
        g.member_ids().collect::<Vec<_>>(),
        ["mentor", "cy", "a", "b", "c"]
    );
    assert!(g.has_mentee("b") && !g.has_mentee("cy"));
    assert!(g.has_mentor("cy") && !g.has_mentor("a"));
    assert_eq!(g.mentees_shown(), "a, b, c");
    let one = pair(PairStatus::Active);
    assert!(!one.is_group());
    assert_eq!(one.member_ids().collect::<Vec<_>>(), ["mentor", "mentee"]);
}

#[test]
fn a_group_meeting_is_attended_by_every_member_unless_it_names_one() {
    let meeting = |member: Option<&str>| crate::model::Meeting {
        member: member.map(str::to_string),
        ..crate::model::Meeting::bare(day("2026-02-01"))
    };
    assert_eq!(group().mentees_present(&meeting(None)), 3);
    assert_eq!(group().mentees_present(&meeting(Some("b"))), 1);
    assert_eq!(pair(PairStatus::Active).mentees_present(&meeting(None)), 1);
}
