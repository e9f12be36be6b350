use chrono::NaiveDate;

use crate::decode::{choice, record};
use crate::model::{GithubHandle, GitlabHandle};

record! {
    /// A participant's profile: `people/<person-id>.toml`; the file stem is the id.
    pub struct Person {
        /// Full name.
        pub name: String,
        /// Work email; unique across the programme.
        pub email: Option<String>,
        /// Whether the person mentors, is mentored, or both (peer programmes).
        pub role: Role,
        /// Job title.
        pub job_title: Option<String>,
        /// Department or unit.
        pub department: Option<String>,
        /// Employer, for partners from other institutions.
        pub organisation: Option<String>,
        /// Line manager: a person id or an email address.
        pub manager: Option<String>,
        /// Languages the person can be mentored or mentor in, most fluent first.
        pub languages: Vec<String>,
        /// Campus, city or site, for in-person meetings.
        pub location: Option<String>,
        /// Meeting modes the person can use.
        pub modes: Vec<WorkMode>,
        /// Free time slots such as `mon-am`, `thu-pm`.
        pub availability: Vec<String>,
        /// Working or learning style, such as `reflective`, `hands-on`, `structured`.
        pub style: Option<String>,
        /// Competency ids the mentee wants to develop.
        pub needs: Vec<String>,
        /// Competency ids the mentor can help with.
        pub expertise: Vec<String>,
        /// Mentees this mentor can take at once; overrides the programme default.
        pub capacity: Option<u32>,
        /// Most mentees in one of this mentor's groups (group mentoring); overrides `[pairs] group_size`.
        pub group_size: Option<u32>,
        /// Hours a month the mentor offered to give; the report flags a mentor whose logged meetings over the last two months exceed it.
        pub hours_per_month: Option<u32>,
        /// When the mentor completed mentor training (counts as attending the programme's `mentor-training` session, if it has one).
        pub trained_on: Option<NaiveDate>,
        /// The programme's training sessions the person attended, each with its date (`mentor person trained`).
        pub attended: Vec<crate::model::Attendance>,
        /// The supervisor's written approval for a mentee to take part.
        pub supervisor_approval: Option<Approval>,
        /// Where the person is in the programme.
        pub status: Option<PersonStatus>,
        /// When the person left the programme (withdrew or completed): `mentor person withdraw` and `complete` set it, and retention (`[privacy] retain_months`) is counted from it.
        pub left_on: Option<NaiveDate>,
        /// Date the application was received (for waiting-time figures).
        pub applied_on: Option<NaiveDate>,
        /// The intake (an id of the programme's `[[intakes]]`) the mentee applied in.
        pub intake: Option<String>,
        /// Staff group, checked against the programme's eligible groups.
        pub group: Option<String>,
        /// Prior mentoring experience, in the person's words.
        pub experience: Option<String>,
        /// Person ids never to be matched with (conflict of interest, past relationship).
        pub avoid: Vec<String>,
        /// Mentor ids the mentee would like, best first (`mentor match --shortlist` suggests them); a mentor may list mentee ids the same way, which `[matching] mode = "stable"` honours.
        pub prefer: Vec<String>,
        /// Other email addresses the person commits with, so `mentor audit` knows them.
        pub aliases: Vec<String>,
        /// GitHub user name, for CODEOWNERS (`mentor codeowners`): checked against GitHub's grammar, such as `ana-silva`.
        pub github: Option<GithubHandle>,
        /// GitLab user name, for CODEOWNERS: checked against GitLab's grammar, such as `ana.silva`.
        pub gitlab: Option<GitlabHandle>,
        /// Whether the person, as a mentee, agrees that their mentor's statement of contribution (`mentor recognise`) names them; unset, it does not.
        pub share_name_in_recognition: Option<bool>,
        /// Public keys private values are sealed to: `ssh-ed25519 AAAA...`, `ssh-rsa AAAA...` (as `github.com/<user>.keys` lists them) or `age1...`.
        pub keys: Vec<String>,
    }
}

choice! {
    /// What part a person plays.
    pub enum Role {
        Mentor = "mentor",
        Mentee = "mentee",
        /// Mentors and is mentored: peer programmes match these among themselves.
        Both = "both",
    }
}

choice! {
    /// A meeting mode a person can use.
    pub enum WorkMode {
        InPerson = "in-person",
        Virtual = "virtual",
    }
}

choice! {
    /// Where a person is in the programme.
    pub enum PersonStatus {
        Applied = "applied",
        Active = "active",
        Withdrawn = "withdrawn",
        Completed = "completed",
    }
}

record! {
    /// A supervisor's written approval.
    pub struct Approval {
        /// Who approved: a person id, name or email.
        pub by: String,
        /// When.
        pub date: NaiveDate,
        /// How the coordinator received it (`mentor person approve`): the evidence they can show.
        pub received_via: Option<ApprovalEvidence>,
    }
}

choice! {
    /// How a supervisor's approval reached the coordinator.
    pub enum ApprovalEvidence {
        Email = "email",
        Form = "form",
        SignedDocument = "signed-document",
    }
}

impl Person {
    /// Whether the person may mentor (`mentor` or `both`).
    pub fn can_mentor(&self) -> bool {
        matches!(self.role, Role::Mentor | Role::Both)
    }

    /// Whether the person may be mentored (`mentee` or `both`).
    pub fn can_be_mentored(&self) -> bool {
        matches!(self.role, Role::Mentee | Role::Both)
    }

    /// The status, `active` when the file does not say.
    pub fn status(&self) -> PersonStatus {
        self.status.unwrap_or(PersonStatus::Active)
    }
}
