use chrono::NaiveDate;
use serde_json::{Value as Json, json};

use crate::decode::{Cx, Decode, FieldPath, choice, record};
use crate::diagnostic::{Code, Diagnostic};
use crate::node::{Node, Value};
use crate::source::Span;

record! {
    /// `pairs/<pair-id>/assessment.yaml`: where the mentee stands on the
    /// programme's development areas (its "tick sheet"), at the start and the end.
    pub struct AssessmentFile {
        /// One entry per assessment.
        pub assessments: Vec<Assessment>,
    }
}

record! {
    /// One assessment of the mentee against the programme's competencies.
    pub struct Assessment {
        /// Who rated: the pair's mentor or mentee id.
        pub by: String,
        /// When.
        pub date: NaiveDate,
        /// `baseline` at the start, `review` on the way, `final` at the end.
        pub stage: AssessmentStage,
        /// Competency id -> level on the programme's `[assessment] scale` (1 = its first label).
        pub levels: Option<Levels>,
    }
}

choice! {
    /// When in the pair's life an assessment was made.
    pub enum AssessmentStage {
        Baseline = "baseline",
        Review = "review",
        Final = "final",
    }
}

/// Competency id -> level, in the order written, each with where it was written.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Levels(pub Vec<Level>);

/// One competency's level in an assessment.
#[derive(Clone, Debug, PartialEq)]
pub struct Level {
    /// The competency's id.
    pub competency: String,
    /// The level, 1 for the first label of the programme's scale.
    pub level: u32,
    /// Where the entry was written.
    pub at: Span,
}

impl Levels {
    /// The level given for `competency`, if the assessment rates it.
    pub fn get(&self, competency: &str) -> Option<u32> {
        self.0
            .iter()
            .find(|l| l.competency == competency)
            .map(|l| l.level)
    }
}

impl Decode for Levels {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        if !matches!(node.value, Value::Map(_)) {
            cx.wrong_type(
                node,
                field,
                "a table of competency ids and levels",
                Some("write for example `levels: {budgeting: 2, leadership: 1}`".into()),
            );
            return None;
        }
        let Value::Map(entries) = &mut node.value else {
            return None;
        };
        let mut levels: Vec<Level> = Vec::with_capacity(entries.len());
        for (key, value) in entries.iter_mut() {
            // YAML's `1:` and `"1":` are two keys, but one competency.
            if levels.iter().any(|l| l.competency == key.name) {
                cx.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        cx.span(key.range),
                        format!(
                            "`{field}` gives a level for `{}` twice",
                            crate::text::excerpt(&key.name)
                        ),
                    )
                    .help("keep one level per competency"),
                );
                continue;
            }
            let Some(level) = u32::decode(value, &FieldPath::Field(field, &key.name), cx) else {
                continue;
            };
            levels.push(Level {
                competency: key.name.clone(),
                level,
                at: cx.span(value.range),
            });
        }
        Some(Levels(levels))
    }
    fn schema() -> Json {
        json!({"type": "object", "additionalProperties": {"type": "integer", "minimum": 1}})
    }
}
