use chrono::NaiveDate;

use crate::decode::{choice, record};

record! {
    /// `pairs/<pair-id>/log.yaml`: the pair's meeting log.
    pub struct LogFile {
        /// One entry per meeting.
        pub meetings: Vec<Meeting>,
    }
}

record! {
    /// One meeting of a pair.
    pub struct Meeting {
        /// When the meeting took place.
        pub date: NaiveDate,
        /// How long it lasted, in minutes.
        pub minutes: Option<u32>,
        /// How the pair met.
        pub mode: Option<MeetingMode>,
        /// Goal ids discussed.
        pub goals: Vec<String>,
        /// Topics discussed.
        pub topics: Vec<String>,
        /// Actions agreed.
        pub actions: Vec<String>,
        /// Confidential notes for the pair alone: shown by no report and no export, ever.
        pub private_notes: Option<String>,
        /// In a group: the one member who met the mentor (a person id); unset, the whole group met.
        pub member: Option<String>,
    }
}

choice! {
    /// How a meeting was held.
    pub enum MeetingMode {
        InPerson = "in-person",
        Video = "video",
        Phone = "phone",
        Chat = "chat",
        Email = "email",
    }
}

#[cfg(test)]
impl Meeting {
    /// An hour's meeting on `date` and nothing else, for tests to fill in.
    pub(crate) fn bare(date: NaiveDate) -> Meeting {
        Meeting {
            date,
            minutes: Some(60),
            mode: None,
            goals: Vec::new(),
            topics: Vec::new(),
            actions: Vec::new(),
            private_notes: None,
            member: None,
            at: Default::default(),
        }
    }
}
