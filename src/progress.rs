//! Where each pair stands on a given date.
//!
//! Every date-relative fact (stalled, never met, overdue, ending soon) is
//! computed here once; `validate` turns the facts into warnings, `report` into
//! its attention list, and the indicators count them. Records dated after the
//! as-of date are ignored, so `--as-of` reproduces any past day exactly.

use chrono::NaiveDate;

use crate::model::{Goal, GoalStatus, Pair, PairStatus, Programme};
use crate::workspace::PairEntry;

/// How many days after the start of a pair its agreement and goals are due,
/// and how far ahead "ending soon" looks.
pub const GRACE_DAYS: i64 = 30;

/// Days a proposal may wait to be accepted before the report chases it.
pub const ACCEPT_WITHIN_DAYS: u32 = 14;

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
    /// Days since the pair started (`None` before it starts).
    pub days_running: Option<i64>,
    /// The last day of the pause the pair is in on the as-of date: while
    /// paused nothing is asked of the pair.
    pub paused_until: Option<NaiveDate>,
    /// What needs someone's attention, in the order flags are shown.
    pub concerns: Vec<Concern>,
}

/// Something about a pair that needs attention on the as-of date: the one
/// definition that `validate` turns into warnings, `report` into its
/// attention list and pair flags, and the indicators count.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Concern {
    /// An active pair that met, but not within the agreed interval; days
    /// since the last meeting, and how many of them the pair was paused.
    Stalled { days: i64, paused: i64 },
    /// An active pair with no meeting after the agreed interval; days since it started.
    NeverMet { days: i64 },
    /// No signed agreement [`GRACE_DAYS`] after the start; days running.
    AgreementUnsigned { days: i64 },
    /// No goals [`GRACE_DAYS`] after the start; days running.
    NoGoals { days: i64 },
    /// An open goal past its due date: the goal's index in the pair, days overdue.
    GoalOverdue { goal: usize, days: i64 },
    /// A planned end within the next [`GRACE_DAYS`]; days left.
    EndingSoon { days: i64 },
    /// A proposal not accepted (started) within `[matching]
    /// accept_within_days` (default 14); days since it was proposed.
    AwaitingAcceptance { days: i64 },
    /// The agreement promises a mid-point review, the mid-point has passed
    /// and neither has given `stage: mid` feedback; days since the mid-point.
    MidPointReviewDue { days: i64 },
    /// The pair ended (closed, or past its planned end) with fewer meetings
    /// than the programme minimum.
    TooFewMeetings { minimum: u32 },
}

impl Concern {
    /// The short flag in the pairs table (overdue goals are counted: `overdue:2`).
    pub fn flag(self) -> Option<&'static str> {
        match self {
            Concern::Stalled { .. } => Some("stalled"),
            Concern::NeverMet { .. } => Some("never-met"),
            Concern::AgreementUnsigned { .. } => Some("unsigned"),
            Concern::NoGoals { .. } => Some("no-goals"),
            Concern::GoalOverdue { .. } => Some("overdue"),
            Concern::EndingSoon { .. } => Some("ending-soon"),
            Concern::MidPointReviewDue { .. } => Some("mid-review-due"),
            Concern::AwaitingAcceptance { .. } => Some("awaiting-acceptance"),
            Concern::TooFewMeetings { .. } => None,
        }
    }
}

/// Where a pair stood on one day, reconstructed from its dates rather than
/// from the `status` it has now: what makes a figure for a past period true.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Stage {
    /// Not yet proposed on that day.
    NotYet,
    Proposed,
    Active,
    Closed,
}

