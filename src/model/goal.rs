use chrono::NaiveDate;

use crate::decode::{choice, record};

record! {
    /// `pairs/<pair-id>/goals.yaml`: the pair's SMART goals.
    pub struct GoalsFile {
        /// The goals, in any order.
        pub goals: Vec<Goal>,
    }
}

record! {
    /// A SMART goal: Specific, Measurable, Achievable, Relevant, Time-bound.
    pub struct Goal {
        /// Short id, unique within the pair; meetings refer to it.
        pub id: String,
        /// Specific: what exactly will be done.
        pub specific: Option<String>,
        /// Measurable: how progress and success will be seen.
        pub measurable: Option<String>,
        /// Achievable: why it is realistic, with what support.
        pub achievable: Option<String>,
        /// Relevant: a competency id, or why the goal matters.
        pub relevant: Option<String>,
        /// Time-bound: the date it is due.
        pub due: Option<NaiveDate>,
        /// Progress (not-started when unset).
        pub status: Option<GoalStatus>,
        /// When it was achieved.
        pub achieved_on: Option<NaiveDate>,
        /// In a group: the one member the goal is for (a person id); unset, the goal is the whole group's.
        pub member: Option<String>,
    }
}

choice! {
    /// Progress on a goal.
    pub enum GoalStatus {
        /// Still being written by the pair: SMART checks warn instead of failing.
        Draft = "draft",
        NotStarted = "not-started",
        InProgress = "in-progress",
        Achieved = "achieved",
        Dropped = "dropped",
    }
}

impl Goal {
    /// The status, `not-started` when the file does not say.
    pub fn status(&self) -> GoalStatus {
        self.status.unwrap_or(GoalStatus::NotStarted)
    }

    /// Whether the pair is still writing the goal.
    pub fn is_draft(&self) -> bool {
        self.status() == GoalStatus::Draft
    }

    /// Whether the goal is agreed (not a draft) and still to be worked on.
    pub fn is_open(&self) -> bool {
        matches!(
            self.status(),
            GoalStatus::NotStarted | GoalStatus::InProgress
        )
    }
}
