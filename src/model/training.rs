use chrono::NaiveDate;

use crate::decode::{choice, record};

record! {
    /// A training session the programme offers: `[[training]]` in `programme.toml`.
    pub struct TrainingSession {
        /// Short id that attendance refers to, such as `mentee-orientation`.
        pub id: String,
        /// The session's name, as participants know it.
        pub title: String,
        /// Who the session is for: `mentors`, `mentees` or `both`.
        pub audience: Audience,
        /// Whether everyone it is for must attend before their pair starts.
        pub required: Option<bool>,
        /// The day it is held; unset, the session is self-paced.
        pub date: Option<NaiveDate>,
    }
}

choice! {
    /// Whom a training session is for.
    pub enum Audience {
        Mentors = "mentors",
        Mentees = "mentees",
        Both = "both",
    }
}

record! {
    /// A training session a person attended: `[[attended]]` in their file.
    pub struct Attendance {
        /// The session's id, from the programme's `[[training]]`.
        pub session: String,
        /// The day they attended (or finished a self-paced session).
        pub date: NaiveDate,
    }
}

/// The session id a mentor's `trained_on` date stands for, so that
/// programmes written before `[[training]]` keep counting it.
pub const MENTOR_TRAINING: &str = "mentor-training";

impl TrainingSession {
    /// Whether attending is required.
    pub fn is_required(&self) -> bool {
        self.required.unwrap_or(false)
    }
}
