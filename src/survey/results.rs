//! What a survey's answers add up to: per question the number of answers,
//! their distribution and (for scales and numbers) the mean; per occasion
//! the response rate. Free text is counted, never quoted.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{QuestionKind, Survey};
use crate::workspace::Workspace;

use super::{answered, asked_of, occasions};

/// How many of those asked at one moment answered.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OccasionRate {
    /// The moment (`day 30`, `mid-point`, ...): the same across pairs.
    pub label: String,
    pub asked: usize,
    pub answered: usize,
}

impl OccasionRate {
    /// Answered over asked, from 0 to 1.
    pub fn rate(&self) -> Option<f64> {
        (self.asked > 0).then(|| self.answered as f64 / self.asked as f64)
    }
}

/// One question's answers.
#[derive(Clone, Debug, PartialEq)]
pub struct QuestionResult {
    pub id: String,
    pub text: String,
    pub kind: QuestionKind,
    /// Answers counted (readable, or opened with an identity).
    pub n: usize,
    /// Answers still sealed: given, but not counted here.
    pub sealed: usize,
    /// How many chose each point or option, in the question's order (none
    /// for numbers and free text).
    pub distribution: Vec<(String, usize)>,
    /// The mean, for scales and numbers.
    pub mean: Option<f64>,
}

/// A survey's results.
#[derive(Clone, Debug, PartialEq)]
pub struct SurveyResults {
    pub rates: Vec<OccasionRate>,
    pub questions: Vec<QuestionResult>,
}

/// The results of `survey` as of `today`.
pub fn results(ws: &Workspace, survey: &Survey, today: NaiveDate) -> SurveyResults {
    SurveyResults {
        rates: rates(ws, survey, today),
        questions: survey
            .questions
            .iter()
            .map(|q| question_result(ws, survey, q))
            .collect(),
    }
}

/// Response rates per moment, in the order the moments first come.
fn rates(ws: &Workspace, survey: &Survey, today: NaiveDate) -> Vec<OccasionRate> {
    let Some(programme) = &ws.programme else {
        return Vec::new();
    };
    let mut by_label: BTreeMap<(NaiveDate, String), (usize, usize)> = BTreeMap::new();
    let mut first_seen: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for entry in &ws.pairs {
        for occasion in occasions(survey, &entry.pair, programme, today) {
            let first = *first_seen
                .entry(occasion.label.clone())
                .or_insert(occasion.date);
            let counts = by_label.entry((first, occasion.label.clone())).or_default();
            for person in asked_of(survey, &entry.pair) {
                counts.0 += 1;
                if answered(&entry.survey_answers, &survey.id, occasion.date, person) {
                    counts.1 += 1;
                }
            }
        }
    }
    // People asked in their own place (in no pair then) count in the same moment.
    for occasion in super::programme_occasions(survey, programme, today) {
        let first = *first_seen
            .entry(occasion.label.clone())
            .or_insert(occasion.date);
        let counts = by_label.entry((first, occasion.label.clone())).or_default();
        for person in super::asked_alone(ws, survey, occasion.date) {
            counts.0 += 1;
            if answered(ws.own_answers(person), &survey.id, occasion.date, person) {
                counts.1 += 1;
            }
        }
    }
    // One moment's pairs started on different days: it is listed once,
    // where it first came.
    let mut merged: Vec<OccasionRate> = Vec::new();
    let mut order: Vec<((NaiveDate, String), (usize, usize))> = by_label.into_iter().collect();
    order.sort_by_key(|((_, label), _)| first_seen.get(label).copied());
    for ((_, label), (asked, answered)) in order {
        match merged.iter_mut().find(|r| r.label == label) {
            Some(rate) => {
                rate.asked += asked;
                rate.answered += answered;
            }
            None => merged.push(OccasionRate {
                label,
                asked,
                answered,
            }),
        }
    }
    merged
}

fn question_result(
    ws: &Workspace,
    survey: &Survey,
    question: &crate::model::Question,
) -> QuestionResult {
    let mut texts = Vec::new();
    let mut sealed = 0;
    for answer in ws
        .pairs
        .iter()
        .flat_map(|e| &e.survey_answers)
        .chain(ws.person_answers.iter().flat_map(|own| &own.answers))
        .filter(|a| a.survey == survey.id && a.question == question.id)
    {
        match answer.text() {
            Some(text) if question.refuses(text).is_none() => texts.push(text.trim()),
            Some(_) => {}
            None if answer.is_given() => sealed += 1,
            None => {}
        }
    }
    let points: Vec<String> = match question.kind {
        QuestionKind::Scale => {
            let (low, high) = question.range();
            (low..=high).map(|p| p.to_string()).collect()
        }
        QuestionKind::Single | QuestionKind::Multiple => question.options.clone(),
        QuestionKind::Number | QuestionKind::Text => Vec::new(),
    };
    let distribution = points
        .iter()
        .map(|point| {
            let chose = texts
                .iter()
                .filter(|t| t.lines().any(|line| line.trim() == point))
                .count();
            (point.clone(), chose)
        })
        .collect();
    let numbers: Vec<f64> = texts.iter().filter_map(|t| t.parse().ok()).collect();
    let mean = super::feeds::mean(&numbers)
        .filter(|_| matches!(question.kind, QuestionKind::Scale | QuestionKind::Number));
    QuestionResult {
        id: question.id.clone(),
        text: question.text.clone(),
        kind: question.kind,
        n: texts.len(),
        sealed,
        distribution,
        mean,
    }
}
