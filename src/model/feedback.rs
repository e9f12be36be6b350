use chrono::NaiveDate;
use serde_json::{Value as Json, json};

use crate::decode::{Cx, Decode, FieldPath, choice, record};
use crate::diagnostic::{Code, Diagnostic};
use crate::node::Node;

record! {
    /// `pairs/<pair-id>/feedback.yaml`: evaluations (optional file).
    pub struct FeedbackFile {
        /// One entry per evaluation.
        pub feedback: Vec<Feedback>,
    }
}

record! {
    /// An evaluation by the mentor or the mentee.
    pub struct Feedback {
        /// Who wrote it: the pair's mentor or mentee id.
        pub by: String,
        /// When.
        pub date: NaiveDate,
        /// Overall satisfaction, 1 (poor) to 5 (excellent); required, sealed or not.
        pub satisfaction: Option<Satisfaction>,
        /// Free comment; never exported.
        pub comment: Option<String>,
        /// `mid` for the mid-point review, `final` at the end, `other` otherwise.
        pub stage: Option<FeedbackStage>,
    }
}

choice! {
    /// When in the pair's life feedback was given.
    pub enum FeedbackStage {
        Mid = "mid",
        Final = "final",
        Other = "other",
    }
}

/// A satisfaction rating from 1 to 5.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct Satisfaction(pub u8);

impl Decode for Satisfaction {
    fn decode(node: &mut Node, field: &FieldPath, cx: &mut Cx) -> Option<Self> {
        let n = u32::decode(node, field, cx)?;
        match u8::try_from(n) {
            Ok(n @ 1..=5) => Some(Satisfaction(n)),
            _ => {
                cx.report(
                    Diagnostic::new(
                        Code::InvalidValue,
                        cx.span(node.range),
                        format!("`{field}` must be from 1 to 5, found {n}"),
                    )
                    .help("rate 1 (poor) to 5 (excellent)"),
                );
                None
            }
        }
    }
    fn schema() -> Json {
        json!({"type": "integer", "minimum": 1, "maximum": 5})
    }
}
