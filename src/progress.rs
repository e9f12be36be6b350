//! Where each pair stands on a given date.
//!
//! Every date-relative fact (stalled, never met, overdue, ending soon) is
//! computed here once; `validate` turns the facts into warnings, `report` into
//! its attention list, and the indicators count them. Records dated after the
//! as-of date are ignored, so `--as-of` reproduces any past day exactly.

use chrono::NaiveDate;

use crate::model::{ClosureReason, FeedbackStage, Goal, GoalStatus, Pair, PairStatus, Programme};
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
    /// and the mentor and the mentee have not both given `stage: mid`
    /// feedback; days since the mid-point.
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

/// A pair's state on `as_of`: its meetings and goals up to that day, and
/// what needs attention then. Where it stands comes from
/// [`Pair::status_on`], never from `status`.
pub fn pair_progress(
    entry: &PairEntry,
    programme: Option<&Programme>,
    as_of: NaiveDate,
) -> PairProgress {
    let day = Standing::of(entry, programme, as_of);
    let mut concerns = Vec::new();
    if day.asks_for_meetings() {
        running_concerns(entry, &day, &mut concerns);
    }
    concerns.extend(ending_soon(&day));
    concerns.extend(awaiting_acceptance(&day, programme));
    if day.asks_for_meetings() {
        concerns.extend(mid_point_review_due(entry, &day));
    }
    concerns.extend(too_few_meetings(&day, programme));
    PairProgress {
        meetings: day.meetings,
        minutes: day.minutes,
        last_meeting: day.last_meeting,
        days_since_contact: day.days_since_contact,
        every_days: day.every_days,
        goals_total: entry.goals.len(),
        goals_achieved: entry
            .goals
            .iter()
            .filter(|g| {
                g.status() == GoalStatus::Achieved && g.achieved_on.is_none_or(|d| d <= as_of)
            })
            .count(),
        days_running: day.days_running,
        paused_until: day.paused_until,
        concerns,
    }
}

/// What `pair_progress` works its concerns out from: the pair, where it
/// stood on the day, and its meetings up to then.
struct Standing<'a> {
    pair: &'a Pair,
    as_of: NaiveDate,
    status: Option<PairStatus>,
    every_days: u32,
    meetings: usize,
    minutes: u64,
    last_meeting: Option<NaiveDate>,
    /// The start, if the pair had started by the day.
    started: Option<NaiveDate>,
    days_running: Option<i64>,
    /// The last meeting, or the start when the pair never met.
    contact: Option<NaiveDate>,
    days_since_contact: Option<i64>,
    paused_until: Option<NaiveDate>,
}

impl<'a> Standing<'a> {
    fn of(entry: &'a PairEntry, programme: Option<&Programme>, as_of: NaiveDate) -> Self {
        let pair = &entry.pair;
        let held: Vec<_> = entry.meetings.iter().filter(|m| m.date <= as_of).collect();
        let last_meeting = held.iter().map(|m| m.date).max();
        let started = pair.started.filter(|s| *s <= as_of);
        let contact = last_meeting.or(started);
        let status = pair.status_on(as_of);
        Standing {
            pair,
            as_of,
            status,
            every_days: pair.meeting_every_days(programme),
            meetings: held.len(),
            minutes: held.iter().map(|m| u64::from(m.minutes.unwrap_or(0))).sum(),
            last_meeting,
            started,
            days_running: started.map(|s| (as_of - s).num_days()),
            contact,
            days_since_contact: contact.map(|d| (as_of - d).num_days()),
            paused_until: pair
                .pause_on(as_of)
                .map(|p| p.to)
                .filter(|_| status == Some(PairStatus::Active)),
        }
    }

    /// Running on the day, with a start date: what the end approaching is
    /// news for, even during a pause.
    fn running(&self) -> bool {
        self.status == Some(PairStatus::Active) && self.started.is_some()
    }

    /// Running and not paused: nothing else is asked of a paused pair.
    fn asks_for_meetings(&self) -> bool {
        self.running() && self.paused_until.is_none()
    }

