//! Where each pair stands on a given date.
//!
//! Every date-relative fact (stalled, never met, overdue, ending soon) is
//! computed here once; `validate` turns the facts into warnings, `report` into
//! its attention list, and the indicators count them. Records dated after the
//! as-of date are ignored, so `--as-of` reproduces any past day exactly.

use chrono::NaiveDate;

use crate::model::{Goal, GoalStatus, PairStatus, Programme};
use crate::workspace::PairEntry;

/// How many days after the start of a pair its agreement and goals are due,
/// and how far ahead "ending soon" looks.
pub const GRACE_DAYS: i64 = 30;

/// A pair's state on one date.
#[derive(Clone, Debug, PartialEq)]
pub struct PairProgress {
    /// Meetings held up to the as-of date.
    pub meetings: usize,
    /// Minutes of those meetings.
    pub minutes: u64,
    pub last_meeting: Option<NaiveDate>,
    /// Days since the last meeting, or since the start when the pair never met.
    pub days_since_contact: Option<i64>,
    /// The agreed meeting interval in days.
    pub every_days: u32,
    pub goals_total: usize,
    pub goals_achieved: usize,
    /// Indices into the pair's goals of open goals past their due date.
    pub overdue_goals: Vec<usize>,
    /// Days since the pair started (`None` before it starts).
    pub days_running: Option<i64>,
    pub stalled: bool,
    pub never_met: bool,
    pub agreement_unsigned: bool,
    pub no_goals: bool,
    /// Days until a planned end within the next [`GRACE_DAYS`].
    pub ends_in_days: Option<i64>,
    /// The pair has ended (closed, or past its planned end) with fewer meetings
    /// than the programme minimum.
    pub too_few_meetings: bool,
}

pub fn pair_progress(
    entry: &PairEntry,
    programme: Option<&Programme>,
    as_of: NaiveDate,
) -> PairProgress {
    let pair = &entry.pair;
    let default_every = programme.map_or(30, Programme::stall_days);
    let every_days = pair.meeting_every_days(default_every);
    let held: Vec<_> = entry.meetings.iter().filter(|m| m.date <= as_of).collect();
    let meetings = held.len();
    let minutes = held.iter().map(|m| u64::from(m.minutes.unwrap_or(0))).sum();
    let last_meeting = held.iter().map(|m| m.date).max();
    let started = pair.started.filter(|s| *s <= as_of);
    let days_running = started.map(|s| (as_of - s).num_days());
    let days_since_contact = last_meeting.or(started).map(|d| (as_of - d).num_days());
    let active = pair.status == PairStatus::Active && started.is_some();
    let past_grace = days_running.is_some_and(|d| d > GRACE_DAYS);
    let overdue_goals = if active {
        entry
            .goals
            .iter()
            .enumerate()
            .filter(|(_, g)| is_overdue(g, as_of))
            .map(|(i, _)| i)
            .collect()
    } else {
        Vec::new()
    };
    let interval_passed = days_since_contact.is_some_and(|d| d > i64::from(every_days));
    let ends_in_days = pair
        .ends
        .map(|e| (e - as_of).num_days())
        .filter(|d| active && (0..=GRACE_DAYS).contains(d));
    let ended = match pair.status {
        PairStatus::Closed => pair
            .closure
            .as_ref()
            .is_some_and(|c| !c.reason.is_premature()),
        PairStatus::Active => pair.ends.is_some_and(|e| e < as_of),
        PairStatus::Proposed => false,
    };
    let minimum = programme.and_then(Programme::min_meetings);
    PairProgress {
        meetings,
        minutes,
        last_meeting,
        days_since_contact,
        every_days,
        goals_total: entry.goals.len(),
        goals_achieved: entry
            .goals
            .iter()
            .filter(|g| {
                g.status() == GoalStatus::Achieved && g.achieved_on.is_none_or(|d| d <= as_of)
            })
            .count(),
        overdue_goals,
        days_running,
        stalled: active && last_meeting.is_some() && interval_passed,
        never_met: active && last_meeting.is_none() && interval_passed,
        agreement_unsigned: active && past_grace && pair.signed_on().is_none_or(|s| s > as_of),
        no_goals: active && past_grace && entry.goals.is_empty(),
        ends_in_days,
        too_few_meetings: ended && minimum.is_some_and(|m| meetings < m as usize),
    }
}

/// An open goal whose due date has passed.
pub fn is_overdue(goal: &Goal, as_of: NaiveDate) -> bool {
    goal.is_open() && goal.due.is_some_and(|d| d < as_of)
}

impl PairProgress {
    pub fn hours(&self) -> f64 {
        self.minutes as f64 / 60.0
    }
}

/// Days since the programme's last review, when that is more than a year.
pub fn review_overdue_days(programme: &crate::model::Programme, as_of: NaiveDate) -> Option<i64> {
    programme
        .reviewed_on
        .map(|d| (as_of - d).num_days())
        .filter(|&days| days > 365)
}
