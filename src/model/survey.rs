//! Surveys the programme asks at set points (`[[surveys]]` in
//! programme.toml), and the answers pairs give (`pairs/<pair>/surveys.yaml`).
//!
//! Feedback (`feedback.yaml`) stays what it was: one rating and a comment
//! that the satisfaction figures read. A survey is the programme's own set
//! of questions, asked at the moments it names; a question that `feeds` an
//! indicator counts towards it too, so old feedback files and new surveys
//! both keep the figures going.

use chrono::NaiveDate;
use serde_json::{Value as Json, json};

use crate::decode::{Cx, Decode, FieldPath, choice, record};
use crate::node::{Node, Value};

record! {
    /// A survey: its questions, who answers them and when they are asked.
    pub struct Survey {
        /// The survey's id (lower-case words joined by `-`), used in commands and answer files.
        pub id: String,
        /// The survey's title, as participants see it.
        pub title: String,
        /// Who answers: `mentees`, `mentors`, `both` (the default: both members of each pair) or `everyone`; `mentees`, `mentors` and `everyone` also reach people in no pair at the programme's end or on `on_date`.
        pub who: Option<SurveyWho>,
        /// Asked this many days after a pair starts.
        pub after_start_days: Option<u32>,
        /// Asked again every this many days after `after_start_days`, while the pair runs.
        pub every_days: Option<u32>,
        /// Asked at the pair's mid-point (halfway from its start to its planned end).
        pub mid_point: Option<bool>,
        /// Asked when a pair closes (on its closure date).
        pub on_close: Option<bool>,
        /// Asked at the programme's end, of every pair that ran.
        pub programme_end: Option<bool>,
        /// Asked on this date, of every pair running then.
        pub on_date: Option<NaiveDate>,
        /// Days an occasion stays due before it is overdue (default 14).
        pub answer_within_days: Option<u32>,
        /// The questions, in the order they are asked.
        pub questions: Vec<Question>,
    }
}

choice! {
    /// Who a survey asks.
    pub enum SurveyWho {
        /// The mentee of each pair (and, at the programme's end or on `on_date`, mentees in no pair).
        Mentees = "mentees",
        /// The mentor of each pair (and, at the programme's end or on `on_date`, mentors in no pair).
        Mentors = "mentors",
        /// Both members of each pair (nobody in no pair).
        Both = "both",
        /// Everyone: both members of each pair, and, at the programme's end or on `on_date`, people in no pair.
        Everyone = "everyone",
    }
}

record! {
    /// One question of a survey.
    pub struct Question {
        /// The question's id, unique in its survey (`score`, `reason`).
        pub id: String,
        /// The question as asked.
        pub text: String,
        /// `scale`, `single` (one option), `multiple` (any options), `number` or `text`.
        pub kind: QuestionKind,
        /// An answer is required (default false).
        pub required: Option<bool>,
        /// Sealed for the person who answers and the coordinators (default: true for `text` and `scale`, false otherwise).
        pub confidential: Option<bool>,
        /// The programme figure the answer counts towards: `satisfaction` or `match_quality`.
        pub feeds: Option<String>,
        /// The choices of a `single` or `multiple` question.
        pub options: Vec<String>,
        /// The lowest point of a `scale` (default 1).
        pub min: Option<u32>,
        /// The highest point of a `scale` (default 5).
        pub max: Option<u32>,
        /// What the ends of a `scale` mean, lowest first, such as `["poor", "excellent"]`.
        pub labels: Vec<String>,
        /// A `scale` answer below this is an attention item for the coordinator ("check in with the pair").
        pub alert_below: Option<u32>,
    }
}

choice! {
    /// What kind of answer a question takes.
    pub enum QuestionKind {
        /// A point on a scale (`min` to `max`, default 1 to 5).
        Scale = "scale",
        /// One of `options`.
        Single = "single",
        /// Any of `options`.
        Multiple = "multiple",
        /// A number.
        Number = "number",
        /// Free text: never exported.
        Text = "text",
    }
}

impl Survey {
    /// Who the survey asks (`both` unless it says).
    pub fn asks(&self) -> SurveyWho {
        self.who.unwrap_or(SurveyWho::Both)
    }

    /// Days an occasion stays due before it is overdue.
    pub fn answer_within(&self) -> u32 {
        self.answer_within_days.unwrap_or(14)
    }

