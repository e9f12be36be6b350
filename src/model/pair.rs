use chrono::NaiveDate;

use crate::decode::{Field, choice, record};
use crate::model::Programme;
use crate::source::Span;

record! {
    /// A mentoring pair: `pairs/<pair-id>/pair.toml`; the folder name is the id.
    pub struct Pair {
        /// The mentor's person id.
        pub mentor: String,
        /// The mentee's person id (a one-to-one pair; a group lists `mentees` instead).
        pub mentee: Option<String>,
        /// A group's mentees, by person id (group mentoring: the programme's `kind` is `group`, or the pair says `group = true`).
        pub mentees: Vec<String>,
        /// A second mentor who leads the group with `mentor`.
        pub co_mentor: Option<String>,
        /// This pair is a group in a programme whose `kind` is not `group`.
        pub group: Option<bool>,
        /// Proposed by `mentor match`, active, or closed.
        pub status: PairStatus,
        /// When the pair was proposed.
        pub proposed_on: Option<NaiveDate>,
        /// When the pair started meeting.
        pub started: Option<NaiveDate>,
        /// When the pair is planned to end.
        pub ends: Option<NaiveDate>,
        /// The learning contract the pair agreed.
        pub agreement: Option<Agreement>,
        /// How and why the pair closed.
        pub closure: Option<Closure>,
        /// The match score (0-100) when `mentor match` proposed the pair.
        pub score: Option<u32>,
        /// Why `mentor match` proposed the pair.
        pub reasons: Vec<String>,
        /// When the proposal was turned down (`mentor pair reject`).
        pub rejected_on: Option<NaiveDate>,
        /// Who turned it down: the mentee's or the mentor's id.
        pub rejected_by: Option<String>,
        /// Why it was turned down, in a few words.
        pub rejection_reason: Option<String>,
        /// Times the pair agreed not to meet (`[[pause]]`, `mentor pair pause`).
        pub pause: Vec<Pause>,
    }
}

record! {
    /// A time the pair agreed not to meet (leave, a busy term): no stalled
    /// warning and no reminder while it lasts, and its days do not count
    /// towards the meeting interval.
    pub struct Pause {
        /// The first day of the pause.
        pub from: NaiveDate,
        /// The last day of the pause.
        pub to: NaiveDate,
        /// Why, in a few words (readable by everyone: no confidential detail).
        pub reason: Option<String>,
    }
}

choice! {
    /// Where a pair is in its life.
    pub enum PairStatus {
        Proposed = "proposed",
        Active = "active",
        Closed = "closed",
        /// A proposal turned down before it started: never proposed again.
        Rejected = "rejected",
    }
}

record! {
    /// The mentoring agreement (learning contract).
    pub struct Agreement {
        /// When both signed it.
        pub signed: Option<NaiveDate>,
        /// Both agree that what is said in meetings stays between them.
        pub confidentiality: Option<bool>,
        /// How often the pair meets, in days; overrides the programme's `every_days`.
        pub meeting_every_days: Option<u32>,
        /// How the pair meets.
        pub mode: Option<crate::model::ProgrammeMode>,
        /// How long the pair intends to work together, in months.
        pub duration_months: Option<u32>,
        /// How either side can close the relationship.
        pub closing: Option<String>,
        /// The pair agreed to review the relationship at its mid-point (feedback with `stage: mid`).
        pub mid_point_review: Option<bool>,
    }
}

record! {
    /// How a pair closed.
    pub struct Closure {
        /// Date of closure.
        pub date: NaiveDate,
        /// `completed`, or why the pair closed early.
        pub reason: ClosureReason,
        /// A short note for the coordinator.
        pub note: Option<String>,
        /// The number of the concern (in the pair's concerns log) that led to the closure.
        pub concern: Option<u32>,
    }
}

choice! {
    /// Why a pair closed. Every reason other than `completed` is a premature closure.
    pub enum ClosureReason {
        /// The pair ran its course.
        Completed = "completed",
        /// Closed early, reason unstated.
        Premature = "premature",
        /// The mentor left the programme or organisation.
        MentorLeft = "mentor-left",
        /// The mentee left the programme or organisation.
        MenteeLeft = "mentee-left",
        /// The match did not work.
        Mismatch = "mismatch",
        /// Goals met before the planned end.
        GoalsMetEarly = "goals-met-early",
        /// The mentee moved on (a promotion, a new post): an early end that is nobody's fault.
        MovedOn = "moved-on",
        Other = "other",
    }
}

