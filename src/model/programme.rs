use chrono::NaiveDate;

use crate::decode::{Cx, Decode, FieldPath, Spans, choice, record};
use crate::node::{Node, Value};

/// The smallest group a breakdown cell may describe when the programme
/// does not say: the threshold statistical offices commonly use.
pub const DEFAULT_MIN_GROUP: usize = 5;

record! {
    /// The programme definition: `programme.toml` at the root of the repository.
    pub struct Programme {
        /// The programme's name, as participants know it.
        pub name: String,
        /// The organisation that runs the programme.
        pub organisation: Option<String>,
        /// Formal (coordinated, with agreements and goals) or informal.
        pub format: Option<Format>,
        /// Developmental (experienced mentors), peer, reverse or group mentoring.
        pub kind: Option<ProgrammeKind>,
        /// How pairs usually meet.
        pub mode: Option<ProgrammeMode>,
        /// First day of the programme.
        pub start: NaiveDate,
        /// Last day of the programme; usually 6 to 12 months after `start`.
        pub end: NaiveDate,
        /// What the programme is for: induction, probation, development, on-the-job, career-progression, new-role, change, setbacks, or free text.
        pub purposes: Vec<String>,
        /// The outcomes the programme expects: sentences, or tables naming the indicator and target that measure them.
        pub outcomes: Vec<ExpectedOutcome>,
        /// Who runs the programme day to day.
        pub coordinator: Option<Coordinator>,
        /// Rules for mentors.
        pub mentors: Option<MentorRules>,
        /// Rules for mentees.
        pub mentees: Option<MenteeRules>,
        /// Rules for meetings.
        pub meetings: Option<MeetingRules>,
        /// How long pairs run (`mentor pair start` sets each pair's `ends` from it).
        pub pairs: Option<PairRules>,
        /// How `mentor match` weighs and restricts candidates.
        pub matching: Option<MatchingRules>,
        /// The development areas that needs, expertise and goals refer to.
        pub competencies: Vec<Competency>,
        /// When the coordinator last reviewed the programme (reviewed yearly).
        pub reviewed_on: Option<NaiveDate>,
        /// How confidential values are kept (`mentor seal`).
        pub privacy: Option<Privacy>,
        /// The skills tick sheet: the scale pairs rate the mentee's development areas on.
        pub assessment: Option<AssessmentRules>,
        /// Who else may change the programme's files (`mentor audit`).
        pub audit: Option<AuditRules>,
        /// How `mentor remind --send` delivers (the password comes from MENTOR_SMTP_PASSWORD, never a file).
        pub remind: Option<RemindRules>,
        /// The training sessions offered; attendance is recorded on each person (`mentor person trained`).
        pub training: Vec<crate::model::TrainingSession>,
        /// Surveys asked at set points in each pair's life (`mentor survey`).
        pub surveys: Vec<crate::model::Survey>,
        /// The rounds applications are taken in (`mentor match --intake`); none: one round.
        pub intakes: Vec<crate::model::Intake>,
        /// What mentees' supervisors (their `manager`) are told, and when (`mentor remind`).
        pub supervisors: Option<SupervisorRules>,
    }
}

record! {
    /// What `mentor remind` tells a mentee's supervisor: a short notice at
    /// the moments listed, never anything from the pair's records.
    pub struct SupervisorRules {
        /// When the supervisor (the mentee's `manager`) is told: `start` (the pair started) and/or `end` (it ended); none by default.
        pub notify: Vec<SupervisorMoment>,
    }
}

choice! {
    /// A moment a mentee's supervisor is told of.
    pub enum SupervisorMoment {
        /// The pair started.
        Start = "start",
        /// The pair ended (closed, or reached its planned end).
        End = "end",
    }
}

impl SupervisorRules {
    /// Whether supervisors are told of `moment`.
    pub fn notifies(&self, moment: SupervisorMoment) -> bool {
        self.notify.contains(&moment)
    }
}

choice! {
    /// Whether the programme is coordinated formally.
    pub enum Format {
        Formal = "formal",
        Informal = "informal",
    }
}

choice! {
    /// The kind of mentoring.
    pub enum ProgrammeKind {
        Developmental = "developmental",
        Peer = "peer",
        Reverse = "reverse",
        Group = "group",
    }
}

choice! {
    /// Where meetings take place.
    pub enum ProgrammeMode {
        InPerson = "in-person",
        Virtual = "virtual",
        Hybrid = "hybrid",
    }
}