    /// The question with this id.
    pub fn question(&self, id: &str) -> Option<&Question> {
        self.questions.iter().find(|q| q.id == id)
    }
}

impl Question {
    /// The scale's lowest and highest points.
    pub fn range(&self) -> (u32, u32) {
        (self.min.unwrap_or(1), self.max.unwrap_or(5))
    }

    /// Whether answers are sealed for their author and the coordinators:
    /// free text and ratings are, unless the question says otherwise.
    pub fn is_confidential(&self) -> bool {
        self.confidential.unwrap_or(matches!(
            self.kind,
            QuestionKind::Text | QuestionKind::Scale
        ))
    }

    /// Whether an answer is required.
    pub fn is_required(&self) -> bool {
        self.required.unwrap_or(false)
    }

    /// What is wrong with `answer` for this question, in plain words; `None`
    /// when it is a valid answer.
    pub fn refuses(&self, answer: &str) -> Option<String> {
        let answer = answer.trim();
        match self.kind {
            QuestionKind::Scale => {
                let (low, high) = self.range();
                match answer.parse::<u32>() {
                    Ok(n) if (low..=high).contains(&n) => None,
                    _ => Some(format!(
                        "the answer must be a whole number from {low} to {high}, found `{answer}`"
                    )),
                }
            }
            QuestionKind::Number => answer
                .parse::<f64>()
                .is_err()
                .then(|| format!("the answer must be a number, found `{answer}`")),
            QuestionKind::Single if answer.lines().count() > 1 => {
                Some("the answer must be one option, found several".into())
            }
            QuestionKind::Single | QuestionKind::Multiple => answer
                .lines()
                .map(str::trim)
                .find(|a| !self.options.iter().any(|o| o == a))
                .map(|a| {
                    format!(
                        "`{a}` is not one of the options ({})",
                        self.options.join(", ")
                    )
                }),
            QuestionKind::Text => None,
        }
    }
}

record! {
    /// `pairs/<pair-id>/surveys.yaml`: the pair's survey answers (optional file).
    pub struct SurveyAnswersFile {
        /// One entry per question answered.
        pub answers: Vec<SurveyAnswer>,
    }
}

record! {
    /// One person's answer to one question of a survey occasion.
    pub struct SurveyAnswer {
        /// The survey's id in programme.toml.
        pub survey: String,
        /// The day the survey fell due (`mentor survey status` names it).
        pub occasion: NaiveDate,
        /// Who answered: the pair's mentor or mentee id.
        pub by: String,
        /// When they answered.
        pub date: NaiveDate,
        /// The question's id in the survey.
        pub question: String,
        /// The answer, readable by everyone with the repository (a question that is not confidential).
        pub answer: Option<AnswerText>,
        /// The answer to a confidential question: sealed for its author and the coordinators.
        pub private_answer: Option<AnswerText>,
    }
}

impl SurveyAnswer {
    /// The answer as text, readable or opened; `None` while sealed.
    pub fn text(&self) -> Option<&str> {
        self.answer
            .as_ref()
            .or(self.private_answer.as_ref())
            .map(|a| a.0.as_str())
    }

    /// Whether the answer is there, even if sealed.
    pub fn is_given(&self) -> bool {
        self.text().is_some()
            || self
                .at
                .sealed(SurveyAnswer::PRIVATE_ANSWER.name())
                .is_some()
    }
}

/// An answer as text: a number, an option, free text, or the options of a
/// `multiple` question one per line (a list in the file).
#[derive(Clone, Debug, PartialEq)]
pub struct AnswerText(pub String);

impl Decode for AnswerText {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        match &mut node.value {
            Value::Int(i) => Some(AnswerText(i.to_string())),
            Value::Float(x) => Some(AnswerText(x.to_string())),
            Value::Str(s) => Some(AnswerText(std::mem::take(s))),
            Value::Seq(items) => {
                let mut lines = Vec::new();
                for item in items.iter_mut() {
                    lines.push(String::decode(item, field, cx)?);
                }
                Some(AnswerText(lines.join("\n")))
            }
            _ => {
                cx.wrong_type(node, field, "a number, text, or a list of options", None);
                None
            }
        }
    }

    fn schema() -> Json {
        json!({"oneOf": [
            {"type": "number"},
            {"type": "string"},
            {"type": "array", "items": {"type": "string"}},
        ]})
    }
}
