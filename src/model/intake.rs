use chrono::NaiveDate;

use crate::decode::record;

record! {
    /// A round of applications: `[[intakes]]` in `programme.toml`. Mentees
    /// who applied in it carry its id (`intake`), and `mentor match --intake`
    /// matches them, with those still waiting from earlier intakes first.
    pub struct Intake {
        /// Short id that people's `intake` refers to, such as `2026-09`.
        pub id: String,
        /// The intake's name, as participants know it, such as `September 2026`.
        pub title: Option<String>,
        /// First day applications are taken for this intake.
        pub applications_from: NaiveDate,
        /// Last day applications are taken for this intake.
        pub applications_to: NaiveDate,
        /// The day the coordinator plans to match this intake (on or after `applications_from`).
        pub match_on: NaiveDate,
    }
}

impl Intake {
    /// Whether applications are taken on `day`.
    pub fn takes_applications_on(&self, day: NaiveDate) -> bool {
        self.applications_from <= day && day <= self.applications_to
    }

    /// The title, else the id: how outputs name the intake.
    pub fn label(&self) -> &str {
        self.title.as_deref().unwrap_or(&self.id)
    }
}