record! {
    /// The programme coordinator.
    pub struct Coordinator {
        /// Full name.
        pub name: String,
        /// Contact address.
        pub email: Option<String>,
        /// Every coordinator's public keys: values only coordinators read are sealed to all of them.
        pub keys: Vec<String>,
        /// Other email addresses coordinators commit with (`mentor audit`).
        pub aliases: Vec<String>,
        /// The coordinators' GitHub user or team names, for CODEOWNERS.
        pub github: Vec<crate::model::GithubHandle>,
        /// The coordinators' GitLab user or group names, for CODEOWNERS.
        pub gitlab: Vec<crate::model::GitlabHandle>,
    }
}

record! {
    /// How pairs assess the mentee against the competencies (`assessment.yaml`).
    pub struct AssessmentRules {
        /// The levels' labels, lowest first, such as `["not yet", "with support", "independently", "can teach others"]`: level 1 is the first.
        pub scale: Vec<String>,
    }
}

record! {
    /// The mail server reminders go through.
    pub struct RemindRules {
        /// SMTP server host name.
        pub host: String,
        /// Port (default 587 with STARTTLS, else 25).
        pub port: Option<u32>,
        /// The sender, such as `Mentoring <mentoring@example.org>`.
        pub from: String,
        /// Upgrade the connection with STARTTLS (default true).
        pub starttls: Option<bool>,
        /// The SMTP user name (default: the `from` address).
        pub user: Option<String>,
        /// Who receives reminders: `participants` (the default) or `coordinator`, who passes them on.
        pub to: Option<RemindTo>,
    }
}

choice! {
    /// Who `mentor remind` writes to.
    pub enum RemindTo {
        /// Each person, about what needs them.
        Participants = "participants",
        /// The coordinator, one message per person, to pass on (the mentee's core role comes first).
        Coordinator = "coordinator",
    }
}

record! {
    /// What `mentor audit` allows beyond the programme's own people.
    pub struct AuditRules {
        /// Email addresses allowed to change any file (HR staff, a service account).
        pub trusted: Vec<String>,
    }
}

record! {
    /// An expected outcome measured by one of the indicators.
    pub struct ExpectedOutcomeTable {
        /// The outcome, in words.
        pub text: String,
        /// The indicator that measures it, such as `goal_achievement_rate`.
        pub indicator: Option<String>,
        /// The value the programme aims for, in the indicator's unit (70 for 70%).
        pub target: Option<f64>,
        /// Which side of the target is good: `at-least` (the default: the figure should reach it) or `at-most` (the figure should stay at or under it, as for closure rates).
        pub direction: Option<TargetDirection>,
    }
}

choice! {
    /// Which side of an outcome's target is good.
    pub enum TargetDirection {
        /// The figure should reach the target or pass it.
        AtLeast = "at-least",
        /// The figure should stay at the target or under it.
        AtMost = "at-most",
    }
}

/// What an outcome aims for: a value and which side of it is good.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Target {
    /// The value, in the indicator's unit.
    pub value: f64,
    /// Which side of `value` is good.
    pub direction: TargetDirection,
}

/// How a figure stands against its target.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// The figure is on the good side of the target (or on it).
    Met,
    /// The figure is on the wrong side of the target.
    NotMet,
    /// Nothing to measure yet (a rate of no cases), or a figure that is not a number.
    NotMeasurableYet,
}

impl Verdict {
    /// The verdict in words, as every output writes it.
    pub fn words(self) -> &'static str {
        match self {
            Verdict::Met => "met",
            Verdict::NotMet => "not met",
            Verdict::NotMeasurableYet => "not measurable yet",
        }
    }
}

impl Target {
    /// How `figure` stands against the target. `None` is a figure with
    /// nothing to measure.
    pub fn judge(&self, figure: Option<f64>) -> Verdict {
        match figure.filter(|x| x.is_finite()) {
            None => Verdict::NotMeasurableYet,
            Some(x) => {
                let met = match self.direction {
                    TargetDirection::AtLeast => x >= self.value,
                    TargetDirection::AtMost => x <= self.value,
                };
                if met { Verdict::Met } else { Verdict::NotMet }
            }
        }
    }