    /// Days running, less the days paused: the grace period does not run
    /// during a pause.
    fn past_grace(&self) -> bool {
        self.started.is_some_and(|s| {
            self.days_running.unwrap_or(0) - self.pair.paused_days(s, self.as_of) > GRACE_DAYS
        })
    }
}

/// Meeting as agreed, an agreement and goals once the grace period is
/// over, goals by their due dates: what a running pair is asked.
fn running_concerns(entry: &PairEntry, day: &Standing, concerns: &mut Vec<Concern>) {
    let pair = day.pair;
    let since = day.days_since_contact.unwrap_or(0);
    let running = day.days_running.unwrap_or(0);
    // Paused days do not count towards the meeting interval.
    let paused = day.contact.map_or(0, |d| pair.paused_days(d, day.as_of));
    let interval_passed = day.contact.is_some() && since - paused > i64::from(day.every_days);
    if interval_passed && !entry.log_unread {
        concerns.push(if day.last_meeting.is_some() {
            Concern::Stalled {
                days: since,
                paused,
            }
        } else {
            Concern::NeverMet { days: since }
        });
    }
    if day.past_grace() && pair.signed_on().is_none_or(|s| s > day.as_of) {
        concerns.push(Concern::AgreementUnsigned { days: running });
    }
    if day.past_grace() && entry.goals.is_empty() && !entry.goals_unread {
        concerns.push(Concern::NoGoals { days: running });
    }
    concerns.extend(entry.goals.iter().enumerate().filter_map(|(goal, g)| {
        let due = g.due.filter(|_| is_overdue(g, day.as_of))?;
        Some(Concern::GoalOverdue {
            goal,
            days: (day.as_of - due).num_days(),
        })
    }));
}

/// A running pair's planned end within [`GRACE_DAYS`].
fn ending_soon(day: &Standing) -> Option<Concern> {
    let days = (day.pair.ends? - day.as_of).num_days();
    (day.running() && (0..=GRACE_DAYS).contains(&days)).then_some(Concern::EndingSoon { days })
}

/// A proposal on the day, dated, that has waited longer than the programme allows.
fn awaiting_acceptance(day: &Standing, programme: Option<&Programme>) -> Option<Concern> {
    let proposed = day.pair.proposed_on?;
    let days = (day.as_of - proposed).num_days();
    let limit = Programme::accept_within_days(programme);
    (day.status == Some(PairStatus::Proposed) && days > i64::from(limit))
        .then_some(Concern::AwaitingAcceptance { days })
}

/// A mid-point review the agreement promises, its day passed and no
/// `stage: mid` feedback by then.
fn mid_point_review_due(entry: &PairEntry, day: &Standing) -> Option<Concern> {
    let pair = day.pair;
    let midpoint = pair.mid_point()?;
    // The review is both members' to give: one side's feedback leaves the
    // other's still due.
    let gave = |member: &str| {
        entry
            .feedback
            .iter()
            .any(|f| f.by == member && f.stage == Some(FeedbackStage::Mid) && f.date <= day.as_of)
    };
    let reviewed = pair.member_ids().all(gave);
    (pair.promises_mid_point_review() && day.as_of >= midpoint && !reviewed).then(|| {
        Concern::MidPointReviewDue {
            days: (day.as_of - midpoint).num_days(),
        }
    })
}

/// A pair that ended (ran its course, or is past its planned end) with
/// fewer meetings than the programme's minimum. Goals met early is a
/// success, whatever the count of meetings.
fn too_few_meetings(day: &Standing, programme: Option<&Programme>) -> Option<Concern> {
    let pair = day.pair;
    let minimum = programme.and_then(Programme::min_meetings)?;
    let closure = pair.closure.as_ref();
    let ended = match day.status {
        Some(PairStatus::Closed) => closure.is_some_and(|c| !c.reason.is_premature()),
        Some(PairStatus::Active) => pair.ends.is_some_and(|e| e < day.as_of),
        _ => false,
    };
    let met_early = closure.is_some_and(|c| c.reason == ClosureReason::GoalsMetEarly);
    (ended && !met_early && day.meetings < minimum as usize)
        .then_some(Concern::TooFewMeetings { minimum })
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

#[cfg(test)]
mod tests;