impl ClosureReason {
    /// An early end that says nothing about the match: someone left or moved on.
    pub fn is_no_fault(self) -> bool {
        matches!(self, Self::MentorLeft | Self::MenteeLeft | Self::MovedOn)
    }

    /// An early end because the relationship did not work.
    pub fn is_unsuccessful(self) -> bool {
        matches!(self, Self::Mismatch | Self::Premature | Self::Other)
    }

    /// Whether the pair ended before running its course. Goals met early is a
    /// success, not a premature closure.
    pub fn is_premature(self) -> bool {
        !matches!(self, Self::Completed | Self::GoalsMetEarly)
    }
}

impl Pause {
    /// Whether the pause shares a day with `from..=to`.
    pub fn overlaps(&self, from: NaiveDate, to: NaiveDate) -> bool {
        self.from <= to && from <= self.to
    }
}

impl Pair {
    /// The mentees, by id: the one of a pair, every member of a group, in
    /// the order written.
    pub fn mentee_ids(&self) -> impl Iterator<Item = &str> {
        self.mentee.iter().chain(&self.mentees).map(String::as_str)
    }

    /// The mentors, by id: the mentor, then a group's co-mentor.
    pub fn mentor_ids(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.mentor.as_str()).chain(self.co_mentor.as_deref())
    }

    /// Everyone in the pair or group: the mentors, then the mentees. Who
    /// may edit the folder, whom its private values are sealed to, whom
    /// reminders address.
    pub fn member_ids(&self) -> impl Iterator<Item = &str> {
        self.mentor_ids().chain(self.mentee_ids())
    }

    /// The mentees with the field that names each and where: for messages.
    pub fn mentees_at(&self) -> impl Iterator<Item = (&str, Field, Span)> {
        let single = self
            .mentee
            .as_deref()
            .map(|id| (id, Self::MENTEE, self.at.of(Self::MENTEE)));
        let listed = self
            .mentees
            .iter()
            .enumerate()
            .map(|(i, id)| (id.as_str(), Self::MENTEES, self.at.item(Self::MENTEES, i)));
        single.into_iter().chain(listed)
    }

    /// The mentors with the field that names each and where.
    pub fn mentors_at(&self) -> impl Iterator<Item = (&str, Field, Span)> {
        let co = self
            .co_mentor
            .as_deref()
            .map(|id| (id, Self::CO_MENTOR, self.at.of(Self::CO_MENTOR)));
        std::iter::once((self.mentor.as_str(), Self::MENTOR, self.at.of(Self::MENTOR))).chain(co)
    }

    /// Whether `id` is one of the pair's (or group's) members.
    pub fn has_member(&self, id: &str) -> bool {
        self.member_ids().any(|m| m == id)
    }

    /// Whether `id` is one of the pair's (or group's) mentees.
    pub fn has_mentee(&self, id: &str) -> bool {
        self.mentee_ids().any(|m| m == id)
    }

    /// Whether `id` is the mentor or the co-mentor.
    pub fn has_mentor(&self, id: &str) -> bool {
        self.mentor_ids().any(|m| m == id)
    }

    /// How many mentees took part in `meeting`: the one it names as its
    /// `member`, else every mentee of the pair or group.
    pub fn mentees_present(&self, meeting: &crate::model::Meeting) -> usize {
        if meeting.member.is_some() {
            1
        } else {
            self.mentee_ids().count()
        }
    }

    /// Whether the pair folder holds a group (it lists `mentees`).
    pub fn is_group(&self) -> bool {
        !self.mentees.is_empty() || self.co_mentor.is_some()
    }

    /// Whether more than one mentee shares the pair's folder (a group of
    /// two or more): what is written for one of them, the others read too,
    /// and messages speak of every member rather than both.
    pub fn has_several_mentees(&self) -> bool {
        self.mentee_ids().nth(1).is_some()
    }

    /// The mentees as messages and reports name them: the one mentee, or a
    /// group's members joined by commas.
    pub fn mentees_shown(&self) -> String {
        self.mentee_ids().collect::<Vec<_>>().join(", ")
    }

    /// The agreed meeting interval, else the programme's (see
    /// [`Programme::meeting_every_days`]).
    pub fn meeting_every_days(&self, programme: Option<&Programme>) -> u32 {
        self.agreement
            .as_ref()
            .and_then(|a| a.meeting_every_days)
            .unwrap_or_else(|| Programme::meeting_every_days(programme))
    }

    /// Where the pair stood on `day`, worked out from its dates rather than
    /// read from `status` (where it stands now): the one definition every
    /// count reads, so that a figure for a past day is true then. `None`
    /// before it was proposed.
    ///
    /// Undated changes count from the start: a proposal without
    /// `proposed_on`, a running pair without `started` (from its proposal),
    /// a closed pair without a closure date, a turned-down proposal without
    /// `rejected_on`. A proposal turned down is a proposal until the day it
    /// was turned down, and never runs.
    pub fn status_on(&self, day: NaiveDate) -> Option<PairStatus> {
        let proposed = self.proposed_on.is_none_or(|d| d <= day);
        match (&self.closure, self.status) {
            (_, PairStatus::Rejected) if self.rejected_on.is_none_or(|d| d <= day) => {
                return Some(PairStatus::Rejected);
            }
            (_, PairStatus::Rejected) => return proposed.then_some(PairStatus::Proposed),
            (Some(closure), _) if closure.date <= day => return Some(PairStatus::Closed),
            (None, PairStatus::Closed) => return Some(PairStatus::Closed),
            _ => {}
        }
        if self.status != PairStatus::Proposed {
            match self.started {
                Some(started) if started <= day => return Some(PairStatus::Active),
                None if proposed => return Some(PairStatus::Active),
                _ => {}
            }
        }
        let proposed_dated = self.proposed_on.is_some_and(|d| d <= day);
        (proposed_dated || (self.status == PairStatus::Proposed && proposed))
            .then_some(PairStatus::Proposed)
    }

    /// Whether the pair was proposed or running on `day`: what a mentee's
    /// waiting and a mentor's places are counted from.
    pub fn is_open_on(&self, day: NaiveDate) -> bool {
        matches!(
            self.status_on(day),
            Some(PairStatus::Proposed | PairStatus::Active)
        )
    }

    /// The last day of the pair: its closure if closed, else the planned end.
    pub fn last_day(&self) -> Option<NaiveDate> {
        self.closure.as_ref().map(|c| c.date).or(self.ends)
    }

    /// The pause `day` falls in, if any.
    pub fn pause_on(&self, day: NaiveDate) -> Option<&Pause> {
        self.pause.iter().find(|p| p.overlaps(day, day))
    }

    /// How many days after `after` up to and including `until` the pair was
    /// paused, counting days covered by overlapping pauses once.
    pub fn paused_days(&self, after: NaiveDate, until: NaiveDate) -> i64 {
        let mut spans: Vec<(NaiveDate, NaiveDate)> = self
            .pause
            .iter()
            .filter_map(|p| {
                let from = p.from.max(after.succ_opt()?);
                let to = p.to.min(until);
                (from <= to).then_some((from, to))
            })
            .collect();
        spans.sort_unstable();
        let mut days = 0;
        let mut counted_to: Option<NaiveDate> = None;
        for (from, to) in spans {
            let from = match counted_to {
                Some(end) if end >= to => continue,
                Some(end) if end >= from => end.succ_opt().unwrap_or(to),
                _ => from,
            };
            days += (to - from).num_days() + 1;
            counted_to = Some(to);
        }
        days
    }

    /// When the pair was matched: proposed, or started if it was never
    /// written down as proposed.
    pub fn matched_on(&self) -> Option<NaiveDate> {
        self.proposed_on.or(self.started)
    }

    /// The day halfway from the start to the planned end: when the
    /// mid-point review falls due.
    pub fn mid_point(&self) -> Option<NaiveDate> {
        let (start, end) = (self.started?, self.ends?);
        let half = u64::try_from((end - start).num_days() / 2).unwrap_or(0);
        start.checked_add_days(chrono::Days::new(half))
    }

    /// Whether the agreement promises a mid-point review.
    pub fn promises_mid_point_review(&self) -> bool {
        self.agreement
            .as_ref()
            .and_then(|a| a.mid_point_review)
            .unwrap_or(false)
    }

    /// When both signed the agreement, if they have.
    pub fn signed_on(&self) -> Option<NaiveDate> {
        self.agreement.as_ref().and_then(|a| a.signed)
    }
}

#[cfg(test)]
impl Pair {
    /// A pair with a status and nothing else, for tests to fill in.
    pub(crate) fn bare(status: PairStatus) -> Pair {
        Pair {
            mentor: "mentor".into(),
            mentee: Some("mentee".into()),
            mentees: Vec::new(),
            co_mentor: None,
            group: None,
            status,
            proposed_on: None,
            started: None,
            ends: None,
            agreement: None,
            closure: None,
            score: None,
            reasons: Vec::new(),
            rejected_on: None,
            rejected_by: None,
            rejection_reason: None,
            pause: Vec::new(),
            at: Default::default(),
        }
    }
}

#[cfg(test)]
mod tests;