    /// The target in words: `at least 70`, `at most 20`.
    pub fn words(&self) -> String {
        let side = match self.direction {
            TargetDirection::AtLeast => "at least",
            TargetDirection::AtMost => "at most",
        };
        let value = self.value;
        if (value - value.round()).abs() < 1e-9 {
            format!("{side} {value:.0}")
        } else {
            format!("{side} {value}")
        }
    }
}

/// An outcome the programme expects: a sentence, or a table
/// ([`ExpectedOutcomeTable`]) naming the indicator and the target that
/// measure it (`{ text = "...", indicator =
/// "...", target = 70 }`, or `direction = "at-most"` beside the target when
/// lower is better). Not to be confused with [`crate::Outcome`], how a
/// command ended.
#[derive(Clone, Debug, PartialEq)]
pub struct ExpectedOutcome {
    /// The outcome, in words.
    pub text: String,
    /// The indicator that measures it, if the programme named one.
    pub indicator: Option<String>,
    /// The value the programme aims for, in the indicator's unit.
    pub target: Option<f64>,
    /// Which side of the target is good, if the programme said.
    pub direction: Option<TargetDirection>,
    /// Where it was written.
    pub at: Spans,
}

impl ExpectedOutcome {
    /// The outcome's target with its direction: at least, unless the
    /// programme said `at-most`.
    pub fn target(&self) -> Option<Target> {
        Some(Target {
            value: self.target?,
            direction: self.direction.unwrap_or(TargetDirection::AtLeast),
        })
    }
}

impl Decode for ExpectedOutcome {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        let range = node.range;
        if let Value::Str(text) = &mut node.value {
            return Some(ExpectedOutcome {
                text: std::mem::take(text),
                indicator: None,
                target: None,
                direction: None,
                at: Spans::new(cx.span(range)),
            });
        }
        match &node.value {
            Value::Map(_) => {
                ExpectedOutcomeTable::decode(node, field, cx).map(|m| ExpectedOutcome {
                    text: m.text,
                    indicator: m.indicator,
                    target: m.target,
                    direction: m.direction,
                    at: m.at,
                })
            }
            _ => {
                cx.wrong_type(node, field, "a sentence or a table", None);
                None
            }
        }
    }
    fn schema() -> serde_json::Value {
        serde_json::json!({ "anyOf": [{ "type": "string" }, ExpectedOutcomeTable::schema()] })
    }
}

record! {
    /// How confidential values are kept.
    pub struct Privacy {
        /// Private fields must be sealed: plaintext is an error, so CI refuses it (`mentor seal` seals them).
        pub seal: Option<bool>,
        /// More person fields to seal to the person and the coordinators, such as `needs` or `experience`.
        pub sealed_person_fields: Vec<String>,
        /// The smallest group a published figure may describe: in a report's breakdowns by organisation or department, a count under it shows as "fewer than K" (5 when unset).
        pub min_group: Option<u32>,
        /// Whether a subject access export (`mentor person export`) names the other member of each pair (default true); false puts "[the mentor]" or "[the mentee]" in their place.
        pub name_partners: Option<bool>,
        /// How many months a person's records are kept after their last involvement (their last pair's end, or their withdrawal) or the programme's end, whichever is later; `validate` and `report` list people past it (`mentor person erase` is the remedy).
        pub retain_months: Option<u32>,
        /// People erased (`mentor person erase`): their records stay under a pseudonym for the programme's figures, and `validate` and `audit` know the change for what it is.
        pub erased: Vec<ErasedPerson>,
    }
}

record! {
    /// One erasure: never the person's name, only the pseudonym that took their place.
    pub struct ErasedPerson {
        /// The id that replaced the person's in every record, such as `erased-3f9a2c1b`.
        pub pseudonym: String,
        /// When they were erased.
        pub on: NaiveDate,
        /// Who erased them (the coordinator's e-mail address).
        pub by: String,
    }
}

record! {
    /// Rules for mentors.
    pub struct MentorRules {
        /// Eligibility criteria a mentor must meet.
        pub criteria: Vec<String>,
        /// Whether mentors must be trained (`trained_on`) before their first pair starts.
        pub training_required: Option<bool>,
        /// Default number of mentees per mentor (a person's `capacity` overrides it); 1 when unset.
        pub capacity: Option<u32>,
    }
}

record! {
    /// Rules for mentees.
    pub struct MenteeRules {
        /// The staff groups that may take part as mentees; empty means everyone.
        pub eligible: Vec<String>,
        /// Whether a mentee needs their supervisor's written approval.
        pub supervisor_approval: Option<bool>,
    }
}

