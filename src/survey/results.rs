//! What a survey's answers add up to: per question the number of answers,
//! their distribution and (for scales and numbers) the mean; per occasion
//! the response rate. Free text is counted, never quoted.

use std::collections::BTreeMap;

use chrono::NaiveDate;

use crate::model::{QuestionKind, Survey, SurveyAnswer};
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
        questions: {
            let counted = counted(ws, survey, today);
            survey
                .questions
                .iter()
                .map(|q| question_result(&counted, q))
                .collect()
        },
    }
}

/// One moment a survey asked people in one place: a pair's occasion (its
/// members asked there), or a programme occasion for one person in no pair
/// (their own file).
struct Asking<'w> {
    date: NaiveDate,
    label: String,
    people: Vec<&'w str>,
    answers: &'w [SurveyAnswer],
}

/// Every moment `survey` asked someone up to `today`, place by place.
fn askings<'w>(ws: &'w Workspace, survey: &Survey, today: NaiveDate) -> Vec<Asking<'w>> {
    let Some(programme) = &ws.programme else {
        return Vec::new();
    };
    let mut out = Vec::new();
    for entry in &ws.pairs {
        for occasion in occasions(survey, &entry.pair, programme, today) {
            out.push(Asking {
                date: occasion.date,
                label: occasion.label,
                people: asked_of(survey, &entry.pair),
                answers: &entry.survey_answers,
            });
        }
    }
    // People asked in their own place (in no pair then) count in the same moment.
    // A moment that asks nobody alone is still listed, as asking none.
    for occasion in super::programme_occasions(survey, programme, today) {
        let alone = super::asked_alone(ws, survey, occasion.date);
        if alone.is_empty() {
            out.push(Asking {
                date: occasion.date,
                label: occasion.label.clone(),
                people: Vec::new(),
                answers: &[],
            });
        }
        for person in alone {
            out.push(Asking {
                date: occasion.date,
                label: occasion.label.clone(),
                people: vec![person],
                answers: ws.own_answers(person),
            });
        }
    }
    out
}

/// The answers that count: at each moment, the last answer to each question
/// by each person asked there, the people the response rates count. An
/// answer repeated in a file, one by an id the survey does not ask there
/// (a file planted for someone unknown, a pair member answering alone as
/// well) counts once or not at all, so nobody can weigh the results.
fn counted<'w>(ws: &'w Workspace, survey: &Survey, today: NaiveDate) -> Vec<&'w SurveyAnswer> {
    let mut out = Vec::new();
    for asking in askings(ws, survey, today) {
        let mut last: BTreeMap<(&str, &str), &SurveyAnswer> = BTreeMap::new();
        for answer in asking.answers.iter().filter(|a| {
            a.survey == survey.id
                && a.occasion == asking.date
                && asking.people.contains(&a.by.as_str())
        }) {
            last.insert((answer.by.as_str(), answer.question.as_str()), answer);
        }
        out.extend(last.into_values());
    }
    out
}

/// Response rates per moment, in the order the moments first come.
fn rates(ws: &Workspace, survey: &Survey, today: NaiveDate) -> Vec<OccasionRate> {
    let mut by_label: BTreeMap<(NaiveDate, String), (usize, usize)> = BTreeMap::new();
    let mut first_seen: BTreeMap<String, NaiveDate> = BTreeMap::new();
    for asking in askings(ws, survey, today) {
        let first = *first_seen
            .entry(asking.label.clone())
            .or_insert(asking.date);
        let counts = by_label.entry((first, asking.label)).or_default();
        for person in asking.people {
            counts.0 += 1;
            if answered(asking.answers, &survey.id, asking.date, person) {
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

fn question_result(counted: &[&SurveyAnswer], question: &crate::model::Question) -> QuestionResult {
    let mut texts = Vec::new();
    let mut sealed = 0;
    for answer in counted.iter().filter(|a| a.question == question.id) {
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
