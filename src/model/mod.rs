//! The records a programme is made of: what users write in their files.
//!
//! Field names here are a contract with programmes, scripts and CI pipelines
//! outside this repository: extend them, never rename them. No field is named
//! `on`, `yes`, `no` or the like, because YAML 1.1 readers turn such keys into
//! booleans.

// Every public item says what it is: the model is the file format users write.
#![warn(missing_docs)]

mod assessment;
mod concern;
mod feedback;
mod goal;
mod handle;
mod intake;
mod meeting;
mod pair;
mod person;
mod programme;
mod survey;
mod training;

pub use assessment::{Assessment, AssessmentFile, AssessmentStage, Level, Levels};
pub use concern::{
    ConcernEntry, ConcernState, ConcernStatus, ConcernsFile, concerns_on, next_concern_number,
};
pub use feedback::{Feedback, FeedbackFile, FeedbackStage, Satisfaction};
pub use goal::{Goal, GoalStatus, GoalsFile};
pub use handle::{GithubHandle, GitlabHandle, Handle, Platform};
pub use intake::Intake;
pub use meeting::{LogFile, Meeting, MeetingMode};
pub use pair::{Agreement, Closure, ClosureReason, Pair, PairStatus, Pause};
pub use person::{Approval, ApprovalEvidence, Person, PersonStatus, Role, WorkMode};
pub use programme::{
    AssessmentRules, AuditRules, Competency, Coordinator, DEFAULT_CARRY_OVER, DEFAULT_MIN_GROUP,
    DEFAULT_MIN_SCORE, EndSource, ErasedPerson, ExpectedOutcome, ExpectedOutcomeTable, Format,
    MatchingAvoid, MatchingMode, MatchingRules, MeetingRules, MenteeRules, MentorRules, PairRules,
    PlannedEnd, Preference, Privacy, Programme, ProgrammeKind, ProgrammeMode, RemindRules,
    RemindTo, SupervisorMoment, SupervisorRules, Target, TargetDirection, Verdict, Weights,
};
pub use survey::{
    AnswerText, Question, QuestionKind, Survey, SurveyAnswer, SurveyAnswersFile, SurveyWho,
};
pub use training::{Attendance, Audience, MENTOR_TRAINING, TrainingSession};