record! {
    /// Rules for meetings.
    pub struct MeetingRules {
        /// A pair with no meeting for longer than this many days is stalled (default 30).
        pub every_days: Option<u32>,
        /// The fewest meetings a pair should hold over its whole term.
        pub min_meetings: Option<u32>,
    }
}

/// The default `[matching] carry_over`: half the default weight of needs,
/// so a mentee still waiting from an earlier intake takes a scarce place
/// before a newer applicant unless the newer one fits that mentor better by
/// more than half of all needs covered (20 points of 100).
pub const DEFAULT_CARRY_OVER: u8 = 20;

/// The default `[matching] min_score`: below 40 a pair covers few of the
/// mentee's needs and shares little else (a pair covering none of two needs,
/// with a workable mode and different departments, scores about 30).
pub const DEFAULT_MIN_SCORE: u8 = 40;

/// Most mentees in one group when neither the mentor nor the programme
/// says: small enough that every member speaks in an hour's meeting.
pub const DEFAULT_GROUP_SIZE: u32 = 4;

record! {
    /// How long pairs run.
    pub struct PairRules {
        /// How long a pair runs, in months, unless its agreement says
        /// otherwise (`duration_months`); unset, a pair runs to the
        /// programme's end. No pair runs past the programme's end.
        pub duration_months: Option<u32>,
        /// Days a pair may run while a member still lacks a required training session (`mentor pair start` refuses such a pair when unset or 0).
        pub training_grace_days: Option<u32>,
        /// Hours a month one pair takes of its mentor's time, meetings and preparation (default: one hour per `[meetings] every_days`); `mentor match` gives a mentor who offers `hours_per_month` no more pairs than their hours cover.
        pub hours_per_month: Option<u32>,
        /// Most mentees in one group (group mentoring); a mentor's own `group_size` overrides it; 4 when unset.
        pub group_size: Option<u32>,
    }
}

record! {
    /// How `mentor match` scores and restricts candidate pairs.
    pub struct MatchingRules {
        /// Relative weight of each score component.
        pub weights: Option<Weights>,
        /// Extra hard rules: `same-manager` (never pair two people with the same line manager), `same-department`.
        pub avoid: Vec<MatchingAvoid>,
        /// Whether pairs across departments are preferred (`different`), pairs within one (`same`), or neither (`any`, the default).
        pub department: Option<Preference>,
        /// The same for organisations, when partners from other institutions take part.
        pub organisation: Option<Preference>,
        /// Days a proposal may wait to be accepted (`mentor pair start`) before the report chases it (default 14).
        pub accept_within_days: Option<u32>,
        /// The lowest match score (0-100) `mentor match` proposes (default 40): a weaker pair is left unmatched, with the reason, unless `--allow-weak`, which proposes it marked weak.
        pub min_score: Option<u32>,
        /// Points (0-100, on the match score's scale) added to every candidate of a mentee carried over from an earlier intake, so they are matched before newer applicants (default 20).
        pub carry_over: Option<u32>,
        /// How `mentor match` chooses among allowed pairs: `optimal` (the default: the highest total score) or `stable` (no mentee and mentor who both rank each other above what they got; rankings from `prefer`, then scores).
        pub mode: Option<MatchingMode>,
    }
}

choice! {
    /// How `mentor match` chooses among allowed pairs.
    pub enum MatchingMode {
        /// The weighted optimum (`--objective`).
        Optimal = "optimal",
        /// The mentee-optimal stable assignment (deferred acceptance with capacities).
        Stable = "stable",
    }
}

record! {
    /// Relative weights of the match score components; 0 turns a component off.
    pub struct Weights {
        /// Share of the mentee's needs covered by the mentor's expertise (default 40).
        pub needs: Option<u32>,
        /// Shared availability slots (default 15).
        pub availability: Option<u32>,
        /// Same working/learning style (default 10).
        pub style: Option<u32>,
        /// A meeting mode both can use (default 10).
        pub mode: Option<u32>,
        /// Languages in common beyond the first (default 5).
        pub languages: Option<u32>,
        /// The department and organisation preferences of `[matching]` (default 10).
        pub diversity: Option<u32>,
        /// The mentee named the mentor in `prefer` (default 10).
        pub preference: Option<u32>,
    }
}