/// The pair's stage on `day`. Undated changes count from the start: a
/// proposal without `proposed_on`, a running pair without `started` (from
/// its proposal), a closed pair without a closure date.
pub fn stage_on(pair: &Pair, day: NaiveDate) -> Stage {
    match (&pair.closure, pair.status) {
        // A turned-down proposal never ran.
        (_, PairStatus::Rejected) => return Stage::NotYet,
        (Some(closure), _) if closure.date <= day => return Stage::Closed,
        (None, PairStatus::Closed) => return Stage::Closed,
        _ => {}
    }
    let proposed = pair.proposed_on.is_none_or(|d| d <= day);
    if pair.status != PairStatus::Proposed {
        match pair.started {
            Some(started) if started <= day => return Stage::Active,
            None if proposed => return Stage::Active,
            _ => {}
        }
    }
    let proposed_dated = pair.proposed_on.is_some_and(|d| d <= day);
    if proposed_dated || (pair.status == PairStatus::Proposed && proposed) {
        Stage::Proposed
    } else {
        Stage::NotYet
    }
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
    let contact = last_meeting.or(started);
    let days_since_contact = contact.map(|d| (as_of - d).num_days());
    let stage = stage_on(pair, as_of);
    let ended = match stage {
        Stage::Closed => pair
            .closure
            .as_ref()
            .is_some_and(|c| !c.reason.is_premature()),
        Stage::Active => pair.ends.is_some_and(|e| e < as_of),
        Stage::Proposed | Stage::NotYet => false,
    };
    let since = days_since_contact.unwrap_or(0);
    let running = days_running.unwrap_or(0);
    // Paused days count neither towards the meeting interval nor the grace period.
    let paused_since_contact = contact.map_or(0, |d| pair.paused_days(d, as_of));
    let interval_passed = contact.is_some() && since - paused_since_contact > i64::from(every_days);
    let past_grace = started.is_some_and(|s| running - pair.paused_days(s, as_of) > GRACE_DAYS);
    let paused_until = pair
        .pause_on(as_of)
        .map(|p| p.to)
        .filter(|_| stage == Stage::Active);
    // The end approaching is news for the coordinator even during a pause;
    // nothing else is asked of a paused pair.
    let running_now = stage == Stage::Active && started.is_some();
    let active = running_now && paused_until.is_none();
    let mut concerns = Vec::new();
    if active && interval_passed && !entry.log_unread {
        concerns.push(if last_meeting.is_some() {
            Concern::Stalled {
                days: since,
                paused: paused_since_contact,
            }
        } else {
            Concern::NeverMet { days: since }
        });
    }
    if active && past_grace && pair.signed_on().is_none_or(|s| s > as_of) {
        concerns.push(Concern::AgreementUnsigned { days: running });
    }
    if active && past_grace && entry.goals.is_empty() && !entry.goals_unread {
        concerns.push(Concern::NoGoals { days: running });
    }
    if active {
        concerns.extend(entry.goals.iter().enumerate().filter_map(|(goal, g)| {
            let due = g.due.filter(|_| is_overdue(g, as_of))?;
            Some(Concern::GoalOverdue {
                goal,
                days: (as_of - due).num_days(),
            })
        }));
    }
    if let Some(days) = pair
        .ends
        .map(|e| (e - as_of).num_days())
        .filter(|d| running_now && (0..=GRACE_DAYS).contains(d))
    {
        concerns.push(Concern::EndingSoon { days });
    }
    if stage == Stage::Proposed
        && let Some(proposed) = pair.proposed_on
    {
        let limit = programme.map_or(ACCEPT_WITHIN_DAYS, Programme::accept_within_days);
        let days = (as_of - proposed).num_days();
        if days > i64::from(limit) {
            concerns.push(Concern::AwaitingAcceptance { days });
        }
    }
    let promised = pair
        .agreement
        .as_ref()
        .and_then(|a| a.mid_point_review)
        .unwrap_or(false);
    if let (true, true, Some(start), Some(end)) = (active, promised, pair.started, pair.ends) {
        let midpoint =
            start + chrono::Days::new(u64::try_from((end - start).num_days() / 2).unwrap_or(0));
        let reviewed = entry
            .feedback
            .iter()
            .any(|f| f.stage == Some(crate::model::FeedbackStage::Mid) && f.date <= as_of);
        if as_of >= midpoint && !reviewed {
            concerns.push(Concern::MidPointReviewDue {
                days: (as_of - midpoint).num_days(),
            });
        }
    }
    // Goals met early is a success, whatever the count of meetings.
    let met_early = pair
        .closure
        .as_ref()
        .is_some_and(|c| c.reason == crate::model::ClosureReason::GoalsMetEarly);
    if let Some(minimum) = programme.and_then(Programme::min_meetings)
        && ended
        && !met_early
        && meetings < minimum as usize
    {
        concerns.push(Concern::TooFewMeetings { minimum });
    }
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
        days_running,
        paused_until,
        concerns,
    }
}

/// How a stalled pair's days since meeting are told when some were paused:
/// ` (30 of them paused)`, else nothing.
pub fn paused_part(paused: i64) -> String {
    if paused > 0 {
        format!(" ({paused} of them paused)")
    } else {
        String::new()
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

    /// Not meeting as agreed: stalled, or never met.
    pub fn is_stalled(&self) -> bool {
        self.concerns
            .iter()
            .any(|c| matches!(c, Concern::Stalled { .. } | Concern::NeverMet { .. }))
    }

    /// Short flags for the pairs table, such as `stalled unsigned overdue:2`.
    pub fn flags(&self) -> Vec<String> {
        let overdue = self
            .concerns
            .iter()
            .filter(|c| matches!(c, Concern::GoalOverdue { .. }))
            .count();
        let mut flags: Vec<String> = Vec::new();
        if let Some(until) = self.paused_until {
            flags.push(format!("paused-until:{until}"));
        }
        for concern in &self.concerns {
            match (concern, concern.flag()) {
                (Concern::GoalOverdue { .. }, _)
                    if flags.iter().any(|f| f.starts_with("overdue")) => {}
                (Concern::GoalOverdue { .. }, _) => flags.push(format!("overdue:{overdue}")),
                (_, Some(flag)) => flags.push(flag.to_string()),
                (_, None) => {}
            }
        }
        flags
    }
}

/// Days since the programme's last review, when that is more than a year.
pub fn review_overdue_days(programme: &crate::model::Programme, as_of: NaiveDate) -> Option<i64> {
    programme
        .reviewed_on
        .map(|d| (as_of - d).num_days())
        .filter(|&days| days > 365)
}