choice! {
    /// A hard matching rule a programme can switch on.
    pub enum MatchingAvoid {
        /// Never pair two people who have the same line manager.
        SameManager = "same-manager",
        /// Never pair two people from the same department.
        SameDepartment = "same-department",
    }
}

choice! {
    /// A preference between sameness and difference.
    pub enum Preference {
        Same = "same",
        Different = "different",
        Any = "any",
    }
}

record! {
    /// A development area: an entry of the programme's "tick sheet".
    pub struct Competency {
        /// Short id that needs, expertise and goals use, such as `budgeting`.
        pub id: String,
        /// Human name.
        pub name: String,
        /// What the area covers.
        pub description: Option<String>,
    }
}

/// The programme's rules with their defaults, each written once, here.
/// They take the programme as an option: a folder without a readable
/// `programme.toml` still has pairs to report on, under the defaults.
impl Programme {
    /// Days a pair may go without a meeting before it counts as stalled,
    /// unless its agreement says otherwise (`[meetings] every_days`, 30 by
    /// default).
    pub fn meeting_every_days(programme: Option<&Self>) -> u32 {
        programme
            .and_then(|p| p.meetings.as_ref())
            .and_then(|m| m.every_days)
            .unwrap_or(30)
    }

    /// Days a proposal may wait to be accepted before the report chases it
    /// (`[matching] accept_within_days`, 14 by default).
    pub fn accept_within_days(programme: Option<&Self>) -> u32 {
        programme
            .and_then(|p| p.matching.as_ref())
            .and_then(|m| m.accept_within_days)
            .unwrap_or(14)
    }

    /// `[matching] mode`, `optimal` when unset.
    pub fn matching_mode(programme: Option<&Self>) -> MatchingMode {
        programme
            .and_then(|p| p.matching.as_ref())
            .and_then(|m| m.mode)
            .unwrap_or(MatchingMode::Optimal)
    }

    /// The lowest score `mentor match` proposes without `--allow-weak`
    /// (`[matching] min_score`, [`DEFAULT_MIN_SCORE`] by default; a value
    /// over 100, which validate reports, is read as 100).
    pub fn min_score(programme: Option<&Self>) -> u8 {
        Self::score_points(programme, |m| m.min_score, DEFAULT_MIN_SCORE)
    }

    /// A `[matching]` setting in points of the match score (0-100): the
    /// default when unset, 100 when over it.
    fn score_points(
        programme: Option<&Self>,
        setting: fn(&MatchingRules) -> Option<u32>,
        default: u8,
    ) -> u8 {
        programme
            .and_then(|p| p.matching.as_ref())
            .and_then(setting)
            .map_or(default, |n| u8::try_from(n.min(100)).unwrap_or(100))
    }

    /// Points added to a carried-over mentee's candidates in an intake's
    /// match (`[matching] carry_over`, [`DEFAULT_CARRY_OVER`] by default; a
    /// value over 100, which validate reports, is read as 100).
    pub fn carry_over(programme: Option<&Self>) -> u8 {
        Self::score_points(programme, |m| m.carry_over, DEFAULT_CARRY_OVER)
    }

    /// The intake `id` names, by position.
    pub fn intake_index(&self, id: &str) -> Option<usize> {
        self.intakes.iter().position(|i| i.id == id)
    }

    /// Minutes a month one pair takes of its mentor's time: `[pairs]
    /// hours_per_month`, else one hour-long meeting every `[meetings]
    /// every_days` (a month counted as 30 days), at least one minute so
    /// it can divide.
    pub fn pair_minutes_per_month(programme: Option<&Self>) -> u32 {
        let set = programme
            .and_then(|p| p.pairs.as_ref())
            .and_then(|p| p.hours_per_month);
        let minutes = match set {
            Some(hours) => hours.saturating_mul(60),
            None => 30 * 60 / Self::meeting_every_days(programme).max(1),
        };
        minutes.max(1)
    }

    /// Whether this is group mentoring (`kind = "group"`): every pair
    /// folder may list `mentees`, and `mentor match` forms groups.
    pub fn is_group(&self) -> bool {
        self.kind == Some(ProgrammeKind::Group)
    }

    /// Most mentees in one of `mentor`'s groups: their own `group_size`,
    /// else `[pairs] group_size`, else [`DEFAULT_GROUP_SIZE`]; at least 1.
    pub fn group_size(programme: Option<&Self>, mentor: Option<&crate::model::Person>) -> u32 {
        let programme_size = programme
            .and_then(|p| p.pairs.as_ref())
            .and_then(|p| p.group_size);
        mentor
            .and_then(|m| m.group_size)
            .or(programme_size)
            .unwrap_or(DEFAULT_GROUP_SIZE)
            .max(1)
    }

    /// Mentees per mentor when the person sets no `capacity`
    /// (`[mentors] capacity`, 1 by default).
    pub fn default_capacity(programme: Option<&Self>) -> u32 {
        programme
            .and_then(|p| p.mentors.as_ref())
            .and_then(|m| m.capacity)
            .unwrap_or(1)
    }
}

/// When a starting pair is planned to end, and why on that day.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PlannedEnd {
    /// The pair's last planned day.
    pub date: NaiveDate,
    /// Where the date came from.
    pub from: EndSource,
    /// The later day the pair would have ended on, had the programme's end
    /// not capped it.
    pub capped_from: Option<NaiveDate>,
}

/// Where a pair's planned end came from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EndSource {
    /// The date asked for (`mentor pair start --ends`).
    Asked,
    /// The agreement's `duration_months`.
    Agreement(u32),
    /// The programme's `[pairs] duration_months`.
    Programme(u32),
    /// The programme's end: no duration set anywhere.
    ProgrammeEnd,
}

/// The last day of a term of `months` months that begins on `start`: the
/// day before the same date `months` later (a 10-month pair from 1 October
/// ends on 31 July).
pub fn term_end(start: NaiveDate, months: u32) -> Option<NaiveDate> {
    start
        .checked_add_months(chrono::Months::new(months))?
        .pred_opt()
}

impl Programme {
    /// When a pair starting on `started` is planned to end: the day asked
    /// for, else after the agreement's duration, else after the
    /// programme's `[pairs] duration_months`, else the programme's end;
    /// never after the programme's end. `None` only when a term overflows
    /// the calendar.
    pub fn planned_end(
        &self,
        started: NaiveDate,
        agreed_months: Option<u32>,
        asked: Option<NaiveDate>,
    ) -> Option<PlannedEnd> {
        let default_months = self.pairs.as_ref().and_then(|p| p.duration_months);
        let (wanted, from) = match (asked, agreed_months, default_months) {
            (Some(day), _, _) => (day, EndSource::Asked),
            (None, Some(months), _) => (term_end(started, months)?, EndSource::Agreement(months)),
            (None, None, Some(months)) => {
                (term_end(started, months)?, EndSource::Programme(months))
            }
            (None, None, None) => (self.end, EndSource::ProgrammeEnd),
        };
        Some(PlannedEnd {
            date: wanted.min(self.end),
            from,
            capped_from: (wanted > self.end).then_some(wanted),
        })
    }

    /// The fewest meetings a pair should hold over its term, if the programme sets one.
    pub fn min_meetings(&self) -> Option<u32> {
        self.meetings.as_ref().and_then(|m| m.min_meetings)
    }

    /// Whether mentors must be trained before their first pair starts.
    pub fn training_required(&self) -> bool {
        self.mentors
            .as_ref()
            .and_then(|m| m.training_required)
            .unwrap_or(false)
    }

    /// Whether a mentee needs their supervisor's written approval.
    pub fn supervisor_approval_required(&self) -> bool {
        self.mentees
            .as_ref()
            .and_then(|m| m.supervisor_approval)
            .unwrap_or(false)
    }

    /// The staff groups that may take part as mentees; empty means everyone.
    pub fn eligible_groups(&self) -> &[String] {
        self.mentees.as_ref().map_or(&[], |m| m.eligible.as_slice())
    }

    /// The assessment scale's labels (level 1 is the first).
    pub fn assessment_scale(&self) -> &[String] {
        self.assessment.as_ref().map_or(&[], |a| a.scale.as_slice())
    }

    /// The smallest group a published breakdown cell may describe
    /// (`[privacy] min_group`, 5 when unset; never under 1).
    pub fn min_group(&self) -> usize {
        self.privacy
            .as_ref()
            .and_then(|p| p.min_group)
            .map_or(DEFAULT_MIN_GROUP, |k| k.max(1) as usize)
    }

    /// Whether private fields must be sealed.
    pub fn seals(&self) -> bool {
        self.sealing_decision().unwrap_or(false)
    }

    /// What the programme decided about sealing (`[privacy] seal`), if it
    /// decided: `Some(false)` keeps private values in plaintext by choice.
    pub fn sealing_decision(&self) -> Option<bool> {
        self.privacy.as_ref().and_then(|p| p.seal)
    }

    /// Whether subject access exports name the other member of each pair.
    pub fn names_partners(&self) -> bool {
        self.privacy
            .as_ref()
            .and_then(|p| p.name_partners)
            .unwrap_or(true)
    }

    /// How many months records are kept after a person's last involvement.
    pub fn retain_months(&self) -> Option<u32> {
        self.privacy.as_ref().and_then(|p| p.retain_months)
    }

    /// Whether `id` is the pseudonym of an erased person.
    pub fn is_erased(&self, id: &str) -> bool {
        self.privacy
            .as_ref()
            .is_some_and(|p| p.erased.iter().any(|e| e.pseudonym == id))
    }

    /// The coordinators' public keys, as written.
    pub fn coordinator_keys(&self) -> &[String] {
        self.coordinator.as_ref().map_or(&[], |c| c.keys.as_slice())
    }

    /// Whether this is peer mentoring: only people with role `both` are matched.
    pub fn is_peer(&self) -> bool {
        self.kind == Some(ProgrammeKind::Peer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn target(value: f64, direction: TargetDirection) -> Target {
        Target { value, direction }
    }

    #[test]
    fn a_ceiling_is_met_at_or_under_it_and_a_floor_at_or_over_it() {
        let ceiling = target(20.0, TargetDirection::AtMost);
        assert_eq!(ceiling.judge(Some(15.38)), Verdict::Met);
        assert_eq!(ceiling.judge(Some(20.0)), Verdict::Met);
        assert_eq!(ceiling.judge(Some(20.01)), Verdict::NotMet);
        let floor = target(70.0, TargetDirection::AtLeast);
        assert_eq!(floor.judge(Some(70.0)), Verdict::Met);
        assert_eq!(floor.judge(Some(15.38)), Verdict::NotMet);
    }

    #[test]
    fn nothing_to_measure_is_neither_met_nor_missed() {
        for direction in [TargetDirection::AtLeast, TargetDirection::AtMost] {
            assert_eq!(
                target(1.0, direction).judge(None),
                Verdict::NotMeasurableYet
            );
            assert_eq!(
                target(1.0, direction).judge(Some(f64::NAN)),
                Verdict::NotMeasurableYet
            );
        }
    }

    fn day(text: &str) -> NaiveDate {
        crate::decode::parse_date(text).unwrap()
    }

    #[test]
    fn a_planned_end_comes_from_the_first_that_says_and_never_passes_the_programme() {
        let text =
            "name = \"P\"\nstart = 2026-01-01\nend = 2026-12-31\n[pairs]\nduration_months = 6\n";
        let programme: Programme = crate::decode::decoded(text, true);
        let start = day("2026-03-18");
        let end = |agreed, asked| programme.planned_end(start, agreed, asked).unwrap();
        assert_eq!(end(None, None).date, day("2026-09-17"));
        assert_eq!(end(None, None).from, EndSource::Programme(6));
        assert_eq!(end(Some(3), None).date, day("2026-06-17"));
        assert_eq!(end(Some(3), Some(day("2026-05-01"))).from, EndSource::Asked);
        let capped = end(Some(12), None);
        assert_eq!(capped.date, day("2026-12-31"));
        assert_eq!(capped.capped_from, Some(day("2027-03-17")));
        assert_eq!(term_end(day("2025-10-01"), 10), Some(day("2026-07-31")));
        let mut open_ended = programme.clone();
        open_ended.pairs = None;
        let whole = open_ended.planned_end(start, None, None).unwrap();
        assert_eq!(
            (whole.date, whole.from),
            (day("2026-12-31"), EndSource::ProgrammeEnd)
        );
    }

    #[test]
    fn a_bare_target_is_a_floor() {
        let outcome = ExpectedOutcome {
            text: "Most goals achieved".into(),
            indicator: Some("goal_achievement_rate".into()),
            target: Some(70.0),
            direction: None,
            at: Spans::default(),
        };
        assert_eq!(
            outcome.target(),
            Some(target(70.0, TargetDirection::AtLeast))
        );
        assert_eq!(outcome.target().unwrap().words(), "at least 70");
        assert_eq!(target(2.5, TargetDirection::AtMost).words(), "at most 2.5");
    }
}
